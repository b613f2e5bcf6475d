/* sl-pg-import.c — the PostgreSQL store's methods for the CSV import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-pg-private.h"

/* A dry run reads one snapshot and never takes the write lock. */
static gboolean
pg_import_begin (SlDb     *db,
                 gboolean  dry_run,
                 GError  **error)
{
  if (!dry_run)
    return sl_db_begin_write (db, error);
  sl_db_lock (db);
  if (!sl_pg_exec (db, "BEGIN ISOLATION LEVEL REPEATABLE READ", NULL, error))
    {
      sl_db_unlock (db);
      return FALSE;
    }
  return TRUE;
}

static void
pg_import_end (SlDb     *db,
               gboolean  dry_run)
{
  if (!dry_run)
    return;
  if (PQtransactionStatus (sl_pg_get_conn (db)) != PQTRANS_IDLE)
    PQclear (PQexec (sl_pg_get_conn (db), "ROLLBACK"));
  sl_db_unlock (db);
}

static gboolean
pg_import_read_places (SlDb        *db,
                       char       **event_date,
                       GPtrArray  **races,
                       GPtrArray  **waves,
                       GPtrArray  **charities,
                       GError     **error)
{
  g_autoptr(PGresult) date = NULL;
  g_autoptr(PGresult) r = NULL;
  g_autoptr(PGresult) w = NULL;
  g_autoptr(PGresult) c = NULL;

  sl_db_lock (db);
  if ((date = sl_pg_run (db, "SELECT date FROM event WHERE id = 1", NULL, error)) != NULL
      && (r = sl_pg_run (db, "SELECT id, code, name FROM race ORDER BY id", NULL, error)) != NULL
      && (w = sl_pg_run (db, "SELECT id, race_id, name FROM wave ORDER BY id", NULL, error)))
    c = sl_pg_run (db, "SELECT id, name FROM charity ORDER BY id", NULL, error);
  sl_db_unlock (db);
  if (c == NULL)
    return FALSE;
  if (PQntuples (date) == 0)
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                           _("The event database has no event record"));
      return FALSE;
    }
  *event_date = sl_pg_dup (date, 0, 0);
  *races = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_race_free);
  for (int i = 0; i < PQntuples (r); i++)
    {
      SlRace *race = g_new0 (SlRace, 1);

      race->id = sl_pg_int64 (r, i, 0);
      race->code = sl_pg_dup (r, i, 1);
      race->name = sl_pg_dup (r, i, 2);
      g_ptr_array_add (*races, race);
    }
  *waves = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_wave_free);
  for (int i = 0; i < PQntuples (w); i++)
    {
      SlWave *wave = g_new0 (SlWave, 1);

      wave->id = sl_pg_int64 (w, i, 0);
      wave->race_id = sl_pg_int64 (w, i, 1);
      wave->name = sl_pg_dup (w, i, 2);
      g_ptr_array_add (*waves, wave);
    }
  *charities = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_charity_free);
  for (int i = 0; i < PQntuples (c); i++)
    {
      SlCharity *charity = g_new0 (SlCharity, 1);

      charity->id = sl_pg_int64 (c, i, 0);
      charity->name = sl_pg_dup (c, i, 1);
      g_ptr_array_add (*charities, charity);
    }
  return TRUE;
}

static gboolean
pg_import_read_codes (SlDb        *db,
                      GHashTable  *bib_ids,
                      GHashTable  *ref_ids,
                      GError     **error)
{
  g_autoptr(PGresult) res = NULL;

  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT id, bib, booking_ref FROM entrant", NULL, error);
  sl_db_unlock (db);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      gpointer id = GSIZE_TO_POINTER ((gsize)sl_pg_int64 (res, i, 0));

      g_hash_table_insert (bib_ids, g_strdup (PQgetvalue (res, i, 1)), id);
      /* Compared without regard to ASCII case, as the file store does. */
      if (!PQgetisnull (res, i, 2))
        g_hash_table_insert (ref_ids, g_ascii_strdown (PQgetvalue (res, i, 2), -1), id);
    }
  return TRUE;
}

void
sl_pg_import_install (SlDbClass *store_class)
{
  store_class->import_begin = pg_import_begin;
  store_class->import_end = pg_import_end;
  store_class->import_read_places = pg_import_read_places;
  store_class->import_read_codes = pg_import_read_codes;
}
