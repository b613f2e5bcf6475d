/* contest-pg.c — desks fighting over the same people on a server event,
 * and the server going away under them
 *
 *   contest-pg [--restart | --failover]
 *
 * Eight desk processes (STARTLINE_BENCH_DESKS) on a server event of 2,000
 * imported entrants (STARTLINE_BENCH_ENTRANTS) check in 800 distinct
 * people between them (STARTLINE_BENCH_DISTINCT), each its own share, and
 * every desk also all of the same 200 (STARTLINE_BENCH_CONTESTED), each in
 * an order of its own, all starting together. A check-in that fails with
 * the server unreachable is tried again by its desk, as a volunteer would,
 * with the same request id, until the desk is told it was recorded or
 * refused.
 *
 * --restart (under tests/with-pg-cluster.sh): once a third of the
 * check-ins are in, the server is stopped (pg_ctl stop -m fast), left down
 * for a second and started again. --failover (under tests/with-pg-pair.sh,
 * the desks on its multi-host URI): the primary is killed (pg_ctl stop -m
 * immediate) and, half a second later, the standby promoted. Both
 * scripts' STARTLINE_TEST_PG_CTL does it.
 *
 * Afterwards the event is read from the server: every acknowledged
 * check-in in the log once, at its desk; no one checked in twice; nothing
 * in the log no desk was told; each contested person acknowledged once;
 * every refusal "already checked in" naming the desk the log has; no
 * error but "Server unreachable" while the server was away; the audit
 * chain verifies. Prints the counts, the check-ins retried, and how soon
 * the desks were back. Exits 1 when a count is wrong, never on time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sl-core.h"
#include "sl-import.h"
#include "sl-bench-proc.h"

#define SEED 2026
/* A desk gives up on one check-in after this long (the server never came back). */
#define GIVE_UP_US (60 * G_USEC_PER_SEC)
#define RETRY_US (20 * 1000)

typedef enum
{
  FAIL_NONE,
  FAIL_RESTART,
  FAIL_FAILOVER,
} Failure;

/* What a desk was told, per check-in. */
enum
{
  TOLD_CHECKED_IN = 'c',
  TOLD_ALREADY = 'a',   /* SL_CHECKIN_ERROR_ALREADY_CHECKED_IN */
  TOLD_OTHER = 'e',
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static const char *server;   /* STARTLINE_TEST_PG */
static guint n_wrong;

/* The server's connection string for dbname (NULL: the server's own). */
static char *
conninfo_for (const char *dbname)
{
  return dbname != NULL ? g_strdup_printf ("%s dbname=%s", server, dbname) : g_strdup (server);
}

/* ---- The event ---------------------------------------------------------- */

/* A new database holding an event of n entrants, imported from a CSV;
 * its location.
 */
static char *
make_event (const char *dir,
            guint       n_entrants)
{
  static const char *firsts[] = { "Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("Bib,First name,Last name\n");
  g_autofree char *dbname = g_strdup_printf ("contest_%d", (int)getpid ());
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", dbname);
  g_autofree char *path = g_build_filename (dir, "entrants.csv", NULL);
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  char *location = conninfo_for (dbname);
  SlDb *db;

  PQclear (sl_test_pg_admin (NULL, create));
  for (guint i = 0; i < n_entrants; i++)
    g_string_append_printf (csv, "%u,%s,Runner%05u\n", 1001 + i, firsts[i % G_N_ELEMENTS (firsts)],
                            i);
  if (!g_file_set_contents (path, csv->str, (gssize)csv->len, &error))
    sl_bench_die ("entrants.csv", error);
  if (!(db = sl_db_create (location, "Contest", "2026-04-26", &error)))
    sl_bench_die ("create", error);
  result = sl_db_import_csv (db, path, NULL, NULL, NULL, NULL, &refused, &error);
  if (result == NULL || result->imported != n_entrants)
    sl_bench_die ("import", error);
  /* Closed before any desk starts: none inherits a connection. */
  g_object_unref (db);
  g_unlink (path);
  return location;
}

/* The registered runners' bibs, in a random order. */
static GPtrArray *
read_bibs (const char *dbname)
{
  g_autoptr(PGresult) res = sl_test_pg_admin (dbname,
                                              "SELECT bib FROM entrant"
                                              " WHERE status = 'registered' ORDER BY random ()");
  GPtrArray *bibs = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (bibs, g_strdup (PQgetvalue (res, i, 0)));
  return bibs;
}

/* ---- The desks ---------------------------------------------------------- */

/* One check-in as a volunteer makes it: tried again, with the same request
 * id, while the server is unreachable. One line: what the desk was told,
 * the milliseconds (retries included), the bib, the retries, those whose
 * message was not "Server unreachable", the monotonic time it ended, the
 * message.
 */
static void
check_in_one (SlDb       *db,
              const char *desk,
              const char *bib,
              GString    *out)
{
  g_autofree char *request_id = sl_check_in_request_id_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  gint64 start = g_get_monotonic_time ();
  guint retries = 0, unclear = 0;
  char told = TOLD_CHECKED_IN;

  for (;;)
    {
      entrant = sl_db_change_check_in (db, bib, 0, FALSE, desk, request_id, &error);
      if (entrant != NULL || sl_db_is_reachable (db)
          || g_get_monotonic_time () - start > GIVE_UP_US)
        break;
      if (!g_str_has_prefix (error->message, "Server unreachable"))
        {
          unclear++;
          g_printerr ("%s, bib %s, while away: %s\n", desk, bib, error->message);
        }
      retries++;
      g_clear_error (&error);
      g_usleep (RETRY_US);
    }
  if (entrant == NULL)
    told = g_error_matches (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_ALREADY_CHECKED_IN)
           ? TOLD_ALREADY : TOLD_OTHER;
  g_string_append_printf (out, "%c\t%.4f\t%s\t%u\t%u\t%" G_GINT64_FORMAT "\t%s\n", told,
                          (double)(g_get_monotonic_time () - start) / 1000.0, bib, retries,
                          unclear, g_get_monotonic_time (),
                          error != NULL ? error->message : "");
}

static G_NORETURN void
run_desk (const char *location,
          GPtrArray  *bibs,
          guint       desk_no,
          int         start_fd,
          int         out_fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *desk = g_strdup_printf ("Desk %u", desk_no);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + desk_no);
  g_autoptr(GString) out = g_string_new (NULL);
  char c;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (!(db = sl_db_open_full (location, SL_DB_OPEN_DEFER_CHECK, &error)))
    {
      g_printerr ("desk %u: %s\n", desk_no, error->message);
      _exit (3);
    }
  sl_db_set_actor (db, "Contest", desk);
  for (guint i = bibs->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32)i);
      gpointer bib = bibs->pdata[i - 1];

      bibs->pdata[i - 1] = bibs->pdata[j];
      bibs->pdata[j] = bib;
    }
  if (read (start_fd, &c, 1) != 0)
    _exit (4);
  for (guint i = 0; i < bibs->len; i++)
    check_in_one (db, desk, bibs->pdata[i], out);
  sl_bench_write_all (out_fd, out->str);
  _exit (0);
}

typedef struct
{
  const char *location;
  GPtrArray  *bibs;
  guint       n_desks;
  guint       n_contested;
  guint       per_desk;
  pid_t      *pids;
  int        *outs;
} Desks;

/* Forks the desks; each opens the event and waits on start_fd. */
static void
start_desks (Desks *desks,
             int    start[2])
{
  if (pipe (start) != 0)
    sl_bench_die ("pipe", NULL);
  for (guint i = 0; i < desks->n_desks; i++)
    {
      int out[2];

      if (pipe (out) != 0 || (desks->pids[i] = fork ()) < 0)
        sl_bench_die ("fork", NULL);
      if (desks->pids[i] == 0)
        {
          GPtrArray *bibs = g_ptr_array_new ();
          guint own = desks->n_contested + i * desks->per_desk;

          close (start[1]);
          close (out[0]);
          for (guint k = 0; k < desks->n_contested; k++)
            g_ptr_array_add (bibs, desks->bibs->pdata[k]);
          for (guint k = own; k < own + desks->per_desk; k++)
            g_ptr_array_add (bibs, desks->bibs->pdata[k]);
          run_desk (desks->location, bibs, i + 1, start[0], out[1]);
        }
      close (out[1]);
      desks->outs[i] = out[0];
    }
}

/* What each desk wrote, in order, once they have all ended. */
static GPtrArray *
collect_desks (Desks *desks)
{
  GPtrArray *outputs = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < desks->n_desks; i++)
    {
      int status = 0;

      g_ptr_array_add (outputs, sl_bench_read_all (desks->outs[i]));
      waitpid (desks->pids[i], &status, 0);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          g_printerr ("contest-pg: desk %u ended with status %d\n", i + 1, status);
          n_wrong++;
        }
    }
  return outputs;
}

/* ---- The failure -------------------------------------------------------- */

typedef struct
{
  gint64 struck;    /* monotonic µs: the stop or kill began */
  gint64 down;      /* it returned: the server is gone */
  gint64 back;      /* start or promote returned: writes are taken again */
} Outage;

static void
run_ctl (const char *what)
{
  const char *ctl = g_getenv ("STARTLINE_TEST_PG_CTL");
  const char *argv[] = { ctl, what, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (ctl == NULL)
    sl_bench_die ("STARTLINE_TEST_PG_CTL is not set (run under tests/with-pg-cluster.sh or"
         " tests/with-pg-pair.sh)", NULL);
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    sl_bench_die (what, error);
}

/* Waits until at least n check-ins are in the log (the middle of the
 * load), then stops the server and starts it again, or kills the primary
 * and promotes the standby.
 */
static void
strike (const char *dbname,
        Failure     failure,
        gint64      n,
        Outage     *outage)
{
  g_autofree char *conninfo = conninfo_for (dbname);
  PGconn *conn = PQconnectdb (conninfo);
  gint64 deadline = g_get_monotonic_time () + GIVE_UP_US;
  gint64 count = 0;

  if (PQstatus (conn) != CONNECTION_OK)
    sl_bench_die (PQerrorMessage (conn), NULL);
  while (count < n && g_get_monotonic_time () < deadline)
    {
      PGresult *res = PQexec (conn, "SELECT count(*) FROM checkin_event");

      count = PQresultStatus (res) == PGRES_TUPLES_OK ? g_ascii_strtoll (PQgetvalue (res, 0, 0),
                                                                         NULL, 10) : 0;
      PQclear (res);
      g_usleep (5000);
    }
  PQfinish (conn);
  g_print ("%s after %" G_GINT64_FORMAT " check-ins\n",
           failure == FAIL_RESTART ? "server stopped (pg_ctl stop -m fast)"
                                   : "primary killed (pg_ctl stop -m immediate)", count);
  outage->struck = g_get_monotonic_time ();
  run_ctl (failure == FAIL_RESTART ? "stop" : "kill-primary");
  outage->down = g_get_monotonic_time ();
  g_usleep (failure == FAIL_RESTART ? G_USEC_PER_SEC : G_USEC_PER_SEC / 2);
  run_ctl (failure == FAIL_RESTART ? "start" : "promote");
  outage->back = g_get_monotonic_time ();
}

/* ---- Counting ----------------------------------------------------------- */

/* The check-in log as it stands on the server (after a failover: the new
 * primary): bib → desk of each, and how many people are checked in more
 * than once.
 */
static GHashTable *
read_log (const char *dbname,
          gint64     *n_doubled,
          gint64     *n_rows)
{
  static const char sql[] =
    "SELECT e.bib, max (c.desk),"
    "  count (*) FILTER (WHERE c.action = 'check-in')"
    "  - count (*) FILTER (WHERE c.action = 'undo'), count (*)"
    " FROM checkin_event c JOIN entrant e ON e.id = c.entrant_id"
    " GROUP BY e.bib";
  g_autoptr(PGresult) res = sl_test_pg_admin (dbname, sql);
  GHashTable *desk_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  *n_doubled = 0;
  *n_rows = 0;
  for (int i = 0; i < PQntuples (res); i++)
    {
      if (g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10) > 1)
        (*n_doubled)++;
      *n_rows += g_ascii_strtoll (PQgetvalue (res, i, 3), NULL, 10);
      g_hash_table_insert (desk_of, g_strdup (PQgetvalue (res, i, 0)),
                           g_strdup (PQgetvalue (res, i, 1)));
    }
  return desk_of;
}

typedef struct
{
  gint64  done, already, other, lost, wrong_desk, doubled;
  gint64  retried, retries, unclear;
  GArray *ms;          /* double: every check-in, retries included */
  GArray *back_us;     /* gint64 per desk: its first acknowledgement after the outage */
  GHashTable *acks;    /* bibs acknowledged */
} Tally;

/* One desk's line against the log. */
static void
tally_line (Tally       *tally,
            GHashTable  *desk_of,
            const char  *desk,
            guint        d,
            const char  *line,
            gint64       back)
{
  g_auto(GStrv) f = g_strsplit (line, "\t", 7);
  const char *logged;
  double ms;
  gint64 ended;

  if (g_strv_length (f) != 7)
    sl_bench_die ("a desk's line", NULL);
  ms = g_ascii_strtod (f[1], NULL);
  g_array_append_val (tally->ms, ms);
  tally->retries += g_ascii_strtoll (f[3], NULL, 10);
  tally->retried += g_ascii_strtoll (f[3], NULL, 10) > 0;
  tally->unclear += g_ascii_strtoll (f[4], NULL, 10);
  ended = g_ascii_strtoll (f[5], NULL, 10);
  logged = g_hash_table_lookup (desk_of, f[2]);
  switch (f[0][0])
    {
    case TOLD_CHECKED_IN:
      tally->done++;
      if (g_strcmp0 (logged, desk) != 0)
        tally->lost++;
      if (!g_hash_table_add (tally->acks, g_strdup (f[2])))
        tally->doubled++;
      if (back > 0 && ended > back && g_array_index (tally->back_us, gint64, d) == 0)
        g_array_index (tally->back_us, gint64, d) = ended - back;
      break;
    case TOLD_ALREADY:
      {
        g_autofree char *suffix = g_strdup_printf (" at %s", logged);

        tally->already++;
        if (logged == NULL || g_strcmp0 (logged, desk) == 0 || !g_str_has_suffix (f[6], suffix))
          tally->wrong_desk++;
      }
      break;
    default:
      tally->other++;
      g_printerr ("%s, bib %s: %s\n", desk, f[2], f[6]);
      break;
    }
}

static void
print_outage (Tally        *tally,
              const Outage *outage,
              Failure       failure)
{
  gint64 first = 0, last = 0;

  for (guint d = 0; d < tally->back_us->len; d++)
    {
      gint64 us = g_array_index (tally->back_us, gint64, d);

      first = first == 0 || (us > 0 && us < first) ? us : first;
      last = MAX (last, us);
    }
  g_print ("%s: %.0f ms to go down, %.0f ms until %s\n",
           failure == FAIL_RESTART ? "restart" : "failover",
           (double)(outage->down - outage->struck) / 1000.0,
           (double)(outage->back - outage->struck) / 1000.0,
           failure == FAIL_RESTART ? "it was started again" : "the standby was promoted");
  g_print ("after that: first check-in acknowledged in %.0f ms, every desk's in %.0f ms\n",
           (double)first / 1000.0, (double)last / 1000.0);
  g_print ("check-ins retried: %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " attempts told"
           " \"Server unreachable\")\n", tally->retried, tally->retries);
}

static void
count_all (const char   *dbname,
           Desks        *desks,
           GPtrArray    *outputs,
           Failure       failure,
           const Outage *outage)
{
  Tally tally = { 0 };
  g_autoptr(GHashTable) desk_of = NULL;
  gint64 n_doubled = 0, n_rows = 0, n_contested_once = 0;

  tally.ms = g_array_new (FALSE, FALSE, sizeof (double));
  tally.back_us = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_set_size (tally.back_us, desks->n_desks);
  tally.acks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  desk_of = read_log (dbname, &n_doubled, &n_rows);
  for (guint d = 0; d < outputs->len; d++)
    {
      g_auto(GStrv) lines = g_strsplit (outputs->pdata[d], "\n", -1);
      g_autofree char *desk = g_strdup_printf ("Desk %u", d + 1);

      for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
        tally_line (&tally, desk_of, desk, d, lines[i], outage->back);
    }
  for (guint k = 0; k < desks->n_contested; k++)
    if (g_hash_table_contains (tally.acks, desks->bibs->pdata[k]))
      n_contested_once++;

  sl_bench_expect ("check-ins acknowledged", tally.done,
                   desks->per_desk * desks->n_desks + desks->n_contested, &n_wrong);
  sl_bench_expect ("refused: already checked in", tally.already,
                   (gint64)(desks->n_desks - 1) * desks->n_contested, &n_wrong);
  sl_bench_expect ("refusals not naming the desk in the log", tally.wrong_desk, 0, &n_wrong);
  sl_bench_expect ("double check-ins (in the log)", n_doubled, 0, &n_wrong);
  sl_bench_expect ("double acknowledgements", tally.doubled, 0, &n_wrong);
  sl_bench_expect ("lost (acknowledged, not in the log at that desk)", tally.lost, 0, &n_wrong);
  sl_bench_expect ("rows in the log (none that no desk was told)", n_rows, tally.done, &n_wrong);
  sl_bench_expect ("contested people checked in once", n_contested_once,
                   desks->n_contested, &n_wrong);
  sl_bench_expect ("errors but the refusal", tally.other, 0, &n_wrong);
  sl_bench_expect ("errors while away that did not say \"Server unreachable\"", tally.unclear,
                   0, &n_wrong);
  if (failure != FAIL_NONE)
    {
      /* The failure happened while desks were checking in. */
      sl_bench_expect ("a check-in met the server away and was retried (1: yes)",
                       MIN (tally.retried, 1), 1, &n_wrong);
      print_outage (&tally, outage, failure);
    }
  g_array_sort (tally.ms, sl_bench_compare_doubles);
  g_print ("check-in (all %u, retries included): median %.2f ms, p99 %.2f ms, longest %.0f ms\n",
           tally.ms->len, sl_bench_percentile (tally.ms, 50), sl_bench_percentile (tally.ms, 99),
           sl_bench_percentile (tally.ms, 100));
  g_array_unref (tally.ms);
  g_array_unref (tally.back_us);
  g_hash_table_unref (tally.acks);
}

/* The audit chain, read from the server after it all: it verifies. */
static void
verify_audit (const char *location)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_open (location, &error);
  gint64 n = 0, bad = 0;

  if (db == NULL)
    sl_bench_die ("open", error);
  sl_bench_expect ("audit chain verifies (1: yes)", sl_db_verify_audit (db, &n, &bad, &error),
                   1, &n_wrong);
  if (error != NULL)
    g_printerr ("contest-pg: %s\n", error->message);
}

int
main (int    argc,
      char **argv)
{
  guint n_entrants = sl_bench_env_uint ("STARTLINE_BENCH_ENTRANTS", 2000);
  guint n_distinct = sl_bench_env_uint ("STARTLINE_BENCH_DISTINCT", 800);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("contest-pg-XXXXXX", &error);
  g_autofree char *location = NULL;
  g_autofree char *dbname = g_strdup_printf ("contest_%d", (int)getpid ());
  g_autoptr(GPtrArray) outputs = NULL;
  Failure failure = FAIL_NONE;
  Outage outage = { 0 };
  Desks desks = { 0 };
  int start[2];

  if (argc > 1 && strcmp (argv[1], "--restart") == 0)
    failure = FAIL_RESTART;
  else if (argc > 1 && strcmp (argv[1], "--failover") == 0)
    failure = FAIL_FAILOVER;
  else if (argc > 1)
    sl_bench_die ("usage: contest-pg [--restart | --failover]", NULL);
  server = g_getenv ("STARTLINE_TEST_PG");
  if (server == NULL || *server == '\0')
    sl_bench_die ("STARTLINE_TEST_PG is not set: run under tests/with-pg-cluster.sh"
         " (or tests/with-pg-pair.sh for --failover)", NULL);
  if (dir == NULL)
    sl_bench_die ("temporary folder", error);

  location = make_event (dir, n_entrants);
  desks.location = location;
  desks.bibs = read_bibs (dbname);
  desks.n_desks = sl_bench_env_uint ("STARTLINE_BENCH_DESKS", 8);
  desks.n_contested = sl_bench_env_uint ("STARTLINE_BENCH_CONTESTED", 200);
  desks.per_desk = n_distinct / desks.n_desks;
  desks.pids = g_new0 (pid_t, desks.n_desks);
  desks.outs = g_new0 (int, desks.n_desks);
  if (desks.bibs->len < desks.n_contested + n_distinct)
    sl_bench_die ("the event has too few runners to check in", NULL);
  g_print ("%u desk processes on a server event of %u: %u distinct people between them and"
           " the same %u each\n", desks.n_desks, n_entrants, desks.per_desk * desks.n_desks,
           desks.n_contested);

  start_desks (&desks, start);
  /* Every desk opens the event first; then all go together. */
  g_usleep (G_USEC_PER_SEC);
  close (start[0]);
  close (start[1]);
  if (failure != FAIL_NONE)
    strike (dbname, failure, (desks.per_desk * desks.n_desks + desks.n_contested) / 3, &outage);
  outputs = collect_desks (&desks);

  count_all (dbname, &desks, outputs, failure, &outage);
  verify_audit (location);

  g_ptr_array_unref (desks.bibs);
  g_free (desks.pids);
  g_free (desks.outs);
  g_rmdir (dir);
  g_print ("%s\n", n_wrong == 0 ? "all counts right" : "SOME COUNTS WRONG");
  return n_wrong == 0 ? 0 : 1;
}
