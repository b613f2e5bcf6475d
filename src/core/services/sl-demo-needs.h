/* sl-demo-needs.h — the demo's support needs (only sl-demo.c includes this)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"

G_BEGIN_DECLS

/* Who the demo's entrants are, as far as needs go: entrant ids (gint64)
 * of reserved disability places, of support runners, of the wheelchair
 * races, and the range of every id the demo added.
 */
typedef struct
{
  GArray *reserved;
  GArray *support;
  GArray *wheelchair;
  gint64  first_id;
  gint64  last_id;
} SlDemoPeople;

/* In the demo's write: about 3 needs per 100 entrants (1,500 at 50,000),
 * of every type and status, details and adjustments sealed to the event's
 * key, guide and support runners linked (entrants), some assistants
 * (companions), markers and consents; each audited. The same seed gives
 * the same needs. Nothing when the event has no key yet (no officer).
 */
gboolean sl_demo_add_needs_locked (SlDb               *db,
                                   const SlDemoPeople *people,
                                   guint64             seed,
                                   guint              *n_needs,
                                   GError            **error);

G_END_DECLS
