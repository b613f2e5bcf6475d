/* sl-need-details-async.h — reading a need's detail without waiting
 *
 * sl_db_read_need_details audits every read ("read-detail"), which is a
 * write: from the GUI it runs in a worker thread on the event's writer
 * connection (sl-db-task.c), as the same signed-in officer, so that a
 * window never waits for another desk or program that holds the event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-needs.h"

G_BEGIN_DECLS

void     sl_db_read_need_details_async  (SlDb                *db,
                                         gint64               need_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* As sl_db_read_need_details: detail and adjustments (NULL when none) in
 * secure memory, to be freed with sl_secret_str_free; either may be NULL.
 * What is not taken, or not finished, is wiped.
 */
gboolean sl_db_read_need_details_finish (SlDb                *db,
                                         GAsyncResult        *result,
                                         char               **detail,
                                         char               **adjustments,
                                         GError             **error);

G_END_DECLS
