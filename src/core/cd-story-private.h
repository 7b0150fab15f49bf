/* cd-story-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cd-story.h"

G_BEGIN_DECLS

/* For the library only. Between _cd_story_begin_load() and
 * _cd_story_end_load() (nestable) changes neither bump "updated" nor emit
 * ::changed nor count as edits: the library is filling the object from disk.
 * Property notifications still happen.
 */
void     _cd_story_begin_load          (CdStory    *self);
void     _cd_story_end_load            (CdStory    *self);
gboolean _cd_story_is_loading          (CdStory    *self);

/* Sets the status without checking the transition and without ::changed:
 * the library has already written it to disk in the same transaction as the
 * outbox entry it caused. Notifies "status" on a real change.
 */
void     _cd_story_set_status_unchecked (CdStory   *self,
                                         CdStatus   status);

/* Set the times read from disk; (transfer none), @when non-NULL. */
void     _cd_story_set_created         (CdStory    *self,
                                        GDateTime  *when);
void     _cd_story_set_updated         (CdStory    *self,
                                        GDateTime  *when);

/* Counts real edits (each ::changed); the library compares it with the
 * count it last wrote to know whether the story is dirty.
 */
guint64  _cd_story_get_edit_serial     (CdStory    *self);

/* Times on disk are microseconds since the Unix epoch, UTC. */
GDateTime *_cd_date_time_new_from_usec (gint64      usec);
gint64     _cd_date_time_to_usec       (GDateTime  *when);

G_END_DECLS
