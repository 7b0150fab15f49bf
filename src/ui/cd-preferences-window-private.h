/* cd-preferences-window-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CD_TYPE_PREFERENCES_WINDOW (cd_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, CD, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget  *cd_preferences_window_new                  (GtkWindow           *parent);
GListModel *cd_preferences_window_get_spell_languages  (CdPreferencesWindow *self);

G_END_DECLS
