/* test-export.c — exporting entrants to xlsx and CSV
 *
 * Files are read back by tests/read-export.py (openpyxl and Python's csv
 * module), the way a partner's tools would read them, and compared cell by
 * cell with the entrants the fixture stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sl-core.h"
#include "sl-export.h"
#include "sl-test-util.h"

#define EVENT_TZ "Europe/London"

typedef struct
{
  char   *dir;
  char   *location;         /* the event's file or server database */
  SlDb   *db;
  gint64  msf;              /* charity ids */
  gint64  blind;
  gint64  deaf;
  char   *checked_in_at;    /* UTC, as stored */
} Fixture;

static gint64
add_race (SlDb       *db,
          const char *code,
          const char *name,
          const char *kind)
{
  g_autoptr(GError) error = NULL;
  SlRace race = { 0, (char *)code, (char *)name, (char *)kind };

  g_assert_true (sl_db_add_race (db, &race, &error));
  g_assert_no_error (error);
  return race.id;
}

static gint64
add_wave (SlDb       *db,
          gint64      race_id,
          const char *name,
          const char *area,
          const char *start_utc)
{
  g_autoptr(GError) error = NULL;
  SlWave wave = { 0, race_id, (char *)name, (char *)area, (char *)start_utc };

  g_assert_true (sl_db_add_wave (db, &wave, &error));
  g_assert_no_error (error);
  return wave.id;
}

static gint64
add_charity (SlDb       *db,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  SlCharity charity = { 0, (char *)name, NULL, NULL, NULL, 10, 200000 };

  g_assert_true (sl_db_add_charity (db, &charity, &error));
  g_assert_no_error (error);
  return charity.id;
}

static SlEntrant *
new_entrant (const char *bib,
             const char *ref,
             const char *first,
             const char *last)
{
  SlEntrant *e = sl_entrant_new ();

  e->bib = g_strdup (bib);
  e->booking_ref = g_strdup (ref);
  e->first_name = g_strdup (first);
  e->last_name = g_strdup (last);
  return e;
}

/* Stores a value the core now refuses (a line break, tab or control
 * character in a one-line field), as a file written before that rule may
 * hold: the export must still write it safely.
 */
static void
set_raw (SlDb       *db,
         gint64      id,
         const char *column,
         const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value, "'", -1);
  g_autofree char *quoted = g_strjoinv ("''", parts);
  g_autofree char *sql = g_strdup_printf ("UPDATE entrant SET %s = '%s' WHERE id = %"
                                          G_GINT64_FORMAT, column, quoted, id);
  g_autofree char *message = NULL;

  /* Written beside the store, as another program would (on either). */
  if (!sl_test_exec (db, NULL, sql, &message))
    g_error ("%s: %s", sql, message);
}

static gint64
insert (SlDb      *db,
        SlEntrant *e)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_insert_entrant (db, e, &error));
  g_assert_no_error (error);
  return e->id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(SlEntrant) checked = NULL;
  g_autoptr(SlEntrant) e1 = NULL;
  g_autoptr(SlEntrant) e2 = NULL;
  g_autoptr(SlEntrant) e3 = NULL;
  g_autoptr(SlEntrant) e4 = NULL;
  gint64 mass, elite, summer_wave, winter_wave, save;

  f->dir = g_dir_make_tmp ("test-export-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = sl_test_event_location_new (f->dir, "event.db");
  f->location = g_strdup (db_path);
  f->db = sl_db_create (db_path, "Test Marathon", "2025-04-27", &error);
  g_assert_no_error (error);
  sl_db_set_actor (f->db, "Tester", "Desk 7");

  mass = add_race (f->db, "MASS", "Mass", "mass");
  elite = add_race (f->db, "EW", "Elite Women", "elite-women");
  /* British Summer Time (UTC+1) and Greenwich Mean Time. */
  summer_wave = add_wave (f->db, mass, "Wave 1", "Blue", "2025-04-27T08:30:00Z");
  winter_wave = add_wave (f->db, elite, "Winter", "Red", "2025-01-15T08:00:00.000Z");

  add_charity (f->db, "'Quoted' Charity");
  add_charity (f->db, "History");
  f->msf = add_charity (f->db, "Médecins Sans Frontières");
  save = add_charity (f->db, "Save the Children / UK: [Main]");
  f->blind = add_charity (f->db, "The Royal National Institute of Blind People");
  f->deaf = add_charity (f->db, "The Royal National Institute of Deaf People");

  e1 = new_entrant ("00123", "BK-0001", "José", "Fernández");
  e1->date_of_birth = g_strdup ("1985-03-14");
  e1->gender = SL_GENDER_FEMALE;
  e1->nationality = g_strdup ("ESP");
  e1->club = g_strdup ("Club Atlético");
  e1->email = g_strdup ("jose@example.org");
  e1->phone = g_strdup ("07700 900123");
  e1->entry_type = SL_ENTRY_CHARITY;
  e1->race_id = mass;
  e1->wave_id = summer_wave;
  e1->costume = g_strdup ("Big Ben");
  e1->vip = TRUE;
  e1->emergency_contact = g_strdup ("Secret Contact 0123");
  e1->notes = g_strdup ("Secret asthma note");
  insert (f->db, e1);
  g_assert_true (sl_db_set_charity_signup (f->db, e1->id, f->msf, 200000, 123456, &error));
  g_assert_no_error (error);
  checked = sl_db_check_in (f->db, "00123", "Desk 7", &error);
  g_assert_no_error (error);
  f->checked_in_at = g_strdup (checked->checked_in_at);

  /* Values a spreadsheet would run as formulas. */
  e2 = new_entrant ("2", "BK-0002", "=SUM(A1)", "O'Brien");
  e2->age = 40;
  e2->gender = SL_GENDER_NON_BINARY;
  e2->nationality = g_strdup ("GBR");
  e2->club = g_strdup ("@cmd");
  e2->phone = g_strdup ("+44 7700 900456");
  e2->costume = g_strdup ("-1");
  e2->race_id = elite;
  e2->wave_id = winter_wave;
  e2->entry_type = SL_ENTRY_ELITE;
  insert (f->db, e2);

  e3 = new_entrant ("100", "BK-0003", "Zoë", "Łukasiewicz-Smith");
  e3->date_of_birth = g_strdup ("2000-02-29");
  e3->race_id = mass;
  insert (f->db, e3);
  set_raw (f->db, e3->id, "club", "Runners, \"Fast\" & Co\nLine2");
  set_raw (f->db, e3->id, "costume", "\tTabbed");
  g_assert_true (sl_db_set_charity_signup (f->db, e3->id, f->blind, 150000, 5, &error));
  g_assert_no_error (error);

  e4 = new_entrant ("99", NULL, "Ana", "Lee");
  insert (f->db, e4);
  set_raw (f->db, e4->id, "costume", "\rCarriage");
  set_raw (f->db, e4->id, "club", "Bell\x07" "club");
  g_assert_true (sl_db_set_charity_signup (f->db, e4->id, save, 0, 0, &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_set_entrant_status (f->db, e4->id, SL_STATUS_WITHDRAWN, &error));
  g_assert_no_error (error);
  sl_test_sign_in_admin (f->db);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            {
              g_chmod (child, 0700);
              remove_tree (child);
            }
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->location);
  g_free (f->checked_in_at);
}

/* Helpers ---------------------------------------------------------------- */

static char *
fixture_path (Fixture    *f,
              const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static char *
export_ok (Fixture               *f,
           const char            *name,
           const SlExportOptions *options,
           gint64                 expected_rows)
{
  g_autoptr(GError) error = NULL;
  char *path = fixture_path (f, name);
  gint64 rows = -1;

  g_assert_true (sl_db_export_full (f->db, path, options, NULL, NULL, NULL, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rows, ==, expected_rows);
  return path;
}

static JsonNode *
read_back (const char *path)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "read-export.py", NULL);
  const char *python = g_getenv ("PYTHON3") != NULL ? g_getenv ("PYTHON3") : "/usr/bin/python3";
  const char *argv[] = { python, script, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("read-export.py %s failed: %s", path, err);
  return json_from_string (out, &error);
}

static JsonObject *
get_sheet (JsonNode *book,
           guint     index)
{
  JsonArray *sheets = json_object_get_array_member (json_node_get_object (book), "sheets");

  g_assert_cmpuint (index, <, json_array_get_length (sheets));
  return json_array_get_object_element (sheets, index);
}

static int
header_index (JsonArray  *rows,
              const char *header)
{
  JsonArray *head = json_array_get_array_element (rows, 0);

  for (guint i = 0; i < json_array_get_length (head); i++)
    {
      JsonNode *cell = json_array_get_element (head, i);
      const char *text;

      if (JSON_NODE_HOLDS_NULL (cell))
        continue;
      text = JSON_NODE_HOLDS_OBJECT (cell)
               ? json_object_get_string_member (json_node_get_object (cell), "value")
               : json_node_get_string (cell);
      if (g_strcmp0 (text, header) == 0)
        return (int)i;
    }
  return -1;
}

/* The row whose first column (the bib) is bib. */
static JsonArray *
find_row (JsonArray  *rows,
          const char *bib)
{
  for (guint r = 1; r < json_array_get_length (rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);
      JsonNode *cell = json_array_get_element (row, 0);
      const char *text = JSON_NODE_HOLDS_OBJECT (cell)
                           ? json_object_get_string_member (json_node_get_object (cell), "value")
                           : json_node_get_string (cell);

      if (g_strcmp0 (text, bib) == 0)
        return row;
    }
  g_error ("no row for bib %s", bib);
  return NULL;
}

/* An xlsx cell: checks its type, returns its value (NULL when empty). */
static const char *
xlsx_cell (JsonArray  *rows,
           const char *bib,
           const char *header,
           const char *type)
{
  int col = header_index (rows, header);
  JsonArray *row = find_row (rows, bib);
  JsonNode *cell;
  JsonObject *object;

  g_assert_cmpint (col, >=, 0);
  if ((guint)col >= json_array_get_length (row))
    return NULL;
  cell = json_array_get_element (row, (guint)col);
  if (JSON_NODE_HOLDS_NULL (cell))
    {
      g_assert_null (type);
      return NULL;
    }
  object = json_node_get_object (cell);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, type);
  return json_object_get_string_member (object, "value");
}

static const char *
xlsx_cell_format (JsonArray  *rows,
                  const char *bib,
                  const char *header)
{
  JsonArray *row = find_row (rows, bib);
  JsonNode *cell = json_array_get_element (row, (guint)header_index (rows, header));

  return json_object_get_string_member (json_node_get_object (cell), "number_format");
}

static const char *
csv_cell (JsonArray  *rows,
          const char *bib,
          const char *header)
{
  int col = header_index (rows, header);

  g_assert_cmpint (col, >=, 0);
  return json_array_get_string_element (find_row (rows, bib), (guint)col);
}

/* What the stored UTC check-in time reads as in the event's time zone. */
static char *
local_minute (const char *utc_iso)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (EVENT_TZ);
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (utc_iso, utc);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (when, tz);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M");
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* An export killed outright (kill -9, a power cut is much the same) leaves
 * no file of personal data in the folder, under any name, and the
 * destination as it was: absent, or the previous complete file.
 */
static void
die_halfway_cb (double      fraction,
                const char *message,
                gpointer    user_data)
{
  guint *calls = user_data;

  /* The second report comes after 500 rows are written. */
  if (++*calls < 2)
    return;
  g_print ("killed halfway\n");
  fflush (stdout);
  kill (getpid (), SIGKILL);
}

static void
export_and_die (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_open (g_getenv ("SL_TEST_EVENT"), &error);
  guint calls = 0;

  g_assert_no_error (error);
  sl_test_sign_in_admin (db);
  sl_db_export (db, g_getenv ("SL_TEST_EXPORT_TO"), NULL, NULL, die_halfway_cb, &calls,
                &error);
  g_assert_not_reached ();
}

static void
test_killed_leaves_nothing (void)
{
  static const char * const names[] = { "previous.xlsx", "previous.csv", "new.xlsx", "new.csv" };
  g_autoptr(char) dir = NULL;
  g_autoptr(SlDb) db = NULL;

  if (g_test_subprocess ())
    {
      export_and_die ();
      return;
    }

  dir = sl_test_tmpdir_new ();
  db = sl_test_db_new (dir, "event.db");
  sl_test_sign_in_admin (db);
  for (guint i = 0; i < 1100; i++)
    {
      g_autofree char *bib = g_strdup_printf ("5%04u", i);

      sl_entrant_free (sl_test_add_entrant (db, bib, NULL, "Private", "Person", NULL));
    }
  g_setenv ("SL_TEST_EVENT", sl_db_get_path (db), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      gboolean previous = g_str_has_prefix (names[i], "previous");
      g_autoptr(GDir) d = NULL;
      const char *name;

      if (previous)
        g_assert_true (g_file_set_contents (path, "the previous export", -1, NULL));
      g_setenv ("SL_TEST_EXPORT_TO", path, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_failed ();
      g_test_trap_assert_stdout ("killed halfway\n");

      d = g_dir_open (dir, 0, NULL);
      while ((name = g_dir_read_name (d)) != NULL)
        if (!g_str_has_prefix (name, "event.db") && !g_str_has_prefix (name, "previous"))
          g_error ("%s: an export killed midway left “%s”", names[i], name);
      if (previous)
        {
          g_autofree char *contents = NULL;

          g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
          g_assert_cmpstr (contents, ==, "the previous export");
        }
      else
        g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  g_unsetenv ("SL_TEST_EVENT");
  g_unsetenv ("SL_TEST_EXPORT_TO");
  g_clear_object (&db);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
}

/* A named temporary file a killed export left (on a file system without
 * unnamed files, or in the instant between naming and renaming) goes with
 * the next export to that folder; one a live export is writing, or that is
 * not an export's, stays.
 */
static void
test_stale_temporaries_removed (Fixture       *f,
                                gconstpointer  data)
{
  static const struct {
    const char *name;
    int         mode;
    gboolean    removed;
  } files[] = {
    { ".partners.xlsx.Ab12Cd", 0600, TRUE },
    { ".list.csv.zz99ZZ", 0600, TRUE },
    { ".live.xlsx.Xy34Zw", 0600, FALSE },      /* locked below, as a live export's */
    { ".notes.txt.Ab12Cd", 0600, FALSE },
    { ".shared.xlsx.Qw56Er", 0644, FALSE },
    { "plain.xlsx.Ab12Cd", 0600, FALSE },
    { ".short.xlsx.Ab12", 0600, FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = fixture_path (f, "out.xlsx");
  int live = -1;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = fixture_path (f, files[i].name);

      g_assert_true (g_file_set_contents (path, "Private Person, 07700 900123", -1, NULL));
      g_assert_cmpint (g_chmod (path, files[i].mode), ==, 0);
      if (g_str_has_prefix (files[i].name, ".live"))
        {
          live = g_open (path, O_RDONLY, 0);
          g_assert_cmpint (flock (live, LOCK_EX), ==, 0);
        }
    }

  g_assert_true (sl_db_export (f->db, out, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = fixture_path (f, files[i].name);

      if (g_file_test (path, G_FILE_TEST_EXISTS) == files[i].removed)
        g_error ("“%s” should have been %s", files[i].name,
                 files[i].removed ? "removed" : "kept");
    }
  close (live);
}

/* On a full disk the export fails with one message, ours: libxlsxwriter
 * prints lines of its own on stderr when its write fails.
 */
static void
test_full_disk (void)
{
  static const char * const names[] = { "out.xlsx", "out.csv" };

  if (g_test_subprocess ())
    {
      g_autoptr(char) dir = sl_test_tmpdir_new ();
      g_autoptr(SlDb) db = sl_test_db_new (dir, "event.db");
      g_autofree char *full = g_build_filename (dir, "full", NULL);

      sl_test_sign_in_admin (db);
      for (guint i = 0; i < 300; i++)
        {
          g_autofree char *bib = g_strdup_printf ("%u", 1000 + i);

          sl_entrant_free (sl_test_add_entrant (db, bib, NULL, "Private", "Person", NULL));
        }
      g_assert_cmpint (g_mkdir (full, 0700), ==, 0);
      if (!sl_test_make_disk_full (full))
        g_error ("Cannot make a full disk to test on (it needs root or user namespaces,"
                 " outside a chroot): %s",
                 g_strerror (errno));
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *path = g_build_filename (full, names[i], NULL);
          g_autofree char *expected = g_strdup_printf ("Cannot write “%s”: %s", path,
                                                       g_strerror (ENOSPC));
          g_autoptr(GError) error = NULL;

          g_assert_false (sl_db_export (db, path, NULL, NULL, NULL, NULL, &error));
          g_assert_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE);
          g_assert_cmpstr (error->message, ==, expected);
          g_assert_cmpuint (count_files (full), ==, 0);
        }
      umount2 (full, MNT_DETACH);
      g_rmdir (full);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*ERROR*");
}

/* Tests ------------------------------------------------------------------ */

static void
test_xlsx_cells (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = export_ok (f, "entrants.xlsx", NULL, 4);
  g_autoptr(JsonNode) book = read_back (path);
  JsonArray *rows = json_object_get_array_member (get_sheet (book, 0), "rows");
  JsonArray *head = json_array_get_array_element (rows, 0);
  g_autofree char *checked_minute = local_minute (f->checked_in_at);
  const SlExportColumnInfo *columns;
  guint n_columns, n_default = 0;

  /* The default columns, in order, and nothing private. */
  columns = sl_export_get_columns (&n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      JsonObject *cell;

      if (!columns[c].in_default)
        continue;
      cell = json_array_get_object_element (head, n_default++);
      g_assert_cmpstr (json_object_get_string_member (cell, "value"), ==, columns[c].header);
    }
  g_assert_cmpuint (json_array_get_length (head), ==, n_default);
  g_assert_cmpint (header_index (rows, "Emergency contact"), ==, -1);
  g_assert_cmpint (header_index (rows, "Notes"), ==, -1);
  g_assert_cmpint (header_index (rows, "Fundraising target (£)"), >=, 0);
  g_assert_cmpint (header_index (rows, "Checked in at"), >=, 0);

  /* Natural bib order: 2, 99, 100, 00123. */
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  g_assert_cmpstr (xlsx_cell (rows, "2", "Bib", "str"), ==, "2");
  g_assert_true (find_row (rows, "2") == json_array_get_array_element (rows, 1));
  g_assert_true (find_row (rows, "99") == json_array_get_array_element (rows, 2));
  g_assert_true (find_row (rows, "100") == json_array_get_array_element (rows, 3));
  g_assert_true (find_row (rows, "00123") == json_array_get_array_element (rows, 4));

  /* Leading zeros survive: bib, phone and reference are text. */
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Bib", "str"), ==, "00123");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Phone", "str"), ==, "07700 900123");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Booking reference", "str"), ==, "BK-0001");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "First name", "str"), ==, "José");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Last name", "str"), ==, "Fernández");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Date of birth", "datetime"), ==,
                   "1985-03-14T00:00:00");
  g_assert_cmpstr (xlsx_cell_format (rows, "00123", "Date of birth"), ==, "yyyy-mm-dd");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Gender", "str"), ==, "Female");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Nationality", "str"), ==, "ESP");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Club", "str"), ==, "Club Atlético");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Email", "str"), ==, "jose@example.org");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Race", "str"), ==, "Mass");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Wave", "str"), ==, "Wave 1");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Start area", "str"), ==, "Blue");
  /* 08:30 UTC is 09:30 in London in April, 08:00 UTC stays 08:00 in January. */
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Start time", "datetime"), ==,
                   "2025-04-27T09:30:00");
  g_assert_cmpstr (xlsx_cell (rows, "2", "Start time", "datetime"), ==, "2025-01-15T08:00:00");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Entry type", "str"), ==, "Charity");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Status", "str"), ==, "Checked in");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Charity", "str"), ==, "Médecins Sans Frontières");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Fundraising target (£)", "number"), ==, "2000.0");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Raised (£)", "number"), ==, "1234.56");
  g_assert_nonnull (strstr (xlsx_cell_format (rows, "00123", "Raised (£)"), "£"));
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Costume", "str"), ==, "Big Ben");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "VIP", "str"), ==, "Yes");
  g_assert_true (g_str_has_prefix (xlsx_cell (rows, "00123", "Checked in at", "datetime"),
                                   checked_minute));
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Checked-in desk", "str"), ==, "Desk 7");

  /* Formulas stay plain text. */
  g_assert_cmpstr (xlsx_cell (rows, "2", "First name", "str"), ==, "=SUM(A1)");
  g_assert_cmpstr (xlsx_cell (rows, "2", "Last name", "str"), ==, "O'Brien");
  g_assert_cmpstr (xlsx_cell (rows, "2", "Club", "str"), ==, "@cmd");
  g_assert_cmpstr (xlsx_cell (rows, "2", "Phone", "str"), ==, "+44 7700 900456");
  g_assert_cmpstr (xlsx_cell (rows, "2", "Costume", "str"), ==, "-1");
  g_assert_cmpstr (xlsx_cell (rows, "2", "Gender", "str"), ==, "Non-binary");
  g_assert_cmpstr (xlsx_cell (rows, "2", "VIP", "str"), ==, "No");
  g_assert_null (xlsx_cell (rows, "2", "Date of birth", NULL));
  g_assert_null (xlsx_cell (rows, "2", "Charity", NULL));
  g_assert_null (xlsx_cell (rows, "2", "Raised (£)", NULL));
  g_assert_null (xlsx_cell (rows, "2", "Checked in at", NULL));

  g_assert_cmpstr (xlsx_cell (rows, "100", "First name", "str"), ==, "Zoë");
  g_assert_cmpstr (xlsx_cell (rows, "100", "Last name", "str"), ==, "Łukasiewicz-Smith");
  g_assert_cmpstr (xlsx_cell (rows, "100", "Date of birth", "datetime"), ==,
                   "2000-02-29T00:00:00");
  g_assert_cmpstr (xlsx_cell (rows, "100", "Club", "str"), ==, "Runners, \"Fast\" & Co\nLine2");
  g_assert_cmpstr (xlsx_cell (rows, "100", "Costume", "str"), ==, "\tTabbed");
  g_assert_cmpstr (xlsx_cell (rows, "100", "Raised (£)", "number"), ==, "0.05");

  g_assert_cmpstr (xlsx_cell (rows, "99", "Status", "str"), ==, "Withdrawn");
  g_assert_cmpstr (xlsx_cell (rows, "99", "Raised (£)", "number"), ==, "0.0");
  g_assert_null (xlsx_cell (rows, "99", "Booking reference", NULL));
  g_assert_true (g_str_has_suffix (xlsx_cell (rows, "99", "Costume", "str"), "Carriage"));
  /* A control character XML cannot carry must not break the file. */
  g_assert_true (g_str_has_prefix (xlsx_cell (rows, "99", "Club", "str"), "Bell"));
  g_assert_true (g_str_has_suffix (xlsx_cell (rows, "99", "Club", "str"), "club"));
}

static void
test_xlsx_layout (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = export_ok (f, "entrants.xlsx", NULL, 4);
  g_autoptr(JsonNode) book = read_back (path);
  JsonObject *root = json_node_get_object (book);
  JsonObject *sheet = get_sheet (book, 0);
  JsonArray *bold = json_object_get_array_member (sheet, "header_bold");
  JsonObject *widths = json_object_get_object_member (sheet, "widths");
  JsonArray *head = json_array_get_array_element (json_object_get_array_member (sheet, "rows"),
                                                  0);
  guint n_columns = json_array_get_length (head);
  g_autofree char *last = g_strdup_printf ("%c5", 'A' + n_columns - 1);
  g_autofree char *range = g_strdup_printf ("A1:%s", last);

  g_assert_cmpstr (json_object_get_string_member (sheet, "name"), ==, "Entrants");
  g_assert_cmpstr (json_object_get_string_member (sheet, "freeze"), ==, "A2");
  g_assert_cmpstr (json_object_get_string_member (sheet, "autofilter"), ==, range);
  g_assert_cmpuint (json_array_get_length (bold), ==, n_columns);
  for (guint i = 0; i < n_columns; i++)
    g_assert_true (json_array_get_boolean_element (bold, i));
  /* Wider than Excel's default of about 8.4 for the long columns. */
  g_assert_cmpfloat (json_object_get_double_member (widths, "I"), >, 20);
  g_assert_cmpfloat (json_object_get_double_member (widths, "A"), >, 5);

  g_assert_cmpstr (json_object_get_string_member (root, "creator"), ==, "Startline");
  g_assert_nonnull (strstr (json_object_get_string_member (root, "title"), "Test Marathon"));
}

static void
test_allow_list (Fixture       *f,
                 gconstpointer  data)
{
  static const SlExportColumn wanted[] = {
    SL_EXPORT_COLUMN_LAST_NAME, SL_EXPORT_COLUMN_BIB, SL_EXPORT_COLUMN_NOTES,
  };
  SlExportOptions options = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) book = NULL;
  g_autofree char *text = NULL;
  g_autofree char *csv_path = NULL;
  JsonArray *rows;
  JsonArray *head;

  options.columns = wanted;
  options.n_columns = G_N_ELEMENTS (wanted);
  path = export_ok (f, "profile.xlsx", &options, 4);
  book = read_back (path);
  rows = json_object_get_array_member (get_sheet (book, 0), "rows");
  head = json_array_get_array_element (rows, 0);
  g_assert_cmpuint (json_array_get_length (head), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (head, 0),
                                                  "value"), ==, "Last name");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (head, 2),
                                                  "value"), ==, "Notes");

  /* Columns not asked for are not in the file at all, by default. */
  csv_path = export_ok (f, "default.csv", NULL, 4);
  g_assert_true (g_file_get_contents (csv_path, &text, NULL, NULL));
  g_assert_null (strstr (text, "Secret"));
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = export_ok (f, "entrants.csv", NULL, 4);
  g_autoptr(JsonNode) parsed = read_back (path);
  JsonObject *root = json_node_get_object (parsed);
  JsonArray *rows = json_object_get_array_member (root, "rows");
  g_autofree char *bytes = NULL;
  g_autofree char *checked_minute = local_minute (f->checked_in_at);
  g_autofree char *checked_text = NULL;
  gsize length;

  g_assert_true (json_object_get_boolean_member (root, "bom"));
  g_assert_true (json_object_get_boolean_member (root, "crlf_only"));
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);

  g_assert_cmpstr (csv_cell (rows, "00123", "Bib"), ==, "00123");
  g_assert_cmpstr (csv_cell (rows, "00123", "Phone"), ==, "07700 900123");
  g_assert_cmpstr (csv_cell (rows, "00123", "First name"), ==, "José");
  g_assert_cmpstr (csv_cell (rows, "00123", "Date of birth"), ==, "1985-03-14");
  g_assert_cmpstr (csv_cell (rows, "00123", "Start time"), ==, "2025-04-27 09:30");
  g_assert_cmpstr (csv_cell (rows, "2", "Start time"), ==, "2025-01-15 08:00");
  g_assert_cmpstr (csv_cell (rows, "00123", "Fundraising target (£)"), ==, "2000.00");
  g_assert_cmpstr (csv_cell (rows, "00123", "Raised (£)"), ==, "1234.56");
  g_assert_cmpstr (csv_cell (rows, "100", "Raised (£)"), ==, "0.05");
  g_assert_cmpstr (csv_cell (rows, "2", "Raised (£)"), ==, "");
  g_assert_cmpstr (csv_cell (rows, "00123", "VIP"), ==, "Yes");
  g_assert_cmpstr (csv_cell (rows, "00123", "Status"), ==, "Checked in");
  checked_text = g_strdelimit (g_strdup (checked_minute), "T", ' ');
  g_assert_cmpstr (csv_cell (rows, "00123", "Checked in at"), ==, checked_text);

  /* Formula injection is neutralised with a leading apostrophe. */
  g_assert_cmpstr (csv_cell (rows, "2", "First name"), ==, "'=SUM(A1)");
  g_assert_cmpstr (csv_cell (rows, "2", "Phone"), ==, "'+44 7700 900456");
  g_assert_cmpstr (csv_cell (rows, "2", "Club"), ==, "'@cmd");
  g_assert_cmpstr (csv_cell (rows, "2", "Costume"), ==, "'-1");
  g_assert_cmpstr (csv_cell (rows, "100", "Costume"), ==, "'\tTabbed");
  g_assert_cmpstr (csv_cell (rows, "99", "Costume"), ==, "'\rCarriage");
  g_assert_cmpstr (csv_cell (rows, "2", "Last name"), ==, "O'Brien");

  /* RFC 4180: quoted, doubled quotes, the newline kept inside. */
  g_assert_cmpstr (csv_cell (rows, "100", "Club"), ==, "Runners, \"Fast\" & Co\nLine2");
  g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
  g_assert_true (g_str_has_prefix (bytes, "\xEF\xBB\xBF" "Bib,Booking reference,"));
  g_assert_nonnull (strstr (bytes, ",\"Runners, \"\"Fast\"\" & Co\nLine2\","));
  g_assert_nonnull (strstr (bytes, ",\"'\rCarriage\","));
  g_assert_nonnull (strstr (bytes, "\r\n2,BK-0002,'=SUM(A1),O'Brien,,"));
}

static void
test_one_charity (Fixture       *f,
                  gconstpointer  data)
{
  SlExportOptions options = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  JsonArray *rows;

  /* Case-insensitive, accents included. */
  options.charity = "MÉDECINS sans frontières";
  path = export_ok (f, "msf.csv", &options, 1);
  parsed = read_back (path);
  rows = json_object_get_array_member (json_node_get_object (parsed), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (csv_cell (rows, "00123", "Charity"), ==, "Médecins Sans Frontières");

  g_clear_pointer (&path, g_free);
  g_clear_pointer (&parsed, json_node_unref);
  options.charity = "the royal national institute of deaf people";
  path = export_ok (f, "deaf.xlsx", &options, 0);
  parsed = read_back (path);
  g_assert_cmpstr (json_object_get_string_member (get_sheet (parsed, 0), "name"), ==,
                   "The Royal National Institute of");
  rows = json_object_get_array_member (get_sheet (parsed, 0), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
}

static void
test_unknown_charity (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (f, "nobody.xlsx");
  SlExportOptions options = { 0 };
  guint before = count_files (f->dir);

  options.charity = "Nonexistent Trust";
  g_assert_false (sl_db_export (f->db, path, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_NO_SUCH_CHARITY);
  g_assert_nonnull (strstr (error->message, "Nonexistent Trust"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (f->dir), ==, before);
}

static void
test_by_charity (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const expected[] = {
    "Quoted' Charity",
    "History (2)",
    "Médecins Sans Frontières",
    "Save the Children _ UK_ _Main_",
    "The Royal National Institute of",
    "The Royal National Institut (2)",
  };
  static const guint expected_rows[] = { 1, 1, 2, 2, 2, 1 };
  SlExportOptions options = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) book = NULL;
  JsonArray *sheets;
  JsonArray *rows;

  options.kind = SL_EXPORT_BY_CHARITY;
  path = export_ok (f, "charities.xlsx", &options, 3);
  book = read_back (path);
  sheets = json_object_get_array_member (json_node_get_object (book), "sheets");
  g_assert_cmpuint (json_array_get_length (sheets), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *sheet = json_array_get_object_element (sheets, i);

      g_assert_cmpstr (json_object_get_string_member (sheet, "name"), ==, expected[i]);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sheet, "rows")),
                        ==, expected_rows[i]);
      g_assert_cmpstr (json_object_get_string_member (sheet, "freeze"), ==, "A2");
    }

  rows = json_object_get_array_member (get_sheet (book, 2), "rows");
  g_assert_cmpstr (xlsx_cell (rows, "00123", "Raised (£)", "number"), ==, "1234.56");
  rows = json_object_get_array_member (get_sheet (book, 3), "rows");
  g_assert_cmpstr (xlsx_cell (rows, "99", "Last name", "str"), ==, "Lee");
  rows = json_object_get_array_member (get_sheet (book, 4), "rows");
  g_assert_cmpstr (xlsx_cell (rows, "100", "First name", "str"), ==, "Zoë");
}

static void
test_sheet_names (void)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *a = sl_export_dup_sheet_name ("Shelter", taken);
  g_autofree char *b = sl_export_dup_sheet_name ("SHELTER", taken);
  g_autofree char *c = sl_export_dup_sheet_name ("shelter", taken);
  g_autofree char *d = sl_export_dup_sheet_name ("[]:*?/\\", taken);
  g_autofree char *e = sl_export_dup_sheet_name ("''", taken);
  g_autofree char *g = sl_export_dup_sheet_name ("Run 🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃🏃", taken);
  g_autofree char *h = sl_export_dup_sheet_name ("ÉCOLE", taken);
  g_autofree char *i = sl_export_dup_sheet_name ("école", taken);

  g_assert_cmpstr (a, ==, "Shelter");
  g_assert_cmpstr (b, ==, "SHELTER (2)");
  g_assert_cmpstr (c, ==, "shelter (3)");
  g_assert_cmpstr (d, ==, "_______");
  g_assert_cmpstr (e, ==, "Sheet");
  /* Emoji take two UTF-16 units each: "Run " and 13 of them fill 30. */
  g_assert_cmpuint (g_utf8_strlen (g, -1), ==, 4 + 13);
  g_assert_cmpstr (h, ==, "ÉCOLE");
  g_assert_cmpstr (i, ==, "école (2)");
}

static void
test_bad_format (Fixture       *f,
                 gconstpointer  data)
{
  const char *names[] = { "list.txt", "list.xls", "list", "list.csv.bak", ".csv" };
  SlExportOptions by_charity = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = fixture_path (f, "charities.csv");
  guint before = count_files (f->dir);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = fixture_path (f, names[i]);

      g_assert_false (sl_db_export (f->db, path, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, names[i]));
      g_clear_error (&error);
    }

  g_assert_cmpint (sl_export_format_from_path ("A.XLSX"), ==, SL_EXPORT_FORMAT_XLSX);
  g_assert_cmpint (sl_export_format_from_path ("dir.csv/a.Csv"), ==, SL_EXPORT_FORMAT_CSV);

  by_charity.kind = SL_EXPORT_BY_CHARITY;
  g_assert_false (sl_db_export (f->db, csv, &by_charity, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_FORMAT);
  g_assert_cmpuint (count_files (f->dir), ==, before);
}

static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *not_dir = fixture_path (f, "plain-file");
  g_autofree char *inside = g_build_filename (not_dir, "out.xlsx", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-dir", "out.csv", NULL);
  g_autofree char *is_dir = fixture_path (f, "folder.xlsx");
  guint before;

  g_assert_true (g_file_set_contents (not_dir, "x", -1, NULL));
  g_assert_cmpint (g_mkdir (is_dir, 0700), ==, 0);
  before = count_files (f->dir);

  g_assert_false (sl_db_export (f->db, inside, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, inside));
  g_clear_error (&error);

  g_assert_false (sl_db_export (f->db, missing, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE);
  g_clear_error (&error);

  /* The rename itself fails: the temporary file must go, the folder stay. */
  g_assert_false (sl_db_export (f->db, is_dir, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE);
  g_assert_true (g_file_test (is_dir, G_FILE_TEST_IS_DIR));

  g_assert_cmpuint (count_files (f->dir), ==, before);
}

/* A file someone made read-only to keep it is not replaced, by any
 * client of the core (the rename would go over it), and the refused
 * export leaves no audit entry and no temporary file.
 */
static void
test_read_only_target (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit_before = sl_db_list_audit (f->db, NULL, 0, 0, NULL);
  g_autoptr(GPtrArray) audit_after = NULL;
  g_autofree char *kept = fixture_path (f, "kept.xlsx");
  g_autofree char *contents = NULL;
  guint before;

  g_assert_true (g_file_set_contents (kept, "the partner's copy", -1, NULL));
  g_assert_cmpint (g_chmod (kept, 0444), ==, 0);
  before = count_files (f->dir);

  g_assert_false (sl_db_export (f->db, kept, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "kept.xlsx"));
  g_assert_nonnull (strstr (error->message, "read-only"));

  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the partner's copy");
  g_assert_cmpuint (count_files (f->dir), ==, before);
  audit_after = sl_db_list_audit (f->db, NULL, 0, 0, NULL);
  g_assert_cmpuint (audit_after->len, ==, audit_before->len);
}

static void
cancel_on_progress_cb (double      fraction,
                       const char *message,
                       gpointer    user_data)
{
  /* The first report comes before any row is written. */
  g_cancellable_cancel (user_data);
}

static void
test_cancel_keeps_existing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = fixture_path (f, "keep.xlsx");
  g_autofree char *csv_path = fixture_path (f, "keep.csv");
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) audit_before = NULL;
  g_autoptr(GPtrArray) audit_after = NULL;
  guint before;

  g_assert_true (g_file_set_contents (path, "the old file", -1, NULL));
  g_assert_true (g_file_set_contents (csv_path, "the old file", -1, NULL));
  before = count_files (f->dir);
  audit_before = sl_db_list_audit (f->db, NULL, 0, 0, NULL);

  g_assert_false (sl_db_export (f->db, path, NULL, cancellable, cancel_on_progress_cb,
                                cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (sl_db_export (f->db, csv_path, NULL, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old file");
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old file");
  g_assert_cmpuint (count_files (f->dir), ==, before);

  /* Nothing was exported, so nothing is on record. */
  audit_after = sl_db_list_audit (f->db, NULL, 0, 0, NULL);
  g_assert_cmpuint (audit_after->len, ==, audit_before->len);
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
} CancelState;

static void
cancel_first_cb (double      fraction,
                 const char *message,
                 gpointer    user_data)
{
  CancelState *state = user_data;

  state->calls++;
  g_cancellable_cancel (state->cancellable);
}

/* A desk goes on checking runners in while an export runs. The export's
 * first progress report comes after it has counted the rows, so inside its
 * read: a check-in there must commit at once, and the file must still be
 * the snapshot the export started from.
 */
typedef struct
{
  SlDb     *db;
  gboolean  checked_in;
} DeskState;

static void
check_in_during_export_cb (double      fraction,
                           const char *message,
                           gpointer    user_data)
{
  DeskState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) e = NULL;

  if (state->checked_in)
    return;
  e = sl_db_check_in (state->db, "2", "Desk 2", &error);
  g_assert_no_error (error);
  g_assert_nonnull (e);
  state->checked_in = TRUE;
}

static void
test_check_in_during_export (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path (f, "during.csv");
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(SlEntrant) after = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  JsonArray *rows;
  DeskState state = { f->db, FALSE };

  g_assert_true (sl_db_export (f->db, path, NULL, NULL, check_in_during_export_cb, &state,
                               &error));
  g_assert_no_error (error);
  g_assert_true (state.checked_in);

  parsed = read_back (path);
  rows = json_object_get_array_member (json_node_get_object (parsed), "rows");
  g_assert_cmpstr (csv_cell (rows, "2", "Status"), ==, "Registered");
  g_assert_cmpstr (csv_cell (rows, "2", "Checked in at"), ==, "");

  after = sl_db_dup_entrant_by_code (f->db, "2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->status, ==, SL_STATUS_CHECKED_IN);
  /* Both are on record: the check-in, then the export. */
  entries = sl_db_list_audit (f->db, NULL, 0, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((SlAuditEntry *)g_ptr_array_index (entries, 0))->action, ==, "export");
}

static void
test_cancel_midway (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const names[] = { "midway.xlsx", "midway.csv" };
  g_autoptr(GError) error = NULL;
  guint open_fds;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = fixture_path (f, "big.xlsx");
  guint before;

  /* Enough rows to pass a cancellation check. */
  for (guint i = 0; i < 1100; i++)
    {
      g_autofree char *bib = g_strdup_printf ("5%04u", i);
      g_autoptr(SlEntrant) e = new_entrant (bib, NULL, "Many", "Runners");

      insert (f->db, e);
    }
  /* An export reads on a second connection to the event file. When it
   * closes, SQLite keeps its descriptor for the next one, as closing it
   * would drop the locks the event's own connection holds: a first export
   * leaves that one descriptor, and no export after it adds any.
   */
  g_assert_true (sl_db_export (f->db, path, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (path), ==, 0);
  before = count_files (f->dir);
  open_fds = count_files ("/proc/self/fd");

  /* Cancelled before a run starts. */
  g_cancellable_cancel (cancellable);
  g_assert_false (sl_db_export (f->db, path, NULL, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (f->dir), ==, before);

  /* Cancelled while rows are being written: the first progress report
   * cancels, the check after 500 rows stops the export before it reports
   * again.
   */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *midway = fixture_path (f, names[i]);
      CancelState state = { g_cancellable_new (), 0 };

      g_assert_false (sl_db_export (f->db, midway, NULL, state.cancellable,
                                    cancel_first_cb, &state, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_cmpuint (state.calls, ==, 1);
      g_assert_cmpuint (count_files (f->dir), ==, before);
      g_object_unref (state.cancellable);
    }

  /* Nor are the writer's own temporary files, or a reader, left open. */
  g_assert_cmpuint (count_files ("/proc/self/fd"), ==, open_fds);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (sl_db_export (f->db, path, NULL, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (count_files ("/proc/self/fd"), ==, open_fds);
}

typedef struct
{
  guint   calls;
  double  last;
  gboolean monotonic;
  GMainLoop *loop;
  gboolean ok;
  gint64  rows;
  GError *error;
} AsyncState;

static void
count_progress_cb (double      fraction,
                   const char *message,
                   gpointer    user_data)
{
  AsyncState *state = user_data;

  g_assert_nonnull (message);
  if (fraction < state->last)
    state->monotonic = FALSE;
  state->last = fraction;
  state->calls++;
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = sl_db_export_finish_full (SL_DB (source), result, &state->rows, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  AsyncState state = { 0, 0.0, TRUE, NULL, FALSE, 0, NULL };
  g_autofree char *path = fixture_path (f, "async.xlsx");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  for (guint i = 0; i < 1100; i++)
    {
      g_autofree char *bib = g_strdup_printf ("7%04u", i);
      g_autoptr(SlEntrant) e = new_entrant (bib, NULL, "Many", "Runners");

      insert (f->db, e);
    }

  state.loop = loop;
  sl_db_export_async (f->db, path, NULL, NULL, count_progress_cb, &state, export_done_cb, &state);
  g_main_loop_run (loop);

  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpint (state.rows, ==, 1104);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* Start, every 500 rows, and the end. */
  g_assert_cmpuint (state.calls, >=, 4);
  g_assert_true (state.monotonic);
  g_assert_cmpfloat (state.last, ==, 1.0);
}

static void
test_file_mode (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *xlsx = fixture_path (f, "mode.xlsx");
  g_autofree char *csv = fixture_path (f, "mode.csv");
  g_autofree char *xlsx_name = NULL;
  g_autofree char *csv_name = NULL;
  GStatBuf st;
  mode_t old_umask;

  /* Even over a world-readable file and with a permissive umask. */
  g_assert_true (g_file_set_contents (xlsx, "old", -1, NULL));
  g_assert_cmpint (g_chmod (xlsx, 0644), ==, 0);
  old_umask = umask (0);
  xlsx_name = export_ok (f, "mode.xlsx", NULL, 4);
  csv_name = export_ok (f, "mode.csv", NULL, 4);
  umask (old_umask);

  g_assert_cmpint (g_stat (xlsx, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (csv, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  SlExportOptions options = { 0 };
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *real = NULL;
  SlAuditEntry *entry;
  JsonObject *object;

  options.charity = "médecins sans frontières";
  path = export_ok (f, "audited.csv", &options, 1);
  real = g_canonicalize_filename (path, NULL);
  entries = sl_db_list_audit (f->db, "entrant", 0, 1, NULL);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->action, ==, "export");
  /* The audit names whoever is signed in: the admin this export needs. */
  g_assert_cmpstr (entry->operator_name, ==, SL_TEST_ADMIN);
  g_assert_cmpstr (entry->desk, ==, "Desk 7");

  after = json_from_string (entry->after, NULL);
  g_assert_nonnull (after);
  object = json_node_get_object (after);
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, real);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "csv");
  g_assert_cmpstr (json_object_get_string_member (object, "charity"), ==,
                   "Médecins Sans Frontières");
  g_assert_cmpint (json_object_get_int_member (object, "rows"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "columns")),
                    >, 10);
}

static char *
dump_rows (JsonNode *book)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonArray *sheets = json_object_get_array_member (json_node_get_object (book), "sheets");
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, sheets);
  json_generator_set_root (generator, node);
  json_node_unref (node);
  return json_generator_to_data (generator, NULL);
}

static void
test_decimal_comma_locale (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *c_xlsx = export_ok (f, "c.xlsx", NULL, 4);
  g_autofree char *c_csv = export_ok (f, "c.csv", NULL, 4);
  g_autofree char *de_xlsx = NULL;
  g_autofree char *de_csv = NULL;
  g_autofree char *c_bytes = NULL;
  g_autofree char *de_bytes = NULL;
  g_autofree char *c_rows = NULL;
  g_autofree char *de_rows = NULL;
  g_autoptr(JsonNode) c_book = NULL;
  g_autoptr(JsonNode) de_book = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  char formatted[32];

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("the de_DE.UTF-8 locale is not installed (locale-gen de_DE.UTF-8)");
      return;
    }
  /* Make sure the locale really writes a decimal comma. */
  snprintf (formatted, sizeof formatted, "%.2f", 1234.5);
  g_assert_cmpstr (formatted, ==, "1234,50");

  de_xlsx = export_ok (f, "de.xlsx", NULL, 4);
  de_csv = export_ok (f, "de.csv", NULL, 4);
  setlocale (LC_ALL, saved);

  g_assert_true (g_file_get_contents (c_csv, &c_bytes, NULL, NULL));
  g_assert_true (g_file_get_contents (de_csv, &de_bytes, NULL, NULL));
  g_assert_cmpstr (de_bytes, ==, c_bytes);

  c_book = read_back (c_xlsx);
  de_book = read_back (de_xlsx);
  c_rows = dump_rows (c_book);
  de_rows = dump_rows (de_book);
  g_assert_cmpstr (de_rows, ==, c_rows);
  g_assert_cmpstr (xlsx_cell (json_object_get_array_member (get_sheet (de_book, 0), "rows"),
                              "00123", "Raised (£)", "number"), ==, "1234.56");
}

/* startline-cli --db EVENT [--as NAME] export ARGS (the passphrase in
 * STARTLINE_PASSPHRASE); as NULL: the desk, signed in as nobody.
 */
static void
run_cli_as (Fixture     *f,
            const char  *as,
            const char  *args,
            int          expected_status,
            char       **out,
            char       **err)
{
  const char *cli = g_getenv ("STARTLINE_CLI");
  g_autofree char *db_path = g_shell_quote (f->location);
  g_autofree char *command = NULL;
  g_autofree char *as_option = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "STARTLINE_PASSPHRASE",
                                         SL_TEST_ADMIN_PASSPHRASE, TRUE);
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (cli);
  as_option = as != NULL ? g_strdup_printf ("--as '%s'", as) : g_strdup ("");
  command = g_strdup_printf ("'%s' --db %s %s export %s", cli, db_path, as_option, args);
  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_true (g_spawn_sync (f->dir, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, expected_status);
}

/* The same as the test admin. */
static void
run_cli (Fixture     *f,
         const char  *args,
         int          expected_status,
         char       **out,
         char       **err)
{
  run_cli_as (f, SL_TEST_ADMIN, args, expected_status, out, err);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv = fixture_path (f, "cli.csv");
  g_autofree char *xlsx = fixture_path (f, "cli.xlsx");

  /* The CLI opens the file itself. */
  g_clear_object (&f->db);

  run_cli (f, "cli.csv", 0, &out, &err);
  g_assert_cmpstr (out, ==, "exported: 4\n");
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (f, "cli.xlsx --charity 'médecins sans frontières'", 0, &out, &err);
  g_assert_cmpstr (out, ==, "exported: 1\n");
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (f, "by.xlsx --by-charity", 0, &out, &err);
  g_assert_cmpstr (out, ==, "exported: 3\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (f, "x.csv --charity 'No Such Trust'", 1, &out, &err);
  g_assert_cmpuint (count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, "No Such Trust"));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (f, "list.txt", 2, &out, &err);
  g_assert_cmpuint (count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, "list.txt"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (f, "by.csv --by-charity", 2, &out, &err);
  g_assert_cmpuint (count_lines (err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (f, "", 2, &out, &err);
  g_assert_cmpuint (count_lines (err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (f, "--help", 0, &out, &err);
  g_assert_nonnull (strstr (out, "--by-charity"));
  g_assert_nonnull (strstr (out, "--charity"));
}

/* Without a profile every column goes out, the dates of birth, e-mails
 * and phones among them: as the full profile, only to an admin. The desk,
 * an officer and an exporter are refused in one line, before any file is
 * made and with nothing audited; the admin is not. The library, then the
 * command line.
 */
static const char * const not_admins[] = { NULL, "Olu Officer", "Eve Exporter" };

static void
add_not_admins (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_add_staff (f->db, "Olu Officer", SL_ROLE_OFFICER,
                                  SL_TEST_ADMIN_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_add_staff (f->db, "Eve Exporter", SL_ROLE_EXPORTER,
                                  SL_TEST_ADMIN_PASSPHRASE, &error));
  g_assert_no_error (error);
}

static void
test_full_needs_admin (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const names[] = { "all.xlsx", "all.csv" };
  g_autoptr(GPtrArray) audit_after = NULL;
  guint before;

  add_not_admins (f);
  before = count_files (f->dir);
  for (guint p = 0; p < G_N_ELEMENTS (not_admins); p++)
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = fixture_path (f, names[i]);
        g_autoptr(GError) error = NULL;

        sl_db_sign_out (f->db);
        if (not_admins[p] != NULL)
          g_assert_true (sl_db_sign_in (f->db, not_admins[p], SL_TEST_ADMIN_PASSPHRASE, NULL));
        g_assert_false (sl_db_export (f->db, path, NULL, NULL, NULL, NULL, &error));
        g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
        g_assert_cmpstr (error->message, ==, "Exporting without a profile needs an admin.");
        g_assert_cmpuint (count_files (f->dir), ==, before);
      }
  sl_test_sign_in_admin (f->db);
  audit_after = sl_db_list_audit (f->db, NULL, 0, 0, NULL);
  /* No export on record. */
  for (guint i = 0; i < audit_after->len; i++)
    g_assert_null (strstr (((SlAuditEntry *)audit_after->pdata[i])->action, "export"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = fixture_path (f, names[i]);
      g_autoptr(GError) error = NULL;

      g_assert_true (sl_db_export (f->db, path, NULL, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
}

static void
test_cli_full_needs_admin (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *csv = fixture_path (f, "all.csv");
  guint before;

  add_not_admins (f);
  g_clear_object (&f->db);
  before = count_files (f->dir);
  for (guint p = 0; p < G_N_ELEMENTS (not_admins); p++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      run_cli_as (f, not_admins[p], "all.csv", 1, &out, &err);
      g_assert_cmpstr (err, ==, "startline-cli: Exporting without a profile needs an admin.\n");
      g_assert_cmpstr (out, ==, "");
      g_assert_cmpuint (count_files (f->dir), ==, before);
    }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    run_cli (f, "all.csv", 0, &out, &err);
    g_assert_cmpstr (out, ==, "exported: 4\n");
    g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
  }
}

static void
test_libreoffice (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *path = NULL;
  g_autofree char *home = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *home_env = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "--headless", "--norestore", "--convert-to",
                         "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", NULL,
                         NULL, NULL };
  char **envp;
  int status;

  if (soffice == NULL)
    {
      g_test_skip ("LibreOffice (soffice) is not installed");
      return;
    }

  path = export_ok (f, "lo.xlsx", NULL, 4);
  home = fixture_path (f, "lo-home");
  out_dir = fixture_path (f, "lo-out");
  g_mkdir (home, 0700);
  g_mkdir (out_dir, 0700);
  argv[0] = soffice;
  argv[6] = out_dir;
  argv[7] = path;
  /* LibreOffice keeps its profile under $XDG_CONFIG_HOME when that is set, so
     a throwaway HOME alone would still touch (or hand off to) the user's own. */
  envp = g_environ_setenv (g_get_environ (), "HOME", home, TRUE);
  envp = g_environ_unsetenv (envp, "XDG_CONFIG_HOME");
  g_assert_true (g_spawn_sync (NULL, (char **)argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL
                               | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_strfreev (envp);
  g_assert_no_error (error);

  csv_path = g_build_filename (out_dir, "lo.csv", NULL);
  g_assert_true (g_file_get_contents (csv_path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "00123"));
  g_assert_nonnull (strstr (text, "Fernández"));
  g_assert_nonnull (strstr (text, "=SUM(A1)"));
  g_assert_nonnull (strstr (text, "1985-03-14"));
  g_assert_nonnull (strstr (text, "07700 900123"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/export/xlsx/cells", test_xlsx_cells);
  ADD ("/export/xlsx/layout", test_xlsx_layout);
  ADD ("/export/columns/allow-list", test_allow_list);
  ADD ("/export/csv", test_csv);
  ADD ("/export/charity/one", test_one_charity);
  ADD ("/export/charity/unknown", test_unknown_charity);
  ADD ("/export/charity/by-charity", test_by_charity);
  g_test_add_func ("/export/sheet-names", test_sheet_names);
  ADD ("/export/format/unknown", test_bad_format);
  ADD ("/export/safety/unwritable", test_unwritable);
  ADD ("/export/safety/read-only-target", test_read_only_target);
  ADD ("/export/safety/cancel-keeps-existing", test_cancel_keeps_existing);
  ADD ("/export/safety/cancel", test_cancel_midway);
  ADD ("/export/safety/check-in-during-export", test_check_in_during_export);
  ADD ("/export/safety/file-mode", test_file_mode);
  g_test_add_func ("/export/safety/killed", test_killed_leaves_nothing);
  ADD ("/export/safety/stale-temporaries", test_stale_temporaries_removed);
  g_test_add_func ("/export/safety/full-disk", test_full_disk);
  ADD ("/export/async", test_async);
  ADD ("/export/audit", test_audit);
  ADD ("/export/locale/decimal-comma", test_decimal_comma_locale);
  ADD ("/export/cli", test_cli);
  ADD ("/export/full-needs-admin", test_full_needs_admin);
  ADD ("/export/cli/full-needs-admin", test_cli_full_needs_admin);
  ADD ("/export/libreoffice", test_libreoffice);

#undef ADD

  return g_test_run ();
}
