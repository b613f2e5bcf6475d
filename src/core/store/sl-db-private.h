/* sl-db-private.h — what the core's own modules use of the store layer
 *
 * Only files in src/core include this. Everything here expects the caller
 * to hold the database lock (sl_db_lock, or a write transaction begun with
 * sl_db_begin_write); SQL never leaves the core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "sl-db.h"
#include "sl-event.h"

G_BEGIN_DECLS

sqlite3      *sl_db_get_handle       (SlDb         *self);

/* Serialises use of the connection between threads (recursive). */
/* A second connection to the same file, for reading only: a long read
 * (an export) takes its snapshot there and leaves self, with its lock, to
 * the desk, whose check-ins go on meanwhile. Use it from one thread.
 */
SlDb         *sl_db_open_reader      (SlDb         *self,
                                      GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* A second read-write connection to the same event, made once and kept:
 * a write that may wait for another process's lock (a check-in from the
 * GUI, a save, an import) waits there, in a worker thread, while self goes
 * on serving the window's reads. Every such write of the process shares
 * it: hold its lock from setting its actor to the commit (sl_db_task_run
 * does).
 */
SlDb         *sl_db_dup_writer       (SlDb         *self,
                                      GError      **error) G_GNUC_WARN_UNUSED_RESULT;
void          sl_db_lock             (SlDb         *self);
void          sl_db_unlock           (SlDb         *self);

/* Bumped whenever this connection writes entrant names (the search index),
 * so caches of name order know to rebuild.
 */
void          sl_db_bump_names_generation (SlDb    *self);
guint64       sl_db_get_names_generation  (SlDb    *self);

/* BEGIN IMMEDIATE under the lock; commit or rollback releases it. */
gboolean      sl_db_begin_write      (SlDb         *self,
                                      GError      **error);
gboolean      sl_db_commit           (SlDb         *self,
                                      GError      **error);
void          sl_db_rollback         (SlDb         *self);

/* A cached prepared statement, reset and with bindings cleared. */
sqlite3_stmt *sl_db_prepare          (SlDb         *self,
                                      const char   *sql,
                                      GError      **error);
gboolean      sl_db_exec             (SlDb         *self,
                                      const char   *sql,
                                      GError      **error);
/* Steps a statement that returns no rows, then resets it. */
gboolean      sl_db_step_done        (SlDb         *self,
                                      sqlite3_stmt *stmt,
                                      GError      **error);

/* Turns the connection's last error into a GError in SL_DB_ERROR. */
void          sl_db_set_error        (SlDb         *self,
                                      GError      **error,
                                      const char   *what);
void          sl_db_set_error_code   (GError      **error,
                                      int           sqlite_code,
                                      const char   *message,
                                      const char   *what);

/* The event's time zone (its "timezone", else the local one). */
GTimeZone    *sl_db_get_event_timezone (SlDb      *self);

/* sl_db_add_race, _wave and _charity inside the caller's write
 * transaction (an import adding what its file names).
 */
gboolean      sl_db_add_race_locked    (SlDb       *self,
                                        SlRace     *race,
                                        GError    **error);
gboolean      sl_db_add_wave_locked    (SlDb       *self,
                                        SlWave     *wave,
                                        GError    **error);
gboolean      sl_db_add_charity_locked (SlDb       *self,
                                        SlCharity  *charity,
                                        GError    **error);

/* Appends one entry to the audit log (inside the caller's transaction),
 * at the actor's desk.
 */
gboolean      sl_db_audit            (SlDb         *self,
                                      const char   *action,
                                      const char   *entity,
                                      gint64        entity_id,
                                      const char   *before_json,
                                      const char   *after_json,
                                      GError      **error);
/* The same at a desk of the caller's (NULL or empty: none): a change that
 * records its own desk, as a check-in does, is audited at that desk.
 */
gboolean      sl_db_audit_at_desk    (SlDb         *self,
                                      const char   *desk,
                                      const char   *action,
                                      const char   *entity,
                                      gint64        entity_id,
                                      const char   *before_json,
                                      const char   *after_json,
                                      GError      **error);

/* The audit image of a charity sign-up row, as an SQL expression over
 * charity_signup's columns: the one writer of it, for a single row and for
 * the import's set-based entries alike.
 */
#define SL_SIGNUP_IMAGE_SQL \
  "json_object('charity_id', charity_id, 'target_pence', target_pence," \
  " 'raised_pence', raised_pence)"

/* One "charity-signup" audit entry (after-image, who, at) for each
 * sign-up of an entrant with an id above after_entrant_id, in one
 * statement: for bulk inserts, inside their transaction.
 */
gboolean      sl_db_audit_new_signups (SlDb        *self,
                                       const char  *at,
                                       gint64       after_entrant_id,
                                       GError     **error);

/* The JSON image of one row as stored, for an audit entry's before or
 * after: entity is "event", "race", "wave" or "charity" (by id) or
 * "charity-signup" (by entrant id). *json is NULL when there is no such row.
 */
gboolean      sl_db_dup_row_image    (SlDb         *self,
                                      const char   *entity,
                                      gint64        id,
                                      char        **json,
                                      GError      **error);

/* Binds a UTF-8 string, or NULL when str is NULL or empty. */
void          sl_db_bind_text        (sqlite3_stmt *stmt,
                                      int           index,
                                      const char   *str);
char         *sl_db_column_dup       (sqlite3_stmt *stmt,
                                      int           column) G_GNUC_WARN_UNUSED_RESULT;

/* Migrations, in sl-schema.c. */
gboolean      sl_schema_migrate      (SlDb         *self,
                                      int           from_version,
                                      GError      **error);

G_END_DECLS
