/* sl-pg-needs.c — support needs in the PostgreSQL store (so far the need
 * types, which every event is seeded with, the markers and the withdrawal
 * cascade of links)
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

/* The guides and support runners of entrant_id not withdrawn yet. */
static GArray *
pg_cascade_list (SlDb    *db,
                 gint64   entrant_id,
                 GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  GArray *ids;

  sl_pg_param_int64 (&params, entrant_id);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT DISTINCT o.id FROM entrant_link l"
                       " JOIN entrant o ON o.id = l.linked_entrant_id"
                       " WHERE l.entrant_id = $1 AND l.kind IN ('guide', 'support-runner')"
                       " AND o.status <> 'withdrawn' ORDER BY o.id", &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = sl_pg_int64 (res, i, 0);

      g_array_append_val (ids, id);
    }
  return ids;
}

static gboolean
pg_markers_get (SlDb     *db,
                gint64    entrant_id,
                guint    *markers,
                GError  **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  *markers = 0;
  sl_pg_param_int64 (&params, entrant_id);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT marker FROM entrant_marker WHERE entrant_id = $1", &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlMarker marker;

      if (sl_marker_from_id (PQgetvalue (res, i, 0), &marker))
        *markers |= 1u << marker;
    }
  return TRUE;
}

/* The one writer of entrant_marker. */
static gboolean
pg_marker_put (SlDb      *db,
               gint64     entrant_id,
               SlMarker   marker,
               gboolean   on,
               gboolean  *changed,
               GError   **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  sl_pg_param_int64 (&params, entrant_id);
  sl_pg_param_text (&params, sl_marker_to_id (marker));
  res = sl_pg_run (db, on ? "INSERT INTO entrant_marker (entrant_id, marker) VALUES ($1, $2)"
                            " ON CONFLICT DO NOTHING"
                          : "DELETE FROM entrant_marker WHERE entrant_id = $1 AND marker = $2",
                   &params, error);
  if (res == NULL)
    return FALSE;
  *changed = sl_pg_changes (res) > 0;
  return TRUE;
}

void
sl_pg_needs_install (SlDbClass *store_class)
{
  store_class->need_types_list = pg_need_types_list;
  store_class->need_type_put = pg_need_type_put;
  store_class->cascade_list = pg_cascade_list;
  store_class->markers_get = pg_markers_get;
  store_class->marker_put = pg_marker_put;
}
