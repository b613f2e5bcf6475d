/* test-import-needs.c — the import's support needs columns: their names,
 * their values, the roles, the sealing, links, markers and re-imports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define _GNU_SOURCE
#include <string.h>

#include "sl-test-util.h"
#include "sl-import.h"
#include "sl-import-values.h"

#define OFFICER "Olu Officer"
#define PASS "correct horse battery"

/* Unique strings the details are made of: searched for in the file's
 * bytes, the preview, the problems and the notices.
 */
#define SECRET_A "zq-sickle-cell-7731"
#define SECRET_B "zq-epilepsy-4410"
#define SECRET_C "zq-step-free-route-9902"

typedef struct
{
  char *dir;
  char *path;
  SlDb *db;
} Fixture;

static void
add_staff (SlDb       *db,
           const char *name,
           SlRoles     roles)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_add_staff (db, name, roles, PASS, &error));
  g_assert_no_error (error);
}

static void
sign_in (SlDb       *db,
         const char *name)
{
  g_autoptr(GError) error = NULL;

  sl_db_sign_out (db);
  if (name == NULL)
    return;
  g_assert_true (sl_db_sign_in (db, name, PASS, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SlEntrant) stored = NULL;

  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "event.startline");
  /* The file, or the server event's location (STARTLINE_TEST_STORE). */
  f->path = g_strdup (sl_db_get_path (f->db));
  /* A guide runner the event has before the file comes. */
  stored = sl_test_add_entrant (f->db, "900", "REF-900", "Gita", "Guide", NULL);

  /* The first admin, then as that admin an officer (the event's key) and
   * an admin who is not one; back to the desk.
   */
  add_staff (f->db, "Ada Admin", SL_ROLE_ADMIN);
  sign_in (f->db, "Ada Admin");
  add_staff (f->db, OFFICER, SL_ROLE_OFFICER);
  sl_db_sign_out (f->db);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sl_db_sign_out (f->db);
  g_clear_object (&f->db);
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

static char *
write_csv (Fixture    *f,
           const char *name,
           const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_no_secret (const char *text)
{
  if (text == NULL)
    return;
  g_assert_null (strstr (text, SECRET_A));
  g_assert_null (strstr (text, SECRET_B));
  g_assert_null (strstr (text, SECRET_C));
}

/* Neither the problems nor the notice of a result quote a detail. */
static void
assert_result_has_no_secret (const SlImportResult *result)
{
  assert_no_secret (result->notice);
  for (guint i = 0; i < result->problems->len; i++)
    {
      const SlImportProblem *p = g_ptr_array_index (result->problems, i);

      assert_no_secret (p->reason);
      assert_no_secret (p->column);
    }
  for (guint i = 0; i < result->added->len; i++)
    assert_no_secret (result->added->pdata[i]);
}

/* ---- Names and values --------------------------------------------------- */

static const char aliases_csv[] =
  "Bib,Name,Disability,Access_needs,SUPPORT NEEDS,Medical condition(s),Guide bib,"
  "Support Runner Bib No,Deaf / hard of hearing,I need space,Visually impaired,Wheelchair\n"
  "1,Ann Lee,,,,,,,,,,\n";

static void
test_aliases (Fixture       *f,
              gconstpointer  data)
{
  static const SlImportField expected[] = {
    SL_IMPORT_FIELD_BIB, SL_IMPORT_FIELD_FULL_NAME, SL_IMPORT_FIELD_DISABILITY,
    SL_IMPORT_FIELD_ACCESS_NEEDS, SL_IMPORT_FIELD_SUPPORT_NEEDS, SL_IMPORT_FIELD_MEDICAL,
    SL_IMPORT_FIELD_GUIDE_BIB, SL_IMPORT_FIELD_SUPPORT_BIB, SL_IMPORT_FIELD_DEAF,
    SL_IMPORT_FIELD_I_NEED_SPACE, SL_IMPORT_FIELD_VISUALLY_IMPAIRED, SL_IMPORT_FIELD_WHEELCHAIR,
  };
  static const char * const more[][2] = {
    { "Medical conditions", "medical-conditions" }, { "medical_condition", "medical-conditions" },
    { "Guide Runner Bib", "guide-runner-bib" }, { "Guide runner bib number", "guide-runner-bib" },
    { "Support bib", "support-runner-bib" }, { "Deaf", "deaf" }, { "Hard of hearing", "deaf" },
    { "Access Requirements", "access-needs" }, { "Additional needs", "support-needs" },
    { "Wheelchair user", "wheelchair" }, { "Visual impairment", "visually-impaired" },
    { "I Need Space", "i-need-space" }, { "DISABILITY", "disability" },
  };
  g_autofree char *path = write_csv (f, "aliases.csv", aliases_csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportPreview) preview = sl_import_preview (path, NULL, 5, &error);
  SlImportOptions options;
  SlImportField field;

  g_assert_no_error (error);
  for (guint c = 0; c < G_N_ELEMENTS (expected); c++)
    {
      g_test_message ("column %s", preview->headers[c]);
      g_assert_cmpint (preview->fields[c], ==, expected[c]);
      g_assert_true (sl_import_field_is_need (expected[c]) == (c >= 2));
      g_assert_true (sl_import_field_is_detail (expected[c]) == (c >= 2 && c <= 5));
    }
  /* The notice names the columns and says what they need. */
  g_assert_nonnull (strstr (preview->notice, "Support needs columns: “Disability”"));
  g_assert_nonnull (strstr (preview->notice, "accessibility officer"));

  for (guint i = 0; i < G_N_ELEMENTS (more); i++)
    {
      g_autofree char *text = g_strdup_printf ("Bib,Name,%s\n1,Ann Lee,\n", more[i][0]);
      g_autofree char *more_path = write_csv (f, "more.csv", text);
      g_autoptr(SlImportPreview) p = sl_import_preview (more_path, NULL, 1, &error);

      g_assert_no_error (error);
      g_test_message ("header %s", more[i][0]);
      g_assert_cmpstr (sl_import_field_to_id (p->fields[2]), ==, more[i][1]);
    }

  /* --map FIELD=HEADER for them too, by their ids as scripts write them. */
  g_assert_true (sl_import_field_from_id ("guide_runner_bib", &field));
  g_assert_cmpint (field, ==, SL_IMPORT_FIELD_GUIDE_BIB);
  g_assert_true (sl_import_field_from_id ("medical-conditions", &field));
  g_assert_cmpint (field, ==, SL_IMPORT_FIELD_MEDICAL);
  g_assert_true (sl_import_field_from_id ("I_NEED_SPACE", &field));
  g_assert_cmpint (field, ==, SL_IMPORT_FIELD_I_NEED_SPACE);
  {
    g_autofree char *mapped = write_csv (f, "mapped.csv", "Bib,Name,Buddy,Health\n1,Ann Lee,,\n");
    g_autoptr(SlImportPreview) p = NULL;

    sl_import_options_init (&options);
    options.mapping[SL_IMPORT_FIELD_GUIDE_BIB] = g_strdup ("Buddy");
    options.mapping[SL_IMPORT_FIELD_MEDICAL] = g_strdup ("Health");
    p = sl_import_preview (mapped, &options, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (p->fields[2], ==, SL_IMPORT_FIELD_GUIDE_BIB);
    g_assert_cmpint (p->fields[3], ==, SL_IMPORT_FIELD_MEDICAL);
    sl_import_options_clear (&options);
  }

  /* Left out when asked, mapped or not, and the notice says so. */
  {
    g_autoptr(SlImportPreview) p = NULL;

    sl_import_options_init (&options);
    options.without_needs = TRUE;
    options.mapping[SL_IMPORT_FIELD_DEAF] = g_strdup ("Deaf / hard of hearing");
    p = sl_import_preview (path, &options, 1, &error);
    g_assert_no_error (error);
    for (guint c = 2; c < G_N_ELEMENTS (expected); c++)
      g_assert_cmpint (p->fields[c], ==, SL_IMPORT_FIELD_NONE);
    g_assert_nonnull (strstr (p->notice, "Support needs columns not imported, as asked: "
                                         "“Disability”"));
    g_assert_null (strstr (p->notice, "not recognised"));
    sl_import_options_clear (&options);
  }
}

static void
test_values (void)
{
  static const char * const yes[] = { "yes", "Y", "TRUE", "1", "x", "X", "\u2713", "on", "Deaf" };
  static const char * const no[] = { "no", "N", "false", "0", "-", "n/a", "None", "off" };
  static const char * const neither[] = { "maybe", "profoundly deaf", "2", "yes please" };
  gboolean on;

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      on = FALSE;
      g_assert_true (sl_import_parse_marker (yes[i], "Deaf", &on));
      g_assert_true (on);
    }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      on = TRUE;
      g_assert_true (sl_import_parse_marker (no[i], "Deaf", &on));
      g_assert_false (on);
    }
  for (guint i = 0; i < G_N_ELEMENTS (neither); i++)
    g_assert_false (sl_import_parse_marker (neither[i], "Deaf", &on));
  /* The column's own name is yes only in that column. */
  g_assert_false (sl_import_parse_marker ("Deaf", "Wheelchair", &on));

  g_assert_cmpstr (sl_import_bib_or_null ("40418"), ==, "40418");
  g_assert_null (sl_import_bib_or_null (""));
  g_assert_null (sl_import_bib_or_null (NULL));
  g_assert_null (sl_import_bib_or_null ("-"));
  g_assert_null (sl_import_bib_or_null ("N/A"));
  g_assert_null (sl_import_bib_or_null ("none"));
}

/* ---- The preview -------------------------------------------------------- */

static const char needs_csv[] =
  "Bib,First name,Last name,Disability,Access needs,Medical conditions,Guide runner bib,"
  "Support runner bib,Deaf,I need space,Visually impaired,Wheelchair\n"
  "101,Amara,Okafor,blind," SECRET_C "," SECRET_A ",102,,yes,,x,\n"
  "102,Gareth,Guide,,,,,,,,,\n"
  "103,Bea,Brown,,," SECRET_B ",,,,1,,no\n"
  "104,Cal,Cole,,,,,105,,,,yes\n"
  "105,Sam,Support,,,,,,,,,\n"
  "106,Dee,Dune,,,,900,,Y,,,\n";

static void
assert_preview_rows (const SlImportPreview *preview,
                     gboolean               details)
{
  gboolean seen = FALSE;

  for (guint r = 0; r < preview->rows->len; r++)
    {
      GStrv row = g_ptr_array_index (preview->rows, r);

      for (guint c = 0; row[c] != NULL; c++)
        {
          if (!details)
            assert_no_secret (row[c]);
          seen |= strstr (row[c], SECRET_A) != NULL;
        }
    }
  g_assert_true (seen == details);
  /* What is not a detail shows as written. */
  g_assert_cmpstr (((GStrv)g_ptr_array_index (preview->rows, 0))[6], ==, "102");
  g_assert_cmpstr (((GStrv)g_ptr_array_index (preview->rows, 0))[8], ==, "yes");
  if (!details)
    g_assert_cmpstr (((GStrv)g_ptr_array_index (preview->rows, 0))[5], ==, "(sealed)");
  g_assert_cmpstr (((GStrv)g_ptr_array_index (preview->rows, 1))[5], ==, "");
}

static void
test_preview_hides_details (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = write_csv (f, "needs.csv", needs_csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportPreview) plain = sl_import_preview (path, NULL, 10, &error);
  g_autoptr(SlImportPreview) desk = NULL;
  g_autoptr(SlImportPreview) admin = NULL;
  g_autoptr(SlImportPreview) officer = NULL;

  g_assert_no_error (error);
  assert_preview_rows (plain, FALSE);
  assert_no_secret (plain->notice);

  desk = sl_db_import_preview (f->db, path, NULL, 10, &error);
  g_assert_no_error (error);
  assert_preview_rows (desk, FALSE);

  sign_in (f->db, "Ada Admin");
  admin = sl_db_import_preview (f->db, path, NULL, 10, &error);
  g_assert_no_error (error);
  assert_preview_rows (admin, FALSE);

  /* The needs columns left out (--without-needs), mapped by hand or not:
   * their details are hidden all the same.
   */
  {
    SlImportOptions options;
    g_autoptr(SlImportPreview) left_out = NULL;

    sl_import_options_init (&options);
    options.without_needs = TRUE;
    options.mapping[SL_IMPORT_FIELD_ACCESS_NEEDS] = g_strdup ("Access needs");
    left_out = sl_db_import_preview (f->db, path, &options, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpint (left_out->fields[5], ==, SL_IMPORT_FIELD_NONE);
    assert_preview_rows (left_out, FALSE);
    sl_import_options_clear (&options);
  }

  sign_in (f->db, OFFICER);
  officer = sl_db_import_preview (f->db, path, NULL, 10, &error);
  g_assert_no_error (error);
  assert_preview_rows (officer, TRUE);
}

/* ---- Roles -------------------------------------------------------------- */

static gint64
count (Fixture    *f,
       const char *sql)
{
  return sl_test_query_int (f->db, f->path, sql);
}

/* A desk or an admin who is not an officer: refused with one message that
 * says who may, nothing written, not even the entrants. A dry run, which
 * writes nothing and says no detail, counts for them.
 */
static void
test_refused_without_officer (Fixture       *f,
                              gconstpointer  data)
{
  static const char * const who[] = { NULL, "Ada Admin" };
  g_autofree char *path = write_csv (f, "needs.csv", needs_csv);
  gint64 entrants = count (f, "SELECT count(*) FROM entrant");
  gint64 audit = count (f, "SELECT count(*) FROM audit_log");

  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlImportResult) refused = NULL;
      g_autoptr(SlImportResult) result = NULL;
      g_autoptr(SlImportResult) check = NULL;
      SlImportOptions options;

      sign_in (f->db, who[i]);
      result = sl_db_import_csv (f->db, path, NULL, NULL, NULL, NULL, &refused, &error);
      g_assert_null (result);
      g_assert_null (refused);
      g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
      g_assert_nonnull (strstr (error->message, "accessibility officer"));
      g_assert_nonnull (strstr (error->message, "“Disability”"));
      g_assert_null (strchr (error->message, '\n'));
      assert_no_secret (error->message);
      g_assert_cmpint (count (f, "SELECT count(*) FROM entrant"), ==, entrants);
      g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audit);

      g_clear_error (&error);
      sl_import_options_init (&options);
      options.dry_run = TRUE;
      check = sl_db_import_csv (f->db, path, &options, NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (check->has_needs);
      g_assert_cmpuint (check->needs, ==, 3);
      g_assert_cmpuint (check->guide_links, ==, 2);
      g_assert_cmpuint (check->support_links, ==, 1);
      g_assert_cmpuint (check->markers, ==, 5);
      assert_result_has_no_secret (check);
      g_assert_cmpint (count (f, "SELECT count(*) FROM entrant"), ==, entrants);
      g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audit);
    }

  /* Without those columns, anyone may import the rest. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SlImportResult) result = NULL;
    SlImportOptions options;

    sign_in (f->db, NULL);
    sl_import_options_init (&options);
    options.without_needs = TRUE;
    result = sl_db_import_csv (f->db, path, &options, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (result->imported, ==, 6);
    g_assert_false (result->has_needs);
    g_assert_null (sl_import_result_dup_needs_summary (result));
    assert_result_has_no_secret (result);
  }
}

/* ---- Importing them ----------------------------------------------------- */

static SlImportResult *
import_as_officer (Fixture  *f,
                   const char *path,
                   gboolean  dry_run,
                   gboolean  good_rows_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  SlImportResult *result;
  SlImportOptions options;

  sign_in (f->db, OFFICER);
  sl_import_options_init (&options);
  options.dry_run = dry_run;
  options.good_rows_only = good_rows_only;
  result = sl_db_import_csv (f->db, path, &options, NULL, NULL, NULL, &refused, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  assert_result_has_no_secret (result);
  return result;
}

/* The file's bytes, and its write-ahead log's, hold no detail; on the
 * server, its table files and its write-ahead log.
 */
static void
assert_file_has_no_secret (Fixture *f)
{
  static const char * const suffixes[] = { "", "-wal" };

  if (sl_test_store_is_server ())
    {
      g_assert_false (sl_test_pg_files_contain (f->path, SECRET_A, TRUE));
      g_assert_false (sl_test_pg_files_contain (f->path, SECRET_B, TRUE));
      g_assert_false (sl_test_pg_files_contain (f->path, SECRET_C, TRUE));
      g_assert_false (sl_test_pg_files_contain (f->path, "Access needs: ", TRUE));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (f->path, suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize len = 0;

      if (!g_file_get_contents (name, &bytes, &len, NULL))
        continue;
      g_assert_null (memmem (bytes, len, SECRET_A, strlen (SECRET_A)));
      g_assert_null (memmem (bytes, len, SECRET_B, strlen (SECRET_B)));
      g_assert_null (memmem (bytes, len, SECRET_C, strlen (SECRET_C)));
      /* The test would find them were they there in clear. */
      g_assert_null (memmem (bytes, len, "Access needs: ", 14));
    }
}

static gint64
entrant_id (Fixture    *f,
            const char *bib)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) entrant = sl_db_dup_entrant_by_code (f->db, bib, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entrant);
  return entrant->id;
}

/* The entrant's need of type, its detail as an officer reads it. */
static char *
read_detail (Fixture    *f,
             const char *bib,
             const char *type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) needs = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  char *detail = NULL;
  char *copy;

  filter.entrant_id = entrant_id (f, bib);
  filter.type_code = type;
  needs = sl_db_list_needs (f->db, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (needs->len, ==, 1);
  g_assert_cmpint (((SlNeed *)needs->pdata[0])->status, ==, SL_NEED_REQUESTED);
  g_assert_true (sl_db_read_need_details (f->db, ((SlNeed *)needs->pdata[0])->id, &detail, NULL,
                                          &error));
  g_assert_no_error (error);
  copy = g_strdup (detail);
  sl_secret_str_free (detail);
  return copy;
}

static void
assert_counts (const SlImportResult *result,
               guint                 needs,
               guint                 guide_links,
               guint                 support_links,
               guint                 markers)
{
  g_assert_true (result->has_needs);
  g_assert_cmpuint (result->needs, ==, needs);
  g_assert_cmpuint (result->guide_links, ==, guide_links);
  g_assert_cmpuint (result->support_links, ==, support_links);
  g_assert_cmpuint (result->markers, ==, markers);
}

static void
test_officer_imports (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_csv (f, "needs.csv", needs_csv);
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) check = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *other = NULL;
  g_autofree char *medical = NULL;
  g_autofree char *medical_b = NULL;
  g_autofree char *sql = NULL;
  guint markers = 0;

  /* A dry run counts what the import would record, and writes nothing. */
  check = import_as_officer (f, path, TRUE, FALSE);
  assert_counts (check, 3, 2, 1, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM need"), ==, 0);

  result = import_as_officer (f, path, FALSE, FALSE);
  g_assert_true (result->committed);
  g_assert_cmpuint (result->imported, ==, 6);
  assert_counts (result, 3, 2, 1, 5);
  g_assert_cmpuint (result->needs_existing + result->links_existing + result->markers_existing,
                    ==, 0);
  summary = sl_import_result_dup_needs_summary (result);
  g_assert_cmpstr (summary, ==, "3 needs, 2 guide runner links, 1 support runner link, "
                                "5 markers");

  g_assert_cmpint (count (f, "SELECT count(*) FROM need"), ==, 3);
  sql = g_strdup_printf ("SELECT count(*) FROM need WHERE %s", sl_test_sql_is_binary ("detail"));
  g_assert_cmpint (count (f, sql), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant_link"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant_marker"), ==, 5);
  /* Each audited as one at a time is, and the import's entry counts them. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'need'"
                             " AND action = 'insert'"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'link'"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'marker-add'"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'import'"
                             " AND after LIKE '%\"needs\":3,\"links\":3,\"markers\":5%'"),
                   ==, 1);
  assert_file_has_no_secret (f);

  /* The guide on a later line, the stored one, the support runner. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant_link l JOIN entrant a"
                             " ON a.id = l.entrant_id JOIN entrant g ON g.id = l.linked_entrant_id"
                             " WHERE (a.bib = '101' AND g.bib = '102' AND l.kind = 'guide')"
                             " OR (a.bib = '106' AND g.bib = '900' AND l.kind = 'guide')"
                             " OR (a.bib = '104' AND g.bib = '105'"
                             " AND l.kind = 'support-runner')"), ==, 3);
  g_assert_true (sl_db_get_markers (f->db, entrant_id (f, "101"), &markers, NULL));
  g_assert_cmpuint (markers, ==, (1u << SL_MARKER_DEAF) | (1u << SL_MARKER_VISUALLY_IMPAIRED));
  g_assert_true (sl_db_get_markers (f->db, entrant_id (f, "103"), &markers, NULL));
  g_assert_cmpuint (markers, ==, 1u << SL_MARKER_I_NEED_SPACE);

  /* The officer reads them back as the file gave them. */
  other = read_detail (f, "101", "other");
  g_assert_cmpstr (other, ==, "Disability: blind\nAccess needs: " SECRET_C);
  medical = read_detail (f, "101", "medical-condition");
  g_assert_cmpstr (medical, ==, SECRET_A);
  medical_b = read_detail (f, "103", "medical-condition");
  g_assert_cmpstr (medical_b, ==, SECRET_B);
}

/* A file sent again records nothing twice, and says what was there. */
static void
test_reimport (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = write_csv (f, "needs.csv", needs_csv);
  g_autoptr(SlImportResult) first = import_as_officer (f, path, FALSE, FALSE);
  g_autoptr(SlImportResult) check = NULL;
  g_autoptr(SlImportResult) again = NULL;
  g_autofree char *summary = NULL;
  gint64 audit = count (f, "SELECT count(*) FROM audit_log");

  check = import_as_officer (f, path, TRUE, FALSE);
  assert_counts (check, 0, 0, 0, 0);
  g_assert_cmpuint (check->needs_existing, ==, 3);
  g_assert_cmpuint (check->links_existing, ==, 3);
  g_assert_cmpuint (check->markers_existing, ==, 5);

  again = import_as_officer (f, path, FALSE, FALSE);
  assert_counts (again, 0, 0, 0, 0);
  g_assert_cmpuint (again->unchanged, ==, 6);
  g_assert_cmpuint (again->needs_existing, ==, 3);
  g_assert_cmpuint (again->links_existing, ==, 3);
  g_assert_cmpuint (again->markers_existing, ==, 5);
  summary = sl_import_result_dup_needs_summary (again);
  g_assert_cmpstr (summary, ==, "0 needs, no links, 0 markers (already recorded, so not again: "
                                "3 needs, 3 links, 5 markers)");
  g_assert_cmpint (count (f, "SELECT count(*) FROM need"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant_link"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant_marker"), ==, 5);
  /* Only the import's own entry. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log"), ==, audit + 1);

  /* A need recorded at the desk of a type the file gives is not doubled
   * either; a new detail of another type is added.
   */
  {
    g_autofree char *more = write_csv (f, "more.csv",
                                       "Bib,Name,Medical conditions,Support needs\n"
                                       "102,Gareth Guide," SECRET_B ",\n"
                                       "103,Bea Brown," SECRET_B ",tether\n");
    g_autoptr(SlImportResult) result = import_as_officer (f, more, FALSE, FALSE);

    assert_counts (result, 2, 0, 0, 0);
    g_assert_cmpuint (result->needs_existing, ==, 1);
    g_assert_cmpint (count (f, "SELECT count(*) FROM need"), ==, 5);
  }
}

static gint64
snapshot_counts (Fixture *f)
{
  return count (f, "SELECT (SELECT count(*) FROM entrant) * 1000000"
                   " + (SELECT count(*) FROM need) * 10000 + (SELECT count(*) FROM entrant_link)"
                   " * 100 + (SELECT count(*) FROM entrant_marker)")
         * 100000 + count (f, "SELECT count(*) FROM audit_log");
}

/* A guide's bib that is neither stored nor in the file: its row's problem,
 * naming the line and the column; all or nothing writes nothing.
 */
static void
test_bad_link (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = write_csv (f, "bad.csv",
                                     "Bib,Name,Guide runner bib,Support runner bib,Medical conditions\n"
                                     "201,Ann Lee,777,," SECRET_A "\n"
                                     "202,Bo Kim,,203,\n"
                                     "203,,,,\n"
                                     "204,Cy Dee,204,,\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) good = NULL;
  gint64 before = snapshot_counts (f);
  const SlImportProblem *p;

  sign_in (f->db, OFFICER);
  result = sl_db_import_csv (f->db, path, NULL, NULL, NULL, NULL, &refused, &error);
  g_assert_null (result);
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED);
  g_assert_nonnull (refused);
  assert_result_has_no_secret (refused);
  g_assert_cmpint (snapshot_counts (f), ==, before);
  /* In file order: the guide nowhere, the support runner on a rejected
   * line, the name missing, the entrant's own bib.
   */
  g_assert_cmpuint (refused->problems->len, ==, 4);
  p = refused->problems->pdata[0];
  g_assert_cmpuint (p->line, ==, 2);
  g_assert_cmpstr (p->column, ==, "Guide runner bib");
  g_assert_nonnull (strstr (p->reason, "no entrant with bib 777"));
  p = refused->problems->pdata[1];
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_cmpstr (p->column, ==, "Support runner bib");
  g_assert_nonnull (strstr (p->reason, "bib 203 is on line 4, which was not imported"));
  p = refused->problems->pdata[2];
  g_assert_cmpuint (p->line, ==, 4);
  p = refused->problems->pdata[3];
  g_assert_cmpuint (p->line, ==, 5);
  g_assert_cmpstr (p->column, ==, "Guide runner bib");
  g_assert_nonnull (strstr (p->reason, "own"));

  /* Good rows only: the entrants whose link is bad are in without it. */
  good = import_as_officer (f, path, FALSE, TRUE);
  g_assert_true (good->committed);
  g_assert_cmpuint (good->imported, ==, 2);
  g_assert_cmpuint (good->rejected, ==, 2);
  g_assert_cmpuint (good->needs, ==, 1);
  g_assert_cmpuint (good->guide_links + good->support_links, ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM entrant_link"), ==, 0);
  g_assert_nonnull (strstr (((SlImportProblem *)good->problems->pdata[0])->reason,
                            "imported without the link"));
  assert_file_has_no_secret (f);
}

/* A marker's value that is not yes or no is not quoted: what is written
 * there may say more than yes or no. A detail over the limit is the row's
 * problem without its text.
 */
static void
test_bad_values (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("Bib,Name,Deaf,Medical conditions\n"
                                         "301,Ann Lee,deaf since " SECRET_B ",\n"
                                         "302,Bo Kim,,");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlImportResult) result = NULL;
  gint64 before = snapshot_counts (f);

  g_string_append (csv, SECRET_A);
  for (guint i = 0; i < 4000; i++)
    g_string_append_c (csv, 'x');
  g_string_append_c (csv, '\n');
  path = write_csv (f, "values.csv", csv->str);

  sign_in (f->db, OFFICER);
  result = sl_db_import_csv (f->db, path, NULL, NULL, NULL, NULL, &refused, &error);
  g_assert_null (result);
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED);
  assert_result_has_no_secret (refused);
  g_assert_cmpuint (refused->problems->len, ==, 2);
  g_assert_cmpstr (((SlImportProblem *)refused->problems->pdata[0])->column, ==, "Deaf");
  g_assert_nonnull (strstr (((SlImportProblem *)refused->problems->pdata[0])->reason,
                            "not yes or no"));
  g_assert_cmpstr (((SlImportProblem *)refused->problems->pdata[1])->column, ==,
                   "Medical conditions");
  g_assert_nonnull (strstr (((SlImportProblem *)refused->problems->pdata[1])->reason,
                            "can have at most"));
  g_assert_cmpint (snapshot_counts (f), ==, before);
}

/* ---- The command line -------------------------------------------------- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* startline-cli --db FILE [--as who] import ARGS…, the passphrase from
 * STARTLINE_PASSPHRASE.
 */
static void
run_import (Run        *run,
            Fixture    *f,
            const char *who,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "STARTLINE_PASSPHRASE", PASS, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *)g_getenv ("STARTLINE_CLI"));
  g_ptr_array_add (argv, (char *)"--db");
  g_ptr_array_add (argv, f->path);
  if (who != NULL)
    {
      g_ptr_array_add (argv, (char *)"--as");
      g_ptr_array_add (argv, (char *)who);
    }
  g_ptr_array_add (argv, (char *)"import");
  va_start (args, who);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  run_clear (run);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, envp);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  assert_no_secret (run->out);
  assert_no_secret (run->err);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = write_csv (f, "needs.csv", needs_csv);
  g_auto(Run) run = { 0 };
  gint64 before;

  /* meson test sets it (tests/meson.build): never skipped. */
  g_assert_nonnull (g_getenv ("STARTLINE_CLI"));
  sl_db_sign_out (f->db);
  before = snapshot_counts (f);

  /* The desk and an admin: one line that says who may, nothing written. */
  run_import (&run, f, NULL, path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "needs an accessibility officer signed in"));
  g_assert_cmpuint (strlen (run.err), ==, strcspn (run.err, "\n") + 1);
  run_import (&run, f, "Ada Admin", path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "needs an accessibility officer signed in"));
  g_assert_cmpint (snapshot_counts (f), ==, before);

  /* A dry run counts for anyone, and says no detail (run_import checks). */
  run_import (&run, f, NULL, "--dry-run", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "needs: 3\n"));
  run_import (&run, f, OFFICER, "--dry-run", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "imported: 6\n"));
  g_assert_nonnull (strstr (run.out, "needs: 3\nguide_links: 2\nsupport_links: 1\nmarkers: 5\n"
                                     "needs_existing: 0\nlinks_existing: 0\n"
                                     "markers_existing: 0\n"));
  g_assert_nonnull (strstr (run.err, "support needs that would be recorded: 3 needs, 2 guide "
                                     "runner links, 1 support runner link, 5 markers"));
  g_assert_cmpint (snapshot_counts (f), ==, before);

  run_import (&run, f, OFFICER, path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "needs: 3\n"));
  g_assert_nonnull (strstr (run.err, "support needs recorded: 3 needs"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM need"), ==, 3);

  /* --map names a needs column too; --without-needs leaves them out. */
  {
    g_autofree char *other = write_csv (f, "other.csv", "Bib,Name,Buddy,Hearing\n"
                                                        "401,Eve Ng,402,yes\n"
                                                        "402,Fay Oh,,\n");

    run_import (&run, f, NULL, "--without-needs", other, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strstr (run.out, "needs:"));
    run_import (&run, f, OFFICER, "--map", "guide-runner-bib=Buddy", "--map", "deaf=Hearing",
                other, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "guide_links: 1\nsupport_links: 0\nmarkers: 1\n"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/import-needs/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("aliases", test_aliases);
  g_test_add_func ("/import-needs/values", test_values);
  ADD ("preview-hides-details", test_preview_hides_details);
  ADD ("refused-without-officer", test_refused_without_officer);
  ADD ("officer-imports", test_officer_imports);
  ADD ("reimport", test_reimport);
  ADD ("bad-link", test_bad_link);
  ADD ("bad-values", test_bad_values);
  ADD ("cli", test_cli);

  return g_test_run ();
}
