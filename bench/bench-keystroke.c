/* bench-keystroke.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* editor.keystroke: the main-loop time one typed character costs in the
 * article editor holding a 100,000-word body, with spell checking, word
 * counts and Markdown highlighting on: the insertion as a key press does it,
 * then every main-loop dispatch until nothing is pending and the editor has
 * no idle work left. The frame that shows the character is painted on the
 * frame clock's next tick; editor.keystroke_frame also counts the dispatches
 * up to and including that paint. Time spent waiting for the tick (idle,
 * not work) is never counted.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cd-story-editor-private.h"

#define N_WORDS 100000
#define N_POSITIONS 12
#define CHARS_PER_POSITION 40

static const char * const vocabulary[] = {
  "the", "council", "voted", "on", "Tuesday", "to", "rebuild", "pier", "after", "storm",
  "damage", "last", "winter", "residents", "said", "they", "were", "relieved", "that", "city",
  "would", "finally", "act", "mayor", "budget", "million", "dollars", "project", "harbor", "workers",
  "will", "begin", "in", "spring", "and", "finish", "by", "autumn", "according", "officials",
  "who", "spoke", "at", "a", "meeting", "where", "several", "people", "asked", "about",
  "parking", "fishing", "boats", "tourists", "local", "businesses", "expect", "more", "visitors", "this",
  "summer", "because", "of", "new", "ferry", "service", "from", "island", "state", "grant",
  "covers", "half", "cost", "while", "bonds", "pay", "for", "rest", "engineers", "found",
  "wooden", "pilings", "rotten", "beneath", "deck", "is", "not", "safe", "walk", "since",
};

/* About one word in a hundred is misspelled, as in a real draft. */
static const char * const misspellings[] = { "teh", "recieve", "wrold", "goverment", "seperate" };

static char *
generate_body (guint n_words)
{
  GString *body = g_string_sized_new (n_words * 7);
  GRand *rand = g_rand_new_with_seed (2026);

  for (guint i = 0; i < n_words; i++)
    {
      if (i % 800 == 0)
        g_string_append (body, i == 0 ? "## Section\n\n" : "\n\n## Section\n\n");
      else if (i % 80 == 0)
        g_string_append (body, ".\n\n");
      else if (i % 16 == 0)
        g_string_append (body, ". ");
      else
        g_string_append_c (body, ' ');

      if (g_rand_int_range (rand, 0, 100) == 0)
        g_string_append (body, misspellings[g_rand_int_range (rand, 0, G_N_ELEMENTS (misspellings))]);
      else
        g_string_append (body, vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))]);
    }
  g_string_append (body, ".\n");
  g_rand_free (rand);

  return g_string_free (body, FALSE);
}

static guint paints;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  paints++;
}

static gboolean
editor_busy (CdStoryEditor *editor)
{
  return cd_spell_adapter_get_busy (_cd_story_editor_get_spell_adapter (editor));
}

/* Dispatches until nothing is pending and the editor is not busy; returns
 * the time spent dispatching, in microseconds.
 */
static gint64
settle (CdStoryEditor *editor)
{
  gint64 busy = 0;

  for (;;)
    {
      gint64 start = g_get_monotonic_time ();

      if (g_main_context_iteration (NULL, FALSE))
        busy += g_get_monotonic_time () - start;
      else if (!editor_busy (editor))
        return busy;
    }
}

/* Then until the frame clock has painted a frame after @paints_before. */
static gint64
settle_frame (CdStoryEditor *editor,
              guint          paints_before)
{
  gint64 busy = settle (editor);
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (paints == paints_before && g_get_monotonic_time () < deadline)
    {
      gint64 start = g_get_monotonic_time ();

      if (g_main_context_iteration (NULL, FALSE))
        busy += g_get_monotonic_time () - start;
      else
        g_usleep (100);
    }

  return busy + settle (editor);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_dir = g_dir_make_tmp ("copydesk-bench-XXXXXX", NULL);
  g_autofree char *body = NULL;
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GSettings) settings = NULL;
  GtkTextBuffer *buffer;
  GtkTextView *view;
  CdStoryEditor *editor;
  GtkWindow *window;
  GdkFrameClock *clock;
  gint64 start, load_us, sync_us;
  double median, p95, frame_median, frame_p95;
  guint n_words = N_WORDS;

  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", SCHEMA_DIR, TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("ENCHANT_CONFIG_DIR", config_dir, TRUE);

  gtk_init ();
  adw_init ();
  gtk_source_init ();

  settings = g_settings_new ("io.github.copydesk.Copydesk");
  g_settings_set_string (settings, "spell-language", "en_US");

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1000, 800);
  editor = g_object_ref_sink (CD_STORY_EDITOR (cd_story_editor_new ()));
  gtk_window_set_child (window, GTK_WIDGET (editor));
  gtk_window_present (window);
  settle (editor);

  /* COPYDESK_BENCH_WORDS: a smaller body, for profiling. */
  if (g_getenv ("COPYDESK_BENCH_WORDS") != NULL)
    n_words = (guint) g_ascii_strtoull (g_getenv ("COPYDESK_BENCH_WORDS"), NULL, 10);
  body = generate_body (n_words);
  story = cd_story_new ();
  cd_story_set_headline (story, "Council Votes to Rebuild the Pier");
  cd_story_set_body (story, body);

  start = g_get_monotonic_time ();
  cd_story_editor_set_story (editor, story);
  settle (editor);
  load_us = g_get_monotonic_time () - start;
  g_assert (!editor_busy (editor));
  g_assert (cd_word_counter_get_words (_cd_story_editor_get_word_counter (editor)) >= n_words);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);

  view = GTK_TEXT_VIEW (editor->body_view);

  /* COPYDESK_BENCH_BASELINE: the same body in a bare GtkSourceView, to see
   * what the editor adds to GTK's own cost. */
  if (g_getenv ("COPYDESK_BENCH_BASELINE") != NULL)
    {
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkSourceBuffer *plain = gtk_source_buffer_new (NULL);

      gtk_source_buffer_set_language (plain, gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "markdown"));
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (plain), body, -1);
      view = GTK_TEXT_VIEW (gtk_source_view_new_with_buffer (plain));
      gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (view));
      gtk_window_set_child (window, scroller);
      g_object_unref (plain);
      settle (editor);
    }
  buffer = gtk_text_view_get_buffer (view);
  gtk_widget_grab_focus (GTK_WIDGET (view));

  for (guint p = 0; p < N_POSITIONS; p++)
    {
      static const char typed[] = "the pier reopens in may teh wrold said ";
      int n_chars = gtk_text_buffer_get_char_count (buffer);
      GtkTextIter iter;

      /* Spread over the body: its start, its end and the middle. */
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) ((gint64) n_chars * p / (N_POSITIONS - 1)));
      gtk_text_buffer_place_cursor (buffer, &iter);
      gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0.1, FALSE, 0, 0);
      settle_frame (editor, paints);

      for (guint c = 0; c < CHARS_PER_POSITION; c++)
        {
          char ch[2] = { typed[c % (sizeof typed - 1)], '\0' };
          guint before = paints;
          gint64 t0 = g_get_monotonic_time ();
          gint64 insert_us, idle_us;
          double ms;

          /* As a key press does it: at the cursor, as one user action. */
          gtk_text_buffer_insert_interactive_at_cursor (buffer, ch, 1, TRUE);
          insert_us = g_get_monotonic_time () - t0;
          idle_us = settle (editor);
          ms = (double) (insert_us + idle_us) / 1000.0;
          g_array_append_val (samples, ms);
          ms = (double) (insert_us + idle_us + settle_frame (editor, before)) / 1000.0;
          g_array_append_val (frame_samples, ms);
        }
    }

  /* Once the typing stops, the body reaches the story: one copy. */
  start = g_get_monotonic_time ();
  cd_story_editor_flush (editor);
  sync_us = g_get_monotonic_time () - start;

  g_array_sort (samples, compare_doubles);
  median = g_array_index (samples, double, samples->len / 2);
  p95 = g_array_index (samples, double, samples->len * 95 / 100);

  g_array_sort (frame_samples, compare_doubles);
  frame_median = g_array_index (frame_samples, double, frame_samples->len / 2);
  frame_p95 = g_array_index (frame_samples, double, frame_samples->len * 95 / 100);

  g_print ("editor.keystroke = %.3f ms\n", median);
  g_print ("editor.keystroke_p95 = %.3f ms\n", p95);
  g_print ("editor.keystroke_frame = %.3f ms\n", frame_median);
  g_print ("editor.keystroke_frame_p95 = %.3f ms\n", frame_p95);
  g_print ("editor.body_sync = %.3f ms\n", sync_us / 1000.0);
  g_print ("editor.load_100k_words = %.0f ms\n", load_us / 1000.0);

  gtk_window_destroy (window);
  g_object_unref (editor);
  {
    g_autofree char *pwl = g_build_filename (config_dir, "en_US.dic", NULL);

    g_unlink (pwl);
    g_rmdir (config_dir);
  }

  return 0;
}
