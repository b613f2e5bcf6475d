/* test-audit.c — the audit log's hash chain: it verifies as written, and
 * names the first entry changed, removed or moved by someone who went
 * around the app (the sqlite3 library on a file; on a server event, psql
 * as the server's superuser). Runs on either store: as pg-audit, under
 * tests/with-pg-cluster.sh with STARTLINE_TEST_STORE=postgres, each event
 * is a database on the test server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "sl-demo.h"
#include "sl-test-util.h"

/* Runs SQL on the event through a connection of its own, with the
 * append-only triggers out of the way first: dropped from the file, as a
 * person with the sqlite3 shell could; on a server event, skipped for the
 * session (session_replication_role), as the server's superuser can.
 */
static void
hand_edit (const char *path,
           const char *sql)
{
  g_autofree char *message = NULL;
  g_autofree char *all = NULL;

  if (sl_pg_db_is_location (path))
    all = g_strdup_printf ("SET session_replication_role = replica; %s", sql);
  else
    all = g_strdup_printf ("DROP TRIGGER IF EXISTS audit_log_no_update;"
                           "DROP TRIGGER IF EXISTS audit_log_no_delete; %s", sql);
  if (!sl_test_exec (NULL, path, all, &message))
    g_error ("%s: %s", sql, message);
}

/* SQL for a 32-byte hash of zeros, on the store in use. */
static const char *
zero_hash_sql (void)
{
  return sl_test_store_is_server () ? "decode (repeat ('00', 32), 'hex')" : "zeroblob (32)";
}

/* An event with a few entries: the event, its race, wave and charity, two
 * entrants, an update of one. The path is returned in *path.
 */
static SlDb *
new_event (const char  *dir,
           char       **path)
{
  g_autoptr(GError) error = NULL;
  SlDb *db = sl_test_db_new (dir, "audit.sqlite");
  g_autoptr(SlEntrant) a = sl_test_add_entrant (db, "1", "R1", "Ann", "Lee", NULL);
  g_autoptr(SlEntrant) b = sl_test_add_entrant (db, "2", "R2", "Bo", "Kim", "Harriers");

  g_free (a->club);
  a->club = g_strdup ("Striders");
  sl_db_update_entrant (db, a, &error);
  g_assert_no_error (error);
  *path = g_strdup (sl_db_get_path (db));
  return db;
}

static void
assert_verifies (SlDb *db)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;
  gint64 bad = -1;

  g_assert_true (sl_db_verify_audit (db, &n, &bad, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bad, ==, 0);
  g_assert_cmpint (n, ==, sl_test_query_int (db, sl_db_get_path (db),
                                             "SELECT count(*) FROM audit_log"));
  g_assert_cmpint (n, >, 0);
}

/* Verification fails at entry `expected`, with what in the message. */
static void
assert_broken_at (SlDb       *db,
                  gint64      expected,
                  const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *start = g_strdup_printf ("audit log broken at entry %lld: ",
                                            (long long)expected);
  gint64 n = -1;
  gint64 bad = -1;

  g_assert_false (sl_db_verify_audit (db, &n, &bad, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT);
  g_assert_cmpint (bad, ==, expected);
  g_assert_cmpint (n, ==, expected - 1);
  g_assert_true (g_str_has_prefix (error->message, start));
  g_assert_nonnull (strstr (error->message, what));
}

/* Verification walks the whole chain, then finds that the entries marked
 * erased are not what the erasures recorded; it names entry `expected`.
 */
static void
assert_erasure_unaccounted (SlDb       *db,
                            gint64      expected,
                            const char *counts)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;
  gint64 bad = -1;

  g_assert_false (sl_db_verify_audit (db, &n, &bad, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_cmpint (bad, ==, expected);
  g_assert_cmpint (n, ==, sl_test_query_int (db, sl_db_get_path (db),
                                             "SELECT count(*) FROM audit_log"));
  g_assert_nonnull (strstr (error->message, counts));
  g_assert_nonnull (strstr (error->message, "emptied outside erasure"));
}

static void
test_fresh_verifies (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);

  assert_verifies (db);
  /* Every entry carries its hashes. */
  g_assert_cmpint (sl_test_query_int (db, path, "SELECT count(*) FROM audit_log"
                                      " WHERE length (hash) = 32 AND length (payload_hash) = 32"
                                      " AND erased = 0"), ==,
                   sl_test_query_int (db, path, "SELECT count(*) FROM audit_log"));
}

/* The demo writes through every bulk path: the entrants' bulk insert and
 * the sign-ups' entries, chained in C as the one-row path's.
 */
static void
test_demo_verifies (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = sl_test_event_location_new (dir, "demo.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_create (path, "Demo Marathon", "2026-04-26", &error);
  g_autofree char *name = NULL;
  g_autofree char *passphrase = NULL;
  gboolean generated;

  g_assert_no_error (error);
  g_assert_true (sl_db_add_demo_officer (db, 7, &name, &passphrase, &error));
  g_assert_no_error (error);
  generated = sl_db_generate_demo (db, 500, 7, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (generated);
  g_assert_cmpint (sl_test_query_int (db, path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'charity-signup'"), >, 0);
  assert_verifies (db);

  /* And again after reopening, from the file alone. */
  g_clear_object (&db);
  db = sl_db_open (path, &error);
  g_assert_no_error (error);
  assert_verifies (db);
}

static void
test_payload_changed (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);

  hand_edit (path, "UPDATE audit_log SET after = replace (after, 'Ann', 'Eve') WHERE id = 5");
  assert_broken_at (db, 5, "before or after image was changed");
}

static void
test_metadata_changed (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);

  hand_edit (path, "UPDATE audit_log SET operator = 'mallory' WHERE id = 6");
  assert_broken_at (db, 6, "operator");
}

static void
test_entry_removed (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);

  hand_edit (path, "DELETE FROM audit_log WHERE id = 3");
  assert_broken_at (db, 3, "missing (removed)");
  /* The first entry too. */
  hand_edit (path, "DELETE FROM audit_log WHERE id = 1");
  assert_broken_at (db, 1, "missing (removed)");
}

static void
test_entries_swapped (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);

  hand_edit (path, "UPDATE audit_log SET id = -1 WHERE id = 2;"
                   "UPDATE audit_log SET id = 2 WHERE id = 4;"
                   "UPDATE audit_log SET id = 4 WHERE id = -1;");
  assert_broken_at (db, 2, "moved here from entry 4 (reordered)");
}

/* A hash put right by hand after a change (the change then verifies at
 * that entry) breaks the link of the next one.
 */
static void
test_hash_replaced (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);
  g_autofree char *sql = g_strdup_printf ("UPDATE audit_log SET hash = %s WHERE id = 3",
                                          zero_hash_sql ());

  hand_edit (path, sql);
  assert_broken_at (db, 3, "link");
}

/* The triggers refuse every UPDATE but erasure's narrow one, and every
 * DELETE, whoever asks (on a server event, its superuser too); an entry
 * erased so still verifies by the hash it keeps.
 */
static void
test_triggers (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);
  g_autofree char *zero_hash = g_strdup_printf ("UPDATE audit_log SET before = NULL,"
                                                " after = NULL, erased = 1, hash = %s"
                                                " WHERE id = 5", zero_hash_sql ());
  const char * const refused[] = {
    "UPDATE audit_log SET operator = 'mallory' WHERE id = 5",
    "UPDATE audit_log SET after = NULL WHERE id = 5",
    "UPDATE audit_log SET before = NULL, after = NULL, erased = 1, at = 'x' WHERE id = 5",
    zero_hash,
    "UPDATE audit_log SET erased = 1 WHERE id = 5",
    "UPDATE audit_log SET erased = 0 WHERE id = 5",
    "DELETE FROM audit_log WHERE id = 5",
    "DELETE FROM audit_log",
  };
  g_autofree char *image = sl_test_query_text (db, path, "SELECT after FROM audit_log"
                                                         " WHERE id = 5");

  g_assert_nonnull (image);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *message = NULL;

      g_assert_false (sl_test_exec (db, path, refused[i], &message));
      g_test_message ("%s: %s", refused[i], message);
      g_assert_nonnull (strstr (message, "append-only"));
    }
  g_assert_cmpint (sl_test_query_int (db, path, "SELECT count(*) FROM audit_log"), ==,
                   sl_test_query_int (db, path, "SELECT max(id) FROM audit_log"));
  assert_verifies (db);
  g_assert_true (sl_test_exec (db, path, "UPDATE audit_log SET before = NULL, after = NULL,"
                                         " erased = 1 WHERE id = 5", NULL));
  /* Erased stays erased. */
  g_assert_false (sl_test_exec (db, path, "UPDATE audit_log SET after = '{}', erased = 0"
                                          " WHERE id = 5", NULL));
  g_assert_cmpint (sl_test_query_int (db, path, "SELECT erased FROM audit_log WHERE id = 5"),
                   ==, 1);
  /* The chain still holds, but no erasure accounts for the entry. */
  assert_erasure_unaccounted (db, 5, "entries marked erased: 1, but the erasures recorded "
                                     "emptying 0");
}

/* Who did what: each entry names the operator and desk acting when it was
 * written (none when no desk is set), as the list shows them; on a server
 * event also the login that wrote it, which the server sets. Changing
 * who is named breaks the chain at that entry.
 */
static void
test_who_did_what (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) cy = NULL;
  g_autoptr(SlEntrant) di = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  SlAuditEntry *entry;
  gint64 cy_entry;

  g_assert_true (sl_db_set_actor (db, "Olu Operator", "Desk 7"));
  cy = sl_test_add_entrant (db, "3", "R3", "Cy", "Ng", NULL);
  cy_entry = sl_test_query_int (db, path, "SELECT max(id) FROM audit_log");
  sql = g_strdup_printf ("SELECT operator || '|' || desk || '|' || action || '|' || entity"
                         " || '|' || entity_id FROM audit_log WHERE id = %lld",
                         (long long)cy_entry);
  text = sl_test_query_text (db, path, sql);
  expected = g_strdup_printf ("Olu Operator|Desk 7|insert|entrant|%lld", (long long)cy->id);
  g_assert_cmpstr (text, ==, expected);
  entries = sl_db_list_audit (db, "entrant", cy->id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpint (entry->id, ==, cy_entry);
  g_assert_cmpstr (entry->operator_name, ==, "Olu Operator");
  g_assert_cmpstr (entry->desk, ==, "Desk 7");
  g_assert_cmpstr (entry->action, ==, "insert");

  /* No desk: none recorded. */
  g_assert_true (sl_db_set_actor (db, "Pat Other", ""));
  di = sl_test_add_entrant (db, "4", "R4", "Di", "Ro", NULL);
  g_assert_cmpint (sl_test_query_int (db, path, "SELECT count(*) FROM audit_log"
                                      " WHERE operator = 'Pat Other' AND desk IS NULL"), ==, 1);
  if (sl_test_db_is_server (db))
    g_assert_cmpint (sl_test_query_int (db, path, "SELECT count(*) FROM audit_log"
                                        " WHERE login IS DISTINCT FROM session_user"), ==, 0);
  assert_verifies (db);

  g_free (sql);
  sql = g_strdup_printf ("UPDATE audit_log SET desk = 'Desk 1' WHERE id = %lld",
                         (long long)cy_entry);
  hand_edit (path, sql);
  assert_broken_at (db, cy_entry, "desk");
}

/* Every entry marked erased is one an erasure recorded emptying: an
 * erasure (twice, of the same entrant: the second leaves the first's
 * record alone) verifies; an entry emptied by hand through the triggers'
 * narrow path does not, before or after the last erasure.
 */
static void
test_erasure_accounted (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *again = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(SlEntrant) cy = NULL;
  gint64 ann_id = sl_test_query_int (db, path, "SELECT id FROM entrant WHERE bib = '1'");
  gint64 bo_id = sl_test_query_int (db, path, "SELECT id FROM entrant WHERE bib = '2'");
  gint64 last;

  sl_test_sign_in_admin (db);
  g_assert_true (sl_db_erase_entrant (db, ann_id, "request 1", &message, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_test_query_int (db, path, "SELECT count(*) FROM audit_log"
                                      " WHERE erased = 1"), >, 0);
  assert_verifies (db);
  g_assert_true (sl_db_erase_entrant (db, ann_id, "request 1 again", &again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_test_query_int (db, path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'erase' AND erased = 0"), ==, 2);
  assert_verifies (db);

  /* Bo's insert, before the erasures, emptied by hand. */
  sql = g_strdup_printf ("UPDATE audit_log SET before = NULL, after = NULL, erased = 1"
                         " WHERE entity = 'entrant' AND entity_id = %lld AND action = 'insert'",
                         (long long)bo_id);
  hand_edit (path, sql);
  last = sl_test_query_int (db, path, "SELECT max(id) FROM audit_log WHERE action = 'erase'");
  assert_erasure_unaccounted (db, last, "but the erasures recorded");

  /* And one after the last erasure is named itself. */
  cy = sl_test_add_entrant (db, "3", "R3", "Cy", "Ng", NULL);
  last = sl_test_query_int (db, path, "SELECT max(id) FROM audit_log");
  g_free (sql);
  sql = g_strdup_printf ("UPDATE audit_log SET before = NULL, after = NULL, erased = 1"
                         " WHERE id = %lld", (long long)last);
  hand_edit (path, sql);
  assert_erasure_unaccounted (db, last, "but the erasures recorded");
}

/* A file of format 7 has an audit log without hashes: the upgrade chains
 * the entries it has, which then verify, and appends after them.
 */
static void
test_migration_chains_old_entries (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) c = NULL;
  gint64 entries;

  g_clear_object (&db);
  hand_edit (path,
             "CREATE TABLE old_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
             "  operator TEXT NOT NULL, desk TEXT, action TEXT NOT NULL, entity TEXT NOT NULL,"
             "  entity_id INTEGER, before TEXT, after TEXT);"
             "INSERT INTO old_log SELECT id, at, operator, desk, action, entity, entity_id,"
             "  before, after FROM audit_log;"
             "DROP TABLE audit_log; ALTER TABLE old_log RENAME TO audit_log;"
             "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN"
             "  SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
             "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN"
             "  SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
             "DROP INDEX checkin_event_by_request;"
             "ALTER TABLE event DROP COLUMN retention_days;"
             "ALTER TABLE checkin_event DROP COLUMN request_id;"
             "PRAGMA user_version = 7;");
  entries = sl_test_query_int (NULL, path, "SELECT count(*) FROM audit_log");

  db = sl_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_test_query_int (NULL, path, "PRAGMA user_version"), ==,
                   SL_DB_SCHEMA_VERSION);
  g_assert_cmpint (sl_test_query_int (NULL, path, "SELECT count(*) FROM audit_log"), ==,
                   entries);
  assert_verifies (db);

  c = sl_test_add_entrant (db, "3", "R3", "Cy", "Oh", NULL);
  assert_verifies (db);
  hand_edit (path, "UPDATE audit_log SET after = NULL WHERE id = 2");
  assert_broken_at (db, 2, "changed");
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_cli (Run        *run,
         const char *path,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *)g_getenv ("STARTLINE_CLI"));
  g_ptr_array_add (argv, (char *)"--db");
  g_ptr_array_add (argv, (char *)path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
test_cli_verify (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = NULL;
  g_autoptr(SlDb) db = new_event (dir, &path);
  g_autofree char *expected = NULL;
  Run run = { 0 };

  expected = g_strdup_printf ("audit log verified: %lld entries\n",
                              (long long)sl_test_query_int (db, path,
                                                            "SELECT count(*) FROM audit_log"));
  g_clear_object (&db);
  run_cli (&run, path, "audit", "--verify", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);

  hand_edit (path, "DELETE FROM audit_log WHERE id = 4");
  run_cli (&run, path, "audit", "--verify", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==,
                   "startline-cli: audit log broken at entry 4: it is missing (removed)\n");
  g_free (run.out);
  g_free (run.err);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/audit/fresh-verifies", test_fresh_verifies);
  g_test_add_func ("/audit/demo-verifies", test_demo_verifies);
  g_test_add_func ("/audit/payload-changed", test_payload_changed);
  g_test_add_func ("/audit/metadata-changed", test_metadata_changed);
  g_test_add_func ("/audit/entry-removed", test_entry_removed);
  g_test_add_func ("/audit/entries-swapped", test_entries_swapped);
  g_test_add_func ("/audit/hash-replaced", test_hash_replaced);
  g_test_add_func ("/audit/triggers", test_triggers);
  g_test_add_func ("/audit/who-did-what", test_who_did_what);
  g_test_add_func ("/audit/cli-verify", test_cli_verify);
  g_test_add_func ("/audit/erasure-accounted", test_erasure_accounted);
  /* About an event file of format 7 and its upgrade; a server event has
   * no older schema to upgrade.
   */
  if (!sl_test_store_is_server ())
    g_test_add_func ("/audit/migration-chains-old-entries", test_migration_chains_old_entries);

  return g_test_run ();
}
