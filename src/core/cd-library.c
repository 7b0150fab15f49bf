/* cd-library.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-library"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "cd-library.h"
#include "cd-library-private.h"
#include "cd-status.h"
#include "cd-story-list-private.h"
#include "cd-story-private.h"
#include "cd-story-summary-private.h"

/* Summaries are fetched this many rows at a time ... */
#define PAGE_SIZE 50
/* ... and at most this many stay cached. */
#define SUMMARY_CACHE_SIZE 1024
/* Autosave: this long after the last change, and never later than
 * AUTOSAVE_MAX_DELAY_MS after the first unsaved one.
 */
#define AUTOSAVE_DELAY_MS 400
#define AUTOSAVE_MAX_DELAY_MS 900
/* "CDL1" in the SQLite header: this file is a Copydesk library. */
#define APPLICATION_ID 0x43444c31

struct _CdLibrary
{
  GObject       parent_instance;

  char         *path;
  char         *photos_dir;
  char         *default_account;
  sqlite3      *db;
  /* SQL text -> prepared sqlite3_stmt */
  GHashTable   *statements;
  char         *page_sql;

  /* The identity map: id -> CdStory (weak) */
  GHashTable   *stories;
  /* CdStory (strong) with edits not yet written */
  GHashTable   *pending;
  GMainContext *context;
  GSource      *autosave_source;
  gint64        first_pending_at;

  /* Built on first use: every story's rowid, newest first */
  gboolean      indexed;
  CdStoryList  *all;
  CdStoryList  *by_status[CD_N_STATUSES];
  guint         counts[CD_N_STATUSES];
  /* Live search results (unowned; they remove themselves) */
  GPtrArray    *search_lists;

  /* rowid -> CdStorySummary, bounded by summary_order (oldest first) */
  GHashTable   *summaries;
  GQueue        summary_order;

  /* Deferred sync (cd_library_begin_deferred_sync()): commits made inside
   * it are numbered, and on disk once a fdatasync() of the WAL in a worker
   * thread has covered their number.
   */
  char         *wal_path;
  guint         deferred_depth;
  guint64       commit_seq;   /* the last deferred commit */
  guint64       synced_seq;   /* every deferred commit up to it is on disk */
  guint64       syncing_seq;  /* what the sync under way covers; 0: none */
  guint64       failed_seq;   /* what the last failed sync covered */
  GPtrArray    *sync_waiters; /* GTask of cd_library_sync_async() */
};

G_DEFINE_FINAL_TYPE (CdLibrary, cd_library, G_TYPE_OBJECT)

G_DEFINE_QUARK (cd-library-error-quark, cd_library_error)

G_DEFINE_BOXED_TYPE (CdOutboxEntry, cd_outbox_entry, cd_outbox_entry_copy, cd_outbox_entry_free)

enum {
  PROP_0,
  PROP_DEFAULT_ACCOUNT,
  N_PROPS
};

enum {
  COUNTS_CHANGED,
  SAVE_FAILED,
  STORY_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Each entry takes the library from version i to i + 1. Never edit one that
 * has shipped: add a new one and bump CD_LIBRARY_SCHEMA_VERSION.
 */
static const char * const migrations[CD_LIBRARY_SCHEMA_VERSION] = {
  /* 0 -> 1: stories, photos and what the targets know of them. The small
   * columns come first so that a summary never reads a body's pages.
   */
  "PRAGMA application_id = 1128549425;"
  "CREATE TABLE stories ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'draft',"
  "  updated INTEGER NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  headline TEXT NOT NULL DEFAULT '',"
  "  byline TEXT NOT NULL DEFAULT '',"
  "  first_published INTEGER,"
  "  last_pushed INTEGER,"
  "  publish_at INTEGER,"
  "  dek TEXT NOT NULL DEFAULT '',"
  "  dateline TEXT NOT NULL DEFAULT '',"
  "  slug TEXT NOT NULL DEFAULT '',"
  "  tags TEXT NOT NULL DEFAULT '',"
  "  source_text TEXT NOT NULL DEFAULT '',"
  "  source_url TEXT NOT NULL DEFAULT '',"
  "  related_links TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX stories_by_updated ON stories (updated, status);"
  "CREATE TABLE photos ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  file_name TEXT NOT NULL DEFAULT '',"
  "  content_hash TEXT NOT NULL DEFAULT '',"
  "  mime_type TEXT NOT NULL DEFAULT '',"
  "  original_name TEXT NOT NULL DEFAULT '',"
  "  caption TEXT NOT NULL DEFAULT '',"
  "  credit TEXT NOT NULL DEFAULT '',"
  "  alt_text TEXT NOT NULL DEFAULT '',"
  "  creator TEXT NOT NULL DEFAULT '',"
  "  source TEXT NOT NULL DEFAULT '',"
  "  copyright TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX photos_by_story ON photos (story_id, position);"
  "CREATE TABLE remotes ("
  "  story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,"
  "  account TEXT NOT NULL,"
  "  remote_id TEXT,"
  "  link TEXT,"
  "  modified TEXT,"
  "  last_error TEXT,"
  "  client_slug TEXT,"
  "  PRIMARY KEY (story_id, account));"
  "CREATE TABLE photo_remotes ("
  "  photo_id TEXT NOT NULL REFERENCES photos (id) ON DELETE CASCADE,"
  "  account TEXT NOT NULL,"
  "  media_id TEXT NOT NULL,"
  "  uploaded_hash TEXT,"
  "  PRIMARY KEY (photo_id, account));",

  /* 1 -> 2: the outbox, and full-text search. The FTS index keeps no copy of
   * the text: its content is a view that folds the photos' captions and
   * credits into the story's row (in photo order, so that deleting an old
   * row tokenizes exactly what was indexed).
   */
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,"
  "  account TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('push', 'archive', 'unarchive')),"
  "  state TEXT NOT NULL DEFAULT 'pending'"
  "    CHECK (state IN ('pending', 'running', 'done', 'failed')),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL,"
  "  last_error TEXT,"
  "  created_at INTEGER NOT NULL);"
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
  "INSERT INTO story_fts (story_fts) VALUES ('rebuild');",

  /* 2 -> 3: a push may overwrite a copy that changed on the site (the
   * editor chose "Overwrite" on a conflict); the choice must survive a crash.
   */
  "ALTER TABLE outbox ADD COLUMN overwrite INTEGER NOT NULL DEFAULT 0;",

  /* 3 -> 4: sync. How far each account's listing has been read (the
   * largest modified_gmt seen); per story, its modified time when last
   * listed (what archiving compares with) and the hash of the content a sync
   * wrote into it (to tell the editor's own changes from it; NULL for a
   * story written here); and a lookup by remote id.
   */
  "CREATE TABLE sync_marks ("
  "  account TEXT PRIMARY KEY NOT NULL,"
  "  high_water TEXT NOT NULL);"
  "CREATE TABLE synced_stories ("
  "  story_id TEXT PRIMARY KEY NOT NULL REFERENCES stories (id) ON DELETE CASCADE,"
  "  account TEXT,"
  "  listed_modified TEXT,"
  "  content_hash TEXT);"
  "CREATE INDEX remotes_by_remote_id ON remotes (account, remote_id);",
};

#define FTS_COLUMNS "headline, dek, byline, body, captions, credits"

static const char * const outbox_kinds[] = { "push", "archive", "unarchive" };
static const char * const outbox_states[] = { "pending", "running", "done", "failed" };

/* What a write did to one story, for the models once it is committed. */
typedef struct
{
  gint64   rowid;
  gint64   updated;
  gboolean existed;
  gboolean deleted;
  CdStatus old_status;
  CdStatus new_status;
} StoryChange;

typedef sqlite3_stmt *Statement;

static void
reset_statement (Statement *stmt)
{
  if (*stmt != NULL)
    sqlite3_reset (*stmt);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Statement, reset_statement)

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static gboolean
set_db_error (CdLibrary  *self,
              GError    **error,
              const char *what)
{
  g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_FAILED,
               /* Translators: the first placeholder says what failed
                * ("Could not save the story"), the second is SQLite's reason */
               _("%1$s: %2$s"), what, sqlite3_errmsg (self->db));
  return FALSE;
}

/* Returns the cached statement for @sql, reset and unbound. */
static sqlite3_stmt *
prepare (CdLibrary  *self,
         const char *sql,
         GError    **error)
{
  sqlite3_stmt *stmt;

  g_assert (CD_IS_LIBRARY (self));

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, _("Could not read the library"));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
exec (CdLibrary  *self,
      const char *sql,
      GError    **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (self, error, _("Could not write the library"));
  return TRUE;
}

static gboolean
begin (CdLibrary  *self,
       GError    **error)
{
  return exec (self, "BEGIN IMMEDIATE", error);
}

static void start_sync (CdLibrary *self);

static gboolean
commit (CdLibrary  *self,
        GError    **error)
{
  if (exec (self, "COMMIT", error))
    {
      if (self->deferred_depth > 0)
        {
          self->commit_seq++;
          start_sync (self);
        }
      return TRUE;
    }
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
rollback (CdLibrary *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (CdLibrary    *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_db_error (self, error, _("Could not write the library"));
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static void
bind_time (sqlite3_stmt *stmt,
           int           index,
           GDateTime    *when)
{
  if (when == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, _cd_date_time_to_usec (when));
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  return (const char *)sqlite3_column_text (stmt, index);
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           index)
{
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    return NULL;
  return _cd_date_time_new_from_usec (sqlite3_column_int64 (stmt, index));
}

static CdStatus
parse_status (const char *text)
{
  CdStatus status = CD_STATUS_DRAFT;

  if (!cd_status_from_string (text, &status))
    g_warning ("Unknown story status “%s” in the library; showing it as a draft", text);
  return status;
}

static gboolean
parse_enum (const char         *text,
            const char * const *names,
            guint               n_names,
            guint              *value)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (text, names[i]) == 0)
        {
          *value = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Tags and related links are stored as GVariant text: "['a', 'b']". */
static char *
serialize_tags (CdStory *story)
{
  g_autoptr(GVariant) variant = g_variant_ref_sink (g_variant_new_strv (cd_story_get_tags (story), -1));

  return g_variant_print (variant, FALSE);
}

static char *
serialize_links (CdStory *story)
{
  GPtrArray *links = cd_story_get_related_links (story);
  g_autoptr(GVariant) variant = NULL;
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  for (guint i = 0; i < links->len; i++)
    {
      const CdLink *link = g_ptr_array_index (links, i);
      g_variant_builder_add (&builder, "(ss)", link->title, link->url);
    }
  variant = g_variant_ref_sink (g_variant_builder_end (&builder));

  return g_variant_print (variant, FALSE);
}

static GVariant *
parse_variant (const char         *text,
               const GVariantType *type)
{
  g_autoptr(GError) error = NULL;
  GVariant *variant;

  if (text == NULL || text[0] == '\0')
    return NULL;

  variant = g_variant_parse (type, text, NULL, NULL, &error);
  if (variant == NULL)
    g_warning ("Ignoring unreadable list in the library: %s", error->message);
  return variant;
}

static void
load_tags (CdStory    *story,
           const char *text)
{
  g_autoptr(GVariant) variant = parse_variant (text, G_VARIANT_TYPE_STRING_ARRAY);
  g_autofree const char **tags = NULL;

  if (variant == NULL)
    return;
  tags = g_variant_get_strv (variant, NULL);
  cd_story_set_tags (story, tags);
}

static void
load_links (CdStory    *story,
            const char *text)
{
  g_autoptr(GVariant) variant = parse_variant (text, G_VARIANT_TYPE ("a(ss)"));
  g_autoptr(GPtrArray) links = NULL;
  GVariantIter iter;
  const char *title, *url;

  if (variant == NULL)
    return;

  links = g_ptr_array_new_with_free_func ((GDestroyNotify)cd_link_free);
  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "(&s&s)", &title, &url))
    g_ptr_array_add (links, cd_link_new (title, url));
  cd_story_set_related_links (story, links);
}

/* Photos inside the library are stored by file name only, so the library
 * folder can move.
 */
static const char *
photo_file_name (CdLibrary  *self,
                 const char *file_path)
{
  gsize n = strlen (self->photos_dir);

  if (strncmp (file_path, self->photos_dir, n) == 0 && file_path[n] == G_DIR_SEPARATOR)
    return file_path + n + 1;
  return file_path;
}

static char *
photo_file_path (CdLibrary  *self,
                 const char *file_name)
{
  if (file_name[0] == '\0' || g_path_is_absolute (file_name))
    return g_strdup (file_name);
  return g_build_filename (self->photos_dir, file_name, NULL);
}

/* Summary cache */

static void
cache_summary (CdLibrary      *self,
               CdStorySummary *summary)
{
  gpointer key = GSIZE_TO_POINTER ((gsize)_cd_story_summary_get_rowid (summary));

  /* Replaced and forgotten rows leave stale keys in the queue; when they
   * pile up, start the cache afresh.
   */
  if (g_queue_get_length (&self->summary_order) > 4 * SUMMARY_CACHE_SIZE)
    {
      g_hash_table_remove_all (self->summaries);
      g_queue_clear (&self->summary_order);
    }

  g_hash_table_replace (self->summaries, key, summary);
  g_queue_push_tail (&self->summary_order, key);

  while (g_hash_table_size (self->summaries) > SUMMARY_CACHE_SIZE &&
         !g_queue_is_empty (&self->summary_order))
    g_hash_table_remove (self->summaries, g_queue_pop_head (&self->summary_order));
}

static void
forget_summary (CdLibrary *self,
                gint64     rowid)
{
  g_hash_table_remove (self->summaries, GSIZE_TO_POINTER ((gsize)rowid));
}

static const char *
get_page_sql (CdLibrary *self)
{
  if (self->page_sql == NULL)
    {
      GString *sql = g_string_new (
        "SELECT s.rowid, s.id, s.headline, s.byline, s.status, s.updated, s.first_published,"
        " coalesce ((SELECT r.last_error FROM remotes r WHERE r.story_id = s.id"
        "            AND r.last_error IS NOT NULL AND r.last_error <> '' ORDER BY r.account LIMIT 1),"
        "           (SELECT o.last_error FROM outbox o WHERE o.story_id = s.id"
        "            AND o.state IN ('pending', 'failed') AND o.last_error IS NOT NULL"
        "            ORDER BY o.id DESC LIMIT 1)),"
        /* Work that failed and waits for its retry: pending again, tried
         * at least once, with the reason kept. */
        " (SELECT min (o.next_attempt_at) FROM outbox o WHERE o.story_id = s.id"
        "  AND o.state = 'pending' AND o.attempts > 0 AND o.last_error IS NOT NULL)"
        " FROM stories s WHERE s.rowid IN (");

      for (guint i = 0; i < PAGE_SIZE; i++)
        g_string_append_printf (sql, "%s?%u", i > 0 ? ", " : "", i + 1);
      g_string_append (sql, ")");
      self->page_sql = g_string_free (sql, FALSE);
    }

  return self->page_sql;
}

/* Fetches the summaries of the page around @position that are not cached. */
static void
fetch_page (CdLibrary   *self,
            CdStoryList *list,
            guint        position)
{
  g_autoptr(GError) error = NULL;
  g_auto(Statement) stmt = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint start = position - position % PAGE_SIZE;
  guint end = MIN (start + PAGE_SIZE, n);
  int index = 1;

  stmt = prepare (self, get_page_sql (self), &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  for (guint i = start; i < end; i++)
    {
      gint64 rowid = _cd_story_list_get_rowid (list, i);

      if (!g_hash_table_contains (self->summaries, GSIZE_TO_POINTER ((gsize)rowid)))
        sqlite3_bind_int64 (stmt, index++, rowid);
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CdStorySummary *summary =
        _cd_story_summary_new (sqlite3_column_int64 (stmt, 0),
                               column_text (stmt, 1),
                               column_text (stmt, 2),
                               column_text (stmt, 3),
                               parse_status (column_text (stmt, 4)),
                               sqlite3_column_int64 (stmt, 5),
                               sqlite3_column_int64 (stmt, 6),
                               column_text (stmt, 7),
                               sqlite3_column_int64 (stmt, 8));
      cache_summary (self, summary);
    }
}

/* The sidebar index */

static void
emit_counts_changed (CdLibrary *self)
{
  g_signal_emit (self, signals[COUNTS_CHANGED], 0);
}

static void
ensure_index (CdLibrary *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(Statement) stmt = NULL;

  if (self->indexed)
    return;

  self->indexed = TRUE;
  self->all = _cd_story_list_new (self, TRUE);
  for (guint i = 0; i < CD_N_STATUSES; i++)
    self->by_status[i] = _cd_story_list_new (self, TRUE);

  /* A backwards walk of the covering index (updated, status): no table row
   * is read, and only ties need sorting afterwards.
   */
  stmt = prepare (self, "SELECT rowid, updated, status FROM stories ORDER BY updated DESC", &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      gint64 updated = sqlite3_column_int64 (stmt, 1);
      CdStatus status = parse_status (column_text (stmt, 2));

      _cd_story_list_append_silent (self->all, rowid, updated);
      _cd_story_list_append_silent (self->by_status[status], rowid, updated);
      self->counts[status]++;
    }

  _cd_story_list_sort_silent (self->all);
  for (guint i = 0; i < CD_N_STATUSES; i++)
    _cd_story_list_sort_silent (self->by_status[i]);
}

/* After a commit: the models follow what the transaction did. */
static void
apply_change (CdLibrary         *self,
              const StoryChange *change)
{
  gboolean counts_moved = FALSE;

  forget_summary (self, change->rowid);

  for (guint i = 0; i < self->search_lists->len; i++)
    {
      CdStoryList *list = g_ptr_array_index (self->search_lists, i);

      if (change->deleted)
        _cd_story_list_remove (list, change->rowid);
      else
        _cd_story_list_update (list, change->rowid, change->updated);
    }

  if (!self->indexed)
    return;

  if (change->deleted)
    {
      _cd_story_list_remove (self->all, change->rowid);
      _cd_story_list_remove (self->by_status[change->old_status], change->rowid);
      self->counts[change->old_status]--;
      counts_moved = TRUE;
    }
  else if (!change->existed)
    {
      _cd_story_list_insert (self->all, change->rowid, change->updated);
      _cd_story_list_insert (self->by_status[change->new_status], change->rowid, change->updated);
      self->counts[change->new_status]++;
      counts_moved = TRUE;
    }
  else
    {
      _cd_story_list_update (self->all, change->rowid, change->updated);
      if (change->old_status == change->new_status)
        {
          _cd_story_list_update (self->by_status[change->new_status], change->rowid,
                                 change->updated);
        }
      else
        {
          _cd_story_list_remove (self->by_status[change->old_status], change->rowid);
          _cd_story_list_insert (self->by_status[change->new_status], change->rowid,
                                 change->updated);
          self->counts[change->old_status]--;
          self->counts[change->new_status]++;
          counts_moved = TRUE;
        }
    }

  if (counts_moved)
    emit_counts_changed (self);
}

static void
apply_changes (CdLibrary *self,
               GArray    *changes)
{
  for (guint i = 0; i < changes->len; i++)
    apply_change (self, &g_array_index (changes, StoryChange, i));
}

/* Writing */

#define N_FTS_COLUMNS 6

static gboolean
sync_fts (CdLibrary  *self,
          gint64      rowid,
          gboolean    add,
          GError    **error)
{
  /* Removing tokenizes the old text exactly as it was indexed; it must run
   * before the rows change, adding after.
   */
  static const char remove_sql[] =
    "INSERT INTO story_fts (story_fts, rowid, " FTS_COLUMNS ")"
    " SELECT 'delete', rowid, " FTS_COLUMNS " FROM story_fts_source WHERE rowid = ?1";
  static const char add_sql[] =
    "INSERT INTO story_fts (rowid, " FTS_COLUMNS ")"
    " SELECT rowid, " FTS_COLUMNS " FROM story_fts_source WHERE rowid = ?1";
  sqlite3_stmt *stmt = prepare (self, add ? add_sql : remove_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  return step_done (self, stmt, error);
}

/* The indexed text of the story at @rowid, N_FTS_COLUMNS strings. */
static GStrv
read_fts_text (CdLibrary  *self,
               gint64      rowid,
               GError    **error)
{
  g_auto(Statement) stmt = prepare (self, "SELECT " FTS_COLUMNS " FROM story_fts_source WHERE rowid = ?1",
                                    error);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (self, error, _("Could not read the library"));
      return NULL;
    }

  builder = g_strv_builder_new ();
  for (int i = 0; i < N_FTS_COLUMNS; i++)
    g_strv_builder_add (builder, column_text (stmt, i) != NULL ? column_text (stmt, i) : "");
  return g_strv_builder_end (builder);
}

/* Takes @old_text (what the index holds for @rowid, or NULL for nothing)
 * out of the index and the row's text as it is now in, unless it is the
 * same: a status change or a push result leaves the text alone, and
 * tokenizing a long body twice was most of what such a write cost.
 */
static gboolean
update_fts (CdLibrary           *self,
            gint64               rowid,
            const char * const  *old_text,
            GError             **error)
{
  g_auto(GStrv) new_text = NULL;
  sqlite3_stmt *stmt;

  if (old_text != NULL)
    {
      new_text = read_fts_text (self, rowid, error);
      if (new_text == NULL)
        return FALSE;
      if (g_strv_equal (old_text, (const char * const *) new_text))
        return TRUE;

      stmt = prepare (self,
                      "INSERT INTO story_fts (story_fts, rowid, " FTS_COLUMNS ")"
                      " VALUES ('delete', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, rowid);
      for (int i = 0; i < N_FTS_COLUMNS; i++)
        bind_text (stmt, i + 2, old_text[i]);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return sync_fts (self, rowid, TRUE, error);
}

/* Reads rowid, status and updated of the story @id; FALSE if there is none. */
static gboolean
lookup_story_row (CdLibrary   *self,
                  const char  *id,
                  StoryChange *change,
                  GError     **error)
{
  g_auto(Statement) stmt = prepare (self, "SELECT rowid, status, updated FROM stories WHERE id = ?1",
                                    error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      change->rowid = sqlite3_column_int64 (stmt, 0);
      change->old_status = parse_status (column_text (stmt, 1));
      change->updated = sqlite3_column_int64 (stmt, 2);
      change->existed = TRUE;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return set_db_error (self, error, _("Could not read the library"));

  change->existed = FALSE;
  return TRUE;
}

static gboolean
write_photos (CdLibrary  *self,
              CdStory    *story,
              GError    **error)
{
  GListModel *photos = cd_story_get_photos (story);
  sqlite3_stmt *stmt;
  guint n = g_list_model_get_n_items (photos);

  stmt = prepare (self, "DELETE FROM photos WHERE story_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, cd_story_get_id (story));
  if (!step_done (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, i);
      g_autoptr(GPtrArray) accounts = NULL;

      stmt = prepare (self,
                      "INSERT INTO photos (id, story_id, position, file_name, content_hash,"
                      " mime_type, original_name, caption, credit, alt_text, creator, source,"
                      " copyright) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                      error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, cd_photo_get_id (photo));
      bind_text (stmt, 2, cd_story_get_id (story));
      sqlite3_bind_int (stmt, 3, i);
      bind_text (stmt, 4, photo_file_name (self, cd_photo_get_file_path (photo)));
      bind_text (stmt, 5, cd_photo_get_content_hash (photo));
      bind_text (stmt, 6, cd_photo_get_mime_type (photo));
      bind_text (stmt, 7, cd_photo_get_original_name (photo));
      bind_text (stmt, 8, cd_photo_get_caption (photo));
      bind_text (stmt, 9, cd_photo_get_credit (photo));
      bind_text (stmt, 10, cd_photo_get_alt_text (photo));
      bind_text (stmt, 11, cd_photo_get_creator (photo));
      bind_text (stmt, 12, cd_photo_get_source (photo));
      bind_text (stmt, 13, cd_photo_get_copyright (photo));
      if (!step_done (self, stmt, error))
        return FALSE;

      accounts = cd_photo_list_remote_accounts (photo);
      for (guint j = 0; j < accounts->len; j++)
        {
          const char *account = g_ptr_array_index (accounts, j);

          stmt = prepare (self,
                          "INSERT INTO photo_remotes (photo_id, account, media_id, uploaded_hash)"
                          " VALUES (?1, ?2, ?3, ?4)", error);
          if (stmt == NULL)
            return FALSE;
          bind_text (stmt, 1, cd_photo_get_id (photo));
          bind_text (stmt, 2, account);
          bind_text (stmt, 3, cd_photo_get_remote_media_id (photo, account));
          bind_text (stmt, 4, cd_photo_get_remote_media_hash (photo, account));
          if (!step_done (self, stmt, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_remotes (CdLibrary  *self,
               CdStory    *story,
               GError    **error)
{
  GPtrArray *remotes = cd_story_get_remotes (story);
  sqlite3_stmt *stmt;

  stmt = prepare (self, "DELETE FROM remotes WHERE story_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, cd_story_get_id (story));
  if (!step_done (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < remotes->len; i++)
    {
      const CdRemote *remote = g_ptr_array_index (remotes, i);

      stmt = prepare (self,
                      "INSERT INTO remotes (story_id, account, remote_id, link, modified,"
                      " last_error, client_slug) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, cd_story_get_id (story));
      bind_text (stmt, 2, remote->account);
      bind_text (stmt, 3, remote->remote_id);
      bind_text (stmt, 4, remote->link);
      bind_text (stmt, 5, remote->modified);
      bind_text (stmt, 6, remote->last_error);
      bind_text (stmt, 7, remote->client_slug);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Writes the whole story, with @status, inside the open transaction. */
static gboolean
write_story (CdLibrary    *self,
             CdStory      *story,
             CdStatus      status,
             StoryChange  *change,
             GError      **error)
{
  g_autofree char *tags = serialize_tags (story);
  g_autofree char *links = serialize_links (story);
  g_auto(GStrv) old_text = NULL;
  sqlite3_stmt *stmt;

  memset (change, 0, sizeof *change);
  if (!lookup_story_row (self, cd_story_get_id (story), change, error))
    return FALSE;
  if (change->existed && (old_text = read_fts_text (self, change->rowid, error)) == NULL)
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO stories (id, status, updated, created, headline, byline,"
                  " first_published, last_pushed, publish_at, dek, dateline, slug, tags,"
                  " source_text, source_url, related_links, body)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
                  " ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
                  " updated = excluded.updated, created = excluded.created,"
                  " headline = excluded.headline, byline = excluded.byline,"
                  " first_published = excluded.first_published, last_pushed = excluded.last_pushed,"
                  " publish_at = excluded.publish_at, dek = excluded.dek,"
                  " dateline = excluded.dateline, slug = excluded.slug, tags = excluded.tags,"
                  " source_text = excluded.source_text, source_url = excluded.source_url,"
                  " related_links = excluded.related_links, body = excluded.body"
                  " RETURNING rowid",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, cd_story_get_id (story));
  bind_text (stmt, 2, cd_status_to_string (status));
  bind_time (stmt, 3, cd_story_get_updated (story));
  bind_time (stmt, 4, cd_story_get_created (story));
  bind_text (stmt, 5, cd_story_get_headline (story));
  bind_text (stmt, 6, cd_story_get_byline (story));
  bind_time (stmt, 7, cd_story_get_first_published (story));
  bind_time (stmt, 8, cd_story_get_last_pushed (story));
  bind_time (stmt, 9, cd_story_get_publish_at (story));
  bind_text (stmt, 10, cd_story_get_dek (story));
  bind_text (stmt, 11, cd_story_get_dateline (story));
  bind_text (stmt, 12, cd_story_get_slug (story));
  bind_text (stmt, 13, tags);
  bind_text (stmt, 14, cd_story_get_source_text (story));
  bind_text (stmt, 15, cd_story_get_source_url (story));
  bind_text (stmt, 16, links);
  bind_text (stmt, 17, cd_story_get_body (story));

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return set_db_error (self, error, _("Could not save the story"));
    }
  change->rowid = sqlite3_column_int64 (stmt, 0);
  change->updated = _cd_date_time_to_usec (cd_story_get_updated (story));
  change->new_status = status;
  if (!change->existed)
    change->old_status = status;
  sqlite3_reset (stmt);

  return write_photos (self, story, error) &&
         write_remotes (self, story, error) &&
         update_fts (self, change->rowid, (const char * const *) old_text, error);
}

/* Identity map and autosave */

static gboolean autosave_cb (gpointer data);

/* A source that only wakes at its ready time; each change moves it. */
static gboolean
autosave_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     data)
{
  g_source_set_ready_time (source, -1);
  return callback (data);
}

static GSourceFuncs autosave_source_funcs = {
  .dispatch = autosave_dispatch,
};

/* (transfer container): the values (or keys) of @table */
static GPtrArray *
hash_table_to_array (GHashTable *table,
                     gboolean    keys)
{
  GPtrArray *array = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_add (array, keys ? key : value);

  return array;
}

static void
on_story_changed_cb (CdStory   *story,
                     CdLibrary *self)
{
  gint64 now, deadline;

  g_assert (CD_IS_STORY (story));
  g_assert (CD_IS_LIBRARY (self));

  now = g_get_monotonic_time ();
  if (g_hash_table_size (self->pending) == 0)
    self->first_pending_at = now;
  if (!g_hash_table_contains (self->pending, story))
    g_hash_table_add (self->pending, g_object_ref (story));

  deadline = MIN (now + AUTOSAVE_DELAY_MS * 1000,
                  self->first_pending_at + AUTOSAVE_MAX_DELAY_MS * 1000);

  if (self->autosave_source == NULL)
    {
      self->autosave_source = g_source_new (&autosave_source_funcs, sizeof (GSource));
      g_source_set_static_name (self->autosave_source, "[copydesk] autosave");
      g_source_set_callback (self->autosave_source, autosave_cb, self, NULL);
      g_source_attach (self->autosave_source, self->context);
    }
  g_source_set_ready_time (self->autosave_source, MAX (deadline, now));
}

static void
story_finalized_cb (gpointer  data,
                    GObject  *where_the_object_was)
{
  CdLibrary *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->stories);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (value == (gpointer)where_the_object_was)
        {
          g_hash_table_iter_remove (&iter);
          break;
        }
    }
}

static gboolean
check_identity (CdLibrary  *self,
                CdStory    *story,
                GError    **error)
{
  CdStory *known = g_hash_table_lookup (self->stories, cd_story_get_id (story));

  if (known == NULL || known == story)
    return TRUE;

  g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_CONFLICT,
               _("Another copy of this story is open; save that one instead"));
  return FALSE;
}

static void
watch_story (CdLibrary *self,
             CdStory   *story)
{
  if (g_hash_table_contains (self->stories, cd_story_get_id (story)))
    return;

  g_hash_table_insert (self->stories, g_strdup (cd_story_get_id (story)), story);
  g_object_weak_ref (G_OBJECT (story), story_finalized_cb, self);
  g_signal_connect (story, "changed", G_CALLBACK (on_story_changed_cb), self);
}

static void
unwatch_story (CdLibrary *self,
               CdStory   *story)
{
  g_signal_handlers_disconnect_by_func (story, on_story_changed_cb, self);
  g_object_weak_unref (G_OBJECT (story), story_finalized_cb, self);
  g_hash_table_remove (self->stories, cd_story_get_id (story));
}

/* Writes @stories (with their own status) in one transaction. */
static gboolean
save_many (CdLibrary  *self,
           GPtrArray  *stories,
           GError    **error)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (StoryChange));

  for (guint i = 0; i < stories->len; i++)
    if (!check_identity (self, g_ptr_array_index (stories, i), error))
      return FALSE;

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; i < stories->len; i++)
    {
      CdStory *story = g_ptr_array_index (stories, i);
      StoryChange change;

      if (!write_story (self, story, cd_story_get_status (story), &change, error))
        {
          rollback (self);
          return FALSE;
        }
      g_array_append_val (changes, change);
    }

  if (!commit (self, error))
    return FALSE;

  for (guint i = 0; i < stories->len; i++)
    {
      CdStory *story = g_ptr_array_index (stories, i);

      watch_story (self, story);
      g_hash_table_remove (self->pending, story);
    }
  apply_changes (self, changes);

  for (guint i = 0; i < stories->len; i++)
    g_signal_emit (self, signals[STORY_SAVED], 0, g_ptr_array_index (stories, i));

  return TRUE;
}

static gboolean
autosave_cb (gpointer data)
{
  CdLibrary *self = data;
  g_autoptr(GError) error = NULL;

  if (!cd_library_flush (self, &error))
    {
      g_autoptr(GPtrArray) failed = hash_table_to_array (self->pending, TRUE);

      for (guint i = 0; i < failed->len; i++)
        g_signal_emit (self, signals[SAVE_FAILED], 0, g_ptr_array_index (failed, i), error);
    }

  return G_SOURCE_CONTINUE;
}

/* Status and the outbox */

static gint64
insert_outbox (CdLibrary    *self,
               const char   *story_id,
               const char   *account,
               CdOutboxKind  kind,
               gboolean      overwrite,
               GError      **error)
{
  g_auto(Statement) find = NULL;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();

  /* An entry still waiting for the same work is reused, not doubled. */
  find = prepare (self,
                  "SELECT id FROM outbox WHERE story_id = ?1 AND account = ?2 AND kind = ?3"
                  " AND state = 'pending' ORDER BY id LIMIT 1", error);
  if (find == NULL)
    return 0;
  bind_text (find, 1, story_id);
  bind_text (find, 2, account);
  bind_text (find, 3, outbox_kinds[kind]);
  if (sqlite3_step (find) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (find, 0);

      sqlite3_reset (find);
      stmt = prepare (self,
                      "UPDATE outbox SET next_attempt_at = ?2, overwrite = max (overwrite, ?3)"
                      " WHERE id = ?1", error);
      if (stmt == NULL)
        return 0;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, now);
      sqlite3_bind_int (stmt, 3, overwrite ? 1 : 0);
      return step_done (self, stmt, error) ? id : 0;
    }
  sqlite3_reset (find);

  stmt = prepare (self,
                  "INSERT INTO outbox (story_id, account, kind, state, attempts, next_attempt_at,"
                  " created_at, overwrite) VALUES (?1, ?2, ?3, 'pending', 0, ?4, ?4, ?5)", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, story_id);
  bind_text (stmt, 2, account);
  bind_text (stmt, 3, outbox_kinds[kind]);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int (stmt, 5, overwrite ? 1 : 0);
  if (!step_done (self, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

/* Inside the open transaction: moves the story @id to @status, writing the
 * edits of its live object if there is one.
 */
static gboolean
write_status (CdLibrary    *self,
              const char   *id,
              CdStatus      status,
              StoryChange  *change,
              GError      **error)
{
  CdStory *story = g_hash_table_lookup (self->stories, id);
  sqlite3_stmt *stmt;

  memset (change, 0, sizeof *change);
  if (!lookup_story_row (self, id, change, error))
    return FALSE;
  if (!change->existed)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_FOUND,
                   _("The story is not in the library"));
      return FALSE;
    }
  if (!cd_status_check_transition (change->old_status, status, error))
    return FALSE;

  if (story != NULL)
    return write_story (self, story, status, change, error);

  stmt = prepare (self, "UPDATE stories SET status = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, cd_status_to_string (status));
  change->new_status = status;
  return step_done (self, stmt, error);
}

/* After the commit of write_status(). */
static void
apply_status (CdLibrary         *self,
              const char        *id,
              const StoryChange *change)
{
  CdStory *story = g_hash_table_lookup (self->stories, id);

  if (story != NULL)
    {
      _cd_story_set_status_unchecked (story, change->new_status);
      g_hash_table_remove (self->pending, story);
    }
  apply_change (self, change);
}

static gint64
change_status (CdLibrary     *self,
               CdStory       *story,
               CdStatus       status,
               const char    *account,
               int            kind,
               gboolean       overwrite,
               GError       **error)
{
  StoryChange change;
  gint64 entry_id = 1;

  if (!check_identity (self, story, error))
    return 0;
  if (!cd_status_check_transition (cd_story_get_status (story), status, error))
    return 0;

  if (!begin (self, error))
    return 0;

  if (!write_story (self, story, status, &change, error) ||
      (kind >= 0 && (entry_id = insert_outbox (self, cd_story_get_id (story), account, kind,
                                               overwrite, error)) == 0) ||
      !commit (self, error))
    {
      rollback (self);
      return 0;
    }

  watch_story (self, story);
  apply_status (self, cd_story_get_id (story), &change);
  g_signal_emit (self, signals[STORY_SAVED], 0, story);

  return entry_id;
}

static CdOutboxEntry *
read_outbox_entry (sqlite3_stmt *stmt)
{
  CdOutboxEntry *entry = g_new0 (CdOutboxEntry, 1);
  guint value = 0;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->story_id = g_strdup (column_text (stmt, 1));
  entry->account = g_strdup (column_text (stmt, 2));
  if (parse_enum (column_text (stmt, 3), outbox_kinds, G_N_ELEMENTS (outbox_kinds), &value))
    entry->kind = value;
  if (parse_enum (column_text (stmt, 4), outbox_states, G_N_ELEMENTS (outbox_states), &value))
    entry->state = value;
  entry->attempts = sqlite3_column_int (stmt, 5);
  entry->next_attempt_at = sqlite3_column_int64 (stmt, 6);
  entry->last_error = g_strdup (column_text (stmt, 7));
  entry->created_at = sqlite3_column_int64 (stmt, 8);
  entry->overwrite = sqlite3_column_int (stmt, 9) != 0;

  return entry;
}

#define OUTBOX_COLUMNS \
  "id, story_id, account, kind, state, attempts, next_attempt_at, last_error, created_at," \
  " overwrite"

/* The common part of claim, complete and fail: one transaction that
 * updates the entry (with @sql, whose ?1 is the entry id) and, unless
 * @story_status is CD_LIBRARY_STATUS_UNCHANGED, the story's status.
 */
static gboolean
update_outbox (CdLibrary   *self,
               gint64       entry_id,
               const char  *for_story,
               gboolean     must_be_pending,
               const char  *sql,
               const char  *text,
               gint64       when,
               CdStatus     story_status,
               GError     **error)
{
  g_auto(Statement) find = NULL;
  g_autofree char *story_id = NULL;
  g_autofree char *state = NULL;
  sqlite3_stmt *stmt;
  StoryChange change;
  gboolean status_changes = story_status != CD_LIBRARY_STATUS_UNCHANGED;

  g_assert (story_status <= CD_LIBRARY_STATUS_UNCHANGED);

  if (!begin (self, error))
    return FALSE;

  find = prepare (self, "SELECT story_id, state FROM outbox WHERE id = ?1", error);
  if (find == NULL)
    goto failed;
  sqlite3_bind_int64 (find, 1, entry_id);
  if (sqlite3_step (find) != SQLITE_ROW)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_FOUND,
                   _("The outbox has no such entry"));
      goto failed;
    }
  story_id = g_strdup (column_text (find, 0));
  state = g_strdup (column_text (find, 1));
  sqlite3_reset (find);

  if (for_story != NULL && !g_str_equal (for_story, story_id))
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_CONFLICT,
                   _("The outbox entry is for another story"));
      goto failed;
    }

  if (must_be_pending ? !g_str_equal (state, "pending") : !g_str_equal (state, "running"))
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_CONFLICT,
                   must_be_pending ? _("The outbox entry is not waiting to be sent")
                                   : _("The outbox entry was not claimed"));
      goto failed;
    }

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    {
      bind_text (stmt, 2, text);
      sqlite3_bind_int64 (stmt, 3, when);
    }
  if (!step_done (self, stmt, error))
    goto failed;

  if (status_changes && !write_status (self, story_id, story_status, &change, error))
    goto failed;

  if (!commit (self, error))
    return FALSE;

  if (status_changes)
    apply_status (self, story_id, &change);
  else
    {
      /* The error text shown in the sidebar may have moved. */
      StoryChange refresh = { 0 };

      if (lookup_story_row (self, story_id, &refresh, NULL) && refresh.existed)
        {
          refresh.new_status = refresh.old_status;
          apply_change (self, &refresh);
        }
    }
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

/* Photos */

typedef struct
{
  const char *mime_type;
  const char *extension;
  gsize       offset;
  const char *magic;
  gsize       length;
} ImageMagic;

/* Only formats a newsroom CMS takes; sniffed from the bytes, never the name. */
static const ImageMagic image_magic[] = {
  { "image/jpeg", "jpg",  0, "\xff\xd8\xff", 3 },
  { "image/png",  "png",  0, "\x89PNG\r\n\x1a\n", 8 },
  { "image/gif",  "gif",  0, "GIF87a", 6 },
  { "image/gif",  "gif",  0, "GIF89a", 6 },
  { "image/webp", "webp", 8, "WEBP", 4 },
  { "image/avif", "avif", 4, "ftypavif", 8 },
};

static const ImageMagic *
sniff_image (const guint8 *data,
             gsize         length)
{
  for (guint i = 0; i < G_N_ELEMENTS (image_magic); i++)
    {
      const ImageMagic *m = &image_magic[i];

      if (length >= m->offset + m->length && memcmp (data + m->offset, m->magic, m->length) == 0)
        {
          /* WebP also needs its RIFF container. */
          if (m->offset == 8 && memcmp (data, "RIFF", 4) != 0)
            continue;
          return m;
        }
    }

  return NULL;
}

static void
cd_library_dispose (GObject *object)
{
  CdLibrary *self = (CdLibrary *)object;

  if (self->db != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!cd_library_flush (self, &error))
        g_warning ("Edits could not be saved when closing the library: %s", error->message);
    }

  if (self->autosave_source != NULL)
    {
      g_source_destroy (self->autosave_source);
      g_clear_pointer (&self->autosave_source, g_source_unref);
    }

  if (self->stories != NULL)
    {
      g_autoptr(GPtrArray) stories = hash_table_to_array (self->stories, FALSE);

      for (guint i = 0; i < stories->len; i++)
        unwatch_story (self, g_ptr_array_index (stories, i));
    }
  if (self->pending != NULL)
    g_hash_table_remove_all (self->pending);

  for (guint i = 0; self->search_lists != NULL && i < self->search_lists->len; i++)
    _cd_story_list_detach (g_ptr_array_index (self->search_lists, i));
  if (self->search_lists != NULL)
    g_ptr_array_set_size (self->search_lists, 0);

  if (self->all != NULL)
    _cd_story_list_detach (self->all);
  g_clear_object (&self->all);
  for (guint i = 0; i < CD_N_STATUSES; i++)
    {
      if (self->by_status[i] != NULL)
        _cd_story_list_detach (self->by_status[i]);
      g_clear_object (&self->by_status[i]);
    }

  if (self->summaries != NULL)
    g_hash_table_remove_all (self->summaries);
  g_queue_clear (&self->summary_order);

  G_OBJECT_CLASS (cd_library_parent_class)->dispose (object);
}

static void
cd_library_finalize (GObject *object)
{
  CdLibrary *self = (CdLibrary *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->path);
  g_free (self->photos_dir);
  g_free (self->default_account);
  g_free (self->page_sql);
  g_clear_pointer (&self->stories, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->search_lists, g_ptr_array_unref);
  g_clear_pointer (&self->summaries, g_hash_table_unref);
  g_clear_pointer (&self->sync_waiters, g_ptr_array_unref);
  g_free (self->wal_path);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (cd_library_parent_class)->finalize (object);
}

static void
cd_library_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CdLibrary *self = CD_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_DEFAULT_ACCOUNT:
      g_value_set_string (value, cd_library_get_default_account (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_library_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CdLibrary *self = CD_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_DEFAULT_ACCOUNT:
      cd_library_set_default_account (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_library_class_init (CdLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_library_dispose;
  object_class->finalize = cd_library_finalize;
  object_class->get_property = cd_library_get_property;
  object_class->set_property = cd_library_set_property;

  /**
   * CdLibrary:default-account:
   *
   * The account cd_library_mark_ready() queues a push for.
   */
  properties[PROP_DEFAULT_ACCOUNT] =
    g_param_spec_string ("default-account", NULL, NULL, "local",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdLibrary::counts-changed:
   * @self: a #CdLibrary
   *
   * Emitted after the number of stories in some status changed.
   */
  signals[COUNTS_CHANGED] =
    g_signal_new ("counts-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * CdLibrary::save-failed:
   * @self: a #CdLibrary
   * @story: the story that was not written
   * @error: why
   *
   * Emitted when an autosave fails. The edits stay pending.
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CD_TYPE_STORY, G_TYPE_ERROR);

  /**
   * CdLibrary::story-saved:
   * @self: a #CdLibrary
   * @story: the story that was written
   *
   * Emitted after a transaction that wrote @story's edits (an autosave, a
   * flush, a save or a status change) committed: from now on they survive
   * a crash.
   */
  signals[STORY_SAVED] =
    g_signal_new ("story-saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CD_TYPE_STORY);
}

static void
cd_library_init (CdLibrary *self)
{
  self->default_account = g_strdup ("local");
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->stories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->search_lists = g_ptr_array_new ();
  self->summaries = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_queue_init (&self->summary_order);
  self->sync_waiters = g_ptr_array_new ();
  self->context = g_main_context_ref_thread_default ();
}

/* Checks the file is ours and not too new, then brings it up to date. */
static gboolean
open_database (CdLibrary  *self,
               GError    **error)
{
  g_autofree char *display = g_filename_display_name (self->path);
  sqlite3_stmt *stmt = NULL;
  int version = -1, application_id = 0, n_tables = 0;

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_FAILED,
                   /* Translators: the first placeholder is a file name */
                   _("Could not open the library “%1$s”: %2$s"),
                   display, self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* Read-only questions first: a file we refuse is never written. */
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT (SELECT user_version FROM pragma_user_version),"
                          " (SELECT application_id FROM pragma_application_id),"
                          " (SELECT count(*) FROM sqlite_master)",
                          -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_A_LIBRARY,
                   /* Translators: the first placeholder is a file name */
                   _("“%1$s” is not a Copydesk library: %2$s"), display, sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  application_id = sqlite3_column_int (stmt, 1);
  n_tables = sqlite3_column_int (stmt, 2);
  sqlite3_finalize (stmt);

  if (version > CD_LIBRARY_SCHEMA_VERSION)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_TOO_NEW,
                   /* Translators: the first placeholder is a file name, the
                    * others are schema version numbers */
                   _("The library “%1$s” was written by a newer version of Copydesk "
                     "(format %2$d; this version reads up to %3$d). It was left untouched."),
                   display, version, CD_LIBRARY_SCHEMA_VERSION);
      return FALSE;
    }
  if ((version == 0 && n_tables > 0) || (version > 0 && application_id != APPLICATION_ID))
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_A_LIBRARY,
                   /* Translators: the placeholder is a file name */
                   _("“%s” is a database, but not a Copydesk library. It was left untouched."),
                   display);
      return FALSE;
    }

  /* FULL: a commit is on disk (WAL fsynced) before a save returns, so an
   * acknowledged edit survives a power cut too. secure_delete FAST zeroes
   * deleted text inside pages it writes anyway; Debian's default (ON) also
   * rewrites freed pages and doubled the cost of a save.
   */
  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !exec (self, "PRAGMA secure_delete = FAST", error))
    return FALSE;
  self->wal_path = g_strdup (sqlite3_filename_wal (sqlite3_db_filename (self->db, "main")));

  while (version < CD_LIBRARY_SCHEMA_VERSION)
    {
      g_autofree char *set_version = NULL;

      if (!begin (self, error))
        return FALSE;

      /* Another process may have migrated while we waited for the lock. */
      if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (version >= CD_LIBRARY_SCHEMA_VERSION)
        {
          rollback (self);
          break;
        }

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!exec (self, migrations[version], error) ||
          !exec (self, set_version, error) ||
          !commit (self, error))
        {
          rollback (self);
          g_prefix_error (error,
                          /* Translators: the placeholder is a schema version number */
                          _("Could not update the library to format %d: "), version + 1);
          return FALSE;
        }
      version++;
    }

  /* A publisher that held an entry died with the last process. */
  return exec (self, "UPDATE outbox SET state = 'pending' WHERE state = 'running'", error);
}

/**
 * cd_outbox_entry_copy:
 * @entry: a #CdOutboxEntry
 *
 * Returns: (transfer full): a deep copy of @entry
 */
CdOutboxEntry *
cd_outbox_entry_copy (const CdOutboxEntry *entry)
{
  CdOutboxEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_memdup2 (entry, sizeof *entry);
  copy->story_id = g_strdup (entry->story_id);
  copy->account = g_strdup (entry->account);
  copy->last_error = g_strdup (entry->last_error);

  return copy;
}

/**
 * cd_outbox_entry_free:
 * @entry: (nullable): a #CdOutboxEntry
 *
 * Frees @entry and its strings.
 */
void
cd_outbox_entry_free (CdOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->story_id);
  g_free (entry->account);
  g_free (entry->last_error);
  g_free (entry);
}

/**
 * cd_outbox_kind_to_string:
 * @kind: a #CdOutboxKind
 *
 * Returns: (transfer none): the name stored on disk: "push", "archive" or "unarchive"
 */
const char *
cd_outbox_kind_to_string (CdOutboxKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (outbox_kinds), NULL);

  return outbox_kinds[kind];
}

/**
 * cd_library_get_default_path:
 *
 * Returns: (transfer full) (type filename): `$XDG_DATA_HOME/copydesk/library.db`
 */
char *
cd_library_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "copydesk", "library.db", NULL);
}

/**
 * cd_library_open:
 * @path: (nullable) (type filename): the library file; %NULL for the default
 * @error: return location for a #GError
 *
 * Opens the library, creating it (and its folder) if needed and migrating an
 * older one. A library from a newer Copydesk is refused and left untouched.
 *
 * Returns: (transfer full): the library, or %NULL with @error set
 */
CdLibrary *
cd_library_open (const char  *path,
                 GError     **error)
{
  g_autoptr(CdLibrary) self = NULL;
  g_autofree char *dir = NULL;

  self = g_object_new (CD_TYPE_LIBRARY, NULL);
  self->path = path != NULL ? g_strdup (path) : cd_library_get_default_path ();
  dir = g_path_get_dirname (self->path);
  self->photos_dir = g_build_filename (dir, "photos", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_FAILED,
                   /* Translators: the first placeholder is a folder name */
                   _("Could not create the folder “%1$s”: %2$s"), display, g_strerror (saved_errno));
      return NULL;
    }

  if (!open_database (self, error))
    {
      g_clear_pointer (&self->statements, g_hash_table_unref);
      sqlite3_close (self->db);
      self->db = NULL;
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * cd_library_get_path:
 * @self: a #CdLibrary
 *
 * Returns: (transfer none) (type filename): the library's SQLite file
 */
const char *
cd_library_get_path (CdLibrary *self)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);

  return self->path;
}

/**
 * cd_library_get_photos_dir:
 * @self: a #CdLibrary
 *
 * Returns: (transfer none) (type filename): where imported images are kept
 */
const char *
cd_library_get_photos_dir (CdLibrary *self)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);

  return self->photos_dir;
}

/**
 * cd_library_get_default_account:
 * @self: a #CdLibrary
 *
 * Returns: (transfer none): the account cd_library_mark_ready() pushes to
 */
const char *
cd_library_get_default_account (CdLibrary *self)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);

  return self->default_account;
}

/**
 * cd_library_set_default_account:
 * @self: a #CdLibrary
 * @account: an account name
 *
 * Sets the account cd_library_mark_ready() pushes to.
 */
void
cd_library_set_default_account (CdLibrary  *self,
                                const char *account)
{
  g_return_if_fail (CD_IS_LIBRARY (self));
  g_return_if_fail (account != NULL && account[0] != '\0');

  if (g_strcmp0 (self->default_account, account) == 0)
    return;

  g_free (self->default_account);
  self->default_account = g_strdup (account);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_ACCOUNT]);
}

/**
 * cd_library_get_stories:
 * @self: a #CdLibrary
 *
 * Every story, newest updated first. Summaries are fetched on demand; the
 * model emits items-changed when a story is created, saved, deleted or
 * changes status.
 *
 * Returns: (transfer none): a #GListModel of #CdStorySummary
 */
GListModel *
cd_library_get_stories (CdLibrary *self)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);

  ensure_index (self);
  return G_LIST_MODEL (self->all);
}

/**
 * cd_library_get_stories_by_status:
 * @self: a #CdLibrary
 * @status: a #CdStatus
 *
 * Like cd_library_get_stories(), with only the stories in @status.
 *
 * Returns: (transfer none): a #GListModel of #CdStorySummary
 */
GListModel *
cd_library_get_stories_by_status (CdLibrary *self,
                                  CdStatus   status)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (status <= CD_STATUS_LAST, NULL);

  ensure_index (self);
  return G_LIST_MODEL (self->by_status[status]);
}

/**
 * cd_library_get_count:
 * @self: a #CdLibrary
 * @status: a #CdStatus
 *
 * For the sidebar's badges; ::counts-changed says when to ask again.
 *
 * Returns: how many stories are in @status
 */
guint
cd_library_get_count (CdLibrary *self,
                      CdStatus   status)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), 0);
  g_return_val_if_fail (status <= CD_STATUS_LAST, 0);

  ensure_index (self);
  return self->counts[status];
}

/**
 * cd_library_get_total:
 * @self: a #CdLibrary
 *
 * Returns: how many stories the library holds
 */
guint
cd_library_get_total (CdLibrary *self)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), 0);

  ensure_index (self);
  return g_list_model_get_n_items (G_LIST_MODEL (self->all));
}

/* Turns what a person typed into an FTS5 query that cannot be a syntax
 * error: every word is a quoted string (all must match), the last one also
 * matches as a prefix. NULL when nothing searchable is left.
 */
static char *
build_match_expression (const char *query)
{
  g_auto(GStrv) words = g_strsplit_set (query, " \t\n\r\f\v", -1);
  g_autoptr(GString) match = g_string_new (NULL);
  const char *last = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean searchable = FALSE;

      for (const char *p = words[i]; *p != '\0' && !searchable; p = g_utf8_next_char (p))
        searchable = g_unichar_isalnum (g_utf8_get_char (p));
      if (searchable)
        last = words[i];
    }

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean searchable = FALSE;
      g_autofree char *escaped = NULL;
      g_auto(GStrv) parts = NULL;

      for (const char *p = words[i]; *p != '\0' && !searchable; p = g_utf8_next_char (p))
        searchable = g_unichar_isalnum (g_utf8_get_char (p));
      if (!searchable)
        continue;

      parts = g_strsplit (words[i], "\"", -1);
      escaped = g_strjoinv ("\"\"", parts);
      if (match->len > 0)
        g_string_append_c (match, ' ');
      g_string_append_printf (match, "\"%s\"%s", escaped, words[i] == last ? "*" : "");
    }

  return match->len > 0 ? g_strdup (match->str) : NULL;
}

/**
 * cd_library_search:
 * @self: a #CdLibrary
 * @query: what a person typed; any text is safe
 * @limit: the most results to return; 0 for 500
 * @error: return location for a #GError
 *
 * Full-text search over headline, dek, byline, body, captions and credits,
 * best match first (bm25; the headline weighs most). Every word must match;
 * the last one may be the start of a word.
 *
 * Returns: (transfer full): a #GListModel of #CdStorySummary, or %NULL on error
 */
GListModel *
cd_library_search (CdLibrary   *self,
                   const char  *query,
                   guint        limit,
                   GError     **error)
{
  g_autofree char *match = NULL;
  g_autoptr(CdStoryList) list = NULL;
  g_auto(Statement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  list = _cd_story_list_new (self, FALSE);
  match = g_utf8_validate (query, -1, NULL) ? build_match_expression (query) : NULL;
  if (match == NULL)
    {
      g_ptr_array_add (self->search_lists, list);
      return G_LIST_MODEL (g_steal_pointer (&list));
    }

  stmt = prepare (self,
                  "SELECT rowid FROM story_fts WHERE story_fts MATCH ?1"
                  " ORDER BY bm25 (story_fts, 10.0, 4.0, 3.0, 1.0, 2.0, 2.0) LIMIT ?2",
                  error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, match);
  sqlite3_bind_int (stmt, 2, limit > 0 ? limit : 500);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _cd_story_list_append_silent (list, sqlite3_column_int64 (stmt, 0), 0);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("Could not search the library"));
      return NULL;
    }

  g_ptr_array_add (self->search_lists, list);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

/**
 * cd_library_create_story:
 * @self: a #CdLibrary
 * @error: return location for a #GError
 *
 * Creates an empty draft, writes it and watches it for autosave.
 *
 * Returns: (transfer full): the new story, or %NULL with @error set
 */
CdStory *
cd_library_create_story (CdLibrary  *self,
                         GError    **error)
{
  g_autoptr(CdStory) story = NULL;

  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);

  story = cd_story_new ();
  if (!cd_library_save_story (self, story, error))
    return NULL;

  return g_steal_pointer (&story);
}

/**
 * cd_library_load_story:
 * @self: a #CdLibrary
 * @id: the story's UUID
 * @error: return location for a #GError
 *
 * Loads the whole story with its photos and remote state. While the
 * returned object lives, loading @id again returns the same object.
 *
 * Returns: (transfer full): the story, or %NULL with @error set
 *   (%CD_LIBRARY_ERROR_NOT_FOUND when there is no such story)
 */
CdStory *
cd_library_load_story (CdLibrary   *self,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) updated = NULL;
  g_autoptr(GDateTime) first_published = NULL;
  g_autoptr(GDateTime) last_pushed = NULL;
  g_autoptr(GDateTime) publish_at = NULL;
  g_auto(Statement) stmt = NULL;
  CdStory *known;
  int rc;

  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  known = g_hash_table_lookup (self->stories, id);
  if (known != NULL)
    return g_object_ref (known);

  stmt = prepare (self,
                  "SELECT status, updated, created, headline, byline, first_published,"
                  " last_pushed, publish_at, dek, dateline, slug, tags, source_text, source_url,"
                  " related_links, body FROM stories WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_FOUND,
                   /* Translators: the placeholder is a story's id */
                   _("There is no story “%s” in the library"), id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, error, _("Could not read the story"));
      return NULL;
    }

  story = cd_story_new_with_id (id);
  _cd_story_begin_load (story);

  _cd_story_set_status_unchecked (story, parse_status (column_text (stmt, 0)));
  updated = column_time (stmt, 1);
  created = column_time (stmt, 2);
  cd_story_set_headline (story, column_text (stmt, 3));
  cd_story_set_byline (story, column_text (stmt, 4));
  first_published = column_time (stmt, 5);
  last_pushed = column_time (stmt, 6);
  publish_at = column_time (stmt, 7);
  cd_story_set_first_published (story, first_published);
  cd_story_set_last_pushed (story, last_pushed);
  cd_story_set_publish_at (story, publish_at);
  cd_story_set_dek (story, column_text (stmt, 8));
  cd_story_set_dateline (story, column_text (stmt, 9));
  cd_story_set_slug (story, column_text (stmt, 10));
  load_tags (story, column_text (stmt, 11));
  cd_story_set_source_text (story, column_text (stmt, 12));
  cd_story_set_source_url (story, column_text (stmt, 13));
  load_links (story, column_text (stmt, 14));
  cd_story_set_body (story, column_text (stmt, 15));
  sqlite3_reset (stmt);

  stmt = prepare (self,
                  "SELECT id, file_name, content_hash, mime_type, original_name, caption, credit,"
                  " alt_text, creator, source, copyright FROM photos WHERE story_id = ?1"
                  " ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(CdPhoto) photo = cd_photo_new_with_id (column_text (stmt, 0));
      g_autofree char *file_path = photo_file_path (self, column_text (stmt, 1));
      g_auto(Statement) media = NULL;

      cd_photo_set_file_path (photo, file_path);
      cd_photo_set_content_hash (photo, column_text (stmt, 2));
      cd_photo_set_mime_type (photo, column_text (stmt, 3));
      cd_photo_set_original_name (photo, column_text (stmt, 4));
      cd_photo_set_caption (photo, column_text (stmt, 5));
      cd_photo_set_credit (photo, column_text (stmt, 6));
      cd_photo_set_alt_text (photo, column_text (stmt, 7));
      cd_photo_set_creator (photo, column_text (stmt, 8));
      cd_photo_set_source (photo, column_text (stmt, 9));
      cd_photo_set_copyright (photo, column_text (stmt, 10));

      media = prepare (self,
                       "SELECT account, media_id, uploaded_hash FROM photo_remotes"
                       " WHERE photo_id = ?1", error);
      if (media == NULL)
        return NULL;
      bind_text (media, 1, cd_photo_get_id (photo));
      while (sqlite3_step (media) == SQLITE_ROW)
        cd_photo_set_remote_media (photo, column_text (media, 0), column_text (media, 1),
                                   column_text (media, 2));

      cd_story_append_photo (story, photo);
    }
  sqlite3_reset (stmt);

  stmt = prepare (self,
                  "SELECT account, remote_id, link, modified, last_error, client_slug"
                  " FROM remotes WHERE story_id = ?1 ORDER BY account", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(CdRemote) remote = cd_remote_new (column_text (stmt, 0));

      remote->remote_id = g_strdup (column_text (stmt, 1));
      remote->link = g_strdup (column_text (stmt, 2));
      remote->modified = g_strdup (column_text (stmt, 3));
      remote->last_error = g_strdup (column_text (stmt, 4));
      remote->client_slug = g_strdup (column_text (stmt, 5));
      cd_story_set_remote (story, remote);
    }

  /* Last, so that nothing above moved them. */
  if (created != NULL)
    _cd_story_set_created (story, created);
  if (updated != NULL)
    _cd_story_set_updated (story, updated);
  _cd_story_end_load (story);

  watch_story (self, story);
  return g_steal_pointer (&story);
}

/**
 * cd_library_save_story:
 * @self: a #CdLibrary
 * @story: a story, loaded from this library or new to it
 * @error: return location for a #GError
 *
 * Writes the story, its photos and remote state in one transaction, and
 * from then on watches it for autosave. When this returns %TRUE the edit
 * is on disk.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_save_story (CdLibrary  *self,
                       CdStory    *story,
                       GError    **error)
{
  g_autoptr(GPtrArray) stories = g_ptr_array_new ();

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (CD_IS_STORY (story), FALSE);

  g_ptr_array_add (stories, story);
  return save_many (self, stories, error);
}

/**
 * cd_library_save_stories:
 * @self: a #CdLibrary
 * @stories: (element-type CdStory): the stories
 * @error: return location for a #GError
 *
 * Like cd_library_save_story() for many stories (an import), in a single
 * transaction: all are written or none.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_save_stories (CdLibrary  *self,
                         GPtrArray  *stories,
                         GError    **error)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (stories != NULL, FALSE);

  return save_many (self, stories, error);
}

/**
 * cd_library_delete_story:
 * @self: a #CdLibrary
 * @id: the story's UUID
 * @error: return location for a #GError
 *
 * Deletes the story with its photos' records, remote state and outbox
 * entries. A live #CdStory object for it is no longer saved.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_delete_story (CdLibrary   *self,
                         const char  *id,
                         GError     **error)
{
  StoryChange change = { 0 };
  sqlite3_stmt *stmt;
  CdStory *story;

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!lookup_story_row (self, id, &change, error))
    goto failed;
  if (!change.existed)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_FOUND,
                   /* Translators: the placeholder is a story's id */
                   _("There is no story “%s” in the library"), id);
      goto failed;
    }

  if (!sync_fts (self, change.rowid, FALSE, error))
    goto failed;
  stmt = prepare (self, "DELETE FROM stories WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, id);
  if (!step_done (self, stmt, error) || !commit (self, error))
    goto failed;

  story = g_hash_table_lookup (self->stories, id);
  if (story != NULL)
    {
      g_hash_table_remove (self->pending, story);
      unwatch_story (self, story);
    }

  change.deleted = TRUE;
  apply_change (self, &change);
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

/**
 * cd_library_flush:
 * @self: a #CdLibrary
 * @error: return location for a #GError
 *
 * Writes every story with unsaved edits now, in one transaction; for
 * closing a window and quitting.
 *
 * Returns: %TRUE if nothing is left unsaved
 */
gboolean
cd_library_flush (CdLibrary  *self,
                  GError    **error)
{
  g_autoptr(GPtrArray) stories = NULL;

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);

  if (self->autosave_source != NULL)
    g_source_set_ready_time (self->autosave_source, -1);

  if (g_hash_table_size (self->pending) == 0)
    return TRUE;

  stories = hash_table_to_array (self->pending, TRUE);
  /* The pending set holds the references; keep them while writing. */
  g_ptr_array_set_free_func (stories, g_object_unref);
  for (guint i = 0; i < stories->len; i++)
    g_object_ref (g_ptr_array_index (stories, i));

  return save_many (self, stories, error);
}

/**
 * cd_library_has_pending_changes:
 * @self: a #CdLibrary
 *
 * Returns: %TRUE if some story has edits that autosave has not written yet
 */
gboolean
cd_library_has_pending_changes (CdLibrary *self)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);

  return g_hash_table_size (self->pending) > 0;
}

/**
 * cd_library_import_photo_file:
 * @self: a #CdLibrary
 * @story: the story that gets the photo
 * @file: an image file
 * @error: return location for a #GError
 *
 * Copies the image into the library's photos folder, named by its SHA-256,
 * and appends a photo for it to @story (which autosave then writes). Files
 * that are not JPEG, PNG, GIF, WebP or AVIF (judged by their bytes), that
 * cannot be read or that are over %CD_LIBRARY_MAX_PHOTO_SIZE are refused
 * and nothing changes.
 *
 * Returns: (transfer none): the new photo, owned by @story; %NULL on error
 */
CdPhoto *
cd_library_import_photo_file (CdLibrary  *self,
                              CdStory    *story,
                              GFile      *file,
                              GError    **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(CdPhoto) photo = NULL;
  const ImageMagic *magic;
  gsize length = 0;

  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (CD_IS_STORY (story), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  display = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_FAILED,
                   /* Translators: the first placeholder is a file name */
                   _("Could not read “%1$s”: %2$s"), display, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_AN_IMAGE,
                   /* Translators: the placeholder is a file name */
                   _("“%s” is not a file"), display);
      return NULL;
    }
  if (g_file_info_get_size (info) > CD_LIBRARY_MAX_PHOTO_SIZE)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (CD_LIBRARY_MAX_PHOTO_SIZE);

      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_TOO_LARGE,
                   /* Translators: the placeholders are a file name and two sizes, "60.0 MB" */
                   _("“%1$s” is %2$s; a photo can be at most %3$s"), display, size, limit);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_FAILED,
                   /* Translators: the first placeholder is a file name */
                   _("Could not read “%1$s”: %2$s"), display, local_error->message);
      return NULL;
    }
  if (length > CD_LIBRARY_MAX_PHOTO_SIZE)
    {
      g_autofree char *limit = g_format_size (CD_LIBRARY_MAX_PHOTO_SIZE);

      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_TOO_LARGE,
                   /* Translators: the placeholders are a file name and a size, "50.0 MB" */
                   _("“%1$s” is larger than %2$s"), display, limit);
      return NULL;
    }

  magic = sniff_image ((const guint8 *)contents, length);
  if (magic == NULL)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_AN_IMAGE,
                   /* Translators: the placeholder is a file name */
                   _("“%s” is not a JPEG, PNG, GIF, WebP or AVIF image"), display);
      return NULL;
    }

  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
  name = g_strdup_printf ("%s.%s", hash, magic->extension);
  dest = g_build_filename (self->photos_dir, name, NULL);

  /* Content-addressed: the same bytes are already there. */
  if (!g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      if (g_mkdir_with_parents (self->photos_dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_FAILED,
                       /* Translators: the first placeholder is a folder name */
                       _("Could not create the folder “%1$s”: %2$s"),
                       self->photos_dir, g_strerror (saved_errno));
          return NULL;
        }
      if (!g_file_set_contents_full (dest, contents, length,
                                     G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     0600, &local_error))
        {
          g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_FAILED,
                       /* Translators: the first placeholder is a file name */
                       _("Could not copy “%1$s” into the library: %2$s"),
                       display, local_error->message);
          return NULL;
        }
    }

  basename = g_file_get_basename (file);
  photo = cd_photo_new ();
  cd_photo_set_file_path (photo, dest);
  cd_photo_set_content_hash (photo, hash);
  cd_photo_set_mime_type (photo, magic->mime_type);
  cd_photo_set_original_name (photo, basename);
  cd_story_append_photo (story, photo);

  return photo;
}

/**
 * cd_library_adopt_story:
 * @self: a #CdLibrary
 * @story: a story made outside the library, e.g. by an import
 * @error: return location for a #GError
 *
 * Copies each photo whose image lies outside the library into it (keeping
 * its caption, credit and the rest), then saves @story. If a photo cannot
 * be copied, nothing is saved and @story keeps its photos as they were.
 * Photos without a local image are kept with their text.
 *
 * Returns: %TRUE if the story is now in the library
 */
gboolean
cd_library_adopt_story (CdLibrary  *self,
                        CdStory    *story,
                        GError    **error)
{
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) adopted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CdStory) scratch = NULL;
  GListModel *photos;
  guint n;

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (CD_IS_STORY (story), FALSE);

  photos = cd_story_get_photos (story);
  n = g_list_model_get_n_items (photos);

  /* Copy into a scratch story first, so a failure changes nothing. */
  scratch = cd_story_new ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, i);
      const char *path = cd_photo_get_file_path (photo);
      g_autoptr(GFile) file = NULL;
      CdPhoto *copy;

      g_ptr_array_add (originals, g_object_ref (photo));

      if (path == NULL || *path == '\0' || photo_file_name (self, path) != path)
        {
          g_ptr_array_add (adopted, g_object_ref (photo));
          continue;
        }

      file = g_file_new_for_path (path);
      copy = cd_library_import_photo_file (self, scratch, file, error);
      if (copy == NULL)
        return FALSE;

      cd_photo_set_caption (copy, cd_photo_get_caption (photo));
      cd_photo_set_credit (copy, cd_photo_get_credit (photo));
      cd_photo_set_alt_text (copy, cd_photo_get_alt_text (photo));
      cd_photo_set_creator (copy, cd_photo_get_creator (photo));
      cd_photo_set_source (copy, cd_photo_get_source (photo));
      cd_photo_set_copyright (copy, cd_photo_get_copyright (photo));
      if (*cd_photo_get_original_name (photo) != '\0')
        cd_photo_set_original_name (copy, cd_photo_get_original_name (photo));
      g_ptr_array_add (adopted, g_object_ref (copy));
    }

  for (guint i = n; i > 0; i--)
    cd_story_remove_photo (story, i - 1);
  for (guint i = 0; i < adopted->len; i++)
    cd_story_append_photo (story, g_ptr_array_index (adopted, i));

  if (cd_library_save_story (self, story, error))
    return TRUE;

  /* Put the story back as the caller gave it. */
  for (guint i = adopted->len; i > 0; i--)
    cd_story_remove_photo (story, i - 1);
  for (guint i = 0; i < originals->len; i++)
    cd_story_append_photo (story, g_ptr_array_index (originals, i));

  return FALSE;
}

/**
 * cd_library_mark_ready:
 * @self: a #CdLibrary
 * @story: the story
 * @error: return location for a #GError
 *
 * Runs the readiness checklist, then in one transaction writes the story
 * as Ready and queues a push to the default account.
 *
 * Returns: %TRUE on success; %CD_LIBRARY_ERROR_NOT_READY lists what is
 *   missing, one item a line; %CD_STATUS_ERROR for an illegal move
 */
gboolean
cd_library_mark_ready (CdLibrary  *self,
                       CdStory    *story,
                       GError    **error)
{
  g_autoptr(GPtrArray) missing = NULL;

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (CD_IS_STORY (story), FALSE);

  missing = cd_story_check_ready (story);
  if (missing->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (missing, NULL);
      list = g_strjoinv ("\n", (char **)missing->pdata);
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_READY,
                   /* Translators: the placeholder is a list, one missing item a line */
                   _("The story is not ready yet:\n%s"), list);
      return FALSE;
    }

  return change_status (self, story, CD_STATUS_READY, self->default_account,
                        CD_OUTBOX_KIND_PUSH, FALSE, error) != 0;
}

/**
 * cd_library_set_status:
 * @self: a #CdLibrary
 * @story: the story
 * @status: the wanted status
 * @error: return location for a #GError
 *
 * Writes the story with @status in one transaction, if cd-status allows
 * the move; no outbox entry.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_set_status (CdLibrary  *self,
                       CdStory    *story,
                       CdStatus    status,
                       GError    **error)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (CD_IS_STORY (story), FALSE);
  g_return_val_if_fail (status <= CD_STATUS_LAST, FALSE);

  return change_status (self, story, status, NULL, -1, FALSE, error) != 0;
}

/**
 * cd_library_set_status_and_enqueue:
 * @self: a #CdLibrary
 * @story: the story
 * @status: the wanted status
 * @account: the account the entry is for
 * @kind: the work to queue
 * @error: return location for a #GError
 *
 * Like cd_library_set_status(), and queues @kind for @account in the same
 * transaction (reusing a pending entry for the same work).
 *
 * Returns: the outbox entry's id, or 0 with @error set
 */
gint64
cd_library_set_status_and_enqueue (CdLibrary     *self,
                                   CdStory       *story,
                                   CdStatus       status,
                                   const char    *account,
                                   CdOutboxKind   kind,
                                   GError       **error)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), 0);
  g_return_val_if_fail (CD_IS_STORY (story), 0);
  g_return_val_if_fail (status <= CD_STATUS_LAST, 0);
  g_return_val_if_fail (account != NULL, 0);
  g_return_val_if_fail (kind < G_N_ELEMENTS (outbox_kinds), 0);

  return change_status (self, story, status, account, kind, FALSE, error);
}

/**
 * cd_library_enqueue:
 * @self: a #CdLibrary
 * @story_id: the story's UUID
 * @account: the account the work is for
 * @kind: the work
 * @error: return location for a #GError
 *
 * Queues work for the publisher without a status change. A pending entry
 * for the same story, account and kind is reused and made due now.
 *
 * Returns: the entry's id, or 0 with @error set
 */
gint64
cd_library_enqueue (CdLibrary     *self,
                    const char    *story_id,
                    const char    *account,
                    CdOutboxKind   kind,
                    GError       **error)
{
  StoryChange change = { 0 };
  gint64 id;

  g_return_val_if_fail (CD_IS_LIBRARY (self), 0);
  g_return_val_if_fail (story_id != NULL, 0);
  g_return_val_if_fail (account != NULL, 0);
  g_return_val_if_fail (kind < G_N_ELEMENTS (outbox_kinds), 0);

  if (!begin (self, error))
    return 0;
  if (!lookup_story_row (self, story_id, &change, error))
    goto failed;
  if (!change.existed)
    {
      g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_FOUND,
                   /* Translators: the placeholder is a story's id */
                   _("There is no story “%s” in the library"), story_id);
      goto failed;
    }
  id = insert_outbox (self, story_id, account, kind, FALSE, error);
  if (id == 0 || !commit (self, error))
    goto failed;

  return id;

failed:
  rollback (self);
  return 0;
}

static GPtrArray *
list_entries (CdLibrary     *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)cd_outbox_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, read_outbox_entry (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("Could not read the outbox"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/**
 * cd_library_list_due:
 * @self: a #CdLibrary
 * @now: the time, in microseconds since the epoch (g_get_real_time())
 * @limit: the most entries to return; 0 for all
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type CdOutboxEntry): the pending
 *   entries whose next attempt is due, oldest due first; %NULL on error
 */
GPtrArray *
cd_library_list_due (CdLibrary  *self,
                     gint64      now,
                     guint       limit,
                     GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);

  stmt = prepare (self,
                  "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE state = 'pending'"
                  " AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);

  return list_entries (self, stmt, error);
}

/**
 * cd_library_list_outbox:
 * @self: a #CdLibrary
 * @story_id: (nullable): a story's UUID, or %NULL for every story
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type CdOutboxEntry): the entries
 *   in every state, oldest first; %NULL on error
 */
GPtrArray *
cd_library_list_outbox (CdLibrary   *self,
                        const char  *story_id,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);

  stmt = prepare (self,
                  "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE ?1 IS NULL OR story_id = ?1"
                  " ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, story_id);

  return list_entries (self, stmt, error);
}

/**
 * cd_library_claim:
 * @self: a #CdLibrary
 * @entry_id: a pending entry
 * @story_status: the story's new status, or %CD_LIBRARY_STATUS_UNCHANGED
 * @error: return location for a #GError
 *
 * Marks the entry running (and counts the attempt), in one transaction with
 * the status change. %CD_LIBRARY_ERROR_CONFLICT if it is not pending.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_claim (CdLibrary  *self,
                  gint64      entry_id,
                  CdStatus    story_status,
                  GError    **error)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (story_status <= CD_LIBRARY_STATUS_UNCHANGED, FALSE);

  return update_outbox (self, entry_id, NULL, TRUE,
                        "UPDATE outbox SET state = 'running', attempts = attempts + 1"
                        " WHERE id = ?1",
                        NULL, 0, story_status, error);
}

/**
 * cd_library_complete:
 * @self: a #CdLibrary
 * @entry_id: a claimed entry
 * @story_status: the story's new status, or %CD_LIBRARY_STATUS_UNCHANGED
 * @error: return location for a #GError
 *
 * Marks the claimed entry done, in one transaction with the status change.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_complete (CdLibrary  *self,
                     gint64      entry_id,
                     CdStatus    story_status,
                     GError    **error)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (story_status <= CD_LIBRARY_STATUS_UNCHANGED, FALSE);

  return update_outbox (self, entry_id, NULL, FALSE,
                        "UPDATE outbox SET state = 'done', last_error = NULL WHERE id = ?1",
                        NULL, 0, story_status, error);
}

/**
 * cd_library_fail:
 * @self: a #CdLibrary
 * @entry_id: a claimed entry
 * @message: what went wrong, for people
 * @next_attempt_at: when to retry (g_get_real_time() units), or 0 to give up
 * @story_status: the story's new status, or %CD_LIBRARY_STATUS_UNCHANGED
 * @error: return location for a #GError
 *
 * Records a failed attempt: the entry is pending again until
 * @next_attempt_at, or failed for good. One transaction with the status.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_fail (CdLibrary   *self,
                 gint64       entry_id,
                 const char  *message,
                 gint64       next_attempt_at,
                 CdStatus     story_status,
                 GError     **error)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (story_status <= CD_LIBRARY_STATUS_UNCHANGED, FALSE);

  return update_outbox (self, entry_id, NULL, FALSE,
                        "UPDATE outbox SET last_error = ?2,"
                        " state = CASE WHEN ?3 > 0 THEN 'pending' ELSE 'failed' END,"
                        " next_attempt_at = CASE WHEN ?3 > 0 THEN ?3 ELSE next_attempt_at END"
                        " WHERE id = ?1",
                        message, next_attempt_at, story_status, error);
}

/**
 * cd_library_queue_overwrite:
 * @self: a #CdLibrary
 * @story: a story in Conflict (or Failed)
 * @account: the account whose copy is to be overwritten
 * @error: return location for a #GError
 *
 * The editor chose "Overwrite": in one transaction the story goes Queued and
 * a push that replaces the site's copy even though it changed is queued.
 *
 * Returns: the outbox entry's id, or 0 with @error set
 */
gint64
cd_library_queue_overwrite (CdLibrary   *self,
                            CdStory     *story,
                            const char  *account,
                            GError     **error)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), 0);
  g_return_val_if_fail (CD_IS_STORY (story), 0);
  g_return_val_if_fail (account != NULL, 0);

  return change_status (self, story, CD_STATUS_QUEUED, account, CD_OUTBOX_KIND_PUSH, TRUE, error);
}

/**
 * cd_library_claim_push:
 * @self: a #CdLibrary
 * @entry_id: a pending push entry of @story
 * @story: the story, as loaded from this library
 * @account: the account the entry pushes to
 * @client_slug: the slug a create will use
 * @error: return location for a #GError
 *
 * Like cd_library_claim() with the status Pushing, and records @client_slug
 * on the story's remote for the entry's account unless it has one, in the
 * same transaction: a create whose answer is lost can then be found by its
 * slug, even after a crash.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_claim_push (CdLibrary   *self,
                       gint64       entry_id,
                       CdStory     *story,
                       const char  *account,
                       const char  *client_slug,
                       GError     **error)
{
  const CdRemote *remote;

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (CD_IS_STORY (story), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (client_slug != NULL, FALSE);

  if (!check_identity (self, story, error))
    return FALSE;

  remote = cd_story_get_remote (story, account);
  if (remote == NULL || remote->client_slug == NULL)
    {
      g_autoptr(CdRemote) copy = remote != NULL ? cd_remote_copy (remote) : cd_remote_new (account);

      g_free (copy->client_slug);
      copy->client_slug = g_strdup (client_slug);
      /* What the library learns of the site is no edit of the story. */
      _cd_story_begin_load (story);
      cd_story_set_remote (story, copy);
      _cd_story_end_load (story);
    }
  watch_story (self, story);

  return update_outbox (self, entry_id, cd_story_get_id (story), TRUE,
                        "UPDATE outbox SET state = 'running', attempts = attempts + 1"
                        " WHERE id = ?1",
                        NULL, 0, CD_STATUS_PUSHING, error);
}

/**
 * cd_library_complete_push:
 * @self: a #CdLibrary
 * @entry_id: the claimed push entry of @story
 * @story: the story, as loaded from this library
 * @account: the account pushed to
 * @result: what the push left on the target
 * @error: return location for a #GError
 *
 * Records the push on @story (remote id, link, modified time and slug, each
 * photo's media id and uploaded hash, first-published and last-pushed) and,
 * in one transaction, writes it as Published and marks the entry done.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_complete_push (CdLibrary                 *self,
                          gint64                     entry_id,
                          CdStory                   *story,
                          const char                *account,
                          const CdTargetPushResult  *result,
                          GError                   **error)
{
  const CdRemote *old;
  g_autoptr(CdRemote) remote = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GListModel *photos;

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (CD_IS_STORY (story), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (!check_identity (self, story, error))
    return FALSE;

  old = cd_story_get_remote (story, account);
  remote = old != NULL ? cd_remote_copy (old) : cd_remote_new (account);
  g_free (remote->remote_id);
  remote->remote_id = g_strdup (result->remote_id);
  g_free (remote->link);
  remote->link = g_strdup (result->link);
  g_free (remote->modified);
  remote->modified = g_strdup (result->modified);
  g_clear_pointer (&remote->last_error, g_free);
  if (result->client_slug != NULL)
    {
      g_free (remote->client_slug);
      remote->client_slug = g_strdup (result->client_slug);
    }

  _cd_story_begin_load (story);
  cd_story_set_remote (story, remote);
  photos = cd_story_get_photos (story);
  for (guint i = 0; i < result->media->len; i++)
    {
      const CdTargetMedia *media = g_ptr_array_index (result->media, i);

      /* A photo removed while the push ran has nothing left to record. */
      for (guint j = 0; j < g_list_model_get_n_items (photos); j++)
        {
          g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, j);

          if (g_str_equal (cd_photo_get_id (photo), media->photo_id))
            cd_photo_set_remote_media (photo, account, media->media_id, media->uploaded_hash);
        }
    }
  if (cd_story_get_first_published (story) == NULL)
    cd_story_set_first_published (story, now);
  cd_story_set_last_pushed (story, now);
  _cd_story_end_load (story);
  watch_story (self, story);

  return update_outbox (self, entry_id, cd_story_get_id (story), FALSE,
                        "UPDATE outbox SET state = 'done', last_error = NULL WHERE id = ?1",
                        NULL, 0, CD_STATUS_PUBLISHED, error);
}

/* Deferred sync: fdatasync() of the WAL file in a worker thread. */

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *wal_path = task_data;
  int fd;

  /* No WAL: every commit is in the database file, synced by the checkpoint. */
  fd = g_open (wal_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 && errno == ENOENT)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (fd < 0 || fdatasync (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               /* Translators: the placeholder is the system's reason */
                               _("Could not write the library to disk: %s"),
                               g_strerror (saved_errno));
      return;
    }
  close (fd);
  g_task_return_boolean (task, TRUE);
}

/* Answers the waiters the sync that just ended covered: with @error if it
 * failed.
 */
static void
answer_sync_waiters (CdLibrary    *self,
                     guint64       covered,
                     const GError *error)
{
  for (guint i = self->sync_waiters->len; i > 0; i--)
    {
      GTask *waiter = g_ptr_array_index (self->sync_waiters, i - 1);
      guint64 wanted = *(guint64 *) g_task_get_task_data (waiter);

      if (wanted > covered)
        continue;
      g_ptr_array_remove_index (self->sync_waiters, i - 1);
      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
      g_object_unref (waiter);
    }
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CdLibrary *self = CD_LIBRARY (object);
  g_autoptr(GError) error = NULL;
  guint64 covered = self->syncing_seq;

  self->syncing_seq = 0;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    self->synced_seq = MAX (self->synced_seq, covered);
  else
    {
      g_warning ("%s", error->message);
      self->failed_seq = covered;
    }

  answer_sync_waiters (self, covered, error);
  start_sync (self);
}

/* One sync at a time: the commits made while it runs wait for the next.
 * After a failure, only a new commit or a new waiter tries again.
 */
static void
start_sync (CdLibrary *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->syncing_seq != 0 || self->synced_seq >= self->commit_seq)
    return;
  if (self->commit_seq <= self->failed_seq && self->sync_waiters->len == 0)
    return;

  self->syncing_seq = self->commit_seq;
  task = g_task_new (self, NULL, sync_done_cb, NULL);
  g_task_set_source_tag (task, start_sync);
  g_task_set_task_data (task, g_strdup (self->wal_path), g_free);
  g_task_run_in_thread (task, sync_thread);
}

/**
 * cd_library_begin_deferred_sync:
 * @self: a #CdLibrary
 *
 * Until the matching cd_library_end_deferred_sync(), a commit returns
 * before it is on disk: it is safe from a crash of the process at once and
 * from a power cut once a fdatasync() of the write-ahead log, started in a
 * worker thread right after the commit, has finished. The publisher keeps
 * its bookkeeping from stalling the main loop this way, and waits with
 * cd_library_sync_async() where a record must be on disk before it goes on.
 * Calls nest; call it outside any library call.
 */
void
cd_library_begin_deferred_sync (CdLibrary *self)
{
  g_return_if_fail (CD_IS_LIBRARY (self));
  g_return_if_fail (self->db != NULL);

  if (self->deferred_depth++ == 0 && !exec (self, "PRAGMA synchronous = NORMAL", NULL))
    g_warning ("Could not defer the library's syncs: %s", sqlite3_errmsg (self->db));
}

/**
 * cd_library_end_deferred_sync:
 * @self: a #CdLibrary
 *
 * Ends what cd_library_begin_deferred_sync() began: commits are on disk
 * before they return again.
 */
void
cd_library_end_deferred_sync (CdLibrary *self)
{
  g_return_if_fail (CD_IS_LIBRARY (self));
  g_return_if_fail (self->deferred_depth > 0);

  if (--self->deferred_depth == 0 && !exec (self, "PRAGMA synchronous = FULL", NULL))
    g_warning ("Could not restore the library's syncs: %s", sqlite3_errmsg (self->db));
}

/**
 * cd_library_has_unsynced_writes:
 * @self: a #CdLibrary
 *
 * Returns: %TRUE if a commit made with a deferred sync is not known to be
 *   on disk yet
 */
gboolean
cd_library_has_unsynced_writes (CdLibrary *self)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);

  return self->synced_seq < self->commit_seq;
}

/**
 * cd_library_sync_async:
 * @self: a #CdLibrary
 * @cancellable: (nullable): a #GCancellable, looked at when the sync ends
 * @callback: called once every commit made before this call is on disk
 * @user_data: data for @callback
 *
 * Waits, without blocking, for the commits made with a deferred sync (see
 * cd_library_begin_deferred_sync()) to reach the disk. Never calls
 * @callback before returning.
 */
void
cd_library_sync_async (CdLibrary           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_LIBRARY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_library_sync_async);

  if (self->synced_seq >= self->commit_seq)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_set_task_data (task, g_memdup2 (&self->commit_seq, sizeof self->commit_seq), g_free);
  g_ptr_array_add (self->sync_waiters, g_steal_pointer (&task));
  start_sync (self);
}

/**
 * cd_library_sync_finish:
 * @self: a #CdLibrary
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the commits are on disk
 */
gboolean
cd_library_sync_finish (CdLibrary     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Private API for CdStoryList (cd-library-private.h). */

gpointer
_cd_library_get_summary (CdLibrary   *self,
                         CdStoryList *list,
                         guint        position)
{
  CdStorySummary *summary;
  gint64 rowid;

  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);

  rowid = _cd_story_list_get_rowid (list, position);
  summary = g_hash_table_lookup (self->summaries, GSIZE_TO_POINTER ((gsize)rowid));
  if (summary == NULL)
    {
      fetch_page (self, list, position);
      summary = g_hash_table_lookup (self->summaries, GSIZE_TO_POINTER ((gsize)rowid));
    }

  /* Gone behind our back (another process): a model never returns NULL
   * inside its length, so hand out an empty row until the next change.
   */
  if (summary == NULL)
    return _cd_story_summary_new (rowid, "", "", "", CD_STATUS_DRAFT, 0, 0, NULL, 0);

  return g_object_ref (summary);
}

void
_cd_library_forget_list (CdLibrary   *self,
                         CdStoryList *list)
{
  g_return_if_fail (CD_IS_LIBRARY (self));

  g_ptr_array_remove_fast (self->search_lists, list);
}

/* Sync and bulk outbox work, for CdSyncer and CdArchiver. */

/**
 * cd_library_get_sync_mark:
 * @self: a #CdLibrary
 * @account: an account name
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the largest remote modified time
 *   (UTC, verbatim) the last sync of @account read, or %NULL (without
 *   @error) before the first sync
 */
char *
cd_library_get_sync_mark (CdLibrary   *self,
                          const char  *account,
                          GError     **error)
{
  g_auto(Statement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  stmt = prepare (self, "SELECT high_water FROM sync_marks WHERE account = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, account);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    set_db_error (self, error, _("Could not read the library"));

  return NULL;
}

/**
 * cd_library_find_remote:
 * @self: a #CdLibrary
 * @account: an account name
 * @remote_id: the piece's id on that account's site
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the id of the story that holds
 *   @remote_id on @account, or %NULL (without @error) when none does
 */
char *
cd_library_find_remote (CdLibrary   *self,
                        const char  *account,
                        const char  *remote_id,
                        GError     **error)
{
  g_auto(Statement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (remote_id != NULL, NULL);

  stmt = prepare (self,
                  "SELECT story_id FROM remotes WHERE account = ?1 AND remote_id = ?2"
                  " ORDER BY rowid LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, account);
  bind_text (stmt, 2, remote_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    set_db_error (self, error, _("Could not read the library"));

  return NULL;
}

/**
 * cd_library_get_synced:
 * @self: a #CdLibrary
 * @story_id: a story's UUID
 * @listed_modified: (out) (transfer full) (optional) (nullable): the
 *   piece's modified time when a sync or an archive run last saw it
 * @content_hash: (out) (transfer full) (optional) (nullable): the hash of
 *   the content the last sync wrote into the story; %NULL for a story
 *   written in Copydesk
 * @error: return location for a #GError
 *
 * Returns: %TRUE if a sync has recorded the story; %FALSE with @error unset
 *   if not
 */
gboolean
cd_library_get_synced (CdLibrary   *self,
                       const char  *story_id,
                       char       **listed_modified,
                       char       **content_hash,
                       GError     **error)
{
  g_auto(Statement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (story_id != NULL, FALSE);

  stmt = prepare (self,
                  "SELECT listed_modified, content_hash FROM synced_stories WHERE story_id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, story_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (listed_modified != NULL)
        *listed_modified = g_strdup (column_text (stmt, 0));
      if (content_hash != NULL)
        *content_hash = g_strdup (column_text (stmt, 1));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    set_db_error (self, error, _("Could not read the library"));

  return FALSE;
}

/* Inside the open transaction; a NULL value leaves the recorded one. */
static gboolean
write_synced (CdLibrary   *self,
              const char  *story_id,
              const char  *account,
              const char  *listed_modified,
              const char  *content_hash,
              GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO synced_stories (story_id, account, listed_modified, content_hash)"
                  " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (story_id) DO UPDATE SET"
                  " account = coalesce (excluded.account, account),"
                  " listed_modified = coalesce (excluded.listed_modified, listed_modified),"
                  " content_hash = coalesce (excluded.content_hash, content_hash)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, story_id);
  bind_text (stmt, 2, account);
  bind_text (stmt, 3, listed_modified);
  bind_text (stmt, 4, content_hash);
  return step_done (self, stmt, error);
}

/**
 * cd_library_save_synced:
 * @self: a #CdLibrary
 * @account: the account that was synced
 * @stories: (element-type CdStory): the stories the sync made or changed
 * @statuses: for each story, its status as the site has it
 * @listed: for each story, the piece's modified time as listed
 * @hashes: (nullable): for each story, the hash of the content the sync
 *   wrote, or %NULL to leave the recorded one
 * @mark: (nullable): the new sync mark of @account, or %NULL to keep it
 * @error: return location for a #GError
 *
 * Writes a sync's result in one transaction: all of it or none, so the
 * mark never runs ahead of the stories. The statuses come from the site
 * and are not checked against the editor's transitions.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_save_synced (CdLibrary          *self,
                        const char         *account,
                        GPtrArray          *stories,
                        const CdStatus     *statuses,
                        const char * const *listed,
                        const char * const *hashes,
                        const char         *mark,
                        GError            **error)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (StoryChange));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (stories != NULL, FALSE);
  g_return_val_if_fail (stories->len == 0 || (statuses != NULL && listed != NULL), FALSE);

  for (guint i = 0; i < stories->len; i++)
    if (!check_identity (self, g_ptr_array_index (stories, i), error))
      return FALSE;

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; i < stories->len; i++)
    {
      CdStory *story = g_ptr_array_index (stories, i);
      StoryChange change;

      g_assert (statuses[i] <= CD_STATUS_LAST);
      if (!write_story (self, story, statuses[i], &change, error))
        goto failed;
      g_array_append_val (changes, change);

      if (!write_synced (self, cd_story_get_id (story), account, listed[i],
                         hashes != NULL ? hashes[i] : NULL, error))
        goto failed;
    }

  if (mark != NULL)
    {
      stmt = prepare (self,
                      "INSERT INTO sync_marks (account, high_water) VALUES (?1, ?2)"
                      " ON CONFLICT (account) DO UPDATE SET high_water = excluded.high_water",
                      error);
      if (stmt == NULL)
        goto failed;
      bind_text (stmt, 1, account);
      bind_text (stmt, 2, mark);
      if (!step_done (self, stmt, error))
        goto failed;
    }

  if (!commit (self, error))
    return FALSE;

  for (guint i = 0; i < stories->len; i++)
    {
      CdStory *story = g_ptr_array_index (stories, i);

      watch_story (self, story);
      g_hash_table_remove (self->pending, story);
      _cd_story_set_status_unchecked (story, statuses[i]);
    }
  apply_changes (self, changes);

  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

/**
 * cd_library_list_remote_stories:
 * @self: a #CdLibrary
 * @account: an account name
 * @status: the stories' status
 * @published_before: (nullable): only stories first published before this
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the ids of the stories in @status
 *   that have a remote id on @account, oldest first publication first;
 *   %NULL on error
 */
GStrv
cd_library_list_remote_stories (CdLibrary   *self,
                                const char  *account,
                                CdStatus     status,
                                GDateTime   *published_before,
                                GError     **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(Statement) stmt = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (status <= CD_STATUS_LAST, NULL);

  stmt = prepare (self,
                  "SELECT s.id FROM stories s JOIN remotes r ON r.story_id = s.id"
                  " WHERE r.account = ?1 AND r.remote_id IS NOT NULL AND s.status = ?2"
                  " AND (?3 IS NULL OR (s.first_published IS NOT NULL AND s.first_published < ?3))"
                  " ORDER BY s.first_published, s.id", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, account);
  bind_text (stmt, 2, cd_status_to_string (status));
  bind_time (stmt, 3, published_before);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (ids, column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, _("Could not read the library"));
      return NULL;
    }

  return g_strv_builder_end (ids);
}

/**
 * cd_library_enqueue_many:
 * @self: a #CdLibrary
 * @story_ids: the stories
 * @account: the account the work is for
 * @kind: the work
 * @error: return location for a #GError
 *
 * Like cd_library_enqueue() for many stories, in one transaction: every
 * entry is queued or none is.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_enqueue_many (CdLibrary          *self,
                         const char * const *story_ids,
                         const char         *account,
                         CdOutboxKind        kind,
                         GError            **error)
{
  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (story_ids != NULL, FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (kind < G_N_ELEMENTS (outbox_kinds), FALSE);

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; story_ids[i] != NULL; i++)
    {
      StoryChange change = { 0 };

      if (!lookup_story_row (self, story_ids[i], &change, error))
        goto failed;
      if (!change.existed)
        {
          g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_FOUND,
                       /* Translators: the placeholder is a story's id */
                       _("There is no story “%s” in the library"), story_ids[i]);
          goto failed;
        }
      if (insert_outbox (self, story_ids[i], account, kind, FALSE, error) == 0)
        goto failed;
    }

  return commit (self, error);

failed:
  rollback (self);
  return FALSE;
}

/**
 * cd_library_claim_many:
 * @self: a #CdLibrary
 * @entry_ids: (array length=n_entries): entries to claim
 * @n_entries: the number of entries
 * @claimed: (out) (transfer full) (element-type gint64): the entries that
 *   were pending and are now claimed, in the order given
 * @error: return location for a #GError
 *
 * Like cd_library_claim() without a status change, for many entries in
 * one transaction; an entry that is not pending is left out of @claimed.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_claim_many (CdLibrary     *self,
                       const gint64  *entry_ids,
                       guint          n_entries,
                       GArray       **claimed,
                       GError       **error)
{
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (entry_ids != NULL || n_entries == 0, FALSE);
  g_return_val_if_fail (claimed != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    {
      int rc;

      stmt = prepare (self,
                      "UPDATE outbox SET state = 'running', attempts = attempts + 1"
                      " WHERE id = ?1 AND state = 'pending' RETURNING id", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, entry_ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_array_append_val (result, entry_ids[i]);
      if (rc == SQLITE_ROW)
        rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          set_db_error (self, error, _("Could not write the library"));
          goto failed;
        }
    }

  if (!commit (self, error))
    return FALSE;

  *claimed = g_steal_pointer (&result);
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

/**
 * cd_library_complete_many:
 * @self: a #CdLibrary
 * @entry_ids: (array length=n_entries): claimed entries
 * @statuses: (array length=n_entries): for each, the story's new status or
 *   %CD_LIBRARY_STATUS_UNCHANGED
 * @listed: (array length=n_entries) (nullable): for each, the piece's new
 *   modified time on the site (recorded as by a sync), or %NULL
 * @n_entries: the number of entries
 * @error: return location for a #GError
 *
 * Like cd_library_complete() for many entries in one transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_library_complete_many (CdLibrary      *self,
                          const gint64   *entry_ids,
                          const CdStatus *statuses,
                          const char * const *listed,
                          guint           n_entries,
                          GError        **error)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (StoryChange));
  g_autoptr(GPtrArray) story_ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CD_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (n_entries == 0 || (entry_ids != NULL && statuses != NULL), FALSE);

  if (!begin (self, error))
    return FALSE;

  for (guint i = 0; i < n_entries; i++)
    {
      g_autofree char *story_id = NULL;
      StoryChange change;
      int rc;

      g_assert (statuses[i] <= CD_LIBRARY_STATUS_UNCHANGED);
      stmt = prepare (self,
                      "UPDATE outbox SET state = 'done', last_error = NULL"
                      " WHERE id = ?1 AND state = 'running' RETURNING story_id", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, entry_ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          story_id = g_strdup (column_text (stmt, 0));
          rc = sqlite3_step (stmt);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          set_db_error (self, error, _("Could not write the library"));
          goto failed;
        }
      if (story_id == NULL)
        {
          g_set_error (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_CONFLICT,
                       _("The outbox entry was not claimed"));
          goto failed;
        }

      if (listed != NULL && listed[i] != NULL &&
          !write_synced (self, story_id, NULL, listed[i], NULL, error))
        goto failed;
      if (statuses[i] == CD_LIBRARY_STATUS_UNCHANGED)
        continue;
      if (!write_status (self, story_id, statuses[i], &change, error))
        goto failed;
      g_array_append_val (changes, change);
      g_ptr_array_add (story_ids, g_steal_pointer (&story_id));
    }

  if (!commit (self, error))
    return FALSE;

  for (guint i = 0; i < changes->len; i++)
    apply_status (self, g_ptr_array_index (story_ids, i), &g_array_index (changes, StoryChange, i));

  return TRUE;

failed:
  rollback (self);
  return FALSE;
}
