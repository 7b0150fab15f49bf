/* cd-window.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-photo-panel-private.h"
#include "cd-status-sidebar-private.h"
#include "cd-window-private.h"

struct _CdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  AdwLeaflet           *leaflet;
  AdwFlap              *flap;
  CdStatusSidebar      *sidebar;
  GtkToggleButton      *panel_button;
  GtkWidget            *photo_pane;
  CdPhotoPanel         *photo_panel;
};

G_DEFINE_FINAL_TYPE (CdWindow, cd_window, ADW_TYPE_APPLICATION_WINDOW)

static void
save_window_state (CdWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static void
restore_window_state (CdWindow *self)
{
  int width, height;

  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
cd_window_close_request (GtkWindow *window)
{
  CdWindow *self = CD_WINDOW (window);

  save_window_state (self);

  return GTK_WINDOW_CLASS (cd_window_parent_class)->close_request (window);
}

static void
cd_window_dispose (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cd_window_parent_class)->dispose (object);
}

static void
cd_window_class_init (CdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cd_window_dispose;
  window_class->close_request = cd_window_close_request;

  g_type_ensure (CD_TYPE_STATUS_SIDEBAR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, panel_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, photo_pane);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, photo_panel);

  g_type_ensure (CD_TYPE_PHOTO_PANEL);
}

static void
cd_window_init (CdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.copydesk.Copydesk");
  restore_window_state (self);
  g_settings_bind (self->settings, "photo-panel-visible",
                   self->flap, "reveal-flap", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "photo-panel-width",
                   self->photo_pane, "width-request", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "credit-format",
                   self->photo_panel, "credit-format", G_SETTINGS_BIND_GET);
}

/**
 * cd_window_new:
 * @application: the #CdApplication
 *
 * Returns: (transfer full): a new main window
 */
CdWindow *
cd_window_new (CdApplication *application)
{
  return g_object_new (CD_TYPE_WINDOW,
                       "application", application,
                       NULL);
}
