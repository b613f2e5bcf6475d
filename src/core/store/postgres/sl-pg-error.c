/* sl-pg-error.c — PostgreSQL's failures as SL_DB_ERROR, in one place
 *
 * A failed statement carries an SQLSTATE (its class is the first two
 * characters); a failed connection carries none and is told as the
 * server being unreachable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-pg-private.h"

static SlDbError
code_of_sqlstate (const char *state)
{
  if (state == NULL || strlen (state) != 5)
    return SL_DB_ERROR_FAILED;
  /* Integrity constraint violations: unique, check, foreign key… */
  if (g_str_has_prefix (state, "23"))
    return SL_DB_ERROR_CONSTRAINT;
  /* Serialisation failure, deadlock, lock not available, query canceled
   * by a timeout: another desk's write was in the way.
   */
  if (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0
      || strcmp (state, "55P03") == 0 || strcmp (state, "57014") == 0)
    return SL_DB_ERROR_BUSY;
  /* Disk full, out of memory, too many connections. */
  if (strcmp (state, "53100") == 0)
    return SL_DB_ERROR_FULL;
  /* A read-only transaction or standby. */
  if (strcmp (state, "25006") == 0)
    return SL_DB_ERROR_READ_ONLY;
  /* No privilege: the account's role does not allow it (sl-pg-roles.c). */
  if (strcmp (state, "42501") == 0)
    return SL_DB_ERROR_DENIED;
  /* Data exceptions: a value the schema cannot take. */
  if (g_str_has_prefix (state, "22"))
    return SL_DB_ERROR_CONSTRAINT;
  /* Data corrupted, index corrupted. */
  if (strcmp (state, "XX001") == 0 || strcmp (state, "XX002") == 0)
    return SL_DB_ERROR_CORRUPT;
  return SL_DB_ERROR_FAILED;
}

/* The server's own message, first line only. */
static char *
dup_first_line (const char *message)
{
  const char *end;

  if (message == NULL || *message == '\0')
    return g_strdup (_("the server gave no reason"));
  end = strchr (message, '\n');
  return end != NULL ? g_strndup (message, (gsize)(end - message)) : g_strdup (message);
}

void
sl_pg_set_connect_error (PGconn      *conn,
                         const char  *display,
                         GError     **error)
{
  g_autofree char *reason = dup_first_line (conn != NULL ? PQerrorMessage (conn) : NULL);

  if (display != NULL)
    g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED,
                 _("Server unreachable (%s): %s"), display, reason);
  else
    g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED, _("Server unreachable: %s"), reason);
}

/* A result that says the server is going or gone: a connection exception
 * (class 08) or an operator's intervention (57P: shut down, crashed, not
 * yet accepting), or a failure libpq made itself, which has no SQLSTATE
 * ("server closed the connection unexpectedly", "could not receive
 * data"). In a pipeline it arrives before libpq has seen the connection
 * close, so the status alone does not tell (a desk was told the bare
 * libpq words instead of "Server unreachable" once in contest-pg-failover).
 */
gboolean
sl_pg_result_server_gone (const PGresult *res)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  if (res != NULL && PQresultStatus (res) == PGRES_FATAL_ERROR && state == NULL)
    return TRUE;
  return state != NULL && (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"));
}

void
sl_pg_set_error (SlDb            *db,
                 const PGresult  *res,
                 GError         **error)
{
  PGconn *conn = sl_pg_get_conn (db);
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *reason = NULL;
  SlDbError code;

  if (PQstatus (conn) != CONNECTION_OK || sl_pg_result_server_gone (res))
    {
      sl_pg_set_connect_error (conn, SL_PG_DB (db)->display, error);
      return;
    }
  reason = dup_first_line (res != NULL ? PQresultErrorMessage (res) : PQerrorMessage (conn));
  code = code_of_sqlstate (state);
  switch (code)
    {
    case SL_DB_ERROR_BUSY:
      g_set_error (error, SL_DB_ERROR, code,
                   _("%s: another desk is writing to the event and did not finish in time"),
                   SL_PG_DB (db)->display);
      break;
    case SL_DB_ERROR_FULL:
      g_set_error (error, SL_DB_ERROR, code, _("%s: the server's disk is full"),
                   SL_PG_DB (db)->display);
      break;
    case SL_DB_ERROR_READ_ONLY:
      g_set_error (error, SL_DB_ERROR, code, _("%s cannot be written here: %s"),
                   SL_PG_DB (db)->display, reason);
      break;
    case SL_DB_ERROR_DENIED:
      g_set_error (error, SL_DB_ERROR, code,
                   _("Your account may not do this on %s (the server refused it: %s)"),
                   SL_PG_DB (db)->display, reason);
      break;
    default:
      g_set_error_literal (error, SL_DB_ERROR, code, reason);
      break;
    }
}
