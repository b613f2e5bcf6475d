/* sl-audit.h — reading the append-only audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-types.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;
  char   *at;          /* UTC ISO 8601 */
  char   *operator_name;
  char   *desk;
  char   *action;      /* insert, update, check-in, undo-check-in, import, export … */
  char   *entity;
  gint64  entity_id;
  char   *before;      /* JSON or NULL */
  char   *after;       /* JSON or NULL */
} SlAuditEntry;

void       sl_audit_entry_free (SlAuditEntry *entry);

/* What an entry keeps of free text about a person (an entrant's notes, a
 * need's decline reason, an over-capacity reason) in place of the text:
 * "set" in a whole image (an insert), "changed" in an update's.
 */
#define SL_AUDIT_TEXT_SET "set"
#define SL_AUDIT_TEXT_CHANGED "changed"

/* An import's entry (action "import", entity "entrant") names the ids its
 * new entrants were given, a run from SL_AUDIT_FIRST_ENTRANT to
 * SL_AUDIT_LAST_ENTRANT (members of its payload), instead of an entry of
 * their own each: 50,000 of those were a quarter of an event file.
 */
#define SL_AUDIT_FIRST_ENTRANT "first_entrant"
#define SL_AUDIT_LAST_ENTRANT "last_entrant"

/* Newest first; limit 0 means all. Entity NULL means every entity;
 * entity_id 0 means every record of it. One entrant's history (entity
 * "entrant" or NULL, its id) also holds, for the import that added it, an
 * "insert" entry with that import's id, time, operator and desk, whose
 * payload is only {"import": ID}: the run named in the import's entry,
 * read as one entry each. A call to the store (sl-db.c).
 */
GPtrArray *sl_db_list_audit    (SlDb        *db,
                                const char  *entity,
                                gint64       entity_id,
                                guint        limit,
                                GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Walks the log's hash chain (sl-crypto.h): TRUE with *n_entries when
 * every entry follows from the one before; FALSE with *first_bad_id and
 * SL_DB_ERROR_CORRUPT ("audit log broken at entry N: what") at the first
 * entry changed, removed or moved, or another SL_DB_ERROR (and
 * *first_bad_id 0) when it cannot be read. An erased entry verifies by the
 * payload hash it keeps; then the entries marked erased must be as many as
 * the erasures' own entries record emptying, or it fails (CORRUPT, naming
 * the first entry emptied after the last erasure, else that erasure).
 * A call to the store (sl-db.c).
 */
gboolean   sl_db_verify_audit  (SlDb        *db,
                                gint64      *n_entries,
                                gint64      *first_bad_id,
                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAuditEntry, sl_audit_entry_free)

G_END_DECLS
