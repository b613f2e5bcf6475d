/* sl-fundraising-import.c — fundraising figures from a charity's spreadsheet
 *
 * The file is read with the entrant import's reader (sl-import-csv.c: the
 * encoding, the delimiter, libcsv, each record's line), so a file that
 * imports entrants imports the same way here. Every row is checked inside
 * the write transaction, against the sign-ups as they are then, and any
 * problem rolls it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-db-task.h"
#include "sl-entrant.h"
#include "sl-event-service.h"
#include "sl-fundraising-import.h"
#include "sl-import-csv.h"
#include "sl-json-image.h"
#include "sl-session.h"
#include "sl-store.h"

/* Header names with only their letters and digits, in lower case. */
static const char * const code_headers[] = {
  "bib", "bibnumber", "bibno", "racenumber", "raceno", "number", "bookingreference",
  "bookingref", "reference", "ref", "biborreference", "biborref", "bibref", NULL
};
static const char * const raised_headers[] = {
  "raised", "amountraised", "totalraised", "raisedsofar", "amount", "fundraising",
  "fundsraised", "raisedgbp", "total", NULL
};

typedef struct
{
  guint  line;
  char  *code;
  char  *amount;
} Row;

typedef struct
{
  const char           *display;
  int                   code_column;   /* -1 until the header is read */
  int                   raised_column;
  gboolean              header_seen;
  GArray               *rows;          /* Row */
  GPtrArray            *problems;      /* "line N: …" */
  GError               *fatal;
  SlFundraisingResult  *result;
  char                 *basename;
} Import;

void
sl_fundraising_result_free (SlFundraisingResult *result)
{
  if (result == NULL)
    return;
  g_free (result->sha256);
  g_free (result);
}

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->code);
  g_free (row->amount);
}

static void
add_problem (Import     *self,
             guint       line,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
add_problem (Import     *self,
             guint       line,
             const char *format,
             ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->problems, g_strdup_printf (_("line %u: %s"), line, message));
}

static char *
normalise_header (const char *header)
{
  GString *out = g_string_new (NULL);

  for (const char *p = header; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static int
find_column (char               **values,
             guint                n,
             const char * const  *names)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = normalise_header (values[i]);

      if (g_strv_contains (names, key))
        return (int)i;
    }
  return -1;
}

static gboolean
read_header (Import  *self,
             char   **values,
             guint    n)
{
  self->header_seen = TRUE;
  self->code_column = find_column (values, n, code_headers);
  self->raised_column = find_column (values, n, raised_headers);
  if (self->code_column >= 0 && self->raised_column >= 0)
    return TRUE;
  g_set_error (&self->fatal, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING,
               _("“%s” needs a column of bibs or booking references (“Bib” or “Booking "
                 "reference”) and one of amounts raised (“Raised”)"), self->display);
  return FALSE;
}

static gboolean
record_cb (gpointer   data,
           char     **values,
           guint      n,
           guint      line)
{
  Import *self = data;
  Row row = { line, NULL, NULL };
  gboolean blank = TRUE;

  if (!self->header_seen)
    return read_header (self, values, n);
  for (guint i = 0; i < n; i++)
    blank = blank && values[i][0] == '\0';
  if (blank)
    return TRUE;
  if ((guint)self->code_column < n)
    row.code = g_strdup (values[self->code_column]);
  if ((guint)self->raised_column < n)
    row.amount = g_strdup (values[self->raised_column]);
  g_array_append_val (self->rows, row);
  return TRUE;
}

static void
malformed_cb (gpointer data,
              guint    line,
              guint    last_line,
              gboolean unterminated)
{
  Import *self = data;

  if (unterminated)
    add_problem (self, line, _("a quote opened here is never closed"));
  else
    add_problem (self, line, _("the quotes on this row do not pair up"));
}

/* Reads every row of the file into self->rows (and its malformed rows
 * into self->problems).
 */
static gboolean
read_file (Import        *self,
           const char    *path,
           GCancellable  *cancellable,
           GError       **error)
{
  SlImportOptions options;
  SlImportText text;
  guint quote_line, quote_column;
  gboolean ok;

  memset (&options, 0, sizeof options);
  if (!sl_import_csv_open (path, &options, FALSE, cancellable, &text, error))
    return FALSE;
  ok = sl_import_csv_read (&text, record_cb, malformed_cb, NULL, self, &quote_line,
                           &quote_column, error);
  sl_import_text_clear (&text);
  if (!ok)
    return FALSE;
  if (self->fatal != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->fatal));
      return FALSE;
    }
  if (self->rows->len == 0 && self->problems->len == 0)
    {
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_EMPTY,
                   _("“%s” has no rows of fundraising figures"), self->display);
      return FALSE;
    }
  return TRUE;
}

/* One row checked against the event as it is in the transaction: the
 * sign-up it changes into *signup, or FALSE after adding its problem.
 */
static gboolean
check_row (Import           *self,
           SlDb             *db,
           const Row        *row,
           GHashTable       *seen,
           SlCharitySignup  *signup,
           GError          **error)
{
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(GError) money_error = NULL;
  gint64 raised = 0;
  gboolean money_ok;
  gpointer first_line;

  money_ok = row->amount != NULL && sl_money_parse (row->amount, &raised, &money_error);
  if (row->code == NULL || row->code[0] == '\0')
    add_problem (self, row->line, _("no bib or booking reference"));
  else if (!(entrant = SL_STORE (db)->dup_entrant_by_code (db, row->code, error)))
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      add_problem (self, row->line, _("no runner has bib or booking reference “%s”"), row->code);
    }
  else if (!SL_STORE (db)->signup_get (db, entrant->id, signup, error))
    return FALSE;
  else if (signup->charity_id == 0)
    add_problem (self, row->line, _("bib %s (%s %s) is not signed up to a charity"),
                 entrant->bib, entrant->first_name, entrant->last_name);
  else if (g_hash_table_lookup_extended (seen, GINT_TO_POINTER (entrant->id), NULL, &first_line))
    add_problem (self, row->line, _("bib %s is on line %u too"), entrant->bib,
                 GPOINTER_TO_UINT (first_line));
  else
    g_hash_table_insert (seen, GINT_TO_POINTER (entrant->id), GUINT_TO_POINTER (row->line));

  if (!money_ok)
    add_problem (self, row->line, "%s", money_error != NULL ? money_error->message
                                                            : _("no amount raised"));
  return TRUE;
}

/* The line a problem names: its first number. */
static guint64
problem_line (const char *problem)
{
  while (*problem != '\0' && !g_ascii_isdigit (*problem))
    problem++;
  return g_ascii_strtoull (problem, NULL, 10);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  guint64 line_a = problem_line (*(const char * const *)a);
  guint64 line_b = problem_line (*(const char * const *)b);

  return line_a < line_b ? -1 : line_a > line_b;
}

static char *
dup_import_image (const Import *self)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "file", self->basename);
  sl_json_image_add_string (&image, "sha256", self->result->sha256);
  sl_json_image_add_uint (&image, "rows", self->result->rows);
  sl_json_image_add_uint (&image, "changed", self->result->changed);
  sl_json_image_add_uint (&image, "unchanged", self->result->unchanged);
  return sl_json_image_end_to_string (&image);
}

static gboolean
import_in_write (SlDb     *db,
                 gpointer  data,
                 GError  **error)
{
  Import *self = data;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (SlCharitySignup));
  g_autofree char *image = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      SlCharitySignup signup = { 0 };
      guint problems = self->problems->len;
      gint64 raised = 0;

      if (!check_row (self, db, row, seen, &signup, error))
        return FALSE;
      if (self->problems->len > problems)
        continue;
      sl_money_parse (row->amount, &raised, NULL);
      if (raised == signup.raised_pence)
        self->result->unchanged++;
      else
        {
          signup.raised_pence = raised;
          g_array_append_val (changes, signup);
        }
    }
  if (self->problems->len > 0)
    {
      /* Malformed rows were found while reading, the others here. */
      g_ptr_array_sort (self->problems, compare_problems);
      g_set_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED,
                   g_dngettext (GETTEXT_PACKAGE, "%u row of “%s” has a problem; nothing was imported",
                                "%u rows of “%s” have problems; nothing was imported",
                                self->problems->len),
                   self->problems->len, self->display);
      return FALSE;
    }
  for (guint i = 0; i < changes->len; i++)
    if (!sl_db_set_charity_signup_locked (db, &g_array_index (changes, SlCharitySignup, i), error))
      return FALSE;
  self->result->rows = self->rows->len;
  self->result->changed = changes->len;
  image = dup_import_image (self);
  return sl_db_audit (db, "fundraising-import", "charity", 0, NULL, image, error);
}

SlFundraisingResult *
sl_db_import_fundraising (SlDb          *db,
                          const char    *path,
                          GCancellable  *cancellable,
                          GPtrArray    **problems,
                          GError       **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autoptr(SlFundraisingResult) result = g_new0 (SlFundraisingResult, 1);
  g_autofree char *basename = NULL;
  Import self = { 0 };
  gboolean ok;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (problems != NULL)
    *problems = NULL;
  if (!sl_db_require (db, SL_ACTION_MANAGE_CHARITIES, error))
    return NULL;

  g_array_set_clear_func (rows, row_clear);
  display = g_filename_display_name (path);
  basename = g_filename_display_basename (path);
  self = (Import) { display, -1, -1, FALSE, rows, found, NULL, result, basename };

  if (!(result->sha256 = sl_import_dup_file_sha256 (path, cancellable, error))
      || !read_file (&self, path, cancellable, error))
    return NULL;
  ok = sl_db_run_write (db, import_in_write, &self, error);
  if (!ok && self.problems->len > 0 && problems != NULL)
    *problems = g_steal_pointer (&found);
  return ok ? g_steal_pointer (&result) : NULL;
}

/* ---- In a worker thread ------------------------------------------------ */

typedef struct
{
  char       *path;
  GPtrArray  *problems;
} ImportTask;

static void
import_task_free (gpointer data)
{
  ImportTask *import_task = data;

  g_free (import_task->path);
  g_clear_pointer (&import_task->problems, g_ptr_array_unref);
  g_free (import_task);
}

static void
import_thread (GTask        *task,
               SlDb         *connection,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTask *import_task = task_data;
  GError *error = NULL;
  SlFundraisingResult *result;

  result = sl_db_import_fundraising (connection, import_task->path, cancellable,
                                     &import_task->problems, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify)sl_fundraising_result_free);
}

void
sl_db_import_fundraising_async (SlDb                *db,
                                const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ImportTask *import_task;

  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (path != NULL);

  import_task = g_new0 (ImportTask, 1);
  import_task->path = g_strdup (path);
  sl_db_task_run (db, SL_DB_TASK_WRITE, sl_db_import_fundraising_async, import_task,
                  import_task_free, import_thread, cancellable, callback, user_data);
}

SlFundraisingResult *
sl_db_import_fundraising_finish (SlDb          *db,
                                 GAsyncResult  *result,
                                 GPtrArray    **problems,
                                 GError       **error)
{
  ImportTask *import_task;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (g_task_is_valid (result, db), NULL);

  import_task = sl_db_task_get_data (G_TASK (result));
  if (problems != NULL)
    *problems = g_steal_pointer (&import_task->problems);
  return g_task_propagate_pointer (G_TASK (result), error);
}
