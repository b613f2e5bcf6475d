/* sl-staff-private.h — a staff account added inside a caller's write
 * (core only)
 *
 * For the demo's new event (sl_db_create_demo), whose first account is
 * made in the one write that makes the event. Added, checked, written and
 * audited exactly as sl_db_add_staff does it; the Argon2id hash and an
 * officer's slot key are computed inside the write, which holds the
 * writer meanwhile (nobody else writes to an event that does not yet
 * exist).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-staff.h"

G_BEGIN_DECLS

gboolean    sl_db_add_staff_locked (SlDb        *db,
                                    const char  *name,
                                    SlRoles      roles,
                                    const char  *passphrase,
                                    GError     **error);

G_END_DECLS
