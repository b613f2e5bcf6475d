/* sl-pg-entrants.c — entrants in the PostgreSQL store
 *
 * The one writer of the entrant table (sl_pg_entrant_insert_row, for the
 * bulk insert too, sl-pg-bulk.c) and of its search index (entrant_search,
 * here and at a bulk insert's end); every entrant read as an SlEntrant goes through
 * sl_pg_entrant_from_row. The rules and audit images are the entrants
 * service's (sl-entrants.c): this file reads and writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-pg-private.h"

SlEntrant *
sl_pg_entrant_from_row (const PGresult *res,
                        int             row)
{
  SlEntrant *self = sl_entrant_new ();
  const char *text;

  self->id = sl_pg_int64 (res, row, 0);
  self->bib = sl_pg_dup (res, row, 1);
  self->booking_ref = sl_pg_dup (res, row, 2);
  self->first_name = sl_pg_dup (res, row, 3);
  self->last_name = sl_pg_dup (res, row, 4);
  self->date_of_birth = sl_pg_dup (res, row, 5);
  self->age = PQgetisnull (res, row, 6) ? -1 : (int)sl_pg_int64 (res, row, 6);
  text = PQgetisnull (res, row, 7) ? NULL : PQgetvalue (res, row, 7);
  if (text == NULL || !sl_gender_from_id (text, &self->gender))
    self->gender = SL_GENDER_UNKNOWN;
  self->nationality = sl_pg_dup (res, row, 8);
  self->club = sl_pg_dup (res, row, 9);
  self->email = sl_pg_dup (res, row, 10);
  self->phone = sl_pg_dup (res, row, 11);
  self->emergency_contact = sl_pg_dup (res, row, 12);
  if (!sl_entry_type_from_id (PQgetvalue (res, row, 13), &self->entry_type))
    self->entry_type = SL_ENTRY_BALLOT;
  self->race_id = sl_pg_int64 (res, row, 14);
  self->wave_id = sl_pg_int64 (res, row, 15);
  if (!sl_status_from_id (PQgetvalue (res, row, 16), &self->status))
    self->status = SL_STATUS_REGISTERED;
  self->costume = sl_pg_dup (res, row, 17);
  self->vip = sl_pg_int64 (res, row, 18) != 0;
  self->notes = sl_pg_dup (res, row, 19);
  self->checked_in_at = sl_pg_dup (res, row, 20);
  self->checked_in_desk = sl_pg_dup (res, row, 21);
  self->race_name = sl_pg_dup (res, row, 22);
  self->wave_name = sl_pg_dup (res, row, 23);
  self->start_area = sl_pg_dup (res, row, 24);
  self->start_time = sl_pg_dup (res, row, 25);
  self->charity_name = sl_pg_dup (res, row, 26);
  return self;
}

/* The first row of a query of SL_PG_ENTRANT_COLUMNS, or NULL without an
 * error when there is none.
 */
static SlEntrant *
query_entrant (SlDb        *db,
               const char  *sql,
               SlPgParams  *params,
               GError     **error)
{
  return sl_pg_get_one (db, sql, params, (SlPgFromRowFunc)sl_pg_entrant_from_row, error);
}

static SlEntrant *
pg_dup_entrant (SlDb    *db,
                gint64   id,
                GError **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_int64 (&params, id);
  return query_entrant (db, "SELECT " SL_PG_ENTRANT_COLUMNS " FROM " SL_PG_ENTRANT_JOINS
                            " WHERE e.id = $1", &params, error);
}

static SlEntrant *
pg_dup_entrant_by_code (SlDb        *db,
                        const char  *code,
                        GError     **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_text (&params, code);
  /* A bib wins over a booking reference that happens to look the same. */
  return query_entrant (db, "SELECT " SL_PG_ENTRANT_COLUMNS " FROM " SL_PG_ENTRANT_JOINS
                            " WHERE e.bib = $1 OR lower(e.booking_ref) = lower($1)"
                            " ORDER BY e.bib = $1 DESC LIMIT 1", &params, error);
}

static SlEntrant *
pg_dup_code_holder (SlDb             *db,
                    const SlEntrant  *entrant,
                    GError          **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  SlEntrant *holder;

  sl_pg_param_text (&params, entrant->bib);
  sl_pg_param_optional (&params, entrant->booking_ref);
  sl_pg_param_int64 (&params, entrant->id);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT bib, booking_ref, first_name, last_name FROM entrant"
                       " WHERE (bib = $1 OR lower(booking_ref) = lower($2)) AND id <> $3 LIMIT 1",
                   &params, error);
  sl_db_unlock (db);
  if (res == NULL || PQntuples (res) == 0)
    return NULL;
  holder = sl_entrant_new ();
  holder->bib = sl_pg_dup (res, 0, 0);
  holder->booking_ref = sl_pg_dup (res, 0, 1);
  holder->first_name = sl_pg_dup (res, 0, 2);
  holder->last_name = sl_pg_dup (res, 0, 3);
  return holder;
}

static gboolean
pg_get_wave_race (SlDb    *db,
                  gint64   wave_id,
                  gint64  *race_id,
                  GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  *race_id = 0;
  sl_pg_param_int64 (&params, wave_id);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT race_id FROM wave WHERE id = $1", &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *race_id = sl_pg_int64 (res, 0, 0);
  return TRUE;
}

/* $1 to $18 the stored fields, $19 the search key, $20 now, $21 the sort
 * name; the caller adds the status (insert) or the id (update) as $22.
 */
static void
add_fields (SlPgParams      *params,
            const SlEntrant *e,
            const char      *search_key,
            const char      *now)
{
  sl_pg_param_text (params, e->bib);
  sl_pg_param_optional (params, e->booking_ref);
  sl_pg_param_text (params, e->first_name);
  sl_pg_param_text (params, e->last_name);
  sl_pg_param_optional (params, e->date_of_birth);
  if (e->age >= 0)
    sl_pg_param_int64 (params, e->age);
  else
    sl_pg_param_text (params, NULL);
  sl_pg_param_optional (params, sl_gender_to_id (e->gender));
  sl_pg_param_optional (params, e->nationality);
  sl_pg_param_optional (params, e->club);
  sl_pg_param_optional (params, e->email);
  sl_pg_param_optional (params, e->phone);
  sl_pg_param_optional (params, e->emergency_contact);
  sl_pg_param_text (params, sl_entry_type_to_id (e->entry_type));
  sl_pg_param_id (params, e->race_id);
  sl_pg_param_id (params, e->wave_id);
  sl_pg_param_optional (params, e->costume);
  sl_pg_param_int64 (params, e->vip ? 1 : 0);
  sl_pg_param_optional (params, e->notes);
  sl_pg_param_text (params, search_key);
  sl_pg_param_text (params, now);
  params->owned[params->n] = sl_entrant_dup_sort_name (e);
  params->values[params->n] = params->owned[params->n];
  params->lengths[params->n] = 0;
  params->formats[params->n] = 0;
  params->n++;
}

/* The search index's rows of one entrant become those of key. */
static gboolean
index_key (SlDb        *db,
           gint64       id,
           const char  *key,
           gboolean     is_new,
           GError     **error)
{
  g_autoptr(GPtrArray) tails = sl_pg_search_tails (key);
  g_autoptr(GString) array = g_string_new ("{");
  g_auto(SlPgParams) params = { 0 };

  sl_db_bump_names_generation (db);
  sl_pg_param_int64 (&params, id);
  if (!is_new && !sl_pg_exec (db, "DELETE FROM entrant_search WHERE entrant_id = $1", &params,
                              error))
    return FALSE;
  if (tails->len == 0)
    return TRUE;
  /* One statement for every tail: a text array literal. Folded tails hold
   * letters, digits and spaces only; quotes and backslashes are escaped
   * all the same.
   */
  for (guint i = 0; i < tails->len; i++)
    {
      const char *tail = tails->pdata[i];

      if (i > 0)
        g_string_append_c (array, ',');
      g_string_append_c (array, '"');
      for (const char *p = tail; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (array, '\\');
          g_string_append_c (array, *p);
        }
      g_string_append_c (array, '"');
    }
  g_string_append_c (array, '}');
  sl_pg_param_text (&params, array->str);
  /* The sort name as the entrant's row has it (written before this); the
   * whole key is the first tail.
   */
  sl_pg_param_text (&params, tails->pdata[0]);
  return sl_pg_exec (db, "INSERT INTO entrant_search (entrant_id, tail, sort_name, search_key)"
                         " SELECT $1, unnest ($2::text[]), (SELECT sort_name FROM entrant"
                         " WHERE id = $1), $3", &params, error);
}

#define INSERT_ENTRANT_SQL \
  "INSERT INTO entrant (bib, booking_ref, first_name, last_name," \
  " date_of_birth, age, gender, nationality, club, email, phone," \
  " emergency_contact, entry_type, race_id, wave_id, costume, vip, notes," \
  " search_key, created_at, updated_at, sort_name, status)" \
  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14," \
  " $15, $16, $17, $18, $19, $20, $20, $21, $22) RETURNING id"

gboolean
sl_pg_entrant_insert_row (SlDb        *db,
                          SlEntrant   *entrant,
                          const char  *key,
                          const char  *now,
                          GError     **error)
{
  g_auto(SlPgParams) params = { 0 };

  add_fields (&params, entrant, key, now);
  sl_pg_param_text (&params, sl_status_to_id (entrant->status));
  return sl_pg_run_int64 (db, INSERT_ENTRANT_SQL, &params, &entrant->id, error);
}

/* The same values as sl_pg_entrant_insert_row's, in SL_PG_ENTRANT_COPY_COLUMNS'
 * order: add_fields', the status, and the timestamp again as updated_at.
 */
void
sl_pg_entrant_append_copy_row (GString         *out,
                               const SlEntrant *entrant,
                               const char      *key,
                               const char      *now)
{
  g_auto(SlPgParams) params = { 0 };

  add_fields (&params, entrant, key, now);
  sl_pg_param_text (&params, sl_status_to_id (entrant->status));
  sl_pg_param_text (&params, now);
  for (int i = 0; i < params.n; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\t');
      if (params.values[i] == NULL)
        g_string_append (out, "\\N");
      else
        sl_pg_copy_append_text (out, params.values[i], strlen (params.values[i]));
    }
  g_string_append_c (out, '\n');
}

static gboolean
pg_insert_entrant (SlDb       *db,
                   SlEntrant  *entrant,
                   GError    **error)
{
  g_autofree char *key = sl_entrant_dup_search_key (entrant);
  g_autofree char *now = sl_db_now_utc ();

  return sl_pg_entrant_insert_row (db, entrant, key, now, error)
         && index_key (db, entrant->id, key, TRUE, error);
}

static gboolean
pg_update_entrant (SlDb             *db,
                   const SlEntrant  *before,
                   const SlEntrant  *entrant,
                   GError          **error)
{
  g_autofree char *key = sl_entrant_dup_search_key (entrant);
  g_autofree char *now = sl_db_now_utc ();
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  add_fields (&params, entrant, key, now);
  sl_pg_param_int64 (&params, entrant->id);
  /* The key as stored, before the update, says whether the index changes. */
  res = sl_pg_run (db, "UPDATE entrant n SET bib = $1, booking_ref = $2, first_name = $3,"
                       " last_name = $4, date_of_birth = $5, age = $6, gender = $7,"
                       " nationality = $8, club = $9, email = $10, phone = $11,"
                       " emergency_contact = $12, entry_type = $13, race_id = $14,"
                       " wave_id = $15, costume = $16, vip = $17, notes = $18,"
                       " search_key = $19, updated_at = $20, sort_name = $21"
                       " FROM entrant o WHERE n.id = $22 AND o.id = n.id RETURNING o.search_key",
                   &params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOT_FOUND,
                   _("No entrant with id %lld"), (long long)entrant->id);
      return FALSE;
    }
  if (g_strcmp0 (PQgetvalue (res, 0, 0), key) == 0)
    return TRUE;
  return index_key (db, entrant->id, key, FALSE, error);
}

static gboolean
pg_set_entrant_status (SlDb      *db,
                       gint64     id,
                       SlStatus   status,
                       GError   **error)
{
  g_autofree char *now = sl_db_now_utc ();
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_text (&params, sl_status_to_id (status));
  sl_pg_param_text (&params, now);
  sl_pg_param_int64 (&params, id);
  return sl_pg_exec (db, "UPDATE entrant SET status = $1, updated_at = $2 WHERE id = $3",
                     &params, error);
}

gboolean
sl_pg_entrant_change_status (SlDb        *db,
                             gint64       id,
                             SlStatus     from,
                             SlStatus     to,
                             const char  *desk,
                             const char  *only_at_desk,
                             const char  *now,
                             gboolean    *changed,
                             GError     **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  *changed = FALSE;
  sl_pg_param_text (&params, sl_status_to_id (to));
  sl_pg_param_text (&params, to == SL_STATUS_CHECKED_IN ? now : NULL);
  sl_pg_param_text (&params, to == SL_STATUS_CHECKED_IN ? desk : NULL);
  sl_pg_param_text (&params, now);
  sl_pg_param_int64 (&params, id);
  sl_pg_param_text (&params, sl_status_to_id (from));
  sl_pg_param_text (&params, only_at_desk);
  /* The condition on the status makes a check-in happen once: a second
   * desk's UPDATE waits for the first one's row lock, and PostgreSQL then
   * checks the condition again on the row as committed (READ COMMITTED),
   * so it changes nothing. The one on the desk keeps an undo to the desk
   * that may make it.
   */
  res = sl_pg_run (db, "UPDATE entrant SET status = $1, checked_in_at = $2,"
                       " checked_in_desk = $3, updated_at = $4"
                       " WHERE id = $5 AND status = $6"
                       " AND ($7::text IS NULL OR checked_in_desk = $7)", &params, error);
  if (res == NULL)
    return FALSE;
  *changed = sl_pg_changes (res) > 0;
  return TRUE;
}

static gboolean
pg_clear_notes (SlDb    *db,
                guint   *n_cleared,
                GError **error)
{
  g_autofree char *now = sl_db_now_utc ();
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  *n_cleared = 0;
  sl_pg_param_text (&params, now);
  res = sl_pg_run (db, "UPDATE entrant SET notes = NULL, updated_at = $1"
                       " WHERE notes IS NOT NULL", &params, error);
  if (res == NULL)
    return FALSE;
  *n_cleared = (guint)sl_pg_changes (res);
  return TRUE;
}

static gint64
pg_count_entrants (SlDb    *db,
                   GError **error)
{
  g_autoptr(PGresult) res = NULL;

  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT count(*) FROM entrant", NULL, error);
  sl_db_unlock (db);
  return res != NULL ? sl_pg_int64 (res, 0, 0) : -1;
}

void
sl_pg_entrants_install (SlDbClass *store_class)
{
  store_class->dup_entrant = pg_dup_entrant;
  store_class->dup_entrant_by_code = pg_dup_entrant_by_code;
  store_class->dup_code_holder = pg_dup_code_holder;
  store_class->get_wave_race = pg_get_wave_race;
  store_class->insert_entrant = pg_insert_entrant;
  store_class->update_entrant = pg_update_entrant;
  store_class->clear_notes = pg_clear_notes;
  store_class->set_entrant_status = pg_set_entrant_status;
  store_class->count_entrants = pg_count_entrants;
}
