/* sl-session.h — signing in: who is acting, with which roles
 *
 * The signed-in person lives on the SlDb and is shared with its writer
 * (sl_db_dup_writer) and readers, so that work in a worker thread runs
 * as the same person. Signing in makes the staff name the operator of
 * every audit entry; signing out goes back to the operator before. An
 * officer's sign-in opens the event's key (in locked memory) until
 * sign-out, which wipes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"
#include "sl-role.h"

G_BEGIN_DECLS

/* FALSE with SL_ACCESS_ERROR_WRONG_PASSPHRASE, the same message and the
 * same work for an unknown name as for a wrong passphrase. Whoever was
 * signed in before is signed out first, whatever the outcome.
 */
gboolean     sl_db_sign_in        (SlDb                *db,
                                   const char          *name,
                                   const char          *passphrase,
                                   GError             **error);
/* The same in a worker thread (two Argon2id runs take a few tenths of a
 * second); the new session takes effect when it is finished.
 */
void         sl_db_sign_in_async  (SlDb                *db,
                                   const char          *name,
                                   const char          *passphrase,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean     sl_db_sign_in_finish (SlDb                *db,
                                   GAsyncResult        *result,
                                   GError             **error);
/* Back to the desk: wipes the key. */
void         sl_db_sign_out       (SlDb                *db);
/* SL_ROLE_DESK when no one is signed in. */
SlRoles      sl_db_get_roles      (SlDb                *db);
/* NULL when no one is signed in. */
const char  *sl_db_get_staff_name (SlDb                *db);
/* FALSE + SL_ACCESS_ERROR_DENIED and a one-line message naming the role
 * needed when the signed-in roles do not allow action. Reading a detail
 * also needs the key open (SL_ACCESS_ERROR_LOCKED otherwise).
 */
gboolean     sl_db_require        (SlDb                *db,
                                   SlAction             action,
                                   GError             **error);
/* As sl_db_require, for work either action allows (a roster: managing
 * facilities or exporting).
 */
gboolean     sl_db_require_either (SlDb                *db,
                                   SlAction             action,
                                   SlAction             other,
                                   GError             **error);

G_END_DECLS
