/* test-checkin.c — checking in at a desk, refusals and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-pg-private.h"
#include "sl-sqlite-private.h"
#include "sl-store.h"
#include "sl-test-util.h"

typedef struct
{
  char *dir;
  char *path;
  SlDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "desk.sqlite");
  f->path = g_strdup (sl_db_get_path (f->db));
  sl_db_set_actor (f->db, "Priya", "Desk 4");
  sl_entrant_free (sl_test_add_entrant (f->db, "501", "LM26-QX7", "Siobhán", "O'Brien", NULL));
  sl_entrant_free (sl_test_add_entrant (f->db, "502", "LM26-QX8", "Ann", "Lee", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return sl_test_query_int (f->db, f->path, sql);
}

static void
test_check_in_by_bib (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) e = sl_db_check_in (f->db, "501", NULL, &error);
  g_autoptr(SlEntrant) again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (e);
  g_assert_cmpint (e->status, ==, SL_STATUS_CHECKED_IN);
  g_assert_cmpstr (e->checked_in_desk, ==, "Desk 4");
  g_assert_nonnull (e->checked_in_at);
  g_assert_true (g_str_has_suffix (e->checked_in_at, "Z"));

  /* Durable: another connection sees it at once. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant WHERE bib = '501'"
                             " AND status = 'checked-in'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event WHERE action = 'check-in'"
                             " AND desk = 'Desk 4' AND operator = 'Priya'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'check-in'"
                             " AND desk = 'Desk 4' AND operator = 'Priya'"), ==, 1);

  again = sl_db_dup_entrant_by_code (f->db, "501", &error);
  g_assert_cmpint (again->status, ==, SL_STATUS_CHECKED_IN);
}

/* One text column of one row, read on a connection of the test's own. */
static char *
query_text (Fixture    *f,
            const char *sql)
{
  char *value = sl_test_query_text (f->db, f->path, sql);

  g_assert_nonnull (value);
  return value;
}

/* The row the check-in wrote, and the one its undo wrote, as stored. */
static void
test_stored_row (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) in = sl_db_check_in (f->db, "501", "Desk 7", &error);
  g_autoptr(SlEntrant) out = NULL;
  g_autofree char *status = NULL;
  g_autofree char *at = NULL;
  g_autofree char *desk = NULL;
  g_autofree char *updated = NULL;

  g_assert_no_error (error);
  status = query_text (f, "SELECT status FROM entrant WHERE bib = '501'");
  at = query_text (f, "SELECT checked_in_at FROM entrant WHERE bib = '501'");
  desk = query_text (f, "SELECT checked_in_desk FROM entrant WHERE bib = '501'");
  updated = query_text (f, "SELECT updated_at FROM entrant WHERE bib = '501'");
  g_assert_cmpstr (status, ==, "checked-in");
  g_assert_cmpstr (at, ==, in->checked_in_at);
  g_assert_true (g_str_has_suffix (at, "Z"));
  g_assert_cmpstr (desk, ==, "Desk 7");
  g_assert_cmpstr (updated, ==, at);
  /* The other entrant is untouched. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant WHERE bib = '502'"
                             " AND status = 'registered' AND checked_in_at IS NULL"
                             " AND checked_in_desk IS NULL"), ==, 1);

  out = sl_db_undo_check_in (f->db, "501", "Desk 7", &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant WHERE bib = '501'"
                             " AND status = 'registered' AND checked_in_at IS NULL"
                             " AND checked_in_desk IS NULL"), ==, 1);
  g_clear_pointer (&updated, g_free);
  updated = query_text (f, "SELECT updated_at FROM entrant WHERE bib = '501'");
  g_assert_cmpstr (updated, >=, at);
}

typedef struct
{
  gint64    id;
  gboolean  changed;
} StatusChange;

static gboolean
change_status_in_write (SlDb     *db,
                        gpointer  data,
                        GError  **error)
{
  StatusChange *change = data;
  g_autofree char *now = sl_db_now_utc ();

  /* Each store's own, as its check_in method calls it. */
  if (SL_IS_PG_DB (db))
    return sl_pg_entrant_change_status (db, change->id, SL_STATUS_REGISTERED,
                                        SL_STATUS_CHECKED_IN, "Desk 4", NULL, now,
                                        &change->changed, error);
  return sl_sqlite_entrant_change_status (db, change->id, SL_STATUS_REGISTERED,
                                          SL_STATUS_CHECKED_IN, "Desk 4", NULL, now,
                                          &change->changed, error);
}

/* The store's one conditional status change writes only over the status
 * it was told of: when another connection changed it meanwhile, nothing
 * is written and the caller hears so, without an error.
 */
static void
test_conditional_write_refuses (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) obrien = sl_db_dup_entrant_by_code (f->db, "501", &error);
  g_autoptr(SlEntrant) lee = sl_db_dup_entrant_by_code (f->db, "502", &error);
  StatusChange change = { obrien->id, TRUE };

  g_assert_no_error (error);
  g_assert_cmpint (obrien->status, ==, SL_STATUS_REGISTERED);
  /* Another desk withdraws her after this one read her as registered. */
  g_assert_true (sl_test_exec (f->db, f->path, "UPDATE entrant SET status = 'withdrawn'"
                                               " WHERE bib = '501'", NULL));

  g_assert_true (sl_db_run_write (f->db, change_status_in_write, &change, &error));
  g_assert_no_error (error);
  g_assert_false (change.changed);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant WHERE bib = '501'"
                             " AND status = 'withdrawn' AND checked_in_at IS NULL"
                             " AND checked_in_desk IS NULL"), ==, 1);

  /* Over the status it was told of, it writes. */
  change.id = lee->id;
  g_assert_true (sl_db_run_write (f->db, change_status_in_write, &change, &error));
  g_assert_true (change.changed);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant WHERE bib = '502'"
                             " AND status = 'checked-in' AND checked_in_desk = 'Desk 4'"),
                   ==, 1);

  /* The check-in itself, on the entrant withdrawn meanwhile, says why not. */
  g_assert_null (sl_db_check_in (f->db, "501", NULL, &error));
  g_assert_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_WITHDRAWN);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event"), ==, 0);
}

static void
test_check_in_by_reference (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Scanners may send lower case and trailing white space. */
  g_autoptr(SlEntrant) e = sl_db_check_in (f->db, " lm26-qx8\r\n", "Desk 9", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (e->bib, ==, "502");
  g_assert_cmpstr (e->checked_in_desk, ==, "Desk 9");
}

static void
test_double_check_in_says_when_and_where (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) first = sl_db_check_in (f->db, "501", "Desk 2", &error);
  g_autoptr(SlEntrant) second = NULL;
  g_autofree char *when = NULL;
  gint64 audits;

  g_assert_no_error (error);
  audits = count (f, "SELECT count(*) FROM audit_log");

  second = sl_db_check_in (f->db, "501", "Desk 4", &error);
  g_assert_null (second);
  g_assert_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_ALREADY_CHECKED_IN);
  when = sl_db_format_local (f->db, first->checked_in_at, "%H:%M");
  g_assert_nonnull (strstr (error->message, "Desk 2"));
  g_assert_nonnull (strstr (error->message, when));
  g_assert_nonnull (strstr (error->message, "O'Brien"));

  /* Nothing changed: still at Desk 2, no new events or audit rows. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audits);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant WHERE checked_in_desk = 'Desk 2'"),
                   ==, 1);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) e = NULL;
  g_autoptr(SlEntrant) lee = sl_db_dup_entrant_by_code (f->db, "502", &error);
  g_autoptr(SlEntrant) obrien = sl_db_dup_entrant_by_code (f->db, "501", &error);

  g_assert_true (sl_db_set_entrant_status (f->db, lee->id, SL_STATUS_WITHDRAWN, &error));
  g_assert_true (sl_db_set_entrant_status (f->db, obrien->id, SL_STATUS_DEFERRED, &error));
  g_assert_no_error (error);

  e = sl_db_check_in (f->db, "502", NULL, &error);
  g_assert_null (e);
  g_assert_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_WITHDRAWN);
  g_assert_nonnull (strstr (error->message, "withdrawn"));
  g_clear_error (&error);

  e = sl_db_check_in (f->db, "501", NULL, &error);
  g_assert_null (e);
  g_assert_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_DEFERRED);
  g_clear_error (&error);

  e = sl_db_check_in (f->db, "999", NULL, &error);
  g_assert_null (e);
  g_assert_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "999"));
  g_clear_error (&error);

  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant WHERE status = 'checked-in'"), ==, 0);
}

static void
test_undo_is_an_event (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) in = sl_db_check_in (f->db, "501", NULL, &error);
  g_autoptr(SlEntrant) out = NULL;
  g_autoptr(SlEntrant) in_again = NULL;
  g_autoptr(SlEntrant) none = NULL;

  g_assert_no_error (error);
  out = sl_db_undo_check_in_id (f->db, in->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (out->status, ==, SL_STATUS_REGISTERED);
  g_assert_null (out->checked_in_at);
  g_assert_null (out->checked_in_desk);

  /* History keeps both: the check-in is not erased. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event WHERE action = 'check-in'"),
                   ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event WHERE action = 'undo'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'undo-check-in'"
                             " AND before LIKE '%\"status\":\"checked-in\"%'"
                             " AND after LIKE '%\"status\":\"registered\"%'"), ==, 1);

  none = sl_db_undo_check_in (f->db, "501", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_NOT_CHECKED_IN);
  g_clear_error (&error);

  in_again = sl_db_check_in (f->db, "501", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (in_again->status, ==, SL_STATUS_CHECKED_IN);
}

static void
test_desk_counter (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = sl_db_now_utc ();

  sl_entrant_free (sl_db_check_in (f->db, "501", "Desk 4", &error));
  sl_entrant_free (sl_db_check_in (f->db, "502", "Desk 5", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_db_count_desk_check_ins (f->db, "Desk 4", NULL), ==, 1);
  g_assert_cmpint (sl_db_count_desk_check_ins (f->db, "Desk 5", before), ==, 1);
  g_assert_cmpint (sl_db_count_desk_check_ins (f->db, "Desk 4", "2999-01-01T00:00:00Z"), ==, 0);

  sl_entrant_free (sl_db_undo_check_in (f->db, "501", "Desk 4", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_db_count_desk_check_ins (f->db, "Desk 4", NULL), ==, 0);
}

static void
test_desk_names (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) e = NULL;

  /* A desk name with a line break would forge lines wherever it is shown. */
  e = sl_db_check_in (f->db, "501", "D1\nfake", &error);
  g_assert_null (e);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant WHERE status = 'checked-in'"), ==, 0);
  g_assert_cmpint (sl_db_count_desk_check_ins (f->db, "D1\nfake", NULL), ==, 0);

  /* Trimmed, as a scanner's code is. */
  e = sl_db_check_in (f->db, "501", "  Desk 9 ", NULL);
  g_assert_nonnull (e);
  g_assert_cmpstr (e->checked_in_desk, ==, "Desk 9");
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event WHERE desk = 'Desk 9'"), ==, 1);
  g_assert_cmpint (sl_db_count_desk_check_ins (f->db, " Desk 9", NULL), ==, 1);
}

static void
test_same_desk_everywhere (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) e = NULL;
  g_autoptr(SlEntrant) other = NULL;

  /* No desk anywhere: the default is recorded, and audited, as the desk. */
  sl_db_set_actor (f->db, "Priya", NULL);
  e = sl_db_check_in (f->db, "501", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (e->checked_in_desk, ==, "desk");
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event WHERE desk = 'desk'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'check-in'"
                             " AND desk = 'desk'"), ==, 1);

  /* A desk given to the call wins over the actor's, in the audit log too. */
  sl_db_set_actor (f->db, "Priya", "Desk 4");
  other = sl_db_check_in (f->db, "502", "Desk 9", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other->checked_in_desk, ==, "Desk 9");
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'check-in'"
                             " AND desk = 'Desk 9'"), ==, 1);
  sl_entrant_free (sl_db_undo_check_in (f->db, "502", "Desk 9", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'undo-check-in'"
                             " AND desk = 'Desk 9'"), ==, 1);
}

/* Two desks scanning the same people at the same moment, each on a
 * connection of its own: every one is checked in once, and the desk that
 * came second is told so.
 */
typedef struct
{
  const char *path;
  const char *desk;
  guint       n_done;
  guint       n_refused;
} Desk;

static gpointer
desk_thread (gpointer data)
{
  Desk *desk = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_open (desk->path, &error);

  g_assert_no_error (error);
  sl_db_set_actor (db, "Priya", desk->desk);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%u", 700 + i);
      g_autoptr(SlEntrant) e = sl_db_check_in (db, bib, NULL, &error);

      if (e != NULL)
        desk->n_done++;
      else
        {
          g_assert_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_ALREADY_CHECKED_IN);
          g_clear_error (&error);
          desk->n_refused++;
        }
    }
  return NULL;
}

static void
test_once_from_two_desks (Fixture       *f,
                          gconstpointer  data)
{
  Desk desks[2] = { { f->path, "Desk 1", 0, 0 }, { f->path, "Desk 2", 0, 0 } };
  GThread *threads[2];

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%u", 700 + i);
      g_autofree char *ref = g_strdup_printf ("LM26-T%u", i);

      sl_entrant_free (sl_test_add_entrant (f->db, bib, ref, "Runner", bib, NULL));
    }
  for (guint d = 0; d < 2; d++)
    threads[d] = g_thread_new ("desk", desk_thread, &desks[d]);
  for (guint d = 0; d < 2; d++)
    g_thread_join (threads[d]);

  g_assert_cmpuint (desks[0].n_done + desks[1].n_done, ==, 20);
  g_assert_cmpuint (desks[0].n_refused + desks[1].n_refused, ==, 20);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event WHERE action = 'check-in'"),
                   ==, 20);
  g_assert_cmpint (count (f, "SELECT count(DISTINCT entrant_id) FROM checkin_event"), ==, 20);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'check-in'"), ==, 20);
}

/* Undoing another desk's check-in needs an admin or an officer: a desk
 * is refused with one line naming the role, and nothing changes.
 */
static void
test_undo_other_desk_needs_role (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) in = sl_db_check_in (f->db, "501", "Desk 4", &error);
  g_autoptr(SlEntrant) refused = NULL;
  g_autoptr(SlEntrant) out = NULL;

  g_assert_no_error (error);
  refused = sl_db_undo_check_in (f->db, "501", "Desk 5", &error);
  g_assert_null (refused);
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "Needs an admin or an accessibility officer"));
  g_assert_nonnull (strstr (error->message, "Desk 4"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant WHERE bib = '501'"
                             " AND status = 'checked-in' AND checked_in_desk = 'Desk 4'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event WHERE action = 'undo'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'undo-check-in'"),
                   ==, 0);

  /* An officer (here the first account: admin and officer) may. */
  g_assert_true (sl_db_add_staff (f->db, "Olu", SL_ROLE_ADMIN | SL_ROLE_OFFICER,
                                  "correct horse", &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_sign_in (f->db, "Olu", "correct horse", &error));
  g_assert_no_error (error);
  out = sl_db_undo_check_in (f->db, "501", "Desk 5", &error);
  g_assert_no_error (error);
  g_assert_cmpint (out->status, ==, SL_STATUS_REGISTERED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'undo-check-in'"
                             " AND operator = 'Olu' AND desk = 'Desk 5'"), ==, 1);
}

/* A check-in retried with its request id (the reply lost, say) is
 * recorded once: the retry hears the first one's outcome, and nothing is
 * written again, neither a second log entry nor a second audit entry.
 */
static void
test_retried_request_recorded_once (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *request = g_uuid_string_random ();
  g_autoptr(SlEntrant) first = NULL;
  g_autoptr(SlEntrant) again = NULL;
  g_autoptr(SlEntrant) by_id = NULL;
  g_autoptr(SlEntrant) other = NULL;
  g_autofree char *sql = NULL;
  gint64 audits;

  first = sl_db_change_check_in (f->db, "501", 0, FALSE, "Desk 3", request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->status, ==, SL_STATUS_CHECKED_IN);
  audits = count (f, "SELECT count(*) FROM audit_log");

  again = sl_db_change_check_in (f->db, "501", 0, FALSE, "Desk 3", request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpint (again->status, ==, SL_STATUS_CHECKED_IN);
  g_assert_cmpstr (again->checked_in_at, ==, first->checked_in_at);
  g_assert_cmpstr (again->checked_in_desk, ==, "Desk 3");
  by_id = sl_db_change_check_in (f->db, NULL, first->id, FALSE, "Desk 3", request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_id->checked_in_at, ==, first->checked_in_at);

  sql = g_strdup_printf ("SELECT count(*) FROM checkin_event WHERE request_id = '%s'", request);
  g_assert_cmpint (count (f, sql), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audits);

  /* The same id for another entrant is a caller's mistake, refused. */
  other = sl_db_change_check_in (f->db, "502", 0, FALSE, "Desk 3", request, &error);
  g_assert_null (other);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant WHERE bib = '502'"
                             " AND status = 'registered'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event"), ==, 1);
}

/* Two requests for one person are two actions: the second is refused,
 * saying at which desk the first was made; the undo likewise.
 */
static void
test_two_requests_second_refused (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *one = g_uuid_string_random ();
  g_autofree char *two = g_uuid_string_random ();
  g_autofree char *undo_one = g_uuid_string_random ();
  g_autofree char *undo_two = g_uuid_string_random ();
  g_autoptr(SlEntrant) first = NULL;
  g_autoptr(SlEntrant) second = NULL;
  g_autoptr(SlEntrant) undone = NULL;
  g_autoptr(SlEntrant) undone_again = NULL;
  g_autoptr(SlEntrant) replayed = NULL;
  gint64 audits;

  first = sl_db_change_check_in (f->db, "501", 0, FALSE, "Desk 4", one, &error);
  g_assert_no_error (error);
  audits = count (f, "SELECT count(*) FROM audit_log");
  second = sl_db_change_check_in (f->db, "501", 0, FALSE, "Desk 4", two, &error);
  g_assert_null (second);
  g_assert_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_ALREADY_CHECKED_IN);
  g_assert_nonnull (strstr (error->message, "already checked in"));
  g_assert_nonnull (strstr (error->message, "Desk 4"));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audits);

  undone = sl_db_change_check_in (f->db, "501", 0, TRUE, "Desk 4", undo_one, &error);
  g_assert_no_error (error);
  g_assert_cmpint (undone->status, ==, SL_STATUS_REGISTERED);
  audits = count (f, "SELECT count(*) FROM audit_log");
  /* The undo retried: its outcome again, nothing written. */
  replayed = sl_db_change_check_in (f->db, "501", 0, TRUE, "Desk 4", undo_one, &error);
  g_assert_no_error (error);
  g_assert_cmpint (replayed->status, ==, SL_STATUS_REGISTERED);
  /* Another undo: nothing to undo. */
  undone_again = sl_db_change_check_in (f->db, "501", 0, TRUE, "Desk 4", undo_two, &error);
  g_assert_null (undone_again);
  g_assert_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_NOT_CHECKED_IN);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event WHERE action = 'undo'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audits);
  /* Every change made carries a request id of its own. */
  g_assert_cmpint (count (f, "SELECT count(DISTINCT request_id) FROM checkin_event"), ==, 2);
}

/* The calls without a request id make a fresh one each time. */
static void
test_fresh_request_ids (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sl_entrant_free (sl_db_check_in (f->db, "501", NULL, &error));
  g_assert_no_error (error);
  sl_entrant_free (sl_db_undo_check_in (f->db, "501", NULL, &error));
  g_assert_no_error (error);
  sl_entrant_free (sl_db_check_in (f->db, "501", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(DISTINCT request_id) FROM checkin_event"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM checkin_event WHERE length(request_id) = 36"),
                   ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/checkin/by-bib", test_check_in_by_bib);
  ADD ("/checkin/stored-row", test_stored_row);
  ADD ("/checkin/conditional-write-refuses", test_conditional_write_refuses);
  ADD ("/checkin/by-reference", test_check_in_by_reference);
  ADD ("/checkin/double-says-when-and-where", test_double_check_in_says_when_and_where);
  ADD ("/checkin/refusals", test_refusals);
  ADD ("/checkin/undo-is-an-event", test_undo_is_an_event);
  ADD ("/checkin/undo-other-desk-needs-role", test_undo_other_desk_needs_role);
  ADD ("/checkin/desk-counter", test_desk_counter);
  ADD ("/checkin/desk-names", test_desk_names);
  ADD ("/checkin/same-desk-everywhere", test_same_desk_everywhere);
  ADD ("/checkin/once-from-two-desks", test_once_from_two_desks);
  ADD ("/checkin/retried-request-recorded-once", test_retried_request_recorded_once);
  ADD ("/checkin/two-requests-second-refused", test_two_requests_second_refused);
  ADD ("/checkin/fresh-request-ids", test_fresh_request_ids);
#undef ADD

  return g_test_run ();
}
