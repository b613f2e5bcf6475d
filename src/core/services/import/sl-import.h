/* sl-import.h — importing entrants from CSV files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-import-types.h"

G_BEGIN_DECLS

/* Reads the header and the first max_rows rows; writes nothing. A need's
 * detail (sl_import_field_is_detail columns) is never in its rows: each
 * such cell reads "(sealed)".
 */
SlImportPreview *sl_import_preview        (const char            *path,
                                           const SlImportOptions *options,
                                           guint                  max_rows,
                                           GError               **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same for the event db: its rows hold the details as written only
 * when an accessibility officer is signed in with the event's key open.
 */
SlImportPreview *sl_db_import_preview     (SlDb                  *db,
                                           const char            *path,
                                           const SlImportOptions *options,
                                           guint                  max_rows,
                                           GError               **error) G_GNUC_WARN_UNUSED_RESULT;

/* Imports in one transaction. A file with support needs columns
 * (sl_import_field_is_need) needs an accessibility officer signed in
 * (SL_ACCESS_ERROR_DENIED, nothing read or written, otherwise; a dry run,
 * which writes nothing and says no detail, counts for anyone): each row's
 * needs are recorded with their details sealed to the
 * event's key, its guide and support runners linked (by bib, stored or
 * anywhere in the file; one that is neither is the row's problem), and its
 * markers set; what the entrant has already is not recorded again (see
 * SlImportResult). Problems and notices never quote a detail.
 *
 *  Entrants are matched on bib, else booking
 * reference, and updated rather than duplicated. Returns NULL with error
 * for file-level problems; with rejected rows and !good_rows_only, returns
 * NULL with SL_IMPORT_ERROR_ROWS_REJECTED and (if result_out is not NULL)
 * the result listing the problems, and nothing is written.
 */
SlImportResult  *sl_db_import_csv         (SlDb                  *db,
                                           const char            *path,
                                           const SlImportOptions *options,
                                           GCancellable          *cancellable,
                                           SlProgressFunc         progress,
                                           gpointer               progress_data,
                                           SlImportResult       **result_out,
                                           GError               **error) G_GNUC_WARN_UNUSED_RESULT;

/* The same on a connection of its own (sl-import-async.c): the event's
 * second writer connection (sl_db_dup_writer), or for a dry run a
 * read-only snapshot, with db's operator and desk. db's lock stays free
 * meanwhile, so a window reading through db goes on while the import
 * waits for another process that holds the event, and while it writes.
 */
void             sl_db_import_csv_writer_async  (SlDb                  *db,
                                                 const char            *path,
                                                 const SlImportOptions *options,
                                                 GCancellable          *cancellable,
                                                 SlProgressFunc         progress,
                                                 gpointer               progress_data,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
SlImportResult  *sl_db_import_csv_writer_finish (SlDb                  *db,
                                                 GAsyncResult          *result,
                                                 SlImportResult       **result_out,
                                                 GError               **error)
                                                 G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
