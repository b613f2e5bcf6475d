/* sl-record-need-dialog.h — a need a runner reports at the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-core.h"

G_BEGIN_DECLS

#define SL_TYPE_RECORD_NEED_DIALOG (sl_record_need_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlRecordNeedDialog, sl_record_need_dialog, SL, RECORD_NEED_DIALOG,
                      AdwWindow)

/* Asks for the type and, in the runner's words, the detail of a need of
 * entrant, and records it (sealed: nobody at the desk can read it back).
 * Emits "recorded" and closes when it is stored; a failure is said in the
 * dialog, which keeps what was typed.
 */
SlRecordNeedDialog *sl_record_need_dialog_present (GtkWindow       *parent,
                                                   SlDb            *db,
                                                   const SlEntrant *entrant);

G_END_DECLS
