/* test-import.c — importing entrants from CSV files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sl-core.h"
#include "sl-sqlite-private.h"
#include "sl-demo.h"
#include "sl-entrant-list.h"
#include "sl-export.h"
#include "sl-import.h"
#include "sl-test-util.h"

typedef struct
{
  char *dir;
  char *db_path;
  SlDb *db;
  gint64 mass_id;
  gint64 elite_women_id;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
add_race (Fixture    *fixture,
          const char *code,
          const char *name,
          const char *kind,
          gint64     *id)
{
  g_autoptr(GError) error = NULL;
  SlRace race = { 0, (char *)code, (char *)name, (char *)kind };

  g_assert_true (sl_db_add_race (fixture->db, &race, &error));
  g_assert_no_error (error);
  *id = race.id;
}

static void
add_wave (Fixture    *fixture,
          gint64      race_id,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  SlWave wave = { 0, race_id, (char *)name, (char *)"Blue", (char *)"2025-04-27T09:00:00Z" };

  g_assert_true (sl_db_add_wave (fixture->db, &wave, &error));
  g_assert_no_error (error);
}

static void
add_charity (Fixture    *fixture,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  SlCharity charity = { 0, (char *)name, NULL, NULL, NULL, 10, 200000 };

  g_assert_true (sl_db_add_charity (fixture->db, &charity, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("startline-import-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = sl_test_event_location_new (fixture->dir, "event.db");
  fixture->db = sl_db_create (fixture->db_path, "Test Marathon", "2025-04-27", &error);
  g_assert_no_error (error);

  add_race (fixture, "MASS", "Mass start", "mass", &fixture->mass_id);
  add_race (fixture, "EW", "Elite Women", "elite-women", &fixture->elite_women_id);
  add_wave (fixture, fixture->mass_id, "Blue 1");
  add_wave (fixture, fixture->mass_id, "Green 1");
  add_wave (fixture, fixture->elite_women_id, "Elite");
  add_charity (fixture, "Macmillan Cancer Support");
  add_charity (fixture, "Mind");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->db);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);
}

static guint
audit_length (SlDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = sl_db_list_audit (db, NULL, 0, 0, &error);

  g_assert_no_error (error);
  return entries->len;
}

static SlEntrant *
get_entrant (Fixture    *fixture,
             const char *bib)
{
  g_autoptr(GError) error = NULL;
  SlEntrant *entrant = sl_db_dup_entrant_by_code (fixture->db, bib, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entrant);
  return entrant;
}

/* Imports expecting success with no rejected rows. */
static SlImportResult *
import_ok (Fixture               *fixture,
           const char            *path,
           const SlImportOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  SlImportResult *result;

  result = sl_db_import_csv (fixture->db, path, options, NULL, NULL, NULL, &refused, &error);
  if (refused != NULL)
    for (guint i = 0; i < refused->problems->len; i++)
      {
        SlImportProblem *p = g_ptr_array_index (refused->problems, i);
        g_test_message ("line %u: %s: %s", p->line, p->column, p->reason);
      }
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (result->committed);
  return result;
}

/* Imports expecting the all-or-nothing refusal; returns the problems. */
static SlImportResult *
import_refused (Fixture               *fixture,
                const char            *path,
                const SlImportOptions *options)
{
  g_autoptr(GError) error = NULL;
  SlImportResult *refused = NULL;
  SlImportResult *result;

  result = sl_db_import_csv (fixture->db, path, options, NULL, NULL, NULL, &refused, &error);
  g_assert_null (result);
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED);
  g_assert_nonnull (refused);
  g_assert_false (refused->committed);
  return refused;
}

static const SlImportProblem *
problem (const SlImportResult *result,
         guint                 i)
{
  g_assert_cmpuint (i, <, result->problems->len);
  return g_ptr_array_index (result->problems, i);
}

static void
assert_problem (const SlImportResult *result,
                guint                 i,
                guint                 line,
                const char           *column,
                const char           *needle)
{
  const SlImportProblem *p = problem (result, i);

  g_assert_cmpuint (p->line, ==, line);
  g_assert_cmpstr (p->column, ==, column);
  if (strstr (p->reason, needle) == NULL)
    g_error ("problem %u (line %u) “%s” does not mention “%s”", i, p->line, p->reason, needle);
}

static void
test_bom_crlf_quoted (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = data_path ("entrants-utf8-bom.csv");
  g_autoptr(SlImportResult) result = import_ok (fixture, path, NULL);
  g_autoptr(SlEntrant) jose = NULL;
  g_autoptr(SlEntrant) siobhan = NULL;
  g_autoptr(SlEntrant) zoe = NULL;
  g_autoptr(SlEntrant) lukasz = NULL;

  g_assert_cmpuint (result->imported, ==, 4);
  g_assert_cmpuint (result->updated, ==, 0);
  g_assert_cmpuint (result->rejected, ==, 0);
  g_assert_null (result->notice);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 4);

  /* The BOM is not part of the first header: Bib was recognised. */
  jose = get_entrant (fixture, "1001");
  g_assert_cmpstr (jose->first_name, ==, "José");
  g_assert_cmpstr (jose->last_name, ==, "Fernández");
  g_assert_cmpstr (jose->club, ==, "Serpentine, London");
  g_assert_cmpstr (jose->date_of_birth, ==, "1984-07-15");
  g_assert_cmpint (jose->gender, ==, SL_GENDER_MALE);
  g_assert_cmpstr (jose->booking_ref, ==, "LDN-0001");
  g_assert_null (jose->notes);

  siobhan = get_entrant (fixture, "LDN-0002");
  g_assert_cmpstr (siobhan->last_name, ==, "O'Brien");
  g_assert_cmpstr (siobhan->notes, ==, "She said \"see you at the start\"");

  zoe = get_entrant (fixture, "1003");
  g_assert_cmpstr (zoe->notes, ==, "Guide runner arranged;\r\nmeets at Blue start");
  g_assert_null (zoe->club);

  lukasz = get_entrant (fixture, "1004");
  g_assert_cmpstr (lukasz->first_name, ==, "Łukasz");
  g_assert_cmpstr (lukasz->last_name, ==, "Żółć");
  g_assert_cmpstr (lukasz->club, ==, "Klub \"Biegacz\", Kraków");
  g_assert_cmpint (lukasz->gender, ==, SL_GENDER_NON_BINARY);
}

static void
test_windows_1252 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = data_path ("entrants-windows-1252.csv");
  g_autoptr(SlImportPreview) preview = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlEntrant) renee = NULL;
  g_autoptr(GError) error = NULL;
  SlImportOptions options;

  preview = sl_import_preview (path, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->encoding, ==, "Windows-1252");
  g_assert_nonnull (preview->notice);
  g_assert_cmpint (preview->delimiter, ==, ';');
  g_assert_cmpuint (preview->rows->len, ==, 3);

  sl_import_options_init (&options);
  options.date_order = SL_DATE_ORDER_DMY;
  result = import_ok (fixture, path, &options);
  g_assert_cmpuint (result->imported, ==, 3);
  g_assert_nonnull (result->notice);
  g_assert_nonnull (strstr (result->notice, "Windows-1252"));

  renee = get_entrant (fixture, "2002");
  g_assert_cmpstr (renee->first_name, ==, "Renée");
  g_assert_cmpstr (renee->last_name, ==, "Lefèvre");
  g_assert_cmpstr (renee->date_of_birth, ==, "1991-03-09");
  g_assert_cmpstr (renee->nationality, ==, "FRA");
  sl_import_options_clear (&options);
}

/* An older Mac's "CSV (Macintosh)": Mac Roman, lines ended by CR. Two of its
 * letters (ç, Ç) are bytes Windows-1252 lacks; the rest would read as
 * Windows-1252 too, wrongly ("JosŽ").
 */
static void
test_mac_roman (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = data_path ("entrants-mac-roman.csv");
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlEntrant) jose = NULL;
  g_autoptr(SlEntrant) francois = NULL;

  result = import_ok (fixture, path, NULL);
  g_assert_cmpuint (result->imported, ==, 4);
  g_assert_nonnull (result->notice);
  g_assert_nonnull (strstr (result->notice, "Mac Roman"));

  jose = get_entrant (fixture, "2101");
  g_assert_cmpstr (jose->first_name, ==, "José");
  g_assert_cmpstr (jose->last_name, ==, "Nuñez");
  g_assert_cmpstr (jose->club, ==, "Club d’Athlétisme");
  francois = get_entrant (fixture, "2104");
  g_assert_cmpstr (francois->first_name, ==, "François");
  g_assert_cmpstr (francois->last_name, ==, "Çelik");
}

/* Bytes that are not UTF-8 are read as Windows-1252, or as Mac Roman when
 * that has clearly fewer characters out of place. Each file here is written
 * in the encodings it names, and must be read as written.
 */
static void
test_legacy_encodings (Fixture       *fixture,
                       gconstpointer  data)
{
  enum { WINDOWS = 1 << 0, MAC = 1 << 1 };
  static const struct
  {
    const char *rows;   /* name;club;notes lines */
    guint       written_in;
  } files[] = {
    /* Each name alone is read as Windows-1252 ... */
    { "José Fernández;;\n", WINDOWS },
    { "Chloé Dupont;;\n", WINDOWS },
    { "Jürgen Müller;;\n", WINDOWS },
    { "Søren Kierkegård;;\n", WINDOWS },
    { "Siobhán O’Brien;;\n", WINDOWS },
    { "Renée Lefèvre–Dupont;;\n", WINDOWS },
    { "ÉLODIE MARTIN;;\n", WINDOWS },
    { "Zoë Núñez;;\n", WINDOWS },
    { "Anaïs Öztürk;;\n", WINDOWS },
    { "Björn Ångström;;\n", WINDOWS },
    { "Marie Dupont;;Sœur de René\n", WINDOWS },
    /* ... and a list of them in either. */
    { "José Fernández;;\n"
      "Chloé Dupont;;\n"
      "Jürgen Müller;;\n"
      "Siobhán O’Brien;Club d’Athlétisme;\n"
      "Göran Persson;;\n"
      "Élise Martin;;Sœur de René\n"
      "Gaël Roux;;\n", WINDOWS | MAC },
    { "Søren Kierkegård;;\n"
      "Björn Ångström;;\n"
      "Anaïs Öztürk;;\n", WINDOWS | MAC },
    /* Windows-1252's apostrophes, quotes, dashes and signs are Mac Roman
     * letters ("Canít", "ìFastî", "Coô", "placeóMacmillan"), and some of its
     * letters Mac Roman signs ("Tom·ö"); they must not tip the file.
     */
    { "Amy Lee;;Can’t start before 9\n", WINDOWS },
    { "Jeanne Roux;AS d’Annecy;Team “Fast”\n", WINDOWS },
    { "Amy Lee;Co™;Charity place—Macmillan\n", WINDOWS },
    { "Eoghan Ó Briain;;paid €10\n"
      "Seán Ó'Neill;Clonliffe Harriers;\n"
      "Á. Fernández;Club Atletismo Madrid;1ª maratona\n", WINDOWS },
    { "Sarah Jones;Serpentine RC;\n"
      "Tomáš Novák;St John’s Harriers;Can’t start before 9\n"
      "Janez Žagar;;see § 4\n"
      "Ken Ito;;Paid ¥5000, doing ¾ distance\n", WINDOWS },
    { "Chloé Martin;St John’s Harriers;Can’t\n"
      "Zoë Smith;Women’s Running Network;It’s fine\n"
      "René Dubois;Runner’s World;\n"
      "Ann Lee;St John’s Harriers;\n"
      "Bo Kim;Women’s Running Network;\n"
      "Cy Ray;Runner’s World;\n"
      "Di Fox;;Can’t run\n"
      "Ed Roe;;It’s ok\n", WINDOWS },
  };
  static const char *const encodings[][2] = {
    { "WINDOWS-1252", "Windows-1252" },
    { "MACINTOSH", "Mac Roman" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    for (guint e = 0; e < G_N_ELEMENTS (encodings); e++)
      {
        g_autofree char *utf8 = g_strconcat ("Name;Club;Notes\n", files[i].rows, NULL);
        g_autofree char *bytes = NULL;
        g_autofree char *path = NULL;
        g_autoptr(GString) read_back = NULL;
        g_autoptr(SlImportPreview) preview = NULL;
        g_autoptr(GError) error = NULL;
        gsize len = 0;

        if ((files[i].written_in & (1u << e)) == 0)
          continue;
        bytes = g_convert (utf8, -1, encodings[e][0], "UTF-8", NULL, &len, &error);
        g_assert_no_error (error);
        path = write_file (fixture, "legacy.csv", bytes, (gssize)len);
        preview = sl_import_preview (path, NULL, 20, &error);
        g_assert_no_error (error);
        g_test_message ("%s in %s", files[i].rows, encodings[e][1]);
        g_assert_cmpstr (preview->encoding, ==, encodings[e][1]);
        read_back = g_string_new ("Name;Club;Notes\n");
        for (guint r = 0; r < preview->rows->len; r++)
          {
            g_autofree char *line = g_strjoinv (";", g_ptr_array_index (preview->rows, r));

            g_string_append_printf (read_back, "%s\n", line);
          }
        g_assert_cmpstr (read_back->str, ==, utf8);
      }

  /* When little tells, the commoner one: a single accent, or "€", which
   * is "Ä" in Mac Roman.
   */
  {
    g_autofree char *bytes = g_convert ("Name\nChloé Dupont\n", -1, "MACINTOSH", "UTF-8",
                                        NULL, NULL, NULL);
    g_autofree char *path = write_file (fixture, "short-mac.csv", bytes, -1);
    g_autoptr(SlImportPreview) preview = NULL;
    g_autoptr(GError) error = NULL;

    preview = sl_import_preview (path, NULL, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (preview->encoding, ==, "Windows-1252");
  }
  {
    g_autofree char *path = write_file (fixture, "tie.csv",
                                        "Bib;Name;Notes\n1;Amy Lee;paid \x80" "10\n", -1);
    g_autoptr(SlImportPreview) preview = NULL;
    g_autoptr(GError) error = NULL;
    GStrv row;

    preview = sl_import_preview (path, NULL, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (preview->encoding, ==, "Windows-1252");
    row = g_ptr_array_index (preview->rows, 0);
    g_assert_cmpstr (row[2], ==, "paid €10");
  }

  /* Polish in Windows-1250 has bytes Windows-1252 lacks, and misreads as
   * Mac Roman ("£ukasz", "èrebiec"): it is refused, not stored misread.
   */
  {
    g_autofree char *bytes = NULL;
    g_autofree char *path = NULL;
    g_autoptr(SlImportPreview) preview = NULL;
    g_autoptr(GError) error = NULL;
    gsize len = 0;

    bytes = g_convert ("Bib;Name\n1;Łukasz Wiśniewski\n2;Zofia Źrebiec\n", -1,
                       "WINDOWS-1250", "UTF-8", NULL, &len, &error);
    g_assert_no_error (error);
    path = write_file (fixture, "polish.csv", bytes, (gssize)len);
    preview = sl_import_preview (path, NULL, 1, &error);
    g_assert_null (preview);
    g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV);
    g_assert_nonnull (strstr (error->message, "not in an encoding Startline reads"));
  }
}

/* Two exports put together, one UTF-8 and one Windows-1252: refused,
 * naming a line of each, rather than stored half garbled.
 */
static void
test_mixed_encodings (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *mixed = "Bib,First name,Surname\r1,Zo\xc3\xab,M\xc3\xbcller\r"
                      "2,Ren\xe9,O\x92" "Brien\r";
  /* "JOSÉ’S" in Windows-1252 is valid UTF-8 (É’ is ɒ), but no name. */
  const char *windows = "Bib,First name,Surname,Club\n1,Jos\xe9,Lee,\n"
                        "2,Ann,Roe,JOS\xc9\x92S RUNNERS\n";
  g_autofree char *mixed_path = write_file (fixture, "mixed.csv", mixed, -1);
  g_autofree char *windows_path = write_file (fixture, "windows.csv", windows, -1);
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlEntrant) ann = NULL;
  g_autoptr(GError) error = NULL;
  guint audited = audit_length (fixture->db);

  result = sl_db_import_csv (fixture->db, mixed_path, NULL, NULL, NULL, NULL, &refused, &error);
  g_assert_null (result);
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV);
  g_assert_nonnull (strstr (error->message, "mixes two encodings: line 2 is UTF-8 and line 3 "
                                            "is not"));
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);
  g_assert_cmpuint (audit_length (fixture->db), ==, audited);

  result = import_ok (fixture, windows_path, NULL);
  g_assert_nonnull (strstr (result->notice, "read as Windows-1252"));
  ann = get_entrant (fixture, "2");
  g_assert_cmpstr (ann->club, ==, "JOSÉ’S RUNNERS");
}

static void
test_tab_full_name_race (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = data_path ("entrants-tab.tsv");
  g_autoptr(SlImportResult) result = import_ok (fixture, path, NULL);
  g_autoptr(SlEntrant) jose = get_entrant (fixture, "3001");
  g_autoptr(SlEntrant) siobhan = get_entrant (fixture, "3002");
  g_autoptr(SlEntrant) zoe = get_entrant (fixture, "3003");
  SlStats stats;

  g_assert_cmpuint (result->imported, ==, 3);
  /* "Last, First" */
  g_assert_cmpstr (jose->first_name, ==, "José");
  g_assert_cmpstr (jose->last_name, ==, "Fernández");
  g_assert_cmpint (jose->age, ==, 41);
  g_assert_cmpint (jose->race_id, ==, fixture->mass_id);
  g_assert_cmpstr (jose->wave_name, ==, "Blue 1");
  g_assert_cmpstr (jose->charity_name, ==, "Mind");
  g_assert_false (jose->vip);
  /* "First Last" */
  g_assert_cmpstr (siobhan->first_name, ==, "Siobhán");
  g_assert_cmpstr (siobhan->last_name, ==, "O'Brien");
  g_assert_cmpstr (siobhan->costume, ==, "Banana");
  g_assert_true (siobhan->vip);
  g_assert_cmpstr (siobhan->wave_name, ==, "Green 1");
  g_assert_null (siobhan->charity_name);
  /* A race by name, a wave within it, a charity by name. */
  g_assert_cmpstr (zoe->first_name, ==, "Zoë");
  g_assert_cmpstr (zoe->last_name, ==, "Müller-Lüdenscheidt");
  g_assert_cmpint (zoe->race_id, ==, fixture->elite_women_id);
  g_assert_cmpstr (zoe->wave_name, ==, "Elite");
  g_assert_cmpstr (zoe->charity_name, ==, "Macmillan Cancer Support");

  g_assert_true (sl_db_get_stats (fixture->db, &stats, NULL));
  g_assert_cmpint (stats.charity_runners, ==, 2);
  g_assert_cmpint (stats.vips, ==, 1);
}

static void
test_delimiters (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *files[] = {
    "Bib;First name;Last name;Club\n1;Ann;Lee;\"A;B\"\n2;Bo;Kim;C,D\n",
    "Bib\tFirst name\tLast name\tClub\n1\tAnn\tLee\tA;B\n2\tBo\tKim\tC,D\n",
    "Bib,First name,Last name,Club\n1,Ann,Lee,A;B\n2,Bo,Kim,\"C,D\"\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *name = g_strdup_printf ("delim-%u.csv", i);
      g_autofree char *path = write_file (fixture, name, files[i], -1);
      g_autoptr(SlImportResult) result = import_ok (fixture, path, NULL);
      g_autoptr(SlEntrant) ann = get_entrant (fixture, "1");
      g_autoptr(SlEntrant) bo = get_entrant (fixture, "2");

      /* The same entrants again, in another dialect: nothing to change. */
      g_assert_cmpuint (i == 0 ? result->imported : result->unchanged, ==, 2);
      g_assert_cmpuint (result->imported + result->updated + result->unchanged, ==, 2);
      g_assert_cmpstr (ann->club, ==, "A;B");
      g_assert_cmpstr (bo->club, ==, "C,D");
      g_assert_cmpstr (ann->last_name, ==, "Lee");
    }
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 2);
}

/* A first line "sep=;" names the delimiter, as spreadsheet programs
 * write and read it, and is not the header. Here the header alone would
 * pass for comma-separated: it has three commas to three semicolons.
 */
static void
test_sep_line (Fixture       *fixture,
               gconstpointer  data)
{
  const char *header = "Bib;First name;Last name;Remarks, if any, from the runner, or club\r\n";
  g_autofree char *text = g_strconcat ("sep=;\r\n", header, "1;Ann;Lee;A, B\r\n",
                                       "2;Bo;Kim;;\r\n", NULL);
  g_autofree char *path = write_file (fixture, "sep.csv", text, -1);
  g_autofree char *quoted_path = write_file (fixture, "sep-quoted.csv",
                                             "\"sep=,\"\nBib,First name,Last name\n3,Cy,Ray\n",
                                             -1);
  g_autoptr(SlImportPreview) preview = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlEntrant) ann = NULL;
  g_autoptr(GError) error = NULL;
  SlImportOptions options;

  sl_import_options_init (&options);
  preview = sl_import_preview (path, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->delimiter, ==, ';');
  g_assert_cmpstr (preview->headers[0], ==, "Bib");
  g_assert_cmpuint (g_strv_length (preview->headers), ==, 4);
  g_assert_cmpuint (preview->rows->len, ==, 2);

  /* Line numbers count the "sep=" line: the bad row is on line 4. */
  refused = import_refused (fixture, path, NULL);
  g_assert_cmpuint (refused->rejected, ==, 1);
  assert_problem (refused, 0, 4, NULL, "5 values");

  result = import_ok (fixture, quoted_path, NULL);
  g_assert_cmpuint (result->imported, ==, 1);
  g_assert_null (result->notice);
  g_clear_pointer (&result, sl_import_result_free);

  options.good_rows_only = TRUE;
  result = import_ok (fixture, path, &options);
  g_assert_cmpuint (result->imported, ==, 1);
  g_assert_cmpuint (result->rejected, ==, 1);
  ann = get_entrant (fixture, "1");
  g_assert_cmpstr (ann->last_name, ==, "Lee");

  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 2);
}

/* A title typed above the header in a spreadsheet, saved as CSV with the
 * padding a spreadsheet adds, is skipped with a notice; rows keep their
 * line numbers. A file with no header at all is still refused.
 */
static void
test_title_lines (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *text = "London Marathon 2026 entrants;;;\r\n;;;\r\n"
                     "Bib;First name;Surname;DOB\r\n"
                     "1;Ann;Lee;1990-05-01\r\n"
                     "2;Bo;Kim;1990-02-30\r\n";
  g_autofree char *path = write_file (fixture, "title.csv", text, -1);
  g_autofree char *sep_path = write_file (fixture, "sep-title.csv",
                                          "sep=,\nEntrants\nBib,Name\n3,Cy Ray\n", -1);
  g_autofree char *no_header_path = write_file (fixture, "no-header.csv",
                                                "Entrants\n4,Di,Fox\n5,Ed,Poe\n", -1);
  GString *far = g_string_new (NULL);
  g_autofree char *far_path = NULL;
  g_autoptr(SlImportPreview) preview = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlEntrant) ann = NULL;
  g_autoptr(GError) error = NULL;
  SlImportOptions options;

  preview = sl_import_preview (path, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->delimiter, ==, ';');
  g_assert_cmpstr (preview->headers[0], ==, "Bib");
  g_assert_cmpuint (preview->rows->len, ==, 2);
  g_assert_nonnull (strstr (preview->notice, "Lines 1 to 2"));
  g_assert_nonnull (strstr (preview->notice, "“London Marathon 2026 entrants”"));

  refused = import_refused (fixture, path, NULL);
  assert_problem (refused, 0, 5, "DOB", "1990-02-30");

  sl_import_options_init (&options);
  options.good_rows_only = TRUE;
  result = import_ok (fixture, path, &options);
  g_assert_cmpuint (result->imported, ==, 1);
  g_assert_nonnull (strstr (result->notice, "above the header"));
  ann = get_entrant (fixture, "1");
  g_assert_cmpstr (ann->date_of_birth, ==, "1990-05-01");
  g_clear_pointer (&result, sl_import_result_free);

  /* After a "sep=" line, the title is line 2. */
  result = import_ok (fixture, sep_path, NULL);
  g_assert_cmpuint (result->imported, ==, 1);
  g_assert_cmpstr (result->notice, ==, "Line 2 is above the header and was not imported: "
                                      "“Entrants”");
  g_assert_nonnull (strstr (result->notice, "“Entrants”"));

  /* No line names a bib and a name: the first line is the header. */
  g_assert_null (sl_db_import_csv (fixture->db, no_header_path, NULL, NULL, NULL, NULL, NULL,
                                   &error));
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING);
  g_clear_error (&error);

  /* The header is looked for down to line 11, blank lines included. */
  g_string_append (far, "\n");
  for (guint i = 0; i < 9; i++)
    g_string_append_printf (far, "Remark %u\n", i);
  g_string_append (far, "Bib,Name\n6,Fay Orr\n");
  far_path = write_file (fixture, "near.csv", far->str, -1);
  g_clear_pointer (&result, sl_import_result_free);
  result = import_ok (fixture, far_path, NULL);
  g_assert_nonnull (strstr (result->notice, "Lines 1 to 10 are above the header"));
  g_assert_nonnull (strstr (result->notice, "line 2 reads “Remark 0”"));
  g_free (far_path);
  g_string_prepend (far, "Remark\n");
  far_path = write_file (fixture, "far.csv", far->str, -1);
  g_string_free (far, TRUE);
  g_assert_null (sl_db_import_csv (fixture->db, far_path, NULL, NULL, NULL, NULL, NULL,
                                   &error));
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING);
  g_clear_error (&error);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 3);
}

/* Files whose first line is the header, though no cell of it reads as
 * one, or only part of a cell does, are read from line 1.
 */
static void
test_title_lines_not_taken (Fixture       *fixture,
                            gconstpointer  data)
{
  /* A header cell wrapped over two lines, whose second line looks like a header. */
  g_autofree char *wrapped_path = write_file (fixture, "wrapped.csv",
                                              "\"Registration\nID\",Bib,First name,Surname\n"
                                              "R1,1,Ann,Lee\n", -1);
  /* Headers named by a mapping, and a row that reads like a header. */
  g_autofree char *mapped_path = write_file (fixture, "mapped.csv",
                                             "Startnr;Vorname;Nachname\n1;Bo;Kim\n"
                                             "2;Number;Name\n", -1);
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlEntrant) ann = NULL;
  g_autoptr(SlEntrant) name = NULL;
  SlImportOptions options;

  result = import_ok (fixture, wrapped_path, NULL);
  g_assert_cmpuint (result->imported, ==, 1);
  ann = get_entrant (fixture, "1");
  g_assert_cmpstr (ann->last_name, ==, "Lee");
  g_clear_pointer (&result, sl_import_result_free);

  sl_import_options_init (&options);
  options.mapping[SL_IMPORT_FIELD_BIB] = g_strdup ("Startnr");
  options.mapping[SL_IMPORT_FIELD_FIRST_NAME] = g_strdup ("Vorname");
  options.mapping[SL_IMPORT_FIELD_LAST_NAME] = g_strdup ("Nachname");
  result = import_ok (fixture, mapped_path, &options);
  sl_import_options_clear (&options);
  g_assert_cmpuint (result->imported + result->updated, ==, 2);
  g_assert_null (result->notice);
  name = get_entrant (fixture, "2");
  g_assert_cmpstr (name->first_name, ==, "Number");
}

/* What registration systems write in brackets after a header name: the
 * column is matched without it, and a date column's "(DD/MM/YYYY)" says
 * the date order, unless the person chose one. A mapping names the whole
 * header, so "Phone (home)" and "Phone (mobile)" stay apart.
 */
static void
test_header_brackets (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *text = "Bib,First name,Surname,Date of Birth (DD/MM/YYYY),Gender (M/F),"
                     "Phone (home),Phone (mobile),Name (emergency contact)\n"
                     "1,Ann,Lee,01/02/1990,F,0123,0789,Bo Kim\n";
  g_autofree char *path = write_file (fixture, "brackets.csv", text, -1);
  g_autofree char *mdy_path = write_file (fixture, "mdy.csv", "Bib,Name,DOB [mm-dd-yyyy]\n"
                                          "2,Bo Kim,12-31-1990\n", -1);
  g_autofree char *ymd_path = write_file (fixture, "ymd.csv", "Bib,Name,Birth date (YYYY/MM/DD)\n"
                                          "3,Cy Ray,1990/02/01\n", -1);
  g_autofree char *ymd_wrong_path = write_file (fixture, "ymd-wrong.csv",
                                                "Bib,Name,Birth date (YYYY/MM/DD)\n"
                                                "5,Ed Roe,01/02/1990\n", -1);
  g_autofree char *other_path = write_file (fixture, "other.csv",
                                            "Bib,Name,DOB (D/M/Y)\n"
                                            "4,Di Fox,01/02/1990\n", -1);
  g_autoptr(SlImportPreview) preview = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(GError) error = NULL;
  SlImportOptions options;

  preview = sl_import_preview (path, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->date_order, ==, SL_DATE_ORDER_DMY);
  g_assert_cmpint (preview->fields[3], ==, SL_IMPORT_FIELD_DATE_OF_BIRTH);
  g_assert_cmpint (preview->fields[4], ==, SL_IMPORT_FIELD_GENDER);
  /* Brackets that say whose the column is are part of its name. */
  g_assert_cmpint (preview->fields[5], ==, SL_IMPORT_FIELD_NONE);
  g_assert_cmpint (preview->fields[6], ==, SL_IMPORT_FIELD_NONE);
  g_assert_cmpint (preview->fields[7], ==, SL_IMPORT_FIELD_NONE);

  result = import_ok (fixture, path, NULL);
  g_assert_nonnull (strstr (result->notice, "read day first, as the column "
                                            "“Date of Birth (DD/MM/YYYY)” says"));
  {
    g_autoptr(SlEntrant) ann = get_entrant (fixture, "1");

    g_assert_cmpstr (ann->date_of_birth, ==, "1990-02-01");
    g_assert_cmpint (ann->gender, ==, SL_GENDER_FEMALE);
    g_assert_null (ann->phone);
    g_assert_cmpstr (ann->first_name, ==, "Ann");
  }
  g_clear_pointer (&result, sl_import_result_free);

  /* The person's choice wins over the header; the mapping reads the mobile. */
  sl_import_options_init (&options);
  options.date_order = SL_DATE_ORDER_MDY;
  options.mapping[SL_IMPORT_FIELD_PHONE] = g_strdup ("phone (MOBILE)");
  result = import_ok (fixture, path, &options);
  sl_import_options_clear (&options);
  g_assert_true (result->notice == NULL || strstr (result->notice, "first, as") == NULL);
  {
    g_autoptr(SlEntrant) ann = get_entrant (fixture, "1");

    g_assert_cmpstr (ann->date_of_birth, ==, "1990-01-02");
    g_assert_cmpstr (ann->phone, ==, "0789");
  }
  g_clear_pointer (&result, sl_import_result_free);

  /* "Not accepted (only YYYY-MM-DD)", chosen, is not overridden either. */
  sl_import_options_init (&options);
  options.date_order_chosen = TRUE;
  refused = import_refused (fixture, path, &options);
  assert_problem (refused, 0, 2, "Date of Birth (DD/MM/YYYY)", "01/02/1990");
  g_clear_pointer (&refused, sl_import_result_free);

  result = import_ok (fixture, mdy_path, NULL);
  g_clear_pointer (&result, sl_import_result_free);
  g_clear_pointer (&preview, sl_import_preview_free);
  preview = sl_import_preview (ymd_path, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->date_order, ==, SL_DATE_ORDER_YMD);
  result = import_ok (fixture, ymd_path, NULL);
  {
    g_autoptr(SlEntrant) bo = get_entrant (fixture, "2");
    g_autoptr(SlEntrant) cy = get_entrant (fixture, "3");

    g_assert_cmpstr (bo->date_of_birth, ==, "1990-12-31");
    g_assert_cmpstr (cy->date_of_birth, ==, "1990-02-01");
  }

  /* Brackets that give no order leave the date ambiguous. */
  refused = import_refused (fixture, other_path, NULL);
  assert_problem (refused, 0, 2, "DOB (D/M/Y)", "01/02/1990");
  assert_problem (refused, 0, 2, "DOB (D/M/Y)", "ambiguous");
  g_clear_pointer (&refused, sl_import_result_free);

  /* A value the header's order does not fit says so. */
  refused = import_refused (fixture, ymd_wrong_path, NULL);
  assert_problem (refused, 0, 2, "Birth date (YYYY/MM/DD)", "“01/02/1990” does not start "
                  "with the year, as the column’s header says");
}

static void
test_line_ends (Fixture       *fixture,
                gconstpointer  data)
{
  const char *ends[] = { "\n", "\r\n", "\r" };

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      const char *e = ends[i];
      /* Line 3 holds a value with a line break, so the bad row is on line 5. */
      g_autofree char *text = g_strdup_printf ("Bib,First name,Last name,Notes,DOB%s"
                                               "1,Ann,Lee,,%s"
                                               "2,Bo,Kim,\"two%slines\",%s"
                                               "3,Cy,Ray,,1990-99-99%s"
                                               "4,Di,Fox,,%s",
                                               e, e, e, e, e, e);
      g_autofree char *name = g_strdup_printf ("ends-%u.csv", i);
      g_autofree char *path = write_file (fixture, name, text, -1);
      g_autofree char *notes = g_strdup_printf ("two%slines", e);
      g_autoptr(SlImportResult) refused = NULL;
      g_autoptr(SlImportResult) result = NULL;
      g_autoptr(SlEntrant) bo = NULL;
      SlImportOptions options;

      refused = import_refused (fixture, path, NULL);
      g_assert_cmpuint (refused->rejected, ==, 1);
      assert_problem (refused, 0, 5, "DOB", "1990-99-99");

      sl_import_options_init (&options);
      options.good_rows_only = TRUE;
      result = sl_db_import_csv (fixture->db, path, &options, NULL, NULL, NULL, NULL, NULL);
      g_assert_nonnull (result);
      /* Again with other line ends: only Bo's notes, which hold one, change. */
      g_assert_cmpuint (result->imported, ==, i == 0 ? 3 : 0);
      g_assert_cmpuint (result->updated, ==, i == 0 ? 0 : 1);
      g_assert_cmpuint (result->unchanged, ==, i == 0 ? 0 : 2);
      g_assert_cmpuint (result->rejected, ==, 1);
      assert_problem (result, 0, 5, "DOB", "1990-99-99");

      bo = get_entrant (fixture, "2");
      g_assert_cmpstr (bo->notes, ==, notes);
    }
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 3);
}

static void
test_aliases (Fixture       *fixture,
              gconstpointer  data)
{
  const char *text =
    "Race Number,Booking Reference,Given name,Last Name,Birth date,SEX,running club,"
    "Nation,E-mail,Telephone,Emergency contact,Category,Fancy dress,VIP,notes\n"
    "5001,ABC123,Aoife,Ní Bhriain,1992-06-01,woman,Clonliffe,IRL,aoife@example.ie,"
    "+353 1 555 0100,Máire 555 0101,Good for age,Leprechaun,Y,Runs with a guide\n";
  g_autofree char *path = write_file (fixture, "aliases.csv", text, -1);
  g_autoptr(SlImportPreview) preview = sl_import_preview (path, NULL, 5, NULL);
  g_autoptr(SlImportResult) result = import_ok (fixture, path, NULL);
  g_autoptr(SlEntrant) aoife = get_entrant (fixture, "abc123");
  const SlImportField expected[] = {
    SL_IMPORT_FIELD_BIB, SL_IMPORT_FIELD_BOOKING_REF, SL_IMPORT_FIELD_FIRST_NAME,
    SL_IMPORT_FIELD_LAST_NAME, SL_IMPORT_FIELD_DATE_OF_BIRTH, SL_IMPORT_FIELD_GENDER,
    SL_IMPORT_FIELD_CLUB, SL_IMPORT_FIELD_NATIONALITY, SL_IMPORT_FIELD_EMAIL,
    SL_IMPORT_FIELD_PHONE, SL_IMPORT_FIELD_EMERGENCY_CONTACT, SL_IMPORT_FIELD_ENTRY_TYPE,
    SL_IMPORT_FIELD_COSTUME, SL_IMPORT_FIELD_VIP, SL_IMPORT_FIELD_NOTES,
  };

  g_assert_nonnull (preview);
  g_assert_cmpuint (g_strv_length (preview->headers), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (preview->fields[i], ==, expected[i]);
  g_assert_cmpuint (preview->rows->len, ==, 1);

  g_assert_cmpuint (result->imported, ==, 1);
  g_assert_cmpstr (aoife->bib, ==, "5001");
  g_assert_cmpstr (aoife->last_name, ==, "Ní Bhriain");
  g_assert_cmpint (aoife->gender, ==, SL_GENDER_FEMALE);
  g_assert_cmpstr (aoife->phone, ==, "+353 1 555 0100");
  g_assert_cmpstr (aoife->emergency_contact, ==, "Máire 555 0101");
  g_assert_cmpint (aoife->entry_type, ==, SL_ENTRY_GOOD_FOR_AGE);
  g_assert_cmpstr (aoife->costume, ==, "Leprechaun");
  g_assert_true (aoife->vip);
  g_assert_cmpstr (aoife->notes, ==, "Runs with a guide");
  g_assert_cmpstr (aoife->email, ==, "aoife@example.ie");
}

static void
test_mapping (Fixture       *fixture,
              gconstpointer  data)
{
  const char *text = "Runner ID,Given name,Surname,Race No\nA-17,Olu,Adeyemi,999\n";
  g_autofree char *path = write_file (fixture, "mapping.csv", text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlEntrant) olu = NULL;
  SlImportOptions options;
  SlImportField field;

  g_assert_true (sl_import_field_from_id ("first_name", &field));
  g_assert_cmpint (field, ==, SL_IMPORT_FIELD_FIRST_NAME);
  g_assert_false (sl_import_field_from_id ("shoe-size", &field));
  g_assert_cmpstr (sl_import_field_to_id (SL_IMPORT_FIELD_BOOKING_REF), ==, "booking-ref");

  /* The mapping beats the alias: "Race No" would otherwise be the bib. */
  sl_import_options_init (&options);
  options.mapping[SL_IMPORT_FIELD_BIB] = g_strdup ("runner id");
  options.mapping[SL_IMPORT_FIELD_BOOKING_REF] = g_strdup ("Race No");
  result = import_ok (fixture, path, &options);
  g_assert_cmpuint (result->imported, ==, 1);
  olu = get_entrant (fixture, "A-17");
  g_assert_cmpstr (olu->booking_ref, ==, "999");

  g_free (options.mapping[SL_IMPORT_FIELD_BIB]);
  options.mapping[SL_IMPORT_FIELD_BIB] = g_strdup ("Shoe size");
  g_assert_null (sl_db_import_csv (fixture->db, path, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "Shoe size"));
  sl_import_options_clear (&options);
}

/* With mapping_only (the import dialog), a column left unmapped is not
 * read even when its header is a known alias.
 */
static void
test_mapping_only (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *text = "Bib,First name,Surname,Club,Notes\n7001,Ann,Lee,Belgrave,Knee\n";
  g_autofree char *path = write_file (fixture, "mapping-only.csv", text, -1);
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlEntrant) ann = NULL;
  SlImportOptions options;

  sl_import_options_init (&options);
  options.mapping_only = TRUE;
  options.mapping[SL_IMPORT_FIELD_BIB] = g_strdup ("Bib");
  options.mapping[SL_IMPORT_FIELD_FIRST_NAME] = g_strdup ("First name");
  options.mapping[SL_IMPORT_FIELD_LAST_NAME] = g_strdup ("Surname");
  options.mapping[SL_IMPORT_FIELD_COSTUME] = g_strdup ("Notes");
  result = import_ok (fixture, path, &options);
  g_assert_cmpuint (result->imported, ==, 1);
  ann = get_entrant (fixture, "7001");
  g_assert_null (ann->club);
  g_assert_null (ann->notes);
  g_assert_cmpstr (ann->costume, ==, "Knee");
  sl_import_options_clear (&options);
}

static void
test_missing_columns (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *no_bib = "Runner,First name,Surname\n1,Ann,Lee\n";
  const char *no_name = "Bib,First name,Club\n1,Ann,X\n";
  g_autofree char *path1 = write_file (fixture, "no-bib.csv", no_bib, -1);
  g_autofree char *path2 = write_file (fixture, "no-name.csv", no_name, -1);
  g_autoptr(GError) error = NULL;

  g_assert_null (sl_db_import_csv (fixture->db, path1, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "bib"));
  g_clear_error (&error);

  g_assert_null (sl_db_import_csv (fixture->db, path2, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "last name"));
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);
}

static void
test_unknown_columns (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *text = "Bib,First name,Surname,Shoe size,T-shirt\n1,Ann,Lee,6,M\n2,Bo,Kim,9,L\n";
  g_autofree char *path = write_file (fixture, "unknown.csv", text, -1);
  g_autoptr(SlImportResult) result = import_ok (fixture, path, NULL);

  g_assert_cmpuint (result->imported, ==, 2);
  g_assert_cmpuint (result->rejected, ==, 0);
  g_assert_nonnull (result->notice);
  g_assert_nonnull (strstr (result->notice, "“Shoe size”"));
  g_assert_nonnull (strstr (result->notice, "“T-shirt”"));
}

/* Every way in refuses the same: a 5,000-character name, a club past its
 * limit and a right-to-left override are each one problem naming the line,
 * the column and what is wrong, and nothing of them is stored or audited.
 */
static void
test_text_limits (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Bib,First name,Surname,Club\n");
  g_autofree char *path = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autofree char *long_name = NULL;
  g_autofree char *first = g_strnfill (101, 'b');
  guint audit_before = audit_length (fixture->db);

  g_string_append (csv, "1,");
  for (int i = 0; i < 5000; i++)
    g_string_append_c (csv, 'a');
  g_string_append (csv, ",Lee,\n");
  g_string_append (csv, "2,Ada,Love\u202elace,\n");
  g_string_append (csv, "3,Ann,Lee,");
  for (int i = 0; i < 151; i++)
    g_string_append (csv, "é");
  g_string_append (csv, "\n");
  g_string_append (csv, "4,Zeynab,Ka\u200cmali,Run\u200dners\n");
  path = write_file (fixture, "limits.csv", csv->str, (gssize)csv->len);

  refused = import_refused (fixture, path, NULL);
  g_assert_cmpuint (refused->rejected, ==, 3);
  g_assert_cmpuint (refused->problems->len, ==, 3);
  assert_problem (refused, 0, 2, "First name", "The first name can have at most 100 characters");
  assert_problem (refused, 1, 3, "Surname", "invisible formatting character U+202E");
  assert_problem (refused, 2, 4, "Club", "The club can have at most 150 characters");
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before);

  /* A full name is split into its parts, each held to its limit. */
  long_name = g_strdup_printf ("Bib,Name\n5,%s Lee\n", first);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&refused, sl_import_result_free);
  path = write_file (fixture, "full-name.csv", long_name, -1);
  refused = import_refused (fixture, path, NULL);
  assert_problem (refused, 0, 2, "Name", "The first name can have at most 100 characters");
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);
}

static void
test_bad_rows (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = data_path ("entrants-bad.csv");
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportResult) result = NULL;
  SlImportOptions options;
  guint audit_before = audit_length (fixture->db);

  refused = import_refused (fixture, path, NULL);
  g_assert_cmpuint (refused->rejected, ==, 5);
  assert_problem (refused, 0, 3, "DOB", "1990-02-31");
  assert_problem (refused, 1, 4, NULL, "quote");
  assert_problem (refused, 2, 5, NULL, "4 values");
  assert_problem (refused, 3, 6, "Bib", "line 2");
  assert_problem (refused, 4, 7, "Gender", "“Q”");
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before);

  sl_import_options_init (&options);
  options.good_rows_only = TRUE;
  result = import_ok (fixture, path, &options);
  g_assert_cmpuint (result->imported, ==, 2);
  g_assert_cmpuint (result->rejected, ==, 5);
  g_assert_cmpuint (result->problems->len, ==, 5);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 2);
  /* The import's entry alone, naming the two new entrants' ids. */
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before + 1);
  {
    g_autoptr(GArray) ids = sl_db_list_entrant_ids (fixture->db, NULL, SL_ENTRANT_SORT_BIB,
                                                    FALSE, NULL);
    g_autoptr(GPtrArray) last = sl_db_list_audit (fixture->db, NULL, 0, 1, NULL);
    g_autofree char *range = NULL;
    gint64 a, b;

    g_assert_nonnull (ids);
    g_assert_cmpuint (ids->len, ==, 2);
    a = MIN (g_array_index (ids, gint64, 0), g_array_index (ids, gint64, 1));
    b = MAX (g_array_index (ids, gint64, 0), g_array_index (ids, gint64, 1));
    range = g_strdup_printf ("\"first_entrant\":%" G_GINT64_FORMAT ",\"last_entrant\":%"
                             G_GINT64_FORMAT, a, b);
    g_assert_cmpstr (((SlAuditEntry *)last->pdata[0])->action, ==, "import");
    g_assert_nonnull (strstr (((SlAuditEntry *)last->pdata[0])->after, range));
  }
}

static void
test_ragged (Fixture       *fixture,
             gconstpointer  data)
{
  const char *text = "Bib,First name,Surname\n1,Ann,Lee,extra\n2,Bo\n3,Cy,Ray\n";
  g_autofree char *path = write_file (fixture, "ragged.csv", text, -1);
  g_autoptr(SlImportResult) refused = import_refused (fixture, path, NULL);

  g_assert_cmpuint (refused->rejected, ==, 2);
  assert_problem (refused, 0, 2, NULL, "4 values");
  assert_problem (refused, 1, 3, NULL, "2 values");
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);
}

static void
test_unterminated_quote (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *text = "Bib,First name,Surname\n1,Ann,Lee\n2,\"Bo,Kim\n3,Cy,Ray\n";
  g_autofree char *path = write_file (fixture, "open-quote.csv", text, -1);
  g_autoptr(SlImportResult) refused = import_refused (fixture, path, NULL);

  g_assert_cmpuint (refused->rejected, ==, 1);
  assert_problem (refused, 0, 3, NULL, "never closed, so line 4 was read as part of it");
}

/* A stray quote in the middle swallows the lines up to the next quote:
 * the report names them, as "good rows only" does not import them.
 */
static void
test_stray_quote_lines (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *text = "Bib,First name,Surname\n70,A,B\n71,\"Stray,B\n72,C,D\n73,E,F\n"
                     "74,G,\"H\"\n75,I,J\n";
  const char *only = "Bib,First name,Surname\n50,\"Unterminated,X\n51,A,B\n52,C,D\n";
  g_autofree char *path = write_file (fixture, "stray.csv", text, -1);
  g_autofree char *only_path = write_file (fixture, "only.csv", only, -1);
  g_autoptr(SlImportResult) refused = import_refused (fixture, path, NULL);
  g_autoptr(SlImportResult) good = NULL;
  g_autoptr(SlImportResult) none = NULL;
  SlImportOptions options;

  g_assert_cmpuint (refused->rejected, ==, 1);
  assert_problem (refused, 0, 3, NULL, "runs on to line 6, where its quotes are malformed, "
                                       "so lines 4–6 were read as part of it");

  sl_import_options_init (&options);
  options.good_rows_only = TRUE;
  good = import_ok (fixture, path, &options);
  g_assert_cmpuint (good->imported, ==, 2);
  g_assert_cmpuint (good->rejected, ==, 1);
  assert_problem (good, 0, 3, NULL, "lines 4–6");

  /* Every entrant inside the quote: that problem, not "no entrants". */
  g_clear_pointer (&refused, sl_import_result_free);
  refused = import_refused (fixture, only_path, NULL);
  assert_problem (refused, 0, 2, NULL, "never closed, so lines 3–4 were read as part of it");
  none = import_ok (fixture, only_path, &options);
  g_assert_cmpuint (none->imported + none->updated + none->unchanged, ==, 0);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 2);

  /* One line swallowed, named as one. */
  g_clear_pointer (&refused, sl_import_result_free);
  g_clear_pointer (&path, g_free);
  path = write_file (fixture, "stray-one.csv", "Bib,First name,Surname\n80,\"Stray,B\n81,C,\"D\"x\n", -1);
  refused = import_refused (fixture, path, NULL);
  assert_problem (refused, 0, 2, NULL, "runs on to line 3, where its quotes are malformed, "
                                       "so line 3 was read as part of it (a value in quotes");
}

/* Startline's own CSV export puts an apostrophe before values a
 * spreadsheet would run ('+44 …); importing the export again reads them as
 * they were and finds every entrant unchanged.
 */
static void
test_own_export_round_trip (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *text = "Bib,First name,Surname,Club,Phone,Costume,Email\n"
                     "1,Ann,Lee,=Highgate,+44 7700 900123,-5 minutes,@ann@example.org\n"
                     "2,'Ohana,Kim,'=Dash,'+44 20 7946 0000,,\n";
  g_autofree char *path = write_file (fixture, "protected.csv", text, -1);
  g_autofree char *exported = g_build_filename (fixture->dir, "export.csv", NULL);
  g_autoptr(SlImportResult) first = import_ok (fixture, path, NULL);
  g_autoptr(SlImportResult) again = NULL;
  g_autoptr(SlEntrant) ann = NULL;
  g_autoptr(SlEntrant) kim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  SlExportOptions options = { .format = SL_EXPORT_FORMAT_CSV };

  ann = get_entrant (fixture, "1");
  kim = get_entrant (fixture, "2");
  g_assert_cmpstr (ann->club, ==, "=Highgate");
  g_assert_cmpstr (ann->phone, ==, "+44 7700 900123");
  g_assert_cmpstr (ann->costume, ==, "-5 minutes");
  g_assert_cmpstr (kim->first_name, ==, "'Ohana");
  /* As a spreadsheet user protected them: the apostrophe goes. */
  g_assert_cmpstr (kim->club, ==, "=Dash");
  g_assert_cmpstr (kim->phone, ==, "+44 20 7946 0000");

  sl_test_sign_in_admin (fixture->db);
  g_assert_true (sl_db_export (fixture->db, exported, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (exported, &written, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (written, "'+44 7700 900123"));

  again = import_ok (fixture, exported, NULL);
  g_assert_cmpuint (again->imported, ==, 0);
  g_assert_cmpuint (again->updated, ==, 0);
  g_assert_cmpuint (again->unchanged, ==, 2);
  g_clear_pointer (&ann, sl_entrant_free);
  ann = get_entrant (fixture, "1");
  g_assert_cmpstr (ann->phone, ==, "+44 7700 900123");
  g_assert_cmpstr (ann->email, ==, "@ann@example.org");
}

/* A line break or tab inside a quoted name is a spreadsheet's wrapping,
 * not part of the name: one space. Notes keep their lines as written.
 */
static void
test_one_line_fields (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *text = "Bib,First name,Surname,Club,Notes\r\n"
                     "1,\"Bob\nBy\",\"Lee \r\n  Smith\",\"Tab\tClub\t\",\"Line one\r\nLine two\rthree\"\r\n";
  g_autofree char *path = write_file (fixture, "wrapped.csv", text, -1);
  g_autofree char *feed_path = NULL;
  g_autoptr(SlImportResult) result = import_ok (fixture, path, NULL);
  g_autoptr(SlEntrant) bob = get_entrant (fixture, "1");
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (bob->first_name, ==, "Bob By");
  g_assert_cmpstr (bob->last_name, ==, "Lee Smith");
  g_assert_cmpstr (bob->club, ==, "Tab Club");
  g_assert_cmpstr (bob->notes, ==, "Line one\r\nLine two\rthree");
  g_clear_pointer (&result, sl_import_result_free);
  feed_path = write_file (fixture, "feed.csv", "Bib,First name,Surname,Notes\n"
                                               "2,Di,Fox,\"Page\fbreak\x7f\"\n", -1);
  result = import_ok (fixture, feed_path, NULL);
  g_clear_pointer (&bob, sl_entrant_free);
  bob = get_entrant (fixture, "2");
  g_assert_cmpstr (bob->notes, ==, "Page break ");
  g_clear_pointer (&bob, sl_entrant_free);
  bob = get_entrant (fixture, "1");
  hits = sl_db_search (fixture->db, "bob by", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);

  /* Any other way in is refused, names kept as they were. */
  g_free (bob->last_name);
  bob->last_name = g_strdup ("Lee\nSmith");
  g_assert_false (sl_db_update_entrant (fixture->db, bob, &error));
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_LAST_NAME);
  g_assert_nonnull (strstr (error->message, "last name"));
  g_clear_pointer (&bob, sl_entrant_free);
  bob = get_entrant (fixture, "1");
  g_assert_cmpstr (bob->last_name, ==, "Lee Smith");
}

/* The preview shows each value as the import will store it: without a
 * spreadsheet's protective apostrophe, and on one line except notes.
 */
static void
test_preview_as_stored (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *text = "Bib,First name,Surname,Phone,Notes\r\n"
                     "1,\"Bob\nBy\",'=Lee,'+44 7700 900123,\"Line one\r\nPage\fbreak\"\r\n";
  g_autofree char *path = write_file (fixture, "preview.csv", text, -1);
  g_autoptr(SlImportPreview) preview = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlEntrant) bob = NULL;
  g_autoptr(GError) error = NULL;
  char **row;

  preview = sl_import_preview (path, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->rows->len, ==, 1);
  row = g_ptr_array_index (preview->rows, 0);
  g_assert_cmpstr (row[1], ==, "Bob By");
  g_assert_cmpstr (row[2], ==, "=Lee");
  g_assert_cmpstr (row[3], ==, "+44 7700 900123");
  g_assert_cmpstr (row[4], ==, "Line one\r\nPage break");

  result = import_ok (fixture, path, NULL);
  bob = get_entrant (fixture, "1");
  g_assert_cmpstr (bob->first_name, ==, row[1]);
  g_assert_cmpstr (bob->last_name, ==, row[2]);
  g_assert_cmpstr (bob->phone, ==, row[3]);
  g_assert_cmpstr (bob->notes, ==, row[4]);
}

static void
test_duplicates (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *text = "Bib,Ref,First name,Surname\n"
                     "1,R1,Ann,Lee\n"
                     "2,R2,Bo,Kim\n"
                     "1,R3,Cy,Ray\n"
                     "4,r2,Di,Fox\n";
  g_autofree char *path = write_file (fixture, "dups.csv", text, -1);
  g_autoptr(SlImportResult) refused = import_refused (fixture, path, NULL);

  g_assert_cmpuint (refused->rejected, ==, 2);
  assert_problem (refused, 0, 4, "Bib", "line 2");
  /* Booking references are compared without case, as the database does. */
  assert_problem (refused, 1, 5, "Ref", "line 3");
}

typedef struct
{
  const char  *value;
  SlDateOrder  order;
  const char  *stored;  /* NULL: rejected */
  const char  *reason;
} DateCase;

static void
test_dates (Fixture       *fixture,
            gconstpointer  data)
{
  const DateCase cases[] = {
    { "1990-02-01", SL_DATE_ORDER_UNSET, "1990-02-01", NULL },
    { "1990/02/01", SL_DATE_ORDER_UNSET, "1990-02-01", NULL },
    { "1990-02-01", SL_DATE_ORDER_DMY, "1990-02-01", NULL },
    { "01/02/1990", SL_DATE_ORDER_UNSET, NULL, "ambiguous" },
    { "25/12/1990", SL_DATE_ORDER_UNSET, NULL, "date order" },
    { "01/02/1990", SL_DATE_ORDER_DMY, "1990-02-01", NULL },
    { "01/02/1990", SL_DATE_ORDER_MDY, "1990-01-02", NULL },
    { "1.2.1990", SL_DATE_ORDER_DMY, "1990-02-01", NULL },
    { "12/25/1990", SL_DATE_ORDER_MDY, "1990-12-25", NULL },
    { "12/25/1990", SL_DATE_ORDER_DMY, NULL, "no such day" },
    { "31/02/1990", SL_DATE_ORDER_DMY, NULL, "no such day" },
    /* Days past 255 once wrapped around in GDateDay (a guint8). */
    { "1990-01-257", SL_DATE_ORDER_UNSET, NULL, "no such day" },
    { "0257/01/1990", SL_DATE_ORDER_DMY, NULL, "no such day" },
    { "1990-02-29", SL_DATE_ORDER_UNSET, NULL, "no such day" },
    { "1992-02-29", SL_DATE_ORDER_UNSET, "1992-02-29", NULL },
    { "01/02/90", SL_DATE_ORDER_DMY, NULL, "four digits" },
    { "2999-01-01", SL_DATE_ORDER_UNSET, NULL, "future" },
    { "1850-01-01", SL_DATE_ORDER_UNSET, NULL, "plausible" },
    { "yesterday", SL_DATE_ORDER_DMY, NULL, "not a date" },
    { "01/02/1990", SL_DATE_ORDER_YMD, NULL, "does not start with the year, as the date "
                                             "order chosen says" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("Bib,First name,Surname,Date of birth\n"
                                               "%u,Ann,Lee,%s\n", i + 1, cases[i].value);
      g_autofree char *name = g_strdup_printf ("date-%u.csv", i);
      g_autofree char *path = write_file (fixture, name, text, -1);
      g_autofree char *bib = g_strdup_printf ("%u", i + 1);
      SlImportOptions options;

      g_test_message ("%s with order %d", cases[i].value, cases[i].order);
      sl_import_options_init (&options);
      options.date_order = cases[i].order;
      if (cases[i].stored != NULL)
        {
          g_autoptr(SlImportResult) result = import_ok (fixture, path, &options);
          g_autoptr(SlEntrant) e = get_entrant (fixture, bib);

          g_assert_cmpstr (e->date_of_birth, ==, cases[i].stored);
        }
      else
        {
          g_autoptr(SlImportResult) refused = import_refused (fixture, path, &options);

          assert_problem (refused, 0, 2, "Date of birth", cases[i].reason);
          assert_problem (refused, 0, 2, "Date of birth", cases[i].value);
        }
    }
}

static void
test_field_values (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *text = "Bib,First name,Surname,Age,Gender,Race,Wave,Charity,VIP,Entry type,Email\n"
                     "1,Ann,Lee,130,F,,,,,,\n"
                     "2,Bo,Kim,30,X,Wheelchair,,,,,\n"
                     "3,Cy,Ray,30,M,MASS,Elite,,,,\n"
                     "4,Di,Fox,30,F,,,Oxfam,,,\n"
                     "5,Ed,Roe,30,M,,,,maybe,,\n"
                     "6,Fi,Poe,30,F,,,,,lottery,\n"
                     "7,Gil,Mann,30,male,,,,,,not-an-email\n"
                     "8,Hal,Ng,30,nb,ew,elite,mind,yes,Elite,\n";
  g_autofree char *path = write_file (fixture, "values.csv", text, -1);
  g_autoptr(SlImportResult) refused = import_refused (fixture, path, NULL);

  g_assert_cmpuint (refused->rejected, ==, 7);
  assert_problem (refused, 0, 2, "Age", "130");
  assert_problem (refused, 1, 3, "Race", "Wheelchair");
  assert_problem (refused, 2, 4, "Wave", "Elite");
  assert_problem (refused, 3, 5, "Charity", "Oxfam");
  assert_problem (refused, 4, 6, "VIP", "maybe");
  assert_problem (refused, 5, 7, "Entry type", "lottery");
  assert_problem (refused, 6, 8, "Email", "not-an-email");
}

static void
test_empty_and_binary (Fixture       *fixture,
                       gconstpointer  data)
{
  const guint8 garbage[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00,
                             0x0d, 'I', 'H', 'D', 'R' };
  const guint8 controls[] = { 'B', 'i', 'b', 0x01, 0x02, 0x1b, '\n', 0x7f, 0x03 };
  struct
  {
    const char *name;
    const char *contents;
    gssize      len;
    int         code;
    const char *needle;   /* in the message besides the file's name, or NULL */
  } cases[] = {
    { "empty.csv", "", 0, SL_IMPORT_ERROR_EMPTY },
    { "blank.csv", "\r\n  \n\n", -1, SL_IMPORT_ERROR_EMPTY },
    { "bom-only.csv", "\xef\xbb\xbf", -1, SL_IMPORT_ERROR_EMPTY },
    { "header-only.csv", "Bib,First name,Surname\r\n", -1, SL_IMPORT_ERROR_EMPTY },
    { "garbage.png", (const char *)garbage, sizeof garbage, SL_IMPORT_ERROR_NOT_CSV },
    { "controls.csv", (const char *)controls, sizeof controls, SL_IMPORT_ERROR_NOT_CSV },
    { "utf16.csv", "\xff\xfe" "B\0i\0b\0", 8, SL_IMPORT_ERROR_NOT_CSV },
    /* A "sep=" line naming a delimiter Startline does not read; one alone. */
    { "sep-pipe.csv", "sep=|\nBib|First name|Last name\n4|Di|Fox\n", -1,
      SL_IMPORT_ERROR_NOT_CSV, "“|”" },
    { "sep-only.csv", "SEP=;\n", -1, SL_IMPORT_ERROR_EMPTY },
  };
  guint audit_before = audit_length (fixture->db);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file (fixture, cases[i].name, cases[i].contents,
                                          cases[i].len);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlImportResult) refused = NULL;
      g_autoptr(SlImportPreview) preview = NULL;

      g_test_message ("%s", cases[i].name);
      g_assert_null (sl_db_import_csv (fixture->db, path, NULL, NULL, NULL, NULL, &refused,
                                       &error));
      g_assert_error (error, SL_IMPORT_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].name));
      g_assert_true (cases[i].needle == NULL || strstr (error->message, cases[i].needle));
      g_assert_null (refused);
      if (cases[i].code == SL_IMPORT_ERROR_NOT_CSV)
        {
          g_clear_error (&error);
          preview = sl_import_preview (path, NULL, 5, &error);
          g_assert_null (preview);
          g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_NOT_CSV);
        }
    }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *missing = g_build_filename (fixture->dir, "missing.csv", NULL);

    g_assert_null (sl_db_import_csv (fixture->db, missing, NULL, NULL, NULL, NULL, NULL,
                                     &error));
    g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_FILE);
  }
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before);
}

static void
test_reimport_updates (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *first = "Bib,Ref,First name,Surname,Club\n"
                      "1,R1,Ann,Lee,Old club\n"
                      "2,R2,Bo,Kim,\n";
  /* Bib 1 changes club; R2 comes back with a new bib; 3 is new. */
  const char *second = "Bib,Ref,First name,Surname,Club\n"
                       "1,R1,Ann,Lee,New club\n"
                       "22,R2,Bo,Kim,\n"
                       "3,R3,Cy,Ray,\n";
  /* A file without the Club column leaves the stored club alone. */
  const char *third = "Bib,First name,Surname\n1,Ann,Lee-Smith\n";
  g_autofree char *path1 = write_file (fixture, "first.csv", first, -1);
  g_autofree char *path2 = write_file (fixture, "second.csv", second, -1);
  g_autofree char *path3 = write_file (fixture, "third.csv", third, -1);
  g_autoptr(SlImportResult) r1 = import_ok (fixture, path1, NULL);
  g_autoptr(SlImportResult) r2 = NULL;
  g_autoptr(SlImportResult) r3 = NULL;
  g_autoptr(SlEntrant) ann = NULL;
  g_autoptr(SlEntrant) bo = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ann_id, bo_id;

  g_assert_cmpuint (r1->imported, ==, 2);
  ann = get_entrant (fixture, "1");
  ann_id = ann->id;
  g_clear_pointer (&ann, sl_entrant_free);
  bo = get_entrant (fixture, "R2");
  bo_id = bo->id;
  g_clear_pointer (&bo, sl_entrant_free);

  /* A check-in is not undone by a re-import. */
  g_clear_pointer (&ann, sl_entrant_free);
  ann = sl_db_check_in (fixture->db, "1", "Desk 1", &error);
  g_assert_no_error (error);
  g_clear_pointer (&ann, sl_entrant_free);

  r2 = import_ok (fixture, path2, NULL);
  g_assert_cmpuint (r2->imported, ==, 1);
  g_assert_cmpuint (r2->updated, ==, 2);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 3);

  ann = get_entrant (fixture, "1");
  g_assert_cmpint (ann->id, ==, ann_id);
  g_assert_cmpstr (ann->club, ==, "New club");
  g_assert_cmpint (ann->status, ==, SL_STATUS_CHECKED_IN);
  bo = get_entrant (fixture, "R2");
  g_assert_cmpint (bo->id, ==, bo_id);
  g_assert_cmpstr (bo->bib, ==, "22");
  g_clear_pointer (&ann, sl_entrant_free);

  r3 = import_ok (fixture, path3, NULL);
  g_assert_cmpuint (r3->updated, ==, 1);
  ann = get_entrant (fixture, "1");
  g_assert_cmpstr (ann->last_name, ==, "Lee-Smith");
  g_assert_cmpstr (ann->club, ==, "New club");
  g_assert_cmpstr (ann->booking_ref, ==, "R1");
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 3);
}

/* A runner checked in at the desk wears the bib given there: a file sent
 * later cannot change it (matched on the booking reference), with or
 * without "good rows only"; once the check-in is undone, it can.
 */
static void
test_reimport_keeps_bib_given_out (Fixture       *fixture,
                                   gconstpointer  data)
{
  const char *first = "Bib,Ref,First name,Surname\n"
                      "1,R1,Ann,Lee\n"
                      "2,R2,Bo,Kim\n"
                      "3,R3,Cy,Ray\n";
  const char *second = "Bib,Ref,First name,Surname\n"
                       "1,R1,Ann,Lee-Smith\n"
                       "22,R2,Bo,Kim\n"
                       "33,R3,Cy,Ray\n";
  g_autofree char *path1 = write_file (fixture, "first.csv", first, -1);
  g_autofree char *path2 = write_file (fixture, "second.csv", second, -1);
  g_autoptr(SlImportResult) r1 = import_ok (fixture, path1, NULL);
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportResult) good = NULL;
  g_autoptr(SlImportResult) after_undo = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(GError) error = NULL;
  SlImportOptions options;

  entrant = sl_db_check_in (fixture->db, "R2", "Desk 1", &error);
  g_assert_no_error (error);
  g_clear_pointer (&entrant, sl_entrant_free);
  entrant = get_entrant (fixture, "R3");
  g_assert_true (sl_db_set_entrant_status (fixture->db, entrant->id, SL_STATUS_FINISHED, &error));
  g_assert_no_error (error);
  g_clear_pointer (&entrant, sl_entrant_free);

  refused = import_refused (fixture, path2, NULL);
  g_assert_cmpuint (refused->rejected, ==, 2);
  assert_problem (refused, 0, 3, "Bib", "R2 is already checked in with bib 2, so the bib "
                                        "cannot change to 22 (undo the check-in first)");
  assert_problem (refused, 1, 4, "Bib", "with bib 3, so the bib cannot change to 33");

  sl_import_options_init (&options);
  options.good_rows_only = TRUE;
  good = import_ok (fixture, path2, &options);
  g_assert_cmpuint (good->updated, ==, 1);
  g_assert_cmpuint (good->rejected, ==, 2);
  entrant = get_entrant (fixture, "R2");
  g_assert_cmpstr (entrant->bib, ==, "2");
  g_assert_cmpint (entrant->status, ==, SL_STATUS_CHECKED_IN);
  g_clear_pointer (&entrant, sl_entrant_free);
  entrant = get_entrant (fixture, "R1");
  g_assert_cmpstr (entrant->last_name, ==, "Lee-Smith");
  g_clear_pointer (&entrant, sl_entrant_free);

  entrant = sl_db_undo_check_in (fixture->db, "2", "Desk 1", &error);
  g_assert_no_error (error);
  g_clear_pointer (&entrant, sl_entrant_free);
  after_undo = import_ok (fixture, path2, &options);
  g_assert_cmpuint (after_undo->updated, ==, 1);
  entrant = get_entrant (fixture, "R2");
  g_assert_cmpstr (entrant->bib, ==, "22");
}

/* A file sent again is mostly rows the event already has: they are counted
 * as unchanged and write nothing, not even an audit entry. A new charity,
 * or none, is a change even when every entrant field is the same.
 */
static void
test_unchanged (Fixture       *fixture,
                gconstpointer  data)
{
  const char *first = "Bib,First name,Surname,Club,Charity\n"
                      "1,Ann,Lee,Highgate,Mind\n"
                      "2,Bo,Kim,,Mind\n"
                      "3,Cy,Ray,,Mind\n"
                      "4,Di,Fox,,\n";
  const char *again = "Bib,First name,Surname,Club,Charity\n"
                      "1,Ann,Lee,Highgate,Mind\n"
                      "2,Bo,Kim,,Macmillan Cancer Support\n"
                      "3,Cy,Ray,,\n"
                      "4,Di,Fox,,\n";
  g_autofree char *first_path = write_file (fixture, "first.csv", first, -1);
  g_autofree char *again_path = write_file (fixture, "again.csv", again, -1);
  g_autoptr(SlImportResult) r1 = NULL;
  g_autoptr(SlImportResult) same = NULL;
  g_autoptr(SlImportResult) dry = NULL;
  g_autoptr(SlImportResult) r2 = NULL;
  g_autoptr(SlEntrant) bo = NULL;
  g_autoptr(SlEntrant) cy = NULL;
  g_autoptr(GError) error = NULL;
  SlImportOptions options;
  guint audit_before;

  r1 = import_ok (fixture, first_path, NULL);
  g_assert_cmpuint (r1->imported, ==, 4);

  audit_before = audit_length (fixture->db);
  same = import_ok (fixture, first_path, NULL);
  g_assert_cmpuint (same->imported, ==, 0);
  g_assert_cmpuint (same->updated, ==, 0);
  g_assert_cmpuint (same->unchanged, ==, 4);
  /* Only the import's own entry: no entrant was written. */
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before + 1);

  sl_import_options_init (&options);
  options.dry_run = TRUE;
  dry = sl_db_import_csv (fixture->db, again_path, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dry->updated, ==, 2);
  g_assert_cmpuint (dry->unchanged, ==, 2);

  r2 = import_ok (fixture, again_path, NULL);
  g_assert_cmpuint (r2->imported, ==, 0);
  g_assert_cmpuint (r2->updated, ==, 2);
  g_assert_cmpuint (r2->unchanged, ==, 2);
  bo = get_entrant (fixture, "2");
  g_assert_cmpstr (bo->charity_name, ==, "Macmillan Cancer Support");
  cy = get_entrant (fixture, "3");
  g_assert_null (cy->charity_name);
}

/* Asks FTS5 to compare its index with the entrant rows it was built from;
 * on a server, the search rows with the entrants': every entrant has its
 * whole key as a tail, every tail is the end of its entrant's key, with
 * its sort name.
 */
static void
assert_search_index_intact (Fixture *fixture)
{
  sqlite3 *handle = NULL;
  char *message = NULL;

  if (sl_test_store_is_server ())
    {
      g_assert_cmpint (sl_test_query_int (fixture->db, fixture->db_path,
                                          "SELECT count(*) FROM entrant e"
                                          " WHERE NOT EXISTS (SELECT 1 FROM entrant_search s"
                                          "  WHERE s.entrant_id = e.id AND s.tail = e.search_key)"
                                          " OR EXISTS (SELECT 1 FROM entrant_search s"
                                          "  WHERE s.entrant_id = e.id"
                                          "  AND (s.sort_name <> e.sort_name"
                                          "   OR right (e.search_key, length (s.tail)) <> s.tail))"),
                       ==, 0);
      g_assert_cmpint (sl_test_query_int (fixture->db, fixture->db_path,
                                          "SELECT count(*) FROM entrant_search s WHERE NOT EXISTS"
                                          " (SELECT 1 FROM entrant e WHERE e.id = s.entrant_id)"),
                       ==, 0);
      return;
    }
  g_assert_cmpint (sqlite3_open (fixture->db_path, &handle), ==, SQLITE_OK);
  if (sqlite3_exec (handle, "INSERT INTO entrant_fts (entrant_fts) VALUES ('integrity-check')",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("the search index does not match the entrants: %s", message);
  sqlite3_close (handle);
}

/* The audit entries of one entrant with the given action. */
static GPtrArray *
audit_of (Fixture    *fixture,
          gint64      id,
          const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = sl_db_list_audit (fixture->db, "entrant", id, 0, &error);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_audit_entry_free);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len;)
    {
      SlAuditEntry *entry = g_ptr_array_index (all, i);

      if (g_strcmp0 (entry->action, action) == 0)
        g_ptr_array_add (found, g_ptr_array_steal_index (all, i));
      else
        i++;
    }
  return found;
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (json);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

/* The import's own entry: action import, the file's name and SHA-256 and
 * the counts.
 */
static void
assert_import_entry (Fixture    *fixture,
                     gint64      id,
                     const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = sl_db_list_audit (fixture->db, "entrant", 0, 0, &error);
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, contents, -1);
  g_autofree char *member = g_strdup_printf ("\"sha256\":\"%s\"", sha256);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      SlAuditEntry *entry = g_ptr_array_index (all, i);

      if (entry->id != id)
        continue;
      g_assert_cmpstr (entry->action, ==, "import");
      g_assert_true (g_str_has_prefix (entry->after, "{\"file\":\""));
      g_assert_nonnull (strstr (entry->after, member));
      g_assert_nonnull (strstr (entry->after, "\"imported\":"));
      return;
    }
  g_assert_not_reached ();
}

static void
test_audit_per_entrant (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *first = "Bib,Ref,First name,Surname,Club,Charity,DOB\n"
                      "1,R1,\"Ann \"\"Nan\"\"\",O'Brien,\"Back\\slash \"\"AC\"\"\",Mind,"
                      "1990-05-01\n"
                      "2,R2,José,Fernández,,,\n"
                      "3,R3,Zoë,Lee,Serpentine,Macmillan Cancer Support,\n";
  /* Ann changes club, Zoë is unchanged, bib 4 is new. */
  const char *second = "Bib,Ref,First name,Surname,Club,Charity,DOB\n"
                       "1,R1,\"Ann \"\"Nan\"\"\",O'Brien,Highgate,Mind,1990-05-01\n"
                       "3,R3,Zoë,Lee,Serpentine,Macmillan Cancer Support,\n"
                       "4,R4,Dónal,Ó Súilleabháin,,Mind,\n";
  const char *bibs[] = { "1", "2", "3", "4" };
  g_autofree char *path1 = write_file (fixture, "first.csv", first, -1);
  g_autofree char *path2 = write_file (fixture, "second.csv", second, -1);
  g_autoptr(SlImportResult) r1 = NULL;
  g_autoptr(SlImportResult) r2 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  sl_db_set_actor (fixture->db, "Coordinator Sam", "Expo desk 3");
  r1 = import_ok (fixture, path1, NULL);
  g_assert_cmpuint (r1->imported, ==, 3);
  r2 = import_ok (fixture, path2, NULL);
  g_assert_cmpuint (r2->imported, ==, 1);
  g_assert_cmpuint (r2->updated, ==, 1);
  g_assert_cmpuint (r2->unchanged, ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (bibs); i++)
    {
      g_autoptr(SlEntrant) e = get_entrant (fixture, bibs[i]);
      g_autoptr(GPtrArray) inserts = audit_of (fixture, e->id, "insert");
      g_autoptr(GPtrArray) updates = audit_of (fixture, e->id, "update");
      g_autoptr(GPtrArray) signups = audit_of (fixture, e->id, "charity-signup");
      g_autofree char *expected = NULL;
      SlAuditEntry *insert;
      JsonObject *after;

      /* Exactly one insert entry each, with who and when; its payload only
       * refers to the import's own entry, which names the file (its
       * SHA-256) and the counts.
       */
      g_assert_cmpuint (inserts->len, ==, 1);
      insert = g_ptr_array_index (inserts, 0);
      g_assert_cmpstr (insert->operator_name, ==, "Coordinator Sam");
      g_assert_cmpstr (insert->desk, ==, "Expo desk 3");
      g_assert_nonnull (insert->at);
      g_assert_true (g_str_has_suffix (insert->at, "Z"));
      g_assert_null (insert->before);
      after = parse_object (parser, insert->after);
      g_assert_cmpuint (json_object_get_size (after), ==, 1);
      assert_import_entry (fixture, json_object_get_int_member (after, "import"),
                           g_str_equal (bibs[i], "4") ? second : first);
      g_assert_cmpstr (e->bib, ==, bibs[i]);
      g_assert_cmpint (e->status, ==, SL_STATUS_REGISTERED);

      if (g_str_equal (bibs[i], "1"))
        {
          SlAuditEntry *update;
          JsonObject *before;

          g_assert_cmpuint (updates->len, ==, 1);
          update = g_ptr_array_index (updates, 0);
          g_assert_cmpstr (update->operator_name, ==, "Coordinator Sam");
          before = parse_object (parser, update->before);
          g_assert_cmpstr (json_object_get_string_member (before, "club"), ==,
                           "Back\\slash \"AC\"");
          after = parse_object (parser, update->after);
          g_assert_cmpstr (json_object_get_string_member (after, "club"), ==, "Highgate");
          /* Only what changed. */
          g_assert_cmpstr (update->after, ==, "{\"club\":\"Highgate\"}");
          g_assert_cmpstr (update->before, ==, "{\"club\":\"Back\\\\slash \\\"AC\\\"\"}");
        }
      else
        g_assert_cmpuint (updates->len, ==, 0);
      /* A new entrant's sign-up is the import's, counted in its entry
       * (test_signups_counted_by_import); none of these moved charity.
       */
      g_assert_cmpuint (signups->len, ==, 0);
    }
}

/* New entrants' sign-ups have no audit entries of their own: the
 * import's entry counts them (the file's SHA-256 says what they were),
 * each entrant's entry refers to it, and the sign-ups are in the table.
 */
static void
test_signups_counted_by_import (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *csv = "Bib,Ref,First name,Surname,Charity\n"
                    "1,R1,Ann,O'Brien,Mind\n"
                    "2,R2,Zoë,Lee,Macmillan Cancer Support\n"
                    "3,R3,Bo,Kim,\n";
  const char *bibs[] = { "1", "2", "3" };
  g_autofree char *path = write_file (fixture, "signups.csv", csv, -1);
  g_autoptr(SlImportResult) result = import_ok (fixture, path, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 import_id = 0;

  g_assert_cmpuint (result->imported, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (bibs); i++)
    {
      g_autoptr(SlEntrant) e = get_entrant (fixture, bibs[i]);
      g_autoptr(GPtrArray) signups = audit_of (fixture, e->id, "charity-signup");
      g_autoptr(GPtrArray) inserts = audit_of (fixture, e->id, "insert");
      JsonObject *after;

      g_assert_cmpuint (signups->len, ==, 0);
      g_assert_cmpuint (inserts->len, ==, 1);
      after = parse_object (parser, ((SlAuditEntry *)inserts->pdata[0])->after);
      import_id = json_object_get_int_member (after, "import");
      g_assert_cmpstr (e->charity_name, ==, i == 0 ? "Mind"
                                            : i == 1 ? "Macmillan Cancer Support" : NULL);
    }
  assert_import_entry (fixture, import_id, csv);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) all = sl_db_list_audit (fixture->db, "entrant", 0, 0, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < all->len; i++)
      if (((SlAuditEntry *)all->pdata[i])->id == import_id)
        g_assert_nonnull (strstr (((SlAuditEntry *)all->pdata[i])->after,
                                  "\"charity_signups\":2"));
  }
}

static void
assert_image (GPtrArray  *entries,
              guint       index,
              const char *before,
              const char *after)
{
  SlAuditEntry *entry;

  g_assert_cmpuint (entries->len, >, index);
  entry = g_ptr_array_index (entries, index);
  g_assert_cmpstr (entry->before, ==, before);
  g_assert_cmpstr (entry->after, ==, after);
}

/* A sign-up an import adds, moves or removes is audited with what it was
 * and became. Moved to another charity, it starts again from nothing: the
 * money raised was for the old one (the audit entry keeps it).
 */
static void
test_charity_changes_audited (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *first = "Bib,First name,Surname,Charity\n"
                      "1,Ann,Lee,Mind\n"
                      "2,Bo,Kim,Mind\n"
                      "3,Cy,Ray,\n";
  const char *again = "Bib,First name,Surname,Charity\n"
                      "1,Ann,Lee,Macmillan Cancer Support\n"
                      "2,Bo,Kim,\n"
                      "3,Cy,Ray,Mind\n";
  g_autofree char *first_path = write_file (fixture, "first.csv", first, -1);
  g_autofree char *again_path = write_file (fixture, "again.csv", again, -1);
  g_autoptr(SlImportResult) r1 = import_ok (fixture, first_path, NULL);
  g_autoptr(SlImportResult) r2 = NULL;
  g_autoptr(SlEntrant) ann = get_entrant (fixture, "1");
  g_autoptr(SlEntrant) bo = get_entrant (fixture, "2");
  g_autoptr(SlEntrant) cy = get_entrant (fixture, "3");
  g_autoptr(GPtrArray) ann_signups = NULL;
  g_autoptr(GPtrArray) bo_removed = NULL;
  g_autoptr(GPtrArray) cy_signups = NULL;
  g_autoptr(GError) error = NULL;

  /* Macmillan Cancer Support is charity 1, Mind 2 (fixture_set_up). */
  g_assert_true (sl_db_set_charity_signup (fixture->db, ann->id, 2, 50000, 1000, &error));
  g_assert_no_error (error);
  r2 = import_ok (fixture, again_path, NULL);
  g_assert_cmpuint (r2->updated, ==, 3);

  /* The first import's sign-up has no entry of its own (the import's
   * counts it); the change after it says what it was.
   */
  ann_signups = audit_of (fixture, ann->id, "charity-signup");
  g_assert_cmpuint (ann_signups->len, ==, 2);
  assert_image (ann_signups, 1, "{\"target_pence\":0,\"raised_pence\":0}",
                "{\"target_pence\":50000,\"raised_pence\":1000}");
  assert_image (ann_signups, 0,
                "{\"charity_id\":2,\"target_pence\":50000,\"raised_pence\":1000}",
                "{\"charity_id\":1,\"target_pence\":0,\"raised_pence\":0}");

  bo_removed = audit_of (fixture, bo->id, "charity-signup-removed");
  g_assert_cmpuint (bo_removed->len, ==, 1);
  assert_image (bo_removed, 0,
                "{\"charity_id\":2,\"target_pence\":0,\"raised_pence\":0}", NULL);

  cy_signups = audit_of (fixture, cy->id, "charity-signup");
  g_assert_cmpuint (cy_signups->len, ==, 1);
  assert_image (cy_signups, 0, NULL,
                "{\"charity_id\":2,\"target_pence\":0,\"raised_pence\":0}");
}

static void
assert_finds (Fixture    *fixture,
              const char *text,
              const char *bib)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = sl_db_search (fixture->db, text, 10, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    found |= g_strcmp0 (((SlEntrant *)hits->pdata[i])->bib, bib) == 0;
  if (!found)
    g_error ("searching “%s” does not find bib %s", text, bib);
}

static void
assert_finds_none (Fixture    *fixture,
                   const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = sl_db_search (fixture->db, text, 10, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_search_after_import (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *first = "Bib,Ref,First name,Surname,Club\n"
                      "101,LM-7KQ,José,Fernández,Serpentine RC\n"
                      "102,LM-8ZZ,Siobhán,O'Brien,\n";
  const char *second = "Bib,Ref,First name,Surname,Club\n"
                       "101,LM-7KQ,José,Fernández García,Serpentine RC\n"
                       "102,LM-8ZZ,Siobhán,Kowalski,\n"
                       "103,LM-9AB,Zoë,Nørgaard,\n";
  g_autofree char *path1 = write_file (fixture, "first.csv", first, -1);
  g_autofree char *path2 = write_file (fixture, "second.csv", second, -1);
  g_autoptr(SlImportResult) r1 = NULL;
  g_autoptr(SlImportResult) r2 = NULL;

  r1 = import_ok (fixture, path1, NULL);
  assert_search_index_intact (fixture);
  assert_finds (fixture, "fernandez", "101");
  assert_finds (fixture, "jose f", "101");
  assert_finds (fixture, "serp", "101");
  assert_finds (fixture, "obrien", "102");
  assert_finds (fixture, "o'brien", "102");
  assert_finds (fixture, "lm-8zz", "102");
  assert_finds (fixture, "102", "102");

  /* Updated in the next import: the old surname no longer finds her. */
  r2 = import_ok (fixture, path2, NULL);
  assert_search_index_intact (fixture);
  assert_finds (fixture, "garcia", "101");
  assert_finds (fixture, "kowal", "102");
  assert_finds_none (fixture, "obrien");
  assert_finds (fixture, "norgaard", "103");
  assert_finds (fixture, "zoe", "103");
}

static void
test_ref_clash (Fixture       *fixture,
                gconstpointer  data)
{
  const char *first = "Bib,Ref,First name,Surname\n1,R1,Ann,Lee\n2,R2,Bo,Kim\n";
  const char *second = "Bib,Ref,First name,Surname\n1,R2,Ann,Lee\n";
  g_autofree char *path1 = write_file (fixture, "first.csv", first, -1);
  g_autofree char *path2 = write_file (fixture, "second.csv", second, -1);
  g_autoptr(SlImportResult) r1 = import_ok (fixture, path1, NULL);
  g_autoptr(SlImportResult) refused = import_refused (fixture, path2, NULL);

  assert_problem (refused, 0, 2, "Ref", "bib 2");
}

/* The entrant indexes as the schema holds them, one "name: sql" line each
 * (on a server, "name: definition" in one line, joined by " | ").
 */
static char *
dup_entrant_indexes (Fixture *fixture)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out;

  if (sl_test_store_is_server ())
    return sl_test_query_text (fixture->db, fixture->db_path,
                               "SELECT string_agg (indexname || ': ' || indexdef, ' | '"
                               " ORDER BY indexname) FROM pg_indexes"
                               " WHERE tablename = 'entrant'");
  out = g_string_new (NULL);
  g_assert_cmpint (sqlite3_open (fixture->db_path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT name, sql FROM sqlite_schema"
                                       " WHERE type = 'index' AND tbl_name = 'entrant'"
                                       " ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s: %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return g_string_free (out, FALSE);
}

/* Whether the database itself refuses sql as a second value of a unique
 * index, written beside the store.
 */
static gboolean
refused_as_duplicate (Fixture    *fixture,
                      const char *sql)
{
  g_autofree char *message = NULL;

  if (sl_test_exec (fixture->db, fixture->db_path, sql, &message))
    return FALSE;
  g_test_message ("refused: %s", message);
  return strstr (message, sl_test_store_is_server () ? "duplicate key value"
                                                     : "UNIQUE constraint failed") != NULL;
}

/* An import into an empty event builds the entrant indexes after its rows:
 * whether it commits or not, the same indexes are there afterwards, and the
 * database itself still refuses a second bib or booking reference.
 */
static void
test_indexes_rebuilt (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *bad = "Bib,Ref,First name,Surname\n1,R1,Ann,Lee\n2,R2,Bo,\n";
  const char *good = "Bib,Ref,First name,Surname,Club\n1,R1,Ann,Lee,Herne Hill\n2,R2,Bo,Kim,\n";
  const char *more = "Bib,Ref,First name,Surname\n1,R1,Ann,Lee-Smith\n3,R3,Cy,Ray\n";
  g_autofree char *bad_path = write_file (fixture, "bad.csv", bad, -1);
  g_autofree char *good_path = write_file (fixture, "good.csv", good, -1);
  g_autofree char *more_path = write_file (fixture, "more.csv", more, -1);
  g_autofree char *before = dup_entrant_indexes (fixture);
  g_autofree char *after_refused = NULL;
  g_autofree char *after_import = NULL;
  g_autofree char *after_update = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportResult) imported = NULL;
  g_autoptr(SlImportResult) updated = NULL;

  g_assert_nonnull (strstr (before, sl_test_store_is_server ()
                                    ? "CREATE UNIQUE INDEX entrant_by_bib ON public.entrant"
                                      " USING btree (bib)"
                                    : "CREATE UNIQUE INDEX entrant_by_bib ON entrant (bib)"));
  g_assert_nonnull (strstr (before, "CREATE UNIQUE INDEX entrant_by_booking_ref"));

  refused = import_refused (fixture, bad_path, NULL);
  after_refused = dup_entrant_indexes (fixture);
  g_assert_cmpstr (after_refused, ==, before);

  imported = import_ok (fixture, good_path, NULL);
  g_assert_cmpuint (imported->imported, ==, 2);
  after_import = dup_entrant_indexes (fixture);
  g_assert_cmpstr (after_import, ==, before);

  updated = import_ok (fixture, more_path, NULL);
  g_assert_cmpuint (updated->imported, ==, 1);
  g_assert_cmpuint (updated->updated, ==, 1);
  after_update = dup_entrant_indexes (fixture);
  g_assert_cmpstr (after_update, ==, before);

  g_assert_true (refused_as_duplicate (fixture, "INSERT INTO entrant (bib, first_name, last_name,"
                                       " created_at, updated_at) VALUES ('2', 'X', 'Y', '', '')"));
  g_assert_true (refused_as_duplicate (fixture, "INSERT INTO entrant (bib, booking_ref, first_name,"
                                       " last_name, created_at, updated_at)"
                                       " VALUES ('9', 'r3', 'X', 'Y', '', '')"));
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 3);
}

static void
test_dry_run (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = data_path ("entrants-utf8-bom.csv");
  g_autofree char *bad = data_path ("entrants-bad.csv");
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(GError) error = NULL;
  SlImportOptions options;
  guint audit_before = audit_length (fixture->db);

  sl_import_options_init (&options);
  options.dry_run = TRUE;
  result = sl_db_import_csv (fixture->db, path, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->imported, ==, 4);
  g_assert_false (result->committed);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before);

  /* After a real import, the same dry run finds nothing to change. */
  g_clear_pointer (&result, sl_import_result_free);
  result = import_ok (fixture, path, NULL);
  g_clear_pointer (&result, sl_import_result_free);
  audit_before = audit_length (fixture->db);
  result = sl_db_import_csv (fixture->db, path, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->imported, ==, 0);
  g_assert_cmpuint (result->updated, ==, 0);
  g_assert_cmpuint (result->unchanged, ==, 4);
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before);

  /* A dry run of a bad file reports the problems the real import would. */
  refused = import_refused (fixture, bad, &options);
  g_assert_cmpuint (refused->rejected, ==, 5);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 4);
}

static char *
write_many (Fixture    *fixture,
            const char *name,
            guint       rows,
            guint       first_bib)
{
  GString *csv = g_string_new ("Bib,Booking Ref,First name,Surname,DOB,Gender,Club\n");
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  const char *firsts[] = { "José", "Siobhán", "Zoë", "Łukasz", "Aoife", "Renée" };
  const char *lasts[] = { "Fernández", "O'Brien", "Müller-Lüdenscheidt", "Żółć", "Ní Bhriain" };

  for (guint i = 0; i < rows; i++)
    g_string_append_printf (csv, "%u,BR%07u,%s,\"%s\",19%02u-%02u-%02u,%c,\"Club %u, Town\"\n",
                            first_bib + i, first_bib + i, firsts[i % G_N_ELEMENTS (firsts)],
                            lasts[i % G_N_ELEMENTS (lasts)], 40 + i % 60, 1 + i % 12,
                            1 + i % 28, "FM"[i % 2], i % 400);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize)csv->len, NULL));
  g_string_free (csv, TRUE);
  return g_steal_pointer (&path);
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
  double        last;
  gboolean      monotonic;
} ProgressState;

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  ProgressState *state = user_data;

  if (fraction < state->last)
    state->monotonic = FALSE;
  state->last = fraction;
  state->calls++;
  g_assert_nonnull (message);
  if (state->cancellable != NULL && fraction > 0.3)
    g_cancellable_cancel (state->cancellable);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = write_many (fixture, "many.csv", 20000, 100000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportResult) result = NULL;
  ProgressState state = { cancellable, 0, 0.0, TRUE };
  guint audit_before = audit_length (fixture->db);

  result = sl_db_import_csv (fixture->db, path, NULL, cancellable, progress_cb, &state, NULL,
                             &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before);

  /* Without cancelling, progress goes from 0 to 1 in many small steps. */
  state.cancellable = NULL;
  state.calls = 0;
  state.last = 0.0;
  g_clear_error (&error);
  result = sl_db_import_csv (fixture->db, path, NULL, NULL, progress_cb, &state, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->imported, ==, 20000);
  g_assert_true (state.monotonic);
  g_assert_cmpfloat (state.last, ==, 1.0);
  g_assert_cmpuint (state.calls, >=, 10);
  g_assert_cmpuint (state.calls, <=, 110);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 20000);
}

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *small = data_path ("entrants-utf8-bom.csv");
  g_autofree char *path = write_many (fixture, "many.csv", 5000, 100000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportResult) result = import_ok (fixture, small, NULL);
  sqlite3_stmt *stmt = NULL;
  guint audit_before = audit_length (fixture->db);
  int pages = 0;

  /* Cap the file a few pages above its size: the import cannot fit. */
  sl_db_lock (fixture->db);
  g_assert_cmpint (sqlite3_prepare_v2 (sl_sqlite_get_handle (fixture->db), "PRAGMA page_count", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %d", pages + 8);
    g_assert_true (sl_sqlite_exec (fixture->db, sql, NULL));
  }
  sl_db_unlock (fixture->db);

  g_clear_pointer (&result, sl_import_result_free);
  result = sl_db_import_csv (fixture->db, path, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_FULL);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 4);
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before);
  g_assert_true (sl_db_integrity_ok (fixture->db, NULL));
}

typedef struct
{
  GMainLoop      *loop;
  SlImportResult *result;
  SlImportResult *refused;
  GError         *error;
} AsyncState;

static void
import_writer_done_cb (GObject      *source,
                       GAsyncResult *res,
                       gpointer      user_data)
{
  AsyncState *state = user_data;

  state->result = sl_db_import_csv_writer_finish (SL_DB (source), res, &state->refused,
                                                  &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = data_path ("entrants-tab.tsv");
  g_autofree char *bad = data_path ("entrants-bad.csv");
  AsyncState state = { g_main_loop_new (NULL, FALSE), NULL, NULL, NULL };

  sl_db_import_csv_writer_async (fixture->db, path, NULL, NULL, NULL, NULL,
                                 import_writer_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.result->imported, ==, 3);
  g_assert_null (state.refused);
  g_clear_pointer (&state.result, sl_import_result_free);

  sl_db_import_csv_writer_async (fixture->db, bad, NULL, NULL, NULL, NULL,
                                 import_writer_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_null (state.result);
  g_assert_error (state.error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED);
  g_assert_nonnull (state.refused);
  g_assert_cmpuint (state.refused->rejected, ==, 5);
  g_clear_pointer (&state.refused, sl_import_result_free);
  g_clear_error (&state.error);
  g_main_loop_unref (state.loop);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 3);
}

/* On a connection of its own (sl_db_import_csv_writer_async): the same
 * results, the caller's operator and desk in the audit log; a check writes
 * nothing; cancelled, it says so in its own words.
 */
static void
test_writer_async (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = data_path ("entrants-tab.tsv");
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(SlEntrant) ada = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  AsyncState state = { g_main_loop_new (NULL, FALSE), NULL, NULL, NULL };
  SlImportOptions options;

  sl_import_options_init (&options);
  options.dry_run = TRUE;
  sl_db_import_csv_writer_async (fixture->db, path, &options, NULL, NULL, NULL,
                                 import_writer_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.result->imported, ==, 3);
  g_assert_false (state.result->committed);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);
  g_clear_pointer (&state.result, sl_import_result_free);

  g_cancellable_cancel (cancelled);
  sl_db_import_csv_writer_async (fixture->db, path, NULL, cancelled, NULL, NULL,
                                 import_writer_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_null (state.result);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);

  sl_db_set_actor (fixture->db, "Importer Ida", "Back office");
  sl_db_import_csv_writer_async (fixture->db, path, NULL, NULL, NULL, NULL,
                                 import_writer_done_cb, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (state.result->committed);
  g_assert_cmpuint (state.result->imported, ==, 3);
  g_clear_pointer (&state.result, sl_import_result_free);
  g_main_loop_unref (state.loop);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 3);
  /* The import's entry, the one written; each new entrant's history shows
   * it as its insert, with who and where.
   */
  audit = sl_db_list_audit (fixture->db, "entrant", 0, 0, NULL);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[0])->action, ==, "import");
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[0])->operator_name, ==, "Importer Ida");
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[0])->desk, ==, "Back office");
  ada = get_entrant (fixture, "3002");
  history = sl_db_list_audit (fixture->db, "entrant", ada->id, 0, NULL);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (((SlAuditEntry *)history->pdata[0])->action, ==, "insert");
  g_assert_cmpstr (((SlAuditEntry *)history->pdata[0])->operator_name, ==, "Importer Ida");
  g_assert_cmpstr (((SlAuditEntry *)history->pdata[0])->desk, ==, "Back office");
  g_assert_cmpint (((SlAuditEntry *)history->pdata[0])->id, ==,
                   ((SlAuditEntry *)audit->pdata[0])->id);
}

/* ---- Through the command-line tool ------------------------------------- */

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("STARTLINE_CLI");
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *good = data_path ("entrants-utf8-bom.csv");
  g_autofree char *bad = data_path ("entrants-bad.csv");
  g_autofree char *mapped = write_file (fixture, "mapped.csv",
                                        "ID,First name,Surname,DOB\nX1,Ann,Lee,01/02/1990\n", -1);
  g_autofree char *garbage = write_file (fixture, "garbage.bin", "\x01\x02\x00\xff", 4);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  /* The database is written by another process: close ours first. */
  g_clear_object (&fixture->db);

  {
    const char *args[] = { "--db", fixture->db_path, "import", good, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "imported: 4\nupdated: 0\nunchanged: 0\nrejected: 0\n");
    g_assert_cmpstr (err, ==, "");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", fixture->db_path, "import", bad, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_assert_cmpstr (out, ==, "imported: 0\nupdated: 0\nunchanged: 0\nrejected: 5\n");
    lines = g_strsplit (err, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 7);  /* 5 rows, the summary, "" */
    g_assert_true (g_str_has_prefix (lines[0], bad));
    g_assert_nonnull (strstr (lines[0], ":3: DOB: "));
    g_assert_nonnull (strstr (lines[1], ":4: "));
    g_assert_nonnull (strstr (lines[3], ":6: Bib: "));
    g_assert_nonnull (strstr (lines[4], ":7: Gender: "));
    g_assert_nonnull (strstr (lines[5], "nothing was imported"));
    g_clear_pointer (&lines, g_strfreev);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", fixture->db_path, "import", "--good-rows-only", bad, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "imported: 2\nupdated: 0\nunchanged: 0\nrejected: 5\n");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", fixture->db_path, "import", "--dry-run", good, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "imported: 0\nupdated: 0\nunchanged: 4\nrejected: 0\n");
    g_assert_nonnull (strstr (err, "dry run"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", fixture->db_path, "import", "--map", "bib=id",
                           "--date-order", "dmy", mapped, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "imported: 1\nupdated: 0\nunchanged: 0\nrejected: 0\n");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", fixture->db_path, "search", "lee", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_true (g_str_has_prefix (out, "X1\tAnn Lee\t"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--db", fixture->db_path, "import", garbage, NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_true (g_str_has_prefix (err, "startline-cli: "));
    g_assert_nonnull (strstr (err, "garbage.bin"));
    g_assert_nonnull (strchr (err, '\n'));
    g_assert_cmpstr (strchr (err, '\n'), ==, "\n");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *usage[][8] = {
      { "--db", fixture->db_path, "import", "--map", "shoe=Size", good, NULL },
      { "--db", fixture->db_path, "import", "--map", "bib", good, NULL },
      { "--db", fixture->db_path, "import", "--date-order", "DDMM", good, NULL },
      { "--db", fixture->db_path, "import", NULL },
      { "--db", fixture->db_path, "import", good, good, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
      {
        g_assert_cmpint (run_cli (usage[i], &out, &err), ==, 2);
        g_assert_cmpstr (out, ==, "");
        g_assert_true (g_str_has_prefix (err, "startline-cli import: "));
        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
      }
  }
  {
    const char *args[] = { "--db", fixture->db_path, "import", "--help", NULL };
    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "--good-rows-only"));
    g_assert_nonnull (strstr (out, "--date-order"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  fixture->db = sl_db_open (fixture->db_path, NULL);
  g_assert_nonnull (fixture->db);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 7);
}

/* Whether another session holds the entrant table's write lock. */
static gboolean
importer_writes_entrants (Fixture *fixture)
{
  return sl_test_query_int (NULL, fixture->db_path,
                            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                            " WHERE c.relname = 'entrant' AND l.mode = 'RowExclusiveLock'"
                            " AND l.pid <> pg_backend_pid ()") > 0;
}

/* A process killed in the middle of an import leaves all of it or none. */
static void
test_kill (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = write_many (fixture, "huge.csv", 50000, 200000);
  g_autofree char *small = data_path ("entrants-utf8-bom.csv");
  g_autofree char *wal = g_strconcat (fixture->db_path, "-wal", NULL);
  g_autoptr(SlImportResult) result = import_ok (fixture, small, NULL);
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("STARTLINE_CLI");
  const char *argv[] = { cli, "--db", fixture->db_path, "import", path, NULL };
  gint64 deadline;
  gint64 count;
  gboolean killed = FALSE;
  GStatBuf st;
  GPid pid;
  int status;

  g_assert_nonnull (cli);
  g_clear_object (&fixture->db);
  g_spawn_async (NULL, (char **)argv, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                 | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  /* Kill it once its transaction has started spilling pages to the WAL
   * (on a server: once it writes entrants, holding their table's write
   * lock, which only the open transaction does).
   */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        break;
      if (sl_test_store_is_server ()
          ? importer_writes_entrants (fixture)
          : g_stat (wal, &st) == 0 && st.st_size > 512 * 1024)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          killed = TRUE;
          break;
        }
      g_usleep (2000);
    }
  g_spawn_close_pid (pid);

  fixture->db = sl_db_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_integrity_ok (fixture->db, &error));
  g_assert_no_error (error);
  count = sl_db_count_entrants (fixture->db);
  if (killed)
    {
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (count, ==, 4);
    }
  else
    {
      g_test_message ("the import finished before it could be killed");
      g_assert_cmpint (count, ==, 50004);
    }
  g_assert_true (killed);
}

static guint
count_of (GPtrArray *list)
{
  guint n;

  g_assert_nonnull (list);
  n = list->len;
  g_ptr_array_unref (list);
  return n;
}

static const SlRace *
find_race (GPtrArray  *races,
           const char *name)
{
  for (guint i = 0; i < races->len; i++)
    if (g_str_equal (((SlRace *)races->pdata[i])->name, name))
      return races->pdata[i];
  g_error ("no race “%s”", name);
  return NULL;
}

/* A new event has no races, waves or charities: its first import may add
 * those its file names, when asked, instead of refusing every row.
 */
static void
test_add_missing (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *csv =
    "Bib,First name,Last name,Race,Wave,Charity\n"
    "1,Ann,Lee,Wheelchair Women,WW,Mind\n"
    "2,Bo,Kim,wheelchair women,ww,Shelter\n"
    "3,Cy,Ng,MASS,Blue 1,\n"
    "4,Di,Oh,Mass start,Red 9,SHELTER\n"
    "5,Ed,Po,Elite Men,WW,\n";
  g_autofree char *path = write_file (fixture, "first.csv", csv, -1);
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportResult) dry = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) again = NULL;
  g_autoptr(GPtrArray) races = NULL;
  g_autoptr(SlEntrant) ann = NULL;
  g_autoptr(SlEntrant) bo = NULL;
  g_autoptr(SlEntrant) di = NULL;
  g_autoptr(SlEntrant) ed = NULL;
  g_autoptr(GError) error = NULL;
  SlImportOptions options;
  guint audit_before = audit_length (fixture->db);
  const char *expected[] = {
    "race “Wheelchair Women”", "wave “WW” of race “Wheelchair Women”", "charity “Shelter”",
    "wave “Red 9” of race “Mass start”", "race “Elite Men”", "wave “WW” of race “Elite Men”",
  };

  /* Without the option: refused, and the refusal says why. */
  sl_import_options_init (&options);
  refused = import_refused (fixture, path, &options);
  g_assert_cmpuint (refused->rejected, ==, 4);
  g_assert_cmpuint (refused->missing, ==, 4);
  g_assert_cmpuint (refused->added->len, ==, 0);
  assert_problem (refused, 0, 2, "Race", "no race “Wheelchair Women”");
  assert_problem (refused, 2, 5, "Wave", "has no wave “Red 9”");

  /* A dry run says what it would add, and adds nothing. */
  options.add_missing = TRUE;
  options.dry_run = TRUE;
  dry = sl_db_import_csv (fixture->db, path, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dry);
  g_assert_false (dry->committed);
  g_assert_cmpuint (dry->imported, ==, 5);
  g_assert_cmpuint (dry->added_races, ==, 2);
  g_assert_cmpuint (dry->added_waves, ==, 3);
  g_assert_cmpuint (dry->added_charities, ==, 1);
  g_assert_cmpuint (dry->added->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (dry->added->pdata[i], ==, expected[i]);
  g_assert_cmpuint (count_of (sl_db_list_races (fixture->db, NULL)), ==, 2);
  g_assert_cmpuint (count_of (sl_db_list_waves (fixture->db, 0, NULL)), ==, 3);
  g_assert_cmpuint (count_of (sl_db_list_charities (fixture->db, NULL)), ==, 2);
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before);

  /* The import adds each once, as the file spells it the first time. */
  options.dry_run = FALSE;
  result = import_ok (fixture, path, &options);
  g_assert_cmpuint (result->imported, ==, 5);
  g_assert_cmpuint (result->added->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (result->added->pdata[i], ==, expected[i]);
  races = sl_db_list_races (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (races->len, ==, 4);
  g_assert_cmpstr (find_race (races, "Wheelchair Women")->kind, ==, "wheelchair-women");
  g_assert_cmpstr (find_race (races, "Wheelchair Women")->code, ==, "WHEELCHAIR-WOMEN");
  g_assert_cmpstr (find_race (races, "Elite Men")->kind, ==, "elite-men");
  g_assert_cmpuint (count_of (sl_db_list_waves (fixture->db, 0, NULL)), ==, 6);
  g_assert_cmpuint (count_of (sl_db_list_charities (fixture->db, NULL)), ==, 3);

  ann = get_entrant (fixture, "1");
  bo = get_entrant (fixture, "2");
  di = get_entrant (fixture, "4");
  ed = get_entrant (fixture, "5");
  g_assert_cmpint (ann->race_id, ==, find_race (races, "Wheelchair Women")->id);
  g_assert_cmpint (bo->race_id, ==, ann->race_id);
  g_assert_cmpint (bo->wave_id, ==, ann->wave_id);
  g_assert_cmpstr (bo->charity_name, ==, "Shelter");
  g_assert_cmpstr (di->charity_name, ==, "Shelter");
  g_assert_cmpint (di->race_id, ==, fixture->mass_id);
  g_assert_cmpstr (di->wave_name, ==, "Red 9");
  g_assert_cmpint (ed->race_id, ==, find_race (races, "Elite Men")->id);
  g_assert_cmpint (ed->wave_id, !=, ann->wave_id);
  g_assert_cmpstr (ed->wave_name, ==, "WW");

  /* Each addition is in the audit log, and the import's entry counts them. */
  {
    g_autoptr(GPtrArray) audit = sl_db_list_audit (fixture->db, NULL, 0, 0, &error);
    guint inserts = 0;
    const SlAuditEntry *import = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < audit->len - audit_before; i++)
      {
        const SlAuditEntry *entry = audit->pdata[i];

        if (g_str_equal (entry->action, "import"))
          import = entry;
        else if (g_str_equal (entry->action, "insert")
                 && (g_str_equal (entry->entity, "race") || g_str_equal (entry->entity, "wave")
                     || g_str_equal (entry->entity, "charity")))
          inserts++;
      }
    g_assert_cmpuint (inserts, ==, 6);
    g_assert_nonnull (import);
    g_assert_nonnull (strstr (import->after, "\"added_races\":2,\"added_waves\":3,"
                                             "\"added_charities\":1"));
  }

  /* Sent again, the file finds them all. */
  again = import_ok (fixture, path, &options);
  g_assert_cmpuint (again->added->len, ==, 0);
  g_assert_cmpuint (again->unchanged, ==, 5);
  g_assert_cmpuint (count_of (sl_db_list_races (fixture->db, NULL)), ==, 4);
}

/* What an import adds goes with it when it is refused (all or nothing),
 * a row refused for any reason adds nothing, and a wave with no race to
 * put it in is still refused.
 */
static void
test_add_missing_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *csv =
    "Bib,First name,Last name,Race,Wave,Charity,Gender\n"
    "1,Ann,Lee,Wheelchair Women,WW,Shelter,F\n"
    "2,Bo,Kim,Mass start,Blue 1,,Q\n";
  const char *no_race = "Bib,First name,Last name,Wave\n3,Cy,Ng,Orange 4\n";
  g_autofree char *path = write_file (fixture, "bad.csv", csv, -1);
  g_autofree char *path2 = write_file (fixture, "no-race.csv", no_race, -1);
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportResult) refused2 = NULL;
  SlImportOptions options;
  guint audit_before = audit_length (fixture->db);

  sl_import_options_init (&options);
  options.add_missing = TRUE;
  refused = import_refused (fixture, path, &options);
  g_assert_cmpuint (refused->rejected, ==, 1);
  assert_problem (refused, 0, 3, "Gender", "is not a gender");
  g_assert_cmpuint (count_of (sl_db_list_races (fixture->db, NULL)), ==, 2);
  g_assert_cmpuint (count_of (sl_db_list_waves (fixture->db, 0, NULL)), ==, 3);
  g_assert_cmpuint (count_of (sl_db_list_charities (fixture->db, NULL)), ==, 2);
  g_assert_cmpuint (audit_length (fixture->db), ==, audit_before);

  refused2 = import_refused (fixture, path2, &options);
  assert_problem (refused2, 0, 2, "Wave", "there is no wave “Orange 4”");
  g_assert_cmpuint (refused2->added->len, ==, 0);
  g_assert_cmpuint (count_of (sl_db_list_waves (fixture->db, 0, NULL)), ==, 3);

  /* With good rows only, a refused row adds nothing; the good ones do. */
  {
    const char *mixed =
      "Bib,First name,Last name,Race,Wave,Charity,VIP\n"
      "1,Ann,Lee,Wheelchair Women,WW,Shelter,perhaps\n"
      "2,Bo,Kim,Elite Men,EM,,no\n"
      "3,Cy,Ng,Elite Men,EM,Mind,yes\n";
    g_autofree char *path3 = write_file (fixture, "mixed.csv", mixed, -1);
    g_autoptr(SlImportResult) result = NULL;
    g_autoptr(GPtrArray) races = NULL;

    options.good_rows_only = TRUE;
    result = import_ok (fixture, path3, &options);
    g_assert_cmpuint (result->imported, ==, 2);
    g_assert_cmpuint (result->rejected, ==, 1);
    g_assert_cmpuint (result->added->len, ==, 2);
    g_assert_cmpstr (result->added->pdata[0], ==, "race “Elite Men”");
    g_assert_cmpstr (result->added->pdata[1], ==, "wave “EM” of race “Elite Men”");
    races = sl_db_list_races (fixture->db, NULL);
    g_assert_cmpuint (races->len, ==, 3);
    g_assert_cmpuint (count_of (sl_db_list_charities (fixture->db, NULL)), ==, 2);
  }
}

static const SlWave *
find_wave (GPtrArray  *waves,
           const char *name)
{
  for (guint i = 0; i < waves->len; i++)
    if (g_str_equal (((SlWave *)waves->pdata[i])->name, name))
      return waves->pdata[i];
  g_error ("no wave “%s”", name);
  return NULL;
}

/* A wave the import adds takes its start area and time from the row
 * (the event's clock: London, an hour ahead of UTC in April); a stored
 * wave keeps its own, and a start time that would not be used is not
 * checked.
 */
static void
test_add_missing_wave_start (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *csv =
    "Bib,First name,Last name,Race,Wave,Start zone,Wave start\n"
    "1,Ann,Lee,Mass start,Red 1,Red,09:30\n"
    "2,Bo,Kim,Mass start,Red 1,Purple,11:00\n"
    "3,Cy,Ng,Mass start,Red 2,Red,2025-04-27 10:05\n"
    "4,Di,Oh,Mass start,Blue 1,Green,not a time\n"
    "5,Ed,Po,Mass start,Red 3,,\n";
  const char *bad = "Bib,First name,Last name,Race,Wave,Start time\n"
                    "6,Flo,Hu,Mass start,Red 4,25:00\n";
  g_autofree char *path = write_file (fixture, "starts.csv", csv, -1);
  g_autofree char *bad_path = write_file (fixture, "bad-start.csv", bad, -1);
  g_autoptr(SlImportPreview) preview = sl_import_preview (path, NULL, 1, NULL);
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(GPtrArray) waves = NULL;
  SlImportOptions options;

  g_assert_nonnull (preview);
  g_assert_cmpint (preview->fields[5], ==, SL_IMPORT_FIELD_START_AREA);
  g_assert_cmpint (preview->fields[6], ==, SL_IMPORT_FIELD_START_TIME);

  sl_import_options_init (&options);
  options.add_missing = TRUE;
  result = import_ok (fixture, path, &options);
  g_assert_cmpuint (result->imported, ==, 5);
  g_assert_cmpuint (result->added_waves, ==, 3);
  waves = sl_db_list_waves (fixture->db, fixture->mass_id, NULL);
  g_assert_cmpstr (find_wave (waves, "Red 1")->start_area, ==, "Red");
  g_assert_cmpstr (find_wave (waves, "Red 1")->start_time, ==, "2025-04-27T08:30:00.000Z");
  g_assert_cmpstr (find_wave (waves, "Red 2")->start_time, ==, "2025-04-27T09:05:00.000Z");
  g_assert_null (find_wave (waves, "Red 3")->start_area);
  g_assert_null (find_wave (waves, "Red 3")->start_time);
  /* Blue 1 was there: the file's "Green" and its bad time change nothing. */
  g_assert_cmpstr (find_wave (waves, "Blue 1")->start_area, ==, "Blue");
  g_assert_cmpstr (find_wave (waves, "Blue 1")->start_time, ==, "2025-04-27T09:00:00Z");

  refused = import_refused (fixture, bad_path, &options);
  assert_problem (refused, 0, 2, "Start time", "“25:00” is not a start time");
  g_assert_cmpuint (count_of (sl_db_list_waves (fixture->db, 0, NULL)), ==, 6);
}

/* The entrant list exported from one event and imported into a new one
 * with add_missing brings the races, waves (with their start areas and
 * times) and charities across.
 */
static void
test_export_into_new_event (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *demo_path = sl_test_event_location_new (fixture->dir, "demo.db");
  g_autofree char *new_path = sl_test_event_location_new (fixture->dir, "new.db");
  g_autofree char *csv = g_build_filename (fixture->dir, "all.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) demo = sl_db_create (demo_path, "Demo", "2026-04-26", &error);
  g_autoptr(SlDb) fresh = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(GPtrArray) demo_waves = NULL;
  g_autoptr(GPtrArray) new_waves = NULL;
  SlExportOptions export_options = { .format = SL_EXPORT_FORMAT_CSV };
  SlImportOptions options;

  g_assert_no_error (error);
  g_assert_true (sl_db_generate_demo (demo, 400, 7, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  sl_test_sign_in_admin (demo);
  g_assert_true (sl_db_export (demo, csv, &export_options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  fresh = sl_db_create (new_path, "New", "2026-04-26", &error);
  g_assert_no_error (error);
  sl_import_options_init (&options);
  options.add_missing = TRUE;
  result = sl_db_import_csv (fresh, csv, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->imported, ==, 400);
  g_assert_cmpint (sl_db_count_entrants (fresh), ==, 400);

  demo_waves = sl_db_list_waves (demo, 0, &error);
  new_waves = sl_db_list_waves (fresh, 0, &error);
  g_assert_no_error (error);
  /* Every wave with an entrant came across, as it was. */
  g_assert_cmpuint (new_waves->len, >, 0);
  g_assert_cmpuint (new_waves->len, <=, demo_waves->len);
  for (guint i = 0; i < new_waves->len; i++)
    {
      const SlWave *got = new_waves->pdata[i];
      const SlWave *want = find_wave (demo_waves, got->name);

      g_assert_cmpstr (got->start_area, ==, want->start_area);
      g_assert_cmpstr (got->start_time, ==, want->start_time);
    }
  g_assert_cmpuint (count_of (sl_db_list_races (fresh, NULL)), ==,
                    count_of (sl_db_list_races (demo, NULL)));
}

/* A file of size bytes in the fixture's folder: head, then fill repeated. */
static char *
write_big_file (Fixture    *fixture,
                const char *name,
                const char *head,
                const char *fill,
                gsize       size)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  sl_test_write_filled_file (path, head, fill, size);
  return path;
}

/* Imports and previews path expecting one error, whose message holds
 * each of the needles.
 */
static void
assert_import_error (Fixture    *fixture,
                     const char *path,
                     int         code,
                     const char *needle,
                     const char *needle2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) preview_error = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportPreview) preview = NULL;

  g_assert_null (sl_db_import_csv (fixture->db, path, NULL, NULL, NULL, NULL, &refused,
                                   &error));
  g_test_message ("%s", error != NULL ? error->message : "no error");
  g_assert_error (error, SL_IMPORT_ERROR, code);
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_true (needle2 == NULL || strstr (error->message, needle2) != NULL);
  g_assert_null (refused);
  g_assert_cmpint (sl_db_count_entrants (fixture->db), ==, 0);

  preview = sl_import_preview (path, NULL, 5, &preview_error);
  g_assert_null (preview);
  g_assert_error (preview_error, SL_IMPORT_ERROR, code);
}

/* What no list of entrants holds is refused early, with one message
 * naming the line: a line, a row, a value too long, too many columns, and
 * an input that is not an ordinary file and may never end.
 */
static void
test_limits (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *one_line = write_big_file (fixture, "one-line.csv", "", "a", 4 * 1024 * 1024);
  g_autofree char *commas = write_big_file (fixture, "commas.csv", "", "abcdefgh,",
                                            4 * 1024 * 1024);
  g_autofree char *late = write_big_file (fixture, "late-line.csv",
                                          "Bib,First name,Surname\n1,Ann,Lee\n", "x,",
                                          256 * 1024);
  g_autofree char *columns = write_big_file (fixture, "columns.csv", "Bib,First name,Surname",
                                             ",x", 23 + 2 * 300);
  g_autofree char *value = write_big_file (fixture, "value.csv",
                                           "Bib,First name,Surname\n1,Ann,Lee\n2,Bo,", "y",
                                           40 + 9 * 1024);
  g_autofree char *quoted = write_big_file (fixture, "quoted.csv",
                                            "Bib,First name,Surname\n1,Ann,Lee\n2,Bo,\"",
                                            "a line of a quoted value that is never closed\n",
                                            128 * 1024);
  g_autofree char *fifo = g_build_filename (fixture->dir, "fifo.csv", NULL);

  assert_import_error (fixture, one_line, SL_IMPORT_ERROR_LIMIT, "line 1 is longer than 64 KiB",
                       "one-line.csv");
  assert_import_error (fixture, commas, SL_IMPORT_ERROR_LIMIT, "line 1 is longer than 64 KiB",
                       NULL);
  assert_import_error (fixture, late, SL_IMPORT_ERROR_LIMIT, "line 3 is longer than 64 KiB",
                       NULL);
  assert_import_error (fixture, columns, SL_IMPORT_ERROR_LIMIT,
                       "line 1 has more than 256 columns", NULL);
  assert_import_error (fixture, value, SL_IMPORT_ERROR_LIMIT,
                       "value 3 on line 3 is longer than 8 KiB", NULL);
  assert_import_error (fixture, quoted, SL_IMPORT_ERROR_LIMIT,
                       "the row that starts on line 3 is longer than 64 KiB", NULL);

  /* /dev/zero never ends; nor may a FIFO, whose open would wait for a writer. */
  assert_import_error (fixture, "/dev/zero", SL_IMPORT_ERROR_FILE, "not an ordinary file",
                       "“/dev/zero”");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_import_error (fixture, fifo, SL_IMPORT_ERROR_FILE, "not an ordinary file", NULL);
  assert_import_error (fixture, fixture->dir, SL_IMPORT_ERROR_FILE, "not an ordinary file",
                       NULL);
}

/* A header without a bib is refused on the header alone: what follows is
 * not read (here, binary data and a line no file of entrants has, which
 * reading the body would report instead).
 */
static void
test_header_refused_first (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("Name,Club\n");
  g_autofree char *path = NULL;
  g_autofree char *long_path = NULL;

  for (guint i = 0; i < 20; i++)
    g_string_append_printf (text, "Runner %u,Club %u\n", i, i);
  g_string_append_len (text, "binary\0data\n", 12);
  path = write_file (fixture, "no-bib.csv", text->str, (gssize)text->len);
  g_string_truncate (text, text->len - 12);
  long_path = write_big_file (fixture, "no-bib-long.csv", text->str, "abcdefgh,", 1024 * 1024);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (sl_db_import_csv (fixture->db, i == 0 ? path : long_path, NULL, NULL, NULL,
                                       NULL, NULL, &error));
      g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING);
      g_assert_nonnull (strstr (error->message, "has no bib column"));
    }
}

/* The memory the import of a 200 MB file takes is bounded, whatever the
 * file: the command line's peak resident size (from wait4, not a timing)
 * stays far below the file's size. The file is read through, both passes:
 * a header, then 200 MB of rows of empty cells, which are no entrants.
 */
static void
test_memory_bounded (Fixture       *fixture,
                     gconstpointer  data)
{
  const gsize size = 200 * 1024 * 1024;
  g_autofree char *path = write_big_file (fixture, "big.csv", "Bib,First name,Surname\n",
                                          "                                        ,  ,  \n",
                                          size);
  const char *cli = g_getenv ("STARTLINE_CLI");
  const char *argv[] = { cli, "--db", fixture->db_path, "import", path, NULL };
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  GPid pid;
  int err_fd;
  int status;
  char err[4096] = "";
  gssize got;

  g_assert_nonnull (cli);
  g_clear_object (&fixture->db);
  g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, NULL, &err_fd, &error);
  g_assert_no_error (error);
  got = read (err_fd, err, sizeof err - 1);
  g_assert_cmpint (got, >, 0);
  err[got] = '\0';
  close (err_fd);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_spawn_close_pid (pid);

  g_test_message ("peak resident size %ld KiB; %s", usage.ru_maxrss, err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "has a header line but no entrants"));
  /* ru_maxrss is in KiB. */
  g_assert_cmpint (usage.ru_maxrss, <, (long)(size / 1024 / 4));
}

/* A quote inside a value that is not in quotes (Washington "DC", 5'10",
 * O"Brien) is a character, as a spreadsheet reads it; one notice says so,
 * naming the first. Quoting that is really broken is still reported.
 */
static void
test_quotes_in_values (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *text = "Bib,First name,Surname,Club,Notes\n"
                     "1,Ann,O\"Brien,Washington \"DC\",5'10\"\n"
                     "2,Bo,Lee,\"Quoted \"\"Club\"\"\",He said \"hi\"\n"
                     "3,Cy,Ray,Plain,\"6'1\"\"\"\n";
  const char *broken = "Bib,First name,Surname\n1,Ann,\"Lee\"x\n2,Bo,O\"Brien\n3,\"Cy,Ray\n";
  g_autofree char *path = write_file (fixture, "quotes.csv", text, -1);
  g_autofree char *broken_path = write_file (fixture, "broken.csv", broken, -1);
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) ann = NULL;
  g_autoptr(SlEntrant) bo = NULL;
  g_autoptr(SlEntrant) cy = NULL;
  const char *notice_line = "the first is on line 2, column “Surname”";

  preview = sl_import_preview (path, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->rows->len, ==, 3);
  g_assert_cmpstr (((char **)preview->rows->pdata[0])[2], ==, "O\"Brien");
  g_assert_cmpstr (((char **)preview->rows->pdata[0])[3], ==, "Washington \"DC\"");
  g_assert_cmpstr (((char **)preview->rows->pdata[0])[4], ==, "5'10\"");
  g_assert_nonnull (preview->notice);
  g_assert_nonnull (strstr (preview->notice, notice_line));

  result = import_ok (fixture, path, NULL);
  g_assert_cmpuint (result->imported, ==, 3);
  g_assert_nonnull (result->notice);
  g_assert_nonnull (strstr (result->notice, notice_line));
  /* One notice, not one per value. */
  g_assert_null (strstr (strstr (result->notice, "quote mark") + 1, "quote mark"));

  ann = get_entrant (fixture, "1");
  bo = get_entrant (fixture, "2");
  cy = get_entrant (fixture, "3");
  g_assert_cmpstr (ann->last_name, ==, "O\"Brien");
  g_assert_cmpstr (ann->club, ==, "Washington \"DC\"");
  g_assert_cmpstr (ann->notes, ==, "5'10\"");
  g_assert_cmpstr (bo->club, ==, "Quoted \"Club\"");
  g_assert_cmpstr (bo->notes, ==, "He said \"hi\"");
  g_assert_cmpstr (cy->notes, ==, "6'1\"");

  /* A value in quotes followed by more than the delimiter, and one never
   * closed, are what they were; the quote inside O"Brien is not.
   */
  refused = import_refused (fixture, broken_path, NULL);
  g_assert_cmpuint (refused->rejected, ==, 2);
  assert_problem (refused, 0, 2, NULL, "the quotes are malformed");
  assert_problem (refused, 1, 4, NULL, "never closed");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/import/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("bom-crlf-quoted", test_bom_crlf_quoted);
  ADD ("windows-1252", test_windows_1252);
  ADD ("mac-roman", test_mac_roman);
  ADD ("legacy-encodings", test_legacy_encodings);
  ADD ("tab-full-name-race", test_tab_full_name_race);
  ADD ("delimiters", test_delimiters);
  ADD ("sep-line", test_sep_line);
  ADD ("title-lines", test_title_lines);
  ADD ("title-lines-not-taken", test_title_lines_not_taken);
  ADD ("header-brackets", test_header_brackets);
  ADD ("line-ends", test_line_ends);
  ADD ("aliases", test_aliases);
  ADD ("mapping", test_mapping);
  ADD ("mapping-only", test_mapping_only);
  ADD ("missing-columns", test_missing_columns);
  ADD ("add-missing", test_add_missing);
  ADD ("add-missing-refused", test_add_missing_refused);
  ADD ("add-missing-wave-start", test_add_missing_wave_start);
  ADD ("export-into-new-event", test_export_into_new_event);
  ADD ("unknown-columns", test_unknown_columns);
  ADD ("bad-rows", test_bad_rows);
  ADD ("text-limits", test_text_limits);
  ADD ("ragged", test_ragged);
  ADD ("own-export-round-trip", test_own_export_round_trip);
  ADD ("one-line-fields", test_one_line_fields);
  ADD ("preview-as-stored", test_preview_as_stored);
  ADD ("stray-quote-lines", test_stray_quote_lines);
  ADD ("mixed-encodings", test_mixed_encodings);
  ADD ("unterminated-quote", test_unterminated_quote);
  ADD ("duplicates", test_duplicates);
  ADD ("dates", test_dates);
  ADD ("field-values", test_field_values);
  ADD ("empty-and-binary", test_empty_and_binary);
  ADD ("reimport-updates", test_reimport_updates);
  ADD ("reimport-keeps-bib-given-out", test_reimport_keeps_bib_given_out);
  ADD ("ref-clash", test_ref_clash);
  ADD ("indexes-rebuilt", test_indexes_rebuilt);
  ADD ("audit-per-entrant", test_audit_per_entrant);
  ADD ("signups-counted-by-import", test_signups_counted_by_import);
  ADD ("charity-changes-audited", test_charity_changes_audited);
  ADD ("unchanged", test_unchanged);
  ADD ("search-after-import", test_search_after_import);
  ADD ("dry-run", test_dry_run);
  ADD ("cancel", test_cancel);
  /* A file's size capped (SQLite's max_page_count): a server event has
   * no file of its own to fill.
   */
  if (!sl_test_store_is_server ())
    ADD ("disk-full", test_disk_full);
  ADD ("async", test_async);
  ADD ("writer-async", test_writer_async);
  ADD ("cli", test_cli);
  ADD ("kill", test_kill);
  ADD ("limits", test_limits);
  ADD ("header-refused-first", test_header_refused_first);
  ADD ("memory-bounded", test_memory_bounded);
  ADD ("quotes-in-values", test_quotes_in_values);

  return g_test_run ();
}
