/* archive-bench.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sweeping 500 posts on a real WordPress (run under
 * tests/fixtures/with-wordpress.sh): Copydesk's archiver against a naive
 * sweep that sends one GET and one update per post, same server, same run.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "cd-archiver.h"
#include "cd-http.h"
#include "cd-render.h"
#include "cd-syncer.h"
#include "cd-wordpress-target.h"

#define N_POSTS 500
#define ACCOUNT "bench"
#define NOTICE  "This is an archived article."

static SoupSession *session;
static const char *url, *user, *password;
static char *authorization;

static JsonNode *
rest (const char *method,
      const char *route,
      const char *query,
      const char *body)
{
  g_autofree char *uri = g_strdup_printf ("%s/wp-json%s?%s", url, route, query != NULL ? query : "");
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (reply == NULL || soup_message_get_status (msg) / 100 != 2)
    g_error ("%s %s: %s", method, route, error != NULL ? error->message : soup_message_get_reason_phrase (msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error))
    g_error ("%s %s: %s", method, route, error->message);

  return json_node_ref (json_parser_get_root (parser));
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static char *
json_string (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return json_to_string (node, FALSE);
}

/* Setup, not timed: the posts, created 25 at a time. */
static GArray *
create_posts (void)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint first = 0; first < N_POSTS; first += 25)
    {
      g_autoptr(GString) body = g_string_new ("{\"requests\": [");
      g_autoptr(JsonNode) reply = NULL;
      JsonArray *responses;

      for (guint i = first; i < first + 25 && i < N_POSTS; i++)
        g_string_append_printf (body, "%s{\"method\": \"POST\", \"path\": \"/wp/v2/posts\", \"body\":"
                                " {\"title\": \"Bench story %u\", \"status\": \"publish\","
                                " \"date_gmt\": \"2022-03-%02uT10:00:00\","
                                " \"content\": \"<p>Paragraph one of story %u.</p>\\n<p>Paragraph two.</p>\"}}",
                                i > first ? "," : "", i, 1 + i % 28, i);
      g_string_append (body, "]}");
      reply = rest ("POST", "/batch/v1", NULL, body->str);
      responses = json_object_get_array_member (json_node_get_object (reply), "responses");
      for (guint i = 0; i < json_array_get_length (responses); i++)
        {
          JsonObject *response = json_array_get_object_element (responses, i);
          gint64 id = json_object_get_int_member (json_object_get_object_member (response, "body"), "id");

          g_array_append_val (ids, id);
        }
    }

  return ids;
}

static gint64
ensure_tag (void)
{
  g_autoptr(JsonNode) found = rest ("GET", "/wp/v2/tags", "search=Archived&_fields=id,name", NULL);
  JsonArray *array = json_node_get_array (found);
  g_autoptr(JsonNode) created = NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (array, i), "name"), "Archived"))
      return json_object_get_int_member (json_array_get_object_element (array, i), "id");

  created = rest ("POST", "/wp/v2/tags", NULL, "{\"name\": \"Archived\"}");
  return json_object_get_int_member (json_node_get_object (created), "id");
}

/* One GET and one update per post, one at a time: what a script does. */
static guint
naive_sweep (GArray *ids,
             gint64  tag)
{
  guint requests = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *route = g_strdup_printf ("/wp/v2/posts/%" G_GINT64_FORMAT, g_array_index (ids, gint64, i));
      g_autoptr(JsonNode) post = rest ("GET", route, "context=edit", NULL);
      g_autoptr(JsonNode) updated = NULL;
      JsonObject *object = json_node_get_object (post);
      const char *raw = json_object_get_string_member (json_object_get_object_member (object, "content"), "raw");
      g_autofree char *content = cd_render_add_archived_notice (raw, NOTICE);
      g_autofree char *quoted = json_string (content);
      g_autofree char *body = g_strdup_printf ("{\"content\": %s, \"tags\": [%" G_GINT64_FORMAT "]}", quoted, tag);

      updated = rest ("POST", route, NULL, body);
      requests += 2;
    }

  return requests;
}

static CdArchiveReport *
sweep (CdArchiver *archiver,
       GStrv       story_ids,
       gboolean    archive)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CdArchiveReport *report;

  if (archive)
    cd_archiver_archive_async (archiver, (const char * const *) story_ids, NULL, result_cb, &result);
  else
    cd_archiver_unarchive_async (archiver, (const char * const *) story_ids, NULL, result_cb, &result);
  report = archive ? cd_archiver_archive_finish (archiver, wait_for (&result), &error)
                   : cd_archiver_unarchive_finish (archiver, wait_for (&result), &error);
  if (report == NULL)
    g_error ("sweep: %s", error->message);
  if (report->changed != N_POSTS || report->failed != 0)
    g_error ("sweep: %u changed, %u failed", report->changed, report->failed);

  return report;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdWordpressTarget) target = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(CdSyncer) syncer = NULL;
  g_autoptr(CdArchiver) archiver = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) cutoff = cd_archiver_get_cutoff (now, 365, CD_ARCHIVE_AGE_UNIT_DAYS);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(CdArchiveReport) archived = NULL;
  g_autoptr(CdArchiveReport) restored = NULL;
  g_auto(GStrv) story_ids = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  gint64 start;
  double copydesk_s, naive_s;
  guint copydesk_requests, naive_requests, before;

  url = g_getenv ("WP_URL");
  user = g_getenv ("WP_USER");
  password = g_getenv ("WP_APP_PASSWORD");
  if (url == NULL || user == NULL || password == NULL)
    {
      fprintf (stderr, "Run this under tests/fixtures/with-wordpress.sh\n");
      return 1;
    }
  credentials = g_strdup_printf ("%s:%s", user, password);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  authorization = g_strdup_printf ("Basic %s", encoded);
  session = cd_http_session_new ();

  ids = create_posts ();
  dir = g_dir_make_tmp ("copydesk-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "library.db", NULL);
  library = cd_library_open (path, &error);
  g_assert_no_error (error);
  target = cd_wordpress_target_new (ACCOUNT, url, user, password, session, &error);
  g_assert_no_error (error);

  /* Untimed: the library learns what is published. */
  syncer = cd_syncer_new (library, CD_TARGET (target));
  cd_syncer_sync_async (syncer, TRUE, NULL, result_cb, &synced);
  if (!cd_syncer_sync_finish (syncer, wait_for (&synced), NULL, &error))
    g_error ("sync: %s", error->message);

  archiver = cd_archiver_new (library, CD_TARGET (target));
  cd_archiver_set_notice (archiver, NOTICE);
  pieces = cd_archiver_preview (archiver, cutoff, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < pieces->len; i++)
    g_strv_builder_add (builder, ((CdArchivePiece *) g_ptr_array_index (pieces, i))->story_id);
  story_ids = g_strv_builder_end (builder);
  if (pieces->len != N_POSTS)
    g_error ("preview: %u pieces, not %u", pieces->len, N_POSTS);

  /* Copydesk: preview's pieces, archived. */
  before = cd_wordpress_target_get_request_count (target);
  start = g_get_monotonic_time ();
  archived = sweep (archiver, story_ids, TRUE);
  copydesk_s = (g_get_monotonic_time () - start) / 1e6;
  copydesk_requests = cd_wordpress_target_get_request_count (target) - before;

  /* Untimed: back as they were, for the naive sweep. */
  restored = sweep (archiver, story_ids, FALSE);

  start = g_get_monotonic_time ();
  naive_requests = naive_sweep (ids, ensure_tag ());
  naive_s = (g_get_monotonic_time () - start) / 1e6;

  printf ("archive.copydesk_requests = %u requests\n", copydesk_requests);
  printf ("archive.naive_requests = %u requests\n", naive_requests);
  printf ("archive.copydesk_time = %.2f s\n", copydesk_s);
  printf ("archive.naive_time = %.2f s\n", naive_s);
  printf ("archive.request_ratio = %.1f x\n", (double) naive_requests / copydesk_requests);
  printf ("archive.speedup = %.1f x\n", naive_s / copydesk_s);

  g_clear_object (&archiver);
  g_clear_object (&syncer);
  g_clear_object (&library);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);

        g_remove (child);
      }
    g_rmdir (dir);
  }
  g_clear_object (&session);
  g_free (authorization);

  return 0;
}
