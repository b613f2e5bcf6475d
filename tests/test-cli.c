/* test-cli.c — startline-cli's contract with staff scripts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "sl-test-util.h"

/* As an ordinary user where the tests run as root, who can write
 * anything: a desk's account cannot.
 */
static void
drop_root_cb (gpointer data)
{
  if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
    _exit (125);
}

static gboolean as_ordinary_user;
/* The command line as that user runs it: a copy they can reach, since the
 * build tree may be in a folder only its owner can enter.
 */
static char *ordinary_user_cli;

static void
run_cli_va (SlTestRun  *run,
            char      **envp,
            const char *first,
            va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = as_ordinary_user ? ordinary_user_cli : g_getenv ("STARTLINE_CLI");
  const char *arg;
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  g_ptr_array_add (argv, NULL);

  sl_test_run_clear (run);
  g_spawn_sync (NULL, (char **)argv->pdata, envp, G_SPAWN_DEFAULT,
                as_ordinary_user ? drop_root_cb : NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* Runs startline-cli with the NULL-terminated arguments. */
static void
run_cli (SlTestRun  *run,
         const char *first,
         ...)
{
  va_list args;

  va_start (args, first);
  run_cli_va (run, NULL, first, args);
  va_end (args);
}

/* The same in the C locale, whose character set is ASCII. */
static void
run_cli_in_c_locale (SlTestRun  *run,
                     const char *first,
                     ...)
{
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);
  va_list args;

  envp = g_environ_setenv (envp, "LANG", "C", TRUE);
  va_start (args, first);
  run_cli_va (run, envp, first, args);
  va_end (args);
}

static void
test_help_and_usage (void)
{
  g_auto(SlTestRun) run = { 0 };
  static const char *commands[] = {
    "init", "demo", "import", "export", "check-in", "undo-check-in", "search", "stats", "audit",
  };

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (run.out, commands[i]));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      run_cli (&run, commands[i], "--help", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, commands[i]));
    }
  /* A command's own help says what it prints; the command list stays one
   * line per command.
   */
  run_cli (&run, "import", "--help", NULL);
  g_assert_nonnull (strstr (run.out, "unchanged:"));
  run_cli (&run, "--help", NULL);
  g_assert_null (strstr (run.out, "unchanged:"));

  /* A usage error before the command is one line, as a command's own are. */
  run_cli (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "unknown command “frobnicate”"));
  g_assert_nonnull (strstr (run.err, "“startline-cli --help”"));

  run_cli (&run, NULL, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "no command given"));

  run_cli (&run, "--db", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "--db"));

  run_cli (&run, "search", "--limit", "banana", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);

  run_cli (&run, "--db", "/nonexistent/e.sqlite", "init", "--event", "X", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_session (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = sl_test_event_location_new (dir, "cli.sqlite");
  g_autofree char *junk = g_build_filename (dir, "junk.sqlite", NULL);
  g_auto(SlTestRun) run = { 0 };
  g_auto(GStrv) fields = NULL;

  /* A malformed argument is a usage error, before any file is touched. */
  run_cli (&run, "--db", path, "init", "--event", "Riverside 10K", "--date", "2026-13-01", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "2026-13-01"));
  g_assert_false (sl_test_event_exists (path));

  run_cli (&run, "--db", path, "init", "--event", "Riverside 10K", "--date", "2026-05-01", NULL);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, "--db", path, "init", "--event", "Again", "--date", "2026-05-01", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  /* "already exists" (a file), "already holds a Startline event" (a
   * server database): the first event stays.
   */
  g_assert_nonnull (strstr (run.err, "already "));
  run_cli (&run, "--db", path, "stats", NULL);
  g_assert_true (g_str_has_prefix (run.out, "event: Riverside 10K\n"));

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SlDb) db = sl_db_open (path, &error);
    g_assert_no_error (error);
    sl_test_db_populate (db);
    sl_entrant_free (sl_test_add_entrant (db, "8001", "RV-001", "Łukasz", "Wójcik",
                                          "Polish Runners UK"));
    sl_entrant_free (sl_test_add_entrant (db, "8002", "RV-002", "Ann", "Wong", NULL));
  }

  run_cli (&run, "--db", path, "search", "wojc", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (sl_test_count_lines (run.out), ==, 1);
  fields = g_strsplit (g_strchomp (run.out), "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 5);
  g_assert_cmpstr (fields[0], ==, "8001");
  g_assert_cmpstr (fields[1], ==, "Łukasz Wójcik");
  g_assert_cmpstr (fields[2], ==, "Mass");
  g_assert_cmpstr (fields[3], ==, "Blue 1");
  g_assert_cmpstr (fields[4], ==, "registered");

  run_cli (&run, "--db", path, "search", "w", "--limit", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (sl_test_count_lines (run.out), ==, 1);

  run_cli (&run, "--db", path, "--operator", "Sam", "check-in", "RV-002", "--desk", "Desk 3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "8002"));

  run_cli (&run, "--db", path, "check-in", "8002", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "Desk 3"));

  run_cli (&run, "--db", path, "stats", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "entrants: 2\n"));
  g_assert_nonnull (strstr (run.out, "checked_in: 1\n"));

  /* Another desk's check-in is not this desk's to undo (an admin's or an
   * officer's): one line naming the role, nothing changed.
   */
  run_cli (&run, "--db", path, "undo-check-in", "8002", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "Needs an admin or an accessibility officer"));
  run_cli (&run, "--db", path, "stats", NULL);
  g_assert_nonnull (strstr (run.out, "checked_in: 1\n"));

  run_cli (&run, "--db", path, "undo-check-in", "8002", "--desk", "Desk 3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "--db", path, "stats", NULL);
  g_assert_nonnull (strstr (run.out, "checked_in: 0\n"));

  run_cli (&run, "--db", path, "audit", "--limit", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (sl_test_count_lines (run.out), ==, 3);
  g_assert_nonnull (strstr (run.out, "\tundo-check-in\tentrant\t"));
  g_assert_nonnull (strstr (run.out, "\tSam\tDesk 3\tcheck-in\t"));

  run_cli (&run, "--db", path, "check-in", "nobody", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);

  /* A retried command with its request id: recorded once, said again. */
  run_cli (&run, "--db", path, "check-in", "8001", "--desk", "Desk 5", "--request-id",
           "8d1c3f2e-4b7a-4c59-9e21-0f6a5b3c7d10", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "--db", path, "check-in", "8001", "--desk", "Desk 5", "--request-id",
           "8d1c3f2e-4b7a-4c59-9e21-0f6a5b3c7d10", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "checked in: 8001"));
  g_assert_cmpint (sl_test_query_int (NULL, path, "SELECT count(*) FROM checkin_event"
                                                  " WHERE request_id IS NOT NULL"
                                                  " AND entrant_id = (SELECT id FROM entrant"
                                                  " WHERE bib = '8001')"), ==, 1);
  run_cli (&run, "--db", path, "check-in", "8001", "--request-id", "not-a-uuid", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--request-id"));

  /* No bib, no search text: usage errors, not failed look-ups. */
  run_cli (&run, "--db", path, "check-in", " ", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "expected one bib or booking reference"));
  run_cli (&run, "--db", path, "search", "", "  ", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.out), ==, 0);

  g_file_set_contents (junk, "hello", -1, NULL);
  run_cli (&run, "--db", junk, "stats", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "not a Startline event file"));
  if (sl_test_store_is_server ())
    {
      /* A server database of another program's, likewise. */
      g_autofree char *other = sl_test_pg_location_new ();

      g_assert_true (sl_test_exec (NULL, other, "CREATE TABLE invoice (id integer)", NULL));
      run_cli (&run, "--db", other, "stats", NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
      g_assert_nonnull (strstr (run.err, "not a Startline event"));
      g_assert_cmpint (sl_test_query_int (NULL, other, "SELECT count(*) FROM pg_tables"
                                                       " WHERE schemaname = 'public'"), ==, 1);
    }

  run_cli (&run, "stats", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "--db FILE is required"));
}

/* A new event with entrants 8001 (RV-001) and 8002 (RV-002). */
static char *
make_event (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_test_db_new (dir, "event.sqlite");

  sl_entrant_free (sl_test_add_entrant (db, "8001", "RV-001", "Ana", "Fernández", NULL));
  sl_entrant_free (sl_test_add_entrant (db, "8002", "RV-002", "Ann", "Wong", NULL));
  return g_strdup (sl_db_get_path (db));
}

/* An event with an admin account, for `--as SL_TEST_ADMIN export FILE`
 * (an export without a profile needs an admin).
 */
static char *
make_admin_event (const char *dir)
{
  g_autoptr(GError) error = NULL;
  char *path = make_event (dir);
  g_autoptr(SlDb) db = sl_db_open (path, &error);

  g_assert_no_error (error);
  sl_test_sign_in_admin (db);
  return path;
}

static void
test_actor_names (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = make_event (dir);
  g_auto(SlTestRun) run = { 0 };
  static const struct
  {
    const char *option;
    const char *value;
    gboolean    global;
  } refused[] = {
    { "--operator", "   ", TRUE },
    { "--operator", "Sam\nroot", TRUE },
    { "--desk", "  ", TRUE },
    { "--desk", "D1\nfake", TRUE },
    { "--desk", "D1\tfake", TRUE },
    { "--desk", "\r", FALSE },
    { "--desk", "D1\nfake", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      if (refused[i].global)
        run_cli (&run, "--db", path, refused[i].option, refused[i].value, "check-in", "8001",
                 NULL);
      else
        run_cli (&run, "--db", path, "check-in", "8001", refused[i].option, refused[i].value,
                 NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "startline-cli"));
      g_assert_nonnull (strstr (run.err, refused[i].option));
      g_assert_null (strstr (run.err, "fake"));
    }
  run_cli (&run, "--db", path, "audit", "--limit", "0", NULL);
  g_assert_null (strstr (run.out, "check-in"));
  g_assert_null (strstr (run.out, "fake"));

  /* Trimmed, everywhere the check-in is recorded. */
  run_cli (&run, "--db", path, "--operator", " Sam ", "check-in", "8001", "--desk", " Desk 3 ",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, "\tDesk 3\n"));
  run_cli (&run, "--db", path, "audit", "--limit", "1", NULL);
  g_assert_nonnull (strstr (run.out, "\tSam\tDesk 3\tcheck-in\t"));

  /* Without a desk the check-in shows the same default desk everywhere. */
  run_cli (&run, "--db", path, "check-in", "8002", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, "\tdesk\n"));
  run_cli (&run, "--db", path, "audit", "--limit", "1", NULL);
  g_assert_nonnull (strstr (run.out, "\tdesk\tcheck-in\tentrant\t"));
}

/* The same limits as the editor's: a 10,000-character desk, a
 * right-to-left override in an operator's or an entrant's name are each
 * refused in one line that names the option or the file, line and column.
 */
static void
test_text_limits (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = make_event (dir);
  g_autofree char *long_desk = g_strnfill (10000, 'd');
  g_autofree char *csv = g_build_filename (dir, "rtl.csv", NULL);
  g_autofree char *expected = g_strdup_printf ("--desk: a desk name can have at most %'d "
                                               "characters (%'d given)", 60, 10000);
  g_auto(SlTestRun) run = { 0 };

  run_cli (&run, "--db", path, "--desk", long_desk, "check-in", "8001", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, expected));
  run_cli (&run, "--db", path, "check-in", "8001", "--desk", long_desk, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, expected));
  run_cli (&run, "--db", path, "--operator", "Sam\u202eroot", "check-in", "8001", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "--operator: an operator name cannot hold the invisible "
                                     "formatting character U+202E"));
  run_cli (&run, "--db", path, "audit", "--limit", "0", NULL);
  g_assert_null (strstr (run.out, "check-in"));

  g_assert_true (g_file_set_contents (csv, "Bib,First name,Surname\n"
                                           "9001,Ada,Love\u202elace\n", -1, NULL));
  run_cli (&run, "--db", path, "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "rtl.csv:2: Surname: The last name cannot hold the "
                                     "invisible formatting character U+202E"));
  run_cli (&run, "--db", path, "search", "9001", NULL);
  g_assert_null (strstr (run.out, "Ada"));
}

static void
make_disk_full_cb (gpointer user_data)
{
  if (!sl_test_make_disk_full (user_data))
    _exit (77);
}

/* An export to a full disk says so in one line, with no lines of
 * libxlsxwriter's own.
 */
static void
test_export_full_disk (void)
{
  static const char * const names[] = { "out.xlsx", "out.csv" };
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = make_admin_event (dir);
  g_autofree char *full = g_build_filename (dir, "full", NULL);

  g_assert_cmpint (g_mkdir (full, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *out = g_build_filename (full, names[i], NULL);
      const char *argv[] = { g_getenv ("STARTLINE_CLI"), "--db", path, "--as", SL_TEST_ADMIN,
                             "export", out, NULL };
      g_autofree char *expected = g_strdup_printf ("startline-cli: Cannot write “%s”: %s\n",
                                                   out, g_strerror (ENOSPC));
      g_auto(SlTestRun) run = { 0 };
      g_autoptr(GError) error = NULL;
      int wait_status = 0;

      g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, make_disk_full_cb, full,
                    &run.out, &run.err, &wait_status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (wait_status));
      if (WEXITSTATUS (wait_status) == 77)
        g_error ("Cannot make a full disk to test on (it needs root or user namespaces,"
                 " outside a chroot)");
      g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
      g_assert_cmpstr (run.err, ==, expected);
    }
  g_rmdir (full);
}

static void
test_blank_option_values (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = make_admin_event (dir);
  g_autofree char *fresh = sl_test_event_location_new (dir, "fresh.sqlite");
  g_autofree char *out = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "out.xlsx", NULL);
  g_autofree char *csv = g_build_filename (dir, "in.csv", NULL);
  g_auto(SlTestRun) run = { 0 };

  /* Blank is as much a usage error as missing, whatever the spaces. */
  run_cli (&run, "--db", fresh, "init", "--event", "  ", "--date", "2026-05-01", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "--event"));
  run_cli (&run, "--db", fresh, "init", "--event", "X", "--date", " ", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--date"));
  g_assert_false (sl_test_event_exists (fresh));
  run_cli (&run, "--db", "", "stats", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "--db"));

  for (guint i = 0; i < 2; i++)
    {
      run_cli (&run, "--db", path, "export", out, "--charity", i == 0 ? "" : "   ", NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
      g_assert_nonnull (strstr (run.err, "--charity"));
    }
  run_cli (&run, "--db", path, "export", xlsx, "--charity", "Riverside Hospice", "--by-charity",
           NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "--by-charity"));
  g_assert_false (g_file_test (xlsx, G_FILE_TEST_EXISTS));

  g_file_set_contents (csv, "Race No,First name,Last name\n9001,Kim,Park\n", -1, NULL);
  run_cli (&run, "--db", path, "import", csv, "--date-order", " ", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--date-order"));

  /* Values are trimmed. */
  run_cli (&run, "--db", fresh, "init", "--event", " Riverside 10K ", "--date", " 2026-05-01 ",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, "--db", fresh, "stats", NULL);
  g_assert_true (g_str_has_prefix (run.out, "event: Riverside 10K\ndate: 2026-05-01\n"));
  run_cli (&run, "--db", path, "--as", SL_TEST_ADMIN, "export", out, "--charity",
           " riverside hospice ", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "exported: 0\n");
  run_cli (&run, "--db", path, "import", csv, "--map", " bib = Race No ", "--date-order", " DMY ",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "imported: 1\n"));
}

static void
test_output_is_utf8 (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = make_event (dir);
  g_auto(SlTestRun) run = { 0 };

  /* Scripts read UTF-8 as stored, whatever the locale's character set. */
  run_cli_in_c_locale (&run, "--db", path, "search", "fernandez", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\tAna Fernández\t"));
  run_cli_in_c_locale (&run, "--db", path, "check-in", "8001", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\tAna Fernández\t"));
  run_cli_in_c_locale (&run, "--db", path, "check-in", "8001", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Ana Fernández"));
  run_cli_in_c_locale (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "“startline-cli --help”"));
}

static void
test_damaged_file_one_line (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *sound = g_build_filename (dir, "sound.sqlite", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.sqlite", NULL);
  g_autofree char *contents = NULL;
  g_auto(SlTestRun) run = { 0 };
  gsize len = 0;
  guint n_many = 0;

  run_cli (&run, "--db", sound, "demo", "--entrants", "300", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (sound, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 4096 * 20);

  /* Scribble over the cell pointers of one page at a time: SQLite's check
   * then lists a problem per cell, over several lines, and more for the
   * indexes; the message stays one line.
   */
  for (gsize page = 2; page < 20; page++)
    {
      g_autofree char *copy = g_memdup2 (contents, len);

      memset (copy + page * 4096 + 8, 0xff, 32);
      sl_test_remove_db (damaged);
      g_assert_true (g_file_set_contents (damaged, copy, len, NULL));
      g_chmod (damaged, 0600);
      run_cli (&run, "--db", damaged, "stats", NULL);
      if (run.status == 0)
        continue;
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
      g_assert_nonnull (strstr (run.err, "damaged.sqlite"));
      g_assert_nonnull (strstr (run.err, "is damaged"));
      g_assert_null (strstr (run.err, "***"));
      if (strstr (run.err, " more)") != NULL)
        {
          g_assert_nonnull (strstr (run.err, "(and "));
          n_many++;
        }
    }
  g_assert_cmpuint (n_many, >, 0);
  sl_test_remove_db (damaged);
}

static void
test_symbolic_link (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = make_event (dir);
  g_autofree char *link = g_build_filename (dir, "link.sqlite", NULL);
  g_auto(SlTestRun) run = { 0 };

  /* Still refused (SQLite's journal files would go beside the link), but
   * the message says why and what to open instead.
   */
  g_assert_cmpint (symlink ("event.sqlite", link), ==, 0);
  run_cli (&run, "--db", link, "stats", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "link.sqlite"));
  g_assert_nonnull (strstr (run.err, "is a symbolic link"));
  g_assert_nonnull (strstr (run.err, path));
  g_unlink (link);

  /* A link to nothing says so, rather than sending the user to it. */
  g_assert_cmpint (symlink ("moved.sqlite", link), ==, 0);
  run_cli (&run, "--db", link, "stats", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "is a symbolic link to"));
  g_assert_nonnull (strstr (run.err, "moved.sqlite”, which does not exist"));
  g_unlink (link);
}

static void
test_export_keeps_read_only_file (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = make_admin_event (dir);
  g_autofree char *out = g_build_filename (dir, "kept.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(SlTestRun) run = { 0 };
  GStatBuf st;

  /* Made read-only to keep it: not replaced, even by root. */
  g_assert_true (g_file_set_contents (out, "kept\n", -1, NULL));
  g_assert_cmpint (g_chmod (out, 0444), ==, 0);
  run_cli (&run, "--db", path, "--as", SL_TEST_ADMIN, "export", out, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "kept.csv"));
  g_assert_nonnull (strstr (run.err, "is read-only"));
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "kept\n");
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0444);

  /* A writable one is replaced, as before. */
  g_assert_cmpint (g_chmod (out, 0644), ==, 0);
  run_cli (&run, "--db", path, "--as", SL_TEST_ADMIN, "export", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "exported: 2\n");
}

/* A copy of startline-cli beside dir, in a folder of its own that anyone
 * can enter and run it from.
 */
static char *
copy_cli_for_everyone (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *bin = g_strconcat (dir, "-bin", NULL);
  char *copy = g_build_filename (bin, "startline-cli", NULL);
  gsize len = 0;

  g_assert_true (g_file_get_contents (g_getenv ("STARTLINE_CLI"), &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (bin, 0755), ==, 0);
  g_assert_true (g_file_set_contents_full (copy, contents, (gssize)len,
                                           G_FILE_SET_CONTENTS_NONE, 0755, &error));
  g_assert_no_error (error);
  return copy;
}

/* An event on read-only media or in a folder the desk's account cannot
 * write: the commands that read work; those that write fail with one line
 * saying so; the file is untouched.
 */
static void
test_read_only_event (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = make_admin_event (dir);
  g_autofree char *out = g_build_filename (g_get_tmp_dir (), "startline-ro-export.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len = 0, after_len = 0;
  g_auto(SlTestRun) run = { 0 };

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  ordinary_user_cli = copy_cli_for_everyone (dir);
  as_ordinary_user = TRUE;

  run_cli (&run, "--db", path, "stats", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "entrants: 2\n"));
  run_cli (&run, "--db", path, "search", "wong", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "8002\tAnn Wong"));
  run_cli (&run, "--db", path, "audit", "--limit", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (sl_test_count_lines (run.out), ==, 1);

  run_cli (&run, "--db", path, "check-in", "8002", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "is open for reading only"));
  /* Every export is on record in the event, which cannot be written. */
  run_cli (&run, "--db", path, "--as", SL_TEST_ADMIN, "export", out, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "audit log"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  as_ordinary_user = FALSE;
  g_unlink (ordinary_user_cli);
  {
    g_autofree char *bin = g_path_get_dirname (ordinary_user_cli);

    g_rmdir (bin);
  }
  g_clear_pointer (&ordinary_user_cli, g_free);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* A new event from init has no races, waves or charities: importing a
 * registration file is refused and the message says how to add them;
 * --add-missing does, and says what it added.
 */
static void
test_import_into_new_event (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = sl_test_event_location_new (dir, "new.sqlite");
  g_autofree char *csv = g_build_filename (dir, "entries.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(SlTestRun) run = { 0 };

  g_file_set_contents (csv, "Bib,First name,Last name,Race,Wave,Charity\n"
                            "1,Ann,Lee,Mass,Blue 1,Shelter\n"
                            "2,Bo,Kim,Mass,Blue 2,\n", -1, &error);
  g_assert_no_error (error);
  run_cli (&run, "--db", path, "init", "--event", "Riverside 10K", "--date", "2026-05-01", NULL);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, "--db", path, "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, ":2: Race: there is no race “Mass” in this event"));
  g_assert_nonnull (strstr (run.err, "--add-missing"));
  g_assert_nonnull (strstr (run.out, "imported: 0\n"));

  run_cli (&run, "--db", path, "import", csv, "--add-missing", "--dry-run", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "added_races: 1\nadded_waves: 2\nadded_charities: 1\n"));
  g_assert_nonnull (strstr (run.err, "note: would add race “Mass”"));
  run_cli (&run, "--db", path, "stats", NULL);
  g_assert_nonnull (strstr (run.out, "entrants: 0\n"));
  g_assert_nonnull (strstr (run.out, "charities: 0\n"));

  run_cli (&run, "--db", path, "import", csv, "--add-missing", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "imported: 2\n"));
  g_assert_nonnull (strstr (run.out, "added_races: 1\nadded_waves: 2\nadded_charities: 1\n"));
  g_assert_nonnull (strstr (run.err, "note: added wave “Blue 2” of race “Mass”"));
  run_cli (&run, "--db", path, "search", "lee", NULL);
  g_assert_cmpstr (run.out, ==, "1\tAnn Lee\tMass\tBlue 1\tregistered\n");
  run_cli (&run, "--db", path, "stats", NULL);
  g_assert_nonnull (strstr (run.out, "charity_runners: 1\n"));

  run_cli (&run, "import", "--help", NULL);
  g_assert_nonnull (strstr (run.out, "--add-missing"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("STARTLINE_PASSPHRASE", SL_TEST_ADMIN_PASSPHRASE, TRUE);

  g_test_add_func ("/cli/help-and-usage", test_help_and_usage);
  g_test_add_func ("/cli/session", test_session);
  g_test_add_func ("/cli/import-into-new-event", test_import_into_new_event);
  g_test_add_func ("/cli/actor-names", test_actor_names);
  g_test_add_func ("/cli/text-limits", test_text_limits);
  g_test_add_func ("/cli/blank-option-values", test_blank_option_values);
  g_test_add_func ("/cli/output-is-utf8", test_output_is_utf8);
  /* About event files themselves: damaged bytes (SQLite's own check), a
   * symbolic link to the file, a file and a folder without write
   * permission. A server event has none of them (what an account may
   * write there is its role's grants).
   */
  if (!sl_test_store_is_server ())
    {
      g_test_add_func ("/cli/damaged-file-one-line", test_damaged_file_one_line);
      g_test_add_func ("/cli/symbolic-link", test_symbolic_link);
      g_test_add_func ("/cli/read-only-event", test_read_only_event);
    }
  g_test_add_func ("/cli/export-keeps-read-only-file", test_export_keeps_read_only_file);
  g_test_add_func ("/cli/export-full-disk", test_export_full_disk);

  return g_test_run ();
}
