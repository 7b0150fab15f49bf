/* cd-account-dialog.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-account-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-account-dialog-private.h"
#include "cd-accounts.h"
#include "cd-http.h"
#include "cd-wordpress-target.h"

/* Adds a WordPress account: site address, user name and application
 * password, a connection test against the site, and on "Add" the account in
 * GSettings and the password in the keyring, nowhere else.
 */

struct _CdAccountDialog
{
  AdwWindow             parent_instance;

  GSettings            *settings;
  SoupSession          *session;
  GCancellable         *cancellable;
  char                 *status;
  gboolean              busy;

  /* Template children */
  GtkButton            *add_button;
  GtkButton            *test_button;
  AdwEntryRow          *url_row;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  GtkSpinner           *spinner;
  GtkLabel             *status_label;
};

G_DEFINE_FINAL_TYPE (CdAccountDialog, cd_account_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_BUSY,
  PROP_STATUS,
  N_PROPS
};

enum {
  ACCOUNT_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum
{
  STATUS_PLAIN,
  STATUS_SUCCESS,
  STATUS_ERROR,
} StatusKind;

static void
set_status (CdAccountDialog *self,
            const char      *text,
            StatusKind       kind)
{
  g_assert (CD_IS_ACCOUNT_DIALOG (self));

  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  if (kind == STATUS_SUCCESS)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
  else if (kind == STATUS_ERROR)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");

  if (g_strcmp0 (self->status, text) != 0)
    {
      g_free (self->status);
      self->status = g_strdup (text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

static gboolean
fields_filled (CdAccountDialog *self)
{
  const char *fields[] = {
    gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->user_row)),
    gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (fields[i]));

      if (*stripped == '\0')
        return FALSE;
    }

  return TRUE;
}

static void
update_sensitivity (CdAccountDialog *self)
{
  gboolean ready = !self->busy && fields_filled (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !self->busy);
}

static void
set_busy (CdAccountDialog *self,
          gboolean         busy)
{
  g_assert (CD_IS_ACCOUNT_DIALOG (self));

  busy = !!busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);

  if (self->busy != busy)
    {
      self->busy = busy;
      update_sensitivity (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

/* A bare host name gets https://, as a browser would do. */
static char *
dup_url (CdAccountDialog *self)
{
  g_autofree char *url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));

  g_strstrip (url);
  if (*url != '\0' && strstr (url, "://") == NULL)
    return g_strconcat ("https://", url, NULL);

  return g_steal_pointer (&url);
}

static char *
dup_user (CdAccountDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
}

/* The target the fields describe; it refuses an address that would carry
 * the password in the clear, with its own words.
 */
static CdTarget *
create_target (CdAccountDialog  *self,
               const char       *name,
               GError          **error)
{
  g_autofree char *url = dup_url (self);
  g_autofree char *user = dup_user (self);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->session == NULL)
    self->session = cd_http_session_new ();

  return CD_TARGET (cd_wordpress_target_new (name, url, user, password, self->session, error));
}

static void
restart_cancellable (CdAccountDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
test_connection_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CdAccountDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = cd_target_test_connection_finish (CD_TARGET (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (text != NULL)
    set_status (self, text, STATUS_SUCCESS);
  else
    set_status (self, error->message, STATUS_ERROR);
}

typedef struct
{
  GSettings *settings;  /* kept here: a closed dialog has dropped its own */
  char      *name;
} AddData;

static void
add_data_free (AddData *data)
{
  g_clear_object (&data->settings);
  g_free (data->name);
  g_free (data);
}

static void
store_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdAccountDialog *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!cd_accounts_store_password_finish (result, &error))
    {
      /* An account without its password would only fail later. */
      cd_accounts_remove (data->settings, data->name, NULL);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      set_status (self, error->message, STATUS_ERROR);
      return;
    }

  set_busy (self, FALSE);
  g_signal_emit (self, signals[ACCOUNT_ADDED], 0, data->name);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_field_changed_cb (CdAccountDialog *self)
{
  /* A result is only true of the fields it was tested with. */
  if (self->busy)
    {
      restart_cancellable (self);
      set_busy (self, FALSE);
    }
  set_status (self, NULL, STATUS_PLAIN);
  update_sensitivity (self);
}

static void
on_test_button_clicked_cb (CdAccountDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTarget) target = NULL;

  if (self->busy || !fields_filled (self))
    return;

  target = create_target (self, "test", &error);
  if (target == NULL)
    {
      set_status (self, error->message, STATUS_ERROR);
      return;
    }

  restart_cancellable (self);
  set_busy (self, TRUE);
  set_status (self, _("Connecting…"), STATUS_PLAIN);
  cd_target_test_connection_async (target, self->cancellable, test_connection_cb,
                                   g_object_ref (self));
}

static void
on_add_button_clicked_cb (CdAccountDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTarget) target = NULL;
  g_autoptr(GTask) task = NULL;
  AddData *data;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *name = NULL;

  if (self->busy || !fields_filled (self))
    return;

  url = dup_url (self);
  name = cd_account_dialog_dup_name_for (self->settings, url);
  target = create_target (self, name, &error);
  user = dup_user (self);
  if (target == NULL ||
      !cd_accounts_add (self->settings, name, CD_ACCOUNT_TYPE_WORDPRESS,
                        cd_wordpress_target_get_url (CD_WORDPRESS_TARGET (target)), user, &error))
    {
      set_status (self, error->message, STATUS_ERROR);
      return;
    }

  restart_cancellable (self);
  set_busy (self, TRUE);
  set_status (self, _("Saving the password in the keyring…"), STATUS_PLAIN);

  data = g_new0 (AddData, 1);
  data->settings = g_object_ref (self->settings);
  data->name = g_strdup (name);
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) add_data_free);
  cd_accounts_store_password_async (self->settings, name,
                                    gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                    self->cancellable, store_password_cb,
                                    g_steal_pointer (&task));
}

static void
cd_account_dialog_dispose (GObject *object)
{
  CdAccountDialog *self = CD_ACCOUNT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_ACCOUNT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cd_account_dialog_parent_class)->dispose (object);
}

static void
cd_account_dialog_finalize (GObject *object)
{
  CdAccountDialog *self = CD_ACCOUNT_DIALOG (object);

  g_free (self->status);

  G_OBJECT_CLASS (cd_account_dialog_parent_class)->finalize (object);
}

static void
cd_account_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CdAccountDialog *self = CD_ACCOUNT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, cd_account_dialog_get_settings (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, cd_account_dialog_get_busy (self));
      break;

    case PROP_STATUS:
      g_value_set_string (value, cd_account_dialog_get_status (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_account_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CdAccountDialog *self = CD_ACCOUNT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      /* construct-only */
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_account_dialog_class_init (CdAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_account_dialog_dispose;
  object_class->finalize = cd_account_dialog_finalize;
  object_class->get_property = cd_account_dialog_get_property;
  object_class->set_property = cd_account_dialog_set_property;

  /**
   * CdAccountDialog:settings:
   *
   * The application's settings, which the account is added to.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CdAccountDialog:busy:
   *
   * Whether a connection test or the saving of the password is under way.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CdAccountDialog:status:
   *
   * The outcome of the last test or attempt to add, in plain words.
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdAccountDialog::account-added:
   * @self: the dialog
   * @name: the new account's name
   *
   * Emitted when the account and its password are saved, just before the
   * dialog closes.
   */
  signals[ACCOUNT_ADDED] =
    g_signal_new ("account-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/cd-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdAccountDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, CdAccountDialog, test_button);
  gtk_widget_class_bind_template_child (widget_class, CdAccountDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, CdAccountDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, CdAccountDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, CdAccountDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdAccountDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_test_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_account_dialog_init (CdAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->add_button));
}

/**
 * cd_account_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @settings: the application's settings
 *
 * Returns: (transfer none): a new dialog
 */
GtkWidget *
cd_account_dialog_new (GtkWindow *parent,
                       GSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (CD_TYPE_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}

/**
 * cd_account_dialog_get_settings:
 * @self: a #CdAccountDialog
 *
 * Returns: (transfer none): the settings the account is added to
 */
GSettings *
cd_account_dialog_get_settings (CdAccountDialog *self)
{
  g_return_val_if_fail (CD_IS_ACCOUNT_DIALOG (self), NULL);

  return self->settings;
}

/**
 * cd_account_dialog_get_busy:
 * @self: a #CdAccountDialog
 *
 * Returns: whether a test or a save is under way
 */
gboolean
cd_account_dialog_get_busy (CdAccountDialog *self)
{
  g_return_val_if_fail (CD_IS_ACCOUNT_DIALOG (self), FALSE);

  return self->busy;
}

/**
 * cd_account_dialog_get_status:
 * @self: a #CdAccountDialog
 *
 * Returns: (nullable): the text shown under the fields
 */
const char *
cd_account_dialog_get_status (CdAccountDialog *self)
{
  g_return_val_if_fail (CD_IS_ACCOUNT_DIALOG (self), NULL);

  return self->status;
}

/**
 * cd_account_dialog_dup_name_for:
 * @settings: the application's settings
 * @url: a site address
 *
 * A name for a new account on @url, from its host ("news-example-com"),
 * with a number added when that name is taken.
 *
 * Returns: (transfer full): a free account name
 */
char *
cd_account_dialog_dup_name_for (GSettings  *settings,
                                const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) base = g_string_new (NULL);
  g_autofree char *name = NULL;
  const char *host = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL)
    host = g_uri_get_host (uri);

  for (const char *p = host != NULL ? host : ""; *p != '\0' && base->len < 48; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (base, g_ascii_tolower (*p));
      else if (base->len > 0 && base->str[base->len - 1] != '-')
        g_string_append_c (base, '-');
    }
  while (base->len > 0 && base->str[base->len - 1] == '-')
    g_string_truncate (base, base->len - 1);
  if (base->len == 0)
    g_string_assign (base, "wordpress");

  name = g_strdup (base->str);
  for (guint n = 2; cd_accounts_has (settings, name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", base->str, n);
    }

  return g_steal_pointer (&name);
}
