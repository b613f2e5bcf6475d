/* sl-sqlite-entrants.c — entrants in the SQLite store
 *
 * The one writer of the entrant table and its search index (entrant_fts);
 * every entrant read as an SlEntrant goes through
 * sl_sqlite_entrant_from_row. The rules (validation, who may hold a bib)
 * and the audit images are the entrants service's (sl-entrants.c): this
 * file reads and writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-entrant-private.h"
#include "sl-sqlite-private.h"

SlEntrant *
sl_sqlite_entrant_from_row (sqlite3_stmt *stmt)
{
  SlEntrant *self = sl_entrant_new ();
  const char *text;

  self->id = sqlite3_column_int64 (stmt, 0);
  self->bib = sl_sqlite_column_dup (stmt, 1);
  self->booking_ref = sl_sqlite_column_dup (stmt, 2);
  self->first_name = sl_sqlite_column_dup (stmt, 3);
  self->last_name = sl_sqlite_column_dup (stmt, 4);
  self->date_of_birth = sl_sqlite_column_dup (stmt, 5);
  self->age = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 6);
  text = (const char *)sqlite3_column_text (stmt, 7);
  if (text == NULL || !sl_gender_from_id (text, &self->gender))
    self->gender = SL_GENDER_UNKNOWN;
  self->nationality = sl_sqlite_column_dup (stmt, 8);
  self->club = sl_sqlite_column_dup (stmt, 9);
  self->email = sl_sqlite_column_dup (stmt, 10);
  self->phone = sl_sqlite_column_dup (stmt, 11);
  self->emergency_contact = sl_sqlite_column_dup (stmt, 12);
  text = (const char *)sqlite3_column_text (stmt, 13);
  if (text == NULL || !sl_entry_type_from_id (text, &self->entry_type))
    self->entry_type = SL_ENTRY_BALLOT;
  self->race_id = sqlite3_column_int64 (stmt, 14);
  self->wave_id = sqlite3_column_int64 (stmt, 15);
  text = (const char *)sqlite3_column_text (stmt, 16);
  if (text == NULL || !sl_status_from_id (text, &self->status))
    self->status = SL_STATUS_REGISTERED;
  self->costume = sl_sqlite_column_dup (stmt, 17);
  self->vip = sqlite3_column_int (stmt, 18) != 0;
  self->notes = sl_sqlite_column_dup (stmt, 19);
  self->checked_in_at = sl_sqlite_column_dup (stmt, 20);
  self->checked_in_desk = sl_sqlite_column_dup (stmt, 21);
  self->race_name = sl_sqlite_column_dup (stmt, 22);
  self->wave_name = sl_sqlite_column_dup (stmt, 23);
  self->start_area = sl_sqlite_column_dup (stmt, 24);
  self->start_time = sl_sqlite_column_dup (stmt, 25);
  self->charity_name = sl_sqlite_column_dup (stmt, 26);
  return self;
}

/* Steps a bound query of SL_ENTRANT_COLUMNS: its first row, or NULL
 * without an error when it has none. Takes the statement back.
 */
static SlEntrant *
step_entrant (SlDb          *db,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  return sl_sqlite_step_one (db, stmt, (SlSqliteFromRowFunc)sl_sqlite_entrant_from_row, error);
}

static SlEntrant *
sqlite_dup_entrant (SlDb    *db,
                    gint64   id,
                    GError **error)
{
  sqlite3_stmt *stmt;
  SlEntrant *entrant = NULL;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT " SL_ENTRANT_COLUMNS " FROM " SL_ENTRANT_JOINS
                                " WHERE e.id = ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      entrant = step_entrant (db, stmt, error);
    }
  sl_db_unlock (db);
  return entrant;
}

static SlEntrant *
sqlite_dup_entrant_by_code (SlDb        *db,
                            const char  *code,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  SlEntrant *entrant = NULL;

  sl_db_lock (db);
  /* A bib wins over a booking reference that happens to look the same. */
  stmt = sl_sqlite_prepare (db, "SELECT " SL_ENTRANT_COLUMNS " FROM " SL_ENTRANT_JOINS
                                " WHERE e.bib = ?1 OR e.booking_ref = ?1"
                                " ORDER BY e.bib = ?1 DESC LIMIT 1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
      entrant = step_entrant (db, stmt, error);
    }
  sl_db_unlock (db);
  return entrant;
}

static SlEntrant *
sqlite_dup_code_holder (SlDb             *db,
                        const SlEntrant  *entrant,
                        GError          **error)
{
  sqlite3_stmt *stmt;
  SlEntrant *holder = NULL;
  int rc;

  sl_db_lock (db);
  /* The booking reference's column compares without regard to case. */
  stmt = sl_sqlite_prepare (db, "SELECT bib, booking_ref, first_name, last_name FROM entrant"
                                " WHERE (bib = ?1 OR booking_ref = ?2) AND id != ?3 LIMIT 1",
                            error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, entrant->bib, -1, SQLITE_TRANSIENT);
      sl_sqlite_bind_text (stmt, 2, entrant->booking_ref);
      sqlite3_bind_int64 (stmt, 3, entrant->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          holder = sl_entrant_new ();
          holder->bib = sl_sqlite_column_dup (stmt, 0);
          holder->booking_ref = sl_sqlite_column_dup (stmt, 1);
          holder->first_name = sl_sqlite_column_dup (stmt, 2);
          holder->last_name = sl_sqlite_column_dup (stmt, 3);
        }
      else if (rc != SQLITE_DONE)
        sl_sqlite_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return holder;
}

static gboolean
sqlite_get_wave_race (SlDb    *db,
                      gint64   wave_id,
                      gint64  *race_id,
                      GError **error)
{
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  *race_id = 0;
  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT race_id FROM wave WHERE id = ?", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, wave_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *race_id = sqlite3_column_int64 (stmt, 0);
      else if (rc != SQLITE_DONE)
        sl_sqlite_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static void
bind_optional (sqlite3_stmt            *stmt,
               int                      index,
               const char              *str,
               sqlite3_destructor_type  how)
{
  if (str == NULL || *str == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, str, -1, how);
}

/* The parameters of INSERT_ENTRANT_SQL and the UPDATE statements: ?1 to
 * ?18 the stored fields, ?19 the search key, ?20 now, ?22 (with_sort_name)
 * the sort name; ?21 is the status or the id, bound by the caller.
 *
 * how is SQLITE_TRANSIENT, or SQLITE_STATIC when the caller steps the
 * statement before the entrant, key or now change and binds them all
 * again before the next step (the bulk insert: it saves a copy of every
 * value of every row).
 */
static void
bind_fields (sqlite3_stmt            *stmt,
             const SlEntrant         *e,
             const char              *search_key,
             const char              *now,
             sqlite3_destructor_type  how,
             gboolean                 with_sort_name)
{
  sqlite3_bind_text (stmt, 1, e->bib, -1, how);
  bind_optional (stmt, 2, e->booking_ref, how);
  sqlite3_bind_text (stmt, 3, e->first_name, -1, how);
  sqlite3_bind_text (stmt, 4, e->last_name, -1, how);
  bind_optional (stmt, 5, e->date_of_birth, how);
  if (e->age >= 0)
    sqlite3_bind_int (stmt, 6, e->age);
  else
    sqlite3_bind_null (stmt, 6);
  bind_optional (stmt, 7, sl_gender_to_id (e->gender), SQLITE_STATIC);
  bind_optional (stmt, 8, e->nationality, how);
  bind_optional (stmt, 9, e->club, how);
  bind_optional (stmt, 10, e->email, how);
  bind_optional (stmt, 11, e->phone, how);
  bind_optional (stmt, 12, e->emergency_contact, how);
  sqlite3_bind_text (stmt, 13, sl_entry_type_to_id (e->entry_type), -1, SQLITE_STATIC);
  if (e->race_id > 0)
    sqlite3_bind_int64 (stmt, 14, e->race_id);
  else
    sqlite3_bind_null (stmt, 14);
  if (e->wave_id > 0)
    sqlite3_bind_int64 (stmt, 15, e->wave_id);
  else
    sqlite3_bind_null (stmt, 15);
  bind_optional (stmt, 16, e->costume, how);
  sqlite3_bind_int (stmt, 17, e->vip ? 1 : 0);
  bind_optional (stmt, 18, e->notes, how);
  sqlite3_bind_text (stmt, 19, search_key, -1, how);
  sqlite3_bind_text (stmt, 20, now, -1, how);
  if (with_sort_name)
    sqlite3_bind_text (stmt, 22, sl_entrant_dup_sort_name (e), -1, g_free);
}

#define INSERT_ENTRANT_SQL \
  "INSERT INTO entrant (bib, booking_ref, first_name, last_name," \
  " date_of_birth, age, gender, nationality, club, email, phone," \
  " emergency_contact, entry_type, race_id, wave_id, costume, vip, notes," \
  " search_key, created_at, updated_at, status, sort_name)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14," \
  " ?15, ?16, ?17, ?18, ?19, ?20, ?20, ?21, ?22)"

/* The one insert of an entrant row, single or bulk: stmt is prepared from
 * INSERT_ENTRANT_SQL. Sets entrant->id.
 */
static gboolean
insert_row (SlDb                     *db,
            sqlite3_stmt             *stmt,
            SlEntrant                *entrant,
            const char               *search_key,
            const char               *now,
            sqlite3_destructor_type   how,
            GError                  **error)
{
  bind_fields (stmt, entrant, search_key, now, how, TRUE);
  sqlite3_bind_text (stmt, 21, sl_status_to_id (entrant->status), -1, SQLITE_STATIC);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  entrant->id = sqlite3_last_insert_rowid (sl_sqlite_get_handle (db));
  return TRUE;
}

/* The search index is kept here rather than by triggers, so that a bulk
 * insert can index all its rows with one statement at the end. old_key is
 * the key as stored (NULL for a new row): an external-content FTS5 table
 * must be told exactly what it indexed before.
 */
static gboolean
index_key (SlDb        *db,
           gint64       id,
           const char  *old_key,
           const char  *new_key,
           GError     **error)
{
  sqlite3_stmt *stmt;

  if (g_strcmp0 (old_key, new_key) == 0)
    return TRUE;
  sl_db_bump_names_generation (db);
  if (old_key != NULL)
    {
      stmt = sl_sqlite_prepare (db, "INSERT INTO entrant_fts (entrant_fts, rowid, search_key)"
                                    " VALUES ('delete', ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, old_key, -1, SQLITE_STATIC);
      if (!sl_sqlite_step_done (db, stmt, error))
        return FALSE;
    }
  stmt = sl_sqlite_prepare (db, "INSERT INTO entrant_fts (rowid, search_key) VALUES (?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, new_key, -1, SQLITE_STATIC);
  return sl_sqlite_step_done (db, stmt, error);
}

static char *
dup_stored_key (SlDb    *db,
                gint64   id,
                GError **error)
{
  sqlite3_stmt *stmt;
  char *key = NULL;
  int rc;

  stmt = sl_sqlite_prepare (db, "SELECT search_key FROM entrant WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    key = sl_sqlite_column_dup (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOT_FOUND,
                 _("No entrant with id %lld"), (long long)id);
  else
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  return key;
}

static gboolean
sqlite_insert_entrant (SlDb       *db,
                       SlEntrant  *entrant,
                       GError    **error)
{
  g_autofree char *key = sl_entrant_dup_search_key (entrant);
  g_autofree char *now = sl_db_now_utc ();
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, INSERT_ENTRANT_SQL, error);
  return stmt != NULL
         && insert_row (db, stmt, entrant, key, now, SQLITE_TRANSIENT, error)
         && index_key (db, entrant->id, NULL, key, error);
}

/* The columns an update may set, and so may change: all of them, or (when
 * bib, reference, names, race and wave are as stored) only those no entrant
 * index covers, so that SQLite leaves the six indexes alone. Both take the
 * parameters of bind_fields; the second has no ?22 (the sort name).
 */
#define UPDATE_ENTRANT_SQL \
  "UPDATE entrant SET bib = ?1, booking_ref = ?2, first_name = ?3," \
  " last_name = ?4, date_of_birth = ?5, age = ?6, gender = ?7," \
  " nationality = ?8, club = ?9, email = ?10, phone = ?11," \
  " emergency_contact = ?12, entry_type = ?13, race_id = ?14," \
  " wave_id = ?15, costume = ?16, vip = ?17, notes = ?18, search_key = ?19," \
  " updated_at = ?20, sort_name = ?22 WHERE id = ?21"
#define UPDATE_ENTRANT_UNINDEXED_SQL \
  "UPDATE entrant SET date_of_birth = ?5, age = ?6, gender = ?7," \
  " nationality = ?8, club = ?9, email = ?10, phone = ?11," \
  " emergency_contact = ?12, entry_type = ?13, costume = ?16, vip = ?17," \
  " notes = ?18, search_key = ?19, updated_at = ?20 WHERE id = ?21"

static gboolean
indexed_unchanged (const SlEntrant *before,
                   const SlEntrant *after)
{
  return g_strcmp0 (before->bib, after->bib) == 0
         && g_strcmp0 (before->booking_ref, after->booking_ref) == 0
         && g_strcmp0 (before->first_name, after->first_name) == 0
         && g_strcmp0 (before->last_name, after->last_name) == 0
         && before->race_id == after->race_id
         && before->wave_id == after->wave_id;
}

static gboolean
sqlite_update_entrant (SlDb             *db,
                       const SlEntrant  *before,
                       const SlEntrant  *entrant,
                       GError          **error)
{
  g_autofree char *key = sl_entrant_dup_search_key (entrant);
  g_autofree char *now = sl_db_now_utc ();
  g_autofree char *old_key = NULL;
  gboolean unindexed = indexed_unchanged (before, entrant);
  sqlite3_stmt *stmt;

  if (!(old_key = dup_stored_key (db, entrant->id, error)))
    return FALSE;
  stmt = sl_sqlite_prepare (db, unindexed ? UPDATE_ENTRANT_UNINDEXED_SQL : UPDATE_ENTRANT_SQL,
                            error);
  if (stmt == NULL)
    return FALSE;
  bind_fields (stmt, entrant, key, now, SQLITE_TRANSIENT, !unindexed);
  sqlite3_bind_int64 (stmt, 21, entrant->id);
  return sl_sqlite_step_done (db, stmt, error)
         && index_key (db, entrant->id, old_key, key, error);
}

static gboolean
sqlite_set_entrant_status (SlDb      *db,
                           gint64     id,
                           SlStatus   status,
                           GError   **error)
{
  g_autofree char *now = sl_db_now_utc ();
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, "UPDATE entrant SET status = ?, updated_at = ? WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sl_status_to_id (status), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, id);
  return sl_sqlite_step_done (db, stmt, error);
}

gboolean
sl_sqlite_entrant_change_status (SlDb        *db,
                                 gint64       id,
                                 SlStatus     from,
                                 SlStatus     to,
                                 const char  *desk,
                                 const char  *only_at_desk,
                                 const char  *now,
                                 gboolean    *changed,
                                 GError     **error)
{
  sqlite3_stmt *stmt;

  *changed = FALSE;
  /* The condition on the status is what makes a check-in happen once;
   * the one on the desk keeps an undo to the desk that may make it.
   */
  stmt = sl_sqlite_prepare (db, "UPDATE entrant SET status = ?1, checked_in_at = ?2,"
                                " checked_in_desk = ?3, updated_at = ?4"
                                " WHERE id = ?5 AND status = ?6"
                                " AND (?7 IS NULL OR checked_in_desk = ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sl_status_to_id (to), -1, SQLITE_STATIC);
  if (to == SL_STATUS_CHECKED_IN)
    {
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, desk, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, id);
  sqlite3_bind_text (stmt, 6, sl_status_to_id (from), -1, SQLITE_STATIC);
  if (only_at_desk != NULL)
    sqlite3_bind_text (stmt, 7, only_at_desk, -1, SQLITE_TRANSIENT);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (sl_sqlite_get_handle (db)) > 0;
  return TRUE;
}

static gint64
sqlite_count_entrants (SlDb    *db,
                       GError **error)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT count(*) FROM entrant", error);
  if (stmt != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      else
        sl_sqlite_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return n;
}

/* ---- Bulk insert ------------------------------------------------------ */

struct _SlStoreEntrantBulk
{
  sqlite3_stmt *insert;
  GPtrArray    *deferred_indexes; /* CREATE INDEX statements for finish */
  char         *now;
  gint64        last_old_id;
  GString      *key;
};

static void
sqlite_entrant_bulk_free (SlDb               *db,
                          SlStoreEntrantBulk *self)
{
  if (self == NULL)
    return;
  sqlite3_finalize (self->insert);
  g_free (self->now);
  g_string_free (self->key, TRUE);
  g_ptr_array_unref (self->deferred_indexes);
  g_free (self);
}

/* Into an empty table, a bulk insert is faster without the entrant
 * indexes, built again by sorting at the end: keeping six b-trees in step
 * row by row cost more than the rows themselves. They are read from the
 * schema itself, so they stay what the migrations made them. Meanwhile
 * the caller guarantees bibs and references are unique; if it did not,
 * the unique indexes' creation would fail the whole insert.
 */
static gboolean
defer_indexes (SlDb                *db,
               SlStoreEntrantBulk  *self,
               GError             **error)
{
  sqlite3 *handle = sl_sqlite_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (sqlite3_prepare_v2 (handle, "SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
                                  " AND tbl_name = 'entrant' AND sql IS NOT NULL", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, sl_sqlite_column_dup (stmt, 0));
      g_ptr_array_add (self->deferred_indexes, sl_sqlite_column_dup (stmt, 1));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }

  for (guint i = 0; i < names->len; i++)
    {
      char *sql = sqlite3_mprintf ("DROP INDEX \"%w\"", (const char *)names->pdata[i]);
      gboolean ok = sl_sqlite_exec (db, sql, error);

      sqlite3_free (sql);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* The bulk insert's own statement, not cached: it lives as long as the
 * insert does. Its rows have no audit entries of their own: the caller's
 * summary entry names them (SL_AUDIT_FIRST_ENTRANT in sl-audit.h).
 */
static gboolean
prepare_bulk_statements (SlDb                *db,
                         SlStoreEntrantBulk  *self,
                         GError             **error)
{
  sqlite3 *handle = sl_sqlite_get_handle (db);

  if (sqlite3_prepare_v3 (handle, INSERT_ENTRANT_SQL, -1, SQLITE_PREPARE_PERSISTENT,
                          &self->insert, NULL) != SQLITE_OK)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  return TRUE;
}

static SlStoreEntrantBulk *
sqlite_entrant_bulk_begin (SlDb        *db,
                           const char  *now,
                           gint64      *last_old_id,
                           GError     **error)
{
  SlStoreEntrantBulk *self = g_new0 (SlStoreEntrantBulk, 1);
  sqlite3 *handle = sl_sqlite_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_ERROR;

  self->now = g_strdup (now);
  self->key = g_string_sized_new (128);
  self->deferred_indexes = g_ptr_array_new_with_free_func (g_free);

  /* New rowids are above every existing one (there is no AUTOINCREMENT
   * gap to reuse within one write transaction), so "id > last_old_id" is
   * exactly the rows this bulk insert added.
   */
  if (sqlite3_prepare_v2 (handle, "SELECT coalesce(max(id), 0) FROM entrant", -1, &stmt, NULL)
      == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->last_old_id = sqlite3_column_int64 (stmt, 0);
  else
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW
      || (self->last_old_id == 0 && !defer_indexes (db, self, error))
      || !prepare_bulk_statements (db, self, error))
    {
      sqlite_entrant_bulk_free (db, self);
      return NULL;
    }
  *last_old_id = self->last_old_id;
  return self;
}

static gboolean
sqlite_entrant_bulk_insert (SlDb                *db,
                            SlStoreEntrantBulk  *self,
                            SlEntrant           *entrant,
                            GError             **error)
{
  g_string_truncate (self->key, 0);
  sl_entrant_append_search_key (entrant, self->key);
  return insert_row (db, self->insert, entrant, self->key->str, self->now, SQLITE_STATIC, error);
}

static gboolean
sqlite_entrant_bulk_finish (SlDb                *db,
                            SlStoreEntrantBulk  *self,
                            GError             **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < self->deferred_indexes->len; i++)
    if (!sl_sqlite_exec (db, self->deferred_indexes->pdata[i], error))
      return FALSE;
  g_ptr_array_set_size (self->deferred_indexes, 0);

  stmt = sl_sqlite_prepare (db, "INSERT INTO entrant_fts (rowid, search_key)"
                                " SELECT id, search_key FROM entrant WHERE id > ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->last_old_id);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  sl_db_bump_names_generation (db);
  return TRUE;
}

/* Retention's: every entrant's notes removed (not in the search key). */
static gboolean
sqlite_clear_notes (SlDb     *db,
                    guint    *n_cleared,
                    GError  **error)
{
  g_autofree char *now = sl_db_now_utc ();
  sqlite3_stmt *stmt = sl_sqlite_prepare (db, "UPDATE entrant SET notes = NULL, updated_at = ?1"
                                              " WHERE notes IS NOT NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  *n_cleared = (guint)sqlite3_changes (sl_sqlite_get_handle (db));
  return TRUE;
}

void
sl_sqlite_entrants_install (SlDbClass *store_class)
{
  store_class->dup_entrant = sqlite_dup_entrant;
  store_class->dup_entrant_by_code = sqlite_dup_entrant_by_code;
  store_class->dup_code_holder = sqlite_dup_code_holder;
  store_class->get_wave_race = sqlite_get_wave_race;
  store_class->insert_entrant = sqlite_insert_entrant;
  store_class->update_entrant = sqlite_update_entrant;
  store_class->clear_notes = sqlite_clear_notes;
  store_class->set_entrant_status = sqlite_set_entrant_status;
  store_class->count_entrants = sqlite_count_entrants;
  store_class->entrant_bulk_begin = sqlite_entrant_bulk_begin;
  store_class->entrant_bulk_insert = sqlite_entrant_bulk_insert;
  store_class->entrant_bulk_finish = sqlite_entrant_bulk_finish;
  store_class->entrant_bulk_free = sqlite_entrant_bulk_free;
}
