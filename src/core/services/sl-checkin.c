/* sl-checkin.c — checking entrants in at a desk, and undoing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-checkin.h"
#include "sl-db-private.h"
#include "sl-db-task.h"
#include "sl-entrant-private.h"

G_DEFINE_QUARK (sl-checkin-error-quark, sl_checkin_error)

/* The desk a check-in is recorded at: the one given, trimmed, else this
 * connection's, else "desk". NULL when the name given is refused.
 */
static char *
dup_desk (SlDb        *db,
          const char  *desk,
          GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (desk != NULL ? desk : ""));

  if (*trimmed != '\0')
    return sl_actor_name_dup_checked (SL_ACTOR_DESK, trimmed, error);
  if (*sl_db_get_desk (db) != '\0')
    return g_strdup (sl_db_get_desk (db));
  return g_strdup ("desk");
}

static gboolean
refuse_if_ineligible (SlDb             *db,
                      const SlEntrant  *e,
                      GError          **error)
{
  g_autofree char *name = sl_entrant_dup_full_name (e);

  switch (e->status)
    {
    case SL_STATUS_REGISTERED:
      return TRUE;

    case SL_STATUS_CHECKED_IN:
      {
        g_autofree char *when = sl_db_format_local (db, e->checked_in_at, "%H:%M on %d %b %Y");
        g_set_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_ALREADY_CHECKED_IN,
                     _("%s (bib %s) is already checked in: %s at %s"),
                     name, e->bib, when != NULL ? when : _("earlier"),
                     e->checked_in_desk != NULL ? e->checked_in_desk : _("an unknown desk"));
        return FALSE;
      }

    case SL_STATUS_WITHDRAWN:
      g_set_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_WITHDRAWN,
                   _("%s (bib %s) has withdrawn and cannot be checked in"), name, e->bib);
      return FALSE;

    case SL_STATUS_DEFERRED:
      g_set_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_DEFERRED,
                   _("%s (bib %s) has deferred to a later year and cannot be checked in"),
                   name, e->bib);
      return FALSE;

    case SL_STATUS_STARTED:
    case SL_STATUS_FINISHED:
    case SL_STATUS_DNS:
    case SL_STATUS_DNF:
    case SL_N_STATUSES:
    default:
      g_set_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_NOT_ELIGIBLE,
                   _("%s (bib %s) cannot be checked in: status is “%s”"),
                   name, e->bib, sl_status_to_label (e->status));
      return FALSE;
    }
}

gboolean
sl_db_can_check_in (SlDb             *db,
                    const SlEntrant  *entrant,
                    GError          **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (entrant != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return refuse_if_ineligible (db, entrant, error);
}

static gint64
find_id_locked (SlDb        *db,
                const char  *code,
                GError     **error)
{
  g_autoptr(SlEntrant) e = NULL;
  g_autoptr(GError) local_error = NULL;

  e = sl_db_dup_entrant_by_code (db, code, &local_error);
  if (e == NULL)
    {
      if (g_error_matches (local_error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOT_FOUND))
        g_set_error_literal (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_NOT_FOUND,
                             local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  return e->id;
}

static gboolean
record_event (SlDb        *db,
              gint64       entrant_id,
              const char  *action,
              const char  *now,
              const char  *desk,
              GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_db_prepare (db, "INSERT INTO checkin_event (entrant_id, action, at, desk, operator)"
                            " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entrant_id);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, desk, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, sl_db_get_operator (db), -1, SQLITE_TRANSIENT);
  return sl_db_step_done (db, stmt, error);
}

static SlEntrant *
change_locked (SlDb        *db,
               gint64       id,
               gboolean     undo,
               const char  *desk,
               GError     **error)
{
  g_autoptr(SlEntrant) before = NULL;
  g_autofree char *now = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  SlEntrant *after;
  sqlite3_stmt *stmt;

  if (!(before = sl_db_dup_entrant_locked (db, id, error)))
    return NULL;

  if (undo)
    {
      if (before->status != SL_STATUS_CHECKED_IN)
        {
          g_autofree char *name = sl_entrant_dup_full_name (before);
          g_set_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_NOT_CHECKED_IN,
                       _("%s (bib %s) is not checked in, so there is nothing to undo"),
                       name, before->bib);
          return NULL;
        }
    }
  else if (!refuse_if_ineligible (db, before, error))
    return NULL;

  now = sl_db_now_utc ();
  stmt = sl_db_prepare (db, "UPDATE entrant SET status = ?1, checked_in_at = ?2,"
                            " checked_in_desk = ?3, updated_at = ?4 WHERE id = ?5", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, undo ? "registered" : "checked-in", -1, SQLITE_STATIC);
  if (undo)
    {
      sqlite3_bind_null (stmt, 2);
      sqlite3_bind_null (stmt, 3);
    }
  else
    {
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, desk, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, id);
  if (!sl_db_step_done (db, stmt, error)
      || !record_event (db, id, undo ? "undo" : "check-in", now, desk, error))
    return NULL;

  if (!(after = sl_db_dup_entrant_locked (db, id, error)))
    return NULL;
  before_json = sl_entrant_to_json (before);
  after_json = sl_entrant_to_json (after);
  /* The audit entry names the desk the check-in was recorded at. */
  if (!sl_db_audit_at_desk (db, desk, undo ? "undo-check-in" : "check-in", "entrant", id,
                            before_json, after_json, error))
    {
      sl_entrant_free (after);
      return NULL;
    }
  return after;
}

static SlEntrant *
change (SlDb        *db,
        const char  *code,
        gint64       id,
        gboolean     undo,
        const char  *desk,
        GError     **error)
{
  g_autofree char *at_desk = NULL;
  SlEntrant *result;

  if (!(at_desk = dup_desk (db, desk, error)))
    return NULL;
  if (!sl_db_begin_write (db, error))
    return NULL;

  if (code != NULL && (id = find_id_locked (db, code, error)) == 0)
    {
      sl_db_rollback (db);
      return NULL;
    }

  result = change_locked (db, id, undo, at_desk, error);
  if (result == NULL)
    {
      sl_db_rollback (db);
      return NULL;
    }
  if (!sl_db_commit (db, error))
    {
      sl_entrant_free (result);
      return NULL;
    }
  return result;
}

SlEntrant *
sl_db_check_in (SlDb        *db,
                const char  *bib_or_ref,
                const char  *desk,
                GError     **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (bib_or_ref != NULL, NULL);
  return change (db, bib_or_ref, 0, FALSE, desk, error);
}

SlEntrant *
sl_db_check_in_id (SlDb        *db,
                   gint64       entrant_id,
                   const char  *desk,
                   GError     **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return change (db, NULL, entrant_id, FALSE, desk, error);
}

SlEntrant *
sl_db_undo_check_in (SlDb        *db,
                     const char  *bib_or_ref,
                     const char  *desk,
                     GError     **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (bib_or_ref != NULL, NULL);
  return change (db, bib_or_ref, 0, TRUE, desk, error);
}

SlEntrant *
sl_db_undo_check_in_id (SlDb        *db,
                        gint64       entrant_id,
                        const char  *desk,
                        GError     **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return change (db, NULL, entrant_id, TRUE, desk, error);
}

typedef struct
{
  gint64    entrant_id;
  gboolean  undo;
  char     *desk;
} ChangeTask;

static void
change_task_free (gpointer data)
{
  ChangeTask *change_task = data;

  g_free (change_task->desk);
  g_free (change_task);
}

static void
change_thread (GTask        *task,
               SlDb         *writer,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ChangeTask *change_task = task_data;
  g_autoptr(GError) error = NULL;
  SlEntrant *entrant;

  entrant = change (writer, NULL, change_task->entrant_id, change_task->undo, change_task->desk,
                    &error);
  if (entrant == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, entrant, (GDestroyNotify)sl_entrant_free);
}

static void
change_async (SlDb                *db,
              gint64               entrant_id,
              gboolean             undo,
              const char          *desk,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  ChangeTask *change_task = g_new0 (ChangeTask, 1);

  change_task->entrant_id = entrant_id;
  change_task->undo = undo;
  change_task->desk = g_strdup (desk);
  sl_db_task_run (db, SL_DB_TASK_WRITE, sl_db_check_in_id_async, change_task, change_task_free,
                  change_thread, cancellable, callback, user_data);
}

void
sl_db_check_in_id_async (SlDb                *db,
                         gint64               entrant_id,
                         const char          *desk,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (SL_IS_DB (db));
  change_async (db, entrant_id, FALSE, desk, cancellable, callback, user_data);
}

void
sl_db_undo_check_in_id_async (SlDb                *db,
                              gint64               entrant_id,
                              const char          *desk,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SL_IS_DB (db));
  change_async (db, entrant_id, TRUE, desk, cancellable, callback, user_data);
}

SlEntrant *
sl_db_check_in_id_finish (SlDb          *db,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (g_task_is_valid (result, db), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
sl_db_count_desk_check_ins (SlDb       *db,
                            const char *desk,
                            const char *since_utc)
{
  g_autofree char *at_desk = NULL;
  sqlite3_stmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (SL_IS_DB (db), 0);

  /* No check-in is ever recorded at a name that is refused. */
  if (!(at_desk = dup_desk (db, desk, NULL)))
    return 0;
  sl_db_lock (db);
  stmt = sl_db_prepare (db, "SELECT coalesce(sum(CASE action WHEN 'check-in' THEN 1"
                            " ELSE -1 END), 0)"
                            " FROM checkin_event WHERE desk = ?1 AND at >= coalesce(?2, '')", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, at_desk, -1, SQLITE_TRANSIENT);
      sl_db_bind_text (stmt, 2, since_utc);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return n;
}
