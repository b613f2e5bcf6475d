/* sl-pg-staff.c — staff accounts, the event's public key and the key
 * slots in the PostgreSQL store (one writer each: staff_put,
 * event_key_put, key_slot_put)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-pg-private.h"

/* The hash through the owner's function: only one's own login (or the
 * owner) reads it (sl-pg-roles.c).
 */
#define STAFF_SELECT "SELECT id, name, roles, startline_staff_hash (id), created_at, created_by" \
                     " FROM staff"
#define STAFF_LIST "SELECT id, name, roles, NULL, created_at, created_by FROM staff"

static SlStaffAccount *
account_from_row (const PGresult *res,
                  int             row)
{
  SlStaffAccount *account = g_new0 (SlStaffAccount, 1);

  account->id = sl_pg_int64 (res, row, 0);
  account->name = sl_pg_dup (res, row, 1);
  account->roles = sl_pg_int64 (res, row, 2);
  account->passphrase_hash = sl_pg_dup (res, row, 3);
  account->created_at = sl_pg_dup (res, row, 4);
  account->created_by = sl_pg_dup (res, row, 5);
  return account;
}

static GPtrArray *
pg_staff_list (SlDb    *db,
               GError **error)
{
  g_autoptr(PGresult) res = NULL;
  GPtrArray *accounts;

  sl_db_lock (db);
  res = sl_pg_run (db, STAFF_LIST " ORDER BY lower(name) COLLATE \"C\", id", NULL, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_staff_account_free);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (accounts, account_from_row (res, i));
  return accounts;
}

static SlStaffAccount *
pg_staff_get (SlDb        *db,
              const char  *name,
              GError     **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_text (&params, name);
  return sl_pg_get_one (db, STAFF_SELECT " WHERE lower(name) = lower($1)", &params,
                        (SlPgFromRowFunc)account_from_row, error);
}

static gboolean
pg_staff_put (SlDb            *db,
              SlStaffAccount  *account,
              gboolean         remove,
              GError         **error)
{
  g_auto(SlPgParams) params = { 0 };

  if (remove)
    {
      sl_pg_param_int64 (&params, account->id);
      if (!sl_pg_exec (db, "DELETE FROM staff WHERE id = $1", &params, error))
        return FALSE;
      sl_pg_params_clear (&params);
      sl_pg_param_text (&params, account->name);
      return sl_pg_exec (db, "SELECT startline_login_drop ($1)", &params, error);
    }
  sl_pg_param_text (&params, account->name);
  sl_pg_param_int64 (&params, account->roles);
  sl_pg_param_text (&params, account->passphrase_hash);
  sl_pg_param_text (&params, account->created_at);
  sl_pg_param_text (&params, account->created_by);
  return sl_pg_run_int64 (db, "INSERT INTO staff (name, roles, passphrase_hash, created_at,"
                              " created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                          &params, &account->id, error);
}

static gboolean
pg_event_key_get (SlDb     *db,
                  GBytes  **public_key,
                  GError  **error)
{
  g_autoptr(PGresult) res = NULL;

  *public_key = NULL;
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT public_key FROM event_key WHERE id = 1", NULL, error);
  sl_db_unlock (db);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *public_key = sl_pg_bytes (res, 0, 0);
  return TRUE;
}

static void
param_bytes (SlPgParams *params,
             GBytes     *bytes)
{
  gsize len;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  sl_pg_param_bytes (params, data, len);
}

static gboolean
pg_event_key_put (SlDb     *db,
                  GBytes   *public_key,
                  GError  **error)
{
  g_autofree char *now = sl_db_now_utc ();
  g_auto(SlPgParams) params = { 0 };

  param_bytes (&params, public_key);
  sl_pg_param_text (&params, now);
  return sl_pg_exec (db, "INSERT INTO event_key (id, public_key, created_at) VALUES (1, $1, $2)",
                     &params, error);
}

static SlKeySlot *
pg_key_slot_get (SlDb     *db,
                 gint64    staff_id,
                 GError  **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  SlKeySlot *slot;

  sl_pg_param_int64 (&params, staff_id);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT salt, nonce, wrapped_key, opslimit, memlimit"
                       " FROM startline_key_slot ($1)", &params, error);
  sl_db_unlock (db);
  if (res == NULL || PQntuples (res) == 0)
    return NULL;
  slot = g_new0 (SlKeySlot, 1);
  slot->salt = sl_pg_bytes (res, 0, 0);
  slot->nonce = sl_pg_bytes (res, 0, 1);
  slot->wrapped = sl_pg_bytes (res, 0, 2);
  slot->opslimit = sl_pg_int64 (res, 0, 3);
  slot->memlimit = sl_pg_int64 (res, 0, 4);
  return slot;
}

static gboolean
pg_key_slot_put (SlDb             *db,
                 gint64            staff_id,
                 const SlKeySlot  *slot,
                 GError          **error)
{
  g_autofree char *now = sl_db_now_utc ();
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_int64 (&params, staff_id);
  if (!sl_pg_exec (db, "DELETE FROM key_slot WHERE staff_id = $1", &params, error))
    return FALSE;
  if (slot == NULL)
    return TRUE;
  param_bytes (&params, slot->salt);
  param_bytes (&params, slot->nonce);
  param_bytes (&params, slot->wrapped);
  sl_pg_param_int64 (&params, (gint64)slot->opslimit);
  sl_pg_param_int64 (&params, (gint64)slot->memlimit);
  sl_pg_param_text (&params, now);
  return sl_pg_exec (db, "INSERT INTO key_slot (staff_id, salt, nonce, wrapped_key, opslimit,"
                         " memlimit, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                     &params, error);
}

void
sl_pg_staff_install (SlDbClass *store_class)
{
  store_class->staff_list = pg_staff_list;
  store_class->staff_get = pg_staff_get;
  store_class->staff_put = pg_staff_put;
  store_class->staff_login_put = sl_pg_login_put;
  store_class->event_key_get = pg_event_key_get;
  store_class->event_key_put = pg_event_key_put;
  store_class->key_slot_get = pg_key_slot_get;
  store_class->key_slot_put = pg_key_slot_put;
}
