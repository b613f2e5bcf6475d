/* sl-desk.h — small helpers for a registration desk's view of the event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-types.h"

G_BEGIN_DECLS

/* The start of the event-local day that contains now (NULL: the current
 * time), as a stored UTC timestamp: what "checked in today" counts from.
 * The event's time zone is read from the store (services/sl-event-service.c).
 */
char *sl_db_dup_day_start_utc (SlDb      *db,
                               GDateTime *now) G_GNUC_WARN_UNUSED_RESULT;
/* The same in a time zone by its identifier (NULL or unknown: local). */
char *sl_desk_dup_day_start_utc (const char *tz_id,
                                 GDateTime  *now) G_GNUC_WARN_UNUSED_RESULT;

/* The desk's live counter, numbers grouped as the locale writes them:
 * "12 checked in at this desk today · 3,456 of 50,000 checked in".
 */
char *sl_desk_dup_counter_text (gint64 at_desk_today,
                                gint64 checked_in,
                                gint64 entrants) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
