/* bench-desks.c — many desk processes checking in at once on one event
 *
 * Eight desk processes (STARTLINE_BENCH_DESKS) each check in 500 runners
 * (STARTLINE_BENCH_PER_DESK) of a 50,000-entrant demo event
 * (STARTLINE_BENCH_ENTRANTS), all starting together, each check-in a
 * durable transaction as at the desk. Prints the busy and other errors, and
 * the median, p99 and slowest check-in; the baseline is one desk alone on
 * the same event, and the ratio of the medians is printed. Figures only:
 * nothing is asserted on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "sl-core.h"
#include "sl-bench-util.h"

typedef struct
{
  guint   busy;
  guint   failed;
  GArray *ms;  /* double, one per check-in */
} Outcome;

static GStrv
registered_bibs (const char *path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (handle, "SELECT bib FROM entrant WHERE status = 'registered'"
                                     " ORDER BY random()", -1, &stmt, NULL) != SQLITE_OK)
    g_error ("cannot read the bibs of %s", path);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return g_strv_builder_end (builder);
}

/* One desk: opens the event, waits for the start, checks in its runners
 * and writes, per check-in, its milliseconds (negative: busy; NaN: failed).
 */
static void
run_desk (const char  *path,
          const char  *const *bibs,
          guint        n,
          guint        desk_no,
          int          start_fd,
          int          out_fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *desk = g_strdup_printf ("Desk %u", desk_no);
  g_autoptr(GArray) ms = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  char c;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  db = sl_db_open_full (path, SL_DB_OPEN_DEFER_CHECK, &error);
  if (db == NULL)
    {
      g_printerr ("desk %u: %s\n", desk_no, error->message);
      _exit (3);
    }
  if (read (start_fd, &c, 1) != 0)
    _exit (4);

  for (guint i = 0; i < n; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(SlEntrant) entrant = sl_db_check_in (db, bibs[i], desk, &error);
      double elapsed = (double)(g_get_monotonic_time () - start) / 1000.0;

      if (entrant == NULL)
        {
          g_printerr ("desk %u, bib %s: %s\n", desk_no, bibs[i], error->message);
          elapsed = g_error_matches (error, SL_DB_ERROR, SL_DB_ERROR_BUSY) ? -1.0 : NAN;
          g_clear_error (&error);
        }
      g_array_append_val (ms, elapsed);
    }
  if (write (out_fd, ms->data, n * sizeof (double)) != (ssize_t)(n * sizeof (double)))
    _exit (5);
  _exit (0);
}

/* n_desks desks at once, each with per_desk of bibs from first. */
static Outcome
run_desks (const char *path,
           GStrv       bibs,
           guint       first,
           guint       n_desks,
           guint       per_desk)
{
  Outcome outcome = { 0, 0, g_array_new (FALSE, FALSE, sizeof (double)) };
  g_autofree pid_t *desks = g_new0 (pid_t, n_desks);
  g_autofree int *outs = g_new0 (int, n_desks);
  int start[2];

  if (pipe (start) != 0)
    g_error ("pipe failed");
  for (guint d = 0; d < n_desks; d++)
    {
      int out[2];

      if (pipe (out) != 0)
        g_error ("pipe failed");
      desks[d] = fork ();
      if (desks[d] == 0)
        {
          close (start[1]);
          close (out[0]);
          run_desk (path, (const char *const *)bibs + first + d * per_desk, per_desk, d + 1,
                    start[0], out[1]);
        }
      close (out[1]);
      outs[d] = out[0];
    }
  /* Let every desk open the event, then start them together. */
  g_usleep (G_USEC_PER_SEC / 2);
  close (start[0]);
  close (start[1]);

  for (guint d = 0; d < n_desks; d++)
    {
      g_autofree double *ms = g_new0 (double, per_desk);
      gsize got = 0;
      int wait_status = 0;

      while (got < per_desk * sizeof (double))
        {
          ssize_t n = read (outs[d], (char *)ms + got, per_desk * sizeof (double) - got);
          if (n <= 0)
            break;
          got += (gsize)n;
        }
      close (outs[d]);
      waitpid (desks[d], &wait_status, 0);
      if (got != per_desk * sizeof (double))
        {
          g_printerr ("desk %u ended early (status %d)\n", d + 1, wait_status);
          outcome.failed += per_desk;
          continue;
        }
      for (guint i = 0; i < per_desk; i++)
        {
          if (ms[i] < 0)
            outcome.busy++;
          else if (isnan (ms[i]))
            outcome.failed++;
          else
            g_array_append_val (outcome.ms, ms[i]);
        }
    }
  g_array_sort (outcome.ms, sl_bench_compare_doubles);
  return outcome;
}

static void
print_outcome (const char *what,
               Outcome    *outcome,
               double      wall_s)
{
  g_print ("%-28s %5u check-ins in %5.2f s: busy errors %u, other errors %u;"
           " per check-in median %.2f ms, p99 %.2f ms, slowest %.2f ms\n",
           what, outcome->ms->len, wall_s, outcome->busy, outcome->failed,
           sl_bench_percentile (outcome->ms, 50), sl_bench_percentile (outcome->ms, 99),
           sl_bench_percentile (outcome->ms, 100));
}

int
main (int    argc,
      char **argv)
{
  guint n_entrants = sl_bench_env_uint ("STARTLINE_BENCH_ENTRANTS", 50000);
  guint n_desks = sl_bench_env_uint ("STARTLINE_BENCH_DESKS", 8);
  guint per_desk = sl_bench_env_uint ("STARTLINE_BENCH_PER_DESK", 500);
  g_autofree char *dir = g_dir_make_tmp ("startline-bench-desks-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "event.sqlite", NULL);
  g_autofree char *entrants = g_strdup_printf ("%u", n_entrants);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) bibs = NULL;
  const char *cli = g_getenv ("STARTLINE_CLI");
  const char *init[] = { cli, "--db", path, "init", "--event", "Bench", "--date", "2026-04-26",
                         NULL };
  const char *demo[] = { cli, "--db", path, "demo", "--entrants", entrants, NULL };
  Outcome alone, together;
  gint64 start;
  double alone_s, together_s;
  int status = 0;

  g_assert_nonnull (cli);
  if (!g_spawn_sync (NULL, (char **)init, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &status, &error)
      || !g_spawn_sync (NULL, (char **)demo, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                        NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("cannot make the demo event: %s", error->message);
  bibs = registered_bibs (path);
  if (g_strv_length (bibs) < (n_desks + 1) * per_desk)
    g_error ("the event has only %u runners to check in", g_strv_length (bibs));

  g_print ("%u desk processes x %u check-ins at once, %u entrants, synchronous=FULL\n",
           n_desks, per_desk, n_entrants);

  start = g_get_monotonic_time ();
  alone = run_desks (path, bibs, 0, 1, per_desk);
  alone_s = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  print_outcome ("one desk alone (baseline)", &alone, alone_s);

  start = g_get_monotonic_time ();
  together = run_desks (path, bibs, per_desk, n_desks, per_desk);
  together_s = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  print_outcome ("all desks at once", &together, together_s);

  g_print ("median ratio (at once / alone): %.2fx; throughput %.0f vs %.0f check-ins/s\n",
           sl_bench_percentile (together.ms, 50) / sl_bench_percentile (alone.ms, 50),
           together.ms->len / together_s, alone.ms->len / alone_s);

  g_array_unref (alone.ms);
  g_array_unref (together.ms);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
