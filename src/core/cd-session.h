/* cd-session.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_TYPE_SESSION (cd_session_get_type ())

G_DECLARE_FINAL_TYPE (CdSession, cd_session, CD, SESSION, GObject)

/* A running window session, recorded in a small state file so that the next
 * start can tell whether this one ended cleanly. cd_session_begin() reads
 * what the previous session left and writes ours (PID, process start time);
 * cd_session_record_save() notes each committed save (story id and time);
 * cd_session_end() removes the file on a clean quit. A file still there at
 * the next start, naming a process that is gone, means a crash: its last
 * save is what the user gets told about.
 */
char       *cd_session_get_default_path        (void);
CdSession  *cd_session_new                     (const char  *path);
const char *cd_session_get_path                (CdSession   *self);
gboolean    cd_session_begin                   (CdSession   *self,
                                                GError     **error);
gboolean    cd_session_record_save             (CdSession   *self,
                                                const char  *story_id,
                                                gint64       saved_at,
                                                GError     **error);
gboolean    cd_session_end                     (CdSession   *self,
                                                GError     **error);

gboolean    cd_session_get_recovered           (CdSession   *self);
const char *cd_session_get_recovered_story_id  (CdSession   *self);
gint64      cd_session_get_recovered_saved_at  (CdSession   *self);

G_END_DECLS
