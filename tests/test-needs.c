/* test-needs.c — the needs service: sealing, roles, filters, cascade, audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define _GNU_SOURCE
#include <string.h>

#include "sl-test-util.h"

#define OFFICER "Olu Officer"
#define PASS "correct horse battery"

typedef struct
{
  char      *dir;
  char      *path;
  SlDb      *db;
  SlEntrant *a;      /* the runner supported */
  SlEntrant *g;      /* a guide runner */
  SlEntrant *s;      /* a support runner */
  SlEntrant *x;      /* someone else */
} Fixture;

static void
add_staff (SlDb       *db,
           const char *name,
           SlRoles     roles)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_add_staff (db, name, roles, PASS, &error));
  g_assert_no_error (error);
}

static void
sign_in (SlDb       *db,
         const char *name)
{
  g_autoptr(GError) error = NULL;

  sl_db_sign_out (db);
  if (name == NULL)
    return;
  g_assert_true (sl_db_sign_in (db, name, PASS, &error));
  g_assert_no_error (error);
}

/* The accounts every test may sign in as, in the test's event: the first
 * admin (anyone may make the first account), then as that admin the
 * officer (which makes the event's key pair) and an exporter. Signed out
 * after, so every test starts at the desk.
 */
static void
add_accounts (SlDb *db)
{
  add_staff (db, "Ada Admin", SL_ROLE_ADMIN);
  sign_in (db, "Ada Admin");
  add_staff (db, OFFICER, SL_ROLE_OFFICER);
  add_staff (db, "Eve Exporter", SL_ROLE_EXPORTER);
  sl_db_sign_out (db);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "event.startline");
  /* The file, or the server event's location (STARTLINE_TEST_STORE). */
  f->path = g_strdup (sl_db_get_path (f->db));
  f->a = sl_test_add_entrant (f->db, "40417", "REF-A", "Amara", "Okafor", NULL);
  f->g = sl_test_add_entrant (f->db, "40418", "REF-G", "Gareth", "Guide", NULL);
  f->s = sl_test_add_entrant (f->db, "40419", "REF-S", "Sally", "Support", NULL);
  f->x = sl_test_add_entrant (f->db, "50001", "REF-X", "Xavier", "Other", NULL);
  add_accounts (f->db);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sl_db_sign_out (f->db);
  g_clear_object (&f->db);
  g_clear_pointer (&f->a, sl_entrant_free);
  g_clear_pointer (&f->g, sl_entrant_free);
  g_clear_pointer (&f->s, sl_entrant_free);
  g_clear_pointer (&f->x, sl_entrant_free);
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

static gint64
record (SlDb         *db,
        gint64        entrant_id,
        const char   *type,
        const char   *detail,
        SlNeedStatus  status)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sl_db_record_need (db, entrant_id, type, detail, status, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Everything the needs tables and the audit log hold, as one text: the
 * file's, or (path a server event's location) the server's.
 */
static char *
snapshot (const char *path)
{
  static const char *queries[] = {
    "SELECT count(*) || group_concat(id || code || label || adjustments, '|') FROM need_type",
    "SELECT count(*) || group_concat(id || entrant_id || status || hex(detail)"
    " || hex(ifnull(adjustments, '')) || ifnull(decline_reason, ''), '|') FROM need",
    "SELECT count(*) || group_concat(need_id || recipient || given, '|') FROM need_consent",
    "SELECT count(*) || group_concat(id || entrant_id || kind, '|') FROM entrant_link",
    "SELECT count(*) || group_concat(entrant_id || marker, '|') FROM entrant_marker",
    "SELECT count(*) FROM audit_log",
    "SELECT group_concat(status) FROM entrant",
  };
  static const char *pg_queries[] = {
    "SELECT count(*) || string_agg(concat(id, code, label, adjustments), '|' ORDER BY id)"
    " FROM need_type",
    "SELECT count(*) || string_agg(concat(id, entrant_id, status, encode(detail, 'hex'),"
    " encode(adjustments, 'hex'), decline_reason), '|' ORDER BY id) FROM need",
    "SELECT count(*) || string_agg(concat(need_id, recipient, given), '|' ORDER BY need_id,"
    " recipient) FROM need_consent",
    "SELECT count(*) || string_agg(concat(id, entrant_id, kind), '|' ORDER BY id)"
    " FROM entrant_link",
    "SELECT count(*) || string_agg(concat(entrant_id, marker), '|' ORDER BY entrant_id, marker)"
    " FROM entrant_marker",
    "SELECT count(*) FROM audit_log",
    "SELECT string_agg(status, ',' ORDER BY id) FROM entrant",
  };
  GString *out = g_string_new (NULL);
  sqlite3 *h = NULL;

  if (sl_test_store_is_server ())
    {
      g_autofree char *value = NULL;

      /* One psql for them all: each query a line of one value. */
      g_string_append (out, "SELECT concat_ws(E'\\n'");
      for (guint i = 0; i < G_N_ELEMENTS (pg_queries); i++)
        g_string_append_printf (out, ", (%s)", pg_queries[i]);
      g_string_append (out, ")");
      g_assert_true (sl_test_psql (path, out->str, &value, NULL));
      g_string_free (out, TRUE);
      return g_steal_pointer (&value);
    }
  g_assert_cmpint (sqlite3_open_v2 (path, &h, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (h, queries[i], -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_string_append_printf (out, "%s\n", (const char *)sqlite3_column_text (stmt, 0) ?: "");
      sqlite3_finalize (stmt);
    }
  sqlite3_close (h);
  return g_string_free (out, FALSE);
}

static void
test_types_seeded_and_added (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;
  const char *adjust[] = { "BSL interpreter", NULL };
  gint64 id = 0;

  types = sl_db_list_need_types (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (types->len, ==, 12);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need_type"
                                      " WHERE builtin = 1"), ==, 12);

  /* The desk may not extend the catalogue. */
  g_assert_false (sl_db_add_need_type (f->db, "sign-language", "Sign language", adjust, &id,
                                       &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  sign_in (f->db, OFFICER);
  g_assert_true (sl_db_add_need_type (f->db, "sign-language", "Sign language", adjust, &id,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 12);
  g_assert_false (sl_db_add_need_type (f->db, "sign-language", "Again", NULL, NULL, &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sl_db_add_need_type (f->db, "Sign Language", "Bad code", NULL, NULL, &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE entity = 'need-type'"), ==, 1);
  /* A need of the new type. */
  record (f->db, f->a->id, "sign-language", NULL, SL_NEED_REQUESTED);
}

static SlNeedType *
find_type (SlDb       *db,
           const char *code)
{
  g_autoptr(GPtrArray) types = sl_db_list_need_types (db, NULL);

  g_assert_nonnull (types);
  for (guint i = 0; i < types->len; i++)
    if (g_str_equal (((SlNeedType *)types->pdata[i])->code, code))
      return g_ptr_array_steal_index (types, i);
  return NULL;
}

static guint
count_type_audit (Fixture    *f,
                  const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE entity ="
                                          " 'need-type' AND action = '%s'", action);

  return sl_test_query_int (NULL, f->path, sql);
}

/* An officer edits a type's label and adjustments and removes a type no
 * need is of; bad input, a type in use and a built-in one are refused
 * with one message each, and nothing changes.
 */
static void
test_types_edited_and_removed (Fixture       *f,
                               gconstpointer  data)
{
  const char *one[] = { "Interpreter at the start", NULL };
  const char *two[] = { "Interpreter at the start", "Interpreter at the finish", NULL };
  const char *none[] = { NULL };
  const char *bad[] = { "Fine", "Bell\a", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlNeedType) type = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  sign_in (f->db, OFFICER);
  g_assert_true (sl_db_add_need_type (f->db, "sign-language", "Sign language", one, NULL,
                                      &error));
  g_assert_no_error (error);

  /* The label alone, trimmed; the adjustments stay. */
  g_assert_true (sl_db_edit_need_type (f->db, "sign-language", "  British Sign Language ",
                                       NULL, &error));
  g_assert_no_error (error);
  type = find_type (f->db, "sign-language");
  g_assert_cmpstr (type->label, ==, "British Sign Language");
  g_assert_cmpstrv (type->adjustments, one);
  g_clear_pointer (&type, sl_need_type_free);
  /* The adjustments alone, then none. */
  g_assert_true (sl_db_edit_need_type (f->db, "sign-language", NULL, two, &error));
  type = find_type (f->db, "sign-language");
  g_assert_cmpstr (type->label, ==, "British Sign Language");
  g_assert_cmpstrv (type->adjustments, two);
  g_clear_pointer (&type, sl_need_type_free);
  g_assert_true (sl_db_edit_need_type (f->db, "sign-language", NULL, none, &error));
  type = find_type (f->db, "sign-language");
  g_assert_null (type->adjustments);
  g_clear_pointer (&type, sl_need_type_free);
  g_assert_no_error (error);
  g_assert_cmpuint (count_type_audit (f, "update"), ==, 3);
  /* A change that changes nothing writes nothing. */
  g_assert_true (sl_db_edit_need_type (f->db, "sign-language", "British Sign Language", none,
                                       &error));
  g_assert_cmpuint (count_type_audit (f, "update"), ==, 3);

  /* Bad input: one message each, nothing changed. */
  before = snapshot (f->path);
  g_assert_false (sl_db_edit_need_type (f->db, "sign-language", "   ", NULL, &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sl_db_edit_need_type (f->db, "sign-language", NULL, bad, &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sl_db_edit_need_type (f->db, "no-such-type", "Label", NULL, &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sl_db_remove_need_type (f->db, "no-such-type", &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* In use: refused, saying how many needs. */
  record (f->db, f->a->id, "sign-language", NULL, SL_NEED_REQUESTED);
  g_free (before);
  before = snapshot (f->path);
  g_assert_false (sl_db_remove_need_type (f->db, "sign-language", &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "British Sign Language"));
  g_assert_nonnull (strstr (error->message, "1 need is of this type"));
  g_clear_error (&error);
  /* A built-in type, even unused. */
  g_assert_false (sl_db_remove_need_type (f->db, "changing-places", &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "built-in"));
  g_clear_error (&error);
  after = snapshot (f->path);
  g_assert_cmpstr (before, ==, after);

  /* Unused: removed, audited with what it was. */
  g_assert_true (sl_db_add_need_type (f->db, "quiet-route", "Quiet route", one, NULL, &error));
  g_assert_true (sl_db_remove_need_type (f->db, "quiet-route", &error));
  g_assert_no_error (error);
  g_assert_null (find_type (f->db, "quiet-route"));
  g_assert_cmpuint (count_type_audit (f, "delete"), ==, 1);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log WHERE"
                                      " entity = 'need-type' AND action = 'delete' AND"
                                      " before LIKE '%Interpreter at the start%'"), ==, 1);
}

/* A desk records a need it can never read back; an officer reads it, and
 * the audit log says who saw whose need.
 */
static void
test_desk_records_officer_reads (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *sql = NULL;
  char *detail = NULL;
  char *adjustments = NULL;
  gint64 id;

  sl_db_set_actor (f->db, "Desk Dan", "Desk 4");
  id = record (f->db, f->a->id, "guide-runner", "Blind since birth; tether on the left",
               SL_NEED_REQUESTED);
  sql = g_strdup_printf ("SELECT count(*) FROM need WHERE %s", sl_test_sql_is_binary ("detail"));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, sql), ==, 1);

  g_assert_false (sl_db_read_need_details (f->db, id, &detail, &adjustments, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "officer"));
  g_assert_null (detail);
  g_clear_error (&error);
  g_assert_null (sl_db_list_needs (f->db, NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (sl_db_dup_need (f->db, id, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'read-detail'"), ==, 0);

  /* An admin who is not an officer cannot read it either. */
  sign_in (f->db, "Ada Admin");
  g_assert_false (sl_db_read_need_details (f->db, id, &detail, NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  sign_in (f->db, OFFICER);
  g_assert_true (sl_db_set_need_adjustments (f->db, id, "Guide bib and vest", &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_read_need_details (f->db, id, &detail, &adjustments, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (detail, ==, "Blind since birth; tether on the left");
  g_assert_cmpstr (adjustments, ==, "Guide bib and vest");
  sl_secret_str_free (detail);
  sl_secret_str_free (adjustments);

  audit = sl_db_list_audit (f->db, "need", id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[0])->action, ==, "read-detail");
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[0])->operator_name, ==, OFFICER);
  g_assert_nonnull (strstr (((SlAuditEntry *)audit->pdata[0])->after, "\"bib\":\"40417\""));
  /* No audit entry holds the detail. */
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE coalesce(before, '') || coalesce(after, '')"
                                      " LIKE '%tether%' OR coalesce(after, '') LIKE '%vest%'"),
                   ==, 0);

  /* Signed out, the key is gone. */
  sl_db_sign_out (f->db);
  g_assert_false (sl_db_read_need_details (f->db, id, &detail, NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
}

static void
test_status_rules (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlNeed) need = NULL;
  gint64 id;

  id = record (f->db, f->a->id, "deaf", NULL, SL_NEED_REQUESTED);
  /* A decision at recording is an officer's. */
  g_assert_cmpint (sl_db_record_need (f->db, f->a->id, "deaf", NULL, SL_NEED_APPROVED, &error),
                   ==, 0);
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (sl_db_record_need (f->db, f->a->id, "no-such-type", NULL, SL_NEED_REQUESTED,
                                      &error), ==, 0);
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (sl_db_record_need (f->db, 999999, "deaf", NULL, SL_NEED_REQUESTED, &error),
                   ==, 0);
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  sign_in (f->db, OFFICER);
  g_assert_false (sl_db_set_need_status (f->db, id, SL_NEED_ARRANGED, NULL, &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_false (sl_db_set_need_status (f->db, id, SL_NEED_DECLINED, "  ", &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sl_db_set_need_status (f->db, id, SL_NEED_DECLINED, "No documents sent",
                                        &error));
  g_assert_no_error (error);
  need = sl_db_dup_need (f->db, id, &error);
  g_assert_cmpint (need->status, ==, SL_NEED_DECLINED);
  g_assert_cmpstr (need->decline_reason, ==, "No documents sent");
  g_assert_cmpstr (need->decided_by, ==, OFFICER);
  g_assert_nonnull (need->decided_at);
  g_clear_pointer (&need, sl_need_free);
  /* Opened again: the reason goes. */
  g_assert_true (sl_db_set_need_status (f->db, id, SL_NEED_REQUESTED, NULL, &error));
  need = sl_db_dup_need (f->db, id, &error);
  g_assert_cmpint (need->status, ==, SL_NEED_REQUESTED);
  g_assert_null (need->decline_reason);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE entity = 'need' AND action = 'set-status'"), ==, 2);

  /* Consent, given then withdrawn, each audited with its wording version. */
  g_assert_true (sl_db_set_need_consent (f->db, id, SL_CONSENT_MEDICAL, TRUE, "v2", &error));
  g_assert_true (sl_db_set_need_consent (f->db, id, SL_CONSENT_MEDICAL, FALSE, "v2", &error));
  g_assert_no_error (error);
  g_assert_false (sl_db_set_need_consent (f->db, id, SL_CONSENT_CHARITY, TRUE, "", &error));
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need_consent"
                                      " WHERE given = 0 AND wording_version = 'v2'"), ==, 1);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'set-consent'"), ==, 2);
}

static void
test_filters_and_outstanding (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) some = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  gint64 first, second, third;

  sign_in (f->db, OFFICER);
  third = record (f->db, f->x->id, "deaf", NULL, SL_NEED_INFO_NEEDED);
  g_usleep (3000);
  first = record (f->db, f->a->id, "guide-runner", "d1", SL_NEED_REQUESTED);
  g_usleep (3000);
  record (f->db, f->a->id, "medical-condition", "d2", SL_NEED_APPROVED);
  g_usleep (3000);
  second = record (f->db, f->g->id, "deaf", NULL, SL_NEED_REQUESTED);
  g_assert_true (sl_db_set_marker (f->db, f->g->id, SL_MARKER_DEAF, TRUE, &error));

  all = sl_db_list_needs (f->db, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
  /* Name order: Guide, Okafor, Okafor, Other. */
  g_assert_cmpstr (((SlNeed *)all->pdata[0])->last_name, ==, "Guide");
  g_assert_cmpstr (((SlNeed *)all->pdata[3])->last_name, ==, "Other");
  g_assert_cmpstr (((SlNeed *)all->pdata[3])->start_area, ==, "Blue");
  g_assert_null (((SlNeed *)all->pdata[0])->detail_sealed);

  filter.type_code = "deaf";
  some = sl_db_list_needs (f->db, &filter, &error);
  g_assert_cmpuint (some->len, ==, 2);
  g_clear_pointer (&some, g_ptr_array_unref);
  filter.status = SL_NEED_REQUESTED;
  some = sl_db_list_needs (f->db, &filter, &error);
  g_assert_cmpuint (some->len, ==, 1);
  g_assert_cmpint (((SlNeed *)some->pdata[0])->id, ==, second);
  g_clear_pointer (&some, g_ptr_array_unref);

  filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
  filter.marker = SL_MARKER_DEAF;
  some = sl_db_list_needs (f->db, &filter, &error);
  g_assert_cmpuint (some->len, ==, 1);
  g_clear_pointer (&some, g_ptr_array_unref);

  filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
  filter.text = "okaf";
  some = sl_db_list_needs (f->db, &filter, &error);
  g_assert_cmpuint (some->len, ==, 2);
  g_clear_pointer (&some, g_ptr_array_unref);
  filter.text = "50001";
  some = sl_db_list_needs (f->db, &filter, &error);
  g_assert_cmpuint (some->len, ==, 1);
  g_clear_pointer (&some, g_ptr_array_unref);

  filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
  filter.race_id = 1;
  filter.start_area = "Blue";
  some = sl_db_list_needs (f->db, &filter, &error);
  g_assert_cmpuint (some->len, ==, 4);
  g_clear_pointer (&some, g_ptr_array_unref);
  filter.start_area = "Red";
  some = sl_db_list_needs (f->db, &filter, &error);
  g_assert_cmpuint (some->len, ==, 0);
  g_clear_pointer (&some, g_ptr_array_unref);

  /* Outstanding: requested or info needed, oldest first. */
  filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
  filter.outstanding = TRUE;
  some = sl_db_list_needs (f->db, &filter, &error);
  g_assert_cmpuint (some->len, ==, 3);
  g_assert_cmpint (((SlNeed *)some->pdata[0])->id, ==, third);
  g_assert_cmpint (((SlNeed *)some->pdata[1])->id, ==, first);
  g_assert_cmpint (((SlNeed *)some->pdata[2])->id, ==, second);
}

/* Each need in a list carries its entrant's markers, read in the same
 * statement (the Accessibility page shows them without a read per row).
 */
static void
test_list_carries_markers (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;

  sign_in (f->db, OFFICER);
  record (f->db, f->a->id, "guide-runner", NULL, SL_NEED_REQUESTED);
  record (f->db, f->a->id, "deaf", NULL, SL_NEED_APPROVED);
  record (f->db, f->g->id, "deaf", NULL, SL_NEED_REQUESTED);
  record (f->db, f->x->id, "other", NULL, SL_NEED_REQUESTED);
  g_assert_true (sl_db_set_marker (f->db, f->a->id, SL_MARKER_DEAF, TRUE, &error));
  g_assert_true (sl_db_set_marker (f->db, f->a->id, SL_MARKER_WHEELCHAIR, TRUE, &error));
  g_assert_true (sl_db_set_marker (f->db, f->g->id, SL_MARKER_I_NEED_SPACE, TRUE, &error));
  /* Someone else's marker is not theirs. */
  g_assert_true (sl_db_set_marker (f->db, f->s->id, SL_MARKER_VISUALLY_IMPAIRED, TRUE, &error));
  g_assert_no_error (error);

  all = sl_db_list_needs (f->db, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
  for (guint i = 0; i < all->len; i++)
    {
      SlNeed *need = g_ptr_array_index (all, i);
      guint markers = 0;

      g_assert_true (sl_db_get_markers (f->db, need->entrant_id, &markers, &error));
      g_assert_cmpuint (need->markers, ==, markers);
      if (need->entrant_id == f->a->id)
        g_assert_cmpuint (need->markers, ==, (1u << SL_MARKER_DEAF) | (1u << SL_MARKER_WHEELCHAIR));
      else if (need->entrant_id == f->g->id)
        g_assert_cmpuint (need->markers, ==, 1u << SL_MARKER_I_NEED_SPACE);
      else
        g_assert_cmpuint (need->markers, ==, 0);
    }

  /* A limit reads no more needs than that (any of them), with the same
   * filters.
   */
  filter.limit = 1;
  g_clear_pointer (&all, g_ptr_array_unref);
  all = sl_db_list_needs (f->db, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  filter.limit = 3;
  filter.type_code = "deaf";
  g_clear_pointer (&all, g_ptr_array_unref);
  all = sl_db_list_needs (f->db, &filter, &error);
  g_assert_cmpuint (all->len, ==, 2);
  filter.type_code = "assistance-dog";
  g_clear_pointer (&all, g_ptr_array_unref);
  all = sl_db_list_needs (f->db, &filter, &error);
  g_assert_cmpuint (all->len, ==, 0);

  /* A race of fewer entrants than there are needs is read from its
   * entrants, a larger one from the needs: the same needs either way.
   */
  {
    SlRace elite = { 0, (char *)"WCM", (char *)"Elite wheelchair", (char *)"wheelchair-men" };

    /* Four entrants, four needs: from the needs. */
    filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
    filter.race_id = f->a->race_id;
    g_clear_pointer (&all, g_ptr_array_unref);
    all = sl_db_list_needs (f->db, &filter, &error);
    g_assert_cmpuint (all->len, ==, 4);
    g_assert_cmpstr (((SlNeed *)all->pdata[0])->last_name, ==, "Guide");
    g_assert_true (sl_db_add_race (f->db, &elite, &error));
    f->x->race_id = elite.id;
    f->x->wave_id = 0;
    g_assert_true (sl_db_update_entrant (f->db, f->x, &error));
    g_assert_no_error (error);
    filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
    filter.race_id = elite.id;
    g_clear_pointer (&all, g_ptr_array_unref);
    all = sl_db_list_needs (f->db, &filter, &error);
    g_assert_cmpuint (all->len, ==, 1);
    g_assert_cmpint (((SlNeed *)all->pdata[0])->entrant_id, ==, f->x->id);
    filter.race_id = f->a->race_id;
    g_clear_pointer (&all, g_ptr_array_unref);
    all = sl_db_list_needs (f->db, &filter, &error);
    g_assert_cmpuint (all->len, ==, 3);
    g_assert_cmpstr (((SlNeed *)all->pdata[0])->last_name, ==, "Guide");
  }
}

/* A guide or support runner loses the place when their runner withdraws;
 * a companion (an assistant who is not running) is no entrant to withdraw.
 */
static void
test_withdrawal_cascade (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) would = NULL;
  g_autoptr(SlEntrant) g = NULL;
  SlEntrantLink guide = { 0, f->a->id, SL_LINK_GUIDE, f->g->id };
  SlEntrantLink support = { 0, f->a->id, SL_LINK_SUPPORT_RUNNER, f->s->id };
  SlEntrantLink carer = { 0, f->a->id, SL_LINK_ASSISTANT, 0, (char *)"Pat Carer",
                          (char *)"07700 900123", (char *)"P-17" };
  SlEntrantLink x_guides_g = { 0, f->g->id, SL_LINK_GUIDE, f->x->id };

  sign_in (f->db, OFFICER);
  g_assert_cmpint (sl_db_add_link (f->db, &guide, &error), >, 0);
  g_assert_cmpint (sl_db_add_link (f->db, &support, &error), >, 0);
  g_assert_cmpint (sl_db_add_link (f->db, &carer, &error), >, 0);
  g_assert_cmpint (sl_db_add_link (f->db, &x_guides_g, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (sl_db_add_link (f->db, &guide, &error), ==, 0);   /* twice */
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID);
  g_clear_error (&error);
  sl_db_sign_out (f->db);

  would = sl_db_list_withdrawal_cascade (f->db, f->a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (would->len, ==, 2);
  g_assert_cmpstr (((SlEntrant *)would->pdata[0])->bib, ==, "40418");
  g_assert_cmpstr (((SlEntrant *)would->pdata[1])->bib, ==, "40419");

  g_assert_true (sl_db_set_entrant_status (f->db, f->a->id, SL_STATUS_WITHDRAWN, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM entrant"
                                      " WHERE status = 'withdrawn'"), ==, 3);
  /* One level only: the guide's own guide runs on. */
  g = sl_db_dup_entrant (f->db, f->x->id, &error);
  g_assert_cmpint (g->status, ==, SL_STATUS_REGISTERED);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'withdraw-linked' AND after LIKE"
                                      " '%\"status\":\"withdrawn\"%\"with_entrant_id\":1}'"),
                   ==, 2);
  g_clear_pointer (&would, g_ptr_array_unref);
  would = sl_db_list_withdrawal_cascade (f->db, f->a->id, &error);
  g_assert_cmpuint (would->len, ==, 0);
}

static void
test_desk_needs (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDeskNeeds) desk = NULL;
  g_autoptr(SlEntrant) checked = NULL;
  SlEntrantLink guide = { 0, f->a->id, SL_LINK_GUIDE, f->g->id };
  SlEntrantLink carer = { 0, f->a->id, SL_LINK_ASSISTANT, 0, (char *)"Pat Carer",
                          (char *)"07700 900123", (char *)"P-17" };
  gint64 id;

  sign_in (f->db, OFFICER);
  id = record (f->db, f->a->id, "medical-condition", "UNIQUE-DESK-SECRET", SL_NEED_APPROVED);
  g_assert_true (sl_db_set_need_status (f->db, id, SL_NEED_ARRANGED, NULL, &error));
  g_assert_true (sl_db_set_marker (f->db, f->a->id, SL_MARKER_VISUALLY_IMPAIRED, TRUE, &error));
  g_assert_true (sl_db_set_marker (f->db, f->a->id, SL_MARKER_I_NEED_SPACE, TRUE, &error));
  g_assert_true (sl_db_set_marker (f->db, f->a->id, SL_MARKER_I_NEED_SPACE, TRUE, &error));
  g_assert_cmpint (sl_db_add_link (f->db, &guide, &error), >, 0);
  g_assert_cmpint (sl_db_add_link (f->db, &carer, &error), >, 0);
  g_assert_no_error (error);
  /* Setting a marker that is set writes no second entry. */
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'marker-add'"), ==, 2);
  sl_db_sign_out (f->db);
  checked = sl_db_check_in (f->db, "40418", "Desk 1", &error);
  g_assert_no_error (error);

  desk = sl_db_dup_desk_needs (f->db, f->a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (desk->markers, ==, 1u << SL_MARKER_VISUALLY_IMPAIRED
                                       | 1u << SL_MARKER_I_NEED_SPACE);
  g_assert_cmpuint (desk->flags->len, ==, 1);
  g_assert_cmpstr (desk->flags->pdata[0], ==, "Support arranged — see the Accessibility Point");
  g_assert_cmpuint (desk->links->len, ==, 2);
  g_assert_cmpstr (((SlEntrantLink *)desk->links->pdata[0])->other_bib, ==, "40418");
  g_assert_true (((SlEntrantLink *)desk->links->pdata[0])->other_checked_in);
  g_assert_cmpstr (((SlEntrantLink *)desk->links->pdata[1])->companion_name, ==, "Pat Carer");
  g_assert_null (((SlEntrantLink *)desk->links->pdata[1])->companion_phone);
  g_clear_pointer (&desk, sl_desk_needs_free);

  /* The guide's card shows whom they guide, and that they are not in yet. */
  desk = sl_db_dup_desk_needs (f->db, f->g->id, &error);
  g_assert_cmpuint (desk->links->len, ==, 1);
  g_assert_cmpint (((SlEntrantLink *)desk->links->pdata[0])->entrant_id, ==, f->a->id);
  g_assert_cmpstr (((SlEntrantLink *)desk->links->pdata[0])->other_bib, ==, "40417");
  g_assert_false (((SlEntrantLink *)desk->links->pdata[0])->other_checked_in);
  g_assert_cmpuint (desk->flags->len, ==, 0);
}

/* Every role on every guarded action; a refusal changes nothing. */
typedef enum
{
  ACT_RECORD, ACT_RECORD_DECIDED, ACT_STATUS, ACT_ADJUST, ACT_CONSENT, ACT_TYPE, ACT_EDIT_TYPE,
  ACT_REMOVE_TYPE, ACT_LIST, ACT_READ, ACT_LINK, ACT_UNLINK, ACT_MARKER, ACT_LIST_LINKS, N_ACTS
} Act;

static gboolean
try_act (Fixture  *f,
         Act       act,
         gint64    need_id,
         gint64    link_id,
         GError  **error)
{
  SlEntrantLink link = { 0, f->x->id, SL_LINK_SUPPORT_RUNNER, f->s->id };
  g_autoptr(GPtrArray) list = NULL;
  char *detail = NULL;
  gboolean ok;

  switch (act)
    {
    case ACT_RECORD:
      return sl_db_record_need (f->db, f->x->id, "other", "r", SL_NEED_REQUESTED, error) > 0;
    case ACT_RECORD_DECIDED:
      return sl_db_record_need (f->db, f->x->id, "other", "r", SL_NEED_APPROVED, error) > 0;
    case ACT_STATUS:
      return sl_db_set_need_status (f->db, need_id, SL_NEED_INFO_NEEDED, NULL, error);
    case ACT_ADJUST:
      return sl_db_set_need_adjustments (f->db, need_id, "adj", error);
    case ACT_CONSENT:
      return sl_db_set_need_consent (f->db, need_id, SL_CONSENT_FACILITY, TRUE, "v1", error);
    case ACT_TYPE:
      return sl_db_add_need_type (f->db, "quiet-route", "Quiet route", NULL, NULL, error);
    case ACT_EDIT_TYPE:
      return sl_db_edit_need_type (f->db, "quiet-route", "Quiet route to the start", NULL, error);
    case ACT_REMOVE_TYPE:
      return sl_db_remove_need_type (f->db, "quiet-route", error);
    case ACT_LIST:
      list = sl_db_list_needs (f->db, NULL, error);
      return list != NULL;
    case ACT_READ:
      ok = sl_db_read_need_details (f->db, need_id, &detail, NULL, error);
      sl_secret_str_free (detail);
      return ok;
    case ACT_LINK:
      return sl_db_add_link (f->db, &link, error) > 0;
    case ACT_UNLINK:
      return sl_db_remove_link (f->db, link_id, error);
    case ACT_MARKER:
      return sl_db_set_marker (f->db, f->x->id, SL_MARKER_WHEELCHAIR, TRUE, error);
    case ACT_LIST_LINKS:
      list = sl_db_list_links (f->db, f->a->id, error);
      return list != NULL;
    default:
      g_assert_not_reached ();
    }
}

static void
test_role_table (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { const char *name; gboolean officer; } roles[] = {
    { NULL, FALSE }, { "Eve Exporter", FALSE }, { "Ada Admin", FALSE }, { OFFICER, TRUE },
  };
  SlEntrantLink link = { 0, f->a->id, SL_LINK_GUIDE, f->g->id };
  g_autoptr(GError) error = NULL;
  gint64 need_id, link_id;

  sign_in (f->db, OFFICER);
  need_id = record (f->db, f->a->id, "deaf", "role-table detail", SL_NEED_REQUESTED);
  link_id = sl_db_add_link (f->db, &link, &error);
  g_assert_no_error (error);

  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    for (Act act = 0; act < N_ACTS; act++)
      {
        g_autofree char *before = NULL;
        g_autofree char *after = NULL;
        gboolean allowed = act == ACT_RECORD || roles[r].officer;
        gboolean ok;

        sign_in (f->db, roles[r].name);
        before = snapshot (f->path);
        ok = try_act (f, act, need_id, link_id, &error);
        after = snapshot (f->path);
        if (g_test_verbose ())
          g_test_message ("%s × %d: %s", roles[r].name ? roles[r].name : "desk", act,
                          ok ? "done" : error->message);
        g_assert_cmpint (ok, ==, allowed);
        if (allowed)
          g_assert_no_error (error);
        else
          {
            g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
            g_assert_cmpstr (before, ==, after);
          }
        g_clear_error (&error);
        /* The officer's turn comes last: undo what it changed so that each
         * action finds what it needs (the link removed is added again).
         */
        if (allowed && act == ACT_UNLINK)
          {
            sign_in (f->db, OFFICER);
            link_id = sl_db_add_link (f->db, &link, &error);
            g_assert_no_error (error);
          }
      }
}

static gboolean
bytes_contain (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  return memmem (contents, len, needle, strlen (needle)) != NULL;
}

/* An event with no officer has no key pair: a detail cannot be sealed, so
 * it is refused with one line and nothing written; a need without one is
 * recorded.
 */
static void
test_no_officer_yet (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SlDb) db = sl_test_db_new (f->dir, "no-officer.startline");
  g_autofree char *path = g_strdup (sl_db_get_path (db));
  g_autoptr(SlEntrant) e = sl_test_add_entrant (db, "1", "REF-1", "Nia", "Nobody", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (path);
  g_autofree char *after = NULL;

  g_assert_cmpint (sl_db_record_need (db, e->id, "deaf", "Lip reads", SL_NEED_REQUESTED,
                                      &error), ==, 0);
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_NO_KEY);
  g_assert_nonnull (strstr (error->message, "accessibility officer"));
  g_assert_null (strchr (error->message, '\n'));
  after = snapshot (path);
  g_assert_cmpstr (after, ==, before);
  record (db, e->id, "deaf", NULL, SL_NEED_REQUESTED);
}

/* A copied event file, or its WAL, holds no detail in clear. */
static void
test_details_absent_from_file (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *marker = g_strdup_printf ("DETAIL-MARKER-%08x", g_random_int ());
  g_autofree char *adjust = g_strdup_printf ("ADJUST-MARKER-%08x", g_random_int ());
  g_autofree char *reason_free = g_strdup_printf ("NAME-MARKER-%08x", g_random_int ());
  g_autoptr(GError) error = NULL;
  gint64 id;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *detail = g_strdup_printf ("%s epilepsy, carries medication %u", marker, i);

      record (f->db, i % 2 ? f->a->id : f->x->id, "medical-condition", detail,
              SL_NEED_REQUESTED);
    }
  sign_in (f->db, OFFICER);
  id = record (f->db, f->a->id, "neurodivergent", marker, SL_NEED_APPROVED);
  g_assert_true (sl_db_set_need_adjustments (f->db, id, adjust, &error));
  g_assert_no_error (error);

  /* The control: a name written in clear is found where the details are not. */
  g_assert_nonnull (sl_test_add_entrant (f->db, "60001", NULL, reason_free, "Control", NULL));
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (bytes_contain (wal, reason_free) || bytes_contain (f->path, reason_free));
  g_assert_false (bytes_contain (wal, marker));
  g_assert_false (bytes_contain (f->path, marker));
  g_assert_false (bytes_contain (wal, adjust));
  g_assert_false (bytes_contain (f->path, adjust));
  g_assert_false (bytes_contain (wal, "epilepsy"));

  /* And after the last close has checkpointed the WAL into the file. */
  sl_db_sign_out (f->db);
  g_clear_object (&f->db);
  g_assert_true (bytes_contain (f->path, reason_free));
  g_assert_false (bytes_contain (f->path, marker));
  g_assert_false (bytes_contain (f->path, adjust));
  g_assert_false (bytes_contain (f->path, "epilepsy"));
  f->db = sl_db_open (f->path, &error);
  g_assert_no_error (error);
}

/* The server's equivalent: no detail or adjustments in clear in its table
 * files or its write-ahead log, where a name written in clear is found.
 */
static void
test_details_absent_from_server (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *marker = g_strdup_printf ("DETAIL-MARKER-%08x", g_random_int ());
  g_autofree char *adjust = g_strdup_printf ("ADJUST-MARKER-%08x", g_random_int ());
  g_autofree char *name = g_strdup_printf ("NAME-MARKER-%08x", g_random_int ());
  g_autoptr(GError) error = NULL;
  gint64 id;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *detail = g_strdup_printf ("%s epilepsy, carries medication %u", marker, i);

      record (f->db, i % 2 ? f->a->id : f->x->id, "medical-condition", detail,
              SL_NEED_REQUESTED);
    }
  sign_in (f->db, OFFICER);
  id = record (f->db, f->a->id, "neurodivergent", marker, SL_NEED_APPROVED);
  g_assert_true (sl_db_set_need_adjustments (f->db, id, adjust, &error));
  g_assert_no_error (error);

  g_assert_nonnull (sl_test_add_entrant (f->db, "60001", NULL, name, "Control", NULL));
  g_assert_true (sl_test_pg_files_contain (f->path, name, TRUE));
  g_assert_false (sl_test_pg_files_contain (f->path, marker, TRUE));
  g_assert_false (sl_test_pg_files_contain (f->path, adjust, TRUE));
  g_assert_false (sl_test_pg_files_contain (f->path, "epilepsy", TRUE));
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gint64 *id = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_write_need_finish (SL_DB (source), result, id, &error));
  g_assert_no_error (error);
}

static void
refused_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = -1;

  g_assert_false (sl_db_write_need_finish (SL_DB (source), result, &id, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  *done = TRUE;
}

static void
status_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_write_entrant_finish (SL_DB (source), result, NULL, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async_writes (Fixture       *f,
                   gconstpointer  data)
{
  gint64 need_id = 0, entrant_id = 0;
  g_autoptr(GError) error = NULL;
  char *detail = NULL;
  gboolean done = FALSE;
  SlEntrantLink guide = { 0, f->a->id, SL_LINK_GUIDE, f->g->id };

  /* The writer connection acts as the same person: the desk is refused. */
  sl_db_set_marker_async (f->db, f->a->id, SL_MARKER_DEAF, TRUE, NULL, refused_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM entrant_marker"), ==,
                   0);

  sl_db_record_need_async (f->db, f->a->id, "assistance-dog", "Dog: Bramble", SL_NEED_REQUESTED,
                           NULL, written_cb, &need_id);
  while (need_id == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need"), ==, 1);

  sign_in (f->db, OFFICER);
  sl_db_set_marker_async (f->db, f->a->id, SL_MARKER_WHEELCHAIR, TRUE, NULL, written_cb,
                          &entrant_id);
  while (entrant_id == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (entrant_id, ==, f->a->id);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM entrant_marker"), ==,
                   1);
  g_assert_true (sl_db_read_need_details (f->db, need_id, &detail, NULL, &error));
  g_assert_cmpstr (detail, ==, "Dog: Bramble");
  sl_secret_str_free (detail);

  /* The entrants page's withdrawal, in a worker thread, takes the guide too. */
  g_assert_cmpint (sl_db_add_link (f->db, &guide, &error), >, 0);
  done = FALSE;
  sl_db_set_entrant_status_async (f->db, f->a->id, SL_STATUS_WITHDRAWN, NULL, status_written_cb,
                                  &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM entrant"
                                      " WHERE status = 'withdrawn'"), ==, 2);
}

static void
type_added_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = ((gpointer *)user_data)[0];
  gint64 *id = ((gpointer *)user_data)[1];

  if (!sl_db_add_need_type_finish (SL_DB (source), result, id, error))
    *id = -1;
}

/* The dialog's write: a desk is refused, an officer adds the type, a
 * duplicate code is refused with the core's message; nothing changes on
 * a refusal.
 */
static void
test_add_type_async (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *adjust[] = { "Quiet lane", "No whistle", NULL };
  gint64 id = 0;
  gpointer args[2] = { &error, &id };
  g_autoptr(GPtrArray) types = NULL;
  gboolean found = FALSE;

  sl_db_add_need_type_async (f->db, "quiet-route", "Quiet route", adjust, NULL, type_added_cb,
                             args);
  while (id == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need_type"), ==, 12);

  sign_in (f->db, OFFICER);
  id = 0;
  sl_db_add_need_type_async (f->db, "quiet-route", "Quiet route", adjust, NULL, type_added_cb,
                             args);
  while (id == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 12);
  types = sl_db_list_need_types (f->db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < types->len; i++)
    {
      SlNeedType *type = types->pdata[i];

      if (type->id != id)
        continue;
      found = TRUE;
      g_assert_cmpstr (type->code, ==, "quiet-route");
      g_assert_cmpstr (type->label, ==, "Quiet route");
      g_assert_cmpuint (g_strv_length (type->adjustments), ==, 2);
      g_assert_cmpstr (type->adjustments[1], ==, "No whistle");
    }
  g_assert_true (found);

  id = 0;
  sl_db_add_need_type_async (f->db, "quiet-route", "Again", NULL, NULL, type_added_cb, args);
  while (id == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (id, ==, -1);
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need_type"), ==, 13);
}

/* A file of format 2 gains the staff tables (3), then the needs tables
 * and the default types (4), then the facilities (5).
 */
static void
test_migration_from_2 (Fixture       *f,
                       gconstpointer  data)
{
  sqlite3 *h = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->db);
  g_assert_cmpint (sqlite3_open (f->path, &h), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, "DROP TABLE export_log; DROP TABLE export_profile;"
                                    " DROP TABLE contact_consent;"
                                    "ALTER TABLE charity DROP COLUMN bond;"
                                    "DROP TABLE facility_visit; DROP TABLE booking;"
                                 "DROP TABLE facility; DROP TABLE entrant_marker; DROP TABLE entrant_link;"
                                 "DROP TABLE need_consent; DROP TABLE need; DROP TABLE need_type;"
                                 "DROP TABLE key_slot; DROP TABLE event_key; DROP TABLE staff;"
                                 "DROP INDEX checkin_event_by_request;"
                                 "ALTER TABLE event DROP COLUMN retention_days;"
                                 "ALTER TABLE checkin_event DROP COLUMN request_id;"
                                 "PRAGMA user_version = 2;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (h);
  f->db = sl_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "PRAGMA user_version"), ==,
                   SL_DB_SCHEMA_VERSION);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need_type"), ==, 12);
  record (f->db, f->a->id, "guide-runner", NULL, SL_NEED_REQUESTED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/needs/types", test_types_seeded_and_added);
  ADD ("/needs/types-edited-and-removed", test_types_edited_and_removed);
  ADD ("/needs/desk-records-officer-reads", test_desk_records_officer_reads);
  ADD ("/needs/status-rules", test_status_rules);
  ADD ("/needs/filters", test_filters_and_outstanding);
  ADD ("/needs/list-carries-markers", test_list_carries_markers);
  ADD ("/needs/withdrawal-cascade", test_withdrawal_cascade);
  ADD ("/needs/desk-card", test_desk_needs);
  ADD ("/needs/role-table", test_role_table);
  ADD ("/needs/no-officer-yet", test_no_officer_yet);
  ADD ("/needs/async", test_async_writes);
  ADD ("/needs/add-type-async", test_add_type_async);
  if (sl_test_store_is_server ())
    ADD ("/needs/details-absent-from-server", test_details_absent_from_server);
  else
    {
      /* About the file itself: its bytes and its WAL, a migration of an
       * older file's schema (a server event is made at the latest).
       */
      ADD ("/needs/details-absent-from-file", test_details_absent_from_file);
      ADD ("/needs/migration-from-2", test_migration_from_2);
    }
#undef ADD
  return g_test_run ();
}
