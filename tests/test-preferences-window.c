/* test-preferences-window.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-preferences-window"

#include "config.h"

#include <adwaita.h>

#include "cd-archiver.h"
#include "cd-preferences-window-private.h"

static GtkWidget *
child (GtkWidget  *window,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (window, CD_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* The Archiving group writes the archive-* keys and follows them. */
static void
test_preferences_archiving (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.copydesk.Copydesk");
  g_autofree char *notice = NULL;
  g_autofree char *unit = NULL;
  GtkWidget *window = cd_preferences_window_new (NULL);
  GtkWidget *placeholder;
  GtkTextBuffer *buffer;

  gtk_window_present (GTK_WINDOW (window));

  /* Defaults: off, 2 years, the default notice as placeholder. */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (child (window, "archive_switch"))));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (child (window, "archive_age_spin"))), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (child (window, "archive_unit_dropdown"))), ==, 2);
  placeholder = child (window, "archive_notice_placeholder");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (placeholder)), ==, cd_archiver_get_default_notice ());
  g_assert_true (gtk_widget_get_visible (placeholder));

  gtk_switch_set_active (GTK_SWITCH (child (window, "archive_switch")), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "archive-enabled"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (window, "archive_age_spin")), 18);
  g_assert_cmpint (g_settings_get_int (settings, "archive-age"), ==, 18);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (child (window, "archive_unit_dropdown")), 1);
  unit = g_settings_get_string (settings, "archive-age-unit");
  g_assert_cmpstr (unit, ==, "months");

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (window, "archive_notice_view")));
  gtk_text_buffer_set_text (buffer, "Archived; check the date.", -1);
  notice = g_settings_get_string (settings, "archive-notice");
  g_assert_cmpstr (notice, ==, "Archived; check the date.");
  g_assert_false (gtk_widget_get_visible (placeholder));

  /* And the other way: a change elsewhere shows. */
  g_settings_set_enum (settings, "archive-age-unit", CD_ARCHIVE_AGE_UNIT_DAYS);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (child (window, "archive_unit_dropdown"))), ==, 0);
  g_settings_set_string (settings, "archive-notice", "");
  g_assert_true (gtk_widget_get_visible (placeholder));

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "archive-enabled");
  g_settings_reset (settings, "archive-age");
  g_settings_reset (settings, "archive-age-unit");
  g_settings_reset (settings, "archive-notice");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/copydesk/ui/preferences-window/archiving", test_preferences_archiving);

  return g_test_run ();
}
