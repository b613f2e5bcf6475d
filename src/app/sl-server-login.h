/* sl-server-login.h — a server event's login: the libpq connection
 * string, the password in the desktop keyring, the recent servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where a server event is and who signs in there; never a password. */
typedef struct
{
  char *host;       /* a name, an address or a socket folder; NULL: libpq's default */
  char *port;       /* NULL: libpq's default */
  char *database;
  char *account;
} SlServerLogin;

SlServerLogin *sl_server_login_new  (const char          *host,
                                     const char          *port,
                                     const char          *database,
                                     const char          *account) G_GNUC_WARN_UNUSED_RESULT;
void           sl_server_login_free (SlServerLogin       *login);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlServerLogin, sl_server_login_free)

gboolean       sl_server_login_equal (const SlServerLogin *a,
                                      const SlServerLogin *b);
/* "account on database at host:port", for a list and a screen reader. */
char          *sl_server_login_dup_label (const SlServerLogin *login) G_GNUC_WARN_UNUSED_RESULT;
/* A libpq connection string (key='value' …, each value quoted, its
 * quotes and backslashes escaped); password NULL or empty: none.
 */
char          *sl_server_login_dup_conninfo (const SlServerLogin *login,
                                             const char          *password) G_GNUC_WARN_UNUSED_RESULT;

/* The password in the desktop keyring (libsecret), one per host, port,
 * database and account. Blocking: call them in a worker thread.
 * lookup: NULL without an error when none is kept; free it with
 * sl_server_login_password_free.
 */
gboolean       sl_server_login_store_password  (const SlServerLogin *login,
                                                const char          *password,
                                                GCancellable        *cancellable,
                                                GError             **error);
char          *sl_server_login_lookup_password (const SlServerLogin *login,
                                                GCancellable        *cancellable,
                                                GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean       sl_server_login_clear_password  (const SlServerLogin *login,
                                                GCancellable        *cancellable,
                                                GError             **error);
void           sl_server_login_password_free   (char                *password);

/* The recent servers (the setting "recent-servers", newest first, at
 * most SL_SERVER_LOGIN_MAX_RECENT): SlServerLogin items.
 */
#define SL_SERVER_LOGIN_MAX_RECENT 8
GPtrArray     *sl_server_login_list_recent (GSettings           *settings) G_GNUC_WARN_UNUSED_RESULT;
void           sl_server_login_remember    (GSettings           *settings,
                                            const SlServerLogin *login);

G_END_DECLS
