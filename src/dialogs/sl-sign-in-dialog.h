/* sl-sign-in-dialog.h — Sign In: a staff member's name and passphrase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-core.h"

G_BEGIN_DECLS

#define SL_TYPE_SIGN_IN_DIALOG (sl_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlSignInDialog, sl_sign_in_dialog, SL, SIGN_IN_DIALOG, AdwWindow)

/* Asks for a name and passphrase and signs in to db with them in a worker
 * thread; the dialog stays open and says why when that fails, and closes
 * after emitting "signed-in" when it succeeds.
 */
SlSignInDialog *sl_sign_in_dialog_present (GtkWindow *parent,
                                           SlDb      *db);

G_END_DECLS
