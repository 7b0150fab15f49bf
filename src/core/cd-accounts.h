/* cd-accounts.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "cd-enums.h"
#include "cd-target.h"

G_BEGIN_DECLS

#define CD_ACCOUNTS_SCHEMA_ID        "io.github.copydesk.Copydesk.Account"
#define CD_ACCOUNTS_SECRET_SCHEMA_ID "io.github.copydesk.Copydesk.Account"

/* Accounts: their names in the "accounts" key of the settings the caller
 * passes, each one's type, url, user and folder in a relocatable
 * CD_ACCOUNTS_SCHEMA_ID below it, and WordPress passwords in the Secret
 * Service (attributes account, url, user) — never in GSettings or a log.
 */
GStrv      cd_accounts_list                   (GSettings      *settings);
gboolean   cd_accounts_has                    (GSettings      *settings,
                                               const char     *name);
GSettings *cd_accounts_get_account_settings   (GSettings      *settings,
                                               const char     *name);
gboolean   cd_accounts_add                    (GSettings      *settings,
                                               const char     *name,
                                               CdAccountType   type,
                                               const char     *url,
                                               const char     *user,
                                               GError        **error);
gboolean   cd_accounts_remove                 (GSettings      *settings,
                                               const char     *name,
                                               GError        **error);
CdTarget  *cd_accounts_create_target          (GSettings      *settings,
                                               const char     *name,
                                               const char     *password,
                                               SoupSession    *session,
                                               GError        **error);
void       cd_accounts_create_target_async    (GSettings           *settings,
                                               const char          *name,
                                               SoupSession         *session,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
CdTarget  *cd_accounts_create_target_finish   (GAsyncResult        *result,
                                               GError             **error);
CdTarget  *cd_accounts_pick_target            (GHashTable          *targets,
                                               GHashTable          *errors,
                                               const char          *name,
                                               GError             **error);

void       cd_accounts_store_password_async   (GSettings           *settings,
                                               const char          *name,
                                               const char          *password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean   cd_accounts_store_password_finish  (GAsyncResult        *result,
                                               GError             **error);
void       cd_accounts_lookup_password_async  (GSettings           *settings,
                                               const char          *name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char      *cd_accounts_lookup_password_finish (GAsyncResult        *result,
                                               GError             **error);
void       cd_accounts_clear_password_async   (GSettings           *settings,
                                               const char          *name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean   cd_accounts_clear_password_finish  (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
