/* test-photo-panel.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-photo-panel"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "cd-photo-metadata.h"
#include "cd-photo-panel-private.h"
#include "cd-preferences-window-private.h"
#include "cd-test-photo.h"

typedef struct
{
  char         *dir;
  CdLibrary    *library;
  CdStory      *story;
  GtkWindow    *window;
  CdPhotoPanel *panel;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = cd_test_photo_make_dir ();
  path = g_build_filename (fixture->dir, "library", "library.db", NULL);
  fixture->library = cd_library_open (path, &error);
  g_assert_no_error (error);
  fixture->story = cd_library_create_story (fixture->library, &error);
  g_assert_no_error (error);

  fixture->panel = CD_PHOTO_PANEL (cd_photo_panel_new ());
  cd_photo_panel_set_library (fixture->panel, fixture->library);
  cd_photo_panel_set_story (fixture->panel, fixture->story);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 360, 800);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->panel));
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  gtk_window_destroy (fixture->window);
  g_assert_true (cd_library_flush (fixture->library, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->story);
  g_clear_object (&fixture->library);
  cd_test_photo_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

typedef gboolean (*CheckFunc) (gpointer data);

static gboolean
timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @check says yes, failing after ten seconds. */
static void
wait_until (CheckFunc check,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timed_out_cb, &timed_out);

  while (!check (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
thumbnail_loaded (gpointer data)
{
  return cd_photo_row_get_thumbnail_loaded (data);
}

typedef struct
{
  gboolean  done;
  CdPhoto  *photo;
  GError   *error;
} AddResult;

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AddResult *add = user_data;

  add->photo = cd_photo_panel_add_file_finish (CD_PHOTO_PANEL (source), result, &add->error);
  add->done = TRUE;
}

static CdPhoto *
add_file (Fixture     *fixture,
          const char  *path,
          GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AddResult add = { FALSE, NULL, NULL };

  cd_photo_panel_add_file_async (fixture->panel, file, NULL, added_cb, &add);
  wait_until (is_true, &add.done);

  if (add.error != NULL)
    g_propagate_error (error, add.error);

  return add.photo;
}

static CdPhoto *
add_plain_photo (Fixture    *fixture,
                 const char *name,
                 const char *caption)
{
  g_autofree char *path = cd_test_photo_write_jpeg (fixture->dir, name);
  g_autoptr(GError) error = NULL;
  CdPhoto *photo;

  cd_test_photo_set_tags (path, "Iptc.Application2.Caption", caption, NULL);
  photo = add_file (fixture, path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (photo);

  return photo;
}

static const char *
get_caption_text (CdPhotoRow *row)
{
  GtkWidget *view = cd_photo_row_get_field (row, "caption");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  static char *text;
  GtkTextIter start, end;

  g_clear_pointer (&text, g_free);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return text;
}

static void
test_prefill (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = cd_test_photo_write_jpeg (fixture->dir, "lectern.jpg");
  g_autoptr(CdPhoto) photo = NULL;
  g_autoptr(GError) error = NULL;
  CdPhotoRow *row;

  /* Caption and source in IIM only, credit in both (XMP must win), alt in XMP. */
  cd_test_photo_set_tags (path,
                          "Iptc.Application2.Caption", "Attorney General Jeff Sessions gives a speech",
                          "Iptc.Application2.Credit", "Old IIM credit",
                          "Iptc.Application2.Source", "Getty Images",
                          "Xmp.photoshop.Credit", "Jessica McGowan/Getty Images",
                          "Xmp.iptc.AltTextAccessibility", "A man speaks at a lectern",
                          "Xmp.dc.creator", "Jessica McGowan",
                          NULL);

  photo = add_file (fixture, path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (photo);
  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (fixture->story)), ==, 1);

  /* The library holds its own copy, named by content. */
  g_assert_true (g_str_has_prefix (cd_photo_get_file_path (photo),
                                   cd_library_get_photos_dir (fixture->library)));
  g_assert_true (g_file_test (cd_photo_get_file_path (photo), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (strlen (cd_photo_get_content_hash (photo)), ==, 64);
  g_assert_cmpstr (cd_photo_get_original_name (photo), ==, "lectern.jpg");

  row = cd_photo_panel_get_row (fixture->panel, 0);
  g_assert_nonnull (row);
  g_assert_true (cd_photo_row_get_photo (row) == photo);

  g_assert_cmpstr (get_caption_text (row), ==, "Attorney General Jeff Sessions gives a speech");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_photo_row_get_field (row, "credit"))),
                   ==, "Jessica McGowan/Getty Images");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_photo_row_get_field (row, "alt-text"))),
                   ==, "A man speaks at a lectern");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_photo_row_get_field (row, "creator"))),
                   ==, "Jessica McGowan");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_photo_row_get_field (row, "source"))),
                   ==, "Getty Images");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_photo_row_get_field (row, "copyright"))),
                   ==, "");

  g_assert_cmpstr (cd_photo_row_get_preview (row), ==,
                   "Attorney General Jeff Sessions gives a speech (Credit: Jessica McGowan/Getty Images)");

  /* The thumbnail arrives from a worker thread. */
  wait_until (thumbnail_loaded, row);
}

static void
test_live_preview (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CdPhoto) photo = add_plain_photo (fixture, "a.jpg", "Crowds gather.");
  CdPhotoRow *row = cd_photo_panel_get_row (fixture->panel, 0);
  GtkEditable *credit = GTK_EDITABLE (cd_photo_row_get_field (row, "credit"));
  GtkTextView *caption = GTK_TEXT_VIEW (cd_photo_row_get_field (row, "caption"));

  g_assert_cmpstr (cd_photo_row_get_preview (row), ==, "Crowds gather.");

  /* Typing in the credit entry reaches the photo and the preview. */
  gtk_editable_set_text (credit, "AP Photo/Jane Doe");
  g_assert_cmpstr (cd_photo_get_credit (photo), ==, "AP Photo/Jane Doe");
  g_assert_cmpstr (cd_photo_row_get_preview (row), ==, "Crowds gather. (Credit: AP Photo/Jane Doe)");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (caption), "Crowds gather at noon.", -1);
  g_assert_cmpstr (cd_photo_get_caption (photo), ==, "Crowds gather at noon.");
  g_assert_cmpstr (cd_photo_row_get_preview (row), ==,
                   "Crowds gather at noon. (Credit: AP Photo/Jane Doe)");

  /* A change from elsewhere (the model) shows in the entry. */
  cd_photo_set_credit (photo, "Reuters");
  g_assert_cmpstr (gtk_editable_get_text (credit), ==, "Reuters");

  /* The house style follows the preference. */
  cd_photo_panel_set_credit_format (fixture->panel, CD_CREDIT_FORMAT_EM_DASH);
  g_assert_cmpstr (cd_photo_row_get_preview (row), ==, "Crowds gather at noon. — Reuters");
}

static void
test_remove_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CdPhoto) first = add_plain_photo (fixture, "first.jpg", "First");
  g_autoptr(CdPhoto) second = add_plain_photo (fixture, "second.jpg", "Second");
  GListModel *photos = cd_story_get_photos (fixture->story);
  g_autoptr(CdPhoto) item = NULL;
  AdwToast *toast;

  g_assert_cmpuint (g_list_model_get_n_items (photos), ==, 2);

  /* Through the row's action, as the menu and the keyboard reach it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (cd_photo_panel_get_row (fixture->panel, 0)),
                                             "photo.remove", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (photos), ==, 1);
  item = g_list_model_get_item (photos, 0);
  g_assert_true (item == second);
  g_clear_object (&item);

  toast = cd_photo_panel_get_last_toast (fixture->panel);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Photo removed");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");

  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpuint (g_list_model_get_n_items (photos), ==, 2);
  item = g_list_model_get_item (photos, 0);
  g_assert_true (item == first);
  g_clear_object (&item);
  g_assert_cmpstr (get_caption_text (cd_photo_panel_get_row (fixture->panel, 0)), ==, "First");

  /* A second click on the same toast adds nothing. */
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpuint (g_list_model_get_n_items (photos), ==, 2);
}

static void
test_move (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(CdPhoto) a = add_plain_photo (fixture, "a.jpg", "A");
  g_autoptr(CdPhoto) b = add_plain_photo (fixture, "b.jpg", "B");
  g_autoptr(CdPhoto) c = add_plain_photo (fixture, "c.jpg", "C");
  GListModel *photos = cd_story_get_photos (fixture->story);
  CdPhotoRow *row;

  /* The first photo cannot go up, the last cannot go down. */
  row = cd_photo_panel_get_row (fixture->panel, 0);
  gtk_widget_activate_action (GTK_WIDGET (row), "photo.move-up", NULL);
  row = cd_photo_panel_get_row (fixture->panel, 2);
  gtk_widget_activate_action (GTK_WIDGET (row), "photo.move-down", NULL);
  g_assert_true (g_list_model_get_item (photos, 0) == (gpointer) a);
  g_object_unref (a);
  g_assert_true (g_list_model_get_item (photos, 2) == (gpointer) c);
  g_object_unref (c);
  g_assert_cmpstr (get_caption_text (cd_photo_panel_get_row (fixture->panel, 0)), ==, "A");

  row = cd_photo_panel_get_row (fixture->panel, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "photo.move-down", NULL));
  g_assert_true (g_list_model_get_item (photos, 0) == (gpointer) b);
  g_object_unref (b);
  g_assert_true (g_list_model_get_item (photos, 1) == (gpointer) a);
  g_object_unref (a);

  row = cd_photo_panel_get_row (fixture->panel, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "photo.move-up", NULL));
  g_assert_true (g_list_model_get_item (photos, 1) == (gpointer) c);
  g_object_unref (c);

  /* Rows are renumbered and show their photo. */
  g_assert_cmpstr (get_caption_text (cd_photo_panel_get_row (fixture->panel, 1)), ==, "C");
  g_assert_cmpstr (get_caption_text (cd_photo_panel_get_row (fixture->panel, 2)), ==, "A");
}

static void
test_not_an_image (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "notes.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdPhoto) photo = NULL;
  AdwToast *toast;

  g_file_set_contents (path, "Notes from the press conference\n", -1, &error);
  g_assert_no_error (error);

  photo = add_file (fixture, path, &error);
  g_assert_null (photo);
  g_assert_error (error, CD_PHOTO_METADATA_ERROR, CD_PHOTO_METADATA_ERROR_NOT_AN_IMAGE);
  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (fixture->story)), ==, 0);
  g_assert_null (cd_photo_panel_get_row (fixture->panel, 0));

  /* The editor is told, by file name. */
  toast = cd_photo_panel_get_last_toast (fixture->panel);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "notes.jpg"));
}

static void
test_without_library (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = cd_test_photo_write_jpeg (fixture->dir, "loose.jpg");
  g_autoptr(CdPhoto) photo = NULL;
  g_autoptr(GError) error = NULL;

  /* Without a library the photo is used where it is; nothing is copied. */
  cd_photo_panel_set_library (fixture->panel, NULL);
  cd_test_photo_set_tags (path, "Xmp.photoshop.Credit", "Staff", NULL);
  photo = add_file (fixture, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_photo_get_file_path (photo), ==, path);
  g_assert_cmpstr (cd_photo_get_credit (photo), ==, "Staff");
  g_assert_cmpstr (cd_photo_get_mime_type (photo), ==, "image/jpeg");
  g_assert_cmpuint (g_list_model_get_n_items (cd_story_get_photos (fixture->story)), ==, 1);
}

static void
test_accessible (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct
  {
    const char *property;
    const char *label;
  } fields[] = {
    { "caption", "Caption" },
    { "credit", "Credit" },
    { "alt-text", "Alt Text" },
    { "creator", "Creator" },
    { "source", "Source" },
    { "copyright", "Copyright" },
  };
  g_autoptr(CdPhoto) photo = add_plain_photo (fixture, "a.jpg", "A");
  CdPhotoRow *row = cd_photo_panel_get_row (fixture->panel, 0);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *widget = cd_photo_row_get_field (row, fields[i].property);
      GtkAccessible *focusable = GTK_ACCESSIBLE (widget);

      /* What takes the keyboard focus is what a screen reader names. */
      if (GTK_IS_EDITABLE (widget) && gtk_editable_get_delegate (GTK_EDITABLE (widget)) != NULL)
        focusable = GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (widget)));

      gtk_test_accessible_assert_property (focusable, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           fields[i].label);
    }

  gtk_test_accessible_assert_property (fixture->panel, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Captions and Credits");
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.copydesk.Copydesk");
  GtkWidget *window = cd_preferences_window_new (NULL);
  GListModel *languages = cd_preferences_window_get_spell_languages (CD_PREFERENCES_WINDOW (window));
  AdwComboRow *spell_row;
  AdwComboRow *credit_row;
  g_autoptr(GtkStringObject) automatic = NULL;
  g_autoptr(GtkStringObject) second = NULL;
  g_autoptr(GtkStringObject) example = NULL;
  g_autofree char *tag = NULL;
  guint n_languages;

  spell_row = ADW_COMBO_ROW (gtk_widget_get_template_child (window, CD_TYPE_PREFERENCES_WINDOW,
                                                            "spell_row"));
  credit_row = ADW_COMBO_ROW (gtk_widget_get_template_child (window, CD_TYPE_PREFERENCES_WINDOW,
                                                             "credit_row"));
  gtk_window_present (GTK_WINDOW (window));

  /* "Automatic" first, then the installed dictionaries (hunspell-en-us…). */
  n_languages = g_list_model_get_n_items (languages);
  g_assert_cmpuint (n_languages, >=, 2);
  automatic = g_list_model_get_item (languages, 0);
  g_assert_cmpstr (gtk_string_object_get_string (automatic), ==, "Automatic");
  g_assert_cmpuint (adw_combo_row_get_selected (spell_row), ==, 0);

  /* Picking a language writes its tag; Automatic writes "". */
  second = g_list_model_get_item (languages, 1);
  adw_combo_row_set_selected (spell_row, 1);
  tag = g_settings_get_string (settings, "spell-language");
  g_assert_cmpstr (tag, ==, gtk_string_object_get_string (second));
  g_clear_pointer (&tag, g_free);
  adw_combo_row_set_selected (spell_row, 0);
  tag = g_settings_get_string (settings, "spell-language");
  g_assert_cmpstr (tag, ==, "");

  /* A dictionary named in the settings but not installed is still listed. */
  g_settings_set_string (settings, "spell-language", "xx_NOWHERE");
  g_assert_cmpuint (g_list_model_get_n_items (languages), ==, n_languages + 1);
  g_assert_cmpuint (adw_combo_row_get_selected (spell_row), ==, n_languages);

  /* The credit format: each choice shown by example, stored as the enum. */
  example = g_list_model_get_item (adw_combo_row_get_model (credit_row), 0);
  g_assert_cmpstr (gtk_string_object_get_string (example), ==,
                   "Caption. (Credit: Name)");
  g_assert_cmpuint (adw_combo_row_get_selected (credit_row), ==, 0);
  adw_combo_row_set_selected (credit_row, 2);
  g_assert_cmpint (g_settings_get_enum (settings, "credit-format"), ==, CD_CREDIT_FORMAT_PHOTO_BY);
  g_settings_set_enum (settings, "credit-format", CD_CREDIT_FORMAT_EM_DASH);
  g_assert_cmpuint (adw_combo_row_get_selected (credit_row), ==, 1);

  g_settings_reset (settings, "spell-language");
  g_settings_reset (settings, "credit-format");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, func) \
  g_test_add ("/copydesk/ui/photo-panel/" name, Fixture, NULL, \
              fixture_set_up, func, fixture_tear_down)

  ADD ("prefill", test_prefill);
  ADD ("live-preview", test_live_preview);
  ADD ("remove-undo", test_remove_undo);
  ADD ("move", test_move);
  ADD ("not-an-image", test_not_an_image);
  ADD ("without-library", test_without_library);
  ADD ("accessible", test_accessible);
  g_test_add_func ("/copydesk/ui/preferences-window/settings", test_preferences);

#undef ADD

  return g_test_run ();
}
