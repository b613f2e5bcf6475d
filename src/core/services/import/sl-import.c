/* sl-import.c — importing entrants from CSV files
 *
 * The import's modules, each with one job:
 *
 *  - sl-import-text.c: the file as lines of text, its encoding decided on
 *    a first pass and each line decoded to UTF-8 on the second;
 *  - sl-import-csv.c: both passes over the file, and libcsv splitting the
 *    decoded lines into records within the limits of a list of entrants;
 *  - sl-import-header.c: where the header is, its delimiter, and which
 *    field each column holds;
 *  - sl-import-values.c: one cell as written (a gender, yes or no, a full
 *    name, a start time; dates are sl-date.c's);
 *  - sl-import-row.c: one row checked into an entrant, or refused with a
 *    problem;
 *  - this file: the preview, and the import itself: a checked row matched
 *    to a stored entrant, the races, waves and charities it names added,
 *    merged and written, all in one transaction; all or nothing unless the
 *    caller asks for the good rows. What it asks of the store is the
 *    import_* methods of the store interface (sl-store.h).
 *
 * sl-import-types.c holds what they all speak of (options, results,
 * fields, errors), so that none of them depends on this file.
 *
 * Memory stays bounded whatever the file holds: no more than a line or a
 * record is held at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-audit.h"
#include "sl-entrant-private.h"
#include "sl-entrants-private.h"
#include "sl-event-service.h"
#include "sl-export-private.h"
#include "sl-import.h"
#include "sl-import-csv.h"
#include "sl-import-header.h"
#include "sl-import-needs.h"
#include "sl-import-row.h"
#include "sl-import-values.h"
#include "sl-json-image.h"
#include "sl-session-private.h"
#include "sl-store.h"

/* How often the import looks at its GCancellable, in rows. */
#define CANCEL_CHECK_ROWS 256

static SlImportResult *
result_new (void)
{
  SlImportResult *result = g_new0 (SlImportResult, 1);

  result->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_import_problem_free);
  result->added = g_ptr_array_new_with_free_func (g_free);
  return result;
}

/* ---- Preview ----------------------------------------------------------- */

typedef struct
{
  SlImportPreview       *preview;
  const SlImportOptions *options;
  const char            *display;
  SlImportHeader         header;
  guint                  max_rows;
  gboolean               have_header;
  gboolean               show_details;  /* an officer with the event key open */
  GError                *error;
} PreviewState;

static void
wipe_strv (char **row)
{
  for (guint i = 0; row != NULL && row[i] != NULL; i++)
    explicit_bzero (row[i], strlen (row[i]));
  g_strfreev (row);
}

/* A need's detail in a preview row, for anyone but an officer: the cell
 * says that there is one, never what it is; a detail's column left out
 * (without_needs) too.
 */
static void
hide_details (const SlImportHeader  *header,
              char                 **row,
              guint                  n)
{
  for (guint c = 0; c < n && c < header->n_columns; c++)
    if ((sl_import_field_is_detail (header->fields[c]) || header->detail_left_out[c])
        && *row[c] != '\0')
      {
        explicit_bzero (row[c], strlen (row[c]));
        g_free (row[c]);
        /* Translators: shown in an import's preview instead of a need's detail. */
        row[c] = g_strdup (_("(sealed)"));
      }
}

static gboolean
preview_record_cb (gpointer   data,
                   char     **values,
                   guint      n,
                   guint      line)
{
  PreviewState *state = data;
  char **row;

  if (!state->have_header)
    {
      state->have_header = TRUE;
      if (!sl_import_header_resolve (&state->header, values, n, state->options, state->display,
                                     &state->error))
        return FALSE;
      return state->max_rows > 0;
    }
  row = g_strdupv (values);
  sl_import_clean_values (row, n, state->header.columns[SL_IMPORT_FIELD_NOTES]);
  if (!state->show_details)
    hide_details (&state->header, row, n);
  else
    for (guint c = 0; c < n && c < state->header.n_columns; c++)
      if (sl_import_field_is_detail (state->header.fields[c]) && *row[c] != '\0')
        {
          state->preview->detail_rows++;
          break;
        }
  g_ptr_array_add (state->preview->rows, row);
  return state->preview->rows->len < state->max_rows;
}

static void
preview_malformed_cb (gpointer data,
                      guint    line,
                      guint    last_line,
                      gboolean unterminated)
{
  /* The import reports these per row; a preview shows what it could read. */
}

static void
set_empty_error (const SlImportText  *text,
                 GError             **error)
{
  g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_EMPTY, _("“%s” is empty"), text->display);
}

static SlImportPreview *
preview_file (const char             *path,
              const SlImportOptions  *options,
              guint                   max_rows,
              gboolean                show_details,
              GError                **error)
{
  g_autoptr(SlImportPreview) preview = NULL;
  PreviewState state = { 0 };
  SlImportText text;
  guint quote_line, quote_column;

  g_return_val_if_fail (path != NULL, NULL);

  if (!sl_import_csv_open (path, options, FALSE, NULL, &text, error))
    return NULL;

  preview = g_new0 (SlImportPreview, 1);
  preview->encoding = g_strdup (text.encoding);
  preview->delimiter = text.delimiter;
  /* An officer's preview holds the details as written: wiped when freed. */
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)wipe_strv);

  state.preview = preview;
  state.options = options;
  state.display = text.display;
  state.max_rows = max_rows;
  state.show_details = show_details;

  sl_import_csv_read (&text, preview_record_cb, preview_malformed_cb, NULL, &state, &quote_line,
                      &quote_column, &state.error);
  if (state.error == NULL && !state.have_header)
    set_empty_error (&text, &state.error);
  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      sl_import_header_clear (&state.header);
      sl_import_text_clear (&text);
      return NULL;
    }

  /* Before the headers move to the preview: the notice quotes them. */
  preview->notice = sl_import_header_dup_notice (&state.header, text.notice);
  sl_import_header_add_quote_notice (&state.header, quote_line, quote_column, &preview->notice);
  preview->date_order = state.header.date_order;
  preview->headers = (GStrv)g_ptr_array_steal (state.header.headers, NULL);
  preview->fields = g_steal_pointer (&state.header.fields);
  sl_import_header_clear (&state.header);
  sl_import_text_clear (&text);
  return g_steal_pointer (&preview);
}

SlImportPreview *
sl_import_preview (const char             *path,
                   const SlImportOptions  *options,
                   guint                   max_rows,
                   GError                **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  return preview_file (path, options, max_rows, FALSE, error);
}

SlImportPreview *
sl_db_import_preview (SlDb                   *db,
                      const char             *path,
                      const SlImportOptions  *options,
                      guint                   max_rows,
                      GError                **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  return preview_file (path, options, max_rows,
                       sl_db_require (db, SL_ACTION_READ_NEED_DETAIL, NULL), error);
}

/* ---- Import ------------------------------------------------------------ */

typedef struct
{
  SlDb                  *db;
  const SlImportOptions *options;
  const SlImportText    *text;
  char                  *basename;
  char                  *sha256;     /* the file's, for the audit entry */
  GThread               *sha256_thread;  /* working it out meanwhile */
  SlImportHeader         header;
  gboolean               have_header;
  SlImportLookups        lookups;
  SlImportChecker        checker;

  GHashTable            *bib_ids;        /* stored bib → entrant id */
  GHashTable            *ref_ids;        /* stored lower-case ref → entrant id */
  gboolean               db_was_empty;   /* nothing to match against */
  SlEntrantBulk         *bulk;           /* the new entrants, when writing */
  gint64                 next_unsaved_id; /* a dry run's ids for what it would add */

  GBytes                *public_key;     /* the event's, with support needs columns */
  SlImportNeeds          needs;          /* with support needs columns */
  gboolean               needs_begun;

  gboolean               writing;        /* inside the import's write (import_begin) */
  SlImportResult        *result;
  GError                *fatal;

  GCancellable          *cancellable;
  SlProgressFunc         progress;
  gpointer               progress_data;
  int                    last_percent;
  guint                  rows;
  guint                  new_signups;    /* new entrants' sign-ups (the import's entry) */
  guint                  quote_line;
  guint                  quote_column;
} Importer;

static void
import_malformed_cb (gpointer data,
                     guint    line,
                     guint    last_line,
                     gboolean unterminated)
{
  Importer *self = data;
  SlImportResult *result = self->result;
  const SlImportHeader *header = &self->header;

  /* The lines a stray quote swallowed are named: with "good rows only"
   * they are not imported, and nothing else would say so. Each message is
   * one whole sentence for the translators.
   */
  if (unterminated && last_line == line + 1)
    sl_import_add_problem (result, header, line, -1,
                           _("a quoted value opened on this line is never closed, so line %u "
                             "was read as part of it"), last_line);
  else if (unterminated && last_line > line)
    sl_import_add_problem (result, header, line, -1,
                           _("a quoted value opened on this line is never closed, so lines "
                             "%u–%u were read as part of it"), line + 1, last_line);
  else if (unterminated)
    sl_import_add_problem (result, header, line, -1,
                           _("a quoted value opened on this line is never closed"));
  else if (last_line == line + 1)
    sl_import_add_problem (result, header, line, -1,
                           _("a quoted value opened on this line runs on to line %u, where its "
                             "quotes are malformed, so line %u was read as part of it (a value "
                             "in quotes must be followed by the delimiter or the end of the "
                             "line; write a quote inside one as \"\")"),
                           last_line, last_line);
  else if (last_line > line)
    sl_import_add_problem (result, header, line, -1,
                           _("a quoted value opened on this line runs on to line %u, where its "
                             "quotes are malformed, so lines %u–%u were read as part of it (a "
                             "value in quotes must be followed by the delimiter or the end of "
                             "the line; write a quote inside one as \"\")"),
                           last_line, line + 1, last_line);
  else
    sl_import_add_problem (result, header, line, -1,
                           _("the quotes are malformed (a value in quotes must be followed by "
                             "the delimiter or the end of the line; write a quote inside one "
                             "as \"\")"));
}

static void
import_position_cb (gpointer data,
                    double   fraction)
{
  Importer *self = data;
  int percent = (int)(fraction * 100.0);

  if (self->progress != NULL && percent != self->last_percent)
    {
      self->last_percent = percent;
      self->progress (fraction, _("Importing entrants"), self->progress_data);
    }
}

/* ---- Matching a row to a stored entrant -------------------------------- */

/* What the event has, read once: a lookup per row in memory instead of
 * a query per row. The transaction keeps it current.
 */
static gboolean
load_lookups (Importer  *self,
              GError   **error)
{
  g_autoptr(GPtrArray) races = NULL;
  g_autoptr(GPtrArray) waves = NULL;
  g_autoptr(GPtrArray) charities = NULL;
  SlImportLookups *lookups = &self->lookups;
  GTimeZone *zone = sl_db_get_event_timezone (self->db);

  self->bib_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ref_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!SL_STORE (self->db)->import_read_places (self->db, &lookups->event_date, &races, &waves,
                                                &charities, error)
      || !SL_STORE (self->db)->import_read_codes (self->db, self->bib_ids, self->ref_ids, error))
    return FALSE;

  for (guint i = 0; i < races->len; i++)
    {
      const SlRace *race = races->pdata[i];

      /* A code wins over another race's name that happens to match it. */
      sl_import_lookups_add (lookups->races, race->id, race->code);
      sl_import_lookups_add (lookups->races, race->id, race->name);
    }
  for (guint i = 0; i < waves->len; i++)
    {
      const SlWave *wave = waves->pdata[i];

      sl_import_lookups_add_wave (lookups, wave->id, wave->race_id, wave->name);
    }
  for (guint i = 0; i < charities->len; i++)
    {
      const SlCharity *charity = charities->pdata[i];

      sl_import_lookups_add (lookups->charities, charity->id, charity->name);
    }
  lookups->timezone = zone != NULL ? g_time_zone_ref (zone) : NULL;
  self->db_was_empty = g_hash_table_size (self->bib_ids) == 0;
  return TRUE;
}

static gint64
lookup_id (GHashTable *ids,
           const char *key)
{
  return (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (ids, key));
}

/* The entrant a row refers to (0: a new one): the one with its bib, else
 * the one with its booking reference. A row whose bib and reference
 * belong to two different entrants is refused rather than merged: FALSE,
 * as when the store fails (self->fatal).
 */
static gboolean
find_existing (Importer          *self,
               const SlImportRow *row,
               guint              line,
               gint64            *id_out)
{
  const char *bib = row->entrant.bib;
  const char *ref = row->entrant.booking_ref;
  g_autofree char *ref_key = NULL;
  g_autoptr(SlEntrant) owner = NULL;
  gint64 by_bib, by_ref = 0;

  *id_out = 0;
  if (self->db_was_empty)
    return TRUE;

  by_bib = lookup_id (self->bib_ids, bib);
  if (ref != NULL)
    {
      ref_key = g_ascii_strdown (ref, -1);
      by_ref = lookup_id (self->ref_ids, ref_key);
    }
  if (by_bib == 0 || by_ref == 0 || by_bib == by_ref)
    {
      *id_out = by_bib != 0 ? by_bib : by_ref;
      return TRUE;
    }

  if ((owner = sl_db_dup_entrant_locked (self->db, by_ref, &self->fatal)) != NULL)
    sl_import_add_problem (self->result, &self->header, line,
                           self->header.columns[SL_IMPORT_FIELD_BOOKING_REF],
                           _("booking reference “%s” already belongs to the entrant with bib "
                             "%s, not to bib %s"), ref, owner->bib, bib);
  return FALSE;
}

/* After an update changed an entrant's bib or reference, later rows must
 * find it under the new ones only.
 */
static void
remember_codes (Importer        *self,
                const SlEntrant *before,
                const SlEntrant *after)
{
  gpointer id = GSIZE_TO_POINTER ((gsize)after->id);

  if (g_strcmp0 (before->bib, after->bib) != 0)
    {
      if (lookup_id (self->bib_ids, before->bib) == after->id)
        g_hash_table_remove (self->bib_ids, before->bib);
      g_hash_table_insert (self->bib_ids, g_strdup (after->bib), id);
    }
  if (g_ascii_strcasecmp (before->booking_ref != NULL ? before->booking_ref : "",
                          after->booking_ref != NULL ? after->booking_ref : "") != 0)
    {
      if (before->booking_ref != NULL)
        {
          g_autofree char *key = g_ascii_strdown (before->booking_ref, -1);

          if (lookup_id (self->ref_ids, key) == after->id)
            g_hash_table_remove (self->ref_ids, key);
        }
      if (after->booking_ref != NULL)
        g_hash_table_insert (self->ref_ids, g_ascii_strdown (after->booking_ref, -1), id);
    }
}

/* ---- Adding what the file names (options->add_missing) ----------------- */

/* What the name says, or "other": the kind only sorts races in lists. */
static const char *
guess_race_kind (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  gboolean women = strstr (folded, "women") || strstr (folded, "female")
                   || strstr (folded, "ladies");
  gboolean men = !women && (strstr (folded, "men") || strstr (folded, "male"));

  if (strstr (folded, "wheelchair"))
    return women ? "wheelchair-women" : men ? "wheelchair-men" : "other";
  if (strstr (folded, "elite"))
    return women ? "elite-women" : men ? "elite-men" : "other";
  if (strstr (folded, "mass"))
    return "mass";
  return "other";
}

/* A short code from the name ("Wheelchair Men" → "WHEELCHAIR-MEN"), made
 * unique against every code and name the event has.
 */
static char *
make_race_code (Importer   *self,
                const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autoptr(GString) code = g_string_new (NULL);
  g_autofree char *candidate = NULL;

  for (const char *p = ascii; *p && code->len < 24; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (code, g_ascii_toupper (*p));
    else if (code->len > 0 && code->str[code->len - 1] != '-')
      g_string_append_c (code, '-');
  while (code->len > 0 && code->str[code->len - 1] == '-')
    g_string_truncate (code, code->len - 1);
  if (code->len == 0)
    g_string_assign (code, "RACE");

  candidate = g_strdup (code->str);
  for (guint n = 2; sl_import_lookups_find (self->lookups.races, candidate) != 0; n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s-%u", code->str, n);
    }
  return g_steal_pointer (&candidate);
}

/* In a dry run, an id no stored row has for what would be added, which
 * is never written anywhere.
 */
static gint64
note_unsaved (Importer *self)
{
  if (self->next_unsaved_id == 0)
    self->next_unsaved_id = G_MAXINT64 / 2;
  return self->next_unsaved_id++;
}

/* Counts what was just added, says what it was (phrase, taken), and
 * returns its id: stored_id when writing; in a dry run, one no stored row
 * has, which is never written anywhere.
 */
static gint64
note_added (Importer *self,
            gint64    stored_id,
            guint    *counter,
            char     *phrase)
{
  (*counter)++;
  g_ptr_array_add (self->result->added, phrase);
  if (self->writing)
    return stored_id;
  return note_unsaved (self);
}

static gboolean
add_race (Importer   *self,
          const char *name,
          gint64     *id)
{
  g_autofree char *code = make_race_code (self, name);
  SlRace race = { .code = code, .name = (char *)name,
                  .kind = (char *)guess_race_kind (name) };

  if (self->writing && !sl_db_add_race_locked (self->db, &race, &self->fatal))
    return FALSE;
  *id = note_added (self, race.id, &self->result->added_races,
                    g_strdup_printf (_("race “%s”"), name));
  sl_import_lookups_add (self->lookups.races, *id, name);
  sl_import_lookups_add (self->lookups.races, *id, code);
  return TRUE;
}

static gboolean
add_wave (Importer          *self,
          const SlImportRow *row,
          gint64             race_id,
          gint64            *id)
{
  SlWave wave = { .race_id = race_id, .name = (char *)row->new_wave,
                  .start_area = (char *)row->new_start_area,
                  .start_time = row->new_start_time };

  if (self->writing && !sl_db_add_wave_locked (self->db, &wave, &self->fatal))
    return FALSE;
  *id = note_added (self, wave.id, &self->result->added_waves,
                    g_strdup_printf (_("wave “%s” of race “%s”"), row->new_wave,
                                     row->race_name));
  sl_import_lookups_add_wave (&self->lookups, *id, race_id, row->new_wave);
  return TRUE;
}

static gboolean
add_charity (Importer   *self,
             const char *name,
             gint64     *id)
{
  SlCharity charity = { .name = (char *)name };

  if (self->writing && !sl_db_add_charity_locked (self->db, &charity, &self->fatal))
    return FALSE;
  *id = note_added (self, charity.id, &self->result->added_charities,
                    g_strdup_printf (_("charity “%s”"), name));
  sl_import_lookups_add (self->lookups.charities, *id, name);
  return TRUE;
}

/* Adds what the row names that the event lacks, now that the row passed
 * every check; FALSE when the store failed.
 */
static gboolean
add_missing (Importer    *self,
             SlImportRow *row)
{
  return (row->new_race == NULL || add_race (self, row->new_race, &row->entrant.race_id))
         && (row->new_wave == NULL
             || add_wave (self, row, row->entrant.race_id, &row->entrant.wave_id))
         && (row->new_charity == NULL || add_charity (self, row->new_charity, &row->charity_id));
}

/* ---- Merging and writing ----------------------------------------------- */

/* The stored entrant with the columns the file has from row: columns the
 * file does not have keep their stored values.
 */
static void
merge_columns (const int       *col,
               const SlEntrant *row,
               SlEntrant       *merged)
{
  for (guint i = 1; i < SL_N_IMPORT_FIELDS; i++)
    {
      if (col[i] < 0)
        continue;
      switch ((SlImportField)i)
        {
        case SL_IMPORT_FIELD_BIB: merged->bib = row->bib; break;
        case SL_IMPORT_FIELD_BOOKING_REF: merged->booking_ref = row->booking_ref; break;
        case SL_IMPORT_FIELD_FIRST_NAME:
        case SL_IMPORT_FIELD_LAST_NAME:
        case SL_IMPORT_FIELD_FULL_NAME:
          merged->first_name = row->first_name;
          merged->last_name = row->last_name;
          break;
        case SL_IMPORT_FIELD_DATE_OF_BIRTH: merged->date_of_birth = row->date_of_birth; break;
        case SL_IMPORT_FIELD_AGE: merged->age = row->age; break;
        case SL_IMPORT_FIELD_GENDER: merged->gender = row->gender; break;
        case SL_IMPORT_FIELD_NATIONALITY: merged->nationality = row->nationality; break;
        case SL_IMPORT_FIELD_CLUB: merged->club = row->club; break;
        case SL_IMPORT_FIELD_EMAIL: merged->email = row->email; break;
        case SL_IMPORT_FIELD_PHONE: merged->phone = row->phone; break;
        case SL_IMPORT_FIELD_EMERGENCY_CONTACT:
          merged->emergency_contact = row->emergency_contact;
          break;
        case SL_IMPORT_FIELD_ENTRY_TYPE: merged->entry_type = row->entry_type; break;
        case SL_IMPORT_FIELD_RACE: merged->race_id = row->race_id; break;
        case SL_IMPORT_FIELD_WAVE:
          merged->wave_id = row->wave_id;
          if (col[SL_IMPORT_FIELD_RACE] < 0 && row->wave_id > 0)
            merged->race_id = row->race_id;
          break;
        case SL_IMPORT_FIELD_COSTUME: merged->costume = row->costume; break;
        case SL_IMPORT_FIELD_VIP: merged->vip = row->vip; break;
        case SL_IMPORT_FIELD_NOTES: merged->notes = row->notes; break;
        case SL_IMPORT_FIELD_CHARITY:
        case SL_IMPORT_FIELD_START_AREA:
        case SL_IMPORT_FIELD_START_TIME:
        case SL_IMPORT_FIELD_NONE:
        case SL_N_IMPORT_FIELDS:
        default:
          break;
        }
    }
}

/* A runner given a bib at the desk wears it and is timed by it: a file
 * sent later cannot change it behind the desk's back.
 */
static gboolean
check_bib_kept (Importer        *self,
                const SlEntrant *existing,
                const SlEntrant *merged,
                guint            line)
{
  int column = self->header.columns[SL_IMPORT_FIELD_BIB];

  if (g_strcmp0 (existing->bib, merged->bib) == 0 || !sl_status_holds_bib (existing->status))
    return TRUE;
  if (existing->status == SL_STATUS_CHECKED_IN)
    sl_import_add_problem (self->result, &self->header, line, column,
                           _("the entrant with booking reference %s is already checked in "
                             "with bib %s, so the bib cannot change to %s (undo the check-in "
                             "first)"),
                           existing->booking_ref, existing->bib, merged->bib);
  else
    sl_import_add_problem (self->result, &self->header, line, column,
                           _("the entrant with booking reference %s is “%s” with bib %s, so "
                             "the bib cannot change to %s"),
                           existing->booking_ref, sl_status_to_label (existing->status),
                           existing->bib, merged->bib);
  return FALSE;
}

/* Reads the stored entrant id into *existing and merges the row into it;
 * FALSE when the row is refused or the store failed.
 */
static gboolean
merge_existing (Importer     *self,
                gint64        id,
                SlImportRow  *row,
                SlEntrant   **existing,
                guint         line)
{
  SlEntrant merged;

  if (!(*existing = sl_db_dup_entrant_locked (self->db, id, &self->fatal)))
    return FALSE;
  merged = **existing;
  merge_columns (self->header.columns, &row->entrant, &merged);
  row->entrant = merged;
  return check_bib_kept (self, *existing, &row->entrant, line);
}

/* Row errors the store reports (a clash, a rule) reject the row; anything
 * else (disk full, I/O) stops the whole import.
 */
static gboolean
is_row_error (const GError *error)
{
  return error->domain == SL_ENTRANT_ERROR
         || g_error_matches (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT);
}

/* Takes error: the row's problem, or the import's end (is_row_error). */
static void
row_write_failed (Importer *self,
                  guint     line,
                  GError   *error)
{
  if (is_row_error (error))
    {
      sl_import_add_problem (self->result, &self->header, line,
                             sl_import_column_for_error (&self->header, error->code), "%s",
                             error->message);
      g_error_free (error);
    }
  else
    self->fatal = error;
}

/* The sign-up the file gives, for a new entrant (existing NULL) or a
 * stored one whose charity it changes.
 */
static gboolean
write_signup (Importer         *self,
              gint64            entrant_id,
              const SlEntrant  *existing,
              gint64            charity_id,
              GError          **error)
{
  /* Another charity starts with no target and nothing raised: those were
   * the old one's (the audit entry keeps them).
   */
  SlCharitySignup signup = { .entrant_id = entrant_id, .charity_id = charity_id };

  /* A new entrant's sign-up is audited by the import's entry, which counts
   * them, as it names the entrant (importer_commit).
   */
  if (existing == NULL)
    {
      if (charity_id == 0)
        return TRUE;
      self->new_signups++;
      return SL_STORE (self->db)->signup_put (self->db, &signup, error);
    }
  if (sl_import_lookups_find (self->lookups.charities, existing->charity_name) == charity_id)
    return TRUE;
  return sl_db_set_charity_signup_locked (self->db, &signup, error);
}

/* Updates existing from row (in a dry run, only compares); FALSE, having
 * counted it, when nothing would change (*in stays TRUE: the row is in the
 * event as it is), or when the write failed (*in FALSE).
 */
static gboolean
write_update (Importer          *self,
              const SlImportRow *row,
              const SlEntrant   *existing,
              guint              line,
              gboolean          *in)
{
  g_autoptr(GError) error = NULL;
  gboolean changed;

  if (!self->writing)
    changed = sl_entrant_update_changes (existing, &row->entrant);
  else if (!sl_db_update_entrant_from_locked (self->db, existing, &row->entrant, &changed,
                                              &error))
    {
      *in = FALSE;
      row_write_failed (self, line, g_steal_pointer (&error));
      return FALSE;
    }
  if (!changed && (self->header.columns[SL_IMPORT_FIELD_CHARITY] < 0
                   || sl_import_lookups_find (self->lookups.charities, existing->charity_name)
                      == row->charity_id))
    {
      self->result->unchanged++;
      return FALSE;
    }
  if (self->writing)
    remember_codes (self, existing, &row->entrant);
  return TRUE;
}

/* The charity consent column's value (none: the consent stays as it is). */
static gboolean
write_consent (Importer          *self,
               const SlImportRow *row,
               gint64             entrant_id)
{
  if (!self->writing || row->contact_consent < 0)
    return TRUE;
  return sl_db_set_contact_consent_locked (self->db, entrant_id,
                                           (SlContactConsent)row->contact_consent,
                                           row->consent_wording != NULL ? row->consent_wording
                                                                        : "import",
                                           &self->fatal);
}

/* Writes the row; TRUE when it is in the event (written, or unchanged). */
static gboolean
write_row (Importer        *self,
           SlImportRow     *row,
           const SlEntrant *existing,
           guint            line)
{
  g_autoptr(GError) error = NULL;
  gboolean in = TRUE;

  /* Before the entrant's own fields, which may be unchanged. */
  if (existing != NULL)
    {
      if (!write_consent (self, row, existing->id))
        return FALSE;
      if (!write_update (self, row, existing, line, &in))
        return in;
    }
  else if (self->writing && !sl_entrant_bulk_insert (self->bulk, &row->entrant, &error))
    {
      row_write_failed (self, line, g_steal_pointer (&error));
      return FALSE;
    }

  if (self->writing && self->header.columns[SL_IMPORT_FIELD_CHARITY] >= 0
      && !write_signup (self, row->entrant.id, existing, row->charity_id, &self->fatal))
    return FALSE;
  if (existing == NULL && !write_consent (self, row, row->entrant.id))
    return FALSE;

  if (existing != NULL)
    self->result->updated++;
  else
    self->result->imported++;
  return TRUE;
}

/* The row's support needs, links and markers, once it is in the event. */
static void
write_needs (Importer          *self,
             const SlImportRow *row,
             const SlEntrant   *existing,
             guint              line)
{
  gint64 id = existing != NULL ? existing->id : row->entrant.id;

  /* A dry run's new entrant: an id no stored row has, for its links. */
  if (id == 0)
    id = note_unsaved (self);
  sl_import_needs_add_row (&self->needs, row, id, existing != NULL, line, &self->fatal);
}

/* One row of the file: checked, matched, what it names added, merged and
 * written.
 */
static void
import_row (Importer  *self,
            char     **values,
            guint      n,
            guint      line)
{
  g_autoptr(SlEntrant) existing = NULL;
  SlImportRow row;
  gint64 existing_id;

  if (sl_import_check_row (&self->checker, values, n, line, &row)
      && find_existing (self, &row, line, &existing_id)
      && add_missing (self, &row)
      && (existing_id == 0 || merge_existing (self, existing_id, &row, &existing, line))
      && write_row (self, &row, existing, line)
      && self->needs_begun && self->fatal == NULL)
    write_needs (self, &row, existing, line);
  sl_import_row_clear (&row);
}

/* A file with support needs columns is an accessibility officer's to
 * import, as its links and markers are (a need alone anyone may record;
 * a file of them is the officer's planning); its details are sealed to
 * the event's key, which must exist. A dry run writes nothing and says
 * no detail: anyone may count what it would record.
 */
static gboolean
check_needs_allowed (Importer  *self,
                     GError   **error)
{
  self->result->has_needs = self->header.has_needs;
  if (!self->header.has_needs)
    return TRUE;
  if (!self->options->dry_run && !sl_db_require (self->db, SL_ACTION_MANAGE_NEEDS, NULL))
    {
      g_set_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED,
                   _("“%s” has support needs columns (%s): importing them needs an "
                     "accessibility officer signed in. Sign in as one, or import the file "
                     "without those columns"),
                   self->text->display, self->header.needs->str);
      return FALSE;
    }
  if (!self->options->dry_run
      && !(self->public_key = sl_db_dup_event_public_key (self->db, error)))
    return FALSE;
  self->needs_begun = TRUE;
  return sl_import_needs_begin (&self->needs, self->db, &self->header, self->public_key,
                                self->writing, self->result, error);
}

static gboolean
import_record_cb (gpointer   data,
                  char     **values,
                  guint      n,
                  guint      line)
{
  Importer *self = data;

  if (!self->have_header)
    {
      self->have_header = TRUE;
      return sl_import_header_resolve (&self->header, values, n, self->options,
                                       self->text->display, &self->fatal)
             && sl_import_header_check_required (&self->header, self->text->display,
                                                 &self->fatal)
             && check_needs_allowed (self, &self->fatal);
    }

  /* Spreadsheets leave rows of empty cells behind; they are not entrants. */
  for (guint i = 0; i < n; i++)
    if (*values[i] != '\0')
      goto not_blank;
  return TRUE;

not_blank:
  self->rows++;
  if (self->rows % CANCEL_CHECK_ROWS == 0
      && g_cancellable_set_error_if_cancelled (self->cancellable, &self->fatal))
    return FALSE;

  import_row (self, values, n, line);
  return self->fatal == NULL;
}

/* ---- The transaction --------------------------------------------------- */

/* The SHA-256 of the file as read, for the import's audit entry; NULL when
 * it cannot be read again. A thread's: path is its own, freed here.
 */
static gpointer
file_sha256_thread (gpointer data)
{
  g_autofree char *path = data;

  return sl_import_dup_file_sha256 (path, NULL, NULL);
}

static char *
import_audit_json (Importer *self)
{
  SlJsonImage image;
  gint64 first, last;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "file", self->basename);
  if (self->sha256 != NULL)
    sl_json_image_add_string (&image, "sha256", self->sha256);
  sl_json_image_add_int (&image, "imported", self->result->imported);
  sl_json_image_add_int (&image, "updated", self->result->updated);
  sl_json_image_add_int (&image, "rejected", self->result->rejected);
  sl_json_image_add_boolean (&image, "good_rows_only", self->options->good_rows_only);
  if (sl_entrant_bulk_get_new_ids (self->bulk, &first, &last))
    {
      sl_json_image_add_int (&image, SL_AUDIT_FIRST_ENTRANT, first);
      sl_json_image_add_int (&image, SL_AUDIT_LAST_ENTRANT, last);
    }
  if (self->header.columns[SL_IMPORT_FIELD_CHARITY] >= 0)
    sl_json_image_add_int (&image, "charity_signups", self->new_signups);
  if (self->result->has_needs)
    {
      /* Each has its own entry too (the details only as "sealed"). */
      sl_json_image_add_int (&image, "needs", self->result->needs);
      sl_json_image_add_int (&image, "links",
                             self->result->guide_links + self->result->support_links);
      sl_json_image_add_int (&image, "markers", self->result->markers);
    }
  if (self->options->add_missing)
    {
      /* Each has its own entry too; these say which import added them. */
      sl_json_image_add_int (&image, "added_races", self->result->added_races);
      sl_json_image_add_int (&image, "added_waves", self->result->added_waves);
      sl_json_image_add_int (&image, "added_charities", self->result->added_charities);
    }
  return sl_json_image_end_to_string (&image);
}

static void
importer_init (Importer              *self,
               SlDb                  *db,
               const SlImportText    *text,
               const SlImportOptions *options,
               GCancellable          *cancellable,
               SlProgressFunc         progress,
               gpointer               progress_data)
{
  memset (self, 0, sizeof *self);
  self->db = db;
  self->options = options;
  self->text = text;
  self->basename = g_filename_display_basename (text->path);
  self->cancellable = cancellable;
  self->progress = progress;
  self->progress_data = progress_data;
  self->last_percent = -1;
  self->result = result_new ();
  self->result->notice = g_strdup (text->notice);
  sl_import_lookups_init (&self->lookups);
  sl_import_checker_init (&self->checker, &self->header, options, &self->lookups,
                          self->result);
}

static void
importer_clear (Importer *self)
{
  if (self->sha256_thread != NULL)
    g_free (g_thread_join (g_steal_pointer (&self->sha256_thread)));
  sl_import_checker_clear (&self->checker);
  sl_import_lookups_clear (&self->lookups);
  sl_import_header_clear (&self->header);
  g_clear_pointer (&self->basename, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->bib_ids, g_hash_table_unref);
  g_clear_pointer (&self->ref_ids, g_hash_table_unref);
  if (self->needs_begun)
    sl_import_needs_clear (&self->needs);
  g_clear_pointer (&self->public_key, g_bytes_unref);
  g_clear_pointer (&self->bulk, sl_entrant_bulk_free);
  g_clear_pointer (&self->result, sl_import_result_free);
  g_clear_error (&self->fatal);
}

/* Reads the rows into the transaction; self->fatal says why not. */
static void
importer_read (Importer *self)
{
  g_autoptr(GError) error = NULL;

  if (!load_lookups (self, &self->fatal))
    return;
  if (self->writing && !(self->bulk = sl_entrant_bulk_new_locked (self->db, &self->fatal)))
    return;
  /* Hashing the file (about 30 ms for 50,000 rows) while the rows are
   * read and written, on another core where there is one, instead of
   * after them: the import's entry needs it only at the commit.
   */
  if (self->writing)
    self->sha256_thread = g_thread_try_new ("sl-import-sha256", file_sha256_thread,
                                            g_strdup (self->text->path), NULL);

  if (self->progress != NULL)
    self->progress (0.0, _("Importing entrants"), self->progress_data);
  if (!sl_import_csv_read (self->text, import_record_cb, import_malformed_cb, import_position_cb,
                           self, &self->quote_line, &self->quote_column, &error)
      && self->fatal == NULL)
    self->fatal = g_steal_pointer (&error);

  if (self->fatal == NULL)
    g_cancellable_set_error_if_cancelled (self->cancellable, &self->fatal);
  /* The links, now that every row is in: a guide may be on a later line. */
  if (self->fatal == NULL && self->needs_begun)
    sl_import_needs_finish (&self->needs, self->bib_ids, self->checker.seen_bibs,
                            self->options->good_rows_only, &self->fatal);
  if (self->fatal == NULL && !self->have_header)
    set_empty_error (self->text, &self->fatal);
  else if (self->fatal == NULL && self->rows == 0 && self->result->rejected == 0)
    g_set_error (&self->fatal, SL_IMPORT_ERROR, SL_IMPORT_ERROR_EMPTY,
                 _("“%s” has a header line but no entrants"), self->text->display);
}

/* Writes what only the whole import knows (the search index and the
 * import's audit entry, which names the ids of the new entrants) and
 * commits. The new entrants' sign-ups have no entries of their own: the
 * import's counts them and names the file they came from (its SHA-256),
 * and each entrant's history shows the import it came from. Sign-ups an
 * import changes or removes are audited one by one (write_signup).
 */
static gboolean
importer_commit (Importer  *self,
                 GError   **error)
{
  g_autofree char *json = NULL;

  if (!sl_entrant_bulk_finish (self->bulk, error))
    return FALSE;
  self->sha256 = self->sha256_thread != NULL
                 ? g_thread_join (g_steal_pointer (&self->sha256_thread))
                 : sl_import_dup_file_sha256 (self->text->path, NULL, NULL);
  json = import_audit_json (self);
  /* The import's entry names the file (its SHA-256), the counts and the
   * new entrants' ids; their histories show it (sl_db_list_audit).
   */
  if (!sl_db_audit (self->db, "import", "entrant", 0, NULL, json, error))
    return FALSE;
  self->writing = FALSE;
  return sl_db_commit (self->db, error);
}

/* Ends the transaction: committed when the import is kept and not a dry
 * run, else rolled back.
 */
static void
importer_end (Importer *self)
{
  gboolean keep;

  if (self->fatal == NULL && self->have_header)
    {
      g_autofree char *notice = sl_import_header_dup_notice (&self->header, self->text->notice);

      sl_import_header_add_quote_notice (&self->header, self->quote_line, self->quote_column,
                                         &notice);
      g_free (self->result->notice);
      self->result->notice = g_steal_pointer (&notice);
    }

  keep = self->fatal == NULL
         && (self->result->rejected == 0 || self->options->good_rows_only);
  if (self->writing && keep && importer_commit (self, &self->fatal))
    self->result->committed = TRUE;
  else if (self->writing)
    {
      /* Not when the commit itself failed: that has rolled back. */
      self->writing = FALSE;
      sl_db_rollback (self->db);
    }
  SL_STORE (self->db)->import_end (self->db, self->options->dry_run);

  if (self->progress != NULL && self->result->committed)
    self->progress (1.0, _("Import finished"), self->progress_data);
}

/* The result, or NULL with error. */
static SlImportResult *
importer_report (Importer         *self,
                 SlImportResult  **result_out,
                 GError          **error)
{
  if (self->fatal != NULL)
    {
      if (g_error_matches (self->fatal, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     _("The import of “%s” was cancelled; nothing was imported"),
                     self->text->display);
      else
        g_propagate_error (error, g_steal_pointer (&self->fatal));
      return NULL;
    }
  if (self->result->rejected > 0 && !self->options->good_rows_only)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED,
                   ngettext ("%u row of “%s” was rejected, so nothing was imported",
                             "%u rows of “%s” were rejected, so nothing was imported",
                             self->result->rejected),
                   self->result->rejected, self->text->display);
      if (result_out != NULL)
        *result_out = g_steal_pointer (&self->result);
      return NULL;
    }
  return g_steal_pointer (&self->result);
}

SlImportResult *
sl_db_import_csv (SlDb                   *db,
                  const char             *path,
                  const SlImportOptions  *options,
                  GCancellable           *cancellable,
                  SlProgressFunc          progress,
                  gpointer                progress_data,
                  SlImportResult        **result_out,
                  GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  SlImportOptions default_options;
  SlImportResult *result = NULL;
  SlImportText text;
  Importer self;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (result_out != NULL)
    *result_out = NULL;
  if (options == NULL)
    {
      sl_import_options_init (&default_options);
      options = &default_options;
    }

  if (!sl_import_csv_open (path, options, TRUE, cancellable, &text, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     _("The import of “%s” was cancelled; nothing was imported"), display);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  importer_init (&self, db, &text, options, cancellable, progress, progress_data);
  if (SL_STORE (db)->import_begin (db, options->dry_run, error))
    {
      self.writing = !options->dry_run;
      importer_read (&self);
      importer_end (&self);
      result = importer_report (&self, result_out, error);
    }
  importer_clear (&self);
  sl_import_text_clear (&text);
  return result;
}
