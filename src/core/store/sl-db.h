/* sl-db.h — one event database (one SQLite file per event)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_DB_ERROR (sl_db_error_quark ())

typedef enum
{
  SL_DB_ERROR_NOT_OURS = 1,   /* not a Startline event database */
  SL_DB_ERROR_CORRUPT,        /* ours, but damaged */
  SL_DB_ERROR_TOO_NEW,        /* written by a newer Startline */
  SL_DB_ERROR_NOT_FOUND,      /* no such file, or no such record */
  SL_DB_ERROR_EXISTS,         /* refusing to overwrite an existing file */
  SL_DB_ERROR_READ_ONLY,      /* file or folder cannot be written */
  SL_DB_ERROR_FULL,           /* disk (or size limit) full */
  SL_DB_ERROR_BUSY,           /* another process holds the lock too long */
  SL_DB_ERROR_CONSTRAINT,     /* a rule of the schema refused the change */
  SL_DB_ERROR_INVALID,        /* invalid argument from the caller */
  SL_DB_ERROR_FAILED,         /* anything else SQLite reported */
  SL_DB_ERROR_DETACHED,       /* another process removed the journal in use */
  SL_DB_ERROR_DENIED,         /* the server refused the account this (its grants) */
} SlDbError;

/* The schema version this build writes; see sl-schema.c. */
#define SL_DB_SCHEMA_VERSION 9
/* 'STLN' — the SQLite application_id that marks our files. */
#define SL_DB_APPLICATION_ID 0x53544c4e

typedef enum
{
  SL_DB_OPEN_DEFAULT = 0,
  /* Skip the full-file integrity check while opening (it reads every page:
   * ~0.2 s at 50,000 entrants) so a window can show at once; the caller
   * then runs sl_db_check_integrity_async and closes the event if it
   * fails. Files that need upgrading are always checked first.
   */
  SL_DB_OPEN_DEFER_CHECK = 1 << 0,
  /* Only read, even where the file could be written (the command line's
   * stats, search, audit and export). A file that cannot be written is
   * opened so anyway; every write then fails with SL_DB_ERROR_READ_ONLY.
   */
  SL_DB_OPEN_READ_ONLY = 1 << 1,
  /* The event serves a window, which reads in its main thread: on a
   * server, a read made by the thread that owns the default main context
   * and not answered within a few seconds (SL_PG_ANSWER_TIMEOUT_MS) is
   * taken as the server being unreachable (the event says so and
   * connects again by itself) rather than waited for until the network
   * gives up; idle, its polls send a heartbeat. Other threads and writes
   * (sl_db_dup_writer's connection) are not cut. A file ignores it.
   */
  SL_DB_OPEN_INTERACTIVE = 1 << 2,
} SlDbOpenFlags;

#define SL_TYPE_DB (sl_db_get_type ())
G_DECLARE_DERIVABLE_TYPE (SlDb, sl_db, SL, DB, GObject)

GQuark       sl_db_error_quark   (void);

SlDb        *sl_db_open          (const char  *path,
                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;
SlDb        *sl_db_open_full     (const char     *path,
                                  SlDbOpenFlags   flags,
                                  GError        **error) G_GNUC_WARN_UNUSED_RESULT;
SlDb        *sl_db_create        (const char  *path,
                                  const char  *event_name,
                                  const char  *event_date,
                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;
const char  *sl_db_get_path      (SlDb        *self);
/* Whether location names an event on a server (a postgresql:// URI or a
 * libpq connection string) rather than a file: for a caller that has to
 * tell a server event from a file it cannot reach (the app's command
 * line, where GIO holds such a URI as a file that is not local).
 */
gboolean     sl_db_location_is_server (const char *location);
/* A server location written as a postgresql:// URI (the same connection:
 * a connection string's every keyword a query parameter; a URI as it is),
 * for what takes only URIs: GIO's files from the app's command line.
 * NULL for a file's path.
 */
char        *sl_db_location_dup_uri   (const char *location) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE when the event was opened for reading only (asked for, or the file
 * or its folder cannot be written): every write fails.
 */
gboolean     sl_db_is_read_only  (SlDb        *self);

typedef enum
{
  SL_ACTOR_OPERATOR = 1,
  SL_ACTOR_DESK,
} SlActorPart;

/* An operator or desk name as a person gave it (an option, a preference),
 * trimmed. NULL with SL_DB_ERROR_INVALID when nothing is left, or when it
 * holds a control character: a line break or a tab would forge or blur
 * lines of the audit log and of the command line's output.
 */
char        *sl_actor_name_dup_checked (SlActorPart   part,
                                        const char   *name,
                                        GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* Who is acting: written into every audit entry from now on. Names are
 * trimmed. A blank operator leaves the operator as it was (at first the
 * login name); a blank desk means none. A name sl_actor_name_dup_checked
 * refuses is not taken either, and the result is FALSE: check names with
 * it first where a person can be told why.
 */
gboolean     sl_db_set_actor     (SlDb        *self,
                                  const char  *operator_name,
                                  const char  *desk);
const char  *sl_db_get_operator  (SlDb        *self);
const char  *sl_db_get_desk      (SlDb        *self);

gboolean     sl_db_backup        (SlDb        *self,
                                  const char  *dest_path,
                                  GError     **error);
gboolean     sl_db_integrity_ok  (SlDb        *self,
                                  GError     **error);
/* PRAGMA quick_check on a second, read-only connection in a worker thread:
 * the event stays usable meanwhile. Fails with SL_DB_ERROR_CORRUPT.
 */
void         sl_db_check_integrity_async  (SlDb                *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     sl_db_check_integrity_finish (SlDb                *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Whether another connection (another desk, another window, the
 * command line, this process's own writer) has changed the event since the
 * last call; if so, emits "changed" before returning TRUE. The first call
 * only takes note. Cheap: call it from a timer to follow other desks (on
 * a server an idle poll sends nothing; a change is told a moment after
 * its commit, and a connection made again counts as one).
 */
gboolean     sl_db_poll_changes  (SlDb        *self,
                                  GError     **error);

/* Whether the event's server can be reached (the "reachable" property,
 * notified in the main context): FALSE once a store has lost its
 * connection, until it has one again. Always TRUE for an event file.
 */
gboolean     sl_db_is_reachable  (SlDb        *self);

/* Current time as stored: UTC ISO 8601 with milliseconds. */
char        *sl_db_now_utc       (void) G_GNUC_WARN_UNUSED_RESULT;
/* A stored UTC timestamp shown in the event's local time. */
char        *sl_db_format_local  (SlDb        *self,
                                  const char  *utc_iso,
                                  const char  *format) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
