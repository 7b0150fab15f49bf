/* cd-accounts-page-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CD_TYPE_ACCOUNTS_PAGE (cd_accounts_page_get_type ())

G_DECLARE_FINAL_TYPE (CdAccountsPage, cd_accounts_page, CD, ACCOUNTS_PAGE, AdwPreferencesPage)

GtkWidget       *cd_accounts_page_new                (void);
AdwActionRow    *cd_accounts_page_get_row            (CdAccountsPage *self,
                                                      const char     *name);
GtkButton       *cd_accounts_page_get_row_button     (CdAccountsPage *self,
                                                      const char     *name,
                                                      const char     *which);
GtkWindow       *cd_accounts_page_get_add_dialog     (CdAccountsPage *self);
GtkWindow       *cd_accounts_page_get_remove_dialog  (CdAccountsPage *self);
GtkNativeDialog *cd_accounts_page_get_folder_chooser (CdAccountsPage *self);

G_END_DECLS
