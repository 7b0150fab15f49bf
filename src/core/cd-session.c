/* cd-session.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-session"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "cd-session.h"

/* The state file is a GKeyFile with one group:
 *
 *   [Session]
 *   pid=1234                 the process that runs the window
 *   start-time=5678          its start, field 22 of /proc/PID/stat (clock
 *                            ticks since boot); with the PID it names one
 *                            process, whatever PIDs are reused for later
 *   started-at=…             when the session began, µs since the epoch
 *   story=UUID               the story the last committed save wrote
 *   saved-at=…               when, µs since the epoch
 *
 * Every write replaces the whole file by a rename, so a crash leaves
 * either the old or the new one, never half of each.
 */
#define GROUP "Session"

struct _CdSession
{
  GObject   parent_instance;

  char     *path;
  GPid      pid;
  char     *start_time;
  gint64    started_at;
  char     *story_id;
  gint64    saved_at;
  /* FALSE until begun, after the end, or while another live process owns
   * the file: then nothing is written. */
  gboolean  active;

  gboolean  recovered;
  char     *recovered_story_id;
  gint64    recovered_saved_at;
};

G_DEFINE_FINAL_TYPE (CdSession, cd_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* (transfer full) (nullable): field 22 of /proc/@pid/stat, or %NULL if
 * there is no such process (or no /proc to ask). */
static char *
read_start_time (GPid pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (stat_path, &contents, NULL, NULL))
    return NULL;

  /* The command name (field 2) may hold spaces and parentheses; the fields
   * after its closing parenthesis start with field 3. */
  after_name = strrchr (contents, ')');
  if (after_name == NULL)
    return NULL;
  fields = g_strsplit (after_name + 1, " ", 0);
  /* fields[0] is the empty string before field 3 */
  if (g_strv_length (fields) < 21)
    return NULL;

  return g_strdup (fields[20]);
}

static gboolean
process_is_running (GPid        pid,
                    const char *start_time)
{
  g_autofree char *now = NULL;

  if (pid <= 0)
    return FALSE;

  now = read_start_time (pid);
  if (now != NULL)
    return g_strcmp0 (now, start_time) == 0;

  /* Without /proc the start time cannot be compared: trust the PID. */
  if (!g_file_test ("/proc/self/stat", G_FILE_TEST_EXISTS))
    return kill (pid, 0) == 0 || errno == EPERM;

  return FALSE;
}

static gboolean
write_state (CdSession             *self,
             GFileSetContentsFlags  flags,
             GError               **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  gsize length;

  g_key_file_set_int64 (key_file, GROUP, "pid", self->pid);
  g_key_file_set_string (key_file, GROUP, "start-time", self->start_time);
  g_key_file_set_int64 (key_file, GROUP, "started-at", self->started_at);
  if (self->story_id != NULL)
    {
      g_key_file_set_string (key_file, GROUP, "story", self->story_id);
      g_key_file_set_int64 (key_file, GROUP, "saved-at", self->saved_at);
    }
  data = g_key_file_to_data (key_file, &length, NULL);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  return g_file_set_contents_full (self->path, data, (gssize) length, flags, 0600, error);
}

/* Reads the previous session's file, if any, into the recovered_* fields. */
static void
read_previous (CdSession *self)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *start_time = NULL;
  gint64 pid;

  if (!g_key_file_load_from_file (key_file, self->path, G_KEY_FILE_NONE, &error))
    {
      /* No file: the last session ended cleanly (or there was none). An
       * unreadable one still means it did not. */
      self->recovered = !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
      if (self->recovered)
        g_warning ("Could not read the session state %s: %s", self->path, error->message);
      return;
    }

  pid = g_key_file_get_int64 (key_file, GROUP, "pid", NULL);
  start_time = g_key_file_get_string (key_file, GROUP, "start-time", NULL);
  if (pid != self->pid && process_is_running ((GPid) pid, start_time))
    {
      /* Another Copydesk (on another session bus, say) is running with this
       * state file: it is not ours to judge or to overwrite. */
      g_debug ("Session state %s belongs to running process %" G_GINT64_FORMAT,
               self->path, pid);
      self->active = FALSE;
      return;
    }

  self->recovered = TRUE;
  self->recovered_story_id = g_key_file_get_string (key_file, GROUP, "story", NULL);
  if (self->recovered_story_id != NULL)
    self->recovered_saved_at = g_key_file_get_int64 (key_file, GROUP, "saved-at", NULL);
}

static void
cd_session_finalize (GObject *object)
{
  CdSession *self = CD_SESSION (object);

  g_free (self->path);
  g_free (self->start_time);
  g_free (self->story_id);
  g_free (self->recovered_story_id);

  G_OBJECT_CLASS (cd_session_parent_class)->finalize (object);
}

static void
cd_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CdSession *self = CD_SESSION (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, cd_session_get_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CdSession *self = CD_SESSION (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_session_class_init (CdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_session_finalize;
  object_class->get_property = cd_session_get_property;
  object_class->set_property = cd_session_set_property;

  /**
   * CdSession:path:
   *
   * The state file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_session_init (CdSession *self)
{
}

/**
 * cd_session_get_default_path:
 *
 * Returns: (transfer full): `$XDG_STATE_HOME/copydesk/session`
 */
char *
cd_session_get_default_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "copydesk", "session", NULL);
}

/**
 * cd_session_new:
 * @path: the state file
 *
 * Returns: (transfer full): a session that has not begun
 */
CdSession *
cd_session_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (CD_TYPE_SESSION, "path", path, NULL);
}

/**
 * cd_session_get_path:
 * @self: a #CdSession
 *
 * Returns: (transfer none): the state file
 */
const char *
cd_session_get_path (CdSession *self)
{
  g_return_val_if_fail (CD_IS_SESSION (self), NULL);

  return self->path;
}

/**
 * cd_session_begin:
 * @self: a #CdSession
 * @error: return location for a #GError
 *
 * Finds out whether the previous session ended cleanly (see
 * cd_session_get_recovered()), then records this process as running, on
 * disk (fsync) before returning. The last save recorded by a crashed
 * session carries over until this one saves.
 *
 * Returns: %TRUE if the state file was written (or belongs to another live process)
 */
gboolean
cd_session_begin (CdSession  *self,
                  GError    **error)
{
  g_return_val_if_fail (CD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (!self->active, FALSE);

  self->pid = getpid ();
  g_clear_pointer (&self->start_time, g_free);
  self->start_time = read_start_time (self->pid);
  if (self->start_time == NULL)
    self->start_time = g_strdup ("0");
  self->started_at = g_get_real_time ();
  self->active = TRUE;

  read_previous (self);
  if (!self->active)
    return TRUE;

  g_free (self->story_id);
  self->story_id = g_strdup (self->recovered_story_id);
  self->saved_at = self->recovered_saved_at;

  if (!write_state (self, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, error))
    {
      self->active = FALSE;
      return FALSE;
    }

  return TRUE;
}

/**
 * cd_session_record_save:
 * @self: a #CdSession
 * @story_id: the story a committed save wrote
 * @saved_at: when, in µs since the epoch (g_get_real_time())
 * @error: return location for a #GError
 *
 * Notes the save in the state file (replaced atomically). Does nothing
 * before cd_session_begin() or after cd_session_end().
 *
 * Returns: %TRUE on success
 */
gboolean
cd_session_record_save (CdSession   *self,
                        const char  *story_id,
                        gint64       saved_at,
                        GError     **error)
{
  g_return_val_if_fail (CD_IS_SESSION (self), FALSE);
  g_return_val_if_fail (story_id != NULL, FALSE);

  if (!self->active)
    return TRUE;

  if (g_strcmp0 (self->story_id, story_id) != 0)
    {
      g_free (self->story_id);
      self->story_id = g_strdup (story_id);
    }
  self->saved_at = saved_at;

  return write_state (self, G_FILE_SET_CONTENTS_CONSISTENT, error);
}

/**
 * cd_session_end:
 * @self: a #CdSession
 * @error: return location for a #GError
 *
 * Removes the state file: this session ended cleanly.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_session_end (CdSession  *self,
                GError    **error)
{
  g_return_val_if_fail (CD_IS_SESSION (self), FALSE);

  if (!self->active)
    return TRUE;

  self->active = FALSE;
  if (g_unlink (self->path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not remove %s: %s", self->path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * cd_session_get_recovered:
 * @self: a #CdSession
 *
 * Returns: %TRUE if cd_session_begin() found that the previous session
 *   did not end cleanly
 */
gboolean
cd_session_get_recovered (CdSession *self)
{
  g_return_val_if_fail (CD_IS_SESSION (self), FALSE);

  return self->recovered;
}

/**
 * cd_session_get_recovered_story_id:
 * @self: a #CdSession
 *
 * Returns: (nullable) (transfer none): the story the crashed session saved
 *   last, or %NULL if it saved none
 */
const char *
cd_session_get_recovered_story_id (CdSession *self)
{
  g_return_val_if_fail (CD_IS_SESSION (self), NULL);

  return self->recovered_story_id;
}

/**
 * cd_session_get_recovered_saved_at:
 * @self: a #CdSession
 *
 * Returns: when the crashed session's last save committed, in µs since
 *   the epoch, or 0 if it saved none
 */
gint64
cd_session_get_recovered_saved_at (CdSession *self)
{
  g_return_val_if_fail (CD_IS_SESSION (self), 0);

  return self->recovered_saved_at;
}
