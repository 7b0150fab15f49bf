/* cd-target.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-target"

#include "config.h"

#include "cd-target.h"
#include "cd-target-private.h"

/* The first retry waits about this long; each later one twice as long, up
 * to the cap. Jitter spreads the waits over [delay/2, delay].
 */
#define BACKOFF_BASE_MS  2000
#define BACKOFF_CAP_MS   (10 * 60 * 1000)

typedef struct
{
  guint  http_status;
  char  *server_code;
  guint  retry_after;
  gboolean never_retry;
} CdTargetErrorPrivate;

static void
cd_target_error_private_init (CdTargetErrorPrivate *priv)
{
  priv->http_status = 0;
  priv->server_code = NULL;
  priv->retry_after = 0;
  priv->never_retry = FALSE;
}

static void
cd_target_error_private_copy (const CdTargetErrorPrivate *src,
                              CdTargetErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->server_code = g_strdup (src->server_code);
  dest->retry_after = src->retry_after;
  dest->never_retry = src->never_retry;
}

static void
cd_target_error_private_clear (CdTargetErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
}

G_DEFINE_EXTENDED_ERROR (CdTargetError, cd_target_error)

G_DEFINE_INTERFACE (CdTarget, cd_target, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CdTargetMedia, cd_target_media,
                     cd_target_media_copy, cd_target_media_free)
G_DEFINE_BOXED_TYPE (CdTargetPushResult, cd_target_push_result,
                     cd_target_push_result_copy, cd_target_push_result_free)
G_DEFINE_BOXED_TYPE (CdTargetItem, cd_target_item,
                     cd_target_item_copy, cd_target_item_free)
G_DEFINE_BOXED_TYPE (CdTargetArchiveResult, cd_target_archive_result,
                     cd_target_archive_result_copy, cd_target_archive_result_free)

static void
cd_target_default_init (CdTargetInterface *iface)
{
  /**
   * CdTarget:account:
   *
   * The name of the account this target publishes to ("local", "newsroom-wp").
   */
  g_object_interface_install_property (iface,
                                       g_param_spec_string ("account", NULL, NULL,
                                                            NULL,
                                                            G_PARAM_READWRITE |
                                                            G_PARAM_CONSTRUCT_ONLY |
                                                            G_PARAM_STATIC_STRINGS));
}

/**
 * cd_target_media_new:
 * @photo_id: the photo's id
 * @media_id: the remote media id
 * @uploaded_hash: (nullable): the content hash stored under @media_id
 * @url: (nullable): where the target serves the image
 *
 * Returns: (transfer full): a new #CdTargetMedia
 */
CdTargetMedia *
cd_target_media_new (const char *photo_id,
                     const char *media_id,
                     const char *uploaded_hash,
                     const char *url)
{
  CdTargetMedia *media = g_new0 (CdTargetMedia, 1);

  media->photo_id = g_strdup (photo_id);
  media->media_id = g_strdup (media_id);
  media->uploaded_hash = g_strdup (uploaded_hash);
  media->url = g_strdup (url);

  return media;
}

CdTargetMedia *
cd_target_media_copy (const CdTargetMedia *media)
{
  g_return_val_if_fail (media != NULL, NULL);

  return cd_target_media_new (media->photo_id, media->media_id, media->uploaded_hash, media->url);
}

void
cd_target_media_free (CdTargetMedia *media)
{
  if (media == NULL)
    return;

  g_free (media->photo_id);
  g_free (media->media_id);
  g_free (media->uploaded_hash);
  g_free (media->url);
  g_free (media);
}

/**
 * cd_target_push_result_new:
 *
 * Returns: (transfer full): an empty #CdTargetPushResult
 */
CdTargetPushResult *
cd_target_push_result_new (void)
{
  CdTargetPushResult *result = g_new0 (CdTargetPushResult, 1);

  result->media = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_target_media_free);

  return result;
}

CdTargetPushResult *
cd_target_push_result_copy (const CdTargetPushResult *result)
{
  CdTargetPushResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = cd_target_push_result_new ();
  copy->remote_id = g_strdup (result->remote_id);
  copy->link = g_strdup (result->link);
  copy->modified = g_strdup (result->modified);
  copy->client_slug = g_strdup (result->client_slug);
  for (guint i = 0; i < result->media->len; i++)
    g_ptr_array_add (copy->media, cd_target_media_copy (g_ptr_array_index (result->media, i)));

  return copy;
}

void
cd_target_push_result_free (CdTargetPushResult *result)
{
  if (result == NULL)
    return;

  g_free (result->remote_id);
  g_free (result->link);
  g_free (result->modified);
  g_free (result->client_slug);
  g_ptr_array_unref (result->media);
  g_free (result);
}

/**
 * cd_target_item_new:
 *
 * Returns: (transfer full): an empty #CdTargetItem
 */
CdTargetItem *
cd_target_item_new (void)
{
  return g_new0 (CdTargetItem, 1);
}

CdTargetItem *
cd_target_item_copy (const CdTargetItem *item)
{
  CdTargetItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = cd_target_item_new ();
  copy->remote_id = g_strdup (item->remote_id);
  copy->title = g_strdup (item->title);
  copy->link = g_strdup (item->link);
  copy->date = g_strdup (item->date);
  copy->date_gmt = g_strdup (item->date_gmt);
  copy->modified_gmt = g_strdup (item->modified_gmt);
  copy->status = g_strdup (item->status);
  copy->tags = g_strdupv (item->tags);
  copy->content_raw = g_strdup (item->content_raw);
  copy->archived = item->archived;

  return copy;
}

void
cd_target_item_free (CdTargetItem *item)
{
  if (item == NULL)
    return;

  g_free (item->remote_id);
  g_free (item->title);
  g_free (item->link);
  g_free (item->date);
  g_free (item->date_gmt);
  g_free (item->modified_gmt);
  g_free (item->status);
  g_strfreev (item->tags);
  g_free (item->content_raw);
  g_free (item);
}

/**
 * cd_target_archive_result_new:
 * @remote_id: the remote id the result is about
 *
 * Returns: (transfer full): a result with no change and no error
 */
CdTargetArchiveResult *
cd_target_archive_result_new (const char *remote_id)
{
  CdTargetArchiveResult *result = g_new0 (CdTargetArchiveResult, 1);

  result->remote_id = g_strdup (remote_id);

  return result;
}

CdTargetArchiveResult *
cd_target_archive_result_copy (const CdTargetArchiveResult *result)
{
  CdTargetArchiveResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = cd_target_archive_result_new (result->remote_id);
  copy->changed = result->changed;
  copy->modified = g_strdup (result->modified);
  copy->error = result->error != NULL ? g_error_copy (result->error) : NULL;

  return copy;
}

void
cd_target_archive_result_free (CdTargetArchiveResult *result)
{
  if (result == NULL)
    return;

  g_free (result->remote_id);
  g_free (result->modified);
  g_clear_error (&result->error);
  g_free (result);
}

void
_cd_target_error_set_details (GError     *error,
                              guint       http_status,
                              const char *server_code,
                              guint       retry_after,
                              gboolean    never_retry)
{
  CdTargetErrorPrivate *priv;

  g_assert (error != NULL && error->domain == CD_TARGET_ERROR);

  priv = cd_target_error_get_private (error);
  priv->http_status = http_status;
  g_free (priv->server_code);
  priv->server_code = g_strdup (server_code);
  priv->retry_after = retry_after;
  priv->never_retry = never_retry;
}

/**
 * cd_target_error_get_retry_after:
 * @error: a #GError
 *
 * Returns: the seconds the server asked us to wait (Retry-After), or 0
 */
guint
cd_target_error_get_retry_after (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != CD_TARGET_ERROR)
    return 0;

  return cd_target_error_get_private (error)->retry_after;
}

/**
 * cd_target_error_get_http_status:
 * @error: a #GError
 *
 * Returns: the HTTP status behind @error, or 0 when there was no answer
 */
guint
cd_target_error_get_http_status (const GError *error)
{
  g_return_val_if_fail (error != NULL, 0);

  if (error->domain != CD_TARGET_ERROR)
    return 0;

  return cd_target_error_get_private (error)->http_status;
}

/**
 * cd_target_error_get_server_code:
 * @error: a #GError
 *
 * Returns: (nullable) (transfer none): the server's machine-readable error
 *   code, e.g. "rest_upload_sideload_error"
 */
const char *
cd_target_error_get_server_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != CD_TARGET_ERROR)
    return NULL;

  return cd_target_error_get_private (error)->server_code;
}

/**
 * cd_target_error_should_retry:
 * @error: the error of a failed attempt
 * @attempt: how many attempts failed before this one (0 for the first)
 * @delay_ms: (out) (optional): how long to wait before the next attempt
 *
 * Timeouts, network errors, 5xx and rate limits are retried: after the
 * server's Retry-After when it gave one, else with exponential backoff and
 * jitter. Everything else (auth, 4xx, conflicts, cancellation) is not.
 *
 * Returns: %TRUE if the publisher should try again
 */
gboolean
cd_target_error_should_retry (const GError *error,
                              guint         attempt,
                              guint        *delay_ms)
{
  CdTargetErrorPrivate *priv;
  guint64 delay;

  g_return_val_if_fail (error != NULL, FALSE);

  if (delay_ms != NULL)
    *delay_ms = 0;

  if (error->domain != CD_TARGET_ERROR)
    return FALSE;

  priv = cd_target_error_get_private (error);

  switch ((CdTargetError) error->code)
    {
    case CD_TARGET_ERROR_NETWORK:
    case CD_TARGET_ERROR_TIMEOUT:
    case CD_TARGET_ERROR_SERVER:
    case CD_TARGET_ERROR_RATE_LIMITED:
      if (priv->never_retry)
        return FALSE;
      break;

    case CD_TARGET_ERROR_AUTH:
    case CD_TARGET_ERROR_REJECTED:
    case CD_TARGET_ERROR_CONFLICT:
    case CD_TARGET_ERROR_MISMATCH:
    case CD_TARGET_ERROR_INVALID:
    default:
      return FALSE;
    }

  if (priv->retry_after > 0)
    {
      delay = (guint64) priv->retry_after * 1000;
    }
  else
    {
      delay = (guint64) BACKOFF_BASE_MS << MIN (attempt, 20);
      delay = MIN (delay, BACKOFF_CAP_MS);
      delay = delay / 2 + (guint64) g_random_int_range (0, (gint32) (delay / 2) + 1);
    }

  if (delay_ms != NULL)
    *delay_ms = (guint) MIN (delay, G_MAXUINT);

  return TRUE;
}

/**
 * cd_target_choose_client_slug:
 * @story: a #CdStory
 *
 * The slug to record before the first create, so that a create whose answer
 * was lost can be found again instead of repeated: the story's effective
 * slug and a short piece of its id.
 *
 * Returns: (transfer full): the slug
 */
char *
cd_target_choose_client_slug (CdStory *story)
{
  g_autoptr(GString) suffix = g_string_new (NULL);
  const char *slug;
  const char *id;

  g_return_val_if_fail (CD_IS_STORY (story), NULL);

  id = cd_story_get_id (story);
  for (const char *p = id; *p != '\0' && suffix->len < 8; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (suffix, g_ascii_tolower (*p));

  slug = cd_story_get_effective_slug (story);
  if (slug == NULL || *slug == '\0')
    slug = "story";

  /* WordPress caps post_name at 200 bytes; keep well under it. */
  return g_strdup_printf ("%.*s-%s", 80, slug, suffix->str);
}

/**
 * cd_target_get_account:
 * @self: a #CdTarget
 *
 * Returns: (transfer none): the account name this target publishes to
 */
const char *
cd_target_get_account (CdTarget *self)
{
  g_return_val_if_fail (CD_IS_TARGET (self), NULL);

  return CD_TARGET_GET_IFACE (self)->get_account (self);
}

/**
 * cd_target_push_story_async:
 * @self: a #CdTarget
 * @story: the story to create or update remotely
 * @format: the house style for caption credits
 * @flags: #CdTargetPushFlags
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Creates or updates the remote copy of @story, photos first. The story's
 * #CdRemote for this account says which remote copy (and its last known
 * modified time); the story itself is not changed.
 */
void
cd_target_push_story_async (CdTarget            *self,
                            CdStory             *story,
                            CdCreditFormat       format,
                            CdTargetPushFlags    flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (CD_IS_TARGET (self));
  g_return_if_fail (CD_IS_STORY (story));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  CD_TARGET_GET_IFACE (self)->push_story_async (self, story, format, flags,
                                                cancellable, callback, user_data);
}

/**
 * cd_target_push_story_finish:
 * @self: a #CdTarget
 * @result: the #GAsyncResult
 * @error: return location for a #CD_TARGET_ERROR
 *
 * Returns: (transfer full): what the push left on the target, or %NULL
 */
CdTargetPushResult *
cd_target_push_story_finish (CdTarget      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (CD_IS_TARGET (self), NULL);

  return CD_TARGET_GET_IFACE (self)->push_story_finish (self, result, error);
}

/**
 * cd_target_list_published_async:
 * @self: a #CdTarget
 * @modified_after: (nullable): only pieces modified after this time
 * @with_content: whether to fetch each piece's raw content
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists every published (or scheduled) piece, all pages of it.
 */
void
cd_target_list_published_async (CdTarget            *self,
                                GDateTime           *modified_after,
                                gboolean             with_content,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (CD_IS_TARGET (self));

  CD_TARGET_GET_IFACE (self)->list_published_async (self, modified_after, with_content,
                                                    cancellable, callback, user_data);
}

/**
 * cd_target_list_published_finish:
 * @self: a #CdTarget
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type CdTargetItem): the pieces, or %NULL
 */
GPtrArray *
cd_target_list_published_finish (CdTarget      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (CD_IS_TARGET (self), NULL);

  return CD_TARGET_GET_IFACE (self)->list_published_finish (self, result, error);
}

/**
 * cd_target_archive_async:
 * @self: a #CdTarget
 * @remote_ids: (array zero-terminated=1): the pieces to archive
 * @expected_modified: (nullable) (array zero-terminated=1): for each piece,
 *   its modified time when it was listed; a piece changed since is skipped
 *   and reported with %CD_TARGET_ERROR_CONFLICT. "" or %NULL skips the check.
 * @notice: the archived notice's text
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Marks each piece archived (notice and marker); idempotent per piece.
 */
void
cd_target_archive_async (CdTarget            *self,
                         const char * const  *remote_ids,
                         const char * const  *expected_modified,
                         const char          *notice,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (CD_IS_TARGET (self));
  g_return_if_fail (remote_ids != NULL);
  g_return_if_fail (expected_modified == NULL ||
                    g_strv_length ((char **) expected_modified) == g_strv_length ((char **) remote_ids));
  g_return_if_fail (notice != NULL);

  CD_TARGET_GET_IFACE (self)->set_archived_async (self, remote_ids, expected_modified, TRUE,
                                                  notice, cancellable, callback, user_data);
}

/**
 * cd_target_archive_finish:
 * @self: a #CdTarget
 * @result: the #GAsyncResult
 * @error: return location for a #GError (for the run as a whole)
 *
 * Returns: (transfer full) (element-type CdTargetArchiveResult): one result
 *   per remote id, in order, or %NULL when the run failed as a whole
 */
GPtrArray *
cd_target_archive_finish (CdTarget      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CD_IS_TARGET (self), NULL);

  return CD_TARGET_GET_IFACE (self)->set_archived_finish (self, result, error);
}

/**
 * cd_target_unarchive_async:
 * @self: a #CdTarget
 * @remote_ids: (array zero-terminated=1): the pieces to unarchive
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Removes the notice and the marker, restoring each piece byte for byte.
 */
void
cd_target_unarchive_async (CdTarget            *self,
                           const char * const  *remote_ids,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (CD_IS_TARGET (self));
  g_return_if_fail (remote_ids != NULL);

  CD_TARGET_GET_IFACE (self)->set_archived_async (self, remote_ids, NULL, FALSE, NULL,
                                                  cancellable, callback, user_data);
}

/**
 * cd_target_unarchive_finish:
 * @self: a #CdTarget
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type CdTargetArchiveResult): one result
 *   per remote id, in order, or %NULL
 */
GPtrArray *
cd_target_unarchive_finish (CdTarget      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (CD_IS_TARGET (self), NULL);

  return CD_TARGET_GET_IFACE (self)->set_archived_finish (self, result, error);
}

/**
 * cd_target_test_connection_async:
 * @self: a #CdTarget
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Checks that the target is reachable and accepts our credentials.
 */
void
cd_target_test_connection_async (CdTarget            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (CD_IS_TARGET (self));

  CD_TARGET_GET_IFACE (self)->test_connection_async (self, cancellable, callback, user_data);
}

/**
 * cd_target_test_connection_finish:
 * @self: a #CdTarget
 * @result: the #GAsyncResult
 * @error: return location for a #GError, its message in plain words
 *
 * Returns: (transfer full): a short description of what we reached (the
 *   user name, the folder), or %NULL on failure
 */
char *
cd_target_test_connection_finish (CdTarget      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (CD_IS_TARGET (self), NULL);

  return CD_TARGET_GET_IFACE (self)->test_connection_finish (self, result, error);
}
