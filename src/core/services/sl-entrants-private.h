/* sl-entrants-private.h — entrant writes inside a caller's transaction,
 * for the core's other services (check-in, import, demo)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-entrants.h"

G_BEGIN_DECLS

/* With the write transaction already held: insert or update (by id) one
 * entrant and its audit entry. Used by the import in its single
 * transaction.
 */
gboolean   sl_db_insert_entrant_locked  (SlDb            *db,
                                         SlEntrant       *entrant,
                                         GError         **error);
gboolean   sl_db_update_entrant_locked  (SlDb            *db,
                                         const SlEntrant *entrant,
                                         GError         **error);
/* The same with the entrant's row as read in this transaction (before)
 * and entrant already validated, as the import has both: saves reading
 * the row again. changed (may be NULL) says whether anything was written;
 * nothing is when entrant would store what before holds.
 */
gboolean   sl_db_update_entrant_from_locked (SlDb            *db,
                                             const SlEntrant *before,
                                             const SlEntrant *entrant,
                                             gboolean        *changed,
                                             GError         **error);
/* As sl_db_dup_entrant, inside the caller's transaction. */
SlEntrant *sl_db_dup_entrant_locked     (SlDb            *db,
                                         gint64           id,
                                         GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* Many new entrants in the caller's write transaction: each insert is the
 * row and its audit entry ("insert", with the after-image, who and when,
 * one moment for all); the search index of all of them is written by
 * sl_entrant_bulk_finish at once. Into an empty table the store may
 * drop the entrant indexes at new and build them again at finish. The
 * caller has already validated the entrants (none checked in: a new
 * entrant has no check-in) and made sure their bib and reference are free
 * and their wave fits their race (the schema still refuses clashes, at the
 * latest when finish builds the unique indexes). Without finish (a
 * rollback) nothing of it remains, the dropped indexes included.
 */
typedef struct _SlEntrantBulk SlEntrantBulk;

SlEntrantBulk *sl_entrant_bulk_new_locked      (SlDb           *db,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;
/* Entrants with an id above this one are the ones this bulk insert added. */
gint64         sl_entrant_bulk_get_last_old_id (SlEntrantBulk  *self);
/* The one timestamp of the bulk insert, as stored. */
const char    *sl_entrant_bulk_get_now         (SlEntrantBulk  *self);
gboolean       sl_entrant_bulk_insert          (SlEntrantBulk  *self,
                                                SlEntrant      *entrant,
                                                GError        **error);
/* As sl_entrant_bulk_insert, having validated the entrant, with its own
 * "insert" entry and image, as sl_db_insert_entrant_locked writes (the
 * demo's rows, which no summary entry names row by row).
 */
gboolean       sl_entrant_bulk_insert_audited  (SlEntrantBulk  *self,
                                                SlEntrant      *entrant,
                                                GError        **error);
/* The ids the rows inserted so far were given, first and last: one run
 * above the last old id, as both stores hold the ids for the write
 * (entrant_bulk_begin). FALSE when none was inserted. The import's
 * summary entry names them (SL_AUDIT_FIRST_ENTRANT), and each new
 * entrant's history shows that entry (audit_list).
 */
gboolean       sl_entrant_bulk_get_new_ids     (SlEntrantBulk  *self,
                                                gint64         *first,
                                                gint64         *last);
gboolean       sl_entrant_bulk_finish          (SlEntrantBulk  *self,
                                                GError        **error);
void           sl_entrant_bulk_free            (SlEntrantBulk  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEntrantBulk, sl_entrant_bulk_free)

G_END_DECLS
