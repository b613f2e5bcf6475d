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

#include "sl-crypto.h"
#include "sl-db.h"
#include "sl-entrant-row.h"
#include "sl-event.h"
#include "sl-export-column.h"
#include "sl-facility.h"
#include "sl-need.h"
#include "sl-role.h"

G_BEGIN_DECLS

/* A check-in or its undo, as the check-in service decided it (the store's
 * check_in method).
 */
typedef struct
{
  const char *code;          /* the entrant: by bib, else booking reference, */
  gint64      entrant_id;    /* or by id when code is NULL */
  SlStatus    from;          /* written only where the status is still this */
  SlStatus    to;            /* SL_STATUS_CHECKED_IN records the time and desk on
                              * the entrant; any other clears them */
  const char *desk;          /* where it is recorded, in the log and the audit */
  const char *log_action;    /* the check-in log's action ("check-in", "undo") */
  const char *audit_action;  /* the audit entry's action */
  const char *only_at_desk;  /* not NULL: written only where the check-in was
                              * recorded at this desk (an undo by someone who
                              * may not undo another desk's) */
  const char *request_id;    /* the UUID the desk made for this action, kept
                              * across its retries: recorded with the log's
                              * entry, and a change whose request id is
                              * recorded already is not made again */
} SlCheckInChange;

/* Whether the change's request id, found recorded for recorded_id's
 * entrant as recorded_action (NULL when it is not recorded), is this
 * change made before (*done): then it must be the same change, for the
 * same entrant (id), or SL_DB_ERROR_CONSTRAINT. For the engines' check_in
 * (sl-db.c).
 */
gboolean sl_check_in_change_recorded (const SlCheckInChange  *change,
                                      gint64                  id,
                                      gint64                  recorded_id,
                                      const char             *recorded_action,
                                      gboolean               *done,
                                      GError                **error);

/* What an export reads (the store's export_rows method). */
typedef struct
{
  gboolean  wanted[SL_N_EXPORT_COLUMNS];  /* the columns left out are never read */
  gint64    charity_id;    /* > 0: only this charity's runners */
  gboolean  by_charity;    /* only runners for a charity, one charity after another */
  /* Issue 18's row rules, applied in the query so that what is left out
   * never leaves the database: email and phone only for runners whose
   * contact consent is given; need types and details only of the needs
   * shared with the medical team.
   */
  gboolean  contact_by_consent;
  gboolean  needs_medical_only;
} SlExportQuery;

/* One value of an exported row. text is set for every value but age,
 * target, raised and vip, which are numbers; both are borrowed, valid
 * until the row function returns.
 */
typedef struct
{
  gboolean    is_null;
  const char *text;
  gint64      number;
} SlExportValue;

typedef struct
{
  SlExportValue values[SL_N_EXPORT_COLUMNS];  /* by SlExportColumn; the wanted ones */
  gint64        charity_id;                   /* 0: runs for none */
} SlExportRow;

/* Called once before the rows, inside the export's snapshot, with how
 * many rows follow: it may read more from reader and sees the same
 * snapshot.
 */
typedef gboolean (*SlExportStartFunc) (SlDb               *reader,
                                       gint64              n_rows,
                                       gpointer            user_data,
                                       GError            **error);
typedef gboolean (*SlExportRowFunc)   (const SlExportRow  *row,
                                       gpointer            user_data,
                                       GError            **error);
/* An engine's state during a bulk insert of entrants. */
typedef struct _SlStoreEntrantBulk SlStoreEntrantBulk;

/* Copying a whole event (sl-event-copy.c): the tables in the order they
 * are read and loaded (a row's references are loaded before it), each
 * with its columns as the two engines name them, comma-separated, and one
 * kind a column: 'i' an integer, 't' text, 'b' bytes. The search indexes
 * are not copied: the destination builds its own. sl_copy_tables () in
 * sl-db.c is the one list.
 */
typedef struct
{
  const char *name;
  const char *columns;
  const char *kinds;
  const char *order;      /* the rows' order when read */
  const char *where;      /* the rows copied; NULL: all */
} SlCopyTable;

/* One value of a copied row, borrowed until the row function returns:
 * data and length for text (NUL-terminated) and bytes, number for integers.
 */
typedef struct
{
  gboolean      is_null;
  gint64        number;
  const char   *data;
  gsize         length;
} SlCopyValue;

typedef gboolean (*SlCopyRowFunc) (const SlCopyTable  *table,
                                   const SlCopyValue  *values,
                                   gpointer            user_data,
                                   GError            **error);

const SlCopyTable *sl_copy_tables (guint *n_tables);

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
   * wait for another process (a check-in, a save, an import from the GUI)
   * waits there, in a worker thread, while this one goes on serving the
   * window's reads. Every such write of the process shares it: hold its
   * lock from setting its actor to the commit (sl_db_task_run does).
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
  /* In a write: inserts the charity when its id is 0 (and sets it), else
   * updates the one with its id. The one writer of the charity table.
   */
  gboolean   (*charity_put)       (SlDb             *self,
                                   SlCharity        *charity,
                                   GError          **error);
  /* Every charity by name with its figures (SlCharitySummary, see
   * sl-event.h for what is counted).
   */
  GPtrArray *(*charity_summaries_list) (SlDb        *self,
                                   GError          **error);
  /* A charity's runners (SlCharityRunner), shorter bibs first, then by bib. */
  GPtrArray *(*charity_runners_list) (SlDb          *self,
                                   gint64            charity_id,
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
  /* In a write: one "charity-signup" audit entry, made at the time at
   * with no before-image, for each sign-up of an entrant with an id above
   * after_entrant_id: the bulk paths' (import, demo) entries, in one go.
   */
  gboolean   (*signups_audit_new) (SlDb             *self,
                                   const char       *at,
                                   gint64            after_entrant_id,
                                   GError          **error);
  /* The counts, all read at one moment. */
  gboolean   (*stats_get)         (SlDb             *self,
                                   SlStats          *stats,
                                   GError          **error);

  /* Entrants. */
  /* The entrant with this id, with the names of its race, wave, start
   * and charity; NULL without an error when there is none.
   */
  SlEntrant *(*dup_entrant)         (SlDb               *self,
                                     gint64              id,
                                     GError            **error);
  /* The entrant whose bib is code, else the one whose booking reference
   * is code (without regard to ASCII case); NULL without an error when
   * there is none.
   */
  SlEntrant *(*dup_entrant_by_code) (SlDb               *self,
                                     const char         *code,
                                     GError            **error);
  /* An entrant other than entrant (by id) that holds its bib, or its
   * booking reference (without regard to ASCII case), with only its bib,
   * booking reference and names; NULL without an error when none does.
   */
  SlEntrant *(*dup_code_holder)     (SlDb               *self,
                                     const SlEntrant    *entrant,
                                     GError            **error);
  /* *race_id: the race of the wave, 0 when there is no such wave. */
  gboolean   (*get_wave_race)       (SlDb               *self,
                                     gint64              wave_id,
                                     gint64             *race_id,
                                     GError            **error);
  /* In a write: a new entrant (stored as given, timestamped now), whose
   * id it sets. The store keeps its own search index and name order of
   * entrants up to date here and in the other writes below.
   */
  gboolean   (*insert_entrant)      (SlDb               *self,
                                     SlEntrant          *entrant,
                                     GError            **error);
  /* In a write: saves every field of entrant but status and check-in.
   * before is its row as read in this transaction, which lets the engine
   * leave alone what does not change.
   */
  gboolean   (*update_entrant)      (SlDb               *self,
                                     const SlEntrant    *before,
                                     const SlEntrant    *entrant,
                                     GError            **error);
  /* In a write: every entrant's notes removed; *n_cleared: how many. */
  gboolean   (*clear_notes)         (SlDb               *self,
                                     guint              *n_cleared,
                                     GError            **error);
  /* In a write. */
  gboolean   (*set_entrant_status)  (SlDb               *self,
                                     gint64              id,
                                     SlStatus            status,
                                     GError            **error);
  /* -1 with an error when they cannot be counted. */
  gint64     (*count_entrants)      (SlDb               *self,
                                     GError            **error);
  /* Many new entrants in one write (SlEntrantBulk, sl-entrants-private.h,
   * says what the caller guarantees). begin: the engine's state, and in
   * *last_old_id the highest id before, so that every entrant added has a
   * higher one. insert: one entrant, stored as given with the timestamp
   * now given to begin, whose id it sets, and its audit entry ("insert",
   * "entrant", after_json, the actor, now). finish: whatever the engine
   * left for the end (the search index) is done. free: the state, finished
   * or not; without finish (a rollback) nothing of the bulk insert remains.
   */
  SlStoreEntrantBulk *(*entrant_bulk_begin) (SlDb               *self,
                                             const char         *now,
                                             gint64             *last_old_id,
                                             GError            **error);
  gboolean   (*entrant_bulk_insert) (SlDb               *self,
                                     SlStoreEntrantBulk *bulk,
                                     SlEntrant          *entrant,
                                     GError            **error);
  gboolean   (*entrant_bulk_finish) (SlDb               *self,
                                     SlStoreEntrantBulk *bulk,
                                     GError            **error);
  void       (*entrant_bulk_free)   (SlDb               *self,
                                     SlStoreEntrantBulk *bulk);

  /* Check-in. */
  /* One write transaction of its own: the change of status, the check-in
   * log's entry and the audit entry (images by sl_entrant_to_json). The
   * status is written only where it is still change->from, so that one
   * person checked in at two desks at once is written once. Returns the
   * entrant as written. When its status was not change->from, nothing is
   * written: NULL without an error, and *current the entrant as it stands
   * (its status is not change->from), for the caller to say why. NULL
   * with an error otherwise (SL_ENTRANT_ERROR_NOT_FOUND: no such entrant,
   * as sl_db_dup_entrant_by_code or sl_db_dup_entrant says).
   * When change->request_id is recorded already (a retry after a lost
   * reply), nothing is written and the outcome is the first one's: the
   * entrant as it stands. A request id recorded for another entrant or
   * action fails with SL_DB_ERROR_CONSTRAINT.
   */
  SlEntrant *(*check_in)          (SlDb                  *self,
                                   const SlCheckInChange *change,
                                   SlEntrant            **current,
                                   GError               **error);
  /* The log's entries with check_in_action at desk since a UTC time (NULL:
   * ever), less those with another action (undos there). 0 on failure.
   */
  gint64     (*count_check_ins)   (SlDb                  *self,
                                   const char            *desk,
                                   const char            *since_utc,
                                   const char            *check_in_action);

  /* Search. */
  /* At most limit entrants (SlEntrant) that have every word of words
   * (folded by sl_fold_dup_words, at least one) as the start of a word of
   * their folded names, bib, reference or club. First the one whose bib,
   * else booking reference, is exactly code; then those whose last name
   * starts with one of the words, then the rest, each in name order (the
   * sort name, then the id). *n_matches (may be NULL): how many match in
   * all, past the limit too.
   */
  GPtrArray *(*search)            (SlDb                  *self,
                                   const char            *code,
                                   const char * const    *words,
                                   guint                  limit,
                                   guint                 *n_matches,
                                   GError               **error);

  /* The entrants list (ids and rows). */
  /* As sl_db_list_entrant_ids, with filter->text given as words instead
   * (folded by sl_fold_dup_words; NULL or empty: no text filter), which
   * match as in search.
   */
  GArray    *(*list_entrant_ids)  (SlDb                  *self,
                                   const SlEntrantFilter *filter,
                                   const char * const    *words,
                                   SlEntrantSort          sort,
                                   gboolean               descending,
                                   GError               **error);
  /* As sl_db_fetch_entrant_rows. */
  GPtrArray *(*fetch_entrant_rows) (SlDb                 *self,
                                    const gint64         *ids,
                                    guint                 n_ids,
                                    GError              **error);

  /* The audit log, read: newest first; limit 0: all; entity NULL: every
   * entity; entity_id 0: every record of it; an entrant's history with its
   * import's entry as sl_db_list_audit says. Element type SlAuditEntry.
   */
  GPtrArray *(*audit_list)        (SlDb             *self,
                                   const char       *entity,
                                   gint64            entity_id,
                                   guint             limit,
                                   GError          **error);
  /* Walks the hash chain from the first entry: *n_entries that follow;
   * *what (the caller frees it) and *first_bad_id for the first that does
   * not (changed, removed or moved), or for erased entries no erasure
   * accounts for; NULL and 0 when all do. FALSE only when the log could
   * not be read.
   */
  gboolean   (*audit_verify)      (SlDb             *self,
                                   gint64           *n_entries,
                                   gint64           *first_bad_id,
                                   char            **what,
                                   GError          **error);

  /* Erasure (sl-erasure.c). In a write: erasure's narrow path, the
   * payloads of every entry about the entrant (or, _special, of every
   * entry holding special-category data) emptied and marked erased, their
   * hashes kept; *n_erased: how many.
   */
  gboolean   (*audit_erase_entrant) (SlDb           *self,
                                     gint64          entrant_id,
                                     guint          *n_erased,
                                     GError        **error);
  gboolean   (*audit_erase_special) (SlDb           *self,
                                     guint          *n_erased,
                                     GError        **error);
  /* In a write: drops what the search index keeps of removed values. */
  gboolean   (*compact_erased)    (SlDb             *self,
                                   GError          **error);
  /* After the write: makes the file hold no older copy of what it changed
   * (a checkpoint that empties the journal). *complete FALSE when another
   * connection's read kept it from finishing (the last close does it).
   */
  gboolean   (*checkpoint_erased) (SlDb             *self,
                                   gboolean         *complete,
                                   GError          **error);
  /* The days after the event's date before retention may run; in a
   * write, _set stores them (the one writer of it).
   */
  gboolean   (*retention_days_get) (SlDb            *self,
                                    guint           *days,
                                    GError         **error);
  gboolean   (*retention_days_set) (SlDb            *self,
                                    guint            days,
                                    GError         **error);

  /* Staff and keys (sl-staff.c, sl-session.c). */
  /* Every account (SlStaffAccount), by name regardless of case. */
  GPtrArray      *(*staff_list)    (SlDb             *self,
                                    GError          **error);
  /* The account named name, regardless of case; NULL without an error
   * when there is none. Its passphrase_hash is NULL when the connection
   * may not read it (a server event's login other than that account's).
   */
  SlStaffAccount *(*staff_get)     (SlDb             *self,
                                    const char       *name,
                                    GError          **error);
  /* In a write: inserts account as given and sets its ->id, or with
   * remove deletes the account with its ->id. The one writer of staff.
   */
  gboolean        (*staff_put)     (SlDb             *self,
                                    SlStaffAccount   *account,
                                    gboolean          remove,
                                    GError          **error);
  /* In a write, for a store whose staff are the server's own logins (a
   * server event): the account's login, made or given passphrase and
   * account->roles anew (a desk's account, roles 0, too); *existed (may
   * be NULL) whether the login was there before. NULL in a store that
   * has no logins (a file), which then has no desk accounts. staff_put's
   * remove drops the login.
   */
  gboolean        (*staff_login_put) (SlDb                 *self,
                                      const SlStaffAccount *account,
                                      const char           *passphrase,
                                      gboolean             *existed,
                                      GError              **error);
  /* The event's public key into *public_key, NULL when it has none. */
  gboolean        (*event_key_get) (SlDb             *self,
                                    GBytes          **public_key,
                                    GError          **error);
  /* In a write: stores the event's public key, once. The one writer of
   * event_key.
   */
  gboolean        (*event_key_put) (SlDb             *self,
                                    GBytes           *public_key,
                                    GError          **error);
  /* The account's key slot; NULL without an error when it has none. */
  SlKeySlot      *(*key_slot_get)  (SlDb             *self,
                                    gint64            staff_id,
                                    GError          **error);
  /* In a write: the account's slot becomes slot, replacing any; NULL
   * removes it. The one writer of key_slot.
   */
  gboolean        (*key_slot_put)  (SlDb             *self,
                                    gint64            staff_id,
                                    const SlKeySlot  *slot,
                                    GError          **error);

  /* Import (sl-import.c). It reads what the event has once and keeps
   * its own lookups, instead of a query per row; new entrants go in
   * through sl_entrant_bulk_*, stored ones through the entrant methods;
   * races, waves, charities and sign-ups through sl-event-service.h and
   * the sign-up methods above.
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

  /* Export. */
  /* Reads an export in one snapshot of reader (a connection of
   * sl_db_open_reader's): start with the number of rows, then row for
   * each entrant (query->charity_id or ->by_charity: each sign-up) in
   * bib order, shorter bibs first (99 before 100), grouped by charity id
   * first when query->by_charity. Stops at the first FALSE, with its error.
   */
  gboolean   (*export_rows)       (SlDb                  *reader,
                                   const SlExportQuery   *query,
                                   SlExportStartFunc      start,
                                   SlExportRowFunc        row,
                                   gpointer               user_data,
                                   GError               **error);

  /* Needs (sl-sqlite-needs.c): need types, needs, consents, links,
   * markers. Reads take the lock; writes are "in a write". Each table has
   * one writer: need_type_put, need_put, consent_put, link_put,
   * marker_put.
   */
  /* Every need type by label (SlNeedType). */
  GPtrArray *(*need_types_list)   (SlDb                  *self,
                                   GError               **error);
  /* In a write: type->id 0 inserts the type as given and sets its id;
   * remove deletes the type with that id; else updates its label and
   * adjustments (the code and builtin stay).
   */
  gboolean   (*need_type_put)     (SlDb                  *self,
                                   SlNeedType            *type,
                                   gboolean               remove,
                                   GError               **error);
  /* In a write: need->id 0 inserts the need (entrant, type, status,
   * sealed detail and adjustments, reason, decided and created by and
   * at) and sets its id; else updates what may change (status, sealed
   * detail and adjustments, reason, decided by and at).
   */
  gboolean   (*need_put)          (SlDb                  *self,
                                   SlNeed                *need,
                                   GError               **error);
  /* The need with its type and entrant, with the sealed bytes only when
   * sealed is TRUE; NULL without an error when there is none.
   */
  SlNeed    *(*need_get)          (SlDb                  *self,
                                   gint64                 id,
                                   gboolean               sealed,
                                   GError               **error);
  /* The needs filter matches (SlNeed, no sealed bytes); words: the
   * filter's text folded by sl_fold_dup_words (NULL: none).
   */
  GPtrArray *(*needs_list)        (SlDb                  *self,
                                   const SlNeedFilter    *filter,
                                   const char * const    *words,
                                   GError               **error);
  /* Every need counted by type, start area and status (SlNeedCount), in
   * one grouped statement: the summary's figures without reading the
   * needs.
   */
  GPtrArray *(*needs_count)       (SlDb                  *self,
                                   GError               **error);
  /* The need's consents (SlNeedConsent) by recipient. */
  GPtrArray *(*consents_list)     (SlDb                  *self,
                                   gint64                 need_id,
                                   GError               **error);
  /* In a write: the need's consent for its recipient, replacing any. */
  gboolean   (*consent_put)       (SlDb                  *self,
                                   const SlNeedConsent   *consent,
                                   GError               **error);
  /* The links of an entrant (SlEntrantLink) both ways: those who support
   * it, then those it supports, with the other person's bib, name and
   * whether they are checked in.
   */
  GPtrArray *(*links_list)        (SlDb                  *self,
                                   gint64                 entrant_id,
                                   GError               **error);
  /* One link; NULL without an error when there is none. */
  SlEntrantLink *(*link_get)      (SlDb                  *self,
                                   gint64                 id,
                                   GError               **error);
  /* In a write: adds link (setting its id), or removes the one with its
   * id when remove is TRUE.
   */
  gboolean   (*link_put)          (SlDb                  *self,
                                   SlEntrantLink         *link,
                                   gboolean               remove,
                                   GError               **error);
  /* The entrant's markers as bits (1 << SlMarker). */
  gboolean   (*markers_get)       (SlDb                  *self,
                                   gint64                 entrant_id,
                                   guint                 *markers,
                                   GError               **error);
  /* In a write: sets or clears one; *changed says whether it did. */
  gboolean   (*marker_put)        (SlDb                  *self,
                                   gint64                 entrant_id,
                                   SlMarker               marker,
                                   gboolean               on,
                                   gboolean              *changed,
                                   GError               **error);
  /* The ids of the entrants that guide or support-run for entrant_id and
   * are not withdrawn: they are withdrawn with it.
   */
  GArray    *(*cascade_list)      (SlDb                  *self,
                                   gint64                 entrant_id,
                                   GError               **error);

  /* Facilities. The one writer of facility (facility_put), booking
   * (booking_put) and facility_visit (visit_put). A booking's span is its
   * slot's [start, start + slot_minutes), or the facility's opening hours
   * for the day (slot -1); "load" counts the people (party sizes) of the
   * confirmed and arrived bookings of a facility and of its children whose
   * span overlaps [start, end).
   */
  /* Every facility (SlFacility) in name order with its parent's name and
   * its figures: confirmed, waiting (its own bookings), inside (its and its
   * children's open visits).
   */
  GPtrArray *(*facilities_list)   (SlDb                  *self,
                                   GError               **error);
  /* One facility with its figures; NULL without an error when there is none. */
  SlFacility *(*facility_get)     (SlDb                  *self,
                                   gint64                 id,
                                   GError               **error);
  /* A facility and its children (no figures), in name order. */
  GPtrArray *(*facility_family)   (SlDb                  *self,
                                   gint64                 root_id,
                                   GError               **error);
  /* In a write: inserts (id 0: sets it) or updates the facility. */
  gboolean   (*facility_put)      (SlDb                  *self,
                                   SlFacility            *facility,
                                   GError               **error);
  /* The peak load of facility_id (and its children) over [start, end):
   * the largest sum of the place-holding bookings covering any one minute.
   */
  gboolean   (*facility_load)     (SlDb                  *self,
                                   gint64                 facility_id,
                                   int                    start,
                                   int                    end,
                                   int                   *people,
                                   GError               **error);
  /* People inside facility_id and its children (open visits). */
  gboolean   (*facility_inside)   (SlDb                  *self,
                                   gint64                 facility_id,
                                   int                   *people,
                                   GError               **error);
  /* Each slot's own confirmed and waiting people (SlSlotFigures, only the
   * slots that have any; capacity not set).
   */
  GArray    *(*slot_figures)      (SlDb                  *self,
                                   gint64                 facility_id,
                                   GError               **error);
  /* Bookings as sl_db_list_bookings orders them, with names, waiting
   * positions and (filter->with_markers) the markers of those who gave
   * consent to share with facility leads. filter is an SlBookingFilter
   * (sl-facilities.h).
   */
  GPtrArray *(*bookings_list)     (SlDb                  *self,
                                   gint64                 facility_id,
                                   int                    slot,
                                   gint64                 entrant_id,
                                   gboolean               with_inactive,
                                   gboolean               with_markers,
                                   GError               **error);
  /* One booking with names and position; NULL without an error when none. */
  SlBooking *(*booking_get)       (SlDb                  *self,
                                   gint64                 id,
                                   GError               **error);
  /* The live (confirmed, waiting or arrived) booking of a person (link_id
   * 0: the entrant's own) for a slot, or for slot -2 the first of any slot
   * of the facility that holds a place; NULL without an error when none.
   */
  SlBooking *(*booking_find)      (SlDb                  *self,
                                   gint64                 facility_id,
                                   gint64                 entrant_id,
                                   gint64                 link_id,
                                   int                    slot,
                                   GError               **error);
  /* The waiting bookings of one slot (SlBooking, with names) in the
   * order they joined.
   */
  GPtrArray *(*waiting_list)      (SlDb                  *self,
                                   gint64                 facility_id,
                                   int                    slot,
                                   GError               **error);
  /* In a write: inserts (id 0: sets it) or sets the status of a booking. */
  gboolean   (*booking_put)       (SlDb                  *self,
                                   SlBooking             *booking,
                                   GError               **error);
  /* The entrant's open visit (any facility); NULL without an error when
   * none.
   */
  SlFacilityVisit *(*visit_open_get) (SlDb               *self,
                                   gint64                 entrant_id,
                                   GError               **error);
  /* In a write: inserts (id 0: sets it) or records left_at and the
   * over-capacity reason (erasure blanks it).
   */
  gboolean   (*visit_put)         (SlDb                  *self,
                                   SlFacilityVisit       *visit,
                                   GError               **error);
  /* Every visit of the entrant (SlFacilityVisit), oldest first. */
  GPtrArray *(*visits_list)       (SlDb                  *self,
                                   gint64                 entrant_id,
                                   GError               **error);

  /* Export profiles (sl-sqlite-profiles.c): the runners' contact
   * consent, custom export profiles and the export log. Reads take the
   * lock; writes are "in a write". One writer each: contact_consent_put,
   * export_profile_put, export_log_append (the log is append-only).
   */
  /* The entrant's consent as { consent id, at, wording version,
   * recorded by }; *record NULL when not asked.
   */
  gboolean   (*contact_consent_get) (SlDb                *self,
                                   gint64                 entrant_id,
                                   GStrv                 *record,
                                   GError               **error);
  /* In a write: consent NULL removes the entrant's row (not asked); else
   * replaces it, recorded by the operator.
   */
  gboolean   (*contact_consent_put) (SlDb                *self,
                                   gint64                 entrant_id,
                                   const char            *consent,
                                   const char            *at,
                                   const char            *wording_version,
                                   GError               **error);
  /* Every custom profile as { name, column keys comma-separated }, by name. */
  GPtrArray *(*export_profiles_list) (SlDb               *self,
                                   GError               **error);
  /* In a write: saves (or replaces, by name, case-insensitively) a custom
   * profile; columns NULL removes it.
   */
  gboolean   (*export_profile_put) (SlDb                 *self,
                                   const char            *name,
                                   const char            *columns,
                                   GError               **error);
  /* In a write: appends one export to the log, at now by the operator at
   * the connection's desk.
   */
  gboolean   (*export_log_append) (SlDb                  *self,
                                   const char            *profile,
                                   const char            *reason,
                                   const char            *filter,
                                   gint64                 n_rows,
                                   const char            *columns,
                                   const char            *file_name,
                                   const char            *sha256,
                                   GError               **error);
  /* Newest first (limit 0: all), each as { id, at, operator, desk,
   * profile, reason, filter, rows, columns, file name, sha256 }, an
   * absent value empty.
   */
  GPtrArray *(*export_log_list)   (SlDb                  *self,
                                   guint                  limit,
                                   GError               **error);

  /* Copying an event (services/sl-event-copy.c). */
  /* Every row of every table of sl_copy_tables (), table by table in that
   * order, each table's rows in its order, all read in one snapshot.
   */
  gboolean   (*copy_dump)         (SlDb                  *self,
                                   SlCopyRowFunc          func,
                                   gpointer               user_data,
                                   GError               **error);
  /* In the write of sl_db_create_filled, on the new event: copy_begin
   * empties what the schema seeded (the built-in need types), copy_load
   * adds one row as it was read (ids and all; tables in the order of
   * sl_copy_tables ()), copy_finish builds the search index and sets
   * each table's next id after its largest.
   */
  gboolean   (*copy_begin)        (SlDb                  *self,
                                   GError               **error);
  gboolean   (*copy_load)         (SlDb                  *self,
                                   const SlCopyTable     *table,
                                   const SlCopyValue     *values,
                                   GError               **error);
  gboolean   (*copy_finish)       (SlDb                  *self,
                                   GError               **error);

  /* Demo. */


  /* Room for support needs, facilities and bookings, export profiles. */
  gpointer padding[3];
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

/* The default need types (sl_need_type_defaults), written by the
 * store's one writer of need_type, for a new schema.
 */
gboolean      sl_db_seed_need_types  (SlDb          *self,
                                      GError       **error);

/* A new event at location (a file that must not exist, or a server
 * database that must hold nothing) with the schema and no rows, which
 * fill fills in the one write that makes it (the copy's path, with the
 * store's copy_* methods). When anything fails nothing is left: no file,
 * no tables.
 */
SlDb         *sl_db_create_filled    (const char    *location,
                                      SlDbWriteFunc  fill,
                                      gpointer       user_data,
                                      GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* A new event as sl_db_create makes it (its record and "create" entry),
 * which fill (NULL: none, sl_db_create) then fills in the same write, the
 * event's time zone loaded (the demo's path on a new event). When anything fails nothing is left:
 * no file; on a server no tables, nor the event's group roles and the
 * logins fill made.
 */
SlDb         *sl_db_create_event_filled (const char     *location,
                                         const char     *event_name,
                                         const char     *event_date,
                                         SlDbWriteFunc   fill,
                                         gpointer        user_data,
                                         GError        **error) G_GNUC_WARN_UNUSED_RESULT;

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
/* A store says its server stopped answering (FALSE: a connection lost)
 * or answers again (TRUE, once reconnected); from any thread. Said on a
 * writer (sl_db_dup_writer), it is said on the SlDb it writes for too.
 */
void          sl_db_set_reachable    (SlDb         *self,
                                      gboolean      reachable);
/* The event's time zone by its identifier (NULL or unknown: local time). */
void          sl_db_set_event_timezone (SlDb       *self,
                                        const char *identifier);
/* Who is signed in on a connection (the session service, sl-session.c):
 * immutable once made, reference-counted, and shared by a connection with
 * its writer (sl_db_dup_writer) and its readers (sl_db_open_reader), so
 * that work in a worker thread runs as the same person. The key is freed
 * (wiped) with the last reference.
 */
typedef struct _SlDbSession SlDbSession;

/* key: transfer full, may be NULL. operator_before: the operator name to
 * go back to on signing out.
 */
SlDbSession  *sl_db_session_new      (const char   *staff_name,
                                      SlRoles       roles,
                                      SlEventKey   *key,
                                      const char   *operator_before) G_GNUC_WARN_UNUSED_RESULT;
SlDbSession  *sl_db_session_ref      (SlDbSession  *session);
void          sl_db_session_unref    (SlDbSession  *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDbSession, sl_db_session_unref)

/* Installs session (NULL: none) on self and on its writer, once any write
 * running there is done.
 */
void          sl_db_set_session      (SlDb         *self,
                                      SlDbSession  *session);
/* What the session on self holds: SL_ROLE_DESK, NULL when none. */
SlRoles            sl_db_session_get_roles (SlDb   *self);
const char        *sl_db_session_get_name  (SlDb   *self);
const SlEventKey  *sl_db_session_get_key   (SlDb   *self);
const char        *sl_db_session_get_operator_before (SlDb *self);

G_END_DECLS
