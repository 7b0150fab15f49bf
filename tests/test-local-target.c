/* test-local-target.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cd-local-target.h"

#define ACCOUNT "local"

typedef struct
{
  char          *tmpdir;
  GFile         *folder;
  CdLocalTarget *target;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmpdir = g_dir_make_tmp ("copydesk-local-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->folder = g_file_new_build_filename (fixture->tmpdir, "published", NULL);
  fixture->target = cd_local_target_new (ACCOUNT, fixture->folder);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->target);
  g_clear_object (&fixture->folder);
  remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

static char *
file_in (Fixture    *fixture,
         const char *dir,
         const char *name)
{
  return g_build_filename (fixture->tmpdir, "published", dir, name, NULL);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static CdStory *
make_story (Fixture    *fixture,
            const char *headline)
{
  const char *tags[] = { "Harbour", NULL };
  CdStory *story = cd_story_new ();

  cd_story_set_headline (story, headline);
  cd_story_set_dek (story, "What the council decided.");
  cd_story_set_byline (story, "Jane Doe");
  cd_story_set_body (story, "The *vote* was close.\n\n<script>alert(1)</script>");
  cd_story_set_tags (story, tags);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CdPhoto) photo = cd_photo_new ();
      g_autofree char *name = g_strdup_printf ("%s-%u.jpg", cd_story_get_id (story), i);
      g_autofree char *path = g_build_filename (fixture->tmpdir, name, NULL);
      g_autofree char *bytes = g_strdup_printf ("JPEG bytes %s %u", headline, i);
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, bytes, -1);

      g_file_set_contents (path, bytes, -1, &error);
      g_assert_no_error (error);
      cd_photo_set_file_path (photo, path);
      cd_photo_set_content_hash (photo, hash);
      cd_photo_set_mime_type (photo, "image/jpeg");
      cd_photo_set_original_name (photo, "Harbour View.JPG");
      cd_photo_set_caption (photo, "The harbour at dawn.");
      cd_photo_set_credit (photo, "Jessica McGowan/Getty Images");
      cd_photo_set_alt_text (photo, "Boats moored in a calm harbour");
      cd_story_append_photo (story, photo);
    }

  return story;
}

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

static CdTargetPushResult *
push (Fixture            *fixture,
      CdStory            *story,
      CdTargetPushFlags   flags,
      GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cd_target_push_story_async (CD_TARGET (fixture->target), story, CD_CREDIT_FORMAT_PARENTHESES,
                              flags, NULL, async_result_cb, &result);

  return cd_target_push_story_finish (CD_TARGET (fixture->target), wait_for (&result), error);
}

static void
record (CdStory                  *story,
        const CdTargetPushResult *result)
{
  g_autoptr(CdRemote) remote = cd_remote_new (ACCOUNT);

  remote->remote_id = g_strdup (result->remote_id);
  remote->link = g_strdup (result->link);
  remote->modified = g_strdup (result->modified);
  cd_story_set_remote (story, remote);

  for (guint i = 0; i < result->media->len; i++)
    {
      CdTargetMedia *media = g_ptr_array_index (result->media, i);
      g_autoptr(CdPhoto) photo = g_list_model_get_item (cd_story_get_photos (story), i);

      cd_photo_set_remote_media (photo, ACCOUNT, media->media_id, media->uploaded_hash);
    }
}

static int
validate_ninjs (const char *path)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "validate-ninjs.py", NULL);
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "data", "ninjs",
                                                   "ninjs-schema_2.2.json", NULL);
  const char *argv[] = { "/usr/bin/python3", script, schema, path, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
assert_no_temporary_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, "."));
      g_assert_true (g_str_equal (name, "index.html") || g_str_equal (name, "story.json") ||
                     g_str_has_suffix (name, ".jpg"));
    }
}

static void
test_push (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(CdStory) story = make_story (fixture, "Harbour plan approved");
  g_autoptr(CdTargetPushResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *ninjs_path = NULL;
  g_autofree char *page = NULL;
  g_autofree char *ninjs = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *expected_uri = NULL;

  result = push (fixture, story, CD_TARGET_PUSH_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->remote_id, ==, cd_story_get_effective_slug (story));
  g_assert_nonnull (result->modified);
  g_assert_true (g_str_has_prefix (result->link, "file:///"));
  g_assert_true (g_str_has_suffix (result->link, "/index.html"));

  page_path = file_in (fixture, result->remote_id, "index.html");
  ninjs_path = file_in (fixture, result->remote_id, "story.json");
  page = read_file (page_path);
  ninjs = read_file (ninjs_path);
  g_assert_nonnull (strstr (page, "Harbour plan approved"));
  g_assert_null (strstr (page, "<script>"));
  g_assert_nonnull (strstr (page, "(Credit: Jessica McGowan/Getty Images)"));
  g_assert_nonnull (strstr (page, "Boats moored in a calm harbour"));
  expected_uri = g_strdup_printf ("\"urn:copydesk:story:%s\"", cd_story_get_id (story));
  g_assert_nonnull (strstr (ninjs, expected_uri));
  g_assert_cmpint (validate_ninjs (ninjs_path), ==, 0);

  /* Photos copied, named after their content; the page refers to them. */
  g_assert_cmpuint (result->media->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      CdTargetMedia *media = g_ptr_array_index (result->media, i);
      g_autofree char *copy = file_in (fixture, result->remote_id, media->media_id);
      g_autofree char *bytes = read_file (copy);
      g_autofree char *expected = g_strdup_printf ("JPEG bytes Harbour plan approved %u", i);

      g_assert_cmpstr (bytes, ==, expected);
      g_assert_true (g_str_has_suffix (media->media_id, ".jpg"));
      g_assert_nonnull (strstr (page, media->url));
      g_assert_nonnull (strstr (ninjs, media->url));
    }

  dir = g_build_filename (fixture->tmpdir, "published", result->remote_id, NULL);
  assert_no_temporary_files (dir);
}

static void
test_same_slug (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CdStory) first = make_story (fixture, "Same headline");
  g_autoptr(CdStory) second = make_story (fixture, "Same headline");
  g_autoptr(CdTargetPushResult) a = NULL;
  g_autoptr(CdTargetPushResult) b = NULL;
  g_autoptr(CdTargetPushResult) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  a = push (fixture, first, CD_TARGET_PUSH_NONE, &error);
  g_assert_no_error (error);
  b = push (fixture, second, CD_TARGET_PUSH_NONE, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("%s-2", a->remote_id);
  g_assert_cmpstr (b->remote_id, ==, expected);

  /* A push whose result was never recorded lands in the same folder. */
  again = push (fixture, first, CD_TARGET_PUSH_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->remote_id, ==, a->remote_id);
}

static void
test_update (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(CdStory) story = make_story (fixture, "Updated story");
  g_autoptr(CdTargetPushResult) first = NULL;
  g_autoptr(CdTargetPushResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *photo_path = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *page = NULL;
  struct stat photo_before, photo_after, page_before, page_after;

  first = push (fixture, story, CD_TARGET_PUSH_NONE, &error);
  g_assert_no_error (error);
  record (story, first);

  photo_path = file_in (fixture, first->remote_id,
                        ((CdTargetMedia *) g_ptr_array_index (first->media, 0))->media_id);
  page_path = file_in (fixture, first->remote_id, "index.html");
  g_assert_cmpint (g_stat (photo_path, &photo_before), ==, 0);
  g_assert_cmpint (g_stat (page_path, &page_before), ==, 0);

  cd_story_set_headline (story, "Updated story, second take");
  second = push (fixture, story, CD_TARGET_PUSH_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->remote_id, ==, first->remote_id);

  /* The unchanged photo was left alone; the page was replaced by rename. */
  g_assert_cmpint (g_stat (photo_path, &photo_after), ==, 0);
  g_assert_cmpint (g_stat (page_path, &page_after), ==, 0);
  g_assert_cmpuint (photo_before.st_ino, ==, photo_after.st_ino);
  g_assert_cmpuint (page_before.st_ino, !=, page_after.st_ino);
  page = read_file (page_path);
  g_assert_nonnull (strstr (page, "second take"));
}

static void
test_conflict (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(CdStory) story = make_story (fixture, "Edited by hand");
  g_autoptr(CdTargetPushResult) first = NULL;
  g_autoptr(CdTargetPushResult) refused = NULL;
  g_autoptr(CdTargetPushResult) forced = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *page = NULL;

  first = push (fixture, story, CD_TARGET_PUSH_NONE, &error);
  g_assert_no_error (error);
  record (story, first);

  page_path = file_in (fixture, first->remote_id, "index.html");
  g_usleep (10000);
  g_file_set_contents (page_path, "hand edit", -1, &error);
  g_assert_no_error (error);

  refused = push (fixture, story, CD_TARGET_PUSH_NONE, &error);
  g_assert_null (refused);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_CONFLICT);
  g_clear_error (&error);
  page = read_file (page_path);
  g_assert_cmpstr (page, ==, "hand edit");

  forced = push (fixture, story, CD_TARGET_PUSH_OVERWRITE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&page, g_free);
  page = read_file (page_path);
  g_assert_nonnull (strstr (page, "Edited by hand"));
}

static GPtrArray *
set_archived (Fixture    *fixture,
              const char *id,
              const char *expected,
              gboolean    archived)
{
  const char *ids[] = { id, NULL };
  const char *expected_modified[] = { expected, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  if (archived)
    {
      cd_target_archive_async (CD_TARGET (fixture->target), ids,
                               expected != NULL ? expected_modified : NULL,
                               "This is an archived article.", NULL, async_result_cb, &result);
      results = cd_target_archive_finish (CD_TARGET (fixture->target), wait_for (&result), &error);
    }
  else
    {
      cd_target_unarchive_async (CD_TARGET (fixture->target), ids, NULL, async_result_cb, &result);
      results = cd_target_unarchive_finish (CD_TARGET (fixture->target), wait_for (&result), &error);
    }
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);

  return results;
}

static GPtrArray *
list (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  cd_target_list_published_async (CD_TARGET (fixture->target), NULL, TRUE, NULL,
                                  async_result_cb, &result);
  items = cd_target_list_published_finish (CD_TARGET (fixture->target), wait_for (&result), &error);
  g_assert_no_error (error);

  return items;
}

static void
test_archive (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(CdStory) story = make_story (fixture, "Old news");
  g_autoptr(CdTargetPushResult) pushed = NULL;
  g_autoptr(GPtrArray) archived = NULL;
  g_autoptr(GPtrArray) twice = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) items_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *ninjs_path = NULL;
  g_autofree char *page_before = NULL;
  g_autofree char *ninjs_before = NULL;
  g_autofree char *page_archived = NULL;
  g_autofree char *ninjs_archived = NULL;
  g_autofree char *page_after = NULL;
  g_autofree char *ninjs_after = NULL;
  CdTargetArchiveResult *result;
  CdTargetItem *item;

  pushed = push (fixture, story, CD_TARGET_PUSH_NONE, &error);
  g_assert_no_error (error);
  page_path = file_in (fixture, pushed->remote_id, "index.html");
  ninjs_path = file_in (fixture, pushed->remote_id, "story.json");
  page_before = read_file (page_path);
  ninjs_before = read_file (ninjs_path);

  items = list (fixture);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_false (item->archived);
  g_assert_cmpstr (item->title, ==, "Old news");
  g_assert_cmpstr (item->modified_gmt, ==, pushed->modified);
  g_assert_cmpstr (item->tags[0], ==, "Harbour");
  g_assert_cmpstr (item->content_raw, ==, page_before);

  archived = set_archived (fixture, pushed->remote_id, item->modified_gmt, TRUE);
  result = g_ptr_array_index (archived, 0);
  g_assert_no_error (result->error);
  g_assert_true (result->changed);

  page_archived = read_file (page_path);
  ninjs_archived = read_file (ninjs_path);
  g_assert_true (g_str_has_prefix (strstr (page_archived, "<body>\n") + 7, "<!-- copydesk:archived-notice -->"));
  g_assert_nonnull (strstr (page_archived, "This is an archived article."));
  g_assert_nonnull (strstr (ninjs_archived, CD_LOCAL_TARGET_ARCHIVE_GENRE_URI));
  g_assert_cmpint (validate_ninjs (ninjs_path), ==, 0);

  items_after = list (fixture);
  g_assert_true (((CdTargetItem *) g_ptr_array_index (items_after, 0))->archived);

  /* Twice changes nothing. */
  twice = set_archived (fixture, pushed->remote_id, NULL, TRUE);
  g_assert_false (((CdTargetArchiveResult *) g_ptr_array_index (twice, 0))->changed);
  {
    g_autofree char *page_twice = read_file (page_path);

    g_assert_cmpstr (page_twice, ==, page_archived);
  }

  /* Unarchived, both files are byte for byte what they were. */
  restored = set_archived (fixture, pushed->remote_id, NULL, FALSE);
  g_assert_true (((CdTargetArchiveResult *) g_ptr_array_index (restored, 0))->changed);
  page_after = read_file (page_path);
  ninjs_after = read_file (ninjs_path);
  g_assert_cmpstr (page_after, ==, page_before);
  g_assert_cmpstr (ninjs_after, ==, ninjs_before);
}

static void
test_archive_skips_changed (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(CdStory) story = make_story (fixture, "Changed since listing");
  g_autoptr(CdTargetPushResult) pushed = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  CdTargetArchiveResult *result;

  pushed = push (fixture, story, CD_TARGET_PUSH_NONE, &error);
  g_assert_no_error (error);

  results = set_archived (fixture, pushed->remote_id, "2001-01-01T00:00:00Z", TRUE);
  result = g_ptr_array_index (results, 0);
  g_assert_error (result->error, CD_TARGET_ERROR, CD_TARGET_ERROR_CONFLICT);
  g_assert_false (result->changed);

  missing = set_archived (fixture, "no-such-story", NULL, TRUE);
  g_assert_error (((CdTargetArchiveResult *) g_ptr_array_index (missing, 0))->error,
                  CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED);

  g_clear_pointer (&missing, g_ptr_array_unref);
  missing = set_archived (fixture, "../escape", NULL, TRUE);
  g_assert_error (((CdTargetArchiveResult *) g_ptr_array_index (missing, 0))->error,
                  CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
}

static void
test_connection (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  cd_target_test_connection_async (CD_TARGET (fixture->target), NULL, async_result_cb, &result);
  message = cd_target_test_connection_finish (CD_TARGET (fixture->target), wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (message, fixture->tmpdir));
  g_assert_true (g_file_query_exists (fixture->folder, NULL));
}

static void
test_default_folder (void)
{
  g_autoptr(GFile) folder = cd_local_target_dup_default_folder ();
  g_autoptr(GFile) expected = g_file_new_build_filename (g_get_user_data_dir (), "copydesk",
                                                          "published", NULL);
  g_autoptr(CdLocalTarget) target = cd_local_target_new (ACCOUNT, NULL);

  g_assert_true (g_file_equal (folder, expected));
  g_assert_true (g_file_equal (cd_local_target_get_folder (target), expected));
  g_assert_cmpstr (cd_target_get_account (CD_TARGET (target)), ==, ACCOUNT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/copydesk/core/local-target/" path, Fixture, NULL, \
              fixture_set_up, func, fixture_tear_down)

  ADD ("push", test_push);
  ADD ("same-slug", test_same_slug);
  ADD ("update", test_update);
  ADD ("conflict", test_conflict);
  ADD ("archive", test_archive);
  ADD ("archive-skips-changed", test_archive_skips_changed);
  ADD ("test-connection", test_connection);
  g_test_add_func ("/copydesk/core/local-target/default-folder", test_default_folder);

#undef ADD

  return g_test_run ();
}
