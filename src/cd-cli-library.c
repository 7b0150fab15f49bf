/* cd-cli-library.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <json-glib/json-glib.h>

#include "cd-cli-private.h"
#include "cd-import.h"
#include "cd-library.h"
#include "cd-ninjs.h"
#include "cd-photo-metadata.h"
#include "cd-status.h"

/* The library's headless commands: import, photo add, export, list, show
 * and search. Results go to stdout, errors to stderr with a non-zero exit
 * status. None of them needs a display.
 */

static char *library_path;

static const GOptionEntry library_entries[] = {
  { "library", 0, 0, G_OPTION_ARG_FILENAME, &library_path,
    N_("Use the library at PATH instead of the default one"),
    /* Translators: the placeholder for a file name in --help */
    N_("PATH") },
  { NULL }
};

/**
 * _cd_cli_new_context:
 * @parameters: what follows the options, e.g. "FILE…"
 * @summary: what the command does
 *
 * Returns: (transfer full): an option context that knows --library
 */
GOptionContext *
_cd_cli_new_context (const char *parameters,
                     const char *summary)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, library_entries, GETTEXT_PACKAGE);

  return context;
}

/**
 * _cd_cli_open_library:
 * @command: the command's name, for messages
 *
 * Opens the library named by --library, or the default one.
 *
 * Returns: (transfer full) (nullable): the library, or %NULL after
 *   printing why not
 */
CdLibrary *
_cd_cli_open_library (const char *command)
{
  g_autoptr(GError) error = NULL;
  CdLibrary *library;

  library = cd_library_open (library_path, &error);
  if (library == NULL)
    _cd_cli_print_error (command, error);

  return library;
}

/**
 * _cd_cli_close_library:
 * @command: the command's name, for messages
 * @library: the library
 *
 * Writes whatever is pending.
 *
 * Returns: %TRUE if everything is on disk
 */
gboolean
_cd_cli_close_library (const char *command,
                       CdLibrary  *library)
{
  g_autoptr(GError) error = NULL;

  if (!cd_library_flush (library, &error))
    {
      _cd_cli_print_error (command, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * _cd_cli_load_story:
 * @command: the command's name, for messages
 * @library: the library
 * @id: a story's id as the user typed it
 *
 * Returns: (transfer full) (nullable): the story, or %NULL after printing
 *   why not
 */
CdStory *
_cd_cli_load_story (const char *command,
                    CdLibrary  *library,
                    const char *id)
{
  g_autoptr(GError) error = NULL;
  CdStory *story;

  story = cd_library_load_story (library, id, &error);
  if (story == NULL)
    _cd_cli_print_error (command, error);

  return story;
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          GDateTime   *when)
{
  json_builder_set_member_name (builder, name);
  if (when != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (when);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
build_summary (JsonBuilder    *builder,
               CdStorySummary *summary)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", cd_story_summary_get_id (summary));
  add_string (builder, "headline", cd_story_summary_get_headline (summary));
  add_string (builder, "byline", cd_story_summary_get_byline (summary));
  add_string (builder, "status", cd_status_to_string (cd_story_summary_get_status (summary)));
  add_time (builder, "updated", cd_story_summary_get_updated (summary));
  add_time (builder, "first_published", cd_story_summary_get_first_published (summary));
  add_string (builder, "last_error", cd_story_summary_get_last_error (summary));
  json_builder_end_object (builder);
}

static void
print_summary_line (CdStorySummary *summary)
{
  const char *headline = cd_story_summary_get_headline (summary);

  g_print ("%s  %-9s  %s\n",
           cd_story_summary_get_id (summary),
           cd_status_to_string (cd_story_summary_get_status (summary)),
           headline && *headline ? headline : _("(no headline)"));
}

static void
print_summaries (GListModel *model,
                 gboolean    json)
{
  guint n = g_list_model_get_n_items (model);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, i);
          build_summary (builder, summary);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, i);
      print_summary_line (summary);
    }
}

static int
cli_import (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean failed = FALSE;

  context = _cd_cli_new_context (_("FILE…"),
                                 _("Import ninjs (JSON) or Markdown files as new drafts and "
                                   "print their ids."));
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      g_printerr ("%s\n", _("copydesk import: name at least one file"));
      return 2;
    }

  /* Read every file first: one bad file and the library stays untouched. */
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GError) error = NULL;
      CdStory *story = cd_import_file (file, &error);

      if (story == NULL)
        {
          _cd_cli_print_error ("import", error);
          failed = TRUE;
          continue;
        }
      g_ptr_array_add (stories, story);
    }
  if (failed)
    return 1;

  if (!(library = _cd_cli_open_library ("import")))
    return 1;

  for (guint i = 0; i < stories->len; i++)
    {
      g_autoptr(GError) error = NULL;
      CdStory *story = g_ptr_array_index (stories, i);

      if (!cd_library_adopt_story (library, story, &error))
        {
          _cd_cli_print_error ("import", error);
          return 1;
        }
      g_print ("%s\n", cd_story_get_id (story));
    }

  return _cd_cli_close_library ("import", library) ? 0 : 1;
}

static int
cli_photo_add (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(CdPhotoMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *credit = NULL;
  g_autofree char *alt = NULL;
  CdPhoto *photo;
  const GOptionEntry entries[] = {
    { "caption", 0, 0, G_OPTION_ARG_STRING, &caption, N_("The photo’s caption"), N_("TEXT") },
    /* Translators: a photo credit, e.g. "Jessica McGowan/Getty Images" */
    { "credit", 0, 0, G_OPTION_ARG_STRING, &credit, N_("The photo’s credit"), N_("TEXT") },
    { "alt", 0, 0, G_OPTION_ARG_STRING, &alt, N_("The photo’s alt text, for screen readers"),
      N_("TEXT") },
    { NULL }
  };

  context = _cd_cli_new_context (_("add STORY FILE"),
                                 _("Add a photo to a story. What the photo’s own IPTC or XMP "
                                   "metadata says fills in any text not given."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc != 4 || !g_str_equal (argv[1], "add"))
    {
      g_printerr ("%s\n", _("Usage: copydesk photo add STORY FILE [--caption TEXT] "
                            "[--credit TEXT] [--alt TEXT]"));
      return 2;
    }

  if (!(library = _cd_cli_open_library ("photo")))
    return 1;
  if (!(story = _cd_cli_load_story ("photo", library, argv[2])))
    return 1;

  file = g_file_new_for_commandline_arg (argv[3]);
  photo = cd_library_import_photo_file (library, story, file, &error);
  if (photo == NULL)
    {
      _cd_cli_print_error ("photo", error);
      return 1;
    }

  if (caption != NULL)
    cd_photo_set_caption (photo, caption);
  if (credit != NULL)
    cd_photo_set_credit (photo, credit);
  if (alt != NULL)
    cd_photo_set_alt_text (photo, alt);

  /* Metadata only fills what the options left empty; a photo without any
   * is fine. */
  metadata = cd_photo_metadata_read (cd_photo_get_file_path (photo), NULL);
  if (metadata != NULL)
    cd_photo_metadata_apply (metadata, photo, TRUE);

  if (!cd_library_save_story (library, story, &error))
    {
      _cd_cli_print_error ("photo", error);
      return 1;
    }

  g_print ("%s\n", cd_photo_get_id (photo));
  return _cd_cli_close_library ("photo", library) ? 0 : 1;
}

static gboolean
export_story (CdStory     *story,
              const char  *dir,
              GError     **error)
{
  g_autofree char *json = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  json = cd_ninjs_export (story, error);
  if (json == NULL)
    return FALSE;

  name = g_strdup_printf ("%s.json", cd_story_get_id (story));
  path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents_full (path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;

  g_print ("%s\n", path);
  return TRUE;
}

static int
cli_export (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *ninjs_dir = NULL;
  int status = 0;
  const GOptionEntry entries[] = {
    { "ninjs", 0, 0, G_OPTION_ARG_FILENAME, &ninjs_dir,
      N_("Write each story as a ninjs 2.2 JSON file into DIR"), N_("DIR") },
    { NULL }
  };

  context = _cd_cli_new_context (_("--ninjs DIR [STORY…]"),
                                 _("Export stories, or every story, as IPTC ninjs files."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (ninjs_dir == NULL)
    {
      g_printerr ("%s\n", _("copydesk export: say where with --ninjs DIR"));
      return 2;
    }
  if (g_mkdir_with_parents (ninjs_dir, 0755) != 0)
    {
      int saved_errno = errno;

      /* Translators: the first placeholder is a folder name */
      g_printerr (_("copydesk export: could not create “%1$s”: %2$s\n"),
                  ninjs_dir, g_strerror (saved_errno));
      return 1;
    }

  if (!(library = _cd_cli_open_library ("export")))
    return 1;

  ids = g_ptr_array_new_with_free_func (g_free);
  if (argc >= 2)
    {
      for (int i = 1; i < argc; i++)
        g_ptr_array_add (ids, g_strdup (argv[i]));
    }
  else
    {
      GListModel *all = cd_library_get_stories (library);
      guint n = g_list_model_get_n_items (all);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CdStorySummary) summary = g_list_model_get_item (all, i);
          g_ptr_array_add (ids, g_strdup (cd_story_summary_get_id (summary)));
        }
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CdStory) story = _cd_cli_load_story ("export", library, ids->pdata[i]);
      g_autoptr(GError) error = NULL;

      if (story == NULL)
        status = 1;
      else if (!export_story (story, ninjs_dir, &error))
        {
          _cd_cli_print_error ("export", error);
          status = 1;
        }
    }

  return status;
}

static int
cli_list (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autofree char *status_name = NULL;
  gboolean json = FALSE;
  CdStatus status;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_name,
      N_("Only stories with this status: draft, ready, queued, pushing, published, failed, "
         "conflict or archived"), N_("STATUS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = _cd_cli_new_context (NULL, _("List the library’s stories, newest first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      g_printerr ("%s\n", _("copydesk list: takes no arguments"));
      return 2;
    }
  if (status_name != NULL && !cd_status_from_string (status_name, &status))
    {
      /* Translators: the placeholder is what the user typed after --status */
      g_printerr (_("copydesk list: “%s” is not a status\n"), status_name);
      return 2;
    }

  if (!(library = _cd_cli_open_library ("list")))
    return 1;

  print_summaries (status_name != NULL
                   ? cd_library_get_stories_by_status (library, status)
                   : cd_library_get_stories (library),
                   json);
  return 0;
}

static void
build_story (JsonBuilder *builder,
             CdStory     *story)
{
  GListModel *photos = cd_story_get_photos (story);
  GPtrArray *links = cd_story_get_related_links (story);
  GPtrArray *remotes = cd_story_get_remotes (story);
  const char * const *tags = cd_story_get_tags (story);

  json_builder_begin_object (builder);
  add_string (builder, "id", cd_story_get_id (story));
  add_string (builder, "status", cd_status_to_string (cd_story_get_status (story)));
  add_string (builder, "headline", cd_story_get_headline (story));
  add_string (builder, "dek", cd_story_get_dek (story));
  add_string (builder, "byline", cd_story_get_byline (story));
  add_string (builder, "dateline", cd_story_get_dateline (story));
  add_string (builder, "slug", cd_story_get_effective_slug (story));
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  add_string (builder, "source_text", cd_story_get_source_text (story));
  add_string (builder, "source_url", cd_story_get_source_url (story));
  json_builder_set_member_name (builder, "related_links");
  json_builder_begin_array (builder);
  for (guint i = 0; links != NULL && i < links->len; i++)
    {
      CdLink *link = g_ptr_array_index (links, i);

      json_builder_begin_object (builder);
      add_string (builder, "title", link->title);
      add_string (builder, "url", link->url);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_time (builder, "created", cd_story_get_created (story));
  add_time (builder, "updated", cd_story_get_updated (story));
  add_time (builder, "first_published", cd_story_get_first_published (story));
  add_time (builder, "last_pushed", cd_story_get_last_pushed (story));
  add_string (builder, "body", cd_story_get_body (story));
  json_builder_set_member_name (builder, "photos");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (photos); i++)
    {
      g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", cd_photo_get_id (photo));
      add_string (builder, "file", cd_photo_get_file_path (photo));
      add_string (builder, "caption", cd_photo_get_caption (photo));
      add_string (builder, "credit", cd_photo_get_credit (photo));
      add_string (builder, "alt_text", cd_photo_get_alt_text (photo));
      add_string (builder, "creator", cd_photo_get_creator (photo));
      add_string (builder, "source", cd_photo_get_source (photo));
      add_string (builder, "copyright", cd_photo_get_copyright (photo));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "remotes");
  json_builder_begin_array (builder);
  for (guint i = 0; remotes != NULL && i < remotes->len; i++)
    {
      CdRemote *remote = g_ptr_array_index (remotes, i);

      json_builder_begin_object (builder);
      add_string (builder, "account", remote->account);
      add_string (builder, "remote_id", remote->remote_id);
      add_string (builder, "link", remote->link);
      add_string (builder, "modified", remote->modified);
      add_string (builder, "last_error", remote->last_error);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* Pads by characters, not bytes, so that translated labels line up too. */
static void
print_field (guint       indent,
             const char *label,
             const char *value)
{
  glong width;

  if (value == NULL || *value == '\0')
    return;

  width = (glong) indent + g_utf8_strlen (label, -1);
  g_print ("%*s%s%*s %s\n", (int) indent, "", label, (int) MAX (12 - width, 0), "", value);
}

static int
cli_show (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(CdStory) story = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = _cd_cli_new_context (_("STORY"), _("Show one story with its photos."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("Usage: copydesk show STORY [--json]"));
      return 2;
    }

  if (!(library = _cd_cli_open_library ("show")))
    return 1;
  if (!(story = _cd_cli_load_story ("show", library, argv[1])))
    return 1;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      build_story (builder, story);
      root = json_builder_get_root (builder);
      print_json (root);
      return 0;
    }

  print_field (0, _("Id"), cd_story_get_id (story));
  print_field (0, _("Status"), cd_status_get_label (cd_story_get_status (story)));
  print_field (0, _("Headline"), cd_story_get_headline (story));
  /* Translators: the dek is the standfirst, the line under the headline */
  print_field (0, _("Dek"), cd_story_get_dek (story));
  print_field (0, _("Byline"), cd_story_get_byline (story));
  /* Translators: the dateline is the place a story was filed from */
  print_field (0, _("Dateline"), cd_story_get_dateline (story));
  /* Translators: the slug is the story's short name in URLs */
  print_field (0, _("Slug"), cd_story_get_effective_slug (story));
  {
    g_autofree char *tags = g_strjoinv (", ", (char **) cd_story_get_tags (story));
    print_field (0, _("Tags"), tags);
  }
  {
    GListModel *photos = cd_story_get_photos (story);
    guint n = g_list_model_get_n_items (photos);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, i);
        /* Translators: the placeholder is the photo's number in the story */
        g_autofree char *label = g_strdup_printf (_("Photo %u"), i + 1);

        print_field (0, label, cd_photo_get_file_path (photo));
        /* Translators: a photo's caption, in "copydesk show" */
        print_field (2, _("Caption"), cd_photo_get_caption (photo));
        /* Translators: a photo's credit (the photographer and agency) */
        print_field (2, _("Credit"), cd_photo_get_credit (photo));
        /* Translators: the text alternative read to people who cannot see the photo */
        print_field (2, _("Alt text"), cd_photo_get_alt_text (photo));
      }
  }
  g_print ("\n%s\n", cd_story_get_body (story));
  return 0;
}

static int
cli_search (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = _cd_cli_new_context (_("QUERY"),
                                 _("Search headlines, deks, bylines, bodies, captions and "
                                   "credits; the best matches come first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      g_printerr ("%s\n", _("Usage: copydesk search QUERY"));
      return 2;
    }

  if (!(library = _cd_cli_open_library ("search")))
    return 1;

  query = g_strjoinv (" ", argv + 1);
  results = cd_library_search (library, query, 100, &error);
  if (results == NULL)
    {
      _cd_cli_print_error ("search", error);
      return 1;
    }

  print_summaries (results, json);
  return 0;
}

const CdCliCommand _cd_cli_library_commands[] = {
  { "import", N_("Import ninjs or Markdown files as new stories"), cli_import },
  { "photo", N_("Add a photo to a story (photo add STORY FILE)"), cli_photo_add },
  { "export", N_("Export stories as ninjs files"), cli_export },
  { "list", N_("List stories"), cli_list },
  { "show", N_("Show a story"), cli_show },
  { "search", N_("Search stories"), cli_search },
  { NULL, NULL, NULL }
};
