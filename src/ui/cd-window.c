/* cd-window.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cd-accounts.h"
#include "cd-archiver.h"
#include "cd-http.h"
#include "cd-library.h"
#include "cd-photo-panel-private.h"
#include "cd-status-sidebar-private.h"
#include "cd-story-editor-private.h"
#include "cd-syncer.h"
#include "cd-window-private.h"

struct _CdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  CdLibrary            *library;
  CdStory              *story;
  guint                 populate_id;
  SoupSession          *session;       /* for archiving; made on first use */
  GCancellable         *cancellable;
  GMenu                *story_menu;    /* the open story's archive item */

  /* Template children */
  AdwLeaflet           *leaflet;
  AdwFlap              *flap;
  CdStatusSidebar      *sidebar;
  GtkToggleButton      *panel_button;
  GtkWidget            *photo_pane;
  CdPhotoPanel         *photo_panel;
  GtkStack             *content_stack;
  CdStoryEditor        *editor;
  AdwToastOverlay      *toast_overlay;
  GtkInfoBar           *recovery_bar;
  GtkLabel             *recovery_label;
  GtkMenuButton        *story_menu_button;
};

G_DEFINE_FINAL_TYPE (CdWindow, cd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LIBRARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How many search results the sidebar lists; a search is for finding one
 * story, and the best matches come first.
 */
#define SEARCH_LIMIT 500

static void
save_window_state (CdWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static void
restore_window_state (CdWindow *self)
{
  int width, height;

  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}


static void
show_error (CdWindow     *self,
            const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_counts (CdWindow *self)
{
  cd_status_sidebar_set_count (self->sidebar, CD_STATUS_SIDEBAR_ALL,
                               cd_library_get_total (self->library));
  for (guint status = 0; status < CD_N_STATUSES; status++)
    cd_status_sidebar_set_count (self->sidebar, status,
                                 cd_library_get_count (self->library, status));
}

static gboolean
summary_matches_filter (gpointer item,
                        gpointer user_data)
{
  return cd_story_summary_get_status (item) == (CdStatus) GPOINTER_TO_INT (user_data);
}

static void
update_sidebar_model (CdWindow *self)
{
  const char *search = cd_status_sidebar_get_search_text (self->sidebar);
  int filter = cd_status_sidebar_get_filter (self->sidebar);
  g_autoptr(GListModel) model = NULL;

  if (search != NULL && *search != '\0')
    {
      g_autoptr(GError) error = NULL;
      GListModel *results = cd_library_search (self->library, search, SEARCH_LIMIT, &error);

      if (results == NULL)
        {
          g_debug ("Search “%s” failed: %s", search, error->message);
          results = G_LIST_MODEL (g_list_store_new (CD_TYPE_STORY_SUMMARY));
        }

      if (filter != CD_STATUS_SIDEBAR_ALL)
        {
          GtkFilter *by_status = GTK_FILTER (gtk_custom_filter_new (summary_matches_filter,
                                                                   GINT_TO_POINTER (filter),
                                                                   NULL));
          model = G_LIST_MODEL (gtk_filter_list_model_new (results, by_status));
        }
      else
        model = results;
    }
  else if (filter != CD_STATUS_SIDEBAR_ALL)
    model = g_object_ref (cd_library_get_stories_by_status (self->library, filter));
  else
    model = g_object_ref (cd_library_get_stories (self->library));

  cd_status_sidebar_set_model (self->sidebar, model);
}

/* The open story's menu offers archiving only when it can apply. */
static void
update_story_menu (CdWindow *self)
{
  CdStatus status = self->story != NULL ? cd_story_get_status (self->story) : CD_STATUS_DRAFT;
  g_autoptr(GMenuItem) item = NULL;

  g_menu_remove_all (self->story_menu);
  if (status == CD_STATUS_PUBLISHED)
    item = g_menu_item_new (_("_Archive Story…"), NULL);
  else if (status == CD_STATUS_ARCHIVED)
    item = g_menu_item_new (_("_Unarchive Story"), NULL);

  if (item != NULL)
    {
      g_menu_item_set_action_and_target_value (item,
                                               status == CD_STATUS_PUBLISHED
                                               ? "win.archive-story" : "win.unarchive-story",
                                               g_variant_new_string (cd_story_get_id (self->story)));
      g_menu_append_item (self->story_menu, item);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->story_menu_button), item != NULL);
}

/* Folded, the editor slides in. Side by side, AdwLeaflet would still move
 * the focus into the editor; someone walking the sidebar with the keyboard
 * (arrows, then Menu for a row's menu) keeps their place instead. */
static void
navigate_to_content (CdWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  g_autoptr(GtkWidget) keep = NULL;

  if (!adw_leaflet_get_folded (self->leaflet) && focus != NULL &&
      gtk_widget_is_ancestor (focus, GTK_WIDGET (self->sidebar)))
    keep = g_object_ref (focus);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);

  if (keep != NULL && gtk_widget_get_root (keep) == GTK_ROOT (self))
    gtk_widget_grab_focus (keep);
}

static void
show_story (CdWindow *self,
            CdStory  *story)
{
  if (!g_set_object (&self->story, story))
    return;

  cd_photo_panel_set_story (self->photo_panel, story);
  cd_story_editor_set_story (self->editor, story);
  gtk_stack_set_visible_child_name (self->content_stack, story ? "editor" : "empty");
  g_settings_set_string (self->settings, "last-story", story ? cd_story_get_id (story) : "");
  if (story != NULL)
    navigate_to_content (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-story", story != NULL);
  update_story_menu (self);
}

static void
open_story (CdWindow   *self,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = NULL;

  story = cd_library_load_story (self->library, id, &error);
  if (story == NULL)
    {
      show_error (self, error);
      return;
    }

  show_story (self, story);

  /* The site's copy changed since the last push: ask what to keep. */
  if (cd_story_get_status (story) == CD_STATUS_CONFLICT)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.resolve-conflict", "s", id);
}

static void
on_sidebar_story_selected_cb (CdWindow   *self,
                              const char *id)
{
  open_story (self, id);
}

static void
on_sidebar_query_changed_cb (CdWindow *self)
{
  update_sidebar_model (self);
}

static void
on_library_counts_changed_cb (CdWindow *self)
{
  update_counts (self);
  update_story_menu (self);
}

static void
on_library_save_failed_cb (CdWindow     *self,
                           CdStory      *story,
                           const GError *error)
{
  /* The edit stays pending and is written on the next change or flush;
   * the editor must know the disk did not take it. */
  show_error (self, error);
}

/* Archiving: the window builds an archiver for the default account per
 * action, so it owns nothing past the run.
 */

/* How many titles the preview lists before "and N more". */
#define PREVIEW_TITLES 10

typedef enum
{
  ARCHIVE_STORIES,    /* the given ids, after a preview */
  ARCHIVE_OLD,        /* the policy's pieces, after a preview */
  ARCHIVE_POLICY,     /* the policy's pieces, no preview: the setting is consent */
  UNARCHIVE_STORIES,  /* the given ids, at once: it undoes an archive */
} ArchiveMode;

typedef struct
{
  CdWindow    *self;
  ArchiveMode  mode;
  GStrv        ids;
  CdArchiver  *archiver;
  AdwToast    *progress_toast;
} ArchiveRun;

static void
archive_run_free (ArchiveRun *run)
{
  if (run->progress_toast != NULL)
    adw_toast_dismiss (run->progress_toast);
  g_clear_object (&run->progress_toast);
  g_clear_object (&run->archiver);
  g_clear_pointer (&run->ids, g_strfreev);
  g_clear_object (&run->self);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ArchiveRun, archive_run_free)

static void
show_toast (CdWindow   *self,
            const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* The published pieces among @ids, for the preview; others (drafts,
 * archived ones, ids the library lacks) are left out. */
static GPtrArray *
list_pieces (CdWindow           *self,
             const char * const *ids)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_archive_piece_free);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(CdStory) story = cd_library_load_story (self->library, ids[i], NULL);
      CdArchivePiece *piece;
      GDateTime *published;

      if (story == NULL || cd_story_get_status (story) != CD_STATUS_PUBLISHED)
        continue;

      piece = g_new0 (CdArchivePiece, 1);
      piece->story_id = g_strdup (ids[i]);
      piece->title = g_strdup (cd_story_get_headline (story));
      published = cd_story_get_first_published (story);
      piece->published = published != NULL ? g_date_time_ref (published) : NULL;
      g_ptr_array_add (pieces, piece);
    }

  return pieces;
}

static char *
describe_pieces (GPtrArray *pieces)
{
  GString *text = g_string_new (NULL);
  guint shown = MIN (pieces->len, PREVIEW_TITLES);

  for (guint i = 0; i < shown; i++)
    {
      CdArchivePiece *piece = g_ptr_array_index (pieces, i);
      const char *title = piece->title != NULL && *piece->title != '\0'
                          ? piece->title : _("Untitled");

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (piece->published != NULL)
        {
          g_autofree char *date = g_date_time_format (piece->published, "%x");

          /* Translators: one line of the archive preview: a date, then a headline */
          g_string_append_printf (text, _("%1$s — %2$s"), date, title);
        }
      else
        g_string_append (text, title);
    }

  if (pieces->len > shown)
    {
      guint more = pieces->len - shown;

      g_string_append_c (text, '\n');
      /* Translators: the last line of the archive preview when it lists
       * only the first pieces */
      g_string_append_printf (text, ngettext ("and %u more", "and %u more", more), more);
    }

  return g_string_free (text, FALSE);
}

static void
on_archiver_progress_cb (CdArchiver *archiver,
                         guint       done,
                         guint       total,
                         ArchiveRun *run)
{
  g_autofree char *title = NULL;

  if (run->progress_toast == NULL || total == 0)
    return;

  /* Translators: a progress toast; two counts */
  title = g_strdup_printf (_("Archiving: %1$u of %2$u"), done, total);
  adw_toast_set_title (run->progress_toast, title);
}

static void
report_archive_run (ArchiveRun            *run,
                    const CdArchiveReport *report)
{
  gboolean archive = run->mode != UNARCHIVE_STORIES;
  guint count = report->changed + report->unchanged;
  g_autofree char *text = NULL;

  if (archive)
    text = g_strdup_printf (ngettext ("Archived %u piece", "Archived %u pieces", count), count);
  else
    text = g_strdup_printf (ngettext ("Unarchived %u piece", "Unarchived %u pieces", count), count);

  if (report->failures->len > 0)
    {
      g_autofree char *first = g_strdup (g_ptr_array_index (report->failures, 0));
      g_autofree char *with_failures = NULL;
      guint failed = report->failed + report->skipped;
      AdwToast *toast;

      /* Translators: a toast; the first placeholder is "Archived 3 pieces",
       * the second a count, the third the first failure's reason */
      with_failures = g_strdup_printf (ngettext ("%1$s; %2$u failed: %3$s",
                                                 "%1$s; %2$u failed, first: %3$s",
                                                 failed),
                                       text, failed, first);
      toast = adw_toast_new (with_failures);
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (run->self->toast_overlay, toast);
      return;
    }

  show_toast (run->self, text);
}

static void
archive_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ArchiveRun) run = user_data;
  g_autoptr(CdArchiveReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (run->mode == UNARCHIVE_STORIES)
    report = cd_archiver_unarchive_finish (CD_ARCHIVER (object), result, &error);
  else
    report = cd_archiver_archive_finish (CD_ARCHIVER (object), result, &error);

  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (run->self, error);
      return;
    }

  report_archive_run (run, report);
}

static void
run_archive (ArchiveRun *run)
{
  CdWindow *self = run->self;

  run->progress_toast = g_object_ref_sink (adw_toast_new (run->mode == UNARCHIVE_STORIES
                                                          ? _("Unarchiving…")
                                                          : _("Archiving…")));
  adw_toast_set_timeout (run->progress_toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (run->progress_toast));
  if (run->mode != UNARCHIVE_STORIES)
    g_signal_connect (run->archiver, "progress", G_CALLBACK (on_archiver_progress_cb), run);

  if (run->mode == UNARCHIVE_STORIES)
    cd_archiver_unarchive_async (run->archiver, (const char * const *) run->ids,
                                 self->cancellable, archive_done_cb, run);
  else
    cd_archiver_archive_async (run->archiver, (const char * const *) run->ids,
                               self->cancellable, archive_done_cb, run);
}

static void
on_archive_preview_response_cb (AdwMessageDialog *dialog,
                                const char       *response,
                                ArchiveRun       *run)
{
  if (g_strcmp0 (response, "archive") == 0)
    run_archive (run);
  else
    archive_run_free (run);
}

static void
preview_archive (ArchiveRun *run,
                 GPtrArray  *pieces)
{
  CdWindow *self = run->self;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  /* Translators: the archive preview's heading */
  heading = g_strdup_printf (ngettext ("Archive %u piece?", "Archive %u pieces?", pieces->len),
                             pieces->len);
  body = describe_pieces (pieces);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "archive", _("_Archive"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "archive", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_archive_preview_response_cb), run);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Lists the pieces (the given ones, or the policy's), then asks or runs. */
static void
preview_or_run (ArchiveRun *run_in)
{
  g_autoptr(ArchiveRun) run = run_in;
  CdWindow *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pieces = NULL;

  if (run->mode == ARCHIVE_STORIES)
    pieces = list_pieces (self, (const char * const *) run->ids);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) cutoff = NULL;

      cutoff = cd_archiver_get_cutoff (now, g_settings_get_int (self->settings, "archive-age"),
                                       g_settings_get_enum (self->settings, "archive-age-unit"));
      pieces = cd_archiver_preview (run->archiver, cutoff, &error);
      if (pieces == NULL)
        {
          show_error (self, error);
          return;
        }
    }

  /* Exactly what the preview lists is what gets archived. */
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; i < pieces->len; i++)
      g_strv_builder_add (builder, ((CdArchivePiece *) g_ptr_array_index (pieces, i))->story_id);
    g_clear_pointer (&run->ids, g_strfreev);
    run->ids = g_strv_builder_end (builder);
  }

  if (pieces->len == 0)
    {
      /* The automatic sweep says nothing when there is nothing to do. */
      if (run->mode != ARCHIVE_POLICY)
        show_toast (self, _("No pieces to archive"));
      return;
    }

  if (run->mode == ARCHIVE_POLICY)
    run_archive (g_steal_pointer (&run));
  else
    preview_archive (g_steal_pointer (&run), pieces);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CdSyncer) syncer = CD_SYNCER (object);
  g_autoptr(ArchiveRun) run = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_syncer_sync_finish (syncer, result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (run->self, error);
      return;
    }

  preview_or_run (g_steal_pointer (&run));
}

static void
archive_target_created_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(ArchiveRun) run = user_data;
  CdWindow *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTarget) target = NULL;
  g_autofree char *notice = NULL;

  target = cd_accounts_create_target_finish (result, &error);
  if (target == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  run->archiver = cd_archiver_new (self->library, target);
  notice = g_settings_get_string (self->settings, "archive-notice");
  cd_archiver_set_notice (run->archiver, notice);

  if (run->mode == UNARCHIVE_STORIES)
    run_archive (g_steal_pointer (&run));
  else if (run->mode == ARCHIVE_STORIES)
    preview_or_run (g_steal_pointer (&run));
  else
    {
      /* The policy covers what the site has published, which the library
       * learns by a sync, as "copydesk archive" does. */
      CdSyncer *syncer = cd_syncer_new (self->library, target);

      cd_syncer_sync_async (syncer, FALSE, self->cancellable, sync_done_cb,
                            g_steal_pointer (&run));
    }
}

static void
start_archive (CdWindow           *self,
               ArchiveMode         mode,
               const char * const *ids)
{
  ArchiveRun *run = g_new0 (ArchiveRun, 1);
  g_autofree char *account = g_settings_get_string (self->settings, "default-account");

  if (self->session == NULL)
    self->session = cd_http_session_new ();

  run->self = g_object_ref (self);
  run->mode = mode;
  run->ids = ids != NULL ? g_strdupv ((GStrv) ids) : NULL;

  /* The password, if the account needs one, comes from the keyring. */
  cd_accounts_create_target_async (self->settings, account, self->session, self->cancellable,
                                   archive_target_created_cb, run);
}

static void
archive_story_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *ids[] = { g_variant_get_string (parameter, NULL), NULL };

  start_archive (CD_WINDOW (widget), ARCHIVE_STORIES, ids);
}

static void
archive_stories_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  g_autofree const char **ids = g_variant_get_strv (parameter, NULL);

  start_archive (CD_WINDOW (widget), ARCHIVE_STORIES, ids);
}

static void
unarchive_story_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  const char *ids[] = { g_variant_get_string (parameter, NULL), NULL };

  start_archive (CD_WINDOW (widget), UNARCHIVE_STORIES, ids);
}

static void
archive_old_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  start_archive (CD_WINDOW (widget), ARCHIVE_OLD, NULL);
}

static void
new_story_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStory) story = NULL;

  story = cd_library_create_story (self->library, &error);
  if (story == NULL)
    {
      show_error (self, error);
      return;
    }

  show_story (self, story);
  cd_status_sidebar_select_story (self->sidebar, cd_story_get_id (story));
  /* A new story starts with its headline. */
  cd_story_editor_focus_headline (self->editor);
}

static void
save_story_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  cd_story_editor_flush (self->editor);
  if (!cd_library_flush (self->library, &error))
    show_error (self, error);
}

static void
on_editor_save_requested_cb (CdWindow      *self,
                             CdStory       *story,
                             CdStoryEditor *editor)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.save-story", NULL);
}

static void
on_editor_mark_ready_cb (CdWindow      *self,
                         CdStory       *story,
                         CdStoryEditor *editor)
{
  g_autoptr(GError) error = NULL;

  if (!cd_library_mark_ready (self->library, story, &error))
    show_error (self, error);
}

static void
restore_last_story (CdWindow *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "last-story");
  g_autoptr(CdStory) story = NULL;

  if (*id == '\0')
    return;

  /* A story deleted since is no error worth showing. */
  story = cd_library_load_story (self->library, id, NULL);
  if (story != NULL)
    {
      show_story (self, story);
      cd_status_sidebar_select_story (self->sidebar, id);
    }
}

static gboolean
populate_cb (gpointer user_data)
{
  CdWindow *self = user_data;

  self->populate_id = 0;
  update_sidebar_model (self);
  update_counts (self);

  /* A crash report may already have opened the story to go back to. */
  if (self->story != NULL)
    cd_status_sidebar_select_story (self->sidebar, cd_story_get_id (self->story));
  else
    restore_last_story (self);

  return G_SOURCE_REMOVE;
}

static void
cd_window_constructed (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  G_OBJECT_CLASS (cd_window_parent_class)->constructed (object);

  g_assert (CD_IS_LIBRARY (self->library));

  cd_photo_panel_set_library (self->photo_panel, self->library);
  g_signal_connect_object (self->library, "counts-changed",
                           G_CALLBACK (on_library_counts_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->library, "save-failed",
                           G_CALLBACK (on_library_save_failed_cb), self,
                           G_CONNECT_SWAPPED);
  /* Listing and counting grow with the library: do them once the window
   * is on screen, so a library of 100,000 stories opens as fast as an
   * empty one. */
  self->populate_id = g_idle_add_full (G_PRIORITY_LOW, populate_cb, self, NULL);
}

static void
on_recovery_bar_response_cb (CdWindow   *self,
                             int         response,
                             GtkInfoBar *bar)
{
  gtk_info_bar_set_revealed (bar, FALSE);
}

/* (transfer full): @time as the user reads a clock: the time alone today,
 * the date too on another day. */
static char *
format_saved_at (gint64 saved_at)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (saved_at / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("?");

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%X");

  return g_date_time_format (when, "%x %X");
}

static void
on_flap_reveal_notify_cb (CdWindow *self)
{
  /* A narrow window folds the panel away by itself; only the user's own
   * choice is remembered. */
  if (!adw_flap_get_folded (self->flap))
    g_settings_set_boolean (self->settings, "photo-panel-visible",
                            adw_flap_get_reveal_flap (self->flap));
}

static gboolean
cd_window_close_request (GtkWindow *window)
{
  CdWindow *self = CD_WINDOW (window);

  g_autoptr(GError) error = NULL;

  save_window_state (self);

  /* Whatever the editor holds goes to disk now, not a second later. */
  cd_story_editor_flush (self->editor);
  if (!cd_library_flush (self->library, &error))
    g_warning ("Could not save before closing: %s", error->message);

  return GTK_WINDOW_CLASS (cd_window_parent_class)->close_request (window);
}

static void
cd_window_dispose (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->story_menu);
  g_clear_handle_id (&self->populate_id, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_object (&self->story);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (cd_window_parent_class)->dispose (object);
}

static void
cd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CdWindow *self = CD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CdWindow *self = CD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_window_class_init (CdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cd_window_constructed;
  object_class->dispose = cd_window_dispose;
  object_class->get_property = cd_window_get_property;
  object_class->set_property = cd_window_set_property;
  window_class->close_request = cd_window_close_request;

  /**
   * CdWindow:library:
   *
   * The story library the window shows; the application owns it.
   */
  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL,
                         CD_TYPE_LIBRARY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "win.new-story", NULL, new_story_action);
  gtk_widget_class_install_action (widget_class, "win.save-story", NULL, save_story_action);
  gtk_widget_class_install_action (widget_class, "win.archive-story", "s", archive_story_action);
  gtk_widget_class_install_action (widget_class, "win.archive-stories", "as",
                                   archive_stories_action);
  gtk_widget_class_install_action (widget_class, "win.unarchive-story", "s",
                                   unarchive_story_action);
  gtk_widget_class_install_action (widget_class, "win.archive-old", NULL, archive_old_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.new-story", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-story", NULL);

  g_type_ensure (CD_TYPE_STATUS_SIDEBAR);
  g_type_ensure (CD_TYPE_STORY_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/cd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, panel_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, photo_pane);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, photo_panel);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, recovery_bar);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, story_menu_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_story_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_query_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_mark_ready_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_save_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_recovery_bar_response_cb);

  g_type_ensure (CD_TYPE_PHOTO_PANEL);
}

static void
cd_window_init (CdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.copydesk.Copydesk");
  self->cancellable = g_cancellable_new ();
  self->story_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->story_menu_button, G_MENU_MODEL (self->story_menu));
  restore_window_state (self);
  adw_flap_set_reveal_flap (self->flap,
                            g_settings_get_boolean (self->settings, "photo-panel-visible"));
  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (on_flap_reveal_notify_cb), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "photo-panel-width",
                   self->photo_pane, "width-request", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "credit-format",
                   self->photo_panel, "credit-format", G_SETTINGS_BIND_GET);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-story", FALSE);
}

/**
 * cd_window_new:
 * @application: the #CdApplication
 * @library: the story library to show
 *
 * Returns: (transfer full): a new main window
 */
CdWindow *
cd_window_new (CdApplication *application,
               CdLibrary     *library)
{
  g_return_val_if_fail (CD_IS_LIBRARY (library), NULL);

  return g_object_new (CD_TYPE_WINDOW,
                       "application", application,
                       "library", library,
                       NULL);
}

/**
 * cd_window_show_recovery:
 * @self: a #CdWindow
 * @story_id: (nullable): the story the crashed session saved last
 * @saved_at: when that save committed, µs since the epoch; 0 if @story_id is %NULL
 *
 * Tells the user that Copydesk did not close properly last time and how
 * far their work was saved, and reopens the story they were editing. The
 * same notice goes to the log, so that it can be read without a display.
 */
void
cd_window_show_recovery (CdWindow   *self,
                         const char *story_id,
                         gint64      saved_at)
{
  g_autoptr(CdStory) story = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (CD_IS_WINDOW (self));

  if (story_id == NULL)
    {
      gtk_label_set_text (self->recovery_label,
                          _("Copydesk did not close properly. It had saved no changes "
                            "in that session."));
      gtk_info_bar_set_revealed (self->recovery_bar, TRUE);
      g_message ("Recovered from an unclean exit: no save recorded");
      return;
    }

  time = format_saved_at (saved_at);
  story = cd_library_load_story (self->library, story_id, &error);
  if (story != NULL)
    {
      const char *headline = cd_story_get_headline (story);

      show_story (self, story);
      cd_status_sidebar_select_story (self->sidebar, story_id);
      text = g_strdup_printf (/* Translators: shown after a crash. %1$s is the time of
                               * the last save (e.g. 14:52:07), %2$s the headline of the
                               * story that was being edited, now open again. */
                              _("Copydesk did not close properly. Your work was saved up "
                                "to %1$s; “%2$s” is open where you left it."),
                              time, *headline != '\0' ? headline : _("Untitled Story"));
    }
  else
    {
      /* Deleted since, in another process: the time still holds. */
      g_debug ("Could not reopen story %s: %s", story_id, error->message);
      text = g_strdup_printf (/* Translators: shown after a crash. The placeholder is
                               * the time of the last save, e.g. 14:52:07. */
                              _("Copydesk did not close properly. Your work was saved "
                                "up to %s."),
                              time);
    }

  gtk_label_set_text (self->recovery_label, text);
  gtk_info_bar_set_revealed (self->recovery_bar, TRUE);
  g_message ("Recovered from an unclean exit: story %s saved at %" G_GINT64_FORMAT
             " (%s), %s", story_id, saved_at, time, story != NULL ? "reopened" : "not found");
}

GtkWidget *
_cd_window_get_sidebar (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->sidebar);
}

GtkWidget *
_cd_window_get_editor (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->editor);
}

GtkWidget *
_cd_window_get_photo_panel (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->photo_panel);
}

/**
 * _cd_window_archive_by_policy:
 * @self: a #CdWindow
 *
 * Archives the pieces older than the archive-age setting without asking:
 * turning the policy on was the consent. Reports with a toast.
 */
void
_cd_window_archive_by_policy (CdWindow *self)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  start_archive (self, ARCHIVE_POLICY, NULL);
}

CdStory *
_cd_window_get_story (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->story;
}

GtkInfoBar *
_cd_window_get_recovery_bar (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return self->recovery_bar;
}

const char *
_cd_window_get_recovery_text (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);

  return gtk_label_get_text (self->recovery_label);
}

/* For tests: whether the sidebar has its stories yet (see populate_cb). */
gboolean
_cd_window_get_populated (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  return self->populate_id == 0;
}
