/* cd-story-summary.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-story-summary"

#include "config.h"

#include "cd-enum-types.h"
#include "cd-status.h"
#include "cd-story-private.h"
#include "cd-story-summary.h"
#include "cd-story-summary-private.h"

struct _CdStorySummary
{
  GObject    parent_instance;

  gint64     rowid;
  char      *id;
  char      *headline;
  char      *byline;
  char      *last_error;
  GDateTime *updated;
  GDateTime *first_published;
  GDateTime *next_attempt;
  CdStatus   status;
};

G_DEFINE_FINAL_TYPE (CdStorySummary, cd_story_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_HEADLINE,
  PROP_BYLINE,
  PROP_STATUS,
  PROP_UPDATED,
  PROP_FIRST_PUBLISHED,
  PROP_HAS_ERROR,
  PROP_LAST_ERROR,
  PROP_NEXT_ATTEMPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cd_story_summary_finalize (GObject *object)
{
  CdStorySummary *self = (CdStorySummary *)object;

  g_free (self->id);
  g_free (self->headline);
  g_free (self->byline);
  g_free (self->last_error);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->first_published, g_date_time_unref);
  g_clear_pointer (&self->next_attempt, g_date_time_unref);

  G_OBJECT_CLASS (cd_story_summary_parent_class)->finalize (object);
}

static void
cd_story_summary_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CdStorySummary *self = CD_STORY_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, cd_story_summary_get_id (self));
      break;
    case PROP_HEADLINE:
      g_value_set_string (value, cd_story_summary_get_headline (self));
      break;
    case PROP_BYLINE:
      g_value_set_string (value, cd_story_summary_get_byline (self));
      break;
    case PROP_STATUS:
      g_value_set_enum (value, cd_story_summary_get_status (self));
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, cd_story_summary_get_updated (self));
      break;
    case PROP_FIRST_PUBLISHED:
      g_value_set_boxed (value, cd_story_summary_get_first_published (self));
      break;
    case PROP_HAS_ERROR:
      g_value_set_boolean (value, cd_story_summary_get_has_error (self));
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, cd_story_summary_get_last_error (self));
      break;
    case PROP_NEXT_ATTEMPT:
      g_value_set_boxed (value, cd_story_summary_get_next_attempt (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_story_summary_class_init (CdStorySummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cd_story_summary_finalize;
  object_class->get_property = cd_story_summary_get_property;

  /**
   * CdStorySummary:id:
   *
   * The story's UUID.
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  /**
   * CdStorySummary:headline:
   *
   * The story's headline.
   */
  properties[PROP_HEADLINE] = g_param_spec_string ("headline", NULL, NULL, "", ro);
  /**
   * CdStorySummary:byline:
   *
   * The story's byline.
   */
  properties[PROP_BYLINE] = g_param_spec_string ("byline", NULL, NULL, "", ro);
  /**
   * CdStorySummary:status:
   *
   * Where the story stands.
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, CD_TYPE_STATUS, CD_STATUS_DRAFT, ro);
  /**
   * CdStorySummary:updated:
   *
   * When the story was last changed.
   */
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, ro);
  /**
   * CdStorySummary:first-published:
   *
   * When the story first went live, or %NULL.
   */
  properties[PROP_FIRST_PUBLISHED] =
    g_param_spec_boxed ("first-published", NULL, NULL, G_TYPE_DATE_TIME, ro);
  /**
   * CdStorySummary:has-error:
   *
   * Whether the story failed to push or an account reports an error.
   */
  properties[PROP_HAS_ERROR] = g_param_spec_boolean ("has-error", NULL, NULL, FALSE, ro);
  /**
   * CdStorySummary:last-error:
   *
   * The text of the last error, or %NULL.
   */
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  /**
   * CdStorySummary:next-attempt:
   *
   * When the outbox tries the story's failed work again, or %NULL.
   */
  properties[PROP_NEXT_ATTEMPT] =
    g_param_spec_boxed ("next-attempt", NULL, NULL, G_TYPE_DATE_TIME, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_story_summary_init (CdStorySummary *self)
{
}

CdStorySummary *
_cd_story_summary_new (gint64      rowid,
                       const char *id,
                       const char *headline,
                       const char *byline,
                       CdStatus    status,
                       gint64      updated,
                       gint64      first_published,
                       const char *last_error,
                       gint64      next_attempt)
{
  CdStorySummary *self = g_object_new (CD_TYPE_STORY_SUMMARY, NULL);

  self->rowid = rowid;
  self->id = g_strdup (id != NULL ? id : "");
  self->headline = g_strdup (headline != NULL ? headline : "");
  self->byline = g_strdup (byline != NULL ? byline : "");
  self->status = status;
  self->updated = _cd_date_time_new_from_usec (updated);
  self->first_published = first_published != 0 ? _cd_date_time_new_from_usec (first_published) : NULL;
  self->last_error = last_error != NULL && last_error[0] != '\0' ? g_strdup (last_error) : NULL;
  self->next_attempt = next_attempt != 0 ? _cd_date_time_new_from_usec (next_attempt) : NULL;

  return self;
}

gint64
_cd_story_summary_get_rowid (CdStorySummary *self)
{
  g_return_val_if_fail (CD_IS_STORY_SUMMARY (self), 0);

  return self->rowid;
}

/**
 * cd_story_summary_get_id:
 * @self: a #CdStorySummary
 *
 * Returns: (transfer none): the story's UUID
 */
const char *
cd_story_summary_get_id (CdStorySummary *self)
{
  g_return_val_if_fail (CD_IS_STORY_SUMMARY (self), NULL);

  return self->id;
}

/**
 * cd_story_summary_get_headline:
 * @self: a #CdStorySummary
 *
 * Returns: (transfer none): the headline, "" when empty
 */
const char *
cd_story_summary_get_headline (CdStorySummary *self)
{
  g_return_val_if_fail (CD_IS_STORY_SUMMARY (self), NULL);

  return self->headline;
}

/**
 * cd_story_summary_get_byline:
 * @self: a #CdStorySummary
 *
 * Returns: (transfer none): the byline, "" when empty
 */
const char *
cd_story_summary_get_byline (CdStorySummary *self)
{
  g_return_val_if_fail (CD_IS_STORY_SUMMARY (self), NULL);

  return self->byline;
}

/**
 * cd_story_summary_get_status:
 * @self: a #CdStorySummary
 *
 * Returns: where the story stands
 */
CdStatus
cd_story_summary_get_status (CdStorySummary *self)
{
  g_return_val_if_fail (CD_IS_STORY_SUMMARY (self), CD_STATUS_DRAFT);

  return self->status;
}

/**
 * cd_story_summary_get_updated:
 * @self: a #CdStorySummary
 *
 * Returns: (transfer none): when the story was last changed
 */
GDateTime *
cd_story_summary_get_updated (CdStorySummary *self)
{
  g_return_val_if_fail (CD_IS_STORY_SUMMARY (self), NULL);

  return self->updated;
}

/**
 * cd_story_summary_get_first_published:
 * @self: a #CdStorySummary
 *
 * Returns: (transfer none) (nullable): when the story first went live
 */
GDateTime *
cd_story_summary_get_first_published (CdStorySummary *self)
{
  g_return_val_if_fail (CD_IS_STORY_SUMMARY (self), NULL);

  return self->first_published;
}

/**
 * cd_story_summary_get_has_error:
 * @self: a #CdStorySummary
 *
 * Returns: %TRUE if the story is Failed or an account reports an error
 */
gboolean
cd_story_summary_get_has_error (CdStorySummary *self)
{
  g_return_val_if_fail (CD_IS_STORY_SUMMARY (self), FALSE);

  return self->status == CD_STATUS_FAILED || self->last_error != NULL;
}

/**
 * cd_story_summary_get_last_error:
 * @self: a #CdStorySummary
 *
 * Returns: (transfer none) (nullable): the last error reported for the story
 */
const char *
cd_story_summary_get_last_error (CdStorySummary *self)
{
  g_return_val_if_fail (CD_IS_STORY_SUMMARY (self), NULL);

  return self->last_error;
}

/**
 * cd_story_summary_get_next_attempt:
 * @self: a #CdStorySummary
 *
 * When the outbox tries again work of this story that failed and waits
 * (a push or an archive request), the earliest if several wait.
 *
 * Returns: (transfer none) (nullable): that time, or %NULL when nothing waits
 */
GDateTime *
cd_story_summary_get_next_attempt (CdStorySummary *self)
{
  g_return_val_if_fail (CD_IS_STORY_SUMMARY (self), NULL);

  return self->next_attempt;
}
