/* cd-photo.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-types.h"

G_BEGIN_DECLS

#define CD_TYPE_PHOTO (cd_photo_get_type ())

G_DECLARE_FINAL_TYPE (CdPhoto, cd_photo, CD, PHOTO, GObject)

/* A photo of a story. The image itself lives inside the library's folder
 * (file-path), named after its content hash, so moving or deleting the
 * original loses nothing. Every text property is a non-NULL string ("" when
 * empty). Setters notify only on a real change and then emit ::changed.
 *
 * Properties: "id" (construct-only UUID), "file-path", "content-hash"
 * (SHA-256 hex), "mime-type", "original-name", "caption", "credit",
 * "alt-text", "creator", "source", "copyright".
 */
CdPhoto    *cd_photo_new               (void);
CdPhoto    *cd_photo_new_with_id       (const char *id);
const char *cd_photo_get_id            (CdPhoto    *self);
const char *cd_photo_get_file_path     (CdPhoto    *self);
void        cd_photo_set_file_path     (CdPhoto    *self,
                                        const char *file_path);
const char *cd_photo_get_content_hash  (CdPhoto    *self);
void        cd_photo_set_content_hash  (CdPhoto    *self,
                                        const char *content_hash);
const char *cd_photo_get_mime_type     (CdPhoto    *self);
void        cd_photo_set_mime_type     (CdPhoto    *self,
                                        const char *mime_type);
const char *cd_photo_get_original_name (CdPhoto    *self);
void        cd_photo_set_original_name (CdPhoto    *self,
                                        const char *original_name);
const char *cd_photo_get_caption       (CdPhoto    *self);
void        cd_photo_set_caption       (CdPhoto    *self,
                                        const char *caption);
const char *cd_photo_get_credit        (CdPhoto    *self);
void        cd_photo_set_credit        (CdPhoto    *self,
                                        const char *credit);
const char *cd_photo_get_alt_text      (CdPhoto    *self);
void        cd_photo_set_alt_text      (CdPhoto    *self,
                                        const char *alt_text);
const char *cd_photo_get_creator       (CdPhoto    *self);
void        cd_photo_set_creator       (CdPhoto    *self,
                                        const char *creator);
const char *cd_photo_get_source        (CdPhoto    *self);
void        cd_photo_set_source        (CdPhoto    *self,
                                        const char *source);
const char *cd_photo_get_copyright     (CdPhoto    *self);
void        cd_photo_set_copyright     (CdPhoto    *self,
                                        const char *copyright);

/* Per account: the remote media id and the content hash that was uploaded
 * under it, so an unchanged photo is not uploaded again. NULL when unknown.
 */
const char *cd_photo_get_remote_media_id   (CdPhoto    *self,
                                            const char *account);
const char *cd_photo_get_remote_media_hash (CdPhoto    *self,
                                            const char *account);
void        cd_photo_set_remote_media      (CdPhoto    *self,
                                            const char *account,
                                            const char *media_id,
                                            const char *uploaded_hash);
/* Returns: (transfer container) (element-type utf8): the accounts with a remote media id */
GPtrArray  *cd_photo_list_remote_accounts  (CdPhoto    *self);

G_END_DECLS
