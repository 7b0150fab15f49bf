/* cd-archiver.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-enums.h"
#include "cd-library.h"
#include "cd-target.h"

G_BEGIN_DECLS

#define CD_ARCHIVER_ERROR (cd_archiver_error_quark ())

/**
 * CdArchiverError:
 * @CD_ARCHIVER_ERROR_INVALID_AGE: an age that is not like "365d", "12m" or "2y"
 * @CD_ARCHIVER_ERROR_NOT_ELIGIBLE: the story is not published (or archived) on the account
 */
typedef enum
{
  CD_ARCHIVER_ERROR_INVALID_AGE,
  CD_ARCHIVER_ERROR_NOT_ELIGIBLE,
} CdArchiverError;

/* A piece the policy would archive. */
typedef struct
{
  char      *story_id;
  char      *remote_id;
  char      *title;
  GDateTime *published;  /* first published, UTC */
} CdArchivePiece;

/* What an archive or unarchive run did. */
typedef struct
{
  guint      changed;    /* archived (or unarchived) now */
  guint      unchanged;  /* already so on the site */
  guint      skipped;    /* edited on the site since it was listed */
  guint      failed;     /* gave up; see failures */
  GPtrArray *failures;   /* (element-type utf8): "STORY-ID: reason", skipped ones too */
} CdArchiveReport;

#define CD_TYPE_ARCHIVE_PIECE  (cd_archive_piece_get_type ())
#define CD_TYPE_ARCHIVE_REPORT (cd_archive_report_get_type ())

GType            cd_archive_piece_get_type  (void) G_GNUC_CONST;
CdArchivePiece  *cd_archive_piece_copy      (const CdArchivePiece  *piece);
void             cd_archive_piece_free      (CdArchivePiece        *piece);
GType            cd_archive_report_get_type (void) G_GNUC_CONST;
CdArchiveReport *cd_archive_report_copy     (const CdArchiveReport *report);
void             cd_archive_report_free     (CdArchiveReport       *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdArchivePiece, cd_archive_piece_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdArchiveReport, cd_archive_report_free)

#define CD_TYPE_ARCHIVER (cd_archiver_get_type ())

G_DECLARE_FINAL_TYPE (CdArchiver, cd_archiver, CD, ARCHIVER, GObject)

/* Properties: "library", "target" (construct-only), "notice" (the text of
 * the archived notice; "" for the default sentence), "max-parallel" (how
 * many target calls of up to 100 pieces run at once). Signal ::progress
 * (guint done, guint total) after each target call.
 */
GQuark           cd_archiver_error_quark      (void);
const char      *cd_archiver_get_default_notice (void);
gboolean         cd_archiver_parse_age        (const char           *text,
                                               guint                *age,
                                               CdArchiveAgeUnit     *unit,
                                               GError              **error);
GDateTime       *cd_archiver_get_cutoff       (GDateTime            *now,
                                               guint                 age,
                                               CdArchiveAgeUnit      unit);

CdArchiver      *cd_archiver_new              (CdLibrary            *library,
                                               CdTarget             *target);
CdLibrary       *cd_archiver_get_library      (CdArchiver           *self);
CdTarget        *cd_archiver_get_target       (CdArchiver           *self);
const char      *cd_archiver_get_notice       (CdArchiver           *self);
void             cd_archiver_set_notice       (CdArchiver           *self,
                                               const char           *notice);
guint            cd_archiver_get_max_parallel (CdArchiver           *self);
void             cd_archiver_set_max_parallel (CdArchiver           *self,
                                               guint                 max_parallel);
guint            cd_archiver_get_max_retry_delay (CdArchiver        *self);
void             cd_archiver_set_max_retry_delay (CdArchiver        *self,
                                                  guint              max_retry_delay_ms);

GPtrArray       *cd_archiver_preview          (CdArchiver           *self,
                                               GDateTime            *published_before,
                                               GError              **error);
void             cd_archiver_archive_async    (CdArchiver           *self,
                                               const char * const   *story_ids,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
CdArchiveReport *cd_archiver_archive_finish   (CdArchiver           *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void             cd_archiver_unarchive_async  (CdArchiver           *self,
                                               const char * const   *story_ids,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
CdArchiveReport *cd_archiver_unarchive_finish (CdArchiver           *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
