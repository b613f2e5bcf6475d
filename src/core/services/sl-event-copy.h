/* sl-event-copy.h — copying a whole event to a new file or server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  n_rows;           /* every row copied, of every table */
  gint64  n_audit_entries;  /* of them, the audit log's */
  /* The copied accounts that have no login at the destination yet (a
   * server, whose logins a copy cannot make: their passphrases are not
   * known), by name; NULL when the destination has no logins (a file).
   * Freed by sl_event_copy_result_clear.
   */
  GStrv   without_login;
} SlEventCopyResult;

void     sl_event_copy_result_clear (SlEventCopyResult *result);

/* Copies everything source holds into a new event at destination (a
 * file, which must not exist, or a server database, which must hold no
 * tables): every table's rows with their ids, sealed details still
 * sealed, the audit log entry for entry, so that its chain verifies
 * there too; then one "copy" entry is appended there (who, how many
 * rows), chained after the copied ones. Needs an admin (SL_ACTION_COPY_EVENT)
 * once the event has staff accounts. One transaction on the destination:
 * when anything fails nothing is left there. result may be NULL; else
 * clear it with sl_event_copy_result_clear.
 */
gboolean sl_event_copy (SlDb               *source,
                        const char         *destination,
                        SlEventCopyResult  *result,
                        GError            **error);

G_END_DECLS
