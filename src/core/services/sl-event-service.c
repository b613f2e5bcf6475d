/* sl-event-service.c — reading and changing the event, its races, waves
 * and charities, and the entrants' sign-ups, through the store
 *
 * The store reads and writes; the rules (what is stored for a missing
 * value, what may not be negative), the audit entries and their images
 * and the transactions are here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-desk.h"
#include "sl-event-service.h"
#include "sl-store.h"

SlEvent *
sl_db_dup_event (SlDb    *db,
                 GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return SL_STORE (db)->event_get (db, error);
}

GPtrArray *
sl_db_list_races (SlDb    *db,
                  GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return SL_STORE (db)->races_list (db, error);
}

GPtrArray *
sl_db_list_waves (SlDb    *db,
                  gint64   race_id,
                  GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return SL_STORE (db)->waves_list (db, race_id, error);
}

GPtrArray *
sl_db_list_charities (SlDb    *db,
                      GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return SL_STORE (db)->charities_list (db, error);
}

gboolean
sl_db_get_stats (SlDb     *db,
                 SlStats  *stats,
                 GError  **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);
  return SL_STORE (db)->stats_get (db, stats, error);
}

/* Optional text that is empty is stored as none. */
static char *
none_if_empty (char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* The audit entry of a row just inserted; takes its image. */
static gboolean
audit_insert (SlDb        *db,
              const char  *entity,
              gint64       id,
              char        *image,
              GError     **error)
{
  g_autofree char *after = image;

  return sl_db_audit (db, "insert", entity, id, NULL, after, error);
}

gboolean
sl_db_add_race_locked (SlDb    *db,
                       SlRace  *race,
                       GError **error)
{
  SlRace stored = *race;

  /* A race of no particular kind is "other". */
  if (stored.kind == NULL)
    stored.kind = (char *)"other";
  if (!SL_STORE (db)->race_insert (db, &stored, error))
    return FALSE;
  race->id = stored.id;
  return audit_insert (db, "race", stored.id, sl_race_dup_image (&stored), error);
}

gboolean
sl_db_add_wave_locked (SlDb    *db,
                       SlWave  *wave,
                       GError **error)
{
  SlWave stored = *wave;

  stored.start_area = none_if_empty (wave->start_area);
  stored.start_time = none_if_empty (wave->start_time);
  if (!SL_STORE (db)->wave_insert (db, &stored, error))
    return FALSE;
  wave->id = stored.id;
  return audit_insert (db, "wave", stored.id, sl_wave_dup_image (&stored), error);
}

gboolean
sl_db_add_charity_locked (SlDb       *db,
                          SlCharity  *charity,
                          GError    **error)
{
  SlCharity stored = *charity;

  stored.registered_number = none_if_empty (charity->registered_number);
  stored.contact_name = none_if_empty (charity->contact_name);
  stored.contact_email = none_if_empty (charity->contact_email);
  if (!SL_STORE (db)->charity_insert (db, &stored, error))
    return FALSE;
  charity->id = stored.id;
  return audit_insert (db, "charity", stored.id, sl_charity_dup_image (&stored),
                       error);
}

gboolean
sl_db_add_race (SlDb    *db,
                SlRace  *race,
                GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  return sl_db_run_write (db, (SlDbWriteFunc)sl_db_add_race_locked, race, error);
}

gboolean
sl_db_add_wave (SlDb    *db,
                SlWave  *wave,
                GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  return sl_db_run_write (db, (SlDbWriteFunc)sl_db_add_wave_locked, wave, error);
}

gboolean
sl_db_add_charity (SlDb       *db,
                   SlCharity  *charity,
                   GError    **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  return sl_db_run_write (db, (SlDbWriteFunc)sl_db_add_charity_locked, charity, error);
}

gboolean
sl_db_set_charity_signup_locked (SlDb                   *db,
                                 const SlCharitySignup  *signup,
                                 GError                **error)
{
  SlCharitySignup stored;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!SL_STORE (db)->signup_get (db, signup->entrant_id, &stored, error)
      || !SL_STORE (db)->signup_put (db, signup, error))
    return FALSE;
  before = sl_charity_signup_dup_image (&stored);
  after = sl_charity_signup_dup_image (signup);
  /* Signing up again for the same charity and amounts changes nothing. */
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  return sl_db_audit (db, after != NULL ? "charity-signup" : "charity-signup-removed",
                      "entrant", signup->entrant_id, before, after, error);
}

static gboolean
set_charity_signup_in_write (SlDb     *db,
                             gpointer  signup,
                             GError  **error)
{
  return sl_db_set_charity_signup_locked (db, signup, error);
}

gboolean
sl_db_set_charity_signup (SlDb    *db,
                          gint64   entrant_id,
                          gint64   charity_id,
                          gint64   target_pence,
                          gint64   raised_pence,
                          GError **error)
{
  SlCharitySignup signup = { entrant_id, charity_id, target_pence, raised_pence };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (target_pence < 0 || raised_pence < 0)
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           _("Fundraising amounts cannot be negative"));
      return FALSE;
    }
  /* To the store, charity 0 means no sign-up at all. */
  if (charity_id <= 0)
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT,
                           _("There is no such charity"));
      return FALSE;
    }
  return sl_db_run_write (db, set_charity_signup_in_write, &signup, error);
}

char *
sl_db_dup_day_start_utc (SlDb      *db,
                         GDateTime *now)
{
  g_autoptr(SlEvent) event = NULL;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  /* No event record: the day is the laptop's. */
  event = SL_STORE (db)->event_get (db, NULL);
  return sl_desk_dup_day_start_utc (event != NULL ? event->timezone : NULL, now);
}
