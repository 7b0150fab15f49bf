/* cd-wordpress-json.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper nesting than this is refused before json-glib (which recurses)
 * sees it; WordPress answers nest about six deep.
 */
#define CD_WP_JSON_MAX_DEPTH 64

/* The parts of a WordPress post Copydesk reads. Strings are never NULL
 * ("" when absent), except the raw fields, which only `context=edit` gives.
 */
typedef struct
{
  gint64  id;
  char   *link;
  char   *slug;
  char   *status;
  char   *date;
  char   *date_gmt;
  char   *modified_gmt;
  char   *title_rendered;
  char   *title_raw;      /* nullable */
  char   *content_raw;    /* nullable */
  char   *excerpt_raw;    /* nullable */
  gint64  featured_media;
  GArray *tags;           /* (element-type gint64) */
} CdWpPost;

typedef struct
{
  gint64  id;
  char   *source_url;
  char   *mime_type;
} CdWpMedia;

typedef struct
{
  gint64  id;
  char   *name;           /* as WordPress gives it: HTML entities escaped */
} CdWpTerm;

typedef struct
{
  guint     status;
  JsonNode *body;         /* nullable */
} CdWpBatchItem;

void           cd_wp_post_free               (CdWpPost       *post);
void           cd_wp_media_free              (CdWpMedia      *media);
void           cd_wp_term_free               (CdWpTerm       *term);
void           cd_wp_batch_item_free         (CdWpBatchItem  *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdWpPost, cd_wp_post_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdWpMedia, cd_wp_media_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdWpTerm, cd_wp_term_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdWpBatchItem, cd_wp_batch_item_free)

JsonNode      *cd_wp_json_parse              (GBytes         *bytes,
                                              GError        **error);

CdWpPost      *cd_wp_post_from_json          (JsonNode       *node,
                                              GError        **error);
GPtrArray     *cd_wp_posts_from_json         (JsonNode       *node,
                                              GError        **error);
CdWpMedia     *cd_wp_media_from_json         (JsonNode       *node,
                                              GError        **error);
CdWpTerm      *cd_wp_term_from_json          (JsonNode       *node,
                                              GError        **error);
GPtrArray     *cd_wp_terms_from_json         (JsonNode       *node,
                                              GError        **error);
GPtrArray     *cd_wp_batch_reply_from_json   (JsonNode       *node,
                                              guint           n_requests,
                                              GError        **error);
gboolean       cd_wp_index_has_route         (JsonNode       *index,
                                              const char     *route);

gboolean       cd_wp_error_body_parse        (JsonNode       *node,
                                              char          **code,
                                              char          **message,
                                              gint64         *term_id);
guint          cd_wp_parse_retry_after       (const char     *value,
                                              GDateTime      *now);
GError        *cd_wp_error_from_response     (guint           status,
                                              GBytes         *body,
                                              const char     *retry_after);

char          *cd_wp_unescape_html           (const char     *text);

G_END_DECLS
