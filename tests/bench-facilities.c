/* bench-facilities.c — a booking and a cancellation with its promotion at
 * a full-size event
 *
 * 50,000 entrants with the demo's facilities and bookings; a facility of
 * ten places in eight slots gets STARTLINE_BENCH_REPS (default 400)
 * bookings, one entrant after another, spread over the slots (ten
 * confirmed per slot, the rest waiting); then confirmed bookings are
 * cancelled while their slot has a waiting list, each promoting the first
 * who fits. Each call (its whole write transaction) is timed; median and
 * p99 are printed against the 5 ms, never enforced.
 * STARTLINE_BENCH_ENTRANTS (default 50000) makes quick runs possible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "sl-core.h"
#include "sl-demo.h"
#include "sl-bench-util.h"

#define SEED 2026
#define N_SLOTS 8

static void
report (const char *name,
        GArray     *ms,
        double      target)
{
  double median = sl_bench_median (ms);
  double p99 = sl_bench_percentile (ms, 99);

  g_print ("facilities_ms[%s] median=%.3f p99=%.3f target<%.0f %s (runs=%u)\n", name, median, p99,
           target, median < target ? "ok" : "MISSED", ms->len);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

/* Books reps entrants, one per slot in turn; the booking ids per slot. */
static void
time_bookings (SlDb    *db,
               gint64   facility_id,
               guint    reps,
               guint    n_entrants,
               GArray **by_slot)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_waiting = 0;

  for (guint i = 0; i < reps; i++)
    {
      g_autoptr(GError) error = NULL;
      SlBookResult result = { 0 };
      guint s = i % N_SLOTS;
      gint64 entrant_id = 1 + (gint64)((i * 7919u) % n_entrants);
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      if (!sl_db_book (db, facility_id, entrant_id, 0, 8 * 60 + 30 * (int)s, 1, &result, &error))
        sl_bench_die ("book", error);
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ms, elapsed);
      if (result.status == SL_BOOKING_CONFIRMED)
        g_array_append_val (by_slot[s], result.booking_id);
      else
        n_waiting++;
    }
  report ("book", ms, 5);
  g_print ("bookings: %u (waiting %u)\n", reps, n_waiting);
}

static void
time_cancellations (SlDb    *db,
                    GArray **by_slot)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_promoted = 0;

  for (guint s = 0; s < N_SLOTS; s++)
    for (guint i = 0; i < by_slot[s]->len; i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) promoted = NULL;
        gint64 start = g_get_monotonic_time ();
        double elapsed;

        if (!sl_db_cancel_booking (db, g_array_index (by_slot[s], gint64, i), &promoted, &error))
          sl_bench_die ("cancel", error);
        elapsed = (g_get_monotonic_time () - start) / 1000.0;
        if (promoted->len == 0)
          break;
        g_array_append_val (ms, elapsed);
        n_promoted += promoted->len;
        /* The one promoted holds a place now: cancelled in its turn. */
        g_array_append_val (by_slot[s], ((SlBooking *)promoted->pdata[0])->id);
      }
  report ("cancel-with-promotion", ms, 5);
  g_print ("promoted: %u\n", n_promoted);
}

int
main (int    argc,
      char **argv)
{
  guint n_entrants = sl_bench_env_uint ("STARTLINE_BENCH_ENTRANTS", 50000);
  guint reps = sl_bench_env_uint ("STARTLINE_BENCH_REPS", 400);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-facilities-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *passphrase = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) facilities = NULL;
  GArray *by_slot[N_SLOTS];
  SlFacility facility = { 0 };
  gint64 facility_id = 0;
  guint n_bookings = 0;

  if (dir == NULL)
    sl_bench_die ("temporary folder", error);
  path = g_build_filename (dir, "bench.startline", NULL);
  if (!(db = sl_db_create (path, "Bench", "2026-04-26", &error))
      || !sl_db_add_demo_officer (db, SEED, &officer, &passphrase, &error)
      || !sl_db_generate_demo (db, n_entrants, SEED, NULL, NULL, NULL, &error))
    sl_bench_die ("demo", error);
  if (!sl_db_sign_in (db, officer, passphrase, &error))
    sl_bench_die ("sign in", error);
  if (!(facilities = sl_db_list_facilities (db, &error)))
    sl_bench_die ("facilities", error);
  for (guint i = 0; i < facilities->len; i++)
    n_bookings += ((SlFacility *)facilities->pdata[i])->confirmed
                  + ((SlFacility *)facilities->pdata[i])->waiting;
  g_print ("entrants: %u\ndemo facilities: %u (people booked %u)\n", n_entrants,
           facilities->len, n_bookings);

  facility.kind = SL_FACILITY_QUIET_SPACE;
  facility.name = (char *)"Bench space";
  facility.capacity = 10;
  facility.opens = 8 * 60;
  facility.closes = 12 * 60;
  facility.slot_minutes = 30;
  if (!sl_db_add_facility (db, &facility, &facility_id, &error))
    sl_bench_die ("add facility", error);
  for (guint s = 0; s < N_SLOTS; s++)
    by_slot[s] = g_array_new (FALSE, FALSE, sizeof (gint64));

  time_bookings (db, facility_id, reps, n_entrants, by_slot);
  time_cancellations (db, by_slot);

  for (guint s = 0; s < N_SLOTS; s++)
    g_array_unref (by_slot[s]);
  sl_db_sign_out (db);
  g_clear_object (&db);
  remove_dir (dir);
  return 0;
}
