/* fuzz-main.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A main for a harness without libFuzzer: runs every file named on the
 * command line, and every file in every folder named there, through
 * LLVMFuzzerTestOneInput() once. `meson test` replays the seed corpora
 * (and the crashes found since) this way, in the normal and the sanitizer
 * build. Fails when it ran nothing, so a lost corpus cannot pass.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz-common.h"

static gboolean
run_file (const char *path,
          guint      *n_run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  g_print ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  (*n_run)++;

  return TRUE;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
run_dir (const char *path,
         guint      *n_run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));

  /* Same order every run, so a failure names the same file. */
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);
      gboolean ok = g_file_test (child, G_FILE_TEST_IS_DIR) ? run_dir (child, n_run)
                                                            : run_file (child, n_run);

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  guint n_run = 0;

  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      gboolean ok = g_file_test (argv[i], G_FILE_TEST_IS_DIR) ? run_dir (argv[i], &n_run)
                                                              : run_file (argv[i], &n_run);

      if (!ok)
        return EXIT_FAILURE;
    }

  if (n_run == 0)
    {
      g_printerr ("%s: no input to run\n", argv[0]);
      return EXIT_FAILURE;
    }

  g_print ("%u inputs ran without a failure\n", n_run);
  return EXIT_SUCCESS;
}
