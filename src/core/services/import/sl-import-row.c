/* sl-import-row.c — checking one row of an import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-contact-consent.h"
#include "sl-import-row.h"
#include "sl-import-values.h"
#include "sl-need.h"

/* ---- What the event has ------------------------------------------------ */

void
sl_import_lookups_init (SlImportLookups *lookups)
{
  memset (lookups, 0, sizeof *lookups);
  lookups->races = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lookups->waves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lookups->waves_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The key is the first of the pair that is the value. */
  lookups->wave_races = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  lookups->charities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
sl_import_lookups_clear (SlImportLookups *lookups)
{
  g_clear_pointer (&lookups->races, g_hash_table_unref);
  g_clear_pointer (&lookups->waves, g_hash_table_unref);
  g_clear_pointer (&lookups->waves_by_name, g_hash_table_unref);
  g_clear_pointer (&lookups->wave_races, g_hash_table_unref);
  g_clear_pointer (&lookups->charities, g_hash_table_unref);
  g_clear_pointer (&lookups->event_date, g_free);
  g_clear_pointer (&lookups->timezone, g_time_zone_unref);
}

void
sl_import_lookups_add (GHashTable *names,
                       gint64      id,
                       const char *name)
{
  g_hash_table_insert (names, sl_import_fold_key (name), GSIZE_TO_POINTER ((gsize)id));
}

gint64
sl_import_lookups_find (GHashTable *names,
                        const char *name)
{
  g_autofree char *key = NULL;

  if (name == NULL)
    return 0;
  key = sl_import_fold_key (name);
  return (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (names, key));
}

/* Known by its race and by its name alone. */
void
sl_import_lookups_add_wave (SlImportLookups *lookups,
                            gint64           id,
                            gint64           race_id,
                            const char      *name)
{
  g_autofree char *key = sl_import_fold_key (name);
  gint64 *pair = g_new (gint64, 2);

  g_hash_table_insert (lookups->waves,
                       g_strdup_printf ("%" G_GINT64_FORMAT ":%s", race_id, key),
                       GSIZE_TO_POINTER ((gsize)id));
  /* A name in several races finds no wave alone (G_MAXSIZE). */
  g_hash_table_insert (lookups->waves_by_name, g_strdup (key),
                       GSIZE_TO_POINTER (g_hash_table_contains (lookups->waves_by_name, key)
                                         ? G_MAXSIZE : (gsize)id));
  pair[0] = id;
  pair[1] = race_id;
  g_hash_table_replace (lookups->wave_races, pair, pair);
}


/* ---- Problems ---------------------------------------------------------- */

void
sl_import_add_problem (SlImportResult       *result,
                       const SlImportHeader *header,
                       guint                 line,
                       int                   column,
                       const char           *format,
                       ...)
{
  SlImportProblem *problem = g_new0 (SlImportProblem, 1);
  va_list args;

  problem->line = line;
  if (column >= 0 && (guint)column < header->n_columns)
    problem->column = g_strdup (header->headers->pdata[column]);
  va_start (args, format);
  problem->reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (result->problems, problem);
  result->rejected++;
}

int
sl_import_column_for_error (const SlImportHeader *header,
                            int                   code)
{
  int field;

  switch (code)
    {
    case SL_ENTRANT_ERROR_BIB: field = SL_IMPORT_FIELD_BIB; break;
    case SL_ENTRANT_ERROR_BOOKING_REF: field = SL_IMPORT_FIELD_BOOKING_REF; break;
    case SL_ENTRANT_ERROR_FIRST_NAME: field = SL_IMPORT_FIELD_FIRST_NAME; break;
    case SL_ENTRANT_ERROR_LAST_NAME: field = SL_IMPORT_FIELD_LAST_NAME; break;
    case SL_ENTRANT_ERROR_DATE_OF_BIRTH: field = SL_IMPORT_FIELD_DATE_OF_BIRTH; break;
    case SL_ENTRANT_ERROR_AGE: field = SL_IMPORT_FIELD_AGE; break;
    case SL_ENTRANT_ERROR_EMAIL: field = SL_IMPORT_FIELD_EMAIL; break;
    case SL_ENTRANT_ERROR_RACE: field = SL_IMPORT_FIELD_RACE; break;
    case SL_ENTRANT_ERROR_WAVE: field = SL_IMPORT_FIELD_WAVE; break;
    case SL_ENTRANT_ERROR_NATIONALITY: field = SL_IMPORT_FIELD_NATIONALITY; break;
    case SL_ENTRANT_ERROR_CLUB: field = SL_IMPORT_FIELD_CLUB; break;
    case SL_ENTRANT_ERROR_PHONE: field = SL_IMPORT_FIELD_PHONE; break;
    case SL_ENTRANT_ERROR_EMERGENCY_CONTACT: field = SL_IMPORT_FIELD_EMERGENCY_CONTACT; break;
    case SL_ENTRANT_ERROR_COSTUME: field = SL_IMPORT_FIELD_COSTUME; break;
    case SL_ENTRANT_ERROR_NOTES: field = SL_IMPORT_FIELD_NOTES; break;
    default: return -1;
    }
  if (header->columns[field] < 0 && (field == SL_IMPORT_FIELD_FIRST_NAME
                                     || field == SL_IMPORT_FIELD_LAST_NAME))
    field = SL_IMPORT_FIELD_FULL_NAME;
  return header->columns[field];
}

/* ---- Checking a row ---------------------------------------------------- */

void
sl_import_checker_init (SlImportChecker       *checker,
                        const SlImportHeader  *header,
                        const SlImportOptions *options,
                        SlImportLookups       *lookups,
                        SlImportResult        *result)
{
  memset (checker, 0, sizeof *checker);
  checker->header = header;
  checker->options = options;
  checker->lookups = lookups;
  checker->result = result;
  checker->seen_bibs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  checker->seen_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  checker->first = g_string_new (NULL);
  checker->last = g_string_new (NULL);
  checker->scratch = g_string_new (NULL);
  checker->other = g_string_new (NULL);
  sl_date_format_today (checker->today);
}

void
sl_import_checker_clear (SlImportChecker *checker)
{
  g_clear_pointer (&checker->seen_bibs, g_hash_table_unref);
  g_clear_pointer (&checker->seen_refs, g_hash_table_unref);
  if (checker->first != NULL)
    g_string_free (checker->first, TRUE);
  if (checker->last != NULL)
    g_string_free (checker->last, TRUE);
  if (checker->scratch != NULL)
    g_string_free (checker->scratch, TRUE);
  if (checker->other != NULL)
    {
      /* The last row's details, as written. */
      explicit_bzero (checker->other->str, checker->other->allocated_len);
      g_string_free (checker->other, TRUE);
    }
  checker->first = checker->last = checker->scratch = checker->other = NULL;
}

void
sl_import_row_clear (SlImportRow *row)
{
  g_clear_pointer (&row->new_start_time, g_free);
}

/* The value of field's column, NULL when the file has none or it is empty. */
static const char *
value_of (SlImportChecker *self,
          SlImportField    field)
{
  int column = self->header->columns[field];

  if (column < 0 || *self->values[column] == '\0')
    return NULL;
  return self->values[column];
}

/* A problem with the value of field in the row being checked. */
#define add_problem(self, field, ...) \
  sl_import_add_problem ((self)->result, (self)->header, (self)->line, \
                         (self)->header->columns[field], __VA_ARGS__)

/* The line a code was first used on in this file, 0 if none; it is
 * remembered (key, taken) for later rows.
 */
static int
first_use (GHashTable *seen,
           char       *key,
           guint       line)
{
  int first = GPOINTER_TO_INT (g_hash_table_lookup (seen, key));

  if (first != 0)
    g_free (key);
  else
    g_hash_table_insert (seen, key, GINT_TO_POINTER (line));
  return first;
}

static gboolean
check_codes (SlImportChecker *self)
{
  const char *bib = value_of (self, SL_IMPORT_FIELD_BIB);
  const char *ref = value_of (self, SL_IMPORT_FIELD_BOOKING_REF);
  int v;

  if (bib == NULL)
    {
      add_problem (self, SL_IMPORT_FIELD_BIB, _("the bib number is missing"));
      return FALSE;
    }
  if ((v = first_use (self->seen_bibs, g_strdup (bib), self->line)) != 0)
    {
      add_problem (self, SL_IMPORT_FIELD_BIB,
                   _("bib %s is already used on line %d of this file"), bib, v);
      return FALSE;
    }
  if (ref != NULL
      && (v = first_use (self->seen_refs, g_ascii_strdown (ref, -1), self->line)) != 0)
    {
      add_problem (self, SL_IMPORT_FIELD_BOOKING_REF,
                   _("booking reference %s is already used on line %d of this file"), ref, v);
      return FALSE;
    }
  self->row->entrant.bib = (char *)bib;
  self->row->entrant.booking_ref = (char *)ref;
  return TRUE;
}

static gboolean
check_names (SlImportChecker *self)
{
  SlEntrant *e = &self->row->entrant;
  const char *full;

  e->first_name = (char *)value_of (self, SL_IMPORT_FIELD_FIRST_NAME);
  e->last_name = (char *)value_of (self, SL_IMPORT_FIELD_LAST_NAME);
  if ((e->first_name == NULL || e->last_name == NULL)
      && self->header->columns[SL_IMPORT_FIELD_FULL_NAME] >= 0)
    {
      full = value_of (self, SL_IMPORT_FIELD_FULL_NAME);
      if (full == NULL)
        {
          add_problem (self, SL_IMPORT_FIELD_FULL_NAME, _("the name is missing"));
          return FALSE;
        }
      if (!sl_import_split_full_name (full, self->first, self->last))
        {
          add_problem (self, SL_IMPORT_FIELD_FULL_NAME,
                       _("“%s” is not a full name; write it as “First Last” or “Last, First”"),
                       full);
          return FALSE;
        }
      if (e->first_name == NULL)
        e->first_name = self->first->str;
      if (e->last_name == NULL)
        e->last_name = self->last->str;
    }
  if (e->first_name == NULL)
    {
      add_problem (self, SL_IMPORT_FIELD_FIRST_NAME, _("the first name is missing"));
      return FALSE;
    }
  if (e->last_name == NULL)
    {
      add_problem (self, SL_IMPORT_FIELD_LAST_NAME, _("the last name is missing"));
      return FALSE;
    }
  return TRUE;
}

/* What is wrong with a date of birth, as a format for the value. */
static const char *
date_problem (SlDateCheck check,
              gboolean    order_from_header)
{
  switch (check)
    {
    case SL_DATE_NOT_A_DATE:
      return _("“%s” is not a date");
    case SL_DATE_NO_SUCH_DAY:
      return _("“%s” is not a real date (no such day)");
    case SL_DATE_AMBIGUOUS:
      return _("“%s” is ambiguous (day/month or month/day?); choose the date order of the "
               "file, or write it as YYYY-MM-DD");
    case SL_DATE_NEEDS_ORDER:
      return _("“%s” is not written YYYY-MM-DD; choose the date order of the file to import "
               "dates written like this");
    case SL_DATE_NOT_YEAR_FIRST:
      return order_from_header
             ? _("“%s” does not start with the year, as the column’s header says dates are "
                 "written; correct the value or the header")
             : _("“%s” does not start with the year, as the date order chosen says dates are "
                 "written; choose the order this file uses");
    case SL_DATE_SHORT_YEAR:
      return _("“%s” has a two-digit year; write the year with four digits");
    case SL_DATE_TOO_OLD:
      return _("“%s” is not a plausible date of birth");
    case SL_DATE_FUTURE:
      return _("“%s” is in the future");
    case SL_DATE_OK:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_date_of_birth (SlImportChecker *self)
{
  const char *value = value_of (self, SL_IMPORT_FIELD_DATE_OF_BIRTH);
  SlDateCheck check;

  if (value == NULL)
    return TRUE;
  check = sl_date_parse (value, self->header->date_order, self->today, self->row->date_of_birth);
  if (check != SL_DATE_OK)
    {
      add_problem (self, SL_IMPORT_FIELD_DATE_OF_BIRTH,
                   date_problem (check, self->header->date_order_from_header), value);
      return FALSE;
    }
  self->row->entrant.date_of_birth = self->row->date_of_birth;
  return TRUE;
}

/* Age, gender, entry type and VIP: each one of a few values. */
static gboolean
check_choices (SlImportChecker *self)
{
  SlEntrant *e = &self->row->entrant;
  const char *value;

  if ((value = value_of (self, SL_IMPORT_FIELD_AGE)) != NULL
      && !sl_import_parse_age (value, &e->age))
    {
      add_problem (self, SL_IMPORT_FIELD_AGE,
                   _("“%s” is not an age (a whole number of years, 0 to 120)"), value);
      return FALSE;
    }
  if ((value = value_of (self, SL_IMPORT_FIELD_GENDER)) != NULL
      && !sl_import_parse_gender (value, &e->gender))
    {
      add_problem (self, SL_IMPORT_FIELD_GENDER,
                   _("“%s” is not a gender (use F, M or NB; female, male or non-binary)"), value);
      return FALSE;
    }
  if ((value = value_of (self, SL_IMPORT_FIELD_ENTRY_TYPE)) != NULL
      && !sl_import_parse_entry_type (value, &e->entry_type))
    {
      add_problem (self, SL_IMPORT_FIELD_ENTRY_TYPE,
                   _("“%s” is not an entry type (ballot, good for age, championship, charity, "
                   "elite, reserved disability place, support runner, club, overseas)"),
                   value);
      return FALSE;
    }
  return TRUE;
}

/* The id of what value names in table; with add_missing, the name to add
 * in *new_name; else a problem (missing_format, for the value).
 */
static gboolean
find_named (SlImportChecker *self,
            GHashTable      *table,
            const char      *value,
            SlImportField    field,
            const char      *missing_format,
            gint64          *id,
            const char     **new_name)
{
  g_autofree char *key = sl_import_fold_key (value);
  gpointer found;

  if (g_hash_table_lookup_extended (table, key, NULL, &found))
    *id = (gint64)GPOINTER_TO_SIZE (found);
  else if (self->options->add_missing)
    *new_name = value;
  else
    {
      self->result->missing++;
      add_problem (self, field, missing_format, value);
      return FALSE;
    }
  return TRUE;
}

/* A wave is found in the row's race, else by its name alone, which gives
 * the race.
 */
static gboolean
check_wave (SlImportChecker *self)
{
  SlImportLookups *lookups = self->lookups;
  const char *value = value_of (self, SL_IMPORT_FIELD_WAVE);
  g_autofree char *key = NULL;
  gpointer id = NULL;

  if (value == NULL)
    return TRUE;
  key = sl_import_fold_key (value);
  if (self->row->new_race != NULL)
    self->row->new_wave = value;
  else if (self->row->entrant.race_id > 0)
    {
      gboolean found;

      g_string_printf (self->scratch, "%" G_GINT64_FORMAT ":%s", self->row->entrant.race_id, key);
      found = g_hash_table_lookup_extended (lookups->waves, self->scratch->str, NULL, &id);
      if (!found && self->options->add_missing)
        self->row->new_wave = value;
      else if (!found)
        {
          self->result->missing++;
          add_problem (self, SL_IMPORT_FIELD_WAVE, _("race “%s” has no wave “%s”"),
                       value_of (self, SL_IMPORT_FIELD_RACE), value);
          return FALSE;
        }
    }
  else if (!g_hash_table_lookup_extended (lookups->waves_by_name, key, NULL, &id))
    {
      add_problem (self, SL_IMPORT_FIELD_WAVE, _("there is no wave “%s” in this event"),
                   value);
      return FALSE;
    }
  else if (GPOINTER_TO_SIZE (id) == G_MAXSIZE)
    {
      add_problem (self, SL_IMPORT_FIELD_WAVE,
                   _("several races have a wave “%s”; add a Race column"), value);
      return FALSE;
    }
  self->row->entrant.wave_id = (gint64)GPOINTER_TO_SIZE (id);
  if (self->row->entrant.race_id == 0 && self->row->new_race == NULL)
    {
      gint64 *pair = g_hash_table_lookup (lookups->wave_races, &self->row->entrant.wave_id);

      self->row->entrant.race_id = pair[1];
    }
  return TRUE;
}

/* Race, wave (with a new wave's start time) and charity. */
static gboolean
check_places (SlImportChecker *self)
{
  const char *value;

  if ((value = value_of (self, SL_IMPORT_FIELD_RACE)) != NULL
      && !find_named (self, self->lookups->races, value, SL_IMPORT_FIELD_RACE,
                      _("there is no race “%s” in this event"), &self->row->entrant.race_id,
                      &self->row->new_race))
    return FALSE;
  if (!check_wave (self))
    return FALSE;
  if (self->row->new_wave != NULL)
    {
      self->row->race_name = value_of (self, SL_IMPORT_FIELD_RACE);
      self->row->new_start_area = value_of (self, SL_IMPORT_FIELD_START_AREA);
    }
  /* A start time is read for a wave the import adds, and only then. */
  if (self->row->new_wave != NULL
      && (value = value_of (self, SL_IMPORT_FIELD_START_TIME)) != NULL
      && !(self->row->new_start_time = sl_import_parse_start_time (value, self->lookups->event_date,
                                                             self->lookups->timezone)))
    {
      add_problem (self, SL_IMPORT_FIELD_START_TIME,
                   _("“%s” is not a start time (HH:MM, or YYYY-MM-DD HH:MM, in the event's "
                   "time zone)"), value);
      return FALSE;
    }
  if ((value = value_of (self, SL_IMPORT_FIELD_CHARITY)) != NULL
      && !find_named (self, self->lookups->charities, value, SL_IMPORT_FIELD_CHARITY,
                      _("there is no charity “%s” in this event"), &self->row->charity_id,
                      &self->row->new_charity))
    return FALSE;
  return TRUE;
}

/* VIP and the free text, then the entrant's own rules. */
static gboolean
check_rest (SlImportChecker *self)
{
  g_autoptr(GError) error = NULL;
  SlEntrant *e = &self->row->entrant;
  const char *value;

  if ((value = value_of (self, SL_IMPORT_FIELD_VIP)) != NULL
      && !sl_import_parse_vip (value, &e->vip))
    {
      add_problem (self, SL_IMPORT_FIELD_VIP, _("“%s” is not yes or no"), value);
      return FALSE;
    }
  e->nationality = (char *)value_of (self, SL_IMPORT_FIELD_NATIONALITY);
  e->club = (char *)value_of (self, SL_IMPORT_FIELD_CLUB);
  e->email = (char *)value_of (self, SL_IMPORT_FIELD_EMAIL);
  e->phone = (char *)value_of (self, SL_IMPORT_FIELD_PHONE);
  e->emergency_contact = (char *)value_of (self, SL_IMPORT_FIELD_EMERGENCY_CONTACT);
  e->costume = (char *)value_of (self, SL_IMPORT_FIELD_COSTUME);
  e->notes = (char *)value_of (self, SL_IMPORT_FIELD_NOTES);

  if (!sl_entrant_validate (e, &error))
    {
      sl_import_add_problem (self->result, self->header, self->line,
                             sl_import_column_for_error (self->header, error->code), "%s",
                             error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- Support needs columns -------------------------------------------- */

/* A detail as the needs service takes it (its limit and characters). The
 * problem names the column, never the text.
 */
static gboolean
check_detail (SlImportChecker *self,
              SlImportField    field,
              const char      *text)
{
  g_autoptr(GError) error = NULL;
  const char *column = self->header->headers->pdata[self->header->columns[field]];
  g_autofree char *label = g_strdup_printf ("“%s”", column);

  if (sl_text_check (text, "\n", SL_NEED_DETAIL_MAX_CHARS, label, SL_IMPORT_ERROR,
                     SL_IMPORT_ERROR_LIMIT, &error))
    return TRUE;
  add_problem (self, field, "%s", error->message);
  return FALSE;
}

/* Disability, access needs and support needs: one need of type "other",
 * each part under its column's name, as the officer reads it.
 */
static gboolean
check_other_detail (SlImportChecker *self)
{
  static const SlImportField parts[] = {
    SL_IMPORT_FIELD_DISABILITY, SL_IMPORT_FIELD_ACCESS_NEEDS, SL_IMPORT_FIELD_SUPPORT_NEEDS,
  };
  GString *other = self->other;

  g_string_truncate (other, 0);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *value = value_of (self, parts[i]);

      if (value == NULL)
        continue;
      if (other->len > 0)
        g_string_append_c (other, '\n');
      g_string_append_printf (other, "%s: %s",
                              (const char *)self->header->headers->pdata[self->header->columns[parts[i]]],
                              value);
    }
  if (other->len == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (value_of (self, parts[i]) != NULL)
      {
        if (!check_detail (self, parts[i], other->str))
          return FALSE;
        break;
      }
  self->row->other_detail = other->str;
  return TRUE;
}

/* A guide or support runner's bib: looked up once every row is in, as it
 * may be on a later line; never the entrant's own.
 */
static gboolean
check_runner_bib (SlImportChecker  *self,
                  SlImportField     field,
                  const char      **bib)
{
  const char *value = sl_import_bib_or_null (value_of (self, field));

  if (value != NULL && g_strcmp0 (value, self->row->entrant.bib) == 0)
    {
      add_problem (self, field, field == SL_IMPORT_FIELD_GUIDE_BIB
                                ? _("bib %s is the entrant’s own: a runner cannot be their own "
                                    "guide runner")
                                : _("bib %s is the entrant’s own: a runner cannot be their own "
                                    "support runner"),
                   value);
      return FALSE;
    }
  *bib = value;
  return TRUE;
}

static gboolean
check_needs (SlImportChecker *self)
{
  SlImportRow *row = self->row;
  const char *value;

  if (!self->header->has_needs)
    return TRUE;
  if (!check_other_detail (self))
    return FALSE;
  if ((value = value_of (self, SL_IMPORT_FIELD_MEDICAL)) != NULL)
    {
      if (!check_detail (self, SL_IMPORT_FIELD_MEDICAL, value))
        return FALSE;
      row->medical_detail = value;
    }
  if (!check_runner_bib (self, SL_IMPORT_FIELD_GUIDE_BIB, &row->guide_bib)
      || !check_runner_bib (self, SL_IMPORT_FIELD_SUPPORT_BIB, &row->support_bib))
    return FALSE;
  for (SlImportField f = SL_IMPORT_FIELD_DEAF; f <= SL_IMPORT_FIELD_WHEELCHAIR; f++)
    {
      gboolean on;

      if ((value = value_of (self, f)) == NULL)
        continue;
      /* Not quoted: what is written in a marker's column may say more
       * about a person's health than yes or no.
       */
      if (!sl_import_parse_marker (value, self->header->headers->pdata[self->header->columns[f]],
                                   &on))
        {
          add_problem (self, f, _("the value is not yes or no (write yes, no, y, n, 1, 0 or x, "
                                  "or leave it empty)"));
          return FALSE;
        }
      if (on)
        row->markers |= 1u << (f - SL_IMPORT_FIELD_DEAF);
    }
  return TRUE;
}

/* The charity consent column, and the wording it was given under. */
static gboolean
check_consent (SlImportChecker *self)
{
  const char *value = value_of (self, SL_IMPORT_FIELD_CHARITY_CONSENT);
  const char *wording = value_of (self, SL_IMPORT_FIELD_CONSENT_WORDING);
  SlContactConsent consent;

  if (value == NULL)
    return TRUE;
  if (!sl_contact_consent_parse (value, &consent))
    {
      add_problem (self, SL_IMPORT_FIELD_CHARITY_CONSENT,
                   _("“%s” is not a consent (write yes, no, given, not given, withdrawn or "
                     "not asked)"), value);
      return FALSE;
    }
  if (wording != NULL && g_utf8_strlen (wording, -1) > 40)
    {
      add_problem (self, SL_IMPORT_FIELD_CONSENT_WORDING,
                   _("the wording version is longer than 40 characters"));
      return FALSE;
    }
  self->row->contact_consent = consent;
  self->row->consent_wording = wording;
  return TRUE;
}

gboolean
sl_import_check_row (SlImportChecker  *self,
                     char            **values,
                     guint             n,
                     guint             line,
                     SlImportRow      *row)
{
  gboolean ok;

  memset (row, 0, sizeof *row);
  row->entrant.age = -1;
  row->contact_consent = -1;

  if (n != self->header->n_columns)
    {
      sl_import_add_problem (self->result, self->header, line, -1,
                             ngettext ("the row has %u value but the header has %u columns",
                             "the row has %u values but the header has %u columns",
                             n),
                             n, self->header->n_columns);
      return FALSE;
    }
  sl_import_clean_values (values, n, self->header->columns[SL_IMPORT_FIELD_NOTES]);

  self->values = values;
  self->line = line;
  self->row = row;
  ok = check_codes (self) && check_names (self) && check_date_of_birth (self)
       && check_choices (self) && check_places (self) && check_rest (self)
       && check_consent (self) && check_needs (self);
  self->values = NULL;
  self->row = NULL;
  return ok;
}
