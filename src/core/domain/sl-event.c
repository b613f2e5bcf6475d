/* sl-event.c — the event, its races and waves, charities and sign-ups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-event.h"
#include "sl-json-image.h"

G_DEFINE_QUARK (sl-charity-error-quark, sl_charity_error)

void
sl_event_free (SlEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->name);
  g_free (event->date);
  g_free (event->venue);
  g_free (event->timezone);
  g_free (event);
}

void
sl_race_free (SlRace *race)
{
  if (race == NULL)
    return;
  g_free (race->code);
  g_free (race->name);
  g_free (race->kind);
  g_free (race);
}

void
sl_wave_free (SlWave *wave)
{
  if (wave == NULL)
    return;
  g_free (wave->name);
  g_free (wave->start_area);
  g_free (wave->start_time);
  g_free (wave);
}

void
sl_charity_free (SlCharity *charity)
{
  if (charity == NULL)
    return;
  g_free (charity->name);
  g_free (charity->registered_number);
  g_free (charity->contact_name);
  g_free (charity->contact_email);
  g_free (charity);
}

void
sl_charity_summary_free (SlCharitySummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->charity.name);
  g_free (summary->charity.registered_number);
  g_free (summary->charity.contact_name);
  g_free (summary->charity.contact_email);
  g_free (summary);
}

void
sl_charity_runner_free (SlCharityRunner *runner)
{
  if (runner == NULL)
    return;
  g_free (runner->bib);
  g_free (runner->first_name);
  g_free (runner->last_name);
  g_free (runner);
}

static const char * const bond_ids[SL_N_CHARITY_BONDS] = {
  [SL_CHARITY_BOND_NONE] = "none",
  [SL_CHARITY_BOND_SILVER] = "silver",
  [SL_CHARITY_BOND_GOLDEN] = "golden",
};

const char *
sl_charity_bond_to_id (SlCharityBond bond)
{
  g_return_val_if_fail ((guint)bond < SL_N_CHARITY_BONDS, "none");
  return bond_ids[bond];
}

gboolean
sl_charity_bond_from_id (const char    *id,
                         SlCharityBond *bond)
{
  for (guint i = 0; id != NULL && i < SL_N_CHARITY_BONDS; i++)
    if (g_ascii_strcasecmp (id, bond_ids[i]) == 0)
      {
        *bond = (SlCharityBond)i;
        return TRUE;
      }
  return FALSE;
}

const char *
sl_charity_bond_to_label (SlCharityBond bond)
{
  switch (bond)
    {
    case SL_CHARITY_BOND_GOLDEN:
      return _("Golden Bond");
    case SL_CHARITY_BOND_SILVER:
      return _("Silver Bond");
    case SL_CHARITY_BOND_NONE:
    default:
      return _("No bond");
    }
}

guint
sl_charity_bond_entries_per_year (SlCharityBond bond)
{
  return bond == SL_CHARITY_BOND_GOLDEN ? 4 : bond == SL_CHARITY_BOND_SILVER ? 2 : 0;
}

gboolean
sl_charity_summary_is_over (const SlCharitySummary *summary)
{
  return summary->places_used > summary->charity.places_allocated;
}

guint
sl_charity_summary_fill_percent (const SlCharitySummary *summary)
{
  if (summary->charity.places_allocated <= 0)
    return 0;
  return (guint)((summary->places_used * 100 + summary->charity.places_allocated / 2)
                 / summary->charity.places_allocated);
}

gboolean
sl_charity_validate (const SlCharity  *charity,
                     GError          **error)
{
  const char *message = NULL;

  if (sl_text_is_blank (charity->name))
    message = _("A charity needs a name");
  else if (!sl_text_check (charity->name, "", SL_CHARITY_NAME_MAX_CHARS, _("The charity’s name"),
                           SL_CHARITY_ERROR, SL_CHARITY_ERROR_INVALID, error))
    return FALSE;
  else if (charity->places_allocated < 0)
    message = _("Places allocated cannot be negative");
  else if (charity->minimum_pledge_pence < 0)
    message = _("The minimum pledge cannot be negative");
  else if ((guint)charity->bond >= SL_N_CHARITY_BONDS)
    message = _("A bond is golden, silver or none");
  if (message == NULL)
    return TRUE;
  g_set_error_literal (error, SL_CHARITY_ERROR, SL_CHARITY_ERROR_INVALID, message);
  return FALSE;
}

/* Pounds: digits, or groups of three after the first one to three,
 * separated by commas. Returns where they end, NULL when malformed.
 */
static const char *
parse_pounds (const char *p,
              gint64     *pounds)
{
  guint digits = 0, group = 0;
  gboolean commas = FALSE;

  *pounds = 0;
  for (;; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (*pounds > G_MAXINT64 / 1000)
            return NULL;
          *pounds = *pounds * 10 + (*p - '0');
          digits++;
          group++;
        }
      else if (*p == ',' && group > 0 && (commas ? group == 3 : group <= 3)
               && g_ascii_isdigit (p[1]))
        {
          commas = TRUE;
          group = 0;
        }
      else
        break;
    }
  if (digits == 0 || (commas && group != 3))
    return NULL;
  return p;
}

gboolean
sl_money_parse (const char  *text,
                gint64      *pence,
                GError     **error)
{
  const char *p = text;
  gint64 pounds, fraction = 0;

  g_return_val_if_fail (text != NULL && pence != NULL, FALSE);

  while (g_ascii_isspace (*p))
    p++;
  if (g_str_has_prefix (p, "£"))
    p += strlen ("£");
  while (g_ascii_isspace (*p))
    p++;
  p = parse_pounds (p, &pounds);
  if (p != NULL && *p == '.')
    {
      p++;
      if (!g_ascii_isdigit (p[0]))
        p = NULL;
      else
        {
          fraction = (p[0] - '0') * 10;
          p++;
          if (g_ascii_isdigit (p[0]))
            fraction += *p++ - '0';
        }
    }
  while (p != NULL && g_ascii_isspace (*p))
    p++;
  if (p == NULL || *p != '\0' || pounds > G_MAXINT64 / 100 - 1)
    {
      g_set_error (error, SL_CHARITY_ERROR, SL_CHARITY_ERROR_INVALID,
                   _("“%s” is not an amount of money (write it as 1234.50 or £1,234.50)"), text);
      return FALSE;
    }
  *pence = pounds * 100 + fraction;
  return TRUE;
}

char *
sl_money_dup_plain (gint64 pence)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", pence < 0 ? "-" : "",
                          ABS (pence) / 100, (int)(ABS (pence) % 100));
}

/* The audit images: each row as stored, its columns in the table's order
 * (its id is the audit entry's).
 */

char *
sl_event_dup_image (const SlEvent *event)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "name", event->name);
  sl_json_image_add_string (&image, "date", event->date);
  sl_json_image_add_string (&image, "venue", event->venue);
  sl_json_image_add_string (&image, "timezone", event->timezone);
  return sl_json_image_end_to_string (&image);
}

char *
sl_race_dup_image (const SlRace *race)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "code", race->code);
  sl_json_image_add_string (&image, "name", race->name);
  sl_json_image_add_string (&image, "kind", race->kind);
  return sl_json_image_end_to_string (&image);
}

char *
sl_wave_dup_image (const SlWave *wave)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "race_id", wave->race_id);
  sl_json_image_add_string (&image, "name", wave->name);
  sl_json_image_add_string (&image, "start_area", wave->start_area);
  sl_json_image_add_string (&image, "start_time", wave->start_time);
  return sl_json_image_end_to_string (&image);
}

char *
sl_charity_dup_image (const SlCharity *charity)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "name", charity->name);
  sl_json_image_add_string (&image, "registered_number", charity->registered_number);
  sl_json_image_add_string (&image, "contact_name", charity->contact_name);
  sl_json_image_add_string (&image, "contact_email", charity->contact_email);
  sl_json_image_add_int (&image, "places_allocated", charity->places_allocated);
  sl_json_image_add_int (&image, "minimum_pledge_pence", charity->minimum_pledge_pence);
  sl_json_image_add_string (&image, "bond", sl_charity_bond_to_id (charity->bond));
  return sl_json_image_end_to_string (&image);
}

char *
sl_charity_signup_dup_image (const SlCharitySignup *signup)
{
  SlJsonImage image;

  if (signup->charity_id == 0)
    return NULL;
  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "charity_id", signup->charity_id);
  sl_json_image_add_int (&image, "target_pence", signup->target_pence);
  sl_json_image_add_int (&image, "raised_pence", signup->raised_pence);
  return sl_json_image_end_to_string (&image);
}
