/* sl-session-private.h — the event's keys, for the core's services only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-crypto.h"
#include "sl-session.h"

G_BEGIN_DECLS

/* The event's public key; NULL with SL_ACCESS_ERROR_NO_KEY when the event
 * has no officer yet (no key pair).
 */
GBytes           *sl_db_dup_event_public_key (SlDb    *db,
                                              GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The opened key pair, or NULL unless an officer is signed in. */
const SlEventKey *sl_db_get_event_key        (SlDb    *db);

G_END_DECLS
