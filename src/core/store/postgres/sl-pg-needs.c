/* sl-pg-needs.c — support needs in the PostgreSQL store (so far the need
 * types, which every event is seeded with)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-pg-private.h"

static GPtrArray *
pg_need_types_list (SlDb    *db,
                    GError **error)
{
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_need_type_free);
  g_autoptr(PGresult) res = NULL;

  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT id, code, label, adjustments, builtin FROM need_type"
                       " ORDER BY lower(label), id", NULL, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlNeedType *type = g_new0 (SlNeedType, 1);
      const char *adjustments = PQgetvalue (res, i, 3);

      type->id = sl_pg_int64 (res, i, 0);
      type->code = sl_pg_dup (res, i, 1);
      type->label = sl_pg_dup (res, i, 2);
      type->adjustments = g_strsplit (adjustments, "\n", -1);
      if (type->adjustments[0] == NULL || *type->adjustments[0] == '\0')
        g_clear_pointer (&type->adjustments, g_strfreev);
      type->builtin = sl_pg_int64 (res, i, 4) != 0;
      g_ptr_array_add (types, type);
    }
  return g_steal_pointer (&types);
}

/* The one writer of need_type. */
static gboolean
pg_need_type_put (SlDb        *db,
                  SlNeedType  *type,
                  gboolean     remove,
                  GError     **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autofree char *adjustments = NULL;
  g_autoptr(PGresult) res = NULL;

  if (remove)
    {
      sl_pg_param_int64 (&params, type->id);
      return sl_pg_exec (db, "DELETE FROM need_type WHERE id = $1", &params, error);
    }
  adjustments = type->adjustments != NULL ? g_strjoinv ("\n", type->adjustments) : g_strdup ("");
  sl_pg_param_text (&params, type->label);
  sl_pg_param_text (&params, adjustments);
  if (type->id != 0)
    {
      sl_pg_param_int64 (&params, type->id);
      return sl_pg_exec (db, "UPDATE need_type SET label = $1, adjustments = $2 WHERE id = $3",
                         &params, error);
    }
  sl_pg_param_text (&params, type->code);
  sl_pg_param_int64 (&params, type->builtin ? 1 : 0);
  res = sl_pg_run (db, "INSERT INTO need_type (label, adjustments, code, builtin)"
                       " VALUES ($1, $2, $3, $4) RETURNING id", &params, error);
  if (res == NULL)
    return FALSE;
  type->id = sl_pg_int64 (res, 0, 0);
  return TRUE;
}

void
sl_pg_needs_install (SlDbClass *store_class)
{
  store_class->need_types_list = pg_need_types_list;
  store_class->need_type_put = pg_need_type_put;
}
