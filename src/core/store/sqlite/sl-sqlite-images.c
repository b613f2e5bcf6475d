/* sl-sqlite-images.c — audit images of rows as stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-db-private.h"
#include "sl-sqlite-private.h"

static const struct
{
  const char *entity;
  const char *sql;
} row_images[] = {
  { "event", "SELECT json_object('name', name, 'date', date, 'venue', venue,"
             " 'timezone', timezone) FROM event WHERE id = ?" },
  { "race", "SELECT json_object('code', code, 'name', name, 'kind', kind)"
            " FROM race WHERE id = ?" },
  { "wave", "SELECT json_object('race_id', race_id, 'name', name, 'start_area', start_area,"
            " 'start_time', start_time) FROM wave WHERE id = ?" },
  { "charity", "SELECT json_object('name', name, 'registered_number', registered_number,"
               " 'contact_name', contact_name, 'contact_email', contact_email,"
               " 'places_allocated', places_allocated,"
               " 'minimum_pledge_pence', minimum_pledge_pence) FROM charity WHERE id = ?" },
  { "charity-signup", "SELECT " SL_SIGNUP_IMAGE_SQL " FROM charity_signup WHERE entrant_id = ?" },
};

gboolean
sl_db_dup_row_image (SlDb        *self,
                     const char  *entity,
                     gint64       id,
                     char       **json,
                     GError     **error)
{
  const char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  *json = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (row_images) && sql == NULL; i++)
    if (g_str_equal (row_images[i].entity, entity))
      sql = row_images[i].sql;
  g_return_val_if_fail (sql != NULL, FALSE);

  stmt = sl_sqlite_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *json = sl_sqlite_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    sl_sqlite_set_error (self, error, NULL);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

gboolean
sl_db_audit_new_signups (SlDb        *self,
                         const char  *at,
                         gint64       after_entrant_id,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (self, "INSERT INTO audit_log (at, operator, desk, action, entity,"
                              " entity_id, before, after)"
                              " SELECT ?1, ?2, ?3, 'charity-signup', 'entrant', entrant_id,"
                              " NULL, " SL_SIGNUP_IMAGE_SQL
                              " FROM charity_signup WHERE entrant_id > ?4 ORDER BY entrant_id",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sl_db_get_operator (self), -1, SQLITE_TRANSIENT);
  sl_sqlite_bind_text (stmt, 3, sl_db_get_desk (self));
  sqlite3_bind_int64 (stmt, 4, after_entrant_id);
  return sl_sqlite_step_done (self, stmt, error);
}
