/* cd-ninjs.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-ninjs"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cd-html-markdown.h"
#include "cd-import-private.h"
#include "cd-ninjs.h"
#include "cd-render.h"

/* Real news items nest about eight levels (an association's places'
 * GeoJSON); json-glib's parser recurses once per level and has no limit
 * of its own, so a file of a million "[" would overflow the stack.
 */
#define MAX_NESTING 64

#define NINJS_SCHEMA_URI "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"

/* Reading context: the file's display name for every error. */
typedef struct
{
  const char *name;
  GFile      *base_dir;
  GHashTable *figure_alts;
} Reader;

static char *
format_time (GDateTime *when)
{
  g_autoptr(GDateTime) utc = NULL;

  if (when == NULL)
    return NULL;

  utc = g_date_time_to_utc (when);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
check_utf8 (const char  *value,
            const char  *what,
            GError     **error)
{
  if (g_utf8_validate (value, -1, NULL))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* Translators: %s is the name of a field of the story, e.g. "byline" */
               _("The story cannot be exported: a text is not valid UTF-8 (field: %s)"), what);
  return FALSE;
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_role_value (JsonBuilder *builder,
                const char  *role,
                const char  *contenttype,
                const char  *value)
{
  if (value == NULL || *value == '\0')
    return;

  json_builder_begin_object (builder);
  add_string (builder, "role", role);
  add_string (builder, "contenttype", contenttype);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
}

static void
add_source (JsonBuilder *builder,
            const char  *name,
            const char  *url)
{
  gboolean has_url = url != NULL && g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL);

  if ((name == NULL || *name == '\0') && !has_url)
    return;

  json_builder_set_member_name (builder, "infosources");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "name", name);
  add_string (builder, "role", "source");
  if (has_url)
    add_string (builder, "uri", url);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

static char *
default_href (CdPhoto  *photo,
              gpointer  user_data)
{
  const char *path = cd_photo_get_file_path (photo);
  g_autoptr(GFile) file = NULL;

  if (*path == '\0')
    return NULL;

  file = g_file_new_for_path (path);
  return g_file_get_uri (file);
}

static gboolean
check_photo (CdPhoto  *photo,
             GError  **error)
{
  return check_utf8 (cd_photo_get_caption (photo), _("photo caption"), error)
         && check_utf8 (cd_photo_get_credit (photo), _("photo credit"), error)
         && check_utf8 (cd_photo_get_alt_text (photo), _("photo alt text"), error)
         && check_utf8 (cd_photo_get_creator (photo), _("photographer"), error)
         && check_utf8 (cd_photo_get_copyright (photo), _("photo copyright notice"), error)
         && check_utf8 (cd_photo_get_source (photo), _("photo source"), error)
         && check_utf8 (cd_photo_get_mime_type (photo), _("photo type"), error);
}

static gboolean
add_photo (JsonBuilder           *builder,
           CdPhoto               *photo,
           guint                  position,
           CdRenderImageUrlFunc   href_func,
           gpointer               user_data,
           GError               **error)
{
  g_autofree char *name = g_strdup_printf ("picture%u", position + 1);
  g_autofree char *uri = g_strdup_printf ("urn:copydesk:photo:%s", cd_photo_get_id (photo));
  g_autofree char *href = href_func (photo, user_data);

  if (!check_photo (photo, error))
    return FALSE;

  json_builder_begin_object (builder);
  add_string (builder, "name", name);
  add_string (builder, "uri", uri);
  add_string (builder, "type", "picture");

  if (*cd_photo_get_caption (photo) != '\0' || *cd_photo_get_credit (photo) != '\0'
      || *cd_photo_get_alt_text (photo) != '\0')
    {
      json_builder_set_member_name (builder, "descriptions");
      json_builder_begin_array (builder);
      add_role_value (builder, CD_NINJS_ROLE_CAPTION, "text/plain", cd_photo_get_caption (photo));
      add_role_value (builder, CD_NINJS_ROLE_CREDITLINE, "text/plain", cd_photo_get_credit (photo));
      add_role_value (builder, CD_NINJS_ROLE_ALTTEXT, "text/plain", cd_photo_get_alt_text (photo));
      json_builder_end_array (builder);
    }

  add_string (builder, "by", cd_photo_get_creator (photo));
  add_string (builder, "copyrightnotice", cd_photo_get_copyright (photo));
  add_source (builder, cd_photo_get_source (photo), NULL);

  if (href != NULL && g_uri_is_valid (href, G_URI_FLAGS_NONE, NULL))
    {
      json_builder_set_member_name (builder, "renditions");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "name", "original");
      add_string (builder, "href", href);
      add_string (builder, "contenttype", cd_photo_get_mime_type (photo));
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return TRUE;
}

static gboolean
check_story (CdStory  *story,
             GError  **error)
{
  const char * const *tags = cd_story_get_tags (story);

  if (!check_utf8 (cd_story_get_headline (story), _("headline"), error)
      /* Translators: the standfirst under the headline */
      || !check_utf8 (cd_story_get_dek (story), _("dek"), error)
      || !check_utf8 (cd_story_get_byline (story), _("byline"), error)
      /* Translators: the place line at the start of a story, "PARIS —" */
      || !check_utf8 (cd_story_get_dateline (story), _("dateline"), error)
      || !check_utf8 (cd_story_get_effective_slug (story), _("slug"), error)
      || !check_utf8 (cd_story_get_body (story), _("body"), error)
      || !check_utf8 (cd_story_get_source_text (story), _("source"), error)
      || !check_utf8 (cd_story_get_source_url (story), _("source link"), error))
    return FALSE;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (!check_utf8 (tags[i], _("tag"), error))
      return FALSE;

  return TRUE;
}

static void
set_problem (GError     **error,
             Reader      *reader,
             CdImportError code,
             const char  *problem)
{
  _cd_import_set_error (error, reader->name, code, problem);
}

typedef enum
{
  EXPECT_STRING,
  EXPECT_ARRAY,
  EXPECT_OBJECT,
} Expected;

static gboolean
wrong_type (Reader      *reader,
            const char  *path,
            Expected     expected,
            GError     **error)
{
  g_autofree char *problem = NULL;

  switch (expected)
    {
    case EXPECT_STRING:
      /* Translators: %s is a JSON field such as "headlines[0].value" */
      problem = g_strdup_printf (_("“%s” must be a string"), path);
      break;
    case EXPECT_ARRAY:
      /* Translators: %s is a JSON field such as "headlines" */
      problem = g_strdup_printf (_("“%s” must be an array"), path);
      break;
    case EXPECT_OBJECT:
    default:
      /* Translators: %s is a JSON field such as "headlines[0]" */
      problem = g_strdup_printf (_("“%s” must be an object"), path);
      break;
    }

  set_problem (error, reader, CD_IMPORT_ERROR_INVALID, problem);
  return FALSE;
}

static char *
member_path (const char *prefix,
             const char *member)
{
  return *prefix == '\0' ? g_strdup (member) : g_strconcat (prefix, ".", member, NULL);
}

/* A string member; absent or null leaves *@value NULL. */
static gboolean
get_string (Reader      *reader,
            JsonObject  *object,
            const char  *prefix,
            const char  *member,
            const char **value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *path = member_path (prefix, member);
      return wrong_type (reader, path, EXPECT_STRING, error);
    }

  /* The file was UTF-8, but json-glib turns a lone surrogate escape
   * ("\\udc00") into bytes that are not (found by fuzzing).
   */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_autofree char *path = member_path (prefix, member);
      g_autofree char *problem = NULL;

      /* Translators: %s is a JSON field such as "headlines[0].value" */
      problem = g_strdup_printf (_("“%s” holds an invalid \\u escape"), path);
      set_problem (error, reader, CD_IMPORT_ERROR_ENCODING, problem);
      return FALSE;
    }

  *value = json_node_get_string (node);
  return TRUE;
}

/* An array of objects; absent or null leaves *@array NULL. */
static gboolean
get_object_array (Reader      *reader,
                  JsonObject  *object,
                  const char  *prefix,
                  const char  *member,
                  JsonArray  **array,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *path = member_path (prefix, member);

  *array = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (reader, path, EXPECT_ARRAY, error);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);
          return wrong_type (reader, element_path, EXPECT_OBJECT, error);
        }
    }

  *array = json_node_get_array (node);
  return TRUE;
}

static char *
element_path (const char *prefix,
              const char *member,
              guint       index)
{
  g_autofree char *path = member_path (prefix, member);

  return g_strdup_printf ("%s[%u]", path, index);
}

/* One {role, contenttype, value} element of headlines, descriptions or
 * bodies; each member absent or a string.
 */
static gboolean
get_text_element (Reader      *reader,
                  JsonObject  *element,
                  const char  *path,
                  const char **role,
                  const char **contenttype,
                  const char **value,
                  GError     **error)
{
  return get_string (reader, element, path, "role", role, error)
         && get_string (reader, element, path, "contenttype", contenttype, error)
         && get_string (reader, element, path, "value", value, error);
}

/* The value of the first element of @member (an array of {role, value})
 * whose role is one of @roles, in the order of @roles; "" in @roles
 * stands for an element without a role. Every element's role and value
 * are checked to be strings.
 */
static gboolean
get_by_role (Reader             *reader,
             JsonObject         *object,
             const char         *prefix,
             const char         *member,
             const char * const *roles,
             const char        **value,
             const char        **contenttype,
             GError            **error)
{
  JsonArray *array = NULL;
  guint best = G_MAXUINT;

  *value = NULL;
  if (contenttype != NULL)
    *contenttype = NULL;

  if (!get_object_array (reader, object, prefix, member, &array, error))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *element = json_array_get_object_element (array, i);
      g_autofree char *path = element_path (prefix, member, i);
      const char *role = NULL;
      const char *text = NULL;
      const char *type = NULL;

      if (!get_text_element (reader, element, path, &role, &type, &text, error))
        return FALSE;

      if (text == NULL)
        continue;

      for (guint r = 0; roles[r] != NULL && r < best; r++)
        {
          if (g_str_equal (roles[r], "*") || g_strcmp0 (role != NULL ? role : "", roles[r]) == 0)
            {
              best = r;
              *value = text;
              if (contenttype != NULL)
                *contenttype = type;
              break;
            }
        }
    }

  return TRUE;
}

static gboolean
is_html_type (const char *contenttype,
              const char *value)
{
  if (contenttype == NULL)
    return value[strspn (value, " \t\r\n")] == '<';

  return g_str_has_prefix (contenttype, "text/html")
         || g_str_has_prefix (contenttype, "application/xhtml+xml");
}

/* Plain text: every line a paragraph, as agencies send it. */
static char *
plain_to_markdown (const char *text)
{
  g_auto(GStrv) lines = g_strsplit_set (text, "\r\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *escaped = NULL;

      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      escaped = cd_markdown_escape (lines[i]);
      if (out->len > 0)
        g_string_append (out, "\n\n");
      g_string_append (out, escaped);
    }

  return g_string_free (out, FALSE);
}

/* The body, as Markdown: the first HTML body, else the first plain one.
 * A leading heading that repeats the headline goes.
 */
static gboolean
read_body (Reader      *reader,
           JsonObject  *root,
           const char  *headline,
           char       **markdown,
           GError     **error)
{
  JsonArray *bodies = NULL;
  const char *html = NULL;
  const char *plain = NULL;
  g_autofree char *result = NULL;

  *markdown = NULL;
  if (!get_object_array (reader, root, "", "bodies", &bodies, error))
    return FALSE;

  for (guint i = 0; bodies != NULL && i < json_array_get_length (bodies); i++)
    {
      JsonObject *body = json_array_get_object_element (bodies, i);
      g_autofree char *path = element_path ("", "bodies", i);
      const char *value = NULL;
      const char *type = NULL;
      const char *role = NULL;

      if (!get_text_element (reader, body, path, &role, &type, &value, error))
        return FALSE;

      if (value == NULL)
        continue;
      if (html == NULL && is_html_type (type, value))
        html = value;
      else if (plain == NULL && (type == NULL || g_str_has_prefix (type, "text/plain")))
        plain = value;
    }

  if (html != NULL)
    result = cd_html_to_markdown (html, -1, reader->figure_alts);
  else if (plain != NULL)
    result = plain_to_markdown (plain);
  else
    result = g_strdup ("");

  if (g_str_has_prefix (result, "# "))
    {
      g_autofree char *heading = NULL;
      g_autofree char *rest = NULL;

      if (_cd_import_take_heading (result, &heading, &rest) && g_strcmp0 (heading, headline) == 0)
        {
          g_free (result);
          result = g_steal_pointer (&rest);
        }
    }

  *markdown = g_steal_pointer (&result);
  return TRUE;
}

/* Whether @file is a regular file whose bytes (not its name) say image. */
static gboolean
is_image_file (GFile  *file,
               char  **mime_type)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  guint8 head[4096];
  gsize n = 0;

  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return FALSE;

  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL
      || !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, NULL, NULL)
      || n == 0)
    return FALSE;

  type = g_content_type_guess (NULL, head, n, NULL);
  mime = g_content_type_get_mime_type (type);
  if (mime == NULL || !g_str_has_prefix (mime, "image/"))
    return FALSE;

  *mime_type = g_steal_pointer (&mime);
  return TRUE;
}

/* The file a rendition's href names on this machine: a file: URI, an
 * absolute path, or a path relative to the item's folder. NULL for remote
 * hrefs, which are never fetched.
 */
static GFile *
resolve_local_href (Reader     *reader,
                    const char *href)
{
  g_autofree char *scheme = g_uri_parse_scheme (href);
  g_autofree char *unescaped = NULL;

  if (scheme != NULL)
    return g_ascii_strcasecmp (scheme, "file") == 0 ? g_file_new_for_uri (href) : NULL;

  if (*href == '\0')
    return NULL;

  /* A relative reference is URI-escaped ("my%20photo.jpg"). */
  unescaped = g_uri_unescape_string (href, NULL);
  if (unescaped == NULL)
    unescaped = g_strdup (href);

  if (g_path_is_absolute (unescaped))
    return g_file_new_for_path (unescaped);
  if (reader->base_dir == NULL)
    return NULL;

  return g_file_resolve_relative_path (reader->base_dir, unescaped);
}

static gboolean
read_renditions (Reader      *reader,
                 JsonObject  *association,
                 const char  *prefix,
                 CdPhoto     *photo,
                 GError     **error)
{
  JsonArray *renditions = NULL;

  if (!get_object_array (reader, association, prefix, "renditions", &renditions, error))
    return FALSE;

  for (guint i = 0; renditions != NULL && i < json_array_get_length (renditions); i++)
    {
      JsonObject *rendition = json_array_get_object_element (renditions, i);
      g_autofree char *path = element_path (prefix, "renditions", i);
      g_autoptr(GFile) file = NULL;
      g_autofree char *mime = NULL;
      g_autofree char *local = NULL;
      g_autofree char *basename = NULL;
      const char *href = NULL;

      if (!get_string (reader, rendition, path, "href", &href, error))
        return FALSE;

      if (href == NULL || cd_photo_get_file_path (photo)[0] != '\0')
        continue;

      file = resolve_local_href (reader, href);
      if (file == NULL || !is_image_file (file, &mime) || (local = g_file_get_path (file)) == NULL)
        continue;

      /* The library copies the image in when the story is added to it. */
      basename = g_file_get_basename (file);
      cd_photo_set_file_path (photo, local);
      cd_photo_set_original_name (photo, basename);
      cd_photo_set_mime_type (photo, mime);
    }

  return TRUE;
}

static gboolean
read_source (Reader      *reader,
             JsonObject  *object,
             const char  *prefix,
             const char **name,
             const char **uri,
             GError     **error)
{
  JsonArray *sources = NULL;

  *name = NULL;
  *uri = NULL;
  if (!get_object_array (reader, object, prefix, "infosources", &sources, error))
    return FALSE;

  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      JsonObject *source = json_array_get_object_element (sources, i);
      g_autofree char *path = element_path (prefix, "infosources", i);
      const char *role = NULL;
      const char *source_name = NULL;
      const char *source_uri = NULL;

      if (!get_string (reader, source, path, "role", &role, error)
          || !get_string (reader, source, path, "name", &source_name, error)
          || !get_string (reader, source, path, "uri", &source_uri, error))
        return FALSE;

      if (i == 0 || g_strcmp0 (role, "source") == 0)
        {
          *name = source_name;
          *uri = source_uri;
        }
    }

  return TRUE;
}

static const char * const caption_roles[] = {
  CD_NINJS_ROLE_CAPTION, "", "text", "description", NULL
};
static const char * const credit_roles[] = { CD_NINJS_ROLE_CREDITLINE, "credit", NULL };
static const char * const alt_roles[] = { CD_NINJS_ROLE_ALTTEXT, "alt", NULL };

static gboolean
read_photo (Reader      *reader,
            JsonObject  *association,
            const char  *prefix,
            CdStory     *story,
            GError     **error)
{
  g_autoptr(CdPhoto) photo = NULL;
  const char *type = NULL, *name = NULL, *uri = NULL;
  const char *caption = NULL, *credit = NULL, *alt = NULL;
  const char *by = NULL, *copyright = NULL, *source = NULL, *source_uri = NULL;

  if (!get_string (reader, association, prefix, "type", &type, error)
      || !get_string (reader, association, prefix, "name", &name, error)
      || !get_string (reader, association, prefix, "uri", &uri, error)
      || !get_by_role (reader, association, prefix, "descriptions", caption_roles,
                       &caption, NULL, error)
      || !get_by_role (reader, association, prefix, "descriptions", credit_roles,
                       &credit, NULL, error)
      || !get_by_role (reader, association, prefix, "descriptions", alt_roles,
                       &alt, NULL, error)
      || !get_string (reader, association, prefix, "by", &by, error)
      || !get_string (reader, association, prefix, "copyrightnotice", &copyright, error)
      || !read_source (reader, association, prefix, &source, &source_uri, error))
    return FALSE;

  /* Only pictures become photos; text, video and audio associations are
   * other stories' business.
   */
  if (g_strcmp0 (type, "picture") != 0 && g_strcmp0 (type, "graphic") != 0)
    return TRUE;

  /* Agencies without a credit line (TT) put the credit in "by". */
  if (credit == NULL)
    credit = by;

  /* Alt text the item's HTML body gives its figure of this picture. */
  if (alt == NULL && name != NULL)
    alt = g_hash_table_lookup (reader->figure_alts, name);
  if (alt == NULL && uri != NULL)
    alt = g_hash_table_lookup (reader->figure_alts, uri);

  photo = cd_photo_new ();
  cd_photo_set_caption (photo, caption != NULL ? caption : "");
  cd_photo_set_credit (photo, credit != NULL ? credit : "");
  cd_photo_set_alt_text (photo, alt != NULL ? alt : "");
  cd_photo_set_creator (photo, by != NULL ? by : "");
  cd_photo_set_copyright (photo, copyright != NULL ? copyright : "");
  cd_photo_set_source (photo, source != NULL ? source : "");

  if (!read_renditions (reader, association, prefix, photo, error))
    return FALSE;

  cd_story_append_photo (story, photo);
  return TRUE;
}

static gboolean
read_tags (Reader      *reader,
           JsonObject  *root,
           GStrvBuilder *tags,
           GError     **error)
{
  JsonArray *subjects = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (!get_object_array (reader, root, "", "subjects", &subjects, error))
    return FALSE;

  for (guint i = 0; subjects != NULL && i < json_array_get_length (subjects); i++)
    {
      JsonObject *subject = json_array_get_object_element (subjects, i);
      g_autofree char *path = element_path ("", "subjects", i);
      const char *name = NULL;
      const char *literal = NULL;
      const char *tag;

      if (!get_string (reader, subject, path, "name", &name, error)
          || !get_string (reader, subject, path, "literal", &literal, error))
        return FALSE;

      tag = name != NULL && *name != '\0' ? name : literal;
      if (tag != NULL && *tag != '\0' && g_hash_table_add (seen, (gpointer) tag))
        g_strv_builder_add (tags, tag);
    }

  return TRUE;
}

/* The line of the first bracket nested deeper than MAX_NESTING, or 0. */
static guint
find_deep_nesting (const char *data,
                   gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  guint line = 1;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        line++;

      if (in_string)
        {
          if (c == '\\' && i + 1 < length && data[i + 1] != '\n')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if ((c == '{' || c == '[') && ++depth > MAX_NESTING)
        return line;
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return 0;
}

/* json-glib says "<data>:3:10: Parse error: …"; we say "story.json: line 3: …". */
static void
set_syntax_error (GError     **error,
                  Reader      *reader,
                  const char  *message)
{
  g_autofree char *problem = NULL;
  unsigned int line = 0;
  unsigned int column = 0;
  int consumed = 0;
  g_autofree char *valid = NULL;

  /* json-glib quotes the bad string, lone surrogates decoded into bytes
   * that are not UTF-8 (found by fuzzing); the message ends up in a label.
   */
  valid = g_utf8_make_valid (message, -1);
  message = valid;

  if (sscanf (message, "<data>:%u:%u: %n", &line, &column, &consumed) == 2 && consumed > 0)
    /* Translators: %1$u is a line number, %2$s the JSON parser's message */
    problem = g_strdup_printf (_("line %1$u: %2$s"), line, message + consumed);
  else
    problem = g_strdup (message);

  set_problem (error, reader, CD_IMPORT_ERROR_SYNTAX, problem);
}

static const char * const headline_roles[] = { "main", "", "*", NULL };
static const char * const dek_roles[] = { "summary", "abstract", "", "text", NULL };

static CdStory *
read_item (Reader      *reader,
           JsonObject  *root,
           GError     **error)
{
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GStrvBuilder) tag_builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;
  g_autofree char *body = NULL;
  g_autofree char *derived_slug = NULL;
  g_autofree char *headline_text = NULL;
  const char *type = NULL, *headline = NULL, *title = NULL, *dek = NULL;
  const char *by = NULL, *located = NULL, *slugline = NULL;
  const char *source = NULL, *source_uri = NULL;
  JsonArray *associations = NULL;

  if (!get_string (reader, root, "", "type", &type, error)
      || !get_by_role (reader, root, "", "headlines", headline_roles, &headline, NULL, error)
      || !get_string (reader, root, "", "title", &title, error)
      || !get_by_role (reader, root, "", "descriptions", dek_roles, &dek, NULL, error)
      || !get_string (reader, root, "", "by", &by, error)
      || !get_string (reader, root, "", "located", &located, error)
      || !get_string (reader, root, "", "slugline", &slugline, error)
      || !read_source (reader, root, "", &source, &source_uri, error)
      || !read_tags (reader, root, tag_builder, error)
      || !get_object_array (reader, root, "", "associations", &associations, error))
    return NULL;

  if (type != NULL && g_strcmp0 (type, "text") != 0 && g_strcmp0 (type, "composite") != 0)
    {
      g_autofree char *problem = NULL;

      /* Translators: %s is a ninjs item type such as "picture" or "video" */
      problem = g_strdup_printf (_("this is a “%s” item; only text stories can be imported"), type);
      set_problem (error, reader, CD_IMPORT_ERROR_INVALID, problem);
      return NULL;
    }

  if (headline == NULL || *headline == '\0')
    headline = title;
  headline_text = headline != NULL ? g_strstrip (g_strdup (headline)) : g_strdup ("");
  if (*headline_text == '\0')
    {
      set_problem (error, reader, CD_IMPORT_ERROR_MISSING,
                   _("there is no headline (“headlines” is missing or empty)"));
      return NULL;
    }

  if (!read_body (reader, root, headline_text, &body, error))
    return NULL;

  story = cd_story_new ();
  cd_story_set_headline (story, headline_text);
  cd_story_set_dek (story, dek != NULL ? dek : "");
  cd_story_set_byline (story, by != NULL ? by : "");
  cd_story_set_dateline (story, located != NULL ? located : "");
  cd_story_set_body (story, body);
  cd_story_set_source_text (story, source != NULL ? source : "");
  cd_story_set_source_url (story, source_uri != NULL ? source_uri : "");

  /* A slugline that is what Copydesk would derive stays derived, so it
   * follows later headline edits.
   */
  derived_slug = cd_slugify (headline_text);
  if (slugline != NULL && g_strcmp0 (slugline, derived_slug) != 0)
    cd_story_set_slug (story, slugline);

  tags = g_strv_builder_end (tag_builder);
  cd_story_set_tags (story, (const char * const *) tags);

  for (guint i = 0; associations != NULL && i < json_array_get_length (associations); i++)
    {
      g_autofree char *path = element_path ("", "associations", i);

      if (!read_photo (reader, json_array_get_object_element (associations, i), path, story, error))
        return NULL;
    }

  return g_steal_pointer (&story);
}

/**
 * cd_ninjs_import_data:
 * @data: the text of a ninjs item (JSON, UTF-8)
 * @length: its length in bytes, or -1 if it is nul-terminated
 * @origin: (nullable): the file it came from: named in errors, and the
 *   folder relative rendition hrefs are resolved against
 * @error: return location for a #GError
 *
 * Reads a ninjs 2.x text item (see docs/NINJS.md): headline, dek, byline,
 * dateline, slug, tags, the HTML (or plain) body as Markdown, and picture
 * associations as photos. A photo whose rendition is a local image gets
 * that file's path as its file-path; the library copies it in.
 *
 * Returns: (transfer full): a new story, not in any library, or %NULL with
 *   a #CD_IMPORT_ERROR naming the file and the problem
 */
CdStory *
cd_ninjs_import_data (const char  *data,
                      gssize       length,
                      GFile       *origin,
                      GError     **error)
{
  g_autofree char *name = _cd_import_display_name (origin);
  g_autoptr(GHashTable) figure_alts = NULL;
  g_autoptr(GFile) base_dir = origin != NULL ? g_file_get_parent (origin) : NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  Reader reader = { name, base_dir, figure_alts };
  JsonNode *root;
  guint deep_line;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (origin == NULL || G_IS_FILE (origin), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if (!_cd_import_check_text (data, length, name, error))
    return NULL;

  figure_alts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  reader.figure_alts = figure_alts;

  deep_line = find_deep_nesting (data, length);
  if (deep_line > 0)
    {
      g_autofree char *problem = NULL;

      /* Translators: %1$u is a line number, %2$d a count of levels */
      problem = g_strdup_printf (_("line %1$u: the JSON is nested more than %2$d levels deep"),
                                 deep_line, MAX_NESTING);
      set_problem (error, &reader, CD_IMPORT_ERROR_TOO_DEEP, problem);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      set_syntax_error (error, &reader, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      set_problem (error, &reader, CD_IMPORT_ERROR_SYNTAX, _("the file is empty"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      set_problem (error, &reader, CD_IMPORT_ERROR_INVALID,
                   _("a ninjs item must be a JSON object (“{ … }”)"));
      return NULL;
    }

  return read_item (&reader, json_node_get_object (root), error);
}

/**
 * cd_ninjs_import_file:
 * @file: a ninjs item
 * @error: return location for a #GError
 *
 * Reads @file (refused unread above %CD_IMPORT_MAX_SIZE) and imports it
 * with cd_ninjs_import_data().
 *
 * Returns: (transfer full): a new story, or %NULL
 */
CdStory *
cd_ninjs_import_file (GFile   *file,
                      GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_cd_import_load (file, &contents, &length, error))
    return NULL;

  return cd_ninjs_import_data (contents, length, file, error);
}

/**
 * cd_ninjs_export_full:
 * @story: a #CdStory
 * @href_func: (nullable) (scope call): maps a photo to its rendition's
 *   href; %NULL for a file: URI of the photo's file in the library
 * @user_data: data for @href_func
 * @error: return location for a #GError
 *
 * Like cd_ninjs_export(), with the photos' hrefs chosen by the caller
 * (e.g. the copies a local-folder export writes beside the item). An
 * href that is not an absolute URI is left out.
 *
 * Returns: (transfer full): the ninjs item as pretty-printed JSON, or %NULL
 */
char *
cd_ninjs_export_full (CdStory               *story,
                      CdRenderImageUrlFunc   href_func,
                      gpointer               user_data,
                      GError               **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  const char * const *tags;
  GListModel *photos;
  guint n_photos;

  g_return_val_if_fail (CD_IS_STORY (story), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_story (story, error))
    return NULL;

  if (href_func == NULL)
    href_func = default_href;

  uri = g_strdup_printf ("urn:copydesk:story:%s", cd_story_get_id (story));
  created = format_time (cd_story_get_created (story));
  updated = format_time (cd_story_get_updated (story));
  tags = cd_story_get_tags (story);
  photos = cd_story_get_photos (story);
  n_photos = g_list_model_get_n_items (photos);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  add_string (builder, "uri", uri);
  add_string (builder, "type", "text");
  add_string (builder, "representationtype", "full");
  add_string (builder, "firstcreated", created);
  add_string (builder, "versioncreated", updated);

  json_builder_set_member_name (builder, "standard");
  json_builder_begin_object (builder);
  add_string (builder, "name", "ninjs");
  add_string (builder, "version", CD_NINJS_VERSION);
  add_string (builder, "schema", NINJS_SCHEMA_URI);
  json_builder_end_object (builder);

  if (*cd_story_get_headline (story) != '\0')
    {
      json_builder_set_member_name (builder, "headlines");
      json_builder_begin_array (builder);
      add_role_value (builder, "main", NULL, cd_story_get_headline (story));
      json_builder_end_array (builder);
    }

  if (*cd_story_get_dek (story) != '\0')
    {
      json_builder_set_member_name (builder, "descriptions");
      json_builder_begin_array (builder);
      add_role_value (builder, "summary", "text/plain", cd_story_get_dek (story));
      json_builder_end_array (builder);
    }

  if (*cd_story_get_body (story) != '\0')
    {
      g_autofree char *html = cd_render_markdown (cd_story_get_body (story));

      json_builder_set_member_name (builder, "bodies");
      json_builder_begin_array (builder);
      add_role_value (builder, "main", "text/html", html);
      json_builder_end_array (builder);
    }

  add_string (builder, "by", cd_story_get_byline (story));
  add_string (builder, "located", cd_story_get_dateline (story));
  add_string (builder, "slugline", cd_story_get_effective_slug (story));

  if (tags != NULL && tags[0] != NULL)
    {
      json_builder_set_member_name (builder, "subjects");
      json_builder_begin_array (builder);
      for (guint i = 0; tags[i] != NULL; i++)
        {
          json_builder_begin_object (builder);
          add_string (builder, "name", tags[i]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  add_source (builder, cd_story_get_source_text (story), cd_story_get_source_url (story));

  if (n_photos > 0)
    {
      json_builder_set_member_name (builder, "associations");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_photos; i++)
        {
          g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, i);

          if (!add_photo (builder, photo, i, href_func, user_data, error))
            return NULL;
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

/**
 * cd_ninjs_export:
 * @story: a #CdStory
 * @error: return location for a #GError
 *
 * Writes @story and its photos as a ninjs 2.2 news item (see docs/NINJS.md
 * for the mapping): the body as HTML from cd_render_markdown(), each photo
 * a picture association whose rendition is a file: URI of its image.
 *
 * Returns: (transfer full): the JSON, or %NULL if a text of the story is not
 *   valid UTF-8
 */
char *
cd_ninjs_export (CdStory  *story,
                 GError  **error)
{
  return cd_ninjs_export_full (story, NULL, NULL, error);
}
