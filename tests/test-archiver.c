/* test-archiver.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sync and archiving against the fault-injecting fake WordPress.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "cd-archiver.h"
#include "cd-http.h"
#include "cd-render.h"
#include "cd-syncer.h"
#include "cd-wordpress-target.h"
#include "fake-wordpress.h"
#include "library-test-util.h"

#define ACCOUNT  "newsroom"
#define USER     "editor"
#define PASSWORD "abcd EFGH ijkl MNOP qrst UVWX"
#define NOTICE   "This piece is archived."
#define NOTICE_MARK "<!-- copydesk:archived-notice -->"

typedef struct
{
  FakeWordpress     *fake;
  CdWordpressTarget *target;
  CdLibrary         *library;
  char              *dir;
  char              *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = cd_http_session_new_full (2, 8);
  g_autofree char *url = NULL;

  f->fake = fake_wordpress_new (USER, PASSWORD);
  url = fake_wordpress_get_url (f->fake);
  f->target = cd_wordpress_target_new (ACCOUNT, url, USER, PASSWORD, session, &error);
  g_assert_no_error (error);
  f->dir = test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "library.db", NULL);
  f->library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  user_data)
{
  g_clear_object (&f->library);
  g_clear_object (&f->target);
  fake_wordpress_free (f->fake);
  test_rm_rf (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

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

/* @n posts; post i was published i * @step_days days before 2025-06-01. */
static GArray *
add_posts (Fixture *f,
           guint    n,
           double   step_days)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 6, 1, 12, 0, 0);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("Story number %u &amp; more", i);
      g_autofree char *content = g_strdup_printf ("<p>Paragraph of story %u.</p>\n<p>Second.</p>", i);
      gint64 id = fake_wordpress_add_post (f->fake, title, content);
      FakePost *post = fake_wordpress_get_post (f->fake, id);
      g_autoptr(GDateTime) date = g_date_time_add_seconds (base, -step_days * 86400.0 * i);

      g_free (post->date_gmt);
      post->date_gmt = g_date_time_format (date, "%Y-%m-%dT%H:%M:%S");
      g_array_append_val (ids, id);
    }

  return ids;
}

static CdSyncStats
run_sync (Fixture *f,
          gboolean full)
{
  g_autoptr(CdSyncer) syncer = cd_syncer_new (f->library, CD_TARGET (f->target));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CdSyncStats stats = { 0 };

  cd_syncer_sync_async (syncer, full, NULL, result_cb, &result);
  g_assert_true (cd_syncer_sync_finish (syncer, wait_for (&result), &stats, &error));
  g_assert_no_error (error);

  return stats;
}

static GStrv
story_ids (GPtrArray *pieces)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < pieces->len; i++)
    g_strv_builder_add (builder, ((CdArchivePiece *) g_ptr_array_index (pieces, i))->story_id);

  return g_strv_builder_end (builder);
}

static CdArchiveReport *
run_archive (CdArchiver          *archiver,
             const char * const  *ids,
             gboolean             archive,
             GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (archive)
    {
      cd_archiver_archive_async (archiver, ids, NULL, result_cb, &result);
      return cd_archiver_archive_finish (archiver, wait_for (&result), error);
    }

  cd_archiver_unarchive_async (archiver, ids, NULL, result_cb, &result);
  return cd_archiver_unarchive_finish (archiver, wait_for (&result), error);
}

static guint
count_substrings (const char *haystack,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static gint64
archived_tag_id (Fixture *f,
                 gint64   post_id)
{
  FakePost *post = fake_wordpress_get_post (f->fake, post_id);
  gint64 found = 0;

  for (guint i = 0; i < post->tags->len; i++)
    {
      gint64 tag = g_array_index (post->tags, gint64, i);

      if (g_strcmp0 (fake_wordpress_get_tag_name (f->fake, tag), "Archived") == 0)
        {
          g_assert_cmpint (found, ==, 0);  /* never twice */
          found = tag;
        }
    }

  return found;
}

/* Exactly one notice and one Archived tag, or neither. */
static void
assert_post_archived (Fixture  *f,
                      gint64    post_id,
                      gboolean  archived)
{
  FakePost *post = fake_wordpress_get_post (f->fake, post_id);

  g_assert_cmpuint (count_substrings (post->content, NOTICE_MARK), ==, archived ? 1 : 0);
  if (archived)
    g_assert_cmpint (archived_tag_id (f, post_id), !=, 0);
  else
    g_assert_cmpint (archived_tag_id (f, post_id), ==, 0);
}

static CdStatus
status_of_post (Fixture *f,
                gint64   post_id)
{
  g_autofree char *remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, post_id);
  g_autofree char *story_id = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GError) error = NULL;

  story_id = cd_library_find_remote (f->library, ACCOUNT, remote_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (story_id);
  story = cd_library_load_story (f->library, story_id, &error);
  g_assert_no_error (error);

  return cd_story_get_status (story);
}

static GDateTime *
cutoff_one_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2025, 6, 1, 13, 0, 0);

  return cd_archiver_get_cutoff (now, 365, CD_ARCHIVE_AGE_UNIT_DAYS);
}

static void
test_parse_age (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 3, 31, 10, 0, 0);
  g_autoptr(GDateTime) months = NULL;
  g_autoptr(GDateTime) years = NULL;
  g_autoptr(GDateTime) days = NULL;
  const char *bad[] = { "", "d", "0d", "12", "12w", "-3d", "3dd", "1.5y", "d12", NULL };
  CdArchiveAgeUnit unit;
  guint age;

  g_assert_true (cd_archiver_parse_age ("365d", &age, &unit, NULL));
  g_assert_cmpuint (age, ==, 365);
  g_assert_cmpint (unit, ==, CD_ARCHIVE_AGE_UNIT_DAYS);
  g_assert_true (cd_archiver_parse_age ("12m", &age, &unit, NULL));
  g_assert_cmpuint (age, ==, 12);
  g_assert_cmpint (unit, ==, CD_ARCHIVE_AGE_UNIT_MONTHS);
  g_assert_true (cd_archiver_parse_age ("2y", &age, &unit, NULL));
  g_assert_cmpuint (age, ==, 2);
  g_assert_cmpint (unit, ==, CD_ARCHIVE_AGE_UNIT_YEARS);

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cd_archiver_parse_age (bad[i], &age, &unit, &error));
      g_assert_error (error, CD_ARCHIVER_ERROR, CD_ARCHIVER_ERROR_INVALID_AGE);
    }

  /* Calendar months: 31 March less one month is the last day of February. */
  months = cd_archiver_get_cutoff (now, 1, CD_ARCHIVE_AGE_UNIT_MONTHS);
  g_assert_cmpint (g_date_time_get_month (months), ==, 2);
  g_assert_cmpint (g_date_time_get_day_of_month (months), ==, 29);
  years = cd_archiver_get_cutoff (now, 2, CD_ARCHIVE_AGE_UNIT_YEARS);
  g_assert_cmpint (g_date_time_get_year (years), ==, 2022);
  days = cd_archiver_get_cutoff (now, 365, CD_ARCHIVE_AGE_UNIT_DAYS);
  g_assert_cmpint (g_date_time_get_year (days), ==, 2023);
  g_assert_cmpint (g_date_time_get_month (days), ==, 4);
  g_assert_cmpint (g_date_time_get_day_of_month (days), ==, 1);

  g_assert_nonnull (strstr (cd_archiver_get_default_notice (), "archived article"));
}

/* WordPress's *_gmt times carry no zone and are UTC, whatever TZ says. */
static void
test_parse_utc (void)
{
  g_autoptr(GDateTime) when = NULL;

  g_setenv ("TZ", "America/New_York", TRUE);
  tzset ();
  when = cd_syncer_parse_utc ("2024-07-01T12:30:00");
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();

  g_assert_nonnull (when);
  g_assert_cmpint (g_date_time_to_unix (when), ==, 1719837000);
  g_assert_null (cd_syncer_parse_utc (""));
  g_assert_null (cd_syncer_parse_utc (NULL));
  g_assert_null (cd_syncer_parse_utc ("yesterday"));
}

/* The first sync brings every published piece in; later ones only what
 * changed; an edit made here is never overwritten.
 */
static void
test_sync (Fixture       *f,
           gconstpointer  user_data)
{
  g_autoptr(GArray) posts = add_posts (f, 150, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) first = NULL;
  g_autoptr(CdStory) edited = NULL;
  g_autoptr(CdStory) clean = NULL;
  g_autoptr(CdStory) ours = NULL;
  g_autoptr(CdRemote) ours_remote = cd_remote_new (ACCOUNT);
  g_autofree char *first_id = NULL;
  g_autofree char *edited_id = NULL;
  g_autofree char *clean_id = NULL;
  g_autofree char *mark = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *old_modified = NULL;
  g_autofree char *ours_body = NULL;
  gint64 drafted = fake_wordpress_add_post (f->fake, "A draft", "<p>Not live</p>");
  gint64 ours_post = g_array_index (posts, gint64, 140);
  gint64 archived_post = g_array_index (posts, gint64, 7);
  FakePost *post;
  CdSyncStats stats;

  g_free (fake_wordpress_get_post (f->fake, drafted)->status);
  fake_wordpress_get_post (f->fake, drafted)->status = g_strdup ("draft");

  /* A post someone else archived: the notice is there. */
  post = fake_wordpress_get_post (f->fake, archived_post);
  {
    g_autofree char *with_notice = cd_render_add_archived_notice (post->content, NOTICE);

    g_free (post->content);
    post->content = g_steal_pointer (&with_notice);
  }

  /* A story written in Copydesk and pushed as post 140. */
  ours = cd_library_create_story (f->library, &error);
  g_assert_no_error (error);
  cd_story_set_headline (ours, "Our own headline");
  cd_story_set_body (ours, "Our own *body*.");
  ours_remote->remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, ours_post);
  ours_remote->modified = g_strdup ("2020-01-01T00:00:00");
  cd_story_set_remote (ours, ours_remote);
  g_assert_true (cd_library_set_status (f->library, ours, CD_STATUS_PUBLISHED, &error));
  g_assert_no_error (error);

  stats = run_sync (f, FALSE);
  g_assert_cmpuint (stats.listed, ==, 150);
  g_assert_cmpuint (stats.added, ==, 149);
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_PUBLISHED), ==, 149);
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_ARCHIVED), ==, 1);
  g_assert_cmpint (status_of_post (f, archived_post), ==, CD_STATUS_ARCHIVED);

  mark = cd_library_get_sync_mark (f->library, ACCOUNT, &error);
  g_assert_no_error (error);
  /* The newest modified time of a published post; not the draft's. */
  g_assert_cmpstr (mark, ==, fake_wordpress_get_post (f->fake, g_array_index (posts, gint64, 149))->modified_gmt);
  g_assert_cmpstr (mark, <, fake_wordpress_get_post (f->fake, drafted)->modified_gmt);

  /* A new story: headline unescaped, body in Markdown, the UTC date. */
  {
    g_autofree char *remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (posts, gint64, 2));
    g_autoptr(GDateTime) expected = g_date_time_new_utc (2025, 5, 26, 12, 0, 0);
    const CdRemote *remote;

    first_id = cd_library_find_remote (f->library, ACCOUNT, remote_id, &error);
    first = cd_library_load_story (f->library, first_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cd_story_get_headline (first), ==, "Story number 2 & more");
    g_assert_cmpstr (cd_story_get_body (first), ==, "Paragraph of story 2.\n\nSecond.");
    g_assert_true (g_date_time_equal (cd_story_get_first_published (first), expected));
    remote = cd_story_get_remote (first, ACCOUNT);
    g_assert_cmpstr (remote->modified, ==, fake_wordpress_get_post (f->fake, g_array_index (posts, gint64, 2))->modified_gmt);
    g_assert_nonnull (strstr (remote->link, "?p="));
  }
  {
    g_autofree char *remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, archived_post);
    g_autofree char *id = cd_library_find_remote (f->library, ACCOUNT, remote_id, &error);
    g_autoptr(CdStory) story = cd_library_load_story (f->library, id, &error);

    /* The notice is the site's stamp, not the story's text. */
    g_assert_null (strstr (cd_story_get_body (story), "archived"));
  }

  /* Ours kept its content and the publisher's conflict base. */
  g_assert_cmpstr (cd_story_get_headline (ours), ==, "Our own headline");
  g_assert_cmpstr (cd_story_get_body (ours), ==, "Our own *body*.");
  g_assert_cmpstr (cd_story_get_remote (ours, ACCOUNT)->modified, ==, "2020-01-01T00:00:00");
  g_assert_nonnull (cd_story_get_remote (ours, ACCOUNT)->link);
  g_assert_true (cd_library_get_synced (f->library, cd_story_get_id (ours), &listed, NULL, &error));
  g_assert_cmpstr (listed, ==, fake_wordpress_get_post (f->fake, ours_post)->modified_gmt);
  ours_body = g_strdup (cd_story_get_body (ours));

  /* Nothing changed: a second sync only lists the mark's own second. */
  fake_wordpress_reset_counts (f->fake);
  stats = run_sync (f, FALSE);
  g_assert_cmpuint (stats.listed, <=, 1);
  g_assert_cmpuint (stats.added, ==, 0);
  g_assert_cmpuint (stats.updated, ==, 0);

  /* Two posts change on the site; one of them was edited here too. */
  {
    g_autofree char *edited_remote = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (posts, gint64, 10));
    g_autofree char *clean_remote = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (posts, gint64, 11));

    edited_id = cd_library_find_remote (f->library, ACCOUNT, edited_remote, &error);
    clean_id = cd_library_find_remote (f->library, ACCOUNT, clean_remote, &error);
  }
  edited = cd_library_load_story (f->library, edited_id, &error);
  clean = cd_library_load_story (f->library, clean_id, &error);
  g_assert_no_error (error);
  cd_story_set_body (edited, "An editor's unpushed correction.");
  g_assert_true (cd_library_flush (f->library, &error));
  old_modified = g_strdup (cd_story_get_remote (edited, ACCOUNT)->modified);

  for (guint i = 10; i <= 11; i++)
    {
      FakePost *changed = fake_wordpress_get_post (f->fake, g_array_index (posts, gint64, i));

      g_free (changed->content);
      changed->content = g_strdup ("<p>Rewritten on the site.</p>");
      fake_wordpress_touch_post (f->fake, changed->id);
    }
  /* And someone archives post 12 on the site. */
  {
    FakePost *changed = fake_wordpress_get_post (f->fake, g_array_index (posts, gint64, 12));
    g_autofree char *with_notice = cd_render_add_archived_notice (changed->content, NOTICE);

    g_free (changed->content);
    changed->content = g_steal_pointer (&with_notice);
    fake_wordpress_touch_post (f->fake, changed->id);
  }

  stats = run_sync (f, FALSE);
  g_assert_cmpuint (stats.listed, <=, 4);
  g_assert_cmpuint (stats.listed, >=, 3);
  g_assert_cmpuint (stats.added, ==, 0);
  g_assert_cmpuint (stats.kept_local, ==, 1);
  g_assert_cmpstr (cd_story_get_body (edited), ==, "An editor's unpushed correction.");
  g_assert_cmpstr (cd_story_get_remote (edited, ACCOUNT)->modified, ==, old_modified);
  g_assert_cmpstr (cd_story_get_body (clean), ==, "Rewritten on the site.");
  g_assert_cmpstr (cd_story_get_remote (clean, ACCOUNT)->modified, ==,
                   fake_wordpress_get_post (f->fake, g_array_index (posts, gint64, 11))->modified_gmt);
  g_assert_cmpint (status_of_post (f, g_array_index (posts, gint64, 12)), ==, CD_STATUS_ARCHIVED);
  g_assert_cmpstr (cd_story_get_body (ours), ==, ours_body);

  /* What was written is on disk: a fresh library object reads the same. */
  g_clear_object (&first);
  g_clear_object (&edited);
  g_clear_object (&clean);
  g_clear_object (&ours);
  g_clear_object (&f->library);
  f->library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
  edited = cd_library_load_story (f->library, edited_id, &error);
  g_assert_cmpstr (cd_story_get_body (edited), ==, "An editor's unpushed correction.");
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_ARCHIVED), ==, 2);
  g_assert_cmpuint (cd_library_get_total (f->library), ==, 150);
}

/* 2,000 posts, the older ones archived through 500s, resets, lost answers,
 * 429s, timeouts and 207s with failed items: each exactly once.
 */
static void
test_sweep_with_faults (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GArray) posts = add_posts (f, 2000, 0.5);
  g_autoptr(CdArchiver) archiver = cd_archiver_new (f->library, CD_TARGET (f->target));
  g_autoptr(GDateTime) cutoff = cutoff_one_year ();
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(CdArchiveReport) report = NULL;
  g_autoptr(CdArchiveReport) again = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  guint eligible = 0;

  run_sync (f, TRUE);
  cd_archiver_set_notice (archiver, NOTICE);
  cd_archiver_set_max_parallel (archiver, 3);

  pieces = cd_archiver_preview (archiver, cutoff, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < posts->len; i++)
    {
      FakePost *post = fake_wordpress_get_post (f->fake, g_array_index (posts, gint64, i));
      g_autoptr(GDateTime) date = cd_syncer_parse_utc (post->date_gmt);

      eligible += g_date_time_compare (date, cutoff) < 0;
    }
  g_assert_cmpuint (eligible, ==, 1270);
  g_assert_cmpuint (pieces->len, ==, eligible);
  /* The preview changed nothing. */
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_ARCHIVED), ==, 0);

  fake_wordpress_set_fault_rate (f->fake, 0.08, 7);
  fake_wordpress_set_batch_item_fault_rate (f->fake, 0.05);
  fake_wordpress_add_fault (f->fake, "POST /batch/v1", FAKE_FAULT_TIMEOUT);
  fake_wordpress_add_fault (f->fake, "POST /batch/v1", FAKE_FAULT_LOST);
  fake_wordpress_add_fault (f->fake, "GET /wp/v2/posts", FAKE_FAULT_RESET);
  fake_wordpress_add_fault (f->fake, "GET /wp/v2/posts", FAKE_FAULT_TIMEOUT);

  ids = story_ids (pieces);
  report = run_archive (archiver, (const char * const *) ids, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->failed, ==, 0);
  g_assert_cmpuint (report->skipped, ==, 0);
  g_assert_cmpuint (report->changed + report->unchanged, ==, eligible);
  /* A lost answer's items were done on the site but unheard: the retry
   * finds them archived already.
   */
  g_assert_cmpuint (report->unchanged, >, 0);

  fake_wordpress_set_fault_rate (f->fake, 0, 1);
  fake_wordpress_set_batch_item_fault_rate (f->fake, 0);

  for (guint i = 0; i < posts->len; i++)
    {
      gint64 id = g_array_index (posts, gint64, i);
      FakePost *post = fake_wordpress_get_post (f->fake, id);
      g_autoptr(GDateTime) date = cd_syncer_parse_utc (post->date_gmt);
      gboolean old = g_date_time_compare (date, cutoff) < 0;

      assert_post_archived (f, id, old);
      g_assert_cmpint (status_of_post (f, id), ==, old ? CD_STATUS_ARCHIVED : CD_STATUS_PUBLISHED);
    }
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_ARCHIVED), ==, eligible);

  /* A second run finds nothing to do and writes nothing. */
  fake_wordpress_reset_counts (f->fake);
  g_clear_pointer (&pieces, g_ptr_array_unref);
  pieces = cd_archiver_preview (archiver, cutoff, &error);
  g_assert_cmpuint (pieces->len, ==, 0);
  g_clear_pointer (&ids, g_strfreev);
  ids = story_ids (pieces);
  again = run_archive (archiver, (const char * const *) ids, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->changed + again->unchanged + again->failed + again->skipped, ==, 0);
  g_assert_cmpuint (fake_wordpress_count (f->fake, "POST"), ==, 0);
}

static void
progress_cb (CdArchiver   *archiver,
             guint         done,
             guint         total,
             GCancellable *cancellable)
{
  if (done >= 100)
    g_cancellable_cancel (cancellable);
}

/* Stopped half-way, the library closed and opened again: the next sweep
 * finishes the job from the outbox without a second notice.
 */
static void
test_resume (Fixture       *f,
             gconstpointer  user_data)
{
  g_autoptr(GArray) posts = add_posts (f, 400, 2);
  g_autoptr(CdArchiver) archiver = cd_archiver_new (f->library, CD_TARGET (f->target));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDateTime) cutoff = cutoff_one_year ();
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(CdArchiveReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  guint pending = 0, done = 0;

  run_sync (f, TRUE);
  cd_archiver_set_notice (archiver, NOTICE);
  pieces = cd_archiver_preview (archiver, cutoff, &error);
  g_assert_cmpuint (pieces->len, ==, 217);
  ids = story_ids (pieces);

  /* The second call's writes reach the site, its answer never comes back. */
  fake_wordpress_add_fault (f->fake, "GET /wp/v2/posts", FAKE_FAULT_NONE);
  fake_wordpress_add_fault (f->fake, "GET /wp/v2/posts", FAKE_FAULT_NONE);
  fake_wordpress_add_fault (f->fake, "POST /batch/v1", FAKE_FAULT_NONE);
  fake_wordpress_add_fault (f->fake, "POST /batch/v1", FAKE_FAULT_NONE);
  fake_wordpress_add_fault (f->fake, "POST /batch/v1", FAKE_FAULT_NONE);
  fake_wordpress_add_fault (f->fake, "POST /batch/v1", FAKE_FAULT_NONE);
  fake_wordpress_add_fault (f->fake, "POST /batch/v1", FAKE_FAULT_LOST);

  cd_archiver_set_max_parallel (archiver, 1);
  g_signal_connect (archiver, "progress", G_CALLBACK (progress_cb), cancellable);
  cd_archiver_archive_async (archiver, (const char * const *) ids, cancellable, result_cb, &result);
  g_assert_null (cd_archiver_archive_finish (archiver, wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Half-way: some done, some still queued. */
  outbox = cd_library_list_outbox (f->library, NULL, &error);
  for (guint i = 0; i < outbox->len; i++)
    {
      CdOutboxEntry *entry = g_ptr_array_index (outbox, i);

      pending += entry->state == CD_OUTBOX_STATE_PENDING || entry->state == CD_OUTBOX_STATE_RUNNING;
      done += entry->state == CD_OUTBOX_STATE_DONE;
    }
  g_assert_cmpuint (done, ==, 100);
  g_assert_cmpuint (pending, ==, 117);

  /* Quit: everything dropped, the file opened again. */
  g_clear_object (&archiver);
  g_clear_pointer (&pieces, g_ptr_array_unref);
  g_clear_object (&f->library);
  g_clear_object (&result);
  f->library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
  archiver = cd_archiver_new (f->library, CD_TARGET (f->target));
  cd_archiver_set_notice (archiver, NOTICE);
  cd_archiver_set_max_parallel (archiver, 1);

  report = run_archive (archiver, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->failed, ==, 0);
  g_assert_cmpuint (report->changed + report->unchanged, ==, 117);
  /* The batch whose answer was lost is found done. */
  g_assert_cmpuint (report->unchanged, ==, 25);

  for (guint i = 0; i < posts->len; i++)
    {
      gint64 id = g_array_index (posts, gint64, i);
      g_autoptr(GDateTime) date = cd_syncer_parse_utc (fake_wordpress_get_post (f->fake, id)->date_gmt);
      gboolean old = g_date_time_compare (date, cutoff) < 0;

      assert_post_archived (f, id, old);
      g_assert_cmpint (status_of_post (f, id), ==, old ? CD_STATUS_ARCHIVED : CD_STATUS_PUBLISHED);
    }
}

/* A post edited on the site after the sync listed it is left alone. */
static void
test_edited_since_listing (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(GArray) posts = add_posts (f, 40, 30);
  g_autoptr(CdArchiver) archiver = cd_archiver_new (f->library, CD_TARGET (f->target));
  g_autoptr(GDateTime) cutoff = cutoff_one_year ();
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(CdArchiveReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  gint64 touched = g_array_index (posts, gint64, 30);
  g_autofree char *before = NULL;

  run_sync (f, FALSE);
  pieces = cd_archiver_preview (archiver, cutoff, &error);
  g_assert_cmpuint (pieces->len, ==, 27);
  ids = story_ids (pieces);

  fake_wordpress_touch_post (f->fake, touched);
  before = g_strdup (fake_wordpress_get_post (f->fake, touched)->content);

  report = run_archive (archiver, (const char * const *) ids, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->changed, ==, 26);
  g_assert_cmpuint (report->skipped, ==, 1);
  g_assert_cmpuint (report->failed, ==, 0);
  g_assert_cmpuint (report->failures->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report->failures, 0), "edited on the site"));

  g_assert_cmpstr (fake_wordpress_get_post (f->fake, touched)->content, ==, before);
  assert_post_archived (f, touched, FALSE);
  g_assert_cmpint (status_of_post (f, touched), ==, CD_STATUS_PUBLISHED);
  assert_post_archived (f, g_array_index (posts, gint64, 31), TRUE);
}

/* Without /batch/v1, one request per write, and the same result. */
static void
test_no_batch (Fixture       *f,
               gconstpointer  user_data)
{
  g_autoptr(GArray) posts = add_posts (f, 30, 30);
  g_autoptr(CdArchiver) archiver = cd_archiver_new (f->library, CD_TARGET (f->target));
  g_autoptr(GDateTime) cutoff = cutoff_one_year ();
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(CdArchiveReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  fake_wordpress_set_batch (f->fake, FALSE);
  run_sync (f, FALSE);
  pieces = cd_archiver_preview (archiver, cutoff, &error);
  g_assert_cmpuint (pieces->len, ==, 17);
  ids = story_ids (pieces);

  fake_wordpress_reset_counts (f->fake);
  fake_wordpress_add_fault (f->fake, "POST /wp/v2/posts/", FAKE_FAULT_500);
  report = run_archive (archiver, (const char * const *) ids, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->changed, ==, 17);
  g_assert_cmpuint (fake_wordpress_count (f->fake, "POST /batch/v1"), ==, 0);
  g_assert_cmpuint (fake_wordpress_count (f->fake, "POST /wp/v2/posts/"), ==, 18);
  for (guint i = 0; i < posts->len; i++)
    assert_post_archived (f, g_array_index (posts, gint64, i), i >= 13);
}

/* Dropped connections four times in a row: the production backoff waits
 * seconds between tries (and grows to minutes); capped, the sweep retries
 * the same batch at once.
 */
static void
test_max_retry_delay (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(GArray) posts = add_posts (f, 30, 30);
  g_autoptr(CdArchiver) archiver = cd_archiver_new (f->library, CD_TARGET (f->target));
  g_autoptr(GDateTime) cutoff = cutoff_one_year ();
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(CdArchiveReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  gint64 start;

  g_assert_cmpuint (cd_archiver_get_max_retry_delay (archiver), ==, 0);
  cd_archiver_set_max_retry_delay (archiver, 50);
  g_assert_cmpuint (cd_archiver_get_max_retry_delay (archiver), ==, 50);

  run_sync (f, FALSE);
  pieces = cd_archiver_preview (archiver, cutoff, &error);
  g_assert_cmpuint (pieces->len, ==, 17);
  ids = story_ids (pieces);

  fake_wordpress_reset_counts (f->fake);
  for (guint i = 0; i < 4; i++)
    fake_wordpress_add_fault (f->fake, "POST /batch/v1", FAKE_FAULT_RESET);
  start = g_get_monotonic_time ();
  report = run_archive (archiver, (const char * const *) ids, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->changed, ==, 17);
  g_assert_cmpuint (report->failed, ==, 0);
  g_assert_cmpuint (fake_wordpress_count (f->fake, "POST /batch/v1"), ==, 5);
  /* Uncapped, the four waits are at least half of 2, 4, 8 and 16 s: 15 s.
   * Capped, the sweep takes a fraction of a second; the bound leaves room
   * for a slow sanitizer build on a loaded machine. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
  for (guint i = 0; i < posts->len; i++)
    assert_post_archived (f, g_array_index (posts, gint64, i), i >= 13);
}

/* Unarchiving restores each post byte for byte and drops the tag; a story
 * that is not archived is refused before anything is queued.
 */
static void
test_unarchive (Fixture       *f,
                gconstpointer  user_data)
{
  g_autoptr(GArray) posts = add_posts (f, 20, 40);
  g_autoptr(CdArchiver) archiver = cd_archiver_new (f->library, CD_TARGET (f->target));
  g_autoptr(GDateTime) cutoff = cutoff_one_year ();
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CdArchiveReport) archived = NULL;
  g_autoptr(CdArchiveReport) restored = NULL;
  g_autoptr(CdArchiveReport) refused = NULL;
  g_autoptr(GPtrArray) outbox_before = NULL;
  g_autoptr(GPtrArray) outbox_after = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *young = NULL;

  run_sync (f, FALSE);
  for (guint i = 0; i < posts->len; i++)
    g_ptr_array_add (originals, g_strdup (fake_wordpress_get_post (f->fake, g_array_index (posts, gint64, i))->content));

  pieces = cd_archiver_preview (archiver, cutoff, &error);
  g_assert_cmpuint (pieces->len, ==, 10);
  ids = story_ids (pieces);
  archived = run_archive (archiver, (const char * const *) ids, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (archived->changed, ==, 10);

  /* A draft that was never published cannot be unarchived: nothing is queued. */
  {
    g_autoptr(CdStory) draft = cd_library_create_story (f->library, &error);
    const char *mixed[] = { ids[0], NULL, NULL };

    young = g_strdup (cd_story_get_id (draft));
    mixed[1] = young;
    outbox_before = cd_library_list_outbox (f->library, NULL, &error);
    refused = run_archive (archiver, mixed, FALSE, &error);
    g_assert_null (refused);
    g_assert_error (error, CD_ARCHIVER_ERROR, CD_ARCHIVER_ERROR_NOT_ELIGIBLE);
    g_clear_error (&error);
    outbox_after = cd_library_list_outbox (f->library, NULL, &error);
    g_assert_cmpuint (outbox_after->len, ==, outbox_before->len);
  }

  restored = run_archive (archiver, (const char * const *) ids, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (restored->changed, ==, 10);
  for (guint i = 0; i < posts->len; i++)
    {
      gint64 id = g_array_index (posts, gint64, i);

      g_assert_cmpstr (fake_wordpress_get_post (f->fake, id)->content, ==, g_ptr_array_index (originals, i));
      assert_post_archived (f, id, FALSE);
      g_assert_cmpint (status_of_post (f, id), ==, CD_STATUS_PUBLISHED);
    }
}

/* The default notice is in the user's language, from the build tree's
 * catalog (COPYDESK_LOCALEDIR), as a French newsroom would publish it. */
static void
test_default_notice_translated (void)
{
  const char *localedir = g_getenv ("COPYDESK_LOCALEDIR");
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  g_assert_true (g_str_has_prefix (cd_archiver_get_default_notice (), "This is an archived"));
  if (localedir == NULL)
    {
      g_test_skip ("COPYDESK_LOCALEDIR is not set");
      return;
    }
  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_fail_printf ("fr_FR.UTF-8 is not generated; run build-aux/install-deps.sh");
      return;
    }
  g_setenv ("LANGUAGE", "fr", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);

  g_assert_cmpstr (cd_archiver_get_default_notice (), ==,
                   "Ceci est un article archivé, les informations qu’il contient peuvent être "
                   "dépassées. Consultez la date de l’article pour savoir quand il a été mis à "
                   "jour pour la dernière fois.");

  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/archiver/parse-age", test_parse_age);
  g_test_add_func ("/copydesk/core/archiver/parse-utc", test_parse_utc);
  g_test_add_func ("/copydesk/core/archiver/default-notice-translated",
                   test_default_notice_translated);
  g_test_add ("/copydesk/core/archiver/sync", Fixture, NULL,
              fixture_set_up, test_sync, fixture_tear_down);
  g_test_add ("/copydesk/core/archiver/sweep-with-faults", Fixture, NULL,
              fixture_set_up, test_sweep_with_faults, fixture_tear_down);
  g_test_add ("/copydesk/core/archiver/resume", Fixture, NULL,
              fixture_set_up, test_resume, fixture_tear_down);
  g_test_add ("/copydesk/core/archiver/edited-since-listing", Fixture, NULL,
              fixture_set_up, test_edited_since_listing, fixture_tear_down);
  g_test_add ("/copydesk/core/archiver/no-batch", Fixture, NULL,
              fixture_set_up, test_no_batch, fixture_tear_down);
  g_test_add ("/copydesk/core/archiver/max-retry-delay", Fixture, NULL,
              fixture_set_up, test_max_retry_delay, fixture_tear_down);
  g_test_add ("/copydesk/core/archiver/unarchive", Fixture, NULL,
              fixture_set_up, test_unarchive, fixture_tear_down);

  return g_test_run ();
}
