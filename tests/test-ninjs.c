/* test-ninjs.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cd-html-markdown.h"
#include "cd-import.h"
#include "cd-ninjs.h"
#include "cd-render.h"

/* A 1×1 PNG, so that renditions point at a real image. */
static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
  0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
  0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

/* Markdown a newsroom writes: every construct the body editor offers. */
static const char body_markdown[] =
  "PARIS — The *first* paragraph, with **strong** words and a [link](https://example.com/a?b=1&c=2).\n"
  "\n"
  "## A subhead\n"
  "\n"
  "> A quote from someone,\n"
  "> over two lines.\n"
  "\n"
  "- one\n"
  "- two, with *emphasis*\n"
  "  - nested\n"
  "\n"
  "3. third\n"
  "4. fourth\n"
  "\n"
  "A line  \n"
  "broken, and `code` and 2 * 3 = 6 and snake_case and a \\*literal\\* star.\n"
  "\n"
  "```\n"
  "code block\n"
  "```\n"
  "\n"
  "1999\\. A year, not a list. \\# Not a heading, and <b>not</b> markup.\n";

typedef struct
{
  char *dir;
  char *image_path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-ninjs-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->image_path = g_build_filename (fixture->dir, "harbour photo.png", NULL);
  g_file_set_contents (fixture->image_path, (const char *) tiny_png, sizeof tiny_png, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->image_path);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs the schema validator on @path; returns its exit status and output. */
static int
validate (const char  *path,
          char       **output)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "validate-ninjs.py", NULL);
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "data", "ninjs",
                                                   "ninjs-schema_2.2.json", NULL);
  const char *argv[] = { "/usr/bin/python3", script, schema, path, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, output, NULL,
                &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static CdStory *
make_story (Fixture *fixture)
{
  static const char * const tags[] = { "Politics", "Île-de-France", NULL };
  CdStory *story = cd_story_new ();
  g_autoptr(CdPhoto) first = cd_photo_new ();
  g_autoptr(CdPhoto) second = cd_photo_new ();

  cd_story_set_headline (story, "Council approves “harbour” plan & budget");
  cd_story_set_dek (story, "The vote ends a two-year fight over the waterfront.");
  cd_story_set_byline (story, "Jane Doe and Ana Ruiz");
  cd_story_set_dateline (story, "PARIS");
  cd_story_set_slug (story, "harbour-vote");
  cd_story_set_body (story, body_markdown);
  cd_story_set_tags (story, tags);
  cd_story_set_source_text (story, "Read the full story on example.com");
  cd_story_set_source_url (story, "https://example.com/harbour");

  cd_photo_set_file_path (first, fixture->image_path);
  cd_photo_set_mime_type (first, "image/png");
  cd_photo_set_caption (first, "The harbour at dawn, Tuesday.");
  cd_photo_set_credit (first, "Jessica McGowan/Getty Images");
  cd_photo_set_alt_text (first, "Fishing boats moored at a stone quay under a pink sky");
  cd_photo_set_creator (first, "Jessica McGowan");
  cd_photo_set_source (first, "Getty Images");
  cd_photo_set_copyright (first, "© 2026 Getty Images");
  cd_story_append_photo (story, first);

  /* No image file and only a caption: still a valid association. */
  cd_photo_set_caption (second, "The council chamber.");
  cd_story_append_photo (story, second);

  return story;
}

static JsonObject *
parse_object (const char *json,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static const char *
description_with_role (JsonObject *object,
                       const char *role)
{
  JsonArray *array = json_object_get_array_member (object, "descriptions");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *element = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (element, "role", ""), role) == 0)
        return json_object_get_string_member (element, "value");
    }

  return NULL;
}

static void
test_ninjs_export_fields (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(CdStory) story = make_story (fixture);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = cd_ninjs_export (story, &error);
  g_autofree char *uri = g_strconcat ("urn:copydesk:story:", cd_story_get_id (story), NULL);
  g_autofree char *image_uri = g_filename_to_uri (fixture->image_path, NULL, NULL);
  JsonObject *item, *headline, *body, *picture, *rendition;
  JsonArray *associations, *subjects;

  g_assert_no_error (error);
  item = parse_object (json, parser);

  g_assert_cmpstr (json_object_get_string_member (item, "uri"), ==, uri);
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "text");
  headline = json_array_get_object_element (json_object_get_array_member (item, "headlines"), 0);
  g_assert_cmpstr (json_object_get_string_member (headline, "role"), ==, "main");
  g_assert_cmpstr (json_object_get_string_member (headline, "value"), ==,
                   "Council approves “harbour” plan & budget");
  g_assert_cmpstr (description_with_role (item, "summary"), ==,
                   "The vote ends a two-year fight over the waterfront.");
  body = json_array_get_object_element (json_object_get_array_member (item, "bodies"), 0);
  g_assert_cmpstr (json_object_get_string_member (body, "contenttype"), ==, "text/html");
  g_assert_nonnull (strstr (json_object_get_string_member (body, "value"), "<em>first</em>"));
  g_assert_nonnull (strstr (json_object_get_string_member (body, "value"), "<h2>A subhead</h2>"));
  g_assert_cmpstr (json_object_get_string_member (item, "by"), ==, "Jane Doe and Ana Ruiz");
  g_assert_cmpstr (json_object_get_string_member (item, "located"), ==, "PARIS");
  g_assert_cmpstr (json_object_get_string_member (item, "slugline"), ==, "harbour-vote");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (item, "versioncreated"), "Z"));
  g_assert_true (json_object_has_member (item, "firstcreated"));

  subjects = json_object_get_array_member (item, "subjects");
  g_assert_cmpuint (json_array_get_length (subjects), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (subjects, 1), "name"),
                   ==, "Île-de-France");

  associations = json_object_get_array_member (item, "associations");
  g_assert_cmpuint (json_array_get_length (associations), ==, 2);
  picture = json_array_get_object_element (associations, 0);
  g_assert_cmpstr (json_object_get_string_member (picture, "type"), ==, "picture");
  g_assert_cmpstr (json_object_get_string_member (picture, "name"), ==, "picture1");
  g_assert_cmpstr (description_with_role (picture, CD_NINJS_ROLE_CAPTION), ==,
                   "The harbour at dawn, Tuesday.");
  g_assert_cmpstr (description_with_role (picture, CD_NINJS_ROLE_CREDITLINE), ==,
                   "Jessica McGowan/Getty Images");
  g_assert_cmpstr (description_with_role (picture, CD_NINJS_ROLE_ALTTEXT), ==,
                   "Fishing boats moored at a stone quay under a pink sky");
  g_assert_cmpstr (json_object_get_string_member (picture, "by"), ==, "Jessica McGowan");
  g_assert_cmpstr (json_object_get_string_member (picture, "copyrightnotice"), ==, "© 2026 Getty Images");
  rendition = json_array_get_object_element (json_object_get_array_member (picture, "renditions"), 0);
  g_assert_cmpstr (json_object_get_string_member (rendition, "href"), ==, image_uri);
  g_assert_cmpstr (json_object_get_string_member (rendition, "contenttype"), ==, "image/png");

  g_assert_false (json_object_has_member (json_array_get_object_element (associations, 1), "renditions"));
}

static void
test_ninjs_export_validates (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CdStory) story = make_story (fixture);
  g_autoptr(CdStory) bare = cd_story_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = cd_ninjs_export (story, &error);
  g_autofree char *bare_json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bare_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *bare_output = NULL;

  g_assert_no_error (error);
  path = write_file (fixture, "story.json", json, -1);
  g_assert_cmpint (validate (path, &output), ==, 0);
  g_assert_cmpstr (output, ==, "");

  /* An empty draft is a valid item too. */
  bare_json = cd_ninjs_export (bare, &error);
  g_assert_no_error (error);
  bare_path = write_file (fixture, "bare.json", bare_json, -1);
  g_assert_cmpint (validate (bare_path, &bare_output), ==, 0);
}

/* The validator is only worth something if it can say no. */
static void
test_ninjs_validator_rejects (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(CdStory) story = make_story (fixture);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = cd_ninjs_export (story, &error);
  g_autofree char *broken = NULL;
  g_autofree char *path = NULL;
  g_autofree char *output = NULL;
  JsonObject *item;

  g_assert_no_error (error);
  item = parse_object (json, parser);
  json_object_set_string_member (item, "keywords", "harbour");
  json_object_set_string_member (item, "versioncreated", "yesterday");
  json_generator_set_root (generator, json_parser_get_root (parser));
  broken = json_generator_to_data (generator, NULL);

  path = write_file (fixture, "broken.json", broken, -1);
  g_assert_cmpint (validate (path, &output), ==, 1);
  g_assert_nonnull (strstr (output, "keywords"));
  g_assert_nonnull (strstr (output, "date-time"));
}

/* IPTC's own examples validate offline too (the TT item has GeoJSON). */
static void
test_ninjs_agency_items_validate (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char * const items[] = {
    "ninjsExSimpleText_2.json", "ntb_text.json", "tt_text_image_2.json", NULL
  };

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ninjs", items[i], NULL);
      g_autofree char *output = NULL;

      g_assert_cmpint (validate (path, &output), ==, 0);
    }
}

/* HTML with every run of white space made one space: a soft line break
 * and a space are the same to a reader.
 */
static char *
render_normalized (const char *markdown)
{
  g_autofree char *html = cd_render_markdown (markdown);
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (spaces, html, -1, 0, " ", 0, NULL);
}

static void
assert_same_html (const char *markdown_a,
                  const char *markdown_b)
{
  g_autofree char *a = render_normalized (markdown_a);
  g_autofree char *b = render_normalized (markdown_b);

  g_assert_cmpstr (a, ==, b);
}

static void
test_ninjs_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CdStory) story = make_story (fixture);
  g_autoptr(CdStory) back = NULL;
  g_autoptr(CdPhoto) first = NULL;
  g_autoptr(CdPhoto) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = cd_ninjs_export (story, &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  GListModel *photos;

  g_assert_no_error (error);
  path = write_file (fixture, "story.json", json, -1);
  file = g_file_new_for_path (path);
  back = cd_ninjs_import_file (file, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (cd_story_get_headline (back), ==, cd_story_get_headline (story));
  g_assert_cmpstr (cd_story_get_dek (back), ==, cd_story_get_dek (story));
  g_assert_cmpstr (cd_story_get_byline (back), ==, cd_story_get_byline (story));
  g_assert_cmpstr (cd_story_get_dateline (back), ==, cd_story_get_dateline (story));
  g_assert_cmpstr (cd_story_get_effective_slug (back), ==, "harbour-vote");
  g_assert_cmpstr (cd_story_get_source_text (back), ==, cd_story_get_source_text (story));
  g_assert_cmpstr (cd_story_get_source_url (back), ==, cd_story_get_source_url (story));
  g_assert_true (g_strv_equal (cd_story_get_tags (back), cd_story_get_tags (story)));
  g_assert_cmpstr (cd_story_get_id (back), !=, cd_story_get_id (story));

  /* Markdown → HTML → Markdown: not the same text, the same document. */
  assert_same_html (cd_story_get_body (back), cd_story_get_body (story));

  photos = cd_story_get_photos (back);
  g_assert_cmpuint (g_list_model_get_n_items (photos), ==, 2);
  first = g_list_model_get_item (photos, 0);
  g_assert_cmpstr (cd_photo_get_caption (first), ==, "The harbour at dawn, Tuesday.");
  g_assert_cmpstr (cd_photo_get_credit (first), ==, "Jessica McGowan/Getty Images");
  g_assert_cmpstr (cd_photo_get_alt_text (first), ==, "Fishing boats moored at a stone quay under a pink sky");
  g_assert_cmpstr (cd_photo_get_creator (first), ==, "Jessica McGowan");
  g_assert_cmpstr (cd_photo_get_copyright (first), ==, "© 2026 Getty Images");
  g_assert_cmpstr (cd_photo_get_source (first), ==, "Getty Images");
  g_assert_cmpstr (cd_photo_get_file_path (first), ==, fixture->image_path);
  g_assert_cmpstr (cd_photo_get_mime_type (first), ==, "image/png");
  g_assert_cmpstr (cd_photo_get_original_name (first), ==, "harbour photo.png");

  second = g_list_model_get_item (photos, 1);
  g_assert_cmpstr (cd_photo_get_caption (second), ==, "The council chamber.");
  g_assert_cmpstr (cd_photo_get_credit (second), ==, "");
  g_assert_cmpstr (cd_photo_get_file_path (second), ==, "");
}

/* A slug that is what the headline gives stays derived after import. */
static void
test_ninjs_derived_slug (void)
{
  g_autoptr(CdStory) story = cd_story_new ();
  g_autoptr(CdStory) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  cd_story_set_headline (story, "Tide Tables Change");
  json = cd_ninjs_export (story, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"tide-tables-change\""));

  back = cd_ninjs_import_data (json, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_story_get_slug (back), ==, "");
  cd_story_set_headline (back, "Tide Tables Change Again");
  g_assert_cmpstr (cd_story_get_effective_slug (back), ==, "tide-tables-change-again");
}

static void
test_ninjs_export_invalid_utf8 (void)
{
  g_autoptr(CdStory) story = cd_story_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  cd_story_set_headline (story, "Fine");
  cd_story_set_byline (story, "Bad \xff byte");
  json = cd_ninjs_export (story, &error);
  g_assert_null (json);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "byline"));
}

/* Each Markdown construct survives Markdown → HTML → Markdown. */
static void
test_ninjs_markdown_equivalence (void)
{
  static const char * const cases[] = {
    "Plain paragraph.\n\nSecond paragraph.",
    "*em* and **strong** and ***both*** and **bold *inner* bold**",
    "A [link](https://example.com/path_(x)?q=1&r=2 \"t\") and <https://example.com>.",
    "# One\n\n## Two\n\n###### Six",
    "> quote\n>\n> > nested quote",
    "- a\n- b\n  - c\n  - d\n- e",
    "7. seven\n8. eight",
    "- loose\n\n- list",
    "line one\\\nline two",
    "`code` and ``co`de``",
    "```\nfenced\n  indented\n```",
    "Specials: \\* \\_ \\[ \\] \\` \\\\ \\< &amp; &copy; 5 * 3",
    "\\# not heading\n\n\\- not list\n\n1\\. not ordered\n\n\\> not quote\n\n\\+ not list",
    "snake_case_word and 2*3*4",
    "---",
    "Text with\nsoft line break.",
    "Ünïcödé — “quotes” … 25\u00a0000",
    NULL
  };

  for (guint i = 0; cases[i] != NULL; i++)
    {
      g_autofree char *raw_html = cd_render_markdown (cases[i]);
      g_autofree char *markdown = cd_html_to_markdown (raw_html, -1, NULL);
      g_autofree char *html = render_normalized (cases[i]);
      g_autofree char *again = render_normalized (markdown);

      if (g_strcmp0 (html, again) != 0)
        g_test_message ("case %u: %s\n→ %s", i, cases[i], markdown);
      g_assert_cmpstr (again, ==, html);
    }
}

static void
test_ninjs_html_to_markdown (void)
{
  static const struct { const char *html; const char *markdown; } cases[] = {
    { "<p>a <em> spaced </em> b</p>", "a *spaced* b" },
    { "<p><strong></strong>empty</p>", "empty" },
    { "<p>x<br>y<br></p>", "x\\\ny" },
    { "<script>alert(1)</script><style>p{}</style><p>kept</p>", "kept" },
    { "<p><a href=\"javascript:alert(1)\">no link</a></p>", "no link" },
    { "<p><a href=\"https://e.com/a b\">sp</a></p>", "[sp](https://e.com/a%20b)" },
    { "<p>1. not a list</p>", "1\\. not a list" },
    { "<p># hash</p><p>- dash</p><p>&lt;tag&gt; *star*</p>", "\\# hash\n\n\\- dash\n\n\\<tag> \\*star\\*" },
    { "<ol start=\"3\"><li>c</li><li>d</li></ol>", "3. c\n4. d" },
    { "<ul><li>a<ul><li>b</li></ul></li></ul>", "- a\n  - b" },
    { "<blockquote>bare text</blockquote>", "> bare text" },
    { "<div>loose <b>inline</b><p>then block</p></div>", "loose **inline**\n\nthen block" },
    { "<h3>Sub<br>head</h3>", "### Sub head" },
    { "<pre><code class=\"language-c\">int x;\n</code></pre>", "```c\nint x;\n```" },
    /* Two languages: the first wins (the other leaked; found by fuzzing). */
    { "<pre><code class=\"language-c\">a</code><code class=\"language-py\">b</code></pre>",
      "```c\nab\n```" },
    { "<p>a<img src=\"https://e.com/i.jpg\" alt=\"pic\">b</p>", "a[pic](https://e.com/i.jpg)b" },
    { "<p>AT&amp;T &amp;copy;</p>", "AT&T \\&copy;" },
    /* Found while writing the fuzz harnesses: an entity in a destination
     * must not decode into a scheme, and a title with a blank line must
     * not end the link and leave raw HTML behind.
     */
    { "<p><a href=\"javascript&amp;#58;alert(1)\">x</a></p>", "[x](javascript&amp;#58;alert\\(1\\))" },
    { "<p><a href=\"https://e.com/?a=1&amp;b=2\" title=\"two\nlines\n\n<b>\">t</a></p>",
      "[t](https://e.com/?a=1&amp;b=2 \"two lines  \\<b>\")" },
    /* Found by fuzzing: browsers drop line breaks and tabs in a URL. */
    { "<p><a href=\"java\nscript:alert(1)\">x</a> <a href=\"ht\ttps://e.com/\">y</a></p>",
      "x [y](https://e.com/)" },
    /* Found by fuzzing: a control character ended the destination. */
    { "<p><a href=\"https://e.com/a\vb\" title=\"<b>\">t</a></p>",
      "[t](https://e.com/a%0Bb \"\\<b>\")" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markdown = cd_html_to_markdown (cases[i].html, -1, NULL);

      g_assert_cmpstr (markdown, ==, cases[i].markdown);
    }
}

/* Found by fuzzing: libxml2 passed undecodable bytes into text nodes and
 * the walk read past the end of one (under ASan, a heap overflow).
 */
static void
test_ninjs_html_invalid_utf8 (void)
{
  static const char * const inputs[] = {
    "<~~~r<\xe8</ep>", "<p>\xf0</p>", "<p>a\xe8</p><p>\xff\xfe</p>", "\xc3",
  };
  g_autofree char *latin1 = cd_html_to_markdown ("<p>caf\xe9 cr\xe8me</p>", -1, NULL);

  g_assert_cmpstr (latin1, ==, "caf\xef\xbf\xbd cr\xef\xbf\xbdme");

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *markdown = cd_html_to_markdown (inputs[i], -1, NULL);

      g_assert_true (g_utf8_validate (markdown, -1, NULL));
    }
}

/* Found by fuzzing: cmark ends a line at a lone \r too, so "x\r# y" came
 * out as a heading.
 */
static void
test_ninjs_markdown_escape (void)
{
  static const struct { const char *text; const char *markdown; } cases[] = {
    { "# not a heading", "\\# not a heading" },
    { "x\r# y\r- z\r  1. w", "x\r\\# y\r\\- z\r1\\. w" },
    { "a\n    code?\n> quote", "a\ncode?\n\\> quote" },
    { "*a* _b_ `c` [d] <e> &amp;", "\\*a\\* \\_b\\_ \\`c\\` \\[d\\] \\<e> \\&amp;" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markdown = cd_markdown_escape (cases[i].text);
      g_autofree char *html = cd_render_markdown (markdown);

      g_assert_cmpstr (markdown, ==, cases[i].markdown);
      g_assert_true (g_str_has_prefix (html, "<p>"));
      g_assert_null (strstr (html, "<h1>"));
      g_assert_null (strstr (html, "<ul>"));
      g_assert_null (strstr (html, "<ol>"));
      g_assert_null (strstr (html, "<pre>"));
      g_assert_null (strstr (html, "<blockquote>"));
    }
}

static void
test_ninjs_html_figures (void)
{
  g_autoptr(GHashTable) alts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *markdown = NULL;

  markdown = cd_html_to_markdown ("<p>before</p><figure><img src=\"x.jpg\" alt=\"A quay\" "
                                  "data-assoc-ref=\"a001\"><figcaption>Cap</figcaption></figure>"
                                  "<p>after</p>", -1, alts);
  g_assert_cmpstr (markdown, ==, "before\n\nafter");
  g_assert_cmpstr (g_hash_table_lookup (alts, "a001"), ==, "A quay");
  g_assert_cmpstr (g_hash_table_lookup (alts, "x.jpg"), ==, "A quay");
}

/* Deep markup: past our own recursion limit the text is kept flat; past
 * libxml2's (256 levels) the parser gives up, and we must not crash.
 */
static void
test_ninjs_html_deep (void)
{
  static const guint levels[] = { 100, 5000 };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autoptr(GString) html = g_string_new (NULL);
      g_autofree char *markdown = NULL;

      for (guint j = 0; j < levels[i]; j++)
        g_string_append (html, "<div><span>");
      g_string_append (html, "deep *text*");
      markdown = cd_html_to_markdown (html->str, html->len, NULL);
      g_assert_nonnull (markdown);
      if (levels[i] == 100)
        g_assert_cmpstr (markdown, ==, "deep \\*text\\*");
    }
}

static CdStory *
import_shared (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ninjs", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CdStory *story = cd_import_file (file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (story);
  return story;
}

static void
test_ninjs_agency_tt (void)
{
  g_autoptr(CdStory) story = import_shared ("tt_text_image_2.json");
  g_autoptr(CdPhoto) photo = NULL;
  const char *body = cd_story_get_body (story);

  g_assert_cmpstr (cd_story_get_headline (story), ==, "Militärövning i jätteformat hålls 2023");
  g_assert_cmpstr (cd_story_get_slug (story), ==, "militärövning");
  g_assert_true (g_str_has_prefix (cd_story_get_dek (story), "Pandemin satte stopp"));
  g_assert_cmpstr (cd_story_get_tags (story)[0], ==, "Krig, konflikter och oroligheter");

  /* The HTML body, as Markdown: the repeated headline gone, the link and
   * the quotes kept, the figure left to the association.
   */
  g_assert_false (g_str_has_prefix (body, "# "));
  g_assert_nonnull (strstr (body, "rapporterar [Sydöstran](https://www.sydostran.se/nyheter/"
                                  "beskedet-da-genomfors-forsvarsmaktens-jatteovning-13d95038/)."));
  g_assert_nonnull (strstr (body, "\n\n> Aurora 2023 kommer att genomföras"));
  g_assert_nonnull (strstr (body, "Aurora 20 skulle omfatta 25 000 deltagare"));
  g_assert_null (strstr (body, "Karl Melander"));
  g_assert_null (strstr (body, "Arkivbild"));

  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (story)), ==, 1);
  photo = g_list_model_get_item (cd_story_get_photos (story), 0);
  g_assert_cmpstr (cd_photo_get_caption (photo), ==,
                   "En stor internationell försvarsövning planeras 2023 med fokus på södra "
                   "Sverige och Gotland. Arkivbild från militärövningen Aurora 17.");
  g_assert_cmpstr (cd_photo_get_credit (photo), ==, "Karl Melander/TT");
  g_assert_cmpstr (cd_photo_get_creator (photo), ==, "Karl Melander/TT");
  /* From the body's figure for data-assoc-ref="a001". */
  g_assert_true (g_str_has_prefix (cd_photo_get_alt_text (photo), "En stor internationell"));
  /* Remote renditions are not downloaded. */
  g_assert_cmpstr (cd_photo_get_file_path (photo), ==, "");
}

static void
test_ninjs_agency_ntb (void)
{
  g_autoptr(CdStory) story = import_shared ("ntb_text.json");
  const char * const *tags = cd_story_get_tags (story);

  g_assert_cmpstr (cd_story_get_headline (story), ==, "Google har kjøpt giganttomt i Skien");
  g_assert_cmpstr (cd_story_get_dek (story), ==,
                   "IT-giganten Google har kjøpt en tomt på nærmere 2.000 mål i Skien i tilfelle "
                   "det blir behov for flere datasentre i Europa. ");
  g_assert_cmpstr (cd_story_get_byline (story), ==, "NTB");
  g_assert_cmpstr (cd_story_get_slug (story), ==, "skien-google");
  g_assert_cmpuint (g_strv_length ((char **) tags), ==, 4);
  g_assert_cmpstr (tags[0], ==, "Innenriks");
  g_assert_cmpstr (tags[3], ==, "Olje og energi");
  /* NTB sends no body with this item; that is not an error. */
  g_assert_cmpstr (cd_story_get_body (story), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (story)), ==, 0);
}

static void
test_ninjs_agency_simple (void)
{
  g_autoptr(CdStory) story = import_shared ("ninjsExSimpleText_2.json");
  g_auto(GStrv) paragraphs = g_strsplit (cd_story_get_body (story), "\n\n", -1);

  g_assert_cmpstr (cd_story_get_headline (story), ==, "Captain of wrecked cruise ship on trial in Italy");
  g_assert_cmpstr (cd_story_get_byline (story), ==, "Paulo Santalucia and Frances d'Emilio");
  /* The HTML body wins over the plain one: four paragraphs, not one. */
  g_assert_cmpuint (g_strv_length (paragraphs), ==, 4);
  g_assert_true (g_str_has_prefix (paragraphs[0], "GROSSETO, Italy (AP) -- The trial"));
  g_assert_true (g_str_has_suffix (paragraphs[3], "Schettino has denied wrongdoing."));
}

static void
test_ninjs_local_renditions (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *subdir = g_build_filename (fixture->dir, "pics", NULL);
  g_autofree char *nested = g_build_filename (subdir, "boat.png", NULL);
  g_autofree char *text_path = NULL;
  g_autofree char *image_uri = g_filename_to_uri (fixture->image_path, NULL, NULL);
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *photos;
  static const char *expected_names[] = { "boat.png", "harbour photo.png", "harbour photo.png", "", "", "", "" };

  g_mkdir (subdir, 0700);
  g_file_set_contents (nested, (const char *) tiny_png, sizeof tiny_png, &error);
  g_assert_no_error (error);
  text_path = write_file (fixture, "notes.png", "not an image at all", -1);

  json = g_strdup_printf ("{\"uri\": \"urn:x\", \"headlines\": [{\"value\": \"Pictures\"}],"
                          " \"associations\": ["
                          "  {\"name\": \"a\", \"uri\": \"urn:a\", \"type\": \"picture\","
                          "   \"renditions\": [{\"name\": \"r\", \"href\": \"https://e.com/remote.jpg\"},"
                          "                    {\"name\": \"l\", \"href\": \"pics/boat.png\"}]},"
                          "  {\"name\": \"b\", \"uri\": \"urn:b\", \"type\": \"picture\","
                          "   \"renditions\": [{\"name\": \"r\", \"href\": \"harbour%%20photo.png\"}]},"
                          "  {\"name\": \"c\", \"uri\": \"urn:c\", \"type\": \"picture\","
                          "   \"renditions\": [{\"name\": \"r\", \"href\": \"%s\"}]},"
                          "  {\"name\": \"d\", \"uri\": \"urn:d\", \"type\": \"picture\","
                          "   \"renditions\": [{\"name\": \"r\", \"href\": \"missing.png\"}]},"
                          "  {\"name\": \"e\", \"uri\": \"urn:e\", \"type\": \"picture\","
                          "   \"renditions\": [{\"name\": \"r\", \"href\": \"notes.png\"}]},"
                          "  {\"name\": \"f\", \"uri\": \"urn:f\", \"type\": \"picture\","
                          "   \"renditions\": [{\"name\": \"r\", \"href\": \"pics\"}]},"
                          "  {\"name\": \"g\", \"uri\": \"urn:g\", \"type\": \"picture\","
                          "   \"renditions\": [{\"name\": \"r\", \"href\": \"/dev/zero\"}]},"
                          "  {\"name\": \"v\", \"uri\": \"urn:v\", \"type\": \"video\"}"
                          "]}", image_uri);
  path = write_file (fixture, "item.json", json, -1);
  file = g_file_new_for_path (path);
  story = cd_ninjs_import_file (file, &error);
  g_assert_no_error (error);

  /* The video association is not a photo. */
  photos = cd_story_get_photos (story);
  g_assert_cmpuint (g_list_model_get_n_items (photos), ==, G_N_ELEMENTS (expected_names));

  for (guint i = 0; i < G_N_ELEMENTS (expected_names); i++)
    {
      g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, i);

      g_assert_cmpstr (cd_photo_get_original_name (photo), ==, expected_names[i]);
    }

  {
    g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, 0);
    g_assert_cmpstr (cd_photo_get_file_path (photo), ==, nested);
    g_assert_cmpstr (cd_photo_get_mime_type (photo), ==, "image/png");
  }
  {
    g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, 1);
    g_assert_cmpstr (cd_photo_get_file_path (photo), ==, fixture->image_path);
  }
}

/* ---- bad input ---- */

static void
assert_import_error (const char    *data,
                     gssize         length,
                     CdImportError  code,
                     const char    *message)
{
  g_autoptr(GFile) origin = g_file_new_for_path ("/nonexistent/story.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_ninjs_import_data (data, length, origin, &error);

  g_assert_null (story);
  g_assert_error (error, CD_IMPORT_ERROR, (int) code);
  if (!g_str_has_prefix (error->message, "story.json: ") || strstr (error->message, message) == NULL)
    g_error ("unexpected message “%s”, wanted “%s”", error->message, message);
}

static void
test_ninjs_bad_json (void)
{
  assert_import_error ("{\n  \"headlines\": [\n    {\"value\": \"x\"}\n  ],\n  \"by\" \"no colon\"\n}", -1,
                       CD_IMPORT_ERROR_SYNTAX, "story.json: line 5: ");
  assert_import_error ("{\"headlines\": [{\"value\": \"x\",}]}", -1, CD_IMPORT_ERROR_SYNTAX, "line 1: ");
  assert_import_error ("not json at all", -1, CD_IMPORT_ERROR_SYNTAX, "line 1: ");
  assert_import_error ("", 0, CD_IMPORT_ERROR_SYNTAX, "story.json: the file is empty");
  assert_import_error ("  \n ", -1, CD_IMPORT_ERROR_SYNTAX, "empty");
  assert_import_error ("[{\"headlines\": []}]", -1, CD_IMPORT_ERROR_INVALID, "must be a JSON object");
  assert_import_error ("\"just a string\"", -1, CD_IMPORT_ERROR_INVALID, "must be a JSON object");
}

static void
test_ninjs_bad_types (void)
{
  assert_import_error ("{\"headlines\": \"Headline\"}", -1, CD_IMPORT_ERROR_INVALID,
                       "story.json: “headlines” must be an array");
  assert_import_error ("{\"headlines\": [{\"value\": 42}]}", -1, CD_IMPORT_ERROR_INVALID,
                       "“headlines[0].value” must be a string");
  assert_import_error ("{\"headlines\": [\"Headline\"]}", -1, CD_IMPORT_ERROR_INVALID,
                       "“headlines[0]” must be an object");
  assert_import_error ("{\"headlines\": [{\"value\": \"H\", \"role\": true}]}", -1,
                       CD_IMPORT_ERROR_INVALID, "“headlines[0].role” must be a string");
  assert_import_error ("{\"headlines\": [{\"value\": \"H\"}], \"by\": [\"A\", \"B\"]}", -1,
                       CD_IMPORT_ERROR_INVALID, "“by” must be a string");
  assert_import_error ("{\"headlines\": [{\"value\": \"H\"}], \"bodies\": {\"value\": \"x\"}}", -1,
                       CD_IMPORT_ERROR_INVALID, "“bodies” must be an array");
  assert_import_error ("{\"headlines\": [{\"value\": \"H\"}], \"subjects\": [{\"name\": 7}]}", -1,
                       CD_IMPORT_ERROR_INVALID, "“subjects[0].name” must be a string");
  assert_import_error ("{\"headlines\": [{\"value\": \"H\"}], \"associations\": [{\"type\": \"picture\","
                       " \"descriptions\": [{\"value\": {\"text\": \"cap\"}}]}]}", -1,
                       CD_IMPORT_ERROR_INVALID, "“associations[0].descriptions[0].value” must be a string");
  assert_import_error ("{\"headlines\": [{\"value\": \"H\"}], \"associations\": [{\"type\": \"picture\","
                       " \"renditions\": [{\"href\": 1}]}]}", -1,
                       CD_IMPORT_ERROR_INVALID, "“associations[0].renditions[0].href” must be a string");
  assert_import_error ("{\"type\": \"picture\", \"headlines\": [{\"value\": \"H\"}]}", -1,
                       CD_IMPORT_ERROR_INVALID, "“picture” item");
}

static void
test_ninjs_missing_fields (void)
{
  g_autoptr(CdStory) titled = NULL;
  g_autoptr(GError) error = NULL;

  assert_import_error ("{\"uri\": \"urn:x\", \"bodies\": [{\"value\": \"<p>text</p>\"}]}", -1,
                       CD_IMPORT_ERROR_MISSING, "story.json: there is no headline");
  assert_import_error ("{\"headlines\": []}", -1, CD_IMPORT_ERROR_MISSING, "no headline");
  assert_import_error ("{\"headlines\": [{\"value\": \"  \"}]}", -1, CD_IMPORT_ERROR_MISSING, "no headline");
  assert_import_error ("{\"headlines\": [{\"role\": \"main\"}]}", -1, CD_IMPORT_ERROR_MISSING, "no headline");

  /* The title stands in for a missing headline. */
  titled = cd_ninjs_import_data ("{\"title\": \"From the title\"}", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_story_get_headline (titled), ==, "From the title");
}

static void
test_ninjs_bad_encoding (void)
{
  assert_import_error ("{\n\"headlines\": [{\"value\": \"caf\xe9\"}]}", -1, CD_IMPORT_ERROR_ENCODING,
                       "story.json: line 2: the text is not valid UTF-8");
}

/* Found by fuzzing: the file is UTF-8, but json-glib decodes a lone
 * surrogate escape into bytes that are not; the story, or the syntax
 * error's message, got them.
 */
static void
test_ninjs_lone_surrogate (void)
{
  g_autoptr(CdStory) pair = NULL;
  g_autoptr(CdStory) bad_message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) syntax_error = NULL;

  assert_import_error ("{\"headlines\": [{\"value\": \"a\\udc00b\"}]}", -1,
                       CD_IMPORT_ERROR_ENCODING, "“headlines[0].value” holds an invalid \\u escape");
  assert_import_error ("{\"headlines\": [{\"value\": \"H\"}], \"by\": \"\\ud83d x\"}", -1,
                       CD_IMPORT_ERROR_ENCODING, "“by” holds an invalid \\u escape");

  /* json-glib's own message quotes such a string: it must still be text. */
  bad_message = cd_ninjs_import_data ("{\"a\": \"\\ud83d x\" : 1}", -1, NULL, &syntax_error);
  g_assert_null (bad_message);
  g_assert_error (syntax_error, CD_IMPORT_ERROR, CD_IMPORT_ERROR_SYNTAX);
  g_assert_true (g_utf8_validate (syntax_error->message, -1, NULL));

  /* A proper pair is one character. */
  pair = cd_ninjs_import_data ("{\"headlines\": [{\"value\": \"\\ud83d\\ude00\"}]}", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_story_get_headline (pair), ==, "\xf0\x9f\x98\x80");
}

static void
test_ninjs_truncated (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "ninjs", "tt_text_image_2.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = NULL;
  gsize length = 0;

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);

  /* Cut in the middle of the associations. */
  path = write_file (fixture, "story.json", contents, length * 3 / 4);
  file = g_file_new_for_path (path);
  story = cd_ninjs_import_file (file, &error);
  g_assert_null (story);
  g_assert_error (error, CD_IMPORT_ERROR, CD_IMPORT_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "story.json: line "));
}

static void
test_ninjs_too_deep (void)
{
  gsize n = 1000000;
  g_autofree char *deep = g_malloc (n + 1);
  g_autofree char *nested_strings = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GError) error = NULL;

  memset (deep, '[', n);
  deep[n] = '\0';
  assert_import_error (deep, n, CD_IMPORT_ERROR_TOO_DEEP, "story.json: line 1: the JSON is nested more than 64 levels");

  /* Brackets inside strings are text, not nesting. */
  nested_strings = g_strdup_printf ("{\"headlines\": [{\"value\": \"%s\"}]}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"{{");
  story = cd_ninjs_import_data (nested_strings, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cd_story_get_headline (story), "[[[["));
}

static void
test_ninjs_too_large (Fixture       *fixture,
                      gconstpointer  data)
{
  gsize n = 50 * 1024 * 1024;
  g_autoptr(GString) json = g_string_sized_new (n + 64);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = NULL;

  g_string_append (json, "{\"headlines\": [{\"value\": \"");
  g_string_set_size (json, json->len + n);
  memset (json->str + json->len - n, 'x', n);
  g_string_append (json, "\"}]}");

  assert_import_error (json->str, json->len, CD_IMPORT_ERROR_TOO_LARGE, "story.json: the file is too large");

  path = write_file (fixture, "story.json", json->str, json->len);
  file = g_file_new_for_path (path);
  story = cd_ninjs_import_file (file, &error);
  g_assert_null (story);
  g_assert_error (error, CD_IMPORT_ERROR, CD_IMPORT_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "story.json: the file is too large"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_FIXTURE(path, func) \
  g_test_add ("/copydesk/core/ninjs/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_FIXTURE ("export-fields", test_ninjs_export_fields);
  ADD_FIXTURE ("export-validates", test_ninjs_export_validates);
  ADD_FIXTURE ("validator-rejects", test_ninjs_validator_rejects);
  ADD_FIXTURE ("agency-items-validate", test_ninjs_agency_items_validate);
  ADD_FIXTURE ("round-trip", test_ninjs_round_trip);
  g_test_add_func ("/copydesk/core/ninjs/derived-slug", test_ninjs_derived_slug);
  g_test_add_func ("/copydesk/core/ninjs/export-invalid-utf8", test_ninjs_export_invalid_utf8);
  g_test_add_func ("/copydesk/core/ninjs/markdown-equivalence", test_ninjs_markdown_equivalence);
  g_test_add_func ("/copydesk/core/ninjs/html-to-markdown", test_ninjs_html_to_markdown);
  g_test_add_func ("/copydesk/core/ninjs/html-figures", test_ninjs_html_figures);
  g_test_add_func ("/copydesk/core/ninjs/html-invalid-utf8", test_ninjs_html_invalid_utf8);
  g_test_add_func ("/copydesk/core/ninjs/markdown-escape", test_ninjs_markdown_escape);
  g_test_add_func ("/copydesk/core/ninjs/html-deep", test_ninjs_html_deep);
  g_test_add_func ("/copydesk/core/ninjs/agency-tt", test_ninjs_agency_tt);
  g_test_add_func ("/copydesk/core/ninjs/agency-ntb", test_ninjs_agency_ntb);
  g_test_add_func ("/copydesk/core/ninjs/agency-simple", test_ninjs_agency_simple);
  ADD_FIXTURE ("local-renditions", test_ninjs_local_renditions);
  g_test_add_func ("/copydesk/core/ninjs/bad-json", test_ninjs_bad_json);
  g_test_add_func ("/copydesk/core/ninjs/bad-types", test_ninjs_bad_types);
  g_test_add_func ("/copydesk/core/ninjs/missing-fields", test_ninjs_missing_fields);
  g_test_add_func ("/copydesk/core/ninjs/bad-encoding", test_ninjs_bad_encoding);
  g_test_add_func ("/copydesk/core/ninjs/lone-surrogate", test_ninjs_lone_surrogate);
  ADD_FIXTURE ("truncated", test_ninjs_truncated);
  g_test_add_func ("/copydesk/core/ninjs/too-deep", test_ninjs_too_deep);
  ADD_FIXTURE ("too-large", test_ninjs_too_large);

  return g_test_run ();
}
