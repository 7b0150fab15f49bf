/* fake-wordpress.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake-wordpress.h"

struct _FakeWordpress
{
  SoupServer *server;
  char       *authorization;
  gboolean    batch;
  gboolean    pretty;
  gboolean    drop_tags;
  GHashTable *posts;     /* gint64* -> FakePost */
  GHashTable *media;     /* gint64* -> FakeMedia */
  GHashTable *tags;      /* gint64* -> name */
  gint64      next_id;
  guint       clock;     /* seconds after 2024-01-01 */
  GPtrArray  *faults;    /* FaultEntry */
  GHashTable *counts;    /* "METHOD /route" -> count */
  double      fault_rate;
  double      batch_item_fault_rate;
  GRand      *rand;
  GPtrArray  *paused;    /* SoupServerMessage, never answered */
  GArray     *kinds;     /* FakeFault: what a random fault may be */
  guint       n_faults;  /* faults injected so far */
};

typedef struct
{
  char      *prefix;
  FakeFault  fault;
} FaultEntry;

typedef struct
{
  SoupServerMessage *msg;
  guint              left;
  gboolean           finished;  /* the client went away: hands off the message */
} SlowBody;

static void
fault_entry_free (FaultEntry *entry)
{
  g_free (entry->prefix);
  g_free (entry);
}

static void
fake_post_free (FakePost *post)
{
  g_free (post->slug);
  g_free (post->title);
  g_free (post->content);
  g_free (post->excerpt);
  g_free (post->status);
  g_free (post->date_gmt);
  g_free (post->modified_gmt);
  g_array_unref (post->tags);
  g_free (post);
}

static void
fake_media_free (FakeMedia *media)
{
  g_free (media->filename);
  g_free (media->mime_type);
  g_free (media->caption);
  g_free (media->alt_text);
  g_free (media->description);
  g_free (media->slug);
  g_free (media);
}

static char *
tick (FakeWordpress *fake)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (2024, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) now = g_date_time_add_seconds (base, ++fake->clock);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
}

static JsonNode *
error_node (const char *code,
            const char *message,
            guint       status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
post_node (FakeWordpress *fake,
           FakePost      *post)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *base = fake_wordpress_get_url (fake);
  g_autofree char *link = g_strdup_printf ("%s/?p=%" G_GINT64_FORMAT, base, post->id);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, post->id);
  json_builder_set_member_name (builder, "slug");
  json_builder_add_string_value (builder, post->slug);
  json_builder_set_member_name (builder, "link");
  json_builder_add_string_value (builder, link);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, post->status);
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, post->date_gmt);
  json_builder_set_member_name (builder, "date_gmt");
  json_builder_add_string_value (builder, post->date_gmt);
  json_builder_set_member_name (builder, "modified_gmt");
  json_builder_add_string_value (builder, post->modified_gmt);
  json_builder_set_member_name (builder, "title");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "raw");
  json_builder_add_string_value (builder, post->title);
  json_builder_set_member_name (builder, "rendered");
  json_builder_add_string_value (builder, post->title);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "content");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "raw");
  json_builder_add_string_value (builder, post->content);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "excerpt");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "raw");
  json_builder_add_string_value (builder, post->excerpt);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "featured_media");
  json_builder_add_int_value (builder, post->featured_media);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < post->tags->len; i++)
    json_builder_add_int_value (builder, g_array_index (post->tags, gint64, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
media_node (FakeWordpress *fake,
            FakeMedia     *media)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *base = fake_wordpress_get_url (fake);
  g_autofree char *url = g_strdup_printf ("%s/uploads/%" G_GINT64_FORMAT "-%s",
                                          base, media->id, media->filename);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, media->id);
  json_builder_set_member_name (builder, "source_url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "mime_type");
  json_builder_add_string_value (builder, media->mime_type);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
tag_node (gint64      id,
          const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = (*(FakePost * const *) a)->id;
  gint64 y = (*(FakePost * const *) b)->id;

  return x < y ? -1 : x > y;
}

static char *
unique_slug (FakeWordpress *fake,
             const char    *wanted,
             gint64         self_id)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *slug = n == 1 ? g_strdup (wanted) : g_strdup_printf ("%s-%u", wanted, n);
      GHashTableIter iter;
      FakePost *post;
      gboolean taken = FALSE;

      g_hash_table_iter_init (&iter, fake->posts);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &post))
        taken |= post->id != self_id && g_str_equal (post->slug, slug);
      if (!taken)
        return g_steal_pointer (&slug);
    }
}

static void
apply_post_fields (FakeWordpress *fake,
                   FakePost      *post,
                   JsonObject    *body)
{
  if (json_object_has_member (body, "title"))
    {
      g_free (post->title);
      post->title = g_strdup (json_object_get_string_member (body, "title"));
    }
  if (json_object_has_member (body, "content"))
    {
      g_free (post->content);
      post->content = g_strdup (json_object_get_string_member (body, "content"));
    }
  if (json_object_has_member (body, "excerpt"))
    {
      g_free (post->excerpt);
      post->excerpt = g_strdup (json_object_get_string_member (body, "excerpt"));
    }
  if (json_object_has_member (body, "status"))
    {
      g_free (post->status);
      post->status = g_strdup (json_object_get_string_member (body, "status"));
    }
  if (json_object_has_member (body, "date_gmt"))
    {
      g_free (post->date_gmt);
      post->date_gmt = g_strdup (json_object_get_string_member (body, "date_gmt"));
    }
  if (json_object_has_member (body, "slug"))
    {
      g_free (post->slug);
      post->slug = unique_slug (fake, json_object_get_string_member (body, "slug"), post->id);
    }
  if (json_object_has_member (body, "tags"))
    {
      JsonArray *array = json_object_get_array_member (body, "tags");

      g_array_set_size (post->tags, 0);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 id = json_array_get_int_element (array, i);

          /* Like WordPress: unknown ids vanish without a word. */
          if (g_hash_table_contains (fake->tags, &id) && !fake->drop_tags)
            g_array_append_val (post->tags, id);
        }
    }
  if (json_object_has_member (body, "featured_media"))
    {
      gint64 id = json_object_get_int_member (body, "featured_media");

      post->featured_media = g_hash_table_contains (fake->media, &id) ? id : 0;
    }

  g_free (post->modified_gmt);
  post->modified_gmt = tick (fake);
}

static GHashTable *
parse_query (const char *query)
{
  if (query == NULL)
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
}

static gboolean
id_in_list (const char *list,
            gint64      id)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_ascii_strtoll (parts[i], NULL, 10) == id)
      return TRUE;

  return FALSE;
}

/* The REST subset. Returns the status and sets *out to the JSON answer. */
static guint
route_request (FakeWordpress *fake,
               const char    *method,
               const char    *route,
               GHashTable    *query,
               GBytes        *body,
               const char    *disposition,
               const char    *content_type,
               JsonNode     **out)
{
  g_autoptr(JsonNode) json = NULL;
  JsonObject *object = NULL;
  gint64 id = 0;
  gboolean is_get = g_str_equal (method, "GET");

  if (body != NULL && g_bytes_get_size (body) > 0 &&
      g_strcmp0 (content_type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                       g_bytes_get_size (body), NULL))
        {
          *out = error_node ("rest_invalid_json", "Invalid JSON body passed.", 400);
          return 400;
        }
      json = json_node_ref (json_parser_get_root (parser));
      object = json_node_get_object (json);
    }

  if (g_str_equal (route, "/") && is_get)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "routes");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "/");
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
      if (fake->batch)
        {
          json_builder_set_member_name (builder, "/batch/v1");
          json_builder_begin_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      *out = json_builder_get_root (builder);
      return 200;
    }

  if (g_str_equal (route, "/wp/v2/users/me") && is_get)
    {
      *out = tag_node (1, "Admin");
      return 200;
    }

  if (g_str_equal (route, "/wp/v2/media") && !is_get)
    {
      FakeMedia *media;
      const char *start;

      if (disposition == NULL || strstr (disposition, "filename*") != NULL ||
          (start = strstr (disposition, "filename=\"")) == NULL)
        {
          *out = error_node ("rest_upload_no_content_disposition", "No Content-Disposition supplied.", 400);
          return 400;
        }
      start += strlen ("filename=\"");
      media = g_new0 (FakeMedia, 1);
      media->id = fake->next_id++;
      media->filename = g_strndup (start, strcspn (start, "\""));
      media->mime_type = g_strdup (content_type);
      media->size = body != NULL ? g_bytes_get_size (body) : 0;
      media->caption = g_strdup ("");
      media->alt_text = g_strdup ("");
      media->description = g_strdup ("");
      media->slug = g_strdup (g_hash_table_lookup (query, "slug"));
      g_hash_table_insert (fake->media, g_memdup2 (&media->id, sizeof media->id), media);
      *out = media_node (fake, media);
      return 201;
    }

  /* Looking an upload up by the slug it was given. */
  if (g_str_equal (route, "/wp/v2/media") && is_get)
    {
      const char *slug = g_hash_table_lookup (query, "slug");
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      GHashTableIter iter;
      FakeMedia *media;

      json_builder_begin_array (builder);
      g_hash_table_iter_init (&iter, fake->media);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &media))
        if (slug != NULL && g_strcmp0 (media->slug, slug) == 0)
          {
            g_autoptr(JsonNode) node = media_node (fake, media);

            json_builder_add_value (builder, g_steal_pointer (&node));
          }
      json_builder_end_array (builder);
      *out = json_builder_get_root (builder);
      return 200;
    }

  if (sscanf (route, "/wp/v2/media/%" G_GINT64_FORMAT, &id) == 1)
    {
      FakeMedia *media = g_hash_table_lookup (fake->media, &id);

      if (media == NULL)
        {
          *out = error_node ("rest_post_invalid_id", "Invalid post ID.", 404);
          return 404;
        }
      if (object != NULL)
        {
          g_free (media->caption);
          media->caption = g_strdup (json_object_get_string_member_with_default (object, "caption", ""));
          g_free (media->alt_text);
          media->alt_text = g_strdup (json_object_get_string_member_with_default (object, "alt_text", ""));
          g_free (media->description);
          media->description = g_strdup (json_object_get_string_member_with_default (object, "description", ""));
        }
      *out = media_node (fake, media);
      return 200;
    }

  if (g_str_equal (route, "/wp/v2/tags") && is_get)
    {
      const char *search = g_hash_table_lookup (query, "search");
      const char *include = g_hash_table_lookup (query, "include");
      g_autoptr(JsonArray) array = json_array_new ();
      GHashTableIter iter;
      gint64 *key;
      char *name;

      g_hash_table_iter_init (&iter, fake->tags);
      while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &name))
        {
          g_autofree char *lower_name = g_utf8_strdown (name, -1);
          g_autofree char *lower_search = search != NULL ? g_utf8_strdown (search, -1) : NULL;

          if (search != NULL && strstr (lower_name, lower_search) == NULL)
            continue;
          if (include != NULL && !id_in_list (include, *key))
            continue;
          json_array_add_element (array, tag_node (*key, name));
        }
      *out = json_node_init_array (json_node_alloc (), array);
      return 200;
    }

  if (g_str_equal (route, "/wp/v2/tags") && object != NULL)
    {
      const char *name = json_object_get_string_member (object, "name");
      GHashTableIter iter;
      gint64 *key;
      char *existing;

      g_hash_table_iter_init (&iter, fake->tags);
      while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &existing))
        if (g_ascii_strcasecmp (existing, name) == 0)
          {
            JsonNode *node = error_node ("term_exists", "A term with the name provided already exists.", 400);

            json_object_set_int_member (json_object_get_object_member (json_node_get_object (node), "data"),
                                        "term_id", *key);
            *out = node;
            return 400;
          }

      id = fake->next_id++;
      g_hash_table_insert (fake->tags, g_memdup2 (&id, sizeof id), g_strdup (name));
      *out = tag_node (id, name);
      return 201;
    }

  if (g_str_equal (route, "/wp/v2/posts") && is_get)
    {
      const char *slug = g_hash_table_lookup (query, "slug");
      const char *include = g_hash_table_lookup (query, "include");
      const char *status = g_hash_table_lookup (query, "status");
      const char *page_text = g_hash_table_lookup (query, "page");
      const char *per_page_text = g_hash_table_lookup (query, "per_page");
      const char *after = g_hash_table_lookup (query, "modified_after");
      guint page = page_text != NULL ? (guint) atoi (page_text) : 1;
      guint per_page = per_page_text != NULL ? (guint) atoi (per_page_text) : 10;
      g_autoptr(GPtrArray) matches = g_ptr_array_new ();
      g_autoptr(JsonArray) array = json_array_new ();
      GHashTableIter iter;
      FakePost *post;

      g_hash_table_iter_init (&iter, fake->posts);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &post))
        {
          if (slug != NULL && !g_str_equal (slug, post->slug))
            continue;
          if (include != NULL && !id_in_list (include, post->id))
            continue;
          if ((status == NULL || g_str_equal (status, "publish,future")) &&
              !g_str_equal (post->status, "publish") && !g_str_equal (post->status, "future"))
            continue;
          if (after != NULL && strcmp (post->modified_gmt, after) <= 0)
            continue;
          g_ptr_array_add (matches, post);
        }
      g_ptr_array_sort (matches, compare_ids);

      if (page > 1 && (page - 1) * per_page >= matches->len)
        {
          *out = error_node ("rest_post_invalid_page_number",
                             "The page number requested is larger than the number of pages available.", 400);
          return 400;
        }
      for (guint i = (page - 1) * per_page; i < matches->len && i < page * per_page; i++)
        json_array_add_element (array, post_node (fake, g_ptr_array_index (matches, i)));
      *out = json_node_init_array (json_node_alloc (), array);
      return 200;
    }

  if (g_str_equal (route, "/wp/v2/posts") && object != NULL)
    {
      FakePost *post = g_new0 (FakePost, 1);

      post->id = fake->next_id++;
      post->slug = g_strdup ("");
      post->title = g_strdup ("");
      post->content = g_strdup ("");
      post->excerpt = g_strdup ("");
      post->status = g_strdup ("draft");
      post->date_gmt = tick (fake);
      post->tags = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (fake->posts, g_memdup2 (&post->id, sizeof post->id), post);
      if (!json_object_has_member (object, "slug"))
        json_object_set_string_member (object, "slug", "untitled");
      apply_post_fields (fake, post, object);
      *out = post_node (fake, post);
      return 201;
    }

  if (sscanf (route, "/wp/v2/posts/%" G_GINT64_FORMAT, &id) == 1)
    {
      FakePost *post = g_hash_table_lookup (fake->posts, &id);

      if (post == NULL)
        {
          *out = error_node ("rest_post_invalid_id", "Invalid post ID.", 404);
          return 404;
        }
      if (!is_get && object != NULL)
        apply_post_fields (fake, post, object);
      *out = post_node (fake, post);
      return 200;
    }

  if (g_str_equal (route, "/batch/v1") && fake->batch && object != NULL)
    {
      JsonArray *requests = json_object_get_array_member (object, "requests");
      g_autoptr(JsonArray) responses = json_array_new ();
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      if (json_array_get_length (requests) > 25)
        {
          *out = error_node ("rest_batch_max_requests", "Too many requests.", 400);
          return 400;
        }

      for (guint i = 0; i < json_array_get_length (requests); i++)
        {
          JsonObject *request = json_array_get_object_element (requests, i);
          g_autoptr(JsonNode) answer = NULL;
          g_autoptr(GHashTable) no_query = parse_query (NULL);
          g_autofree char *text = json_to_string (json_object_get_member (request, "body"), FALSE);
          g_autoptr(GBytes) inner = g_bytes_new (text, strlen (text));
          JsonObject *response = json_object_new ();
          guint status;

          /* Items succeed or fail on their own: a 207 with some 500s. */
          if (fake->batch_item_fault_rate > 0 && g_rand_double (fake->rand) < fake->batch_item_fault_rate)
            {
              answer = error_node ("db_update_error", "Could not update post in the database.", 500);
              status = 500;
            }
          else
            status = route_request (fake, json_object_get_string_member (request, "method"),
                                    json_object_get_string_member (request, "path"),
                                    no_query, inner, NULL, "application/json", &answer);
          json_object_set_int_member (response, "status", status);
          json_object_set_member (response, "body", g_steal_pointer (&answer));
          json_array_add_object_element (responses, response);
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "responses");
      json_builder_add_value (builder, json_node_init_array (json_node_alloc (), responses));
      json_builder_end_object (builder);
      *out = json_builder_get_root (builder);
      return 207;
    }

  *out = error_node ("rest_no_route", "No route was found matching the URL and request method.", 404);
  return 404;
}

static FakeFault
take_fault (FakeWordpress *fake,
            const char    *key)
{
  for (guint i = 0; i < fake->faults->len; i++)
    {
      FaultEntry *entry = g_ptr_array_index (fake->faults, i);

      if (g_str_has_prefix (key, entry->prefix))
        {
          FakeFault fault = entry->fault;

          g_ptr_array_remove_index (fake->faults, i);
          return fault;
        }
    }

  if (fake->fault_rate > 0 && g_rand_double (fake->rand) < fake->fault_rate)
    return g_array_index (fake->kinds, FakeFault, g_rand_int_range (fake->rand, 0, (gint32) fake->kinds->len));

  return FAKE_FAULT_NONE;
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
}

static void
slow_finished_cb (SoupServerMessage *msg,
                  SlowBody          *slow)
{
  slow->finished = TRUE;
}

static gboolean
slow_chunk_cb (gpointer user_data)
{
  SlowBody *slow = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (slow->msg);

  /* A client that timed out has closed the connection: its message is done
   * and must not be unpaused again. */
  if (slow->finished)
    {
      g_signal_handlers_disconnect_by_data (slow->msg, slow);
      g_object_unref (slow->msg);
      g_free (slow);
      return G_SOURCE_REMOVE;
    }

  if (slow->left == 0)
    {
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "\"Admin\"}", 8);
      soup_message_body_complete (body);
      soup_server_message_unpause (slow->msg);
      g_signal_handlers_disconnect_by_data (slow->msg, slow);
      g_object_unref (slow->msg);
      g_free (slow);
      return G_SOURCE_REMOVE;
    }

  soup_message_body_append (body, SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (slow->msg);
  slow->left--;
  return G_SOURCE_CONTINUE;
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  gsize len = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), len);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *unused,
            gpointer           user_data)
{
  FakeWordpress *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GHashTable) query = parse_query (g_uri_get_query (soup_server_message_get_uri (msg)));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *route = NULL;
  g_autofree char *key = NULL;
  const char *auth;
  FakeFault fault;
  guint status;
  guint *count;

  if (g_str_has_prefix (path, "/wp-json") && fake->pretty)
    route = g_strdup (path[strlen ("/wp-json")] == '\0' ? "/" : path + strlen ("/wp-json"));
  else if (g_str_equal (path, "/") && g_hash_table_contains (query, "rest_route"))
    route = g_strdup (g_hash_table_lookup (query, "rest_route"));

  if (route == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html>Not found</html>", 22);
      return;
    }

  key = g_strdup_printf ("%s %s", method, route);
  count = g_hash_table_lookup (fake->counts, key);
  if (count == NULL)
    g_hash_table_insert (fake->counts, g_strdup (key), (count = g_new0 (guint, 1)));
  (*count)++;

  fault = take_fault (fake, key);
  if (fault != FAKE_FAULT_NONE)
    fake->n_faults++;
  switch (fault)
    {
    case FAKE_FAULT_500:
      answer = error_node ("internal_server_error", "There has been a critical error on this website.", 500);
      respond_json (msg, 500, answer);
      return;
    case FAKE_FAULT_503:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      soup_server_message_set_status (msg, 503, NULL);
      return;
    case FAKE_FAULT_RESET:
      drop_connection (msg);
      return;
    case FAKE_FAULT_TIMEOUT:
      soup_server_message_pause (msg);
      g_ptr_array_add (fake->paused, g_object_ref (msg));
      return;
    case FAKE_FAULT_MALFORMED:
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"id\": 3,", 9);
      return;
    case FAKE_FAULT_HUGE:
      {
        SoupMessageBody *response = soup_server_message_get_response_body (msg);
        gsize size = 17 * 1024 * 1024;
        char *filler = g_malloc (size);

        memset (filler, ' ', size);
        soup_server_message_set_status (msg, 200, NULL);
        soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                           SOUP_ENCODING_CHUNKED);
        soup_message_body_append (response, SOUP_MEMORY_TAKE, filler, size);
        soup_message_body_append (response, SOUP_MEMORY_STATIC, "[]", 2);
        soup_message_body_complete (response);
      }
      return;
    case FAKE_FAULT_401:
      answer = error_node ("incorrect_password", "The provided password is an invalid application password.", 401);
      respond_json (msg, 401, answer);
      return;
    case FAKE_FAULT_429:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "7");
      answer = error_node ("too_many_requests", "Slow down.", 429);
      respond_json (msg, 429, answer);
      return;
    case FAKE_FAULT_SIDELOAD:
      answer = error_node ("rest_upload_sideload_error", "The uploaded file could not be moved.", 500);
      respond_json (msg, 500, answer);
      return;
    case FAKE_FAULT_FORBIDDEN:
      answer = error_node ("rest_cannot_create", "Sorry, you are not allowed to create posts as this user.", 403);
      respond_json (msg, 403, answer);
      return;
    case FAKE_FAULT_SLOW:
      {
        SlowBody *slow = g_new0 (SlowBody, 1);

        soup_server_message_set_status (msg, 200, NULL);
        soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                           SOUP_ENCODING_CHUNKED);
        soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                               "application/json", NULL);
        soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                                  "{\"id\": 1, \"name\": ", 18);
        slow->msg = g_object_ref (msg);
        slow->left = 4;
        g_signal_connect (msg, "finished", G_CALLBACK (slow_finished_cb), slow);
        soup_server_message_pause (msg);
        g_timeout_add (150, slow_chunk_cb, slow);
      }
      return;
    case FAKE_FAULT_NONE:
    case FAKE_FAULT_LOST:
    default:
      break;
    }

  auth = soup_message_headers_get_one (headers, "Authorization");
  if (g_strcmp0 (auth, fake->authorization) != 0)
    {
      answer = error_node ("incorrect_password", "The provided password is an invalid application password.", 401);
      respond_json (msg, 401, answer);
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  status = route_request (fake, method, route, query, body,
                          soup_message_headers_get_one (headers, "Content-Disposition"),
                          soup_message_headers_get_content_type (headers, NULL), &answer);

  if (fault == FAKE_FAULT_LOST)
    {
      drop_connection (msg);
      return;
    }

  respond_json (msg, status, answer);
}

FakeWordpress *
fake_wordpress_new (const char *user,
                    const char *password)
{
  FakeWordpress *fake = g_new0 (FakeWordpress, 1);
  g_autofree char *credentials = g_strdup_printf ("%s:%s", user, password);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autoptr(GError) error = NULL;

  fake->authorization = g_strdup_printf ("Basic %s", encoded);
  fake->batch = TRUE;
  fake->pretty = TRUE;
  fake->posts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) fake_post_free);
  fake->media = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) fake_media_free);
  fake->tags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  fake->next_id = 100;
  fake->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_entry_free);
  fake->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake->rand = g_rand_new_with_seed (1);
  fake->paused = g_ptr_array_new_with_free_func (g_object_unref);
  {
    static const FakeFault default_kinds[] = {
      FAKE_FAULT_500, FAKE_FAULT_503, FAKE_FAULT_RESET, FAKE_FAULT_LOST, FAKE_FAULT_429,
    };

    fake->kinds = g_array_new (FALSE, FALSE, sizeof (FakeFault));
    g_array_append_vals (fake->kinds, default_kinds, G_N_ELEMENTS (default_kinds));
  }

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, handler_cb, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  return fake;
}

void
fake_wordpress_free (FakeWordpress *fake)
{
  soup_server_disconnect (fake->server);
  g_ptr_array_unref (fake->paused);
  g_object_unref (fake->server);
  g_free (fake->authorization);
  g_hash_table_unref (fake->posts);
  g_hash_table_unref (fake->media);
  g_hash_table_unref (fake->tags);
  g_ptr_array_unref (fake->faults);
  g_hash_table_unref (fake->counts);
  g_rand_free (fake->rand);
  g_array_unref (fake->kinds);
  g_free (fake);
}

char *
fake_wordpress_get_url (FakeWordpress *fake)
{
  GSList *uris = soup_server_get_uris (fake->server);
  GUri *uri = uris->data;
  char *url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

void
fake_wordpress_set_batch (FakeWordpress *fake,
                          gboolean       enabled)
{
  fake->batch = enabled;
}

void
fake_wordpress_set_pretty (FakeWordpress *fake,
                           gboolean       enabled)
{
  fake->pretty = enabled;
}

void
fake_wordpress_add_fault (FakeWordpress *fake,
                          const char    *prefix,
                          FakeFault      fault)
{
  FaultEntry *entry = g_new0 (FaultEntry, 1);

  entry->prefix = g_strdup (prefix);
  entry->fault = fault;
  g_ptr_array_add (fake->faults, entry);
}

void
fake_wordpress_set_fault_rate (FakeWordpress *fake,
                               double         rate,
                               guint32        seed)
{
  fake->fault_rate = rate;
  g_rand_set_seed (fake->rand, seed);
}

void
fake_wordpress_set_fault_kinds (FakeWordpress   *fake,
                                const FakeFault *kinds,
                                guint            n_kinds)
{
  g_assert (n_kinds > 0);

  g_array_set_size (fake->kinds, 0);
  g_array_append_vals (fake->kinds, kinds, n_kinds);
}

void
fake_wordpress_set_batch_item_fault_rate (FakeWordpress *fake,
                                          double         rate)
{
  fake->batch_item_fault_rate = rate;
}

void
fake_wordpress_set_drop_tags (FakeWordpress *fake,
                              gboolean       drop)
{
  fake->drop_tags = drop;
}

guint
fake_wordpress_count (FakeWordpress *fake,
                      const char    *prefix)
{
  GHashTableIter iter;
  const char *key;
  guint *count;
  guint total = 0;

  g_hash_table_iter_init (&iter, fake->counts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &count))
    if (g_str_has_prefix (key, prefix))
      total += *count;

  return total;
}

guint
fake_wordpress_get_n_faults (FakeWordpress *fake)
{
  return fake->n_faults;
}

void
fake_wordpress_reset_counts (FakeWordpress *fake)
{
  g_hash_table_remove_all (fake->counts);
}

GPtrArray *
fake_wordpress_get_posts (FakeWordpress *fake)
{
  GPtrArray *posts = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer post;

  g_hash_table_iter_init (&iter, fake->posts);
  while (g_hash_table_iter_next (&iter, NULL, &post))
    g_ptr_array_add (posts, post);

  g_ptr_array_sort (posts, compare_ids);

  return posts;
}

FakePost *
fake_wordpress_get_post (FakeWordpress *fake,
                         gint64         id)
{
  return g_hash_table_lookup (fake->posts, &id);
}

FakeMedia *
fake_wordpress_get_media (FakeWordpress *fake,
                          gint64         id)
{
  return g_hash_table_lookup (fake->media, &id);
}

guint
fake_wordpress_get_n_media (FakeWordpress *fake)
{
  return g_hash_table_size (fake->media);
}

const char *
fake_wordpress_get_tag_name (FakeWordpress *fake,
                             gint64         id)
{
  return g_hash_table_lookup (fake->tags, &id);
}

gint64
fake_wordpress_add_post (FakeWordpress *fake,
                         const char    *title,
                         const char    *content)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *slug = g_strdup_printf ("post-%" G_GINT64_FORMAT, fake->next_id);
  FakePost *post = g_new0 (FakePost, 1);

  post->id = fake->next_id++;
  post->slug = g_strdup ("");
  post->title = g_strdup ("");
  post->content = g_strdup ("");
  post->excerpt = g_strdup ("");
  post->status = g_strdup ("publish");
  post->date_gmt = tick (fake);
  post->tags = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_insert (fake->posts, g_memdup2 (&post->id, sizeof post->id), post);

  json_object_set_string_member (fields, "title", title);
  json_object_set_string_member (fields, "content", content);
  json_object_set_string_member (fields, "slug", slug);
  apply_post_fields (fake, post, fields);

  return post->id;
}

void
fake_wordpress_touch_post (FakeWordpress *fake,
                           gint64         id)
{
  FakePost *post = g_hash_table_lookup (fake->posts, &id);

  g_free (post->modified_gmt);
  post->modified_gmt = tick (fake);
}
