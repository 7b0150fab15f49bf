/* fuzz-common.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "fuzz-common.h"

/* What cmark's HTML renderer writes, and nothing else. */
static const char * const rendered_elements[] = {
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "a", "img", "code", "pre",
  "blockquote", "ul", "ol", "li", "hr", "br", NULL
};
static const char * const rendered_attributes[] = {
  "href", "src", "alt", "title", "start", "class", NULL
};

static gboolean
in_list (const char * const *list,
         const char         *name,
         gsize               length)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strlen (list[i]) == length && g_ascii_strncasecmp (list[i], name, length) == 0)
      return TRUE;

  return FALSE;
}

/* Whether a browser would run @url or open it as something other than a
 * web page or a picture. Written apart from cd-render.c's check on
 * purpose: the harness must not share the code it checks.
 */
static gboolean
url_is_harmful (const char *url,
                gsize       length)
{
  static const char * const pictures[] = {
    "data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp", NULL
  };
  g_autofree char *lower = g_ascii_strdown (url, length);
  g_autoptr(GString) clean = g_string_new (NULL);

  /* Browsers drop controls and spaces before the scheme, and tabs and line
   * breaks anywhere; cmark percent-encodes them, so look at both forms.
   */
  for (const char *p = lower; *p != '\0'; p++)
    if ((guchar) *p > ' ')
      g_string_append_c (clean, *p);

  if (g_str_has_prefix (clean->str, "javascript:") || g_str_has_prefix (clean->str, "vbscript:")
      || g_str_has_prefix (clean->str, "file:"))
    return TRUE;

  if (g_str_has_prefix (clean->str, "data:"))
    {
      for (guint i = 0; pictures[i] != NULL; i++)
        if (g_str_has_prefix (clean->str, pictures[i]))
          return FALSE;
      return TRUE;
    }

  return FALSE;
}

/**
 * fuzz_fail:
 * @where: G_STRLOC of the check
 * @condition: the condition that did not hold
 * @what: what it means
 *
 * Reports a broken invariant and aborts.
 */
void
fuzz_fail (const char *where,
           const char *condition,
           const char *what)
{
  fprintf (stderr, "%s: invariant broken: %s (%s)\n", where, what, condition);
  fflush (stderr);
  abort ();
}

/**
 * fuzz_dup:
 * @data: the input
 * @size: its size
 *
 * Returns: (transfer full): the bytes of @data and a nul byte
 */
char *
fuzz_dup (const uint8_t *data,
          size_t         size)
{
  char *copy = g_malloc (size + 1);

  if (size > 0)
    memcpy (copy, data, size);
  copy[size] = '\0';

  return copy;
}

/**
 * fuzz_split:
 * @data: the input
 * @size: its size
 * @first: (out) (transfer full): the bytes before the first nul byte
 * @second: (out) (transfer full) (nullable): the bytes after it
 */
void
fuzz_split (const uint8_t  *data,
            size_t          size,
            char          **first,
            char          **second)
{
  const uint8_t *nul = size > 0 ? memchr (data, '\0', size) : NULL;

  if (nul == NULL)
    {
      *first = fuzz_dup (data, size);
      *second = NULL;
      return;
    }

  *first = fuzz_dup (data, nul - data);
  *second = fuzz_dup (nul + 1, size - (nul - data) - 1);
}

/**
 * fuzz_check_utf8:
 * @text: a string a parser made
 * @what: which
 */
void
fuzz_check_utf8 (const char *text,
                 const char *what)
{
  FUZZ_CHECK (text != NULL, what);
  FUZZ_CHECK (g_utf8_validate (text, -1, NULL), what);
}

/**
 * fuzz_check_rendered_html:
 * @html: the output of cd_render_markdown()
 *
 * Every "<" starts one of cmark's tags (text "<" is escaped), so reading
 * the tags is enough to see every element and attribute.
 */
void
fuzz_check_rendered_html (const char *html)
{
  const char *p = html;

  fuzz_check_utf8 (html, "rendered HTML is UTF-8");

  while ((p = strchr (p, '<')) != NULL)
    {
      const char *name;
      gsize name_len;

      p++;
      if (*p == '/')
        p++;
      name = p;
      while (g_ascii_isalnum (*p))
        p++;
      name_len = p - name;
      FUZZ_CHECK (in_list (rendered_elements, name, name_len), "only cmark's elements");

      for (;;)
        {
          const char *attr;
          const char *value;
          gsize attr_len;

          while (*p == ' ')
            p++;
          if (*p == '>' || g_str_has_prefix (p, "/>"))
            break;

          attr = p;
          while (g_ascii_isalpha (*p))
            p++;
          attr_len = p - attr;
          FUZZ_CHECK (attr_len > 0 && in_list (rendered_attributes, attr, attr_len),
                      "only cmark's attributes (no event handler)");
          FUZZ_CHECK (p[0] == '=' && p[1] == '"', "attributes are quoted");
          value = p + 2;
          p = strchr (value, '"');
          FUZZ_CHECK (p != NULL, "attribute values end");
          FUZZ_CHECK (memchr (value, '<', p - value) == NULL, "no < in attribute values");

          if ((attr_len == 4 && g_ascii_strncasecmp (attr, "href", 4) == 0)
              || (attr_len == 3 && g_ascii_strncasecmp (attr, "src", 3) == 0))
            FUZZ_CHECK (!url_is_harmful (value, p - value), "no dangerous URL");
          p++;
        }
    }
}

/**
 * fuzz_check_safe_markdown:
 * @markdown: Markdown that Copydesk wrote from someone else's text
 */
void
fuzz_check_safe_markdown (const char *markdown)
{
  cmark_node *document = cmark_parse_document (markdown, strlen (markdown), CMARK_OPT_DEFAULT);
  cmark_iter *iter = cmark_iter_new (document);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);

      if (event != CMARK_EVENT_ENTER)
        continue;

      FUZZ_CHECK (type != CMARK_NODE_HTML_BLOCK && type != CMARK_NODE_HTML_INLINE,
                  "no raw HTML in converted Markdown");

      if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)
        {
          const char *url = cmark_node_get_url (node);
          g_autofree char *scheme = url != NULL ? g_uri_parse_scheme (url) : NULL;

          FUZZ_CHECK (scheme == NULL || g_ascii_strcasecmp (scheme, "http") == 0
                      || g_ascii_strcasecmp (scheme, "https") == 0
                      || g_ascii_strcasecmp (scheme, "mailto") == 0,
                      "only http, https and mailto links in converted Markdown");
        }
    }

  cmark_iter_free (iter);
  cmark_node_free (document);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical is a precondition our code broke: as good as a crash. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  setlocale (LC_ALL, "C.UTF-8");

  return 0;
}
