/* soak-client.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client side of the fault soak (tests/test-soak.py), which kills it
 * with SIGKILL at random moments and starts it again:
 *
 *   soak-client seed LIBRARY ROUND N   write N ready stories; print "story ID HASH"
 *   soak-client run LIBRARY URL        publish, then archive every "(archive)"
 *                                      story, until all is done; print "done"
 *   soak-client dump LIBRARY           every story and its outbox, as JSON
 *
 * "run" is what an editor's session does after a crash: it opens the
 * library, retries pushes that failed for good (the Retry button) and asks
 * again to archive what is not archived and no longer queued.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "cd-archiver.h"
#include "cd-http.h"
#include "cd-publisher.h"
#include "cd-status.h"
#include "cd-wordpress-target.h"

#define ACCOUNT  "newsroom"
#define USER     "editor"
#define PASSWORD "abcd EFGH ijkl MNOP qrst UVWX"
#define ARCHIVE_SUFFIX " (archive)"

static CdTarget *
get_target_cb (const char  *account,
               gpointer     user_data,
               GError     **error)
{
  return g_object_ref (CD_TARGET (user_data));
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* What the editor wrote: the text and every photo's caption, credit, alt
 * text and bytes.
 */
static char *
story_hash (CdStory *story)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  GListModel *photos = cd_story_get_photos (story);
  const char * const *tags = cd_story_get_tags (story);
  const char *fields[] = {
    cd_story_get_headline (story), cd_story_get_dek (story), cd_story_get_byline (story),
    cd_story_get_body (story),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_checksum_update (sum, (const guchar *) (fields[i] != NULL ? fields[i] : ""),
                       strlen (fields[i] != NULL ? fields[i] : "") + 1);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    g_checksum_update (sum, (const guchar *) tags[i], strlen (tags[i]) + 1);
  for (guint i = 0; i < g_list_model_get_n_items (photos); i++)
    {
      g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, i);
      const char *parts[] = {
        cd_photo_get_caption (photo), cd_photo_get_credit (photo), cd_photo_get_alt_text (photo),
        cd_photo_get_content_hash (photo),
      };

      for (guint j = 0; j < G_N_ELEMENTS (parts); j++)
        g_checksum_update (sum, (const guchar *) (parts[j] != NULL ? parts[j] : ""),
                           strlen (parts[j] != NULL ? parts[j] : "") + 1);
    }

  return g_strdup (g_checksum_get_string (sum));
}

static CdLibrary *
open_library (const char *path)
{
  g_autoptr(GError) error = NULL;
  CdLibrary *library = cd_library_open (path, &error);

  if (library == NULL)
    g_error ("soak-client: %s", error->message);
  cd_library_set_default_account (library, ACCOUNT);

  return library;
}

static GPtrArray *
load_stories (CdLibrary *library)
{
  GListModel *model = cd_library_get_stories (library);
  GPtrArray *stories = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, i);
      g_autoptr(GError) error = NULL;
      CdStory *story = cd_library_load_story (library, cd_story_summary_get_id (summary), &error);

      if (story == NULL)
        g_error ("soak-client: %s", error->message);
      g_ptr_array_add (stories, story);
    }

  return stories;
}

static int
seed (const char *path,
      guint       round,
      guint       n)
{
  g_autoptr(CdLibrary) library = open_library (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *incoming = g_build_filename (dir, "incoming", NULL);
  const char *tags[] = { "Soak", "City Hall", NULL };

  g_mkdir_with_parents (incoming, 0700);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CdStory) story = cd_library_create_story (library, &error);
      g_autofree char *headline = g_strdup_printf ("Soak %u-%03u%s", round, i,
                                                   i % 3 == 0 ? ARCHIVE_SUFFIX : "");
      g_autofree char *body = g_strdup_printf ("Round %u, story %u.\n\nA second paragraph, "
                                               "with *emphasis* & an ampersand.", round, i);
      g_autofree char *hash = NULL;

      if (story == NULL)
        g_error ("soak-client: %s", error->message);
      cd_story_set_headline (story, headline);
      cd_story_set_dek (story, "A dek for the soak");
      cd_story_set_byline (story, "Jane Doe");
      cd_story_set_body (story, body);
      cd_story_set_tags (story, tags);
      if (i % 2 == 0)
        {
          g_autofree char *name = g_strdup_printf ("%u-%03u.jpg", round, i);
          g_autofree char *file = g_build_filename (incoming, name, NULL);
          g_autofree char *bytes = g_strdup_printf ("JPEG %u %u", round, i);
          g_autofree char *photo_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, bytes, -1);
          g_autoptr(CdPhoto) photo = cd_photo_new ();

          if (!g_file_set_contents (file, bytes, -1, &error))
            g_error ("soak-client: %s", error->message);
          cd_photo_set_file_path (photo, file);
          cd_photo_set_content_hash (photo, photo_hash);
          cd_photo_set_mime_type (photo, "image/jpeg");
          cd_photo_set_original_name (photo, name);
          cd_photo_set_caption (photo, "The harbour at dawn.");
          cd_photo_set_credit (photo, "Jessica McGowan/Getty Images");
          cd_photo_set_alt_text (photo, "Boats in a harbour");
          cd_story_append_photo (story, photo);
        }
      if (!cd_library_mark_ready (library, story, &error))
        g_error ("soak-client: %s", error->message);
      hash = story_hash (story);
      g_print ("story %s %s\n", cd_story_get_id (story), hash);
    }

  return 0;
}

/* Whether @story has an entry of @kind still to run. */
static gboolean
has_queued (CdLibrary    *library,
            CdStory      *story,
            CdOutboxKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = cd_library_list_outbox (library, cd_story_get_id (story), &error);

  if (entries == NULL)
    g_error ("soak-client: %s", error->message);
  for (guint i = 0; i < entries->len; i++)
    {
      CdOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->kind == kind &&
          (entry->state == CD_OUTBOX_STATE_PENDING || entry->state == CD_OUTBOX_STATE_RUNNING))
        return TRUE;
    }

  return FALSE;
}

static int
run (const char *path,
     const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = open_library (path);
  /* A one-second timeout: the "never answer" fault ends quickly. */
  g_autoptr(SoupSession) session = cd_http_session_new_full (1, 6);
  g_autoptr(CdPublisher) publisher = NULL;
  g_autoptr(CdArchiver) archiver = NULL;
  g_autoptr(CdTarget) target = NULL;

  target = CD_TARGET (cd_wordpress_target_new (ACCOUNT, url, USER, PASSWORD, session, &error));
  if (target == NULL)
    g_error ("soak-client: %s", error->message);
  publisher = cd_publisher_new (library, get_target_cb, target, NULL);
  cd_publisher_set_max_retry_delay (publisher, 50);
  cd_publisher_set_max_parallel (publisher, 4);
  archiver = cd_archiver_new (library, target);
  cd_archiver_set_max_parallel (archiver, 2);
  /* As for the publisher: the production backoff (2 s doubling up to
   * 10 min) would outlast the soak after a few faults in a row. */
  cd_archiver_set_max_retry_delay (archiver, 50);

  for (;;)
    {
      g_autoptr(GPtrArray) stories = load_stories (library);
      g_autoptr(GStrvBuilder) to_archive = g_strv_builder_new ();
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(CdArchiveReport) report = NULL;
      g_auto(GStrv) ids = NULL;
      guint unpublished = 0, unarchived = 0;

      for (guint i = 0; i < stories->len; i++)
        {
          CdStory *story = g_ptr_array_index (stories, i);
          CdStatus status = cd_story_get_status (story);
          gboolean archive = g_str_has_suffix (cd_story_get_headline (story), ARCHIVE_SUFFIX);

          if (status == CD_STATUS_CONFLICT)
            {
              g_printerr ("soak-client: %s went to Conflict\n", cd_story_get_id (story));
              return 3;
            }
          if (status == CD_STATUS_FAILED && !has_queued (library, story, CD_OUTBOX_KIND_PUSH) &&
              !cd_publisher_retry_story (publisher, cd_story_get_id (story), &error))
            g_error ("soak-client: %s", error->message);
          if (status != CD_STATUS_PUBLISHED && status != CD_STATUS_ARCHIVED)
            unpublished++;
          else if (archive && status == CD_STATUS_PUBLISHED)
            {
              unarchived++;
              if (!has_queued (library, story, CD_OUTBOX_KIND_ARCHIVE))
                g_strv_builder_add (to_archive, cd_story_get_id (story));
            }
        }

      if (unpublished == 0 && unarchived == 0)
        break;

      if (unpublished > 0)
        {
          cd_publisher_run_until_idle_async (publisher, 2000, NULL, result_cb, &result);
          if (!cd_publisher_run_until_idle_finish (publisher, wait_for (&result), &error))
            g_error ("soak-client: %s", error->message);
          continue;
        }

      ids = g_strv_builder_end (to_archive);
      cd_archiver_archive_async (archiver, (const char * const *) ids, NULL, result_cb, &result);
      report = cd_archiver_archive_finish (archiver, wait_for (&result), &error);
      if (report == NULL)
        g_error ("soak-client: %s", error->message);
      if (report->skipped > 0)
        {
          g_printerr ("soak-client: %u pieces skipped as edited on the site\n", report->skipped);
          return 3;
        }
    }

  cd_publisher_stop (publisher);
  while (cd_publisher_get_running (publisher) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_print ("done\n");

  return 0;
}

static int
dump (const char *path)
{
  g_autoptr(CdLibrary) library = open_library (path);
  g_autoptr(GPtrArray) stories = load_stories (library);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < stories->len; i++)
    {
      CdStory *story = g_ptr_array_index (stories, i);
      const CdRemote *remote = cd_story_get_remote (story, ACCOUNT);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = cd_library_list_outbox (library, cd_story_get_id (story), &error);
      g_autofree char *hash = story_hash (story);
      guint open = 0;

      if (entries == NULL)
        g_error ("soak-client: %s", error->message);
      /* Failed entries a retry took over are history, not work. */
      for (guint j = 0; j < entries->len; j++)
        {
          CdOutboxState state = ((CdOutboxEntry *) g_ptr_array_index (entries, j))->state;

          open += state == CD_OUTBOX_STATE_PENDING || state == CD_OUTBOX_STATE_RUNNING;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, cd_story_get_id (story));
      json_builder_set_member_name (builder, "headline");
      json_builder_add_string_value (builder, cd_story_get_headline (story));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, cd_status_to_string (cd_story_get_status (story)));
      json_builder_set_member_name (builder, "hash");
      json_builder_add_string_value (builder, hash);
      json_builder_set_member_name (builder, "remote_id");
      json_builder_add_string_value (builder, remote != NULL ? remote->remote_id : NULL);
      json_builder_set_member_name (builder, "slug");
      json_builder_add_string_value (builder, remote != NULL ? remote->client_slug : NULL);
      json_builder_set_member_name (builder, "open_entries");
      json_builder_add_int_value (builder, open);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  g_print ("%s\n", text);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 5 && g_str_equal (argv[1], "seed"))
    return seed (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10),
                 (guint) g_ascii_strtoull (argv[4], NULL, 10));
  if (argc == 4 && g_str_equal (argv[1], "run"))
    return run (argv[2], argv[3]);
  if (argc == 3 && g_str_equal (argv[1], "dump"))
    return dump (argv[2]);

  g_printerr ("usage: soak-client seed LIBRARY ROUND N | run LIBRARY URL | dump LIBRARY\n");
  return 2;
}
