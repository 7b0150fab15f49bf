/* cd-word-counter.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-word-counter"

#include "config.h"

#include "cd-word-counter.h"

/* Keeps the word count of a GtkTextBuffer up to date without reading the
 * whole text per keystroke: a word is a run of non-space characters holding
 * at least one letter or digit, so words never cross whitespace, and an edit
 * only changes the count inside the whitespace-bounded run around it. Each
 * edit counts that run before and after the change and adjusts the total.
 */
struct _CdWordCounter
{
  GObject        parent_instance;

  GtkTextBuffer *buffer;
  guint          words;
  guint          before;
};

G_DEFINE_FINAL_TYPE (CdWordCounter, cd_word_counter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUFFER,
  PROP_WORDS,
  PROP_CHARACTERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Newsroom reading speed, words per minute. */
#define WORDS_PER_MINUTE 200

static gboolean
is_space_cb (gunichar ch,
             gpointer user_data)
{
  return g_unichar_isspace (ch);
}

/* Widens [start, end] to the non-space runs touching it. */
static void
extend_to_spaces (GtkTextIter *start,
                  GtkTextIter *end)
{
  if (gtk_text_iter_backward_find_char (start, is_space_cb, NULL, NULL))
    gtk_text_iter_forward_char (start);
  if (!g_unichar_isspace (gtk_text_iter_get_char (end)))
    gtk_text_iter_forward_find_char (end, is_space_cb, NULL, NULL);
}

static guint
count_range (GtkTextIter *start,
             GtkTextIter *end)
{
  g_autofree char *text = NULL;

  extend_to_spaces (start, end);
  text = gtk_text_iter_get_slice (start, end);

  return cd_count_words (text, -1);
}

static void
set_words (CdWordCounter *self,
           guint          words)
{
  if (self->words == words)
    return;

  self->words = words;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORDS]);
}

static void
on_buffer_insert_text_cb (CdWordCounter *self,
                          GtkTextIter   *location,
                          const char    *text,
                          int            len,
                          GtkTextBuffer *buffer)
{
  GtkTextIter start = *location, end = *location;

  self->before = count_range (&start, &end);
}

static void
on_buffer_insert_text_after_cb (CdWordCounter *self,
                                GtkTextIter   *location,
                                const char    *text,
                                int            len,
                                GtkTextBuffer *buffer)
{
  GtkTextIter start = *location, end = *location;
  guint after;

  gtk_text_iter_backward_chars (&start, g_utf8_strlen (text, len));
  after = count_range (&start, &end);

  set_words (self, self->words - MIN (self->before, self->words) + after);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHARACTERS]);
}

static void
on_buffer_delete_range_cb (CdWordCounter *self,
                           GtkTextIter   *start,
                           GtkTextIter   *end,
                           GtkTextBuffer *buffer)
{
  GtkTextIter a = *start, b = *end;

  gtk_text_iter_order (&a, &b);
  self->before = count_range (&a, &b);
}

static void
on_buffer_delete_range_after_cb (CdWordCounter *self,
                                 GtkTextIter   *start,
                                 GtkTextIter   *end,
                                 GtkTextBuffer *buffer)
{
  GtkTextIter a = *start, b = *start;
  guint after = count_range (&a, &b);

  set_words (self, self->words - MIN (self->before, self->words) + after);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHARACTERS]);
}

static void
cd_word_counter_constructed (GObject *object)
{
  CdWordCounter *self = CD_WORD_COUNTER (object);
  GtkTextIter start, end;

  G_OBJECT_CLASS (cd_word_counter_parent_class)->constructed (object);

  g_assert (GTK_IS_TEXT_BUFFER (self->buffer));

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  self->words = count_range (&start, &end);

  g_signal_connect_object (self->buffer, "insert-text",
                           G_CALLBACK (on_buffer_insert_text_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "insert-text",
                           G_CALLBACK (on_buffer_insert_text_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "delete-range",
                           G_CALLBACK (on_buffer_delete_range_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "delete-range",
                           G_CALLBACK (on_buffer_delete_range_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
cd_word_counter_dispose (GObject *object)
{
  CdWordCounter *self = CD_WORD_COUNTER (object);

  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (cd_word_counter_parent_class)->dispose (object);
}

static void
cd_word_counter_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CdWordCounter *self = CD_WORD_COUNTER (object);

  switch (prop_id)
    {
    case PROP_BUFFER:
      g_value_set_object (value, self->buffer);
      break;

    case PROP_WORDS:
      g_value_set_uint (value, cd_word_counter_get_words (self));
      break;

    case PROP_CHARACTERS:
      g_value_set_uint (value, cd_word_counter_get_characters (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_word_counter_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CdWordCounter *self = CD_WORD_COUNTER (object);

  switch (prop_id)
    {
    case PROP_BUFFER:
      self->buffer = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_word_counter_class_init (CdWordCounterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = cd_word_counter_constructed;
  object_class->dispose = cd_word_counter_dispose;
  object_class->get_property = cd_word_counter_get_property;
  object_class->set_property = cd_word_counter_set_property;

  /**
   * CdWordCounter:buffer:
   *
   * The text buffer whose words are counted.
   */
  properties[PROP_BUFFER] =
    g_param_spec_object ("buffer", NULL, NULL,
                         GTK_TYPE_TEXT_BUFFER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * CdWordCounter:words:
   *
   * The number of words in the buffer.
   */
  properties[PROP_WORDS] =
    g_param_spec_uint ("words", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * CdWordCounter:characters:
   *
   * The number of characters in the buffer.
   */
  properties[PROP_CHARACTERS] =
    g_param_spec_uint ("characters", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_word_counter_init (CdWordCounter *self)
{
}

CdWordCounter *
cd_word_counter_new (GtkTextBuffer *buffer)
{
  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);

  return g_object_new (CD_TYPE_WORD_COUNTER,
                       "buffer", buffer,
                       NULL);
}

guint
cd_word_counter_get_words (CdWordCounter *self)
{
  g_return_val_if_fail (CD_IS_WORD_COUNTER (self), 0);

  return self->words;
}

guint
cd_word_counter_get_characters (CdWordCounter *self)
{
  g_return_val_if_fail (CD_IS_WORD_COUNTER (self), 0);

  /* The buffer keeps this count in its tree: no walk over the text. */
  return gtk_text_buffer_get_char_count (self->buffer);
}

/* Reading time in whole minutes, rounded up; 0 only for no words. */
guint
cd_word_counter_get_minutes (CdWordCounter *self)
{
  g_return_val_if_fail (CD_IS_WORD_COUNTER (self), 0);

  return (self->words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE;
}

/* Counts runs of non-space characters that hold a letter or a digit, so
 * Markdown markers ("#", "-", "**") are not words.
 */
guint
cd_count_words (const char *text,
                gssize      len)
{
  const char *end;
  gboolean in_run = FALSE, counted = FALSE;
  guint words = 0;

  g_return_val_if_fail (text != NULL, 0);

  end = len < 0 ? text + strlen (text) : text + len;
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar ch = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);

      if (g_unichar_isspace (ch))
        {
          in_run = FALSE;
          continue;
        }
      if (!in_run)
        {
          in_run = TRUE;
          counted = FALSE;
        }
      if (!counted && g_unichar_isalnum (ch))
        {
          counted = TRUE;
          words++;
        }
    }

  return words;
}
