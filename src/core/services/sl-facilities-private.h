/* sl-facilities-private.h — the facilities' writes inside a caller's
 * transaction, for the demo (no role checked)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-facilities.h"

G_BEGIN_DECLS

/* As sl_db_add_facility, in the caller's write. */
gboolean    sl_db_add_facility_locked  (SlDb               *db,
                                        const SlFacility   *facility,
                                        gint64             *id,
                                        GError            **error);
/* As sl_db_book, in the caller's write. */
gboolean    sl_db_book_locked          (SlDb               *db,
                                        gint64              facility_id,
                                        gint64              entrant_id,
                                        int                 slot,
                                        int                 party,
                                        SlBookResult       *result,
                                        GError            **error);
/* As sl_db_enter_facility without an override, in the caller's write;
 * a booking held for several slots is picked as if it were minute (the
 * time of day; -1: now), so that the demo does not depend on the clock.
 */
gboolean    sl_db_enter_facility_locked (SlDb              *db,
                                        gint64              facility_id,
                                        gint64              entrant_id,
                                        int                 minute,
                                        SlDoorResult       *result,
                                        GError            **error);

G_END_DECLS
