/* sl-staff.h — the event's staff accounts
 *
 * The first account of an event with none can be made by whoever holds
 * the file, and must be an admin's; after that only a signed-in admin
 * manages accounts. Adding the first officer makes the event's key pair;
 * adding another officer wraps the private key for them, so it needs a
 * signed-in admin who is an officer too. An event keeps at least one
 * admin and, once it has a key, one officer (without one the details
 * could never be read again). Every change is audited, never a hash or a
 * key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"
#include "sl-role.h"

G_BEGIN_DECLS

/* -1 with an error when they cannot be counted. Needs no role: the
 * sign-in dialog asks whether there is anyone to sign in as.
 */
gint64      sl_db_count_staff  (SlDb         *db,
                                GError      **error);
/* Every account (SlStaffAccount, without its hash) by name. Needs an
 * admin once the event has accounts.
 */
GPtrArray  *sl_db_list_staff   (SlDb         *db,
                                GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* A new account; passphrase at least SL_PASSPHRASE_MIN_CHARS characters. */
gboolean    sl_db_add_staff    (SlDb         *db,
                                const char   *name,
                                SlRoles       roles,
                                const char   *passphrase,
                                GError      **error);
/* Removes the account named name and its key slot; signs out whoever
 * removed their own account.
 */
gboolean    sl_db_remove_staff (SlDb         *db,
                                const char   *name,
                                GError      **error);

/* Whether the event's staff accounts are also server logins (a server
 * event; a file has none).
 */
gboolean    sl_db_staff_are_logins (SlDb       *db);
/* TRUE when they are, else FALSE with SL_DB_ERROR_INVALID saying that
 * file events have no server logins.
 */
gboolean    sl_db_require_staff_logins (SlDb    *db,
                                        GError **error);
/* Signs in as name with passphrase (as sl_db_sign_in), then makes that
 * account's server login from the passphrase with the account's roles,
 * or gives an existing one that password and those roles anew (*existed,
 * which may be NULL, says which): for an account whose login nobody
 * could make (one copied to a server, whose passphrase only its owner
 * knows), or whose login's password no longer is its passphrase. The
 * passphrase is the proof: a wrong one changes nothing. Audited ("login",
 * "staff"). On an event without logins (a file) SL_DB_ERROR_INVALID,
 * before signing in; a role of the login's name that is not the event's
 * is refused and left as it was.
 */
gboolean    sl_db_put_own_login    (SlDb       *db,
                                    const char *name,
                                    const char *passphrase,
                                    gboolean   *existed,
                                    GError    **error);

/* The same in a worker thread, on the event's writer connection
 * (sl_db_task_run), as whoever is signed in on db when they are called:
 * the Argon2id hash and key-slot derivation of an add take a few tenths
 * of a second. The passphrase is copied into secure memory before this
 * returns and wiped once used. Removing one's own account signs out of db
 * when the removal is finished.
 */
void        sl_db_add_staff_async     (SlDb                *db,
                                       const char          *name,
                                       SlRoles              roles,
                                       const char          *passphrase,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean    sl_db_add_staff_finish    (SlDb                *db,
                                       GAsyncResult        *result,
                                       GError             **error);
void        sl_db_remove_staff_async  (SlDb                *db,
                                       const char          *name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean    sl_db_remove_staff_finish (SlDb                *db,
                                       GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
