/* sl-pg-db.c — the PostgreSQL store: its connection, statements and
 * transactions, opening and creating an event, and the methods it gives
 * the store interface
 *
 * One SlPgDb is one libpq connection behind the store's lock. Every
 * statement goes through sl_pg_run (PQexecParams: parameters apart from
 * the text, never spliced into it) or sl_pg_run_prepared (prepared once
 * per connection). Writes are serialised by an advisory lock taken at
 * their begin (SL_PG_WRITE_LOCK_KEY; shared by check-ins); reads never
 * wait. A write's BEGIN and lock, its audit entries and its commit are
 * not round trips of their own: they are deferred (sl_pg_defer) and sent
 * in one pipeline with the next statement, or the commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-pg-private.h"

G_DEFINE_FINAL_TYPE (SlPgDb, sl_pg_db, SL_TYPE_DB)

static void
sl_pg_db_dispose (GObject *object)
{
  SlPgDb *self = (SlPgDb *)object;

  g_clear_object (&self->writer);

  G_OBJECT_CLASS (sl_pg_db_parent_class)->dispose (object);
}

/* A statement waiting for the next one (sl_pg_defer). */
typedef struct
{
  const char *name;     /* prepared under this name; NULL: sql as it is */
  char       *sql;
  SlPgParams  params;
} Deferred;

static void
deferred_free (Deferred *deferred)
{
  sl_pg_params_clear (&deferred->params);
  g_free (deferred->sql);
  g_free (deferred);
}

static void
sl_pg_db_finalize (GObject *object)
{
  SlPgDb *self = (SlPgDb *)object;

  g_clear_pointer (&self->deferred, g_ptr_array_unref);
  g_clear_pointer (&self->prepared, g_hash_table_unref);
  g_mutex_clear (&self->writer_mutex);
  if (self->copy_rows != NULL)
    g_string_free (self->copy_rows, TRUE);
  if (self->copy_search != NULL)
    g_string_free (self->copy_search, TRUE);
  g_clear_pointer (&self->watch, sl_pg_watch_free);
  g_clear_pointer (&self->conn, PQfinish);
  /* No attempt is under way: it holds a reference. */
  g_clear_pointer (&self->reconnected, PQfinish);
  g_mutex_clear (&self->reconnect_mutex);
  g_clear_pointer (&self->display, g_free);

  G_OBJECT_CLASS (sl_pg_db_parent_class)->finalize (object);
}

static void
sl_pg_db_init (SlPgDb *self)
{
  g_mutex_init (&self->writer_mutex);
  g_mutex_init (&self->reconnect_mutex);
  self->prepared = g_hash_table_new (g_str_hash, g_str_equal);
  self->deferred = g_ptr_array_new_with_free_func ((GDestroyNotify)deferred_free);
}

/* ---- Parameters and results --------------------------------------------- */

void
sl_pg_params_clear (SlPgParams *params)
{
  for (int i = 0; i < params->n; i++)
    g_clear_pointer (&params->owned[i], g_free);
  params->n = 0;
}

static void
add_param (SlPgParams *params,
           char       *owned,
           int         length,
           int         format)
{
  g_assert (params->n < SL_PG_MAX_PARAMS);
  params->owned[params->n] = owned;
  params->values[params->n] = owned;
  params->lengths[params->n] = length;
  params->formats[params->n] = format;
  params->n++;
}

void
sl_pg_param_text (SlPgParams *params,
                  const char *str)
{
  add_param (params, g_strdup (str), 0, 0);
}

void
sl_pg_param_optional (SlPgParams *params,
                      const char *str)
{
  add_param (params, str != NULL && *str != '\0' ? g_strdup (str) : NULL, 0, 0);
}

void
sl_pg_param_int64 (SlPgParams *params,
                   gint64      value)
{
  add_param (params, g_strdup_printf ("%" G_GINT64_FORMAT, value), 0, 0);
}

void
sl_pg_param_id (SlPgParams *params,
                gint64      value)
{
  if (value > 0)
    sl_pg_param_int64 (params, value);
  else
    add_param (params, NULL, 0, 0);
}

void
sl_pg_param_bytes (SlPgParams   *params,
                   const guint8 *data,
                   gsize         len)
{
  add_param (params, data != NULL ? g_memdup2 (data, MAX (len, 1)) : NULL, (int)len, 1);
}

PGconn *
sl_pg_get_conn (SlDb *db)
{
  return SL_PG_DB (db)->conn;
}

/* Makes the connection again in a thread of its own: the caller (the
 * window's, in the main thread) never waits for a server that does not
 * answer (up to connect_timeout). The connection made, or the failed
 * attempt with its reason, waits in reconnected for the next statement.
 */
static gpointer
reconnect_thread (gpointer data)
{
  g_autoptr(SlPgDb) self = data;
  PGconn *conn = sl_pg_connect_raw (sl_db_get_path (SL_DB (self)));

  g_mutex_lock (&self->reconnect_mutex);
  g_clear_pointer (&self->reconnected, PQfinish);
  self->reconnected = conn;
  self->reconnecting = FALSE;
  g_mutex_unlock (&self->reconnect_mutex);
  return NULL;
}

/* Starts an attempt unless one is under way or its outcome not yet taken. */
static void
start_reconnect (SlPgDb *self)
{
  gboolean start;

  if (self->reader)
    return;
  g_mutex_lock (&self->reconnect_mutex);
  start = !self->reconnecting && self->reconnected == NULL;
  self->reconnecting = self->reconnecting || start;
  g_mutex_unlock (&self->reconnect_mutex);
  if (start)
    g_thread_unref (g_thread_new ("sl-pg-reconnect", reconnect_thread, g_object_ref (self)));
}

/* The outcome of the last attempt, if it ended, in place of the lost
 * connection: whether it is a working one.
 */
static gboolean
take_reconnected (SlPgDb *self)
{
  PGconn *conn;

  g_mutex_lock (&self->reconnect_mutex);
  conn = g_steal_pointer (&self->reconnected);
  g_mutex_unlock (&self->reconnect_mutex);
  if (conn == NULL)
    return FALSE;
  PQfinish (self->conn);
  self->conn = conn;
  self->cut = FALSE;
  self->heartbeat_sent = 0;
  return PQstatus (conn) == CONNECTION_OK;
}

/* Why the event is unreachable: the watch cut a connection the server
 * did not answer on, or libpq's words.
 */
static void
set_unreachable_error (SlPgDb  *self,
                       GError **error)
{
  g_autofree char *reason = NULL;

  if (!self->cut)
    {
      sl_pg_set_connect_error (self->conn, self->display, error);
      return;
    }
  reason = g_strdup_printf (_("no answer within %.0f seconds"),
                            sl_pg_watch_get_timeout_ms (self->watch) / 1000.0);
  g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED, _("Server unreachable (%s): %s"),
               self->display, reason);
}

/* A connection the server dropped (or the watch cut) is made again, in a
 * thread (start_reconnect), and taken by the first statement after it is made;
 * until then every statement fails at once, saying the server is
 * unreachable. Never inside a write (its transaction is gone: every
 * statement fails until the rollback) nor in a reader (its snapshot is
 * gone). The event says whether the server answers (sl_db_set_reachable).
 * A new connection has no prepared statements.
 */
static gboolean
ensure_connected (SlDb    *db,
                  GError **error)
{
  SlPgDb *self = SL_PG_DB (db);

  if (PQstatus (self->conn) == CONNECTION_OK && !self->cut)
    return TRUE;
  /* The session and its LISTEN are gone (sl-pg-live.c). */
  self->listening = FALSE;
  if (!self->in_write && !self->reader)
    {
      if (take_reconnected (self))
        {
          g_hash_table_remove_all (self->prepared);
          /* What was notified meanwhile is lost: a change to follow. */
          self->sessions++;
          sl_db_set_reachable (db, TRUE);
          return TRUE;
        }
      start_reconnect (self);
    }
  sl_db_set_reachable (db, FALSE);
  set_unreachable_error (self, error);
  return FALSE;
}

/* A statement's result: kept when it succeeded, else NULL with the error
 * (and the event marked unreachable when the connection went).
 */
static PGresult *
check_result (SlDb      *db,
              PGresult  *res,
              GError   **error)
{
  ExecStatusType status = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;

  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
    {
      if (!sl_db_is_reachable (db))
        sl_db_set_reachable (db, TRUE);
      return res;
    }
  if (PQstatus (sl_pg_get_conn (db)) != CONNECTION_OK || sl_pg_result_server_gone (res))
    sl_db_set_reachable (db, FALSE);
  /* The next connection is being made while the caller is told. */
  if (PQstatus (sl_pg_get_conn (db)) != CONNECTION_OK)
    start_reconnect (SL_PG_DB (db));
  sl_pg_set_error (db, res, error);
  PQclear (res);
  return NULL;
}

static gboolean
prepare_once (SlDb        *db,
              const char  *name,
              const char  *sql,
              GError     **error)
{
  SlPgDb *self = SL_PG_DB (db);
  PGresult *res;

  if (name == NULL || g_hash_table_contains (self->prepared, name))
    return TRUE;
  /* The server infers the parameters' types. */
  res = check_result (db, PQprepare (self->conn, name, sql, 0, NULL), error);
  if (res == NULL)
    return FALSE;
  PQclear (res);
  g_hash_table_add (self->prepared, (gpointer)name);
  return TRUE;
}

static int
send_deferred (PGconn         *conn,
               const Deferred *d)
{
  const SlPgParams *p = &d->params;

  if (d->name != NULL)
    return PQsendQueryPrepared (conn, d->name, p->n, p->values, p->lengths, p->formats, 0);
  return PQsendQueryParams (conn, d->sql, p->n, NULL, p->values, p->lengths, p->formats, 0);
}

/* Reads one statement's results in a pipeline: the first (or NULL when
 * the connection went), the rest until the NULL that ends them dropped.
 */
static PGresult *
read_pipeline_result (PGconn *conn)
{
  PGresult *res = PQgetResult (conn);
  PGresult *more;

  if (res == NULL)
    return NULL;
  while ((more = PQgetResult (conn)) != NULL)
    PQclear (more);
  return res;
}

/* Sends items in one pipeline, then reads every result and the sync's:
 * the last statement's result, or NULL with the first failure's error.
 */
static PGresult *
send_and_read (SlDb       *db,
               GPtrArray  *items,
               GError    **error)
{
  PGconn *conn = sl_pg_get_conn (db);
  PGresult *kept = NULL;
  gboolean failed = !PQenterPipelineMode (conn);
  gboolean synced = FALSE;
  guint n_sent = 0;

  while (!failed && n_sent < items->len)
    {
      failed = !send_deferred (conn, items->pdata[n_sent]);
      n_sent += failed ? 0 : 1;
    }
  synced = n_sent > 0 && PQpipelineSync (conn);
  failed = failed || !synced;
  for (guint i = 0; i < n_sent; i++)
    {
      PGresult *res = read_pipeline_result (conn);

      if (res == NULL)
        {
          failed = TRUE;
          synced = FALSE;
          break;
        }
      /* After a failure the rest come back aborted: the first says why. */
      if (PQresultStatus (res) == PGRES_PIPELINE_ABORTED || (failed && i + 1 < n_sent))
        {
          PQclear (res);
          continue;
        }
      res = check_result (db, res, failed ? NULL : error);
      failed = failed || res == NULL;
      if (res != NULL && i + 1 == n_sent && !failed)
        kept = res;
      else if (res != NULL)
        PQclear (res);
    }
  if (synced)
    {
      PGresult *res;

      while ((res = PQgetResult (conn)) != NULL)
        {
          ExecStatusType status = PQresultStatus (res);

          PQclear (res);
          if (status == PGRES_PIPELINE_SYNC)
            break;
        }
    }
  PQexitPipelineMode (conn);
  if (failed)
    {
      if (PQstatus (conn) != CONNECTION_OK)
        {
          sl_db_set_reachable (db, FALSE);
          start_reconnect (SL_PG_DB (db));
        }
      if (error != NULL && *error == NULL)
        sl_pg_set_error (db, NULL, error);
      g_clear_pointer (&kept, PQclear);
    }
  return kept;
}

/* Sends the deferred statements and then last (if any) in one pipeline:
 * one round trip. Returns last's result (an empty success without last),
 * or NULL with the first failure's error; the deferred are gone either
 * way.
 */
static PGresult *
run_pipeline (SlDb      *db,
              Deferred  *last,
              GError   **error)
{
  SlPgDb *self = SL_PG_DB (db);
  g_autoptr(GPtrArray) items = g_steal_pointer (&self->deferred);
  PGresult *res = NULL;
  gboolean prepared = TRUE;

  self->deferred = g_ptr_array_new_with_free_func ((GDestroyNotify)deferred_free);
  if (last != NULL)
    g_ptr_array_add (items, last);
  if (items->len == 0)
    return PQmakeEmptyPGresult (self->conn, PGRES_COMMAND_OK);
  for (guint i = 0; prepared && i < items->len; i++)
    {
      Deferred *d = items->pdata[i];

      prepared = prepare_once (db, d->name, d->sql, error);
    }
  if (prepared)
    res = send_and_read (db, items, error);
  /* last is the caller's. */
  if (last != NULL)
    g_ptr_array_steal_index (items, items->len - 1);
  if (res != NULL && last == NULL)
    {
      PQclear (res);
      res = PQmakeEmptyPGresult (self->conn, PGRES_COMMAND_OK);
    }
  return res;
}

static PGresult *
send_statement (SlDb        *db,
                const char  *name,
                const char  *sql,
                SlPgParams  *params,
                GError     **error)
{
  SlPgDb *self = SL_PG_DB (db);
  PGconn *conn;
  Deferred last = { name, (char *)sql, { 0 } };
  PGresult *res;

  sl_pg_take_heartbeat (db);
  /* A bulk insert's rows waiting to be sent go first: what follows sees
   * them.
   */
  if (self->bulk != NULL && !sl_pg_bulk_flush (db, error))
    return NULL;
  conn = self->conn;
  if (self->deferred->len > 0 && (params != NULL || name != NULL))
    {
      if (params != NULL)
        last.params = *params;
      res = run_pipeline (db, &last, error);
      return res;
    }
  if (self->deferred->len > 0)
    {
      /* A text of several statements (the schema) cannot be in a pipeline. */
      res = run_pipeline (db, NULL, error);
      if (res == NULL)
        return NULL;
      PQclear (res);
    }
  if (name != NULL && !prepare_once (db, name, sql, error))
    return NULL;
  /* Without parameters, PQexec: the schema is many statements in one text. */
  if (name != NULL)
    res = PQexecPrepared (conn, name, params != NULL ? params->n : 0,
                          params != NULL ? params->values : NULL,
                          params != NULL ? params->lengths : NULL,
                          params != NULL ? params->formats : NULL, 0);
  else if (params == NULL)
    res = PQexec (conn, sql);
  else
    res = PQexecParams (conn, sql, params->n, NULL, params->values, params->lengths,
                        params->formats, 0);
  return check_result (db, res, error);
}

/* The watch cut the connection while the statement waited: the event is
 * unreachable and the connection being made again. A result that came
 * just as it was cut is kept; a failure says why.
 */
static PGresult *
cut_off (SlDb      *db,
         PGresult  *res,
         GError   **error)
{
  SlPgDb *self = SL_PG_DB (db);

  self->cut = TRUE;
  sl_db_set_reachable (db, FALSE);
  start_reconnect (self);
  if (res == NULL && error != NULL)
    {
      g_clear_error (error);
      set_unreachable_error (self, error);
    }
  return res;
}

void
sl_pg_cut (SlDb    *db,
           GError **error)
{
  cut_off (db, NULL, error);
}

void
sl_pg_take_heartbeat (SlDb *db)
{
  SlPgDb *self = SL_PG_DB (db);
  PGresult *res;

  if (self->heartbeat_sent == 0)
    return;
  self->heartbeat_sent = 0;
  while ((res = PQgetResult (self->conn)) != NULL)
    PQclear (res);
}

static PGresult *
run_statement (SlDb        *db,
               const char  *name,
               const char  *sql,
               SlPgParams  *params,
               GError     **error)
{
  SlPgDb *self = SL_PG_DB (db);
  PGresult *res;

  if (!ensure_connected (db, error))
    return NULL;
  /* Only what the window's main thread (the default main context's
   * owner) reads is cut: a worker thread on this connection (an import's
   * dry run) may take longer, and a write may wait its turn for the write
   * lock (another desk's import holds it for seconds). A window's writes
   * run on the writer's connection anyway.
   */
  if (self->watch == NULL || self->in_write || !g_main_context_is_owner (NULL))
    return send_statement (db, name, sql, params, error);
  sl_pg_watch_arm (self->watch, PQsocket (self->conn));
  res = send_statement (db, name, sql, params, error);
  if (sl_pg_watch_disarm (self->watch))
    res = cut_off (db, res, error);
  else if (res != NULL)
    self->last_answer = g_get_monotonic_time ();
  return res;
}

PGresult *
sl_pg_run (SlDb        *db,
           const char  *sql,
           SlPgParams  *params,
           GError     **error)
{
  return run_statement (db, NULL, sql, params, error);
}

gpointer
sl_pg_first_row (const PGresult  *res,
                 SlPgFromRowFunc  from_row)
{
  if (res == NULL || PQntuples (res) == 0)
    return NULL;
  return from_row (res, 0);
}

gpointer
sl_pg_get_one (SlDb             *db,
               const char       *sql,
               SlPgParams       *params,
               SlPgFromRowFunc   from_row,
               GError          **error)
{
  g_autoptr(PGresult) res = NULL;

  sl_db_lock (db);
  res = sl_pg_run (db, sql, params, error);
  sl_db_unlock (db);
  return sl_pg_first_row (res, from_row);
}

PGresult *
sl_pg_run_prepared (SlDb        *db,
                    const char  *name,
                    const char  *sql,
                    SlPgParams  *params,
                    GError     **error)
{
  return run_statement (db, name, sql, params, error);
}

gboolean
sl_pg_flush_deferred (SlDb    *db,
                      GError **error)
{
  PGresult *res;

  if (SL_PG_DB (db)->deferred->len == 0)
    return TRUE;
  sl_pg_take_heartbeat (db);
  res = run_pipeline (db, NULL, error);
  if (res == NULL)
    return FALSE;
  PQclear (res);
  return TRUE;
}

void
sl_pg_defer (SlDb        *db,
             const char  *name,
             const char  *sql,
             SlPgParams  *params)
{
  Deferred *deferred = g_new0 (Deferred, 1);

  deferred->name = name;
  deferred->sql = g_strdup (sql);
  if (params != NULL)
    {
      deferred->params = *params;
      memset (params, 0, sizeof *params);
    }
  g_ptr_array_add (SL_PG_DB (db)->deferred, deferred);
}

gboolean
sl_pg_exec (SlDb        *db,
            const char  *sql,
            SlPgParams  *params,
            GError     **error)
{
  g_autoptr(PGresult) res = sl_pg_run (db, sql, params, error);

  return res != NULL;
}

gboolean
sl_pg_run_int64 (SlDb        *db,
                 const char  *sql,
                 SlPgParams  *params,
                 gint64      *value,
                 GError     **error)
{
  g_autoptr(PGresult) res = sl_pg_run (db, sql, params, error);

  if (res == NULL)
    return FALSE;
  *value = sl_pg_int64 (res, 0, 0);
  return TRUE;
}

char *
sl_pg_dup (const PGresult *res,
           int             row,
           int             column)
{
  if (PQgetisnull (res, row, column))
    return NULL;
  return g_strdup (PQgetvalue (res, row, column));
}

gint64
sl_pg_int64 (const PGresult *res,
             int             row,
             int             column)
{
  if (PQgetisnull (res, row, column))
    return 0;
  return g_ascii_strtoll (PQgetvalue (res, row, column), NULL, 10);
}

GBytes *
sl_pg_bytes (const PGresult *res,
             int             row,
             int             column)
{
  size_t len = 0;
  unsigned char *data;
  GBytes *bytes;

  if (PQgetisnull (res, row, column))
    return NULL;
  data = PQunescapeBytea ((const unsigned char *)PQgetvalue (res, row, column), &len);
  if (data == NULL)
    return NULL;
  bytes = g_bytes_new (data, len);
  PQfreemem (data);
  return bytes;
}

gint64
sl_pg_changes (const PGresult *res)
{
  const char *n = PQcmdTuples ((PGresult *)res);

  return n != NULL && *n != '\0' ? g_ascii_strtoll (n, NULL, 10) : 0;
}

/* ---- Connections ------------------------------------------------------- */

static gboolean
is_uri (const char *location)
{
  return g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://");
}

/* A URI, or what libpq reads as a connection string of key=value pairs
 * (its own parser: known keywords only, quotes and spaces as it takes
 * them). Without "=" it is a file ("" is an empty connection string to
 * libpq, and no event).
 */
gboolean
sl_pg_db_is_location (const char *location)
{
  PQconninfoOption *options;
  char *message = NULL;

  if (location == NULL)
    return FALSE;
  if (is_uri (location))
    return TRUE;
  if (strchr (location, '=') == NULL)
    return FALSE;
  options = PQconninfoParse (location, &message);
  PQfreemem (message);
  if (options == NULL)
    return FALSE;
  PQconninfoFree (options);
  return TRUE;
}

char *
sl_pg_db_dup_uri (const char *location)
{
  PQconninfoOption *options;
  GString *uri;
  char separator = '?';

  if (location == NULL || is_uri (location))
    return g_strdup (location);
  if (!sl_pg_db_is_location (location) || (options = PQconninfoParse (location, NULL)) == NULL)
    return NULL;
  /* Every keyword a query parameter: libpq reads a URI's so. */
  uri = g_string_new ("postgresql://");
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      g_autofree char *value = NULL;

      if (o->val == NULL)
        continue;
      value = g_uri_escape_string (o->val, NULL, FALSE);
      g_string_append_printf (uri, "%c%s=%s", separator, o->keyword, value);
      separator = '&';
    }
  PQconninfoFree (options);
  return g_string_free (uri, FALSE);
}

char *
sl_pg_dup_display (PGconn *conn)
{
  const char *host = PQhost (conn);

  if (host == NULL || *host == '\0' || *host == '/')
    return g_strdup_printf (_("database “%s” on this computer"), PQdb (conn));
  return g_strdup_printf (_("database “%s” on %s"), PQdb (conn), host);
}

/* The connection's own settings, before the location's: a URI or
 * connection string that names any of them overrides it (libpq: later
 * keywords override earlier ones, the expanded dbname included). TCP
 * keepalives and a user timeout notice a peer that went silent (a dropped
 * network) in seconds rather than the system's two hours; they are
 * ignored on a Unix socket. Then the location, then what Startline needs.
 */
static const char * const connect_keywords[] = {
  "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
  "tcp_user_timeout",
  "dbname",
  "application_name", "client_encoding", "connect_timeout", NULL
};
#define CONNECT_LOCATION 5

PGconn *
sl_pg_connect_raw (const char *location)
{
  const char *values[] = { "1", SL_PG_KEEPALIVES_IDLE, SL_PG_KEEPALIVES_INTERVAL,
                           SL_PG_KEEPALIVES_COUNT, SL_PG_TCP_USER_TIMEOUT,
                           location,
                           "startline", "UTF8", SL_PG_CONNECT_TIMEOUT, NULL };
  PGconn *conn;

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (connect_keywords));
  g_assert (g_str_equal (connect_keywords[CONNECT_LOCATION], "dbname"));
  conn = PQconnectdbParams (connect_keywords, values, 1);
  if (conn != NULL && PQstatus (conn) == CONNECTION_OK)
    {
      /* Text compared byte by byte, times as text: the same answers as
       * the file store whatever the server's defaults.
       */
      PQclear (PQexec (conn, "SET client_min_messages = warning"));
    }
  return conn;
}

PGconn *
sl_pg_connect (const char  *location,
               GError     **error)
{
  PGconn *conn = sl_pg_connect_raw (location);

  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      sl_pg_set_connect_error (conn, NULL, error);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

static SlPgDb *
new_connection (const char  *location,
                gboolean     read_only,
                GError     **error)
{
  g_autoptr(SlPgDb) self = g_object_new (SL_TYPE_PG_DB, NULL);

  sl_db_set_location (SL_DB (self), location);
  sl_db_set_read_only (SL_DB (self), read_only);
  self->conn = sl_pg_connect (location, error);
  if (self->conn == NULL)
    return NULL;
  self->display = sl_pg_dup_display (self->conn);
  return g_steal_pointer (&self);
}

static gboolean
load_event_timezone (SlDb    *db,
                     GError **error)
{
  g_autoptr(PGresult) res = sl_pg_run (db, "SELECT timezone FROM event WHERE id = 1", NULL,
                                       error);
  g_autofree char *tz = NULL;

  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    tz = sl_pg_dup (res, 0, 0);
  sl_db_set_event_timezone (db, tz);
  return TRUE;
}

/* ---- Transactions ------------------------------------------------------ */

void
sl_pg_begin_shared_write (SlDb *db)
{
  SL_PG_DB (db)->next_write_shared = TRUE;
}

/* BEGIN and the write lock are sent with the write's first statement. A
 * connection the server dropped is made again first (outside the write).
 */
static gboolean
pg_begin_write (SlDb    *db,
                GError **error)
{
  SlPgDb *self = SL_PG_DB (db);
  gboolean shared = self->next_write_shared;

  sl_db_lock (db);
  g_assert (!self->in_write);
  self->next_write_shared = FALSE;

  if (sl_db_is_read_only (db))
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_READ_ONLY,
                   _("The %s is open for reading only: nothing can be changed"), self->display);
      sl_db_unlock (db);
      return FALSE;
    }
  if (!ensure_connected (db, error))
    {
      sl_db_unlock (db);
      return FALSE;
    }
  sl_pg_defer (db, NULL, "BEGIN", NULL);
  if (shared)
    sl_pg_defer (db, "sl_write_lock_shared",
                 "SELECT pg_advisory_xact_lock_shared (" SL_PG_WRITE_LOCK_KEY ")", NULL);
  else
    sl_pg_defer (db, "sl_write_lock", "SELECT pg_advisory_xact_lock (" SL_PG_WRITE_LOCK_KEY ")",
                 NULL);
  self->in_write = TRUE;
  self->write_shared = shared;
  self->chain_known = FALSE;
  return TRUE;
}

static void
end_write (SlPgDb *self)
{
  g_ptr_array_set_size (self->deferred, 0);
  self->in_write = FALSE;
  self->write_shared = FALSE;
  self->chain_known = FALSE;
  sl_db_unlock (SL_DB (self));
}

/* What is deferred, the data version other connections poll
 * (pg_data_version) and COMMIT: one round trip.
 */
static gboolean
pg_commit (SlDb    *db,
           GError **error)
{
  SlPgDb *self = SL_PG_DB (db);
  g_auto(SlPgParams) none = { 0 };   /* in the pipeline, not PQexec */
  gboolean ok;

  g_assert (self->in_write);

  /* The data version other connections poll, and their wake-up: the
   * server delivers the notification at the commit, and only then
   * (sl-pg-live.c). Sent with what is deferred and COMMIT.
   */
  sl_pg_defer (db, "sl_bump_data_version",
               "UPDATE startline_meta SET data_version = data_version + 1"
               " RETURNING pg_notify ('" SL_PG_CHANGES_CHANNEL "', '')", NULL);
  ok = sl_pg_exec (db, "COMMIT", &none, error);
  if (!ok && PQstatus (self->conn) == CONNECTION_OK
      && PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    PQclear (PQexec (self->conn, "ROLLBACK"));
  if (ok)
    self->own_commits++;
  end_write (self);
  return ok;
}

static void
pg_rollback (SlDb *db)
{
  SlPgDb *self = SL_PG_DB (db);

  g_assert (self->in_write);

  /* Nothing deferred is sent: if BEGIN went, ROLLBACK ends it. */
  g_ptr_array_set_size (self->deferred, 0);
  if (PQstatus (self->conn) == CONNECTION_OK && PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    PQclear (PQexec (self->conn, "ROLLBACK"));
  end_write (self);
}

static SlDb *
pg_open_reader (SlDb    *db,
                GError **error)
{
  g_autoptr(SlPgDb) reader = new_connection (sl_db_get_path (db), TRUE, error);

  if (reader == NULL)
    return NULL;
  reader->reader = TRUE;
  /* One snapshot for the reader's life, as an export needs. */
  if (!sl_pg_exec (SL_DB (reader), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL,
                   error)
      || !load_event_timezone (SL_DB (reader), error))
    return NULL;
  return SL_DB (g_steal_pointer (&reader));
}

static SlDb *
pg_dup_writer (SlDb    *db,
               GError **error)
{
  SlPgDb *self = SL_PG_DB (db);
  SlDb *writer = NULL;

  g_mutex_lock (&self->writer_mutex);
  if (self->writer == NULL)
    {
      self->writer = SL_DB (new_connection (sl_db_get_path (db), sl_db_is_read_only (db), error));
      if (self->writer != NULL && !load_event_timezone (self->writer, error))
        g_clear_object (&self->writer);
    }
  if (self->writer != NULL)
    writer = g_object_ref (self->writer);
  g_mutex_unlock (&self->writer_mutex);
  return writer;
}

static gboolean
pg_audit_append (SlDb        *db,
                 const char  *desk,
                 const char  *action,
                 const char  *entity,
                 gint64       entity_id,
                 const char  *before_json,
                 const char  *after_json,
                 GError     **error)
{
  return sl_pg_audit_insert (db, NULL, desk, action, entity, entity_id, before_json, after_json,
                             error);
}

/* A quick check: the server answers and the event's record is there. */
static gboolean
pg_check_integrity (SlDb      *db,
                    gboolean   full,
                    GError   **error)
{
  g_autoptr(PGresult) res = NULL;

  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT count(*) FROM event", NULL, error);
  sl_db_unlock (db);
  if (res == NULL)
    return FALSE;
  if (sl_pg_int64 (res, 0, 0) != 1)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                   _("The %s is damaged: it has no event record"), SL_PG_DB (db)->display);
      return FALSE;
    }
  return TRUE;
}

static void
sl_pg_db_class_init (SlPgDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SlDbClass *store_class = SL_DB_CLASS (klass);

  object_class->dispose = sl_pg_db_dispose;
  object_class->finalize = sl_pg_db_finalize;

  store_class->open_reader = pg_open_reader;
  store_class->dup_writer = pg_dup_writer;
  store_class->begin_write = pg_begin_write;
  store_class->commit = pg_commit;
  store_class->rollback = pg_rollback;
  store_class->data_version = sl_pg_live_data_version;
  store_class->check_integrity = pg_check_integrity;
  store_class->audit_append = pg_audit_append;

  sl_pg_event_install (store_class);
  sl_pg_entrants_install (store_class);
  sl_pg_checkin_install (store_class);
  sl_pg_search_install (store_class);
  sl_pg_audit_install (store_class);
  sl_pg_needs_install (store_class);
  sl_pg_staff_install (store_class);
  sl_pg_bulk_install (store_class);
  sl_pg_import_install (store_class);
  sl_pg_export_install (store_class);
  sl_pg_copy_install (store_class);
  sl_pg_facilities_install (store_class);
}

/* ---- Opening and creating ---------------------------------------------- */

static gboolean
check_ours (SlDb    *db,
            GError **error)
{
  const char *display = SL_PG_DB (db)->display;
  gboolean complete = FALSE;
  int ours = 0;
  int version = 0;

  if (!sl_pg_schema_inspect (db, &ours, &version, error))
    return FALSE;
  if (ours == 0)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS,
                   _("The %s is empty: it holds no Startline event (create one there first)"),
                   display);
      return FALSE;
    }
  if (ours < 0)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS,
                   _("The %s is a PostgreSQL database but not a Startline event"), display);
      return FALSE;
    }
  if (version > SL_DB_SCHEMA_VERSION)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_TOO_NEW,
                   _("The %s was written by a newer version of Startline (format %d; this "
                     "version reads up to %d). Update Startline to open it."),
                   display, version, SL_DB_SCHEMA_VERSION);
      return FALSE;
    }
  if (version < SL_DB_SCHEMA_VERSION)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                   _("The %s holds a Startline event of format %d, which this version cannot "
                     "upgrade on a server"),
                   display, version);
      return FALSE;
    }
  if (!sl_pg_schema_is_complete (db, &complete, error))
    return FALSE;
  if (!complete)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                   _("The %s was made by a test build of Startline and lacks parts of "
                     "the event's tables; make the event again (or copy it from a file) "
                     "in an empty database"),
                   display);
      return FALSE;
    }
  return TRUE;
}

SlDb *
sl_pg_db_open (const char     *location,
               SlDbOpenFlags   flags,
               GError        **error)
{
  g_autoptr(SlPgDb) self = NULL;

  self = new_connection (location, (flags & SL_DB_OPEN_READ_ONLY) != 0, error);
  if (self != NULL && (flags & SL_DB_OPEN_INTERACTIVE) != 0)
    self->watch = sl_pg_watch_new (SL_PG_ANSWER_TIMEOUT_MS);
  if (self == NULL
      || !check_ours (SL_DB (self), error)
      || !load_event_timezone (SL_DB (self), error))
    return NULL;
  return SL_DB (g_steal_pointer (&self));
}

static gboolean
check_new_event (const char  *event_name,
                 const char  *event_date,
                 char       **name_out,
                 GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (event_name != NULL ? event_name : ""));
  guint y, m, d;

  if (*name == '\0')
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID, _("The event needs a name"));
      return FALSE;
    }
  if (event_date == NULL || strlen (event_date) != 10
      || sscanf (event_date, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                   _("“%s” is not a date; write the event date as YYYY-MM-DD"),
                   event_date != NULL ? event_date : "");
      return FALSE;
    }
  *name_out = g_steal_pointer (&name);
  return TRUE;
}

/* In the creating write: the database holds nothing (else it is refused
 * untouched), then the schema.
 */
static gboolean
create_schema_in_write (SlDb    *db,
                        GError **error)
{
  const char *display = SL_PG_DB (db)->display;
  int ours = 0;
  int version = 0;

  if (!sl_pg_schema_inspect (db, &ours, &version, error))
    return FALSE;
  if (ours > 0)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_EXISTS,
                   _("The %s already holds a Startline event; choose another database"),
                   display);
      return FALSE;
    }
  if (ours < 0)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS,
                   _("The %s already holds tables of another program; Startline leaves it "
                     "alone (choose an empty database)"),
                   display);
      return FALSE;
    }
  return sl_pg_schema_create (db, error);
}

/* In the creating write: the schema, the event's record and its audit
 * entry.
 */
static gboolean
create_in_write (SlDb        *db,
                 const char  *name,
                 const char  *date,
                 GError     **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autofree char *now = sl_db_now_utc ();
  g_autofree char *after = NULL;
  SlEvent event = { 0 };

  if (!create_schema_in_write (db, error))
    return FALSE;

  event.name = (char *)name;
  event.date = (char *)date;
  event.timezone = (char *)"Europe/London";
  sl_pg_param_text (&params, event.name);
  sl_pg_param_text (&params, event.date);
  sl_pg_param_text (&params, event.timezone);
  sl_pg_param_text (&params, now);
  after = sl_event_dup_image (&event);
  return sl_pg_exec (db, "INSERT INTO event (id, name, date, timezone, created_at)"
                         " VALUES (1, $1, $2, $3, $4)", &params, error)
         && sl_db_audit (db, "create", "event", 1, NULL, after, error);
}

SlDb *
sl_pg_db_create (const char     *location,
                 const char     *event_name,
                 const char     *event_date,
                 SlDbWriteFunc   fill,
                 gpointer        user_data,
                 GError        **error)
{
  g_autoptr(SlPgDb) self = NULL;
  g_autofree char *name = NULL;
  SlDb *db;

  if (!check_new_event (event_name, event_date, &name, error))
    return NULL;
  self = new_connection (location, FALSE, error);
  if (self == NULL)
    return NULL;
  db = SL_DB (self);
  /* One transaction: the database holds the whole event, or nothing
   * (its tables, its groups, the logins fill made: a server's roles are
   * rolled back with the rest).
   */
  if (!sl_db_begin_write (db, error))
    return NULL;
  if (!create_in_write (db, name, event_date, error)
      || (fill != NULL && (!load_event_timezone (db, error) || !fill (db, user_data, error))))
    {
      sl_db_rollback (db);
      return NULL;
    }
  if (!sl_db_commit (db, error) || !load_event_timezone (db, error))
    return NULL;
  return SL_DB (g_steal_pointer (&self));
}

SlDb *
sl_pg_db_create_filled (const char    *location,
                        SlDbWriteFunc  fill,
                        gpointer       user_data,
                        GError       **error)
{
  g_autoptr(SlPgDb) self = new_connection (location, FALSE, error);
  SlDb *db;

  if (self == NULL)
    return NULL;
  db = SL_DB (self);
  /* One transaction: the database holds the whole event, or nothing. */
  if (!sl_db_begin_write (db, error))
    return NULL;
  if (!create_schema_in_write (db, error) || !fill (db, user_data, error))
    {
      sl_db_rollback (db);
      return NULL;
    }
  if (!sl_db_commit (db, error) || !load_event_timezone (db, error))
    return NULL;
  return SL_DB (g_steal_pointer (&self));
}
