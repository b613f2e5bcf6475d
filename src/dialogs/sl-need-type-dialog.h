/* sl-need-type-dialog.h — an officer adds a type to the event's catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-core.h"

G_BEGIN_DECLS

#define SL_TYPE_NEED_TYPE_DIALOG (sl_need_type_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlNeedTypeDialog, sl_need_type_dialog, SL, NEED_TYPE_DIALOG, AdwWindow)

/* Asks for a new need type's label, code (made from the label until it is
 * edited) and agreed adjustments, one per line, and adds it
 * (sl_db_add_need_type_async: an officer's). Emits "added" with the
 * type's id and closes; the core's refusal is said in the dialog, which
 * keeps what was typed.
 */
SlNeedTypeDialog *sl_need_type_dialog_present (GtkWindow *parent,
                                               SlDb      *db);
/* The same dialog for a type of the catalogue: its label and adjustments
 * are changed with Save (sl_db_edit_need_type_async), its code stays, and
 * Remove Type removes it (sl_db_remove_need_type_async), which the core
 * refuses while a need is of it. Emits "changed" and closes.
 */
SlNeedTypeDialog *sl_need_type_dialog_present_edit (GtkWindow        *parent,
                                                    SlDb             *db,
                                                    const SlNeedType *type);

/* The code made from label: ASCII lower case, runs of anything else one
 * hyphen, none at either end, cut to the longest code (may be empty).
 */
char             *sl_need_type_dialog_code_for_label (const char *label);

G_END_DECLS
