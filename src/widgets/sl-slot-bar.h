/* sl-slot-bar.h — one slot of a facility drawn as a bar of booked against
 * capacity, with its figures written beside it (never colour alone)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sl-facilities.h"

G_BEGIN_DECLS

#define SL_TYPE_SLOT_BAR (sl_slot_bar_get_type ())
G_DECLARE_FINAL_TYPE (SlSlotBar, sl_slot_bar, SL, SLOT_BAR, GtkWidget)

/* span: "08:30–09:00" (the accessible label starts with it); start: the
 * short time drawn under the bar ("08:30", or "Day").
 */
GtkWidget           *sl_slot_bar_new          (void);
void                 sl_slot_bar_set_figures  (SlSlotBar           *self,
                                               const SlSlotFigures *figures,
                                               const char          *span,
                                               const char          *start);
const SlSlotFigures *sl_slot_bar_get_figures  (SlSlotBar           *self);
/* "08:30–09:00: 8 of 10 booked, 2 waiting" (", full" when it is). */
const char          *sl_slot_bar_get_label    (SlSlotBar           *self);
void                 sl_slot_bar_set_selected (SlSlotBar           *self,
                                               gboolean             selected);
gboolean             sl_slot_bar_get_selected (SlSlotBar           *self);

G_END_DECLS
