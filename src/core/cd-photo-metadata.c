/* cd-photo-metadata.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-photo-metadata"

#include "config.h"

#include <string.h>

#include <gexiv2/gexiv2.h>
#include <glib/gi18n-lib.h>

#include "cd-photo-metadata.h"

G_DEFINE_BOXED_TYPE (CdPhotoMetadata, cd_photo_metadata,
                     cd_photo_metadata_copy, cd_photo_metadata_free)

G_DEFINE_QUARK (cd-photo-metadata-error-quark, cd_photo_metadata_error)

/* Where each field comes from: the XMP property wins, IIM fills in. */
typedef struct
{
  gsize       offset;
  const char *xmp;
  const char *iim;
} Field;

static const Field fields[] = {
  { G_STRUCT_OFFSET (CdPhotoMetadata, caption),   "Xmp.dc.description",    "Iptc.Application2.Caption" },
  { G_STRUCT_OFFSET (CdPhotoMetadata, credit),    "Xmp.photoshop.Credit",  "Iptc.Application2.Credit" },
  { G_STRUCT_OFFSET (CdPhotoMetadata, creator),   "Xmp.dc.creator",        "Iptc.Application2.Byline" },
  { G_STRUCT_OFFSET (CdPhotoMetadata, source),    "Xmp.photoshop.Source",  "Iptc.Application2.Source" },
  { G_STRUCT_OFFSET (CdPhotoMetadata, copyright), "Xmp.dc.rights",         "Iptc.Application2.Copyright" },
  /* exiv2 calls the IPTC Core schema "iptc"; IIM has no alt text. */
  { G_STRUCT_OFFSET (CdPhotoMetadata, alt_text),  "Xmp.iptc.AltTextAccessibility", NULL },
};

#define FIELD(md, f) G_STRUCT_MEMBER (char *, md, (f)->offset)

/* exiv2 reports through gexiv2's log; a damaged photo is an expected input,
 * not a warning that a test harness should abort on.
 */
static void
log_cb (GExiv2LogLevel  level,
        const char     *message)
{
  g_debug ("exiv2: %s", message);
}

static void
ensure_initialized (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      if (!gexiv2_initialize ())
        g_error ("gexiv2 could not be initialized");
      gexiv2_log_set_handler (log_cb);
      gexiv2_log_set_level (GEXIV2_LOG_LEVEL_WARN);
      g_once_init_leave (&initialized, 1);
    }
}

/* IIM text without a UTF-8 character set marker is usually Latin-1 (or its
 * Windows superset); never hand invalid UTF-8 to GTK.
 */
static char *
to_utf8 (char *text)
{
  char *converted;

  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return text;

  converted = g_convert (text, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (converted == NULL)
    converted = g_utf8_make_valid (text, -1);
  g_free (text);

  return converted;
}

static char *
read_tag (GExiv2Metadata *exif,
          const char     *tag)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) values = NULL;
  char *text = NULL;

  if (!gexiv2_metadata_try_has_tag (exif, tag, NULL))
    return NULL;

  /* Repeated IIM datasets and XMP bags/seqs (several bylines) come as a
   * list; a lang-alt comes as one "lang=… text, lang=… text" string.
   */
  if (gexiv2_metadata_try_tag_supports_multiple_values (exif, tag, NULL) &&
      g_strcmp0 (gexiv2_metadata_try_get_tag_type (tag, NULL), "LangAlt") != 0)
    {
      values = gexiv2_metadata_try_get_tag_multiple (exif, tag, &error);
      if (values != NULL)
        {
          g_autoptr(GPtrArray) kept = g_ptr_array_new ();

          for (guint i = 0; values[i] != NULL; i++)
            {
              g_strstrip (values[i]);
              if (values[i][0] != '\0')
                g_ptr_array_add (kept, values[i]);
            }
          g_ptr_array_add (kept, NULL);
          text = g_strjoinv (", ", (char **) kept->pdata);
        }
    }
  else
    {
      text = gexiv2_metadata_try_get_tag_string (exif, tag, &error);
    }

  if (error != NULL)
    g_debug ("Could not read %s: %s", tag, error->message);

  text = to_utf8 (text);
  if (text != NULL && g_str_has_prefix (text, "lang=\""))
    {
      char *parsed = cd_photo_metadata_parse_lang_alt (text);

      g_free (text);
      text = parsed;
    }
  if (text != NULL)
    g_strstrip (text);

  return text;
}

static gboolean
looks_like_image (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *content_type = NULL;
  guchar head[512];
  gssize n_read;

  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return FALSE;
  n_read = g_input_stream_read (G_INPUT_STREAM (stream), head, sizeof head, NULL, NULL);
  if (n_read <= 0)
    return FALSE;

  content_type = g_content_type_guess (NULL, head, n_read, NULL);

  return g_content_type_is_mime_type (content_type, "image/*");
}

static CdPhotoMetadata *
read_metadata (const char  *path,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GExiv2Metadata) exif = NULL;
  g_autoptr(CdPhotoMetadata) metadata = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  const char *mime_type;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, CD_PHOTO_METADATA_ERROR, CD_PHOTO_METADATA_ERROR_UNREADABLE,
                   /* Translators: %1$s is a file name, %2$s the system's reason */
                   _("Could not open “%1$s”: %2$s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR || g_file_info_get_size (info) == 0)
    {
      g_set_error (error, CD_PHOTO_METADATA_ERROR, CD_PHOTO_METADATA_ERROR_NOT_AN_IMAGE,
                   /* Translators: %s is a file name */
                   _("“%s” is not an image"), name);
      return NULL;
    }

  if (g_file_info_get_size (info) > CD_PHOTO_METADATA_MAX_FILE_SIZE)
    {
      g_autofree char *limit = g_format_size (CD_PHOTO_METADATA_MAX_FILE_SIZE);

      g_set_error (error, CD_PHOTO_METADATA_ERROR, CD_PHOTO_METADATA_ERROR_TOO_LARGE,
                   /* Translators: %1$s is a file name, %2$s a size such as "200 MB" */
                   _("“%1$s” is too large: photos can be at most %2$s"), name, limit);
      return NULL;
    }

  ensure_initialized ();

  exif = gexiv2_metadata_new ();
  if (!gexiv2_metadata_open_path (exif, path, &local_error))
    {
      g_debug ("exiv2 could not open %s: %s", path, local_error->message);
      if (looks_like_image (path))
        g_set_error (error, CD_PHOTO_METADATA_ERROR, CD_PHOTO_METADATA_ERROR_UNREADABLE,
                     /* Translators: %s is a file name */
                     _("“%s” could not be read: the image is damaged or incomplete"), name);
      else
        g_set_error (error, CD_PHOTO_METADATA_ERROR, CD_PHOTO_METADATA_ERROR_NOT_AN_IMAGE,
                     /* Translators: %s is a file name */
                     _("“%s” is not an image"), name);
      return NULL;
    }

  mime_type = gexiv2_metadata_get_mime_type (exif);
  if (mime_type == NULL || !g_str_has_prefix (mime_type, "image/"))
    {
      g_set_error (error, CD_PHOTO_METADATA_ERROR, CD_PHOTO_METADATA_ERROR_NOT_AN_IMAGE,
                   /* Translators: %s is a file name */
                   _("“%s” is not an image"), name);
      return NULL;
    }

  metadata = cd_photo_metadata_new ();
  g_free (metadata->mime_type);
  metadata->mime_type = g_strdup (mime_type);
  metadata->width = MAX (0, gexiv2_metadata_get_pixel_width (exif));
  metadata->height = MAX (0, gexiv2_metadata_get_pixel_height (exif));

  if ((gint64) metadata->width * metadata->height > CD_PHOTO_METADATA_MAX_PIXELS)
    {
      g_set_error (error, CD_PHOTO_METADATA_ERROR, CD_PHOTO_METADATA_ERROR_TOO_LARGE,
                   /* Translators: %1$s is a file name, %2$d × %3$d its size in pixels */
                   _("“%1$s” is too large: %2$d × %3$d pixels"),
                   name, metadata->width, metadata->height);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *field = &fields[i];
      g_autofree char *value = read_tag (exif, field->xmp);

      if ((value == NULL || value[0] == '\0') && field->iim != NULL)
        {
          g_free (value);
          value = read_tag (exif, field->iim);
        }

      if (value != NULL && value[0] != '\0')
        {
          g_free (FIELD (metadata, field));
          FIELD (metadata, field) = g_steal_pointer (&value);
        }
    }

  return g_steal_pointer (&metadata);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  CdPhotoMetadata *metadata;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  metadata = read_metadata (path, &error);
  if (metadata == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, metadata, (GDestroyNotify) cd_photo_metadata_free);
}

/**
 * cd_photo_metadata_new:
 *
 * Returns: (transfer full): empty metadata: every string "", no size
 */
CdPhotoMetadata *
cd_photo_metadata_new (void)
{
  CdPhotoMetadata *metadata = g_new0 (CdPhotoMetadata, 1);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    FIELD (metadata, &fields[i]) = g_strdup ("");
  metadata->mime_type = g_strdup ("");

  return metadata;
}

/**
 * cd_photo_metadata_copy:
 * @metadata: a #CdPhotoMetadata
 *
 * Returns: (transfer full): a deep copy of @metadata
 */
CdPhotoMetadata *
cd_photo_metadata_copy (const CdPhotoMetadata *metadata)
{
  CdPhotoMetadata *copy;

  g_return_val_if_fail (metadata != NULL, NULL);

  copy = g_new0 (CdPhotoMetadata, 1);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    FIELD (copy, &fields[i]) = g_strdup (FIELD (metadata, &fields[i]));
  copy->mime_type = g_strdup (metadata->mime_type);
  copy->width = metadata->width;
  copy->height = metadata->height;

  return copy;
}

/**
 * cd_photo_metadata_free:
 * @metadata: (nullable): a #CdPhotoMetadata
 *
 * Frees @metadata and its strings.
 */
void
cd_photo_metadata_free (CdPhotoMetadata *metadata)
{
  if (metadata == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_free (FIELD (metadata, &fields[i]));
  g_free (metadata->mime_type);
  g_free (metadata);
}

/**
 * cd_photo_metadata_read:
 * @path: a local file name
 * @error: return location for a #CD_PHOTO_METADATA_ERROR
 *
 * Reads caption, credit, creator, source, copyright and alt text embedded
 * in the image at @path (XMP first, then IPTC IIM). Blocks: call it in a
 * thread, or use cd_photo_metadata_read_async().
 *
 * Returns: (transfer full): the metadata, or %NULL when the file is not an
 *   image, too large or unreadable
 */
CdPhotoMetadata *
cd_photo_metadata_read (const char  *path,
                        GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return read_metadata (path, error);
}

/**
 * cd_photo_metadata_read_async:
 * @path: a local file name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs cd_photo_metadata_read() in a worker thread.
 */
void
cd_photo_metadata_read_async (const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* exiv2's XMP toolkit is set up once, here, not from racing workers. */
  ensure_initialized ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_photo_metadata_read_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, read_thread);
}

/**
 * cd_photo_metadata_read_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the metadata, or %NULL with @error set
 */
CdPhotoMetadata *
cd_photo_metadata_read_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_photo_metadata_read_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cd_photo_metadata_apply:
 * @metadata: a #CdPhotoMetadata
 * @photo: the #CdPhoto to fill in
 * @only_empty: %TRUE to keep what @photo already has
 *
 * Copies the non-empty text fields of @metadata into @photo; with
 * @only_empty, only into the photo's fields that are still empty.
 */
void
cd_photo_metadata_apply (const CdPhotoMetadata *metadata,
                         CdPhoto               *photo,
                         gboolean               only_empty)
{
  static const struct
  {
    gsize offset;
    const char *(*get) (CdPhoto *);
    void (*set) (CdPhoto *, const char *);
  } setters[] = {
    { G_STRUCT_OFFSET (CdPhotoMetadata, caption),   cd_photo_get_caption,   cd_photo_set_caption },
    { G_STRUCT_OFFSET (CdPhotoMetadata, credit),    cd_photo_get_credit,    cd_photo_set_credit },
    { G_STRUCT_OFFSET (CdPhotoMetadata, creator),   cd_photo_get_creator,   cd_photo_set_creator },
    { G_STRUCT_OFFSET (CdPhotoMetadata, source),    cd_photo_get_source,    cd_photo_set_source },
    { G_STRUCT_OFFSET (CdPhotoMetadata, copyright), cd_photo_get_copyright, cd_photo_set_copyright },
    { G_STRUCT_OFFSET (CdPhotoMetadata, alt_text),  cd_photo_get_alt_text,  cd_photo_set_alt_text },
  };

  g_return_if_fail (metadata != NULL);
  g_return_if_fail (CD_IS_PHOTO (photo));

  for (guint i = 0; i < G_N_ELEMENTS (setters); i++)
    {
      const char *value = G_STRUCT_MEMBER (const char *, metadata, setters[i].offset);
      const char *current = setters[i].get (photo);

      if (value == NULL || value[0] == '\0')
        continue;
      if (only_empty && current != NULL && current[0] != '\0')
        continue;

      setters[i].set (photo, value);
    }
}

/**
 * cd_photo_metadata_parse_lang_alt:
 * @value: an XMP language alternative as exiv2 prints it:
 *   `lang="x-default" Text, lang="de-DE" Text`
 *
 * Returns: (transfer full): the x-default text (else the first one); @value
 *   itself when it carries no language qualifier
 */
char *
cd_photo_metadata_parse_lang_alt (const char *value)
{
  static const char marker[] = "lang=\"";
  static const char separator[] = ", lang=\"";
  char *first = NULL;
  const char *p;

  g_return_val_if_fail (value != NULL, NULL);

  if (!g_str_has_prefix (value, marker))
    return g_strdup (value);

  p = value;
  while (p != NULL && g_str_has_prefix (p, marker))
    {
      const char *lang = p + strlen (marker);
      const char *lang_end = strchr (lang, '"');
      const char *text;
      const char *text_end;
      char *text_copy;

      if (lang_end == NULL)
        break;

      text = lang_end + 1;
      if (*text == ' ')
        text++;
      text_end = strstr (text, separator);
      text_copy = text_end != NULL ? g_strndup (text, text_end - text) : g_strdup (text);

      if ((gsize) (lang_end - lang) == strlen ("x-default") &&
          strncmp (lang, "x-default", lang_end - lang) == 0)
        {
          g_free (first);
          return text_copy;
        }

      if (first == NULL)
        first = text_copy;
      else
        g_free (text_copy);

      p = text_end != NULL ? text_end + strlen (", ") : NULL;
    }

  return first != NULL ? first : g_strdup ("");
}
