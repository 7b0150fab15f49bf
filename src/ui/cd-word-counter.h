/* cd-word-counter.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CD_TYPE_WORD_COUNTER (cd_word_counter_get_type ())

G_DECLARE_FINAL_TYPE (CdWordCounter, cd_word_counter, CD, WORD_COUNTER, GObject)

CdWordCounter *cd_word_counter_new            (GtkTextBuffer *buffer);
guint          cd_word_counter_get_words      (CdWordCounter *self);
guint          cd_word_counter_get_characters (CdWordCounter *self);
guint          cd_word_counter_get_minutes    (CdWordCounter *self);
guint          cd_count_words                 (const char    *text,
                                               gssize         len);

G_END_DECLS
