/* test-render.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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

  return g_test_run ();
}
