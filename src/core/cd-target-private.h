/* cd-target-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-target.h"

G_BEGIN_DECLS

/* Attaches the HTTP details to a CD_TARGET_ERROR. @never_retry marks an
 * error that a retry cannot fix (a failed sideload, a bad certificate).
 */
void _cd_target_error_set_details (GError     *error,
                                   guint       http_status,
                                   const char *server_code,
                                   guint       retry_after,
                                   gboolean    never_retry);

G_END_DECLS
