/* sl-export-consent.c — setting and reading a runner's consent to share
 * contact details with their charity (issue 18)
 *
 * One row per entrant in the store (contact_consent_put), none while not
 * asked; every change audited ("contact-consent" on the entrant, with
 * the consent before and after).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-db-task.h"
#include "sl-entrants-private.h"
#include "sl-export-private.h"
#include "sl-export-profile.h"
#include "sl-json-image.h"
#include "sl-store.h"

#define WORDING_MAX_CHARS 40

typedef struct
{
  gint64            entrant_id;
  SlContactConsent  consent;
  char             *wording_version;
} ConsentChange;

static void
consent_change_free (ConsentChange *change)
{
  g_free (change->wording_version);
  g_free (change);
}

static char *
dup_image (const SlContactConsentRecord *record)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "contact_consent",
                            sl_contact_consent_to_id (record != NULL ? record->consent
                                                                     : SL_CONTACT_CONSENT_NOT_ASKED));
  if (record != NULL)
    {
      sl_json_image_add_string (&image, "at", record->at);
      sl_json_image_add_string (&image, "wording_version", record->wording_version);
    }
  return sl_json_image_end_to_string (&image);
}

static SlContactConsentRecord *
read_locked (SlDb     *db,
             gint64    entrant_id,
             gboolean *ok,
             GError  **error)
{
  g_auto(GStrv) row = NULL;
  SlContactConsentRecord *record;
  SlContactConsent consent = SL_CONTACT_CONSENT_NOT_ASKED;

  *ok = SL_STORE (db)->contact_consent_get (db, entrant_id, &row, error);
  if (!*ok || row == NULL)
    return NULL;
  sl_contact_consent_from_id (row[0], &consent);
  record = g_new0 (SlContactConsentRecord, 1);
  record->entrant_id = entrant_id;
  record->consent = consent;
  record->at = g_strdup (row[1]);
  record->wording_version = g_strdup (row[2]);
  return record;
}

static gboolean
consent_in_write (SlDb     *db,
                  gpointer  data,
                  GError  **error)
{
  const ConsentChange *change = data;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(SlContactConsentRecord) before = NULL;
  g_autofree char *now = sl_db_now_utc ();
  g_autofree char *before_image = NULL;
  g_autofree char *after_image = NULL;
  SlContactConsentRecord after = { change->entrant_id, change->consent, now,
                                   change->wording_version };
  gboolean ok;

  if (!(entrant = sl_db_dup_entrant_locked (db, change->entrant_id, error)))
    return FALSE;
  before = read_locked (db, change->entrant_id, &ok, error);
  if (!ok)
    return FALSE;
  before_image = dup_image (before);
  after_image = dup_image (change->consent == SL_CONTACT_CONSENT_NOT_ASKED ? NULL : &after);
  if (g_strcmp0 (before_image, after_image) == 0)
    return TRUE;
  return SL_STORE (db)->contact_consent_put (db, change->entrant_id,
                                             change->consent == SL_CONTACT_CONSENT_NOT_ASKED
                                               ? NULL : sl_contact_consent_to_id (change->consent),
                                             now, change->wording_version, error)
         && sl_db_audit (db, "contact-consent", "entrant", change->entrant_id, before_image,
                         after_image, error);
}

static gboolean
check_change (SlContactConsent   consent,
              const char        *wording_version,
              GError           **error)
{
  if ((guint)consent >= SL_N_CONTACT_CONSENTS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No such consent"));
      return FALSE;
    }
  if (consent == SL_CONTACT_CONSENT_NOT_ASKED)
    return TRUE;
  if (wording_version == NULL || *wording_version == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A consent names the version of the wording it was given under"));
      return FALSE;
    }
  if (g_utf8_strlen (wording_version, -1) > WORDING_MAX_CHARS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The wording version is longer than %d characters"), WORDING_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

/* The change checked, then written in a write of its own, or in the
 * caller's (in_write).
 */
static gboolean
set_consent (SlDb              *db,
             gint64             entrant_id,
             SlContactConsent   consent,
             const char        *wording_version,
             gboolean           in_write,
             GError           **error)
{
  g_autofree char *version = g_strstrip (g_strdup (wording_version != NULL ? wording_version
                                                                            : ""));
  ConsentChange change = { entrant_id, consent, NULL };

  if (!check_change (consent, version, error))
    return FALSE;
  if (consent != SL_CONTACT_CONSENT_NOT_ASKED)
    change.wording_version = version;
  return in_write ? consent_in_write (db, &change, error)
                  : sl_db_run_write (db, consent_in_write, &change, error);
}

gboolean
sl_db_set_contact_consent (SlDb              *db,
                           gint64             entrant_id,
                           SlContactConsent   consent,
                           const char        *wording_version,
                           GError           **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  return set_consent (db, entrant_id, consent, wording_version, FALSE, error);
}

gboolean
sl_db_set_contact_consent_locked (SlDb              *db,
                                  gint64             entrant_id,
                                  SlContactConsent   consent,
                                  const char        *wording_version,
                                  GError           **error)
{
  return set_consent (db, entrant_id, consent, wording_version, TRUE, error);
}

SlContactConsentRecord *
sl_db_dup_contact_consent (SlDb     *db,
                           gint64    entrant_id,
                           GError  **error)
{
  gboolean ok;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  return read_locked (db, entrant_id, &ok, error);
}

static gboolean
set_consent_thread (SlDb      *connection,
                    gpointer   task_data,
                    GError   **error)
{
  ConsentChange *change = task_data;

  return sl_db_set_contact_consent (connection, change->entrant_id, change->consent,
                                    change->wording_version, error);
}

void
sl_db_set_contact_consent_async (SlDb               *db,
                                 gint64              entrant_id,
                                 SlContactConsent    consent,
                                 const char         *wording_version,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  ConsentChange *change = g_new0 (ConsentChange, 1);

  g_return_if_fail (SL_IS_DB (db));

  change->entrant_id = entrant_id;
  change->consent = consent;
  change->wording_version = g_strdup (wording_version);
  sl_db_task_run_boolean (db, SL_DB_TASK_WRITE, sl_db_set_contact_consent_async, change,
                          (GDestroyNotify)consent_change_free, set_consent_thread, cancellable,
                          callback, user_data);
}

gboolean
sl_db_set_contact_consent_finish (SlDb          *db,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == sl_db_set_contact_consent_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
