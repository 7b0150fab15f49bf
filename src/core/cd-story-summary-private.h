/* cd-story-summary-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-story-summary.h"

G_BEGIN_DECLS

/* Times are microseconds since the Unix epoch; @first_published and
 * @next_attempt 0 for none. */
CdStorySummary *_cd_story_summary_new       (gint64      rowid,
                                             const char *id,
                                             const char *headline,
                                             const char *byline,
                                             CdStatus    status,
                                             gint64      updated,
                                             gint64      first_published,
                                             const char *last_error,
                                             gint64      next_attempt);
gint64          _cd_story_summary_get_rowid (CdStorySummary *self);

G_END_DECLS
