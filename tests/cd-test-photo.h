/* cd-test-photo.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char   *cd_test_photo_make_dir         (void);
void    cd_test_photo_remove_dir       (const char         *dir);
GBytes *cd_test_photo_jpeg_bytes       (void);
char   *cd_test_photo_write_jpeg       (const char         *dir,
                                        const char         *name);
void    cd_test_photo_set_tags         (const char         *path,
                                        ...) G_GNUC_NULL_TERMINATED;
void    cd_test_photo_set_tag_multiple (const char         *path,
                                        const char         *tag,
                                        const char * const *values);

G_END_DECLS
