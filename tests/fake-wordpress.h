/* fake-wordpress.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* An in-process SoupServer speaking the subset of the WordPress REST API
 * that Copydesk uses, with the quirks that matter (unknown tag ids and a bad
 * featured_media silently dropped, unique slugs, term_exists, 207 batches)
 * and faults to inject. Only for fault injection: the real thing is in the
 * integration suite.
 */

typedef enum
{
  FAKE_FAULT_NONE,
  FAKE_FAULT_500,          /* 500 before doing anything */
  FAKE_FAULT_503,          /* 503 with Retry-After: 1 */
  FAKE_FAULT_RESET,        /* drop the connection before doing anything */
  FAKE_FAULT_LOST,         /* do the work, then drop the connection */
  FAKE_FAULT_TIMEOUT,      /* never answer */
  FAKE_FAULT_SLOW,         /* answer in slow chunks */
  FAKE_FAULT_MALFORMED,    /* 200 with broken JSON */
  FAKE_FAULT_HUGE,         /* 200 with a 17 MB chunked body */
  FAKE_FAULT_401,
  FAKE_FAULT_429,          /* 429 with Retry-After: 7 */
  FAKE_FAULT_SIDELOAD,     /* 500 rest_upload_sideload_error */
  FAKE_FAULT_FORBIDDEN,    /* 403 with a WordPress message */
} FakeFault;

typedef struct
{
  gint64  id;
  char   *slug;
  char   *title;
  char   *content;
  char   *excerpt;
  char   *status;
  char   *date_gmt;
  char   *modified_gmt;
  GArray *tags;
  gint64  featured_media;
} FakePost;

typedef struct
{
  gint64  id;
  char   *filename;
  char   *mime_type;
  gsize   size;
  char   *caption;
  char   *alt_text;
  char   *description;
  char   *slug;
} FakeMedia;

typedef struct _FakeWordpress FakeWordpress;

FakeWordpress *fake_wordpress_new              (const char    *user,
                                                const char    *password);
void           fake_wordpress_free             (FakeWordpress *fake);
char          *fake_wordpress_get_url          (FakeWordpress *fake);
void           fake_wordpress_set_batch        (FakeWordpress *fake,
                                                gboolean       enabled);
void           fake_wordpress_set_pretty       (FakeWordpress *fake,
                                                gboolean       enabled);
/* The next request whose "METHOD /route" starts with @prefix gets @fault. */
void           fake_wordpress_add_fault        (FakeWordpress *fake,
                                                const char    *prefix,
                                                FakeFault      fault);
/* Every request gets a random retryable fault with this probability. */
void           fake_wordpress_set_fault_rate   (FakeWordpress *fake,
                                                double         rate,
                                                guint32        seed);
/* The faults set_fault_rate() picks from; by default 500, 503, reset, lost, 429. */
void           fake_wordpress_set_fault_kinds  (FakeWordpress   *fake,
                                                const FakeFault *kinds,
                                                guint            n_kinds);
/* Each request inside a batch fails alone (500 in the 207) with this probability. */
void           fake_wordpress_set_batch_item_fault_rate (FakeWordpress *fake,
                                                double         rate);
void           fake_wordpress_set_drop_tags    (FakeWordpress *fake,
                                                gboolean       drop);
guint          fake_wordpress_count            (FakeWordpress *fake,
                                                const char    *prefix);
void           fake_wordpress_reset_counts     (FakeWordpress *fake);
/* How many faults were injected, random or added. */
guint          fake_wordpress_get_n_faults     (FakeWordpress *fake);
GPtrArray     *fake_wordpress_get_posts        (FakeWordpress *fake);
FakePost      *fake_wordpress_get_post         (FakeWordpress *fake,
                                                gint64         id);
FakeMedia     *fake_wordpress_get_media        (FakeWordpress *fake,
                                                gint64         id);
guint          fake_wordpress_get_n_media      (FakeWordpress *fake);
const char    *fake_wordpress_get_tag_name     (FakeWordpress *fake,
                                                gint64         id);
gint64         fake_wordpress_add_post         (FakeWordpress *fake,
                                                const char    *title,
                                                const char    *content);
void           fake_wordpress_touch_post       (FakeWordpress *fake,
                                                gint64         id);

G_END_DECLS
