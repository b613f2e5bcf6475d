/* sl-sqlite-needs.c — need types, needs, consents, links and markers in
 * the SQLite store
 *
 * The one writer of need_type, need, need_consent, entrant_link and
 * entrant_marker. A need's detail and adjustments arrive and leave as
 * sealed boxes: bound and read as BLOBs, never as text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-sqlite-private.h"
#include "sl-store.h"

static GBytes *
column_dup_bytes (sqlite3_stmt *stmt,
                  int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
}

static void
bind_bytes (sqlite3_stmt *stmt,
            int           index,
            GBytes       *bytes)
{
  gsize size;
  gconstpointer data;

  if (bytes == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  /* A zero-length blob is still a blob, never NULL. */
  sqlite3_bind_blob64 (stmt, index, data != NULL ? data : "", size, SQLITE_TRANSIENT);
}

/* ---- Need types ------------------------------------------------------ */

static SlNeedType *
need_type_from_row (sqlite3_stmt *stmt)
{
  SlNeedType *type = g_new0 (SlNeedType, 1);
  const char *adjustments = (const char *)sqlite3_column_text (stmt, 3);

  type->id = sqlite3_column_int64 (stmt, 0);
  type->code = sl_sqlite_column_dup (stmt, 1);
  type->label = sl_sqlite_column_dup (stmt, 2);
  type->adjustments = g_strsplit (adjustments != NULL ? adjustments : "", "\n", -1);
  if (type->adjustments[0] == NULL || *type->adjustments[0] == '\0')
    g_clear_pointer (&type->adjustments, g_strfreev);
  type->builtin = sqlite3_column_int (stmt, 4) != 0;
  return type;
}

static GPtrArray *
sqlite_need_types_list (SlDb    *db,
                        GError **error)
{
  return sl_sqlite_list_by_id (db, "SELECT id, code, label, adjustments, builtin FROM need_type"
                                   " ORDER BY label COLLATE NOCASE, id",
                               0, (SlSqliteFromRowFunc)need_type_from_row,
                               (GDestroyNotify)sl_need_type_free, error);
}

static gboolean
sqlite_need_type_put (SlDb        *db,
                      SlNeedType  *type,
                      gboolean     remove,
                      GError     **error)
{
  g_autofree char *adjustments = NULL;
  sqlite3_stmt *stmt;

  if (remove)
    stmt = sl_sqlite_prepare (db, "DELETE FROM need_type WHERE id = ?4", error);
  else if (type->id == 0)
    stmt = sl_sqlite_prepare (db, "INSERT INTO need_type (label, adjustments, code, builtin)"
                                  " VALUES (?1, ?2, ?3, ?5)", error);
  else
    stmt = sl_sqlite_prepare (db, "UPDATE need_type SET label = ?1, adjustments = ?2"
                                  " WHERE id = ?4", error);
  if (stmt == NULL)
    return FALSE;
  adjustments = type->adjustments != NULL ? g_strjoinv ("\n", type->adjustments) : g_strdup ("");
  /* Binding a number the statement does not use is refused, harmlessly. */
  sqlite3_bind_text (stmt, 1, type->label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, adjustments, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, type->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, type->id);
  sqlite3_bind_int (stmt, 5, type->builtin ? 1 : 0);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  if (type->id == 0 && !remove)
    type->id = sqlite3_last_insert_rowid (sl_sqlite_get_handle (db));
  return TRUE;
}

/* ---- Needs ----------------------------------------------------------- */

#define NEED_COLUMNS \
  "n.id, n.entrant_id, n.type_id, n.status, n.detail IS NOT NULL, n.adjustments IS NOT NULL," \
  " n.decline_reason, n.decided_by, n.decided_at, n.created_by, n.created_at, t.code, t.label," \
  " e.bib, e.first_name, e.last_name, r.name, w.start_area," \
  " (SELECT group_concat(marker, ' ') FROM entrant_marker m WHERE m.entrant_id = n.entrant_id)"
#define NEED_JOINS \
  "need n JOIN need_type t ON t.id = n.type_id JOIN entrant e ON e.id = n.entrant_id" \
  " LEFT JOIN race r ON r.id = e.race_id LEFT JOIN wave w ON w.id = e.wave_id"

static SlNeed *
need_from_row (sqlite3_stmt *stmt)
{
  SlNeed *need = g_new0 (SlNeed, 1);
  SlNeedStatus status = SL_NEED_REQUESTED;

  need->id = sqlite3_column_int64 (stmt, 0);
  need->entrant_id = sqlite3_column_int64 (stmt, 1);
  need->type_id = sqlite3_column_int64 (stmt, 2);
  sl_need_status_from_id ((const char *)sqlite3_column_text (stmt, 3), &status);
  need->status = status;
  need->has_detail = sqlite3_column_int (stmt, 4) != 0;
  need->has_adjustments = sqlite3_column_int (stmt, 5) != 0;
  need->decline_reason = sl_sqlite_column_dup (stmt, 6);
  need->decided_by = sl_sqlite_column_dup (stmt, 7);
  need->decided_at = sl_sqlite_column_dup (stmt, 8);
  need->created_by = sl_sqlite_column_dup (stmt, 9);
  need->created_at = sl_sqlite_column_dup (stmt, 10);
  need->type_code = sl_sqlite_column_dup (stmt, 11);
  need->type_label = sl_sqlite_column_dup (stmt, 12);
  need->bib = sl_sqlite_column_dup (stmt, 13);
  need->first_name = sl_sqlite_column_dup (stmt, 14);
  need->last_name = sl_sqlite_column_dup (stmt, 15);
  need->race_name = sl_sqlite_column_dup (stmt, 16);
  need->start_area = sl_sqlite_column_dup (stmt, 17);
  /* The entrant's markers, read with each need in one statement: "deaf
   * wheelchair" (the page showed 200 rows with a read of each entrant's
   * markers).
   */
  need->markers = sl_markers_from_ids ((const char *)sqlite3_column_text (stmt, 18), " ");
  return need;
}

static gboolean
sqlite_need_put (SlDb     *db,
                 SlNeed   *need,
                 GError  **error)
{
  sqlite3_stmt *stmt;

  if (need->id == 0)
    stmt = sl_sqlite_prepare (db, "INSERT INTO need (status, detail, adjustments, decline_reason,"
                                  " decided_by, decided_at, entrant_id, type_id, created_by,"
                                  " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                              error);
  else
    stmt = sl_sqlite_prepare (db, "UPDATE need SET status = ?1, detail = ?2, adjustments = ?3,"
                                  " decline_reason = ?4, decided_by = ?5, decided_at = ?6"
                                  " WHERE id = ?11", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sl_need_status_to_id (need->status), -1, SQLITE_STATIC);
  bind_bytes (stmt, 2, need->detail_sealed);
  bind_bytes (stmt, 3, need->adjustments_sealed);
  sl_sqlite_bind_text (stmt, 4, need->decline_reason);
  sl_sqlite_bind_text (stmt, 5, need->decided_by);
  sl_sqlite_bind_text (stmt, 6, need->decided_at);
  if (need->id == 0)
    {
      sqlite3_bind_int64 (stmt, 7, need->entrant_id);
      sqlite3_bind_int64 (stmt, 8, need->type_id);
      sqlite3_bind_text (stmt, 9, need->created_by, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 10, need->created_at, -1, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_int64 (stmt, 11, need->id);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  if (need->id == 0)
    need->id = sqlite3_last_insert_rowid (sl_sqlite_get_handle (db));
  return TRUE;
}

static SlNeed *
sqlite_need_get (SlDb      *db,
                 gint64     id,
                 gboolean   sealed,
                 GError   **error)
{
  SlNeed *need = NULL;
  sqlite3_stmt *stmt;
  int rc;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT " NEED_COLUMNS ", n.detail, n.adjustments FROM "
                                NEED_JOINS " WHERE n.id = ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          need = need_from_row (stmt);
          if (sealed)
            {
              need->detail_sealed = column_dup_bytes (stmt, 19);
              need->adjustments_sealed = column_dup_bytes (stmt, 20);
            }
        }
      else if (rc != SQLITE_DONE)
        sl_sqlite_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return need;
}

/* The statement for the filters that are set: only their conditions,
 * so that SQLite can start from the index that fits (a type, a status, a
 * marker, an entrant) rather than read every need. The parameters keep
 * their numbers whichever are present; at most one statement per
 * combination is cached. A race or a search matches tens of thousands of
 * entrants and only a few of them have needs: the unary + keeps SQLite
 * from starting there (14 ms at 50,000 entrants) rather than from the
 * needs (5 ms). A race with fewer entrants than the event has needs (the
 * elite and wheelchair races) starts from its entrants (race_is_small):
 * from the needs, each of the 1,500 looked up its entrant to find none of
 * them in the race. A limit reads the first needs found, in no order.
 */
static char *
dup_needs_sql (const SlNeedFilter *filter,
               gboolean            match,
               gboolean            small_race)
{
  GString *sql = g_string_new ("SELECT " NEED_COLUMNS " FROM " NEED_JOINS " WHERE 1");

  if (filter->entrant_id > 0)
    g_string_append (sql, " AND n.entrant_id = ?1");
  if (filter->type_code != NULL && *filter->type_code != '\0')
    g_string_append (sql, " AND n.type_id = (SELECT id FROM need_type WHERE code = ?2)");
  if (filter->status >= 0 && filter->status < SL_N_NEED_STATUSES)
    g_string_append (sql, " AND n.status = ?3");
  if (filter->race_id > 0)
    g_string_append (sql, small_race ? " AND e.race_id = ?4" : " AND +e.race_id = ?4");
  if (filter->start_area != NULL && *filter->start_area != '\0')
    g_string_append (sql, " AND w.start_area = ?5");
  if (filter->marker >= 0 && filter->marker < SL_N_MARKERS)
    g_string_append (sql, " AND n.entrant_id IN (SELECT entrant_id FROM entrant_marker"
                          " WHERE marker = ?6)");
  if (match)
    g_string_append (sql, " AND +n.entrant_id IN (SELECT rowid FROM entrant_fts"
                          " WHERE entrant_fts MATCH ?7)");
  if (filter->outstanding)
    g_string_append (sql, " AND n.status IN ('requested', 'info-needed')");
  if (filter->limit > 0)
    g_string_append (sql, " LIMIT ?8");
  else if (filter->outstanding)
    g_string_append (sql, " ORDER BY n.created_at, n.id");
  else
    g_string_append (sql, " ORDER BY e.sort_name, n.id");
  return g_string_free (sql, FALSE);
}

/* Whether the race has fewer entrants than the event has needs (counting
 * no further than that, on the race's index). Called locked.
 */
static gboolean
race_is_small (SlDb   *db,
               gint64  race_id)
{
  sqlite3_stmt *stmt;
  gboolean small = FALSE;

  stmt = sl_sqlite_prepare (db, "SELECT count(*) < (SELECT count(*) FROM need) FROM"
                                " (SELECT 1 FROM entrant WHERE race_id = ?"
                                " LIMIT (SELECT count(*) FROM need))", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, race_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    small = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return small;
}

static GPtrArray *
sqlite_needs_list (SlDb                *db,
                   const SlNeedFilter  *filter,
                   const char * const  *words,
                   GError             **error)
{
  g_autofree char *match = words != NULL ? sl_sqlite_search_dup_match (words) : NULL;
  g_autofree char *sql = NULL;
  GPtrArray *needs = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  sql = dup_needs_sql (filter, match != NULL,
                       filter->race_id > 0 && race_is_small (db, filter->race_id));
  stmt = sl_sqlite_prepare (db, sql, error);
  if (stmt != NULL)
    {
      /* Binding a number the statement does not use is refused, harmlessly. */
      sqlite3_bind_int64 (stmt, 1, filter->entrant_id);
      sl_sqlite_bind_text (stmt, 2, filter->type_code);
      if (filter->status >= 0 && filter->status < SL_N_NEED_STATUSES)
        sqlite3_bind_text (stmt, 3, sl_need_status_to_id (filter->status), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, filter->race_id);
      sl_sqlite_bind_text (stmt, 5, filter->start_area);
      if (filter->marker >= 0 && filter->marker < SL_N_MARKERS)
        sqlite3_bind_text (stmt, 6, sl_marker_to_id (filter->marker), -1, SQLITE_STATIC);
      sl_sqlite_bind_text (stmt, 7, match);
      sqlite3_bind_int64 (stmt, 8, filter->limit);
      needs = sl_sqlite_collect (db, stmt, (SlSqliteFromRowFunc)need_from_row,
                                 (GDestroyNotify)sl_need_free, error);
    }
  sl_db_unlock (db);
  return needs;
}

static SlNeedCount *
need_count_from_row (sqlite3_stmt *stmt)
{
  SlNeedCount *count = g_new0 (SlNeedCount, 1);
  SlNeedStatus status = SL_NEED_REQUESTED;

  count->type_code = sl_sqlite_column_dup (stmt, 0);
  count->type_label = sl_sqlite_column_dup (stmt, 1);
  count->start_area = sl_sqlite_column_dup (stmt, 2);
  sl_need_status_from_id ((const char *)sqlite3_column_text (stmt, 3), &status);
  count->status = status;
  count->count = (guint)sqlite3_column_int64 (stmt, 4);
  return count;
}

static GPtrArray *
sqlite_needs_count (SlDb    *db,
                    GError **error)
{
  return sl_sqlite_list_by_id (db, "SELECT t.code, t.label, w.start_area, n.status, count(*)"
                                   " FROM need n JOIN need_type t ON t.id = n.type_id"
                                   " JOIN entrant e ON e.id = n.entrant_id"
                                   " LEFT JOIN wave w ON w.id = e.wave_id"
                                   " GROUP BY n.type_id, w.start_area, n.status",
                               0, (SlSqliteFromRowFunc)need_count_from_row,
                               (GDestroyNotify)sl_need_count_free, error);
}

/* ---- Consents -------------------------------------------------------- */

static SlNeedConsent *
consent_from_row (sqlite3_stmt *stmt)
{
  SlNeedConsent *consent = g_new0 (SlNeedConsent, 1);
  SlConsentRecipient recipient = SL_CONSENT_MEDICAL;

  sl_consent_recipient_from_id ((const char *)sqlite3_column_text (stmt, 0), &recipient);
  consent->recipient = recipient;
  consent->given = sqlite3_column_int (stmt, 1) != 0;
  consent->at = sl_sqlite_column_dup (stmt, 2);
  consent->wording_version = sl_sqlite_column_dup (stmt, 3);
  consent->recorded_by = sl_sqlite_column_dup (stmt, 4);
  consent->need_id = sqlite3_column_int64 (stmt, 5);
  return consent;
}

static GPtrArray *
sqlite_consents_list (SlDb    *db,
                      gint64   need_id,
                      GError **error)
{
  return sl_sqlite_list_by_id (db, "SELECT recipient, given, at, wording_version, recorded_by,"
                                   " need_id FROM need_consent WHERE need_id = ?"
                                   " ORDER BY CASE recipient WHEN 'medical' THEN 0"
                                   " WHEN 'facility' THEN 1 ELSE 2 END",
                               need_id, (SlSqliteFromRowFunc)consent_from_row,
                               (GDestroyNotify)sl_need_consent_free, error);
}

static gboolean
sqlite_consent_put (SlDb                 *db,
                    const SlNeedConsent  *consent,
                    GError              **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, "INSERT OR REPLACE INTO need_consent (need_id, recipient, given,"
                                " at, wording_version, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, consent->need_id);
  sqlite3_bind_text (stmt, 2, sl_consent_recipient_to_id (consent->recipient), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, consent->given ? 1 : 0);
  sqlite3_bind_text (stmt, 4, consent->at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, consent->wording_version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, consent->recorded_by, -1, SQLITE_TRANSIENT);
  return sl_sqlite_step_done (db, stmt, error);
}

/* ---- Links ----------------------------------------------------------- */

#define LINK_COLUMNS \
  "l.id, l.entrant_id, l.kind, l.linked_entrant_id, l.companion_name, l.companion_phone," \
  " l.companion_pass"

static SlEntrantLink *
link_from_row (sqlite3_stmt *stmt)
{
  SlEntrantLink *link = g_new0 (SlEntrantLink, 1);
  SlLinkKind kind = SL_LINK_ASSISTANT;

  link->id = sqlite3_column_int64 (stmt, 0);
  link->entrant_id = sqlite3_column_int64 (stmt, 1);
  sl_link_kind_from_id ((const char *)sqlite3_column_text (stmt, 2), &kind);
  link->kind = kind;
  link->linked_entrant_id = sqlite3_column_int64 (stmt, 3);
  link->companion_name = sl_sqlite_column_dup (stmt, 4);
  link->companion_phone = sl_sqlite_column_dup (stmt, 5);
  link->companion_pass = sl_sqlite_column_dup (stmt, 6);
  return link;
}

/* A link with the other person's bib, name and check-in (columns 7 to 9). */
static SlEntrantLink *
link_with_other_from_row (sqlite3_stmt *stmt)
{
  SlEntrantLink *link = link_from_row (stmt);

  link->other_bib = sl_sqlite_column_dup (stmt, 7);
  link->other_name = sl_sqlite_column_dup (stmt, 8);
  link->other_checked_in = sqlite3_column_int (stmt, 9) != 0;
  return link;
}

static GPtrArray *
sqlite_links_list (SlDb    *db,
                   gint64   entrant_id,
                   GError **error)
{
  /* The other person: the linked entrant for those who support this one
   * (side 0), the supported entrant for those this one supports (side 1).
   */
  return sl_sqlite_list_by_id (db, "SELECT " LINK_COLUMNS ", o.bib,"
                                   " o.first_name || ' ' || o.last_name,"
                                   " o.status = 'checked-in', 0 AS side FROM entrant_link l"
                                   " LEFT JOIN entrant o ON o.id = l.linked_entrant_id"
                                   " WHERE l.entrant_id = ?1"
                                   " UNION ALL SELECT " LINK_COLUMNS ", o.bib,"
                                   " o.first_name || ' ' || o.last_name, o.status = 'checked-in', 1"
                                   " FROM entrant_link l JOIN entrant o ON o.id = l.entrant_id"
                                   " WHERE l.linked_entrant_id = ?1 ORDER BY side, 1",
                               entrant_id, (SlSqliteFromRowFunc)link_with_other_from_row,
                               (GDestroyNotify)sl_entrant_link_free, error);
}

static SlEntrantLink *
sqlite_link_get (SlDb    *db,
                 gint64   id,
                 GError **error)
{
  return sl_sqlite_get_by_id (db, "SELECT " LINK_COLUMNS " FROM entrant_link l WHERE l.id = ?",
                              id, (SlSqliteFromRowFunc)link_from_row, error);
}

static gboolean
sqlite_link_put (SlDb           *db,
                 SlEntrantLink  *link,
                 gboolean        remove,
                 GError        **error)
{
  sqlite3_stmt *stmt;

  if (remove)
    {
      stmt = sl_sqlite_prepare (db, "DELETE FROM entrant_link WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, link->id);
      return sl_sqlite_step_done (db, stmt, error);
    }
  stmt = sl_sqlite_prepare (db, "INSERT INTO entrant_link (entrant_id, kind, linked_entrant_id,"
                                " companion_name, companion_phone, companion_pass)"
                                " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, link->entrant_id);
  sqlite3_bind_text (stmt, 2, sl_link_kind_to_id (link->kind), -1, SQLITE_STATIC);
  if (link->linked_entrant_id > 0)
    sqlite3_bind_int64 (stmt, 3, link->linked_entrant_id);
  sl_sqlite_bind_text (stmt, 4, link->companion_name);
  sl_sqlite_bind_text (stmt, 5, link->companion_phone);
  sl_sqlite_bind_text (stmt, 6, link->companion_pass);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  link->id = sqlite3_last_insert_rowid (sl_sqlite_get_handle (db));
  return TRUE;
}

static void
append_id (sqlite3_stmt *stmt,
           gpointer      user_data)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);

  g_array_append_val ((GArray *)user_data, id);
}

static GArray *
sqlite_cascade_list (SlDb    *db,
                     gint64   entrant_id,
                     GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!sl_sqlite_each_by_id (db, "SELECT DISTINCT o.id FROM entrant_link l"
                                 " JOIN entrant o ON o.id = l.linked_entrant_id"
                                 " WHERE l.entrant_id = ? AND (l.kind = 'guide'"
                                 " OR l.kind = 'support-runner') AND o.status <> 'withdrawn'"
                                 " ORDER BY o.id",
                             entrant_id, append_id, ids, error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* ---- Markers --------------------------------------------------------- */

static void
add_marker (sqlite3_stmt *stmt,
            gpointer      user_data)
{
  guint *markers = user_data;
  SlMarker marker;

  if (sl_marker_from_id ((const char *)sqlite3_column_text (stmt, 0), &marker))
    *markers |= 1u << marker;
}

static gboolean
sqlite_markers_get (SlDb     *db,
                    gint64    entrant_id,
                    guint    *markers,
                    GError  **error)
{
  *markers = 0;
  return sl_sqlite_each_by_id (db, "SELECT marker FROM entrant_marker WHERE entrant_id = ?",
                               entrant_id, add_marker, markers, error);
}

static gboolean
sqlite_marker_put (SlDb      *db,
                   gint64     entrant_id,
                   SlMarker   marker,
                   gboolean   on,
                   gboolean  *changed,
                   GError   **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, on ? "INSERT OR IGNORE INTO entrant_marker (entrant_id, marker)"
                                     " VALUES (?, ?)"
                                   : "DELETE FROM entrant_marker WHERE entrant_id = ?"
                                     " AND marker = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entrant_id);
  sqlite3_bind_text (stmt, 2, sl_marker_to_id (marker), -1, SQLITE_STATIC);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (sl_sqlite_get_handle (db)) > 0;
  return TRUE;
}

void
sl_sqlite_needs_install (SlDbClass *store_class)
{
  store_class->need_types_list = sqlite_need_types_list;
  store_class->need_type_put = sqlite_need_type_put;
  store_class->need_put = sqlite_need_put;
  store_class->need_get = sqlite_need_get;
  store_class->needs_list = sqlite_needs_list;
  store_class->needs_count = sqlite_needs_count;
  store_class->consents_list = sqlite_consents_list;
  store_class->consent_put = sqlite_consent_put;
  store_class->links_list = sqlite_links_list;
  store_class->link_get = sqlite_link_get;
  store_class->link_put = sqlite_link_put;
  store_class->cascade_list = sqlite_cascade_list;
  store_class->markers_get = sqlite_markers_get;
  store_class->marker_put = sqlite_marker_put;
}
