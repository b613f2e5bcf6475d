/* sl-pg-db.c — the PostgreSQL store: its connection, statements and
 * transactions, opening and creating an event, and the methods it gives
 * the store interface
 *
 * One SlPgDb is one libpq connection behind the store's lock. Every
 * statement goes through sl_pg_run (PQexecParams: parameters apart from
 * the text, never spliced into it). Writes are serialised by an advisory
 * lock taken at their begin (SL_PG_WRITE_LOCK_KEY); reads never wait.
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

static void
sl_pg_db_finalize (GObject *object)
{
  SlPgDb *self = (SlPgDb *)object;

  g_mutex_clear (&self->writer_mutex);
  if (self->copy_rows != NULL)
    g_string_free (self->copy_rows, TRUE);
  if (self->copy_search != NULL)
    g_string_free (self->copy_search, TRUE);
  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->display, g_free);

  G_OBJECT_CLASS (sl_pg_db_parent_class)->finalize (object);
}

static void
sl_pg_db_init (SlPgDb *self)
{
  g_mutex_init (&self->writer_mutex);
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

/* A connection the server dropped is made again before the next
 * statement, but never inside a write (its transaction is gone: every
 * statement fails until the rollback) nor in a reader (its snapshot is
 * gone). The event says whether the server answers (sl_db_set_reachable).
 */
static gboolean
ensure_connected (SlDb    *db,
                  GError **error)
{
  SlPgDb *self = SL_PG_DB (db);

  if (PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  /* The session and its LISTEN are gone (sl-pg-live.c). */
  self->listening = FALSE;
  if (!self->in_write && !self->reader)
    {
      PQreset (self->conn);
      if (PQstatus (self->conn) == CONNECTION_OK)
        {
          PQclear (PQexec (self->conn, "SET client_min_messages = warning"));
          /* What was notified meanwhile is lost: a change to follow. */
          self->sessions++;
          sl_db_set_reachable (db, TRUE);
          return TRUE;
        }
    }
  sl_db_set_reachable (db, FALSE);
  sl_pg_set_connect_error (self->conn, self->display, error);
  return FALSE;
}

PGresult *
sl_pg_run (SlDb        *db,
           const char  *sql,
           SlPgParams  *params,
           GError     **error)
{
  PGresult *res;
  ExecStatusType status;

  if (!ensure_connected (db, error))
    return NULL;
  /* Without parameters, PQexec: the schema is many statements in one text. */
  if (params == NULL)
    res = PQexec (sl_pg_get_conn (db), sql);
  else
    res = PQexecParams (sl_pg_get_conn (db), sql, params->n, NULL, params->values,
                        params->lengths, params->formats, 0);
  status = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
    {
      if (!sl_db_is_reachable (db))
        sl_db_set_reachable (db, TRUE);
      return res;
    }
  if (PQstatus (sl_pg_get_conn (db)) != CONNECTION_OK)
    sl_db_set_reachable (db, FALSE);
  sl_pg_set_error (db, res, error);
  PQclear (res);
  return NULL;
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

gboolean
sl_pg_db_is_location (const char *location)
{
  const char *p = location;

  if (location == NULL)
    return FALSE;
  if (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"))
    return TRUE;
  /* key=value: a keyword of letters and underscores, then "=". */
  while (*p == ' ' || *p == '\t')
    p++;
  if (!g_ascii_islower (*p))
    return FALSE;
  while (g_ascii_islower (*p) || *p == '_')
    p++;
  while (*p == ' ' || *p == '\t')
    p++;
  return *p == '=';
}

char *
sl_pg_dup_display (PGconn *conn)
{
  const char *host = PQhost (conn);

  if (host == NULL || *host == '\0' || *host == '/')
    return g_strdup_printf (_("database “%s” on this computer"), PQdb (conn));
  return g_strdup_printf (_("database “%s” on %s"), PQdb (conn), host);
}

PGconn *
sl_pg_connect (const char  *location,
               GError     **error)
{
  const char * const keywords[] = { "dbname", "application_name", "client_encoding",
                                    "connect_timeout", NULL };
  const char * const values[] = { location, "startline", "UTF8", "10", NULL };
  PGconn *conn;

  conn = PQconnectdbParams (keywords, values, 1);
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      sl_pg_set_connect_error (conn, NULL, error);
      PQfinish (conn);
      return NULL;
    }
  /* Text compared byte by byte, times as text: the same answers as the
   * file store whatever the server's defaults.
   */
  {
    PGresult *res = PQexec (conn, "SET client_min_messages = warning");

    PQclear (res);
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

static gboolean
pg_begin_write (SlDb    *db,
                GError **error)
{
  SlPgDb *self = SL_PG_DB (db);

  sl_db_lock (db);
  g_assert (!self->in_write);

  if (sl_db_is_read_only (db))
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_READ_ONLY,
                   _("The %s is open for reading only: nothing can be changed"), self->display);
      sl_db_unlock (db);
      return FALSE;
    }
  if (!sl_pg_exec (db, "BEGIN", NULL, error))
    {
      sl_db_unlock (db);
      return FALSE;
    }
  if (!sl_pg_exec (db, "SELECT pg_advisory_xact_lock (" SL_PG_WRITE_LOCK_KEY ")", NULL, error))
    {
      PQclear (PQexec (self->conn, "ROLLBACK"));
      sl_db_unlock (db);
      return FALSE;
    }
  self->in_write = TRUE;
  self->chain_known = FALSE;
  return TRUE;
}

static gboolean
pg_commit (SlDb    *db,
           GError **error)
{
  SlPgDb *self = SL_PG_DB (db);
  gboolean ok;

  g_assert (self->in_write);

  /* The data version other connections poll, and their wake-up: the
   * server delivers the notification at the commit, and only then
   * (sl-pg-live.c). One statement.
   */
  ok = sl_pg_exec (db, "UPDATE startline_meta SET data_version = data_version + 1"
                       " RETURNING pg_notify ('" SL_PG_CHANGES_CHANNEL "', '')", NULL, error)
       && sl_pg_exec (db, "COMMIT", NULL, error);
  if (!ok && PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    PQclear (PQexec (self->conn, "ROLLBACK"));
  if (ok)
    self->own_commits++;
  self->in_write = FALSE;
  self->chain_known = FALSE;
  sl_db_unlock (db);
  return ok;
}

static void
pg_rollback (SlDb *db)
{
  SlPgDb *self = SL_PG_DB (db);

  g_assert (self->in_write);

  if (PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    PQclear (PQexec (self->conn, "ROLLBACK"));
  self->in_write = FALSE;
  self->chain_known = FALSE;
  sl_db_unlock (db);
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

  /* First every method as "not yet available", then what is. */
  sl_pg_unavailable_install (store_class);

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
}

/* ---- Opening and creating ---------------------------------------------- */

static gboolean
check_ours (SlDb    *db,
            GError **error)
{
  const char *display = SL_PG_DB (db)->display;
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
  return TRUE;
}

SlDb *
sl_pg_db_open (const char     *location,
               SlDbOpenFlags   flags,
               GError        **error)
{
  g_autoptr(SlPgDb) self = NULL;

  self = new_connection (location, (flags & SL_DB_OPEN_READ_ONLY) != 0, error);
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
sl_pg_db_create (const char  *location,
                 const char  *event_name,
                 const char  *event_date,
                 GError     **error)
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
  /* One transaction: the database holds the whole event, or nothing. */
  if (!sl_db_begin_write (db, error))
    return NULL;
  if (!create_in_write (db, name, event_date, error))
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
