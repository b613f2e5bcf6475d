/* sl-import-text.c — the import's file as text: lines, encoding, decoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sl-import-types.h"
#include "sl-import-text.h"

/* How much is read at once. */
#define READ_CHUNK_BYTES (64 * 1024)

void
sl_import_text_clear (SlImportText *text)
{
  g_clear_pointer (&text->path, g_free);
  g_clear_pointer (&text->display, g_free);
  g_clear_pointer (&text->notice, g_free);
}

/* ---- Lines ------------------------------------------------------------- */

void
sl_import_lines_close (SlImportLines *lines)
{
  if (lines->fd >= 0)
    g_close (lines->fd, NULL);
  lines->fd = -1;
  g_clear_pointer (&lines->buf, g_free);
}

/* Reads more after what buf holds, moving the line begun to its start. */
static gboolean
read_more (SlImportLines  *lines,
           GError        **error)
{
  gssize got;

  memmove (lines->buf, lines->buf + lines->start, lines->end - lines->start);
  lines->end -= lines->start;
  lines->start = 0;
  do
    got = read (lines->fd, lines->buf + lines->end,
                SL_IMPORT_MAX_LINE_BYTES + READ_CHUNK_BYTES + 2 - lines->end);
  while (got < 0 && errno == EINTR);
  if (got < 0)
    {
      int saved_errno = errno;

      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_FILE,
                   _("Cannot read “%s”: %s"), lines->display, g_strerror (saved_errno));
      return FALSE;
    }
  lines->eof = got == 0;
  lines->end += (gsize)got;
  return TRUE;
}

gboolean
sl_import_lines_next (SlImportLines  *lines,
                      const char    **line,
                      gsize          *len,
                      GError        **error)
{
  gsize scan = lines->start;

  for (;;)
    {
      const char *p = lines->buf + scan;
      const char *end = lines->buf + lines->end;

      while (p < end && *p != '\n' && *p != '\r')
        p++;
      /* A CR at the end of what was read may be half of a CR LF. */
      if (p < end && !(*p == '\r' && p + 1 == end && !lines->eof))
        {
          if ((gsize)(p - (lines->buf + lines->start)) > SL_IMPORT_MAX_LINE_BYTES)
            break;
          p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
          goto found;
        }
      if ((gsize)(p - (lines->buf + lines->start)) > SL_IMPORT_MAX_LINE_BYTES)
        break;
      if (lines->eof)
        {
          if (lines->start == lines->end)
            return FALSE;
          p = end;
          goto found;
        }

      scan = (gsize)(p - lines->buf) - lines->start;
      if (!read_more (lines, error))
        return FALSE;
      continue;

    found:
      *line = lines->buf + lines->start;
      *len = (gsize)(p - *line);
      lines->start += *len;
      lines->offset += *len;
      lines->line++;
      return TRUE;
    }

  g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_LIMIT,
               _("“%s” cannot be imported: line %u is longer than %u KiB, far longer than a "
                 "row of entrants (is it a CSV file?)"),
               lines->display, lines->line + 1, SL_IMPORT_MAX_LINE_BYTES / 1024);
  return FALSE;
}

/* The import reads the file twice, and a device or a pipe (/dev/zero, a
 * FIFO) may never end. O_NONBLOCK, so that opening a FIFO does not wait
 * for a writer.
 */
gboolean
sl_import_lines_open (SlImportLines  *lines,
                      const char     *path,
                      const char     *display,
                      guint64        *size,
                      GError        **error)
{
  struct stat st;
  int saved_errno;

  memset (lines, 0, sizeof *lines);
  lines->fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (lines->fd < 0 || fstat (lines->fd, &st) != 0)
    {
      saved_errno = errno;
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_FILE,
                   _("Cannot read “%s”: %s"), display, g_strerror (saved_errno));
      sl_import_lines_close (lines);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_FILE,
                   _("“%s” is not an ordinary file but a folder, a device or a pipe; save "
                     "the entrants as a CSV file and import that"), display);
      sl_import_lines_close (lines);
      return FALSE;
    }
  if (size != NULL)
    *size = (guint64)st.st_size;
  lines->display = display;
  lines->buf = g_malloc (SL_IMPORT_MAX_LINE_BYTES + READ_CHUNK_BYTES + 2);
  return TRUE;
}

const char *
sl_import_text_next_line (const char *p,
                          const char *end)
{
  p += strcspn (p, "\r\n");
  if (p < end && *p == '\r')
    p++;
  if (p < end && *p == '\n')
    p++;
  return p;
}

void
sl_import_text_skip_bom (guint        number,
                         const char **line,
                         gsize       *len)
{
  if (number == 1 && *len >= 3 && memcmp (*line, "\xef\xbb\xbf", 3) == 0)
    {
      *line += 3;
      *len -= 3;
    }
}

gboolean
sl_import_text_check_bytes (const char  *display,
                            guint        number,
                            const char  *line,
                            gsize        len,
                            GError     **error)
{
  if (number == 1 && len >= 2
      && (((guchar)line[0] == 0xff && (guchar)line[1] == 0xfe)
          || ((guchar)line[0] == 0xfe && (guchar)line[1] == 0xff)))
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                   _("“%s” is UTF-16 text; save it as CSV UTF-8 and import it again"),
                   display);
      return FALSE;
    }
  if (memchr (line, '\0', len) != NULL)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                   _("“%s” is not a CSV file: it contains binary data"), display);
      return FALSE;
    }
  return TRUE;
}

/* ---- The encoding ------------------------------------------------------ */

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

/* Whether the letter c, between prev and next, is out of place in a name. */
static gboolean
letter_misfits (gunichar c,
                gunichar prev,
                gunichar next)
{
  gboolean after_letter = g_unichar_isalpha (prev);
  gboolean before_letter = g_unichar_isalpha (next);

  if ((c == 0xaa || c == 0xba) && g_unichar_isdigit (prev))
    return FALSE;             /* ordinals: 1ª, 2º */
  if (c == 0x161 && g_unichar_islower (prev) && !before_letter)
    return FALSE;             /* Czech, Slovak word ends: Tomáš, Miloš */
  if (g_utf8_strchr (name_letters, -1, c) == NULL)
    return TRUE;
  if (g_unichar_isupper (c))
    return g_unichar_islower (prev) || (after_letter && g_unichar_islower (next))
           || (!after_letter && !before_letter && next != ' ' && next != '.'
               && next != '\'' && next != 0x2019);
  return (g_unichar_isupper (prev) && g_unichar_isupper (next))
         || ((c == 0xdf || c == 0xe6) && !after_letter && !before_letter);
}

/* Whether the sign c, just after a letter or not and just before one or
 * not, is out of place in text.
 */
static gboolean
sign_misfits (gunichar c,
              gboolean after_letter,
              gboolean before_letter)
{
  if (g_utf8_strchr (word_joiners, -1, c) != NULL)
    return FALSE;
  if (g_utf8_strchr (opening_signs, -1, c) != NULL)
    return after_letter;
  if (g_utf8_strchr (closing_signs, -1, c) != NULL)
    return before_letter;
  if (g_utf8_strchr (text_signs, -1, c) != NULL)
    return after_letter && before_letter;
  if (g_utf8_strchr (money_signs, -1, c) != NULL)
    return after_letter || before_letter;
  return TRUE;
}

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

      if (c < 0x80)
        {
          prev = c;
          continue;
        }
      next = g_utf8_get_char (g_utf8_next_char (p));
      if (g_unichar_isalpha (c)
          ? letter_misfits (c, prev, next)
          : sign_misfits (c, g_unichar_isalpha (prev), g_unichar_isalpha (next)))
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

/* Text files have no control characters but line ends and tabs. */
static gboolean
is_control (guchar c)
{
  return c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != '\n';
}

void
sl_import_text_scan_init (SlImportTextScan *scan)
{
  memset (scan, 0, sizeof *scan);
  scan->all_utf8 = TRUE;
  scan->windows_ok = TRUE;
  scan->mac_ok = TRUE;
}

/* The misfits of the line read in a legacy encoding, added to *misfits;
 * FALSE when the line does not decode in it.
 */
static gboolean
add_misfits (const char *line,
             gsize       len,
             const char *charset,
             guint      *misfits)
{
  g_autofree char *text = g_convert (line, (gssize)len, "UTF-8", charset, NULL, NULL, NULL);

  if (text == NULL)
    return FALSE;
  *misfits += count_misfits (text);
  return TRUE;
}

gboolean
sl_import_text_scan_line (SlImportTextScan *scan,
                          const char       *line,
                          gsize             len,
                          guint             number)
{
  gboolean wide = FALSE;
  gboolean utf8;

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar)line[i];

      wide |= c >= 0x80;
      if (c == '\n')
        scan->newlines++;
      else if (is_control (c) && scan->control_line == 0)
        {
          scan->control_line = scan->newlines + 1;
          scan->control = c;
        }
    }
  if (!wide)
    return FALSE;

  /* Both legacy encodings decode a line alone as they would in the whole
   * text, and the misfits of the whole text are the sum of its lines': a
   * line end is neither a letter nor a sign.
   */
  utf8 = g_utf8_validate (line, (gssize)len, NULL);
  scan->all_utf8 &= utf8;
  if (utf8 && line_reads_as_utf8 (line, len))
    scan->utf8_line = scan->utf8_line != 0 ? scan->utf8_line : number;
  else
    scan->other_line = scan->other_line != 0 ? scan->other_line : number;
  /* Once a line reads as UTF-8, the file is UTF-8 or refused as mixed
   * (choose_encoding): the legacy readings no longer count, and making
   * them was a twentieth of an all-UTF-8 import.
   */
  if (scan->utf8_line != 0)
    return TRUE;
  scan->windows_ok = scan->windows_ok
                     && add_misfits (line, len, "WINDOWS-1252", &scan->windows_misfits);
  scan->mac_ok = scan->mac_ok && add_misfits (line, len, "MACINTOSH", &scan->mac_misfits);
  return TRUE;
}

/* A file that is not UTF-8 is Windows-1252 (what Excel on Windows saves as
 * "CSV") or, less often, Mac Roman (Excel's "CSV (Macintosh)"). Both
 * decode nearly any bytes, so the bytes cannot tell them apart but the
 * text can. When Windows-1252 cannot decode the bytes, Mac Roman is taken
 * only when nothing in it is out of place: any other encoding
 * (Windows-1250 for Polish, say) is refused rather than stored misread.
 */
static gboolean
choose_encoding (const SlImportTextScan  *scan,
                 SlImportText            *text,
                 GError                 **error)
{
  if (scan->all_utf8)
    {
      text->encoding = "UTF-8";
      return TRUE;
    }
  /* A file that is not UTF-8 as a whole may still have UTF-8 lines: two
   * exports put together. Read either way, some names would be stored
   * garbled, so the first line of each kind is named.
   */
  if (scan->utf8_line != 0 && scan->other_line != 0)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                   _("“%s” mixes two encodings: line %u is UTF-8 and line %u is not, so "
                     "some names would be stored garbled; perhaps two files were put "
                     "together. Save it as CSV UTF-8 and import it again"),
                   text->display, scan->utf8_line, scan->other_line);
      return FALSE;
    }
  if (scan->mac_ok && (!scan->windows_ok ? scan->mac_misfits == 0
                       : mac_is_clearer (scan->mac_misfits, scan->windows_misfits)))
    {
      text->encoding = "Mac Roman";
      text->notice = g_strdup (_("The file is not UTF-8; it was read as Mac Roman (saved as "
                                 "“CSV (Macintosh)” on a Mac). Check that accented names look "
                                 "right."));
      return TRUE;
    }
  if (!scan->windows_ok)
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

gboolean
sl_import_text_choose (const SlImportTextScan  *scan,
                       SlImportText            *text,
                       GError                 **error)
{
  if (!choose_encoding (scan, text, error))
    return FALSE;
  if (scan->control_line != 0)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV,
                   _("“%s” is not a CSV file: line %u holds the control character 0x%02x"),
                   text->display, scan->control_line, scan->control);
      return FALSE;
    }
  return TRUE;
}

const char *
sl_import_text_decode_line (const SlImportText  *text,
                            const char          *line,
                            gsize               *len,
                            char               **converted)
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

void
sl_import_text_set_changed (const SlImportText  *text,
                            GError             **error)
{
  g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_FILE,
               _("“%s” changed while it was being read; import it again"), text->display);
}

char *
sl_import_dup_file_sha256 (const char    *path,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 buffer[65536];
  gssize got;

  if (in == NULL)
    return NULL;
  while ((got = g_input_stream_read (G_INPUT_STREAM (in), buffer, sizeof buffer, cancellable,
                                     error)) > 0)
    g_checksum_update (checksum, buffer, (gsize)got);
  if (got < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}
