/* sl-entrants.h — entrants in an event: reading, adding, saving, status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-entrant.h"

G_BEGIN_DECLS

/* NULL with SL_ENTRANT_ERROR_NOT_FOUND when there is no such entrant. */
SlEntrant  *sl_db_dup_entrant       (SlDb            *db,
                                     gint64           id,
                                     GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Exactly what a barcode scanner types: a bib, else a booking reference
 * (case-insensitive).
 */
SlEntrant  *sl_db_dup_entrant_by_code (SlDb          *db,
                                     const char      *bib_or_ref,
                                     GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Inserts, sets entrant->id, audits. */
gboolean    sl_db_insert_entrant    (SlDb            *db,
                                     SlEntrant       *entrant,
                                     GError         **error);
/* Saves every stored field but status and check-in, audits before/after. */
gboolean    sl_db_update_entrant    (SlDb            *db,
                                     const SlEntrant *entrant,
                                     GError         **error);
/* Audited; setting the status an entrant already has writes nothing. */
gboolean    sl_db_set_entrant_status (SlDb           *db,
                                     gint64           id,
                                     SlStatus         status,
                                     GError         **error);
/* 0 when they cannot be counted. */
gint64      sl_db_count_entrants    (SlDb            *db);

G_END_DECLS
