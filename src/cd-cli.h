/* cd-cli.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int cd_cli_run (int    argc,
                char **argv);

G_END_DECLS
