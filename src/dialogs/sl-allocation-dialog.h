/* sl-allocation-dialog.h — book everyone a needs filter names into a
 * facility's slot, after a preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-need.h"

G_BEGIN_DECLS

#define SL_TYPE_ALLOCATION_DIALOG (sl_allocation_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlAllocationDialog, sl_allocation_dialog, SL, ALLOCATION_DIALOG, AdwWindow)

/* For the entrants whose needs filter matches (copied), described to the
 * officer as filter_text ("Approved · Neurodivergent · Blue"): asks for a
 * facility and a slot and previews what each person would get
 * (sl_db_preview_allocation) before anything is written. NULL with error
 * when the facilities cannot be read.
 */
SlAllocationDialog *sl_allocation_dialog_new         (SlDb               *db,
                                                      const SlNeedFilter *filter,
                                                      const char         *filter_text,
                                                      GError            **error);
/* Chooses a facility and one of its slots, as the drop-downs would;
 * FALSE when the facility is not offered or the slot is not its.
 */
gboolean            sl_allocation_dialog_choose      (SlAllocationDialog *self,
                                                      gint64              facility_id,
                                                      int                 slot);
/* The preview's (or, once allocated, the result's) rows, SlAllocationRow;
 * borrowed, NULL when there is none.
 */
GPtrArray          *sl_allocation_dialog_get_rows    (SlAllocationDialog *self);
/* The counts as said: "8 fit, 3 to the waiting list, 1 already booked",
 * or after allocating what was written.
 */
const char         *sl_allocation_dialog_get_summary (SlAllocationDialog *self);
/* Writes the preview (sl_db_allocate_async); FALSE when there is nothing
 * to allocate or a write is under way. Emits "allocated" when written.
 */
gboolean            sl_allocation_dialog_allocate    (SlAllocationDialog *self);
/* A write is under way. */
gboolean            sl_allocation_dialog_get_busy    (SlAllocationDialog *self);

G_END_DECLS
