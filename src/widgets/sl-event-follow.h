/* sl-event-follow.h — a view that follows what other connections write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sl-db.h"

G_BEGIN_DECLS

/* Reads the event again for owner (its reload). */
typedef void (*SlEventFollowFunc) (gpointer owner);

/* Kept in the owner's instance (a page): while the owner is mapped it
 * polls its event (sl_db_poll_changes) every interval_ms; on the event's
 * "changed" it calls follow when the owner is mapped, and otherwise
 * remembers that it is stale and calls follow once mapped again.
 */
typedef struct
{
  /*< private >*/
  GtkWidget         *owner;
  SlEventFollowFunc  follow;
  guint              interval_ms;
  SlDb              *db;
  gulong             changed_id;
  guint              poll_source;
  gboolean           stale;
} SlEventFollow;

void sl_event_follow_init      (SlEventFollow     *self,
                                GtkWidget         *owner,
                                guint              interval_ms,
                                SlEventFollowFunc  follow);
/* Follows db (NULL: none) instead of the event followed before. */
void sl_event_follow_set_db    (SlEventFollow     *self,
                                SlDb              *db);
/* From the owner's map, after its parent's: follows what changed while it
 * was hidden, polls at once if poll_now, then every interval.
 */
void sl_event_follow_map       (SlEventFollow     *self,
                                gboolean           poll_now);
/* From the owner's unmap: no more polls until mapped again. */
void sl_event_follow_unmap     (SlEventFollow     *self);
/* The owner has just read the event: what changed while hidden is in. */
void sl_event_follow_caught_up (SlEventFollow     *self);
/* From the owner's dispose: drops the event and stops polling. */
void sl_event_follow_clear     (SlEventFollow     *self);

G_END_DECLS
