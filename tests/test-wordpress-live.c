/* test-wordpress-live.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against a real WordPress (tests/fixtures/with-wordpress.sh) and a real
 * Secret Service (tests/fixtures/with-keyring.sh).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cd-accounts.h"
#include "cd-http.h"
#include "cd-render.h"
#include "cd-test-live.h"
#include "cd-wordpress-target.h"

#define ACCOUNT "live-wp"

typedef struct
{
  const char  *url;
  const char  *user;
  const char  *password;
  char        *tmpdir;
  GSettings   *settings;
  SoupSession *session;
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
make_jpeg (const char *path,
           const char *color)
{
  g_autofree char *spec = g_strdup_printf ("xc:%s", color);
  const char *argv[] = { "convert", "-size", "64x48", spec, path, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
}

static CdPhoto *
make_photo (const char *file_name,
            const char *color,
            const char *caption,
            const char *credit,
            const char *alt)
{
  g_autofree char *path = g_build_filename (live.tmpdir, file_name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  CdPhoto *photo = cd_photo_new ();
  gsize len;

  make_jpeg (path, color);
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);

  cd_photo_set_file_path (photo, path);
  cd_photo_set_content_hash (photo, hash);
  cd_photo_set_mime_type (photo, "image/jpeg");
  cd_photo_set_original_name (photo, file_name);
  cd_photo_set_caption (photo, caption);
  cd_photo_set_credit (photo, credit);
  cd_photo_set_alt_text (photo, alt);

  return photo;
}

static CdTarget *
target_from_keyring (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  CdTarget *target;

  cd_accounts_lookup_password_async (live.settings, ACCOUNT, NULL, async_result_cb, &result);
  password = cd_accounts_lookup_password_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, live.password);

  target = cd_accounts_create_target (live.settings, ACCOUNT, password, NULL, &error);
  g_assert_no_error (error);

  return target;
}

static void
test_keyring (void)
{
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTarget) target = NULL;
  g_autofree char *nothing = NULL;

  g_assert_true (cd_accounts_add (live.settings, ACCOUNT, CD_ACCOUNT_TYPE_WORDPRESS,
                                  live.url, live.user, &error));
  g_assert_no_error (error);

  cd_accounts_store_password_async (live.settings, ACCOUNT, live.password, NULL,
                                    async_result_cb, &stored);
  g_assert_true (cd_accounts_store_password_finish (wait_for (&stored), &error));
  g_assert_no_error (error);

  target = target_from_keyring ();
  g_assert_true (CD_IS_WORDPRESS_TARGET (target));

  /* Another account has no password. */
  g_assert_true (cd_accounts_add (live.settings, "other", CD_ACCOUNT_TYPE_WORDPRESS,
                                  live.url, "someone", &error));
  cd_accounts_lookup_password_async (live.settings, "other", NULL, async_result_cb, &missing);
  nothing = cd_accounts_lookup_password_finish (wait_for (&missing), &error);
  g_assert_null (nothing);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH);
}

static CdTargetPushResult *
push (CdTarget  *target,
      CdStory   *story,
      GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cd_target_push_story_async (target, story, CD_CREDIT_FORMAT_PARENTHESES, CD_TARGET_PUSH_NONE,
                              NULL, async_result_cb, &result);

  return cd_target_push_story_finish (target, wait_for (&result), error);
}

static void
record (CdStory                  *story,
        const CdTargetPushResult *result)
{
  g_autoptr(CdRemote) remote = cd_remote_new (ACCOUNT);

  remote->remote_id = g_strdup (result->remote_id);
  remote->link = g_strdup (result->link);
  remote->modified = g_strdup (result->modified);
  remote->client_slug = g_strdup (result->client_slug);
  cd_story_set_remote (story, remote);

  for (guint i = 0; i < result->media->len; i++)
    {
      CdTargetMedia *media = g_ptr_array_index (result->media, i);
      g_autoptr(CdPhoto) photo = g_list_model_get_item (cd_story_get_photos (story), i);

      cd_photo_set_remote_media (photo, ACCOUNT, media->media_id, media->uploaded_hash);
    }
}

static void
check_figure (const char *content,
              JsonObject *media,
              const char *caption,
              const char *alt)
{
  g_autofree char *alt_attr = g_strdup_printf ("alt=\"%s\"", alt);
  const char *source_url = json_object_get_string_member (media, "source_url");
  g_autofree char *escaped = cd_render_escape (caption);
  const char *figure = strstr (content, source_url);
  const char *end;

  g_assert_nonnull (figure);
  end = strstr (figure, "</figure>");
  g_assert_nonnull (end);
  g_assert_nonnull (g_strstr_len (figure, end - figure, alt_attr));
  g_assert_nonnull (g_strstr_len (figure, end - figure, escaped));
  g_assert_true (g_str_has_suffix (caption, "(Credit: Jessica McGowan/Getty Images)") ||
                 g_str_has_suffix (caption, "(Credit: Anna Öberg/TT)"));

  g_assert_cmpstr (json_object_get_string_member (media, "alt_text"), ==, alt);
  g_assert_nonnull (strstr (raw_of (media, "caption"), escaped));
}

static void
test_push_and_update (void)
{
  g_autoptr(CdTarget) target = target_from_keyring ();
  g_autoptr(CdStory) story = cd_story_new ();
  g_autoptr(CdPhoto) first = make_photo ("harbour.jpg", "navy", "Boats at dawn.",
                                         "Jessica McGowan/Getty Images", "Boats moored in a calm harbour");
  g_autoptr(CdPhoto) second = make_photo ("Café Ärlig.jpg", "orange", "The café’s terrace.",
                                          "Anna Öberg/TT", "Chairs on a sunny terrace");
  g_autoptr(CdTargetPushResult) created = NULL;
  g_autoptr(CdTargetPushResult) updated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) post_node = NULL;
  g_autoptr(JsonNode) after_node = NULL;
  g_autoptr(JsonNode) tags_node = NULL;
  g_autoptr(JsonNode) all_before = NULL;
  g_autoptr(JsonNode) all_after = NULL;
  g_autoptr(CdRemote) slug_remote = cd_remote_new (ACCOUNT);
  g_autofree char *route = NULL;
  g_autofree char *tag_query = NULL;
  const char *tags[] = { "Harbour", "City Hall", NULL };
  JsonObject *post;
  JsonArray *tag_ids;
  guint total_before, total_after;

  cd_story_set_headline (story, "Harbour plan approved after long night");
  cd_story_set_dek (story, "The council voted 7–4 to rebuild the waterfront.");
  cd_story_set_byline (story, "Jane Doe");
  cd_story_set_body (story, "The vote came after *midnight*.\n\nCritics said the cost was too high.");
  cd_story_set_tags (story, tags);
  cd_story_append_photo (story, first);
  cd_story_append_photo (story, second);
  slug_remote->client_slug = cd_target_choose_client_slug (story);
  cd_story_set_remote (story, slug_remote);

  all_before = rest_get ("/wp/v2/posts", "status=any&context=edit&_fields=id", &total_before);
  created = push (target, story, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (created->media->len, ==, 2);

  route = g_strdup_printf ("/wp/v2/posts/%s", created->remote_id);
  post_node = rest_get (route, "context=edit", NULL);
  post = json_node_get_object (post_node);
  g_assert_cmpstr (raw_of (post, "title"), ==, "Harbour plan approved after long night");
  g_assert_cmpstr (raw_of (post, "excerpt"), ==, "The council voted 7–4 to rebuild the waterfront.");
  g_assert_cmpstr (json_object_get_string_member (post, "status"), ==, "publish");
  g_assert_cmpstr (json_object_get_string_member (post, "slug"), ==, created->client_slug);
  g_assert_cmpstr (json_object_get_string_member (post, "modified_gmt"), ==, created->modified);
  g_assert_nonnull (strstr (raw_of (post, "content"), "<em>midnight</em>"));

  /* The featured image is the first photo. */
  g_assert_cmpint (json_object_get_int_member (post, "featured_media"), ==,
                   g_ascii_strtoll (((CdTargetMedia *) g_ptr_array_index (created->media, 0))->media_id, NULL, 10));

  /* Each figure: the uploaded image, its alt text, the caption ending in its credit. */
  for (guint i = 0; i < 2; i++)
    {
      CdTargetMedia *media = g_ptr_array_index (created->media, i);
      g_autofree char *media_route = g_strdup_printf ("/wp/v2/media/%s", media->media_id);
      g_autoptr(JsonNode) media_node = rest_get (media_route, "context=edit", NULL);
      g_autoptr(CdPhoto) photo = g_list_model_get_item (cd_story_get_photos (story), i);
      g_autofree char *caption = cd_render_caption_text (cd_photo_get_caption (photo),
                                                         cd_photo_get_credit (photo),
                                                         CD_CREDIT_FORMAT_PARENTHESES);

      check_figure (raw_of (post, "content"), json_node_get_object (media_node), caption,
                    cd_photo_get_alt_text (photo));
      if (i == 1)
        {
          /* The non-ASCII name arrived transliterated, not refused. */
          const char *url = json_object_get_string_member (json_node_get_object (media_node), "source_url");

          g_assert_nonnull (strstr (url, "Cafe"));
        }
    }

  /* Tags, created on demand. */
  tag_ids = json_object_get_array_member (post, "tags");
  g_assert_cmpuint (json_array_get_length (tag_ids), ==, 2);
  tag_query = g_strdup_printf ("include=%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "&_fields=name",
                               json_array_get_int_element (tag_ids, 0), json_array_get_int_element (tag_ids, 1));
  tags_node = rest_get ("/wp/v2/tags", tag_query, NULL);
  {
    g_autofree char *text = json_to_string (tags_node, FALSE);

    g_assert_nonnull (strstr (text, "\"Harbour\""));
    g_assert_nonnull (strstr (text, "\"City Hall\""));
  }

  /* An edit updates the same post; no new post, no new upload. */
  record (story, created);
  cd_story_set_headline (story, "Harbour plan approved, with conditions");
  updated = push (target, story, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (updated->remote_id, ==, created->remote_id);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (((CdTargetMedia *) g_ptr_array_index (updated->media, i))->media_id, ==,
                     ((CdTargetMedia *) g_ptr_array_index (created->media, i))->media_id);

  after_node = rest_get (route, "context=edit", NULL);
  g_assert_cmpstr (raw_of (json_node_get_object (after_node), "title"), ==,
                   "Harbour plan approved, with conditions");
  all_after = rest_get ("/wp/v2/posts", "status=any&context=edit&_fields=id", &total_after);
  g_assert_cmpuint (total_after, ==, total_before + 1);

  /* Archive and unarchive on the real site: one notice, the tag, then
   * the content byte for byte.
   */
  {
    const char *ids[] = { created->remote_id, NULL };
    g_autoptr(GAsyncResult) archived_result = NULL;
    g_autoptr(GAsyncResult) unarchived_result = NULL;
    g_autoptr(GPtrArray) archived = NULL;
    g_autoptr(GPtrArray) unarchived = NULL;
    g_autoptr(JsonNode) archived_node = NULL;
    g_autoptr(JsonNode) restored_node = NULL;
    g_autofree char *before = g_strdup (raw_of (json_node_get_object (after_node), "content"));
    const char *content;

    cd_target_archive_async (target, ids, NULL, "This is an archived article.", NULL,
                             async_result_cb, &archived_result);
    archived = cd_target_archive_finish (target, wait_for (&archived_result), &error);
    g_assert_no_error (error);
    g_assert_no_error (((CdTargetArchiveResult *) g_ptr_array_index (archived, 0))->error);
    archived_node = rest_get (route, "context=edit", NULL);
    content = raw_of (json_node_get_object (archived_node), "content");
    g_assert_true (cd_render_has_archived_notice (content));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (archived_node),
                                                                           "tags")), ==, 3);

    cd_target_unarchive_async (target, ids, NULL, async_result_cb, &unarchived_result);
    unarchived = cd_target_unarchive_finish (target, wait_for (&unarchived_result), &error);
    g_assert_no_error (error);
    g_assert_no_error (((CdTargetArchiveResult *) g_ptr_array_index (unarchived, 0))->error);
    restored_node = rest_get (route, "context=edit", NULL);
    g_assert_cmpstr (raw_of (json_node_get_object (restored_node), "content"), ==, before);
  }
}

static void
test_wrong_password (void)
{
  g_autoptr(CdWordpressTarget) target = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL;

  target = cd_wordpress_target_new (ACCOUNT, live.url, live.user, "abcd abcd abcd abcd abcd abcd",
                                    NULL, &error);
  g_assert_no_error (error);
  cd_target_test_connection_async (CD_TARGET (target), NULL, async_result_cb, &result);
  who = cd_target_test_connection_finish (CD_TARGET (target), wait_for (&result), &error);
  g_assert_null (who);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "check the application password"));
  g_assert_null (strstr (error->message, live.password));
}

static void
test_connection_ok (void)
{
  g_autoptr(CdTarget) target = target_from_keyring ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL;

  cd_target_test_connection_async (target, NULL, async_result_cb, &result);
  who = cd_target_test_connection_finish (target, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (who, "Signed in as "));
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
  if (live.url == NULL || live.user == NULL || live.password == NULL)
    {
      g_printerr ("Run this under tests/fixtures/with-keyring.sh tests/fixtures/with-wordpress.sh\n");
      return 1;
    }
  live.tmpdir = g_dir_make_tmp ("copydesk-live-XXXXXX", &error);
  g_assert_no_error (error);
  live.settings = g_settings_new ("io.github.copydesk.Copydesk");
  live.session = cd_http_session_new ();

  /* The order matters: the first stores the password the others read. */
  g_test_add_func ("/copydesk/integration/wordpress-live/keyring", test_keyring);
  g_test_add_func ("/copydesk/integration/wordpress-live/test-connection", test_connection_ok);
  g_test_add_func ("/copydesk/integration/wordpress-live/push-and-update", test_push_and_update);
  g_test_add_func ("/copydesk/integration/wordpress-live/wrong-password", test_wrong_password);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (live.tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (live.tmpdir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (live.tmpdir);
  }
  g_free (live.tmpdir);
  g_clear_object (&live.settings);
  g_clear_object (&live.session);

  return status;
}
