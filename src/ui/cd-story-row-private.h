/* cd-story-row-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CD_TYPE_STORY_ROW (cd_story_row_get_type ())

G_DECLARE_FINAL_TYPE (CdStoryRow, cd_story_row, CD, STORY_ROW, GtkWidget)

GtkWidget *cd_story_row_new         (void);
GObject   *cd_story_row_get_summary (CdStoryRow *self);
void       cd_story_row_set_summary (CdStoryRow *self,
                                     GObject    *summary);
void       cd_story_row_refresh_time (CdStoryRow *self);
gboolean   cd_story_row_refresh_countdown (CdStoryRow *self);
gboolean   cd_story_row_popup_menu   (CdStoryRow *self);
GtkWidget *cd_story_row_get_menu     (CdStoryRow *self);

GMenuModel *_cd_story_row_popup_context_menu (CdStoryRow *self);

G_END_DECLS
