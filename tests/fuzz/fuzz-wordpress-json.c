/* fuzz-wordpress-json.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The WordPress response parsers on any server answer: the JSON parse,
 * then post, posts, media, term, terms, batch reply, error body and route
 * index on whatever it gave, and cd_wp_error_from_response() on the raw
 * answer. The input is the body, or a Retry-After value, a nul byte and
 * the body. Each parser gives a result or a CD_TARGET_ERROR, never both,
 * and every text that may reach the window is UTF-8.
 */

#include "config.h"

#include <string.h>

#include "cd-target.h"
#include "cd-wordpress-json.h"
#include "fuzz-common.h"

static void
check_outcome (gconstpointer  result,
               GError        *error,
               const char    *what)
{
  FUZZ_CHECK ((result != NULL) != (error != NULL), what);
  if (error != NULL)
    {
      FUZZ_CHECK (error->domain == CD_TARGET_ERROR, what);
      fuzz_check_utf8 (error->message, what);
    }
}

static void
check_post (CdWpPost *post)
{
  fuzz_check_utf8 (post->link, "post link");
  fuzz_check_utf8 (post->slug, "post slug");
  fuzz_check_utf8 (post->status, "post status");
  fuzz_check_utf8 (post->modified_gmt, "post modified time");
  fuzz_check_utf8 (post->title_rendered, "post title");
  if (post->title_raw != NULL)
    fuzz_check_utf8 (post->title_raw, "raw post title");
  if (post->content_raw != NULL)
    fuzz_check_utf8 (post->content_raw, "raw post content");
  FUZZ_CHECK (post->tags != NULL, "a post has a tag list");
}

static void
parse_node (JsonNode *node)
{
  g_autoptr(GError) post_error = NULL;
  g_autoptr(GError) posts_error = NULL;
  g_autoptr(GError) media_error = NULL;
  g_autoptr(GError) term_error = NULL;
  g_autoptr(GError) terms_error = NULL;
  g_autoptr(GError) batch_error = NULL;
  g_autoptr(CdWpPost) post = cd_wp_post_from_json (node, &post_error);
  g_autoptr(GPtrArray) posts = cd_wp_posts_from_json (node, &posts_error);
  g_autoptr(CdWpMedia) media = cd_wp_media_from_json (node, &media_error);
  g_autoptr(CdWpTerm) term = cd_wp_term_from_json (node, &term_error);
  g_autoptr(GPtrArray) terms = cd_wp_terms_from_json (node, &terms_error);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *responses = object != NULL ? json_object_get_member (object, "responses") : NULL;
  guint n_requests = responses != NULL && JSON_NODE_HOLDS_ARRAY (responses)
                     ? json_array_get_length (json_node_get_array (responses)) : 1;
  g_autoptr(GPtrArray) batch = cd_wp_batch_reply_from_json (node, n_requests, &batch_error);
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  gint64 term_id = 0;

  check_outcome (post, post_error, "post");
  check_outcome (posts, posts_error, "posts");
  check_outcome (media, media_error, "media");
  check_outcome (term, term_error, "term");
  check_outcome (terms, terms_error, "terms");
  check_outcome (batch, batch_error, "batch reply");

  if (post != NULL)
    check_post (post);
  for (guint i = 0; posts != NULL && i < posts->len; i++)
    check_post (g_ptr_array_index (posts, i));
  if (media != NULL)
    {
      fuzz_check_utf8 (media->source_url, "media URL");
      fuzz_check_utf8 (media->mime_type, "media type");
    }
  if (term != NULL)
    fuzz_check_utf8 (term->name, "term name");
  for (guint i = 0; terms != NULL && i < terms->len; i++)
    fuzz_check_utf8 (((CdWpTerm *) g_ptr_array_index (terms, i))->name, "term name");
  for (guint i = 0; batch != NULL && i < batch->len; i++)
    {
      CdWpBatchItem *item = g_ptr_array_index (batch, i);

      FUZZ_CHECK (item->status >= 100 && item->status <= 599, "batch statuses are HTTP statuses");
    }

  if (cd_wp_error_body_parse (node, &code, &message, &term_id))
    {
      fuzz_check_utf8 (code, "error code");
      if (message != NULL)
        fuzz_check_utf8 (message, "error message");
    }

  cd_wp_index_has_route (node, "/wp/v2/posts");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint statuses[] = { 400, 401, 403, 404, 409, 429, 500, 503 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) response_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *unescaped = NULL;
  const char *retry_after;

  fuzz_split (data, size, &first, &second);
  retry_after = second != NULL ? first : NULL;
  body = second != NULL ? g_bytes_new (second, strlen (second))
                        : g_bytes_new (data, size);

  node = cd_wp_json_parse (body, &error);
  check_outcome (node, error, "JSON");
  if (node != NULL)
    parse_node (node);

  response_error = cd_wp_error_from_response (statuses[size % G_N_ELEMENTS (statuses)], body,
                                              retry_after);
  check_outcome (response_error, NULL, "an error from a response");
  FUZZ_CHECK (response_error->domain == CD_TARGET_ERROR, "an error from a response");
  fuzz_check_utf8 (response_error->message, "the error a response makes");

  unescaped = cd_wp_unescape_html (first);
  FUZZ_CHECK (strlen (unescaped) <= strlen (first), "unescaping does not grow the text");
  if (g_utf8_validate (first, -1, NULL))
    fuzz_check_utf8 (unescaped, "unescaped HTML");

  return 0;
}
