/* sl-roster-export.c — a facility's roster for its lead, xlsx or CSV
 *
 * Small (one facility's bookings), so written in one go: to a temporary
 * file next to the target, then audited and renamed over it in one short
 * write transaction. Read from the bookings list only: names, bibs,
 * slots, parties, statuses and, with consent, markers; no need is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "sl-db-task.h"
#include "sl-export-private.h"
#include "sl-facilities.h"
#include "sl-json-image.h"
#include "sl-need.h"
#include "sl-roster-export.h"
#include "sl-session.h"
#include "sl-store.h"

#define N_COLUMNS 9

static const char *const headers[N_COLUMNS] = {
  N_("Bib"), N_("First name"), N_("Last name"), N_("Facility"), N_("Slot"), N_("Party"),
  N_("Status"), N_("Waiting position"), N_("Markers"),
};

/* The row's cells as text (the party and position also as numbers). */
static char **
dup_cells (const SlBooking *booking)
{
  char **cells = g_new0 (char *, N_COLUMNS + 1);
  g_autoptr(GString) markers = g_string_new (NULL);

  for (guint m = 0; m < SL_N_MARKERS; m++)
    if (booking->markers & (1u << m))
      g_string_append_printf (markers, "%s%s", markers->len > 0 ? ", " : "",
                              sl_marker_to_label (m));
  cells[0] = g_strdup (booking->bib);
  cells[1] = g_strdup (booking->companion_name != NULL ? booking->companion_name
                                                       : booking->first_name);
  cells[2] = booking->companion_name != NULL
             ? g_strdup_printf (_("(with %s %s)"), booking->first_name, booking->last_name)
             : g_strdup (booking->last_name);
  cells[3] = g_strdup (booking->facility_name);
  cells[4] = sl_time_of_day_format (booking->slot);
  cells[5] = g_strdup_printf ("%d", booking->party);
  cells[6] = g_strdup (sl_booking_status_to_label (booking->status));
  cells[7] = booking->position > 0 ? g_strdup_printf ("%d", booking->position) : g_strdup ("");
  cells[8] = g_string_free (g_steal_pointer (&markers), FALSE);
  return cells;
}

static void
write_csv_text (FILE       *out,
                const char *text)
{
  gboolean formula = text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;

  putc ('"', out);
  if (formula)
    putc ('\'', out);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        putc ('"', out);
      putc (*p, out);
    }
  putc ('"', out);
}

static gboolean
write_csv (int          fd,
           GPtrArray   *bookings,
           GError     **error)
{
  FILE *out = fdopen (dup (fd), "w");
  gboolean failed;

  if (out == NULL)
    {
      g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE, "%s", g_strerror (errno));
      return FALSE;
    }
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      if (c > 0)
        putc (',', out);
      write_csv_text (out, _(headers[c]));
    }
  fputs ("\r\n", out);
  for (guint i = 0; i < bookings->len; i++)
    {
      g_auto(GStrv) cells = dup_cells (bookings->pdata[i]);

      for (guint c = 0; c < N_COLUMNS; c++)
        {
          if (c > 0)
            putc (',', out);
          write_csv_text (out, cells[c]);
        }
      fputs ("\r\n", out);
    }
  failed = fflush (out) != 0 || ferror (out) || fsync (fileno (out)) != 0;
  failed = fclose (out) != 0 || failed;
  if (failed)
    g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE, "%s", g_strerror (errno));
  return !failed;
}

static gboolean
write_xlsx (const char  *tmp_path,
            const char  *title,
            GPtrArray   *bookings,
            GError     **error)
{
  lxw_workbook *workbook = workbook_new (tmp_path);
  lxw_worksheet *sheet;
  lxw_format *bold;
  lxw_error err = LXW_NO_ERROR;

  if (workbook == NULL)
    {
      g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE, "%s", g_strerror (ENOMEM));
      return FALSE;
    }
  sheet = workbook_add_worksheet (workbook, NULL);
  bold = workbook_add_format (workbook);
  format_set_bold (bold);
  for (guint c = 0; c < N_COLUMNS && err == LXW_NO_ERROR; c++)
    err = worksheet_write_string (sheet, 0, (lxw_col_t)c, _(headers[c]), bold);
  for (guint i = 0; i < bookings->len && err == LXW_NO_ERROR; i++)
    {
      const SlBooking *booking = bookings->pdata[i];
      g_auto(GStrv) cells = dup_cells (booking);

      for (guint c = 0; c < N_COLUMNS && err == LXW_NO_ERROR; c++)
        {
          if (c == 5 || (c == 7 && booking->position > 0))
            err = worksheet_write_number (sheet, (lxw_row_t)(i + 1), (lxw_col_t)c,
                                          c == 5 ? booking->party : booking->position, NULL);
          else
            err = worksheet_write_string (sheet, (lxw_row_t)(i + 1), (lxw_col_t)c, cells[c],
                                          NULL);
        }
    }
  worksheet_freeze_panes (sheet, 1, 0);
  if (err == LXW_NO_ERROR)
    {
      lxw_doc_properties properties = { 0 };

      properties.title = (char *)title;
      properties.author = (char *)"Startline";
      err = workbook_set_properties (workbook, &properties);
    }
  {
    lxw_error close_err = workbook_close (workbook);

    if (err == LXW_NO_ERROR)
      err = close_err;
  }
  if (err != LXW_NO_ERROR)
    g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE, "%s", lxw_strerror (err));
  return err == LXW_NO_ERROR;
}

typedef struct
{
  gint64           facility_id;
  const char      *tmp_path;
  const char      *path;
  char            *json;
  SlRosterLogFunc  log;         /* NULL: none */
  gpointer         log_data;
  char            *sha256;      /* the file's, for log */
  guint            n_rows;
} Publish;

/* The audit entry, the export log's entry (a profile's), then the file
 * linked into place: one transaction.
 */
static gboolean
publish_in_write (SlDb     *db,
                  gpointer  data,
                  GError  **error)
{
  Publish *publish = data;

  if (!sl_db_audit (db, "export-roster", "facility", publish->facility_id, NULL, publish->json, error))
    return FALSE;
  if (publish->log != NULL
      && !publish->log (db, publish->sha256, publish->n_rows, publish->log_data, error))
    return FALSE;
  if (g_rename (publish->tmp_path, publish->path) != 0)
    {
      int saved = errno;

      g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE,
                   _("Could not write %s: %s"), publish->path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static char *
dup_summary (const SlFacility *facility,
             int               slot,
             guint             n_rows,
             SlExportFormat    format)
{
  SlJsonImage image;
  g_autofree char *at = slot == SL_SLOT_ANY ? NULL : sl_time_of_day_format (slot);

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "facility_id", facility->id);
  sl_json_image_add_string (&image, "facility", facility->name);
  sl_json_image_add_string (&image, "slot", slot == SL_SLOT_ANY ? "all" : at);
  sl_json_image_add_uint (&image, "rows", n_rows);
  sl_json_image_add_string (&image, "format", format == SL_EXPORT_FORMAT_XLSX ? "xlsx" : "csv");
  return sl_json_image_end_to_string (&image);
}

/* The SHA-256 of the file written, read back; NULL with an error. */
static char *
dup_file_sha256 (const char  *path,
                 GError     **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);

  if (mapped == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *)g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped));
}

static gboolean
write_roster (SlDb              *db,
              const SlFacility  *facility,
              int                slot,
              const char        *path,
              SlExportFormat     format,
              GPtrArray         *bookings,
              Publish           *publish,
              GError           **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  g_autofree char *title = g_strdup_printf (_("Roster — %s"), facility->name);
  gboolean ok;
  int fd;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE, _("Could not write %s: %s"),
                   path, g_strerror (saved));
      return FALSE;
    }
  ok = format == SL_EXPORT_FORMAT_CSV ? write_csv (fd, bookings, error)
                                      : write_xlsx (tmp_path, title, bookings, error);
  close (fd);
  if (ok && publish->log != NULL)
    ok = (publish->sha256 = dup_file_sha256 (tmp_path, error)) != NULL;
  if (ok)
    {
      publish->facility_id = facility->id;
      publish->tmp_path = tmp_path;
      publish->path = path;
      publish->n_rows = bookings->len;
      publish->json = dup_summary (facility, slot, bookings->len, format);
      ok = sl_db_run_write (db, publish_in_write, publish, error);
    }
  g_clear_pointer (&publish->json, g_free);
  g_clear_pointer (&publish->sha256, g_free);
  if (!ok)
    g_unlink (tmp_path);
  return ok;
}

gboolean
sl_db_export_roster (SlDb         *db,
                     gint64        facility_id,
                     int           slot,
                     const char   *path,
                     guint        *n_rows,
                     GError      **error)
{
  return sl_export_roster_logged (db, facility_id, slot, path, NULL, NULL, n_rows, error);
}

gboolean
sl_export_roster_logged (SlDb             *db,
                         gint64            facility_id,
                         int               slot,
                         const char       *path,
                         SlRosterLogFunc   log,
                         gpointer          log_data,
                         guint            *n_rows,
                         GError          **error)
{
  g_autoptr(SlFacility) facility = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  SlBookingFilter filter = SL_BOOKING_FILTER_INIT;
  Publish publish = { 0 };
  SlExportFormat format;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!sl_db_require_either (db, SL_ACTION_MANAGE_FACILITIES, SL_ACTION_EXPORT, error))
    return FALSE;
  format = sl_export_format_from_path (path);
  if (format != SL_EXPORT_FORMAT_XLSX && format != SL_EXPORT_FORMAT_CSV)
    {
      g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_FORMAT,
                   _("%s: a roster is written as .xlsx or .csv"), path);
      return FALSE;
    }
  if (!(facility = sl_db_dup_facility (db, facility_id, error))
      || (slot != SL_SLOT_ANY && !sl_facility_check_slot (facility, slot, error)))
    return FALSE;
  publish.log = log;
  publish.log_data = log_data;
  filter.facility_id = facility_id;
  filter.slot = slot;
  filter.with_markers = TRUE;
  if (!(bookings = sl_db_list_bookings (db, &filter, error))
      || !write_roster (db, facility, slot, path, format, bookings, &publish, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = bookings->len;
  return TRUE;
}

typedef struct
{
  gint64  facility_id;
  int     slot;
  char   *path;
  guint   n_rows;
} RosterTask;

static void
roster_task_free (gpointer data)
{
  RosterTask *task = data;

  g_free (task->path);
  g_free (task);
}

static gboolean
roster_thread (SlDb      *writer,
               gpointer   task_data,
               GError   **error)
{
  RosterTask *roster = task_data;

  return sl_db_export_roster (writer, roster->facility_id, roster->slot, roster->path,
                              &roster->n_rows, error);
}

void
sl_db_export_roster_async (SlDb                *db,
                           gint64               facility_id,
                           int                  slot,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  RosterTask *roster = g_new0 (RosterTask, 1);

  roster->facility_id = facility_id;
  roster->slot = slot;
  roster->path = g_strdup (path);
  sl_db_task_run_boolean (db, SL_DB_TASK_WRITE, sl_db_export_roster_async, roster,
                          roster_task_free, roster_thread, cancellable, callback, user_data);
}

gboolean
sl_db_export_roster_finish (SlDb          *db,
                            GAsyncResult  *result,
                            guint         *n_rows,
                            GError       **error)
{
  RosterTask *roster;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  roster = sl_db_task_get_data (G_TASK (result));
  if (n_rows != NULL)
    *n_rows = roster->n_rows;
  return TRUE;
}
