/* cd-story-editor-actions.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-story-editor-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-status.h"
#include "cd-story-editor-private.h"

static void
mark_ready_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _cd_story_editor_emit_mark_ready (CD_STORY_EDITOR (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _cd_story_editor_emit_save_requested (CD_STORY_EDITOR (widget));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _cd_story_editor_show_search (CD_STORY_EDITOR (widget), FALSE);
}

static void
replace_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _cd_story_editor_show_search (CD_STORY_EDITOR (widget), TRUE);
}

static void
hide_search_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdStoryEditor *self = CD_STORY_EDITOR (widget);

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

void
_cd_story_editor_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "story.mark-ready", NULL, mark_ready_action);
  gtk_widget_class_install_action (widget_class, "story.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "story.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "story.replace", NULL, replace_action);
  gtk_widget_class_install_action (widget_class, "story.hide-search", NULL, hide_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "story.mark-ready", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "story.mark-ready", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "story.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "story.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK,
                                       "story.replace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "story.hide-search", NULL);
}

/* Recomputes every story.* action's enabled state, and what the Mark as
 * Ready button says about it.
 */
void
_cd_story_editor_update_actions (CdStoryEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_story = self->story != NULL;
  gboolean can_become_ready = has_story
    && cd_status_can_transition (cd_story_get_status (self->story), CD_STATUS_READY);
  gboolean searching = gtk_search_bar_get_search_mode (self->search_bar);
  const char *tooltip;

  gtk_widget_action_set_enabled (widget, "story.mark-ready", can_become_ready && self->ready);
  gtk_widget_action_set_enabled (widget, "story.save", has_story);
  gtk_widget_action_set_enabled (widget, "story.find", has_story);
  gtk_widget_action_set_enabled (widget, "story.replace", has_story);
  /* Disabled, Escape passes through to whoever else wants it. */
  gtk_widget_action_set_enabled (widget, "story.hide-search", searching);

  if (!has_story)
    tooltip = NULL;
  else if (!self->ready)
    tooltip = self->missing_text;
  else if (!can_become_ready)
    tooltip = _("The story cannot be marked as ready in its current status");
  else
    tooltip = _("Mark the story as ready to publish");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mark_ready_button), tooltip);
}
