/* sl-test-util.h — small fixtures shared by the core's unit tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sl-core.h"
#include "sl-pg-db.h"

G_BEGIN_DECLS

/* Removes an event file with its write-ahead log and shared-memory file. */
static inline void
sl_test_remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* How many of the audit entries about one row have this action: a write
 * that must happen once is in the log once.
 */
static inline guint
sl_test_count_audit (SlDb       *db,
                     const char *entity,
                     gint64      id,
                     const char *action)
{
  g_autoptr(GPtrArray) entries = sl_db_list_audit (db, entity, id, 0, NULL);
  guint n = 0;

  g_assert_nonnull (entries);
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (((SlAuditEntry *)g_ptr_array_index (entries, i))->action, action) == 0)
      n++;
  return n;
}

/* Makes dir a full disk for this process and the ones it starts: a tiny
 * file system of its own (in a mount namespace of its own, so nothing
 * outside sees it), filled up. As root, as the tests run in CI; other users
 * need user namespaces. Only system calls, so that it can run between fork
 * and exec (a GSpawnChildSetupFunc). FALSE with errno when it cannot.
 */
static inline gboolean
sl_test_make_disk_full (const char *dir)
{
  static const char zeros[4096];
  char filler[4096];
  int fd;

  if (geteuid () != 0)
    {
      char map[64];
      int len;
      uid_t uid = geteuid ();
      gid_t gid = getegid ();

      if (syscall (SYS_unshare, CLONE_NEWUSER | CLONE_NEWNS) != 0)
        return FALSE;
      fd = open ("/proc/self/setgroups", O_WRONLY);
      if (fd >= 0)
        {
          (void)!write (fd, "deny", 4);
          close (fd);
        }
      len = g_snprintf (map, sizeof map, "0 %u 1", (guint)uid);
      fd = open ("/proc/self/uid_map", O_WRONLY);
      if (fd < 0 || write (fd, map, (size_t)len) != len)
        return FALSE;
      close (fd);
      len = g_snprintf (map, sizeof map, "0 %u 1", (guint)gid);
      fd = open ("/proc/self/gid_map", O_WRONLY);
      if (fd < 0 || write (fd, map, (size_t)len) != len)
        return FALSE;
      close (fd);
    }
  else if (syscall (SYS_unshare, CLONE_NEWNS) != 0)
    return FALSE;
  if (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0
      || mount ("startline-full", dir, "tmpfs", 0, "size=64k,mode=0777") != 0)
    return FALSE;
  snprintf (filler, sizeof filler, "%s/filler", dir);
  fd = open (filler, O_CREAT | O_WRONLY, 0600);
  if (fd < 0 || unlink (filler) != 0)
    return FALSE;
  while (write (fd, zeros, sizeof zeros) > 0)
    ;
  /* Open, though unnamed, it keeps the disk full. */
  return errno == ENOSPC;
}

/* A fresh temporary folder, removed (with its files) by sl_test_tmpdir_free. */
static inline char *
sl_test_tmpdir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("startline-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
sl_test_tmpdir_free (char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (dir == NULL)
    return;
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_chmod (path, 0600);
      g_unlink (path);
    }
  g_chmod (dir, 0700);
  g_rmdir (dir);
  g_free (dir);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (char, sl_test_tmpdir_free)

/* A mass race, one wave and one charity. */
static inline void
sl_test_db_populate (SlDb *db)
{
  g_autoptr(GError) error = NULL;
  SlRace race = { 0, (char *)"MASS", (char *)"Mass", (char *)"mass" };
  SlWave wave = { 0, 0, (char *)"Blue 1", (char *)"Blue", (char *)"2026-04-26T09:10:00Z" };
  SlCharity charity = { 0, (char *)"Riverside Hospice", (char *)"1012345", NULL, NULL, 100,
                        200000 };

  sl_db_add_race (db, &race, &error);
  g_assert_no_error (error);
  wave.race_id = race.id;
  sl_db_add_wave (db, &wave, &error);
  g_assert_no_error (error);
  sl_db_add_charity (db, &charity, &error);
  g_assert_no_error (error);
}

/* With STARTLINE_TEST_STORE=postgres (and STARTLINE_TEST_PG, under
 * tests/with-pg-cluster.sh): a new database on the test server, its
 * location, for sl_test_db_new to make the event there instead of in a
 * file (how much of a suite runs on the PostgreSQL store). NULL otherwise.
 */
static inline char *
sl_test_pg_location_new (void)
{
  static int counter;
  const char *server = g_getenv ("STARTLINE_TEST_PG");
  g_autofree char *db_name = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (g_strcmp0 (g_getenv ("STARTLINE_TEST_STORE"), "postgres") != 0)
    return NULL;
  if (server == NULL)
    g_error ("STARTLINE_TEST_STORE=postgres needs a test server: run under "
             "tests/with-pg-cluster.sh");
  db_name = g_strdup_printf ("sl_suite_%d_%d_%u", (int)getpid (), ++counter, g_random_int ());
  sql = g_strdup_printf ("CREATE DATABASE %s", db_name);
  {
    const char *argv[] = { "psql", "-qAtX", "-d", server, "-c", sql, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strdup_printf ("%s dbname=%s", server, db_name);
}

/* Where a test makes a bare event of its own: a new database on the test
 * server under STARTLINE_TEST_STORE=postgres, else the file name in dir.
 */
static inline char *
sl_test_event_location_new (const char *dir,
                            const char *name)
{
  char *pg = sl_test_pg_location_new ();

  return pg != NULL ? pg : g_build_filename (dir, name, NULL);
}

/* Whether this run makes its events on the test server: what a suite
 * asks before registering a test that is about event files themselves
 * (their bytes, header, locks, or older files' schemas), which a server
 * event has none of.
 */
static inline gboolean
sl_test_store_is_server (void)
{
  return g_strcmp0 (g_getenv ("STARTLINE_TEST_STORE"), "postgres") == 0
         && g_getenv ("STARTLINE_TEST_PG") != NULL;
}

/* An event with a mass race, one wave and one charity. */
static inline SlDb *
sl_test_db_new (const char *dir,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sl_test_event_location_new (dir, name);
  SlDb *db;

  db = sl_db_create (path, "Test Marathon", "2026-04-26", &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  sl_test_db_populate (db);
  return db;
}

static inline SlEntrant *
sl_test_add_entrant (SlDb       *db,
                     const char *bib,
                     const char *ref,
                     const char *first,
                     const char *last,
                     const char *club)
{
  g_autoptr(GError) error = NULL;
  SlEntrant *e = sl_entrant_new ();

  e->bib = g_strdup (bib);
  e->booking_ref = g_strdup (ref);
  e->first_name = g_strdup (first);
  e->last_name = g_strdup (last);
  e->club = g_strdup (club);
  e->race_id = 1;
  e->wave_id = 1;
  sl_db_insert_entrant (db, e, &error);
  g_assert_no_error (error);
  g_assert_cmpint (e->id, >, 0);
  return e;
}

/* The admin account the tests sign in as, for what needs an admin (an
 * export without a profile). CLI tests: STARTLINE_PASSPHRASE=
 * SL_TEST_ADMIN_PASSPHRASE and --as SL_TEST_ADMIN.
 */
#define SL_TEST_ADMIN "Test Admin"
#define SL_TEST_ADMIN_PASSPHRASE "test admin passphrase"

/* Adds the admin account if the event has none yet, and signs in as it. */
static inline void
sl_test_sign_in_admin (SlDb *db)
{
  g_autoptr(GError) error = NULL;

  if (sl_db_count_staff (db, &error) == 0)
    {
      g_assert_no_error (error);
      g_assert_true (sl_db_add_staff (db, SL_TEST_ADMIN, SL_ROLE_ADMIN, SL_TEST_ADMIN_PASSPHRASE,
                                      &error));
    }
  g_assert_no_error (error);
  g_assert_true (sl_db_sign_in (db, SL_TEST_ADMIN, SL_TEST_ADMIN_PASSPHRASE, &error));
  g_assert_no_error (error);
}

/* Whether the event is on the test server (sl_test_pg_location_new)
 * rather than in a file.
 */
static inline gboolean
sl_test_db_is_server (SlDb *db)
{
  return db != NULL && sl_pg_db_is_location (sl_db_get_path (db));
}

/* Where a helper reading "the event" beside the store goes: the server
 * event's location when db is one, else path (the event file).
 */
static inline const char *
sl_test_location (SlDb       *db,
                  const char *path)
{
  if (sl_test_db_is_server (db) || (path == NULL && db != NULL))
    return sl_db_get_path (db);
  return path;
}

/* Runs one statement on a server event with psql, a connection of the
 * test's own: TRUE when it succeeded, its output in out (first column of
 * the first row, "<NULL>" for SQL NULL) and what psql said in err.
 */
static inline gboolean
sl_test_psql (const char  *location,
              const char  *sql,
              char       **out,
              char       **err)
{
  const char *argv[] = { "psql", "-qAtX", "-P", "null=<NULL>", "-d", location,
                         "-c", sql, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL);
}

/* One column of the first row of sql (NULL when there is no row or it is
 * SQL NULL), read on a connection of the test's own: the sqlite3 API on a
 * file, psql on a server event, so that a test reads what was stored, not
 * what the store says, on either.
 */
static inline char *
sl_test_query_text (SlDb       *db,
                    const char *path,
                    const char *sql)
{
  const char *location = sl_test_location (db, path);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sl_pg_db_is_location (location))
    {
      g_autofree char *out = NULL;
      char *nl;

      g_assert_true (sl_test_psql (location, sql, &out, NULL));
      if ((nl = strchr (out, '\n')) != NULL)
        *nl = '\0';
      if (*out == '\0' && nl == NULL)
        return NULL;
      return g_strcmp0 (out, "<NULL>") == 0 ? NULL : g_steal_pointer (&out);
    }
  g_assert_cmpint (sqlite3_open_v2 (location, &handle, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return value;
}

/* The same as a number (-1 when there is no row or it is NULL). */
static inline gint64
sl_test_query_int (SlDb       *db,
                   const char *path,
                   const char *sql)
{
  g_autofree char *text = sl_test_query_text (db, path, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

static int
sl_test_dump_row_cb (void  *data,
                     int    n_columns,
                     char **values,
                     char **names)
{
  GString *out = data;

  for (int i = 0; i < n_columns; i++)
    g_string_append_printf (out, "%s|", values[i] != NULL ? values[i] : "NULL");
  g_string_append_c (out, '\n');
  return 0;
}

/* Every row of the queries in sql, one line each, read on a connection of
 * the test's own (what a refusal must leave equal before and after).
 * Compared within one engine only: each prints its values its own way.
 */
static inline char *
sl_test_dump (SlDb       *db,
              const char *path,
              const char *sql)
{
  const char *location = sl_test_location (db, path);
  sqlite3 *handle = NULL;
  GString *out;

  if (sl_pg_db_is_location (location))
    {
      char *text = NULL;

      /* psql 15 prints the rows of every statement in one -c. */
      g_assert_true (sl_test_psql (location, sql, &text, NULL));
      return text;
    }
  out = g_string_new (NULL);
  g_assert_cmpint (sqlite3_open_v2 (location, &handle, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, sql, sl_test_dump_row_cb, out, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  return g_string_free (out, FALSE);
}

/* Whether an event was made at location: the file exists, or the server
 * database holds any table (sl_test_event_location_new makes it empty).
 */
static inline gboolean
sl_test_event_exists (const char *location)
{
  g_autofree char *out = NULL;

  if (!sl_pg_db_is_location (location))
    return g_file_test (location, G_FILE_TEST_EXISTS);
  g_assert_true (sl_test_psql (location, "SELECT count(*) FROM pg_tables"
                                         " WHERE schemaname = 'public'", &out, NULL));
  return g_ascii_strtoll (out, NULL, 10) > 0;
}

/* Runs statements that change the event on a connection of the test's
 * own, as another program would (the sqlite3 API on a file, psql on a
 * server event): TRUE when they succeeded, else FALSE with the engine's
 * message in message (when not NULL).
 */
static inline gboolean
sl_test_exec (SlDb        *db,
              const char  *path,
              const char  *sql,
              char       **message)
{
  const char *location = sl_test_location (db, path);
  sqlite3 *handle = NULL;
  char *sqlite_message = NULL;
  gboolean ok;

  if (sl_pg_db_is_location (location))
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      ok = sl_test_psql (location, sql, &out, &err);
      if (!ok && message != NULL)
        *message = g_steal_pointer (&err);
      return ok;
    }
  g_assert_cmpint (sqlite3_open_v2 (location, &handle, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (handle, 5000);
  ok = sqlite3_exec (handle, sql, NULL, NULL, &sqlite_message) == SQLITE_OK;
  if (!ok && message != NULL)
    *message = g_strdup (sqlite_message);
  sqlite3_free (sqlite_message);
  sqlite3_close (handle);
  return ok;
}

/* SQL that is true when column holds binary (a BLOB on a file, bytea on
 * the server), never text.
 */
static inline const char *
sl_test_sql_is_binary (const char *column)
{
  static char sql[128];

  g_snprintf (sql, sizeof sql, sl_test_store_is_server () ? "pg_typeof(%s) = 'bytea'::regtype"
                                                          : "typeof(%s) = 'blob'", column);
  return sql;
}

/* Whether needle is in the len bytes at data (which may hold NULs). */
static inline gboolean
sl_test_bytes_contain (const char *data,
                       gsize       len,
                       const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n > 0 && i + n <= len; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Appends the bytes of every file under dir (recursively) to all. */
static inline void
sl_test_dir_append (const char *dir,
                    GByteArray *all)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        sl_test_dir_append (path, all);
      else if (g_file_get_contents (path, &contents, &len, NULL))
        g_byte_array_append (all, (const guint8 *)contents, (guint)len);
    }
}

/* The bytes of the server event's table files (its database's folder
 * under the cluster's base/, STARTLINE_TEST_PG_DATA from
 * tests/with-pg-cluster.sh) after a CHECKPOINT has written every changed
 * page out; with_wal: and of the cluster's write-ahead log (pg_wal/).
 */
static inline GBytes *
sl_test_pg_read_files (const char *location,
                       gboolean    with_wal)
{
  const char *data = g_getenv ("STARTLINE_TEST_PG_DATA");
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autofree char *oid = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;

  g_assert_nonnull (data);
  g_assert_true (sl_test_psql (location, "CHECKPOINT", &out, NULL));
  oid = sl_test_query_text (NULL, location, "SELECT oid FROM pg_database"
                                            " WHERE datname = current_database()");
  g_assert_nonnull (oid);
  dir = g_build_filename (data, "base", oid, NULL);
  sl_test_dir_append (dir, all);
  if (with_wal)
    {
      g_autofree char *wal = g_build_filename (data, "pg_wal", NULL);

      sl_test_dir_append (wal, all);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

/* Whether needle is in those files (sl_test_pg_read_files). */
static inline gboolean
sl_test_pg_files_contain (const char *location,
                          const char *needle,
                          gboolean    with_wal)
{
  g_autoptr(GBytes) raw = sl_test_pg_read_files (location, with_wal);
  gsize size = 0;
  const char *bytes = g_bytes_get_data (raw, &size);

  return sl_test_bytes_contain (bytes, size, needle);
}

/* The one-row path's audit image of a sign-up: the sign-up is changed
 * and changed back by sl_db_set_charity_signup (that entry holds only
 * the amount changed), and the domain's image of it asserted to be
 * bulk_after (the bulk paths' entry of the same sign-up), byte for byte.
 */
static inline void
sl_test_assert_one_row_signup_image (SlDb       *db,
                                     gint64      entrant_id,
                                     gint64      charity_id,
                                     gint64      target_pence,
                                     gint64      raised_pence,
                                     const char *bulk_after)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) latest = NULL;
  g_autofree char *image = NULL;
  g_autofree char *changed = NULL;
  SlCharitySignup signup = { entrant_id, charity_id, target_pence, raised_pence };
  SlAuditEntry *entry;

  /* A change's entry holds only what changed (sl_db_audit). */
  g_assert_true (sl_db_set_charity_signup (db, entrant_id, charity_id, target_pence,
                                           raised_pence + 1, &error));
  g_assert_true (sl_db_set_charity_signup (db, entrant_id, charity_id, target_pence,
                                           raised_pence, &error));
  g_assert_no_error (error);
  latest = sl_db_list_audit (db, "entrant", entrant_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (latest->len, ==, 1);
  entry = g_ptr_array_index (latest, 0);
  g_assert_cmpstr (entry->action, ==, "charity-signup");
  changed = g_strdup_printf ("{\"raised_pence\":%" G_GINT64_FORMAT "}", raised_pence);
  g_assert_cmpstr (entry->after, ==, changed);
  image = sl_charity_signup_dup_image (&signup);
  g_assert_cmpstr (image, ==, bulk_after);
}

/* Writes a file of size bytes: head once, then fill over and over (cut
 * at size), a megabyte at a time, so that a large file is never held in
 * memory.
 */
static inline void
sl_test_write_filled_file (const char *path,
                           const char *head,
                           const char *fill,
                           gsize       size)
{
  g_autoptr(GString) chunk = g_string_new (NULL);
  FILE *file = g_fopen (path, "w");
  gsize written = strlen (head);

  g_assert_nonnull (file);
  while (chunk->len < 1024 * 1024)
    g_string_append (chunk, fill);
  g_assert_cmpuint (fwrite (head, 1, written, file), ==, written);
  while (written < size)
    {
      gsize n = MIN (chunk->len, size - written);

      g_assert_cmpuint (fwrite (chunk->str, 1, n, file), ==, n);
      written += n;
    }
  g_assert_cmpint (fclose (file), ==, 0);
}

/* What a run of startline-cli left: its exit status and what it wrote. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} SlTestRun;

static inline void
sl_test_run_clear (SlTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlTestRun, sl_test_run_clear)

/* Starts startline-cli --db path [--as who] with the arguments (who NULL:
 * the desk, no account), STARTLINE_PASSPHRASE and STARTLINE_NEW_PASSPHRASE
 * set to passphrase, its standard input, output and error piped.
 */
static inline GSubprocess *
sl_test_cli_spawn (const char *path,
                   const char *who,
                   const char *passphrase,
                   GPtrArray  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *process;

  envp = g_environ_setenv (envp, "STARTLINE_PASSPHRASE", passphrase, TRUE);
  envp = g_environ_setenv (envp, "STARTLINE_NEW_PASSPHRASE", passphrase, TRUE);
  g_assert_nonnull (g_getenv ("STARTLINE_CLI"));
  g_ptr_array_add (argv, (char *)g_getenv ("STARTLINE_CLI"));
  g_ptr_array_add (argv, (char *)"--db");
  g_ptr_array_add (argv, (char *)path);
  if (who != NULL)
    {
      g_ptr_array_add (argv, (char *)"--as");
      g_ptr_array_add (argv, (char *)who);
    }
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, args->pdata[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, envp);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* Gives a process from sl_test_cli_spawn stdin_text (NULL: nothing) and
 * waits for it: run holds what it wrote and its exit status.
 */
static inline void
sl_test_cli_finish (GSubprocess *process,
                    const char  *stdin_text,
                    SlTestRun   *run)
{
  g_autoptr(GError) error = NULL;

  sl_test_run_clear (run);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

/* sl_test_cli_spawn and sl_test_cli_finish with the arguments of a
 * NULL-terminated list: what the CLI tests' run_as wrap.
 */
static inline void
sl_test_cli_run_va (SlTestRun  *run,
                    const char *path,
                    const char *who,
                    const char *passphrase,
                    const char *stdin_text,
                    va_list     ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  const char *arg;

  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *)arg);
  process = sl_test_cli_spawn (path, who, passphrase, args);
  sl_test_cli_finish (process, stdin_text, run);
}

/* The same with the NULL-terminated arguments after stdin_text. */
static inline void
sl_test_cli_run (SlTestRun  *run,
                 const char *path,
                 const char *who,
                 const char *passphrase,
                 const char *stdin_text,
                 ...)
{
  va_list ap;

  va_start (ap, stdin_text);
  sl_test_cli_run_va (run, path, who, passphrase, stdin_text, ap);
  va_end (ap);
}

/* How many lines text has (NULL: none). */
static inline guint
sl_test_count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; p != NULL && *p; p++)
    n += *p == '\n';
  return n;
}

G_END_DECLS
