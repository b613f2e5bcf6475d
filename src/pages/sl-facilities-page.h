/* sl-facilities-page.h — the event's facilities: figures, slots,
 * bookings and waiting lists, and the door
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-slot-timeline.h"

G_BEGIN_DECLS

#define SL_TYPE_FACILITIES_PAGE (sl_facilities_page_get_type ())
G_DECLARE_FINAL_TYPE (SlFacilitiesPage, sl_facilities_page, SL, FACILITIES_PAGE, AdwBin)

GtkWidget      *sl_facilities_page_new                (SlDb             *db);
void            sl_facilities_page_set_db             (SlFacilitiesPage *self,
                                                       SlDb             *db);
/* Reads the facilities, the selected one's slots and the selected slot's
 * bookings again (the selections stay), and shows the controls the
 * signed-in roles may use.
 */
void            sl_facilities_page_reload             (SlFacilitiesPage *self);
guint           sl_facilities_page_get_n_facilities   (SlFacilitiesPage *self);
/* The selected facility's id, 0 when none. */
gint64          sl_facilities_page_get_selected_facility (SlFacilitiesPage *self);
gboolean        sl_facilities_page_select_facility    (SlFacilitiesPage *self,
                                                       gint64            facility_id);
SlSlotTimeline *sl_facilities_page_get_timeline       (SlFacilitiesPage *self);
/* The bookings shown for the selected slot (SlBooking, borrowed):
 * confirmed and arrived, and the waiting list in its order.
 */
GPtrArray      *sl_facilities_page_get_bookings       (SlFacilitiesPage *self);
GPtrArray      *sl_facilities_page_get_waiting        (SlFacilitiesPage *self);
gboolean        sl_facilities_page_select_booking     (SlFacilitiesPage *self,
                                                       gint64            booking_id);
/* A write (cancel, no-show, close, reopen) or an export is under way. */
gboolean        sl_facilities_page_get_busy           (SlFacilitiesPage *self);
/* Exports the selected facility's roster (whole_day) or its selected
 * slot's to path, as the file chooser's answer does.
 */
void            sl_facilities_page_export_to          (SlFacilitiesPage *self,
                                                       const char       *path,
                                                       gboolean          whole_day);

G_END_DECLS
