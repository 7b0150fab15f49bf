/* test-photo.c
 *
 * Copyright 2026 The Copydesk authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cd-photo.h"

static void
count_cb (GObject *object,
          gpointer data)
{
  (*(guint *)data)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  (*(guint *)data)++;
}

static void
test_photo_defaults (void)
{
  g_autoptr(CdPhoto) a = cd_photo_new ();
  g_autoptr(CdPhoto) b = cd_photo_new ();
  g_autoptr(CdPhoto) c = cd_photo_new_with_id ("1b4e28ba-2fa1-11d2-883f-0016d3cca427");

  g_assert_true (g_uuid_string_is_valid (cd_photo_get_id (a)));
  g_assert_cmpstr (cd_photo_get_id (a), !=, cd_photo_get_id (b));
  g_assert_cmpstr (cd_photo_get_id (c), ==, "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
  g_assert_cmpstr (cd_photo_get_caption (a), ==, "");
  g_assert_cmpstr (cd_photo_get_credit (a), ==, "");
  g_assert_cmpstr (cd_photo_get_file_path (a), ==, "");
}

static void
test_photo_notify (void)
{
  g_autoptr(CdPhoto) photo = cd_photo_new ();
  guint notified = 0, changed = 0;
  g_autofree char *credit = NULL;

  g_signal_connect (photo, "notify::caption", G_CALLBACK (count_notify_cb), &notified);
  g_signal_connect (photo, "changed", G_CALLBACK (count_cb), &changed);

  cd_photo_set_caption (photo, "Firefighters at dawn");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  /* The same value again is no change. */
  cd_photo_set_caption (photo, "Firefighters at dawn");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  /* NULL is "" */
  cd_photo_set_caption (photo, NULL);
  g_assert_cmpstr (cd_photo_get_caption (photo), ==, "");
  g_assert_cmpuint (notified, ==, 2);
  cd_photo_set_caption (photo, "");
  g_assert_cmpuint (notified, ==, 2);

  /* Through GObject too, and other properties emit ::changed but not this notify. */
  g_object_set (photo, "credit", "Jane Doe/Agency", NULL);
  g_object_get (photo, "credit", &credit, NULL);
  g_assert_cmpstr (credit, ==, "Jane Doe/Agency");
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpuint (changed, ==, 3);
}

static void
test_photo_remote_media (void)
{
  g_autoptr(CdPhoto) photo = cd_photo_new ();
  g_autoptr(GPtrArray) accounts = NULL;
  guint changed = 0;

  g_signal_connect (photo, "changed", G_CALLBACK (count_cb), &changed);

  g_assert_null (cd_photo_get_remote_media_id (photo, "wp"));
  cd_photo_set_remote_media (photo, "wp", "42", "abc");
  cd_photo_set_remote_media (photo, "local", "photo.jpg", "abc");
  g_assert_cmpuint (changed, ==, 2);
  cd_photo_set_remote_media (photo, "wp", "42", "abc");
  g_assert_cmpuint (changed, ==, 2);

  g_assert_cmpstr (cd_photo_get_remote_media_id (photo, "wp"), ==, "42");
  g_assert_cmpstr (cd_photo_get_remote_media_hash (photo, "wp"), ==, "abc");

  accounts = cd_photo_list_remote_accounts (photo);
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (accounts, 0), ==, "local");
  g_assert_cmpstr (g_ptr_array_index (accounts, 1), ==, "wp");

  cd_photo_set_remote_media (photo, "wp", NULL, NULL);
  g_assert_null (cd_photo_get_remote_media_id (photo, "wp"));
  g_assert_cmpuint (changed, ==, 3);
  cd_photo_set_remote_media (photo, "wp", NULL, NULL);
  g_assert_cmpuint (changed, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/copydesk/core/photo/defaults", test_photo_defaults);
  g_test_add_func ("/copydesk/core/photo/notify", test_photo_notify);
  g_test_add_func ("/copydesk/core/photo/remote-media", test_photo_remote_media);

  return g_test_run ();
}
