/* test-db-locks.c — an event shared by several processes: no check-in lost
 * to another process's checkpoint, none refused as busy, none confirmed
 * that other processes cannot see
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sl-sqlite-private.h"
#include "sl-test-util.h"

/* Runs startline-cli; returns its exit status, its output in *out. */
static int
run_cli (char       **out,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("STARTLINE_CLI");
  const char *arg;
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, &err, &wait_status, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("startline-cli: %s", err);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static void
assert_checked_in_elsewhere (const char *path,
                             const char *bib)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (run_cli (&out, "--db", path, "search", bib, NULL), ==, 0);
  g_assert_nonnull (strstr (out, bib));
  g_assert_nonnull (strstr (out, "checked-in"));
}

static void
write_byte (int  fd,
            char c)
{
  g_assert_cmpint (write (fd, &c, 1), ==, 1);
}

static char
read_byte (int fd)
{
  char c = 0;

  g_assert_cmpint (read (fd, &c, 1), ==, 1);
  return c;
}

/* What a GTK file chooser does to a folder it lists: GIO's worker threads
 * open, read and close each file to sniff its content type.
 */
static void
list_folder_as_a_file_chooser (const char *dir)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;
  guint n = 0;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                        G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      g_assert_nonnull (g_file_info_get_content_type (info));
      g_object_unref (info);
      n++;
    }
  g_assert_no_error (error);
  /* The event, its WAL and its shared-memory file. */
  g_assert_cmpuint (n, >=, 3);
}

/* The event is open in a desk's process; a file chooser lists its folder;
 * startline-cli runs on it; the desk checks someone in; the desk's process
 * is killed. Both check-ins must be in the file as every process sees it.
 */
static void
test_file_chooser_then_cli (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "event.sqlite", NULL);
  g_autofree char *out = NULL;
  int to_desk[2], from_desk[2];
  pid_t desk;
  int wait_status = 0;

  {
    g_autoptr(SlDb) db = sl_test_db_new (dir, "event.sqlite");

    sl_entrant_free (sl_test_add_entrant (db, "101", "R101", "Ann", "Ash", ""));
    sl_entrant_free (sl_test_add_entrant (db, "102", "R102", "Bea", "Birch", ""));
  }

  g_assert_cmpint (pipe (to_desk), ==, 0);
  g_assert_cmpint (pipe (from_desk), ==, 0);
  desk = fork ();
  g_assert_cmpint (desk, >=, 0);
  if (desk == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlDb) db = NULL;
      g_autoptr(SlEntrant) first = NULL;
      g_autoptr(SlEntrant) second = NULL;

      /* Not to outlive a failed test, holding its output open. */
      prctl (PR_SET_PDEATHSIG, SIGKILL);
      db = sl_db_open_full (path, SL_DB_OPEN_DEFER_CHECK, &error);
      if (db == NULL)
        _exit (3);
      first = sl_db_check_in (db, "101", "Desk 1", &error);
      list_folder_as_a_file_chooser (dir);
      write_byte (from_desk[1], first != NULL ? 'k' : 'x');
      read_byte (to_desk[0]);
      /* The desk's next check-in, after the command line has closed. */
      second = sl_db_check_in (db, "102", "Desk 1", &error);
      if (error != NULL)
        g_printerr ("desk: %s\n", error->message);
      write_byte (from_desk[1], second != NULL ? 'k' : 'x');
      /* Until killed, as a desk that crashes. */
      for (;;)
        pause ();
    }

  g_assert_cmpint (read_byte (from_desk[0]), ==, 'k');
  g_assert_cmpint (run_cli (&out, "--db", path, "stats", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "checked_in: 1"));
  write_byte (to_desk[1], 'b');
  g_assert_cmpint (read_byte (from_desk[0]), ==, 'k');

  g_assert_cmpint (kill (desk, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (desk, &wait_status, 0), ==, desk);
  g_assert_true (WIFSIGNALED (wait_status));

  assert_checked_in_elsewhere (path, "101");
  assert_checked_in_elsewhere (path, "102");
  close (to_desk[0]);
  close (to_desk[1]);
  close (from_desk[0]);
  close (from_desk[1]);
}

/* Should anything ever again delete the WAL under a live connection, what
 * is written after that is refused, never confirmed.
 */
static void
test_journal_removed_is_not_confirmed (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "event.sqlite");
  g_autofree char *path = g_build_filename (dir, "event.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(SlEntrant) first = NULL;
  g_autoptr(SlEntrant) second = NULL;
  g_autoptr(SlEntrant) third = NULL;
  g_autoptr(GError) error = NULL;

  sl_entrant_free (sl_test_add_entrant (db, "101", "R101", "Ann", "Ash", ""));
  sl_entrant_free (sl_test_add_entrant (db, "102", "R102", "Bea", "Birch", ""));
  first = sl_db_check_in (db, "101", NULL, &error);
  g_assert_no_error (error);

  /* What a process that believed itself alone did on closing. */
  g_assert_cmpint (g_unlink (wal), ==, 0);
  g_assert_cmpint (g_unlink (shm), ==, 0);

  second = sl_db_check_in (db, "102", NULL, &error);
  g_assert_null (second);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_DETACHED);
  g_assert_nonnull (strstr (error->message, "Not saved"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  /* And it stays so: nothing more is written into the lost journal. */
  third = sl_db_check_in (db, "102", NULL, &error);
  g_assert_null (third);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_DETACHED);
}

/* A command that reads (stats) while a desk has the event open leaves the
 * desk's WAL alone: it neither checkpoints it nor waits for the desk.
 */
static void
test_command_does_not_checkpoint (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "event.sqlite");
  g_autofree char *path = g_build_filename (dir, "event.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *out = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf before, after;

  sl_entrant_free (sl_test_add_entrant (db, "101", "R101", "Ann", "Ash", ""));
  entrant = sl_db_check_in (db, "101", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (wal, &before), ==, 0);
  g_assert_cmpint (before.st_size, >, 0);

  g_assert_cmpint (run_cli (&out, "--db", path, "stats", NULL), ==, 0);

  g_assert_cmpint (g_stat (wal, &after), ==, 0);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_cmpint (after.st_ino, ==, before.st_ino);
}

/* The bibs of the runners not yet checked in, at least min_count. */
static GStrv
registered_bibs (const char *path,
                 guint       min_count)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT bib FROM entrant"
                                       " WHERE status = 'registered' ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));
      n++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  g_assert_cmpuint (n, >=, min_count);
  return g_strv_builder_end (builder);
}

#define N_DESKS 8
#define PER_DESK 60

/* Eight desk processes check in at once, each its own runners: every
 * check-in lands, none is refused as busy.
 */
static void
test_eight_desks_at_once (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "event.sqlite", NULL);
  pid_t desks[N_DESKS];
  int go[2];

  g_autofree char *out = NULL;
  g_auto(GStrv) bibs = NULL;

  g_assert_cmpint (run_cli (&out, "--db", path, "init", "--event", "Desks", "--date",
                            "2026-04-26", NULL), ==, 0);
  g_assert_cmpint (run_cli (&out, "--db", path, "demo", "--entrants", "600", NULL), ==, 0);
  bibs = registered_bibs (path, N_DESKS * PER_DESK);

  g_assert_cmpint (pipe (go), ==, 0);
  for (guint d = 0; d < N_DESKS; d++)
    {
      desks[d] = fork ();
      g_assert_cmpint (desks[d], >=, 0);
      if (desks[d] == 0)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(SlDb) db = NULL;
          g_autofree char *desk = g_strdup_printf ("Desk %u", d + 1);
          char c;

          close (go[1]);
          db = sl_db_open_full (path, SL_DB_OPEN_DEFER_CHECK, &error);
          if (db == NULL)
            {
              g_printerr ("desk %u: %s\n", d + 1, error->message);
              _exit (3);
            }
          /* All start together, when the pipe closes. */
          if (read (go[0], &c, 1) != 0)
            _exit (4);
          for (guint i = 0; i < PER_DESK; i++)
            {
              const char *bib = bibs[d * PER_DESK + i];
              g_autoptr(SlEntrant) entrant = sl_db_check_in (db, bib, desk, &error);


              if (entrant == NULL)
                {
                  g_printerr ("desk %u, bib %s: %s\n", d + 1, bib, error->message);
                  _exit (g_error_matches (error, SL_DB_ERROR, SL_DB_ERROR_BUSY) ? 5 : 6);
                }
            }
          _exit (0);
        }
    }
  close (go[0]);
  close (go[1]);

  for (guint d = 0; d < N_DESKS; d++)
    {
      int wait_status = 0;

      g_assert_cmpint (waitpid (desks[d], &wait_status, 0), ==, desks[d]);
      g_assert_true (WIFEXITED (wait_status));
      g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);
    }

  {
    g_auto(GStrv) left = registered_bibs (path, 0);

    /* The demo's own check-ins are not in the audit log as check-ins. */
    g_assert_cmpuint (g_strv_length (left), ==, g_strv_length (bibs) - N_DESKS * PER_DESK);
    g_assert_cmpint (sl_test_query_int (NULL, path, "SELECT count(*) FROM audit_log"
                                                    " WHERE action = 'check-in'"),
                     ==, N_DESKS * PER_DESK);
  }
}

/* Nobody else can even read (a checkpoint rebuilding the index). */
#define HOLD_ALL "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE event SET name = name;"
/* Nobody else can write (another desk's import). */
#define HOLD_WRITES "BEGIN IMMEDIATE; UPDATE event SET name = name;"

/* Another process holds the event (a long write, a checkpoint
 * rebuilding the index) for hold_ms; it says so once it does.
 */
static pid_t
hold_event (const char *path,
            const char *how,
            guint       hold_ms,
            int         ready_fd)
{
  pid_t holder = fork ();

  g_assert_cmpint (holder, >=, 0);
  if (holder == 0)
    {
      sqlite3 *handle = NULL;

      prctl (PR_SET_PDEATHSIG, SIGKILL);
      if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
          || sqlite3_exec (handle, how, NULL, NULL, NULL) != SQLITE_OK)
        _exit (3);
      write_byte (ready_fd, 'k');
      g_usleep (hold_ms * 1000);
      sqlite3_exec (handle, "COMMIT", NULL, NULL, NULL);
      sqlite3_close (handle);
      _exit (0);
    }
  return holder;
}

/* Opening while another process holds the event waits for it, and if it
 * holds on too long says the event is busy: never that it is damaged.
 */
static void
test_busy_is_not_damage (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "event.sqlite", NULL);
  int ready[2];
  pid_t holder;
  int wait_status = 0;

  g_clear_object (&(SlDb *){ sl_test_db_new (dir, "event.sqlite") });
  g_assert_cmpint (pipe (ready), ==, 0);

  /* A short hold: the open waits, then succeeds. */
  holder = hold_event (path, HOLD_ALL, 500, ready[1]);
  g_assert_cmpint (read_byte (ready[0]), ==, 'k');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SlDb) db = sl_db_open (path, &error);

    g_assert_no_error (error);
    g_assert_nonnull (db);
  }
  g_assert_cmpint (waitpid (holder, &wait_status, 0), ==, holder);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);

  /* A hold past the busy timeout: busy, said as busy. */
  holder = hold_event (path, HOLD_ALL, 8000, ready[1]);
  g_assert_cmpint (read_byte (ready[0]), ==, 'k');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SlDb) db = sl_db_open (path, &error);

    g_assert_null (db);
    g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_BUSY);
    g_assert_null (strstr (error->message, "damaged"));
    g_assert_nonnull (strstr (error->message, "event.sqlite"));
  }
  kill (holder, SIGKILL);
  waitpid (holder, &wait_status, 0);
  close (ready[0]);
  close (ready[1]);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
count_tick_cb (gpointer data)
{
  (*(guint *)data)++;
  return G_SOURCE_CONTINUE;
}

/* While another process holds the write lock, a check-in from the GUI
 * waits in a worker thread: the caller's main loop keeps running, reads on
 * the event still answer, and the check-in lands once, after the lock is
 * released.
 */
static void
test_async_check_in_waits_off_thread (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "event.sqlite");
  g_autofree char *path = g_build_filename (dir, "event.sqlite", NULL);
  g_autoptr(SlEntrant) ann = sl_test_add_entrant (db, "101", "R101", "Ann", "Ash", "");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  guint ticks = 0;
  guint tick_source;
  int ready[2];
  pid_t holder;
  int wait_status = 0;

  sl_db_set_actor (db, "Priya", "Desk 4");
  g_assert_cmpint (pipe (ready), ==, 0);
  holder = hold_event (path, HOLD_WRITES, 1500, ready[1]);
  g_assert_cmpint (read_byte (ready[0]), ==, 'k');

  tick_source = g_timeout_add (10, count_tick_cb, &ticks);
  sl_db_check_in_id_async (db, ann->id, "Desk 4", NULL, NULL, store_result_cb, &result);
  /* A search while the check-in waits: answered at once, from db. */
  found = sl_db_search (db, "Ash", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_null (result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick_source);

  entrant = sl_db_check_in_id_finish (db, result, &error);
  g_assert_no_error (error);
  /* The loop ran all along: about 150 ticks in 1.5 s; a blocked one, 0. */
  g_test_message ("main loop ticks while waiting: %u", ticks);
  g_assert_cmpuint (ticks, >=, 20);
  g_assert_cmpint (waitpid (holder, &wait_status, 0), ==, holder);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);

  g_assert_cmpint (entrant->status, ==, SL_STATUS_CHECKED_IN);
  g_assert_cmpstr (entrant->checked_in_desk, ==, "Desk 4");
  g_assert_cmpint (sl_test_query_int (NULL, path, "SELECT count(*) FROM audit_log"
                                                  " WHERE action = 'check-in'"
                                                  " AND operator = 'Priya'"), ==, 1);
  g_assert_cmpint (sl_test_query_int (NULL, path, "SELECT count(*) FROM checkin_event"), ==, 1);
  close (ready[0]);
  close (ready[1]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/db-locks/file-chooser-then-cli", test_file_chooser_then_cli);
  g_test_add_func ("/db-locks/journal-removed-is-not-confirmed",
                   test_journal_removed_is_not_confirmed);
  g_test_add_func ("/db-locks/command-does-not-checkpoint", test_command_does_not_checkpoint);
  g_test_add_func ("/db-locks/eight-desks-at-once", test_eight_desks_at_once);
  g_test_add_func ("/db-locks/busy-is-not-damage", test_busy_is_not_damage);
  g_test_add_func ("/db-locks/async-check-in-waits-off-thread",
                   test_async_check_in_waits_off_thread);

  return g_test_run ();
}
