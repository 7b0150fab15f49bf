/* cd-cli-publish.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "cd-accounts.h"
#include "cd-cli-private.h"
#include "cd-http.h"
#include "cd-library.h"
#include "cd-publisher.h"
#include "cd-status.h"

/* The publishing commands: account add, list and test; push; status.
 * Progress goes to stderr, results to stdout; a password is read from
 * stdin and never echoed, printed or written anywhere but the keyring.
 */

/* The command line waits this long for retries before it leaves the rest
 * pending for the next run, and never longer than this for one retry.
 */
#define PUSH_MAX_WAIT_MS    (30 * 1000)
#define PUSH_MAX_RETRY_MS   (10 * 1000)

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
waited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

/* Runs the main loop until the async call started with waited_cb returns. */
static GAsyncResult *
wait_for (Waiter *waiter)
{
  if (waiter->result == NULL)
    g_main_loop_run (waiter->loop);

  return waiter->result;
}

static void
waiter_clear (Waiter *waiter)
{
  g_clear_object (&waiter->result);
}

static GSettings *
new_settings (void)
{
  return g_settings_new (APP_ID);
}

static GOptionContext *
new_context (const char         *parameters,
             const char         *summary,
             const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

/* Reads one line from stdin, without echo when it is a terminal. */
static char *
read_password (void)
{
  g_autoptr(GString) line = g_string_new (NULL);
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  int c;

  if (tty)
    {
      g_printerr ("%s", _("Application password: "));
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* account add NAME --url URL --user USER | --type local [--folder DIR] */
static int
account_add (int    argc,
             char **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *type_name = NULL;
  g_autofree char *folder = NULL;
  gboolean make_default = FALSE;
  const GOptionEntry entries[] = {
    /* Translators: --help text; "type" is "wordpress" or "local" */
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_name, N_("“wordpress” (the default) or “local”"), N_("TYPE") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The WordPress site’s address"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("The WordPress user name"), N_("USER") },
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder, N_("The folder a local account publishes into"), N_("DIR") },
    { "default", 0, 0, G_OPTION_ARG_NONE, &make_default, N_("Make it the default account"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(GError) error = NULL;
  CdAccountType type = CD_ACCOUNT_TYPE_WORDPRESS;

  context = new_context (_("NAME"),
                         _("Add a publishing account. A WordPress account’s application password "
                           "is read from standard input and saved in the keyring."),
                         entries);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("copydesk account add: name one account"));
      return 2;
    }
  if (type_name != NULL && g_str_equal (type_name, "local"))
    type = CD_ACCOUNT_TYPE_LOCAL;
  else if (type_name != NULL && !g_str_equal (type_name, "wordpress"))
    {
      /* Translators: the placeholder is what the user typed */
      g_printerr (_("copydesk account add: unknown account type “%s”\n"), type_name);
      return 2;
    }

  if (type == CD_ACCOUNT_TYPE_LOCAL)
    {
      g_autofree char *absolute = folder != NULL ? g_canonicalize_filename (folder, NULL) : NULL;

      if (!cd_accounts_add (settings, argv[1], type, absolute, NULL, &error))
        goto failed;
    }
  else
    {
      g_autofree char *password = NULL;
      Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };
      gboolean stored;

      if (!cd_accounts_add (settings, argv[1], type, url, user, &error))
        goto failed;

      password = read_password ();
      if (*password == '\0')
        {
          g_main_loop_unref (waiter.loop);
          g_printerr ("%s\n", _("copydesk account add: no password on standard input"));
          return 1;
        }
      cd_accounts_store_password_async (settings, argv[1], password, NULL, waited_cb, &waiter);
      stored = cd_accounts_store_password_finish (wait_for (&waiter), &error);
      waiter_clear (&waiter);
      g_main_loop_unref (waiter.loop);
      if (!stored)
        goto failed;
    }

  if (make_default)
    g_settings_set_string (settings, "default-account", argv[1]);
  g_settings_sync ();

  return 0;

failed:
  _cd_cli_print_error ("account add", error);
  return 1;
}

/* account list */
static int
account_list (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *default_name = NULL;
  g_auto(GStrv) names = NULL;

  context = new_context (NULL, _("List the publishing accounts."), NULL);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;

  default_name = g_settings_get_string (settings, "default-account");
  names = cd_accounts_list (settings);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GSettings) account = cd_accounts_get_account_settings (settings, names[i]);
      g_autofree char *where = NULL;
      g_autofree char *label = NULL;
      gboolean is_default = g_str_equal (names[i], default_name);

      if (g_settings_get_enum (account, "type") == CD_ACCOUNT_TYPE_WORDPRESS)
        {
          g_autofree char *url = g_settings_get_string (account, "url");
          g_autofree char *user = g_settings_get_string (account, "user");

          /* Translators: a WordPress account in "account list": user name and site address */
          where = g_strdup_printf (_("WordPress, %1$s at %2$s"), user, url);
        }
      else
        {
          g_autofree char *folder = g_settings_get_string (account, "folder");

          /* Translators: a local account in "account list"; the placeholder is a folder */
          where = *folder != '\0' ? g_strdup_printf (_("local folder %s"), folder)
                                  : g_strdup (_("local folder (the default one)"));
        }

      /* Translators: an account name in "account list", marked as the default one */
      label = is_default ? g_strdup_printf (_("%s (default)"), names[i]) : g_strdup (names[i]);
      g_print ("%s\t%s\n", label, where);
    }

  return 0;
}

/* account test NAME */
static int
account_test (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SoupSession) session = cd_http_session_new ();
  g_autoptr(CdTarget) target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reached = NULL;
  Waiter waiter = { NULL, NULL };
  int status = 0;

  context = new_context (_("NAME"), _("Check that an account’s site accepts its password."), NULL);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("copydesk account test: name one account"));
      return 2;
    }

  waiter.loop = g_main_loop_new (NULL, FALSE);
  cd_accounts_create_target_async (settings, argv[1], session, NULL, waited_cb, &waiter);
  target = cd_accounts_create_target_finish (wait_for (&waiter), &error);
  waiter_clear (&waiter);
  if (target != NULL)
    {
      cd_target_test_connection_async (target, NULL, waited_cb, &waiter);
      reached = cd_target_test_connection_finish (target, wait_for (&waiter), &error);
      waiter_clear (&waiter);
    }
  g_main_loop_unref (waiter.loop);

  if (reached == NULL)
    {
      _cd_cli_print_error ("account test", error);
      status = 1;
    }
  else
    {
      g_print ("%s\n", reached);
    }

  return status;
}

static const CdCliCommand account_commands[] = {
  { "add", N_("Add a publishing account"), account_add },
  { "list", N_("List the publishing accounts"), account_list },
  { "test", N_("Check an account’s connection and password"), account_test },
  { NULL, NULL, NULL }
};

/* account add|list|test … */
static int
cli_account (int    argc,
                 char **argv)
{
  if (argc >= 2)
    for (guint i = 0; account_commands[i].name != NULL; i++)
      if (g_str_equal (argv[1], account_commands[i].name))
        return account_commands[i].func (argc - 1, argv + 1);

  g_printerr ("%s\n", _("Usage: copydesk account add|list|test …"));
  for (guint i = 0; account_commands[i].name != NULL; i++)
    g_printerr ("  %-6s %s\n", account_commands[i].name, _(account_commands[i].summary));

  return 2;
}

/* push */

typedef struct
{
  CdLibrary   *library;
  GHashTable  *targets;   /* account -> CdTarget */
  GHashTable  *errors;    /* account -> GError */
  GHashTable  *wanted;    /* story ids asked for */
} PushRun;

static CdTarget *
push_target_cb (const char  *account,
                gpointer     user_data,
                GError     **error)
{
  PushRun *run = user_data;

  return cd_accounts_pick_target (run->targets, run->errors, account, error);
}

static char *
story_headline (CdLibrary  *library,
                const char *story_id)
{
  g_autoptr(CdStory) story = cd_library_load_story (library, story_id, NULL);

  if (story == NULL || *cd_story_get_headline (story) == '\0')
    return g_strdup (story_id);

  return g_strdup (cd_story_get_headline (story));
}

static void
on_story_started_cb (CdPublisher *publisher,
                     const char  *story_id,
                     PushRun     *run)
{
  g_autofree char *headline = story_headline (run->library, story_id);

  /* Translators: progress of "copydesk push"; the placeholder is a headline */
  g_printerr (_("Pushing “%s”…\n"), headline);
}

static void
on_story_finished_cb (CdPublisher  *publisher,
                      const char   *story_id,
                      const GError *error,
                      PushRun      *run)
{
  g_autoptr(CdStory) story = cd_library_load_story (run->library, story_id, NULL);
  g_autofree char *headline = story_headline (run->library, story_id);

  if (error == NULL)
    {
      GPtrArray *remotes = story != NULL ? cd_story_get_remotes (story) : NULL;
      const char *link = NULL;

      for (guint i = 0; remotes != NULL && i < remotes->len && link == NULL; i++)
        link = ((CdRemote *) g_ptr_array_index (remotes, i))->link;
      /* Translators: the placeholder is the published story's address */
      g_printerr (_("Published: %s\n"), link != NULL ? link : headline);
    }
  else if (story != NULL && cd_story_get_status (story) == CD_STATUS_CONFLICT)
    {
      /* Translators: the first placeholder is a headline, the second the reason */
      g_printerr (_("Conflict: “%1$s”: %2$s\n"), headline, error->message);
    }
  else
    {
      /* Translators: the first placeholder is a headline, the second the reason */
      g_printerr (_("Failed: “%1$s”: %2$s\n"), headline, error->message);
    }
}

/* Queues @id for a push to @account, as Mark as Ready would. */
static gboolean
queue_story (CdLibrary   *library,
             const char  *id,
             const char  *account,
             GError     **error)
{
  g_autoptr(CdStory) story = cd_library_load_story (library, id, error);

  if (story == NULL)
    return FALSE;

  switch (cd_story_get_status (story))
    {
    case CD_STATUS_DRAFT:
    case CD_STATUS_PUBLISHED:
      return cd_library_mark_ready (library, story, error);

    case CD_STATUS_READY:
    case CD_STATUS_FAILED:
      return cd_library_set_status_and_enqueue (library, story, CD_STATUS_QUEUED, account,
                                                CD_OUTBOX_KIND_PUSH, error) != 0;

    case CD_STATUS_QUEUED:
    case CD_STATUS_PUSHING:
      return cd_library_enqueue (library, id, account, CD_OUTBOX_KIND_PUSH, error) != 0;

    case CD_STATUS_CONFLICT:
      g_set_error_literal (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_CONFLICT,
                           _("The post changed on the site since the last push; "
                             "choose Overwrite or Keep Theirs in Copydesk"));
      return FALSE;

    case CD_STATUS_ARCHIVED:
    default:
      g_set_error_literal (error, CD_LIBRARY_ERROR, CD_LIBRARY_ERROR_NOT_READY,
                           _("The story is archived; unarchive it first"));
      return FALSE;
    }
}

/* Every account some due push entry needs, and @account. */
static GPtrArray *
accounts_to_resolve (CdLibrary  *library,
                     const char *account)
{
  g_autoptr(GPtrArray) entries = cd_library_list_due (library, G_MAXINT64, 0, NULL);
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (accounts, g_strdup (account));
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      CdOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->kind == CD_OUTBOX_KIND_PUSH &&
          !g_ptr_array_find_with_equal_func (accounts, entry->account, g_str_equal, NULL))
        g_ptr_array_add (accounts, g_strdup (entry->account));
    }

  return accounts;
}

static void
resolve_targets (PushRun     *run,
                 GSettings   *settings,
                 SoupSession *session,
                 GPtrArray   *accounts)
{
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };

  for (guint i = 0; i < accounts->len; i++)
    {
      const char *name = g_ptr_array_index (accounts, i);
      g_autoptr(GError) error = NULL;
      CdTarget *target;

      cd_accounts_create_target_async (settings, name, session, NULL, waited_cb, &waiter);
      target = cd_accounts_create_target_finish (wait_for (&waiter), &error);
      waiter_clear (&waiter);
      if (target != NULL)
        g_hash_table_insert (run->targets, g_strdup (name), target);
      else
        g_hash_table_insert (run->errors, g_strdup (name), g_steal_pointer (&error));
    }

  g_main_loop_unref (waiter.loop);
}

static int
cli_push (int    argc,
          char **argv)
{
  g_autofree char *account = NULL;
  gboolean all_ready = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account,
      N_("Push to this account instead of the default one"), N_("NAME") },
    { "all-ready", 0, 0, G_OPTION_ARG_NONE, &all_ready, N_("Push every story that is Ready"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SoupSession) session = cd_http_session_new ();
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(CdPublisher) publisher = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL, NULL };
  PushRun run = { 0 };
  GHashTableIter iter;
  gpointer key;
  guint published = 0, failed = 0, waiting = 0, refused = 0;

  context = _cd_cli_new_context (_("[STORY…]"),
                                 _("Push stories to an account: the named ones (after the "
                                   "readiness checklist) or, with --all-ready, every Ready one; "
                                   "then whatever else the outbox holds."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;
  if (all_ready == (argc > 1))
    {
      g_printerr ("%s\n", _("copydesk push: name stories or give --all-ready"));
      return 2;
    }

  library = _cd_cli_open_library ("push");
  if (library == NULL)
    return 1;
  if (account == NULL)
    account = g_settings_get_string (settings, "default-account");
  cd_library_set_default_account (library, account);

  run.library = library;
  run.targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  run.errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_error_free);
  run.wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (all_ready)
    {
      GListModel *ready = cd_library_get_stories_by_status (library, CD_STATUS_READY);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < g_list_model_get_n_items (ready); i++)
        {
          g_autoptr(CdStorySummary) summary = g_list_model_get_item (ready, i);

          g_ptr_array_add (ids, g_strdup (cd_story_summary_get_id (summary)));
        }
      for (guint i = 0; i < ids->len; i++)
        g_hash_table_add (run.wanted, g_strdup (g_ptr_array_index (ids, i)));
    }
  for (int i = 1; i < argc; i++)
    g_hash_table_add (run.wanted, g_strdup (argv[i]));

  g_hash_table_iter_init (&iter, run.wanted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_clear_error (&error);
      if (!queue_story (library, key, account, &error))
        {
          g_autofree char *headline = story_headline (library, key);

          /* Translators: the first placeholder is a headline, the second the reason (maybe several lines) */
          g_printerr (_("Not pushed: “%1$s”: %2$s\n"), headline, error->message);
          refused++;
          g_hash_table_iter_remove (&iter);
        }
    }

  accounts = accounts_to_resolve (library, account);
  resolve_targets (&run, settings, session, accounts);

  publisher = cd_publisher_new (library, push_target_cb, &run, NULL);
  cd_publisher_set_max_retry_delay (publisher, PUSH_MAX_RETRY_MS);
  cd_publisher_set_credit_format (publisher, g_settings_get_enum (settings, "credit-format"));
  g_signal_connect (publisher, "story-started", G_CALLBACK (on_story_started_cb), &run);
  g_signal_connect (publisher, "story-finished", G_CALLBACK (on_story_finished_cb), &run);

  waiter.loop = g_main_loop_new (NULL, FALSE);
  cd_publisher_run_until_idle_async (publisher, PUSH_MAX_WAIT_MS, NULL, waited_cb, &waiter);
  if (!cd_publisher_run_until_idle_finish (publisher, wait_for (&waiter), &error))
    _cd_cli_print_error ("push", error);
  waiter_clear (&waiter);
  g_main_loop_unref (waiter.loop);
  g_clear_object (&publisher);

  g_hash_table_iter_init (&iter, run.wanted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(CdStory) story = cd_library_load_story (library, key, NULL);
      CdStatus status = story != NULL ? cd_story_get_status (story) : CD_STATUS_FAILED;

      if (status == CD_STATUS_PUBLISHED)
        published++;
      else if (status == CD_STATUS_QUEUED || status == CD_STATUS_READY ||
               status == CD_STATUS_PUSHING)
        waiting++;
      else
        failed++;
    }

  /* Translators: the summary of "copydesk push"; each placeholder is a count
   * of stories. Labelled counts, so that no word has to agree with a number. */
  g_printerr (_("Published: %1$u, failed: %2$u, still waiting: %3$u, refused: %4$u\n"),
              published, failed, waiting, refused);

  g_hash_table_unref (run.targets);
  g_hash_table_unref (run.errors);
  g_hash_table_unref (run.wanted);

  if (!_cd_cli_close_library ("push", library))
    return 1;

  return failed + waiting + refused > 0 ? 1 : 0;
}

/* status [--json] */

static const CdRemote *
first_remote_with_link (CdStory *story)
{
  GPtrArray *remotes = cd_story_get_remotes (story);

  for (guint i = 0; i < remotes->len; i++)
    {
      const CdRemote *remote = g_ptr_array_index (remotes, i);

      if (remote->link != NULL)
        return remote;
    }

  return NULL;
}

static int
cli_status (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CdLibrary) library = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *stories;

  context = _cd_cli_new_context (NULL, _("Show each story’s state, published address and last "
                                         "error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!_cd_cli_parse_options (context, &argc, &argv))
    return 2;

  library = _cd_cli_open_library ("status");
  if (library == NULL)
    return 1;

  stories = cd_library_get_stories (library);
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (stories); i++)
    {
      g_autoptr(CdStorySummary) summary = g_list_model_get_item (stories, i);
      g_autoptr(CdStory) story = cd_library_load_story (library, cd_story_summary_get_id (summary), NULL);
      const CdRemote *remote = story != NULL ? first_remote_with_link (story) : NULL;
      const char *last_error = cd_story_summary_get_last_error (summary);
      CdStatus status = cd_story_summary_get_status (summary);

      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, cd_story_summary_get_id (summary));
          json_builder_set_member_name (builder, "headline");
          json_builder_add_string_value (builder, cd_story_summary_get_headline (summary));
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, cd_status_to_string (status));
          json_builder_set_member_name (builder, "link");
          if (remote != NULL)
            json_builder_add_string_value (builder, remote->link);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "last_error");
          if (last_error != NULL)
            json_builder_add_string_value (builder, last_error);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      else
        {
          g_print ("%s\t%s\t%s\t%s\t%s\n", cd_story_summary_get_id (summary),
                   cd_status_get_label (status), cd_story_summary_get_headline (summary),
                   remote != NULL ? remote->link : "-", last_error != NULL ? last_error : "");
        }
    }
  json_builder_end_array (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *text = json_to_string (root, TRUE);

      g_print ("%s\n", text);
    }

  return 0;
}

const CdCliCommand _cd_cli_publish_commands[] = {
  { "account", N_("Add, list or test publishing accounts"), cli_account },
  { "push", N_("Push stories to WordPress or the local folder"), cli_push },
  { "status", N_("Show where each story stands"), cli_status },
  { NULL, NULL, NULL }
};
