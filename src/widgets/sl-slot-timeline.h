/* sl-slot-timeline.h — a facility's slots drawn as bars of booked against
 * capacity, each a focusable child a screen reader reads as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sl-facilities.h"

G_BEGIN_DECLS

#define SL_TYPE_SLOT_TIMELINE (sl_slot_timeline_get_type ())
G_DECLARE_FINAL_TYPE (SlSlotTimeline, sl_slot_timeline, SL, SLOT_TIMELINE, GtkWidget)

GtkWidget *sl_slot_timeline_new               (void);
/* Shows the slots (SlSlotFigures, copied) of facility (for the slots'
 * spans); NULL: none. The slot selected stays selected when it is still
 * there, else the first is.
 */
void       sl_slot_timeline_set_slots         (SlSlotTimeline   *self,
                                               const SlFacility *facility,
                                               GArray           *figures);
guint      sl_slot_timeline_get_n_slots       (SlSlotTimeline   *self);
/* The selected slot's start (SL_SLOT_DAY for a drop-in facility's day),
 * SL_SLOT_ANY when there is none. "notify::selected-slot" follows it.
 */
int        sl_slot_timeline_get_selected_slot (SlSlotTimeline   *self);
gboolean   sl_slot_timeline_select_slot       (SlSlotTimeline   *self,
                                               int               slot);
/* What a screen reader is told of the bar at index:
 * "08:30–09:00: 8 of 10 booked, 2 waiting"; NULL past the end.
 */
char      *sl_slot_timeline_dup_label         (SlSlotTimeline   *self,
                                               guint             index) G_GNUC_WARN_UNUSED_RESULT;
/* The bar of the slot at index (focusable; the arrows move between them). */
GtkWidget *sl_slot_timeline_get_bar           (SlSlotTimeline   *self,
                                               guint             index);

G_END_DECLS
