/* sl-db-locks.h — SQLite's file locks, held so that no other code in the
 * process can drop them (see sl-db-locks.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes SQLite's unix VFS lock with open file description locks, once per
 * process, before the first connection. FALSE where the kernel has none
 * (SQLite then locks as it always did).
 */
gboolean sl_db_locks_install        (void);

/* Whether every file SQLite holds open for the database at db_path (the
 * file, its WAL and its shared memory) is still linked under its name:
 * FALSE, with that name in broken_path, when another process has deleted
 * or replaced one, and what this connection writes no one else would see.
 */
gboolean sl_db_locks_journal_intact (const char  *db_path,
                                     char       **broken_path);

G_END_DECLS
