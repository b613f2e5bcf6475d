/* sl-db.c — opening, creating and guarding an event database
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

#include "sl-db-private.h"
#include "sl-db-locks.h"

struct _SlDb
{
  GObject      parent_instance;

  sqlite3     *handle;
  char        *path;
  char        *operator_name;
  char        *desk;
  GTimeZone   *event_tz;
  GHashTable  *statements;   /* SQL text → sqlite3_stmt */
  GRecMutex    mutex;
  GMutex       writer_mutex;
  SlDb        *writer;       /* sl_db_dup_writer */
  guint64      names_generation;
  gint64       busy_started;  /* for busy_cb */
  guint        in_write : 1;
  guint        reader : 1;   /* opened by sl_db_open_reader */
  guint        read_only : 1;
  guint        immutable : 1; /* read as it stands: nothing can change it */
  guint        detached : 1; /* its journal was removed under it */
};

G_DEFINE_FINAL_TYPE (SlDb, sl_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (sl-db-error-quark, sl_db_error)

/* SQLite stores application_id and user_version in the file header at
 * these offsets; reading them ourselves lets us refuse a foreign file
 * before SQLite has had any chance to write to it.
 */
/* How long a statement waits for another desk's write before it gives up
 * with SL_DB_ERROR_BUSY. A check-in holds the lock for about a
 * millisecond; an import of 50,000 entrants for about a second.
 */
#define SL_DB_BUSY_TIMEOUT_MS 5000

/* SQLite's own busy handler sleeps longer the longer it waits, up to
 * 100 ms a try: with eight desks writing, the one that has waited longest
 * polls least often and the others keep taking the lock from it (one
 * check-in in 4,000 waited 4.6 s). Polling every millisecond or so, with a
 * little jitter so that waiting desks do not wake in step, keeps the wait
 * close to the queue's length.
 */
static int
busy_cb (void *data,
         int   n_tries)
{
  gint64 *started = data;
  gint64 now = g_get_monotonic_time ();

  if (n_tries == 0)
    *started = now;
  if (now - *started >= (gint64)SL_DB_BUSY_TIMEOUT_MS * 1000)
    return 0;
  g_usleep (500 + g_random_int_range (0, 1000));
  return 1;
}

#define HEADER_USER_VERSION_OFFSET 60
#define HEADER_APPLICATION_ID_OFFSET 68

static void
sl_db_dispose (GObject *object)
{
  SlDb *self = (SlDb *)object;

  g_clear_object (&self->writer);

  G_OBJECT_CLASS (sl_db_parent_class)->dispose (object);
}

static void
sl_db_finalize (GObject *object)
{
  SlDb *self = (SlDb *)object;

  g_mutex_clear (&self->writer_mutex);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    {
      /* No checkpoint of our own: SQLite checkpoints as the WAL grows,
       * without waiting for anyone, and the last connection to close
       * folds the WAL back into the file. One forced here made every
       * command wait for the other desks' writes, up to the busy timeout.
       */
      sqlite3_close_v2 (self->handle);
      self->handle = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->operator_name, g_free);
  g_clear_pointer (&self->desk, g_free);
  g_clear_pointer (&self->event_tz, g_time_zone_unref);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sl_db_parent_class)->finalize (object);
}

static void
sl_db_class_init (SlDbClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_db_dispose;
  G_OBJECT_CLASS (klass)->finalize = sl_db_finalize;
}

/* The statement cache is looked up on every prepare, with SQL texts of up
 * to a few hundred bytes, many of them sharing their start ("SELECT id,
 * bib, … FROM entrant"): hashing the length and both ends is as good a key
 * as the whole text and costs a fixed few dozen steps. Equal texts are
 * still compared in full.
 */
static guint
sql_hash (gconstpointer key)
{
  const char *sql = key;
  size_t len = strlen (sql);
  guint hash = (guint)len;
  size_t head = MIN (len, 32);
  size_t tail_start = len > 64 ? len - 32 : head;

  for (size_t i = 0; i < head; i++)
    hash = hash * 33 + (guchar)sql[i];
  for (size_t i = tail_start; i < len; i++)
    hash = hash * 33 + (guchar)sql[i];
  return hash;
}

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

static void
sl_db_init (SlDb *self)
{
  g_rec_mutex_init (&self->mutex);
  g_mutex_init (&self->writer_mutex);
  self->statements = g_hash_table_new_full (sql_hash, g_str_equal, g_free, finalize_stmt);
  self->operator_name = g_strdup (g_get_user_name ());
  self->desk = g_strdup ("");
}

void
sl_db_set_error_code (GError     **error,
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
sl_db_set_error (SlDb        *self,
                 GError     **error,
                 const char  *what)
{
  int code = sqlite3_extended_errcode (self->handle);
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
      if (what == NULL && self->path != NULL)
        what = display = g_filename_display_name (self->path);
      break;
    default:
      break;
    }
  sl_db_set_error_code (error, code, sqlite3_errmsg (self->handle), what);
}

sqlite3 *
sl_db_get_handle (SlDb *self)
{
  g_return_val_if_fail (SL_IS_DB (self), NULL);
  return self->handle;
}

const char *
sl_db_get_path (SlDb *self)
{
  g_return_val_if_fail (SL_IS_DB (self), NULL);
  return self->path;
}

char *
sl_actor_name_dup_checked (SlActorPart   part,
                           const char   *name,
                           GError      **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (part == SL_ACTOR_OPERATOR || part == SL_ACTOR_DESK, NULL);

  if (name != NULL && !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           part == SL_ACTOR_DESK ? _("a desk name must be UTF-8 text")
                                                 : _("an operator name must be UTF-8 text"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           part == SL_ACTOR_DESK ? _("a desk name cannot be blank")
                                                 : _("an operator name cannot be blank"));
      return NULL;
    }
  /* A line break would forge an audit line, a right-to-left override
   * would make the desk column of a list lie, and a long name fills it.
   */
  if (!sl_text_check (trimmed, "", SL_ACTOR_NAME_MAX_CHARS,
                      part == SL_ACTOR_DESK ? _("a desk name") : _("an operator name"),
                      SL_DB_ERROR, SL_DB_ERROR_INVALID, error))
    return NULL;
  return g_steal_pointer (&trimmed);
}

/* A name given to sl_db_set_actor: *checked is NULL when it is blank or
 * refused; FALSE when refused.
 */
static gboolean
check_actor_name (SlActorPart   part,
                  const char   *name,
                  char        **checked)
{
  g_autofree char *trimmed = NULL;

  *checked = NULL;
  if (name == NULL)
    return TRUE;
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    return TRUE;
  *checked = sl_actor_name_dup_checked (part, trimmed, NULL);
  return *checked != NULL;
}

gboolean
sl_db_set_actor (SlDb       *self,
                 const char *operator_name,
                 const char *desk)
{
  g_autofree char *operator_checked = NULL;
  g_autofree char *desk_checked = NULL;
  gboolean ok;

  g_return_val_if_fail (SL_IS_DB (self), FALSE);

  ok = check_actor_name (SL_ACTOR_OPERATOR, operator_name, &operator_checked);
  ok &= check_actor_name (SL_ACTOR_DESK, desk, &desk_checked);

  sl_db_lock (self);
  if (operator_checked != NULL)
    {
      g_free (self->operator_name);
      self->operator_name = g_steal_pointer (&operator_checked);
    }
  g_free (self->desk);
  self->desk = desk_checked != NULL ? g_steal_pointer (&desk_checked) : g_strdup ("");
  sl_db_unlock (self);
  return ok;
}

const char *
sl_db_get_operator (SlDb *self)
{
  g_return_val_if_fail (SL_IS_DB (self), NULL);
  return self->operator_name;
}

const char *
sl_db_get_desk (SlDb *self)
{
  g_return_val_if_fail (SL_IS_DB (self), NULL);
  return self->desk;
}

void
sl_db_bump_names_generation (SlDb *self)
{
  self->names_generation++;
}

guint64
sl_db_get_names_generation (SlDb *self)
{
  return self->names_generation;
}

void
sl_db_lock (SlDb *self)
{
  g_rec_mutex_lock (&self->mutex);
}

void
sl_db_unlock (SlDb *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

gboolean
sl_db_exec (SlDb        *self,
            const char  *sql,
            GError     **error)
{
  if (sqlite3_exec (self->handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      sl_db_set_error (self, error, NULL);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
sl_db_prepare (SlDb        *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
      != SQLITE_OK)
    {
      sl_db_set_error (self, error, NULL);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
sl_db_step_done (SlDb          *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      sl_db_set_error (self, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

void
sl_db_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *str)
{
  if (str == NULL || *str == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, str, -1, SQLITE_TRANSIENT);
}

char *
sl_db_column_dup (sqlite3_stmt *stmt,
                  int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *)text) : NULL;
}

gboolean
sl_db_is_read_only (SlDb *self)
{
  g_return_val_if_fail (SL_IS_DB (self), TRUE);
  return self->read_only;
}

/* The backstop against another process deleting the WAL this connection
 * writes (see sl-db-locks.c): once that has happened nothing written here
 * reaches the file, so nothing more is written, and whoever asked is told.
 */
static gboolean
check_attached (SlDb    *self,
                GError **error)
{
  g_autofree char *broken = NULL;
  g_autofree char *display = NULL;

  if (!self->detached && sl_db_locks_journal_intact (self->path, &broken))
    return TRUE;

  self->detached = TRUE;
  display = g_filename_display_name (self->path);
  g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_DETACHED,
               _("Not saved: another program removed the journal of “%s” while it was open "
                 "here, so changes made here no longer reach the file. Close the event, open "
                 "it again and check the last changes."),
               display);
  return FALSE;
}

gboolean
sl_db_begin_write (SlDb    *self,
                   GError **error)
{
  sl_db_lock (self);
  g_assert (!self->in_write);

  if (self->read_only)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_READ_ONLY,
                   _("“%s” is open for reading only (the file or its folder cannot be "
                     "written): nothing can be changed"),
                   display);
      sl_db_unlock (self);
      return FALSE;
    }
  if (!check_attached (self, error))
    {
      sl_db_unlock (self);
      return FALSE;
    }
  if (!sl_db_exec (self, "BEGIN IMMEDIATE", error))
    {
      sl_db_unlock (self);
      return FALSE;
    }
  self->in_write = TRUE;
  return TRUE;
}

gboolean
sl_db_commit (SlDb    *self,
              GError **error)
{
  gboolean ok;

  g_assert (self->in_write);

  ok = sl_db_exec (self, "COMMIT", error);
  if (!ok && !sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  /* Committed, but into a WAL no other process reads: not a success. */
  if (ok)
    ok = check_attached (self, error);
  self->in_write = FALSE;
  sl_db_unlock (self);
  return ok;
}

void
sl_db_rollback (SlDb *self)
{
  g_assert (self->in_write);

  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->in_write = FALSE;
  sl_db_unlock (self);
}

char *
sl_db_now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}

GTimeZone *
sl_db_get_event_timezone (SlDb *self)
{
  g_return_val_if_fail (SL_IS_DB (self), NULL);
  return self->event_tz;
}

char *
sl_db_format_local (SlDb       *self,
                    const char *utc_iso,
                    const char *format)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (SL_IS_DB (self), NULL);

  if (utc_iso == NULL)
    return NULL;

  utc = g_time_zone_new_utc ();
  when = g_date_time_new_from_iso8601 (utc_iso, utc);
  if (when == NULL)
    return g_strdup (utc_iso);

  local = g_date_time_to_timezone (when, self->event_tz);
  return g_date_time_format (local, format != NULL ? format : "%Y-%m-%d %H:%M");
}

static const struct
{
  const char *entity;
  const char *sql;
} row_images[] = {
  { "event", "SELECT json_object('name', name, 'date', date, 'venue', venue,"
             " 'timezone', timezone) FROM event WHERE id = ?" },
  { "race", "SELECT json_object('code', code, 'name', name, 'kind', kind)"
            " FROM race WHERE id = ?" },
  { "wave", "SELECT json_object('race_id', race_id, 'name', name, 'start_area', start_area,"
            " 'start_time', start_time) FROM wave WHERE id = ?" },
  { "charity", "SELECT json_object('name', name, 'registered_number', registered_number,"
               " 'contact_name', contact_name, 'contact_email', contact_email,"
               " 'places_allocated', places_allocated,"
               " 'minimum_pledge_pence', minimum_pledge_pence) FROM charity WHERE id = ?" },
  { "charity-signup", "SELECT " SL_SIGNUP_IMAGE_SQL " FROM charity_signup WHERE entrant_id = ?" },
};

gboolean
sl_db_dup_row_image (SlDb        *self,
                     const char  *entity,
                     gint64       id,
                     char       **json,
                     GError     **error)
{
  const char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  *json = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (row_images) && sql == NULL; i++)
    if (g_str_equal (row_images[i].entity, entity))
      sql = row_images[i].sql;
  g_return_val_if_fail (sql != NULL, FALSE);

  stmt = sl_db_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *json = sl_db_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    sl_db_set_error (self, error, NULL);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

gboolean
sl_db_audit_new_signups (SlDb        *self,
                         const char  *at,
                         gint64       after_entrant_id,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_db_prepare (self, "INSERT INTO audit_log (at, operator, desk, action, entity,"
                              " entity_id, before, after)"
                              " SELECT ?1, ?2, ?3, 'charity-signup', 'entrant', entrant_id,"
                              " NULL, " SL_SIGNUP_IMAGE_SQL
                              " FROM charity_signup WHERE entrant_id > ?4 ORDER BY entrant_id",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, self->operator_name, -1, SQLITE_TRANSIENT);
  sl_db_bind_text (stmt, 3, self->desk);
  sqlite3_bind_int64 (stmt, 4, after_entrant_id);
  return sl_db_step_done (self, stmt, error);
}

gboolean
sl_db_audit (SlDb        *self,
             const char  *action,
             const char  *entity,
             gint64       entity_id,
             const char  *before_json,
             const char  *after_json,
             GError     **error)
{
  return sl_db_audit_at_desk (self, self->desk, action, entity, entity_id, before_json,
                              after_json, error);
}

gboolean
sl_db_audit_at_desk (SlDb        *self,
                     const char  *desk,
                     const char  *action,
                     const char  *entity,
                     gint64       entity_id,
                     const char  *before_json,
                     const char  *after_json,
                     GError     **error)
{
  g_autofree char *now = sl_db_now_utc ();
  sqlite3_stmt *stmt;

  stmt = sl_db_prepare (self,
                        "INSERT INTO audit_log (at, operator, desk, action, entity, entity_id,"
                        " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, self->operator_name, -1, SQLITE_TRANSIENT);
  sl_db_bind_text (stmt, 3, desk);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, entity, -1, SQLITE_TRANSIENT);
  if (entity_id > 0)
    sqlite3_bind_int64 (stmt, 6, entity_id);
  sl_db_bind_text (stmt, 7, before_json);
  sl_db_bind_text (stmt, 8, after_json);

  return sl_db_step_done (self, stmt, error);
}

static gboolean
query_int (SlDb        *self,
           const char  *sql,
           int         *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sl_db_set_error (self, error, NULL);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int (stmt, 0);
  else if (rc == SQLITE_DONE)
    *out = 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sl_db_set_error (self, error, NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_connection_pragmas (SlDb    *self,
                          GError **error)
{
  g_autofree char *journal = NULL;
  sqlite3_stmt *stmt = NULL;

  if (!sl_db_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  /* A connection that only reads cannot change the journal mode, and
   * needs none: an event is in WAL mode from its creation.
   */
  if (sqlite3_prepare_v2 (self->handle,
                          self->read_only ? "PRAGMA journal_mode" : "PRAGMA journal_mode = WAL",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sl_db_set_error (self, error, NULL);
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    journal = sl_db_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  /* Read as it stands (immutable), a file reports no WAL; it needs none. */
  if (g_strcmp0 (journal, "wal") != 0 && !self->read_only)
    {
      sl_db_set_error (self, error, NULL);
      return FALSE;
    }

  /* A lost check-in is worse than an fsync. */
  return sl_db_exec (self, "PRAGMA synchronous = FULL", error);
}

static gboolean
load_event_timezone (SlDb    *self,
                     GError **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *tz = NULL;

  stmt = sl_db_prepare (self, "SELECT timezone FROM event WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    tz = sl_db_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  g_clear_pointer (&self->event_tz, g_time_zone_unref);
  if (tz != NULL)
    self->event_tz = g_time_zone_new_identifier (tz);
  if (self->event_tz == NULL)
    self->event_tz = g_time_zone_new_local ();
  return TRUE;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

/* Looks at the raw header only: nothing is written to a file that turns
 * out not to be ours.
 */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  g_autofree char *display = g_filename_display_name (path);
  GStatBuf st;
  ssize_t n;
  int fd;

  /* SQLite is asked never to follow one (SQLITE_OPEN_NOFOLLOW): its
   * journal files would sit beside the link, not beside the file.
   */
  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && !g_path_is_absolute (target))
        {
          g_autofree char *dir = g_path_get_dirname (path);
          g_autofree char *joined = g_build_filename (dir, target, NULL);

          g_free (target);
          target = g_canonicalize_filename (joined, NULL);
        }
      if (target != NULL && !g_file_test (target, G_FILE_TEST_EXISTS))
        {
          g_autofree char *target_display = g_filename_display_name (target);

          g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_FOUND,
                       _("“%s” is a symbolic link to “%s”, which does not exist"),
                       display, target_display);
        }
      else if (target != NULL)
        {
          g_autofree char *target_display = g_filename_display_name (target);

          g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                       _("“%s” is a symbolic link; open the file it points to, “%s”"),
                       display, target_display);
        }
      else
        g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                     _("“%s” is a symbolic link; open the file it points to"), display);
      return FALSE;
    }
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, SL_DB_ERROR,
                   saved == ENOENT ? SL_DB_ERROR_NOT_FOUND : SL_DB_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS,
                   _("“%s” is not a Startline event file (it is not a regular file)"), display);
      return FALSE;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SL_DB_ERROR,
                   saved == EACCES ? SL_DB_ERROR_READ_ONLY : SL_DB_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  n = read (fd, header, sizeof header);
  close (fd);

  if (n < (ssize_t)sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS,
                   _("“%s” is not a Startline event file (it is not an SQLite database)"),
                   display);
      return FALSE;
    }
  if (read_be32 (header + HEADER_APPLICATION_ID_OFFSET) != SL_DB_APPLICATION_ID)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS,
                   _("“%s” is an SQLite database but not a Startline event file"), display);
      return FALSE;
    }
  if (read_be32 (header + HEADER_USER_VERSION_OFFSET) > SL_DB_SCHEMA_VERSION)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Startline (format %u; this "
                     "version reads up to %d). Update Startline to open it."),
                   display, read_be32 (header + HEADER_USER_VERSION_OFFSET),
                   SL_DB_SCHEMA_VERSION);
      return FALSE;
    }
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
static SlDb *
open_handle (const char  *path,
             gboolean     read_only,
             GError     **error)
{
  g_autoptr(SlDb) self = g_object_new (SL_TYPE_DB, NULL);
  int rc;

  sl_db_locks_install ();
  self->path = g_strdup (path);
  self->read_only = read_only;
  rc = sqlite3_open_v2 (path, &self->handle,
                        (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE)
                        | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (path);
      sl_db_set_error_code (error, rc, sqlite3_errstr (rc), display);
      return NULL;
    }
  sqlite3_busy_handler (self->handle, busy_cb, &self->busy_started);
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
static int
open_read_only (const char  *path,
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

static SlDb *
open_handle_immutable (const char  *path,
                       GError     **error)
{
  g_autoptr(SlDb) self = g_object_new (SL_TYPE_DB, NULL);
  int rc;

  self->path = g_strdup (path);
  self->read_only = TRUE;
  self->immutable = TRUE;
  rc = open_read_only (path, TRUE, &self->handle);
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (path);
      sl_db_set_error_code (error, rc, sqlite3_errstr (rc), display);
      return NULL;
    }
  return g_steal_pointer (&self);
}

SlDb *
sl_db_open_reader (SlDb    *self,
                   GError **error)
{
  g_autoptr(SlDb) reader = NULL;
  int rc;

  g_return_val_if_fail (SL_IS_DB (self), NULL);

  sl_db_locks_install ();
  reader = g_object_new (SL_TYPE_DB, NULL);
  reader->reader = TRUE;
  reader->read_only = TRUE;
  reader->immutable = self->immutable;
  reader->path = g_strdup (self->path);
  rc = open_read_only (self->path, self->immutable, &reader->handle);
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (self->path);
      sl_db_set_error_code (error, rc, sqlite3_errstr (rc), display);
      return NULL;
    }
  sqlite3_busy_handler (reader->handle, busy_cb, &reader->busy_started);
  if (!load_event_timezone (reader, error))
    return NULL;
  return g_steal_pointer (&reader);
}

SlDb *
sl_db_dup_writer (SlDb    *self,
                  GError **error)
{
  SlDb *writer = NULL;

  g_return_val_if_fail (SL_IS_DB (self), NULL);

  g_mutex_lock (&self->writer_mutex);
  /* The file is known to be ours and current: opened by SQLite alone, with
   * none of sl_db_open_full's own reads of it.
   */
  if (self->writer == NULL && self->immutable)
    self->writer = open_handle_immutable (self->path, error);
  else if (self->writer == NULL)
    self->writer = open_handle (self->path, self->read_only, error);
  if (self->writer != NULL)
    {
      /* Under its lock: another thread may be writing on it right now. */
      sl_db_lock (self->writer);
      if (apply_connection_pragmas (self->writer, error)
          && load_event_timezone (self->writer, error))
        writer = g_object_ref (self->writer);
      sl_db_unlock (self->writer);
      if (writer == NULL)
        g_clear_object (&self->writer);
    }
  g_mutex_unlock (&self->writer_mutex);
  return writer;
}

SlDb *
sl_db_open (const char  *path,
            GError     **error)
{
  return sl_db_open_full (path, SL_DB_OPEN_DEFAULT, error);
}

/* Failures that say nothing about the file's contents. */
static gboolean
is_transient (int rc)
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
  if (first == NULL && is_transient (rc))
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

SlDb *
sl_db_open_full (const char     *path,
                 SlDbOpenFlags   flags,
                 GError        **error)
{
  g_autoptr(SlDb) self = NULL;
  g_autofree char *display = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_more = 0;
  int failed_rc = SQLITE_OK;
  int app_id = 0;
  int version = 0;
  gboolean read_only;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);

  if (!check_header (path, error))
    return NULL;
  /* An event on read-only media, in a read-only folder or of another
   * user's can still be read; writing it fails, saying why.
   */
  read_only = (flags & SL_DB_OPEN_READ_ONLY) != 0 || !is_writable (path);
  if (!(self = open_handle (path, read_only, error)))
    return NULL;

  /* The header may lag behind a WAL that was never checkpointed: ask
   * SQLite too, still without writing anything. Only SQLite's word that
   * the file is damaged is told as damage; busy, full or unreadable are
   * told as what they are.
   */
  if (read_only && !query_int (self, "PRAGMA application_id", &app_id, NULL)
      && needs_immutable (sqlite3_extended_errcode (self->handle)))
    {
      /* In a folder no one can write, SQLite cannot make the WAL's
       * shared-memory file it reads through; nothing can change the file
       * there either, so it is read as it stands.
       */
      g_clear_object (&self);
      if (!(self = open_handle_immutable (path, error)))
        return NULL;
    }
  if (!query_int (self, "PRAGMA application_id", &app_id, &local_error)
      || !query_int (self, "PRAGMA user_version", &version, &local_error))
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
  if ((flags & SL_DB_OPEN_DEFER_CHECK) == 0 || version < SL_DB_SCHEMA_VERSION)
    {
      problem = dup_check_problem (self->handle, "PRAGMA quick_check", &n_more, &failed_rc);
      if (failed_rc != SQLITE_OK)
        {
          sl_db_set_error_code (error, failed_rc, sqlite3_errstr (failed_rc), display);
          return NULL;
        }
      if (problem != NULL)
        {
          set_corrupt_error (error, path, problem, n_more);
          return NULL;
        }
    }

  if (!apply_connection_pragmas (self, error))
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
      if (!sl_db_backup (self, backup, error) || !sl_schema_migrate (self, version, error))
        return NULL;
    }

  if (!load_event_timezone (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

SlDb *
sl_db_create (const char  *path,
              const char  *event_name,
              const char  *event_date,
              GError     **error)
{
  g_autoptr(SlDb) self = NULL;
  g_autofree char *display = NULL;
  g_autofree char *now = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;
  GDate date;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);

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

  if (!(self = open_handle (path, FALSE, error)))
    goto failed;

  sql = g_strdup_printf ("PRAGMA application_id = %d", SL_DB_APPLICATION_ID);
  if (!sl_db_exec (self, sql, error)
      || !apply_connection_pragmas (self, error)
      || !sl_schema_migrate (self, 0, error))
    goto failed;

  if (!sl_db_begin_write (self, error))
    goto failed;
  now = sl_db_now_utc ();
  stmt = sl_db_prepare (self,
                        "INSERT INTO event (id, name, date, timezone, created_at)"
                        " VALUES (1, ?, ?, 'Europe/London', ?)",
                        error);
  if (stmt == NULL)
    {
      sl_db_rollback (self);
      goto failed;
    }
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, event_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (!sl_db_step_done (self, stmt, error)
      || !sl_db_dup_row_image (self, "event", 1, &after, error)
      || !sl_db_audit (self, "create", "event", 1, NULL, after, error))
    {
      sl_db_rollback (self);
      goto failed;
    }
  if (!sl_db_commit (self, error) || !load_event_timezone (self, error))
    goto failed;

  return g_steal_pointer (&self);

failed:
  g_clear_object (&self);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (path);
  }
  return NULL;
}

gboolean
sl_db_backup (SlDb        *self,
              const char  *dest_path,
              GError     **error)
{
  g_autofree char *display = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  int rc;
  int fd;

  g_return_val_if_fail (SL_IS_DB (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

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
      sl_db_set_error_code (error, rc, sqlite3_errstr (rc), display);
      sqlite3_close_v2 (dest);
      return FALSE;
    }

  sl_db_lock (self);
  backup = sqlite3_backup_init (dest, "main", self->handle, "main");
  if (backup != NULL)
    {
      rc = sqlite3_backup_step (backup, -1);
      sqlite3_backup_finish (backup);
      ok = (rc == SQLITE_DONE);
      if (!ok)
        sl_db_set_error_code (error, rc, sqlite3_errstr (rc), display);
    }
  else
    {
      sl_db_set_error_code (error, sqlite3_errcode (dest), sqlite3_errmsg (dest), display);
    }
  sl_db_unlock (self);
  sqlite3_close_v2 (dest);

  if (!ok)
    g_unlink (dest_path);
  return ok;
}

gboolean
sl_db_integrity_ok (SlDb    *self,
                    GError **error)
{
  g_autofree char *problem = NULL;
  guint n_more = 0;
  int failed_rc = SQLITE_OK;

  g_return_val_if_fail (SL_IS_DB (self), FALSE);

  sl_db_lock (self);
  problem = dup_check_problem (self->handle, "PRAGMA integrity_check", &n_more, &failed_rc);
  if (failed_rc != SQLITE_OK)
    sl_db_set_error (self, error, NULL);
  sl_db_unlock (self);

  if (failed_rc != SQLITE_OK)
    return FALSE;
  if (problem != NULL)
    {
      set_corrupt_error (error, self->path, problem, n_more);
      return FALSE;
    }
  return TRUE;
}

static void
check_integrity_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  SlDb *db = source_object;
  const char *path = db->path;
  g_autofree char *problem = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *handle = NULL;
  guint n_more = 0;
  int failed_rc = SQLITE_OK;
  int rc;

  sl_db_locks_install ();
  rc = open_read_only (path, db->immutable, &handle);
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (path);
      sl_db_set_error_code (&error, rc, sqlite3_errstr (rc), display);
      sqlite3_close_v2 (handle);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sqlite3_busy_timeout (handle, SL_DB_BUSY_TIMEOUT_MS);
  problem = dup_check_problem (handle, "PRAGMA quick_check", &n_more, &failed_rc);
  sqlite3_close_v2 (handle);

  if (failed_rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (path);
      sl_db_set_error_code (&error, failed_rc, sqlite3_errstr (failed_rc), display);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else if (problem != NULL)
    {
      set_corrupt_error (&error, path, problem, n_more);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_boolean (task, TRUE);
}

void
sl_db_check_integrity_async (SlDb                *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_DB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_db_check_integrity_async);
  g_task_run_in_thread (task, check_integrity_thread);
}

gboolean
sl_db_check_integrity_finish (SlDb          *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SL_IS_DB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
