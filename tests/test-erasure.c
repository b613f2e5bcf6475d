/* test-erasure.c — erasure and retention leave no byte of what they
 * removed in the event file or its journal (on the server: in its
 * database's table files), and the audit log still verifies (the canary
 * test)
 *
 * Every personal and special field of one entrant holds a unique string
 * (lower-case ASCII, so that the folded form the search index keeps is the
 * same), saved, then changed once, so that older copies exist in the
 * journal and the audit log; then erased, and the raw bytes searched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "sl-demo.h"
#include "sl-test-util.h"

/* The canary's values; the second club and notes are the update's. */
static const char * const personal[] = {
  "canaryfirstqz", "canarylastqz", "canarymailqz@example.org", "07700 913579",
  "canaryemergencyqz 07700 913580", "canaryclubqz", "canaryclubtwoqz", "canarycostumeqz",
  "canaryrefqz",
};
static const char * const special[] = {
  "canarynotesqz", "canarynotestwoqz",
};
/* What a link to a companion names. */
static const char * const companion[] = {
  "canarycompanionqz", "07700 924680", "canarypassqz",
};
/* The other tables' free text about the canary: its contact consent's
 * wording version, why it was let into a full facility, why its second
 * need was declined.
 */
static const char * const elsewhere[] = {
  "canaryconsentqz", "canaryovercapacityqz", "canarydeclineqz",
};
static const char canary_dob[] = "1937-02-11";

typedef struct
{
  char   *dir;
  char   *path;
  SlDb   *db;
  gint64  canary_id;
  gint64  other_id;
  GBytes *sealed_detail;   /* the need's sealed box, as stored */
} Fixture;

/* The first column of sql's first row as binary; sql_hex: the same
 * query for the server, the column as hex.
 */
static GBytes *
read_blob (const char *path,
           const char *sql,
           const char *sql_hex)
{
  sqlite3 *h = NULL;
  sqlite3_stmt *stmt = NULL;
  GBytes *bytes = NULL;

  if (sl_test_store_is_server ())
    {
      g_autofree char *hex = sl_test_query_text (NULL, path, sql_hex);
      GByteArray *array = g_byte_array_new ();

      g_assert_nonnull (hex);
      for (gsize i = 0; hex[i] != '\0' && hex[i + 1] != '\0'; i += 2)
        {
          guint8 byte = (guint8)(g_ascii_xdigit_value (hex[i]) * 16
                                 + g_ascii_xdigit_value (hex[i + 1]));

          g_byte_array_append (array, &byte, 1);
        }
      return g_byte_array_free_to_bytes (array);
    }
  g_assert_cmpint (sqlite3_open_v2 (path, &h, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (h, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_blob (stmt, 0) != NULL)
    bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize)sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (h);
  return bytes;
}

static SlEntrant *
new_canary (void)
{
  SlEntrant *e = sl_entrant_new ();

  e->bib = g_strdup ("4242");
  e->booking_ref = g_strdup ("CANARYREFQZ");
  e->first_name = g_strdup ("Canaryfirstqz");
  e->last_name = g_strdup ("Canarylastqz");
  e->date_of_birth = g_strdup (canary_dob);
  e->email = g_strdup (personal[2]);
  e->phone = g_strdup (personal[3]);
  e->emergency_contact = g_strdup (personal[4]);
  e->club = g_strdup (personal[5]);
  e->costume = g_strdup (personal[7]);
  e->notes = g_strdup (special[0]);
  e->race_id = 1;
  e->wave_id = 1;
  return e;
}

/* The canary's consent, a visit let in over capacity and a declined need
 * (elsewhere[]).
 */
static void
plant_elsewhere (Fixture *f,
                 gint64   other_id)
{
  g_autoptr(GError) error = NULL;
  SlFacility facility = { 0 };
  gint64 facility_id = 0;
  gint64 need_id;

  g_assert_true (sl_db_set_contact_consent (f->db, f->canary_id, SL_CONTACT_CONSENT_GIVEN,
                                            elsewhere[0], &error));
  g_assert_no_error (error);

  facility.kind = SL_FACILITY_QUIET_SPACE;
  facility.name = (char *)"Calm space";
  facility.capacity = 1;
  facility.opens = 0;
  facility.closes = 1440;
  g_assert_true (sl_db_add_facility (f->db, &facility, &facility_id, &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_enter_facility (f->db, facility_id, other_id, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_enter_facility (f->db, facility_id, f->canary_id, elsewhere[1], NULL,
                                       &error));
  g_assert_no_error (error);

  need_id = sl_db_record_need (f->db, f->canary_id, "other", "canaryotherdetailqz",
                               SL_NEED_REQUESTED, &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_set_need_status (f->db, need_id, SL_NEED_DECLINED, elsewhere[2],
                                        &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) canary = new_canary ();
  g_autoptr(SlEntrant) other = NULL;
  g_autofree char *name = NULL;
  g_autofree char *passphrase = NULL;
  SlEntrantLink link = { 0 };
  const char *date = data;

  f->dir = sl_test_tmpdir_new ();
  /* A file, or a database on the test server (STARTLINE_TEST_STORE). */
  f->path = sl_test_event_location_new (f->dir, "erasure.sqlite");
  f->db = sl_db_create (f->path, "Canary Marathon", date, &error);
  g_assert_no_error (error);
  /* An officer who is an admin too: the event's key pair, and erasure. */
  g_assert_true (sl_db_add_demo_officer (f->db, 11, &name, &passphrase, &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_sign_in (f->db, name, passphrase, &error));
  g_assert_no_error (error);
  sl_test_db_populate (f->db);

  other = sl_test_add_entrant (f->db, "7", "KEPTREF", "Keptfirstqz", "Keptlastqz", NULL);
  f->other_id = other->id;
  g_assert_true (sl_db_insert_entrant (f->db, canary, &error));
  g_assert_no_error (error);
  f->canary_id = canary->id;
  g_assert_true (sl_db_set_charity_signup (f->db, canary->id, 1, 200000, 12345, &error));
  g_assert_no_error (error);

  /* Changed once: the first values are now only in older copies. */
  g_free (canary->club);
  canary->club = g_strdup (personal[6]);
  g_free (canary->notes);
  canary->notes = g_strdup (special[1]);
  g_assert_true (sl_db_update_entrant (f->db, canary, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sl_db_record_need (f->db, canary->id, "medical-condition",
                                      "canarydetailqz", SL_NEED_REQUESTED, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (sl_db_record_need (f->db, other->id, "medical-condition",
                                      "keptdetailqz", SL_NEED_REQUESTED, &error), >, 0);
  g_assert_no_error (error);
  link.entrant_id = canary->id;
  link.kind = SL_LINK_ASSISTANT;
  link.companion_name = (char *)companion[0];
  link.companion_phone = (char *)companion[1];
  link.companion_pass = (char *)companion[2];
  g_assert_cmpint (sl_db_add_link (f->db, &link, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (sl_db_set_marker (f->db, canary->id, SL_MARKER_DEAF, TRUE, &error));
  g_assert_no_error (error);
  plant_elsewhere (f, other->id);

  f->sealed_detail = read_blob (f->path, "SELECT detail FROM need ORDER BY id LIMIT 1",
                                "SELECT encode(detail, 'hex') FROM need ORDER BY id LIMIT 1");
  g_assert_nonnull (f->sealed_detail);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  g_clear_pointer (&f->sealed_detail, g_bytes_unref);
  sl_test_remove_db (f->path);
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

/* The event file's bytes and its journal's, one after the other; for a
 * server event, its database's table files and the cluster's write-ahead
 * log (pg_wal/, after a CHECKPOINT; tests/with-pg-cluster.sh runs the
 * cluster with wal_recycle off, so an erasure's rotation removes the
 * older segments).
 */
static GBytes *
read_raw (const char *path)
{
  g_autofree char *wal = NULL;
  g_autoptr(GByteArray) all = g_byte_array_new ();
  const char *files[2];

  if (sl_test_store_is_server ())
    return sl_test_pg_read_files (path, TRUE);
  wal = g_strconcat (path, "-wal", NULL);
  files[0] = path;
  files[1] = wal;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_get_contents (files[i], &contents, &len, NULL))
        g_byte_array_append (all, (const guint8 *)contents, (guint)len);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static gboolean
raw_holds (GBytes     *raw,
           const void *needle,
           gsize       len)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (raw, &size);

  return memmem (data, size, needle, len) != NULL;
}

static void
assert_absent (GBytes     *raw,
               const char *value)
{
  g_autofree char *folded = g_utf8_strdown (value, -1);

  g_test_message ("looking for %s", value);
  g_assert_false (raw_holds (raw, value, strlen (value)));
  g_assert_false (raw_holds (raw, folded, strlen (folded)));
}

static void
assert_present (GBytes     *raw,
                const char *value)
{
  g_assert_true (raw_holds (raw, value, strlen (value)));
}

static void
assert_verifies (SlDb *db)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_assert_true (sl_db_verify_audit (db, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
}

static void
assert_stats_equal (const SlStats *a,
                    const SlStats *b)
{
  g_assert_cmpint (a->entrants, ==, b->entrants);
  g_assert_cmpint (a->checked_in, ==, b->checked_in);
  g_assert_cmpint (a->withdrawn, ==, b->withdrawn);
  g_assert_cmpint (a->charities, ==, b->charities);
  g_assert_cmpint (a->charity_runners, ==, b->charity_runners);
  g_assert_cmpint (a->vips, ==, b->vips);
}

/* The canary test itself, read while the event is open and after it is
 * closed.
 */
static void
check_raw_after_erasure (Fixture *f)
{
  g_autoptr(GBytes) raw = NULL;
  gsize detail_len = 0;
  const void *detail = g_bytes_get_data (f->sealed_detail, &detail_len);

  for (int pass = 0; pass < 2; pass++)
    {
      g_clear_pointer (&raw, g_bytes_unref);
      if (pass == 1)
        g_clear_object (&f->db);
      raw = read_raw (f->path);
      for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
        assert_absent (raw, personal[i]);
      for (guint i = 0; i < G_N_ELEMENTS (special); i++)
        assert_absent (raw, special[i]);
      for (guint i = 0; i < G_N_ELEMENTS (companion); i++)
        assert_absent (raw, companion[i]);
      for (guint i = 0; i < G_N_ELEMENTS (elsewhere); i++)
        assert_absent (raw, elsewhere[i]);
      assert_absent (raw, canary_dob);
      assert_absent (raw, "CANARYREFQZ");
      assert_absent (raw, "Canaryfirstqz");
      g_assert_false (raw_holds (raw, detail, detail_len));
      /* Everyone else is still there. */
      assert_present (raw, "Keptfirstqz");
    }
}

/* Each table's rows about the erased entrant: gone (consent, its own
 * links, markers), or kept for the counts with their free text marked
 * (visits, needs).
 */
static void
assert_other_tables_cleared (Fixture *f)
{
  static const char * const none[] = {
    "SELECT count(*) FROM contact_consent WHERE entrant_id = %lld",
    "SELECT count(*) FROM entrant_marker WHERE entrant_id = %lld",
    "SELECT count(*) FROM entrant_link WHERE entrant_id = %lld",
    "SELECT count(*) FROM facility_visit WHERE entrant_id = %lld"
    " AND over_capacity_reason IS DISTINCT FROM '" SL_ERASED_MARK "'",
    "SELECT count(*) FROM need WHERE entrant_id = %lld AND (detail IS NOT NULL"
    " OR adjustments IS NOT NULL OR coalesce (decline_reason, '" SL_ERASED_MARK "')"
    "   <> '" SL_ERASED_MARK "')",
  };

  for (guint i = 0; i < G_N_ELEMENTS (none); i++)
    {
      g_autofree char *sql = g_strdup_printf (none[i], (long long)f->canary_id);

      g_test_message ("%s", sql);
      g_assert_cmpint (sl_test_query_int (f->db, f->path, sql), ==, 0);
    }
  /* Kept for the counts. */
  g_assert_cmpint (sl_test_query_int (f->db, f->path, "SELECT count(*) FROM facility_visit"), ==,
                   2);
  g_assert_cmpint (sl_test_query_int (f->db, f->path, "SELECT count(*) FROM need"), ==, 3);
}

static void
test_erase_leaves_no_byte (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(SlEntrant) erased = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *message = NULL;
  SlStats before, after;

  /* The values are there before: the search below is not vacuous. */
  raw = read_raw (f->path);
  assert_present (raw, personal[0]);
  assert_present (raw, personal[5]);
  assert_present (raw, companion[0]);
  for (guint i = 0; i < G_N_ELEMENTS (elsewhere); i++)
    assert_present (raw, elsewhere[i]);

  g_assert_true (sl_db_get_stats (f->db, &before, &error));
  g_assert_true (sl_db_erase_entrant (f->db, f->canary_id, "subject access request 7",
                                      &message, &error));
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_assert_null (strchr (message, '\n'));
  g_assert_true (g_str_has_prefix (message, "Erased entrant"));
  /* Nothing left anywhere: no "; older copies stay …". */
  g_test_message ("%s", message);
  g_assert_null (strchr (message, ';'));

  g_assert_true (sl_db_get_stats (f->db, &after, &error));
  assert_stats_equal (&before, &after);
  erased = sl_db_dup_entrant (f->db, f->canary_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (erased->first_name, ==, SL_ERASED_MARK);
  g_assert_cmpstr (erased->bib, ==, "4242");
  g_assert_null (erased->email);
  g_assert_null (erased->notes);
  hits = sl_db_search (f->db, "canaryfirstqz", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_assert_cmpuint (sl_test_count_audit (f->db, "entrant", f->canary_id, "erase"), ==, 1);
  assert_verifies (f->db);
  assert_other_tables_cleared (f);

  check_raw_after_erasure (f);

  /* Closed and opened again, the chain verifies from the file. */
  f->db = sl_db_open (f->path, &error);
  g_assert_no_error (error);
  assert_verifies (f->db);
}

static void
test_erase_needs_admin (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sl_db_erase_entrant (f->db, f->canary_id, "", NULL, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_clear_error (&error);

  sl_db_sign_out (f->db);
  g_assert_false (sl_db_erase_entrant (f->db, f->canary_id, "why", NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_cmpuint (sl_test_count_audit (f->db, "entrant", f->canary_id, "erase"), ==, 0);
}

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autofree char *message = NULL;
  SlStats before, after;
  gsize detail_len = 0;
  const void *detail = g_bytes_get_data (f->sealed_detail, &detail_len);

  g_assert_true (sl_db_get_stats (f->db, &before, &error));
  g_assert_true (sl_db_run_retention (f->db, -1, &message, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (message, "Retention: 3 needs' details and 1 entrants' notes"));
  g_assert_null (strchr (message, ';'));
  g_assert_true (sl_db_get_stats (f->db, &after, &error));
  assert_stats_equal (&before, &after);
  assert_verifies (f->db);
  g_clear_object (&f->db);

  raw = read_raw (f->path);
  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    assert_absent (raw, special[i]);
  assert_absent (raw, elsewhere[2]);   /* the decline's reason */
  g_assert_false (raw_holds (raw, detail, detail_len));
  /* Personal data stays: retention is about special-category data. */
  assert_present (raw, "Keptfirstqz");
  assert_present (raw, personal[6]);
}

static void
test_retention_too_early (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint days = 0;

  g_assert_true (sl_db_get_retention_days (f->db, &days, &error));
  g_assert_cmpuint (days, ==, SL_RETENTION_DAYS_DEFAULT);
  g_assert_false (sl_db_run_retention (f->db, -1, NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "from 2099-02-01"));
  g_clear_error (&error);
  /* A refused run stores no new delay either. */
  g_assert_false (sl_db_run_retention (f->db, 10, NULL, &error));
  g_assert_nonnull (strstr (error->message, "from 2099-01-12"));
  g_assert_true (sl_db_get_retention_days (f->db, &days, &error));
  g_assert_cmpuint (days, ==, SL_RETENTION_DAYS_DEFAULT);
  g_assert_cmpuint (sl_test_count_audit (f->db, "event", 1, "retention"), ==, 0);
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_cli (Run         *run,
         const char  *path,
         const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "STARTLINE_PASSPHRASE",
                                         "amber-embankment-greenwich-mall", TRUE);
  int wait_status = 0;

  g_ptr_array_add (argv, (char *)g_getenv ("STARTLINE_CLI"));
  g_ptr_array_add (argv, (char *)"--db");
  g_ptr_array_add (argv, (char *)path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  g_spawn_sync (NULL, (char **)argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* The command line: erase needs --reason and an admin, prints one line;
 * retention refuses before its day; audit --verify passes after both.
 */
static void
test_cli (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = sl_test_event_location_new (dir, "cli.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_create (path, "Cli Marathon", "2020-04-26", &error);
  g_autofree char *name = NULL;
  g_autofree char *passphrase = NULL;
  const char *no_reason[] = { "erase", "7", NULL };
  const char *as_desk[] = { "erase", "7", "--reason", "request", NULL };
  g_autofree char *as = NULL;
  Run run = { 0 };

  g_assert_no_error (error);
  g_assert_true (sl_db_add_demo_officer (db, 2026, &name, &passphrase, &error));
  g_assert_cmpstr (passphrase, ==, "amber-embankment-greenwich-mall");
  sl_test_db_populate (db);
  sl_entrant_free (sl_test_add_entrant (db, "7", "REF7", "Ann", "Lee", NULL));
  g_clear_object (&db);
  as = g_strdup (name);

  run_cli (&run, path, no_reason);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--reason"));
  run_cli (&run, path, as_desk);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "startline-cli: Needs an admin.\n");
  {
    const char *erase[] = { "--as", as, "erase", "7", "--reason", "request", NULL };
    const char *retention[] = { "--as", as, "retention", "run", NULL };
    const char *early[] = { "--as", as, "retention", "run", "--after-days", "3650", NULL };
    const char *verify[] = { "audit", "--verify", NULL };

    run_cli (&run, path, erase);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "Erased entrant"));
    g_assert_cmpuint (strlen (run.out), ==, strcspn (run.out, "\n") + 1);
    run_cli (&run, path, early);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "Retention can run from 2030-04-25"));
    run_cli (&run, path, retention);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "Retention: "));
    run_cli (&run, path, verify);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_prefix (run.out, "audit log verified: "));
  }
  g_free (run.out);
  g_free (run.err);
}

/* An entrant's notes are stored, but no audit entry holds them: an
 * insert's says they were set, an update's that they changed. Once the
 * event is closed (the journal checkpointed) the replaced text is in no
 * byte of the file; while it is open, in no audit payload.
 */
static void
test_notes_not_audited (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "notes.sqlite");
  g_autofree char *path = g_strdup (sl_db_get_path (db));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GBytes) raw = NULL;
  static const char * const notes[] = {
    "notesfirstqz wears a red cap", "notessecondqz asked for a late start",
    "notesthirdqz",
  };

  entrant = sl_test_add_entrant (db, "77", "NOTESREF", "Nia", "Noteson", NULL);
  g_free (entrant->notes);
  entrant->notes = g_strdup (notes[0]);
  g_assert_true (sl_db_update_entrant (db, entrant, &error));
  g_assert_no_error (error);
  g_free (entrant->notes);
  entrant->notes = g_strdup (notes[1]);
  g_assert_true (sl_db_update_entrant (db, entrant, &error));
  g_assert_no_error (error);
  g_clear_pointer (&entrant, sl_entrant_free);

  /* An insert with notes. */
  entrant = sl_entrant_new ();
  entrant->bib = g_strdup ("78");
  entrant->first_name = g_strdup ("Ned");
  entrant->last_name = g_strdup ("Noteson");
  entrant->notes = g_strdup (notes[2]);
  g_assert_true (sl_db_insert_entrant (db, entrant, &error));
  g_assert_no_error (error);

  entries = sl_db_list_audit (db, "entrant", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >=, 4);
  for (guint i = 0; i < entries->len; i++)
    {
      SlAuditEntry *entry = entries->pdata[i];

      g_test_message ("%s %s -> %s", entry->action, entry->before, entry->after);
      g_assert_null (entry->before != NULL ? strstr (entry->before, "qz") : NULL);
      g_assert_null (entry->after != NULL ? strstr (entry->after, "qz") : NULL);
    }
  /* Newest first: the insert says they were set, the last update that
   * they changed, the first that they were added.
   */
  g_assert_cmpstr (((SlAuditEntry *)entries->pdata[0])->action, ==, "insert");
  g_assert_nonnull (strstr (((SlAuditEntry *)entries->pdata[0])->after,
                            "\"notes\":\"" SL_AUDIT_TEXT_SET "\""));
  g_assert_cmpstr (((SlAuditEntry *)entries->pdata[1])->before, ==,
                   "{\"notes\":\"" SL_AUDIT_TEXT_CHANGED "\"}");
  g_assert_cmpstr (((SlAuditEntry *)entries->pdata[1])->after, ==,
                   "{\"notes\":\"" SL_AUDIT_TEXT_CHANGED "\"}");
  g_assert_cmpstr (((SlAuditEntry *)entries->pdata[2])->before, ==, "{}");
  g_assert_cmpstr (((SlAuditEntry *)entries->pdata[2])->after, ==,
                   "{\"notes\":\"" SL_AUDIT_TEXT_CHANGED "\"}");
  assert_verifies (db);

  /* The notes are where they belong. */
  g_clear_pointer (&entrant, sl_entrant_free);
  entrant = sl_db_dup_entrant_by_code (db, "77", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (entrant->notes, ==, notes[1]);

  g_clear_object (&db);
  /* On a file the replaced text is gone once the journal is checkpointed.
   * A server keeps the replaced row version (and its write-ahead log) until
   * it vacuums: an update is no erasure there (HACKING.md, PostgreSQL
   * store), so only the notes' place is checked.
   */
  raw = read_raw (path);
  if (!sl_test_store_is_server ())
    assert_absent (raw, "notesfirstqz");
  assert_present (raw, notes[1]);
  g_assert_cmpint (sl_test_query_int (NULL, path, "SELECT count(*) FROM audit_log"
                                      " WHERE coalesce (before, '') || coalesce (after, '')"
                                      " LIKE '%qz%'"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/erasure/no-byte-left", Fixture, "2020-04-26", fixture_set_up,
              test_erase_leaves_no_byte, fixture_tear_down);
  g_test_add ("/erasure/needs-admin-and-reason", Fixture, "2020-04-26", fixture_set_up,
              test_erase_needs_admin, fixture_tear_down);
  g_test_add ("/erasure/retention", Fixture, "2020-04-26", fixture_set_up, test_retention,
              fixture_tear_down);
  g_test_add ("/erasure/retention-too-early", Fixture, "2099-01-01", fixture_set_up,
              test_retention_too_early, fixture_tear_down);
  g_test_add_func ("/erasure/cli", test_cli);
  g_test_add_func ("/erasure/notes-not-audited", test_notes_not_audited);

  return g_test_run ();
}
