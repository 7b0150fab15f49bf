/* fuzz-render-notice.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The archived notice on any content. The input is the content, or the
 * notice text, a nul byte and the content. Adding marks the content,
 * adding again changes nothing, and removing gives back the content byte
 * for byte; content without a notice is left alone by removal.
 */

#include "config.h"

#include <string.h>

#include "cd-render.h"
#include "fuzz-common.h"

/* The block that adding put before the content: UTF-8 whatever the
 * notice was, and its text escaped, so its only tags are the two
 * comments, the div and the paragraph.
 */
static void
check_block (const char *archived,
             gsize       length)
{
  guint n_tags = 0;

  FUZZ_CHECK (g_utf8_validate (archived, length, NULL), "the notice block is UTF-8");

  for (gsize i = 0; i < length; i++)
    n_tags += archived[i] == '<';
  FUZZ_CHECK (n_tags == 6, "the notice text is escaped");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *archived = NULL;
  g_autofree char *twice = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *untouched = NULL;
  const char *notice;
  const char *content;
  gboolean had_notice;

  fuzz_split (data, size, &first, &second);
  notice = second != NULL ? first : "This article is archived.";
  content = second != NULL ? second : first;

  had_notice = cd_render_has_archived_notice (content);
  archived = cd_render_add_archived_notice (content, notice);
  twice = cd_render_add_archived_notice (archived, notice);
  restored = cd_render_remove_archived_notice (archived);
  untouched = cd_render_remove_archived_notice (content);

  FUZZ_CHECK (cd_render_has_archived_notice (archived), "added notice is found");
  FUZZ_CHECK (strcmp (twice, archived) == 0, "adding twice changes nothing");

  if (had_notice)
    {
      FUZZ_CHECK (strcmp (archived, content) == 0, "content with a notice is left as it is");
      FUZZ_CHECK (strlen (untouched) < strlen (content), "an existing notice is removed");
    }
  else
    {
      FUZZ_CHECK (strcmp (restored, content) == 0, "removal restores byte for byte");
      FUZZ_CHECK (strcmp (untouched, content) == 0, "removal without a notice changes nothing");
      FUZZ_CHECK (g_str_has_suffix (archived, content), "the content follows the notice");
      check_block (archived, strlen (archived) - strlen (content));
    }

  return 0;
}
