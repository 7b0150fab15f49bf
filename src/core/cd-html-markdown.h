/* cd-html-markdown.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cd_html_to_markdown (const char *html,
                           gssize      length,
                           GHashTable *figure_alts);

char *cd_markdown_escape  (const char *text);

G_END_DECLS
