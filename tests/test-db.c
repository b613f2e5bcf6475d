/* test-db.c — opening, creating and guarding event files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "sl-sqlite-private.h"
#include "sl-test-util.h"

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* Asserts that opening path fails with code and leaves it byte for byte
 * as it was, with no journal files created beside it.
 */
static void
assert_refused_untouched (const char *path,
                          int         code,
                          const char *message_part)
{
  g_autoptr(GBytes) before = read_bytes (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  db = sl_db_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, code);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
  /* One line a user can read. */
  g_assert_null (strchr (error->message, '\n'));

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_create_sets_up_file (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "event.sqlite");
  g_autofree char *path = g_build_filename (dir, "event.sqlite", NULL);
  g_autoptr(SlEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *h = sl_sqlite_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    /* SQLite gives its journal files the database file's permissions. */
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_assert_cmpint (stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  g_assert_cmpint (sl_test_query_int (db, path, "PRAGMA application_id"), ==, SL_DB_APPLICATION_ID);
  g_assert_cmpint (sl_test_query_int (db, path, "PRAGMA user_version"), ==, SL_DB_SCHEMA_VERSION);

  sqlite3_prepare_v2 (h, "PRAGMA journal_mode", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (h, "PRAGMA synchronous", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2); /* FULL */
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (h, "PRAGMA foreign_keys", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);

  event = sl_db_dup_event (db, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event->name, ==, "Test Marathon");
  g_assert_cmpstr (event->date, ==, "2026-04-26");
  g_assert_cmpstr (event->timezone, ==, "Europe/London");
}

static void
test_create_refuses_bad_arguments (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = sl_test_event_location_new (dir, "e.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;

  db = sl_db_create (path, "  ", "2026-04-26", &error);
  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_clear_error (&error);

  db = sl_db_create (path, "Marathon", "26/04/2026", &error);
  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "26/04/2026"));
  g_clear_error (&error);

  db = sl_db_create (path, "Marathon", "2026-02-30", &error);
  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (sl_test_event_exists (path));
}

static void
test_create_refuses_existing_file (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "e.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  g_file_set_contents (path, "precious", -1, &error);
  g_assert_no_error (error);
  before = read_bytes (path);

  db = sl_db_create (path, "Marathon", "2026-04-26", &error);
  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_EXISTS);
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_open_missing (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "nope.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_open (path, &error);

  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_open_not_ours (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *text = g_build_filename (dir, "entrants.csv", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.sqlite", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.bin", NULL);
  g_autofree char *foreign = g_build_filename (dir, "foreign.sqlite", NULL);
  guint8 noise[8192];
  sqlite3 *h = NULL;

  g_file_set_contents (text, "Bib,First name\n1,Ann\n", -1, NULL);
  g_file_set_contents (empty, "", 0, NULL);
  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8)g_test_rand_int_range (0, 256);
  g_file_set_contents (garbage, (const char *)noise, sizeof noise, NULL);

  g_assert_cmpint (sqlite3_open (foreign, &h), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, "CREATE TABLE notes (body TEXT);"
                                    "INSERT INTO notes VALUES ('someone else''s data');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (h);

  assert_refused_untouched (text, SL_DB_ERROR_NOT_OURS, "not an SQLite database");
  assert_refused_untouched (empty, SL_DB_ERROR_NOT_OURS, NULL);
  assert_refused_untouched (garbage, SL_DB_ERROR_NOT_OURS, NULL);
  assert_refused_untouched (foreign, SL_DB_ERROR_NOT_OURS, "not a Startline event file");
}

static void
set_user_version (const char *path,
                  int         version)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);
  sqlite3 *h = NULL;

  g_assert_cmpint (sqlite3_open (path, &h), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (h);
}

static void
test_open_newer_version (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "future.sqlite", NULL);

  g_clear_object (&(SlDb *){ sl_test_db_new (dir, "future.sqlite") });
  set_user_version (path, SL_DB_SCHEMA_VERSION + 1);

  assert_refused_untouched (path, SL_DB_ERROR_TOO_NEW, "newer version of Startline");
}

static void
test_open_corrupt (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "damaged.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  {
    g_autoptr(SlDb) db = sl_test_db_new (dir, "damaged.sqlite");
    for (int i = 0; i < 300; i++)
      {
        g_autofree char *bib = g_strdup_printf ("%d", 1000 + i);
        g_autoptr(SlEntrant) e = sl_test_add_entrant (db, bib, NULL, "Ann", "Lee",
                                                      "Herne Hill Harriers");
      }
  }

  /* Scribble over the pages after the header and the schema page. */
  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 4096 * 6);
  for (gsize i = 4096 * 2; i < len; i += 7)
    contents[i] = (char)0xA5;
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  g_chmod (path, 0600);

  assert_refused_untouched (path, SL_DB_ERROR_CORRUPT, NULL);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  if (!sl_db_check_integrity_finish (SL_DB (source), result, error) && *error == NULL)
    g_assert_not_reached ();
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NONE, "sound");
}

/* Runs the deferred check and returns its error (G_IO_ERROR_NONE: sound). */
static GError *
run_deferred_check (SlDb *db)
{
  GError *error = NULL;

  sl_db_check_integrity_async (db, NULL, check_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  return error;
}

static void
test_open_deferred_check (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *sound = g_build_filename (dir, "sound.sqlite", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  gsize len = 0;

  for (int f = 0; f < 2; f++)
    {
      g_autoptr(SlDb) db = sl_test_db_new (dir, f == 0 ? "sound.sqlite" : "damaged.sqlite");
      for (int i = 0; i < 300; i++)
        {
          g_autofree char *bib = g_strdup_printf ("%d", 1000 + i);
          sl_entrant_free (sl_test_add_entrant (db, bib, NULL, "Ann", "Lee",
                                                "Herne Hill Harriers"));
        }
    }

  {
    g_autoptr(SlDb) db = sl_db_open_full (sound, SL_DB_OPEN_DEFER_CHECK, &error);
    g_autoptr(GError) check = NULL;

    g_assert_no_error (error);
    check = run_deferred_check (db);
    g_assert_error (check, G_IO_ERROR, G_IO_ERROR_NONE);
  }

  /* Damage the index pages at the end of the file, as a bad sector would. */
  g_file_get_contents (damaged, &contents, &len, &error);
  g_assert_no_error (error);
  for (gsize i = len - 4096 * 4; i < len; i += 5)
    contents[i] = (char)0x5A;
  g_file_set_contents (damaged, contents, len, &error);
  g_assert_no_error (error);
  g_chmod (damaged, 0600);
  before = read_bytes (damaged);

  {
    g_autoptr(SlDb) db = sl_db_open_full (damaged, SL_DB_OPEN_DEFER_CHECK, &error);

    /* Opening may notice on its own; if it does not, the check must. */
    if (db != NULL)
      {
        g_autoptr(GError) check = run_deferred_check (db);
        g_assert_error (check, SL_DB_ERROR, SL_DB_ERROR_CORRUPT);
        g_assert_nonnull (strstr (check->message, "damaged"));
      }
    else
      g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT);
  }

  after = read_bytes (damaged);
  g_assert_true (g_bytes_equal (before, after));
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
test_open_read_only_child (void)
{
  const char *path = g_getenv ("SL_TEST_READ_ONLY_PATH");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (geteuid () == 0)
    {
      /* root can write anything: act as an ordinary user, as a desk would. */
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }

  /* It opens, for reading. */
  db = sl_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_is_read_only (db));
  found = sl_db_search (db, "Ash", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  /* The app's check in the background reads it too. */
  sl_db_check_integrity_async (db, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sl_db_check_integrity_finish (db, result, &error));
  g_assert_no_error (error);

  /* Writing fails, saying why, in one line. */
  entrant = sl_db_check_in (db, "101", NULL, &error);
  g_assert_null (entrant);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_READ_ONLY);
  g_assert_null (strchr (error->message, '\n'));
  g_printerr ("%s\n", error->message);
}

/* An event in a folder nobody may write (read-only media, another user's
 * folder) can be read and searched; writes fail with one clear message,
 * and the file stays as it was.
 */
static void
test_open_read_only (gconstpointer data)
{
  gboolean folder_read_only = GPOINTER_TO_INT (data);
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "ro.sqlite", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  {
    g_autoptr(SlDb) db = sl_test_db_new (dir, "ro.sqlite");

    sl_entrant_free (sl_test_add_entrant (db, "101", "R101", "Ann", "Ash", ""));
  }
  g_assert_cmpint (g_chmod (dir, folder_read_only ? 0555 : 0777), ==, 0);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  before = read_bytes (path);

  g_setenv ("SL_TEST_READ_ONLY_PATH", path, TRUE);
  g_test_trap_subprocess ("/db/open/read-only/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*open for reading only*");

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_migration_backs_up_first (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "old.sqlite", NULL);
  g_autofree char *backup = g_strdup_printf ("%s.before-v%d.bak", path, SL_DB_SCHEMA_VERSION);
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d", SL_DB_APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  struct stat st;
  sqlite3 *h = NULL;

  /* A file of ours at format 0: marked, but with no tables yet. */
  g_assert_cmpint (sqlite3_open (path, &h), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, "CREATE TABLE scratch (x); DROP TABLE scratch;", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (h);
  g_chmod (path, 0600);

  db = sl_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);

  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_cmpint (stat (backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (sl_test_query_int (NULL, backup, "PRAGMA user_version"), ==, 0);
  g_assert_cmpint (sl_test_query_int (NULL, path, "SELECT count(*) FROM entrant"), ==, 0);
  g_assert_cmpint (sl_test_query_int (NULL, path, "PRAGMA user_version"), ==,
                   SL_DB_SCHEMA_VERSION);
}

/* A file of format 1 folded "Pınar Kılıç" to "pınar kılıc": the upgrade
 * works the keys out again, so "pinar" finds her, and changes nothing else.
 */
static void
test_migration_refolds_search_keys (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "v1.sqlite", NULL);
  g_autoptr(SlDb) db = sl_test_db_new (dir, "v1.sqlite");
  g_autoptr(SlEntrant) e = sl_test_add_entrant (db, "7", "REF7", "Pınar", "Kılıç", NULL);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *h = NULL;
  gint64 audited;

  g_clear_pointer (&db, g_object_unref);
  g_assert_cmpint (sqlite3_open (path, &h), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, "UPDATE entrant SET search_key = 'pınar kılıc 7 ref7',"
                                 "  sort_name = 'kılıc' || char(9) || 'pınar';"
                                 "INSERT INTO entrant_fts (entrant_fts) VALUES ('rebuild');"
                                 /* What later versions added (6, 5, 4, then 3), gone as in a
                                  * file of version 1. */
                                 "DROP TABLE export_log; DROP TABLE export_profile; DROP TABLE contact_consent;"
                                 "ALTER TABLE charity DROP COLUMN bond;"
                                 "DROP TABLE facility_visit; DROP TABLE booking;"
                                 "DROP TABLE facility; DROP TABLE entrant_marker; DROP TABLE entrant_link;"
                                 "DROP TABLE need_consent; DROP TABLE need; DROP TABLE need_type;"
                                 "DROP TABLE key_slot; DROP TABLE event_key; DROP TABLE staff;"
                                 "DROP INDEX checkin_event_by_request;"
                                 "ALTER TABLE event DROP COLUMN retention_days;"
                                 "ALTER TABLE checkin_event DROP COLUMN request_id;"
                                 "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (h);
  audited = sl_test_query_int (NULL, path, "SELECT count(*) FROM audit_log");

  db = sl_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_test_query_int (NULL, path, "PRAGMA user_version"), ==,
                   SL_DB_SCHEMA_VERSION);
  hits = sl_db_search (db, "pinar kilic", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((SlEntrant *)hits->pdata[0])->last_name, ==, "Kılıç");
  g_assert_cmpint (sl_test_query_int (NULL, path, "SELECT count(*) FROM entrant"
                                      " WHERE sort_name = 'kilic' || char(9) || 'pinar'"),
                   ==, 1);
  /* Derived columns only: no entry in the audit log, no new change time. */
  g_assert_cmpint (sl_test_query_int (NULL, path, "SELECT count(*) FROM audit_log"), ==,
                   audited);
  g_assert_cmpint (sl_test_query_int (NULL, path, "SELECT updated_at = created_at"
                                      " FROM entrant"), ==, 1);
}

static void
test_audit_is_append_only (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "a.sqlite");
  g_autoptr(SlEntrant) e = sl_test_add_entrant (db, "42", "REF42", "Ann", "Lee", NULL);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  /* Refused by the database itself, to another program too. */
  g_assert_false (sl_test_exec (db, NULL, "UPDATE audit_log SET operator = 'mallory'", &message));
  g_assert_nonnull (strstr (message, "append-only"));
  g_clear_pointer (&message, g_free);
  g_assert_false (sl_test_exec (db, NULL, "DELETE FROM audit_log", &message));
  g_assert_nonnull (strstr (message, "append-only"));

  entries = sl_db_list_audit (db, "entrant", e->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((SlAuditEntry *)entries->pdata[0])->action, ==, "insert");
  g_assert_cmpstr (((SlAuditEntry *)entries->pdata[0])->operator_name, ==, g_get_user_name ());
}

static void
test_actor_names (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "actor.sqlite");
  static const char *refused[] = { "", "   ", "D1\nfake", "Desk\t3", "Desk\r3", "a\x7f" };
  g_autofree char *desk = NULL;

  desk = sl_actor_name_dup_checked (SL_ACTOR_DESK, "  Desk 3 \n", NULL);
  g_assert_cmpstr (desk, ==, "Desk 3");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = sl_actor_name_dup_checked (SL_ACTOR_DESK, refused[i], &error);

      g_assert_null (name);
      g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "desk name"));
      g_clear_error (&error);
      name = sl_actor_name_dup_checked (SL_ACTOR_OPERATOR, refused[i], &error);
      g_assert_null (name);
      g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "operator name"));
    }

  /* What the GUI's preferences hand over is trimmed; blank is the default. */
  g_assert_true (sl_db_set_actor (db, "  Sam ", " Desk 3  "));
  g_assert_cmpstr (sl_db_get_operator (db), ==, "Sam");
  g_assert_cmpstr (sl_db_get_desk (db), ==, "Desk 3");
  g_assert_true (sl_db_set_actor (db, "   ", "  "));
  g_assert_cmpstr (sl_db_get_operator (db), ==, "Sam");
  g_assert_cmpstr (sl_db_get_desk (db), ==, "");

  /* A line break would forge an audit line: never taken. */
  g_assert_true (sl_db_set_actor (db, NULL, "Desk 3"));
  g_assert_false (sl_db_set_actor (db, "Sam\nroot", "D1\nfake"));
  g_assert_cmpstr (sl_db_get_operator (db), ==, "Sam");
  g_assert_cmpstr (sl_db_get_desk (db), ==, "");

  /* Nor a right-to-left override, which makes the desk column lie, nor
   * a name that fills it.
   */
  g_assert_true (sl_db_set_actor (db, NULL, "Desk 3"));
  g_assert_false (sl_db_set_actor (db, "Sam\u202e", "Desk \u202e3"));
  g_assert_cmpstr (sl_db_get_operator (db), ==, "Sam");
  g_assert_cmpstr (sl_db_get_desk (db), ==, "");
}

static void
test_actor_name_limits (void)
{
  static const struct {
    SlActorPart part;
    const char *label;
  } parts[] = {
    { SL_ACTOR_DESK, "a desk name" },
    { SL_ACTOR_OPERATOR, "an operator name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *longest = g_strnfill (60, 'd');
      g_autofree char *too_long = g_strnfill (10000, 'd');
      g_autofree char *name = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(GError) error = NULL;

      name = sl_actor_name_dup_checked (parts[i].part, longest, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (name, ==, longest);
      g_clear_pointer (&name, g_free);

      name = sl_actor_name_dup_checked (parts[i].part, too_long, &error);
      g_assert_null (name);
      g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
      expected = g_strdup_printf ("%s can have at most %'d characters (%'d given)",
                                  parts[i].label, 60, 10000);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
      g_clear_pointer (&expected, g_free);

      /* Desk 3, shown as "Desk 3" followed by a reversed tail. */
      name = sl_actor_name_dup_checked (parts[i].part, "Desk\u202e 3", &error);
      g_assert_null (name);
      g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
      expected = g_strdup_printf ("%s cannot hold the invisible formatting character U+202E: it "
                                  "can make a list show something other than what is stored",
                                  parts[i].label);
      g_assert_cmpstr (error->message, ==, expected);
    }
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *json)
{
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* stored holds exactly the members of image whose value other lacks or
 * has otherwise, with image's values.
 */
static void
assert_changed_members (const char *stored,
                        const char *image,
                        const char *other)
{
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(JsonParser) p3 = json_parser_new ();
  JsonObject *s = parse_object (p1, stored);
  JsonObject *i = parse_object (p2, image);
  JsonObject *o = parse_object (p3, other);
  g_autoptr(GList) members = json_object_get_members (i);
  guint n = 0;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *mine = json_object_get_member (i, l->data);
      JsonNode *theirs = json_object_get_member (o, l->data);

      if (theirs != NULL && json_node_equal (mine, theirs))
        {
          g_assert_false (json_object_has_member (s, l->data));
          continue;
        }
      g_assert_true (json_object_has_member (s, l->data));
      g_assert_true (json_node_equal (mine, json_object_get_member (s, l->data)));
      n++;
    }
  g_assert_cmpuint (json_object_get_size (s), ==, n);
}

/* The newest audit entry for one entity, checked against its action and
 * images (NULL: none).
 */
static void
assert_latest_audit (SlDb       *db,
                     const char *entity,
                     gint64      id,
                     const char *action,
                     const char *before,
                     const char *after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = sl_db_list_audit (db, entity, id, 1, &error);
  SlAuditEntry *latest;

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  latest = entries->pdata[0];
  g_assert_cmpstr (latest->action, ==, action);
  if (before == NULL || after == NULL)
    {
      g_assert_cmpstr (latest->before, ==, before);
      g_assert_cmpstr (latest->after, ==, after);
      return;
    }
  /* A change keeps only the members that differ, each with its value. */
  assert_changed_members (latest->before, before, after);
  assert_changed_members (latest->after, after, before);
}

static guint
audit_count (SlDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = sl_db_list_audit (db, NULL, 0, 0, &error);

  g_assert_no_error (error);
  return entries->len;
}

/* Every change is audited with what the row was and became. */
static void
test_audit_images (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "i.sqlite");
  g_autoptr(SlEntrant) e = sl_test_add_entrant (db, "42", "REF42", "Ann", "Lee", NULL);
  g_autoptr(GError) error = NULL;
  guint n;

  assert_latest_audit (db, "event", 1, "create", NULL,
                       "{\"name\":\"Test Marathon\",\"date\":\"2026-04-26\",\"venue\":null,"
                       "\"timezone\":\"Europe/London\"}");
  /* sl_test_db_new added race 1, its wave 1 and charity 1. */
  assert_latest_audit (db, "race", 1, "insert", NULL,
                       "{\"code\":\"MASS\",\"name\":\"Mass\",\"kind\":\"mass\"}");
  assert_latest_audit (db, "wave", 1, "insert", NULL,
                       "{\"race_id\":1,\"name\":\"Blue 1\",\"start_area\":\"Blue\","
                       "\"start_time\":\"2026-04-26T09:10:00Z\"}");
  assert_latest_audit (db, "charity", 1, "insert", NULL,
                       "{\"name\":\"Riverside Hospice\",\"registered_number\":\"1012345\","
                       "\"contact_name\":null,\"contact_email\":null,\"places_allocated\":100,"
                       "\"minimum_pledge_pence\":200000,\"bond\":\"none\"}");

  g_assert_true (sl_db_set_charity_signup (db, e->id, 1, 50000, 12000, &error));
  g_assert_no_error (error);
  assert_latest_audit (db, "entrant", e->id, "charity-signup", NULL,
                       "{\"charity_id\":1,\"target_pence\":50000,\"raised_pence\":12000}");
  g_assert_true (sl_db_set_charity_signup (db, e->id, 1, 50000, 15050, &error));
  g_assert_no_error (error);
  assert_latest_audit (db, "entrant", e->id, "charity-signup",
                       "{\"charity_id\":1,\"target_pence\":50000,\"raised_pence\":12000}",
                       "{\"charity_id\":1,\"target_pence\":50000,\"raised_pence\":15050}");

  /* The same again changes nothing, and so writes no entry. */
  n = audit_count (db);
  g_assert_true (sl_db_set_charity_signup (db, e->id, 1, 50000, 15050, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (audit_count (db), ==, n);
}

static void
test_full_disk_keeps_data (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "full.sqlite");
  g_autoptr(GError) error = NULL;
  sqlite3 *h = sl_sqlite_get_handle (db);
  g_autofree char *limit = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 before;
  gboolean failed = FALSE;

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%d", 100 + i);
      g_autoptr(SlEntrant) e = sl_test_add_entrant (db, bib, NULL, "Ann", "Lee", NULL);
    }
  before = sl_db_count_entrants (db);

  /* SQLite's page limit behaves exactly like a disk with no room left. */
  sqlite3_prepare_v2 (h, "PRAGMA page_count", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  limit = g_strdup_printf ("PRAGMA max_page_count = %d", sqlite3_column_int (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (h, limit, NULL, NULL, NULL), ==, SQLITE_OK);

  for (int i = 0; i < 5000 && !failed; i++)
    {
      g_autoptr(SlEntrant) e = sl_entrant_new ();
      e->bib = g_strdup_printf ("F%d", i);
      e->first_name = g_strdup ("Padding");
      e->last_name = g_strnfill (SL_NAME_MAX_CHARS, 'x');
      e->club = g_strnfill (SL_CLUB_MAX_CHARS, 'c');
      e->notes = g_strnfill (SL_NOTES_MAX_CHARS, 'n');
      if (!sl_db_insert_entrant (db, e, &error))
        failed = TRUE;
      else
        before++;
    }
  g_assert_true (failed);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_FULL);
  /* Which disk: the message names the file, as "FILE: reason". */
  {
    g_autofree char *display = g_filename_display_name (sl_db_get_path (db));
    g_autofree char *expected = g_strdup_printf ("%s: the disk is full", display);

    g_assert_cmpstr (error->message, ==, expected);
  }
  g_assert_cmpint (sl_db_count_entrants (db), ==, before);
  g_assert_true (sl_db_integrity_ok (db, NULL));
}

static void
test_backup_copies_event (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "live.sqlite");
  g_autofree char *copy = g_build_filename (dir, "copy.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) reopened = NULL;
  g_autoptr(SlEntrant) e = sl_test_add_entrant (db, "7", NULL, "Zoë", "Müller", NULL);
  g_autoptr(SlEntrant) found = NULL;

  g_assert_true (sl_db_backup (db, copy, &error));
  g_assert_no_error (error);
  reopened = sl_db_open (copy, &error);
  g_assert_no_error (error);
  found = sl_db_dup_entrant_by_code (reopened, "7", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->first_name, ==, "Zoë");
}

static void
test_local_time (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "tz.sqlite");
  g_autofree char *summer = sl_db_format_local (db, "2026-04-26T08:30:00.000Z", "%H:%M");
  g_autofree char *winter = sl_db_format_local (db, "2026-01-10T08:30:00Z", "%H:%M");
  g_autofree char *now = sl_db_now_utc ();

  /* London is on BST in April and GMT in January. */
  g_assert_cmpstr (summer, ==, "09:30");
  g_assert_cmpstr (winter, ==, "08:30");
  g_assert_true (g_str_has_suffix (now, "Z"));
  g_assert_cmpuint (strlen (now), ==, strlen ("2026-04-26T08:30:00.000Z"));
}

static void
count_signal (guint *count)
{
  (*count)++;
}

/* Another connection's commit is seen as "changed", once; this
 * connection's own reads are not.
 */
static void
test_poll_changes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "event.startline");
  const char *path = sl_db_get_path (db);
  g_autoptr(SlDb) other = NULL;
  guint changed = 0;

  g_signal_connect_swapped (db, "changed", G_CALLBACK (count_signal), &changed);
  g_assert_false (sl_db_poll_changes (db, &error));
  g_assert_no_error (error);
  g_assert_false (sl_db_poll_changes (db, &error));
  g_assert_cmpuint (changed, ==, 0);

  other = sl_db_open (path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&error, g_error_free);
  sl_entrant_free (sl_test_add_entrant (other, "101", NULL, "Ada", "Lovelace", NULL));

  if (sl_test_store_is_server ())
    {
      /* The server's notifications (the new session's, the write's) come
       * over the socket a moment after the commit: seen within a second,
       * then nothing more.
       */
      gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;

      while (!sl_db_poll_changes (db, &error) && g_get_monotonic_time () < deadline)
        {
          g_assert_no_error (error);
          g_usleep (10000);
        }
      g_assert_no_error (error);
      g_assert_cmpuint (changed, >=, 1);
      g_usleep (200000);
      while (sl_db_poll_changes (db, &error))
        ;
      g_assert_no_error (error);
    }
  else
    {
      g_assert_true (sl_db_poll_changes (db, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (changed, ==, 1);
    }
  changed = 0;
  g_assert_false (sl_db_poll_changes (db, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpint (sl_db_count_entrants (db), ==, 1);
}

/* What names a server and what a file, as libpq reads connection strings
 * (PQconninfoParse): a URI or key=value pairs of libpq's keywords is a
 * server; a path, or a name with "=" whose key is no keyword, a file. A
 * server location as a URI names the same connection.
 */
static void
test_location_is_server (void)
{
  const char *servers[] = { "postgresql://desk@expo-server/expo", "postgres:///expo",
                            "host=/run/postgresql dbname=expo",
                            "  dbname = 'the expo'  user=desk_1 ",
                            "host=10.0.0.2,10.0.0.3 target_session_attrs=read-write dbname=expo",
                            "service=expo" };
  const char *files[] = { "expo.startline", "/tmp/expo.startline", "notes=old.startline",
                          "/tmp/a b=c.startline", "dbname", "", "dbname='unclosed",
                          "host=x nonsense=1" };
  g_autofree char *uri = NULL;
  g_autofree char *same = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autofree char *as_uri = sl_db_location_dup_uri (servers[i]);

      g_assert_true (sl_db_location_is_server (servers[i]));
      g_assert_nonnull (as_uri);
      g_assert_true (g_str_has_prefix (as_uri, "postgres"));
      g_assert_true (sl_db_location_is_server (as_uri));
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_assert_false (sl_db_location_is_server (files[i]));
      g_assert_null (sl_db_location_dup_uri (files[i]));
    }
  g_assert_false (sl_db_location_is_server (NULL));

  /* Every keyword a query parameter (in libpq's order), its value
   * escaped; a URI as it is.
   */
  uri = sl_db_location_dup_uri ("host=/run/postgresql port=5433  dbname = 'the expo'");
  g_assert_cmpstr (uri, ==, "postgresql://?dbname=the%20expo&host=%2Frun%2Fpostgresql&port=5433");
  same = sl_db_location_dup_uri ("postgresql://desk@expo-server/expo");
  g_assert_cmpstr (same, ==, "postgresql://desk@expo-server/expo");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* Everywhere: what an event refuses and records, on either store. */
  g_test_add_func ("/db/create/refuses-bad-arguments", test_create_refuses_bad_arguments);
  g_test_add_func ("/db/audit/append-only", test_audit_is_append_only);
  g_test_add_func ("/db/audit/images", test_audit_images);
  g_test_add_func ("/db/actor-names", test_actor_names);
  g_test_add_func ("/db/actor-name-limits", test_actor_name_limits);
  g_test_add_func ("/db/poll-changes", test_poll_changes);
  g_test_add_func ("/db/local-time", test_local_time);
  g_test_add_func ("/db/location-is-server", test_location_is_server);
  if (sl_test_store_is_server ())
    return g_test_run ();

  /* About event files themselves (their header and pragmas, bytes left
   * untouched, journal files, read-only files and folders, a file's size
   * cap, backups and migrations of older files' schemas): a server event
   * has none of them. The server's own refusals (a database not ours, a
   * newer schema, a backup asked of it) are in test-pg-store.c.
   */
  g_test_add_func ("/db/create/sets-up-file", test_create_sets_up_file);
  g_test_add_func ("/db/create/refuses-existing-file", test_create_refuses_existing_file);
  g_test_add_func ("/db/open/missing", test_open_missing);
  g_test_add_func ("/db/open/not-ours", test_open_not_ours);
  g_test_add_func ("/db/open/newer-version", test_open_newer_version);
  g_test_add_func ("/db/migration/refolds-search-keys", test_migration_refolds_search_keys);
  g_test_add_func ("/db/open/corrupt", test_open_corrupt);
  g_test_add_func ("/db/open/deferred-check", test_open_deferred_check);
  g_test_add_data_func ("/db/open/read-only/file", GINT_TO_POINTER (FALSE),
                        test_open_read_only);
  g_test_add_data_func ("/db/open/read-only/folder", GINT_TO_POINTER (TRUE),
                        test_open_read_only);
  g_test_add_func ("/db/open/read-only/subprocess", test_open_read_only_child);
  g_test_add_func ("/db/migration/backs-up-first", test_migration_backs_up_first);
  g_test_add_func ("/db/full-disk/keeps-data", test_full_disk_keeps_data);
  g_test_add_func ("/db/backup/copies-event", test_backup_copies_event);

  return g_test_run ();
}
