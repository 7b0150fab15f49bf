/* test-accounts-page.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-accounts-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cd-account-dialog-private.h"
#include "cd-accounts-page-private.h"
#include "cd-accounts.h"
#include "cd-preferences-window-private.h"
#include "fake-wordpress.h"

/* The Accounts page of the preferences, driven through its widgets against
 * an in-process fake WordPress and the private keyring that
 * tests/fixtures/with-keyring.sh starts: adding (with a connection test that
 * succeeds or fails), the password in the keyring and nowhere in GSettings,
 * the default account, removal, and the local folder.
 */

#define USER     "editor"
#define PASSWORD "abcd EFGH ijkl MNOP qrst UVWX"

typedef struct
{
  FakeWordpress  *fake;
  char           *url;
  GSettings      *settings;
  GtkWidget      *window;
  CdAccountsPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->fake = fake_wordpress_new (USER, PASSWORD);
  f->url = fake_wordpress_get_url (f->fake);
  f->settings = g_settings_new ("io.github.copydesk.Copydesk");
  g_settings_reset (f->settings, "accounts");
  g_settings_reset (f->settings, "default-account");

  f->window = cd_preferences_window_new (NULL);
  f->page = CD_ACCOUNTS_PAGE (gtk_widget_get_template_child (f->window, CD_TYPE_PREFERENCES_WINDOW,
                                                             "accounts_page"));
  g_assert_true (CD_IS_ACCOUNTS_PAGE (f->page));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (f->window),
                                           ADW_PREFERENCES_PAGE (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->settings);
  g_free (f->url);
  fake_wordpress_free (f->fake);
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

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds, failing after 20 s. */
static void
wait_for (Condition condition,
          gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
dialog_idle (gpointer data)
{
  return !cd_account_dialog_get_busy (CD_ACCOUNT_DIALOG (data));
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* As a click does it: only on a button that can be clicked. */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
}

static GtkWidget *
dialog_child (GtkWindow  *dialog,
              const char *id)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), CD_TYPE_ACCOUNT_DIALOG, id);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
fill (GtkWindow  *dialog,
      const char *url,
      const char *user,
      const char *password)
{
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "url_row")), url);
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "user_row")), user);
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "password_row")), password);
}

/* Clicks Test Connection, checks the spinner turns while it runs, and
 * returns what the dialog says afterwards.
 */
static const char *
test_connection (GtkWindow *dialog)
{
  GtkWidget *spinner = dialog_child (dialog, "spinner");

  click (dialog_child (dialog, "test_button"));
  g_assert_true (cd_account_dialog_get_busy (CD_ACCOUNT_DIALOG (dialog)));
  g_assert_true (gtk_widget_get_visible (spinner));
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "add_button")));
  wait_for (dialog_idle, dialog);
  g_assert_false (gtk_widget_get_visible (spinner));

  return gtk_label_get_text (GTK_LABEL (dialog_child (dialog, "status_label")));
}

static GtkWindow *
open_add_dialog (Fixture *f)
{
  GtkWidget *add_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->page),
                                                                     CD_TYPE_ACCOUNTS_PAGE,
                                                                     "add_button"));
  GtkWindow *dialog;

  click (add_button);
  dialog = cd_accounts_page_get_add_dialog (f->page);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (f->window));

  return dialog;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static char *
keyring_password (GSettings  *settings,
                  const char *name,
                  GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cd_accounts_lookup_password_async (settings, name, NULL, lookup_cb, &result);
  wait_for (result_arrived, &result);

  return cd_accounts_lookup_password_finish (result, error);
}

/* Every key's value in @settings, printed, must not hold @secret. */
static void
assert_secret_absent (GSettings  *settings,
                      const char *secret)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, secret));
    }
}

static guint
n_accounts (GSettings *settings)
{
  g_auto(GStrv) names = cd_accounts_list (settings);

  return g_strv_length (names);
}

static void
test_add_and_remove (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSettings) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *saved_url = NULL;
  g_autofree char *saved_user = NULL;
  g_autofree char *default_name = NULL;
  GtkWindow *dialog;
  GtkWindow *confirm;
  AdwActionRow *row;
  AdwComboRow *default_row;
  const char *status;

  /* The built-in folder is listed, and is the default. */
  row = cd_accounts_page_get_row (f->page, "local");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Local Folder");
  g_assert_null (cd_accounts_page_get_row_button (f->page, "local", "remove"));

  dialog = open_add_dialog (f);
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "add_button")));

  /* A wrong password: the connection test says so, in plain words. */
  fill (dialog, f->url, USER, "wrong password");
  g_assert_true (gtk_widget_get_sensitive (dialog_child (dialog, "add_button")));
  status = test_connection (dialog);
  g_assert_nonnull (strstr (status, "refused the user name or application password"));
  g_assert_true (gtk_widget_has_css_class (dialog_child (dialog, "status_label"), "error"));

  /* Editing a field forgets the old result. */
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "password_row")), PASSWORD);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dialog_child (dialog, "status_label"))), ==, "");

  /* The right one: connected, as the site's user, asked of users/me (public
   * routes answer whatever the password).
   */
  fake_wordpress_reset_counts (f->fake);
  status = test_connection (dialog);
  g_assert_cmpstr (status, ==, "Signed in as Admin");
  g_assert_true (gtk_widget_has_css_class (dialog_child (dialog, "status_label"), "success"));
  g_assert_cmpuint (fake_wordpress_count (f->fake, "GET /wp/v2/users/me"), ==, 1);

  /* Add: the dialog closes, the account is in GSettings and in the list. */
  name = cd_account_dialog_dup_name_for (f->settings, f->url);
  g_assert_cmpstr (name, ==, "127-0-0-1");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  click (dialog_child (dialog, "add_button"));
  wait_for (pointer_cleared, &dialog);

  g_assert_true (cd_accounts_has (f->settings, name));
  account = cd_accounts_get_account_settings (f->settings, name);
  saved_url = g_settings_get_string (account, "url");
  saved_user = g_settings_get_string (account, "user");
  g_assert_cmpstr (saved_url, ==, f->url);
  g_assert_cmpstr (saved_user, ==, USER);
  g_assert_cmpint (g_settings_get_enum (account, "type"), ==, CD_ACCOUNT_TYPE_WORDPRESS);

  row = cd_accounts_page_get_row (f->page, name);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, f->url);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), USER));

  /* The password: in the keyring, in no GSettings key. */
  stored = keyring_password (f->settings, name, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, PASSWORD);
  assert_secret_absent (f->settings, PASSWORD);
  assert_secret_absent (account, PASSWORD);

  /* The default account, chosen in the combo row. */
  default_row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (f->page),
                                                              CD_TYPE_ACCOUNTS_PAGE, "default_row"));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (default_row)), ==, 2);
  g_assert_cmpuint (adw_combo_row_get_selected (default_row), ==, 0);
  adw_combo_row_set_selected (default_row, 1);
  default_name = g_settings_get_string (f->settings, "default-account");
  g_assert_cmpstr (default_name, ==, name);
  g_assert_cmpuint (adw_combo_row_get_selected (default_row), ==, 1);

  /* Remove, cancelled first: nothing changes. */
  click (GTK_WIDGET (cd_accounts_page_get_row_button (f->page, name, "remove")));
  confirm = cd_accounts_page_get_remove_dialog (f->page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (confirm));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  spin (100);
  g_assert_true (cd_accounts_has (f->settings, name));

  /* Confirmed: the account, its password and its default go. */
  click (GTK_WIDGET (cd_accounts_page_get_row_button (f->page, name, "remove")));
  confirm = cd_accounts_page_get_remove_dialog (f->page);
  g_assert_nonnull (confirm);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "remove");
  while (cd_accounts_has (f->settings, name))
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (cd_accounts_page_get_row (f->page, name));
  g_clear_pointer (&default_name, g_free);
  default_name = g_settings_get_string (f->settings, "default-account");
  g_assert_cmpstr (default_name, ==, "local");
  g_assert_cmpuint (adw_combo_row_get_selected (default_row), ==, 0);
  g_clear_pointer (&stored, g_free);
  stored = keyring_password (f->settings, name, &error);
  g_assert_null (stored);
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH);
}

static void
test_refuse_plain_http (Fixture       *f,
                        gconstpointer  data)
{
  GtkWindow *dialog = open_add_dialog (f);
  const char *status;

  /* http:// to another computer would carry the password in the clear. */
  fill (dialog, "http://news.example.com", USER, PASSWORD);
  click (dialog_child (dialog, "test_button"));
  g_assert_false (cd_account_dialog_get_busy (CD_ACCOUNT_DIALOG (dialog)));
  status = gtk_label_get_text (GTK_LABEL (dialog_child (dialog, "status_label")));
  g_assert_nonnull (strstr (status, "is not a secure address"));

  click (dialog_child (dialog, "add_button"));
  status = gtk_label_get_text (GTK_LABEL (dialog_child (dialog, "status_label")));
  g_assert_nonnull (strstr (status, "is not a secure address"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpuint (n_accounts (f->settings), ==, 1);

  /* A bare host name means https://. */
  fill (dialog, "news.example.com", USER, PASSWORD);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  click (dialog_child (dialog, "add_button"));
  wait_for (pointer_cleared, &dialog);
  g_assert_true (cd_accounts_has (f->settings, "news-example-com"));
  {
    g_autoptr(GSettings) account = cd_accounts_get_account_settings (f->settings,
                                                                     "news-example-com");
    g_autofree char *url = g_settings_get_string (account, "url");

    g_assert_cmpstr (url, ==, "https://news.example.com");
    assert_secret_absent (account, PASSWORD);
  }
  /* A second account on the same site gets a name of its own. */
  {
    g_autofree char *second = cd_account_dialog_dup_name_for (f->settings, "https://news.example.com/");

    g_assert_cmpstr (second, ==, "news-example-com-2");
  }
}

/* The chooser selects a folder once it has listed its parent. */
static gboolean
chooser_has_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (data));
  GFile *wanted = g_object_get_data (G_OBJECT (data), "test-wanted");

  return file != NULL && g_file_equal (file, wanted);
}

static void
test_local_folder (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("copydesk-folder-XXXXXX", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GSettings) account = cd_accounts_get_account_settings (f->settings, "local");
  g_autofree char *folder = NULL;
  GtkNativeDialog *chooser;
  AdwActionRow *row;

  g_settings_reset (account, "folder");
  click (GTK_WIDGET (cd_accounts_page_get_row_button (f->page, "local", "folder")));
  chooser = cd_accounts_page_get_folder_chooser (f->page);
  g_assert_nonnull (chooser);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);

  /* Cancelled: the folder stays the default. */
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
  folder = g_settings_get_string (account, "folder");
  g_assert_cmpstr (folder, ==, "");
  g_clear_pointer (&folder, g_free);

  click (GTK_WIDGET (cd_accounts_page_get_row_button (f->page, "local", "folder")));
  chooser = cd_accounts_page_get_folder_chooser (f->page);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  g_object_set_data (G_OBJECT (chooser), "test-wanted", file);
  wait_for (chooser_has_file, chooser);
  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
  folder = g_settings_get_string (account, "folder");
  g_assert_cmpstr (folder, ==, dir);
  row = cd_accounts_page_get_row (f->page, "local");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, dir);
  g_assert_null (cd_accounts_page_get_folder_chooser (f->page));

  g_settings_reset (account, "folder");
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* The bus is the keyring's, where the accessibility registry GTK would
   * start writes into the TAP stream.
   */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/copydesk/ui/accounts-page/add-and-remove", Fixture, NULL,
              fixture_set_up, test_add_and_remove, fixture_tear_down);
  g_test_add ("/copydesk/ui/accounts-page/refuse-plain-http", Fixture, NULL,
              fixture_set_up, test_refuse_plain_http, fixture_tear_down);
  g_test_add ("/copydesk/ui/accounts-page/local-folder", Fixture, NULL,
              fixture_set_up, test_local_folder, fixture_tear_down);

  return g_test_run ();
}
