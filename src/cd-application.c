/* cd-application.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "cd-accounts.h"
#include "cd-application.h"
#include "cd-cli.h"
#include "cd-http.h"
#include "cd-library.h"
#include "cd-publisher.h"
#include "cd-preferences-window-private.h"
#include "cd-session.h"
#include "cd-window-private.h"

struct _CdApplication
{
  AdwApplication  parent_instance;

  CdLibrary      *library;
  CdPublisher    *publisher;
  GSettings      *settings;
  SoupSession    *session;
  GCancellable   *cancellable;
  /* Each account's target, or why there is none (no password…) */
  GHashTable     *targets;
  GHashTable     *target_errors;
  guint           resolving;
  GHashTable     *warned;       /* accounts whose refusal was shown */
  /* The state file that tells the next start whether this one crashed */
  CdSession      *state;
  guint           sigterm_id;
  guint           sigint_id;
};

G_DEFINE_FINAL_TYPE (CdApplication, cd_application, ADW_TYPE_APPLICATION)

static CdWindow *
get_active_cd_window (CdApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return CD_IS_WINDOW (window) ? CD_WINDOW (window) : NULL;
}

static void
on_library_error_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              CdApplication    *self)
{
  g_application_release (G_APPLICATION (self));
}

static gboolean
ensure_library (CdApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkWidget *dialog;

  if (self->library != NULL)
    return TRUE;

  path = cd_library_get_default_path ();
  self->library = cd_library_open (path, &error);
  if (self->library != NULL)
    {
      /* Mark as Ready queues for the account chosen in Preferences. */
      g_settings_bind (self->settings, "default-account", self->library, "default-account",
                       G_SETTINGS_BIND_GET);
      return TRUE;
    }

  /* Nothing to show without the library: say why, then leave. The file
   * itself is left as it is. */
  dialog = adw_message_dialog_new (NULL, _("Could Not Open the Story Library"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_application_hold (G_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (on_library_error_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));

  return FALSE;
}


/* Publishing */

static CdTarget *
get_target_cb (const char  *account,
               gpointer     user_data,
               GError     **error)
{
  CdApplication *self = user_data;

  return cd_accounts_pick_target (self->targets, self->target_errors, account, error);
}

typedef struct
{
  CdApplication *self;
  char          *account;
} ResolveData;

static void
target_created_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ResolveData *data = user_data;
  CdApplication *self = data->self;
  g_autoptr(GError) error = NULL;
  CdTarget *target;

  target = cd_accounts_create_target_finish (result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (target != NULL)
        g_hash_table_replace (self->targets, g_strdup (data->account), target);
      else
        g_hash_table_replace (self->target_errors, g_strdup (data->account),
                              g_steal_pointer (&error));

      /* Every account known: the outbox can drain, beginning with what the
       * last run left.
       */
      if (--self->resolving == 0 && self->publisher != NULL)
        cd_publisher_start (self->publisher);
    }

  g_object_unref (data->self);
  g_free (data->account);
  g_free (data);
}

/* Builds every account's target, reading passwords from the keyring. */
static void
resolve_targets (CdApplication *self)
{
  g_auto(GStrv) names = cd_accounts_list (self->settings);

  /* Old targets serve until their replacements are ready. */
  self->resolving += g_strv_length (names);

  for (guint i = 0; names[i] != NULL; i++)
    {
      ResolveData *data = g_new0 (ResolveData, 1);

      data->self = g_object_ref (self);
      data->account = g_strdup (names[i]);
      cd_accounts_create_target_async (self->settings, names[i], self->session, self->cancellable,
                                       target_created_cb, data);
    }

  if (self->resolving == 0)
    cd_publisher_start (self->publisher);
}

static void
on_settings_accounts_changed_cb (CdApplication *self)
{
  if (self->publisher != NULL)
    resolve_targets (self);
}

static void
on_publisher_account_needs_attention_cb (CdApplication *self,
                                         const char    *account,
                                         const GError  *error)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (g_hash_table_contains (self->warned, account))
    return;
  g_hash_table_add (self->warned, g_strdup (account));

  /* Translators: the first placeholder is an account name, the second the server's message */
  body = g_strdup_printf (_("Stories for the account “%1$s” were not pushed: %2$s. "
                            "Fix the password in Preferences, then retry them."),
                          account, error->message);
  dialog = adw_message_dialog_new (parent, _("The Site Refused the Password"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
start_publishing_cb (gpointer data)
{
  CdApplication *self = data;

  if (self->publisher != NULL || self->library == NULL)
    return G_SOURCE_REMOVE;

  self->session = cd_http_session_new ();
  self->cancellable = g_cancellable_new ();
  self->publisher = cd_publisher_new (self->library, get_target_cb, self, NULL);
  g_settings_bind (self->settings, "credit-format", self->publisher, "credit-format",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->publisher, "account-needs-attention",
                           G_CALLBACK (on_publisher_account_needs_attention_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::accounts",
                           G_CALLBACK (on_settings_accounts_changed_cb), self, G_CONNECT_SWAPPED);
  resolve_targets (self);

  /* The archiving policy is the user's standing consent: sweep once per
   * start, after the publisher, and report with a toast. */
  if (g_settings_get_boolean (self->settings, "archive-enabled"))
    {
      CdWindow *window = get_active_cd_window (self);

      if (window != NULL)
        _cd_window_archive_by_policy (window);
    }

  return G_SOURCE_REMOVE;
}

static void
on_window_map_cb (GtkWidget     *window,
                  CdApplication *self)
{
  /* After the first frame: nothing on the network delays the window. */
  g_signal_handlers_disconnect_by_func (window, on_window_map_cb, self);
  g_idle_add_full (G_PRIORITY_LOW, start_publishing_cb, g_object_ref (self), g_object_unref);
}

static void
show_window_error (GtkWindow    *window,
                   const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (window, _("Could Not Queue the Story"),
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_story_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *window = user_data;
  CdApplication *self = CD_APPLICATION (gtk_window_get_application (window));
  g_autoptr(GError) error = NULL;

  if (self->publisher == NULL)
    start_publishing_cb (self);
  if (!cd_publisher_retry_story (self->publisher, g_variant_get_string (parameter, NULL), &error))
    show_window_error (window, error);
}

typedef struct
{
  GtkWindow *window;
  char      *story_id;
} ConflictData;

static void
conflict_data_free (gpointer  user_data,
                    GClosure *closure)
{
  ConflictData *data = user_data;

  g_clear_object (&data->window);
  g_free (data->story_id);
  g_free (data);
}

static void
keep_theirs_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_publisher_keep_theirs_finish (CD_PUBLISHER (object), result, &error))
    show_window_error (window, error);
}

static void
on_conflict_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         ConflictData     *data)
{
  CdApplication *self = CD_APPLICATION (gtk_window_get_application (data->window));
  g_autoptr(GError) error = NULL;

  if (self == NULL || self->publisher == NULL)
    return;

  if (g_str_equal (response, "overwrite"))
    {
      if (!cd_publisher_overwrite_story (self->publisher, data->story_id, &error))
        show_window_error (data->window, error);
    }
  else if (g_str_equal (response, "theirs"))
    {
      cd_publisher_keep_theirs_async (self->publisher, data->story_id, self->cancellable,
                                      keep_theirs_cb, g_object_ref (data->window));
    }
}

static void
resolve_conflict_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GtkWindow *window = user_data;
  CdApplication *self = CD_APPLICATION (gtk_window_get_application (window));
  ConflictData *data;
  GtkWidget *dialog;

  if (self->publisher == NULL)
    start_publishing_cb (self);

  dialog = adw_message_dialog_new (window, _("The Post Changed on the Site"),
                                   _("Someone edited the published post since Copydesk last "
                                     "pushed it. Overwrite it with this story, or keep the "
                                     "site’s version? Keeping it leaves the text here as it is."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "theirs", _("_Keep Theirs"),
                                    "overwrite", _("_Overwrite"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "overwrite",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (ConflictData, 1);
  data->window = g_object_ref (window);
  data->story_id = g_variant_dup_string (parameter, NULL);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_conflict_response_cb), data,
                         conflict_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window's publishing actions, on its "win" action map: the sidebar
 * rows' Retry button and the conflict dialog.
 */
static const GActionEntry window_actions[] = {
  { "retry-story", retry_story_action, "s" },
  { "resolve-conflict", resolve_conflict_action, "s" },
};

static void
on_library_story_saved_cb (CdApplication *self,
                           CdStory       *story,
                           CdLibrary     *library)
{
  g_autoptr(GError) error = NULL;

  if (!cd_session_record_save (self->state, cd_story_get_id (story), g_get_real_time (),
                               &error))
    g_warning ("Could not record the save in %s: %s",
               cd_session_get_path (self->state), error->message);
}

/* Records that a window session runs, so that the next start can tell a
 * crash from a quit. Returns whether the last one crashed. */
static gboolean
begin_session (CdApplication *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (self->state == NULL);

  path = cd_session_get_default_path ();
  self->state = cd_session_new (path);
  /* Without the state file the app still works; only a crash goes unnoticed. */
  if (!cd_session_begin (self->state, &error))
    g_warning ("Could not record the session in %s: %s", path, error->message);

  g_signal_connect_object (self->library, "story-saved",
                           G_CALLBACK (on_library_story_saved_cb), self, G_CONNECT_SWAPPED);

  return cd_session_get_recovered (self->state);
}

static CdWindow *
create_window (CdApplication *self)
{
  CdWindow *window;
  gboolean recovered = FALSE;

  if (!ensure_library (self))
    return NULL;

  if (self->state == NULL)
    recovered = begin_session (self);

  window = cd_window_new (self, self->library);
  g_action_map_add_action_entries (G_ACTION_MAP (window), window_actions,
                                   G_N_ELEMENTS (window_actions), window);
  if (self->publisher == NULL)
    g_signal_connect (window, "map", G_CALLBACK (on_window_map_cb), self);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (window), "devel");

  if (recovered)
    cd_window_show_recovery (window,
                             cd_session_get_recovered_story_id (self->state),
                             cd_session_get_recovered_saved_at (self->state));

  return window;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CdApplication *self = user_data;
  GList *windows;

  /* Closing each window lets it save what it holds before we go. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  /* A session logout or `kill`: quit as Ctrl+Q does, saving everything. */
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);

  return G_SOURCE_CONTINUE;
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CdApplication *self = user_data;
  CdWindow *window = create_window (self);

  if (window != NULL)
    gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  CdApplication *self = user_data;
  static const char *developers[] = { "The Copydesk authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", get_active_cd_window (self),
                        "application-name", _("Copydesk"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Copydesk authors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/copydesk/copydesk",
                        "issue-url", BUGREPORT_URL,
                        "copyright", "© 2026 The Copydesk authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CdApplication *self = user_data;
  GtkWidget *preferences;

  preferences = cd_preferences_window_new (GTK_WINDOW (get_active_cd_window (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "new-window", new_window_action },
  { "about", about_action },
  { "preferences", preferences_action },
};

static gboolean
cd_application_local_command_line (GApplication   *application,
                                   char         ***arguments,
                                   int            *exit_status)
{
  char **argv = *arguments;
  int argc = g_strv_length (argv);

  /* A subcommand runs here, in this process, without a display and without
   * registering on the session bus: gtk_init() is never reached.
   */
  /* Copydesk opens no files from the command line, so any word that is
   * not an option names a command; an unknown one gets a clear error
   * rather than a window. */
  if (argc >= 2 && argv[1][0] != '-')
    {
      *exit_status = cd_cli_run (argc, argv);
      return TRUE;
    }

  return G_APPLICATION_CLASS (cd_application_parent_class)->local_command_line (application,
                                                                                arguments,
                                                                                exit_status);
}

static int
cd_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("copydesk %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
cd_application_startup (GApplication *application)
{
  CdApplication *self = CD_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (cd_application_parent_class)->startup (application);

  self->settings = g_settings_new (APP_ID);
  self->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->target_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_error_free);
  self->warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window",
                                         new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  self->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal_cb, self);
  self->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal_cb, self);
}

static void
cd_application_activate (GApplication *application)
{
  CdApplication *self = CD_APPLICATION (application);
  CdWindow *window;

  window = get_active_cd_window (self);
  if (window == NULL)
    window = create_window (self);
  if (window == NULL)
    return;

  gtk_window_present (GTK_WINDOW (window));
}

static void
cd_application_shutdown (GApplication *application)
{
  CdApplication *self = CD_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  /* Pushes in flight go back to waiting; the next start resumes them. */
  if (self->publisher != NULL)
    cd_publisher_stop (self->publisher);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->library != NULL && !cd_library_flush (self->library, &error))
    g_warning ("Could not save the library before quitting: %s", error->message);
  g_clear_error (&error);

  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);

  /* A clean quit: the next start has nothing to recover. */
  if (self->state != NULL && !cd_session_end (self->state, &error))
    g_warning ("Could not end the session: %s", error->message);

  G_APPLICATION_CLASS (cd_application_parent_class)->shutdown (application);
}

static void
cd_application_dispose (GObject *object)
{
  CdApplication *self = CD_APPLICATION (object);

  g_clear_object (&self->publisher);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_clear_pointer (&self->target_errors, g_hash_table_unref);
  g_clear_pointer (&self->warned, g_hash_table_unref);
  g_clear_object (&self->state);

  G_OBJECT_CLASS (cd_application_parent_class)->dispose (object);
}

static void
cd_application_class_init (CdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = cd_application_dispose;
  app_class->shutdown = cd_application_shutdown;

  app_class->local_command_line = cd_application_local_command_line;
  app_class->handle_local_options = cd_application_handle_local_options;
  app_class->startup = cd_application_startup;
  app_class->activate = cd_application_activate;
}

static void
cd_application_init (CdApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[COMMAND [ARGUMENT…]]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Write, caption and publish news stories."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Run “copydesk help” for the list of commands."));
}

/**
 * cd_application_new:
 * @application_id: the D-Bus name, e.g. io.github.copydesk.Copydesk
 * @flags: #GApplicationFlags
 *
 * Returns: (transfer full): a new #CdApplication
 */
CdApplication *
cd_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (CD_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}
