/* test-copy.c — copying a whole event (sl_event_copy, startline-cli copy)
 *
 * Without arguments: file to file, the refusals and the command line
 * (suite unit). With --pg, under tests/with-pg-cluster.sh: file to server,
 * server to file and server to server (suite pg, the test copy-pg).
 * Every table is compared row by row: by each store's own reading
 * (copy_dump) and, for files, by SQLite itself over every table the file
 * has (ATTACH … EXCEPT both ways), so that a table or column the copy
 * forgot shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <unistd.h>

#include "sl-core.h"
#include "sl-demo.h"
#include "sl-store.h"
#include "sl-test-pg.h"
#include "sl-test-util.h"

#define DEMO_ENTRANTS 300
#define DEMO_SEED 2026

static const char *server;   /* STARTLINE_TEST_PG, with --pg */

typedef struct
{
  char *dir;
  char *source_path;
  SlDb *source;
  char *officer;
  char *passphrase;
} Fixture;

/* The demo event (needs sealed to the officer's key, facilities,
 * bookings, sign-ups, an admin), a check-in, and an erasure, whose
 * emptied audit payloads must verify wherever they are copied.
 */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) checked = NULL;
  g_autoptr(SlEntrant) erased = NULL;
  g_autofree char *message = NULL;

  fixture->dir = sl_test_tmpdir_new ();
  fixture->source_path = g_build_filename (fixture->dir, "source.startline", NULL);
  fixture->source = sl_db_create (fixture->source_path, "Copy Marathon", "2026-04-26", &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_add_demo_officer (fixture->source, DEMO_SEED, &fixture->officer,
                                         &fixture->passphrase, &error));
  g_assert_true (sl_db_generate_demo (fixture->source, DEMO_ENTRANTS, DEMO_SEED, NULL, NULL, NULL,
                                      &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_sign_in (fixture->source, fixture->officer, fixture->passphrase, &error));
  g_assert_no_error (error);
  checked = sl_db_check_in_id (fixture->source, 3, "Desk 4", &error);
  g_assert_no_error (error);
  erased = sl_db_dup_entrant (fixture->source, 7, &error);
  g_assert_nonnull (erased);
  g_assert_true (sl_db_erase_entrant (fixture->source, erased->id, "asked to be forgotten",
                                      &message, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->source);
  g_free (fixture->source_path);
  g_free (fixture->officer);
  g_free (fixture->passphrase);
  sl_test_tmpdir_free (fixture->dir);
}

/* ---- Comparing ----------------------------------------------------------- */

static gboolean
dump_row_cb (const SlCopyTable  *table,
             const SlCopyValue  *values,
             gpointer            user_data,
             GError            **error)
{
  GHashTable *tables = user_data;
  GPtrArray *rows = g_hash_table_lookup (tables, table->name);
  GString *row = g_string_new (NULL);

  if (rows == NULL)
    {
      rows = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (tables, (gpointer)table->name, rows);
    }
  for (guint i = 0; table->kinds[i] != '\0'; i++)
    {
      g_string_append_c (row, '|');
      if (values[i].is_null)
        g_string_append (row, "NULL");
      else if (table->kinds[i] == 'i')
        g_string_append_printf (row, "%" G_GINT64_FORMAT, values[i].number);
      else if (table->kinds[i] == 't')
        g_string_append_len (row, values[i].data, (gssize)values[i].length);
      else
        for (gsize b = 0; b < values[i].length; b++)
          g_string_append_printf (row, "%02x", (guint8)values[i].data[b]);
    }
  g_ptr_array_add (rows, g_string_free (row, FALSE));
  return TRUE;
}

/* Every row of every table, as the store reads them for a copy. */
static GHashTable *
dump_tables (SlDb *db)
{
  g_autoptr(GError) error = NULL;
  GHashTable *tables = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify)g_ptr_array_unref);

  g_assert_true (SL_STORE (db)->copy_dump (db, dump_row_cb, tables, &error));
  g_assert_no_error (error);
  return tables;
}

/* The two events hold the same rows, table by table, but that the copy's
 * audit log has extra_entries more at its end (each copy's own entry).
 */
static void
assert_same_tables (SlDb  *original,
                    SlDb  *copy,
                    guint  extra_entries)
{
  g_autoptr(GHashTable) a = dump_tables (original);
  g_autoptr(GHashTable) b = dump_tables (copy);
  guint n_tables;
  const SlCopyTable *tables = sl_copy_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      GPtrArray *rows_a = g_hash_table_lookup (a, tables[t].name);
      GPtrArray *rows_b = g_hash_table_lookup (b, tables[t].name);
      guint len_a = rows_a != NULL ? rows_a->len : 0;
      guint len_b = rows_b != NULL ? rows_b->len : 0;
      guint extra = g_str_equal (tables[t].name, "audit_log") ? extra_entries : 0;

      g_test_message ("%s: %u rows", tables[t].name, len_a);
      g_assert_cmpuint (len_a + extra, ==, len_b);
      for (guint i = 0; i < len_a; i++)
        g_assert_cmpstr (rows_a->pdata[i], ==, rows_b->pdata[i]);
      for (guint i = len_a; i < len_b; i++)
        g_assert_nonnull (strstr (rows_b->pdata[i], "|copy|event|1|NULL|{\"rows\":"));
    }
}

/* The demo fills every table the copy names but these: what the copy
 * was tried on.
 */
static void
assert_demo_fills_tables (SlDb *db)
{
  g_autoptr(GHashTable) a = dump_tables (db);
  guint n_tables;
  const SlCopyTable *tables = sl_copy_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    if (g_hash_table_lookup (a, tables[t].name) == NULL)
      g_assert_true (g_str_equal (tables[t].name, "contact_consent")
                     || g_str_equal (tables[t].name, "export_profile")
                     || g_str_equal (tables[t].name, "export_log"));
}

static gint64
sqlite_count (sqlite3    *handle,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (handle));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Two event files hold the same rows in every table SQLite finds in
 * them (whatever the copy's list says), but the copy's last extra audit
 * entries; the copy's tables are the original's, and the copy's list
 * names every one of them but the search index.
 */
static void
assert_same_files (const char *original,
                   const char *copy,
                   guint       extra_entries)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS o", original);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint n_tables;

  sl_copy_tables (&n_tables);
  g_assert_cmpint (sqlite3_open_v2 (copy, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, attach, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT name FROM o.sqlite_master WHERE type ="
                                       " 'table' AND name NOT LIKE 'entrant_fts%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (names->len, ==, n_tables);
  g_assert_cmpint (sqlite_count (handle, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"),
                   ==, sqlite_count (handle, "SELECT count(*) FROM o.sqlite_master"
                                             " WHERE type = 'table'"));
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *missing = g_strdup_printf ("SELECT count(*) FROM (SELECT * FROM o.%s"
                                                  " EXCEPT SELECT * FROM main.%s)", name, name);
      g_autofree char *added = g_strdup_printf ("SELECT count(*) FROM (SELECT * FROM main.%s"
                                                " EXCEPT SELECT * FROM o.%s)", name, name);

      g_test_message ("file table %s", name);
      g_assert_cmpint (sqlite_count (handle, missing), ==, 0);
      g_assert_cmpint (sqlite_count (handle, added), ==,
                       g_str_equal (name, "audit_log") ? extra_entries : 0);
    }
  g_assert_cmpint (sqlite_count (handle, "SELECT count(*) FROM main.audit_log WHERE action ="
                                         " 'copy' AND id > (SELECT max(id) FROM o.audit_log)"),
                   ==, extra_entries);
  sqlite3_close (handle);
}

static void
assert_verifies (SlDb   *db,
                 gint64  n_expected)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_assert_true (sl_db_verify_audit (db, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, n_expected);
}

static gint64
count_entries (SlDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = sl_db_list_audit (db, NULL, 0, 0, &error);

  g_assert_no_error (error);
  return entries->len;
}

/* The copy works as an event: the officer signs in with the copied key
 * slot and reads a sealed detail, search finds people through the index
 * the copy built, and a new row gets an id after the copied ones.
 */
static void
assert_usable (SlDb       *copy,
               const char *officer,
               const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) needs = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(SlEntrant) before = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  gboolean read = FALSE;

  /* An officer's sign-in opens the copied key slot. */
  g_assert_true (sl_db_sign_in (copy, officer, passphrase, &error));
  g_assert_no_error (error);
  g_assert_nonnull (sl_db_session_get_key (copy));
  g_assert_true (sl_event_key_is_open (sl_db_session_get_key (copy)));
  needs = sl_db_list_needs (copy, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (needs->len, >, 0);
  for (guint i = 0; i < needs->len && !read; i++)
    {
      char *detail = NULL;

      g_assert_true (sl_db_read_need_details (copy, ((SlNeed *)needs->pdata[i])->id,
                                              &detail, NULL, &error));
      g_assert_no_error (error);
      read = detail != NULL && *detail != '\0';
      sl_secret_str_free (detail);
    }
  g_assert_true (read);

  before = sl_db_dup_entrant (copy, 10, &error);
  g_assert_nonnull (before);
  found = sl_db_search (copy, before->last_name, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >, 0);

  entrant = sl_entrant_new ();
  entrant->bib = g_strdup ("C-1");
  entrant->first_name = g_strdup ("Nova");
  entrant->last_name = g_strdup ("Copyfield");
  g_assert_true (sl_db_insert_entrant (copy, entrant, &error));
  g_assert_no_error (error);
  g_assert_cmpint (entrant->id, ==, DEMO_ENTRANTS + 1);
}

/* ---- File to file --------------------------------------------------------- */

static void
test_file_to_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) copy = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "copy.startline", NULL);
  SlEventCopyResult result = { 0 };
  gint64 n = count_entries (fixture->source);
  GStatBuf st;

  g_assert_true (sl_event_copy (fixture->source, path, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.n_audit_entries, ==, n);
  g_assert_cmpint (result.n_rows, >, DEMO_ENTRANTS + n);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  copy = sl_db_open (path, &error);
  g_assert_no_error (error);
  assert_demo_fills_tables (fixture->source);
  assert_same_tables (fixture->source, copy, 1);
  assert_verifies (fixture->source, n);
  assert_verifies (copy, n + 1);
  g_clear_object (&copy);
  assert_same_files (fixture->source_path, path, 1);

  copy = sl_db_open (path, &error);
  g_assert_no_error (error);
  assert_usable (copy, fixture->officer, fixture->passphrase);
}

/* ---- Refusals ------------------------------------------------------------- */

static void
test_refuses_existing_file (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "taken.startline", NULL);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "someone's notes", -1, NULL));
  g_assert_false (sl_event_copy (fixture->source, path, NULL, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "someone's notes");

  /* Nor onto itself. */
  g_clear_error (&error);
  g_assert_false (sl_event_copy (fixture->source, fixture->source_path, NULL, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_EXISTS);
  assert_verifies (fixture->source, count_entries (fixture->source));
}

static void
test_needs_admin (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "copy.startline", NULL);

  sl_db_sign_out (fixture->source);
  g_assert_false (sl_event_copy (fixture->source, path, NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* An event without accounts: whoever holds it may copy it. */
static void
test_no_accounts (void)
{
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "copy.startline", NULL);
  g_autoptr(SlDb) db = sl_test_db_new (dir, "plain.startline");
  g_autoptr(SlDb) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) entrant = sl_test_add_entrant (db, "101", "REF-101", "Ada", "Lovelace", NULL);

  g_assert_true (sl_event_copy (db, path, NULL, &error));
  g_assert_no_error (error);
  copy = sl_db_open (path, &error);
  g_assert_no_error (error);
  assert_same_tables (db, copy, 1);
  assert_verifies (copy, count_entries (db) + 1);
  g_clear_object (&copy);
  g_clear_object (&db);
  sl_test_tmpdir_free (g_steal_pointer (&dir));
}

/* A row the destination refuses (a check-in of nobody, which the source
 * holds only because it was written without its rules) fails the whole
 * copy, and no file is left.
 */
static void
test_failure_leaves_nothing (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "copy.startline", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open (fixture->source_path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA foreign_keys = OFF;"
                                 "INSERT INTO checkin_event (entrant_id, action, at, desk,"
                                 " operator) VALUES (999999, 'check-in', '2026-04-25T10:00:00Z',"
                                 " 'Desk 1', 'someone')", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  g_assert_false (sl_event_copy (fixture->source, path, NULL, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* ---- The command line ----------------------------------------------------- */

static void
run_copy (SlTestRun  *run,
          const char *who,
          const char *passphrase,
          const char *from,
          const char *to)
{
  sl_test_cli_run (run, from, who, passphrase, NULL, "copy", "--to", to, NULL);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *path = g_build_filename (fixture->dir, "cli-copy.startline", NULL);
  g_autofree char *expected = NULL;
  gint64 n = count_entries (fixture->source);

  /* Without signing in: refused, nothing made. */
  run_copy (&run, NULL, "", fixture->source_path, path);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "startline-cli: Needs an admin.\n");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  run_copy (&run, fixture->officer, fixture->passphrase, fixture->source_path, path);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "copied: "));
  expected = g_strdup_printf (" rows, %" G_GINT64_FORMAT " audit entries\n", n);
  g_assert_true (g_str_has_suffix (run.out, expected));

  sl_test_cli_run (&run, path, NULL, "", NULL, "audit", "--verify", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_free (expected);
  expected = g_strdup_printf ("audit log verified: %" G_GINT64_FORMAT " entries\n", n + 1);
  g_assert_cmpstr (run.out, ==, expected);

  /* Again: the destination exists now. */
  run_copy (&run, fixture->officer, fixture->passphrase, fixture->source_path, path);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "already exists"));

  /* Without --to. */
  sl_test_cli_run (&run, fixture->source_path, NULL, "", NULL, "copy", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--from EVENT and --to EVENT are required"));
}

/* ---- Servers -------------------------------------------------------------- */

/* A new, empty database on the test server: its location. */
static char *
new_database (void)
{
  static int counter;
  g_autofree char *name = g_strdup_printf ("sl_copy_%d_%d", (int)getpid (), ++counter);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);

  PQclear (sl_test_pg_admin (NULL, sql));
  return g_strdup_printf ("%s dbname=%s", server, name);
}

static SlDb *
copy_to (SlDb       *source,
         const char *destination)
{
  g_autoptr(GError) error = NULL;
  SlDb *copy;

  sl_event_copy (source, destination, NULL, &error);
  g_assert_no_error (error);
  copy = sl_db_open (destination, &error);
  g_assert_no_error (error);
  return copy;
}

static void
sign_in (SlDb    *db,
         Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_sign_in (db, fixture->officer, fixture->passphrase, &error));
  g_assert_no_error (error);
}

/* File → server → server, and server → file: each holds what the file
 * held, every chain verifies, and the file that went round trip holds
 * every row the first one held (SQLite's own comparison).
 */
static void
test_pg_round_trip (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *first = new_database ();
  g_autofree char *second = new_database ();
  g_autofree char *back = g_build_filename (fixture->dir, "back.startline", NULL);
  g_autoptr(SlDb) on_server = NULL;
  g_autoptr(SlDb) on_second = NULL;
  g_autoptr(SlDb) in_file = NULL;
  gint64 n = count_entries (fixture->source);

  on_server = copy_to (fixture->source, first);
  assert_same_tables (fixture->source, on_server, 1);
  assert_verifies (on_server, n + 1);

  sign_in (on_server, fixture);
  on_second = copy_to (on_server, second);
  assert_same_tables (on_server, on_second, 1);
  assert_verifies (on_second, n + 2);

  sign_in (on_second, fixture);
  in_file = copy_to (on_second, back);
  assert_same_tables (on_second, in_file, 1);
  assert_verifies (in_file, n + 3);
  assert_verifies (fixture->source, n);
  g_clear_object (&in_file);
  assert_same_files (fixture->source_path, back, 3);

  g_clear_object (&on_server);
  on_server = sl_db_open (first, NULL);
  g_assert_nonnull (on_server);
  assert_usable (on_server, fixture->officer, fixture->passphrase);
}

static void
test_pg_refusals (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *taken = new_database ();
  g_autofree char *foreign = new_database ();
  g_autoptr(SlDb) first = copy_to (fixture->source, taken);
  g_autofree char *foreign_name = g_strdup (strstr (foreign, "dbname=") + strlen ("dbname="));
  g_autoptr(SlDb) reopened = NULL;

  /* A database that holds an event already. */
  g_assert_false (sl_event_copy (fixture->source, taken, NULL, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_EXISTS);
  g_clear_error (&error);
  assert_verifies (first, count_entries (fixture->source) + 1);

  /* Another program's tables: left alone. */
  PQclear (sl_test_pg_admin (foreign_name, "CREATE TABLE invoices (id integer);"
                                           " INSERT INTO invoices VALUES (7)"));
  g_assert_false (sl_event_copy (fixture->source, foreign, NULL, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS);
  g_clear_error (&error);
  PQclear (sl_test_pg_admin (foreign_name, "DO $$ BEGIN IF (SELECT count(*) FROM pg_tables"
                                           " WHERE schemaname = 'public') <> 1"
                                           " OR (SELECT id FROM invoices) <> 7"
                                           " THEN RAISE EXCEPTION 'touched'; END IF; END $$"));

  /* A server event one cannot copy to: nothing made, nothing left. */
  sl_db_sign_out (fixture->source);
  g_assert_false (sl_event_copy (fixture->source, new_database (), NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
}

/* A failure while the rows stream in rolls the server back: the database
 * is empty again and can take the copy afterwards.
 */
static void
test_pg_failure_rolls_back (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = new_database ();
  g_autoptr(SlDb) copy = NULL;
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open (fixture->source_path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA foreign_keys = OFF;"
                                 "INSERT INTO entrant_marker VALUES (999999, 'deaf')", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  g_assert_false (sl_event_copy (fixture->source, location, NULL, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_null (sl_db_open (location, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (handle, "DELETE FROM entrant_marker WHERE entrant_id = 999999",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  copy = copy_to (fixture->source, location);
  assert_same_tables (fixture->source, copy, 1);
}

int
main (int    argc,
      char **argv)
{
  gboolean pg = argc > 1 && g_str_equal (argv[argc - 1], "--pg");

  if (pg)
    argc--;
  g_test_init (&argc, &argv, NULL);
  if (pg)
    {
      server = g_getenv ("STARTLINE_TEST_PG");
      if (server == NULL)
        {
          printf ("Bail out! STARTLINE_TEST_PG is not set: run under tests/with-pg-cluster.sh\n");
          return 1;
        }
      g_test_add ("/copy-pg/round-trip", Fixture, NULL, fixture_set_up, test_pg_round_trip,
                  fixture_tear_down);
      g_test_add ("/copy-pg/refusals", Fixture, NULL, fixture_set_up, test_pg_refusals,
                  fixture_tear_down);
      g_test_add ("/copy-pg/failure-rolls-back", Fixture, NULL, fixture_set_up,
                  test_pg_failure_rolls_back, fixture_tear_down);
      return g_test_run ();
    }
  g_test_add ("/copy/file-to-file", Fixture, NULL, fixture_set_up, test_file_to_file,
              fixture_tear_down);
  g_test_add ("/copy/refuses-existing-file", Fixture, NULL, fixture_set_up,
              test_refuses_existing_file, fixture_tear_down);
  g_test_add ("/copy/needs-admin", Fixture, NULL, fixture_set_up, test_needs_admin,
              fixture_tear_down);
  g_test_add_func ("/copy/no-accounts", test_no_accounts);
  g_test_add ("/copy/failure-leaves-nothing", Fixture, NULL, fixture_set_up,
              test_failure_leaves_nothing, fixture_tear_down);
  g_test_add ("/copy/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  return g_test_run ();
}
