/* sl-booking-text.h — facilities, slots and bookings in words, and the
 * lists that pick them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sl-facilities.h"

G_BEGIN_DECLS

/* "3rd", "11th", "22nd": a place in a waiting list. */
char          *sl_ordinal_dup            (int                n) G_GNUC_WARN_UNUSED_RESULT;
/* "08:30–09:00"; a drop-in facility's day: "08:00–18:00, drop-in". */
char          *sl_slot_dup_label         (const SlFacility  *facility,
                                          int                slot) G_GNUC_WARN_UNUSED_RESULT;
/* "08:30–09:00" whatever the slot: the label above a slot timeline's
 * figures (also the Facilities page's heading).
 */
char          *sl_slot_dup_span_text     (const SlFacility  *facility,
                                          int                slot) G_GNUC_WARN_UNUSED_RESULT;
/* "Calm space, Finish" (the name and, when it has one, the location). */
char          *sl_facility_dup_place     (const SlFacility  *facility) G_GNUC_WARN_UNUSED_RESULT;
/* "confirmed", "waiting, 3rd", "arrived" … */
char          *sl_booking_dup_status     (SlBookingStatus    status,
                                          int                position) G_GNUC_WARN_UNUSED_RESULT;
/* The slot and status: "08:30–09:00, confirmed" (facility may be NULL:
 * the slot as its start time).
 */
char          *sl_booking_dup_when       (const SlBooking   *booking,
                                          const SlFacility  *facility) G_GNUC_WARN_UNUSED_RESULT;
/* The whole booking: "Calm space, Finish — 08:30–09:00, confirmed", with
 * "for NAME" when it is a companion's. Never a need's type or detail.
 */
char          *sl_booking_dup_text       (const SlBooking   *booking,
                                          const SlFacility  *facility) G_GNUC_WARN_UNUSED_RESULT;

/* The open facilities of the event (SlFacility), in name order; a
 * closed one takes no bookings.
 */
GPtrArray     *sl_facilities_dup_open   (SlDb              *db,
                                          GError           **error) G_GNUC_WARN_UNUSED_RESULT;
/* The labels of facilities for a drop-down: "Calm space, Finish". */
GtkStringList *sl_facility_labels_new    (GPtrArray         *facilities) G_GNUC_WARN_UNUSED_RESULT;
/* The labels of the facility's slots with their figures ("08:30–09:00 ·
 * 6 of 10 booked, 2 waiting"); *slots gets the slots' starts. Without db
 * (or when the figures cannot be read) the times alone.
 */
GtkStringList *sl_slot_labels_new        (SlDb              *db,
                                          const SlFacility  *facility,
                                          GArray           **slots) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
