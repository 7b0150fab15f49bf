/* fuzz-markdown-import.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* cd_import_markdown() on any bytes: a story or an import error, never
 * both; a story has a one-line, trimmed, UTF-8 headline and a UTF-8 body
 * with \n line ends and no blank edges.
 */

#include "config.h"

#include <string.h>

#include "cd-import.h"
#include "fuzz-common.h"

static gboolean
is_trimmed (const char *text)
{
  gsize len = strlen (text);

  return len == 0 || (!g_ascii_isspace (text[0]) && !g_ascii_isspace (text[len - 1]));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_import_markdown ((const char *) data, size, NULL, &error);
  const char *headline;
  const char *body;

  if (story == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == CD_IMPORT_ERROR, "a refusal says why");
      fuzz_check_utf8 (error->message, "error message");
      return 0;
    }

  FUZZ_CHECK (error == NULL, "no error with a story");

  headline = cd_story_get_headline (story);
  body = cd_story_get_body (story);
  fuzz_check_utf8 (headline, "headline");
  fuzz_check_utf8 (body, "body");
  FUZZ_CHECK (*headline != '\0', "a story has a headline");
  FUZZ_CHECK (strpbrk (headline, "\r\n") == NULL, "the headline is one line");
  FUZZ_CHECK (is_trimmed (headline), "the headline is trimmed");
  FUZZ_CHECK (strchr (body, '\r') == NULL, "the body has \\n line ends");
  FUZZ_CHECK (is_trimmed (body), "the body has no blank edges");

  return 0;
}
