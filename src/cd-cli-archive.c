/* cd-cli-archive.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-accounts.h"
#include "cd-archiver.h"
#include "cd-cli-private.h"
#include "cd-http.h"
#include "cd-library.h"
#include "cd-syncer.h"

/* sync, archive and unarchive: for cron jobs and systemd timers. Progress
 * goes to stderr, results (the dry run's list, the summary) to stdout; the
 * exit status is 1 if any piece failed or was skipped (a cron job must not
 * pass over pieces left as they were), 2 for a usage error.
 */

static char *account_name;
static char *older_than;
static gboolean dry_run;
static gboolean full_sync;

static const GOptionEntry account_entries[] = {
  /* Translators: the placeholder in --help for an account's name */
  { "account", 0, 0, G_OPTION_ARG_STRING, &account_name,
    N_("Use the account NAME instead of the default one"), N_("NAME") },
  { NULL }
};

static const GOptionEntry sync_entries[] = {
  { "full", 0, 0, G_OPTION_ARG_NONE, &full_sync,
    N_("List every published piece, not only those changed since the last sync"), NULL },
  { NULL }
};

static const GOptionEntry archive_entries[] = {
  /* Translators: the placeholder in --help; keep 365d, 12m and 2y as they are */
  { "older-than", 0, 0, G_OPTION_ARG_STRING, &older_than,
    N_("Archive pieces first published more than AGE ago: 365d, 12m or 2y"), N_("AGE") },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
    N_("Only list the pieces that would be archived"), NULL },
  { NULL }
};

/* What one command holds while it runs. */
typedef struct
{
  const char   *command;
  CdLibrary    *library;
  GSettings    *settings;
  CdTarget     *target;
  GAsyncResult *result;
} Run;

static void
run_clear (Run *run)
{
  if (run->library != NULL)
    _cd_cli_close_library (run->command, run->library);
  g_clear_object (&run->library);
  g_clear_object (&run->settings);
  g_clear_object (&run->target);
  g_clear_object (&run->result);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static GOptionContext *
new_context (const char         *parameters,
             const char         *summary,
             const GOptionEntry *entries)
{
  GOptionContext *context = _cd_cli_new_context (parameters, summary);

  g_option_context_add_main_entries (context, account_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
}

/* (transfer full) */
static GAsyncResult *
wait_for_result (Run *run)
{
  while (run->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_steal_pointer (&run->result);
}

/* Opens the library and the account's target (the password from the
 * keyring); FALSE after printing why not.
 */
static gboolean
open_run (Run        *run,
          const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *name = NULL;

  run->command = command;
  run->library = _cd_cli_open_library (command);
  if (run->library == NULL)
    return FALSE;

  run->settings = g_settings_new ("io.github.copydesk.Copydesk");
  name = account_name != NULL ? g_strdup (account_name)
                              : g_settings_get_string (run->settings, "default-account");

  /* The password comes from the keyring, never from the command line. */
  session = cd_http_session_new ();
  cd_accounts_create_target_async (run->settings, name, session, NULL, result_cb, run);
  result = wait_for_result (run);
  run->target = cd_accounts_create_target_finish (result, &error);
  if (run->target == NULL)
    {
      _cd_cli_print_error (command, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
sync_account (Run         *run,
              gboolean     full,
              CdSyncStats *stats)
{
  g_autoptr(CdSyncer) syncer = cd_syncer_new (run->library, run->target);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Translators: progress; the placeholder is an account name */
  g_printerr (_("Listing the pieces published on “%s”…\n"), cd_target_get_account (run->target));
  cd_syncer_sync_async (syncer, full, NULL, result_cb, run);
  result = wait_for_result (run);
  if (!cd_syncer_sync_finish (syncer, result, stats, &error))
    {
      _cd_cli_print_error (run->command, error);
      return FALSE;
    }

  return TRUE;
}

static void
progress_cb (CdArchiver *archiver,
             guint       done,
             guint       total,
             const char *verb)
{
  if (total == 0)
    return;

  /* Translators: progress on the terminal; the placeholder is
   * "Archiving" or "Unarchiving", then two counts */
  g_printerr (_("%1$s: %2$u of %3$u\n"), verb, done, total);
}

static int
report_sweep (const CdArchiveReport *report,
              gboolean               archive)
{
  guint count = report->changed + report->unchanged;

  for (guint i = 0; i < report->failures->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (report->failures, i));

  if (archive)
    /* Translators: the summary of "copydesk archive"; each placeholder is a
     * count of pieces, labelled so that no word has to agree with a number;
     * "skipped" pieces were edited on the site meanwhile */
    g_print (_("Archived: %1$u, skipped (edited on the site): %2$u, failed: %3$u\n"),
             count, report->skipped, report->failed);
  else
    /* Translators: the summary of "copydesk unarchive"; each placeholder is
     * a count of pieces */
    g_print (_("Unarchived: %1$u, failed: %2$u\n"), count, report->failed + report->skipped);

  /* Why the exit status is 1, after the pieces' own reasons above. */
  if (archive && report->skipped > 0)
    /* Translators: on stderr after "copydesk archive"; the placeholder is a
     * count of pieces that someone edited on the site after they were listed */
    g_printerr (ngettext ("copydesk archive: %u piece was skipped: it was edited on the site "
                          "after it was listed\n",
                          "copydesk archive: %u pieces were skipped: they were edited on the site "
                          "after they were listed\n", report->skipped),
                report->skipped);
  if (archive && report->failed > 0)
    /* Translators: on stderr after "copydesk archive"; the placeholder is a
     * count of pieces, whose reasons are printed above this line */
    g_printerr (ngettext ("copydesk archive: %u piece could not be archived; "
                          "the reason is above\n",
                          "copydesk archive: %u pieces could not be archived; "
                          "the reasons are above\n", report->failed),
                report->failed);
  if (!archive && report->failed + report->skipped > 0)
    /* Translators: on stderr after "copydesk unarchive"; the placeholder is
     * a count of pieces, whose reasons are printed above this line */
    g_printerr (ngettext ("copydesk unarchive: %u piece could not be unarchived; "
                          "the reason is above\n",
                          "copydesk unarchive: %u pieces could not be unarchived; "
                          "the reasons are above\n", report->failed + report->skipped),
                report->failed + report->skipped);

  return report->failed > 0 || report->skipped > 0 ? 1 : 0;
}

static CdArchiver *
new_archiver (Run        *run,
              const char *verb)
{
  CdArchiver *archiver = cd_archiver_new (run->library, run->target);
  g_autofree char *notice = g_settings_get_string (run->settings, "archive-notice");

  cd_archiver_set_notice (archiver, notice);
  g_signal_connect (archiver, "progress", G_CALLBACK (progress_cb), (gpointer) verb);

  return archiver;
}

/* sync [--account NAME] [--full] */
static int
cli_sync (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(Run) run = { 0 };
  CdSyncStats stats = { 0 };

  context = new_context (NULL, _("Bring the pieces the account’s site has published into the library."),
                         sync_entries);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc > 1)
    {
      g_printerr ("%s\n", _("copydesk sync: takes no arguments"));
      return 2;
    }

  if (!open_run (&run, "sync") || !sync_account (&run, full_sync, &stats))
    return 1;

  /* Translators: the summary of "copydesk sync"; each placeholder is a count
   * of pieces, labelled so that no word has to agree with a number */
  g_print (_("Synced: %1$u (new: %2$u, updated: %3$u, local edits kept: %4$u)\n"),
           stats.listed, stats.added, stats.updated, stats.kept_local);

  return 0;
}

/* archive --older-than AGE [--account NAME] [--dry-run] */
static int
cli_archive (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) cutoff = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(CdArchiver) archiver = NULL;
  g_autoptr(CdArchiveReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(Run) run = { 0 };
  CdArchiveAgeUnit unit;
  guint age;

  context = new_context (NULL,
                         _("Sync the account, then mark its pieces published before the given age "
                           "archived: the archived notice at the top and the Archived tag."),
                         archive_entries);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc > 1 || older_than == NULL)
    {
      g_printerr ("%s\n", _("copydesk archive: name the age with --older-than, such as 365d"));
      return 2;
    }
  if (!cd_archiver_parse_age (older_than, &age, &unit, &error))
    {
      _cd_cli_print_error ("archive", error);
      return 2;
    }

  if (!open_run (&run, "archive") || !sync_account (&run, FALSE, NULL))
    return 1;

  archiver = new_archiver (&run, _("Archiving"));
  cutoff = cd_archiver_get_cutoff (now, age, unit);
  pieces = cd_archiver_preview (archiver, cutoff, &error);
  if (pieces == NULL)
    {
      _cd_cli_print_error ("archive", error);
      return 1;
    }

  if (dry_run)
    {
      for (guint i = 0; i < pieces->len; i++)
        {
          CdArchivePiece *piece = g_ptr_array_index (pieces, i);
          g_autofree char *date = g_date_time_format (piece->published, "%Y-%m-%d");

          g_print ("%s\t%s\t%s\n", date, piece->story_id, piece->title);
        }
      /* Translators: the dry run's last line, on stderr */
      g_printerr (ngettext ("%u piece would be archived\n", "%u pieces would be archived\n",
                            pieces->len),
                  pieces->len);
      return 0;
    }

  for (guint i = 0; i < pieces->len; i++)
    g_strv_builder_add (builder, ((CdArchivePiece *) g_ptr_array_index (pieces, i))->story_id);
  ids = g_strv_builder_end (builder);

  cd_archiver_archive_async (archiver, (const char * const *) ids, NULL, result_cb, &run);
  result = wait_for_result (&run);
  report = cd_archiver_archive_finish (archiver, result, &error);
  if (report == NULL)
    {
      _cd_cli_print_error ("archive", error);
      return 1;
    }

  return report_sweep (report, TRUE);
}

/* unarchive STORY… [--account NAME] */
static int
cli_unarchive (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdArchiver) archiver = NULL;
  g_autoptr(CdArchiveReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(Run) run = { 0 };

  /* Translators: the placeholder in --help for story ids */
  context = new_context (_("STORY…"),
                         _("Remove the archived notice and the Archived tag from the stories, "
                           "restoring each one as it was."),
                         NULL);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      g_printerr ("%s\n", _("copydesk unarchive: name at least one story"));
      return 2;
    }

  if (!open_run (&run, "unarchive"))
    return 1;

  archiver = new_archiver (&run, _("Unarchiving"));
  cd_archiver_unarchive_async (archiver, (const char * const *) argv + 1, NULL, result_cb, &run);
  result = wait_for_result (&run);
  report = cd_archiver_unarchive_finish (archiver, result, &error);
  if (report == NULL)
    {
      _cd_cli_print_error ("unarchive", error);
      return 1;
    }

  return report_sweep (report, FALSE);
}

const CdCliCommand _cd_cli_archive_commands[] = {
  { "archive", N_("Mark old published pieces archived"), cli_archive },
  { "sync", N_("Bring the site’s published pieces into the library"), cli_sync },
  { "unarchive", N_("Undo archiving of stories"), cli_unarchive },
  { NULL, NULL, NULL }
};
