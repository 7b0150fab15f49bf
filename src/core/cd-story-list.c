/* cd-story-list.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cd-story-list"

#include "config.h"

#include "cd-library.h"
#include "cd-library-private.h"
#include "cd-story-list-private.h"
#include "cd-story-summary.h"

struct _CdStoryList
{
  GObject    parent_instance;

  /* unowned: the library owns its lists and detaches them when it goes */
  CdLibrary *library;
  GArray    *entries;
  gboolean   sorted;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdStoryList, cd_story_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* Newest first; the rowid breaks ties so the order is total. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const CdStoryListEntry *ea = a;
  const CdStoryListEntry *eb = b;

  if (ea->updated != eb->updated)
    return ea->updated > eb->updated ? -1 : 1;
  if (ea->rowid != eb->rowid)
    return ea->rowid > eb->rowid ? -1 : 1;
  return 0;
}

static guint
find_sorted_position (CdStoryList            *self,
                      const CdStoryListEntry *entry)
{
  guint lo = 0, hi = self->entries->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_entries (&g_array_index (self->entries, CdStoryListEntry, mid), entry) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static gboolean
find_rowid (CdStoryList *self,
            gint64       rowid,
            guint       *position)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      if (g_array_index (self->entries, CdStoryListEntry, i).rowid == rowid)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static GType
cd_story_list_get_item_type (GListModel *model)
{
  return CD_TYPE_STORY_SUMMARY;
}

static guint
cd_story_list_get_n_items (GListModel *model)
{
  return CD_STORY_LIST (model)->entries->len;
}

static gpointer
cd_story_list_get_item (GListModel *model,
                        guint       position)
{
  CdStoryList *self = CD_STORY_LIST (model);

  if (position >= self->entries->len || self->library == NULL)
    return NULL;

  return _cd_library_get_summary (self->library, self, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cd_story_list_get_item_type;
  iface->get_n_items = cd_story_list_get_n_items;
  iface->get_item = cd_story_list_get_item;
}

static void
cd_story_list_finalize (GObject *object)
{
  CdStoryList *self = (CdStoryList *)object;

  if (self->library != NULL)
    _cd_library_forget_list (self->library, self);
  g_array_unref (self->entries);

  G_OBJECT_CLASS (cd_story_list_parent_class)->finalize (object);
}

static void
cd_story_list_class_init (CdStoryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_story_list_finalize;
}

static void
cd_story_list_init (CdStoryList *self)
{
  self->entries = g_array_new (FALSE, FALSE, sizeof (CdStoryListEntry));
}

CdStoryList *
_cd_story_list_new (CdLibrary *library,
                    gboolean   sorted)
{
  CdStoryList *self = g_object_new (CD_TYPE_STORY_LIST, NULL);

  self->library = library;
  self->sorted = sorted;

  return self;
}

void
_cd_story_list_detach (CdStoryList *self)
{
  g_return_if_fail (CD_IS_STORY_LIST (self));

  self->library = NULL;
}

void
_cd_story_list_append_silent (CdStoryList *self,
                              gint64       rowid,
                              gint64       updated)
{
  CdStoryListEntry entry = { rowid, updated };

  g_return_if_fail (CD_IS_STORY_LIST (self));

  g_array_append_val (self->entries, entry);
}

void
_cd_story_list_sort_silent (CdStoryList *self)
{
  CdStoryListEntry *e;
  guint n;

  g_return_if_fail (CD_IS_STORY_LIST (self));
  g_return_if_fail (self->sorted);

  /* The rows come from SQLite already ordered by "updated"; only ties need
   * fixing, so an insertion sort does it in one pass.
   */
  e = (CdStoryListEntry *)(gpointer)self->entries->data;
  n = self->entries->len;
  for (guint i = 1; i < n; i++)
    {
      CdStoryListEntry key = e[i];
      guint j = i;

      while (j > 0 && compare_entries (&e[j - 1], &key) > 0)
        {
          e[j] = e[j - 1];
          j--;
        }
      e[j] = key;
    }
}

gint64
_cd_story_list_get_rowid (CdStoryList *self,
                          guint        position)
{
  g_return_val_if_fail (CD_IS_STORY_LIST (self), 0);
  g_return_val_if_fail (position < self->entries->len, 0);

  return g_array_index (self->entries, CdStoryListEntry, position).rowid;
}

void
_cd_story_list_insert (CdStoryList *self,
                       gint64       rowid,
                       gint64       updated)
{
  CdStoryListEntry entry = { rowid, updated };
  guint position;

  g_return_if_fail (CD_IS_STORY_LIST (self));

  position = self->sorted ? find_sorted_position (self, &entry) : self->entries->len;
  g_array_insert_val (self->entries, position, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

gboolean
_cd_story_list_remove (CdStoryList *self,
                       gint64       rowid)
{
  guint position;

  g_return_val_if_fail (CD_IS_STORY_LIST (self), FALSE);

  if (!find_rowid (self, rowid, &position))
    return FALSE;

  g_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  return TRUE;
}

void
_cd_story_list_update (CdStoryList *self,
                       gint64       rowid,
                       gint64       updated)
{
  CdStoryListEntry entry = { rowid, updated };
  guint old_position, new_position;

  g_return_if_fail (CD_IS_STORY_LIST (self));

  if (!find_rowid (self, rowid, &old_position))
    return;

  if (!self->sorted)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 1);
      return;
    }

  g_array_remove_index (self->entries, old_position);
  new_position = find_sorted_position (self, &entry);

  if (new_position == old_position)
    {
      g_array_insert_val (self->entries, new_position, entry);
      g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 1);
      return;
    }

  /* Two signals, each emitted when the array matches it. */
  g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
  g_array_insert_val (self->entries, new_position, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
}
