/* bench-bookers.c — a crowd of processes booking the last places of a
 * facility's slot at once, on a file or on a server event
 *
 * Forty processes (STARTLINE_BENCH_BOOKERS), each with a connection of its
 * own and signed in, book the last ten places (STARTLINE_BENCH_PLACES) of
 * a slot whose other places (three times as many) are booked already, all
 * released together once every one is ready. Exactly ten must be
 * confirmed and the rest waiting, none failed; the slot is read back.
 * Prints the counts and the median and p99 time of one booking (open and
 * sign-in not counted); exits 1 when a count is wrong, never on time.
 *
 * STARTLINE_BENCH_STORE=postgres: the event is a new database on the
 * server named by STARTLINE_TEST_PG (run under tests/with-pg-cluster.sh);
 * otherwise a file in a temporary folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sl-core.h"
#include "sl-bench-proc.h"

#define ADMIN "Bench Admin"
#define PASS "bench admin passphrase"
#define SLOT (9 * 60)

static guint n_wrong;

/* A new database on the test server (its location), or NULL for a file. */
static char *
server_location_new (void)
{
  const char *server = g_getenv ("STARTLINE_TEST_PG");
  g_autofree char *name = g_strdup_printf ("sl_bench_bookers_%d", (int)getpid ());
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);

  if (g_strcmp0 (g_getenv ("STARTLINE_BENCH_STORE"), "postgres") != 0)
    return NULL;
  if (server == NULL || *server == '\0')
    sl_bench_fail ("STARTLINE_BENCH_STORE=postgres",
                   "needs STARTLINE_TEST_PG (run under tests/with-pg-cluster.sh)");
  PQclear (sl_test_pg_admin (NULL, sql));
  return g_strdup_printf ("%s dbname=%s", server, name);
}

/* The event: an admin, the entrants, the facility and its booked places. */
static gint64
prepare (const char *location,
         guint       n_before,
         guint       n_places,
         guint       n_bookers,
         GArray     *ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_create (location, "Bookers", "2026-04-26", &error);
  SlFacility facility = { 0 };
  SlBookResult result = { 0 };
  gint64 facility_id = 0;

  if (db == NULL || !sl_db_add_staff (db, ADMIN, SL_ROLE_ADMIN, PASS, &error)
      || !sl_db_sign_in (db, ADMIN, PASS, &error))
    sl_bench_die ("event", error);
  for (guint i = 0; i < n_before + n_bookers; i++)
    {
      g_autoptr(SlEntrant) e = sl_entrant_new ();

      e->bib = g_strdup_printf ("%u", 1000 + i);
      e->first_name = g_strdup ("Pat");
      e->last_name = g_strdup_printf ("Booker%03u", i);
      if (!sl_db_insert_entrant (db, e, &error))
        sl_bench_die ("entrant", error);
      g_array_append_val (ids, e->id);
    }
  facility.kind = SL_FACILITY_QUIET_SPACE;
  facility.name = (char *)"Contested space";
  facility.capacity = (int)(n_before + n_places);
  facility.opens = 8 * 60;
  facility.closes = 12 * 60;
  facility.slot_minutes = 30;
  if (!sl_db_add_facility (db, &facility, &facility_id, &error))
    sl_bench_die ("facility", error);
  for (guint i = 0; i < n_before; i++)
    if (!sl_db_book (db, facility_id, g_array_index (ids, gint64, i), 0, SLOT, 1, &result,
                     &error))
      sl_bench_die ("book", error);
  sl_db_sign_out (db);
  return facility_id;
}

/* One booker: open, sign in, say ready, wait, book; writes what it was
 * told ('c' confirmed, 'w' waiting, 'e' an error), the milliseconds and
 * the message.
 */
static G_NORETURN void
run_booker (const char *location,
            gint64      facility_id,
            gint64      entrant_id,
            int         ready_fd,
            int         start_fd,
            int         out_fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *line = NULL;
  SlBookResult result = { 0 };
  gint64 start;
  double ms;
  char c;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (!(db = sl_db_open (location, &error)) || !sl_db_sign_in (db, ADMIN, PASS, &error))
    {
      g_printerr ("booker: %s\n", error->message);
      _exit (3);
    }
  sl_bench_write_all (ready_fd, "r");
  if (read (start_fd, &c, 1) != 0)
    _exit (4);
  start = g_get_monotonic_time ();
  if (!sl_db_book (db, facility_id, entrant_id, 0, SLOT, 1, &result, &error))
    c = 'e';
  else
    c = result.status == SL_BOOKING_CONFIRMED ? 'c' : 'w';
  ms = (double)(g_get_monotonic_time () - start) / 1000.0;
  line = g_strdup_printf ("%c\t%.4f\t%s\n", c, ms, error != NULL ? error->message : "");
  sl_bench_write_all (out_fd, line);
  _exit (0);
}

/* Starts the bookers, lets them go together once all are ready, and
 * returns what each wrote.
 */
static GPtrArray *
run_bookers (const char *location,
             gint64      facility_id,
             const gint64 *entrant_ids,
             guint       n)
{
  g_autofree pid_t *pids = g_new0 (pid_t, n);
  g_autofree int *outs = g_new0 (int, n);
  GPtrArray *outputs = g_ptr_array_new_with_free_func (g_free);
  int start[2], ready[2];
  char c;

  if (pipe (start) != 0 || pipe (ready) != 0)
    sl_bench_fail ("pipe", g_strerror (errno));
  for (guint i = 0; i < n; i++)
    {
      int out[2];

      if (pipe (out) != 0 || (pids[i] = fork ()) < 0)
        sl_bench_fail ("fork", g_strerror (errno));
      if (pids[i] == 0)
        {
          close (start[1]);
          close (ready[0]);
          close (out[0]);
          run_booker (location, facility_id, entrant_ids[i], ready[1], start[0], out[1]);
        }
      close (out[1]);
      outs[i] = out[0];
    }
  close (ready[1]);
  for (guint i = 0; i < n; i++)
    if (read (ready[0], &c, 1) != 1)
      sl_bench_fail ("bookers", "one did not get ready");
  close (ready[0]);
  close (start[0]);
  close (start[1]);
  for (guint i = 0; i < n; i++)
    {
      int status = 0;

      g_ptr_array_add (outputs, sl_bench_read_all (outs[i]));
      waitpid (pids[i], &status, 0);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          g_printerr ("bench-bookers: booker %u ended with status %d\n", i + 1, status);
          n_wrong++;
        }
    }
  return outputs;
}

int
main (int    argc,
      char **argv)
{
  guint n_bookers = sl_bench_env_uint ("STARTLINE_BENCH_BOOKERS", 40);
  guint n_places = sl_bench_env_uint ("STARTLINE_BENCH_PLACES", 10);
  guint n_before = 3 * n_places;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *location = server_location_new ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlFacility) read_back = NULL;
  guint n_confirmed = 0, n_waiting = 0, n_failed = 0;
  gint64 facility_id, wall;

  if (location == NULL)
    {
      if (!(dir = g_dir_make_tmp ("bench-bookers-XXXXXX", &error)))
        sl_bench_die ("temporary folder", error);
      location = g_build_filename (dir, "bookers.startline", NULL);
    }
  facility_id = prepare (location, n_before, n_places, n_bookers, ids);
  g_print ("%s: %u processes booking the last %u places of a slot of %u\n",
           dir == NULL ? "server" : "file", n_bookers, n_places, n_before + n_places);
  wall = g_get_monotonic_time ();
  outputs = run_bookers (location, facility_id, &g_array_index (ids, gint64, n_before), n_bookers);
  wall = g_get_monotonic_time () - wall;
  for (guint i = 0; i < outputs->len; i++)
    {
      g_auto(GStrv) f = g_strsplit (outputs->pdata[i], "\t", 3);
      double t;

      if (f[0] == NULL || f[1] == NULL)
        {
          n_failed++;
          continue;
        }
      t = g_ascii_strtod (f[1], NULL);
      g_array_append_val (ms, t);
      if (f[0][0] == 'c')
        n_confirmed++;
      else if (f[0][0] == 'w')
        n_waiting++;
      else
        {
          n_failed++;
          g_printerr ("booker %u: %s", i + 1, f[2]);
        }
    }
  sl_bench_expect ("bookings confirmed", n_confirmed, n_places, &n_wrong);
  sl_bench_expect ("bookings waiting", n_waiting, n_bookers - n_places, &n_wrong);
  sl_bench_expect ("bookings failed", n_failed, 0, &n_wrong);
  if (!(db = sl_db_open (location, &error)) || !sl_db_sign_in (db, ADMIN, PASS, &error)
      || !(read_back = sl_db_dup_facility (db, facility_id, &error)))
    sl_bench_die ("read back", error);
  sl_bench_expect ("people confirmed in the slot, read back", read_back->confirmed,
                   n_before + n_places, &n_wrong);
  sl_bench_expect ("people waiting in the slot, read back", read_back->waiting,
                   n_bookers - n_places, &n_wrong);
  g_print ("booking (%u, all within %.1f ms): median %.2f ms, p99 %.2f ms, slowest %.2f ms\n",
           ms->len, (double)wall / 1000.0, sl_bench_median (ms),
           sl_bench_percentile (ms, 99), sl_bench_percentile (ms, 100));
  sl_db_sign_out (db);
  g_clear_object (&db);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (location, "-wal", NULL);
      g_autofree char *shm = g_strconcat (location, "-shm", NULL);

      g_unlink (location);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  g_print ("%s\n", n_wrong == 0 ? "all counts right" : "SOME COUNTS WRONG");
  return n_wrong == 0 ? 0 : 1;
}
