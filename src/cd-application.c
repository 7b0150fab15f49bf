/* cd-application.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-application"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-cli.h"
#include "cd-library.h"
#include "cd-preferences-window-private.h"
#include "cd-window-private.h"

struct _CdApplication
{
  AdwApplication  parent_instance;

  CdLibrary      *library;
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
    return TRUE;

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

static CdWindow *
create_window (CdApplication *self)
{
  CdWindow *window;

  if (!ensure_library (self))
    return NULL;

  window = cd_window_new (self, self->library);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (window), "devel");

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

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window",
                                         new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
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

  if (self->library != NULL && !cd_library_flush (self->library, &error))
    g_warning ("Could not save the library before quitting: %s", error->message);

  G_APPLICATION_CLASS (cd_application_parent_class)->shutdown (application);
}

static void
cd_application_dispose (GObject *object)
{
  CdApplication *self = CD_APPLICATION (object);

  g_clear_object (&self->library);

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
