/* test-security.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

#include "cd-http.h"
#include "cd-local-target.h"
#include "cd-ninjs.h"
#include "cd-wordpress-json.h"
#include "cd-wordpress-target.h"
#include "fake-wordpress.h"
#include "library-test-util.h"

#define ACCOUNT  "newsroom"
#define USER     "editor"
#define PASSWORD "s3cret PASS w0rd QRST uvwx"

/* No wait in this program may take longer: a hang is a failure, not a
 * test that never ends.
 */
#define WAIT_LIMIT_SECONDS 30

#define XSS_SCRIPT "<script>alert(1)</script>"
#define XSS_ATTR   "\"><img src=x onerror=alert(1)>"
#define XSS_URL    "javascript:alert(1)"

/* --- waiting ------------------------------------------------------------ */

static void
async_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, deadline_cb, &expired);

  while (*slot == NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);

  g_assert_nonnull (*slot);
  return *slot;
}

/* --- a server that misbehaves on purpose -------------------------------- */

typedef enum
{
  SERVE_WORDPRESS,       /* just enough of WordPress for test_connection */
  SERVE_REDIRECT,        /* every request redirected to redirect_to */
  SERVE_HUGE,            /* 100 MB of chunked JSON, streamed */
  SERVE_ENDLESS_SLOW,    /* a chunked body, one byte every 20 ms, forever */
  SERVE_DEEP,            /* 1,000,000 '[' */
  SERVE_LENGTH_TOO_BIG,  /* claims 100 GB, sends 2 bytes */
  SERVE_LENGTH_SHORT,    /* claims 1000 bytes, sends 10 and hangs up */
} ServeMode;

#define HUGE_TOTAL_BYTES ((gsize) 100 * 1024 * 1024)
#define STREAM_CHUNK     (64 * 1024)
#define DEEP_LEVELS      1000000

static char filler[STREAM_CHUNK];

typedef struct
{
  SoupServer *server;
  ServeMode   mode;
  guint       redirect_status;
  char       *redirect_to;
  guint       n_requests;
  guint       n_authorized;   /* requests that carried an Authorization header */
  guint       n_with_body;    /* requests that carried a body */
  gsize       bytes_streamed;
  GPtrArray  *streams;        /* SoupServerMessage being written slowly */
  GSource    *trickle;
} TestServer;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

/* Writes @text as the whole answer, bypassing libsoup, so it can lie. */
static void
respond_raw (SoupServerMessage *msg,
             const char        *text)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), text, strlen (text),
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
huge_wrote_chunk_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  TestServer *ts = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (ts->bytes_streamed >= HUGE_TOTAL_BYTES)
    {
      soup_message_body_complete (body);
      return;
    }

  soup_message_body_append (body, SOUP_MEMORY_STATIC, filler, sizeof filler);
  ts->bytes_streamed += sizeof filler;
}

static gboolean
trickle_cb (gpointer user_data)
{
  TestServer *ts = user_data;

  for (guint i = 0; i < ts->streams->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (ts->streams, i);

      soup_message_body_append (soup_server_message_get_response_body (msg),
                                SOUP_MEMORY_STATIC, " ", 1);
      soup_server_message_unpause (msg);
      ts->bytes_streamed++;
    }

  return G_SOURCE_CONTINUE;
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  TestServer *ts = user_data;

  g_ptr_array_remove (ts->streams, msg);
}

static void
start_chunked (SoupServerMessage *msg,
               const char        *start)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  /* Written chunks are dropped: the server's memory stays flat. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_COPY, start, strlen (start));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  TestServer *ts = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  ts->n_requests++;
  if (soup_message_headers_get_one (headers, "Authorization") != NULL)
    ts->n_authorized++;
  if (soup_server_message_get_request_body (msg)->length > 0)
    ts->n_with_body++;

  /* Discovery succeeds, so the hostile answer comes where a real one is
   * read (and not where "not WordPress" would hide it).
   */
  if (ts->mode != SERVE_REDIRECT && g_str_equal (path, "/wp-json/"))
    {
      respond (msg, 200, "{\"routes\": {\"/\": {}}}");
      return;
    }

  switch (ts->mode)
    {
    case SERVE_WORDPRESS:
      if (g_str_equal (path, "/wp-json/wp/v2/users/me"))
        respond (msg, 200, "{\"id\": 1, \"name\": \"Admin\"}");
      else
        respond (msg, 404, "{\"code\": \"rest_no_route\", \"message\": \"No route\"}");
      break;

    case SERVE_REDIRECT:
      {
        GUri *uri = soup_server_message_get_uri (msg);
        g_autofree char *location = g_strdup_printf ("%s%s%s%s", ts->redirect_to, path,
                                                     g_uri_get_query (uri) != NULL ? "?" : "",
                                                     g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "");

        soup_server_message_set_redirect (msg, ts->redirect_status, location);
      }
      break;

    case SERVE_HUGE:
      start_chunked (msg, "[");
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (huge_wrote_chunk_cb), ts);
      break;

    case SERVE_ENDLESS_SLOW:
      start_chunked (msg, "[");
      g_ptr_array_add (ts->streams, msg);
      g_signal_connect (msg, "finished", G_CALLBACK (stream_finished_cb), ts);
      soup_server_message_pause (msg);
      break;

    case SERVE_DEEP:
      {
        char *deep = g_malloc (DEEP_LEVELS);

        memset (deep, '[', DEEP_LEVELS);
        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, deep, DEEP_LEVELS);
      }
      break;

    case SERVE_LENGTH_TOO_BIG:
      respond_raw (msg, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "Content-Length: 107374182400\r\n\r\n{}");
      break;

    case SERVE_LENGTH_SHORT:
      respond_raw (msg, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "Content-Length: 1000\r\n\r\n{\"routes\":");
      break;

    default:
      g_assert_not_reached ();
    }
}

static TestServer *
test_server_new (ServeMode        mode,
                 GTlsCertificate *certificate)
{
  TestServer *ts = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;
  SoupServerListenOptions options = SOUP_SERVER_LISTEN_IPV4_ONLY;

  ts->mode = mode;
  ts->streams = g_ptr_array_new ();
  ts->server = soup_server_new ("tls-certificate", certificate, NULL);
  if (certificate != NULL)
    options |= SOUP_SERVER_LISTEN_HTTPS;
  soup_server_add_handler (ts->server, NULL, server_cb, ts, NULL);
  soup_server_listen_local (ts->server, 0, options, &error);
  g_assert_no_error (error);

  if (mode == SERVE_ENDLESS_SLOW)
    {
      ts->trickle = g_timeout_source_new (20);
      g_source_set_callback (ts->trickle, trickle_cb, ts, NULL);
      g_source_attach (ts->trickle, NULL);
    }

  return ts;
}

static void
test_server_free (TestServer *ts)
{
  if (ts->trickle != NULL)
    {
      g_source_destroy (ts->trickle);
      g_source_unref (ts->trickle);
    }
  soup_server_disconnect (ts->server);
  g_object_unref (ts->server);
  g_ptr_array_unref (ts->streams);
  g_free (ts->redirect_to);
  g_free (ts);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

static char *
test_server_get_url (TestServer *ts)
{
  GSList *uris = soup_server_get_uris (ts->server);
  GUri *uri = uris->data;
  char *url = g_strdup_printf ("%s://127.0.0.1:%d", g_uri_get_scheme (uri), g_uri_get_port (uri));

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

static CdWordpressTarget *
target_for (const char  *url,
            SoupSession *session)
{
  g_autoptr(GError) error = NULL;
  CdWordpressTarget *target;

  target = cd_wordpress_target_new (ACCOUNT, url, USER, PASSWORD, session, &error);
  g_assert_no_error (error);

  return target;
}

static GError *
test_connection (CdWordpressTarget *target)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *signed_in = NULL;
  GError *error = NULL;

  cd_target_test_connection_async (CD_TARGET (target), NULL, async_result_cb, &result);
  signed_in = cd_target_test_connection_finish (CD_TARGET (target), wait_for (&result), &error);
  g_assert_true ((signed_in == NULL) != (error == NULL));

  return error;
}

static void
assert_no_secret (const GError *error)
{
  g_autofree char *credentials = g_strdup_printf ("%s:%s", USER, PASSWORD);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));

  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, PASSWORD));
  g_assert_null (strstr (error->message, encoded));
}

/* --- http:// only on this computer -------------------------------------- */

static void
test_http_refused (void)
{
  static const struct {
    const char *url;
    gboolean    allowed;
  } cases[] = {
    { "http://example.com", FALSE },
    { "http://example.com:80/wordpress", FALSE },
    { "http://10.0.0.1", FALSE },
    { "http://192.168.1.5:8080", FALSE },
    { "http://0.0.0.0", FALSE },
    /* An IPv4-mapped loopback is loopback in practice, but GLib does not
     * call it so; refusing it costs nothing.
     */
    { "http://[::ffff:127.0.0.1]", FALSE },
    { "http://localhost.evil.com", FALSE },
    { "http://127.0.0.1.evil.com", FALSE },
    { "http://127.0.0.1@evil.com/", FALSE },
    { "http://localhost:80@evil.com/", FALSE },
    { "https://editor:hunter2@news.example.org", FALSE },
    { "http://editor:hunter2@127.0.0.1:8080", FALSE },
    { "http://2130706433/", FALSE },
    { "HTTP://EXAMPLE.COM", FALSE },
    { "ftp://127.0.0.1", FALSE },
    { "javascript:alert(1)", FALSE },
    { "news.example.org", FALSE },
    { "http://", FALSE },
    { "http://127.0.0.1", TRUE },
    { "http://127.0.0.1:8080/wp", TRUE },
    { "http://127.1.2.3", TRUE },
    { "http://localhost", TRUE },
    { "http://LocalHost:8080", TRUE },
    { "http://[::1]:8080", TRUE },
    { "https://example.com", TRUE },
    { "HTTPS://10.0.0.1/wordpress", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) target_error = NULL;
      g_autoptr(CdWordpressTarget) target = NULL;
      gboolean ok;

      g_test_message ("%s", cases[i].url);
      ok = cd_http_check_site_url (cases[i].url, &error);
      g_assert_cmpint (ok, ==, cases[i].allowed);

      /* The target checks before it can send anything. */
      target = cd_wordpress_target_new (ACCOUNT, cases[i].url, USER, PASSWORD, NULL, &target_error);
      g_assert_cmpint (target != NULL, ==, cases[i].allowed);
      if (cases[i].allowed)
        continue;

      g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
      g_assert_error (target_error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
      assert_no_secret (target_error);
      if (strchr (cases[i].url, '@') != NULL)
        {
          /* A password typed into the address is not repeated. */
          g_assert_nonnull (strstr (error->message, "user name or password"));
          g_assert_null (strstr (error->message, "hunter2"));
          continue;
        }
      g_assert_nonnull (strstr (error->message, cases[i].url));
      if (g_str_has_prefix (cases[i].url, "http://") && strlen (cases[i].url) > 7)
        g_assert_nonnull (strstr (error->message, "use https://"));
    }
}

/* --- TLS ---------------------------------------------------------------- */

typedef struct
{
  char *dir;
  char *cert_path;   /* for 127.0.0.1 */
  char *other_path;  /* for another name */
  GTlsCertificate *cert;
  GTlsCertificate *other;
} Certs;

static GTlsCertificate *
make_certificate (const char  *dir,
                  const char  *name,
                  const char  *san,
                  char       **cert_path)
{
  g_autofree char *key = g_strdup_printf ("%s/%s.key", dir, name);
  g_autofree char *subject_alt = g_strdup_printf ("subjectAltName=%s", san);
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;
  GTlsCertificate *cert;
  int status;

  *cert_path = g_strdup_printf ("%s/%s.pem", dir, name);
  {
    const char *argv[] = {
      "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-days", "2", "-subj", "/CN=Copydesk test", "-addext", subject_alt,
      "-keyout", key, "-out", *cert_path, NULL
    };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                  NULL, NULL, NULL, &err_text, &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl failed: %s", err_text);

  cert = g_tls_certificate_new_from_files (*cert_path, key, &error);
  g_assert_no_error (error);

  return cert;
}

static void
certs_init (Certs *certs)
{
  certs->dir = test_make_tmpdir ();
  certs->cert = make_certificate (certs->dir, "loopback", "IP:127.0.0.1", &certs->cert_path);
  certs->other = make_certificate (certs->dir, "other", "DNS:news.example.org", &certs->other_path);
}

static void
certs_clear (Certs *certs)
{
  test_rm_rf (certs->dir);
  g_free (certs->dir);
  g_free (certs->cert_path);
  g_free (certs->other_path);
  g_clear_object (&certs->cert);
  g_clear_object (&certs->other);
}

static void
assert_tls_refused (TestServer  *ts,
                    SoupSession *session)
{
  g_autofree char *url = test_server_get_url (ts);
  g_autoptr(CdWordpressTarget) target = target_for (url, session);
  g_autoptr(CdStory) story = cd_story_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CdTargetPushResult) pushed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (url, "https://"));

  error = test_connection (target);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "secure connection"));
  g_assert_false (cd_target_error_should_retry (error, 0, NULL));
  assert_no_secret (error);
  g_clear_error (&error);

  cd_story_set_headline (story, "Unpublished scoop");
  cd_story_set_body (story, "Nobody may read this on the way.");
  cd_target_push_story_async (CD_TARGET (target), story, CD_CREDIT_FORMAT_PARENTHESES,
                              CD_TARGET_PUSH_NONE, NULL, async_result_cb, &result);
  pushed = cd_target_push_story_finish (CD_TARGET (target), wait_for (&result), &error);
  g_assert_null (pushed);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "secure connection"));
  assert_no_secret (error);

  /* The handshake failed before any HTTP: nothing reached the server. */
  g_assert_cmpuint (ts->n_requests, ==, 0);
  g_assert_cmpuint (ts->n_authorized, ==, 0);
}

static void
test_tls_not_bypassed (void)
{
  Certs certs = { 0, };
  g_autoptr(GError) error = NULL;

  certs_init (&certs);

  /* A self-signed certificate nobody trusts. */
  {
    g_autoptr(TestServer) ts = test_server_new (SERVE_WORDPRESS, certs.cert);
    g_autoptr(SoupSession) session = cd_http_session_new_full (5, 2);

    assert_tls_refused (ts, session);
  }

  /* A trusted certificate for another name. */
  {
    g_autoptr(TestServer) ts = test_server_new (SERVE_WORDPRESS, certs.other);
    g_autoptr(SoupSession) session = cd_http_session_new_full (5, 2);
    g_autoptr(GTlsDatabase) database = g_tls_file_database_new (certs.other_path, &error);

    g_assert_no_error (error);
    soup_session_set_tls_database (session, database);
    assert_tls_refused (ts, session);
  }

  /* The control: the same server, its certificate trusted, works and sees
   * the credentials, so the refusals above are the validation's doing.
   */
  {
    g_autoptr(TestServer) ts = test_server_new (SERVE_WORDPRESS, certs.cert);
    g_autoptr(SoupSession) session = cd_http_session_new_full (5, 2);
    g_autoptr(GTlsDatabase) database = g_tls_file_database_new (certs.cert_path, &error);
    g_autoptr(CdWordpressTarget) target = NULL;
    g_autofree char *url = test_server_get_url (ts);

    g_assert_no_error (error);
    soup_session_set_tls_database (session, database);
    target = target_for (url, session);
    error = test_connection (target);
    g_assert_no_error (error);
    g_assert_cmpuint (ts->n_authorized, >, 0);
  }

  certs_clear (&certs);
}

/* --- redirects ---------------------------------------------------------- */

static void
test_no_credentials_after_redirect (void)
{
  static const guint statuses[] = { 301, 302, 307, 308 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(TestServer) elsewhere = test_server_new (SERVE_WORDPRESS, NULL);
      g_autoptr(TestServer) site = test_server_new (SERVE_REDIRECT, NULL);
      g_autoptr(SoupSession) session = cd_http_session_new_full (5, 2);
      g_autoptr(CdWordpressTarget) target = NULL;
      g_autoptr(CdStory) story = cd_story_new ();
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(CdTargetPushResult) pushed = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = test_server_get_url (site);

      g_test_message ("redirect %u", statuses[i]);
      site->redirect_status = statuses[i];
      site->redirect_to = test_server_get_url (elsewhere);
      target = target_for (url, session);

      error = test_connection (target);
      g_test_message ("after test_connection: elsewhere saw %u requests, %u with credentials",
                      elsewhere->n_requests, elsewhere->n_authorized);
      g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED);
      g_assert_nonnull (strstr (error->message, site->redirect_to));
      assert_no_secret (error);
      g_clear_error (&error);

      cd_story_set_headline (story, "Unpublished scoop");
      cd_target_push_story_async (CD_TARGET (target), story, CD_CREDIT_FORMAT_PARENTHESES,
                                  CD_TARGET_PUSH_NONE, NULL, async_result_cb, &result);
      pushed = cd_target_push_story_finish (CD_TARGET (target), wait_for (&result), &error);
      g_test_message ("after push: elsewhere saw %u requests, %u with credentials, %u with a body",
                      elsewhere->n_requests, elsewhere->n_authorized, elsewhere->n_with_body);
      g_assert_null (pushed);
      g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED);

      g_assert_cmpuint (site->n_authorized, >, 0);
      g_assert_cmpuint (elsewhere->n_requests, ==, 0);
      g_assert_cmpuint (elsewhere->n_authorized, ==, 0);
    }
}

/* --- escaping ----------------------------------------------------------- */

static void assert_ninjs_safe (const char *json);

/* Whether a browser would run @url, as url_is_dangerous() in cd-render.c
 * decides it, written again here so a slip there shows.
 */
static gboolean
url_runs_script (const char *url)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree char *lower = NULL;

  for (const char *p = url; *p != '\0'; p++)
    if ((guchar) *p > ' ')
      g_string_append_c (clean, *p);
  lower = g_ascii_strdown (clean->str, -1);

  return g_str_has_prefix (lower, "javascript:") || g_str_has_prefix (lower, "vbscript:")
         || (g_str_has_prefix (lower, "data:") && !g_str_has_prefix (lower, "data:image/"));
}

static void
assert_node_safe (xmlNode    *node,
                  const char *what)
{
  static const char * const forbidden[] = {
    "script", "iframe", "object", "embed", "frame", "frameset", "base", "form", "svg", "math",
    "applet", "link",
  };
  static const char * const url_attributes[] = {
    "href", "src", "action", "formaction", "srcset", "poster", "background", "xlink:href",
  };

  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
        if (g_ascii_strcasecmp ((const char *) node->name, forbidden[i]) == 0)
          g_error ("%s: a <%s> element", what, node->name);

      for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
        {
          g_autofree char *value = (char *) xmlNodeGetContent ((xmlNode *) attr);

          if (g_ascii_strncasecmp ((const char *) attr->name, "on", 2) == 0)
            g_error ("%s: <%s %s=…>", what, node->name, attr->name);
          for (guint i = 0; i < G_N_ELEMENTS (url_attributes); i++)
            if (g_ascii_strcasecmp ((const char *) attr->name, url_attributes[i]) == 0
                && value != NULL && url_runs_script (value))
              g_error ("%s: <%s %s=\"%s\">", what, node->name, attr->name, value);
        }

      assert_node_safe (node->children, what);
    }
}

/* Parses @html as a browser would and fails on anything that can run
 * script; returns the text a reader sees.
 */
static char *
assert_html_safe (const char *html,
                  const char *what)
{
  htmlDocPtr doc;
  char *text;

  g_assert_nonnull (html);
  doc = htmlReadMemory (html, (int) strlen (html), NULL, "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  g_assert_nonnull (doc);
  assert_node_safe (xmlDocGetRootElement (doc), what);
  text = (char *) xmlNodeGetContent ((xmlNode *) doc);
  xmlFreeDoc (doc);

  return text;
}

static CdStory *
make_hostile_story (const char *dir)
{
  const char *tags[] = { XSS_SCRIPT, XSS_ATTR, NULL };
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_link_free);
  g_autoptr(CdPhoto) photo = cd_photo_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "photo.jpg", NULL);
  CdStory *story = cd_story_new ();

  cd_story_set_headline (story, "Council " XSS_SCRIPT " " XSS_ATTR);
  cd_story_set_dek (story, XSS_ATTR " dek " XSS_SCRIPT);
  cd_story_set_byline (story, XSS_SCRIPT " Jane Doe");
  cd_story_set_dateline (story, XSS_ATTR);
  cd_story_set_slug (story, "../../escape");
  cd_story_set_body (story,
                     "First " XSS_SCRIPT " paragraph.\n\n"
                     XSS_ATTR "\n\n"
                     "<a href=\"javascript:alert(1)\" onclick=\"alert(1)\">raw link</a>\n\n"
                     "<img src=x onerror=alert(1)>\n\n"
                     "<iframe src=\"javascript:alert(1)\"></iframe>\n\n"
                     "[click](javascript:alert(1)) [upper](JaVaScRiPt:alert(1)) "
                     "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
                     "[vb](vbscript:msgbox) <javascript:alert(1)> [ent](javascript&#58;alert(1))\n\n"
                     "![pic](javascript:alert(1)) ![pic2](x \"" XSS_ATTR "\")\n\n"
                     "[ok](https://example.org/\"onmouseover=\"alert(1))\n");
  cd_story_set_tags (story, tags);
  cd_story_set_source_text (story, XSS_ATTR);
  cd_story_set_source_url (story, XSS_URL);

  g_ptr_array_add (links, cd_link_new (XSS_SCRIPT, XSS_URL));
  g_ptr_array_add (links, cd_link_new (XSS_ATTR, "https://example.org/\"><script>alert(1)</script>"));
  g_ptr_array_add (links, cd_link_new ("tab", "\tjava\tscript:alert(1)"));
  g_ptr_array_add (links, cd_link_new ("space", " javascript:alert(1)"));
  cd_story_set_related_links (story, links);

  g_file_set_contents (path, "JPEG bytes", -1, &error);
  g_assert_no_error (error);
  cd_photo_set_file_path (photo, path);
  cd_photo_set_content_hash (photo, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  cd_photo_set_mime_type (photo, "image/jpeg");
  cd_photo_set_original_name (photo, "../" XSS_ATTR ".jpg");
  cd_photo_set_caption (photo, "Caption " XSS_SCRIPT);
  cd_photo_set_credit (photo, "Credit " XSS_ATTR);
  cd_photo_set_alt_text (photo, "Alt " XSS_ATTR);
  cd_story_append_photo (story, photo);

  return story;
}

/* What a hostile site could answer as a photo's source_url. */
static char *
hostile_media_url (CdPhoto  *photo,
                   gpointer  user_data)
{
  return g_strdup (user_data);
}

static void
test_escaping_media_url (void)
{
  static const char * const urls[] = {
    "javascript:alert(1)", " JAVASCRIPT:alert(1)", "java\tscript:alert(1)", "\x01javascript:alert(1)",
    "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "https://example.org/a.jpg\" onerror=\"alert(1)", "https://example.org/\"><script>alert(1)</script>",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmpdir ();
  g_autoptr(CdStory) story = make_hostile_story (dir);

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autofree char *content = NULL;
      g_autofree char *page = NULL;
      g_autofree char *json = NULL;
      g_autofree char *text = NULL;

      g_test_message ("%s", urls[i]);
      content = cd_render_story_content (story, CD_CREDIT_FORMAT_PARENTHESES, hostile_media_url,
                                         (gpointer) urls[i]);
      g_free (assert_html_safe (content, "content"));
      page = cd_render_story_page (story, CD_CREDIT_FORMAT_PARENTHESES, hostile_media_url,
                                   (gpointer) urls[i]);
      text = assert_html_safe (page, "page");
      g_assert_nonnull (strstr (text, "Caption " XSS_SCRIPT));
      json = cd_ninjs_export_full (story, hostile_media_url, (gpointer) urls[i], &error);
      g_assert_no_error (error);
      assert_ninjs_safe (json);
    }

  test_rm_rf (dir);
}

static void
test_escaping_wordpress (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmpdir ();
  FakeWordpress *fake = fake_wordpress_new (USER, PASSWORD);
  g_autofree char *url = fake_wordpress_get_url (fake);
  g_autoptr(SoupSession) session = cd_http_session_new_full (5, 2);
  g_autoptr(CdWordpressTarget) target = target_for (url, session);
  g_autoptr(CdStory) story = make_hostile_story (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CdTargetPushResult) pushed = NULL;
  g_autofree char *title = NULL;
  g_autofree char *excerpt = NULL;
  g_autofree char *content = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *description = NULL;
  CdTargetMedia *media;
  FakeMedia *fake_media;
  FakePost *post;

  cd_target_push_story_async (CD_TARGET (target), story, CD_CREDIT_FORMAT_PARENTHESES,
                              CD_TARGET_PUSH_NONE, NULL, async_result_cb, &result);
  pushed = cd_target_push_story_finish (CD_TARGET (target), wait_for (&result), &error);
  g_assert_no_error (error);

  /* What the server received, as a browser would read it. */
  post = fake_wordpress_get_post (fake, g_ascii_strtoll (pushed->remote_id, NULL, 10));
  g_assert_nonnull (post);
  title = assert_html_safe (post->title, "title");
  g_assert_cmpstr (g_strstrip (title), ==, cd_story_get_headline (story));
  excerpt = assert_html_safe (post->excerpt, "excerpt");
  g_assert_cmpstr (g_strstrip (excerpt), ==, cd_story_get_dek (story));
  content = assert_html_safe (post->content, "content");
  g_assert_nonnull (strstr (content, "First " XSS_SCRIPT " paragraph."));
  g_assert_nonnull (strstr (content, XSS_ATTR));
  g_assert_nonnull (strstr (content, "Caption " XSS_SCRIPT));
  g_assert_nonnull (strstr (content, "Credit " XSS_ATTR));
  g_assert_nonnull (strstr (content, "raw link"));

  g_assert_cmpuint (pushed->media->len, ==, 1);
  media = g_ptr_array_index (pushed->media, 0);
  fake_media = fake_wordpress_get_media (fake, g_ascii_strtoll (media->media_id, NULL, 10));
  g_assert_nonnull (fake_media);
  caption = assert_html_safe (fake_media->caption, "media caption");
  g_assert_nonnull (strstr (caption, "Caption " XSS_SCRIPT));
  description = assert_html_safe (fake_media->description, "media description");
  g_assert_nonnull (strstr (description, "Credit " XSS_ATTR));
  /* alt_text is a plain-text field: WordPress strips tags from it and
   * escapes it on output, so escaping it here would show "&lt;" to readers.
   */
  g_assert_cmpstr (fake_media->alt_text, ==, "Alt " XSS_ATTR);

  fake_wordpress_free (fake);
  test_rm_rf (dir);
}

static void
check_ninjs_node (JsonNode   *node,
                  guint      *n_html)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        check_ninjs_node (json_array_get_element (array, i), n_html);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "contenttype", NULL),
                     "text/html") == 0)
        {
          g_autofree char *text = assert_html_safe (json_object_get_string_member (object, "value"),
                                                    "ninjs HTML");

          (*n_html)++;
        }
      for (GList *l = members; l != NULL; l = l->next)
        check_ninjs_node (json_object_get_member (object, l->data), n_html);
    }
}

static void
assert_ninjs_safe (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  guint n_html = 0;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  check_ninjs_node (json_parser_get_root (parser), &n_html);
  g_assert_cmpuint (n_html, >, 0);
}

static void
test_escaping_local (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *published = g_build_filename (dir, "published", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (published);
  g_autoptr(CdLocalTarget) target = cd_local_target_new ("local", folder);
  g_autoptr(CdStory) story = make_hostile_story (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CdTargetPushResult) pushed = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *page = NULL;
  g_autofree char *page_text = NULL;
  g_autofree char *ninjs_path = NULL;
  g_autofree char *ninjs = NULL;
  g_autofree char *exported = NULL;
  const char *name;

  cd_target_push_story_async (CD_TARGET (target), story, CD_CREDIT_FORMAT_PARENTHESES,
                              CD_TARGET_PUSH_NONE, NULL, async_result_cb, &result);
  pushed = cd_target_push_story_finish (CD_TARGET (target), wait_for (&result), &error);
  g_assert_no_error (error);

  /* The hostile slug and file name stay inside the folder. */
  g_assert_null (strchr (pushed->remote_id, '/'));
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_true (g_str_equal (name, "published") || g_str_equal (name, "photo.jpg"));

  page_path = g_build_filename (published, pushed->remote_id, "index.html", NULL);
  g_file_get_contents (page_path, &page, NULL, &error);
  g_assert_no_error (error);
  page_text = assert_html_safe (page, "local page");
  g_assert_nonnull (strstr (page_text, cd_story_get_headline (story)));
  g_assert_nonnull (strstr (page_text, "First " XSS_SCRIPT " paragraph."));
  g_assert_nonnull (strstr (page_text, XSS_SCRIPT " Jane Doe"));
  g_assert_nonnull (strstr (page_text, "Caption " XSS_SCRIPT));

  ninjs_path = g_build_filename (published, pushed->remote_id, "story.json", NULL);
  g_file_get_contents (ninjs_path, &ninjs, NULL, &error);
  g_assert_no_error (error);
  assert_ninjs_safe (ninjs);

  /* And the export the command line writes. */
  exported = cd_ninjs_export (story, &error);
  g_assert_no_error (error);
  assert_ninjs_safe (exported);

  test_rm_rf (dir);
}

/* --- hostile answers ---------------------------------------------------- */

static gsize
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, field);
  g_assert_nonnull (line);

  return (gsize) g_ascii_strtoull (line + strlen (field), NULL, 10);
}

/* Resets VmHWM to the current RSS (Linux 4.0), so the peak is this test's. */
static void
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  g_assert_nonnull (file);
  g_assert_cmpint (fputs ("5", file), >=, 0);
  g_assert_cmpint (fclose (file), ==, 0);
}

static GError *
fetch (TestServer  *ts,
       SoupSession *session,
       GBytes     **body_out)
{
  g_autofree char *base = test_server_get_url (ts);
  g_autofree char *url = g_strconcat (base, "/wp-json/wp/v2/users/me", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  cd_http_send_async (session, msg, CD_HTTP_MAX_RESPONSE_BYTES, NULL, async_result_cb, &result);
  body = cd_http_send_finish (session, wait_for (&result), &error);
  g_assert_true ((body == NULL) != (error == NULL));
  if (body_out != NULL)
    *body_out = g_steal_pointer (&body);

  return error;
}

static void
test_hostile_huge (void)
{
  g_autoptr(TestServer) ts = test_server_new (SERVE_HUGE, NULL);
  g_autoptr(SoupSession) session = cd_http_session_new_full (5, 2);
  g_autoptr(CdWordpressTarget) target = NULL;
  g_autofree char *url = test_server_get_url (ts);
  g_autoptr(GError) error = NULL;
  gsize before_kb, peak_kb, limit_kb;
  gint64 start = g_get_monotonic_time ();

  reset_peak_rss ();
  before_kb = read_status_kb ("VmRSS:");

  error = fetch (ts, session, NULL);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_clear_error (&error);

  target = target_for (url, session);
  error = test_connection (target);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "larger than"));

  peak_kb = read_status_kb ("VmHWM:");
  /* The cap is 16 MB; AddressSanitizer keeps freed blocks in quarantine. */
#if defined(__SANITIZE_ADDRESS__)
  limit_kb = 200 * 1024;
#else
  limit_kb = 50 * 1024;
#endif
  g_test_message ("peak RSS growth %" G_GSIZE_FORMAT " kB; %" G_GSIZE_FORMAT " MB streamed; %.1f s",
                  peak_kb - before_kb, ts->bytes_streamed / (1024 * 1024),
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (peak_kb - before_kb, <, limit_kb);
  /* The client stopped reading long before the server was done. */
  g_assert_cmpuint (ts->bytes_streamed, <, HUGE_TOTAL_BYTES);
}

static void
test_hostile_endless (void)
{
  g_autoptr(TestServer) ts = test_server_new (SERVE_ENDLESS_SLOW, NULL);
  g_autoptr(SoupSession) session = cd_http_session_new_full (1, 2);
  g_autoptr(CdWordpressTarget) target = NULL;
  g_autofree char *url = test_server_get_url (ts);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  /* Bytes keep coming, so the I/O timeout never fires; the body's
   * deadline (CD_HTTP_BODY_DEADLINE_FACTOR I/O timeouts) must.
   */
  error = fetch (ts, session, NULL);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("endless body cut after %.1f s, %" G_GSIZE_FORMAT " bytes", seconds, ts->bytes_streamed);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpfloat (seconds, >=, CD_HTTP_BODY_DEADLINE_FACTOR * 1 - 0.5);
  g_assert_cmpfloat (seconds, <, CD_HTTP_BODY_DEADLINE_FACTOR * 1 + 5);
  g_clear_error (&error);

  target = target_for (url, session);
  error = test_connection (target);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_TIMEOUT);
  g_assert_true (cd_target_error_should_retry (error, 0, NULL));
}

static void
test_hostile_deep (void)
{
  g_autoptr(TestServer) ts = test_server_new (SERVE_DEEP, NULL);
  g_autoptr(SoupSession) session = cd_http_session_new_full (5, 2);
  g_autoptr(CdWordpressTarget) target = NULL;
  g_autofree char *url = test_server_get_url (ts);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* Under the size cap, so the parser's depth guard is what stops it. */
  error = fetch (ts, session, &body);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (body), ==, DEEP_LEVELS);
  node = cd_wp_json_parse (body, &error);
  g_assert_null (node);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
  g_clear_error (&error);

  target = target_for (url, session);
  error = test_connection (target);
  g_test_message ("%s", error->message);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
}

static void
test_hostile_content_length (void)
{
  static const struct {
    ServeMode  mode;
    int        code;          /* G_IO_ERROR */
    int        target_code;   /* CD_TARGET_ERROR */
  } cases[] = {
    { SERVE_LENGTH_TOO_BIG, G_IO_ERROR_MESSAGE_TOO_LARGE, CD_TARGET_ERROR_INVALID },
    { SERVE_LENGTH_SHORT, G_IO_ERROR_PARTIAL_INPUT, CD_TARGET_ERROR_NETWORK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestServer) ts = test_server_new (cases[i].mode, NULL);
      g_autoptr(SoupSession) session = cd_http_session_new_full (5, 2);
      g_autoptr(CdWordpressTarget) target = NULL;
      g_autofree char *url = test_server_get_url (ts);
      g_autoptr(GError) error = NULL;

      error = fetch (ts, session, NULL);
      g_test_message ("mode %u: %s", cases[i].mode, error != NULL ? error->message : "no error");
      g_assert_error (error, G_IO_ERROR, cases[i].code);
      g_clear_error (&error);

      target = target_for (url, session);
      error = test_connection (target);
      g_assert_error (error, CD_TARGET_ERROR, cases[i].target_code);
      g_assert_cmpstr (error->message, !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  memset (filler, ' ', sizeof filler);

  g_test_add_func ("/copydesk/core/security/http-refused", test_http_refused);
  g_test_add_func ("/copydesk/core/security/tls-not-bypassed", test_tls_not_bypassed);
  g_test_add_func ("/copydesk/core/security/no-credentials-after-redirect",
                   test_no_credentials_after_redirect);
  g_test_add_func ("/copydesk/core/security/escaping-wordpress", test_escaping_wordpress);
  g_test_add_func ("/copydesk/core/security/escaping-local", test_escaping_local);
  g_test_add_func ("/copydesk/core/security/escaping-media-url", test_escaping_media_url);
  g_test_add_func ("/copydesk/core/security/hostile-huge", test_hostile_huge);
  g_test_add_func ("/copydesk/core/security/hostile-endless", test_hostile_endless);
  g_test_add_func ("/copydesk/core/security/hostile-deep", test_hostile_deep);
  g_test_add_func ("/copydesk/core/security/hostile-content-length", test_hostile_content_length);

  return g_test_run ();
}
