/* cd-accounts-page.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-accounts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-account-dialog-private.h"
#include "cd-accounts-page-private.h"
#include "cd-accounts.h"
#include "cd-local-target.h"

/* The Accounts page of the preferences: every publishing account as a row
 * (the built-in local folder first), adding WordPress accounts, removing
 * them with their passwords, the local folder, and the default account.
 * It reads and writes the settings only through cd-accounts, and redraws
 * itself whenever the list or the default changes, whoever changed it.
 */

#define LOCAL_ACCOUNT "local"

struct _CdAccountsPage
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  GCancellable       *cancellable;
  GPtrArray          *rows;           /* the account rows now in accounts_group */
  GStrv               default_names;  /* default_row's choices, in its order */
  GtkStringList      *default_labels;
  gboolean            rebuilding;
  GtkWindow          *add_dialog;     /* weak */
  GtkWindow          *remove_dialog;  /* weak */
  GtkNativeDialog    *folder_chooser;

  /* Template children */
  AdwPreferencesGroup *accounts_group;
  GtkButton           *add_button;
  AdwComboRow         *default_row;
};

G_DEFINE_FINAL_TYPE (CdAccountsPage, cd_accounts_page, ADW_TYPE_PREFERENCES_PAGE)

static GtkWindow *
get_parent_window (CdAccountsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static char *
dup_local_folder (GSettings *account)
{
  g_autofree char *folder = g_settings_get_string (account, "folder");
  g_autoptr(GFile) fallback = NULL;

  if (*folder != '\0')
    return g_steal_pointer (&folder);

  fallback = cd_local_target_dup_default_folder ();
  return g_file_get_path (fallback);
}

/* What a person calls the account: the site for WordPress, "Local Folder"
 * for the built-in one.
 */
static char *
dup_account_title (GSettings  *account,
                   const char *name)
{
  if (g_settings_get_enum (account, "type") == CD_ACCOUNT_TYPE_WORDPRESS)
    return g_settings_get_string (account, "url");

  if (g_str_equal (name, LOCAL_ACCOUNT))
    return g_strdup (_("Local Folder"));

  return g_strdup (name);
}

static GtkWidget *
add_suffix_button (AdwActionRow *row,
                   const char   *name,
                   const char   *which,
                   GtkWidget    *button)
{
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "cd-account", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (row), which, button);
  adw_action_row_add_suffix (row, button);

  return button;
}

static void on_choose_folder_clicked_cb (CdAccountsPage *self,
                                         GtkButton      *button);
static void on_remove_clicked_cb        (CdAccountsPage *self,
                                         GtkButton      *button);

static GtkWidget *
create_row (CdAccountsPage *self,
            const char     *name,
            gboolean        is_default)
{
  g_autoptr(GSettings) account = cd_accounts_get_account_settings (self->settings, name);
  g_autofree char *title = dup_account_title (account, name);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *button;

  /* Addresses and folders are text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_object_set_data_full (G_OBJECT (row), "cd-account", g_strdup (name), g_free);

  if (g_settings_get_enum (account, "type") == CD_ACCOUNT_TYPE_WORDPRESS)
    {
      g_autofree char *user = g_settings_get_string (account, "user");

      /* Translators: under a WordPress site's address in the account list: the
       * user name, then the account's name as the command line knows it */
      subtitle = g_strdup_printf (_("%1$s · account “%2$s”"), user, name);
    }
  else
    {
      g_autofree char *folder = dup_local_folder (account);

      subtitle = g_filename_display_name (folder);
      button = add_suffix_button (row, name, "folder",
                                  gtk_button_new_with_mnemonic (_("Choose _Folder…")));
      /* Translators: the accessible name of the button that picks a local
       * account's folder; the placeholder is the account's title */
      accessible = g_strdup_printf (_("Choose Folder for %s"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_choose_folder_clicked_cb),
                               self, G_CONNECT_SWAPPED);
      g_clear_pointer (&accessible, g_free);
    }
  adw_action_row_set_subtitle (row, subtitle);

  if (is_default)
    {
      GtkWidget *label = gtk_label_new (C_("account", "Default"));

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (row, label);
    }

  /* The built-in folder stays, so there is always somewhere to publish. */
  if (!g_str_equal (name, LOCAL_ACCOUNT))
    {
      button = add_suffix_button (row, name, "remove",
                                  gtk_button_new_from_icon_name ("user-trash-symbolic"));
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove Account"));
      /* Translators: the accessible name of an account's remove button; the
       * placeholder is the site's address or the account's name */
      accessible = g_strdup_printf (_("Remove Account %s"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_clicked_cb),
                               self, G_CONNECT_SWAPPED);
    }

  return GTK_WIDGET (row);
}

static void
rebuild (CdAccountsPage *self)
{
  g_auto(GStrv) names = cd_accounts_list (self->settings);
  g_autofree char *default_name = g_settings_get_string (self->settings, "default-account");
  g_autoptr(GStrvBuilder) order = g_strv_builder_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_assert (CD_IS_ACCOUNTS_PAGE (self));

  self->rebuilding = TRUE;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->accounts_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  /* The built-in folder first, then the others in the order they came. */
  if (g_strv_contains ((const char * const *) names, LOCAL_ACCOUNT))
    g_strv_builder_add (order, LOCAL_ACCOUNT);
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_str_equal (names[i], LOCAL_ACCOUNT))
      g_strv_builder_add (order, names[i]);
  g_strfreev (self->default_names);
  self->default_names = g_strv_builder_end (order);

  for (guint i = 0; self->default_names[i] != NULL; i++)
    {
      const char *name = self->default_names[i];
      g_autoptr(GSettings) account = cd_accounts_get_account_settings (self->settings, name);
      GtkWidget *row = create_row (self, name, g_str_equal (name, default_name));

      g_ptr_array_add (self->rows, g_object_ref (row));
      adw_preferences_group_add (self->accounts_group, row);
      g_ptr_array_add (labels, dup_account_title (account, name));
      if (g_str_equal (name, default_name))
        selected = i;
    }

  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->default_labels, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->default_labels)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->default_row, selected);

  self->rebuilding = FALSE;
}

static void
on_settings_changed_cb (CdAccountsPage *self)
{
  rebuild (self);
}

static void
on_default_row_selected_cb (CdAccountsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->default_row);

  if (self->rebuilding || selected == GTK_INVALID_LIST_POSITION ||
      selected >= g_strv_length (self->default_names))
    return;

  g_settings_set_string (self->settings, "default-account", self->default_names[selected]);
}

static void
on_add_button_clicked_cb (CdAccountsPage *self)
{
  GtkWidget *dialog;

  if (self->add_dialog != NULL)
    {
      gtk_window_present (self->add_dialog);
      return;
    }

  dialog = cd_account_dialog_new (get_parent_window (self), self->settings);
  g_set_weak_pointer (&self->add_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_folder_chooser_response_cb (CdAccountsPage  *self,
                               int              response,
                               GtkNativeDialog *chooser)
{
  const char *name = g_object_get_data (G_OBJECT (chooser), "cd-account");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }

  if (path != NULL && !cd_accounts_add (self->settings, name, CD_ACCOUNT_TYPE_LOCAL, path, NULL,
                                        &error))
    g_warning ("Could not change the folder of %s: %s", name, error->message);

  gtk_native_dialog_destroy (chooser);
  if (self->folder_chooser == chooser)
    g_clear_object (&self->folder_chooser);
  if (path != NULL)
    rebuild (self);
}

static void
on_choose_folder_clicked_cb (CdAccountsPage *self,
                             GtkButton      *button)
{
  const char *name = g_object_get_data (G_OBJECT (button), "cd-account");
  g_autoptr(GSettings) account = cd_accounts_get_account_settings (self->settings, name);
  g_autofree char *folder = dup_local_folder (account);
  g_autoptr(GFile) current = g_file_new_for_path (folder);
  GtkFileChooserNative *chooser;

  if (self->folder_chooser != NULL)
    gtk_native_dialog_destroy (self->folder_chooser);
  g_clear_object (&self->folder_chooser);

  chooser = gtk_file_chooser_native_new (_("Choose the Folder to Publish Into"),
                                         get_parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Choose"), _("_Cancel"));
  self->folder_chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_set_modal (self->folder_chooser, TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "cd-account", g_strdup (name), g_free);
  if (g_file_query_exists (current, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), current, NULL);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_folder_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (self->folder_chooser);
}

static void
clear_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdAccountsPage *self = g_task_get_source_object (task);
  const char *name = g_task_get_task_data (task);
  g_autofree char *default_name = NULL;
  g_autoptr(GError) error = NULL;

  if (!cd_accounts_clear_password_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (self->settings == NULL)
        return;
      /* The account goes all the same: keeping it would not free the secret. */
      g_warning ("Could not remove the password of %s from the keyring: %s", name, error->message);
      g_clear_error (&error);
    }
  else if (self->settings == NULL)
    return;

  default_name = g_settings_get_string (self->settings, "default-account");
  if (g_str_equal (default_name, name))
    g_settings_set_string (self->settings, "default-account", LOCAL_ACCOUNT);

  if (!cd_accounts_remove (self->settings, name, &error))
    g_warning ("Could not remove the account %s: %s", name, error->message);
}

static void
on_remove_dialog_response_cb (CdAccountsPage   *self,
                              const char       *response,
                              AdwMessageDialog *dialog)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "cd-account");
  g_autoptr(GTask) task = NULL;

  if (!g_str_equal (response, "remove"))
    return;

  /* The keyring entry is found by the account's address and user, so it
   * goes before the settings that hold them.
   */
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, g_strdup (name), g_free);
  cd_accounts_clear_password_async (self->settings, name, self->cancellable, clear_password_cb,
                                    g_steal_pointer (&task));
}

static void
on_remove_clicked_cb (CdAccountsPage *self,
                      GtkButton      *button)
{
  const char *name = g_object_get_data (G_OBJECT (button), "cd-account");
  g_autoptr(GSettings) account = cd_accounts_get_account_settings (self->settings, name);
  g_autofree char *title = dup_account_title (account, name);
  g_autofree char *default_name = g_settings_get_string (self->settings, "default-account");
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (get_parent_window (self), _("Remove Account?"), NULL);
  if (g_str_equal (default_name, name))
    /* Translators: the placeholder is a WordPress site's address */
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("Copydesk will forget %s and remove its password from the "
                                      "keyring. Posts already on the site stay there. Stories "
                                      "marked ready will go to the local folder instead."),
                                    title);
  else
    /* Translators: the placeholder is a WordPress site's address */
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("Copydesk will forget %s and remove its password from the "
                                      "keyring. Posts already on the site stay there."),
                                    title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cd-account", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_dialog_response_cb),
                           self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->remove_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cd_accounts_page_dispose (GObject *object)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->folder_chooser != NULL)
    gtk_native_dialog_destroy (self->folder_chooser);
  g_clear_object (&self->folder_chooser);
  if (self->add_dialog != NULL)
    gtk_window_destroy (self->add_dialog);
  if (self->remove_dialog != NULL)
    gtk_window_destroy (self->remove_dialog);
  g_clear_weak_pointer (&self->add_dialog);
  g_clear_weak_pointer (&self->remove_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_ACCOUNTS_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->default_labels);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cd_accounts_page_parent_class)->dispose (object);
}

static void
cd_accounts_page_finalize (GObject *object)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (object);

  g_strfreev (self->default_names);

  G_OBJECT_CLASS (cd_accounts_page_parent_class)->finalize (object);
}

static void
cd_accounts_page_class_init (CdAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_accounts_page_dispose;
  object_class->finalize = cd_accounts_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/cd-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdAccountsPage, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, CdAccountsPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, CdAccountsPage, default_row);
  gtk_widget_class_bind_template_callback (widget_class, on_add_button_clicked_cb);
}

static void
cd_accounts_page_init (CdAccountsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.copydesk.Copydesk");
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->default_names = g_new0 (char *, 1);
  self->default_labels = gtk_string_list_new (NULL);

  adw_combo_row_set_model (self->default_row, G_LIST_MODEL (self->default_labels));
  g_signal_connect_object (self->default_row, "notify::selected",
                           G_CALLBACK (on_default_row_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::accounts",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::default-account",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);

  rebuild (self);
}

/**
 * cd_accounts_page_new:
 *
 * Returns: (transfer floating): a new Accounts page
 */
GtkWidget *
cd_accounts_page_new (void)
{
  return g_object_new (CD_TYPE_ACCOUNTS_PAGE, NULL);
}

/**
 * cd_accounts_page_get_row:
 * @self: a #CdAccountsPage
 * @name: an account name
 *
 * Returns: (transfer none) (nullable): the row that shows @name
 */
AdwActionRow *
cd_accounts_page_get_row (CdAccountsPage *self,
                          const char     *name)
{
  g_return_val_if_fail (CD_IS_ACCOUNTS_PAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (g_object_get_data (row, "cd-account"), name))
        return ADW_ACTION_ROW (row);
    }

  return NULL;
}

/**
 * cd_accounts_page_get_row_button:
 * @self: a #CdAccountsPage
 * @name: an account name
 * @which: "remove" or "folder"
 *
 * Returns: (transfer none) (nullable): that button of @name's row
 */
GtkButton *
cd_accounts_page_get_row_button (CdAccountsPage *self,
                                 const char     *name,
                                 const char     *which)
{
  AdwActionRow *row;

  g_return_val_if_fail (CD_IS_ACCOUNTS_PAGE (self), NULL);
  g_return_val_if_fail (which != NULL, NULL);

  row = cd_accounts_page_get_row (self, name);

  return row != NULL ? g_object_get_data (G_OBJECT (row), which) : NULL;
}

/**
 * cd_accounts_page_get_add_dialog:
 * @self: a #CdAccountsPage
 *
 * Returns: (transfer none) (nullable): the open "Add WordPress Account" dialog
 */
GtkWindow *
cd_accounts_page_get_add_dialog (CdAccountsPage *self)
{
  g_return_val_if_fail (CD_IS_ACCOUNTS_PAGE (self), NULL);

  return self->add_dialog;
}

/**
 * cd_accounts_page_get_remove_dialog:
 * @self: a #CdAccountsPage
 *
 * Returns: (transfer none) (nullable): the open removal confirmation
 */
GtkWindow *
cd_accounts_page_get_remove_dialog (CdAccountsPage *self)
{
  g_return_val_if_fail (CD_IS_ACCOUNTS_PAGE (self), NULL);

  return self->remove_dialog;
}

/**
 * cd_accounts_page_get_folder_chooser:
 * @self: a #CdAccountsPage
 *
 * Returns: (transfer none) (nullable): the open folder chooser
 */
GtkNativeDialog *
cd_accounts_page_get_folder_chooser (CdAccountsPage *self)
{
  g_return_val_if_fail (CD_IS_ACCOUNTS_PAGE (self), NULL);

  return self->folder_chooser;
}
