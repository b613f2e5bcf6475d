/* sl-db-private.h — the store layer as the core's modules used it before
 * the store interface (sl-store.h); shrinking as their SQL moves into
 * store/sqlite/. Only files in src/core include this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-store.h"
#include "sl-sqlite-private.h"

G_BEGIN_DECLS

#define sl_db_get_handle     sl_sqlite_get_handle
#define sl_db_prepare        sl_sqlite_prepare
#define sl_db_exec           sl_sqlite_exec
#define sl_db_step_done      sl_sqlite_step_done
#define sl_db_bind_text      sl_sqlite_bind_text
#define sl_db_column_dup     sl_sqlite_column_dup
#define sl_db_set_error      sl_sqlite_set_error
#define sl_db_set_error_code sl_sqlite_set_error_code
#define sl_entrant_from_row  sl_sqlite_entrant_from_row

G_END_DECLS
