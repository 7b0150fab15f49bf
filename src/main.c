/* main.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CdApplication) app = NULL;
  const char *localedir;

  /* GLib prints debug and info messages on stdout: they would mix with a
   * command's output (`copydesk status --json | jq`). */
  g_log_writer_default_set_use_stderr (TRUE);

  setlocale (LC_ALL, "");
  /* The tests (and translators trying a catalog) point this at the build
   * tree's compiled catalogs, <builddir>/po; unset, the installed ones. */
  localedir = g_getenv ("COPYDESK_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = cd_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
