/* fuzz-ninjs-import.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* cd_ninjs_import_data() on any bytes: a story or an import error, never
 * both. Every text of a story is UTF-8 (or the story could not be saved
 * or exported), its body is safe Markdown, and exporting it and importing
 * the export gives back the same headline, dek, byline, dateline, slug,
 * tags and photos.
 */

#include "config.h"

#include <string.h>

#include "cd-import.h"
#include "cd-ninjs.h"
#include "fuzz-common.h"

static void
check_story (CdStory *story)
{
  const char * const *tags = cd_story_get_tags (story);
  GListModel *photos = cd_story_get_photos (story);

  fuzz_check_utf8 (cd_story_get_headline (story), "headline");
  fuzz_check_utf8 (cd_story_get_dek (story), "dek");
  fuzz_check_utf8 (cd_story_get_byline (story), "byline");
  fuzz_check_utf8 (cd_story_get_dateline (story), "dateline");
  fuzz_check_utf8 (cd_story_get_effective_slug (story), "slug");
  fuzz_check_utf8 (cd_story_get_body (story), "body");
  fuzz_check_utf8 (cd_story_get_source_text (story), "source");
  fuzz_check_utf8 (cd_story_get_source_url (story), "source URL");
  for (guint i = 0; tags[i] != NULL; i++)
    fuzz_check_utf8 (tags[i], "tag");

  for (guint i = 0; i < g_list_model_get_n_items (photos); i++)
    {
      g_autoptr(CdPhoto) photo = g_list_model_get_item (photos, i);

      fuzz_check_utf8 (cd_photo_get_caption (photo), "caption");
      fuzz_check_utf8 (cd_photo_get_credit (photo), "credit");
      fuzz_check_utf8 (cd_photo_get_alt_text (photo), "alt text");
      fuzz_check_utf8 (cd_photo_get_creator (photo), "photographer");
      fuzz_check_utf8 (cd_photo_get_copyright (photo), "copyright");
      fuzz_check_utf8 (cd_photo_get_source (photo), "photo source");
    }

  FUZZ_CHECK (*cd_story_get_headline (story) != '\0', "a story has a headline");
  fuzz_check_safe_markdown (cd_story_get_body (story));
}

static void
check_same (CdStory *a,
            CdStory *b)
{
  const char * const *tags_a = cd_story_get_tags (a);
  const char * const *tags_b = cd_story_get_tags (b);
  GListModel *photos_a = cd_story_get_photos (a);
  GListModel *photos_b = cd_story_get_photos (b);

  FUZZ_CHECK (g_str_equal (cd_story_get_headline (a), cd_story_get_headline (b)),
              "the headline survives export");
  FUZZ_CHECK (g_str_equal (cd_story_get_dek (a), cd_story_get_dek (b)), "the dek survives export");
  FUZZ_CHECK (g_str_equal (cd_story_get_byline (a), cd_story_get_byline (b)),
              "the byline survives export");
  FUZZ_CHECK (g_str_equal (cd_story_get_dateline (a), cd_story_get_dateline (b)),
              "the dateline survives export");
  FUZZ_CHECK (g_str_equal (cd_story_get_effective_slug (a), cd_story_get_effective_slug (b)),
              "the slug survives export");
  FUZZ_CHECK (g_strv_equal ((const char * const *) tags_a, (const char * const *) tags_b),
              "the tags survive export");
  FUZZ_CHECK (g_list_model_get_n_items (photos_a) == g_list_model_get_n_items (photos_b),
              "the photos survive export");

  for (guint i = 0; i < g_list_model_get_n_items (photos_a); i++)
    {
      g_autoptr(CdPhoto) pa = g_list_model_get_item (photos_a, i);
      g_autoptr(CdPhoto) pb = g_list_model_get_item (photos_b, i);

      FUZZ_CHECK (g_str_equal (cd_photo_get_caption (pa), cd_photo_get_caption (pb)),
                  "captions survive export");
      FUZZ_CHECK (g_str_equal (cd_photo_get_credit (pa), cd_photo_get_credit (pb)),
                  "credits survive export");
      FUZZ_CHECK (g_str_equal (cd_photo_get_alt_text (pa), cd_photo_get_alt_text (pb)),
                  "alt texts survive export");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = cd_ninjs_import_data ((const char *) data, size, NULL, &error);
  g_autoptr(CdStory) again = NULL;
  g_autofree char *exported = NULL;

  if (story == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == CD_IMPORT_ERROR, "a refusal says why");
      fuzz_check_utf8 (error->message, "error message");
      return 0;
    }

  FUZZ_CHECK (error == NULL, "no error with a story");
  check_story (story);

  exported = cd_ninjs_export (story, &error);
  FUZZ_CHECK (exported != NULL, "an imported story can be exported");
  again = cd_ninjs_import_data (exported, -1, NULL, &error);
  FUZZ_CHECK (again != NULL, "an export can be imported");
  check_same (story, again);

  return 0;
}
