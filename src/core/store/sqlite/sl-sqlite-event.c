/* sl-sqlite-event.c — the event, its races, waves and charities, sign-ups
 * and counts in the SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-sqlite-private.h"
#include "sl-store.h"

static const SlSqliteColumn event_columns[] = {
  SL_SQLITE_TEXT (SlEvent, name),
  SL_SQLITE_TEXT (SlEvent, date),
  SL_SQLITE_TEXT (SlEvent, venue),
  SL_SQLITE_TEXT (SlEvent, timezone),
};
static const SlSqliteRowType event_row = SL_SQLITE_ROW_TYPE (SlEvent, event_columns, sl_event_free);

static const SlSqliteColumn race_columns[] = {
  SL_SQLITE_INT64 (SlRace, id),
  SL_SQLITE_TEXT (SlRace, code),
  SL_SQLITE_TEXT (SlRace, name),
  SL_SQLITE_TEXT (SlRace, kind),
};
static const SlSqliteRowType race_row = SL_SQLITE_ROW_TYPE (SlRace, race_columns, sl_race_free);

static const SlSqliteColumn wave_columns[] = {
  SL_SQLITE_INT64 (SlWave, id),
  SL_SQLITE_INT64 (SlWave, race_id),
  SL_SQLITE_TEXT (SlWave, name),
  SL_SQLITE_TEXT (SlWave, start_area),
  SL_SQLITE_TEXT (SlWave, start_time),
};
static const SlSqliteRowType wave_row = SL_SQLITE_ROW_TYPE (SlWave, wave_columns, sl_wave_free);

static const SlSqliteColumn signup_columns[] = {
  SL_SQLITE_INT64 (SlCharitySignup, entrant_id),
  SL_SQLITE_INT64 (SlCharitySignup, charity_id),
  SL_SQLITE_INT64 (SlCharitySignup, target_pence),
  SL_SQLITE_INT64 (SlCharitySignup, raised_pence),
};
static const SlSqliteRowType signup_row = SL_SQLITE_ROW_TYPE (SlCharitySignup, signup_columns,
                                                              g_free);

/* The rows of a query with at most one integer parameter (bound when
 * above 0).
 */
static GPtrArray *
list_rows (SlDb                   *db,
           const char             *sql,
           gint64                  bind,
           const SlSqliteRowType  *row_type,
           GError                **error)
{
  GPtrArray *rows = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, sql, error);
  if (stmt != NULL)
    {
      if (bind > 0)
        sqlite3_bind_int64 (stmt, 1, bind);
      rows = sl_sqlite_collect_rows (db, stmt, row_type, error);
    }
  sl_db_unlock (db);
  return rows;
}

static SlEvent *
sqlite_event_get (SlDb    *db,
                  GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  rows = list_rows (db, "SELECT name, date, venue, timezone FROM event WHERE id = 1", 0,
                    &event_row, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                           _("The event file has no event record"));
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

static GPtrArray *
sqlite_races_list (SlDb    *db,
                   GError **error)
{
  return list_rows (db, "SELECT id, code, name, kind FROM race ORDER BY id", 0, &race_row, error);
}

static GPtrArray *
sqlite_waves_list (SlDb    *db,
                   gint64   race_id,
                   GError **error)
{
  if (race_id > 0)
    return list_rows (db, "SELECT id, race_id, name, start_area, start_time FROM wave"
                          " WHERE race_id = ? ORDER BY start_time, id", race_id,
                      &wave_row, error);
  return list_rows (db, "SELECT id, race_id, name, start_area, start_time FROM wave"
                        " ORDER BY start_time, id", 0, &wave_row, error);
}

void
sl_sqlite_read_charity (sqlite3_stmt *stmt,
                        int           first,
                        SlCharity    *charity)
{
  SlCharityBond bond = SL_CHARITY_BOND_NONE;

  charity->id = sqlite3_column_int64 (stmt, first);
  charity->name = sl_sqlite_column_dup (stmt, first + 1);
  charity->registered_number = sl_sqlite_column_dup (stmt, first + 2);
  charity->contact_name = sl_sqlite_column_dup (stmt, first + 3);
  charity->contact_email = sl_sqlite_column_dup (stmt, first + 4);
  charity->places_allocated = sqlite3_column_int64 (stmt, first + 5);
  charity->minimum_pledge_pence = sqlite3_column_int64 (stmt, first + 6);
  sl_charity_bond_from_id ((const char *)sqlite3_column_text (stmt, first + 7), &bond);
  charity->bond = bond;
}

static GPtrArray *
sqlite_charities_list (SlDb    *db,
                       GError **error)
{
  GPtrArray *rows = NULL;
  sqlite3_stmt *stmt;
  int rc;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT " SL_SQLITE_CHARITY_COLUMNS " FROM charity c"
                                " ORDER BY c.name COLLATE NOCASE", error);
  if (stmt != NULL)
    {
      rows = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_charity_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          SlCharity *charity = g_new0 (SlCharity, 1);

          sl_sqlite_read_charity (stmt, 0, charity);
          g_ptr_array_add (rows, charity);
        }
      if (rc != SQLITE_DONE)
        {
          sl_sqlite_set_error (db, error, NULL);
          g_clear_pointer (&rows, g_ptr_array_unref);
        }
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return rows;
}

/* Runs a prepared insert and gives the new row's id. */
static gboolean
step_insert (SlDb          *db,
             sqlite3_stmt  *stmt,
             gint64        *id_out,
             GError       **error)
{
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  *id_out = sqlite3_last_insert_rowid (sl_sqlite_get_handle (db));
  return TRUE;
}

static gboolean
sqlite_race_insert (SlDb    *db,
                    SlRace  *race,
                    GError **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, "INSERT INTO race (code, name, kind) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, race->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, race->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, race->kind, -1, SQLITE_TRANSIENT);
  return step_insert (db, stmt, &race->id, error);
}

static gboolean
sqlite_wave_insert (SlDb    *db,
                    SlWave  *wave,
                    GError **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, "INSERT INTO wave (race_id, name, start_area, start_time)"
                                " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, wave->race_id);
  sqlite3_bind_text (stmt, 2, wave->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, wave->start_area, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, wave->start_time, -1, SQLITE_TRANSIENT);
  return step_insert (db, stmt, &wave->id, error);
}

static gboolean
sqlite_charity_put (SlDb       *db,
                    SlCharity  *charity,
                    GError    **error)
{
  sqlite3_stmt *stmt;

  if (charity->id == 0)
    stmt = sl_sqlite_prepare (db, "INSERT INTO charity (name, registered_number, contact_name,"
                                  " contact_email, places_allocated, minimum_pledge_pence, bond)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  else
    stmt = sl_sqlite_prepare (db, "UPDATE charity SET name = ?1, registered_number = ?2,"
                                  " contact_name = ?3, contact_email = ?4,"
                                  " places_allocated = ?5, minimum_pledge_pence = ?6, bond = ?7"
                                  " WHERE id = ?8", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, charity->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, charity->registered_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, charity->contact_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, charity->contact_email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, charity->places_allocated);
  sqlite3_bind_int64 (stmt, 6, charity->minimum_pledge_pence);
  sqlite3_bind_text (stmt, 7, sl_charity_bond_to_id (charity->bond), -1, SQLITE_STATIC);
  if (charity->id == 0)
    return step_insert (db, stmt, &charity->id, error);
  sqlite3_bind_int64 (stmt, 8, charity->id);
  return sl_sqlite_step_done (db, stmt, error);
}

static gboolean
sqlite_signup_get (SlDb             *db,
                   gint64            entrant_id,
                   SlCharitySignup  *signup,
                   GError          **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  memset (signup, 0, sizeof *signup);
  signup->entrant_id = entrant_id;

  rows = list_rows (db, "SELECT entrant_id, charity_id, target_pence, raised_pence"
                        " FROM charity_signup WHERE entrant_id = ?", entrant_id,
                    &signup_row, error);
  if (rows == NULL)
    return FALSE;
  if (rows->len > 0)
    *signup = *(SlCharitySignup *)rows->pdata[0];
  return TRUE;
}

/* Binds a sign-up's fields as ?1 to ?4 and runs the statement. */
static gboolean
step_signup (SlDb                   *db,
             const char             *sql,
             const SlCharitySignup  *signup,
             GError                **error)
{
  sqlite3_stmt *stmt = sl_sqlite_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, signup->entrant_id);
  sqlite3_bind_int64 (stmt, 2, signup->charity_id);
  sqlite3_bind_int64 (stmt, 3, signup->target_pence);
  sqlite3_bind_int64 (stmt, 4, signup->raised_pence);
  return sl_sqlite_step_done (db, stmt, error);
}

static gboolean
sqlite_signup_put (SlDb                   *db,
                   const SlCharitySignup  *signup,
                   GError                **error)
{
  if (signup->charity_id == 0)
    return step_signup (db, "DELETE FROM charity_signup WHERE entrant_id = ?1", signup, error);

  /* An insert that leaves an existing sign-up alone, then, if there was
   * one, an update. Never an upsert (ON CONFLICT … DO UPDATE): a
   * statement that may fail halfway opens a savepoint, and each savepoint
   * makes FTS5 write out the search index's pending terms, which cost the
   * demo's 17,000 new sign-ups a second.
   */
  if (!step_signup (db, "INSERT INTO charity_signup (entrant_id, charity_id, target_pence,"
                        " raised_pence) VALUES (?1, ?2, ?3, ?4)"
                        " ON CONFLICT (entrant_id) DO NOTHING", signup, error))
    return FALSE;
  if (sqlite3_changes (sl_sqlite_get_handle (db)) > 0)
    return TRUE;
  return step_signup (db, "UPDATE charity_signup SET charity_id = ?2, target_pence = ?3,"
                          " raised_pence = ?4 WHERE entrant_id = ?1", signup, error);
}

/* One entry for each new sign-up; each image is the domain's
 * (sl_charity_signup_dup_image, through sl_signup_image in
 * sl-sqlite-functions.c), the same text as the one-row path writes, and
 * each entry is chained in C as every other (sl_sqlite_audit_insert).
 */
static gboolean
sqlite_signups_audit_new (SlDb        *db,
                          const char  *at,
                          gint64       after_entrant_id,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  const char *desk = sl_db_get_desk (db);
  int rc;

  stmt = sl_sqlite_prepare (db, "SELECT entrant_id,"
                                " sl_signup_image (charity_id, target_pence, raised_pence)"
                                " FROM charity_signup WHERE entrant_id > ?1 ORDER BY entrant_id",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_entrant_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!sl_sqlite_audit_insert (db, at, desk, "charity-signup", "entrant",
                                 sqlite3_column_int64 (stmt, 0), NULL, -1,
                                 (const char *)sqlite3_column_text (stmt, 1),
                                 sqlite3_column_bytes (stmt, 1), error))
      {
        sqlite3_reset (stmt);
        return FALSE;
      }
  if (rc != SQLITE_DONE)
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
sqlite_stats_get (SlDb     *db,
                  SlStats  *stats,
                  GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  memset (stats, 0, sizeof *stats);

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db,
                            "SELECT count(*),"
                            " count(*) FILTER (WHERE status = ?1),"
                            " count(*) FILTER (WHERE status = ?2),"
                            " count(*) FILTER (WHERE status = ?3),"
                            " (SELECT count(*) FROM charity),"
                            " (SELECT count(*) FROM charity_signup),"
                            " count(*) FILTER (WHERE vip)"
                            " FROM entrant",
                            error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, sl_status_to_id (SL_STATUS_CHECKED_IN), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, sl_status_to_id (SL_STATUS_WITHDRAWN), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, sl_status_to_id (SL_STATUS_DEFERRED), -1, SQLITE_STATIC);
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
        sl_sqlite_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return ok;
}

static gboolean
sqlite_retention_days_get (SlDb     *db,
                           guint    *days,
                           GError  **error)
{
  int value = 0;
  gboolean ok;

  sl_db_lock (db);
  ok = sl_sqlite_query_int (db, "SELECT retention_days FROM event WHERE id = 1", &value, error);
  sl_db_unlock (db);
  *days = (guint)MAX (value, 0);
  return ok;
}

/* The one writer of the event's retention delay. */
static gboolean
sqlite_retention_days_set (SlDb     *db,
                           guint     days,
                           GError  **error)
{
  sqlite3_stmt *stmt = sl_sqlite_prepare (db, "UPDATE event SET retention_days = ?1"
                                              " WHERE id = 1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, days);
  return sl_sqlite_step_done (db, stmt, error);
}

void
sl_sqlite_event_install (SlDbClass *store_class)
{
  store_class->event_get = sqlite_event_get;
  store_class->retention_days_get = sqlite_retention_days_get;
  store_class->retention_days_set = sqlite_retention_days_set;
  store_class->races_list = sqlite_races_list;
  store_class->waves_list = sqlite_waves_list;
  store_class->charities_list = sqlite_charities_list;
  store_class->race_insert = sqlite_race_insert;
  store_class->wave_insert = sqlite_wave_insert;
  store_class->charity_put = sqlite_charity_put;
  store_class->signup_get = sqlite_signup_get;
  store_class->signup_put = sqlite_signup_put;
  store_class->signups_audit_new = sqlite_signups_audit_new;
  store_class->stats_get = sqlite_stats_get;
}
