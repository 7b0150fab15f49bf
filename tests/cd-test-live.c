/* cd-test-live.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cd-test-live.h"

/* A direct, authenticated REST read (GET @route?@query); asserts a 200 and
 * returns the parsed body. @total receives X-WP-Total when asked.
 */
JsonNode *
cd_test_live_rest_get (SoupSession *session,
                       const char  *url,
                       const char  *user,
                       const char  *password,
                       const char  *route,
                       const char  *query,
                       guint       *total)
{
  g_autofree char *credentials = g_strdup_printf ("%s:%s", user, password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *auth = g_strdup_printf ("Basic %s", encoded);
  g_autofree char *uri = g_strdup_printf ("%s/wp-json%s?%s", url, route, query);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  if (total != NULL)
    *total = (guint) atoi (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                         "X-WP-Total"));

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

/* The "raw" text of a rendered field such as "title" or "content". */
const char *
cd_test_live_raw_of (JsonObject *object,
                     const char *member)
{
  return json_object_get_string_member (json_object_get_object_member (object, member), "raw");
}
