/* sl-sqlite-staff.c — staff accounts, the event's public key and the
 * officers' key slots in the SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-sqlite-private.h"
#include "sl-store.h"

static const SlSqliteColumn staff_columns[] = {
  SL_SQLITE_INT64 (SlStaffAccount, id),
  SL_SQLITE_TEXT (SlStaffAccount, name),
  SL_SQLITE_INT64 (SlStaffAccount, roles),
  SL_SQLITE_TEXT (SlStaffAccount, passphrase_hash),
  SL_SQLITE_TEXT (SlStaffAccount, created_at),
  SL_SQLITE_TEXT (SlStaffAccount, created_by),
};
static const SlSqliteRowType staff_row = SL_SQLITE_ROW_TYPE (SlStaffAccount, staff_columns,
                                                             sl_staff_account_free);

#define STAFF_SELECT "SELECT id, name, roles, passphrase_hash, created_at, created_by FROM staff"

static GPtrArray *
sqlite_staff_list (SlDb    *db,
                   GError **error)
{
  GPtrArray *rows = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, STAFF_SELECT " ORDER BY name COLLATE NOCASE, id", error);
  if (stmt != NULL)
    rows = sl_sqlite_collect_rows (db, stmt, &staff_row, error);
  sl_db_unlock (db);
  return rows;
}

static SlStaffAccount *
sqlite_staff_get (SlDb        *db,
                  const char  *name,
                  GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, STAFF_SELECT " WHERE name = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      rows = sl_sqlite_collect_rows (db, stmt, &staff_row, error);
    }
  sl_db_unlock (db);
  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_ptr_array_steal_index (rows, 0);
}

static gboolean
sqlite_staff_put (SlDb            *db,
                  SlStaffAccount  *account,
                  gboolean         remove,
                  GError         **error)
{
  sqlite3_stmt *stmt;

  if (remove)
    {
      stmt = sl_sqlite_prepare (db, "DELETE FROM staff WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, account->id);
      return sl_sqlite_step_done (db, stmt, error);
    }

  stmt = sl_sqlite_prepare (db, "INSERT INTO staff (name, roles, passphrase_hash, created_at,"
                                " created_by) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, account->roles);
  sqlite3_bind_text (stmt, 3, account->passphrase_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, account->created_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, account->created_by, -1, SQLITE_TRANSIENT);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  account->id = sqlite3_last_insert_rowid (sl_sqlite_get_handle (db));
  return TRUE;
}

static GBytes *
column_dup_bytes (sqlite3_stmt *stmt,
                  int           column)
{
  return g_bytes_new (sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
}

static gboolean
sqlite_event_key_get (SlDb     *db,
                      GBytes  **public_key,
                      GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;
  int rc;

  *public_key = NULL;
  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT public_key FROM event_key WHERE id = 1", error);
  if (stmt != NULL)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *public_key = column_dup_bytes (stmt, 0);
      ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
      if (!ok)
        sl_sqlite_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return ok;
}

static gboolean
sqlite_event_key_put (SlDb     *db,
                      GBytes   *public_key,
                      GError  **error)
{
  g_autofree char *now = sl_db_now_utc ();
  sqlite3_stmt *stmt;
  gsize len;
  gconstpointer data = g_bytes_get_data (public_key, &len);

  stmt = sl_sqlite_prepare (db, "INSERT INTO event_key (id, public_key, created_at)"
                                " VALUES (1, ?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, data, (int)len, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  return sl_sqlite_step_done (db, stmt, error);
}

static SlKeySlot *
sqlite_key_slot_get (SlDb     *db,
                     gint64    staff_id,
                     GError  **error)
{
  sqlite3_stmt *stmt;
  SlKeySlot *slot = NULL;
  int rc;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT salt, nonce, wrapped_key, opslimit, memlimit"
                                " FROM key_slot WHERE staff_id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, staff_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          slot = g_new0 (SlKeySlot, 1);
          slot->salt = column_dup_bytes (stmt, 0);
          slot->nonce = column_dup_bytes (stmt, 1);
          slot->wrapped = column_dup_bytes (stmt, 2);
          slot->opslimit = sqlite3_column_int64 (stmt, 3);
          slot->memlimit = sqlite3_column_int64 (stmt, 4);
        }
      else if (rc != SQLITE_DONE)
        sl_sqlite_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return slot;
}

static void
bind_bytes (sqlite3_stmt *stmt,
            int           index,
            GBytes       *bytes)
{
  gsize len;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  sqlite3_bind_blob (stmt, index, data, (int)len, SQLITE_TRANSIENT);
}

static gboolean
sqlite_key_slot_put (SlDb             *db,
                     gint64            staff_id,
                     const SlKeySlot  *slot,
                     GError          **error)
{
  g_autofree char *now = sl_db_now_utc ();
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, "DELETE FROM key_slot WHERE staff_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  if (slot == NULL)
    return TRUE;

  stmt = sl_sqlite_prepare (db, "INSERT INTO key_slot (staff_id, salt, nonce, wrapped_key,"
                                " opslimit, memlimit, created_at)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  bind_bytes (stmt, 2, slot->salt);
  bind_bytes (stmt, 3, slot->nonce);
  bind_bytes (stmt, 4, slot->wrapped);
  sqlite3_bind_int64 (stmt, 5, slot->opslimit);
  sqlite3_bind_int64 (stmt, 6, slot->memlimit);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  return sl_sqlite_step_done (db, stmt, error);
}

void
sl_sqlite_staff_install (SlDbClass *store_class)
{
  store_class->staff_list = sqlite_staff_list;
  store_class->staff_get = sqlite_staff_get;
  store_class->staff_put = sqlite_staff_put;
  store_class->event_key_get = sqlite_event_key_get;
  store_class->event_key_put = sqlite_event_key_put;
  store_class->key_slot_get = sqlite_key_slot_get;
  store_class->key_slot_put = sqlite_key_slot_put;
}
