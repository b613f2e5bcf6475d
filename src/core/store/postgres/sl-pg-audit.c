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
  res = sl_pg_run (db, "SELECT id, at, operator, desk, action, entity, entity_id, before, after"
                       " FROM audit_log WHERE ($1::text IS NULL OR entity = $1)"
                       " AND ($2 = 0 OR entity_id = $2) ORDER BY id DESC LIMIT $3",
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

#define VERIFY_COLUMNS \
  "id, at, operator, desk, action, entity, entity_id, before, after, payload_hash, hash, erased"

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

static void
hash_payload_columns (const PGresult *res,
                      int             row,
                      guint8          out[SL_AUDIT_HASH_BYTES])
{
  const char *before = PQgetisnull (res, row, 7) ? NULL : PQgetvalue (res, row, 7);
  const char *after = PQgetisnull (res, row, 8) ? NULL : PQgetvalue (res, row, 8);

  sl_crypto_audit_payload_hash (before, PQgetlength (res, row, 7), after,
                                PQgetlength (res, row, 8), out);
}

/* Was the bad entry moved from elsewhere? As the file store's
 * find_moved_from: its hash tried after each entry in turn.
 */
static gint64
find_moved_from (const PGresult          *res,
                 const SlAuditHashFields *bad,
                 const guint8            *payload_hash,
                 const guint8            *stored_hash)
{
  SlAuditHashFields fields = *bad;
  guint8 hash[SL_AUDIT_HASH_BYTES];

  fields.id = 1;
  sl_crypto_audit_entry_hash (NULL, &fields, payload_hash, hash);
  if (memcmp (hash, stored_hash, SL_AUDIT_HASH_BYTES) == 0)
    return 1;
  for (int i = 0; i < PQntuples (res); i++)
    {
      g_autoptr(GBytes) previous = sl_pg_bytes (res, i, 10);

      if (previous == NULL || g_bytes_get_size (previous) != SL_AUDIT_HASH_BYTES)
        continue;
      fields.id = sl_pg_int64 (res, i, 0) + 1;
      sl_crypto_audit_entry_hash (g_bytes_get_data (previous, NULL), &fields, payload_hash,
                                  hash);
      if (fields.id != bad->id && memcmp (hash, stored_hash, SL_AUDIT_HASH_BYTES) == 0)
        return fields.id;
    }
  return 0;
}

static char *
check_entry (const PGresult *res,
             int             row,
             gint64          expected_id,
             const guint8   *previous,
             guint8          hash_out[SL_AUDIT_HASH_BYTES])
{
  SlAuditHashFields fields;
  guint8 payload_hash[SL_AUDIT_HASH_BYTES];
  g_autoptr(GBytes) stored_payload_hash = sl_pg_bytes (res, row, 9);
  g_autoptr(GBytes) stored_hash = sl_pg_bytes (res, row, 10);
  gboolean erased = sl_pg_int64 (res, row, 11) != 0;
  gint64 moved_from;

  read_hash_fields (res, row, &fields);
  if (fields.id != expected_id)
    return g_strdup (_("it is missing (removed)"));
  if (stored_payload_hash == NULL || g_bytes_get_size (stored_payload_hash) != SL_AUDIT_HASH_BYTES
      || stored_hash == NULL || g_bytes_get_size (stored_hash) != SL_AUDIT_HASH_BYTES)
    return g_strdup (_("its hashes are missing"));
  if (erased)
    {
      if (!PQgetisnull (res, row, 7) || !PQgetisnull (res, row, 8))
        return g_strdup (_("it is marked erased but holds a payload"));
      memcpy (payload_hash, g_bytes_get_data (stored_payload_hash, NULL), SL_AUDIT_HASH_BYTES);
    }
  else
    {
      hash_payload_columns (res, row, payload_hash);
      if (memcmp (payload_hash, g_bytes_get_data (stored_payload_hash, NULL),
                  SL_AUDIT_HASH_BYTES) != 0)
        return g_strdup (_("its before or after image was changed"));
    }
  sl_crypto_audit_entry_hash (previous, &fields, payload_hash, hash_out);
  if (memcmp (hash_out, g_bytes_get_data (stored_hash, NULL), SL_AUDIT_HASH_BYTES) == 0)
    return NULL;
  moved_from = find_moved_from (res, &fields, payload_hash,
                                g_bytes_get_data (stored_hash, NULL));
  if (moved_from > 0)
    return g_strdup_printf (_("it was moved here from entry %lld (reordered)"),
                            (long long)moved_from);
  return g_strdup (_("its time, operator, desk, action or entity was changed, or its link "
                     "to the entry before is broken"));
}

static gboolean
pg_audit_verify (SlDb     *db,
                 gint64   *n_entries,
                 gint64   *first_bad_id,
                 char    **what,
                 GError  **error)
{
  g_autoptr(PGresult) res = NULL;
  guint8 previous[SL_AUDIT_HASH_BYTES];
  guint8 hash[SL_AUDIT_HASH_BYTES];
  gint64 n = 0;

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
      *what = check_entry (res, i, n + 1, n > 0 ? previous : NULL, hash);
      if (*what != NULL)
        {
          *first_bad_id = n + 1;
          break;
        }
      memcpy (previous, hash, SL_AUDIT_HASH_BYTES);
      n++;
    }
  *n_entries = n;
  return TRUE;
}

void
sl_pg_audit_install (SlDbClass *store_class)
{
  store_class->audit_list = pg_audit_list;
  store_class->audit_verify = pg_audit_verify;
}
