/* test-story.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cd-status.h"
#include "cd-story.h"
#include "cd-story-private.h"

static void
count_cb (GObject *object,
          gpointer data)
{
  (*(guint *)data)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  (*(guint *)data)++;
}

static CdPhoto *
make_photo (const char *caption,
            const char *credit,
            const char *alt)
{
  CdPhoto *photo = cd_photo_new ();

  cd_photo_set_caption (photo, caption);
  cd_photo_set_credit (photo, credit);
  cd_photo_set_alt_text (photo, alt);

  return photo;
}

static const char *
photo_caption_at (CdStory *story,
                  guint    i)
{
  g_autoptr(CdPhoto) photo = g_list_model_get_item (cd_story_get_photos (story), i);

  return cd_photo_get_caption (photo);
}

static void
test_story_notify (void)
{
  g_autoptr(CdStory) story = cd_story_new ();
  guint notified = 0, changed = 0, updated = 0;
  g_autoptr(GDateTime) before = NULL;

  g_assert_true (g_uuid_string_is_valid (cd_story_get_id (story)));
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_DRAFT);

  g_signal_connect (story, "notify::headline", G_CALLBACK (count_notify_cb), &notified);
  g_signal_connect (story, "notify::updated", G_CALLBACK (count_notify_cb), &updated);
  g_signal_connect (story, "changed", G_CALLBACK (count_cb), &changed);

  before = g_date_time_ref (cd_story_get_updated (story));
  g_usleep (2000);

  cd_story_set_headline (story, "Fire crews gain ground");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (updated, ==, 1);
  g_assert_cmpint (g_date_time_compare (cd_story_get_updated (story), before), >, 0);

  cd_story_set_headline (story, "Fire crews gain ground");
  g_object_set (story, "headline", "Fire crews gain ground", NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  {
    const char *tags[] = { "fire", "la", NULL };
    cd_story_set_tags (story, tags);
    cd_story_set_tags (story, tags);
    g_assert_cmpuint (changed, ==, 2);
    g_assert_cmpstr (cd_story_get_tags (story)[1], ==, "la");
    cd_story_set_tags (story, NULL);
    g_assert_null (cd_story_get_tags (story)[0]);
    g_assert_cmpuint (changed, ==, 3);
  }

  {
    g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify)cd_link_free);
    g_ptr_array_add (links, cd_link_new ("How to help", "https://example.org/help"));
    cd_story_set_related_links (story, links);
    cd_story_set_related_links (story, links);
    g_assert_cmpuint (changed, ==, 4);
    g_assert_cmpuint (cd_story_get_related_links (story)->len, ==, 1);
  }

  {
    g_autoptr(CdRemote) remote = cd_remote_new ("wp");
    remote->remote_id = g_strdup ("17");
    cd_story_set_remote (story, remote);
    cd_story_set_remote (story, remote);
    g_assert_cmpuint (changed, ==, 5);
    g_assert_cmpstr (cd_story_get_remote (story, "wp")->remote_id, ==, "17");
    g_assert_null (cd_story_get_remote (story, "local"));
    g_free (remote->remote_id);
    remote->remote_id = g_strdup ("18");
    cd_story_set_remote (story, remote);
    g_assert_cmpuint (changed, ==, 6);
    g_assert_cmpuint (cd_story_get_remotes (story)->len, ==, 1);
  }

  {
    g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
    g_autoptr(GDateTime) same = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
    cd_story_set_publish_at (story, when);
    cd_story_set_publish_at (story, same);
    g_assert_cmpuint (changed, ==, 7);
    cd_story_set_publish_at (story, NULL);
    g_assert_null (cd_story_get_publish_at (story));
    g_assert_cmpuint (changed, ==, 8);
  }
}

static void
test_story_load_is_quiet (void)
{
  g_autoptr(CdStory) story = cd_story_new_with_id ("0d1c7e2a-4bd6-4c2c-9c6e-33f5b0f1c0de");
  g_autoptr(GDateTime) when = g_date_time_new_utc (2020, 5, 6, 7, 8, 9);
  guint changed = 0;
  guint64 serial;

  g_signal_connect (story, "changed", G_CALLBACK (count_cb), &changed);
  serial = _cd_story_get_edit_serial (story);

  _cd_story_begin_load (story);
  cd_story_set_headline (story, "Loaded");
  _cd_story_set_updated (story, when);
  _cd_story_set_status_unchecked (story, CD_STATUS_PUBLISHED);
  _cd_story_end_load (story);

  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpuint (_cd_story_get_edit_serial (story), ==, serial);
  g_assert_true (g_date_time_equal (cd_story_get_updated (story), when));
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_PUBLISHED);
  g_assert_cmpstr (cd_story_get_id (story), ==, "0d1c7e2a-4bd6-4c2c-9c6e-33f5b0f1c0de");

  cd_story_set_dek (story, "Edited");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (_cd_story_get_edit_serial (story), ==, serial + 1);
}

static void
test_story_slug (void)
{
  g_autoptr(CdStory) story = cd_story_new ();
  guint notified = 0;

  g_signal_connect (story, "notify::effective-slug", G_CALLBACK (count_notify_cb), &notified);

  cd_story_set_headline (story, "Crews Gain Ground on the Brush Fire");
  g_assert_cmpstr (cd_story_get_slug (story), ==, "");
  g_assert_cmpstr (cd_story_get_effective_slug (story), ==, "crews-gain-ground-on-the-brush-fire");
  g_assert_cmpuint (notified, ==, 1);

  /* Derived while not edited: follows the headline. */
  cd_story_set_headline (story, "Crews contain the fire");
  g_assert_cmpstr (cd_story_get_effective_slug (story), ==, "crews-contain-the-fire");
  g_assert_cmpuint (notified, ==, 2);

  /* Once edited, the headline no longer moves it. */
  cd_story_set_slug (story, "fire-contained");
  g_assert_cmpstr (cd_story_get_effective_slug (story), ==, "fire-contained");
  cd_story_set_headline (story, "Something else");
  g_assert_cmpstr (cd_story_get_effective_slug (story), ==, "fire-contained");
  g_assert_cmpuint (notified, ==, 3);

  /* Clearing the custom slug derives it again. */
  cd_story_set_slug (story, NULL);
  g_assert_cmpstr (cd_story_get_effective_slug (story), ==, "something-else");
}

static void
test_story_slugify (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Hello, World!", "hello-world" },
    { "  Crème brûlée à Paris  ", "creme-brulee-a-paris" },
    { "Editor's note: 3 things", "editors-note-3-things" },
    { "---", "" },
    { "", "" },
    { "Ünïcödé — dash", "unicode-dash" },
  };
  g_autofree char *long_slug = NULL;
  g_autofree char *one_word = NULL;
  g_autoptr(GString) words = g_string_new (NULL);
  g_autofree char *null_slug = cd_slugify (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = cd_slugify (cases[i].in);
      g_assert_cmpstr (slug, ==, cases[i].out);
    }
  g_assert_cmpstr (null_slug, ==, "");

  for (guint i = 0; i < 30; i++)
    g_string_append (words, "wildfire ");
  long_slug = cd_slugify (words->str);
  g_assert_cmpuint (strlen (long_slug), <=, 80);
  g_assert_false (g_str_has_suffix (long_slug, "-"));
  g_assert_true (g_str_has_suffix (long_slug, "wildfire"));

  g_string_truncate (words, 0);
  for (guint i = 0; i < 100; i++)
    g_string_append_c (words, 'x');
  one_word = cd_slugify (words->str);
  g_assert_cmpuint (strlen (one_word), ==, 80);
}

static void
test_story_photos (void)
{
  g_autoptr(CdStory) story = cd_story_new ();
  g_autoptr(CdPhoto) a = make_photo ("A", "x", "y");
  g_autoptr(CdPhoto) b = make_photo ("B", "x", "y");
  g_autoptr(CdPhoto) c = make_photo ("C", "x", "y");
  guint changed = 0;

  g_signal_connect (story, "changed", G_CALLBACK (count_cb), &changed);

  cd_story_append_photo (story, a);
  cd_story_append_photo (story, b);
  cd_story_insert_photo (story, 0, c);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (story)), ==, 3);
  g_assert_cmpstr (photo_caption_at (story, 0), ==, "C");
  g_assert_cmpstr (photo_caption_at (story, 1), ==, "A");
  g_assert_cmpstr (photo_caption_at (story, 2), ==, "B");

  cd_story_move_photo (story, 0, 2);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpstr (photo_caption_at (story, 0), ==, "A");
  g_assert_cmpstr (photo_caption_at (story, 1), ==, "B");
  g_assert_cmpstr (photo_caption_at (story, 2), ==, "C");
  cd_story_move_photo (story, 1, 1);
  g_assert_cmpuint (changed, ==, 4);

  /* A photo's edit is the story's edit. */
  cd_photo_set_caption (b, "B2");
  g_assert_cmpuint (changed, ==, 5);

  cd_story_remove_photo (story, 1);
  g_assert_cmpuint (changed, ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (story)), ==, 2);
  g_assert_cmpstr (photo_caption_at (story, 1), ==, "C");

  /* A removed photo no longer reaches the story. */
  cd_photo_set_caption (b, "B3");
  g_assert_cmpuint (changed, ==, 6);

  /* A photo that outlives its story does not call into a dead object. */
  g_clear_object (&story);
  cd_photo_set_caption (a, "A2");
}

static gboolean
contains (GPtrArray  *missing,
          const char *sentence)
{
  for (guint i = 0; i < missing->len; i++)
    if (g_str_equal (g_ptr_array_index (missing, i), sentence))
      return TRUE;
  return FALSE;
}

static void
test_story_check_ready (void)
{
  g_autoptr(CdStory) story = cd_story_new ();
  g_autoptr(CdPhoto) good = make_photo ("Caption", "Credit", "Alt");
  g_autoptr(CdPhoto) bad = make_photo ("Caption", "  ", "");
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) still = NULL;
  g_autoptr(GPtrArray) none = NULL;

  cd_story_set_headline (story, "   ");
  cd_story_append_photo (story, good);
  cd_story_append_photo (story, bad);

  missing = cd_story_check_ready (story);
  g_assert_cmpuint (missing->len, ==, 5);
  g_assert_true (contains (missing, "The headline is empty"));
  g_assert_true (contains (missing, "The byline is empty"));
  g_assert_true (contains (missing, "The body is empty"));
  g_assert_true (contains (missing, "Photo 2 has no credit"));
  g_assert_true (contains (missing, "Photo 2 has no alt text"));

  cd_story_set_headline (story, "Headline");
  cd_story_set_byline (story, "By Jane Doe");
  cd_story_set_body (story, "Body text.");
  still = cd_story_check_ready (story);
  g_assert_cmpuint (still->len, ==, 2);

  cd_photo_set_credit (bad, "Agency");
  cd_photo_set_alt_text (bad, "Smoke over the hills");
  none = cd_story_check_ready (story);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_story_transition (void)
{
  g_autoptr(CdStory) story = cd_story_new ();
  g_autoptr(GError) error = NULL;
  guint notified = 0, changed = 0;

  g_signal_connect (story, "notify::status", G_CALLBACK (count_notify_cb), &notified);
  g_signal_connect (story, "changed", G_CALLBACK (count_cb), &changed);

  g_assert_false (cd_story_transition (story, CD_STATUS_ARCHIVED, &error));
  g_assert_error (error, CD_STATUS_ERROR, CD_STATUS_ERROR_ILLEGAL_TRANSITION);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_DRAFT);
  g_assert_cmpuint (notified, ==, 0);
  g_assert_cmpuint (changed, ==, 0);

  g_assert_true (cd_story_transition (story, CD_STATUS_READY, NULL));
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_READY);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/story/notify", test_story_notify);
  g_test_add_func ("/copydesk/core/story/load-is-quiet", test_story_load_is_quiet);
  g_test_add_func ("/copydesk/core/story/slug", test_story_slug);
  g_test_add_func ("/copydesk/core/story/slugify", test_story_slugify);
  g_test_add_func ("/copydesk/core/story/photos", test_story_photos);
  g_test_add_func ("/copydesk/core/story/check-ready", test_story_check_ready);
  g_test_add_func ("/copydesk/core/story/transition", test_story_transition);

  return g_test_run ();
}
