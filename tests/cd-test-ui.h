/* cd-test-ui.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cd-story-row-private.h"

G_BEGIN_DECLS

/* Helpers shared by the widget tests. */
CdStoryRow *cd_test_ui_find_story_row (GtkWidget  *widget,
                                       const char *story_id);
void        cd_test_ui_spin           (guint       ms);

G_END_DECLS
