/* cd-types.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CdLink          CdLink;
typedef struct _CdRemote        CdRemote;
typedef struct _CdPhoto         CdPhoto;
typedef struct _CdStory         CdStory;
typedef struct _CdStorySummary  CdStorySummary;
typedef struct _CdLibrary       CdLibrary;
typedef struct _CdTarget        CdTarget;
typedef struct _CdPublisher     CdPublisher;
typedef struct _CdArchiver      CdArchiver;

G_END_DECLS
