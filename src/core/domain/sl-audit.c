/* sl-audit.c — reading the append-only audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-audit.h"
#include "sl-db-private.h"

void
sl_audit_entry_free (SlAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->operator_name);
  g_free (entry->desk);
  g_free (entry->action);
  g_free (entry->entity);
  g_free (entry->before);
  g_free (entry->after);
  g_free (entry);
}

GPtrArray *
sl_db_list_audit (SlDb        *db,
                  const char  *entity,
                  gint64       entity_id,
                  guint        limit,
                  GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_audit_entry_free);

  sl_db_lock (db);
  stmt = sl_db_prepare (db, "SELECT id, at, operator, desk, action, entity, entity_id,"
                            " before, after"
                            " FROM audit_log WHERE (?1 IS NULL OR entity = ?1)"
                            " AND (?2 = 0 OR entity_id = ?2) ORDER BY id DESC LIMIT ?3", error);
  if (stmt == NULL)
    {
      sl_db_unlock (db);
      return NULL;
    }
  sl_db_bind_text (stmt, 1, entity);
  sqlite3_bind_int64 (stmt, 2, entity_id);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64)limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlAuditEntry *entry = g_new0 (SlAuditEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->at = sl_db_column_dup (stmt, 1);
      entry->operator_name = sl_db_column_dup (stmt, 2);
      entry->desk = sl_db_column_dup (stmt, 3);
      entry->action = sl_db_column_dup (stmt, 4);
      entry->entity = sl_db_column_dup (stmt, 5);
      entry->entity_id = sqlite3_column_int64 (stmt, 6);
      entry->before = sl_db_column_dup (stmt, 7);
      entry->after = sl_db_column_dup (stmt, 8);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    sl_db_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  sl_db_unlock (db);

  return rc == SQLITE_DONE ? g_steal_pointer (&entries) : NULL;
}
