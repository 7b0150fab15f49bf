/* cd-spell-checker.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CD_TYPE_SPELL_CHECKER (cd_spell_checker_get_type ())

G_DECLARE_FINAL_TYPE (CdSpellChecker, cd_spell_checker, CD, SPELL_CHECKER, GObject)

CdSpellChecker  *cd_spell_checker_new                  (const char     *language);
const char      *cd_spell_checker_get_language         (CdSpellChecker *self);
void             cd_spell_checker_set_language         (CdSpellChecker *self,
                                                        const char     *language);
gboolean         cd_spell_checker_check_word           (CdSpellChecker *self,
                                                        const char     *word,
                                                        gssize          len);
char           **cd_spell_checker_get_suggestions      (CdSpellChecker *self,
                                                        const char     *word,
                                                        gssize          len);
void             cd_spell_checker_add_word             (CdSpellChecker *self,
                                                        const char     *word,
                                                        gssize          len);
void             cd_spell_checker_ignore_word          (CdSpellChecker *self,
                                                        const char     *word,
                                                        gssize          len);
char           **cd_spell_checker_list_languages       (void);
char            *cd_spell_checker_get_default_language (void);

G_END_DECLS
