/* cd-syncer.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-syncer"

#include "config.h"

#include "cd-html-markdown.h"
#include "cd-render.h"
#include "cd-story-private.h"
#include "cd-syncer.h"
#include "cd-wordpress-json.h"

/* Sync: brings what an account's site has published into the library, so
 * the sidebar shows everything that is live, including pieces written
 * elsewhere.
 *
 * The rule for a piece the library already holds:
 * - a story that a sync wrote and nobody has edited since (its headline and
 *   body still hash to what the sync wrote) takes the site's content, link
 *   and modified time;
 * - any other story (written in Copydesk, or edited here since the last
 *   sync) keeps its content and its remote modified time, the base the
 *   publisher detects conflicts with; only the link and the listed modified
 *   time (what archiving compares with) follow the site.
 * Either way a Published or Archived story takes the site's archived state;
 * a story in the editor's hands (Draft, Ready, Queued…) keeps its status.
 */

struct _CdSyncer
{
  GObject    parent_instance;

  CdLibrary *library;
  CdTarget  *target;
};

G_DEFINE_FINAL_TYPE (CdSyncer, cd_syncer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  CdSyncStats  stats;
  char        *old_mark;
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_free (data->old_mark);
  g_free (data);
}

static gboolean
remote_equal (const CdRemote *a,
              const CdRemote *b)
{
  return g_strcmp0 (a->remote_id, b->remote_id) == 0 &&
         g_strcmp0 (a->link, b->link) == 0 &&
         g_strcmp0 (a->modified, b->modified) == 0;
}

/* The story for a piece the library has not seen. */
static CdStory *
new_story (const char   *account,
           CdTargetItem *item,
           const char   *headline,
           const char   *body)
{
  g_autoptr(GDateTime) published = cd_syncer_parse_utc (item->date_gmt);
  g_autoptr(GDateTime) modified = cd_syncer_parse_utc (item->modified_gmt);
  g_autoptr(CdRemote) remote = cd_remote_new (account);
  CdStory *story = cd_story_new ();

  cd_story_set_headline (story, headline);
  cd_story_set_body (story, body);
  cd_story_set_first_published (story, published);
  remote->remote_id = g_strdup (item->remote_id);
  remote->link = g_strdup (item->link);
  remote->modified = g_strdup (item->modified_gmt);
  cd_story_set_remote (story, remote);

  /* The sidebar orders by these: the site's times, not the sync's. */
  if (published != NULL)
    _cd_story_set_created (story, published);
  if (modified != NULL)
    _cd_story_set_updated (story, modified);

  return story;
}

/* Applies @item to a story the library holds; TRUE if anything moved. */
static gboolean
update_story (CdSyncer      *self,
              CdStory       *story,
              CdTargetItem  *item,
              const char    *headline,
              const char    *body,
              CdStatus      *status,
              char         **hash,
              SyncData      *data,
              GError       **error)
{
  const char *account = cd_target_get_account (self->target);
  const CdRemote *old = cd_story_get_remote (story, account);
  g_autoptr(CdRemote) remote = old != NULL ? cd_remote_copy (old) : cd_remote_new (account);
  g_autofree char *synced_hash = NULL;
  g_autofree char *local_hash = NULL;
  g_autofree char *site_hash = cd_syncer_content_hash (headline, body);
  CdStatus current = cd_story_get_status (story);
  gboolean changed = FALSE;
  gboolean clean;

  cd_library_get_synced (self->library, cd_story_get_id (story), NULL, &synced_hash, error);
  if (error != NULL && *error != NULL)
    return FALSE;

  local_hash = cd_syncer_content_hash (cd_story_get_headline (story), cd_story_get_body (story));
  clean = synced_hash != NULL && g_str_equal (synced_hash, local_hash);

  if (clean)
    {
      if (!g_str_equal (local_hash, site_hash))
        {
          cd_story_set_headline (story, headline);
          cd_story_set_body (story, body);
          changed = TRUE;
        }
      *hash = g_steal_pointer (&site_hash);
      g_free (remote->modified);
      remote->modified = g_strdup (item->modified_gmt);
    }
  else if (!g_str_equal (local_hash, site_hash))
    {
      data->stats.kept_local++;
    }

  g_free (remote->remote_id);
  remote->remote_id = g_strdup (item->remote_id);
  g_free (remote->link);
  remote->link = g_strdup (item->link);
  if (old == NULL || !remote_equal (old, remote))
    {
      cd_story_set_remote (story, remote);
      changed = TRUE;
    }

  if (cd_story_get_first_published (story) == NULL)
    {
      g_autoptr(GDateTime) published = cd_syncer_parse_utc (item->date_gmt);

      if (published != NULL)
        {
          cd_story_set_first_published (story, published);
          changed = TRUE;
        }
    }

  if (current == CD_STATUS_PUBLISHED || current == CD_STATUS_ARCHIVED)
    *status = item->archived ? CD_STATUS_ARCHIVED : CD_STATUS_PUBLISHED;
  else
    *status = current;
  changed |= *status != current;

  return changed;
}

static gboolean
apply_items (CdSyncer   *self,
             GPtrArray  *items,
             SyncData   *data,
             GError    **error)
{
  const char *account = cd_target_get_account (self->target);
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (CdStatus));
  g_autoptr(GPtrArray) listed = g_ptr_array_new ();
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  const char *mark = data->old_mark;

  for (guint i = 0; i < items->len; i++)
    {
      CdTargetItem *item = g_ptr_array_index (items, i);
      g_autofree char *headline = cd_wp_unescape_html (item->title != NULL ? item->title : "");
      g_autofree char *clean = cd_render_remove_archived_notice (item->content_raw != NULL
                                                                 ? item->content_raw : "");
      g_autofree char *body = NULL;
      g_autofree char *story_id = NULL;
      g_autoptr(CdStory) story = NULL;
      char *hash = NULL;
      CdStatus status = item->archived ? CD_STATUS_ARCHIVED : CD_STATUS_PUBLISHED;

      if (item->remote_id == NULL)
        continue;
      data->stats.listed++;
      if (item->modified_gmt != NULL && g_strcmp0 (item->modified_gmt, mark) > 0)
        mark = item->modified_gmt;

      body = cd_html_to_markdown (clean, -1, NULL);
      g_strstrip (body);

      story_id = cd_library_find_remote (self->library, account, item->remote_id, error);
      if (error != NULL && *error != NULL)
        return FALSE;

      if (story_id == NULL)
        {
          story = new_story (account, item, headline, body);
          hash = cd_syncer_content_hash (cd_story_get_headline (story), cd_story_get_body (story));
          data->stats.added++;
        }
      else
        {
          story = cd_library_load_story (self->library, story_id, error);
          if (story == NULL)
            return FALSE;
          if (update_story (self, story, item, headline, body, &status, &hash, data, error))
            data->stats.updated++;
          else if (error != NULL && *error != NULL)
            return FALSE;
        }

      g_ptr_array_add (stories, g_steal_pointer (&story));
      g_array_append_val (statuses, status);
      g_ptr_array_add (listed, item->modified_gmt);
      g_ptr_array_add (hashes, hash);
    }

  return cd_library_save_synced (self->library, account, stories, (CdStatus *) statuses->data,
                                 (const char * const *) listed->pdata,
                                 (const char * const *) hashes->pdata,
                                 mark != data->old_mark ? mark : NULL, error);
}

static void
list_published_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdSyncer *self = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  items = cd_target_list_published_finish (CD_TARGET (object), result, &error);
  if (items == NULL || !apply_items (self, items, data, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
cd_syncer_dispose (GObject *object)
{
  CdSyncer *self = (CdSyncer *)object;

  g_clear_object (&self->library);
  g_clear_object (&self->target);

  G_OBJECT_CLASS (cd_syncer_parent_class)->dispose (object);
}

static void
cd_syncer_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CdSyncer *self = CD_SYNCER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, cd_syncer_get_library (self));
      break;
    case PROP_TARGET:
      g_value_set_object (value, cd_syncer_get_target (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_syncer_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CdSyncer *self = CD_SYNCER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;
    case PROP_TARGET:
      self->target = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_syncer_class_init (CdSyncerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_syncer_dispose;
  object_class->get_property = cd_syncer_get_property;
  object_class->set_property = cd_syncer_set_property;

  /**
   * CdSyncer:library:
   *
   * The library the site's pieces go into.
   */
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, CD_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CdSyncer:target:
   *
   * The account's target the pieces are listed from.
   */
  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, CD_TYPE_TARGET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_syncer_init (CdSyncer *self)
{
}

/**
 * cd_syncer_new:
 * @library: the library
 * @target: the account's target
 *
 * Returns: (transfer full): a new #CdSyncer
 */
CdSyncer *
cd_syncer_new (CdLibrary *library,
               CdTarget  *target)
{
  g_return_val_if_fail (CD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (CD_IS_TARGET (target), NULL);

  return g_object_new (CD_TYPE_SYNCER, "library", library, "target", target, NULL);
}

/**
 * cd_syncer_get_library:
 * @self: a #CdSyncer
 *
 * Returns: (transfer none): the library
 */
CdLibrary *
cd_syncer_get_library (CdSyncer *self)
{
  g_return_val_if_fail (CD_IS_SYNCER (self), NULL);

  return self->library;
}

/**
 * cd_syncer_get_target:
 * @self: a #CdSyncer
 *
 * Returns: (transfer none): the target
 */
CdTarget *
cd_syncer_get_target (CdSyncer *self)
{
  g_return_val_if_fail (CD_IS_SYNCER (self), NULL);

  return self->target;
}

/**
 * cd_syncer_content_hash:
 * @headline: a headline
 * @body: a Markdown body
 *
 * Returns: (transfer full): the hash a sync records for this content
 */
char *
cd_syncer_content_hash (const char *headline,
                        const char *body)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (headline != NULL && body != NULL, NULL);

  g_checksum_update (checksum, (const guchar *) headline, -1);
  g_checksum_update (checksum, (const guchar *) "", 1);
  g_checksum_update (checksum, (const guchar *) body, -1);

  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * cd_syncer_parse_utc:
 * @text: (nullable): a time as WordPress's `*_gmt` fields write it
 *
 * Reads a time without a zone as UTC (WordPress's `date` and `modified`,
 * without `_gmt`, are site-local and must not be read here).
 *
 * Returns: (transfer full) (nullable): the time, or %NULL if unreadable
 */
GDateTime *
cd_syncer_parse_utc (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (text == NULL || *text == '\0')
    return NULL;

  return g_date_time_new_from_iso8601 (text, utc);
}

/**
 * cd_syncer_sync_async:
 * @self: a #CdSyncer
 * @full: list everything, not only what changed since the last sync
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the account's published pieces (since the last sync's mark, less
 * a second, unless @full) and writes them into the library in one
 * transaction, with the new mark.
 */
void
cd_syncer_sync_async (CdSyncer            *self,
                      gboolean             full,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) after = NULL;
  GError *error = NULL;
  SyncData *data;

  g_return_if_fail (CD_IS_SYNCER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_syncer_sync_async);
  data = g_new0 (SyncData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) sync_data_free);

  data->old_mark = cd_library_get_sync_mark (self->library, cd_target_get_account (self->target),
                                             &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!full && data->old_mark != NULL)
    {
      g_autoptr(GDateTime) mark = cd_syncer_parse_utc (data->old_mark);

      /* A second back: a piece changed within the mark's second after the
       * last listing is listed again rather than missed.
       */
      if (mark != NULL)
        after = g_date_time_add_seconds (mark, -1);
    }

  cd_target_list_published_async (self->target, after, TRUE, cancellable,
                                  list_published_cb, g_steal_pointer (&task));
}

/**
 * cd_syncer_sync_finish:
 * @self: a #CdSyncer
 * @result: the #GAsyncResult
 * @stats: (out caller-allocates) (optional): what the sync did
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
cd_syncer_sync_finish (CdSyncer      *self,
                       GAsyncResult  *result,
                       CdSyncStats   *stats,
                       GError       **error)
{
  SyncData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (stats != NULL)
    *stats = data->stats;

  return g_task_propagate_boolean (G_TASK (result), error);
}
