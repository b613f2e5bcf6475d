/* test-cli-needs.c — startline-cli need, link, marker, show and withdraw
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

/* The accounts fixture_setup makes (staff add), all with PASS. */
#define PASS    "correct horse battery"
#define OFFICER "Olu Officer"
#define ADMIN   "Ada Admin"      /* an exporter too */

/* Runs startline-cli --db FILE [--as who] with the arguments (who NULL:
 * the desk, no account), STARTLINE_PASSPHRASE and STARTLINE_NEW_PASSPHRASE
 * set to PASS.
 */
#define run_as(run, f, who, stdin_text, ...) \
  sl_test_cli_run ((run), (f)->path, (who), PASS, (stdin_text), __VA_ARGS__)

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEntrant) a = NULL, g = NULL, s = NULL;
  g_auto(SlTestRun) run = { 0 };

  f->dir = sl_test_tmpdir_new ();
  db = sl_test_db_new (f->dir, "event.startline");
  /* The file, or the server event's location (STARTLINE_TEST_STORE). */
  f->path = g_strdup (sl_db_get_path (db));
  a = sl_test_add_entrant (db, "40417", "REF-A", "Amara", "Okafor", NULL);
  g = sl_test_add_entrant (db, "40418", "REF-G", "Gareth", "Guide", NULL);
  s = sl_test_add_entrant (db, "40419", "REF-S", "Sally", "Support", NULL);
  g_clear_object (&db);

  /* The first account (an admin's) needs no one signed in; the officer's
   * makes the event's key pair.
   */
  run_as (&run, f, NULL, NULL, "staff", "add", ADMIN, "--role", "admin,exporter", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, ADMIN, NULL, "staff", "add", OFFICER, "--role", "officer", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

static void
assert_refused_by_role (SlTestRun *run)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run->err), ==, 1);
  g_assert_nonnull (strstr (run->err, "accessibility officer"));
  g_assert_cmpstr (run->out, ==, "");
}

/* An officer extends the catalogue; the desk may not; the new type is
 * listed and needs can be recorded with it.
 */
static void
test_need_add_type (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  run_as (&run, f, NULL, NULL, "need", "add-type", "sign-language", "--label",
          "BSL interpreter", NULL);
  assert_refused_by_role (&run);
  run_as (&run, f, OFFICER, NULL, "need", "add-type", "sign-language", "--label",
          "BSL interpreter", "--adjustment", "Interpreter at the start",
          "--adjustment", "Interpreter at the finish", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (g_ascii_strtoll (run.out, NULL, 10), >, 0);
  run_as (&run, f, OFFICER, NULL, "need", "add-type", "sign-language", "--label", "Again",
          NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_as (&run, f, OFFICER, NULL, "need", "add-type", "Bad Code", "--label", "Bad", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_as (&run, f, OFFICER, NULL, "need", "add-type", "no-label", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_as (&run, f, NULL, NULL, "need", "types", NULL);
  g_assert_nonnull (strstr (run.out, "sign-language\tBSL interpreter\n"));
  g_assert_null (strstr (run.out, "Bad"));
  run_as (&run, f, NULL, NULL, "need", "add", "40417", "--type", "sign-language", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* An officer changes a type's label and adjustments and removes a type no
 * need is of; a type in use is refused with one line; the desk may not.
 */
static void
test_need_edit_remove_type (Fixture       *f,
                            gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  run_as (&run, f, OFFICER, NULL, "need", "add-type", "sign-language", "--label",
          "BSL interpreter", "--adjustment", "Interpreter at the start", NULL);
  g_assert_cmpint (run.status, ==, 0);

  run_as (&run, f, NULL, NULL, "need", "edit-type", "sign-language", "--label", "BSL", NULL);
  assert_refused_by_role (&run);
  run_as (&run, f, OFFICER, NULL, "need", "edit-type", "sign-language", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_as (&run, f, OFFICER, NULL, "need", "edit-type", "sign-language", "--label",
          "British Sign Language", "--adjustments", "At the start; at the finish;", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "sign-language\tBritish Sign Language\n");
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need_type"
                                      " WHERE adjustments = 'At the start\nat the finish'"
                                      " AND code = 'sign-language'"), ==, 1);
  /* No adjustments at all; the label stays. */
  run_as (&run, f, OFFICER, NULL, "need", "edit-type", "sign-language", "--adjustments", "",
          NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need_type"
                                      " WHERE adjustments = '' AND label ="
                                      " 'British Sign Language' AND code = 'sign-language'"),
                   ==, 1);
  run_as (&run, f, OFFICER, NULL, "need", "edit-type", "no-such-type", "--label", "X", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);

  /* In use: one line, nothing removed. */
  run_as (&run, f, NULL, NULL, "need", "add", "40417", "--type", "sign-language", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, OFFICER, NULL, "need", "remove-type", "sign-language", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "1 need is of this type"));
  run_as (&run, f, NULL, NULL, "need", "types", NULL);
  g_assert_nonnull (strstr (run.out, "sign-language\tBritish Sign Language\n"));

  run_as (&run, f, OFFICER, NULL, "need", "add-type", "quiet-route", "--label", "Quiet route",
          NULL);
  run_as (&run, f, NULL, NULL, "need", "remove-type", "quiet-route", NULL);
  assert_refused_by_role (&run);
  run_as (&run, f, OFFICER, NULL, "need", "remove-type", "quiet-route", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  run_as (&run, f, NULL, NULL, "need", "types", NULL);
  g_assert_null (strstr (run.out, "quiet-route"));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log WHERE"
                                      " entity = 'need-type' AND action = 'delete'"), ==, 1);
}

static void
test_need_add_set_list (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  gint64 audit_before;

  run_as (&run, f, NULL, NULL, "need", "add", "40417", "--type", "guide-runner", "--detail",
          "Blind; tether left", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "1\n");
  /* From standard input, kept out of the process list. */
  run_as (&run, f, NULL, "Hard of hearing, lip reads\n", "need", "add", "REF-G", "--type",
          "deaf", "--detail", "-", NULL);
  g_assert_cmpstr (run.out, ==, "2\n");
  run_as (&run, f, NULL, NULL, "need", "add", "40417", "--type", "no-such", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_as (&run, f, NULL, NULL, "need", "add", "40417", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_as (&run, f, NULL, NULL, "need", "add", "40417", "--type", "deaf", "--status", "arranged",
          NULL);
  assert_refused_by_role (&run);

  /* Listing, deciding and reading are an officer's. */
  audit_before = sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log");
  run_as (&run, f, NULL, NULL, "need", "list", NULL);
  assert_refused_by_role (&run);
  run_as (&run, f, ADMIN, NULL, "need", "list", "--with-detail", NULL);
  assert_refused_by_role (&run);
  run_as (&run, f, NULL, NULL, "need", "set", "1", "--status", "approved", NULL);
  assert_refused_by_role (&run);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"), ==,
                   audit_before);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need"
                                      " WHERE status = 'requested'"), ==, 2);

  run_as (&run, f, OFFICER, NULL, "need", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "2\t40418\tGareth Guide\tdeaf\trequested\n"
                                "1\t40417\tAmara Okafor\tguide-runner\trequested\n");
  run_as (&run, f, OFFICER, NULL, "need", "set", "1", "--status", "declined", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_as (&run, f, OFFICER, NULL, "need", "set", "1", "--status", "gone", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_as (&run, f, OFFICER, NULL, "need", "set", "1", "--status", "approved", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, OFFICER, NULL, "need", "list", "--status", "approved", "--with-detail",
          NULL);
  g_assert_cmpstr (run.out, ==, "1\t40417\tAmara Okafor\tguide-runner\tapproved"
                                "\tBlind; tether left\n");
  run_as (&run, f, OFFICER, NULL, "need", "list", "--type", "deaf", "--with-detail", NULL);
  g_assert_cmpstr (run.out, ==, "2\t40418\tGareth Guide\tdeaf\trequested"
                                "\tHard of hearing, lip reads\n");
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'read-detail'"), ==, 2);
}

static void
test_link_marker_show (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  run_as (&run, f, NULL, NULL, "need", "add", "40417", "--type", "medical-condition",
          "--detail", "SHOW-SECRET-4711", NULL);
  run_as (&run, f, NULL, NULL, "link", "40417", "--guide", "40418", NULL);
  assert_refused_by_role (&run);
  run_as (&run, f, NULL, NULL, "marker", "40417", "--add", "deaf", NULL);
  assert_refused_by_role (&run);

  run_as (&run, f, OFFICER, NULL, "link", "40417", "--guide", "40418", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, OFFICER, NULL, "link", "40417", "--assistant", "Pat Carer", "--phone",
          "07700 900123", "--pass", "P-17", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, OFFICER, NULL, "link", "40417", "--guide", "99999", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_as (&run, f, OFFICER, NULL, "link", "40417", "--guide", "40418", "--assistant", "X",
          NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_as (&run, f, OFFICER, NULL, "marker", "40417", "--add", "i-need-space", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, OFFICER, NULL, "marker", "40417", "--add", "purple", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_as (&run, f, NULL, NULL, "show", "40417", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "bib: 40417\n"));
  g_assert_nonnull (strstr (run.out, "markers: i-need-space\n"));
  g_assert_nonnull (strstr (run.out, "guide: 40418 Gareth Guide (not checked in)\n"));
  g_assert_nonnull (strstr (run.out, "assistant: Pat Carer, pass P-17 (companion)\n"));
  g_assert_nonnull (strstr (run.out, "flag: Support requested"));
  g_assert_null (strstr (run.out, "SHOW-SECRET"));
  g_assert_null (strstr (run.out, "medical"));
  g_assert_null (strstr (run.out, "07700"));
  run_as (&run, f, NULL, NULL, "show", "40418", NULL);
  g_assert_nonnull (strstr (run.out, "supports: 40417 Amara Okafor (as guide, not checked in)"));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'read-detail'"), ==, 0);

  run_as (&run, f, OFFICER, NULL, "show", "40417", NULL);
  g_assert_nonnull (strstr (run.out, "need.1: medical-condition, requested\n"));
  g_assert_nonnull (strstr (run.out, "need.1.detail: SHOW-SECRET-4711\n"));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'read-detail'"), ==, 1);

  run_as (&run, f, OFFICER, NULL, "marker", "40417", "--remove", "i-need-space", NULL);
  run_as (&run, f, NULL, NULL, "show", "40417", NULL);
  g_assert_null (strstr (run.out, "markers:"));
}

static void
test_withdraw_asks_first (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  run_as (&run, f, OFFICER, NULL, "link", "40417", "--guide", "40418", NULL);
  run_as (&run, f, OFFICER, NULL, "link", "40417", "--support-runner", "40419", NULL);
  run_as (&run, f, NULL, NULL, "withdraw", "40417", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "40418, 40419"));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM entrant"
                                      " WHERE status = 'withdrawn'"), ==, 0);
  run_as (&run, f, NULL, NULL, "withdraw", "40417", "--yes", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "withdrawn: 40417\tAmara Okafor\n"
                                "withdrawn with them: 40418\tGareth Guide\n"
                                "withdrawn with them: 40419\tSally Support\n");
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM entrant"
                                      " WHERE status = 'withdrawn'"), ==, 3);
  /* A runner with no guide is withdrawn without asking. */
  run_as (&run, f, NULL, NULL, "withdraw", "REF-S", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

/* In an event with no officer yet, a detail is refused with one line and
 * nothing is recorded; a need without one is.
 */
static void
test_no_officer_yet (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  g_autoptr(SlDb) db = sl_test_db_new (f->dir, "no-officer.startline");
  g_autoptr(SlEntrant) e = sl_test_add_entrant (db, "1", "REF-1", "Nia", "Nobody", NULL);

  g_free (f->path);
  f->path = g_strdup (sl_db_get_path (db));
  g_clear_object (&db);
  run_as (&run, f, NULL, NULL, "need", "add", "1", "--type", "deaf", "--detail", "Lip reads",
          NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "no accessibility officer yet"));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need"), ==, 0);
  run_as (&run, f, NULL, NULL, "need", "add", "1", "--type", "deaf", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM need"), ==, 1);
}

static void
test_help_lists_commands (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  static const char *commands[] = { "need", "link", "marker", "show", "withdraw" };

  run_as (&run, f, NULL, NULL, "--help", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (run.out, commands[i]));
  run_as (&run, f, NULL, NULL, "need", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "need list"));
  run_as (&run, f, NULL, NULL, "need", "types", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (sl_test_count_lines (run.out), ==, 12);
  g_assert_nonnull (strstr (run.out, "guide-runner\tGuide runner\n"));
  run_as (&run, f, NULL, NULL, "need", "frob", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_as (&run, f, NULL, NULL, "need", "add", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "standard input"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli-needs/need", test_need_add_set_list);
  ADD ("/cli-needs/need-add-type", test_need_add_type);
  ADD ("/cli-needs/need-edit-remove-type", test_need_edit_remove_type);
  ADD ("/cli-needs/link-marker-show", test_link_marker_show);
  ADD ("/cli-needs/withdraw", test_withdraw_asks_first);
  ADD ("/cli-needs/no-officer-yet", test_no_officer_yet);
  ADD ("/cli-needs/help", test_help_lists_commands);
#undef ADD
  return g_test_run ();
}
