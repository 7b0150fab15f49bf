/* cd-library-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-library.h"
#include "cd-story-list-private.h"

G_BEGIN_DECLS

/* For CdStoryList: (transfer full) the summary at @position of @list. */
gpointer _cd_library_get_summary (CdLibrary   *self,
                                  CdStoryList *list,
                                  guint        position);
/* For CdStoryList: @list is being finalized. */
void     _cd_library_forget_list (CdLibrary   *self,
                                  CdStoryList *list);

G_END_DECLS
