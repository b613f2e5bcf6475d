/* sl-import-row.h — checking one row of an import (private to the import)
 *
 * A row's values become an entrant (its strings borrowed from the row),
 * with the race, wave and charity it names looked up in what the event
 * has; or the row is refused with a problem that names its line, its
 * column and the value at fault.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-date.h"
#include "sl-entrant.h"
#include "sl-import-header.h"

G_BEGIN_DECLS

/* What the event has, by name (case-folded): the import reads it once and
 * keeps it current as it adds, instead of a query per row.
 */
typedef struct
{
  GHashTable *races;          /* folded code or name → race id */
  GHashTable *waves;          /* "race id:folded name" → wave id */
  GHashTable *waves_by_name;  /* folded name → wave id, or G_MAXSIZE if in several races */
  GHashTable *wave_races;     /* wave id → { wave id, race id } */
  GHashTable *charities;      /* folded name → charity id */
  char       *event_date;     /* YYYY-MM-DD: a start time's day */
  GTimeZone  *timezone;       /* the event's */
} SlImportLookups;

void      sl_import_lookups_init        (SlImportLookups *lookups);
void      sl_import_lookups_clear       (SlImportLookups *lookups);
/* Adds a race or a charity to its table (races or charities) by name. A
 * race is found by its code and by its name: add it under each. A later
 * name replaces an earlier one that folds the same.
 */
void      sl_import_lookups_add         (GHashTable      *names,
                                         gint64           id,
                                         const char      *name);
/* The id of the race or charity named in names, 0 when none (name may be
 * NULL).
 */
gint64    sl_import_lookups_find        (GHashTable      *names,
                                         const char      *name);
void      sl_import_lookups_add_wave    (SlImportLookups *lookups,
                                         gint64           id,
                                         gint64           race_id,
                                         const char      *name);

/* Adds a problem to result (and counts the row rejected); column -1 for
 * the whole row.
 */
void      sl_import_add_problem         (SlImportResult       *result,
                                         const SlImportHeader *header,
                                         guint                 line,
                                         int                   column,
                                         const char           *format,
                                         ...) G_GNUC_PRINTF (5, 6);
/* The column an SL_ENTRANT_ERROR code names, or -1. */
int       sl_import_column_for_error    (const SlImportHeader *header,
                                         int                   code);

/* Checks rows against each other (a bib or reference used twice in the
 * file) and against the lookups; problems go to result.
 */
typedef struct
{
  const SlImportHeader  *header;
  const SlImportOptions *options;
  SlImportLookups       *lookups;
  SlImportResult        *result;
  GHashTable            *seen_bibs;      /* bib → first line */
  GHashTable            *seen_refs;      /* lower-case ref → first line */
  char                   today[SL_DATE_ISO_SIZE];
  GString               *first;
  GString               *last;
  GString               *scratch;
  GString               *other;          /* the row's "other" need's detail */

  /* The row being checked, during sl_import_check_row. */
  char                 **values;
  guint                  line;
  struct _SlImportRow   *row;
} SlImportChecker;

void      sl_import_checker_init        (SlImportChecker       *checker,
                                         const SlImportHeader  *header,
                                         const SlImportOptions *options,
                                         SlImportLookups       *lookups,
                                         SlImportResult        *result);
void      sl_import_checker_clear       (SlImportChecker       *checker);

/* A row that passed every check. */
typedef struct _SlImportRow
{
  SlEntrant   entrant;         /* strings borrowed from the row and the checker */
  gint64      charity_id;      /* 0: none */
  /* With add_missing: what the row names that the event lacks, added only
   * once the row has passed every check, so that a refused row adds
   * nothing (with good rows only, the rest goes in).
   */
  const char *new_race;
  const char *new_wave;
  const char *new_charity;
  const char *race_name;       /* the new wave's race, as the file names it */
  const char *new_start_area;  /* the new wave's */
  char       *new_start_time;  /* the new wave's, UTC ISO 8601 */
  char        date_of_birth[SL_DATE_ISO_SIZE];

  /* Support needs columns (sl_import_field_is_need), borrowed from the
   * row and the checker; NULL and 0 when the file has none.
   */
  const char *other_detail;    /* disability, access and support needs, each under its column's name */
  const char *medical_detail;  /* medical conditions */
  const char *guide_bib;       /* as written: looked up once every row is in */
  const char *support_bib;
  guint       markers;         /* 1 << (field - SL_IMPORT_FIELD_DEAF), as 1 << SlMarker */

  int         contact_consent; /* SlContactConsent; -1: none in the row */
  const char *consent_wording; /* NULL: "import" */
} SlImportRow;

/* Cleans the values in place (sl_import_clean_values) and checks them
 * into row; FALSE after adding a problem. Clear row either way.
 */
gboolean  sl_import_check_row           (SlImportChecker       *checker,
                                         char                 **values,
                                         guint                  n,
                                         guint                  line,
                                         SlImportRow           *row);
void      sl_import_row_clear           (SlImportRow           *row);

G_END_DECLS
