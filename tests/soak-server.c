/* soak-server.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fault-injecting fake WordPress in a process of its own, so that it
 * outlives the client the fault soak kills. Usage:
 *
 *   soak-server USER PASSWORD SEED FAULT-RATE STATE-FILE [KINDS]
 *
 * KINDS picks some of the faults by index (0-6: 500, 503, reset, lost,
 * timeout, slow, malformed), e.g. "4,5"; all of them by default.
 * Prints its URL on the first line of stdout, then serves with random
 * faults until SIGTERM, when it writes what it holds (posts, their notices
 * and tags, requests served, faults injected) as JSON to STATE-FILE and exits.
 */

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake-wordpress.h"

#define NOTICE_MARK "<!-- copydesk:archived-notice -->"

typedef struct
{
  FakeWordpress *fake;
  const char    *state_path;
  GMainLoop     *loop;
  gboolean       written;
} Server;

static guint
count_substrings (const char *haystack,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static gboolean
write_state (Server *server)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) posts = fake_wordpress_get_posts (server->fake);
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, fake_wordpress_count (server->fake, ""));
  json_builder_set_member_name (builder, "faults");
  json_builder_add_int_value (builder, fake_wordpress_get_n_faults (server->fake));
  json_builder_set_member_name (builder, "media");
  json_builder_add_int_value (builder, fake_wordpress_get_n_media (server->fake));
  json_builder_set_member_name (builder, "posts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < posts->len; i++)
    {
      FakePost *post = g_ptr_array_index (posts, i);
      guint archived_tags = 0;

      for (guint t = 0; t < post->tags->len; t++)
        archived_tags += g_strcmp0 (fake_wordpress_get_tag_name (server->fake,
                                                                 g_array_index (post->tags, gint64, t)),
                                    "Archived") == 0;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, post->id);
      json_builder_set_member_name (builder, "slug");
      json_builder_add_string_value (builder, post->slug);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, post->title);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, post->status);
      json_builder_set_member_name (builder, "featured_media");
      json_builder_add_int_value (builder, post->featured_media);
      json_builder_set_member_name (builder, "notices");
      json_builder_add_int_value (builder, count_substrings (post->content, NOTICE_MARK));
      json_builder_set_member_name (builder, "archived_tags");
      json_builder_add_int_value (builder, archived_tags);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  if (!json_generator_to_file (generator, server->state_path, &error))
    {
      g_printerr ("soak-server: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
terminated_cb (gpointer user_data)
{
  Server *server = user_data;

  server->written = write_state (server);
  g_main_loop_quit (server->loop);

  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  static const FakeFault kinds[] = {
    FAKE_FAULT_500, FAKE_FAULT_503, FAKE_FAULT_RESET, FAKE_FAULT_LOST, FAKE_FAULT_TIMEOUT,
    FAKE_FAULT_SLOW, FAKE_FAULT_MALFORMED,
  };
  Server server = { 0 };
  g_autofree char *url = NULL;

  if (argc != 6 && argc != 7)
    {
      g_printerr ("usage: soak-server USER PASSWORD SEED FAULT-RATE STATE-FILE [KIND,…]\n");
      return 2;
    }

  server.fake = fake_wordpress_new (argv[1], argv[2]);
  server.state_path = argv[5];
  server.loop = g_main_loop_new (NULL, FALSE);
  if (argc == 7)
    {
      /* A subset, by index into kinds[], to find which fault does what. */
      g_auto(GStrv) picked = g_strsplit (argv[6], ",", -1);
      g_autoptr(GArray) subset = g_array_new (FALSE, FALSE, sizeof (FakeFault));

      for (guint i = 0; picked[i] != NULL; i++)
        {
          guint64 k = g_ascii_strtoull (picked[i], NULL, 10);

          if (k < G_N_ELEMENTS (kinds))
            g_array_append_val (subset, kinds[k]);
        }
      if (subset->len == 0)
        return 2;
      fake_wordpress_set_fault_kinds (server.fake, (FakeFault *) subset->data, subset->len);
    }
  else
    fake_wordpress_set_fault_kinds (server.fake, kinds, G_N_ELEMENTS (kinds));
  fake_wordpress_set_fault_rate (server.fake, g_ascii_strtod (argv[4], NULL),
                                 (guint32) g_ascii_strtoull (argv[3], NULL, 10));
  fake_wordpress_set_batch_item_fault_rate (server.fake, g_ascii_strtod (argv[4], NULL) / 2);

  url = fake_wordpress_get_url (server.fake);
  g_print ("%s\n", url);
  fflush (stdout);

  g_unix_signal_add (SIGTERM, terminated_cb, &server);
  g_main_loop_run (server.loop);

  g_main_loop_unref (server.loop);
  fake_wordpress_free (server.fake);

  return server.written ? 0 : 1;
}
