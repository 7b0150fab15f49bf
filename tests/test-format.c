/* test-format.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cd-format.h"

static void
check_relative (GDateTime  *now,
                GTimeSpan   ago,
                const char *expected)
{
  g_autoptr(GDateTime) then = g_date_time_add (now, -ago);
  g_autofree char *text = cd_format_relative_time (then, now);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_relative_time (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 29, 15, 30, 0);

  check_relative (now, 0, "Just now");
  check_relative (now, -5 * G_TIME_SPAN_SECOND, "Just now");
  check_relative (now, 59 * G_TIME_SPAN_SECOND, "Just now");
  check_relative (now, G_TIME_SPAN_MINUTE, "1 minute ago");
  check_relative (now, 5 * G_TIME_SPAN_MINUTE + 30 * G_TIME_SPAN_SECOND, "5 minutes ago");
  check_relative (now, G_TIME_SPAN_HOUR, "1 hour ago");
  check_relative (now, 23 * G_TIME_SPAN_HOUR, "23 hours ago");
  check_relative (now, 24 * G_TIME_SPAN_HOUR, "Yesterday");
  check_relative (now, 3 * G_TIME_SPAN_DAY, "3 days ago");
  check_relative (now, 6 * G_TIME_SPAN_DAY, "6 days ago");
}

static void
test_relative_time_old (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 29, 15, 30, 0);
  g_autoptr(GDateTime) then = g_date_time_new_utc (2026, 11, 2, 9, 0, 0);
  g_autofree char *text = cd_format_relative_time (then, now);
  g_autofree char *date = cd_format_date (then);

  /* Past a week it is the locale's date: in C.UTF-8, %x is MM/DD/YY. */
  g_assert_cmpstr (text, ==, date);
  g_assert_cmpstr (date, ==, "11/02/26");
}

static void
test_number (void)
{
  g_autofree char *small = cd_format_number (42);

  g_assert_cmpstr (small, ==, "42");

  /* C.UTF-8 has no grouping; a locale that has one uses it. */
  if (setlocale (LC_NUMERIC, "en_US.UTF-8") != NULL)
    {
      g_autofree char *big = cd_format_number (100000);

      g_assert_cmpstr (big, ==, "100,000");
      setlocale (LC_NUMERIC, "C.UTF-8");
    }
  else
    g_test_message ("en_US.UTF-8 is not generated; grouping not checked");
}

/* A German user: the date, digit grouping and the words of the relative
 * times, the last from the build tree's catalog (COPYDESK_LOCALEDIR). */
static void
test_german (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 29, 15, 30, 0);
  g_autoptr(GDateTime) noon = g_date_time_new_utc (2026, 11, 29, 12, 0, 0);
  const char *localedir = g_getenv ("COPYDESK_LOCALEDIR");
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *saved_language = g_strdup (g_getenv ("LANGUAGE"));

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_test_fail_printf ("de_DE.UTF-8 is not generated; run build-aux/install-deps.sh");
      return;
    }
  g_setenv ("LANGUAGE", "de", TRUE);
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);

  {
    g_autofree char *big = cd_format_number (100000);
    g_autofree char *million = cd_format_number (1234567);
    g_autofree char *date = cd_format_date (noon);

    g_assert_cmpstr (big, ==, "100.000");
    g_assert_cmpstr (million, ==, "1.234.567");
    g_assert_cmpstr (date, ==, "29.11.2026");
    check_relative (now, 27 * G_TIME_SPAN_DAY + 6 * G_TIME_SPAN_HOUR + 30 * G_TIME_SPAN_MINUTE,
                    "02.11.2026");
    if (localedir != NULL)
      {
        check_relative (now, 0, "Gerade eben");
        check_relative (now, G_TIME_SPAN_MINUTE, "vor 1 Minute");
        check_relative (now, 5 * G_TIME_SPAN_MINUTE, "vor 5 Minuten");
        check_relative (now, 24 * G_TIME_SPAN_HOUR, "Gestern");
        check_relative (now, 3 * G_TIME_SPAN_DAY, "vor 3 Tagen");
      }
    else
      g_test_message ("COPYDESK_LOCALEDIR is unset; the catalog is not checked");
  }

  if (saved_language != NULL)
    g_setenv ("LANGUAGE", saved_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, saved);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/format/relative-time", test_relative_time);
  g_test_add_func ("/copydesk/core/format/relative-time-old", test_relative_time_old);
  g_test_add_func ("/copydesk/core/format/number", test_number);
  g_test_add_func ("/copydesk/core/format/german", test_german);

  return g_test_run ();
}
