/* sl-export.h — exporting entrant lists to xlsx and CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-export-column.h"
#include "sl-types.h"

G_BEGIN_DECLS

#define SL_EXPORT_ERROR (sl_export_error_quark ())

typedef enum
{
  SL_EXPORT_ERROR_FORMAT = 1,     /* unknown file extension */
  SL_EXPORT_ERROR_WRITE,          /* cannot write the file */
  SL_EXPORT_ERROR_NO_SUCH_CHARITY,
  /* Cancelled: G_IO_ERROR_CANCELLED, as everywhere in GLib. */
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
  SlExportFormat        format;
  SlExportKind          kind;
  const char           *charity;  /* NULL: every entrant */
  /* An allow-list, in the order wanted; NULL: the default columns, which
   * leave out the emergency contact and the notes.
   */
  const SlExportColumn *columns;
  guint                 n_columns;
} SlExportOptions;

GQuark   sl_export_error_quark (void);

/* The table of every column, indexed by SlExportColumn. */
const SlExportColumnInfo *sl_export_get_columns (guint *n_columns);
/* From the extension, case-insensitively; SL_EXPORT_FORMAT_AUTO when it is
 * neither .xlsx nor .csv.
 */
SlExportFormat sl_export_format_from_path (const char *path);
/* A valid Excel sheet name made from name (at most 31 characters, none of
 * []:*?/\, no leading or trailing apostrophe), different from every name
 * in taken (compared case-insensitively, as Excel does); the result is
 * added to taken, a set of case-folded names.
 */
char    *sl_export_dup_sheet_name (const char *name,
                                   GHashTable *taken) G_GNUC_WARN_UNUSED_RESULT;

/* Writes to a temporary file beside path, created readable by its owner
 * only, and renames it into place: a failed export leaves nothing behind.
 * Audited (who exported what). Every column may go out, as with the full
 * profile: needs an admin (SL_ACTION_EXPORT_FULL), refused before any
 * file is made; everyone else exports through sl_db_export_profile.
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

/* The same, telling how many entrant rows the file holds. */
gboolean sl_db_export_full     (SlDb                  *db,
                                const char            *path,
                                const SlExportOptions *options,
                                GCancellable          *cancellable,
                                SlProgressFunc         progress,
                                gpointer               progress_data,
                                gint64                *n_rows,
                                GError               **error);
gboolean sl_db_export_finish_full (SlDb               *db,
                                GAsyncResult          *result,
                                gint64                *n_rows,
                                GError               **error);

G_END_DECLS
