/* sl-new-event-dialog.h — New Event: the name and date of an event to create
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_NEW_EVENT_DIALOG (sl_new_event_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlNewEventDialog, sl_new_event_dialog, SL, NEW_EVENT_DIALOG,
                      AdwMessageDialog)

/* Shows New Event over parent (may be NULL), with the focus in its name
 * field. Continue… closes it and emits "create" (name, date): the name
 * trimmed and not empty, the date a valid YYYY-MM-DD. The dialog belongs
 * to GTK: it is returned to connect to, not to keep.
 */
SlNewEventDialog *sl_new_event_dialog_present (GtkWindow *parent);

G_END_DECLS
