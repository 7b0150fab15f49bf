/* cd-photo-panel.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-photo-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-enum-types.h"
#include "cd-library.h"
#include "cd-photo-metadata.h"
#include "cd-photo-panel-private.h"

struct _CdPhotoPanel
{
  GtkWidget             parent_instance;

  CdStory              *story;
  CdLibrary            *library;
  CdCreditFormat        credit_format;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  AdwToast             *last_toast;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkListBox           *list_box;
  AdwStatusPage        *status_page;
  GtkWidget            *empty_add_button;
};

G_DEFINE_FINAL_TYPE (CdPhotoPanel, cd_photo_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORY,
  PROP_LIBRARY,
  PROP_CREDIT_FORMAT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One file on its way into the story. */
typedef struct
{
  CdStory   *story;
  CdLibrary *library;
  GFile     *file;
  char      *path;
  char      *name;
} AddData;

static void
add_data_free (AddData *data)
{
  g_clear_object (&data->story);
  g_clear_object (&data->library);
  g_clear_object (&data->file);
  g_free (data->path);
  g_free (data->name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AddData, add_data_free)

/* What an undo of a removal needs: the photo and where it was. */
typedef struct
{
  CdStory *story;
  CdPhoto *photo;
  guint    position;
} RemovedPhoto;

static void
removed_photo_free (RemovedPhoto *removed)
{
  g_clear_object (&removed->story);
  g_clear_object (&removed->photo);
  g_free (removed);
}

static void
removed_photo_closure_free (gpointer  data,
                            GClosure *closure)
{
  removed_photo_free (data);
}

static void
show_toast (CdPhotoPanel *self,
            AdwToast     *toast)
{
  /* A file may finish importing after the panel went away. */
  if (self->toast_overlay == NULL)
    return;

  g_set_object (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

static void
update_actions (CdPhotoPanel *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo.add", self->story != NULL);
}

static void
update_empty_state (CdPhotoPanel *self)
{
  /* Without a story there is nothing to add photos to: say so instead. */
  gtk_widget_set_visible (self->empty_add_button, self->story != NULL);
  if (self->story != NULL)
    adw_status_page_set_description (self->status_page,
                                     _("Add photos to the story or drop them here, "
                                       "then check their captions and credits"));
  else
    adw_status_page_set_description (self->status_page,
                                     _("Open a story to see its photos"));
}

static void
update_rows (CdPhotoPanel *self)
{
  guint n_photos = 0;

  if (self->story != NULL)
    n_photos = g_list_model_get_n_items (cd_story_get_photos (self->story));

  for (guint i = 0; i < n_photos; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, i);

      if (CD_IS_PHOTO_ROW (row))
        cd_photo_row_set_position (CD_PHOTO_ROW (row), i, n_photos);
    }

  gtk_stack_set_visible_child_name (self->stack, n_photos > 0 ? "photos" : "empty");
}

static void
move_photo (CdPhotoPanel *self,
            guint         from,
            guint         to)
{
  GtkListBoxRow *row;

  cd_story_move_photo (self->story, from, to);

  /* The model moves by remove + insert, so the row is new: give it the
   * focus the old one had, for Alt+Up/Down to keep working.
   */
  row = gtk_list_box_get_row_at_index (self->list_box, to);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
on_row_move_cb (CdPhotoPanel *self,
                int           offset,
                CdPhotoRow   *row)
{
  int from = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));
  int to = from + offset;
  guint n_photos;

  if (self->story == NULL || from < 0)
    return;

  n_photos = g_list_model_get_n_items (cd_story_get_photos (self->story));
  if (to < 0 || (guint) to >= n_photos)
    return;

  move_photo (self, from, to);
}

static void
on_row_remove_cb (CdPhotoPanel *self,
                  CdPhotoRow   *row)
{
  int position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));

  if (position >= 0)
    cd_photo_panel_remove_photo (self, position);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  CdPhotoPanel *self = user_data;
  GtkWidget *row = cd_photo_row_new (CD_PHOTO (item));

  g_object_bind_property (self, "credit-format", row, "credit-format", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (row, "move", G_CALLBACK (on_row_move_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (on_row_remove_cb), self, G_CONNECT_SWAPPED);

  return row;
}

static void
on_toast_undo_cb (AdwToast     *toast,
                  RemovedPhoto *removed)
{
  guint n_photos = g_list_model_get_n_items (cd_story_get_photos (removed->story));

  /* Once only: a second click must not add the photo twice. */
  if (removed->photo == NULL)
    return;

  cd_story_insert_photo (removed->story, MIN (removed->position, n_photos), removed->photo);
  g_clear_object (&removed->photo);
}

/* The slow, thread-safe part: is it an image we accept, what does it say? */
static void
read_metadata_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  AddData *data = task_data;
  CdPhotoMetadata *metadata;
  GError *error = NULL;

  metadata = cd_photo_metadata_read (data->path, &error);
  if (metadata == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, metadata, (GDestroyNotify) cd_photo_metadata_free);
}

static CdPhoto *
import_photo (AddData                *data,
              const CdPhotoMetadata  *metadata,
              GError                **error)
{
  CdPhoto *photo;

  /* The library copies the file into its folder and appends the photo; it
   * is used from this (the main) thread only.
   */
  if (data->library != NULL)
    {
      photo = cd_library_import_photo_file (data->library, data->story, data->file, error);
      if (photo == NULL)
        return NULL;
      g_object_ref (photo);
      cd_photo_metadata_apply (metadata, photo, TRUE);
      return photo;
    }

  photo = cd_photo_new ();
  cd_photo_set_file_path (photo, data->path);
  cd_photo_set_original_name (photo, data->name);
  cd_photo_set_mime_type (photo, metadata->mime_type);
  cd_photo_metadata_apply (metadata, photo, TRUE);
  cd_story_append_photo (data->story, photo);

  return photo;
}

static void
metadata_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CdPhotoPanel *self = CD_PHOTO_PANEL (source);
  g_autoptr(GTask) task = user_data;
  AddData *data = g_task_get_task_data (task);
  g_autoptr(CdPhotoMetadata) metadata = NULL;
  g_autoptr(CdPhoto) photo = NULL;
  GError *error = NULL;

  metadata = g_task_propagate_pointer (G_TASK (result), &error);
  if (metadata != NULL)
    photo = import_photo (data, metadata, &error);

  if (photo == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(AdwToast) toast = adw_toast_new (error->message);

          show_toast (self, toast);
        }
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&photo), g_object_unref);
}

static void
add_files (CdPhotoPanel *self,
           GListModel   *files)
{
  guint n_files = g_list_model_get_n_items (files);

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);

      cd_photo_panel_add_file_async (self, file, self->cancellable, NULL, NULL);
    }
}

static void
on_chooser_response_cb (CdPhotoPanel         *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      add_files (self, files);
    }

  g_clear_object (&self->chooser);
}

static gboolean
on_drop_cb (CdPhotoPanel  *self,
            const GValue  *value,
            double         x,
            double         y,
            GtkDropTarget *target)
{
  g_autoptr(GListStore) files = NULL;
  GSList *list;

  if (self->story == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_list_store_new (G_TYPE_FILE);
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (const GSList *l = list; l != NULL; l = l->next)
    g_list_store_append (files, l->data);
  g_slist_free (list);

  add_files (self, G_LIST_MODEL (files));

  return TRUE;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CdPhotoPanel *self = CD_PHOTO_PANEL (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/*");

  self->chooser = gtk_file_chooser_native_new (_("Add Photos"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Add"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cd_photo_panel_dispose (GObject *object)
{
  CdPhotoPanel *self = CD_PHOTO_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  g_clear_object (&self->story);
  g_clear_object (&self->library);
  g_clear_object (&self->last_toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PHOTO_PANEL);

  G_OBJECT_CLASS (cd_photo_panel_parent_class)->dispose (object);
}

static void
cd_photo_panel_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CdPhotoPanel *self = CD_PHOTO_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORY:
      g_value_set_object (value, cd_photo_panel_get_story (self));
      break;

    case PROP_LIBRARY:
      g_value_set_object (value, cd_photo_panel_get_library (self));
      break;

    case PROP_CREDIT_FORMAT:
      g_value_set_enum (value, cd_photo_panel_get_credit_format (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_photo_panel_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CdPhotoPanel *self = CD_PHOTO_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORY:
      cd_photo_panel_set_story (self, g_value_get_object (value));
      break;

    case PROP_LIBRARY:
      cd_photo_panel_set_library (self, g_value_get_object (value));
      break;

    case PROP_CREDIT_FORMAT:
      cd_photo_panel_set_credit_format (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_photo_panel_class_init (CdPhotoPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_photo_panel_dispose;
  object_class->get_property = cd_photo_panel_get_property;
  object_class->set_property = cd_photo_panel_set_property;

  /**
   * CdPhotoPanel:story:
   *
   * The story whose photos the panel shows, or %NULL.
   */
  properties[PROP_STORY] =
    g_param_spec_object ("story", NULL, NULL,
                         CD_TYPE_STORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CdPhotoPanel:library:
   *
   * The library that added photos are copied into, or %NULL to use the
   * files where they are.
   */
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         CD_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CdPhotoPanel:credit-format:
   *
   * The house style of the caption previews (the "credit-format" setting).
   */
  properties[PROP_CREDIT_FORMAT] =
    g_param_spec_enum ("credit-format", NULL, NULL,
                       CD_TYPE_CREDIT_FORMAT,
                       CD_CREDIT_FORMAT_PARENTHESES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/cd-photo-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPhotoPanel, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoPanel, list_box);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoPanel, status_page);
  gtk_widget_class_bind_template_child (widget_class, CdPhotoPanel, empty_add_button);

  gtk_widget_class_install_action (widget_class, "photo.add", NULL, add_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "photopanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cd_photo_panel_init (CdPhotoPanel *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->credit_format = CD_CREDIT_FORMAT_PARENTHESES;
  self->cancellable = g_cancellable_new ();

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Captions and Credits"),
                                  -1);

  update_actions (self);
  update_empty_state (self);
  update_rows (self);
}

/**
 * cd_photo_panel_new:
 *
 * Returns: (transfer floating): a new, empty caption and credit panel
 */
GtkWidget *
cd_photo_panel_new (void)
{
  return g_object_new (CD_TYPE_PHOTO_PANEL, NULL);
}

/**
 * cd_photo_panel_get_story:
 * @self: a #CdPhotoPanel
 *
 * Returns: (transfer none) (nullable): the story shown
 */
CdStory *
cd_photo_panel_get_story (CdPhotoPanel *self)
{
  g_return_val_if_fail (CD_IS_PHOTO_PANEL (self), NULL);

  return self->story;
}

/**
 * cd_photo_panel_set_story:
 * @self: a #CdPhotoPanel
 * @story: (nullable): the story to show
 */
void
cd_photo_panel_set_story (CdPhotoPanel *self,
                          CdStory      *story)
{
  g_return_if_fail (CD_IS_PHOTO_PANEL (self));
  g_return_if_fail (story == NULL || CD_IS_STORY (story));

  if (self->story == story)
    return;

  if (self->story != NULL)
    g_signal_handlers_disconnect_by_func (cd_story_get_photos (self->story), update_rows, self);

  g_set_object (&self->story, story);

  if (story != NULL)
    {
      GListModel *photos = cd_story_get_photos (story);

      gtk_list_box_bind_model (self->list_box, photos, create_row_cb, self, NULL);
      /* After the list box's own handler, so the rows exist to number. */
      g_signal_connect_object (photos, "items-changed",
                               G_CALLBACK (update_rows), self, G_CONNECT_SWAPPED);
    }
  else
    {
      gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
    }

  update_actions (self);
  update_empty_state (self);
  update_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORY]);
}

/**
 * cd_photo_panel_get_library:
 * @self: a #CdPhotoPanel
 *
 * Returns: (transfer none) (nullable): the library photos are imported into
 */
CdLibrary *
cd_photo_panel_get_library (CdPhotoPanel *self)
{
  g_return_val_if_fail (CD_IS_PHOTO_PANEL (self), NULL);

  return self->library;
}

/**
 * cd_photo_panel_set_library:
 * @self: a #CdPhotoPanel
 * @library: (nullable): the library to import photos into
 */
void
cd_photo_panel_set_library (CdPhotoPanel *self,
                            CdLibrary    *library)
{
  g_return_if_fail (CD_IS_PHOTO_PANEL (self));
  g_return_if_fail (library == NULL || CD_IS_LIBRARY (library));

  if (g_set_object (&self->library, library))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIBRARY]);
}

CdCreditFormat
cd_photo_panel_get_credit_format (CdPhotoPanel *self)
{
  g_return_val_if_fail (CD_IS_PHOTO_PANEL (self), CD_CREDIT_FORMAT_PARENTHESES);

  return self->credit_format;
}

void
cd_photo_panel_set_credit_format (CdPhotoPanel   *self,
                                  CdCreditFormat  credit_format)
{
  g_return_if_fail (CD_IS_PHOTO_PANEL (self));
  g_return_if_fail (credit_format <= CD_CREDIT_FORMAT_PHOTO_BY);

  if (self->credit_format == credit_format)
    return;

  self->credit_format = credit_format;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDIT_FORMAT]);
}

/**
 * cd_photo_panel_add_file_async:
 * @self: a #CdPhotoPanel with a story
 * @file: an image file
 * @cancellable: (nullable): a #GCancellable
 * @callback: (nullable): called when the photo is in the story, or not
 * @user_data: data for @callback
 *
 * Checks @file, reads its caption and credit, and appends it to the story.
 * A file that is not an image, too large or unreadable leaves the story as
 * it was and shows a toast that says why.
 */
void
cd_photo_panel_add_file_async (CdPhotoPanel        *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;
  g_autoptr(AddData) data = NULL;
  AddData *borrowed;

  g_return_if_fail (CD_IS_PHOTO_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->story != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_photo_panel_add_file_async);

  data = g_new0 (AddData, 1);
  data->story = g_object_ref (self->story);
  data->library = self->library != NULL ? g_object_ref (self->library) : NULL;
  data->file = g_object_ref (file);
  data->path = g_file_get_path (file);
  data->name = g_file_get_basename (file);

  if (data->path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autoptr(AdwToast) toast = NULL;
      g_autofree char *message = NULL;

      /* Translators: %s is the address of a file that is not on this computer */
      message = g_strdup_printf (_("“%s” is not a local file"), uri);
      toast = adw_toast_new (message);
      show_toast (self, toast);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s", message);
      return;
    }

  /* The worker borrows the data: the outer task lives until metadata_read_cb. */
  borrowed = data;
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) add_data_free);

  read = g_task_new (self, cancellable, metadata_read_cb, g_steal_pointer (&task));
  g_task_set_source_tag (read, read_metadata_thread);
  g_task_set_task_data (read, borrowed, NULL);
  g_task_run_in_thread (read, read_metadata_thread);
}

/**
 * cd_photo_panel_add_file_finish:
 * @self: a #CdPhotoPanel
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the photo now in the story, or %NULL
 */
CdPhoto *
cd_photo_panel_add_file_finish (CdPhotoPanel  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (CD_IS_PHOTO_PANEL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cd_photo_panel_remove_photo:
 * @self: a #CdPhotoPanel with a story
 * @position: the photo's index
 *
 * Removes a photo from the story and offers to undo it in a toast.
 */
void
cd_photo_panel_remove_photo (CdPhotoPanel *self,
                             guint         position)
{
  GListModel *photos;
  RemovedPhoto *removed;
  g_autoptr(AdwToast) toast = NULL;

  g_return_if_fail (CD_IS_PHOTO_PANEL (self));
  g_return_if_fail (self->story != NULL);

  photos = cd_story_get_photos (self->story);
  g_return_if_fail (position < g_list_model_get_n_items (photos));

  removed = g_new0 (RemovedPhoto, 1);
  removed->story = g_object_ref (self->story);
  removed->photo = g_list_model_get_item (photos, position);
  removed->position = position;

  cd_story_remove_photo (self->story, position);

  toast = adw_toast_new (_("Photo removed"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_toast_undo_cb),
                         removed, removed_photo_closure_free, 0);
  show_toast (self, toast);
}

/**
 * cd_photo_panel_get_row:
 * @self: a #CdPhotoPanel
 * @position: a photo's index
 *
 * Returns: (transfer none) (nullable): the row that edits that photo
 */
CdPhotoRow *
cd_photo_panel_get_row (CdPhotoPanel *self,
                        guint         position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CD_IS_PHOTO_PANEL (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list_box, position);

  return CD_IS_PHOTO_ROW (row) ? CD_PHOTO_ROW (row) : NULL;
}

/**
 * cd_photo_panel_get_last_toast:
 * @self: a #CdPhotoPanel
 *
 * Returns: (transfer none) (nullable): the toast the panel showed last
 */
AdwToast *
cd_photo_panel_get_last_toast (CdPhotoPanel *self)
{
  g_return_val_if_fail (CD_IS_PHOTO_PANEL (self), NULL);

  return self->last_toast;
}
