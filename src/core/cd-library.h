/* cd-library.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-enums.h"
#include "cd-photo.h"
#include "cd-story.h"
#include "cd-story-summary.h"
#include "cd-target.h"
#include "cd-types.h"

G_BEGIN_DECLS

#define CD_LIBRARY_ERROR (cd_library_error_quark ())
GQuark cd_library_error_quark (void);

/**
 * CdLibraryError:
 * @CD_LIBRARY_ERROR_FAILED: SQLite or the file system failed; the message says how
 * @CD_LIBRARY_ERROR_TOO_NEW: the file was written by a newer Copydesk; it was not touched
 * @CD_LIBRARY_ERROR_NOT_A_LIBRARY: the file is not a Copydesk library
 * @CD_LIBRARY_ERROR_NOT_FOUND: no such story or outbox entry
 * @CD_LIBRARY_ERROR_NOT_READY: the readiness checklist failed; the message lists what is missing
 * @CD_LIBRARY_ERROR_NOT_AN_IMAGE: the file is not an image Copydesk can publish
 * @CD_LIBRARY_ERROR_TOO_LARGE: the file is over %CD_LIBRARY_MAX_PHOTO_SIZE
 * @CD_LIBRARY_ERROR_CONFLICT: another object or process holds this story or entry
 */
typedef enum
{
  CD_LIBRARY_ERROR_FAILED,
  CD_LIBRARY_ERROR_TOO_NEW,
  CD_LIBRARY_ERROR_NOT_A_LIBRARY,
  CD_LIBRARY_ERROR_NOT_FOUND,
  CD_LIBRARY_ERROR_NOT_READY,
  CD_LIBRARY_ERROR_NOT_AN_IMAGE,
  CD_LIBRARY_ERROR_TOO_LARGE,
  CD_LIBRARY_ERROR_CONFLICT,
} CdLibraryError;

/* The schema version this build writes (PRAGMA user_version). */
#define CD_LIBRARY_SCHEMA_VERSION 4
/* The largest photo cd_library_import_photo_file() accepts, in bytes. */
#define CD_LIBRARY_MAX_PHOTO_SIZE (50 * 1024 * 1024)
/* Pass as a story status to the outbox calls to leave the status alone. */
#define CD_LIBRARY_STATUS_UNCHANGED ((CdStatus)CD_N_STATUSES)

/**
 * CdOutboxKind:
 * @CD_OUTBOX_KIND_PUSH: create or update the story on the account's target
 * @CD_OUTBOX_KIND_ARCHIVE: mark the published story archived
 * @CD_OUTBOX_KIND_UNARCHIVE: undo an archive
 */
typedef enum
{
  CD_OUTBOX_KIND_PUSH,
  CD_OUTBOX_KIND_ARCHIVE,
  CD_OUTBOX_KIND_UNARCHIVE,
} CdOutboxKind;

/**
 * CdOutboxState:
 * @CD_OUTBOX_STATE_PENDING: waiting for next_attempt_at
 * @CD_OUTBOX_STATE_RUNNING: claimed by a publisher (reset to pending when a
 *   library is opened, since its publisher died with the last process)
 * @CD_OUTBOX_STATE_DONE: completed
 * @CD_OUTBOX_STATE_FAILED: given up; last_error says why
 */
typedef enum
{
  CD_OUTBOX_STATE_PENDING,
  CD_OUTBOX_STATE_RUNNING,
  CD_OUTBOX_STATE_DONE,
  CD_OUTBOX_STATE_FAILED,
} CdOutboxState;

/* One outbox entry; times are microseconds since the Unix epoch (UTC), as
 * g_get_real_time() gives them.
 */
typedef struct
{
  gint64         id;
  char          *story_id;
  char          *account;
  CdOutboxKind   kind;
  CdOutboxState  state;
  guint          attempts;
  gint64         next_attempt_at;
  char          *last_error;      /* nullable */
  gint64         created_at;
  gboolean       overwrite;       /* a push that may replace a copy changed on the site */
} CdOutboxEntry;

#define CD_TYPE_OUTBOX_ENTRY (cd_outbox_entry_get_type ())
GType          cd_outbox_entry_get_type (void) G_GNUC_CONST;
CdOutboxEntry *cd_outbox_entry_copy     (const CdOutboxEntry *entry);
void           cd_outbox_entry_free     (CdOutboxEntry       *entry);
const char    *cd_outbox_kind_to_string (CdOutboxKind         kind);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdOutboxEntry, cd_outbox_entry_free)

#define CD_TYPE_LIBRARY (cd_library_get_type ())

G_DECLARE_FINAL_TYPE (CdLibrary, cd_library, CD, LIBRARY, GObject)

/* The story library: one SQLite file (WAL) plus a photos/ folder beside it.
 * Use it from one thread, the one whose thread-default main context was
 * current at cd_library_open(); autosave runs there.
 *
 * Stories: cd_library_load_story() hands out one CdStory per id while it
 * lives (an identity map). The library watches every story it handed out,
 * created or saved: ::changed schedules a write within a second (debounced),
 * cd_library_flush() writes everything pending at once, and disposing the
 * library flushes too. Each write is one transaction.
 *
 * Models: cd_library_get_stories() and cd_library_search() return lazy
 * GListModels of CdStorySummary; only the ordered row ids stay in memory.
 *
 * Status: change it through the library (cd_library_mark_ready(),
 * cd_library_set_status(), the outbox calls) so the status and the outbox
 * entry it causes are written in one transaction. Every status call first
 * writes the story's pending edits, in that same transaction.
 *
 * Signals: ::counts-changed (the per-status counts moved), ::save-failed
 * (CdStory *story, GError *error: an autosave failed; the edit stays
 * pending and is tried again on the next change or flush), ::story-saved
 * (CdStory *story: a transaction that wrote it committed).
 * Property: "default-account" (the account cd_library_mark_ready() pushes
 * to; "local" until the application sets it).
 */
char          *cd_library_get_default_path      (void);
CdLibrary     *cd_library_open                  (const char     *path,
                                                 GError        **error);
const char    *cd_library_get_path              (CdLibrary      *self);
const char    *cd_library_get_photos_dir        (CdLibrary      *self);
const char    *cd_library_get_default_account   (CdLibrary      *self);
void           cd_library_set_default_account   (CdLibrary      *self,
                                                 const char     *account);

/* The sidebar: newest updated first; (transfer none), owned by the library */
GListModel    *cd_library_get_stories           (CdLibrary      *self);
GListModel    *cd_library_get_stories_by_status (CdLibrary      *self,
                                                 CdStatus        status);
guint          cd_library_get_count             (CdLibrary      *self,
                                                 CdStatus        status);
guint          cd_library_get_total             (CdLibrary      *self);
GListModel    *cd_library_search                (CdLibrary      *self,
                                                 const char     *query,
                                                 guint           limit,
                                                 GError        **error);

/* Stories */
CdStory       *cd_library_create_story          (CdLibrary      *self,
                                                 GError        **error);
CdStory       *cd_library_load_story            (CdLibrary      *self,
                                                 const char     *id,
                                                 GError        **error);
gboolean       cd_library_save_story            (CdLibrary      *self,
                                                 CdStory        *story,
                                                 GError        **error);
gboolean       cd_library_save_stories          (CdLibrary      *self,
                                                 GPtrArray      *stories,
                                                 GError        **error);
gboolean       cd_library_delete_story          (CdLibrary      *self,
                                                 const char     *id,
                                                 GError        **error);
gboolean       cd_library_flush                 (CdLibrary      *self,
                                                 GError        **error);
gboolean       cd_library_has_pending_changes   (CdLibrary      *self);
CdPhoto       *cd_library_import_photo_file     (CdLibrary      *self,
                                                 CdStory        *story,
                                                 GFile          *file,
                                                 GError        **error);
gboolean       cd_library_adopt_story           (CdLibrary      *self,
                                                 CdStory        *story,
                                                 GError        **error);

/* Status, with the outbox entry it causes, in one transaction */
gboolean       cd_library_mark_ready            (CdLibrary      *self,
                                                 CdStory        *story,
                                                 GError        **error);
gboolean       cd_library_set_status            (CdLibrary      *self,
                                                 CdStory        *story,
                                                 CdStatus        status,
                                                 GError        **error);
gint64         cd_library_set_status_and_enqueue (CdLibrary     *self,
                                                 CdStory        *story,
                                                 CdStatus        status,
                                                 const char     *account,
                                                 CdOutboxKind    kind,
                                                 GError        **error);

/* The outbox, for the publisher and the archiver */
gint64         cd_library_enqueue               (CdLibrary      *self,
                                                 const char     *story_id,
                                                 const char     *account,
                                                 CdOutboxKind    kind,
                                                 GError        **error);
GPtrArray     *cd_library_list_due              (CdLibrary      *self,
                                                 gint64          now,
                                                 guint           limit,
                                                 GError        **error);
GPtrArray     *cd_library_list_outbox           (CdLibrary      *self,
                                                 const char     *story_id,
                                                 GError        **error);
gboolean       cd_library_claim                 (CdLibrary      *self,
                                                 gint64          entry_id,
                                                 CdStatus        story_status,
                                                 GError        **error);
gboolean       cd_library_complete              (CdLibrary      *self,
                                                 gint64          entry_id,
                                                 CdStatus        story_status,
                                                 GError        **error);
gboolean       cd_library_fail                  (CdLibrary      *self,
                                                 gint64          entry_id,
                                                 const char     *message,
                                                 gint64          next_attempt_at,
                                                 CdStatus        story_status,
                                                 GError        **error);

/* Pushes, for the publisher: each one transaction */
gint64         cd_library_queue_overwrite       (CdLibrary      *self,
                                                 CdStory        *story,
                                                 const char     *account,
                                                 GError        **error);
gboolean       cd_library_claim_push            (CdLibrary      *self,
                                                 gint64          entry_id,
                                                 CdStory        *story,
                                                 const char     *account,
                                                 const char     *client_slug,
                                                 GError        **error);
gboolean       cd_library_complete_push         (CdLibrary      *self,
                                                 gint64          entry_id,
                                                 CdStory        *story,
                                                 const char     *account,
                                                 const CdTargetPushResult *result,
                                                 GError        **error);

/* Sync and bulk outbox work, for CdSyncer and CdArchiver */
char          *cd_library_get_sync_mark         (CdLibrary      *self,
                                                 const char     *account,
                                                 GError        **error);
char          *cd_library_find_remote           (CdLibrary      *self,
                                                 const char     *account,
                                                 const char     *remote_id,
                                                 GError        **error);
gboolean       cd_library_get_synced            (CdLibrary      *self,
                                                 const char     *story_id,
                                                 char          **listed_modified,
                                                 char          **content_hash,
                                                 GError        **error);
gboolean       cd_library_save_synced           (CdLibrary      *self,
                                                 const char     *account,
                                                 GPtrArray      *stories,
                                                 const CdStatus *statuses,
                                                 const char * const *listed,
                                                 const char * const *hashes,
                                                 const char     *mark,
                                                 GError        **error);
GStrv          cd_library_list_remote_stories   (CdLibrary      *self,
                                                 const char     *account,
                                                 CdStatus        status,
                                                 GDateTime      *published_before,
                                                 GError        **error);
gboolean       cd_library_enqueue_many          (CdLibrary      *self,
                                                 const char * const *story_ids,
                                                 const char     *account,
                                                 CdOutboxKind    kind,
                                                 GError        **error);
void           cd_library_begin_deferred_sync   (CdLibrary      *self);
void           cd_library_end_deferred_sync     (CdLibrary      *self);
gboolean       cd_library_has_unsynced_writes   (CdLibrary      *self);
void           cd_library_sync_async            (CdLibrary      *self,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
gboolean       cd_library_sync_finish           (CdLibrary      *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);
gboolean       cd_library_claim_many            (CdLibrary      *self,
                                                 const gint64   *entry_ids,
                                                 guint           n_entries,
                                                 GArray        **claimed,
                                                 GError        **error);
gboolean       cd_library_complete_many         (CdLibrary      *self,
                                                 const gint64   *entry_ids,
                                                 const CdStatus *statuses,
                                                 const char * const *listed,
                                                 guint           n_entries,
                                                 GError        **error);

G_END_DECLS
