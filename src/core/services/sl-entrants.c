/* sl-entrants.c — entrants in an event: the rules and the audit entries
 * around the store's reads and writes
 *
 * Each operation checks what a person or a file gave (sl_entrant_validate,
 * a bib or reference someone else holds, a wave of another race), says
 * so in words, asks the store (sl-store.h) to read or write, and audits the
 * change with the entrant's images before and after (sl_entrant_to_json).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-db-task.h"
#include "sl-entrant-private.h"
#include "sl-entrants-private.h"
#include "sl-store.h"

SlEntrant *
sl_db_dup_entrant_locked (SlDb    *db,
                          gint64   id,
                          GError **error)
{
  GError *local_error = NULL;
  SlEntrant *entrant = SL_STORE (db)->dup_entrant (db, id, &local_error);

  return sl_found_or_error (entrant, local_error, error, SL_ENTRANT_ERROR,
                            SL_ENTRANT_ERROR_NOT_FOUND, _("No entrant with id %lld"),
                            (long long)id);
}

SlEntrant *
sl_db_dup_entrant (SlDb    *db,
                   gint64   id,
                   GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  return sl_db_dup_entrant_locked (db, id, error);
}

SlEntrant *
sl_db_dup_entrant_by_code (SlDb        *db,
                           const char  *code,
                           GError     **error)
{
  g_autofree char *trimmed = NULL;
  GError *local_error = NULL;
  SlEntrant *entrant;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  trimmed = g_strstrip (g_strdup (code));
  entrant = SL_STORE (db)->dup_entrant_by_code (db, trimmed, &local_error);
  return sl_found_or_error (entrant, local_error, error, SL_ENTRANT_ERROR,
                            SL_ENTRANT_ERROR_NOT_FOUND,
                            _("No entrant has bib or booking reference “%s”"), trimmed);
}

/* Explains a clash on a unique column by naming who holds the value. */
static gboolean
check_unique (SlDb             *db,
              const SlEntrant  *entrant,
              GError          **error)
{
  GError *local_error = NULL;
  g_autoptr(SlEntrant) holder = SL_STORE (db)->dup_code_holder (db, entrant, &local_error);
  gboolean ref_clash;

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (holder == NULL)
    return TRUE;

  /* References are the same without regard to ASCII case, as the store
   * compares them; a holder of the same bib is told as a bib clash.
   */
  ref_clash = entrant->booking_ref != NULL && holder->booking_ref != NULL
              && g_ascii_strcasecmp (holder->booking_ref, entrant->booking_ref) == 0
              && g_strcmp0 (holder->bib, entrant->bib) != 0;
  if (ref_clash)
    g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BOOKING_REF,
                 _("Booking reference %s already belongs to %s %s (bib %s)"),
                 entrant->booking_ref, holder->first_name, holder->last_name, holder->bib);
  else
    g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BIB,
                 _("Bib %s already belongs to %s %s"), entrant->bib,
                 holder->first_name, holder->last_name);
  return FALSE;
}

static gboolean
check_wave (SlDb             *db,
            const SlEntrant  *e,
            GError          **error)
{
  gint64 race_id = 0;

  if (e->wave_id <= 0)
    return TRUE;

  if (!SL_STORE (db)->get_wave_race (db, e->wave_id, &race_id, error))
    return FALSE;
  if (race_id == 0)
    {
      g_set_error_literal (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_WAVE,
                           _("That wave does not exist"));
      return FALSE;
    }
  if (e->race_id > 0 && race_id != e->race_id)
    {
      g_set_error_literal (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_WAVE,
                           _("That wave belongs to another race"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_db_insert_entrant_locked (SlDb       *db,
                             SlEntrant  *entrant,
                             GError    **error)
{
  g_autofree char *json = NULL;

  if (!sl_entrant_validate (entrant, error)
      || !check_unique (db, entrant, error)
      || !check_wave (db, entrant, error)
      || !SL_STORE (db)->insert_entrant (db, entrant, error))
    return FALSE;

  json = sl_entrant_to_json (entrant);
  return sl_db_audit (db, "insert", "entrant", entrant->id, NULL, json, error);
}

static gboolean
codes_unchanged (const SlEntrant *before,
                 const SlEntrant *after)
{
  /* The booking reference is unique without regard to ASCII case. */
  return g_strcmp0 (before->bib, after->bib) == 0
         && g_ascii_strcasecmp (before->booking_ref != NULL ? before->booking_ref : "",
                                after->booking_ref != NULL ? after->booking_ref : "") == 0;
}

gboolean
sl_db_update_entrant_from_locked (SlDb             *db,
                                  const SlEntrant  *before,
                                  const SlEntrant  *entrant,
                                  gboolean         *changed,
                                  GError          **error)
{
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;

  g_return_val_if_fail (before->id == entrant->id, FALSE);

  if (changed != NULL)
    *changed = FALSE;
  if (!sl_entrant_dup_update_images (before, entrant, &before_json, &after_json))
    return TRUE;

  /* An entrant keeping its own bib and reference cannot clash, nor a wave
   * and race already stored together stop fitting.
   */
  if ((!codes_unchanged (before, entrant) && !check_unique (db, entrant, error))
      || ((before->race_id != entrant->race_id || before->wave_id != entrant->wave_id)
          && !check_wave (db, entrant, error)))
    return FALSE;

  if (!SL_STORE (db)->update_entrant (db, before, entrant, error)
      || !sl_db_audit (db, "update", "entrant", entrant->id, before_json, after_json, error))
    return FALSE;

  if (changed != NULL)
    *changed = TRUE;
  return TRUE;
}

gboolean
sl_db_update_entrant_locked (SlDb             *db,
                             const SlEntrant  *entrant,
                             GError          **error)
{
  g_autoptr(SlEntrant) before = NULL;

  if (!sl_entrant_validate (entrant, error))
    return FALSE;
  if (!(before = sl_db_dup_entrant_locked (db, entrant->id, error)))
    return FALSE;
  return sl_db_update_entrant_from_locked (db, before, entrant, NULL, error);
}

static gboolean
insert_in_write (SlDb      *db,
                 gpointer   entrant,
                 GError   **error)
{
  return sl_db_insert_entrant_locked (db, entrant, error);
}

gboolean
sl_db_insert_entrant (SlDb       *db,
                      SlEntrant  *entrant,
                      GError    **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (entrant != NULL, FALSE);

  if (!sl_entrant_validate (entrant, error))
    return FALSE;
  if (!sl_db_run_write (db, insert_in_write, entrant, error))
    {
      /* Nothing was stored: the id given by the insert means nothing. */
      entrant->id = 0;
      return FALSE;
    }
  return TRUE;
}

static gboolean
update_in_write (SlDb      *db,
                 gpointer   entrant,
                 GError   **error)
{
  return sl_db_update_entrant_locked (db, entrant, error);
}

gboolean
sl_db_update_entrant (SlDb             *db,
                      const SlEntrant  *entrant,
                      GError          **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (entrant != NULL && entrant->id > 0, FALSE);

  return sl_entrant_validate (entrant, error)
         && sl_db_run_write (db, update_in_write, (gpointer)entrant, error);
}

typedef struct
{
  gint64   id;
  SlStatus status;
} StatusChange;

/* A guide or support runner loses the place when the runner they support
 * withdraws: each is withdrawn in the same transaction, audited as
 * "withdraw-linked" with the supported runner's id in the after-image.
 */
static gboolean
withdraw_linked (SlDb    *db,
                 gint64   supported_id,
                 GError **error)
{
  g_autoptr(GArray) ids = SL_STORE (db)->cascade_list (db, supported_id, error);

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(SlEntrant) entrant = NULL;
      g_autofree char *before_json = NULL;
      g_autofree char *after_json = NULL;
      g_autoptr(GString) after = NULL;

      if (!(entrant = sl_db_dup_entrant_locked (db, id, error)))
        return FALSE;
      before_json = sl_entrant_to_json (entrant);
      entrant->status = SL_STATUS_WITHDRAWN;
      after_json = sl_entrant_to_json (entrant);
      /* The after-image names whom they supported: {…,"with_entrant_id":N}. */
      after = g_string_new_len (after_json, strlen (after_json) - 1);
      g_string_append_printf (after, "%s\"with_entrant_id\":%" G_GINT64_FORMAT "}",
                              after->len > 1 ? "," : "", supported_id);
      if (!SL_STORE (db)->set_entrant_status (db, id, SL_STATUS_WITHDRAWN, error)
          || !sl_db_audit (db, "withdraw-linked", "entrant", id, before_json, after->str, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
sl_db_list_withdrawal_cascade (SlDb    *db,
                               gint64   id,
                               GError **error)
{
  g_autoptr(GPtrArray) entrants = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_entrant_free);
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!(ids = SL_STORE (db)->cascade_list (db, id, error)))
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      SlEntrant *entrant = sl_db_dup_entrant (db, g_array_index (ids, gint64, i), error);

      if (entrant == NULL)
        return NULL;
      g_ptr_array_add (entrants, entrant);
    }
  return g_steal_pointer (&entrants);
}

static gboolean
set_status_in_write (SlDb      *db,
                     gpointer   data,
                     GError   **error)
{
  const StatusChange *change = data;
  g_autoptr(SlEntrant) before = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;

  if (!(before = sl_db_dup_entrant_locked (db, change->id, error)))
    return FALSE;

  /* The status it already has: nothing to write, nor to audit. */
  if (before->status == change->status)
    return TRUE;

  before_json = sl_entrant_to_json (before);
  before->status = change->status;
  after_json = sl_entrant_to_json (before);
  return SL_STORE (db)->set_entrant_status (db, change->id, change->status, error)
         && sl_db_audit (db, "set-status", "entrant", change->id, before_json, after_json,
                         error)
         && (change->status != SL_STATUS_WITHDRAWN || withdraw_linked (db, change->id, error));
}

gboolean
sl_db_set_entrant_status (SlDb      *db,
                          gint64     id,
                          SlStatus   status,
                          GError   **error)
{
  StatusChange change = { id, status };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (status < SL_N_STATUSES, FALSE);

  return sl_db_run_write (db, set_status_in_write, &change, error);
}

gint64
sl_db_count_entrants (SlDb *db)
{
  gint64 n;

  g_return_val_if_fail (SL_IS_DB (db), 0);

  n = SL_STORE (db)->count_entrants (db, NULL);
  return MAX (n, 0);
}

/* ---- Bulk insert ------------------------------------------------------ */

struct _SlEntrantBulk
{
  SlDb               *db;
  SlStoreEntrantBulk *store_bulk;
  gint64              last_old_id;
  gint64              first_new_id;  /* 0: none yet */
  gint64              last_new_id;
  char               *now;
};

SlEntrantBulk *
sl_entrant_bulk_new_locked (SlDb    *db,
                            GError **error)
{
  g_autoptr(SlEntrantBulk) self = g_new0 (SlEntrantBulk, 1);

  self->db = g_object_ref (db);
  /* One transaction, one moment: every row gets the same timestamp. */
  self->now = sl_db_now_utc ();
  self->store_bulk = SL_STORE (db)->entrant_bulk_begin (db, self->now, &self->last_old_id,
                                                        error);
  if (self->store_bulk == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

gint64
sl_entrant_bulk_get_last_old_id (SlEntrantBulk *self)
{
  return self->last_old_id;
}

const char *
sl_entrant_bulk_get_now (SlEntrantBulk *self)
{
  return self->now;
}

gboolean
sl_entrant_bulk_insert (SlEntrantBulk  *self,
                        SlEntrant      *entrant,
                        GError        **error)
{
  /* No image: the caller's summary entry names the file the rows came
   * from and the range of ids they were given (sl_entrant_bulk_get_new_ids).
   */
  if (!SL_STORE (self->db)->entrant_bulk_insert (self->db, self->store_bulk, entrant, error))
    return FALSE;
  if (self->first_new_id == 0)
    self->first_new_id = entrant->id;
  self->last_new_id = entrant->id;
  return TRUE;
}

gboolean
sl_entrant_bulk_insert_audited (SlEntrantBulk  *self,
                                SlEntrant      *entrant,
                                GError        **error)
{
  g_autofree char *json = NULL;

  if (!sl_entrant_validate (entrant, error) || !sl_entrant_bulk_insert (self, entrant, error))
    return FALSE;
  json = sl_entrant_to_json (entrant);
  return sl_db_audit (self->db, "insert", "entrant", entrant->id, NULL, json, error);
}

gboolean
sl_entrant_bulk_get_new_ids (SlEntrantBulk *self,
                             gint64        *first,
                             gint64        *last)
{
  *first = self->first_new_id;
  *last = self->last_new_id;
  return self->first_new_id != 0;
}

gboolean
sl_entrant_bulk_finish (SlEntrantBulk  *self,
                        GError        **error)
{
  return SL_STORE (self->db)->entrant_bulk_finish (self->db, self->store_bulk, error);
}

void
sl_entrant_bulk_free (SlEntrantBulk *self)
{
  if (self == NULL)
    return;
  if (self->store_bulk != NULL)
    SL_STORE (self->db)->entrant_bulk_free (self->db, self->store_bulk);
  g_clear_object (&self->db);
  g_free (self->now);
  g_free (self);
}

typedef struct
{
  SlEntrant *entrant;   /* a save: the caller's record, copied; else NULL */
  gint64     id;
  SlStatus   status;
} WriteTask;

static void
write_task_free (gpointer data)
{
  WriteTask *write_task = data;

  g_clear_pointer (&write_task->entrant, sl_entrant_free);
  g_free (write_task);
}

static gboolean
write_thread (SlDb      *writer,
              gpointer   task_data,
              GError   **error)
{
  WriteTask *write_task = task_data;
  gboolean ok;

  if (write_task->entrant == NULL)
    return sl_db_set_entrant_status (writer, write_task->id, write_task->status, error);
  if (write_task->entrant->id > 0)
    return sl_db_update_entrant (writer, write_task->entrant, error);
  ok = sl_db_insert_entrant (writer, write_task->entrant, error);
  write_task->id = write_task->entrant->id;
  return ok;
}

static void
write_async (SlDb                *db,
             WriteTask           *write_task,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  sl_db_task_run_boolean (db, SL_DB_TASK_WRITE, write_async, write_task, write_task_free,
                          write_thread, cancellable, callback, user_data);
}

void
sl_db_save_entrant_async (SlDb                *db,
                          const SlEntrant     *entrant,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  WriteTask *write_task;

  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (entrant != NULL);

  write_task = g_new0 (WriteTask, 1);
  write_task->entrant = sl_entrant_copy (entrant);
  write_task->id = entrant->id;
  write_async (db, write_task, cancellable, callback, user_data);
}

void
sl_db_set_entrant_status_async (SlDb                *db,
                                gint64               id,
                                SlStatus             status,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  WriteTask *write_task;

  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (status < SL_N_STATUSES);

  write_task = g_new0 (WriteTask, 1);
  write_task->id = id;
  write_task->status = status;
  write_async (db, write_task, cancellable, callback, user_data);
}

gboolean
sl_db_write_entrant_finish (SlDb          *db,
                            GAsyncResult  *result,
                            gint64        *id,
                            GError       **error)
{
  WriteTask *write_task;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == write_async, FALSE);

  write_task = sl_db_task_get_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (id != NULL)
    *id = write_task->id;
  return TRUE;
}
