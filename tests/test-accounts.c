/* test-accounts.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cd-accounts.h"
#include "cd-local-target.h"
#include "cd-wordpress-target.h"

static GSettings *
new_settings (void)
{
  GSettings *settings = g_settings_new ("io.github.copydesk.Copydesk");

  g_settings_reset (settings, "accounts");
  g_settings_reset (settings, "default-account");

  return settings;
}

static void
test_defaults (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_auto(GStrv) names = cd_accounts_list (settings);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTarget) target = NULL;
  g_autoptr(GFile) expected = cd_local_target_dup_default_folder ();
  g_autofree char *default_name = g_settings_get_string (settings, "default-account");

  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "local");
  g_assert_cmpstr (default_name, ==, "local");

  target = cd_accounts_create_target (settings, "local", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (CD_IS_LOCAL_TARGET (target));
  g_assert_true (g_file_equal (cd_local_target_get_folder (CD_LOCAL_TARGET (target)), expected));
}

static void
test_add_wordpress (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(GSettings) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTarget) target = NULL;
  g_autoptr(CdTarget) no_password = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *url = NULL;

  g_assert_true (cd_accounts_add (settings, "newsroom-wp", CD_ACCOUNT_TYPE_WORDPRESS,
                                  "https://news.example.org/", "editor", &error));
  g_assert_no_error (error);
  names = cd_accounts_list (settings);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[1], ==, "newsroom-wp");

  account = cd_accounts_get_account_settings (settings, "newsroom-wp");
  g_assert_cmpint (g_settings_get_enum (account, "type"), ==, CD_ACCOUNT_TYPE_WORDPRESS);
  url = g_settings_get_string (account, "url");
  g_assert_cmpstr (url, ==, "https://news.example.org/");

  target = cd_accounts_create_target (settings, "newsroom-wp", "secret", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (CD_IS_WORDPRESS_TARGET (target));
  g_assert_cmpstr (cd_target_get_account (target), ==, "newsroom-wp");
  g_assert_cmpstr (cd_wordpress_target_get_url (CD_WORDPRESS_TARGET (target)), ==,
                   "https://news.example.org");
  g_assert_cmpstr (cd_wordpress_target_get_user (CD_WORDPRESS_TARGET (target)), ==, "editor");

  no_password = cd_accounts_create_target (settings, "newsroom-wp", NULL, NULL, &error);
  g_assert_null (no_password);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH);
}

static void
test_refusals (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  const char *bad_names[] = { "", "Upper", "-dash", "a/b", "with space", "ümlaut" };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_assert_false (cd_accounts_add (settings, bad_names[i], CD_ACCOUNT_TYPE_LOCAL, NULL, NULL, &error));
      g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
      g_clear_error (&error);
    }

  g_assert_false (cd_accounts_add (settings, "plain", CD_ACCOUNT_TYPE_WORDPRESS,
                                   "http://news.example.org", "editor", &error));
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_clear_error (&error);

  g_assert_false (cd_accounts_add (settings, "nouser", CD_ACCOUNT_TYPE_WORDPRESS,
                                   "https://news.example.org", "", &error));
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (cd_accounts_remove (settings, "local", &error));
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (cd_accounts_create_target (settings, "missing", NULL, NULL, &error));
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID);

  names = cd_accounts_list (settings);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
}

static void
test_local_folder_and_remove (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTarget) target = NULL;
  g_autoptr(GFile) expected = g_file_new_for_path ("/srv/www/news");
  g_auto(GStrv) names = NULL;

  g_assert_true (cd_accounts_add (settings, "intranet", CD_ACCOUNT_TYPE_LOCAL, "/srv/www/news", NULL, &error));
  target = cd_accounts_create_target (settings, "intranet", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (cd_local_target_get_folder (CD_LOCAL_TARGET (target)), expected));

  g_assert_true (cd_accounts_remove (settings, "intranet", &error));
  g_assert_no_error (error);
  names = cd_accounts_list (settings);
  g_assert_false (g_strv_contains ((const char * const *) names, "intranet"));
  g_assert_false (cd_accounts_has (settings, "intranet"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/accounts/defaults", test_defaults);
  g_test_add_func ("/copydesk/core/accounts/add-wordpress", test_add_wordpress);
  g_test_add_func ("/copydesk/core/accounts/refusals", test_refusals);
  g_test_add_func ("/copydesk/core/accounts/local-folder-and-remove", test_local_folder_and_remove);

  return g_test_run ();
}
