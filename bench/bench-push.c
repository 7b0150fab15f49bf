/* bench-push.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * push.client_cpu: the client's CPU time per story (user + system, from
 * getrusage) for 1,000 pushes through the publisher to the fake WordPress
 * of the tests, without faults. The server runs in a child process, so its
 * CPU is not counted. Each story: headline, dek, byline, a 3-paragraph
 * body, two tags and one photo (upload, metadata, then the post).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cd-http.h"
#include "cd-publisher.h"
#include "cd-wordpress-target.h"
#include "fake-wordpress.h"

#define N_STORIES 1000
#define USER      "bench"
#define PASSWORD  "abcd EFGH ijkl MNOP qrst UVWX"

static void
serve (int fd)
{
  FakeWordpress *fake = fake_wordpress_new (USER, PASSWORD);
  g_autofree char *url = fake_wordpress_get_url (fake);
  g_autofree char *line = g_strdup_printf ("%s\n", url);
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);

  if (write (fd, line, strlen (line)) < 0)
    _exit (1);
  close (fd);
  g_main_loop_run (loop);
  _exit (0);
}

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
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

int
main (int   argc,
      char *argv[])
{
  const char *tags[] = { "Harbour", "City Hall", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *photo_path = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(CdPublisher) publisher = NULL;
  g_autoptr(CdTarget) target = NULL;
  g_autoptr(SoupSession) session = NULL;
  char url[256] = { 0 };
  gboolean done = FALSE;
  double before, after;
  int fds[2];
  pid_t server;
  FILE *stream;
  guint published;

  /* The server first, before this process has threads or a main context. */
  if (pipe (fds) != 0)
    return 1;
  server = fork ();
  if (server == 0)
    {
      close (fds[0]);
      serve (fds[1]);
    }
  close (fds[1]);
  stream = fdopen (fds[0], "r");
  if (stream == NULL || fgets (url, sizeof url, stream) == NULL)
    return 1;
  fclose (stream);
  g_strchomp (url);

  dir = g_dir_make_tmp ("copydesk-bench-push-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "library.db", NULL);
  photo_path = g_build_filename (dir, "photo.jpg", NULL);
  g_file_set_contents (photo_path, "JPEG bytes of a small photo", -1, &error);
  g_assert_no_error (error);

  library = cd_library_open (path, &error);
  g_assert_no_error (error);
  cd_library_set_default_account (library, "bench");
  for (guint i = 0; i < N_STORIES; i++)
    {
      g_autoptr(CdStory) story = cd_library_create_story (library, &error);
      g_autoptr(CdPhoto) photo = cd_photo_new ();
      g_autofree char *headline = g_strdup_printf ("Harbour plan number %u approved", i);

      g_assert_no_error (error);
      cd_story_set_headline (story, headline);
      cd_story_set_dek (story, "The council voted 7–4 to rebuild the waterfront.");
      cd_story_set_byline (story, "Jane Doe");
      cd_story_set_body (story, "The vote came after *midnight*.\n\nCritics said the cost was "
                                "too high.\n\nWork starts in the spring.");
      cd_story_set_tags (story, tags);
      cd_photo_set_file_path (photo, photo_path);
      cd_photo_set_content_hash (photo, "0123456789abcdef");
      cd_photo_set_mime_type (photo, "image/jpeg");
      cd_photo_set_original_name (photo, "photo.jpg");
      cd_photo_set_caption (photo, "Boats at dawn.");
      cd_photo_set_credit (photo, "Jessica McGowan/Getty Images");
      cd_photo_set_alt_text (photo, "Boats in a harbour");
      cd_story_append_photo (story, photo);
      if (!cd_library_mark_ready (library, story, &error))
        g_error ("%s", error->message);
    }

  session = cd_http_session_new ();
  target = CD_TARGET (cd_wordpress_target_new ("bench", url, USER, PASSWORD, session, &error));
  g_assert_no_error (error);
  publisher = cd_publisher_new (library, target_cb, g_object_ref (target), g_object_unref);

  before = cpu_ms ();
  cd_publisher_run_until_idle_async (publisher, 0, NULL, idle_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  after = cpu_ms ();

  published = cd_library_get_count (library, CD_STATUS_PUBLISHED);
  kill (server, SIGTERM);
  waitpid (server, NULL, 0);
  if (published != N_STORIES)
    g_error ("Only %u of %u stories were published", published, N_STORIES);

  g_print ("push.client_cpu = %.2f ms\n", (after - before) / N_STORIES);

  g_clear_object (&publisher);
  g_clear_object (&library);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        if (g_file_test (file, G_FILE_TEST_IS_DIR))
          g_rmdir (file);
        else
          g_unlink (file);
      }
    g_rmdir (dir);
  }

  return 0;
}
