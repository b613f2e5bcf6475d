/* sl-import.c — importing entrants from CSV files
 *
 * The file is read as a stream, twice: once to decide its encoding and
 * find its header, once to decode it to UTF-8 and feed it to libcsv one
 * physical line at a time so that every record knows the line it starts
 * on. Memory stays bounded whatever the file holds. Rows are checked and written in one
 * transaction; all or nothing unless the caller asks for the good rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sl-db-private.h"
#include "sl-entrant-private.h"
#include "sl-entrants-private.h"
#include "sl-event-service.h"
#include "sl-import.h"
#include "sl-json-image.h"

G_DEFINE_QUARK (sl-import-error-quark, sl_import_error)

/* How often the import looks at its GCancellable, in rows. */
#define CANCEL_CHECK_ROWS 256

typedef struct
{
  const char *id;
  const char *label;
  /* Header aliases, normalised: case-folded, letters and digits only. */
  const char *aliases[8];
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
    {
      if (g_str_equal (canon, fields_info[i].id))
        {
          *field = (SlImportField)i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
sl_import_field_to_label (SlImportField field)
{
  g_return_val_if_fail (field < SL_N_IMPORT_FIELDS, NULL);
  return _(fields_info[field].label);
}

void
sl_import_options_init (SlImportOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
}

void
sl_import_options_clear (SlImportOptions *options)
{
  g_return_if_fail (options != NULL);
  for (guint i = 0; i < SL_N_IMPORT_FIELDS; i++)
    g_clear_pointer (&options->mapping[i], g_free);
  memset (options, 0, sizeof *options);
}

static void
copy_options (SlImportOptions       *dest,
              const SlImportOptions *src)
{
  *dest = *src;
  for (guint i = 0; i < SL_N_IMPORT_FIELDS; i++)
    dest->mapping[i] = g_strdup (src->mapping[i]);
}

void
sl_import_problem_free (SlImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->reason);
  g_free (problem);
}

void
sl_import_preview_free (SlImportPreview *preview)
{
  if (preview == NULL)
    return;
  g_free (preview->encoding);
  g_free (preview->notice);
  g_strfreev (preview->headers);
  g_free (preview->fields);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_free (preview);
}

void
sl_import_result_free (SlImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->notice);
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_clear_pointer (&result->added, g_ptr_array_unref);
  g_free (result);
}

static SlImportResult *
result_new (void)
{
  SlImportResult *result = g_new0 (SlImportResult, 1);

  result->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_import_problem_free);
  result->added = g_ptr_array_new_with_free_func (g_free);
  return result;
}

/* ---- Reading the file as text ------------------------------------------ */

/* The file is read as a stream, a line at a time, twice: a first pass
 * decides the encoding (which needs every line) and finds the header, a
 * second decodes each line and parses it. Memory stays bounded whatever
 * the file holds, so these limits refuse what no list of entrants is.
 *
 * A row of entrants is a few hundred bytes; a spreadsheet's longest honest
 * line is a row with long notes. 64 KiB is a hundred times that, and no
 * more than a line or a record (a quoted value may span lines) is ever
 * held in memory.
 */
#define MAX_LINE_BYTES (64 * 1024)
#define MAX_RECORD_BYTES (64 * 1024)
/* The longest value a person types into a cell is a note: 8 KiB holds
 * a few pages of one (2,000 characters of any script).
 */
#define MAX_FIELD_BYTES (8 * 1024)
/* Registration systems export fewer than a hundred columns; more than
 * this is not a list of entrants (and each column costs header work).
 */
#define MAX_COLUMNS 256
/* How much is read at once. */
#define READ_CHUNK_BYTES (64 * 1024)
/* The header is looked for on the first 1 + MAX_TITLE_LINES lines. */
#define MAX_TITLE_LINES 10
/* How often the first pass looks at its GCancellable, in lines. */
#define CANCEL_CHECK_LINES 4096

typedef struct
{
  char       *path;
  char       *display;
  const char *encoding;
  char       *notice;
  char        delimiter;
  guint       skip_lines; /* lines before the header: a "sep=" line, a title */
  guint64     size;       /* bytes, for the progress */
} CsvText;

static void
csv_text_clear (CsvText *text)
{
  g_clear_pointer (&text->path, g_free);
  g_clear_pointer (&text->display, g_free);
  g_clear_pointer (&text->notice, g_free);
}

/* Lines as the reader ends them: CR, LF or CR LF. */
typedef struct
{
  int           fd;
  const char   *display;
  char         *buf;
  gsize         start;      /* of the next line in buf */
  gsize         end;        /* of what was read */
  gboolean      eof;
  guint64       offset;     /* bytes returned so far */
  guint         line;       /* lines returned so far */
} LineReader;

static void
line_reader_close (LineReader *reader)
{
  if (reader->fd >= 0)
    g_close (reader->fd, NULL);
  reader->fd = -1;
  g_clear_pointer (&reader->buf, g_free);
}

/* The next line with its end in *line and *len (not NUL-terminated; valid
 * until the next call). FALSE at the end of the file, or with error set.
 */
static gboolean
line_reader_next (LineReader  *reader,
                  const char **line,
                  gsize       *len,
                  GError     **error)
{
  gsize scan = reader->start;

  for (;;)
    {
      const char *p = reader->buf + scan;
      const char *end = reader->buf + reader->end;
      gssize got;

      while (p < end && *p != '\n' && *p != '\r')
        p++;
      /* A CR at the end of what was read may be half of a CR LF. */
      if (p < end && !(*p == '\r' && p + 1 == end && !reader->eof))
        {
          if ((gsize)(p - (reader->buf + reader->start)) > MAX_LINE_BYTES)
            break;
          p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
          goto found;
        }
      if ((gsize)(p - (reader->buf + reader->start)) > MAX_LINE_BYTES)
        break;
      if (reader->eof)
        {
          if (reader->start == reader->end)
            return FALSE;
          p = end;
          goto found;
        }

      scan = (gsize)(p - reader->buf) - reader->start;
      memmove (reader->buf, reader->buf + reader->start, reader->end - reader->start);
      reader->end -= reader->start;
      reader->start = 0;
      do
        got = read (reader->fd, reader->buf + reader->end,
                    MAX_LINE_BYTES + READ_CHUNK_BYTES + 2 - reader->end);
      while (got < 0 && errno == EINTR);
      if (got < 0)
        {
          int saved_errno = errno;

          g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_FILE,
                       _("Cannot read “%s”: %s"), reader->display, g_strerror (saved_errno));
          return FALSE;
        }
      reader->eof = got == 0;
      reader->end += (gsize)got;
      continue;

    found:
      *line = reader->buf + reader->start;
      *len = (gsize)(p - *line);
      reader->start += *len;
      reader->offset += *len;
      reader->line++;
      return TRUE;
    }

  g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_LIMIT,
               _("“%s” cannot be imported: line %u is longer than %u KiB, far longer than a "
                 "row of entrants (is it a CSV file?)"),
               reader->display, reader->line + 1, MAX_LINE_BYTES / 1024);
  return FALSE;
}

/* Opens the file for one pass. Only a regular file: the import reads it
 * twice, and a device or a pipe (/dev/zero, a FIFO) may never end.
 * O_NONBLOCK, so that opening a FIFO does not wait for a writer.
 */
static gboolean
open_regular_file (LineReader  *reader,
                   const char  *path,
                   const char  *display,
                   guint64     *size,
                   GError     **error)
{
  struct stat st;
  int saved_errno;

  memset (reader, 0, sizeof *reader);
  reader->fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (reader->fd < 0 || fstat (reader->fd, &st) != 0)
    {
      saved_errno = errno;
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_FILE,
                   _("Cannot read “%s”: %s"), display, g_strerror (saved_errno));
      line_reader_close (reader);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_FILE,
                   _("“%s” is not an ordinary file but a folder, a device or a pipe; save "
                     "the entrants as a CSV file and import that"), display);
      line_reader_close (reader);
      return FALSE;
    }
  if (size != NULL)
    *size = (guint64)st.st_size;
  reader->display = display;
  reader->buf = g_malloc (MAX_LINE_BYTES + READ_CHUNK_BYTES + 2);
  return TRUE;
}

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

static char *normalise_header_alias (const char *header);
static char *normalise_header (const char *header);

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

      for (guint f = 1; f < SL_N_IMPORT_FIELDS; f++)
        for (guint a = 0; fields_info[f].aliases[a] != NULL; a++)
          if (g_str_equal (key, fields_info[f].aliases[a]))
            {
              *any = TRUE;
              bib |= f == SL_IMPORT_FIELD_BIB;
              name |= f == SL_IMPORT_FIELD_FIRST_NAME || f == SL_IMPORT_FIELD_LAST_NAME
                      || f == SL_IMPORT_FIELD_FULL_NAME;
            }
    }
  *bib_and_name = bib && name;
}

/* The end of the line at p, after its line end. */
static const char *
next_line (const char *p,
           const char *end)
{
  p += strcspn (p, "\r\n");
  if (p < end && *p == '\r')
    p++;
  if (p < end && *p == '\n')
    p++;
  return p;
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

/* People put a title above the header in a spreadsheet before saving it
 * as CSV ("London Marathon 2026 entrants", then a blank line). When the
 * first line that is not blank names no field at all (by alias, or by an
 * explicit mapping) and one of the next lines names a bib and a name,
 * that one is the header: the lines above it are skipped, and a notice
 * quotes the first of them that is not blank. A quoted value running
 * over lines ends the search: those lines are not titles.
 */
static void
skip_title_lines (CsvText               *text,
                  const char            *head,
                  gsize                  head_len,
                  guint                  n_blank,
                  gboolean               has_sep,
                  const SlImportOptions *options)
{
  const char *end = head + head_len;
  const char *title = NULL;
  guint title_line = 0;
  guint n = n_blank;

  for (const char *p = head; p < end && n <= MAX_TITLE_LINES; p = next_line (p, end), n++)
    {
      gsize len = strcspn (p, "\r\n");
      char delimiter = has_sep ? text->delimiter : detect_delimiter (p, len);
      g_autofree char *quoted = NULL;
      g_autofree char *notice = NULL;
      gboolean any, bib_and_name;
      guint line = text->skip_lines + n + 1;

      if (opens_quote (p, len))
        return;
      if (title == NULL)
        {
          gboolean blank = TRUE;

          for (gsize i = 0; i < len && blank; i++)
            blank = g_ascii_isspace (p[i]);
          if (blank)
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

      /* The title as one would read it: separators and runs of spaces as one space. */
      quoted = g_strndup (title, strcspn (title, "\r\n"));
      g_strdelimit (quoted, ",;\t", ' ');
      {
        char *w = quoted;

        for (const char *r = quoted; *r; r++)
          if (*r != ' ' || (w > quoted && w[-1] != ' '))
            *w++ = *r;
        *w = '\0';
      }
      g_strstrip (quoted);
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
      text->delimiter = delimiter;
      text->skip_lines += n;
      return;
    }
}

/* The characters a list of names, clubs and notes in a Western European
 * language is made of, beyond ASCII. Each legacy encoding's accented
 * letters are the other's punctuation and symbols, so a file read in the
 * wrong one shows characters outside these, or in odd places.
 */
static const char name_letters[] = "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýÿßþœ"
                                   "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞŒ"
                                   "žŠŽ";
static const char word_joiners[] = "’‐–—";         /* may stand between letters */
static const char opening_signs[] = "‘“‚„«¡¿";     /* not just after a letter */
static const char closing_signs[] = "”»";          /* not just before a letter */
static const char text_signs[] = "…•°™©®§\u00a0"; /* not between letters */
static const char money_signs[] = "€£¥";           /* not beside a letter */

/* How many characters beyond ASCII are out of place in names and text:
 * an unusual character ("JosŽ", "M¸ller"), a capital inside a word
 * ("JosÈ"), a small letter between capitals ("OíBrien"), a capital that
 * touches no letter yet is no word of its own ("paid Û10"; the Irish
 * "Ó Briain" is one), or a sign where a letter should be ("S¿ren", "Zo‘",
 * "£ukasz").
 */
static guint
count_misfits (const char *text)
{
  gunichar prev = ' ';
  guint misfits = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar next;
      gboolean after_letter, before_letter;

      if (c < 0x80)
        {
          prev = c;
          continue;
        }
      next = g_utf8_get_char (g_utf8_next_char (p));
      after_letter = g_unichar_isalpha (prev);
      before_letter = g_unichar_isalpha (next);
      if (g_unichar_isalpha (c))
        {
          if ((c == 0xaa || c == 0xba) && g_unichar_isdigit (prev))
            ;                 /* ordinals: 1ª, 2º */
          else if (c == 0x161 && g_unichar_islower (prev) && !before_letter)
            ;                 /* Czech, Slovak word ends: Tomáš, Miloš */
          else if (g_utf8_strchr (name_letters, -1, c) == NULL)
            misfits++;
          else if (g_unichar_isupper (c)
                   ? (g_unichar_islower (prev) || (after_letter && g_unichar_islower (next))
                      || (!after_letter && !before_letter && next != ' ' && next != '.'
                          && next != '\'' && next != 0x2019))
                   : ((g_unichar_isupper (prev) && g_unichar_isupper (next))
                      || ((c == 0xdf || c == 0xe6) && !after_letter && !before_letter)))
            misfits++;
        }
      else if (g_utf8_strchr (word_joiners, -1, c) != NULL)
        ;
      else if (g_utf8_strchr (opening_signs, -1, c) != NULL)
        misfits += after_letter;
      else if (g_utf8_strchr (closing_signs, -1, c) != NULL)
        misfits += before_letter;
      else if (g_utf8_strchr (text_signs, -1, c) != NULL)
        misfits += after_letter && before_letter;
      else if (g_utf8_strchr (money_signs, -1, c) != NULL)
        misfits += after_letter || before_letter;
      else
        misfits++;
      prev = c;
    }
  return misfits;
}

/* Windows-1252 is by far the commoner, and a Windows file misread is names
 * stored wrong, so Mac Roman must be clearly better: read as Windows-1252,
 * the text must have at least twice as many characters out of place as
 * read as Mac Roman, and two more. A short Mac file with a single accent
 * stays Windows-1252, as every file was before.
 */
static gboolean
mac_is_clearer (guint mac_misfits,
                guint windows_misfits)
{
  return windows_misfits / 2 >= mac_misfits + 1;
}

/* Whether the line's bytes beyond ASCII read as UTF-8 text would: valid,
 * and each character either a letter of Latin-1 or Latin Extended, or a
 * sign of three bytes or more (’ “ – €). A Windows-1252 line is rarely
 * that by chance: "JOSÉ’S" is valid UTF-8, but an IPA letter.
 */
static gboolean
line_reads_as_utf8 (const char *line,
                    gsize       len)
{
  const char *end = line + len;

  if (!g_utf8_validate (line, (gssize)len, NULL))
    return FALSE;
  for (const char *p = line; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x80 && c < 0x800 && (c < 0xa0 || c > 0x24f))
        return FALSE;
    }
  return TRUE;
}

/* What the first pass learns of the file. */
typedef struct
{
  gboolean  all_utf8;
  guint     utf8_line;         /* first line beyond ASCII that reads as UTF-8, or 0 */
  guint     other_line;        /* first line beyond ASCII that does not, or 0 */
  gboolean  windows_ok;        /* every line decodes as Windows-1252 */
  gboolean  mac_ok;            /* every line decodes as Mac Roman */
  guint     windows_misfits;   /* count_misfits() of the whole text, read each way */
  guint     mac_misfits;
  guint     control_line;      /* first line (by LF) with a control character, or 0 */
  guchar    control;
  guint     newlines;

  /* The lines the header is looked for on, as read. */
  gboolean  has_sep;
  char      sep_delimiter;
  guint     n_blank;           /* blank lines before the first that is not */
  gboolean  seen_text;         /* a line that is not blank */
  guint     head_lines;
  GString  *head;
  gboolean  head_clean;        /* ASCII text only: it reads the same in any encoding */
} FirstPass;

/* Text files have no control characters but line ends and tabs. */
static gboolean
is_control (guchar c)
{
  return c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != '\n';
}

static void
first_pass_line (FirstPass  *pass,
                 const char *line,
                 gsize       len,
                 guint       number)
{
  gboolean wide = FALSE;
  gboolean blank = TRUE;

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar)line[i];

      wide |= c >= 0x80;
      blank &= g_ascii_isspace (c);
      if (c == '\n')
        pass->newlines++;
      else if (is_control (c) && pass->control_line == 0)
        {
          pass->control_line = pass->newlines + 1;
          pass->control = c;
        }
    }

  if (wide)
    {
      /* Both legacy encodings decode a line alone as they would in the
       * whole text, and the misfits of the whole text are the sum of its
       * lines': a line end is neither a letter nor a sign.
       */
      g_autofree char *windows = NULL;
      g_autofree char *mac = NULL;
      gboolean utf8 = g_utf8_validate (line, (gssize)len, NULL);

      pass->all_utf8 &= utf8;
      if (utf8 && line_reads_as_utf8 (line, len))
        pass->utf8_line = pass->utf8_line != 0 ? pass->utf8_line : number;
      else
        pass->other_line = pass->other_line != 0 ? pass->other_line : number;

      if (pass->windows_ok
          && (windows = g_convert (line, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, NULL,
                                   NULL)) != NULL)
        pass->windows_misfits += count_misfits (windows);
      else
        pass->windows_ok = FALSE;
      if (pass->mac_ok
          && (mac = g_convert (line, (gssize)len, "UTF-8", "MACINTOSH", NULL, NULL,
                               NULL)) != NULL)
        pass->mac_misfits += count_misfits (mac);
      else
        pass->mac_ok = FALSE;
    }

  /* The "sep=" line, the blank lines, then the first line that is not
   * blank and the next MAX_TITLE_LINES: where the header is.
   */
  if (number == 1 && sep_line_length (line, len, &pass->sep_delimiter) > 0)
    pass->has_sep = TRUE;
  else if (!pass->seen_text && blank)
    pass->n_blank++;
  else if (pass->head_lines <= MAX_TITLE_LINES)
    {
      pass->seen_text = TRUE;
      pass->head_lines++;
      pass->head_clean &= !wide && pass->control_line == 0;
      g_string_append_len (pass->head, line, (gssize)len);
    }
}

/* The encoding the whole file is read in, or an error: a file that is
 * not UTF-8 is Windows-1252 (what Excel on Windows saves as "CSV") or,
 * less often, Mac Roman (Excel's "CSV (Macintosh)"). Both decode nearly
 * any bytes, so the bytes cannot tell them apart but the text can. When
 * Windows-1252 cannot decode the bytes, Mac Roman is taken only when
 * nothing in it is out of place: any other encoding (Windows-1250 for
 * Polish, say) is refused rather than stored misread.
 */
static gboolean
choose_encoding (const FirstPass  *pass,
                 CsvText          *text,
                 GError          **error)
{
  if (pass->all_utf8)
    {
      text->encoding = "UTF-8";
      return TRUE;
    }
  /* A file that is not UTF-8 as a whole may still have UTF-8 lines: two
   * exports put together. Read either way, some names would be stored
   * garbled, so the first line of each kind is named.
   */
  if (pass->utf8_line != 0 && pass->other_line != 0)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                   _("“%s” mixes two encodings: line %u is UTF-8 and line %u is not, so "
                     "some names would be stored garbled; perhaps two files were put "
                     "together. Save it as CSV UTF-8 and import it again"),
                   text->display, pass->utf8_line, pass->other_line);
      return FALSE;
    }
  if (pass->mac_ok && (!pass->windows_ok ? pass->mac_misfits == 0
                       : mac_is_clearer (pass->mac_misfits, pass->windows_misfits)))
    {
      text->encoding = "Mac Roman";
      text->notice = g_strdup (_("The file is not UTF-8; it was read as Mac Roman (saved as "
                                 "“CSV (Macintosh)” on a Mac). Check that accented names look "
                                 "right."));
      return TRUE;
    }
  if (!pass->windows_ok)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                   _("“%s” is not in an encoding Startline reads (UTF-8, Windows-1252 or "
                     "Mac Roman); save it as CSV UTF-8 and import it again"), text->display);
      return FALSE;
    }
  text->encoding = "Windows-1252";
  text->notice = g_strdup (_("The file is not UTF-8; it was read as Windows-1252 (Western "
                             "European). Check that accented names look right."));
  return TRUE;
}

/* One line of the file as UTF-8, in the encoding the first pass chose:
 * borrowed when it is UTF-8 already, else in *converted. NULL when the
 * line does not decode, which the first pass saw it did: the file changed.
 */
static const char *
decode_line (const CsvText *text,
             const char    *line,
             gsize         *len,
             char         **converted)
{
  const char *charset = g_str_equal (text->encoding, "Mac Roman") ? "MACINTOSH"
                        : g_str_equal (text->encoding, "Windows-1252") ? "WINDOWS-1252" : NULL;
  gsize written = 0;

  *converted = NULL;
  if (charset == NULL)
    return memchr (line, '\0', *len) == NULL && g_utf8_validate (line, (gssize)*len, NULL)
           ? line : NULL;
  *converted = g_convert (line, (gssize)*len, "UTF-8", charset, NULL, &written, NULL);
  if (*converted == NULL || memchr (*converted, '\0', written) != NULL)
    return NULL;
  *len = written;
  return *converted;
}

/* The delimiter, the lines above the header and their notice, from the
 * decoded lines the header is looked for on.
 */
static void
find_header (CsvText               *text,
             const FirstPass       *pass,
             const char            *head,
             const SlImportOptions *options)
{
  text->skip_lines = pass->has_sep ? 1 : 0;
  if (pass->has_sep)
    text->delimiter = pass->sep_delimiter;
  else
    text->delimiter = detect_delimiter (head, strlen (head));
  skip_title_lines (text, head, strlen (head), pass->n_blank, pass->has_sep, options);
}

/* Reads the header from the lines it is looked for on and hands it to
 * check; see load_text.
 */
typedef gboolean (*HeaderCheckFunc) (char                  **names,
                                     guint                   n,
                                     const SlImportOptions  *options,
                                     const char             *display,
                                     GError                **error);

static gboolean check_header_early (const CsvText         *text,
                                    const char            *head,
                                    guint                  first_line,
                                    HeaderCheckFunc        check,
                                    const SlImportOptions *options,
                                    GError               **error);

/* The first pass: the encoding, the delimiter and where the header is.
 * When the lines the header is on are plain ASCII (so that they read the
 * same whatever the rest decides) and check is not NULL, the header is
 * checked as soon as they are read, so that a file without a needed
 * column is refused before the rest of it is read.
 */
static gboolean
load_text (const char             *path,
           const SlImportOptions  *options,
           HeaderCheckFunc         check,
           GCancellable           *cancellable,
           CsvText                *text,
           GError                **error)
{
  FirstPass pass = { .all_utf8 = TRUE, .windows_ok = TRUE, .mac_ok = TRUE, .head_clean = TRUE };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *converted = NULL;
  LineReader reader;
  const char *line;
  gsize len;
  gboolean checked = FALSE;

  memset (text, 0, sizeof *text);
  text->path = g_strdup (path);
  text->display = g_filename_display_name (path);
  if (!open_regular_file (&reader, path, text->display, &text->size, error))
    {
      csv_text_clear (text);
      return FALSE;
    }

  pass.head = g_string_new (NULL);
  while (line_reader_next (&reader, &line, &len, &local_error))
    {
      if (reader.line == 1 && len >= 2
          && (((guchar)line[0] == 0xff && (guchar)line[1] == 0xfe)
              || ((guchar)line[0] == 0xfe && (guchar)line[1] == 0xff)))
        {
          g_set_error (&local_error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                       _("“%s” is UTF-16 text; save it as CSV UTF-8 and import it again"),
                       text->display);
          break;
        }
      if (memchr (line, '\0', len) != NULL)
        {
          g_set_error (&local_error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                       _("“%s” is not a CSV file: it contains binary data"), text->display);
          break;
        }
      if (reader.line == 1 && len >= 3 && memcmp (line, "\xef\xbb\xbf", 3) == 0)
        {
          line += 3;
          len -= 3;
        }
      first_pass_line (&pass, line, len, reader.line);

      if (check != NULL && !checked && pass.head_lines == MAX_TITLE_LINES + 1)
        {
          checked = TRUE;
          if (pass.head_clean && (!pass.has_sep || pass.sep_delimiter == ','
                                  || pass.sep_delimiter == ';' || pass.sep_delimiter == '\t'))
            {
              find_header (text, &pass, pass.head->str, options);
              if (!check_header_early (text, pass.head->str, pass.has_sep + pass.n_blank, check,
                                       options, &local_error))
                break;
              g_clear_pointer (&text->notice, g_free);
            }
        }
      if (reader.line % CANCEL_CHECK_LINES == 0
          && g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        break;
    }
  line_reader_close (&reader);
  head = g_string_free (pass.head, FALSE);

  if (local_error != NULL)
    goto failed;
  if (!choose_encoding (&pass, text, &local_error))
    goto failed;
  if (pass.control_line != 0)
    {
      g_set_error (&local_error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                   _("“%s” is not a CSV file: line %u holds the control character 0x%02x"),
                   text->display, pass.control_line, pass.control);
      goto failed;
    }
  if (pass.has_sep && pass.sep_delimiter != ',' && pass.sep_delimiter != ';'
      && pass.sep_delimiter != '\t')
    {
      g_set_error (&local_error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                   _("“%s” says on line 1 that its values are separated by “%c”; Startline "
                     "reads values separated by commas, semicolons or tabs"),
                   text->display, pass.sep_delimiter);
      goto failed;
    }
  if (!pass.seen_text)
    {
      g_set_error (&local_error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_EMPTY, _("“%s” is empty"),
                   text->display);
      goto failed;
    }

  len = strlen (head);
  line = decode_line (text, head, &len, &converted);
  if (line == NULL)
    {
      g_set_error (&local_error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_FILE,
                   _("“%s” changed while it was being read; import it again"), text->display);
      goto failed;
    }
  find_header (text, &pass, line, options);
  return TRUE;

failed:
  g_propagate_error (error, g_steal_pointer (&local_error));
  csv_text_clear (text);
  return FALSE;
}

/* ---- Splitting into records -------------------------------------------- */

/* Called per record with trimmed fields; returns FALSE to stop reading. */
typedef gboolean (*RecordFunc) (gpointer  data,
                                char    **fields,
                                guint     n_fields,
                                guint     line);
/* A record libcsv could not parse (bad quoting), from its first line to
 * the line where that showed.
 */
typedef void (*MalformedFunc) (gpointer data,
                               guint    line,
                               guint    last_line,
                               gboolean unterminated);
/* How far through the text the reader is, 0 … 1. */
typedef void (*PositionFunc) (gpointer data,
                              double   fraction);

typedef struct
{
  struct csv_parser  parser;
  char               delimiter;
  const char        *display;
  GString           *buf;       /* the record's fields, each NUL-terminated */
  GArray            *offsets;   /* guint start of each field in buf */
  GPtrArray         *pointers;
  guint              line;      /* physical line being fed */
  guint              record_line;
  gsize              record_bytes;
  gboolean           stop;
  GError            *error;     /* a limit the file went over */
  /* The first quote kept as a character inside an unquoted value. */
  guint              quote_line;
  guint              quote_column;
  RecordFunc         func;
  MalformedFunc      malformed;
  gpointer           data;
} Reader;

static int
is_space_cb (unsigned char c)
{
  /* Not TAB: it may be the delimiter. Values are trimmed later anyway. */
  return c == ' ';
}

/* Strict, so that a quoted value followed by more than the delimiter
 * ("B"x) is reported rather than read some way; a quote inside an
 * unquoted value is another matter (see reader_feed).
 */
#define PARSER_OPTIONS (CSV_STRICT | CSV_STRICT_FINI)

static void
reader_init_parser (Reader *reader)
{
  csv_init (&reader->parser, PARSER_OPTIONS);
  csv_set_delim (&reader->parser, (unsigned char)reader->delimiter);
  csv_set_space_func (&reader->parser, is_space_cb);
}

static void
reader_fail (Reader     *reader,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
reader_fail (Reader     *reader,
             const char *format,
             ...)
{
  va_list args;

  reader->stop = TRUE;
  if (reader->error != NULL)
    return;
  va_start (args, format);
  reader->error = g_error_new_valist (SL_IMPORT_ERROR, SL_IMPORT_ERROR_LIMIT, format, args);
  va_end (args);
}

static void
field_cb (void   *s,
          size_t  len,
          void   *data)
{
  Reader *reader = data;
  guint offset = (guint)reader->buf->len;

  if (reader->stop)
    return;
  if (reader->offsets->len >= MAX_COLUMNS)
    {
      reader_fail (reader, _("“%s” cannot be imported: line %u has more than %u columns"),
                   reader->display, reader->line, MAX_COLUMNS);
      return;
    }
  if (len > MAX_FIELD_BYTES)
    {
      reader_fail (reader, _("“%s” cannot be imported: value %u on line %u is longer than "
                             "%u KiB"),
                   reader->display, reader->offsets->len + 1, reader->line,
                   MAX_FIELD_BYTES / 1024);
      return;
    }
  g_array_append_val (reader->offsets, offset);
  if (len > 0)
    g_string_append_len (reader->buf, s, (gssize)len);
  g_string_append_c (reader->buf, '\0');
}

static char *
trim_in_place (char *s)
{
  char *end;

  while (*s == ' ' || *s == '\t' || *s == '\f')
    s++;
  end = s + strlen (s);
  while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\f'))
    end--;
  *end = '\0';
  return s;
}

static void
reader_reset_record (Reader *reader)
{
  g_string_truncate (reader->buf, 0);
  g_array_set_size (reader->offsets, 0);
  reader->record_line = 0;
  reader->record_bytes = 0;
}

static void
record_cb (int   c,
           void *data)
{
  Reader *reader = data;
  guint n = reader->offsets->len;

  if (!reader->stop)
    {
      /* NULL-terminated, so that a record can be copied with g_strdupv. */
      g_ptr_array_set_size (reader->pointers, (int)n + 1);
      for (guint i = 0; i < n; i++)
        reader->pointers->pdata[i] =
          trim_in_place (reader->buf->str + g_array_index (reader->offsets, guint, i));
      reader->pointers->pdata[n] = NULL;
      if (!reader->func (reader->data, (char **)reader->pointers->pdata, n,
                         reader->record_line > 0 ? reader->record_line : reader->line))
        reader->stop = TRUE;
    }
  reader_reset_record (reader);
}

static void
reader_init (Reader        *reader,
             const CsvText *text,
             RecordFunc     func,
             MalformedFunc  malformed,
             gpointer       data)
{
  memset (reader, 0, sizeof *reader);
  reader->buf = g_string_sized_new (1024);
  reader->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  reader->pointers = g_ptr_array_new ();
  reader->func = func;
  reader->malformed = malformed;
  reader->data = data;
  reader->display = text->display;
  reader->delimiter = text->delimiter;
  reader_init_parser (reader);
  reader->line = text->skip_lines;  /* a "sep=" line, a title */
}

static void
reader_clear (Reader *reader)
{
  csv_free (&reader->parser);
  g_string_free (reader->buf, TRUE);
  g_array_unref (reader->offsets);
  g_ptr_array_unref (reader->pointers);
  g_clear_error (&reader->error);
}

/* Feeds one physical line, with its end, to libcsv. */
static void
reader_feed (Reader     *reader,
             const char *p,
             gsize       len)
{
  gsize n;

  reader->line++;
  if (reader->record_line == 0 && len > 0 && !g_ascii_isspace (*p))
    reader->record_line = reader->line;
  else if (reader->record_line == 0)
    {
      /* A line starting with spaces may still start a record. */
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isspace (p[i]))
          {
            reader->record_line = reader->line;
            break;
          }
    }
  reader->record_bytes += len;

  n = csv_parse (&reader->parser, p, len, field_cb, record_cb, reader);
  /* In strict mode libcsv stops at a quote inside an unquoted value
   * (Washington "DC", 5'10"). Spreadsheets keep it as a character, and so
   * does the import: that one quote goes through without strict mode,
   * which appends it to the value, and the parse goes on.
   */
  while (n < len && !reader->stop && csv_error (&reader->parser) == CSV_EPARSE
         && !reader->parser.quoted && p[n] == '"')
    {
      if (reader->quote_line == 0)
        {
          reader->quote_line = reader->line;
          reader->quote_column = reader->offsets->len;
        }
      csv_set_opts (&reader->parser, PARSER_OPTIONS & ~CSV_STRICT);
      n += csv_parse (&reader->parser, p + n, 1, field_cb, record_cb, reader);
      csv_set_opts (&reader->parser, PARSER_OPTIONS);
      reader->parser.status = CSV_SUCCESS;
      n += csv_parse (&reader->parser, p + n, len - n, field_cb, record_cb, reader);
    }
  if (n != len && !reader->stop)
    {
      /* Skip the rest of the line and start afresh on the next. */
      reader->malformed (reader->data, reader->record_line > 0 ? reader->record_line
                                                             : reader->line,
                         reader->line, FALSE);
      csv_free (&reader->parser);
      reader_init_parser (reader);
      reader_reset_record (reader);
    }
  if (!reader->stop && reader->record_line != 0 && reader->record_bytes > MAX_RECORD_BYTES)
    reader_fail (reader, _("“%s” cannot be imported: the row that starts on line %u is longer "
                           "than %u KiB (perhaps a quote opened there is never closed)"),
                 reader->display, reader->record_line, MAX_RECORD_BYTES / 1024);
}

static void
reader_finish (Reader *reader)
{
  if (!reader->stop && csv_fini (&reader->parser, field_cb, record_cb, reader) != 0
      && !reader->stop)
    reader->malformed (reader->data, reader->record_line > 0 ? reader->record_line
                                                           : reader->line,
                       reader->line, TRUE);
}

/* The second pass: reads the file again from the header on, decodes each
 * line and feeds it to libcsv. Returns FALSE with error for a limit the
 * file went over or a failure to read it; func stopping is not one. The
 * first quote kept inside a value is returned in quote_line and
 * quote_column (0 when none).
 */
static gboolean
read_records (const CsvText *text,
              RecordFunc     func,
              MalformedFunc  malformed,
              PositionFunc   position,
              gpointer       data,
              guint         *quote_line,
              guint         *quote_column,
              GError       **error)
{
  Reader reader;
  LineReader lines;
  const char *line;
  gsize len;
  GError *local_error = NULL;

  *quote_line = *quote_column = 0;
  if (!open_regular_file (&lines, text->path, text->display, NULL, error))
    return FALSE;
  reader_init (&reader, text, func, malformed, data);

  while (!reader.stop && line_reader_next (&lines, &line, &len, &local_error))
    {
      g_autofree char *converted = NULL;

      if (lines.line == 1 && len >= 3 && memcmp (line, "\xef\xbb\xbf", 3) == 0)
        {
          line += 3;
          len -= 3;
        }
      if (lines.line <= text->skip_lines)
        continue;
      if ((line = decode_line (text, line, &len, &converted)) == NULL)
        {
          g_set_error (&local_error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_FILE,
                       _("“%s” changed while it was being read; import it again"),
                       text->display);
          break;
        }
      reader_feed (&reader, line, len);
      if (position != NULL && (reader.line & 0x3ff) == 0 && text->size > 0)
        position (data, (double)lines.offset / (double)text->size);
    }
  line_reader_close (&lines);
  if (local_error == NULL)
    reader_finish (&reader);

  if (local_error == NULL && reader.error != NULL)
    local_error = g_steal_pointer (&reader.error);
  *quote_line = reader.quote_line;
  *quote_column = reader.quote_column;
  reader_clear (&reader);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  HeaderCheckFunc        check;
  const SlImportOptions *options;
  const char            *display;
  GError                *error;
} EarlyCheck;

static gboolean
check_header_cb (gpointer   data,
                 char     **fields,
                 guint      n,
                 guint      line)
{
  EarlyCheck *early = data;

  early->check (fields, n, early->options, early->display, &early->error);
  return FALSE;
}

static void
ignore_malformed_cb (gpointer data,
                     guint    line,
                     guint    last_line,
                     gboolean unterminated)
{
  /* The second pass reports it. */
}

/* Parses the header from the lines it is looked for on (head, whose first
 * line is line first_line + 1 of the file) and checks it; no header there
 * (a quoted value runs past them) is no error.
 */
static gboolean
check_header_early (const CsvText         *text,
                    const char            *head,
                    guint                  first_line,
                    HeaderCheckFunc        check,
                    const SlImportOptions *options,
                    GError               **error)
{
  EarlyCheck early = { check, options, text->display, NULL };
  const char *end = head + strlen (head);
  guint line = first_line;
  Reader reader;

  reader_init (&reader, text, check_header_cb, ignore_malformed_cb, &early);
  for (const char *p = head, *next; p < end && !reader.stop; p = next)
    {
      next = next_line (p, end);
      if (++line > text->skip_lines)
        reader_feed (&reader, p, (gsize)(next - p));
    }
  if (early.error == NULL && reader.error != NULL)
    early.error = g_steal_pointer (&reader.error);
  reader_clear (&reader);
  if (early.error != NULL)
    {
      g_propagate_error (error, early.error);
      return FALSE;
    }
  return TRUE;
}

/* ---- Header ------------------------------------------------------------ */

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

typedef struct
{
  GPtrArray     *headers;            /* char *, as written (trimmed) */
  SlImportField *fields;             /* per column */
  int            columns[SL_N_IMPORT_FIELDS];  /* column per field, -1 when none */
  GString       *ignored;            /* unknown columns, for the notice */
  GString       *duplicates;         /* columns that repeat a field */
  SlDateOrder    date_order;         /* the options', else the one the header gives */
  gboolean       date_order_from_header;
} Header;

static void
header_clear (Header *header)
{
  g_clear_pointer (&header->headers, g_ptr_array_unref);
  g_clear_pointer (&header->fields, g_free);
  if (header->ignored != NULL)
    g_string_free (header->ignored, TRUE);
  if (header->duplicates != NULL)
    g_string_free (header->duplicates, TRUE);
  header->ignored = header->duplicates = NULL;
}

static void
append_quoted (GString    *list,
               const char *name)
{
  if (list->len > 0)
    g_string_append (list, ", ");
  g_string_append_printf (list, "“%s”", name);
}

static gboolean
header_resolve (Header                 *header,
                char                  **names,
                guint                   n,
                const SlImportOptions  *options,
                const char             *display,
                GError                **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) alias_keys = g_ptr_array_new_with_free_func (g_free);
  int dob;

  header->headers = g_ptr_array_new_with_free_func (g_free);
  header->fields = g_new0 (SlImportField, n);
  header->ignored = g_string_new (NULL);
  header->duplicates = g_string_new (NULL);
  for (guint f = 0; f < SL_N_IMPORT_FIELDS; f++)
    header->columns[f] = -1;

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (header->headers, g_strdup (names[i]));
      g_ptr_array_add (keys, normalise_header (names[i]));
      g_ptr_array_add (alias_keys, normalise_header_alias (names[i]));
    }
  g_ptr_array_add (header->headers, NULL);

  /* An explicit mapping comes first and takes its column out of the
   * guessing.
   */
  for (guint f = 1; options != NULL && f < SL_N_IMPORT_FIELDS; f++)
    {
      g_autofree char *wanted = NULL;
      gboolean found = FALSE;

      if (options->mapping[f] == NULL)
        continue;
      wanted = normalise_header (options->mapping[f]);
      for (guint i = 0; i < n && !found; i++)
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

  for (guint i = 0; i < n; i++)
    {
      SlImportField match = SL_IMPORT_FIELD_NONE;

      if (header->fields[i] != SL_IMPORT_FIELD_NONE)
        continue;
      /* A person who mapped the columns by hand also chose what to skip. */
      for (guint f = 1; f < SL_N_IMPORT_FIELDS && match == SL_IMPORT_FIELD_NONE
                        && (options == NULL || !options->mapping_only); f++)
        for (guint a = 0; fields_info[f].aliases[a] != NULL; a++)
          if (g_str_equal (alias_keys->pdata[i], fields_info[f].aliases[a]))
            {
              match = (SlImportField)f;
              break;
            }

      if (match == SL_IMPORT_FIELD_NONE)
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

static gboolean
header_check_required (Header      *header,
                       const char  *display,
                       GError     **error)
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

static char *
header_dup_notice (Header     *header,
                   const char *encoding_notice)
{
  GString *notice = g_string_new (encoding_notice);

  if (header->ignored->len > 0)
    {
      if (notice->len > 0)
        g_string_append_c (notice, '\n');
      g_string_append_printf (notice, _("Columns not imported (not recognised): %s"),
                              header->ignored->str);
    }
  if (header->duplicates->len > 0)
    {
      if (notice->len > 0)
        g_string_append_c (notice, '\n');
      g_string_append_printf (notice, _("Columns not imported (another column already "
                                        "gives the same field): %s"),
                              header->duplicates->str);
    }
  if (header->date_order_from_header)
    {
      const char *column = header->headers->pdata[header->columns[SL_IMPORT_FIELD_DATE_OF_BIRTH]];

      if (notice->len > 0)
        g_string_append_c (notice, '\n');
      g_string_append_printf (notice, header->date_order == SL_DATE_ORDER_DMY
                                      ? _("Dates of birth are read day first, as the column "
                                          "“%s” says")
                                      : header->date_order == SL_DATE_ORDER_MDY
                                      ? _("Dates of birth are read month first, as the column "
                                          "“%s” says")
                                      : _("Dates of birth are read year first, as the column "
                                          "“%s” says"),
                              column);
    }
  if (notice->len == 0)
    {
      g_string_free (notice, TRUE);
      return NULL;
    }
  return g_string_free (notice, FALSE);
}

/* The import needs a bib and a name whatever the rows hold: checked on
 * the header alone, before the rows are read (see load_text).
 */
static gboolean
check_import_header (char                  **names,
                     guint                   n,
                     const SlImportOptions  *options,
                     const char             *display,
                     GError                **error)
{
  Header header = { 0 };
  gboolean ok = header_resolve (&header, names, n, options, display, error)
                && header_check_required (&header, display, error);

  header_clear (&header);
  return ok;
}

/* Appends to *notice the one line that says quotes inside values were
 * kept, naming the first (quote_line 0: none).
 */
static void
add_quote_notice (char   **notice,
                  guint    quote_line,
                  guint    quote_column,
                  Header  *header)
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

/* The values of one row as they will be stored, in place: the preview
 * shows what the import stores. Notes keep their lines; a form feed or
 * DEL in them is a space. Every other field is one line.
 */
static void
clean_values (char       **f,
              guint        n,
              const int   *columns)
{
  for (guint c = 0; c < n; c++)
    {
      unprotect (f[c]);
      if ((int)c != columns[SL_IMPORT_FIELD_NOTES])
        sl_text_squash_to_one_line (f[c]);
      else
        for (char *p = f[c]; *p != '\0'; p++)
          if (((guchar)*p < 0x20 && !strchr ("\n\r\t", *p)) || *p == 0x7f)
            *p = ' ';
    }
}

/* ---- Preview ----------------------------------------------------------- */

typedef struct
{
  SlImportPreview       *preview;
  const SlImportOptions *options;
  const char            *display;
  Header                 header;
  guint                  max_rows;
  gboolean               have_header;
  GError                *error;
} PreviewState;

static gboolean
preview_record_cb (gpointer   data,
                   char     **fields,
                   guint      n,
                   guint      line)
{
  PreviewState *state = data;
  char **row;

  if (!state->have_header)
    {
      state->have_header = TRUE;
      if (!header_resolve (&state->header, fields, n, state->options, state->display,
                           &state->error))
        return FALSE;
      return state->max_rows > 0;
    }
  row = g_strdupv (fields);
  clean_values (row, n, state->header.columns);
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

SlImportPreview *
sl_import_preview (const char             *path,
                   const SlImportOptions  *options,
                   guint                   max_rows,
                   GError                **error)
{
  g_autoptr(SlImportPreview) preview = NULL;
  PreviewState state = { 0 };
  CsvText text;
  guint quote_line, quote_column;

  g_return_val_if_fail (path != NULL, NULL);

  if (!load_text (path, options, NULL, NULL, &text, error))
    return NULL;

  preview = g_new0 (SlImportPreview, 1);
  preview->encoding = g_strdup (text.encoding);
  preview->delimiter = text.delimiter;
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  state.preview = preview;
  state.options = options;
  state.display = text.display;
  state.max_rows = max_rows;

  read_records (&text, preview_record_cb, preview_malformed_cb, NULL, &state, &quote_line,
                &quote_column, &state.error);
  if (state.error != NULL)
    {
      g_propagate_error (error, state.error);
      header_clear (&state.header);
      csv_text_clear (&text);
      return NULL;
    }
  if (!state.have_header)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_EMPTY, _("“%s” is empty"),
                   text.display);
      csv_text_clear (&text);
      return NULL;
    }

  /* Before the headers move to the preview: the notice quotes them. */
  preview->notice = header_dup_notice (&state.header, text.notice);
  add_quote_notice (&preview->notice, quote_line, quote_column, &state.header);
  preview->date_order = state.header.date_order;
  preview->headers = (GStrv)g_ptr_array_steal (state.header.headers, NULL);
  preview->fields = g_steal_pointer (&state.header.fields);
  header_clear (&state.header);
  csv_text_clear (&text);
  return g_steal_pointer (&preview);
}

/* ---- Values ------------------------------------------------------------ */

typedef enum
{
  DATE_OK,
  DATE_NOT_A_DATE,
  DATE_NO_SUCH_DAY,
  DATE_AMBIGUOUS,
  DATE_NEEDS_ORDER,
  DATE_NOT_YEAR_FIRST,   /* the order is year first, the year is last */
  DATE_SHORT_YEAR,
  DATE_TOO_OLD,
  DATE_FUTURE,
} DateCheck;

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

/* Dates of birth are never guessed. A year written first (1990-02-01,
 * 1990/02/01) can only be year-month-day and is always accepted. A date
 * with the year last (01/02/1990) needs the file's date order, even when
 * it could only be read one way (25/12/1990): a file's convention is
 * stated once for the whole file rather than inferred row by row, so a
 * file that mixes 25/12/1990 and 12/25/1990 is caught instead of imported.
 */
static DateCheck
parse_date (const char  *text,
            SlDateOrder  order,
            const char  *today,
            char         out[11])
{
  const char *parts[3];
  gsize lens[3];
  guint v[3];
  guint y, m, d;
  char sep = 0;
  const char *p = text;

  for (int i = 0; i < 3; i++)
    {
      parts[i] = p;
      while (g_ascii_isdigit (*p))
        p++;
      lens[i] = (gsize)(p - parts[i]);
      if (!parse_number (parts[i], lens[i], &v[i]))
        return DATE_NOT_A_DATE;
      if (i < 2)
        {
          if (*p != '-' && *p != '/' && *p != '.')
            return DATE_NOT_A_DATE;
          if (sep != 0 && *p != sep)
            return DATE_NOT_A_DATE;
          sep = *p++;
        }
    }
  if (*p != '\0')
    return DATE_NOT_A_DATE;

  if (lens[0] == 4)
    {
      y = v[0];
      m = v[1];
      d = v[2];
    }
  else if (lens[2] != 4)
    return DATE_SHORT_YEAR;
  else if (order == SL_DATE_ORDER_DMY)
    {
      d = v[0];
      m = v[1];
      y = v[2];
    }
  else if (order == SL_DATE_ORDER_MDY)
    {
      m = v[0];
      d = v[1];
      y = v[2];
    }
  else if (order == SL_DATE_ORDER_YMD)
    return DATE_NOT_YEAR_FIRST;
  else if (v[0] <= 12 && v[1] <= 12 && v[0] != v[1])
    return DATE_AMBIGUOUS;
  else
    return DATE_NEEDS_ORDER;

  /* GDateDay is a guint8: day 257 would pass as day 1. */
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1
      || !g_date_valid_dmy ((GDateDay)d, (GDateMonth)m, (GDateYear)y))
    return DATE_NO_SUCH_DAY;
  if (y < 1900)
    return DATE_TOO_OLD;
  /* "%04u-%02u-%02u" by hand (y has four digits): printf was a tenth of
   * the time spent checking a row.
   */
  out[0] = (char)('0' + y / 1000);
  out[1] = (char)('0' + y / 100 % 10);
  out[2] = (char)('0' + y / 10 % 10);
  out[3] = (char)('0' + y % 10);
  out[4] = '-';
  out[5] = (char)('0' + m / 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + d / 10);
  out[9] = (char)('0' + d % 10);
  out[10] = '\0';
  if (strcmp (out, today) > 0)
    return DATE_FUTURE;
  return DATE_OK;
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

static gboolean
lookup_word (const Word *words,
             guint       n_words,
             const char *text,
             int        *value)
{
  for (guint i = 0; i < n_words; i++)
    if (g_ascii_strcasecmp (words[i].word, text) == 0)
      {
        *value = words[i].value;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_entry_type (const char  *text,
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
  if (lookup_word (entry_type_words, G_N_ELEMENTS (entry_type_words), canon, &v))
    {
      *type = (SlEntryType)v;
      return TRUE;
    }
  return FALSE;
}

/* ---- Import ------------------------------------------------------------ */

typedef struct
{
  SlDb                  *db;
  const SlImportOptions *options;
  const char            *display;
  char                  *basename;
  Header                 header;
  gboolean               have_header;
  guint                  n_columns;

  GHashTable            *races;          /* folded code or name → race id */
  GHashTable            *waves;          /* "race id:folded name" → wave id */
  GHashTable            *waves_by_name;  /* folded name → wave id, or -1 if in several races */
  GHashTable            *wave_races;     /* wave id → race id */
  GHashTable            *charities;      /* folded name → charity id */
  GHashTable            *seen_bibs;      /* bib → first line */
  GHashTable            *seen_refs;      /* lower-case ref → first line */
  GHashTable            *bib_ids;        /* stored bib → entrant id */
  GHashTable            *ref_ids;        /* stored lower-case ref → entrant id */
  SlEntrantBulk         *bulk;           /* the new entrants, when writing */

  gsize                  next_unsaved_id; /* a dry run's ids for what it would add */
  char                  *event_date;     /* YYYY-MM-DD: a start time's day */

  gboolean               writing;        /* inside sl_db_begin_write */
  gboolean               db_was_empty;   /* nothing to match against */
  SlImportResult        *result;
  GError                *fatal;

  GCancellable          *cancellable;
  SlProgressFunc         progress;
  gpointer               progress_data;
  int                    last_percent;
  guint                  rows;

  char                   today[11];
  GString               *first;
  GString               *last;
  GString               *scratch;
} Importer;

static void
add_problem (Importer   *self,
             guint       line,
             int         column,
             const char *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (Importer   *self,
             guint       line,
             int         column,
             const char *format,
             ...)
{
  SlImportProblem *problem = g_new0 (SlImportProblem, 1);
  va_list args;

  problem->line = line;
  if (column >= 0 && (guint)column < self->n_columns)
    problem->column = g_strdup (self->header.headers->pdata[column]);
  va_start (args, format);
  problem->reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->result->problems, problem);
  self->result->rejected++;
}

static void
import_malformed_cb (gpointer data,
                     guint    line,
                     guint    last_line,
                     gboolean unterminated)
{
  Importer *self = data;

  /* The lines a stray quote swallowed are named: with "good rows only"
   * they are not imported, and nothing else would say so. Each message is
   * one whole sentence for the translators.
   */
  if (unterminated && last_line == line + 1)
    add_problem (self, line, -1,
                 _("a quoted value opened on this line is never closed, so line %u was read "
                   "as part of it"), last_line);
  else if (unterminated && last_line > line)
    add_problem (self, line, -1,
                 _("a quoted value opened on this line is never closed, so lines %u–%u were "
                   "read as part of it"), line + 1, last_line);
  else if (unterminated)
    add_problem (self, line, -1, _("a quoted value opened on this line is never closed"));
  else if (last_line == line + 1)
    add_problem (self, line, -1,
                 _("a quoted value opened on this line runs on to line %u, where its quotes "
                   "are malformed, so line %u was read as part of it (a value in quotes must "
                   "be followed by the delimiter or the end of the line; write a quote inside "
                   "one as \"\")"),
                 last_line, last_line);
  else if (last_line > line)
    add_problem (self, line, -1,
                 _("a quoted value opened on this line runs on to line %u, where its quotes "
                   "are malformed, so lines %u–%u were read as part of it (a value in quotes "
                   "must be followed by the delimiter or the end of the line; write a quote "
                   "inside one as \"\")"),
                 last_line, line + 1, last_line);
  else
    add_problem (self, line, -1,
                 _("the quotes are malformed (a value in quotes must be followed by the "
                   "delimiter or the end of the line; write a quote inside one as \"\")"));
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

static char *
fold_key (const char *text)
{
  /* For ASCII, case folding is lower-casing, at a fraction of the cost. */
  for (const char *p = text; *p; p++)
    if ((guchar)*p >= 0x80)
      return g_utf8_casefold (text, -1);
  return g_ascii_strdown (text, -1);
}

/* Makes a stored (or, in a dry run, a to-be-added) wave known to the
 * lookups by its race and by its name alone.
 */
static void
remember_wave (Importer   *self,
               gint64      id,
               gint64      race_id,
               const char *name)
{
  g_autofree char *key = fold_key (name);
  gint64 *pair = g_new (gint64, 2);

  g_hash_table_insert (self->waves, g_strdup_printf ("%" G_GINT64_FORMAT ":%s", race_id, key),
                       GSIZE_TO_POINTER ((gsize)id));
  /* A name in several races finds no wave alone (G_MAXSIZE). */
  g_hash_table_insert (self->waves_by_name, g_strdup (key),
                       GSIZE_TO_POINTER (g_hash_table_contains (self->waves_by_name, key)
                                         ? G_MAXSIZE : (gsize)id));
  pair[0] = id;
  pair[1] = race_id;
  g_hash_table_insert (self->wave_races, pair, pair);
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
  for (guint n = 2; ; n++)
    {
      g_autofree char *key = fold_key (candidate);

      if (!g_hash_table_contains (self->races, key))
        return g_steal_pointer (&candidate);
      g_free (candidate);
      candidate = g_strdup_printf ("%s-%u", code->str, n);
    }
}

/* The id of what was just added: stored when writing; in a dry run, one
 * no stored row has, which is never written anywhere.
 */
static gsize
unsaved_id (Importer *self)
{
  if (self->next_unsaved_id == 0)
    self->next_unsaved_id = (gsize)G_MAXINT64 / 2;
  return self->next_unsaved_id++;
}

static gboolean
add_missing_race (Importer   *self,
                  const char *name,
                  gsize      *id)
{
  g_autofree char *code = make_race_code (self, name);
  SlRace race = { .code = code, .name = (char *)name,
                  .kind = (char *)guess_race_kind (name) };

  if (self->writing && !sl_db_add_race_locked (self->db, &race, &self->fatal))
    return FALSE;
  *id = self->writing ? (gsize)race.id : unsaved_id (self);
  g_hash_table_insert (self->races, fold_key (name), GSIZE_TO_POINTER (*id));
  g_hash_table_insert (self->races, fold_key (code), GSIZE_TO_POINTER (*id));
  self->result->added_races++;
  g_ptr_array_add (self->result->added, g_strdup_printf (_("race “%s”"), name));
  return TRUE;
}

/* A wave's start time as people write it, in the event's time zone:
 * "09:30" on the event's day, or "2026-04-26 09:30" (a T for the space,
 * seconds, as an export writes it), to UTC ISO 8601; NULL if it is not one.
 */
static char *
parse_start_time (Importer   *self,
                  const char *text)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *iso = NULL;
  gsize len = strlen (text);
  gsize hour_digits = len > 0 && g_ascii_isdigit (text[0]) && len > 1
                      && g_ascii_isdigit (text[1]) ? 2 : 1;

  /* H:MM or HH:MM, with :SS or not: a clock time on the event's day. */
  if ((len == hour_digits + 3 || len == hour_digits + 6) && g_ascii_isdigit (text[0])
      && text[hour_digits] == ':' && g_ascii_isdigit (text[hour_digits + 1])
      && g_ascii_isdigit (text[hour_digits + 2])
      && (len == hour_digits + 3
          || (text[hour_digits + 3] == ':' && g_ascii_isdigit (text[hour_digits + 4])
              && g_ascii_isdigit (text[hour_digits + 5]))))
    iso = g_strdup_printf ("%sT%s%s%s", self->event_date, hour_digits == 1 ? "0" : "", text,
                           len == hour_digits + 3 ? ":00" : "");
  else if (strlen (text) >= 16 && text[4] == '-' && text[7] == '-'
           && (text[10] == ' ' || text[10] == 'T') && text[13] == ':'
           && strpbrk (text, "Zz+") == NULL && strchr (text + 10, '-') == NULL)
    {
      /* GLib's ISO 8601 reader wants the seconds. */
      iso = strlen (text) == 16 ? g_strconcat (text, ":00", NULL) : g_strdup (text);
      iso[10] = 'T';
    }
  else
    return NULL;

  /* g_date_time_new_from_iso8601 checks the calendar (no 31 April, no
   * 25:00) and gives the UTC time of the event's clock.
   */
  if (!(local = g_date_time_new_from_iso8601 (iso, sl_db_get_event_timezone (self->db))))
    return NULL;
  utc = g_date_time_to_utc (local);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000Z");
}

static gboolean
add_missing_wave (Importer   *self,
                  gint64      race_id,
                  const char *race_name,
                  const char *name,
                  const char *start_area,
                  const char *start_time,
                  gsize      *id)
{
  SlWave wave = { .race_id = race_id, .name = (char *)name, .start_area = (char *)start_area,
                  .start_time = (char *)start_time };

  if (self->writing && !sl_db_add_wave_locked (self->db, &wave, &self->fatal))
    return FALSE;
  *id = self->writing ? (gsize)wave.id : unsaved_id (self);
  remember_wave (self, (gint64)*id, race_id, name);
  self->result->added_waves++;
  g_ptr_array_add (self->result->added,
                   g_strdup_printf (_("wave “%s” of race “%s”"), name, race_name));
  return TRUE;
}

static gboolean
add_missing_charity (Importer   *self,
                     const char *name,
                     gsize      *id)
{
  SlCharity charity = { .name = (char *)name };

  if (self->writing && !sl_db_add_charity_locked (self->db, &charity, &self->fatal))
    return FALSE;
  *id = self->writing ? (gsize)charity.id : unsaved_id (self);
  g_hash_table_insert (self->charities, fold_key (name), GSIZE_TO_POINTER (*id));
  self->result->added_charities++;
  g_ptr_array_add (self->result->added, g_strdup_printf (_("charity “%s”"), name));
  return TRUE;
}

static gboolean
load_lookups (Importer  *self,
              GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  self->races = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->waves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->waves_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->wave_races = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->charities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!(stmt = sl_db_prepare (self->db, "SELECT date FROM event WHERE id = 1", error)))
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    self->event_date = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    goto failed;

  if (!(stmt = sl_db_prepare (self->db, "SELECT id, code, name FROM race", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      /* A code wins over another race's name that happens to match it. */
      g_hash_table_insert (self->races, fold_key ((const char *)sqlite3_column_text (stmt, 1)),
                           GSIZE_TO_POINTER ((gsize)id));
      g_hash_table_insert (self->races, fold_key ((const char *)sqlite3_column_text (stmt, 2)),
                           GSIZE_TO_POINTER ((gsize)id));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed;

  if (!(stmt = sl_db_prepare (self->db, "SELECT id, race_id, name FROM wave", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      remember_wave (self, sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                     (const char *)sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed;

  if (!(stmt = sl_db_prepare (self->db, "SELECT id, name FROM charity", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (self->charities,
                         fold_key ((const char *)sqlite3_column_text (stmt, 1)),
                         GSIZE_TO_POINTER ((gsize)sqlite3_column_int64 (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed;

  /* The stored bibs and references, read once: a lookup per row in memory
   * instead of a query per row. The transaction keeps them current.
   */
  self->bib_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->ref_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!(stmt = sl_db_prepare (self->db, "SELECT id, bib, booking_ref FROM entrant", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer id = GSIZE_TO_POINTER ((gsize)sqlite3_column_int64 (stmt, 0));
      const char *ref = (const char *)sqlite3_column_text (stmt, 2);

      g_hash_table_insert (self->bib_ids, g_strdup ((const char *)sqlite3_column_text (stmt, 1)),
                           id);
      /* The column collates NOCASE, which folds ASCII letters only. */
      if (ref != NULL)
        g_hash_table_insert (self->ref_ids, g_ascii_strdown (ref, -1), id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto failed;
  self->db_was_empty = g_hash_table_size (self->bib_ids) == 0;
  return TRUE;

failed:
  sl_db_set_error (self->db, error, NULL);
  return FALSE;
}

static const char *
value_of (Importer       *self,
          char          **fields,
          SlImportField   field)
{
  int column = self->header.columns[field];

  if (column < 0 || *fields[column] == '\0')
    return NULL;
  return fields[column];
}

/* "Last, First" or "First Last": in the second form the first word is the
 * first name and the rest the last name, which keeps particles and double
 * surnames together ("Ludwig van Beethoven", "José Fernández García").
 */
static gboolean
split_full_name (Importer   *self,
                 const char *name)
{
  const char *comma = strchr (name, ',');
  const char *space;

  g_string_truncate (self->first, 0);
  g_string_truncate (self->last, 0);
  if (comma != NULL)
    {
      g_string_append_len (self->last, name, comma - name);
      g_string_append (self->first, comma + 1);
    }
  else
    {
      space = strpbrk (name, " \t");
      if (space == NULL)
        return FALSE;
      g_string_append_len (self->first, name, space - name);
      g_string_append (self->last, space + 1);
    }
  g_strstrip (self->first->str);
  self->first->len = strlen (self->first->str);
  g_strstrip (self->last->str);
  self->last->len = strlen (self->last->str);
  return self->first->len > 0 && self->last->len > 0;
}

static int
column_for_entrant_error (Importer *self,
                          int       code)
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
  if (self->header.columns[field] < 0 && (field == SL_IMPORT_FIELD_FIRST_NAME
                                          || field == SL_IMPORT_FIELD_LAST_NAME))
    field = SL_IMPORT_FIELD_FULL_NAME;
  return self->header.columns[field];
}

/* The entrant a row refers to: the one with its bib, else the one with its
 * booking reference. A row whose bib and reference belong to two different
 * entrants is refused rather than merged.
 */
static gint64
lookup_id (GHashTable *ids,
           const char *key)
{
  return (gint64)GPOINTER_TO_SIZE (g_hash_table_lookup (ids, key));
}

static gboolean
find_existing (Importer    *self,
               const char  *bib,
               const char  *ref,
               guint        line,
               gint64      *id_out,
               gboolean    *clash)
{
  g_autofree char *ref_key = NULL;
  gint64 by_bib, by_ref = 0;

  *id_out = 0;
  *clash = FALSE;
  if (self->db_was_empty)
    return TRUE;

  by_bib = lookup_id (self->bib_ids, bib);
  if (ref != NULL)
    {
      ref_key = g_ascii_strdown (ref, -1);
      by_ref = lookup_id (self->ref_ids, ref_key);
    }

  if (by_bib != 0 && by_ref != 0 && by_bib != by_ref)
    {
      g_autoptr(SlEntrant) owner = sl_db_dup_entrant_locked (self->db, by_ref, &self->fatal);

      if (owner == NULL)
        return FALSE;
      add_problem (self, line, self->header.columns[SL_IMPORT_FIELD_BOOKING_REF],
                   _("booking reference “%s” already belongs to the entrant with bib %s, "
                     "not to bib %s"), ref, owner->bib, bib);
      *clash = TRUE;
      return TRUE;
    }
  *id_out = by_bib != 0 ? by_bib : by_ref;
  return TRUE;
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

static gint64
stored_charity_id (Importer        *self,
                   const SlEntrant *entrant)
{
  g_autofree char *key = NULL;

  if (entrant->charity_name == NULL)
    return 0;
  key = fold_key (entrant->charity_name);
  return lookup_id (self->charities, key);
}

/* A new entrant's sign-up is audited with the others by
 * the store's signups_audit_new at the end; a changed one is audited here.
 * Another charity's sign-up starts at nothing: the target and the money
 * raised were the old one's, and must not be credited to the new one in
 * its export. The audit entry keeps them.
 */
static gboolean
write_charity (Importer         *self,
               gint64            entrant_id,
               const SlEntrant  *existing, /* NULL: a new entrant */
               gint64            charity_id,
               GError          **error)
{
  SlCharitySignup signup = { .entrant_id = entrant_id, .charity_id = charity_id };

  if (existing == NULL)
    return charity_id == 0 || SL_STORE (self->db)->signup_put (self->db, &signup, error);
  if (stored_charity_id (self, existing) == charity_id)
    return TRUE;
  return sl_db_set_charity_signup_locked (self->db, &signup, error);
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
      add_problem (self, line, column_for_entrant_error (self, error->code), "%s",
                   error->message);
      g_error_free (error);
    }
  else
    self->fatal = error;
}

static void
process_row (Importer  *self,
             char     **f,
             guint      n,
             guint      line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) existing = NULL;
  const int *col = self->header.columns;
  SlEntrant row = { 0 };
  SlEntrant *target;
  const char *bib, *ref, *value;
  gint64 existing_id = 0;
  gint64 charity_id = 0;
  /* With add_missing: what this row names that the event lacks, added
   * only once the row has passed every check, so that a refused row adds
   * nothing (with good rows only, the rest goes in).
   */
  const char *new_race = NULL, *new_wave = NULL, *new_charity = NULL;
  g_autofree char *new_start_time = NULL;
  gboolean clash;
  char dob[11];
  int v;

  if (n != self->n_columns)
    {
      add_problem (self, line, -1,
                   ngettext ("the row has %u value but the header has %u columns",
                             "the row has %u values but the header has %u columns", n),
                   n, self->n_columns);
      return;
    }

  clean_values (f, n, col);

  row.age = -1;
  bib = value_of (self, f, SL_IMPORT_FIELD_BIB);
  ref = value_of (self, f, SL_IMPORT_FIELD_BOOKING_REF);
  if (bib == NULL)
    {
      add_problem (self, line, col[SL_IMPORT_FIELD_BIB], _("the bib number is missing"));
      return;
    }
  if ((v = GPOINTER_TO_INT (g_hash_table_lookup (self->seen_bibs, bib))) != 0)
    {
      add_problem (self, line, col[SL_IMPORT_FIELD_BIB],
                   _("bib %s is already used on line %d of this file"), bib, v);
      return;
    }
  g_hash_table_insert (self->seen_bibs, g_strdup (bib), GINT_TO_POINTER (line));
  if (ref != NULL)
    {
      char *key = g_ascii_strdown (ref, -1);

      if ((v = GPOINTER_TO_INT (g_hash_table_lookup (self->seen_refs, key))) != 0)
        {
          add_problem (self, line, col[SL_IMPORT_FIELD_BOOKING_REF],
                       _("booking reference %s is already used on line %d of this file"),
                       ref, v);
          g_free (key);
          return;
        }
      g_hash_table_insert (self->seen_refs, key, GINT_TO_POINTER (line));
    }
  row.bib = (char *)bib;
  row.booking_ref = (char *)ref;

  row.first_name = (char *)value_of (self, f, SL_IMPORT_FIELD_FIRST_NAME);
  row.last_name = (char *)value_of (self, f, SL_IMPORT_FIELD_LAST_NAME);
  if ((row.first_name == NULL || row.last_name == NULL) && col[SL_IMPORT_FIELD_FULL_NAME] >= 0)
    {
      value = value_of (self, f, SL_IMPORT_FIELD_FULL_NAME);
      if (value == NULL)
        {
          add_problem (self, line, col[SL_IMPORT_FIELD_FULL_NAME], _("the name is missing"));
          return;
        }
      if (!split_full_name (self, value))
        {
          add_problem (self, line, col[SL_IMPORT_FIELD_FULL_NAME],
                       _("“%s” is not a full name; write it as “First Last” or “Last, First”"),
                       value);
          return;
        }
      if (row.first_name == NULL)
        row.first_name = self->first->str;
      if (row.last_name == NULL)
        row.last_name = self->last->str;
    }
  if (row.first_name == NULL)
    {
      add_problem (self, line, col[SL_IMPORT_FIELD_FIRST_NAME], _("the first name is missing"));
      return;
    }
  if (row.last_name == NULL)
    {
      add_problem (self, line, col[SL_IMPORT_FIELD_LAST_NAME], _("the last name is missing"));
      return;
    }

  if ((value = value_of (self, f, SL_IMPORT_FIELD_DATE_OF_BIRTH)) != NULL)
    {
      int c = col[SL_IMPORT_FIELD_DATE_OF_BIRTH];

      switch (parse_date (value, self->header.date_order, self->today, dob))
        {
        case DATE_OK:
          row.date_of_birth = dob;
          break;
        case DATE_NOT_A_DATE:
          add_problem (self, line, c, _("“%s” is not a date"), value);
          return;
        case DATE_NO_SUCH_DAY:
          add_problem (self, line, c, _("“%s” is not a real date (no such day)"), value);
          return;
        case DATE_AMBIGUOUS:
          add_problem (self, line, c,
                       _("“%s” is ambiguous (day/month or month/day?); choose the date "
                         "order of the file, or write it as YYYY-MM-DD"), value);
          return;
        case DATE_NEEDS_ORDER:
          add_problem (self, line, c,
                       _("“%s” is not written YYYY-MM-DD; choose the date order of the file "
                         "to import dates written like this"), value);
          return;
        case DATE_NOT_YEAR_FIRST:
          if (self->header.date_order_from_header)
            add_problem (self, line, c,
                         _("“%s” does not start with the year, as the column’s header says "
                           "dates are written; correct the value or the header"), value);
          else
            add_problem (self, line, c,
                         _("“%s” does not start with the year, as the date order chosen "
                           "says dates are written; choose the order this file uses"), value);
          return;
        case DATE_SHORT_YEAR:
          add_problem (self, line, c,
                       _("“%s” has a two-digit year; write the year with four digits"), value);
          return;
        case DATE_TOO_OLD:
          add_problem (self, line, c, _("“%s” is not a plausible date of birth"), value);
          return;
        case DATE_FUTURE:
          add_problem (self, line, c, _("“%s” is in the future"), value);
          return;
        default:
          g_assert_not_reached ();
        }
    }

  if ((value = value_of (self, f, SL_IMPORT_FIELD_AGE)) != NULL)
    {
      guint age;

      if (!parse_number (value, strlen (value), &age) || age > 120)
        {
          add_problem (self, line, col[SL_IMPORT_FIELD_AGE],
                       _("“%s” is not an age (a whole number of years, 0 to 120)"), value);
          return;
        }
      row.age = (int)age;
    }

  if ((value = value_of (self, f, SL_IMPORT_FIELD_GENDER)) != NULL)
    {
      if (!lookup_word (gender_words, G_N_ELEMENTS (gender_words), value, &v))
        {
          add_problem (self, line, col[SL_IMPORT_FIELD_GENDER],
                       _("“%s” is not a gender (use F, M or NB; female, male or non-binary)"),
                       value);
          return;
        }
      row.gender = (SlGender)v;
    }

  if ((value = value_of (self, f, SL_IMPORT_FIELD_ENTRY_TYPE)) != NULL
      && !parse_entry_type (value, &row.entry_type))
    {
      add_problem (self, line, col[SL_IMPORT_FIELD_ENTRY_TYPE],
                   _("“%s” is not an entry type (ballot, good for age, championship, charity, "
                     "elite, reserved disability place, support runner, club, overseas)"),
                   value);
      return;
    }

  if ((value = value_of (self, f, SL_IMPORT_FIELD_RACE)) != NULL)
    {
      g_autofree char *key = fold_key (value);
      gpointer id;

      if (g_hash_table_lookup_extended (self->races, key, NULL, &id))
        row.race_id = (gint64)GPOINTER_TO_SIZE (id);
      else if (self->options->add_missing)
        new_race = value;
      else
        {
          self->result->missing++;
          add_problem (self, line, col[SL_IMPORT_FIELD_RACE],
                       _("there is no race “%s” in this event"), value);
          return;
        }
    }

  if ((value = value_of (self, f, SL_IMPORT_FIELD_WAVE)) != NULL)
    {
      g_autofree char *key = fold_key (value);
      gpointer id = NULL;

      if (new_race != NULL)
        new_wave = value;
      else if (row.race_id > 0)
        {
          gboolean found;

          g_string_printf (self->scratch, "%" G_GINT64_FORMAT ":%s", row.race_id, key);
          found = g_hash_table_lookup_extended (self->waves, self->scratch->str, NULL, &id);
          if (!found && self->options->add_missing)
            new_wave = value;
          else if (!found)
            {
              self->result->missing++;
              add_problem (self, line, col[SL_IMPORT_FIELD_WAVE],
                           _("race “%s” has no wave “%s”"),
                           value_of (self, f, SL_IMPORT_FIELD_RACE), value);
              return;
            }
        }
      else if (!g_hash_table_lookup_extended (self->waves_by_name, key, NULL, &id))
        {
          add_problem (self, line, col[SL_IMPORT_FIELD_WAVE],
                       _("there is no wave “%s” in this event"), value);
          return;
        }
      else if (GPOINTER_TO_SIZE (id) == G_MAXSIZE)
        {
          add_problem (self, line, col[SL_IMPORT_FIELD_WAVE],
                       _("several races have a wave “%s”; add a Race column"), value);
          return;
        }
      row.wave_id = (gint64)GPOINTER_TO_SIZE (id);
      if (row.race_id == 0 && new_race == NULL)
        {
          gint64 *pair = g_hash_table_lookup (self->wave_races, &row.wave_id);
          row.race_id = pair[1];
        }
    }

  /* A start time is read for a wave the import adds, and only then. */
  if (new_wave != NULL && (value = value_of (self, f, SL_IMPORT_FIELD_START_TIME)) != NULL
      && !(new_start_time = parse_start_time (self, value)))
    {
      add_problem (self, line, col[SL_IMPORT_FIELD_START_TIME],
                   _("“%s” is not a start time (HH:MM, or YYYY-MM-DD HH:MM, in the event's "
                     "time zone)"), value);
      return;
    }

  if ((value = value_of (self, f, SL_IMPORT_FIELD_CHARITY)) != NULL)
    {
      g_autofree char *key = fold_key (value);
      gpointer id;

      if (g_hash_table_lookup_extended (self->charities, key, NULL, &id))
        charity_id = (gint64)GPOINTER_TO_SIZE (id);
      else if (self->options->add_missing)
        new_charity = value;
      else
        {
          self->result->missing++;
          add_problem (self, line, col[SL_IMPORT_FIELD_CHARITY],
                       _("there is no charity “%s” in this event"), value);
          return;
        }
    }

  if ((value = value_of (self, f, SL_IMPORT_FIELD_VIP)) != NULL)
    {
      if (!lookup_word (vip_words, G_N_ELEMENTS (vip_words), value, &v))
        {
          add_problem (self, line, col[SL_IMPORT_FIELD_VIP],
                       _("“%s” is not yes or no"), value);
          return;
        }
      row.vip = v;
    }

  row.nationality = (char *)value_of (self, f, SL_IMPORT_FIELD_NATIONALITY);
  row.club = (char *)value_of (self, f, SL_IMPORT_FIELD_CLUB);
  row.email = (char *)value_of (self, f, SL_IMPORT_FIELD_EMAIL);
  row.phone = (char *)value_of (self, f, SL_IMPORT_FIELD_PHONE);
  row.emergency_contact = (char *)value_of (self, f, SL_IMPORT_FIELD_EMERGENCY_CONTACT);
  row.costume = (char *)value_of (self, f, SL_IMPORT_FIELD_COSTUME);
  row.notes = (char *)value_of (self, f, SL_IMPORT_FIELD_NOTES);

  if (!sl_entrant_validate (&row, &error))
    {
      add_problem (self, line, column_for_entrant_error (self, error->code), "%s",
                   error->message);
      return;
    }

  if (!find_existing (self, bib, ref, line, &existing_id, &clash))
    return;
  if (clash)
    return;

  if (new_race != NULL || new_wave != NULL || new_charity != NULL)
    {
      gsize added;

      if (new_race != NULL)
        {
          if (!add_missing_race (self, new_race, &added))
            return;
          row.race_id = (gint64)added;
        }
      if (new_wave != NULL)
        {
          if (!add_missing_wave (self, row.race_id, value_of (self, f, SL_IMPORT_FIELD_RACE),
                                 new_wave, value_of (self, f, SL_IMPORT_FIELD_START_AREA),
                                 new_start_time, &added))
            return;
          row.wave_id = (gint64)added;
        }
      if (new_charity != NULL)
        {
          if (!add_missing_charity (self, new_charity, &added))
            return;
          charity_id = (gint64)added;
        }
    }

  target = &row;
  if (existing_id != 0)
    {
      SlEntrant merged;

      /* Columns the file does not have keep their stored values. */
      if (!(existing = sl_db_dup_entrant_locked (self->db, existing_id, &self->fatal)))
        return;
      merged = *existing;
      for (guint i = 1; i < SL_N_IMPORT_FIELDS; i++)
        {
          if (col[i] < 0)
            continue;
          switch ((SlImportField)i)
            {
            case SL_IMPORT_FIELD_BIB: merged.bib = row.bib; break;
            case SL_IMPORT_FIELD_BOOKING_REF: merged.booking_ref = row.booking_ref; break;
            case SL_IMPORT_FIELD_FIRST_NAME:
            case SL_IMPORT_FIELD_LAST_NAME:
            case SL_IMPORT_FIELD_FULL_NAME:
              merged.first_name = row.first_name;
              merged.last_name = row.last_name;
              break;
            case SL_IMPORT_FIELD_DATE_OF_BIRTH: merged.date_of_birth = row.date_of_birth; break;
            case SL_IMPORT_FIELD_AGE: merged.age = row.age; break;
            case SL_IMPORT_FIELD_GENDER: merged.gender = row.gender; break;
            case SL_IMPORT_FIELD_NATIONALITY: merged.nationality = row.nationality; break;
            case SL_IMPORT_FIELD_CLUB: merged.club = row.club; break;
            case SL_IMPORT_FIELD_EMAIL: merged.email = row.email; break;
            case SL_IMPORT_FIELD_PHONE: merged.phone = row.phone; break;
            case SL_IMPORT_FIELD_EMERGENCY_CONTACT:
              merged.emergency_contact = row.emergency_contact;
              break;
            case SL_IMPORT_FIELD_ENTRY_TYPE: merged.entry_type = row.entry_type; break;
            case SL_IMPORT_FIELD_RACE: merged.race_id = row.race_id; break;
            case SL_IMPORT_FIELD_WAVE:
              merged.wave_id = row.wave_id;
              if (col[SL_IMPORT_FIELD_RACE] < 0 && row.wave_id > 0)
                merged.race_id = row.race_id;
              break;
            case SL_IMPORT_FIELD_COSTUME: merged.costume = row.costume; break;
            case SL_IMPORT_FIELD_VIP: merged.vip = row.vip; break;
            case SL_IMPORT_FIELD_NOTES: merged.notes = row.notes; break;
            case SL_IMPORT_FIELD_CHARITY:
            case SL_IMPORT_FIELD_START_AREA:
            case SL_IMPORT_FIELD_START_TIME:
            case SL_IMPORT_FIELD_NONE:
            case SL_N_IMPORT_FIELDS:
            default:
              break;
            }
        }
      row = merged;

      /* A runner given a bib at the desk wears it and is timed by it: a
       * file sent later cannot change it behind the desk's back.
       */
      if (g_strcmp0 (existing->bib, row.bib) != 0 && sl_status_holds_bib (existing->status))
        {
          if (existing->status == SL_STATUS_CHECKED_IN)
            add_problem (self, line, col[SL_IMPORT_FIELD_BIB],
                         _("the entrant with booking reference %s is already checked in "
                           "with bib %s, so the bib cannot change to %s (undo the check-in "
                           "first)"),
                         existing->booking_ref, existing->bib, row.bib);
          else
            add_problem (self, line, col[SL_IMPORT_FIELD_BIB],
                         _("the entrant with booking reference %s is “%s” with bib %s, so the "
                           "bib cannot change to %s"),
                         existing->booking_ref, sl_status_to_label (existing->status),
                         existing->bib, row.bib);
          return;
        }
    }

  if (existing_id != 0)
    {
      gboolean changed;

      if (!self->writing)
        changed = sl_entrant_update_changes (existing, target);
      else if (!sl_db_update_entrant_from_locked (self->db, existing, target, &changed, &error))
        {
          row_write_failed (self, line, g_steal_pointer (&error));
          return;
        }
      if (!changed
          && (col[SL_IMPORT_FIELD_CHARITY] < 0
              || stored_charity_id (self, existing) == charity_id))
        {
          self->result->unchanged++;
          return;
        }
      if (self->writing)
        remember_codes (self, existing, target);
    }
  else if (self->writing && !sl_entrant_bulk_insert (self->bulk, target, &error))
    {
      row_write_failed (self, line, g_steal_pointer (&error));
      return;
    }

  if (self->writing && col[SL_IMPORT_FIELD_CHARITY] >= 0
      && !write_charity (self, target->id, existing, charity_id, &self->fatal))
    return;

  if (existing_id != 0)
    self->result->updated++;
  else
    self->result->imported++;
}

static gboolean
import_record_cb (gpointer   data,
                  char     **fields,
                  guint      n,
                  guint      line)
{
  Importer *self = data;

  if (!self->have_header)
    {
      self->have_header = TRUE;
      self->n_columns = n;
      return header_resolve (&self->header, fields, n, self->options, self->display,
                             &self->fatal)
             && header_check_required (&self->header, self->display, &self->fatal);
    }

  /* Spreadsheets leave rows of empty cells behind; they are not entrants. */
  for (guint i = 0; i < n; i++)
    if (*fields[i] != '\0')
      goto not_blank;
  return TRUE;

not_blank:
  self->rows++;
  if (self->rows % CANCEL_CHECK_ROWS == 0
      && g_cancellable_set_error_if_cancelled (self->cancellable, &self->fatal))
    return FALSE;

  process_row (self, fields, n, line);
  return self->fatal == NULL;
}

static char *
import_audit_json (Importer *self)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "file", self->basename);
  sl_json_image_add_int (&image, "imported", self->result->imported);
  sl_json_image_add_int (&image, "updated", self->result->updated);
  sl_json_image_add_int (&image, "rejected", self->result->rejected);
  sl_json_image_add_boolean (&image, "good_rows_only", self->options->good_rows_only);
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
importer_clear (Importer *self)
{
  header_clear (&self->header);
  g_clear_pointer (&self->basename, g_free);
  g_clear_pointer (&self->event_date, g_free);
  g_clear_pointer (&self->races, g_hash_table_unref);
  g_clear_pointer (&self->waves, g_hash_table_unref);
  g_clear_pointer (&self->waves_by_name, g_hash_table_unref);
  if (self->wave_races != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->wave_races);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_free (value);
      g_clear_pointer (&self->wave_races, g_hash_table_unref);
    }
  g_clear_pointer (&self->charities, g_hash_table_unref);
  g_clear_pointer (&self->seen_bibs, g_hash_table_unref);
  g_clear_pointer (&self->seen_refs, g_hash_table_unref);
  g_clear_pointer (&self->bib_ids, g_hash_table_unref);
  g_clear_pointer (&self->ref_ids, g_hash_table_unref);
  g_clear_pointer (&self->bulk, sl_entrant_bulk_free);
  g_clear_pointer (&self->result, sl_import_result_free);
  g_clear_error (&self->fatal);
  if (self->first != NULL)
    g_string_free (self->first, TRUE);
  if (self->last != NULL)
    g_string_free (self->last, TRUE);
  if (self->scratch != NULL)
    g_string_free (self->scratch, TRUE);
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
  g_autoptr(GDateTime) now = NULL;
  SlImportOptions default_options;
  SlImportResult *result;
  Importer self = { 0 };
  g_autoptr(GError) local_error = NULL;
  CsvText text;
  guint quote_line = 0, quote_column = 0;
  gboolean keep;

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

  if (!load_text (path, options, check_import_header, cancellable, &text, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_CANCELLED,
                     _("The import of “%s” was cancelled; nothing was imported"), display);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self.db = db;
  self.options = options;
  self.display = text.display;
  self.basename = g_filename_display_basename (path);
  self.cancellable = cancellable;
  self.progress = progress;
  self.progress_data = progress_data;
  self.last_percent = -1;
  self.result = result_new ();
  self.result->notice = g_strdup (text.notice);
  self.seen_bibs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.seen_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.first = g_string_new (NULL);
  self.last = g_string_new (NULL);
  self.scratch = g_string_new (NULL);
  now = g_date_time_new_now_local ();
  g_snprintf (self.today, sizeof self.today, "%04d-%02d-%02d", g_date_time_get_year (now),
              g_date_time_get_month (now), g_date_time_get_day_of_month (now));

  /* A dry run reads a consistent snapshot and never takes the write lock. */
  if (options->dry_run)
    {
      sl_db_lock (db);
      if (!sl_db_exec (db, "BEGIN", error))
        {
          sl_db_unlock (db);
          goto failed;
        }
    }
  else if (!sl_db_begin_write (db, error))
    goto failed;
  else
    self.writing = TRUE;

  /* A large cache keeps the transaction's pages in memory until the
   * commit writes each of them once, instead of spilling them to the WAL
   * again and again; the default comes back afterwards.
   */
  sl_db_exec (db, "PRAGMA cache_size = -65536", NULL);

  if (!load_lookups (&self, &self.fatal))
    goto finish;
  if (self.writing && !(self.bulk = sl_entrant_bulk_new_locked (db, &self.fatal)))
    goto finish;

  if (progress != NULL)
    progress (0.0, _("Importing entrants"), progress_data);
  if (!read_records (&text, import_record_cb, import_malformed_cb, import_position_cb, &self,
                     &quote_line, &quote_column, &local_error)
      && self.fatal == NULL)
    self.fatal = g_steal_pointer (&local_error);

  if (self.fatal == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &self.fatal);
  if (self.fatal == NULL && !self.have_header)
    g_set_error (&self.fatal, SL_IMPORT_ERROR, SL_IMPORT_ERROR_EMPTY,
                 _("“%s” is empty"), text.display);
  else if (self.fatal == NULL && self.rows == 0 && self.result->rejected == 0)
    g_set_error (&self.fatal, SL_IMPORT_ERROR, SL_IMPORT_ERROR_EMPTY,
                 _("“%s” has a header line but no entrants"), text.display);

finish:
  if (self.fatal == NULL && self.have_header)
    {
      g_autofree char *notice = header_dup_notice (&self.header, text.notice);

      add_quote_notice (&notice, quote_line, quote_column, &self.header);

      g_free (self.result->notice);
      self.result->notice = g_steal_pointer (&notice);
    }

  keep = self.fatal == NULL && (self.result->rejected == 0 || options->good_rows_only);
  if (self.writing)
    {
      g_autofree char *json = NULL;

      if (keep && (!sl_entrant_bulk_finish (self.bulk, &self.fatal)
                   || !SL_STORE (db)->signups_audit_new (
                        db, sl_entrant_bulk_get_now (self.bulk),
                        sl_entrant_bulk_get_last_old_id (self.bulk), &self.fatal)))
        keep = FALSE;
      if (keep)
        {
          json = import_audit_json (&self);
          if (!sl_db_audit (db, "import", "entrant", 0, NULL, json, &self.fatal))
            keep = FALSE;
        }
      if (keep)
        {
          self.writing = FALSE;
          if (!sl_db_commit (db, &self.fatal))
            keep = FALSE;
          else
            self.result->committed = TRUE;
        }
      else
        {
          self.writing = FALSE;
          sl_db_rollback (db);
        }
    }
  else
    {
      sl_db_exec (db, "ROLLBACK", NULL);
      sl_db_unlock (db);
    }

  /* Only now: the index and audit rows written at the end and the commit
   * need the large cache as much as the inserts did.
   */
  sl_db_lock (db);
  sl_db_exec (db, "PRAGMA cache_size = -2000", NULL);
  sl_db_unlock (db);

  if (progress != NULL && self.result->committed)
    progress (1.0, _("Import finished"), progress_data);

  if (self.fatal != NULL)
    {
      if (g_error_matches (self.fatal, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_CANCELLED,
                     _("The import of “%s” was cancelled; nothing was imported"),
                     text.display);
      else
        g_propagate_error (error, g_steal_pointer (&self.fatal));
      goto failed;
    }
  if (self.result->rejected > 0 && !options->good_rows_only)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED,
                   ngettext ("%u row of “%s” was rejected, so nothing was imported",
                             "%u rows of “%s” were rejected, so nothing was imported",
                             self.result->rejected),
                   self.result->rejected, text.display);
      if (result_out != NULL)
        *result_out = g_steal_pointer (&self.result);
      goto failed;
    }

  result = g_steal_pointer (&self.result);
  csv_text_clear (&text);
  importer_clear (&self);
  return result;

failed:
  csv_text_clear (&text);
  importer_clear (&self);
  return NULL;
}

/* ---- Async ------------------------------------------------------------- */

typedef struct
{
  char            *path;
  SlImportOptions  options;
  SlProgressFunc   progress;
  gpointer         progress_data;
  SlImportResult  *result_out;
} ImportTask;

static void
import_task_free (ImportTask *task)
{
  g_free (task->path);
  sl_import_options_clear (&task->options);
  sl_import_result_free (task->result_out);
  g_free (task);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTask *data = task_data;
  GError *error = NULL;
  SlImportResult *result;

  result = sl_db_import_csv (SL_DB (source_object), data->path, &data->options, cancellable,
                             data->progress, data->progress_data, &data->result_out, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify)sl_import_result_free);
}

void
sl_db_import_csv_async (SlDb                  *db,
                        const char            *path,
                        const SlImportOptions *options,
                        GCancellable          *cancellable,
                        SlProgressFunc         progress,
                        gpointer               progress_data,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportTask *data;

  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (path != NULL);

  data = g_new0 (ImportTask, 1);
  data->path = g_strdup (path);
  if (options != NULL)
    copy_options (&data->options, options);
  data->progress = progress;
  data->progress_data = progress_data;

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_db_import_csv_async);
  /* The import reports cancellation itself, as SL_IMPORT_ERROR_CANCELLED. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify)import_task_free);
  g_task_run_in_thread (task, import_thread);
}

SlImportResult *
sl_db_import_csv_finish (SlDb            *db,
                         GAsyncResult    *result,
                         SlImportResult **result_out,
                         GError         **error)
{
  ImportTask *data;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (g_task_is_valid (result, db), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (result_out != NULL)
    *result_out = g_steal_pointer (&data->result_out);
  return g_task_propagate_pointer (G_TASK (result), error);
}
