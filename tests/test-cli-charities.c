/* test-cli-charities.c — startline-cli charities, charity add|edit and
 * fundraising import, as a staff script runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-test-util.h"

#define PASS    "correct horse battery"
#define OFFICER "Olu Officer"
#define ADMIN   "Ada Admin"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

/* Runs startline-cli --db FILE [--as who] with the arguments. */
#define run_as(run, f, who, ...) sl_test_cli_run ((run), (f)->path, (who), PASS, NULL, __VA_ARGS__)

#define EXPORTER "Eve Exporter"

/* Charity 1 (Riverside Hospice, 100 places, £2,000 minimum); runners
 * 1001 to 1005, 1001 to 1003 signed up to it.
 */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = sl_test_tmpdir_new ();
  db = sl_test_db_new (f->dir, "event.startline");
  f->path = g_strdup (sl_db_get_path (db));
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%u", 1001 + i);
      g_autofree char *ref = g_strdup_printf ("REF-%u", 1001 + i);
      g_autofree char *last = g_strdup_printf ("Runner%02u", i);
      g_autoptr(SlEntrant) e = sl_test_add_entrant (db, bib, ref, "Pat", last, NULL);

      if (i < 3)
        g_assert_true (sl_db_set_charity_signup (db, e->id, 1, 250000, 10000 * i, &error));
      g_assert_no_error (error);
    }
  g_assert_true (sl_db_add_staff (db, ADMIN, SL_ROLE_ADMIN, PASS, &error));
  g_assert_true (sl_db_sign_in (db, ADMIN, PASS, &error));
  g_assert_true (sl_db_add_staff (db, OFFICER, SL_ROLE_OFFICER, PASS, &error));
  g_assert_true (sl_db_add_staff (db, EXPORTER, SL_ROLE_EXPORTER, PASS, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

static void
test_list_and_save (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  run_as (&run, f, OFFICER, "charities", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Riverside Hospice\tnone\t100\t3\t7500.00\t300.00\n");

  run_as (&run, f, EXPORTER, "charity", "add", "Lifeboats", "--bond", "golden", "--places", "2",
          "--minimum-pledge", "£2,250.50", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "2\n");
  run_as (&run, f, ADMIN, "charity", "edit", "riverside hospice", "--bond", "silver",
          "--places", "2", "--name", "Riverside", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, EXPORTER, "charities", NULL);
  g_assert_cmpstr (run.out, ==, "Lifeboats\tgolden\t2\t0\t0.00\t0.00\n"
                                "Riverside\tsilver\t2\t3\t7500.00\t300.00\n");
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT minimum_pledge_pence FROM charity"
                                                     " WHERE name = 'Lifeboats'"), ==, 225050);
}

/* Refusals: one line naming the role, exit 1, nothing written; bad
 * options are usage errors (exit 2).
 */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  gint64 audited = sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log");

  run_as (&run, f, NULL, "charities", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==,
                   "startline-cli: Needs an accessibility officer, an exporter or an admin.\n");
  run_as (&run, f, OFFICER, "charity", "add", "X", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "startline-cli: Needs an exporter or an admin.\n");
  run_as (&run, f, OFFICER, "fundraising", "import", "/nonexistent.csv", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "startline-cli: Needs an exporter or an admin.\n");
  run_as (&run, f, ADMIN, "charity", "add", "X", "--bond", "bronze", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_as (&run, f, ADMIN, "charity", "add", "X", "--minimum-pledge", "lots", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_as (&run, f, ADMIN, "charity", "edit", "Nobody", "--places", "3", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "startline-cli: There is no charity called “Nobody”\n");
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"), ==,
                   audited);
}

static void
test_fundraising_import (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *good = g_build_filename (f->dir, "good.csv", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);

  g_assert_true (g_file_set_contents (good, "Bib,Amount raised\n1001,\"£1,000\"\n"
                                            "REF-1002,100\n1003,2500.5\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "Bib,Raised\n1001,5\n1004,5\n1009,5\n"
                                           "1002,£x\n1001,6\n", -1, NULL));
  run_as (&run, f, EXPORTER, "fundraising", "import", bad, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err,
                                   "line 3: bib 1004 (Pat Runner03) is not signed up to a charity\n"
                                   "line 4: no runner has bib or booking reference “1009”\n"
                                   "line 5: “£x” is not an amount of money"));
  g_assert_nonnull (strstr (run.err, "\nline 6: bib 1001 is on line 2 too\n"
                                     "startline-cli: 4 rows of “"));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT sum (raised_pence)"
                                                     " FROM charity_signup"), ==, 30000);

  run_as (&run, f, EXPORTER, "fundraising", "import", good, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "rows: 3\nchanged: 2\nunchanged: 1\n");
  run_as (&run, f, EXPORTER, "charities", NULL);
  g_assert_cmpstr (run.out, ==, "Riverside Hospice\tnone\t100\t3\t7500.00\t3600.50\n");
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                                     " WHERE action = 'fundraising-import'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-charities/list-and-save", Fixture, NULL, fixture_setup,
              test_list_and_save, fixture_teardown);
  g_test_add ("/cli-charities/refusals", Fixture, NULL, fixture_setup, test_refusals,
              fixture_teardown);
  g_test_add ("/cli-charities/fundraising-import", Fixture, NULL, fixture_setup,
              test_fundraising_import, fixture_teardown);
  return g_test_run ();
}
