/* sl-import-values.c — one cell of an import, as written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-import-values.h"

/* A value as a spreadsheet protected it: the apostrophe that Startline's
 * own CSV export (and a careful user) puts before = + - @ TAB or CR so a
 * spreadsheet does not run it as a formula. "'+44 7700 900123" is the
 * phone number +44 7700 900123; "'Ohana" keeps its apostrophe. In place.
 */
static void
unprotect (char *value)
{
  if (value[0] == '\'' && value[1] != '\0' && strchr ("=+-@\t\r", value[1]) != NULL)
    memmove (value, value + 1, strlen (value));
}

void
sl_import_clean_values (char **values,
                        guint  n,
                        int    notes_column)
{
  for (guint c = 0; c < n; c++)
    {
      unprotect (values[c]);
      if ((int)c != notes_column)
        sl_text_squash_to_one_line (values[c]);
      else
        for (char *p = values[c]; *p != '\0'; p++)
          if (((guchar)*p < 0x20 && !strchr ("\n\r\t", *p)) || *p == 0x7f)
            *p = ' ';
    }
}

char *
sl_import_fold_key (const char *text)
{
  /* For ASCII, case folding is lower-casing, at a fraction of the cost. */
  for (const char *p = text; *p; p++)
    if ((guchar)*p >= 0x80)
      return g_utf8_casefold (text, -1);
  return g_ascii_strdown (text, -1);
}

static gboolean
parse_number (const char *s,
              gsize       len,
              guint      *out)
{
  guint v = 0;

  if (len == 0 || len > 4)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (guint)(s[i] - '0');
    }
  *out = v;
  return TRUE;
}

gboolean
sl_import_parse_age (const char *text,
                     int        *age)
{
  guint v;

  if (!parse_number (text, strlen (text), &v) || v > 120)
    return FALSE;
  *age = (int)v;
  return TRUE;
}

typedef struct
{
  const char *word;
  int         value;
} Word;

static const Word gender_words[] = {
  { "f", SL_GENDER_FEMALE }, { "female", SL_GENDER_FEMALE }, { "woman", SL_GENDER_FEMALE },
  { "w", SL_GENDER_FEMALE }, { "women", SL_GENDER_FEMALE },
  { "m", SL_GENDER_MALE }, { "male", SL_GENDER_MALE }, { "man", SL_GENDER_MALE },
  { "men", SL_GENDER_MALE },
  { "non-binary", SL_GENDER_NON_BINARY }, { "nonbinary", SL_GENDER_NON_BINARY },
  { "non binary", SL_GENDER_NON_BINARY }, { "nb", SL_GENDER_NON_BINARY },
  { "x", SL_GENDER_NON_BINARY },
};

static const Word vip_words[] = {
  { "yes", TRUE }, { "y", TRUE }, { "true", TRUE }, { "1", TRUE }, { "x", TRUE },
  { "vip", TRUE }, { "no", FALSE }, { "n", FALSE }, { "false", FALSE }, { "0", FALSE },
};

/* Entry types as people write them; the stored ids are accepted too. */
static const Word entry_type_words[] = {
  { "gfa", SL_ENTRY_GOOD_FOR_AGE }, { "good-for-age", SL_ENTRY_GOOD_FOR_AGE },
  { "reserved-disability-place", SL_ENTRY_RESERVED_DISABILITY },
  { "disability", SL_ENTRY_RESERVED_DISABILITY },
  { "club-place", SL_ENTRY_CLUB }, { "overseas-tour-operator", SL_ENTRY_OVERSEAS },
  { "guide", SL_ENTRY_SUPPORT_RUNNER }, { "guide-runner", SL_ENTRY_SUPPORT_RUNNER },
};

/* The value of the word text is (in any case), or -1. */
static int
word_value (const Word *words,
            guint       n_words,
            const char *text)
{
  for (guint i = 0; i < n_words; i++)
    if (g_ascii_strcasecmp (words[i].word, text) == 0)
      return words[i].value;
  return -1;
}

gboolean
sl_import_parse_gender (const char *text,
                        SlGender   *gender)
{
  int v = word_value (gender_words, G_N_ELEMENTS (gender_words), text);

  if (v >= 0)
    *gender = (SlGender)v;
  return v >= 0;
}

gboolean
sl_import_parse_vip (const char *text,
                     gboolean   *vip)
{
  int v = word_value (vip_words, G_N_ELEMENTS (vip_words), text);

  if (v < 0)
    return FALSE;
  *vip = v == TRUE;
  return TRUE;
}

/* A marker column: yes or no as people tick it, and the column's own
 * name, which some registration systems write for yes ("Deaf" in the
 * Deaf column).
 */
static const Word marker_words[] = {
  { "yes", TRUE }, { "y", TRUE }, { "true", TRUE }, { "1", TRUE }, { "x", TRUE },
  { "\u2713", TRUE }, { "\u2714", TRUE }, { "on", TRUE },
  { "no", FALSE }, { "n", FALSE }, { "false", FALSE }, { "0", FALSE }, { "-", FALSE },
  { "off", FALSE }, { "n/a", FALSE }, { "na", FALSE }, { "none", FALSE },
};

gboolean
sl_import_parse_marker (const char *text,
                        const char *column,
                        gboolean   *on)
{
  int v = word_value (marker_words, G_N_ELEMENTS (marker_words), text);

  if (v < 0 && column != NULL)
    {
      g_autofree char *a = sl_import_fold_key (text);
      g_autofree char *b = sl_import_fold_key (column);

      v = g_str_equal (a, b) ? TRUE : -1;
    }
  if (v < 0)
    return FALSE;
  *on = v == TRUE;
  return TRUE;
}

/* What people write in a guide runner's bib column for "none". */
static const char * const no_bib_words[] = { "-", "none", "no", "n/a", "na", "0" };

const char *
sl_import_bib_or_null (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (no_bib_words); i++)
    if (g_ascii_strcasecmp (text, no_bib_words[i]) == 0)
      return NULL;
  return text;
}

gboolean
sl_import_parse_entry_type (const char  *text,
                            SlEntryType *type)
{
  char canon[48];
  gsize len = strlen (text);
  int v;

  if (len >= sizeof canon)
    return FALSE;
  for (gsize i = 0; i <= len; i++)
    canon[i] = (text[i] == ' ' || text[i] == '_') ? '-' : g_ascii_tolower (text[i]);
  if (sl_entry_type_from_id (canon, type))
    return TRUE;
  v = word_value (entry_type_words, G_N_ELEMENTS (entry_type_words), canon);
  if (v >= 0)
    *type = (SlEntryType)v;
  return v >= 0;
}

/* In "First Last" the first word is the first name and the rest the last
 * name, which keeps particles and double surnames together ("Ludwig van
 * Beethoven", "José Fernández García").
 */
gboolean
sl_import_split_full_name (const char *name,
                           GString    *first,
                           GString    *last)
{
  const char *comma = strchr (name, ',');
  const char *space;

  g_string_truncate (first, 0);
  g_string_truncate (last, 0);
  if (comma != NULL)
    {
      g_string_append_len (last, name, comma - name);
      g_string_append (first, comma + 1);
    }
  else
    {
      space = strpbrk (name, " \t");
      if (space == NULL)
        return FALSE;
      g_string_append_len (first, name, space - name);
      g_string_append (last, space + 1);
    }
  g_strstrip (first->str);
  first->len = strlen (first->str);
  g_strstrip (last->str);
  last->len = strlen (last->str);
  return first->len > 0 && last->len > 0;
}

/* H:MM or HH:MM, with :SS or not: a clock time, as ISO 8601 on date. */
static char *
dup_clock_time (const char *text,
                const char *date)
{
  gsize len = strlen (text);
  gsize hour_digits = len > 0 && g_ascii_isdigit (text[0]) && len > 1
                      && g_ascii_isdigit (text[1]) ? 2 : 1;

  if ((len == hour_digits + 3 || len == hour_digits + 6) && g_ascii_isdigit (text[0])
      && text[hour_digits] == ':' && g_ascii_isdigit (text[hour_digits + 1])
      && g_ascii_isdigit (text[hour_digits + 2])
      && (len == hour_digits + 3
          || (text[hour_digits + 3] == ':' && g_ascii_isdigit (text[hour_digits + 4])
              && g_ascii_isdigit (text[hour_digits + 5]))))
    return g_strdup_printf ("%sT%s%s%s", date, hour_digits == 1 ? "0" : "", text,
                            len == hour_digits + 3 ? ":00" : "");
  return NULL;
}

/* "2026-04-26 09:30" (a T for the space, seconds, as an export writes
 * it, but no zone) as ISO 8601.
 */
static char *
dup_date_time (const char *text)
{
  char *iso;

  if (!(strlen (text) >= 16 && text[4] == '-' && text[7] == '-'
        && (text[10] == ' ' || text[10] == 'T') && text[13] == ':'
        && strpbrk (text, "Zz+") == NULL && strchr (text + 10, '-') == NULL))
    return NULL;
  /* GLib's ISO 8601 reader wants the seconds. */
  iso = strlen (text) == 16 ? g_strconcat (text, ":00", NULL) : g_strdup (text);
  iso[10] = 'T';
  return iso;
}

char *
sl_import_parse_start_time (const char *text,
                            const char *event_date,
                            GTimeZone  *zone)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *iso = dup_clock_time (text, event_date);

  if (iso == NULL && (iso = dup_date_time (text)) == NULL)
    return NULL;
  /* g_date_time_new_from_iso8601 checks the calendar (no 31 April, no
   * 25:00) and gives the UTC time of the event's clock.
   */
  if (!(local = g_date_time_new_from_iso8601 (iso, zone)))
    return NULL;
  utc = g_date_time_to_utc (local);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000Z");
}
