/* cd-format.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-format"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "cd-format.h"

/**
 * cd_format_relative_time:
 * @then: the moment to describe
 * @now: (nullable): the present, or %NULL for the current time
 *
 * Describes @then relative to @now the way the sidebar shows an update
 * time: "Just now", "5 minutes ago", "3 hours ago", "Yesterday", "4 days
 * ago", and past a week the date in the user's locale.
 *
 * Returns: (transfer full): a translated string
 */
char *
cd_format_relative_time (GDateTime *then,
                         GDateTime *now)
{
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) then_local = NULL;
  g_autoptr(GDateTime) now_local = NULL;
  GTimeSpan span;
  gint64 minutes, hours;
  int days;

  g_return_val_if_fail (then != NULL, NULL);

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  span = g_date_time_difference (now, then);

  /* A clock a little ahead of ours still means "just now". */
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));

  minutes = span / G_TIME_SPAN_MINUTE;
  if (minutes < 60)
    /* Translators: how long ago a story was updated; the number is a count */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         minutes),
                            (int) minutes);

  hours = span / G_TIME_SPAN_HOUR;
  if (hours < 24)
    /* Translators: how long ago a story was updated; the number is a count */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours),
                            (int) hours);

  /* Past a day, count calendar days in the user's time zone. */
  then_local = g_date_time_to_local (then);
  now_local = g_date_time_to_local (now);
  {
    GDate a, b;

    g_date_clear (&a, 1);
    g_date_clear (&b, 1);
    g_date_set_dmy (&a, g_date_time_get_day_of_month (then_local),
                    g_date_time_get_month (then_local), g_date_time_get_year (then_local));
    g_date_set_dmy (&b, g_date_time_get_day_of_month (now_local),
                    g_date_time_get_month (now_local), g_date_time_get_year (now_local));
    days = g_date_days_between (&a, &b);
  }

  if (days <= 1)
    return g_strdup (_("Yesterday"));

  if (days < 7)
    /* Translators: how long ago a story was updated; the number is a count */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days),
                            days);

  return cd_format_date (then);
}

/**
 * cd_format_date:
 * @when: a moment
 *
 * Returns: (transfer full): the date of @when in the user's locale and
 *   time zone, e.g. "11/29/2026" or "29.11.2026"
 */
char *
cd_format_date (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (when != NULL, NULL);

  local = g_date_time_to_local (when);

  /* %x is the locale's preferred date representation. */
  return g_date_time_format (local, "%x");
}

/**
 * cd_format_number:
 * @number: a count
 *
 * Returns: (transfer full): @number with the locale's digit grouping,
 *   e.g. "100,000" or "100.000"
 */
char *
cd_format_number (guint64 number)
{
  char buf[64];

  /* The ' flag asks printf for the LC_NUMERIC thousands separator. */
  snprintf (buf, sizeof buf, "%'" G_GUINT64_FORMAT, number);

  return g_strdup (buf);
}
