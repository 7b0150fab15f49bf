/* cd-cli.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cd-cli.h"
#include "cd-cli-private.h"

/* The headless subcommands, a table per area, each ending in a NULL name.
 * None of them touches GTK, so they run without a display (from cron, a
 * systemd timer or a test).
 */
static const CdCliCommand *command_tables[] = {
  _cd_cli_library_commands,
  _cd_cli_publish_commands,
  _cd_cli_archive_commands,
  NULL
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: copydesk [OPTION…] [COMMAND [ARGUMENT…]]"));
  fprintf (stream, "\n%s\n", _("Without a command, Copydesk opens its window."));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint t = 0; command_tables[t] != NULL; t++)
    for (const CdCliCommand *c = command_tables[t]; c->name != NULL; c++)
      fprintf (stream, "  %-12s %s\n", c->name, _(c->summary));
  fprintf (stream, "\n%s\n", _("Run “copydesk COMMAND --help” for a command’s options."));
}

static const CdCliCommand *
find_command (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint t = 0; command_tables[t] != NULL; t++)
    for (const CdCliCommand *c = command_tables[t]; c->name != NULL; c++)
      if (g_str_equal (c->name, name))
        return c;

  return NULL;
}

void
_cd_cli_print_error (const char   *command,
                     const GError *error)
{
  g_assert (error != NULL);

  /* Translators: the first placeholder is a command name, e.g. "import",
   * the second an error message */
  g_printerr (_("copydesk %1$s: %2$s\n"), command, error->message);
}

gboolean
_cd_cli_parse_options (GOptionContext   *context,
                       int              *argc,
                       char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("copydesk: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * cd_cli_run:
 * @argc: number of arguments, the program name first
 * @argv: the arguments
 *
 * Runs the subcommand named by argv[1].
 *
 * Returns: the process exit status
 */
int
cd_cli_run (int    argc,
            char **argv)
{
  const CdCliCommand *command;

  g_return_val_if_fail (argc >= 2, 2);

  if (g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return 0;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    {
      /* Translators: the placeholder is what the user typed */
      g_printerr (_("copydesk: unknown command “%s”\n"), argv[1]);
      print_usage (stderr);
      return 2;
    }

  return command->func (argc - 1, argv + 1);
}
