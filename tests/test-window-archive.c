/* test-window-archive.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-window-archive"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cd-accounts.h"
#include "cd-library.h"
#include "cd-publisher.h"
#include "cd-status-sidebar-private.h"
#include "cd-story-row-private.h"
#include "cd-test-photo.h"
#include "cd-test-ui.h"
#include "cd-window-private.h"

/* Archiving from the window, against a real library and a local-folder
 * account: the pieces are published first, through the publisher, so the
 * archiver rewrites real pages on disk.
 */

#define ACCOUNT "desk"
#define NOTICE  "Kept for the record; details may have changed."

typedef struct
{
  char      *dir;
  char      *site;
  GSettings *settings;
  CdLibrary *library;
  CdTarget  *target;
  CdWindow  *window;
  char      *ids[2];
} Fixture;

static CdTarget *
get_target_cb (const char  *account,
               gpointer     user_data,
               GError     **error)
{
  Fixture *f = user_data;

  g_assert_cmpstr (account, ==, ACCOUNT);
  return g_object_ref (f->target);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_publisher_run_until_idle_finish (CD_PUBLISHER (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static char *
publish_story (Fixture     *f,
               CdPublisher *publisher,
               const char  *headline)
{
  const char *tags[] = { "Harbour", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_library_create_story (f->library, &error);
  gboolean done = FALSE;

  g_assert_no_error (error);
  cd_story_set_headline (story, headline);
  cd_story_set_dek (story, "A short dek");
  cd_story_set_byline (story, "Jane Doe");
  cd_story_set_body (story, "First paragraph.\n\nSecond paragraph.");
  cd_story_set_tags (story, tags);
  g_assert_true (cd_library_mark_ready (f->library, story, &error));
  g_assert_no_error (error);

  cd_publisher_run_until_idle_async (publisher, 0, NULL, run_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  return g_strdup (cd_story_get_id (story));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdPublisher) publisher = NULL;
  g_autofree char *path = NULL;

  f->dir = cd_test_photo_make_dir ();
  f->site = g_build_filename (f->dir, "site", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->site, 0700), ==, 0);

  f->settings = g_settings_new ("io.github.copydesk.Copydesk");
  g_assert_true (cd_accounts_add (f->settings, ACCOUNT, CD_ACCOUNT_TYPE_LOCAL, f->site, NULL,
                                  &error));
  g_assert_no_error (error);
  g_settings_set_string (f->settings, "default-account", ACCOUNT);
  g_settings_set_string (f->settings, "archive-notice", NOTICE);
  f->target = cd_accounts_create_target (f->settings, ACCOUNT, NULL, NULL, &error);
  g_assert_no_error (error);

  path = g_build_filename (f->dir, "library", "library.db", NULL);
  f->library = cd_library_open (path, &error);
  g_assert_no_error (error);
  cd_library_set_default_account (f->library, ACCOUNT);

  publisher = cd_publisher_new (f->library, get_target_cb, f, NULL);
  f->ids[0] = publish_story (f, publisher, "Council Approves Budget");
  f->ids[1] = publish_story (f, publisher, "Ferry Strike Ends");
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_PUBLISHED), ==, 2);

  f->window = cd_window_new (NULL, f->library);
  gtk_window_present (GTK_WINDOW (f->window));
  while (!_cd_window_get_populated (f->window))
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->library);
  g_clear_object (&f->target);
  g_settings_reset (f->settings, "accounts");
  g_settings_reset (f->settings, "default-account");
  g_settings_reset (f->settings, "archive-notice");
  g_clear_object (&f->settings);
  cd_test_photo_remove_dir (f->dir);
  g_free (f->ids[0]);
  g_free (f->ids[1]);
  g_free (f->site);
  g_free (f->dir);
}

static CdStatus
story_status (Fixture    *f,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_library_load_story (f->library, id, &error);

  g_assert_no_error (error);
  return cd_story_get_status (story);
}

static char *
read_page (Fixture    *f,
           const char *id)
{
  g_autoptr(CdStory) story = cd_library_load_story (f->library, id, NULL);
  const CdRemote *remote = cd_story_get_remote (story, ACCOUNT);
  g_autofree char *path = NULL;
  char *text = NULL;

  g_assert_nonnull (remote);
  path = g_build_filename (f->site, remote->remote_id, "index.html", NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The preview the window shows, waiting for it to appear. */
static AdwMessageDialog *
wait_for_dialog (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

      for (GList *l = toplevels; l != NULL; l = l->next)
        if (ADW_IS_MESSAGE_DIALOG (l->data) &&
            gtk_window_get_transient_for (l->data) == GTK_WINDOW (f->window))
          return l->data;

      g_main_context_iteration (NULL, TRUE);
    }

  g_assert_not_reached ();
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = find_button (child, label);

      if (button != NULL)
        return button;
    }

  return NULL;
}

/* As the user answers: a click on the response's button, which also
 * closes the dialog. */
static void
respond (AdwMessageDialog *dialog,
         const char       *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static void
wait_for_status (Fixture    *f,
                 const char *id,
                 CdStatus    status)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (story_status (f, id) != status && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);

  g_assert_cmpint (story_status (f, id), ==, status);
}

static void
test_archive_story (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *before = read_page (f, f->ids[1]);
  g_autofree char *archived = NULL;
  g_autofree char *other = NULL;
  g_autofree char *restored = NULL;
  AdwMessageDialog *dialog;

  g_assert_null (strstr (before, NOTICE));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.archive-story", "s", f->ids[1]);
  dialog = wait_for_dialog (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Archive 1 piece?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Ferry Strike Ends"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "Council"));
  /* Nothing changes before the answer. */
  g_assert_cmpint (story_status (f, f->ids[1]), ==, CD_STATUS_PUBLISHED);

  respond (dialog, "_Archive");
  wait_for_status (f, f->ids[1], CD_STATUS_ARCHIVED);
  archived = read_page (f, f->ids[1]);
  g_assert_nonnull (strstr (archived, NOTICE));

  /* The other piece is untouched. */
  g_assert_cmpint (story_status (f, f->ids[0]), ==, CD_STATUS_PUBLISHED);
  other = read_page (f, f->ids[0]);
  g_assert_null (strstr (other, NOTICE));

  /* Unarchiving needs no preview and restores the page. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.unarchive-story", "s", f->ids[1]);
  wait_for_status (f, f->ids[1], CD_STATUS_PUBLISHED);
  restored = read_page (f, f->ids[1]);
  g_assert_cmpstr (restored, ==, before);
}

static void
test_archive_cancel (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *before = read_page (f, f->ids[0]);
  g_autofree char *after = NULL;
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.archive-story", "s", f->ids[0]);
  dialog = wait_for_dialog (f);
  respond (dialog, "_Cancel");
  cd_test_ui_spin (300);

  g_assert_cmpint (story_status (f, f->ids[0]), ==, CD_STATUS_PUBLISHED);
  after = read_page (f, f->ids[0]);
  g_assert_cmpstr (after, ==, before);
}

static void
assert_menu_item (GMenuModel *menu,
                  const char *action,
                  const char *target)
{
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_ACTION, "s", &name));
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_TARGET, "s", &value));
  g_assert_cmpstr (name, ==, action);
  g_assert_cmpstr (value, ==, target);
}

/* A right-click on a row offers what fits its status; the item works. */
static void
test_row_context_menu (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *sidebar = _cd_window_get_sidebar (f->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) draft = NULL;
  CdStoryRow *row;
  GMenuModel *menu;
  AdwMessageDialog *dialog;

  draft = cd_library_create_story (f->library, &error);
  g_assert_no_error (error);
  cd_test_ui_spin (100);

  row = cd_test_ui_find_story_row (sidebar, cd_story_get_id (draft));
  g_assert_nonnull (row);
  g_assert_null (_cd_story_row_popup_context_menu (row));

  row = cd_test_ui_find_story_row (sidebar, f->ids[0]);
  g_assert_nonnull (row);
  menu = _cd_story_row_popup_context_menu (row);
  assert_menu_item (menu, "win.archive-story", f->ids[0]);

  gtk_widget_activate_action (GTK_WIDGET (row), "win.archive-story", "s", f->ids[0]);
  dialog = wait_for_dialog (f);
  respond (dialog, "_Archive");
  wait_for_status (f, f->ids[0], CD_STATUS_ARCHIVED);

  /* The library's model updates the row in place; now it offers undo. */
  cd_test_ui_spin (100);
  row = cd_test_ui_find_story_row (sidebar, f->ids[0]);
  g_assert_nonnull (row);
  assert_menu_item (_cd_story_row_popup_context_menu (row), "win.unarchive-story", f->ids[0]);
}

/* Side by side, picking a row opens the story but leaves the focus on the
 * row, so that Menu (sidebar.show-row-menu) opens that row's menu. */
static void
test_keyboard_keeps_row (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *sidebar = _cd_window_get_sidebar (f->window);
  GtkWidget *list_view = GTK_WIDGET (gtk_widget_get_template_child (sidebar, CD_TYPE_STATUS_SIDEBAR,
                                                                    "list_view"));
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                    CD_TYPE_WINDOW, "leaflet"));
  GListModel *model = cd_status_sidebar_get_model (CD_STATUS_SIDEBAR (sidebar));
  CdStoryRow *row = cd_test_ui_find_story_row (sidebar, f->ids[1]);
  g_autofree char *opened = NULL;
  GtkWidget *list_item;
  GtkWidget *menu;
  guint position = G_MAXUINT;

  g_assert_false (adw_leaflet_get_folded (leaflet));
  g_assert_nonnull (row);
  list_item = gtk_widget_get_parent (GTK_WIDGET (row));
  g_assert_true (gtk_widget_grab_focus (list_item));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *id = NULL;

      g_object_get (item, "id", &id, NULL);
      if (g_strcmp0 (id, f->ids[1]) == 0)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);

  /* As an arrow key does: the row is picked and its story opens. */
  gtk_widget_activate_action (list_view, "list.select-item", "(ubb)", position, FALSE, FALSE);
  cd_test_ui_spin (200);
  opened = cd_status_sidebar_dup_selected_id (CD_STATUS_SIDEBAR (sidebar));
  g_assert_cmpstr (opened, ==, f->ids[1]);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) == list_item);

  g_assert_true (gtk_widget_activate_action (sidebar, "sidebar.show-row-menu", NULL));
  menu = cd_story_row_get_menu (row);
  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_get_visible (menu));
  assert_menu_item (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)),
                    "win.archive-story", f->ids[1]);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), menu));
}

/* Several rows picked show the selection bar; its item archives them all. */
static void
test_archive_selected (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *sidebar = _cd_window_get_sidebar (f->window);
  GtkListView *list_view = GTK_LIST_VIEW (gtk_widget_get_template_child (sidebar, CD_TYPE_STATUS_SIDEBAR, "list_view"));
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_template_child (sidebar, CD_TYPE_STATUS_SIDEBAR, "selection_revealer"));
  GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (sidebar, CD_TYPE_STATUS_SIDEBAR, "selection_label"));
  GtkSelectionModel *selection = gtk_list_view_get_model (list_view);
  g_auto(GStrv) ids = NULL;
  AdwMessageDialog *dialog;

  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  gtk_selection_model_select_all (selection);
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "2 stories selected");
  ids = cd_status_sidebar_dup_selected_ids (CD_STATUS_SIDEBAR (sidebar));
  g_assert_cmpuint (g_strv_length (ids), ==, 2);

  gtk_widget_activate_action (sidebar, "sidebar.archive-selected", NULL);
  dialog = wait_for_dialog (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Archive 2 pieces?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Ferry Strike Ends"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Council Approves Budget"));
  respond (dialog, "_Archive");

  wait_for_status (f, f->ids[0], CD_STATUS_ARCHIVED);
  wait_for_status (f, f->ids[1], CD_STATUS_ARCHIVED);
  g_assert_cmpuint (cd_library_get_count (f->library, CD_STATUS_ARCHIVED), ==, 2);
}

static gboolean
any_dialog (Fixture *f)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return TRUE;

  return FALSE;
}

/* "Archive Old Pieces…" previews what the age setting picks; the start-up
 * sweep archives the same pieces without asking. */
static void
test_archive_old (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_library_load_story (f->library, f->ids[0], &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) old = g_date_time_add_years (now, -3);
  AdwMessageDialog *dialog;

  g_assert_no_error (error);
  cd_story_set_first_published (story, old);
  g_assert_true (cd_library_flush (f->library, &error));
  g_assert_no_error (error);
  g_assert_cmpint (story_status (f, f->ids[0]), ==, CD_STATUS_PUBLISHED);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.archive-old", NULL);
  dialog = wait_for_dialog (f);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Archive 1 piece?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Council Approves Budget"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "Ferry"));
  respond (dialog, "_Cancel");
  cd_test_ui_spin (200);
  g_assert_cmpint (story_status (f, f->ids[0]), ==, CD_STATUS_PUBLISHED);

  _cd_window_archive_by_policy (f->window);
  wait_for_status (f, f->ids[0], CD_STATUS_ARCHIVED);
  g_assert_false (any_dialog (f));
  g_assert_cmpint (story_status (f, f->ids[1]), ==, CD_STATUS_PUBLISHED);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/copydesk/ui/window-archive/archive-story", Fixture, NULL,
              fixture_set_up, test_archive_story, fixture_tear_down);
  g_test_add ("/copydesk/ui/window-archive/cancel", Fixture, NULL,
              fixture_set_up, test_archive_cancel, fixture_tear_down);
  g_test_add ("/copydesk/ui/window-archive/row-context-menu", Fixture, NULL,
              fixture_set_up, test_row_context_menu, fixture_tear_down);
  g_test_add ("/copydesk/ui/window-archive/keyboard-keeps-row", Fixture, NULL,
              fixture_set_up, test_keyboard_keeps_row, fixture_tear_down);
  g_test_add ("/copydesk/ui/window-archive/archive-selected", Fixture, NULL,
              fixture_set_up, test_archive_selected, fixture_tear_down);
  g_test_add ("/copydesk/ui/window-archive/archive-old", Fixture, NULL,
              fixture_set_up, test_archive_old, fixture_tear_down);

  return g_test_run ();
}
