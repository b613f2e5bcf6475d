/* sl-import-values.h — one cell of an import, as written (private to the import)
 *
 * What people write in a registration system's columns, read as the
 * store keeps it: numbers, genders, yes and no, entry types, full names,
 * start times. Dates are sl-date.h's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-types.h"

G_BEGIN_DECLS

/* The values of one row as they will be stored, in place: the preview
 * shows what the import stores. A spreadsheet's protecting apostrophe is
 * dropped; notes (column notes_column, or -1) keep their lines with a form
 * feed or DEL as a space; every other value is one line.
 */
void      sl_import_clean_values       (char        **values,
                                        guint         n,
                                        int           notes_column);

/* A name as the import looks it up: case-folded. */
char     *sl_import_fold_key           (const char   *text) G_GNUC_WARN_UNUSED_RESULT;

/* A whole number of years, 0 to 120. */
gboolean  sl_import_parse_age          (const char   *text,
                                        int          *age);
gboolean  sl_import_parse_gender       (const char   *text,
                                        SlGender     *gender);
gboolean  sl_import_parse_vip          (const char   *text,
                                        gboolean     *vip);
/* Yes or no in a marker column (yes, no, y, n, 1, 0, x, true, false, ✓,
 * on, off, n/a, none, -; or the column's own name for yes).
 */
gboolean  sl_import_parse_marker       (const char   *text,
                                        const char   *column,
                                        gboolean     *on);
/* A guide or support runner's bib as written, or NULL for none (empty,
 * "-", "none", "no", "n/a", "0").
 */
const char *sl_import_bib_or_null      (const char   *text);
gboolean  sl_import_parse_entry_type   (const char   *text,
                                        SlEntryType  *type);
/* "Last, First" or "First Last" into first and last, each trimmed and not
 * empty; FALSE when it is neither.
 */
gboolean  sl_import_split_full_name    (const char   *name,
                                        GString      *first,
                                        GString      *last);
/* A wave's start time in the event's time zone, "09:30" on the event's
 * day (event_date, "YYYY-MM-DD") or "2026-04-26 09:30", to UTC ISO 8601;
 * NULL if it is not one.
 */
char     *sl_import_parse_start_time   (const char   *text,
                                        const char   *event_date,
                                        GTimeZone    *zone) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
