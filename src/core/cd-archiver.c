/* cd-archiver.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-archiver"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-archiver.h"
#include "cd-status.h"

/* The archiver: which published pieces are old enough, and the sweep that
 * marks them archived (or undoes it).
 *
 * A sweep first puts one outbox entry per story in the library, in one
 * transaction, then drains the account's due entries of its kind through
 * the target, up to CHUNK_SIZE pieces per target call and max-parallel
 * calls at once. Each result is written as it comes: the entry done and the
 * story Archived (or Published), or the entry failed for good, or pending
 * again after a backoff. A sweep that stops half-way (quit, crash, network)
 * leaves pending (or running, reset when the library is next opened)
 * entries that the next sweep of the same kind drains; the target checks
 * each piece's current content first, so nothing is done twice.
 */

/* One target call: the WordPress target fetches 100 posts per request. */
#define CHUNK_SIZE          100
#define DEFAULT_MAX_PARALLEL 2
#define MAX_ATTEMPTS        10
/* While waiting for a retry, look at the cancellable this often. */
#define POLL_MS             500

struct _CdArchiver
{
  GObject    parent_instance;

  CdLibrary *library;
  CdTarget  *target;
  char      *notice;
  guint      max_parallel;
  guint      max_retry_delay;
};

G_DEFINE_FINAL_TYPE (CdArchiver, cd_archiver, G_TYPE_OBJECT)

G_DEFINE_QUARK (cd-archiver-error-quark, cd_archiver_error)

G_DEFINE_BOXED_TYPE (CdArchivePiece, cd_archive_piece, cd_archive_piece_copy, cd_archive_piece_free)
G_DEFINE_BOXED_TYPE (CdArchiveReport, cd_archive_report, cd_archive_report_copy, cd_archive_report_free)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_TARGET,
  PROP_NOTICE,
  PROP_MAX_PARALLEL,
  PROP_MAX_RETRY_DELAY,
  N_PROPS
};

enum {
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  CdOutboxKind     kind;
  char            *notice;
  GQueue           queue;      /* CdOutboxEntry, due and not yet claimed */
  guint            in_flight;
  guint            total;
  guint            done;
  gboolean         counted;
  gboolean         returned;
  CdArchiveReport *report;
} SweepData;

typedef struct
{
  GTask     *task;
  GPtrArray *entries;   /* CdOutboxEntry, claimed */
  GPtrArray *stories;   /* CdStory, one per entry */
  GPtrArray *expected;  /* utf8, one per entry: the modified time sent */
} Chunk;

static void
sweep_data_free (SweepData *data)
{
  g_free (data->notice);
  g_queue_clear_full (&data->queue, (GDestroyNotify) cd_outbox_entry_free);
  g_clear_pointer (&data->report, cd_archive_report_free);
  g_free (data);
}

static void
chunk_free (Chunk *chunk)
{
  g_clear_object (&chunk->task);
  g_clear_pointer (&chunk->entries, g_ptr_array_unref);
  g_clear_pointer (&chunk->stories, g_ptr_array_unref);
  g_clear_pointer (&chunk->expected, g_ptr_array_unref);
  g_free (chunk);
}

static CdArchiveReport *
report_new (void)
{
  CdArchiveReport *report = g_new0 (CdArchiveReport, 1);

  report->failures = g_ptr_array_new_with_free_func (g_free);

  return report;
}

static void refill (GTask *task);

static void
return_once (GTask  *task,
             GError *error)
{
  SweepData *data = g_task_get_task_data (task);

  if (data->returned)
    {
      g_clear_error (&error);
      return;
    }
  data->returned = TRUE;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&data->report),
                           (GDestroyNotify) cd_archive_report_free);
}

static void
record_failure (SweepData    *data,
                const char   *story_id,
                const GError *error)
{
  g_ptr_array_add (data->report->failures, g_strdup_printf ("%s: %s", story_id, error->message));
}

/* Gives the entry up (next_attempt_at 0) or puts it back for later. */
static gboolean
fail_entry (CdArchiver    *self,
            CdOutboxEntry *entry,
            const GError  *reason,
            gint64         next_attempt_at,
            GError       **error)
{
  return cd_library_fail (self->library, entry->id, reason->message, next_attempt_at,
                          CD_LIBRARY_STATUS_UNCHANGED, error);
}

static void
progress (CdArchiver *self,
          SweepData  *data,
          guint       finished)
{
  data->done += finished;
  g_signal_emit (self, signals[PROGRESS], 0, data->done, MAX (data->total, data->done));
}

static void
chunk_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Chunk *chunk = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&chunk->task);
  CdArchiver *self = g_task_get_source_object (task);
  SweepData *data = g_task_get_task_data (task);
  gboolean archive = data->kind == CD_OUTBOX_KIND_ARCHIVE;
  CdStatus wanted = archive ? CD_STATUS_ARCHIVED : CD_STATUS_PUBLISHED;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) call_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) done_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) done_statuses = g_array_new (FALSE, FALSE, sizeof (CdStatus));
  g_autoptr(GPtrArray) done_listed = g_ptr_array_new ();
  gint64 now = g_get_real_time ();
  guint finished = 0;

  if (archive)
    results = cd_target_archive_finish (CD_TARGET (object), result, &call_error);
  else
    results = cd_target_unarchive_finish (CD_TARGET (object), result, &call_error);

  data->in_flight--;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                         _("The sweep was stopped"));

      /* Back in the queue for the next sweep, as after a crash. */
      for (guint i = 0; i < chunk->entries->len; i++)
        fail_entry (self, g_ptr_array_index (chunk->entries, i), cancelled, now, NULL);
      chunk_free (chunk);
      return_once (task, g_steal_pointer (&cancelled));
      return;
    }

  for (guint i = 0; i < chunk->entries->len; i++)
    {
      CdOutboxEntry *entry = g_ptr_array_index (chunk->entries, i);
      CdStory *story = g_ptr_array_index (chunk->stories, i);
      CdTargetArchiveResult *item = results != NULL ? g_ptr_array_index (results, i) : NULL;
      const GError *item_error = item != NULL ? item->error : call_error;
      guint delay_ms = 0;

      if (item_error == NULL)
        {
          const char *account = cd_target_get_account (self->target);
          const CdRemote *remote = cd_story_get_remote (story, account);
          const char *expected = g_ptr_array_index (chunk->expected, i);
          CdStatus current = cd_story_get_status (story);
          CdStatus status = CD_LIBRARY_STATUS_UNCHANGED;

          /* Our own write moved the modified time: follow it, unless the
           * publisher's base was already behind the site.
           */
          if (remote != NULL && item->modified != NULL &&
              g_strcmp0 (remote->modified, expected) == 0)
            {
              g_autoptr(CdRemote) copy = cd_remote_copy (remote);

              g_free (copy->modified);
              copy->modified = g_strdup (item->modified);
              cd_story_set_remote (story, copy);
            }

          if (current != wanted && cd_status_can_transition (current, wanted))
            status = wanted;
          if (item->changed)
            data->report->changed++;
          else
            data->report->unchanged++;

          g_array_append_val (done_ids, entry->id);
          g_array_append_val (done_statuses, status);
          g_ptr_array_add (done_listed, item->modified);
          finished++;
          continue;
        }

      if (g_error_matches (item_error, CD_TARGET_ERROR, CD_TARGET_ERROR_CONFLICT))
        {
          data->report->skipped++;
          record_failure (data, entry->story_id, item_error);
          fail_entry (self, entry, item_error, 0, &error);
          finished++;
        }
      else if (entry->attempts < MAX_ATTEMPTS &&
               cd_target_error_should_retry (item_error, entry->attempts - 1, &delay_ms))
        {
          if (self->max_retry_delay > 0)
            delay_ms = MIN (delay_ms, self->max_retry_delay);
          g_debug ("%s: retrying in %u ms: %s", entry->story_id, delay_ms, item_error->message);
          fail_entry (self, entry, item_error, now + (gint64) delay_ms * 1000, &error);
        }
      else
        {
          data->report->failed++;
          record_failure (data, entry->story_id, item_error);
          fail_entry (self, entry, item_error, 0, &error);
          finished++;
        }

      if (error != NULL)
        break;
    }

  if (error == NULL && done_ids->len > 0)
    cd_library_complete_many (self->library, (gint64 *) done_ids->data,
                              (CdStatus *) done_statuses->data,
                              (const char * const *) done_listed->pdata, done_ids->len, &error);

  chunk_free (chunk);

  if (error != NULL)
    {
      return_once (task, g_steal_pointer (&error));
      return;
    }

  progress (self, data, finished);
  refill (task);
}

/* Claims up to CHUNK_SIZE queued entries and hands them to the target. */
static void
send_chunk (GTask *task)
{
  CdArchiver *self = g_task_get_source_object (task);
  SweepData *data = g_task_get_task_data (task);
  const char *account = cd_target_get_account (self->target);
  g_autoptr(GPtrArray) taken = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_outbox_entry_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) claimed = NULL;
  g_autoptr(GStrvBuilder) remote_ids = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) expected = g_strv_builder_new ();
  g_auto(GStrv) remote_strv = NULL;
  g_auto(GStrv) expected_strv = NULL;
  g_autoptr(GError) error = NULL;
  Chunk *chunk;
  guint finished = 0;

  while (taken->len < CHUNK_SIZE && !g_queue_is_empty (&data->queue))
    {
      CdOutboxEntry *entry = g_queue_pop_head (&data->queue);

      g_ptr_array_add (taken, entry);
      g_array_append_val (ids, entry->id);
    }

  if (!cd_library_claim_many (self->library, (gint64 *) ids->data, ids->len, &claimed, &error))
    {
      return_once (task, g_steal_pointer (&error));
      return;
    }

  chunk = g_new0 (Chunk, 1);
  chunk->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_outbox_entry_free);
  chunk->stories = g_ptr_array_new_with_free_func (g_object_unref);
  chunk->expected = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0, j = 0; i < taken->len && j < claimed->len; i++)
    {
      CdOutboxEntry *entry = g_ptr_array_index (taken, i);
      g_autoptr(CdStory) story = NULL;
      g_autoptr(GError) story_error = NULL;
      g_autofree char *listed = NULL;
      const CdRemote *remote;

      if (entry->id != g_array_index (claimed, gint64, j))
        continue;
      j++;
      entry->attempts++;

      story = cd_library_load_story (self->library, entry->story_id, &story_error);
      remote = story != NULL ? cd_story_get_remote (story, account) : NULL;
      if (story != NULL && (remote == NULL || remote->remote_id == NULL))
        story_error = g_error_new (CD_ARCHIVER_ERROR, CD_ARCHIVER_ERROR_NOT_ELIGIBLE,
                                   /* Translators: the placeholder is an account name */
                                   _("The story is not published on “%s”"), account);
      if (story_error != NULL)
        {
          data->report->failed++;
          record_failure (data, entry->story_id, story_error);
          if (!fail_entry (self, entry, story_error, 0, &error))
            break;
          finished++;
          continue;
        }

      /* What the site had when the piece was last listed; without a sync,
       * what the last push left.
       */
      cd_library_get_synced (self->library, entry->story_id, &listed, NULL, NULL);
      g_strv_builder_add (remote_ids, remote->remote_id);
      g_strv_builder_add (expected, listed != NULL ? listed :
                                    remote->modified != NULL ? remote->modified : "");
      g_ptr_array_add (chunk->expected, g_strdup (listed != NULL ? listed : remote->modified));
      g_ptr_array_add (chunk->stories, g_steal_pointer (&story));
      g_ptr_array_add (chunk->entries, g_steal_pointer (&g_ptr_array_index (taken, i)));
    }

  if (error != NULL)
    {
      chunk_free (chunk);
      return_once (task, g_steal_pointer (&error));
      return;
    }
  if (finished > 0)
    progress (self, data, finished);

  if (chunk->entries->len == 0)
    {
      chunk_free (chunk);
      return;
    }

  chunk->task = g_object_ref (task);
  data->in_flight++;
  remote_strv = g_strv_builder_end (remote_ids);
  expected_strv = g_strv_builder_end (expected);

  if (data->kind == CD_OUTBOX_KIND_ARCHIVE)
    cd_target_archive_async (self->target, (const char * const *) remote_strv,
                             (const char * const *) expected_strv, data->notice,
                             g_task_get_cancellable (task), chunk_cb, chunk);
  else
    cd_target_unarchive_async (self->target, (const char * const *) remote_strv,
                               g_task_get_cancellable (task), chunk_cb, chunk);
}

static gboolean
retry_due_cb (gpointer user_data)
{
  GTask *task = user_data;

  refill (task);

  return G_SOURCE_REMOVE;
}

/* Queues the due entries when the queue is empty, sends chunks while there
 * is room, and ends the sweep when nothing of its kind is left pending.
 */
static void
refill (GTask *task)
{
  CdArchiver *self = g_task_get_source_object (task);
  SweepData *data = g_task_get_task_data (task);
  const char *account = cd_target_get_account (self->target);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  gint64 next = G_MAXINT64;

  if (data->returned)
    return;

  if (g_task_return_error_if_cancelled (task))
    {
      data->returned = TRUE;
      return;
    }

  if (g_queue_is_empty (&data->queue))
    {
      g_autoptr(GPtrArray) pending = cd_library_list_due (self->library, G_MAXINT64, 0, &error);
      guint n_pending = 0;

      if (pending == NULL)
        {
          return_once (task, g_steal_pointer (&error));
          return;
        }

      for (guint i = 0; i < pending->len; i++)
        {
          CdOutboxEntry *entry = g_ptr_array_index (pending, i);

          if (entry->kind != data->kind || g_strcmp0 (entry->account, account) != 0)
            continue;
          n_pending++;
          if (entry->next_attempt_at <= now)
            g_queue_push_tail (&data->queue, cd_outbox_entry_copy (entry));
          else
            next = MIN (next, entry->next_attempt_at);
        }

      if (!data->counted)
        {
          data->counted = TRUE;
          data->total = n_pending;
          g_signal_emit (self, signals[PROGRESS], 0, 0, data->total);
        }
    }

  while (data->in_flight < self->max_parallel && !g_queue_is_empty (&data->queue) && !data->returned)
    send_chunk (task);

  if (data->returned || data->in_flight > 0 || !g_queue_is_empty (&data->queue))
    return;

  if (next != G_MAXINT64)
    {
      guint wait_ms = (guint) MIN ((next - now) / 1000 + 1, POLL_MS);

      g_timeout_add_full (G_PRIORITY_DEFAULT, wait_ms, retry_due_cb, g_object_ref (task),
                          g_object_unref);
      return;
    }

  return_once (task, NULL);
}

static void
start_sweep (CdArchiver          *self,
             CdOutboxKind         kind,
             const char * const  *story_ids,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();
  const char *account = cd_target_get_account (self->target);
  CdStatus from = kind == CD_OUTBOX_KIND_ARCHIVE ? CD_STATUS_PUBLISHED : CD_STATUS_ARCHIVED;
  CdStatus to = kind == CD_OUTBOX_KIND_ARCHIVE ? CD_STATUS_ARCHIVED : CD_STATUS_PUBLISHED;
  GError *error = NULL;
  SweepData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  data = g_new0 (SweepData, 1);
  data->kind = kind;
  data->notice = g_strdup (cd_archiver_get_notice (self));
  g_queue_init (&data->queue);
  data->report = report_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) sweep_data_free);

  /* Check every story first: a bad one queues nothing. */
  for (guint i = 0; story_ids != NULL && story_ids[i] != NULL; i++)
    {
      g_autoptr(CdStory) story = cd_library_load_story (self->library, story_ids[i], &error);
      const CdRemote *remote;
      CdStatus status;

      if (story == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      remote = cd_story_get_remote (story, account);
      status = cd_story_get_status (story);
      if (status == to && remote != NULL && remote->remote_id != NULL)
        {
          data->report->unchanged++;
          continue;
        }
      if (status != from || remote == NULL || remote->remote_id == NULL)
        {
          g_task_return_new_error (task, CD_ARCHIVER_ERROR, CD_ARCHIVER_ERROR_NOT_ELIGIBLE,
                                   kind == CD_OUTBOX_KIND_ARCHIVE
                                   /* Translators: the first placeholder is a headline, the
                                    * second an account name */
                                   ? _("“%1$s” is not published on “%2$s”; only published stories can be archived")
                                   /* Translators: the first placeholder is a headline, the
                                    * second an account name */
                                   : _("“%1$s” is not archived on “%2$s”"),
                                   cd_story_get_headline (story), account);
          return;
        }
      g_ptr_array_add (queue, (gpointer) story_ids[i]);
    }
  g_ptr_array_add (queue, NULL);

  if (!cd_library_enqueue_many (self->library, (const char * const *) queue->pdata, account, kind,
                                &error))
    {
      g_task_return_error (task, error);
      return;
    }

  refill (task);
}

static CdArchiveReport *
finish_sweep (CdArchiver    *self,
              GAsyncResult  *result,
              gpointer       source_tag,
              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cd_archiver_dispose (GObject *object)
{
  CdArchiver *self = (CdArchiver *)object;

  g_clear_object (&self->library);
  g_clear_object (&self->target);

  G_OBJECT_CLASS (cd_archiver_parent_class)->dispose (object);
}

static void
cd_archiver_finalize (GObject *object)
{
  CdArchiver *self = (CdArchiver *)object;

  g_free (self->notice);

  G_OBJECT_CLASS (cd_archiver_parent_class)->finalize (object);
}

static void
cd_archiver_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CdArchiver *self = CD_ARCHIVER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, cd_archiver_get_library (self));
      break;
    case PROP_TARGET:
      g_value_set_object (value, cd_archiver_get_target (self));
      break;
    case PROP_NOTICE:
      g_value_set_string (value, cd_archiver_get_notice (self));
      break;
    case PROP_MAX_PARALLEL:
      g_value_set_uint (value, cd_archiver_get_max_parallel (self));
      break;
    case PROP_MAX_RETRY_DELAY:
      g_value_set_uint (value, cd_archiver_get_max_retry_delay (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_archiver_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CdArchiver *self = CD_ARCHIVER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;
    case PROP_TARGET:
      self->target = g_value_dup_object (value);
      break;
    case PROP_NOTICE:
      cd_archiver_set_notice (self, g_value_get_string (value));
      break;
    case PROP_MAX_PARALLEL:
      cd_archiver_set_max_parallel (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RETRY_DELAY:
      cd_archiver_set_max_retry_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_archiver_class_init (CdArchiverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_archiver_dispose;
  object_class->finalize = cd_archiver_finalize;
  object_class->get_property = cd_archiver_get_property;
  object_class->set_property = cd_archiver_set_property;

  /**
   * CdArchiver:library:
   *
   * The library whose stories and outbox the sweeps use.
   */
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, CD_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CdArchiver:target:
   *
   * The account's target.
   */
  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, CD_TYPE_TARGET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CdArchiver:notice:
   *
   * The text of the archived notice; "" stands for the default sentence.
   */
  properties[PROP_NOTICE] =
    g_param_spec_string ("notice", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CdArchiver:max-parallel:
   *
   * How many target calls (of up to 100 pieces each) run at once.
   */
  properties[PROP_MAX_PARALLEL] =
    g_param_spec_uint ("max-parallel", NULL, NULL, 1, 16, DEFAULT_MAX_PARALLEL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CdArchiver:max-retry-delay:
   *
   * The longest wait in milliseconds before an entry is tried again, even
   * when the server asked for more; 0 for no cap.
   */
  properties[PROP_MAX_RETRY_DELAY] =
    g_param_spec_uint ("max-retry-delay", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdArchiver::progress:
   * @self: the archiver
   * @done: pieces finished (changed, unchanged, skipped or given up)
   * @total: pieces in the sweep
   *
   * Emitted when a sweep starts and after each target call.
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
cd_archiver_init (CdArchiver *self)
{
  self->notice = g_strdup ("");
  self->max_parallel = DEFAULT_MAX_PARALLEL;
}

/**
 * cd_archive_piece_copy:
 * @piece: a #CdArchivePiece
 *
 * Returns: (transfer full): a copy of @piece
 */
CdArchivePiece *
cd_archive_piece_copy (const CdArchivePiece *piece)
{
  CdArchivePiece *copy;

  g_return_val_if_fail (piece != NULL, NULL);

  copy = g_new0 (CdArchivePiece, 1);
  copy->story_id = g_strdup (piece->story_id);
  copy->remote_id = g_strdup (piece->remote_id);
  copy->title = g_strdup (piece->title);
  copy->published = piece->published != NULL ? g_date_time_ref (piece->published) : NULL;

  return copy;
}

/**
 * cd_archive_piece_free:
 * @piece: (nullable): a #CdArchivePiece
 *
 * Frees @piece.
 */
void
cd_archive_piece_free (CdArchivePiece *piece)
{
  if (piece == NULL)
    return;

  g_free (piece->story_id);
  g_free (piece->remote_id);
  g_free (piece->title);
  g_clear_pointer (&piece->published, g_date_time_unref);
  g_free (piece);
}

/**
 * cd_archive_report_copy:
 * @report: a #CdArchiveReport
 *
 * Returns: (transfer full): a copy of @report
 */
CdArchiveReport *
cd_archive_report_copy (const CdArchiveReport *report)
{
  CdArchiveReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = report_new ();
  copy->changed = report->changed;
  copy->unchanged = report->unchanged;
  copy->skipped = report->skipped;
  copy->failed = report->failed;
  for (guint i = 0; i < report->failures->len; i++)
    g_ptr_array_add (copy->failures, g_strdup (g_ptr_array_index (report->failures, i)));

  return copy;
}

/**
 * cd_archive_report_free:
 * @report: (nullable): a #CdArchiveReport
 *
 * Frees @report.
 */
void
cd_archive_report_free (CdArchiveReport *report)
{
  if (report == NULL)
    return;

  g_ptr_array_unref (report->failures);
  g_free (report);
}

/**
 * cd_archiver_get_default_notice:
 *
 * Returns: (transfer none): the archived notice's default text, translated
 */
const char *
cd_archiver_get_default_notice (void)
{
  /* Translators: the archived notice, put at the top of an archived piece */
  return _("This is an archived article and the information in the article may be outdated. "
           "Please look at the time stamp on the story to see when it was last updated.");
}

/**
 * cd_archiver_parse_age:
 * @text: an age: a number and d (days), m (months) or y (years), "365d"
 * @age: (out): the number
 * @unit: (out): the unit
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @text is an age
 */
gboolean
cd_archiver_parse_age (const char        *text,
                       guint             *age,
                       CdArchiveAgeUnit  *unit,
                       GError           **error)
{
  guint64 value = 0;
  char *end = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (age != NULL && unit != NULL, FALSE);

  if (g_ascii_isdigit (*text))
    value = g_ascii_strtoull (text, &end, 10);

  if (end == NULL || end == text || value == 0 || value > 100000 ||
      end[0] == '\0' || end[1] != '\0' || strchr ("dmy", end[0]) == NULL)
    {
      g_set_error (error, CD_ARCHIVER_ERROR, CD_ARCHIVER_ERROR_INVALID_AGE,
                   /* Translators: the placeholder is what the user typed; keep
                    * 365d, 12m and 2y as they are */
                   _("“%s” is not an age; write a number of days, months or years, such as 365d, 12m or 2y"),
                   text);
      return FALSE;
    }

  *age = (guint) value;
  *unit = end[0] == 'd' ? CD_ARCHIVE_AGE_UNIT_DAYS
        : end[0] == 'm' ? CD_ARCHIVE_AGE_UNIT_MONTHS
        : CD_ARCHIVE_AGE_UNIT_YEARS;

  return TRUE;
}

/**
 * cd_archiver_get_cutoff:
 * @now: the time to count back from
 * @age: how many units
 * @unit: the unit
 *
 * Returns: (transfer full): @now less @age @unit: pieces first published
 *   before it are old enough
 */
GDateTime *
cd_archiver_get_cutoff (GDateTime        *now,
                        guint             age,
                        CdArchiveAgeUnit  unit)
{
  g_return_val_if_fail (now != NULL, NULL);

  switch (unit)
    {
    case CD_ARCHIVE_AGE_UNIT_MONTHS:
      return g_date_time_add_months (now, -(int) age);
    case CD_ARCHIVE_AGE_UNIT_YEARS:
      return g_date_time_add_years (now, -(int) age);
    case CD_ARCHIVE_AGE_UNIT_DAYS:
    default:
      return g_date_time_add_days (now, -(int) age);
    }
}

/**
 * cd_archiver_new:
 * @library: the library
 * @target: the account's target
 *
 * Returns: (transfer full): a new #CdArchiver
 */
CdArchiver *
cd_archiver_new (CdLibrary *library,
                 CdTarget  *target)
{
  g_return_val_if_fail (CD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (CD_IS_TARGET (target), NULL);

  return g_object_new (CD_TYPE_ARCHIVER, "library", library, "target", target, NULL);
}

/**
 * cd_archiver_get_library:
 * @self: a #CdArchiver
 *
 * Returns: (transfer none): the library
 */
CdLibrary *
cd_archiver_get_library (CdArchiver *self)
{
  g_return_val_if_fail (CD_IS_ARCHIVER (self), NULL);

  return self->library;
}

/**
 * cd_archiver_get_target:
 * @self: a #CdArchiver
 *
 * Returns: (transfer none): the target
 */
CdTarget *
cd_archiver_get_target (CdArchiver *self)
{
  g_return_val_if_fail (CD_IS_ARCHIVER (self), NULL);

  return self->target;
}

/**
 * cd_archiver_get_notice:
 * @self: a #CdArchiver
 *
 * Returns: (transfer none): the notice's text the sweeps use: the
 *   "notice" property, or the default sentence when it is ""
 */
const char *
cd_archiver_get_notice (CdArchiver *self)
{
  g_return_val_if_fail (CD_IS_ARCHIVER (self), NULL);

  return self->notice[0] != '\0' ? self->notice : cd_archiver_get_default_notice ();
}

/**
 * cd_archiver_set_notice:
 * @self: a #CdArchiver
 * @notice: (nullable): the notice's text; "" or %NULL for the default
 *
 * Sets the text of the archived notice.
 */
void
cd_archiver_set_notice (CdArchiver *self,
                        const char *notice)
{
  g_return_if_fail (CD_IS_ARCHIVER (self));

  if (notice == NULL)
    notice = "";
  if (g_strcmp0 (self->notice, notice) == 0)
    return;

  g_free (self->notice);
  self->notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

/**
 * cd_archiver_get_max_parallel:
 * @self: a #CdArchiver
 *
 * Returns: how many target calls run at once
 */
guint
cd_archiver_get_max_parallel (CdArchiver *self)
{
  g_return_val_if_fail (CD_IS_ARCHIVER (self), 0);

  return self->max_parallel;
}

/**
 * cd_archiver_set_max_parallel:
 * @self: a #CdArchiver
 * @max_parallel: how many target calls run at once, 1 to 16
 *
 * Bounds the sweep's parallelism.
 */
void
cd_archiver_set_max_parallel (CdArchiver *self,
                              guint       max_parallel)
{
  g_return_if_fail (CD_IS_ARCHIVER (self));
  g_return_if_fail (max_parallel >= 1 && max_parallel <= 16);

  if (self->max_parallel == max_parallel)
    return;

  self->max_parallel = max_parallel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_PARALLEL]);
}

/**
 * cd_archiver_get_max_retry_delay:
 * @self: a #CdArchiver
 *
 * Returns: the longest wait before a retry in milliseconds, 0 for no cap
 */
guint
cd_archiver_get_max_retry_delay (CdArchiver *self)
{
  g_return_val_if_fail (CD_IS_ARCHIVER (self), 0);

  return self->max_retry_delay;
}

/**
 * cd_archiver_set_max_retry_delay:
 * @self: a #CdArchiver
 * @max_retry_delay_ms: the longest wait before a retry, even when the
 *   server asked for more (Retry-After); 0 for no cap
 */
void
cd_archiver_set_max_retry_delay (CdArchiver *self,
                                 guint       max_retry_delay_ms)
{
  g_return_if_fail (CD_IS_ARCHIVER (self));

  if (self->max_retry_delay == max_retry_delay_ms)
    return;

  self->max_retry_delay = max_retry_delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRY_DELAY]);
}

/**
 * cd_archiver_preview:
 * @self: a #CdArchiver
 * @published_before: the policy's cutoff (cd_archiver_get_cutoff())
 * @error: return location for a #GError
 *
 * Lists, without changing anything, the published stories on the account
 * first published before @published_before: what a sweep would archive.
 *
 * Returns: (transfer container) (element-type CdArchivePiece): the pieces,
 *   oldest first; %NULL on error
 */
GPtrArray *
cd_archiver_preview (CdArchiver  *self,
                     GDateTime   *published_before,
                     GError     **error)
{
  const char *account;
  g_autoptr(GPtrArray) pieces = NULL;
  g_auto(GStrv) ids = NULL;

  g_return_val_if_fail (CD_IS_ARCHIVER (self), NULL);
  g_return_val_if_fail (published_before != NULL, NULL);

  account = cd_target_get_account (self->target);
  ids = cd_library_list_remote_stories (self->library, account, CD_STATUS_PUBLISHED,
                                        published_before, error);
  if (ids == NULL)
    return NULL;

  pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_archive_piece_free);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(CdStory) story = cd_library_load_story (self->library, ids[i], error);
      CdArchivePiece *piece;

      if (story == NULL)
        return NULL;

      piece = g_new0 (CdArchivePiece, 1);
      piece->story_id = g_strdup (ids[i]);
      piece->remote_id = g_strdup (cd_story_get_remote (story, account)->remote_id);
      piece->title = g_strdup (cd_story_get_headline (story));
      piece->published = g_date_time_ref (cd_story_get_first_published (story));
      g_ptr_array_add (pieces, piece);
    }

  return g_steal_pointer (&pieces);
}

/**
 * cd_archiver_archive_async:
 * @self: a #CdArchiver
 * @story_ids: (nullable) (array zero-terminated=1): published stories to
 *   archive (a preview's, or an editor's pick); %NULL or empty only resumes
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Queues an archive entry per story (one transaction; a story that is not
 * published on the account fails the call and queues nothing), then drains
 * every due archive entry of the account, an interrupted sweep's too.
 */
void
cd_archiver_archive_async (CdArchiver          *self,
                           const char * const  *story_ids,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (CD_IS_ARCHIVER (self));

  start_sweep (self, CD_OUTBOX_KIND_ARCHIVE, story_ids, cancellable, callback, user_data,
               cd_archiver_archive_async);
}

/**
 * cd_archiver_archive_finish:
 * @self: a #CdArchiver
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): what the sweep did; %NULL when it could not
 *   run (or was cancelled); per-piece failures are in the report
 */
CdArchiveReport *
cd_archiver_archive_finish (CdArchiver    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish_sweep (self, result, cd_archiver_archive_async, error);
}

/**
 * cd_archiver_unarchive_async:
 * @self: a #CdArchiver
 * @story_ids: (nullable) (array zero-terminated=1): archived stories
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Like cd_archiver_archive_async(), removing the notice and the tag.
 */
void
cd_archiver_unarchive_async (CdArchiver          *self,
                             const char * const  *story_ids,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (CD_IS_ARCHIVER (self));

  start_sweep (self, CD_OUTBOX_KIND_UNARCHIVE, story_ids, cancellable, callback, user_data,
               cd_archiver_unarchive_async);
}

/**
 * cd_archiver_unarchive_finish:
 * @self: a #CdArchiver
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): what the sweep did; %NULL on error
 */
CdArchiveReport *
cd_archiver_unarchive_finish (CdArchiver    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_sweep (self, result, cd_archiver_unarchive_async, error);
}
