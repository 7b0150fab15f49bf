/* test-photo-metadata.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cd-photo-metadata.h"
#include "cd-test-photo.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = cd_test_photo_make_dir ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cd_test_photo_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const void *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_xmp_wins (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = cd_test_photo_write_jpeg (fixture->dir, "both.jpg");
  g_autoptr(CdPhotoMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  cd_test_photo_set_tags (path,
                          "Iptc.Application2.Caption", "IIM caption",
                          "Iptc.Application2.Credit", "IIM credit",
                          "Iptc.Application2.Byline", "IIM byline",
                          "Iptc.Application2.Source", "IIM source",
                          "Iptc.Application2.Copyright", "IIM copyright",
                          "Xmp.dc.description", "Attorney General Jeff Sessions gives a speech",
                          "Xmp.photoshop.Credit", "Jessica McGowan/Getty Images",
                          "Xmp.dc.creator", "Jessica McGowan",
                          "Xmp.photoshop.Source", "Getty Images",
                          "Xmp.dc.rights", "© 2018 Getty Images",
                          "Xmp.iptc.AltTextAccessibility", "A man at a lectern",
                          NULL);

  metadata = cd_photo_metadata_read (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (metadata);

  g_assert_cmpstr (metadata->caption, ==, "Attorney General Jeff Sessions gives a speech");
  g_assert_cmpstr (metadata->credit, ==, "Jessica McGowan/Getty Images");
  g_assert_cmpstr (metadata->creator, ==, "Jessica McGowan");
  g_assert_cmpstr (metadata->source, ==, "Getty Images");
  /* A lang-alt, stored as such; the "lang=" qualifier must not leak out. */
  g_assert_cmpstr (metadata->copyright, ==, "© 2018 Getty Images");
  g_assert_cmpstr (metadata->alt_text, ==, "A man at a lectern");
  g_assert_cmpstr (metadata->mime_type, ==, "image/jpeg");
  g_assert_cmpint (metadata->width, ==, 16);
  g_assert_cmpint (metadata->height, ==, 12);
}

static void
test_iim_fallback (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = cd_test_photo_write_jpeg (fixture->dir, "iim.jpg");
  static const char * const bylines[] = { "Jane Doe", "John Roe", NULL };
  g_autoptr(CdPhotoMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  /* XMP has only the caption; everything else must come from IIM. */
  cd_test_photo_set_tags (path,
                          "Iptc.Application2.Caption", "IIM caption",
                          "Iptc.Application2.Credit", "AP Photo",
                          "Iptc.Application2.Source", "The Associated Press",
                          "Iptc.Application2.Copyright", "Copyright 2026 AP",
                          "Xmp.dc.description", "XMP caption",
                          NULL);
  cd_test_photo_set_tag_multiple (path, "Iptc.Application2.Byline", bylines);

  metadata = cd_photo_metadata_read (path, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (metadata->caption, ==, "XMP caption");
  g_assert_cmpstr (metadata->credit, ==, "AP Photo");
  g_assert_cmpstr (metadata->creator, ==, "Jane Doe, John Roe");
  g_assert_cmpstr (metadata->source, ==, "The Associated Press");
  g_assert_cmpstr (metadata->copyright, ==, "Copyright 2026 AP");
  g_assert_cmpstr (metadata->alt_text, ==, "");
}

static void
test_no_metadata (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = cd_test_photo_write_jpeg (fixture->dir, "bare.jpg");
  g_autoptr(CdPhotoMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  metadata = cd_photo_metadata_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata->caption, ==, "");
  g_assert_cmpstr (metadata->credit, ==, "");
  g_assert_cmpstr (metadata->creator, ==, "");
  g_assert_cmpstr (metadata->alt_text, ==, "");
}

static void
test_xmp_creators (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = cd_test_photo_write_jpeg (fixture->dir, "creators.jpg");
  static const char * const creators[] = { "Doe, Jane", "Roe, John", NULL };
  g_autoptr(CdPhotoMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  cd_test_photo_set_tags (path, "Iptc.Application2.Byline", "IIM byline", NULL);
  cd_test_photo_set_tag_multiple (path, "Xmp.dc.creator", creators);

  metadata = cd_photo_metadata_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata->creator, ==, "Doe, Jane, Roe, John");
}

static void
test_lang_alt (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "lang=\"x-default\" A caption", "A caption" },
    { "lang=\"de-DE\" Eine Unterschrift, mit Komma, lang=\"x-default\" A caption, with a comma",
      "A caption, with a comma" },
    { "lang=\"x-default\" First, lang=\"de-DE\" Zweite", "First" },
    { "lang=\"fr-FR\" Légende, lang=\"de-DE\" Zweite", "Légende" },
    { "lang=\"x-default\" ", "" },
    { "lang=\"broken", "" },
    { "Plain text, lang=\"x\" not a prefix", "Plain text, lang=\"x\" not a prefix" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *parsed = cd_photo_metadata_parse_lang_alt (cases[i].in);

      g_assert_cmpstr (parsed, ==, cases[i].out);
    }
}

static void
test_xmp_lang_alt_file (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = cd_test_photo_write_jpeg (fixture->dir, "langs.jpg");
  g_autoptr(CdPhotoMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  cd_test_photo_set_tags (path,
                          "Xmp.dc.description", "lang=\"de-DE\" Die Rede, gestern",
                          "Xmp.dc.description", "The speech, yesterday",
                          NULL);

  metadata = cd_photo_metadata_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (metadata->caption, ==, "The speech, yesterday");
}

static void
test_latin1_iim (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = cd_test_photo_write_jpeg (fixture->dir, "latin1.jpg");
  g_autoptr(CdPhotoMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;

  /* Old newsroom tools write IIM in Latin-1 without a character set marker. */
  cd_test_photo_set_tags (path, "Iptc.Application2.Caption", "Caf\xe9 in M\xfcnchen", NULL);

  metadata = cd_photo_metadata_read (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (metadata->caption, -1, NULL));
  g_assert_cmpstr (metadata->caption, ==, "Café in München");
}

static void
assert_refused (const char           *path,
                CdPhotoMetadataError  code)
{
  g_autoptr(CdPhotoMetadata) metadata = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);

  metadata = cd_photo_metadata_read (path, &error);
  g_assert_null (metadata);
  g_assert_error (error, CD_PHOTO_METADATA_ERROR, (int) code);
  /* The message names the file so the editor knows which one failed. */
  g_assert_nonnull (strstr (error->message, name));
}

static void
test_not_an_image (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char text[] = "This is the story text, not a photo.\n";
  g_autofree char *text_path = write_file (fixture, "story.jpg", text, sizeof text - 1);
  g_autofree char *empty_path = write_file (fixture, "empty.jpg", "", 0);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.jpg", NULL);

  assert_refused (text_path, CD_PHOTO_METADATA_ERROR_NOT_AN_IMAGE);
  assert_refused (empty_path, CD_PHOTO_METADATA_ERROR_NOT_AN_IMAGE);
  assert_refused (fixture->dir, CD_PHOTO_METADATA_ERROR_NOT_AN_IMAGE);
  assert_refused (missing, CD_PHOTO_METADATA_ERROR_UNREADABLE);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) bytes = cd_test_photo_jpeg_bytes ();
  gsize length;
  const guint8 *jpeg = g_bytes_get_data (bytes, &length);
  g_autofree char *headers_only = NULL;

  /* Cut inside the headers: exiv2 cannot parse it; a clear error. */
  headers_only = write_file (fixture, "cut.jpg", jpeg, 150);
  assert_refused (headers_only, CD_PHOTO_METADATA_ERROR_UNREADABLE);

  /* Every other cut: an error or empty metadata, never a crash. */
  for (gsize cut = 1; cut < length; cut++)
    {
      g_autofree char *path = write_file (fixture, "cut.jpg", jpeg, cut);
      g_autoptr(CdPhotoMetadata) metadata = NULL;
      g_autoptr(GError) error = NULL;

      metadata = cd_photo_metadata_read (path, &error);
      if (metadata == NULL)
        g_assert_true (error != NULL && error->domain == CD_PHOTO_METADATA_ERROR);
      else
        g_assert_cmpstr (metadata->caption, ==, "");
    }
}

static void
test_huge (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GBytes) bytes = cd_test_photo_jpeg_bytes ();
  gsize length;
  const guint8 *jpeg = g_bytes_get_data (bytes, &length);
  g_autofree guint8 *bomb = g_memdup2 (jpeg, length);
  g_autofree char *bomb_path = NULL;
  g_autofree char *big_path = NULL;
  gboolean patched = FALSE;
  int fd;

  /* A decompression bomb: the SOF0 header claims 60000 × 60000 pixels. */
  for (gsize i = 0; i + 9 < length; i++)
    if (bomb[i] == 0xff && bomb[i + 1] == 0xc0)
      {
        bomb[i + 5] = 0xea; bomb[i + 6] = 0x60;  /* height */
        bomb[i + 7] = 0xea; bomb[i + 8] = 0x60;  /* width */
        patched = TRUE;
        break;
      }
  g_assert_true (patched);
  bomb_path = write_file (fixture, "bomb.jpg", bomb, length);
  assert_refused (bomb_path, CD_PHOTO_METADATA_ERROR_TOO_LARGE);

  /* A file over the size limit (sparse, so the test stays cheap). */
  big_path = write_file (fixture, "big.jpg", jpeg, length);
  fd = g_open (big_path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, CD_PHOTO_METADATA_MAX_FILE_SIZE + 1), ==, 0);
  g_close (fd, NULL);
  assert_refused (big_path, CD_PHOTO_METADATA_ERROR_TOO_LARGE);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  CdPhotoMetadata **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cd_photo_metadata_read_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = cd_test_photo_write_jpeg (fixture->dir, "async.jpg");
  g_autoptr(CdPhotoMetadata) metadata = NULL;

  cd_test_photo_set_tags (path, "Iptc.Application2.Credit", "Reuters", NULL);

  cd_photo_metadata_read_async (path, NULL, read_cb, &metadata);
  while (metadata == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (metadata->credit, ==, "Reuters");
}

static void
test_apply (void)
{
  g_autoptr(CdPhotoMetadata) metadata = cd_photo_metadata_new ();
  g_autoptr(CdPhoto) photo = cd_photo_new ();
  g_autoptr(CdPhotoMetadata) copy = NULL;

  g_free (metadata->caption);
  metadata->caption = g_strdup ("From the file");
  g_free (metadata->credit);
  metadata->credit = g_strdup ("File credit");
  g_free (metadata->alt_text);
  metadata->alt_text = g_strdup ("File alt");

  cd_photo_set_caption (photo, "Typed by the editor");
  cd_photo_set_creator (photo, "Kept creator");

  /* only_empty: what the editor typed stays. */
  cd_photo_metadata_apply (metadata, photo, TRUE);
  g_assert_cmpstr (cd_photo_get_caption (photo), ==, "Typed by the editor");
  g_assert_cmpstr (cd_photo_get_credit (photo), ==, "File credit");
  g_assert_cmpstr (cd_photo_get_alt_text (photo), ==, "File alt");
  g_assert_cmpstr (cd_photo_get_creator (photo), ==, "Kept creator");

  /* Overwrite: the file wins, but an empty field never clears the photo's. */
  cd_photo_metadata_apply (metadata, photo, FALSE);
  g_assert_cmpstr (cd_photo_get_caption (photo), ==, "From the file");
  g_assert_cmpstr (cd_photo_get_creator (photo), ==, "Kept creator");

  copy = cd_photo_metadata_copy (metadata);
  g_assert_true (copy->caption != metadata->caption);
  g_assert_cmpstr (copy->caption, ==, "From the file");
  g_assert_cmpstr (copy->source, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/copydesk/core/photo-metadata/" name, Fixture, NULL, \
              fixture_set_up, func, fixture_tear_down)

  ADD ("xmp-wins", test_xmp_wins);
  ADD ("iim-fallback", test_iim_fallback);
  ADD ("no-metadata", test_no_metadata);
  ADD ("xmp-creators", test_xmp_creators);
  ADD ("xmp-lang-alt-file", test_xmp_lang_alt_file);
  ADD ("latin1-iim", test_latin1_iim);
  ADD ("not-an-image", test_not_an_image);
  ADD ("truncated", test_truncated);
  ADD ("huge", test_huge);
  ADD ("async", test_async);
  g_test_add_func ("/copydesk/core/photo-metadata/lang-alt", test_lang_alt);
  g_test_add_func ("/copydesk/core/photo-metadata/apply", test_apply);

#undef ADD

  return g_test_run ();
}
