/* sl-export-log-page.h — the export log: who exported what, when and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"

G_BEGIN_DECLS

#define SL_TYPE_EXPORT_LOG_PAGE (sl_export_log_page_get_type ())
G_DECLARE_FINAL_TYPE (SlExportLogPage, sl_export_log_page, SL, EXPORT_LOG_PAGE, AdwBin)

void          sl_export_log_page_set_db      (SlExportLogPage *self,
                                              SlDb            *db);
/* Reads the log again (newest first); for anyone but an administrator it
 * reads nothing and shows nothing.
 */
void          sl_export_log_page_reload      (SlExportLogPage *self);
guint         sl_export_log_page_get_n_rows  (SlExportLogPage *self);
/* A shown cell's text, for tests: row (0 the newest), column 0 … 7
 * (when, who, profile, reason, filter, rows, file, SHA-256); NULL past
 * the end. The SHA-256 column's is the shortened value.
 */
char         *sl_export_log_page_dup_cell    (SlExportLogPage *self,
                                              guint            row,
                                              guint            column) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
