/* cd-html-markdown.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-html-markdown"

#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "cd-html-markdown.h"

/* Deeper markup than this is flattened to its text: agency bodies nest a
 * handful of levels, and the walk is recursive.
 */
#define MAX_DEPTH 128

typedef struct
{
  GHashTable *figure_alts;
} Context;

/* One paragraph or heading being built from inline content. Opening
 * markers wait in @open until the first character they apply to, and a
 * collapsed space waits in @space, so "<em> word </em>" becomes " *word* ".
 */
typedef struct
{
  GString  *text;
  GString  *open;
  gboolean  space;
  gboolean  in_heading;
} Run;

static void render_children (Context   *ctx,
                             xmlNode   *parent,
                             GPtrArray *blocks,
                             guint      depth);
static void render_inline   (Context   *ctx,
                             Run       *run,
                             xmlNode   *node,
                             guint      depth);

static gboolean
is_name (xmlNode    *node,
         const char *name)
{
  return node->type == XML_ELEMENT_NODE
         && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static gboolean
is_one_of (xmlNode            *node,
           const char * const *names)
{
  if (node->type != XML_ELEMENT_NODE)
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp ((const char *) node->name, names[i]) == 0)
      return TRUE;

  return FALSE;
}

static const char * const dropped_elements[] = {
  "script", "style", "head", "title", "noscript", "template", "iframe", "object", "embed",
  "svg", "math", "button", "input", "select", "textarea", "audio", "video", "canvas", NULL
};

/* Elements that only group blocks: their inline runs become paragraphs. */
static const char * const container_elements[] = {
  "html", "body", "article", "section", "div", "main", "header", "footer", "aside", "nav",
  "address", "details", "summary", "dl", "dt", "dd", "fieldset", "form", "hgroup", "center",
  "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "figcaption", "li", NULL
};

static const char * const block_elements[] = {
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr", "figure",
  NULL
};

static gboolean
is_block (xmlNode *node)
{
  return is_one_of (node, container_elements)
         || is_one_of (node, block_elements)
         || is_one_of (node, dropped_elements);
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static char *
get_text (xmlNode *node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup (value != NULL ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

static gboolean
is_html_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Whether @s (at @p) looks like an entity reference, "&amp;" or "&#38;". */
static gboolean
looks_like_entity (const char *p)
{
  const char *q = p + 1;

  if (*q == '#')
    q++;
  if (!g_ascii_isalnum (*q))
    return FALSE;
  while (g_ascii_isalnum (*q))
    q++;
  return *q == ';';
}

static gboolean
line_is_digits (GString *out)
{
  gsize start = out->len;
  gsize n;

  while (start > 0 && out->str[start - 1] != '\n' && out->str[start - 1] != '\r')
    start--;
  n = out->len - start;
  if (n == 0 || n > 9)
    return FALSE;
  for (gsize i = start; i < out->len; i++)
    if (!g_ascii_isdigit (out->str[i]))
      return FALSE;
  return TRUE;
}

/* Whether the next character starts a line; cmark ends lines at \r too
 * (a lone \r read as a line break was found by fuzzing).
 */
static gboolean
at_line_start (GString *out)
{
  return out->len == 0 || out->str[out->len - 1] == '\n' || out->str[out->len - 1] == '\r';
}

/* Appends the character at @p to @out, with a backslash where Markdown
 * would otherwise read it as markup. Returns the next character.
 */
static const char *
append_escaped (GString    *out,
                const char *p)
{
  const char *next = g_utf8_next_char (p);
  gboolean line_start = at_line_start (out);
  char c = *p;

  switch (c)
    {
    case '\\': case '`': case '*': case '_': case '[': case ']': case '<':
      g_string_append_c (out, '\\');
      break;
    case '&':
      if (looks_like_entity (p))
        g_string_append_c (out, '\\');
      break;
    case '#': case '>': case '-': case '+': case '=': case '~': case '|':
      if (line_start)
        g_string_append_c (out, '\\');
      break;
    case '.': case ')':
      if (line_is_digits (out))
        g_string_append_c (out, '\\');
      break;
    default:
      break;
    }

  g_string_append_len (out, p, next - p);
  return next;
}

static void
run_flush_pending (Run *run)
{
  if (run->space && run->text->len > 0 && run->text->str[run->text->len - 1] != '\n')
    g_string_append_c (run->text, ' ');
  run->space = FALSE;
  g_string_append_len (run->text, run->open->str, run->open->len);
  g_string_truncate (run->open, 0);
}

static void
run_append_text (Run        *run,
                 const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (is_html_space (c))
        {
          run->space = TRUE;
          p = g_utf8_next_char (p);
          continue;
        }

      run_flush_pending (run);
      p = append_escaped (run->text, p);
    }
}

static void
run_append_raw (Run        *run,
                const char *markup)
{
  run_flush_pending (run);
  g_string_append (run->text, markup);
}

/* Closes a marker opened at @mark: an empty span loses its markers. */
static gboolean
run_close (Run        *run,
           gsize       mark,
           const char *marker)
{
  if (run->open->len > mark)
    {
      g_string_truncate (run->open, mark);
      return FALSE;
    }

  g_string_append (run->text, marker);
  return TRUE;
}

static char *
run_finish (Run *run)
{
  GString *text = run->text;

  /* A hard break at the very end means nothing. */
  while (g_str_has_suffix (text->str, "\\\n"))
    g_string_truncate (text, text->len - 2);

  return g_strstrip (g_string_free (text, FALSE));
}

static void
run_init (Run *run)
{
  run->text = g_string_new (NULL);
  run->open = g_string_new (NULL);
  run->space = FALSE;
  run->in_heading = FALSE;
}

static void
run_push_block (Run       *run,
                GPtrArray *blocks,
                const char *prefix)
{
  g_autofree char *text = NULL;

  g_string_free (run->open, TRUE);
  text = run_finish (run);

  if (*text != '\0')
    g_ptr_array_add (blocks, prefix != NULL ? g_strconcat (prefix, text, NULL)
                                            : g_steal_pointer (&text));
}

static gboolean
is_safe_url (const char *url)
{
  g_autofree char *scheme = g_uri_parse_scheme (url);

  if (scheme == NULL)
    return url[0] != '\0';

  return g_ascii_strcasecmp (scheme, "http") == 0
         || g_ascii_strcasecmp (scheme, "https") == 0
         || g_ascii_strcasecmp (scheme, "mailto") == 0;
}

/* Removes every tab and line break from @url, in place. */
static char *
remove_breaks (char *url)
{
  char *out = url;

  for (const char *p = url; *p != '\0'; p++)
    if (*p != '\t' && *p != '\n' && *p != '\r')
      *out++ = *p;
  *out = '\0';

  return url;
}

/* A link destination: spaces and angle brackets percent-encoded,
 * parentheses escaped, so it survives any surrounding text.
 */
static char *
format_destination (const char *url)
{
  GString *out = g_string_new (NULL);

  for (const char *p = url; *p != '\0'; p++)
    {
      switch (*p)
        {
        case ' ': g_string_append (out, "%20"); break;
        case '<': g_string_append (out, "%3C"); break;
        case '>': g_string_append (out, "%3E"); break;
        case '\n': case '\r': case '\t': break;
        /* cmark decodes entities in a destination, before backslash
         * escapes: "&#58;" would turn into ":" (found while writing the
         * fuzz harness's link check). "&amp;" decodes to a plain "&".
         */
        case '&': g_string_append (out, "&amp;"); break;
        case '(': case ')': case '\\':
          g_string_append_c (out, '\\');
          G_GNUC_FALLTHROUGH;
        default:
          /* Any other control character ends a destination, and the
           * link (found by fuzzing).
           */
          if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "%%%02X", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

static void
record_figure_alts (Context *ctx,
                    xmlNode *node,
                    guint    depth)
{
  if (ctx->figure_alts == NULL || depth > MAX_DEPTH)
    return;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_name (child, "img"))
        {
          g_autofree char *alt = get_attr (child, "alt");
          static const char * const keys[] = { "data-assoc-ref", "data-uri", "src", NULL };

          if (alt == NULL || *alt == '\0')
            continue;

          for (guint i = 0; keys[i] != NULL; i++)
            {
              g_autofree char *key = get_attr (child, keys[i]);

              if (key != NULL && *key != '\0')
                g_hash_table_insert (ctx->figure_alts, g_steal_pointer (&key), g_strdup (alt));
            }
        }
      else if (child->type == XML_ELEMENT_NODE)
        {
          record_figure_alts (ctx, child, depth + 1);
        }
    }
}

static void
render_code_span (Run     *run,
                  xmlNode *node)
{
  g_autofree char *code = get_text (node);
  g_autoptr(GString) fence = g_string_new ("`");
  guint longest = 0;
  guint current = 0;

  for (char *p = code; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\r')
        *p = ' ';
      current = *p == '`' ? current + 1 : 0;
      longest = MAX (longest, current);
    }

  if (*code == '\0')
    return;

  while (fence->len <= longest)
    g_string_append_c (fence, '`');

  run_flush_pending (run);
  g_string_append (run->text, fence->str);
  if (code[0] == '`' || code[strlen (code) - 1] == '`')
    g_string_append_printf (run->text, " %s ", code);
  else
    g_string_append (run->text, code);
  g_string_append (run->text, fence->str);
}

static void
render_inline_children (Context *ctx,
                        Run     *run,
                        xmlNode *node,
                        guint    depth)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    render_inline (ctx, run, child, depth + 1);
}

static void
render_inline (Context *ctx,
               Run     *run,
               xmlNode *node,
               guint    depth)
{
  if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
    {
      run_append_text (run, (const char *) node->content);
      return;
    }

  if (node->type != XML_ELEMENT_NODE || is_one_of (node, dropped_elements))
    return;

  if (depth > MAX_DEPTH)
    {
      g_autofree char *text = get_text (node);
      run_append_text (run, text);
      return;
    }

  if (is_name (node, "em") || is_name (node, "i") || is_name (node, "cite"))
    {
      gsize mark = run->open->len;

      g_string_append_c (run->open, '*');
      render_inline_children (ctx, run, node, depth);
      run_close (run, mark, "*");
    }
  else if (is_name (node, "strong") || is_name (node, "b"))
    {
      gsize mark = run->open->len;

      g_string_append (run->open, "**");
      render_inline_children (ctx, run, node, depth);
      run_close (run, mark, "**");
    }
  else if (is_name (node, "a"))
    {
      g_autofree char *href = get_attr (node, "href");

      /* Browsers drop tabs and line breaks anywhere in a URL, and so does
       * format_destination(): check the scheme they will see, not
       * "java\nscript:" (found by fuzzing).
       */
      if (href != NULL)
        g_strstrip (remove_breaks (href));

      if (href != NULL && is_safe_url (href))
        {
          gsize mark = run->open->len;

          g_string_append_c (run->open, '[');
          render_inline_children (ctx, run, node, depth);
          if (run_close (run, mark, "]("))
            {
              g_autofree char *dest = format_destination (href);
              g_autofree char *title = get_attr (node, "title");

              g_string_append (run->text, dest);
              if (title != NULL && *title != '\0')
                {
                  g_string_append (run->text, " \"");
                  /* A blank line would end the link and leave the rest
                   * of the title as raw Markdown (found while writing the
                   * fuzz harness's raw-HTML check): breaks become spaces.
                   */
                  for (const char *p = title; *p != '\0'; p++)
                    {
                      /* "<" too, should the link fail all the same. */
                      if (*p == '"' || *p == '\\' || *p == '<')
                        g_string_append_c (run->text, '\\');
                      g_string_append_c (run->text, *p == '\n' || *p == '\r' ? ' ' : *p);
                    }
                  g_string_append_c (run->text, '"');
                }
              g_string_append_c (run->text, ')');
            }
        }
      else
        {
          render_inline_children (ctx, run, node, depth);
        }
    }
  else if (is_name (node, "br"))
    {
      if (run->in_heading)
        {
          run->space = TRUE;
        }
      else if (run->text->len > 0)
        {
          run->space = FALSE;
          g_string_append (run->text, "\\\n");
        }
    }
  else if (is_name (node, "code") || is_name (node, "kbd") || is_name (node, "samp"))
    {
      render_code_span (run, node);
    }
  else if (is_name (node, "img"))
    {
      g_autofree char *src = get_attr (node, "src");
      g_autofree char *alt = get_attr (node, "alt");
      g_autofree char *scheme = src != NULL ? g_uri_parse_scheme (src) : NULL;

      /* Images in the body are not copied; a remote one stays reachable
       * as a link to it.
       */
      if (scheme != NULL && (g_str_equal (scheme, "http") || g_str_equal (scheme, "https")))
        {
          g_autofree char *dest = format_destination (src);

          run_flush_pending (run);
          g_string_append_c (run->text, '[');
          run_append_text (run, alt != NULL && *alt != '\0' ? alt : src);
          run_append_raw (run, "](");
          g_string_append (run->text, dest);
          g_string_append_c (run->text, ')');
        }
    }
  else if (is_name (node, "figure"))
    {
      record_figure_alts (ctx, node, depth);
    }
  else
    {
      /* span, u, sub, sup, abbr, time, unknown elements, and blocks met
       * inside inline content: their text, in place.
       */
      if (is_block (node))
        run->space = TRUE;
      render_inline_children (ctx, run, node, depth);
      if (is_block (node))
        run->space = TRUE;
    }
}

static char *
join_blocks (GPtrArray  *blocks,
             const char *separator)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      g_string_append (out, g_ptr_array_index (blocks, i));
    }

  return g_string_free (out, FALSE);
}

/* Prefixes the first line of @text with @first and the others with
 * @rest; empty lines get @rest without its trailing spaces.
 */
static char *
prefix_lines (const char *text,
              const char *first,
              const char *rest)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *bare = g_strchomp (g_strdup (rest));
  g_autofree char *bare_first = g_strchomp (g_strdup (first));
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      if (i == 0)
        g_string_append (out, *lines[i] != '\0' ? first : bare_first);
      else
        g_string_append (out, *lines[i] != '\0' ? rest : bare);
      g_string_append (out, lines[i]);
    }

  return g_string_free (out, FALSE);
}

static void
render_list (Context   *ctx,
             xmlNode   *list,
             GPtrArray *blocks,
             guint      depth)
{
  gboolean ordered = is_name (list, "ol");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *start_attr = get_attr (list, "start");
  gint64 number = start_attr != NULL ? g_ascii_strtoll (start_attr, NULL, 10) : 1;
  gboolean loose = FALSE;

  if (number < 0 || number > 999999999)
    number = 1;

  for (xmlNode *item = list->children; item != NULL; item = item->next)
    {
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *body = NULL;
      g_autofree char *marker = NULL;
      g_autofree char *indent = NULL;
      gboolean has_paragraphs = FALSE;

      if (!is_name (item, "li"))
        continue;

      for (xmlNode *child = item->children; child != NULL; child = child->next)
        has_paragraphs |= is_name (child, "p");
      loose |= has_paragraphs;

      render_children (ctx, item, parts, depth + 1);
      body = join_blocks (parts, has_paragraphs ? "\n\n" : "\n");

      marker = ordered ? g_strdup_printf ("%" G_GINT64_FORMAT ". ", number++) : g_strdup ("- ");
      indent = g_strnfill (strlen (marker), ' ');
      g_ptr_array_add (items, prefix_lines (body, marker, indent));
    }

  if (items->len > 0)
    g_ptr_array_add (blocks, join_blocks (items, loose ? "\n\n" : "\n"));
}

static void
render_pre (xmlNode   *node,
            GPtrArray *blocks)
{
  g_autofree char *code = get_text (node);
  g_autofree char *language = NULL;
  g_autoptr(GString) fence = g_string_new ("```");
  const char *text = code;
  guint current = 0;
  gsize len;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *class = is_name (child, "code") ? get_attr (child, "class") : NULL;

      /* The first one names the language (two leaked one; found by fuzzing). */
      if (language == NULL && class != NULL && g_str_has_prefix (class, "language-"))
        language = g_strdelimit (g_strdup (class + strlen ("language-")), " \t`", '\0');
    }

  for (const char *p = code; *p != '\0'; p++)
    {
      current = *p == '`' ? current + 1 : 0;
      while (current >= fence->len)
        g_string_append_c (fence, '`');
    }

  if (*text == '\n')
    text++;
  len = strlen (text);
  while (len > 0 && text[len - 1] == '\n')
    len--;

  g_ptr_array_add (blocks, g_strdup_printf ("%s%s\n%.*s\n%s", fence->str,
                                            language != NULL ? language : "",
                                            (int) len, text, fence->str));
}

static void
render_block (Context   *ctx,
              xmlNode   *node,
              GPtrArray *blocks,
              guint      depth)
{
  if (is_one_of (node, dropped_elements))
    return;

  if (depth > MAX_DEPTH)
    {
      Run run;

      run_init (&run);
      render_inline (ctx, &run, node, depth);
      run_push_block (&run, blocks, NULL);
    }
  else if (is_name (node, "p"))
    {
      Run run;

      run_init (&run);
      render_inline_children (ctx, &run, node, depth);
      run_push_block (&run, blocks, NULL);
    }
  else if (node->name[0] == 'h' && node->name[1] >= '1' && node->name[1] <= '6'
           && node->name[2] == '\0')
    {
      g_autofree char *prefix = g_strdup_printf ("%.*s ", node->name[1] - '0', "######");
      Run run;

      run_init (&run);
      run.in_heading = TRUE;
      render_inline_children (ctx, &run, node, depth);
      run_push_block (&run, blocks, prefix);
    }
  else if (is_name (node, "ul") || is_name (node, "ol"))
    {
      render_list (ctx, node, blocks, depth);
    }
  else if (is_name (node, "blockquote"))
    {
      g_autoptr(GPtrArray) inner = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *text = NULL;

      render_children (ctx, node, inner, depth + 1);
      if (inner->len == 0)
        return;
      text = join_blocks (inner, "\n\n");
      g_ptr_array_add (blocks, prefix_lines (text, "> ", "> "));
    }
  else if (is_name (node, "pre"))
    {
      render_pre (node, blocks);
    }
  else if (is_name (node, "hr"))
    {
      g_ptr_array_add (blocks, g_strdup ("---"));
    }
  else if (is_name (node, "figure"))
    {
      /* The pictures of a ninjs item come as associations, with their
       * captions and credits; the body's copy of them would repeat it.
       */
      record_figure_alts (ctx, node, depth);
    }
  else
    {
      render_children (ctx, node, blocks, depth + 1);
    }
}

static void
render_children (Context   *ctx,
                 xmlNode   *parent,
                 GPtrArray *blocks,
                 guint      depth)
{
  Run run;
  gboolean in_run = FALSE;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE && is_block (child))
        {
          if (in_run)
            run_push_block (&run, blocks, NULL);
          in_run = FALSE;
          render_block (ctx, child, blocks, depth);
          continue;
        }

      if (!in_run)
        run_init (&run);
      in_run = TRUE;
      render_inline (ctx, &run, child, depth);
    }

  if (in_run)
    run_push_block (&run, blocks, NULL);
}

/**
 * cd_html_to_markdown:
 * @html: HTML, a fragment or a whole document, in UTF-8 (bad bytes
 *   become U+FFFD)
 * @length: the length of @html in bytes, or -1 if it is nul-terminated
 * @figure_alts: (nullable): a table of strings to fill with the alt text of
 *   each figure's image, keyed by its data-assoc-ref, data-uri and src
 *
 * Converts HTML to CommonMark with libxml2's forgiving HTML parser:
 * paragraphs, headings, emphasis, links, lists, quotes, line breaks and
 * code survive; scripts, styles and figures are dropped; text that would
 * read as markup is escaped.
 *
 * Returns: (transfer full): the Markdown, "" for empty input
 */
char *
cd_html_to_markdown (const char *html,
                     gssize      length,
                     GHashTable *figure_alts)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *valid = NULL;
  Context ctx = { figure_alts };
  htmlDocPtr doc;
  xmlNode *root;

  g_return_val_if_fail (html != NULL, NULL);

  if (length < 0)
    length = strlen (html);
  if (length == 0 || length > G_MAXINT)
    return g_strdup ("");

  /* libxml2 passes bytes it cannot decode through into text nodes, and
   * the walk below steps through them as UTF-8 (found by fuzzing).
   */
  if (!g_utf8_validate_len (html, length, NULL))
    {
      valid = g_utf8_make_valid (html, length);
      html = valid;
      length = strlen (valid);
    }

  doc = htmlReadMemory (html, (int) length, NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                        | HTML_PARSE_RECOVER);
  if (doc == NULL)
    return g_strdup ("");

  root = xmlDocGetRootElement (doc);
  if (root != NULL)
    render_block (&ctx, root, blocks, 0);
  xmlFreeDoc (doc);

  return join_blocks (blocks, "\n\n");
}

/**
 * cd_markdown_escape:
 * @text: plain text
 *
 * Escapes the characters of @text that Markdown would read as markup, so
 * that it renders as itself. Line breaks are kept.
 *
 * Returns: (transfer full): the escaped text
 */
char *
cd_markdown_escape (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0';)
    {
      /* Leading blanks would make an indented code block. */
      if (at_line_start (out) && (*p == ' ' || *p == '\t'))
        {
          p++;
          continue;
        }
      p = append_escaped (out, p);
    }

  return g_string_free (out, FALSE);
}
