/* test-pg-net.c — a server event over a network that fails: the store
 * never makes its caller wait for a server that went silent, keeps its
 * connections alive, and reconnects by itself
 *
 * Run under tests/with-pg-cluster.sh (STARTLINE_TEST_PG). The events are
 * reached over TCP through a proxy in this process (Proxy), which can drop
 * every connection and then go silent: it accepts new ones and forwards
 * nothing, as a host behind a dropped network seems to a client that is
 * waiting for the server's first answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libpq-fe.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sl-core.h"
#include "sl-pg-db.h"
#include "sl-pg-private.h"
#include "sl-store.h"
#include "sl-test-pg.h"
#include "sl-test-util.h"

static const char *server;   /* STARTLINE_TEST_PG */

/* ---- The proxy ---------------------------------------------------------- */

typedef struct
{
  int client;
  int upstream;   /* -1: held, nothing forwarded yet */
} Pair;

typedef struct
{
  GThread *thread;
  int      listener;
  int      port;
  char    *socket_path;   /* the test server's Unix socket */
  GMutex   mutex;
  gboolean silent;        /* accept, forward nothing */
  gboolean frozen;        /* forward nothing on the connections made either */
  gboolean drop;          /* close every connection now */
  gboolean stop;
  GArray  *pairs;
} Proxy;

static int
connect_upstream (Proxy *proxy)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_strlcpy (addr.sun_path, proxy->socket_path, sizeof addr.sun_path);
  g_assert_cmpint (connect (fd, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  return fd;
}

static void
close_pair (Pair *pair)
{
  close (pair->client);
  if (pair->upstream >= 0)
    close (pair->upstream);
}

/* Copies what from has to to; FALSE when from ended. */
static gboolean
forward (int from,
         int to)
{
  char buffer[16384];
  ssize_t n = recv (from, buffer, sizeof buffer, MSG_DONTWAIT);

  if (n <= 0)
    return n < 0 && (errno == EAGAIN || errno == EINTR);
  for (ssize_t done = 0; done < n;)
    {
      ssize_t w = send (to, buffer + done, n - done, MSG_NOSIGNAL);

      if (w <= 0)
        return FALSE;
      done += w;
    }
  return TRUE;
}

/* One turn of the proxy: what was asked, then what came. */
static void
proxy_turn (Proxy *proxy)
{
  g_autofree struct pollfd *fds = NULL;
  gboolean silent;
  gboolean frozen;
  guint n;

  g_mutex_lock (&proxy->mutex);
  silent = proxy->silent;
  frozen = proxy->frozen;
  if (proxy->drop)
    {
      for (guint i = 0; i < proxy->pairs->len; i++)
        close_pair (&g_array_index (proxy->pairs, Pair, i));
      g_array_set_size (proxy->pairs, 0);
      proxy->drop = FALSE;
    }
  g_mutex_unlock (&proxy->mutex);

  n = proxy->pairs->len;
  fds = g_new0 (struct pollfd, 1 + 2 * n);
  fds[0] = (struct pollfd) { proxy->listener, POLLIN, 0 };
  for (guint i = 0; i < n; i++)
    {
      Pair *pair = &g_array_index (proxy->pairs, Pair, i);

      if (!silent && pair->upstream < 0)
        pair->upstream = connect_upstream (proxy);
      /* Frozen: the bytes wait in the sockets, the connections stay open. */
      fds[1 + 2 * i] = (struct pollfd) { pair->upstream >= 0 && !frozen ? pair->client : -1,
                                         POLLIN, 0 };
      fds[2 + 2 * i] = (struct pollfd) { frozen ? -1 : pair->upstream, POLLIN, 0 };
    }
  if (poll (fds, 1 + 2 * n, 10) <= 0)
    return;
  for (guint i = n; i-- > 0;)
    {
      Pair *pair = &g_array_index (proxy->pairs, Pair, i);
      gboolean open = TRUE;

      if (fds[1 + 2 * i].revents != 0)
        open = forward (pair->client, pair->upstream);
      if (open && fds[2 + 2 * i].revents != 0)
        open = forward (pair->upstream, pair->client);
      if (!open)
        {
          close_pair (pair);
          g_array_remove_index (proxy->pairs, i);
        }
    }
  if (fds[0].revents & POLLIN)
    {
      Pair pair = { accept (proxy->listener, NULL, NULL), -1 };

      if (pair.client >= 0)
        g_array_append_val (proxy->pairs, pair);
    }
}

static gpointer
proxy_thread (gpointer data)
{
  Proxy *proxy = data;

  while (!g_atomic_int_get (&proxy->stop))
    proxy_turn (proxy);
  for (guint i = 0; i < proxy->pairs->len; i++)
    close_pair (&g_array_index (proxy->pairs, Pair, i));
  return NULL;
}

/* A proxy on 127.0.0.1 to the test server's Unix socket. */
static Proxy *
proxy_new (void)
{
  Proxy *proxy = g_new0 (Proxy, 1);
  struct sockaddr_in addr = { .sin_family = AF_INET };
  socklen_t len = sizeof addr;
  PQconninfoOption *options = PQconninfoParse (server, NULL);
  const char *host = NULL;
  const char *port = NULL;

  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
    }
  g_assert_nonnull (host);
  g_assert_true (host[0] == '/');
  proxy->socket_path = g_strdup_printf ("%s/.s.PGSQL.%s", host, port != NULL ? port : "5432");
  PQconninfoFree (options);

  g_mutex_init (&proxy->mutex);
  proxy->pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  proxy->listener = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (proxy->listener, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (proxy->listener, 64), ==, 0);
  g_assert_cmpint (getsockname (proxy->listener, (struct sockaddr *)&addr, &len), ==, 0);
  proxy->port = ntohs (addr.sin_port);
  proxy->thread = g_thread_new ("proxy", proxy_thread, proxy);
  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  g_atomic_int_set (&proxy->stop, TRUE);
  g_thread_join (proxy->thread);
  close (proxy->listener);
  g_array_unref (proxy->pairs);
  g_mutex_clear (&proxy->mutex);
  g_free (proxy->socket_path);
  g_free (proxy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proxy, proxy_free)

/* The network drops: every connection through the proxy closed, and new
 * ones held without an answer until proxy_restore.
 */
static void
proxy_go_silent (Proxy *proxy)
{
  g_mutex_lock (&proxy->mutex);
  proxy->drop = TRUE;
  proxy->silent = TRUE;
  g_mutex_unlock (&proxy->mutex);
  /* Taken by the proxy's next turn (every 10 ms). */
  while (TRUE)
    {
      gboolean done;

      g_mutex_lock (&proxy->mutex);
      done = !proxy->drop;
      g_mutex_unlock (&proxy->mutex);
      if (done)
        break;
      g_usleep (1000);
    }
}

/* The host goes silent mid-session: the connections stay open (the
 * proxy's kernel still acknowledges what is sent, as a frozen server's
 * does) and nothing is answered on them, or on new ones, until
 * proxy_restore.
 */
static void
proxy_freeze (Proxy *proxy)
{
  g_mutex_lock (&proxy->mutex);
  proxy->frozen = TRUE;
  proxy->silent = TRUE;
  g_mutex_unlock (&proxy->mutex);
}

static void
proxy_restore (Proxy *proxy)
{
  g_mutex_lock (&proxy->mutex);
  proxy->silent = FALSE;
  proxy->frozen = FALSE;
  g_mutex_unlock (&proxy->mutex);
}

/* ---- Events through it --------------------------------------------------- */

/* A new database with an event in it, made over the Unix socket; its name
 * in *name_out. The login the test server trusts.
 */
static void
new_event_database (char **name_out,
                    char **user_out)
{
  static int counter;
  g_autofree char *name = g_strdup_printf ("sl_net_%d_%d", (int)getpid (), ++counter);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);
  g_autofree char *location = g_strdup_printf ("%s dbname=%s", server, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;

  g_free (sl_test_pg_sql (NULL, sql));
  db = sl_db_create (location, "Net Marathon", "2026-04-26", &error);
  g_assert_no_error (error);
  sl_test_db_populate (db);
  *user_out = sl_test_pg_sql (NULL, "SELECT current_user");
  *name_out = g_steal_pointer (&name);
}

/* A new event reached through the proxy: its location; its database's
 * name in *name_out, if asked.
 */
static char *
new_proxied_event (Proxy  *proxy,
                   char  **name_out)
{
  g_autofree char *name = NULL;
  g_autofree char *user = NULL;
  char *location;

  new_event_database (&name, &user);
  location = g_strdup_printf ("host=127.0.0.1 port=%d user=%s dbname=%s", proxy->port, user,
                              name);
  if (name_out != NULL)
    *name_out = g_steal_pointer (&name);
  return location;
}

static SlCheckInChange
check_in_change (const char *code,
                 const char *request_id)
{
  SlCheckInChange change = { 0 };

  change.code = code;
  change.from = SL_STATUS_REGISTERED;
  change.to = SL_STATUS_CHECKED_IN;
  change.desk = "Desk 9";
  change.log_action = "check-in";
  change.audit_action = "check-in";
  change.request_id = request_id;
  return change;
}

/* Polls as a window's timer does, until a poll succeeds; how many failed
 * (each at once, saying the server is unreachable).
 */
static guint
poll_until_reachable (SlDb *db)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint failed = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;

      sl_db_poll_changes (db, &error);
      if (error == NULL)
        break;
      g_assert_nonnull (strstr (error->message, "Server unreachable"));
      g_assert_false (sl_db_is_reachable (db));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      failed++;
      g_usleep (20000);
    }
  g_assert_true (sl_db_is_reachable (db));
  return failed;
}

/* The network drops and the server's host goes silent: every call on the
 * event (the window's, in the main thread) fails at once saying the
 * server is unreachable, never waiting out the connect timeout (10 s)
 * while the store tries again in a thread; the event stays unreachable
 * (the banner). Once the host answers, the store is connected again by
 * itself, and a check-in retried with its request id is recorded once.
 */
static void
test_silent_server (void)
{
  g_autoptr(Proxy) proxy = proxy_new ();
  g_autofree char *name = NULL;
  g_autofree char *location = NULL;
  g_autofree char *request = g_uuid_string_random ();
  g_autofree char *sql = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEntrant) e = NULL;
  SlCheckInChange change = check_in_change ("21", request);
  SlEntrant *current = NULL;
  gint64 start, longest = 0;
  guint failed;

  location = new_proxied_event (proxy, &name);
  db = sl_db_open (location, &error);
  g_assert_no_error (error);
  e = sl_test_add_entrant (db, "21", NULL, "Silent", "Host", NULL);
  g_assert_false (sl_db_poll_changes (db, &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_is_reachable (db));

  proxy_go_silent (proxy);
  /* Ten tries over a second: the first finds the connection gone, the
   * others find the new one not made yet. None waits.
   */
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(SlEntrant) written = NULL;
      gint64 took;

      start = g_get_monotonic_time ();
      written = SL_STORE (db)->check_in (db, &change, &current, &error);
      took = g_get_monotonic_time () - start;
      longest = MAX (longest, took);
      g_assert_null (written);
      g_assert_null (current);
      g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "Server unreachable"));
      g_clear_error (&error);
      start = g_get_monotonic_time ();
      g_assert_false (sl_db_poll_changes (db, &error));
      longest = MAX (longest, g_get_monotonic_time () - start);
      g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED);
      g_clear_error (&error);
      g_assert_false (sl_db_is_reachable (db));
      g_usleep (100000);
    }
  g_test_message ("longest call while the server was silent: %.1f ms",
                  (double)longest / 1000.0);
  /* A behaviour, not a figure: far below the connect timeout of 10 s. */
  g_assert_cmpint (longest, <, 2 * G_USEC_PER_SEC);
  count = sl_test_pg_sql (name, "SELECT count(*) FROM checkin_event");
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);

  proxy_restore (proxy);
  failed = poll_until_reachable (db);
  g_test_message ("%u polls failed at once before the store was connected again", failed);
  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(SlEntrant) again = SL_STORE (db)->check_in (db, &change, &current, &error);

      g_assert_no_error (error);
      g_assert_nonnull (again);
      g_assert_null (current);
      g_assert_cmpint (again->status, ==, SL_STATUS_CHECKED_IN);
    }
  sql = g_strdup_printf ("SELECT count(*) FROM checkin_event WHERE request_id = '%s'", request);
  count = sl_test_pg_sql (name, sql);
  g_assert_cmpstr (count, ==, "1");
  g_assert_cmpuint (sl_test_count_audit (db, "entrant", e->id, "check-in"), ==, 1);
}

/* The host goes silent in the middle of a session: the connection stays
 * open and nothing answers. A window's event (SL_DB_OPEN_INTERACTIVE)
 * waits for a statement no longer than SL_PG_ANSWER_TIMEOUT_MS (not the
 * 10 s until TCP gives up, or forever where the host's kernel still
 * acknowledges), says the server is unreachable and why, and fails every
 * call at once after that. Once the host answers again it is connected
 * again by itself and reads what it read before. An event opened without
 * the flag (the command line) is not cut: it answers when the host does.
 */
static void
test_frozen_server (void)
{
  g_autoptr(Proxy) proxy = proxy_new ();
  g_autofree char *location = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlDb) patient = NULL;
  g_autoptr(SlEntrant) e = NULL;
  gint64 start, took, longest = 0;
  guint failed;

  location = new_proxied_event (proxy, NULL);
  db = sl_db_open_full (location, SL_DB_OPEN_INTERACTIVE, &error);
  g_assert_no_error (error);
  patient = sl_db_open (location, &error);
  g_assert_no_error (error);
  e = sl_test_add_entrant (db, "31", NULL, "Frozen", "Host", NULL);
  g_assert_cmpint (SL_STORE (db)->count_entrants (db, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (SL_STORE (patient)->count_entrants (patient, &error), ==, 1);
  g_assert_no_error (error);

  proxy_freeze (proxy);
  start = g_get_monotonic_time ();
  g_assert_cmpint (SL_STORE (db)->count_entrants (db, &error), ==, -1);
  took = g_get_monotonic_time () - start;
  g_test_message ("the first call on the frozen connection gave up after %.0f ms",
                  (double)took / 1000.0);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Server unreachable"));
  g_assert_nonnull (strstr (error->message, "no answer within 3 seconds"));
  g_clear_error (&error);
  g_assert_false (sl_db_is_reachable (db));
  /* It waited for the answer, and no longer than the deadline and a turn. */
  g_assert_cmpint (took, >=, (SL_PG_ANSWER_TIMEOUT_MS - 100) * 1000);
  g_assert_cmpint (took, <, (SL_PG_ANSWER_TIMEOUT_MS + 2000) * 1000);

  /* Then every call fails at once while the new connection is not made. */
  for (int i = 0; i < 5; i++)
    {
      start = g_get_monotonic_time ();
      g_assert_cmpint (SL_STORE (db)->count_entrants (db, &error), ==, -1);
      longest = MAX (longest, g_get_monotonic_time () - start);
      g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "Server unreachable"));
      g_clear_error (&error);
      g_usleep (100000);
    }
  g_test_message ("longest call afterwards: %.1f ms", (double)longest / 1000.0);
  g_assert_cmpint (longest, <, G_USEC_PER_SEC);
  g_assert_false (sl_db_is_reachable (db));

  proxy_restore (proxy);
  failed = poll_until_reachable (db);
  g_test_message ("%u polls failed at once before the store was connected again", failed);
  g_assert_cmpint (SL_STORE (db)->count_entrants (db, &error), ==, 1);
  g_assert_no_error (error);
  /* The connection without the flag was never cut: it still works. */
  g_assert_cmpint (SL_STORE (patient)->count_entrants (patient, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (sl_db_is_reachable (patient));
}

/* The same, with nothing asked of the window but its polls: they send a
 * heartbeat after SL_PG_HEARTBEAT_MS without an answer and never wait for
 * it; one unanswered past the deadline cuts the connection, and a poll
 * says the server is unreachable, within heartbeat + deadline (and a
 * poll's interval). Then it is connected again by itself.
 */
static void
test_frozen_idle (void)
{
  g_autoptr(Proxy) proxy = proxy_new ();
  g_autofree char *location = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  gint64 start, end, longest = 0;

  location = new_proxied_event (proxy, NULL);
  db = sl_db_open_full (location, SL_DB_OPEN_INTERACTIVE, &error);
  g_assert_no_error (error);
  sl_db_poll_changes (db, &error);
  g_assert_no_error (error);

  /* Idle and answered: heartbeats come and go, no poll fails. */
  end = g_get_monotonic_time () + 2 * SL_PG_HEARTBEAT_MS * 1000 + 500000;
  while (g_get_monotonic_time () < end)
    {
      g_assert_false (sl_db_poll_changes (db, &error));
      g_assert_no_error (error);
      g_assert_true (sl_db_is_reachable (db));
      g_usleep (100000);
    }

  proxy_freeze (proxy);
  start = g_get_monotonic_time ();
  end = start + 4 * (SL_PG_HEARTBEAT_MS + SL_PG_ANSWER_TIMEOUT_MS) * 1000;
  while (error == NULL && g_get_monotonic_time () < end)
    {
      gint64 before = g_get_monotonic_time ();

      sl_db_poll_changes (db, &error);
      longest = MAX (longest, g_get_monotonic_time () - before);
      if (error == NULL)
        g_usleep (100000);
    }
  g_test_message ("an idle window said the server was unreachable after %.1f s;"
                  " longest poll %.1f ms", (double)(g_get_monotonic_time () - start) / 1e6,
                  (double)longest / 1000.0);
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no answer within 3 seconds"));
  g_clear_error (&error);
  g_assert_false (sl_db_is_reachable (db));
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (SL_PG_HEARTBEAT_MS + SL_PG_ANSWER_TIMEOUT_MS + 1500) * 1000);
  /* A poll never waited for the heartbeat's answer. */
  g_assert_cmpint (longest, <, 500000);

  proxy_restore (proxy);
  poll_until_reachable (db);
  g_assert_cmpint (SL_STORE (db)->count_entrants (db, &error), >=, 0);
  g_assert_no_error (error);
}

static gpointer
count_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 n = SL_STORE (data)->count_entrants (data, &error);

  g_assert_no_error (error);
  return GINT_TO_POINTER ((int)n + 1);
}

/* Only the window's main thread is cut: a worker thread reading on a
 * window's event (an import's dry run) waits for the server however long
 * it takes, and the event stays reachable.
 */
static void
test_frozen_worker_waits (void)
{
  g_autoptr(Proxy) proxy = proxy_new ();
  g_autofree char *location = new_proxied_event (proxy, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  GThread *thread;
  gint64 start, n;

  db = sl_db_open_full (location, SL_DB_OPEN_INTERACTIVE, &error);
  g_assert_no_error (error);
  n = SL_STORE (db)->count_entrants (db, &error);
  g_assert_no_error (error);
  proxy_freeze (proxy);
  start = g_get_monotonic_time ();
  thread = g_thread_new ("worker", count_thread, db);
  g_usleep ((SL_PG_ANSWER_TIMEOUT_MS + 1500) * 1000);
  g_assert_true (sl_db_is_reachable (db));
  proxy_restore (proxy);
  /* The read that waited is answered. */
  g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (thread)), ==, n + 1);
  g_test_message ("the worker's read waited %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_true (sl_db_is_reachable (db));
}

typedef struct
{
  SlDb    *db;
  GMutex   mutex;
  GCond    cond;
  gboolean held;
} Holder;

static gboolean
hold_cb (SlDb      *db,
         gpointer   user_data,
         GError   **error)
{
  Holder *holder = user_data;

  /* The write's BEGIN and lock go with its first statement. */
  if (!sl_pg_exec (db, "SELECT 1", NULL, error))
    return FALSE;
  g_mutex_lock (&holder->mutex);
  holder->held = TRUE;
  g_cond_signal (&holder->cond);
  g_mutex_unlock (&holder->mutex);
  g_usleep ((SL_PG_ANSWER_TIMEOUT_MS + 1000) * 1000);
  return TRUE;
}

static gpointer
hold_thread (gpointer data)
{
  Holder *holder = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_run_write (holder->db, hold_cb, holder, &error));
  g_assert_no_error (error);
  return NULL;
}

/* Only reads are cut: a window's event that writes while another desk
 * holds the write lock longer than SL_PG_ANSWER_TIMEOUT_MS (an import)
 * waits its turn and writes, the server still reachable.
 */
static void
test_slow_write_not_cut (void)
{
  g_autofree char *name = NULL;
  g_autofree char *user = NULL;
  g_autofree char *location = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlDb) other = NULL;
  g_autoptr(SlEntrant) e = NULL;
  Holder holder = { 0 };
  GThread *thread;
  gint64 start, took;

  new_event_database (&name, &user);
  location = g_strdup_printf ("%s dbname=%s", server, name);
  db = sl_db_open_full (location, SL_DB_OPEN_INTERACTIVE, &error);
  g_assert_no_error (error);
  other = sl_db_open (location, &error);
  g_assert_no_error (error);
  g_mutex_init (&holder.mutex);
  g_cond_init (&holder.cond);
  holder.db = other;
  thread = g_thread_new ("holder", hold_thread, &holder);
  g_mutex_lock (&holder.mutex);
  while (!holder.held)
    g_cond_wait (&holder.cond, &holder.mutex);
  g_mutex_unlock (&holder.mutex);

  start = g_get_monotonic_time ();
  e = sl_test_add_entrant (db, "32", NULL, "Patient", "Writer", NULL);
  took = g_get_monotonic_time () - start;
  g_test_message ("the write waited %.0f ms for the lock", (double)took / 1000.0);
  g_assert_nonnull (e);
  g_assert_cmpint (took, >, SL_PG_ANSWER_TIMEOUT_MS * 1000);
  g_assert_true (sl_db_is_reachable (db));
  g_assert_cmpint (SL_STORE (db)->count_entrants (db, &error), ==, 1);
  g_assert_no_error (error);
  g_thread_join (thread);
  g_cond_clear (&holder.cond);
  g_mutex_clear (&holder.mutex);
}

/* `startline 'host=… dbname=…'`: the app hands a connection string to GIO
 * as the URI sl_db_location_dup_uri writes (as a file's name it would be
 * one in the current folder); GIO keeps it as it is, and it opens the
 * same event, as the command line's --db does the connection string.
 */
static void
test_connection_string (void)
{
  g_autofree char *name = NULL;
  g_autofree char *user = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEvent) event = NULL;
  g_auto(SlTestRun) run = { 0 };

  new_event_database (&name, &user);
  conninfo = g_strdup_printf ("%s  dbname = '%s'", server, name);
  g_assert_true (sl_db_location_is_server (conninfo));
  uri = sl_db_location_dup_uri (conninfo);
  file = g_file_new_for_commandline_arg (uri);
  g_assert_null (g_file_get_path (file));
  kept = g_file_get_uri (file);
  g_assert_cmpstr (kept, ==, uri);
  db = sl_db_open (kept, &error);
  g_assert_no_error (error);
  event = SL_STORE (db)->event_get (db, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event->name, ==, "Net Marathon");

  sl_test_cli_run (&run, conninfo, NULL, "", NULL, "stats", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "event: Net Marathon"));
}

static int
socket_option (int fd,
               int level,
               int option)
{
  int value = -1;
  socklen_t len = sizeof value;

  g_assert_cmpint (getsockopt (fd, level, option, &value, &len), ==, 0);
  return value;
}

/* Opens location and checks its TCP socket's keepalives and user
 * timeout.
 */
static void
assert_keepalives (const char *location,
                   int         idle,
                   int         interval,
                   int         count,
                   int         user_timeout)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_open (location, &error);
  int fd;

  g_assert_no_error (error);
  fd = sl_pg_db_get_socket (db);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (socket_option (fd, SOL_SOCKET, SO_KEEPALIVE), ==, 1);
  g_assert_cmpint (socket_option (fd, IPPROTO_TCP, TCP_KEEPIDLE), ==, idle);
  g_assert_cmpint (socket_option (fd, IPPROTO_TCP, TCP_KEEPINTVL), ==, interval);
  g_assert_cmpint (socket_option (fd, IPPROTO_TCP, TCP_KEEPCNT), ==, count);
  g_assert_cmpint (socket_option (fd, IPPROTO_TCP, TCP_USER_TIMEOUT), ==, user_timeout);
}

/* Every connection over TCP has Startline's keepalives and user timeout
 * (a silent peer noticed in seconds), unless its location names its own:
 * a connection string's or a URI's parameters win.
 */
static void
test_keepalives (void)
{
  g_autoptr(Proxy) proxy = proxy_new ();
  g_autofree char *name = NULL;
  g_autofree char *user = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *own = NULL;
  g_autofree char *uri = NULL;

  new_event_database (&name, &user);
  plain = g_strdup_printf ("host=127.0.0.1 port=%d user=%s dbname=%s", proxy->port, user, name);
  assert_keepalives (plain, atoi (SL_PG_KEEPALIVES_IDLE), atoi (SL_PG_KEEPALIVES_INTERVAL),
                     atoi (SL_PG_KEEPALIVES_COUNT), atoi (SL_PG_TCP_USER_TIMEOUT));
  own = g_strdup_printf ("%s keepalives_idle=7 keepalives_interval=4 keepalives_count=6"
                         " tcp_user_timeout=3000", plain);
  assert_keepalives (own, 7, 4, 6, 3000);
  uri = g_strdup_printf ("postgresql://%s@127.0.0.1:%d/%s?keepalives_idle=8&tcp_user_timeout=4000",
                         user, proxy->port, name);
  assert_keepalives (uri, 8, atoi (SL_PG_KEEPALIVES_INTERVAL), atoi (SL_PG_KEEPALIVES_COUNT),
                     4000);
}

/* A failure libpq made itself (no SQLSTATE: the server closed the
 * connection, nothing could be read) means the server is gone, however
 * the connection's status reads yet.
 */
static void
test_client_failure_is_gone (void)
{
  PGresult *made = PQmakeEmptyPGresult (NULL, PGRES_FATAL_ERROR);
  PGresult *fine = PQmakeEmptyPGresult (NULL, PGRES_COMMAND_OK);

  g_assert_true (sl_pg_result_server_gone (made));
  g_assert_false (sl_pg_result_server_gone (fine));
  g_assert_false (sl_pg_result_server_gone (NULL));
  PQclear (made);
  PQclear (fine);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  server = g_getenv ("STARTLINE_TEST_PG");
  if (server == NULL || *server == '\0')
    {
      /* Never a skip: without a server nothing here was tested. */
      g_printerr ("STARTLINE_TEST_PG is not set: run this test under "
                  "tests/with-pg-cluster.sh (meson test --suite pg)\n");
      printf ("Bail out! STARTLINE_TEST_PG is not set\n");
      return 1;
    }
  /* This thread is the one a window reads in: the watch's (sl-pg-watch.c). */
  g_main_context_acquire (NULL);
  g_test_add_func ("/pg-net/silent-server", test_silent_server);
  g_test_add_func ("/pg-net/frozen-server", test_frozen_server);
  g_test_add_func ("/pg-net/frozen-idle", test_frozen_idle);
  g_test_add_func ("/pg-net/frozen-worker-waits", test_frozen_worker_waits);
  g_test_add_func ("/pg-net/slow-write-not-cut", test_slow_write_not_cut);
  g_test_add_func ("/pg-net/client-failure-is-gone", test_client_failure_is_gone);
  g_test_add_func ("/pg-net/keepalives", test_keepalives);
  g_test_add_func ("/pg-net/connection-string", test_connection_string);
  return g_test_run ();
}
