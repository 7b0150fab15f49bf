/* cd-format.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cd_format_relative_time (GDateTime *then,
                               GDateTime *now);
char *cd_format_date          (GDateTime *when);
char *cd_format_number        (guint64    number);

G_END_DECLS
