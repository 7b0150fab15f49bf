/* cd-publisher.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-publisher"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-enum-types.h"
#include "cd-publisher.h"
#include "cd-status.h"

/* Due entries looked at beyond the free slots: they go Queued while they
 * wait, so the sidebar shows them waiting.
 */
#define LOOKAHEAD 16

/* Stories claimed ahead of a free slot, so that the next request leaves
 * the moment a push ends instead of after the claim and its fsync().
 */
#define CLAIM_AHEAD 1

struct _CdPublisher
{
  GObject                parent_instance;

  CdLibrary             *library;
  CdPublisherTargetFunc  target_func;
  gpointer               target_data;
  GDestroyNotify         target_destroy;

  guint                  max_parallel;
  guint                  max_retry_delay;
  CdCreditFormat         credit_format;

  gboolean               started;
  GCancellable          *cancellable;
  GHashTable            *jobs;       /* entry id (gint64*) -> Job */
  GQueue                 ready;      /* Job claimed ahead, waiting for a slot */
  guint                  sending;    /* Jobs pushing: at most max_parallel */
  GHashTable            *queued;     /* entry ids already moved to Queued */
  GHashTable            *broken;     /* entry ids that could not start; left alone */
  guint                  pump_id;
  guint                  timer_id;
  gulong                 counts_handler;
  GPtrArray             *idle_tasks; /* GTask of run_until_idle */
};

G_DEFINE_FINAL_TYPE (CdPublisher, cd_publisher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_MAX_PARALLEL,
  PROP_MAX_RETRY_DELAY,
  PROP_CREDIT_FORMAT,
  PROP_RUNNING,
  N_PROPS
};

enum {
  STORY_STARTED,
  STORY_FINISHED,
  ACCOUNT_NEEDS_ATTENTION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  CdPublisher *self;     /* strong: a push in flight keeps its publisher */
  gint64       entry_id;
  char        *account;
  CdStory     *story;
  CdTarget    *target;
  CdTargetPushFlags flags;
  guint        attempts; /* counting this one */
  gboolean     sending;
} Job;

typedef struct
{
  gint64   deadline;     /* real time; pending entries due later are left */
  GSource *cancelled;    /* of the caller's cancellable, or NULL */
} IdleData;

static void
idle_data_free (IdleData *data)
{
  if (data->cancelled != NULL)
    {
      g_source_destroy (data->cancelled);
      g_source_unref (data->cancelled);
    }
  g_free (data);
}

/* The caller stopped waiting; the pushes themselves go on. */
static gboolean
idle_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  CdPublisher *self = g_task_get_source_object (task);
  guint index;

  if (g_ptr_array_find (self->idle_tasks, task, &index))
    {
      g_autoptr(GTask) done = g_ptr_array_steal_index (self->idle_tasks, index);

      g_task_return_error_if_cancelled (done);
    }

  return G_SOURCE_REMOVE;
}

static void pump       (CdPublisher *self);
static void queue_pump (CdPublisher *self);
static void send_ready (CdPublisher *self);

/* How many more entries may be claimed now. */
static guint
free_slots (CdPublisher *self)
{
  guint busy = g_hash_table_size (self->jobs);
  guint capacity = self->max_parallel + CLAIM_AHEAD;

  return capacity > busy ? capacity - busy : 0;
}

static void
job_free (Job *job)
{
  g_clear_object (&job->story);
  g_clear_object (&job->target);
  g_free (job->account);
  g_clear_object (&job->self);
  g_free (job);
}

static gboolean
pump_cb (gpointer data)
{
  CdPublisher *self = data;

  self->pump_id = 0;
  pump (self);

  return G_SOURCE_REMOVE;
}

static gboolean
timer_cb (gpointer data)
{
  CdPublisher *self = data;

  self->timer_id = 0;
  pump (self);

  return G_SOURCE_REMOVE;
}

static void
queue_pump (CdPublisher *self)
{
  if (self->pump_id == 0)
    self->pump_id = g_idle_add_full (G_PRIORITY_DEFAULT, pump_cb, self, NULL);
}

/* Whether the publisher may take @entry now: a push, not in flight, not
 * left alone.
 */
static gboolean
is_candidate (CdPublisher   *self,
              CdOutboxEntry *entry)
{
  return entry->kind == CD_OUTBOX_KIND_PUSH &&
         !g_hash_table_contains (self->jobs, &entry->id) &&
         !g_hash_table_contains (self->broken, &entry->id);
}

/* The pending entries due by @until, enough of them to hold @wanted
 * candidates (entries of other kinds, for the archiver, are skipped).
 */
static GPtrArray *
list_candidates (CdPublisher  *self,
                 gint64        until,
                 guint         wanted,
                 GError      **error)
{
  guint limit = MAX (wanted, 8);

  for (;;)
    {
      g_autoptr(GPtrArray) entries = cd_library_list_due (self->library, until, limit, error);
      guint found = 0;

      if (entries == NULL)
        return NULL;
      for (guint i = 0; i < entries->len; i++)
        found += is_candidate (self, g_ptr_array_index (entries, i));
      if (found >= wanted || entries->len < limit)
        return g_steal_pointer (&entries);
      limit *= 4;
    }
}

/* The earliest pending push entry's due time, or 0 when there is none. */
static gint64
next_due_time (CdPublisher *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = list_candidates (self, G_MAXINT64, 1, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the outbox: %s", error->message);
      return 0;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      CdOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (is_candidate (self, entry))
        return MAX (entry->next_attempt_at, 1);
    }

  return 0;
}

/* Completes the run_until_idle tasks that have nothing left to wait for. */
static void
check_idle (CdPublisher *self,
            gint64       next_due)
{
  if (g_hash_table_size (self->jobs) > 0)
    return;

  for (guint i = self->idle_tasks->len; i > 0; i--)
    {
      GTask *task = g_ptr_array_index (self->idle_tasks, i - 1);
      IdleData *data = g_task_get_task_data (task);

      if (next_due == 0 || next_due > data->deadline)
        {
          g_autoptr(GTask) done = g_ptr_array_steal_index (self->idle_tasks, i - 1);

          g_task_return_boolean (done, TRUE);
        }
    }
}

static void
schedule_timer (CdPublisher *self)
{
  gint64 next_due = next_due_time (self);
  gint64 now = g_get_real_time ();

  g_clear_handle_id (&self->timer_id, g_source_remove);
  check_idle (self, next_due);

  if (next_due == 0 || !self->started)
    return;

  if (next_due <= now)
    {
      /* Due now, but every slot is busy: a finishing push pumps again. */
      if (free_slots (self) > 0)
        queue_pump (self);
      return;
    }

  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                       (guint) MIN ((next_due - now + 999) / 1000, G_MAXUINT),
                                       timer_cb, self, NULL);
}

/* Moves @story to Queued, through Ready if it has to. FALSE: the editor
 * took it back (Draft) or it is archived, so the push is dropped.
 */
static gboolean
ensure_queued (CdPublisher  *self,
               CdStory      *story,
               GError      **error)
{
  CdStatus status = cd_story_get_status (story);

  if (status == CD_STATUS_QUEUED)
    return TRUE;
  if (status == CD_STATUS_DRAFT || status == CD_STATUS_ARCHIVED)
    return FALSE;

  if (!cd_status_can_transition (status, CD_STATUS_QUEUED) &&
      !cd_library_set_status (self->library, story, CD_STATUS_READY, error))
    return FALSE;

  return cd_library_set_status (self->library, story, CD_STATUS_QUEUED, error);
}

/* The entry cannot be pushed (its story went back to Draft): done with it. */
static void
drop_entry (CdPublisher   *self,
            CdOutboxEntry *entry)
{
  g_autoptr(GError) error = NULL;

  if (!cd_library_claim (self->library, entry->id, CD_LIBRARY_STATUS_UNCHANGED, &error) ||
      !cd_library_complete (self->library, entry->id, CD_LIBRARY_STATUS_UNCHANGED, &error))
    g_warning ("Could not drop outbox entry %" G_GINT64_FORMAT ": %s", entry->id, error->message);
}

static char *
format_retry_message (const char *message,
                      guint       delay_ms)
{
  guint seconds = (delay_ms + 999) / 1000;

  if (seconds < 120)
    {
      /* Translators: the first placeholder is the server's message, the second a number of seconds */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$s (retrying in %2$u second)",
                                           "%1$s (retrying in %2$u seconds)", seconds),
                              message, seconds);
    }

  /* Translators: the first placeholder is the server's message, the second a number of minutes */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$s (retrying in %2$u minute)",
                                       "%1$s (retrying in %2$u minutes)", seconds / 60),
                          message, seconds / 60);
}

static void
finish_job (Job          *job,
            const GError *push_error)
{
  CdPublisher *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *story_id = g_strdup (cd_story_get_id (job->story));
  gboolean recorded = TRUE;

  cd_library_begin_deferred_sync (self->library);
  if (push_error == NULL)
    {
      /* Completed by the caller. */
    }
  else if (g_error_matches (push_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped: waiting again, with nothing counted against the story. */
      recorded = cd_library_fail (self->library, job->entry_id, push_error->message,
                                  g_get_real_time (), CD_STATUS_QUEUED, &error);
    }
  else if (g_error_matches (push_error, CD_TARGET_ERROR, CD_TARGET_ERROR_CONFLICT))
    {
      recorded = cd_library_fail (self->library, job->entry_id, push_error->message, 0,
                                  CD_STATUS_CONFLICT, &error);
    }
  else
    {
      guint delay_ms = 0;

      if (cd_target_error_should_retry (push_error, job->attempts - 1, &delay_ms))
        {
          g_autofree char *message = NULL;

          if (self->max_retry_delay > 0)
            delay_ms = MIN (delay_ms, self->max_retry_delay);
          message = format_retry_message (push_error->message, delay_ms);
          recorded = cd_library_fail (self->library, job->entry_id, message,
                                      g_get_real_time () + (gint64) delay_ms * 1000 + 1,
                                      CD_STATUS_FAILED, &error);
        }
      else
        {
          recorded = cd_library_fail (self->library, job->entry_id, push_error->message, 0,
                                      CD_STATUS_FAILED, &error);
        }
    }
  cd_library_end_deferred_sync (self->library);

  if (push_error != NULL && g_error_matches (push_error, CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH))
    g_signal_emit (self, signals[ACCOUNT_NEEDS_ATTENTION], 0, job->account, push_error);

  if (!recorded)
    g_warning ("Could not record the push of story %s: %s", story_id, error->message);

  g_object_ref (self);
  if (job->sending)
    self->sending--;
  g_hash_table_remove (self->jobs, &job->entry_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  send_ready (self);
  g_signal_emit (self, signals[STORY_FINISHED], 0, story_id, push_error);
  if (self->started)
    queue_pump (self);
  else
    schedule_timer (self);
  g_object_unref (self);
}

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(CdTargetPushResult) pushed = NULL;
  g_autoptr(GError) error = NULL;

  pushed = cd_target_push_story_finish (CD_TARGET (object), result, &error);
  if (pushed != NULL)
    {
      CdLibrary *library = job->self->library;

      cd_library_begin_deferred_sync (library);
      if (!cd_library_complete_push (library, job->entry_id, job->story, job->account,
                                     pushed, &error))
        {
          /* On the site, but not on our disk: the entry stays running until
           * the library reopens, and the next push finds the post by its slug.
           */
          g_warning ("Could not record the push of story %s: %s",
                     cd_story_get_id (job->story), error->message);
        }
      cd_library_end_deferred_sync (library);
    }

  finish_job (job, error);
}

/* Leaves an entry this process cannot start alone, rather than trying it
 * in a loop; the next run tries again.
 */
static void
set_broken (CdPublisher   *self,
            CdOutboxEntry *entry,
            const char    *what,
            const GError  *error)
{
  g_warning ("Could not %s story %s: %s", what, entry->story_id, error->message);
  g_hash_table_add (self->broken, g_memdup2 (&entry->id, sizeof entry->id));
}

static void
send_job (Job *job)
{
  CdPublisher *self = job->self;

  job->sending = TRUE;
  self->sending++;
  cd_target_push_story_async (job->target, job->story, self->credit_format, job->flags,
                              self->cancellable, push_cb, job);
}

/* A claimed job goes out now if a slot is free, or waits for one. */
static void
send_or_wait (Job *job)
{
  CdPublisher *self = job->self;

  if (self->started && self->sending < self->max_parallel)
    send_job (job);
  else
    g_queue_push_tail (&self->ready, job);
}

/* A slot came free (or the publisher stopped): the jobs claimed ahead go
 * out, or back to the outbox.
 */
static void
send_ready (CdPublisher *self)
{
  while (!g_queue_is_empty (&self->ready) &&
         (!self->started || self->sending < self->max_parallel))
    {
      Job *job = g_queue_pop_head (&self->ready);

      if (self->started)
        {
          send_job (job);
        }
      else
        {
          g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                         _("Publishing was stopped"));

          finish_job (job, error);
        }
    }
}

static void
claim_synced_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_library_sync_finish (CD_LIBRARY (object), result, &error))
    finish_job (job, error);
  else
    send_or_wait (job);
}

/* Loads the entry's story, moves it to Pushing and records the slug a
 * create will use. NULL when it is not to be pushed (dropped or broken).
 */
static CdStory *
claim_entry (CdPublisher    *self,
             CdOutboxEntry  *entry,
             gboolean       *new_slug)
{
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *slug = NULL;
  const CdRemote *remote;

  story = cd_library_load_story (self->library, entry->story_id, &error);
  if (story == NULL || !ensure_queued (self, story, &error))
    {
      if (error != NULL)
        set_broken (self, entry, "queue", error);
      else
        drop_entry (self, entry);
      return NULL;
    }

  remote = cd_story_get_remote (story, entry->account);
  *new_slug = remote == NULL || remote->client_slug == NULL;
  slug = *new_slug ? cd_target_choose_client_slug (story) : g_strdup (remote->client_slug);
  if (!cd_library_claim_push (self->library, entry->id, story, entry->account, slug, &error))
    {
      set_broken (self, entry, "claim the push of", error);
      return NULL;
    }

  return g_steal_pointer (&story);
}

static void
start_job (CdPublisher   *self,
           CdOutboxEntry *entry)
{
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GError) error = NULL;
  gboolean new_slug = FALSE;
  Job *job;

  /* The publisher's bookkeeping does not stall the main loop on fsync();
   * only the slug of a first create must be on disk before it is sent.
   */
  cd_library_begin_deferred_sync (self->library);
  story = claim_entry (self, entry, &new_slug);
  cd_library_end_deferred_sync (self->library);
  if (story == NULL)
    return;
  g_hash_table_remove (self->queued, &entry->id);

  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  job->entry_id = entry->id;
  job->account = g_strdup (entry->account);
  job->story = g_steal_pointer (&story);
  job->attempts = entry->attempts + 1;
  g_hash_table_insert (self->jobs, &job->entry_id, job);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[STORY_STARTED], 0, entry->story_id);

  job->target = self->target_func (entry->account, self->target_data, &error);
  if (job->target == NULL)
    {
      finish_job (job, error);
      return;
    }

  if (entry->overwrite)
    job->flags |= CD_TARGET_PUSH_OVERWRITE;
  /* An earlier attempt (this entry's, one killed with its process, or a
   * failed entry the editor retried) may have left uploads on the site
   * whose answers never arrived. */
  if (job->attempts > 1 || !new_slug)
    job->flags |= CD_TARGET_PUSH_RETRY;
  /* Recorded in the claim: no create can have used this slug before. */
  if (new_slug)
    {
      job->flags |= CD_TARGET_PUSH_NEW_SLUG;
      cd_library_sync_async (self->library, self->cancellable, claim_synced_cb, job);
      return;
    }

  send_or_wait (job);
}

/* Marks a due entry that waits for a slot Queued, once. */
static void
mark_waiting (CdPublisher   *self,
              CdOutboxEntry *entry)
{
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GError) error = NULL;

  if (g_hash_table_contains (self->queued, &entry->id))
    return;

  cd_library_begin_deferred_sync (self->library);
  story = cd_library_load_story (self->library, entry->story_id, &error);
  if (story != NULL && ensure_queued (self, story, &error))
    g_hash_table_add (self->queued, g_memdup2 (&entry->id, sizeof entry->id));
  cd_library_end_deferred_sync (self->library);
  if (error != NULL)
    g_warning ("Could not queue story %s: %s", entry->story_id, error->message);
}

static void
pump (CdPublisher *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->started)
    {
      schedule_timer (self);
      return;
    }

  entries = list_candidates (self, g_get_real_time (), free_slots (self) + LOOKAHEAD, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the outbox: %s", error->message);
      return;
    }

  for (guint i = 0; i < entries->len && self->started; i++)
    {
      CdOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (!is_candidate (self, entry))
        continue;

      if (free_slots (self) > 0)
        start_job (self, entry);
      else
        mark_waiting (self, entry);
    }

  schedule_timer (self);
}

static void
on_library_counts_changed_cb (CdLibrary   *library,
                              CdPublisher *self)
{
  /* Mark as Ready, Retry and the like move a story's status. */
  if (self->started)
    queue_pump (self);
}

/* The account of the story's latest push entry, or the default one. */
static char *
story_account (CdPublisher *self,
               const char  *story_id)
{
  g_autoptr(GPtrArray) entries = cd_library_list_outbox (self->library, story_id, NULL);

  for (guint i = entries != NULL ? entries->len : 0; i > 0; i--)
    {
      CdOutboxEntry *entry = g_ptr_array_index (entries, i - 1);

      if (entry->kind == CD_OUTBOX_KIND_PUSH)
        return g_strdup (entry->account);
    }

  return g_strdup (cd_library_get_default_account (self->library));
}

static void
cd_publisher_dispose (GObject *object)
{
  CdPublisher *self = (CdPublisher *)object;

  /* Jobs hold a reference: none is in flight here. */
  g_clear_handle_id (&self->pump_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->library != NULL && self->counts_handler != 0)
    g_clear_signal_handler (&self->counts_handler, self->library);
  for (guint i = 0; self->idle_tasks != NULL && i < self->idle_tasks->len; i++)
    g_task_return_new_error (g_ptr_array_index (self->idle_tasks, i), G_IO_ERROR,
                             G_IO_ERROR_CANCELLED, _("The publisher was closed"));
  if (self->idle_tasks != NULL)
    g_ptr_array_set_size (self->idle_tasks, 0);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->library);
  if (self->target_destroy != NULL)
    g_clear_pointer (&self->target_data, self->target_destroy);

  G_OBJECT_CLASS (cd_publisher_parent_class)->dispose (object);
}

static void
cd_publisher_finalize (GObject *object)
{
  CdPublisher *self = (CdPublisher *)object;

  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->queued, g_hash_table_unref);
  g_clear_pointer (&self->broken, g_hash_table_unref);
  g_clear_pointer (&self->idle_tasks, g_ptr_array_unref);

  G_OBJECT_CLASS (cd_publisher_parent_class)->finalize (object);
}

static void
cd_publisher_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CdPublisher *self = CD_PUBLISHER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, cd_publisher_get_library (self));
      break;
    case PROP_MAX_PARALLEL:
      g_value_set_uint (value, cd_publisher_get_max_parallel (self));
      break;
    case PROP_MAX_RETRY_DELAY:
      g_value_set_uint (value, cd_publisher_get_max_retry_delay (self));
      break;
    case PROP_CREDIT_FORMAT:
      g_value_set_enum (value, cd_publisher_get_credit_format (self));
      break;
    case PROP_RUNNING:
      g_value_set_uint (value, cd_publisher_get_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_publisher_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CdPublisher *self = CD_PUBLISHER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;
    case PROP_MAX_PARALLEL:
      cd_publisher_set_max_parallel (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RETRY_DELAY:
      cd_publisher_set_max_retry_delay (self, g_value_get_uint (value));
      break;
    case PROP_CREDIT_FORMAT:
      cd_publisher_set_credit_format (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_publisher_class_init (CdPublisherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_publisher_dispose;
  object_class->finalize = cd_publisher_finalize;
  object_class->get_property = cd_publisher_get_property;
  object_class->set_property = cd_publisher_set_property;

  /**
   * CdPublisher:library:
   *
   * The library whose outbox is drained.
   */
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, CD_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * CdPublisher:max-parallel:
   *
   * How many stories push at once.
   */
  properties[PROP_MAX_PARALLEL] =
    g_param_spec_uint ("max-parallel", NULL, NULL, 1, 64, CD_PUBLISHER_DEFAULT_MAX_PARALLEL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * CdPublisher:max-retry-delay:
   *
   * The longest wait before a retry, in milliseconds; 0 for no cap.
   */
  properties[PROP_MAX_RETRY_DELAY] =
    g_param_spec_uint ("max-retry-delay", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * CdPublisher:credit-format:
   *
   * The house style of photo credits in what is pushed.
   */
  properties[PROP_CREDIT_FORMAT] =
    g_param_spec_enum ("credit-format", NULL, NULL, CD_TYPE_CREDIT_FORMAT,
                       CD_CREDIT_FORMAT_PARENTHESES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * CdPublisher:running:
   *
   * How many pushes are in flight.
   */
  properties[PROP_RUNNING] =
    g_param_spec_uint ("running", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdPublisher::story-started:
   * @self: a #CdPublisher
   * @story_id: the story's id
   *
   * Emitted when a push of the story begins (it is Pushing).
   */
  signals[STORY_STARTED] =
    g_signal_new ("story-started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * CdPublisher::story-finished:
   * @self: a #CdPublisher
   * @story_id: the story's id
   * @error: (nullable): why the push failed, or %NULL when it is Published
   *
   * Emitted when a push ends, after its outcome is in the library.
   */
  signals[STORY_FINISHED] =
    g_signal_new ("story-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);

  /**
   * CdPublisher::account-needs-attention:
   * @self: a #CdPublisher
   * @account: the account's name
   * @error: the server's refusal
   *
   * Emitted when a target refused the account's credentials.
   */
  signals[ACCOUNT_NEEDS_ATTENTION] =
    g_signal_new ("account-needs-attention",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
cd_publisher_init (CdPublisher *self)
{
  self->max_parallel = CD_PUBLISHER_DEFAULT_MAX_PARALLEL;
  self->credit_format = CD_CREDIT_FORMAT_PARENTHESES;
  self->jobs = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) job_free);
  self->queued = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->broken = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->idle_tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * cd_publisher_new:
 * @library: the library whose outbox to drain
 * @target_func: gives the target of an account
 * @user_data: data for @target_func
 * @destroy: (nullable): frees @user_data with the publisher
 *
 * The publisher does nothing until cd_publisher_start().
 *
 * Returns: (transfer full): a new #CdPublisher
 */
CdPublisher *
cd_publisher_new (CdLibrary             *library,
                  CdPublisherTargetFunc  target_func,
                  gpointer               user_data,
                  GDestroyNotify         destroy)
{
  CdPublisher *self;

  g_return_val_if_fail (CD_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (target_func != NULL, NULL);

  self = g_object_new (CD_TYPE_PUBLISHER, "library", library, NULL);
  self->target_func = target_func;
  self->target_data = user_data;
  self->target_destroy = destroy;
  self->counts_handler = g_signal_connect (library, "counts-changed",
                                           G_CALLBACK (on_library_counts_changed_cb), self);

  return self;
}

/**
 * cd_publisher_get_library:
 * @self: a #CdPublisher
 *
 * Returns: (transfer none): the library
 */
CdLibrary *
cd_publisher_get_library (CdPublisher *self)
{
  g_return_val_if_fail (CD_IS_PUBLISHER (self), NULL);

  return self->library;
}

guint
cd_publisher_get_max_parallel (CdPublisher *self)
{
  g_return_val_if_fail (CD_IS_PUBLISHER (self), 0);

  return self->max_parallel;
}

/**
 * cd_publisher_set_max_parallel:
 * @self: a #CdPublisher
 * @max_parallel: how many stories may push at once, at least 1
 */
void
cd_publisher_set_max_parallel (CdPublisher *self,
                               guint        max_parallel)
{
  g_return_if_fail (CD_IS_PUBLISHER (self));
  g_return_if_fail (max_parallel >= 1);

  if (self->max_parallel == max_parallel)
    return;

  self->max_parallel = max_parallel;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_PARALLEL]);
  if (self->started)
    queue_pump (self);
}

guint
cd_publisher_get_max_retry_delay (CdPublisher *self)
{
  g_return_val_if_fail (CD_IS_PUBLISHER (self), 0);

  return self->max_retry_delay;
}

/**
 * cd_publisher_set_max_retry_delay:
 * @self: a #CdPublisher
 * @max_retry_delay_ms: the longest wait before a retry, even when the
 *   server asked for more (Retry-After); 0 for no cap
 */
void
cd_publisher_set_max_retry_delay (CdPublisher *self,
                                  guint        max_retry_delay_ms)
{
  g_return_if_fail (CD_IS_PUBLISHER (self));

  if (self->max_retry_delay == max_retry_delay_ms)
    return;

  self->max_retry_delay = max_retry_delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRY_DELAY]);
}

CdCreditFormat
cd_publisher_get_credit_format (CdPublisher *self)
{
  g_return_val_if_fail (CD_IS_PUBLISHER (self), CD_CREDIT_FORMAT_PARENTHESES);

  return self->credit_format;
}

/**
 * cd_publisher_set_credit_format:
 * @self: a #CdPublisher
 * @format: the house style for credits in pushes from now on
 */
void
cd_publisher_set_credit_format (CdPublisher    *self,
                                CdCreditFormat  format)
{
  g_return_if_fail (CD_IS_PUBLISHER (self));

  if (self->credit_format == format)
    return;

  self->credit_format = format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDIT_FORMAT]);
}

/**
 * cd_publisher_get_running:
 * @self: a #CdPublisher
 *
 * Returns: how many pushes are in flight
 */
guint
cd_publisher_get_running (CdPublisher *self)
{
  g_return_val_if_fail (CD_IS_PUBLISHER (self), 0);

  return g_hash_table_size (self->jobs);
}

/**
 * cd_publisher_start:
 * @self: a #CdPublisher
 *
 * Starts draining the outbox, beginning with what a previous run left.
 */
void
cd_publisher_start (CdPublisher *self)
{
  g_return_if_fail (CD_IS_PUBLISHER (self));

  if (self->started)
    return;

  self->started = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  queue_pump (self);
}

/**
 * cd_publisher_stop:
 * @self: a #CdPublisher
 *
 * Cancels the pushes in flight (their entries wait again, their stories go
 * back to Queued) and takes no new ones until cd_publisher_start().
 */
void
cd_publisher_stop (CdPublisher *self)
{
  g_return_if_fail (CD_IS_PUBLISHER (self));

  if (!self->started)
    return;

  self->started = FALSE;
  g_clear_handle_id (&self->pump_id, g_source_remove);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  send_ready (self);
}

/**
 * cd_publisher_wake:
 * @self: a #CdPublisher
 *
 * Looks at the outbox again soon, e.g. after something was queued.
 */
void
cd_publisher_wake (CdPublisher *self)
{
  g_return_if_fail (CD_IS_PUBLISHER (self));

  if (self->started)
    queue_pump (self);
}

/**
 * cd_publisher_retry_story:
 * @self: a #CdPublisher
 * @story_id: a Failed story's id
 * @error: return location for a #GError
 *
 * The editor's Retry: the story goes Queued and its push is due now, to
 * the account it last pushed to.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_publisher_retry_story (CdPublisher  *self,
                          const char   *story_id,
                          GError      **error)
{
  g_autoptr(CdStory) story = NULL;
  g_autofree char *account = NULL;

  g_return_val_if_fail (CD_IS_PUBLISHER (self), FALSE);
  g_return_val_if_fail (story_id != NULL, FALSE);

  story = cd_library_load_story (self->library, story_id, error);
  if (story == NULL)
    return FALSE;

  account = story_account (self, story_id);
  if (cd_story_get_status (story) == CD_STATUS_QUEUED)
    {
      if (cd_library_enqueue (self->library, story_id, account, CD_OUTBOX_KIND_PUSH, error) == 0)
        return FALSE;
    }
  else if (cd_library_set_status_and_enqueue (self->library, story, CD_STATUS_QUEUED, account,
                                              CD_OUTBOX_KIND_PUSH, error) == 0)
    {
      return FALSE;
    }

  cd_publisher_wake (self);
  return TRUE;
}

/**
 * cd_publisher_overwrite_story:
 * @self: a #CdPublisher
 * @story_id: a story in Conflict
 * @error: return location for a #GError
 *
 * The editor's "Overwrite": push the story over the copy that changed on
 * the site.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_publisher_overwrite_story (CdPublisher  *self,
                              const char   *story_id,
                              GError      **error)
{
  g_autoptr(CdStory) story = NULL;
  g_autofree char *account = NULL;

  g_return_val_if_fail (CD_IS_PUBLISHER (self), FALSE);
  g_return_val_if_fail (story_id != NULL, FALSE);

  story = cd_library_load_story (self->library, story_id, error);
  if (story == NULL)
    return FALSE;

  account = story_account (self, story_id);
  if (cd_library_queue_overwrite (self->library, story, account, error) == 0)
    return FALSE;

  cd_publisher_wake (self);
  return TRUE;
}

typedef struct
{
  CdStory  *story;
  CdTarget *target;
  char     *account;
} TheirsData;

static void
theirs_data_free (TheirsData *data)
{
  g_clear_object (&data->story);
  g_clear_object (&data->target);
  g_free (data->account);
  g_free (data);
}

static void
keep_theirs_listed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdPublisher *self = g_task_get_source_object (task);
  TheirsData *data = g_task_get_task_data (task);
  const CdRemote *remote = cd_story_get_remote (data->story, data->account);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(CdRemote) copy = NULL;
  GError *error = NULL;

  items = cd_target_list_published_finish (CD_TARGET (object), result, &error);
  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      CdTargetItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->remote_id, remote->remote_id) != 0)
        continue;

      /* The site's copy is now the published one: the next push is checked
       * against its modified time. The story's own text stays as it is.
       */
      copy = cd_remote_copy (remote);
      g_free (copy->modified);
      copy->modified = g_strdup (item->modified_gmt);
      g_clear_pointer (&copy->last_error, g_free);
      if (item->link != NULL)
        {
          g_free (copy->link);
          copy->link = g_strdup (item->link);
        }
      cd_story_set_remote (data->story, copy);
      if (!cd_library_set_status (self->library, data->story, CD_STATUS_PUBLISHED, &error))
        g_task_return_error (task, error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_return_new_error (task, CD_TARGET_ERROR, CD_TARGET_ERROR_REJECTED,
                           _("The post is no longer published on the site"));
}

/**
 * cd_publisher_keep_theirs_async:
 * @self: a #CdPublisher
 * @story_id: a story in Conflict
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * The editor's "Keep Theirs": the copy on the site stays as it is and the
 * story becomes Published with the site's modified time, so that the next
 * push is checked against it. The story's text in Copydesk is not replaced
 * by the site's (a post's HTML does not go back to Markdown).
 */
void
cd_publisher_keep_theirs_async (CdPublisher         *self,
                                const char          *story_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) since = NULL;
  GError *error = NULL;
  const CdRemote *remote;
  TheirsData *data;

  g_return_if_fail (CD_IS_PUBLISHER (self));
  g_return_if_fail (story_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_publisher_keep_theirs_async);
  data = g_new0 (TheirsData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) theirs_data_free);

  data->story = cd_library_load_story (self->library, story_id, &error);
  if (data->story == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data->account = story_account (self, story_id);
  remote = cd_story_get_remote (data->story, data->account);
  if (remote == NULL || remote->remote_id == NULL)
    {
      g_task_return_new_error (task, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_FOUND,
                               _("The story was never published to this account"));
      return;
    }

  data->target = self->target_func (data->account, self->target_data, &error);
  if (data->target == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (remote->modified != NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) modified = g_date_time_new_from_iso8601 (remote->modified, utc);

      if (modified != NULL)
        since = g_date_time_add_seconds (modified, -1);
    }

  cd_target_list_published_async (data->target, since, FALSE, cancellable,
                                  keep_theirs_listed_cb, g_steal_pointer (&task));
}

/**
 * cd_publisher_keep_theirs_finish:
 * @self: a #CdPublisher
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the story is Published with the site's copy
 */
gboolean
cd_publisher_keep_theirs_finish (CdPublisher   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * cd_publisher_run_until_idle_async:
 * @self: a #CdPublisher
 * @max_wait_ms: how long to wait for retries that are not due yet
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Starts the publisher and completes once nothing is in flight and no push
 * is due before now + @max_wait_ms: for the command line. Entries due
 * later stay pending in the library. Cancelling @cancellable ends the wait
 * (%G_IO_ERROR_CANCELLED) at once, not the pushes.
 */
void
cd_publisher_run_until_idle_async (CdPublisher         *self,
                                   guint                max_wait_ms,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  IdleData *data;

  g_return_if_fail (CD_IS_PUBLISHER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_publisher_run_until_idle_async);
  data = g_new0 (IdleData, 1);
  data->deadline = g_get_real_time () + (gint64) max_wait_ms * 1000;
  g_task_set_task_data (task, data, (GDestroyNotify) idle_data_free);
  if (cancellable != NULL)
    {
      data->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancelled, G_SOURCE_FUNC (idle_cancelled_cb), task, NULL);
      g_source_attach (data->cancelled, g_task_get_context (task));
    }

  g_ptr_array_add (self->idle_tasks, g_steal_pointer (&task));
  cd_publisher_start (self);
  queue_pump (self);
}

/**
 * cd_publisher_run_until_idle_finish:
 * @self: a #CdPublisher
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the publisher went idle
 */
gboolean
cd_publisher_run_until_idle_finish (CdPublisher   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
