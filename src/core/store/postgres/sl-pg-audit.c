/* sl-pg-audit.c — the audit log in the PostgreSQL store
 *
 * The same hash chain as the file store's (sl-sqlite-audit.c): each entry
 * takes the next id and its hash covers the previous entry's hash, its
 * metadata and its payload's hash (sl_crypto_audit_entry_hash), computed
 * here in C. Appenders are serialised: a write holding the write lock
 * (SL_PG_WRITE_LOCK_KEY) alone is the only writer; a check-in, which
 * shares it, takes the chain's lock (SL_PG_CHAIN_LOCK_KEY) before it reads
 * the tail, in the same round trip. Either way the tail read once per
 * write is still the tail at its commit. The INSERT itself is sent with
 * the commit (sl_pg_defer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-audit.h"
#include "sl-audit-chain.h"
#include "sl-crypto.h"
#include "sl-pg-private.h"

static gboolean
load_chain (SlDb    *db,
            GError **error)
{
  SlPgDb *self = SL_PG_DB (db);
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GBytes) hash = NULL;

  if (self->chain_known)
    return TRUE;
  /* Two statements in one round trip: the second reads the tail after the
   * lock is held (each statement sees what was committed before it).
   * Through the owner's function: a desk may not read the log itself.
   */
  if (self->write_shared)
    sl_pg_defer (db, "sl_chain_lock", "SELECT pg_advisory_xact_lock (" SL_PG_CHAIN_LOCK_KEY ")",
                 NULL);
  res = sl_pg_run_prepared (db, "sl_chain_tail", "SELECT id, hash FROM startline_audit_tail ()",
                            NULL, error);
  if (res == NULL)
    return FALSE;
  self->chain_last_id = 0;
  if (PQntuples (res) > 0)
    {
      self->chain_last_id = sl_pg_int64 (res, 0, 0);
      hash = sl_pg_bytes (res, 0, 1);
      if (hash == NULL || g_bytes_get_size (hash) != SL_AUDIT_HASH_BYTES)
        {
          g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                       _("The audit log's last entry (%lld) has no hash"),
                       (long long)self->chain_last_id);
          return FALSE;
        }
      memcpy (self->chain_last_hash, g_bytes_get_data (hash, NULL), SL_AUDIT_HASH_BYTES);
    }
  self->chain_known = TRUE;
  return TRUE;
}

gboolean
sl_pg_audit_insert (SlDb        *db,
                    const char  *at,
                    const char  *desk,
                    const char  *action,
                    const char  *entity,
                    gint64       entity_id,
                    const char  *before_json,
                    const char  *after_json,
                    GError     **error)
{
  SlPgDb *self = SL_PG_DB (db);
  g_autofree char *now = NULL;
  g_auto(SlPgParams) params = { 0 };
  SlAuditHashFields fields = { 0 };
  guint8 payload_hash[SL_AUDIT_HASH_BYTES];
  guint8 hash[SL_AUDIT_HASH_BYTES];
  gssize before_len = before_json != NULL ? (gssize)strlen (before_json) : 0;
  gssize after_len = after_json != NULL ? (gssize)strlen (after_json) : 0;

  g_assert (self->in_write);

  if (!load_chain (db, error))
    return FALSE;
  if (at == NULL)
    at = now = sl_db_now_utc ();

  fields.id = self->chain_last_id + 1;
  fields.at = at;
  fields.operator_name = sl_db_get_operator (db);
  fields.desk = desk;
  fields.action = action;
  fields.entity = entity;
  fields.entity_id = entity_id;
  /* An empty payload is stored as none, as in the file store. */
  sl_crypto_audit_payload_hash (before_len > 0 ? before_json : NULL, before_len,
                                after_len > 0 ? after_json : NULL, after_len, payload_hash);
  sl_crypto_audit_entry_hash (self->chain_last_id > 0 ? self->chain_last_hash : NULL, &fields,
                              payload_hash, hash);

  sl_pg_param_int64 (&params, fields.id);
  sl_pg_param_text (&params, at);
  sl_pg_param_text (&params, fields.operator_name);
  sl_pg_param_optional (&params, desk);
  sl_pg_param_text (&params, action);
  sl_pg_param_text (&params, entity);
  sl_pg_param_id (&params, entity_id);
  sl_pg_param_optional (&params, before_json);
  sl_pg_param_optional (&params, after_json);
  sl_pg_param_bytes (&params, payload_hash, SL_AUDIT_HASH_BYTES);
  sl_pg_param_bytes (&params, hash, SL_AUDIT_HASH_BYTES);
  /* The owner's function checks the id, the time and the caller's role
   * (sl-pg-roles.c), and records the login. Sent with the commit.
   */
  sl_pg_defer (db, "sl_audit_append",
               "SELECT startline_audit_append ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
               &params);
  self->chain_last_id = fields.id;
  memcpy (self->chain_last_hash, hash, SL_AUDIT_HASH_BYTES);
  return TRUE;
}

static GPtrArray *
pg_audit_list (SlDb        *db,
               const char  *entity,
               gint64       entity_id,
               guint        limit,
               GError     **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *entries;

  sl_pg_param_text (&params, entity);
  sl_pg_param_int64 (&params, entity_id);
  sl_pg_param_int64 (&params, limit > 0 ? (gint64)limit : G_MAXINT64);
  sl_db_lock (db);
  /* An entrant's history: its import's entry too, read as the entrant's
   * own (sl_db_list_audit).
   */
  res = sl_pg_run (db, "SELECT id, at, operator, desk, action, entity, entity_id, before, after"
                       " FROM audit_log WHERE ($1::text IS NULL OR entity = $1)"
                       " AND ($2 = 0 OR entity_id = $2)"
                       " UNION ALL"
                       " SELECT id, at, operator, desk, 'insert', 'entrant', $2::bigint, NULL,"
                       "   '{\"import\":' || id || '}'"
                       " FROM audit_log WHERE $2 <> 0 AND coalesce ($1::text, 'entrant') = 'entrant'"
                       " AND action = 'import' AND entity = 'entrant' AND after IS NOT NULL"
                       " AND $2 BETWEEN (after::jsonb ->> '" SL_AUDIT_FIRST_ENTRANT "')::bigint"
                       " AND (after::jsonb ->> '" SL_AUDIT_LAST_ENTRANT "')::bigint"
                       " ORDER BY id DESC LIMIT $3",
                   &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_audit_entry_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlAuditEntry *entry = g_new0 (SlAuditEntry, 1);

      entry->id = sl_pg_int64 (res, i, 0);
      entry->at = sl_pg_dup (res, i, 1);
      entry->operator_name = sl_pg_dup (res, i, 2);
      entry->desk = sl_pg_dup (res, i, 3);
      entry->action = sl_pg_dup (res, i, 4);
      entry->entity = sl_pg_dup (res, i, 5);
      entry->entity_id = sl_pg_int64 (res, i, 6);
      entry->before = sl_pg_dup (res, i, 7);
      entry->after = sl_pg_dup (res, i, 8);
      g_ptr_array_add (entries, entry);
    }
  return entries;
}

/* ---- Verifying the chain ------------------------------------------------ */

/* Column 12: for an erasure's own entry (erase, retention), the number
 * of entries it records emptying ("erased_entries" in its image; 0 when
 * absent); NULL for every other entry. Read with a pattern, not a cast to
 * jsonb, so that a payload that is not JSON cannot stop the walk.
 */
#define VERIFY_COLUMNS \
  "id, at, operator, desk, action, entity, entity_id, before, after, payload_hash, hash," \
  " erased, CASE WHEN erased = 0 AND action IN ('erase', 'retention')" \
  " THEN coalesce(substring(after FROM '\"erased_entries\": *([0-9]+)')::bigint, 0) END"

static void
read_hash_fields (const PGresult    *res,
                  int                row,
                  SlAuditHashFields *fields)
{
  fields->id = sl_pg_int64 (res, row, 0);
  fields->at = PQgetvalue (res, row, 1);
  fields->operator_name = PQgetvalue (res, row, 2);
  fields->desk = PQgetisnull (res, row, 3) ? NULL : PQgetvalue (res, row, 3);
  fields->action = PQgetvalue (res, row, 4);
  fields->entity = PQgetvalue (res, row, 5);
  fields->entity_id = sl_pg_int64 (res, row, 6);
}

/* Was the bad entry moved from elsewhere? As the file store's
 * find_moved_from: its hash tried after each entry in turn.
 */
static gint64
find_moved_from (const SlAuditHashFields *bad,
                 const guint8            *payload_hash,
                 const guint8            *stored_hash,
                 gpointer                 user_data)
{
  const PGresult *res = user_data;

  for (int i = 0; i < PQntuples (res); i++)
    {
      g_autoptr(GBytes) previous = sl_pg_bytes (res, i, 10);
      gint64 found;

      if (previous == NULL || g_bytes_get_size (previous) != SL_AUDIT_HASH_BYTES)
        continue;
      found = sl_audit_chain_moved_after (bad, sl_pg_int64 (res, i, 0),
                                          g_bytes_get_data (previous, NULL), payload_hash,
                                          stored_hash);
      if (found > 0)
        return found;
    }
  return 0;
}

/* Row i of the walk checked (sl-audit-chain.c): NULL when it follows. */
static char *
check_row (SlAuditChain   *chain,
           const PGresult *res,
           int             i)
{
  g_autoptr(GBytes) payload_hash = sl_pg_bytes (res, i, 9);
  g_autoptr(GBytes) hash = sl_pg_bytes (res, i, 10);
  SlAuditChainRow row;

  read_hash_fields (res, i, &row.fields);
  row.before = PQgetisnull (res, i, 7) ? NULL : PQgetvalue (res, i, 7);
  row.before_len = PQgetlength (res, i, 7);
  row.after = PQgetisnull (res, i, 8) ? NULL : PQgetvalue (res, i, 8);
  row.after_len = PQgetlength (res, i, 8);
  row.payload_hash = payload_hash != NULL ? g_bytes_get_data (payload_hash, NULL) : NULL;
  row.payload_hash_len = payload_hash != NULL ? g_bytes_get_size (payload_hash) : 0;
  row.hash = hash != NULL ? g_bytes_get_data (hash, NULL) : NULL;
  row.hash_len = hash != NULL ? g_bytes_get_size (hash) : 0;
  row.erased = sl_pg_int64 (res, i, 11) != 0;
  row.is_erasure = !PQgetisnull (res, i, 12);
  row.erased_entries = row.is_erasure ? sl_pg_int64 (res, i, 12) : 0;
  return sl_audit_chain_check (chain, &row, find_moved_from, (gpointer)res);
}

static gboolean
pg_audit_verify (SlDb     *db,
                 gint64   *n_entries,
                 gint64   *first_bad_id,
                 char    **what,
                 GError  **error)
{
  g_autoptr(PGresult) res = NULL;
  SlAuditChain chain = SL_AUDIT_CHAIN_INIT;

  *n_entries = 0;
  *first_bad_id = 0;
  *what = NULL;
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT " VERIFY_COLUMNS " FROM audit_log ORDER BY id", NULL, error);
  sl_db_unlock (db);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      *what = check_row (&chain, res, i);
      if (*what != NULL)
        {
          *first_bad_id = chain.n + 1;
          break;
        }
    }
  if (*what == NULL)
    *what = sl_audit_chain_check_erasures (&chain, first_bad_id);
  *n_entries = chain.n;
  return TRUE;
}

/* ---- Erasure ------------------------------------------------------------ */

/* The tables an erasure or retention changes. An UPDATE on PostgreSQL
 * writes a new row version and leaves the old one in the table's file
 * until VACUUM (FULL) rewrites it (a plain VACUUM only marks the space
 * free): every one of them is rewritten after the erasure's commit.
 */
#define ERASED_TABLES \
  "audit_log, entrant, entrant_search, need, entrant_link, entrant_marker, contact_consent," \
  " facility_visit"

/* Whether this login may rewrite those tables: VACUUM (FULL) is the
 * owner's (or the database owner's, or a superuser's); for anyone else it
 * skips the table with a mere warning.
 */
static gboolean
may_rewrite_erased (SlDb      *db,
                    gboolean  *may,
                    GError   **error)
{
  g_autoptr(PGresult) res = NULL;

  res = sl_pg_run (db, "SELECT (bool_and(pg_has_role(c.relowner, 'USAGE'))"
                       " OR pg_has_role((SELECT datdba FROM pg_database"
                       " WHERE datname = current_database()), 'USAGE'))::int"
                       " FROM pg_class c WHERE c.oid = ANY"
                       " (string_to_array('" ERASED_TABLES "', ', ')::regclass[])",
                   NULL, error);
  if (res == NULL)
    return FALSE;
  *may = sl_pg_int64 (res, 0, 0) != 0;
  return TRUE;
}

/* At the erasure's start, in its write: the tables to itself (waiting 5 s
 * at most), so that no other desk holds or reads them while it runs and
 * the rewrite after it can be done. Only for a login that may rewrite
 * them (the lock needs the same rights); another's erasure is told after
 * its commit who can finish it (pg_checkpoint_erased).
 */
static gboolean
lock_erased_tables (SlDb    *db,
                    GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean may = FALSE;

  if (!may_rewrite_erased (db, &may, error))
    return FALSE;
  if (!may)
    return TRUE;
  if (!sl_pg_exec (db, "SET LOCAL lock_timeout = '5s'", NULL, error))
    return FALSE;
  if (!sl_pg_exec (db, "LOCK TABLE " ERASED_TABLES " IN ACCESS EXCLUSIVE MODE", NULL,
                   &local_error))
    {
      if (g_error_matches (local_error, SL_DB_ERROR, SL_DB_ERROR_BUSY))
        g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_BUSY,
                             _("Another desk or program kept the event's entrants, needs or "
                               "audit log in use for 5 seconds, and an erasure needs them to "
                               "itself for a moment. Nothing was erased: try again when the "
                               "desks are idle"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return sl_pg_exec (db, "SET LOCAL lock_timeout = DEFAULT", NULL, error);
}

/* Erasure's narrow path, the only UPDATE the trigger lets through: the
 * payloads of the entries that match are emptied and marked, their
 * hashes kept. The statement's $1, if it has one, is the entrant.
 */
static gboolean
erase_payloads (SlDb        *db,
                const char  *sql,
                gint64       entrant_id,
                guint       *n_erased,
                GError     **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  g_assert (SL_PG_DB (db)->in_write);

  if (!lock_erased_tables (db, error))
    return FALSE;
  if (entrant_id > 0)
    sl_pg_param_int64 (&params, entrant_id);
  res = sl_pg_run (db, sql, entrant_id > 0 ? &params : NULL, error);
  if (res == NULL)
    return FALSE;
  *n_erased = (guint)sl_pg_changes (res);
  return TRUE;
}

/* As the file store's: every entry about the entrant (its own, its needs'
 * and consents', its bookings' and visits', and the links that name it
 * from another entrant's side). A link's image is read as JSON only for
 * link entries (CASE keeps the cast from other rows).
 */
static gboolean
pg_audit_erase_entrant (SlDb     *db,
                        gint64    entrant_id,
                        guint    *n_erased,
                        GError  **error)
{
  return erase_payloads (db, "UPDATE audit_log SET before = NULL, after = NULL, erased = 1"
                             " WHERE erased = 0 AND action <> 'erase' AND ("
                             " (entity = 'entrant' AND entity_id = $1)"
                             " OR (entity = 'need' AND entity_id IN"
                             "   (SELECT id FROM need WHERE entrant_id = $1))"
                             " OR (entity = 'booking' AND entity_id IN"
                             "   (SELECT id FROM booking WHERE entrant_id = $1))"
                             " OR (entity = 'facility-visit' AND entity_id IN"
                             "   (SELECT id FROM facility_visit WHERE entrant_id = $1))"
                             " OR (CASE WHEN entity = 'entrant' AND action IN ('link', 'unlink')"
                             "   THEN $1::text IN (after::jsonb ->> 'linked_entrant_id',"
                             "     before::jsonb ->> 'linked_entrant_id') END))",
                         entrant_id, n_erased, error);
}

/* Retention: every entry that holds special-category data, whoever it is
 * about: the needs', and the entrants' images that hold notes.
 */
static gboolean
pg_audit_erase_special (SlDb     *db,
                        guint    *n_erased,
                        GError  **error)
{
  return erase_payloads (db, "UPDATE audit_log SET before = NULL, after = NULL, erased = 1"
                             " WHERE erased = 0 AND (entity = 'need'"
                             " OR (CASE WHEN entity = 'entrant'"
                             "   THEN after::jsonb ->> 'notes' IS NOT NULL"
                             "     OR before::jsonb ->> 'notes' IS NOT NULL END))",
                         0, n_erased, error);
}

/* The search index keeps no removed value of its own here: an entrant's
 * entrant_search rows are replaced with its row (the rewrite after the
 * commit drops the old versions of both).
 */
static gboolean
pg_compact_erased (SlDb    *db,
                   GError **error)
{
  return TRUE;
}

/* The write-ahead log still holds what the erasure emptied (the rows as
 * they were written, whole pages written after each checkpoint). A
 * switch to a new segment and a CHECKPOINT let the server remove the
 * older segments, if nothing keeps them (wal_keep_size 0, no archiving,
 * no replication slot, no standby with copies of its own) and it removes
 * rather than recycles them
 * (wal_recycle off: a recycled segment keeps its bytes under a new name
 * until they are overwritten). Both need a superuser. NULL when done;
 * else what is left, for the erasure's message.
 */
static char *
rotate_wal (SlDb *db)
{
  g_autoptr(PGresult) res = NULL;
  gboolean superuser;
  gboolean removed;

  res = sl_pg_run (db, "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)::int,"
                       " (current_setting ('wal_recycle') = 'off'"
                       "  AND pg_size_bytes (current_setting ('wal_keep_size')) = 0"
                       "  AND current_setting ('archive_mode') = 'off'"
                       "  AND NOT EXISTS (SELECT 1 FROM pg_replication_slots)"
                       "  AND NOT EXISTS (SELECT 1 FROM pg_stat_replication))::int",
                   NULL, NULL);
  superuser = res != NULL && sl_pg_int64 (res, 0, 0) != 0;
  removed = res != NULL && sl_pg_int64 (res, 0, 1) != 0;
  if (superuser
      && (!sl_pg_exec (db, "SELECT pg_switch_wal ()", NULL, NULL)
          || !sl_pg_exec (db, "CHECKPOINT", NULL, NULL)))
    superuser = FALSE;
  if (superuser && removed)
    return NULL;
  if (superuser)
    return g_strdup (_("older copies stay in the server's write-ahead log (pg_wal) until its "
                       "segments are overwritten, as the server keeps or recycles them "
                       "(wal_recycle, wal_keep_size, archiving, a replication slot), and in a "
                       "standby's own files"));
  return g_strdup (_("older copies stay in the server's write-ahead log (pg_wal) until a "
                     "superuser runs “SELECT pg_switch_wal (); CHECKPOINT” on it with "
                     "wal_recycle off"));
}

/* After the erasure's commit: VACUUM (FULL) rewrites the tables it
 * changed into new files without the old row versions (the old files are
 * emptied at once), then the write-ahead log is rotated (rotate_wal),
 * whose CHECKPOINT writes the new files out and unlinks the old. What the
 * server may still hold elsewhere (archives, a standby, dumps,
 * pg_statistic) is in HACKING.md.
 * Failing here leaves the erasure done: the message says what is left.
 */
static gboolean
pg_checkpoint_erased (SlDb      *db,
                      gboolean  *complete,
                      GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean may = FALSE;
  gboolean ok;

  *complete = TRUE;
  sl_db_lock (db);
  ok = may_rewrite_erased (db, &may, error);
  if (ok && !may)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED,
                   _("older copies of what it emptied stay in the server's files until the "
                     "event's owner runs “VACUUM (FULL) %s” on it (only the owner may)"),
                   ERASED_TABLES);
      ok = FALSE;
    }
  if (ok)
    ok = sl_pg_exec (db, "SET lock_timeout = '5s'", NULL, error);
  if (ok && !sl_pg_exec (db, "VACUUM (FULL) " ERASED_TABLES, NULL, &local_error))
    {
      ok = FALSE;
      if (g_error_matches (local_error, SL_DB_ERROR, SL_DB_ERROR_BUSY))
        g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_BUSY,
                     _("another desk or program kept the event's tables in use for 5 seconds, "
                       "so older copies of what it emptied stay in the server's files until "
                       "“VACUUM (FULL) %s” runs on it with the desks idle"), ERASED_TABLES);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  if (may)
    (void)sl_pg_exec (db, "RESET lock_timeout", NULL, NULL);
  /* The old files, emptied at the commit, are unlinked at the next
   * checkpoint: this one, or the server's own within minutes.
   */
  if (ok)
    {
      g_autofree char *left = rotate_wal (db);

      if (left != NULL)
        {
          g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_FAILED, left);
          ok = FALSE;
        }
    }
  sl_db_unlock (db);
  return ok;
}

void
sl_pg_audit_install (SlDbClass *store_class)
{
  store_class->audit_list = pg_audit_list;
  store_class->audit_verify = pg_audit_verify;
  store_class->audit_erase_entrant = pg_audit_erase_entrant;
  store_class->audit_erase_special = pg_audit_erase_special;
  store_class->compact_erased = pg_compact_erased;
  store_class->checkpoint_erased = pg_checkpoint_erased;
}
