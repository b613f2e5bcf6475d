/* sl-demo-facilities.h — the demo's facilities (only sl-demo.c includes this)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-demo-needs.h"

G_BEGIN_DECLS

/* In the demo's write: London-like facilities (calm spaces, a faith space,
 * a family area with a breastfeeding room inside it, Changing Places
 * toilets, a welfare hub), bookings with waiting lists and people inside,
 * each audited. The same seed gives the same ones. Nothing for an event
 * of fewer than 50 entrants.
 */
gboolean sl_demo_add_facilities_locked (SlDb               *db,
                                        const SlDemoPeople *people,
                                        guint64             seed,
                                        guint              *n_bookings,
                                        GError            **error);

G_END_DECLS
