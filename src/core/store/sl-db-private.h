/* sl-db-private.h — the store layer as the core's modules used it before
 * the store interface (sl-store.h); shrinking as their SQL moves into
 * store/sqlite/. Only files in src/core include this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-store.h"
#include "sl-sqlite-private.h"
#include "sl-event-service.h"

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

/* The audit image of a charity sign-up row, as an SQL expression over
 * charity_signup's columns: the one writer of it, for a single row and for
 * the import's set-based entries alike.
 */
#define SL_SIGNUP_IMAGE_SQL \
  "json_object('charity_id', charity_id, 'target_pence', target_pence," \
  " 'raised_pence', raised_pence)"

/* One "charity-signup" audit entry (after-image, who, at) for each
 * sign-up of an entrant with an id above after_entrant_id, in one
 * statement: for bulk inserts, inside their transaction.
 */
gboolean      sl_db_audit_new_signups (SlDb        *self,
                                       const char  *at,
                                       gint64       after_entrant_id,
                                       GError     **error);

/* The JSON image of one row as stored, for an audit entry's before or
 * after: entity is "event", "race", "wave" or "charity" (by id) or
 * "charity-signup" (by entrant id). *json is NULL when there is no such row.
 */
gboolean      sl_db_dup_row_image    (SlDb         *self,
                                      const char   *entity,
                                      gint64        id,
                                      char        **json,
                                      GError      **error);

G_END_DECLS
