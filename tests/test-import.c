/* test-import.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cd-import.h"

static CdStory *
import_text (const char *markdown)
{
  g_autoptr(GError) error = NULL;
  CdStory *story = cd_import_markdown (markdown, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (story);
  return story;
}

static void
test_import_markdown_heading (void)
{
  g_autoptr(CdStory) story = import_text ("# Harbour plan approved\n"
                                          "\n"
                                          "*The vote ends a two-year fight.*\n"
                                          "\n"
                                          "> A quote.\n"
                                          "\n"
                                          "First paragraph.\n");

  g_assert_cmpstr (cd_story_get_headline (story), ==, "Harbour plan approved");
  /* The italic standfirst and the quote stay in the body, as written. */
  g_assert_cmpstr (cd_story_get_body (story), ==,
                   "*The vote ends a two-year fight.*\n\n> A quote.\n\nFirst paragraph.");
  g_assert_cmpstr (cd_story_get_dek (story), ==, "");
}

static void
test_import_markdown_heading_forms (void)
{
  static const struct { const char *markdown; const char *headline; const char *body; } cases[] = {
    { "# Closing hashes ##\nBody", "Closing hashes", "Body" },
    { "# Q\\&A with a \\#hashtag", "Q&A with a #hashtag", "" },
    { "   # Indented three", "Indented three", "" },
    { "Intro line.\n\n# Later heading\n\nText.", "Later heading", "Intro line.\n\nText." },
    { "```\n# not a heading\n```\n\n# Real one\nAfter", "Real one", "```\n# not a heading\n```\n\nAfter" },
    { "Setext headline\n===============\n\nBody here.", "Setext headline", "Body here." },
    { "## Second level\n\n# First level\n\nx", "First level", "## Second level\n\nx" },
    { "\xEF\xBB\xBF# With a BOM\r\n\r\nWindows\r\nlines\r\n", "With a BOM", "Windows\nlines" },
    { "#\tTabbed", "Tabbed", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CdStory) story = import_text (cases[i].markdown);

      g_assert_cmpstr (cd_story_get_headline (story), ==, cases[i].headline);
      g_assert_cmpstr (cd_story_get_body (story), ==, cases[i].body);
    }
}

static void
assert_markdown_error (const char    *markdown,
                       gssize         length,
                       CdImportError  code,
                       const char    *message)
{
  g_autoptr(GFile) origin = g_file_new_for_path ("/nowhere/notes.md");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_import_markdown (markdown, length, origin, &error);

  g_assert_null (story);
  g_assert_error (error, CD_IMPORT_ERROR, (int) code);
  if (!g_str_has_prefix (error->message, "notes.md: ") || strstr (error->message, message) == NULL)
    g_error ("unexpected message “%s”, wanted “%s”", error->message, message);
}

static void
test_import_markdown_bad (void)
{
  assert_markdown_error ("Just text, no heading.", -1, CD_IMPORT_ERROR_MISSING, "there is no headline");
  assert_markdown_error ("#hashtag is not a heading", -1, CD_IMPORT_ERROR_MISSING, "no headline");
  assert_markdown_error ("## Only a subhead", -1, CD_IMPORT_ERROR_MISSING, "no headline");
  assert_markdown_error ("#    \n\nBody", -1, CD_IMPORT_ERROR_MISSING, "no headline");
  assert_markdown_error ("", 0, CD_IMPORT_ERROR_MISSING, "no headline");
  assert_markdown_error ("```\n# fenced\n```", -1, CD_IMPORT_ERROR_MISSING, "no headline");
  assert_markdown_error ("# Fine\n\nline two\nbad \xc3\x28 byte", -1, CD_IMPORT_ERROR_ENCODING,
                         "notes.md: line 4: the text is not valid UTF-8");
  assert_markdown_error ("# Nul\0inside", 12, CD_IMPORT_ERROR_ENCODING, "nul bytes");
}

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-import-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        g_rmdir (child);
      else
        g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* The content decides, not the name. */
static void
test_import_dispatch (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GFile) markdown = write_file (fixture, "story.md", "# From Markdown\n\nBody *text*.", -1);
  g_autoptr(GFile) json_as_txt = write_file (fixture, "feed.txt",
                                             "\n  {\"headlines\": [{\"value\": \"From ninjs\"}],"
                                             " \"bodies\": [{\"contenttype\": \"text/html\","
                                             " \"value\": \"<p>Body <em>text</em>.</p>\"}]}", -1);
  g_autoptr(GFile) markdown_as_json = write_file (fixture, "odd.json", "# Markdown after all\n", -1);
  g_autoptr(CdStory) a = NULL;
  g_autoptr(CdStory) b = NULL;
  g_autoptr(CdStory) c = NULL;
  g_autoptr(GError) error = NULL;

  a = cd_import_file (markdown, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_story_get_headline (a), ==, "From Markdown");
  g_assert_cmpstr (cd_story_get_body (a), ==, "Body *text*.");

  b = cd_import_file (json_as_txt, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_story_get_headline (b), ==, "From ninjs");
  g_assert_cmpstr (cd_story_get_body (b), ==, "Body *text*.");

  c = cd_import_file (markdown_as_json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_story_get_headline (c), ==, "Markdown after all");
}

static void
test_import_file_errors (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *missing_path = g_build_filename (fixture->dir, "gone.md", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(GFile) broken = write_file (fixture, "broken.json", "{\"headlines\": [", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = NULL;

  story = cd_import_file (missing, &error);
  g_assert_null (story);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gone.md"));
  g_clear_error (&error);

  story = cd_import_file (folder, &error);
  g_assert_null (story);
  g_assert_error (error, CD_IMPORT_ERROR, CD_IMPORT_ERROR_INVALID);
  g_clear_error (&error);

  story = cd_import_file (broken, &error);
  g_assert_null (story);
  g_assert_error (error, CD_IMPORT_ERROR, CD_IMPORT_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "broken.json: line 1: "));
}

/* Refused from its size alone, before anything is read or parsed. */
static void
test_import_too_large (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "huge.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = NULL;
  FILE *out = g_fopen (path, "w");

  /* A sparse 50 MB file: the size check must not need its bytes. */
  g_assert_nonnull (out);
  g_assert_cmpint (fputs ("# Huge\n", out), >=, 0);
  g_assert_cmpint (fseek (out, 50 * 1024 * 1024, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc ('x', out), ==, 'x');
  fclose (out);

  story = cd_import_file (file, &error);
  g_assert_null (story);
  g_assert_error (error, CD_IMPORT_ERROR, CD_IMPORT_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "huge.md: the file is too large to import"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/import/markdown-heading", test_import_markdown_heading);
  g_test_add_func ("/copydesk/core/import/markdown-heading-forms", test_import_markdown_heading_forms);
  g_test_add_func ("/copydesk/core/import/markdown-bad", test_import_markdown_bad);
  g_test_add ("/copydesk/core/import/dispatch", Fixture, NULL,
              fixture_set_up, test_import_dispatch, fixture_tear_down);
  g_test_add ("/copydesk/core/import/file-errors", Fixture, NULL,
              fixture_set_up, test_import_file_errors, fixture_tear_down);
  g_test_add ("/copydesk/core/import/too-large", Fixture, NULL,
              fixture_set_up, test_import_too_large, fixture_tear_down);

  return g_test_run ();
}
