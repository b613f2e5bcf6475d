/* sl-sqlite-check.c — backups and integrity checks of an event file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sl-db-locks.h"
#include "sl-sqlite-private.h"

/* Runs check (PRAGMA quick_check or integrity_check) on handle. NULL when
 * the file is sound; else the first problem SQLite found, one line, and
 * in *n_more how many others (SQLite lists them over several rows and
 * lines, under a "*** in database main ***" heading).
 */
static char *
dup_check_problem (sqlite3    *handle,
                   const char *check,
                   guint      *n_more,
                   int        *failed_rc)
{
  sqlite3_stmt *stmt = NULL;
  char *first = NULL;
  guint n = 0;
  int rc = SQLITE_ERROR;

  *n_more = 0;
  if (sqlite3_prepare_v2 (handle, check, -1, &stmt, NULL) == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *text = (const char *)sqlite3_column_text (stmt, 0);
          g_auto(GStrv) lines = NULL;

          if (text == NULL)
            continue;
          if (n == 0 && first == NULL && g_str_equal (text, "ok"))
            break;
          lines = g_strsplit (text, "\n", -1);
          for (guint i = 0; lines[i] != NULL; i++)
            {
              const char *line = g_strstrip (lines[i]);

              if (*line == '\0' || (g_str_has_prefix (line, "*** ")
                                     && g_str_has_suffix (line, " ***")))
                continue;
              if (first == NULL)
                first = g_strdup (line);
              else
                n++;
            }
        }
    }
  if (first == NULL && rc != SQLITE_ROW && rc != SQLITE_DONE)
    rc = sqlite3_extended_errcode (handle);
  sqlite3_finalize (stmt);

  *failed_rc = SQLITE_OK;
  if (first == NULL && rc == SQLITE_ROW)
    return NULL;
  /* The check could not run (another desk held the file too long, the
   * disk is full): that says nothing about damage.
   */
  if (first == NULL && sl_sqlite_is_transient (rc))
    {
      *failed_rc = rc;
      return NULL;
    }
  if (first == NULL)
    return g_strdup (_("unreadable"));
  *n_more = n;
  return first;
}

static void
set_corrupt_error (GError     **error,
                   const char  *path,
                   const char  *problem,
                   guint        n_more)
{
  g_autofree char *display = g_filename_display_name (path);

  /* One line: the first problem says what kind of damage it is; the
   * rest (often dozens) would bury it.
   */
  if (n_more == 0)
    g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                 _("“%s” is damaged (SQLite integrity check: %s)"), display, problem);
  else
    g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "“%s” is damaged (SQLite integrity check: %s (and %u more))",
                              "“%s” is damaged (SQLite integrity check: %s (and %u more))",
                              n_more),
                 display, problem, n_more);
}

/* What a check of path came to, as an error: SQLite's failure to run it
 * (failed_rc), else the damage it found (problem); TRUE when neither.
 */
static gboolean
check_outcome (const char  *path,
               const char  *problem,
               guint        n_more,
               int          failed_rc,
               GError     **error)
{
  if (failed_rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (path);

      sl_sqlite_set_error_code (error, failed_rc, sqlite3_errstr (failed_rc), display);
      return FALSE;
    }
  if (problem != NULL)
    {
      set_corrupt_error (error, path, problem, n_more);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_sqlite_backup (SlDb        *db,
                  const char  *dest_path,
                  GError     **error)
{
  g_autofree char *display = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  int rc;
  int fd;

  display = g_filename_display_name (dest_path);

  fd = g_open (dest_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SL_DB_ERROR,
                   (saved == EACCES || saved == EROFS) ? SL_DB_ERROR_READ_ONLY
                                                        : SL_DB_ERROR_FAILED,
                   _("Cannot write the backup “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  fchmod (fd, 0600);
  close (fd);

  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      sl_sqlite_set_error_code (error, rc, sqlite3_errstr (rc), display);
      sqlite3_close_v2 (dest);
      return FALSE;
    }

  sl_db_lock (db);
  backup = sqlite3_backup_init (dest, "main", sl_sqlite_get_handle (db), "main");
  if (backup != NULL)
    {
      rc = sqlite3_backup_step (backup, -1);
      sqlite3_backup_finish (backup);
      ok = (rc == SQLITE_DONE);
      if (!ok)
        sl_sqlite_set_error_code (error, rc, sqlite3_errstr (rc), display);
    }
  else
    {
      sl_sqlite_set_error_code (error, sqlite3_errcode (dest), sqlite3_errmsg (dest), display);
    }
  sl_db_unlock (db);
  sqlite3_close_v2 (dest);

  if (!ok)
    g_unlink (dest_path);
  return ok;
}

/* full: PRAGMA integrity_check on this connection, under its lock; else
 * PRAGMA quick_check on a read-only connection of its own (from a worker
 * thread: the event stays usable meanwhile).
 */
gboolean
sl_sqlite_check_integrity (SlDb      *db,
                           gboolean   full,
                           GError   **error)
{
  const char *path = sl_db_get_path (db);
  g_autofree char *problem = NULL;
  g_autofree char *display = g_filename_display_name (path);
  sqlite3 *handle = NULL;
  guint n_more = 0;
  int failed_rc = SQLITE_OK;
  int rc;

  if (full)
    {
      sl_db_lock (db);
      problem = dup_check_problem (sl_sqlite_get_handle (db), "PRAGMA integrity_check",
                                   &n_more, &failed_rc);
      if (failed_rc != SQLITE_OK)
        sl_sqlite_set_error (db, error, NULL);
      sl_db_unlock (db);
      if (failed_rc != SQLITE_OK)
        return FALSE;
    }
  else
    {
      sl_db_locks_install ();
      rc = sl_sqlite_open_read_only (path, SL_SQLITE_DB (db)->immutable, &handle);
      if (rc != SQLITE_OK)
        {
          sl_sqlite_set_error_code (error, rc, sqlite3_errstr (rc), display);
          sqlite3_close_v2 (handle);
          return FALSE;
        }
      sqlite3_busy_timeout (handle, SL_SQLITE_BUSY_TIMEOUT_MS);
      problem = dup_check_problem (handle, "PRAGMA quick_check", &n_more, &failed_rc);
      sqlite3_close_v2 (handle);
    }
  return check_outcome (path, problem, n_more, failed_rc, error);
}

gboolean
sl_sqlite_quick_check_on_open (SlDb    *db,
                               GError **error)
{
  const char *path = sl_db_get_path (db);
  g_autofree char *problem = NULL;
  guint n_more = 0;
  int failed_rc = SQLITE_OK;

  problem = dup_check_problem (sl_sqlite_get_handle (db), "PRAGMA quick_check", &n_more,
                               &failed_rc);
  return check_outcome (path, problem, n_more, failed_rc, error);
}
