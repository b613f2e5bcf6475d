/* sl-pg-needs.c — support needs in the PostgreSQL store: so far the need
 * types (every event is seeded with them), consents, links (and the
 * withdrawal cascade they make) and markers; one writer each
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

/* ---- Consents ----------------------------------------------------------- */

static GPtrArray *
pg_consents_list (SlDb    *db,
                  gint64   need_id,
                  GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *consents;

  sl_pg_param_int64 (&params, need_id);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT recipient, given, at, wording_version, recorded_by"
                       " FROM need_consent WHERE need_id = $1"
                       " ORDER BY CASE recipient WHEN 'medical' THEN 0"
                       " WHEN 'facility' THEN 1 ELSE 2 END", &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  consents = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_need_consent_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlNeedConsent *consent = g_new0 (SlNeedConsent, 1);
      SlConsentRecipient recipient = SL_CONSENT_MEDICAL;

      consent->need_id = need_id;
      sl_consent_recipient_from_id (PQgetvalue (res, i, 0), &recipient);
      consent->recipient = recipient;
      consent->given = sl_pg_int64 (res, i, 1) != 0;
      consent->at = sl_pg_dup (res, i, 2);
      consent->wording_version = sl_pg_dup (res, i, 3);
      consent->recorded_by = sl_pg_dup (res, i, 4);
      g_ptr_array_add (consents, consent);
    }
  return consents;
}

/* The one writer of need_consent: the need's consent for its recipient,
 * replacing any.
 */
static gboolean
pg_consent_put (SlDb                 *db,
                const SlNeedConsent  *consent,
                GError              **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_int64 (&params, consent->need_id);
  sl_pg_param_text (&params, sl_consent_recipient_to_id (consent->recipient));
  sl_pg_param_int64 (&params, consent->given ? 1 : 0);
  sl_pg_param_text (&params, consent->at);
  sl_pg_param_text (&params, consent->wording_version);
  sl_pg_param_text (&params, consent->recorded_by);
  return sl_pg_exec (db, "INSERT INTO need_consent (need_id, recipient, given, at,"
                         " wording_version, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)"
                         " ON CONFLICT (need_id, recipient) DO UPDATE SET given = $3, at = $4,"
                         " wording_version = $5, recorded_by = $6", &params, error);
}

/* ---- Links ---------------------------------------------------------------- */

#define LINK_COLUMNS \
  "l.id, l.entrant_id, l.kind, l.linked_entrant_id, l.companion_name, l.companion_phone," \
  " l.companion_pass"

static SlEntrantLink *
link_from_row (const PGresult *res,
               int             row)
{
  SlEntrantLink *link = g_new0 (SlEntrantLink, 1);
  SlLinkKind kind = SL_LINK_ASSISTANT;

  link->id = sl_pg_int64 (res, row, 0);
  link->entrant_id = sl_pg_int64 (res, row, 1);
  sl_link_kind_from_id (PQgetvalue (res, row, 2), &kind);
  link->kind = kind;
  link->linked_entrant_id = sl_pg_int64 (res, row, 3);
  link->companion_name = sl_pg_dup (res, row, 4);
  link->companion_phone = sl_pg_dup (res, row, 5);
  link->companion_pass = sl_pg_dup (res, row, 6);
  return link;
}

/* Both ways: those who support the entrant (side 0), then those it
 * supports (side 1), with the other person's bib, name and check-in.
 */
static GPtrArray *
pg_links_list (SlDb    *db,
               gint64   entrant_id,
               GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *links;

  sl_pg_param_int64 (&params, entrant_id);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT " LINK_COLUMNS ", o.bib, o.first_name || ' ' || o.last_name,"
                       " (o.status = 'checked-in')::int, 0 AS side FROM entrant_link l"
                       " LEFT JOIN entrant o ON o.id = l.linked_entrant_id"
                       " WHERE l.entrant_id = $1"
                       " UNION ALL SELECT " LINK_COLUMNS ", o.bib,"
                       " o.first_name || ' ' || o.last_name, (o.status = 'checked-in')::int, 1"
                       " FROM entrant_link l JOIN entrant o ON o.id = l.entrant_id"
                       " WHERE l.linked_entrant_id = $1 ORDER BY side, 1", &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  links = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_entrant_link_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlEntrantLink *link = link_from_row (res, i);

      link->other_bib = sl_pg_dup (res, i, 7);
      link->other_name = sl_pg_dup (res, i, 8);
      link->other_checked_in = sl_pg_int64 (res, i, 9) != 0;
      g_ptr_array_add (links, link);
    }
  return links;
}

static SlEntrantLink *
pg_link_get (SlDb    *db,
             gint64   id,
             GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  sl_pg_param_int64 (&params, id);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT " LINK_COLUMNS " FROM entrant_link l WHERE l.id = $1", &params,
                   error);
  sl_db_unlock (db);
  if (res == NULL || PQntuples (res) == 0)
    return NULL;
  return link_from_row (res, 0);
}

/* The one writer of entrant_link. */
static gboolean
pg_link_put (SlDb           *db,
             SlEntrantLink  *link,
             gboolean        remove,
             GError        **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  if (remove)
    {
      sl_pg_param_int64 (&params, link->id);
      return sl_pg_exec (db, "DELETE FROM entrant_link WHERE id = $1", &params, error);
    }
  sl_pg_param_int64 (&params, link->entrant_id);
  sl_pg_param_text (&params, sl_link_kind_to_id (link->kind));
  sl_pg_param_id (&params, link->linked_entrant_id);
  sl_pg_param_optional (&params, link->companion_name);
  sl_pg_param_optional (&params, link->companion_phone);
  sl_pg_param_optional (&params, link->companion_pass);
  res = sl_pg_run (db, "INSERT INTO entrant_link (entrant_id, kind, linked_entrant_id,"
                       " companion_name, companion_phone, companion_pass)"
                       " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", &params, error);
  if (res == NULL)
    return FALSE;
  link->id = sl_pg_int64 (res, 0, 0);
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
  store_class->consents_list = pg_consents_list;
  store_class->consent_put = pg_consent_put;
  store_class->links_list = pg_links_list;
  store_class->link_get = pg_link_get;
  store_class->link_put = pg_link_put;
  store_class->markers_get = pg_markers_get;
  store_class->marker_put = pg_marker_put;
}
