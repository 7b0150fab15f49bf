/* cd-wordpress-target-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "cd-wordpress-target.h"

G_BEGIN_DECLS

/* WordPress's batch endpoint takes at most 25 requests. */
#define BATCH_MAX            25
#define LIST_PAGE_SIZE       100
#define DEFAULT_MAX_PARALLEL 4
/* The largest offset of a site's time zone from UTC: modified_after is
 * compared with the site-local column, so ask for this much more and
 * filter by modified_gmt here.
 */
#define TZ_SLACK_SECONDS     (14 * 60 * 60)
#define ARCHIVED_TAG         "Archived"

typedef enum
{
  API_UNKNOWN,
  API_PRETTY,   /* /wp-json/wp/v2/… */
  API_QUERY,    /* /?rest_route=/wp/v2/… when pretty permalinks are off */
} ApiMode;

struct _CdWordpressTarget
{
  GObject      parent_instance;

  char        *account;
  char        *url;
  char        *user;
  char        *password;
  char        *authorization;
  SoupSession *session;

  ApiMode      api_mode;
  gboolean     has_batch;
  GPtrArray   *api_waiters;  /* GTask waiting for the discovery under way */
  GHashTable  *tag_ids;      /* casefolded name -> gint64 id, per run */
  guint        max_parallel;
  guint        request_count;
};

/* The request layer (cd-wordpress-target.c): the result of a request is
 * the parsed JSON of a 2xx answer, or a CD_TARGET_ERROR.
 */
void      _cd_wordpress_target_request_async      (CdWordpressTarget    *self,
                                                   const char           *method,
                                                   const char           *route,
                                                   const char           *query,
                                                   JsonNode             *json_body,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
JsonNode *_cd_wordpress_target_request_finish     (CdWordpressTarget    *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void      _cd_wordpress_target_ensure_api_async   (CdWordpressTarget    *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean  _cd_wordpress_target_ensure_api_finish  (CdWordpressTarget    *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void      _cd_wordpress_target_resolve_tag_async  (CdWordpressTarget    *self,
                                                   const char           *name,
                                                   gboolean              create,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gint64    _cd_wordpress_target_resolve_tag_finish (CdWordpressTarget    *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
char     *_cd_wordpress_id_to_string              (gint64                id);
gboolean  _cd_wordpress_same_tags                 (GArray               *sent,
                                                  GArray               *got);

/* Listing and archiving (cd-wordpress-target-archive.c). */
void       _cd_wordpress_target_list_published_async  (CdTarget            *target,
                                                       GDateTime           *after,
                                                       gboolean             with_content,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray *_cd_wordpress_target_list_published_finish (CdTarget      *target,
                                                       GAsyncResult  *result,
                                                       GError       **error);
void       _cd_wordpress_target_set_archived_async    (CdTarget            *target,
                                                       const char * const  *remote_ids,
                                                       const char * const  *expected_modified,
                                                       gboolean             archived,
                                                       const char          *notice,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray *_cd_wordpress_target_set_archived_finish   (CdTarget      *target,
                                                       GAsyncResult  *result,
                                                       GError       **error);

G_END_DECLS
