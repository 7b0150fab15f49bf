/* test-library.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cd-library.h"
#include "cd-status.h"
#include "library-test-util.h"

/* A valid 1×1 PNG. */
static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
  0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
  0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

typedef struct
{
  char      *dir;
  char      *path;
  CdLibrary *library;
} Fixture;

typedef struct
{
  guint position, removed, added;
} ItemsChanged;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "library.db", NULL);
  f->library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->library);
}

static void
fixture_reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (f->library);
  f->library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->library);
  test_rm_rf (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
record_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GArray     *log)
{
  ItemsChanged change = { position, removed, added };

  g_array_append_val (log, change);
}

static void
count_cb (GObject *object,
          gpointer data)
{
  (*(guint *)data)++;
}

static CdStory *
make_story (CdLibrary  *library,
            const char *headline,
            const char *body)
{
  g_autoptr(GError) error = NULL;
  CdStory *story = cd_library_create_story (library, &error);

  g_assert_no_error (error);
  cd_story_set_headline (story, headline);
  cd_story_set_byline (story, "By Jane Doe");
  cd_story_set_body (story, body);
  g_assert_true (cd_library_save_story (library, story, &error));
  g_assert_no_error (error);

  return story;
}

static char *
summary_headline_at (GListModel *model,
                     guint       position)
{
  g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, position);

  g_assert_nonnull (summary);
  return g_strdup (cd_story_summary_get_headline (summary));
}

static char *
write_file (const char   *dir,
            const char   *name,
            const void   *data,
            gsize         length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
  return path;
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_library_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_story_new ();
  g_autoptr(CdStory) again = NULL;
  g_autoptr(CdStory) loaded = NULL;
  g_autoptr(CdPhoto) photo = cd_photo_new ();
  g_autoptr(CdRemote) remote = cd_remote_new ("newsroom-wp");
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify)cd_link_free);
  g_autoptr(GDateTime) published = g_date_time_new_utc (2025, 8, 1, 12, 30, 15.25);
  g_autofree char *id = g_strdup (cd_story_get_id (story));
  g_autofree char *updated = NULL;
  const char *tags[] = { "fire", "Los Angeles", "it's 'quoted'", NULL };
  CdPhoto *loaded_photo;

  cd_story_set_headline (story, "Crews gain ground on the brush fire");
  cd_story_set_dek (story, "Evacuation orders lifted");
  cd_story_set_byline (story, "By Jane Doe");
  cd_story_set_dateline (story, "LOS ANGELES");
  cd_story_set_slug (story, "brush-fire");
  cd_story_set_body (story, "Firefighters **gained** ground.\n\nMore later.");
  cd_story_set_tags (story, tags);
  cd_story_set_source_text (story, "Read the full story on latimes.com");
  cd_story_set_source_url (story, "https://www.latimes.com/x");
  g_ptr_array_add (links, cd_link_new ("How to help", "https://example.org/help"));
  g_ptr_array_add (links, cd_link_new ("Maps, \"live\"", "https://example.org/map"));
  cd_story_set_related_links (story, links);
  cd_story_set_first_published (story, published);
  cd_photo_set_caption (photo, "Smoke over the hills");
  cd_photo_set_credit (photo, "John Roe/Agency");
  cd_photo_set_alt_text (photo, "Grey smoke above dry hills");
  cd_photo_set_remote_media (photo, "newsroom-wp", "991", "abc123");
  cd_story_append_photo (story, photo);
  remote->remote_id = g_strdup ("4411");
  remote->link = g_strdup ("https://news.example.org/brush-fire");
  remote->last_error = g_strdup ("HTTP 502");
  cd_story_set_remote (story, remote);
  g_assert_true (cd_story_transition (story, CD_STATUS_READY, NULL));
  updated = g_date_time_format_iso8601 (cd_story_get_updated (story));

  g_assert_true (cd_library_save_story (f->library, story, &error));
  g_assert_no_error (error);

  /* The identity map: the same object while it lives. */
  again = cd_library_load_story (f->library, id, &error);
  g_assert_no_error (error);
  g_assert_true (again == story);
  g_clear_object (&again);
  g_clear_object (&story);
  g_clear_object (&photo);

  fixture_reopen (f);
  loaded = cd_library_load_story (f->library, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_story_get_headline (loaded), ==, "Crews gain ground on the brush fire");
  g_assert_cmpstr (cd_story_get_dek (loaded), ==, "Evacuation orders lifted");
  g_assert_cmpstr (cd_story_get_byline (loaded), ==, "By Jane Doe");
  g_assert_cmpstr (cd_story_get_dateline (loaded), ==, "LOS ANGELES");
  g_assert_cmpstr (cd_story_get_slug (loaded), ==, "brush-fire");
  g_assert_cmpstr (cd_story_get_body (loaded), ==, "Firefighters **gained** ground.\n\nMore later.");
  g_assert_cmpstrv (cd_story_get_tags (loaded), tags);
  g_assert_cmpstr (cd_story_get_source_text (loaded), ==, "Read the full story on latimes.com");
  g_assert_cmpuint (cd_story_get_related_links (loaded)->len, ==, 2);
  g_assert_cmpstr (((CdLink *)g_ptr_array_index (cd_story_get_related_links (loaded), 1))->title,
                   ==, "Maps, \"live\"");
  g_assert_cmpint (cd_story_get_status (loaded), ==, CD_STATUS_READY);
  g_assert_true (g_date_time_equal (cd_story_get_first_published (loaded), published));
  g_assert_null (cd_story_get_publish_at (loaded));
  {
    g_autofree char *loaded_updated = g_date_time_format_iso8601 (cd_story_get_updated (loaded));
    g_assert_cmpstr (loaded_updated, ==, updated);
  }

  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (loaded)), ==, 1);
  loaded_photo = g_list_model_get_item (cd_story_get_photos (loaded), 0);
  g_object_unref (loaded_photo);
  g_assert_cmpstr (cd_photo_get_caption (loaded_photo), ==, "Smoke over the hills");
  g_assert_cmpstr (cd_photo_get_credit (loaded_photo), ==, "John Roe/Agency");
  g_assert_cmpstr (cd_photo_get_alt_text (loaded_photo), ==, "Grey smoke above dry hills");
  g_assert_cmpstr (cd_photo_get_remote_media_id (loaded_photo, "newsroom-wp"), ==, "991");
  g_assert_cmpstr (cd_photo_get_remote_media_hash (loaded_photo, "newsroom-wp"), ==, "abc123");

  g_assert_cmpstr (cd_story_get_remote (loaded, "newsroom-wp")->remote_id, ==, "4411");
  g_assert_cmpstr (cd_story_get_remote (loaded, "newsroom-wp")->last_error, ==, "HTTP 502");

  /* Loading is not an edit. */
  g_assert_false (cd_library_has_pending_changes (f->library));

  /* No such story */
  g_assert_null (cd_library_load_story (f->library, "00000000-0000-0000-0000-000000000000", &error));
  g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A second object with a live story's id is refused. */
  {
    g_autoptr(CdStory) impostor = cd_story_new_with_id (id);
    g_assert_false (cd_library_save_story (f->library, impostor, &error));
    g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_CONFLICT);
  }

  test_assert_integrity (f->path);
}

static void
test_library_photos (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = make_story (f->library, "Photos", "Body");
  g_autoptr(CdStory) loaded = NULL;
  g_autofree char *original = write_file (f->dir, "DSC_0001.png", tiny_png, sizeof tiny_png);
  g_autofree char *text = write_file (f->dir, "notes.png", "just text", 9);
  g_autofree char *big = g_build_filename (f->dir, "huge.jpg", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.jpg", NULL);
  g_autofree char *expected_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, tiny_png,
                                                                 sizeof tiny_png);
  g_autofree char *expected_path = NULL;
  g_autofree char *id = g_strdup (cd_story_get_id (story));
  g_autoptr(GFile) file = g_file_new_for_path (original);
  g_autofree char *copied = NULL;
  gsize copied_length = 0;
  CdPhoto *photo;

  photo = cd_library_import_photo_file (f->library, story, file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (photo);
  expected_path = g_strdup_printf ("%s/%s.png", cd_library_get_photos_dir (f->library),
                                   expected_hash);
  g_assert_cmpstr (cd_photo_get_file_path (photo), ==, expected_path);
  g_assert_cmpstr (cd_photo_get_content_hash (photo), ==, expected_hash);
  g_assert_cmpstr (cd_photo_get_mime_type (photo), ==, "image/png");
  g_assert_cmpstr (cd_photo_get_original_name (photo), ==, "DSC_0001.png");
  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (story)), ==, 1);

  /* Refused: not an image (whatever its name), missing, too large. */
  {
    g_autoptr(GFile) text_file = g_file_new_for_path (text);
    g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
    g_autoptr(GFile) big_file = g_file_new_for_path (big);
    FILE *stream;
    guint8 jpeg_magic[] = { 0xff, 0xd8, 0xff, 0xe0 };

    g_assert_null (cd_library_import_photo_file (f->library, story, text_file, &error));
    g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_AN_IMAGE);
    g_assert_nonnull (strstr (error->message, "notes.png"));
    g_clear_error (&error);

    g_assert_null (cd_library_import_photo_file (f->library, story, missing_file, &error));
    g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "missing.jpg"));
    g_clear_error (&error);

    /* A sparse file: 60 MB that start like a JPEG. */
    stream = fopen (big, "wb");
    g_assert_nonnull (stream);
    fwrite (jpeg_magic, 1, sizeof jpeg_magic, stream);
    g_assert_cmpint (fseek (stream, 60 * 1024 * 1024, SEEK_SET), ==, 0);
    fputc (0, stream);
    fclose (stream);
    g_assert_null (cd_library_import_photo_file (f->library, story, big_file, &error));
    g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_TOO_LARGE);
    g_clear_error (&error);
  }
  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (story)), ==, 1);
  g_assert_cmpuint (count_files (cd_library_get_photos_dir (f->library)), ==, 1);

  /* The original goes; the library's copy stays. */
  cd_photo_set_caption (photo, "A tiny photo");
  g_assert_true (cd_library_flush (f->library, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_remove (original), ==, 0);
  g_clear_object (&story);
  fixture_reopen (f);

  loaded = cd_library_load_story (f->library, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (loaded)), ==, 1);
  photo = g_list_model_get_item (cd_story_get_photos (loaded), 0);
  g_object_unref (photo);
  g_assert_cmpstr (cd_photo_get_caption (photo), ==, "A tiny photo");
  g_assert_cmpstr (cd_photo_get_file_path (photo), ==, expected_path);
  g_file_get_contents (cd_photo_get_file_path (photo), &copied, &copied_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (copied, copied_length, tiny_png, sizeof tiny_png);
}

static void
test_library_summaries (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));
  GListModel *model = cd_library_get_stories (f->library);
  g_autoptr(CdStory) a = NULL;
  g_autoptr(CdStory) b = NULL;
  g_autoptr(CdStory) c = NULL;
  g_autofree char *first = NULL;
  g_autofree char *b_id = NULL;
  ItemsChanged *change;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (g_list_model_get_item_type (model) == CD_TYPE_STORY_SUMMARY);
  g_signal_connect (model, "items-changed", G_CALLBACK (record_items_changed_cb), log);

  a = make_story (f->library, "Alpha", "a");
  g_usleep (1000);
  b = make_story (f->library, "Bravo", "b");
  g_usleep (1000);
  c = make_story (f->library, "Charlie", "c");
  b_id = g_strdup (cd_story_get_id (b));

  /* Each creation is one insertion at the top (then its save moves nothing). */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  {
    g_autofree char *h0 = summary_headline_at (model, 0);
    g_autofree char *h1 = summary_headline_at (model, 1);
    g_autofree char *h2 = summary_headline_at (model, 2);
    g_assert_cmpstr (h0, ==, "Charlie");
    g_assert_cmpstr (h1, ==, "Bravo");
    g_assert_cmpstr (h2, ==, "Alpha");
  }
  g_assert_cmpuint (log->len, >=, 3);
  change = &g_array_index (log, ItemsChanged, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 1);

  /* Editing the oldest moves it to the top: removed there, added here. */
  g_array_set_size (log, 0);
  g_usleep (1000);
  cd_story_set_headline (a, "Alpha, updated");
  g_assert_true (cd_library_save_story (f->library, a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 2);
  change = &g_array_index (log, ItemsChanged, 0);
  g_assert_cmpuint (change->position, ==, 2);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 0);
  change = &g_array_index (log, ItemsChanged, 1);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 1);
  first = summary_headline_at (model, 0);
  g_assert_cmpstr (first, ==, "Alpha, updated");

  /* Saving without an edit keeps the place but still refreshes the row. */
  g_array_set_size (log, 0);
  g_assert_true (cd_library_save_story (f->library, a, &error));
  g_assert_cmpuint (log->len, ==, 1);
  change = &g_array_index (log, ItemsChanged, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 1);

  /* Summary fields */
  {
    g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, 2);
    g_assert_cmpstr (cd_story_summary_get_id (summary), ==, b_id);
    g_assert_cmpstr (cd_story_summary_get_byline (summary), ==, "By Jane Doe");
    g_assert_cmpint (cd_story_summary_get_status (summary), ==, CD_STATUS_DRAFT);
    g_assert_false (cd_story_summary_get_has_error (summary));
    g_assert_null (cd_story_summary_get_first_published (summary));
    g_assert_true (g_date_time_equal (cd_story_summary_get_updated (summary),
                                      cd_story_get_updated (b)));
  }

  /* Delete */
  g_array_set_size (log, 0);
  g_assert_true (cd_library_delete_story (f->library, b_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  change = &g_array_index (log, ItemsChanged, 0);
  g_assert_cmpuint (change->position, ==, 2);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_null (cd_library_load_story (f->library, b_id, &error));
  g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A deleted story's object is no longer written back. */
  cd_story_set_headline (b, "Zombie");
  g_assert_true (cd_library_flush (f->library, &error));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* After reopening, the same order comes from disk. */
  g_signal_handlers_disconnect_by_func (model, record_items_changed_cb, log);
  g_clear_object (&a);
  g_clear_object (&c);
  fixture_reopen (f);
  model = cd_library_get_stories (f->library);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autofree char *h0 = summary_headline_at (model, 0);
    g_autofree char *h1 = summary_headline_at (model, 1);
    g_assert_cmpstr (h0, ==, "Alpha, updated");
    g_assert_cmpstr (h1, ==, "Charlie");
  }
  test_assert_integrity (f->path);
}

static void
test_library_many (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model;
  const guint n = 620;

  /* More than a page and fewer than the cache: every item comes back right. */
  for (guint i = 0; i < n; i++)
    {
      CdStory *story = cd_story_new ();
      g_autofree char *headline = g_strdup_printf ("Story %u", i);

      cd_story_set_headline (story, headline);
      g_ptr_array_add (stories, story);
      g_usleep (10);
    }
  g_assert_true (cd_library_save_stories (f->library, stories, &error));
  g_assert_no_error (error);
  g_ptr_array_set_size (stories, 0);

  fixture_reopen (f);
  model = cd_library_get_stories (f->library);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_cmpuint (cd_library_get_total (f->library), ==, n);
  for (guint i = 0; i < n; i += 7)
    {
      g_autofree char *headline = summary_headline_at (model, n - 1 - i);
      g_autofree char *expected = g_strdup_printf ("Story %u", i);
      g_assert_cmpstr (headline, ==, expected);
    }
  g_assert_null (g_list_model_get_item (model, n));
}

static void
test_library_status_filter (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) a = make_story (f->library, "One", "text");
  g_autoptr(CdStory) b = make_story (f->library, "Two", "text");
  GListModel *drafts = cd_library_get_stories_by_status (f->library, CD_STATUS_DRAFT);
  GListModel *ready = cd_library_get_stories_by_status (f->library, CD_STATUS_READY);
  g_autoptr(GArray) ready_log = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));
  guint counts_changed = 0;

  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_DRAFT), ==, 2);
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_READY), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ready), ==, 0);

  g_signal_connect (f->library, "counts-changed", G_CALLBACK (count_cb), &counts_changed);
  g_signal_connect (ready, "items-changed", G_CALLBACK (record_items_changed_cb), ready_log);

  g_assert_true (cd_library_mark_ready (f->library, a, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_story_get_status (a), ==, CD_STATUS_READY);
  g_assert_cmpuint (counts_changed, ==, 1);
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_DRAFT), ==, 1);
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_READY), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ready), ==, 1);
  g_assert_cmpuint (ready_log->len, ==, 1);
  {
    g_autofree char *headline = summary_headline_at (ready, 0);
    g_autoptr(CdStorySummary) summary = g_list_model_get_item (ready, 0);
    g_assert_cmpstr (headline, ==, "One");
    g_assert_cmpint (cd_story_summary_get_status (summary), ==, CD_STATUS_READY);
  }

  /* An edit that keeps the status moves no count. */
  cd_story_set_dek (b, "A dek");
  g_assert_true (cd_library_save_story (f->library, b, &error));
  g_assert_cmpuint (counts_changed, ==, 1);

  /* An illegal move changes nothing. */
  g_assert_false (cd_library_set_status (f->library, b, CD_STATUS_ARCHIVED, &error));
  g_assert_error (error, CD_STATUS_ERROR, CD_STATUS_ERROR_ILLEGAL_TRANSITION);
  g_clear_error (&error);
  g_assert_cmpuint (counts_changed, ==, 1);
  g_assert_cmpint (cd_story_get_status (b), ==, CD_STATUS_DRAFT);

  /* The counts come back from disk. */
  g_clear_object (&a);
  g_clear_object (&b);
  fixture_reopen (f);
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_DRAFT), ==, 1);
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_READY), ==, 1);
}

static void
test_library_search (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) body_only = make_story (f->library, "City council meets",
                                             "The zebra crossing on Main Street, a zebra "
                                             "crossing by the school, and another zebra.");
  g_autoptr(CdStory) headline = make_story (f->library, "Zebra escapes from the zoo",
                                            "Keepers searched the park all night.");
  g_autoptr(CdStory) captioned = make_story (f->library, "Harbour news", "Boats.");
  g_autoptr(CdPhoto) photo = cd_photo_new ();
  g_autoptr(GListModel) results = NULL;
  static const char * const hostile[] = {
    "\"", "-", "zebra\"", "\"zebra", "- zebra", "zebra -crossing", "NOT", "zebra AND OR",
    "*", "(", "headline:zebra", "^zebra", "zeb*ra", "'", "", "   ", "NEAR(zebra)", "\xff\xfe",
  };

  cd_photo_set_caption (photo, "A pelican on the quay");
  cd_photo_set_credit (photo, "Maria Quintana/Harbour Press");
  cd_story_append_photo (captioned, photo);
  g_assert_true (cd_library_save_story (f->library, captioned, &error));
  g_assert_no_error (error);

  /* The headline match ranks above the body-only match, even though the
   * body says "zebra" three times.
   */
  results = cd_library_search (f->library, "zebra", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  {
    g_autofree char *h0 = summary_headline_at (results, 0);
    g_autofree char *h1 = summary_headline_at (results, 1);
    g_assert_cmpstr (h0, ==, "Zebra escapes from the zoo");
    g_assert_cmpstr (h1, ==, "City council meets");
  }
  g_clear_object (&results);

  /* Captions and credits are searched with the story; accents fold; the
   * last word is a prefix.
   */
  results = cd_library_search (f->library, "pelican", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_clear_object (&results);
  results = cd_library_search (f->library, "QUINTÁNA", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_clear_object (&results);
  results = cd_library_search (f->library, "harbour pelic", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_clear_object (&results);
  results = cd_library_search (f->library, "zebra pelican", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_clear_object (&results);

  /* Whatever a person types is no syntax error. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      results = cd_library_search (f->library, hostile[i], 10, &error);
      g_assert_no_error (error);
      g_assert_nonnull (results);
      g_clear_object (&results);
    }

  /* The index follows edits, photo changes and deletions. */
  cd_story_set_headline (headline, "Giraffe escapes from the zoo");
  cd_photo_set_caption (photo, "A heron on the quay");
  g_assert_true (cd_library_flush (f->library, &error));
  results = cd_library_search (f->library, "giraffe", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_clear_object (&results);
  results = cd_library_search (f->library, "pelican", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_clear_object (&results);

  /* A status change leaves the indexed text as it is; one that writes an
   * edit with it moves the index along.
   */
  g_assert_true (cd_library_set_status (f->library, headline, CD_STATUS_READY, &error));
  g_assert_no_error (error);
  test_assert_integrity (f->path);
  results = cd_library_search (f->library, "giraffe", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_clear_object (&results);
  cd_story_set_headline (headline, "Okapi escapes from the zoo");
  g_assert_true (cd_library_set_status (f->library, headline, CD_STATUS_DRAFT, &error));
  g_assert_no_error (error);
  results = cd_library_search (f->library, "giraffe", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_clear_object (&results);
  results = cd_library_search (f->library, "okapi", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_clear_object (&results);
  test_assert_integrity (f->path);

  /* A live result list loses a deleted story. */
  results = cd_library_search (f->library, "zebra", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_assert_true (cd_library_delete_story (f->library, cd_story_get_id (body_only), &error));
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  test_assert_integrity (f->path);
}

static gint64
count_outbox_rows (const char *path)
{
  sqlite3 *db = test_open_raw (path);
  gint64 n = test_query_int (db, "SELECT count(*) FROM outbox");

  sqlite3_close (db);
  return n;
}

static void
test_library_mark_ready (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = make_story (f->library, "Headline", "");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(CdPhoto) photo = cd_photo_new ();
  CdOutboxEntry *entry;
  sqlite3 *db;

  cd_photo_set_caption (photo, "Caption");
  cd_story_append_photo (story, photo);

  /* Not ready: the error lists what is missing; nothing is written. */
  g_assert_false (cd_library_mark_ready (f->library, story, &error));
  g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_READY);
  g_assert_nonnull (strstr (error->message, "The body is empty"));
  g_assert_nonnull (strstr (error->message, "Photo 1 has no credit"));
  g_assert_nonnull (strstr (error->message, "Photo 1 has no alt text"));
  g_assert_null (strstr (error->message, "headline"));
  g_clear_error (&error);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_DRAFT);
  g_assert_cmpint (count_outbox_rows (f->path), ==, 0);

  /* A failure inside the transaction (here a trigger that refuses outbox
   * rows) rolls the status back too.
   */
  cd_story_set_body (story, "Now there is a body.");
  cd_photo_set_credit (photo, "Credit");
  cd_photo_set_alt_text (photo, "Alt");
  db = test_open_raw (f->path);
  test_exec (db, "CREATE TRIGGER refuse BEFORE INSERT ON outbox"
                 " BEGIN SELECT RAISE (ABORT, 'injected failure'); END");
  sqlite3_close (db);
  g_assert_false (cd_library_mark_ready (f->library, story, &error));
  g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "injected failure"));
  g_clear_error (&error);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_DRAFT);
  g_assert_cmpint (count_outbox_rows (f->path), ==, 0);
  db = test_open_raw (f->path);
  {
    g_autofree char *status = test_query_text (db, "SELECT status FROM stories");
    g_assert_cmpstr (status, ==, "draft");
  }
  test_exec (db, "DROP TRIGGER refuse");
  sqlite3_close (db);

  /* Ready: the status and a push for the default account, together. */
  cd_library_set_default_account (f->library, "newsroom-wp");
  g_assert_true (cd_library_mark_ready (f->library, story, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_READY);
  g_assert_false (cd_library_has_pending_changes (f->library));

  entries = cd_library_list_outbox (f->library, cd_story_get_id (story), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->account, ==, "newsroom-wp");
  g_assert_cmpint (entry->kind, ==, CD_OUTBOX_KIND_PUSH);
  g_assert_cmpint (entry->state, ==, CD_OUTBOX_STATE_PENDING);
  g_assert_cmpuint (entry->attempts, ==, 0);

  /* The edits made before marking ready were written with it. */
  db = test_open_raw (f->path);
  {
    g_autofree char *row = test_query_text (db, "SELECT status || '|' || body FROM stories");
    g_assert_cmpstr (row, ==, "ready|Now there is a body.");
  }
  sqlite3_close (db);
}

static void
test_library_outbox (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = make_story (f->library, "Headline", "Body");
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *id = g_strdup (cd_story_get_id (story));
  GListModel *model = cd_library_get_stories (f->library);
  gint64 entry_id, again;
  gint64 now = g_get_real_time ();

  cd_story_set_byline (story, "By A. Writer");
  entry_id = cd_library_set_status_and_enqueue (f->library, story, CD_STATUS_READY, "local",
                                                CD_OUTBOX_KIND_PUSH, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry_id, >, 0);

  /* Queuing the same work again reuses the pending entry. */
  again = cd_library_enqueue (f->library, id, "local", CD_OUTBOX_KIND_PUSH, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, entry_id);
  g_assert_cmpint (cd_library_enqueue (f->library, "no-such-story", "local",
                                       CD_OUTBOX_KIND_PUSH, &error), ==, 0);
  g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  due = cd_library_list_due (f->library, g_get_real_time (), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* Claim, with the status change, once only. */
  g_assert_true (cd_library_claim (f->library, entry_id, CD_STATUS_QUEUED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_QUEUED);
  g_assert_false (cd_library_claim (f->library, entry_id, CD_LIBRARY_STATUS_UNCHANGED, &error));
  g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_CONFLICT);
  g_clear_error (&error);

  /* An illegal status in an outbox call rolls the whole call back. */
  g_assert_false (cd_library_complete (f->library, entry_id, CD_STATUS_ARCHIVED, &error));
  g_assert_error (error, CD_STATUS_ERROR, CD_STATUS_ERROR_ILLEGAL_TRANSITION);
  g_clear_error (&error);
  due = cd_library_list_outbox (f->library, id, &error);
  g_assert_cmpint (((CdOutboxEntry *)g_ptr_array_index (due, 0))->state, ==, CD_OUTBOX_STATE_RUNNING);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* Fail with a retry in an hour: pending, not due now, the error shown. */
  g_assert_true (cd_library_claim (f->library, entry_id, CD_STATUS_PUSHING, &error) == FALSE);
  g_clear_error (&error);
  g_assert_true (cd_library_set_status (f->library, story, CD_STATUS_PUSHING, &error));
  g_assert_no_error (error);
  g_assert_true (cd_library_fail (f->library, entry_id, "HTTP 503 from the server",
                                  now + (gint64)G_USEC_PER_SEC * 3600, CD_STATUS_FAILED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_FAILED);
  due = cd_library_list_due (f->library, now, 0, &error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = cd_library_list_due (f->library, now + (gint64)G_USEC_PER_SEC * 3601, 0, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (((CdOutboxEntry *)g_ptr_array_index (due, 0))->last_error, ==,
                   "HTTP 503 from the server");
  g_assert_cmpuint (((CdOutboxEntry *)g_ptr_array_index (due, 0))->attempts, ==, 1);
  g_clear_pointer (&due, g_ptr_array_unref);
  {
    g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, 0);
    g_assert_true (cd_story_summary_get_has_error (summary));
    g_assert_cmpstr (cd_story_summary_get_last_error (summary), ==, "HTTP 503 from the server");
  }

  /* Retry and succeed. */
  g_assert_true (cd_library_claim (f->library, entry_id, CD_STATUS_QUEUED, &error));
  g_assert_true (cd_library_complete (f->library, entry_id, CD_LIBRARY_STATUS_UNCHANGED, &error));
  g_assert_no_error (error);
  due = cd_library_list_outbox (f->library, NULL, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (((CdOutboxEntry *)g_ptr_array_index (due, 0))->state, ==, CD_OUTBOX_STATE_DONE);
  g_assert_cmpuint (((CdOutboxEntry *)g_ptr_array_index (due, 0))->attempts, ==, 2);
  g_clear_pointer (&due, g_ptr_array_unref);
  {
    g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, 0);
    g_assert_false (cd_story_summary_get_has_error (summary));
  }

  /* A claimed entry whose process died is pending again on the next open. */
  entry_id = cd_library_enqueue (f->library, id, "local", CD_OUTBOX_KIND_ARCHIVE, &error);
  g_assert_true (cd_library_claim (f->library, entry_id, CD_LIBRARY_STATUS_UNCHANGED, &error));
  g_clear_object (&story);
  fixture_reopen (f);
  due = cd_library_list_due (f->library, g_get_real_time (), 10, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (((CdOutboxEntry *)g_ptr_array_index (due, 0))->kind, ==, CD_OUTBOX_KIND_ARCHIVE);
}

/* "Overwrite" on a conflict: a flag on the push entry that survives a
 * reopen and that queuing the same push again does not clear.
 */
static void
test_library_outbox_overwrite (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = make_story (f->library, "Headline", "Body");
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *id = g_strdup (cd_story_get_id (story));
  gint64 entry_id;

  g_assert_true (cd_library_set_status (f->library, story, CD_STATUS_PUBLISHED, &error));
  g_assert_true (cd_library_set_status (f->library, story, CD_STATUS_CONFLICT, &error));
  g_assert_no_error (error);

  entry_id = cd_library_queue_overwrite (f->library, story, "wp", &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry_id, >, 0);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_QUEUED);
  g_assert_cmpint (cd_library_enqueue (f->library, id, "wp", CD_OUTBOX_KIND_PUSH, &error), ==,
                   entry_id);

  g_clear_object (&story);
  fixture_reopen (f);
  entries = cd_library_list_due (f->library, g_get_real_time (), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_true (((CdOutboxEntry *)g_ptr_array_index (entries, 0))->overwrite);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A plain push is no overwrite. */
  entry_id = cd_library_enqueue (f->library, id, "local", CD_OUTBOX_KIND_PUSH, &error);
  entries = cd_library_list_outbox (f->library, id, &error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (((CdOutboxEntry *)g_ptr_array_index (entries, 1))->id, ==, entry_id);
  g_assert_false (((CdOutboxEntry *)g_ptr_array_index (entries, 1))->overwrite);
}

static gint64
summary_next_attempt (GListModel *model,
                      guint       position)
{
  g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, position);
  GDateTime *when;

  g_assert_nonnull (summary);
  when = cd_story_summary_get_next_attempt (summary);
  if (when == NULL)
    return 0;
  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

/* The sidebar counts down to the retry: the summary carries the outbox's
 * next attempt while failed work waits, and drops it once the work runs or
 * is given up.
 */
static void
test_library_summary_next_attempt (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = make_story (f->library, "Headline", "Body");
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));
  GListModel *model = cd_library_get_stories (f->library);
  gint64 retry_at = g_get_real_time () + 150 * G_USEC_PER_SEC;
  gint64 entry_id;

  entry_id = cd_library_set_status_and_enqueue (f->library, story, CD_STATUS_READY, "local",
                                                CD_OUTBOX_KIND_PUSH, &error);
  g_assert_no_error (error);
  /* Queued but never tried: nothing to count down to. */
  g_assert_cmpint (summary_next_attempt (model, 0), ==, 0);

  g_assert_true (cd_library_claim (f->library, entry_id, CD_STATUS_QUEUED, &error));
  g_assert_true (cd_library_set_status (f->library, story, CD_STATUS_PUSHING, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary_next_attempt (model, 0), ==, 0);

  g_signal_connect (model, "items-changed", G_CALLBACK (record_items_changed_cb), log);
  g_assert_true (cd_library_fail (f->library, entry_id, "HTTP 503 from the server", retry_at,
                                  CD_LIBRARY_STATUS_UNCHANGED, &error));
  g_assert_no_error (error);
  /* The row is told even though the status stayed. */
  g_assert_cmpuint (log->len, >=, 1);
  g_assert_cmpint (summary_next_attempt (model, 0), ==, retry_at);
  g_signal_handlers_disconnect_by_data (model, log);

  /* It is the outbox's time, so it survives a restart. */
  g_clear_object (&story);
  fixture_reopen (f);
  model = cd_library_get_stories (f->library);
  g_assert_cmpint (summary_next_attempt (model, 0), ==, retry_at);

  /* Running again: no countdown; given up for good: none either. */
  g_assert_true (cd_library_claim (f->library, entry_id, CD_LIBRARY_STATUS_UNCHANGED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary_next_attempt (model, 0), ==, 0);
  g_assert_true (cd_library_fail (f->library, entry_id, "HTTP 401", 0,
                                  CD_STATUS_FAILED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary_next_attempt (model, 0), ==, 0);
  {
    g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, 0);
    g_assert_cmpint (cd_story_summary_get_status (summary), ==, CD_STATUS_FAILED);
    g_assert_cmpstr (cd_story_summary_get_last_error (summary), ==, "HTTP 401");
  }
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static char *
stored_headline (const char *path,
                 const char *id)
{
  sqlite3 *db = test_open_raw (path);
  g_autofree char *sql = g_strdup_printf ("SELECT headline FROM stories WHERE id = '%s'", id);
  char *headline = test_query_text (db, sql);

  sqlite3_close (db);
  return headline;
}

static void
test_library_autosave (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(CdStory) story = make_story (f->library, "Before", "Body");
  g_autofree char *id = g_strdup (cd_story_get_id (story));
  gint64 start;

  /* Typing: several edits in a row are written once, within a second. */
  start = g_get_monotonic_time ();
  cd_story_set_headline (story, "Af");
  cd_story_set_headline (story, "After");
  g_assert_true (cd_library_has_pending_changes (f->library));
  {
    g_autofree char *headline = stored_headline (f->path, id);
    g_assert_cmpstr (headline, ==, "Before");
  }
  while (cd_library_has_pending_changes (f->library) &&
         g_get_monotonic_time () - start < 3 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  {
    g_autofree char *headline = stored_headline (f->path, id);
    g_assert_cmpstr (headline, ==, "After");
  }

  /* Dropping the last reference to an edited story does not lose the edit. */
  cd_story_set_headline (story, "Dropped");
  g_clear_object (&story);
  g_timeout_add (1200, quit_loop_cb, loop);
  g_main_loop_run (loop);
  {
    g_autofree char *headline = stored_headline (f->path, id);
    g_assert_cmpstr (headline, ==, "Dropped");
  }
  g_assert_false (cd_library_has_pending_changes (f->library));

  /* Flush writes at once; so does closing the library. */
  story = cd_library_load_story (f->library, id, &error);
  g_assert_no_error (error);
  cd_story_set_headline (story, "Flushed");
  g_assert_true (cd_library_flush (f->library, &error));
  {
    g_autofree char *headline = stored_headline (f->path, id);
    g_assert_cmpstr (headline, ==, "Flushed");
  }
  cd_story_set_headline (story, "Closed");
  g_clear_object (&f->library);
  {
    g_autofree char *headline = stored_headline (f->path, id);
    g_assert_cmpstr (headline, ==, "Closed");
  }

  /* A story that outlives its library is just an object. */
  cd_story_set_headline (story, "Orphan");
}

typedef struct
{
  const char *path;
  GPtrArray  *ids;
  GPtrArray  *headlines;
} SavedLog;

static void
record_story_saved_cb (CdLibrary *library,
                       CdStory   *story,
                       SavedLog  *log)
{
  /* Whoever hears the signal must find the edit on disk already. */
  g_ptr_array_add (log->ids, g_strdup (cd_story_get_id (story)));
  g_ptr_array_add (log->headlines, stored_headline (log->path, cd_story_get_id (story)));
}

static void
test_library_story_saved (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) headlines = g_ptr_array_new_with_free_func (g_free);
  SavedLog log = { f->path, ids, headlines };
  g_autoptr(CdStory) story = make_story (f->library, "First", "Body");
  g_autoptr(CdStory) other = make_story (f->library, "Other", "Body");
  gint64 start;

  g_signal_connect (f->library, "story-saved", G_CALLBACK (record_story_saved_cb), &log);

  /* An autosave: once, after the commit. */
  cd_story_set_headline (story, "Fir");
  cd_story_set_headline (story, "Second");
  g_assert_cmpuint (ids->len, ==, 0);
  start = g_get_monotonic_time ();
  while (cd_library_has_pending_changes (f->library) &&
         g_get_monotonic_time () - start < 20 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, cd_story_get_id (story));
  g_assert_cmpstr (g_ptr_array_index (headlines, 0), ==, "Second");

  /* Nothing pending: nothing saved, no signal. */
  g_assert_true (cd_library_flush (f->library, &error));
  g_assert_cmpuint (ids->len, ==, 1);

  /* A flush of two stories: one signal each. */
  cd_story_set_headline (story, "Third");
  cd_story_set_headline (other, "Other two");
  g_assert_true (cd_library_flush (f->library, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 3);
  for (guint i = 1; i < 3; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      g_assert_cmpstr (g_ptr_array_index (headlines, i), ==,
                       g_str_equal (id, cd_story_get_id (story)) ? "Third" : "Other two");
    }

  /* A status change writes the edits too. */
  cd_story_set_headline (other, "Killed");
  g_assert_true (cd_library_set_status (f->library, other, CD_STATUS_PUBLISHED, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (ids, 3), ==, cd_story_get_id (other));
  g_assert_cmpstr (g_ptr_array_index (headlines, 3), ==, "Killed");

  g_signal_handlers_disconnect_by_func (f->library, record_story_saved_cb, &log);
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_library_sync_finish (CD_LIBRARY (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* Commits made with a deferred sync are visible at once, and on disk once
 * cd_library_sync_async() says so; its callback never runs before it
 * returns, and a waiter is not answered by a sync that began before the
 * commit it waits for.
 */
static void
test_library_deferred_sync (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) first = make_story (f->library, "First", "Body");
  g_autoptr(CdStory) second = make_story (f->library, "Second", "Body");
  g_autofree char *status = NULL;
  sqlite3 *db;
  gboolean done = FALSE, done_second = FALSE;

  /* Plain commits are on disk when they return. */
  g_assert_false (cd_library_has_unsynced_writes (f->library));

  cd_library_begin_deferred_sync (f->library);
  g_assert_true (cd_library_set_status (f->library, first, CD_STATUS_READY, &error));
  g_assert_no_error (error);
  cd_library_end_deferred_sync (f->library);
  g_assert_true (cd_library_has_unsynced_writes (f->library));

  /* Committed: another connection reads it already. */
  db = test_open_raw (f->path);
  status = test_query_text (db, "SELECT status FROM stories WHERE headline = 'First'");
  g_assert_cmpstr (status, ==, "ready");
  sqlite3_close (db);

  cd_library_sync_async (f->library, NULL, sync_cb, &done);
  g_assert_false (done);

  /* A second commit while the first sync runs needs a sync of its own. */
  cd_library_begin_deferred_sync (f->library);
  cd_library_begin_deferred_sync (f->library);
  g_assert_true (cd_library_set_status (f->library, second, CD_STATUS_READY, &error));
  g_assert_no_error (error);
  cd_library_end_deferred_sync (f->library);
  cd_library_end_deferred_sync (f->library);
  cd_library_sync_async (f->library, NULL, sync_cb, &done_second);

  while (!done || !done_second)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cd_library_has_unsynced_writes (f->library));

  /* Nothing to wait for: answered from the main loop all the same. */
  done = FALSE;
  cd_library_sync_async (f->library, NULL, sync_cb, &done);
  g_assert_false (done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* Outside the deferred span, commits are on disk at once again. */
  g_assert_true (cd_library_set_status (f->library, first, CD_STATUS_DRAFT, &error));
  g_assert_no_error (error);
  g_assert_false (cd_library_has_unsynced_writes (f->library));
}

static void
test_library_refuse (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;
  sqlite3 *db;

  g_file_set_contents (text, "This is not a database, just words and words and words. "
                       "It has to be long enough to look like a header.", -1, &error);
  g_assert_null (cd_library_open (text, &error));
  g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_A_LIBRARY);
  g_clear_error (&error);

  db = test_open_raw (other);
  test_exec (db, "CREATE TABLE contacts (name TEXT)");
  sqlite3_close (db);
  g_file_get_contents (other, &before, &before_length, NULL);
  g_assert_null (cd_library_open (other, &error));
  g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_A_LIBRARY);
  g_file_get_contents (other, &after, &after_length, NULL);
  g_assert_cmpmem (before, before_length, after, after_length);

  test_rm_rf (dir);
}

static void
test_library_default_path (void)
{
  g_autofree char *path = cd_library_get_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "copydesk", "library.db",
                                                NULL);

  g_assert_cmpstr (path, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/copydesk/core/library/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("round-trip", test_library_round_trip);
  ADD ("photos", test_library_photos);
  ADD ("summaries", test_library_summaries);
  ADD ("many", test_library_many);
  ADD ("status-filter", test_library_status_filter);
  ADD ("search", test_library_search);
  ADD ("mark-ready", test_library_mark_ready);
  ADD ("outbox", test_library_outbox);
  ADD ("outbox-overwrite", test_library_outbox_overwrite);
  ADD ("summary-next-attempt", test_library_summary_next_attempt);
  ADD ("autosave", test_library_autosave);
  ADD ("story-saved", test_library_story_saved);
  ADD ("deferred-sync", test_library_deferred_sync);
#undef ADD
  g_test_add_func ("/copydesk/core/library/refuse", test_library_refuse);
  g_test_add_func ("/copydesk/core/library/default-path", test_library_default_path);

  return g_test_run ();
}
