/* test-i18n.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-i18n"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "cd-status-sidebar-private.h"
#include "cd-story-editor-private.h"
#include "cd-test-photo.h"
#include "cd-window-private.h"

/* The whole window in another language, as a user with LANGUAGE=de (es, fr)
 * sees it: the build tree's compiled catalogs, bound the way main() binds
 * them, and the labels read back through the widgets.
 *
 * Usage: test-i18n LANGUAGE [GTest options]
 */

typedef struct
{
  const char *language;
  const char *locale;
  const char *no_stories;    /* the sidebar's empty state */
  const char *mark_ready;    /* the editor's button, mnemonic included */
  const char *byline;        /* an AdwEntryRow title */
  const char *no_words;      /* ngettext with n = 0: French counts 0 as singular */
  const char *all_stories;   /* the filter button, "%1$s (%2$s)" */
} Expected;

static const Expected expectations[] = {
  { "de", "de_DE.UTF-8", "Keine Artikel", "Als _fertig markieren", "Autorenzeile",
    "0 Wörter", "Alle Artikel (1)" },
  { "es", "es_ES.UTF-8", "No hay artículos", "Marcar como _listo", "Firma",
    "0 palabras", "Todos los artículos (1)" },
  { "fr", "fr_FR.UTF-8", "Aucun article", "Marquer comme _prêt", "Signature",
    "0 mot", "Tous les articles (1)" },
};

static const Expected *expected;

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gpointer
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return object;
}

static void
test_i18n_window (void)
{
  g_autofree char *dir = cd_test_photo_make_dir ();
  g_autofree char *path = g_build_filename (dir, "library", "library.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdLibrary) library = NULL;
  GtkWidget *sidebar, *editor;
  CdWindow *window;

  library = cd_library_open (path, &error);
  g_assert_no_error (error);
  window = cd_window_new (NULL, library);
  gtk_window_present (GTK_WINDOW (window));
  while (!_cd_window_get_populated (window))
    g_main_context_iteration (NULL, TRUE);
  spin (100);

  sidebar = _cd_window_get_sidebar (window);
  editor = _cd_window_get_editor (window);

  /* Set in C from a _() call. */
  g_assert_cmpstr (adw_status_page_get_title (child (sidebar, CD_TYPE_STATUS_SIDEBAR, "empty_page")),
                   ==, expected->no_stories);
  /* Set by GtkBuilder from the template's translatable="yes". */
  g_assert_cmpstr (gtk_button_get_label (child (editor, CD_TYPE_STORY_EDITOR, "mark_ready_button")),
                   ==, expected->mark_ready);
  g_assert_cmpstr (adw_preferences_row_get_title (child (editor, CD_TYPE_STORY_EDITOR, "byline_row")),
                   ==, expected->byline);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-story", NULL);
  spin (300);
  g_assert_nonnull (_cd_window_get_story (window));

  /* ngettext with the catalog's plural rule, and a positional format. */
  g_assert_cmpstr (gtk_inscription_get_text (child (editor, CD_TYPE_STORY_EDITOR, "words_label")),
                   ==, expected->no_words);
  g_assert_cmpstr (gtk_menu_button_get_label (child (sidebar, CD_TYPE_STATUS_SIDEBAR, "filter_button")),
                   ==, expected->all_stories);

  gtk_window_close (GTK_WINDOW (window));
  spin (100);
  cd_test_photo_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("COPYDESK_LOCALEDIR");

  g_assert_nonnull (localedir);
  g_assert_cmpint (argc, >=, 2);
  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (g_str_equal (argv[1], expectations[i].language))
      expected = &expectations[i];
  g_assert_nonnull (expected);
  argv[1] = argv[0];
  argc--;
  argv++;

  /* As the user's session would have it. LANGUAGE only counts under a real
   * locale, so LC_ALL names the generated one (build-aux/install-deps.sh). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("LANGUAGE", expected->language, TRUE);
  g_setenv ("LC_ALL", expected->locale, TRUE);
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("The locale %s is not generated; run build-aux/install-deps.sh", expected->locale);

  /* What main() does, with the tests' catalog directory. */
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/copydesk/ui/i18n/window", test_i18n_window);

  return g_test_run ();
}
