/* cd-spell-adapter.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-spell-adapter"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "cd-spell-adapter.h"

/* Underlines misspelled words of a GtkTextBuffer with the "misspelled" tag.
 *
 * An edit checks only the words it touched, right away. Everything else (the
 * first check of a loaded text, a large paste, a new language or dictionary
 * word) is a scan from the "scan" mark to the end of the buffer, done in idle
 * chunks of CHUNK_WORDS words, so the main loop is never held for long. The
 * word being typed at the cursor is left alone until the cursor leaves it,
 * so a half-typed word does not flash red.
 */
struct _CdSpellAdapter
{
  GObject         parent_instance;

  GtkTextBuffer  *buffer;
  CdSpellChecker *checker;
  GtkTextTag     *tag;
  GtkTextMark    *scan_mark;
  GtkTextMark    *typing_mark;
  guint           scan_id;
  guint           enabled : 1;

  /* The context menu and the word it is about. */
  GMenu          *menu;
  GMenu          *suggestions_section;
  GSimpleActionGroup *actions;
  GtkTextMark    *menu_start;
  GtkTextMark    *menu_end;
  char           *menu_word;
};

G_DEFINE_FINAL_TYPE (CdSpellAdapter, cd_spell_adapter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUFFER,
  PROP_CHECKER,
  PROP_ENABLED,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define CHUNK_WORDS 1000
/* Larger inserts than this go to the idle scan instead of being checked at once. */
#define SYNC_CHARS 2000
#define MAX_SUGGESTIONS 5

static void update_menu (CdSpellAdapter *self);

static gboolean
word_is_checkable (const char *word)
{
  /* Numbers, versions and codes ("4G", "H2O") are not spelling. */
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)))
      return FALSE;

  return *word != '\0';
}

static gboolean
in_no_spell_context (CdSpellAdapter    *self,
                     const GtkTextIter *iter)
{
  return GTK_SOURCE_IS_BUFFER (self->buffer)
         && gtk_source_buffer_iter_has_context_class (GTK_SOURCE_BUFFER (self->buffer),
                                                      iter, "no-spell-check");
}

static gboolean
iter_at_cursor (CdSpellAdapter    *self,
                const GtkTextIter *iter)
{
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor,
                                    gtk_text_buffer_get_insert (self->buffer));

  return gtk_text_iter_equal (iter, &cursor);
}

/* Moves @iter to the start of the first word at or after it; FALSE if none. */
static gboolean
next_word_start (GtkTextIter *iter)
{
  if (gtk_text_iter_starts_word (iter))
    return TRUE;
  if (!gtk_text_iter_forward_word_end (iter))
    return FALSE;

  return gtk_text_iter_backward_word_start (iter);
}

static void
check_word (CdSpellAdapter    *self,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  g_autofree char *word = gtk_text_iter_get_slice (start, end);

  if (word_is_checkable (word)
      && !in_no_spell_context (self, start)
      && !cd_spell_checker_check_word (self->checker, word, -1))
    gtk_text_buffer_apply_tag (self->buffer, self->tag, start, end);
}

/* Checks the words from @start to @limit, at most @max_words of them.
 * Returns FALSE when it reached @limit, TRUE (with @start moved to where it
 * stopped) when words remain. With @typing, the word ending at the cursor
 * is skipped and remembered.
 */
static gboolean
check_words (CdSpellAdapter    *self,
             GtkTextIter       *start,
             const GtkTextIter *limit,
             guint              max_words,
             gboolean           typing)
{
  GtkTextIter iter = *start;
  guint n = 0;

  if (!next_word_start (&iter))
    return FALSE;

  while (gtk_text_iter_compare (&iter, limit) < 0)
    {
      GtkTextIter word_end = iter;

      if (n++ == max_words)
        {
          *start = iter;
          return TRUE;
        }
      if (!gtk_text_iter_forward_word_end (&word_end))
        break;

      if (typing && iter_at_cursor (self, &word_end))
        gtk_text_buffer_move_mark (self->buffer, self->typing_mark, &iter);
      else
        check_word (self, &iter, &word_end);

      iter = word_end;
      if (!gtk_text_iter_forward_word_end (&iter) || !gtk_text_iter_backward_word_start (&iter))
        break;
    }

  return FALSE;
}

/* Re-checks the words touching [start, end]. */
static void
check_range (CdSpellAdapter *self,
             GtkTextIter     start,
             GtkTextIter     end,
             gboolean        typing)
{
  if (gtk_text_iter_inside_word (&start) || gtk_text_iter_ends_word (&start))
    if (!gtk_text_iter_starts_word (&start))
      gtk_text_iter_backward_word_start (&start);
  if (gtk_text_iter_inside_word (&end) && !gtk_text_iter_ends_word (&end))
    gtk_text_iter_forward_word_end (&end);

  gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);
  check_words (self, &start, &end, G_MAXUINT, typing);
}

static gboolean
scan_cb (gpointer user_data)
{
  CdSpellAdapter *self = user_data;
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->scan_mark);
  gtk_text_buffer_get_end_iter (self->buffer, &end);

  if (check_words (self, &start, &end, CHUNK_WORDS, FALSE))
    {
      gtk_text_buffer_move_mark (self->buffer, self->scan_mark, &start);
      return G_SOURCE_CONTINUE;
    }

  self->scan_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  return G_SOURCE_REMOVE;
}

/* Queues [from, end of buffer] for the idle scan, after removing the old
 * underlines there.
 */
static void
queue_scan (CdSpellAdapter    *self,
            const GtkTextIter *from)
{
  GtkTextIter start = *from, end, scan;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);

  if (self->scan_id != 0)
    {
      gtk_text_buffer_get_iter_at_mark (self->buffer, &scan, self->scan_mark);
      if (gtk_text_iter_compare (&scan, &start) < 0)
        start = scan;
    }
  if (gtk_text_iter_inside_word (&start) && !gtk_text_iter_starts_word (&start))
    gtk_text_iter_backward_word_start (&start);
  gtk_text_buffer_move_mark (self->buffer, self->scan_mark, &start);

  if (self->scan_id == 0)
    {
      self->scan_id = g_idle_add_full (G_PRIORITY_LOW, scan_cb, self, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
stop_scan (CdSpellAdapter *self)
{
  if (self->scan_id == 0)
    return;

  g_clear_handle_id (&self->scan_id, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
check_typing_word (CdSpellAdapter *self)
{
  GtkTextIter start, cursor;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->typing_mark);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor,
                                    gtk_text_buffer_get_insert (self->buffer));
  if (gtk_text_iter_equal (&start, &cursor))
    return;

  /* Still typing inside the same word: leave it for later. */
  if (gtk_text_iter_compare (&start, &cursor) < 0)
    {
      GtkTextIter word_end = start;

      if (gtk_text_iter_forward_word_end (&word_end)
          && gtk_text_iter_equal (&word_end, &cursor))
        return;
    }

  gtk_text_buffer_move_mark (self->buffer, self->typing_mark, &cursor);
  check_range (self, start, start, FALSE);
}

static void
on_buffer_insert_text_after_cb (CdSpellAdapter *self,
                                GtkTextIter    *location,
                                const char     *text,
                                int             len,
                                GtkTextBuffer  *buffer)
{
  GtkTextIter start = *location;
  glong n_chars;

  if (!self->enabled)
    return;

  n_chars = g_utf8_strlen (text, len);
  gtk_text_iter_backward_chars (&start, n_chars);
  if (n_chars > SYNC_CHARS)
    queue_scan (self, &start);
  else
    check_range (self, start, *location, TRUE);
}

static void
on_buffer_delete_range_after_cb (CdSpellAdapter *self,
                                 GtkTextIter    *start,
                                 GtkTextIter    *end,
                                 GtkTextBuffer  *buffer)
{
  if (self->enabled)
    check_range (self, *start, *start, TRUE);
}

static void
on_buffer_cursor_moved_cb (CdSpellAdapter *self,
                           GParamSpec     *pspec,
                           GtkTextBuffer  *buffer)
{
  if (!self->enabled)
    return;

  check_typing_word (self);
  update_menu (self);
}

static void
on_checker_changed_cb (CdSpellAdapter *self,
                       CdSpellChecker *checker)
{
  cd_spell_adapter_recheck_all (self);
}

/* The context menu offers suggestions only for the misspelled word at the
 * cursor (a right click moves the cursor there first), and computes them
 * only when that word changes: suggestions are slow, cursor moves are not.
 */
static void
update_menu (CdSpellAdapter *self)
{
  GtkTextIter cursor, start, end;
  g_autofree char *word = NULL;
  g_auto(GStrv) suggestions = NULL;
  GAction *action;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor,
                                    gtk_text_buffer_get_insert (self->buffer));
  start = end = cursor;
  if (gtk_text_iter_has_tag (&cursor, self->tag)
      || (gtk_text_iter_ends_tag (&cursor, self->tag)))
    {
      if (!gtk_text_iter_starts_word (&start))
        gtk_text_iter_backward_word_start (&start);
      if (!gtk_text_iter_ends_word (&end))
        gtk_text_iter_forward_word_end (&end);
      word = gtk_text_iter_get_slice (&start, &end);
    }

  if (g_strcmp0 (word, self->menu_word) == 0)
    return;

  g_free (self->menu_word);
  self->menu_word = g_steal_pointer (&word);
  gtk_text_buffer_move_mark (self->buffer, self->menu_start, &start);
  gtk_text_buffer_move_mark (self->buffer, self->menu_end, &end);

  g_menu_remove_all (self->suggestions_section);
  if (self->menu_word != NULL)
    {
      suggestions = cd_spell_checker_get_suggestions (self->checker, self->menu_word, -1);
      for (guint i = 0; suggestions[i] != NULL && i < MAX_SUGGESTIONS; i++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (suggestions[i], NULL);

          g_menu_item_set_action_and_target (item, "spelling.correct", "s", suggestions[i]);
          g_menu_append_item (self->suggestions_section, item);
        }
      if (suggestions[0] == NULL)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (_("No Suggestions"), "spelling.none");

          g_menu_append_item (self->suggestions_section, item);
        }
    }

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "add");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->menu_word != NULL);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "ignore");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->menu_word != NULL);
}

static void
correct_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CdSpellAdapter *self = user_data;
  GtkTextIter start, end;

  if (self->menu_word == NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->menu_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->menu_end);

  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert (self->buffer, &start, g_variant_get_string (parameter, NULL), -1);
  gtk_text_buffer_end_user_action (self->buffer);
}

static void
add_action_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  CdSpellAdapter *self = user_data;
  g_autofree char *word = g_strdup (self->menu_word);

  if (word != NULL)
    cd_spell_checker_add_word (self->checker, word, -1);
}

static void
ignore_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CdSpellAdapter *self = user_data;
  g_autofree char *word = g_strdup (self->menu_word);

  if (word != NULL)
    cd_spell_checker_ignore_word (self->checker, word, -1);
}

/* A right click first puts the cursor on the clicked word (unless it lands
 * in the selection), so the menu's suggestions are about that word.
 */
static void
on_view_click_pressed_cb (GtkGestureClick *gesture,
                          int              n_press,
                          double           x,
                          double           y,
                          CdSpellAdapter  *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)));
  GtkTextIter iter, sel_start, sel_end;
  int bx, by;

  if (self->buffer == NULL || gtk_text_view_get_buffer (view) != self->buffer)
    return;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  gtk_text_view_get_iter_at_location (view, &iter, bx, by);
  if (gtk_text_buffer_get_selection_bounds (self->buffer, &sel_start, &sel_end)
      && gtk_text_iter_in_range (&iter, &sel_start, &sel_end))
    return;

  gtk_text_buffer_place_cursor (self->buffer, &iter);
}

static void
cd_spell_adapter_constructed (GObject *object)
{
  CdSpellAdapter *self = CD_SPELL_ADAPTER (object);
  static const GActionEntry entries[] = {
    { .name = "correct", .activate = correct_action_cb, .parameter_type = "s" },
    { .name = "add", .activate = add_action_cb },
    { .name = "ignore", .activate = ignore_action_cb },
  };
  g_autoptr(GMenu) actions_section = g_menu_new ();
  GtkTextIter start;

  G_OBJECT_CLASS (cd_spell_adapter_parent_class)->constructed (object);

  g_assert (GTK_IS_TEXT_BUFFER (self->buffer));
  g_assert (CD_IS_SPELL_CHECKER (self->checker));

  self->tag = gtk_text_buffer_create_tag (self->buffer, NULL,
                                          "underline", PANGO_UNDERLINE_ERROR,
                                          NULL);
  g_object_ref (self->tag);
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  self->scan_mark = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  self->typing_mark = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  self->menu_start = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  self->menu_end = gtk_text_buffer_create_mark (self->buffer, NULL, &start, FALSE);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions),
                                   entries, G_N_ELEMENTS (entries), self);
  self->menu = g_menu_new ();
  self->suggestions_section = g_menu_new ();
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (self->suggestions_section));
  g_menu_append (actions_section, _("_Add to Dictionary"), "spelling.add");
  g_menu_append (actions_section, _("_Ignore"), "spelling.ignore");
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (actions_section));
  update_menu (self);

  g_signal_connect_object (self->buffer, "insert-text",
                           G_CALLBACK (on_buffer_insert_text_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "delete-range",
                           G_CALLBACK (on_buffer_delete_range_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "notify::cursor-position",
                           G_CALLBACK (on_buffer_cursor_moved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->checker, "changed",
                           G_CALLBACK (on_checker_changed_cb), self, G_CONNECT_SWAPPED);

  if (self->enabled)
    queue_scan (self, &start);
}

static void
cd_spell_adapter_dispose (GObject *object)
{
  CdSpellAdapter *self = CD_SPELL_ADAPTER (object);

  g_clear_handle_id (&self->scan_id, g_source_remove);
  if (self->buffer != NULL)
    {
      GtkTextIter start, end;

      g_signal_handlers_disconnect_by_data (self->buffer, self);
      gtk_text_buffer_get_bounds (self->buffer, &start, &end);
      gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);
      gtk_text_tag_table_remove (gtk_text_buffer_get_tag_table (self->buffer), self->tag);
      gtk_text_buffer_delete_mark (self->buffer, self->scan_mark);
      gtk_text_buffer_delete_mark (self->buffer, self->typing_mark);
      gtk_text_buffer_delete_mark (self->buffer, self->menu_start);
      gtk_text_buffer_delete_mark (self->buffer, self->menu_end);
      self->scan_mark = self->typing_mark = self->menu_start = self->menu_end = NULL;
    }
  if (self->checker != NULL)
    g_signal_handlers_disconnect_by_data (self->checker, self);
  g_clear_object (&self->tag);
  g_clear_object (&self->buffer);
  g_clear_object (&self->checker);
  g_clear_object (&self->menu);
  g_clear_object (&self->suggestions_section);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (cd_spell_adapter_parent_class)->dispose (object);
}

static void
cd_spell_adapter_finalize (GObject *object)
{
  CdSpellAdapter *self = CD_SPELL_ADAPTER (object);

  g_free (self->menu_word);

  G_OBJECT_CLASS (cd_spell_adapter_parent_class)->finalize (object);
}

static void
cd_spell_adapter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CdSpellAdapter *self = CD_SPELL_ADAPTER (object);

  switch (prop_id)
    {
    case PROP_BUFFER:
      g_value_set_object (value, cd_spell_adapter_get_buffer (self));
      break;

    case PROP_CHECKER:
      g_value_set_object (value, cd_spell_adapter_get_checker (self));
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, cd_spell_adapter_get_enabled (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, cd_spell_adapter_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_spell_adapter_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CdSpellAdapter *self = CD_SPELL_ADAPTER (object);

  switch (prop_id)
    {
    case PROP_BUFFER:
      self->buffer = g_value_dup_object (value);
      break;

    case PROP_CHECKER:
      self->checker = g_value_dup_object (value);
      break;

    case PROP_ENABLED:
      cd_spell_adapter_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_spell_adapter_class_init (CdSpellAdapterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cd_spell_adapter_constructed;
  object_class->dispose = cd_spell_adapter_dispose;
  object_class->finalize = cd_spell_adapter_finalize;
  object_class->get_property = cd_spell_adapter_get_property;
  object_class->set_property = cd_spell_adapter_set_property;

  /**
   * CdSpellAdapter:buffer:
   *
   * The text buffer whose misspelled words get the tag.
   */
  properties[PROP_BUFFER] =
    g_param_spec_object ("buffer", NULL, NULL,
                         GTK_TYPE_TEXT_BUFFER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * CdSpellAdapter:checker:
   *
   * The spell checker that decides which words are misspelled.
   */
  properties[PROP_CHECKER] =
    g_param_spec_object ("checker", NULL, NULL,
                         CD_TYPE_SPELL_CHECKER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * CdSpellAdapter:enabled:
   *
   * Whether misspelled words are underlined.
   */
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * CdSpellAdapter:busy:
   *
   * Whether part of the buffer still waits for its idle check.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_spell_adapter_init (CdSpellAdapter *self)
{
  self->enabled = TRUE;
}

/**
 * cd_spell_adapter_new:
 * @buffer: the buffer to check
 * @checker: the spell checker to use
 *
 * Returns: (transfer full): a new adapter; it starts checking @buffer in idle
 */
CdSpellAdapter *
cd_spell_adapter_new (GtkTextBuffer  *buffer,
                      CdSpellChecker *checker)
{
  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);
  g_return_val_if_fail (CD_IS_SPELL_CHECKER (checker), NULL);

  return g_object_new (CD_TYPE_SPELL_ADAPTER,
                       "buffer", buffer,
                       "checker", checker,
                       NULL);
}

GtkTextBuffer *
cd_spell_adapter_get_buffer (CdSpellAdapter *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ADAPTER (self), NULL);

  return self->buffer;
}

CdSpellChecker *
cd_spell_adapter_get_checker (CdSpellAdapter *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ADAPTER (self), NULL);

  return self->checker;
}

gboolean
cd_spell_adapter_get_enabled (CdSpellAdapter *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ADAPTER (self), FALSE);

  return self->enabled;
}

void
cd_spell_adapter_set_enabled (CdSpellAdapter *self,
                              gboolean        enabled)
{
  g_return_if_fail (CD_IS_SPELL_ADAPTER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  if (self->buffer != NULL)
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (self->buffer, &start, &end);
      if (enabled)
        queue_scan (self, &start);
      else
        {
          stop_scan (self);
          gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);
          update_menu (self);
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

/* TRUE while some text still waits for its idle check. */
gboolean
cd_spell_adapter_get_busy (CdSpellAdapter *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ADAPTER (self), FALSE);

  return self->scan_id != 0;
}

GtkTextTag *
cd_spell_adapter_get_tag (CdSpellAdapter *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ADAPTER (self), NULL);

  return self->tag;
}

/* Returns: (transfer none): the spelling items for a text view's extra menu */
GMenuModel *
cd_spell_adapter_get_menu (CdSpellAdapter *self)
{
  g_return_val_if_fail (CD_IS_SPELL_ADAPTER (self), NULL);

  return G_MENU_MODEL (self->menu);
}

/* Gives @view the spelling context menu and its "spelling." actions. */
void
cd_spell_adapter_attach (CdSpellAdapter *self,
                         GtkTextView    *view)
{
  GtkGesture *click;

  g_return_if_fail (CD_IS_SPELL_ADAPTER (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_view_click_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));

  gtk_text_view_set_extra_menu (view, G_MENU_MODEL (self->menu));
  gtk_widget_insert_action_group (GTK_WIDGET (view), "spelling", G_ACTION_GROUP (self->actions));
}

/* Checks the whole buffer again, in idle chunks. */
void
cd_spell_adapter_recheck_all (CdSpellAdapter *self)
{
  GtkTextIter start;

  g_return_if_fail (CD_IS_SPELL_ADAPTER (self));

  if (!self->enabled || self->buffer == NULL)
    return;

  gtk_text_buffer_get_start_iter (self->buffer, &start);
  g_clear_pointer (&self->menu_word, g_free);
  queue_scan (self, &start);
}
