/* cd-wordpress-target.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-wordpress-target"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-http.h"
#include "cd-render.h"
#include "cd-target-private.h"
#include "cd-wordpress-json.h"
#include "cd-wordpress-target-private.h"

static void target_iface_init (CdTargetInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdWordpressTarget, cd_wordpress_target, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CD_TYPE_TARGET, target_iface_init))

enum {
  PROP_0,
  PROP_URL,
  PROP_USER,
  PROP_PASSWORD,
  PROP_SESSION,
  N_PROPS,
  PROP_ACCOUNT = N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* --- requests ----------------------------------------------------------- */

typedef struct
{
  SoupMessage *msg;
  char        *host;
  gint64       error_term_id;  /* from a "term_exists" error body */
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_clear_object (&data->msg);
  g_free (data->host);
  g_free (data);
}

static char *
build_uri (CdWordpressTarget *self,
           ApiMode            mode,
           const char        *route,
           const char        *query)
{
  gboolean has_query = query != NULL && *query != '\0';

  if (mode == API_QUERY)
    {
      g_autofree char *escaped = g_uri_escape_string (route, "/", FALSE);

      return g_strdup_printf ("%s/?rest_route=%s%s%s", self->url, escaped,
                              has_query ? "&" : "", has_query ? query : "");
    }

  return g_strdup_printf ("%s/wp-json%s%s%s", self->url, route,
                          has_query ? "?" : "", has_query ? query : "");
}

static SoupMessage *
build_message (CdWordpressTarget *self,
               ApiMode            mode,
               const char        *method,
               const char        *route,
               const char        *query)
{
  g_autofree char *uri = build_uri (self, mode, route, query);
  SoupMessage *msg;
  SoupMessageHeaders *headers;

  msg = soup_message_new (method, uri);
  if (msg == NULL)
    return NULL;

  /* WordPress's 401 carries no WWW-Authenticate, so libsoup would never
   * answer a challenge: send the credentials with every request.
   */
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");

  /* libsoup would follow a redirect to another site: it drops the
   * Authorization header there, but we would still send the story and
   * trust that site's answers. A redirect is an error instead.
   */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  return msg;
}

static GError *
redirect_error (SoupMessage *msg,
                const char  *host)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *location = soup_message_headers_get_one (headers, "Location");
  guint status = soup_message_get_status (msg);
  GError *error;

  error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED,
                       /* Translators: the first placeholder is a host name, the second
                        * the address it sends us to; "redirect" as in HTTP */
                       _("%1$s redirected the request to %2$s; if the site has moved, "
                         "change the account’s address"),
                       host, location != NULL ? location : "?");
  _cd_target_error_set_details (error, status, NULL, 0, TRUE);

  return error;
}

static GError *
map_transport_error (const GError *error,
                     const char   *host)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      return g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_TIMEOUT,
                          /* Translators: the placeholder is a host name, e.g. "news.example.org" */
                          _("%s did not answer in time"), host);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    return g_error_new_literal (CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID, error->message);

  if (error->domain == G_TLS_ERROR)
    {
      mapped = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_NETWORK,
                            /* Translators: the first placeholder is a host name, the second the TLS library's message */
                            _("Could not make a secure connection to %1$s: %2$s"),
                            host, error->message);
      _cd_target_error_set_details (mapped, 0, NULL, 0, TRUE);
      return mapped;
    }

  if (error->domain == G_RESOLVER_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    {
      return g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_NETWORK,
                          /* Translators: the first placeholder is a host name, the second the system's message */
                          _("Could not reach %1$s: %2$s"), host, error->message);
    }

  return g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_NETWORK,
                      /* Translators: the first placeholder is a host name, the second the system's message */
                      _("The connection to %1$s was lost: %2$s"), host, error->message);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;
  JsonNode *node;

  body = cd_http_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, map_transport_error (error, data->host));
      return;
    }

  status = soup_message_get_status (data->msg);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      g_task_return_error (task, redirect_error (data->msg, data->host));
      return;
    }

  if (status >= 400)
    {
      const char *retry_after;

      retry_after = soup_message_headers_get_one (soup_message_get_response_headers (data->msg),
                                                  "Retry-After");
      node = cd_wp_json_parse (body, NULL);
      if (node != NULL)
        cd_wp_error_body_parse (node, NULL, NULL, &data->error_term_id);
      g_clear_pointer (&node, json_node_unref);
      g_task_return_error (task, cd_wp_error_from_response (status, body, retry_after));
      return;
    }

  if (status < 200 || status >= 300)
    {
      g_task_return_error (task, cd_wp_error_from_response (status, body, NULL));
      return;
    }

  if (g_bytes_get_size (body) == 0)
    {
      g_task_return_pointer (task, json_node_new (JSON_NODE_NULL), (GDestroyNotify) json_node_unref);
      return;
    }

  node = cd_wp_json_parse (body, &error);
  if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

/* Sends @msg; the result is the parsed JSON body of a 2xx answer, or a
 * CD_TARGET_ERROR. A "term_exists" error's term id stays reachable through
 * request_get_error_term_id().
 */
static void
send_message_async (CdWordpressTarget   *self,
                    SoupMessage         *msg,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RequestData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, send_message_async);

  data = g_new0 (RequestData, 1);
  data->msg = g_object_ref (msg);
  data->host = g_strdup (g_uri_get_host (soup_message_get_uri (msg)));
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);

  self->request_count++;
  cd_http_send_async (self->session, msg, CD_HTTP_MAX_RESPONSE_BYTES, cancellable,
                      send_cb, g_steal_pointer (&task));
}

JsonNode *
_cd_wordpress_target_request_finish (CdWordpressTarget  *self,
                     GAsyncResult       *result,
                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gint64
request_get_error_term_id (GAsyncResult *result)
{
  RequestData *data = g_task_get_task_data (G_TASK (result));

  return data != NULL ? data->error_term_id : 0;
}

void
_cd_wordpress_target_request_async (CdWordpressTarget   *self,
               const char          *method,
               const char          *route,
               const char          *query,
               JsonNode            *json_body,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(SoupMessage) msg = NULL;

  g_assert (self->api_mode != API_UNKNOWN);

  msg = build_message (self, self->api_mode, method, route, query);
  if (msg == NULL)
    {
      g_task_report_new_error (self, callback, user_data, send_message_async,
                               CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               /* Translators: the placeholder is a site address */
                               _("Could not build a request for %s"), self->url);
      return;
    }

  if (json_body != NULL)
    {
      g_autofree char *text = json_to_string (json_body, FALSE);
      gsize len = strlen (text);

      soup_message_set_request_body_from_bytes (msg, "application/json",
                                                g_bytes_new_take (g_steal_pointer (&text), len));
    }

  send_message_async (self, msg, cancellable, callback, user_data);
}

static char *
query_escape (const char *value)
{
  return g_uri_escape_string (value, NULL, FALSE);
}

char *
_cd_wordpress_id_to_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* Whether the site stored the tags sent, in any order. */
gboolean
_cd_wordpress_same_tags (GArray *sent,
                         GArray *got)
{
  if (sent->len != got->len)
    return FALSE;

  for (guint i = 0; i < sent->len; i++)
    {
      gint64 id = g_array_index (sent, gint64, i);
      gboolean found = FALSE;

      for (guint j = 0; j < got->len && !found; j++)
        found = g_array_index (got, gint64, j) == id;
      if (!found)
        return FALSE;
    }

  return TRUE;
}

/* --- discovery ---------------------------------------------------------- */

static void
discover_query_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) index = NULL;
  g_autoptr(GError) error = NULL;

  index = _cd_wordpress_target_request_finish (self, result, &error);
  if (index == NULL || !cd_wp_index_has_route (index, "/"))
    {
      if (error != NULL && (error->domain != CD_TARGET_ERROR ||
                            error->code != CD_TARGET_ERROR_INVALID))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED,
                               /* Translators: the placeholder is a site address */
                               _("%s does not look like a WordPress site: its REST API did not answer"),
                               self->url);
      return;
    }

  self->api_mode = API_QUERY;
  self->has_batch = cd_wp_index_has_route (index, "/batch/v1");
  g_task_return_boolean (task, TRUE);
}

static void
discover_pretty_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  GCancellable *cancellable;

  index = _cd_wordpress_target_request_finish (self, result, &error);
  if (index != NULL && cd_wp_index_has_route (index, "/"))
    {
      self->api_mode = API_PRETTY;
      self->has_batch = cd_wp_index_has_route (index, "/batch/v1");
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* A wrong password, an unreachable host or a cancel is the answer; only
   * "this is not the API" (HTML, a 404) is worth the second address.
   */
  if (error != NULL &&
      !g_error_matches (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID) &&
      !(g_error_matches (error, CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED) &&
        cd_target_error_get_http_status (error) == SOUP_STATUS_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  msg = build_message (self, API_QUERY, "GET", "/", NULL);
  cancellable = g_task_get_cancellable (task);
  send_message_async (self, msg, cancellable, discover_query_cb, g_steal_pointer (&task));
}

static void start_discovery (CdWordpressTarget *self,
                             GCancellable      *cancellable);

/* Answers every caller of the discovery that ended. One that was not
 * cancelled itself while the discovery was (it ran with the first caller's
 * cancellable) starts it again for those left.
 */
static void
discovered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->api_waiters);
  g_autoptr(GPtrArray) left = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean cancelled;

  g_task_propagate_boolean (G_TASK (result), &error);
  cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  for (guint i = 0; i < waiters->len; i++)
    {
      g_autoptr(GTask) waiter = g_ptr_array_index (waiters, i);
      GCancellable *cancellable = g_task_get_cancellable (waiter);

      if (error == NULL)
        g_task_return_boolean (waiter, TRUE);
      else if (cancelled && !g_cancellable_is_cancelled (cancellable))
        g_ptr_array_add (left, g_steal_pointer (&waiter));
      else
        g_task_return_error (waiter, g_error_copy (error));
    }

  if (left->len > 0)
    {
      GCancellable *cancellable = g_task_get_cancellable (g_ptr_array_index (left, 0));

      self->api_waiters = g_steal_pointer (&left);
      start_discovery (self, cancellable);
    }
}

/* Finds where the REST API lives (and whether it has the batch endpoint);
 * pretty permalinks first, then ?rest_route= for sites without them.
 */
static void
start_discovery (CdWordpressTarget *self,
                 GCancellable      *cancellable)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  task = g_task_new (self, cancellable, discovered_cb, NULL);
  g_task_set_source_tag (task, start_discovery);

  msg = build_message (self, API_PRETTY, "GET", "/", NULL);
  if (msg == NULL)
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               _("Could not build a request for %s"), self->url);
      return;
    }

  send_message_async (self, msg, cancellable, discover_pretty_cb, g_steal_pointer (&task));
}

/* Knows where the REST API lives once one discovery has answered; the
 * callers that ask while it runs share it.
 */
void
_cd_wordpress_target_ensure_api_async (CdWordpressTarget   *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _cd_wordpress_target_ensure_api_async);

  if (self->api_mode != API_UNKNOWN)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->api_waiters != NULL)
    {
      g_ptr_array_add (self->api_waiters, g_steal_pointer (&task));
      return;
    }

  self->api_waiters = g_ptr_array_new ();
  g_ptr_array_add (self->api_waiters, g_steal_pointer (&task));
  start_discovery (self, cancellable);
}

gboolean
_cd_wordpress_target_ensure_api_finish (CdWordpressTarget  *self,
                   GAsyncResult       *result,
                   GError            **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- tags --------------------------------------------------------------- */

typedef struct
{
  char     *name;
  char     *key;
  gboolean  create;
} TagData;

static void
tag_data_free (TagData *data)
{
  g_free (data->name);
  g_free (data->key);
  g_free (data);
}

static char *
tag_key (const char *name)
{
  g_autofree char *plain = cd_wp_unescape_html (name);
  g_autofree char *stripped = g_strstrip (g_strdup (plain));

  return g_utf8_casefold (stripped, -1);
}

static void
tag_create_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  g_autoptr(GTask) task = user_data;
  TagData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(CdWpTerm) term = NULL;
  g_autofree char *key = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (self, result, &error);
  if (node == NULL)
    {
      gint64 existing = request_get_error_term_id (result);

      /* Another push created it since our search, or the site folds the
       * name into one we did not match: its answer names the tag's id.
       */
      if (g_strcmp0 (cd_target_error_get_server_code (error), "term_exists") == 0 && existing > 0)
        {
          g_clear_error (&error);
          g_hash_table_insert (self->tag_ids, g_strdup (data->key),
                               g_memdup2 (&existing, sizeof existing));
          g_task_return_int (task, existing);
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  term = cd_wp_term_from_json (node, &error);
  if (term == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A garbled or canned answer can still parse as a term: remembering its
   * id would put a wrong tag on every later write, which the site drops
   * without a word. The answer to a create names the tag that was made.
   */
  key = tag_key (term->name != NULL ? term->name : "");
  if (!g_str_equal (key, data->key))
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_SERVER,
                               /* Translators: the placeholder is a tag name */
                               _("The site’s answer to making the tag “%s” names another tag"),
                               data->name);
      return;
    }

  g_hash_table_insert (self->tag_ids, g_strdup (data->key), g_memdup2 (&term->id, sizeof term->id));
  g_task_return_int (task, term->id);
}

static void
tag_search_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  g_autoptr(GTask) task = user_data;
  TagData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (self, result, &error);
  if (node == NULL || (terms = cd_wp_terms_from_json (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < terms->len; i++)
    {
      CdWpTerm *term = g_ptr_array_index (terms, i);
      g_autofree char *key = tag_key (term->name);

      if (g_str_equal (key, data->key))
        {
          g_hash_table_insert (self->tag_ids, g_strdup (data->key),
                               g_memdup2 (&term->id, sizeof term->id));
          g_task_return_int (task, term->id);
          return;
        }
    }

  if (!data->create)
    {
      g_task_return_int (task, 0);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, data->name);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  cancellable = g_task_get_cancellable (task);
  _cd_wordpress_target_request_async (self, "POST", "/wp/v2/tags", NULL, body, cancellable,
                 tag_create_cb, g_steal_pointer (&task));
}

/* Resolves a tag name to its id, from the cache or the site; creates the
 * tag when @create. The result is the id, or 0 when absent and !@create.
 */
void
_cd_wordpress_target_resolve_tag_async (CdWordpressTarget   *self,
                   const char          *name,
                   gboolean             create,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *query = NULL;
  TagData *data;
  gint64 *cached;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _cd_wordpress_target_resolve_tag_async);

  data = g_new0 (TagData, 1);
  data->name = g_strdup (name);
  data->key = tag_key (name);
  data->create = create;
  g_task_set_task_data (task, data, (GDestroyNotify) tag_data_free);

  cached = g_hash_table_lookup (self->tag_ids, data->key);
  if (cached != NULL)
    {
      g_task_return_int (task, *cached);
      return;
    }

  escaped = query_escape (name);
  query = g_strdup_printf ("search=%s&per_page=100&_fields=id,name", escaped);
  _cd_wordpress_target_request_async (self, "GET", "/wp/v2/tags", query, NULL, cancellable,
                 tag_search_cb, g_steal_pointer (&task));
}

gint64
_cd_wordpress_target_resolve_tag_finish (CdWordpressTarget  *self,
                    GAsyncResult       *result,
                    GError            **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

/* --- push --------------------------------------------------------------- */

/* What a push reads of a media item: WordPress leaves out the rest. */
#define MEDIA_FIELDS "_fields=id,source_url,mime_type"

typedef struct
{
  CdStory            *story;
  CdCreditFormat      format;
  CdTargetPushFlags   flags;
  CdTargetPushResult *result;
  char               *post_id;     /* NULL: create */
  guint               photo_index;
  GBytes             *photo_bytes;
  gboolean            force_upload;
  gboolean            looked_up;   /* for an upload of the photo in hand */
  char               *media_id;    /* of the photo in hand */
  GStrv               tags;
  guint               tag_index;
  GArray             *tag_ids;     /* gint64 */
  char               *sent_title;
  gint64              featured;
} PushData;

static void
push_data_free (PushData *data)
{
  g_clear_object (&data->story);
  g_clear_pointer (&data->result, cd_target_push_result_free);
  g_free (data->post_id);
  g_clear_pointer (&data->photo_bytes, g_bytes_unref);
  g_free (data->media_id);
  g_strfreev (data->tags);
  g_clear_pointer (&data->tag_ids, g_array_unref);
  g_free (data->sent_title);
  g_free (data);
}

static void push_next_photo (GTask *task);
static void push_next_tag   (GTask *task);

static CdPhoto *
push_current_photo (PushData *data)
{
  return g_list_model_get_item (cd_story_get_photos (data->story), data->photo_index);
}

static char *
media_url_for_photo (CdPhoto  *photo,
                     gpointer  user_data)
{
  PushData *data = user_data;

  for (guint i = 0; i < data->result->media->len; i++)
    {
      CdTargetMedia *media = g_ptr_array_index (data->result->media, i);

      if (g_str_equal (media->photo_id, cd_photo_get_id (photo)))
        return g_strdup (media->url);
    }

  return NULL;
}

static void
push_post_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  g_autoptr(GTask) task = user_data;
  PushData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(CdWpPost) post = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (self, result, &error);
  if (node == NULL || (post = cd_wp_post_from_json (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* WordPress drops unknown tag ids and a bad featured_media without a
   * word; what it stored is what it sends back.
   */
  if (!_cd_wordpress_same_tags (data->tag_ids, post->tags))
    {
      /* An id we remembered may be the one that is wrong (a garbled answer
       * when the tag was made): look every tag up afresh next time. */
      g_hash_table_remove_all (self->tag_ids);
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_MISMATCH,
                               _("The site stored other tags than the ones sent"));
      return;
    }
  if (post->featured_media != data->featured)
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_MISMATCH,
                               _("The site did not keep the featured image"));
      return;
    }
  if (post->title_raw != NULL && g_strcmp0 (post->title_raw, data->sent_title) != 0)
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_MISMATCH,
                               _("The site stored another title than the one sent"));
      return;
    }

  g_free (data->result->remote_id);
  data->result->remote_id = _cd_wordpress_id_to_string (post->id);
  g_free (data->result->link);
  data->result->link = g_strdup (post->link);
  g_free (data->result->modified);
  data->result->modified = g_strdup (post->modified_gmt);

  g_task_return_pointer (task, g_steal_pointer (&data->result),
                         (GDestroyNotify) cd_target_push_result_free);
}

static void
push_send_post (GTask *task)
{
  CdWordpressTarget *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *content = NULL;
  g_autofree char *excerpt = NULL;
  g_autofree char *route = NULL;
  GDateTime *publish_at;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  content = cd_render_story_content (data->story, data->format, media_url_for_photo, data);
  data->sent_title = cd_render_escape (cd_story_get_headline (data->story));
  excerpt = cd_render_escape (cd_story_get_dek (data->story));
  data->featured = 0;
  if (data->result->media->len > 0)
    {
      CdTargetMedia *first = g_ptr_array_index (data->result->media, 0);

      data->featured = g_ascii_strtoll (first->media_id, NULL, 10);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, data->sent_title);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_set_member_name (builder, "excerpt");
  json_builder_add_string_value (builder, excerpt);
  if (data->post_id == NULL)
    {
      json_builder_set_member_name (builder, "slug");
      json_builder_add_string_value (builder, data->result->client_slug);
    }
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < data->tag_ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (data->tag_ids, gint64, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "featured_media");
  json_builder_add_int_value (builder, data->featured);

  publish_at = cd_story_get_publish_at (data->story);
  if (publish_at != NULL && g_date_time_compare (publish_at, now) > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (publish_at);
      g_autofree char *date_gmt = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "future");
      json_builder_set_member_name (builder, "date_gmt");
      json_builder_add_string_value (builder, date_gmt);
    }
  else
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "publish");
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  route = data->post_id != NULL ? g_strdup_printf ("/wp/v2/posts/%s", data->post_id)
                                : g_strdup ("/wp/v2/posts");
  /* Only what push_post_cb() checks and records: WordPress then skips
   * rendering the content and excerpt through its filters for the answer. */
  _cd_wordpress_target_request_async (self, "POST", route,
                                      "_fields=id,link,modified_gmt,tags,featured_media,title",
                                      body, g_task_get_cancellable (task), push_post_cb, task);
}

static void
push_tag_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  PushData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 id;

  id = _cd_wordpress_target_resolve_tag_finish (CD_WORDPRESS_TARGET (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_array_append_val (data->tag_ids, id);
  data->tag_index++;
  push_next_tag (task);
}

static void
push_next_tag (GTask *task)
{
  CdWordpressTarget *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);

  /* Skip empty names and repeats, which WordPress would fold into one. */
  while (data->tags[data->tag_index] != NULL)
    {
      const char *name = data->tags[data->tag_index];
      g_autofree char *key = tag_key (name);
      gboolean repeat = FALSE;

      for (guint i = 0; i < data->tag_index && !repeat; i++)
        {
          g_autofree char *other = tag_key (data->tags[i]);

          repeat = g_str_equal (key, other);
        }
      if (*key != '\0' && !repeat)
        break;
      data->tag_index++;
    }

  if (data->tags[data->tag_index] == NULL)
    {
      push_send_post (task);
      return;
    }

  _cd_wordpress_target_resolve_tag_async (self, data->tags[data->tag_index], TRUE, g_task_get_cancellable (task),
                     push_tag_cb, task);
}

static void
push_media_meta_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  GTask *task = user_data;
  PushData *data = g_task_get_task_data (task);
  g_autoptr(CdPhoto) photo = push_current_photo (data);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(CdWpMedia) media = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (self, result, &error);
  if (node == NULL && data->photo_bytes == NULL &&
      g_error_matches (error, CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED) &&
      cd_target_error_get_http_status (error) == SOUP_STATUS_NOT_FOUND)
    {
      /* The media we uploaded before was deleted on the site: upload anew. */
      g_clear_error (&error);
      g_clear_pointer (&data->media_id, g_free);
      data->force_upload = TRUE;
      push_next_photo (task);
      return;
    }

  if (node == NULL || (media = cd_wp_media_from_json (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_ptr_array_add (data->result->media,
                   cd_target_media_new (cd_photo_get_id (photo), data->media_id,
                                        cd_photo_get_content_hash (photo), media->source_url));
  g_clear_pointer (&data->media_id, g_free);
  g_clear_pointer (&data->photo_bytes, g_bytes_unref);
  data->force_upload = FALSE;
  data->looked_up = FALSE;
  data->photo_index++;
  push_next_photo (task);
}

static void
push_send_media_meta (GTask *task)
{
  CdWordpressTarget *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  g_autoptr(CdPhoto) photo = push_current_photo (data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *caption_html = NULL;
  g_autofree char *route = NULL;

  caption = cd_render_caption_text (cd_photo_get_caption (photo), cd_photo_get_credit (photo),
                                    data->format);
  caption_html = cd_render_escape (caption);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "caption");
  json_builder_add_string_value (builder, caption_html);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, caption_html);
  json_builder_set_member_name (builder, "alt_text");
  json_builder_add_string_value (builder, cd_photo_get_alt_text (photo));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  route = g_strdup_printf ("/wp/v2/media/%s", data->media_id);
  _cd_wordpress_target_request_async (self, "POST", route, MEDIA_FIELDS, body,
                                      g_task_get_cancellable (task), push_media_meta_cb, task);
}

/* Goes on with the media in @node (an upload's answer or one found by
 * its slug), or fails the push with @error when there is none.
 */
static void
push_media_answered (GTask    *task,
                     JsonNode *node,
                     GError   *error)
{
  PushData *data = g_task_get_task_data (task);
  g_autoptr(CdWpMedia) media = NULL;

  if (node == NULL || (media = cd_wp_media_from_json (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  data->media_id = _cd_wordpress_id_to_string (media->id);
  push_send_media_meta (task);
}

static void
push_upload_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (CD_WORDPRESS_TARGET (object), result, &error);
  push_media_answered (user_data, node, error);
}

/* The slug an upload of @photo asks for, so that an upload whose answer
 * was lost can be found again: pieces of the photo's id and of its
 * content's hash (another content is another upload).
 */
static char *
media_client_slug (CdPhoto *photo)
{
  g_autoptr(GString) slug = g_string_new ("copydesk-");
  const char *parts[] = { cd_photo_get_id (photo), cd_photo_get_content_hash (photo) };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      gsize start = slug->len;

      if (i > 0)
        g_string_append_c (slug, '-');
      for (const char *p = parts[i]; p != NULL && *p != '\0' && slug->len - start < 12; p++)
        if (g_ascii_isalnum (*p))
          g_string_append_c (slug, g_ascii_tolower (*p));
    }

  return g_string_free (g_steal_pointer (&slug), FALSE);
}

static void
push_photo_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  CdWordpressTarget *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  g_autoptr(CdPhoto) photo = push_current_photo (data);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *query = NULL;
  const char *name;
  const char *mime_type;
  GError *error = NULL;
  gsize len;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &len, NULL, &error))
    {
      GError *invalid;

      invalid = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                             /* Translators: the first placeholder is a file name, the second the system's message */
                             _("Could not read the photo %1$s: %2$s"),
                             cd_photo_get_file_path (photo), error->message);
      g_error_free (error);
      g_task_return_error (task, invalid);
      g_object_unref (task);
      return;
    }

  data->photo_bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

  name = cd_photo_get_original_name (photo);
  if (*name == '\0')
    name = cd_photo_get_file_path (photo);
  {
    g_autofree char *base = g_path_get_basename (name);

    disposition = cd_http_content_disposition (base);
  }
  mime_type = cd_photo_get_mime_type (photo);
  if (*mime_type == '\0')
    mime_type = "application/octet-stream";

  slug = media_client_slug (photo);
  query = g_strdup_printf ("slug=%s&" MEDIA_FIELDS, slug);
  msg = build_message (self, self->api_mode, "POST", "/wp/v2/media", query);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Content-Disposition", disposition);
  soup_message_set_request_body_from_bytes (msg, mime_type, data->photo_bytes);
  send_message_async (self, msg, g_task_get_cancellable (task), push_upload_cb, task);
}

static void
push_upload_photo (GTask *task)
{
  PushData *data = g_task_get_task_data (task);
  g_autoptr(CdPhoto) photo = push_current_photo (data);
  g_autoptr(GFile) file = g_file_new_for_path (cd_photo_get_file_path (photo));

  g_file_load_contents_async (file, g_task_get_cancellable (task), push_photo_loaded_cb, task);
}

static void
push_media_found_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (CD_WORDPRESS_TARGET (object), result, &error);

  /* None: the earlier attempt never got this far. */
  if (node != NULL &&
      (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0))
    {
      push_upload_photo (task);
      return;
    }

  push_media_answered (task, node != NULL ? json_array_get_element (json_node_get_array (node), 0) : NULL,
                       error);
}

static void
push_next_photo (GTask *task)
{
  CdWordpressTarget *self = g_task_get_source_object (task);
  PushData *data = g_task_get_task_data (task);
  g_autoptr(CdPhoto) photo = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *query = NULL;
  const char *media_id;
  const char *hash;

  if (data->photo_index >= g_list_model_get_n_items (cd_story_get_photos (data->story)))
    {
      push_next_tag (task);
      return;
    }

  photo = push_current_photo (data);
  media_id = cd_photo_get_remote_media_id (photo, self->account);
  hash = cd_photo_get_remote_media_hash (photo, self->account);

  /* Unchanged since its upload: only its caption and alt text are sent. */
  if (!data->force_upload && media_id != NULL &&
      g_strcmp0 (hash, cd_photo_get_content_hash (photo)) == 0)
    {
      data->media_id = g_strdup (media_id);
      push_send_media_meta (task);
      return;
    }

  /* A retry: the upload may be on the site already, its answer lost. */
  if ((data->flags & CD_TARGET_PUSH_RETRY) != 0 && !data->force_upload && !data->looked_up)
    {
      data->looked_up = TRUE;
      slug = media_client_slug (photo);
      query = g_strdup_printf ("slug=%s&" MEDIA_FIELDS, slug);
      _cd_wordpress_target_request_async (self, "GET", "/wp/v2/media", query, NULL,
                                          g_task_get_cancellable (task), push_media_found_cb, task);
      return;
    }

  push_upload_photo (task);
}

static void
push_found_by_slug_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  GTask *task = user_data;
  PushData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (self, result, &error);
  if (node == NULL || (posts = cd_wp_posts_from_json (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  /* An earlier create got through though its answer was lost: adopt it. */
  for (guint i = 0; i < posts->len; i++)
    {
      CdWpPost *post = g_ptr_array_index (posts, i);

      if (g_str_equal (post->slug, data->result->client_slug) &&
          !g_str_equal (post->status, "trash"))
        {
          g_debug ("Adopting post %" G_GINT64_FORMAT " found by its slug", post->id);
          data->post_id = _cd_wordpress_id_to_string (post->id);
          break;
        }
    }

  push_next_photo (task);
}

static void
push_check_post_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  GTask *task = user_data;
  PushData *data = g_task_get_task_data (task);
  const CdRemote *remote = cd_story_get_remote (data->story, self->account);
  gboolean overwrite = (data->flags & CD_TARGET_PUSH_OVERWRITE) != 0;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(CdWpPost) post = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (self, result, &error);
  if (node == NULL && g_error_matches (error, CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED) &&
      cd_target_error_get_http_status (error) == SOUP_STATUS_NOT_FOUND)
    {
      g_clear_error (&error);
      if (!overwrite)
        {
          g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_CONFLICT,
                                   _("The post was deleted on the site since the last push"));
          g_object_unref (task);
          return;
        }
      g_clear_pointer (&data->post_id, g_free);
      push_next_photo (task);
      return;
    }

  if (node == NULL || (post = cd_wp_post_from_json (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (!overwrite && remote->modified != NULL && g_strcmp0 (remote->modified, post->modified_gmt) != 0)
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_CONFLICT,
                               _("The post was changed on the site since the last push"));
      g_object_unref (task);
      return;
    }

  push_next_photo (task);
}

static void
push_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  GTask *task = user_data;
  PushData *data = g_task_get_task_data (task);
  const CdRemote *remote = cd_story_get_remote (data->story, self->account);
  GError *error = NULL;

  if (!_cd_wordpress_target_ensure_api_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (data->post_id != NULL)
    {
      g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s", data->post_id);

      _cd_wordpress_target_request_async (self, "GET", route, "context=edit&_fields=id,modified_gmt,status",
                     NULL, g_task_get_cancellable (task), push_check_post_cb, task);
      return;
    }

  if (remote != NULL && remote->client_slug != NULL && (data->flags & CD_TARGET_PUSH_NEW_SLUG) == 0)
    {
      g_autofree char *escaped = query_escape (data->result->client_slug);
      g_autofree char *query = g_strdup_printf ("slug=%s&status=any&context=edit"
                                                "&_fields=id,slug,status", escaped);

      _cd_wordpress_target_request_async (self, "GET", "/wp/v2/posts", query, NULL, g_task_get_cancellable (task),
                     push_found_by_slug_cb, task);
      return;
    }

  push_next_photo (task);
}

static void
cd_wordpress_target_push_story_async (CdTarget            *target,
                                      CdStory             *story,
                                      CdCreditFormat       format,
                                      CdTargetPushFlags    flags,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (target);
  const CdRemote *remote;
  GTask *task;
  PushData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_wordpress_target_push_story_async);

  data = g_new0 (PushData, 1);
  data->story = g_object_ref (story);
  data->format = format;
  data->flags = flags;
  data->result = cd_target_push_result_new ();
  data->tags = g_strdupv ((char **) cd_story_get_tags (story));
  if (data->tags == NULL)
    data->tags = g_new0 (char *, 1);
  data->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_task_set_task_data (task, data, (GDestroyNotify) push_data_free);

  remote = cd_story_get_remote (story, self->account);
  if (remote != NULL && remote->remote_id != NULL)
    data->post_id = g_strdup (remote->remote_id);
  if (remote != NULL && remote->client_slug != NULL)
    data->result->client_slug = g_strdup (remote->client_slug);
  else
    data->result->client_slug = cd_target_choose_client_slug (story);

  _cd_wordpress_target_ensure_api_async (self, cancellable, push_ready_cb, task);
}

static CdTargetPushResult *
cd_wordpress_target_push_story_finish (CdTarget      *target,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, target), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- test connection ---------------------------------------------------- */

static void
test_me_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  JsonObject *object_;
  const char *name = NULL;

  node = _cd_wordpress_target_request_finish (CD_WORDPRESS_TARGET (object), result, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  object_ = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (object_ != NULL && json_object_has_member (object_, "name"))
    name = json_object_get_string_member_with_default (object_, "name", NULL);
  if (name == NULL)
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               _("The site answered, but not with the signed-in user"));
      return;
    }

  /* Translators: the placeholder is the WordPress user's display name */
  g_task_return_pointer (task, g_strdup_printf (_("Signed in as %s"), name), g_free);
}

static void
test_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!_cd_wordpress_target_ensure_api_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Public endpoints answer 200 whatever the password; this one does not. */
  cancellable = g_task_get_cancellable (task);
  _cd_wordpress_target_request_async (self, "GET", "/wp/v2/users/me", "context=edit&_fields=id,name", NULL,
                 cancellable, test_me_cb, g_steal_pointer (&task));
}

static void
cd_wordpress_target_test_connection_async (CdTarget            *target,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (target);
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_wordpress_target_test_connection_async);

  _cd_wordpress_target_ensure_api_async (self, cancellable, test_ready_cb, task);
}

static char *
cd_wordpress_target_test_connection_finish (CdTarget      *target,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, target), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const char *
cd_wordpress_target_get_account (CdTarget *target)
{
  return CD_WORDPRESS_TARGET (target)->account;
}

static void
target_iface_init (CdTargetInterface *iface)
{
  iface->get_account = cd_wordpress_target_get_account;
  iface->push_story_async = cd_wordpress_target_push_story_async;
  iface->push_story_finish = cd_wordpress_target_push_story_finish;
  iface->list_published_async = _cd_wordpress_target_list_published_async;
  iface->list_published_finish = _cd_wordpress_target_list_published_finish;
  iface->set_archived_async = _cd_wordpress_target_set_archived_async;
  iface->set_archived_finish = _cd_wordpress_target_set_archived_finish;
  iface->test_connection_async = cd_wordpress_target_test_connection_async;
  iface->test_connection_finish = cd_wordpress_target_test_connection_finish;
}

/* --- GObject ------------------------------------------------------------ */

static void
cd_wordpress_target_dispose (GObject *object)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (cd_wordpress_target_parent_class)->dispose (object);
}

static void
cd_wordpress_target_finalize (GObject *object)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);

  g_free (self->account);
  g_free (self->url);
  g_free (self->user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  g_clear_pointer (&self->tag_ids, g_hash_table_unref);
  g_clear_pointer (&self->api_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (cd_wordpress_target_parent_class)->finalize (object);
}

static void
cd_wordpress_target_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_string (value, cd_target_get_account (CD_TARGET (self)));
      break;
    case PROP_URL:
      g_value_set_string (value, cd_wordpress_target_get_url (self));
      break;
    case PROP_USER:
      g_value_set_string (value, cd_wordpress_target_get_user (self));
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_wordpress_target_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_string (value);
      break;
    case PROP_URL:
      {
        g_autofree char *url = g_value_dup_string (value);

        /* Paths are appended to it: no trailing slash. */
        while (url != NULL && g_str_has_suffix (url, "/"))
          url[strlen (url) - 1] = '\0';
        self->url = g_steal_pointer (&url);
      }
      break;
    case PROP_USER:
      self->user = g_value_dup_string (value);
      break;
    case PROP_PASSWORD:
      self->password = g_value_dup_string (value);
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_wordpress_target_constructed (GObject *object)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;

  G_OBJECT_CLASS (cd_wordpress_target_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = cd_http_session_new ();
  if (self->account == NULL)
    self->account = g_strdup ("wordpress");

  credentials = g_strdup_printf ("%s:%s", self->user != NULL ? self->user : "",
                                 self->password != NULL ? self->password : "");
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  self->authorization = g_strdup_printf ("Basic %s", encoded);
  memset (credentials, 0, strlen (credentials));
  memset (encoded, 0, strlen (encoded));
}

static void
cd_wordpress_target_class_init (CdWordpressTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cd_wordpress_target_constructed;
  object_class->dispose = cd_wordpress_target_dispose;
  object_class->finalize = cd_wordpress_target_finalize;
  object_class->get_property = cd_wordpress_target_get_property;
  object_class->set_property = cd_wordpress_target_set_property;

  /**
   * CdWordpressTarget:url:
   *
   * The site's address, e.g. "https://news.example.org".
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CdWordpressTarget:user:
   *
   * The WordPress user name.
   */
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CdWordpressTarget:password:
   *
   * The application password; write-only, never shown.
   */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CdWordpressTarget:session:
   *
   * The #SoupSession to send through; a new one from cd_http_session_new()
   * when %NULL.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_ACCOUNT, "account");
}

static void
cd_wordpress_target_init (CdWordpressTarget *self)
{
  self->tag_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_parallel = DEFAULT_MAX_PARALLEL;
}

/**
 * cd_wordpress_target_new:
 * @account: the account name
 * @url: the site's address; https://, or http:// on this computer only
 * @user: the WordPress user name
 * @password: the application password (from libsecret; never stored here)
 * @session: (nullable): the #SoupSession to use, or %NULL for a new one
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Returns: (transfer full): a new target, or %NULL if @url is unsafe
 */
CdWordpressTarget *
cd_wordpress_target_new (const char   *account,
                         const char   *url,
                         const char   *user,
                         const char   *password,
                         SoupSession  *session,
                         GError      **error)
{
  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  if (!cd_http_check_site_url (url, error))
    return NULL;

  return g_object_new (CD_TYPE_WORDPRESS_TARGET,
                       "account", account,
                       "url", url,
                       "user", user,
                       "password", password,
                       "session", session,
                       NULL);
}

/**
 * cd_wordpress_target_get_url:
 * @self: a #CdWordpressTarget
 *
 * Returns: (transfer none): the site's address, without a trailing slash
 */
const char *
cd_wordpress_target_get_url (CdWordpressTarget *self)
{
  g_return_val_if_fail (CD_IS_WORDPRESS_TARGET (self), NULL);

  return self->url;
}

/**
 * cd_wordpress_target_get_user:
 * @self: a #CdWordpressTarget
 *
 * Returns: (transfer none): the WordPress user name
 */
const char *
cd_wordpress_target_get_user (CdWordpressTarget *self)
{
  g_return_val_if_fail (CD_IS_WORDPRESS_TARGET (self), NULL);

  return self->user;
}

/**
 * cd_wordpress_target_set_max_parallel:
 * @self: a #CdWordpressTarget
 * @max_parallel: how many archive requests may be in flight at once
 *
 * Bounds the parallelism of archive and unarchive runs.
 */
void
cd_wordpress_target_set_max_parallel (CdWordpressTarget *self,
                                      guint              max_parallel)
{
  g_return_if_fail (CD_IS_WORDPRESS_TARGET (self));
  g_return_if_fail (max_parallel > 0);

  self->max_parallel = max_parallel;
}

/**
 * cd_wordpress_target_get_request_count:
 * @self: a #CdWordpressTarget
 *
 * Returns: how many HTTP requests this target has sent, for tests and
 *   benchmarks
 */
guint
cd_wordpress_target_get_request_count (CdWordpressTarget *self)
{
  g_return_val_if_fail (CD_IS_WORDPRESS_TARGET (self), 0);

  return self->request_count;
}
