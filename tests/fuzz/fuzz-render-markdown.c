/* fuzz-render-markdown.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* cd_render_markdown() and cd_render_escape() on any bytes: the HTML is
 * UTF-8 and holds only cmark's elements, no raw HTML from the input and
 * no dangerous link; escaped text holds no markup character at all.
 */

#include "config.h"

#include <string.h>

#include "cd-render.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup (data, size);
  g_autofree char *html = cd_render_markdown (text);
  g_autofree char *escaped = cd_render_escape (text);

  fuzz_check_rendered_html (html);

  fuzz_check_utf8 (escaped, "escaped text is UTF-8");
  FUZZ_CHECK (strpbrk (escaped, "<>\"'") == NULL, "escaped text has no markup character");

  return 0;
}
