/* sl-pg-private.h — what the PostgreSQL store's files share
 *
 * Only files in src/core/store/postgres include this: nothing of libpq
 * (no PGconn, no SQL) is seen outside that folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "sl-entrant-private.h"
#include "sl-pg-db.h"
#include "sl-pg-watch.h"

G_BEGIN_DECLS

struct _SlPgDb
{
  SlDb         parent_instance;

  PGconn      *conn;
  /* A connection being made again in a thread of its own (ensure_connected
   * in sl-pg-db.c): the caller never waits for it. Under reconnect_mutex:
   * whether an attempt is under way, and its connection once made (ok or
   * not), taken by the next statement.
   */
  GMutex       reconnect_mutex;
  PGconn      *reconnected;
  gboolean     reconnecting;
  /* SL_DB_OPEN_INTERACTIVE: every statement answered within the watch's
   * timeout, or the connection is cut (sl-pg-watch.c) and made again.
   */
  SlPgWatch   *watch;
  guint        cut : 1;        /* the watch shut conn's socket down */
  gint64       last_answer;    /* monotonic: a watched statement answered */
  gint64       heartbeat_sent; /* monotonic: a heartbeat awaits its answer; 0: none */
  GMutex       writer_mutex;
  SlDb        *writer;         /* sl_db_dup_writer */
  char        *display;        /* "database D on H", for messages */
  gint64       own_commits;    /* data_version: commits made here */
  gint64       version_read;   /* data_version as last read, less own_commits */
  gint64       sessions;       /* connections made again: each one a change */
  GHashTable  *prepared;       /* names of the statements prepared on conn */
  GPtrArray   *deferred;       /* statements sent with the next one (sl_pg_defer) */
  guint        in_write : 1;
  guint        listening : 1;  /* LISTEN made on this session (sl-pg-live.c) */
  guint        no_listen : 1;  /* the server refused LISTEN (a hot standby) */
  guint        reader : 1;     /* opened by sl_db_open_reader: one snapshot */
  /* This write shares the write lock (a check-in: sl_pg_begin_shared_write)
   * and takes the audit chain's lock at its append.
   */
  guint        write_shared : 1;
  guint        next_write_shared : 1;
  /* The audit chain's last entry, known within a write only. */
  guint        chain_known : 1;
  gint64       chain_last_id;
  guint8       chain_last_hash[32];
  /* A copy being loaded (sl-pg-copy.c): the table whose COPY is under
   * way, its rows not yet sent, and the search index's rows to send last.
   */
  const SlCopyTable *copy_table;
  GString     *copy_rows;
  GString     *copy_search;
  /* The bulk insert under way (sl-pg-bulk.c): its rows not yet sent go
   * before any other statement of this connection (sl_pg_bulk_flush).
   */
  SlStoreEntrantBulk *bulk;
};

/* Every write takes this transaction-scoped advisory lock first: writes
 * to one event are serialised by the server, as SQLite's BEGIN IMMEDIATE
 * does, so the audit chain has one tail and no two writes deadlock. A
 * check-in takes it shared (check-ins run side by side, each changing one
 * entrant under its row lock) and, for its audit entry at the end, the
 * chain's lock (SL_PG_CHAIN_LOCK_KEY), so that the chain still has one
 * tail; a write holding the write lock alone needs no chain lock. Locks
 * are always taken in this order: the write lock, rows, the chain lock.
 */
#define SL_PG_WRITE_LOCK_KEY "1398033486"   /* 'STLN' */
#define SL_PG_CHAIN_LOCK_KEY "1398033480"

/* The channel every write transaction notifies (sl-pg-live.c). A
 * notification reaches only the sessions of the same database, which
 * holds one event: the channel is the event's.
 */
#define SL_PG_CHANGES_CHANNEL "startline_changes"

/* Parameters of a statement: text (NULL: SQL NULL) or binary (bytea). */
#define SL_PG_MAX_PARAMS 32

typedef struct
{
  int         n;
  const char *values[SL_PG_MAX_PARAMS];
  int         lengths[SL_PG_MAX_PARAMS];
  int         formats[SL_PG_MAX_PARAMS];
  char       *owned[SL_PG_MAX_PARAMS];
} SlPgParams;

void        sl_pg_params_clear   (SlPgParams   *params);
/* A copy of str; NULL: SQL NULL. */
void        sl_pg_param_text     (SlPgParams   *params,
                                  const char   *str);
/* NULL or empty: SQL NULL. */
void        sl_pg_param_optional (SlPgParams   *params,
                                  const char   *str);
void        sl_pg_param_int64    (SlPgParams   *params,
                                  gint64        value);
/* value <= 0: SQL NULL (an id that is not set). */
void        sl_pg_param_id       (SlPgParams   *params,
                                  gint64        value);
void        sl_pg_param_bytes    (SlPgParams   *params,
                                  const guint8 *data,
                                  gsize         len);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlPgParams, sl_pg_params_clear)

PGconn     *sl_pg_get_conn       (SlDb         *db);
/* Runs one statement: its result (rows or none), or NULL with the error.
 * params may be NULL.
 */
PGresult   *sl_pg_run            (SlDb         *db,
                                  const char   *sql,
                                  SlPgParams   *params,
                                  GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    sl_pg_exec           (SlDb         *db,
                                  const char   *sql,
                                  SlPgParams   *params,
                                  GError      **error);
/* Runs a statement giving one row (a query, an INSERT … RETURNING id):
 * its first value in *value (0 for NULL).
 */
gboolean    sl_pg_run_int64      (SlDb         *db,
                                  const char   *sql,
                                  SlPgParams   *params,
                                  gint64       *value,
                                  GError      **error);
/* A new struct read from row of res. */
typedef gpointer (*SlPgFromRowFunc) (const PGresult *res,
                                     int             row);
/* from_row's struct of res's first row; NULL when res is NULL (a
 * failure) or has no row.
 */
gpointer    sl_pg_first_row      (const PGresult   *res,
                                  SlPgFromRowFunc   from_row) G_GNUC_WARN_UNUSED_RESULT;
/* With db's lock: the first row of sl_pg_run's result, as
 * sl_pg_first_row reads it (NULL without an error when there is none).
 */
gpointer    sl_pg_get_one        (SlDb             *db,
                                  const char       *sql,
                                  SlPgParams       *params,
                                  SlPgFromRowFunc   from_row,
                                  GError          **error) G_GNUC_WARN_UNUSED_RESULT;
/* sl_pg_run for a statement prepared once per connection under name
 * (a static string naming sql alone).
 */
PGresult   *sl_pg_run_prepared   (SlDb         *db,
                                  const char   *name,
                                  const char   *sql,
                                  SlPgParams   *params,
                                  GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* Queues a statement of the current write (name: prepared, or NULL) to
 * be sent in one pipeline with the next statement run or the commit:
 * one round trip for both. Takes params' values. Its failure is that
 * statement's, and fails the write.
 */
void        sl_pg_defer          (SlDb         *db,
                                  const char   *name,
                                  const char   *sql,
                                  SlPgParams   *params);
/* The next sl_db_begin_write shares the write lock (a check-in). */
void        sl_pg_begin_shared_write (SlDb     *db);
/* A value of a result: a copy (NULL for SQL NULL); an integer (0 for
 * NULL); binary from a bytea in text form (NULL for SQL NULL).
 */
char       *sl_pg_dup            (const PGresult *res,
                                  int             row,
                                  int             column) G_GNUC_WARN_UNUSED_RESULT;
gint64      sl_pg_int64          (const PGresult *res,
                                  int             row,
                                  int             column);
GBytes     *sl_pg_bytes          (const PGresult *res,
                                  int             row,
                                  int             column) G_GNUC_WARN_UNUSED_RESULT;
/* The number of rows a command changed. */
gint64      sl_pg_changes        (const PGresult *res);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* The one place libpq's failures become SL_DB_ERROR codes (sl-pg-error.c):
 * a result's SQLSTATE, or the connection's state when there is none.
 */
gboolean    sl_pg_result_server_gone (const PGresult *res);
void        sl_pg_set_error      (SlDb           *db,
                                  const PGresult *res,
                                  GError        **error);
void        sl_pg_set_connect_error (PGconn      *conn,
                                     const char  *display,
                                     GError     **error);

/* A new connection to location (a URI or connection string), with the
 * settings of sl-pg-db.h (SL_PG_…) where location names none of its own.
 */
PGconn     *sl_pg_connect        (const char   *location,
                                  GError      **error);
/* The same, never NULL: a failed one is returned, to say why. */
PGconn     *sl_pg_connect_raw    (const char   *location);
char       *sl_pg_dup_display    (PGconn       *conn) G_GNUC_WARN_UNUSED_RESULT;

/* The schema (sl-pg-schema.c): made in the caller's write. */
gboolean    sl_pg_schema_create  (SlDb         *db,
                                  GError      **error);
/* What the database holds: 1 ours (version in *version), 0 nothing at
 * all, -1 tables that are not ours; FALSE on failure.
 */
gboolean    sl_pg_schema_inspect (SlDb         *db,
                                  int          *ours,
                                  int          *version,
                                  GError      **error);
/* Whether an event of this version has every object a later build of the
 * same version added (sl-pg-schema.c); FALSE on failure.
 */
gboolean    sl_pg_schema_is_complete (SlDb     *db,
                                      gboolean *complete,
                                      GError  **error);

/* The event's group roles, their grants and the functions they call
 * (sl-pg-roles.c): made in the creating write, by an owner who has
 * CREATEROLE.
 */
gboolean    sl_pg_roles_create   (SlDb         *db,
                                  GError      **error);
/* In a write: the account's server login, <db>.<name in lower case>,
 * made or given its new passphrase (as a SCRAM verifier) and groups;
 * *existed (may be NULL) whether there was one before.
 */
gboolean    sl_pg_login_put      (SlDb                  *db,
                                  const SlStaffAccount  *account,
                                  const char            *passphrase,
                                  gboolean              *existed,
                                  GError               **error);
/* The data version (sl-pg-live.c): the store's data_version method. In
 * the connection's lock.
 */
gboolean    sl_pg_live_data_version (SlDb      *db,
                                     guint64   *version,
                                     GError   **error);

/* Each area's methods, put into the class. */
void        sl_pg_event_install       (SlDbClass *store_class);
void        sl_pg_entrants_install    (SlDbClass *store_class);
void        sl_pg_checkin_install     (SlDbClass *store_class);
void        sl_pg_search_install      (SlDbClass *store_class);
void        sl_pg_audit_install       (SlDbClass *store_class);
void        sl_pg_needs_install       (SlDbClass *store_class);
void        sl_pg_staff_install       (SlDbClass *store_class);
void        sl_pg_bulk_install        (SlDbClass *store_class);
void        sl_pg_import_install      (SlDbClass *store_class);
void        sl_pg_export_install      (SlDbClass *store_class);
void        sl_pg_copy_install        (SlDbClass *store_class);
void        sl_pg_facilities_install  (SlDbClass *store_class);

/* COPY … FROM STDIN in text format (sl-pg-copy.c), for copying an event
 * and for the bulk insert. Rows are handed to libpq in pieces of about
 * SL_PG_COPY_SEND_BYTES.
 */
#define SL_PG_COPY_SEND_BYTES (256 * 1024)
/* A value in COPY's text format: a backslash, tab, line feed or carriage
 * return escaped; everything else as it is (UTF-8).
 */
void        sl_pg_copy_append_text (GString     *out,
                                    const char  *data,
                                    gsize        length);
/* The search index's rows (SL_PG_SEARCH_COLUMNS) of an entrant's folded
 * key (NULL: none); sort_name NULL: an empty one.
 */
#define SL_PG_SEARCH_COLUMNS "entrant_id, tail, sort_name, search_key"
void        sl_pg_copy_append_search_rows (GString     *out,
                                           gint64       entrant_id,
                                           const char  *key,
                                           const char  *sort_name,
                                           gsize        sort_name_length);
/* Starts COPY table (columns) FROM STDIN: nothing deferred may wait. */
gboolean    sl_pg_copy_start     (SlDb         *db,
                                  const char   *table,
                                  const char   *columns,
                                  GError      **error);
/* Sends rows (then emptied) in the COPY under way. */
gboolean    sl_pg_copy_send      (SlDb         *db,
                                  GString      *rows,
                                  GError      **error);
/* Sends what is left of rows and ends the COPY under way: its result says
 * whether the server took every row.
 */
gboolean    sl_pg_copy_end       (SlDb         *db,
                                  GString      *rows,
                                  GError      **error);
/* Sends what is deferred (sl_pg_defer) now, in one pipeline. */
/* The watch's verdict, reached elsewhere (a heartbeat unanswered): the
 * connection is cut, made again in a thread, the event unreachable. */
void        sl_pg_cut            (SlDb         *db,
                                  GError      **error);
/* Waits for the heartbeat under way, if any, and drops its answer. */
void        sl_pg_take_heartbeat (SlDb         *db);
gboolean    sl_pg_flush_deferred (SlDb         *db,
                                  GError      **error);
/* Sends the rows of the bulk insert under way that wait (sl-pg-bulk.c):
 * called before every other statement of the connection, so that what
 * follows sees them.
 */
gboolean    sl_pg_bulk_flush     (SlDb         *db,
                                  GError      **error);

/* A new entrant's sign-up while its row waits in the bulk insert: sent
 * after it (TRUE). FALSE: the row is not waiting, the caller writes it.
 */
gboolean    sl_pg_bulk_put_signup (SlDb                  *db,
                                   const SlCharitySignup *signup);

/* The one INSERT into the audit log (sl-pg-audit.c), chained as the
 * SQLite store's (sl_crypto_audit_entry_hash). In a write; at NULL: now.
 */
gboolean    sl_pg_audit_insert   (SlDb         *db,
                                  const char   *at,
                                  const char   *desk,
                                  const char   *action,
                                  const char   *entity,
                                  gint64        entity_id,
                                  const char   *before_json,
                                  const char   *after_json,
                                  GError      **error);

/* Entrants (sl-pg-entrants.c). */
#define SL_PG_ENTRANT_OWN_COLUMNS \
  "e.id, e.bib, e.booking_ref, e.first_name, e.last_name, e.date_of_birth, e.age, e.gender," \
  " e.nationality, e.club, e.email, e.phone, e.emergency_contact, e.entry_type, e.race_id," \
  " e.wave_id, e.status, e.costume, e.vip, e.notes, e.checked_in_at, e.checked_in_desk"
#define SL_PG_ENTRANT_COLUMNS \
  SL_PG_ENTRANT_OWN_COLUMNS ", r.name, w.name, w.start_area, w.start_time, c.name"
#define SL_PG_ENTRANT_JOINS \
  "entrant e LEFT JOIN race r ON r.id = e.race_id LEFT JOIN wave w ON w.id = e.wave_id" \
  " LEFT JOIN charity_signup cs ON cs.entrant_id = e.id LEFT JOIN charity c ON c.id = cs.charity_id"

SlEntrant  *sl_pg_entrant_from_row (const PGresult *res,
                                    int             row) G_GNUC_WARN_UNUSED_RESULT;
/* The one INSERT of an entrant row, single or bulk: sets entrant->id. The
 * search index is the caller's (key: the entrant's folded key).
 */
gboolean    sl_pg_entrant_insert_row (SlDb        *db,
                                      SlEntrant   *entrant,
                                      const char  *key,
                                      const char  *now,
                                      GError     **error);
/* The columns of an entrant row in COPY (no id: the identity gives it),
 * and one row in COPY's text format, the values sl_pg_entrant_insert_row
 * would insert.
 */
#define SL_PG_ENTRANT_COPY_COLUMNS \
  "bib, booking_ref, first_name, last_name, date_of_birth, age, gender, nationality, club," \
  " email, phone, emergency_contact, entry_type, race_id, wave_id, costume, vip, notes," \
  " search_key, created_at, sort_name, status, updated_at"
void        sl_pg_entrant_append_copy_row (GString         *out,
                                           const SlEntrant *entrant,
                                           const char      *key,
                                           const char      *now);
/* As sl_sqlite_entrant_change_status: the conditional status change. */
gboolean    sl_pg_entrant_change_status (SlDb        *db,
                                         gint64       id,
                                         SlStatus     from,
                                         SlStatus     to,
                                         const char  *desk,
                                         const char  *only_at_desk,
                                         const char  *now,
                                         gboolean    *changed,
                                         GError     **error);
/* The search index's entries of a folded key (sl-pg-search.c): each
 * token to the end of the key ("ada lovelace" → "ada lovelace",
 * "lovelace"), so that a word that starts a token is a prefix of one. A
 * folded word normalised the same way (its parts joined by one space).
 */
GPtrArray  *sl_pg_search_tails   (const char   *key) G_GNUC_WARN_UNUSED_RESULT;
char       *sl_pg_search_word    (const char   *word) G_GNUC_WARN_UNUSED_RESULT;
/* A LIKE pattern: word, escaped, then %. */
char       *sl_pg_like_prefix    (const char   *word) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
