/* test-cli-publish.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real copydesk binary (COPYDESK in the environment) as a
 * subprocess against a real library file, with settings in a keyfile of
 * the test's own.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-library.h"
#include "library-test-util.h"

typedef struct
{
  char  *tmpdir;
  char  *path;
  char  *folder;
  GStrv  envp;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *config = NULL;

  f->tmpdir = test_make_tmpdir ();
  f->path = g_build_filename (f->tmpdir, "library.db", NULL);
  f->folder = g_build_filename (f->tmpdir, "published", NULL);
  config = g_build_filename (f->tmpdir, "config", NULL);
  f->envp = g_get_environ ();
  f->envp = g_environ_setenv (f->envp, "GSETTINGS_BACKEND", "keyfile", TRUE);
  f->envp = g_environ_setenv (f->envp, "XDG_CONFIG_HOME", config, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->path);
  g_free (f->folder);
  g_strfreev (f->envp);
}

/* Runs copydesk with @args (NULL-terminated); returns its exit status. */
static int
run (Fixture     *f,
     const char  *input,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("COPYDESK"));
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, f->envp);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

static char *
add_story (Fixture    *f,
           const char *headline,
           const char *byline)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = cd_library_open (f->path, &error);
  g_autoptr(CdStory) story = NULL;

  g_assert_no_error (error);
  story = cd_library_create_story (library, &error);
  g_assert_no_error (error);
  cd_story_set_headline (story, headline);
  cd_story_set_byline (story, byline);
  cd_story_set_body (story, "A paragraph.");
  g_assert_true (cd_library_save_story (library, story, &error));
  g_assert_no_error (error);

  return g_strdup (cd_story_get_id (story));
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (run (f, NULL, &out, &err, "push", "--library", f->path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--all-ready"));
  g_assert_cmpint (run (f, NULL, &out2, &err2, "account", "frobnicate", NULL), ==, 2);
}

/* A story that is not ready is refused with what is missing; nothing is
 * queued for it.
 */
static void
test_refuse_not_ready (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = add_story (f, "", "");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_cmpint (run (f, NULL, &out, &err, "push", "--library", f->path, id, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "The headline is empty"));
  g_assert_nonnull (strstr (err, "The byline is empty"));
  g_assert_nonnull (strstr (err, "Published: 0, failed: 0, still waiting: 0, refused: 1"));

  library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
  entries = cd_library_list_outbox (library, NULL, &error);
  g_assert_cmpuint (entries->len, ==, 0);
}

/* A local account, a push to it, and status reporting where it went. */
static void
test_push_local (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = add_story (f, "Harbour reopens", "Jane Doe");
  g_autofree char *bad = add_story (f, "No byline", "");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  gboolean seen = FALSE;

  g_assert_cmpint (run (f, NULL, &out, &err, "account", "add", "desk", "--type", "local",
                        "--folder", f->folder, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &out, &err, "account", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "desk\t"));
  g_assert_nonnull (strstr (out, f->folder));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &out, &err, "account", "test", "desk", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* One good story, one refused: the good one is published, exit 1. */
  g_assert_cmpint (run (f, NULL, &out, &err, "push", "--library", f->path, "--account", "desk",
                        id, bad, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Pushing “Harbour reopens”…"));
  g_assert_nonnull (strstr (err, "Published: "));
  g_assert_nonnull (strstr (err, "Published: 1, failed: 0, still waiting: 0, refused: 1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_test (f->folder, G_FILE_TEST_IS_DIR));

  g_assert_cmpint (run (f, NULL, &out, &err, "status", "--json", "--library", f->path, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (!g_str_equal (json_object_get_string_member (object, "id"), id))
        continue;
      seen = TRUE;
      g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "published");
      g_assert_nonnull (json_object_get_string_member (object, "link"));
    }
  g_assert_true (seen);

  /* Pushed again with nothing to do: exit 0. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, &out, &err, "push", "--library", f->path, "--account", "desk",
                        id, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Published: 1, failed: 0"));
}

/* An account that does not exist: the story fails, exit 1. */
static void
test_push_unknown_account (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = add_story (f, "Ferry strike", "Jane Doe");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (f, NULL, &out, &err, "push", "--library", f->path, "--account", "nowhere",
                        id, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "There is no account named “nowhere”"));
  g_assert_nonnull (strstr (err, "Published: 0, failed: 1"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/copydesk/cli/publish/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("usage", test_usage);
  ADD ("refuse-not-ready", test_refuse_not_ready);
  ADD ("push-local", test_push_local);
  ADD ("push-unknown-account", test_push_unknown_account);

#undef ADD

  return g_test_run ();
}
