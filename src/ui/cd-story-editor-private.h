/* cd-story-editor-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "cd-spell-adapter.h"
#include "cd-story.h"
#include "cd-word-counter.h"

G_BEGIN_DECLS

#define CD_TYPE_STORY_EDITOR (cd_story_editor_get_type ())

G_DECLARE_FINAL_TYPE (CdStoryEditor, cd_story_editor, CD, STORY_EDITOR, GtkWidget)

/* Here rather than in the .c so that cd-story-editor-actions.c can reach it. */
struct _CdStoryEditor
{
  GtkWidget                parent_instance;

  CdStory                 *story;
  GBindingGroup           *bindings;
  GSignalGroup            *story_signals;
  GSettings               *settings;
  CdSpellChecker          *checker;
  CdSpellAdapter          *spell;
  CdWordCounter           *counter;
  GtkSourceSearchSettings *search_settings;
  GtkSourceSearchContext  *search_context;
  GPtrArray               *link_rows;
  char                    *missing_text;
  guint                    sync_id;
  guint                    highlight_id;
  gint64                   body_dirty_since;
  guint                    loading : 1;
  guint                    syncing : 1;
  guint                    body_dirty : 1;
  guint                    ready : 1;

  /* Template children */
  GtkEntry                *headline_entry;
  GtkEntry                *dek_entry;
  AdwEntryRow             *byline_row;
  AdwEntryRow             *dateline_row;
  AdwExpanderRow          *details_row;
  AdwEntryRow             *slug_row;
  AdwEntryRow             *tags_row;
  AdwEntryRow             *source_text_row;
  AdwEntryRow             *source_url_row;
  AdwExpanderRow          *links_row;
  GtkSearchBar            *search_bar;
  GtkSearchEntry          *search_entry;
  GtkWidget               *replace_box;
  GtkEntry                *replace_entry;
  GtkSourceView           *body_view;
  GtkInscription          *words_label;
  GtkInscription          *characters_label;
  GtkInscription          *reading_time_label;
  GtkMenuButton           *checklist_button;
  GtkLabel                *checklist_heading;
  GtkBox                  *checklist_box;
  GtkButton               *mark_ready_button;
};

GtkWidget      *cd_story_editor_new                  (void);
CdStory        *cd_story_editor_get_story            (CdStoryEditor *self);
void            cd_story_editor_set_story            (CdStoryEditor *self,
                                                      CdStory       *story);
void            cd_story_editor_flush                (CdStoryEditor *self);
void            cd_story_editor_focus_headline       (CdStoryEditor *self);

GtkTextBuffer  *_cd_story_editor_get_buffer          (CdStoryEditor *self);
CdSpellAdapter *_cd_story_editor_get_spell_adapter   (CdStoryEditor *self);
CdWordCounter  *_cd_story_editor_get_word_counter    (CdStoryEditor *self);
gboolean        _cd_story_editor_get_busy            (CdStoryEditor *self);

/* cd-story-editor-actions.c */
void            _cd_story_editor_class_actions_init  (GtkWidgetClass *widget_class);
void            _cd_story_editor_update_actions      (CdStoryEditor *self);
gboolean        _cd_story_editor_is_ready            (CdStoryEditor *self);
void            _cd_story_editor_show_search         (CdStoryEditor *self,
                                                      gboolean       replace);
void            _cd_story_editor_emit_mark_ready     (CdStoryEditor *self);
void            _cd_story_editor_emit_save_requested (CdStoryEditor *self);

G_END_DECLS
