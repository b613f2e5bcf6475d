/* sl-pg-copy.c — the PostgreSQL store's side of copying a whole event
 *
 * Reading: every table of sl_copy_tables () in one REPEATABLE READ
 * snapshot. Loading: each table's rows stream to the server with COPY …
 * FROM STDIN (text format) in the write of sl_db_create_filled, the
 * search index's rows made from the copied keys as the entrants pass
 * (sl_pg_search_tails) and sent the same way at the end; then every
 * identity is set after the table's largest id, so that the next row
 * added gets a new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>


#include "sl-pg-private.h"

#define MAX_COLUMNS 32
#define SEND_BYTES SL_PG_COPY_SEND_BYTES

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
  g_autoptr(PGresult) res = sl_pg_run (db, sql, NULL, error);
  guint n_columns = strlen (table->kinds);

  g_assert (n_columns <= MAX_COLUMNS);
  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res); row++)
    {
      SlCopyValue values[MAX_COLUMNS] = { { 0 } };
      unsigned char *bytes[MAX_COLUMNS] = { NULL };
      gboolean ok;

      for (guint i = 0; i < n_columns; i++)
        {
          size_t len = 0;

          values[i].is_null = PQgetisnull (res, row, (int)i);
          if (values[i].is_null)
            continue;
          if (table->kinds[i] == 'i')
            values[i].number = sl_pg_int64 (res, row, (int)i);
          else if (table->kinds[i] == 't')
            {
              values[i].data = PQgetvalue (res, row, (int)i);
              values[i].length = (gsize)PQgetlength (res, row, (int)i);
            }
          else
            {
              bytes[i] = PQunescapeBytea ((const unsigned char *)PQgetvalue (res, row, (int)i),
                                          &len);
              values[i].data = (const char *)bytes[i];
              values[i].length = len;
            }
        }
      ok = func (table, values, user_data, error);
      for (guint i = 0; i < n_columns; i++)
        if (bytes[i] != NULL)
          PQfreemem (bytes[i]);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
pg_copy_dump (SlDb           *db,
              SlCopyRowFunc   func,
              gpointer        user_data,
              GError        **error)
{
  SlPgDb *self = SL_PG_DB (db);
  guint n_tables;
  const SlCopyTable *tables = sl_copy_tables (&n_tables);
  gboolean own_snapshot = !self->reader && !self->in_write;
  gboolean ok = TRUE;

  sl_db_lock (db);
  /* One snapshot: every table as it stood at one moment (a reader is
   * one already).
   */
  if (own_snapshot)
    ok = sl_pg_exec (db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL, error);
  for (guint i = 0; ok && i < n_tables; i++)
    ok = dump_table (db, &tables[i], func, user_data, error);
  if (own_snapshot && PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    PQclear (PQexec (self->conn, ok ? "COMMIT" : "ROLLBACK"));
  sl_db_unlock (db);
  return ok;
}

static void
clear_copy_state (SlPgDb *self)
{
  self->copy_table = NULL;
  if (self->copy_rows != NULL)
    g_string_free (self->copy_rows, TRUE);
  if (self->copy_search != NULL)
    g_string_free (self->copy_search, TRUE);
  self->copy_rows = NULL;
  self->copy_search = NULL;
}

static gboolean
pg_copy_begin (SlDb    *db,
               GError **error)
{
  SlPgDb *self = SL_PG_DB (db);

  clear_copy_state (self);
  self->copy_rows = g_string_sized_new (SEND_BYTES + 4096);
  self->copy_search = g_string_new (NULL);
  /* The new event's built-in need types come with the copy, ids and all. */
  return sl_pg_exec (db, "DELETE FROM need_type", NULL, error);
}

void
sl_pg_copy_append_text (GString    *out,
                        const char *data,
                        gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      switch (data[i])
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default: g_string_append_c (out, data[i]); break;
        }
    }
}

/* bytea's hex form, "\x…", its backslash escaped for COPY. */
static void
append_bytes (GString      *out,
              const guint8 *data,
              gsize         length)
{
  static const char hex[] = "0123456789abcdef";

  g_string_append (out, "\\\\x");
  for (gsize i = 0; i < length; i++)
    {
      g_string_append_c (out, hex[data[i] >> 4]);
      g_string_append_c (out, hex[data[i] & 0xf]);
    }
}

gboolean
sl_pg_copy_send (SlDb     *db,
                 GString  *rows,
                 GError  **error)
{
  if (rows->len > 0
      && PQputCopyData (sl_pg_get_conn (db), rows->str, (int)rows->len) != 1)
    {
      sl_pg_set_error (db, NULL, error);
      return FALSE;
    }
  g_string_truncate (rows, 0);
  return TRUE;
}

gboolean
sl_pg_copy_start (SlDb        *db,
                  const char  *table,
                  const char  *columns,
                  GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("COPY %s (%s) FROM STDIN", table, columns);
  g_autoptr(PGresult) res = PQexec (sl_pg_get_conn (db), sql);

  if (res == NULL || PQresultStatus (res) != PGRES_COPY_IN)
    {
      sl_pg_set_error (db, res, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_pg_copy_end (SlDb     *db,
                GString  *rows,
                GError  **error)
{
  PGconn *conn = sl_pg_get_conn (db);
  gboolean ok = sl_pg_copy_send (db, rows, error);
  PGresult *res;

  if (PQputCopyEnd (conn, ok ? NULL : "the copy failed") != 1 && ok)
    {
      sl_pg_set_error (db, NULL, error);
      ok = FALSE;
    }
  while ((res = PQgetResult (conn)) != NULL)
    {
      if (ok && PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          sl_pg_set_error (db, res, error);
          ok = FALSE;
        }
      PQclear (res);
    }
  return ok;
}

void
sl_pg_copy_append_search_rows (GString     *out,
                               gint64       entrant_id,
                               const char  *key,
                               const char  *sort_name,
                               gsize        sort_name_length)
{
  g_autoptr(GPtrArray) tails = NULL;

  if (key == NULL)
    return;
  tails = sl_pg_search_tails (key);
  for (guint i = 0; i < tails->len; i++)
    {
      const char *tail = tails->pdata[i];

      g_string_append_printf (out, "%" G_GINT64_FORMAT "\t", entrant_id);
      sl_pg_copy_append_text (out, tail, strlen (tail));
      g_string_append_c (out, '\t');
      if (sort_name != NULL)
        sl_pg_copy_append_text (out, sort_name, sort_name_length);
      /* The whole key: the first tail. */
      g_string_append_c (out, '\t');
      sl_pg_copy_append_text (out, tails->pdata[0], strlen (tails->pdata[0]));
      g_string_append_c (out, '\n');
    }
}

/* Where a column is in a table's list. */
static guint
column_index (const SlCopyTable *table,
              const char        *column)
{
  g_auto(GStrv) columns = g_strsplit (table->columns, ",", -1);

  for (guint i = 0; columns[i] != NULL; i++)
    if (g_str_equal (g_strstrip (columns[i]), column))
      return i;
  g_assert_not_reached ();
}

static gboolean
pg_copy_load (SlDb               *db,
              const SlCopyTable  *table,
              const SlCopyValue  *values,
              GError            **error)
{
  SlPgDb *self = SL_PG_DB (db);
  guint n_columns = strlen (table->kinds);

  g_assert (self->copy_rows != NULL);
  if (self->copy_table != table)
    {
      if ((self->copy_table != NULL && !sl_pg_copy_end (db, self->copy_rows, error))
          || !sl_pg_copy_start (db, table->name, table->columns, error))
        {
          self->copy_table = NULL;
          return FALSE;
        }
      self->copy_table = table;
    }
  for (guint i = 0; i < n_columns; i++)
    {
      if (i > 0)
        g_string_append_c (self->copy_rows, '\t');
      if (values[i].is_null)
        g_string_append (self->copy_rows, "\\N");
      else if (table->kinds[i] == 'i')
        g_string_append_printf (self->copy_rows, "%" G_GINT64_FORMAT, values[i].number);
      else if (table->kinds[i] == 't')
        sl_pg_copy_append_text (self->copy_rows, values[i].data, values[i].length);
      else
        append_bytes (self->copy_rows, (const guint8 *)values[i].data, values[i].length);
    }
  g_string_append_c (self->copy_rows, '\n');
  if (g_str_equal (table->name, "entrant"))
    {
      const SlCopyValue *key = &values[column_index (table, "search_key")];
      const SlCopyValue *sort_name = &values[column_index (table, "sort_name")];
      g_autofree char *text = key->is_null ? NULL : g_strndup (key->data, key->length);

      sl_pg_copy_append_search_rows (self->copy_search, values[0].number, text,
                                     sort_name->is_null ? NULL : sort_name->data,
                                     sort_name->length);
    }
  return self->copy_rows->len < SEND_BYTES || sl_pg_copy_send (db, self->copy_rows, error);
}

/* Each table with an identity hands out ids after the largest copied. */
static gboolean
reset_identities (SlDb    *db,
                  GError **error)
{
  guint n_tables;
  const SlCopyTable *tables = sl_copy_tables (&n_tables);

  for (guint i = 0; i < n_tables; i++)
    {
      g_autofree char *sql = NULL;

      if (!g_str_has_prefix (tables[i].columns, "id,"))
        continue;
      sql = g_strdup_printf ("SELECT setval (s, coalesce ((SELECT max (id) FROM %s), 0) + 1,"
                             " false) FROM pg_get_serial_sequence ('%s', 'id') AS s"
                             " WHERE s IS NOT NULL", tables[i].name, tables[i].name);
      if (!sl_pg_exec (db, sql, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
pg_copy_finish (SlDb    *db,
                GError **error)
{
  SlPgDb *self = SL_PG_DB (db);
  gboolean ok;

  g_assert (self->copy_rows != NULL);
  ok = (self->copy_table == NULL || sl_pg_copy_end (db, self->copy_rows, error));
  self->copy_table = NULL;
  if (ok && self->copy_search->len > 0)
    {
      GString *search = g_steal_pointer (&self->copy_search);

      self->copy_search = g_string_new (NULL);
      ok = sl_pg_copy_start (db, "entrant_search", SL_PG_SEARCH_COLUMNS, error)
           && sl_pg_copy_end (db, search, error);
      g_string_free (search, TRUE);
    }
  clear_copy_state (self);
  /* The audit chain's tail is the copied log's last entry now. */
  self->chain_known = FALSE;
  sl_db_bump_names_generation (db);
  /* The planner's figures for the tables just filled. */
  return ok && reset_identities (db, error) && sl_pg_exec (db, "ANALYZE entrant, entrant_search", NULL, error);
}

void
sl_pg_copy_install (SlDbClass *store_class)
{
  store_class->copy_dump = pg_copy_dump;
  store_class->copy_begin = pg_copy_begin;
  store_class->copy_load = pg_copy_load;
  store_class->copy_finish = pg_copy_finish;
}
