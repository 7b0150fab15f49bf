/* cd-status.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-enums.h"

G_BEGIN_DECLS

#define CD_STATUS_ERROR (cd_status_error_quark ())

typedef enum
{
  CD_STATUS_ERROR_ILLEGAL_TRANSITION,
  CD_STATUS_ERROR_UNKNOWN,
} CdStatusError;

GQuark       cd_status_error_quark      (void);
const char  *cd_status_to_string        (CdStatus     status);
gboolean     cd_status_from_string      (const char  *name,
                                         CdStatus    *status);
const char  *cd_status_get_label        (CdStatus     status);
const char  *cd_status_get_group_label  (CdStatus     status);
gboolean     cd_status_can_transition   (CdStatus     from,
                                         CdStatus     to);
gboolean     cd_status_check_transition (CdStatus     from,
                                         CdStatus     to,
                                         GError     **error);

G_END_DECLS
