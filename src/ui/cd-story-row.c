/* cd-story-row.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-story-row"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-enums.h"
#include "cd-format.h"
#include "cd-status.h"
#include "cd-story-row-private.h"

/* One row of the publish-status sidebar. It shows a story summary from the
 * library's model: headline, byline, when it changed, a status badge, and
 * for a failed push the reason, a Retry button and, while the outbox waits
 * to try again, a countdown to that retry (the sidebar's clock refreshes it).
 */
struct _CdStoryRow
{
  GtkWidget     parent_instance;

  GObject      *summary;
  GSignalGroup *signals;
  GtkWidget    *context_menu;  /* a GtkPopoverMenu, made on first use */

  /* Template children */
  GtkLabel     *headline_label;
  GtkLabel     *meta_label;
  GtkLabel     *countdown_label;
  GtkLabel     *status_label;
  GtkButton    *retry_button;
};

G_DEFINE_FINAL_TYPE (CdStoryRow, cd_story_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *status_classes[CD_N_STATUSES] = {
  "draft", "ready", "queued", "pushing", "published", "failed", "conflict", "archived",
};

static GDateTime *
dup_updated (GObject *summary)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (summary), "updated");
  GDateTime *updated = NULL;

  if (pspec == NULL)
    return NULL;

  /* The time is a GDateTime or Unix seconds; both are fine to show. */
  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_DATE_TIME)
    g_object_get (summary, "updated", &updated, NULL);
  else if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_INT64)
    {
      gint64 unix_time = 0;

      g_object_get (summary, "updated", &unix_time, NULL);
      updated = g_date_time_new_from_unix_utc (unix_time);
    }

  return updated;
}

static void
update_meta (CdStoryRow *self)
{
  g_autofree char *byline = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) updated = NULL;

  if (self->summary == NULL)
    return;

  g_object_get (self->summary, "byline", &byline, NULL);
  updated = dup_updated (self->summary);
  if (updated != NULL)
    when = cd_format_relative_time (updated, NULL);

  if (byline != NULL && *byline != '\0' && when != NULL)
    {
      /* Translators: the byline, then how long ago the story changed,
       * e.g. "Jane Doe · 5 minutes ago" */
      g_autofree char *text = g_strdup_printf (_("%1$s · %2$s"), byline, when);
      gtk_label_set_text (self->meta_label, text);
    }
  else if (when != NULL)
    gtk_label_set_text (self->meta_label, when);
  else
    gtk_label_set_text (self->meta_label, byline ? byline : "");
}

static void
update_headline (CdStoryRow *self)
{
  g_autofree char *headline = NULL;

  if (self->summary == NULL)
    return;

  g_object_get (self->summary, "headline", &headline, NULL);
  if (headline == NULL || *headline == '\0')
    {
      gtk_label_set_text (self->headline_label, _("Untitled Story"));
      gtk_widget_add_css_class (GTK_WIDGET (self->headline_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->headline_label, headline);
      gtk_widget_remove_css_class (GTK_WIDGET (self->headline_label), "dim-label");
    }
}

/* The outbox's next attempt, when the row's story failed and waits for it. */
static GDateTime *
dup_next_attempt (CdStoryRow *self)
{
  GDateTime *when = NULL;
  CdStatus status = CD_STATUS_DRAFT;

  if (self->summary == NULL ||
      g_object_class_find_property (G_OBJECT_GET_CLASS (self->summary), "next-attempt") == NULL)
    return NULL;

  g_object_get (self->summary, "status", &status, NULL);
  if (status != CD_STATUS_FAILED)
    return NULL;
  g_object_get (self->summary, "next-attempt", &when, NULL);

  return when;
}

static char *
format_countdown (GDateTime *when,
                  GDateTime *now)
{
  GTimeSpan left = g_date_time_difference (when, now);
  guint seconds;

  if (left <= 0)
    return g_strdup (_("Retrying now…"));

  /* Rounded up: "1 second" until the moment comes. */
  seconds = (guint) MIN ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, G_MAXUINT);
  if (seconds < 120)
    /* Translators: a failed push waits for its retry; the placeholder is a
     * number of seconds, counting down */
    return g_strdup_printf (ngettext ("Retrying in %u second", "Retrying in %u seconds", seconds),
                            seconds);
  if (seconds < 120 * 60)
    /* Translators: a failed push waits for its retry; the placeholder is a
     * number of minutes, counting down */
    return g_strdup_printf (ngettext ("Retrying in %u minute", "Retrying in %u minutes",
                                      seconds / 60),
                            seconds / 60);
  /* Translators: a failed push waits for its retry; the placeholder is a
   * number of hours, counting down */
  return g_strdup_printf (ngettext ("Retrying in %u hour", "Retrying in %u hours", seconds / 3600),
                          seconds / 3600);
}

static gboolean
update_countdown (CdStoryRow *self)
{
  g_autoptr(GDateTime) when = dup_next_attempt (self);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), when != NULL);
  if (when == NULL)
    return FALSE;

  now = g_date_time_new_now_utc ();
  text = format_countdown (when, now);
  /* Only on change: a label that is set anew each second is re-laid out. */
  if (g_strcmp0 (gtk_label_get_text (self->countdown_label), text) != 0)
    gtk_label_set_text (self->countdown_label, text);

  return TRUE;
}

static void
update_status (CdStoryRow *self)
{
  g_autofree char *last_error = NULL;
  g_autofree char *id = NULL;
  CdStatus status = CD_STATUS_DRAFT;

  if (self->summary == NULL)
    return;

  g_object_get (self->summary, "status", &status, NULL);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (self->summary), "last-error") != NULL)
    g_object_get (self->summary, "last-error", &last_error, NULL);
  g_object_get (self->summary, "id", &id, NULL);

  gtk_label_set_text (self->status_label, cd_status_get_label (status));
  for (guint i = 0; i < CD_N_STATUSES; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), status_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_classes[status]);

  if (status == CD_STATUS_FAILED || status == CD_STATUS_CONFLICT)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label),
                                 last_error && *last_error ? last_error : NULL);
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), NULL);

  /* Failed: retry; Conflict: choose between Overwrite and Keep Theirs. */
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          status == CD_STATUS_FAILED || status == CD_STATUS_CONFLICT);
  gtk_button_set_label (self->retry_button,
                        status == CD_STATUS_CONFLICT ? _("_Resolve…") : _("_Retry"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->retry_button),
                               status == CD_STATUS_CONFLICT
                               ? _("Overwrite the site’s copy or keep it")
                               : _("Push this story again"));
  /* The target first: the actions take a string. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "s", id ? id : "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button),
                                  status == CD_STATUS_CONFLICT ? "win.resolve-conflict"
                                                               : "win.retry-story");

  update_countdown (self);
}

/* The menu item that fits the story's status, or NULL: a published piece
 * can be archived, an archived one restored, a failed push retried and a
 * conflict resolved; other rows have no context menu. */
static GMenuItem *
new_menu_item (CdStatus    status,
               const char *id)
{
  GMenuItem *item;

  switch ((int) status)
    {
    case CD_STATUS_PUBLISHED:
      item = g_menu_item_new (_("_Archive…"), NULL);
      g_menu_item_set_action_and_target_value (item, "win.archive-story",
                                               g_variant_new_string (id));
      return item;

    case CD_STATUS_ARCHIVED:
      item = g_menu_item_new (_("_Unarchive"), NULL);
      g_menu_item_set_action_and_target_value (item, "win.unarchive-story",
                                               g_variant_new_string (id));
      return item;

    case CD_STATUS_FAILED:
      item = g_menu_item_new (_("_Retry"), NULL);
      g_menu_item_set_action_and_target_value (item, "win.retry-story",
                                               g_variant_new_string (id));
      return item;

    case CD_STATUS_CONFLICT:
      item = g_menu_item_new (_("_Resolve…"), NULL);
      g_menu_item_set_action_and_target_value (item, "win.resolve-conflict",
                                               g_variant_new_string (id));
      return item;

    default:
      return NULL;
    }
}

/* Opens the context menu pointing at @pointing_to (row coordinates); the
 * popover puts the focus on its first item, so that the arrows and Return
 * work at once. Returns whether it opened. */
static gboolean
popup_context_menu (CdStoryRow         *self,
                    const GdkRectangle *pointing_to)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenuItem) item = NULL;
  g_autofree char *id = NULL;
  CdStatus status = CD_STATUS_DRAFT;

  if (self->summary == NULL)
    return FALSE;

  g_object_get (self->summary, "status", &status, "id", &id, NULL);
  item = new_menu_item (status, id != NULL ? id : "");
  if (item == NULL)
    return FALSE;

  menu = g_menu_new ();
  g_menu_append_item (menu, item);

  if (self->context_menu == NULL)
    {
      self->context_menu = gtk_popover_menu_new_from_model (NULL);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
      gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
      gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
    }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->context_menu), G_MENU_MODEL (menu));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), pointing_to);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));

  return TRUE;
}

static void
on_click_pressed_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     CdStoryRow      *self)
{
  if (popup_context_menu (self, &(GdkRectangle) { (int) x, (int) y, 1, 1 }))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_long_press_pressed_cb (GtkGestureLongPress *gesture,
                          double               x,
                          double               y,
                          CdStoryRow          *self)
{
  popup_context_menu (self, &(GdkRectangle) { (int) x, (int) y, 1, 1 });
}

static void
on_summary_notify_cb (CdStoryRow *self,
                      GParamSpec *pspec,
                      GObject    *summary)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "headline"))
    update_headline (self);
  else if (g_str_equal (name, "byline") || g_str_equal (name, "updated"))
    update_meta (self);
  else if (g_str_equal (name, "status") || g_str_equal (name, "last-error"))
    update_status (self);
}

static void
cd_story_row_dispose (GObject *object)
{
  GtkWidget *child;
  CdStoryRow *self = CD_STORY_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_STORY_ROW);
  /* The template's unnamed boxes are our children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->context_menu = NULL;
  g_clear_object (&self->signals);
  g_clear_object (&self->summary);

  G_OBJECT_CLASS (cd_story_row_parent_class)->dispose (object);
}

static void
cd_story_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CdStoryRow *self = CD_STORY_ROW (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_object (value, cd_story_row_get_summary (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_story_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CdStoryRow *self = CD_STORY_ROW (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      cd_story_row_set_summary (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_story_row_class_init (CdStoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_story_row_dispose;
  object_class->get_property = cd_story_row_get_property;
  object_class->set_property = cd_story_row_set_property;

  /**
   * CdStoryRow:summary:
   *
   * The story summary the row shows (an item of the library's model).
   */
  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/cd-story-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CdStoryRow, headline_label);
  gtk_widget_class_bind_template_child (widget_class, CdStoryRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, CdStoryRow, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, CdStoryRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, CdStoryRow, retry_button);

  gtk_widget_class_set_css_name (widget_class, "storyrow");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
cd_story_row_init (CdStoryRow *self)
{
  GtkGesture *click;
  GtkGesture *long_press;

  gtk_widget_init_template (GTK_WIDGET (self));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  long_press = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (on_long_press_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (long_press));

  self->signals = g_signal_group_new (G_TYPE_OBJECT);
  g_signal_group_connect_object (self->signals, "notify",
                                 G_CALLBACK (on_summary_notify_cb), self,
                                 G_CONNECT_SWAPPED);
}

GtkWidget *
cd_story_row_new (void)
{
  return g_object_new (CD_TYPE_STORY_ROW, NULL);
}

/* For tests: opens the context menu as a right-click would; (transfer none)
 * (nullable): the menu's model, or NULL when the row has none. */
GMenuModel *
_cd_story_row_popup_context_menu (CdStoryRow *self)
{
  g_return_val_if_fail (CD_IS_STORY_ROW (self), NULL);

  if (!popup_context_menu (self, &(GdkRectangle) { 0, 0, 1, 1 }))
    return NULL;

  return gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (self->context_menu));
}

GObject *
cd_story_row_get_summary (CdStoryRow *self)
{
  g_return_val_if_fail (CD_IS_STORY_ROW (self), NULL);

  return self->summary;
}

void
cd_story_row_set_summary (CdStoryRow *self,
                          GObject    *summary)
{
  g_return_if_fail (CD_IS_STORY_ROW (self));
  g_return_if_fail (summary == NULL || G_IS_OBJECT (summary));

  if (!g_set_object (&self->summary, summary))
    return;

  g_signal_group_set_target (self->signals, summary);
  update_headline (self);
  update_meta (self);
  update_status (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

/**
 * cd_story_row_refresh_time:
 * @self: a #CdStoryRow
 *
 * Rewrites the relative time ("5 minutes ago"), which goes stale as the
 * clock moves even when the story does not change.
 */
void
cd_story_row_refresh_time (CdStoryRow *self)
{
  g_return_if_fail (CD_IS_STORY_ROW (self));

  update_meta (self);
}

/**
 * cd_story_row_popup_menu:
 * @self: a #CdStoryRow
 *
 * Opens the row's context menu as the Menu key does: below the row, with
 * the focus on its first item.
 *
 * Returns: %TRUE if the row has a menu (and it opened)
 */
gboolean
cd_story_row_popup_menu (CdStoryRow *self)
{
  GdkRectangle row;

  g_return_val_if_fail (CD_IS_STORY_ROW (self), FALSE);

  row = (GdkRectangle) { 0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                         gtk_widget_get_height (GTK_WIDGET (self)) };

  return popup_context_menu (self, &row);
}

/**
 * cd_story_row_get_menu:
 * @self: a #CdStoryRow
 *
 * Returns: (transfer none) (nullable): the context menu's popover, once
 *   it has been opened
 */
GtkWidget *
cd_story_row_get_menu (CdStoryRow *self)
{
  g_return_val_if_fail (CD_IS_STORY_ROW (self), NULL);

  return self->context_menu;
}

/**
 * cd_story_row_refresh_countdown:
 * @self: a #CdStoryRow
 *
 * Rewrites the countdown to the next retry ("Retrying in 15 seconds").
 *
 * Returns: %TRUE while the row's story waits for a retry
 */
gboolean
cd_story_row_refresh_countdown (CdStoryRow *self)
{
  g_return_val_if_fail (CD_IS_STORY_ROW (self), FALSE);

  return update_countdown (self);
}
