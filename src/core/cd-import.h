/* cd-import.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-story.h"

G_BEGIN_DECLS

#define CD_IMPORT_ERROR (cd_import_error_quark ())

/**
 * CdImportError:
 * @CD_IMPORT_ERROR_TOO_LARGE: the file is larger than %CD_IMPORT_MAX_SIZE
 * @CD_IMPORT_ERROR_ENCODING: the text is not valid UTF-8
 * @CD_IMPORT_ERROR_SYNTAX: malformed or truncated JSON
 * @CD_IMPORT_ERROR_TOO_DEEP: JSON nested deeper than any news item is
 * @CD_IMPORT_ERROR_INVALID: a field has the wrong type, or the item is not a story
 * @CD_IMPORT_ERROR_MISSING: a required field (the headline) is missing or empty
 *
 * Why a file could not be imported. Every message starts with the file's
 * name: "story.json: line 3: …", "story.json: “headlines” must be an array".
 */
typedef enum
{
  CD_IMPORT_ERROR_TOO_LARGE,
  CD_IMPORT_ERROR_ENCODING,
  CD_IMPORT_ERROR_SYNTAX,
  CD_IMPORT_ERROR_TOO_DEEP,
  CD_IMPORT_ERROR_INVALID,
  CD_IMPORT_ERROR_MISSING,
} CdImportError;

/* Files larger than this are refused before they are read. */
#define CD_IMPORT_MAX_SIZE (20 * 1024 * 1024)

GQuark   cd_import_error_quark  (void);

CdStory *cd_import_file         (GFile       *file,
                                 GError     **error);
CdStory *cd_import_markdown     (const char  *markdown,
                                 gssize       length,
                                 GFile       *origin,
                                 GError     **error);

G_END_DECLS
