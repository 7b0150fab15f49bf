/* cd-syncer.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-library.h"
#include "cd-target.h"

G_BEGIN_DECLS

/* What one sync did. */
typedef struct
{
  guint listed;     /* pieces the site listed */
  guint added;      /* new library stories */
  guint updated;    /* stories whose content, status or remote state changed */
  guint kept_local; /* stories whose local edits were kept over the site's content */
} CdSyncStats;

#define CD_TYPE_SYNCER (cd_syncer_get_type ())

G_DECLARE_FINAL_TYPE (CdSyncer, cd_syncer, CD, SYNCER, GObject)

CdSyncer  *cd_syncer_new          (CdLibrary            *library,
                                   CdTarget             *target);
CdLibrary *cd_syncer_get_library  (CdSyncer             *self);
CdTarget  *cd_syncer_get_target   (CdSyncer             *self);
char      *cd_syncer_content_hash (const char           *headline,
                                   const char           *body);
GDateTime *cd_syncer_parse_utc    (const char           *text);
void       cd_syncer_sync_async   (CdSyncer             *self,
                                   gboolean              full,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
gboolean   cd_syncer_sync_finish  (CdSyncer             *self,
                                   GAsyncResult         *result,
                                   CdSyncStats          *stats,
                                   GError              **error);

G_END_DECLS
