/* sl-pg-live.c — following other desks on a server: LISTEN and NOTIFY
 *
 * Every write transaction bumps startline_meta.data_version and notifies
 * SL_PG_CHANGES_CHANNEL before it commits (pg_commit in sl-pg-db.c); the
 * server delivers the notification to the sessions listening on the
 * event's database when, and only if, that transaction commits. A
 * connection listens from its first poll (sl_db_poll_changes) on.
 *
 * A poll reads only what has already arrived on the socket, without
 * waiting (PQconsumeInput, PQnotifies): when no other session committed
 * it sends nothing, so an idle connection costs the server no statement.
 * Only when another session's notification came, the connection was
 * lost, or the session is new (no LISTEN yet) does it read data_version
 * again. A window's connection that had no answer for SL_PG_HEARTBEAT_MS
 * sends a heartbeat without waiting for it (heartbeat_due).
 * A connection made again after the server went away missed what was
 * notified meanwhile: each new session counts as a change (sessions), so
 * the windows read again everything they show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-pg-private.h"

/* Drains the notifications that have arrived. Whether the data version
 * must be read: another session committed, or the connection is lost
 * (the read then makes it again, or says the server is unreachable).
 */
static gboolean
take_notifications (SlPgDb *self)
{
  PGnotify *notify;
  gboolean others = FALSE;
  int own;

  /* Read twice: a server that ends the session sends its last words (an
   * error) and then closes; the first read takes the words, the second
   * meets the end of the stream. When nothing came, each is one recv ()
   * that finds nothing.
   */
  if (PQstatus (self->conn) != CONNECTION_OK || !PQconsumeInput (self->conn)
      || !PQconsumeInput (self->conn) || PQstatus (self->conn) != CONNECTION_OK)
    return TRUE;
  own = PQbackendPID (self->conn);
  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      /* This session's own commits are not changes made elsewhere. */
      if (notify->be_pid != own)
        others = TRUE;
      PQfreemem (notify);
    }
  return others;
}

/* LISTEN, committed on its own before the version is read: a commit
 * between the read and the LISTEN would otherwise go unseen.
 */
static gboolean
listen_for_changes (SlDb    *db,
                    GError **error)
{
  SlPgDb *self = SL_PG_DB (db);
  g_autoptr(GError) local_error = NULL;

  if (sl_pg_exec (db, "LISTEN " SL_PG_CHANGES_CHANNEL, NULL, &local_error))
    {
      self->listening = TRUE;
      return TRUE;
    }
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* A server that takes no LISTEN (a hot standby): every poll reads. */
  g_debug ("no LISTEN on the %s (%s): polling the data version", self->display,
           local_error->message);
  self->no_listen = TRUE;
  return TRUE;
}

static gboolean
read_version (SlDb    *db,
              GError **error)
{
  SlPgDb *self = SL_PG_DB (db);
  g_autoptr(PGresult) res = NULL;

  /* A reader's snapshot never changes, and its transaction never ends. */
  if (!self->listening && !self->no_listen && !self->reader && !listen_for_changes (db, error))
    return FALSE;
  res = sl_pg_run (db, "SELECT data_version FROM startline_meta", NULL, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    self->version_read = sl_pg_int64 (res, 0, 0) - self->own_commits;
  return TRUE;
}

/* A window's connection (watched: SL_DB_OPEN_INTERACTIVE) that nothing
 * was answered on for SL_PG_HEARTBEAT_MS: the poll sends a heartbeat,
 * whose answer (or its absence past the watch's timeout) tells a server
 * gone silent from an idle one. TCP keepalives alone take 11 s, and miss
 * a server whose host still acknowledges. Other connections send nothing
 * while idle.
 */
static gboolean
heartbeat_due (SlPgDb *self)
{
  return self->watch != NULL && self->listening && self->heartbeat_sent == 0
         && g_main_context_is_owner (NULL)
         && g_get_monotonic_time () - self->last_answer >= SL_PG_HEARTBEAT_MS * 1000;
}

/* The heartbeat is sent and the poll returns: the window never waits for
 * it. Its answer is taken by a later poll (heartbeat_check) or by the
 * next statement (sl_pg_take_heartbeat).
 */
static void
heartbeat_send (SlPgDb *self)
{
  if (PQsendQuery (self->conn, "SELECT 1") == 1)
    self->heartbeat_sent = g_get_monotonic_time ();
}

/* Whether the heartbeat under way has not failed: answered (taken), still
 * within the watch's timeout, or the connection lost (the read that
 * follows says so). Unanswered past the timeout, the connection is cut.
 */
static gboolean
heartbeat_check (SlDb    *db,
                 GError **error)
{
  SlPgDb *self = SL_PG_DB (db);
  gint64 now = g_get_monotonic_time ();

  if (!PQconsumeInput (self->conn) || PQstatus (self->conn) != CONNECTION_OK)
    {
      self->heartbeat_sent = 0;
      return TRUE;
    }
  if (!PQisBusy (self->conn))
    {
      sl_pg_take_heartbeat (db);
      self->last_answer = now;
      return TRUE;
    }
  if (now - self->heartbeat_sent < (gint64)sl_pg_watch_get_timeout_ms (self->watch) * 1000)
    return TRUE;
  self->heartbeat_sent = 0;
  sl_pg_cut (db, error);
  return FALSE;
}

/* The version reported: the event's data version less this connection's
 * own commits, plus the sessions made again (each one may have missed
 * notifications).
 */
gboolean
sl_pg_live_data_version (SlDb     *db,
                         guint64  *version,
                         GError  **error)
{
  SlPgDb *self = SL_PG_DB (db);
  gboolean ok = TRUE;

  sl_db_lock (db);
  if (self->heartbeat_sent != 0)
    ok = heartbeat_check (db, error);
  /* A cut connection is made again (or said unreachable) by the read. */
  if (ok && (!self->listening || self->cut || take_notifications (self)))
    ok = read_version (db, error);
  else if (ok && heartbeat_due (self))
    heartbeat_send (self);
  *version = (guint64)(self->version_read + self->sessions);
  sl_db_unlock (db);
  return ok;
}

void
sl_pg_db_trace (SlDb *db,
                FILE *file)
{
  SlPgDb *self;

  g_return_if_fail (SL_IS_PG_DB (db));
  self = SL_PG_DB (db);

  sl_db_lock (db);
  if (file != NULL)
    {
      PQtrace (self->conn, file);
      PQsetTraceFlags (self->conn, PQTRACE_SUPPRESS_TIMESTAMPS);
    }
  else
    PQuntrace (self->conn);
  sl_db_unlock (db);
}

int
sl_pg_db_get_socket (SlDb *db)
{
  int fd;

  g_return_val_if_fail (SL_IS_PG_DB (db), -1);

  sl_db_lock (db);
  fd = PQsocket (SL_PG_DB (db)->conn);
  sl_db_unlock (db);
  return fd;
}
