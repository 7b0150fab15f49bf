/* cd-photo-row.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-photo-row"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-enum-types.h"
#include "cd-photo-row-private.h"

/* A thumbnail in device pixels, twice its 96 × 72 size: sharp at scale 2. */
#define THUMBNAIL_WIDTH  192
#define THUMBNAIL_HEIGHT 144

struct _CdPhotoRow
{
  GtkListBoxRow   parent_instance;

  CdPhoto        *photo;
  CdCreditFormat  credit_format;
  guint           position;
  guint           n_photos;
  GCancellable   *cancellable;
  gboolean        thumbnail_loaded;

  /* Template children */
  GtkPicture     *thumbnail;
  GtkLabel       *number_label;
  GtkLabel       *name_label;
  GtkTextView    *caption_view;
  AdwEntryRow    *credit_row;
  AdwEntryRow    *alt_text_row;
  AdwEntryRow    *creator_row;
  AdwEntryRow    *source_row;
  AdwEntryRow    *copyright_row;
  GtkLabel       *preview_label;
};

G_DEFINE_FINAL_TYPE (CdPhotoRow, cd_photo_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_PHOTO,
  PROP_CREDIT_FORMAT,
  N_PROPS
};

enum {
  MOVE,
  REMOVE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_preview (CdPhotoRow *self)
{
  g_autofree char *text = NULL;

  text = cd_render_caption_text (cd_photo_get_caption (self->photo),
                                 cd_photo_get_credit (self->photo),
                                 self->credit_format);
  gtk_label_set_label (self->preview_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), text[0] != '\0');
}

static void
update_actions (CdPhotoRow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo.move-up", self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo.move-down",
                                 self->position + 1 < self->n_photos);
}

static void
update_name (CdPhotoRow *self)
{
  const char *name = cd_photo_get_original_name (self->photo);

  if (name[0] == '\0')
    name = cd_photo_get_file_path (self->photo);
  gtk_label_set_label (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), name);
}

/* AdwEntryRow 1.2 shows its title but does not name the entry inside it
 * for assistive technologies; do it here so each field is announced.
 */
static void
label_entry_row (AdwEntryRow *row)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
}

static void
load_thumbnail_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GdkPixbuf) cropped = NULL;
  GError *error = NULL;
  int width, height;
  double scale;

  if (gdk_pixbuf_get_file_info (path, &width, &height) == NULL || width <= 0 || height <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "Unknown image format");
      return;
    }

  /* Cover the 4:3 frame: scale so both sides reach it, then crop the middle.
   * The loader scales while decoding, so a 40-megapixel photo never sits in
   * memory at full size. Every row then has the same thumbnail size.
   */
  scale = MAX ((double) THUMBNAIL_WIDTH / width, (double) THUMBNAIL_HEIGHT / height);
  scale = MIN (scale, 1.0);
  pixbuf = gdk_pixbuf_new_from_file_at_scale (path,
                                              MAX (1, (int) (width * scale + 0.5)),
                                              MAX (1, (int) (height * scale + 0.5)),
                                              FALSE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  width = gdk_pixbuf_get_width (oriented);
  height = gdk_pixbuf_get_height (oriented);
  cropped = gdk_pixbuf_new_subpixbuf (oriented,
                                      MAX (0, (width - THUMBNAIL_WIDTH) / 2),
                                      MAX (0, (height - THUMBNAIL_HEIGHT) / 2),
                                      MIN (width, THUMBNAIL_WIDTH),
                                      MIN (height, THUMBNAIL_HEIGHT));

  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (cropped), g_object_unref);
}

static void
thumbnail_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CdPhotoRow *self = CD_PHOTO_ROW (source);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail for %s: %s", cd_photo_get_file_path (self->photo), error->message);
      return;
    }

  gtk_picture_set_paintable (self->thumbnail, GDK_PAINTABLE (texture));
  self->thumbnail_loaded = TRUE;
}

static void
load_thumbnail (CdPhotoRow *self)
{
  g_autoptr(GTask) task = NULL;
  const char *path = cd_photo_get_file_path (self->photo);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->thumbnail_loaded = FALSE;
  gtk_picture_set_paintable (self->thumbnail, NULL);

  if (path[0] == '\0')
    return;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, thumbnail_loaded_cb, NULL);
  g_task_set_source_tag (task, load_thumbnail);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thumbnail_thread);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, 1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
cd_photo_row_constructed (GObject *object)
{
  CdPhotoRow *self = CD_PHOTO_ROW (object);
  const GBindingFlags flags = G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL;

  G_OBJECT_CLASS (cd_photo_row_parent_class)->constructed (object);

  g_assert (CD_IS_PHOTO (self->photo));

  g_object_bind_property (self->photo, "caption",
                          gtk_text_view_get_buffer (self->caption_view), "text", flags);
  g_object_bind_property (self->photo, "credit", self->credit_row, "text", flags);
  g_object_bind_property (self->photo, "alt-text", self->alt_text_row, "text", flags);
  g_object_bind_property (self->photo, "creator", self->creator_row, "text", flags);
  g_object_bind_property (self->photo, "source", self->source_row, "text", flags);
  g_object_bind_property (self->photo, "copyright", self->copyright_row, "text", flags);
  g_object_bind_property (self->photo, "alt-text", self->thumbnail, "alternative-text",
                          G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->photo, "notify::caption",
                           G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->photo, "notify::credit",
                           G_CALLBACK (update_preview), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->photo, "notify::original-name",
                           G_CALLBACK (update_name), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->photo, "notify::file-path",
                           G_CALLBACK (load_thumbnail), self, G_CONNECT_SWAPPED);

  update_preview (self);
  update_name (self);
  load_thumbnail (self);
}

static void
cd_photo_row_dispose (GObject *object)
{
  CdPhotoRow *self = CD_PHOTO_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PHOTO_ROW);
  g_clear_object (&self->photo);

  G_OBJECT_CLASS (cd_photo_row_parent_class)->dispose (object);
}

static void
cd_photo_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CdPhotoRow *self = CD_PHOTO_ROW (object);

  switch (prop_id)
    {
    case PROP_PHOTO:
      g_value_set_object (value, cd_photo_row_get_photo (self));
      break;

    case PROP_CREDIT_FORMAT:
      g_value_set_enum (value, cd_photo_row_get_credit_format (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_photo_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CdPhotoRow *self = CD_PHOTO_ROW (object);

  switch (prop_id)
    {
    case PROP_PHOTO:
      self->photo = g_value_dup_object (value);
      break;

    case PROP_CREDIT_FORMAT:
      cd_photo_row_set_credit_format (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_photo_row_class_init (CdPhotoRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cd_photo_row_constructed;
  object_class->dispose = cd_photo_row_dispose;
  object_class->get_property = cd_photo_row_get_property;
  object_class->set_property = cd_photo_row_set_property;

  /**
   * CdPhotoRow:photo:
   *
   * The photo this row edits.
   */
  properties[PROP_PHOTO] =
    g_param_spec_object ("photo", NULL, NULL,
                         CD_TYPE_PHOTO,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CdPhotoRow:credit-format:
   *
   * The house style of the caption preview.
   */
  properties[PROP_CREDIT_FORMAT] =
    g_param_spec_enum ("credit-format", NULL, NULL,
                       CD_TYPE_CREDIT_FORMAT,
                       CD_CREDIT_FORMAT_PARENTHESES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdPhotoRow::move:
   * @self: the row
   * @offset: -1 to move the photo up, 1 to move it down
   *
   * Asks the panel to move the photo.
   */
  signals[MOVE] =
    g_signal_new ("move",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT);

  /**
   * CdPhotoRow::remove:
   * @self: the row
   *
   * Asks the panel to remove the photo from the story.
   */
  signals[REMOVE] =
    g_signal_new ("remove",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/cd-photo-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPhotoRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoRow, caption_view);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoRow, credit_row);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoRow, alt_text_row);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoRow, creator_row);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoRow, source_row);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoRow, copyright_row);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoRow, preview_label);

  gtk_widget_class_install_action (widget_class, "photo.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "photo.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "photo.remove", NULL, remove_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "photo.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "photo.move-down", NULL);

  gtk_widget_class_set_css_name (widget_class, "photorow");
}

static void
cd_photo_row_init (CdPhotoRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->credit_format = CD_CREDIT_FORMAT_PARENTHESES;

  label_entry_row (self->credit_row);
  label_entry_row (self->alt_text_row);
  label_entry_row (self->creator_row);
  label_entry_row (self->source_row);
  label_entry_row (self->copyright_row);

  update_actions (self);
}

/**
 * cd_photo_row_new:
 * @photo: the #CdPhoto to edit
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
cd_photo_row_new (CdPhoto *photo)
{
  g_return_val_if_fail (CD_IS_PHOTO (photo), NULL);

  return g_object_new (CD_TYPE_PHOTO_ROW,
                       "photo", photo,
                       NULL);
}

/**
 * cd_photo_row_get_photo:
 * @self: a #CdPhotoRow
 *
 * Returns: (transfer none): the photo
 */
CdPhoto *
cd_photo_row_get_photo (CdPhotoRow *self)
{
  g_return_val_if_fail (CD_IS_PHOTO_ROW (self), NULL);

  return self->photo;
}

CdCreditFormat
cd_photo_row_get_credit_format (CdPhotoRow *self)
{
  g_return_val_if_fail (CD_IS_PHOTO_ROW (self), CD_CREDIT_FORMAT_PARENTHESES);

  return self->credit_format;
}

void
cd_photo_row_set_credit_format (CdPhotoRow     *self,
                                CdCreditFormat  credit_format)
{
  g_return_if_fail (CD_IS_PHOTO_ROW (self));
  g_return_if_fail (credit_format <= CD_CREDIT_FORMAT_PHOTO_BY);

  if (self->credit_format == credit_format)
    return;

  self->credit_format = credit_format;
  update_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDIT_FORMAT]);
}

/**
 * cd_photo_row_set_position:
 * @self: a #CdPhotoRow
 * @position: the photo's index in the story
 * @n_photos: how many photos the story has
 *
 * Numbers the row and enables the moves that make sense.
 */
void
cd_photo_row_set_position (CdPhotoRow *self,
                           guint       position,
                           guint       n_photos)
{
  g_autofree char *number = NULL;

  g_return_if_fail (CD_IS_PHOTO_ROW (self));
  g_return_if_fail (position < n_photos);

  self->position = position;
  self->n_photos = n_photos;

  /* Translators: the heading of a photo in the caption panel; %u is its
   * position in the story, counting from 1 */
  number = g_strdup_printf (_("Photo %u"), position + 1);
  gtk_label_set_label (self->number_label, number);

  update_actions (self);
}

/**
 * cd_photo_row_get_field:
 * @self: a #CdPhotoRow
 * @property: a #CdPhoto text property: "caption", "credit", "alt-text",
 *   "creator", "source" or "copyright"
 *
 * Returns: (transfer none) (nullable): the widget that edits @property: a
 *   #GtkTextView for the caption, a #GtkEditable for the others
 */
GtkWidget *
cd_photo_row_get_field (CdPhotoRow *self,
                        const char *property)
{
  g_return_val_if_fail (CD_IS_PHOTO_ROW (self), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  if (g_str_equal (property, "caption"))
    return GTK_WIDGET (self->caption_view);
  if (g_str_equal (property, "credit"))
    return GTK_WIDGET (self->credit_row);
  if (g_str_equal (property, "alt-text"))
    return GTK_WIDGET (self->alt_text_row);
  if (g_str_equal (property, "creator"))
    return GTK_WIDGET (self->creator_row);
  if (g_str_equal (property, "source"))
    return GTK_WIDGET (self->source_row);
  if (g_str_equal (property, "copyright"))
    return GTK_WIDGET (self->copyright_row);

  return NULL;
}

/**
 * cd_photo_row_get_preview:
 * @self: a #CdPhotoRow
 *
 * Returns: (transfer none): the caption as the preview shows it
 */
const char *
cd_photo_row_get_preview (CdPhotoRow *self)
{
  g_return_val_if_fail (CD_IS_PHOTO_ROW (self), NULL);

  return gtk_label_get_label (self->preview_label);
}

/**
 * cd_photo_row_get_thumbnail_loaded:
 * @self: a #CdPhotoRow
 *
 * Returns: whether the thumbnail has been decoded and shown
 */
gboolean
cd_photo_row_get_thumbnail_loaded (CdPhotoRow *self)
{
  g_return_val_if_fail (CD_IS_PHOTO_ROW (self), FALSE);

  return self->thumbnail_loaded;
}
