/* sl-import-csv.h — the import's CSV reading (private to the import)
 *
 * libcsv splits the decoded lines into records, one physical line at a
 * time, so that every record knows the line it starts on. A record, a
 * value and the columns have limits no list of entrants reaches, and a
 * quote inside an unquoted value is kept, as spreadsheets keep it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-import-types.h"
#include "sl-import-text.h"

G_BEGIN_DECLS

/* A record (a quoted value may span lines) is no longer than a line. */
#define SL_IMPORT_MAX_RECORD_BYTES (64 * 1024)
/* The longest value a person types into a cell is a note: 8 KiB holds
 * a few pages of one (2,000 characters of any script).
 */
#define SL_IMPORT_MAX_FIELD_BYTES (8 * 1024)
/* Registration systems export fewer than a hundred columns; more than
 * this is not a list of entrants (and each column costs header work).
 */
#define SL_IMPORT_MAX_COLUMNS 256

/* Called per record with trimmed values (NULL-terminated, writable, valid
 * during the call); returns FALSE to stop reading.
 */
typedef gboolean (*SlImportRecordFunc)    (gpointer  data,
                                           char    **values,
                                           guint     n_values,
                                           guint     line);
/* A record libcsv could not parse (bad quoting), from its first line to
 * the line where that showed.
 */
typedef void     (*SlImportMalformedFunc) (gpointer  data,
                                           guint     line,
                                           guint     last_line,
                                           gboolean  unterminated);
/* How far through the text the reader is, 0 … 1. */
typedef void     (*SlImportPositionFunc)  (gpointer  data,
                                           double    fraction);
/* The first pass: the encoding, the delimiter and where the header is,
 * into text. With check_header, when the lines the header is on are
 * plain ASCII (so that they read the same whatever the rest decides), the
 * header is checked (sl_import_header_check) as soon as they are read, so
 * that a file without a needed column is refused before the rest of it is
 * read.
 */
gboolean     sl_import_csv_open (const char               *path,
                                 const SlImportOptions    *options,
                                 gboolean                  check_header,
                                 GCancellable             *cancellable,
                                 SlImportText             *text,
                                 GError                  **error);

/* The second pass: reads the file again from the header on, decodes each
 * line and splits it into records for func (position may be NULL).
 * Returns FALSE with error for a limit the file went over or a failure to
 * read it; func stopping is not one. The first quote kept inside a value
 * is returned in quote_line and quote_column (0 when none).
 */
gboolean     sl_import_csv_read (const SlImportText       *text,
                                 SlImportRecordFunc        func,
                                 SlImportMalformedFunc     malformed,
                                 SlImportPositionFunc      position,
                                 gpointer                  data,
                                 guint                    *quote_line,
                                 guint                    *quote_column,
                                 GError                  **error);

G_END_DECLS
