/* cd-wordpress-json.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-wordpress-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "cd-target.h"
#include "cd-target-private.h"
#include "cd-wordpress-json.h"

/* The error code WordPress gives when it could not store an upload; sending
 * the same file again fails the same way.
 */
#define SIDELOAD_ERROR "rest_upload_sideload_error"

static gboolean
check_depth (const char *data,
             gsize       len,
             guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            return FALSE;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

static void
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID, message);
}

static JsonObject *
get_object (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  /* json-glib decodes a lone surrogate escape ("\\ud800") into bytes that
   * are not UTF-8 (found by fuzzing): such a string is as good as absent.
   */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;
      gint64 parsed = g_ascii_strtoll (text, &end, 10);

      if (end != text && *end == '\0')
        {
          *value = parsed;
          return TRUE;
        }
    }

  return FALSE;
}

/* WordPress fields that are {"rendered": …, "raw": …} objects. */
static const char *
get_rendered (JsonObject *object,
              const char *member,
              const char *which)
{
  JsonObject *inner = get_object (json_object_get_member (object, member));

  if (inner == NULL)
    return NULL;

  return get_string (inner, which);
}

static char *
dup_or_empty (const char *text)
{
  return g_strdup (text != NULL ? text : "");
}

static gboolean
parse_entity (const char  *p,
              gunichar    *out,
              gsize       *consumed)
{
  static const struct { const char *name; gunichar c; } named[] = {
    { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
    { "nbsp", 0xa0 },
  };
  const char *semi = strchr (p, ';');
  gsize len;

  if (semi == NULL || semi - p > 10)
    return FALSE;

  len = semi - p - 1;
  if (p[1] == '#')
    {
      gboolean hex = p[2] == 'x' || p[2] == 'X';
      g_autofree char *digits = g_strndup (p + (hex ? 3 : 2), len - (hex ? 2 : 1));
      char *end = NULL;
      guint64 value;

      if (*digits == '\0')
        return FALSE;
      value = g_ascii_strtoull (digits, &end, hex ? 16 : 10);
      if (*end != '\0' || value == 0 || value > 0x10ffff || !g_unichar_validate ((gunichar) value))
        return FALSE;
      *out = (gunichar) value;
      *consumed = semi - p + 1;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if (strlen (named[i].name) == len && strncmp (p + 1, named[i].name, len) == 0)
      {
        *out = named[i].c;
        *consumed = semi - p + 1;
        return TRUE;
      }

  return FALSE;
}

/**
 * cd_wp_unescape_html:
 * @text: text with HTML character references, as WordPress renders names
 *
 * Returns: (transfer full): @text with &amp;, &#8217; and the like decoded
 */
char *
cd_wp_unescape_html (const char *text)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0';)
    {
      gunichar c;
      gsize consumed;

      if (*p == '&' && parse_entity (p, &c, &consumed))
        {
          g_string_append_unichar (out, c);
          p += consumed;
        }
      else
        {
          g_string_append_c (out, *p);
          p++;
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
cd_wp_post_free (CdWpPost *post)
{
  if (post == NULL)
    return;

  g_free (post->link);
  g_free (post->slug);
  g_free (post->status);
  g_free (post->date);
  g_free (post->date_gmt);
  g_free (post->modified_gmt);
  g_free (post->title_rendered);
  g_free (post->title_raw);
  g_free (post->content_raw);
  g_free (post->excerpt_raw);
  g_clear_pointer (&post->tags, g_array_unref);
  g_free (post);
}

void
cd_wp_media_free (CdWpMedia *media)
{
  if (media == NULL)
    return;

  g_free (media->source_url);
  g_free (media->mime_type);
  g_free (media);
}

void
cd_wp_term_free (CdWpTerm *term)
{
  if (term == NULL)
    return;

  g_free (term->name);
  g_free (term);
}

void
cd_wp_batch_item_free (CdWpBatchItem *item)
{
  if (item == NULL)
    return;

  g_clear_pointer (&item->body, json_node_unref);
  g_free (item);
}

/**
 * cd_wp_json_parse:
 * @bytes: a response body
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Parses JSON from a server we do not trust: malformed text and nesting
 * deeper than %CD_WP_JSON_MAX_DEPTH are errors, never crashes.
 *
 * Returns: (transfer full): the root node, or %NULL
 */
JsonNode *
cd_wp_json_parse (GBytes  *bytes,
                  GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      set_invalid (error, _("The server’s answer is empty"));
      return NULL;
    }

  if (!check_depth (data, len, CD_WP_JSON_MAX_DEPTH))
    {
      set_invalid (error, _("The server’s answer is nested too deeply"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      /* json-glib quotes the bad token, lone surrogates and all. */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                   /* Translators: the placeholder is the JSON parser's message */
                   _("The server’s answer is not valid JSON: %s"), reason);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      set_invalid (error, _("The server’s answer is empty"));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/**
 * cd_wp_post_from_json:
 * @node: a post object from /wp/v2/posts
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Returns: (transfer full): the post, or %NULL if @node is not one
 */
CdWpPost *
cd_wp_post_from_json (JsonNode  *node,
                      GError   **error)
{
  g_autoptr(CdWpPost) post = NULL;
  JsonObject *object = get_object (node);
  JsonNode *tags;

  if (object == NULL || !get_int (object, "id", &(gint64) { 0 }))
    {
      set_invalid (error, _("The server’s answer is not a post"));
      return NULL;
    }

  post = g_new0 (CdWpPost, 1);
  get_int (object, "id", &post->id);
  post->link = dup_or_empty (get_string (object, "link"));
  post->slug = dup_or_empty (get_string (object, "slug"));
  post->status = dup_or_empty (get_string (object, "status"));
  post->date = dup_or_empty (get_string (object, "date"));
  post->date_gmt = dup_or_empty (get_string (object, "date_gmt"));
  post->modified_gmt = dup_or_empty (get_string (object, "modified_gmt"));
  post->title_rendered = dup_or_empty (get_rendered (object, "title", "rendered"));
  post->title_raw = g_strdup (get_rendered (object, "title", "raw"));
  post->content_raw = g_strdup (get_rendered (object, "content", "raw"));
  post->excerpt_raw = g_strdup (get_rendered (object, "excerpt", "raw"));
  if (!get_int (object, "featured_media", &post->featured_media))
    post->featured_media = 0;

  post->tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  tags = json_object_get_member (object, "tags");
  if (tags != NULL && JSON_NODE_HOLDS_ARRAY (tags))
    {
      JsonArray *array = json_node_get_array (tags);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          gint64 id;

          if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
            {
              set_invalid (error, _("The server’s answer is not a post (its tags are not numbers)"));
              return NULL;
            }
          id = json_node_get_int (element);
          g_array_append_val (post->tags, id);
        }
    }

  return g_steal_pointer (&post);
}

static GPtrArray *
array_from_json (JsonNode        *node,
                 gpointer       (*parse) (JsonNode *, GError **),
                 GDestroyNotify   free_func,
                 const char      *what,
                 GError         **error)
{
  g_autoptr(GPtrArray) items = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error, what);
      return NULL;
    }

  array = json_node_get_array (node);
  items = g_ptr_array_new_full (json_array_get_length (array), free_func);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer item = parse (json_array_get_element (array, i), error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

/**
 * cd_wp_posts_from_json:
 * @node: an array of posts
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Returns: (transfer full) (element-type CdWpPost): the posts, or %NULL
 */
GPtrArray *
cd_wp_posts_from_json (JsonNode  *node,
                       GError   **error)
{
  return array_from_json (node, (gpointer) cd_wp_post_from_json,
                          (GDestroyNotify) cd_wp_post_free, _("The server’s answer is not a list of posts"), error);
}

/**
 * cd_wp_media_from_json:
 * @node: a media object from /wp/v2/media
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Returns: (transfer full): the media item, or %NULL
 */
CdWpMedia *
cd_wp_media_from_json (JsonNode  *node,
                       GError   **error)
{
  JsonObject *object = get_object (node);
  CdWpMedia *media;
  gint64 id;

  if (object == NULL || !get_int (object, "id", &id))
    {
      set_invalid (error, _("The server’s answer is not a media item"));
      return NULL;
    }

  media = g_new0 (CdWpMedia, 1);
  media->id = id;
  media->source_url = dup_or_empty (get_string (object, "source_url"));
  media->mime_type = dup_or_empty (get_string (object, "mime_type"));

  return media;
}

/**
 * cd_wp_term_from_json:
 * @node: a tag object from /wp/v2/tags
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Returns: (transfer full): the term, or %NULL
 */
CdWpTerm *
cd_wp_term_from_json (JsonNode  *node,
                      GError   **error)
{
  JsonObject *object = get_object (node);
  CdWpTerm *term;
  gint64 id;

  if (object == NULL || !get_int (object, "id", &id) || get_string (object, "name") == NULL)
    {
      set_invalid (error, _("The server’s answer is not a tag"));
      return NULL;
    }

  term = g_new0 (CdWpTerm, 1);
  term->id = id;
  term->name = g_strdup (get_string (object, "name"));

  return term;
}

/**
 * cd_wp_terms_from_json:
 * @node: an array of tags
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Returns: (transfer full) (element-type CdWpTerm): the tags, or %NULL
 */
GPtrArray *
cd_wp_terms_from_json (JsonNode  *node,
                       GError   **error)
{
  return array_from_json (node, (gpointer) cd_wp_term_from_json,
                          (GDestroyNotify) cd_wp_term_free, _("The server’s answer is not a list of tags"), error);
}

/**
 * cd_wp_batch_reply_from_json:
 * @node: the body of a `/batch/v1` reply
 * @n_requests: how many requests the batch carried
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Returns: (transfer full) (element-type CdWpBatchItem): one status and body
 *   per request, in order, or %NULL if the reply does not have exactly one
 *   response per request
 */
GPtrArray *
cd_wp_batch_reply_from_json (JsonNode  *node,
                             guint      n_requests,
                             GError   **error)
{
  g_autoptr(GPtrArray) items = NULL;
  JsonObject *object = get_object (node);
  JsonNode *responses;
  JsonArray *array;

  responses = object != NULL ? json_object_get_member (object, "responses") : NULL;
  if (responses == NULL || !JSON_NODE_HOLDS_ARRAY (responses))
    {
      set_invalid (error, _("The server’s answer is not a batch reply"));
      return NULL;
    }

  array = json_node_get_array (responses);
  if (json_array_get_length (array) != n_requests)
    {
      set_invalid (error, _("The server’s answer is not a batch reply with one answer per request"));
      return NULL;
    }

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_wp_batch_item_free);
  for (guint i = 0; i < n_requests; i++)
    {
      JsonObject *response = get_object (json_array_get_element (array, i));
      CdWpBatchItem *item;
      JsonNode *body;
      gint64 status;

      if (response == NULL || !get_int (response, "status", &status) ||
          status < 100 || status > 599)
        {
          set_invalid (error, _("The server’s answer is not a batch reply with a status per answer"));
          return NULL;
        }

      item = g_new0 (CdWpBatchItem, 1);
      item->status = (guint) status;
      body = json_object_get_member (response, "body");
      item->body = body != NULL ? json_node_copy (body) : NULL;
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

/**
 * cd_wp_index_has_route:
 * @index: the body of `GET /wp-json/`
 * @route: a route such as "/batch/v1"
 *
 * Returns: %TRUE if the site announces @route
 */
gboolean
cd_wp_index_has_route (JsonNode   *index,
                       const char *route)
{
  JsonObject *object = get_object (index);
  JsonObject *routes;

  g_return_val_if_fail (route != NULL, FALSE);

  if (object == NULL)
    return FALSE;

  routes = get_object (json_object_get_member (object, "routes"));

  return routes != NULL && json_object_has_member (routes, route);
}

/**
 * cd_wp_error_body_parse:
 * @node: a WordPress error body, `{"code", "message", "data": {"status"}}`
 * @code: (out) (optional) (transfer full): the error code
 * @message: (out) (optional) (transfer full): the message for people
 * @term_id: (out) (optional): for "term_exists", the existing term's id
 *
 * Returns: %TRUE if @node is a WordPress error
 */
gboolean
cd_wp_error_body_parse (JsonNode  *node,
                        char     **code,
                        char     **message,
                        gint64    *term_id)
{
  JsonObject *object = get_object (node);
  JsonObject *data;
  const char *code_text;

  if (term_id != NULL)
    *term_id = 0;

  if (object == NULL || (code_text = get_string (object, "code")) == NULL)
    return FALSE;

  if (code != NULL)
    *code = g_strdup (code_text);
  if (message != NULL)
    *message = g_strdup (get_string (object, "message"));

  data = get_object (json_object_get_member (object, "data"));
  if (term_id != NULL && data != NULL)
    get_int (data, "term_id", term_id);

  return TRUE;
}

/**
 * cd_wp_parse_retry_after:
 * @value: (nullable): a Retry-After header: seconds or an HTTP date
 * @now: the current time, for a date
 *
 * Returns: seconds to wait, capped at a day; 0 when @value says nothing
 */
guint
cd_wp_parse_retry_after (const char *value,
                         GDateTime  *now)
{
  g_autoptr(GDateTime) when = NULL;
  guint64 seconds;
  char *end = NULL;

  g_return_val_if_fail (now != NULL, 0);

  if (value == NULL)
    return 0;

  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_isdigit (*value))
    {
      seconds = g_ascii_strtoull (value, &end, 10);
      if (*end != '\0' && !g_ascii_isspace (*end))
        return 0;
      return (guint) MIN (seconds, 24 * 60 * 60);
    }

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL || g_date_time_compare (when, now) <= 0)
    return 0;

  seconds = g_date_time_difference (when, now) / G_TIME_SPAN_SECOND;

  return (guint) CLAMP (seconds, 1, 24 * 60 * 60);
}

/**
 * cd_wp_error_from_response:
 * @status: the HTTP status, 400 or above
 * @body: (nullable): the response body
 * @retry_after: (nullable): the Retry-After header
 *
 * Turns a WordPress failure into a %CD_TARGET_ERROR in plain words, with
 * the server's own message where it gave one.
 *
 * Returns: (transfer full): the error
 */
GError *
cd_wp_error_from_response (guint       status,
                           GBytes     *body,
                           const char *retry_after)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *plain = NULL;
  GError *error;
  guint wait;

  if (body != NULL && g_bytes_get_size (body) > 0)
    node = cd_wp_json_parse (body, NULL);
  if (node != NULL)
    cd_wp_error_body_parse (node, &code, &message, NULL);

  if (message != NULL && *message != '\0')
    plain = g_strdup (message);
  else
    /* Translators: the placeholders are an HTTP status and its name, e.g. "404 Not Found" */
    plain = g_strdup_printf (_("the server answered %1$u %2$s"),
                             status, soup_status_get_phrase (status));

  wait = cd_wp_parse_retry_after (retry_after, now);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      error = g_error_new_literal (CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH,
                                   _("The server refused the user name or application password — "
                                     "check the application password"));
    }
  else if (status == 429)
    {
      error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_RATE_LIMITED,
                           /* Translators: the placeholder is the server's own message */
                           _("The site is receiving too many requests: %s"), plain);
    }
  else if (status >= 500)
    {
      error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_SERVER,
                           /* Translators: the placeholder is the server's own message */
                           _("The site failed: %s"), plain);
    }
  else
    {
      error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED,
                           /* Translators: the placeholder is the server's own message */
                           _("The site refused the request: %s"), plain);
    }

  _cd_target_error_set_details (error, status, code, wait,
                                g_strcmp0 (code, SIDELOAD_ERROR) == 0);

  return error;
}
