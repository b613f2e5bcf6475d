/* sl-sqlite-audit.c — reading the audit log in the SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-audit.h"
#include "sl-sqlite-private.h"
#include "sl-store.h"

static const SlSqliteColumn entry_columns[] = {
  SL_SQLITE_INT64 (SlAuditEntry, id),
  SL_SQLITE_TEXT (SlAuditEntry, at),
  SL_SQLITE_TEXT (SlAuditEntry, operator_name),
  SL_SQLITE_TEXT (SlAuditEntry, desk),
  SL_SQLITE_TEXT (SlAuditEntry, action),
  SL_SQLITE_TEXT (SlAuditEntry, entity),
  SL_SQLITE_INT64 (SlAuditEntry, entity_id),
  SL_SQLITE_TEXT (SlAuditEntry, before),
  SL_SQLITE_TEXT (SlAuditEntry, after),
};
static const SlSqliteRowType entry_row = SL_SQLITE_ROW_TYPE (SlAuditEntry, entry_columns,
                                                             sl_audit_entry_free);

static GPtrArray *
sqlite_audit_list (SlDb        *db,
                   const char  *entity,
                   gint64       entity_id,
                   guint        limit,
                   GError     **error)
{
  GPtrArray *entries = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT id, at, operator, desk, action, entity, entity_id,"
                                " before, after"
                                " FROM audit_log WHERE (?1 IS NULL OR entity = ?1)"
                                " AND (?2 = 0 OR entity_id = ?2) ORDER BY id DESC LIMIT ?3",
                            error);
  if (stmt != NULL)
    {
      sl_sqlite_bind_text (stmt, 1, entity);
      sqlite3_bind_int64 (stmt, 2, entity_id);
      sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64)limit : -1);
      entries = sl_sqlite_collect_rows (db, stmt, &entry_row, error);
    }
  sl_db_unlock (db);
  return entries;
}

void
sl_sqlite_audit_install (SlDbClass *store_class)
{
  store_class->audit_list = sqlite_audit_list;
}
