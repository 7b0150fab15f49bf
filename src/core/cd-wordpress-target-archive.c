/* cd-wordpress-target-archive.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-wordpress-target"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-render.h"
#include "cd-wordpress-json.h"
#include "cd-wordpress-target-private.h"

/* Listing the published posts and archiving them: the WordPress target's
 * half that the archiver and the sync use.
 */

/* --- list --------------------------------------------------------------- */

typedef struct
{
  char       *modified_after;  /* what the site is asked for, with slack */
  GDateTime  *after;           /* what the caller asked for */
  gboolean    with_content;
  guint       page;
  GPtrArray  *posts;           /* CdWpPost */
  gint64      archived_tag;
  GHashTable *tag_names;       /* gint64* -> name */
  GArray     *missing_tags;    /* gint64 */
  guint       tag_offset;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->modified_after);
  g_clear_pointer (&data->after, g_date_time_unref);
  g_clear_pointer (&data->posts, g_ptr_array_unref);
  g_clear_pointer (&data->tag_names, g_hash_table_unref);
  g_clear_pointer (&data->missing_tags, g_array_unref);
  g_free (data);
}

static void list_next_page (GTask *task);
static void list_next_tags (GTask *task);

static gboolean
modified_after (const char *modified_gmt,
                GDateTime  *after)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (modified_gmt, utc);

  return when == NULL || g_date_time_compare (when, after) > 0;
}

static void
list_finish_items (GTask *task)
{
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_target_item_free);

  for (guint i = 0; i < data->posts->len; i++)
    {
      CdWpPost *post = g_ptr_array_index (data->posts, i);
      g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
      CdTargetItem *item;

      if (data->after != NULL && !modified_after (post->modified_gmt, data->after))
        continue;

      item = cd_target_item_new ();
      item->remote_id = _cd_wordpress_id_to_string (post->id);
      item->title = g_strdup (post->title_rendered);
      item->link = g_strdup (post->link);
      item->date = g_strdup (post->date);
      item->date_gmt = g_strdup (post->date_gmt);
      item->modified_gmt = g_strdup (post->modified_gmt);
      item->status = g_strdup (post->status);
      item->content_raw = g_strdup (post->content_raw);
      for (guint j = 0; j < post->tags->len; j++)
        {
          gint64 id = g_array_index (post->tags, gint64, j);
          const char *name = g_hash_table_lookup (data->tag_names, &id);

          if (id == data->archived_tag && data->archived_tag != 0)
            item->archived = TRUE;
          if (name != NULL)
            g_strv_builder_add (tags, name);
        }
      item->tags = g_strv_builder_end (tags);
      if (item->content_raw != NULL && cd_render_has_archived_notice (item->content_raw))
        item->archived = TRUE;
      g_ptr_array_add (items, item);
    }

  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_tags_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) terms = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (CD_WORDPRESS_TARGET (object), result, &error);
  if (node == NULL || (terms = cd_wp_terms_from_json (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < terms->len; i++)
    {
      CdWpTerm *term = g_ptr_array_index (terms, i);

      g_hash_table_insert (data->tag_names, g_memdup2 (&term->id, sizeof term->id),
                           cd_wp_unescape_html (term->name));
    }

  list_next_tags (task);
}

static void
list_next_tags (GTask *task)
{
  CdWordpressTarget *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GString) query = NULL;
  guint end;

  if (data->tag_offset >= data->missing_tags->len)
    {
      list_finish_items (task);
      g_object_unref (task);
      return;
    }

  end = MIN (data->tag_offset + LIST_PAGE_SIZE, data->missing_tags->len);
  query = g_string_new ("per_page=100&_fields=id,name&include=");
  for (guint i = data->tag_offset; i < end; i++)
    g_string_append_printf (query, "%s%" G_GINT64_FORMAT, i > data->tag_offset ? "," : "",
                            g_array_index (data->missing_tags, gint64, i));
  data->tag_offset = end;

  _cd_wordpress_target_request_async (self, "GET", "/wp/v2/tags", query->str, NULL, g_task_get_cancellable (task),
                 list_tags_cb, task);
}

static void
list_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  ListData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (CD_WORDPRESS_TARGET (object), result, &error);
  if (node == NULL || (posts = cd_wp_posts_from_json (node, &error)) == NULL)
    {
      /* Past the last page WordPress answers 400 rest_post_invalid_page_number. */
      if (data->page > 1 && g_strcmp0 (cd_target_error_get_server_code (error),
                                       "rest_post_invalid_page_number") == 0)
        {
          g_clear_error (&error);
          list_next_tags (task);
          return;
        }
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < posts->len; i++)
    {
      CdWpPost *post = g_ptr_array_index (posts, i);

      for (guint j = 0; j < post->tags->len; j++)
        {
          gint64 id = g_array_index (post->tags, gint64, j);

          if (!g_hash_table_contains (data->tag_names, &id))
            {
              g_hash_table_insert (data->tag_names, g_memdup2 (&id, sizeof id), NULL);
              g_array_append_val (data->missing_tags, id);
            }
        }
    }
  g_ptr_array_extend_and_steal (data->posts, g_steal_pointer (&posts));

  if (json_array_get_length (json_node_get_array (node)) < LIST_PAGE_SIZE)
    {
      list_next_tags (task);
      return;
    }

  data->page++;
  list_next_page (task);
}

static void
list_next_page (GTask *task)
{
  CdWordpressTarget *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GString) query = g_string_new (NULL);

  g_string_append_printf (query, "status=publish,future&per_page=%u&page=%u&orderby=id&order=asc",
                          LIST_PAGE_SIZE, data->page);
  g_string_append (query, "&_fields=id,title,link,date,date_gmt,modified_gmt,status,tags,slug");
  /* content.raw alone: WordPress then skips rendering the content through
   * its filters, the most expensive part of a listing.
   */
  if (data->with_content)
    g_string_append (query, ",content.raw&context=edit");
  if (data->modified_after != NULL)
    g_string_append_printf (query, "&modified_after=%s", data->modified_after);

  _cd_wordpress_target_request_async (self, "GET", "/wp/v2/posts", query->str, NULL, g_task_get_cancellable (task),
                 list_page_cb, task);
}

static void
list_archived_tag_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  ListData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->archived_tag = _cd_wordpress_target_resolve_tag_finish (CD_WORDPRESS_TARGET (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  list_next_page (task);
}

static void
list_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  GTask *task = user_data;
  GError *error = NULL;

  if (!_cd_wordpress_target_ensure_api_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  _cd_wordpress_target_resolve_tag_async (self, ARCHIVED_TAG, FALSE, g_task_get_cancellable (task),
                     list_archived_tag_cb, task);
}

void
_cd_wordpress_target_list_published_async (CdTarget            *target,
                                          GDateTime           *after,
                                          gboolean             with_content,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (target);
  GTask *task;
  ListData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _cd_wordpress_target_list_published_async);

  data = g_new0 (ListData, 1);
  data->with_content = with_content;
  data->page = 1;
  data->posts = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_wp_post_free);
  data->tag_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  data->missing_tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (after != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (after);
      g_autoptr(GDateTime) early = g_date_time_add_seconds (utc, -TZ_SLACK_SECONDS);

      data->after = g_date_time_ref (utc);
      data->modified_after = g_date_time_format (early, "%Y-%m-%dT%H:%M:%S");
    }
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  _cd_wordpress_target_ensure_api_async (self, cancellable, list_ready_cb, task);
}

GPtrArray *
_cd_wordpress_target_list_published_finish (CdTarget      *target,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, target), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- archive ------------------------------------------------------------ */

/* A write's answer needs only these; rendering the whole post back costs
 * the server more than the write.
 */
#define WRITE_FIELDS "_fields=id,modified_gmt,tags"

typedef struct
{
  gboolean    archived;
  char       *notice;
  GStrv       ids;
  GStrv       expected;       /* nullable */
  GPtrArray  *results;        /* CdTargetArchiveResult, one per id */
  GHashTable *current;        /* id -> CdWpPost */
  gint64      tag_id;
  guint       fetch_offset;
  GPtrArray  *writes;         /* (element-type guint) indices into ids, as pointers */
  guint       write_offset;
  guint       in_flight;
  GPtrArray  *sent_tags;      /* GArray of gint64 per id, nullable: what a write sent */
  gboolean   *again;          /* per id: the site did not store the tags sent */
  gboolean    redoing;
} ArchiveData;

static void
archive_data_free (ArchiveData *data)
{
  g_free (data->notice);
  g_strfreev (data->ids);
  g_strfreev (data->expected);
  g_clear_pointer (&data->results, g_ptr_array_unref);
  g_clear_pointer (&data->current, g_hash_table_unref);
  g_clear_pointer (&data->writes, g_ptr_array_unref);
  g_clear_pointer (&data->sent_tags, g_ptr_array_unref);
  g_free (data->again);
  g_free (data);
}

static void archive_fetch_next (GTask *task);
static void archive_write_more (GTask *task);
static void archive_redo       (GTask *task);

/* Whether @index takes part in this round: all ids at first, then only
 * those written again.
 */
static gboolean
archive_in_round (ArchiveData *data,
                  guint        index)
{
  return !data->redoing || data->again[index];
}

static CdTargetArchiveResult *
archive_result_at (ArchiveData *data,
                   guint        index)
{
  return g_ptr_array_index (data->results, index);
}

static void
sent_tags_free (GArray *tags)
{
  if (tags != NULL)
    g_array_unref (tags);
}

static void
archive_remember_sent (ArchiveData *data,
                       guint        index,
                       GArray      *tags)
{
  sent_tags_free (g_ptr_array_index (data->sent_tags, index));
  g_ptr_array_index (data->sent_tags, index) = g_array_ref (tags);
}

/* The post's new content and tags, or FALSE when it is already as wanted. */
static gboolean
archive_compute (ArchiveData *data,
                 CdWpPost    *post,
                 char       **content,
                 GArray     **tags)
{
  const char *raw = post->content_raw != NULL ? post->content_raw : "";
  gboolean has_tag = FALSE;

  for (guint i = 0; i < post->tags->len; i++)
    has_tag |= data->tag_id != 0 && g_array_index (post->tags, gint64, i) == data->tag_id;

  if (data->archived)
    *content = cd_render_add_archived_notice (raw, data->notice);
  else
    *content = cd_render_remove_archived_notice (raw);

  if (g_str_equal (*content, raw) && has_tag == data->archived)
    {
      g_clear_pointer (content, g_free);
      return FALSE;
    }

  *tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < post->tags->len; i++)
    {
      gint64 id = g_array_index (post->tags, gint64, i);

      if (id != data->tag_id || data->tag_id == 0)
        g_array_append_val (*tags, id);
    }
  if (data->archived)
    g_array_append_val (*tags, data->tag_id);

  return TRUE;
}

static JsonNode *
archive_body (const char *content,
              GArray     *tags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tags->len; i++)
    json_builder_add_int_value (builder, g_array_index (tags, gint64, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
archive_record_post (ArchiveData *data,
                     guint        index,
                     JsonNode    *node,
                     GError      *error)
{
  CdTargetArchiveResult *result = archive_result_at (data, index);
  g_autoptr(CdWpPost) post = NULL;

  if (error == NULL)
    post = cd_wp_post_from_json (node, &error);

  if (post == NULL)
    {
      result->error = error;
      return;
    }

  /* WordPress drops an unknown tag id without a word, and a garbled or
   * canned answer can parse as some other post: what it stored is what it
   * sends back. A wrong remembered id for the Archived tag would leave the
   * notice without the tag, so look the tag up afresh and write once more.
   */
  if (post->id != g_ascii_strtoll (data->ids[index], NULL, 10) ||
      !_cd_wordpress_same_tags (g_ptr_array_index (data->sent_tags, index), post->tags))
    {
      if (!data->redoing)
        {
          data->again[index] = TRUE;
          return;
        }
      result->error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_MISMATCH,
                                   /* Translators: the placeholder is a post id */
                                   _("The site stored other tags on post %s than the ones sent"),
                                   data->ids[index]);
      return;
    }

  result->changed = TRUE;
  g_free (result->modified);
  result->modified = g_strdup (post->modified_gmt);
}

static void
archive_done_one (GTask *task)
{
  ArchiveData *data = g_task_get_task_data (task);

  data->in_flight--;
  if (data->write_offset < data->writes->len)
    {
      archive_write_more (task);
      return;
    }

  if (data->in_flight == 0)
    {
      if (!data->redoing)
        for (guint i = 0; data->ids[i] != NULL; i++)
          if (data->again[i])
            {
              archive_redo (task);
              return;
            }
      g_task_return_pointer (task, g_steal_pointer (&data->results),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
    }
}

/* Takes @error. In the first round it fails the whole call; when writing
 * again, only the ids written again, the others keep what they got.
 */
static void
archive_fail (GTask  *task,
              GError *error)
{
  ArchiveData *data = g_task_get_task_data (task);

  if (!data->redoing)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  for (guint i = 0; data->ids[i] != NULL; i++)
    if (data->again[i] && archive_result_at (data, i)->error == NULL)
      archive_result_at (data, i)->error = g_error_copy (error);
  g_error_free (error);
  g_task_return_pointer (task, g_steal_pointer (&data->results),
                         (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

typedef struct
{
  GTask *task;
  guint  first;  /* offset into writes */
  guint  count;
} WriteJob;

static void
archive_single_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  WriteJob *job = user_data;
  ArchiveData *data = g_task_get_task_data (job->task);
  guint index = GPOINTER_TO_UINT (g_ptr_array_index (data->writes, job->first));
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (CD_WORDPRESS_TARGET (object), result, &error);
  archive_record_post (data, index, node, error);
  archive_done_one (job->task);
  g_free (job);
}

static void
archive_batch_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  WriteJob *job = user_data;
  ArchiveData *data = g_task_get_task_data (job->task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  node = _cd_wordpress_target_request_finish (CD_WORDPRESS_TARGET (object), result, &error);
  if (node != NULL)
    items = cd_wp_batch_reply_from_json (node, job->count, &error);

  for (guint i = 0; i < job->count; i++)
    {
      guint index = GPOINTER_TO_UINT (g_ptr_array_index (data->writes, job->first + i));
      CdWpBatchItem *item;

      if (items == NULL)
        {
          archive_result_at (data, index)->error = g_error_copy (error);
          continue;
        }

      item = g_ptr_array_index (items, i);
      if (item->status >= 200 && item->status < 300)
        {
          archive_record_post (data, index, item->body, NULL);
        }
      else
        {
          g_autofree char *text = item->body != NULL ? json_to_string (item->body, FALSE) : NULL;
          g_autoptr(GBytes) bytes = text != NULL ? g_bytes_new (text, strlen (text)) : NULL;

          archive_result_at (data, index)->error = cd_wp_error_from_response (item->status, bytes, NULL);
        }
    }

  archive_done_one (job->task);
  g_free (job);
}

static void
archive_write_more (GTask *task)
{
  CdWordpressTarget *self = g_task_get_source_object (task);
  ArchiveData *data = g_task_get_task_data (task);

  while (data->in_flight < self->max_parallel && data->write_offset < data->writes->len)
    {
      WriteJob *job = g_new0 (WriteJob, 1);
      guint count = self->has_batch ? MIN (BATCH_MAX, data->writes->len - data->write_offset) : 1;

      job->task = task;
      job->first = data->write_offset;
      job->count = count;
      data->write_offset += count;
      data->in_flight++;

      if (self->has_batch)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) body = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "requests");
          json_builder_begin_array (builder);
          for (guint i = 0; i < count; i++)
            {
              guint index = GPOINTER_TO_UINT (g_ptr_array_index (data->writes, job->first + i));
              CdWpPost *post = g_hash_table_lookup (data->current, data->ids[index]);
              g_autofree char *content = NULL;
              g_autofree char *path = g_strdup_printf ("/wp/v2/posts/%s?" WRITE_FIELDS, data->ids[index]);
              g_autoptr(GArray) tags = NULL;

              archive_compute (data, post, &content, &tags);
              archive_remember_sent (data, index, tags);
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "method");
              json_builder_add_string_value (builder, "POST");
              json_builder_set_member_name (builder, "path");
              json_builder_add_string_value (builder, path);
              json_builder_set_member_name (builder, "body");
              json_builder_add_value (builder, archive_body (content, tags));
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          body = json_builder_get_root (builder);

          _cd_wordpress_target_request_async (self, "POST", "/batch/v1", NULL, body, g_task_get_cancellable (task),
                         archive_batch_cb, job);
        }
      else
        {
          guint index = GPOINTER_TO_UINT (g_ptr_array_index (data->writes, job->first));
          CdWpPost *post = g_hash_table_lookup (data->current, data->ids[index]);
          g_autofree char *content = NULL;
          g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%s", data->ids[index]);
          g_autoptr(GArray) tags = NULL;
          g_autoptr(JsonNode) body = NULL;

          archive_compute (data, post, &content, &tags);
          archive_remember_sent (data, index, tags);
          body = archive_body (content, tags);
          _cd_wordpress_target_request_async (self, "POST", route, WRITE_FIELDS, body,
                                              g_task_get_cancellable (task), archive_single_cb, job);
        }
    }
}

static void
archive_plan_writes (GTask *task)
{
  ArchiveData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->writes, g_ptr_array_unref);
  data->writes = g_ptr_array_new ();
  data->write_offset = 0;
  for (guint i = 0; data->ids[i] != NULL; i++)
    {
      CdTargetArchiveResult *result = archive_result_at (data, i);
      CdWpPost *post = g_hash_table_lookup (data->current, data->ids[i]);
      g_autofree char *content = NULL;
      g_autoptr(GArray) tags = NULL;

      if (result->error != NULL || !archive_in_round (data, i))
        continue;

      if (post == NULL)
        {
          result->error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED,
                                       /* Translators: the placeholder is a post id */
                                       _("Post %s is not on the site"), data->ids[i]);
          continue;
        }

      /* Already as wanted: nothing to clobber. This is also how a retry
       * after a lost answer ends, when our own write moved the modified time.
       */
      if (!archive_compute (data, post, &content, &tags))
        {
          result->modified = g_strdup (post->modified_gmt);
          continue;
        }

      /* Only the tag to set right, the content as the site has it: nothing
       * of an edit to clobber. This is how a write whose tag the site
       * dropped is mended, though that write moved the modified time.
       */
      if (data->expected != NULL && data->expected[i][0] != '\0' &&
          g_strcmp0 (data->expected[i], post->modified_gmt) != 0 &&
          !g_str_equal (content, post->content_raw != NULL ? post->content_raw : ""))
        {
          result->error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_CONFLICT,
                                       /* Translators: the placeholder is a post id */
                                       _("Post %s was edited on the site since it was listed; "
                                         "it was left as it is"), data->ids[i]);
          continue;
        }

      g_ptr_array_add (data->writes, GUINT_TO_POINTER (i));
    }

  if (data->writes->len == 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&data->results),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  archive_write_more (task);
}

static void
archive_fetch_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  ArchiveData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  GError *error = NULL;

  node = _cd_wordpress_target_request_finish (CD_WORDPRESS_TARGET (object), result, &error);
  if (node == NULL || (posts = cd_wp_posts_from_json (node, &error)) == NULL)
    {
      archive_fail (task, error);
      return;
    }

  while (posts->len > 0)
    {
      CdWpPost *post = g_ptr_array_steal_index (posts, 0);

      g_hash_table_replace (data->current, _cd_wordpress_id_to_string (post->id), post);
    }

  archive_fetch_next (task);
}

static void
archive_fetch_next (GTask *task)
{
  CdWordpressTarget *self = g_task_get_source_object (task);
  ArchiveData *data = g_task_get_task_data (task);
  g_autoptr(GString) query = NULL;
  guint n = g_strv_length (data->ids);
  guint end;

  if (data->fetch_offset >= n)
    {
      archive_plan_writes (task);
      return;
    }

  end = MIN (data->fetch_offset + LIST_PAGE_SIZE, n);
  query = g_string_new ("status=any&context=edit&per_page=100"
                        "&_fields=id,modified_gmt,content.raw,tags,status&include=");
  for (guint i = data->fetch_offset; i < end; i++)
    {
      CdTargetArchiveResult *result = archive_result_at (data, i);
      char *endp = NULL;

      if (!archive_in_round (data, i))
        continue;

      g_ascii_strtoll (data->ids[i], &endp, 10);
      if (*data->ids[i] == '\0' || *endp != '\0')
        {
          result->error = g_error_new (CD_TARGET_ERROR, CD_TARGET_ERROR_INVALID,
                                       /* Translators: what was given as a post id */
                                       _("“%s” is not a WordPress post id"), data->ids[i]);
          continue;
        }
      g_string_append_printf (query, "%s,", data->ids[i]);
    }
  data->fetch_offset = end;

  if (g_str_has_suffix (query->str, "="))
    {
      archive_fetch_next (task);
      return;
    }
  g_string_truncate (query, query->len - 1);

  _cd_wordpress_target_request_async (self, "GET", "/wp/v2/posts", query->str, NULL, g_task_get_cancellable (task),
                 archive_fetch_cb, task);
}

static void
archive_tag_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  ArchiveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->tag_id = _cd_wordpress_target_resolve_tag_finish (CD_WORDPRESS_TARGET (object), result, &error);
  if (error != NULL)
    {
      archive_fail (task, error);
      return;
    }

  archive_fetch_next (task);
}

/* Some writes came back with other tags than the ones sent: forget the
 * remembered tag ids, look the tag up afresh and write those posts again,
 * from what the site has now.
 */
static void
archive_redo (GTask *task)
{
  CdWordpressTarget *self = g_task_get_source_object (task);
  ArchiveData *data = g_task_get_task_data (task);

  g_debug ("Writing posts again whose tags the site did not store");
  g_hash_table_remove_all (self->tag_ids);
  data->redoing = TRUE;
  data->fetch_offset = 0;
  _cd_wordpress_target_resolve_tag_async (self, ARCHIVED_TAG, data->archived, g_task_get_cancellable (task),
                                          archive_tag_cb, task);
}

static void
archive_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (object);
  GTask *task = user_data;
  ArchiveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!_cd_wordpress_target_ensure_api_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  _cd_wordpress_target_resolve_tag_async (self, ARCHIVED_TAG, data->archived, g_task_get_cancellable (task),
                     archive_tag_cb, task);
}

void
_cd_wordpress_target_set_archived_async (CdTarget            *target,
                                        const char * const  *remote_ids,
                                        const char * const  *expected_modified,
                                        gboolean             archived,
                                        const char          *notice,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  CdWordpressTarget *self = CD_WORDPRESS_TARGET (target);
  GTask *task;
  ArchiveData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _cd_wordpress_target_set_archived_async);

  data = g_new0 (ArchiveData, 1);
  data->archived = archived;
  data->notice = g_strdup (notice);
  data->ids = g_strdupv ((char **) remote_ids);
  data->expected = g_strdupv ((char **) expected_modified);
  data->results = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_target_archive_result_free);
  data->sent_tags = g_ptr_array_new_with_free_func ((GDestroyNotify) sent_tags_free);
  for (guint i = 0; remote_ids[i] != NULL; i++)
    {
      g_ptr_array_add (data->results, cd_target_archive_result_new (remote_ids[i]));
      g_ptr_array_add (data->sent_tags, NULL);
    }
  data->again = g_new0 (gboolean, data->results->len + 1);
  data->current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) cd_wp_post_free);
  g_task_set_task_data (task, data, (GDestroyNotify) archive_data_free);

  _cd_wordpress_target_ensure_api_async (self, cancellable, archive_ready_cb, task);
}

GPtrArray *
_cd_wordpress_target_set_archived_finish (CdTarget      *target,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, target), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
