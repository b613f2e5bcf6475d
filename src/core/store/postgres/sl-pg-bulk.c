/* sl-pg-bulk.c — the PostgreSQL store's bulk insert of entrants (import,
 * demo) and the bulk paths' audit entries
 *
 * Rows go in one by one through a statement prepared once on the server;
 * the search index of them all is written at the end in one statement.
 * Writes are serialised (SL_PG_WRITE_LOCK_KEY), so the identities handed
 * out in this write are all above the highest id before it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-pg-private.h"

struct _SlStoreEntrantBulk
{
  char    *now;
  gint64   last_old_id;
  GArray  *ids;       /* gint64, of the rows inserted */
  GString *tails;     /* their search index entries, a text[] literal */
  GString *tail_ids;  /* the entrant of each, a bigint[] literal */
};

static void
pg_entrant_bulk_free (SlDb               *db,
                      SlStoreEntrantBulk *self)
{
  if (self == NULL)
    return;
  g_free (self->now);
  g_array_unref (self->ids);
  g_string_free (self->tails, TRUE);
  g_string_free (self->tail_ids, TRUE);
  g_free (self);
}

static SlStoreEntrantBulk *
pg_entrant_bulk_begin (SlDb        *db,
                       const char  *now,
                       gint64      *last_old_id,
                       GError     **error)
{
  g_autoptr(PGresult) res = sl_pg_run (db, "SELECT coalesce(max(id), 0) FROM entrant", NULL,
                                       error);
  SlStoreEntrantBulk *self;

  if (res == NULL)
    return NULL;
  self = g_new0 (SlStoreEntrantBulk, 1);
  self->now = g_strdup (now);
  self->last_old_id = sl_pg_int64 (res, 0, 0);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tails = g_string_new ("{");
  self->tail_ids = g_string_new ("{");
  *last_old_id = self->last_old_id;
  return self;
}

static void
append_tails (SlStoreEntrantBulk *self,
              gint64              id,
              const char         *key)
{
  g_autoptr(GPtrArray) tails = sl_pg_search_tails (key);

  for (guint i = 0; i < tails->len; i++)
    {
      if (self->tails->len > 1)
        {
          g_string_append_c (self->tails, ',');
          g_string_append_c (self->tail_ids, ',');
        }
      g_string_append_c (self->tails, '"');
      for (const char *p = tails->pdata[i]; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (self->tails, '\\');
          g_string_append_c (self->tails, *p);
        }
      g_string_append_c (self->tails, '"');
      g_string_append_printf (self->tail_ids, "%" G_GINT64_FORMAT, id);
    }
}

static gboolean
pg_entrant_bulk_insert (SlDb                *db,
                        SlStoreEntrantBulk  *self,
                        SlEntrant           *entrant,
                        GError             **error)
{
  g_autofree char *key = sl_entrant_dup_search_key (entrant);

  if (!sl_pg_entrant_insert_row (db, entrant, key, self->now, error))
    return FALSE;
  g_array_append_val (self->ids, entrant->id);
  append_tails (self, entrant->id, key);
  return TRUE;
}

static gboolean
pg_entrant_bulk_finish (SlDb                *db,
                        SlStoreEntrantBulk  *self,
                        GError             **error)
{
  g_auto(SlPgParams) params = { 0 };

  if (self->ids->len == 0)
    return TRUE;
  g_string_append_c (self->tails, '}');
  g_string_append_c (self->tail_ids, '}');
  sl_pg_param_text (&params, self->tail_ids->str);
  sl_pg_param_text (&params, self->tails->str);
  if (!sl_pg_exec (db, "INSERT INTO entrant_search (entrant_id, tail, sort_name)"
                       " SELECT t.id, t.tail, e.sort_name"
                       " FROM unnest ($1::bigint[], $2::text[]) AS t (id, tail)"
                       " JOIN entrant e ON e.id = t.id", &params, error))
    return FALSE;
  sl_db_bump_names_generation (db);
  return TRUE;
}

/* One "insert" entry per new entrant, a reference to the summary entry
 * (the last one written, whose id the chain knows).
 */
static gboolean
pg_entrants_audit_refs (SlDb        *db,
                        const char  *at,
                        gint64       after_entrant_id,
                        const char  *key,
                        GError     **error)
{
  SlPgDb *self = SL_PG_DB (db);
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  g_autofree char *ref = NULL;
  const char *desk = sl_db_get_desk (db);

  g_assert (self->chain_known && self->chain_last_id > 0);
  ref = g_strdup_printf ("{\"%s\":%" G_GINT64_FORMAT "}", key, self->chain_last_id);
  sl_pg_param_int64 (&params, after_entrant_id);
  res = sl_pg_run (db, "SELECT id FROM entrant WHERE id > $1 ORDER BY id", &params, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    if (!sl_pg_audit_insert (db, at, desk, "insert", "entrant", sl_pg_int64 (res, i, 0), NULL,
                             ref, error))
      return FALSE;
  return TRUE;
}

/* One "charity-signup" entry per sign-up of a new entrant, with the image
 * the one-row path writes (sl_charity_signup_dup_image).
 */
static gboolean
pg_signups_audit_new (SlDb        *db,
                      const char  *at,
                      gint64       after_entrant_id,
                      GError     **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  const char *desk = sl_db_get_desk (db);

  sl_pg_param_int64 (&params, after_entrant_id);
  res = sl_pg_run (db, "SELECT entrant_id, charity_id, target_pence, raised_pence"
                       " FROM charity_signup WHERE entrant_id > $1 ORDER BY entrant_id",
                   &params, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlCharitySignup signup = { sl_pg_int64 (res, i, 0), sl_pg_int64 (res, i, 1),
                                 sl_pg_int64 (res, i, 2), sl_pg_int64 (res, i, 3) };
      g_autofree char *image = sl_charity_signup_dup_image (&signup);

      if (!sl_pg_audit_insert (db, at, desk, "charity-signup", "entrant", signup.entrant_id,
                               NULL, image, error))
        return FALSE;
    }
  return TRUE;
}

void
sl_pg_bulk_install (SlDbClass *store_class)
{
  store_class->entrant_bulk_begin = pg_entrant_bulk_begin;
  store_class->entrant_bulk_insert = pg_entrant_bulk_insert;
  store_class->entrants_audit_refs = pg_entrants_audit_refs;
  store_class->entrant_bulk_finish = pg_entrant_bulk_finish;
  store_class->entrant_bulk_free = pg_entrant_bulk_free;
  store_class->signups_audit_new = pg_signups_audit_new;
}
