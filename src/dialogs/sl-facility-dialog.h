/* sl-facility-dialog.h — adding or changing a facility
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-facility.h"

G_BEGIN_DECLS

#define SL_TYPE_FACILITY_DIALOG (sl_facility_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlFacilityDialog, sl_facility_dialog, SL, FACILITY_DIALOG, AdwWindow)

/* Asks for a facility's kind, name, location, capacity, opening hours,
 * slot length (or drop-in) and the facility it is inside; facility NULL
 * adds one (sl_db_add_facility_async), else changes it
 * (sl_db_update_facility_async). Emits "saved" with the id and closes;
 * the core's refusal (a capacity below what is confirmed, say) is said in
 * the dialog, which keeps what was typed.
 */
SlFacilityDialog *sl_facility_dialog_present (GtkWindow        *parent,
                                              SlDb             *db,
                                              const SlFacility *facility);
/* As Save: FALSE when the form is refused at once (said in it). */
gboolean          sl_facility_dialog_save    (SlFacilityDialog *self);
gboolean          sl_facility_dialog_get_busy (SlFacilityDialog *self);

G_END_DECLS
