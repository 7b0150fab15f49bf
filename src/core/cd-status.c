/* cd-status.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-status"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-status.h"

G_DEFINE_QUARK (cd-status-error-quark, cd_status_error)

typedef struct
{
  const char *name;
  const char *label;
  const char *group_label;
} StatusInfo;

static const StatusInfo status_info[CD_N_STATUSES] = {
  /* Translators: a story's workflow state, shown as a badge */
  [CD_STATUS_DRAFT]     = { "draft",     NC_("status", "Draft"),     NC_("status group", "Drafts") },
  [CD_STATUS_READY]     = { "ready",     NC_("status", "Ready"),     NC_("status group", "Ready") },
  [CD_STATUS_QUEUED]    = { "queued",    NC_("status", "Queued"),    NC_("status group", "Queued") },
  [CD_STATUS_PUSHING]   = { "pushing",   NC_("status", "Pushing"),   NC_("status group", "Pushing") },
  [CD_STATUS_PUBLISHED] = { "published", NC_("status", "Published"), NC_("status group", "Published") },
  [CD_STATUS_FAILED]    = { "failed",    NC_("status", "Failed"),    NC_("status group", "Failed") },
  [CD_STATUS_CONFLICT]  = { "conflict",  NC_("status", "Conflict"),  NC_("status group", "Conflict") },
  /* Translators: the state of a story that carries the archived notice */
  [CD_STATUS_ARCHIVED]  = { "archived",  NC_("status", "Archived"),  NC_("status group", "Archived") },
};


/* The one place that says which moves are allowed: a row per source state,
 * a bit per destination state.
 */
static const guint16 allowed[CD_N_STATUSES] = {
  [CD_STATUS_DRAFT]     = 1 << CD_STATUS_READY | 1 << CD_STATUS_PUBLISHED,
  [CD_STATUS_READY]     = 1 << CD_STATUS_DRAFT | 1 << CD_STATUS_QUEUED,
  [CD_STATUS_QUEUED]    = 1 << CD_STATUS_DRAFT | 1 << CD_STATUS_PUSHING,
  [CD_STATUS_PUSHING]   = 1 << CD_STATUS_PUBLISHED | 1 << CD_STATUS_FAILED
                        | 1 << CD_STATUS_CONFLICT | 1 << CD_STATUS_QUEUED,
  [CD_STATUS_PUBLISHED] = 1 << CD_STATUS_DRAFT | 1 << CD_STATUS_READY
                        | 1 << CD_STATUS_ARCHIVED | 1 << CD_STATUS_CONFLICT,
  [CD_STATUS_FAILED]    = 1 << CD_STATUS_DRAFT | 1 << CD_STATUS_QUEUED
                        | 1 << CD_STATUS_READY,
  [CD_STATUS_CONFLICT]  = 1 << CD_STATUS_DRAFT | 1 << CD_STATUS_QUEUED
                        | 1 << CD_STATUS_PUBLISHED,
  [CD_STATUS_ARCHIVED]  = 1 << CD_STATUS_PUBLISHED,
};

/**
 * cd_status_to_string:
 * @status: a #CdStatus
 *
 * Returns: (transfer none): the stable, untranslated name stored on disk
 */
const char *
cd_status_to_string (CdStatus status)
{
  g_return_val_if_fail (status <= CD_STATUS_LAST, NULL);

  return status_info[status].name;
}

/**
 * cd_status_from_string:
 * @name: a stable name such as "ready"
 * @status: (out): where to put the status
 *
 * Returns: %TRUE if @name names a status
 */
gboolean
cd_status_from_string (const char *name,
                       CdStatus   *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < CD_N_STATUSES; i++)
    {
      if (g_ascii_strcasecmp (name, status_info[i].name) == 0)
        {
          *status = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * cd_status_get_label:
 * @status: a #CdStatus
 *
 * Returns: (transfer none): the translated name of one story's state
 */
const char *
cd_status_get_label (CdStatus status)
{
  g_return_val_if_fail (status <= CD_STATUS_LAST, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "status", status_info[status].label);
}

/**
 * cd_status_get_group_label:
 * @status: a #CdStatus
 *
 * Returns: (transfer none): the translated name of the sidebar group
 */
const char *
cd_status_get_group_label (CdStatus status)
{
  g_return_val_if_fail (status <= CD_STATUS_LAST, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "status group", status_info[status].group_label);
}

/**
 * cd_status_can_transition:
 * @from: the current status
 * @to: the wanted status
 *
 * Returns: %TRUE if a story may move from @from to @to
 */
gboolean
cd_status_can_transition (CdStatus from,
                          CdStatus to)
{
  g_return_val_if_fail (from <= CD_STATUS_LAST, FALSE);
  g_return_val_if_fail (to <= CD_STATUS_LAST, FALSE);

  return (allowed[from] & (1u << to)) != 0;
}

/**
 * cd_status_check_transition:
 * @from: the current status
 * @to: the wanted status
 * @error: return location for a #GError
 *
 * Like cd_status_can_transition(), but explains a refusal.
 *
 * Returns: %TRUE if the move is allowed
 */
gboolean
cd_status_check_transition (CdStatus   from,
                            CdStatus   to,
                            GError   **error)
{
  if (cd_status_can_transition (from, to))
    return TRUE;

  g_set_error (error, CD_STATUS_ERROR, CD_STATUS_ERROR_ILLEGAL_TRANSITION,
               /* Translators: both placeholders are story states, e.g. "Draft" and "Archived" */
               _("A story cannot go from %1$s to %2$s"),
               cd_status_get_label (from), cd_status_get_label (to));
  return FALSE;
}
