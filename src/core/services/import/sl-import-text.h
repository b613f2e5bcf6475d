/* sl-import-text.h — the import's file as text (private to the import)
 *
 * A file is read a line at a time (CR, LF or CR LF), never more than a line
 * in memory, and twice: the first pass scans every line to decide the
 * encoding (UTF-8, Windows-1252 or Mac Roman) and refuses what is not text
 * (UTF-16, binary data, control characters); the second decodes each line
 * to UTF-8 for the CSV reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A row of entrants is a few hundred bytes; a spreadsheet's longest honest
 * line is a row with long notes. 64 KiB is a hundred times that.
 */
#define SL_IMPORT_MAX_LINE_BYTES (64 * 1024)

/* What the first pass learnt of the file: how to read it. */
typedef struct
{
  char       *path;
  char       *display;
  const char *encoding;   /* "UTF-8", "Windows-1252" or "Mac Roman" */
  char       *notice;
  char        delimiter;
  guint       skip_lines; /* lines before the header: a "sep=" line, a title */
  guint64     size;       /* bytes, for the progress */
} SlImportText;

void         sl_import_text_clear        (SlImportText *text);

/* The lines of a file, for one pass. */
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
} SlImportLines;

/* Only a regular file: a device or a pipe may never end. size may be NULL. */
gboolean     sl_import_lines_open        (SlImportLines  *lines,
                                          const char     *path,
                                          const char     *display,
                                          guint64        *size,
                                          GError        **error);
/* The next line with its end in *line and *len (not NUL-terminated; valid
 * until the next call). FALSE at the end of the file, or with error set
 * (a line over SL_IMPORT_MAX_LINE_BYTES is SL_IMPORT_ERROR_LIMIT).
 */
gboolean     sl_import_lines_next        (SlImportLines  *lines,
                                          const char    **line,
                                          gsize          *len,
                                          GError        **error);
void         sl_import_lines_close       (SlImportLines  *lines);

/* Where the line after the one at p starts, past its line end. */
const char  *sl_import_text_next_line    (const char     *p,
                                          const char     *end);

/* Steps over a UTF-8 byte order mark at the start of line 1. */
void         sl_import_text_skip_bom     (guint           number,
                                          const char    **line,
                                          gsize          *len);
/* Refuses UTF-16 (by its byte order mark on line 1) and binary data. */
gboolean     sl_import_text_check_bytes  (const char     *display,
                                          guint           number,
                                          const char     *line,
                                          gsize           len,
                                          GError        **error);

/* The encoding, as the first pass learns it line by line. */
typedef struct
{
  gboolean  all_utf8;
  guint     utf8_line;         /* first line beyond ASCII that reads as UTF-8, or 0 */
  guint     other_line;        /* first line beyond ASCII that does not, or 0 */
  gboolean  windows_ok;        /* every line decodes as Windows-1252 */
  gboolean  mac_ok;            /* every line decodes as Mac Roman */
  guint     windows_misfits;   /* characters out of place, read each way */
  guint     mac_misfits;
  guint     control_line;      /* first line (by LF) with a control character, or 0 */
  guchar    control;
  guint     newlines;
} SlImportTextScan;

void         sl_import_text_scan_init    (SlImportTextScan *scan);
/* Scans line number; returns whether it has bytes beyond ASCII. */
gboolean     sl_import_text_scan_line    (SlImportTextScan *scan,
                                          const char       *line,
                                          gsize             len,
                                          guint             number);
/* Sets text's encoding (and its notice), or refuses the file: mixed
 * encodings, none of the three, or a control character.
 */
gboolean     sl_import_text_choose       (const SlImportTextScan *scan,
                                          SlImportText           *text,
                                          GError                **error);

/* One line as UTF-8 in text's encoding: borrowed when it is UTF-8 already,
 * else in *converted. NULL when it does not decode (the file changed).
 */
const char  *sl_import_text_decode_line  (const SlImportText *text,
                                          const char         *line,
                                          gsize              *len,
                                          char              **converted);
/* The error for a file that no longer reads as the first pass saw it. */
void         sl_import_text_set_changed  (const SlImportText *text,
                                          GError            **error);

/* The SHA-256 of the file's bytes as they are now, in hex; NULL with error
 * set when it cannot be read (or when cancelled).
 */
char        *sl_import_dup_file_sha256   (const char     *path,
                                          GCancellable   *cancellable,
                                          GError        **error);

G_END_DECLS
