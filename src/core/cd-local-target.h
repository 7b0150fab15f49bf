/* cd-local-target.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-target.h"

G_BEGIN_DECLS

/* The ninjs genre that marks an archived item in story.json: IPTC's own
 * "Archive material" genre, since ninjs 2.2 has no archived state and its
 * schema allows no extra top-level properties.
 */
#define CD_LOCAL_TARGET_ARCHIVE_GENRE_URI  "http://cv.iptc.org/newscodes/genre/Archive_material"
#define CD_LOCAL_TARGET_ARCHIVE_GENRE_NAME "Archive material"

#define CD_TYPE_LOCAL_TARGET (cd_local_target_get_type ())

G_DECLARE_FINAL_TYPE (CdLocalTarget, cd_local_target, CD, LOCAL_TARGET, GObject)

CdLocalTarget *cd_local_target_new                (const char    *account,
                                                   GFile         *folder);
GFile         *cd_local_target_get_folder         (CdLocalTarget *self);
GFile         *cd_local_target_dup_default_folder (void);

G_END_DECLS
