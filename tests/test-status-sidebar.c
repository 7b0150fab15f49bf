/* test-status-sidebar.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-status-sidebar"

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <stdio.h>

#include "cd-library.h"
#include "cd-status-sidebar-private.h"
#include "cd-story-row-private.h"
#include "cd-test-ui.h"
#include "library-test-util.h"

/* The publish-status sidebar over a real library: a failed push counts
 * down to its retry, and a row's context menu opens from the keyboard (the
 * keys go through the X server with xdotool, as a person's would).
 */

typedef struct
{
  char         *dir;
  CdLibrary    *library;
  GtkWidget    *window;
  GtkWidget    *sidebar;
  GPtrArray    *activated;  /* "action id", one per activation */
  char         *published;
  char         *failed_later;
  char         *failed_soon;
  gint64        entry_later;
  gint64        entry_soon;
} Fixture;

static void
record_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->activated, g_strdup_printf ("%s %s", g_action_get_name (G_ACTION (action)),
                                                  g_variant_get_string (parameter, NULL)));
}

static CdStory *
make_story (Fixture    *f,
            const char *headline)
{
  g_autoptr(GError) error = NULL;
  CdStory *story = cd_library_create_story (f->library, &error);

  g_assert_no_error (error);
  cd_story_set_headline (story, headline);
  cd_story_set_byline (story, "Jane Doe");
  cd_story_set_body (story, "A paragraph.");
  g_assert_true (cd_library_save_story (f->library, story, &error));
  g_assert_no_error (error);

  return story;
}

/* A push that failed and waits for its retry at @retry_at, as the
 * publisher leaves it. */
static char *
make_failed (Fixture    *f,
             const char *headline,
             gint64      retry_at,
             gint64     *entry_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = make_story (f, headline);

  *entry_id = cd_library_set_status_and_enqueue (f->library, story, CD_STATUS_READY, "local",
                                                 CD_OUTBOX_KIND_PUSH, &error);
  g_assert_no_error (error);
  g_assert_true (cd_library_claim (f->library, *entry_id, CD_STATUS_QUEUED, &error));
  g_assert_true (cd_library_set_status (f->library, story, CD_STATUS_PUSHING, &error));
  g_assert_true (cd_library_fail (f->library, *entry_id, "HTTP 503 from the server", retry_at,
                                  CD_STATUS_FAILED, &error));
  g_assert_no_error (error);

  return g_strdup (cd_story_get_id (story));
}

static gboolean
rows_shown (Fixture *f)
{
  const char *ids[] = { f->published, f->failed_later, f->failed_soon };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      CdStoryRow *row = cd_test_ui_find_story_row (f->sidebar, ids[i]);

      if (row == NULL || !gtk_widget_get_mapped (GTK_WIDGET (row)))
        return FALSE;
    }

  return TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const GActionEntry actions[] = {
    { "archive-story", record_action_cb, "s" },
    { "retry-story", record_action_cb, "s" },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) published = NULL;
  g_autofree char *path = NULL;
  gint64 now = g_get_real_time ();
  gint64 deadline;

  f->dir = test_make_tmpdir ();
  path = g_build_filename (f->dir, "library.db", NULL);
  f->library = cd_library_open (path, &error);
  g_assert_no_error (error);
  f->activated = g_ptr_array_new_with_free_func (g_free);

  published = make_story (f, "Council Approves Budget");
  g_assert_true (cd_library_set_status (f->library, published, CD_STATUS_PUBLISHED, &error));
  g_assert_no_error (error);
  f->published = g_strdup (cd_story_get_id (published));
  f->failed_later = make_failed (f, "Ferry Strike Ends", now + 150 * G_USEC_PER_SEC,
                                 &f->entry_later);
  f->failed_soon = make_failed (f, "Harbour Reopens", now + 60 * G_USEC_PER_SEC, &f->entry_soon);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 500);
  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, G_N_ELEMENTS (actions), f);
  gtk_widget_insert_action_group (f->window, "win", G_ACTION_GROUP (group));
  f->sidebar = cd_status_sidebar_new ();
  cd_status_sidebar_set_model (CD_STATUS_SIDEBAR (f->sidebar), cd_library_get_stories (f->library));
  gtk_window_set_child (GTK_WINDOW (f->window), f->sidebar);
  gtk_window_present (GTK_WINDOW (f->window));

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!rows_shown (f) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (rows_shown (f));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  cd_test_ui_spin (50);
  g_clear_object (&f->library);
  test_rm_rf (f->dir);
  g_ptr_array_unref (f->activated);
  g_free (f->published);
  g_free (f->failed_later);
  g_free (f->failed_soon);
  g_free (f->dir);
}

static const char *
countdown_text (Fixture    *f,
                const char *id)
{
  CdStoryRow *row = cd_test_ui_find_story_row (f->sidebar, id);
  GtkWidget *label;

  g_assert_nonnull (row);
  label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), CD_TYPE_STORY_ROW,
                                                   "countdown_label"));
  if (!gtk_widget_get_visible (label))
    return NULL;

  return gtk_label_get_text (GTK_LABEL (label));
}

static guint
countdown_seconds (Fixture    *f,
                   const char *id)
{
  const char *text = countdown_text (f, id);
  guint seconds = 0;

  g_assert_nonnull (text);
  g_assert_cmpint (sscanf (text, "Retrying in %u seconds", &seconds), ==, 1);
  return seconds;
}

/* Failed and waiting: the row says when the retry comes and counts down;
 * once nothing waits the clock stops. */
static void
test_retry_countdown (Fixture       *f,
                      gconstpointer  data)
{
  CdStatusSidebar *sidebar = CD_STATUS_SIDEBAR (f->sidebar);
  g_autoptr(GError) error = NULL;
  guint first, later;
  gint64 deadline;

  g_assert_cmpstr (countdown_text (f, f->failed_later), ==, "Retrying in 2 minutes");
  g_assert_null (countdown_text (f, f->published));
  first = countdown_seconds (f, f->failed_soon);
  g_assert_cmpuint (first, <=, 60);
  g_assert_cmpuint (first, >=, 45);
  g_assert_true (_cd_status_sidebar_get_counting_down (sidebar));

  /* Live: the text moves on with no change to the story. */
  cd_test_ui_spin (2500);
  later = countdown_seconds (f, f->failed_soon);
  g_assert_cmpuint (later, <, first);
  g_assert_cmpuint (later, >=, first - 4);

  /* The publisher takes both again: no countdown, and the clock stops. */
  g_assert_true (cd_library_claim (f->library, f->entry_later, CD_LIBRARY_STATUS_UNCHANGED,
                                   &error));
  g_assert_true (cd_library_claim (f->library, f->entry_soon, CD_LIBRARY_STATUS_UNCHANGED,
                                   &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (_cd_status_sidebar_get_counting_down (sidebar) && g_get_monotonic_time () < deadline)
    cd_test_ui_spin (50);
  g_assert_false (_cd_status_sidebar_get_counting_down (sidebar));
  g_assert_null (countdown_text (f, f->failed_later));
  g_assert_null (countdown_text (f, f->failed_soon));

  /* Failing again with a retry starts it once more. */
  g_assert_true (cd_library_fail (f->library, f->entry_soon, "HTTP 502",
                                  g_get_real_time () + 30 * G_USEC_PER_SEC,
                                  CD_LIBRARY_STATUS_UNCHANGED, &error));
  g_assert_no_error (error);
  cd_test_ui_spin (200);
  g_assert_true (_cd_status_sidebar_get_counting_down (sidebar));
  g_assert_cmpuint (countdown_seconds (f, f->failed_soon), <=, 30);
}

/* Presses @keys (xdotool's names) in the window, through the X server. */
static void
press_keys (Fixture    *f,
            const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  g_autofree char *xid = NULL;
  g_autofree char *focus = NULL;
  g_autofree char *press = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  focus = g_strdup_printf ("xdotool windowfocus --sync %s", xid);
  press = g_strdup_printf ("xdotool key --clearmodifiers %s", keys);

  g_assert_true (g_spawn_command_line_sync (focus, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_spawn_command_line_sync (press, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static GtkWidget *
first_item (GtkWidget *widget)
{
  if (g_str_equal (gtk_widget_get_css_name (widget), "modelbutton"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *item = first_item (child);

      if (item != NULL)
        return item;
    }

  return NULL;
}

static const char *
item_label (GtkWidget *item)
{
  for (GtkWidget *child = gtk_widget_get_first_child (item);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      return gtk_label_get_text (GTK_LABEL (child));

  return NULL;
}

/* Focuses the row's list item, presses @keys and waits for its menu;
 * returns the popover. */
static GtkWidget *
open_menu_with_keys (Fixture    *f,
                     const char *id,
                     const char *keys)
{
  CdStoryRow *row = cd_test_ui_find_story_row (f->sidebar, id);
  GtkWidget *list_item;
  GtkWidget *menu;
  gint64 deadline;

  g_assert_nonnull (row);
  list_item = gtk_widget_get_parent (GTK_WIDGET (row));
  g_assert_true (gtk_widget_grab_focus (list_item));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == list_item);

  press_keys (f, keys);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (((menu = cd_story_row_get_menu (row)) == NULL || !gtk_widget_get_visible (menu)) &&
         g_get_monotonic_time () < deadline)
    cd_test_ui_spin (20);
  cd_test_ui_spin (100);

  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_get_visible (menu));
  return menu;
}

/* Menu and Shift+F10 open the focused row's context menu with the focus on
 * its first item; Return activates it, Escape closes the menu. */
static void
test_keyboard_menu (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *archived = g_strdup_printf ("archive-story %s", f->published);
  GtkWidget *menu;
  GtkWidget *item;
  gint64 deadline;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  menu = open_menu_with_keys (f, f->published, "Menu");
  item = first_item (menu);
  g_assert_nonnull (item);
  g_assert_cmpstr (item_label (item), ==, "Archive…");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == item);

  /* The item works from the keyboard too. */
  press_keys (f, "Return");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (f->activated->len == 0 && g_get_monotonic_time () < deadline)
    cd_test_ui_spin (20);
  g_assert_cmpuint (f->activated->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->activated, 0), ==, archived);
  cd_test_ui_spin (100);
  g_assert_false (gtk_widget_get_visible (menu));

  /* A failed push offers Retry, on Shift+F10 as well. */
  menu = open_menu_with_keys (f, f->failed_later, "shift+F10");
  item = first_item (menu);
  g_assert_cmpstr (item_label (item), ==, "Retry");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == item);
  press_keys (f, "Escape");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (gtk_widget_get_visible (menu) && g_get_monotonic_time () < deadline)
    cd_test_ui_spin (20);
  g_assert_false (gtk_widget_get_visible (menu));
  g_assert_cmpuint (f->activated->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/copydesk/ui/status-sidebar/retry-countdown", Fixture, NULL,
              fixture_set_up, test_retry_countdown, fixture_tear_down);
  g_test_add ("/copydesk/ui/status-sidebar/keyboard-menu", Fixture, NULL,
              fixture_set_up, test_keyboard_menu, fixture_tear_down);

  return g_test_run ();
}
