/* sl-entrant-needs-dialog.h — one entrant's needs, people linked and markers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-need.h"

G_BEGIN_DECLS

#define SL_TYPE_ENTRANT_NEEDS_DIALOG (sl_entrant_needs_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlEntrantNeedsDialog, sl_entrant_needs_dialog, SL, ENTRANT_NEEDS_DIALOG,
                      AdwWindow)

/* NULL with error when the entrant or their needs cannot be read. */
SlEntrantNeedsDialog *sl_entrant_needs_dialog_new       (SlDb                 *db,
                                                         gint64                entrant_id,
                                                         GError              **error);
/* Sets or clears a marker as its switch would (written asynchronously). */
void                  sl_entrant_needs_dialog_set_marker (SlEntrantNeedsDialog *self,
                                                         SlMarker              marker,
                                                         gboolean              on);
/* Adds a link from the form (kind, bib, or an assistant's name, phone,
 * pass), asynchronously; FALSE when the form is refused at once.
 */
gboolean              sl_entrant_needs_dialog_add_link  (SlEntrantNeedsDialog *self);
/* Books the facility and slot chosen in the form for the party set there
 * (sl_db_book_async); FALSE when none is chosen or a write is under way.
 */
gboolean              sl_entrant_needs_dialog_book      (SlEntrantNeedsDialog *self);
/* Cancels one of the entrant's bookings (sl_db_cancel_booking_async); the
 * dialog then says who was promoted from the waiting list.
 */
gboolean              sl_entrant_needs_dialog_cancel_booking (SlEntrantNeedsDialog *self,
                                                         gint64                booking_id);
/* The last thing the dialog said (a toast, and to a screen reader). */
const char           *sl_entrant_needs_dialog_get_message (SlEntrantNeedsDialog *self);
/* A write is under way. */
gboolean              sl_entrant_needs_dialog_get_busy  (SlEntrantNeedsDialog *self);

G_END_DECLS
