/* cd-http.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-http.h"
#include "cd-target.h"

#define READ_CHUNK_BYTES (64 * 1024)

typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  gsize         max_bytes;
  GCancellable *read_cancellable;  /* the caller's, or the body's deadline */
  GSource      *caller_cancelled;  /* nullable */
  GSource      *deadline;          /* nullable */
  gboolean      timed_out;
} SendData;

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
send_data_free (SendData *data)
{
  destroy_source (&data->caller_cancelled);
  destroy_source (&data->deadline);
  g_clear_object (&data->read_cancellable);
  g_clear_object (&data->msg);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_free (data);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* GUri keeps the brackets of an IPv6 literal. */
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    bare = g_strndup (host + 1, strlen (host) - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The methods libsoup 3.2 sends again by itself when a reused connection
 * drops them (its SOUP_METHOD_IS_IDEMPOTENT, which is private).
 */
static gboolean
is_resent_method (const char *method)
{
  static const char * const methods[] = { "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PROPFIND", "TRACE" };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_str_equal (method, methods[i]))
      return TRUE;

  return FALSE;
}

static void read_next_chunk (GTask *task);

/* A source rather than g_cancellable_connect(): its callback never runs
 * inside the "cancelled" emission, where freeing the task would deadlock.
 */
static gboolean
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  SendData *data = user_data;

  g_cancellable_cancel (data->read_cancellable);

  return G_SOURCE_REMOVE;
}

static gboolean
body_deadline_cb (gpointer user_data)
{
  SendData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->read_cancellable);

  return G_SOURCE_REMOVE;
}

static void
return_too_large (GTask *task,
                  gsize  max_bytes)
{
  g_autofree char *size = g_format_size (max_bytes);

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           /* Translators: the placeholder is a size, e.g. "16.8 MB" */
                           _("The server’s answer is larger than %s"), size);
}

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL && data->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               _("The server took too long to send its answer"));
      return;
    }
  if (chunk == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      GByteArray *body = g_steal_pointer (&data->body);

      g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (body),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (data->body->len + g_bytes_get_size (chunk) > data->max_bytes)
    {
      return_too_large (task, data->max_bytes);
      return;
    }

  g_byte_array_append (data->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_next_chunk (g_steal_pointer (&task));
}

static void
read_next_chunk (GTask *task)
{
  SendData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->stream, READ_CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   data->read_cancellable, read_chunk_cb, task);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  goffset length;
  guint timeout;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (data->msg));
  if (length > 0 && (gsize) length > data->max_bytes)
    {
      return_too_large (task, data->max_bytes);
      return;
    }

  /* The I/O timeout never fires while bytes trickle in: a server that
   * sends one byte a second would hold the request for weeks.
   */
  timeout = soup_session_get_timeout (SOUP_SESSION (object));
  if (timeout > 0)
    {
      data->deadline = g_timeout_source_new_seconds (timeout * CD_HTTP_BODY_DEADLINE_FACTOR);
      g_source_set_callback (data->deadline, body_deadline_cb, data, NULL);
      g_source_attach (data->deadline, g_task_get_context (task));
    }

  read_next_chunk (g_steal_pointer (&task));
}

/**
 * cd_http_session_new:
 *
 * The one place that makes a #SoupSession: timeouts, user agent and a
 * bounded number of kept-alive connections.
 *
 * Returns: (transfer full): a new #SoupSession
 */
SoupSession *
cd_http_session_new (void)
{
  return cd_http_session_new_full (CD_HTTP_TIMEOUT_SECONDS, CD_HTTP_MAX_CONNS_PER_HOST);
}

/**
 * cd_http_session_new_full:
 * @timeout_seconds: the I/O timeout
 * @max_conns_per_host: how many connections to one site at most
 *
 * Like cd_http_session_new(), for tests and benchmarks that need other limits.
 *
 * Returns: (transfer full): a new #SoupSession
 */
SoupSession *
cd_http_session_new_full (guint timeout_seconds,
                          guint max_conns_per_host)
{
  g_autofree char *user_agent = g_strdup_printf ("Copydesk/%s", PACKAGE_VERSION);

  g_return_val_if_fail (max_conns_per_host > 0, NULL);

  return g_object_new (SOUP_TYPE_SESSION,
                       "timeout", timeout_seconds,
                       "idle-timeout", CD_HTTP_IDLE_TIMEOUT_SECONDS,
                       "user-agent", user_agent,
                       "max-conns", MAX (CD_HTTP_MAX_CONNS, max_conns_per_host),
                       "max-conns-per-host", max_conns_per_host,
                       NULL);
}

/**
 * cd_http_check_site_url:
 * @url: a site address
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Accepts https:// addresses, and http:// only for this computer
 * (localhost, 127.0.0.0/8, ::1), where no one can listen in; never an
 * address with a user name or password in it.
 *
 * Returns: %TRUE if @url may carry a password
 */
gboolean
cd_http_check_site_url (const char  *url,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                   /* Translators: the placeholder is the site address the user typed */
                   _("“%s” is not a web address"), url);
      return FALSE;
    }

  /* libsoup would sign in with it, and the address is shown and kept in
   * settings: never echo it back here either.
   */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                           _("The site address must not contain a user name or password: "
                             "enter them in their own fields"));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (is_loopback_host (g_uri_get_host (uri)))
        return TRUE;

      g_set_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                   /* Translators: the placeholder is the site address the user typed */
                   _("“%s” is not a secure address: use https://, so that the password "
                     "cannot be read on the way"), url);
      return FALSE;
    }

  g_set_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
               /* Translators: the placeholder is what was given as a site address */
               _("“%s” is not a web address"), url);
  return FALSE;
}

/**
 * cd_http_send_async:
 * @session: a #SoupSession from cd_http_session_new()
 * @msg: the request
 * @max_bytes: the largest body to accept
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the whole body has arrived
 * @user_data: data for @callback
 *
 * Sends @msg and reads its body, refusing one larger than @max_bytes or
 * one that takes longer than %CD_HTTP_BODY_DEADLINE_FACTOR times the
 * session's timeout to arrive (%G_IO_ERROR_TIMED_OUT).
 */
void
cd_http_send_async (SoupSession         *session,
                    SoupMessage         *msg,
                    gsize                max_bytes,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (msg));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_http_send_async);

  data = g_new0 (SendData, 1);
  data->msg = g_object_ref (msg);
  data->body = g_byte_array_new ();
  data->max_bytes = max_bytes;
  data->read_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller_cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->caller_cancelled, G_SOURCE_FUNC (caller_cancelled_cb), data, NULL);
      g_source_attach (data->caller_cancelled, g_task_get_context (task));
    }
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  /* HACK: libsoup 3.2.3 resends a GET (PUT, DELETE…) at once when a reused
   * keep-alive connection fails before any answer, but the first attempt's
   * failure still arrives later from an idle and finishes the resent
   * attempt; when that one has already read its headers, libsoup then reads
   * a NULL SoupClientMessageIO (run_until_read_done() in soup-session.c)
   * and crashes. A message on a connection of its own is never resent. POST
   * already gets a new connection in libsoup 3.2, so this costs a connection
   * per GET. See docs/HARDENING.md.
   */
  if (is_resent_method (soup_message_get_method (msg)))
    soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);

  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                           send_cb, g_steal_pointer (&task));
}

/**
 * cd_http_send_finish:
 * @session: a #SoupSession
 * @result: the #GAsyncResult
 * @error: return location for a #GError (GIO, resolver, TLS or libsoup domain)
 *
 * Returns: (transfer full): the response body, whatever the status, or %NULL
 */
GBytes *
cd_http_send_finish (SoupSession   *session,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cd_http_content_disposition:
 * @filename: a file name, any characters
 *
 * A Content-Disposition value that WordPress reads: an ASCII `filename="…"`
 * (accents transliterated; `%`, `;` and control characters dropped; quotes
 * escaped), never the `filename*=` form, which WordPress 6.1 rejects.
 *
 * Returns: (transfer full): the header value
 */
char *
cd_http_content_disposition (const char *filename)
{
  g_autoptr(GString) value = g_string_new ("attachment; filename=\"");
  g_autofree char *ascii = NULL;
  gsize start;

  g_return_val_if_fail (filename != NULL, NULL);

  ascii = g_str_to_ascii (filename, "C");
  start = value->len;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c < 0x20 || c >= 0x7f || c == '%' || c == ';')
        continue;
      if (c == '/')
        c = '-';
      if (c == '"' || c == '\\')
        g_string_append_c (value, '\\');
      g_string_append_c (value, (char) c);
    }

  if (value->len == start || value->str[start] == '.')
    g_string_insert (value, start, "photo");

  g_string_append_c (value, '"');

  return g_string_free (g_steal_pointer (&value), FALSE);
}
