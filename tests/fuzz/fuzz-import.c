/* fuzz-import.c — libFuzzer target for the CSV import
 *
 * The first byte chooses the options (date order, good rows only, dry run,
 * mapping only, a --map style mapping, how many preview rows); with the
 * mapping bit set the second byte names the field and the bytes up to the
 * next newline the column it reads. The rest is the file. It is previewed,
 * imported into a fresh event (a mass race with a wave, and a charity) and,
 * when that import committed, imported again: the re-import must find
 * every entrant unchanged and refuse the same rows. Errors are the import
 * doing its job; crashes, sanitizer reports, GLib criticals and warnings,
 * leaks, results that contradict themselves and a damaged database are
 * what the target reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sl-core.h"
#include "sl-sqlite-private.h"
#include "sl-test-util.h"
#include "fuzz-import.h"

#define MAPPING_NAME_MAX 64

static const char *base_dir;
static char *work_dir;
static char *csv_path;
static char *db_path;
static char *template_data;
static gsize template_len;

/* Every warning or critical is a bug the fuzzer must see, whatever
 * G_DEBUG says, so the writer aborts after printing it.
 */
static GLogWriterOutput
fatal_writer_cb (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput out = g_log_writer_standard_streams (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return out;
}

/* A folder per input, removed after it, so that a fuzzing job that is
 * stopped between inputs leaves nothing behind.
 */
static void
make_work_dir (void)
{
  work_dir = g_build_filename (base_dir, "startline-fuzz-XXXXXX", NULL);
  if (g_mkdtemp (work_dir) == NULL)
    g_error ("cannot make a folder in %s", base_dir);
  csv_path = g_build_filename (work_dir, "input.csv", NULL);
  db_path = g_build_filename (work_dir, "event.db", NULL);
}

static void
remove_work_dir (void)
{
  sl_test_remove_db (db_path);
  g_unlink (csv_path);
  g_rmdir (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&csv_path, g_free);
  g_clear_pointer (&db_path, g_free);
}

/* Creating an event runs the whole schema; copying a file made once is
 * many times quicker, and RAM-backed /dev/shm spares the disk the fsyncs.
 */
static void
init_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  SlRace race = { 0, (char *)"MASS", (char *)"Mass", (char *)"mass" };
  SlWave wave = { 0, 0, (char *)"Blue 1", (char *)"Blue", (char *)"2026-04-26T09:10:00Z" };
  SlCharity charity = { 0, (char *)"Riverside Hospice", (char *)"1012345", NULL, NULL, 100,
                        200000 };

  g_log_set_writer_func (fatal_writer_cb, NULL, NULL);
  base_dir = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  make_work_dir ();

  db = sl_db_create (db_path, "Fuzz Marathon", "2026-04-26", &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_add_race (db, &race, &error));
  wave.race_id = race.id;
  g_assert_true (sl_db_add_wave (db, &wave, &error));
  g_assert_true (sl_db_add_charity (db, &charity, &error));
  g_assert_no_error (error);
  /* Closing folds the WAL back into the file, which is then whole. */
  g_clear_object (&db);

  g_file_get_contents (db_path, &template_data, &template_len, &error);
  g_assert_no_error (error);
  remove_work_dir ();
}

static SlDb *
open_fresh_event (void)
{
  g_autoptr(GError) error = NULL;
  SlDb *db;

  g_file_set_contents_full (db_path, template_data, (gssize)template_len,
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
  db = sl_db_open_full (db_path, SL_DB_OPEN_DEFER_CHECK, &error);
  g_assert_no_error (error);
  return db;
}

static gint64
count_rows (SlDb       *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 n = -1;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, sql, &error);
  g_assert_no_error (error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  sl_db_unlock (db);
  return n;
}

static void
assert_db_sound (SlDb *db)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_integrity_ok (db, &error));
  g_assert_no_error (error);
  /* The search index is kept by hand (sl-entrant.c), not by triggers:
   * an external-content FTS5 check compares it with the entrant rows.
   */
  sl_db_lock (db);
  g_assert_true (sl_sqlite_exec (db, "INSERT INTO entrant_fts (entrant_fts) VALUES ('integrity-check')",
                             &error));
  g_assert_no_error (error);
  sl_db_unlock (db);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

/* Progress only moves forward, from 0 to 1. */
static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  g_assert_true (message != NULL && g_utf8_validate (message, -1, NULL));
  *last = fraction;
}

/* What the import says must agree with itself. */
static void
check_import (SlImportResult        *result,
              SlImportResult        *refused,
              const GError          *error,
              const SlImportOptions *options)
{
  SlImportResult *r;

  g_assert_true ((result == NULL) != (error == NULL));
  if (refused != NULL)
    {
      g_assert_null (result);
      g_assert_true (g_error_matches (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED));
      g_assert_false (refused->committed);
      g_assert_cmpuint (refused->rejected, >, 0);
    }
  if (error != NULL && error->domain == SL_IMPORT_ERROR)
    g_assert_true (error->message != NULL && *error->message != '\0');

  r = result != NULL ? result : refused;
  if (r != NULL)
    {
      g_assert_cmpuint (r->problems->len, ==, r->rejected);
      g_assert_cmpuint (r->added->len, ==,
                        r->added_races + r->added_waves + r->added_charities);
      g_assert_true (options->add_missing || r->added->len == 0);
      g_assert_true (!options->add_missing || r->missing == 0);
      for (guint i = 0; i < r->problems->len; i++)
        {
          SlImportProblem *p = g_ptr_array_index (r->problems, i);

          g_assert_cmpuint (p->line, >, 0);
          g_assert_true (g_utf8_validate (p->reason, -1, NULL));
          g_assert_true (p->column == NULL || g_utf8_validate (p->column, -1, NULL));
          /* In file order. */
          if (i > 0)
            g_assert_cmpuint (p->line, >=,
                              ((SlImportProblem *)g_ptr_array_index (r->problems, i - 1))->line);
        }
    }
  if (result != NULL)
    {
      g_assert_true (result->committed == !options->dry_run);
      g_assert_true (result->rejected == 0 || options->good_rows_only);
    }
}

static void
check_preview (SlImportPreview *preview,
               guint            max_rows)
{
  guint n_headers;

  g_assert_nonnull (preview->headers);
  g_assert_true (g_str_equal (preview->encoding, "UTF-8")
                 || g_str_equal (preview->encoding, "Windows-1252")
                 || g_str_equal (preview->encoding, "Mac Roman"));
  g_assert_true (preview->delimiter == ',' || preview->delimiter == ';'
                 || preview->delimiter == '\t');
  n_headers = g_strv_length (preview->headers);
  for (guint i = 0; i < n_headers; i++)
    {
      g_assert_true (g_utf8_validate (preview->headers[i], -1, NULL));
      g_assert_cmpint (preview->fields[i], <, SL_N_IMPORT_FIELDS);
    }
  g_assert_cmpuint (preview->rows->len, <=, max_rows);
  for (guint i = 0; i < preview->rows->len; i++)
    {
      GStrv row = g_ptr_array_index (preview->rows, i);

      for (guint j = 0; row[j] != NULL; j++)
        g_assert_true (g_utf8_validate (row[j], -1, NULL));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint preview_rows[] = { 0, 1, 5, 100 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportPreview) preview = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlDb) db = NULL;
  SlImportOptions options;
  double progress = 0.0;
  guint max_rows;
  guint8 flags;

  if (size < 1)
    return 0;
  if (template_data == NULL)
    init_once ();

  flags = data[0];
  data++;
  size--;
  sl_import_options_init (&options);
  options.date_order = (SlDateOrder)(flags & 0x3);
  options.good_rows_only = (flags & 0x4) != 0;
  options.dry_run = (flags & 0x8) != 0;
  options.mapping_only = (flags & 0x10) != 0;
  /* The flags byte is full: the length's parity decides this one. */
  options.add_missing = (size & 1) != 0;
  max_rows = preview_rows[flags >> 6];
  if ((flags & 0x20) != 0 && size >= 1)
    {
      SlImportField field = (SlImportField)(1 + data[0] % (SL_N_IMPORT_FIELDS - 1));
      const guint8 *eol;
      gsize len;

      data++;
      size--;
      eol = memchr (data, '\n', MIN (size, MAPPING_NAME_MAX));
      len = eol != NULL ? (gsize)(eol - data) : MIN (size, MAPPING_NAME_MAX);
      /* A name given on the command line is text; the file need not be. */
      options.mapping[field] = g_utf8_make_valid ((const char *)data, (gssize)len);
      data += len;
      size -= len;
      if (eol != NULL)
        {
          data++;
          size--;
        }
    }

  make_work_dir ();
  g_file_set_contents_full (csv_path, (const char *)data, (gssize)size,
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);

  preview = sl_import_preview (csv_path, &options, max_rows, &error);
  g_assert_true ((preview == NULL) != (error == NULL));
  if (preview != NULL)
    check_preview (preview, max_rows);
  g_clear_error (&error);

  db = open_fresh_event ();
  result = sl_db_import_csv (db, csv_path, &options, NULL, progress_cb, &progress, &refused,
                             &error);
  check_import (result, refused, error, &options);
  if (result != NULL && result->committed)
    {
      g_autoptr(SlImportResult) again = NULL;
      gint64 n_entrants = count_rows (db, "SELECT count(*) FROM entrant");

      assert_db_sound (db);
      g_assert_cmpint (n_entrants, ==, result->imported);

      /* The same file again finds every entrant it wrote as it left them
       * and refuses the same rows.
       */
      progress = 0.0;
      again = sl_db_import_csv (db, csv_path, &options, NULL, progress_cb, &progress, &refused,
                                &error);
      check_import (again, refused, error, &options);
      g_assert_no_error (error);
      g_assert_cmpuint (again->imported, ==, 0);
      g_assert_cmpuint (again->updated, ==, 0);
      g_assert_cmpuint (again->unchanged, ==, result->imported);
      g_assert_cmpuint (again->rejected, ==, result->rejected);
      assert_db_sound (db);
      g_assert_cmpint (count_rows (db, "SELECT count(*) FROM entrant"), ==, n_entrants);
    }

  g_clear_object (&db);
  remove_work_dir ();
  sl_import_options_clear (&options);
  return 0;
}
