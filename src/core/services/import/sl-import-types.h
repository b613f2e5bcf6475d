/* sl-import-types.h — what importing entrants from CSV files speaks of:
 * its errors, fields, options, problems, preview and result
 *
 * Public (sl-import.h includes it); the import's own modules include this
 * rather than sl-import.h, whose entry points are the import's top.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-date.h"
#include "sl-types.h"

G_BEGIN_DECLS

#define SL_IMPORT_ERROR (sl_import_error_quark ())

typedef enum
{
  SL_IMPORT_ERROR_FILE = 1,       /* cannot read the file */
  SL_IMPORT_ERROR_EMPTY,          /* no header, or no rows */
  SL_IMPORT_ERROR_NOT_CSV,        /* binary or otherwise not text */
  SL_IMPORT_ERROR_MAPPING,        /* required column missing, bad --map */
  SL_IMPORT_ERROR_ROWS_REJECTED,  /* all-or-nothing and some rows were bad */
  /* Cancelled: G_IO_ERROR_CANCELLED, as everywhere in GLib. */
  SL_IMPORT_ERROR_LIMIT,          /* a line, value or column count no list of entrants has */
} SlImportError;

typedef enum
{
  SL_IMPORT_FIELD_NONE = 0,       /* column ignored */
  SL_IMPORT_FIELD_BIB,
  SL_IMPORT_FIELD_BOOKING_REF,
  SL_IMPORT_FIELD_FIRST_NAME,
  SL_IMPORT_FIELD_LAST_NAME,
  SL_IMPORT_FIELD_FULL_NAME,      /* "First Last" or "Last, First" */
  SL_IMPORT_FIELD_DATE_OF_BIRTH,
  SL_IMPORT_FIELD_AGE,
  SL_IMPORT_FIELD_GENDER,
  SL_IMPORT_FIELD_NATIONALITY,
  SL_IMPORT_FIELD_CLUB,
  SL_IMPORT_FIELD_EMAIL,
  SL_IMPORT_FIELD_PHONE,
  SL_IMPORT_FIELD_EMERGENCY_CONTACT,
  SL_IMPORT_FIELD_ENTRY_TYPE,
  SL_IMPORT_FIELD_RACE,
  SL_IMPORT_FIELD_WAVE,
  SL_IMPORT_FIELD_CHARITY,
  SL_IMPORT_FIELD_COSTUME,
  SL_IMPORT_FIELD_VIP,
  SL_IMPORT_FIELD_NOTES,
  /* Read only for a wave the import adds (add_missing): a wave's, not an
   * entrant's; a stored wave keeps its own.
   */
  SL_IMPORT_FIELD_START_AREA,
  SL_IMPORT_FIELD_START_TIME,     /* HH:MM on the event's day, or YYYY-MM-DD HH:MM */
  /* The runner's consent to share contact details with their charity
   * (sl_contact_consent_parse: yes, no, given, not given, withdrawn, not
   * asked; empty: unchanged) and the version of the wording it was given
   * under (default "import").
   */
  SL_IMPORT_FIELD_CHARITY_CONSENT,
  SL_IMPORT_FIELD_CONSENT_WORDING,
  /* Support needs (an accessibility officer's; see sl-import.h). Free
   * text: a need each, its detail sealed. Disability, access and support
   * needs make one need of type "other" (each part headed by its
   * column's name); medical conditions one of type "medical-condition".
   */
  SL_IMPORT_FIELD_DISABILITY,
  SL_IMPORT_FIELD_ACCESS_NEEDS,
  SL_IMPORT_FIELD_SUPPORT_NEEDS,
  SL_IMPORT_FIELD_MEDICAL,
  /* The bib of the entrant's guide or support runner, stored or in the
   * same file: a link.
   */
  SL_IMPORT_FIELD_GUIDE_BIB,
  SL_IMPORT_FIELD_SUPPORT_BIB,
  /* Yes or no: an identifier marker, set on yes (a no clears nothing). */
  SL_IMPORT_FIELD_DEAF,
  SL_IMPORT_FIELD_VISUALLY_IMPAIRED,
  SL_IMPORT_FIELD_I_NEED_SPACE,
  SL_IMPORT_FIELD_WHEELCHAIR,
  SL_N_IMPORT_FIELDS
} SlImportField;

typedef struct
{
  /* Explicit mapping: header name per field (NULL: detect by alias). */
  char        *mapping[SL_N_IMPORT_FIELDS];
  SlDateOrder  date_order;
  /* date_order was chosen by a person, even if UNSET (ISO dates only):
   * then a header such as "DOB (DD/MM/YYYY)" does not choose it.
   */
  gboolean     date_order_chosen;
  gboolean     good_rows_only;  /* default FALSE: all or nothing */
  gboolean     dry_run;         /* check everything, write nothing */
  gboolean     mapping_only;    /* read only the mapped columns, guess none */
  /* Add the races, waves (of a named race) and charities the file names
   * that the event does not have, instead of refusing their rows: a new
   * event's first import. Added in the import's transaction, so they go
   * with it when it is refused.
   */
  gboolean     add_missing;
  /* Read no support needs column (sl_import_field_is_need), mapped or
   * not: the import of a file with such columns by someone who is not an
   * accessibility officer. The notice names the columns left out.
   */
  gboolean     without_needs;
} SlImportOptions;

typedef struct
{
  guint  line;       /* physical line in the file where the record starts */
  char  *column;     /* header name, or NULL for the whole row */
  char  *reason;     /* translated, names the value */
} SlImportProblem;

typedef struct
{
  char          *encoding;       /* "UTF-8", "Windows-1252" or "Mac Roman" */
  char          *notice;         /* e.g. the Windows-1252 notice, or NULL */
  char           delimiter;      /* ',' ';' or '\t' */
  SlDateOrder    date_order;     /* the options', else the one the header gives */
  GStrv          headers;
  SlImportField *fields;         /* per header column, after overrides */
  GPtrArray     *rows;           /* GStrv each: the first rows as read */
  guint          detail_rows;    /* of them, rows showing a need's detail (an officer's) */
} SlImportPreview;

typedef struct
{
  guint      imported;
  guint      updated;
  guint      unchanged;         /* matched an entrant and changed nothing */
  guint      rejected;
  gboolean   committed;         /* FALSE after a dry run or an all-or-nothing refusal */
  char      *notice;            /* e.g. the Windows-1252 notice, or NULL */
  GPtrArray *problems;          /* SlImportProblem, in file order */
  /* With add_missing: what was added (or, in a dry run, would be), each a
   * translated phrase such as "race “Mass”", in file order.
   */
  GPtrArray *added;
  guint      added_races;
  guint      added_waves;
  guint      added_charities;
  /* Without add_missing: rows refused for naming a race, wave or charity
   * the event does not have (add_missing would add it).
   */
  guint      missing;

  /* Support needs columns (has_needs: the file has one): what was
   * recorded, or in a dry run would be; and what the event had already,
   * so not recorded again (a need: the entrant has one of that type; a
   * link or a marker: the same one). Never a detail.
   */
  gboolean   has_needs;
  guint      needs;
  guint      guide_links;
  guint      support_links;
  guint      markers;
  guint      needs_existing;
  guint      links_existing;
  guint      markers_existing;
} SlImportResult;

GQuark           sl_import_error_quark    (void);

const char      *sl_import_field_to_id    (SlImportField  field);
gboolean         sl_import_field_from_id  (const char    *id,
                                           SlImportField *field);
const char      *sl_import_field_to_label (SlImportField  field);
/* A support needs column: a need's detail, a link's bib or a marker. */
gboolean         sl_import_field_is_need  (SlImportField  field);
/* A column whose cells are a need's detail: special category, never shown
 * to anyone but an officer.
 */
gboolean         sl_import_field_is_detail (SlImportField field);

/* What a result recorded of support needs, e.g. "12 needs, 4 guide runner
 * links, 7 markers", and what the event had already; NULL when the file
 * has no support needs columns.
 */
char            *sl_import_result_dup_needs_summary (const SlImportResult *result)
                                                     G_GNUC_WARN_UNUSED_RESULT;

void             sl_import_options_init   (SlImportOptions *options);
void             sl_import_options_clear  (SlImportOptions *options);

void             sl_import_preview_free   (SlImportPreview *preview);
void             sl_import_result_free    (SlImportResult  *result);
void             sl_import_problem_free   (SlImportProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlImportPreview, sl_import_preview_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlImportResult, sl_import_result_free)

G_END_DECLS
