/* bench-needs.c — the Accessibility page's figures at a full-size event
 *
 * 50,000 entrants and their demo needs (about 1,500): each filter of the
 * needs list (type, status, race, start area, marker, text search, the
 * outstanding view) timed over many runs, median and p99 against the
 * issue's 10 ms, and showing one need's detail (read, opened, audited)
 * against 5 ms, and what the desk card's markers, flags and links add to a
 * scan. STARTLINE_BENCH_ENTRANTS (default 50000) and
 * STARTLINE_BENCH_REPS (default 200) make quick runs possible. Targets
 * are printed, never enforced.
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

static void
report (const char *name,
        GArray     *ms,
        double      target,
        guint       n_rows)
{
  double median = sl_bench_median (ms);
  double p99 = sl_bench_percentile (ms, 99);

  g_print ("needs_list_ms[%s] median=%.3f p99=%.3f target<%.0f %s (rows=%u runs=%u)\n", name,
           median, p99, target, p99 < target ? "ok" : "MISSED", n_rows, ms->len);
}

static void
time_filter (SlDb               *db,
             const char         *name,
             const SlNeedFilter *filter,
             guint               reps)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_rows = 0;

  for (guint i = 0; i < reps; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) needs = NULL;
      gint64 start = g_get_monotonic_time ();
      double elapsed;

      if (!(needs = sl_db_list_needs (db, filter, &error)))
        sl_bench_die ("sl_db_list_needs", error);
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ms, elapsed);
      n_rows = needs->len;
    }
  report (name, ms, 10, n_rows);
}

int
main (int    argc,
      char **argv)
{
  guint n_entrants = sl_bench_env_uint ("STARTLINE_BENCH_ENTRANTS", 50000);
  guint reps = MAX (sl_bench_env_uint ("STARTLINE_BENCH_REPS", 200), 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = g_dir_make_tmp ("bench-needs-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *passphrase = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  gint64 start;

  if (dir == NULL)
    sl_bench_die ("tmpdir", error);
  path = g_build_filename (dir, "event.startline", NULL);
  start = g_get_monotonic_time ();
  if (!(db = sl_db_create (path, "Bench", "2026-04-26", &error))
      || !sl_db_add_demo_officer (db, SEED, &officer, &passphrase, &error)
      || !sl_db_generate_demo (db, n_entrants, SEED, NULL, NULL, NULL, &error))
    sl_bench_die ("demo", error);
  g_print ("demo_with_needs_ms total=%.1f (entrants=%u)\n",
           (g_get_monotonic_time () - start) / 1000.0, n_entrants);
  if (!sl_db_sign_in (db, officer, passphrase, &error))
    sl_bench_die ("sign in", error);

  time_filter (db, "all", &filter, reps);
  if (!(all = sl_db_list_needs (db, &filter, &error)) || all->len == 0)
    sl_bench_die ("no needs", error);
  filter.type_code = "guide-runner";
  time_filter (db, "type", &filter, reps);
  filter.type_code = NULL;
  filter.status = SL_NEED_ARRANGED;
  time_filter (db, "status", &filter, reps);
  filter.type_code = "medical-condition";
  time_filter (db, "type+status", &filter, reps);
  filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
  filter.race_id = 5;
  time_filter (db, "race", &filter, reps);
  filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
  filter.start_area = "Blue";
  time_filter (db, "start_area", &filter, reps);
  filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
  filter.marker = SL_MARKER_I_NEED_SPACE;
  time_filter (db, "marker", &filter, reps);
  filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
  filter.text = ((SlNeed *)all->pdata[all->len / 2])->last_name;
  time_filter (db, "text", &filter, reps);
  filter.text = "a";
  time_filter (db, "text_one_letter", &filter, reps);
  filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
  filter.outstanding = TRUE;
  time_filter (db, "outstanding", &filter, reps);

  /* One detail shown: read, opened with the event key, audited (a write). */
  for (guint i = 0; i < MIN (reps, all->len); i++)
    {
      SlNeed *need = g_ptr_array_index (all, (i * 7919) % all->len);
      char *detail = NULL;
      double elapsed;

      start = g_get_monotonic_time ();
      if (!sl_db_read_need_details (db, need->id, &detail, NULL, &error))
        sl_bench_die ("sl_db_read_need_details", error);
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      sl_secret_str_free (detail);
      g_array_append_val (ms, elapsed);
    }
  {
    double median = sl_bench_median (ms);
    double p99 = sl_bench_percentile (ms, 99);

    g_print ("need_detail_ms median=%.3f p99=%.3f target<5 %s (reads=%u, each audited,"
             " synchronous=FULL)\n", median, p99, p99 < 5 ? "ok" : "MISSED", ms->len);
  }
  /* What the desk card adds to a scan: markers, flags and links of one entrant. */
  g_array_set_size (ms, 0);
  for (guint i = 0; i < reps; i++)
    {
      gint64 entrant_id = 1 + (gint64)((i * 7919u) % MAX (n_entrants, 1));
      g_autoptr(SlDeskNeeds) desk = NULL;
      double elapsed;

      start = g_get_monotonic_time ();
      if (!(desk = sl_db_dup_desk_needs (db, entrant_id, &error)))
        sl_bench_die ("sl_db_dup_desk_needs", error);
      elapsed = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ms, elapsed);
    }
  {
    double median = sl_bench_median (ms);

    g_print ("desk_needs_ms median=%.3f p99=%.3f (per scanned entrant, read only)\n", median,
             sl_bench_percentile (ms, 99));
  }
  g_print ("needs: %u\n", all->len);

  sl_db_sign_out (db);
  g_clear_object (&db);
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
  return 0;
}
