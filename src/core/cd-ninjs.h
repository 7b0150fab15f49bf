/* cd-ninjs.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-render.h"
#include "cd-story.h"

G_BEGIN_DECLS

/* The ninjs version that cd_ninjs_export() writes. */
#define CD_NINJS_VERSION "2.2"

/* The description roles of a picture association (docs/NINJS.md). ninjs
 * has no field for alt text; Copydesk writes it as a description with the
 * role "alttext" and reads it back from there.
 */
#define CD_NINJS_ROLE_CAPTION    "caption"
#define CD_NINJS_ROLE_CREDITLINE "creditline"
#define CD_NINJS_ROLE_ALTTEXT    "alttext"

char    *cd_ninjs_export      (CdStory              *story,
                               GError              **error);
char    *cd_ninjs_export_full (CdStory              *story,
                               CdRenderImageUrlFunc  href_func,
                               gpointer              user_data,
                               GError              **error);

CdStory *cd_ninjs_import_file (GFile                *file,
                               GError              **error);
CdStory *cd_ninjs_import_data (const char           *data,
                               gssize                length,
                               GFile                *origin,
                               GError              **error);

G_END_DECLS
