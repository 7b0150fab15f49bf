/* cd-local-target.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-local-target"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cd-local-target.h"
#include "cd-ninjs.h"
#include "cd-render.h"

/* Each pushed story is a folder named after its slug (the remote id):
 *
 *   <folder>/<slug>/index.html   the standalone page (cd_render_story_page)
 *   <folder>/<slug>/story.json   the ninjs item (cd_ninjs_export_full)
 *   <folder>/<slug>/N-HASH.ext   the photos, named after their content
 *
 * Every file is written to a temporary file and renamed over the old one,
 * so a crash leaves either the old or the new file, never half of one. The
 * "modified time" of the remote copy is index.html's mtime.
 */
#define PAGE_NAME  "index.html"
#define NINJS_NAME "story.json"
/* ninjs hrefs must be absolute URIs, and the folder is only known in the
 * worker: the export names this stand-in, which the worker replaces.
 */
#define PENDING_HREF "file:///copydesk-pending-folder/"

struct _CdLocalTarget
{
  GObject  parent_instance;

  char    *account;
  GFile   *folder;
};

static void target_iface_init (CdTargetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdLocalTarget, cd_local_target, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CD_TYPE_TARGET, target_iface_init))

enum {
  PROP_0,
  PROP_FOLDER,
  N_PROPS,
  PROP_ACCOUNT = N_PROPS,
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *source;   /* the library's copy */
  char *name;     /* the file name in the story's folder */
  char *photo_id;
  char *hash;
  gboolean unchanged;
} PhotoJob;

typedef struct
{
  GFile     *folder;
  char      *story_uri;
  char      *slug;
  char      *recorded_id;
  char      *recorded_modified;
  gboolean   overwrite;
  GPtrArray *photos;     /* PhotoJob */
  char      *page;
  char      *ninjs;
} PushJob;

typedef struct
{
  GFile    *folder;
  GStrv     ids;
  GStrv     expected;
  gboolean  archived;
  char     *notice;
  gboolean  with_content;
  GDateTime *after;
} FolderJob;

static void
photo_job_free (PhotoJob *job)
{
  g_free (job->source);
  g_free (job->name);
  g_free (job->photo_id);
  g_free (job->hash);
  g_free (job);
}

static void
push_job_free (PushJob *job)
{
  g_clear_object (&job->folder);
  g_free (job->story_uri);
  g_free (job->slug);
  g_free (job->recorded_id);
  g_free (job->recorded_modified);
  g_clear_pointer (&job->photos, g_ptr_array_unref);
  g_free (job->page);
  g_free (job->ninjs);
  g_free (job);
}

static void
folder_job_free (FolderJob *job)
{
  g_clear_object (&job->folder);
  g_strfreev (job->ids);
  g_strfreev (job->expected);
  g_free (job->notice);
  g_clear_pointer (&job->after, g_date_time_unref);
  g_free (job);
}

static gboolean
write_atomic (GFile       *dir,
              const char  *name,
              const char  *data,
              gsize        len,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_get_child (dir, name);
  g_autofree char *path = g_file_get_path (file);

  return g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0644, error);
}

static char *
modified_time (GFile   *dir,
               GError **error)
{
  g_autoptr(GFile) page = g_file_get_child (dir, PAGE_NAME);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) mtime = NULL;
  g_autoptr(GDateTime) utc = NULL;

  info = g_file_query_info (page, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;

  mtime = g_file_info_get_modification_date_time (info);
  utc = g_date_time_to_utc (mtime);

  return g_date_time_format_iso8601 (utc);
}

static gboolean
is_safe_name (const char *name)
{
  return name != NULL && *name != '\0' && *name != '.' && strchr (name, '/') == NULL &&
         strchr (name, '\\') == NULL;
}

static JsonNode *
load_json (GFile   *file,
           GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = g_file_get_path (file);

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return NULL;

  return json_node_ref (json_parser_get_root (parser));
}

static char *
to_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/* Whether the folder holds another story than @story_uri. */
static gboolean
folder_taken (GFile      *dir,
              const char *story_uri)
{
  g_autoptr(GFile) ninjs = g_file_get_child (dir, NINJS_NAME);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  if (!g_file_query_exists (dir, NULL))
    return FALSE;

  root = load_json (ninjs, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;

  object = json_node_get_object (root);

  return g_strcmp0 (json_object_get_string_member_with_default (object, "uri", NULL), story_uri) != 0;
}

static gboolean
genre_is_archive (JsonNode *node)
{
  JsonObject *genre;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  genre = json_node_get_object (node);

  return g_strcmp0 (json_object_get_string_member_with_default (genre, "uri", NULL),
                    CD_LOCAL_TARGET_ARCHIVE_GENRE_URI) == 0;
}

static gboolean
ninjs_is_archived (JsonObject *object)
{
  JsonArray *genres;

  if (!json_object_has_member (object, "genres") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "genres")))
    return FALSE;

  genres = json_object_get_array_member (object, "genres");
  for (guint i = 0; i < json_array_get_length (genres); i++)
    if (genre_is_archive (json_array_get_element (genres, i)))
      return TRUE;

  return FALSE;
}

/* Adds or removes the archive genre; an array it leaves empty goes, so that
 * unarchiving restores the item exactly.
 */
static void
ninjs_set_archived (JsonObject *object,
                    gboolean    archived)
{
  JsonArray *genres;

  if (ninjs_is_archived (object) == archived)
    return;

  if (archived)
    {
      JsonObject *genre = json_object_new ();

      if (!json_object_has_member (object, "genres"))
        json_object_set_array_member (object, "genres", json_array_new ());
      json_object_set_string_member (genre, "name", CD_LOCAL_TARGET_ARCHIVE_GENRE_NAME);
      json_object_set_string_member (genre, "uri", CD_LOCAL_TARGET_ARCHIVE_GENRE_URI);
      json_array_add_object_element (json_object_get_array_member (object, "genres"), genre);
      return;
    }

  genres = json_object_get_array_member (object, "genres");
  for (guint i = json_array_get_length (genres); i > 0; i--)
    if (genre_is_archive (json_array_get_element (genres, i - 1)))
      json_array_remove_element (genres, i - 1);
  if (json_array_get_length (genres) == 0)
    json_object_remove_member (object, "genres");
}

/* The notice goes at the top of the page's body, not before <!DOCTYPE>. */
static char *
page_set_archived (const char *page,
                   gboolean    archived,
                   const char *notice)
{
  const char *body = strstr (page, "<body>\n");
  g_autofree char *head = NULL;
  g_autofree char *rest = NULL;

  if (body == NULL)
    return archived ? cd_render_add_archived_notice (page, notice)
                    : cd_render_remove_archived_notice (page);

  body += strlen ("<body>\n");
  head = g_strndup (page, body - page);
  rest = archived ? cd_render_add_archived_notice (body, notice)
                  : cd_render_remove_archived_notice (body);

  return g_strconcat (head, rest, NULL);
}

static gboolean
page_is_archived (const char *page)
{
  const char *body = strstr (page, "<body>\n");

  return cd_render_has_archived_notice (body != NULL ? body + strlen ("<body>\n") : page);
}

/* Points the renditions at the copies in @dir, and writes the item through
 * our own generator, so that archiving (which rewrites it) and unarchiving
 * give back exactly these bytes.
 */
static char *
finish_ninjs (const char  *exported,
              GFile       *dir,
              GError     **error)
{
  g_autoptr(JsonNode) root = json_from_string (exported, error);
  g_autofree char *dir_uri = NULL;
  JsonArray *associations;

  if (root == NULL)
    return NULL;

  dir_uri = g_file_get_uri (dir);
  if (JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "associations"))
    {
      associations = json_object_get_array_member (json_node_get_object (root), "associations");
      for (guint i = 0; i < json_array_get_length (associations); i++)
        {
          JsonObject *association = json_array_get_object_element (associations, i);
          JsonArray *renditions;

          if (!json_object_has_member (association, "renditions"))
            continue;
          renditions = json_object_get_array_member (association, "renditions");
          for (guint j = 0; j < json_array_get_length (renditions); j++)
            {
              JsonObject *rendition = json_array_get_object_element (renditions, j);
              const char *href = json_object_get_string_member_with_default (rendition, "href", "");

              if (g_str_has_prefix (href, PENDING_HREF))
                {
                  g_autofree char *real = g_strconcat (dir_uri, "/", href + strlen (PENDING_HREF), NULL);

                  json_object_set_string_member (rendition, "href", real);
                }
            }
        }
    }

  return to_json (root);
}

static void
push_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PushJob *job = task_data;
  g_autoptr(CdTargetPushResult) result = cd_target_push_result_new ();
  g_autoptr(GFile) dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *ninjs = NULL;
  GError *error = NULL;

  if (job->recorded_id != NULL)
    {
      if (!is_safe_name (job->recorded_id))
        {
          g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                                   /* Translators: a name in the publishing folder */
                                   _("“%s” is not a folder name"), job->recorded_id);
          return;
        }
      name = g_strdup (job->recorded_id);
      dir = g_file_get_child (job->folder, name);

      if (!job->overwrite && job->recorded_modified != NULL)
        {
          g_autofree char *now = modified_time (dir, NULL);

          if (now == NULL || g_strcmp0 (now, job->recorded_modified) != 0)
            {
              g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_CONFLICT,
                                       now == NULL ? _("The published page was deleted since the last push")
                                                   : _("The published page was changed since the last push"));
              return;
            }
        }
    }
  else
    {
      /* Another story may already have this slug: count up until a free
       * folder, or this story's own from an attempt whose result was lost.
       */
      for (guint n = 1; dir == NULL; n++)
        {
          g_autoptr(GFile) candidate = NULL;

          g_free (name);
          name = n == 1 ? g_strdup (job->slug) : g_strdup_printf ("%s-%u", job->slug, n);
          candidate = g_file_get_child (job->folder, name);
          if (!folder_taken (candidate, job->story_uri))
            dir = g_steal_pointer (&candidate);
        }
    }

  if (!g_file_make_directory_with_parents (dir, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               /* Translators: the placeholder is the system's message */
                               _("Could not make the story’s folder: %s"), error->message);
      g_error_free (error);
      return;
    }
  g_clear_error (&error);

  for (guint i = 0; i < job->photos->len; i++)
    {
      PhotoJob *photo = g_ptr_array_index (job->photos, i);
      g_autoptr(GFile) dest = g_file_get_child (dir, photo->name);
      g_autofree char *contents = NULL;
      gsize len;

      if (!photo->unchanged || !g_file_query_exists (dest, cancellable))
        {
          if (!g_file_get_contents (photo->source, &contents, &len, &error) ||
              !write_atomic (dir, photo->name, contents, len, &error))
            {
              g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                                       /* Translators: the first placeholder is a file name, the second the system's message */
                                       _("Could not copy the photo %1$s: %2$s"),
                                       photo->source, error->message);
              g_error_free (error);
              return;
            }
        }

      g_ptr_array_add (result->media, cd_target_media_new (photo->photo_id, photo->name,
                                                           photo->hash, photo->name));
    }

  ninjs = finish_ninjs (job->ninjs, dir, &error);
  if (ninjs == NULL)
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID, "%s", error->message);
      g_error_free (error);
      return;
    }

  /* The page last: its mtime is the push's modified time. */
  if (!write_atomic (dir, NINJS_NAME, ninjs, strlen (ninjs), &error) ||
      !write_atomic (dir, PAGE_NAME, job->page, strlen (job->page), &error))
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               /* Translators: the placeholder is the system's message */
                               _("Could not write the story: %s"), error->message);
      g_error_free (error);
      return;
    }

  {
    g_autoptr(GFile) page = g_file_get_child (dir, PAGE_NAME);

    result->remote_id = g_steal_pointer (&name);
    result->link = g_file_get_uri (page);
    result->modified = modified_time (dir, NULL);
  }

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) cd_target_push_result_free);
}

static char *
photo_file_name (CdPhoto *photo,
                 guint    index)
{
  const char *original = cd_photo_get_original_name (photo);
  const char *hash = cd_photo_get_content_hash (photo);
  const char *dot = strrchr (*original != '\0' ? original : cd_photo_get_file_path (photo), '.');
  g_autofree char *ext = NULL;
  g_autofree char *short_hash = NULL;

  if (dot != NULL && strlen (dot) <= 6 && strchr (dot, '/') == NULL)
    ext = g_ascii_strdown (dot, -1);
  else
    ext = g_strdup ("");

  short_hash = g_strndup (*hash != '\0' ? hash : cd_photo_get_id (photo), 12);

  return g_strdup_printf ("%u-%s%s", index + 1, short_hash, ext);
}

static char *
photo_href (CdPhoto  *photo,
            gpointer  user_data)
{
  GPtrArray *photos = user_data;

  for (guint i = 0; i < photos->len; i++)
    {
      PhotoJob *job = g_ptr_array_index (photos, i);

      if (g_str_equal (job->photo_id, cd_photo_get_id (photo)))
        return g_uri_escape_string (job->name, NULL, FALSE);
    }

  return NULL;
}

static char *
photo_ninjs_href (CdPhoto  *photo,
                  gpointer  user_data)
{
  g_autofree char *name = photo_href (photo, user_data);

  return name != NULL ? g_strconcat (PENDING_HREF, name, NULL) : NULL;
}

static void
cd_local_target_push_story_async (CdTarget            *target,
                                  CdStory             *story,
                                  CdCreditFormat       format,
                                  CdTargetPushFlags    flags,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  CdLocalTarget *self = CD_LOCAL_TARGET (target);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  const CdRemote *remote;
  GListModel *photos;
  PushJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_local_target_push_story_async);

  job = g_new0 (PushJob, 1);
  job->folder = g_object_ref (self->folder);
  job->story_uri = g_strdup_printf ("urn:copydesk:story:%s", cd_story_get_id (story));
  job->slug = g_strdup (cd_story_get_effective_slug (story));
  if (!is_safe_name (job->slug))
    {
      g_free (job->slug);
      job->slug = g_strdup ("story");
    }
  remote = cd_story_get_remote (story, self->account);
  if (remote != NULL)
    {
      job->recorded_id = g_strdup (remote->remote_id);
      job->recorded_modified = g_strdup (remote->modified);
    }
  job->overwrite = (flags & CD_TARGET_PUSH_OVERWRITE) != 0;
  job->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) photo_job_free);
  g_task_set_task_data (task, job, (GDestroyNotify) push_job_free);

  /* The story is read here, on its own thread; only files are touched in
   * the worker.
   */
  photos = cd_story_get_photos (story);
  for (guint i = 0; i < g_list_model_get_n_items (photos); i++)
    {
      g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, i);
      PhotoJob *photo_job = g_new0 (PhotoJob, 1);

      photo_job->source = g_strdup (cd_photo_get_file_path (photo));
      photo_job->name = photo_file_name (photo, i);
      photo_job->photo_id = g_strdup (cd_photo_get_id (photo));
      photo_job->hash = g_strdup (cd_photo_get_content_hash (photo));
      photo_job->unchanged = g_strcmp0 (cd_photo_get_remote_media_id (photo, self->account), photo_job->name) == 0 &&
                             g_strcmp0 (cd_photo_get_remote_media_hash (photo, self->account), photo_job->hash) == 0;
      g_ptr_array_add (job->photos, photo_job);
    }

  job->page = cd_render_story_page (story, format, photo_href, job->photos);

  job->ninjs = cd_ninjs_export_full (story, photo_ninjs_href, job->photos, &error);
  if (job->ninjs == NULL)
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID, "%s", error->message);
      return;
    }

  g_task_run_in_thread (task, push_thread);
}

static CdTargetPushResult *
cd_local_target_push_story_finish (CdTarget      *target,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, target), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
first_headline (JsonObject *object)
{
  JsonArray *headlines;
  JsonNode *first;

  if (!json_object_has_member (object, "headlines") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "headlines")))
    return "";

  headlines = json_object_get_array_member (object, "headlines");
  if (json_array_get_length (headlines) == 0)
    return "";

  first = json_array_get_element (headlines, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return "";

  return json_object_get_string_member_with_default (json_node_get_object (first), "value", "");
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FolderJob *job = task_data;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_target_item_free);
  g_autoptr(GFileEnumerator) children = NULL;
  GError *error = NULL;

  children = g_file_enumerate_children (job->folder, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, &error);
  if (children == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_error_free (error);
          g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
          return;
        }
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID, "%s", error->message);
      g_error_free (error);
      return;
    }

  for (;;)
    {
      GFileInfo *info;
      GFile *dir;
      g_autoptr(GFile) ninjs = NULL;
      g_autoptr(GFile) page = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *modified = NULL;
      g_autofree char *html = NULL;
      g_autoptr(GStrvBuilder) tags = NULL;
      CdTargetItem *item;
      JsonObject *object;

      if (!g_file_enumerator_iterate (children, &info, &dir, cancellable, &error))
        {
          g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID, "%s", error->message);
          g_error_free (error);
          return;
        }
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY)
        continue;

      ninjs = g_file_get_child (dir, NINJS_NAME);
      page = g_file_get_child (dir, PAGE_NAME);
      root = load_json (ninjs, NULL);
      modified = modified_time (dir, NULL);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) || modified == NULL)
        continue;
      if (!g_file_load_contents (page, cancellable, &html, NULL, NULL, NULL))
        continue;

      if (job->after != NULL)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (modified, NULL);

          if (when != NULL && g_date_time_compare (when, job->after) <= 0)
            continue;
        }

      object = json_node_get_object (root);
      item = cd_target_item_new ();
      item->remote_id = g_strdup (g_file_info_get_name (info));
      item->title = cd_render_escape (first_headline (object));
      item->link = g_file_get_uri (page);
      item->date = g_strdup (json_object_get_string_member_with_default (object, "firstcreated", ""));
      item->date_gmt = g_strdup (item->date);
      item->modified_gmt = g_steal_pointer (&modified);
      item->status = g_strdup ("publish");
      item->archived = ninjs_is_archived (object) || page_is_archived (html);

      tags = g_strv_builder_new ();
      if (json_object_has_member (object, "subjects") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "subjects")))
        {
          JsonArray *subjects = json_object_get_array_member (object, "subjects");

          for (guint i = 0; i < json_array_get_length (subjects); i++)
            {
              JsonNode *subject = json_array_get_element (subjects, i);

              if (JSON_NODE_HOLDS_OBJECT (subject))
                g_strv_builder_add (tags, json_object_get_string_member_with_default (json_node_get_object (subject),
                                                                                      "name", ""));
            }
        }
      item->tags = g_strv_builder_end (tags);
      if (job->with_content)
        item->content_raw = g_steal_pointer (&html);
      g_ptr_array_add (items, item);
    }

  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

static void
cd_local_target_list_published_async (CdTarget            *target,
                                      GDateTime           *modified_after,
                                      gboolean             with_content,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  CdLocalTarget *self = CD_LOCAL_TARGET (target);
  g_autoptr(GTask) task = NULL;
  FolderJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_local_target_list_published_async);

  job = g_new0 (FolderJob, 1);
  job->folder = g_object_ref (self->folder);
  job->with_content = with_content;
  job->after = modified_after != NULL ? g_date_time_ref (modified_after) : NULL;
  g_task_set_task_data (task, job, (GDestroyNotify) folder_job_free);

  g_task_run_in_thread (task, list_thread);
}

static GPtrArray *
cd_local_target_list_published_finish (CdTarget      *target,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, target), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
set_archived_one (FolderJob             *job,
                  guint                  index,
                  CdTargetArchiveResult *result)
{
  const char *id = job->ids[index];
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) page_file = NULL;
  g_autoptr(GFile) ninjs_file = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *modified = NULL;
  g_autofree char *page = NULL;
  g_autofree char *new_page = NULL;
  g_autofree char *new_ninjs = NULL;
  g_autofree char *old_ninjs = NULL;
  GError *error = NULL;

  if (!is_safe_name (id))
    {
      result->error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                                   /* Translators: a name in the publishing folder */
                                   _("“%s” is not a folder name"), id);
      return;
    }

  dir = g_file_get_child (job->folder, id);
  page_file = g_file_get_child (dir, PAGE_NAME);
  ninjs_file = g_file_get_child (dir, NINJS_NAME);
  modified = modified_time (dir, NULL);

  if (modified == NULL ||
      !g_file_load_contents (page_file, NULL, &page, NULL, NULL, NULL) ||
      !g_file_load_contents (ninjs_file, NULL, &old_ninjs, NULL, NULL, NULL) ||
      (root = json_from_string (old_ninjs, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      result->error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED,
                                   /* Translators: the placeholder is a folder name */
                                   _("There is no published story in “%s”"), id);
      return;
    }

  if (job->expected != NULL && job->expected[index][0] != '\0' &&
      g_strcmp0 (job->expected[index], modified) != 0)
    {
      result->error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_CONFLICT,
                                   /* Translators: the placeholder is a folder name */
                                   _("“%s” was changed since it was listed; it was left as it is"), id);
      return;
    }

  new_page = page_set_archived (page, job->archived, job->notice);
  ninjs_set_archived (json_node_get_object (root), job->archived);
  new_ninjs = to_json (root);

  if (g_str_equal (new_page, page) && g_str_equal (new_ninjs, old_ninjs))
    {
      result->modified = g_steal_pointer (&modified);
      return;
    }

  if (!write_atomic (dir, NINJS_NAME, new_ninjs, strlen (new_ninjs), &error) ||
      !write_atomic (dir, PAGE_NAME, new_page, strlen (new_page), &error))
    {
      result->error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                                   /* Translators: the placeholder is the system’s reason */
                                   _("Could not write the story: %s"), error->message);
      g_error_free (error);
      return;
    }

  result->changed = TRUE;
  result->modified = modified_time (dir, NULL);
}

static void
set_archived_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  FolderJob *job = task_data;
  g_autoptr(GPtrArray) results = NULL;

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_target_archive_result_free);
  for (guint i = 0; job->ids[i] != NULL; i++)
    {
      CdTargetArchiveResult *result = cd_target_archive_result_new (job->ids[i]);

      set_archived_one (job, i, result);
      g_ptr_array_add (results, result);
    }

  g_task_return_pointer (task, g_steal_pointer (&results), (GDestroyNotify) g_ptr_array_unref);
}

static void
cd_local_target_set_archived_async (CdTarget            *target,
                                    const char * const  *remote_ids,
                                    const char * const  *expected_modified,
                                    gboolean             archived,
                                    const char          *notice,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  CdLocalTarget *self = CD_LOCAL_TARGET (target);
  g_autoptr(GTask) task = NULL;
  FolderJob *job;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_local_target_set_archived_async);

  job = g_new0 (FolderJob, 1);
  job->folder = g_object_ref (self->folder);
  job->ids = g_strdupv ((char **) remote_ids);
  job->expected = g_strdupv ((char **) expected_modified);
  job->archived = archived;
  job->notice = g_strdup (notice);
  g_task_set_task_data (task, job, (GDestroyNotify) folder_job_free);

  g_task_run_in_thread (task, set_archived_thread);
}

static GPtrArray *
cd_local_target_set_archived_finish (CdTarget      *target,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, target), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *folder = task_data;
  g_autoptr(GFile) probe = NULL;
  g_autofree char *path = g_file_get_path (folder);
  g_autofree char *probe_path = NULL;
  GError *error = NULL;

  if (!g_file_make_directory_with_parents (folder, cancellable, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               /* Translators: the first placeholder is a folder, the second the system's message */
                               _("Could not make the folder %1$s: %2$s"), path, error->message);
      g_error_free (error);
      return;
    }
  g_clear_error (&error);

  probe = g_file_get_child (folder, ".copydesk-probe");
  probe_path = g_file_get_path (probe);
  if (!g_file_set_contents (probe_path, "", 0, &error))
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               /* Translators: the first placeholder is a folder, the second the system's message */
                               _("Cannot write in %1$s: %2$s"), path, error->message);
      g_error_free (error);
      return;
    }
  g_unlink (probe_path);

  /* Translators: the placeholder is a folder */
  g_task_return_pointer (task, g_strdup_printf (_("Publishing to %s"), path), g_free);
}

static void
cd_local_target_test_connection_async (CdTarget            *target,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  CdLocalTarget *self = CD_LOCAL_TARGET (target);
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_local_target_test_connection_async);
  g_task_set_task_data (task, g_object_ref (self->folder), g_object_unref);
  g_task_run_in_thread (task, test_thread);
}

static char *
cd_local_target_test_connection_finish (CdTarget      *target,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, target), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
cd_local_target_get_account (CdTarget *target)
{
  return CD_LOCAL_TARGET (target)->account;
}

static void
target_iface_init (CdTargetInterface *iface)
{
  iface->get_account = cd_local_target_get_account;
  iface->push_story_async = cd_local_target_push_story_async;
  iface->push_story_finish = cd_local_target_push_story_finish;
  iface->list_published_async = cd_local_target_list_published_async;
  iface->list_published_finish = cd_local_target_list_published_finish;
  iface->set_archived_async = cd_local_target_set_archived_async;
  iface->set_archived_finish = cd_local_target_set_archived_finish;
  iface->test_connection_async = cd_local_target_test_connection_async;
  iface->test_connection_finish = cd_local_target_test_connection_finish;
}

static void
cd_local_target_dispose (GObject *object)
{
  CdLocalTarget *self = CD_LOCAL_TARGET (object);

  g_clear_object (&self->folder);

  G_OBJECT_CLASS (cd_local_target_parent_class)->dispose (object);
}

static void
cd_local_target_finalize (GObject *object)
{
  CdLocalTarget *self = CD_LOCAL_TARGET (object);

  g_free (self->account);

  G_OBJECT_CLASS (cd_local_target_parent_class)->finalize (object);
}

static void
cd_local_target_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CdLocalTarget *self = CD_LOCAL_TARGET (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_string (value, cd_target_get_account (CD_TARGET (self)));
      break;
    case PROP_FOLDER:
      g_value_set_object (value, cd_local_target_get_folder (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_local_target_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CdLocalTarget *self = CD_LOCAL_TARGET (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_string (value);
      break;
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_local_target_constructed (GObject *object)
{
  CdLocalTarget *self = CD_LOCAL_TARGET (object);

  G_OBJECT_CLASS (cd_local_target_parent_class)->constructed (object);

  if (self->folder == NULL)
    self->folder = cd_local_target_dup_default_folder ();
  if (self->account == NULL)
    self->account = g_strdup ("local");
}

static void
cd_local_target_class_init (CdLocalTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cd_local_target_constructed;
  object_class->dispose = cd_local_target_dispose;
  object_class->finalize = cd_local_target_finalize;
  object_class->get_property = cd_local_target_get_property;
  object_class->set_property = cd_local_target_set_property;

  /**
   * CdLocalTarget:folder:
   *
   * The folder the stories are published into; the default folder when
   * %NULL at construction.
   */
  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_ACCOUNT, "account");
}

static void
cd_local_target_init (CdLocalTarget *self)
{
}

/**
 * cd_local_target_new:
 * @account: the account name, e.g. "local"
 * @folder: (nullable): the folder to publish into, or %NULL for
 *   cd_local_target_dup_default_folder()
 *
 * Returns: (transfer full): a new #CdLocalTarget
 */
CdLocalTarget *
cd_local_target_new (const char *account,
                     GFile      *folder)
{
  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), NULL);

  return g_object_new (CD_TYPE_LOCAL_TARGET, "account", account, "folder", folder, NULL);
}

/**
 * cd_local_target_get_folder:
 * @self: a #CdLocalTarget
 *
 * Returns: (transfer none): the folder stories are published into
 */
GFile *
cd_local_target_get_folder (CdLocalTarget *self)
{
  g_return_val_if_fail (CD_IS_LOCAL_TARGET (self), NULL);

  return self->folder;
}

/**
 * cd_local_target_dup_default_folder:
 *
 * The out-of-the-box folder: `$XDG_DATA_HOME/copydesk/published`, beside
 * the library and inside the Flatpak sandbox's own data directory, so it
 * works without any file-system permission. Preferences can point the
 * account at any other folder.
 *
 * Returns: (transfer full): the default folder
 */
GFile *
cd_local_target_dup_default_folder (void)
{
  return g_file_new_build_filename (g_get_user_data_dir (), "copydesk", "published", NULL);
}
