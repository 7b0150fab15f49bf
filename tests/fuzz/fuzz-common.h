/* fuzz-common.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* What every harness defines; libFuzzer or fuzz-main.c calls it. */
int   LLVMFuzzerTestOneInput   (const uint8_t  *data,
                                size_t          size);

/* Defined once, in fuzz-common.c: fatal criticals, a fixed locale. */
int   LLVMFuzzerInitialize     (int            *argc,
                                char         ***argv);

/* An invariant: when it does not hold, say which and abort, so libFuzzer
 * keeps the input as a crash and the replay test fails.
 */
#define FUZZ_CHECK(cond, what) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      fuzz_fail (G_STRLOC, #cond, (what)); \
  } G_STMT_END

G_NORETURN
void  fuzz_fail                (const char     *where,
                                const char     *condition,
                                const char     *what);

/* The input as a nul-terminated string (it may hold nul bytes itself). */
char *fuzz_dup                 (const uint8_t  *data,
                                size_t          size);

/* Splits the input at its first nul byte: the parts before and after it
 * (@second is NULL when there is none). Lets one input carry two strings.
 */
void  fuzz_split               (const uint8_t  *data,
                                size_t          size,
                                char          **first,
                                char          **second);

void  fuzz_check_utf8          (const char     *text,
                                const char     *what);

/* HTML that cd_render_markdown() wrote: only cmark's own elements, no
 * script, no event handler, no dangerous URL in href or src.
 */
void  fuzz_check_rendered_html (const char     *html);

/* Markdown that Copydesk wrote for someone else's text: cmark finds no
 * raw HTML in it and no link or image with a scheme other than http,
 * https and mailto.
 */
void  fuzz_check_safe_markdown (const char     *markdown);

G_END_DECLS
