/* library-test-util.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cd-library.h"

/* Helpers shared by the library tests: a scratch folder per test and raw
 * SQLite access to look at the file behind the library's back.
 */

static inline char *
test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("copydesk-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          test_rm_rf (child);
        }
    }
  g_remove (path);
}

static inline sqlite3 *
test_open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static inline void
test_exec (sqlite3    *db,
           const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The first column of the first row of @sql as text ("" for none). */
static inline char *
test_query_text (sqlite3    *db,
                 const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *result;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else
    result = g_strdup ("");
  sqlite3_finalize (stmt);

  return result;
}

static inline gint64
test_query_int (sqlite3    *db,
                const char *sql)
{
  g_autofree char *text = test_query_text (db, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

/* Checks the FTS index matches its content and SQLite's own check passes. */
static inline void
test_assert_integrity (const char *path)
{
  sqlite3 *db = test_open_raw (path);
  g_autofree char *check = test_query_text (db, "PRAGMA integrity_check");

  g_assert_cmpstr (check, ==, "ok");
  test_exec (db, "INSERT INTO story_fts (story_fts, rank) VALUES ('integrity-check', 1)");
  sqlite3_close (db);
}
