/* sl-sqlite-checkin.c — the SQLite store's check-in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
update_status (SlDb                   *db,
               gint64                  id,
               const SlCheckInChange  *change,
               const char             *now,
               gboolean               *changed,
               GError                **error)
{
  sqlite3_stmt *stmt;

  /* The condition on the status is what makes a check-in happen once;
   * the one on the desk keeps an undo to the desk that may make it.
   */
  stmt = sl_sqlite_prepare (db, "UPDATE entrant SET status = ?1, checked_in_at = ?2,"
                                " checked_in_desk = ?3, updated_at = ?4"
                                " WHERE id = ?5 AND status = ?6"
                                " AND (?7 IS NULL OR checked_in_desk = ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sl_status_to_id (change->to), -1, SQLITE_STATIC);
  if (change->to == SL_STATUS_CHECKED_IN)
    {
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, change->desk, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, id);
  sqlite3_bind_text (stmt, 6, sl_status_to_id (change->from), -1, SQLITE_STATIC);
  if (change->only_at_desk != NULL)
    sqlite3_bind_text (stmt, 7, change->only_at_desk, -1, SQLITE_TRANSIENT);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (sl_sqlite_get_handle (db)) > 0;
  return TRUE;
}

static gboolean
log_check_in (SlDb                   *db,
              gint64                  id,
              const SlCheckInChange  *change,
              const char             *now,
              GError                **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, "INSERT INTO checkin_event (entrant_id, action, at, desk, operator)"
                                " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, change->log_action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, change->desk, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, sl_db_get_operator (db), -1, SQLITE_TRANSIENT);
  return sl_sqlite_step_done (db, stmt, error);
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

  /* Inside the write, so a read-only event says so before anything else.
   * No such entrant: FALSE without an error, which the caller tells.
   */
  if (change->code != NULL)
    before = SL_STORE (db)->dup_entrant_by_code (db, change->code, error);
  else
    before = SL_STORE (db)->dup_entrant (db, change->entrant_id, error);
  if (before == NULL || !update_status (db, before->id, change, now, &changed, error))
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
