/* cd-account-dialog-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CD_TYPE_ACCOUNT_DIALOG (cd_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CdAccountDialog, cd_account_dialog, CD, ACCOUNT_DIALOG, AdwWindow)

GtkWidget  *cd_account_dialog_new          (GtkWindow       *parent,
                                            GSettings       *settings);
GSettings  *cd_account_dialog_get_settings (CdAccountDialog *self);
gboolean    cd_account_dialog_get_busy     (CdAccountDialog *self);
const char *cd_account_dialog_get_status   (CdAccountDialog *self);
char       *cd_account_dialog_dup_name_for (GSettings       *settings,
                                            const char      *url);

G_END_DECLS
