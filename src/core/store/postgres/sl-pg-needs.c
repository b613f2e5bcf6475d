/* sl-pg-needs.c — support needs in the PostgreSQL store: need types
 * (every event is seeded with them), needs, consents, links (and the
 * withdrawal cascade they make) and markers; one writer each
 *
 * A need's detail and adjustments arrive and leave as sealed boxes: bound
 * and read as bytea, never as text, as in the file store
 * (sl-sqlite-needs.c), whose behaviour this follows statement for
 * statement.
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
  return sl_pg_run_int64 (db, "INSERT INTO need_type (label, adjustments, code, builtin)"
                              " VALUES ($1, $2, $3, $4) RETURNING id", &params, &type->id, error);
}

/* ---- Needs ---------------------------------------------------------------- */

#define NEED_COLUMNS \
  "n.id, n.entrant_id, n.type_id, n.status, s.has_detail::int," \
  " s.has_adjustments::int, n.decline_reason, n.decided_by, n.decided_at," \
  " n.created_by, n.created_at, t.code, t.label, e.bib, e.first_name, e.last_name, r.name," \
  " w.start_area," \
  " (SELECT string_agg(marker, ' ') FROM entrant_marker m WHERE m.entrant_id = n.entrant_id)"
#define NEED_JOINS \
  "need n JOIN need_sealed s ON s.id = n.id JOIN need_type t ON t.id = n.type_id" \
  " JOIN entrant e ON e.id = n.entrant_id" \
  " LEFT JOIN race r ON r.id = e.race_id LEFT JOIN wave w ON w.id = e.wave_id"

static SlNeed *
need_from_row (const PGresult *res,
               int             row)
{
  SlNeed *need = g_new0 (SlNeed, 1);
  SlNeedStatus status = SL_NEED_REQUESTED;

  need->id = sl_pg_int64 (res, row, 0);
  need->entrant_id = sl_pg_int64 (res, row, 1);
  need->type_id = sl_pg_int64 (res, row, 2);
  sl_need_status_from_id (PQgetvalue (res, row, 3), &status);
  need->status = status;
  need->has_detail = sl_pg_int64 (res, row, 4) != 0;
  need->has_adjustments = sl_pg_int64 (res, row, 5) != 0;
  need->decline_reason = sl_pg_dup (res, row, 6);
  need->decided_by = sl_pg_dup (res, row, 7);
  need->decided_at = sl_pg_dup (res, row, 8);
  need->created_by = sl_pg_dup (res, row, 9);
  need->created_at = sl_pg_dup (res, row, 10);
  need->type_code = sl_pg_dup (res, row, 11);
  need->type_label = sl_pg_dup (res, row, 12);
  need->bib = sl_pg_dup (res, row, 13);
  need->first_name = sl_pg_dup (res, row, 14);
  need->last_name = sl_pg_dup (res, row, 15);
  need->race_name = sl_pg_dup (res, row, 16);
  need->start_area = sl_pg_dup (res, row, 17);
  /* The entrant's markers, read with each need in one statement:
   * "deaf wheelchair".
   */
  need->markers = sl_markers_from_ids (PQgetisnull (res, row, 18) ? NULL
                                                                  : PQgetvalue (res, row, 18),
                                       " ");
  return need;
}

/* A sealed box as a bytea parameter (NULL: SQL NULL); a zero-length box
 * is still a value, never NULL.
 */
static void
param_sealed (SlPgParams *params,
              GBytes     *bytes)
{
  gsize size = 0;
  gconstpointer data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  if (bytes == NULL)
    sl_pg_param_bytes (params, NULL, 0);
  else
    sl_pg_param_bytes (params, data != NULL ? data : (const guint8 *)"", size);
}

/* The one writer of need. */
static gboolean
pg_need_put (SlDb     *db,
             SlNeed   *need,
             GError  **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_text (&params, sl_need_status_to_id (need->status));
  param_sealed (&params, need->detail_sealed);
  param_sealed (&params, need->adjustments_sealed);
  sl_pg_param_optional (&params, need->decline_reason);
  sl_pg_param_optional (&params, need->decided_by);
  sl_pg_param_optional (&params, need->decided_at);
  if (need->id != 0)
    {
      sl_pg_param_int64 (&params, need->id);
      /* Through the function: an admin's login may erase a need, not
       * decide it (sl-pg-roles.c).
       */
      return sl_pg_exec (db, "SELECT startline_need_update ($7, $1, $2, $3, $4, $5, $6)",
                         &params, error);
    }
  sl_pg_param_int64 (&params, need->entrant_id);
  sl_pg_param_int64 (&params, need->type_id);
  sl_pg_param_text (&params, need->created_by);
  sl_pg_param_text (&params, need->created_at);
  return sl_pg_run_int64 (db, "INSERT INTO need (status, detail, adjustments, decline_reason,"
                              " decided_by, decided_at, entrant_id, type_id, created_by,"
                              " created_at)"
                              " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                          &params, &need->id, error);
}

static SlNeed *
pg_need_get (SlDb      *db,
             gint64     id,
             gboolean   sealed,
             GError   **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  SlNeed *need;

  sl_pg_param_int64 (&params, id);
  sl_db_lock (db);
  /* The sealed bytes are read only when asked for. */
  res = sl_pg_run (db, sealed ? "SELECT " NEED_COLUMNS ", n.detail, n.adjustments FROM "
                                NEED_JOINS " WHERE n.id = $1"
                              : "SELECT " NEED_COLUMNS " FROM " NEED_JOINS " WHERE n.id = $1",
                   &params, error);
  sl_db_unlock (db);
  if (res == NULL || PQntuples (res) == 0)
    return NULL;
  need = need_from_row (res, 0);
  if (sealed)
    {
      need->detail_sealed = sl_pg_bytes (res, 0, 19);
      need->adjustments_sealed = sl_pg_bytes (res, 0, 20);
    }
  return need;
}

/* The words as an array literal of LIKE prefixes, one parameter however
 * many words were typed: '{"ada%","love%"}'.
 */
static char *
dup_word_patterns (const char * const *words)
{
  GString *array = g_string_new ("{");

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = sl_pg_search_word (words[i]);
      g_autofree char *pattern = sl_pg_like_prefix (word);

      if (i > 0)
        g_string_append_c (array, ',');
      g_string_append_c (array, '"');
      for (const char *p = pattern; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (array, '\\');
          g_string_append_c (array, *p);
        }
      g_string_append_c (array, '"');
    }
  g_string_append_c (array, '}');
  return g_string_free (array, FALSE);
}

/* The statement for the filters that are set, only their conditions (so
 * that the planner can start from the index that fits), parameters
 * numbered as they are added. Every word must be a prefix of one of the
 * entrant's search tails (sl-pg-search.c), looked up from the needs: an
 * event has far fewer needs than entrants. A limit reads the first needs
 * found, in no order, as in the file store.
 */
static char *
dup_needs_sql (const SlNeedFilter  *filter,
               const char * const  *words,
               SlPgParams          *params)
{
  GString *sql = g_string_new ("SELECT " NEED_COLUMNS " FROM " NEED_JOINS " WHERE true");

  if (filter->entrant_id > 0)
    {
      sl_pg_param_int64 (params, filter->entrant_id);
      g_string_append_printf (sql, " AND n.entrant_id = $%d", params->n);
    }
  if (filter->type_code != NULL && *filter->type_code != '\0')
    {
      sl_pg_param_text (params, filter->type_code);
      g_string_append_printf (sql, " AND n.type_id = (SELECT id FROM need_type WHERE code = $%d)",
                              params->n);
    }
  if (filter->status >= 0 && filter->status < SL_N_NEED_STATUSES)
    {
      sl_pg_param_text (params, sl_need_status_to_id (filter->status));
      g_string_append_printf (sql, " AND n.status = $%d", params->n);
    }
  if (filter->race_id > 0)
    {
      sl_pg_param_int64 (params, filter->race_id);
      g_string_append_printf (sql, " AND e.race_id = $%d", params->n);
    }
  if (filter->start_area != NULL && *filter->start_area != '\0')
    {
      sl_pg_param_text (params, filter->start_area);
      g_string_append_printf (sql, " AND w.start_area = $%d", params->n);
    }
  if (filter->marker >= 0 && filter->marker < SL_N_MARKERS)
    {
      sl_pg_param_text (params, sl_marker_to_id (filter->marker));
      g_string_append_printf (sql, " AND n.entrant_id IN (SELECT entrant_id FROM entrant_marker"
                                   " WHERE marker = $%d)", params->n);
    }
  if (words != NULL && words[0] != NULL)
    {
      g_autofree char *patterns = dup_word_patterns (words);

      sl_pg_param_text (params, patterns);
      g_string_append_printf (sql, " AND NOT EXISTS (SELECT 1 FROM unnest($%d::text[]) AS w (p)"
                                   " WHERE NOT EXISTS (SELECT 1 FROM entrant_search s"
                                   " WHERE s.entrant_id = n.entrant_id AND s.tail LIKE w.p))",
                              params->n);
    }
  if (filter->outstanding)
    g_string_append (sql, " AND n.status IN ('requested', 'info-needed')");
  if (filter->limit > 0)
    {
      sl_pg_param_int64 (params, filter->limit);
      g_string_append_printf (sql, " LIMIT $%d", params->n);
    }
  else if (filter->outstanding)
    g_string_append (sql, " ORDER BY n.created_at, n.id");
  else
    g_string_append (sql, " ORDER BY e.sort_name, n.id");
  return g_string_free (sql, FALSE);
}

static GPtrArray *
pg_needs_list (SlDb                *db,
               const SlNeedFilter  *filter,
               const char * const  *words,
               GError             **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  g_autofree char *sql = dup_needs_sql (filter, words, &params);
  GPtrArray *needs;

  sl_db_lock (db);
  res = sl_pg_run (db, sql, &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  needs = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_need_free);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (needs, need_from_row (res, i));
  return needs;
}

/* One grouped statement: the summary's figures without reading the needs. */
static GPtrArray *
pg_needs_count (SlDb    *db,
                GError **error)
{
  g_autoptr(PGresult) res = NULL;
  GPtrArray *counts;

  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT t.code, t.label, w.start_area, n.status, count(*)"
                       " FROM need n JOIN need_type t ON t.id = n.type_id"
                       " JOIN entrant e ON e.id = n.entrant_id"
                       " LEFT JOIN wave w ON w.id = e.wave_id"
                       " GROUP BY t.id, w.start_area, n.status", NULL, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  counts = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_need_count_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlNeedCount *count = g_new0 (SlNeedCount, 1);
      SlNeedStatus status = SL_NEED_REQUESTED;

      count->type_code = sl_pg_dup (res, i, 0);
      count->type_label = sl_pg_dup (res, i, 1);
      count->start_area = sl_pg_dup (res, i, 2);
      sl_need_status_from_id (PQgetvalue (res, i, 3), &status);
      count->status = status;
      count->count = (guint)sl_pg_int64 (res, i, 4);
      g_ptr_array_add (counts, count);
    }
  return counts;
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

  sl_pg_param_int64 (&params, id);
  return sl_pg_get_one (db, "SELECT " LINK_COLUMNS " FROM entrant_link l WHERE l.id = $1",
                        &params, (SlPgFromRowFunc)link_from_row, error);
}

/* The one writer of entrant_link. */
static gboolean
pg_link_put (SlDb           *db,
             SlEntrantLink  *link,
             gboolean        remove,
             GError        **error)
{
  g_auto(SlPgParams) params = { 0 };

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
  return sl_pg_run_int64 (db, "INSERT INTO entrant_link (entrant_id, kind, linked_entrant_id,"
                              " companion_name, companion_phone, companion_pass)"
                              " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                          &params, &link->id, error);
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
  store_class->need_put = pg_need_put;
  store_class->need_get = pg_need_get;
  store_class->needs_list = pg_needs_list;
  store_class->needs_count = pg_needs_count;
  store_class->cascade_list = pg_cascade_list;
  store_class->consents_list = pg_consents_list;
  store_class->consent_put = pg_consent_put;
  store_class->links_list = pg_links_list;
  store_class->link_get = pg_link_get;
  store_class->link_put = pg_link_put;
  store_class->markers_get = pg_markers_get;
  store_class->marker_put = pg_marker_put;
}
