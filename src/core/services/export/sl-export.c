/* sl-export.c — exporting entrant lists to xlsx and CSV
 *
 * One streamed query feeds either a libxlsxwriter workbook in
 * constant-memory mode or a CSV writer. The file is written beside its
 * destination as an unnamed file (O_TMPFILE), readable by its owner only,
 * and linked into place once complete, so a failed, cancelled or killed
 * export never leaves a half-written file, nor a temporary file of
 * personal data, and never touches an existing one. Where the file system
 * has no unnamed files, a named temporary file takes its place, and the
 * next export to that folder removes any such file its writer left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* For the unlocked stdio calls of the CSV writer. */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "sl-contact-consent.h"
#include "sl-event.h"
#include "sl-export-private.h"
#include "sl-need.h"
#include "sl-needs.h"
#include "sl-crypto.h"
#include "sl-session.h"
#include "sl-store.h"
#include "sl-json-image.h"

G_DEFINE_QUARK (sl-export-error-quark, sl_export_error)

/* Cancellation and progress are looked at this often, in rows. */
#define CHECK_EVERY 500

/* The most characters an Excel cell holds. */
#define XLSX_CELL_MAX_CHARS 32767

typedef enum
{
  CELL_TEXT,           /* plain text */
  CELL_KEEP_TEXT,      /* text that looks like a number: bib, phone, reference */
  CELL_DATE,           /* YYYY-MM-DD */
  CELL_INTEGER,
  CELL_GENDER,
  CELL_ENTRY_TYPE,
  CELL_STATUS,
  CELL_MONEY,          /* integer pence */
  CELL_YES_NO,
  CELL_LOCAL_TIME,     /* stored UTC ISO 8601, written in the event's time */
} CellKind;

typedef struct
{
  CellKind    kind;
  double      width;   /* in characters, for xlsx */
} ColumnDef;

static const SlExportColumnInfo column_infos[] = {
  { SL_EXPORT_COLUMN_BIB, "bib", N_("Bib"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_BOOKING_REF, "booking_ref", N_("Booking reference"),
    SL_SENSITIVITY_PERSONAL, TRUE },
  { SL_EXPORT_COLUMN_FIRST_NAME, "first_name", N_("First name"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_LAST_NAME, "last_name", N_("Last name"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_DATE_OF_BIRTH, "date_of_birth", N_("Date of birth"),
    SL_SENSITIVITY_PERSONAL, TRUE },
  { SL_EXPORT_COLUMN_AGE, "age", N_("Age"), SL_SENSITIVITY_PERSONAL, FALSE },
  { SL_EXPORT_COLUMN_GENDER, "gender", N_("Gender"), SL_SENSITIVITY_PERSONAL, TRUE },
  { SL_EXPORT_COLUMN_NATIONALITY, "nationality", N_("Nationality"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_CLUB, "club", N_("Club"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_EMAIL, "email", N_("Email"), SL_SENSITIVITY_PERSONAL, TRUE },
  { SL_EXPORT_COLUMN_PHONE, "phone", N_("Phone"), SL_SENSITIVITY_PERSONAL, TRUE },
  /* Details of a third person, given for emergencies only. */
  { SL_EXPORT_COLUMN_EMERGENCY_CONTACT, "emergency_contact", N_("Emergency contact"),
    SL_SENSITIVITY_PERSONAL, FALSE },
  { SL_EXPORT_COLUMN_RACE, "race", N_("Race"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_WAVE, "wave", N_("Wave"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_START_AREA, "start_area", N_("Start area"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_START_TIME, "start_time", N_("Start time"), SL_SENSITIVITY_PUBLIC, TRUE },
  /* A reserved disability place says something about health. */
  { SL_EXPORT_COLUMN_ENTRY_TYPE, "entry_type", N_("Entry type"), SL_SENSITIVITY_PERSONAL, TRUE },
  { SL_EXPORT_COLUMN_STATUS, "status", N_("Status"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_CHARITY, "charity", N_("Charity"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_TARGET, "target", N_("Fundraising target (£)"),
    SL_SENSITIVITY_PERSONAL, TRUE },
  { SL_EXPORT_COLUMN_RAISED, "raised", N_("Raised (£)"), SL_SENSITIVITY_PERSONAL, TRUE },
  { SL_EXPORT_COLUMN_COSTUME, "costume", N_("Costume"), SL_SENSITIVITY_PUBLIC, TRUE },
  { SL_EXPORT_COLUMN_VIP, "vip", N_("VIP"), SL_SENSITIVITY_PUBLIC, TRUE },
  /* Free text that desks fill in; it may well hold health details. */
  { SL_EXPORT_COLUMN_NOTES, "notes", N_("Notes"), SL_SENSITIVITY_SPECIAL, FALSE },
  { SL_EXPORT_COLUMN_CHECKED_IN_AT, "checked_in_at", N_("Checked in at"),
    SL_SENSITIVITY_PERSONAL, TRUE },
  { SL_EXPORT_COLUMN_CHECKED_IN_DESK, "checked_in_desk", N_("Checked-in desk"),
    SL_SENSITIVITY_PERSONAL, TRUE },
  { SL_EXPORT_COLUMN_CHARITY_CONSENT, "charity_consent", N_("Charity consent"),
    SL_SENSITIVITY_PERSONAL, FALSE },
  /* They tell of a disability. */
  { SL_EXPORT_COLUMN_MARKERS, "markers", N_("Markers"), SL_SENSITIVITY_SPECIAL, FALSE },
  { SL_EXPORT_COLUMN_NEED_TYPES, "need_types", N_("Support needs"),
    SL_SENSITIVITY_SPECIAL, FALSE },
  { SL_EXPORT_COLUMN_NEED_DETAILS, "need_details", N_("Support need details"),
    SL_SENSITIVITY_SPECIAL, FALSE },
};

static const ColumnDef column_defs[] = {
  [SL_EXPORT_COLUMN_BIB] = { CELL_KEEP_TEXT, 8 },
  [SL_EXPORT_COLUMN_BOOKING_REF] = { CELL_KEEP_TEXT, 18 },
  [SL_EXPORT_COLUMN_FIRST_NAME] = { CELL_TEXT, 16 },
  [SL_EXPORT_COLUMN_LAST_NAME] = { CELL_TEXT, 18 },
  [SL_EXPORT_COLUMN_DATE_OF_BIRTH] = { CELL_DATE, 13 },
  [SL_EXPORT_COLUMN_AGE] = { CELL_INTEGER, 6 },
  [SL_EXPORT_COLUMN_GENDER] = { CELL_GENDER, 11 },
  [SL_EXPORT_COLUMN_NATIONALITY] = { CELL_TEXT, 12 },
  [SL_EXPORT_COLUMN_CLUB] = { CELL_TEXT, 24 },
  [SL_EXPORT_COLUMN_EMAIL] = { CELL_TEXT, 30 },
  [SL_EXPORT_COLUMN_PHONE] = { CELL_KEEP_TEXT, 16 },
  [SL_EXPORT_COLUMN_EMERGENCY_CONTACT] = { CELL_TEXT, 30 },
  [SL_EXPORT_COLUMN_RACE] = { CELL_TEXT, 20 },
  [SL_EXPORT_COLUMN_WAVE] = { CELL_TEXT, 12 },
  [SL_EXPORT_COLUMN_START_AREA] = { CELL_TEXT, 11 },
  [SL_EXPORT_COLUMN_START_TIME] = { CELL_LOCAL_TIME, 17 },
  [SL_EXPORT_COLUMN_ENTRY_TYPE] = { CELL_ENTRY_TYPE, 16 },
  [SL_EXPORT_COLUMN_STATUS] = { CELL_STATUS, 12 },
  [SL_EXPORT_COLUMN_CHARITY] = { CELL_TEXT, 28 },
  [SL_EXPORT_COLUMN_TARGET] = { CELL_MONEY, 14 },
  [SL_EXPORT_COLUMN_RAISED] = { CELL_MONEY, 12 },
  [SL_EXPORT_COLUMN_COSTUME] = { CELL_TEXT, 20 },
  [SL_EXPORT_COLUMN_VIP] = { CELL_YES_NO, 6 },
  [SL_EXPORT_COLUMN_NOTES] = { CELL_TEXT, 40 },
  [SL_EXPORT_COLUMN_CHECKED_IN_AT] = { CELL_LOCAL_TIME, 17 },
  [SL_EXPORT_COLUMN_CHECKED_IN_DESK] = { CELL_TEXT, 14 },
  [SL_EXPORT_COLUMN_CHARITY_CONSENT] = { CELL_TEXT, 14 },
  [SL_EXPORT_COLUMN_MARKERS] = { CELL_TEXT, 30 },
  [SL_EXPORT_COLUMN_NEED_TYPES] = { CELL_TEXT, 30 },
  [SL_EXPORT_COLUMN_NEED_DETAILS] = { CELL_TEXT, 40 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (column_infos) == SL_N_EXPORT_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (column_defs) == SL_N_EXPORT_COLUMNS);

/* Stored timestamps turned into the event's wall-clock time, remembered
 * for the last few values seen: the waves' start times repeat row after
 * row.
 */
#define TIME_CACHE_SIZE 8

typedef struct
{
  char          key[40];
  gboolean      ok;
  lxw_datetime  local;
} TimeCacheEntry;

typedef struct
{
  TimeCacheEntry entries[TIME_CACHE_SIZE];
  guint          next;      /* the entry to replace next */
} TimeCache;

typedef struct
{
  lxw_worksheet *sheet;
  lxw_row_t      row;      /* the next row to write */
  gint64         charity_id;
} Sheet;

typedef struct
{
  SlDb               *db;
  SlDb               *reader;           /* write_rows' snapshot, on its own connection */
  const char         *path;
  SlExportFormat      format;
  SlExportKind        kind;
  gint64              charity_id;             /* > 0: only this charity */
  char               *charity_name;           /* as stored */
  SlExportColumn      columns[SL_N_EXPORT_COLUMNS];
  guint               n_columns;
  GTimeZone          *tz;
  char               *event_name;
  const SlExportRules *rules;                 /* NULL: none */
  char                sha256[65];             /* of the file's bytes, once written */
  GString            *cell_text[SL_N_EXPORT_COLUMNS]; /* values put in words */

  /* Translated once rather than for every cell. */
  const char         *gender_labels[SL_GENDER_NON_BINARY + 1];
  const char         *entry_type_labels[SL_N_ENTRY_TYPES];
  const char         *status_labels[SL_N_STATUSES];
  const char         *yes;
  const char         *no;
  const char         *progress_message;
  TimeCache           time_cache[SL_N_EXPORT_COLUMNS];

  GCancellable       *cancellable;
  SlProgressFunc      progress;
  gpointer            progress_data;
  gint64              total;
  gint64              done;

  /* xlsx */
  lxw_workbook       *workbook;
  lxw_format         *bold;
  lxw_format         *text;
  lxw_format         *date;
  lxw_format         *date_time;
  lxw_format         *money;
  GArray             *sheets;                 /* of Sheet */
  Sheet              *sheet;                  /* the one written to last */
  gint64              sheet_charity;          /* its charity's id */
  GHashTable         *taken_sheet_names;

  /* CSV */
  FILE               *csv;

  /* The file being written (see open_output) and, for xlsx, the memory
   * file the workbook is written to first (see open_xlsx).
   */
  int                 out_fd;
  char               *tmp_path;               /* NULL: unnamed */
  int                 memory_fd;
} Export;

const SlExportColumnInfo *
sl_export_get_columns (guint *n_columns)
{
  if (n_columns != NULL)
    *n_columns = G_N_ELEMENTS (column_infos);
  return column_infos;
}

SlExportFormat
sl_export_format_from_path (const char *path)
{
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, SL_EXPORT_FORMAT_AUTO);

  base = g_path_get_basename (path);
  lower = g_ascii_strdown (base, -1);
  if (g_str_has_suffix (lower, ".xlsx") && strlen (lower) > strlen (".xlsx"))
    return SL_EXPORT_FORMAT_XLSX;
  if (g_str_has_suffix (lower, ".csv") && strlen (lower) > strlen (".csv"))
    return SL_EXPORT_FORMAT_CSV;
  return SL_EXPORT_FORMAT_AUTO;
}

/* Excel counts a sheet name's length in UTF-16 code units. */
static guint
utf16_units (gunichar c)
{
  return c > 0xFFFF ? 2 : 1;
}

static char *
truncate_sheet_name (const char *name,
                     guint       max_units)
{
  GString *out = g_string_new (NULL);
  guint units = 0;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (units + utf16_units (c) > max_units)
        break;
      units += utf16_units (c);
      g_string_append_unichar (out, c);
    }
  /* Cutting may expose a trailing space or apostrophe. */
  while (out->len > 0 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '\''))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

char *
sl_export_dup_sheet_name (const char *name,
                          GHashTable *taken)
{
  g_autofree char *valid = NULL;
  g_autofree char *base = NULL;
  GString *clean;
  const char *start;
  char *candidate;

  g_return_val_if_fail (taken != NULL, NULL);

  valid = g_utf8_make_valid (name != NULL ? name : "", -1);
  clean = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (strchr ("[]:*?/\\", (int)c) != NULL && c < 0x80)
        g_string_append_c (clean, '_');
      else if (g_unichar_iscntrl (c))
        g_string_append_c (clean, ' ');
      else
        g_string_append_unichar (clean, c);
    }

  /* Excel refuses a name that begins or ends with an apostrophe. */
  start = clean->str;
  while (*start == ' ' || *start == '\'')
    start++;
  base = truncate_sheet_name (start, LXW_SHEETNAME_MAX);
  g_string_free (clean, TRUE);
  if (*base == '\0')
    {
      g_free (base);
      base = g_strdup (_("Sheet"));
    }

  candidate = g_strdup (base);
  for (guint n = 2;; n++)
    {
      g_autofree char *folded = g_utf8_casefold (candidate, -1);
      g_autofree char *suffix = NULL;
      g_autofree char *shortened = NULL;

      /* "History" is reserved by Excel for its change tracking. */
      if (!g_hash_table_contains (taken, folded) && g_strcmp0 (folded, "history") != 0)
        {
          g_hash_table_add (taken, g_steal_pointer (&folded));
          return candidate;
        }

      g_free (candidate);
      suffix = g_strdup_printf (" (%u)", n);
      shortened = truncate_sheet_name (base, LXW_SHEETNAME_MAX - (guint)strlen (suffix));
      candidate = g_strconcat (shortened, suffix, NULL);
    }
}

static void
clear_export (Export *ex)
{
  g_clear_pointer (&ex->tz, g_time_zone_unref);
  g_clear_pointer (&ex->event_name, g_free);
  g_clear_pointer (&ex->charity_name, g_free);
  g_clear_pointer (&ex->sheets, g_array_unref);
  g_clear_pointer (&ex->taken_sheet_names, g_hash_table_unref);
  for (guint c = 0; c < SL_N_EXPORT_COLUMNS; c++)
    if (ex->cell_text[c] != NULL)
      {
        /* It may have held a need's detail. */
        memset (ex->cell_text[c]->str, 0, ex->cell_text[c]->allocated_len);
        g_string_free (g_steal_pointer (&ex->cell_text[c]), TRUE);
      }
  /* Only reached with a workbook when the export failed. Closing it into
   * its target (thrown away afterwards) is the one call that also closes
   * the sheets' own temporary files; lxw_workbook_free leaks them.
   */
  if (ex->workbook != NULL)
    {
      workbook_close (ex->workbook);
      ex->workbook = NULL;
    }
  if (ex->csv != NULL)
    {
      fclose (ex->csv);
      ex->csv = NULL;
    }
  if (ex->memory_fd >= 0)
    close (ex->memory_fd);
  ex->memory_fd = -1;
  if (ex->tmp_path != NULL)
    g_unlink (ex->tmp_path);
  g_clear_pointer (&ex->tmp_path, g_free);
  /* Last: it holds the lock that tells a live named file from a stale one. */
  if (ex->out_fd >= 0)
    close (ex->out_fd);
  ex->out_fd = -1;
}

static void
set_write_error (Export      *ex,
                 GError     **error,
                 const char  *reason)
{
  g_autofree char *display = g_filename_display_name (ex->path);

  g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE,
               _("Cannot write “%s”: %s"), display, reason);
}

/* An existing file this user may not write, or that no one may (a file
 * chmod 444 is writable by root, but not meant to be written). The export
 * is renamed over its target, which a read-only file does not stop:
 * someone made it read-only to keep it, so it is left alone.
 */
static gboolean
refuse_read_only_target (Export  *ex,
                         GError **error)
{
  GStatBuf st;

  if (g_stat (ex->path, &st) != 0 || !S_ISREG (st.st_mode))
    return TRUE;
  if (g_access (ex->path, W_OK) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) != 0)
    return TRUE;
  set_write_error (ex, error, _("the file is read-only"));
  return FALSE;
}

static gboolean
set_cancelled_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("The export was cancelled"));
  return FALSE;
}

/* Howard Hinnant's conversions between civil dates and days since
 * 1970-01-01, exact over the whole proleptic Gregorian calendar.
 */
static gint64
days_from_civil (int      y,
                 unsigned m,
                 unsigned d)
{
  gint64 era;
  unsigned yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned)(y - era * 400);
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64)doe - 719468;
}

static void
civil_from_days (gint64  z,
                 int    *y,
                 int    *m,
                 int    *d)
{
  gint64 era;
  unsigned doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = (unsigned)(z - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)((gint64)yoe + era * 400 + (*m <= 2));
}

static gboolean
read_digits (const char **p,
             int          n,
             int         *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

/* "YYYY-MM-DD", the only form the store keeps. */
static gboolean
parse_date (const char   *text,
            lxw_datetime *out)
{
  const char *p = text;
  int y, m, d;

  if (!read_digits (&p, 4, &y) || *p++ != '-' || !read_digits (&p, 2, &m) || *p++ != '-'
      || !read_digits (&p, 2, &d) || *p != '\0')
    return FALSE;
  if (m < 1 || m > 12 || d < 1 || d > g_date_get_days_in_month (m, y))
    return FALSE;
  *out = (lxw_datetime) { y, m, d, 0, 0, 0.0 };
  return TRUE;
}

/* A stored timestamp — "YYYY-MM-DDTHH:MM[:SS[.fff]]" with "Z", an offset
 * or nothing (meaning UTC) — as wall-clock time in the event's time zone.
 * Done by hand because a GDateTime per cell would dominate the export.
 */
static gboolean
parse_local_time (GTimeZone    *tz,
                  const char   *text,
                  lxw_datetime *out)
{
  const char *p = text;
  int y, mo, d, h, mi, s = 0, oh = 0, om = 0, sign = 0;
  double fraction = 0.0;
  gint64 t, days, secs_of_day;
  int interval;

  if (!read_digits (&p, 4, &y) || *p++ != '-' || !read_digits (&p, 2, &mo) || *p++ != '-'
      || !read_digits (&p, 2, &d) || (*p != 'T' && *p != ' '))
    return FALSE;
  p++;
  if (!read_digits (&p, 2, &h) || *p++ != ':' || !read_digits (&p, 2, &mi))
    return FALSE;
  if (*p == ':')
    {
      p++;
      if (!read_digits (&p, 2, &s))
        return FALSE;
      if (*p == '.')
        {
          double scale = 0.1;

          for (p++; g_ascii_isdigit (*p); p++, scale /= 10)
            fraction += (*p - '0') * scale;
        }
    }
  if (*p == 'Z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      sign = *p++ == '+' ? 1 : -1;
      if (!read_digits (&p, 2, &oh))
        return FALSE;
      if (*p == ':')
        p++;
      if (!read_digits (&p, 2, &om))
        return FALSE;
    }
  if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > g_date_get_days_in_month (mo, y)
      || h > 23 || mi > 59 || s > 60)
    return FALSE;

  t = days_from_civil (y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s
      - sign * (oh * 3600 + om * 60);
  interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, t);
  t += g_time_zone_get_offset (tz, interval);

  days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  secs_of_day = t - days * 86400;
  civil_from_days (days, &out->year, &out->month, &out->day);
  out->hour = (int)(secs_of_day / 3600);
  out->min = (int)(secs_of_day / 60 % 60);
  out->sec = (double)(secs_of_day % 60) + fraction;
  return TRUE;
}

static const lxw_datetime *
lookup_local_time (Export     *ex,
                   guint       column,
                   const char *text)
{
  TimeCache *cache = &ex->time_cache[column];
  TimeCacheEntry *entry = NULL;

  for (guint i = 0; i < TIME_CACHE_SIZE; i++)
    {
      if (strcmp (cache->entries[i].key, text) == 0)
        {
          entry = &cache->entries[i];
          break;
        }
    }
  if (entry == NULL)
    {
      entry = &cache->entries[cache->next];
      cache->next = (cache->next + 1) % TIME_CACHE_SIZE;
      g_strlcpy (entry->key, text, sizeof entry->key);
      entry->ok = strlen (text) < sizeof entry->key
                  && parse_local_time (ex->tz, text, &entry->local);
    }
  return entry->ok ? &entry->local : NULL;
}

static const char *
lookup_label (const char *id,
              CellKind    kind,
              Export     *ex)
{
  int value;

  switch (kind)
    {
    case CELL_GENDER:
      if (sl_gender_from_id (id, (SlGender *)&value))
        return ex->gender_labels[value];
      break;
    case CELL_ENTRY_TYPE:
      if (sl_entry_type_from_id (id, (SlEntryType *)&value))
        return ex->entry_type_labels[value];
      break;
    case CELL_STATUS:
      if (sl_status_from_id (id, (SlStatus *)&value))
        return ex->status_labels[value];
      break;
    case CELL_TEXT:
    case CELL_KEEP_TEXT:
    case CELL_DATE:
    case CELL_INTEGER:
    case CELL_MONEY:
    case CELL_YES_NO:
    case CELL_LOCAL_TIME:
    default:
      break;
    }
  /* A value this build does not know is shown as stored, not dropped. */
  return id;
}

/* xlsx ------------------------------------------------------------------ */

static gboolean
check_lxw (Export     *ex,
           lxw_error   err,
           GError    **error)
{
  if (err == LXW_NO_ERROR)
    return TRUE;
  set_write_error (ex, error, lxw_strerror (err));
  return FALSE;
}

static lxw_error
write_xlsx_string (lxw_worksheet *sheet,
                   lxw_row_t      row,
                   lxw_col_t      col,
                   const char    *text,
                   lxw_format    *format)
{
  lxw_error err = worksheet_write_string (sheet, row, col, text, format);

  /* Longer than a cell can hold: keep what fits rather than fail. */
  if (err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
    {
      g_autofree char *cut = g_strndup (text, g_utf8_offset_to_pointer (text, XLSX_CELL_MAX_CHARS)
                                        - text);

      err = worksheet_write_string (sheet, row, col, cut, format);
    }
  return err;
}

static gboolean
add_xlsx_sheet (Export      *ex,
                const char  *title,
                gint64       charity_id,
                GError     **error)
{
  g_autofree char *name = sl_export_dup_sheet_name (title, ex->taken_sheet_names);
  Sheet sheet = { NULL, 1, charity_id };
  lxw_error err = LXW_NO_ERROR;

  sheet.sheet = workbook_add_worksheet (ex->workbook, name);
  if (sheet.sheet == NULL)
    {
      set_write_error (ex, error, _("the spreadsheet could not add a sheet"));
      return FALSE;
    }

  for (guint i = 0; i < ex->n_columns && err == LXW_NO_ERROR; i++)
    {
      const ColumnDef *def = &column_defs[ex->columns[i]];
      lxw_format *format = NULL;

      switch (def->kind)
        {
        case CELL_KEEP_TEXT:
          format = ex->text;
          break;
        case CELL_DATE:
          format = ex->date;
          break;
        case CELL_LOCAL_TIME:
          format = ex->date_time;
          break;
        case CELL_MONEY:
          format = ex->money;
          break;
        case CELL_TEXT:
        case CELL_INTEGER:
        case CELL_GENDER:
        case CELL_ENTRY_TYPE:
        case CELL_STATUS:
        case CELL_YES_NO:
        default:
          break;
        }
      err = worksheet_set_column (sheet.sheet, (lxw_col_t)i, (lxw_col_t)i, def->width, format);
      if (err == LXW_NO_ERROR)
        err = write_xlsx_string (sheet.sheet, 0, (lxw_col_t)i,
                                 _(column_infos[ex->columns[i]].header), ex->bold);
    }
  worksheet_freeze_panes (sheet.sheet, 1, 0);
  /* Bibs, phone numbers and references are text on purpose. */
  if (err == LXW_NO_ERROR)
    err = worksheet_ignore_errors (sheet.sheet, LXW_IGNORE_NUMBER_STORED_AS_TEXT,
                                   "A1:XFD1048576");
  if (!check_lxw (ex, err, error))
    return FALSE;

  g_array_append_val (ex->sheets, sheet);
  return TRUE;
}

/* The workbook is written to a file in memory, then copied to the output
 * by copy_memory_to_output: libxlsxwriter 1.1.4 can write only to a file
 * name (output_buffer came in 1.1.5), and prints its own "[ERROR]" lines
 * on stderr when that write fails, as on a full disk. In memory it cannot
 * fail so, and the one message is ours. Without memory files (a kernel
 * before 3.17), the workbook goes to the output itself.
 */
static gboolean
open_xlsx (Export      *ex,
           GError     **error)
{
  g_autofree char *tmpdir = g_strdup (g_get_tmp_dir ());
  g_autofree char *target = NULL;
  g_autofree char *title = NULL;
  g_autofree char *comments = NULL;
  lxw_workbook_options options = { 0 };
  lxw_doc_properties properties = { 0 };

  ex->memory_fd = memfd_create ("startline-export", MFD_CLOEXEC);
  if (ex->memory_fd >= 0)
    target = g_strdup_printf ("/proc/self/fd/%d", ex->memory_fd);
  else if (ex->tmp_path != NULL)
    target = g_strdup (ex->tmp_path);
  else
    target = g_strdup_printf ("/proc/self/fd/%d", ex->out_fd);

  /* Rows go to a temporary file as they are written, so 50,000 entrants
   * never sit in memory at once.
   */
  options.constant_memory = LXW_TRUE;
  options.tmpdir = tmpdir;
  ex->workbook = workbook_new_opt (target, &options);
  if (ex->workbook == NULL)
    {
      set_write_error (ex, error, g_strerror (ENOMEM));
      return FALSE;
    }

  ex->bold = workbook_add_format (ex->workbook);
  format_set_bold (ex->bold);
  ex->text = workbook_add_format (ex->workbook);
  format_set_num_format (ex->text, "@");
  ex->date = workbook_add_format (ex->workbook);
  format_set_num_format (ex->date, "yyyy-mm-dd");
  ex->date_time = workbook_add_format (ex->workbook);
  format_set_num_format (ex->date_time, "yyyy-mm-dd hh:mm");
  ex->money = workbook_add_format (ex->workbook);
  format_set_num_format (ex->money, "\"£\"#,##0.00");

  if (ex->kind == SL_EXPORT_BY_CHARITY)
    title = g_strdup_printf (_("Charity runners — %s"), ex->event_name);
  else if (ex->charity_name != NULL)
    title = g_strdup_printf (_("%s runners — %s"), ex->charity_name, ex->event_name);
  else
    title = g_strdup_printf (_("Entrants — %s"), ex->event_name);
  comments = g_strdup_printf (_("Times are in the event's local time (%s)."),
                              g_time_zone_get_identifier (ex->tz));
  properties.title = title;
  properties.author = (char *)"Startline";
  properties.comments = comments;
  return check_lxw (ex, workbook_set_properties (ex->workbook, &properties), error);
}

static gboolean
write_xlsx_row (Export             *ex,
                Sheet              *sheet,
                const SlExportRow  *values,
                GError            **error)
{
  lxw_worksheet *ws = sheet->sheet;
  lxw_row_t row = sheet->row;

  for (guint i = 0; i < ex->n_columns; i++)
    {
      SlExportColumn c = ex->columns[i];
      CellKind kind = column_defs[c].kind;
      lxw_col_t col = (lxw_col_t)i;
      const SlExportValue *value = &values->values[c];
      const lxw_datetime *when;
      lxw_datetime date;
      const char *v = value->text;
      lxw_error err = LXW_NO_ERROR;

      if (value->is_null)
        continue;

      switch (kind)
        {
        case CELL_TEXT:
          if (*v != '\0')
            err = write_xlsx_string (ws, row, col, v, NULL);
          break;
        case CELL_KEEP_TEXT:
          if (*v != '\0')
            err = write_xlsx_string (ws, row, col, v, ex->text);
          break;
        case CELL_DATE:
          if (parse_date (v, &date))
            err = worksheet_write_datetime (ws, row, col, &date, ex->date);
          else
            err = write_xlsx_string (ws, row, col, v, NULL);
          break;
        case CELL_INTEGER:
          err = worksheet_write_number (ws, row, col, (double)value->number, NULL);
          break;
        case CELL_GENDER:
        case CELL_ENTRY_TYPE:
        case CELL_STATUS:
          err = write_xlsx_string (ws, row, col, lookup_label (v, kind, ex), NULL);
          break;
        case CELL_MONEY:
          err = worksheet_write_number (ws, row, col, (double)value->number / 100.0, ex->money);
          break;
        case CELL_YES_NO:
          err = write_xlsx_string (ws, row, col, value->number != 0 ? ex->yes : ex->no, NULL);
          break;
        case CELL_LOCAL_TIME:
          when = lookup_local_time (ex, c, v);
          if (when != NULL)
            err = worksheet_write_datetime (ws, row, col, (lxw_datetime *)when, ex->date_time);
          else
            err = write_xlsx_string (ws, row, col, v, NULL);
          break;
        default:
          g_assert_not_reached ();
        }

      if (G_UNLIKELY (err != LXW_NO_ERROR))
        return check_lxw (ex, err, error);
    }

  sheet->row++;
  return TRUE;
}

static gboolean
finish_xlsx_sheets (Export  *ex,
                    GError **error)
{
  for (guint i = 0; i < ex->sheets->len; i++)
    {
      Sheet *sheet = &g_array_index (ex->sheets, Sheet, i);
      lxw_row_t last = sheet->row > 1 ? sheet->row - 1 : 0;

      if (!check_lxw (ex, worksheet_autofilter (sheet->sheet, 0, 0, last,
                                                (lxw_col_t)(ex->n_columns - 1)),
                      error))
        return FALSE;
    }
  return TRUE;
}

/* CSV ------------------------------------------------------------------- */

/* RFC 4180 quoting, and a leading apostrophe on anything a spreadsheet
 * would take for a formula.
 */
static void
write_csv_text (FILE       *out,
                const char *text)
{
  gboolean quote = strpbrk (text, ",\"\r\n") != NULL;
  gboolean formula = text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;

  if (!quote)
    {
      if (formula)
        putc_unlocked ('\'', out);
      fputs_unlocked (text, out);
      return;
    }

  putc_unlocked ('"', out);
  if (formula)
    putc_unlocked ('\'', out);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        putc_unlocked ('"', out);
      putc_unlocked (*p, out);
    }
  putc_unlocked ('"', out);
}

/* Pence as pounds with a '.' whatever the locale says. */
static void
write_csv_money (FILE   *out,
                 gint64  pence)
{
  char buf[48];

  g_snprintf (buf, sizeof buf, "%s%" G_GINT64_FORMAT ".%02d", pence < 0 ? "-" : "",
              ABS (pence) / 100, (int)(ABS (pence) % 100));
  fputs_unlocked (buf, out);
}

static void
write_csv_header (Export *ex)
{
  for (guint i = 0; i < ex->n_columns; i++)
    {
      if (i > 0)
        putc_unlocked (',', ex->csv);
      write_csv_text (ex->csv, _(column_infos[ex->columns[i]].header));
    }
  fputs_unlocked ("\r\n", ex->csv);
}

static void
write_csv_row (Export            *ex,
               const SlExportRow *values)
{
  FILE *out = ex->csv;

  for (guint i = 0; i < ex->n_columns; i++)
    {
      SlExportColumn c = ex->columns[i];
      CellKind kind = column_defs[c].kind;
      const SlExportValue *value = &values->values[c];
      const lxw_datetime *when;
      char buf[64];

      if (i > 0)
        putc_unlocked (',', out);
      if (value->is_null)
        continue;

      switch (kind)
        {
        case CELL_TEXT:
        case CELL_KEEP_TEXT:
        case CELL_DATE:
          write_csv_text (out, value->text);
          break;
        case CELL_INTEGER:
          g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value->number);
          fputs_unlocked (buf, out);
          break;
        case CELL_GENDER:
        case CELL_ENTRY_TYPE:
        case CELL_STATUS:
          write_csv_text (out, lookup_label (value->text, kind, ex));
          break;
        case CELL_MONEY:
          write_csv_money (out, value->number);
          break;
        case CELL_YES_NO:
          write_csv_text (out, value->number != 0 ? ex->yes : ex->no);
          break;
        case CELL_LOCAL_TIME:
          when = lookup_local_time (ex, c, value->text);
          if (when != NULL)
            {
              g_snprintf (buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", when->year, when->month,
                          when->day, when->hour, when->min);
              fputs_unlocked (buf, out);
            }
          else
            write_csv_text (out, value->text);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  fputs_unlocked ("\r\n", out);
}

/* The export itself ---------------------------------------------------- */

static void
report_progress (Export *ex)
{
  if (ex->progress != NULL)
    ex->progress (ex->total > 0 ? MIN (1.0, (double)ex->done / (double)ex->total) : 1.0,
                  ex->progress_message, ex->progress_data);
}

static gboolean
add_sheets (Export  *ex,
            GError **error)
{
  g_autoptr(GPtrArray) charities = NULL;

  if (ex->format != SL_EXPORT_FORMAT_XLSX)
    return TRUE;
  if (ex->kind != SL_EXPORT_BY_CHARITY)
    return add_xlsx_sheet (ex, ex->charity_name != NULL ? ex->charity_name : _("Entrants"), 0,
                           error);

  /* Every charity gets its sheet, even one with no runners yet. */
  charities = sl_db_list_charities (ex->reader, error);
  if (charities == NULL)
    return FALSE;
  for (guint i = 0; i < charities->len; i++)
    {
      SlCharity *charity = g_ptr_array_index (charities, i);

      if (ex->charity_id > 0 && charity->id != ex->charity_id)
        continue;
      if (!add_xlsx_sheet (ex, charity->name, charity->id, error))
        return FALSE;
    }
  return TRUE;
}

static Sheet *
find_sheet (Export *ex,
            gint64  charity_id)
{
  if (ex->kind != SL_EXPORT_BY_CHARITY)
    return &g_array_index (ex->sheets, Sheet, 0);
  for (guint i = 0; i < ex->sheets->len; i++)
    {
      Sheet *sheet = &g_array_index (ex->sheets, Sheet, i);

      if (sheet->charity_id == charity_id)
        return sheet;
    }
  return NULL;
}

static gboolean
start_rows_cb (SlDb     *reader,
               gint64    n_rows,
               gpointer  user_data,
               GError  **error)
{
  Export *ex = user_data;

  ex->total = n_rows;
  if (!add_sheets (ex, error))
    return FALSE;
  report_progress (ex);
  if (ex->csv != NULL)
    write_csv_header (ex);
  return TRUE;
}

/* Ids in words ("withdrawn" → "Withdrawn", "deaf,wheelchair" → "Deaf or
 * hard of hearing; Wheelchair user"), and need ids to their details,
 * read through the needs service (an officer with the key; each read
 * audited).
 */
static const char *
words_for (Export              *ex,
           SlExportColumn       column,
           const SlExportValue *value,
           GError             **error)
{
  GString *out = ex->cell_text[column];
  g_auto(GStrv) ids = NULL;

  if (out == NULL)
    out = ex->cell_text[column] = g_string_new (NULL);
  g_string_truncate (out, 0);
  if (column == SL_EXPORT_COLUMN_CHARITY_CONSENT)
    {
      SlContactConsent consent = SL_CONTACT_CONSENT_NOT_ASKED;

      if (!value->is_null)
        sl_contact_consent_from_id (value->text, &consent);
      g_string_append (out, sl_contact_consent_to_label (consent));
      return out->str;
    }
  if (value->is_null)
    return NULL;
  ids = g_strsplit (value->text, ",", -1);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (out->len > 0)
        g_string_append (out, "; ");
      if (column == SL_EXPORT_COLUMN_MARKERS)
        {
          SlMarker marker;

          if (sl_marker_from_id (ids[i], &marker))
            g_string_append (out, sl_marker_to_label (marker));
        }
      else
        {
          char *detail = NULL;

          if (!sl_db_read_need_details (ex->db, g_ascii_strtoll (ids[i], NULL, 10), &detail,
                                        NULL, error))
            return (const char *)-1;
          if (detail != NULL)
            g_string_append (out, detail);
          sl_secret_str_free (detail);
        }
    }
  return out->str;
}

static gboolean
put_in_words (Export       *ex,
              SlExportRow  *row,
              GError      **error)
{
  static const SlExportColumn worded[] = {
    SL_EXPORT_COLUMN_CHARITY_CONSENT, SL_EXPORT_COLUMN_MARKERS, SL_EXPORT_COLUMN_NEED_DETAILS,
  };

  for (guint i = 0; i < ex->n_columns; i++)
    for (guint w = 0; w < G_N_ELEMENTS (worded); w++)
      if (ex->columns[i] == worded[w])
        {
          SlExportValue *value = &row->values[worded[w]];
          const char *text = words_for (ex, worded[w], value, error);

          if (text == (const char *)-1)
            return FALSE;
          value->is_null = text == NULL;
          value->text = text;
        }
  return TRUE;
}

static gboolean
write_row_cb (const SlExportRow  *original,
              gpointer            user_data,
              GError            **error)
{
  Export *ex = user_data;
  SlExportRow worded = *original;
  const SlExportRow *row = &worded;

  if (!put_in_words (ex, &worded, error))
    return FALSE;

  if (ex->workbook != NULL)
    {
      if (ex->sheet == NULL || row->charity_id != ex->sheet_charity)
        {
          ex->sheet = find_sheet (ex, row->charity_id);
          ex->sheet_charity = row->charity_id;
        }
      /* Signed up after the sheets were listed: not possible in one snapshot. */
      if (ex->sheet == NULL)
        return TRUE;
      if (!write_xlsx_row (ex, ex->sheet, row, error))
        return FALSE;
    }
  else
    write_csv_row (ex, row);

  if (++ex->done % CHECK_EVERY == 0)
    {
      if (g_cancellable_is_cancelled (ex->cancellable))
        return set_cancelled_error (error);
      report_progress (ex);
    }
  return TRUE;
}

/* Reads every row in one snapshot, so the count, the sheets and the rows
 * all agree. It is read on a connection of its own: the event's stays free
 * for the desk, whose check-ins would otherwise wait for the whole export
 * (0.8 s at 50,000 entrants).
 */
static gboolean
write_rows (Export  *ex,
            GError **error)
{
  SlExportQuery query = { { FALSE } };
  gboolean ok;

  for (guint i = 0; i < ex->n_columns; i++)
    query.wanted[ex->columns[i]] = TRUE;
  query.charity_id = ex->charity_id;
  query.by_charity = ex->kind == SL_EXPORT_BY_CHARITY;
  query.contact_by_consent = ex->rules != NULL && ex->rules->contact_by_consent;
  query.needs_medical_only = ex->rules != NULL && ex->rules->needs_medical_only;

  if (!(ex->reader = sl_db_open_reader (ex->db, error)))
    return FALSE;
  ok = SL_STORE (ex->reader)->export_rows (ex->reader, &query, start_rows_cb, write_row_cb, ex,
                                           error);
  g_clear_object (&ex->reader);
  return ok;
}

static void
sync_path (const char *path,
           int         flags)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | flags, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static char *
build_audit_json (Export *ex)
{
  g_autofree char *absolute = g_canonicalize_filename (ex->path, NULL);
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "path", absolute);
  sl_json_image_add_string (&image, "format",
                            ex->format == SL_EXPORT_FORMAT_XLSX ? "xlsx" : "csv");
  sl_json_image_add_string (&image, "kind",
                            ex->kind == SL_EXPORT_BY_CHARITY ? "by-charity" : "entrants");
  sl_json_image_add_string (&image, "charity", ex->charity_name);
  if (ex->rules != NULL && ex->rules->profile != NULL)
    {
      sl_json_image_add_string (&image, "profile", ex->rules->profile);
      sl_json_image_add_string (&image, "reason", ex->rules->reason);
      sl_json_image_add_string (&image, "sha256", ex->sha256);
    }
  sl_json_image_add_int (&image, "rows", ex->done);
  sl_json_image_begin_array (&image, "columns");
  for (guint i = 0; i < ex->n_columns; i++)
    sl_json_image_add_string (&image, NULL, column_infos[ex->columns[i]].key);
  sl_json_image_end_array (&image);
  return sl_json_image_end_to_string (&image);
}

/* Temporary files ------------------------------------------------------ */

/* A name ".NAME.xlsx.XXXXXX" or ".NAME.csv.XXXXXX", as open_output gives
 * a named temporary file.
 */
static gboolean
is_temporary_name (const char *name)
{
  gsize len = strlen (name);
  g_autofree char *target = NULL;

  if (name[0] != '.' || len < 9 || name[len - 7] != '.')
    return FALSE;
  for (gsize i = len - 6; i < len; i++)
    if (!g_ascii_isalnum (name[i]))
      return FALSE;
  target = g_strndup (name + 1, len - 8);
  return sl_export_format_from_path (target) != SL_EXPORT_FORMAT_AUTO
         && target[0] != '.';
}

/* Removes the named temporary files in dir that an export killed midway
 * (or on a file system without unnamed files) left: ours by name, owner
 * and mode, and no longer locked by a live export (the lock goes with the
 * process that held it).
 */
static void
remove_stale_temporaries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;
      struct stat locked;
      int fd;

      if (!is_temporary_name (name))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != geteuid ()
          || (st.st_mode & 07777) != 0600)
        continue;
      fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
      if (fd < 0)
        continue;
      /* Still the file looked at, and no live export holds it. */
      if (flock (fd, LOCK_EX | LOCK_NB) == 0 && fstat (fd, &locked) == 0
          && locked.st_ino == st.st_ino && locked.st_dev == st.st_dev)
        g_unlink (path);
      close (fd);
    }
}

/* The file the export is written to, in the destination's folder so that
 * it goes into place without crossing file systems, readable by its owner
 * only: unnamed where the file system can (nothing is left of it if the
 * export is killed), else named and locked while it is written.
 */
static gboolean
open_output (Export      *ex,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (ex->path);
  g_autofree char *base = NULL;
  int saved_errno;

  remove_stale_temporaries (dir);
  if (g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    {
      ex->out_fd = g_open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
      if (ex->out_fd >= 0)
        {
          /* Named for an instant when it replaces a file (link_output). */
          flock (ex->out_fd, LOCK_EX | LOCK_NB);
          return TRUE;
        }
      /* Any other failure is the folder's, and told as such below. */
      if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        {
          set_write_error (ex, error, g_strerror (errno));
          return FALSE;
        }
    }

  base = g_path_get_basename (ex->path);
  ex->tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  ex->out_fd = g_mkstemp_full (ex->tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (ex->out_fd < 0)
    {
      saved_errno = errno;
      g_clear_pointer (&ex->tmp_path, g_free);
      set_write_error (ex, error, g_strerror (saved_errno));
      return FALSE;
    }
  flock (ex->out_fd, LOCK_EX | LOCK_NB);
  return TRUE;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize)n;
    }
  return TRUE;
}

/* The workbook, complete in memory, to the output file and the disk. */
static gboolean
copy_memory_to_output (Export  *ex,
                       GError **error)
{
  char buf[1 << 16];
  gssize n;

  if (ex->memory_fd < 0)
    return TRUE;
  if (lseek (ex->memory_fd, 0, SEEK_SET) != 0)
    {
      set_write_error (ex, error, g_strerror (errno));
      return FALSE;
    }
  while ((n = read (ex->memory_fd, buf, sizeof buf)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || !write_all (ex->out_fd, buf, (gsize)n))
        {
          set_write_error (ex, error, g_strerror (errno));
          return FALSE;
        }
    }
  return TRUE;
}

/* Gives the complete unnamed output its name: at once where the name is
 * free, else under a temporary name renamed over the old file, so the
 * destination is at every moment the old file or the new one.
 */
static gboolean
link_output (Export  *ex,
             GError **error)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", ex->out_fd);
  g_autofree char *dir = g_path_get_dirname (ex->path);
  g_autofree char *base = g_path_get_basename (ex->path);
  static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  if (linkat (AT_FDCWD, proc, AT_FDCWD, ex->path, AT_SYMLINK_FOLLOW) == 0)
    return TRUE;
  if (errno != EEXIST)
    {
      set_write_error (ex, error, g_strerror (errno));
      return FALSE;
    }
  for (int attempt = 0; attempt < 100; attempt++)
    {
      char suffix[7];

      for (guint i = 0; i < 6; i++)
        suffix[i] = letters[g_random_int_range (0, sizeof letters - 1)];
      suffix[6] = '\0';
      g_free (ex->tmp_path);
      ex->tmp_path = g_strdup_printf ("%s%c.%s.%s", dir, G_DIR_SEPARATOR, base, suffix);
      if (linkat (AT_FDCWD, proc, AT_FDCWD, ex->tmp_path, AT_SYMLINK_FOLLOW) == 0)
        return TRUE;
      if (errno != EEXIST)
        break;
    }
  set_write_error (ex, error, g_strerror (errno));
  g_clear_pointer (&ex->tmp_path, g_free);
  return FALSE;
}

/* The export log's entry of a profile's export, beside its audit entry. */
static gboolean
append_log (SlDb    *db,
            Export  *ex,
            GError **error)
{
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autofree char *base = NULL;

  if (ex->rules == NULL || ex->rules->profile == NULL)
    return TRUE;
  for (guint i = 0; i < ex->n_columns; i++)
    g_string_append_printf (keys, "%s%s", i > 0 ? "," : "", column_infos[ex->columns[i]].key);
  base = g_path_get_basename (ex->path);
  return SL_STORE (db)->export_log_append (db, ex->rules->profile, ex->rules->reason,
                                           ex->rules->filter, ex->done, keys->str, base,
                                           ex->sha256, error);
}

/* The SHA-256 of the complete output, read back from its descriptor
 * before it is linked into place: the log names the bytes the file holds.
 */
static gboolean
hash_output (Export  *ex,
             GError **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char buf[1 << 16];
  off_t offset = 0;
  gssize n;

  while ((n = pread (ex->out_fd, buf, sizeof buf, offset)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_write_error (ex, error, g_strerror (errno));
          return FALSE;
        }
      g_checksum_update (checksum, (const guchar *)buf, n);
      offset += n;
    }
  g_strlcpy (ex->sha256, g_checksum_get_string (checksum), sizeof ex->sha256);
  return TRUE;
}

typedef struct
{
  Export      *ex;
  const char  *json;
  gboolean     placed;   /* the file is in place, so a failed commit removes it */
} Publish;

static gboolean
publish_write (SlDb     *db,
               gpointer  data,
               GError  **error)
{
  Publish *publish = data;
  Export *ex = publish->ex;

  if (!sl_db_audit (db, "export", "entrant", 0, NULL, publish->json, error)
      || !append_log (db, ex, error))
    return FALSE;
  /* An unnamed output is linked into place, or to a temporary name when
   * the destination exists; a named one is renamed over it.
   */
  if (ex->tmp_path == NULL && !link_output (ex, error))
    return FALSE;
  if (ex->tmp_path != NULL && g_rename (ex->tmp_path, ex->path) != 0)
    {
      set_write_error (ex, error, g_strerror (errno));
      return FALSE;
    }
  g_clear_pointer (&ex->tmp_path, g_free);
  publish->placed = TRUE;
  return TRUE;
}

/* The audit entry and the rename share one short write transaction: the
 * file appears only if its export is on record.
 */
static gboolean
publish (Export      *ex,
         GError     **error)
{
  g_autofree char *json = build_audit_json (ex);
  g_autofree char *dir = g_path_get_dirname (ex->path);
  Publish publish = { ex, json, FALSE };

  /* Checked again: it may have been made read-only while the export ran. */
  if (!refuse_read_only_target (ex, error))
    return FALSE;
  if (!sl_db_run_write (ex->db, publish_write, &publish, error))
    {
      /* Not on record, so not kept. */
      if (publish.placed)
        g_unlink (ex->path);
      return FALSE;
    }
  sync_path (dir, O_DIRECTORY);
  return TRUE;
}

static gboolean
resolve_charity (Export      *ex,
                 const char  *wanted,
                 GError     **error)
{
  g_autoptr(GPtrArray) charities = sl_db_list_charities (ex->db, error);
  g_autofree char *wanted_key = NULL;
  g_autofree char *normal = NULL;

  if (charities == NULL)
    return FALSE;

  normal = g_utf8_normalize (wanted, -1, G_NORMALIZE_DEFAULT);
  wanted_key = g_utf8_casefold (normal != NULL ? normal : wanted, -1);
  for (guint i = 0; i < charities->len; i++)
    {
      SlCharity *charity = g_ptr_array_index (charities, i);
      g_autofree char *name_normal = g_utf8_normalize (charity->name, -1, G_NORMALIZE_DEFAULT);
      g_autofree char *key = g_utf8_casefold (name_normal != NULL ? name_normal : charity->name,
                                              -1);

      if (g_str_equal (key, wanted_key))
        {
          ex->charity_id = charity->id;
          ex->charity_name = g_strdup (charity->name);
          return TRUE;
        }
    }

  g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_NO_SUCH_CHARITY,
               _("There is no charity called “%s”"), wanted);
  return FALSE;
}

static gboolean
prepare_export (Export                *ex,
                SlDb                  *db,
                const char            *path,
                const SlExportOptions *options,
                GError               **error)
{
  g_autoptr(SlEvent) event = NULL;
  g_autofree char *display = g_filename_display_name (path);

  ex->db = db;
  ex->path = path;
  ex->kind = options->kind;
  ex->format = options->format != SL_EXPORT_FORMAT_AUTO ? options->format
                                                        : sl_export_format_from_path (path);
  if (ex->format == SL_EXPORT_FORMAT_AUTO)
    {
      g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_FORMAT,
                   _("Cannot tell the format of “%s”: name the file .xlsx or .csv"), display);
      return FALSE;
    }
  if (ex->kind == SL_EXPORT_BY_CHARITY && ex->format != SL_EXPORT_FORMAT_XLSX)
    {
      g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_FORMAT,
                   _("One sheet per charity needs an .xlsx file, not “%s”"), display);
      return FALSE;
    }

  if (!refuse_read_only_target (ex, error))
    return FALSE;
  /* The file may only appear with its export on record (publish). */
  if (sl_db_is_read_only (db))
    {
      g_autofree char *event_display = g_filename_display_name (sl_db_get_path (db));

      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_READ_ONLY,
                   _("Cannot export from “%s”: it is open for reading only, and every export "
                     "is recorded in the event’s audit log"),
                   event_display);
      return FALSE;
    }

  if (options->columns != NULL)
    {
      memcpy (ex->columns, options->columns, options->n_columns * sizeof (SlExportColumn));
      ex->n_columns = options->n_columns;
    }
  else
    {
      for (guint c = 0; c < SL_N_EXPORT_COLUMNS; c++)
        if (column_infos[c].in_default)
          ex->columns[ex->n_columns++] = (SlExportColumn)c;
    }

  if (options->charity != NULL && !resolve_charity (ex, options->charity, error))
    return FALSE;

  if (!(event = sl_db_dup_event (db, error)))
    return FALSE;
  ex->event_name = g_strdup (event->name);
  if (event->timezone != NULL)
    ex->tz = g_time_zone_new_identifier (event->timezone);
  if (ex->tz == NULL)
    ex->tz = g_time_zone_new_local ();

  for (guint i = 0; i < G_N_ELEMENTS (ex->gender_labels); i++)
    ex->gender_labels[i] = sl_gender_to_label ((SlGender)i);
  for (guint i = 0; i < SL_N_ENTRY_TYPES; i++)
    ex->entry_type_labels[i] = sl_entry_type_to_label ((SlEntryType)i);
  for (guint i = 0; i < SL_N_STATUSES; i++)
    ex->status_labels[i] = sl_status_to_label ((SlStatus)i);
  ex->yes = _("Yes");
  ex->no = _("No");
  ex->progress_message = _("Exporting entrants…");

  ex->sheets = g_array_new (FALSE, TRUE, sizeof (Sheet));
  ex->taken_sheet_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return TRUE;
}

static gboolean
validate_columns (const SlExportOptions *options)
{
  gboolean seen[SL_N_EXPORT_COLUMNS] = { FALSE };

  if (options->columns == NULL)
    return TRUE;
  if (options->n_columns == 0 || options->n_columns > SL_N_EXPORT_COLUMNS)
    return FALSE;
  for (guint i = 0; i < options->n_columns; i++)
    {
      if ((guint)options->columns[i] >= SL_N_EXPORT_COLUMNS || seen[options->columns[i]])
        return FALSE;
      seen[options->columns[i]] = TRUE;
    }
  return TRUE;
}

static gboolean
run_export (SlDb                  *db,
            const char            *path,
            const SlExportOptions *options,
            const SlExportRules   *rules,
            GCancellable          *cancellable,
            SlProgressFunc         progress,
            gpointer               progress_data,
            gint64                *n_rows,
            GError               **error)
{
  static const SlExportOptions defaults = { 0 };
  Export ex = { .out_fd = -1, .memory_fd = -1 };
  gboolean ok = FALSE;

  if (options == NULL)
    options = &defaults;
  ex.cancellable = cancellable;
  ex.rules = rules;
  ex.progress = progress;
  ex.progress_data = progress_data;

  if (!prepare_export (&ex, db, path, options, error))
    goto out;
  if (g_cancellable_is_cancelled (cancellable))
    {
      set_cancelled_error (error);
      goto out;
    }

  if (!open_output (&ex, error))
    goto out;
  if (ex.format == SL_EXPORT_FORMAT_CSV)
    {
      /* A descriptor of its own: closing the stream leaves the output open
       * to be linked into place.
       */
      int fd = dup (ex.out_fd);

      ex.csv = fd >= 0 ? fdopen (fd, "wb") : NULL;
      if (ex.csv == NULL)
        {
          set_write_error (&ex, error, g_strerror (errno));
          if (fd >= 0)
            close (fd);
          goto out;
        }
      setvbuf (ex.csv, NULL, _IOFBF, 1 << 16);
      fputs ("\xEF\xBB\xBF", ex.csv);   /* the BOM tells spreadsheets it is UTF-8 */
    }
  else if (!open_xlsx (&ex, error))
    goto out;

  if (!write_rows (&ex, error))
    goto out;

  if (ex.workbook != NULL)
    {
      lxw_error err;

      if (!finish_xlsx_sheets (&ex, error))
        goto out;
      /* workbook_close frees the workbook whatever it returns. */
      err = workbook_close (g_steal_pointer (&ex.workbook));
      if (!check_lxw (&ex, err, error) || !copy_memory_to_output (&ex, error))
        goto out;
      if (fsync (ex.out_fd) != 0)
        {
          set_write_error (&ex, error, g_strerror (errno));
          goto out;
        }
    }
  else
    {
      FILE *csv = g_steal_pointer (&ex.csv);
      gboolean failed = fflush (csv) != 0 || ferror (csv) || fsync (fileno (csv)) != 0;
      int saved_errno = errno;

      if (fclose (csv) != 0 && !failed)
        {
          failed = TRUE;
          saved_errno = errno;
        }
      if (failed)
        {
          set_write_error (&ex, error, g_strerror (saved_errno));
          goto out;
        }
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      set_cancelled_error (error);
      goto out;
    }
  if (!hash_output (&ex, error) || !publish (&ex, error))
    goto out;

  report_progress (&ex);
  if (n_rows != NULL)
    *n_rows = ex.done;
  ok = TRUE;

out:
  clear_export (&ex);
  return ok;
}

gboolean
sl_export_run (SlDb                  *db,
               const char            *path,
               const SlExportOptions *options,
               const SlExportRules   *rules,
               GCancellable          *cancellable,
               SlProgressFunc         progress,
               gpointer               progress_data,
               gint64                *n_rows,
               GError               **error)
{
  locale_t base;
  locale_t c_numeric;
  locale_t previous = (locale_t)0;
  gboolean ok;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options == NULL || validate_columns (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* libxlsxwriter formats every number (cell values, dates, column widths)
   * with printf, which writes "1234,56" under a decimal-comma locale and
   * makes the file unreadable. Numbers follow the C locale in this thread
   * for the export's duration; messages keep the user's language.
   */
  base = duplocale (uselocale ((locale_t)0));
  c_numeric = base != (locale_t)0 ? newlocale (LC_NUMERIC_MASK, "C", base) : (locale_t)0;
  if (c_numeric != (locale_t)0)
    previous = uselocale (c_numeric);
  else if (base != (locale_t)0)
    freelocale (base);

  ok = run_export (db, path, options, rules, cancellable, progress, progress_data, n_rows, error);

  if (c_numeric != (locale_t)0)
    {
      uselocale (previous);
      freelocale (c_numeric);
    }
  return ok;
}

gboolean
sl_db_export_full (SlDb                  *db,
                   const char            *path,
                   const SlExportOptions *options,
                   GCancellable          *cancellable,
                   SlProgressFunc         progress,
                   gpointer               progress_data,
                   gint64                *n_rows,
                   GError               **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (options == NULL || validate_columns (options), FALSE);

  /* Without a profile every column may go out: what the full profile
   * allows, to an admin only; refused before any file is made.
   */
  if (!sl_roles_allow (sl_db_get_roles (db), SL_ACTION_EXPORT_FULL))
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED,
                           _("Exporting without a profile needs an admin."));
      return FALSE;
    }

  /* The needs go out only through a profile that allows them, to an
   * officer (sl-export-profile.h).
   */
  for (guint i = 0; options != NULL && options->columns != NULL && i < options->n_columns; i++)
    if (options->columns[i] == SL_EXPORT_COLUMN_NEED_TYPES
        || options->columns[i] == SL_EXPORT_COLUMN_NEED_DETAILS)
      {
        g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED,
                             _("Support needs are exported only through a profile, by an "
                               "accessibility officer."));
        return FALSE;
      }
  return sl_export_run (db, path, options, NULL, cancellable, progress, progress_data, n_rows,
                        error);
}

gboolean
sl_db_export (SlDb                  *db,
              const char            *path,
              const SlExportOptions *options,
              GCancellable          *cancellable,
              SlProgressFunc         progress,
              gpointer               progress_data,
              GError               **error)
{
  return sl_db_export_full (db, path, options, cancellable, progress, progress_data, NULL,
                            error);
}

/* Async ------------------------------------------------------------------ */

typedef struct
{
  SlExportTaskFunc  func;
  gpointer          data;
  GDestroyNotify    data_free;
  SlProgressFunc    progress;
  gpointer          progress_data;
  gint64            n_rows;
} ExportTask;

static void
export_task_free (ExportTask *export_task)
{
  if (export_task->data_free != NULL)
    export_task->data_free (export_task->data);
  g_free (export_task);
}

static void
export_task_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  ExportTask *export_task = task_data;
  GError *error = NULL;

  if (export_task->func (source_object, export_task->data, cancellable, export_task->progress,
                         export_task->progress_data, &export_task->n_rows, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sl_export_task_run (SlDb                 *db,
                    gpointer              source_tag,
                    SlExportTaskFunc      func,
                    gpointer              data,
                    GDestroyNotify        data_free,
                    GCancellable         *cancellable,
                    SlProgressFunc        progress,
                    gpointer              progress_data,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (db, cancellable, callback, user_data);
  ExportTask *export_task = g_new0 (ExportTask, 1);

  export_task->func = func;
  export_task->data = data;
  export_task->data_free = data_free;
  export_task->progress = progress;
  export_task->progress_data = progress_data;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, export_task, (GDestroyNotify)export_task_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, export_task_thread);
}

gboolean
sl_export_task_finish (SlDb          *db,
                       GAsyncResult  *result,
                       gpointer       source_tag,
                       gint64        *n_rows,
                       GError       **error)
{
  ExportTask *export_task;

  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  export_task = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = export_task->n_rows;
  return TRUE;
}

typedef struct
{
  char            *path;
  char            *charity;
  SlExportColumn  *columns;
  SlExportOptions  options;
} ExportTaskData;

static void
export_task_data_free (ExportTaskData *data)
{
  g_free (data->path);
  g_free (data->charity);
  g_free (data->columns);
  g_free (data);
}

static gboolean
export_full (SlDb            *db,
             gpointer         task_data,
             GCancellable    *cancellable,
             SlProgressFunc   progress,
             gpointer         progress_data,
             gint64          *n_rows,
             GError         **error)
{
  ExportTaskData *data = task_data;

  return sl_db_export_full (db, data->path, &data->options, cancellable, progress,
                            progress_data, n_rows, error);
}

void
sl_db_export_async (SlDb                  *db,
                    const char            *path,
                    const SlExportOptions *options,
                    GCancellable          *cancellable,
                    SlProgressFunc         progress,
                    gpointer               progress_data,
                    GAsyncReadyCallback    callback,
                    gpointer               user_data)
{
  ExportTaskData *data;

  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (path != NULL);
  g_return_if_fail (options == NULL || validate_columns (options));

  data = g_new0 (ExportTaskData, 1);
  data->path = g_strdup (path);
  if (options != NULL)
    {
      data->options = *options;
      data->charity = g_strdup (options->charity);
      data->options.charity = data->charity;
      if (options->columns != NULL)
        {
          data->columns = g_memdup2 (options->columns,
                                     options->n_columns * sizeof (SlExportColumn));
          data->options.columns = data->columns;
        }
    }
  sl_export_task_run (db, sl_db_export_async, export_full, data,
                      (GDestroyNotify)export_task_data_free, cancellable, progress,
                      progress_data, callback, user_data);
}

gboolean
sl_db_export_finish_full (SlDb          *db,
                          GAsyncResult  *result,
                          gint64        *n_rows,
                          GError       **error)
{
  return sl_export_task_finish (db, result, sl_db_export_async, n_rows, error);
}

gboolean
sl_db_export_finish (SlDb          *db,
                     GAsyncResult  *result,
                     GError       **error)
{
  return sl_db_export_finish_full (db, result, NULL, error);
}
