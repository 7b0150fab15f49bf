/* cd-story.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-enums.h"
#include "cd-photo.h"
#include "cd-types.h"

G_BEGIN_DECLS

/* CdLink: a related link or the source attribution: title + URL. */
struct _CdLink
{
  char *title;
  char *url;
};

#define CD_TYPE_LINK (cd_link_get_type ())
GType   cd_link_get_type (void) G_GNUC_CONST;
CdLink *cd_link_new      (const char   *title,
                          const char   *url);
CdLink *cd_link_copy     (const CdLink *link);
void    cd_link_free     (CdLink       *link);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdLink, cd_link_free)

/* CdRemote: what one account (target) knows of the story. */
struct _CdRemote
{
  char      *account;     /* account name, e.g. "local" or "newsroom-wp" */
  char      *remote_id;   /* e.g. the WordPress post id, as text; NULL before the first push */
  char      *link;        /* public URL; nullable */
  char      *modified;    /* the server's modified time, verbatim (ISO 8601); nullable */
  char      *last_error;  /* the last failure, for people; nullable */
  char      *client_slug; /* the slug chosen before the first create attempt; nullable */
};

#define CD_TYPE_REMOTE (cd_remote_get_type ())
GType     cd_remote_get_type (void) G_GNUC_CONST;
CdRemote *cd_remote_new      (const char     *account);
CdRemote *cd_remote_copy     (const CdRemote *remote);
void      cd_remote_free     (CdRemote       *remote);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdRemote, cd_remote_free)

#define CD_TYPE_STORY (cd_story_get_type ())

G_DECLARE_FINAL_TYPE (CdStory, cd_story, CD, STORY, GObject)

/* A news story. Every text property is a non-NULL string ("" when empty).
 * Every setter notifies only on a real change; any change to the story or to
 * one of its photos (including adding, removing or moving a photo) also
 * bumps "updated" and emits ::changed, which the library's autosave watches.
 *
 * Properties: "id" (construct-only UUID), "headline", "dek", "byline",
 * "dateline", "slug" (the custom slug, "" while derived), "effective-slug"
 * (read-only: the custom slug or the one derived from the headline), "body"
 * (Markdown), "tags" (GStrv), "source-text", "source-url", "status"
 * (read-only, CdStatus), "created", "updated", "first-published",
 * "last-pushed", "publish-at" (GDateTime, the last three nullable).
 */
CdStory      *cd_story_new                 (void);
CdStory      *cd_story_new_with_id         (const char    *id);
const char   *cd_story_get_id              (CdStory       *self);

const char   *cd_story_get_headline        (CdStory       *self);
void          cd_story_set_headline        (CdStory       *self,
                                            const char    *headline);
const char   *cd_story_get_dek             (CdStory       *self);
void          cd_story_set_dek             (CdStory       *self,
                                            const char    *dek);
const char   *cd_story_get_byline          (CdStory       *self);
void          cd_story_set_byline          (CdStory       *self,
                                            const char    *byline);
const char   *cd_story_get_dateline        (CdStory       *self);
void          cd_story_set_dateline        (CdStory       *self,
                                            const char    *dateline);
const char   *cd_story_get_slug            (CdStory       *self);
void          cd_story_set_slug            (CdStory       *self,
                                            const char    *slug);
const char   *cd_story_get_effective_slug  (CdStory       *self);
const char   *cd_story_get_body            (CdStory       *self);
void          cd_story_set_body            (CdStory       *self,
                                            const char    *body);
const char * const *cd_story_get_tags      (CdStory       *self);
void          cd_story_set_tags            (CdStory       *self,
                                            const char * const *tags);
const char   *cd_story_get_source_text     (CdStory       *self);
void          cd_story_set_source_text     (CdStory       *self,
                                            const char    *source_text);
const char   *cd_story_get_source_url      (CdStory       *self);
void          cd_story_set_source_url      (CdStory       *self,
                                            const char    *source_url);

/* Related links, in order: (element-type CdLink) (transfer none) */
GPtrArray    *cd_story_get_related_links   (CdStory       *self);
void          cd_story_set_related_links   (CdStory       *self,
                                            GPtrArray     *links);

CdStatus      cd_story_get_status          (CdStory       *self);
gboolean      cd_story_transition          (CdStory       *self,
                                            CdStatus       status,
                                            GError       **error);

GDateTime    *cd_story_get_created         (CdStory       *self);
GDateTime    *cd_story_get_updated         (CdStory       *self);
GDateTime    *cd_story_get_first_published (CdStory       *self);
void          cd_story_set_first_published (CdStory       *self,
                                            GDateTime     *when);
GDateTime    *cd_story_get_last_pushed     (CdStory       *self);
void          cd_story_set_last_pushed     (CdStory       *self,
                                            GDateTime     *when);
GDateTime    *cd_story_get_publish_at      (CdStory       *self);
void          cd_story_set_publish_at      (CdStory       *self,
                                            GDateTime     *when);

/* The photos, in order: a GListModel of CdPhoto (transfer none). */
GListModel   *cd_story_get_photos          (CdStory       *self);
void          cd_story_insert_photo        (CdStory       *self,
                                            guint          position,
                                            CdPhoto       *photo);
void          cd_story_append_photo        (CdStory       *self,
                                            CdPhoto       *photo);
void          cd_story_remove_photo        (CdStory       *self,
                                            guint          position);
void          cd_story_move_photo          (CdStory       *self,
                                            guint          from,
                                            guint          to);

/* Remote state, one per account: (transfer none) (nullable) */
const CdRemote *cd_story_get_remote        (CdStory       *self,
                                            const char    *account);
void          cd_story_set_remote          (CdStory       *self,
                                            const CdRemote *remote);
/* (element-type CdRemote) (transfer none) */
GPtrArray    *cd_story_get_remotes         (CdStory       *self);

/* The readiness checklist: (transfer full) (element-type utf8) one
 * translated sentence per missing item ("The headline is empty", "Photo 2
 * has no credit"); an empty array when the story is ready.
 */
GPtrArray    *cd_story_check_ready         (CdStory       *self);

char         *cd_slugify                   (const char    *text);

G_END_DECLS
