/* cd-story-list-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-types.h"

G_BEGIN_DECLS

/* CdStoryList: the lazy GListModel of CdStorySummary behind the sidebar and
 * the search results. It holds only the ordered rowids (and, when sorted, the
 * "updated" sort key); get_item() asks the library, which fetches summaries
 * page by page and keeps a bounded cache. Used by cd-library.c only.
 */
#define CD_TYPE_STORY_LIST (cd_story_list_get_type ())

G_DECLARE_FINAL_TYPE (CdStoryList, cd_story_list, CD, STORY_LIST, GObject)

typedef struct
{
  gint64 rowid;
  gint64 updated;
} CdStoryListEntry;

/* @sorted: keep entries by updated (newest first), then rowid (highest
 * first); otherwise entries stay in the order they were appended (rank).
 */
CdStoryList *_cd_story_list_new           (CdLibrary   *library,
                                           gboolean     sorted);
void         _cd_story_list_detach        (CdStoryList *self);
/* Fills without signals: only before anyone has seen the model. */
void         _cd_story_list_append_silent (CdStoryList *self,
                                           gint64       rowid,
                                           gint64       updated);
void         _cd_story_list_sort_silent   (CdStoryList *self);
gint64       _cd_story_list_get_rowid     (CdStoryList *self,
                                           guint        position);
/* These emit items-changed. */
void         _cd_story_list_insert        (CdStoryList *self,
                                           gint64       rowid,
                                           gint64       updated);
gboolean     _cd_story_list_remove        (CdStoryList *self,
                                           gint64       rowid);
/* A sorted list moves the entry to its new place; a ranked one refreshes
 * it in place. Does nothing when @rowid is not in the list.
 */
void         _cd_story_list_update        (CdStoryList *self,
                                           gint64       rowid,
                                           gint64       updated);

G_END_DECLS
