/* bench-store.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The story library at newsroom scale: 100,000 stories of 600 words with two
 * photos each. Prints `NAME = VALUE UNIT` lines. Not a test.
 *
 *   bench-store [--stories N] [--keep DIR]
 *   bench-store --generate-only PATH   (only make the library at PATH, for
 *                                       bench/startup.sh)
 *
 * The open and memory figures are taken in fresh child processes (this
 * program run with --probe PATH), so that the memory the generator used does
 * not count.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd-library.h"

#define BATCH 1000
#define OPEN_RUNS 7
#define N_QUERIES 100
#define N_SAVES 50

static const char * const common_words[] = {
  "the", "of", "and", "to", "a", "in", "for", "is", "on", "that", "by", "this", "with", "it",
  "from", "at", "as", "was", "be", "are", "said", "will", "has", "have", "its", "an", "were",
  "but", "not", "they", "their", "after", "more", "who", "been", "would", "new", "year", "two",
  "city", "state", "people", "last", "first", "police", "officials", "county", "school",
  "council", "government", "week", "told", "could", "about", "than", "percent", "million",
  "public", "since", "fire", "water", "season", "local", "residents", "report", "court", "plan",
  "federal", "team", "health", "workers", "according", "during", "before", "under", "between",
  "election", "budget", "housing", "traffic", "weather", "storm", "river", "bridge", "market",
  "hospital", "police", "mayor", "governor", "students", "teachers", "business", "community",
  "families", "emergency", "district", "project", "program", "funding", "vote", "board", "park",
  "festival", "museum", "harbor", "coast", "valley", "airport", "station", "library", "church",
  "energy", "prices", "transit", "crews", "road", "highway", "victims", "suspect", "judge",
  "trial", "investigation", "announced", "approved", "expected", "increase", "decline", "record",
  "morning", "evening", "night", "summer", "winter", "spring", "autumn", "north", "south", "east",
  "west", "downtown", "neighborhood", "village", "island", "mountain", "forest", "lake", "beach",
};

static const char * const syllables[] = {
  "ka", "lo", "mir", "san", "tor", "vel", "den", "bra", "quin", "zu", "mar", "lin", "ost", "rey",
  "fal", "gor", "hel", "ith", "jon", "kes", "lum", "nor", "pav", "rud", "sel", "tam", "ur", "vin",
  "wes", "yor", "bel", "cas", "dor", "el", "fen", "gal", "har", "is", "jar", "kor",
};

typedef struct
{
  GPtrArray *words;
  double    *cumulative;
  GRand     *rand;
} Vocabulary;

static Vocabulary *
vocabulary_new (guint size)
{
  Vocabulary *v = g_new0 (Vocabulary, 1);
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  double total = 0;

  v->rand = g_rand_new_with_seed (20260101);
  v->words = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (common_words); i++)
    if (g_hash_table_add (seen, (gpointer)common_words[i]))
      g_ptr_array_add (v->words, g_strdup (common_words[i]));

  /* The long tail: names, places and rarer words, made of syllables. */
  while (v->words->len < size)
    {
      GString *word = g_string_new (NULL);
      guint n = g_rand_int_range (v->rand, 2, 5);

      for (guint i = 0; i < n; i++)
        g_string_append (word, syllables[g_rand_int_range (v->rand, 0, G_N_ELEMENTS (syllables))]);
      if (g_hash_table_contains (seen, word->str))
        {
          g_string_free (word, TRUE);
          continue;
        }
      g_ptr_array_add (v->words, g_string_free (word, FALSE));
      g_hash_table_add (seen, g_ptr_array_index (v->words, v->words->len - 1));
    }
  g_hash_table_unref (seen);

  /* Zipf's law, as in real text: the rank-r word is 1/r as frequent. */
  v->cumulative = g_new (double, v->words->len);
  for (guint i = 0; i < v->words->len; i++)
    {
      total += 1.0 / (i + 1);
      v->cumulative[i] = total;
    }
  for (guint i = 0; i < v->words->len; i++)
    v->cumulative[i] /= total;

  return v;
}

static const char *
vocabulary_pick (Vocabulary *v)
{
  double x = g_rand_double (v->rand);
  guint lo = 0, hi = v->words->len - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (v->cumulative[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return g_ptr_array_index (v->words, lo);
}

static void
append_words (Vocabulary *v,
              GString    *out,
              guint       n,
              gboolean    sentence)
{
  for (guint i = 0; i < n; i++)
    {
      const char *word = vocabulary_pick (v);

      if (i > 0)
        g_string_append_c (out, ' ');
      if (sentence && (i == 0 || out->str[out->len - 2] == '.'))
        {
          g_string_append_c (out, g_ascii_toupper (word[0]));
          g_string_append (out, word + 1);
        }
      else
        g_string_append (out, word);
      if (sentence && i % 17 == 16)
        g_string_append_c (out, '.');
    }
  if (sentence)
    g_string_append_c (out, '.');
}

static char *
make_words (Vocabulary *v,
            guint       n,
            gboolean    sentence)
{
  GString *out = g_string_new (NULL);

  append_words (v, out, n, sentence);
  return g_string_free (out, FALSE);
}

static char *
make_body (Vocabulary *v)
{
  GString *body = g_string_new (NULL);

  /* 600 words in paragraphs of 60 */
  for (guint p = 0; p < 10; p++)
    {
      if (p > 0)
        g_string_append (body, "\n\n");
      append_words (v, body, 60, TRUE);
    }
  return g_string_free (body, FALSE);
}

static char *
make_name (Vocabulary *v)
{
  const char *first = g_ptr_array_index (v->words, g_rand_int_range (v->rand, 200, v->words->len));
  const char *last = g_ptr_array_index (v->words, g_rand_int_range (v->rand, 200, v->words->len));

  return g_strdup_printf ("%c%s %c%s", g_ascii_toupper (first[0]), first + 1,
                          g_ascii_toupper (last[0]), last + 1);
}

static CdStory *
make_story (Vocabulary *v,
            const char *photos_dir)
{
  CdStory *story = cd_story_new ();
  g_autofree char *headline = make_words (v, 8, FALSE);
  g_autofree char *dek = make_words (v, 20, TRUE);
  g_autofree char *name = make_name (v);
  g_autofree char *byline = g_strdup_printf ("By %s", name);
  g_autofree char *body = make_body (v);

  cd_story_set_headline (story, headline);
  cd_story_set_dek (story, dek);
  cd_story_set_byline (story, byline);
  cd_story_set_dateline (story, "SPRINGFIELD");
  cd_story_set_body (story, body);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(CdPhoto) photo = cd_photo_new ();
      g_autofree char *caption = make_words (v, 14, TRUE);
      g_autofree char *alt = make_words (v, 10, TRUE);
      g_autofree char *photographer = make_name (v);
      g_autofree char *credit = g_strdup_printf ("%s/Newsroom Pool", photographer);
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, caption, -1);
      g_autofree char *file_name = g_strdup_printf ("%s.jpg", hash);
      g_autofree char *file_path = g_build_filename (photos_dir, file_name, NULL);

      cd_photo_set_file_path (photo, file_path);
      cd_photo_set_content_hash (photo, hash);
      cd_photo_set_mime_type (photo, "image/jpeg");
      cd_photo_set_original_name (photo, "IMG_0001.JPG");
      cd_photo_set_caption (photo, caption);
      cd_photo_set_credit (photo, credit);
      cd_photo_set_alt_text (photo, alt);
      cd_story_append_photo (story, photo);
    }

  return story;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtod (line + 6, NULL) / 1024.0 : 0;
}

/* In a fresh process: open, get the first page of summaries, report. */
static int
probe (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = NULL;
  GListModel *model;
  double start = now_ms (), elapsed;
  guint n;

  library = cd_library_open (path, &error);
  if (library == NULL)
    g_error ("%s", error->message);
  model = cd_library_get_stories (library);
  n = MIN (50, g_list_model_get_n_items (model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, i);
      g_assert (cd_story_summary_get_headline (summary) != NULL);
    }
  for (guint i = 0; i < CD_N_STATUSES; i++)
    cd_library_get_count (library, i);
  elapsed = now_ms () - start;

  printf ("%.3f %.2f\n", elapsed, rss_mb ());
  return 0;
}

static void
run_probe (const char *exe,
           const char *path,
           double     *ms,
           double     *rss)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { exe, "--probe", path, NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("probe: %s", error->message);
  if (sscanf (out, "%lf %lf", ms, rss) != 2)
    g_error ("probe printed “%s”", out);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      rm_rf (child);
    }
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *exe = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *generate_only = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *empty_dir = NULL;
  g_autofree char *empty_path = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  Vocabulary *v;
  int n_stories = 100000;
  double start, ms, rss, rss_empty = 0, rss_full = 0;
  GOptionEntry entries[] = {
    { "stories", 0, 0, G_OPTION_ARG_INT, &n_stories, "How many stories to generate", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Reuse or keep the library in DIR", "DIR" },
    { "generate-only", 0, 0, G_OPTION_ARG_FILENAME, &generate_only,
      "Only generate the library file PATH", "PATH" },
    { NULL }
  };

  if (argc == 3 && g_str_equal (argv[1], "--probe"))
    return probe (argv[2]);

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (generate_only != NULL)
    dir = g_path_get_dirname (generate_only);
  else
    dir = keep != NULL ? g_strdup (keep) : g_dir_make_tmp ("copydesk-bench-XXXXXX", &error);
  g_mkdir_with_parents (dir, 0700);
  path = generate_only != NULL ? g_strdup (generate_only) : g_build_filename (dir, "library.db", NULL);
  empty_dir = g_dir_make_tmp ("copydesk-bench-empty-XXXXXX", &error);
  empty_path = g_build_filename (empty_dir, "library.db", NULL);
  v = vocabulary_new (20000);

  /* Generate (or reuse a kept library of the right size). */
  library = cd_library_open (path, &error);
  if (library == NULL)
    g_error ("%s", error->message);
  start = now_ms ();
  for (int done = cd_library_get_total (library); done < n_stories; done += BATCH)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (int i = done; i < MIN (done + BATCH, n_stories); i++)
        g_ptr_array_add (batch, make_story (v, cd_library_get_photos_dir (library)));
      if (!cd_library_save_stories (library, batch, &error))
        g_error ("%s", error->message);
    }
  g_printerr ("generated %u stories in %.1f s\n", cd_library_get_total (library),
              (now_ms () - start) / 1000.0);
  g_clear_object (&library);

  if (generate_only != NULL)
    {
      rm_rf (empty_dir);
      return 0;
    }

  /* Open and first page, in fresh processes; the OS cache is warm after the
   * first run, as it is for an editor who opens Copydesk every morning.
   */
  {
    g_autoptr(CdLibrary) empty = cd_library_open (empty_path, &error);
    g_assert (empty != NULL);
  }
  for (guint i = 0; i < OPEN_RUNS; i++)
    {
      run_probe (exe, empty_path, &ms, &rss);
      rss_empty = i == 0 ? rss : MIN (rss_empty, rss);
      run_probe (exe, path, &ms, &rss);
      rss_full = i == 0 ? rss : MAX (rss_full, rss);
      g_array_append_val (times, ms);
    }
  printf ("store.open_first_page = %.1f ms\n", median (times));
  printf ("store.rss_100k = %.1f MB\n", rss_full - rss_empty);

  library = cd_library_open (path, &error);
  g_assert (library != NULL);

  /* Search: what editors type, names and places, one to three words, with
   * the first screen of results fetched.
   */
  g_array_set_size (times, 0);
  for (guint i = 0; i < N_QUERIES; i++)
    {
      g_autoptr(GString) query = g_string_new (NULL);
      g_autoptr(GListModel) results = NULL;
      guint words = 1 + i % 3;

      for (guint w = 0; w < words; w++)
        {
          /* The first word a rarer one, the others anything but stop words. */
          guint low = w == 0 ? 300 : 60;
          const char *word = g_ptr_array_index (v->words, g_rand_int_range (v->rand, low, 20000));

          if (w > 0)
            g_string_append_c (query, ' ');
          g_string_append (query, word);
        }

      start = now_ms ();
      results = cd_library_search (library, query->str, 0, &error);
      if (results == NULL)
        g_error ("%s", error->message);
      for (guint k = 0; k < MIN (20, g_list_model_get_n_items (results)); k++)
        g_object_unref (g_list_model_get_item (results, k));
      ms = now_ms () - start;
      g_array_append_val (times, ms);
    }
  printf ("store.search = %.2f ms\n", median (times));

  /* Save: one edited story, the whole write (story, photos, FTS) in one
   * transaction with synchronous=FULL.
   */
  g_array_set_size (times, 0);
  for (guint i = 0; i < N_SAVES; i++)
    {
      GListModel *model = cd_library_get_stories (library);
      guint position = g_rand_int_range (v->rand, 0, g_list_model_get_n_items (model));
      g_autoptr(CdStorySummary) summary = g_list_model_get_item (model, position);
      g_autoptr(CdStory) story = cd_library_load_story (library, cd_story_summary_get_id (summary),
                                                        &error);
      g_autofree char *body = NULL;

      g_assert (story != NULL);
      body = g_strconcat (cd_story_get_body (story), " Updated.", NULL);
      cd_story_set_body (story, body);
      start = now_ms ();
      if (!cd_library_save_story (library, story, &error))
        g_error ("%s", error->message);
      ms = now_ms () - start;
      g_array_append_val (times, ms);
    }
  printf ("store.save = %.2f ms\n", median (times));

  g_clear_object (&library);
  rm_rf (empty_dir);
  if (keep == NULL)
    rm_rf (dir);

  return 0;
}
