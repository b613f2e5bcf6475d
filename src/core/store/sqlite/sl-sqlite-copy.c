/* sl-sqlite-copy.c — the SQLite store's side of copying a whole event
 *
 * Reading: every table of sl_copy_tables () in one read transaction, so
 * the copy is one moment of the event. Loading: one prepared INSERT a
 * table, in the write of sl_db_create_filled (one transaction for all),
 * then the search index rebuilt from the copied keys. Ids are inserted as
 * they were; SQLite hands out the next one after the largest by itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-sqlite-private.h"

#define MAX_COLUMNS 32

static gboolean
dump_table (SlDb               *db,
            const SlCopyTable  *table,
            SlCopyRowFunc       func,
            gpointer            user_data,
            GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s ORDER BY %s",
                                          table->columns, table->name,
                                          table->where != NULL ? table->where : "1 = 1",
                                          table->order);
  guint n_columns = strlen (table->kinds);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  g_assert (n_columns <= MAX_COLUMNS);
  if (sqlite3_prepare_v2 (sl_sqlite_get_handle (db), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlCopyValue values[MAX_COLUMNS] = { { 0 } };

      for (guint i = 0; i < n_columns; i++)
        {
          values[i].is_null = sqlite3_column_type (stmt, (int)i) == SQLITE_NULL;
          if (values[i].is_null)
            continue;
          switch (table->kinds[i])
            {
            case 'i':
              values[i].number = sqlite3_column_int64 (stmt, (int)i);
              break;
            case 't':
              values[i].data = (const char *)sqlite3_column_text (stmt, (int)i);
              values[i].length = (gsize)sqlite3_column_bytes (stmt, (int)i);
              break;
            default:
              values[i].data = sqlite3_column_blob (stmt, (int)i);
              values[i].length = (gsize)sqlite3_column_bytes (stmt, (int)i);
              break;
            }
        }
      ok = func (table, values, user_data, error);
    }
  if (ok && rc != SQLITE_DONE)
    {
      sl_sqlite_set_error (db, error, NULL);
      ok = FALSE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
sqlite_copy_dump (SlDb           *db,
                  SlCopyRowFunc   func,
                  gpointer        user_data,
                  GError        **error)
{
  guint n_tables;
  const SlCopyTable *tables = sl_copy_tables (&n_tables);
  gboolean ok;

  sl_db_lock (db);
  /* One read transaction: every table as it stood at one moment. */
  ok = sl_sqlite_exec (db, "BEGIN", error);
  for (guint i = 0; ok && i < n_tables; i++)
    ok = dump_table (db, &tables[i], func, user_data, error);
  if (!sqlite3_get_autocommit (sl_sqlite_get_handle (db)))
    sqlite3_exec (sl_sqlite_get_handle (db), "COMMIT", NULL, NULL, NULL);
  sl_db_unlock (db);
  return ok;
}

static gboolean
sqlite_copy_begin (SlDb    *db,
                   GError **error)
{
  /* The new file's built-in need types come with the copy, ids and all. */
  return sl_sqlite_exec (db, "DELETE FROM need_type", error);
}

static const char *
insert_sql (const SlCopyTable *table)
{
  static GHashTable *statements;
  static GMutex mutex;
  const char *sql;

  g_mutex_lock (&mutex);
  if (statements == NULL)
    statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  sql = g_hash_table_lookup (statements, table);
  if (sql == NULL)
    {
      GString *s = g_string_new (NULL);
      guint n_columns = strlen (table->kinds);

      g_string_printf (s, "INSERT INTO %s (%s) VALUES (?", table->name, table->columns);
      for (guint i = 1; i < n_columns; i++)
        g_string_append (s, ", ?");
      g_string_append_c (s, ')');
      sql = g_string_free (s, FALSE);
      g_hash_table_insert (statements, (gpointer)table, (gpointer)sql);
    }
  g_mutex_unlock (&mutex);
  return sql;
}

static gboolean
sqlite_copy_load (SlDb               *db,
                  const SlCopyTable  *table,
                  const SlCopyValue  *values,
                  GError            **error)
{
  sqlite3_stmt *stmt = sl_sqlite_prepare (db, insert_sql (table), error);
  guint n_columns = strlen (table->kinds);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_columns; i++)
    {
      int column = (int)i + 1;

      if (values[i].is_null)
        sqlite3_bind_null (stmt, column);
      else if (table->kinds[i] == 'i')
        sqlite3_bind_int64 (stmt, column, values[i].number);
      else if (table->kinds[i] == 't')
        sqlite3_bind_text (stmt, column, values[i].data, (int)values[i].length, SQLITE_STATIC);
      else if (values[i].length == 0)
        sqlite3_bind_zeroblob (stmt, column, 0);
      else
        sqlite3_bind_blob (stmt, column, values[i].data, (int)values[i].length, SQLITE_STATIC);
    }
  return sl_sqlite_step_done (db, stmt, error);
}

static gboolean
sqlite_copy_finish (SlDb    *db,
                    GError **error)
{
  /* The audit chain's tail is the copied log's last entry now. */
  SL_SQLITE_DB (db)->chain_known = FALSE;
  sl_db_bump_names_generation (db);
  return sl_sqlite_exec (db, "INSERT INTO entrant_fts (entrant_fts) VALUES ('rebuild')", error);
}

void
sl_sqlite_copy_install (SlDbClass *store_class)
{
  store_class->copy_dump = sqlite_copy_dump;
  store_class->copy_begin = sqlite_copy_begin;
  store_class->copy_load = sqlite_copy_load;
  store_class->copy_finish = sqlite_copy_finish;
}
