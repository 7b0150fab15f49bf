/* cd-window-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cd-application.h"
#include "cd-library.h"

G_BEGIN_DECLS

#define CD_TYPE_WINDOW (cd_window_get_type ())

G_DECLARE_FINAL_TYPE (CdWindow, cd_window, CD, WINDOW, AdwApplicationWindow)

CdWindow *cd_window_new           (CdApplication *application,
                                   CdLibrary     *library);
void      cd_window_show_recovery (CdWindow      *self,
                                   const char    *story_id,
                                   gint64         saved_at);

void       _cd_window_archive_by_policy (CdWindow *self);

/* For tests: the window's panes */
GtkWidget  *_cd_window_get_sidebar       (CdWindow *self);
GtkWidget  *_cd_window_get_editor        (CdWindow *self);
GtkWidget  *_cd_window_get_photo_panel   (CdWindow *self);
CdStory    *_cd_window_get_story         (CdWindow *self);
gboolean    _cd_window_get_populated     (CdWindow *self);
GtkInfoBar *_cd_window_get_recovery_bar  (CdWindow *self);
const char *_cd_window_get_recovery_text (CdWindow *self);

G_END_DECLS
