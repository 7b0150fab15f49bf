/* cd-status-sidebar-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cd-enums.h"

G_BEGIN_DECLS

#define CD_TYPE_STATUS_SIDEBAR (cd_status_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (CdStatusSidebar, cd_status_sidebar, CD, STATUS_SIDEBAR, GtkWidget)

/* The filter: a CdStatus, or this for every story. */
#define CD_STATUS_SIDEBAR_ALL (-1)

GtkWidget  *cd_status_sidebar_new              (void);
void        cd_status_sidebar_set_model        (CdStatusSidebar *self,
                                                GListModel      *model);
GListModel *cd_status_sidebar_get_model        (CdStatusSidebar *self);
void        cd_status_sidebar_set_count        (CdStatusSidebar *self,
                                                int              status,
                                                guint            count);
int         cd_status_sidebar_get_filter       (CdStatusSidebar *self);
void        cd_status_sidebar_set_filter       (CdStatusSidebar *self,
                                                int              status);
const char *cd_status_sidebar_get_search_text  (CdStatusSidebar *self);
void        cd_status_sidebar_select_story     (CdStatusSidebar *self,
                                                const char      *story_id);
char       *cd_status_sidebar_dup_selected_id  (CdStatusSidebar *self);
GStrv       cd_status_sidebar_dup_selected_ids (CdStatusSidebar *self);

gboolean    _cd_status_sidebar_get_counting_down (CdStatusSidebar *self);

G_END_DECLS
