/* sl-audit.c — reading the append-only audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-audit.h"

void
sl_audit_entry_free (SlAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->operator_name);
  g_free (entry->desk);
  g_free (entry->action);
  g_free (entry->entity);
  g_free (entry->before);
  g_free (entry->after);
  g_free (entry);
}
