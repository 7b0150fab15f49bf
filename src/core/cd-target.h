/* cd-target.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-render.h"
#include "cd-story.h"
#include "cd-types.h"

G_BEGIN_DECLS

#define CD_TARGET_ERROR (cd_target_error_quark ())

/**
 * CdTargetError:
 * @CD_TARGET_ERROR_AUTH: the account needs attention (wrong user or password)
 * @CD_TARGET_ERROR_NETWORK: the server could not be reached or dropped the connection
 * @CD_TARGET_ERROR_TIMEOUT: the server did not answer in time
 * @CD_TARGET_ERROR_SERVER: the server failed (HTTP 5xx)
 * @CD_TARGET_ERROR_RATE_LIMITED: too many requests; see cd_target_error_get_retry_after()
 * @CD_TARGET_ERROR_REJECTED: the server refused the request (HTTP 4xx, with its message)
 * @CD_TARGET_ERROR_CONFLICT: the remote copy changed since our last push
 * @CD_TARGET_ERROR_MISMATCH: the server stored something other than what was sent
 * @CD_TARGET_ERROR_INVALID: bad input or an answer that cannot be understood
 *
 * Why a target operation failed, in the terms the publisher acts on.
 */
typedef enum
{
  CD_TARGET_ERROR_AUTH,
  CD_TARGET_ERROR_NETWORK,
  CD_TARGET_ERROR_TIMEOUT,
  CD_TARGET_ERROR_SERVER,
  CD_TARGET_ERROR_RATE_LIMITED,
  CD_TARGET_ERROR_REJECTED,
  CD_TARGET_ERROR_CONFLICT,
  CD_TARGET_ERROR_MISMATCH,
  CD_TARGET_ERROR_INVALID,
} CdTargetError;

/**
 * CdTargetPushFlags:
 * @CD_TARGET_PUSH_NONE: no flags
 * @CD_TARGET_PUSH_OVERWRITE: overwrite the remote copy even if it changed
 *   since our last push (the editor chose "overwrite" on a conflict)
 * @CD_TARGET_PUSH_NEW_SLUG: the remote's client slug was recorded just now,
 *   so no earlier create can have used it: no need to look for one
 * @CD_TARGET_PUSH_RETRY: an earlier attempt of this push may have reached
 *   the site without its answer reaching us: uploads look for what it left
 *   before uploading again
 */
typedef enum
{
  CD_TARGET_PUSH_NONE      = 0,
  CD_TARGET_PUSH_OVERWRITE = 1 << 0,
  CD_TARGET_PUSH_NEW_SLUG  = 1 << 1,
  CD_TARGET_PUSH_RETRY     = 1 << 2,
} CdTargetPushFlags;

/* One photo's remote media after a push. */
typedef struct
{
  char *photo_id;      /* the CdPhoto's id */
  char *media_id;      /* remote media id */
  char *uploaded_hash; /* the content hash that media id holds */
  char *url;           /* where the image is served; nullable */
} CdTargetMedia;

/* What a push left on the target; the publisher stores it in the story's
 * CdRemote and in each photo's remote media.
 */
typedef struct
{
  char      *remote_id;   /* the post id, or the local folder's name */
  char      *link;        /* public URL; nullable */
  char      *modified;    /* the server's modified time, verbatim */
  char      *client_slug; /* the slug used for a create; nullable */
  GPtrArray *media;       /* (element-type CdTargetMedia), in photo order */
} CdTargetPushResult;

/* A published piece as listed by the target. */
typedef struct
{
  char  *remote_id;
  char  *title;        /* rendered title (HTML) */
  char  *link;
  char  *date;         /* site-local time, verbatim, no zone */
  char  *date_gmt;     /* UTC, verbatim */
  char  *modified_gmt; /* UTC, verbatim */
  char  *status;       /* "publish", "future", … */
  GStrv  tags;         /* tag names */
  char  *content_raw;  /* nullable: only when asked for */
  gboolean archived;   /* carries the Archived tag or notice */
} CdTargetItem;

/* One remote id's outcome in an archive or unarchive run. */
typedef struct
{
  char     *remote_id;
  gboolean  changed;   /* FALSE when it was already in the wanted state */
  char     *modified;  /* the new modified time; nullable */
  GError   *error;     /* nullable; CD_TARGET_ERROR_CONFLICT when it was edited since listing */
} CdTargetArchiveResult;

#define CD_TYPE_TARGET_MEDIA          (cd_target_media_get_type ())
#define CD_TYPE_TARGET_PUSH_RESULT    (cd_target_push_result_get_type ())
#define CD_TYPE_TARGET_ITEM           (cd_target_item_get_type ())
#define CD_TYPE_TARGET_ARCHIVE_RESULT (cd_target_archive_result_get_type ())

GType                  cd_target_media_get_type          (void) G_GNUC_CONST;
CdTargetMedia         *cd_target_media_new               (const char *photo_id,
                                                          const char *media_id,
                                                          const char *uploaded_hash,
                                                          const char *url);
CdTargetMedia         *cd_target_media_copy              (const CdTargetMedia *media);
void                   cd_target_media_free              (CdTargetMedia *media);

GType                  cd_target_push_result_get_type    (void) G_GNUC_CONST;
CdTargetPushResult    *cd_target_push_result_new         (void);
CdTargetPushResult    *cd_target_push_result_copy        (const CdTargetPushResult *result);
void                   cd_target_push_result_free        (CdTargetPushResult *result);

GType                  cd_target_item_get_type           (void) G_GNUC_CONST;
CdTargetItem          *cd_target_item_new                (void);
CdTargetItem          *cd_target_item_copy               (const CdTargetItem *item);
void                   cd_target_item_free               (CdTargetItem *item);

GType                  cd_target_archive_result_get_type (void) G_GNUC_CONST;
CdTargetArchiveResult *cd_target_archive_result_new      (const char *remote_id);
CdTargetArchiveResult *cd_target_archive_result_copy     (const CdTargetArchiveResult *result);
void                   cd_target_archive_result_free     (CdTargetArchiveResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdTargetMedia, cd_target_media_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdTargetPushResult, cd_target_push_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdTargetItem, cd_target_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdTargetArchiveResult, cd_target_archive_result_free)

#define CD_TYPE_TARGET (cd_target_get_type ())

G_DECLARE_INTERFACE (CdTarget, cd_target, CD, TARGET, GObject)

struct _CdTargetInterface
{
  GTypeInterface parent_iface;

  const char *(*get_account)        (CdTarget             *self);

  void        (*push_story_async)   (CdTarget             *self,
                                     CdStory              *story,
                                     CdCreditFormat        format,
                                     CdTargetPushFlags     flags,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
  CdTargetPushResult *(*push_story_finish) (CdTarget      *self,
                                            GAsyncResult  *result,
                                            GError       **error);

  void        (*list_published_async)  (CdTarget            *self,
                                        GDateTime           *modified_after,
                                        gboolean             with_content,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  GPtrArray  *(*list_published_finish) (CdTarget      *self,
                                        GAsyncResult  *result,
                                        GError       **error);

  void        (*set_archived_async)    (CdTarget            *self,
                                        const char * const  *remote_ids,
                                        const char * const  *expected_modified,
                                        gboolean             archived,
                                        const char          *notice,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  GPtrArray  *(*set_archived_finish)   (CdTarget      *self,
                                        GAsyncResult  *result,
                                        GError       **error);

  void        (*test_connection_async)  (CdTarget            *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
  char       *(*test_connection_finish) (CdTarget      *self,
                                         GAsyncResult  *result,
                                         GError       **error);
};

GQuark              cd_target_error_quark              (void);
guint               cd_target_error_get_retry_after    (const GError *error);
guint               cd_target_error_get_http_status    (const GError *error);
const char         *cd_target_error_get_server_code    (const GError *error);
gboolean            cd_target_error_should_retry       (const GError *error,
                                                        guint         attempt,
                                                        guint        *delay_ms);

char               *cd_target_choose_client_slug       (CdStory      *story);

const char         *cd_target_get_account              (CdTarget     *self);

void                cd_target_push_story_async         (CdTarget             *self,
                                                        CdStory              *story,
                                                        CdCreditFormat        format,
                                                        CdTargetPushFlags     flags,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
CdTargetPushResult *cd_target_push_story_finish        (CdTarget             *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void                cd_target_list_published_async     (CdTarget             *self,
                                                        GDateTime            *modified_after,
                                                        gboolean              with_content,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray          *cd_target_list_published_finish    (CdTarget             *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void                cd_target_archive_async            (CdTarget             *self,
                                                        const char * const   *remote_ids,
                                                        const char * const   *expected_modified,
                                                        const char           *notice,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray          *cd_target_archive_finish           (CdTarget             *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void                cd_target_unarchive_async          (CdTarget             *self,
                                                        const char * const   *remote_ids,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray          *cd_target_unarchive_finish         (CdTarget             *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

void                cd_target_test_connection_async    (CdTarget             *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
char               *cd_target_test_connection_finish   (CdTarget             *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
