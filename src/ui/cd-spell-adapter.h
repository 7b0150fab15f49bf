/* cd-spell-adapter.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cd-spell-checker.h"

G_BEGIN_DECLS

#define CD_TYPE_SPELL_ADAPTER (cd_spell_adapter_get_type ())

G_DECLARE_FINAL_TYPE (CdSpellAdapter, cd_spell_adapter, CD, SPELL_ADAPTER, GObject)

CdSpellAdapter *cd_spell_adapter_new          (GtkTextBuffer  *buffer,
                                               CdSpellChecker *checker);
GtkTextBuffer  *cd_spell_adapter_get_buffer   (CdSpellAdapter *self);
CdSpellChecker *cd_spell_adapter_get_checker  (CdSpellAdapter *self);
gboolean        cd_spell_adapter_get_enabled  (CdSpellAdapter *self);
void            cd_spell_adapter_set_enabled  (CdSpellAdapter *self,
                                               gboolean        enabled);
gboolean        cd_spell_adapter_get_busy     (CdSpellAdapter *self);
GtkTextTag     *cd_spell_adapter_get_tag      (CdSpellAdapter *self);
GMenuModel     *cd_spell_adapter_get_menu     (CdSpellAdapter *self);
void            cd_spell_adapter_attach       (CdSpellAdapter *self,
                                               GtkTextView    *view);
void            cd_spell_adapter_update_menu  (CdSpellAdapter *self);
void            cd_spell_adapter_recheck_all  (CdSpellAdapter *self);

G_END_DECLS
