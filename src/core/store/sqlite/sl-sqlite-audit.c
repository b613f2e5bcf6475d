/* sl-sqlite-audit.c — reading the audit log in the SQLite store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-audit.h"
#include "sl-audit-chain.h"
#include "sl-crypto.h"
#include "sl-sqlite-private.h"
#include "sl-store.h"

static const SlSqliteColumn entry_columns[] = {
  SL_SQLITE_INT64 (SlAuditEntry, id),
  SL_SQLITE_TEXT (SlAuditEntry, at),
  SL_SQLITE_TEXT (SlAuditEntry, operator_name),
  SL_SQLITE_TEXT (SlAuditEntry, desk),
  SL_SQLITE_TEXT (SlAuditEntry, action),
  SL_SQLITE_TEXT (SlAuditEntry, entity),
  SL_SQLITE_INT64 (SlAuditEntry, entity_id),
  SL_SQLITE_TEXT (SlAuditEntry, before),
  SL_SQLITE_TEXT (SlAuditEntry, after),
};
static const SlSqliteRowType entry_row = SL_SQLITE_ROW_TYPE (SlAuditEntry, entry_columns,
                                                             sl_audit_entry_free);

static GPtrArray *
sqlite_audit_list (SlDb        *db,
                   const char  *entity,
                   gint64       entity_id,
                   guint        limit,
                   GError     **error)
{
  GPtrArray *entries = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  /* An entrant's history: its import's entry too, read as the entrant's
   * own (sl_db_list_audit).
   */
  stmt = sl_sqlite_prepare (db, "SELECT id, at, operator, desk, action, entity, entity_id,"
                                " before, after"
                                " FROM audit_log WHERE (?1 IS NULL OR entity = ?1)"
                                " AND (?2 = 0 OR entity_id = ?2)"
                                " UNION ALL"
                                " SELECT id, at, operator, desk, 'insert', 'entrant', ?2, NULL,"
                                "   '{\"import\":' || id || '}'"
                                " FROM audit_log WHERE ?2 <> 0"
                                " AND coalesce (?1, 'entrant') = 'entrant'"
                                " AND action = 'import' AND entity = 'entrant'"
                                " AND ?2 BETWEEN json_extract (after, '$." SL_AUDIT_FIRST_ENTRANT "')"
                                " AND json_extract (after, '$." SL_AUDIT_LAST_ENTRANT "')"
                                " ORDER BY id DESC LIMIT ?3",
                            error);
  if (stmt != NULL)
    {
      sl_sqlite_bind_text (stmt, 1, entity);
      sqlite3_bind_int64 (stmt, 2, entity_id);
      sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64)limit : -1);
      entries = sl_sqlite_collect_rows (db, stmt, &entry_row, error);
    }
  sl_db_unlock (db);
  return entries;
}


/* ---- The hash chain ---------------------------------------------------- */

/* The last entry's id and hash, read once per write transaction. */
static gboolean
load_chain (SlDb    *db,
            GError **error)
{
  SlSqliteDb *self = SL_SQLITE_DB (db);
  sqlite3_stmt *stmt;
  int rc;

  if (self->chain_known)
    return TRUE;
  stmt = sl_sqlite_prepare (db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                            error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const void *hash = sqlite3_column_blob (stmt, 1);

      self->chain_last_id = sqlite3_column_int64 (stmt, 0);
      if (hash == NULL || sqlite3_column_bytes (stmt, 1) != SL_AUDIT_HASH_BYTES)
        {
          sqlite3_reset (stmt);
          g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                       _("The audit log's last entry (%lld) has no hash"),
                       (long long)self->chain_last_id);
          return FALSE;
        }
      memcpy (self->chain_last_hash, hash, SL_AUDIT_HASH_BYTES);
    }
  else if (rc == SQLITE_DONE)
    self->chain_last_id = 0;
  else
    {
      sl_sqlite_set_error (db, error, NULL);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  self->chain_known = TRUE;
  return TRUE;
}

#define INSERT_ENTRY_SQL \
  "INSERT INTO audit_log (id, at, operator, desk, action, entity, entity_id, before, after," \
  " payload_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"

/* Appends one entry whose payload's hash is known, chained to the last. */
static gboolean
insert_hashed (SlDb          *db,
               sqlite3_stmt  *stmt,
               const char    *at,
               const char    *desk,
               const char    *action,
               const char    *entity,
               gint64         entity_id,
               const char    *before_json,
               gssize         before_len,
               const char    *after_json,
               gssize         after_len,
               const guint8  *payload_hash,
               GError       **error)
{
  SlSqliteDb *self = SL_SQLITE_DB (db);
  SlAuditHashFields fields = { 0 };
  guint8 hash[SL_AUDIT_HASH_BYTES];

  fields.id = self->chain_last_id + 1;
  fields.at = at;
  fields.operator_name = sl_db_get_operator (db);
  fields.desk = desk;
  fields.action = action;
  fields.entity = entity;
  fields.entity_id = entity_id;
  sl_crypto_audit_entry_hash (self->chain_last_id > 0 ? self->chain_last_hash : NULL, &fields,
                              payload_hash, hash);

  sqlite3_bind_int64 (stmt, 1, fields.id);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, fields.operator_name, -1, SQLITE_STATIC);
  sl_sqlite_bind_text (stmt, 4, desk);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, entity, -1, SQLITE_STATIC);
  if (entity_id > 0)
    sqlite3_bind_int64 (stmt, 7, entity_id);
  else
    sqlite3_bind_null (stmt, 7);
  if (before_json != NULL && before_len > 0)
    sqlite3_bind_text (stmt, 8, before_json, (int)before_len, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 8);
  if (after_json != NULL && after_len > 0)
    sqlite3_bind_text (stmt, 9, after_json, (int)after_len, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 9);
  sqlite3_bind_blob (stmt, 10, payload_hash, SL_AUDIT_HASH_BYTES, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 11, hash, SL_AUDIT_HASH_BYTES, SQLITE_STATIC);
  if (!sl_sqlite_step_done (db, stmt, error))
    {
      sqlite3_clear_bindings (stmt);
      return FALSE;
    }
  /* Static bindings must not outlive the call. */
  sqlite3_clear_bindings (stmt);

  self->chain_last_id = fields.id;
  memcpy (self->chain_last_hash, hash, SL_AUDIT_HASH_BYTES);
  return TRUE;
}

gboolean
sl_sqlite_audit_insert (SlDb        *db,
                        const char  *at,
                        const char  *desk,
                        const char  *action,
                        const char  *entity,
                        gint64       entity_id,
                        const char  *before_json,
                        gssize       before_len,
                        const char  *after_json,
                        gssize       after_len,
                        GError     **error)
{
  g_autofree char *now = NULL;
  guint8 payload_hash[SL_AUDIT_HASH_BYTES];
  sqlite3_stmt *stmt;

  g_assert (SL_SQLITE_DB (db)->in_write);

  if (!load_chain (db, error))
    return FALSE;
  stmt = sl_sqlite_prepare (db, INSERT_ENTRY_SQL, error);
  if (stmt == NULL)
    return FALSE;
  if (at == NULL)
    at = now = sl_db_now_utc ();
  if (before_json != NULL && before_len < 0)
    before_len = (gssize)strlen (before_json);
  if (after_json != NULL && after_len < 0)
    after_len = (gssize)strlen (after_json);
  sl_crypto_audit_payload_hash (before_json, before_len, after_json, after_len, payload_hash);
  return insert_hashed (db, stmt, at, desk, action, entity, entity_id, before_json, before_len,
                        after_json, after_len, payload_hash, error);
}

/* The triggers that keep the log append-only: no DELETE, and no UPDATE but
 * erasure's, which empties a payload (before and after NULL, erased 1) and
 * changes nothing else.
 */
static const char audit_triggers_sql[] =
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  WHEN NOT (new.id IS old.id AND new.at IS old.at AND new.operator IS old.operator"
  "    AND new.desk IS old.desk AND new.action IS old.action AND new.entity IS old.entity"
  "    AND new.entity_id IS old.entity_id AND new.payload_hash IS old.payload_hash"
  "    AND new.hash IS old.hash AND new.before IS NULL AND new.after IS NULL"
  "    AND new.erased IS 1)"
  "  BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only: only an erasure may empty a payload');"
  "END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  "END;";

typedef struct
{
  gint64 id;
  guint8 payload_hash[SL_AUDIT_HASH_BYTES];
  guint8 hash[SL_AUDIT_HASH_BYTES];
} ChainedEntry;

/* Fills a SlAuditHashFields from a row of id, at, operator, desk, action,
 * entity, entity_id (columns 0 to 6).
 */
static void
read_hash_fields (sqlite3_stmt      *stmt,
                  SlAuditHashFields *fields)
{
  fields->id = sqlite3_column_int64 (stmt, 0);
  fields->at = (const char *)sqlite3_column_text (stmt, 1);
  fields->operator_name = (const char *)sqlite3_column_text (stmt, 2);
  fields->desk = (const char *)sqlite3_column_text (stmt, 3);
  fields->action = (const char *)sqlite3_column_text (stmt, 4);
  fields->entity = (const char *)sqlite3_column_text (stmt, 5);
  fields->entity_id = sqlite3_column_int64 (stmt, 6);
}

/* A payload's hash from columns 7 and 8 (before, after). */
static void
hash_payload_columns (sqlite3_stmt *stmt,
                      guint8        out[SL_AUDIT_HASH_BYTES])
{
  const char *before = (const char *)sqlite3_column_text (stmt, 7);
  gssize before_len = sqlite3_column_bytes (stmt, 7);
  const char *after = (const char *)sqlite3_column_text (stmt, 8);
  gssize after_len = sqlite3_column_bytes (stmt, 8);

  sl_crypto_audit_payload_hash (before, before_len, after, after_len, out);
}

gboolean
sl_sqlite_audit_chain_existing (SlDb    *db,
                                GError **error)
{
  sqlite3 *handle = sl_sqlite_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (ChainedEntry));
  const guint8 *previous = NULL;
  int rc;

  if (sqlite3_prepare_v2 (handle, "SELECT id, at, operator, desk, action, entity, entity_id,"
                                  " before, after FROM audit_log ORDER BY id", -1, &stmt, NULL)
      != SQLITE_OK)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlAuditHashFields fields;
      ChainedEntry entry;

      read_hash_fields (stmt, &fields);
      entry.id = fields.id;
      hash_payload_columns (stmt, entry.payload_hash);
      sl_crypto_audit_entry_hash (previous, &fields, entry.payload_hash, entry.hash);
      g_array_append_val (entries, entry);
      previous = g_array_index (entries, ChainedEntry, entries->len - 1).hash;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }

  if (sqlite3_prepare_v2 (handle, "UPDATE audit_log SET payload_hash = ?2, hash = ?3"
                                  " WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      ChainedEntry *entry = &g_array_index (entries, ChainedEntry, i);

      sqlite3_bind_int64 (stmt, 1, entry->id);
      sqlite3_bind_blob (stmt, 2, entry->payload_hash, SL_AUDIT_HASH_BYTES, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 3, entry->hash, SL_AUDIT_HASH_BYTES, SQLITE_STATIC);
      if (!sl_sqlite_step_done (db, stmt, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  SL_SQLITE_DB (db)->chain_known = FALSE;
  return sl_sqlite_exec (db, audit_triggers_sql, error);
}

/* ---- Verifying the chain ------------------------------------------------ */

/* The first bad entry's hash does not follow: was it moved from another
 * place? Its hash is tried as if it followed each entry in turn; the id it
 * then had, or 0.
 */
static gint64
find_moved_from (const SlAuditHashFields *bad,
                 const guint8            *payload_hash,
                 const guint8            *stored_hash,
                 gpointer                 user_data)
{
  SlDb *db = user_data;
  sqlite3_stmt *stmt;
  gint64 found = 0;

  stmt = sl_sqlite_prepare (db, "SELECT id, hash FROM audit_log ORDER BY id", NULL);
  if (stmt == NULL)
    return 0;
  while (found == 0 && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const void *previous = sqlite3_column_blob (stmt, 1);

      if (previous != NULL && sqlite3_column_bytes (stmt, 1) == SL_AUDIT_HASH_BYTES)
        found = sl_audit_chain_moved_after (bad, sqlite3_column_int64 (stmt, 0), previous,
                                            payload_hash, stored_hash);
    }
  sqlite3_reset (stmt);
  return found;
}

/* One row of the walk, as sl-audit-chain.c checks it. */
static void
read_chain_row (sqlite3_stmt    *stmt,
                SlAuditChainRow *row)
{
  read_hash_fields (stmt, &row->fields);
  row->before = (const char *)sqlite3_column_text (stmt, 7);
  row->before_len = sqlite3_column_bytes (stmt, 7);
  row->after = (const char *)sqlite3_column_text (stmt, 8);
  row->after_len = sqlite3_column_bytes (stmt, 8);
  row->payload_hash = sqlite3_column_blob (stmt, 9);
  row->payload_hash_len = sqlite3_column_bytes (stmt, 9);
  row->hash = sqlite3_column_blob (stmt, 10);
  row->hash_len = sqlite3_column_bytes (stmt, 10);
  row->erased = sqlite3_column_int (stmt, 11) != 0;
  row->is_erasure = sqlite3_column_type (stmt, 12) != SQLITE_NULL;
  row->erased_entries = sqlite3_column_int64 (stmt, 12);
}

static gboolean
sqlite_audit_verify (SlDb     *db,
                     gint64   *n_entries,
                     gint64   *first_bad_id,
                     char    **what,
                     GError  **error)
{
  sqlite3_stmt *stmt;
  SlAuditChain chain = SL_AUDIT_CHAIN_INIT;
  int rc = SQLITE_DONE;

  *n_entries = 0;
  *first_bad_id = 0;
  *what = NULL;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT id, at, operator, desk, action, entity, entity_id,"
                                " before, after, payload_hash, hash, erased,"
                                " CASE WHEN erased = 0 AND (action = 'erase'"
                                "   OR action = 'retention') AND json_valid (after)"
                                "   THEN ifnull (json_extract (after, '$.erased_entries'), 0)"
                                " END"
                                " FROM audit_log ORDER BY id", error);
  if (stmt == NULL)
    {
      sl_db_unlock (db);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SlAuditChainRow row;

      read_chain_row (stmt, &row);
      *what = sl_audit_chain_check (&chain, &row, find_moved_from, db);
      if (*what != NULL)
        {
          *first_bad_id = chain.n + 1;
          break;
        }
    }
  if (rc == SQLITE_DONE && *what == NULL)
    *what = sl_audit_chain_check_erasures (&chain, first_bad_id);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  sl_db_unlock (db);
  *n_entries = chain.n;
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* ---- Erasure ------------------------------------------------------------ */

/* Erasure's narrow path, the only UPDATE the triggers let through: the
 * payloads of the entries that match are emptied and marked, their hashes
 * kept. The statement's ?1 is the entrant (or unbound).
 */
static gboolean
erase_payloads (SlDb        *db,
                const char  *sql,
                gint64       entrant_id,
                guint       *n_erased,
                GError     **error)
{
  sqlite3_stmt *stmt;

  g_assert (SL_SQLITE_DB (db)->in_write);

  stmt = sl_sqlite_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (entrant_id > 0)
    sqlite3_bind_int64 (stmt, 1, entrant_id);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  *n_erased = (guint)sqlite3_changes (sl_sqlite_get_handle (db));
  return TRUE;
}

/* Every entry about the entrant: its own (insert, update, status, check-in,
 * links, markers, sign-up), its needs' and consents', its bookings' and
 * visits', and the links that name it from another entrant's side.
 */
static gboolean
sqlite_audit_erase_entrant (SlDb     *db,
                            gint64    entrant_id,
                            guint    *n_erased,
                            GError  **error)
{
  return erase_payloads (db, "UPDATE audit_log SET before = NULL, after = NULL, erased = 1"
                             " WHERE erased = 0 AND action <> 'erase' AND ("
                             " (entity = 'entrant' AND entity_id = ?1)"
                             " OR (entity = 'need' AND (entity_id IN"
                             "   (SELECT id FROM need WHERE entrant_id = ?1)))"
                             " OR (entity = 'booking' AND entity_id IN"
                             "   (SELECT id FROM booking WHERE entrant_id = ?1))"
                             " OR (entity = 'facility-visit' AND entity_id IN"
                             "   (SELECT id FROM facility_visit WHERE entrant_id = ?1))"
                             " OR (entity = 'entrant' AND (action = 'link' OR action = 'unlink')"
                             "   AND (json_extract (after, '$.linked_entrant_id') = ?1"
                             "     OR json_extract (before, '$.linked_entrant_id') = ?1)))",
                         entrant_id, n_erased, error);
}

/* Retention: every entry that holds special-category data, whoever it is
 * about: the needs' (their types, statuses and consents), and the
 * entrants' images that hold notes.
 */
static gboolean
sqlite_audit_erase_special (SlDb     *db,
                            guint    *n_erased,
                            GError  **error)
{
  return erase_payloads (db, "UPDATE audit_log SET before = NULL, after = NULL, erased = 1"
                             " WHERE erased = 0 AND (entity = 'need'"
                             " OR (entity = 'entrant'"
                             "   AND (json_extract (after, '$.notes') IS NOT NULL"
                             "     OR json_extract (before, '$.notes') IS NOT NULL)))",
                         0, n_erased, error);
}

/* In the erasure's write: FTS5 (SQLite 3.40) keeps a deleted row's terms in
 * the index's older segments until they are merged; merging them all into
 * one drops them, and secure_delete zeroes the pages they were in.
 */
static gboolean
sqlite_compact_erased (SlDb    *db,
                       GError **error)
{
  return sl_sqlite_exec (db, "INSERT INTO entrant_fts (entrant_fts) VALUES ('optimize')", error);
}

/* After the erasure's commit: older copies of the pages it changed are
 * still in the WAL until a checkpoint copies the new ones into the file
 * and the WAL is emptied. This is the one forced checkpoint (see
 * sl_sqlite_db_finalize): it waits for other writers as a write would
 * (the busy handler), and cannot finish while another connection reads an
 * older snapshot: *complete is then FALSE, and the last connection to
 * close checkpoints.
 */
static gboolean
sqlite_checkpoint_erased (SlDb      *db,
                          gboolean  *complete,
                          GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  int log_frames = -1;
  int checkpointed = -1;
  int rc;

  sl_db_lock (db);
  rc = sqlite3_wal_checkpoint_v2 (sl_sqlite_get_handle (db), NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                  &log_frames, &checkpointed);
  sl_db_unlock (db);
  *complete = rc == SQLITE_OK;
  if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    return TRUE;
  sl_sqlite_set_error (db, &local_error, NULL);
  g_set_error (error, local_error->domain, local_error->code,
               _("the journal could not be emptied yet (%s): it will be when the last window "
                 "or command using the event closes"), local_error->message);
  return FALSE;
}

void
sl_sqlite_audit_install (SlDbClass *store_class)
{
  store_class->audit_list = sqlite_audit_list;
  store_class->audit_verify = sqlite_audit_verify;
  store_class->audit_erase_entrant = sqlite_audit_erase_entrant;
  store_class->audit_erase_special = sqlite_audit_erase_special;
  store_class->compact_erased = sqlite_compact_erased;
  store_class->checkpoint_erased = sqlite_checkpoint_erased;
}
