/* sl-sqlite-charities.c — the charities page's reads in the SQLite store:
 * each charity with its figures, and a charity's runners
 *
 * Reads only: the charity and charity_signup tables are written by
 * sl-sqlite-event.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-sqlite-private.h"
#include "sl-store.h"

static gpointer
read_summary (sqlite3_stmt *stmt)
{
  SlCharitySummary *summary = g_new0 (SlCharitySummary, 1);

  sl_sqlite_read_charity (stmt, 0, &summary->charity);
  summary->places_used = sqlite3_column_int64 (stmt, 8);
  summary->pledged_pence = sqlite3_column_int64 (stmt, 9);
  summary->raised_pence = sqlite3_column_int64 (stmt, 10);
  return summary;
}

static GPtrArray *
sqlite_charity_summaries_list (SlDb    *db,
                               GError **error)
{
  GPtrArray *rows = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT " SL_SQLITE_CHARITY_COLUMNS ","
                                " count (e.id) FILTER (WHERE e.status IS NOT ?1),"
                                " ifnull (sum (s.target_pence) FILTER (WHERE e.status IS NOT ?1), 0),"
                                " ifnull (sum (s.raised_pence), 0)"
                                " FROM charity c"
                                " LEFT JOIN charity_signup s ON s.charity_id = c.id"
                                " LEFT JOIN entrant e ON e.id = s.entrant_id"
                                " GROUP BY c.id ORDER BY c.name COLLATE NOCASE", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, sl_status_to_id (SL_STATUS_WITHDRAWN), -1, SQLITE_STATIC);
      rows = sl_sqlite_collect (db, stmt, read_summary, (GDestroyNotify)sl_charity_summary_free,
                                error);
    }
  sl_db_unlock (db);
  return rows;
}

static gpointer
read_runner (sqlite3_stmt *stmt)
{
  SlCharityRunner *runner = g_new0 (SlCharityRunner, 1);
  SlStatus status = SL_STATUS_REGISTERED;

  runner->entrant_id = sqlite3_column_int64 (stmt, 0);
  runner->bib = sl_sqlite_column_dup (stmt, 1);
  runner->first_name = sl_sqlite_column_dup (stmt, 2);
  runner->last_name = sl_sqlite_column_dup (stmt, 3);
  runner->target_pence = sqlite3_column_int64 (stmt, 4);
  runner->raised_pence = sqlite3_column_int64 (stmt, 5);
  sl_status_from_id ((const char *)sqlite3_column_text (stmt, 6), &status);
  runner->status = status;
  return runner;
}

static GPtrArray *
sqlite_charity_runners_list (SlDb    *db,
                             gint64   charity_id,
                             GError **error)
{
  GPtrArray *rows = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT e.id, e.bib, e.first_name, e.last_name,"
                                " s.target_pence, s.raised_pence, e.status"
                                " FROM charity_signup s JOIN entrant e ON e.id = s.entrant_id"
                                " WHERE s.charity_id = ?1"
                                " ORDER BY length (e.bib), e.bib", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, charity_id);
      rows = sl_sqlite_collect (db, stmt, read_runner, (GDestroyNotify)sl_charity_runner_free,
                                error);
    }
  sl_db_unlock (db);
  return rows;
}

void
sl_sqlite_charities_install (SlDbClass *store_class)
{
  store_class->charity_summaries_list = sqlite_charity_summaries_list;
  store_class->charity_runners_list = sqlite_charity_runners_list;
}
