/* sl-entrant-list.c — filtered, sorted entrant lists for big tables
 *
 * The SQL is assembled from the filters in use, so each combination gets
 * a plain statement the planner can use indexes for; the store caches the
 * prepared statements by text, and there are only a few hundred
 * combinations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-db-private.h"
#include "sl-entrant-list.h"
#include "sl-entrant-private.h"
#include "sl-fold.h"

#define BY_NAME "e.sort_name %1$s"

/* Each order ends with the names and the id, so equal keys keep a stable,
 * meaningful order. Every term takes the direction, so descending is the
 * exact reverse of ascending.
 */
static const char * const orders[SL_N_ENTRANT_SORTS] = {
  /* Numeric bibs first and in numeric order ("2" before "10"), then others. */
  [SL_ENTRANT_SORT_BIB] = "(e.bib GLOB '*[^0-9]*') %1$s, length(e.bib) %1$s, e.bib %1$s",
  [SL_ENTRANT_SORT_LAST_NAME] = BY_NAME,
  [SL_ENTRANT_SORT_FIRST_NAME] = "e.first_name COLLATE NOCASE %1$s,"
                                 " e.last_name COLLATE NOCASE %1$s",
  [SL_ENTRANT_SORT_RACE] = "(r.name IS NULL) %1$s, r.name COLLATE NOCASE %1$s, " BY_NAME,
  [SL_ENTRANT_SORT_WAVE] = "(w.start_time IS NULL) %1$s, w.start_time %1$s,"
                           " w.name COLLATE NOCASE %1$s, " BY_NAME,
  /* The life cycle order of statuses, not their alphabetical order. */
  [SL_ENTRANT_SORT_STATUS] = "CASE e.status WHEN 'registered' THEN 0 WHEN 'checked-in' THEN 1"
                             " WHEN 'started' THEN 2 WHEN 'finished' THEN 3 WHEN 'withdrawn' THEN 4"
                             " WHEN 'deferred' THEN 5 WHEN 'dns' THEN 6 ELSE 7 END %1$s, " BY_NAME,
  [SL_ENTRANT_SORT_CHARITY] = "(c.name IS NULL) %1$s, c.name COLLATE NOCASE %1$s, " BY_NAME,
  [SL_ENTRANT_SORT_CLUB] = "(e.club IS NULL) %1$s, e.club COLLATE NOCASE %1$s, " BY_NAME,
};

GArray *
sl_db_list_entrant_ids (SlDb                   *db,
                        const SlEntrantFilter  *filter,
                        SlEntrantSort           sort,
                        gboolean                descending,
                        GError                **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *match = NULL;
  SlEntrantFilter all;
  sqlite3_stmt *stmt;
  const char *dir = descending ? "DESC" : "ASC";
  int rc;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (sort < SL_N_ENTRANT_SORTS, NULL);

  if (filter == NULL)
    {
      sl_entrant_filter_init (&all);
      filter = &all;
    }
  g_return_val_if_fail (filter->status < (int)SL_N_STATUSES, NULL);

  match = filter->text != NULL ? sl_search_dup_match (filter->text) : NULL;

  g_string_append (sql, "SELECT e.id FROM entrant e"
                        " LEFT JOIN race r ON r.id = e.race_id"
                        " LEFT JOIN wave w ON w.id = e.wave_id"
                        " LEFT JOIN charity_signup cs ON cs.entrant_id = e.id"
                        " LEFT JOIN charity c ON c.id = cs.charity_id"
                        " WHERE 1");
  /* Parameters are numbered by kind so the text stays the same for the
   * same combination of filters.
   */
  if (filter->race_id > 0)
    g_string_append (sql, " AND e.race_id = ?1");
  if (filter->wave_id > 0)
    g_string_append (sql, " AND e.wave_id = ?2");
  if (filter->status >= 0)
    g_string_append (sql, " AND e.status = ?3");
  if (filter->charity_id == SL_ENTRANT_FILTER_NO_CHARITY)
    g_string_append (sql, " AND cs.charity_id IS NULL");
  else if (filter->charity_id > 0)
    g_string_append (sql, " AND cs.charity_id = ?4");
  if (match != NULL)
    g_string_append (sql, " AND e.id IN (SELECT rowid FROM entrant_fts"
                          " WHERE entrant_fts MATCH ?5)");
  g_string_append (sql, " ORDER BY ");
  g_string_append_printf (sql, orders[sort], dir);
  g_string_append_printf (sql, ", e.id %s", dir);

  sl_db_lock (db);
  stmt = sl_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    {
      sl_db_unlock (db);
      return NULL;
    }
  if (filter->race_id > 0)
    sqlite3_bind_int64 (stmt, 1, filter->race_id);
  if (filter->wave_id > 0)
    sqlite3_bind_int64 (stmt, 2, filter->wave_id);
  if (filter->status >= 0)
    sqlite3_bind_text (stmt, 3, sl_status_to_id (filter->status), -1, SQLITE_STATIC);
  if (filter->charity_id > 0)
    sqlite3_bind_int64 (stmt, 4, filter->charity_id);
  if (match != NULL)
    sqlite3_bind_text (stmt, 5, match, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    sl_db_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  sl_db_unlock (db);

  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&ids);
}

GPtrArray *
sl_db_fetch_entrant_rows (SlDb          *db,
                          const gint64  *ids,
                          guint          n_ids,
                          GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  rows = g_ptr_array_new_full (n_ids, (GDestroyNotify)sl_entrant_row_free);

  sl_db_lock (db);
  /* A primary-key lookup per id is a few microseconds; a batch of a
   * screenful costs well under a millisecond, with no temporary tables.
   */
  stmt = sl_db_prepare (db, "SELECT e.id, e.bib, e.first_name, e.last_name, r.name, w.name,"
                            " e.status, c.name, e.club FROM entrant e"
                            " LEFT JOIN race r ON r.id = e.race_id"
                            " LEFT JOIN wave w ON w.id = e.wave_id"
                            " LEFT JOIN charity_signup cs ON cs.entrant_id = e.id"
                            " LEFT JOIN charity c ON c.id = cs.charity_id"
                            " WHERE e.id = ?", error);
  if (stmt == NULL)
    {
      sl_db_unlock (db);
      return NULL;
    }

  for (guint i = 0; i < n_ids; i++)
    {
      SlEntrantRow *row = NULL;
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *status = (const char *)sqlite3_column_text (stmt, 6);

          row = g_new0 (SlEntrantRow, 1);
          row->id = sqlite3_column_int64 (stmt, 0);
          row->bib = sl_db_column_dup (stmt, 1);
          row->first_name = sl_db_column_dup (stmt, 2);
          row->last_name = sl_db_column_dup (stmt, 3);
          row->race_name = sl_db_column_dup (stmt, 4);
          row->wave_name = sl_db_column_dup (stmt, 5);
          if (status == NULL || !sl_status_from_id (status, &row->status))
            row->status = SL_STATUS_REGISTERED;
          row->charity_name = sl_db_column_dup (stmt, 7);
          row->club = sl_db_column_dup (stmt, 8);
        }
      else if (rc != SQLITE_DONE)
        {
          sl_db_set_error (db, error, NULL);
          sqlite3_reset (stmt);
          sl_db_unlock (db);
          return NULL;
        }
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  sl_db_unlock (db);

  return g_steal_pointer (&rows);
}
