/* sl-sqlite-open.c — opening and creating an event file, and the second
 * connections (a reader for snapshots, a writer for work off the main
 * thread)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sl-db-locks.h"
#include "sl-sqlite-private.h"

/* SQLite's own busy handler sleeps longer the longer it waits, up to
 * 100 ms a try: with eight desks writing, the one that has waited longest
 * polls least often and the others keep taking the lock from it (one
 * check-in in 4,000 waited 4.6 s). Polling every millisecond or so, with a
 * little jitter so that waiting desks do not wake in step, keeps the wait
 * close to the queue's length.
 */
int
sl_sqlite_busy_handler (void *data,
                        int   n_tries)
{
  gint64 *started = data;
  gint64 now = g_get_monotonic_time ();

  if (n_tries == 0)
    *started = now;
  if (now - *started >= (gint64)SL_SQLITE_BUSY_TIMEOUT_MS * 1000)
    return 0;
  g_usleep (500 + g_random_int_range (0, 1000));
  return 1;
}

gboolean
sl_sqlite_apply_pragmas (SlDb    *db,
                         GError **error)
{
  g_autofree char *journal = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean read_only = sl_db_is_read_only (db);

  /* secure_delete: what a write removes or replaces is overwritten with
   * zeros in the file, not left in free space, so that an erasure
   * (sl-erasure.c) leaves no byte of what it erased.
   */
  if (!sl_sqlite_exec (db, "PRAGMA foreign_keys = ON", error)
      || !sl_sqlite_exec (db, "PRAGMA cache_size = " SL_SQLITE_CACHE_SIZE, error)
      || !sl_sqlite_exec (db, "PRAGMA secure_delete = ON", error))
    return FALSE;

  /* A connection that only reads cannot change the journal mode, and
   * needs none: an event is in WAL mode from its creation.
   */
  if (sqlite3_prepare_v2 (sl_sqlite_get_handle (db),
                          read_only ? "PRAGMA journal_mode" : "PRAGMA journal_mode = WAL",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    journal = sl_sqlite_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  /* Read as it stands (immutable), a file reports no WAL; it needs none. */
  if (g_strcmp0 (journal, "wal") != 0 && !read_only)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }

  /* A lost check-in is worse than an fsync. */
  return sl_sqlite_exec (db, "PRAGMA synchronous = FULL", error);
}

gboolean
sl_sqlite_load_event_timezone (SlDb    *db,
                               GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *tz = NULL;

  stmt = sl_sqlite_prepare (db, "SELECT timezone FROM event WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    tz = sl_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  sl_db_set_event_timezone (db, tz);
  return TRUE;
}

/* Whether the event can be written: the file, and its folder, where
 * SQLite keeps the WAL and the shared-memory file beside it.
 */
static gboolean
is_writable (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  return g_access (path, W_OK) == 0 && g_access (dir, W_OK) == 0;
}

/* A busy timeout before anything else: the first statement already waits
 * for the shared-memory index another desk may be rebuilding, and
 * SQLITE_BUSY there is not damage.
 */
SlSqliteDb *
sl_sqlite_open_handle (const char  *path,
                       gboolean     read_only,
                       GError     **error)
{
  g_autoptr(SlSqliteDb) self = g_object_new (SL_TYPE_SQLITE_DB, NULL);
  int rc;

  sl_db_locks_install ();
  sl_db_set_location (SL_DB (self), path);
  sl_db_set_read_only (SL_DB (self), read_only);
  rc = sqlite3_open_v2 (path, &self->handle,
                        (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE)
                        | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (path);
      sl_sqlite_set_error_code (error, rc, sqlite3_errstr (rc), display);
      return NULL;
    }
  sqlite3_busy_handler (self->handle, sl_sqlite_busy_handler, &self->busy_started);
  rc = sl_sqlite_add_functions (self->handle);
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (path);
      sl_sqlite_set_error_code (error, rc, sqlite3_errmsg (self->handle), display);
      return NULL;
    }
  if (!read_only && sqlite3_db_readonly (self->handle, "main") == 1)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_READ_ONLY,
                   _("“%s” cannot be written (the file or its folder is read-only)"), display);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* SQLITE_READONLY_CANTINIT and its kin: a read-only connection could not
 * make or open the shared-memory file.
 */
static gboolean
needs_immutable (int rc)
{
  return (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN;
}

/* A connection that only reads; immutable: read the file as it stands,
 * without the shared-memory file (SQLite then takes no locks at all).
 */
int
sl_sqlite_open_read_only (const char  *path,
                          gboolean     immutable,
                          sqlite3    **handle)
{
  g_autofree char *uri = NULL;
  g_autofree char *name = NULL;

  if (!immutable)
    return sqlite3_open_v2 (path, handle,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE,
                            NULL);
  uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL)
    return SQLITE_CANTOPEN;
  name = g_strconcat (uri, "?immutable=1", NULL);
  return sqlite3_open_v2 (name, handle,
                          SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW
                          | SQLITE_OPEN_EXRESCODE,
                          NULL);
}

SlSqliteDb *
sl_sqlite_open_immutable (const char  *path,
                          GError     **error)
{
  g_autoptr(SlSqliteDb) self = g_object_new (SL_TYPE_SQLITE_DB, NULL);
  int rc;

  sl_db_set_location (SL_DB (self), path);
  sl_db_set_read_only (SL_DB (self), TRUE);
  self->immutable = TRUE;
  rc = sl_sqlite_open_read_only (path, TRUE, &self->handle);
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (path);
      sl_sqlite_set_error_code (error, rc, sqlite3_errstr (rc), display);
      return NULL;
    }
  return g_steal_pointer (&self);
}

SlDb *
sl_sqlite_open_reader (SlDb    *db,
                       GError **error)
{
  SlSqliteDb *self = SL_SQLITE_DB (db);
  const char *path = sl_db_get_path (db);
  g_autoptr(SlSqliteDb) reader = NULL;
  int rc;

  sl_db_locks_install ();
  reader = g_object_new (SL_TYPE_SQLITE_DB, NULL);
  reader->reader = TRUE;
  reader->immutable = self->immutable;
  sl_db_set_location (SL_DB (reader), path);
  sl_db_set_read_only (SL_DB (reader), TRUE);
  rc = sl_sqlite_open_read_only (path, self->immutable, &reader->handle);
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (path);
      sl_sqlite_set_error_code (error, rc, sqlite3_errstr (rc), display);
      return NULL;
    }
  sqlite3_busy_handler (reader->handle, sl_sqlite_busy_handler, &reader->busy_started);
  if (!sl_sqlite_load_event_timezone (SL_DB (reader), error))
    return NULL;
  return SL_DB (g_steal_pointer (&reader));
}

SlDb *
sl_sqlite_dup_writer (SlDb    *db,
                      GError **error)
{
  SlSqliteDb *self = SL_SQLITE_DB (db);
  const char *path = sl_db_get_path (db);
  SlDb *writer = NULL;

  g_mutex_lock (&self->writer_mutex);
  /* The file is known to be ours and current: opened by SQLite alone, with
   * none of sl_sqlite_db_open's own reads of it.
   */
  if (self->writer == NULL)
    {
      /* Set up once, before any other thread can have it. */
      if (self->immutable)
        self->writer = SL_DB (sl_sqlite_open_immutable (path, error));
      else
        self->writer = SL_DB (sl_sqlite_open_handle (path, sl_db_is_read_only (db), error));
      if (self->writer != NULL
          && (!sl_sqlite_apply_pragmas (self->writer, error)
              || !sl_sqlite_load_event_timezone (self->writer, error)))
        g_clear_object (&self->writer);
    }
  if (self->writer != NULL)
    writer = g_object_ref (self->writer);
  g_mutex_unlock (&self->writer_mutex);
  return writer;
}

SlDb *
sl_sqlite_db_open (const char     *path,
                   SlDbOpenFlags   flags,
                   GError        **error)
{
  g_autoptr(SlSqliteDb) self = NULL;
  SlDb *db;
  g_autofree char *display = NULL;
  g_autoptr(GError) local_error = NULL;
  int app_id = 0;
  int version = 0;
  gboolean read_only;

  display = g_filename_display_name (path);

  if (!sl_sqlite_check_header (path, error))
    return NULL;
  /* An event on read-only media, in a read-only folder or of another
   * user's can still be read; writing it fails, saying why.
   */
  read_only = (flags & SL_DB_OPEN_READ_ONLY) != 0 || !is_writable (path);
  if (!(self = sl_sqlite_open_handle (path, read_only, error)))
    return NULL;
  db = SL_DB (self);

  /* The header may lag behind a WAL that was never checkpointed: ask
   * SQLite too, still without writing anything. Only SQLite's word that
   * the file is damaged is told as damage; busy, full or unreadable are
   * told as what they are.
   */
  if (read_only && !sl_sqlite_query_int (db, "PRAGMA application_id", &app_id, NULL)
      && needs_immutable (sqlite3_extended_errcode (self->handle)))
    {
      /* In a folder no one can write, SQLite cannot make the WAL's
       * shared-memory file it reads through; nothing can change the file
       * there either, so it is read as it stands.
       */
      g_clear_object (&self);
      if (!(self = sl_sqlite_open_immutable (path, error)))
        return NULL;
      db = SL_DB (self);
    }
  if (!sl_sqlite_query_int (db, "PRAGMA application_id", &app_id, &local_error)
      || !sl_sqlite_query_int (db, "PRAGMA user_version", &version, &local_error))
    {
      if (g_error_matches (local_error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT))
        g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                     _("“%s” is damaged and cannot be read"), display);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if ((guint32)app_id != SL_DB_APPLICATION_ID)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS,
                   _("“%s” is an SQLite database but not a Startline event file"), display);
      return NULL;
    }
  if (version > SL_DB_SCHEMA_VERSION)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Startline (format %d; this "
                     "version reads up to %d). Update Startline to open it."),
                   display, version, SL_DB_SCHEMA_VERSION);
      return NULL;
    }

  /* Never upgrade a file without knowing it is sound. */
  if (((flags & SL_DB_OPEN_DEFER_CHECK) == 0 || version < SL_DB_SCHEMA_VERSION)
      && !sl_sqlite_quick_check_on_open (db, error))
    return NULL;

  if (!sl_sqlite_apply_pragmas (db, error))
    return NULL;

  if (version < SL_DB_SCHEMA_VERSION && read_only)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_READ_ONLY,
                   _("“%s” was written by an older version of Startline (format %d) and must "
                     "be upgraded to format %d, but it cannot be written (the file or its "
                     "folder is read-only)"),
                   display, version, SL_DB_SCHEMA_VERSION);
      return NULL;
    }
  if (version < SL_DB_SCHEMA_VERSION)
    {
      g_autofree char *backup = g_strdup_printf ("%s.before-v%d.bak", path,
                                                 SL_DB_SCHEMA_VERSION);

      /* Upgrading is one transaction, but a copy of the old file costs
       * little and lets a user go back to the previous version.
       */
      if (!sl_db_backup (db, backup, error) || !sl_schema_migrate (db, version, error))
        return NULL;
    }

  if (!sl_sqlite_load_event_timezone (db, error))
    return NULL;

  return SL_DB (g_steal_pointer (&self));
}

/* Removes a file being created, with its journal, when making it failed. */
static void
unlink_created (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
}

/* A new file at path, the owner's alone, with the schema and nothing in
 * it but the built-in need types; refused when path exists.
 */
static SlSqliteDb *
create_file (const char  *path,
             GError     **error)
{
  g_autoptr(SlSqliteDb) self = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *sql = NULL;
  int fd;

  /* Health data will live here: the file is the owner's alone. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SL_DB_ERROR,
                   saved == EEXIST ? SL_DB_ERROR_EXISTS
                   : (saved == EACCES || saved == EROFS) ? SL_DB_ERROR_READ_ONLY
                   : SL_DB_ERROR_FAILED,
                   saved == EEXIST ? _("“%s” already exists; choose another name")
                                   : _("Cannot create “%s”: %s"),
                   display, g_strerror (saved));
      return NULL;
    }
  fchmod (fd, 0600);
  close (fd);

  sql = g_strdup_printf ("PRAGMA application_id = %d", SL_DB_APPLICATION_ID);
  if (!(self = sl_sqlite_open_handle (path, FALSE, error))
      || !sl_sqlite_exec (SL_DB (self), sql, error)
      || !sl_sqlite_apply_pragmas (SL_DB (self), error)
      || !sl_schema_migrate (SL_DB (self), 0, error))
    {
      g_clear_object (&self);
      unlink_created (path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

SlDb *
sl_sqlite_db_create (const char     *path,
                     const char     *event_name,
                     const char     *event_date,
                     SlDbWriteFunc   fill,
                     gpointer        user_data,
                     GError        **error)
{
  g_autoptr(SlSqliteDb) self = NULL;
  SlDb *db = NULL;
  g_autofree char *now = NULL;
  g_autofree char *after = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;
  SlEvent event = { 0 };
  GDate date;

  name = g_strstrip (g_strdup (event_name != NULL ? event_name : ""));
  if (*name == '\0')
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           _("The event needs a name"));
      return NULL;
    }
  g_date_clear (&date, 1);
  if (event_date != NULL && strlen (event_date) == 10)
    {
      guint y, m, d;
      if (sscanf (event_date, "%4u-%2u-%2u", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
        g_date_set_dmy (&date, d, m, y);
    }
  if (!g_date_valid (&date))
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                   _("“%s” is not a date; write the event date as YYYY-MM-DD"),
                   event_date != NULL ? event_date : "");
      return NULL;
    }

  if (!(self = create_file (path, error)))
    return NULL;
  db = SL_DB (self);

  if (!sl_db_begin_write (db, error))
    goto failed;
  /* A new event is in London's time until someone says otherwise. */
  event.name = name;
  event.date = (char *)event_date;
  event.timezone = (char *)"Europe/London";
  now = sl_db_now_utc ();
  stmt = sl_sqlite_prepare (db,
                        "INSERT INTO event (id, name, date, timezone, created_at)"
                        " VALUES (1, ?, ?, ?, ?)",
                        error);
  if (stmt == NULL)
    {
      sl_db_rollback (db);
      goto failed;
    }
  sqlite3_bind_text (stmt, 1, event.name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, event.date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, event.timezone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  after = sl_event_dup_image (&event);
  /* fill's work is in the same transaction; a failure removes the file. */
  if (!sl_sqlite_step_done (db, stmt, error)
      || !sl_db_audit (db, "create", "event", 1, NULL, after, error)
      || (fill != NULL
          && (!sl_sqlite_load_event_timezone (db, error) || !fill (db, user_data, error))))
    {
      sl_db_rollback (db);
      goto failed;
    }
  if (!sl_db_commit (db, error) || !sl_sqlite_load_event_timezone (db, error))
    goto failed;

  return SL_DB (g_steal_pointer (&self));

failed:
  g_clear_object (&self);
  unlink_created (path);
  return NULL;
}

SlDb *
sl_sqlite_db_create_filled (const char    *path,
                            SlDbWriteFunc  fill,
                            gpointer       user_data,
                            GError       **error)
{
  g_autoptr(SlSqliteDb) self = create_file (path, error);

  if (self == NULL)
    return NULL;
  if (!sl_db_run_write (SL_DB (self), fill, user_data, error)
      || !sl_sqlite_load_event_timezone (SL_DB (self), error))
    {
      g_clear_object (&self);
      unlink_created (path);
      return NULL;
    }
  return SL_DB (g_steal_pointer (&self));
}
