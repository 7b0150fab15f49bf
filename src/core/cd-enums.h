/* cd-enums.h
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * CdStatus:
 * @CD_STATUS_DRAFT: being written
 * @CD_STATUS_READY: passed the readiness checklist, waiting for the outbox
 * @CD_STATUS_QUEUED: in the outbox, waiting for the publisher
 * @CD_STATUS_PUSHING: the publisher is sending it
 * @CD_STATUS_PUBLISHED: live on the target
 * @CD_STATUS_FAILED: the last push failed; see the story's last error
 * @CD_STATUS_CONFLICT: changed on the server since our last push
 * @CD_STATUS_ARCHIVED: published and stamped with the archived notice
 *
 * Where a story stands in the newsroom's workflow. The allowed transitions
 * between these are defined once, in cd-status.c.
 */
typedef enum
{
  CD_STATUS_DRAFT,
  CD_STATUS_READY,
  CD_STATUS_QUEUED,
  CD_STATUS_PUSHING,
  CD_STATUS_PUBLISHED,
  CD_STATUS_FAILED,
  CD_STATUS_CONFLICT,
  CD_STATUS_ARCHIVED,
} CdStatus;

#define CD_STATUS_LAST CD_STATUS_ARCHIVED

/**
 * CdAccountType:
 * @CD_ACCOUNT_TYPE_LOCAL: a folder on this computer (CdLocalTarget)
 * @CD_ACCOUNT_TYPE_WORDPRESS: a WordPress site (CdWordpressTarget)
 *
 * Where an account publishes; the "type" key of its settings.
 */
typedef enum
{
  CD_ACCOUNT_TYPE_LOCAL,
  CD_ACCOUNT_TYPE_WORDPRESS,
} CdAccountType;
#define CD_N_STATUSES (CD_STATUS_LAST + 1)

/**
 * CdArchiveAgeUnit:
 * @CD_ARCHIVE_AGE_UNIT_DAYS: days
 * @CD_ARCHIVE_AGE_UNIT_MONTHS: calendar months
 * @CD_ARCHIVE_AGE_UNIT_YEARS: calendar years
 *
 * The unit of the archiving policy's age; the "archive-age-unit" key.
 */
typedef enum
{
  CD_ARCHIVE_AGE_UNIT_DAYS,
  CD_ARCHIVE_AGE_UNIT_MONTHS,
  CD_ARCHIVE_AGE_UNIT_YEARS,
} CdArchiveAgeUnit;

G_END_DECLS
