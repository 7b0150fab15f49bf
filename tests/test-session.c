/* test-session.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-session"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cd-session.h"

/* The state file that tells a crash from a quit, with real processes: a
 * child that exited stands for a crashed Copydesk, one still running for a
 * live one.
 */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("copydesk-session-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  /* A folder that does not exist yet, as on a first start. */
  f->path = g_build_filename (f->dir, "state", "copydesk", "session", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *state = g_build_filename (f->dir, "state", NULL);
  g_autofree char *copydesk = g_build_filename (state, "copydesk", NULL);

  g_remove (f->path);
  g_rmdir (copydesk);
  g_rmdir (state);
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static GPid
spawn (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

/* A PID that named a process a moment ago and names none now. */
static GPid
dead_pid (void)
{
  const char *argv[] = { "true", NULL };
  GPid pid = spawn (argv);
  int status;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

static char *
start_time_of (GPid pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;

  g_assert_true (g_file_get_contents (stat_path, &contents, NULL, NULL));
  fields = g_strsplit (strrchr (contents, ')') + 2, " ", 0);
  return g_strdup (fields[19]);
}

/* A live process that is not this one, and its start time. */
static GPid
spawn_sleeper (char **start_time)
{
  const char *argv[] = { "sleep", "60", NULL };
  GPid pid = spawn (argv);

  *start_time = start_time_of (pid);
  return pid;
}

static void
stop (GPid pid)
{
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
}

static void
write_state (Fixture    *f,
             GPid        pid,
             const char *start_time,
             const char *story,
             gint64      saved_at)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);

  g_key_file_set_int64 (key_file, "Session", "pid", pid);
  g_key_file_set_string (key_file, "Session", "start-time", start_time);
  if (story != NULL)
    {
      g_key_file_set_string (key_file, "Session", "story", story);
      g_key_file_set_int64 (key_file, "Session", "saved-at", saved_at);
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_key_file_save_to_file (key_file, f->path, &error);
  g_assert_no_error (error);
}

static GKeyFile *
read_state (Fixture *f)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (key_file, f->path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&key_file);
}

static void
test_session_clean (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) first = cd_session_new (f->path);
  g_autoptr(CdSession) second = cd_session_new (f->path);
  g_autoptr(GKeyFile) state = NULL;
  g_autofree char *own_start = start_time_of (getpid ());
  g_autofree char *story = NULL;

  g_assert_true (cd_session_begin (first, &error));
  g_assert_no_error (error);
  g_assert_false (cd_session_get_recovered (first));

  /* Running: the file names this process, and each save is noted. */
  state = read_state (f);
  g_assert_cmpint (g_key_file_get_int64 (state, "Session", "pid", NULL), ==, getpid ());
  {
    g_autofree char *start = g_key_file_get_string (state, "Session", "start-time", NULL);
    g_assert_cmpstr (start, ==, own_start);
  }
  g_assert_true (cd_session_record_save (first, "story-a", 1000, &error));
  g_assert_true (cd_session_record_save (first, "story-b", 2000, &error));
  g_clear_pointer (&state, g_key_file_unref);
  state = read_state (f);
  story = g_key_file_get_string (state, "Session", "story", NULL);
  g_assert_cmpstr (story, ==, "story-b");
  g_assert_cmpint (g_key_file_get_int64 (state, "Session", "saved-at", NULL), ==, 2000);

  /* A clean end leaves nothing to recover. */
  g_assert_true (cd_session_end (first, &error));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_assert_true (cd_session_record_save (first, "story-c", 3000, &error));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  g_assert_true (cd_session_begin (second, &error));
  g_assert_false (cd_session_get_recovered (second));
  g_assert_null (cd_session_get_recovered_story_id (second));
  g_assert_true (cd_session_end (second, &error));
}

static void
test_session_crashed (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = cd_session_new (f->path);
  g_autoptr(CdSession) again = cd_session_new (f->path);
  g_autoptr(GKeyFile) state = NULL;
  g_autofree char *story = NULL;

  write_state (f, dead_pid (), "12345", "story-a", 1700000000000000);

  g_assert_true (cd_session_begin (session, &error));
  g_assert_no_error (error);
  g_assert_true (cd_session_get_recovered (session));
  g_assert_cmpstr (cd_session_get_recovered_story_id (session), ==, "story-a");
  g_assert_cmpint (cd_session_get_recovered_saved_at (session), ==, 1700000000000000);

  /* The file is ours now, and still knows the last save until we save. */
  state = read_state (f);
  g_assert_cmpint (g_key_file_get_int64 (state, "Session", "pid", NULL), ==, getpid ());
  story = g_key_file_get_string (state, "Session", "story", NULL);
  g_assert_cmpstr (story, ==, "story-a");

  /* This session dies too, before any save of its own (its file is made
   * to name a dead process): the next start still points at that story. */
  g_key_file_set_int64 (state, "Session", "pid", dead_pid ());
  g_assert_true (g_key_file_save_to_file (state, f->path, &error));
  g_assert_true (cd_session_begin (again, &error));
  g_assert_true (cd_session_get_recovered (again));
  g_assert_cmpstr (cd_session_get_recovered_story_id (again), ==, "story-a");
  g_assert_cmpint (cd_session_get_recovered_saved_at (again), ==, 1700000000000000);
  g_assert_true (cd_session_end (again, &error));
}

static void
test_session_crashed_unsaved (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = cd_session_new (f->path);

  write_state (f, dead_pid (), "12345", NULL, 0);
  g_assert_true (cd_session_begin (session, &error));
  g_assert_true (cd_session_get_recovered (session));
  g_assert_null (cd_session_get_recovered_story_id (session));
  g_assert_cmpint (cd_session_get_recovered_saved_at (session), ==, 0);
  g_assert_true (cd_session_end (session, &error));
}

static void
test_session_pid_reused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = cd_session_new (f->path);
  g_autofree char *start = NULL;
  GPid pid = spawn_sleeper (&start);
  g_autofree char *other_start = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                  g_ascii_strtoull (start, NULL, 10) + 1);

  /* The PID lives, but as another process than the one that wrote it. */
  write_state (f, pid, other_start, "story-a", 1000);
  g_assert_true (cd_session_begin (session, &error));
  g_assert_true (cd_session_get_recovered (session));
  g_assert_cmpstr (cd_session_get_recovered_story_id (session), ==, "story-a");
  g_assert_true (cd_session_end (session, &error));

  stop (pid);
}

static void
test_session_other_running (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = cd_session_new (f->path);
  g_autofree char *start = NULL;
  GPid pid = spawn_sleeper (&start);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* The process that wrote the file still runs: no crash, and its file is
   * left alone by our saves and our end. */
  write_state (f, pid, start, "story-a", 1000);
  g_assert_true (g_file_get_contents (f->path, &before, NULL, NULL));
  g_assert_true (cd_session_begin (session, &error));
  g_assert_false (cd_session_get_recovered (session));
  g_assert_true (cd_session_record_save (session, "story-b", 2000, &error));
  g_assert_true (cd_session_end (session, &error));
  g_assert_true (g_file_get_contents (f->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  stop (pid);
}

static void
test_session_default_path (void)
{
  g_autofree char *path = cd_session_get_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_state_dir (), "copydesk", "session",
                                                NULL);

  g_assert_cmpstr (path, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/copydesk/core/session/" name, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("clean", test_session_clean);
  ADD ("crashed", test_session_crashed);
  ADD ("crashed-unsaved", test_session_crashed_unsaved);
  ADD ("pid-reused", test_session_pid_reused);
  ADD ("other-running", test_session_other_running);
#undef ADD
  g_test_add_func ("/copydesk/core/session/default-path", test_session_default_path);

  return g_test_run ();
}
