/* cd-render.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cd-story.h"

G_BEGIN_DECLS

/**
 * CdCreditFormat:
 * @CD_CREDIT_FORMAT_PARENTHESES: "Caption. (Credit: Jane Doe/Agency)"
 * @CD_CREDIT_FORMAT_EM_DASH: "Caption — Jane Doe/Agency"
 * @CD_CREDIT_FORMAT_PHOTO_BY: "Caption. Photo: Jane Doe/Agency"
 *
 * The house style for a caption's credit; a preference.
 */
typedef enum
{
  CD_CREDIT_FORMAT_PARENTHESES,
  CD_CREDIT_FORMAT_EM_DASH,
  CD_CREDIT_FORMAT_PHOTO_BY,
} CdCreditFormat;

/* Markdown to HTML with cmark. Raw HTML in the source is escaped, never
 * passed through; unsafe link schemes (javascript:, data:…) are dropped.
 * (transfer full)
 */
char *cd_render_markdown           (const char     *markdown);

/* Plain text to HTML text: &, <, >, " and ' escaped. (transfer full) */
char *cd_render_escape             (const char     *text);

/* The caption as the house style writes it, plain text: caption, then the
 * credit in @format ("… (Credit: Jessica McGowan/Getty Images)"). Either
 * may be empty. (transfer full)
 */
char *cd_render_caption_text       (const char     *caption,
                                    const char     *credit,
                                    CdCreditFormat  format);

/* The post content for a CMS: body HTML, then each photo as a <figure>
 * with alt text and the house-style caption, then the source attribution
 * and related links. Headline, captions and credits are escaped.
 * @image_url_func maps a photo to its URL on the target (nullable: the
 * photo's file name). (transfer full)
 */
typedef char *(*CdRenderImageUrlFunc) (CdPhoto *photo, gpointer user_data);

char *cd_render_story_content      (CdStory              *story,
                                    CdCreditFormat        format,
                                    CdRenderImageUrlFunc  image_url_func,
                                    gpointer              user_data);

/* A whole standalone HTML page for the local-folder target. (transfer full) */
char *cd_render_story_page         (CdStory              *story,
                                    CdCreditFormat        format,
                                    CdRenderImageUrlFunc  image_url_func,
                                    gpointer              user_data);

/* The same page around already rendered @content (e.g. content that carries
 * the archived notice). (transfer full)
 */
char *cd_render_page               (CdStory              *story,
                                    const char           *content);

/* The archived notice: a clearly marked block at the top of @content.
 * Adding is idempotent (an existing block is left as it is); removing
 * restores @content byte for byte. (transfer full)
 */
char     *cd_render_add_archived_notice    (const char *content,
                                            const char *notice);
char     *cd_render_remove_archived_notice (const char *content);
gboolean  cd_render_has_archived_notice    (const char *content);

G_END_DECLS
