/* test-story-editor.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cd-story-editor-private.h"

typedef struct
{
  GtkWindow     *window;
  CdStoryEditor *editor;
  CdStory       *story;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.copydesk.Copydesk");

  /* Spelling is checked in US English whatever the machine's locale. */
  g_settings_set_string (settings, "spell-language", "en_US");

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 700);
  f->editor = CD_STORY_EDITOR (cd_story_editor_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->editor));
  gtk_window_present (f->window);

  f->story = cd_story_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->story);
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->editor), CD_TYPE_STORY_EDITOR, name);

  g_assert_nonnull (object);

  return object;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Runs the main loop until @done or until a second has passed. */
static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  /* Generous: a loaded machine or a sanitizer build is slow. How fast
   * things happen is measured by the benchmarks, not here. */
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);

  return done (data);
}

static gboolean
editor_idle (gpointer data)
{
  return !_cd_story_editor_get_busy (data);
}

/* Types @text at the end, the cursor moving along as with a keyboard. */
static void
buffer_append (Fixture    *f,
               const char *text)
{
  GtkTextBuffer *buffer = _cd_story_editor_get_buffer (f->editor);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
}

static void
test_story_editor_fields (Fixture       *f,
                          gconstpointer  data)
{
  const char * const tags[] = { "politics", "city hall", NULL };
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_link_free);
  GtkEditable *slug_text;
  GtkWidget *row;
  GPtrArray *stored;

  cd_story_set_headline (f->story, "Old headline");
  cd_story_set_tags (f->story, tags);
  g_ptr_array_add (links, cd_link_new ("Earlier", "https://example.org/earlier"));
  cd_story_set_related_links (f->story, links);

  cd_story_editor_set_story (f->editor, f->story);
  g_assert_true (cd_story_editor_get_story (f->editor) == f->story);

  /* Story -> widgets */
  g_assert_cmpstr (gtk_editable_get_text (child (f, "headline_entry")), ==, "Old headline");
  g_assert_cmpstr (gtk_editable_get_text (child (f, "tags_row")), ==, "politics, city hall");
  cd_story_set_dek (f->story, "A dek from elsewhere");
  g_assert_cmpstr (gtk_editable_get_text (child (f, "dek_entry")), ==, "A dek from elsewhere");

  /* Widgets -> story */
  gtk_editable_set_text (child (f, "headline_entry"), "Council Votes to Rebuild Pier");
  g_assert_cmpstr (cd_story_get_headline (f->story), ==, "Council Votes to Rebuild Pier");
  gtk_editable_set_text (child (f, "byline_row"), "Ana Ruiz");
  g_assert_cmpstr (cd_story_get_byline (f->story), ==, "Ana Ruiz");
  gtk_editable_set_text (child (f, "dateline_row"), "PORTLAND, Maine");
  g_assert_cmpstr (cd_story_get_dateline (f->story), ==, "PORTLAND, Maine");
  gtk_editable_set_text (child (f, "source_text_row"), "City records");
  g_assert_cmpstr (cd_story_get_source_text (f->story), ==, "City records");
  gtk_editable_set_text (child (f, "source_url_row"), "https://example.org/records");
  g_assert_cmpstr (cd_story_get_source_url (f->story), ==, "https://example.org/records");

  gtk_editable_set_text (child (f, "tags_row"), " pier ,, waterfront,  council ");
  {
    const char * const expected[] = { "pier", "waterfront", "council", NULL };
    g_assert_true (g_strv_equal (cd_story_get_tags (f->story), expected));
  }

  /* The slug entry shows the derived slug until a custom one is typed. */
  slug_text = gtk_editable_get_delegate (child (f, "slug_row"));
  g_assert_true (GTK_IS_TEXT (slug_text));
  g_assert_cmpstr (gtk_text_get_placeholder_text (GTK_TEXT (slug_text)), ==,
                   cd_story_get_effective_slug (f->story));
  g_assert_cmpstr (gtk_text_get_placeholder_text (GTK_TEXT (slug_text)), !=, "");
  gtk_editable_set_text (child (f, "slug_row"), "pier-vote");
  g_assert_cmpstr (cd_story_get_slug (f->story), ==, "pier-vote");
  g_assert_cmpstr (gtk_text_get_placeholder_text (GTK_TEXT (slug_text)), ==, "pier-vote");

  /* Related links: the row from the story, edited, and one removed. */
  g_assert_cmpuint (f->editor->link_rows->len, ==, 1);
  row = g_ptr_array_index (f->editor->link_rows, 0);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "url-entry"), "https://example.org/new");
  stored = cd_story_get_related_links (f->story);
  g_assert_cmpuint (stored->len, ==, 1);
  g_assert_cmpstr (((CdLink *) g_ptr_array_index (stored, 0))->title, ==, "Earlier");
  g_assert_cmpstr (((CdLink *) g_ptr_array_index (stored, 0))->url, ==, "https://example.org/new");

  /* Switching away leaves the old story alone and empties the fields. */
  cd_story_editor_set_story (f->editor, NULL);
  g_assert_cmpstr (gtk_editable_get_text (child (f, "headline_entry")), ==, "");
  g_assert_cmpstr (cd_story_get_headline (f->story), ==, "Council Votes to Rebuild Pier");
  gtk_editable_set_text (child (f, "headline_entry"), "Typed with no story");
  g_assert_cmpstr (cd_story_get_headline (f->story), ==, "Council Votes to Rebuild Pier");
}

static gboolean
body_synced (gpointer data)
{
  Fixture *f = data;

  return g_str_equal (cd_story_get_body (f->story), "The pier reopens in May.\n");
}

static void
test_story_editor_body (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CdStory) other = cd_story_new ();
  GtkTextBuffer *buffer = _cd_story_editor_get_buffer (f->editor);
  cd_story_set_body (f->story, "Existing text");
  cd_story_editor_set_story (f->editor, f->story);

  {
    GtkTextIter s, e;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &s, &e);
    text = gtk_text_buffer_get_text (buffer, &s, &e, TRUE);
    g_assert_cmpstr (text, ==, "Existing text");
    /* Loading a story is not an edit that can be undone. */
    g_assert_false (gtk_text_buffer_get_can_undo (buffer));
  }

  gtk_text_buffer_set_text (buffer, "", -1);
  buffer_append (f, "The pier reopens in May.\n");
  /* Debounced: not copied per keystroke ... */
  g_assert_cmpstr (cd_story_get_body (f->story), ==, "Existing text");
  /* ... but on a timer that is already running (200 ms after the last
   * keystroke, well within the second the library allows) ... */
  g_assert_cmpuint (f->editor->sync_id, !=, 0);
  /* ... and there once it fires. */
  g_assert_true (wait_until (body_synced, f));
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));

  /* A story switch flushes the pending body into the old story. */
  buffer_append (f, "More.");
  cd_story_editor_set_story (f->editor, other);
  g_assert_cmpstr (cd_story_get_body (f->story), ==, "The pier reopens in May.\nMore.");
  g_assert_cmpstr (cd_story_get_body (other), ==, "");

  /* So does an explicit flush (the window's close and Ctrl+S). */
  buffer_append (f, "Other body");
  cd_story_editor_flush (f->editor);
  g_assert_cmpstr (cd_story_get_body (other), ==, "Other body");

  /* A body changed from outside shows up in the buffer. */
  cd_story_set_body (other, "Reloaded");
  {
    GtkTextIter s, e;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &s, &e);
    text = gtk_text_buffer_get_text (buffer, &s, &e, TRUE);
    g_assert_cmpstr (text, ==, "Reloaded");
  }
}

static void
count_body_cb (guint *count)
{
  (*count)++;
}

static void
test_story_editor_body_while_typing (Fixture       *f,
                                     gconstpointer  data)
{
  enum { KEYS = 50, KEY_INTERVAL_MS = 50 };
  guint syncs = 0;

  cd_story_editor_set_story (f->editor, f->story);
  g_signal_connect_swapped (f->story, "notify::body", G_CALLBACK (count_body_cb), &syncs);

  /* A fast typist: a key every 50 ms for 2.5 s, never the 200 ms pause the
   * debounce waits for. The story must still follow while typing goes on
   * (every 500 ms at most), or a crash would lose the whole paragraph. A
   * slow machine only makes the gaps longer, and the syncs more. */
  for (guint i = 0; i < KEYS; i++)
    {
      gint64 next = g_get_monotonic_time () + KEY_INTERVAL_MS * 1000;

      buffer_append (f, "x");
      while (g_get_monotonic_time () < next)
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (1000);
    }

  g_test_message ("%u syncs while typing %u keys", syncs, (guint) KEYS);
  g_assert_cmpuint (syncs, >=, 2);
  g_assert_true (g_str_has_prefix ("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                                   cd_story_get_body (f->story)));
  g_assert_cmpuint (strlen (cd_story_get_body (f->story)), >, 0);

  g_signal_handlers_disconnect_by_func (f->story, count_body_cb, &syncs);
}

static void
test_story_editor_counts (Fixture       *f,
                          gconstpointer  data)
{
  GtkTextBuffer *buffer = _cd_story_editor_get_buffer (f->editor);
  CdWordCounter *counter = _cd_story_editor_get_word_counter (f->editor);
  GtkTextIter s, e;
  g_autoptr(GString) long_body = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (42);

  cd_story_editor_set_story (f->editor, f->story);
  g_assert_cmpstr (gtk_inscription_get_text (child (f, "words_label")), ==, "0 words");

  buffer_append (f, "# One\n\nTwo three - four");
  g_assert_cmpstr (gtk_inscription_get_text (child (f, "words_label")), ==, "4 words");
  g_assert_cmpstr (gtk_inscription_get_text (child (f, "characters_label")), ==, "23 characters");
  g_assert_cmpstr (gtk_inscription_get_text (child (f, "reading_time_label")), ==, "1 min read");

  /* Joining two words by deleting the space between them. */
  gtk_text_buffer_get_iter_at_offset (buffer, &s, 10);
  gtk_text_buffer_get_iter_at_offset (buffer, &e, 11);
  gtk_text_buffer_delete (buffer, &s, &e);
  g_assert_cmpstr (gtk_inscription_get_text (child (f, "words_label")), ==, "3 words");
  g_assert_cmpstr (gtk_inscription_get_text (child (f, "characters_label")), ==, "22 characters");

  gtk_text_buffer_set_text (buffer, "word", -1);
  g_assert_cmpstr (gtk_inscription_get_text (child (f, "words_label")), ==, "1 word");
  g_assert_cmpstr (gtk_inscription_get_text (child (f, "characters_label")), ==, "4 characters");

  for (guint i = 0; i < 450; i++)
    g_string_append (long_body, "lorem ");
  gtk_text_buffer_set_text (buffer, long_body->str, -1);
  g_assert_cmpstr (gtk_inscription_get_text (child (f, "reading_time_label")), ==, "3 min read");

  /* The incremental count always equals a full recount, whatever the edits. */
  for (guint i = 0; i < 500; i++)
    {
      static const char * const pieces[] = { " ", "a", "b c", "\n", "--", "é", " x ", "\t" };
      int n = gtk_text_buffer_get_char_count (buffer);
      int at = g_rand_int_range (rand, 0, n + 1);
      g_autofree char *text = NULL;

      if (g_rand_boolean (rand) && n > 0)
        {
          gtk_text_buffer_get_iter_at_offset (buffer, &s, at);
          gtk_text_buffer_get_iter_at_offset (buffer, &e, MIN (n, at + g_rand_int_range (rand, 1, 4)));
          gtk_text_buffer_delete (buffer, &s, &e);
        }
      else
        {
          gtk_text_buffer_get_iter_at_offset (buffer, &s, at);
          gtk_text_buffer_insert (buffer, &s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))], -1);
        }

      gtk_text_buffer_get_bounds (buffer, &s, &e);
      text = gtk_text_buffer_get_text (buffer, &s, &e, TRUE);
      g_assert_cmpuint (cd_word_counter_get_words (counter), ==, cd_count_words (text, -1));
      g_assert_cmpuint (cd_word_counter_get_characters (counter), ==, g_utf8_strlen (text, -1));
    }

  g_rand_free (rand);
}

/* Whether the first occurrence of @word is underlined as misspelled. */
static gboolean
word_tagged (Fixture    *f,
             const char *word)
{
  GtkTextBuffer *buffer = _cd_story_editor_get_buffer (f->editor);
  GtkTextTag *tag = cd_spell_adapter_get_tag (_cd_story_editor_get_spell_adapter (f->editor));
  GtkTextIter start, match_start, match_end;
  gboolean found;

  gtk_text_buffer_get_start_iter (buffer, &start);
  found = gtk_text_iter_forward_search (&start, word, GTK_TEXT_SEARCH_TEXT_ONLY, &match_start, &match_end, NULL);
  g_assert_true (found);
  /* @word may carry context after it ("teh cat"): look at its first word. */
  match_end = match_start;
  gtk_text_iter_forward_chars (&match_end, strcspn (word, " `.,"));

  /* The whole word carries the tag, or none of it does. */
  if (!gtk_text_iter_has_tag (&match_start, tag))
    {
      for (GtkTextIter i = match_start; !gtk_text_iter_equal (&i, &match_end); gtk_text_iter_forward_char (&i))
        g_assert_false (gtk_text_iter_has_tag (&i, tag));
      return FALSE;
    }
  g_assert_true (gtk_text_iter_starts_tag (&match_start, tag));
  g_assert_true (gtk_text_iter_ends_tag (&match_end, tag));

  return TRUE;
}

static void
test_story_editor_spelling (Fixture       *f,
                            gconstpointer  data)
{
  GtkTextBuffer *buffer = _cd_story_editor_get_buffer (f->editor);
  CdSpellAdapter *spell = _cd_story_editor_get_spell_adapter (f->editor);
  GtkTextIter iter;

  cd_story_set_body (f->story, "We will recieve the goverment report tomorrow. The `recieve` code is fine.\n");
  cd_story_editor_set_story (f->editor, f->story);
  g_assert_true (wait_until (editor_idle, f->editor));
  g_assert_false (cd_spell_adapter_get_busy (spell));

  g_assert_true (word_tagged (f, "recieve"));
  g_assert_true (word_tagged (f, "goverment"));
  g_assert_false (word_tagged (f, "report"));
  /* Markdown code is not prose. */
  g_assert_false (word_tagged (f, "recieve` code"));
  g_assert_false (word_tagged (f, "tomorrow"));

  /* The context menu offers suggestions for the word at the cursor. */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_forward_search (&iter, "recieve", 0, &iter, NULL, NULL));
  gtk_text_iter_forward_chars (&iter, 3);
  gtk_text_buffer_place_cursor (buffer, &iter);
  cd_spell_adapter_update_menu (spell);
  {
    GMenuModel *menu = cd_spell_adapter_get_menu (spell);
    GMenuModel *suggestions = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
    GMenuModel *actions = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
    gboolean found = FALSE;

    for (int i = 0; i < g_menu_model_get_n_items (suggestions); i++)
      {
        g_autofree char *label = NULL;

        g_assert_true (g_menu_model_get_item_attribute (suggestions, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
        found |= g_str_equal (label, "receive");
      }
    g_assert_true (found);
    g_assert_cmpint (g_menu_model_get_n_items (actions), ==, 2);

    /* Choosing the suggestion replaces the word. */
    g_assert_true (gtk_widget_activate_action (child (f, "body_view"), "spelling.correct", "s", "receive"));
    g_assert_false (word_tagged (f, "receive the goverment"));

    /* On a correct word the spelling items leave the menu. */
    cd_spell_adapter_update_menu (spell);
    g_assert_cmpint (g_menu_model_get_n_items (suggestions), ==, 0);
    g_assert_cmpint (g_menu_model_get_n_items (actions), ==, 0);
    g_object_unref (suggestions);
    g_object_unref (actions);
  }

  /* Typing: a finished word is checked at once ... */
  buffer_append (f, "I saw teh ");
  g_assert_true (word_tagged (f, "teh"));
  g_assert_false (word_tagged (f, "saw"));

  /* ... the word under the cursor waits until it is done ... */
  buffer_append (f, "wrold");
  g_assert_false (word_tagged (f, "wrold"));
  buffer_append (f, ".");
  g_assert_true (word_tagged (f, "wrold"));

  /* ... an edit inside a word re-checks that word ... */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_forward_search (&iter, "teh", 0, &iter, NULL, NULL));
  gtk_text_iter_forward_char (&iter);
  gtk_text_buffer_insert (buffer, &iter, "h", -1);
  g_assert_true (word_tagged (f, "theh"));

  /* ... and fixing it removes its underline. */
  {
    GtkTextIter start, end;

    gtk_text_buffer_get_start_iter (buffer, &start);
    g_assert_true (gtk_text_iter_forward_search (&start, "theh", 0, NULL, &end, NULL));
    start = end;
    gtk_text_iter_backward_char (&start);
    gtk_text_buffer_delete (buffer, &start, &end);
  }
  g_assert_false (word_tagged (f, "the "));
  g_assert_false (word_tagged (f, "saw the"));

  /* Add to Dictionary, through the context menu's action, for the word at the cursor. */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_forward_search (&iter, "wrold", 0, &iter, NULL, NULL));
  gtk_text_iter_forward_chars (&iter, 2);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_true (gtk_widget_activate_action (child (f, "body_view"), "spelling.add", NULL));
  g_assert_true (wait_until (editor_idle, f->editor));
  g_assert_false (word_tagged (f, "wrold"));
  g_assert_true (word_tagged (f, "goverment"));

  /* A new language re-checks everything. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.copydesk.Copydesk");

    g_settings_set_string (settings, "spell-language", "de_DE");
    g_assert_cmpstr (cd_spell_checker_get_language (cd_spell_adapter_get_checker (spell)), ==, "de_DE");
    g_assert_true (wait_until (editor_idle, f->editor));
    g_assert_true (word_tagged (f, "tomorrow"));
  }
}

static void
mark_ready_cb (CdStoryEditor *editor,
               CdStory       *story,
               guint         *count)
{
  (*count)++;
}

static void
test_story_editor_mark_ready (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *button = child (f, "mark_ready_button");
  guint marked = 0, saved = 0;
  const char *tooltip;

  g_signal_connect (f->editor, "mark-ready", G_CALLBACK (mark_ready_cb), &marked);
  g_signal_connect (f->editor, "save-requested", G_CALLBACK (mark_ready_cb), &saved);

  /* No story: nothing to mark. */
  g_assert_false (gtk_widget_get_sensitive (button));

  cd_story_editor_set_story (f->editor, f->story);
  iterate ();
  g_assert_false (gtk_widget_get_sensitive (button));
  tooltip = gtk_widget_get_tooltip_text (button);
  g_assert_nonnull (strstr (tooltip, "The headline is empty"));
  g_assert_nonnull (strstr (tooltip, "The byline is empty"));
  g_assert_nonnull (strstr (tooltip, "The body is empty"));
  g_assert_cmpstr (gtk_label_get_label (child (f, "checklist_heading")), ==, "3 items missing");

  /* Activating it anyway (Ctrl+Return) does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "story.mark-ready", NULL);
  g_assert_cmpuint (marked, ==, 0);

  gtk_editable_set_text (child (f, "headline_entry"), "Pier Reopens");
  gtk_editable_set_text (child (f, "byline_row"), "Ana Ruiz");
  iterate ();
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "The body is empty");
  g_assert_cmpstr (gtk_label_get_label (child (f, "checklist_heading")), ==, "1 item missing");

  /* The body counts as soon as it reaches the story. */
  buffer_append (f, "Body text.");
  cd_story_editor_flush (f->editor);
  iterate ();
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_label_get_label (child (f, "checklist_heading")), ==, "Ready to publish");

  /* A photo without caption, credit or alt text blocks it again. */
  {
    g_autoptr(CdPhoto) photo = cd_photo_new ();

    cd_story_append_photo (f->story, photo);
    iterate ();
    g_assert_false (gtk_widget_get_sensitive (button));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Photo 1 has no credit"));
    cd_photo_set_caption (photo, "The pier at dawn.");
    cd_photo_set_credit (photo, "Jo Lee/Herald");
    cd_photo_set_alt_text (photo, "A wooden pier over calm water");
    iterate ();
    g_assert_true (gtk_widget_get_sensitive (button));
  }

  /* The editor only asks; the window and the library decide. */
  buffer_append (f, " More.");
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "story.mark-ready", NULL);
  g_assert_cmpuint (marked, ==, 1);
  g_assert_cmpstr (cd_story_get_body (f->story), ==, "Body text. More.");
  g_assert_cmpint (cd_story_get_status (f->story), ==, CD_STATUS_DRAFT);

  buffer_append (f, " Saved.");
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "story.save", NULL);
  g_assert_cmpuint (saved, ==, 1);
  g_assert_cmpstr (cd_story_get_body (f->story), ==, "Body text. More. Saved.");

  /* A story that is complete when opened can be marked at once. */
  {
    g_autoptr(CdStory) complete = cd_story_new ();

    cd_story_set_headline (complete, "Ferry Service Resumes");
    cd_story_set_byline (complete, "Jo Lee");
    cd_story_set_body (complete, "The ferry runs again.");
    cd_story_editor_set_story (f->editor, NULL);
    g_assert_false (gtk_widget_get_sensitive (button));
    cd_story_editor_set_story (f->editor, complete);
    iterate ();
    g_assert_true (gtk_widget_get_sensitive (button));
    cd_story_editor_set_story (f->editor, f->story);
    iterate ();
    g_assert_true (gtk_widget_get_sensitive (button));
  }

  /* A story already past Ready cannot be marked again. */
  g_assert_true (cd_story_transition (f->story, CD_STATUS_READY, NULL));
  g_assert_true (cd_story_transition (f->story, CD_STATUS_QUEUED, NULL));
  iterate ();
  g_assert_false (gtk_widget_get_sensitive (button));
}

static void
test_story_editor_search (Fixture       *f,
                          gconstpointer  data)
{
  GtkTextBuffer *buffer = _cd_story_editor_get_buffer (f->editor);
  GtkSearchBar *bar = child (f, "search_bar");
  GtkTextIter start, end;
  g_autofree char *selected = NULL;
  g_autofree char *text = NULL;

  cd_story_set_body (f->story, "Pier one. Pier two. Pier three.");
  cd_story_editor_set_story (f->editor, f->story);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "story.find", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  g_assert_false (gtk_widget_get_visible (child (f, "replace_box")));

  gtk_editable_set_text (child (f, "search_entry"), "pier");
  g_signal_emit_by_name (child (f, "search_entry"), "activate");
  g_signal_emit_by_name (child (f, "search_entry"), "activate");
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, 10);
  selected = gtk_text_iter_get_slice (&start, &end);
  g_assert_cmpstr (selected, ==, "Pier");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "story.replace", NULL));
  g_assert_true (gtk_widget_get_visible (child (f, "replace_box")));
  gtk_editable_set_text (child (f, "replace_entry"), "Dock");
  g_signal_emit_by_name (child (f, "replace_entry"), "activate");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (text, ==, "Pier one. Dock two. Pier three.");

  /* Escape closes the bar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "story.hide-search", NULL));
  g_assert_false (gtk_search_bar_get_search_mode (bar));
}

static void
test_story_editor_accessible (Fixture       *f,
                              gconstpointer  data)
{
  static const struct { const char *child; const char *label; } named[] = {
    { "headline_entry", "Headline" },
    { "dek_entry", "Dek" },
    { "byline_row", "Byline" },
    { "dateline_row", "Dateline" },
    { "slug_row", "Slug" },
    { "tags_row", "Tags" },
    { "source_text_row", "Source Attribution" },
    { "source_url_row", "Source URL" },
    { "body_view", "Body" },
    { "search_entry", "Find" },
    { "replace_entry", "Replace With" },
    { "checklist_button", "Readiness Checklist" },
  };

  cd_story_editor_set_story (f->editor, f->story);

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      GtkAccessible *accessible = child (f, named[i].child);

      g_test_message ("%s", named[i].child);
      g_assert_true (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL));
      gtk_test_accessible_assert_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, named[i].label);
    }

  /* Entry rows: the text inside, where the focus goes, is named too. */
  gtk_test_accessible_assert_property (gtk_editable_get_delegate (child (f, "byline_row")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Byline");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_dir = NULL;
  int ret;

  config_dir = g_dir_make_tmp ("copydesk-editor-XXXXXX", NULL);
  g_assert_nonnull (config_dir);
  /* The personal dictionary must never touch the real home directory. */
  g_setenv ("ENCHANT_CONFIG_DIR", config_dir, TRUE);

  /* GTK's in-process accessibility backend: the assertions below read it,
   * and no AT-SPI registry starts (it would print on our TAP stream). */
  g_setenv ("GTK_A11Y", "test", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

#define ADD(name, func) \
  g_test_add ("/copydesk/ui/story-editor/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("fields", test_story_editor_fields);
  ADD ("body", test_story_editor_body);
  ADD ("body-while-typing", test_story_editor_body_while_typing);
  ADD ("counts", test_story_editor_counts);
  ADD ("spelling", test_story_editor_spelling);
  ADD ("mark-ready", test_story_editor_mark_ready);
  ADD ("search", test_story_editor_search);
  ADD ("accessible", test_story_editor_accessible);
#undef ADD

  ret = g_test_run ();

  {
    g_autofree char *pwl = g_build_filename (config_dir, "en_US.dic", NULL);

    g_unlink (pwl);
    g_rmdir (config_dir);
  }

  return ret;
}
