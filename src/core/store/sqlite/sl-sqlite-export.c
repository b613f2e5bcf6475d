/* sl-sqlite-export.c — the SQLite store's reading of an export
 *
 * One streamed query, inside one read transaction on the export's own
 * connection: the count, whatever the export reads before the rows and
 * the rows themselves come from the same snapshot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-entrant-private.h"
#include "sl-sqlite-private.h"
#include "sl-store-export.h"

#define NEEDS_WHERE \
  " n.entrant_id = e.id AND n.status NOT IN ('withdrawn', 'declined')"

/* The columns this store writes in its own SQL (sl-store-export.c has the
 * rest): the markers in order, the live needs' type labels and the ids of
 * those with details, which the export opens through the needs service
 * (with the key; audited).
 */
static const SlExportDialect dialect = {
  .select = "SELECT ",
  .charity_consent = "(SELECT consent FROM contact_consent WHERE entrant_id = e.id)",
  .markers = "(SELECT group_concat(marker, ',') FROM (SELECT marker"
             " FROM entrant_marker WHERE entrant_id = e.id ORDER BY marker))",
  .need_types = "(SELECT group_concat(label, '; ') FROM (SELECT t.label"
                " FROM need n JOIN need_type t ON t.id = n.type_id WHERE"
                NEEDS_WHERE "%s ORDER BY n.id))",
  .need_details = "(SELECT group_concat(id, ',') FROM (SELECT n.id"
                  " FROM need n WHERE" NEEDS_WHERE "%s"
                  " AND n.detail IS NOT NULL ORDER BY n.id))",
  .needs_medical = " AND EXISTS (SELECT 1 FROM need_consent nc WHERE nc.need_id = n.id"
                   " AND nc.recipient = 'medical' AND nc.given = 1)",
  .by_consent = "CASE WHEN (SELECT consent FROM contact_consent"
                " WHERE entrant_id = e.id) = 'given' THEN %s END",
  .from = "c.id FROM " SL_ENTRANT_JOINS,
  .one_charity = " WHERE cs.charity_id = ?1",
  .any_charity = " WHERE cs.charity_id IS NOT NULL",
  .order_by_charity = " ORDER BY cs.charity_id, length(e.bib), e.bib",
  .order = " ORDER BY length(e.bib), e.bib",
};

static gboolean
count_rows (SlDb                 *reader,
            const SlExportQuery  *query,
            gint64               *n_rows,
            GError              **error)
{
  sqlite3_stmt *stmt;
  const char *sql;

  if (query->charity_id > 0)
    sql = "SELECT count(*) FROM charity_signup WHERE charity_id = ?1";
  else if (query->by_charity)
    sql = "SELECT count(*) FROM charity_signup";
  else
    sql = "SELECT count(*) FROM entrant";

  stmt = sl_sqlite_prepare (reader, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (query->charity_id > 0)
    sqlite3_bind_int64 (stmt, 1, query->charity_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sl_sqlite_set_error (reader, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  *n_rows = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static void
read_row (sqlite3_stmt        *stmt,
          const SlExportQuery *query,
          SlExportRow         *row)
{
  for (guint c = 0; c < SL_N_EXPORT_COLUMNS; c++)
    {
      SlExportValue *value = &row->values[c];

      if (!query->wanted[c])
        continue;
      value->is_null = sqlite3_column_type (stmt, (int)c) == SQLITE_NULL;
      if (value->is_null)
        continue;
      if (sl_store_export_is_number (c))
        value->number = sqlite3_column_int64 (stmt, (int)c);
      else
        value->text = (const char *)sqlite3_column_text (stmt, (int)c);
    }
  row->charity_id = sqlite3_column_int64 (stmt, SL_STORE_EXPORT_CHARITY_ID);
}

static gboolean
stream_rows (SlDb                 *reader,
             const SlExportQuery  *query,
             SlExportStartFunc     start,
             SlExportRowFunc       row_func,
             gpointer              user_data,
             GError              **error)
{
  g_autofree char *sql = sl_store_export_dup_query (query, &dialect);
  SlExportRow row = { { { TRUE, NULL, 0 } } };
  sqlite3_stmt *stmt;
  gint64 n_rows = 0;
  int rc;

  if (!count_rows (reader, query, &n_rows, error) || !start (reader, n_rows, user_data, error))
    return FALSE;
  if ((stmt = sl_sqlite_prepare (reader, sql, error)) == NULL)
    return FALSE;
  if (query->charity_id > 0)
    sqlite3_bind_int64 (stmt, 1, query->charity_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      read_row (stmt, query, &row);
      if (!row_func (&row, user_data, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  if (rc != SQLITE_DONE)
    sl_sqlite_set_error (reader, error, NULL);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
sqlite_export_rows (SlDb                 *reader,
                    const SlExportQuery  *query,
                    SlExportStartFunc     start,
                    SlExportRowFunc       row,
                    gpointer              user_data,
                    GError              **error)
{
  gboolean ok;

  sl_db_lock (reader);
  if (!sl_sqlite_exec (reader, "BEGIN", error))
    {
      sl_db_unlock (reader);
      return FALSE;
    }
  ok = stream_rows (reader, query, start, row, user_data, error);
  sqlite3_exec (sl_sqlite_get_handle (reader), "COMMIT", NULL, NULL, NULL);
  sl_db_unlock (reader);
  return ok;
}

void
sl_sqlite_export_install (SlDbClass *store_class)
{
  store_class->export_rows = sqlite_export_rows;
}
