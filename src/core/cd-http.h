/* cd-http.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Defaults of the one SoupSession factory. */
#define CD_HTTP_TIMEOUT_SECONDS       30
#define CD_HTTP_IDLE_TIMEOUT_SECONDS  60
#define CD_HTTP_MAX_CONNS             16
#define CD_HTTP_MAX_CONNS_PER_HOST     6
#define CD_HTTP_MAX_RESPONSE_BYTES    (16 * 1024 * 1024)
/* A body must arrive within this many I/O timeouts (2 minutes by default). */
#define CD_HTTP_BODY_DEADLINE_FACTOR   4

SoupSession *cd_http_session_new           (void);
SoupSession *cd_http_session_new_full      (guint          timeout_seconds,
                                            guint          max_conns_per_host);

gboolean     cd_http_check_site_url        (const char    *url,
                                            GError       **error);

void         cd_http_send_async            (SoupSession          *session,
                                            SoupMessage          *msg,
                                            gsize                 max_bytes,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GBytes      *cd_http_send_finish           (SoupSession          *session,
                                            GAsyncResult         *result,
                                            GError              **error);

char        *cd_http_content_disposition   (const char           *filename);

G_END_DECLS
