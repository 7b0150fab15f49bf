/* test-publish-live.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole way to a real WordPress (tests/fixtures/with-wordpress.sh) with
 * the password in a real Secret Service (tests/fixtures/with-keyring.sh):
 * the copydesk command line (COPYDESK) as a subprocess and the publisher
 * in process, sharing one library file and one settings keyfile.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cd-accounts.h"
#include "cd-http.h"
#include "cd-publisher.h"
#include "cd-render.h"
#include "cd-test-live.h"

#define ACCOUNT "live"

typedef struct
{
  const char  *url;
  const char  *user;
  const char  *password;
  char        *tmpdir;
  char        *library_path;
  GSettings   *settings;
  SoupSession *session;
  GString     *outputs;   /* everything the commands printed */
} Live;

static Live live;

static void
async_result_cb (GObject      *object,
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

/* Runs copydesk with the NULL-terminated arguments; returns the status. */
static int
run (const char  *input,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("COPYDESK"));
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, err, &error);
  g_assert_no_error (error);
  g_string_append (live.outputs, out);
  g_string_append (live.outputs, *err);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

/* A direct REST read, independent of the code under test. */
static JsonNode *
rest_get (const char *route,
          const char *query,
          guint      *total)
{
  return cd_test_live_rest_get (live.session, live.url, live.user, live.password,
                                route, query, total);
}

#define raw_of cd_test_live_raw_of

static void
add_photo (CdLibrary  *library,
           CdStory    *story,
           const char *file_name,
           const char *color,
           const char *caption,
           const char *credit,
           const char *alt)
{
  g_autofree char *path = g_build_filename (live.tmpdir, file_name, NULL);
  g_autofree char *spec = g_strdup_printf ("xc:%s", color);
  const char *argv[] = { "convert", "-size", "64x48", spec, path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CdPhoto *photo;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  photo = cd_library_import_photo_file (library, story, file, &error);
  g_assert_no_error (error);
  cd_photo_set_caption (photo, caption);
  cd_photo_set_credit (photo, credit);
  cd_photo_set_alt_text (photo, alt);
}

static char *
make_story (const char *headline,
            guint       n_photos)
{
  const char *tags[] = { "Harbour", "Live Test", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = cd_library_open (live.library_path, &error);
  g_autoptr(CdStory) story = NULL;

  g_assert_no_error (error);
  story = cd_library_create_story (library, &error);
  g_assert_no_error (error);
  cd_story_set_headline (story, headline);
  cd_story_set_dek (story, "The council voted 7–4 to rebuild the waterfront.");
  cd_story_set_byline (story, "Jane Doe");
  cd_story_set_body (story, "The vote came after *midnight*.");
  cd_story_set_tags (story, tags);
  if (n_photos > 0)
    add_photo (library, story, "harbour.jpg", "navy", "Boats at dawn.",
               "Jessica McGowan/Getty Images", "Boats moored in a calm harbour");
  if (n_photos > 1)
    add_photo (library, story, "terrace.jpg", "orange", "The café’s terrace.",
               "Anna Öberg/TT", "Chairs on a sunny terrace");
  g_assert_true (cd_library_save_story (library, story, &error));
  g_assert_no_error (error);

  return g_strdup (cd_story_get_id (story));
}

static CdStory *
load_story (CdLibrary  *library,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  CdStory *story = cd_library_load_story (library, id, &error);

  g_assert_no_error (error);
  return story;
}

static void
check_figure (const char *content,
              const char *media_id,
              CdPhoto    *photo)
{
  g_autofree char *route = g_strdup_printf ("/wp/v2/media/%s", media_id);
  g_autoptr(JsonNode) node = rest_get (route, "context=edit", NULL);
  JsonObject *media = json_node_get_object (node);
  g_autofree char *caption = cd_render_caption_text (cd_photo_get_caption (photo),
                                                     cd_photo_get_credit (photo),
                                                     CD_CREDIT_FORMAT_PARENTHESES);
  g_autofree char *escaped = cd_render_escape (caption);
  g_autofree char *alt_attr = g_strdup_printf ("alt=\"%s\"", cd_photo_get_alt_text (photo));
  g_autofree char *credit_end = g_strdup_printf ("(Credit: %s)", cd_photo_get_credit (photo));
  const char *figure = strstr (content, json_object_get_string_member (media, "source_url"));
  const char *end;

  g_assert_true (g_str_has_suffix (caption, credit_end));
  g_assert_nonnull (figure);
  end = strstr (figure, "</figure>");
  g_assert_nonnull (end);
  g_assert_nonnull (g_strstr_len (figure, end - figure, alt_attr));
  g_assert_nonnull (g_strstr_len (figure, end - figure, escaped));
  g_assert_cmpstr (json_object_get_string_member (media, "alt_text"), ==, cd_photo_get_alt_text (photo));
  g_assert_nonnull (strstr (raw_of (media, "caption"), escaped));

  /* The upload kept the slug it asked for, and a retried push finds it by
   * that slug instead of uploading the photo again.
   */
  {
    const char *slug = json_object_get_string_member (media, "slug");
    g_autofree char *query = g_strdup_printf ("slug=%s&_fields=id", slug);
    g_autoptr(JsonNode) found = NULL;
    JsonArray *array;

    g_assert_true (g_str_has_prefix (slug, "copydesk-"));
    found = rest_get ("/wp/v2/media", query, NULL);
    array = json_node_get_array (found);
    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "id"), ==,
                     g_ascii_strtoll (media_id, NULL, 10));
  }
}

static CdTarget *
target_cb (const char  *account,
           gpointer     user_data,
           GError     **error)
{
  return g_object_ref (user_data);
}

static void
test_account (void)
{
  g_autofree char *input = g_strdup_printf ("%s\n", live.password);
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (run (input, &err, "account", "add", ACCOUNT, "--url", live.url,
                        "--user", live.user, "--default", NULL), ==, 0);
  g_assert_cmpint (run (NULL, &err2, "account", "test", ACCOUNT, NULL), ==, 0);
  g_assert_nonnull (strstr (live.outputs->str, "Signed in as "));
}

/* copydesk push, then an edit through the publisher in process. */
static void
test_push_and_edit (void)
{
  g_autofree char *id = make_story ("Harbour plan approved after long night", 2);
  g_autofree char *err = NULL;
  g_autofree char *route = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(JsonNode) post_node = NULL;
  g_autoptr(JsonNode) tags_node = NULL;
  g_autoptr(JsonNode) before_node = NULL;
  g_autoptr(JsonNode) after_node = NULL;
  g_autoptr(JsonNode) edited_node = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *tag_query = NULL;
  const CdRemote *remote;
  JsonObject *post;
  JsonArray *tag_ids;
  guint total_before, total_after;

  before_node = rest_get ("/wp/v2/posts", "status=any&context=edit&_fields=id", &total_before);
  g_assert_cmpint (run (NULL, &err, "push", "--library", live.library_path, id, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Pushing “Harbour plan approved after long night”…"));
  g_assert_nonnull (strstr (err, "Published: http://"));
  g_assert_nonnull (strstr (err, "Published: 1, failed: 0"));

  library = cd_library_open (live.library_path, &error);
  g_assert_no_error (error);
  story = load_story (library, id);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_PUBLISHED);
  remote = cd_story_get_remote (story, ACCOUNT);
  g_assert_nonnull (remote);
  remote_id = g_strdup (remote->remote_id);

  route = g_strdup_printf ("/wp/v2/posts/%s", remote_id);
  post_node = rest_get (route, "context=edit", NULL);
  post = json_node_get_object (post_node);
  g_assert_cmpstr (raw_of (post, "title"), ==, "Harbour plan approved after long night");
  g_assert_cmpstr (raw_of (post, "excerpt"), ==, "The council voted 7–4 to rebuild the waterfront.");
  g_assert_cmpstr (json_object_get_string_member (post, "status"), ==, "publish");
  g_assert_cmpstr (json_object_get_string_member (post, "link"), ==, remote->link);
  g_assert_cmpstr (json_object_get_string_member (post, "modified_gmt"), ==, remote->modified);
  g_assert_nonnull (strstr (raw_of (post, "content"), "<em>midnight</em>"));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CdPhoto) photo = g_list_model_get_item (cd_story_get_photos (story), i);
      const char *media_id = cd_photo_get_remote_media_id (photo, ACCOUNT);

      g_assert_nonnull (media_id);
      if (i == 0)
        g_assert_cmpint (json_object_get_int_member (post, "featured_media"), ==,
                         g_ascii_strtoll (media_id, NULL, 10));
      check_figure (raw_of (post, "content"), media_id, photo);
    }

  tag_ids = json_object_get_array_member (post, "tags");
  g_assert_cmpuint (json_array_get_length (tag_ids), ==, 2);
  tag_query = g_strdup_printf ("include=%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "&_fields=name",
                               json_array_get_int_element (tag_ids, 0),
                               json_array_get_int_element (tag_ids, 1));
  tags_node = rest_get ("/wp/v2/tags", tag_query, NULL);
  {
    g_autofree char *text = json_to_string (tags_node, FALSE);

    g_assert_nonnull (strstr (text, "\"Harbour\""));
    g_assert_nonnull (strstr (text, "\"Live Test\""));
  }

  /* An edit, pushed by the publisher in process: the same post. */
  {
    g_autoptr(CdTarget) target = NULL;
    g_autoptr(CdPublisher) publisher = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) idle = NULL;

    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    /* The keyfile backend learns of the command's writes from a file monitor. */
    while (!cd_accounts_has (live.settings, ACCOUNT) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);

    cd_accounts_create_target_async (live.settings, ACCOUNT, live.session, NULL,
                                     async_result_cb, &result);
    target = cd_accounts_create_target_finish (wait_for (&result), &error);
    g_assert_no_error (error);

    cd_story_set_headline (story, "Harbour plan approved, with conditions");
    cd_library_set_default_account (library, ACCOUNT);
    g_assert_true (cd_library_mark_ready (library, story, &error));
    g_assert_no_error (error);

    publisher = cd_publisher_new (library, target_cb, g_object_ref (target), g_object_unref);
    cd_publisher_run_until_idle_async (publisher, 10000, NULL, async_result_cb, &idle);
    g_assert_true (cd_publisher_run_until_idle_finish (publisher, wait_for (&idle), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_PUBLISHED);
  g_assert_cmpstr (cd_story_get_remote (story, ACCOUNT)->remote_id, ==, remote_id);
  edited_node = rest_get (route, "context=edit", NULL);
  g_assert_cmpstr (raw_of (json_node_get_object (edited_node), "title"), ==,
                   "Harbour plan approved, with conditions");
  after_node = rest_get ("/wp/v2/posts", "status=any&context=edit&_fields=id", &total_after);
  g_assert_cmpuint (total_after, ==, total_before + 1);
}

/* A wrong password: a plain message and a non-zero exit. */
static void
test_wrong_password (void)
{
  g_autofree char *id = make_story ("Ferry strike called off", 0);
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;

  g_assert_cmpint (run ("abcd abcd abcd abcd abcd abcd\n", &err, "account", "add", "wrong",
                        "--url", live.url, "--user", live.user, NULL), ==, 0);
  g_assert_cmpint (run (NULL, &err2, "account", "test", "wrong", NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "check the application password"));
  g_assert_cmpint (run (NULL, &err3, "push", "--library", live.library_path, "--account", "wrong",
                        id, NULL), ==, 1);
  g_assert_nonnull (strstr (err3, "check the application password"));
  g_assert_nonnull (strstr (err3, "Published: 0, failed: 1"));
}

static void
assert_file_lacks (const char *path,
                   const char *secret)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  gsize n = strlen (secret);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return;
  /* Bytes, not text: SQLite pages hold NULs. */
  for (gsize i = 0; i + n <= length; i++)
    g_assert_false (memcmp (contents + i, secret, n) == 0);
}

/* The password is in the keyring and nowhere else we wrote. */
static void
test_password_nowhere (void)
{
  g_autofree char *wal = g_strconcat (live.library_path, "-wal", NULL);
  g_autofree char *keyfile = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings",
                                               "keyfile", NULL);

  g_assert_true (g_file_test (live.library_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (keyfile, G_FILE_TEST_EXISTS));
  assert_file_lacks (live.library_path, live.password);
  assert_file_lacks (wal, live.password);
  assert_file_lacks (keyfile, live.password);
  g_assert_null (strstr (live.outputs->str, live.password));
  g_assert_nonnull (strstr (live.outputs->str, "Published:"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  live.url = g_getenv ("WP_URL");
  live.user = g_getenv ("WP_USER");
  live.password = g_getenv ("WP_APP_PASSWORD");
  if (live.url == NULL || live.user == NULL || live.password == NULL || g_getenv ("COPYDESK") == NULL)
    {
      g_printerr ("Run this under tests/fixtures/with-keyring.sh tests/fixtures/with-wordpress.sh\n");
      return 1;
    }
  live.tmpdir = g_dir_make_tmp ("copydesk-publish-live-XXXXXX", &error);
  g_assert_no_error (error);
  live.library_path = g_build_filename (live.tmpdir, "library.db", NULL);
  live.settings = g_settings_new (APP_ID);
  live.session = cd_http_session_new ();
  live.outputs = g_string_new (NULL);

  /* In order: the account first, the check for the password last. */
  g_test_add_func ("/copydesk/integration/publish-live/account", test_account);
  g_test_add_func ("/copydesk/integration/publish-live/push-and-edit", test_push_and_edit);
  g_test_add_func ("/copydesk/integration/publish-live/wrong-password", test_wrong_password);
  g_test_add_func ("/copydesk/integration/publish-live/password-nowhere", test_password_nowhere);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (live.tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (live.tmpdir, name, NULL);

        if (g_file_test (path, G_FILE_TEST_IS_DIR))
          {
            g_autoptr(GDir) sub = g_dir_open (path, 0, NULL);
            const char *child;

            while (sub != NULL && (child = g_dir_read_name (sub)) != NULL)
              {
                g_autofree char *inner = g_build_filename (path, child, NULL);

                g_unlink (inner);
              }
            g_rmdir (path);
          }
        else
          g_unlink (path);
      }
    g_rmdir (live.tmpdir);
  }
  g_free (live.tmpdir);
  g_free (live.library_path);
  g_clear_object (&live.settings);
  g_clear_object (&live.session);
  g_string_free (live.outputs, TRUE);

  return status;
}
