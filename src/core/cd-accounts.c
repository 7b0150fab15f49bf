/* cd-accounts.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "cd-accounts.h"
#include "cd-http.h"
#include "cd-local-target.h"
#include "cd-wordpress-target.h"

#define ACCOUNTS_PATH "/io/github/copydesk/Copydesk/accounts/"

typedef struct
{
  char *name;
  char *url;
  char *user;
} SecretData;

static void
secret_data_free (SecretData *data)
{
  g_free (data->name);
  g_free (data->url);
  g_free (data->user);
  g_free (data);
}

static const SecretSchema *
get_secret_schema (void)
{
  static const SecretSchema schema = {
    CD_ACCOUNTS_SECRET_SCHEMA_ID, SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

/* Names become GSettings path elements and keyring attributes. */
static gboolean
check_name (const char  *name,
            GError     **error)
{
  gboolean valid = name != NULL && *name != '\0' && strlen (name) <= 64;

  for (const char *p = name; valid && *p != '\0'; p++)
    valid = g_ascii_islower (*p) || g_ascii_isdigit (*p) || (*p == '-' && p != name);

  if (!valid)
    {
      g_set_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                   /* Translators: the placeholder is what the user typed as an account name */
                   _("“%s” cannot be an account name: use lower-case letters, digits and dashes"),
                   name != NULL ? name : "");
      return FALSE;
    }

  return TRUE;
}

static SecretData *
secret_data_new (GSettings  *settings,
                 const char *name)
{
  g_autoptr(GSettings) account = cd_accounts_get_account_settings (settings, name);
  SecretData *data = g_new0 (SecretData, 1);

  data->name = g_strdup (name);
  data->url = g_settings_get_string (account, "url");
  data->user = g_settings_get_string (account, "user");

  return data;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      GError *wrapped;

      wrapped = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH,
                             /* Translators: the placeholder is the keyring's own message */
                             _("Could not save the password in the keyring: %s"), error->message);
      g_error_free (error);
      g_task_return_error (task, wrapped);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SecretData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *password;

  password = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      GError *wrapped;

      wrapped = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH,
                             /* Translators: the placeholder is the keyring's own message */
                             _("Could not read the password from the keyring: %s"), error->message);
      g_error_free (error);
      g_task_return_error (task, wrapped);
      return;
    }

  if (password == NULL)
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH,
                               /* Translators: the placeholder is an account name */
                               _("No password is saved for the account “%s”"), data->name);
      return;
    }

  g_task_return_pointer (task, g_strdup (password), g_free);
  secret_password_free (password);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * cd_accounts_list:
 * @settings: the application's #GSettings
 *
 * Returns: (transfer full): the account names, in order
 */
GStrv
cd_accounts_list (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_settings_get_strv (settings, "accounts");
}

/**
 * cd_accounts_has:
 * @settings: the application's #GSettings
 * @name: an account name
 *
 * Returns: whether an account named @name exists
 */
gboolean
cd_accounts_has (GSettings  *settings,
                 const char *name)
{
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  names = cd_accounts_list (settings);

  return g_strv_contains ((const char * const *) names, name);
}

/**
 * cd_accounts_get_account_settings:
 * @settings: the application's #GSettings
 * @name: an account name
 *
 * The account's own settings, on the same backend as @settings.
 *
 * Returns: (transfer full): a #GSettings for %CD_ACCOUNTS_SCHEMA_ID
 */
GSettings *
cd_accounts_get_account_settings (GSettings  *settings,
                                  const char *name)
{
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (check_name (name, NULL), NULL);

  g_object_get (settings, "backend", &backend, NULL);
  source = g_settings_schema_source_get_default ();
  g_return_val_if_fail (source != NULL, NULL);
  schema = g_settings_schema_source_lookup (source, CD_ACCOUNTS_SCHEMA_ID, TRUE);
  g_return_val_if_fail (schema != NULL, NULL);

  path = g_strconcat (ACCOUNTS_PATH, name, "/", NULL);

  return g_settings_new_full (schema, backend, path);
}

/**
 * cd_accounts_add:
 * @settings: the application's #GSettings
 * @name: the new account's name: lower-case letters, digits and dashes
 * @type: where it publishes
 * @url: (nullable): the site's address (WordPress) or the folder (local;
 *   %NULL or "" for the default folder)
 * @user: (nullable): the WordPress user name
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Adds an account, or changes an existing one. The password is stored
 * separately, with cd_accounts_store_password_async().
 *
 * Returns: %TRUE on success
 */
gboolean
cd_accounts_add (GSettings      *settings,
                 const char     *name,
                 CdAccountType   type,
                 const char     *url,
                 const char     *user,
                 GError        **error)
{
  g_autoptr(GSettings) account = NULL;
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  if (!check_name (name, error))
    return FALSE;

  if (type == CD_ACCOUNT_TYPE_WORDPRESS)
    {
      if (url == NULL || !cd_http_check_site_url (url, error))
        {
          if (url == NULL)
            g_set_error_literal (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                                 _("A WordPress account needs the site’s address"));
          return FALSE;
        }
      if (user == NULL || *user == '\0')
        {
          g_set_error_literal (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               _("A WordPress account needs a user name"));
          return FALSE;
        }
    }

  account = cd_accounts_get_account_settings (settings, name);
  g_settings_delay (account);
  g_settings_set_enum (account, "type", type);
  if (type == CD_ACCOUNT_TYPE_WORDPRESS)
    {
      g_settings_set_string (account, "url", url);
      g_settings_set_string (account, "user", user);
      g_settings_reset (account, "folder");
    }
  else
    {
      g_settings_set_string (account, "folder", url != NULL ? url : "");
      g_settings_reset (account, "url");
      g_settings_reset (account, "user");
    }
  g_settings_apply (account);

  names = cd_accounts_list (settings);
  if (!g_strv_contains ((const char * const *) names, name))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) more = NULL;

      g_strv_builder_addv (builder, (const char **) names);
      g_strv_builder_add (builder, name);
      more = g_strv_builder_end (builder);
      g_settings_set_strv (settings, "accounts", (const char * const *) more);
    }

  return TRUE;
}

/**
 * cd_accounts_remove:
 * @settings: the application's #GSettings
 * @name: an account name
 * @error: return location for a %CD_TARGET_ERROR_INVALID
 *
 * Forgets an account's settings (its password stays in the keyring until
 * cd_accounts_clear_password_async()). The default account cannot go.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_accounts_remove (GSettings   *settings,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(GSettings) account = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *default_name = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) fewer = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  if (!check_name (name, error))
    return FALSE;

  default_name = g_settings_get_string (settings, "default-account");
  if (g_str_equal (default_name, name))
    {
      g_set_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                   /* Translators: the placeholder is an account name */
                   _("“%s” is the default account; choose another default first"), name);
      return FALSE;
    }

  names = cd_accounts_list (settings);
  builder = g_strv_builder_new ();
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_str_equal (names[i], name))
      g_strv_builder_add (builder, names[i]);
  fewer = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "accounts", (const char * const *) fewer);

  account = cd_accounts_get_account_settings (settings, name);
  g_settings_reset (account, "type");
  g_settings_reset (account, "url");
  g_settings_reset (account, "user");
  g_settings_reset (account, "folder");

  return TRUE;
}

/**
 * cd_accounts_create_target:
 * @settings: the application's #GSettings
 * @name: an account name
 * @password: (nullable): the WordPress application password, from
 *   cd_accounts_lookup_password_finish(); ignored for local accounts
 * @session: (nullable): the #SoupSession to share, or %NULL
 * @error: return location for a %CD_TARGET_ERROR
 *
 * Returns: (transfer full): the account's target, or %NULL
 */
CdTarget *
cd_accounts_create_target (GSettings    *settings,
                           const char   *name,
                           const char   *password,
                           SoupSession  *session,
                           GError      **error)
{
  g_autoptr(GSettings) account = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  if (!check_name (name, error))
    return NULL;

  if (!cd_accounts_has (settings, name))
    {
      g_set_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                   /* Translators: the placeholder is an account name */
                   _("There is no account named “%s”"), name);
      return NULL;
    }

  account = cd_accounts_get_account_settings (settings, name);
  switch ((CdAccountType) g_settings_get_enum (account, "type"))
    {
    case CD_ACCOUNT_TYPE_WORDPRESS:
      if (password == NULL)
        {
          g_set_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH,
                       /* Translators: the placeholder is an account name */
                       _("No password is saved for the account “%s”"), name);
          return NULL;
        }
      url = g_settings_get_string (account, "url");
      user = g_settings_get_string (account, "user");
      return CD_TARGET (cd_wordpress_target_new (name, url, user, password, session, error));

    case CD_ACCOUNT_TYPE_LOCAL:
    default:
      {
        g_autoptr(GFile) file = NULL;

        folder = g_settings_get_string (account, "folder");
        if (*folder != '\0')
          file = g_file_new_for_path (folder);
        return CD_TARGET (cd_local_target_new (name, file));
      }
    }
}

/**
 * cd_accounts_store_password_async:
 * @settings: the application's #GSettings
 * @name: an existing account's name
 * @password: the application password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Saves @password in the Secret Service under the account's name, address
 * and user (the Flatpak portal inside the sandbox).
 */
void
cd_accounts_store_password_async (GSettings           *settings,
                                  const char          *name,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  SecretData *data;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_accounts_store_password_async);

  if (!check_name (name, NULL))
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               /* Translators: the placeholder is an account name */
                               _("There is no account named “%s”"), name);
      return;
    }

  data = secret_data_new (settings, name);
  g_task_set_task_data (task, data, (GDestroyNotify) secret_data_free);

  /* Translators: the keyring entry's label; the placeholders are an account
   * name and a site address */
  label = g_strdup_printf (_("Copydesk account %1$s (%2$s)"), data->name, data->url);
  secret_password_store (get_secret_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "account", data->name, "url", data->url, "user", data->user,
                         NULL);
}

/**
 * cd_accounts_store_password_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the password was saved
 */
gboolean
cd_accounts_store_password_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * cd_accounts_lookup_password_async:
 * @settings: the application's #GSettings
 * @name: an account name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads the account's password from the Secret Service.
 */
void
cd_accounts_lookup_password_async (GSettings           *settings,
                                   const char          *name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SecretData *data;

  g_return_if_fail (G_IS_SETTINGS (settings));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_accounts_lookup_password_async);

  if (!check_name (name, NULL))
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               /* Translators: the placeholder is an account name */
                               _("There is no account named “%s”"), name);
      return;
    }

  data = secret_data_new (settings, name);
  g_task_set_task_data (task, data, (GDestroyNotify) secret_data_free);

  secret_password_lookup (get_secret_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "account", data->name, "url", data->url, "user", data->user, NULL);
}

/**
 * cd_accounts_lookup_password_finish:
 * @result: the #GAsyncResult
 * @error: return location for a %CD_TARGET_ERROR_AUTH
 *
 * Returns: (transfer full): the password, or %NULL with @error set when
 *   none is saved
 */
char *
cd_accounts_lookup_password_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cd_accounts_clear_password_async:
 * @settings: the application's #GSettings
 * @name: an account name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the account's password from the Secret Service.
 */
void
cd_accounts_clear_password_async (GSettings           *settings,
                                  const char          *name,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SecretData *data;

  g_return_if_fail (G_IS_SETTINGS (settings));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_accounts_clear_password_async);

  if (!check_name (name, NULL))
    {
      g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                               /* Translators: the placeholder is an account name */
                               _("There is no account named “%s”"), name);
      return;
    }

  data = secret_data_new (settings, name);
  g_task_set_task_data (task, data, (GDestroyNotify) secret_data_free);

  secret_password_clear (get_secret_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "account", data->name, "url", data->url, "user", data->user, NULL);
}

/**
 * cd_accounts_clear_password_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE unless the keyring failed
 */
gboolean
cd_accounts_clear_password_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  GSettings   *settings;
  char        *name;
  SoupSession *session;
} TargetData;

static void
target_data_free (TargetData *data)
{
  g_clear_object (&data->settings);
  g_clear_object (&data->session);
  g_free (data->name);
  g_free (data);
}

static void
target_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TargetData *data = g_task_get_task_data (task);
  g_autofree char *password = NULL;
  CdTarget *target;
  GError *error = NULL;

  password = cd_accounts_lookup_password_finish (result, &error);
  if (password == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  target = cd_accounts_create_target (data->settings, data->name, password, data->session, &error);
  if (target == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, target, g_object_unref);
}

/**
 * cd_accounts_create_target_async:
 * @settings: the application's settings
 * @name: an account name
 * @session: (nullable): the #SoupSession a WordPress target shares
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Like cd_accounts_create_target(), with a WordPress account's password
 * looked up in the keyring first.
 */
void
cd_accounts_create_target_async (GSettings           *settings,
                                 const char          *name,
                                 SoupSession         *session,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSettings) account = NULL;
  TargetData *data;
  GError *error = NULL;
  CdTarget *target;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (session == NULL || SOUP_IS_SESSION (session));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_accounts_create_target_async);

  if (!check_name (name, &error) || !cd_accounts_has (settings, name))
    {
      if (error == NULL)
        /* Translators: the placeholder is an account name */
        error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                             _("There is no account named “%s”"), name);
      g_task_return_error (task, error);
      return;
    }

  account = cd_accounts_get_account_settings (settings, name);
  if (g_settings_get_enum (account, "type") != CD_ACCOUNT_TYPE_WORDPRESS)
    {
      target = cd_accounts_create_target (settings, name, NULL, session, &error);
      if (target == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, target, g_object_unref);
      return;
    }

  data = g_new0 (TargetData, 1);
  data->settings = g_object_ref (settings);
  data->name = g_strdup (name);
  data->session = session != NULL ? g_object_ref (session) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) target_data_free);

  cd_accounts_lookup_password_async (settings, name, cancellable, target_password_cb,
                                     g_steal_pointer (&task));
}

/**
 * cd_accounts_create_target_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError; %CD_TARGET_ERROR_AUTH when no
 *   password is saved
 *
 * Returns: (transfer full): the account's target, or %NULL
 */
CdTarget *
cd_accounts_create_target_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cd_accounts_pick_target:
 * @targets: (element-type utf8 CdTarget): the targets built so far
 * @errors: (element-type utf8 GError): why the others could not be built
 * @name: an account name
 * @error: return location for a #GError
 *
 * For a #CdPublisherTargetFunc over the results of
 * cd_accounts_create_target_async() kept by account name.
 *
 * Returns: (transfer full) (nullable): the target of @name, or %NULL
 */
CdTarget *
cd_accounts_pick_target (GHashTable  *targets,
                         GHashTable  *errors,
                         const char  *name,
                         GError     **error)
{
  CdTarget *target = g_hash_table_lookup (targets, name);
  const GError *failure = g_hash_table_lookup (errors, name);

  if (target != NULL)
    return g_object_ref (target);

  if (failure != NULL)
    g_propagate_error (error, g_error_copy (failure));
  else
    /* Translators: the placeholder is an account name */
    g_set_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                 _("There is no account named “%s”"), name);
  return NULL;
}
