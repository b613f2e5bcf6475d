/* sl-types.h — shared enums and forward declarations of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SlDb SlDb;
typedef struct _SlEntrant SlEntrant;

typedef enum
{
  SL_GENDER_UNKNOWN = 0,
  SL_GENDER_FEMALE,
  SL_GENDER_MALE,
  SL_GENDER_NON_BINARY,
} SlGender;

typedef enum
{
  SL_ENTRY_BALLOT = 0,
  SL_ENTRY_GOOD_FOR_AGE,
  SL_ENTRY_CHAMPIONSHIP,
  SL_ENTRY_CHARITY,
  SL_ENTRY_ELITE,
  SL_ENTRY_RESERVED_DISABILITY,
  SL_ENTRY_SUPPORT_RUNNER,
  SL_ENTRY_CLUB,
  SL_ENTRY_OVERSEAS,
  SL_N_ENTRY_TYPES
} SlEntryType;

typedef enum
{
  SL_STATUS_REGISTERED = 0,
  SL_STATUS_CHECKED_IN,
  SL_STATUS_STARTED,
  SL_STATUS_FINISHED,
  SL_STATUS_WITHDRAWN,
  SL_STATUS_DEFERRED,
  SL_STATUS_DNS,
  SL_STATUS_DNF,
  SL_N_STATUSES
} SlStatus;

/* Long work (import, export, demo) reports how far it is, from the thread
 * it runs in; fraction is 0.0 … 1.0, message a short translated phrase.
 */
typedef void (*SlProgressFunc) (double      fraction,
                                const char *message,
                                gpointer    user_data);

/* The longest free text each field takes, in characters (Unicode code
 * points), defined here once for the import, the editor, the command line
 * and the preferences alike. They are generous for real names in any
 * script, yet keep a wrong column, a pasted document or an attack out of
 * every list, search key and audit entry; a longer value is refused, never
 * cut.
 */
#define SL_BIB_MAX_CHARS               16
#define SL_BOOKING_REF_MAX_CHARS       64
#define SL_NAME_MAX_CHARS             100   /* a first or a last name */
#define SL_CLUB_MAX_CHARS             150
#define SL_NATIONALITY_MAX_CHARS       60
#define SL_EMAIL_MAX_CHARS            254   /* the longest address mail can carry */
#define SL_PHONE_MAX_CHARS             40
#define SL_EMERGENCY_CONTACT_MAX_CHARS 200
#define SL_COSTUME_MAX_CHARS          150
#define SL_NOTES_MAX_CHARS           2000
#define SL_ACTOR_NAME_MAX_CHARS        60   /* a desk or an operator name */

/* Checks free text (UTF-8) as every name and field is checked: no control
 * character (C0, DEL, C1, or a line or paragraph separator) but the ASCII
 * ones in allowed, since a line break or tab would split every list,
 * export and audit line it is in; no invisible format character (Unicode
 * category Cf: the bidirectional overrides, embeddings, isolates and marks,
 * zero-width spaces, soft hyphens …), since a right-to-left override makes a
 * list show something other than what it holds; and no more than max_chars
 * characters. The zero-width joiner and non-joiner (U+200D, U+200C) are
 * taken: Indic and Persian names are spelled with them. label names the
 * field in the message ("The club", "a desk name"); on a problem, FALSE
 * with error in domain and code.
 */
gboolean    sl_text_check          (const char  *text,
                                    const char  *allowed,
                                    glong        max_chars,
                                    const char  *label,
                                    GQuark       domain,
                                    int          code,
                                    GError     **error);
/* Text (UTF-8) made one line, in place: each run of spaces holding a
 * control character becomes one space ("Bob⏎By" is "Bob By"), or nothing
 * at either end. Spaces alone are kept as they are.
 */
void        sl_text_squash_to_one_line (char    *text);
/* Whether text is NULL, empty or only ASCII white space. */
gboolean    sl_text_is_blank       (const char  *text);

/* What a lookup found, for a lookup that answers NULL without an error
 * when there is nothing: found as it is, with lookup_error (taken) in
 * error when the lookup failed, or a new error in domain and code, its
 * message format, when it found nothing.
 */
gpointer    sl_found_or_error      (gpointer     found,
                                    GError      *lookup_error,
                                    GError     **error,
                                    GQuark       domain,
                                    int          code,
                                    const char  *format,
                                    ...) G_GNUC_PRINTF (6, 7);

/* An enum's stable identifiers and labels, looked up both ways: one
 * entry per value, in the enum's order. An id may be NULL (a value with
 * no stored form); labels are marked N_() and translated when read.
 * any_case: an id is found whatever its case (ASCII).
 */
typedef struct
{
  const char *id;
  const char *label;
} SlIdLabel;

typedef struct
{
  const SlIdLabel *entries;
  guint            n_entries;
  gboolean         any_case;
} SlIdLabelTable;

#define SL_ID_LABEL_TABLE(entries, any_case) { entries, G_N_ELEMENTS (entries), any_case }

const char *sl_id_label_table_id    (const SlIdLabelTable *table,
                                     guint                 value);
/* The translated label. */
const char *sl_id_label_table_label (const SlIdLabelTable *table,
                                     guint                 value);
/* The value whose id is id, or -1. */
int         sl_id_label_table_find  (const SlIdLabelTable *table,
                                     const char           *id);

/* Stable identifiers as stored in the database (never translated). */
const char *sl_gender_to_id        (SlGender     gender);
gboolean    sl_gender_from_id      (const char  *id,
                                    SlGender    *gender);
const char *sl_gender_to_label     (SlGender     gender);
const char *sl_entry_type_to_id    (SlEntryType  type);
gboolean    sl_entry_type_from_id  (const char  *id,
                                    SlEntryType *type);
const char *sl_entry_type_to_label (SlEntryType  type);
const char *sl_status_to_id        (SlStatus     status);
gboolean    sl_status_from_id      (const char  *id,
                                    SlStatus    *status);
const char *sl_status_to_label     (SlStatus     status);
/* Whether an entrant in this status has been given their bib at the desk
 * (checked in, started, finished, did not finish).
 */
gboolean    sl_status_holds_bib    (SlStatus     status);

G_END_DECLS
