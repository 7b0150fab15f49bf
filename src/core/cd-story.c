/* cd-story.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-story"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-enum-types.h"
#include "cd-photo.h"
#include "cd-status.h"
#include "cd-story.h"
#include "cd-story-private.h"

#define SLUG_MAX_LENGTH 80

struct _CdStory
{
  GObject      parent_instance;

  char        *id;
  char        *headline;
  char        *dek;
  char        *byline;
  char        *dateline;
  char        *slug;
  char        *effective_slug;
  char        *body;
  char       **tags;
  char        *source_text;
  char        *source_url;
  GPtrArray   *related_links;
  CdStatus     status;

  GDateTime   *created;
  GDateTime   *updated;
  GDateTime   *first_published;
  GDateTime   *last_pushed;
  GDateTime   *publish_at;

  GListStore  *photos;
  GPtrArray   *remotes;

  guint        loading;
  guint64      edit_serial;
};

G_DEFINE_FINAL_TYPE (CdStory, cd_story, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CdLink, cd_link, cd_link_copy, cd_link_free)
G_DEFINE_BOXED_TYPE (CdRemote, cd_remote, cd_remote_copy, cd_remote_free)

enum {
  PROP_0,
  PROP_ID,
  PROP_HEADLINE,
  PROP_DEK,
  PROP_BYLINE,
  PROP_DATELINE,
  PROP_SLUG,
  PROP_EFFECTIVE_SLUG,
  PROP_BODY,
  PROP_TAGS,
  PROP_SOURCE_TEXT,
  PROP_SOURCE_URL,
  PROP_STATUS,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_FIRST_PUBLISHED,
  PROP_LAST_PUSHED,
  PROP_PUBLISH_AT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Any real edit: counts it, bumps "updated" and emits ::changed, unless
 * the library is filling the object from disk.
 */
static void
mark_changed (CdStory *self)
{
  g_assert (CD_IS_STORY (self));

  if (self->loading > 0)
    return;

  self->edit_serial++;
  g_clear_pointer (&self->updated, g_date_time_unref);
  self->updated = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
update_effective_slug (CdStory *self)
{
  g_autofree char *slug = NULL;

  g_assert (CD_IS_STORY (self));

  slug = self->slug[0] != '\0' ? g_strdup (self->slug) : cd_slugify (self->headline);
  if (g_strcmp0 (slug, self->effective_slug) == 0)
    return;

  g_free (self->effective_slug);
  self->effective_slug = g_steal_pointer (&slug);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_SLUG]);
}

static void
set_text (CdStory    *self,
          char      **field,
          const char *value,
          guint       prop_id)
{
  g_assert (CD_IS_STORY (self));

  if (value == NULL)
    value = "";

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  if (prop_id == PROP_HEADLINE || prop_id == PROP_SLUG)
    update_effective_slug (self);

  mark_changed (self);
}

static gboolean
date_time_equal (GDateTime *a,
                 GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

static void
set_date_time (CdStory    *self,
               GDateTime **field,
               GDateTime  *value,
               guint       prop_id,
               gboolean    is_edit)
{
  g_assert (CD_IS_STORY (self));

  if (date_time_equal (*field, value))
    return;

  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  if (is_edit)
    mark_changed (self);
}

static gboolean
link_equal (const CdLink *a,
            const CdLink *b)
{
  return g_strcmp0 (a->title, b->title) == 0 && g_strcmp0 (a->url, b->url) == 0;
}

static gboolean
remote_equal (const CdRemote *a,
              const CdRemote *b)
{
  return g_strcmp0 (a->account, b->account) == 0 &&
         g_strcmp0 (a->remote_id, b->remote_id) == 0 &&
         g_strcmp0 (a->link, b->link) == 0 &&
         g_strcmp0 (a->modified, b->modified) == 0 &&
         g_strcmp0 (a->last_error, b->last_error) == 0 &&
         g_strcmp0 (a->client_slug, b->client_slug) == 0;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
on_photo_changed_cb (CdStory *self,
                     CdPhoto *photo)
{
  g_assert (CD_IS_STORY (self));

  mark_changed (self);
}

static void
cd_story_dispose (GObject *object)
{
  CdStory *self = (CdStory *)object;

  if (self->photos != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CdPhoto) photo = g_list_model_get_item (G_LIST_MODEL (self->photos), i);
          g_signal_handlers_disconnect_by_func (photo, on_photo_changed_cb, self);
        }
      g_clear_object (&self->photos);
    }

  G_OBJECT_CLASS (cd_story_parent_class)->dispose (object);
}

static void
cd_story_finalize (GObject *object)
{
  CdStory *self = (CdStory *)object;

  g_free (self->id);
  g_free (self->headline);
  g_free (self->dek);
  g_free (self->byline);
  g_free (self->dateline);
  g_free (self->slug);
  g_free (self->effective_slug);
  g_free (self->body);
  g_strfreev (self->tags);
  g_free (self->source_text);
  g_free (self->source_url);
  g_ptr_array_unref (self->related_links);
  g_ptr_array_unref (self->remotes);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->first_published, g_date_time_unref);
  g_clear_pointer (&self->last_pushed, g_date_time_unref);
  g_clear_pointer (&self->publish_at, g_date_time_unref);

  G_OBJECT_CLASS (cd_story_parent_class)->finalize (object);
}

static void
cd_story_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CdStory *self = CD_STORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, cd_story_get_id (self));
      break;
    case PROP_HEADLINE:
      g_value_set_string (value, cd_story_get_headline (self));
      break;
    case PROP_DEK:
      g_value_set_string (value, cd_story_get_dek (self));
      break;
    case PROP_BYLINE:
      g_value_set_string (value, cd_story_get_byline (self));
      break;
    case PROP_DATELINE:
      g_value_set_string (value, cd_story_get_dateline (self));
      break;
    case PROP_SLUG:
      g_value_set_string (value, cd_story_get_slug (self));
      break;
    case PROP_EFFECTIVE_SLUG:
      g_value_set_string (value, cd_story_get_effective_slug (self));
      break;
    case PROP_BODY:
      g_value_set_string (value, cd_story_get_body (self));
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, cd_story_get_tags (self));
      break;
    case PROP_SOURCE_TEXT:
      g_value_set_string (value, cd_story_get_source_text (self));
      break;
    case PROP_SOURCE_URL:
      g_value_set_string (value, cd_story_get_source_url (self));
      break;
    case PROP_STATUS:
      g_value_set_enum (value, cd_story_get_status (self));
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, cd_story_get_created (self));
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, cd_story_get_updated (self));
      break;
    case PROP_FIRST_PUBLISHED:
      g_value_set_boxed (value, cd_story_get_first_published (self));
      break;
    case PROP_LAST_PUSHED:
      g_value_set_boxed (value, cd_story_get_last_pushed (self));
      break;
    case PROP_PUBLISH_AT:
      g_value_set_boxed (value, cd_story_get_publish_at (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_story_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CdStory *self = CD_STORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_assert (self->id == NULL);
      self->id = g_value_dup_string (value);
      if (self->id == NULL || self->id[0] == '\0')
        {
          g_free (self->id);
          self->id = g_uuid_string_random ();
        }
      break;
    case PROP_HEADLINE:
      cd_story_set_headline (self, g_value_get_string (value));
      break;
    case PROP_DEK:
      cd_story_set_dek (self, g_value_get_string (value));
      break;
    case PROP_BYLINE:
      cd_story_set_byline (self, g_value_get_string (value));
      break;
    case PROP_DATELINE:
      cd_story_set_dateline (self, g_value_get_string (value));
      break;
    case PROP_SLUG:
      cd_story_set_slug (self, g_value_get_string (value));
      break;
    case PROP_BODY:
      cd_story_set_body (self, g_value_get_string (value));
      break;
    case PROP_TAGS:
      cd_story_set_tags (self, g_value_get_boxed (value));
      break;
    case PROP_SOURCE_TEXT:
      cd_story_set_source_text (self, g_value_get_string (value));
      break;
    case PROP_SOURCE_URL:
      cd_story_set_source_url (self, g_value_get_string (value));
      break;
    case PROP_FIRST_PUBLISHED:
      cd_story_set_first_published (self, g_value_get_boxed (value));
      break;
    case PROP_LAST_PUSHED:
      cd_story_set_last_pushed (self, g_value_get_boxed (value));
      break;
    case PROP_PUBLISH_AT:
      cd_story_set_publish_at (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_story_class_init (CdStoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cd_story_dispose;
  object_class->finalize = cd_story_finalize;
  object_class->get_property = cd_story_get_property;
  object_class->set_property = cd_story_set_property;

  /**
   * CdStory:id:
   *
   * The story's local UUID; made up when not given at construction.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * CdStory:headline:
   *
   * The headline.
   */
  properties[PROP_HEADLINE] = g_param_spec_string ("headline", NULL, NULL, "", rw);
  /**
   * CdStory:dek:
   *
   * The dek (standfirst): one or two sentences under the headline.
   */
  properties[PROP_DEK] = g_param_spec_string ("dek", NULL, NULL, "", rw);
  /**
   * CdStory:byline:
   *
   * Who wrote the story.
   */
  properties[PROP_BYLINE] = g_param_spec_string ("byline", NULL, NULL, "", rw);
  /**
   * CdStory:dateline:
   *
   * Where the story was filed from, e.g. "LOS ANGELES".
   */
  properties[PROP_DATELINE] = g_param_spec_string ("dateline", NULL, NULL, "", rw);
  /**
   * CdStory:slug:
   *
   * The slug an editor chose; "" while it is derived from the headline.
   */
  properties[PROP_SLUG] = g_param_spec_string ("slug", NULL, NULL, "", rw);
  /**
   * CdStory:effective-slug:
   *
   * The custom slug, or the one derived from the headline.
   */
  properties[PROP_EFFECTIVE_SLUG] = g_param_spec_string ("effective-slug", NULL, NULL, "", ro);
  /**
   * CdStory:body:
   *
   * The body, in Markdown.
   */
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, "", rw);
  /**
   * CdStory:tags:
   *
   * The story's tags, in order.
   */
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, rw);
  /**
   * CdStory:source-text:
   *
   * The source attribution, e.g. "Read the full story on latimes.com".
   */
  properties[PROP_SOURCE_TEXT] = g_param_spec_string ("source-text", NULL, NULL, "", rw);
  /**
   * CdStory:source-url:
   *
   * The link of the source attribution.
   */
  properties[PROP_SOURCE_URL] = g_param_spec_string ("source-url", NULL, NULL, "", rw);
  /**
   * CdStory:status:
   *
   * Where the story stands; changed with cd_story_transition() or the library.
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, CD_TYPE_STATUS, CD_STATUS_DRAFT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * CdStory:created:
   *
   * When the story was created.
   */
  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * CdStory:updated:
   *
   * When the story was last changed.
   */
  properties[PROP_UPDATED] =
    g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * CdStory:first-published:
   *
   * When the story first went live; %NULL before that.
   */
  properties[PROP_FIRST_PUBLISHED] =
    g_param_spec_boxed ("first-published", NULL, NULL, G_TYPE_DATE_TIME, rw);
  /**
   * CdStory:last-pushed:
   *
   * When the story was last sent to a target; %NULL before that.
   */
  properties[PROP_LAST_PUSHED] =
    g_param_spec_boxed ("last-pushed", NULL, NULL, G_TYPE_DATE_TIME, rw);
  /**
   * CdStory:publish-at:
   *
   * When the story should go live; %NULL for "as soon as it is pushed".
   */
  properties[PROP_PUBLISH_AT] =
    g_param_spec_boxed ("publish-at", NULL, NULL, G_TYPE_DATE_TIME, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdStory::changed:
   * @self: a #CdStory
   *
   * Emitted after any real edit of the story or of one of its photos
   * (including adding, removing or moving a photo), after "updated" moved.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cd_story_init (CdStory *self)
{
  self->headline = g_strdup ("");
  self->dek = g_strdup ("");
  self->byline = g_strdup ("");
  self->dateline = g_strdup ("");
  self->slug = g_strdup ("");
  self->effective_slug = g_strdup ("");
  self->body = g_strdup ("");
  self->tags = g_new0 (char *, 1);
  self->source_text = g_strdup ("");
  self->source_url = g_strdup ("");
  self->related_links = g_ptr_array_new_with_free_func ((GDestroyNotify)cd_link_free);
  self->remotes = g_ptr_array_new_with_free_func ((GDestroyNotify)cd_remote_free);
  self->status = CD_STATUS_DRAFT;
  self->created = g_date_time_new_now_utc ();
  self->updated = g_date_time_ref (self->created);
  self->photos = g_list_store_new (CD_TYPE_PHOTO);
}

/**
 * cd_link_new:
 * @title: (nullable): the link's text
 * @url: (nullable): the link's target
 *
 * Returns: (transfer full): a new link
 */
CdLink *
cd_link_new (const char *title,
             const char *url)
{
  CdLink *link = g_new0 (CdLink, 1);

  link->title = g_strdup (title != NULL ? title : "");
  link->url = g_strdup (url != NULL ? url : "");

  return link;
}

/**
 * cd_link_copy:
 * @link: a #CdLink
 *
 * Returns: (transfer full): a deep copy of @link
 */
CdLink *
cd_link_copy (const CdLink *link)
{
  g_return_val_if_fail (link != NULL, NULL);

  return cd_link_new (link->title, link->url);
}

/**
 * cd_link_free:
 * @link: (nullable): a #CdLink
 *
 * Frees @link and its strings.
 */
void
cd_link_free (CdLink *link)
{
  if (link == NULL)
    return;

  g_free (link->title);
  g_free (link->url);
  g_free (link);
}

/**
 * cd_remote_new:
 * @account: the account name
 *
 * Returns: (transfer full): a remote state with every other field %NULL
 */
CdRemote *
cd_remote_new (const char *account)
{
  CdRemote *remote;

  g_return_val_if_fail (account != NULL, NULL);

  remote = g_new0 (CdRemote, 1);
  remote->account = g_strdup (account);

  return remote;
}

/**
 * cd_remote_copy:
 * @remote: a #CdRemote
 *
 * Returns: (transfer full): a deep copy of @remote
 */
CdRemote *
cd_remote_copy (const CdRemote *remote)
{
  CdRemote *copy;

  g_return_val_if_fail (remote != NULL, NULL);

  copy = cd_remote_new (remote->account);
  copy->remote_id = g_strdup (remote->remote_id);
  copy->link = g_strdup (remote->link);
  copy->modified = g_strdup (remote->modified);
  copy->last_error = g_strdup (remote->last_error);
  copy->client_slug = g_strdup (remote->client_slug);

  return copy;
}

/**
 * cd_remote_free:
 * @remote: (nullable): a #CdRemote
 *
 * Frees @remote and its strings.
 */
void
cd_remote_free (CdRemote *remote)
{
  if (remote == NULL)
    return;

  g_free (remote->account);
  g_free (remote->remote_id);
  g_free (remote->link);
  g_free (remote->modified);
  g_free (remote->last_error);
  g_free (remote->client_slug);
  g_free (remote);
}

/**
 * cd_story_new:
 *
 * Returns: (transfer full): a new draft with a fresh UUID
 */
CdStory *
cd_story_new (void)
{
  return g_object_new (CD_TYPE_STORY, NULL);
}

/**
 * cd_story_new_with_id:
 * @id: (nullable): the story's UUID; %NULL makes a new one
 *
 * Returns: (transfer full): a new draft
 */
CdStory *
cd_story_new_with_id (const char *id)
{
  return g_object_new (CD_TYPE_STORY, "id", id, NULL);
}

/**
 * cd_story_get_id:
 * @self: a #CdStory
 *
 * Returns: (transfer none): the story's UUID
 */
const char *
cd_story_get_id (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return self->id;
}

#define DEFINE_TEXT_ACCESSORS(name, PROP)                       \
  const char *                                                  \
  cd_story_get_##name (CdStory *self)                           \
  {                                                             \
    g_return_val_if_fail (CD_IS_STORY (self), NULL);            \
    return self->name;                                          \
  }                                                             \
  void                                                          \
  cd_story_set_##name (CdStory    *self,                        \
                       const char *name)                        \
  {                                                             \
    g_return_if_fail (CD_IS_STORY (self));                      \
    set_text (self, &self->name, name, PROP);                   \
  }

/* Each getter returns (transfer none) a non-NULL string; each setter takes
 * (nullable) text, NULL meaning "".
 */
DEFINE_TEXT_ACCESSORS (headline, PROP_HEADLINE)
DEFINE_TEXT_ACCESSORS (dek, PROP_DEK)
DEFINE_TEXT_ACCESSORS (byline, PROP_BYLINE)
DEFINE_TEXT_ACCESSORS (dateline, PROP_DATELINE)
DEFINE_TEXT_ACCESSORS (slug, PROP_SLUG)
DEFINE_TEXT_ACCESSORS (body, PROP_BODY)
DEFINE_TEXT_ACCESSORS (source_text, PROP_SOURCE_TEXT)
DEFINE_TEXT_ACCESSORS (source_url, PROP_SOURCE_URL)

#undef DEFINE_TEXT_ACCESSORS

/**
 * cd_story_get_effective_slug:
 * @self: a #CdStory
 *
 * Returns: (transfer none): the custom slug, or the one derived from the
 *   headline while the slug was never edited
 */
const char *
cd_story_get_effective_slug (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return self->effective_slug;
}

/**
 * cd_story_get_tags:
 * @self: a #CdStory
 *
 * Returns: (transfer none) (array zero-terminated=1): the tags, never %NULL
 */
const char * const *
cd_story_get_tags (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return (const char * const *)self->tags;
}

/**
 * cd_story_set_tags:
 * @self: a #CdStory
 * @tags: (nullable) (array zero-terminated=1): the new tags
 *
 * Replaces the tags; %NULL means none.
 */
void
cd_story_set_tags (CdStory            *self,
                   const char * const *tags)
{
  static const char * const no_tags[] = { NULL };

  g_return_if_fail (CD_IS_STORY (self));

  if (tags == NULL)
    tags = no_tags;

  if (g_strv_equal ((const char * const *)self->tags, tags))
    return;

  g_strfreev (self->tags);
  self->tags = g_strdupv ((char **)tags);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
  mark_changed (self);
}

/**
 * cd_story_get_related_links:
 * @self: a #CdStory
 *
 * Returns: (transfer none) (element-type CdLink): the related links, in order
 */
GPtrArray *
cd_story_get_related_links (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return self->related_links;
}

/**
 * cd_story_set_related_links:
 * @self: a #CdStory
 * @links: (nullable) (element-type CdLink) (transfer none): the new links
 *
 * Replaces the related links with copies of @links.
 */
void
cd_story_set_related_links (CdStory   *self,
                            GPtrArray *links)
{
  guint n = links != NULL ? links->len : 0;
  gboolean same;

  g_return_if_fail (CD_IS_STORY (self));

  same = n == self->related_links->len;
  for (guint i = 0; same && i < n; i++)
    same = link_equal (g_ptr_array_index (links, i), g_ptr_array_index (self->related_links, i));
  if (same)
    return;

  g_ptr_array_set_size (self->related_links, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->related_links, cd_link_copy (g_ptr_array_index (links, i)));
  mark_changed (self);
}

/**
 * cd_story_get_status:
 * @self: a #CdStory
 *
 * Returns: where the story stands
 */
CdStatus
cd_story_get_status (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), CD_STATUS_DRAFT);

  return self->status;
}

/**
 * cd_story_transition:
 * @self: a #CdStory
 * @status: the wanted status
 * @error: return location for a #GError
 *
 * Moves the story to @status if cd-status allows it. This changes only the
 * object; the library's status calls also write the outbox.
 *
 * Returns: %TRUE on success; %FALSE with %CD_STATUS_ERROR_ILLEGAL_TRANSITION
 */
gboolean
cd_story_transition (CdStory   *self,
                     CdStatus   status,
                     GError   **error)
{
  g_return_val_if_fail (CD_IS_STORY (self), FALSE);
  g_return_val_if_fail (status <= CD_STATUS_LAST, FALSE);

  if (!cd_status_check_transition (self->status, status, error))
    return FALSE;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  mark_changed (self);

  return TRUE;
}

/**
 * cd_story_get_created:
 * @self: a #CdStory
 *
 * Returns: (transfer none): when the story was created
 */
GDateTime *
cd_story_get_created (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return self->created;
}

/**
 * cd_story_get_updated:
 * @self: a #CdStory
 *
 * Returns: (transfer none): when the story was last changed
 */
GDateTime *
cd_story_get_updated (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return self->updated;
}

/**
 * cd_story_get_first_published:
 * @self: a #CdStory
 *
 * Returns: (transfer none) (nullable): when the story first went live
 */
GDateTime *
cd_story_get_first_published (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return self->first_published;
}

/**
 * cd_story_set_first_published:
 * @self: a #CdStory
 * @when: (nullable): the time
 *
 * Sets when the story first went live.
 */
void
cd_story_set_first_published (CdStory   *self,
                              GDateTime *when)
{
  g_return_if_fail (CD_IS_STORY (self));

  set_date_time (self, &self->first_published, when, PROP_FIRST_PUBLISHED, TRUE);
}

/**
 * cd_story_get_last_pushed:
 * @self: a #CdStory
 *
 * Returns: (transfer none) (nullable): when the story was last pushed
 */
GDateTime *
cd_story_get_last_pushed (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return self->last_pushed;
}

/**
 * cd_story_set_last_pushed:
 * @self: a #CdStory
 * @when: (nullable): the time
 *
 * Sets when the story was last pushed.
 */
void
cd_story_set_last_pushed (CdStory   *self,
                          GDateTime *when)
{
  g_return_if_fail (CD_IS_STORY (self));

  set_date_time (self, &self->last_pushed, when, PROP_LAST_PUSHED, TRUE);
}

/**
 * cd_story_get_publish_at:
 * @self: a #CdStory
 *
 * Returns: (transfer none) (nullable): when the story should go live
 */
GDateTime *
cd_story_get_publish_at (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return self->publish_at;
}

/**
 * cd_story_set_publish_at:
 * @self: a #CdStory
 * @when: (nullable): the time, %NULL for "when pushed"
 *
 * Sets when the story should go live.
 */
void
cd_story_set_publish_at (CdStory   *self,
                         GDateTime *when)
{
  g_return_if_fail (CD_IS_STORY (self));

  set_date_time (self, &self->publish_at, when, PROP_PUBLISH_AT, TRUE);
}

/**
 * cd_story_get_photos:
 * @self: a #CdStory
 *
 * Returns: (transfer none): a #GListModel of #CdPhoto, in order
 */
GListModel *
cd_story_get_photos (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return G_LIST_MODEL (self->photos);
}

/**
 * cd_story_insert_photo:
 * @self: a #CdStory
 * @position: where to put it; past the end appends
 * @photo: (transfer none): the photo
 *
 * Adds @photo to the story; its changes then count as the story's.
 */
void
cd_story_insert_photo (CdStory *self,
                       guint    position,
                       CdPhoto *photo)
{
  guint n;

  g_return_if_fail (CD_IS_STORY (self));
  g_return_if_fail (CD_IS_PHOTO (photo));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
  position = MIN (position, n);

  g_signal_connect_object (photo, "changed", G_CALLBACK (on_photo_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_insert (self->photos, position, photo);
  mark_changed (self);
}

/**
 * cd_story_append_photo:
 * @self: a #CdStory
 * @photo: (transfer none): the photo
 *
 * Adds @photo after the story's other photos.
 */
void
cd_story_append_photo (CdStory *self,
                       CdPhoto *photo)
{
  g_return_if_fail (CD_IS_STORY (self));

  cd_story_insert_photo (self, G_MAXUINT, photo);
}

/**
 * cd_story_remove_photo:
 * @self: a #CdStory
 * @position: the photo's position
 *
 * Removes the photo at @position.
 */
void
cd_story_remove_photo (CdStory *self,
                       guint    position)
{
  g_autoptr(CdPhoto) photo = NULL;

  g_return_if_fail (CD_IS_STORY (self));
  g_return_if_fail (position < g_list_model_get_n_items (G_LIST_MODEL (self->photos)));

  photo = g_list_model_get_item (G_LIST_MODEL (self->photos), position);
  g_signal_handlers_disconnect_by_func (photo, on_photo_changed_cb, self);
  g_list_store_remove (self->photos, position);
  mark_changed (self);
}

/**
 * cd_story_move_photo:
 * @self: a #CdStory
 * @from: the photo's position
 * @to: its new position, counted after the move
 *
 * Moves one photo; the others keep their order.
 */
void
cd_story_move_photo (CdStory *self,
                     guint    from,
                     guint    to)
{
  g_autoptr(CdPhoto) photo = NULL;
  guint n;

  g_return_if_fail (CD_IS_STORY (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
  g_return_if_fail (from < n);
  g_return_if_fail (to < n);

  if (from == to)
    return;

  photo = g_list_model_get_item (G_LIST_MODEL (self->photos), from);
  g_list_store_remove (self->photos, from);
  g_list_store_insert (self->photos, to, photo);
  mark_changed (self);
}

/**
 * cd_story_get_remote:
 * @self: a #CdStory
 * @account: an account name
 *
 * Returns: (transfer none) (nullable): what @account knows of the story
 */
const CdRemote *
cd_story_get_remote (CdStory    *self,
                     const char *account)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  for (guint i = 0; i < self->remotes->len; i++)
    {
      const CdRemote *remote = g_ptr_array_index (self->remotes, i);

      if (g_str_equal (remote->account, account))
        return remote;
    }

  return NULL;
}

/**
 * cd_story_set_remote:
 * @self: a #CdStory
 * @remote: (transfer none): the remote state; its account picks the entry
 *
 * Adds or replaces the remote state of one account with a copy of @remote.
 */
void
cd_story_set_remote (CdStory        *self,
                     const CdRemote *remote)
{
  g_return_if_fail (CD_IS_STORY (self));
  g_return_if_fail (remote != NULL && remote->account != NULL);

  for (guint i = 0; i < self->remotes->len; i++)
    {
      CdRemote *old = g_ptr_array_index (self->remotes, i);

      if (g_str_equal (old->account, remote->account))
        {
          if (remote_equal (old, remote))
            return;
          g_ptr_array_index (self->remotes, i) = cd_remote_copy (remote);
          cd_remote_free (old);
          mark_changed (self);
          return;
        }
    }

  g_ptr_array_add (self->remotes, cd_remote_copy (remote));
  mark_changed (self);
}

/**
 * cd_story_get_remotes:
 * @self: a #CdStory
 *
 * Returns: (transfer none) (element-type CdRemote): every account's state
 */
GPtrArray *
cd_story_get_remotes (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  return self->remotes;
}

/**
 * cd_story_check_ready:
 * @self: a #CdStory
 *
 * The readiness checklist: headline, byline and body, and a caption,
 * credit and alt text on every photo.
 *
 * Returns: (transfer full) (element-type utf8): one translated sentence per
 *   missing item, in order; empty when the story is ready
 */
GPtrArray *
cd_story_check_ready (CdStory *self)
{
  GPtrArray *missing;
  guint n;

  g_return_val_if_fail (CD_IS_STORY (self), NULL);

  missing = g_ptr_array_new_with_free_func (g_free);

  if (is_blank (self->headline))
    g_ptr_array_add (missing, g_strdup (_("The headline is empty")));
  if (is_blank (self->byline))
    g_ptr_array_add (missing, g_strdup (_("The byline is empty")));
  if (is_blank (self->body))
    g_ptr_array_add (missing, g_strdup (_("The body is empty")));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->photos));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdPhoto) photo = g_list_model_get_item (G_LIST_MODEL (self->photos), i);

      if (is_blank (cd_photo_get_caption (photo)))
        /* Translators: %u is the photo's position in the story, from 1 */
        g_ptr_array_add (missing, g_strdup_printf (_("Photo %u has no caption"), i + 1));
      if (is_blank (cd_photo_get_credit (photo)))
        /* Translators: %u is the photo's position in the story, from 1 */
        g_ptr_array_add (missing, g_strdup_printf (_("Photo %u has no credit"), i + 1));
      if (is_blank (cd_photo_get_alt_text (photo)))
        /* Translators: %u is the photo's position in the story, from 1;
         * "alt text" is the text alternative read to people who cannot see it */
        g_ptr_array_add (missing, g_strdup_printf (_("Photo %u has no alt text"), i + 1));
    }

  return missing;
}

/**
 * cd_slugify:
 * @text: (nullable): a headline or any text
 *
 * Makes a URL slug: lower-case ASCII letters and digits separated by single
 * hyphens, accents transliterated, at most 80 characters, cut at a word.
 *
 * Returns: (transfer full): the slug, "" when @text has no letter or digit
 */
char *
cd_slugify (const char *text)
{
  g_autofree char *ascii = NULL;
  GString *slug;
  gboolean pending_hyphen = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  ascii = g_str_to_ascii (text, "C");
  slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (pending_hyphen && slug->len > 0)
            g_string_append_c (slug, '-');
          pending_hyphen = FALSE;
          g_string_append_c (slug, g_ascii_tolower (*p));
        }
      else if (*p != '\'')
        {
          /* "Editor's" becomes "editors", not "editor-s" */
          pending_hyphen = TRUE;
        }
    }

  if (slug->len > SLUG_MAX_LENGTH)
    {
      const char *cut;

      g_string_truncate (slug, SLUG_MAX_LENGTH + 1);
      /* Cut at the last hyphen, unless that leaves a single long word. */
      cut = strrchr (slug->str, '-');
      if (slug->str[SLUG_MAX_LENGTH] == '-')
        g_string_truncate (slug, SLUG_MAX_LENGTH);
      else if (cut != NULL && cut > slug->str)
        g_string_truncate (slug, cut - slug->str);
      else
        g_string_truncate (slug, SLUG_MAX_LENGTH);
    }

  return g_string_free (slug, FALSE);
}

/* Private API for the library (cd-story-private.h). */

void
_cd_story_begin_load (CdStory *self)
{
  g_return_if_fail (CD_IS_STORY (self));

  self->loading++;
}

void
_cd_story_end_load (CdStory *self)
{
  g_return_if_fail (CD_IS_STORY (self));
  g_return_if_fail (self->loading > 0);

  self->loading--;
}

gboolean
_cd_story_is_loading (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), FALSE);

  return self->loading > 0;
}

void
_cd_story_set_status_unchecked (CdStory  *self,
                                CdStatus  status)
{
  g_return_if_fail (CD_IS_STORY (self));
  g_return_if_fail (status <= CD_STATUS_LAST);

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_cd_story_set_created (CdStory   *self,
                       GDateTime *when)
{
  g_return_if_fail (CD_IS_STORY (self));
  g_return_if_fail (when != NULL);

  set_date_time (self, &self->created, when, PROP_CREATED, FALSE);
}

void
_cd_story_set_updated (CdStory   *self,
                       GDateTime *when)
{
  g_return_if_fail (CD_IS_STORY (self));
  g_return_if_fail (when != NULL);

  set_date_time (self, &self->updated, when, PROP_UPDATED, FALSE);
}

guint64
_cd_story_get_edit_serial (CdStory *self)
{
  g_return_val_if_fail (CD_IS_STORY (self), 0);

  return self->edit_serial;
}

GDateTime *
_cd_date_time_new_from_usec (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_add (seconds, usec % G_USEC_PER_SEC);
}

gint64
_cd_date_time_to_usec (GDateTime *when)
{
  g_return_val_if_fail (when != NULL, 0);

  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}
