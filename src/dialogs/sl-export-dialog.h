/* sl-export-dialog.h — exporting entrants to an xlsx workbook or a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-export.h"

G_BEGIN_DECLS

#define SL_TYPE_EXPORT_DIALOG (sl_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlExportDialog, sl_export_dialog, SL, EXPORT_DIALOG, AdwWindow)

/* The whole flow: what to export and in which format, a save chooser with
 * a suggested name, the export with progress and cancel, then where the
 * file went or why it failed. The dialog emits "exported" (const char
 * *path, guint rows) once the file is in place.
 */
void            sl_export_dialog_present            (GtkWindow      *parent,
                                                     SlDb           *db);

/* Like gtk_window_new, the window belongs to GTK (transfer none). */
SlExportDialog *sl_export_dialog_new                (SlDb           *db);
/* The file name the save chooser proposes for the current choices, such as
 * "entrants-2026-04-26.xlsx" or "riverside-hospice.csv".
 */
char           *sl_export_dialog_dup_suggested_name (SlExportDialog *self)
                                                     G_GNUC_WARN_UNUSED_RESULT;
/* What the save chooser does with the chosen path: adds the extension of
 * the chosen format when the name has none, refuses a name of the other
 * format inline, else starts the export. Lets tests skip the chooser.
 */
void            sl_export_dialog_export_to          (SlExportDialog *self,
                                                     const char     *path);

G_END_DECLS
