/* sl-door-window.h — door mode: counting people in and out of a facility
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"

G_BEGIN_DECLS

#define SL_TYPE_DOOR_WINDOW (sl_door_window_get_type ())
G_DECLARE_FINAL_TYPE (SlDoorWindow, sl_door_window, SL, DOOR_WINDOW, AdwWindow)

/* A window of its own for the facility's door (a second one for the same
 * facility is the first, presented again).
 */
SlDoorWindow *sl_door_window_present     (GtkWindow    *parent,
                                          SlDb         *db,
                                          gint64        facility_id);
gint64        sl_door_window_get_facility (SlDoorWindow *self);
/* As typing code into the bib field and pressing Enter. */
void          sl_door_window_scan        (SlDoorWindow *self,
                                          const char   *code);
/* As "Admit Anyway…" answered with reason (needs someone signed in who
 * may admit over capacity; the core checks).
 */
void          sl_door_window_admit       (SlDoorWindow *self,
                                          const char   *reason);
/* Reads the occupancy again. */
void          sl_door_window_refresh     (SlDoorWindow *self);
gboolean      sl_door_window_get_busy    (SlDoorWindow *self);
int           sl_door_window_get_inside  (SlDoorWindow *self);
const char   *sl_door_window_get_occupancy_text (SlDoorWindow *self);
/* NULL while there is nothing to warn of. */
const char   *sl_door_window_get_warning_text   (SlDoorWindow *self);
const char   *sl_door_window_get_result_text    (SlDoorWindow *self);
/* "Admit Anyway…" is offered (the last scan was refused at capacity). */
gboolean      sl_door_window_get_can_admit      (SlDoorWindow *self);

G_END_DECLS
