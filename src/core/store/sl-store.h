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
  /* A number that changes whenever another connection (another desk,
   * another process) has committed a change to the event since the last
   * call: "something changed", without reading what.
   */
  gboolean  (*data_version)       (SlDb        *self,
                                   guint64     *version,
                                   GError     **error);

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


  /* Entrants. */


  /* Check-in. */


  /* Search. */


  /* The entrants list (ids and rows). */


  /* The audit log, read. */


  /* Import (sl-import.c). It reads what the event has once and keeps
   * its own lookups, instead of a query per row; new entrants go in
   * through sl_entrant_bulk_*, stored ones through the entrant methods.
   */
  /* Begins an import's transaction: a write (as begin_write), or for a
   * dry run a read of one consistent snapshot that never takes the write
   * lock; either set up for many rows.
   */
  gboolean  (*import_begin)       (SlDb        *self,
                                   gboolean     dry_run,
                                   GError     **error);
  /* Ends what import_begin set up, once the caller has committed or
   * rolled back the write (sl_db_commit, sl_db_rollback); a dry run's
   * snapshot ends here.
   */
  void      (*import_end)         (SlDb        *self,
                                   gboolean     dry_run);
  /* What the file's names are looked up in: the event's date
   * (YYYY-MM-DD) and every race (SlRace: id, code, name), wave (SlWave:
   * id, race_id, name) and charity (SlCharity: id, name).
   */
  gboolean  (*import_read_places) (SlDb        *self,
                                   char       **event_date,
                                   GPtrArray  **races,
                                   GPtrArray  **waves,
                                   GPtrArray  **charities,
                                   GError     **error);
  /* Every entrant's id (GSIZE_TO_POINTER) by bib into bib_ids and by
   * booking reference into ref_ids, each reference lower-cased as the
   * store compares them (ASCII letters only); the keys are new strings.
   */
  gboolean  (*import_read_codes)  (SlDb        *self,
                                   GHashTable  *bib_ids,
                                   GHashTable  *ref_ids,
                                   GError     **error);
  /* Adds a race, wave or charity the file names, in the import's write,
   * audited; sets ->id.
   */
  gboolean  (*import_add_race)    (SlDb        *self,
                                   SlRace      *race,
                                   GError     **error);
  gboolean  (*import_add_wave)    (SlDb        *self,
                                   SlWave      *wave,
                                   GError     **error);
  gboolean  (*import_add_charity) (SlDb        *self,
                                   SlCharity   *charity,
                                   GError     **error);
  /* Signs up an entrant this import added; import_audit_signups audits
   * all of them at the end.
   */
  gboolean  (*import_add_signup)  (SlDb        *self,
                                   gint64       entrant_id,
                                   gint64       charity_id,
                                   GError     **error);
  /* Changes a stored entrant's sign-up to charity_id (0: none), audited.
   * Another charity starts with no target and nothing raised: those were
   * the old one's (the audit entry keeps them).
   */
  gboolean  (*import_change_signup) (SlDb      *self,
                                     gint64     entrant_id,
                                     gint64     charity_id,
                                     GError   **error);
  /* One audit entry, at the time at, for each sign-up of an entrant with
   * an id above after_entrant_id: those the import added.
   */
  gboolean  (*import_audit_signups) (SlDb       *self,
                                     const char *at,
                                     gint64      after_entrant_id,
                                     GError    **error);

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
