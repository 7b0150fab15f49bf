/* cd-preferences-window.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-preferences-window"

#include "config.h"

#include <enchant.h>
#include <glib/gi18n.h>

#include "cd-accounts-page-private.h"
#include "cd-archiver.h"
#include "cd-enum-types.h"
#include "cd-preferences-window-private.h"
#include "cd-render.h"

struct _CdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkStringList        *spell_languages;  /* labels shown */
  GPtrArray            *spell_tags;       /* the setting's values, "" first */

  /* Template children */
  GtkSwitch            *system_font_switch;
  AdwActionRow         *font_row;
  GtkFontButton        *font_button;
  AdwComboRow          *spell_row;
  AdwComboRow          *credit_row;
  CdAccountsPage       *accounts_page;
  GtkSwitch            *archive_switch;
  GtkSpinButton        *archive_age_spin;
  GtkDropDown          *archive_unit_dropdown;
  GtkTextView          *archive_notice_view;
  GtkLabel             *archive_notice_placeholder;
};

G_DEFINE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
add_dictionary_cb (const char * const  lang_tag,
                   const char * const  provider_name,
                   const char * const  provider_desc,
                   const char * const  provider_file,
                   void               *user_data)
{
  GPtrArray *tags = user_data;

  if (!g_ptr_array_find_with_equal_func (tags, lang_tag, g_str_equal, NULL))
    g_ptr_array_add (tags, g_strdup (lang_tag));
}

static int
compare_tags (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
load_spell_languages (CdPreferencesWindow *self)
{
  EnchantBroker *broker = enchant_broker_init ();
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  if (broker != NULL)
    {
      enchant_broker_list_dicts (broker, add_dictionary_cb, found);
      enchant_broker_free (broker);
    }
  g_ptr_array_sort (found, compare_tags);

  self->spell_tags = g_ptr_array_new_with_free_func (g_free);
  self->spell_languages = gtk_string_list_new (NULL);

  g_ptr_array_add (self->spell_tags, g_strdup (""));
  /* Translators: the spelling language that follows the system's language */
  gtk_string_list_append (self->spell_languages, C_("spelling language", "Automatic"));

  for (guint i = 0; i < found->len; i++)
    {
      g_ptr_array_add (self->spell_tags, g_strdup (g_ptr_array_index (found, i)));
      gtk_string_list_append (self->spell_languages, g_ptr_array_index (found, i));
    }
}

static gboolean
spell_language_get_mapping (GValue   *value,
                            GVariant *variant,
                            gpointer  user_data)
{
  CdPreferencesWindow *self = user_data;
  const char *tag = g_variant_get_string (variant, NULL);
  guint index;

  /* A dictionary set elsewhere but not installed here still shows. */
  if (!g_ptr_array_find_with_equal_func (self->spell_tags, tag, g_str_equal, &index))
    {
      g_ptr_array_add (self->spell_tags, g_strdup (tag));
      gtk_string_list_append (self->spell_languages, tag);
      index = self->spell_tags->len - 1;
    }

  g_value_set_uint (value, index);

  return TRUE;
}

static GVariant *
spell_language_set_mapping (const GValue       *value,
                            const GVariantType *expected_type,
                            gpointer            user_data)
{
  CdPreferencesWindow *self = user_data;
  guint index = g_value_get_uint (value);

  if (index >= self->spell_tags->len)
    return NULL;

  return g_variant_new_string (g_ptr_array_index (self->spell_tags, index));
}

/* For an enum key shown in a list whose positions are the enum's values;
 * user_data is the enum's GType. */
static gboolean
enum_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (GPOINTER_TO_SIZE (user_data));
  GEnumValue *format = g_enum_get_value_by_nick (klass, g_variant_get_string (variant, NULL));

  if (format == NULL)
    return FALSE;

  g_value_set_uint (value, format->value);

  return TRUE;
}

static GVariant *
enum_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (GPOINTER_TO_SIZE (user_data));
  GEnumValue *format = g_enum_get_value (klass, g_value_get_uint (value));

  if (format == NULL)
    return NULL;

  return g_variant_new_string (format->value_nick);
}

static GtkStringList *
create_credit_formats (void)
{
  GtkStringList *formats = gtk_string_list_new (NULL);
  g_autoptr(GEnumClass) klass = g_type_class_ref (CD_TYPE_CREDIT_FORMAT);

  /* Show each style by example, written by the same function that writes
   * published captions, so the choice cannot drift from the result.
   */
  for (guint i = 0; i < klass->n_values; i++)
    {
      g_autofree char *example = NULL;

      /* Translators: a sample caption and credit showing the credit formats */
      example = cd_render_caption_text (_("Caption."), _("Name"),
                                        klass->values[i].value);
      gtk_string_list_append (formats, example);
    }

  return formats;
}

static char *
get_document_font (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *font = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);

  if (schema != NULL && g_settings_schema_has_key (schema, "document-font-name"))
    {
      g_autoptr(GSettings) interface = g_settings_new ("org.gnome.desktop.interface");

      font = g_settings_get_string (interface, "document-font-name");
    }

  if (font == NULL || font[0] == '\0')
    {
      g_free (font);
      g_object_get (gtk_settings_get_default (), "gtk-font-name", &font, NULL);
    }

  return g_steal_pointer (&font);
}

static void
on_system_font_switch_active_cb (CdPreferencesWindow *self)
{
  if (gtk_switch_get_active (self->system_font_switch))
    {
      g_autofree char *font = get_document_font ();

      g_settings_set_string (self->settings, "editor-font", "");
      if (font != NULL)
        gtk_font_chooser_set_font (GTK_FONT_CHOOSER (self->font_button), font);
    }
  else
    {
      g_autofree char *font = gtk_font_chooser_get_font (GTK_FONT_CHOOSER (self->font_button));

      g_settings_set_string (self->settings, "editor-font", font != NULL ? font : "");
    }
}

static void
on_font_button_font_set_cb (CdPreferencesWindow *self)
{
  g_autofree char *font = gtk_font_chooser_get_font (GTK_FONT_CHOOSER (self->font_button));

  if (!gtk_switch_get_active (self->system_font_switch) && font != NULL)
    g_settings_set_string (self->settings, "editor-font", font);
}

static void
on_archive_notice_changed_cb (CdPreferencesWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->archive_notice_view);

  gtk_widget_set_visible (GTK_WIDGET (self->archive_notice_placeholder),
                          gtk_text_buffer_get_char_count (buffer) == 0);
}

static void
cd_preferences_window_dispose (GObject *object)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->spell_languages);
  g_clear_pointer (&self->spell_tags, g_ptr_array_unref);

  G_OBJECT_CLASS (cd_preferences_window_parent_class)->dispose (object);
}

static void
cd_preferences_window_class_init (CdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/cd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, system_font_switch);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, font_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, font_button);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, spell_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, credit_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, accounts_page);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, archive_switch);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, archive_age_spin);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, archive_unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, archive_notice_view);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow,
                                        archive_notice_placeholder);

  g_type_ensure (CD_TYPE_ACCOUNTS_PAGE);
}

static void
cd_preferences_window_init (CdPreferencesWindow *self)
{
  g_autoptr(GtkStringList) formats = create_credit_formats ();
  g_autofree char *editor_font = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.copydesk.Copydesk");

  /* Editor font: "" means the system's document font. */
  editor_font = g_settings_get_string (self->settings, "editor-font");
  if (editor_font[0] == '\0')
    {
      g_free (editor_font);
      editor_font = get_document_font ();
      gtk_switch_set_active (self->system_font_switch, TRUE);
    }
  if (editor_font != NULL)
    gtk_font_chooser_set_font (GTK_FONT_CHOOSER (self->font_button), editor_font);
  g_object_bind_property (self->system_font_switch, "active", self->font_row, "sensitive",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_signal_connect_object (self->system_font_switch, "notify::active",
                           G_CALLBACK (on_system_font_switch_active_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->font_button, "font-set",
                           G_CALLBACK (on_font_button_font_set_cb), self, G_CONNECT_SWAPPED);

  load_spell_languages (self);
  adw_combo_row_set_model (self->spell_row, G_LIST_MODEL (self->spell_languages));
  g_settings_bind_with_mapping (self->settings, "spell-language",
                                self->spell_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                spell_language_get_mapping, spell_language_set_mapping,
                                self, NULL);

  adw_combo_row_set_model (self->credit_row, G_LIST_MODEL (formats));
  g_settings_bind_with_mapping (self->settings, "credit-format",
                                self->credit_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                enum_get_mapping, enum_set_mapping,
                                GSIZE_TO_POINTER (CD_TYPE_CREDIT_FORMAT), NULL);

  /* Archiving: an empty notice means the default sentence, shown as the
   * placeholder. */
  gtk_label_set_text (self->archive_notice_placeholder, cd_archiver_get_default_notice ());
  g_settings_bind (self->settings, "archive-enabled",
                   self->archive_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "archive-age",
                   self->archive_age_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "archive-age-unit",
                                self->archive_unit_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                enum_get_mapping, enum_set_mapping,
                                GSIZE_TO_POINTER (CD_TYPE_ARCHIVE_AGE_UNIT), NULL);
  g_settings_bind (self->settings, "archive-notice",
                   gtk_text_view_get_buffer (self->archive_notice_view), "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (gtk_text_view_get_buffer (self->archive_notice_view), "changed",
                           G_CALLBACK (on_archive_notice_changed_cb), self, G_CONNECT_SWAPPED);
  on_archive_notice_changed_cb (self);
}

/**
 * cd_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): a new preferences window
 */
GtkWidget *
cd_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (CD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}

/**
 * cd_preferences_window_get_spell_languages:
 * @self: a #CdPreferencesWindow
 *
 * Returns: (transfer none): the spelling languages offered, "Automatic" first
 */
GListModel *
cd_preferences_window_get_spell_languages (CdPreferencesWindow *self)
{
  g_return_val_if_fail (CD_IS_PREFERENCES_WINDOW (self), NULL);

  return G_LIST_MODEL (self->spell_languages);
}
