/* test-publisher.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cd-http.h"
#include "cd-publisher.h"
#include "cd-status.h"
#include "cd-wordpress-target.h"
#include "fake-wordpress.h"
#include "library-test-util.h"

#define ACCOUNT  "newsroom"
#define USER     "editor"
#define PASSWORD "abcd EFGH ijkl MNOP qrst UVWX"

typedef struct
{
  char          *tmpdir;
  char          *path;
  FakeWordpress *fake;
  SoupSession   *session;
  CdTarget      *target;
  CdLibrary     *library;
  CdPublisher   *publisher;
  GHashTable    *finished;   /* story id -> count of story-finished */
  GPtrArray     *attention;  /* account names */
  guint          requests;
  guint          requests_unsynced; /* sent while a commit was not on disk */
  guint          in_flight;
  guint          max_in_flight;
} Fixture;

static CdTarget *
get_target_cb (const char  *account,
               gpointer     user_data,
               GError     **error)
{
  Fixture *f = user_data;

  g_assert_cmpstr (account, ==, ACCOUNT);
  return g_object_ref (f->target);
}

static void
story_finished_cb (CdPublisher  *publisher,
                   const char   *story_id,
                   const GError *error,
                   Fixture      *f)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->finished, story_id));

  g_hash_table_replace (f->finished, g_strdup (story_id), GUINT_TO_POINTER (n + 1));
}

static void
account_needs_attention_cb (CdPublisher  *publisher,
                            const char   *account,
                            const GError *error,
                            Fixture      *f)
{
  g_assert_error (error, CD_TARGET_ERROR, CD_TARGET_ERROR_AUTH);
  g_ptr_array_add (f->attention, g_strdup (account));
}

static void
open_publisher (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->library = cd_library_open (f->path, &error);
  g_assert_no_error (error);
  cd_library_set_default_account (f->library, ACCOUNT);
  f->publisher = cd_publisher_new (f->library, get_target_cb, f, NULL);
  /* Keep every backoff and Retry-After short, so the test stays quick. */
  cd_publisher_set_max_retry_delay (f->publisher, 20);
  g_signal_connect (f->publisher, "story-finished", G_CALLBACK (story_finished_cb), f);
  g_signal_connect (f->publisher, "account-needs-attention",
                    G_CALLBACK (account_needs_attention_cb), f);
}

static void
close_publisher (Fixture *f)
{
  if (f->publisher != NULL)
    {
      cd_publisher_stop (f->publisher);
      /* Let cancelled pushes record themselves. */
      while (cd_publisher_get_running (f->publisher) > 0)
        g_main_context_iteration (NULL, TRUE);
    }
  g_clear_object (&f->publisher);
  g_clear_object (&f->library);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->tmpdir = test_make_tmpdir ();
  f->path = g_build_filename (f->tmpdir, "library.db", NULL);
  f->fake = fake_wordpress_new (USER, PASSWORD);
  url = fake_wordpress_get_url (f->fake);
  /* A one-second timeout: the fake's "never answer" fault ends quickly. */
  f->session = cd_http_session_new_full (1, 6);
  f->target = CD_TARGET (cd_wordpress_target_new (ACCOUNT, url, USER, PASSWORD, f->session, &error));
  g_assert_no_error (error);
  f->finished = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->attention = g_ptr_array_new_with_free_func (g_free);
  open_publisher (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_publisher (f);
  g_clear_object (&f->target);
  g_clear_object (&f->session);
  fake_wordpress_free (f->fake);
  g_hash_table_unref (f->finished);
  g_ptr_array_unref (f->attention);
  test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->path);
}

static CdPhoto *
make_photo (Fixture    *f,
            const char *name,
            const char *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, bytes, -1);
  CdPhoto *photo = cd_photo_new ();

  g_file_set_contents (path, bytes, -1, &error);
  g_assert_no_error (error);
  cd_photo_set_file_path (photo, path);
  cd_photo_set_content_hash (photo, hash);
  cd_photo_set_mime_type (photo, "image/jpeg");
  cd_photo_set_original_name (photo, name);
  cd_photo_set_caption (photo, "The harbour at dawn.");
  cd_photo_set_credit (photo, "Jessica McGowan/Getty Images");
  cd_photo_set_alt_text (photo, "Boats in a harbour");

  return photo;
}

/* A story that passes the readiness checklist, saved and marked ready. */
static char *
add_ready_story (Fixture    *f,
                 const char *headline,
                 guint       n_photos)
{
  const char *tags[] = { "Harbour", "City Hall", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_library_create_story (f->library, &error);

  g_assert_no_error (error);
  cd_story_set_headline (story, headline);
  cd_story_set_dek (story, "A short dek");
  cd_story_set_byline (story, "Jane Doe");
  cd_story_set_body (story, "First paragraph.\n\nSecond paragraph.");
  cd_story_set_tags (story, tags);
  for (guint i = 0; i < n_photos; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u.jpg", cd_story_get_id (story), i);
      g_autofree char *bytes = g_strdup_printf ("JPEG %s %u", cd_story_get_id (story), i);
      g_autoptr(CdPhoto) photo = make_photo (f, name, bytes);

      cd_story_append_photo (story, photo);
    }

  g_assert_true (cd_library_mark_ready (f->library, story, &error));
  g_assert_no_error (error);

  return g_strdup (cd_story_get_id (story));
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_publisher_run_until_idle_finish (CD_PUBLISHER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
run_until_idle (Fixture *f,
                guint    max_wait_ms)
{
  gboolean done = FALSE;

  cd_publisher_run_until_idle_async (f->publisher, max_wait_ms, NULL, run_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static CdStatus
story_status (Fixture    *f,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_library_load_story (f->library, id, &error);

  g_assert_no_error (error);
  return cd_story_get_status (story);
}

static const CdRemote *
story_remote (CdStory *story)
{
  const CdRemote *remote = cd_story_get_remote (story, ACCOUNT);

  g_assert_nonnull (remote);
  return remote;
}

static FakePost *
post_of (Fixture    *f,
         const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_library_load_story (f->library, id, &error);
  const CdRemote *remote;
  FakePost *post;

  g_assert_no_error (error);
  remote = story_remote (story);
  g_assert_nonnull (remote->remote_id);
  post = fake_wordpress_get_post (f->fake, g_ascii_strtoll (remote->remote_id, NULL, 10));
  g_assert_nonnull (post);

  return post;
}

static guint
count_uploads (Fixture *f)
{
  /* "POST /wp/v2/media" alone is an upload; ".../media/ID" sets metadata. */
  return fake_wordpress_count (f->fake, "POST /wp/v2/media") -
         fake_wordpress_count (f->fake, "POST /wp/v2/media/");
}

static gint64
outbox_next_attempt (Fixture    *f,
                     const char *id,
                     char      **last_error)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = cd_library_list_outbox (f->library, id, &error);
  CdOutboxEntry *last;

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  last = g_ptr_array_index (entries, entries->len - 1);
  if (last_error != NULL)
    *last_error = g_strdup (last->last_error);

  return last->state == CD_OUTBOX_STATE_PENDING ? last->next_attempt_at : 0;
}

/* One story with two photos: everything the push left is on disk. */
static void
count_request_cb (SoupSession *session,
                  SoupMessage *msg,
                  Fixture     *f)
{
  f->requests++;
  f->requests_unsynced += cd_library_has_unsynced_writes (f->library);
}

static void
test_publish (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Harbour reopens", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(CdPhoto) first = NULL;
  const CdRemote *remote;
  GPtrArray *posts;
  FakePost *post;
  gulong handler;

  handler = g_signal_connect (f->session, "request-queued", G_CALLBACK (count_request_cb), f);
  run_until_idle (f, 0);
  g_clear_signal_handler (&handler, f->session);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->finished, id)), ==, 1);
  /* The publisher's bookkeeping does not wait for fsync(), but the slug of
   * a first create is on disk before any request for it leaves. */
  g_assert_cmpuint (f->requests, >=, 4);
  g_assert_cmpuint (f->requests_unsynced, ==, 0);

  /* What a new process reads back from the file. */
  close_publisher (f);
  open_publisher (f);
  story = cd_library_load_story (f->library, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_PUBLISHED);
  remote = story_remote (story);
  g_assert_nonnull (remote->remote_id);
  g_assert_nonnull (remote->link);
  g_assert_nonnull (remote->modified);
  g_assert_true (g_str_has_prefix (remote->client_slug, "harbour-reopens-"));
  g_assert_nonnull (cd_story_get_first_published (story));
  g_assert_nonnull (cd_story_get_last_pushed (story));

  posts = fake_wordpress_get_posts (f->fake);
  g_assert_cmpuint (posts->len, ==, 1);
  post = g_ptr_array_index (posts, 0);
  g_assert_cmpint (post->id, ==, g_ascii_strtoll (remote->remote_id, NULL, 10));
  g_assert_cmpstr (post->slug, ==, remote->client_slug);
  g_assert_cmpstr (post->title, ==, "Harbour reopens");
  g_assert_cmpstr (post->modified_gmt, ==, remote->modified);
  first = g_list_model_get_item (cd_story_get_photos (story), 0);
  g_assert_cmpint (post->featured_media, ==,
                   g_ascii_strtoll (cd_photo_get_remote_media_id (first, ACCOUNT), NULL, 10));
  g_assert_cmpstr (cd_photo_get_remote_media_hash (first, ACCOUNT), ==,
                   cd_photo_get_content_hash (first));
  g_assert_cmpuint (count_uploads (f), ==, 2);
  /* The slug was new: no search for an earlier create. */
  g_assert_cmpuint (fake_wordpress_count (f->fake, "GET /wp/v2/posts"), ==, 0);
  g_ptr_array_unref (posts);
}

/* A request ends for the story when its body is in (libsoup unqueues it
 * later, once the stream is closed), or when it fails.
 */
static void
request_ended_cb (SoupMessage *msg,
                  Fixture     *f)
{
  if (g_object_get_data (G_OBJECT (msg), "test-ended") != NULL)
    return;
  g_object_set_data (G_OBJECT (msg), "test-ended", GINT_TO_POINTER (TRUE));
  f->in_flight--;
}

static void
request_queued_cb (SoupSession *session,
                   SoupMessage *msg,
                   Fixture     *f)
{
  f->in_flight++;
  f->max_in_flight = MAX (f->max_in_flight, f->in_flight);
  g_signal_connect (msg, "got-body", G_CALLBACK (request_ended_cb), f);
  g_signal_connect (msg, "finished", G_CALLBACK (request_ended_cb), f);
}

static void
run_cancelled_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (cd_publisher_run_until_idle_finish (CD_PUBLISHER (object), result, error));
  g_assert_nonnull (*error);
}

/* Cancelling the wait ends it at once; the push goes on and finishes. */
static void
test_cancel_wait (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Slow server", 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  /* Never answered: the push takes the session's 1 s timeout. */
  fake_wordpress_add_fault (f->fake, "POST /wp/v2/posts", FAKE_FAULT_TIMEOUT);
  cd_publisher_run_until_idle_async (f->publisher, 60000, cancellable, run_cancelled_cb, &error);
  while (cd_publisher_get_running (f->publisher) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (cd_publisher_get_running (f->publisher), ==, 1);

  run_until_idle (f, 5000);
  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUBLISHED);
}

/* max-parallel bounds the stories pushing at once, and they do push in
 * parallel. One more is claimed ahead while they run; stopping puts it back
 * in the outbox, and after a restart every story is on the site once.
 */
static void
test_parallel (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) posts = NULL;
  guint queued = 0;

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *headline = g_strdup_printf ("Parallel story %u", i);

      /* No photos: one request at a time per story. */
      g_ptr_array_add (ids, add_ready_story (f, headline, 0));
    }
  cd_publisher_set_max_parallel (f->publisher, 2);
  g_signal_connect (f->session, "request-queued", G_CALLBACK (request_queued_cb), f);

  /* Stopped with two requests out and one story claimed ahead. */
  cd_publisher_start (f->publisher);
  while (f->in_flight < 2 || cd_publisher_get_running (f->publisher) < 3)
    g_main_context_iteration (NULL, TRUE);
  cd_publisher_stop (f->publisher);
  while (cd_publisher_get_running (f->publisher) > 0)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < ids->len; i++)
    {
      CdStatus status = story_status (f, g_ptr_array_index (ids, i));

      g_assert_true (status == CD_STATUS_QUEUED || status == CD_STATUS_PUBLISHED);
      queued += status == CD_STATUS_QUEUED;
    }
  g_assert_cmpuint (queued, >=, 5);
  g_assert_cmpuint (f->max_in_flight, <=, 2);

  run_until_idle (f, 0);
  g_assert_cmpuint (f->max_in_flight, ==, 2);
  g_assert_cmpuint (f->in_flight, ==, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUBLISHED);
    }
  posts = fake_wordpress_get_posts (f->fake);
  g_assert_cmpuint (posts->len, ==, ids->len);
}

/* Editing a published story and pushing again updates the same post and
 * uploads only the photo that changed.
 */
static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Council votes", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(CdPhoto) second = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  gint64 post_id;

  run_until_idle (f, 0);
  post_id = post_of (f, id)->id;
  g_assert_cmpuint (count_uploads (f), ==, 2);

  story = cd_library_load_story (f->library, id, &error);
  g_assert_no_error (error);
  cd_story_set_headline (story, "Council votes again");
  second = g_list_model_get_item (cd_story_get_photos (story), 1);
  {
    g_autofree char *path = g_build_filename (f->tmpdir, "replacement.jpg", NULL);

    g_file_set_contents (path, "JPEG replacement", -1, &error);
    g_assert_no_error (error);
    cd_photo_set_file_path (second, path);
    cd_photo_set_content_hash (second, "another-hash");
  }
  g_assert_true (cd_library_mark_ready (f->library, story, &error));
  g_assert_no_error (error);
  g_clear_object (&story);
  g_clear_object (&second);

  run_until_idle (f, 0);
  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUBLISHED);
  posts = fake_wordpress_get_posts (f->fake);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpint (post_of (f, id)->id, ==, post_id);
  g_assert_cmpstr (post_of (f, id)->title, ==, "Council votes again");
  g_assert_cmpuint (count_uploads (f), ==, 3);
}

/* The create went through but its answer was lost: the retry finds the
 * post by the recorded slug instead of creating a second.
 */
static void
test_lost_create (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Bridge closes", 1);
  g_autoptr(GPtrArray) posts = NULL;

  fake_wordpress_add_fault (f->fake, "POST /wp/v2/posts", FAKE_FAULT_LOST);
  run_until_idle (f, 5000);

  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUBLISHED);
  posts = fake_wordpress_get_posts (f->fake);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpuint (fake_wordpress_count (f->fake, "GET /wp/v2/posts"), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->finished, id)), ==, 2);
  /* The photo uploaded by the first attempt is the one the post shows:
   * the retry found it instead of uploading it again. */
  g_assert_cmpuint (fake_wordpress_get_n_media (f->fake), ==, 1);
}

/* The answer to a photo upload is lost: the retry finds the upload. */
static void
test_lost_upload (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Ferry delayed", 2);

  fake_wordpress_add_fault (f->fake, "POST /wp/v2/media", FAKE_FAULT_LOST);
  run_until_idle (f, 5000);

  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUBLISHED);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->finished, id)), ==, 2);
  g_assert_cmpuint (fake_wordpress_get_n_media (f->fake), ==, 2);
}

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CdTargetPushResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = cd_target_push_story_finish (CD_TARGET (object), result, &error);
  g_assert_no_error (error);
}

/* A process claims the entry, records the slug, creates the post and dies
 * before it can write the result. The next process makes no second post.
 */
static void
test_crash_after_create (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Ferry strike", 1);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  CdTargetPushResult *pushed = NULL;
  CdOutboxEntry *entry;

  {
    g_autoptr(CdStory) story = cd_library_load_story (f->library, id, &error);
    g_autofree char *slug = NULL;

    g_assert_no_error (error);
    due = cd_library_list_due (f->library, g_get_real_time (), 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (due->len, ==, 1);
    entry = g_ptr_array_index (due, 0);
    g_assert_true (cd_library_set_status (f->library, story, CD_STATUS_QUEUED, &error));
    slug = cd_target_choose_client_slug (story);
    g_assert_true (cd_library_claim_push (f->library, entry->id, story, ACCOUNT, slug, &error));
    g_assert_no_error (error);

    cd_target_push_story_async (f->target, story, CD_CREDIT_FORMAT_PARENTHESES,
                                CD_TARGET_PUSH_NEW_SLUG, NULL, push_cb, &pushed);
    while (pushed == NULL)
      g_main_context_iteration (NULL, TRUE);
    /* ... and the process dies here: the result is never recorded. */
    g_clear_pointer (&pushed, cd_target_push_result_free);
  }
  g_clear_object (&f->publisher);
  g_clear_object (&f->library);

  posts = fake_wordpress_get_posts (f->fake);
  g_assert_cmpuint (posts->len, ==, 1);
  g_clear_pointer (&posts, g_ptr_array_unref);

  /* The next start: the entry left running is pending again. */
  open_publisher (f);
  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUSHING);
  run_until_idle (f, 0);

  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUBLISHED);
  posts = fake_wordpress_get_posts (f->fake);
  g_assert_cmpuint (posts->len, ==, 1);
  g_assert_cmpint (post_of (f, id)->id, ==, ((FakePost *) g_ptr_array_index (posts, 0))->id);
}

static void
keep_theirs_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Changed on the site since our push: Conflict, nothing overwritten; then
 * "Overwrite" and "Keep Theirs".
 */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Mayor resigns", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *content = NULL;
  FakePost *post;

  run_until_idle (f, 0);
  post = post_of (f, id);
  fake_wordpress_touch_post (f->fake, post->id);
  content = g_strdup (post->content);

  story = cd_library_load_story (f->library, id, &error);
  g_assert_no_error (error);
  cd_story_set_body (story, "A rewritten body.");
  g_assert_true (cd_library_mark_ready (f->library, story, &error));
  run_until_idle (f, 0);

  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_CONFLICT);
  g_assert_cmpstr (post_of (f, id)->content, ==, content);
  g_assert_cmpint (outbox_next_attempt (f, id, NULL), ==, 0);

  /* Overwrite: the site gets our version. */
  g_assert_true (cd_publisher_overwrite_story (f->publisher, id, &error));
  g_assert_no_error (error);
  run_until_idle (f, 0);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_PUBLISHED);
  g_assert_nonnull (strstr (post_of (f, id)->content, "A rewritten body."));

  /* Changed on the site again; Keep Theirs keeps the site's copy. */
  fake_wordpress_touch_post (f->fake, post_of (f, id)->id);
  cd_story_set_body (story, "Our third version.");
  g_assert_true (cd_library_mark_ready (f->library, story, &error));
  run_until_idle (f, 0);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_CONFLICT);
  g_clear_pointer (&content, g_free);
  content = g_strdup (post_of (f, id)->content);

  cd_publisher_keep_theirs_async (f->publisher, id, NULL, keep_theirs_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cd_publisher_keep_theirs_finish (f->publisher, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_PUBLISHED);
  g_assert_cmpstr (post_of (f, id)->content, ==, content);
  g_assert_cmpstr (story_remote (story)->modified, ==, post_of (f, id)->modified_gmt);
  g_assert_cmpstr (cd_story_get_body (story), ==, "Our third version.");

  /* The next push is checked against the site's copy, and goes through. */
  g_assert_true (cd_library_mark_ready (f->library, story, &error));
  run_until_idle (f, 0);
  g_assert_cmpint (cd_story_get_status (story), ==, CD_STATUS_PUBLISHED);
  g_assert_nonnull (strstr (post_of (f, id)->content, "Our third version."));
}

/* A 401 fails the story at once and flags the account; Retry after the
 * password is fixed publishes it.
 */
static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Tram line opens", 0);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  fake_wordpress_add_fault (f->fake, "POST /wp/v2/posts", FAKE_FAULT_401);
  run_until_idle (f, 5000);

  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_FAILED);
  g_assert_cmpint (outbox_next_attempt (f, id, &message), ==, 0);
  g_assert_nonnull (strstr (message, "check the application password"));
  g_assert_cmpuint (f->attention->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->attention, 0), ==, ACCOUNT);

  g_assert_true (cd_publisher_retry_story (f->publisher, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_QUEUED);
  run_until_idle (f, 0);
  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUBLISHED);
}

/* A 503 leaves the story Failed with "retrying in …" and a next attempt;
 * it is Published once that comes.
 */
static void
test_retry_later (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Rain expected", 0);
  g_autofree char *message = NULL;
  gint64 next;

  cd_publisher_set_max_retry_delay (f->publisher, 60 * 1000);
  fake_wordpress_add_fault (f->fake, "POST /wp/v2/posts", FAKE_FAULT_503);
  /* Wait for nothing: the retry is due in about a second. */
  run_until_idle (f, 0);

  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_FAILED);
  next = outbox_next_attempt (f, id, &message);
  g_assert_cmpint (next, >, g_get_real_time ());
  g_assert_cmpint (next, <=, g_get_real_time () + 2 * G_USEC_PER_SEC);
  g_assert_nonnull (strstr (message, "retrying in 1 second"));

  run_until_idle (f, 5000);
  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUBLISHED);
}

/* A permanent fault (403) fails the story with the server's message and no
 * retry.
 */
static void
test_permanent (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Library closes", 0);
  g_autofree char *message = NULL;

  fake_wordpress_add_fault (f->fake, "POST /wp/v2/posts", FAKE_FAULT_FORBIDDEN);
  run_until_idle (f, 5000);

  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_FAILED);
  g_assert_cmpint (outbox_next_attempt (f, id, &message), ==, 0);
  g_assert_nonnull (strstr (message, "Sorry, you are not allowed to create posts as this user."));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->finished, id)), ==, 1);
  {
    g_autoptr(GPtrArray) posts = fake_wordpress_get_posts (f->fake);

    g_assert_cmpuint (posts->len, ==, 0);
  }
}

/* The editor retries a push that failed for good after its photo went up:
 * the new attempt finds the photo instead of uploading it again.
 */
static void
test_retry_finds_upload (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = add_ready_story (f, "Tram strike", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = NULL;

  fake_wordpress_add_fault (f->fake, "POST /wp/v2/posts", FAKE_FAULT_FORBIDDEN);
  run_until_idle (f, 5000);
  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_FAILED);
  g_assert_cmpuint (fake_wordpress_get_n_media (f->fake), ==, 1);

  g_assert_true (cd_publisher_retry_story (f->publisher, id, &error));
  g_assert_no_error (error);
  run_until_idle (f, 5000);
  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUBLISHED);
  g_assert_cmpuint (fake_wordpress_get_n_media (f->fake), ==, 1);
  posts = fake_wordpress_get_posts (f->fake);
  g_assert_cmpuint (posts->len, ==, 1);
}

/* Entries for the archiver, due before the push, do not hold it up. */
static void
test_other_kinds (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *other = add_ready_story (f, "Old piece", 0);
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *account = g_strdup_printf ("archive-%u", i);

      g_assert_cmpint (cd_library_enqueue (f->library, other, account, CD_OUTBOX_KIND_ARCHIVE,
                                           &error), >, 0);
    }
  id = add_ready_story (f, "New piece", 0);
  run_until_idle (f, 0);

  g_assert_cmpint (story_status (f, id), ==, CD_STATUS_PUBLISHED);
  g_assert_cmpint (story_status (f, other), ==, CD_STATUS_PUBLISHED);
  {
    g_autoptr(GPtrArray) posts = fake_wordpress_get_posts (f->fake);

    g_assert_cmpuint (posts->len, ==, 2);
  }
}

#define N_STORIES 200

/* 200 stories, 30 % of requests failing in every way: 200 posts in the end,
 * one per story, each story Published or Failed with a reason until the
 * editor retries it.
 */
static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  static const FakeFault kinds[] = {
    FAKE_FAULT_500, FAKE_FAULT_503, FAKE_FAULT_RESET, FAKE_FAULT_LOST, FAKE_FAULT_TIMEOUT,
    FAKE_FAULT_SLOW, FAKE_FAULT_MALFORMED, FAKE_FAULT_429,
  };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) slugs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) post_ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) posts = NULL;
  guint failed = 0;
  guint rounds = 0;

  for (guint i = 0; i < N_STORIES; i++)
    {
      g_autofree char *headline = g_strdup_printf ("Story number %u", i);

      g_ptr_array_add (ids, add_ready_story (f, headline, i % 2));
    }

  /* 401 for a while: the first few creates are refused. */
  for (guint i = 0; i < 3; i++)
    fake_wordpress_add_fault (f->fake, "POST /wp/v2/posts", FAKE_FAULT_401);
  fake_wordpress_set_fault_kinds (f->fake, kinds, G_N_ELEMENTS (kinds));
  fake_wordpress_set_fault_rate (f->fake, 0.3, 42);
  cd_publisher_set_max_parallel (f->publisher, 8);

  /* Each round, the editor retries what failed for good; a retry that was
   * not due before the round ended waits for the next one.
   */
  do
    {
      g_autoptr(GHashTable) reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GHashTableIter iter;
      gpointer reason, count;

      failed = 0;
      run_until_idle (f, 10000);

      for (guint i = 0; i < ids->len; i++)
        {
          const char *id = g_ptr_array_index (ids, i);
          g_autofree char *message = NULL;
          g_autoptr(GError) error = NULL;
          CdStatus status = story_status (f, id);
          gint64 next;

          if (status == CD_STATUS_PUBLISHED)
            continue;
          g_assert_cmpint (status, ==, CD_STATUS_FAILED);
          next = outbox_next_attempt (f, id, &message);
          g_assert_nonnull (message);
          g_assert_cmpstr (message, !=, "");
          failed++;
          if (next == 0)
            {
              g_autofree char *key = g_strndup (message, 40);

              count = g_hash_table_lookup (reasons, key);
              g_hash_table_replace (reasons, g_steal_pointer (&key),
                                    GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
              g_assert_true (cd_publisher_retry_story (f->publisher, id, &error));
              g_assert_no_error (error);
            }
        }
      g_test_message ("round %u: %u stories not published", rounds, failed);
      g_hash_table_iter_init (&iter, reasons);
      while (g_hash_table_iter_next (&iter, &reason, &count))
        g_test_message ("  %u× %s…", GPOINTER_TO_UINT (count), (char *) reason);
    }
  while (failed > 0 && ++rounds < 20);

  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (f->attention->len, >=, 1);
  g_assert_cmpuint (fake_wordpress_count (f->fake, "GET /wp/v2/posts"), >, 0);

  posts = fake_wordpress_get_posts (f->fake);
  g_assert_cmpuint (posts->len, ==, N_STORIES);
  for (guint i = 0; i < posts->len; i++)
    {
      FakePost *post = g_ptr_array_index (posts, i);

      g_assert_false (g_hash_table_contains (slugs, post->slug));
      g_hash_table_add (slugs, post->slug);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      FakePost *post = post_of (f, g_ptr_array_index (ids, i));

      g_assert_false (g_hash_table_contains (post_ids, &post->id));
      g_hash_table_add (post_ids, &post->id);
    }
  g_assert_cmpuint (g_hash_table_size (post_ids), ==, N_STORIES);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/copydesk/core/publisher/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("publish", test_publish);
  ADD ("update", test_update);
  ADD ("parallel", test_parallel);
  ADD ("cancel-wait", test_cancel_wait);
  ADD ("lost-create", test_lost_create);
  ADD ("lost-upload", test_lost_upload);
  ADD ("crash-after-create", test_crash_after_create);
  ADD ("conflict", test_conflict);
  ADD ("auth", test_auth);
  ADD ("retry-later", test_retry_later);
  ADD ("permanent", test_permanent);
  ADD ("retry-finds-upload", test_retry_finds_upload);
  ADD ("other-kinds", test_other_kinds);
  ADD ("faults", test_faults);

#undef ADD

  return g_test_run ();
}
