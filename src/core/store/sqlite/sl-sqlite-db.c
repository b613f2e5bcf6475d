/* sl-sqlite-db.c — the SQLite store: its connection, statements and
 * transactions, and the methods it gives the store interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-db-locks.h"
#include "sl-sqlite-private.h"

G_DEFINE_FINAL_TYPE (SlSqliteDb, sl_sqlite_db, SL_TYPE_DB)

static void
sl_sqlite_db_dispose (GObject *object)
{
  SlSqliteDb *self = (SlSqliteDb *)object;

  g_clear_object (&self->writer);

  G_OBJECT_CLASS (sl_sqlite_db_parent_class)->dispose (object);
}

static void
sl_sqlite_db_finalize (GObject *object)
{
  SlSqliteDb *self = (SlSqliteDb *)object;

  g_mutex_clear (&self->writer_mutex);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    {
      /* No checkpoint of our own: SQLite checkpoints as the WAL grows,
       * without waiting for anyone, and the last connection to close
       * folds the WAL back into the file. One forced here made every
       * command wait for the other desks' writes, up to the busy timeout.
       */
      sqlite3_close_v2 (self->handle);
      self->handle = NULL;
    }

  G_OBJECT_CLASS (sl_sqlite_db_parent_class)->finalize (object);
}

/* The statement cache is looked up on every prepare, with SQL texts of up
 * to a few hundred bytes, many of them sharing their start ("SELECT id,
 * bib, … FROM entrant"): hashing the length and both ends is as good a key
 * as the whole text and costs a fixed few dozen steps. Equal texts are
 * still compared in full.
 */
static guint
sql_hash (gconstpointer key)
{
  const char *sql = key;
  size_t len = strlen (sql);
  guint hash = (guint)len;
  size_t head = MIN (len, 32);
  size_t tail_start = len > 64 ? len - 32 : head;

  for (size_t i = 0; i < head; i++)
    hash = hash * 33 + (guchar)sql[i];
  for (size_t i = tail_start; i < len; i++)
    hash = hash * 33 + (guchar)sql[i];
  return hash;
}

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

static void
sl_sqlite_db_init (SlSqliteDb *self)
{
  g_mutex_init (&self->writer_mutex);
  self->statements = g_hash_table_new_full (sql_hash, g_str_equal, g_free, finalize_stmt);
}

sqlite3 *
sl_sqlite_get_handle (SlDb *db)
{
  return SL_SQLITE_DB (db)->handle;
}

gboolean
sl_sqlite_exec (SlDb        *db,
                const char  *sql,
                GError     **error)
{
  if (sqlite3_exec (sl_sqlite_get_handle (db), sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
sl_sqlite_prepare (SlDb        *db,
                   const char  *sql,
                   GError     **error)
{
  SlSqliteDb *self = SL_SQLITE_DB (db);
  sqlite3_stmt *stmt;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
      != SQLITE_OK)
    {
      sl_sqlite_set_error (db, error, NULL);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
sl_sqlite_step_done (SlDb          *db,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      sl_sqlite_set_error (db, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
sl_sqlite_query_int (SlDb        *db,
                     const char  *sql,
                     int         *out,
                     GError     **error)
{
  sqlite3 *handle = sl_sqlite_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int (stmt, 0);
  else if (rc == SQLITE_DONE)
    *out = 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  return TRUE;
}

void
sl_sqlite_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *str)
{
  if (str == NULL || *str == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, str, -1, SQLITE_TRANSIENT);
}

char *
sl_sqlite_column_dup (sqlite3_stmt *stmt,
                      int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *)text) : NULL;
}

void
sl_sqlite_read_row (sqlite3_stmt          *stmt,
                    const SlSqliteRowType *row_type,
                    gpointer               row)
{
  for (guint i = 0; i < row_type->n_columns; i++)
    {
      const SlSqliteColumn *column = &row_type->columns[i];

      if (column->text)
        G_STRUCT_MEMBER (char *, row, column->offset) = sl_sqlite_column_dup (stmt, (int)i);
      else
        G_STRUCT_MEMBER (gint64, row, column->offset) = sqlite3_column_int64 (stmt, (int)i);
    }
}

GPtrArray *
sl_sqlite_collect_rows (SlDb                   *db,
                        sqlite3_stmt           *stmt,
                        const SlSqliteRowType  *row_type,
                        GError                **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (row_type->free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer row = g_malloc0 (row_type->size);

      sl_sqlite_read_row (stmt, row_type, row);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE ? g_steal_pointer (&rows) : NULL;
}

gpointer
sl_sqlite_step_one (SlDb                 *db,
                    sqlite3_stmt         *stmt,
                    SlSqliteFromRowFunc   from_row,
                    GError              **error)
{
  gpointer row = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    row = from_row (stmt);
  else if (rc != SQLITE_DONE)
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  return row;
}

gboolean
sl_sqlite_each_row (SlDb             *db,
                    sqlite3_stmt     *stmt,
                    SlSqliteRowFunc   func,
                    gpointer          user_data,
                    GError          **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (stmt, user_data);
  if (rc != SQLITE_DONE)
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

typedef struct
{
  GPtrArray           *rows;
  SlSqliteFromRowFunc  from_row;
} Collect;

static void
collect_row (sqlite3_stmt *stmt,
             gpointer      user_data)
{
  Collect *collect = user_data;

  g_ptr_array_add (collect->rows, collect->from_row (stmt));
}

GPtrArray *
sl_sqlite_collect (SlDb                 *db,
                   sqlite3_stmt         *stmt,
                   SlSqliteFromRowFunc   from_row,
                   GDestroyNotify        free_func,
                   GError              **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  Collect collect = { rows, from_row };

  if (!sl_sqlite_each_row (db, stmt, collect_row, &collect, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* sql prepared, its parameter (if it has one) bound to id. */
static sqlite3_stmt *
prepare_by_id (SlDb        *db,
               const char  *sql,
               gint64       id,
               GError     **error)
{
  sqlite3_stmt *stmt = sl_sqlite_prepare (db, sql, error);

  if (stmt != NULL && sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  return stmt;
}

gboolean
sl_sqlite_each_by_id (SlDb             *db,
                      const char       *sql,
                      gint64            id,
                      SlSqliteRowFunc   func,
                      gpointer          user_data,
                      GError          **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  sl_db_lock (db);
  stmt = prepare_by_id (db, sql, id, error);
  ok = stmt != NULL && sl_sqlite_each_row (db, stmt, func, user_data, error);
  sl_db_unlock (db);
  return ok;
}

GPtrArray *
sl_sqlite_list_by_id (SlDb                 *db,
                      const char           *sql,
                      gint64                id,
                      SlSqliteFromRowFunc   from_row,
                      GDestroyNotify        free_func,
                      GError              **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  Collect collect = { rows, from_row };

  if (!sl_sqlite_each_by_id (db, sql, id, collect_row, &collect, error))
    return NULL;
  return g_steal_pointer (&rows);
}

gpointer
sl_sqlite_get_by_id (SlDb                 *db,
                     const char           *sql,
                     gint64                id,
                     SlSqliteFromRowFunc   from_row,
                     GError              **error)
{
  sqlite3_stmt *stmt;
  gpointer row;

  sl_db_lock (db);
  stmt = prepare_by_id (db, sql, id, error);
  row = stmt != NULL ? sl_sqlite_step_one (db, stmt, from_row, error) : NULL;
  sl_db_unlock (db);
  return row;
}

/* The backstop against another process deleting the WAL this connection
 * writes (see sl-db-locks.c): once that has happened nothing written here
 * reaches the file, so nothing more is written, and whoever asked is told.
 */
static gboolean
check_attached (SlSqliteDb  *self,
                GError     **error)
{
  const char *path = sl_db_get_path (SL_DB (self));
  g_autofree char *broken = NULL;
  g_autofree char *display = NULL;

  if (!self->detached && sl_db_locks_journal_intact (path, &broken))
    return TRUE;

  self->detached = TRUE;
  display = g_filename_display_name (path);
  g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_DETACHED,
               _("Not saved: another program removed the journal of “%s” while it was open "
                 "here, so changes made here no longer reach the file. Close the event, open "
                 "it again and check the last changes."),
               display);
  return FALSE;
}

static gboolean
sqlite_begin_write (SlDb    *db,
                    GError **error)
{
  SlSqliteDb *self = SL_SQLITE_DB (db);

  sl_db_lock (db);
  g_assert (!self->in_write);

  if (sl_db_is_read_only (db))
    {
      g_autofree char *display = g_filename_display_name (sl_db_get_path (db));

      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_READ_ONLY,
                   _("“%s” is open for reading only (the file or its folder cannot be "
                     "written): nothing can be changed"),
                   display);
      sl_db_unlock (db);
      return FALSE;
    }
  if (!check_attached (self, error) || !sl_sqlite_exec (db, "BEGIN IMMEDIATE", error))
    {
      sl_db_unlock (db);
      return FALSE;
    }
  self->in_write = TRUE;
  self->chain_known = FALSE;
  return TRUE;
}

static gboolean
sqlite_commit (SlDb    *db,
               GError **error)
{
  SlSqliteDb *self = SL_SQLITE_DB (db);
  gboolean ok;

  g_assert (self->in_write);

  ok = sl_sqlite_exec (db, "COMMIT", error);
  if (!ok && !sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  /* Committed, but into a WAL no other process reads: not a success. */
  if (ok)
    ok = check_attached (self, error);
  self->in_write = FALSE;
  self->chain_known = FALSE;
  sl_db_unlock (db);
  return ok;
}

static void
sqlite_rollback (SlDb *db)
{
  SlSqliteDb *self = SL_SQLITE_DB (db);

  g_assert (self->in_write);

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->in_write = FALSE;
  self->chain_known = FALSE;
  sl_db_unlock (db);
}

static gboolean
sqlite_data_version (SlDb     *db,
                     guint64  *version,
                     GError  **error)
{
  int value = 0;
  gboolean ok;

  sl_db_lock (db);
  ok = sl_sqlite_query_int (db, "PRAGMA data_version", &value, error);
  sl_db_unlock (db);
  *version = (guint64)(guint)value;
  return ok;
}

static gboolean
sqlite_audit_append (SlDb        *db,
                     const char  *desk,
                     const char  *action,
                     const char  *entity,
                     gint64       entity_id,
                     const char  *before_json,
                     const char  *after_json,
                     GError     **error)
{
  return sl_sqlite_audit_insert (db, NULL, desk, action, entity, entity_id, before_json, -1,
                                 after_json, -1, error);
}

static void
sl_sqlite_db_class_init (SlSqliteDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SlDbClass *store_class = SL_DB_CLASS (klass);

  object_class->dispose = sl_sqlite_db_dispose;
  object_class->finalize = sl_sqlite_db_finalize;

  store_class->open_reader = sl_sqlite_open_reader;
  store_class->dup_writer = sl_sqlite_dup_writer;
  store_class->begin_write = sqlite_begin_write;
  store_class->commit = sqlite_commit;
  store_class->rollback = sqlite_rollback;
  store_class->data_version = sqlite_data_version;
  store_class->backup = sl_sqlite_backup;
  store_class->check_integrity = sl_sqlite_check_integrity;
  store_class->audit_append = sqlite_audit_append;

  /* Each area's methods, from its own file. */
  sl_sqlite_checkin_install (store_class);
  sl_sqlite_search_install (store_class);
  sl_sqlite_list_install (store_class);
  sl_sqlite_export_install (store_class);
  sl_sqlite_entrants_install (store_class);
  sl_sqlite_event_install (store_class);
  sl_sqlite_charities_install (store_class);
  sl_sqlite_audit_install (store_class);
  sl_sqlite_needs_install (store_class);
  sl_sqlite_staff_install (store_class);
  sl_sqlite_facilities_install (store_class);
  sl_sqlite_profiles_install (store_class);
  sl_sqlite_copy_install (store_class);
  sl_sqlite_import_init_class (store_class);
}
