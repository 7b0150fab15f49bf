/* cd-cli-private.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cd-library.h"

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

/* The command tables, one per area (cd-cli-library.c, …) */
extern const CdCliCommand _cd_cli_library_commands[];
extern const CdCliCommand _cd_cli_publish_commands[];
extern const CdCliCommand _cd_cli_archive_commands[];

void     _cd_cli_print_error    (const char  *command,
                                 const GError *error);
gboolean _cd_cli_parse_options  (GOptionContext *context,
                                 int            *argc,
                                 char         ***argv);

/* Shared by the commands that work on a library (--library PATH) */
GOptionContext *_cd_cli_new_context   (const char *parameters,
                                       const char *summary);
CdLibrary      *_cd_cli_open_library  (const char *command);
gboolean        _cd_cli_close_library (const char *command,
                                       CdLibrary  *library);
CdStory        *_cd_cli_load_story    (const char *command,
                                       CdLibrary  *library,
                                       const char *id);

G_END_DECLS
