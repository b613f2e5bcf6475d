/* sl-test-pg.h — the test server's superuser, for the tests and
 * benchmarks that read or change a server event beside the store (the
 * programs built with libpq: pq_dep in tests/meson.build)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* Runs sql as the superuser of the test server (STARTLINE_TEST_PG, which
 * tests/with-pg-cluster.sh and with-pg-pair.sh name) on its database
 * dbname (NULL: the server's own); the result, rows or none, for PQclear.
 * Anything else ends the program with the statement and the server's
 * message.
 */
static inline PGresult *
sl_test_pg_admin (const char *dbname,
                  const char *sql)
{
  const char *server = g_getenv ("STARTLINE_TEST_PG");
  g_autofree char *conninfo = NULL;
  PGconn *conn;
  PGresult *res;

  if (server == NULL)
    g_error ("no test server: run under tests/with-pg-cluster.sh");
  conninfo = dbname != NULL ? g_strdup_printf ("%s dbname=%s", server, dbname)
                            : g_strdup (server);
  conn = PQconnectdb (conninfo);
  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("the test server (%s): %s", conninfo, PQerrorMessage (conn));
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  PQfinish (conn);
  return res;
}

/* sl_test_pg_admin's first value of the first row; NULL when there is no
 * row ("" for SQL NULL, as libpq gives it).
 */
static inline char *
sl_test_pg_sql (const char *dbname,
                const char *sql)
{
  PGresult *res = sl_test_pg_admin (dbname, sql);
  char *value = NULL;

  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) > 0)
    value = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return value;
}

G_END_DECLS
