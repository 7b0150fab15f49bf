/* cd-cli-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each subcommand gets argv starting at its own name and returns the
 * process's exit status. Errors go to stderr, results to stdout.
 */
typedef int (*CdCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char       *name;
  const char       *summary;  /* marked with N_() */
  CdCliCommandFunc  func;
} CdCliCommand;

void     _cd_cli_print_error    (const char  *command,
                                 const GError *error);
gboolean _cd_cli_parse_options  (GOptionContext *context,
                                 int            *argc,
                                 char         ***argv);

G_END_DECLS
