/* sl-devshim.h — THROWAWAY stand-in for the `sec` branch's staff API
 *
 * DEVSHIM: delete this file and sl-devshim.c when main has `sec`; callers
 * (the demo, tests/test-needs.c, tests/test-cli-needs.c, bench-needs.c)
 * then use sec's staff calls instead of sl_devshim_add_staff.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-role.h"

G_BEGIN_DECLS

/* A staff account for sl_db_sign_in, kept in this process only. */
void sl_devshim_add_staff (const char *name,
                           const char *passphrase,
                           SlRoles     roles);

G_END_DECLS
