/* test-wordpress-json.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cd-http.h"
#include "cd-target.h"
#include "cd-wordpress-json.h"

static JsonNode *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return cd_wp_json_parse (bytes, error);
}

static void
test_post (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(CdWpPost) post = NULL;

  node = parse ("{\"id\": 42, \"link\": \"https://x.test/?p=42\", \"slug\": \"a-b-1234\","
                " \"status\": \"publish\", \"date\": \"2024-01-02T03:04:05\","
                " \"date_gmt\": \"2024-01-02T02:04:05\", \"modified_gmt\": \"2024-01-03T00:00:00\","
                " \"title\": {\"raw\": \"A &amp; B\", \"rendered\": \"A &#038; B\"},"
                " \"content\": {\"raw\": \"<p>x</p>\", \"rendered\": \"<p>x</p>\\n\"},"
                " \"featured_media\": 7, \"tags\": [3, 9]}", &error);
  g_assert_no_error (error);
  post = cd_wp_post_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (post->id, ==, 42);
  g_assert_cmpstr (post->slug, ==, "a-b-1234");
  g_assert_cmpstr (post->modified_gmt, ==, "2024-01-03T00:00:00");
  g_assert_cmpstr (post->title_raw, ==, "A &amp; B");
  g_assert_cmpstr (post->title_rendered, ==, "A &#038; B");
  g_assert_cmpstr (post->content_raw, ==, "<p>x</p>");
  g_assert_null (post->excerpt_raw);
  g_assert_cmpint (post->featured_media, ==, 7);
  g_assert_cmpuint (post->tags->len, ==, 2);
  g_assert_cmpint (g_array_index (post->tags, gint64, 1), ==, 9);
}

static void
test_post_invalid (void)
{
  const char *bad[] = {
    "[1, 2]",
    "{\"title\": \"no id\"}",
    "{\"id\": 1, \"tags\": [\"x\"]}",
    "\"just a string\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = parse (bad[i], &error);
      g_autoptr(CdWpPost) post = NULL;

      g_assert_no_error (error);
      post = cd_wp_post_from_json (node, &error);
      g_assert_null (post);
      g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
    }
}

static void
test_media_and_terms (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(CdWpMedia) media = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  g_autofree char *plain = NULL;

  node = parse ("{\"id\": 5, \"source_url\": \"https://x.test/a.jpg\", \"mime_type\": \"image/jpeg\"}",
                &error);
  media = cd_wp_media_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (media->id, ==, 5);
  g_assert_cmpstr (media->source_url, ==, "https://x.test/a.jpg");

  list = parse ("[{\"id\": 1, \"name\": \"Rock &amp; Roll\"}, {\"id\": 2, \"name\": \"Caf\\u00e9\"}]",
                &error);
  terms = cd_wp_terms_from_json (list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (terms->len, ==, 2);
  plain = cd_wp_unescape_html (((CdWpTerm *) g_ptr_array_index (terms, 0))->name);
  g_assert_cmpstr (plain, ==, "Rock & Roll");
}

static void
test_unescape (void)
{
  g_autofree char *a = cd_wp_unescape_html ("It&#8217;s &lt;b&gt; &#x41; &bogus; &amp");
  g_autofree char *b = cd_wp_unescape_html ("&#0; &#x110000; &#;");

  g_assert_cmpstr (a, ==, "It’s <b> A &bogus; &amp");
  g_assert_cmpstr (b, ==, "&#0; &#x110000; &#;");
}

static void
test_error_body (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  gint64 term_id;

  node = parse ("{\"code\": \"term_exists\", \"message\": \"A term with the name provided already exists.\","
                " \"data\": {\"status\": 400, \"term_id\": 12}}", &error);
  g_assert_true (cd_wp_error_body_parse (node, &code, &message, &term_id));
  g_assert_cmpstr (code, ==, "term_exists");
  g_assert_cmpstr (message, ==, "A term with the name provided already exists.");
  g_assert_cmpint (term_id, ==, 12);
}

static void
test_error_mapping (void)
{
  const char *forbidden = "{\"code\": \"rest_cannot_create\","
                          " \"message\": \"Sorry, you are not allowed to create posts.\","
                          " \"data\": {\"status\": 403}}";
  const char *sideload = "{\"code\": \"rest_upload_sideload_error\", \"message\": \"No space\","
                         " \"data\": {\"status\": 500}}";
  g_autoptr(GBytes) forbidden_bytes = g_bytes_new_static (forbidden, strlen (forbidden));
  g_autoptr(GBytes) sideload_bytes = g_bytes_new_static (sideload, strlen (sideload));
  g_autoptr(GBytes) html = g_bytes_new_static ("<html>", 6);
  g_autoptr(GError) auth = NULL;
  g_autoptr(GError) rejected = NULL;
  g_autoptr(GError) limited = NULL;
  g_autoptr(GError) unavailable = NULL;
  g_autoptr(GError) failed = NULL;
  g_autoptr(GError) server = NULL;
  guint delay;

  auth = cd_wp_error_from_response (401, NULL, NULL);
  g_assert_error (auth, CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH);
  g_assert_nonnull (strstr (auth->message, "check the application password"));
  g_assert_false (cd_target_error_should_retry (auth, 0, NULL));

  rejected = cd_wp_error_from_response (403, forbidden_bytes, NULL);
  g_assert_error (rejected, CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED);
  g_assert_nonnull (strstr (rejected->message, "Sorry, you are not allowed to create posts."));
  g_assert_cmpstr (cd_target_error_get_server_code (rejected), ==, "rest_cannot_create");
  g_assert_cmpuint (cd_target_error_get_http_status (rejected), ==, 403);
  g_assert_false (cd_target_error_should_retry (rejected, 0, NULL));

  limited = cd_wp_error_from_response (429, NULL, "17");
  g_assert_error (limited, CD_TARGET_ERROR, CD_TARGET_ERROR_RATE_LIMITED);
  g_assert_cmpuint (cd_target_error_get_retry_after (limited), ==, 17);
  g_assert_true (cd_target_error_should_retry (limited, 5, &delay));
  g_assert_cmpuint (delay, ==, 17000);

  unavailable = cd_wp_error_from_response (503, html, "3");
  g_assert_error (unavailable, CD_TARGET_ERROR, CD_TARGET_ERROR_SERVER);
  g_assert_nonnull (strstr (unavailable->message, "503"));
  g_assert_true (cd_target_error_should_retry (unavailable, 0, &delay));
  g_assert_cmpuint (delay, ==, 3000);

  failed = cd_wp_error_from_response (500, sideload_bytes, NULL);
  g_assert_error (failed, CD_TARGET_ERROR, CD_TARGET_ERROR_SERVER);
  g_assert_false (cd_target_error_should_retry (failed, 0, NULL));

  /* A plain 500: backoff grows, with jitter inside [d/2, d], and is capped. */
  server = cd_wp_error_from_response (500, NULL, NULL);
  g_assert_true (cd_target_error_should_retry (server, 0, &delay));
  g_assert_cmpuint (delay, >=, 1000);
  g_assert_cmpuint (delay, <=, 2000);
  g_assert_true (cd_target_error_should_retry (server, 3, &delay));
  g_assert_cmpuint (delay, >=, 8000);
  g_assert_cmpuint (delay, <=, 16000);
  g_assert_true (cd_target_error_should_retry (server, 40, &delay));
  g_assert_cmpuint (delay, <=, 10 * 60 * 1000);

  /* The details survive the copy GTask makes. */
  {
    g_autoptr(GError) copy = g_error_copy (limited);

    g_assert_cmpuint (cd_target_error_get_retry_after (copy), ==, 17);
  }
}

static void
test_retry_after (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 5, 1, 12, 0, 0);

  g_assert_cmpuint (cd_wp_parse_retry_after ("120", now), ==, 120);
  g_assert_cmpuint (cd_wp_parse_retry_after (" 5", now), ==, 5);
  g_assert_cmpuint (cd_wp_parse_retry_after ("99999999", now), ==, 24 * 60 * 60);
  g_assert_cmpuint (cd_wp_parse_retry_after ("Wed, 01 May 2024 12:01:30 GMT", now), ==, 90);
  g_assert_cmpuint (cd_wp_parse_retry_after ("Wed, 01 May 2024 11:00:00 GMT", now), ==, 0);
  g_assert_cmpuint (cd_wp_parse_retry_after ("soon", now), ==, 0);
  g_assert_cmpuint (cd_wp_parse_retry_after ("12abc", now), ==, 0);
  g_assert_cmpuint (cd_wp_parse_retry_after (NULL, now), ==, 0);
}

static void
test_batch_reply (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) short_node = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) none = NULL;
  CdWpBatchItem *item;

  node = parse ("{\"responses\": ["
                "{\"body\": {\"id\": 1, \"modified_gmt\": \"2024-01-01T00:00:00\"}, \"status\": 200, \"headers\": {}},"
                "{\"body\": {\"code\": \"rest_post_invalid_id\", \"message\": \"Invalid post ID.\","
                " \"data\": {\"status\": 404}}, \"status\": 404, \"headers\": {}}]}", &error);
  items = cd_wp_batch_reply_from_json (node, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  item = g_ptr_array_index (items, 1);
  g_assert_cmpuint (item->status, ==, 404);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (item->body));

  none = cd_wp_batch_reply_from_json (node, 3, &error);
  g_assert_null (none);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
  g_clear_error (&error);

  short_node = parse ("{\"responses\": [{\"status\": \"ok\"}]}", &error);
  g_assert_null (cd_wp_batch_reply_from_json (short_node, 1, &error));
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
}

static void
test_index (void)
{
  g_autoptr(JsonNode) with = parse ("{\"routes\": {\"/\": {}, \"/batch/v1\": {}}}", NULL);
  g_autoptr(JsonNode) without = parse ("{\"routes\": {\"/\": {}}}", NULL);
  g_autoptr(JsonNode) html = parse ("[]", NULL);

  g_assert_true (cd_wp_index_has_route (with, "/batch/v1"));
  g_assert_false (cd_wp_index_has_route (without, "/batch/v1"));
  g_assert_false (cd_wp_index_has_route (html, "/"));
}

static void
test_malformed (void)
{
  const char *bad[] = {
    "",
    "{",
    "{\"id\": 1,}",
    "<html><body>Error establishing a database connection</body></html>",
    "{\"a\": \"\xff\xfe\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = parse (bad[i], &error);

      g_assert_null (node);
      g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
    }
}

/* Found by fuzzing: json-glib decodes a lone surrogate escape into bytes
 * that are not UTF-8, in a string or in its own error message.
 */
static void
test_lone_surrogate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) node = parse ("{\"id\": 1, \"title\": {\"rendered\": \"a\\udc00 b\"},"
                                    " \"slug\": \"ok\", \"status\": \"\\ud800 x\"}", &error);
  g_autoptr(JsonNode) bad = parse ("[{\"id\": \"\\ud800\"3}]", &parse_error);
  g_autoptr(CdWpPost) post = NULL;

  g_assert_no_error (error);
  post = cd_wp_post_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (post->title_rendered, ==, "");
  g_assert_cmpstr (post->status, ==, "");
  g_assert_cmpstr (post->slug, ==, "ok");

  g_assert_null (bad);
  g_assert_error (parse_error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
  g_assert_true (g_utf8_validate (parse_error->message, -1, NULL));
}

static void
test_deep (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GString) quoted = g_string_new ("{\"a\": \"");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) ok_node = NULL;
  g_autoptr(JsonNode) quoted_node = NULL;

  /* A million brackets would overflow json-glib's recursive parser. */
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  node = parse (deep->str, &error);
  g_assert_null (node);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
  g_clear_error (&error);

  for (guint i = 0; i < CD_WP_JSON_MAX_DEPTH; i++)
    g_string_append_c (ok, '[');
  for (guint i = 0; i < CD_WP_JSON_MAX_DEPTH; i++)
    g_string_append_c (ok, ']');
  ok_node = parse (ok->str, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok_node);

  /* Brackets inside strings (and escaped quotes) are text, not nesting. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (quoted, "[{\\\"");
  g_string_append (quoted, "\"}");
  quoted_node = parse (quoted->str, &error);
  g_assert_no_error (error);
  g_assert_nonnull (quoted_node);
}

static void
test_huge (void)
{
  g_autoptr(GString) huge = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (huge, "%s{\"id\": %u, \"title\": {\"rendered\": \"Post %u\"}, \"tags\": []}",
                            i > 0 ? "," : "", i + 1, i + 1);
  g_string_append_c (huge, ']');

  node = parse (huge->str, &error);
  g_assert_no_error (error);
  posts = cd_wp_posts_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 20000);
  g_assert_cmpint (((CdWpPost *) g_ptr_array_index (posts, 19999))->id, ==, 20000);
}

static void
test_content_disposition (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "photo.jpg", "attachment; filename=\"photo.jpg\"" },
    { "Café Zürich.jpg", "attachment; filename=\"Cafe Zurich.jpg\"" },
    { "a\"b\\c.jpg", "attachment; filename=\"a\\\"b\\\\c.jpg\"" },
    { "100%;x.png", "attachment; filename=\"100x.png\"" },
    { "日本.jpg", "attachment; filename=\"??.jpg\"" },
    { ".hidden", "attachment; filename=\"photo.hidden\"" },
    { "", "attachment; filename=\"photo\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *value = cd_http_content_disposition (cases[i].in);

      g_assert_cmpstr (value, ==, cases[i].out);
      g_assert_null (strstr (value, "filename*"));
    }
}

static void
test_site_url (void)
{
  const char *good[] = {
    "https://news.example.org", "http://127.0.0.1:8080", "http://127.3.4.5/", "http://[::1]:80",
    "http://localhost:9000/blog",
  };
  const char *bad[] = {
    "http://news.example.org", "http://10.0.0.1", "ftp://example.org", "news.example.org",
    "http://localhost.example.org",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (cd_http_check_site_url (good[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cd_http_check_site_url (bad[i], &error));
      g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/wordpress-json/post", test_post);
  g_test_add_func ("/copydesk/core/wordpress-json/post-invalid", test_post_invalid);
  g_test_add_func ("/copydesk/core/wordpress-json/media-and-terms", test_media_and_terms);
  g_test_add_func ("/copydesk/core/wordpress-json/unescape", test_unescape);
  g_test_add_func ("/copydesk/core/wordpress-json/error-body", test_error_body);
  g_test_add_func ("/copydesk/core/wordpress-json/error-mapping", test_error_mapping);
  g_test_add_func ("/copydesk/core/wordpress-json/retry-after", test_retry_after);
  g_test_add_func ("/copydesk/core/wordpress-json/batch-reply", test_batch_reply);
  g_test_add_func ("/copydesk/core/wordpress-json/index", test_index);
  g_test_add_func ("/copydesk/core/wordpress-json/malformed", test_malformed);
  g_test_add_func ("/copydesk/core/wordpress-json/lone-surrogate", test_lone_surrogate);
  g_test_add_func ("/copydesk/core/wordpress-json/deep", test_deep);
  g_test_add_func ("/copydesk/core/wordpress-json/huge", test_huge);
  g_test_add_func ("/copydesk/core/wordpress-json/content-disposition", test_content_disposition);
  g_test_add_func ("/copydesk/core/wordpress-json/site-url", test_site_url);

  return g_test_run ();
}
