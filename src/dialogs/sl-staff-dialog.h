/* sl-staff-dialog.h — Staff Accounts: list, add and remove the event's accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-core.h"

G_BEGIN_DECLS

#define SL_TYPE_STAFF_DIALOG (sl_staff_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlStaffDialog, sl_staff_dialog, SL, STAFF_DIALOG, AdwWindow)

/* Lists db's accounts and adds and removes them, in a worker thread (the
 * core decides who may: anyone while the event has none, then an admin).
 * Emits "changed" after each account added or removed.
 */
SlStaffDialog *sl_staff_dialog_present (GtkWindow *parent,
                                        SlDb      *db);

/* Whether the person at db may open it: the event has no accounts yet,
 * or an admin is signed in.
 */
gboolean       sl_staff_dialog_may_open (SlDb *db);


G_END_DECLS
