/* test-spell-checker.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cd-spell-checker.h"

static char *config_dir;

static void
test_spell_checker_check (void)
{
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en_US");

  g_assert_cmpstr (cd_spell_checker_get_language (checker), ==, "en_US");
  g_assert_true (cd_spell_checker_check_word (checker, "receive", -1));
  g_assert_false (cd_spell_checker_check_word (checker, "recieve", -1));
  g_assert_false (cd_spell_checker_check_word (checker, "teh", -1));
  /* A length shorter than the string checks only the prefix. */
  g_assert_true (cd_spell_checker_check_word (checker, "thexyz", 3));
  g_assert_true (cd_spell_checker_check_word (checker, "", 0));
}

static void
test_spell_checker_suggestions (void)
{
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en_US");
  g_auto(GStrv) suggestions = cd_spell_checker_get_suggestions (checker, "recieve", -1);
  g_auto(GStrv) none = NULL;

  g_assert_nonnull (suggestions);
  g_assert_true (g_strv_contains ((const char * const *) suggestions, "receive"));

  none = cd_spell_checker_get_suggestions (checker, "", 0);
  g_assert_nonnull (none);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
changed_cb (CdSpellChecker *checker,
            guint          *count)
{
  (*count)++;
}

static void
test_spell_checker_personal (void)
{
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en_US");
  g_autoptr(CdSpellChecker) later = NULL;
  g_autofree char *pwl = g_build_filename (config_dir, "en_US.dic", NULL);
  g_autofree char *contents = NULL;
  guint changed = 0;

  g_signal_connect (checker, "changed", G_CALLBACK (changed_cb), &changed);

  g_assert_false (cd_spell_checker_check_word (checker, "Copydeskery", -1));
  cd_spell_checker_add_word (checker, "Copydeskery", -1);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (cd_spell_checker_check_word (checker, "Copydeskery", -1));

  /* Kept in the personal dictionary under ENCHANT_CONFIG_DIR ... */
  g_assert_true (g_file_get_contents (pwl, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Copydeskery"));
  later = cd_spell_checker_new ("en_US");
  g_assert_true (cd_spell_checker_check_word (later, "Copydeskery", -1));

  /* ... while an ignored word lives only as long as its checker. */
  cd_spell_checker_ignore_word (checker, "Zorblatt", -1);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (cd_spell_checker_check_word (checker, "Zorblatt", -1));
  g_assert_false (cd_spell_checker_check_word (later, "Zorblatt", -1));
}

static void
test_spell_checker_languages (void)
{
  g_auto(GStrv) languages = cd_spell_checker_list_languages ();
  g_autoptr(CdSpellChecker) checker = cd_spell_checker_new ("en_US");
  guint changed = 0;

  g_assert_true (g_strv_contains ((const char * const *) languages, "en_US"));
  g_assert_true (g_strv_contains ((const char * const *) languages, "de_DE"));
  for (guint i = 0; languages[i + 1] != NULL; i++)
    g_assert_cmpint (g_strcmp0 (languages[i], languages[i + 1]), <, 0);

  g_signal_connect (checker, "changed", G_CALLBACK (changed_cb), &changed);
  cd_spell_checker_set_language (checker, "de_DE");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (cd_spell_checker_check_word (checker, "Zeitung", -1));
  g_assert_false (cd_spell_checker_check_word (checker, "newspaper", -1));
  cd_spell_checker_set_language (checker, "de_DE");
  g_assert_cmpuint (changed, ==, 1);

  /* An unknown language flags nothing rather than everything. */
  cd_spell_checker_set_language (checker, "xx_YY");
  g_assert_true (cd_spell_checker_check_word (checker, "recieve", -1));
}

static void
test_spell_checker_default_language (void)
{
  g_autofree char *german = NULL;
  g_autofree char *c_locale = NULL;
  g_autofree char *unknown = NULL;

  g_unsetenv ("LANGUAGE");

  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  german = cd_spell_checker_get_default_language ();
  g_assert_cmpstr (german, ==, "de_DE");

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  c_locale = cd_spell_checker_get_default_language ();
  g_assert_cmpstr (c_locale, ==, "en_US");

  g_setenv ("LC_ALL", "xx_YY.UTF-8", TRUE);
  unknown = cd_spell_checker_get_default_language ();
  g_assert_cmpstr (unknown, ==, "en_US");

  {
    g_autoptr(CdSpellChecker) checker = NULL;

    g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
    checker = cd_spell_checker_new ("");
    g_assert_cmpstr (cd_spell_checker_get_language (checker), ==, "de_DE");
  }

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  config_dir = g_dir_make_tmp ("copydesk-spell-XXXXXX", &error);
  g_assert_no_error (error);
  /* The personal dictionary must never touch the real home directory. */
  g_setenv ("ENCHANT_CONFIG_DIR", config_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/spell-checker/check", test_spell_checker_check);
  g_test_add_func ("/copydesk/core/spell-checker/suggestions", test_spell_checker_suggestions);
  g_test_add_func ("/copydesk/core/spell-checker/personal", test_spell_checker_personal);
  g_test_add_func ("/copydesk/core/spell-checker/languages", test_spell_checker_languages);
  g_test_add_func ("/copydesk/core/spell-checker/default-language",
                   test_spell_checker_default_language);

  ret = g_test_run ();

  {
    g_autofree char *pwl = g_build_filename (config_dir, "en_US.dic", NULL);
    GDir *dir = g_dir_open (config_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (config_dir, name, NULL);
        g_unlink (path);
      }
    if (dir != NULL)
      g_dir_close (dir);
    g_rmdir (config_dir);
  }
  g_free (config_dir);

  return ret;
}
