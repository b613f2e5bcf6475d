/* bench-contest.c — desks fighting over the same people, on one SQLite
 * event or one PostgreSQL server event
 *
 * Eight desk processes (STARTLINE_BENCH_DESKS) on a 50,000-entrant demo
 * event (STARTLINE_BENCH_ENTRANTS) check in 6,000 distinct people between
 * them (STARTLINE_BENCH_DISTINCT), each its own share, and every desk also
 * all of the same 500 (STARTLINE_BENCH_CONTESTED), each desk in an order
 * of its own, all starting together. Afterwards the event itself is
 * counted: no one checked in twice, every acknowledged check-in in the
 * log at the desk that was told so and nothing else there, each contested
 * person acknowledged once, and every refusal "already checked in" naming
 * the desk the log has. (The crowd booking the last places of a slot is
 * bench-bookers.c, on both stores.)
 *
 * Prints the counts and the median and p99 check-in; exits 1 when a count
 * is wrong, never on time. The data suite runs it with small numbers
 * (test "contest"); `meson test -C build --benchmark contest` at full size.
 *
 * With STARTLINE_BENCH_STORE=postgres (under tests/with-pg-cluster.sh,
 * which names the server in STARTLINE_TEST_PG, and with --tcp PORT in
 * STARTLINE_TEST_PG_TCP too) the event is a database on that server,
 * filled by an import of the demo's CSV, and the contested run is made
 * over the Unix socket and over TCP on 127.0.0.1, each unpaced (every desk
 * as fast as it can) and paced (each desk one check-in per
 * STARTLINE_BENCH_PACE_MS, 250: a desk's volunteer), every run with
 * people of its own. Meanwhile a searching desk types what volunteers
 * type (search p99 under load) and a watching desk polls the data version
 * every STARTLINE_BENCH_POLL_MS (500, as the desk page does) until it
 * sees Desk 1's check-ins (the delay from Desk 1's acknowledgement).
 * `meson test -C build --benchmark contest-pg` at full size (30 desks);
 * the pg suite's `contest-pg` runs it small.
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
#include <libpq-fe.h>
#include <sqlite3.h>

#include "sl-core.h"
#include "sl-demo.h"
#include "sl-import.h"
#include "sl-bench-proc.h"

#define SEED 2026

/* What a desk was told, per check-in. */
enum
{
  TOLD_CHECKED_IN = 'c',
  TOLD_ALREADY = 'a',   /* SL_CHECKIN_ERROR_ALREADY_CHECKED_IN */
  TOLD_BUSY = 'b',
  TOLD_OTHER = 'e',
};

static guint n_wrong;

/* The event on a PostgreSQL server (STARTLINE_BENCH_STORE=postgres): the
 * server's connection string and the event database's name.
 */
static const char *pg_server;
static char *pg_dbname;

/* Set by SIGUSR1: the searching and watching desks stop. */
static volatile sig_atomic_t stop_requested;

typedef struct
{
  GPtrArray *bibs;  /* registered runners, in a random order */
  GArray    *ids;   /* gint64, theirs */
} Runners;

static void
read_runners (const char *path,
              Runners    *runners)
{
  const char *sql = "SELECT bib, id FROM entrant WHERE status = 'registered' ORDER BY random()";
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  runners->bibs = g_ptr_array_new_with_free_func (g_free);
  runners->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (pg_server != NULL)
    {
      PGresult *res = sl_test_pg_admin (pg_dbname, sql);

      for (int i = 0; i < PQntuples (res); i++)
        {
          gint64 id = g_ascii_strtoll (PQgetvalue (res, i, 1), NULL, 10);

          g_ptr_array_add (runners->bibs, g_strdup (PQgetvalue (res, i, 0)));
          g_array_append_val (runners->ids, id);
        }
      PQclear (res);
      return;
    }
  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    sl_bench_die ("cannot read the runners", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 1);

      g_ptr_array_add (runners->bibs, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      g_array_append_val (runners->ids, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
}

/* One desk process: opens the event, waits for the start, checks in its
 * bibs in an order of its own (one every pace_ms when that is not 0, from
 * a moment of its own in the first pace) and writes a line per check-in:
 * what it was told, the milliseconds, the bib, when it was told
 * (g_get_monotonic_time, the same clock in every process) and the
 * message.
 */
static G_NORETURN void
run_desk (const char        *path,
          GPtrArray         *bibs,
          guint              desk_no,
          guint              pace_ms,
          int                start_fd,
          int                out_fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *desk = g_strdup_printf ("Desk %u", desk_no);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + desk_no);
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 pace_us = (gint64)pace_ms * 1000;
  gint64 first;
  char c;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (!(db = sl_db_open_full (path, SL_DB_OPEN_DEFER_CHECK, &error)))
    {
      g_printerr ("desk %u: %s\n", desk_no, error->message);
      _exit (3);
    }
  sl_db_set_actor (db, "Bench", desk);
  for (guint i = bibs->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32)i);
      gpointer bib = bibs->pdata[i - 1];

      bibs->pdata[i - 1] = bibs->pdata[j];
      bibs->pdata[j] = bib;
    }
  if (read (start_fd, &c, 1) != 0)
    _exit (4);
  first = g_get_monotonic_time () + (pace_us > 0 ? g_rand_int_range (rand, 0, (gint32)pace_us) : 0);

  for (guint i = 0; i < bibs->len; i++)
    {
      const char *bib = bibs->pdata[i];
      gint64 start = g_get_monotonic_time ();
      g_autoptr(SlEntrant) entrant = NULL;
      gint64 end;
      char told = TOLD_CHECKED_IN;

      if (pace_us > 0 && start < first + (gint64)i * pace_us)
        {
          g_usleep ((gulong)(first + (gint64)i * pace_us - start));
          start = g_get_monotonic_time ();
        }
      entrant = sl_db_check_in (db, bib, desk, &error);
      end = g_get_monotonic_time ();
      if (entrant == NULL && g_error_matches (error, SL_CHECKIN_ERROR,
                                              SL_CHECKIN_ERROR_ALREADY_CHECKED_IN))
        told = TOLD_ALREADY;
      else if (entrant == NULL)
        told = g_error_matches (error, SL_DB_ERROR, SL_DB_ERROR_BUSY) ? TOLD_BUSY : TOLD_OTHER;
      g_string_append_printf (out, "%c\t%.4f\t%s\t%" G_GINT64_FORMAT "\t%s\n", told,
                              (double)(end - start) / 1000.0, bib, end,
                              error != NULL ? error->message : "");
      g_clear_error (&error);
    }
  sl_bench_write_all (out_fd, out->str);
  _exit (0);
}

static void
on_stop (int signum)
{
  stop_requested = 1;
}

/* Starts n processes, each run by start_one (i, start_fd, out_fd) after
 * fork; once all are started, lets them go together. Processes from
 * n_until on run until those before them have ended: then they are sent
 * SIGUSR1 (the searching and watching desks stop at stop_requested).
 * Returns what each wrote, in order.
 */
typedef void (*StartFunc) (guint i, int start_fd, int out_fd, gpointer data);

static GPtrArray *
run_together (guint     n,
              guint     n_until,
              StartFunc start_one,
              gpointer  data)
{
  g_autofree pid_t *pids = g_new0 (pid_t, n);
  g_autofree int *outs = g_new0 (int, n);
  GPtrArray *outputs = g_ptr_array_new_with_free_func (g_free);
  int start[2];

  if (pipe (start) != 0)
    sl_bench_die ("pipe", NULL);
  signal (SIGUSR1, on_stop);
  for (guint i = 0; i < n; i++)
    {
      int out[2];

      if (pipe (out) != 0)
        sl_bench_die ("pipe", NULL);
      pids[i] = fork ();
      if (pids[i] < 0)
        sl_bench_die ("fork", NULL);
      if (pids[i] == 0)
        {
          close (start[1]);
          close (out[0]);
          start_one (i, start[0], out[1], data);
          _exit (6);
        }
      close (out[1]);
      outs[i] = out[0];
    }
  /* Every process opens the event (and signs in) first. */
  g_usleep (G_USEC_PER_SEC);
  close (start[0]);
  close (start[1]);
  for (guint i = 0; i < n; i++)
    {
      int status = 0;

      if (i >= n_until)
        kill (pids[i], SIGUSR1);
      g_ptr_array_add (outputs, sl_bench_read_all (outs[i]));
      waitpid (pids[i], &status, 0);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          g_printerr ("bench-contest: process %u ended with status %d\n", i + 1, status);
          n_wrong++;
        }
    }
  return outputs;
}

/* ---- Searching and watching while the desks check in ---------------------- */

/* n queries from random entrants of ids. */
static GPtrArray *
make_queries (SlDb   *db,
              GArray *ids,
              guint   n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED - 1);
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = g_array_index (ids, gint64, g_rand_int_range (rand, 0, (gint32)ids->len));
      g_autoptr(SlEntrant) e = sl_db_dup_entrant (db, id, &error);

      if (e == NULL)
        sl_bench_die ("a query's entrant", error);
      g_ptr_array_add (queries, sl_bench_dup_query (e, rand, i));
    }
  return queries;
}

/* One search as the desk makes it; its milliseconds. */
static double
time_search (SlDb       *db,
             const char *q)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n_matches = 0;
  g_autoptr(GPtrArray) hits = sl_db_search_counted (db, q, 50, &n_matches, &error);
  double ms = (double)(g_get_monotonic_time () - start) / 1000.0;

  if (hits == NULL || hits->len == 0)
    {
      g_printerr ("search \"%s\": %s\n", q, error != NULL ? error->message : "nobody");
      exit (7);
    }
  return ms;
}

/* The searching desk: searches (50 shown, counted, as the desk does)
 * about every 20 ms until stopped; a line of milliseconds per search.
 */
static G_NORETURN void
run_searcher (const char *path,
              GArray     *ids,
              int         start_fd,
              int         out_fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  char c;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (!(db = sl_db_open_full (path, SL_DB_OPEN_DEFER_CHECK, &error)))
    {
      g_printerr ("searcher: %s\n", error->message);
      _exit (3);
    }
  queries = make_queries (db, ids, 400);
  if (read (start_fd, &c, 1) != 0)
    _exit (4);
  for (guint i = 0; !stop_requested; i++)
    {
      g_string_append_printf (out, "%.4f\n", time_search (db, queries->pdata[i % queries->len]));
      g_usleep (20000);
    }
  sl_bench_write_all (out_fd, out->str);
  _exit (0);
}

/* Search alone, before the runs: each query once, as bench-core does. */
static void
measure_search (const char *path,
                GArray     *ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_open (path, &error);
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  const char *slowest = "";
  double worst = 0;

  if (db == NULL)
    sl_bench_die ("open", error);
  queries = make_queries (db, ids, 800);
  for (guint i = 0; i < queries->len; i++)
    {
      double v = time_search (db, queries->pdata[i]);

      if (v > worst)
        worst = v, slowest = queries->pdata[i];
      if (g_getenv ("STARTLINE_BENCH_SHOW_SLOW") != NULL && v > 10)
        g_print ("  %.1f ms: %s\n", v, (char *)queries->pdata[i]);
      g_array_append_val (ms, v);
    }
  g_array_sort (ms, sl_bench_compare_doubles);
  g_print ("search, nothing else running (%u, 50 shown, counted): median %.2f ms, p99 %.2f ms,"
           " slowest %.2f ms for \"%s\" (target p99 < 5 ms)\n", ms->len,
           sl_bench_percentile (ms, 50), sl_bench_percentile (ms, 99), worst, slowest);
}

/* The watching desk: polls the data version every poll_ms (as the desk
 * page does), and on a change reads the watched people again; a line per
 * person once seen checked in: the bib and when the reading ended.
 */
static G_NORETURN void
run_watcher (const char *path,
             GPtrArray  *bibs,
             guint       poll_ms,
             int         start_fd,
             int         out_fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree gboolean *seen = g_new0 (gboolean, bibs->len);
  char c;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (!(db = sl_db_open_full (path, SL_DB_OPEN_DEFER_CHECK, &error)))
    {
      g_printerr ("watcher: %s\n", error->message);
      _exit (3);
    }
  sl_db_poll_changes (db, NULL);
  if (read (start_fd, &c, 1) != 0)
    _exit (4);
  while (!stop_requested)
    {
      g_usleep ((gulong)poll_ms * 1000);
      if (!sl_db_poll_changes (db, &error))
        {
          if (error != NULL)
            g_printerr ("watcher: %s\n", error->message);
          g_clear_error (&error);
          continue;
        }
      for (guint i = 0; i < bibs->len; i++)
        {
          g_autoptr(SlEntrant) e = seen[i] ? NULL
                                            : sl_db_dup_entrant_by_code (db, bibs->pdata[i], NULL);

          if (e != NULL && e->status == SL_STATUS_CHECKED_IN)
            {
              seen[i] = TRUE;
              g_string_append_printf (out, "%s\t%" G_GINT64_FORMAT "\n", (char *)bibs->pdata[i],
                                      g_get_monotonic_time ());
            }
        }
    }
  sl_bench_write_all (out_fd, out->str);
  _exit (0);
}

/* One contested run: n_desks desk processes on people from first on (the
 * same n_contested each, then each its own per_desk), and after them the
 * searching and the watching desk.
 */
typedef struct
{
  const char *path;
  Runners    *runners;
  guint       first;
  guint       n_desks;
  guint       n_contested;
  guint       per_desk;
  guint       pace_ms;
  guint       poll_ms;
} Desks;

/* Desk 1's people the watching desk watches. */
#define N_WATCHED 40

static void
start_desk (guint    i,
            int      start_fd,
            int      out_fd,
            gpointer data)
{
  Desks *desks = data;
  GPtrArray *bibs = g_ptr_array_new ();
  /* Desk i's own people; the watching desk's are Desk 1's. */
  guint own = desks->first + desks->n_contested + (i < desks->n_desks ? i : 0) * desks->per_desk;

  if (i == desks->n_desks)
    run_searcher (desks->path, desks->runners->ids, start_fd, out_fd);
  if (i == desks->n_desks + 1)
    {
      for (guint k = own; k < own + MIN (desks->per_desk, N_WATCHED); k++)
        g_ptr_array_add (bibs, desks->runners->bibs->pdata[k]);
      run_watcher (desks->path, bibs, desks->poll_ms, start_fd, out_fd);
    }
  for (guint k = desks->first; k < desks->first + desks->n_contested; k++)
    g_ptr_array_add (bibs, desks->runners->bibs->pdata[k]);
  for (guint k = own; k < own + desks->per_desk; k++)
    g_ptr_array_add (bibs, desks->runners->bibs->pdata[k]);
  run_desk (desks->path, bibs, i + 1, desks->pace_ms, start_fd, out_fd);
}

/* The check-in log as it stands: bib → desk of each un-undone check-in,
 * and how many people have more than one.
 */
static GHashTable *
read_log (const char *path,
          gint64     *n_doubled,
          gint64     *n_rows)
{
  const char *sql = "SELECT e.bib, max(c.desk),"
                    "  sum(CASE c.action WHEN 'check-in' THEN 1 ELSE 0 END)"
                    "  - sum(CASE c.action WHEN 'undo' THEN 1 ELSE 0 END), count(*)"
                    " FROM checkin_event c JOIN entrant e ON e.id = c.entrant_id"
                    " GROUP BY c.entrant_id, e.bib";
  GHashTable *desk_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  *n_doubled = 0;
  *n_rows = 0;
  if (pg_server != NULL)
    {
      PGresult *res = sl_test_pg_admin (pg_dbname, sql);

      for (int i = 0; i < PQntuples (res); i++)
        {
          if (g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10) > 1)
            (*n_doubled)++;
          *n_rows += g_ascii_strtoll (PQgetvalue (res, i, 3), NULL, 10);
          g_hash_table_insert (desk_of, g_strdup (PQgetvalue (res, i, 0)),
                               g_strdup (PQgetvalue (res, i, 1)));
        }
      PQclear (res);
      return desk_of;
    }
  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    sl_bench_die ("cannot read the check-in log", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (sqlite3_column_int64 (stmt, 2) > 1)
        (*n_doubled)++;
      *n_rows += sqlite3_column_int64 (stmt, 3);
      g_hash_table_insert (desk_of, g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                           g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return desk_of;
}

/* What a run measured, for the comparisons printed at the end. */
typedef struct
{
  double median;
  double p99;
  double search_p99;
} RunFigures;

/* The searching desk's figures; the watching desk's delays from Desk 1's
 * acknowledgements (acked: bib → when Desk 1 was told).
 */
static void
print_search_and_watch (const char *search_out,
                        const char *watch_out,
                        GHashTable *acked,
                        RunFigures *figures)
{
  g_auto(GStrv) lines = g_strsplit (search_out, "\n", -1);
  g_auto(GStrv) seen = g_strsplit (watch_out, "\n", -1);
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      double v = g_ascii_strtod (lines[i], NULL);

      g_array_append_val (ms, v);
    }
  g_array_sort (ms, sl_bench_compare_doubles);
  figures->search_p99 = sl_bench_percentile (ms, 99);
  g_print ("search during the run (%u, 50 shown, counted): median %.2f ms, p99 %.2f ms"
           " (target p99 < 5 ms)\n", ms->len, sl_bench_percentile (ms, 50), figures->search_p99);
  for (guint i = 0; seen[i] != NULL && *seen[i] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (seen[i], "\t", 2);
      gpointer at = g_hash_table_lookup (acked, f[0]);
      double delay;

      if (g_strv_length (f) != 2 || at == NULL)
        continue;
      delay = (double)(g_ascii_strtoll (f[1], NULL, 10) - *(gint64 *)at) / 1000.0;
      g_array_append_val (delays, delay);
    }
  g_array_sort (delays, sl_bench_compare_doubles);
  g_print ("another desk sees Desk 1's check-in (%u, polling as the desk page): median %.0f ms,"
           " slowest %.0f ms (target 1000 ms)\n", delays->len,
           sl_bench_percentile (delays, 50), sl_bench_percentile (delays, 100));
}

static void
contest_check_ins (Desks      *desks,
                   const char *label,
                   RunFigures *figures)
{
  static gint64 n_logged_before;
  Runners *runners = desks->runners;
  guint n_desks = desks->n_desks;
  guint n_contested = desks->n_contested;
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(GHashTable) desk_of = NULL;
  g_autoptr(GHashTable) acks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ms_done = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 n_done = 0, n_already = 0, n_busy = 0, n_other = 0, n_lost = 0, n_wrong_desk = 0;
  gint64 n_doubled, n_rows, n_contested_once = 0;
  gint64 start;
  double wall_s;

  if (runners->bibs->len < desks->first + n_contested + desks->per_desk * n_desks)
    sl_bench_die ("the event has too few runners to check in", NULL);
  g_print ("\n%s: %u desk processes, %u distinct people between them and the same %u each,"
           " %s\n", label, n_desks, desks->per_desk * n_desks, n_contested,
           desks->pace_ms > 0 ? "paced" : "unpaced");
  if (desks->pace_ms > 0)
    g_print ("each desk one check-in every %u ms\n", desks->pace_ms);
  start = g_get_monotonic_time ();
  outputs = run_together (n_desks + 2, n_desks, start_desk, desks);
  wall_s = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  desk_of = read_log (desks->path, &n_doubled, &n_rows);

  for (guint d = 0; d < n_desks; d++)
    {
      g_auto(GStrv) lines = g_strsplit (outputs->pdata[d], "\n", -1);
      g_autofree char *desk = g_strdup_printf ("Desk %u", d + 1);
      g_autofree char *at_desk = NULL;

      for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
        {
          g_auto(GStrv) f = g_strsplit (lines[i], "\t", 5);
          const char *logged;
          double elapsed;

          if (g_strv_length (f) != 5)
            sl_bench_die ("a desk's line", NULL);
          elapsed = g_ascii_strtod (f[1], NULL);
          g_array_append_val (ms, elapsed);
          logged = g_hash_table_lookup (desk_of, f[2]);
          switch (f[0][0])
            {
            case TOLD_CHECKED_IN:
              n_done++;
              g_array_append_val (ms_done, elapsed);
              /* Acknowledged: in the log, at this desk. */
              if (g_strcmp0 (logged, desk) != 0)
                n_lost++;
              if (!g_hash_table_add (acks, g_strdup (f[2])))
                n_doubled++;
              if (d == 0)
                g_hash_table_insert (acked, g_strdup (f[2]),
                                     g_memdup2 (&(gint64) { g_ascii_strtoll (f[3], NULL, 10) },
                                                sizeof (gint64)));
              break;
            case TOLD_ALREADY:
              {
                g_autofree char *suffix = g_strdup_printf (" at %s", logged);

                n_already++;
                /* Refused: by the desk the log has, and never by its own. */
                if (logged == NULL || g_strcmp0 (logged, desk) == 0
                    || !g_str_has_suffix (f[4], suffix))
                  n_wrong_desk++;
              }
              break;
            case TOLD_BUSY:
              n_busy++;
              g_printerr ("%s, bib %s: %s\n", desk, f[2], f[4]);
              break;
            default:
              n_other++;
              g_printerr ("%s, bib %s: %s\n", desk, f[2], f[4]);
              break;
            }
        }
    }
  for (guint k = desks->first; k < desks->first + n_contested; k++)
    if (g_hash_table_contains (acks, runners->bibs->pdata[k]))
      n_contested_once++;

  sl_bench_expect ("check-ins acknowledged", n_done,
                   desks->per_desk * n_desks + n_contested, &n_wrong);
  sl_bench_expect ("refused: already checked in", n_already,
                   (gint64)(n_desks - 1) * n_contested, &n_wrong);
  sl_bench_expect ("refusals not naming the desk in the log", n_wrong_desk, 0, &n_wrong);
  sl_bench_expect ("double check-ins", n_doubled, 0, &n_wrong);
  sl_bench_expect ("lost (acknowledged, not in the log at that desk)", n_lost, 0, &n_wrong);
  sl_bench_expect ("rows in the log (this run)", n_rows - n_logged_before, n_done, &n_wrong);
  sl_bench_expect ("contested people checked in once", n_contested_once, n_contested, &n_wrong);
  sl_bench_expect ("busy errors", n_busy, 0, &n_wrong);
  sl_bench_expect ("other errors", n_other, 0, &n_wrong);
  n_logged_before = n_rows;
  g_array_sort (ms, sl_bench_compare_doubles);
  g_array_sort (ms_done, sl_bench_compare_doubles);
  figures->median = sl_bench_percentile (ms, 50);
  figures->p99 = sl_bench_percentile (ms, 99);
  g_print ("check-in (all %u, %.2f s): median %.2f ms, p99 %.2f ms, slowest %.2f ms\n",
           ms->len, wall_s, figures->median, figures->p99, sl_bench_percentile (ms, 100));
  g_print ("check-in (written, %u): median %.2f ms, p99 %.2f ms\n", ms_done->len,
           sl_bench_percentile (ms_done, 50), sl_bench_percentile (ms_done, 99));
  print_search_and_watch (outputs->pdata[n_desks], outputs->pdata[n_desks + 1], acked, figures);
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

/* A new database on the server with the event, filled by importing the
 * demo's CSV (the same people as the demo; facilities and needs are not
 * yet on server events). Returns its location over the Unix socket.
 */
static char *
make_pg_event (const char *dir,
               guint       n_entrants)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (dir, "entrants.csv", NULL);
  g_autofree char *create = NULL;
  g_autoptr(SlImportResult) result = NULL;
  const char *template = g_getenv ("STARTLINE_BENCH_PG_TEMPLATE");
  SlImportOptions options = { 0 };
  char *location;
  SlDb *db;
  gint64 start;

  pg_dbname = g_strdup_printf ("bench_contest_%d", (int)getpid ());
  location = g_strdup_printf ("%s dbname=%s", pg_server, pg_dbname);
  /* STARTLINE_BENCH_PG_TEMPLATE: a database left by an earlier run on
   * the same server, copied instead of imported again.
   */
  if (template != NULL && *template != '\0')
    {
      g_autofree char *exists = g_strdup_printf ("SELECT 1 FROM pg_database WHERE datname = '%s'",
                                                 template);
      PGresult *res = sl_test_pg_admin (NULL, exists);
      gboolean found = PQntuples (res) > 0;

      PQclear (res);
      if (found)
        {
          create = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", pg_dbname, template);
          PQclear (sl_test_pg_admin (NULL, create));
          g_print ("server event: copied from %s\n", template);
          return location;
        }
    }
  create = g_strdup_printf ("CREATE DATABASE %s", pg_dbname);
  PQclear (sl_test_pg_admin (NULL, create));
  options.add_missing = TRUE;
  start = g_get_monotonic_time ();
  if (!sl_demo_write_csv (csv, n_entrants, SEED, &error)
      || !(db = sl_db_create (location, "Contest", "2026-04-26", &error))
      || !(result = sl_db_import_csv (db, csv, &options, NULL, NULL, NULL, NULL, &error)))
    sl_bench_die ("the server event", error);
  g_object_unref (db);
  g_unlink (csv);
  PQclear (sl_test_pg_admin (pg_dbname, "VACUUM ANALYZE"));
  if (template != NULL && *template != '\0')
    {
      g_free (create);
      create = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", template, pg_dbname);
      PQclear (sl_test_pg_admin (NULL, create));
    }
  g_print ("server event: %u entrants imported in %.1f s\n", result->imported,
           (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  return location;
}

/* The audit chain of the event, verified after the runs. */
static void
expect_audit_verifies (const char *location)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_open (location, &error);
  gint64 n = 0, bad = 0;

  if (db == NULL || !sl_db_verify_audit (db, &n, &bad, &error))
    sl_bench_die ("audit", error);
  g_print ("audit entries: %" G_GINT64_FORMAT "\n", n);
  sl_bench_expect ("audit chain: first bad entry", bad, 0, &n_wrong);
}

static void
print_ratio (const char       *what,
             const RunFigures *unix_socket,
             const RunFigures *tcp)
{
  g_print ("TCP/Unix, %s: median %.2f / %.2f ms = %.2f, p99 %.2f / %.2f ms = %.2f\n", what,
           tcp->median, unix_socket->median, tcp->median / MAX (unix_socket->median, 1e-9),
           tcp->p99, unix_socket->p99, tcp->p99 / MAX (unix_socket->p99, 1e-9));
}

/* The contested run over the Unix socket and over TCP, unpaced and paced,
 * each with people of its own.
 */
static void
contest_on_server (const char *location,
                   Runners    *runners,
                   Desks      *desks)
{
  const char *tcp_server = g_getenv ("STARTLINE_TEST_PG_TCP");
  g_autofree char *tcp = NULL;
  guint pace_ms = sl_bench_env_uint ("STARTLINE_BENCH_PACE_MS", 250);
  guint per_run = desks->n_contested + desks->per_desk * desks->n_desks;
  RunFigures figures[2][2] = { 0 };
  const char *transports[2] = { "Unix socket", "TCP 127.0.0.1" };

  if (tcp_server != NULL && *tcp_server != '\0')
    tcp = g_strdup_printf ("%s dbname=%s", tcp_server, pg_dbname);
  for (guint t = 0; t < 2; t++)
    for (guint paced = 0; paced < 2; paced++)
      {
        g_autofree char *label = g_strdup_printf ("PostgreSQL over the %s", transports[t]);

        if (t == 1 && tcp == NULL)
          continue;
        desks->path = t == 0 ? location : tcp;
        desks->pace_ms = paced ? pace_ms : 0;
        contest_check_ins (desks, label, &figures[t][paced]);
        desks->first += per_run;
      }
  g_print ("\n");
  expect_audit_verifies (location);
  if (tcp == NULL)
    {
      g_print ("TCP: not measured (run under tests/with-pg-cluster.sh --tcp PORT)\n");
      return;
    }
  print_ratio ("unpaced", &figures[0][0], &figures[1][0]);
  print_ratio ("paced", &figures[0][1], &figures[1][1]);
}

int
main (int    argc,
      char **argv)
{
  guint n_entrants = sl_bench_env_uint ("STARTLINE_BENCH_ENTRANTS", 50000);
  guint n_distinct = sl_bench_env_uint ("STARTLINE_BENCH_DISTINCT", 6000);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-contest-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *passphrase = NULL;
  SlDb *db;
  Runners runners;
  Desks desks = { 0 };
  RunFigures figures = { 0 };

  if (dir == NULL)
    sl_bench_die ("temporary folder", error);
  if (g_strcmp0 (g_getenv ("STARTLINE_BENCH_STORE"), "postgres") == 0)
    {
      pg_server = g_getenv ("STARTLINE_TEST_PG");
      if (pg_server == NULL || *pg_server == '\0')
        sl_bench_die ("STARTLINE_BENCH_STORE=postgres needs a server: run under"
             " tests/with-pg-cluster.sh", NULL);
    }
  desks.runners = &runners;
  desks.n_desks = sl_bench_env_uint ("STARTLINE_BENCH_DESKS", pg_server != NULL ? 30 : 8);
  desks.n_contested = sl_bench_env_uint ("STARTLINE_BENCH_CONTESTED", 500);
  desks.per_desk = n_distinct / desks.n_desks;
  desks.poll_ms = sl_bench_env_uint ("STARTLINE_BENCH_POLL_MS", 500);
  if (pg_server != NULL)
    {
      path = make_pg_event (dir, n_entrants);
      read_runners (path, &runners);
      g_print ("entrants: %u (registered %u)\n", n_entrants, runners.bibs->len);
      measure_search (path, runners.ids);
      contest_on_server (path, &runners, &desks);
    }
  else
    {
      path = g_build_filename (dir, "contest.startline", NULL);
      /* Made and closed before any process starts: none inherits a connection. */
      if (!(db = sl_db_create (path, "Contest", "2026-04-26", &error))
          || !sl_db_add_demo_officer (db, SEED, &officer, &passphrase, &error)
          || !sl_db_generate_demo (db, n_entrants, SEED, NULL, NULL, NULL, &error))
        sl_bench_die ("demo", error);
      g_object_unref (db);
      read_runners (path, &runners);
      g_print ("entrants: %u (registered %u)\n", n_entrants, runners.bibs->len);
      measure_search (path, runners.ids);
      desks.path = path;
      contest_check_ins (&desks, "SQLite, synchronous=FULL", &figures);
    }

  g_ptr_array_unref (runners.bibs);
  g_array_unref (runners.ids);
  remove_dir (dir);
  g_print ("%s\n", n_wrong == 0 ? "all counts right" : "SOME COUNTS WRONG");
  return n_wrong == 0 ? 0 : 1;
}
