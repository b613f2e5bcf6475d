/* test-desk.c — the desk's "today" in the event's time zone, and its counter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include "sl-core.h"
#include "sl-test-util.h"

#include <glib/gstdio.h>

typedef struct
{
  char *dir;
  SlDb *db;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("test-desk-XXXXXX", &error);
  g_assert_no_error (error);
  path = sl_test_event_location_new (fixture->dir, "event.startline");
  /* New events default to Europe/London, which has summer time. */
  fixture->db = sl_db_create (path, "Test Marathon", "2024-04-21", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_strdup (sl_db_get_path (fixture->db));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&fixture->db);
  g_remove (wal);
  g_remove (shm);
  g_remove (path);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
check_day_start (SlDb       *db,
                 const char *now_iso,
                 const char *expected)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_iso, utc);
  g_autofree char *start = NULL;

  g_assert_nonnull (now);
  start = sl_db_dup_day_start_utc (db, now);
  g_assert_cmpstr (start, ==, expected);
}

static void
test_day_start_winter (Fixture       *fixture,
                       gconstpointer  data)
{
  check_day_start (fixture->db, "2024-01-10T12:00:00Z", "2024-01-10T00:00:00.000Z");
}

static void
test_day_start_summer (Fixture       *fixture,
                       gconstpointer  data)
{
  /* 12:00 UTC is 13:00 BST; the BST day began at 23:00 UTC the day before. */
  check_day_start (fixture->db, "2024-07-10T12:00:00Z", "2024-07-09T23:00:00.000Z");
  /* 23:30 UTC is already 00:30 on the next local day. */
  check_day_start (fixture->db, "2024-07-10T23:30:00Z", "2024-07-10T23:00:00.000Z");
}

static void
test_day_start_counts_today (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) entrant = sl_entrant_new ();
  g_autoptr(SlEntrant) checked = NULL;
  g_autofree char *today = sl_db_dup_day_start_utc (fixture->db, NULL);
  g_autofree char *tomorrow = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);

  entrant->bib = g_strdup ("101");
  entrant->first_name = g_strdup ("Ana");
  entrant->last_name = g_strdup ("Núñez");
  g_assert_true (sl_db_insert_entrant (fixture->db, entrant, &error));
  g_assert_no_error (error);
  checked = sl_db_check_in (fixture->db, "101", "Desk 1", &error);
  g_assert_no_error (error);

  /* A check-in made now counts from today's start, not from two days on. */
  tomorrow = sl_db_dup_day_start_utc (fixture->db, later);
  g_assert_cmpint (sl_db_count_desk_check_ins (fixture->db, "Desk 1", today), ==, 1);
  g_assert_cmpint (sl_db_count_desk_check_ins (fixture->db, "Desk 1", tomorrow), ==, 0);
}

static void
test_counter_groups_thousands (void)
{
  g_autofree char *plain = NULL;
  g_autofree char *german = NULL;
  const char *saved = setlocale (LC_NUMERIC, NULL);
  g_autofree char *restore = g_strdup (saved);

  plain = sl_desk_dup_counter_text (12, 3456, 50000);
  g_assert_cmpstr (plain, ==, "12 checked in at this desk today · 3456 of 50000 checked in");

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      /* .ci/setup generates this locale; a machine without it cannot show grouping. */
      g_test_skip ("the de_DE.UTF-8 locale is not installed (run locale-gen)");
      return;
    }
  german = sl_desk_dup_counter_text (1200, 3456, 50000);
  setlocale (LC_NUMERIC, restore);
  g_assert_cmpstr (german, ==,
                   "1.200 checked in at this desk today · 3.456 of 50.000 checked in");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk/counter-groups-thousands", test_counter_groups_thousands);
  g_test_add ("/desk/day-start/winter", Fixture, NULL,
              fixture_setup, test_day_start_winter, fixture_teardown);
  g_test_add ("/desk/day-start/summer", Fixture, NULL,
              fixture_setup, test_day_start_summer, fixture_teardown);
  g_test_add ("/desk/day-start/counts-today", Fixture, NULL,
              fixture_setup, test_day_start_counts_today, fixture_teardown);

  return g_test_run ();
}
