/* test-render.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "cd-render.h"

static const char *notice_text =
  "This is an archived article and the information in the article may be outdated.";

/* Every href/src value in @html: none may carry a dangerous scheme. */
static void
assert_no_dangerous_urls (const char *html)
{
  static const char * const attrs[] = { "href=\"", "src=\"" };

  for (guint i = 0; i < G_N_ELEMENTS (attrs); i++)
    for (const char *p = strstr (html, attrs[i]); p != NULL; p = strstr (p + 1, attrs[i]))
      {
        const char *value = p + strlen (attrs[i]);
        const char *end = strchr (value, '"');
        g_autofree char *url = NULL;
        g_autofree char *lower = NULL;

        g_assert_nonnull (end);
        url = g_strndup (value, end - value);
        lower = g_ascii_strdown (url, -1);
        g_assert_false (g_str_has_prefix (lower, "javascript:"));
        g_assert_false (g_str_has_prefix (lower, "vbscript:"));
        g_assert_false (g_str_has_prefix (lower, "file:"));
        g_assert_false (g_str_has_prefix (lower, "data:text"));
      }
}

static void
test_render_escape (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "", "" },
    { "plain text", "plain text" },
    { "<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" },
    { "Tom & Jerry \"quoted\"", "Tom &amp; Jerry &quot;quoted&quot;" },
    { "&amp; stays literal", "&amp;amp; stays literal" },
    { "Zoë — “curly”", "Zoë — “curly”" },
    { "bad \xff byte", "bad \xef\xbf\xbd byte" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = cd_render_escape (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_render_markdown_basic (void)
{
  g_autofree char *html = cd_render_markdown ("# Title\n\nHello *world* and [a link](https://example.com/a?b=1&c=2).\n\n"
                                              "- one\n- two\n");

  g_assert_cmpstr (html, ==,
                   "<h1>Title</h1>\n"
                   "<p>Hello <em>world</em> and <a href=\"https://example.com/a?b=1&amp;c=2\">a link</a>.</p>\n"
                   "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
}

static void
test_render_markdown_raw_html (void)
{
  static const struct { const char *in, *out; } cases[] = {
    /* A block: shown as a paragraph of text, escaped. */
    { "<script>alert(1)</script>\n",
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n" },
    { "<div class=\"x\">\nhello\n</div>\n\nafter\n",
      "<p>&lt;div class=&quot;x&quot;&gt;\nhello\n&lt;/div&gt;</p>\n<p>after</p>\n" },
    /* Inline: the surrounding paragraph keeps the text. */
    { "Text with <b onclick=\"x()\">bold</b> inline.\n",
      "<p>Text with &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt; inline.</p>\n" },
    { "An <img src=x onerror=alert(1)> here\n",
      "<p>An &lt;img src=x onerror=alert(1)&gt; here</p>\n" },
    /* Comments are raw HTML too: the editor sees them. */
    { "<!-- note to self -->\n",
      "<p>&lt;!-- note to self --&gt;</p>\n" },
    /* Inside containers. */
    { "> <iframe src=\"https://evil.example\"></iframe>\n",
      "<blockquote>\n<p>&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;</p>\n</blockquote>\n" },
    { "- <script>x</script>\n",
      "<ul>\n<li>&lt;script&gt;x&lt;/script&gt;</li>\n</ul>\n" },
    /* Code spans were always escaped. */
    { "`<b>`\n", "<p><code>&lt;b&gt;</code></p>\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *html = cd_render_markdown (cases[i].in);

      g_assert_cmpstr (html, ==, cases[i].out);
      g_assert_null (strstr (html, "raw HTML omitted"));
    }
}

static void
test_render_markdown_unsafe_links (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "[click](javascript:alert(1))\n", "<p>click</p>\n" },
    { "[click](JaVaScRiPt:alert(1))\n", "<p>click</p>\n" },
    { "[click](javascript&#58;alert(1))\n", "<p>click</p>\n" },
    { "[click](<java\tscript:alert(1)>)\n", "<p>click</p>\n" },
    { "[click](vbscript:msgbox)\n", "<p>click</p>\n" },
    { "[passwords](file:///etc/passwd)\n", "<p>passwords</p>\n" },
    { "[x](data:text/html;base64,PHNjcmlwdD4=)\n", "<p>x</p>\n" },
    { "<javascript:alert(1)>\n", "<p>javascript:alert(1)</p>\n" },
    { "![a *bad* picture](javascript:alert(1))\n", "<p>a <em>bad</em> picture</p>\n" },
    /* A bad link inside a good link's image, and the other way round. */
    { "[![pic](data:text/html,x)](https://example.com)\n",
      "<p><a href=\"https://example.com\">pic</a></p>\n" },
    /* What stays. */
    { "![dot](data:image/png;base64,iVBORw0KGgo=)\n",
      "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\" /></p>\n" },
    { "[mail](mailto:desk@example.com) [rel](/about) [frag](#top)\n",
      "<p><a href=\"mailto:desk@example.com\">mail</a> <a href=\"/about\">rel</a> "
      "<a href=\"#top\">frag</a></p>\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *html = cd_render_markdown (cases[i].in);

      g_assert_cmpstr (html, ==, cases[i].out);
      assert_no_dangerous_urls (html);
    }
}

/* Random Markdown made of hostile pieces: nothing gets through. */
static void
test_render_markdown_random (void)
{
  static const char * const pieces[] = {
    "<script>", "</script>", "<b>", "<!--", "-->", "[", "]", "(", ")", "<", ">",
    "javascript:alert(1)", "JAVASCRIPT:", "vbscript:x", "data:text/html,x", "file:///x",
    "https://example.com", "!", "*", "_", "`", "\n", "\n\n", "> ", "- ", "# ",
    "    ", "&#58;", "&lt;", "\t", "<div>", "<a href=\"javascript:x\">", "text ", "'", "\"",
  };

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GString) md = g_string_new (NULL);
      g_autofree char *html = NULL;
      g_autofree char *lower = NULL;
      guint n = g_test_rand_int_range (1, 40);

      for (guint i = 0; i < n; i++)
        g_string_append (md, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);

      html = cd_render_markdown (md->str);
      lower = g_ascii_strdown (html, -1);
      g_assert_null (strstr (lower, "<script"));
      g_assert_null (strstr (lower, "<div"));
      g_assert_null (strstr (lower, "<!--"));
      g_assert_null (strstr (lower, "<b>"));
      assert_no_dangerous_urls (html);
    }
}

/* cmark's iterator and renderer do not recurse; neither do we. */
static void
test_render_markdown_deep (void)
{
  static const char * const openers[] = { "> ", "- ", "[", "*", "<i>" };

  for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
    {
      g_autoptr(GString) md = g_string_new (NULL);
      g_autofree char *html = NULL;

      for (guint j = 0; j < 20000; j++)
        g_string_append (md, openers[i]);
      g_string_append (md, "deep end");

      html = cd_render_markdown (md->str);
      g_assert_nonnull (strstr (html, "deep end"));
    }
}

static void
test_render_caption (void)
{
  static const struct {
    const char *caption, *credit;
    CdCreditFormat format;
    const char *out;
  } cases[] = {
    { "Attorney General Jeff Sessions gives a speech.", "Jessica McGowan/Getty Images",
      CD_CREDIT_FORMAT_PARENTHESES,
      "Attorney General Jeff Sessions gives a speech. (Credit: Jessica McGowan/Getty Images)" },
    /* No final punctuation: none added, just the space. */
    { "Jeff Sessions in Atlanta", "Jessica McGowan/Getty Images",
      CD_CREDIT_FORMAT_PARENTHESES, "Jeff Sessions in Atlanta (Credit: Jessica McGowan/Getty Images)" },
    /* Its own punctuation is kept, never doubled. */
    { "Who won?", "AP", CD_CREDIT_FORMAT_PARENTHESES, "Who won? (Credit: AP)" },
    { "He said “no.”", "AP", CD_CREDIT_FORMAT_PHOTO_BY, "He said “no.” Photo: AP" },
    { "  Trimmed.  \n", "\t AP ", CD_CREDIT_FORMAT_PARENTHESES, "Trimmed. (Credit: AP)" },
    { "A speech.", "Jane Doe/Agency", CD_CREDIT_FORMAT_EM_DASH, "A speech. — Jane Doe/Agency" },
    { "A speech", "Jane Doe/Agency", CD_CREDIT_FORMAT_EM_DASH, "A speech — Jane Doe/Agency" },
    { "A speech.", "Jane Doe/Agency", CD_CREDIT_FORMAT_PHOTO_BY, "A speech. Photo: Jane Doe/Agency" },
    /* Empty credit: the caption alone, whatever the format. */
    { "A speech.", "", CD_CREDIT_FORMAT_PARENTHESES, "A speech." },
    { "A speech.", "  ", CD_CREDIT_FORMAT_EM_DASH, "A speech." },
    { "A speech.", "", CD_CREDIT_FORMAT_PHOTO_BY, "A speech." },
    /* Empty caption: the credit alone, labelled. */
    { "", "Jane Doe/Agency", CD_CREDIT_FORMAT_PARENTHESES, "(Credit: Jane Doe/Agency)" },
    { " ", "Jane Doe/Agency", CD_CREDIT_FORMAT_EM_DASH, "Credit: Jane Doe/Agency" },
    { "", "Jane Doe/Agency", CD_CREDIT_FORMAT_PHOTO_BY, "Photo: Jane Doe/Agency" },
    { "", "", CD_CREDIT_FORMAT_PARENTHESES, "" },
    /* Plain text out: markup is not escaped here, only later. */
    { "<b>Bold</b>", "<script>x</script>", CD_CREDIT_FORMAT_PARENTHESES,
      "<b>Bold</b> (Credit: <script>x</script>)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = cd_render_caption_text (cases[i].caption, cases[i].credit,
                                                     cases[i].format);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_render_notice_add (void)
{
  const char *content = "<p>The story.</p>\n";
  g_autofree char *archived = cd_render_add_archived_notice (content, notice_text);
  g_autofree char *again = cd_render_add_archived_notice (archived, "A different notice");
  g_autofree char *restored = cd_render_remove_archived_notice (archived);
  g_autofree char *restored_again = cd_render_remove_archived_notice (restored);

  g_assert_cmpstr (archived, ==,
                   "<!-- copydesk:archived-notice -->\n"
                   "<div class=\"cd-archived-notice\" role=\"note\"><p>This is an archived article "
                   "and the information in the article may be outdated.</p></div>\n"
                   "<!-- /copydesk:archived-notice -->\n"
                   "<p>The story.</p>\n");
  g_assert_false (cd_render_has_archived_notice (content));
  g_assert_true (cd_render_has_archived_notice (archived));
  g_assert_cmpstr (again, ==, archived);
  g_assert_cmpstr (restored, ==, content);
  g_assert_cmpstr (restored_again, ==, content);
}

static void
test_render_notice_escaped (void)
{
  g_autofree char *archived = cd_render_add_archived_notice ("x", "<script>alert(1)</script> --> & <!-- /copydesk:archived-notice -->");
  g_autofree char *restored = cd_render_remove_archived_notice (archived);

  g_assert_null (strstr (archived, "<script"));
  g_assert_nonnull (strstr (archived, "<p>&lt;script&gt;alert(1)&lt;/script&gt; --&gt; &amp; "
                                      "&lt;!-- /copydesk:archived-notice --&gt;</p>"));
  g_assert_cmpstr (restored, ==, "x");
}

/* Contents that look like the block, start with whitespace, or are empty:
 * add then remove gives the same bytes back.
 */
static void
test_render_notice_round_trip (void)
{
  static const char * const contents[] = {
    "",
    "\n",
    "   \n\n  <p>leading whitespace</p>",
    "\r\n<p>windows</p>\r\n",
    "no trailing newline",
    "<!-- /copydesk:archived-notice -->\n<p>a closing marker first</p>",
    "<p>quoting the marker: <!-- copydesk:archived-notice --> in the middle</p>\n"
    "<!-- /copydesk:archived-notice -->\n",
    "<!-- copydesk:archived-notice --> an opening marker with no end",
    "<!-- copydesk:archived-notice-x -->\n<p>x</p>\n<!-- /copydesk:archived-notice-x -->\n",
    "<div class=\"cd-archived\">\n<p>similar class</p></div>\n",
    "<!-- wp:paragraph -->\n<p>Gutenberg</p>\n<!-- /wp:paragraph -->\n",
    "\xff\xfe invalid bytes stay as they were",
  };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autofree char *archived = cd_render_add_archived_notice (contents[i], notice_text);
      g_autofree char *twice = cd_render_add_archived_notice (archived, notice_text);
      g_autofree char *restored = cd_render_remove_archived_notice (archived);
      g_autofree char *untouched = cd_render_remove_archived_notice (contents[i]);

      g_test_message ("content %u", i);
      g_assert_false (cd_render_has_archived_notice (contents[i]));
      g_assert_true (cd_render_has_archived_notice (archived));
      g_assert_true (g_str_has_prefix (archived, "<!-- copydesk:archived-notice -->\n"));
      g_assert_true (g_str_has_suffix (archived, contents[i]));
      g_assert_cmpstr (twice, ==, archived);
      g_assert_cmpstr (restored, ==, contents[i]);
      g_assert_cmpstr (untouched, ==, contents[i]);
    }
}

/* What WordPress (kses entity normalisation, an editor saving with CRLF,
 * wpautop, stripped comments) may leave of the block: removal still finds
 * it and leaves the story.
 */
static void
test_render_notice_mangled (void)
{
  static const char * const mangled[] = {
    /* kses: &#39; becomes &#039;, attributes requoted */
    "<!-- copydesk:archived-notice -->\n<div class='cd-archived-notice' role='note'>"
    "<p>It&#039;s old.</p></div>\n<!-- /copydesk:archived-notice -->\n<p>Story</p>",
    /* CRLF line endings */
    "<!-- copydesk:archived-notice -->\r\n<div class=\"cd-archived-notice\" role=\"note\">"
    "<p>Old.</p></div>\r\n<!-- /copydesk:archived-notice -->\r\n<p>Story</p>",
    /* wpautop-style line breaks inside, whitespace in the comments */
    "\n<!--copydesk:archived-notice-->\n<div class=\"cd-archived-notice\" role=\"note\">\n"
    "<p>Old.</p>\n</div>\n<!--   /copydesk:archived-notice   -->\n<p>Story</p>",
    /* comments stripped: the div alone */
    "<div class=\"cd-archived-notice\" role=\"note\"><p>Old.</p></div>\n<p>Story</p>",
    "<DIV  class=\"wp-block cd-archived-notice\"><p>Old.</p></DIV><p>Story</p>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (mangled); i++)
    {
      g_autofree char *restored = cd_render_remove_archived_notice (mangled[i]);
      g_autofree char *again = cd_render_add_archived_notice (mangled[i], notice_text);

      g_test_message ("mangled %u", i);
      g_assert_true (cd_render_has_archived_notice (mangled[i]));
      g_assert_cmpstr (restored, ==, "<p>Story</p>");
      g_assert_cmpstr (again, ==, mangled[i]);
    }
}

static void
test_render_notice_random (void)
{
  static const char * const pieces[] = {
    " ", "\n", "\r\n", "\t", "<!--", "-->", "<!-- copydesk:archived-notice -->",
    "<!-- /copydesk:archived-notice -->", "copydesk:archived-notice", "/", "<div", "</div>",
    "class=\"cd-archived-notice\"", ">", "<p>", "é", "&amp;", "text", "\xc3",
  };

  for (guint round = 0; round < 5000; round++)
    {
      g_autoptr(GString) content = g_string_new (NULL);
      g_autofree char *archived = NULL;
      g_autofree char *restored = NULL;
      g_autofree char *twice = NULL;
      guint n = g_test_rand_int_range (0, 30);

      for (guint i = 0; i < n; i++)
        g_string_append (content, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);

      archived = cd_render_add_archived_notice (content->str, notice_text);
      twice = cd_render_add_archived_notice (archived, "other");
      g_assert_cmpstr (twice, ==, archived);
      g_assert_true (cd_render_has_archived_notice (archived));

      if (cd_render_has_archived_notice (content->str))
        {
          /* It already looks archived: left as it is. */
          g_assert_cmpstr (archived, ==, content->str);
        }
      else
        {
          g_autofree char *untouched = cd_render_remove_archived_notice (content->str);

          restored = cd_render_remove_archived_notice (archived);
          g_assert_cmpstr (restored, ==, content->str);
          g_assert_cmpstr (untouched, ==, content->str);
        }
    }
}

static CdPhoto *
make_photo (const char *file_path,
            const char *caption,
            const char *credit,
            const char *alt_text)
{
  CdPhoto *photo = cd_photo_new ();

  cd_photo_set_file_path (photo, file_path);
  cd_photo_set_caption (photo, caption);
  cd_photo_set_credit (photo, credit);
  cd_photo_set_alt_text (photo, alt_text);

  return photo;
}

static void
set_links (CdStory *story,
           ...)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_link_free);
  const char *title;
  va_list args;

  va_start (args, story);
  while ((title = va_arg (args, const char *)) != NULL)
    {
      const char *url = va_arg (args, const char *);
      g_ptr_array_add (links, cd_link_new (title, url));
    }
  va_end (args);

  cd_story_set_related_links (story, links);
}

static void
test_render_story_content (void)
{
  g_autoptr(CdStory) story = cd_story_new ();
  g_autoptr(CdPhoto) photo = make_photo ("/library/photos/ab12 cd:34.jpg",
                                         "Attorney General Jeff Sessions gives a speech.",
                                         "Jessica McGowan/Getty Images",
                                         "Sessions at a lectern");
  g_autoptr(CdPhoto) bare = make_photo ("", "", "", "");
  g_autofree char *html = NULL;

  cd_story_set_body (story, "Hello **world**.\n");
  cd_story_append_photo (story, photo);
  cd_story_append_photo (story, bare);
  cd_story_set_source_url (story, "https://www.latimes.com/politics/story/2018-01-01/x");
  set_links (story,
             "Earlier: the hearing", "https://example.com/hearing?a=1&b=2",
             "Not a link", "javascript:alert(1)",
             "", "ftp://example.com/dropped",
             "", "http://example.com/untitled",
             NULL);

  html = cd_render_story_content (story, CD_CREDIT_FORMAT_PARENTHESES, NULL, NULL);
  g_assert_cmpstr (html, ==,
                   "<p>Hello <strong>world</strong>.</p>\n"
                   "<figure class=\"cd-photo\"><img src=\"ab12%20cd%3A34.jpg\" alt=\"Sessions at a lectern\" />"
                   "<figcaption>Attorney General Jeff Sessions gives a speech. "
                   "(Credit: Jessica McGowan/Getty Images)</figcaption></figure>\n"
                   "<figure class=\"cd-photo\"></figure>\n"
                   "<p class=\"cd-source\"><a href=\"https://www.latimes.com/politics/story/2018-01-01/x\">"
                   "Read the full story on latimes.com</a></p>\n"
                   "<section class=\"cd-related\">\n<h2>Related</h2>\n<ul>\n"
                   "<li><a href=\"https://example.com/hearing?a=1&amp;b=2\">Earlier: the hearing</a></li>\n"
                   "<li>Not a link</li>\n"
                   "<li><a href=\"http://example.com/untitled\">http://example.com/untitled</a></li>\n"
                   "</ul>\n</section>\n");
}

static void
test_render_story_source (void)
{
  static const struct { const char *text, *url, *out; } cases[] = {
    { "", "https://latimes.com/a",
      "<p class=\"cd-source\"><a href=\"https://latimes.com/a\">Read the full story on latimes.com</a></p>\n" },
    { "", "HTTPS://WWW.NYTimes.com/a",
      "<p class=\"cd-source\"><a href=\"HTTPS://WWW.NYTimes.com/a\">Read the full story on nytimes.com</a></p>\n" },
    { "Originally in the <i>Times</i>", "https://latimes.com/a",
      "<p class=\"cd-source\"><a href=\"https://latimes.com/a\">Originally in the &lt;i&gt;Times&lt;/i&gt;</a></p>\n" },
    { "From the wire", "javascript:alert(1)", "<p class=\"cd-source\">From the wire</p>\n" },
    { "From the wire", "", "<p class=\"cd-source\">From the wire</p>\n" },
    { "", "javascript:alert(1)", "" },
    { "", "https://", "" },
    { "  ", "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CdStory) story = cd_story_new ();
      g_autofree char *html = NULL;

      cd_story_set_source_text (story, cases[i].text);
      cd_story_set_source_url (story, cases[i].url);
      html = cd_render_story_content (story, CD_CREDIT_FORMAT_EM_DASH, NULL, NULL);
      g_assert_cmpstr (html, ==, cases[i].out);
    }
}

static char *
cdn_url_cb (CdPhoto  *photo,
            gpointer  user_data)
{
  guint *calls = user_data;

  (*calls)++;
  if (g_str_equal (cd_photo_get_caption (photo), "evil"))
    return g_strdup ("javascript:alert(1)");

  return g_strdup_printf ("https://cdn.example/%s.jpg?w=800&h=600", cd_photo_get_id (photo));
}

static char *
xpath_string (xmlXPathContext *context,
              const char      *expression)
{
  xmlXPathObject *result = xmlXPathEvalExpression ((const xmlChar *) expression, context);
  char *value;

  g_assert_nonnull (result);
  g_assert_cmpint (result->type, ==, XPATH_STRING);
  value = g_strdup ((const char *) result->stringval);
  xmlXPathFreeObject (result);

  return value;
}

static double
xpath_number (xmlXPathContext *context,
              const char      *expression)
{
  xmlXPathObject *result = xmlXPathEvalExpression ((const xmlChar *) expression, context);
  double value;

  g_assert_nonnull (result);
  g_assert_cmpint (result->type, ==, XPATH_NUMBER);
  value = result->floatval;
  xmlXPathFreeObject (result);

  return value;
}

#define assert_xpath_string(ctx, expr, expected) \
  G_STMT_START { \
    g_autofree char *_v = xpath_string (ctx, expr); \
    g_assert_cmpstr (_v, ==, expected); \
  } G_STMT_END

/* Markup everywhere an editor types: the page still parses, strictly, and
 * every text comes back as the editor typed it.
 */
static void
test_render_story_page (void)
{
  const char *evil = "<script>alert('x')</script> & \"more\"";
  g_autoptr(CdStory) story = cd_story_new ();
  g_autoptr(CdPhoto) first = make_photo ("/p/1.jpg", evil, evil, evil);
  g_autoptr(CdPhoto) second = make_photo ("/p/2.jpg", "Second.", "AP", "Two");
  g_autoptr(CdPhoto) third = make_photo ("/p/3.jpg", "evil", "", "Three");
  g_autofree char *page = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *expected_caption = NULL;
  g_autofree char *expected_src = NULL;
  xmlDoc *doc;
  xmlXPathContext *context;
  guint calls = 0;

  cd_story_set_headline (story, evil);
  cd_story_set_dek (story, evil);
  cd_story_set_byline (story, "By <b>Jane</b> Doe");
  cd_story_set_dateline (story, "WASHINGTON —");
  cd_story_set_body (story, "First <script>alert(1)</script> para.\n\n<script>\nblock()\n</script>\n\n"
                            "[click](javascript:alert(1)) and [ok](https://example.com)\n");
  cd_story_set_source_text (story, evil);
  cd_story_set_source_url (story, "https://www.latimes.com/x");
  cd_story_append_photo (story, first);
  cd_story_append_photo (story, second);
  cd_story_append_photo (story, third);
  set_links (story, evil, "https://example.com/r", NULL);

  page = cd_render_story_page (story, CD_CREDIT_FORMAT_PARENTHESES, cdn_url_cb, &calls);
  g_assert_cmpuint (calls, ==, 3);
  g_assert_true (g_str_has_prefix (page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"));
  lower = g_ascii_strdown (page, -1);
  g_assert_null (strstr (lower, "<script"));
  assert_no_dangerous_urls (page);

  /* Strict XML parse: no recovery, so a stray < or & fails here. */
  doc = xmlReadMemory (page, strlen (page), "page.html", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR);
  g_assert_nonnull (doc);
  context = xmlXPathNewContext (doc);

  assert_xpath_string (context, "string(/html/@lang)", "en");
  assert_xpath_string (context, "string(/html/head/title)", evil);
  assert_xpath_string (context, "string(/html/head/meta[@name='description']/@content)", evil);
  assert_xpath_string (context, "string(//article/header/h1)", evil);
  assert_xpath_string (context, "string(//header/p[@class='cd-dek'])", evil);
  assert_xpath_string (context, "string(//header/p[@class='cd-byline'])", "By <b>Jane</b> Doe");
  assert_xpath_string (context, "string(//header/p[@class='cd-dateline'])", "WASHINGTON —");
  g_assert_cmpfloat (xpath_number (context, "count(//script)"), ==, 0);
  g_assert_cmpfloat (xpath_number (context, "count(//b)"), ==, 0);

  /* The body's raw HTML is text; the bad link lost its URL, the good one kept it. */
  assert_xpath_string (context, "string(//article/p[1])", "First <script>alert(1)</script> para.");
  assert_xpath_string (context, "string(//article/p[2])", "<script>\nblock()\n</script>");
  g_assert_cmpfloat (xpath_number (context, "count(//article/p[3]/a)"), ==, 1);
  assert_xpath_string (context, "string(//article/p[3]/a/@href)", "https://example.com");

  /* Figures: the target's URLs, alt text, escaped house-style captions. */
  g_assert_cmpfloat (xpath_number (context, "count(//figure[@class='cd-photo'])"), ==, 3);
  expected_src = g_strdup_printf ("https://cdn.example/%s.jpg?w=800&h=600", cd_photo_get_id (first));
  assert_xpath_string (context, "string(//figure[1]/img/@src)", expected_src);
  assert_xpath_string (context, "string(//figure[1]/img/@alt)", evil);
  expected_caption = g_strdup_printf ("%s (Credit: %s)", evil, evil);
  assert_xpath_string (context, "string(//figure[1]/figcaption)", expected_caption);
  assert_xpath_string (context, "string(//figure[2]/figcaption)", "Second. (Credit: AP)");
  /* A javascript: URL from the target: no image rather than a bad one. */
  g_assert_cmpfloat (xpath_number (context, "count(//figure[3]/img)"), ==, 0);
  assert_xpath_string (context, "string(//figure[3]/figcaption)", "evil");

  assert_xpath_string (context, "string(//p[@class='cd-source']/a)", evil);
  assert_xpath_string (context, "string(//p[@class='cd-source']/a/@href)", "https://www.latimes.com/x");
  assert_xpath_string (context, "string(//section[@class='cd-related']/ul/li/a)", evil);

  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
}

static void
test_render_page_with_notice (void)
{
  g_autoptr(CdStory) story = cd_story_new ();
  g_autofree char *content = NULL;
  g_autofree char *archived = NULL;
  g_autofree char *page = NULL;
  g_autofree char *plain_page = NULL;
  g_autofree char *story_page = NULL;
  xmlDoc *doc;
  xmlXPathContext *context;

  cd_story_set_body (story, "Body.\n");
  content = cd_render_story_content (story, CD_CREDIT_FORMAT_PARENTHESES, NULL, NULL);
  archived = cd_render_add_archived_notice (content, notice_text);
  page = cd_render_page (story, archived);
  plain_page = cd_render_page (story, content);
  story_page = cd_render_story_page (story, CD_CREDIT_FORMAT_PARENTHESES, NULL, NULL);

  g_assert_cmpstr (plain_page, ==, story_page);
  /* Untitled: the title element must not be empty, and there is no h1. */
  g_assert_nonnull (strstr (page, "<title>Untitled story</title>"));
  g_assert_null (strstr (page, "<h1>"));

  doc = xmlReadMemory (page, strlen (page), "page.html", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR);
  g_assert_nonnull (doc);
  context = xmlXPathNewContext (doc);
  assert_xpath_string (context, "string(//article/div[@class='cd-archived-notice']/p)", notice_text);
  assert_xpath_string (context, "string(//article/p)", "Body.");
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/render/escape", test_render_escape);
  g_test_add_func ("/copydesk/core/render/markdown-basic", test_render_markdown_basic);
  g_test_add_func ("/copydesk/core/render/markdown-raw-html", test_render_markdown_raw_html);
  g_test_add_func ("/copydesk/core/render/markdown-unsafe-links", test_render_markdown_unsafe_links);
  g_test_add_func ("/copydesk/core/render/markdown-random", test_render_markdown_random);
  g_test_add_func ("/copydesk/core/render/markdown-deep", test_render_markdown_deep);
  g_test_add_func ("/copydesk/core/render/caption", test_render_caption);
  g_test_add_func ("/copydesk/core/render/notice-add", test_render_notice_add);
  g_test_add_func ("/copydesk/core/render/notice-escaped", test_render_notice_escaped);
  g_test_add_func ("/copydesk/core/render/notice-round-trip", test_render_notice_round_trip);
  g_test_add_func ("/copydesk/core/render/notice-mangled", test_render_notice_mangled);
  g_test_add_func ("/copydesk/core/render/notice-random", test_render_notice_random);

  g_test_add_func ("/copydesk/core/render/story-content", test_render_story_content);
  g_test_add_func ("/copydesk/core/render/story-source", test_render_story_source);
  g_test_add_func ("/copydesk/core/render/story-page", test_render_story_page);
  g_test_add_func ("/copydesk/core/render/page-with-notice", test_render_page_with_notice);

  return g_test_run ();
}
