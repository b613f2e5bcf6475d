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
#include "sl-session.h"
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
  stored.id = 0;
  if (!SL_STORE (db)->charity_put (db, &stored, error))
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

/* The charity with this id as stored; FALSE with SL_CHARITY_ERROR_NOT_FOUND
 * when there is none.
 */
static SlCharity *
dup_charity_by_id (SlDb    *db,
                   gint64   id,
                   GError **error)
{
  g_autoptr(GPtrArray) charities = SL_STORE (db)->charities_list (db, error);

  for (guint i = 0; charities != NULL && i < charities->len; i++)
    {
      SlCharity *charity = charities->pdata[i];

      if (charity->id == id)
        return g_ptr_array_steal_index (charities, i);
    }
  if (charities != NULL)
    g_set_error_literal (error, SL_CHARITY_ERROR, SL_CHARITY_ERROR_NOT_FOUND,
                         _("There is no such charity"));
  return NULL;
}

static gboolean
update_charity_in_write (SlDb     *db,
                         gpointer  data,
                         GError  **error)
{
  const SlCharity *charity = data;
  SlCharity stored = *charity;
  g_autoptr(SlCharity) old = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!(old = dup_charity_by_id (db, charity->id, error)))
    return FALSE;
  stored.registered_number = none_if_empty (charity->registered_number);
  stored.contact_name = none_if_empty (charity->contact_name);
  stored.contact_email = none_if_empty (charity->contact_email);
  before = sl_charity_dup_image (old);
  after = sl_charity_dup_image (&stored);
  /* A save that changes nothing writes no entry. */
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  if (!SL_STORE (db)->charity_put (db, &stored, error))
    return FALSE;
  return sl_db_audit (db, "update", "charity", stored.id, before, after, error);
}

/* The charity as saved: a name without the spaces around it. */
static SlCharity
trimmed_charity (const SlCharity *charity,
                 char           **name)
{
  SlCharity trimmed = *charity;

  *name = g_strstrip (g_strdup (charity->name != NULL ? charity->name : ""));
  trimmed.name = *name;
  return trimmed;
}

gboolean
sl_db_save_charity (SlDb       *db,
                    SlCharity  *charity,
                    GError    **error)
{
  g_autofree char *name = NULL;
  SlCharity trimmed;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (charity != NULL, FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_CHARITIES, error)
      || !sl_charity_validate (charity, error))
    return FALSE;
  trimmed = trimmed_charity (charity, &name);
  if (charity->id == 0)
    {
      if (!sl_db_run_write (db, (SlDbWriteFunc)sl_db_add_charity_locked, &trimmed, error))
        return FALSE;
      charity->id = trimmed.id;
      return TRUE;
    }
  return sl_db_run_write (db, update_charity_in_write, &trimmed, error);
}

SlCharity *
sl_db_find_charity (SlDb        *db,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(GPtrArray) charities = NULL;
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!(charities = SL_STORE (db)->charities_list (db, error)))
    return NULL;
  wanted = g_utf8_casefold (g_strstrip (g_strdup (name)), -1);
  for (guint i = 0; i < charities->len; i++)
    {
      SlCharity *charity = charities->pdata[i];
      g_autofree char *folded = g_utf8_casefold (charity->name, -1);

      if (g_strcmp0 (folded, wanted) == 0)
        return g_ptr_array_steal_index (charities, i);
    }
  g_set_error (error, SL_CHARITY_ERROR, SL_CHARITY_ERROR_NOT_FOUND,
               _("There is no charity called “%s”"), name);
  return NULL;
}

GPtrArray *
sl_db_list_charity_summaries (SlDb    *db,
                              GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!sl_db_require (db, SL_ACTION_READ_CHARITIES, error))
    return NULL;
  return SL_STORE (db)->charity_summaries_list (db, error);
}

GPtrArray *
sl_db_list_charity_runners (SlDb    *db,
                            gint64   charity_id,
                            GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!sl_db_require (db, SL_ACTION_READ_CHARITIES, error))
    return NULL;
  return SL_STORE (db)->charity_runners_list (db, charity_id, error);
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
