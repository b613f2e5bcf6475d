/* sl-pg-export.c — the PostgreSQL store's reading of an export, and the
 * runners' contact consent, export profiles and the export log (one
 * writer each: contact_consent_put, export_profile_put, export_log_append)
 *
 * An export reads on the reader connection (sl_db_open_reader), whose
 * REPEATABLE READ transaction is one snapshot: the count, what the export
 * reads before the rows, and the rows agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-pg-private.h"
#include "sl-store-export.h"

#define NEEDS_WHERE \
  " n.entrant_id = e.id AND n.status NOT IN ('withdrawn', 'declined')"

/* The columns this store writes in its own SQL, as the file store's
 * (sl-sqlite-export.c); sl-store-export.c has the rest.
 */
static const SlExportDialect dialect = {
  .select = "SELECT ",
  .charity_consent = "(SELECT consent FROM contact_consent WHERE entrant_id = e.id)",
  .markers = "(SELECT string_agg(marker, ',' ORDER BY marker COLLATE \"C\")"
             " FROM entrant_marker WHERE entrant_id = e.id)",
  .need_types = "(SELECT string_agg(t.label, '; ' ORDER BY n.id)"
                " FROM need n JOIN need_type t ON t.id = n.type_id WHERE" NEEDS_WHERE "%s)",
  .need_details = "(SELECT string_agg(n.id::text, ',' ORDER BY n.id)"
                  " FROM need n WHERE" NEEDS_WHERE "%s AND n.detail IS NOT NULL)",
  .needs_medical = " AND EXISTS (SELECT 1 FROM need_consent nc WHERE nc.need_id = n.id"
                   " AND nc.recipient = 'medical' AND nc.given = 1)",
  .by_consent = "CASE WHEN (SELECT consent FROM contact_consent"
                " WHERE entrant_id = e.id) = 'given' THEN %s END",
  .from = "c.id FROM " SL_PG_ENTRANT_JOINS,
  .one_charity = " WHERE cs.charity_id = $1",
  .any_charity = " WHERE cs.charity_id IS NOT NULL",
  .order_by_charity = " ORDER BY cs.charity_id, length(e.bib), e.bib",
  .order = " ORDER BY length(e.bib), e.bib",
};

static gboolean
stream_rows (SlDb                 *reader,
             const SlExportQuery  *query,
             SlExportStartFunc     start,
             SlExportRowFunc       row_func,
             gpointer              user_data,
             GError              **error)
{
  g_autofree char *sql = sl_store_export_dup_query (query, &dialect);
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) count = NULL;
  g_autoptr(PGresult) res = NULL;
  SlExportRow row = { { { TRUE, NULL, 0 } } };
  const char *count_sql = "SELECT count(*) FROM entrant";

  if (query->charity_id > 0)
    {
      sl_pg_param_int64 (&params, query->charity_id);
      count_sql = "SELECT count(*) FROM charity_signup WHERE charity_id = $1";
    }
  else if (query->by_charity)
    count_sql = "SELECT count(*) FROM charity_signup";
  count = sl_pg_run (reader, count_sql, params.n > 0 ? &params : NULL, error);
  if (count == NULL || !start (reader, sl_pg_int64 (count, 0, 0), user_data, error))
    return FALSE;
  res = sl_pg_run (reader, sql, params.n > 0 ? &params : NULL, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      for (guint c = 0; c < SL_N_EXPORT_COLUMNS; c++)
        {
          SlExportValue *value = &row.values[c];

          if (!query->wanted[c])
            continue;
          value->is_null = PQgetisnull (res, i, (int)c);
          if (value->is_null)
            continue;
          if (sl_store_export_is_number (c))
            value->number = sl_pg_int64 (res, i, (int)c);
          else
            value->text = PQgetvalue (res, i, (int)c);
        }
      row.charity_id = sl_pg_int64 (res, i, SL_STORE_EXPORT_CHARITY_ID);
      if (!row_func (&row, user_data, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
pg_export_rows (SlDb                 *reader,
                const SlExportQuery  *query,
                SlExportStartFunc     start,
                SlExportRowFunc       row,
                gpointer              user_data,
                GError              **error)
{
  PGconn *conn = sl_pg_get_conn (reader);
  gboolean own = FALSE;
  gboolean ok;

  sl_db_lock (reader);
  /* A reader is in its snapshot already; another connection takes one. */
  if (PQtransactionStatus (conn) == PQTRANS_IDLE)
    {
      if (!sl_pg_exec (reader, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL, error))
        {
          sl_db_unlock (reader);
          return FALSE;
        }
      own = TRUE;
    }
  ok = stream_rows (reader, query, start, row, user_data, error);
  if (own)
    PQclear (PQexec (conn, "COMMIT"));
  sl_db_unlock (reader);
  return ok;
}

/* ---- Consent, profiles, the export log --------------------------------- */

static gboolean
pg_contact_consent_get (SlDb     *db,
                        gint64    entrant_id,
                        GStrv    *record,
                        GError  **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  *record = NULL;
  sl_pg_param_int64 (&params, entrant_id);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT consent, at, wording_version, recorded_by FROM contact_consent"
                       " WHERE entrant_id = $1", &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    {
      *record = g_new0 (char *, 5);
      for (int i = 0; i < 4; i++)
        (*record)[i] = sl_pg_dup (res, 0, i);
    }
  return TRUE;
}

static gboolean
pg_contact_consent_put (SlDb        *db,
                        gint64       entrant_id,
                        const char  *consent,
                        const char  *at,
                        const char  *wording_version,
                        GError     **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_int64 (&params, entrant_id);
  if (consent == NULL)
    return sl_pg_exec (db, "DELETE FROM contact_consent WHERE entrant_id = $1", &params, error);
  sl_pg_param_text (&params, consent);
  sl_pg_param_text (&params, at);
  sl_pg_param_text (&params, wording_version);
  sl_pg_param_text (&params, sl_db_get_operator (db));
  return sl_pg_exec (db, "INSERT INTO contact_consent (entrant_id, consent, at, wording_version,"
                         " recorded_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (entrant_id)"
                         " DO UPDATE SET consent = $2, at = $3, wording_version = $4,"
                         " recorded_by = $5", &params, error);
}

/* Rows of n text columns as string arrays, an absent value empty. */
static GPtrArray *
strv_rows (const PGresult *res,
           int             n)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  for (int i = 0; i < PQntuples (res); i++)
    {
      char **row = g_new0 (char *, n + 1);

      for (int j = 0; j < n; j++)
        row[j] = g_strdup (PQgetvalue (res, i, j));
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static GPtrArray *
pg_export_profiles_list (SlDb    *db,
                         GError **error)
{
  g_autoptr(PGresult) res = NULL;

  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT name, columns FROM export_profile"
                       " ORDER BY lower(name) COLLATE \"C\", id", NULL, error);
  sl_db_unlock (db);
  return res != NULL ? strv_rows (res, 2) : NULL;
}

static gboolean
pg_export_profile_put (SlDb        *db,
                       const char  *name,
                       const char  *columns_text,
                       GError     **error)
{
  g_autofree char *now = NULL;
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_text (&params, name);
  if (columns_text == NULL)
    return sl_pg_exec (db, "DELETE FROM export_profile WHERE lower(name) = lower($1)", &params,
                       error);
  now = sl_db_now_utc ();
  sl_pg_param_text (&params, columns_text);
  sl_pg_param_text (&params, sl_db_get_operator (db));
  sl_pg_param_text (&params, now);
  return sl_pg_exec (db, "INSERT INTO export_profile (name, columns, saved_by, saved_at)"
                         " VALUES ($1, $2, $3, $4) ON CONFLICT ((lower(name))) DO UPDATE SET"
                         " columns = $2, saved_by = $3, saved_at = $4", &params, error);
}

static gboolean
pg_export_log_append (SlDb        *db,
                      const char  *profile,
                      const char  *reason,
                      const char  *filter,
                      gint64       n_rows,
                      const char  *columns_text,
                      const char  *file_name,
                      const char  *sha256,
                      GError     **error)
{
  g_autofree char *now = sl_db_now_utc ();
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_text (&params, now);
  sl_pg_param_text (&params, sl_db_get_operator (db));
  sl_pg_param_optional (&params, sl_db_get_desk (db));
  sl_pg_param_text (&params, profile);
  sl_pg_param_text (&params, reason);
  sl_pg_param_optional (&params, filter);
  sl_pg_param_int64 (&params, n_rows);
  sl_pg_param_text (&params, columns_text);
  sl_pg_param_text (&params, file_name);
  sl_pg_param_text (&params, sha256);
  return sl_pg_exec (db, "INSERT INTO export_log (at, operator, desk, profile, reason, filter,"
                         " n_rows, columns, file_name, sha256)"
                         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", &params, error);
}

static GPtrArray *
pg_export_log_list (SlDb    *db,
                    guint    limit,
                    GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  sl_pg_param_int64 (&params, limit > 0 ? (gint64)limit : G_MAXINT64);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT id, at, operator, desk, profile, reason, filter, n_rows, columns,"
                       " file_name, sha256 FROM export_log ORDER BY id DESC LIMIT $1",
                   &params, error);
  sl_db_unlock (db);
  return res != NULL ? strv_rows (res, 11) : NULL;
}

void
sl_pg_export_install (SlDbClass *store_class)
{
  store_class->export_rows = pg_export_rows;
  store_class->contact_consent_get = pg_contact_consent_get;
  store_class->contact_consent_put = pg_contact_consent_put;
  store_class->export_profiles_list = pg_export_profiles_list;
  store_class->export_profile_put = pg_export_profile_put;
  store_class->export_log_append = pg_export_log_append;
  store_class->export_log_list = pg_export_log_list;
}
