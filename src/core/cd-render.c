/* cd-render.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-render"

#include "config.h"

#include <string.h>

#include <cmark.h>
#include <glib/gi18n-lib.h>

#include "cd-render.h"

/* The archived notice block. The comments are what removal looks for; they
 * hold no "--" so WordPress's kses (which folds "--" runs inside comments)
 * leaves them alone, and WordPress keeps comments in the raw post content.
 * Removal never parses what lies between them, so kses or wpautop rewriting
 * the notice's own markup (entities, line breaks, attributes) does not
 * matter. If the comments were stripped altogether, removal falls back to
 * the <div> with NOTICE_CLASS at the very top.
 */
#define NOTICE_NAME  "copydesk:archived-notice"
#define NOTICE_START "<!-- " NOTICE_NAME " -->"
#define NOTICE_END   "<!-- /" NOTICE_NAME " -->"
#define NOTICE_CLASS "cd-archived-notice"

/* Modest, readable, and no external resources. */
#define PAGE_CSS \
  "body { margin: 0; padding: 2em 1em; font: 1.1rem/1.6 Georgia, 'Times New Roman', serif;\n" \
  "       color: #222; background: #fff; }\n" \
  ".cd-story { max-width: 40em; margin: 0 auto; }\n" \
  "h1 { font-size: 2.2rem; line-height: 1.2; margin: 0 0 .5em; }\n" \
  ".cd-dek { font-size: 1.3rem; color: #444; }\n" \
  ".cd-byline, .cd-dateline { font: .9rem/1.4 sans-serif; color: #555; margin: .2em 0; }\n" \
  "figure { margin: 1.5em 0; }\n" \
  "figure img { max-width: 100%; height: auto; display: block; }\n" \
  "figcaption { font: .85rem/1.4 sans-serif; color: #555; margin-top: .4em; }\n" \
  ".cd-archived-notice { border-left: 4px solid #c01c28; background: #fdf0f0;\n" \
  "                      padding: .5em 1em; margin: 0 0 1.5em; }\n" \
  ".cd-source, .cd-related { font-family: sans-serif; }\n"

static void
append_escaped (GString    *out,
                const char *text)
{
  g_assert (out != NULL);

  if (text == NULL)
    return;

  /* Invalid UTF-8 would make the whole page invalid: replace it. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      append_escaped (out, valid);
      return;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&#39;");
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
}

/* Whether a browser would run or open @url as something other than a web
 * page or an inline picture. Browsers drop leading and trailing controls and
 * spaces and every tab and line break before reading the scheme
 * ("java\tscript:" is "javascript:"), so this does the same.
 */
static gboolean
url_is_dangerous (const char *url)
{
  static const char * const bad_schemes[] = { "javascript", "vbscript", "file", "data" };
  static const char * const good_data[] = {
    "image/png", "image/gif", "image/jpeg", "image/webp",
  };
  g_autoptr(GString) clean = g_string_new (NULL);
  const char *p = url;
  const char *colon;

  g_assert (url != NULL);

  while (*p != '\0' && (guchar) *p <= ' ')
    p++;
  for (; *p != '\0'; p++)
    if (*p != '\t' && *p != '\n' && *p != '\r')
      g_string_append_c (clean, *p);

  colon = strchr (clean->str, ':');
  if (colon == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (bad_schemes); i++)
    {
      gsize len = strlen (bad_schemes[i]);

      if ((gsize) (colon - clean->str) != len
          || g_ascii_strncasecmp (clean->str, bad_schemes[i], len) != 0)
        continue;

      if (g_str_equal (bad_schemes[i], "data"))
        {
          for (guint j = 0; j < G_N_ELEMENTS (good_data); j++)
            if (g_ascii_strncasecmp (colon + 1, good_data[j], strlen (good_data[j])) == 0)
              return FALSE;
        }

      return TRUE;
    }

  return FALSE;
}

/* Only http and https URLs with a host become links in what we write
 * around the body (source attribution, related links).
 */
static gboolean
url_is_web (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    return FALSE;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
         && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

/* Replace @node by its children, in place, and free it. */
static void
unwrap_node (cmark_node *node)
{
  cmark_node *child;

  while ((child = cmark_node_first_child (node)) != NULL)
    cmark_node_insert_before (node, child);

  cmark_node_free (node);
}

/* Raw HTML becomes text with the same characters, so the renderer escapes
 * it and the editor sees what they typed. A block becomes a paragraph.
 */
static void
replace_html_node (cmark_node *node)
{
  const char *literal = cmark_node_get_literal (node);
  cmark_node *text = cmark_node_new (CMARK_NODE_TEXT);

  if (cmark_node_get_type (node) == CMARK_NODE_HTML_BLOCK)
    {
      g_autofree char *trimmed = g_strdup (literal != NULL ? literal : "");
      cmark_node *paragraph = cmark_node_new (CMARK_NODE_PARAGRAPH);

      g_strchomp (trimmed);
      cmark_node_set_literal (text, trimmed);
      cmark_node_append_child (paragraph, text);
      cmark_node_replace (node, paragraph);
    }
  else
    {
      cmark_node_set_literal (text, literal != NULL ? literal : "");
      cmark_node_replace (node, text);
    }

  cmark_node_free (node);
}

/* Walks the tree with cmark's iterator (no recursion, whatever the depth)
 * and collects what to change, then changes it: changing nodes while
 * iterating would derail the iterator.
 */
static void
sanitize_document (cmark_node *document)
{
  g_autoptr(GPtrArray) raw_html = g_ptr_array_new ();
  g_autoptr(GPtrArray) unsafe = g_ptr_array_new ();
  cmark_iter *iter = cmark_iter_new (document);
  cmark_event_type event;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (event != CMARK_EVENT_ENTER)
        continue;

      switch (cmark_node_get_type (node))
        {
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
          g_ptr_array_add (raw_html, node);
          break;

        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
          {
            const char *url = cmark_node_get_url (node);

            if (url != NULL && url_is_dangerous (url))
              g_ptr_array_add (unsafe, node);
          }
          break;

        default:
          break;
        }
    }

  cmark_iter_free (iter);

  for (guint i = 0; i < raw_html->len; i++)
    replace_html_node (g_ptr_array_index (raw_html, i));

  /* In document order: unwrapping an outer link keeps the inner nodes
   * (they only move), so the later entries stay valid.
   */
  for (guint i = 0; i < unsafe->len; i++)
    unwrap_node (g_ptr_array_index (unsafe, i));
}

/* Where the notice block's closing comment ends, or NULL. Tolerates
 * whitespace inside the comments; the first closing comment after the
 * opening one is ours, because the escaped notice cannot hold a comment.
 */
static const char *
match_comment (const char *p,
               gboolean    closing)
{
  if (!g_str_has_prefix (p, "<!--"))
    return NULL;
  p += strlen ("<!--");
  while (g_ascii_isspace (*p))
    p++;
  if (closing)
    {
      if (*p != '/')
        return NULL;
      p++;
    }
  if (!g_str_has_prefix (p, NOTICE_NAME))
    return NULL;
  p += strlen (NOTICE_NAME);
  while (g_ascii_isspace (*p))
    p++;
  if (!g_str_has_prefix (p, "-->"))
    return NULL;

  return p + strlen ("-->");
}

static const char *
find_notice_end_by_comments (const char *start)
{
  const char *p = match_comment (start, FALSE);

  if (p == NULL)
    return NULL;

  for (p = strstr (p, "<!--"); p != NULL; p = strstr (p + 1, "<!--"))
    {
      const char *end = match_comment (p, TRUE);

      if (end != NULL)
        return end;
    }

  return NULL;
}

/* Fallback for content whose comments were stripped: a <div> whose opening
 * tag names NOTICE_CLASS, up to its first </div> (the notice holds no
 * nested div).
 */
static const char *
find_notice_end_by_div (const char *start)
{
  const char *tag_end;
  const char *close;
  g_autofree char *tag = NULL;

  if (g_ascii_strncasecmp (start, "<div", 4) != 0 || !g_ascii_isspace (start[4]))
    return NULL;

  tag_end = strchr (start, '>');
  if (tag_end == NULL)
    return NULL;

  tag = g_strndup (start, tag_end - start);
  if (strstr (tag, NOTICE_CLASS) == NULL)
    return NULL;

  for (close = strchr (tag_end, '<'); close != NULL; close = strchr (close + 1, '<'))
    if (g_ascii_strncasecmp (close, "</div>", 6) == 0)
      return close + 6;

  return NULL;
}

/* Finds the notice block at the top of @content. Returns the byte offset
 * just past it, including the one line break that adding put after it, or
 * -1 when there is none.
 */
static gssize
find_notice (const char *content)
{
  const char *start = content;
  const char *end;

  g_assert (content != NULL);

  /* We always put the block at byte 0; whitespace before it can only come
   * from something rewriting the content, and goes with the block.
   */
  while (g_ascii_isspace (*start))
    start++;

  end = find_notice_end_by_comments (start);
  if (end == NULL)
    end = find_notice_end_by_div (start);
  if (end == NULL)
    return -1;

  if (end[0] == '\r' && end[1] == '\n')
    end += 2;
  else if (end[0] == '\n')
    end += 1;

  return end - content;
}

/* "latimes.com" for "https://www.latimes.com/story": the site as readers
 * name it.
 */
static char *
site_name (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = NULL;

  g_assert (uri != NULL);

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (g_str_has_prefix (host, "www.") && host[4] != '\0')
    return g_strdup (host + 4);

  return g_steal_pointer (&host);
}

/* The image's URL: the target's, or the file name (percent-encoded, so a
 * name with ':' cannot pass for a scheme). NULL when there is none usable.
 */
static char *
photo_src (CdPhoto              *photo,
           CdRenderImageUrlFunc  image_url_func,
           gpointer              user_data)
{
  g_autofree char *url = NULL;

  if (image_url_func != NULL)
    {
      url = image_url_func (photo, user_data);
    }
  else if (*cd_photo_get_file_path (photo) != '\0')
    {
      g_autofree char *name = g_path_get_basename (cd_photo_get_file_path (photo));

      url = g_uri_escape_string (name, NULL, TRUE);
    }

  if (url == NULL || *url == '\0' || url_is_dangerous (url))
    return NULL;

  return g_steal_pointer (&url);
}

static void
append_figure (GString              *out,
               CdPhoto              *photo,
               CdCreditFormat        format,
               CdRenderImageUrlFunc  image_url_func,
               gpointer              user_data)
{
  g_autofree char *src = photo_src (photo, image_url_func, user_data);
  g_autofree char *caption = cd_render_caption_text (cd_photo_get_caption (photo),
                                                     cd_photo_get_credit (photo),
                                                     format);

  g_string_append (out, "<figure class=\"cd-photo\">");
  if (src != NULL)
    {
      g_string_append (out, "<img src=\"");
      append_escaped (out, src);
      g_string_append (out, "\" alt=\"");
      append_escaped (out, cd_photo_get_alt_text (photo));
      g_string_append (out, "\" />");
    }
  if (*caption != '\0')
    {
      g_string_append (out, "<figcaption>");
      append_escaped (out, caption);
      g_string_append (out, "</figcaption>");
    }
  g_string_append (out, "</figure>\n");
}

static void
append_link (GString    *out,
             const char *url,
             const char *text)
{
  g_string_append (out, "<a href=\"");
  append_escaped (out, url);
  g_string_append (out, "\">");
  append_escaped (out, text);
  g_string_append (out, "</a>");
}

/* The source attribution: the story's own words when it has them, else
 * "Read the full story on <site>"; a link only for an http(s) URL.
 */
static void
append_source (GString *out,
               CdStory *story)
{
  g_autofree char *text = g_strstrip (g_strdup (cd_story_get_source_text (story)));
  const char *url = cd_story_get_source_url (story);
  gboolean is_web = url_is_web (url);

  if (*text == '\0' && !is_web)
    return;

  g_string_append (out, "<p class=\"cd-source\">");
  if (*text == '\0')
    {
      g_autofree char *site = site_name (url);

      g_free (text);
      /* Translators: closes a story that came from another site; %s is
       * that site's name, e.g. "latimes.com" */
      text = g_strdup_printf (_("Read the full story on %s"), site);
    }
  if (is_web)
    append_link (out, url, text);
  else
    append_escaped (out, text);
  g_string_append (out, "</p>\n");
}

static void
append_related (GString *out,
                CdStory *story)
{
  GPtrArray *links = cd_story_get_related_links (story);
  g_autoptr(GString) items = g_string_new (NULL);

  for (guint i = 0; i < links->len; i++)
    {
      const CdLink *link = g_ptr_array_index (links, i);
      g_autofree char *title = g_strstrip (g_strdup (link->title));
      gboolean is_web = url_is_web (link->url);

      /* A link we may not link, with no title, says nothing. */
      if (*title == '\0' && !is_web)
        continue;

      g_string_append (items, "<li>");
      if (is_web)
        append_link (items, link->url, *title != '\0' ? title : link->url);
      else
        append_escaped (items, title);
      g_string_append (items, "</li>\n");
    }

  if (items->len == 0)
    return;

  g_string_append (out, "<section class=\"cd-related\">\n<h2>");
  /* Translators: heading above a list of links to related stories */
  append_escaped (out, C_("heading", "Related"));
  g_string_append (out, "</h2>\n<ul>\n");
  g_string_append_len (out, items->str, items->len);
  g_string_append (out, "</ul>\n</section>\n");
}

/* The page's language from the locale ("pt_BR.UTF-8" gives "pt-BR"). */
static char *
page_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = names[i];

      if (g_str_equal (name, "C") || g_str_equal (name, "POSIX")
          || strchr (name, '.') != NULL || strchr (name, '@') != NULL)
        continue;

      return g_strdelimit (g_strdup (name), "_", '-');
    }

  return g_strdup ("en");
}

static void
append_paragraph (GString    *out,
                  const char *css_class,
                  const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (*trimmed == '\0')
    return;

  g_string_append_printf (out, "<p class=\"%s\">", css_class);
  append_escaped (out, trimmed);
  g_string_append (out, "</p>\n");
}

/**
 * cd_render_markdown:
 * @markdown: the story's body, CommonMark
 *
 * Renders @markdown with cmark; raw HTML becomes escaped text, unsafe
 * links and images become their text.
 * Returns: (transfer full): the HTML
 */
char *
cd_render_markdown (const char *markdown)
{
  cmark_node *document;
  char *cmark_html;
  char *html;

  g_return_val_if_fail (markdown != NULL, NULL);

  /* No CMARK_OPT_UNSAFE: cmark's safe mode stays as a second line behind
   * sanitize_document (it would blank raw HTML and unsafe URLs).
   */
  document = cmark_parse_document (markdown, strlen (markdown), CMARK_OPT_VALIDATE_UTF8);
  sanitize_document (document);
  cmark_html = cmark_render_html (document, CMARK_OPT_DEFAULT);
  cmark_node_free (document);

  /* cmark allocates with malloc(); hand out GLib memory. */
  html = g_strdup (cmark_html);
  free (cmark_html);

  return html;
}

/**
 * cd_render_escape:
 * @text: plain text
 *
 * Escapes &, <, >, " and ' for text and attributes; bad UTF-8 becomes U+FFFD.
 * Returns: (transfer full): the escaped text
 */
char *
cd_render_escape (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 16);
  append_escaped (out, text);

  return g_string_free (out, FALSE);
}

/**
 * cd_render_caption_text:
 * @caption: the caption, plain text; may be empty
 * @credit: the credit (photographer/agency), plain text; may be empty
 * @format: the house style
 *
 * Both trimmed; the caption keeps its own final punctuation, none is
 * added. An empty side leaves the other alone (a lone credit is labelled).
 * Returns: (transfer full): plain text, not escaped
 */
char *
cd_render_caption_text (const char     *caption,
                        const char     *credit,
                        CdCreditFormat  format)
{
  g_autofree char *cap = NULL;
  g_autofree char *cred = NULL;

  g_return_val_if_fail (caption != NULL, NULL);
  g_return_val_if_fail (credit != NULL, NULL);
  g_return_val_if_fail (format <= CD_CREDIT_FORMAT_PHOTO_BY, NULL);

  cap = g_strstrip (g_strdup (caption));
  cred = g_strstrip (g_strdup (credit));

  if (*cred == '\0')
    return g_steal_pointer (&cap);

  switch (format)
    {
    case CD_CREDIT_FORMAT_PARENTHESES:
      if (*cap == '\0')
        /* Translators: a photo credit standing alone under a photo; %s is the
         * photographer and agency, e.g. "Jessica McGowan/Getty Images" */
        return g_strdup_printf (_("(Credit: %s)"), cred);
      /* Translators: a photo caption followed by its credit. %1$s is the
       * caption, which keeps its own final full stop; %2$s is the
       * photographer and agency, e.g. "Jessica McGowan/Getty Images" */
      return g_strdup_printf (_("%1$s (Credit: %2$s)"), cap, cred);

    case CD_CREDIT_FORMAT_EM_DASH:
      if (*cap == '\0')
        /* Translators: a photo credit standing alone under a photo; %s is the
         * photographer and agency, e.g. "Jessica McGowan/Getty Images" */
        return g_strdup_printf (_("Credit: %s"), cred);
      /* Translators: a photo caption, an em dash, then its credit. %1$s is
       * the caption; %2$s is the photographer and agency */
      return g_strdup_printf (_("%1$s — %2$s"), cap, cred);

    case CD_CREDIT_FORMAT_PHOTO_BY:
      if (*cap == '\0')
        /* Translators: a photo credit standing alone under a photo; %s is the
         * photographer and agency, e.g. "Jessica McGowan/Getty Images" */
        return g_strdup_printf (_("Photo: %s"), cred);
      /* Translators: a photo caption followed by its credit. %1$s is the
       * caption, which keeps its own final full stop; %2$s is the
       * photographer and agency, e.g. "Jessica McGowan/Getty Images" */
      return g_strdup_printf (_("%1$s Photo: %2$s"), cap, cred);

    default:
      g_assert_not_reached ();
    }

  return NULL;
}

/**
 * cd_render_story_content:
 * @story: a #CdStory
 * @format: the house style for credits
 * @image_url_func: (nullable) (scope call): maps a photo to its URL
 * @user_data: data for @image_url_func
 *
 * Body, a figure per photo, source attribution, related links.
 * Returns: (transfer full): the HTML
 */
char *
cd_render_story_content (CdStory              *story,
                         CdCreditFormat        format,
                         CdRenderImageUrlFunc  image_url_func,
                         gpointer              user_data)
{
  g_autofree char *body = NULL;
  GListModel *photos;
  GString *out;
  guint n_photos;

  g_return_val_if_fail (CD_IS_STORY (story), NULL);
  g_return_val_if_fail (format <= CD_CREDIT_FORMAT_PHOTO_BY, NULL);

  body = cd_render_markdown (cd_story_get_body (story));
  out = g_string_new (body);

  photos = cd_story_get_photos (story);
  n_photos = g_list_model_get_n_items (photos);
  for (guint i = 0; i < n_photos; i++)
    {
      g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, i);

      append_figure (out, photo, format, image_url_func, user_data);
    }

  append_source (out, story);
  append_related (out, story);

  return g_string_free (out, FALSE);
}

/**
 * cd_render_page:
 * @story: a #CdStory
 * @content: post content, e.g. cd_render_story_content() with a notice
 *
 * Wraps @content in a standalone HTML5 page with headline, dek, byline.
 * Returns: (transfer full): the page
 */
char *
cd_render_page (CdStory    *story,
                const char *content)
{
  g_autofree char *lang = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *dek = NULL;
  GString *out;

  g_return_val_if_fail (CD_IS_STORY (story), NULL);
  g_return_val_if_fail (content != NULL, NULL);

  lang = page_language ();
  headline = g_strstrip (g_strdup (cd_story_get_headline (story)));
  dek = g_strstrip (g_strdup (cd_story_get_dek (story)));

  out = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  append_escaped (out, lang);
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\" />\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
  if (*dek != '\0')
    {
      g_string_append (out, "<meta name=\"description\" content=\"");
      append_escaped (out, dek);
      g_string_append (out, "\" />\n");
    }
  g_string_append (out, "<title>");
  /* Translators: the page title of a story that has no headline yet */
  append_escaped (out, *headline != '\0' ? headline : _("Untitled story"));
  g_string_append (out, "</title>\n<style>\n" PAGE_CSS "</style>\n</head>\n<body>\n"
                   "<article class=\"cd-story\">\n<header>\n");
  if (*headline != '\0')
    {
      g_string_append (out, "<h1>");
      append_escaped (out, headline);
      g_string_append (out, "</h1>\n");
    }
  append_paragraph (out, "cd-dek", dek);
  append_paragraph (out, "cd-byline", cd_story_get_byline (story));
  append_paragraph (out, "cd-dateline", cd_story_get_dateline (story));
  g_string_append (out, "</header>\n");
  g_string_append (out, content);
  g_string_append (out, "</article>\n</body>\n</html>\n");

  return g_string_free (out, FALSE);
}

/**
 * cd_render_story_page:
 * @story: a #CdStory
 * @format: the house style for credits
 * @image_url_func: (nullable) (scope call): maps a photo to its URL
 * @user_data: data for @image_url_func
 *
 * Returns: (transfer full): a standalone HTML5 page (local-folder target)
 */
char *
cd_render_story_page (CdStory              *story,
                      CdCreditFormat        format,
                      CdRenderImageUrlFunc  image_url_func,
                      gpointer              user_data)
{
  g_autofree char *content = NULL;

  g_return_val_if_fail (CD_IS_STORY (story), NULL);

  content = cd_render_story_content (story, format, image_url_func, user_data);

  return cd_render_page (story, content);
}

/**
 * cd_render_has_archived_notice:
 * @content: post content (HTML)
 *
 * Returns: whether @content starts with the archived notice block
 */
gboolean
cd_render_has_archived_notice (const char *content)
{
  g_return_val_if_fail (content != NULL, FALSE);

  return find_notice (content) >= 0;
}

/**
 * cd_render_add_archived_notice:
 * @content: post content (HTML)
 * @notice: the notice, plain text (escaped here)
 *
 * Puts the block and a line break before @content, unless it has one.
 * Returns: (transfer full): the new content
 */
char *
cd_render_add_archived_notice (const char *content,
                               const char *notice)
{
  GString *out;

  g_return_val_if_fail (content != NULL, NULL);
  g_return_val_if_fail (notice != NULL, NULL);

  if (cd_render_has_archived_notice (content))
    return g_strdup (content);

  out = g_string_new (NOTICE_START "\n<div class=\"" NOTICE_CLASS "\" role=\"note\"><p>");
  append_escaped (out, notice);
  g_string_append (out, "</p></div>\n" NOTICE_END "\n");
  g_string_append (out, content);

  return g_string_free (out, FALSE);
}

/**
 * cd_render_remove_archived_notice:
 * @content: post content (HTML)
 *
 * Undoes cd_render_add_archived_notice() byte for byte.
 * Returns: (transfer full): the content without the notice
 */
char *
cd_render_remove_archived_notice (const char *content)
{
  gssize end;

  g_return_val_if_fail (content != NULL, NULL);

  end = find_notice (content);
  if (end < 0)
    return g_strdup (content);

  return g_strdup (content + end);
}
