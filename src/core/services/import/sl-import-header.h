/* sl-import-header.h — the import's header line (private to the import)
 *
 * Finding the header (below a "sep=" line, blank lines or a title), the
 * delimiter it uses, and what each of its columns holds: an explicit
 * mapping first, then the aliases registration systems write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-import-types.h"
#include "sl-import-text.h"

G_BEGIN_DECLS

/* The lines the header is looked for on, as the first pass reads them:
 * a "sep=" line, blank lines, then the first line that is not blank and
 * the SL_IMPORT_MAX_TITLE_LINES after it.
 */
#define SL_IMPORT_MAX_TITLE_LINES 10

typedef struct
{
  gboolean  has_sep;
  char      sep_delimiter;
  guint     n_blank;     /* blank lines before the first that is not */
  gboolean  seen_text;   /* a line that is not blank */
  guint     n_lines;
  GString  *text;
  gboolean  clean;       /* ASCII text only: it reads the same in any encoding */
} SlImportHead;

void         sl_import_head_init          (SlImportHead *head);
/* Takes the head's text; the rest needs no clearing. */
char        *sl_import_head_steal_text    (SlImportHead *head) G_GNUC_WARN_UNUSED_RESULT;
/* Line number of the file, undecoded; clean when it is ASCII without a
 * control character.
 */
void         sl_import_head_add_line      (SlImportHead *head,
                                           const char   *line,
                                           gsize         len,
                                           guint         number,
                                           gboolean      clean);
/* Whether every line the header is looked for on has been read. */
gboolean     sl_import_head_is_full       (const SlImportHead *head);
/* The "sep=" line names a delimiter the CSV reader reads (or there is none). */
gboolean     sl_import_head_sep_is_known  (const SlImportHead *head);
/* Sets text's delimiter and the lines above the header (skip_lines, with a
 * notice quoting a title), from the head's lines decoded (decoded).
 */
void         sl_import_head_locate        (const SlImportHead    *head,
                                           const char            *decoded,
                                           const SlImportOptions *options,
                                           SlImportText          *text);

/* The header as read, and the column of each field. */
typedef struct
{
  GPtrArray     *headers;            /* char *, as written (trimmed), NULL-terminated */
  guint          n_columns;
  SlImportField *fields;             /* per column */
  int            columns[SL_N_IMPORT_FIELDS];  /* column per field, -1 when none */
  GString       *ignored;            /* unknown columns, for the notice */
  GString       *duplicates;         /* columns that repeat a field */
  GString       *needs;              /* support needs columns, for the notice */
  GString       *needs_left_out;     /* the same, left out (options->without_needs) */
  gboolean       has_needs;          /* a column is sl_import_field_is_need */
  gboolean      *detail_left_out;    /* per column: a need's detail left out (without_needs),
                                      * hidden in a preview all the same */
  SlDateOrder    date_order;         /* the options', else the one the header gives */
  gboolean       date_order_from_header;
} SlImportHeader;

gboolean     sl_import_header_resolve     (SlImportHeader         *header,
                                           char                  **names,
                                           guint                   n,
                                           const SlImportOptions  *options,
                                           const char             *display,
                                           GError                **error);
/* A bib column and a name (full, or first and last). */
gboolean     sl_import_header_check_required (const SlImportHeader  *header,
                                              const char            *display,
                                              GError               **error);
/* Resolves names and checks what the import requires, keeping nothing:
 * the check made on the header alone, before the rows are read.
 */
gboolean     sl_import_header_check       (char                  **names,
                                           guint                   n,
                                           const SlImportOptions  *options,
                                           const char             *display,
                                           GError                **error);
void         sl_import_header_clear       (SlImportHeader         *header);

/* The header's notice (columns ignored, the date order it gives) after
 * the encoding's; NULL when there is nothing to say.
 */
char        *sl_import_header_dup_notice  (const SlImportHeader   *header,
                                           const char             *encoding_notice)
                                           G_GNUC_WARN_UNUSED_RESULT;
/* Appends to *notice the one line that says quotes inside values were
 * kept, naming the first (quote_line 0: none).
 */
void         sl_import_header_add_quote_notice (const SlImportHeader *header,
                                                guint                 quote_line,
                                                guint                 quote_column,
                                                char                **notice);

G_END_DECLS
