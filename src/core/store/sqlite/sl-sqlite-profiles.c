/* sl-sqlite-profiles.c — the SQLite store's contact consent, custom export
 * profiles and export log
 *
 * Each table has one writer: contact_consent_put, export_profile_put and
 * export_log_append (the log is append-only: the schema's triggers refuse
 * any UPDATE or DELETE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-sqlite-private.h"
#include "sl-store.h"

static gboolean
sqlite_contact_consent_get (SlDb     *db,
                            gint64    entrant_id,
                            GStrv    *record,
                            GError  **error)
{
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  *record = NULL;
  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT consent, at, wording_version, recorded_by"
                                " FROM contact_consent WHERE entrant_id = ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, entrant_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *record = g_new0 (char *, 5);
          for (int i = 0; i < 4; i++)
            (*record)[i] = sl_sqlite_column_dup (stmt, i);
          rc = SQLITE_DONE;
        }
      else if (rc != SQLITE_DONE)
        sl_sqlite_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return rc == SQLITE_DONE;
}

static gboolean
sqlite_contact_consent_put (SlDb        *db,
                            gint64       entrant_id,
                            const char  *consent,
                            const char  *at,
                            const char  *wording_version,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  if (consent == NULL)
    {
      stmt = sl_sqlite_prepare (db, "DELETE FROM contact_consent WHERE entrant_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entrant_id);
      return sl_sqlite_step_done (db, stmt, error);
    }
  stmt = sl_sqlite_prepare (db, "INSERT OR REPLACE INTO contact_consent (entrant_id, consent, at,"
                                " wording_version, recorded_by) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entrant_id);
  sqlite3_bind_text (stmt, 2, consent, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, wording_version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, sl_db_get_operator (db), -1, SQLITE_TRANSIENT);
  return sl_sqlite_step_done (db, stmt, error);
}

/* Rows of n text columns as NULL-terminated string arrays. */
static GPtrArray *
collect_strv_rows (SlDb          *db,
                   sqlite3_stmt  *stmt,
                   int            n,
                   GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, n + 1);

      /* NULL ends a string array: an absent value is empty. */
      for (int i = 0; i < n; i++)
        if ((row[i] = sl_sqlite_column_dup (stmt, i)) == NULL)
          row[i] = g_strdup ("");
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&rows) : NULL;
}

static GPtrArray *
sqlite_export_profiles_list (SlDb    *db,
                             GError **error)
{
  GPtrArray *rows = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT name, columns FROM export_profile ORDER BY name", error);
  if (stmt != NULL)
    rows = collect_strv_rows (db, stmt, 2, error);
  sl_db_unlock (db);
  return rows;
}

static gboolean
sqlite_export_profile_put (SlDb        *db,
                           const char  *name,
                           const char  *columns,
                           GError     **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  if (columns == NULL)
    {
      stmt = sl_sqlite_prepare (db, "DELETE FROM export_profile WHERE name = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      return sl_sqlite_step_done (db, stmt, error);
    }
  now = sl_db_now_utc ();
  stmt = sl_sqlite_prepare (db, "INSERT INTO export_profile (name, columns, saved_by, saved_at)"
                                " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET"
                                " columns = ?2, saved_by = ?3, saved_at = ?4", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, columns, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, sl_db_get_operator (db), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  return sl_sqlite_step_done (db, stmt, error);
}

static gboolean
sqlite_export_log_append (SlDb        *db,
                          const char  *profile,
                          const char  *reason,
                          const char  *filter,
                          gint64       n_rows,
                          const char  *columns,
                          const char  *file_name,
                          const char  *sha256,
                          GError     **error)
{
  g_autofree char *now = sl_db_now_utc ();
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, "INSERT INTO export_log (at, operator, desk, profile, reason,"
                                " filter, n_rows, columns, file_name, sha256)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sl_db_get_operator (db), -1, SQLITE_TRANSIENT);
  sl_sqlite_bind_text (stmt, 3, sl_db_get_desk (db));
  sqlite3_bind_text (stmt, 4, profile, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, reason, -1, SQLITE_TRANSIENT);
  sl_sqlite_bind_text (stmt, 6, filter);
  sqlite3_bind_int64 (stmt, 7, n_rows);
  sqlite3_bind_text (stmt, 8, columns, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, file_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, sha256, -1, SQLITE_TRANSIENT);
  return sl_sqlite_step_done (db, stmt, error);
}

static GPtrArray *
sqlite_export_log_list (SlDb    *db,
                        guint    limit,
                        GError **error)
{
  GPtrArray *rows = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT id, at, operator, desk, profile, reason, filter, n_rows,"
                                " columns, file_name, sha256 FROM export_log"
                                " ORDER BY id DESC LIMIT ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64)limit : -1);
      rows = collect_strv_rows (db, stmt, 11, error);
    }
  sl_db_unlock (db);
  return rows;
}

void
sl_sqlite_profiles_install (SlDbClass *store_class)
{
  store_class->contact_consent_get = sqlite_contact_consent_get;
  store_class->contact_consent_put = sqlite_contact_consent_put;
  store_class->export_profiles_list = sqlite_export_profiles_list;
  store_class->export_profile_put = sqlite_export_profile_put;
  store_class->export_log_append = sqlite_export_log_append;
  store_class->export_log_list = sqlite_export_log_list;
}
