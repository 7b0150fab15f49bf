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
 * chunks of CHUNK_CHARS characters, so the main loop is never held for long. The
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
  GMenu          *actions_section;
  GSimpleActionGroup *actions;
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

/* About a thousand words of English per idle chunk. */
#define CHUNK_CHARS 6000
/* Larger inserts than this go to the idle scan instead of being checked at once. */
#define SYNC_CHARS 2000
#define MAX_SUGGESTIONS 5

static gboolean
is_word_char (gunichar ch)
{
  /* Letters, digits, combining marks and apostrophes ("don't", "l’eau"). */
  return g_unichar_isalnum (ch) || g_unichar_ismark (ch) || ch == '\'' || ch == 0x2019;
}

static gboolean
is_apostrophe (gunichar ch)
{
  return ch == '\'' || ch == 0x2019;
}

static gboolean
is_not_word_char_cb (gunichar ch,
                     gpointer user_data)
{
  return !is_word_char (ch);
}

/* Widens [start, end] so that neither end cuts a word. */
static void
extend_to_words (GtkTextIter *start,
                 GtkTextIter *end)
{
  if (gtk_text_iter_backward_find_char (start, is_not_word_char_cb, NULL, NULL))
    gtk_text_iter_forward_char (start);
  if (is_word_char (gtk_text_iter_get_char (end)))
    gtk_text_iter_forward_find_char (end, is_not_word_char_cb, NULL, NULL);
}

static gboolean
in_no_spell_context (CdSpellAdapter    *self,
                     const GtkTextIter *iter)
{
  return GTK_SOURCE_IS_BUFFER (self->buffer)
         && gtk_source_buffer_iter_has_context_class (GTK_SOURCE_BUFFER (self->buffer),
                                                      iter, "no-spell-check");
}

static void
tag_word (CdSpellAdapter *self,
          int             start_offset,
          int             end_offset)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, start_offset);
  /* Code spans, code blocks and URLs in Markdown are not prose. */
  if (in_no_spell_context (self, &start))
    return;
  end = start;
  gtk_text_iter_forward_chars (&end, end_offset - start_offset);
  gtk_text_buffer_apply_tag (self->buffer, self->tag, &start, &end);
}

/* Checks the words of [start, end], which must not cut a word, reading the
 * text once rather than walking it with GtkTextIter's word functions. With
 * @typing, the word ending at the cursor is skipped and remembered.
 */
static void
check_text (CdSpellAdapter    *self,
            const GtkTextIter *start,
            const GtkTextIter *end,
            gboolean           typing)
{
  g_autofree char *text = gtk_text_iter_get_slice (start, end);
  int offset = gtk_text_iter_get_offset (start);
  int cursor = -1;
  const char *p = text;

  if (typing)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &iter,
                                        gtk_text_buffer_get_insert (self->buffer));
      cursor = gtk_text_iter_get_offset (&iter);
    }

  while (*p != '\0')
    {
      const char *word, *word_end;
      int word_offset, n_chars = 0;
      gboolean has_digit = FALSE;
      gunichar ch = g_utf8_get_char (p);

      if (!is_word_char (ch) || is_apostrophe (ch))
        {
          p = g_utf8_next_char (p);
          offset++;
          continue;
        }

      word = p;
      word_offset = offset;
      word_end = p;
      while (*p != '\0' && is_word_char (ch = g_utf8_get_char (p)))
        {
          has_digit |= g_unichar_isdigit (ch);
          p = g_utf8_next_char (p);
          offset++;
          n_chars++;
          /* A trailing apostrophe is a quote mark, not part of the word. */
          if (!is_apostrophe (ch))
            word_end = p;
        }

      {
        int word_chars = g_utf8_strlen (word, word_end - word);

        /* Numbers, versions and codes ("4G", "H2O") are not spelling. */
        if (has_digit)
          continue;
        if (typing && word_offset + word_chars == cursor)
          {
            GtkTextIter iter;

            gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, word_offset);
            gtk_text_buffer_move_mark (self->buffer, self->typing_mark, &iter);
            continue;
          }
        if (!cd_spell_checker_check_word (self->checker, word, word_end - word))
          tag_word (self, word_offset, word_offset + word_chars);
      }
    }
}

/* Re-checks the words touching [start, end]. */
static void
check_range (CdSpellAdapter *self,
             GtkTextIter     start,
             GtkTextIter     end,
             gboolean        typing)
{
  extend_to_words (&start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);
  check_text (self, &start, &end, typing);
}

static gboolean
scan_cb (gpointer user_data)
{
  CdSpellAdapter *self = user_data;
  GtkTextIter start, end;
  gboolean done;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->scan_mark);
  end = start;
  done = !gtk_text_iter_forward_chars (&end, CHUNK_CHARS);
  if (!done)
    {
      GtkTextIter unused = end;

      extend_to_words (&unused, &end);
    }
  /* Code spans and URLs are known only once highlighted: make sure this
   * chunk is, so they are never underlined in the first place. */
  if (GTK_SOURCE_IS_BUFFER (self->buffer)
      && gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (self->buffer)) != NULL)
    gtk_source_buffer_ensure_highlight (GTK_SOURCE_BUFFER (self->buffer), &start, &end);
  check_text (self, &start, &end, FALSE);

  if (!done && !gtk_text_iter_is_end (&end))
    {
      gtk_text_buffer_move_mark (self->buffer, self->scan_mark, &end);
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
  if (self->scan_id != 0)
    {
      gtk_text_buffer_get_iter_at_mark (self->buffer, &scan, self->scan_mark);
      if (gtk_text_iter_compare (&scan, &start) < 0)
        start = scan;
    }
  scan = start;
  extend_to_words (&start, &scan);
  gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);
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

  /* Still typing the same word: leave it for later. */
  if (gtk_text_iter_compare (&start, &cursor) < 0)
    {
      GtkTextIter word_end = start;

      if (!is_word_char (gtk_text_iter_get_char (&word_end))
          || gtk_text_iter_forward_find_char (&word_end, is_not_word_char_cb, NULL, NULL)
          || gtk_text_iter_is_end (&word_end))
        if (gtk_text_iter_equal (&word_end, &cursor))
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
  if (self->enabled)
    check_typing_word (self);
}

/* Highlighting runs after the check, in idle: once it has found code spans,
 * code blocks and URLs, their underlines go. Only underlined words are
 * visited, so this stays cheap however large the region.
 */
static void
on_highlight_updated_cb (CdSpellAdapter  *self,
                         GtkTextIter     *start,
                         GtkTextIter     *end,
                         GtkSourceBuffer *buffer)
{
  GtkTextIter iter = *start;

  if (!gtk_text_iter_has_tag (&iter, self->tag)
      && !gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
    return;

  while (gtk_text_iter_compare (&iter, end) < 0)
    {
      GtkTextIter word_end = iter;

      if (!gtk_text_iter_forward_to_tag_toggle (&word_end, self->tag))
        break;
      if (in_no_spell_context (self, &iter))
        gtk_text_buffer_remove_tag (self->buffer, self->tag, &iter, &word_end);
      iter = word_end;
      if (!gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
        break;
    }
}

static void
on_checker_changed_cb (CdSpellAdapter *self,
                       CdSpellChecker *checker)
{
  cd_spell_adapter_recheck_all (self);
}

/* The misspelled word at the cursor, or NULL. */
static char *
get_word_at_cursor (CdSpellAdapter *self,
                    GtkTextIter    *start,
                    GtkTextIter    *end)
{
  gtk_text_buffer_get_iter_at_mark (self->buffer, start,
                                    gtk_text_buffer_get_insert (self->buffer));
  *end = *start;
  if (!gtk_text_iter_has_tag (start, self->tag) && !gtk_text_iter_ends_tag (start, self->tag))
    return NULL;

  if (!gtk_text_iter_starts_tag (start, self->tag))
    gtk_text_iter_backward_to_tag_toggle (start, self->tag);
  if (!gtk_text_iter_ends_tag (end, self->tag))
    gtk_text_iter_forward_to_tag_toggle (end, self->tag);

  return gtk_text_iter_get_slice (start, end);
}

/* Fills the context menu for the word at the cursor. Suggestions are slow
 * (milliseconds each), so this runs only when the menu is about to open,
 * never on a keystroke or a cursor move.
 */
void
cd_spell_adapter_update_menu (CdSpellAdapter *self)
{
  g_autofree char *word = NULL;
  g_auto(GStrv) suggestions = NULL;
  GtkTextIter start, end;

  g_return_if_fail (CD_IS_SPELL_ADAPTER (self));

  word = self->enabled ? get_word_at_cursor (self, &start, &end) : NULL;

  g_menu_remove_all (self->suggestions_section);
  if (word != NULL)
    {
      suggestions = cd_spell_checker_get_suggestions (self->checker, word, -1);
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

  /* Without a misspelled word, the spelling items leave the menu. */
  g_menu_remove_all (self->actions_section);
  if (word != NULL)
    {
      g_menu_append (self->actions_section, _("_Add to Dictionary"), "spelling.add");
      g_menu_append (self->actions_section, _("_Ignore"), "spelling.ignore");
    }
}

static void
correct_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CdSpellAdapter *self = user_data;
  g_autofree char *word = NULL;
  GtkTextIter start, end;

  if ((word = get_word_at_cursor (self, &start, &end)) == NULL)
    return;

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
  g_autofree char *word = NULL;
  GtkTextIter start, end;

  if ((word = get_word_at_cursor (self, &start, &end)) != NULL)
    cd_spell_checker_add_word (self->checker, word, -1);
}

static void
ignore_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CdSpellAdapter *self = user_data;
  g_autofree char *word = NULL;
  GtkTextIter start, end;

  if ((word = get_word_at_cursor (self, &start, &end)) != NULL)
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
  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &sel_start, &sel_end)
      || !gtk_text_iter_in_range (&iter, &sel_start, &sel_end))
    gtk_text_buffer_place_cursor (self->buffer, &iter);

  cd_spell_adapter_update_menu (self);
}

/* Shift+F10 and the Menu key: fill the menu, then let the view open it. */
static gboolean
popup_menu_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  CdSpellAdapter *self = user_data;

  cd_spell_adapter_update_menu (self);
  gtk_widget_activate_action (widget, "menu.popup", NULL);

  return TRUE;
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

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions),
                                   entries, G_N_ELEMENTS (entries), self);
  self->menu = g_menu_new ();
  self->suggestions_section = g_menu_new ();
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (self->suggestions_section));
  self->actions_section = g_menu_new ();
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (self->actions_section));
  cd_spell_adapter_update_menu (self);

  g_signal_connect_object (self->buffer, "insert-text",
                           G_CALLBACK (on_buffer_insert_text_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "delete-range",
                           G_CALLBACK (on_buffer_delete_range_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "notify::cursor-position",
                           G_CALLBACK (on_buffer_cursor_moved_cb), self, G_CONNECT_SWAPPED);
  if (GTK_SOURCE_IS_BUFFER (self->buffer))
    g_signal_connect_object (self->buffer, "highlight-updated",
                             G_CALLBACK (on_highlight_updated_cb), self, G_CONNECT_SWAPPED);
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
      self->scan_mark = self->typing_mark = NULL;
    }
  if (self->checker != NULL)
    g_signal_handlers_disconnect_by_data (self->checker, self);
  g_clear_object (&self->tag);
  g_clear_object (&self->buffer);
  g_clear_object (&self->checker);
  g_clear_object (&self->menu);
  g_clear_object (&self->suggestions_section);
  g_clear_object (&self->actions_section);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (cd_spell_adapter_parent_class)->dispose (object);
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
          cd_spell_adapter_update_menu (self);
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
  GtkEventController *shortcuts;
  GtkGesture *click;

  g_return_if_fail (CD_IS_SPELL_ADAPTER (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_view_click_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_Menu, 0)),
                                                          gtk_callback_action_new (popup_menu_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (view), shortcuts);

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
  queue_scan (self, &start);
}
