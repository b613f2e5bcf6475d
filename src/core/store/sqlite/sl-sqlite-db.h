/* sl-sqlite-db.h — the SQLite store: one event in one file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_SQLITE_DB (sl_sqlite_db_get_type ())
G_DECLARE_FINAL_TYPE (SlSqliteDb, sl_sqlite_db, SL, SQLITE_DB, SlDb)

/* sl_db_open_full, and sl_db_create and sl_db_create_event_filled (fill
 * may be NULL), for a file.
 */
SlDb *sl_sqlite_db_open   (const char     *path,
                           SlDbOpenFlags   flags,
                           GError        **error) G_GNUC_WARN_UNUSED_RESULT;
SlDb *sl_sqlite_db_create (const char     *path,
                           const char     *event_name,
                           const char     *event_date,
                           SlDbWriteFunc   fill,
                           gpointer        user_data,
                           GError        **error) G_GNUC_WARN_UNUSED_RESULT;
/* sl_db_create_filled's file. */
SlDb *sl_sqlite_db_create_filled (const char    *path,
                                  SlDbWriteFunc  fill,
                                  gpointer       user_data,
                                  GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
