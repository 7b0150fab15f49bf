/* cd-photo-panel-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cd-library.h"
#include "cd-photo-row-private.h"
#include "cd-render.h"
#include "cd-story.h"

G_BEGIN_DECLS

#define CD_TYPE_PHOTO_PANEL (cd_photo_panel_get_type ())

G_DECLARE_FINAL_TYPE (CdPhotoPanel, cd_photo_panel, CD, PHOTO_PANEL, GtkWidget)

GtkWidget      *cd_photo_panel_new               (void);
CdStory        *cd_photo_panel_get_story         (CdPhotoPanel         *self);
void            cd_photo_panel_set_story         (CdPhotoPanel         *self,
                                                  CdStory              *story);
CdLibrary      *cd_photo_panel_get_library       (CdPhotoPanel         *self);
void            cd_photo_panel_set_library       (CdPhotoPanel         *self,
                                                  CdLibrary            *library);
CdCreditFormat  cd_photo_panel_get_credit_format (CdPhotoPanel         *self);
void            cd_photo_panel_set_credit_format (CdPhotoPanel         *self,
                                                  CdCreditFormat        credit_format);
void            cd_photo_panel_add_file_async    (CdPhotoPanel         *self,
                                                  GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
CdPhoto        *cd_photo_panel_add_file_finish   (CdPhotoPanel         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void            cd_photo_panel_remove_photo      (CdPhotoPanel         *self,
                                                  guint                 position);
CdPhotoRow     *cd_photo_panel_get_row           (CdPhotoPanel         *self,
                                                  guint                 position);
AdwToast       *cd_photo_panel_get_last_toast    (CdPhotoPanel         *self);

G_END_DECLS
