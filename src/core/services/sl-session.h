/* sl-session.h — who is signed in on an event
 *
 * DEVSHIM COPY of the contract (notes/issue16-contract.md): the `sec`
 * branch owns this file; take sec's version when merging main.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"
#include "sl-role.h"

G_BEGIN_DECLS

gboolean     sl_db_sign_in        (SlDb        *db,
                                   const char  *name,
                                   const char  *passphrase,
                                   GError     **error);
void         sl_db_sign_out       (SlDb        *db);
SlRoles      sl_db_get_roles      (SlDb        *db);
const char  *sl_db_get_staff_name (SlDb        *db);
/* FALSE + SL_ACCESS_ERROR_DENIED with a one-line message naming the role
 * needed when the signed-in roles do not allow action.
 */
gboolean     sl_db_require        (SlDb        *db,
                                   SlAction     action,
                                   GError     **error);

G_END_DECLS
