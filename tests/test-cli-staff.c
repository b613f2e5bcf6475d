/* test-cli-staff.c — startline-cli --as and staff add|remove|list|login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sl-test-util.h"

#define PASS "correct horse"

/* Without a controlling terminal, as a script under cron runs: a
 * passphrase can only come from the environment.
 */
static void
no_terminal_cb (gpointer data)
{
  setsid ();
}

/* Runs startline-cli with the NULL-terminated arguments; passphrase and
 * new_passphrase (NULL: unset) as STARTLINE_PASSPHRASE and
 * STARTLINE_NEW_PASSPHRASE.
 */
static void
run_cli (SlTestRun  *run,
         const char *passphrase,
         const char *new_passphrase,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int wait_status = 0;
  va_list args;

  envp = g_environ_unsetenv (envp, "STARTLINE_PASSPHRASE");
  envp = g_environ_unsetenv (envp, "STARTLINE_NEW_PASSPHRASE");
  if (passphrase != NULL)
    envp = g_environ_setenv (envp, "STARTLINE_PASSPHRASE", passphrase, TRUE);
  if (new_passphrase != NULL)
    envp = g_environ_setenv (envp, "STARTLINE_NEW_PASSPHRASE", new_passphrase, TRUE);

  g_assert_nonnull (g_getenv ("STARTLINE_CLI"));
  g_ptr_array_add (argv, (char *)g_getenv ("STARTLINE_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  sl_test_run_clear (run);
  g_spawn_sync (NULL, (char **)argv->pdata, envp, G_SPAWN_STDIN_FROM_DEV_NULL, no_terminal_cb,
                NULL, &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* Exit 1 and one line on stderr holding text. */
static void
assert_refused (SlTestRun  *run,
                const char *text)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run->err), ==, 1);
  g_assert_nonnull (strstr (run->err, text));
  g_assert_cmpstr (run->out, ==, "");
}

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  f->dir = sl_test_tmpdir_new ();
  f->path = sl_test_event_location_new (f->dir, "cli.sqlite");
  run_cli (&run, NULL, NULL, "--db", f->path, "init", "--event", "Test", "--date", "2026-04-26",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  run_cli (&run, NULL, NULL, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--as NAME"));
  g_assert_nonnull (strstr (run.out, "STARTLINE_PASSPHRASE"));
  g_assert_nonnull (strstr (run.out, "/proc/PID/environ"));
  g_assert_nonnull (strstr (run.out, "root"));
  g_assert_nonnull (strstr (run.out, "staff"));

  run_cli (&run, NULL, NULL, "--db", f->path, "staff", "add", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "STARTLINE_NEW_PASSPHRASE"));
}

static void
test_first_account (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  run_cli (&run, NULL, PASS, "--db", f->path, "staff", "add", "Olu", "--role", "officer", NULL);
  assert_refused (&run, "first account must be an admin");

  /* No terminal and no variable: told where a passphrase can come from. */
  run_cli (&run, NULL, NULL, "--db", f->path, "staff", "add", "Ada", "--role", "admin", NULL);
  assert_refused (&run, "STARTLINE_NEW_PASSPHRASE");
  run_cli (&run, NULL, "short", "--db", f->path, "staff", "add", "Ada", "--role", "admin", NULL);
  assert_refused (&run, "at least 8 characters");

  run_cli (&run, NULL, PASS, "--db", f->path, "staff", "add", "Ada", "--role", "admin",
           "--role", "officer", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "added: Ada\tadmin,officer\n");

  /* Now only with --as an admin. */
  run_cli (&run, NULL, PASS, "--db", f->path, "staff", "add", "Bob", "--role", "exporter", NULL);
  assert_refused (&run, "Needs an admin.");
  run_cli (&run, NULL, NULL, "--db", f->path, "staff", "list", NULL);
  assert_refused (&run, "Needs an admin.");
}

static void
test_as (Fixture       *f,
         gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *wrong = NULL;

  run_cli (&run, NULL, PASS, "--db", f->path, "staff", "add", "Ada", "--role", "admin,officer",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, PASS, PASS, "--db", f->path, "--as", "Ada", "staff", "add", "Bob",
           "--role", "exporter", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, PASS, NULL, "--db", f->path, "--as", "ada", "staff", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Ada\tadmin,officer\nBob\texporter\n");

  /* A wrong passphrase and an unknown name: the same line. */
  run_cli (&run, "wrong horse", NULL, "--db", f->path, "--as", "Ada", "staff", "list", NULL);
  assert_refused (&run, "Wrong name or passphrase.");
  wrong = g_strdup (run.err);
  run_cli (&run, PASS, NULL, "--db", f->path, "--as", "Nobody", "staff", "list", NULL);
  assert_refused (&run, "Wrong name or passphrase.");
  g_assert_cmpstr (run.err, ==, wrong);
  /* No terminal, no variable. */
  run_cli (&run, NULL, NULL, "--db", f->path, "--as", "Ada", "staff", "list", NULL);
  assert_refused (&run, "STARTLINE_PASSPHRASE");

  /* Refusals by role name the role; nothing changes. */
  run_cli (&run, PASS, NULL, "--db", f->path, "--as", "Bob", "staff", "remove", "Ada", NULL);
  assert_refused (&run, "Needs an admin.");
  run_cli (&run, PASS, NULL, "--db", f->path, "--as", "Ada", "staff", "list", NULL);
  g_assert_cmpuint (sl_test_count_lines (run.out), ==, 2);
  run_cli (&run, PASS, NULL, "--db", f->path, "--as", "Ada", "staff", "remove", "Ada", NULL);
  assert_refused (&run, "last admin");

  run_cli (&run, PASS, NULL, "--db", f->path, "--as", "Ada", "staff", "remove", "Bob", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "removed: Bob\n");

  /* The audit log names the account signed in. */
  run_cli (&run, NULL, NULL, "--db", f->path, "audit", "--limit", "1", NULL);
  g_assert_nonnull (strstr (run.out, "\tAda\t\tdelete\tstaff\t"));
}

static void
test_undo_other_desk (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *csv = g_build_filename (f->dir, "e.csv", NULL);

  g_assert_true (g_file_set_contents (csv, "bib,first_name,last_name\n8001,Ann,Lee\n", -1, NULL));
  run_cli (&run, NULL, NULL, "--db", f->path, "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, NULL, PASS, "--db", f->path, "staff", "add", "Ada", "--role", "admin", NULL);
  run_cli (&run, PASS, PASS, "--db", f->path, "--as", "Ada", "staff", "add", "Exa",
           "--role", "exporter", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, NULL, NULL, "--db", f->path, "check-in", "8001", "--desk", "Desk 1", NULL);
  g_assert_cmpint (run.status, ==, 0);

  run_cli (&run, NULL, NULL, "--db", f->path, "undo-check-in", "8001", "--desk", "Desk 2", NULL);
  assert_refused (&run, "Needs an admin or an accessibility officer");
  run_cli (&run, PASS, NULL, "--db", f->path, "--as", "Exa", "undo-check-in", "8001",
           "--desk", "Desk 2", NULL);
  assert_refused (&run, "Needs an admin or an accessibility officer");
  run_cli (&run, PASS, NULL, "--db", f->path, "--as", "Ada", "undo-check-in", "8001",
           "--desk", "Desk 2", NULL);
  g_assert_cmpint (run.status, ==, 0);
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  run_cli (&run, NULL, PASS, "--db", f->path, "staff", "add", "Ada", "--role", "chef", NULL);
  g_assert_cmpint (run.status, ==, 2);
  /* A desk's account is a server event's login: a file has none, and on
   * a server it cannot be the first account.
   */
  run_cli (&run, NULL, PASS, "--db", f->path, "staff", "add", "Dee", "--role", "desk", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, sl_test_store_is_server () ? "first account must be an admin"
                                                                 : "at least one role"));
  run_cli (&run, NULL, PASS, "--db", f->path, "staff", "add", "Ada", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, NULL, NULL, "--db", f->path, "staff", "fire", "Ada", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, PASS, NULL, "--db", f->path, "--as", "Ada", "--operator", "Sam", "stats", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, PASS, NULL, "--db", f->path, "--as", " ", "stats", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

/* Runs sql with psql (libpq) on conninfo, never asking for a password:
 * TRUE when it succeeded, its output in *out and what psql said in *err
 * (either may be NULL).
 */
static gboolean
psql_as (const char  *conninfo,
         const char  *sql,
         char       **out,
         char       **err)
{
  const char *argv[] = { "psql", "-qAtXw", "-d", conninfo, "-c", sql, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL);
}

/* The connection string of the login of staff (lower case) on the
 * server event at location, database dbname.
 */
static char *
login_conninfo (const char *location,
                const char *dbname,
                const char *staff,
                const char *password)
{
  return g_strdup_printf ("%s user='%s.%s' password='%s'", location, dbname, staff, password);
}

/* The test cluster trusts every local connection: from now on the
 * event's logins (members of its desk group) must give their password,
 * as on a real server. Waits until a wrong one is refused to conninfo's
 * login, which must exist.
 */
static void
require_passwords (const char *location,
                   const char *dbname,
                   const char *wrong_conninfo)
{
  const char *data = g_getenv ("STARTLINE_TEST_PG_DATA");
  g_autofree char *hba = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  guint tries = 0;

  g_assert_nonnull (data);
  hba = g_build_filename (data, "pg_hba.conf", NULL);
  g_assert_true (g_file_get_contents (hba, &before, NULL, &error));
  after = g_strdup_printf ("local all +%s_desk scram-sha-256\n"
                           "host all +%s_desk all scram-sha-256\n%s", dbname, dbname, before);
  g_assert_true (g_file_set_contents (hba, after, -1, &error));
  g_assert_no_error (error);
  g_assert_true (sl_test_psql (location, "SELECT pg_reload_conf ()", NULL, NULL));
  while (psql_as (wrong_conninfo, "SELECT 1", NULL, NULL))
    {
      g_assert_cmpuint (++tries, <, 100);
      g_usleep (100000);
    }
}

/* staff login on a file: one line saying file events have no logins,
 * before any passphrase is asked for.
 */
static void
test_login_file (Fixture *f)
{
  g_auto(SlTestRun) run = { 0 };

  run_cli (&run, NULL, PASS, "--db", f->path, "staff", "add", "Ada", "--role", "admin", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, PASS, NULL, "--db", f->path, "--as", "Ada", "staff", "login", NULL);
  assert_refused (&run, "File events have no server logins");
  run_cli (&run, NULL, NULL, "--db", f->path, "--as", "Ada", "staff", "login", NULL);
  assert_refused (&run, "File events have no server logins");
  run_cli (&run, PASS, NULL, "--db", f->path, "staff", "login", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--as NAME is required"));
}

/* Whether conninfo's login connects (its output swallowed). */
static gboolean
connects (const char *conninfo)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  return psql_as (conninfo, "SELECT 1", &out, &err);
}

/* The server's count for sql, read as its superuser. */
static gint64
server_count (const char *location,
              const char *sql)
{
  g_autofree char *out = NULL;

  g_assert_true (sl_test_psql (location, sql, &out, NULL));
  return g_ascii_strtoll (out, NULL, 10);
}

/* staff login for Bob, whose login is there already and whose password
 * someone set by hand: a wrong passphrase changes nothing; the right one
 * sets the login's password anew, and says so.
 */
static void
login_again (const char *server,
             const char *dbname)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *bob = login_conninfo (server, dbname, "bob", PASS);
  g_autofree char *bob_stale = login_conninfo (server, dbname, "bob", "stale horse");
  g_autofree char *stale = g_strdup_printf ("ALTER ROLE \"%s.bob\" PASSWORD 'stale horse'",
                                            dbname);
  g_autofree char *groups = g_strdup_printf ("SELECT count(*) FROM pg_auth_members m"
                                             " JOIN pg_roles r ON r.oid = m.member"
                                             " WHERE r.rolname = '%s.bob'", dbname);
  const char *audit = "SELECT count(*) FROM audit_log";
  gint64 n_audit;

  g_assert_true (sl_test_psql (server, stale, NULL, NULL));
  g_assert_true (connects (bob_stale));
  g_assert_false (connects (bob));
  n_audit = server_count (server, audit);

  run_cli (&run, "wrong horse", NULL, "--db", server, "--as", "Bob", "staff", "login", NULL);
  assert_refused (&run, "Wrong name or passphrase.");
  g_assert_true (connects (bob_stale));
  g_assert_false (connects (bob));
  g_assert_cmpint (server_count (server, audit), ==, n_audit);

  run_cli (&run, PASS, NULL, "--db", server, "--as", "Bob", "staff", "login", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "server login set anew: Bob (it had one; its password is now"
                                " this passphrase, its groups the account's roles)\n");
  g_assert_true (connects (bob));
  g_assert_false (connects (bob_stale));
  /* Still the desk's group and the exporter's, no more. */
  g_assert_cmpint (server_count (server, groups), ==, 2);
  g_assert_cmpint (server_count (server, audit), ==, n_audit + 1);
}

/* staff login for Ada, when the server has a role of her login's name
 * that is not the event's (made by hand): refused in one line, the role
 * as it was (password, groups), nothing audited.
 */
static void
login_foreign_role (const char *server,
                    const char *dbname)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *create = g_strdup_printf ("CREATE ROLE \"%s.ada\" LOGIN PASSWORD 'other'",
                                             dbname);
  g_autofree char *role = g_strdup_printf ("SELECT rolpassword || ' ' || (SELECT count(*)"
                                           " FROM pg_auth_members m WHERE m.member = a.oid)"
                                           " FROM pg_authid a WHERE rolname = '%s.ada'",
                                           dbname);
  const char *audit = "SELECT count(*) FROM audit_log";
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 n_audit = server_count (server, audit);

  g_assert_true (sl_test_psql (server, create, NULL, NULL));
  g_assert_true (sl_test_psql (server, role, &before, NULL));
  g_assert_true (g_str_has_suffix (before, " 0\n"));

  run_cli (&run, PASS, NULL, "--db", server, "--as", "Ada", "staff", "login", NULL);
  assert_refused (&run, "is not this event's login");
  g_assert_true (sl_test_psql (server, role, &after, NULL));
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (server_count (server, audit), ==, n_audit);
}

/* An event prepared in a file, copied to a server: the copy names the
 * accounts without a login; each owner's staff login makes theirs, with
 * their passphrase as its password and their role's grants; a wrong
 * passphrase makes nothing. Then again on a login that is there, and on
 * a role of the same name that is not the event's.
 */
static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *laptop = NULL;
  g_autofree char *server = NULL;
  g_autofree char *bob = NULL;
  g_autofree char *bob_wrong = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *dbname;

  if (!sl_test_store_is_server ())
    {
      test_login_file (f);
      return;
    }
  laptop = g_build_filename (f->dir, "laptop.sqlite", NULL);
  run_cli (&run, NULL, NULL, "--db", laptop, "init", "--event", "Expo", "--date", "2026-04-26",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, NULL, PASS, "--db", laptop, "staff", "add", "Ada", "--role", "admin", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, PASS, PASS, "--db", laptop, "--as", "Ada", "staff", "add", "Bob",
           "--role", "exporter", NULL);
  g_assert_cmpint (run.status, ==, 0);

  server = sl_test_pg_location_new ();
  dbname = g_strrstr (server, "dbname=") + strlen ("dbname=");
  run_cli (&run, PASS, NULL, "--db", laptop, "--as", "Ada", "copy", "--to", server, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "copied: "));
  g_assert_nonnull (strstr (run.out, "\n2 copied accounts have no server login yet;"));
  g_assert_true (g_str_has_suffix (run.out,
                                   "  startline-cli --db EVENT --as Ada staff login\n"
                                   "  startline-cli --db EVENT --as Bob staff login\n"));

  bob = login_conninfo (server, dbname, "bob", PASS);
  bob_wrong = login_conninfo (server, dbname, "bob", "wrong horse");
  sql = g_strdup_printf ("SELECT count(*) FROM pg_roles WHERE rolname = '%s.bob'", dbname);
  g_assert_false (psql_as (bob, "SELECT 1", NULL, NULL));

  /* A wrong passphrase: refused, no login made. */
  run_cli (&run, "wrong horse", NULL, "--db", server, "--as", "Bob", "staff", "login", NULL);
  assert_refused (&run, "Wrong name or passphrase.");
  g_assert_true (sl_test_psql (server, sql, &out, NULL));
  g_assert_cmpstr (out, ==, "0\n");
  g_clear_pointer (&out, g_free);

  run_cli (&run, PASS, NULL, "--db", server, "--as", "Bob", "staff", "login", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "server login made: Bob\n");

  /* The login connects with the passphrase, and with no other. */
  require_passwords (server, dbname, bob_wrong);
  g_assert_false (psql_as (bob_wrong, "SELECT 1", NULL, &err));
  g_assert_nonnull (strstr (err, "password authentication failed"));
  g_clear_pointer (&err, g_free);
  g_assert_true (psql_as (bob, "SELECT current_user", &out, NULL));
  g_assert_true (g_str_has_suffix (out, ".bob\n"));
  g_clear_pointer (&out, g_free);
  /* With an exporter's grants: no audit log. */
  g_assert_false (psql_as (bob, "SELECT count(*) FROM audit_log", NULL, &err));
  g_assert_nonnull (strstr (err, "permission denied"));

  /* Audited, as Bob. */
  run_cli (&run, NULL, NULL, "--db", server, "audit", "--limit", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\tBob\t\tlogin\tstaff\t"));

  login_again (server, dbname);
  login_foreign_role (server, dbname);
}

/* Reads from the terminal's master side until the transcript ends with
 * expected (TRUE) or the child closes it (FALSE).
 */
static gboolean
read_until (int         master,
            GString    *transcript,
            const char *expected)
{
  char buffer[256];
  ssize_t n;

  while (expected == NULL || !g_str_has_suffix (transcript->str, expected))
    {
      struct pollfd ready = { master, POLLIN, 0 };

      /* Never a hang: a minute without a word is a failure. */
      g_assert_cmpint (poll (&ready, 1, 60000), ==, 1);
      n = read (master, buffer, sizeof buffer);
      if (n <= 0)
        return FALSE;
      g_string_append_len (transcript, buffer, n);
    }
  return TRUE;
}

/* Runs startline-cli on a terminal of its own, typing each of typed
 * after the prompt before it; returns the exit status, with everything
 * the terminal showed in *shown.
 */
static int
run_on_terminal (const char * const  *argv,
                 const char * const  *prompts,
                 const char * const  *typed,
                 char               **shown)
{
  GString *transcript = g_string_new (NULL);
  int master = -1;
  int status = 0;
  pid_t pid = forkpty (&master, NULL, NULL, NULL);

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      unsetenv ("STARTLINE_PASSPHRASE");
      unsetenv ("STARTLINE_NEW_PASSPHRASE");
      execv (g_getenv ("STARTLINE_CLI"), (char **)argv);
      _exit (127);
    }
  for (guint i = 0; prompts[i] != NULL; i++)
    {
      g_assert_true (read_until (master, transcript, prompts[i]));
      /* Typed only once the echo is off: what is typed before is echoed,
       * and flushed, as a terminal does it.
       */
      for (guint tries = 0; ; tries++)
        {
          struct termios mode;

          g_assert_cmpint (tcgetattr (master, &mode), ==, 0);
          if (!(mode.c_lflag & ECHO))
            break;
          g_assert_cmpuint (tries, <, 60000);
          g_usleep (1000);
        }
      g_assert_cmpint (write (master, typed[i], strlen (typed[i])), ==, strlen (typed[i]));
    }
  read_until (master, transcript, NULL);
  close (master);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  *shown = g_string_free (transcript, FALSE);
  return WEXITSTATUS (status);
}

/* On a terminal: the passphrases are asked for, a new one twice, and
 * never echoed.
 */
static void
test_terminal (Fixture       *f,
               gconstpointer  data)
{
  const char *cli = g_getenv ("STARTLINE_CLI");
  const char *add_argv[] = { cli, "--db", f->path, "staff", "add", "Ada", "--role", "admin",
                             NULL };
  const char *new_prompts[] = { "New passphrase for Ada: ", "Again: ", NULL };
  const char *differ[] = { "correct horse\n", "correct horsE\n", NULL };
  const char *same[] = { "correct horse\n", "correct horse\n", NULL };
  const char *list_argv[] = { cli, "--db", f->path, "--as", "Ada", "staff", "list", NULL };
  const char *as_prompts[] = { "Passphrase for Ada: ", NULL };
  const char *as_typed[] = { "correct horse\n", NULL };
  g_autofree char *shown = NULL;

  g_assert_cmpint (run_on_terminal (add_argv, new_prompts, differ, &shown), ==, 1);
  g_assert_nonnull (strstr (shown, "The two passphrases differ."));
  g_assert_null (strstr (shown, "horse"));
  g_clear_pointer (&shown, g_free);

  g_assert_cmpint (run_on_terminal (add_argv, new_prompts, same, &shown), ==, 0);
  g_assert_nonnull (strstr (shown, "added: Ada"));
  g_assert_null (strstr (shown, "horse"));
  g_clear_pointer (&shown, g_free);

  g_assert_cmpint (run_on_terminal (list_argv, as_prompts, as_typed, &shown), ==, 0);
  g_assert_nonnull (strstr (shown, "Ada\tadmin"));
  g_assert_null (strstr (shown, "horse"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-staff/help", test_help);
  ADD ("/cli-staff/first-account", test_first_account);
  ADD ("/cli-staff/as", test_as);
  ADD ("/cli-staff/undo-other-desk", test_undo_other_desk);
  ADD ("/cli-staff/usage", test_usage);
  ADD ("/cli-staff/login", test_login);
  ADD ("/cli-staff/terminal", test_terminal);
#undef ADD

  return g_test_run ();
}
