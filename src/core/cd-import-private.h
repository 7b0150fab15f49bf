/* cd-import-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-import.h"

G_BEGIN_DECLS

/* Shared by the Markdown and ninjs importers. */
char     *_cd_import_display_name (GFile       *origin);
gboolean  _cd_import_load         (GFile       *file,
                                   char       **contents,
                                   gsize       *length,
                                   GError     **error);
gboolean  _cd_import_check_text   (const char  *data,
                                   gsize        length,
                                   const char  *name,
                                   GError     **error);
void      _cd_import_set_error    (GError     **error,
                                   const char  *name,
                                   CdImportError code,
                                   const char  *problem);
gboolean  _cd_import_take_heading (char        *markdown,
                                   char       **heading,
                                   char       **rest);

G_END_DECLS
