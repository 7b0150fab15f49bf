/* cd-test-live.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Helpers for the tests against the real WordPress: reads that go around
 * the code under test.
 */
JsonNode   *cd_test_live_rest_get (SoupSession *session,
                                   const char  *url,
                                   const char  *user,
                                   const char  *password,
                                   const char  *route,
                                   const char  *query,
                                   guint       *total);
const char *cd_test_live_raw_of   (JsonObject  *object,
                                   const char  *member);

G_END_DECLS
