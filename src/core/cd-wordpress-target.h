/* cd-wordpress-target.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "cd-target.h"

G_BEGIN_DECLS

#define CD_TYPE_WORDPRESS_TARGET (cd_wordpress_target_get_type ())

G_DECLARE_FINAL_TYPE (CdWordpressTarget, cd_wordpress_target, CD, WORDPRESS_TARGET, GObject)

CdWordpressTarget *cd_wordpress_target_new             (const char        *account,
                                                        const char        *url,
                                                        const char        *user,
                                                        const char        *password,
                                                        SoupSession       *session,
                                                        GError           **error);
const char        *cd_wordpress_target_get_url         (CdWordpressTarget *self);
const char        *cd_wordpress_target_get_user        (CdWordpressTarget *self);
void               cd_wordpress_target_set_max_parallel (CdWordpressTarget *self,
                                                        guint              max_parallel);
guint              cd_wordpress_target_get_request_count (CdWordpressTarget *self);

G_END_DECLS
