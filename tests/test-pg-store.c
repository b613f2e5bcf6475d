/* test-pg-store.c — the PostgreSQL store against a real server
 *
 * Run under tests/with-pg-cluster.sh, which starts a throwaway cluster and
 * names it in STARTLINE_TEST_PG; without it the test fails (it never
 * skips). Each test makes a database of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <unistd.h>

#include "sl-core.h"
#include "sl-export.h"
#include "sl-facilities-private.h"
#include "sl-import.h"
#include "sl-needs.h"
#include "sl-pg-db.h"
#include "sl-store.h"
#include "sl-test-pg.h"
#include "sl-test-util.h"

static const char *server;   /* STARTLINE_TEST_PG */

/* A new, empty database; *name_out its name. The location of it. */
static char *
new_database (char **name_out)
{
  static int counter;
  g_autofree char *name = g_strdup_printf ("sl_test_%d_%d", (int)getpid (), ++counter);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);

  g_free (sl_test_pg_sql (NULL, sql));
  if (name_out != NULL)
    *name_out = g_strdup (name);
  return g_strdup_printf ("%s dbname=%s", server, name);
}

/* The tables of a database, sorted, comma-separated. */
static char *
list_tables (const char *dbname)
{
  return sl_test_pg_sql (dbname, "SELECT coalesce(string_agg(tablename, ',' ORDER BY"
                                 " tablename), '') FROM pg_tables WHERE schemaname = 'public'");
}

static SlDb *
new_event (char **name_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = new_database (name_out);
  SlDb *db = sl_db_create (location, "Test Marathon", "2026-04-26", &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  sl_test_db_populate (db);
  return db;
}

static void
test_create_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *location = new_database (&name);
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlDb) again = NULL;
  g_autoptr(SlDb) twice = NULL;
  g_autoptr(SlEvent) event = NULL;
  g_autofree char *version = NULL;

  db = sl_db_create (location, "  Expo Marathon ", "2026-04-26", &error);
  g_assert_no_error (error);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (db, SL_TYPE_DB));
  g_clear_object (&db);

  /* Recognised as ours when opened again. */
  again = sl_db_open (location, &error);
  g_assert_no_error (error);
  event = SL_STORE (again)->event_get (again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event->name, ==, "Expo Marathon");
  g_assert_cmpstr (event->date, ==, "2026-04-26");
  version = sl_test_pg_sql (name, "SELECT schema_version FROM startline_meta");
  g_assert_cmpint (atoi (version), ==, SL_DB_SCHEMA_VERSION);

  /* A second create refuses: the event is there already. */
  twice = sl_db_create (location, "Other", "2026-04-27", &error);
  g_assert_null (twice);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_EXISTS);

  /* The location's own URI form opens it too. */
  {
    g_autofree char *host
      = sl_test_pg_sql (NULL, "SELECT current_setting('unix_socket_directories')");
    g_autofree char *port = sl_test_pg_sql (NULL, "SELECT current_setting('port')");
    g_autofree char *user = sl_test_pg_sql (NULL, "SELECT current_user");
    g_autofree char *escaped = g_uri_escape_string (host, NULL, FALSE);
    g_autofree char *uri = g_strdup_printf ("postgresql://%s@:%s/%s?host=%s", user, port, name,
                                            escaped);
    g_autoptr(SlDb) by_uri = NULL;

    g_clear_error (&error);
    by_uri = sl_db_open (uri, &error);
    g_assert_no_error (error);
    g_assert_nonnull (by_uri);
  }
}

static void
test_refuse_not_ours (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *location = new_database (&name);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *rows = NULL;
  g_autoptr(SlDb) db = NULL;

  /* An empty database holds no event. */
  db = sl_db_open (location, &error);
  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS);
  g_clear_error (&error);

  g_free (sl_test_pg_sql (name, "CREATE TABLE invoices (id int, total numeric);"
                                " INSERT INTO invoices VALUES (1, 10)"));
  before = list_tables (name);
  db = sl_db_open (location, &error);
  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS);
  g_assert_nonnull (strstr (error->message, "not a Startline event"));
  g_clear_error (&error);
  db = sl_db_create (location, "Expo", "2026-04-26", &error);
  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS);

  /* Left untouched. */
  after = list_tables (name);
  g_assert_cmpstr (before, ==, "invoices");
  g_assert_cmpstr (after, ==, before);
  rows = sl_test_pg_sql (name, "SELECT count(*) FROM invoices");
  g_assert_cmpstr (rows, ==, "1");
}

static void
test_refuse_newer (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(SlDb) db = new_event (&name);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *version = NULL;
  g_autofree char *location = g_strdup (sl_db_get_path (db));

  g_clear_object (&db);
  g_free (sl_test_pg_sql (name, "UPDATE startline_meta SET schema_version = 99"));
  before = list_tables (name);
  db = sl_db_open (location, &error);
  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  after = list_tables (name);
  g_assert_cmpstr (after, ==, before);
  version = sl_test_pg_sql (name, "SELECT schema_version FROM startline_meta");
  g_assert_cmpstr (version, ==, "99");
}

/* An event of the right version made by a build before the need_sealed
 * view or the search rows' whole key: refused with one message, and left
 * as it was.
 */
static void
test_refuse_incomplete (void)
{
  const char *drops[] = { "DROP VIEW need_sealed",
                          "ALTER TABLE entrant_search DROP COLUMN search_key" };

  for (guint i = 0; i < G_N_ELEMENTS (drops); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = NULL;
      g_autoptr(SlDb) db = new_event (&name);
      g_autofree char *location = g_strdup (sl_db_get_path (db));
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      g_clear_object (&db);
      g_free (sl_test_pg_sql (name, drops[i]));
      before = list_tables (name);
      db = sl_db_open (location, &error);
      g_assert_null (db);
      g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "make the event again"));
      after = list_tables (name);
      g_assert_cmpstr (after, ==, before);
    }
}

static void
test_entrants (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(SlEntrant) ada = sl_test_add_entrant (db, "101", "LM26-AAA", "Ada", "Lovelace",
                                                  "Analytical RC");
  g_autoptr(SlEntrant) read = NULL;
  g_autoptr(SlEntrant) by_ref = NULL;
  g_autoptr(SlEntrant) dup = sl_entrant_new ();
  g_autoptr(GPtrArray) entries = NULL;
  SlAuditEntry *last;

  read = sl_db_dup_entrant (db, ada->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->first_name, ==, "Ada");
  g_assert_cmpstr (read->race_name, ==, "Mass");
  g_assert_cmpstr (read->wave_name, ==, "Blue 1");
  g_assert_cmpint (read->status, ==, SL_STATUS_REGISTERED);
  g_assert_cmpint (read->age, ==, -1);

  /* The booking reference without regard to case. */
  by_ref = sl_db_dup_entrant_by_code (db, "lm26-aaa", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_ref->id, ==, ada->id);

  g_free (read->last_name);
  read->last_name = g_strdup ("King");
  read->age = 36;
  g_assert_true (sl_db_update_entrant (db, read, &error));
  g_assert_no_error (error);
  g_clear_pointer (&read, sl_entrant_free);
  read = sl_db_dup_entrant (db, ada->id, &error);
  g_assert_cmpstr (read->last_name, ==, "King");
  g_assert_cmpint (read->age, ==, 36);

  g_assert_cmpuint (sl_test_count_audit (db, "entrant", ada->id, "insert"), ==, 1);
  g_assert_cmpuint (sl_test_count_audit (db, "entrant", ada->id, "update"), ==, 1);
  entries = sl_db_list_audit (db, "entrant", ada->id, 1, &error);
  g_assert_no_error (error);
  last = entries->pdata[0];
  g_assert_nonnull (strstr (last->after, "King"));

  /* A bib already held is refused by the server, nothing written. */
  dup->bib = g_strdup ("101");
  dup->first_name = g_strdup ("Charles");
  dup->last_name = g_strdup ("Babbage");
  g_assert_false (sl_db_insert_entrant (db, dup, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (sl_db_count_entrants (db), ==, 1);
}

static void
test_search (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(SlEntrant) a = sl_test_add_entrant (db, "101", NULL, "Ada", "Lovelace", NULL);
  g_autoptr(SlEntrant) b = sl_test_add_entrant (db, "102", NULL, "Grace", "Hopper", "Navy RC");
  g_autoptr(SlEntrant) c = sl_test_add_entrant (db, "2101", NULL, "Lovisa", "Åberg", NULL);
  g_autoptr(SlEntrant) d = sl_test_add_entrant (db, "103", NULL, "Jean-Luc", "Picard", NULL);
  guint n = 0;

  /* A last name's prefix, before a first name's. */
  hits = sl_db_search_counted (db, "lov", 10, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (((SlEntrant *)hits->pdata[0])->id, ==, a->id);
  g_assert_cmpint (((SlEntrant *)hits->pdata[1])->id, ==, c->id);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Folded: accents and case. */
  hits = sl_db_search (db, "ABERG", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((SlEntrant *)hits->pdata[0])->id, ==, c->id);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* An exact bib first, then bibs that start with it. */
  hits = sl_db_search (db, "101", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((SlEntrant *)hits->pdata[0])->id, ==, a->id);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = sl_db_search (db, "10", 10, &error);
  g_assert_cmpuint (hits->len, ==, 3);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Every word must match; a word of two parts is a phrase. */
  hits = sl_db_search (db, "grace navy", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((SlEntrant *)hits->pdata[0])->id, ==, b->id);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = sl_db_search (db, "jean-lu", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (((SlEntrant *)hits->pdata[0])->id, ==, d->id);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = sl_db_search (db, "grace hopperx", 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A limit, with the count past it. */
  hits = sl_db_search_counted (db, "1", 1, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpuint (n, ==, 3);
}

typedef struct
{
  const char  *location;
  const char  *desk;
  const char  *bib;
  GMutex      *mutex;
  GCond       *cond;
  int         *ready;
  SlEntrant   *result;
  GError      *error;
} Desk;

static gpointer
desk_thread (gpointer data)
{
  Desk *desk = data;
  g_autoptr(SlDb) db = sl_db_open (desk->location, &desk->error);

  g_mutex_lock (desk->mutex);
  (*desk->ready)++;
  g_cond_broadcast (desk->cond);
  while (*desk->ready < 2)
    g_cond_wait (desk->cond, desk->mutex);
  g_mutex_unlock (desk->mutex);
  if (db != NULL)
    desk->result = sl_db_check_in (db, desk->bib, desk->desk, &desk->error);
  return NULL;
}

/* Two desks on two connections check the same people in at once: one
 * wins each, the other is told the person is checked in already.
 */
static void
test_check_in_race (void)
{
  g_autoptr(SlDb) db = new_event (NULL);
  const char *location = sl_db_get_path (db);
  GMutex mutex;
  GCond cond;

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%d", 500 + i);
      g_autoptr(SlEntrant) e = sl_test_add_entrant (db, bib, NULL, "Racing", "Twin", NULL);
      int ready = 0;
      Desk desks[2] = {
        { location, "Desk 1", bib, &mutex, &cond, &ready, NULL, NULL },
        { location, "Desk 2", bib, &mutex, &cond, &ready, NULL, NULL },
      };
      GThread *threads[2];
      int winners = 0;

      for (int t = 0; t < 2; t++)
        threads[t] = g_thread_new ("desk", desk_thread, &desks[t]);
      for (int t = 0; t < 2; t++)
        g_thread_join (threads[t]);
      for (int t = 0; t < 2; t++)
        {
          if (desks[t].result != NULL)
            {
              winners++;
              g_assert_no_error (desks[t].error);
              g_assert_cmpstr (desks[t].result->checked_in_desk, ==, desks[t].desk);
              sl_entrant_free (desks[t].result);
            }
          else
            {
              g_assert_error (desks[t].error, SL_CHECKIN_ERROR,
                              SL_CHECKIN_ERROR_ALREADY_CHECKED_IN);
              g_clear_error (&desks[t].error);
            }
        }
      g_assert_cmpint (winners, ==, 1);
      g_assert_cmpuint (sl_test_count_audit (db, "entrant", e->id, "check-in"), ==, 1);
    }
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
}

/* A check-in retried with its request id (the reply was lost) returns the
 * entrant and records nothing more.
 */
static void
test_check_in_request_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(SlDb) db = new_event (&name);
  g_autoptr(SlEntrant) e = sl_test_add_entrant (db, "7", NULL, "Retry", "Person", NULL);
  g_autofree char *request = g_uuid_string_random ();
  g_autofree char *sql = NULL;
  g_autofree char *count = NULL;
  SlCheckInChange change = { 0 };

  change.code = "7";
  change.from = SL_STATUS_REGISTERED;
  change.to = SL_STATUS_CHECKED_IN;
  change.desk = "Desk 3";
  change.log_action = "check-in";
  change.audit_action = "check-in";
  change.request_id = request;
  for (int attempt = 0; attempt < 3; attempt++)
    {
      SlEntrant *current = NULL;
      g_autoptr(SlEntrant) written = SL_STORE (db)->check_in (db, &change, &current, &error);

      g_assert_no_error (error);
      g_assert_null (current);
      g_assert_nonnull (written);
      g_assert_cmpint (written->status, ==, SL_STATUS_CHECKED_IN);
      g_assert_cmpstr (written->checked_in_desk, ==, "Desk 3");
    }
  g_assert_cmpuint (sl_test_count_audit (db, "entrant", e->id, "check-in"), ==, 1);
  sql = g_strdup_printf ("SELECT count(*) FROM checkin_event WHERE request_id = '%s'", request);
  count = sl_test_pg_sql (name, sql);
  g_assert_cmpstr (count, ==, "1");
  g_clear_pointer (&count, g_free);
  count = sl_test_pg_sql (name, "SELECT count(*) FROM checkin_event");
  g_assert_cmpstr (count, ==, "1");

  /* Another request for the same person is told it is done already. */
  {
    g_autofree char *other = g_uuid_string_random ();
    SlEntrant *current = NULL;
    SlEntrant *written;

    change.request_id = other;
    written = SL_STORE (db)->check_in (db, &change, &current, &error);
    g_assert_no_error (error);
    g_assert_null (written);
    g_assert_nonnull (current);
    g_assert_cmpint (current->status, ==, SL_STATUS_CHECKED_IN);
    sl_entrant_free (current);
  }
}

/* Polls db until its connection is made again (in the store's own
 * thread: each poll meanwhile fails at once, saying the server is
 * unreachable); whether the poll that made it reported a change.
 */
static gboolean
poll_until_reconnected (SlDb *db)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gboolean changed = sl_db_poll_changes (db, &error);

      if (error == NULL)
        {
          g_assert_true (sl_db_is_reachable (db));
          return changed;
        }
      g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "Server unreachable"));
      g_assert_false (sl_db_is_reachable (db));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }
}

/* The server drops the event's connection: the next write fails saying
 * so and marks the event unreachable, nothing is written; once the store
 * has made the connection again (polled for), the retry of the same
 * request is recorded once, and the event is reachable again.
 */
static void
test_reconnects (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(SlDb) db = new_event (&name);
  g_autoptr(SlEntrant) e = sl_test_add_entrant (db, "8", NULL, "Lost", "Reply", NULL);
  g_autofree char *request = g_uuid_string_random ();
  g_autofree char *kill = NULL;
  g_autofree char *killed = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *count = NULL;
  SlCheckInChange change = { 0 };
  SlEntrant *current = NULL;
  SlEntrant *written;

  change.code = "8";
  change.from = SL_STATUS_REGISTERED;
  change.to = SL_STATUS_CHECKED_IN;
  change.desk = "Desk 4";
  change.log_action = "check-in";
  change.audit_action = "check-in";
  change.request_id = request;

  g_assert_true (sl_db_is_reachable (db));
  /* Waits (up to 5 s) until the server process has gone. */
  kill = g_strdup_printf ("SELECT count(*) FROM (SELECT pg_terminate_backend (pid, 5000)"
                          " FROM pg_stat_activity WHERE datname = '%s'"
                          " AND pid <> pg_backend_pid ()) AS t", name);
  killed = sl_test_pg_sql (NULL, kill);
  g_assert_cmpint (atoi (killed), >=, 1);

  written = SL_STORE (db)->check_in (db, &change, &current, &error);
  g_assert_null (written);
  g_assert_null (current);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Server unreachable"));
  g_assert_false (sl_db_is_reachable (db));
  g_clear_error (&error);
  count = sl_test_pg_sql (name, "SELECT count(*) FROM checkin_event");
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);

  poll_until_reconnected (db);
  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(SlEntrant) again = SL_STORE (db)->check_in (db, &change, &current, &error);

      g_assert_no_error (error);
      g_assert_nonnull (again);
      g_assert_null (current);
      g_assert_cmpint (again->status, ==, SL_STATUS_CHECKED_IN);
      g_assert_true (sl_db_is_reachable (db));
    }
  sql = g_strdup_printf ("SELECT count(*) FROM checkin_event WHERE request_id = '%s'", request);
  count = sl_test_pg_sql (name, sql);
  g_assert_cmpstr (count, ==, "1");
  g_assert_cmpuint (sl_test_count_audit (db, "entrant", e->id, "check-in"), ==, 1);
}

static void
test_audit_chain (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(SlDb) db = new_event (&name);
  g_autoptr(SlEntrant) a = sl_test_add_entrant (db, "1", NULL, "Ada", "Lovelace", NULL);
  g_autoptr(SlEntrant) b = sl_test_add_entrant (db, "2", NULL, "Grace", "Hopper", NULL);
  g_autoptr(SlEntrant) checked = NULL;
  g_autofree char *n_text = NULL;
  gint64 n = 0;
  gint64 bad = 0;

  checked = sl_db_check_in (db, "2", "Desk 1", &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_verify_audit (db, &n, &bad, &error));
  g_assert_no_error (error);
  n_text = sl_test_pg_sql (name, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (n, ==, atoi (n_text));
  g_assert_cmpint (n, >=, 6);
  g_assert_cmpint (bad, ==, 0);

  /* Append-only: the server refuses a change. */
  {
    g_autofree char *conninfo = g_strdup_printf ("%s dbname=%s", server, name);
    PGconn *conn = PQconnectdb (conninfo);
    PGresult *res = PQexec (conn, "UPDATE audit_log SET operator = 'mallory' WHERE id = 2");

    g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
    PQclear (res);
    res = PQexec (conn, "DELETE FROM audit_log WHERE id = 3");
    g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
    PQclear (res);
    PQfinish (conn);
  }

  /* Someone with the server's keys goes round the trigger: found. */
  g_free (sl_test_pg_sql (name, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;"
                                " UPDATE audit_log SET after = replace(after, 'Lovelace', 'Byron')"
                                " WHERE entity = 'entrant' AND action = 'insert'"
                                " AND after LIKE '%Lovelace%';"
                                " ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"));
  g_assert_false (sl_db_verify_audit (db, &n, &bad, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT);
  g_assert_cmpint (bad, >, 0);
  g_assert_nonnull (strstr (error->message, "image was changed"));
  (void)a;
  (void)b;
}

/* The bytes of a trace file written so far. */
static gsize
trace_size (FILE *trace)
{
  fflush (trace);
  return (gsize)ftell (trace);
}

/* Polls db until it reports a change or a second has passed; the time
 * it took in ms, or -1.
 */
static double
poll_until_changed (SlDb *db)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;

  while (g_get_monotonic_time () - start < G_USEC_PER_SEC)
    {
      if (sl_db_poll_changes (db, &error))
        return (double)(g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_usleep (1000);
    }
  return -1;
}

/* Another connection's commit is seen; this connection's own is not. */
static void
test_data_version (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(SlDb) other = sl_db_open (sl_db_get_path (db), &error);
  g_autoptr(SlEntrant) mine = NULL;
  g_autoptr(SlEntrant) theirs = NULL;

  g_assert_no_error (error);
  g_assert_false (sl_db_poll_changes (db, &error));
  g_assert_no_error (error);
  mine = sl_test_add_entrant (db, "1", NULL, "Mine", "Own", NULL);
  g_assert_false (sl_db_poll_changes (db, &error));
  theirs = sl_test_add_entrant (other, "2", NULL, "Theirs", "Other", NULL);
  /* Told by a notification, which comes a moment after the commit. */
  g_assert_cmpfloat (poll_until_changed (db), >=, 0);
  g_assert_false (sl_db_poll_changes (db, &error));
  g_assert_no_error (error);
}

/* Live on a server: a check-in at another connection wakes this one's
 * poll (NOTIFY at the commit); an idle poll sends the server nothing and
 * receives nothing (libpq's trace stays empty); this connection's own
 * writes are no change; a connection made again after the server
 * dropped it reports a change.
 */
static void
test_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(SlDb) db = new_event (&name);
  g_autoptr(SlDb) other = sl_db_open (sl_db_get_path (db), &error);
  g_autoptr(SlEntrant) a = sl_test_add_entrant (db, "1", NULL, "Ann", "Lee", NULL);
  g_autoptr(SlEntrant) b = sl_test_add_entrant (db, "2", NULL, "Bo", "Kim", NULL);
  g_autoptr(SlEntrant) checked = NULL;
  g_autoptr(SlEntrant) mine = NULL;
  g_autofree char *kill = NULL;
  g_autofree char *killed = NULL;
  FILE *trace = tmpfile ();
  double ms;

  g_assert_no_error (error);
  g_assert_nonnull (trace);
  /* The first poll listens and takes note of where the event stands. */
  g_assert_false (sl_db_poll_changes (db, &error));
  g_assert_no_error (error);

  sl_pg_db_trace (db, trace);
  for (int i = 0; i < 50; i++)
    {
      g_assert_false (sl_db_poll_changes (db, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (trace_size (trace), ==, 0);

  checked = sl_db_check_in (other, "1", "Desk 2", &error);
  g_assert_no_error (error);
  g_assert_nonnull (checked);
  ms = poll_until_changed (db);
  g_assert_cmpfloat (ms, >=, 0);
  g_test_message ("another connection's check-in seen after %.2f ms of polling", ms);
  /* The notification came in and the data version was read. */
  g_assert_cmpuint (trace_size (trace), >, 0);
  g_assert_false (sl_db_poll_changes (db, &error));

  /* This connection's own write notifies itself too: no change. */
  mine = sl_db_check_in (db, "2", "Desk 1", &error);
  g_assert_no_error (error);
  g_usleep (50000);
  g_assert_false (sl_db_poll_changes (db, &error));
  g_assert_no_error (error);

  /* The server drops the session: the polls make it again (the banner
   * goes) and report a change, as notifications may have been missed.
   */
  kill = g_strdup_printf ("SELECT count(*) FROM (SELECT pg_terminate_backend (pid, 5000)"
                          " FROM pg_stat_activity WHERE datname = '%s'"
                          " AND pid <> pg_backend_pid ()) AS t", name);
  killed = sl_test_pg_sql (NULL, kill);
  g_assert_cmpint (atoi (killed), >=, 1);
  g_assert_true (poll_until_reconnected (db));
  /* And listens again: another desk's undo wakes it. */
  g_assert_false (sl_db_poll_changes (db, &error));
  g_clear_object (&other);
  other = sl_db_open (sl_db_get_path (db), &error);
  g_assert_no_error (error);
  g_clear_pointer (&checked, sl_entrant_free);
  checked = sl_db_undo_check_in (other, "1", "Desk 2", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (poll_until_changed (db), >=, 0);

  sl_pg_db_trace (db, NULL);
  fclose (trace);
  (void)a;
  (void)b;
}

/* A CSV import: the bulk insert, its search index and its audit entries. */
static void
test_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(SlEntrant) ann = NULL;
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "entrants.csv", NULL);
  gint64 n = 0;
  gint64 bad = 0;

  g_assert_true (g_file_set_contents (path, "Bib,First name,Last name,Club\n"
                                            "1,Ann,Lee,Harriers\n2,Bo,Kim,\n3,Cy,Lee-Smith,\n",
                                      -1, NULL));
  result = sl_db_import_csv (db, path, NULL, NULL, NULL, NULL, &refused, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->imported, ==, 3);
  g_assert_cmpint (sl_db_count_entrants (db), ==, 3);

  ann = sl_db_dup_entrant_by_code (db, "1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ann->club, ==, "Harriers");
  g_assert_cmpuint (sl_test_count_audit (db, "entrant", ann->id, "insert"), ==, 1);
  hits = sl_db_search (db, "harr", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = sl_db_search (db, "lee", 10, &error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_assert_true (sl_db_verify_audit (db, &n, &bad, &error));
  g_assert_no_error (error);
  g_unlink (path);
  sl_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Round trips in a trace: the frontend's Sync and Query messages. */
static guint
count_round_trips (FILE *trace)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize size = trace_size (trace);
  guint n = 0;

  text = g_malloc0 (size + 1);
  rewind (trace);
  g_assert_cmpuint (fread (text, 1, size, trace), ==, size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "F\t")
        && (strstr (lines[i], "\tSync") != NULL || strstr (lines[i], "\tQuery\t") != NULL))
      n++;
  return n;
}

/* A CSV of n runners, bibs 1 to n, in dir. */
static char *
write_runners_csv (const char *dir,
                   int         n)
{
  g_autoptr(GString) csv = g_string_new ("Bib,First name,Last name,Club\n");
  char *path = g_build_filename (dir, "entrants.csv", NULL);

  for (int i = 1; i <= n; i++)
    g_string_append_printf (csv, "%d,Runner,Surname%d,Club %d\n", i, i, i % 7);
  g_assert_true (g_file_set_contents (path, csv->str, -1, NULL));
  return path;
}

/* The bulk insert of 3,000 rows sends them with COPY in a few pieces (a
 * few dozen round trips, not one or more per row), and every row gets the
 * id, search rows and audit entry one by one would have given.
 */
static void
test_bulk_round_trips (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(SlEntrant) first = NULL;
  g_autoptr(SlEntrant) last = NULL;
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autofree char *path = write_runners_csv (dir, 3000);
  FILE *trace = tmpfile ();
  gint64 n = 0;
  gint64 bad = 0;
  guint trips;

  sl_pg_db_trace (db, trace);
  result = sl_db_import_csv (db, path, NULL, NULL, NULL, NULL, &refused, &error);
  sl_pg_db_trace (db, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (result->imported, ==, 3000);
  trips = count_round_trips (trace);
  g_test_message ("3,000 rows imported in %u round trips", trips);
  g_assert_cmpuint (trips, >, 0);
  g_assert_cmpuint (trips, <, 100);
  fclose (trace);

  first = sl_db_dup_entrant_by_code (db, "1", &error);
  last = sl_db_dup_entrant_by_code (db, "3000", &error);
  g_assert_no_error (error);
  g_assert_cmpint (last->id - first->id, ==, 2999);
  g_assert_cmpstr (last->last_name, ==, "Surname3000");
  g_assert_cmpint (sl_db_count_entrants (db), ==, 3000);
  hits = sl_db_search (db, "surname2999", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpuint (sl_test_count_audit (db, "entrant", last->id, "insert"), ==, 1);
  g_assert_true (sl_db_verify_audit (db, &n, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);
  g_unlink (path);
  sl_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A row the server refuses in the middle of a COPY piece fails the whole
 * import with the server's reason (not blamed on whichever row was being
 * read), and nothing of it stays: no entrant, search row or audit entry.
 */
static void
test_bulk_all_or_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(SlDb) db = new_event (&name);
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autofree char *path = write_runners_csv (dir, 3000);
  g_autofree char *audit_before = sl_test_pg_sql (name, "SELECT count(*) FROM audit_log");
  g_autofree char *audit_after = NULL;
  g_autofree char *search = NULL;

  g_free (sl_test_pg_sql (name, "CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql"
                                " AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"));
  g_free (sl_test_pg_sql (name, "CREATE TRIGGER refuse_2500 BEFORE INSERT ON entrant FOR EACH ROW"
                                " WHEN (NEW.bib = '2500') EXECUTE FUNCTION refuse ()"));
  result = sl_db_import_csv (db, path, NULL, NULL, NULL, NULL, &refused, &error);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "refused by the test"));
  g_assert_true (result == NULL || result->imported == 0);
  g_assert_cmpint (sl_db_count_entrants (db), ==, 0);
  search = sl_test_pg_sql (name, "SELECT count(*) FROM entrant_search");
  g_assert_cmpstr (search, ==, "0");
  audit_after = sl_test_pg_sql (name, "SELECT count(*) FROM audit_log");
  g_assert_cmpstr (audit_after, ==, audit_before);
  g_clear_error (&error);
  g_clear_pointer (&result, sl_import_result_free);
  g_clear_pointer (&refused, sl_import_result_free);

  /* Without the refusal, the same file goes in whole. */
  g_free (sl_test_pg_sql (name, "DROP TRIGGER refuse_2500 ON entrant"));
  result = sl_db_import_csv (db, path, NULL, NULL, NULL, NULL, &refused, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->imported, ==, 3000);
  g_assert_cmpint (sl_db_count_entrants (db), ==, 3000);
  g_unlink (path);
  sl_test_tmpdir_free (g_steal_pointer (&dir));
}

/* Signed in as an admin (staff, the event key and key slots on the
 * server): sign-ups, the charities' figures and runners, the counts.
 */
static void
test_charities (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(SlEntrant) a = sl_test_add_entrant (db, "10", NULL, "Ann", "Lee", NULL);
  g_autoptr(SlEntrant) b = sl_test_add_entrant (db, "9", NULL, "Bo", "Kim", NULL);
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) runners = NULL;
  SlCharitySummary *summary;
  SlStats stats;

  sl_test_sign_in_admin (db);
  g_assert_true (sl_db_set_charity_signup (db, a->id, 1, 50000, 1200, &error));
  g_assert_true (sl_db_set_charity_signup (db, b->id, 1, 30000, 0, &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_set_entrant_status (db, b->id, SL_STATUS_WITHDRAWN, &error));
  g_assert_no_error (error);

  summaries = sl_db_list_charity_summaries (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 1);
  summary = summaries->pdata[0];
  g_assert_cmpstr (summary->charity.name, ==, "Riverside Hospice");
  g_assert_cmpint (summary->places_used, ==, 1);
  g_assert_cmpint (summary->pledged_pence, ==, 50000);
  g_assert_cmpint (summary->raised_pence, ==, 1200);

  runners = sl_db_list_charity_runners (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runners->len, ==, 2);
  g_assert_cmpstr (((SlCharityRunner *)runners->pdata[0])->bib, ==, "9");

  g_assert_true (sl_db_get_stats (db, &stats, &error));
  g_assert_cmpint (stats.entrants, ==, 2);
  g_assert_cmpint (stats.withdrawn, ==, 1);
  g_assert_cmpint (stats.charity_runners, ==, 2);
}

static gboolean
append_export_log (SlDb      *db,
                   gpointer   data,
                   GError   **error)
{
  return SL_STORE (db)->export_log_append (db, "charity", "Weekly list", NULL, 2, "bib,last-name",
                                           "entrants.csv",
                                           "0123456789abcdef0123456789abcdef"
                                           "0123456789abcdef0123456789abcdef", error);
}

/* A full export (an admin's) from the server's snapshot; the export log. */
static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(SlEntrant) a = sl_test_add_entrant (db, "100", NULL, "Ann", "Lee", "Harriers");
  g_autoptr(SlEntrant) b = sl_test_add_entrant (db, "99", NULL, "Bo", "Kim", NULL);
  g_autoptr(GPtrArray) log = NULL;
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "entrants.csv", NULL);
  g_autofree char *contents = NULL;
  gint64 n_rows = 0;
  char *first;
  char *second;

  sl_test_sign_in_admin (db);
  g_assert_true (sl_db_export_full (db, path, NULL, NULL, NULL, NULL, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_rows, ==, 2);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  /* Shorter bibs first: 99 before 100. */
  first = strstr (contents, "Kim");
  second = strstr (contents, "Lee");
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (first < second);
  g_assert_nonnull (strstr (contents, "Harriers"));

  /* The export log (a profile's export writes it): appended, read back. */
  g_assert_true (sl_db_run_write (db, append_export_log, NULL, &error));
  g_assert_no_error (error);
  log = SL_STORE (db)->export_log_list (db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (((char **)log->pdata[0])[4], ==, "charity");
  g_assert_cmpstr (((char **)log->pdata[0])[7], ==, "2");
  g_assert_cmpstr (((char **)log->pdata[0])[6], ==, "");
  g_unlink (path);
  sl_test_tmpdir_free (g_steal_pointer (&dir));
}

/* An officer (whose account makes the event's key pair and a key slot on
 * the server) links a guide to a runner: the link is read both ways, and
 * withdrawing the runner withdraws the guide.
 */
static void
test_links (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(SlEntrant) a = sl_test_add_entrant (db, "1", NULL, "Ann", "Lee", NULL);
  g_autoptr(SlEntrant) g = sl_test_add_entrant (db, "2", NULL, "Gus", "Guide", NULL);
  g_autoptr(SlEntrant) after = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GBytes) key = NULL;
  SlEntrantLink guide = { 0, a->id, SL_LINK_GUIDE, g->id };
  gint64 id;

  sl_test_sign_in_admin (db);
  g_assert_true (sl_db_add_staff (db, "Olu Officer", SL_ROLE_OFFICER, "correct horse battery",
                                  &error));
  g_assert_no_error (error);
  g_assert_true (SL_STORE (db)->event_key_get (db, &key, &error));
  g_assert_nonnull (key);
  g_assert_cmpuint (g_bytes_get_size (key), ==, 32);
  sl_db_sign_out (db);
  g_assert_true (sl_db_sign_in (db, "olu officer", "correct horse battery", &error));
  g_assert_no_error (error);

  id = sl_db_add_link (db, &guide, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  links = sl_db_list_links (db, g->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpint (((SlEntrantLink *)links->pdata[0])->entrant_id, ==, a->id);
  g_assert_cmpstr (((SlEntrantLink *)links->pdata[0])->other_name, ==, "Ann Lee");

  sl_db_sign_out (db);
  sl_test_sign_in_admin (db);
  g_assert_true (sl_db_set_entrant_status (db, a->id, SL_STATUS_WITHDRAWN, &error));
  g_assert_no_error (error);
  after = sl_db_dup_entrant (db, g->id, &error);
  g_assert_cmpint (after->status, ==, SL_STATUS_WITHDRAWN);
}

/* A server event is not backed up into a file: refused, naming pg_dump
 * and startline-cli copy, and no file is made.
 */
static void
test_backup_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(SlDb) db = new_event (&name);
  g_autofree char *dir = g_dir_make_tmp ("startline-pg-backup-XXXXXX", NULL);
  g_autofree char *dest = g_build_filename (dir, "copy.startline", NULL);

  g_assert_false (sl_db_backup (db, dest, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "pg_dump"));
  g_assert_nonnull (strstr (error->message, "startline-cli copy"));
  g_assert_nonnull (strstr (error->message, name));
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

/* ---- Facilities, bookings and the door ---------------------------------- */

static gint64
add_facility (SlDb       *db,
              const char *name,
              int         capacity,
              int         slot_minutes,
              gint64      parent_id)
{
  g_autoptr(GError) error = NULL;
  SlFacility facility = { 0 };
  gint64 id = 0;

  facility.kind = SL_FACILITY_QUIET_SPACE;
  facility.name = (char *)name;
  facility.location = (char *)"Hall B";
  facility.capacity = capacity;
  facility.opens = 8 * 60;
  facility.closes = 12 * 60;
  facility.slot_minutes = slot_minutes;
  facility.parent_id = parent_id;
  sl_test_sign_in_admin (db);
  sl_db_add_facility (db, &facility, &id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* count entrants, bibs 1000 on; their ids in ids. */
static void
add_people (SlDb   *db,
            guint   count,
            gint64 *ids)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%u", 1000 + i);
      g_autofree char *last = g_strdup_printf ("Runner%02u", i);
      g_autoptr(SlEntrant) e = sl_test_add_entrant (db, bib, NULL, "Pat", last, NULL);

      ids[i] = e->id;
    }
}

/* Facilities, bookings, the waiting list, promotion and the door read and
 * written on the server, with a parent counting its child.
 */
static void
test_facilities (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(GPtrArray) facilities = NULL;
  g_autoptr(GPtrArray) family = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GPtrArray) promoted = NULL;
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GArray) figures = NULL;
  g_autoptr(SlFacility) room = NULL;
  g_autoptr(SlBooking) found = NULL;
  g_autoptr(SlFacilityVisit) open = NULL;
  SlBookResult results[4] = { { 0 } };
  SlDoorResult door = { 0 };
  gint64 people[4], hub, quiet;
  int load = -1, inside = -1;

  add_people (db, 4, people);
  hub = add_facility (db, "Welfare Hub", 10, 0, 0);
  quiet = add_facility (db, "quiet room", 3, 30, hub);

  facilities = SL_STORE (db)->facilities_list (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (facilities->len, ==, 2);
  g_assert_cmpstr (((SlFacility *)facilities->pdata[0])->name, ==, "quiet room");
  g_assert_cmpstr (((SlFacility *)facilities->pdata[0])->parent_name, ==, "Welfare Hub");
  g_assert_cmpstr (((SlFacility *)facilities->pdata[0])->location, ==, "Hall B");
  g_assert_cmpint (((SlFacility *)facilities->pdata[1])->parent_id, ==, 0);
  family = SL_STORE (db)->facility_family (db, hub, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (family->len, ==, 2);
  g_assert_null (SL_STORE (db)->facility_get (db, 999, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (sl_db_book (db, quiet, people[i], 0, 9 * 60, 1, &results[i], &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (results[2].status, ==, SL_BOOKING_CONFIRMED);
  g_assert_cmpint (results[3].status, ==, SL_BOOKING_WAITING);
  g_assert_cmpint (results[3].position, ==, 1);
  g_assert_false (sl_db_book (db, quiet, people[0], 0, 9 * 60, 1, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_ALREADY_BOOKED);
  g_assert_cmpstr (error->message, ==, "Bib 1000 already holds a booking for quiet room at 09:00"
                                       " (Confirmed)");
  g_clear_error (&error);

  room = SL_STORE (db)->facility_get (db, quiet, &error);
  g_assert_no_error (error);
  g_assert_cmpint (room->confirmed, ==, 3);
  g_assert_cmpint (room->waiting, ==, 1);
  figures = SL_STORE (db)->slot_figures (db, quiet, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (figures->len, ==, 1);
  g_assert_cmpint (g_array_index (figures, SlSlotFigures, 0).slot, ==, 9 * 60);
  g_assert_cmpint (g_array_index (figures, SlSlotFigures, 0).confirmed, ==, 3);
  g_assert_cmpint (g_array_index (figures, SlSlotFigures, 0).waiting, ==, 1);
  g_assert_true (SL_STORE (db)->facility_load (db, hub, 8 * 60, 12 * 60, &load, &error));
  g_assert_no_error (error);
  g_assert_cmpint (load, ==, 3);
  g_assert_true (SL_STORE (db)->facility_load (db, hub, 10 * 60, 12 * 60, &load, &error));
  g_assert_cmpint (load, ==, 0);
  bookings = SL_STORE (db)->bookings_list (db, quiet, SL_SLOT_ANY, 0, FALSE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bookings->len, ==, 4);
  g_assert_cmpint (((SlBooking *)bookings->pdata[3])->status, ==, SL_BOOKING_WAITING);
  g_assert_cmpstr (((SlBooking *)bookings->pdata[3])->bib, ==, "1003");
  g_assert_cmpstr (((SlBooking *)bookings->pdata[0])->facility_name, ==, "quiet room");
  found = SL_STORE (db)->booking_find (db, quiet, people[1], 0, 9 * 60, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, results[1].booking_id);

  /* A cancellation promotes the one waiting, in the same write. */
  g_assert_true (sl_db_cancel_booking (db, results[0].booking_id, &promoted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (promoted->len, ==, 1);
  g_assert_cmpint (((SlBooking *)promoted->pdata[0])->id, ==, results[3].booking_id);
  g_clear_pointer (&promoted, g_ptr_array_unref);
  g_assert_cmpuint (sl_test_count_audit (db, "booking", results[3].booking_id, "promote"), ==, 1);

  /* The door: in with the booking (the parent counts the child), out. */
  g_assert_true (sl_db_door_scan (db, quiet, people[1], NULL, &door, &error));
  g_assert_no_error (error);
  g_assert_cmpint (door.move, ==, SL_DOOR_ENTERED);
  g_assert_cmpint (door.inside, ==, 1);
  sl_door_result_clear (&door);
  g_assert_true (SL_STORE (db)->facility_inside (db, hub, &inside, &error));
  g_assert_cmpint (inside, ==, 1);
  open = SL_STORE (db)->visit_open_get (db, people[1], &error);
  g_assert_no_error (error);
  g_assert_nonnull (open);
  g_assert_cmpint (open->booking_id, ==, results[1].booking_id);
  g_assert_true (sl_db_door_scan (db, quiet, people[1], NULL, &door, &error));
  g_assert_cmpint (door.move, ==, SL_DOOR_LEFT);
  g_assert_cmpint (door.inside, ==, 0);
  sl_door_result_clear (&door);
  g_clear_pointer (&open, sl_facility_visit_free);
  open = SL_STORE (db)->visit_open_get (db, people[1], &error);
  g_assert_no_error (error);
  g_assert_null (open);
  visits = SL_STORE (db)->visits_list (db, people[1], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (visits->len, ==, 1);
  g_assert_nonnull (((SlFacilityVisit *)visits->pdata[0])->left_at);
  g_clear_pointer (&found, sl_booking_free);
  found = SL_STORE (db)->booking_get (db, results[1].booking_id, &error);
  g_assert_cmpint (found->status, ==, SL_BOOKING_LEFT);
}

/* The SQLSTATE of sql on another connection to dbname, after waiting at
 * most 300 ms for a lock; "" when it ran.
 */
static char *
try_on_other_connection (const char *dbname,
                         const char *sql)
{
  g_autofree char *conninfo = g_strdup_printf ("%s dbname=%s", server, dbname);
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *res;
  char *state;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "SET lock_timeout = '300ms'"));
  res = PQexec (conn, sql);
  if (PQresultStatus (res) == PGRES_TUPLES_OK || PQresultStatus (res) == PGRES_COMMAND_OK)
    state = g_strdup ("");
  else
    state = g_strdup (PQresultErrorField (res, PG_DIAG_SQLSTATE));
  PQclear (res);
  PQfinish (conn);
  return state;
}

typedef struct
{
  const char *dbname;
  gint64      facility_id;
  gint64      entrant_id;
  gboolean    door;
  char       *state;     /* what the other connection's lock met */
} LockProbe;

static gboolean
probe_in_write (SlDb     *db,
                gpointer  data,
                GError  **error)
{
  LockProbe *probe = data;
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM facility WHERE id = %" G_GINT64_FORMAT
                                          " FOR NO KEY UPDATE", probe->facility_id);
  SlBookResult result = { 0 };

  if (probe->door ? !sl_db_enter_facility_locked (db, probe->facility_id, probe->entrant_id, -1,
                                                  NULL, error)
      : !sl_db_book_locked (db, probe->facility_id, probe->entrant_id, 9 * 60, 1, &result, error))
    return FALSE;
  probe->state = try_on_other_connection (probe->dbname, sql);
  return TRUE;
}

/* While a booking (or a door entry) is open, its facility's row is locked
 * FOR UPDATE: another connection's SELECT … FOR NO KEY UPDATE waits for it
 * (here: gives up after its lock_timeout, 55P03), and a FOR UPDATE takes
 * it at once after the commit. (NO KEY: the key-share lock the new row's
 * foreign key takes would not block it, only the store's own lock.)
 */
static void
test_row_locks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(SlDb) db = new_event (&name);
  g_autofree char *sql = NULL;
  g_autofree char *after = NULL;
  gint64 people[2], quiet, hub;
  LockProbe booking = { 0 }, door = { 0 };

  add_people (db, 2, people);
  quiet = add_facility (db, "Quiet Room", 6, 30, 0);
  hub = add_facility (db, "Welfare Hub", 6, 0, 0);

  booking = (LockProbe) { name, quiet, people[0], FALSE, NULL };
  g_assert_true (sl_db_run_write (db, probe_in_write, &booking, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (booking.state, ==, "55P03");
  sql = g_strdup_printf ("SELECT id FROM facility WHERE id = %" G_GINT64_FORMAT " FOR UPDATE",
                         quiet);
  after = try_on_other_connection (name, sql);
  g_assert_cmpstr (after, ==, "");

  door = (LockProbe) { name, hub, people[1], TRUE, NULL };
  g_assert_true (sl_db_run_write (db, probe_in_write, &door, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (door.state, ==, "55P03");
  g_free (booking.state);
  g_free (door.state);
}

/* Contenders: threads, each on a connection of its own, released at once. */
typedef enum
{
  CONTEND_BOOK,
  CONTEND_CANCEL,
  CONTEND_ENTER,
  CONTEND_SCAN,
} ContendKind;

typedef struct
{
  const char    *location;
  ContendKind    kind;
  gint64         facility_id;
  gint64         id;            /* the entrant, or the booking to cancel */
  int            rounds;        /* CONTEND_SCAN */
  GMutex        *mutex;
  GCond         *cond;
  int           *ready;
  int            n;
  /* What came of it */
  gboolean       ok;
  SlBookResult   book;
  GPtrArray     *promoted;
  int            entered, left, refused, max_inside;
  int            first_inside;  /* CONTEND_ENTER: the occupancy after it */
  GError        *error;
} Contender;

static void
contend_scan (SlDb      *db,
              Contender *c)
{
  for (int r = 0; r < c->rounds; r++)
    {
      g_autoptr(GError) error = NULL;
      SlDoorResult door = { 0 };

      if (!sl_db_door_scan (db, c->facility_id, c->id, NULL, &door, &error))
        {
          g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY);
          c->refused++;
          continue;
        }
      if (door.move == SL_DOOR_ENTERED)
        c->entered++;
      else
        c->left++;
      c->max_inside = MAX (c->max_inside, door.inside);
      sl_door_result_clear (&door);
    }
}

static gpointer
contender_thread (gpointer data)
{
  Contender *c = data;
  g_autoptr(SlDb) db = sl_db_open (c->location, &c->error);
  SlDoorResult door = { 0 };

  if (db != NULL && !sl_db_sign_in (db, SL_TEST_ADMIN, SL_TEST_ADMIN_PASSPHRASE, &c->error))
    g_clear_object (&db);

  g_mutex_lock (c->mutex);
  (*c->ready)++;
  g_cond_broadcast (c->cond);
  while (*c->ready < c->n)
    g_cond_wait (c->cond, c->mutex);
  g_mutex_unlock (c->mutex);
  if (db == NULL)
    return NULL;
  switch (c->kind)
    {
    case CONTEND_BOOK:
      c->ok = sl_db_book (db, c->facility_id, c->id, 0, 9 * 60, 1, &c->book, &c->error);
      break;
    case CONTEND_CANCEL:
      c->ok = sl_db_cancel_booking (db, c->id, &c->promoted, &c->error);
      break;
    case CONTEND_ENTER:
      c->ok = sl_db_enter_facility (db, c->facility_id, c->id, NULL, &door, &c->error);
      c->first_inside = door.inside;
      sl_door_result_clear (&door);
      break;
    case CONTEND_SCAN:
      contend_scan (db, c);
      c->ok = TRUE;
      break;
    }
  return NULL;
}

/* Runs the n contenders at once and waits for them all. */
static void
contend (Contender *contenders,
         int        n)
{
  g_autofree GThread **threads = g_new (GThread *, n);
  GMutex mutex;
  GCond cond;
  int ready = 0;

  g_mutex_init (&mutex);
  g_cond_init (&cond);
  for (int i = 0; i < n; i++)
    {
      contenders[i].mutex = &mutex;
      contenders[i].cond = &cond;
      contenders[i].ready = &ready;
      contenders[i].n = n;
      threads[i] = g_thread_new ("contender", contender_thread, &contenders[i]);
    }
  for (int i = 0; i < n; i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
}

#define BOOKERS 24
#define PLACES 6

/* 24 connections book one slot of six places at once: exactly six are
 * confirmed, the other 18 wait in positions 1 … 18, each once. Booking
 * again, all at once, each is told the booking it holds.
 */
static void
test_booking_contest (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(SlFacility) room = NULL;
  Contender c[BOOKERS] = { { 0 } };
  gboolean seen[BOOKERS + 1] = { FALSE };
  gint64 people[BOOKERS], quiet;
  int confirmed = 0;

  add_people (db, BOOKERS, people);
  quiet = add_facility (db, "Quiet Room", PLACES, 30, 0);
  for (int round = 0; round < 2; round++)
    {
      for (int i = 0; i < BOOKERS; i++)
        c[i] = (Contender) { sl_db_get_path (db), CONTEND_BOOK, quiet, people[i] };
      contend (c, BOOKERS);
      for (int i = 0; i < BOOKERS; i++)
        {
          g_autofree char *expected = NULL;

          if (round == 0)
            {
              g_assert_no_error (c[i].error);
              g_assert_true (c[i].ok);
              if (c[i].book.status == SL_BOOKING_CONFIRMED)
                confirmed++;
              else
                {
                  g_assert_cmpint (c[i].book.status, ==, SL_BOOKING_WAITING);
                  g_assert_cmpint (c[i].book.position, >=, 1);
                  g_assert_cmpint (c[i].book.position, <=, BOOKERS - PLACES);
                  g_assert_false (seen[c[i].book.position]);
                  seen[c[i].book.position] = TRUE;
                }
              continue;
            }
          g_assert_false (c[i].ok);
          g_assert_error (c[i].error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_ALREADY_BOOKED);
          expected = g_strdup_printf ("Bib %d already holds a booking for Quiet Room at 09:00", 1000 + i);
          g_assert_true (g_str_has_prefix (c[i].error->message, expected));
          g_clear_error (&c[i].error);
        }
    }
  g_assert_cmpint (confirmed, ==, PLACES);
  room = SL_STORE (db)->facility_get (db, quiet, &error);
  g_assert_no_error (error);
  g_assert_cmpint (room->confirmed, ==, PLACES);
  g_assert_cmpint (room->waiting, ==, BOOKERS - PLACES);
}

/* Six connections cancel the six confirmed bookings of a full slot at
 * once, while six more book it: the first six waiting are promoted, each
 * once, and the newcomers wait behind the rest.
 */
static void
test_promotion_contest (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  g_autoptr(SlFacility) room = NULL;
  g_autoptr(GHashTable) promoted = g_hash_table_new (g_int64_hash, g_int64_equal);
  SlBookResult results[BOOKERS] = { { 0 } };
  Contender c[2 * PLACES] = { { 0 } };
  gint64 people[BOOKERS], quiet;

  add_people (db, BOOKERS, people);
  quiet = add_facility (db, "Quiet Room", PLACES, 30, 0);
  for (int i = 0; i < BOOKERS - PLACES; i++)
    {
      g_assert_true (sl_db_book (db, quiet, people[i], 0, 9 * 60, 1, &results[i], &error));
      g_assert_no_error (error);
    }
  for (int i = 0; i < PLACES; i++)
    {
      c[i] = (Contender) { sl_db_get_path (db), CONTEND_CANCEL, quiet, results[i].booking_id };
      c[PLACES + i] = (Contender) { sl_db_get_path (db), CONTEND_BOOK, quiet,
                                    people[BOOKERS - PLACES + i] };
    }
  contend (c, 2 * PLACES);
  for (int i = 0; i < 2 * PLACES; i++)
    {
      g_assert_no_error (c[i].error);
      g_assert_true (c[i].ok);
      if (c[i].kind == CONTEND_BOOK)
        {
          g_assert_cmpint (c[i].book.status, ==, SL_BOOKING_WAITING);
          continue;
        }
      for (guint j = 0; j < c[i].promoted->len; j++)
        {
          SlBooking *b = c[i].promoted->pdata[j];

          g_assert_false (g_hash_table_contains (promoted, &b->id));
          g_hash_table_add (promoted, &b->id);
        }
    }
  g_assert_cmpuint (g_hash_table_size (promoted), ==, PLACES);
  for (int i = PLACES; i < 2 * PLACES; i++)
    g_assert_true (g_hash_table_contains (promoted, &results[i].booking_id));
  room = SL_STORE (db)->facility_get (db, quiet, &error);
  g_assert_no_error (error);
  g_assert_cmpint (room->confirmed, ==, PLACES);
  g_assert_cmpint (room->waiting, ==, BOOKERS - 2 * PLACES);
  for (int i = 0; i < 2 * PLACES; i++)
    if (c[i].promoted != NULL)
      g_ptr_array_unref (c[i].promoted);
}

#define DOOR_PEOPLE 16
#define DOOR_PLACES 5

/* Sixteen people at one door of five places, at once: five are let in,
 * each counting a different occupancy, eleven are told it is full. Then
 * all sixteen go in and out ten times at once: the door never counts more
 * than five, and what it counts is what went in less what went out.
 */
static void
test_door_contest (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = new_event (NULL);
  Contender c[DOOR_PEOPLE] = { { 0 } };
  gboolean seen[DOOR_PLACES + 1] = { FALSE };
  gint64 people[DOOR_PEOPLE], hub;
  int entered = 0, left = 0, inside = -1, open = 0;

  add_people (db, DOOR_PEOPLE, people);
  hub = add_facility (db, "Welfare Hub", DOOR_PLACES, 0, 0);
  for (int i = 0; i < DOOR_PEOPLE; i++)
    c[i] = (Contender) { sl_db_get_path (db), CONTEND_ENTER, hub, people[i] };
  contend (c, DOOR_PEOPLE);
  for (int i = 0; i < DOOR_PEOPLE; i++)
    {
      if (!c[i].ok)
        {
          g_assert_error (c[i].error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY);
          g_assert_true (g_str_has_prefix (c[i].error->message, "Welfare Hub is full (5 of 5 inside)"));
          g_clear_error (&c[i].error);
          continue;
        }
      g_assert_cmpint (c[i].first_inside, >=, 1);
      g_assert_cmpint (c[i].first_inside, <=, DOOR_PLACES);
      g_assert_false (seen[c[i].first_inside]);
      seen[c[i].first_inside] = TRUE;
      entered++;
    }
  g_assert_cmpint (entered, ==, DOOR_PLACES);

  for (int i = 0; i < DOOR_PEOPLE; i++)
    c[i] = (Contender) { sl_db_get_path (db), CONTEND_SCAN, hub, people[i], 10 };
  contend (c, DOOR_PEOPLE);
  for (int i = 0; i < DOOR_PEOPLE; i++)
    {
      g_autoptr(SlFacilityVisit) visit = SL_STORE (db)->visit_open_get (db, people[i], &error);

      g_assert_no_error (error);
      g_assert_no_error (c[i].error);
      g_assert_cmpint (c[i].max_inside, <=, DOOR_PLACES);
      entered += c[i].entered;
      left += c[i].left;
      open += visit != NULL;
    }
  g_assert_cmpint (left, >, 0);
  g_assert_true (SL_STORE (db)->facility_inside (db, hub, &inside, &error));
  g_assert_no_error (error);
  g_assert_cmpint (inside, ==, entered - left);
  g_assert_cmpint (inside, ==, open);
  g_assert_cmpint (inside, <=, DOOR_PLACES);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  server = g_getenv ("STARTLINE_TEST_PG");
  if (server == NULL || *server == '\0')
    {
      /* Never a skip: without a server nothing here was tested. */
      g_printerr ("STARTLINE_TEST_PG is not set: run this test under "
                  "tests/with-pg-cluster.sh (meson test --suite pg)\n");
      printf ("Bail out! STARTLINE_TEST_PG is not set\n");
      return 1;
    }
  g_test_add_func ("/pg-store/create-open", test_create_open);
  g_test_add_func ("/pg-store/refuse-not-ours", test_refuse_not_ours);
  g_test_add_func ("/pg-store/refuse-newer", test_refuse_newer);
  g_test_add_func ("/pg-store/refuse-incomplete", test_refuse_incomplete);
  g_test_add_func ("/pg-store/entrants", test_entrants);
  g_test_add_func ("/pg-store/search", test_search);
  g_test_add_func ("/pg-store/check-in-race", test_check_in_race);
  g_test_add_func ("/pg-store/check-in-request-id", test_check_in_request_id);
  g_test_add_func ("/pg-store/reconnects", test_reconnects);
  g_test_add_func ("/pg-store/audit-chain", test_audit_chain);
  g_test_add_func ("/pg-store/data-version", test_data_version);
  g_test_add_func ("/pg-store/live", test_live);
  g_test_add_func ("/pg-store/import", test_import);
  g_test_add_func ("/pg-store/bulk-round-trips", test_bulk_round_trips);
  g_test_add_func ("/pg-store/bulk-all-or-nothing", test_bulk_all_or_nothing);
  g_test_add_func ("/pg-store/charities", test_charities);
  g_test_add_func ("/pg-store/export", test_export);
  g_test_add_func ("/pg-store/links", test_links);
  g_test_add_func ("/pg-store/backup-refused", test_backup_refused);
  g_test_add_func ("/pg-store/facilities", test_facilities);
  g_test_add_func ("/pg-store/row-locks", test_row_locks);
  g_test_add_func ("/pg-store/booking-contest", test_booking_contest);
  g_test_add_func ("/pg-store/promotion-contest", test_promotion_contest);
  g_test_add_func ("/pg-store/door-contest", test_door_contest);
  return g_test_run ();
}
