/* cd-status-sidebar.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-status-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-format.h"
#include "cd-status.h"
#include "cd-status-sidebar-private.h"
#include "cd-story-row-private.h"

/* The publish-status sidebar: every story of the library in a GtkListView,
 * filtered by status (with a count for each) and searched. It only shows a
 * model that the window hands it and reports what the user picks; the
 * window asks the library for the model that matches the query.
 */
struct _CdStatusSidebar
{
  GtkWidget            parent_instance;

  GListModel          *model;
  GtkMultiSelection   *selection;
  GHashTable          *bound_rows;
  guint                clock_source;
  guint                countdown_source;
  int                  filter;
  guint                counts[CD_N_STATUSES + 1];
  GtkLabel            *count_labels[CD_N_STATUSES + 1];
  gboolean             selecting;

  /* Template children */
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkMenuButton       *filter_button;
  GtkListBox          *filter_list;
  GtkStack            *stack;
  GtkListView         *list_view;
  AdwStatusPage       *empty_page;
  GtkRevealer         *selection_revealer;
  GtkLabel            *selection_label;
};

G_DEFINE_FINAL_TYPE (CdStatusSidebar, cd_status_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_FILTER,
  PROP_SEARCH_MODE,
  N_PROPS
};

enum {
  STORY_SELECTED,
  QUERY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Index 0 of counts[] and count_labels[] is "All", status s is s + 1. */
#define FILTER_INDEX(status) ((status) + 1)

static const char *
filter_label (int status)
{
  if (status == CD_STATUS_SIDEBAR_ALL)
    return _("All Stories");
  return cd_status_get_group_label (status);
}

static void
update_filter_button (CdStatusSidebar *self)
{
  g_autofree char *count = cd_format_number (self->counts[FILTER_INDEX (self->filter)]);
  /* Translators: the status filter's button, e.g. "Drafts (12)" */
  g_autofree char *label = g_strdup_printf (_("%1$s (%2$s)"), filter_label (self->filter), count);

  gtk_menu_button_set_label (self->filter_button, label);
}

static void
update_empty_state (CdStatusSidebar *self)
{
  gboolean empty = self->model == NULL || g_list_model_get_n_items (self->model) == 0;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (!empty)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (search != NULL && *search != '\0')
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results Found"));
      adw_status_page_set_description (self->empty_page, _("Try a different search"));
    }
  else if (self->filter != CD_STATUS_SIDEBAR_ALL)
    {
      adw_status_page_set_icon_name (self->empty_page, "folder-documents-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Stories Here"));
      adw_status_page_set_description (self->empty_page,
                                       _("No story has this status right now"));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, "document-edit-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Stories"));
      adw_status_page_set_description (self->empty_page,
                                       _("Write a new story, or import one with “copydesk import”"));
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* One clock for every row that counts down to a retry; it stops itself
 * once no row on screen waits. */
static gboolean
tick_countdowns_cb (gpointer user_data)
{
  CdStatusSidebar *self = user_data;
  GHashTableIter iter;
  gpointer row;
  gboolean waiting = FALSE;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    waiting |= cd_story_row_refresh_countdown (row);

  if (waiting)
    return G_SOURCE_CONTINUE;

  self->countdown_source = 0;
  return G_SOURCE_REMOVE;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CdStatusSidebar          *self)
{
  gtk_list_item_set_child (item, cd_story_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CdStatusSidebar          *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  cd_story_row_set_summary (CD_STORY_ROW (row), gtk_list_item_get_item (item));
  g_hash_table_add (self->bound_rows, row);

  if (self->countdown_source == 0 && cd_story_row_refresh_countdown (CD_STORY_ROW (row)))
    self->countdown_source = g_timeout_add_seconds (1, tick_countdowns_cb, self);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CdStatusSidebar          *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  g_hash_table_remove (self->bound_rows, row);
  cd_story_row_set_summary (CD_STORY_ROW (row), NULL);
}

static gboolean
refresh_times_cb (gpointer user_data)
{
  CdStatusSidebar *self = user_data;
  GHashTableIter iter;
  gpointer row;

  /* Only the rows on screen are bound, so this stays small. */
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    cd_story_row_refresh_time (row);

  return G_SOURCE_CONTINUE;
}

/* Several rows picked (Ctrl or Shift click) show the selection bar. */
static void
update_selection_bar (CdStatusSidebar *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n = gtk_bitset_get_size (selected);

  if (n > 1)
    {
      /* Translators: in the sidebar's selection bar */
      g_autofree char *text = g_strdup_printf (ngettext ("%u story selected",
                                                         "%u stories selected", (guint) n),
                                               (guint) n);

      gtk_label_set_text (self->selection_label, text);
    }
  gtk_revealer_set_reveal_child (self->selection_revealer, n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sidebar.archive-selected", n > 0);
}

static void
on_selection_changed_cb (CdStatusSidebar *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autofree char *id = NULL;

  update_selection_bar (self);
  if (self->selecting)
    return;

  /* One row: the story opens; more: the user is gathering a batch. */
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (selected) != 1)
    return;

  id = cd_status_sidebar_dup_selected_id (self);
  if (id != NULL)
    g_signal_emit (self, signals[STORY_SELECTED], 0, id);
}

static void
archive_selected_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CdStatusSidebar *self = CD_STATUS_SIDEBAR (widget);
  g_auto(GStrv) ids = cd_status_sidebar_dup_selected_ids (self);

  if (ids[0] != NULL)
    gtk_widget_activate_action (widget, "win.archive-stories", "^as", ids);
}

/* Menu or Shift+F10: the focused row's context menu. */
static void
show_row_menu_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdStatusSidebar *self = CD_STATUS_SIDEBAR (widget);
  GtkWidget *item = gtk_widget_get_focus_child (GTK_WIDGET (self->list_view));

  /* The list view's children are its items; each holds one of our rows. */
  if (item == NULL)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (item);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (CD_IS_STORY_ROW (child))
      {
        cd_story_row_popup_menu (CD_STORY_ROW (child));
        return;
      }
}

static void
on_items_changed_cb (CdStatusSidebar *self)
{
  update_empty_state (self);
}

static void
on_search_changed_cb (CdStatusSidebar *self)
{
  g_signal_emit (self, signals[QUERY_CHANGED], 0);
  update_empty_state (self);
}

static void
on_filter_row_activated_cb (CdStatusSidebar *self,
                            GtkListBoxRow   *row)
{
  cd_status_sidebar_set_filter (self, gtk_list_box_row_get_index (row) - 1);
  gtk_menu_button_popdown (self->filter_button);
}

static void
build_filter_list (CdStatusSidebar *self)
{
  for (int status = CD_STATUS_SIDEBAR_ALL; status < CD_N_STATUSES; status++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *name = gtk_label_new (filter_label (status));
      GtkWidget *count = gtk_label_new ("0");

      gtk_widget_set_hexpand (name, TRUE);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (count, "dim-label");
      gtk_widget_add_css_class (count, "numeric");
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), count);
      gtk_list_box_append (self->filter_list, box);

      self->count_labels[FILTER_INDEX (status)] = GTK_LABEL (count);
    }
}

static void
cd_status_sidebar_dispose (GObject *object)
{
  GtkWidget *child;
  CdStatusSidebar *self = CD_STATUS_SIDEBAR (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_STATUS_SIDEBAR);
  /* The template's unnamed boxes are our children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_pointer (&self->bound_rows, g_hash_table_unref);

  G_OBJECT_CLASS (cd_status_sidebar_parent_class)->dispose (object);
}

static void
cd_status_sidebar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CdStatusSidebar *self = CD_STATUS_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, cd_status_sidebar_get_model (self));
      break;

    case PROP_FILTER:
      g_value_set_int (value, cd_status_sidebar_get_filter (self));
      break;

    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, gtk_search_bar_get_search_mode (self->search_bar));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_status_sidebar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CdStatusSidebar *self = CD_STATUS_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      cd_status_sidebar_set_model (self, g_value_get_object (value));
      break;

    case PROP_FILTER:
      cd_status_sidebar_set_filter (self, g_value_get_int (value));
      break;

    case PROP_SEARCH_MODE:
      gtk_search_bar_set_search_mode (self->search_bar, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_search_mode_notify_cb (CdStatusSidebar *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

static void
cd_status_sidebar_class_init (CdStatusSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_status_sidebar_dispose;
  object_class->get_property = cd_status_sidebar_get_property;
  object_class->set_property = cd_status_sidebar_set_property;

  /**
   * CdStatusSidebar:model:
   *
   * The story summaries to list, as the library's query returned them.
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * CdStatusSidebar:filter:
   *
   * The status shown, or %CD_STATUS_SIDEBAR_ALL.
   */
  properties[PROP_FILTER] =
    g_param_spec_int ("filter", NULL, NULL,
                      CD_STATUS_SIDEBAR_ALL, CD_STATUS_LAST, CD_STATUS_SIDEBAR_ALL,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * CdStatusSidebar:search-mode:
   *
   * Whether the search entry is shown.
   */
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdStatusSidebar::story-selected:
   * @self: the sidebar
   * @id: the local id of the story the user picked
   */
  signals[STORY_SELECTED] =
    g_signal_new ("story-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * CdStatusSidebar::query-changed:
   * @self: the sidebar
   *
   * The filter or the search text changed: the owner hands over a new model.
   */
  signals[QUERY_CHANGED] =
    g_signal_new ("query-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/cd-status-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, CdStatusSidebar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CdStatusSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CdStatusSidebar, filter_button);
  gtk_widget_class_bind_template_child (widget_class, CdStatusSidebar, filter_list);
  gtk_widget_class_bind_template_child (widget_class, CdStatusSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, CdStatusSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, CdStatusSidebar, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CdStatusSidebar, selection_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdStatusSidebar, selection_label);
  gtk_widget_class_install_action (widget_class, "sidebar.archive-selected", NULL,
                                   archive_selected_action);
  gtk_widget_class_install_action (widget_class, "sidebar.show-row-menu", NULL,
                                   show_row_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0,
                                       "sidebar.show-row-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "sidebar.show-row-menu", NULL);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode_notify_cb);

  gtk_widget_class_set_css_name (widget_class, "statussidebar");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cd_status_sidebar_init (CdStatusSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = CD_STATUS_SIDEBAR_ALL;
  self->bound_rows = g_hash_table_new (NULL, NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);

  self->selection = gtk_multi_selection_new (NULL);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed_cb), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  build_filter_list (self);
  update_selection_bar (self);
  update_filter_button (self);
  update_empty_state (self);

  self->clock_source = g_timeout_add_seconds (60, refresh_times_cb, self);
}

GtkWidget *
cd_status_sidebar_new (void)
{
  return g_object_new (CD_TYPE_STATUS_SIDEBAR, NULL);
}

/**
 * cd_status_sidebar_set_model:
 * @self: a #CdStatusSidebar
 * @model: (nullable): a #GListModel of story summaries
 *
 * Shows @model. The selected story stays selected if @model holds it.
 */
void
cd_status_sidebar_set_model (CdStatusSidebar *self,
                             GListModel      *model)
{
  g_autofree char *selected = NULL;

  g_return_if_fail (CD_IS_STATUS_SIDEBAR (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  selected = cd_status_sidebar_dup_selected_id (self);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_items_changed_cb), self);

  self->selecting = TRUE;
  gtk_multi_selection_set_model (self->selection, model);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  self->selecting = FALSE;

  if (selected != NULL)
    cd_status_sidebar_select_story (self, selected);

  update_empty_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

GListModel *
cd_status_sidebar_get_model (CdStatusSidebar *self)
{
  g_return_val_if_fail (CD_IS_STATUS_SIDEBAR (self), NULL);

  return self->model;
}

/**
 * cd_status_sidebar_set_count:
 * @self: a #CdStatusSidebar
 * @status: a #CdStatus or %CD_STATUS_SIDEBAR_ALL
 * @count: how many stories have it
 */
void
cd_status_sidebar_set_count (CdStatusSidebar *self,
                             int              status,
                             guint            count)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CD_IS_STATUS_SIDEBAR (self));
  g_return_if_fail (status >= CD_STATUS_SIDEBAR_ALL && status <= (int) CD_STATUS_LAST);

  if (self->counts[FILTER_INDEX (status)] == count &&
      gtk_label_get_text (self->count_labels[FILTER_INDEX (status)])[0] != '\0')
    return;

  self->counts[FILTER_INDEX (status)] = count;
  text = cd_format_number (count);
  gtk_label_set_text (self->count_labels[FILTER_INDEX (status)], text);

  if (status == self->filter)
    update_filter_button (self);
}

int
cd_status_sidebar_get_filter (CdStatusSidebar *self)
{
  g_return_val_if_fail (CD_IS_STATUS_SIDEBAR (self), CD_STATUS_SIDEBAR_ALL);

  return self->filter;
}

void
cd_status_sidebar_set_filter (CdStatusSidebar *self,
                              int              status)
{
  g_return_if_fail (CD_IS_STATUS_SIDEBAR (self));
  g_return_if_fail (status >= CD_STATUS_SIDEBAR_ALL && status <= (int) CD_STATUS_LAST);

  if (self->filter == status)
    return;

  self->filter = status;
  update_filter_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
  g_signal_emit (self, signals[QUERY_CHANGED], 0);
  update_empty_state (self);
}

/**
 * cd_status_sidebar_get_search_text:
 * @self: a #CdStatusSidebar
 *
 * Returns: (transfer none): the search text, "" when not searching
 */
const char *
cd_status_sidebar_get_search_text (CdStatusSidebar *self)
{
  g_return_val_if_fail (CD_IS_STATUS_SIDEBAR (self), "");

  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

static char *
dup_item_id (GListModel *model,
             guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (model, position);
  char *id = NULL;

  if (item != NULL)
    g_object_get (item, "id", &id, NULL);

  return id;
}

/**
 * cd_status_sidebar_select_story:
 * @self: a #CdStatusSidebar
 * @story_id: a story's local id
 *
 * Selects the story's row, if the current model holds it, without
 * emitting #CdStatusSidebar::story-selected.
 */
void
cd_status_sidebar_select_story (CdStatusSidebar *self,
                                const char      *story_id)
{
  guint n;

  g_return_if_fail (CD_IS_STATUS_SIDEBAR (self));
  g_return_if_fail (story_id != NULL);

  if (self->model == NULL)
    return;

  /* Stories usually sit near the top (newest first), so this is short. */
  n = MIN (g_list_model_get_n_items (self->model), 2000);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = dup_item_id (self->model, i);

      if (g_strcmp0 (id, story_id) == 0)
        {
          self->selecting = TRUE;
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          self->selecting = FALSE;
          return;
        }
    }
}

/**
 * cd_status_sidebar_dup_selected_id:
 * @self: a #CdStatusSidebar
 *
 * Returns: (transfer full) (nullable): the selected story's id
 */
char *
cd_status_sidebar_dup_selected_id (CdStatusSidebar *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  g_return_val_if_fail (CD_IS_STATUS_SIDEBAR (self), NULL);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (self->model == NULL || gtk_bitset_is_empty (selected))
    return NULL;

  return dup_item_id (self->model, gtk_bitset_get_minimum (selected));
}

/**
 * cd_status_sidebar_dup_selected_ids:
 * @self: a #CdStatusSidebar
 *
 * Returns: (transfer full): the selected stories' ids, in list order
 */
GStrv
cd_status_sidebar_dup_selected_ids (CdStatusSidebar *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (CD_IS_STATUS_SIDEBAR (self), NULL);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (self->model != NULL && gtk_bitset_iter_init_first (&iter, selected, &position))
    do
      {
        g_autofree char *id = dup_item_id (self->model, position);

        if (id != NULL)
          g_strv_builder_add (builder, id);
      }
    while (gtk_bitset_iter_next (&iter, &position));

  return g_strv_builder_end (builder);
}

/* For tests: whether the countdown clock runs. */
gboolean
_cd_status_sidebar_get_counting_down (CdStatusSidebar *self)
{
  g_return_val_if_fail (CD_IS_STATUS_SIDEBAR (self), FALSE);

  return self->countdown_source != 0;
}
