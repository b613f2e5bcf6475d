/* bench-facilities-page.c — the Facilities page drawn at a full event's
 * facilities: 30 facilities, 2,000 bookings
 *
 * Times, on a display, from a refresh of the page (sl_facilities_page_reload:
 * the facilities and their figures read, the selected one's slots and the
 * selected slot's bookings, the rows and bars updated) to the window's next
 * frame drawn (its frame clock's "after-paint"), and the same for choosing
 * another facility in the list. Median and p99 against the 50 ms.
 * STARTLINE_BENCH_REPS (default 50). Printed, never enforced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sl-bench-util.h"
#include "sl-core.h"
#include "sl-demo.h"
#include "sl-entrants.h"
#include "sl-facilities-page.h"
#include "sl-facilities.h"
#include "sl-slot-timeline.h"

#define SEED 2026
#define N_FACILITIES 30
#define N_BOOKINGS 2000
#define N_ENTRANTS 700

static void
report (const char *name,
        GArray     *ms)
{
  double median = sl_bench_median (ms);   /* sorts, for the percentile */
  double p99 = sl_bench_percentile (ms, 99);

  g_print ("facilities_page_ms[%s] median=%.3f p99=%.3f target<50 %s (runs=%u)\n",
           name, median, p99, median < 50 ? "ok" : "MISSED", ms->len);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  *(gboolean *)user_data = TRUE;
}

/* Runs the main loop until the window has drawn a frame. */
static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
}

/* 30 facilities, from 08:00 to 18:00: most in 30-minute slots of 12
 * places, every fifth drop-in for 60; 2,000 bookings spread over them,
 * some of them going to waiting lists.
 */
static gboolean
make_facilities (SlDb      *db,
                 GArray    *ids,
                 GError   **error)
{
  g_autoptr(GPtrArray) entrants = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_entrant_free);
  guint made = 0;

  /* Entrants of their own, not the demo's: the demo brings facilities too. */
  for (guint i = 0; i < N_ENTRANTS; i++)
    {
      SlEntrant *e = sl_entrant_new ();

      e->bib = g_strdup_printf ("%u", 20000 + i);
      e->booking_ref = g_strdup_printf ("B%u", i);
      e->first_name = g_strdup_printf ("Runner%u", i);
      e->last_name = g_strdup ("Bench");
      g_ptr_array_add (entrants, e);
      if (!sl_db_insert_entrant (db, e, error))
        return FALSE;
    }
  for (guint i = 0; i < N_FACILITIES; i++)
    {
      g_autofree char *name = g_strdup_printf ("Bench facility %02u", i + 1);
      SlFacility f = { 0 };
      gint64 id = 0;

      f.kind = i % SL_N_FACILITY_KINDS;
      f.name = name;
      f.location = (char *)"Finish";
      f.capacity = i % 5 == 4 ? 60 : 12;
      f.opens = 8 * 60;
      f.closes = 18 * 60;
      f.slot_minutes = i % 5 == 4 ? 0 : 30;
      if (!sl_db_add_facility (db, &f, &id, error))
        return FALSE;
      g_array_append_val (ids, id);
    }
  for (guint b = 0; made < N_BOOKINGS && b < N_BOOKINGS * 2; b++)
    {
      guint facility = b % N_FACILITIES;
      SlEntrant *e = g_ptr_array_index (entrants, (b / N_FACILITIES) % entrants->len);
      int slot = facility % 5 == 4 ? SL_SLOT_DAY : 8 * 60 + 30 * (int)((b * 7) % 20);
      SlBookResult result = { 0 };
      g_autoptr(GError) local = NULL;

      if (sl_db_book (db, g_array_index (ids, gint64, facility), e->id, 0, slot, 1 + b % 3,
                      &result, &local))
        made++;
    }
  g_print ("facilities_page facilities=%u bookings=%u entrants=%u\n", ids->len, made,
           entrants->len);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-facilities-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "event.startline", NULL);
  g_autofree char *officer = NULL;
  g_autofree char *passphrase = NULL;
  guint reps = sl_bench_env_uint ("STARTLINE_BENCH_REPS", 50);
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) reload_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) select_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWindow *window;
  SlFacilitiesPage *page;

  gtk_init ();
  adw_init ();
  if (!(db = sl_db_create (path, "Bench", "2026-04-26", &error))
      || !sl_db_add_demo_officer (db, SEED, &officer, &passphrase, &error)
      || !sl_db_sign_in (db, officer, passphrase, &error)
      || !make_facilities (db, ids, &error))
    {
      g_printerr ("bench-facilities-page: %s\n", error->message);
      return 1;
    }

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 800);
  page = SL_FACILITIES_PAGE (sl_facilities_page_new (db));
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  wait_for_frame (GTK_WIDGET (window));
  sl_facilities_page_select_facility (page, g_array_index (ids, gint64, 0));
  sl_slot_timeline_select_slot (sl_facilities_page_get_timeline (page), 8 * 60);
  wait_for_frame (GTK_WIDGET (window));
  g_print ("facilities_page listed=%u slots=%u bookings=%u waiting=%u\n",
           sl_facilities_page_get_n_facilities (page),
           sl_slot_timeline_get_n_slots (sl_facilities_page_get_timeline (page)),
           sl_facilities_page_get_bookings (page)->len,
           sl_facilities_page_get_waiting (page)->len);

  for (guint i = 0; i < reps; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      sl_facilities_page_reload (page);
      wait_for_frame (GTK_WIDGET (window));
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (reload_ms, elapsed);
    }
  report ("refresh-to-frame", reload_ms);

  for (guint i = 0; i < reps; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      sl_facilities_page_select_facility (page, g_array_index (ids, gint64, (i + 1) % ids->len));
      wait_for_frame (GTK_WIDGET (window));
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (select_ms, elapsed);
    }
  report ("select-facility-to-frame", select_ms);

  gtk_window_destroy (window);
  sl_db_sign_out (db);
  g_clear_object (&db);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, i == 0 ? "" : i == 1 ? "-wal" : "-shm", NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
  return 0;
}
