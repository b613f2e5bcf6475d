/* sl-import-csv.c — the import's CSV reading: libcsv over decoded lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <csv.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-import-csv.h"
#include "sl-import-header.h"

/* How often the first pass looks at its GCancellable, in lines. */
#define CANCEL_CHECK_LINES 4096

typedef struct
{
  struct csv_parser      parser;
  char                   delimiter;
  const char            *display;
  GString               *buf;       /* the record's values, each NUL-terminated */
  GArray                *offsets;   /* guint start of each value in buf */
  GPtrArray             *pointers;
  guint                  line;      /* physical line being fed */
  guint                  record_line;
  gsize                  record_bytes;
  gboolean               stop;
  GError                *error;     /* a limit the file went over */
  /* The first quote kept as a character inside an unquoted value. */
  guint                  quote_line;
  guint                  quote_column;
  SlImportRecordFunc     func;
  SlImportMalformedFunc  malformed;
  gpointer               data;
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
  if (reader->offsets->len >= SL_IMPORT_MAX_COLUMNS)
    {
      reader_fail (reader, _("“%s” cannot be imported: line %u has more than %u columns"),
                   reader->display, reader->line, SL_IMPORT_MAX_COLUMNS);
      return;
    }
  if (len > SL_IMPORT_MAX_FIELD_BYTES)
    {
      reader_fail (reader, _("“%s” cannot be imported: value %u on line %u is longer than "
                             "%u KiB"),
                   reader->display, reader->offsets->len + 1, reader->line,
                   SL_IMPORT_MAX_FIELD_BYTES / 1024);
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
reader_init (Reader                *reader,
             const SlImportText    *text,
             SlImportRecordFunc     func,
             SlImportMalformedFunc  malformed,
             gpointer               data)
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

/* The record starts on the first line that is not blank. */
static void
note_record_start (Reader     *reader,
                   const char *p,
                   gsize       len)
{
  if (reader->record_line != 0)
    return;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (p[i]))
      {
        reader->record_line = reader->line;
        return;
      }
}

/* In strict mode libcsv stops at a quote inside an unquoted value
 * (Washington "DC", 5'10"). Spreadsheets keep it as a character, and so
 * does the import: that one quote goes through without strict mode,
 * which appends it to the value, and the parse goes on. Returns how far
 * the line was parsed.
 */
static gsize
parse_line (Reader     *reader,
            const char *p,
            gsize       len)
{
  gsize n = csv_parse (&reader->parser, p, len, field_cb, record_cb, reader);

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
  return n;
}

/* Feeds one physical line, with its end, to libcsv. */
static void
reader_feed (Reader     *reader,
             const char *p,
             gsize       len)
{
  reader->line++;
  note_record_start (reader, p, len);
  reader->record_bytes += len;

  if (parse_line (reader, p, len) != len && !reader->stop)
    {
      /* Skip the rest of the line and start afresh on the next. */
      reader->malformed (reader->data, reader->record_line > 0 ? reader->record_line
                                                             : reader->line,
                         reader->line, FALSE);
      csv_free (&reader->parser);
      reader_init_parser (reader);
      reader_reset_record (reader);
    }
  if (!reader->stop && reader->record_line != 0
      && reader->record_bytes > SL_IMPORT_MAX_RECORD_BYTES)
    reader_fail (reader, _("“%s” cannot be imported: the row that starts on line %u is longer "
                           "than %u KiB (perhaps a quote opened there is never closed)"),
                 reader->display, reader->record_line, SL_IMPORT_MAX_RECORD_BYTES / 1024);
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

/* Takes the reader's error, if any, for the caller's error; clears it. */
static gboolean
reader_end (Reader  *reader,
            GError  *local_error,
            GError **error)
{
  if (local_error == NULL && reader->error != NULL)
    local_error = g_steal_pointer (&reader->error);
  reader_clear (reader);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_import_csv_read (const SlImportText     *text,
                    SlImportRecordFunc      func,
                    SlImportMalformedFunc   malformed,
                    SlImportPositionFunc    position,
                    gpointer                data,
                    guint                  *quote_line,
                    guint                  *quote_column,
                    GError                **error)
{
  Reader reader;
  SlImportLines lines;
  const char *line;
  gsize len;
  GError *local_error = NULL;

  *quote_line = *quote_column = 0;
  if (!sl_import_lines_open (&lines, text->path, text->display, NULL, error))
    return FALSE;
  reader_init (&reader, text, func, malformed, data);

  while (!reader.stop && sl_import_lines_next (&lines, &line, &len, &local_error))
    {
      g_autofree char *converted = NULL;

      sl_import_text_skip_bom (lines.line, &line, &len);
      if (lines.line <= text->skip_lines)
        continue;
      if ((line = sl_import_text_decode_line (text, line, &len, &converted)) == NULL)
        {
          sl_import_text_set_changed (text, &local_error);
          break;
        }
      reader_feed (&reader, line, len);
      if (position != NULL && (reader.line & 0x3ff) == 0 && text->size > 0)
        position (data, (double)lines.offset / (double)text->size);
    }
  sl_import_lines_close (&lines);
  if (local_error == NULL)
    reader_finish (&reader);

  *quote_line = reader.quote_line;
  *quote_column = reader.quote_column;
  return reader_end (&reader, local_error, error);
}

/* ---- The first pass ---------------------------------------------------- */

typedef struct
{
  const SlImportOptions   *options;
  const char              *display;
  GError                  *error;
} EarlyCheck;

static gboolean
check_header_cb (gpointer   data,
                 char     **values,
                 guint      n,
                 guint      line)
{
  EarlyCheck *early = data;

  sl_import_header_check (values, n, early->options, early->display, &early->error);
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

/* Parses the header from the lines it is looked for on and checks it
 * (when they are plain ASCII, and the delimiter one the reader reads); no
 * header there (a quoted value runs past them) is no error.
 */
static gboolean
check_header_early (SlImportText             *text,
                    const SlImportHead       *head,
                    const SlImportOptions    *options,
                    GError                  **error)
{
  EarlyCheck early = { options, text->display, NULL };
  const char *start = head->text->str;
  const char *end = start + head->text->len;
  guint line = head->has_sep + head->n_blank;
  Reader reader;

  if (!head->clean || !sl_import_head_sep_is_known (head))
    return TRUE;
  sl_import_head_locate (head, start, options, text);
  reader_init (&reader, text, check_header_cb, ignore_malformed_cb, &early);
  for (const char *p = start, *next; p < end && !reader.stop; p = next)
    {
      next = sl_import_text_next_line (p, end);
      if (++line > text->skip_lines)
        reader_feed (&reader, p, (gsize)(next - p));
    }
  /* The second pass's notice is made again once the encoding is known. */
  g_clear_pointer (&text->notice, g_free);
  return reader_end (&reader, early.error, error);
}

/* Reads every line once: the encoding, and the lines the header is on. */
static gboolean
scan_file (SlImportText             *text,
           SlImportTextScan         *scan,
           SlImportHead             *head,
           const SlImportOptions    *options,
           gboolean                  check_header,
           GCancellable             *cancellable,
           GError                  **error)
{
  GError *local_error = NULL;
  SlImportLines lines;
  const char *line;
  gsize len;
  gboolean checked = FALSE;

  if (!sl_import_lines_open (&lines, text->path, text->display, &text->size, error))
    return FALSE;
  while (sl_import_lines_next (&lines, &line, &len, &local_error))
    {
      gboolean wide;

      if (!sl_import_text_check_bytes (text->display, lines.line, line, len, &local_error))
        break;
      sl_import_text_skip_bom (lines.line, &line, &len);
      wide = sl_import_text_scan_line (scan, line, len, lines.line);
      sl_import_head_add_line (head, line, len, lines.line, !wide && scan->control_line == 0);

      if (check_header && !checked && sl_import_head_is_full (head))
        {
          checked = TRUE;
          if (!check_header_early (text, head, options, &local_error))
            break;
        }
      if (lines.line % CANCEL_CHECK_LINES == 0
          && g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        break;
    }
  sl_import_lines_close (&lines);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* What the whole file says: its encoding, and where its header is. */
static gboolean
conclude_scan (SlImportText            *text,
               const SlImportTextScan  *scan,
               const SlImportHead      *head,
               const char              *head_text,
               const SlImportOptions   *options,
               GError                 **error)
{
  g_autofree char *converted = NULL;
  const char *decoded;
  gsize len;

  if (!sl_import_text_choose (scan, text, error))
    return FALSE;
  if (!sl_import_head_sep_is_known (head))
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                   _("“%s” says on line 1 that its values are separated by “%c”; Startline "
                     "reads values separated by commas, semicolons or tabs"),
                   text->display, head->sep_delimiter);
      return FALSE;
    }
  if (!head->seen_text)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_EMPTY, _("“%s” is empty"),
                   text->display);
      return FALSE;
    }

  len = strlen (head_text);
  decoded = sl_import_text_decode_line (text, head_text, &len, &converted);
  if (decoded == NULL)
    {
      sl_import_text_set_changed (text, error);
      return FALSE;
    }
  sl_import_head_locate (head, decoded, options, text);
  return TRUE;
}

gboolean
sl_import_csv_open (const char               *path,
                    const SlImportOptions    *options,
                    gboolean                  check_header,
                    GCancellable             *cancellable,
                    SlImportText             *text,
                    GError                  **error)
{
  g_autofree char *head_text = NULL;
  SlImportTextScan scan;
  SlImportHead head;
  gboolean ok;

  memset (text, 0, sizeof *text);
  text->path = g_strdup (path);
  text->display = g_filename_display_name (path);
  sl_import_text_scan_init (&scan);
  sl_import_head_init (&head);

  ok = scan_file (text, &scan, &head, options, check_header, cancellable, error);
  head_text = sl_import_head_steal_text (&head);
  if (!ok || !conclude_scan (text, &scan, &head, head_text, options, error))
    {
      sl_import_text_clear (text);
      return FALSE;
    }
  return TRUE;
}
