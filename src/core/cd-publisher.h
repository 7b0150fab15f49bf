/* cd-publisher.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-library.h"
#include "cd-render.h"
#include "cd-target.h"

G_BEGIN_DECLS

/**
 * CdPublisherTargetFunc:
 * @account: an account name
 * @user_data: the data given to cd_publisher_new()
 * @error: return location for a #GError (%CD_TARGET_ERROR_AUTH when the
 *   account has no password, for instance)
 *
 * Gives the publisher the target of @account. Called once per push; it may
 * return the same object every time.
 *
 * Returns: (transfer full) (nullable): the target, or %NULL with @error set
 */
typedef CdTarget *(*CdPublisherTargetFunc) (const char  *account,
                                            gpointer     user_data,
                                            GError     **error);

/* How many pushes run at once unless told otherwise. */
#define CD_PUBLISHER_DEFAULT_MAX_PARALLEL 4

#define CD_TYPE_PUBLISHER (cd_publisher_get_type ())

G_DECLARE_FINAL_TYPE (CdPublisher, cd_publisher, CD, PUBLISHER, GObject)

/* Drains the library's outbox of push entries through the accounts'
 * targets, a bounded number at once, asynchronously on the thread-default
 * main context of its creation. Each push: the story goes Queued, then
 * Pushing in the transaction that claims the entry and records the slug a
 * create will use; the result (or the error, with the next attempt's time)
 * goes back in one transaction with the status: Published, Failed or
 * Conflict. Entries left running by a dead process are pending again when
 * the library opens, and the publisher takes them up like any other.
 *
 * Properties: "library" (construct-only), "max-parallel", "max-retry-delay"
 * (ms; caps every backoff and Retry-After, 0 for no cap), "credit-format",
 * "running" (read-only: pushes in flight).
 * Signals: ::story-started (id), ::story-finished (id, GError or NULL),
 * ::account-needs-attention (account, GError: the password was refused).
 */
CdPublisher   *cd_publisher_new                 (CdLibrary             *library,
                                                 CdPublisherTargetFunc  target_func,
                                                 gpointer               user_data,
                                                 GDestroyNotify         destroy);
CdLibrary     *cd_publisher_get_library         (CdPublisher           *self);
guint          cd_publisher_get_max_parallel    (CdPublisher           *self);
void           cd_publisher_set_max_parallel    (CdPublisher           *self,
                                                 guint                  max_parallel);
guint          cd_publisher_get_max_retry_delay (CdPublisher           *self);
void           cd_publisher_set_max_retry_delay (CdPublisher           *self,
                                                 guint                  max_retry_delay_ms);
CdCreditFormat cd_publisher_get_credit_format   (CdPublisher           *self);
void           cd_publisher_set_credit_format   (CdPublisher           *self,
                                                 CdCreditFormat         format);
guint          cd_publisher_get_running         (CdPublisher           *self);

void           cd_publisher_start               (CdPublisher           *self);
void           cd_publisher_stop                (CdPublisher           *self);
void           cd_publisher_wake                (CdPublisher           *self);

gboolean       cd_publisher_retry_story         (CdPublisher           *self,
                                                 const char            *story_id,
                                                 GError               **error);
gboolean       cd_publisher_overwrite_story     (CdPublisher           *self,
                                                 const char            *story_id,
                                                 GError               **error);
void           cd_publisher_keep_theirs_async   (CdPublisher           *self,
                                                 const char            *story_id,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean       cd_publisher_keep_theirs_finish  (CdPublisher           *self,
                                                 GAsyncResult          *result,
                                                 GError               **error);

void           cd_publisher_run_until_idle_async  (CdPublisher         *self,
                                                   guint                max_wait_ms,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       cd_publisher_run_until_idle_finish (CdPublisher         *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
