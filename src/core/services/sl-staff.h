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

G_END_DECLS
