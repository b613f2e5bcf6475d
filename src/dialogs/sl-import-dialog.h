/* sl-import-dialog.h — importing entrants from a CSV file, with a preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-import.h"

G_BEGIN_DECLS

#define SL_TYPE_IMPORT_DIALOG (sl_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlImportDialog, sl_import_dialog, SL, IMPORT_DIALOG, AdwWindow)

/* The whole flow: a file chooser, the preview and mapping, a check that
 * lists bad rows, the import with progress and cancel. The dialog emits
 * "imported" (guint imported, guint updated, guint unchanged, guint
 * rejected) after a committed import. Returns the dialog (transfer none),
 * to connect to that signal.
 */
SlImportDialog *sl_import_dialog_present   (GtkWindow      *parent,
                                            SlDb           *db);

/* Like gtk_window_new, the window belongs to GTK (transfer none). */
SlImportDialog *sl_import_dialog_new       (SlDb           *db);
/* Reads the file's header and first rows and shows them; writes nothing. */
gboolean        sl_import_dialog_load      (SlImportDialog *self,
                                            const char     *path,
                                            GError        **error);
guint           sl_import_dialog_get_n_columns      (SlImportDialog *self);
SlImportField   sl_import_dialog_get_column_field   (SlImportDialog *self,
                                                     guint           column);
void            sl_import_dialog_set_column_field   (SlImportDialog *self,
                                                     guint           column,
                                                     SlImportField   field);
/* A lock or sign-out: the preview's need details, shown to an officer,
 * become "(sealed)" as a desk would see them (the copies wiped).
 */
void            sl_import_dialog_hide_details       (SlImportDialog *self);
/* The options the dialog would import with, from its controls. */
void            sl_import_dialog_get_options        (SlImportDialog  *self,
                                                     SlImportOptions *options);

/* One line for a toast after the import: what it added, changed and
 * skipped (rejected rows, with "good rows only").
 */
char           *sl_import_dialog_dup_outcome        (guint            imported,
                                                     guint            updated,
                                                     guint            unchanged,
                                                     guint            rejected)
  G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
