/* sl-checkin.c — checking entrants in at a desk, and undoing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-checkin.h"
#include "sl-crypto.h"
#include "sl-entrant.h"
#include "sl-store.h"
#include "sl-entrants-private.h"
#include "sl-session.h"
#include "sl-db-task.h"

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

/* The check-in log's actions. */
#define LOG_CHECK_IN "check-in"
#define LOG_UNDO "undo"

/* Says why current, as the store found it, was not changed. */
static void
refuse (SlDb             *db,
        const SlEntrant  *current,
        gboolean          undo,
        GError          **error)
{
  g_autofree char *name = NULL;

  if (!undo)
    {
      /* The store changes only a registered entrant, whom this accepts. */
      if (refuse_if_ineligible (db, current, error))
        g_assert_not_reached ();
      return;
    }
  name = sl_entrant_dup_full_name (current);
  if (current->status == SL_STATUS_CHECKED_IN)
    {
      /* Still checked in: at another desk, which this one may not undo. */
      g_set_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED,
                   _("Needs an admin or an accessibility officer: %s (bib %s) was checked in"
                     " at %s."), name, current->bib,
                   current->checked_in_desk != NULL ? current->checked_in_desk
                                                    : _("an unknown desk"));
      return;
    }
  g_set_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_NOT_CHECKED_IN,
               _("%s (bib %s) is not checked in, so there is nothing to undo"),
               name, current->bib);
}

char *
sl_check_in_request_id_new (void)
{
  return sl_crypto_uuid_new ();
}

/* A check-in is one conditional write in the store, never "read, decide,
 * write" here: only a registered entrant is checked in, only a checked-in
 * one back, so the same person scanned at two desks at once is checked in
 * once, and the other desk hears why not.
 */
static SlEntrant *
change (SlDb        *db,
        const char  *code,
        gint64       id,
        gboolean     undo,
        const char  *desk,
        const char  *request_id,
        GError     **error)
{
  g_autofree char *at_desk = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *made_id = NULL;
  g_autoptr(SlEntrant) current = NULL;
  g_autoptr(GError) local_error = NULL;
  SlCheckInChange change = { 0 };
  SlEntrant *result;

  if (!(at_desk = dup_desk (db, desk, error)))
    return NULL;

  change.code = trimmed = code != NULL ? g_strstrip (g_strdup (code)) : NULL;
  change.entrant_id = id;
  change.from = undo ? SL_STATUS_CHECKED_IN : SL_STATUS_REGISTERED;
  change.to = undo ? SL_STATUS_REGISTERED : SL_STATUS_CHECKED_IN;
  change.desk = at_desk;
  change.log_action = undo ? LOG_UNDO : LOG_CHECK_IN;
  change.audit_action = undo ? "undo-check-in" : "check-in";
  /* Undoing another desk's check-in needs the role; the store checks the
   * desk in the same conditional write.
   */
  if (undo && !sl_roles_allow (sl_db_get_roles (db), SL_ACTION_UNDO_OTHER_DESK))
    change.only_at_desk = at_desk;
  /* One action, one request id: a caller that retries it gives its own
   * again; one that does not ask for a retry gets a fresh one.
   */
  if (request_id == NULL || *request_id == '\0')
    request_id = made_id = sl_check_in_request_id_new ();
  change.request_id = request_id;
  result = SL_STORE (db)->check_in (db, &change, &current, &local_error);
  if (result == NULL && current != NULL)
    refuse (db, current, undo, error);
  else if (result == NULL && local_error == NULL && trimmed != NULL)
    g_set_error (error, SL_CHECKIN_ERROR, SL_CHECKIN_ERROR_NOT_FOUND,
                 _("No entrant has bib or booking reference “%s”"), trimmed);
  else if (result == NULL && local_error == NULL)
    g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOT_FOUND,
                 _("No entrant with id %lld"), (long long)id);
  else if (result == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
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
  return change (db, bib_or_ref, 0, FALSE, desk, NULL, error);
}

SlEntrant *
sl_db_check_in_id (SlDb        *db,
                   gint64       entrant_id,
                   const char  *desk,
                   GError     **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return change (db, NULL, entrant_id, FALSE, desk, NULL, error);
}

SlEntrant *
sl_db_undo_check_in (SlDb        *db,
                     const char  *bib_or_ref,
                     const char  *desk,
                     GError     **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (bib_or_ref != NULL, NULL);
  return change (db, bib_or_ref, 0, TRUE, desk, NULL, error);
}

SlEntrant *
sl_db_change_check_in (SlDb        *db,
                       const char  *bib_or_ref,
                       gint64       entrant_id,
                       gboolean     undo,
                       const char  *desk,
                       const char  *request_id,
                       GError     **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return change (db, bib_or_ref, entrant_id, undo, desk, request_id, error);
}

SlEntrant *
sl_db_undo_check_in_id (SlDb        *db,
                        gint64       entrant_id,
                        const char  *desk,
                        GError     **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return change (db, NULL, entrant_id, TRUE, desk, NULL, error);
}

typedef struct
{
  gint64    entrant_id;
  gboolean  undo;
  char     *desk;
  char     *request_id;
} ChangeTask;

static void
change_task_free (gpointer data)
{
  ChangeTask *change_task = data;

  g_free (change_task->desk);
  g_free (change_task->request_id);
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
                    change_task->request_id, &error);
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
              const char          *request_id,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  ChangeTask *change_task = g_new0 (ChangeTask, 1);

  change_task->entrant_id = entrant_id;
  change_task->undo = undo;
  change_task->desk = g_strdup (desk);
  change_task->request_id = g_strdup (request_id);
  sl_db_task_run (db, SL_DB_TASK_WRITE, sl_db_check_in_id_async, change_task, change_task_free,
                  change_thread, cancellable, callback, user_data);
}

void
sl_db_check_in_id_async (SlDb                *db,
                         gint64               entrant_id,
                         const char          *desk,
                         const char          *request_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (SL_IS_DB (db));
  change_async (db, entrant_id, FALSE, desk, request_id, cancellable, callback, user_data);
}

void
sl_db_undo_check_in_id_async (SlDb                *db,
                              gint64               entrant_id,
                              const char          *desk,
                              const char          *request_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SL_IS_DB (db));
  change_async (db, entrant_id, TRUE, desk, request_id, cancellable, callback, user_data);
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

  g_return_val_if_fail (SL_IS_DB (db), 0);

  /* No check-in is ever recorded at a name that is refused. */
  if (!(at_desk = dup_desk (db, desk, NULL)))
    return 0;
  return SL_STORE (db)->count_check_ins (db, at_desk, since_utc, LOG_CHECK_IN);
}
