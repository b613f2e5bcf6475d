/* sl-entrants.h — entrants in an event: reading, adding, saving, status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

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
/* Audited; setting the status an entrant already has writes nothing.
 * Withdrawing withdraws the guide and support runners linked to the
 * entrant too (sl_db_list_withdrawal_cascade).
 */
gboolean    sl_db_set_entrant_status (SlDb           *db,
                                     gint64           id,
                                     SlStatus         status,
                                     GError         **error);
/* The entrants that withdrawing this one withdraws too (SlEntrant): its
 * guide and support runners who are entrants and not withdrawn yet. Ask
 * before withdrawing; sl_db_set_entrant_status withdraws them in the same
 * transaction, each audited as "withdraw-linked".
 */
GPtrArray  *sl_db_list_withdrawal_cascade (SlDb          *db,
                                     gint64           id,
                                     GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* 0 when they cannot be counted. */
gint64      sl_db_count_entrants    (SlDb            *db);
/* The writes above in a worker thread, on the event's second writer
 * connection (sl_db_dup_writer), with db's operator and desk: the caller's
 * thread never waits for another process that holds the event, and db
 * stays free for its reads meanwhile. A save inserts an entrant whose id
 * is 0 and updates one that has an id; the entrant is copied.
 */
void        sl_db_save_entrant_async       (SlDb                *db,
                                            const SlEntrant     *entrant,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void        sl_db_set_entrant_status_async (SlDb                *db,
                                            gint64               id,
                                            SlStatus             status,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Either one's result: FALSE with the error when nothing was written (the
 * same errors as the synchronous calls'), else TRUE and, when id is not
 * NULL, the entrant's id (a new entrant's, for an insert).
 */
gboolean    sl_db_write_entrant_finish     (SlDb                *db,
                                            GAsyncResult        *result,
                                            gint64              *id,
                                            GError             **error);

G_END_DECLS
