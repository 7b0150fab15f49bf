/* cd-test-ui.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cd-test-ui.h"

/* The sidebar row (below @widget) that shows the story @story_id, or NULL
 * when that story's row is not on screen. */
CdStoryRow *
cd_test_ui_find_story_row (GtkWidget  *widget,
                           const char *story_id)
{
  if (CD_IS_STORY_ROW (widget) && cd_story_row_get_summary (CD_STORY_ROW (widget)) != NULL)
    {
      g_autofree char *row_id = NULL;

      g_object_get (cd_story_row_get_summary (CD_STORY_ROW (widget)), "id", &row_id, NULL);
      if (g_strcmp0 (row_id, story_id) == 0)
        return CD_STORY_ROW (widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CdStoryRow *row = cd_test_ui_find_story_row (child, story_id);

      if (row != NULL)
        return row;
    }

  return NULL;
}

/* Runs the main context for @ms milliseconds. */
void
cd_test_ui_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}
