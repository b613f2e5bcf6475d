/* sl-event.c — the event, its races and waves, charities and sign-ups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-event.h"

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
