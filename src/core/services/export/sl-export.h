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

/* How much harm a column's values can do in the wrong hands; partner
 * profiles allow columns up to a level, never beyond what they need.
 */
typedef enum
{
  SL_SENSITIVITY_PUBLIC = 0,      /* what a start list shows anyway */
  SL_SENSITIVITY_PERSONAL,        /* contact details, date of birth */
  SL_SENSITIVITY_SPECIAL,         /* free text that may hold health details */
} SlSensitivity;

/* Every column an export can hold, in their default order. */
typedef enum
{
  SL_EXPORT_COLUMN_BIB = 0,
  SL_EXPORT_COLUMN_BOOKING_REF,
  SL_EXPORT_COLUMN_FIRST_NAME,
  SL_EXPORT_COLUMN_LAST_NAME,
  SL_EXPORT_COLUMN_DATE_OF_BIRTH,
  SL_EXPORT_COLUMN_AGE,
  SL_EXPORT_COLUMN_GENDER,
  SL_EXPORT_COLUMN_NATIONALITY,
  SL_EXPORT_COLUMN_CLUB,
  SL_EXPORT_COLUMN_EMAIL,
  SL_EXPORT_COLUMN_PHONE,
  SL_EXPORT_COLUMN_EMERGENCY_CONTACT,
  SL_EXPORT_COLUMN_RACE,
  SL_EXPORT_COLUMN_WAVE,
  SL_EXPORT_COLUMN_START_AREA,
  SL_EXPORT_COLUMN_START_TIME,
  SL_EXPORT_COLUMN_ENTRY_TYPE,
  SL_EXPORT_COLUMN_STATUS,
  SL_EXPORT_COLUMN_CHARITY,
  SL_EXPORT_COLUMN_TARGET,
  SL_EXPORT_COLUMN_RAISED,
  SL_EXPORT_COLUMN_COSTUME,
  SL_EXPORT_COLUMN_VIP,
  SL_EXPORT_COLUMN_NOTES,
  SL_EXPORT_COLUMN_CHECKED_IN_AT,
  SL_EXPORT_COLUMN_CHECKED_IN_DESK,
  SL_N_EXPORT_COLUMNS
} SlExportColumn;

typedef struct
{
  SlExportColumn  column;
  const char     *key;            /* stable, never translated: "bib", "raised" */
  const char     *header;         /* untranslated; pass through _() to show */
  SlSensitivity   sensitivity;
  gboolean        in_default;     /* part of the export when no list is given */
} SlExportColumnInfo;

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
