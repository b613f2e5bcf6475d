/* sl-event.c — the event, its races and waves, charities and sign-ups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-event.h"
#include "sl-json-image.h"

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
