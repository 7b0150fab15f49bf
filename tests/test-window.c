/* test-window.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cd-photo-panel-private.h"
#include "cd-photo-row-private.h"
#include "cd-status-sidebar-private.h"
#include "cd-story-editor-private.h"
#include "cd-test-photo.h"
#include "cd-window-private.h"

/* The whole window over a real library file, driven through the widgets as
 * an editor would: nothing here calls the model behind the window's back
 * except to check what it holds.
 */

typedef struct
{
  char      *dir;
  char      *path;
  CdLibrary *library;
  CdWindow  *window;
} Fixture;

static void
open_window (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
  f->window = cd_window_new (NULL, f->library);
  gtk_window_present (GTK_WINDOW (f->window));
  while (!_cd_window_get_populated (f->window))
    g_main_context_iteration (NULL, TRUE);
}

static void
close_window (Fixture *f)
{
  /* As the user closes it: close-request saves, then the library goes. */
  gtk_window_close (GTK_WINDOW (f->window));
  f->window = NULL;
  g_clear_object (&f->library);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = cd_test_photo_make_dir ();
  f->path = g_build_filename (f->dir, "library", "library.db", NULL);
  open_window (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    close_window (f);
  cd_test_photo_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_until_saved (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  CdStoryEditor *editor = CD_STORY_EDITOR (_cd_window_get_editor (f->window));

  /* The editor's body timer first, then the library's autosave. */
  while ((_cd_story_editor_get_busy (editor) || cd_library_has_pending_changes (f->library))
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (cd_library_has_pending_changes (f->library));
}

static GtkEditable *
editor_entry (Fixture    *f,
              const char *name)
{
  GtkWidget *editor = _cd_window_get_editor (f->window);

  return GTK_EDITABLE (gtk_widget_get_template_child (editor, CD_TYPE_STORY_EDITOR, name));
}

static GtkTextBuffer *
body_buffer (Fixture *f)
{
  return _cd_story_editor_get_buffer (CD_STORY_EDITOR (_cd_window_get_editor (f->window)));
}

static GListModel *
sidebar_model (Fixture *f)
{
  return cd_status_sidebar_get_model (CD_STATUS_SIDEBAR (_cd_window_get_sidebar (f->window)));
}

static char *
sidebar_headline (Fixture *f,
                  guint    position)
{
  g_autoptr(GObject) item = g_list_model_get_item (sidebar_model (f), position);
  char *headline = NULL;

  g_assert_nonnull (item);
  g_object_get (item, "headline", &headline, NULL);
  return headline;
}

static void
test_window_save_and_restore (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *body = NULL;
  GtkTextIter start, end;

  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-story", NULL);
  g_assert_nonnull (_cd_window_get_story (f->window));
  id = g_strdup (cd_story_get_id (_cd_window_get_story (f->window)));

  gtk_editable_set_text (editor_entry (f, "headline_entry"), "Harbour Bridge Reopens");
  gtk_text_buffer_get_end_iter (body_buffer (f), &end);
  gtk_text_buffer_insert (body_buffer (f), &end, "The bridge reopened on Tuesday after repairs.", -1);

  /* No Ctrl+S: the autosave writes it by itself. */
  wait_until_saved (f);

  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 1);
  headline = sidebar_headline (f, 0);
  g_assert_cmpstr (headline, ==, "Harbour Bridge Reopens");

  /* Quit and start again on the same file. */
  close_window (f);
  open_window (f);

  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 1);
  g_assert_nonnull (_cd_window_get_story (f->window));
  g_assert_cmpstr (cd_story_get_id (_cd_window_get_story (f->window)), ==, id);
  g_assert_cmpstr (gtk_editable_get_text (editor_entry (f, "headline_entry")), ==,
                   "Harbour Bridge Reopens");
  spin (300);
  gtk_text_buffer_get_bounds (body_buffer (f), &start, &end);
  body = gtk_text_buffer_get_text (body_buffer (f), &start, &end, FALSE);
  g_assert_cmpstr (body, ==, "The bridge reopened on Tuesday after repairs.");
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  CdPhoto **photo = user_data;
  g_autoptr(GError) error = NULL;

  *photo = cd_photo_panel_add_file_finish (CD_PHOTO_PANEL (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
mark_ready_enabled (Fixture *f)
{
  GtkWidget *editor = _cd_window_get_editor (f->window);
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (editor, CD_TYPE_STORY_EDITOR,
                                                                 "mark_ready_button"));

  spin (50);
  return gtk_widget_get_sensitive (button);
}

static void
test_window_checklist_then_ready (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *jpeg = NULL;
  g_autoptr(GFile) file = NULL;
  CdPhotoPanel *panel = CD_PHOTO_PANEL (_cd_window_get_photo_panel (f->window));
  CdStatusSidebar *sidebar = CD_STATUS_SIDEBAR (_cd_window_get_sidebar (f->window));
  CdPhoto *photo = NULL;
  CdPhotoRow *row;
  CdStory *story;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-story", NULL);
  story = _cd_window_get_story (f->window);

  gtk_editable_set_text (editor_entry (f, "headline_entry"), "Storm Closes Schools");
  gtk_editable_set_text (editor_entry (f, "byline_row"), "Ana Ruiz");
  gtk_text_buffer_set_text (body_buffer (f), "All schools stay closed on Friday.", -1);
  spin (400);
  g_assert_true (mark_ready_enabled (f));

  /* A photo without caption, credit or alt text blocks the story. */
  jpeg = cd_test_photo_write_jpeg (f->dir, "bare.jpg");
  file = g_file_new_for_path (jpeg);
  cd_photo_panel_add_file_async (panel, file, NULL, added_cb, &photo);
  while (photo == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (mark_ready_enabled (f));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "story.mark-ready", NULL);
  spin (100);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_DRAFT);

  row = cd_photo_panel_get_row (panel, 0);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (cd_photo_row_get_field (row, "caption"))),
                            "Waves over the sea wall.", -1);
  gtk_editable_set_text (GTK_EDITABLE (cd_photo_row_get_field (row, "credit")), "Ana Ruiz/Agency");
  g_assert_false (mark_ready_enabled (f));
  gtk_editable_set_text (GTK_EDITABLE (cd_photo_row_get_field (row, "alt-text")),
                         "Grey waves break over a concrete wall");
  g_assert_true (mark_ready_enabled (f));

  /* Ctrl+Return, as the editor presses it. */
  gtk_widget_activate_action (_cd_window_get_editor (f->window), "story.mark-ready", NULL);
  spin (200);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_READY);

  cd_status_sidebar_set_filter (sidebar, CD_STATUS_READY);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 1);
  {
    g_autofree char *headline = sidebar_headline (f, 0);
    g_assert_cmpstr (headline, ==, "Storm Closes Schools");
  }
  cd_status_sidebar_set_filter (sidebar, CD_STATUS_DRAFT);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 0);
}

static void
test_window_search (Fixture       *f,
                    gconstpointer  data)
{
  static const char *headlines[] = { "Council Approves Budget", "Ferry Strike Ends", NULL };
  CdStatusSidebar *sidebar = CD_STATUS_SIDEBAR (_cd_window_get_sidebar (f->window));
  GtkEditable *search;

  for (guint i = 0; headlines[i] != NULL; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-story", NULL);
      gtk_editable_set_text (editor_entry (f, "headline_entry"), headlines[i]);
      spin (100);
    }
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save-story", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 2);

  search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (sidebar),
                                                        CD_TYPE_STATUS_SIDEBAR,
                                                        "search_entry"));
  gtk_editable_set_text (search, "ferry");
  spin (400);  /* GtkSearchEntry waits a moment before it reports */
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (f)), ==, 1);
  {
    g_autofree char *headline = sidebar_headline (f, 0);
    g_assert_cmpstr (headline, ==, "Ferry Strike Ends");
  }
}

static void
test_window_opens_photos (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *jpeg = NULL;
  g_autofree char *id = NULL;
  CdPhotoPanel *panel;
  CdPhoto *photo;

  /* A story with a photo, written as the command line writes it. */
  story = cd_library_create_story (f->library, &error);
  g_assert_no_error (error);
  id = g_strdup (cd_story_get_id (story));
  cd_story_set_headline (story, "Ship Lies on Its Side");
  jpeg = cd_test_photo_write_jpeg (f->dir, "ship.jpg");
  file = g_file_new_for_path (jpeg);
  photo = cd_library_import_photo_file (f->library, story, file, &error);
  g_assert_no_error (error);
  cd_photo_set_caption (photo, "The ship off Giglio.");
  g_assert_true (cd_library_save_story (f->library, story, &error));
  g_clear_object (&story);
  close_window (f);

  open_window (f);
  /* As a click on its row does. */
  g_signal_emit_by_name (_cd_window_get_sidebar (f->window), "story-selected", id);
  spin (200);

  g_assert_nonnull (_cd_window_get_story (f->window));
  panel = CD_PHOTO_PANEL (_cd_window_get_photo_panel (f->window));
  g_assert_nonnull (cd_photo_panel_get_row (panel, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (panel), CD_TYPE_PHOTO_PANEL, "stack"))), ==, "photos");
}

static void
test_window_recovery (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *crashed_id = NULL;
  g_autofree char *last_id = NULL;
  GtkInfoBar *bar;
  const char *text;

  /* Two stories; the window restores the one it showed last ... */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-story", NULL);
  crashed_id = g_strdup (cd_story_get_id (_cd_window_get_story (f->window)));
  gtk_editable_set_text (editor_entry (f, "headline_entry"), "Harbour Bridge Reopens");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-story", NULL);
  last_id = g_strdup (cd_story_get_id (_cd_window_get_story (f->window)));
  close_window (f);
  open_window (f);
  g_assert_cmpstr (cd_story_get_id (_cd_window_get_story (f->window)), ==, last_id);
  bar = _cd_window_get_recovery_bar (f->window);
  g_assert_false (gtk_info_bar_get_revealed (bar));

  /* ... but after a crash it opens the one the crashed session saved last,
   * and says so. */
  g_test_expect_message ("cd-window", G_LOG_LEVEL_MESSAGE,
                         "Recovered from an unclean exit: story*reopened");
  cd_window_show_recovery (f->window, crashed_id, g_get_real_time ());
  g_test_assert_expected_messages ();
  g_assert_cmpstr (cd_story_get_id (_cd_window_get_story (f->window)), ==, crashed_id);
  g_assert_true (gtk_info_bar_get_revealed (bar));
  text = _cd_window_get_recovery_text (f->window);
  g_assert_nonnull (strstr (text, "did not close properly"));
  g_assert_nonnull (strstr (text, "“Harbour Bridge Reopens”"));

  /* The close button dismisses it. */
  gtk_info_bar_response (bar, GTK_RESPONSE_CLOSE);
  g_assert_false (gtk_info_bar_get_revealed (bar));

  /* A story deleted since: the time, and no story. */
  g_assert_true (cd_library_delete_story (f->library, last_id, &error));
  g_assert_no_error (error);
  g_test_expect_message ("cd-window", G_LOG_LEVEL_MESSAGE,
                         "Recovered from an unclean exit: story*not found");
  cd_window_show_recovery (f->window, last_id, g_get_real_time ());
  g_test_assert_expected_messages ();
  g_assert_cmpstr (cd_story_get_id (_cd_window_get_story (f->window)), ==, crashed_id);
  text = _cd_window_get_recovery_text (f->window);
  g_assert_nonnull (strstr (text, "saved up to"));
  g_assert_null (strstr (text, "“"));

  /* A session that saved nothing. */
  g_test_expect_message ("cd-window", G_LOG_LEVEL_MESSAGE,
                         "Recovered from an unclean exit: no save recorded");
  cd_window_show_recovery (f->window, NULL, 0);
  g_test_assert_expected_messages ();
  g_assert_true (gtk_info_bar_get_revealed (bar));
  g_assert_null (strstr (_cd_window_get_recovery_text (f->window), "saved up to"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/copydesk/ui/window/save-and-restore", Fixture, NULL,
              fixture_set_up, test_window_save_and_restore, fixture_tear_down);
  g_test_add ("/copydesk/ui/window/checklist-then-ready", Fixture, NULL,
              fixture_set_up, test_window_checklist_then_ready, fixture_tear_down);
  g_test_add ("/copydesk/ui/window/opens-photos", Fixture, NULL,
              fixture_set_up, test_window_opens_photos, fixture_tear_down);
  g_test_add ("/copydesk/ui/window/search", Fixture, NULL,
              fixture_set_up, test_window_search, fixture_tear_down);
  g_test_add ("/copydesk/ui/window/recovery", Fixture, NULL,
              fixture_set_up, test_window_recovery, fixture_tear_down);

  return g_test_run ();
}
