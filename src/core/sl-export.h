/* sl-export.h — exporting entrant lists to xlsx and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_EXPORT_ERROR (sl_export_error_quark ())

typedef enum
{
  SL_EXPORT_ERROR_FORMAT = 1,     /* unknown file extension */
  SL_EXPORT_ERROR_WRITE,          /* cannot write the file */
  SL_EXPORT_ERROR_NO_SUCH_CHARITY,
  SL_EXPORT_ERROR_CANCELLED,
} SlExportError;

typedef enum
{
  SL_EXPORT_FORMAT_AUTO = 0,      /* from the extension: .xlsx or .csv */
  SL_EXPORT_FORMAT_XLSX,
  SL_EXPORT_FORMAT_CSV,
} SlExportFormat;

typedef enum
{
  SL_EXPORT_ENTRANTS = 0,         /* the full list, or one charity's runners */
  SL_EXPORT_BY_CHARITY,           /* xlsx: one sheet per charity */
} SlExportKind;

typedef struct
{
  SlExportFormat  format;
  SlExportKind    kind;
  const char     *charity;        /* NULL: every entrant */
} SlExportOptions;

GQuark   sl_export_error_quark (void);

/* Writes to a temporary file beside path, created readable by its owner
 * only, and renames it into place: a failed export leaves nothing behind.
 * Audited (who exported what).
 */
gboolean sl_db_export          (SlDb                  *db,
                                const char            *path,
                                const SlExportOptions *options,
                                GCancellable          *cancellable,
                                SlProgressFunc         progress,
                                gpointer               progress_data,
                                GError               **error);
void     sl_db_export_async    (SlDb                  *db,
                                const char            *path,
                                const SlExportOptions *options,
                                GCancellable          *cancellable,
                                SlProgressFunc         progress,
                                gpointer               progress_data,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data);
gboolean sl_db_export_finish   (SlDb                  *db,
                                GAsyncResult          *result,
                                GError               **error);

G_END_DECLS
