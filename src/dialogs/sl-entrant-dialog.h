/* sl-entrant-dialog.h — adding or editing one entrant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-entrant.h"

G_BEGIN_DECLS

#define SL_TYPE_ENTRANT_DIALOG (sl_entrant_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlEntrantDialog, sl_entrant_dialog, SL, ENTRANT_DIALOG, AdwWindow)

/* id 0 adds a new entrant; otherwise the stored record is loaded (NULL
 * and error when it cannot be read). On a successful save the dialog
 * emits "saved" (the entrant's id, and the record as it was before, NULL
 * for a new one; valid during the emission only) and closes.
 * Like gtk_window_new, the window belongs to GTK (transfer none).
 */
SlEntrantDialog *sl_entrant_dialog_new          (SlDb             *db,
                                                 gint64            id,
                                                 GError          **error);
/* What the Save button does. FALSE when the form itself has a problem,
 * shown next to its field. Otherwise TRUE, and the entrant is written in a
 * worker thread (sl_entrant_dialog_get_busy says when that is done): then
 * the dialog emits "saved" and closes, or shows what the store refused
 * next to its field (or in a message when no field is at fault) and stays
 * open with every value as typed.
 */
gboolean         sl_entrant_dialog_save         (SlEntrantDialog  *self);
/* TRUE while a save is under way. */
gboolean         sl_entrant_dialog_get_busy     (SlEntrantDialog  *self);
/* The text field for an SL_ENTRANT_ERROR_* code that names a text field
 * (bib, booking reference, names, date of birth, age, email); NULL else.
 */
GtkEditable     *sl_entrant_dialog_get_editable (SlEntrantDialog  *self,
                                                 SlEntrantError    field);
/* The message shown next to a field, or NULL when it has none. */
const char      *sl_entrant_dialog_get_error    (SlEntrantDialog  *self,
                                                 SlEntrantError    field);

G_END_DECLS
