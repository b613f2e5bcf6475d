/* sl-erasure.h — erasing a person, and the event's retention
 *
 * An erasure removes one entrant's personal and special-category data from
 * every table and from the audit log's payloads (their hashes stay, so the
 * chain still verifies), keeping what counts and totals need (bib, race,
 * wave, entry type, status, check-in, VIP, the charity sign-up's amounts).
 * Retention does the same for the special-category data of every entrant
 * (needs' details and adjustments, notes) once the event is over.
 * Afterwards no byte of what was removed stays in the file or its journal:
 * every connection deletes securely, the search index is merged and the
 * journal emptied (unless another connection reads meanwhile: *message
 * then says so, and the last close empties it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-types.h"

G_BEGIN_DECLS

/* The mark that takes an erased person's names' place. */
#define SL_ERASED_MARK "erased"
#define SL_REASON_MAX_CHARS 500
/* Days after the event's date before retention may run, by default. */
#define SL_RETENTION_DAYS_DEFAULT 30
#define SL_RETENTION_DAYS_MAX 3650

/* Admin only (SL_ACTION_ERASE); reason required. One write, audited as one
 * "erase" entry (who, why, the entrant's id and how many entries' payloads
 * went; no personal data). *message (may be NULL): one line for a person,
 * the caller frees it.
 */
gboolean sl_db_erase_entrant   (SlDb        *db,
                                gint64       entrant_id,
                                const char  *reason,
                                char       **message,
                                GError     **error);

/* The event's retention delay in days. */
gboolean sl_db_get_retention_days (SlDb     *db,
                                   guint    *days,
                                   GError  **error);

/* Admin only. after_days: the delay to store first (in the same write),
 * or -1 to keep the event's. Refused, naming the first day it becomes
 * possible, before the event's date plus the delay is past (the event's
 * time zone); audited as one "retention" entry.
 */
gboolean sl_db_run_retention   (SlDb        *db,
                                int          after_days,
                                char       **message,
                                GError     **error);

G_END_DECLS
