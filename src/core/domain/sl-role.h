/* sl-role.h — roles and the actions they allow
 *
 * DEVSHIM COPY of the contract (notes/issue16-contract.md): the `sec`
 * branch owns this file; take sec's version when merging main.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_ROLE_DESK = 0,
  SL_ROLE_OFFICER = 1 << 0,
  SL_ROLE_EXPORTER = 1 << 1,
  SL_ROLE_ADMIN = 1 << 2,
} SlRoles;

typedef enum
{
  SL_ACTION_RECORD_NEED,        /* anyone, desk included */
  SL_ACTION_MANAGE_NEEDS,       /* officer: list needs, set status, consents,
                                   links, markers, need types */
  SL_ACTION_READ_NEED_DETAIL,   /* officer (and the key must be open) */
  SL_ACTION_UNDO_OTHER_DESK,    /* admin or officer */
  SL_ACTION_DELETE,             /* admin */
  SL_ACTION_EXPORT,             /* exporter or admin */
  SL_ACTION_MANAGE_STAFF,       /* admin */
} SlAction;

gboolean    sl_roles_allow       (SlRoles      roles,
                                  SlAction     action);
const char *sl_role_to_string    (SlRoles      one_role);
gboolean    sl_role_from_string  (const char  *s,
                                  SlRoles     *out);

#define SL_ACCESS_ERROR (sl_access_error_quark ())
GQuark      sl_access_error_quark (void);

typedef enum
{
  SL_ACCESS_ERROR_DENIED = 1,       /* message names the role needed */
  SL_ACCESS_ERROR_WRONG_PASSPHRASE, /* same message for unknown name */
  SL_ACCESS_ERROR_NO_KEY,           /* event has no officer yet */
  SL_ACCESS_ERROR_LOCKED,
} SlAccessError;

G_END_DECLS
