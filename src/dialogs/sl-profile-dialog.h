/* sl-profile-dialog.h — naming and saving a custom export profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-export-profile.h"

G_BEGIN_DECLS

#define SL_TYPE_PROFILE_DIALOG (sl_profile_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlProfileDialog, sl_profile_dialog, SL, PROFILE_DIALOG, AdwWindow)

/* A column's sensitivity in words, translated: "Public", "Personal",
 * "Special" (what the export dialog and this one show beside a column).
 */
const char      *sl_sensitivity_to_label     (SlSensitivity sensitivity);

/* A name field and a check per registry column (sl_export_get_columns),
 * the given columns checked. Save writes the profile with
 * sl_db_save_export_profile in a worker thread; the dialog emits "saved"
 * (const char *name) and closes once it is stored, or shows the core's
 * refusal under the form (and to a screen reader) and stays open.
 * Like gtk_window_new, the window belongs to GTK (transfer none).
 */
SlProfileDialog *sl_profile_dialog_new       (SlDb                 *db,
                                              const SlExportColumn *columns,
                                              guint                 n_columns);
/* What Save does; FALSE when the form is refused before writing (the
 * reason shown), TRUE when the write began (or one is under way).
 */
gboolean         sl_profile_dialog_save      (SlProfileDialog      *self);
gboolean         sl_profile_dialog_get_busy  (SlProfileDialog      *self);
/* The check button of a column, for tests. */
GtkCheckButton  *sl_profile_dialog_get_check (SlProfileDialog      *self,
                                              SlExportColumn        column);

G_END_DECLS
