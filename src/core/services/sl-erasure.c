/* sl-erasure.c — erasing a person, and the event's retention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-entrant.h"
#include "sl-erasure.h"
#include "sl-json-image.h"
#include "sl-need.h"
#include "sl-session.h"
#include "sl-store.h"

typedef struct
{
  gint64       entrant_id;
  const char  *reason;
  int          after_days;
  guint        n_erased;
  guint        n_needs;
  guint        n_notes;
} Erasure;

static gboolean
check_reason (const char  *reason,
              GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           _("An erasure needs a reason"));
      return FALSE;
    }
  return sl_text_check (reason, "", SL_REASON_MAX_CHARS, _("the reason"), SL_DB_ERROR,
                        SL_DB_ERROR_INVALID, error);
}

/* The need's sealed detail and adjustments removed (and a decline's
 * reason, free text, replaced by the mark); its status, type and who
 * decided stay for the counts.
 */
static gboolean
clear_need (SlDb    *db,
            gint64   need_id,
            GError **error)
{
  g_autoptr(SlNeed) need = SL_STORE (db)->need_get (db, need_id, TRUE, error);

  if (need == NULL)
    return FALSE;
  g_clear_pointer (&need->detail_sealed, g_bytes_unref);
  g_clear_pointer (&need->adjustments_sealed, g_bytes_unref);
  need->has_detail = FALSE;
  need->has_adjustments = FALSE;
  if (need->decline_reason != NULL)
    {
      g_free (need->decline_reason);
      need->decline_reason = g_strdup (SL_ERASED_MARK);
    }
  return SL_STORE (db)->need_put (db, need, error);
}

static gboolean
clear_needs (SlDb     *db,
             gint64    entrant_id,
             guint    *n_needs,
             GError  **error)
{
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  g_autoptr(GPtrArray) needs = NULL;

  filter.entrant_id = entrant_id;
  if (!(needs = SL_STORE (db)->needs_list (db, &filter, NULL, error)))
    return FALSE;
  for (guint i = 0; i < needs->len; i++)
    if (!clear_need (db, ((SlNeed *)needs->pdata[i])->id, error))
      return FALSE;
  *n_needs += needs->len;
  return TRUE;
}

/* The entrant's own links (a companion's name and phone among them) and
 * markers go.
 */
static gboolean
clear_links_and_markers (SlDb    *db,
                         gint64   entrant_id,
                         GError **error)
{
  g_autoptr(GPtrArray) links = SL_STORE (db)->links_list (db, entrant_id, error);
  guint markers = 0;

  if (links == NULL || !SL_STORE (db)->markers_get (db, entrant_id, &markers, error))
    return FALSE;
  for (guint i = 0; i < links->len; i++)
    {
      SlEntrantLink *link = links->pdata[i];

      if (link->entrant_id == entrant_id && !SL_STORE (db)->link_put (db, link, TRUE, error))
        return FALSE;
    }
  for (int m = 0; m < 32; m++)
    {
      gboolean changed = FALSE;

      if ((markers & (1u << m)) != 0
          && !SL_STORE (db)->marker_put (db, entrant_id, (SlMarker)m, FALSE, &changed, error))
        return FALSE;
    }
  return TRUE;
}

/* The entrant's consent to share contact details with a charity goes
 * (not asked: no row), and the reasons a visit was let in over capacity
 * (free text about them) are replaced by the mark; the visits themselves
 * stay for the facilities' counts.
 */
static gboolean
clear_consent_and_visits (SlDb    *db,
                          gint64   entrant_id,
                          GError **error)
{
  g_autoptr(GPtrArray) visits = NULL;

  if (!SL_STORE (db)->contact_consent_put (db, entrant_id, NULL, NULL, NULL, error)
      || !(visits = SL_STORE (db)->visits_list (db, entrant_id, error)))
    return FALSE;
  for (guint i = 0; i < visits->len; i++)
    {
      SlFacilityVisit *visit = visits->pdata[i];

      if (visit->over_capacity_reason == NULL)
        continue;
      g_free (visit->over_capacity_reason);
      visit->over_capacity_reason = g_strdup (SL_ERASED_MARK);
      if (!SL_STORE (db)->visit_put (db, visit, error))
        return FALSE;
    }
  return TRUE;
}

/* What stays of an erased entrant: what counts and totals need. */
static SlEntrant *
dup_erased (const SlEntrant *entrant)
{
  SlEntrant *erased = sl_entrant_copy (entrant);

  g_free (erased->first_name);
  erased->first_name = g_strdup (SL_ERASED_MARK);
  g_free (erased->last_name);
  erased->last_name = g_strdup (SL_ERASED_MARK);
  g_clear_pointer (&erased->booking_ref, g_free);
  g_clear_pointer (&erased->date_of_birth, g_free);
  erased->age = -1;
  erased->gender = SL_GENDER_UNKNOWN;
  g_clear_pointer (&erased->nationality, g_free);
  g_clear_pointer (&erased->club, g_free);
  g_clear_pointer (&erased->email, g_free);
  g_clear_pointer (&erased->phone, g_free);
  g_clear_pointer (&erased->emergency_contact, g_free);
  g_clear_pointer (&erased->costume, g_free);
  g_clear_pointer (&erased->notes, g_free);
  return erased;
}

static char *
dup_summary (const char *reason,
             gint64      entrant_id,
             int         days,
             guint       n_needs,
             guint       n_notes,
             guint       n_erased)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  if (entrant_id > 0)
    sl_json_image_add_int (&image, "entrant_id", entrant_id);
  if (reason != NULL)
    sl_json_image_add_string (&image, "reason", reason);
  if (days >= 0)
    sl_json_image_add_int (&image, "after_days", days);
  sl_json_image_add_int (&image, "needs", n_needs);
  if (entrant_id == 0)
    sl_json_image_add_int (&image, "notes", n_notes);
  sl_json_image_add_int (&image, "erased_entries", n_erased);
  return sl_json_image_end_to_string (&image);
}

static gboolean
erase_locked (SlDb      *db,
              gpointer   data,
              GError   **error)
{
  Erasure *erasure = data;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(SlEntrant) erased = NULL;
  g_autofree char *summary = NULL;

  entrant = SL_STORE (db)->dup_entrant (db, erasure->entrant_id, error);
  if (entrant == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_FOUND, _("No entrant with id %lld"),
                     (long long)erasure->entrant_id);
      return FALSE;
    }
  erased = dup_erased (entrant);
  /* The audit entries are erased first: the need, booking and link rows
   * they are found by are still there.
   */
  if (!SL_STORE (db)->audit_erase_entrant (db, entrant->id, &erasure->n_erased, error)
      || !SL_STORE (db)->update_entrant (db, entrant, erased, error)
      || !clear_needs (db, entrant->id, &erasure->n_needs, error)
      || !clear_links_and_markers (db, entrant->id, error)
      || !clear_consent_and_visits (db, entrant->id, error)
      || !SL_STORE (db)->compact_erased (db, error))
    return FALSE;
  summary = dup_summary (erasure->reason, entrant->id, -1, erasure->n_needs, 0,
                         erasure->n_erased);
  return sl_db_audit (db, "erase", "entrant", entrant->id, NULL, summary, error);
}

/* After the commit: no older copy left in the store's files, or why not
 * (the store's message says what is left and what finishes it).
 */
static char *
finish_erasure (SlDb       *db,
                const char *done)
{
  g_autoptr(GError) error = NULL;
  gboolean complete = FALSE;

  if (!SL_STORE (db)->checkpoint_erased (db, &complete, &error))
    /* TRANSLATORS: what was erased; then what is left of it, and why */
    return g_strdup_printf (_("%s; %s"), done, error->message);
  if (!complete)
    return g_strdup_printf (_("%s; another window or command is reading the event, so the "
                              "journal still holds older copies until the last one closes"),
                            done);
  return g_strdup (done);
}

gboolean
sl_db_erase_entrant (SlDb        *db,
                     gint64       entrant_id,
                     const char  *reason,
                     char       **message,
                     GError     **error)
{
  Erasure erasure = { 0 };
  g_autofree char *done = NULL;
  g_autofree char *line = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_ERASE, error) || !check_reason (reason, error))
    return FALSE;
  erasure.entrant_id = entrant_id;
  erasure.reason = reason;
  if (!sl_db_run_write (db, erase_locked, &erasure, error))
    return FALSE;

  done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Erased entrant %lld: %u audit entry "
                                       "emptied", "Erased entrant %lld: %u audit entries "
                                       "emptied", erasure.n_erased),
                          (long long)entrant_id, erasure.n_erased);
  line = finish_erasure (db, done);
  if (message != NULL)
    *message = g_steal_pointer (&line);
  return TRUE;
}

gboolean
sl_db_get_retention_days (SlDb     *db,
                          guint    *days,
                          GError  **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  return SL_STORE (db)->retention_days_get (db, days, error);
}

/* The first day (the event's own date) retention may run: the event's
 * date plus the delay, plus one, as the delay must be past.
 */
static GDate *
dup_first_retention_day (const char *event_date,
                         guint       days)
{
  GDate *date = g_date_new ();

  g_date_set_parse (date, event_date);
  if (!g_date_valid (date))
    {
      g_date_free (date);
      return NULL;
    }
  g_date_add_days (date, days + 1);
  return date;
}

static gboolean
retention_locked (SlDb      *db,
                  gpointer   data,
                  GError   **error)
{
  Erasure *erasure = data;
  g_autoptr(SlEvent) event = SL_STORE (db)->event_get (db, error);
  g_autoptr(GDateTime) now = g_date_time_new_now (sl_db_get_event_timezone (db));
  g_autoptr(GPtrArray) needs = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  g_autofree char *summary = NULL;
  GDate *first = NULL;
  GDate today;
  guint days = 0;
  char first_text[16];

  if (event == NULL)
    return FALSE;
  if (erasure->after_days >= 0)
    {
      if (!SL_STORE (db)->retention_days_set (db, (guint)erasure->after_days, error))
        return FALSE;
    }
  if (!SL_STORE (db)->retention_days_get (db, &days, error))
    return FALSE;
  first = dup_first_retention_day (event->date, days);
  if (first == NULL)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT, _("The event's date “%s” is not a date"),
                   event->date);
      return FALSE;
    }
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay)g_date_time_get_day_of_month (now),
                  (GDateMonth)g_date_time_get_month (now), (GDateYear)g_date_time_get_year (now));
  g_date_strftime (first_text, sizeof first_text, "%Y-%m-%d", first);
  if (g_date_compare (&today, first) < 0)
    {
      g_set_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED,
                   _("Retention can run from %s (%u days after the event on %s), not before"),
                   first_text, days, event->date);
      g_date_free (first);
      return FALSE;
    }
  g_date_free (first);

  if (!SL_STORE (db)->audit_erase_special (db, &erasure->n_erased, error)
      || !(needs = SL_STORE (db)->needs_list (db, &filter, NULL, error)))
    return FALSE;
  for (guint i = 0; i < needs->len; i++)
    if (!clear_need (db, ((SlNeed *)needs->pdata[i])->id, error))
      return FALSE;
  erasure->n_needs = needs->len;
  if (!SL_STORE (db)->clear_notes (db, &erasure->n_notes, error)
      || !SL_STORE (db)->compact_erased (db, error))
    return FALSE;
  summary = dup_summary (NULL, 0, (int)days, erasure->n_needs, erasure->n_notes,
                         erasure->n_erased);
  return sl_db_audit (db, "retention", "event", 1, NULL, summary, error);
}

gboolean
sl_db_run_retention (SlDb        *db,
                     int          after_days,
                     char       **message,
                     GError     **error)
{
  Erasure erasure = { 0 };
  g_autofree char *done = NULL;
  g_autofree char *line = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_ERASE, error))
    return FALSE;
  if (after_days > SL_RETENTION_DAYS_MAX)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                   _("The retention delay must be between 0 and %d days"), SL_RETENTION_DAYS_MAX);
      return FALSE;
    }
  erasure.after_days = after_days;
  if (!sl_db_run_write (db, retention_locked, &erasure, error))
    return FALSE;

  done = g_strdup_printf (_("Retention: %u needs' details and %u entrants' notes removed, "
                            "%u audit entries emptied"),
                          erasure.n_needs, erasure.n_notes, erasure.n_erased);
  line = finish_erasure (db, done);
  if (message != NULL)
    *message = g_steal_pointer (&line);
  return TRUE;
}
