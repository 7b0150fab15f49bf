/* fuzz-html-markdown.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* cd_html_to_markdown() on any bytes, and cd_markdown_escape() on the
 * input as text. The Markdown made from an agency's HTML must carry none
 * of its raw HTML and no link but http, https and mailto; from UTF-8 it
 * is UTF-8. Escaped text must read as plain paragraphs, whatever it holds.
 */

#include "config.h"

#include <string.h>

#include <cmark.h>

#include "cd-html-markdown.h"
#include "fuzz-common.h"

static void
check_plain_paragraphs (const char *markdown)
{
  cmark_node *document = cmark_parse_document (markdown, strlen (markdown), CMARK_OPT_DEFAULT);
  cmark_iter *iter = cmark_iter_new (document);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node_type type = cmark_node_get_type (cmark_iter_get_node (iter));

      FUZZ_CHECK (type == CMARK_NODE_DOCUMENT || type == CMARK_NODE_PARAGRAPH
                  || type == CMARK_NODE_TEXT || type == CMARK_NODE_SOFTBREAK
                  || type == CMARK_NODE_LINEBREAK,
                  "escaped text reads as plain paragraphs");
    }

  cmark_iter_free (iter);
  cmark_node_free (document);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GHashTable) figure_alts = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                             g_free, g_free);
  g_autofree char *markdown = cd_html_to_markdown ((const char *) data, size, figure_alts);
  g_autofree char *text = fuzz_dup (data, size);
  gboolean is_utf8 = g_utf8_validate ((const char *) data, size, NULL);

  FUZZ_CHECK (markdown != NULL, "there is always a result");
  fuzz_check_safe_markdown (markdown);

  if (is_utf8)
    {
      GHashTableIter iter;
      gpointer key, value;
      g_autofree char *escaped = cd_markdown_escape (text);

      fuzz_check_utf8 (markdown, "Markdown from UTF-8 HTML");

      g_hash_table_iter_init (&iter, figure_alts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          fuzz_check_utf8 (key, "figure reference");
          fuzz_check_utf8 (value, "figure alt text");
        }

      fuzz_check_utf8 (escaped, "escaped text");
      check_plain_paragraphs (escaped);
    }

  return 0;
}
