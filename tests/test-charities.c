/* test-charities.c — charity bonds, the charities page's figures and
 * runners, saving a charity, and the fundraising import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "sl-core.h"
#include "sl-test-util.h"

#define PASS "correct horse battery"

typedef struct
{
  char    *dir;
  char    *path;
  SlDb    *db;
  gint64   people[6];
} Fixture;

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

/* Charity 1 (Riverside Hospice, 100 places) as the populated event has
 * it; people 101 to 106, 101 to 104 signed up to it.
 */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "event.startline");
  f->path = g_strdup (sl_db_get_path (f->db));
  for (guint i = 0; i < G_N_ELEMENTS (f->people); i++)
    {
      g_autofree char *bib = g_strdup_printf ("%u", 101 + i);
      g_autofree char *ref = g_strdup_printf ("REF-%u", 101 + i);
      g_autofree char *last = g_strdup_printf ("Runner%02u", i);
      g_autoptr(SlEntrant) e = sl_test_add_entrant (f->db, bib, ref, "Pat", last, NULL);

      f->people[i] = e->id;
      if (i < 4)
        g_assert_true (sl_db_set_charity_signup (f->db, e->id, 1, 200000 + i * 10000,
                                                 i * 1000, &error));
      g_assert_no_error (error);
    }
  g_assert_true (sl_db_add_staff (f->db, "Ada Admin", SL_ROLE_ADMIN, PASS, &error));
  sign_in (f->db, "Ada Admin");
  g_assert_true (sl_db_add_staff (f->db, "Olu Officer", SL_ROLE_OFFICER, PASS, &error));
  g_assert_true (sl_db_add_staff (f->db, "Eve Exporter", SL_ROLE_EXPORTER, PASS, &error));
  g_assert_no_error (error);
  sign_in (f->db, "Eve Exporter");
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

static void
test_bond_words (void)
{
  SlCharityBond bond = SL_CHARITY_BOND_NONE;

  g_assert_cmpstr (sl_charity_bond_to_id (SL_CHARITY_BOND_GOLDEN), ==, "golden");
  g_assert_cmpstr (sl_charity_bond_to_id (SL_CHARITY_BOND_SILVER), ==, "silver");
  g_assert_cmpstr (sl_charity_bond_to_id (SL_CHARITY_BOND_NONE), ==, "none");
  g_assert_true (sl_charity_bond_from_id ("Golden", &bond));
  g_assert_cmpint (bond, ==, SL_CHARITY_BOND_GOLDEN);
  g_assert_false (sl_charity_bond_from_id ("bronze", &bond));
  g_assert_cmpuint (sl_charity_bond_entries_per_year (SL_CHARITY_BOND_GOLDEN), ==, 4);
  g_assert_cmpuint (sl_charity_bond_entries_per_year (SL_CHARITY_BOND_SILVER), ==, 2);
  g_assert_cmpuint (sl_charity_bond_entries_per_year (SL_CHARITY_BOND_NONE), ==, 0);
  g_assert_cmpstr (sl_charity_bond_to_label (SL_CHARITY_BOND_GOLDEN), ==, "Golden Bond");
}

static void
test_money_parse (void)
{
  static const struct { const char *text; gint64 pence; } good[] = {
    { "1234.5", 123450 }, { "£1,234.50", 123450 }, { " £ 12 ", 1200 }, { "0", 0 },
    { "1,234,567.89", 123456789 }, { "7.05", 705 }, { "£2,000", 200000 },
  };
  static const char * const bad[] = {
    "", "£", "-5", "12.345", "1,23", "12,3456", "abc", "1.2.3", "£ 1 000", "1e3", ",123", "12.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 pence = -1;

      g_assert_true (sl_money_parse (good[i].text, &pence, &error));
      g_assert_no_error (error);
      g_assert_cmpint (pence, ==, good[i].pence);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 pence = -1;

      g_test_message ("%s", bad[i]);
      g_assert_false (sl_money_parse (bad[i], &pence, &error));
      g_assert_error (error, SL_CHARITY_ERROR, SL_CHARITY_ERROR_INVALID);
      g_assert_cmpint (pence, ==, -1);
    }
  {
    g_autofree char *plain = sl_money_dup_plain (123450);
    g_autofree char *small = sl_money_dup_plain (5);

    g_assert_cmpstr (plain, ==, "1234.50");
    g_assert_cmpstr (small, ==, "0.05");
  }
}

/* The migration's column: every charity starts with none, and the schema
 * refuses a bond it does not know, whoever goes around the app.
 */
static void
test_bond_stored (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCharity) charity = sl_db_find_charity (f->db, "riverside hospice", &error);
  g_autoptr(SlCharity) again = NULL;
  g_autofree char *message = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (charity->bond, ==, SL_CHARITY_BOND_NONE);
  charity->bond = SL_CHARITY_BOND_GOLDEN;
  g_assert_true (sl_db_save_charity (f->db, charity, &error));
  g_assert_no_error (error);
  again = sl_db_find_charity (f->db, "Riverside Hospice", &error);
  g_assert_cmpint (again->bond, ==, SL_CHARITY_BOND_GOLDEN);

  /* The engine refuses a bond it does not know, written beside the store. */
  g_assert_false (sl_test_exec (f->db, f->path, "UPDATE charity SET bond = 'bronze'", &message));
  g_assert_nonnull (strstr (message, "constraint"));
  g_assert_null (sl_db_find_charity (f->db, "Nobody's Charity", &error));
  g_assert_error (error, SL_CHARITY_ERROR, SL_CHARITY_ERROR_NOT_FOUND);
}

/* Adding and editing: checked, trimmed, audited with the images; a save
 * that changes nothing writes nothing.
 */
static void
test_save_audited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SlCharity charity = { 0, (char *)"  Lifeboats  ", NULL, NULL, NULL, 40, 250000,
                        SL_CHARITY_BOND_SILVER };
  SlCharity bad = charity;
  g_autoptr(GPtrArray) entries = NULL;
  SlAuditEntry *entry;

  g_assert_true (sl_db_save_charity (f->db, &charity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (charity.id, >, 1);
  g_assert_cmpuint (sl_test_count_audit (f->db, "charity", charity.id, "insert"), ==, 1);

  charity.name = (char *)"Lifeboats";
  charity.places_allocated = 44;
  charity.bond = SL_CHARITY_BOND_GOLDEN;
  g_assert_true (sl_db_save_charity (f->db, &charity, &error));
  g_assert_no_error (error);
  entries = sl_db_list_audit (f->db, "charity", charity.id, 1, &error);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->action, ==, "update");
  /* An update's entry keeps only the members that changed. */
  g_assert_cmpstr (entry->before, ==, "{\"places_allocated\":40,\"bond\":\"silver\"}");
  g_assert_cmpstr (entry->after, ==, "{\"places_allocated\":44,\"bond\":\"golden\"}");
  g_assert_true (sl_db_save_charity (f->db, &charity, &error));
  g_assert_cmpuint (sl_test_count_audit (f->db, "charity", charity.id, "update"), ==, 1);

  bad.id = 0;
  bad.name = (char *)"  ";
  g_assert_false (sl_db_save_charity (f->db, &bad, &error));
  g_assert_error (error, SL_CHARITY_ERROR, SL_CHARITY_ERROR_INVALID);
  g_clear_error (&error);
  bad.name = (char *)"Negative";
  bad.places_allocated = -1;
  g_assert_false (sl_db_save_charity (f->db, &bad, &error));
  g_assert_error (error, SL_CHARITY_ERROR, SL_CHARITY_ERROR_INVALID);
  g_clear_error (&error);
  /* The name is unique, regardless of case. */
  bad.places_allocated = 1;
  bad.name = (char *)"LIFEBOATS";
  g_assert_false (sl_db_save_charity (f->db, &bad, &error));
  g_assert_nonnull (error);
}

static SlCharitySummary *
find_summary (GPtrArray  *summaries,
              const char *name)
{
  for (guint i = 0; i < summaries->len; i++)
    {
      SlCharitySummary *summary = summaries->pdata[i];

      if (g_strcmp0 (summary->charity.name, name) == 0)
        return summary;
    }
  g_assert_not_reached ();
}

/* Used places are runners not withdrawn, pledged their targets; raised
 * counts every sign-up; more runners than places is flagged.
 */
static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GPtrArray) runners = NULL;
  SlCharity small = { 0, (char *)"Small Charity", NULL, NULL, NULL, 2, 200000,
                      SL_CHARITY_BOND_SILVER };
  SlCharitySummary *summary;
  SlCharityRunner *runner;

  g_assert_true (sl_db_save_charity (f->db, &small, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_true (sl_db_set_charity_signup (f->db, f->people[i], small.id, 210000, 5000,
                                             &error));
  g_assert_true (sl_db_set_charity_signup (f->db, f->people[5], small.id, 300000, 7000, &error));
  g_assert_true (sl_db_set_entrant_status (f->db, f->people[5], SL_STATUS_WITHDRAWN, &error));
  g_assert_no_error (error);

  summaries = sl_db_list_charity_summaries (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 2);
  summary = find_summary (summaries, "Small Charity");
  g_assert_cmpint (summary->charity.bond, ==, SL_CHARITY_BOND_SILVER);
  g_assert_cmpint (summary->places_used, ==, 3);
  g_assert_cmpint (summary->pledged_pence, ==, 3 * 210000);
  g_assert_cmpint (summary->raised_pence, ==, 3 * 5000 + 7000);
  g_assert_true (sl_charity_summary_is_over (summary));
  g_assert_cmpuint (sl_charity_summary_fill_percent (summary), ==, 150);
  summary = find_summary (summaries, "Riverside Hospice");
  g_assert_cmpint (summary->places_used, ==, 1);   /* 104; 101-103 moved */
  g_assert_false (sl_charity_summary_is_over (summary));
  g_assert_cmpuint (sl_charity_summary_fill_percent (summary), ==, 1);

  runners = sl_db_list_charity_runners (f->db, small.id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runners->len, ==, 4);
  runner = runners->pdata[0];
  g_assert_cmpstr (runner->bib, ==, "101");
  g_assert_cmpstr (runner->last_name, ==, "Runner00");
  g_assert_cmpint (runner->target_pence, ==, 210000);
  g_assert_cmpint (runner->status, ==, SL_STATUS_REGISTERED);
  runner = runners->pdata[3];
  g_assert_cmpstr (runner->bib, ==, "106");
  g_assert_cmpint (runner->status, ==, SL_STATUS_WITHDRAWN);
}

/* Reading is an officer's, an exporter's or an admin's; changing an
 * exporter's or an admin's; the desk neither.
 */
static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  static const struct { const char *who; gboolean read; gboolean write; } cases[] = {
    { NULL, FALSE, FALSE }, { "Olu Officer", TRUE, FALSE },
    { "Eve Exporter", TRUE, TRUE }, { "Ada Admin", TRUE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) summaries = NULL;
      g_autoptr(GPtrArray) runners = NULL;
      g_autofree char *name = g_strdup_printf ("Charity %u", i);
      SlCharity charity = { 0, name, NULL, NULL, NULL, 1, 0, SL_CHARITY_BOND_NONE };

      sign_in (f->db, cases[i].who);
      summaries = sl_db_list_charity_summaries (f->db, &error);
      g_assert_true ((summaries != NULL) == cases[i].read);
      if (!cases[i].read)
        {
          g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
          g_assert_cmpstr (error->message, ==,
                           "Needs an accessibility officer, an exporter or an admin.");
          g_clear_error (&error);
          g_assert_null ((runners = sl_db_list_charity_runners (f->db, 1, &error)));
          g_clear_error (&error);
        }
      g_assert_true (sl_db_save_charity (f->db, &charity, &error) == cases[i].write);
      if (!cases[i].write)
        {
          g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
          g_assert_cmpstr (error->message, ==, "Needs an exporter or an admin.");
        }
    }
}

/* ---- The fundraising import ---------------------------------------- */

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static gint64
raised_of (Fixture *f,
           guint    person)
{
  g_autofree char *sql = g_strdup_printf ("SELECT raised_pence FROM charity_signup"
                                          " WHERE entrant_id = %" G_GINT64_FORMAT,
                                          f->people[person]);

  return sl_test_query_int (NULL, f->path, sql);
}

static void
test_import_fundraising (Fixture       *f,
                         gconstpointer  data)
{
  static const char file[] =
    "Bib,Name,Amount raised\n"
    "101,Pat Runner00,\"£1,234.50\"\n"
    "REF-102,Pat Runner01,1234.5\n"
    "\n"
    "103,Pat Runner02,2000\n"     /* it was 20.00: changed */
    "104,Pat Runner03,30\n";      /* 30.00 already: unchanged */
  g_autofree char *path = write_file (f, "raised.csv", file);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, file, -1);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(SlFundraisingResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  SlAuditEntry *entry;

  result = sl_db_import_fundraising (f->db, path, NULL, &problems, &error);
  g_assert_no_error (error);
  g_assert_null (problems);
  g_assert_cmpuint (result->rows, ==, 4);
  g_assert_cmpuint (result->changed, ==, 3);
  g_assert_cmpuint (result->unchanged, ==, 1);
  g_assert_cmpstr (result->sha256, ==, sha);
  g_assert_cmpint (raised_of (f, 0), ==, 123450);
  g_assert_cmpint (raised_of (f, 1), ==, 123450);
  g_assert_cmpint (raised_of (f, 2), ==, 200000);
  g_assert_cmpint (raised_of (f, 3), ==, 3000);

  entries = sl_db_list_audit (f->db, "charity", 0, 1, &error);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->action, ==, "fundraising-import");
  expected = g_strdup_printf ("{\"file\":\"raised.csv\",\"sha256\":\"%s\",\"rows\":4,"
                              "\"changed\":3,\"unchanged\":1}", sha);
  g_assert_cmpstr (entry->after, ==, expected);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = sl_db_list_audit (f->db, "entrant", f->people[0], 1, &error);
  entry = entries->pdata[0];
  g_assert_cmpstr (entry->action, ==, "charity-signup");
  /* Only what changed: the amount raised. */
  g_assert_cmpstr (entry->before, ==, "{\"raised_pence\":0}");
  g_assert_cmpstr (entry->after, ==, "{\"raised_pence\":123450}");
  g_assert_cmpuint (sl_test_count_audit (f->db, "entrant", f->people[3], "charity-signup"), ==, 1);
}

/* Any bad row: nothing written, every row's problem with its line. */
static void
test_import_fundraising_bad_rows (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *path = write_file (f, "bad.csv",
                                      "Booking reference;Raised\n"
                                      "REF-101;500\n"
                                      "999;10\n"
                                      "105;10\n"
                                      "102;ten pounds\n"
                                      "101;600\n"
                                      "103;-4\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(SlFundraisingResult) result = NULL;
  gint64 audited = sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log");

  result = sl_db_import_fundraising (f->db, path, NULL, &problems, &error);
  g_assert_null (result);
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 5);
  g_assert_cmpstr (problems->pdata[0], ==, "line 3: no runner has bib or booking reference “999”");
  g_assert_cmpstr (problems->pdata[1], ==,
                   "line 4: bib 105 (Pat Runner04) is not signed up to a charity");
  g_assert_true (g_str_has_prefix (problems->pdata[2], "line 5: “ten pounds” is not an amount"));
  g_assert_cmpstr (problems->pdata[3], ==, "line 6: bib 101 is on line 2 too");
  g_assert_true (g_str_has_prefix (problems->pdata[4], "line 7: “-4” is not an amount"));
  g_assert_cmpint (raised_of (f, 0), ==, 0);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"), ==,
                   audited);
}

static void
test_import_fundraising_refused (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = write_file (f, "ok.csv", "Bib,Raised\n101,5\n");
  g_autofree char *no_column = write_file (f, "cols.csv", "Bib,Name\n101,Pat\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(SlFundraisingResult) result = NULL;

  sign_in (f->db, "Olu Officer");
  result = sl_db_import_fundraising (f->db, path, NULL, &problems, &error);
  g_assert_null (result);
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_cmpstr (error->message, ==, "Needs an exporter or an admin.");
  g_clear_error (&error);

  sign_in (f->db, "Ada Admin");
  result = sl_db_import_fundraising (f->db, no_column, NULL, &problems, &error);
  g_assert_null (result);
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_MAPPING);
  g_assert_null (problems);
  g_assert_cmpint (raised_of (f, 0), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charities/bond-words", test_bond_words);
  g_test_add_func ("/charities/money-parse", test_money_parse);
  g_test_add ("/charities/bond-stored", Fixture, NULL, fixture_setup, test_bond_stored,
              fixture_teardown);
  g_test_add ("/charities/save-audited", Fixture, NULL, fixture_setup, test_save_audited,
              fixture_teardown);
  g_test_add ("/charities/summary", Fixture, NULL, fixture_setup, test_summary,
              fixture_teardown);
  g_test_add ("/charities/roles", Fixture, NULL, fixture_setup, test_roles, fixture_teardown);
  g_test_add ("/fundraising/import", Fixture, NULL, fixture_setup, test_import_fundraising,
              fixture_teardown);
  g_test_add ("/fundraising/bad-rows", Fixture, NULL, fixture_setup,
              test_import_fundraising_bad_rows, fixture_teardown);
  g_test_add ("/fundraising/refused", Fixture, NULL, fixture_setup,
              test_import_fundraising_refused, fixture_teardown);
  return g_test_run ();
}
