/* test-library-durability.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cd-library.h"
#include "library-test-util.h"

#define ROUNDS 4

/* The child: edits and saves as fast as it can, and prints a line after
 * each save returned, that is, after each acknowledged edit. Every third
 * write goes through autosave's cd_library_flush() instead.
 */
static int
run_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = cd_library_open (path, &error);
  g_autoptr(CdStory) story = NULL;

  if (library == NULL)
    g_error ("%s", error->message);

  story = cd_library_create_story (library, &error);
  if (story == NULL)
    g_error ("%s", error->message);
  printf ("story %s\n", cd_story_get_id (story));
  fflush (stdout);

  for (guint i = 1; ; i++)
    {
      g_autofree char *body = g_strdup_printf ("edit %u\n\nThe body of edit number %u.", i, i);
      g_autofree char *headline = g_strdup_printf ("Edit %u", i);
      gboolean ok;

      cd_story_set_headline (story, headline);
      cd_story_set_body (story, body);

      if (i % 5 == 0)
        {
          g_autoptr(CdStory) extra = cd_library_create_story (library, &error);

          if (extra == NULL)
            g_error ("%s", error->message);
          cd_story_set_headline (extra, headline);
          if (!cd_library_save_story (library, extra, &error))
            g_error ("%s", error->message);
          printf ("created %s %u\n", cd_story_get_id (extra), i);
        }

      ok = i % 3 == 0 ? cd_library_flush (library, &error)
                      : cd_library_save_story (library, story, &error);
      if (!ok)
        g_error ("%s", error->message);

      printf ("saved %u\n", i);
      fflush (stdout);
    }

  return 0;
}

static char *
self_exe (void)
{
  g_autoptr(GError) error = NULL;
  char *exe = g_file_read_link ("/proc/self/exe", &error);

  g_assert_no_error (error);
  return exe;
}

static void
test_durability_sigkill (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autofree char *exe = self_exe ();

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GBytes) out = NULL;
      g_autoptr(CdLibrary) library = NULL;
      g_autoptr(CdStory) story = NULL;
      g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_free);
      g_auto(GStrv) lines = NULL;
      g_autofree char *story_id = NULL;
      guint last_saved = 0, stored = 0;
      guint delay_ms = g_test_rand_int_range (150, 700);

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                exe, "--child", path, NULL);
      g_assert_no_error (error);

      g_usleep (delay_ms * 1000);
      g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));
      g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

      /* What the child printed before it died was acknowledged. */
      g_subprocess_communicate (child, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      {
        g_autofree char *text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
        lines = g_strsplit (text, "\n", -1);
      }
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char id[64];
          guint n;

          /* The last line may be cut short by the kill: only whole lines count. */
          if (lines[i + 1] == NULL)
            break;
          if (sscanf (lines[i], "story %63s", id) == 1)
            story_id = g_strdup (id);
          else if (sscanf (lines[i], "created %63s %u", id, &n) == 2)
            g_ptr_array_add (created, g_strdup (id));
          else if (sscanf (lines[i], "saved %u", &n) == 1)
            last_saved = n;
        }
      g_test_message ("round %u: killed after %u ms, %u edits acknowledged, %u stories created",
                      round, delay_ms, last_saved, created->len);
      g_assert_nonnull (story_id);

      /* The file is whole, and every acknowledged edit is there. */
      test_assert_integrity (path);
      library = cd_library_open (path, &error);
      g_assert_no_error (error);

      story = cd_library_load_story (library, story_id, &error);
      g_assert_no_error (error);
      g_assert_true (sscanf (cd_story_get_body (story), "edit %u", &stored) == 1 ||
                     (last_saved == 0 && cd_story_get_body (story)[0] == '\0'));
      g_assert_cmpuint (stored, >=, last_saved);
      /* At most the one edit in flight may be there without its line. */
      g_assert_cmpuint (stored, <=, last_saved + 1);

      for (guint i = 0; i < created->len; i++)
        {
          g_autoptr(CdStory) extra = cd_library_load_story (library, g_ptr_array_index (created, i),
                                                            &error);
          g_assert_no_error (error);
          g_assert_true (g_str_has_prefix (cd_story_get_headline (extra), "Edit "));
        }
    }

  test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/library-durability/sigkill", test_durability_sigkill);

  return g_test_run ();
}
