/* sl-desk.c — small helpers for a registration desk's view of the event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-desk.h"

char *
sl_desk_dup_day_start_utc (const char *tz_id,
                           GDateTime  *now)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *seconds = NULL;

  /* The desk's day is the event's day, wherever the laptop's clock is set. */
  if (tz_id != NULL)
    tz = g_time_zone_new_identifier (tz_id);
  if (tz == NULL)
    tz = g_time_zone_new_local ();

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  local = g_date_time_to_timezone (current, tz);
  midnight = g_date_time_new (tz,
                              g_date_time_get_year (local),
                              g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local),
                              0, 0, 0);
  utc = g_date_time_to_utc (midnight);
  seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.000Z", seconds);
}

char *
sl_desk_dup_counter_text (gint64 at_desk_today,
                          gint64 checked_in,
                          gint64 entrants)
{
  g_autofree char *at_desk = NULL;

  /* The ' flag groups thousands by the locale (none in C). */
  at_desk = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%'lld checked in at this desk today",
                                          "%'lld checked in at this desk today",
                                          (gulong)at_desk_today),
                             (long long)at_desk_today);
  /* Translators: e.g. "12 checked in at this desk today · 340 of 50,000 checked in" */
  return g_strdup_printf (_("%s · %'lld of %'lld checked in"),
                          at_desk, (long long)checked_in, (long long)entrants);
}
