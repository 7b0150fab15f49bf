/* cd-story-summary.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-enums.h"
#include "cd-types.h"

G_BEGIN_DECLS

#define CD_TYPE_STORY_SUMMARY (cd_story_summary_get_type ())

G_DECLARE_FINAL_TYPE (CdStorySummary, cd_story_summary, CD, STORY_SUMMARY, GObject)

/* One row of the publish-status sidebar: what the library's story models
 * (cd_library_get_stories(), cd_library_search()) hold. A summary is an
 * immutable snapshot; when the story changes the model emits items-changed
 * with a new summary at that position. Open the story itself with
 * cd_library_load_story (library, cd_story_summary_get_id (summary), …).
 *
 * Read-only properties: "id", "headline", "byline", "status" (CdStatus),
 * "updated" (GDateTime), "first-published" (GDateTime, nullable),
 * "has-error" (the last push failed or an account reports an error),
 * "last-error" (nullable text of that error), "next-attempt" (GDateTime,
 * nullable: when the outbox retries the story's failed work).
 */
const char *cd_story_summary_get_id              (CdStorySummary *self);
const char *cd_story_summary_get_headline        (CdStorySummary *self);
const char *cd_story_summary_get_byline          (CdStorySummary *self);
CdStatus    cd_story_summary_get_status          (CdStorySummary *self);
GDateTime  *cd_story_summary_get_updated         (CdStorySummary *self);
GDateTime  *cd_story_summary_get_first_published (CdStorySummary *self);
gboolean    cd_story_summary_get_has_error       (CdStorySummary *self);
const char *cd_story_summary_get_last_error      (CdStorySummary *self);
GDateTime  *cd_story_summary_get_next_attempt    (CdStorySummary *self);

G_END_DECLS
