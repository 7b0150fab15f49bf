/* cd-photo-row-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cd-photo.h"
#include "cd-render.h"

G_BEGIN_DECLS

#define CD_TYPE_PHOTO_ROW (cd_photo_row_get_type ())

G_DECLARE_FINAL_TYPE (CdPhotoRow, cd_photo_row, CD, PHOTO_ROW, GtkListBoxRow)

GtkWidget      *cd_photo_row_new               (CdPhoto        *photo);
CdPhoto        *cd_photo_row_get_photo         (CdPhotoRow     *self);
CdCreditFormat  cd_photo_row_get_credit_format (CdPhotoRow     *self);
void            cd_photo_row_set_credit_format (CdPhotoRow     *self,
                                                CdCreditFormat  credit_format);
void            cd_photo_row_set_position      (CdPhotoRow     *self,
                                                guint           position,
                                                guint           n_photos);
GtkWidget      *cd_photo_row_get_field         (CdPhotoRow     *self,
                                                const char     *property);
const char     *cd_photo_row_get_preview       (CdPhotoRow     *self);
gboolean        cd_photo_row_get_thumbnail_loaded (CdPhotoRow  *self);

G_END_DECLS
