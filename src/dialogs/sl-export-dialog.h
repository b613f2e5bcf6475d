/* sl-export-dialog.h — exporting entrants through an export profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-export.h"
#include "sl-export-profile.h"

G_BEGIN_DECLS

#define SL_TYPE_EXPORT_DIALOG (sl_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlExportDialog, sl_export_dialog, SL, EXPORT_DIALOG, AdwWindow)

/* The whole flow: a profile (and the charity or facility it needs), the
 * format and a reason, the file's columns and row count, a save chooser
 * with a suggested name, the export with progress and cancel, then where
 * the file went or why it failed. The dialog emits "exported" (const char
 * *path, guint rows) once the file is in place.
 */
void            sl_export_dialog_present            (GtkWindow      *parent,
                                                     SlDb           *db);

/* Like gtk_window_new, the window belongs to GTK (transfer none). */
SlExportDialog *sl_export_dialog_new                (SlDb           *db);
/* The file name the save chooser proposes for the current choices, such as
 * "full-2026-04-26.xlsx" or "charity-partner-riverside-hospice-2026-04-26.csv".
 */
char           *sl_export_dialog_dup_suggested_name (SlExportDialog *self)
                                                     G_GNUC_WARN_UNUSED_RESULT;
/* The profile chosen (borrowed; NULL when the event lists none). */
SlExportProfile *sl_export_dialog_get_profile       (SlExportDialog *self);
/* Removes the event's own profile of that name in a worker thread, as
 * Remove Profile… does once confirmed; the list is filled again after.
 */
void            sl_export_dialog_remove_profile     (SlExportDialog *self,
                                                     const char     *name);
/* Chooses the profile of that name; FALSE when there is none. */
gboolean        sl_export_dialog_select_profile     (SlExportDialog *self,
                                                     const char     *name);
/* What the save chooser does with the chosen path: adds the extension of
 * the chosen format when the name has none, refuses a name of the other
 * format inline, else starts the export. Lets tests skip the chooser.
 */
void            sl_export_dialog_export_to          (SlExportDialog *self,
                                                     const char     *path);

G_END_DECLS
