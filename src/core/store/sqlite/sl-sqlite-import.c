/* sl-sqlite-import.c — the SQLite store's methods for the CSV import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-sqlite-private.h"

/* A dry run reads a consistent snapshot and never takes the write lock. */
static gboolean
sqlite_import_begin (SlDb     *db,
                     gboolean  dry_run,
                     GError  **error)
{
  if (dry_run)
    {
      sl_db_lock (db);
      if (!sl_sqlite_exec (db, "BEGIN", error))
        {
          sl_db_unlock (db);
          return FALSE;
        }
    }
  else if (!sl_db_begin_write (db, error))
    return FALSE;

  /* A large cache keeps the transaction's pages in memory until the
   * commit writes each of them once, instead of spilling them to the WAL
   * again and again; the connection's own comes back in sqlite_import_end.
   */
  sl_sqlite_exec (db, "PRAGMA cache_size = -65536", NULL);
  return TRUE;
}

static void
sqlite_import_end (SlDb     *db,
                   gboolean  dry_run)
{
  if (dry_run)
    {
      sl_sqlite_exec (db, "ROLLBACK", NULL);
      sl_db_unlock (db);
    }
  /* Only now: the index and audit rows written at the end and the commit
   * need the large cache as much as the inserts did.
   */
  sl_db_lock (db);
  sl_sqlite_exec (db, "PRAGMA cache_size = " SL_SQLITE_CACHE_SIZE, NULL);
  sl_db_unlock (db);
}

typedef void (*RowFunc) (sqlite3_stmt *stmt,
                         gpointer      data);

/* Hands each row of sql to func. */
static gboolean
read_rows (SlDb        *db,
           const char  *sql,
           RowFunc      func,
           gpointer     data,
           GError     **error)
{
  sqlite3_stmt *stmt = sl_sqlite_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (stmt, data);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  return TRUE;
}

/* What a file's races, waves and charities are looked up in. */
typedef enum
{
  RACES,
  WAVES,
  CHARITIES,
} Places;

static const char * const places_sql[] = {
  [RACES] = "SELECT id, code, name FROM race",
  [WAVES] = "SELECT id, race_id, name FROM wave",
  [CHARITIES] = "SELECT id, name FROM charity",
};

static const GDestroyNotify places_free[] = {
  [RACES] = (GDestroyNotify)sl_race_free,
  [WAVES] = (GDestroyNotify)sl_wave_free,
  [CHARITIES] = (GDestroyNotify)sl_charity_free,
};

typedef struct
{
  Places     places;
  GPtrArray *rows;
} PlaceRows;

/* A row of places_sql as its domain type. */
static void
add_place_cb (sqlite3_stmt *stmt,
              gpointer      data)
{
  PlaceRows *rows = data;
  gint64 id = sqlite3_column_int64 (stmt, 0);
  SlRace race = { .id = id };
  SlWave wave = { .id = id };
  SlCharity charity = { .id = id };

  switch (rows->places)
    {
    case RACES:
      race.code = sl_sqlite_column_dup (stmt, 1);
      race.name = sl_sqlite_column_dup (stmt, 2);
      g_ptr_array_add (rows->rows, g_memdup2 (&race, sizeof race));
      break;
    case WAVES:
      wave.race_id = sqlite3_column_int64 (stmt, 1);
      wave.name = sl_sqlite_column_dup (stmt, 2);
      g_ptr_array_add (rows->rows, g_memdup2 (&wave, sizeof wave));
      break;
    case CHARITIES:
    default:
      charity.name = sl_sqlite_column_dup (stmt, 1);
      g_ptr_array_add (rows->rows, g_memdup2 (&charity, sizeof charity));
      break;
    }
}

/* Every race, wave or charity, in the order the store keeps them. */
static GPtrArray *
read_places (SlDb     *db,
             Places    places,
             GError  **error)
{
  PlaceRows rows = { places, g_ptr_array_new_with_free_func (places_free[places]) };

  if (!read_rows (db, places_sql[places], add_place_cb, &rows, error))
    g_clear_pointer (&rows.rows, g_ptr_array_unref);
  return rows.rows;
}

typedef struct
{
  gboolean  found;
  char     *text;
} Text;

static void
take_text_cb (sqlite3_stmt *stmt,
              gpointer      data)
{
  Text *text = data;

  text->found = TRUE;
  g_free (text->text);
  text->text = sl_sqlite_column_dup (stmt, 0);
}

static gboolean
read_event_date (SlDb     *db,
                 char    **date,
                 GError  **error)
{
  Text text = { FALSE, NULL };

  if (!read_rows (db, "SELECT date FROM event WHERE id = 1", take_text_cb, &text, error))
    return FALSE;
  if (!text.found)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  *date = text.text;
  return TRUE;
}

static gboolean
sqlite_import_read_places (SlDb        *db,
                           char       **event_date,
                           GPtrArray  **races,
                           GPtrArray  **waves,
                           GPtrArray  **charities,
                           GError     **error)
{
  g_autoptr(GPtrArray) r = NULL;
  g_autoptr(GPtrArray) w = NULL;
  g_autoptr(GPtrArray) c = NULL;
  g_autofree char *date = NULL;

  if (!read_event_date (db, &date, error)
      || !(r = read_places (db, RACES, error))
      || !(w = read_places (db, WAVES, error))
      || !(c = read_places (db, CHARITIES, error)))
    return FALSE;
  *event_date = g_steal_pointer (&date);
  *races = g_steal_pointer (&r);
  *waves = g_steal_pointer (&w);
  *charities = g_steal_pointer (&c);
  return TRUE;
}

typedef struct
{
  GHashTable *bib_ids;
  GHashTable *ref_ids;
} Codes;

static void
add_codes_cb (sqlite3_stmt *stmt,
              gpointer      data)
{
  Codes *codes = data;
  gpointer id = GSIZE_TO_POINTER ((gsize)sqlite3_column_int64 (stmt, 0));
  const char *ref = (const char *)sqlite3_column_text (stmt, 2);

  g_hash_table_insert (codes->bib_ids, g_strdup ((const char *)sqlite3_column_text (stmt, 1)),
                       id);
  /* The column collates NOCASE, which folds ASCII letters only. */
  if (ref != NULL)
    g_hash_table_insert (codes->ref_ids, g_ascii_strdown (ref, -1), id);
}

static gboolean
sqlite_import_read_codes (SlDb        *db,
                          GHashTable  *bib_ids,
                          GHashTable  *ref_ids,
                          GError     **error)
{
  Codes codes = { bib_ids, ref_ids };

  return read_rows (db, "SELECT id, bib, booking_ref FROM entrant", add_codes_cb, &codes,
                    error);
}

void
sl_sqlite_import_init_class (SlDbClass *store_class)
{
  store_class->import_begin = sqlite_import_begin;
  store_class->import_end = sqlite_import_end;
  store_class->import_read_places = sqlite_import_read_places;
  store_class->import_read_codes = sqlite_import_read_codes;
}
