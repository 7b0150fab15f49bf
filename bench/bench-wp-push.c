/* bench-wp-push.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * push.throughput_ratio: stories per second that CdPublisher pushes to a real
 * WordPress (WP_URL, WP_USER, WP_APP_PASSWORD from
 * tests/fixtures/with-wordpress.sh, which bench/run.sh starts for every
 * bench-wp-* program), divided by the best rate of curl sending the very same
 * requests to the same server: one curl process sending them one after the
 * other over a kept-alive connection, and `curl --parallel`.
 *
 * Each story: a headline, a dek, a byline, a ~600-word body in 10 paragraphs
 * and 3 tags out of 12; no photos. A warm-up run creates the tags (and warms
 * PHP), so every timed run finds them and does the same work: the API index,
 * one tag search per tag, then one post create per story. Copydesk's requests
 * are captured during its timed run (a SoupLogger, whose cost counts against
 * Copydesk) and curl replays them byte for byte, with the same headers. The
 * posts are deleted (force=true) between runs so that the slugs are free.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cd-http.h"
#include "cd-publisher.h"
#include "cd-wordpress-target.h"

#define N_STORIES     100
#define N_PARAGRAPHS  10
#define PARAGRAPH_LEN 60
#define MAX_ROUNDS    9

typedef struct
{
  char    *method;
  char    *path;       /* with the query */
  GPtrArray *headers;  /* "Name: value", without Host, Authorization, … */
  GString *body;       /* NULL when none */
} Request;

typedef struct
{
  GPtrArray *requests;  /* finished */
  Request   *current;
  gboolean   in_body;
} Capture;

static const char *words[] = {
  "council", "harbour", "vote", "budget", "mayor", "residents", "plan", "water", "street",
  "school", "police", "report", "week", "city", "year", "spokesperson", "said", "would",
  "the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "after", "before",
  "ferry", "bridge", "market", "traffic", "museum", "library", "storm", "festival",
  "hospital", "teachers", "union", "court", "judge", "contract", "tender", "waterfront",
};

static const char *tag_pool[] = {
  "Harbour", "City Hall", "Schools", "Transport", "Weather", "Culture", "Courts",
  "Health", "Budget", "Elections", "Housing", "Sport",
};

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_ptr_array_unref (request->headers);
  if (request->body != NULL)
    g_string_free (request->body, TRUE);
  g_free (request);
}

static void
capture_finish_current (Capture *capture)
{
  if (capture->current != NULL)
    g_ptr_array_add (capture->requests, g_steal_pointer (&capture->current));
  capture->in_body = FALSE;
}

/* SoupLogger prints each request whole, line by line: the request line,
 * the headers, an empty line, the body, then a line with direction ' '.
 */
static void
capture_printer (SoupLogger         *logger,
                 SoupLoggerLogLevel  level,
                 char                direction,
                 const char         *data,
                 gpointer            user_data)
{
  Capture *capture = user_data;

  if (direction != '>')
    {
      capture_finish_current (capture);
      return;
    }

  if (capture->current == NULL)
    {
      g_auto(GStrv) parts = g_strsplit (data, " ", 3);

      if (g_strv_length (parts) < 3)
        g_error ("Unexpected request line from the logger: %s", data);
      capture->current = g_new0 (Request, 1);
      capture->current->method = g_strdup (parts[0]);
      capture->current->path = g_strdup (parts[1]);
      capture->current->headers = g_ptr_array_new_with_free_func (g_free);
      return;
    }

  if (capture->in_body)
    {
      if (capture->current->body->len > 0)
        g_string_append_c (capture->current->body, '\n');
      g_string_append (capture->current->body, data);
      return;
    }

  if (*data == '\0')
    {
      capture->in_body = TRUE;
      capture->current->body = g_string_new (NULL);
      return;
    }

  /* Headers curl sets by itself, or that only the logger adds. */
  if (g_ascii_strncasecmp (data, "Host:", 5) != 0 &&
      g_ascii_strncasecmp (data, "Content-Length:", 15) != 0 &&
      g_ascii_strncasecmp (data, "Connection:", 11) != 0 &&
      g_ascii_strncasecmp (data, "Authorization:", 14) != 0 &&
      g_ascii_strncasecmp (data, "Soup-Debug", 10) != 0)
    g_ptr_array_add (capture->current->headers, g_strdup (data));
}

static char *
make_body (GRand *rand)
{
  GString *body = g_string_new (NULL);

  for (guint p = 0; p < N_PARAGRAPHS; p++)
    {
      if (p > 0)
        g_string_append (body, "\n\n");
      for (guint w = 0; w < PARAGRAPH_LEN; w++)
        {
          const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

          if (w > 0)
            g_string_append_c (body, ' ');
          if (w % 17 == 5)
            g_string_append_printf (body, "*%s*", word);
          else
            g_string_append (body, word);
          if (w % 12 == 11)
            g_string_append_c (body, '.');
        }
      g_string_append_c (body, '.');
    }

  return g_string_free (body, FALSE);
}

/* A fresh library of N_STORIES ready stories, the same words every time. */
static CdLibrary *
make_library (const char *dir,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (600);
  CdLibrary *library;

  library = cd_library_open (path, &error);
  g_assert_no_error (error);
  cd_library_set_default_account (library, "bench");
  for (guint i = 0; i < N_STORIES; i++)
    {
      g_autoptr(CdStory) story = cd_library_create_story (library, &error);
      g_autofree char *headline = g_strdup_printf ("Harbour plan number %u approved after a long night", i);
      g_autofree char *body = make_body (rand);
      const char *tags[4];

      g_assert_no_error (error);
      for (guint t = 0; t < 3; t++)
        tags[t] = tag_pool[(i + t * 5) % G_N_ELEMENTS (tag_pool)];
      tags[3] = NULL;
      cd_story_set_headline (story, headline);
      cd_story_set_dek (story, "The council voted 7–4 to rebuild the waterfront.");
      cd_story_set_byline (story, "Jane Doe");
      cd_story_set_body (story, body);
      cd_story_set_tags (story, tags);
      if (!cd_library_mark_ready (library, story, &error))
        g_error ("%s", error->message);
    }

  return library;
}

static CdTarget *
target_cb (const char  *account,
           gpointer     user_data,
           GError     **error)
{
  return g_object_ref (user_data);
}

static void
idle_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_publisher_run_until_idle_finish (CD_PUBLISHER (object), result, &error))
    g_error ("%s", error->message);
  *done = TRUE;
}

/* The sum of every request's time in the session, to tell how many were in
 * flight on average: below the parallelism, the client kept the server waiting.
 */
static gint64 request_us;

static void
request_queued_cb (SoupSession *session,
                   SoupMessage *msg)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "bench-start", start, g_free);
}

static void
request_unqueued_cb (SoupSession *session,
                     SoupMessage *msg)
{
  gint64 *start = g_object_get_data (G_OBJECT (msg), "bench-start");

  if (start != NULL)
    request_us += g_get_monotonic_time () - *start;
}

/* Pushes a fresh library; returns the seconds it took, and in @in_flight
 * the mean number of requests under way.
 */
static double
push_all (const char *dir,
          const char *name,
          const char *url,
          const char *user,
          const char *password,
          Capture    *capture,
          double     *in_flight)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = make_library (dir, name);
  g_autoptr(SoupSession) session = cd_http_session_new ();
  g_autoptr(CdTarget) target = NULL;
  g_autoptr(CdPublisher) publisher = NULL;
  gboolean done = FALSE;
  gint64 start, end;
  guint published;

  if (capture != NULL)
    {
      g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_BODY);

      soup_logger_set_printer (logger, capture_printer, capture, NULL);
      soup_session_add_feature (session, SOUP_SESSION_FEATURE (logger));
    }

  target = CD_TARGET (cd_wordpress_target_new ("bench", url, user, password, session, &error));
  g_assert_no_error (error);
  publisher = cd_publisher_new (library, target_cb, g_object_ref (target), g_object_unref);

  g_signal_connect (session, "request-queued", G_CALLBACK (request_queued_cb), NULL);
  g_signal_connect (session, "request-unqueued", G_CALLBACK (request_unqueued_cb), NULL);
  request_us = 0;
  start = g_get_monotonic_time ();
  cd_publisher_run_until_idle_async (publisher, 0, NULL, idle_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();
  if (in_flight != NULL)
    *in_flight = (double) request_us / (end - start);

  if (capture != NULL)
    capture_finish_current (capture);

  published = cd_library_get_count (library, CD_STATUS_PUBLISHED);
  if (published != N_STORIES)
    g_error ("Only %u of %u stories were published", published, N_STORIES);

  return (end - start) / 1e6;
}

/* Runs curl with a config file; returns the seconds it took and checks
 * that every transfer got a 2xx answer.
 */
static double
run_curl (const char *config,
          guint       parallel,
          guint       expected,
          GBytes    **output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) codes = NULL;
  int status = 0;
  guint ok = 0;
  gint64 start, end;

  g_ptr_array_add (argv, g_strdup ("curl"));
  g_ptr_array_add (argv, g_strdup ("--silent"));
  g_ptr_array_add (argv, g_strdup ("--show-error"));
  if (parallel > 0)
    {
      g_ptr_array_add (argv, g_strdup ("--parallel"));
      /* Otherwise curl holds transfers back, hoping to multiplex them on
       * a connection; WordPress here closes each connection after its answer.
       */
      g_ptr_array_add (argv, g_strdup ("--parallel-immediate"));
      g_ptr_array_add (argv, g_strdup ("--parallel-max"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", parallel));
    }
  g_ptr_array_add (argv, g_strdup ("--config"));
  g_ptr_array_add (argv, g_strdup (config));
  g_ptr_array_add (argv, NULL);

  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("curl: %s", error->message);
  end = g_get_monotonic_time ();
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("curl: %s: %s", error->message, err);

  /* Each transfer writes "CODE\n" (and its body, when asked for, before). */
  if (output != NULL)
    *output = g_bytes_new (out, strlen (out));
  else
    {
      codes = g_strsplit (out, "\n", -1);
      for (guint i = 0; codes[i] != NULL; i++)
        if (codes[i][0] == '2')
          ok++;
      if (ok != expected)
        g_error ("curl: %u of %u transfers succeeded:\n%s", ok, expected, out);
    }

  return (end - start) / 1e6;
}

static void
append_transfer (GString    *config,
                 const char *url,
                 const char *method,
                 const char *authorization,
                 GPtrArray  *headers,
                 const char *body_file,
                 gboolean    keep_output)
{
  if (config->len > 0)
    g_string_append (config, "next\n");
  g_string_append_printf (config, "url = \"%s\"\n", url);
  g_string_append_printf (config, "request = \"%s\"\n", method);
  g_string_append_printf (config, "header = \"%s\"\n", authorization);
  for (guint i = 0; headers != NULL && i < headers->len; i++)
    g_string_append_printf (config, "header = \"%s\"\n", (char *) g_ptr_array_index (headers, i));
  if (body_file != NULL)
    g_string_append_printf (config, "data-binary = \"@%s\"\n", body_file);
  if (!keep_output)
    g_string_append (config, "output = \"/dev/null\"\n");
  g_string_append (config, "write-out = \"%{http_code}\\n\"\n");
}

/* Deletes every post on the site for good, so that the next run's slugs
 * are free and the site holds what it held before.
 */
static void
delete_posts (const char *dir,
              const char *url,
              const char *authorization)
{
  for (;;)
    {
      g_autoptr(GString) config = g_string_new (NULL);
      g_autoptr(GString) deletes = g_string_new (NULL);
      g_autofree char *list_url = NULL;
      g_autofree char *list_config = g_build_filename (dir, "list.cfg", NULL);
      g_autofree char *delete_config = g_build_filename (dir, "delete.cfg", NULL);
      g_autoptr(GBytes) output = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      const char *text;
      const char *newline;
      JsonArray *posts;
      guint n;

      list_url = g_strdup_printf ("%s/?rest_route=/wp/v2/posts&status=any&context=edit"
                                  "&per_page=100&_fields=id", url);
      append_transfer (config, list_url, "GET", authorization, NULL, NULL, TRUE);
      g_file_set_contents (list_config, config->str, -1, &error);
      g_assert_no_error (error);
      run_curl (list_config, 0, 1, &output);

      /* The body, then the status code on its own last line. */
      text = g_bytes_get_data (output, NULL);
      newline = strrchr (text, '\n');
      newline = newline != NULL ? g_strrstr_len (text, newline - text, "]") : NULL;
      if (newline == NULL || !json_parser_load_from_data (parser, text, newline - text + 1, &error))
        g_error ("Could not list the posts: %s", text);
      posts = json_node_get_array (json_parser_get_root (parser));
      n = json_array_get_length (posts);
      if (n == 0)
        return;

      for (guint i = 0; i < n; i++)
        {
          gint64 id = json_object_get_int_member (json_array_get_object_element (posts, i), "id");
          g_autofree char *delete_url = g_strdup_printf ("%s/?rest_route=/wp/v2/posts/%" G_GINT64_FORMAT
                                                         "&force=true", url, id);

          append_transfer (deletes, delete_url, "DELETE", authorization, NULL, NULL, FALSE);
        }
      g_file_set_contents (delete_config, deletes->str, -1, &error);
      g_assert_no_error (error);
      run_curl (delete_config, 4, n, NULL);
    }
}

/* The captured requests as a curl config: one transfer each, in order. */
static void
write_replay (Capture    *capture,
              const char *dir,
              GUri       *base,
              const char *authorization,
              const char *config_path)
{
  g_autoptr(GString) config = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n_posts = 0;

  for (guint i = 0; i < capture->requests->len; i++)
    {
      Request *request = g_ptr_array_index (capture->requests, i);
      g_autofree char *body_file = NULL;
      g_autofree char *target_url = NULL;

      if (request->body != NULL && request->body->len > 0)
        {
          g_autofree char *name = g_strdup_printf ("body-%u.json", i);

          body_file = g_build_filename (dir, name, NULL);
          g_file_set_contents (body_file, request->body->str, request->body->len, &error);
          g_assert_no_error (error);
        }
      target_url = g_strdup_printf ("%s://%s:%d%s", g_uri_get_scheme (base), g_uri_get_host (base),
                                    g_uri_get_port (base), request->path);
      append_transfer (config, target_url, request->method, authorization, request->headers,
                       body_file, FALSE);
      if (g_str_equal (request->method, "POST") && strstr (request->path, "/posts") != NULL)
        n_posts++;
    }
  if (n_posts != N_STORIES)
    g_error ("Captured %u post creates, not %u", n_posts, N_STORIES);

  g_file_set_contents (config_path, config->str, -1, &error);
  g_assert_no_error (error);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_doubles);
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *url = g_getenv ("WP_URL");
  const char *user = g_getenv ("WP_USER");
  const char *password = g_getenv ("WP_APP_PASSWORD");
  const char *parallel_env = g_getenv ("COPYDESK_BENCH_CURL_PARALLEL");
  guint parallel = parallel_env != NULL ? (guint) g_ascii_strtoull (parallel_env, NULL, 10) : 4;
  g_autoptr(GError) error = NULL;
  const char *rounds_env = g_getenv ("COPYDESK_BENCH_ROUNDS");
  guint rounds = rounds_env != NULL ? (guint) g_ascii_strtoull (rounds_env, NULL, 10) : 3;
  g_autofree char *dir = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *config_path = NULL;
  g_autoptr(GUri) base = NULL;
  Capture capture = { 0 };
  double copydesk_s[MAX_ROUNDS], sequential_s[MAX_ROUNDS], parallel_s[MAX_ROUNDS];
  double in_flight[MAX_ROUNDS];
  double copydesk_rate, sequential_rate, parallel_rate, best;

  if (url == NULL || user == NULL || password == NULL)
    g_error ("Run me inside tests/fixtures/with-wordpress.sh: WP_URL, WP_USER and "
             "WP_APP_PASSWORD are not set");
  if (parallel == 0)
    parallel = 4;
  rounds = CLAMP (rounds, 1, MAX_ROUNDS);

  dir = g_dir_make_tmp ("copydesk-bench-wp-push-XXXXXX", &error);
  g_assert_no_error (error);
  credentials = g_strdup_printf ("%s:%s", user, password);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  authorization = g_strconcat ("Authorization: Basic ", encoded, NULL);
  base = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* Warm-up: PHP's caches, the database, and the 12 tags. */
  push_all (dir, "warm-up.db", url, user, password, NULL, NULL);
  delete_posts (dir, url, authorization);

  /* The first round's Copydesk run records the requests that curl replays. */
  capture.requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  config_path = g_build_filename (dir, "replay.cfg", NULL);

  for (guint round = 0; round < rounds; round++)
    {
      g_autofree char *name = g_strdup_printf ("timed-%u.db", round);

      copydesk_s[round] = push_all (dir, name, url, user, password,
                                    round == 0 ? &capture : NULL, &in_flight[round]);
      delete_posts (dir, url, authorization);
      if (round == 0)
        write_replay (&capture, dir, base, authorization, config_path);
      sequential_s[round] = run_curl (config_path, 0, capture.requests->len, NULL);
      delete_posts (dir, url, authorization);
      parallel_s[round] = run_curl (config_path, parallel, capture.requests->len, NULL);
      delete_posts (dir, url, authorization);
    }

  copydesk_rate = N_STORIES / median (copydesk_s, rounds);
  sequential_rate = N_STORIES / median (sequential_s, rounds);
  parallel_rate = N_STORIES / median (parallel_s, rounds);
  best = MAX (sequential_rate, parallel_rate);

  g_print ("push.requests = %u requests\n", capture.requests->len);
  g_print ("push.copydesk_rate = %.2f stories/s\n", copydesk_rate);
  g_print ("push.curl_sequential_rate = %.2f stories/s\n", sequential_rate);
  g_print ("push.curl_parallel_rate = %.2f stories/s\n", parallel_rate);
  g_print ("push.curl_parallel_max = %u transfers\n", parallel);
  g_print ("push.copydesk_in_flight = %.2f requests\n", median (in_flight, rounds));
  g_print ("push.throughput_ratio = %.2f ratio\n", copydesk_rate / best);
  for (guint round = 0; round < rounds; round++)
    g_printerr ("round %u: copydesk %.2f s (%.2f requests in flight), curl sequential %.2f s, "
                "curl parallel %.2f s\n", round + 1, copydesk_s[round], in_flight[round],
                sequential_s[round], parallel_s[round]);

  g_ptr_array_unref (capture.requests);
  remove_dir (dir);

  return 0;
}
