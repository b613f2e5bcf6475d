/* sl-event.c — the event, its races and waves, charities and sign-ups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-db-private.h"
#include "sl-event.h"

void
sl_event_free (SlEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->name);
  g_free (event->date);
  g_free (event->venue);
  g_free (event->timezone);
  g_free (event);
}

void
sl_race_free (SlRace *race)
{
  if (race == NULL)
    return;
  g_free (race->code);
  g_free (race->name);
  g_free (race->kind);
  g_free (race);
}

void
sl_wave_free (SlWave *wave)
{
  if (wave == NULL)
    return;
  g_free (wave->name);
  g_free (wave->start_area);
  g_free (wave->start_time);
  g_free (wave);
}

void
sl_charity_free (SlCharity *charity)
{
  if (charity == NULL)
    return;
  g_free (charity->name);
  g_free (charity->registered_number);
  g_free (charity->contact_name);
  g_free (charity->contact_email);
  g_free (charity);
}

SlEvent *
sl_db_dup_event (SlDb    *db,
                 GError **error)
{
  sqlite3_stmt *stmt;
  SlEvent *event = NULL;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  sl_db_lock (db);
  stmt = sl_db_prepare (db, "SELECT name, date, venue, timezone FROM event WHERE id = 1", error);
  if (stmt != NULL)
    {
      int rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          event = g_new0 (SlEvent, 1);
          event->name = sl_db_column_dup (stmt, 0);
          event->date = sl_db_column_dup (stmt, 1);
          event->venue = sl_db_column_dup (stmt, 2);
          event->timezone = sl_db_column_dup (stmt, 3);
        }
      else if (rc == SQLITE_DONE)
        g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                             _("The event file has no event record"));
      else
        sl_db_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return event;
}

typedef gpointer (*RowFunc) (sqlite3_stmt *stmt);

static GPtrArray *
list_rows (SlDb           *db,
           const char     *sql,
           gint64          bind,
           RowFunc         row_func,
           GDestroyNotify  free_func,
           GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  sqlite3_stmt *stmt;
  int rc;

  sl_db_lock (db);
  stmt = sl_db_prepare (db, sql, error);
  if (stmt == NULL)
    {
      sl_db_unlock (db);
      return NULL;
    }
  if (bind > 0)
    sqlite3_bind_int64 (stmt, 1, bind);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_func (stmt));
  if (rc != SQLITE_DONE)
    sl_db_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  sl_db_unlock (db);

  return rc == SQLITE_DONE ? g_steal_pointer (&rows) : NULL;
}

static gpointer
race_from_row (sqlite3_stmt *stmt)
{
  SlRace *race = g_new0 (SlRace, 1);

  race->id = sqlite3_column_int64 (stmt, 0);
  race->code = sl_db_column_dup (stmt, 1);
  race->name = sl_db_column_dup (stmt, 2);
  race->kind = sl_db_column_dup (stmt, 3);
  return race;
}

static gpointer
wave_from_row (sqlite3_stmt *stmt)
{
  SlWave *wave = g_new0 (SlWave, 1);

  wave->id = sqlite3_column_int64 (stmt, 0);
  wave->race_id = sqlite3_column_int64 (stmt, 1);
  wave->name = sl_db_column_dup (stmt, 2);
  wave->start_area = sl_db_column_dup (stmt, 3);
  wave->start_time = sl_db_column_dup (stmt, 4);
  return wave;
}

static gpointer
charity_from_row (sqlite3_stmt *stmt)
{
  SlCharity *charity = g_new0 (SlCharity, 1);

  charity->id = sqlite3_column_int64 (stmt, 0);
  charity->name = sl_db_column_dup (stmt, 1);
  charity->registered_number = sl_db_column_dup (stmt, 2);
  charity->contact_name = sl_db_column_dup (stmt, 3);
  charity->contact_email = sl_db_column_dup (stmt, 4);
  charity->places_allocated = sqlite3_column_int64 (stmt, 5);
  charity->minimum_pledge_pence = sqlite3_column_int64 (stmt, 6);
  return charity;
}

GPtrArray *
sl_db_list_races (SlDb    *db,
                  GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return list_rows (db, "SELECT id, code, name, kind FROM race ORDER BY id", 0,
                    race_from_row, (GDestroyNotify)sl_race_free, error);
}

GPtrArray *
sl_db_list_waves (SlDb    *db,
                  gint64   race_id,
                  GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  if (race_id > 0)
    return list_rows (db, "SELECT id, race_id, name, start_area, start_time FROM wave"
                          " WHERE race_id = ? ORDER BY start_time, id", race_id,
                      wave_from_row, (GDestroyNotify)sl_wave_free, error);
  return list_rows (db, "SELECT id, race_id, name, start_area, start_time FROM wave"
                        " ORDER BY start_time, id", 0,
                    wave_from_row, (GDestroyNotify)sl_wave_free, error);
}

GPtrArray *
sl_db_list_charities (SlDb    *db,
                      GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return list_rows (db, "SELECT id, name, registered_number, contact_name, contact_email,"
                        " places_allocated, minimum_pledge_pence FROM charity"
                        " ORDER BY name COLLATE NOCASE", 0,
                    charity_from_row, (GDestroyNotify)sl_charity_free, error);
}

/* Runs one prepared insert and its audit entry as one transaction. */
static gboolean
insert_audited (SlDb          *db,
                sqlite3_stmt  *stmt,
                const char    *entity,
                gint64        *id_out,
                GError       **error)
{
  g_autofree char *after = NULL;

  if (!sl_db_step_done (db, stmt, error))
    return FALSE;
  *id_out = sqlite3_last_insert_rowid (sl_db_get_handle (db));
  return sl_db_dup_row_image (db, entity, *id_out, &after, error)
         && sl_db_audit (db, "insert", entity, *id_out, NULL, after, error);
}

gboolean
sl_db_add_race_locked (SlDb    *db,
                       SlRace  *race,
                       GError **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_db_prepare (db, "INSERT INTO race (code, name, kind) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, race->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, race->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, race->kind != NULL ? race->kind : "other", -1, SQLITE_TRANSIENT);
  return insert_audited (db, stmt, "race", &race->id, error);
}

gboolean
sl_db_add_race (SlDb    *db,
                SlRace  *race,
                GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_begin_write (db, error))
    return FALSE;
  if (!sl_db_add_race_locked (db, race, error))
    {
      sl_db_rollback (db);
      return FALSE;
    }
  return sl_db_commit (db, error);
}

gboolean
sl_db_add_wave_locked (SlDb    *db,
                       SlWave  *wave,
                       GError **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_db_prepare (db, "INSERT INTO wave (race_id, name, start_area, start_time)"
                            " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, wave->race_id);
  sqlite3_bind_text (stmt, 2, wave->name, -1, SQLITE_TRANSIENT);
  sl_db_bind_text (stmt, 3, wave->start_area);
  sl_db_bind_text (stmt, 4, wave->start_time);
  return insert_audited (db, stmt, "wave", &wave->id, error);
}

gboolean
sl_db_add_wave (SlDb    *db,
                SlWave  *wave,
                GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_begin_write (db, error))
    return FALSE;
  if (!sl_db_add_wave_locked (db, wave, error))
    {
      sl_db_rollback (db);
      return FALSE;
    }
  return sl_db_commit (db, error);
}

gboolean
sl_db_add_charity_locked (SlDb       *db,
                          SlCharity  *charity,
                          GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_db_prepare (db, "INSERT INTO charity (name, registered_number, contact_name,"
                            " contact_email, places_allocated, minimum_pledge_pence)"
                            " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, charity->name, -1, SQLITE_TRANSIENT);
  sl_db_bind_text (stmt, 2, charity->registered_number);
  sl_db_bind_text (stmt, 3, charity->contact_name);
  sl_db_bind_text (stmt, 4, charity->contact_email);
  sqlite3_bind_int64 (stmt, 5, charity->places_allocated);
  sqlite3_bind_int64 (stmt, 6, charity->minimum_pledge_pence);
  return insert_audited (db, stmt, "charity", &charity->id, error);
}

gboolean
sl_db_add_charity (SlDb       *db,
                   SlCharity  *charity,
                   GError    **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_begin_write (db, error))
    return FALSE;
  if (!sl_db_add_charity_locked (db, charity, error))
    {
      sl_db_rollback (db);
      return FALSE;
    }
  return sl_db_commit (db, error);
}

gboolean
sl_db_set_charity_signup (SlDb    *db,
                          gint64   entrant_id,
                          gint64   charity_id,
                          gint64   target_pence,
                          gint64   raised_pence,
                          GError **error)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (target_pence < 0 || raised_pence < 0)
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           _("Fundraising amounts cannot be negative"));
      return FALSE;
    }

  if (!sl_db_begin_write (db, error))
    return FALSE;
  if (!sl_db_dup_row_image (db, "charity-signup", entrant_id, &before, error))
    goto failed;
  stmt = sl_db_prepare (db, "INSERT INTO charity_signup (entrant_id, charity_id, target_pence,"
                            " raised_pence) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (entrant_id)"
                            " DO UPDATE SET charity_id = ?2, target_pence = ?3, raised_pence = ?4",
                        error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, entrant_id);
  sqlite3_bind_int64 (stmt, 2, charity_id);
  sqlite3_bind_int64 (stmt, 3, target_pence);
  sqlite3_bind_int64 (stmt, 4, raised_pence);
  if (!sl_db_step_done (db, stmt, error))
    goto failed;
  if (!sl_db_dup_row_image (db, "charity-signup", entrant_id, &after, error))
    goto failed;
  /* Signing up again for the same charity and amounts changes nothing. */
  if (g_strcmp0 (before, after) != 0
      && !sl_db_audit (db, "charity-signup", "entrant", entrant_id, before, after, error))
    goto failed;
  return sl_db_commit (db, error);

failed:
  sl_db_rollback (db);
  return FALSE;
}

gboolean
sl_db_get_stats (SlDb     *db,
                 SlStats  *stats,
                 GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);

  sl_db_lock (db);
  stmt = sl_db_prepare (db,
                        "SELECT count(*),"
                        " count(*) FILTER (WHERE status = 'checked-in'),"
                        " count(*) FILTER (WHERE status = 'withdrawn'),"
                        " count(*) FILTER (WHERE status = 'deferred'),"
                        " (SELECT count(*) FROM charity),"
                        " (SELECT count(*) FROM charity_signup),"
                        " count(*) FILTER (WHERE vip)"
                        " FROM entrant",
                        error);
  if (stmt != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          stats->entrants = sqlite3_column_int64 (stmt, 0);
          stats->checked_in = sqlite3_column_int64 (stmt, 1);
          stats->withdrawn = sqlite3_column_int64 (stmt, 2);
          stats->deferred = sqlite3_column_int64 (stmt, 3);
          stats->charities = sqlite3_column_int64 (stmt, 4);
          stats->charity_runners = sqlite3_column_int64 (stmt, 5);
          stats->vips = sqlite3_column_int64 (stmt, 6);
          ok = TRUE;
        }
      else
        sl_db_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return ok;
}
