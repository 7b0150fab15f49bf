/* test-library-migrations.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "cd-library.h"
#include "library-test-util.h"

/* Schema version 1 as it shipped, written out here on purpose: a test of
 * the migration must not follow later edits of the library's own text.
 */
static const char schema_v1[] =
  "PRAGMA application_id = 1128549425;"
  "CREATE TABLE stories ("
  "  id TEXT PRIMARY KEY NOT NULL, status TEXT NOT NULL DEFAULT 'draft',"
  "  updated INTEGER NOT NULL, created INTEGER NOT NULL,"
  "  headline TEXT NOT NULL DEFAULT '', byline TEXT NOT NULL DEFAULT '',"
  "  first_published INTEGER, last_pushed INTEGER, publish_at INTEGER,"
  "  dek TEXT NOT NULL DEFAULT '', dateline TEXT NOT NULL DEFAULT '',"
  "  slug TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '',"
  "  source_text TEXT NOT NULL DEFAULT '', source_url TEXT NOT NULL DEFAULT '',"
  "  related_links TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX stories_by_updated ON stories (updated, status);"
  "CREATE TABLE photos ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL, file_name TEXT NOT NULL DEFAULT '',"
  "  content_hash TEXT NOT NULL DEFAULT '', mime_type TEXT NOT NULL DEFAULT '',"
  "  original_name TEXT NOT NULL DEFAULT '', caption TEXT NOT NULL DEFAULT '',"
  "  credit TEXT NOT NULL DEFAULT '', alt_text TEXT NOT NULL DEFAULT '',"
  "  creator TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',"
  "  copyright TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX photos_by_story ON photos (story_id, position);"
  "CREATE TABLE remotes ("
  "  story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,"
  "  account TEXT NOT NULL, remote_id TEXT, link TEXT, modified TEXT, last_error TEXT,"
  "  client_slug TEXT, PRIMARY KEY (story_id, account));"
  "CREATE TABLE photo_remotes ("
  "  photo_id TEXT NOT NULL REFERENCES photos (id) ON DELETE CASCADE,"
  "  account TEXT NOT NULL, media_id TEXT NOT NULL, uploaded_hash TEXT,"
  "  PRIMARY KEY (photo_id, account));"
  "PRAGMA user_version = 1;";

static const char data_v1[] =
  "INSERT INTO stories (id, status, updated, created, headline, byline, body, tags)"
  " VALUES ('11111111-1111-4111-8111-111111111111', 'ready', 1700000000000000,"
  "         1690000000000000, 'Lighthouse keeper retires', 'By Ann Lee',"
  "         'After forty years the lamp goes dark.', '[''coast'']');"
  "INSERT INTO stories (id, status, updated, created, headline, byline, body)"
  " VALUES ('22222222-2222-4222-8222-222222222222', 'published', 1710000000000000,"
  "         1690000000000000, 'Ferry timetable changes', 'By Bo Kim', 'New times.');"
  "INSERT INTO photos (id, story_id, position, file_name, caption, credit, alt_text)"
  " VALUES ('33333333-3333-4333-8333-333333333333', '11111111-1111-4111-8111-111111111111', 0,"
  "         'abc.jpg', 'The lamp room at dusk', 'Cormorant Studio', 'A glass lamp');"
  "INSERT INTO remotes (story_id, account, remote_id, last_error)"
  " VALUES ('22222222-2222-4222-8222-222222222222', 'wp', '77', NULL);";

/* Version 2 as it shipped: the outbox and full-text search. */
static const char schema_v2[] =
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,"
  "  account TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('push', 'archive', 'unarchive')),"
  "  state TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (state IN ('pending', 'running', 'done', 'failed')),"
  "  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,"
  "  last_error TEXT, created_at INTEGER NOT NULL);"
  "CREATE INDEX outbox_due ON outbox (state, next_attempt_at);"
  "CREATE INDEX outbox_by_story ON outbox (story_id);"
  "CREATE VIEW story_fts_source AS SELECT"
  "  s.rowid AS rowid, s.headline AS headline, s.dek AS dek, s.byline AS byline, s.body AS body,"
  "  coalesce ((SELECT group_concat (caption, ' ') FROM"
  "    (SELECT caption FROM photos WHERE story_id = s.id ORDER BY position)), '') AS captions,"
  "  coalesce ((SELECT group_concat (credit, ' ') FROM"
  "    (SELECT credit FROM photos WHERE story_id = s.id ORDER BY position)), '') AS credits"
  "  FROM stories s;"
  "CREATE VIRTUAL TABLE story_fts USING fts5 ("
  "  headline, dek, byline, body, captions, credits,"
  "  content = 'story_fts_source', content_rowid = 'rowid',"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "INSERT INTO story_fts (story_fts) VALUES ('rebuild');"
  "PRAGMA user_version = 2;";

static const char data_v2[] =
  "INSERT INTO outbox (story_id, account, kind, state, attempts, next_attempt_at, created_at)"
  " VALUES ('22222222-2222-4222-8222-222222222222', 'wp', 'archive', 'running', 1,"
  "         1710000000000000, 1710000000000000);";

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "library.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  test_rm_rf (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
user_version (const char *path)
{
  sqlite3 *db = test_open_raw (path);
  gint64 version = test_query_int (db, "PRAGMA user_version");

  sqlite3_close (db);
  return version;
}

static guint
search_count (CdLibrary  *library,
              const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = cd_library_search (library, query, 0, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (results);
}

/* From nothing: a new file gets every version in turn. */
static void
test_migrate_from_v0 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = cd_library_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (user_version (f->path), ==, CD_LIBRARY_SCHEMA_VERSION);
  g_assert_cmpuint (cd_library_get_total (library), ==, 0);
  g_clear_object (&library);

  /* Opening a current library again changes nothing. */
  library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (f->path), ==, CD_LIBRARY_SCHEMA_VERSION);
  test_assert_integrity (f->path);
}

/* From version 1: the stories stay, become searchable (captions and
 * credits too) and can use the outbox.
 */
static void
test_migrate_from_v1 (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(CdPhoto) photo = NULL;
  GListModel *stories;
  sqlite3 *db;
  gint64 entry;

  db = test_open_raw (f->path);
  test_exec (db, schema_v1);
  test_exec (db, data_v1);
  sqlite3_close (db);
  g_assert_cmpint (user_version (f->path), ==, 1);

  library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (f->path), ==, CD_LIBRARY_SCHEMA_VERSION);
  test_assert_integrity (f->path);

  stories = cd_library_get_stories (library);
  g_assert_cmpuint (g_list_model_get_n_items (stories), ==, 2);
  {
    g_autoptr(CdStorySummary) newest = g_list_model_get_item (stories, 0);
    g_assert_cmpstr (cd_story_summary_get_headline (newest), ==, "Ferry timetable changes");
    g_assert_cmpint (cd_story_summary_get_status (newest), ==, CD_STATUS_PUBLISHED);
  }
  g_assert_cmpuint (cd_library_get_count (library, CD_STATUS_READY), ==, 1);

  g_assert_cmpuint (search_count (library, "lighthouse"), ==, 1);
  g_assert_cmpuint (search_count (library, "dusk"), ==, 1);
  g_assert_cmpuint (search_count (library, "cormorant"), ==, 1);
  g_assert_cmpuint (search_count (library, "ferry"), ==, 1);

  story = cd_library_load_story (library, "11111111-1111-4111-8111-111111111111", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_story_get_tags (story)[0], ==, "coast");
  photo = g_list_model_get_item (cd_story_get_photos (story), 0);
  g_assert_cmpstr (cd_photo_get_caption (photo), ==, "The lamp room at dusk");
  g_assert_true (g_str_has_suffix (cd_photo_get_file_path (photo), "/photos/abc.jpg"));

  entry = cd_library_enqueue (library, cd_story_get_id (story), "wp", CD_OUTBOX_KIND_PUSH, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry, >, 0);
  {
    g_autoptr(GPtrArray) entries = cd_library_list_outbox (library, NULL, &error);

    /* Version 3's column: an ordinary push overwrites nothing. */
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, 1);
    g_assert_false (((CdOutboxEntry *)g_ptr_array_index (entries, 0))->overwrite);
  }

  /* Edits keep the new index in step with the migrated rows. */
  cd_photo_set_caption (photo, "The lamp room at night");
  g_assert_true (cd_library_flush (library, &error));
  g_assert_cmpuint (search_count (library, "dusk"), ==, 0);
  g_assert_cmpuint (search_count (library, "night"), ==, 1);
  test_assert_integrity (f->path);
}

/* Sync's tables work on a migrated file: marks, listed times, the lookup
 * by remote id; checked from version 1 and from version 2 (whose
 * interrupted archive entry is due again).
 */
static void
check_sync_tables (CdLibrary *library)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stories = g_ptr_array_new ();
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_utc (2030, 1, 1, 0, 0, 0);
  g_autofree char *found = NULL;
  g_autofree char *mark = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *hash = NULL;
  g_auto(GStrv) published = NULL;
  const char *listed_times[] = { "2024-05-01T10:00:00" };
  const char *hashes[] = { "abc123" };
  CdStatus statuses[] = { CD_STATUS_ARCHIVED };

  found = cd_library_find_remote (library, "wp", "77", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "22222222-2222-4222-8222-222222222222");
  g_assert_null (cd_library_get_sync_mark (library, "wp", &error));
  g_assert_no_error (error);
  g_assert_false (cd_library_get_synced (library, found, NULL, NULL, &error));
  g_assert_no_error (error);

  story = cd_library_load_story (library, found, &error);
  g_assert_no_error (error);
  cd_story_set_first_published (story, before);
  g_ptr_array_add (stories, story);
  g_assert_true (cd_library_save_synced (library, "wp", stories, statuses, listed_times, hashes,
                                         "2024-05-01T10:00:00", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_ARCHIVED);

  mark = cd_library_get_sync_mark (library, "wp", &error);
  g_assert_cmpstr (mark, ==, "2024-05-01T10:00:00");
  g_assert_true (cd_library_get_synced (library, found, &listed, &hash, &error));
  g_assert_cmpstr (listed, ==, "2024-05-01T10:00:00");
  g_assert_cmpstr (hash, ==, "abc123");
  published = cd_library_list_remote_stories (library, "wp", CD_STATUS_ARCHIVED, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (published), ==, 1);
}

static void
test_sync_tables_from_v1 (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = NULL;
  sqlite3 *db = test_open_raw (f->path);

  test_exec (db, schema_v1);
  test_exec (db, data_v1);
  sqlite3_close (db);

  library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (f->path), ==, CD_LIBRARY_SCHEMA_VERSION);
  check_sync_tables (library);
  test_assert_integrity (f->path);
}

static void
test_sync_tables_from_v2 (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(GPtrArray) due = NULL;
  sqlite3 *db = test_open_raw (f->path);

  test_exec (db, schema_v1);
  test_exec (db, data_v1);
  test_exec (db, schema_v2);
  test_exec (db, data_v2);
  sqlite3_close (db);
  g_assert_cmpint (user_version (f->path), ==, 2);

  library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (f->path), ==, CD_LIBRARY_SCHEMA_VERSION);
  g_assert_cmpuint (cd_library_get_total (library), ==, 2);

  due = cd_library_list_due (library, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (((CdOutboxEntry *) g_ptr_array_index (due, 0))->kind, ==, CD_OUTBOX_KIND_ARCHIVE);

  check_sync_tables (library);

  /* Deleting the story takes its sync record with it. */
  g_assert_true (cd_library_delete_story (library, "22222222-2222-4222-8222-222222222222", &error));
  g_assert_false (cd_library_get_synced (library, "22222222-2222-4222-8222-222222222222",
                                         NULL, NULL, &error));
  g_assert_no_error (error);
  test_assert_integrity (f->path);
}

static void
file_snapshot (const char  *path,
               char       **contents,
               gsize       *length,
               struct stat *st)
{
  g_assert_true (g_file_get_contents (path, contents, length, NULL));
  g_assert_cmpint (g_stat (path, (GStatBuf *)st), ==, 0);
}

/* A library from a newer Copydesk is refused and left exactly as it was. */
static void
test_refuse_newer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  gsize before_length, after_length;
  struct stat st_before, st_after;
  sqlite3 *db;

  db = test_open_raw (f->path);
  test_exec (db, schema_v1);
  test_exec (db, data_v1);
  test_exec (db, "CREATE TABLE from_the_future (x); PRAGMA user_version = 99;");
  sqlite3_close (db);

  file_snapshot (f->path, &before, &before_length, &st_before);
  g_usleep (20000);

  g_assert_null (cd_library_open (f->path, &error));
  g_assert_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Copydesk"));
  g_assert_nonnull (strstr (error->message, "99"));

  file_snapshot (f->path, &after, &after_length, &st_after);
  g_assert_cmpmem (before, before_length, after, after_length);
  g_assert_cmpint (st_before.st_mtim.tv_sec, ==, st_after.st_mtim.tv_sec);
  g_assert_cmpint (st_before.st_mtim.tv_nsec, ==, st_after.st_mtim.tv_nsec);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (user_version (f->path), ==, 99);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/copydesk/core/library-migrations/from-v0", Fixture, NULL,
              fixture_setup, test_migrate_from_v0, fixture_teardown);
  g_test_add ("/copydesk/core/library-migrations/from-v1", Fixture, NULL,
              fixture_setup, test_migrate_from_v1, fixture_teardown);
  g_test_add ("/copydesk/core/library-migrations/sync-from-v1", Fixture, NULL,
              fixture_setup, test_sync_tables_from_v1, fixture_teardown);
  g_test_add ("/copydesk/core/library-migrations/sync-from-v2", Fixture, NULL,
              fixture_setup, test_sync_tables_from_v2, fixture_teardown);
  g_test_add ("/copydesk/core/library-migrations/refuse-newer", Fixture, NULL,
              fixture_setup, test_refuse_newer, fixture_teardown);

  return g_test_run ();
}
