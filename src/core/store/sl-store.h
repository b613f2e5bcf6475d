/* sl-store.h — the store interface: what a storage engine implements
 *
 * SlDb is abstract. The core's domain code and services (check-in,
 * search, import, export…) hold no SQL and call no engine: they go through
 * the methods below, SL_STORE (db)->method (db, …). One implementation
 * today, SQLite (store/sqlite/); a second one (PostgreSQL) goes next to it
 * without touching the callers. Engine errors reach callers only as
 * SL_DB_ERROR codes.
 *
 * Unless a method says otherwise, it takes the connection's lock itself;
 * the ones named "…in a write" expect a write transaction begun with
 * sl_db_begin_write (or run by sl_db_run_write).
 *
 * Only src/core includes this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"
#include "sl-event.h"

G_BEGIN_DECLS

struct _SlDbClass
{
  GObjectClass parent_class;

  /* Connections and transactions. */
  /* A second connection for a long read (an export's snapshot), which
   * leaves this one, with its lock, to the desk. Used from one thread.
   */
  SlDb     *(*open_reader)        (SlDb        *self,
                                   GError     **error);
  /* A second read-write connection, made once and kept: a write that may
   * wait for another process (a check-in from the GUI) waits there, in a
   * worker thread, while this one goes on serving the window's reads.
   */
  SlDb     *(*dup_writer)         (SlDb        *self,
                                   GError     **error);
  gboolean  (*begin_write)        (SlDb        *self,
                                   GError     **error);
  gboolean  (*commit)             (SlDb        *self,
                                   GError     **error);
  void      (*rollback)           (SlDb        *self);

  /* Safety. */
  gboolean  (*backup)             (SlDb        *self,
                                   const char  *dest_path,
                                   GError     **error);
  /* full: every check the engine has (slow); else a quick one. May run in
   * a worker thread: it uses a connection of its own.
   */
  gboolean  (*check_integrity)    (SlDb        *self,
                                   gboolean     full,
                                   GError     **error);

  /* The audit log: append one entry (in a write). */
  gboolean  (*audit_append)       (SlDb        *self,
                                   const char  *desk,
                                   const char  *action,
                                   const char  *entity,
                                   gint64       entity_id,
                                   const char  *before_json,
                                   const char  *after_json,
                                   GError     **error);

  /* -- Areas: each fills its own section. -- */

  /* Event, races, waves, charities, sign-ups, stats. */
  /* The event's one record (SL_DB_ERROR_CORRUPT when there is none). */
  SlEvent   *(*event_get)         (SlDb             *self,
                                   GError          **error);
  /* Races by id; waves by start time, then id (of one race, or of all
   * when race_id is 0); charities by name, regardless of case.
   */
  GPtrArray *(*races_list)        (SlDb             *self,
                                   GError          **error);
  GPtrArray *(*waves_list)        (SlDb             *self,
                                   gint64            race_id,
                                   GError          **error);
  GPtrArray *(*charities_list)    (SlDb             *self,
                                   GError          **error);
  /* In a write: stores the row as given (NULL text as none) and sets its
   * ->id. The one writer of each table.
   */
  gboolean   (*race_insert)       (SlDb             *self,
                                   SlRace           *race,
                                   GError          **error);
  gboolean   (*wave_insert)       (SlDb             *self,
                                   SlWave           *wave,
                                   GError          **error);
  gboolean   (*charity_insert)    (SlDb             *self,
                                   SlCharity        *charity,
                                   GError          **error);
  /* The entrant's sign-up; charity_id 0 when there is none. */
  gboolean   (*signup_get)        (SlDb             *self,
                                   gint64            entrant_id,
                                   SlCharitySignup  *signup,
                                   GError          **error);
  /* In a write: the entrant's sign-up becomes signup, replacing any
   * other; charity_id 0 removes it. The one writer of sign-ups.
   */
  gboolean   (*signup_put)        (SlDb             *self,
                                   const SlCharitySignup *signup,
                                   GError          **error);
  /* The counts, all read at one moment. */
  gboolean   (*stats_get)         (SlDb             *self,
                                   SlStats          *stats,
                                   GError          **error);

  /* Entrants. */


  /* Check-in. */


  /* Search. */


  /* The entrants list (ids and rows). */


  /* The audit log, read: newest first; limit 0: all; entity NULL: every
   * entity; entity_id 0: every record of it. Element type SlAuditEntry.
   */
  GPtrArray *(*audit_list)        (SlDb             *self,
                                   const char       *entity,
                                   gint64            entity_id,
                                   guint             limit,
                                   GError          **error);

  /* Import. */


  /* Export. */


  /* Demo. */


  /* Room for support needs, facilities and bookings, export profiles. */
  gpointer padding[16];
};

#define SL_STORE(db) SL_DB_GET_CLASS (db)

/* Serialises use of the connection between threads (recursive). */
void          sl_db_lock             (SlDb         *self);
void          sl_db_unlock           (SlDb         *self);

/* A write transaction: takes the lock (and the engine's write lock) until
 * commit or rollback.
 */
gboolean      sl_db_begin_write      (SlDb         *self,
                                      GError      **error);
gboolean      sl_db_commit           (SlDb         *self,
                                      GError      **error);
void          sl_db_rollback         (SlDb         *self);

typedef gboolean (*SlDbWriteFunc) (SlDb      *db,
                                   gpointer   user_data,
                                   GError   **error);
/* The one transaction wrapper: begins a write, runs func, commits when it
 * returns TRUE and rolls back when it returns FALSE (or the commit fails).
 */
gboolean      sl_db_run_write        (SlDb          *self,
                                      SlDbWriteFunc  func,
                                      gpointer       user_data,
                                      GError       **error);

SlDb         *sl_db_open_reader      (SlDb         *self,
                                      GError      **error) G_GNUC_WARN_UNUSED_RESULT;
SlDb         *sl_db_dup_writer       (SlDb         *self,
                                      GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* Bumped whenever this connection writes entrant names (the search index),
 * so caches of name order know to rebuild.
 */
void          sl_db_bump_names_generation (SlDb    *self);
guint64       sl_db_get_names_generation  (SlDb    *self);

/* The event's time zone (its "timezone", else the local one). */
GTimeZone    *sl_db_get_event_timezone (SlDb      *self);

/* Appends one entry to the audit log (inside the caller's transaction), at
 * the actor's desk; _at_desk: at a desk of the caller's (NULL or empty:
 * none), for a change that records its own desk, as a check-in does.
 */
gboolean      sl_db_audit            (SlDb         *self,
                                      const char   *action,
                                      const char   *entity,
                                      gint64        entity_id,
                                      const char   *before_json,
                                      const char   *after_json,
                                      GError      **error);
gboolean      sl_db_audit_at_desk    (SlDb         *self,
                                      const char   *desk,
                                      const char   *action,
                                      const char   *entity,
                                      gint64        entity_id,
                                      const char   *before_json,
                                      const char   *after_json,
                                      GError      **error);

/* For implementations: the state every store keeps. */
void          sl_db_set_location     (SlDb         *self,
                                      const char   *path);
void          sl_db_set_read_only    (SlDb         *self,
                                      gboolean      read_only);
/* The event's time zone by its identifier (NULL or unknown: local time). */
void          sl_db_set_event_timezone (SlDb       *self,
                                        const char *identifier);
G_END_DECLS
