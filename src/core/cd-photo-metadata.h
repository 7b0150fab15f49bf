/* cd-photo-metadata.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-photo.h"

G_BEGIN_DECLS

#define CD_PHOTO_METADATA_ERROR (cd_photo_metadata_error_quark ())

/**
 * CdPhotoMetadataError:
 * @CD_PHOTO_METADATA_ERROR_NOT_AN_IMAGE: the file is not an image we can read
 * @CD_PHOTO_METADATA_ERROR_TOO_LARGE: the file or its pixel count is over the limit
 * @CD_PHOTO_METADATA_ERROR_UNREADABLE: the file could not be opened or read
 */
typedef enum
{
  CD_PHOTO_METADATA_ERROR_NOT_AN_IMAGE,
  CD_PHOTO_METADATA_ERROR_TOO_LARGE,
  CD_PHOTO_METADATA_ERROR_UNREADABLE,
} CdPhotoMetadataError;

/* Larger files or images are refused: nobody captions a 300 MiB file, and a
 * decompression bomb must not reach the thumbnailer.
 */
#define CD_PHOTO_METADATA_MAX_FILE_SIZE ((goffset) 200 * 1024 * 1024)
#define CD_PHOTO_METADATA_MAX_PIXELS    ((gint64) 250 * 1000 * 1000)

/**
 * CdPhotoMetadata:
 * @caption: the description (never %NULL, "" when absent)
 * @credit: the credit line
 * @creator: the photographer(s), comma separated
 * @source: the supplier (agency)
 * @copyright: the copyright notice
 * @alt_text: the accessibility text
 * @mime_type: the image's MIME type as exiv2 sees it, e.g. "image/jpeg"
 * @width: pixel width, 0 when unknown
 * @height: pixel height, 0 when unknown
 *
 * What a photo says about itself, XMP first then IPTC IIM.
 */
typedef struct _CdPhotoMetadata CdPhotoMetadata;

struct _CdPhotoMetadata
{
  char *caption;
  char *credit;
  char *creator;
  char *source;
  char *copyright;
  char *alt_text;
  char *mime_type;
  int   width;
  int   height;
};

#define CD_TYPE_PHOTO_METADATA (cd_photo_metadata_get_type ())

GType            cd_photo_metadata_get_type    (void) G_GNUC_CONST;
GQuark           cd_photo_metadata_error_quark (void);
CdPhotoMetadata *cd_photo_metadata_new         (void);
CdPhotoMetadata *cd_photo_metadata_copy        (const CdPhotoMetadata  *metadata);
void             cd_photo_metadata_free        (CdPhotoMetadata        *metadata);
CdPhotoMetadata *cd_photo_metadata_read        (const char             *path,
                                                GError                **error);
void             cd_photo_metadata_read_async  (const char             *path,
                                                GCancellable           *cancellable,
                                                GAsyncReadyCallback     callback,
                                                gpointer                user_data);
CdPhotoMetadata *cd_photo_metadata_read_finish (GAsyncResult           *result,
                                                GError                **error);
void             cd_photo_metadata_apply       (const CdPhotoMetadata  *metadata,
                                                CdPhoto                *photo,
                                                gboolean                only_empty);
char            *cd_photo_metadata_parse_lang_alt (const char          *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPhotoMetadata, cd_photo_metadata_free)

G_END_DECLS
