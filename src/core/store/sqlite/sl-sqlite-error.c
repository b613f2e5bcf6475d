/* sl-sqlite-error.c — SQLite's result codes as SL_DB_ERROR, in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-sqlite-private.h"

void
sl_sqlite_set_error_code (GError     **error,
                          int          code,
                          const char  *message,
                          const char  *what)
{
  SlDbError domain_code;
  const char *reason;

  switch (code & 0xff)
    {
    case SQLITE_FULL:
      domain_code = SL_DB_ERROR_FULL;
      reason = _("the disk is full");
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      domain_code = SL_DB_ERROR_READ_ONLY;
      reason = _("the file cannot be written (read-only)");
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      domain_code = SL_DB_ERROR_BUSY;
      reason = _("another program is writing to the event and did not finish in time");
      break;
    case SQLITE_CONSTRAINT:
      domain_code = SL_DB_ERROR_CONSTRAINT;
      reason = message;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      domain_code = SL_DB_ERROR_CORRUPT;
      reason = _("the event file is damaged");
      break;
    case SQLITE_CANTOPEN:
      domain_code = SL_DB_ERROR_NOT_FOUND;
      reason = _("the file cannot be opened");
      break;
    default:
      domain_code = SL_DB_ERROR_FAILED;
      reason = message;
      break;
    }

  if (what != NULL)
    g_set_error (error, SL_DB_ERROR, domain_code, "%s: %s", what, reason);
  else
    g_set_error_literal (error, SL_DB_ERROR, domain_code, reason);
}

void
sl_sqlite_set_error (SlDb        *db,
                     GError     **error,
                     const char  *what)
{
  sqlite3 *handle = sl_sqlite_get_handle (db);
  const char *path = sl_db_get_path (db);
  int code = sqlite3_extended_errcode (handle);
  g_autofree char *display = NULL;

  /* A reason about the file ("the disk is full") names it, as "FILE:
   * reason": a desk may have several events open, and a script several
   * files on several disks.
   */
  switch (code & 0xff)
    {
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
      if (what == NULL && path != NULL)
        what = display = g_filename_display_name (path);
      break;
    default:
      break;
    }
  sl_sqlite_set_error_code (error, code, sqlite3_errmsg (handle), what);
}

/* Failures that say nothing about the file's contents. */
gboolean
sl_sqlite_is_transient (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
    case SQLITE_IOERR:
    case SQLITE_INTERRUPT:
      return TRUE;
    default:
      return FALSE;
    }
}
