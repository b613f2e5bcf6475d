/* sl-charities-async.h — saving a charity in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-event.h"

G_BEGIN_DECLS

/* sl_db_save_charity on the event's writer connection (a copy of charity
 * is saved); _finish gives the charity's id.
 */
void      sl_db_save_charity_async  (SlDb                *db,
                                     const SlCharity     *charity,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean  sl_db_save_charity_finish (SlDb                *db,
                                     GAsyncResult        *result,
                                     gint64              *id,
                                     GError             **error);

G_END_DECLS
