/* bench-contest.c — desks fighting over the same people, and a crowd over
 * the last places of a slot, on one SQLite event
 *
 * Eight desk processes (STARTLINE_BENCH_DESKS) on a 50,000-entrant demo
 * event (STARTLINE_BENCH_ENTRANTS) check in 6,000 distinct people between
 * them (STARTLINE_BENCH_DISTINCT), each its own share, and every desk also
 * all of the same 500 (STARTLINE_BENCH_CONTESTED), each desk in an order
 * of its own, all starting together. Afterwards the event itself is
 * counted: no one checked in twice, every acknowledged check-in in the
 * log at the desk that was told so and nothing else there, each contested
 * person acknowledged once, and every refusal "already checked in" naming
 * the desk the log has. Then forty processes (STARTLINE_BENCH_BOOKERS)
 * book the last ten places (STARTLINE_BENCH_PLACES) of a facility's slot
 * at once: exactly ten confirmed.
 *
 * Prints the counts and the median and p99 check-in; exits 1 when a count
 * is wrong, never on time. The data suite runs it with small numbers
 * (test "contest"); `meson test -C build --benchmark contest` at full size.
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
#include <sqlite3.h>

#include "sl-core.h"
#include "sl-demo.h"
#include "sl-bench-util.h"

#define SEED 2026
#define SLOT (8 * 60)

/* What a desk was told, per check-in. */
enum
{
  TOLD_CHECKED_IN = 'c',
  TOLD_ALREADY = 'a',   /* SL_CHECKIN_ERROR_ALREADY_CHECKED_IN */
  TOLD_BUSY = 'b',
  TOLD_OTHER = 'e',
};

static guint n_wrong;

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint)strtoul (value, NULL, 10) : fallback;
}

static G_NORETURN void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-contest: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (2);
}

/* A count that must be as expected: printed either way, remembered when
 * it is not.
 */
static void
expect (const char *what,
        gint64      got,
        gint64      wanted)
{
  g_print ("%-52s %8" G_GINT64_FORMAT "%s\n", what, got,
           got == wanted ? "" : "   WRONG");
  if (got != wanted)
    {
      g_printerr ("bench-contest: %s: %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT "\n",
                  what, got, wanted);
      n_wrong++;
    }
}

typedef struct
{
  GPtrArray *bibs;  /* registered runners, in a random order */
  GArray    *ids;   /* gint64, theirs */
} Runners;

static void
read_runners (const char *path,
              Runners    *runners)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  runners->bibs = g_ptr_array_new_with_free_func (g_free);
  runners->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (handle, "SELECT bib, id FROM entrant WHERE status = 'registered'"
                                     " ORDER BY random()", -1, &stmt, NULL) != SQLITE_OK)
    die ("cannot read the runners", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 1);

      g_ptr_array_add (runners->bibs, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      g_array_append_val (runners->ids, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
}

/* Reads everything from fd until its end. */
static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  close (fd);
  return g_string_free (text, FALSE);
}

static void
write_all (int         fd,
           const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      ssize_t n = write (fd, text, len);

      if (n <= 0)
        _exit (5);
      text += n;
      len -= (gsize)n;
    }
}

/* One desk process: opens the event, waits for the start, checks in its
 * bibs in an order of its own and writes a line per check-in: what it was
 * told, the milliseconds, the bib and the message.
 */
static G_NORETURN void
run_desk (const char        *path,
          GPtrArray         *bibs,
          guint              desk_no,
          int                start_fd,
          int                out_fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *desk = g_strdup_printf ("Desk %u", desk_no);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + desk_no);
  g_autoptr(GString) out = g_string_new (NULL);
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

  for (guint i = 0; i < bibs->len; i++)
    {
      const char *bib = bibs->pdata[i];
      gint64 start = g_get_monotonic_time ();
      g_autoptr(SlEntrant) entrant = sl_db_check_in (db, bib, desk, &error);
      double ms = (double)(g_get_monotonic_time () - start) / 1000.0;
      char told = TOLD_CHECKED_IN;

      if (entrant == NULL && g_error_matches (error, SL_CHECKIN_ERROR,
                                              SL_CHECKIN_ERROR_ALREADY_CHECKED_IN))
        told = TOLD_ALREADY;
      else if (entrant == NULL)
        told = g_error_matches (error, SL_DB_ERROR, SL_DB_ERROR_BUSY) ? TOLD_BUSY : TOLD_OTHER;
      g_string_append_printf (out, "%c\t%.4f\t%s\t%s\n", told, ms, bib,
                              error != NULL ? error->message : "");
      g_clear_error (&error);
    }
  write_all (out_fd, out->str);
  _exit (0);
}

/* Starts n processes, each run by start_one (i, start_fd, out_fd) after
 * fork; once all are started, lets them go together. Returns what each
 * wrote, in order.
 */
typedef void (*StartFunc) (guint i, int start_fd, int out_fd, gpointer data);

static GPtrArray *
run_together (guint     n,
              StartFunc start_one,
              gpointer  data)
{
  g_autofree pid_t *pids = g_new0 (pid_t, n);
  g_autofree int *outs = g_new0 (int, n);
  GPtrArray *outputs = g_ptr_array_new_with_free_func (g_free);
  int start[2];

  if (pipe (start) != 0)
    die ("pipe", NULL);
  for (guint i = 0; i < n; i++)
    {
      int out[2];

      if (pipe (out) != 0)
        die ("pipe", NULL);
      pids[i] = fork ();
      if (pids[i] < 0)
        die ("fork", NULL);
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

      g_ptr_array_add (outputs, read_all (outs[i]));
      waitpid (pids[i], &status, 0);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
        {
          g_printerr ("bench-contest: process %u ended with status %d\n", i + 1, status);
          n_wrong++;
        }
    }
  return outputs;
}

typedef struct
{
  const char *path;
  Runners    *runners;
  guint       n_contested;
  guint       per_desk;
} Desks;

static void
start_desk (guint    i,
            int      start_fd,
            int      out_fd,
            gpointer data)
{
  Desks *desks = data;
  GPtrArray *bibs = g_ptr_array_new ();
  guint own = desks->n_contested + i * desks->per_desk;

  for (guint k = 0; k < desks->n_contested; k++)
    g_ptr_array_add (bibs, desks->runners->bibs->pdata[k]);
  for (guint k = own; k < own + desks->per_desk; k++)
    g_ptr_array_add (bibs, desks->runners->bibs->pdata[k]);
  run_desk (desks->path, bibs, i + 1, start_fd, out_fd);
}

/* The check-in log as it stands: bib → desk of each un-undone check-in,
 * and how many people have more than one.
 */
static GHashTable *
read_log (const char *path,
          gint64     *n_doubled,
          gint64     *n_rows)
{
  GHashTable *desk_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  *n_doubled = 0;
  *n_rows = 0;
  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (handle, "SELECT e.bib, max(c.desk),"
                                     "  sum(c.action = 'check-in') - sum(c.action = 'undo'),"
                                     "  count(*)"
                                     " FROM checkin_event c JOIN entrant e ON e.id = c.entrant_id"
                                     " GROUP BY c.entrant_id", -1, &stmt, NULL) != SQLITE_OK)
    die ("cannot read the check-in log", NULL);
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

static void
contest_check_ins (const char *path,
                   Runners    *runners,
                   guint       n_desks,
                   guint       n_distinct,
                   guint       n_contested)
{
  Desks desks = { path, runners, n_contested, n_distinct / n_desks };
  g_autoptr(GPtrArray) outputs = NULL;
  g_autoptr(GHashTable) desk_of = NULL;
  g_autoptr(GHashTable) acks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ms_done = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 n_done = 0, n_already = 0, n_busy = 0, n_other = 0, n_lost = 0, n_wrong_desk = 0;
  gint64 n_doubled, n_rows, n_contested_once = 0;
  gint64 start;
  double wall_s;

  if (runners->bibs->len < n_contested + n_distinct)
    die ("the event has too few runners to check in", NULL);
  g_print ("%u desk processes: %u distinct people between them and the same %u each,"
           " synchronous=FULL\n", n_desks, desks.per_desk * n_desks, n_contested);
  start = g_get_monotonic_time ();
  outputs = run_together (n_desks, start_desk, &desks);
  wall_s = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  desk_of = read_log (path, &n_doubled, &n_rows);

  for (guint d = 0; d < outputs->len; d++)
    {
      g_auto(GStrv) lines = g_strsplit (outputs->pdata[d], "\n", -1);
      g_autofree char *desk = g_strdup_printf ("Desk %u", d + 1);
      g_autofree char *at_desk = NULL;

      for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
        {
          g_auto(GStrv) f = g_strsplit (lines[i], "\t", 4);
          const char *logged;
          double elapsed;

          if (g_strv_length (f) != 4)
            die ("a desk's line", NULL);
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
              break;
            case TOLD_ALREADY:
              {
                g_autofree char *suffix = g_strdup_printf (" at %s", logged);

                n_already++;
                /* Refused: by the desk the log has, and never by its own. */
                if (logged == NULL || g_strcmp0 (logged, desk) == 0
                    || !g_str_has_suffix (f[3], suffix))
                  n_wrong_desk++;
              }
              break;
            case TOLD_BUSY:
              n_busy++;
              g_printerr ("%s, bib %s: %s\n", desk, f[2], f[3]);
              break;
            default:
              n_other++;
              g_printerr ("%s, bib %s: %s\n", desk, f[2], f[3]);
              break;
            }
        }
    }
  for (guint k = 0; k < n_contested; k++)
    if (g_hash_table_contains (acks, runners->bibs->pdata[k]))
      n_contested_once++;

  expect ("check-ins acknowledged", n_done, desks.per_desk * n_desks + n_contested);
  expect ("refused: already checked in", n_already, (gint64)(n_desks - 1) * n_contested);
  expect ("refusals not naming the desk in the log", n_wrong_desk, 0);
  expect ("double check-ins", n_doubled, 0);
  expect ("lost (acknowledged, not in the log at that desk)", n_lost, 0);
  expect ("rows in the log", n_rows, n_done);
  expect ("contested people checked in once", n_contested_once, n_contested);
  expect ("busy errors", n_busy, 0);
  expect ("other errors", n_other, 0);
  g_array_sort (ms, sl_bench_compare_doubles);
  g_array_sort (ms_done, sl_bench_compare_doubles);
  g_print ("check-in (all %u, %.2f s): median %.2f ms, p99 %.2f ms, slowest %.2f ms\n",
           ms->len, wall_s, sl_bench_percentile (ms, 50), sl_bench_percentile (ms, 99),
           sl_bench_percentile (ms, 100));
  g_print ("check-in (written, %u): median %.2f ms, p99 %.2f ms\n", ms_done->len,
           sl_bench_percentile (ms_done, 50), sl_bench_percentile (ms_done, 99));
}

typedef struct
{
  const char *path;
  const char *officer;
  const char *passphrase;
  gint64      facility_id;
  gint64     *entrant_ids;
} Bookers;

static void
start_booker (guint    i,
              int      start_fd,
              int      out_fd,
              gpointer data)
{
  Bookers *bookers = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  SlBookResult result = { 0 };
  g_autofree char *line = NULL;
  char c;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (!(db = sl_db_open_full (bookers->path, SL_DB_OPEN_DEFER_CHECK, &error))
      || !sl_db_sign_in (db, bookers->officer, bookers->passphrase, &error))
    {
      g_printerr ("booker %u: %s\n", i + 1, error->message);
      _exit (3);
    }
  if (read (start_fd, &c, 1) != 0)
    _exit (4);
  if (!sl_db_book (db, bookers->facility_id, bookers->entrant_ids[i], 0, SLOT, 1, &result,
                   &error))
    line = g_strdup_printf ("e\t%s\n", error->message);
  else
    line = g_strdup (result.status == SL_BOOKING_CONFIRMED ? "c\n" : "w\n");
  write_all (out_fd, line);
  _exit (0);
}

static void
contest_places (const char *path,
                const char *officer,
                const char *passphrase,
                Runners    *runners,
                guint       n_bookers,
                guint       n_places)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) outputs = NULL;
  SlFacility facility = { 0 };
  Bookers bookers = { path, officer, passphrase, 0, NULL };
  guint n_before = 3 * n_places;
  guint n_confirmed = 0, n_waiting = 0, n_failed = 0;
  guint first = runners->ids->len - n_before - n_bookers;
  SlBookResult result = { 0 };

  /* A slot of four times the places, all but the last ones booked. */
  if (!(db = sl_db_open (path, &error)) || !sl_db_sign_in (db, officer, passphrase, &error))
    die ("sign in", error);
  facility.kind = SL_FACILITY_QUIET_SPACE;
  facility.name = (char *)"Contested space";
  facility.capacity = (int)(n_before + n_places);
  facility.opens = 8 * 60;
  facility.closes = 12 * 60;
  facility.slot_minutes = 30;
  if (!sl_db_add_facility (db, &facility, &bookers.facility_id, &error))
    die ("add facility", error);
  for (guint i = 0; i < n_before; i++)
    if (!sl_db_book (db, bookers.facility_id, g_array_index (runners->ids, gint64, first + i), 0,
                     SLOT, 1, &result, &error))
      die ("book", error);
  sl_db_sign_out (db);
  g_clear_object (&db);

  bookers.entrant_ids = &g_array_index (runners->ids, gint64, first + n_before);
  g_print ("%u processes booking the last %u places of a slot of %u\n", n_bookers, n_places,
           n_before + n_places);
  outputs = run_together (n_bookers, start_booker, &bookers);
  for (guint i = 0; i < outputs->len; i++)
    {
      const char *out = outputs->pdata[i];

      if (out[0] == 'c')
        n_confirmed++;
      else if (out[0] == 'w')
        n_waiting++;
      else
        {
          n_failed++;
          g_printerr ("booker %u: %s", i + 1, out);
        }
    }
  expect ("bookings confirmed", n_confirmed, n_places);
  expect ("bookings waiting", n_waiting, n_bookers - n_places);
  expect ("bookings failed", n_failed, 0);

  if (!(db = sl_db_open (path, &error)) || !sl_db_sign_in (db, officer, passphrase, &error))
    die ("sign in", error);
  {
    g_autoptr(SlFacility) read_back = sl_db_dup_facility (db, bookers.facility_id, &error);

    if (read_back == NULL)
      die ("facility", error);
    expect ("people confirmed in the slot, read back", read_back->confirmed,
            n_before + n_places);
  }
  sl_db_sign_out (db);
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

int
main (int    argc,
      char **argv)
{
  guint n_entrants = env_uint ("STARTLINE_BENCH_ENTRANTS", 50000);
  guint n_desks = env_uint ("STARTLINE_BENCH_DESKS", 8);
  guint n_distinct = env_uint ("STARTLINE_BENCH_DISTINCT", 6000);
  guint n_contested = env_uint ("STARTLINE_BENCH_CONTESTED", 500);
  guint n_bookers = env_uint ("STARTLINE_BENCH_BOOKERS", 40);
  guint n_places = env_uint ("STARTLINE_BENCH_PLACES", 10);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-contest-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *passphrase = NULL;
  SlDb *db;
  Runners runners;

  if (dir == NULL)
    die ("temporary folder", error);
  path = g_build_filename (dir, "contest.startline", NULL);
  /* Made and closed before any process starts: none inherits a connection. */
  if (!(db = sl_db_create (path, "Contest", "2026-04-26", &error))
      || !sl_db_add_demo_officer (db, SEED, &officer, &passphrase, &error)
      || !sl_db_generate_demo (db, n_entrants, SEED, NULL, NULL, NULL, &error))
    die ("demo", error);
  g_object_unref (db);
  read_runners (path, &runners);
  g_print ("entrants: %u (registered %u)\n", n_entrants, runners.bibs->len);

  contest_check_ins (path, &runners, n_desks, n_distinct, n_contested);
  contest_places (path, officer, passphrase, &runners, n_bookers, n_places);

  g_ptr_array_unref (runners.bibs);
  g_array_unref (runners.ids);
  remove_dir (dir);
  g_print ("%s\n", n_wrong == 0 ? "all counts right" : "SOME COUNTS WRONG");
  return n_wrong == 0 ? 0 : 1;
}
