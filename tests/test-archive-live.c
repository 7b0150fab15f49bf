/* test-archive-live.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "copydesk sync", "archive" and "unarchive" as a cron job runs them,
 * against a real WordPress (tests/fixtures/with-wordpress.sh) with the
 * password in a real Secret Service (tests/fixtures/with-keyring.sh).
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cd-accounts.h"
#include "cd-http.h"
#include "library-test-util.h"

#define ACCOUNT     "live-wp"
#define N_POSTS     60
#define NOTICE_MARK "<!-- copydesk:archived-notice -->"

typedef struct
{
  const char  *url;
  const char  *user;
  const char  *password;
  char        *tmpdir;
  char        *library;
  char        *copydesk;
  SoupSession *session;
} Live;

static Live live;

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* A direct REST call, independent of the code under test. */
static JsonNode *
rest (const char *method,
      const char *route,
      const char *query,
      const char *body)
{
  g_autofree char *credentials = g_strdup_printf ("%s:%s", live.user, live.password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *auth = g_strdup_printf ("Basic %s", encoded);
  g_autofree char *uri = g_strdup_printf ("%s/wp-json%s?%s", live.url, route, query ? query : "");
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (live.session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg) / 100, ==, 2);

  json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

/* Runs the real command line; returns its exit status, stdout in @out. */
static int
copydesk (char       **out,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  va_list args;
  int status = -1;

  g_ptr_array_add (argv, live.copydesk);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, "--library");
  g_ptr_array_add (argv, live.library);
  g_ptr_array_add (argv, "--account");
  g_ptr_array_add (argv, ACCOUNT);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("copydesk %s: %s%s", first, out != NULL && *out != NULL ? *out : "", err);
  /* The password never shows. */
  g_assert_null (strstr (err, live.password));
  g_assert_true (WIFEXITED (status));

  return WEXITSTATUS (status);
}

typedef struct
{
  gint64  id;
  char   *content;     /* raw, as created */
  char   *modified;
  gboolean old;
} Post;

static void
post_clear (Post *post)
{
  g_free (post->content);
  g_free (post->modified);
}

static gint64
archived_tag (void)
{
  g_autoptr(JsonNode) tags = rest ("GET", "/wp/v2/tags", "search=Archived&_fields=id,name", NULL);
  JsonArray *array = json_node_get_array (tags);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *tag = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (tag, "name"), "Archived"))
        return json_object_get_int_member (tag, "id");
    }

  return 0;
}

static JsonObject *
get_post (JsonNode **node,
          gint64     id)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT, id);

  *node = rest ("GET", route, "context=edit", NULL);
  return json_node_get_object (*node);
}

static gboolean
has_tag (JsonObject *post,
         gint64      tag)
{
  JsonArray *tags = json_object_get_array_member (post, "tags");

  for (guint i = 0; i < json_array_get_length (tags); i++)
    if (json_array_get_int_element (tags, i) == tag)
      return TRUE;

  return FALSE;
}

static guint
count_notices (const char *content)
{
  guint n = 0;

  for (const char *p = strstr (content, NOTICE_MARK); p != NULL; p = strstr (p + 1, NOTICE_MARK))
    n++;

  return n;
}

static void
test_sync_archive_unarchive (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.copydesk.Copydesk");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  g_autofree char *dry = NULL;
  g_autofree char *restored_out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) unarchive_argv = g_ptr_array_new ();
  Post posts[N_POSTS] = { 0 };
  guint n_old = 0;
  gint64 tag;

  g_assert_true (cd_accounts_add (settings, ACCOUNT, CD_ACCOUNT_TYPE_WORDPRESS, live.url, live.user, &error));
  g_assert_no_error (error);
  g_settings_sync ();
  cd_accounts_store_password_async (settings, ACCOUNT, live.password, NULL, result_cb, &stored);
  g_assert_true (cd_accounts_store_password_finish (wait_for (&stored), &error));
  g_assert_no_error (error);

  /* 60 posts over three years, created with their UTC publish dates. */
  for (guint i = 0; i < N_POSTS; i++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_seconds (now, -(gint64) i * 18 * 86400 - 3600);
      g_autofree char *date_gmt = g_date_time_format (date, "%Y-%m-%dT%H:%M:%S");
      g_autofree char *body = g_strdup_printf ("{\"title\": \"Live story %u\", \"status\": \"publish\","
                                               " \"date_gmt\": \"%s\", \"content\":"
                                               " \"<p>Body of story %u, with “quotes” & an ampersand.</p>\\n<p>Second paragraph.</p>\"}",
                                               i, date_gmt, i);
      g_autoptr(JsonNode) created = rest ("POST", "/wp/v2/posts", NULL, body);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *post;

      posts[i].id = json_object_get_int_member (json_node_get_object (created), "id");
      post = get_post (&node, posts[i].id);
      g_assert_cmpstr (json_object_get_string_member (post, "date_gmt"), ==, date_gmt);
      posts[i].content = g_strdup (json_object_get_string_member (json_object_get_object_member (post, "content"), "raw"));
      posts[i].old = (gint64) i * 18 + 1.0 / 24 > 365;
      n_old += posts[i].old;
    }
  g_assert_cmpuint (n_old, ==, 39);

  g_assert_cmpint (copydesk (&out, "sync", NULL), ==, 0);
  {
    g_autoptr(JsonNode) all = rest ("GET", "/wp/v2/posts", "status=publish&per_page=100&_fields=id", NULL);
    guint n = json_array_get_length (json_node_get_array (all));
    g_autofree char *expected = g_strdup_printf ("Synced: %u (new: %u,", n, n);

    g_assert_cmpuint (n, >=, N_POSTS);
    g_assert_nonnull (strstr (out, expected));
  }

  g_assert_cmpint (copydesk (&dry, "archive", "--older-than", "365d", "--dry-run", NULL), ==, 0);
  lines = g_strsplit (g_strstrip (dry), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_old);
  g_ptr_array_add (unarchive_argv, "unarchive");
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 3);

      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      g_assert_true (g_str_has_prefix (fields[2], "Live story "));
      g_assert_true (posts[atoi (fields[2] + strlen ("Live story "))].old);
      g_ptr_array_add (unarchive_argv, g_strdup (fields[1]));
    }
  /* A dry run changes nothing on the site. */
  g_assert_cmpint (archived_tag (), ==, 0);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (copydesk (&out, "archive", "--older-than", "365d", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Archived: 39, skipped (edited on the site): 0, failed: 0"));

  tag = archived_tag ();
  g_assert_cmpint (tag, !=, 0);
  for (guint i = 0; i < N_POSTS; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *post = get_post (&node, posts[i].id);
      const char *raw = json_object_get_string_member (json_object_get_object_member (post, "content"), "raw");

      g_assert_cmpuint (count_notices (raw), ==, posts[i].old ? 1 : 0);
      g_assert_cmpint (has_tag (post, tag), ==, posts[i].old);
      if (!posts[i].old)
        g_assert_cmpstr (raw, ==, posts[i].content);
      posts[i].modified = g_strdup (json_object_get_string_member (post, "modified_gmt"));
    }

  /* Twice changes nothing. */
  g_assert_cmpint (copydesk (&again, "archive", "--older-than", "365d", NULL), ==, 0);
  g_assert_nonnull (strstr (again, "Archived: 0,"));
  for (guint i = 0; i < N_POSTS; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *post = get_post (&node, posts[i].id);

      g_assert_cmpstr (json_object_get_string_member (post, "modified_gmt"), ==, posts[i].modified);
    }

  /* Undone, each piece is as it was, byte for byte. */
  g_ptr_array_add (unarchive_argv, NULL);
  {
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();
    g_autoptr(GError) spawn_error = NULL;
    g_autofree char *err = NULL;
    int status = -1;

    g_ptr_array_add (argv, live.copydesk);
    for (guint i = 0; i + 1 < unarchive_argv->len; i++)
      g_ptr_array_add (argv, g_ptr_array_index (unarchive_argv, i));
    g_ptr_array_add (argv, "--library");
    g_ptr_array_add (argv, live.library);
    g_ptr_array_add (argv, "--account");
    g_ptr_array_add (argv, ACCOUNT);
    g_ptr_array_add (argv, NULL);
    g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &restored_out, &err,
                  &status, &spawn_error);
    g_assert_no_error (spawn_error);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    g_assert_nonnull (strstr (restored_out, "Unarchived: 39, failed: 0"));
  }
  for (guint i = 0; i < N_POSTS; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *post = get_post (&node, posts[i].id);
      const char *raw = json_object_get_string_member (json_object_get_object_member (post, "content"), "raw");

      g_assert_cmpstr (raw, ==, posts[i].content);
      g_assert_false (has_tag (post, tag));
    }

  for (guint i = 1; i < unarchive_argv->len - 1; i++)
    g_free (g_ptr_array_index (unarchive_argv, i));
  for (guint i = 0; i < N_POSTS; i++)
    post_clear (&posts[i]);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Shared with the command line this test runs: settings in a file under
   * the fixture's private XDG_CONFIG_HOME, not in this process's memory.
   */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_test_init (&argc, &argv, NULL);

  live.url = g_getenv ("WP_URL");
  live.user = g_getenv ("WP_USER");
  live.password = g_getenv ("WP_APP_PASSWORD");
  if (live.url == NULL || live.user == NULL || live.password == NULL || g_getenv ("XDG_CONFIG_HOME") == NULL)
    {
      g_printerr ("Run this under tests/fixtures/with-keyring.sh tests/fixtures/with-wordpress.sh\n");
      return 1;
    }
  live.tmpdir = test_make_tmpdir ();
  live.library = g_build_filename (live.tmpdir, "library.db", NULL);
  live.copydesk = g_strdup (g_getenv ("COPYDESK"));
  if (live.copydesk == NULL)
    live.copydesk = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "src", "copydesk", NULL);
  live.session = cd_http_session_new ();

  g_test_add_func ("/copydesk/integration/archive-live/sync-archive-unarchive", test_sync_archive_unarchive);

  status = g_test_run ();

  test_rm_rf (live.tmpdir);
  g_free (live.tmpdir);
  g_free (live.library);
  g_free (live.copydesk);
  g_clear_object (&live.session);

  return status;
}
