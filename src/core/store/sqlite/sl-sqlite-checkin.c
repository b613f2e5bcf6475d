/* sl-sqlite-checkin.c — the SQLite store's check-in
 *
 * The writer of the check-in log (checkin_event). The entrant's status
 * change is sl_sqlite_entrant_change_status's, in sl-sqlite-entrants.c,
 * the one writer of the entrant table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-entrant.h"
#include "sl-sqlite-private.h"
#include "sl-store.h"

typedef struct
{
  const SlCheckInChange  *change;
  SlEntrant              *current;  /* refused: the entrant as it stands */
  SlEntrant              *after;    /* written: the entrant as written */
} CheckIn;

static gboolean
log_check_in (SlDb                   *db,
              gint64                  id,
              const SlCheckInChange  *change,
              const char             *now,
              GError                **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, "INSERT INTO checkin_event"
                                " (entrant_id, action, at, desk, operator, request_id)"
                                " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, change->log_action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, change->desk, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, sl_db_get_operator (db), -1, SQLITE_TRANSIENT);
  sl_sqlite_bind_text (stmt, 6, change->request_id);
  return sl_sqlite_step_done (db, stmt, error);
}

/* Whether change->request_id is in the log already (*recorded), that is,
 * this is a retry of a change made: then it must be the same change, for
 * the same entrant. Read in the write transaction, so that two retries
 * of one request at once are told apart by the write lock.
 */
static gboolean
find_request (SlDb                   *db,
              gint64                  id,
              const SlCheckInChange  *change,
              gboolean               *recorded,
              GError                **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;
  int rc;

  *recorded = FALSE;
  if (change->request_id == NULL || *change->request_id == '\0')
    return TRUE;
  stmt = sl_sqlite_prepare (db, "SELECT entrant_id, action FROM checkin_event WHERE request_id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->request_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ok = sl_check_in_change_recorded (change, id, sqlite3_column_int64 (stmt, 0),
                                      (const char *)sqlite3_column_text (stmt, 1), recorded,
                                      error);
  else
    ok = rc == SQLITE_DONE;
  if (!ok && rc != SQLITE_ROW)
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  return ok;
}

static gboolean
check_in_write (SlDb     *db,
                gpointer  data,
                GError  **error)
{
  CheckIn *check_in = data;
  const SlCheckInChange *change = check_in->change;
  g_autoptr(SlEntrant) before = NULL;
  g_autofree char *now = sl_db_now_utc ();
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  gboolean changed = FALSE;
  gboolean recorded;

  /* Inside the write, so a read-only event says so before anything else.
   * No such entrant: FALSE without an error, which the caller tells.
   */
  if (change->code != NULL)
    before = SL_STORE (db)->dup_entrant_by_code (db, change->code, error);
  else
    before = SL_STORE (db)->dup_entrant (db, change->entrant_id, error);
  if (before == NULL || !find_request (db, before->id, change, &recorded, error))
    return FALSE;
  if (recorded)
    {
      /* A retry of a change made: its outcome again, nothing written. */
      check_in->after = g_steal_pointer (&before);
      return TRUE;
    }
  if (!sl_sqlite_entrant_change_status (db, before->id, change->from, change->to,
                                        change->desk, change->only_at_desk, now,
                                        &changed, error))
    return FALSE;
  if (!changed)
    {
      /* Read in this transaction, under the write lock: its status is not
       * change->from, and nothing was written.
       */
      check_in->current = g_steal_pointer (&before);
      return TRUE;
    }
  if (!log_check_in (db, before->id, change, now, error)
      || !(check_in->after = SL_STORE (db)->dup_entrant (db, before->id, error)))
    return FALSE;
  before_json = sl_entrant_to_json (before);
  after_json = sl_entrant_to_json (check_in->after);
  /* The audit entry names the desk the check-in was recorded at. */
  return sl_db_audit_at_desk (db, change->desk, change->audit_action, "entrant", before->id,
                              before_json, after_json, error);
}

static SlEntrant *
sqlite_check_in (SlDb                   *db,
                 const SlCheckInChange  *change,
                 SlEntrant             **current,
                 GError                **error)
{
  CheckIn check_in = { change, NULL, NULL };

  *current = NULL;
  if (!sl_db_run_write (db, check_in_write, &check_in, error))
    {
      g_clear_pointer (&check_in.after, sl_entrant_free);
      g_clear_pointer (&check_in.current, sl_entrant_free);
      return NULL;
    }
  *current = check_in.current;
  return check_in.after;
}

static gint64
sqlite_count_check_ins (SlDb       *db,
                        const char *desk,
                        const char *since_utc,
                        const char *check_in_action)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT coalesce(sum(CASE action WHEN ?3 THEN 1 ELSE -1 END), 0)"
                                " FROM checkin_event WHERE desk = ?1 AND at >= coalesce(?2, '')",
                            NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, desk, -1, SQLITE_TRANSIENT);
      sl_sqlite_bind_text (stmt, 2, since_utc);
      sqlite3_bind_text (stmt, 3, check_in_action, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return n;
}

void
sl_sqlite_checkin_install (SlDbClass *store_class)
{
  store_class->check_in = sqlite_check_in;
  store_class->count_check_ins = sqlite_count_check_ins;
}
