/* test-status.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cd-status.h"

static void
test_status_names (void)
{
  for (guint i = 0; i < CD_N_STATUSES; i++)
    {
      CdStatus parsed = CD_STATUS_LAST;
      const char *name = cd_status_to_string (i);

      g_assert_nonnull (name);
      g_assert_true (cd_status_from_string (name, &parsed));
      g_assert_cmpint (parsed, ==, i);
      g_assert_nonnull (cd_status_get_label (i));
      g_assert_nonnull (cd_status_get_group_label (i));
    }

  {
    CdStatus status = CD_STATUS_DRAFT;
    g_assert_false (cd_status_from_string ("bogus", &status));
    g_assert_false (cd_status_from_string (NULL, &status));
    g_assert_cmpint (status, ==, CD_STATUS_DRAFT);
  }
}

static void
test_status_transitions (void)
{
  /* The story's normal life. */
  static const CdStatus path[] = {
    CD_STATUS_DRAFT, CD_STATUS_READY, CD_STATUS_QUEUED, CD_STATUS_PUSHING,
    CD_STATUS_FAILED, CD_STATUS_QUEUED, CD_STATUS_PUSHING, CD_STATUS_PUBLISHED,
    CD_STATUS_ARCHIVED, CD_STATUS_PUBLISHED, CD_STATUS_READY,
  };

  for (guint i = 0; i + 1 < G_N_ELEMENTS (path); i++)
    g_assert_true (cd_status_can_transition (path[i], path[i + 1]));

  /* Never skip the outbox, never archive what was not published. */
  g_assert_false (cd_status_can_transition (CD_STATUS_DRAFT, CD_STATUS_PUSHING));
  g_assert_false (cd_status_can_transition (CD_STATUS_DRAFT, CD_STATUS_ARCHIVED));
  g_assert_false (cd_status_can_transition (CD_STATUS_READY, CD_STATUS_PUBLISHED));
  g_assert_false (cd_status_can_transition (CD_STATUS_ARCHIVED, CD_STATUS_DRAFT));
  g_assert_false (cd_status_can_transition (CD_STATUS_QUEUED, CD_STATUS_ARCHIVED));

  /* No state moves to itself: that is not a transition. */
  for (guint i = 0; i < CD_N_STATUSES; i++)
    g_assert_false (cd_status_can_transition (i, i));
}

static void
test_status_illegal_error (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_status_check_transition (CD_STATUS_DRAFT, CD_STATUS_READY, NULL));
  g_assert_false (cd_status_check_transition (CD_STATUS_DRAFT, CD_STATUS_ARCHIVED, &error));
  g_assert_error (error, CD_STATUS_ERROR, CD_STATUS_ERROR_ILLEGAL_TRANSITION);
  g_assert_nonnull (strstr (error->message, "Draft"));
  g_assert_nonnull (strstr (error->message, "Archived"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/status/names", test_status_names);
  g_test_add_func ("/copydesk/core/status/transitions", test_status_transitions);
  g_test_add_func ("/copydesk/core/status/illegal-error", test_status_illegal_error);

  return g_test_run ();
}
