/* sl-pg-db.h — the PostgreSQL store: one event in one database on a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_PG_DB (sl_pg_db_get_type ())
G_DECLARE_FINAL_TYPE (SlPgDb, sl_pg_db, SL, PG_DB, SlDb)

/* Every connection's settings unless its location names its own
 * (libpq's keywords of the same names): a server that went silent is
 * noticed in seconds. TCP keepalives after 5 s idle, every 2 s, the
 * connection dropped after 3 unanswered; data unacknowledged for 10 s
 * drops it too; and a new connection waits at most 10 s.
 */
#define SL_PG_KEEPALIVES_IDLE     "5"
#define SL_PG_KEEPALIVES_INTERVAL "2"
#define SL_PG_KEEPALIVES_COUNT    "3"
#define SL_PG_TCP_USER_TIMEOUT    "10000"
#define SL_PG_CONNECT_TIMEOUT     "10"
/* A window's connection (SL_DB_OPEN_INTERACTIVE): a statement not
 * answered within 3 s cuts it, as if the server had dropped it
 * (sl-pg-watch.c). What a window reads in its main thread takes
 * milliseconds; a window that froze until TCP gave up would leave a desk
 * waiting 10 s with no word.
 */
#define SL_PG_ANSWER_TIMEOUT_MS   3000
/* A window's idle connection reads the data version when nothing was
 * answered on it for 2 s, under the watch: a server gone silent is said
 * within about 5 s even where nothing is asked of it (sl-pg-live.c).
 */
#define SL_PG_HEARTBEAT_MS        2000

/* Whether location names a server event rather than a file: a
 * postgresql:// or postgres:// URI, or a libpq connection string of
 * key=value pairs ("host=/run/postgresql dbname=expo") as libpq parses it
 * (PQconninfoParse: "notes=old.startline" is a file, "notes" no keyword).
 */
gboolean sl_pg_db_is_location (const char     *location);
/* A server location as a postgresql:// URI naming the same connection (a
 * URI as it is); NULL for anything else. */
char    *sl_pg_db_dup_uri     (const char     *location) G_GNUC_WARN_UNUSED_RESULT;

/* sl_db_open_full and sl_db_create for a server database. The database
 * itself must exist (made by its administrator, createdb); create makes the
 * event's tables in it when it holds none.
 */
SlDb    *sl_pg_db_open        (const char     *location,
                               SlDbOpenFlags   flags,
                               GError        **error) G_GNUC_WARN_UNUSED_RESULT;
/* sl_db_create's and sl_db_create_event_filled's server event (fill may
 * be NULL).
 */
SlDb    *sl_pg_db_create      (const char     *location,
                               const char     *event_name,
                               const char     *event_date,
                               SlDbWriteFunc   fill,
                               gpointer        user_data,
                               GError        **error) G_GNUC_WARN_UNUSED_RESULT;
/* sl_db_create_filled's server event. */
SlDb    *sl_pg_db_create_filled (const char    *location,
                                 SlDbWriteFunc  fill,
                                 gpointer       user_data,
                                 GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* For tests: every message db's connection sends and receives from now
 * on written to file (libpq's trace, without times); NULL stops. db is
 * a server event's SlDb.
 */
void     sl_pg_db_trace       (SlDb           *db,
                               FILE           *file);
/* For tests: the socket of db's connection (-1: none). */
int      sl_pg_db_get_socket  (SlDb           *db);

G_END_DECLS
