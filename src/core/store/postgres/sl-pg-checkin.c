/* sl-pg-checkin.c — the PostgreSQL store's check-in
 *
 * The writer of the check-in log (checkin_event). The entrant's status
 * change is sl_pg_entrant_change_status's (sl-pg-entrants.c), one
 * conditional UPDATE that the server lets succeed once for one person
 * however many desks race for it. A request id (made by the desk) is
 * recorded with the log's entry, unique: a request retried after a lost
 * reply finds it and returns the entrant as it stands, writing nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-pg-private.h"

typedef struct
{
  const SlCheckInChange  *change;
  SlEntrant              *current;  /* refused: the entrant as it stands */
  SlEntrant              *after;    /* written (or written before): the entrant */
} CheckIn;

/* Whether change->request_id is in the log already (*recorded), that is,
 * this is a retry of a change made: then it must be the same change, for
 * the same entrant (id), as on a file (sl-sqlite-checkin.c). Read in the
 * write transaction, under the write lock, so that two retries of one
 * request at once are told apart.
 */
static gboolean
find_request (SlDb                   *db,
              gint64                  id,
              const SlCheckInChange  *change,
              gboolean               *recorded,
              GError                **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  *recorded = FALSE;
  if (change->request_id == NULL || *change->request_id == '\0')
    return TRUE;
  sl_pg_param_text (&params, change->request_id);
  res = sl_pg_run (db, "SELECT entrant_id, action FROM checkin_event WHERE request_id = $1",
                   &params, error);
  if (res == NULL)
    return FALSE;
  *recorded = PQntuples (res) > 0;
  if (*recorded && (sl_pg_int64 (res, 0, 0) != id
                    || g_strcmp0 (PQgetvalue (res, 0, 1), change->log_action) != 0))
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT,
                   _("Request %s was recorded for another change"), change->request_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
log_check_in (SlDb                   *db,
              gint64                  id,
              const SlCheckInChange  *change,
              const char             *now,
              GError                **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_int64 (&params, id);
  sl_pg_param_text (&params, change->log_action);
  sl_pg_param_text (&params, now);
  sl_pg_param_text (&params, change->desk);
  sl_pg_param_text (&params, sl_db_get_operator (db));
  sl_pg_param_text (&params, change->request_id);
  return sl_pg_exec (db, "INSERT INTO checkin_event (entrant_id, action, at, desk, operator,"
                         " request_id) VALUES ($1, $2, $3, $4, $5, $6)", &params, error);
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

  /* No such entrant: FALSE without an error, which the caller tells. */
  if (change->code != NULL)
    before = SL_STORE (db)->dup_entrant_by_code (db, change->code, error);
  else
    before = SL_STORE (db)->dup_entrant (db, change->entrant_id, error);
  if (before == NULL || !find_request (db, before->id, change, &recorded, error))
    return FALSE;
  if (recorded)
    {
      /* Done before: its result, not a second write. */
      check_in->after = g_steal_pointer (&before);
      return TRUE;
    }
  if (!sl_pg_entrant_change_status (db, before->id, change->from, change->to, change->desk,
                                       change->only_at_desk, now, &changed, error))
    return FALSE;
  if (!changed)
    {
      /* Read again: another desk's write may have landed since. */
      check_in->current = SL_STORE (db)->dup_entrant (db, before->id, error);
      return check_in->current != NULL;
    }
  if (!log_check_in (db, before->id, change, now, error)
      || !(check_in->after = SL_STORE (db)->dup_entrant (db, before->id, error)))
    return FALSE;
  before_json = sl_entrant_to_json (before);
  after_json = sl_entrant_to_json (check_in->after);
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
