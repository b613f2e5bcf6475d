/* sl-pg-event.c — the event, its races, waves and charities, sign-ups and
 * counts in the PostgreSQL store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-pg-private.h"

/* A read under the connection's lock. */
static PGresult *
read_locked (SlDb        *db,
             const char  *sql,
             SlPgParams  *params,
             GError     **error)
{
  PGresult *res;

  sl_db_lock (db);
  res = sl_pg_run (db, sql, params, error);
  sl_db_unlock (db);
  return res;
}

static SlEvent *
pg_event_get (SlDb    *db,
              GError **error)
{
  g_autoptr(PGresult) res = read_locked (db, "SELECT name, date, venue, timezone FROM event"
                                             " WHERE id = 1", NULL, error);
  SlEvent *event;

  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                           _("The event database has no event record"));
      return NULL;
    }
  event = g_new0 (SlEvent, 1);
  event->name = sl_pg_dup (res, 0, 0);
  event->date = sl_pg_dup (res, 0, 1);
  event->venue = sl_pg_dup (res, 0, 2);
  event->timezone = sl_pg_dup (res, 0, 3);
  return event;
}

static GPtrArray *
pg_races_list (SlDb    *db,
               GError **error)
{
  g_autoptr(PGresult) res = read_locked (db, "SELECT id, code, name, kind FROM race ORDER BY id",
                                         NULL, error);
  GPtrArray *races;

  if (res == NULL)
    return NULL;
  races = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_race_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlRace *race = g_new0 (SlRace, 1);

      race->id = sl_pg_int64 (res, i, 0);
      race->code = sl_pg_dup (res, i, 1);
      race->name = sl_pg_dup (res, i, 2);
      race->kind = sl_pg_dup (res, i, 3);
      g_ptr_array_add (races, race);
    }
  return races;
}

static GPtrArray *
pg_waves_list (SlDb    *db,
               gint64   race_id,
               GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *waves;

  sl_pg_param_int64 (&params, race_id);
  /* SQLite sorts NULL first. */
  res = read_locked (db, "SELECT id, race_id, name, start_area, start_time FROM wave"
                         " WHERE $1 = 0 OR race_id = $1 ORDER BY start_time NULLS FIRST, id",
                     &params, error);
  if (res == NULL)
    return NULL;
  waves = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_wave_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlWave *wave = g_new0 (SlWave, 1);

      wave->id = sl_pg_int64 (res, i, 0);
      wave->race_id = sl_pg_int64 (res, i, 1);
      wave->name = sl_pg_dup (res, i, 2);
      wave->start_area = sl_pg_dup (res, i, 3);
      wave->start_time = sl_pg_dup (res, i, 4);
      g_ptr_array_add (waves, wave);
    }
  return waves;
}

/* The columns read_charity reads, from the charity table as c. */
#define CHARITY_COLUMNS \
  "c.id, c.name, c.registered_number, c.contact_name, c.contact_email," \
  " c.places_allocated, c.minimum_pledge_pence, c.bond"

static void
read_charity (const PGresult *res,
              int             row,
              SlCharity      *charity)
{
  SlCharityBond bond = SL_CHARITY_BOND_NONE;

  charity->id = sl_pg_int64 (res, row, 0);
  charity->name = sl_pg_dup (res, row, 1);
  charity->registered_number = sl_pg_dup (res, row, 2);
  charity->contact_name = sl_pg_dup (res, row, 3);
  charity->contact_email = sl_pg_dup (res, row, 4);
  charity->places_allocated = sl_pg_int64 (res, row, 5);
  charity->minimum_pledge_pence = sl_pg_int64 (res, row, 6);
  sl_charity_bond_from_id (PQgetvalue (res, row, 7), &bond);
  charity->bond = bond;
}

static GPtrArray *
pg_charities_list (SlDb    *db,
                   GError **error)
{
  g_autoptr(PGresult) res = read_locked (db, "SELECT " CHARITY_COLUMNS " FROM charity c"
                                             " ORDER BY lower(c.name) COLLATE \"C\", c.id",
                                         NULL, error);
  GPtrArray *charities;

  if (res == NULL)
    return NULL;
  charities = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_charity_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlCharity *charity = g_new0 (SlCharity, 1);

      read_charity (res, i, charity);
      g_ptr_array_add (charities, charity);
    }
  return charities;
}

/* Every charity by name with its figures (see SlCharitySummary). */
static GPtrArray *
pg_charity_summaries_list (SlDb    *db,
                           GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *summaries;

  sl_pg_param_text (&params, sl_status_to_id (SL_STATUS_WITHDRAWN));
  res = read_locked (db, "SELECT " CHARITY_COLUMNS ","
                         " count (e.id) FILTER (WHERE e.status IS DISTINCT FROM $1),"
                         " coalesce (sum (s.target_pence)"
                         "   FILTER (WHERE e.status IS DISTINCT FROM $1), 0),"
                         " coalesce (sum (s.raised_pence), 0)"
                         " FROM charity c LEFT JOIN charity_signup s ON s.charity_id = c.id"
                         " LEFT JOIN entrant e ON e.id = s.entrant_id"
                         " GROUP BY c.id ORDER BY lower(c.name) COLLATE \"C\", c.id",
                     &params, error);
  if (res == NULL)
    return NULL;
  summaries = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_charity_summary_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlCharitySummary *summary = g_new0 (SlCharitySummary, 1);

      read_charity (res, i, &summary->charity);
      summary->places_used = sl_pg_int64 (res, i, 8);
      summary->pledged_pence = sl_pg_int64 (res, i, 9);
      summary->raised_pence = sl_pg_int64 (res, i, 10);
      g_ptr_array_add (summaries, summary);
    }
  return summaries;
}

/* A charity's runners, shorter bibs first, then by bib. */
static GPtrArray *
pg_charity_runners_list (SlDb    *db,
                         gint64   charity_id,
                         GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *runners;

  sl_pg_param_int64 (&params, charity_id);
  res = read_locked (db, "SELECT e.id, e.bib, e.first_name, e.last_name, s.target_pence,"
                         " s.raised_pence, e.status FROM charity_signup s"
                         " JOIN entrant e ON e.id = s.entrant_id WHERE s.charity_id = $1"
                         " ORDER BY length (e.bib), e.bib", &params, error);
  if (res == NULL)
    return NULL;
  runners = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_charity_runner_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlCharityRunner *runner = g_new0 (SlCharityRunner, 1);
      SlStatus status = SL_STATUS_REGISTERED;

      runner->entrant_id = sl_pg_int64 (res, i, 0);
      runner->bib = sl_pg_dup (res, i, 1);
      runner->first_name = sl_pg_dup (res, i, 2);
      runner->last_name = sl_pg_dup (res, i, 3);
      runner->target_pence = sl_pg_int64 (res, i, 4);
      runner->raised_pence = sl_pg_int64 (res, i, 5);
      sl_status_from_id (PQgetvalue (res, i, 6), &status);
      runner->status = status;
      g_ptr_array_add (runners, runner);
    }
  return runners;
}

static gboolean
pg_race_insert (SlDb    *db,
                SlRace  *race,
                GError **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_text (&params, race->code);
  sl_pg_param_text (&params, race->name);
  sl_pg_param_text (&params, race->kind);
  return sl_pg_run_int64 (db, "INSERT INTO race (code, name, kind) VALUES ($1, $2, $3)"
                              " RETURNING id", &params, &race->id, error);
}

static gboolean
pg_wave_insert (SlDb    *db,
                SlWave  *wave,
                GError **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_int64 (&params, wave->race_id);
  sl_pg_param_text (&params, wave->name);
  sl_pg_param_text (&params, wave->start_area);
  sl_pg_param_text (&params, wave->start_time);
  return sl_pg_run_int64 (db, "INSERT INTO wave (race_id, name, start_area, start_time)"
                              " VALUES ($1, $2, $3, $4) RETURNING id", &params, &wave->id,
                          error);
}

static gboolean
pg_charity_put (SlDb       *db,
                SlCharity  *charity,
                GError    **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_text (&params, charity->name);
  sl_pg_param_text (&params, charity->registered_number);
  sl_pg_param_text (&params, charity->contact_name);
  sl_pg_param_text (&params, charity->contact_email);
  sl_pg_param_int64 (&params, charity->places_allocated);
  sl_pg_param_int64 (&params, charity->minimum_pledge_pence);
  sl_pg_param_text (&params, sl_charity_bond_to_id (charity->bond));
  if (charity->id == 0)
    return sl_pg_run_int64 (db, "INSERT INTO charity (name, registered_number, contact_name,"
                                " contact_email, places_allocated, minimum_pledge_pence, bond)"
                                " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                            &params, &charity->id, error);
  sl_pg_param_int64 (&params, charity->id);
  return sl_pg_exec (db, "UPDATE charity SET name = $1, registered_number = $2,"
                         " contact_name = $3, contact_email = $4, places_allocated = $5,"
                         " minimum_pledge_pence = $6, bond = $7 WHERE id = $8", &params, error);
}

static gboolean
pg_signup_get (SlDb             *db,
               gint64            entrant_id,
               SlCharitySignup  *signup,
               GError          **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  memset (signup, 0, sizeof *signup);
  signup->entrant_id = entrant_id;
  sl_pg_param_int64 (&params, entrant_id);
  res = read_locked (db, "SELECT charity_id, target_pence, raised_pence FROM charity_signup"
                         " WHERE entrant_id = $1", &params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      signup->charity_id = sl_pg_int64 (res, 0, 0);
      signup->target_pence = sl_pg_int64 (res, 0, 1);
      signup->raised_pence = sl_pg_int64 (res, 0, 2);
    }
  return TRUE;
}

/* The one writer of charity_signup. */
static gboolean
pg_signup_put (SlDb                   *db,
               const SlCharitySignup  *signup,
               GError                **error)
{
  g_auto(SlPgParams) params = { 0 };

  if (sl_pg_bulk_put_signup (db, signup))
    return TRUE;
  sl_pg_param_int64 (&params, signup->entrant_id);
  if (signup->charity_id == 0)
    return sl_pg_exec (db, "DELETE FROM charity_signup WHERE entrant_id = $1", &params, error);
  sl_pg_param_int64 (&params, signup->charity_id);
  sl_pg_param_int64 (&params, signup->target_pence);
  sl_pg_param_int64 (&params, signup->raised_pence);
  return sl_pg_exec (db, "INSERT INTO charity_signup (entrant_id, charity_id, target_pence,"
                         " raised_pence) VALUES ($1, $2, $3, $4)"
                         " ON CONFLICT (entrant_id) DO UPDATE SET charity_id = excluded.charity_id,"
                         " target_pence = excluded.target_pence,"
                         " raised_pence = excluded.raised_pence", &params, error);
}

static gboolean
pg_stats_get (SlDb     *db,
              SlStats  *stats,
              GError  **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  memset (stats, 0, sizeof *stats);
  sl_pg_param_text (&params, sl_status_to_id (SL_STATUS_CHECKED_IN));
  sl_pg_param_text (&params, sl_status_to_id (SL_STATUS_WITHDRAWN));
  sl_pg_param_text (&params, sl_status_to_id (SL_STATUS_DEFERRED));
  /* One statement: one snapshot. */
  res = read_locked (db, "SELECT count(*), count(*) FILTER (WHERE status = $1),"
                         " count(*) FILTER (WHERE status = $2),"
                         " count(*) FILTER (WHERE status = $3),"
                         " (SELECT count(*) FROM charity), (SELECT count(*) FROM charity_signup),"
                         " count(*) FILTER (WHERE vip = 1) FROM entrant", &params, error);
  if (res == NULL)
    return FALSE;
  stats->entrants = sl_pg_int64 (res, 0, 0);
  stats->checked_in = sl_pg_int64 (res, 0, 1);
  stats->withdrawn = sl_pg_int64 (res, 0, 2);
  stats->deferred = sl_pg_int64 (res, 0, 3);
  stats->charities = sl_pg_int64 (res, 0, 4);
  stats->charity_runners = sl_pg_int64 (res, 0, 5);
  stats->vips = sl_pg_int64 (res, 0, 6);
  return TRUE;
}

static gboolean
pg_retention_days_get (SlDb     *db,
                       guint    *days,
                       GError  **error)
{
  g_autoptr(PGresult) res = read_locked (db, "SELECT retention_days FROM event WHERE id = 1",
                                         NULL, error);

  *days = 0;
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *days = (guint)MAX (sl_pg_int64 (res, 0, 0), 0);
  return TRUE;
}

/* The one writer of the event's retention delay. */
static gboolean
pg_retention_days_set (SlDb     *db,
                       guint     days,
                       GError  **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_int64 (&params, days);
  return sl_pg_exec (db, "UPDATE event SET retention_days = $1 WHERE id = 1", &params, error);
}

/* A server event is not copied into a file page by page as SQLite's
 * backup does: the server's own tools back it up (pg_dump, a standby),
 * and startline-cli copy writes a whole event into a new file. Refused
 * with what to use instead; nothing is written at dest_path.
 */
static gboolean
pg_backup (SlDb        *db,
           const char  *dest_path,
           GError     **error)
{
  g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
               _("A server event is not backed up into a file by Startline: back up the "
                 "database “%s” on the server with “pg_dump -Fc -f FILE %s”, or copy the "
                 "event into a new file with “startline-cli copy --from EVENT --to FILE”"),
               PQdb (sl_pg_get_conn (db)), PQdb (sl_pg_get_conn (db)));
  return FALSE;
}

void
sl_pg_event_install (SlDbClass *store_class)
{
  store_class->backup = pg_backup;
  store_class->event_get = pg_event_get;
  store_class->retention_days_get = pg_retention_days_get;
  store_class->retention_days_set = pg_retention_days_set;
  store_class->races_list = pg_races_list;
  store_class->waves_list = pg_waves_list;
  store_class->charities_list = pg_charities_list;
  store_class->race_insert = pg_race_insert;
  store_class->wave_insert = pg_wave_insert;
  store_class->charity_put = pg_charity_put;
  store_class->charity_summaries_list = pg_charity_summaries_list;
  store_class->charity_runners_list = pg_charity_runners_list;
  store_class->signup_get = pg_signup_get;
  store_class->signup_put = pg_signup_put;
  store_class->stats_get = pg_stats_get;
}
