/* cd-story-editor.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-story-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-format.h"
#include "cd-spell-checker.h"
#include "cd-status.h"
#include "cd-story-editor-private.h"

G_DEFINE_FINAL_TYPE (CdStoryEditor, cd_story_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORY,
  N_PROPS
};

enum {
  MARK_READY,
  SAVE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The body reaches the story this long after the last keystroke (and at
 * once on focus-out, a story change or close): copying a 100,000-word body
 * per keystroke would cost more than the keystroke. While typing goes on
 * with no pause that long, it still goes at most BODY_SYNC_MAX_DELAY_MS
 * after the first keystroke not yet synced; the library saves 400 ms after
 * the model changed, so a crash loses about the last second, never more.
 */
#define BODY_SYNC_DELAY_MS 200
#define BODY_SYNC_MAX_DELAY_MS 500

static gboolean
tags_to_text (GBinding     *binding,
              const GValue *from_value,
              GValue       *to_value,
              gpointer      user_data)
{
  const char * const *tags = g_value_get_boxed (from_value);

  g_value_take_string (to_value, tags != NULL ? g_strjoinv (", ", (char **) tags) : g_strdup (""));

  return TRUE;
}

static gboolean
text_to_tags (GBinding     *binding,
              const GValue *from_value,
              GValue       *to_value,
              gpointer      user_data)
{
  const char *text = g_value_get_string (from_value);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);

      if (tag[0] != '\0')
        g_strv_builder_add (builder, tag);
    }
  g_value_take_boxed (to_value, g_strv_builder_end (builder));

  return TRUE;
}

static void
set_editable_placeholder (GtkEditable *editable,
                          const char  *text)
{
  GtkEditable *delegate = gtk_editable_get_delegate (editable);

  if (GTK_IS_TEXT (delegate))
    gtk_text_set_placeholder_text (GTK_TEXT (delegate), text);
}

static void
update_slug_placeholder (CdStoryEditor *self)
{
  set_editable_placeholder (GTK_EDITABLE (self->slug_row),
                            self->story != NULL ? cd_story_get_effective_slug (self->story) : NULL);
}

static void
update_counts (CdStoryEditor *self)
{
  guint words = cd_word_counter_get_words (self->counter);
  guint characters = cd_word_counter_get_characters (self->counter);
  guint minutes = cd_word_counter_get_minutes (self->counter);
  g_autofree char *words_number = cd_format_number (words);
  g_autofree char *characters_number = cd_format_number (characters);
  g_autofree char *words_text = NULL;
  g_autofree char *characters_text = NULL;
  g_autofree char *minutes_text = NULL;

  /* Translators: the body's word count in the status bar; %s is the
   * number with the locale's digit grouping, e.g. "1,234" */
  words_text = g_strdup_printf (ngettext ("%s word", "%s words", words), words_number);
  /* Translators: the body's character count in the status bar; %s is the
   * number with the locale's digit grouping, e.g. "7,890" */
  characters_text = g_strdup_printf (ngettext ("%s character", "%s characters", characters),
                                     characters_number);
  /* Translators: the estimated reading time of the body; %u is a number
   * of minutes ("min" is short for minutes) */
  minutes_text = g_strdup_printf (ngettext ("%u min read", "%u min read", minutes), minutes);

  gtk_inscription_set_text (self->words_label, words_text);
  gtk_inscription_set_text (self->characters_label, characters_text);
  gtk_inscription_set_text (self->reading_time_label, minutes_text);
}

static void
update_style_scheme (CdStoryEditor *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "oblivion" : "classic");

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer), scheme);
}

static void
update_checklist (CdStoryEditor *self)
{
  g_autoptr(GPtrArray) missing = NULL;
  g_autofree char *missing_text = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *child;
  gboolean ready;

  if (self->story != NULL)
    missing = cd_story_check_ready (self->story);
  else
    missing = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (missing, NULL);
  missing_text = g_strjoinv ("\n", (char **) missing->pdata);
  g_ptr_array_remove_index (missing, missing->len - 1);

  ready = self->story != NULL && missing->len == 0;

  /* ::changed comes per keystroke; rebuild only on a real difference. */
  if (self->missing_text != NULL && g_str_equal (missing_text, self->missing_text)
      && self->ready == ready)
    return;
  g_free (self->missing_text);
  self->missing_text = g_steal_pointer (&missing_text);
  self->ready = ready;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checklist_box))) != NULL)
    gtk_box_remove (self->checklist_box, child);

  for (guint i = 0; i < missing->len; i++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (g_ptr_array_index (missing, i));

      gtk_widget_add_css_class (icon, "warning");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (self->checklist_box, row);
    }

  if (self->ready)
    heading = g_strdup (_("Ready to publish"));
  else
    /* Translators: the heading of the readiness checklist; %u is how many
     * things the story still lacks before it can be marked ready */
    heading = g_strdup_printf (ngettext ("%u item missing", "%u items missing", missing->len),
                               missing->len);
  gtk_label_set_label (self->checklist_heading, heading);
  gtk_widget_set_visible (GTK_WIDGET (self->checklist_box), missing->len > 0);
  gtk_menu_button_set_icon_name (self->checklist_button,
                                 self->ready ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

  _cd_story_editor_update_actions (self);
}

static void
sync_body (CdStoryEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  g_clear_handle_id (&self->sync_id, g_source_remove);
  if (!self->body_dirty || self->story == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  self->body_dirty = FALSE;
  self->syncing = TRUE;
  cd_story_set_body (self->story, text);
  self->syncing = FALSE;
}

static void
load_body (CdStoryEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  GtkTextIter start;

  g_clear_handle_id (&self->sync_id, g_source_remove);
  self->body_dirty = FALSE;
  self->loading = TRUE;
  /* A new story's text is not an edit to undo. */
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, self->story != NULL ? cd_story_get_body (self->story) : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_buffer_set_modified (buffer, FALSE);
  self->loading = FALSE;
}

static gboolean
sync_body_cb (gpointer user_data)
{
  CdStoryEditor *self = user_data;

  self->sync_id = 0;
  sync_body (self);

  return G_SOURCE_REMOVE;
}

static void
on_buffer_changed_cb (CdStoryEditor *self,
                      GtkTextBuffer *buffer)
{
  gint64 now, left_ms;

  if (self->loading || self->story == NULL)
    return;

  now = g_get_monotonic_time ();
  if (!self->body_dirty)
    self->body_dirty_since = now;
  self->body_dirty = TRUE;
  left_ms = (self->body_dirty_since - now) / 1000 + BODY_SYNC_MAX_DELAY_MS;
  g_clear_handle_id (&self->sync_id, g_source_remove);
  self->sync_id = g_timeout_add (CLAMP (left_ms, 0, BODY_SYNC_DELAY_MS), sync_body_cb, self);
}

static void
on_body_focus_leave_cb (CdStoryEditor            *self,
                        GtkEventControllerFocus *controller)
{
  sync_body (self);
}

static void
on_story_body_changed_cb (CdStoryEditor *self,
                          GParamSpec    *pspec,
                          CdStory       *story)
{
  /* Someone else changed the body (a reload, an import): show theirs. */
  if (!self->syncing)
    load_body (self);
}

static void
on_story_effective_slug_changed_cb (CdStoryEditor *self,
                                    GParamSpec    *pspec,
                                    CdStory       *story)
{
  update_slug_placeholder (self);
}

static void
on_story_status_changed_cb (CdStoryEditor *self,
                            GParamSpec    *pspec,
                            CdStory       *story)
{
  _cd_story_editor_update_actions (self);
}

static void
on_story_changed_cb (CdStoryEditor *self,
                     CdStory       *story)
{
  update_checklist (self);
}

static void
on_counter_changed_cb (CdStoryEditor *self,
                       GParamSpec    *pspec,
                       CdWordCounter *counter)
{
  update_counts (self);
}

static void
on_style_manager_dark_changed_cb (CdStoryEditor   *self,
                                  GParamSpec      *pspec,
                                  AdwStyleManager *style_manager)
{
  update_style_scheme (self);
}

static void
on_search_mode_changed_cb (CdStoryEditor *self,
                           GParamSpec    *pspec,
                           GtkSearchBar  *search_bar)
{
  gboolean active = gtk_search_bar_get_search_mode (search_bar);

  gtk_source_search_context_set_highlight (self->search_context, active);
  if (!active)
    {
      /* No search text: the context stops scanning the buffer. */
      gtk_source_search_settings_set_search_text (self->search_settings, NULL);
      gtk_widget_set_visible (self->replace_box, FALSE);
    }
  else
    gtk_source_search_settings_set_search_text (self->search_settings,
                                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  _cd_story_editor_update_actions (self);
}

static void
search_changed_cb (CdStoryEditor  *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  gtk_source_search_settings_set_search_text (self->search_settings,
                                              text[0] != '\0' ? text : NULL);
}

static void
select_match (CdStoryEditor     *self,
              const GtkTextIter *start,
              const GtkTextIter *end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));

  gtk_text_buffer_select_range (buffer, start, end);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->body_view),
                                gtk_text_buffer_get_insert (buffer), 0.25, FALSE, 0, 0);
}

static void
search_next_cb (CdStoryEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  GtkTextIter start, end, match_start, match_end;

  search_changed_cb (self, self->search_entry);
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (gtk_source_search_context_forward (self->search_context, &end,
                                         &match_start, &match_end, NULL))
    select_match (self, &match_start, &match_end);
}

static void
search_previous_cb (CdStoryEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  GtkTextIter start, end, match_start, match_end;

  search_changed_cb (self, self->search_entry);
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (gtk_source_search_context_backward (self->search_context, &start,
                                          &match_start, &match_end, NULL))
    select_match (self, &match_start, &match_end);
}

static void
search_stop_cb (CdStoryEditor *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

static void
replace_cb (CdStoryEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  const char *replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  g_autoptr(GError) error = NULL;
  GtkTextIter start, end, match_start, match_end;

  search_changed_cb (self, self->search_entry);
  /* Replace the selection only if it is a match; the context's own
   * occurrence count is not known until its idle scan has finished.
   */
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (gtk_source_search_context_forward (self->search_context, &start,
                                         &match_start, &match_end, NULL)
      && gtk_text_iter_equal (&start, &match_start)
      && gtk_text_iter_equal (&end, &match_end)
      && !gtk_source_search_context_replace (self->search_context, &match_start, &match_end,
                                             replacement, -1, &error))
    g_warning ("Could not replace: %s", error->message);

  search_next_cb (self);
}

static void
replace_all_cb (CdStoryEditor *self)
{
  const char *replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  g_autoptr(GError) error = NULL;

  search_changed_cb (self, self->search_entry);
  if (!gtk_source_search_context_replace_all (self->search_context, replacement, -1, &error))
    g_warning ("Could not replace: %s", error->message);
}

/* Related links: one row per link, each with a title and a URL entry. The
 * rows are the truth while editing; every edit writes them all back.
 */
static void
write_links (CdStoryEditor *self)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_link_free);

  if (self->story == NULL || self->loading)
    return;

  for (guint i = 0; i < self->link_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->link_rows, i);
      const char *title = gtk_editable_get_text (g_object_get_data (G_OBJECT (row), "title-entry"));
      const char *url = gtk_editable_get_text (g_object_get_data (G_OBJECT (row), "url-entry"));

      if (title[0] != '\0' || url[0] != '\0')
        g_ptr_array_add (links, cd_link_new (title, url));
    }

  cd_story_set_related_links (self->story, links);
}

static void
on_link_entry_changed_cb (CdStoryEditor *self,
                          GtkEditable   *entry)
{
  write_links (self);
}

static void
on_link_remove_clicked_cb (CdStoryEditor *self,
                           GtkButton     *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  g_assert (row != NULL);

  g_ptr_array_remove (self->link_rows, row);
  adw_expander_row_remove (self->links_row, row);
  write_links (self);
}

static GtkWidget *
add_link_row (CdStoryEditor *self,
              const char    *title,
              const char    *url)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title_entry = gtk_entry_new ();
  GtkWidget *url_entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);

  gtk_editable_set_text (GTK_EDITABLE (title_entry), title);
  gtk_entry_set_placeholder_text (GTK_ENTRY (title_entry), _("Title"));
  gtk_widget_set_hexpand (title_entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (title_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Link Title"),
                                  -1);
  gtk_editable_set_text (GTK_EDITABLE (url_entry), url);
  gtk_entry_set_placeholder_text (GTK_ENTRY (url_entry), _("URL"));
  gtk_entry_set_input_purpose (GTK_ENTRY (url_entry), GTK_INPUT_PURPOSE_URL);
  gtk_widget_set_hexpand (url_entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (url_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Link URL"),
                                  -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Link"));
  gtk_widget_add_css_class (remove, "flat");

  gtk_box_append (GTK_BOX (box), title_entry);
  gtk_box_append (GTK_BOX (box), url_entry);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data (G_OBJECT (row), "title-entry", title_entry);
  g_object_set_data (G_OBJECT (row), "url-entry", url_entry);
  g_signal_connect_object (title_entry, "changed", G_CALLBACK (on_link_entry_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (url_entry, "changed", G_CALLBACK (on_link_entry_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_link_remove_clicked_cb),
                           self, G_CONNECT_SWAPPED);

  adw_expander_row_add_row (self->links_row, row);
  g_ptr_array_add (self->link_rows, row);

  return title_entry;
}

static void
on_add_link_clicked_cb (CdStoryEditor *self,
                        GtkButton     *button)
{
  GtkWidget *entry = add_link_row (self, "", "");

  adw_expander_row_set_expanded (self->links_row, TRUE);
  gtk_widget_grab_focus (entry);
}

static void
load_links (CdStoryEditor *self)
{
  GPtrArray *links;

  while (self->link_rows->len > 0)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->link_rows, self->link_rows->len - 1);

      adw_expander_row_remove (self->links_row, row);
    }

  if (self->story == NULL)
    return;

  links = cd_story_get_related_links (self->story);
  for (guint i = 0; i < links->len; i++)
    {
      CdLink *link = g_ptr_array_index (links, i);

      add_link_row (self, link->title, link->url);
    }
}

static void
cd_story_editor_dispose (GObject *object)
{
  CdStoryEditor *self = CD_STORY_EDITOR (object);
  GtkWidget *child;

  /* Whatever was typed last reaches the story before we let go of it. */
  sync_body (self);
  g_clear_handle_id (&self->sync_id, g_source_remove);
  g_clear_handle_id (&self->highlight_id, g_source_remove);

  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  if (self->story_signals != NULL)
    g_signal_group_set_target (self->story_signals, NULL);
  g_clear_object (&self->bindings);
  g_clear_object (&self->story_signals);
  g_clear_object (&self->story);
  g_clear_object (&self->spell);
  g_clear_object (&self->counter);
  g_clear_object (&self->search_context);
  g_clear_object (&self->search_settings);
  g_clear_object (&self->checker);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->link_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_STORY_EDITOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cd_story_editor_parent_class)->dispose (object);
}

static void
cd_story_editor_finalize (GObject *object)
{
  CdStoryEditor *self = CD_STORY_EDITOR (object);

  g_free (self->missing_text);

  G_OBJECT_CLASS (cd_story_editor_parent_class)->finalize (object);
}

static void
cd_story_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CdStoryEditor *self = CD_STORY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORY:
      g_value_set_object (value, cd_story_editor_get_story (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_story_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CdStoryEditor *self = CD_STORY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORY:
      cd_story_editor_set_story (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_story_editor_class_init (CdStoryEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_story_editor_dispose;
  object_class->finalize = cd_story_editor_finalize;
  object_class->get_property = cd_story_editor_get_property;
  object_class->set_property = cd_story_editor_set_property;

  /**
   * CdStoryEditor:story:
   *
   * The story being edited, or %NULL.
   */
  properties[PROP_STORY] =
    g_param_spec_object ("story", NULL, NULL,
                         CD_TYPE_STORY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdStoryEditor::mark-ready:
   * @self: the editor
   * @story: the story, its body already written back
   *
   * Emitted when the person asks to mark the story as ready and the
   * readiness checklist passes. The window asks the library to do it.
   */
  signals[MARK_READY] =
    g_signal_new ("mark-ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CD_TYPE_STORY);

  /**
   * CdStoryEditor::save-requested:
   * @self: the editor
   * @story: the story, its body already written back
   *
   * Emitted on Ctrl+S: the window asks the library to save now rather than
   * at the next autosave.
   */
  signals[SAVE_REQUESTED] =
    g_signal_new ("save-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CD_TYPE_STORY);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/cd-story-editor.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "storyeditor");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, headline_entry);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, dek_entry);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, byline_row);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, dateline_row);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, details_row);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, slug_row);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, source_text_row);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, source_url_row);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, links_row);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, replace_box);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, replace_entry);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, words_label);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, characters_label);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, reading_time_label);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, checklist_button);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, checklist_heading);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, checklist_box);
  gtk_widget_class_bind_template_child (widget_class, CdStoryEditor, mark_ready_button);

  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, replace_cb);
  gtk_widget_class_bind_template_callback (widget_class, replace_all_cb);

  _cd_story_editor_class_actions_init (widget_class);
}

static gboolean
set_up_highlighting_cb (gpointer user_data)
{
  CdStoryEditor *self = user_data;
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));

  self->highlight_id = 0;
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer),
                                  gtk_source_language_manager_get_language (languages, "markdown"));
  update_style_scheme (self);
  /* Spelling waits for the language: it skips what Markdown marks as code. */
  cd_spell_adapter_set_enabled (self->spell, TRUE);

  return G_SOURCE_REMOVE;
}

static void
cd_story_editor_init (CdStoryEditor *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkTextBuffer *buffer;
  GtkEventController *focus;
  GtkWidget *add_link;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->link_rows = g_ptr_array_new ();
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  /* Finding the Markdown language reads every language file GtkSourceView
   * has (about 150 ms here): do it once the window is on screen. */
  self->highlight_id = g_idle_add_full (G_PRIORITY_LOW, set_up_highlighting_cb, self, NULL);
  g_signal_connect_object (style_manager, "notify::dark",
                           G_CALLBACK (on_style_manager_dark_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "changed",
                           G_CALLBACK (on_buffer_changed_cb), self, G_CONNECT_SWAPPED);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave",
                           G_CALLBACK (on_body_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->body_view), focus);

  /* Spelling, in the language the preferences name ("" = the locale's). */
  self->settings = g_settings_new ("io.github.copydesk.Copydesk");
  self->checker = cd_spell_checker_new (NULL);
  g_settings_bind (self->settings, "spell-language", self->checker, "language",
                   G_SETTINGS_BIND_GET);
  self->spell = cd_spell_adapter_new (buffer, self->checker);
  cd_spell_adapter_set_enabled (self->spell, FALSE);
  cd_spell_adapter_attach (self->spell, GTK_TEXT_VIEW (self->body_view));

  /* The body's text view would take Ctrl+Return as a new line before the
   * class binding sees it: catch it on the way down instead. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();
    GtkShortcutAction *mark_ready = gtk_named_action_new ("story.mark-ready");

    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_alternative_trigger_new (
                                                              gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                              gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                            mark_ready));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }

  self->counter = cd_word_counter_new (buffer);
  g_signal_connect_object (self->counter, "notify::words",
                           G_CALLBACK (on_counter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->counter, "notify::characters",
                           G_CALLBACK (on_counter_changed_cb), self, G_CONNECT_SWAPPED);
  update_counts (self);

  self->search_settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->search_settings, TRUE);
  self->search_context = gtk_source_search_context_new (GTK_SOURCE_BUFFER (buffer),
                                                        self->search_settings);
  gtk_source_search_context_set_highlight (self->search_context, FALSE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);

  add_link = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_valign (add_link, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (add_link, _("Add Link"));
  gtk_widget_add_css_class (add_link, "flat");
  g_signal_connect_object (add_link, "clicked",
                           G_CALLBACK (on_add_link_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_expander_row_add_action (self->links_row, add_link);

  /* Screen readers land on the row's text, not on the row: name both. */
  {
    AdwEntryRow *rows[] = {
      self->byline_row, self->dateline_row, self->slug_row, self->tags_row,
      self->source_text_row, self->source_url_row,
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (rows[i]));
        GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (rows[i]));

        gtk_accessible_update_property (GTK_ACCESSIBLE (rows[i]),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
        if (delegate != NULL)
          gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      }
  }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->checklist_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Readiness Checklist"),
                                  -1);

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "headline", self->headline_entry, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "dek", self->dek_entry, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "byline", self->byline_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "dateline", self->dateline_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "slug", self->slug_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "source-text", self->source_text_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "source-url", self->source_url_row, "text",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind_full (self->bindings, "tags", self->tags_row, "text",
                             G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                             tags_to_text, text_to_tags, NULL, NULL);

  self->story_signals = g_signal_group_new (CD_TYPE_STORY);
  g_signal_group_connect_object (self->story_signals, "changed",
                                 G_CALLBACK (on_story_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->story_signals, "notify::body",
                                 G_CALLBACK (on_story_body_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->story_signals, "notify::effective-slug",
                                 G_CALLBACK (on_story_effective_slug_changed_cb), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->story_signals, "notify::status",
                                 G_CALLBACK (on_story_status_changed_cb), self, G_CONNECT_SWAPPED);

  update_checklist (self);
}

GtkWidget *
cd_story_editor_new (void)
{
  return g_object_new (CD_TYPE_STORY_EDITOR, NULL);
}

CdStory *
cd_story_editor_get_story (CdStoryEditor *self)
{
  g_return_val_if_fail (CD_IS_STORY_EDITOR (self), NULL);

  return self->story;
}

void
cd_story_editor_set_story (CdStoryEditor *self,
                           CdStory       *story)
{
  g_return_if_fail (CD_IS_STORY_EDITOR (self));
  g_return_if_fail (story == NULL || CD_IS_STORY (story));

  if (self->story == story)
    return;

  /* The old story gets its last keystrokes before we switch. */
  sync_body (self);

  g_binding_group_set_source (self->bindings, NULL);
  g_signal_group_set_target (self->story_signals, NULL);
  g_set_object (&self->story, story);

  if (story == NULL)
    {
      GtkEditable *editables[] = {
        GTK_EDITABLE (self->headline_entry), GTK_EDITABLE (self->dek_entry),
        GTK_EDITABLE (self->byline_row), GTK_EDITABLE (self->dateline_row),
        GTK_EDITABLE (self->slug_row), GTK_EDITABLE (self->tags_row),
        GTK_EDITABLE (self->source_text_row), GTK_EDITABLE (self->source_url_row),
      };

      for (guint i = 0; i < G_N_ELEMENTS (editables); i++)
        gtk_editable_set_text (editables[i], "");
    }

  self->loading = TRUE;
  g_binding_group_set_source (self->bindings, story);
  load_links (self);
  self->loading = FALSE;
  load_body (self);
  g_signal_group_set_target (self->story_signals, story);

  update_slug_placeholder (self);
  update_checklist (self);
  _cd_story_editor_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORY]);
}

/* Writes pending edits (the debounced body) to the story now. */
void
cd_story_editor_flush (CdStoryEditor *self)
{
  g_return_if_fail (CD_IS_STORY_EDITOR (self));

  sync_body (self);
}

void
cd_story_editor_focus_headline (CdStoryEditor *self)
{
  g_return_if_fail (CD_IS_STORY_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->headline_entry));
}

GtkTextBuffer *
_cd_story_editor_get_buffer (CdStoryEditor *self)
{
  g_return_val_if_fail (CD_IS_STORY_EDITOR (self), NULL);

  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
}

CdSpellAdapter *
_cd_story_editor_get_spell_adapter (CdStoryEditor *self)
{
  g_return_val_if_fail (CD_IS_STORY_EDITOR (self), NULL);

  return self->spell;
}

CdWordCounter *
_cd_story_editor_get_word_counter (CdStoryEditor *self)
{
  g_return_val_if_fail (CD_IS_STORY_EDITOR (self), NULL);

  return self->counter;
}

/* TRUE while edits wait for the model or text waits for its spell check. */
gboolean
_cd_story_editor_get_busy (CdStoryEditor *self)
{
  g_return_val_if_fail (CD_IS_STORY_EDITOR (self), FALSE);

  return self->sync_id != 0 || self->highlight_id != 0 || cd_spell_adapter_get_busy (self->spell);
}

gboolean
_cd_story_editor_is_ready (CdStoryEditor *self)
{
  g_return_val_if_fail (CD_IS_STORY_EDITOR (self), FALSE);

  return self->ready;
}

void
_cd_story_editor_emit_mark_ready (CdStoryEditor *self)
{
  g_return_if_fail (CD_IS_STORY_EDITOR (self));

  sync_body (self);
  update_checklist (self);
  if (self->story != NULL && self->ready)
    g_signal_emit (self, signals[MARK_READY], 0, self->story);
}

void
_cd_story_editor_emit_save_requested (CdStoryEditor *self)
{
  g_return_if_fail (CD_IS_STORY_EDITOR (self));

  sync_body (self);
  if (self->story != NULL)
    g_signal_emit (self, signals[SAVE_REQUESTED], 0, self->story);
}

void
_cd_story_editor_show_search (CdStoryEditor *self,
                              gboolean       replace)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (CD_IS_STORY_EDITOR (self));

  /* A short selection on one line is what to look for. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end)
      && gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end)
      && gtk_text_iter_get_offset (&end) - gtk_text_iter_get_offset (&start) < 100)
    {
      g_autofree char *text = gtk_text_iter_get_slice (&start, &end);

      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
    }

  gtk_widget_set_visible (self->replace_box, replace);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (replace && gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0'
                         ? GTK_WIDGET (self->replace_entry)
                         : GTK_WIDGET (self->search_entry));
}
