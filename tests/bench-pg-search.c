/* bench-pg-search.c — search on a PostgreSQL server event, per kind of
 * query, against the same event in a SQLite file
 *
 * The demo's CSV of 50,000 entrants (STARTLINE_BENCH_ENTRANTS) is
 * imported into a database on the test server (tests/with-pg-cluster.sh,
 * STARTLINE_TEST_PG) and into a SQLite file. 800 queries
 * (STARTLINE_BENCH_QUERIES) of the kinds bench-core types (name prefixes,
 * full names, bibs, references, clubs, a first name and a last name's
 * prefix), each from a random entrant, are searched as the desk does (50
 * shown, counted), STARTLINE_BENCH_ROUNDS (5) times over, with nothing
 * else running. The server event is opened as a window opens it
 * (SL_DB_OPEN_INTERACTIVE: each statement under the answer watch).
 *
 * Prints the median and p99 of every search on the server (and each
 * round's), per kind of query, the slowest queries (the median of their
 * rounds, and how many they match), and the same figures for the file.
 * Times are printed, never asserted. What fails (exit 1) is a query whose
 * results differ between the two stores (the bibs shown, in order, and
 * the count): the server's search must find what the file's does.
 *
 * STARTLINE_BENCH_PG_DB=NAME: the server event is that database, kept
 * afterwards and used again by the next run (for EXPLAIN in psql);
 * otherwise one of its own, dropped at the end.
 * `meson test -C build --benchmark search-pg`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "sl-core.h"
#include "sl-demo.h"
#include "sl-import.h"
#include "sl-bench-proc.h"

#define SEED 2026
#define N_SLOWEST 12

typedef struct
{
  char   *text;
  guint   kind;
  GArray *ms;         /* double, one per round */
  guint   n_matches;
  char   *results;    /* the bibs shown and the count, on the server */
} Query;

static void
query_free (Query *q)
{
  g_free (q->text);
  g_array_unref (q->ms);
  g_free (q->results);
  g_free (q);
}

/* n queries from random entrants of the event. */
static GPtrArray *
make_queries (SlDb  *db,
              GArray *ids,
              guint  n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED - 1);
  GPtrArray *queries = g_ptr_array_new_with_free_func ((GDestroyNotify)query_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = g_array_index (ids, gint64, g_rand_int_range (rand, 0, (gint32)ids->len));
      g_autoptr(SlEntrant) e = sl_db_dup_entrant (db, id, &error);
      Query *q = g_new0 (Query, 1);

      if (e == NULL)
        sl_bench_die ("a query's entrant", error);
      q->kind = i % SL_BENCH_N_QUERY_KINDS;
      q->text = sl_bench_dup_query (e, rand, q->kind);
      q->ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_ptr_array_add (queries, q);
    }
  return queries;
}

/* One search as the desk makes it: its milliseconds; the bibs shown and
 * the count in *results.
 */
static double
time_search (SlDb       *db,
             const char *text,
             guint      *n_matches,
             char      **results)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) hits = sl_db_search_counted (db, text, 50, n_matches, &error);
  double ms = (double)(g_get_monotonic_time () - start) / 1000.0;
  GString *out;

  if (hits == NULL || hits->len == 0)
    {
      g_printerr ("search \"%s\": %s\n", text, error != NULL ? error->message : "nobody");
      exit (7);
    }
  out = g_string_new (NULL);
  for (guint i = 0; i < hits->len; i++)
    g_string_append_printf (out, "%s ", ((SlEntrant *)hits->pdata[i])->bib);
  g_string_append_printf (out, "(%u)", *n_matches);
  *results = g_string_free (out, FALSE);
  return ms;
}

static int
compare_by_median (gconstpointer a,
                   gconstpointer b)
{
  double x = sl_bench_median ((*(Query * const *)a)->ms);
  double y = sl_bench_median ((*(Query * const *)b)->ms);

  return (x < y) - (x > y);
}

/* Every query rounds times over on db; the figures under label. */
static void
measure (SlDb       *db,
         GPtrArray  *queries,
         guint       rounds,
         const char *label)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) round_p99 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) by_median = g_ptr_array_new ();

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(GArray) this_round = g_array_new (FALSE, FALSE, sizeof (double));
      double p99;

      for (guint i = 0; i < queries->len; i++)
        {
          Query *q = queries->pdata[i];
          g_autofree char *results = NULL;
          double ms = time_search (db, q->text, &q->n_matches, &results);

          g_array_append_val (q->ms, ms);
          g_array_append_val (all, ms);
          g_array_append_val (this_round, ms);
          if (q->results == NULL)
            q->results = g_steal_pointer (&results);
        }
      p99 = sl_bench_percentile (this_round, 99);
      g_array_append_val (round_p99, p99);
    }
  g_print ("%s, nothing else running (%u queries x %u rounds, 50 shown, counted):"
           " median %.2f ms, p99 %.2f ms (target p99 < 5 ms); p99 per round:",
           label, queries->len, rounds, sl_bench_median (all), sl_bench_percentile (all, 99));
  for (guint r = 0; r < round_p99->len; r++)
    g_print (" %.2f", g_array_index (round_p99, double, r));
  g_print ("\n");
  for (guint k = 0; k < SL_BENCH_N_QUERY_KINDS; k++)
    {
      g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < queries->len; i++)
        {
          Query *q = queries->pdata[i];

          if (q->kind == k)
            g_array_append_vals (ms, q->ms->data, q->ms->len);
        }
      g_print ("  %-22s median %6.2f ms, p99 %6.2f ms (%u searches)\n", sl_bench_query_kinds[k],
               sl_bench_median (ms), sl_bench_percentile (ms, 99), ms->len);
    }
  g_ptr_array_extend (by_median, queries, NULL, NULL);
  g_ptr_array_sort (by_median, compare_by_median);
  g_print ("  slowest (median of rounds):\n");
  for (guint i = 0; i < MIN (N_SLOWEST, by_median->len); i++)
    {
      Query *q = by_median->pdata[i];

      g_print ("    %6.2f ms  %-22s %5u matches  \"%s\"\n", sl_bench_median (q->ms),
               sl_bench_query_kinds[q->kind], q->n_matches, q->text);
    }
}

/* The server event: a database named name (kept, and used again when it
 * is there), or one of the process's own.
 */
static char *
make_pg_event (const char *server,
               const char *name,
               const char *csv,
               gboolean   *made)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exists = g_strdup_printf ("SELECT 1 FROM pg_database WHERE datname = '%s'",
                                             name);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  g_autoptr(SlImportResult) result = NULL;
  char *location = g_strdup_printf ("%s dbname=%s", server, name);
  SlImportOptions options = { .add_missing = TRUE };
  PGresult *res = sl_test_pg_admin (NULL, exists);
  SlDb *db;

  *made = PQntuples (res) == 0;
  PQclear (res);
  if (!*made)
    return location;
  PQclear (sl_test_pg_admin (NULL, create));
  if (!(db = sl_db_create (location, "Search", "2026-04-26", &error))
      || !(result = sl_db_import_csv (db, csv, &options, NULL, NULL, NULL, NULL, &error)))
    sl_bench_die ("the server event", error);
  g_object_unref (db);
  PQclear (sl_test_pg_admin (name, "VACUUM ANALYZE"));
  return location;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *entry;

  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static GArray *
read_ids (const char *server,
          const char *name)
{
  PGresult *res = sl_test_pg_admin (name, "SELECT id FROM entrant ORDER BY id");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = g_ascii_strtoll (PQgetvalue (res, i, 0), NULL, 10);

      g_array_append_val (ids, id);
    }
  PQclear (res);
  return ids;
}

int
main (void)
{
  guint n_entrants = sl_bench_env_uint ("STARTLINE_BENCH_ENTRANTS", 50000);
  guint n_queries = sl_bench_env_uint ("STARTLINE_BENCH_QUERIES", 800);
  guint rounds = sl_bench_env_uint ("STARTLINE_BENCH_ROUNDS", 5);
  const char *server = g_getenv ("STARTLINE_TEST_PG");
  const char *kept = g_getenv ("STARTLINE_BENCH_PG_DB");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-pg-search-XXXXXX", &error);
  g_autofree char *csv = NULL;
  g_autofree char *file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *location = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GPtrArray) file_queries = NULL;
  SlImportOptions options = { .add_missing = TRUE };
  SlDb *pg, *sqlite;
  gboolean made;
  guint differ = 0;

  if (server == NULL || *server == '\0')
    sl_bench_die ("a server is needed: run under tests/with-pg-cluster.sh", NULL);
  if (dir == NULL)
    sl_bench_die ("temporary folder", error);
  csv = g_build_filename (dir, "entrants.csv", NULL);
  file = g_build_filename (dir, "search.startline", NULL);
  if (!sl_demo_write_csv (csv, n_entrants, SEED, &error))
    sl_bench_die ("the demo's CSV", error);
  name = kept != NULL && *kept != '\0' ? g_strdup (kept)
                                       : g_strdup_printf ("bench_pg_search_%d", (int)getpid ());
  location = make_pg_event (server, name, csv, &made);
  if (!(sqlite = sl_db_create (file, "Search", "2026-04-26", &error))
      || !(result = sl_db_import_csv (sqlite, csv, &options, NULL, NULL, NULL, NULL, &error)))
    sl_bench_die ("the file event", error);
  g_unlink (csv);
  /* As a desk's window opens it and reads in its main thread: every
   * statement under the answer watch.
   */
  g_main_context_acquire (NULL);
  if (!(pg = sl_db_open_full (location, SL_DB_OPEN_INTERACTIVE, &error)))
    sl_bench_die ("open", error);
  g_print ("entrants: %u (server event %s)\n", n_entrants, made ? "imported" : "used again");

  ids = read_ids (server, name);
  queries = make_queries (pg, ids, n_queries);
  file_queries = make_queries (pg, ids, n_queries);
  measure (pg, queries, rounds, "PostgreSQL search");
  measure (sqlite, file_queries, rounds, "SQLite search");

  for (guint i = 0; i < queries->len; i++)
    {
      Query *q = queries->pdata[i], *f = file_queries->pdata[i];

      if (g_strcmp0 (q->results, f->results) != 0)
        {
          if (differ++ < 10)
            g_printerr ("\"%s\": server %s\n  file %s\n", q->text, q->results, f->results);
        }
    }
  g_print ("queries whose results differ between the stores: %u\n", differ);

  g_object_unref (pg);
  g_object_unref (sqlite);
  if (kept == NULL || *kept == '\0')
    {
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s", name);

      PQclear (sl_test_pg_admin (NULL, drop));
    }
  remove_dir (dir);
  return differ == 0 ? 0 : 1;
}
