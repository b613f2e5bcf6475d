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
#include "sl-store.h"

/* What each export column selects, and whether it is read as a number;
 * the SELECT lists them in SlExportColumn order, so a column's identifier
 * is also its index in the result row.
 */
static const struct
{
  const char *sql;
  gboolean    number;
} columns[] = {
  [SL_EXPORT_COLUMN_BIB] = { "e.bib", FALSE },
  [SL_EXPORT_COLUMN_BOOKING_REF] = { "e.booking_ref", FALSE },
  [SL_EXPORT_COLUMN_FIRST_NAME] = { "e.first_name", FALSE },
  [SL_EXPORT_COLUMN_LAST_NAME] = { "e.last_name", FALSE },
  [SL_EXPORT_COLUMN_DATE_OF_BIRTH] = { "e.date_of_birth", FALSE },
  [SL_EXPORT_COLUMN_AGE] = { "e.age", TRUE },
  [SL_EXPORT_COLUMN_GENDER] = { "e.gender", FALSE },
  [SL_EXPORT_COLUMN_NATIONALITY] = { "e.nationality", FALSE },
  [SL_EXPORT_COLUMN_CLUB] = { "e.club", FALSE },
  [SL_EXPORT_COLUMN_EMAIL] = { "e.email", FALSE },
  [SL_EXPORT_COLUMN_PHONE] = { "e.phone", FALSE },
  [SL_EXPORT_COLUMN_EMERGENCY_CONTACT] = { "e.emergency_contact", FALSE },
  [SL_EXPORT_COLUMN_RACE] = { "r.name", FALSE },
  [SL_EXPORT_COLUMN_WAVE] = { "w.name", FALSE },
  [SL_EXPORT_COLUMN_START_AREA] = { "w.start_area", FALSE },
  [SL_EXPORT_COLUMN_START_TIME] = { "w.start_time", FALSE },
  [SL_EXPORT_COLUMN_ENTRY_TYPE] = { "e.entry_type", FALSE },
  [SL_EXPORT_COLUMN_STATUS] = { "e.status", FALSE },
  [SL_EXPORT_COLUMN_CHARITY] = { "c.name", FALSE },
  [SL_EXPORT_COLUMN_TARGET] = { "cs.target_pence", TRUE },
  [SL_EXPORT_COLUMN_RAISED] = { "cs.raised_pence", TRUE },
  [SL_EXPORT_COLUMN_COSTUME] = { "e.costume", FALSE },
  [SL_EXPORT_COLUMN_VIP] = { "e.vip", TRUE },
  [SL_EXPORT_COLUMN_NOTES] = { "e.notes", FALSE },
  [SL_EXPORT_COLUMN_CHECKED_IN_AT] = { "e.checked_in_at", FALSE },
  [SL_EXPORT_COLUMN_CHECKED_IN_DESK] = { "e.checked_in_desk", FALSE },
  /* Ids the export puts in words: the consent, the markers. */
  [SL_EXPORT_COLUMN_CHARITY_CONSENT] = { "(SELECT consent FROM contact_consent"
                                         " WHERE entrant_id = e.id)", FALSE },
  [SL_EXPORT_COLUMN_MARKERS] = { "(SELECT group_concat(marker, ',') FROM (SELECT marker"
                                 " FROM entrant_marker WHERE entrant_id = e.id"
                                 " ORDER BY marker))", FALSE },
  /* The live needs' type labels; their ids for the details, which the
   * export opens through the needs service (with the key; audited). See
   * NEEDS_WHERE for the medical team's rule.
   */
  [SL_EXPORT_COLUMN_NEED_TYPES] = { NULL, FALSE },
  [SL_EXPORT_COLUMN_NEED_DETAILS] = { NULL, FALSE },
};

#define NEEDS_WHERE \
  " n.entrant_id = e.id AND n.status NOT IN ('withdrawn', 'declined')"
#define NEEDS_MEDICAL \
  " AND EXISTS (SELECT 1 FROM need_consent nc WHERE nc.need_id = n.id" \
  " AND nc.recipient = 'medical' AND nc.given = 1)"

G_STATIC_ASSERT (G_N_ELEMENTS (columns) == SL_N_EXPORT_COLUMNS);

/* The result row ends with the charity's id, after every export column. */
#define COLUMN_CHARITY_ID SL_N_EXPORT_COLUMNS

static char *
build_query (const SlExportQuery *query)
{
  GString *sql = g_string_new ("SELECT ");

  const char *medical = query->needs_medical_only ? NEEDS_MEDICAL : "";

  /* Columns left out are never read, so they never leave the database. */
  for (guint c = 0; c < SL_N_EXPORT_COLUMNS; c++)
    {
      if (!query->wanted[c])
        g_string_append (sql, "NULL");
      else if (c == SL_EXPORT_COLUMN_NEED_TYPES)
        g_string_append_printf (sql, "(SELECT group_concat(label, '; ') FROM (SELECT t.label"
                                     " FROM need n JOIN need_type t ON t.id = n.type_id WHERE"
                                     NEEDS_WHERE "%s ORDER BY n.id))", medical);
      else if (c == SL_EXPORT_COLUMN_NEED_DETAILS)
        g_string_append_printf (sql, "(SELECT group_concat(id, ',') FROM (SELECT n.id"
                                     " FROM need n WHERE" NEEDS_WHERE "%s"
                                     " AND n.detail IS NOT NULL ORDER BY n.id))", medical);
      else if (query->contact_by_consent
               && (c == SL_EXPORT_COLUMN_EMAIL || c == SL_EXPORT_COLUMN_PHONE))
        g_string_append_printf (sql, "CASE WHEN (SELECT consent FROM contact_consent"
                                     " WHERE entrant_id = e.id) = 'given' THEN %s END",
                                columns[c].sql);
      else
        g_string_append (sql, columns[c].sql);
      g_string_append (sql, ", ");
    }
  g_string_append (sql, "c.id FROM " SL_ENTRANT_JOINS);
  if (query->charity_id > 0)
    g_string_append (sql, " WHERE cs.charity_id = ?1");
  else if (query->by_charity)
    g_string_append (sql, " WHERE cs.charity_id IS NOT NULL");
  /* Bibs are text: shorter first puts 99 before 100. One charity's rows
   * come together, so each sheet is filled in one go.
   */
  g_string_append (sql, query->by_charity ? " ORDER BY cs.charity_id, length(e.bib), e.bib"
                                          : " ORDER BY length(e.bib), e.bib");
  return g_string_free (sql, FALSE);
}

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
      if (columns[c].number)
        value->number = sqlite3_column_int64 (stmt, (int)c);
      else
        value->text = (const char *)sqlite3_column_text (stmt, (int)c);
    }
  row->charity_id = sqlite3_column_int64 (stmt, COLUMN_CHARITY_ID);
}

static gboolean
stream_rows (SlDb                 *reader,
             const SlExportQuery  *query,
             SlExportStartFunc     start,
             SlExportRowFunc       row_func,
             gpointer              user_data,
             GError              **error)
{
  g_autofree char *sql = build_query (query);
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
