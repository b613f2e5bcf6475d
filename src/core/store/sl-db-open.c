/* sl-db-open.c — which store opens an event
 *
 * An event is a file (the SQLite store) or a database on a PostgreSQL
 * server, named by a postgresql:// URI or a libpq connection string (the
 * PostgreSQL store): the location alone decides, here and nowhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-pg-db.h"
#include "sl-sqlite-db.h"

SlDb *
sl_db_open (const char  *path,
            GError     **error)
{
  return sl_db_open_full (path, SL_DB_OPEN_DEFAULT, error);
}

SlDb *
sl_db_open_full (const char     *path,
                 SlDbOpenFlags   flags,
                 GError        **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sl_pg_db_is_location (path))
    return sl_pg_db_open (path, flags, error);
  return sl_sqlite_db_open (path, flags, error);
}

gboolean
sl_db_location_is_server (const char *location)
{
  return sl_pg_db_is_location (location);
}

char *
sl_db_location_dup_uri (const char *location)
{
  return sl_pg_db_dup_uri (location);
}

SlDb *
sl_db_create (const char  *path,
              const char  *event_name,
              const char  *event_date,
              GError     **error)
{
  return sl_db_create_event_filled (path, event_name, event_date, NULL, NULL, error);
}

SlDb *
sl_db_create_event_filled (const char     *location,
                           const char     *event_name,
                           const char     *event_date,
                           SlDbWriteFunc   fill,
                           gpointer        user_data,
                           GError        **error)
{
  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sl_pg_db_is_location (location))
    return sl_pg_db_create (location, event_name, event_date, fill, user_data, error);
  return sl_sqlite_db_create (location, event_name, event_date, fill, user_data, error);
}

SlDb *
sl_db_create_filled (const char     *location,
                     SlDbWriteFunc   fill,
                     gpointer        user_data,
                     GError        **error)
{
  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (fill != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sl_pg_db_is_location (location))
    return sl_pg_db_create_filled (location, fill, user_data, error);
  return sl_sqlite_db_create_filled (location, fill, user_data, error);
}
