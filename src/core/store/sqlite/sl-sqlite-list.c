/* sl-sqlite-list.c — the SQLite store's entrant lists for big tables
 *
 * The SQL is assembled from the filters in use, so each combination gets
 * a plain statement the planner can use indexes for; the store caches the
 * prepared statements by text, and there are only a few hundred
 * combinations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-entrant-private.h"
#include "sl-sqlite-private.h"
#include "sl-store.h"

#define BY_NAME "e.sort_name %1$s"

/* The parameter of the first status in the status order; the others
 * follow, one a status.
 */
#define STATUS_ORDER_PARAM 6

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
  /* The life cycle order of statuses (SlStatus's), not their alphabetical
   * order: ?6 is the id of the first (registered), ?12 of dns; dnf and
   * anything unknown come last.
   */
  [SL_ENTRANT_SORT_STATUS] = "CASE e.status WHEN ?6 THEN 0 WHEN ?7 THEN 1 WHEN ?8 THEN 2"
                             " WHEN ?9 THEN 3 WHEN ?10 THEN 4 WHEN ?11 THEN 5 WHEN ?12 THEN 6"
                             " ELSE 7 END %1$s, " BY_NAME,
  [SL_ENTRANT_SORT_CHARITY] = "(c.name IS NULL) %1$s, c.name COLLATE NOCASE %1$s, " BY_NAME,
  [SL_ENTRANT_SORT_CLUB] = "(e.club IS NULL) %1$s, e.club COLLATE NOCASE %1$s, " BY_NAME,
};

static char *
build_ids_query (const SlEntrantFilter *filter,
                 gboolean               has_match,
                 SlEntrantSort          sort,
                 gboolean               descending)
{
  GString *sql = g_string_new ("SELECT e.id FROM " SL_ENTRANT_JOINS " WHERE 1");
  const char *dir = descending ? "DESC" : "ASC";

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
  if (has_match)
    g_string_append (sql, " AND e.id IN (SELECT rowid FROM entrant_fts"
                          " WHERE entrant_fts MATCH ?5)");
  g_string_append (sql, " ORDER BY ");
  g_string_append_printf (sql, orders[sort], dir);
  g_string_append_printf (sql, ", e.id %s", dir);
  return g_string_free (sql, FALSE);
}

static void
bind_ids_query (sqlite3_stmt          *stmt,
                const SlEntrantFilter *filter,
                const char            *match,
                SlEntrantSort          sort)
{
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
  if (sort == SL_ENTRANT_SORT_STATUS)
    for (SlStatus s = SL_STATUS_REGISTERED; s < SL_STATUS_DNF; s++)
      sqlite3_bind_text (stmt, STATUS_ORDER_PARAM + (int)s, sl_status_to_id (s), -1,
                         SQLITE_STATIC);
}

static GArray *
sqlite_list_entrant_ids (SlDb                   *db,
                         const SlEntrantFilter  *filter,
                         const char * const     *words,
                         SlEntrantSort           sort,
                         gboolean                descending,
                         GError                **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *match = sl_sqlite_search_dup_match (words);
  g_autofree char *sql = build_ids_query (filter, match != NULL, sort, descending);
  sqlite3_stmt *stmt;
  int rc;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, sql, error);
  if (stmt == NULL)
    {
      sl_db_unlock (db);
      return NULL;
    }
  bind_ids_query (stmt, filter, match, sort);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  sl_db_unlock (db);

  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&ids);
}

static SlEntrantRow *
row_from_statement (sqlite3_stmt *stmt)
{
  SlEntrantRow *row = g_new0 (SlEntrantRow, 1);
  const char *status = (const char *)sqlite3_column_text (stmt, 6);

  row->id = sqlite3_column_int64 (stmt, 0);
  row->bib = sl_sqlite_column_dup (stmt, 1);
  row->first_name = sl_sqlite_column_dup (stmt, 2);
  row->last_name = sl_sqlite_column_dup (stmt, 3);
  row->race_name = sl_sqlite_column_dup (stmt, 4);
  row->wave_name = sl_sqlite_column_dup (stmt, 5);
  if (status == NULL || !sl_status_from_id (status, &row->status))
    row->status = SL_STATUS_REGISTERED;
  row->charity_name = sl_sqlite_column_dup (stmt, 7);
  row->club = sl_sqlite_column_dup (stmt, 8);
  return row;
}

static GPtrArray *
sqlite_fetch_entrant_rows (SlDb          *db,
                           const gint64  *ids,
                           guint          n_ids,
                           GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n_ids, (GDestroyNotify)sl_entrant_row_free);
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  /* A primary-key lookup per id is a few microseconds; a batch of a
   * screenful costs well under a millisecond, with no temporary tables.
   */
  stmt = sl_sqlite_prepare (db, "SELECT e.id, e.bib, e.first_name, e.last_name, r.name, w.name,"
                                " e.status, c.name, e.club FROM " SL_ENTRANT_JOINS
                                " WHERE e.id = ?", error);
  if (stmt == NULL)
    {
      sl_db_unlock (db);
      return NULL;
    }

  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, ids[i]);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          sl_sqlite_set_error (db, error, NULL);
          sqlite3_reset (stmt);
          sl_db_unlock (db);
          return NULL;
        }
      /* NULL for an id no longer there. */
      g_ptr_array_add (rows, rc == SQLITE_ROW ? row_from_statement (stmt) : NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);

  return g_steal_pointer (&rows);
}

void
sl_sqlite_list_install (SlDbClass *store_class)
{
  store_class->list_entrant_ids = sqlite_list_entrant_ids;
  store_class->fetch_entrant_rows = sqlite_fetch_entrant_rows;
}
