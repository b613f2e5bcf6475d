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
SlEntrant *sl_db_dup_entrant_locked     (SlDb            *db,
                                         gint64           id,
                                         GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
