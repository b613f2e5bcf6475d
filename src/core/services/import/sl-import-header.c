/* sl-import-header.c — the import's header line: where it is, what it names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-import-header.h"

typedef struct
{
  const char *id;
  const char *label;
  /* Header aliases, normalised: case-folded, letters and digits only. */
  const char *aliases[12];
} FieldInfo;

static const FieldInfo fields_info[SL_N_IMPORT_FIELDS] = {
  [SL_IMPORT_FIELD_NONE] = { "none", N_("Ignored"), { NULL } },
  [SL_IMPORT_FIELD_BIB] = { "bib", N_("Bib"),
    { "bib", "raceno", "racenumber", "number", "bibnumber", "bibno", NULL } },
  [SL_IMPORT_FIELD_BOOKING_REF] = { "booking-ref", N_("Booking reference"),
    { "bookingref", "bookingreference", "reference", "ref", "bookingno", NULL } },
  [SL_IMPORT_FIELD_FIRST_NAME] = { "first-name", N_("First name"),
    { "firstname", "forename", "givenname", "forenames", "first", NULL } },
  [SL_IMPORT_FIELD_LAST_NAME] = { "last-name", N_("Last name"),
    { "surname", "lastname", "familyname", "last", NULL } },
  [SL_IMPORT_FIELD_FULL_NAME] = { "full-name", N_("Name"),
    { "name", "fullname", NULL } },
  [SL_IMPORT_FIELD_DATE_OF_BIRTH] = { "date-of-birth", N_("Date of birth"),
    { "dob", "dateofbirth", "birthdate", NULL } },
  [SL_IMPORT_FIELD_AGE] = { "age", N_("Age"), { "age", NULL } },
  [SL_IMPORT_FIELD_GENDER] = { "gender", N_("Gender"), { "gender", "sex", NULL } },
  [SL_IMPORT_FIELD_NATIONALITY] = { "nationality", N_("Nationality"),
    { "country", "nationality", "nation", NULL } },
  [SL_IMPORT_FIELD_CLUB] = { "club", N_("Club"), { "club", "runningclub", NULL } },
  [SL_IMPORT_FIELD_EMAIL] = { "email", N_("Email"), { "email", "emailaddress", NULL } },
  [SL_IMPORT_FIELD_PHONE] = { "phone", N_("Phone"),
    { "phone", "mobile", "telephone", "phonenumber", "mobilenumber", "tel", NULL } },
  [SL_IMPORT_FIELD_EMERGENCY_CONTACT] = { "emergency-contact", N_("Emergency contact"),
    { "emergencycontact", NULL } },
  [SL_IMPORT_FIELD_ENTRY_TYPE] = { "entry-type", N_("Entry type"),
    { "entrytype", "category", NULL } },
  [SL_IMPORT_FIELD_RACE] = { "race", N_("Race"), { "race", NULL } },
  [SL_IMPORT_FIELD_WAVE] = { "wave", N_("Wave"), { "wave", NULL } },
  [SL_IMPORT_FIELD_CHARITY] = { "charity", N_("Charity"), { "charity", NULL } },
  [SL_IMPORT_FIELD_COSTUME] = { "costume", N_("Costume"), { "costume", "fancydress", NULL } },
  [SL_IMPORT_FIELD_VIP] = { "vip", N_("VIP"), { "vip", NULL } },
  [SL_IMPORT_FIELD_NOTES] = { "notes", N_("Notes"), { "notes", "note", "comments", NULL } },
  [SL_IMPORT_FIELD_START_AREA] = { "start-area", N_("Start area"),
    { "startarea", "startzone", "startpen", NULL } },
  [SL_IMPORT_FIELD_START_TIME] = { "start-time", N_("Start time"),
    { "starttime", "wavestart", "wavestarttime", NULL } },
  [SL_IMPORT_FIELD_CHARITY_CONSENT] = { "charity-consent", N_("Charity consent"),
    { "charityconsent", "contactconsent", "charitycontactconsent", "consenttocontact",
      NULL } },
  [SL_IMPORT_FIELD_CONSENT_WORDING] = { "consent-wording", N_("Consent wording"),
    { "consentwording", "consentwordingversion", "consentversion", NULL } },
  [SL_IMPORT_FIELD_DISABILITY] = { "disability", N_("Disability"),
    { "disability", "disabilities", "disabilitydetails", "impairment", "impairments", NULL } },
  [SL_IMPORT_FIELD_ACCESS_NEEDS] = { "access-needs", N_("Access needs"),
    { "accessneeds", "accessneed", "accessibilityneeds", "accessrequirements",
      "accessibilityrequirements", NULL } },
  [SL_IMPORT_FIELD_SUPPORT_NEEDS] = { "support-needs", N_("Support needs"),
    { "supportneeds", "supportneed", "supportrequirements", "additionalneeds",
      "additionalsupportneeds", NULL } },
  [SL_IMPORT_FIELD_MEDICAL] = { "medical-conditions", N_("Medical conditions"),
    { "medicalconditions", "medicalcondition", "medical", "medicalinformation", "medicalinfo",
      "medicaldetails", "healthconditions", "healthcondition", NULL } },
  [SL_IMPORT_FIELD_GUIDE_BIB] = { "guide-runner-bib", N_("Guide runner bib"),
    { "guiderunnerbib", "guidebib", "guiderunnerbibnumber", "guidebibnumber", "guiderunnerbibno",
      "guidebibno", "guiderunnerno", "guiderunnernumber", "guiderunnerracenumber", NULL } },
  [SL_IMPORT_FIELD_SUPPORT_BIB] = { "support-runner-bib", N_("Support runner bib"),
    { "supportrunnerbib", "supportbib", "supportrunnerbibnumber", "supportbibnumber",
      "supportrunnerbibno", "supportbibno", "supportrunnerno", "supportrunnernumber",
      "supportrunnerracenumber", NULL } },
  [SL_IMPORT_FIELD_DEAF] = { "deaf", N_("Deaf / hard of hearing"),
    { "deaf", "deafhardofhearing", "deaforhardofhearing", "hardofhearing", "deafhoh",
      "deafbib", "deafidentifier", NULL } },
  [SL_IMPORT_FIELD_VISUALLY_IMPAIRED] = { "visually-impaired", N_("Visually impaired"),
    { "visuallyimpaired", "visualimpairment", "blindvisuallyimpaired",
      "blindorvisuallyimpaired", "sightimpaired", "partiallysighted", NULL } },
  [SL_IMPORT_FIELD_I_NEED_SPACE] = { "i-need-space", N_("I need space"),
    { "ineedspace", "ineedspacebib", "needspace", NULL } },
  [SL_IMPORT_FIELD_WHEELCHAIR] = { "wheelchair", N_("Wheelchair"),
    { "wheelchair", "wheelchairuser", "usesawheelchair", NULL } },
};

const char *
sl_import_field_to_id (SlImportField field)
{
  g_return_val_if_fail (field < SL_N_IMPORT_FIELDS, NULL);
  return fields_info[field].id;
}

gboolean
sl_import_field_from_id (const char    *id,
                         SlImportField *field)
{
  g_autofree char *canon = NULL;

  g_return_val_if_fail (field != NULL, FALSE);

  if (id == NULL)
    return FALSE;
  /* Scripts write first_name as often as first-name. */
  canon = g_ascii_strdown (id, -1);
  g_strdelimit (canon, "_", '-');
  for (guint i = 1; i < SL_N_IMPORT_FIELDS; i++)
    if (g_str_equal (canon, fields_info[i].id))
      {
        *field = (SlImportField)i;
        return TRUE;
      }
  return FALSE;
}

const char *
sl_import_field_to_label (SlImportField field)
{
  g_return_val_if_fail (field < SL_N_IMPORT_FIELDS, NULL);
  return _(fields_info[field].label);
}

/* The field a normalised alias names, or SL_IMPORT_FIELD_NONE. */
static SlImportField
field_of_alias (const char *key)
{
  for (guint f = 1; f < SL_N_IMPORT_FIELDS; f++)
    for (guint a = 0; fields_info[f].aliases[a] != NULL; a++)
      if (g_str_equal (key, fields_info[f].aliases[a]))
        return (SlImportField)f;
  return SL_IMPORT_FIELD_NONE;
}

/* ---- Names as written -------------------------------------------------- */

/* A bracketed part that gives a format or the choices, as in
 * "(DD/MM/YYYY)" or "[M/F]": letters and digits parted by / - or . only.
 * Returns its closing bracket, or NULL. "(emergency contact)" is not one:
 * it says whose the column is.
 */
static const char *
format_bracket_end (const char *open)
{
  char close = *open == '(' ? ')' : ']';
  gboolean parted = FALSE;
  const char *p;

  for (p = open + 1; *p != '\0' && *p != close; p++)
    {
      if (*p == '/' || *p == '-' || *p == '.')
        parted = TRUE;
      else if (!g_ascii_isalnum (*p))
        return NULL;
    }
  return *p == close && parted ? p : NULL;
}

/* "Date of birth", "date_of_birth" and "DateOfBirth" all give
 * "dateofbirth". With brackets FALSE, a format in brackets is left out:
 * "DOB (DD/MM/YYYY)" gives "dob", unless nothing else is left.
 */
static char *
normalise_header_text (const char *header,
                       gboolean    brackets)
{
  g_autofree char *folded = g_utf8_casefold (header, -1);
  GString *key = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *close;

      if (!brackets && (c == '(' || c == '[') && (close = format_bracket_end (p)) != NULL)
        p = close;
      else if (g_unichar_isalnum (c))
        g_string_append_unichar (key, c);
    }
  if (key->len == 0 && !brackets)
    {
      g_string_free (key, TRUE);
      return normalise_header_text (header, TRUE);
    }
  return g_string_free (key, FALSE);
}

/* For a header named in an explicit mapping: all of it, so that
 * "Phone (home)" and "Phone (mobile)" stay two columns.
 */
static char *
normalise_header (const char *header)
{
  return normalise_header_text (header, TRUE);
}

/* For matching aliases: "Date of birth (DD/MM/YYYY)" is a date of birth. */
static char *
normalise_header_alias (const char *header)
{
  return normalise_header_text (header, FALSE);
}

/* The order a date column's header gives in brackets, as registration
 * systems write it: "DOB (DD/MM/YYYY)", "Date of birth [mm-dd-yy]",
 * "Birth date (YYYY-MM-DD)". That is not a guess: the file says it.
 */
static SlDateOrder
header_date_order (const char *header)
{
  for (const char *open = strpbrk (header, "(["); open != NULL;
       open = strpbrk (open + 1, "(["))
    {
      g_autoptr(GString) letters = g_string_new (NULL);

      for (const char *p = open + 1; *p && *p != ')' && *p != ']'; p++)
        if (g_ascii_isalpha (*p))
          g_string_append_c (letters, g_ascii_tolower (*p));
      if (g_str_equal (letters->str, "ddmmyyyy") || g_str_equal (letters->str, "ddmmyy"))
        return SL_DATE_ORDER_DMY;
      if (g_str_equal (letters->str, "mmddyyyy") || g_str_equal (letters->str, "mmddyy"))
        return SL_DATE_ORDER_MDY;
      if (g_str_equal (letters->str, "yyyymmdd"))
        return SL_DATE_ORDER_YMD;
    }
  return SL_DATE_ORDER_UNSET;
}

/* ---- Where the header is ----------------------------------------------- */

/* The delimiter is whichever of , ; TAB the header line uses most,
 * counting only outside quotes; a one-column file falls back to a comma.
 */
static char
detect_delimiter (const char *data,
                  gsize       len)
{
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == '\n' || c == '\r')
        break;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
      else if (c == '\t')
        tabs++;
    }
  if (tabs > commas && tabs > semicolons)
    return '\t';
  if (semicolons > commas)
    return ';';
  return ',';
}

/* Spreadsheet programs write a first line "sep=;" (or "\"sep=,\"") to
 * say which delimiter follows, and read it back that way. When the text
 * starts with one, returns its length with the line end, and the
 * delimiter it names in delimiter; else 0.
 */
static gsize
sep_line_length (const char *data,
                 gsize       len,
                 char       *delimiter)
{
  gsize i = 0;
  gboolean quoted = len > 0 && data[0] == '"';

  if (quoted)
    i++;
  if (len < i + 5 || g_ascii_strncasecmp (data + i, "sep=", 4) != 0)
    return 0;
  *delimiter = data[i + 4];
  if (*delimiter != '\t' && (*delimiter < 0x21 || *delimiter > 0x7e))
    return 0;
  i += 5;
  if (quoted)
    {
      if (i >= len || data[i] != '"')
        return 0;
      i++;
    }
  if (i < len && data[i] == '\r')
    i++;
  if (i < len && data[i] == '\n')
    i++;
  else if (i < len && data[i - 1] != '\r')
    return 0;
  return i;
}

void
sl_import_head_init (SlImportHead *head)
{
  memset (head, 0, sizeof *head);
  head->text = g_string_new (NULL);
  head->clean = TRUE;
}

char *
sl_import_head_steal_text (SlImportHead *head)
{
  return g_string_free (g_steal_pointer (&head->text), FALSE);
}

static gboolean
is_blank (const char *line,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

void
sl_import_head_add_line (SlImportHead *head,
                         const char   *line,
                         gsize         len,
                         guint         number,
                         gboolean      clean)
{
  if (number == 1 && sep_line_length (line, len, &head->sep_delimiter) > 0)
    head->has_sep = TRUE;
  else if (!head->seen_text && is_blank (line, len))
    head->n_blank++;
  else if (head->n_lines <= SL_IMPORT_MAX_TITLE_LINES)
    {
      head->seen_text = TRUE;
      head->n_lines++;
      head->clean &= clean;
      g_string_append_len (head->text, line, (gssize)len);
    }
}

gboolean
sl_import_head_is_full (const SlImportHead *head)
{
  return head->n_lines == SL_IMPORT_MAX_TITLE_LINES + 1;
}

gboolean
sl_import_head_sep_is_known (const SlImportHead *head)
{
  return !head->has_sep || head->sep_delimiter == ',' || head->sep_delimiter == ';'
         || head->sep_delimiter == '\t';
}

/* Whether a line, split at delimiter, has a column named as a bib (by one
 * of its aliases) and one named as a name; and whether it has any column
 * named as a field at all.
 */
static void
scan_header_line (const char *line,
                  gsize       len,
                  char        delimiter,
                  gboolean   *any,
                  gboolean   *bib_and_name)
{
  g_autofree char *copy = g_strndup (line, len);
  g_auto(GStrv) cells = NULL;
  gboolean bib = FALSE, name = FALSE;
  char delimiters[2] = { delimiter, '\0' };

  *any = FALSE;
  cells = g_strsplit (copy, delimiters, -1);
  for (guint c = 0; cells[c] != NULL; c++)
    {
      g_autofree char *key = normalise_header_alias (cells[c]);
      SlImportField f = field_of_alias (key);

      *any |= f != SL_IMPORT_FIELD_NONE;
      bib |= f == SL_IMPORT_FIELD_BIB;
      name |= f == SL_IMPORT_FIELD_FIRST_NAME || f == SL_IMPORT_FIELD_LAST_NAME
              || f == SL_IMPORT_FIELD_FULL_NAME;
    }
  *bib_and_name = bib && name;
}

/* Whether a line, split at delimiter, holds a header an explicit mapping
 * names: then it is the header, whatever else it holds.
 */
static gboolean
has_mapped_header (const char            *line,
                   gsize                  len,
                   char                   delimiter,
                   const SlImportOptions *options)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) cells = NULL;
  char delimiters[2] = { delimiter, '\0' };

  if (options == NULL)
    return FALSE;
  copy = g_strndup (line, len);
  cells = g_strsplit (copy, delimiters, -1);
  for (guint f = 1; f < SL_N_IMPORT_FIELDS; f++)
    {
      g_autofree char *wanted = NULL;

      if (options->mapping[f] == NULL)
        continue;
      wanted = normalise_header (options->mapping[f]);
      for (guint c = 0; cells[c] != NULL; c++)
        {
          g_autofree char *key = normalise_header (cells[c]);

          if (g_str_equal (key, wanted))
            return TRUE;
        }
    }
  return FALSE;
}

/* An odd number of quotes: a quoted value goes on to the next line. */
static gboolean
opens_quote (const char *line,
             gsize       len)
{
  guint quotes = 0;

  for (gsize i = 0; i < len; i++)
    quotes += line[i] == '"';
  return quotes % 2 == 1;
}

/* The title as one would read it: separators and runs of spaces as one
 * space.
 */
static char *
dup_title (const char *title)
{
  char *quoted = g_strndup (title, strcspn (title, "\r\n"));
  char *w = quoted;

  g_strdelimit (quoted, ",;\t", ' ');
  for (const char *r = quoted; *r; r++)
    if (*r != ' ' || (w > quoted && w[-1] != ' '))
      *w++ = *r;
  *w = '\0';
  return g_strstrip (quoted);
}

/* Says that the lines above the header line (line, the n-th looked at)
 * were skipped, quoting the title on title_line; after the encoding's
 * notice, if any.
 */
static void
add_title_notice (SlImportText *text,
                  const char   *title,
                  guint         title_line,
                  guint         n,
                  guint         line)
{
  g_autofree char *quoted = dup_title (title);
  g_autofree char *notice = NULL;

  /* Without the file's name: the dialog and the command line show it. */
  if (n == 1)
    notice = g_strdup_printf (_("Line %u is above the header and was not imported: “%s”"),
                              title_line, quoted);
  else
    notice = g_strdup_printf (_("Lines %u to %u are above the header and were not "
                                "imported; line %u reads “%s”"),
                              text->skip_lines + 1, line - 1, title_line, quoted);
  if (text->notice != NULL)
    {
      char *both = g_strconcat (text->notice, "\n", notice, NULL);

      g_free (text->notice);
      text->notice = both;
    }
  else
    text->notice = g_steal_pointer (&notice);
}

/* People put a title above the header in a spreadsheet before saving it
 * as CSV ("London Marathon 2026 entrants", then a blank line). When the
 * first line that is not blank names no field at all (by alias, or by an
 * explicit mapping) and one of the next lines names a bib and a name,
 * that one is the header: the lines above it are skipped, and a notice
 * quotes the first of them that is not blank. A quoted value running
 * over lines ends the search: those lines are not titles.
 */
static void
skip_title_lines (SlImportText          *text,
                  const char            *head,
                  guint                  n_blank,
                  gboolean               has_sep,
                  const SlImportOptions *options)
{
  const char *end = head + strlen (head);
  const char *title = NULL;
  guint title_line = 0;
  guint n = n_blank;

  for (const char *p = head; p < end && n <= SL_IMPORT_MAX_TITLE_LINES;
       p = sl_import_text_next_line (p, end), n++)
    {
      gsize len = strcspn (p, "\r\n");
      char delimiter = has_sep ? text->delimiter : detect_delimiter (p, len);
      gboolean any, bib_and_name;
      guint line = text->skip_lines + n + 1;

      if (opens_quote (p, len))
        return;
      if (title == NULL)
        {
          if (is_blank (p, len))
            continue;
          scan_header_line (p, len, delimiter, &any, &bib_and_name);
          if (any || has_mapped_header (p, len, delimiter, options))
            return;
          title = p;
          title_line = line;
          continue;
        }

      scan_header_line (p, len, delimiter, &any, &bib_and_name);
      if (!bib_and_name)
        continue;
      add_title_notice (text, title, title_line, n, line);
      text->delimiter = delimiter;
      text->skip_lines += n;
      return;
    }
}

void
sl_import_head_locate (const SlImportHead    *head,
                       const char            *decoded,
                       const SlImportOptions *options,
                       SlImportText          *text)
{
  text->skip_lines = head->has_sep ? 1 : 0;
  if (head->has_sep)
    text->delimiter = head->sep_delimiter;
  else
    text->delimiter = detect_delimiter (decoded, strlen (decoded));
  skip_title_lines (text, decoded, head->n_blank, head->has_sep, options);
}

/* ---- What the columns hold --------------------------------------------- */

void
sl_import_header_clear (SlImportHeader *header)
{
  g_clear_pointer (&header->headers, g_ptr_array_unref);
  g_clear_pointer (&header->fields, g_free);
  g_clear_pointer (&header->detail_left_out, g_free);
  if (header->ignored != NULL)
    g_string_free (header->ignored, TRUE);
  if (header->duplicates != NULL)
    g_string_free (header->duplicates, TRUE);
  if (header->needs != NULL)
    g_string_free (header->needs, TRUE);
  if (header->needs_left_out != NULL)
    g_string_free (header->needs_left_out, TRUE);
  header->ignored = header->duplicates = header->needs = header->needs_left_out = NULL;
}

static void
append_quoted (GString    *list,
               const char *name)
{
  if (list->len > 0)
    g_string_append (list, ", ");
  g_string_append_printf (list, "“%s”", name);
}

/* An explicit mapping comes first and takes its column out of the
 * guessing.
 */
static gboolean
resolve_mapping (SlImportHeader         *header,
                 GPtrArray              *keys,
                 const SlImportOptions  *options,
                 const char             *display,
                 GError                **error)
{
  for (guint f = 1; options != NULL && f < SL_N_IMPORT_FIELDS; f++)
    {
      g_autofree char *wanted = NULL;
      gboolean found = FALSE;

      if (options->mapping[f] == NULL)
        continue;
      wanted = normalise_header (options->mapping[f]);
      if (options->without_needs && sl_import_field_is_need ((SlImportField)f))
        {
          for (guint i = 0; i < keys->len; i++)
            if (sl_import_field_is_detail ((SlImportField)f)
                && g_str_equal (keys->pdata[i], wanted))
              header->detail_left_out[i] = TRUE;
          continue;
        }
      for (guint i = 0; i < keys->len && !found; i++)
        {
          if (header->fields[i] == SL_IMPORT_FIELD_NONE && g_str_equal (keys->pdata[i], wanted))
            {
              header->fields[i] = (SlImportField)f;
              header->columns[f] = (int)i;
              found = TRUE;
            }
        }
      if (!found)
        {
          g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING,
                       _("“%s” has no column “%s” to read as %s"),
                       display, options->mapping[f], sl_import_field_to_label (f));
          return FALSE;
        }
    }
  return TRUE;
}

/* The other columns by their aliases; an unknown column or a second one
 * for a field is ignored, and the notice says so.
 */
static void
resolve_aliases (SlImportHeader         *header,
                 char                  **names,
                 const SlImportOptions  *options)
{
  for (guint i = 0; i < header->n_columns; i++)
    {
      SlImportField match = SL_IMPORT_FIELD_NONE;

      if (header->fields[i] != SL_IMPORT_FIELD_NONE)
        continue;
      /* A person who mapped the columns by hand also chose what to skip. */
      if (options == NULL || !options->mapping_only)
        {
          g_autofree char *key = normalise_header_alias (names[i]);

          match = field_of_alias (key);
        }

      if (sl_import_field_is_need (match) && options != NULL && options->without_needs)
        {
          append_quoted (header->needs_left_out, names[i]);
          header->detail_left_out[i] = sl_import_field_is_detail (match);
        }
      else if (match == SL_IMPORT_FIELD_NONE)
        {
          if (*names[i] != '\0')
            append_quoted (header->ignored, names[i]);
        }
      else if (header->columns[match] >= 0)
        append_quoted (header->duplicates, names[i]);
      else
        {
          header->fields[i] = match;
          header->columns[match] = (int)i;
        }
    }
}

gboolean
sl_import_header_resolve (SlImportHeader         *header,
                          char                  **names,
                          guint                   n,
                          const SlImportOptions  *options,
                          const char             *display,
                          GError                **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  int dob;

  header->headers = g_ptr_array_new_with_free_func (g_free);
  header->n_columns = n;
  header->fields = g_new0 (SlImportField, n);
  header->detail_left_out = g_new0 (gboolean, n);
  header->ignored = g_string_new (NULL);
  header->duplicates = g_string_new (NULL);
  header->needs = g_string_new (NULL);
  header->needs_left_out = g_string_new (NULL);
  for (guint f = 0; f < SL_N_IMPORT_FIELDS; f++)
    header->columns[f] = -1;

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (header->headers, g_strdup (names[i]));
      g_ptr_array_add (keys, normalise_header (names[i]));
    }
  g_ptr_array_add (header->headers, NULL);

  if (!resolve_mapping (header, keys, options, display, error))
    return FALSE;
  resolve_aliases (header, names, options);
  for (guint i = 0; i < n; i++)
    if (sl_import_field_is_need (header->fields[i]))
      {
        append_quoted (header->needs, names[i]);
        header->has_needs = TRUE;
      }

  header->date_order = options != NULL ? options->date_order : SL_DATE_ORDER_UNSET;
  dob = header->columns[SL_IMPORT_FIELD_DATE_OF_BIRTH];
  if (header->date_order == SL_DATE_ORDER_UNSET && dob >= 0
      && (options == NULL || !options->date_order_chosen))
    {
      header->date_order = header_date_order (names[dob]);
      header->date_order_from_header = header->date_order != SL_DATE_ORDER_UNSET;
    }
  return TRUE;
}

gboolean
sl_import_header_check_required (const SlImportHeader  *header,
                                 const char            *display,
                                 GError               **error)
{
  if (header->columns[SL_IMPORT_FIELD_BIB] < 0)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING,
                   _("“%s” has no bib column (looked for Bib, Race No, Race Number, Number, "
                     "Bib Number); name the column that holds it"), display);
      return FALSE;
    }
  if (header->columns[SL_IMPORT_FIELD_FULL_NAME] < 0
      && (header->columns[SL_IMPORT_FIELD_FIRST_NAME] < 0
          || header->columns[SL_IMPORT_FIELD_LAST_NAME] < 0))
    {
      const char *missing = header->columns[SL_IMPORT_FIELD_FIRST_NAME] < 0
                            ? _("first name (First name, Forename, Given name)")
                            : _("last name (Surname, Last name, Family name)");
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING,
                   _("“%s” has no %s column and no Name column; name the column that "
                     "holds it"), display, missing);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_import_header_check (char                  **names,
                        guint                   n,
                        const SlImportOptions  *options,
                        const char             *display,
                        GError                **error)
{
  SlImportHeader header = { 0 };
  gboolean ok = sl_import_header_resolve (&header, names, n, options, display, error)
                && sl_import_header_check_required (&header, display, error);

  sl_import_header_clear (&header);
  return ok;
}

/* Appends line to notice on a line of its own. */
static void
append_line (GString    *notice,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
append_line (GString    *notice,
             const char *format,
             ...)
{
  va_list args;

  if (notice->len > 0)
    g_string_append_c (notice, '\n');
  va_start (args, format);
  g_string_append_vprintf (notice, format, args);
  va_end (args);
}

char *
sl_import_header_dup_notice (const SlImportHeader *header,
                             const char           *encoding_notice)
{
  GString *notice = g_string_new (encoding_notice);

  if (header->ignored->len > 0)
    append_line (notice, _("Columns not imported (not recognised): %s"),
                 header->ignored->str);
  if (header->duplicates->len > 0)
    append_line (notice, _("Columns not imported (another column already gives the same "
                           "field): %s"),
                 header->duplicates->str);
  if (header->needs_left_out->len > 0)
    append_line (notice, _("Support needs columns not imported, as asked: %s"),
                 header->needs_left_out->str);
  if (header->needs->len > 0)
    append_line (notice, _("Support needs columns: %s. Their details are sealed as they are "
                           "stored and shown to no one but an accessibility officer; importing "
                           "them needs an accessibility officer signed in"),
                 header->needs->str);
  if (header->date_order_from_header)
    {
      const char *column = header->headers->pdata[header->columns[SL_IMPORT_FIELD_DATE_OF_BIRTH]];

      append_line (notice, header->date_order == SL_DATE_ORDER_DMY
                           ? _("Dates of birth are read day first, as the column “%s” says")
                           : header->date_order == SL_DATE_ORDER_MDY
                           ? _("Dates of birth are read month first, as the column “%s” says")
                           : _("Dates of birth are read year first, as the column “%s” says"),
                   column);
    }
  if (notice->len == 0)
    {
      g_string_free (notice, TRUE);
      return NULL;
    }
  return g_string_free (notice, FALSE);
}

void
sl_import_header_add_quote_notice (const SlImportHeader  *header,
                                   guint                  quote_line,
                                   guint                  quote_column,
                                   char                 **notice)
{
  g_autofree char *line = NULL;
  char *both;

  if (quote_line == 0)
    return;
  if (header->headers != NULL && quote_column < header->headers->len - 1)
    line = g_strdup_printf (_("Some values have a quote mark inside them, kept as written "
                              "(as a spreadsheet does); the first is on line %u, column “%s”"),
                            quote_line, (const char *)header->headers->pdata[quote_column]);
  else
    line = g_strdup_printf (_("Some values have a quote mark inside them, kept as written "
                              "(as a spreadsheet does); the first is on line %u, value %u"),
                            quote_line, quote_column + 1);
  both = *notice != NULL ? g_strconcat (*notice, "\n", line, NULL) : g_steal_pointer (&line);
  g_free (*notice);
  *notice = both;
}
