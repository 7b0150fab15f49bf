/* cd-photo.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-photo"

#include "config.h"

#include "cd-photo.h"

typedef struct
{
  char *media_id;
  char *uploaded_hash;
} RemoteMedia;

struct _CdPhoto
{
  GObject     parent_instance;

  char       *id;
  char       *file_path;
  char       *content_hash;
  char       *mime_type;
  char       *original_name;
  char       *caption;
  char       *credit;
  char       *alt_text;
  char       *creator;
  char       *source;
  char       *copyright;

  /* account name -> RemoteMedia */
  GHashTable *remote_media;
};

G_DEFINE_FINAL_TYPE (CdPhoto, cd_photo, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FILE_PATH,
  PROP_CONTENT_HASH,
  PROP_MIME_TYPE,
  PROP_ORIGINAL_NAME,
  PROP_CAPTION,
  PROP_CREDIT,
  PROP_ALT_TEXT,
  PROP_CREATOR,
  PROP_SOURCE,
  PROP_COPYRIGHT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
remote_media_free (gpointer data)
{
  RemoteMedia *media = data;

  g_free (media->media_id);
  g_free (media->uploaded_hash);
  g_free (media);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* Stores @value ("" for NULL) in *@field; notifies @prop_id and emits
 * ::changed only when the text really changed.
 */
static void
set_text (CdPhoto    *self,
          char      **field,
          const char *value,
          guint       prop_id)
{
  g_assert (CD_IS_PHOTO (self));

  if (value == NULL)
    value = "";

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
cd_photo_finalize (GObject *object)
{
  CdPhoto *self = (CdPhoto *)object;

  g_free (self->id);
  g_free (self->file_path);
  g_free (self->content_hash);
  g_free (self->mime_type);
  g_free (self->original_name);
  g_free (self->caption);
  g_free (self->credit);
  g_free (self->alt_text);
  g_free (self->creator);
  g_free (self->source);
  g_free (self->copyright);
  g_hash_table_unref (self->remote_media);

  G_OBJECT_CLASS (cd_photo_parent_class)->finalize (object);
}

static void
cd_photo_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CdPhoto *self = CD_PHOTO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, cd_photo_get_id (self));
      break;
    case PROP_FILE_PATH:
      g_value_set_string (value, cd_photo_get_file_path (self));
      break;
    case PROP_CONTENT_HASH:
      g_value_set_string (value, cd_photo_get_content_hash (self));
      break;
    case PROP_MIME_TYPE:
      g_value_set_string (value, cd_photo_get_mime_type (self));
      break;
    case PROP_ORIGINAL_NAME:
      g_value_set_string (value, cd_photo_get_original_name (self));
      break;
    case PROP_CAPTION:
      g_value_set_string (value, cd_photo_get_caption (self));
      break;
    case PROP_CREDIT:
      g_value_set_string (value, cd_photo_get_credit (self));
      break;
    case PROP_ALT_TEXT:
      g_value_set_string (value, cd_photo_get_alt_text (self));
      break;
    case PROP_CREATOR:
      g_value_set_string (value, cd_photo_get_creator (self));
      break;
    case PROP_SOURCE:
      g_value_set_string (value, cd_photo_get_source (self));
      break;
    case PROP_COPYRIGHT:
      g_value_set_string (value, cd_photo_get_copyright (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_photo_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CdPhoto *self = CD_PHOTO (object);

  switch (prop_id)
    {
    case PROP_ID:
      /* construct-only: NULL means "make a new UUID" */
      g_assert (self->id == NULL);
      self->id = g_value_dup_string (value);
      if (self->id == NULL || self->id[0] == '\0')
        {
          g_free (self->id);
          self->id = g_uuid_string_random ();
        }
      break;
    case PROP_FILE_PATH:
      cd_photo_set_file_path (self, g_value_get_string (value));
      break;
    case PROP_CONTENT_HASH:
      cd_photo_set_content_hash (self, g_value_get_string (value));
      break;
    case PROP_MIME_TYPE:
      cd_photo_set_mime_type (self, g_value_get_string (value));
      break;
    case PROP_ORIGINAL_NAME:
      cd_photo_set_original_name (self, g_value_get_string (value));
      break;
    case PROP_CAPTION:
      cd_photo_set_caption (self, g_value_get_string (value));
      break;
    case PROP_CREDIT:
      cd_photo_set_credit (self, g_value_get_string (value));
      break;
    case PROP_ALT_TEXT:
      cd_photo_set_alt_text (self, g_value_get_string (value));
      break;
    case PROP_CREATOR:
      cd_photo_set_creator (self, g_value_get_string (value));
      break;
    case PROP_SOURCE:
      cd_photo_set_source (self, g_value_get_string (value));
      break;
    case PROP_COPYRIGHT:
      cd_photo_set_copyright (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_photo_class_init (CdPhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cd_photo_finalize;
  object_class->get_property = cd_photo_get_property;
  object_class->set_property = cd_photo_set_property;

  /**
   * CdPhoto:id:
   *
   * The photo's local UUID; made up when not given at construction.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * CdPhoto:file-path:
   *
   * The absolute path of the library's copy of the image.
   */
  properties[PROP_FILE_PATH] = g_param_spec_string ("file-path", NULL, NULL, "", rw);
  /**
   * CdPhoto:content-hash:
   *
   * The SHA-256 of the image, in lower-case hex.
   */
  properties[PROP_CONTENT_HASH] = g_param_spec_string ("content-hash", NULL, NULL, "", rw);
  /**
   * CdPhoto:mime-type:
   *
   * The image's MIME type, e.g. "image/jpeg".
   */
  properties[PROP_MIME_TYPE] = g_param_spec_string ("mime-type", NULL, NULL, "", rw);
  /**
   * CdPhoto:original-name:
   *
   * The base name of the file the image was imported from.
   */
  properties[PROP_ORIGINAL_NAME] = g_param_spec_string ("original-name", NULL, NULL, "", rw);
  /**
   * CdPhoto:caption:
   *
   * What the photo shows, for readers.
   */
  properties[PROP_CAPTION] = g_param_spec_string ("caption", NULL, NULL, "", rw);
  /**
   * CdPhoto:credit:
   *
   * The credit line, e.g. "Jane Doe/Agency".
   */
  properties[PROP_CREDIT] = g_param_spec_string ("credit", NULL, NULL, "", rw);
  /**
   * CdPhoto:alt-text:
   *
   * The text alternative for readers who cannot see the image.
   */
  properties[PROP_ALT_TEXT] = g_param_spec_string ("alt-text", NULL, NULL, "", rw);
  /**
   * CdPhoto:creator:
   *
   * The photographer.
   */
  properties[PROP_CREATOR] = g_param_spec_string ("creator", NULL, NULL, "", rw);
  /**
   * CdPhoto:source:
   *
   * Where the photo came from (agency, pool, handout).
   */
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, "", rw);
  /**
   * CdPhoto:copyright:
   *
   * The copyright notice.
   */
  properties[PROP_COPYRIGHT] = g_param_spec_string ("copyright", NULL, NULL, "", rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdPhoto::changed:
   * @self: a #CdPhoto
   *
   * Emitted after any real change to the photo, once per change.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cd_photo_init (CdPhoto *self)
{
  self->file_path = g_strdup ("");
  self->content_hash = g_strdup ("");
  self->mime_type = g_strdup ("");
  self->original_name = g_strdup ("");
  self->caption = g_strdup ("");
  self->credit = g_strdup ("");
  self->alt_text = g_strdup ("");
  self->creator = g_strdup ("");
  self->source = g_strdup ("");
  self->copyright = g_strdup ("");
  self->remote_media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, remote_media_free);
}

/**
 * cd_photo_new:
 *
 * Returns: (transfer full): a new, empty photo with a fresh UUID
 */
CdPhoto *
cd_photo_new (void)
{
  return g_object_new (CD_TYPE_PHOTO, NULL);
}

/**
 * cd_photo_new_with_id:
 * @id: (nullable): the photo's UUID; %NULL makes a new one
 *
 * Returns: (transfer full): a new, empty photo
 */
CdPhoto *
cd_photo_new_with_id (const char *id)
{
  return g_object_new (CD_TYPE_PHOTO, "id", id, NULL);
}

/**
 * cd_photo_get_id:
 * @self: a #CdPhoto
 *
 * Returns: (transfer none): the photo's UUID
 */
const char *
cd_photo_get_id (CdPhoto *self)
{
  g_return_val_if_fail (CD_IS_PHOTO (self), NULL);

  return self->id;
}

#define DEFINE_TEXT_ACCESSORS(name, PROP)                       \
  const char *                                                  \
  cd_photo_get_##name (CdPhoto *self)                           \
  {                                                             \
    g_return_val_if_fail (CD_IS_PHOTO (self), NULL);            \
    return self->name;                                          \
  }                                                             \
  void                                                          \
  cd_photo_set_##name (CdPhoto    *self,                        \
                       const char *name)                        \
  {                                                             \
    g_return_if_fail (CD_IS_PHOTO (self));                      \
    set_text (self, &self->name, name, PROP);                   \
  }

/* Each getter returns (transfer none) a non-NULL string; each setter takes
 * (nullable) text, NULL meaning "".
 */
DEFINE_TEXT_ACCESSORS (file_path, PROP_FILE_PATH)
DEFINE_TEXT_ACCESSORS (content_hash, PROP_CONTENT_HASH)
DEFINE_TEXT_ACCESSORS (mime_type, PROP_MIME_TYPE)
DEFINE_TEXT_ACCESSORS (original_name, PROP_ORIGINAL_NAME)
DEFINE_TEXT_ACCESSORS (caption, PROP_CAPTION)
DEFINE_TEXT_ACCESSORS (credit, PROP_CREDIT)
DEFINE_TEXT_ACCESSORS (alt_text, PROP_ALT_TEXT)
DEFINE_TEXT_ACCESSORS (creator, PROP_CREATOR)
DEFINE_TEXT_ACCESSORS (source, PROP_SOURCE)
DEFINE_TEXT_ACCESSORS (copyright, PROP_COPYRIGHT)

#undef DEFINE_TEXT_ACCESSORS

/**
 * cd_photo_get_remote_media_id:
 * @self: a #CdPhoto
 * @account: an account name
 *
 * Returns: (transfer none) (nullable): the media id on @account's target
 */
const char *
cd_photo_get_remote_media_id (CdPhoto    *self,
                              const char *account)
{
  RemoteMedia *media;

  g_return_val_if_fail (CD_IS_PHOTO (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  media = g_hash_table_lookup (self->remote_media, account);
  return media != NULL ? media->media_id : NULL;
}

/**
 * cd_photo_get_remote_media_hash:
 * @self: a #CdPhoto
 * @account: an account name
 *
 * Returns: (transfer none) (nullable): the content hash uploaded to @account
 */
const char *
cd_photo_get_remote_media_hash (CdPhoto    *self,
                                const char *account)
{
  RemoteMedia *media;

  g_return_val_if_fail (CD_IS_PHOTO (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  media = g_hash_table_lookup (self->remote_media, account);
  return media != NULL ? media->uploaded_hash : NULL;
}

/**
 * cd_photo_set_remote_media:
 * @self: a #CdPhoto
 * @account: an account name
 * @media_id: (nullable): the remote media id; %NULL forgets the account
 * @uploaded_hash: (nullable): the content hash that was uploaded
 *
 * Records what @account's target holds of this photo. Emits ::changed on
 * a real change.
 */
void
cd_photo_set_remote_media (CdPhoto    *self,
                           const char *account,
                           const char *media_id,
                           const char *uploaded_hash)
{
  RemoteMedia *media;

  g_return_if_fail (CD_IS_PHOTO (self));
  g_return_if_fail (account != NULL);

  media = g_hash_table_lookup (self->remote_media, account);

  if (media_id == NULL)
    {
      if (media == NULL)
        return;
      g_hash_table_remove (self->remote_media, account);
    }
  else
    {
      if (media != NULL &&
          g_strcmp0 (media->media_id, media_id) == 0 &&
          g_strcmp0 (media->uploaded_hash, uploaded_hash) == 0)
        return;

      media = g_new0 (RemoteMedia, 1);
      media->media_id = g_strdup (media_id);
      media->uploaded_hash = g_strdup (uploaded_hash);
      g_hash_table_replace (self->remote_media, g_strdup (account), media);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * cd_photo_list_remote_accounts:
 * @self: a #CdPhoto
 *
 * Returns: (transfer container) (element-type utf8): the accounts that
 *   hold a copy of this photo, sorted by name
 */
GPtrArray *
cd_photo_list_remote_accounts (CdPhoto *self)
{
  GPtrArray *accounts;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (CD_IS_PHOTO (self), NULL);

  accounts = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->remote_media);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (accounts, key);
  g_ptr_array_sort (accounts, compare_strings);

  return accounts;
}
