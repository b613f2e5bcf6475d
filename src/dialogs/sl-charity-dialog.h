/* sl-charity-dialog.h — adding or changing a charity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-event.h"

G_BEGIN_DECLS

#define SL_TYPE_CHARITY_DIALOG (sl_charity_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlCharityDialog, sl_charity_dialog, SL, CHARITY_DIALOG, AdwWindow)

/* Asks for a charity's name, registered number, bond, places allocated
 * and minimum pledge; charity NULL adds one, else changes it (both through
 * sl_db_save_charity_async). Emits "saved" with the id and closes; the
 * core's refusal is said in the dialog, which keeps what was typed.
 */
SlCharityDialog *sl_charity_dialog_present  (GtkWindow       *parent,
                                             SlDb            *db,
                                             const SlCharity *charity);
/* As Save: FALSE when the form is refused at once (said in it). */
gboolean         sl_charity_dialog_save     (SlCharityDialog *self);
gboolean         sl_charity_dialog_get_busy (SlCharityDialog *self);

G_END_DECLS
