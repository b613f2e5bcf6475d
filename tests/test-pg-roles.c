/* test-pg-roles.c — the staff roles enforced by the server itself
 *
 * A server event gets one staff account per role (desk, officer,
 * exporter, admin), each a login of its own. Connected as each with
 * libpq, every statement its role must not run is refused with SQLSTATE
 * 42501 (a wider grant makes one succeed, and the test fail), and the
 * work the role does runs through the store as that login. Run under
 * tests/with-pg-cluster.sh (STARTLINE_TEST_PG); without it the test
 * fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <unistd.h>

#include "sl-core.h"
#include "sl-export.h"
#include "sl-export-profile.h"
#include "sl-session-private.h"
#include "sl-store.h"
#include "sl-test-pg.h"
#include "sl-test-util.h"

#define PASS "correct horse battery"

static const char *server;   /* STARTLINE_TEST_PG */

static PGconn *
connect_as (const char *conninfo)
{
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("connecting with %s: %s", conninfo, PQerrorMessage (conn));
  return conn;
}

/* The connection string of a staff member's login. */
static char *
login_location (const char *dbname,
                const char *staff)
{
  g_autofree char *lower = g_ascii_strdown (staff, -1);

  return g_strdup_printf ("%s dbname=%s user='%s.%s' password='" PASS "'", server, dbname,
                          dbname, lower);
}

/* Each statement refused for want of a privilege (SQLSTATE 42501). */
static void
assert_denied (PGconn             *conn,
               const char         *who,
               const char * const *statements)
{
  for (guint i = 0; statements[i] != NULL; i++)
    {
      PGresult *res = PQexec (conn, statements[i]);
      const char *state = PQresultErrorField (res, PG_DIAG_SQLSTATE);

      if (PQresultStatus (res) != PGRES_FATAL_ERROR || g_strcmp0 (state, "42501") != 0)
        g_error ("%s was allowed (or failed otherwise: %s %s): %s", who,
                 state != NULL ? state : "no error", PQresultErrorMessage (res), statements[i]);
      PQclear (res);
      /* Outside a transaction: the next statement runs on its own. */
    }
}

static void
assert_allowed (PGconn             *conn,
                const char         *who,
                const char * const *statements)
{
  for (guint i = 0; statements[i] != NULL; i++)
    {
      PGresult *res = PQexec (conn, statements[i]);

      if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
        g_error ("%s was refused: %s: %s", who, statements[i], PQresultErrorMessage (res));
      PQclear (res);
    }
}

/* Statements no role but the owner may run. */
static const char *const nobody[] = {
  "SELECT passphrase_hash FROM staff",
  "SELECT salt, wrapped_key FROM key_slot",
  "UPDATE staff SET roles = 7",
  "UPDATE checkin_event SET desk = 'forged'",
  "DELETE FROM checkin_event",
  "DELETE FROM audit_log",
  "UPDATE audit_log SET action = 'forged'",
  "INSERT INTO audit_log (id, at, operator, action, entity, payload_hash, hash)"
  " VALUES (999, 'x', 'x', 'x', 'x', decode (repeat ('00', 32), 'hex'),"
  " decode (repeat ('00', 32), 'hex'))",
  "UPDATE export_log SET reason = 'forged'",
  "UPDATE entrant SET created_at = 'forged'",
  "UPDATE startline_meta SET schema_version = 99",
  "CREATE ROLE forged LOGIN",
  "CREATE TABLE forged (id int)",
  NULL
};

static const char *const desk_denied[] = {
  "SELECT * FROM audit_log",
  "SELECT * FROM export_log",
  "SELECT detail FROM need",
  "SELECT adjustments FROM need",
  "SELECT * FROM export_profile",
  "INSERT INTO export_log (at, operator, profile, reason, n_rows, columns, file_name, sha256)"
  " VALUES ('x', 'x', 'x', 'x', 0, 'x', 'x', repeat ('0', 64))",
  "DELETE FROM entrant",
  "UPDATE need SET status = 'approved'",
  "DELETE FROM need",
  "INSERT INTO need_type (code, label) VALUES ('forged', 'Forged')",
  "UPDATE need_consent SET given = 1",
  "INSERT INTO entrant_link (entrant_id, kind, companion_name) VALUES (1, 'assistant', 'x')",
  "INSERT INTO entrant_marker (entrant_id, marker) VALUES (1, 'deaf')",
  "INSERT INTO facility (kind, name, capacity, opens, closes) VALUES ('other', 'x', 1, 0, 60)",
  "UPDATE facility SET capacity = 1",
  "INSERT INTO booking (facility_id, entrant_id, slot, party, status, created_by, created_at)"
  " VALUES (1, 1, 0, 1, 'confirmed', 'x', 'x')",
  "UPDATE facility_visit SET over_capacity_reason = 'forged'",
  "UPDATE booking SET status = 'cancelled'",
  /* At the door a desk marks a booking arrived or left, nothing else. */
  "SELECT startline_booking_status (-1, 'arrived')",
  "UPDATE charity SET places_allocated = 0",
  "UPDATE event SET name = 'Forged'",
  "INSERT INTO staff (name, roles, passphrase_hash, created_at, created_by)"
  " VALUES ('x', 7, '$argon2id$x', 'x', 'x')",
  "DELETE FROM staff",
  "INSERT INTO event_key (id, public_key, created_at) VALUES (2, '\\x00', 'x')",
  "SELECT startline_login_put ('forged', 7, 'SCRAM-SHA-256$4096:x')",
  "SELECT startline_login_drop ('ada')",
  /* The audit append refuses an entry of a kind a desk never writes, and
   * a time that is not now.
   */
  "SELECT startline_audit_append ((SELECT coalesce (max (id), 0) + 1 FROM startline_audit_tail ()),"
  " to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'x', 'x',"
  " 'insert', 'staff', 1, NULL, '{}', decode (repeat ('00', 32), 'hex'),"
  " decode (repeat ('00', 32), 'hex'))",
  "SELECT startline_audit_append ((SELECT coalesce (max (id), 0) + 1 FROM startline_audit_tail ()),"
  " '2020-01-01T00:00:00.000Z', 'x', 'x', 'update', 'entrant', 1, NULL, '{}',"
  " decode (repeat ('00', 32), 'hex'), decode (repeat ('00', 32), 'hex'))",
  NULL
};

/* What a desk reads and writes directly: the sealed need goes in, its
 * detail does not come back.
 */
static const char *const desk_allowed[] = {
  "SELECT id, bib, first_name, last_name, status, checked_in_at FROM entrant",
  "SELECT id, entrant_id, status FROM need",
  "SELECT id, name, roles FROM staff",
  "SELECT public_key FROM event_key",
  "INSERT INTO need (entrant_id, type_id, detail, created_by, created_at)"
  " SELECT (SELECT min (id) FROM entrant), (SELECT min (id) FROM need_type),"
  " '\\x00', 'Dee', '2026-04-26T08:00:00.000Z'",
  NULL
};

static const char *const officer_denied[] = {
  "SELECT * FROM audit_log",
  "SELECT * FROM export_log",
  "INSERT INTO export_log (at, operator, profile, reason, n_rows, columns, file_name, sha256)"
  " VALUES ('x', 'x', 'x', 'x', 0, 'x', 'x', repeat ('0', 64))",
  "INSERT INTO export_profile (name, columns, saved_by, saved_at) VALUES ('x', 'bib', 'x', 'x')",
  "DELETE FROM entrant",
  "UPDATE event SET retention_days = 0",
  "UPDATE charity SET places_allocated = 0",
  "DELETE FROM staff",
  "SELECT startline_login_put ('forged', 7, 'SCRAM-SHA-256$4096:x')",
  NULL
};

static const char *const officer_allowed[] = {
  "SELECT id, detail, adjustments FROM need",
  "SELECT id, capacity FROM facility",
  NULL
};

static const char *const exporter_denied[] = {
  "SELECT * FROM audit_log",
  "SELECT * FROM export_log",
  "SELECT detail FROM need",
  "UPDATE need SET status = 'approved'",
  "UPDATE facility SET capacity = 1",
  "DELETE FROM entrant",
  "UPDATE event SET name = 'Forged'",
  "DELETE FROM staff",
  "SELECT startline_login_put ('forged', 7, 'SCRAM-SHA-256$4096:x')",
  NULL
};

static const char *const admin_denied[] = {
  /* An admin decides who holds the key, but reads no detail without it
   * and no one's password hash.
   */
  "UPDATE need SET status = 'approved'",
  "DELETE FROM need",
  "INSERT INTO need_type (code, label) VALUES ('forged', 'Forged')",
  /* The function through which an admin erases a need decides none. */
  "SELECT startline_need_update ((SELECT min (id) FROM need), 'approved', NULL, NULL, NULL,"
  " 'x', 'x')",
  NULL
};

static const char *const admin_allowed[] = {
  "SELECT count(*) FROM audit_log",
  "SELECT count(*) FROM export_log",
  NULL
};

static void
add_account (SlDb       *db,
             const char *name,
             SlRoles     roles)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_add_staff (db, name, roles, PASS, &error));
  g_assert_no_error (error);
}

/* The event, made by the cluster's superuser, with one account per role
 * and two entrants; its database's name in *dbname.
 */
static SlDb *
new_event_with_staff (char **dbname)
{
  static int counter;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *location = NULL;
  g_autoptr(SlEntrant) a = NULL;
  g_autoptr(SlEntrant) b = NULL;
  SlDb *db;

  *dbname = g_strdup_printf ("sl_roles_%d_%d", (int)getpid (), ++counter);
  sql = g_strdup_printf ("CREATE DATABASE %s", *dbname);
  g_free (sl_test_pg_sql (NULL, sql));
  location = g_strdup_printf ("%s dbname=%s", server, *dbname);
  db = sl_db_create (location, "Roles Marathon", "2026-04-26", &error);
  g_assert_no_error (error);
  sl_test_db_populate (db);
  a = sl_test_add_entrant (db, "100", NULL, "Ann", "Lee", "Harriers");
  b = sl_test_add_entrant (db, "101", NULL, "Bo", "Kim", NULL);

  add_account (db, "Ada", SL_ROLE_ADMIN);
  g_assert_true (sl_db_sign_in (db, "Ada", PASS, &error));
  g_assert_no_error (error);
  add_account (db, "Olu", SL_ROLE_OFFICER);
  add_account (db, "Eve", SL_ROLE_EXPORTER);
  add_account (db, "Dee", SL_ROLE_DESK);
  sl_db_sign_out (db);
  return db;
}

static SlDb *
open_as (const char *dbname,
         const char *staff)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = login_location (dbname, staff);
  SlDb *db = sl_db_open (location, &error);

  g_assert_no_error (error);
  g_assert_true (sl_db_sign_in (db, staff, PASS, &error));
  g_assert_no_error (error);
  return db;
}

/* Each account is a login with a SCRAM verifier, in its roles' groups. */
static void
check_logins (const char *dbname)
{
  static const char *const expected[][2] = {
    { "ada", "admin" }, { "olu", "officer" }, { "eve", "exporter" }, { "dee", "desk" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT rolpassword LIKE 'SCRAM-SHA-256$%%' AND rolcanlogin"
        " AND pg_has_role (rolname, '%s_%s', 'MEMBER')"
        " AND pg_has_role (rolname, '%s_admin', 'MEMBER') = ('%s' = 'admin')"
        " FROM pg_authid WHERE rolname = '%s.%s'",
        dbname, expected[i][1], dbname, expected[i][1], dbname, expected[i][0]);
      g_autofree char *ok = sl_test_pg_sql (dbname, sql);

      g_assert_cmpstr (ok, ==, "t");
    }
}

/* The desk card of a runner with a need (desk_allowed recorded it, sealed,
 * for the first entrant): the desk's login reads the need's state and
 * whether it has a detail, as a desk on a file does, through the store,
 * and never the sealed bytes.
 */
static void
desk_reads_needs (SlDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) runner = sl_db_dup_entrant_by_code (db, "100", &error);
  g_autoptr(SlDeskNeeds) card = NULL;
  g_autoptr(GPtrArray) needs = NULL;
  g_autoptr(SlNeed) need = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;

  g_assert_no_error (error);
  card = sl_db_dup_desk_needs (db, runner->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (card);
  g_assert_cmpuint (card->flags->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (card->flags, 0), ==,
                   "Support requested — the Accessibility Point will follow up");

  filter.entrant_id = runner->id;
  needs = SL_STORE (db)->needs_list (db, &filter, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (needs->len, ==, 1);
  g_assert_true (((SlNeed *)needs->pdata[0])->has_detail);
  g_assert_false (((SlNeed *)needs->pdata[0])->has_adjustments);
  g_assert_null (((SlNeed *)needs->pdata[0])->detail_sealed);

  need = SL_STORE (db)->need_get (db, ((SlNeed *)needs->pdata[0])->id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (need->has_detail);
  g_clear_pointer (&need, sl_need_free);
  need = SL_STORE (db)->need_get (db, ((SlNeed *)needs->pdata[0])->id, TRUE, &error);
  g_assert_null (need);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_DENIED);
}

static void
desk_work (const char *dbname)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = open_as (dbname, "Dee");
  g_autoptr(SlEntrant) edited = NULL;
  g_autoptr(SlEntrant) checked = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *location = login_location (dbname, "Dee");
  PGconn *conn = connect_as (location);

  assert_denied (conn, "a desk", nobody);
  assert_denied (conn, "a desk", desk_denied);
  assert_allowed (conn, "a desk", desk_allowed);
  PQfinish (conn);

  desk_reads_needs (db);

  /* What the desk does, through the store as the desk's login. */
  g_assert_cmpint (sl_db_count_staff (db, &error), ==, 4);
  g_assert_no_error (error);
  found = sl_db_search (db, "lee", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  checked = sl_db_check_in (db, "100", "Desk 3", &error);
  g_assert_no_error (error);
  g_assert_cmpint (checked->status, ==, SL_STATUS_CHECKED_IN);
  edited = sl_db_dup_entrant_by_code (db, "101", &error);
  g_assert_no_error (error);
  g_free (edited->club);
  edited->club = g_strdup ("Riverside RC");
  g_assert_true (sl_db_update_entrant (db, edited, &error));
  g_assert_no_error (error);

  /* The door: in and out of a facility, under its row lock. */
  {
    g_autofree char *facility
      = sl_test_pg_sql (dbname, "INSERT INTO facility (kind, name, capacity, opens, closes)"
                                " VALUES ('welfare-hub', 'Door', 5, 0, 1440) RETURNING id");
    gint64 facility_id = g_ascii_strtoll (facility, NULL, 10);
    SlDoorResult door = { 0 };

    sl_db_door_scan (db, facility_id, checked->id, NULL, &door, &error);
    g_assert_no_error (error);
    g_assert_cmpint (door.move, ==, SL_DOOR_ENTERED);
    g_assert_cmpint (door.inside, ==, 1);
    sl_door_result_clear (&door);
    g_assert_true (sl_db_door_scan (db, facility_id, checked->id, NULL, &door, &error));
    g_assert_no_error (error);
    g_assert_cmpint (door.move, ==, SL_DOOR_LEFT);
    g_assert_cmpint (door.inside, ==, 0);
    sl_door_result_clear (&door);

    /* A booked person: the desk marks the booking arrived, then left
     * (through startline_booking_status; it has no UPDATE on booking).
     */
    {
      g_autofree char *insert = g_strdup_printf (
        "INSERT INTO booking (facility_id, entrant_id, slot, party, status, created_by,"
        " created_at) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", -1, 1, 'confirmed',"
        " 'Olu', '2026-04-26T08:00:00.000Z') RETURNING id", facility_id, checked->id);
      g_autofree char *booking = sl_test_pg_sql (dbname, insert);
      g_autofree char *select = g_strdup_printf ("SELECT status FROM booking WHERE id = %s",
                                                 booking);
      g_autofree char *arrived = NULL;
      g_autofree char *left = NULL;

      g_assert_true (sl_db_door_scan (db, facility_id, checked->id, NULL, &door, &error));
      g_assert_no_error (error);
      g_assert_cmpint (door.move, ==, SL_DOOR_ENTERED);
      sl_door_result_clear (&door);
      arrived = sl_test_pg_sql (dbname, select);
      g_assert_cmpstr (arrived, ==, "arrived");
      g_assert_true (sl_db_door_scan (db, facility_id, checked->id, NULL, &door, &error));
      g_assert_no_error (error);
      g_assert_cmpint (door.move, ==, SL_DOOR_LEFT);
      sl_door_result_clear (&door);
      left = sl_test_pg_sql (dbname, select);
      g_assert_cmpstr (left, ==, "left");
      {
        g_autofree char *cancel = g_strdup_printf (
          "SELECT startline_booking_status (%s, 'cancelled')", booking);
        g_autofree char *again = g_strdup_printf (
          "SELECT startline_booking_status (%s, 'arrived')", booking);
        const char *const forbidden[] = { cancel, again, NULL };
        PGconn *desk_conn = connect_as (location);

        assert_denied (desk_conn, "a desk", forbidden);
        PQfinish (desk_conn);
      }
    }
  }

  /* The audit log is not the desk's to read: one clear message. */
  audit = sl_db_list_audit (db, NULL, 0, 0, &error);
  g_assert_null (audit);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_DENIED);
  g_assert_true (g_str_has_prefix (error->message, "Your account may not"));
  g_clear_error (&error);

  /* Signing in as someone else on the desk's login: refused, plainly. */
  sl_db_sign_out (db);
  g_assert_false (sl_db_sign_in (db, "Ada", PASS, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
}

static void
officer_work (const char *dbname)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = open_as (dbname, "Olu");
  g_autoptr(SlEntrant) undone = NULL;
  g_autofree char *location = login_location (dbname, "Olu");
  PGconn *conn = connect_as (location);

  assert_denied (conn, "an officer", nobody);
  assert_denied (conn, "an officer", officer_denied);
  assert_allowed (conn, "an officer", officer_allowed);
  PQfinish (conn);

  /* The key slot opened at sign-in; another desk's check-in undone. */
  g_assert_nonnull (sl_db_get_event_key (db));
  undone = sl_db_undo_check_in (db, "100", "Desk 9", &error);
  g_assert_no_error (error);
  g_assert_cmpint (undone->status, ==, SL_STATUS_REGISTERED);
}

static gboolean
no_start (SlDb    *reader,
          gint64   n_rows,
          gpointer user_data,
          GError **error)
{
  return TRUE;
}

static gboolean
count_rows (const SlExportRow *row,
            gpointer           user_data,
            GError           **error)
{
  (*(guint *)user_data)++;
  return TRUE;
}

/* An exporter's login and the need details column (desk_work recorded a
 * sealed need): the medical team's profile, a profile of the exporter's
 * own that holds the column, and an export without a profile that names
 * it are each refused in one message naming who may, before any file is
 * made or the export log written; and below the service the server
 * refuses the login the column's read (SL_DB_ERROR_DENIED), never
 * leaving it quietly empty.
 */
static void
exporter_never_exports_needs (SlDb       *db,
                              const char *dbname,
                              const char *dir)
{
  static const SlExportColumn needs[] = { SL_EXPORT_COLUMN_BIB, SL_EXPORT_COLUMN_NEED_DETAILS };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "needs.csv", NULL);
  g_autofree char *n_logged = sl_test_pg_sql (dbname, "SELECT count(*) FROM export_log");
  g_autofree char *n_logged_after = NULL;
  g_autofree char *n_needs = sl_test_pg_sql (dbname, "SELECT count(*) FROM need"
                                                     " WHERE detail IS NOT NULL");
  SlProfileExportRequest medical = { "medical-team", SL_EXPORT_FORMAT_AUTO, NULL, NULL,
                                     "For the medical tent" };
  SlProfileExportRequest mine = { "eve-needs", SL_EXPORT_FORMAT_AUTO, NULL, NULL,
                                  "For the medical tent" };
  SlExportOptions options = { 0 };
  SlExportQuery query = { 0 };
  g_autoptr(SlDb) reader = NULL;
  guint n_rows = 0;

  g_assert_cmpstr (n_needs, !=, "0");
  g_assert_false (sl_db_export_profile (db, path, &medical, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_cmpstr (error->message, ==, "The medical-team profile needs an accessibility officer.");
  g_clear_error (&error);

  /* She may save any columns; using them is the officer's. */
  g_assert_true (sl_db_save_export_profile (db, "eve-needs", needs, G_N_ELEMENTS (needs), &error));
  g_assert_no_error (error);
  g_assert_false (sl_db_export_profile (db, path, &mine, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_cmpstr (error->message, ==, "The eve-needs profile needs an accessibility officer.");
  g_clear_error (&error);
  g_assert_null (sl_db_preview_profile_export (db, &mine, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  options.columns = needs;
  options.n_columns = G_N_ELEMENTS (needs);
  g_assert_false (sl_db_export (db, path, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  n_logged_after = sl_test_pg_sql (dbname, "SELECT count(*) FROM export_log");
  g_assert_cmpstr (n_logged_after, ==, n_logged);

  /* Round the service: the store's read of the column, on her login. */
  reader = sl_db_open_reader (db, &error);
  g_assert_no_error (error);
  query.wanted[SL_EXPORT_COLUMN_BIB] = TRUE;
  query.wanted[SL_EXPORT_COLUMN_NEED_DETAILS] = TRUE;
  g_assert_false (SL_STORE (reader)->export_rows (reader, &query, no_start, count_rows, &n_rows,
                                                  &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_DENIED);
  g_assert_cmpuint (n_rows, ==, 0);
}

static void
exporter_work (const char *dbname)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = open_as (dbname, "Eve");
  g_autofree char *location = login_location (dbname, "Eve");
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "partner.csv", NULL);
  SlProfileExportRequest request = { "charity-partner", SL_EXPORT_FORMAT_AUTO,
                                     "Riverside Hospice", NULL, "Weekly list" };
  gint64 n_rows = -1;
  PGconn *conn = connect_as (location);

  assert_denied (conn, "an exporter", nobody);
  assert_denied (conn, "an exporter", exporter_denied);
  PQfinish (conn);

  /* An export through a profile writes the export log it cannot read. */
  g_assert_true (sl_db_export_profile (db, path, &request, NULL, NULL, NULL, &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_rows, ==, 0);
  g_unlink (path);
  exporter_never_exports_needs (db, dbname, dir);
  sl_test_tmpdir_free (g_steal_pointer (&dir));
}

/* The admin's login erases the entrant with the desk's need: the need's
 * sealed detail goes; the table files keep older copies until the owner
 * rewrites them, which the message says; the chain still verifies.
 */
static void
admin_erases (SlDb       *db,
              const char *dbname)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *entrant = sl_test_pg_sql (dbname, "SELECT min (entrant_id) FROM need");
  g_autofree char *sealed = NULL;
  g_autofree char *message = NULL;
  gint64 n_entries = 0;

  g_assert_nonnull (entrant);
  g_assert_true (sl_db_erase_entrant (db, g_ascii_strtoll (entrant, NULL, 10),
                                      "subject access request", &message, &error));
  g_assert_no_error (error);
  g_test_message ("%s", message);
  g_assert_true (g_str_has_prefix (message, "Erased entrant"));
  g_assert_nonnull (strstr (message, "VACUUM (FULL)"));
  sealed = sl_test_pg_sql (dbname, "SELECT count(*) FROM need WHERE detail IS NOT NULL");
  g_assert_cmpstr (sealed, ==, "0");
  g_assert_true (sl_db_verify_audit (db, &n_entries, NULL, &error));
  g_assert_no_error (error);
}

static void
admin_work (const char *dbname)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = open_as (dbname, "Ada");
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *location = login_location (dbname, "Ada");
  g_autofree char *sql = NULL;
  g_autofree char *exists = NULL;
  gint64 n_entries = 0;
  PGconn *conn = connect_as (location);

  assert_denied (conn, "an admin", nobody);
  assert_denied (conn, "an admin", admin_denied);
  assert_allowed (conn, "an admin", admin_allowed);
  PQfinish (conn);

  /* An account made by the admin's login (not the owner's) is a login. */
  add_account (db, "Sam", SL_ROLE_DESK);
  sql = g_strdup_printf ("SELECT count(*) FROM pg_roles WHERE rolname = '%s.sam'", dbname);
  exists = sl_test_pg_sql (dbname, sql);
  g_assert_cmpstr (exists, ==, "1");
  g_assert_true (sl_db_remove_staff (db, "Sam", &error));
  g_assert_no_error (error);
  g_free (exists);
  exists = sl_test_pg_sql (dbname, sql);
  g_assert_cmpstr (exists, ==, "0");

  log = sl_db_list_export_log (db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  audit = sl_db_list_audit (db, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, 0);
  g_assert_true (sl_db_verify_audit (db, &n_entries, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_entries, ==, (gint64)audit->len);

  admin_erases (db, dbname);
}

/* The audit log names the login that wrote each entry. */
static void
check_audit_logins (const char *dbname)
{
  static const char *const expected[][2] = {
    { "check-in", "dee" }, { "export", "eve" }, { "undo-check-in", "olu" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT string_agg (DISTINCT login, ',')"
                                              " FROM audit_log WHERE action = '%s'",
                                              expected[i][0]);
      g_autofree char *login = sl_test_pg_sql (dbname, sql);
      g_autofree char *want = g_strdup_printf ("%s.%s", dbname, expected[i][1]);

      g_assert_cmpstr (login, ==, want);
    }
}

/* Archived to a file by the owner, the event keeps its accounts but the
 * desk's, a login of the server that a file cannot hold; the chain
 * verifies there.
 */
static void
check_copy_to_file (SlDb *owner)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "archive.sqlite", NULL);
  g_autoptr(SlDb) copy = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  gint64 n_entries = 0;

  g_assert_true (sl_db_sign_in (owner, "Ada", PASS, &error));
  g_assert_no_error (error);
  g_assert_true (sl_event_copy (owner, path, NULL, &error));
  g_assert_no_error (error);
  copy = sl_db_open (path, &error);
  g_assert_no_error (error);
  staff = SL_STORE (copy)->staff_list (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staff->len, ==, 3);
  for (guint i = 0; i < staff->len; i++)
    g_assert_cmpint (((SlStaffAccount *)staff->pdata[i])->roles, !=, SL_ROLE_DESK);
  g_assert_true (sl_db_verify_audit (copy, &n_entries, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&copy);
  sl_test_tmpdir_free (g_steal_pointer (&dir));
}

static void
test_roles (void)
{
  g_autofree char *dbname = NULL;
  g_autoptr(SlDb) owner = new_event_with_staff (&dbname);

  check_logins (dbname);
  desk_work (dbname);
  officer_work (dbname);
  exporter_work (dbname);
  admin_work (dbname);
  check_audit_logins (dbname);
  check_copy_to_file (owner);
}

/* An event made by an account without CREATEROLE is refused, plainly,
 * and leaves the database empty.
 */
static void
test_owner_needs_createrole (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *location = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *dbname = g_strdup_printf ("sl_roles_plain_%d", (int)getpid ());
  g_autofree char *create = g_strdup_printf ("CREATE ROLE plain_%d LOGIN;"
                                             " CREATE DATABASE %s OWNER plain_%d",
                                             (int)getpid (), dbname, (int)getpid ());
  char **statements = g_strsplit (create, ";", -1);

  for (guint i = 0; statements[i] != NULL; i++)
    g_free (sl_test_pg_sql (NULL, statements[i]));
  g_strfreev (statements);
  location = g_strdup_printf ("%s dbname=%s user=plain_%d", server, dbname, (int)getpid ());
  db = sl_db_create (location, "Plain", "2026-04-26", &error);
  g_assert_null (db);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "CREATEROLE"));
  tables = sl_test_pg_sql (dbname, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
  g_assert_cmpstr (tables, ==, "0");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  server = g_getenv ("STARTLINE_TEST_PG");
  if (server == NULL)
    {
      g_printerr ("test-pg-roles: STARTLINE_TEST_PG is not set: run it under"
                  " tests/with-pg-cluster.sh\n");
      return 1;
    }
  g_test_add_func ("/pg-roles/each-role", test_roles);
  g_test_add_func ("/pg-roles/owner-needs-createrole", test_owner_needs_createrole);
  return g_test_run ();
}
