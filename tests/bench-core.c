/* bench-core.c — how fast the core is at a full-size event
 *
 * Run by `meson test -C build --benchmark`. Prints one line per figure;
 * the targets are printed alongside and never fail the run, which exits
 * non-zero only when something actually went wrong.
 *
 * Import and export are compared with the same work done bare in the same
 * run: the CSV parsed with libcsv and inserted into a plain table by
 * SQLite with the same pragmas, and a plain libxlsxwriter loop in
 * constant-memory mode writing the same cells.
 *
 * STARTLINE_BENCH_ENTRANTS (default 50000) and STARTLINE_BENCH_REPS
 * (default 5) make quick runs possible; STARTLINE_BENCH_DIR says where the
 * files go (default: the build's tests folder).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <xlsxwriter.h>

#include "sl-core.h"
#include "sl-bench-util.h"
#include "sl-demo.h"
#include "sl-export.h"
#include "sl-import.h"
#include "sl-test-util.h"

#define SEED 2026
#define N_QUERIES 2000
#define N_CHECK_INS 500

static char *tmp_dir;
static guint n_entrants = 50000;
static guint n_reps = 5;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* ---- Import ------------------------------------------------------------- */

static double
time_import (const char *csv,
             guint       rep)
{
  g_autofree char *name = g_strdup_printf ("import-%u.db", rep);
  g_autofree char *path = tmp_path (name);
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportResult) result = NULL;
  SlImportResult *rejected = NULL;
  SlImportOptions options;
  double start, ms;

  /* The races, waves and charities the CSV refers to, and no entrants. */
  if (!(db = sl_db_create (path, "Import benchmark", "2026-04-26", &error))
      || !sl_db_generate_demo (db, 0, SEED, NULL, NULL, NULL, &error))
    sl_bench_fail ("creating the import event", error->message);

  sl_import_options_init (&options);
  start = now_ms ();
  result = sl_db_import_csv (db, csv, &options, NULL, NULL, NULL, &rejected, &error);
  ms = now_ms () - start;
  sl_import_options_clear (&options);

  if (result == NULL)
    {
      if (rejected != NULL && rejected->problems != NULL && rejected->problems->len > 0)
        {
          SlImportProblem *p = g_ptr_array_index (rejected->problems, 0);
          g_printerr ("bench-core: first rejected row: line %u: %s\n", p->line, p->reason);
        }
      g_clear_pointer (&rejected, sl_import_result_free);
      sl_bench_fail ("sl_db_import_csv", error->message);
    }
  g_clear_pointer (&rejected, sl_import_result_free);
  if (result->imported != n_entrants)
    sl_bench_fail ("sl_db_import_csv", "did not import every row");

  g_clear_object (&db);
  sl_test_remove_db (path);
  return ms;
}

typedef struct
{
  sqlite3      *handle;
  sqlite3_stmt *insert;
  int           column;
  gboolean      header_done;
  gboolean      failed;
} BareImport;

static void
bare_field_cb (void   *data,
               size_t  len,
               void   *user_data)
{
  BareImport *b = user_data;

  b->column++;
  if (b->header_done && b->column <= 13)
    sqlite3_bind_text (b->insert, b->column, data, (int)len, SQLITE_TRANSIENT);
}

static void
bare_row_cb (int   c,
             void *user_data)
{
  BareImport *b = user_data;

  if (b->header_done)
    {
      if (sqlite3_step (b->insert) != SQLITE_DONE)
        b->failed = TRUE;
      sqlite3_reset (b->insert);
      sqlite3_clear_bindings (b->insert);
    }
  b->header_done = TRUE;
  b->column = 0;
}

static void
bare_exec (sqlite3    *handle,
           const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (handle, sql, NULL, NULL, &message) != SQLITE_OK)
    sl_bench_fail (sql, message != NULL ? message : "failed");
}

static double
time_bare_import (const char *csv,
                  guint       rep)
{
  g_autofree char *name = g_strdup_printf ("bare-%u.db", rep);
  g_autofree char *path = tmp_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  struct csv_parser parser;
  BareImport b = { NULL };
  gsize length;
  double start, ms;

  if (sqlite3_open (path, &b.handle) != SQLITE_OK)
    sl_bench_fail ("sqlite3_open", sqlite3_errmsg (b.handle));
  bare_exec (b.handle, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                       " PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;"
                       " CREATE TABLE entrant (bib TEXT, booking_ref TEXT, first_name TEXT,"
                       " last_name TEXT, dob TEXT, gender TEXT, club TEXT, country TEXT,"
                       " email TEXT, phone TEXT, race TEXT, wave TEXT, charity TEXT)");

  start = now_ms ();
  /* Reading the file is part of the work, as it is for the real import. */
  if (!g_file_get_contents (csv, &contents, &length, &error))
    sl_bench_fail ("reading the CSV", error->message);
  if (sqlite3_prepare_v2 (b.handle, "INSERT INTO entrant VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                    " ?, ?, ?, ?)", -1, &b.insert, NULL) != SQLITE_OK)
    sl_bench_fail ("prepare", sqlite3_errmsg (b.handle));
  bare_exec (b.handle, "BEGIN IMMEDIATE");
  csv_init (&parser, CSV_APPEND_NULL);
  if (csv_parse (&parser, contents, length, bare_field_cb, bare_row_cb, &b) != length)
    sl_bench_fail ("csv_parse", csv_strerror (csv_error (&parser)));
  csv_fini (&parser, bare_field_cb, bare_row_cb, &b);
  csv_free (&parser);
  if (b.failed)
    sl_bench_fail ("bare insert", sqlite3_errmsg (b.handle));
  bare_exec (b.handle, "COMMIT");
  ms = now_ms () - start;

  sqlite3_finalize (b.insert);
  sqlite3_close (b.handle);
  sl_test_remove_db (path);
  return ms;
}

static void
bench_import (const char *csv)
{
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  double m_ours, m_bare;

  /* Alternate the two so that neither always runs with a warm cache. */
  for (guint rep = 0; rep < n_reps; rep++)
    {
      double ms = time_import (csv, rep);
      g_array_append_val (ours, ms);
      ms = time_bare_import (csv, rep);
      g_array_append_val (bare, ms);
    }
  m_ours = sl_bench_median (ours);
  m_bare = sl_bench_median (bare);
  g_print ("import_csv_ms median=%.1f bare_median=%.1f ratio=%.2f target_ratio<=2.0 %s"
           " (entrants=%u reps=%u)\n", m_ours, m_bare, m_ours / m_bare,
           m_ours / m_bare <= 2.0 ? "met" : "MISSED", n_entrants, n_reps);
}

/* ---- Export ------------------------------------------------------------- */

typedef enum
{
  BARE_NONE,
  BARE_STRING,
  BARE_TEXT,       /* a string in text format: bibs, phones, references */
  BARE_DATE,
  BARE_DATE_TIME,
  BARE_MONEY,
} BareKind;

typedef struct
{
  BareKind      kind;
  char         *text;
  double        number;
  lxw_datetime  when;
} BareCell;

/* The cells of the default export columns, read beforehand so that the
 * bare loop does nothing but write them.
 */
typedef struct
{
  guint     n_rows;
  guint     n_columns;
  BareCell *cells;
  GPtrArray *headers;
} BareSheet;

static void
bare_sheet_free (BareSheet *sheet)
{
  for (gsize i = 0; i < (gsize)sheet->n_rows * sheet->n_columns; i++)
    g_free (sheet->cells[i].text);
  g_free (sheet->cells);
  g_ptr_array_unref (sheet->headers);
  g_free (sheet);
}

static void
set_text (BareCell   *cell,
          BareKind    kind,
          const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  cell->kind = kind;
  cell->text = g_strdup (text);
}

static void
set_date (BareCell   *cell,
          const char *iso)
{
  guint y, m, d;

  if (iso == NULL || sscanf (iso, "%u-%u-%u", &y, &m, &d) != 3)
    return;
  cell->kind = BARE_DATE;
  cell->when = (lxw_datetime) { (int)y, (int)m, (int)d, 0, 0, 0 };
}

static void
set_local_time (BareCell   *cell,
                GTimeZone  *tz,
                const char *utc_iso)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc_iso == NULL || !(utc = g_date_time_new_from_iso8601 (utc_iso, NULL)))
    return;
  local = g_date_time_to_timezone (utc, tz);
  cell->kind = BARE_DATE_TIME;
  cell->when = (lxw_datetime) { g_date_time_get_year (local), g_date_time_get_month (local),
                                g_date_time_get_day_of_month (local),
                                g_date_time_get_hour (local), g_date_time_get_minute (local),
                                0 };
}

/* The default export columns as sl-export.c defines them: bib, booking
 * ref, first, last, date of birth, gender, nationality, club, email,
 * phone, race, wave, start area, start time, entry type, status, charity,
 * target, raised, costume, VIP, checked in at, desk.
 */
static BareSheet *
read_bare_sheet (const char *db_path)
{
  BareSheet *sheet = g_new0 (BareSheet, 1);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/London");
  const SlExportColumnInfo *infos;
  guint n_infos;
  sqlite3 *handle;
  sqlite3_stmt *stmt;
  guint row = 0;

  infos = sl_export_get_columns (&n_infos);
  sheet->headers = g_ptr_array_new ();
  for (guint i = 0; i < n_infos; i++)
    if (infos[i].in_default)
      g_ptr_array_add (sheet->headers, (gpointer)infos[i].header);
  sheet->n_columns = 23;
  if (sheet->headers->len != sheet->n_columns)
    sl_bench_fail ("export columns", "the default export columns changed; update bench-core.c");

  if (sqlite3_open_v2 (db_path, &handle, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    sl_bench_fail ("sqlite3_open", sqlite3_errmsg (handle));
  if (sqlite3_prepare_v2 (handle,
                          "SELECT e.bib, e.booking_ref, e.first_name, e.last_name,"
                          " e.date_of_birth, e.gender, e.nationality, e.club, e.email, e.phone,"
                          " r.name, w.name, w.start_area, w.start_time, e.entry_type, e.status,"
                          " c.name, cs.target_pence, cs.raised_pence, e.costume, e.vip,"
                          " e.checked_in_at, e.checked_in_desk, (SELECT count(*) FROM entrant)"
                          " FROM entrant e LEFT JOIN race r ON r.id = e.race_id"
                          " LEFT JOIN wave w ON w.id = e.wave_id"
                          " LEFT JOIN charity_signup cs ON cs.entrant_id = e.id"
                          " LEFT JOIN charity c ON c.id = cs.charity_id ORDER BY e.id",
                          -1, &stmt, NULL) != SQLITE_OK)
    sl_bench_fail ("reading the export cells", sqlite3_errmsg (handle));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      BareCell *c;
      SlGender gender = SL_GENDER_UNKNOWN;
      SlEntryType type = SL_ENTRY_BALLOT;
      SlStatus status = SL_STATUS_REGISTERED;

#define T(i) ((const char *)sqlite3_column_text (stmt, (i)))
      if (sheet->cells == NULL)
        {
          sheet->n_rows = (guint)sqlite3_column_int (stmt, 23);
          sheet->cells = g_new0 (BareCell, (gsize)sheet->n_rows * sheet->n_columns);
        }
      c = &sheet->cells[(gsize)row * sheet->n_columns];
      set_text (&c[0], BARE_TEXT, T (0));
      set_text (&c[1], BARE_TEXT, T (1));
      set_text (&c[2], BARE_STRING, T (2));
      set_text (&c[3], BARE_STRING, T (3));
      set_date (&c[4], T (4));
      if (T (5) != NULL && sl_gender_from_id (T (5), &gender))
        set_text (&c[5], BARE_STRING, sl_gender_to_label (gender));
      set_text (&c[6], BARE_STRING, T (6));
      set_text (&c[7], BARE_STRING, T (7));
      set_text (&c[8], BARE_STRING, T (8));
      set_text (&c[9], BARE_TEXT, T (9));
      set_text (&c[10], BARE_STRING, T (10));
      set_text (&c[11], BARE_STRING, T (11));
      set_text (&c[12], BARE_STRING, T (12));
      set_local_time (&c[13], tz, T (13));
      if (sl_entry_type_from_id (T (14), &type))
        set_text (&c[14], BARE_STRING, sl_entry_type_to_label (type));
      if (sl_status_from_id (T (15), &status))
        set_text (&c[15], BARE_STRING, sl_status_to_label (status));
      set_text (&c[16], BARE_STRING, T (16));
      for (int i = 17; i <= 18; i++)
        if (sqlite3_column_type (stmt, i) != SQLITE_NULL)
          {
            c[i].kind = BARE_MONEY;
            c[i].number = sqlite3_column_int64 (stmt, i) / 100.0;
          }
      set_text (&c[19], BARE_STRING, T (19));
      set_text (&c[20], BARE_STRING, sqlite3_column_int (stmt, 20) ? "Yes" : "No");
      set_local_time (&c[21], tz, T (21));
      set_text (&c[22], BARE_STRING, T (22));
#undef T
      row++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  if (row != sheet->n_rows)
    sl_bench_fail ("reading the export cells", "row count changed while reading");
  return sheet;
}

static double
time_export (SlDb  *db,
             guint  rep)
{
  g_autofree char *name = g_strdup_printf ("export-%u.xlsx", rep);
  g_autofree char *path = tmp_path (name);
  g_autoptr(GError) error = NULL;
  SlExportOptions options = { .format = SL_EXPORT_FORMAT_XLSX, .kind = SL_EXPORT_ENTRANTS };
  double start, ms;

  start = now_ms ();
  if (!sl_db_export (db, path, &options, NULL, NULL, NULL, &error))
    sl_bench_fail ("sl_db_export", error->message);
  ms = now_ms () - start;
  g_unlink (path);
  return ms;
}

static double
time_bare_export (const BareSheet *sheet,
                  guint            rep)
{
  g_autofree char *name = g_strdup_printf ("bare-%u.xlsx", rep);
  g_autofree char *path = tmp_path (name);
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = tmp_dir };
  lxw_workbook *workbook;
  lxw_worksheet *ws;
  lxw_format *bold, *text, *date, *date_time, *money;
  double start, ms;

  start = now_ms ();
  workbook = workbook_new_opt (path, &options);
  if (workbook == NULL)
    sl_bench_fail ("workbook_new_opt", path);
  ws = workbook_add_worksheet (workbook, NULL);
  bold = workbook_add_format (workbook);
  format_set_bold (bold);
  text = workbook_add_format (workbook);
  format_set_num_format (text, "@");
  date = workbook_add_format (workbook);
  format_set_num_format (date, "yyyy-mm-dd");
  date_time = workbook_add_format (workbook);
  format_set_num_format (date_time, "yyyy-mm-dd hh:mm");
  money = workbook_add_format (workbook);
  format_set_num_format (money, "\"£\"#,##0.00");

  for (guint col = 0; col < sheet->n_columns; col++)
    worksheet_write_string (ws, 0, (lxw_col_t)col, g_ptr_array_index (sheet->headers, col), bold);

  for (guint row = 0; row < sheet->n_rows; row++)
    for (guint col = 0; col < sheet->n_columns; col++)
      {
        BareCell *c = &sheet->cells[(gsize)row * sheet->n_columns + col];
        lxw_row_t r = (lxw_row_t)row + 1;

        switch (c->kind)
          {
          case BARE_STRING:
            worksheet_write_string (ws, r, (lxw_col_t)col, c->text, NULL);
            break;
          case BARE_TEXT:
            worksheet_write_string (ws, r, (lxw_col_t)col, c->text, text);
            break;
          case BARE_DATE:
            worksheet_write_datetime (ws, r, (lxw_col_t)col, &c->when, date);
            break;
          case BARE_DATE_TIME:
            worksheet_write_datetime (ws, r, (lxw_col_t)col, &c->when, date_time);
            break;
          case BARE_MONEY:
            worksheet_write_number (ws, r, (lxw_col_t)col, c->number, money);
            break;
          case BARE_NONE:
          default:
            break;
          }
      }

  if (workbook_close (workbook) != LXW_NO_ERROR)
    sl_bench_fail ("workbook_close", path);
  ms = now_ms () - start;
  g_unlink (path);
  return ms;
}

static void
bench_export (SlDb *db)
{
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  BareSheet *sheet = read_bare_sheet (sl_db_get_path (db));
  double m_ours, m_bare;

  /* Without a profile the export needs an admin (signed in untimed). */
  sl_test_sign_in_admin (db);
  for (guint rep = 0; rep < n_reps; rep++)
    {
      double ms = time_export (db, rep);
      g_array_append_val (ours, ms);
      ms = time_bare_export (sheet, rep);
      g_array_append_val (bare, ms);
    }
  m_ours = sl_bench_median (ours);
  m_bare = sl_bench_median (bare);
  g_print ("export_xlsx_ms median=%.1f bare_median=%.1f ratio=%.2f target_ratio<=1.3 %s"
           " (rows=%u columns=%u reps=%u)\n", m_ours, m_bare, m_ours / m_bare,
           m_ours / m_bare <= 1.3 ? "met" : "MISSED", sheet->n_rows, sheet->n_columns, n_reps);
  bare_sheet_free (sheet);
}

/* ---- A charity partner's export (issue 18) -------------------------------- */

#define PARTNER_RUNNERS 5000
#define PARTNER_REPS 15

/* 5,000 runners of one charity, half of whom gave contact consent,
 * exported through the charity-partner profile by an exporter (the
 * consent rule, the reason, the SHA-256 and the export log included).
 */
static void
bench_partner_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *db_path = tmp_path ("partner.db");
  g_autofree char *name = NULL;
  SlProfileExportRequest request = { "charity-partner", SL_EXPORT_FORMAT_AUTO, NULL, NULL,
                                     "benchmark" };
  g_autoptr(GPtrArray) charities = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *handle;
  gint64 n_rows = 0;
  gint64 charity_id;

  if (!(db = sl_db_create (db_path, "Partner", "2026-04-26", &error))
      || !sl_db_generate_demo (db, PARTNER_RUNNERS, SEED, NULL, NULL, NULL, &error)
      || !(charities = sl_db_list_charities (db, &error)) || charities->len == 0)
    sl_bench_fail ("partner event", error != NULL ? error->message : "no charity");
  name = g_strdup (((SlCharity *)g_ptr_array_index (charities, 0))->name);
  charity_id = ((SlCharity *)g_ptr_array_index (charities, 0))->id;
  request.charity = name;
  sql = g_strdup_printf ("INSERT OR IGNORE INTO charity_signup (entrant_id, charity_id,"
                         " target_pence) SELECT id, %1$" G_GINT64_FORMAT ", 200000 FROM entrant;"
                         "UPDATE charity_signup SET charity_id = %1$" G_GINT64_FORMAT ";"
                         "INSERT OR REPLACE INTO contact_consent SELECT id, 'given',"
                         " '2026-01-01T00:00:00Z', 'bench', 'bench' FROM entrant"
                         " WHERE id %% 2 = 0;", charity_id);
  /* Every runner this charity's; every other one with consent given. */
  if (sqlite3_open (db_path, &handle) != SQLITE_OK
      || sqlite3_exec (handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    sl_bench_fail ("partner event", sqlite3_errmsg (handle));
  sqlite3_close (handle);
  if (!sl_db_add_staff (db, "Bench Admin", SL_ROLE_ADMIN, "bench passphrase", &error)
      || !sl_db_sign_in (db, "Bench Admin", "bench passphrase", &error)
      || !sl_db_add_staff (db, "Bench Exporter", SL_ROLE_EXPORTER, "bench passphrase", &error)
      || !sl_db_sign_in (db, "Bench Exporter", "bench passphrase", &error))
    sl_bench_fail ("partner staff", error->message);

  for (guint rep = 0; rep < PARTNER_REPS; rep++)
    {
      g_autofree char *file = g_strdup_printf ("partner-%u.xlsx", rep);
      g_autofree char *path = tmp_path (file);
      double start = now_ms (), ms;

      if (!sl_db_export_profile (db, path, &request, NULL, NULL, NULL, &n_rows, &error))
        sl_bench_fail ("sl_db_export_profile", error->message);
      ms = now_ms () - start;
      g_array_append_val (times, ms);
      g_unlink (path);
    }
  g_print ("partner_export_xlsx_ms median=%.1f target<200 %s (rows=%" G_GINT64_FORMAT
           " profile=charity-partner reps=%u)\n", sl_bench_median (times),
           sl_bench_median (times) < 200 ? "met" : "MISSED", n_rows, PARTNER_REPS);
  g_clear_object (&db);
  sl_test_remove_db (db_path);
}

/* ---- Search ------------------------------------------------------------- */

/* What volunteers type (sl_bench_dup_query's kinds), from a random
 * entrant; a booking reference also in lower case, and a club's
 * stand-in the last name in lower case as typed.
 */
static char *
dup_query (SlDb         *db,
           GRand        *rand,
           guint         i,
           const char  **kind)
{
  gint64 id = g_rand_int_range (rand, 1, (gint32)n_entrants + 1);
  g_autoptr(SlEntrant) e = sl_db_dup_entrant (db, id, NULL);
  char *text;

  if (e == NULL)
    sl_bench_fail ("picking a query", "entrant missing");
  text = sl_bench_dup_query (e, rand, i);
  *kind = sl_bench_query_kinds[i % SL_BENCH_N_QUERY_KINDS];
  if (i % 16 == 5)
    {
      g_free (text);
      text = g_ascii_strdown (e->booking_ref, -1);
    }
  else if (i % 8 == 6 && e->club == NULL)
    {
      g_free (text);
      text = g_ascii_strdown (e->last_name, -1);
    }
  return text;
}

static void
bench_search (SlDb *db)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) by_kind = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify)g_array_unref);
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  double med, p99, worst = 0;
  const char *worst_query = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint empty = 0;

  for (guint i = 0; i < N_QUERIES; i++)
    {
      const char *kind = NULL;
      g_ptr_array_add (queries, dup_query (db, rand, i, &kind));
      g_ptr_array_add (kinds, (gpointer)kind);
    }

  for (guint i = 0; i < N_QUERIES; i++)
    {
      const char *q = g_ptr_array_index (queries, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      GArray *per_kind;
      guint n_matches = 0;
      double start = now_ms (), ms;

      /* Counted, as the desk searches. */
      hits = sl_db_search_counted (db, q, 50, &n_matches, &error);
      ms = now_ms () - start;
      if (hits == NULL)
        sl_bench_fail ("sl_db_search", error->message);
      /* Every query comes from a real entrant, so none may come back empty. */
      empty += hits->len == 0;
      if (hits->len == 0)
        g_printerr ("bench-core: search for \"%s\" found nobody\n", q);

      g_array_append_val (all, ms);
      if (ms > worst)
        worst = ms, worst_query = q;
      per_kind = g_hash_table_lookup (by_kind, g_ptr_array_index (kinds, i));
      if (per_kind == NULL)
        {
          per_kind = g_array_new (FALSE, FALSE, sizeof (double));
          g_hash_table_insert (by_kind, g_ptr_array_index (kinds, i), per_kind);
        }
      g_array_append_val (per_kind, ms);
    }

  med = sl_bench_median (all);
  p99 = sl_bench_percentile (all, 99);
  g_print ("search_ms median=%.3f p99=%.3f max=%.3f target_p99<5 %s (queries=%u limit=50"
           " empty=%u slowest=\"%s\")\n", med, p99, worst, p99 < 5 ? "met" : "MISSED",
           N_QUERIES, empty, worst_query);

  g_hash_table_iter_init (&iter, by_kind);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *values = value;
      double m = sl_bench_median (values);
      g_print ("search_ms[%s] median=%.3f p99=%.3f (queries=%u)\n", (const char *)key, m,
               sl_bench_percentile (values, 99), values->len);
    }
  if (empty > 0)
    sl_bench_fail ("sl_db_search", "a query taken from a real entrant found nobody");
}

/* ---- Check-in ----------------------------------------------------------- */

static void
bench_check_in (SlDb *db)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + 1);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) picked = g_hash_table_new (NULL, NULL);
  double med, p99;

  while (times->len < MIN (N_CHECK_INS, n_entrants / 2))
    {
      gint64 id = g_rand_int_range (rand, 1, (gint32)n_entrants + 1);
      g_autoptr(SlEntrant) e = sl_db_dup_entrant (db, id, NULL);
      g_autoptr(SlEntrant) after = NULL;
      g_autoptr(GError) error = NULL;
      double start, ms;

      if (e == NULL || e->status != SL_STATUS_REGISTERED
          || !g_hash_table_add (picked, GINT_TO_POINTER (id)))
        continue;

      start = now_ms ();
      after = sl_db_check_in (db, e->bib, "Desk 7", &error);
      ms = now_ms () - start;
      if (after == NULL)
        sl_bench_fail ("sl_db_check_in", error->message);
      if (after->status != SL_STATUS_CHECKED_IN)
        sl_bench_fail ("sl_db_check_in", "entrant not checked in");
      g_array_append_val (times, ms);
    }

  med = sl_bench_median (times);
  p99 = sl_bench_percentile (times, 99);
  g_print ("checkin_ms median=%.3f p99=%.3f target_median<5 %s (check_ins=%u, durable:"
           " WAL synchronous=FULL)\n", med, p99, med < 5 ? "met" : "MISSED", times->len);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *db_path = NULL;
  const char *base;
  double start;

  n_entrants = sl_bench_env_uint ("STARTLINE_BENCH_ENTRANTS", 50000);
  n_reps = sl_bench_env_uint ("STARTLINE_BENCH_REPS", 5);

  /* Durable check-ins mean nothing on a tmpfs /tmp: work beside the build
   * (on a real disk) unless told otherwise.
   */
  base = g_getenv ("STARTLINE_BENCH_DIR");
  if (base == NULL)
    base = g_getenv ("G_TEST_BUILDDIR");
  if (base == NULL)
    base = g_get_tmp_dir ();
  tmp_dir = g_build_filename (base, "bench-core-XXXXXX", NULL);
  if (g_mkdtemp (tmp_dir) == NULL)
    sl_bench_fail ("temporary folder", g_strerror (errno));
  g_print ("bench_dir %s\n", tmp_dir);
  csv = tmp_path ("entrants.csv");
  db_path = tmp_path ("event.db");

  if (!sl_demo_write_csv (csv, n_entrants, SEED, &error))
    sl_bench_fail ("sl_demo_write_csv", error->message);
  bench_import (csv);

  start = now_ms ();
  if (!(db = sl_db_create (db_path, "Benchmark", "2026-04-26", &error))
      || !sl_db_generate_demo (db, n_entrants, SEED, NULL, NULL, NULL, &error))
    sl_bench_fail ("sl_db_generate_demo", error->message);
  g_print ("demo_generate_ms total=%.1f (entrants=%u, one transaction, audited)\n",
           now_ms () - start, n_entrants);

  bench_export (db);
  bench_partner_export ();
  bench_search (db);
  bench_check_in (db);

  g_clear_object (&db);
  sl_test_remove_db (db_path);
  g_unlink (csv);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return 0;
}
