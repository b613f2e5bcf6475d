/* sl-entrant-private.h — entrant store helpers shared inside the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "sl-entrant.h"

G_BEGIN_DECLS

/* The columns sl_entrant_from_row reads, joined with race, wave, charity.
 * Use as: "SELECT " SL_ENTRANT_COLUMNS " FROM " SL_ENTRANT_JOINS " WHERE …"
 */
#define SL_ENTRANT_COLUMNS \
  "e.id, e.bib, e.booking_ref, e.first_name, e.last_name, e.date_of_birth, e.age, e.gender," \
  " e.nationality, e.club, e.email, e.phone, e.emergency_contact, e.entry_type, e.race_id," \
  " e.wave_id, e.status, e.costume, e.vip, e.notes, e.checked_in_at, e.checked_in_desk," \
  " r.name, w.name, w.start_area, w.start_time, c.name"
#define SL_ENTRANT_JOINS \
  "entrant e LEFT JOIN race r ON r.id = e.race_id LEFT JOIN wave w ON w.id = e.wave_id" \
  " LEFT JOIN charity_signup cs ON cs.entrant_id = e.id LEFT JOIN charity c ON c.id = cs.charity_id"

SlEntrant *sl_entrant_from_row          (sqlite3_stmt    *stmt) G_GNUC_WARN_UNUSED_RESULT;
char      *sl_entrant_dup_search_key    (const SlEntrant *entrant) G_GNUC_WARN_UNUSED_RESULT;
/* Folded "last<TAB>first": name order that puts Ó with O and Ł with L. */
char      *sl_entrant_dup_sort_name     (const SlEntrant *entrant) G_GNUC_WARN_UNUSED_RESULT;
void       sl_entrant_append_search_key (const SlEntrant *entrant,
                                         GString         *key);

/* With the write transaction already held: insert or update (by id) one
 * entrant and its audit entry. Used by the import in its single
 * transaction.
 */
gboolean   sl_db_insert_entrant_locked  (SlDb            *db,
                                         SlEntrant       *entrant,
                                         GError         **error);
/* Whether saving entrant over stored (its row as read) would change
 * anything an update may change: status and check-in are left out, as only
 * their own operations change them.
 */
gboolean   sl_entrant_update_changes    (const SlEntrant *stored,
                                         const SlEntrant *entrant);
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
SlEntrant *sl_db_dup_entrant_locked     (SlDb            *db,
                                         gint64           id,
                                         GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* Many new entrants in the caller's write transaction: each insert is two
 * prepared statement steps, the row and its audit entry ("insert", with the
 * after-image, who and when); the search index of all of them is written by
 * sl_entrant_bulk_finish in one set-based statement. Into an empty table,
 * the entrant indexes are dropped by new and built again by finish. The
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
gboolean       sl_entrant_bulk_finish          (SlEntrantBulk  *self,
                                                GError        **error);
void           sl_entrant_bulk_free            (SlEntrantBulk  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEntrantBulk, sl_entrant_bulk_free)

G_END_DECLS
