/* sl-pg-checkin.c — the PostgreSQL store's check-in
 *
 * The writer of the check-in log (checkin_event). A check-in (or its
 * undo) is one statement (CHECK_IN_SQL) sent in one round trip with the
 * write's BEGIN and its lock, which check-ins share
 * (sl_pg_begin_shared_write): the entrant's row is locked (FOR UPDATE:
 * after another desk's write to it, the row as that desk committed it),
 * changed only if its status is still the one to change from (and, for an
 * undo that must stay at its desk, it was checked in there), and the log
 * entry is inserted with the request id (made by the desk, unique). The
 * server lets this succeed once for one person however many desks race
 * for it; a request retried after a lost reply finds its id and returns
 * the entrant as it stands, writing nothing. Then the audit entry: the
 * chain's lock and tail in one round trip (sl-pg-audit.c), and the entry,
 * the data version and COMMIT in another. Three round trips, and the one
 * lock every check-in waits for (the chain's) is held for the last one
 * only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-pg-private.h"

typedef struct
{
  const SlCheckInChange  *change;
  SlEntrant              *current;  /* refused: the entrant as it stands */
  SlEntrant              *after;    /* written (or written before): the entrant */
} CheckIn;

/* $1 the request id, $2 the entrant (by code or id), $3 the status to,
 * $4 checked_in_at and $5 checked_in_desk to set, $6 now, $7 the status
 * from, $8 the desk an undo must be at (NULL: any), $9 the log's action,
 * $10 the desk, $11 the operator. One row when the entrant exists: the
 * entrant as it was (locked), the entrant a recorded request id names,
 * whether it was changed now, and the entrant and action a recorded
 * request id names.
 */
#define CHECK_IN_SQL(target) \
  "WITH req AS (SELECT entrant_id, action FROM checkin_event WHERE request_id = $1)," \
  " cur AS (SELECT " SL_PG_ENTRANT_COLUMNS " FROM " SL_PG_ENTRANT_JOINS \
  "  WHERE e.id = " target " FOR UPDATE OF e)," \
  " upd AS (UPDATE entrant SET status = $3, checked_in_at = $4, checked_in_desk = $5," \
  "  updated_at = $6 WHERE id = (SELECT id FROM cur) AND status = $7" \
  "  AND ($8::text IS NULL OR checked_in_desk = $8) AND NOT EXISTS (SELECT 1 FROM req)" \
  "  RETURNING id)," \
  " logged AS (INSERT INTO checkin_event (entrant_id, action, at, desk, operator, request_id)" \
  "  SELECT id, $9, $6, $10, $11, $1 FROM upd RETURNING entrant_id)" \
  " SELECT cur.*, EXISTS (SELECT 1 FROM logged), req.entrant_id, req.action" \
  " FROM cur LEFT JOIN req ON true"

#define BY_CODE \
  "(SELECT id FROM entrant WHERE bib = $2 OR lower(booking_ref) = lower($2)" \
  " ORDER BY bib = $2 DESC LIMIT 1)"
#define BY_ID "$2::bigint"

/* Columns of CHECK_IN_SQL's row after the entrant's. */
#define COLUMN_CHANGED 27
#define COLUMN_RECORDED 28
#define COLUMN_RECORDED_ACTION 29

/* Whether change->request_id is in the log already (*done), read afresh
 * (another try of it may have committed while this one waited for the
 * row).
 */
static gboolean
find_request (SlDb                   *db,
              gint64                  id,
              const SlCheckInChange  *change,
              gboolean               *done,
              GError                **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  *done = FALSE;
  if (change->request_id == NULL || *change->request_id == '\0')
    return TRUE;
  sl_pg_param_text (&params, change->request_id);
  res = sl_pg_run (db, "SELECT entrant_id, action FROM checkin_event WHERE request_id = $1",
                   &params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return TRUE;
  return sl_check_in_change_recorded (change, id, sl_pg_int64 (res, 0, 0), PQgetvalue (res, 0, 1),
                                      done, error);
}

static PGresult *
run_change (SlDb                   *db,
            const SlCheckInChange  *change,
            const char             *now,
            GError                **error)
{
  g_auto(SlPgParams) params = { 0 };
  gboolean to_in = change->to == SL_STATUS_CHECKED_IN;

  sl_pg_param_text (&params, change->request_id);
  if (change->code != NULL)
    sl_pg_param_text (&params, change->code);
  else
    sl_pg_param_int64 (&params, change->entrant_id);
  sl_pg_param_text (&params, sl_status_to_id (change->to));
  sl_pg_param_text (&params, to_in ? now : NULL);
  sl_pg_param_text (&params, to_in ? change->desk : NULL);
  sl_pg_param_text (&params, now);
  sl_pg_param_text (&params, sl_status_to_id (change->from));
  sl_pg_param_text (&params, change->only_at_desk);
  sl_pg_param_text (&params, change->log_action);
  sl_pg_param_text (&params, change->desk);
  sl_pg_param_text (&params, sl_db_get_operator (db));
  if (change->code != NULL)
    return sl_pg_run_prepared (db, "sl_check_in_by_code", CHECK_IN_SQL (BY_CODE), &params, error);
  return sl_pg_run_prepared (db, "sl_check_in_by_id", CHECK_IN_SQL (BY_ID), &params, error);
}

/* Not changed now: written before under this request id (another try
 * of it may have committed while this one waited for the row), else
 * refused; either way the entrant as it stands (as locked).
 */
static gboolean
not_changed (SlDb       *db,
             CheckIn    *check_in,
             SlEntrant  *as_locked,
             GError    **error)
{
  gboolean done = FALSE;

  if (!find_request (db, as_locked->id, check_in->change, &done, error))
    return FALSE;
  if (done)
    check_in->after = sl_entrant_copy (as_locked);
  else
    check_in->current = sl_entrant_copy (as_locked);
  return TRUE;
}

static gboolean
check_in_write (SlDb     *db,
                gpointer  data,
                GError  **error)
{
  CheckIn *check_in = data;
  const SlCheckInChange *change = check_in->change;
  g_autofree char *now = sl_db_now_utc ();
  g_autoptr(PGresult) res = NULL;
  g_autoptr(SlEntrant) before = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  gboolean done = FALSE;
  SlEntrant *after;

  if (!(res = run_change (db, change, now, error)))
    return FALSE;
  /* No such entrant: FALSE without an error, which the caller tells. */
  if (PQntuples (res) == 0)
    return FALSE;
  before = sl_pg_entrant_from_row (res, 0);
  if (!sl_check_in_change_recorded (change, before->id, sl_pg_int64 (res, 0, COLUMN_RECORDED),
                                    PQgetisnull (res, 0, COLUMN_RECORDED_ACTION)
                                      ? NULL : PQgetvalue (res, 0, COLUMN_RECORDED_ACTION),
                                    &done, error))
    return FALSE;
  if (done)
    {
      /* Done before: its result, not a second write. */
      check_in->after = g_steal_pointer (&before);
      return TRUE;
    }
  if (strcmp (PQgetvalue (res, 0, COLUMN_CHANGED), "t") != 0)
    return not_changed (db, check_in, before, error);

  /* Changed: the entrant as the statement left it. */
  after = check_in->after = sl_entrant_copy (before);
  after->status = change->to;
  g_free (after->checked_in_at);
  g_free (after->checked_in_desk);
  after->checked_in_at = change->to == SL_STATUS_CHECKED_IN ? g_strdup (now) : NULL;
  after->checked_in_desk = change->to == SL_STATUS_CHECKED_IN ? g_strdup (change->desk) : NULL;
  before_json = sl_entrant_to_json (before);
  after_json = sl_entrant_to_json (after);
  return sl_db_audit_at_desk (db, change->desk, change->audit_action, "entrant", before->id,
                              before_json, after_json, error);
}

static SlEntrant *
pg_check_in (SlDb                   *db,
             const SlCheckInChange  *change,
             SlEntrant             **current,
             GError                **error)
{
  CheckIn check_in = { change, NULL, NULL };

  gboolean ok;

  *current = NULL;
  /* Held from the flag to the write's begin: no other thread's write takes it. */
  sl_db_lock (db);
  sl_pg_begin_shared_write (db);
  ok = sl_db_run_write (db, check_in_write, &check_in, error);
  sl_db_unlock (db);
  if (!ok)
    {
      g_clear_pointer (&check_in.after, sl_entrant_free);
      g_clear_pointer (&check_in.current, sl_entrant_free);
      return NULL;
    }
  *current = check_in.current;
  return check_in.after;
}

static gint64
pg_count_check_ins (SlDb       *db,
                    const char *desk,
                    const char *since_utc,
                    const char *check_in_action)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  sl_pg_param_text (&params, desk);
  sl_pg_param_optional (&params, since_utc);
  sl_pg_param_text (&params, check_in_action);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT coalesce(sum(CASE action WHEN $3 THEN 1 ELSE -1 END), 0)"
                       " FROM checkin_event WHERE desk = $1 AND at >= coalesce($2, '')",
                   &params, NULL);
  sl_db_unlock (db);
  return res != NULL ? sl_pg_int64 (res, 0, 0) : 0;
}

void
sl_pg_checkin_install (SlDbClass *store_class)
{
  store_class->check_in = pg_check_in;
  store_class->count_check_ins = pg_count_check_ins;
}
