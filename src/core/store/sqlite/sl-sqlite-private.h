/* sl-sqlite-private.h — what the SQLite store's files share
 *
 * Only files in src/core/store/sqlite include this: nothing of SQLite
 * (no sqlite3 type, no SQL) is seen outside that folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "sl-sqlite-db.h"

G_BEGIN_DECLS

struct _SlSqliteDb
{
  SlDb         parent_instance;

  sqlite3     *handle;
  GHashTable  *statements;   /* SQL text → sqlite3_stmt */
  GMutex       writer_mutex;
  SlDb        *writer;       /* sl_db_dup_writer */
  gint64       busy_started;  /* for the busy handler */
  guint        in_write : 1;
  guint        reader : 1;   /* opened by sl_db_open_reader */
  guint        immutable : 1; /* read as it stands: nothing can change it */
  guint        detached : 1; /* its journal was removed under it */
  /* The audit chain's last entry, known within a write transaction only
   * (forgotten at its begin, commit and rollback): appends in one write
   * read it once (sl_sqlite_audit_insert).
   */
  guint        chain_known : 1;
  gint64       chain_last_id;
  guint8       chain_last_hash[32];
};

/* How long a statement waits for another desk's write before it gives up
 * with SL_DB_ERROR_BUSY. A check-in holds the lock for about a
 * millisecond; an import of 50,000 entrants for about a second.
 */
#define SL_SQLITE_BUSY_TIMEOUT_MS 5000

sqlite3      *sl_sqlite_get_handle   (SlDb         *db);

/* A cached prepared statement, reset and with bindings cleared. */
sqlite3_stmt *sl_sqlite_prepare      (SlDb         *db,
                                      const char   *sql,
                                      GError      **error);
gboolean      sl_sqlite_exec         (SlDb         *db,
                                      const char   *sql,
                                      GError      **error);
/* Steps a statement that returns no rows, then resets it. */
gboolean      sl_sqlite_step_done    (SlDb         *db,
                                      sqlite3_stmt *stmt,
                                      GError      **error);
/* The single integer of a one-off query (0 when it returns no row). */
gboolean      sl_sqlite_query_int    (SlDb         *db,
                                      const char   *sql,
                                      int          *out,
                                      GError      **error);
/* Binds a UTF-8 string, or NULL when str is NULL or empty. */
void          sl_sqlite_bind_text    (sqlite3_stmt *stmt,
                                      int           index,
                                      const char   *str);
char         *sl_sqlite_column_dup   (sqlite3_stmt *stmt,
                                      int           column) G_GNUC_WARN_UNUSED_RESULT;

/* How a row's columns, in order, fill a struct's fields: a row type
 * names the struct, its fields and how to free it.
 */
typedef struct
{
  gboolean text;             /* a copied string, else a gint64 */
  gsize    offset;
} SlSqliteColumn;

#define SL_SQLITE_INT64(Type, field) { FALSE, G_STRUCT_OFFSET (Type, field) }
#define SL_SQLITE_TEXT(Type, field)  { TRUE, G_STRUCT_OFFSET (Type, field) }

typedef struct
{
  gsize                 size;
  const SlSqliteColumn *columns;
  guint                 n_columns;
  GDestroyNotify        free_func;
} SlSqliteRowType;

#define SL_SQLITE_ROW_TYPE(Type, columns, free_func) \
  { sizeof (Type), columns, G_N_ELEMENTS (columns), (GDestroyNotify)free_func }

/* Reads the current row into row, a struct of row_type. */
void          sl_sqlite_read_row     (sqlite3_stmt          *stmt,
                                      const SlSqliteRowType *row_type,
                                      gpointer               row);
/* Steps a prepared statement to its end, one new struct of row_type a
 * row, then resets it; NULL on failure.
 */
GPtrArray    *sl_sqlite_collect_rows (SlDb                  *db,
                                      sqlite3_stmt          *stmt,
                                      const SlSqliteRowType *row_type,
                                      GError               **error) G_GNUC_WARN_UNUSED_RESULT;

/* A new struct read from the statement's current row. */
typedef gpointer (*SlSqliteFromRowFunc) (sqlite3_stmt *stmt);

/* Steps a bound statement once, then resets it: from_row's struct of its
 * first row, or NULL (without an error when it has no row).
 */
gpointer      sl_sqlite_step_one     (SlDb                  *db,
                                      sqlite3_stmt          *stmt,
                                      SlSqliteFromRowFunc    from_row,
                                      GError               **error) G_GNUC_WARN_UNUSED_RESULT;
/* Called on each row of a statement stepped by sl_sqlite_each_row. */
typedef void (*SlSqliteRowFunc) (sqlite3_stmt *stmt,
                                 gpointer      user_data);

/* Steps a bound statement to its end, func on each row, then resets it;
 * FALSE with error when a step fails.
 */
gboolean      sl_sqlite_each_row     (SlDb                  *db,
                                      sqlite3_stmt          *stmt,
                                      SlSqliteRowFunc        func,
                                      gpointer               user_data,
                                      GError               **error);
/* Steps a bound statement to its end, one new struct a row from from_row
 * (freed by free_func), then resets it; NULL on failure.
 */
GPtrArray    *sl_sqlite_collect      (SlDb                  *db,
                                      sqlite3_stmt          *stmt,
                                      SlSqliteFromRowFunc    from_row,
                                      GDestroyNotify         free_func,
                                      GError               **error) G_GNUC_WARN_UNUSED_RESULT;
/* With db's lock: sl_sqlite_each_row on sql, its parameter, when it has
 * one (?1, used any number of times), bound to id.
 */
gboolean      sl_sqlite_each_by_id   (SlDb                  *db,
                                      const char            *sql,
                                      gint64                 id,
                                      SlSqliteRowFunc        func,
                                      gpointer               user_data,
                                      GError               **error);
/* With db's lock: every row of sql, as sl_sqlite_collect reads them; its
 * parameter bound to id as by sl_sqlite_each_by_id.
 */
GPtrArray    *sl_sqlite_list_by_id   (SlDb                  *db,
                                      const char            *sql,
                                      gint64                 id,
                                      SlSqliteFromRowFunc    from_row,
                                      GDestroyNotify         free_func,
                                      GError               **error) G_GNUC_WARN_UNUSED_RESULT;
/* With db's lock: sql's first row, its one parameter bound to id, as
 * sl_sqlite_step_one reads it.
 */
gpointer      sl_sqlite_get_by_id    (SlDb                  *db,
                                      const char            *sql,
                                      gint64                 id,
                                      SlSqliteFromRowFunc    from_row,
                                      GError               **error) G_GNUC_WARN_UNUSED_RESULT;

/* The one place SQLite's result codes become SL_DB_ERROR codes
 * (sl-sqlite-error.c). _set_error: the connection's last error; a reason
 * about the file names it.
 */
void          sl_sqlite_set_error    (SlDb         *db,
                                      GError      **error,
                                      const char   *what);
void          sl_sqlite_set_error_code (GError    **error,
                                        int         sqlite_code,
                                        const char *message,
                                        const char *what);
/* Failures that say nothing about the file's contents (busy, full…). */
gboolean      sl_sqlite_is_transient (int           rc);

/* Opening (sl-sqlite-open.c). */
SlSqliteDb   *sl_sqlite_open_handle  (const char   *path,
                                      gboolean      read_only,
                                      GError      **error);
SlSqliteDb   *sl_sqlite_open_immutable (const char *path,
                                        GError    **error);
/* A read-only handle; immutable: read the file as it stands, without the
 * shared-memory file.
 */
int           sl_sqlite_open_read_only (const char  *path,
                                        gboolean     immutable,
                                        sqlite3    **handle);
/* Every connection's page cache (PRAGMA cache_size, negative: KiB): the
 * needs of 50,000 entrants are spread over most of the entrant table's
 * pages, which SQLite's default 2 MiB would read again at every list
 * (7 ms instead of 3 for the Accessibility page's 1,500 needs).
 */
#define SL_SQLITE_CACHE_SIZE "-16384"

gboolean      sl_sqlite_apply_pragmas (SlDb        *db,
                                       GError     **error);
gboolean      sl_sqlite_load_event_timezone (SlDb   *db,
                                             GError **error);
int           sl_sqlite_busy_handler (void         *data,
                                      int           n_tries);
SlDb         *sl_sqlite_open_reader  (SlDb         *db,
                                      GError      **error);
SlDb         *sl_sqlite_dup_writer   (SlDb         *db,
                                      GError      **error);

/* The application-defined SQL functions (sl-sqlite-functions.c), on a
 * new connection: SQLITE_OK or SQLite's error code.
 */
int           sl_sqlite_add_functions (sqlite3     *handle);

/* The raw file header, read before SQLite touches the file
 * (sl-sqlite-header.c).
 */
gboolean      sl_sqlite_check_header (const char   *path,
                                      GError      **error);

/* Backup and integrity (sl-sqlite-check.c). */
gboolean      sl_sqlite_backup       (SlDb         *db,
                                      const char   *dest_path,
                                      GError      **error);
gboolean      sl_sqlite_check_integrity (SlDb      *db,
                                         gboolean   full,
                                         GError   **error);
/* PRAGMA quick_check while opening: FALSE with the error when the file is
 * damaged or could not be checked.
 */
gboolean      sl_sqlite_quick_check_on_open (SlDb        *db,
                                             GError     **error);

/* Each area's methods (sl-sqlite-<area>.c), put into the class. */
void          sl_sqlite_checkin_install (SlDbClass *store_class);
void          sl_sqlite_search_install  (SlDbClass *store_class);
void          sl_sqlite_list_install    (SlDbClass *store_class);
void          sl_sqlite_export_install  (SlDbClass *store_class);
void          sl_sqlite_event_install   (SlDbClass *store_class);
void          sl_sqlite_charities_install (SlDbClass *store_class);

/* The columns sl_sqlite_read_charity reads, from the charity table as c. */
#define SL_SQLITE_CHARITY_COLUMNS \
  "c.id, c.name, c.registered_number, c.contact_name, c.contact_email," \
  " c.places_allocated, c.minimum_pledge_pence, c.bond"
/* Reads SL_SQLITE_CHARITY_COLUMNS from column first on into charity. */
void          sl_sqlite_read_charity    (sqlite3_stmt *stmt,
                                         int           first,
                                         SlCharity    *charity);
void          sl_sqlite_audit_install   (SlDbClass *store_class);
void          sl_sqlite_needs_install   (SlDbClass *store_class);
void          sl_sqlite_staff_install   (SlDbClass *store_class);
void          sl_sqlite_facilities_install (SlDbClass *store_class);
void          sl_sqlite_profiles_install (SlDbClass *store_class);
void          sl_sqlite_copy_install    (SlDbClass *store_class);

/* The FTS5 query for folded words (sl_fold_dup_words): each word a prefix
 * phrase, all of them ANDed; NULL when there is none (sl-sqlite-search.c).
 */
char         *sl_sqlite_search_dup_match (const char * const *words) G_GNUC_WARN_UNUSED_RESULT;
void          sl_sqlite_entrants_install (SlDbClass *store_class);

/* The one INSERT into the audit log (sl-sqlite-audit.c), for every path:
 * audit_append, the bulk insert's entries and the sign-ups'. In a write:
 * the entry takes the next id and is chained to the last one (its payload's
 * hash and its own, sl_crypto_audit_entry_hash), computed here in C. at NULL:
 * now; lengths -1: NUL-terminated.
 */
gboolean      sl_sqlite_audit_insert (SlDb         *db,
                                      const char   *at,
                                      const char   *desk,
                                      const char   *action,
                                      const char   *entity,
                                      gint64        entity_id,
                                      const char   *before_json,
                                      gssize        before_len,
                                      const char   *after_json,
                                      gssize        after_len,
                                      GError      **error);
/* Migration 8's part in C: the chain of the entries already in the file,
 * then the triggers that keep it append-only.
 */
gboolean      sl_sqlite_audit_chain_existing (SlDb   *db,
                                              GError **error);

/* The columns sl_sqlite_entrant_from_row reads, joined with race, wave
 * and charity. Use as:
 * "SELECT " SL_ENTRANT_COLUMNS " FROM " SL_ENTRANT_JOINS " WHERE …"
 */
#define SL_ENTRANT_COLUMNS \
  "e.id, e.bib, e.booking_ref, e.first_name, e.last_name, e.date_of_birth, e.age, e.gender," \
  " e.nationality, e.club, e.email, e.phone, e.emergency_contact, e.entry_type, e.race_id," \
  " e.wave_id, e.status, e.costume, e.vip, e.notes, e.checked_in_at, e.checked_in_desk," \
  " r.name, w.name, w.start_area, w.start_time, c.name"
#define SL_ENTRANT_JOINS \
  "entrant e LEFT JOIN race r ON r.id = e.race_id LEFT JOIN wave w ON w.id = e.wave_id" \
  " LEFT JOIN charity_signup cs ON cs.entrant_id = e.id LEFT JOIN charity c ON c.id = cs.charity_id"

/* The entrant of a row of SL_ENTRANT_COLUMNS (sl-sqlite-entrants.c). */
SlEntrant    *sl_sqlite_entrant_from_row (sqlite3_stmt *stmt) G_GNUC_WARN_UNUSED_RESULT;
/* The one conditional change of an entrant's status, the check-in's
 * (sl-sqlite-entrants.c): sets it to `to` only where it is `from`, with
 * now as its time and desk as its desk when `to` is checked in (and
 * neither otherwise), in the caller's write transaction. *changed says
 * whether the row was written: FALSE, without an error, when the status
 * was not `from` (it changed meanwhile, or never was).
 * only_at_desk, when not NULL, also needs the recorded desk to be it (an
 * undo by someone who may not undo another desk's).
 */
gboolean      sl_sqlite_entrant_change_status (SlDb        *db,
                                               gint64       id,
                                               SlStatus     from,
                                               SlStatus     to,
                                               const char  *desk,
                                               const char  *only_at_desk,
                                               const char  *now,
                                               gboolean    *changed,
                                               GError     **error);
/* The import's methods (sl-sqlite-import.c). */
void          sl_sqlite_import_init_class (SlDbClass *store_class);

/* Migrations (sl-schema.c). */
gboolean      sl_schema_migrate      (SlDb         *db,
                                      int           from_version,
                                      GError      **error);

G_END_DECLS
