/* sl-pg-watch.c — an answer deadline for a window's connection
 *
 * libpq waits for a statement's answer as long as the socket stays open.
 * A host that went silent mid-statement (a dropped network, a frozen
 * server) keeps it open until TCP gives up (tcp_user_timeout, 10 s), and
 * a window that reads in its main thread would freeze that long. A
 * connection opened with SL_DB_OPEN_INTERACTIVE has a watch: a thread of
 * its own that shuts the socket down (shutdown(2), which wakes the
 * waiting poll at once) when a statement is not answered within the
 * timeout. The libpq call then fails as for a dropped connection, the
 * event is marked unreachable and the connection is made again in a
 * thread (ensure_connected in sl-pg-db.c).
 *
 * Arming and disarming cost a lock each; the thread sleeps until the
 * deadline it knows of (then looks at the statement under way, if any),
 * or, idle, until a statement is armed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/socket.h>

#include "sl-pg-watch.h"

struct _SlPgWatch
{
  GMutex   mutex;
  GCond    cond;
  GThread *thread;
  guint    timeout_ms;
  int      fd;          /* the socket of the statement under way; -1: none */
  gint64   deadline;    /* monotonic */
  gboolean fired;       /* the socket was shut down since the arming */
  gboolean idle;        /* the thread waits for an arming, not a deadline */
  gboolean stop;
};

static gpointer
watch_thread (gpointer data)
{
  SlPgWatch *watch = data;

  g_mutex_lock (&watch->mutex);
  while (!watch->stop)
    {
      if (watch->fd < 0)
        {
          watch->idle = TRUE;
          g_cond_wait (&watch->cond, &watch->mutex);
          watch->idle = FALSE;
        }
      else if (g_get_monotonic_time () >= watch->deadline)
        {
          g_debug ("no answer within %u ms: the connection is cut", watch->timeout_ms);
          shutdown (watch->fd, SHUT_RDWR);
          watch->fd = -1;
          watch->fired = TRUE;
        }
      else
        g_cond_wait_until (&watch->cond, &watch->mutex, watch->deadline);
    }
  g_mutex_unlock (&watch->mutex);
  return NULL;
}

SlPgWatch *
sl_pg_watch_new (guint timeout_ms)
{
  SlPgWatch *watch = g_new0 (SlPgWatch, 1);

  g_return_val_if_fail (timeout_ms > 0, NULL);

  g_mutex_init (&watch->mutex);
  g_cond_init (&watch->cond);
  watch->timeout_ms = timeout_ms;
  watch->fd = -1;
  watch->thread = g_thread_new ("sl-pg-watch", watch_thread, watch);
  return watch;
}

void
sl_pg_watch_free (SlPgWatch *watch)
{
  if (watch == NULL)
    return;
  g_mutex_lock (&watch->mutex);
  watch->stop = TRUE;
  g_cond_signal (&watch->cond);
  g_mutex_unlock (&watch->mutex);
  g_thread_join (watch->thread);
  g_cond_clear (&watch->cond);
  g_mutex_clear (&watch->mutex);
  g_free (watch);
}

guint
sl_pg_watch_get_timeout_ms (SlPgWatch *watch)
{
  return watch->timeout_ms;
}

void
sl_pg_watch_arm (SlPgWatch *watch,
                 int        fd)
{
  g_mutex_lock (&watch->mutex);
  watch->fd = fd;
  watch->deadline = g_get_monotonic_time () + (gint64)watch->timeout_ms * 1000;
  watch->fired = FALSE;
  /* A thread waiting for an earlier deadline wakes then and waits again
   * for this one: only an idle one needs waking (no switch per statement).
   */
  if (watch->idle)
    g_cond_signal (&watch->cond);
  g_mutex_unlock (&watch->mutex);
}

gboolean
sl_pg_watch_disarm (SlPgWatch *watch)
{
  gboolean fired;

  g_mutex_lock (&watch->mutex);
  watch->fd = -1;
  fired = watch->fired;
  watch->fired = FALSE;
  g_mutex_unlock (&watch->mutex);
  return fired;
}
