/* fuzz-photo-metadata.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* cd_photo_metadata_read() on any file, and the lang-alt parser on the
 * input as text. Reading gives metadata or a photo metadata error, never
 * both; every text is UTF-8 (IIM Latin-1 converted), sizes are within the
 * limits. exiv2 itself is not instrumented: libFuzzer steers by our code
 * only, but a crash or overflow in exiv2 still counts.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cd-photo-metadata.h"
#include "fuzz-common.h"

static char *photo_path;

static void
remove_photo (void)
{
  g_unlink (photo_path);
}

/* One file for the whole run, rewritten for each input. */
static const char *
write_photo (const uint8_t *data,
             size_t         size)
{
  FILE *file;

  if (photo_path == NULL)
    {
      g_autoptr(GError) error = NULL;
      int fd = g_file_open_tmp ("fuzz-photo-XXXXXX.jpg", &photo_path, &error);

      FUZZ_CHECK (fd >= 0, "a temporary file");
      close (fd);
      atexit (remove_photo);
    }

  file = fopen (photo_path, "wb");
  FUZZ_CHECK (file != NULL, "the temporary file opens");
  FUZZ_CHECK (size == 0 || fwrite (data, 1, size, file) == size, "the photo is written");
  FUZZ_CHECK (fclose (file) == 0, "the photo is written");

  return photo_path;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdPhotoMetadata) metadata = cd_photo_metadata_read (write_photo (data, size), &error);
  g_autofree char *text = fuzz_dup (data, size);
  g_autofree char *lang_alt = cd_photo_metadata_parse_lang_alt (text);

  FUZZ_CHECK (lang_alt != NULL && strlen (lang_alt) <= strlen (text),
              "a lang-alt value is a part of its input");
  if (g_utf8_validate (text, -1, NULL))
    fuzz_check_utf8 (lang_alt, "a lang-alt value of UTF-8");

  if (metadata == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == CD_PHOTO_METADATA_ERROR, "a refusal says why");
      fuzz_check_utf8 (error->message, "error message");
      return 0;
    }

  FUZZ_CHECK (error == NULL, "no error with metadata");
  fuzz_check_utf8 (metadata->caption, "caption");
  fuzz_check_utf8 (metadata->credit, "credit");
  fuzz_check_utf8 (metadata->creator, "creator");
  fuzz_check_utf8 (metadata->source, "source");
  fuzz_check_utf8 (metadata->copyright, "copyright");
  fuzz_check_utf8 (metadata->alt_text, "alt text");
  fuzz_check_utf8 (metadata->mime_type, "MIME type");
  FUZZ_CHECK (g_str_has_prefix (metadata->mime_type, "image/"), "only images");
  FUZZ_CHECK (metadata->width >= 0 && metadata->height >= 0, "sizes are not negative");
  FUZZ_CHECK ((gint64) metadata->width * metadata->height <= CD_PHOTO_METADATA_MAX_PIXELS,
              "sizes are within the limit");

  return 0;
}
