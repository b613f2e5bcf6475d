/* sl-charities-async.c — saving a charity in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-charities-async.h"
#include "sl-db-task.h"

static SlCharity *
charity_copy (const SlCharity *charity)
{
  SlCharity *copy = g_memdup2 (charity, sizeof *charity);

  copy->name = g_strdup (charity->name);
  copy->registered_number = g_strdup (charity->registered_number);
  copy->contact_name = g_strdup (charity->contact_name);
  copy->contact_email = g_strdup (charity->contact_email);
  return copy;
}

static gboolean
save_thread (SlDb      *connection,
             gpointer   task_data,
             GError   **error)
{
  return sl_db_save_charity (connection, task_data, error);
}

void
sl_db_save_charity_async (SlDb                *db,
                          const SlCharity     *charity,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (charity != NULL);

  sl_db_task_run_boolean (db, SL_DB_TASK_WRITE, sl_db_save_charity_async, charity_copy (charity),
                          (GDestroyNotify)sl_charity_free, save_thread, cancellable, callback,
                          user_data);
}

gboolean
sl_db_save_charity_finish (SlDb          *db,
                           GAsyncResult  *result,
                           gint64        *id,
                           GError       **error)
{
  SlCharity *charity;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);

  charity = sl_db_task_get_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (id != NULL)
    *id = charity->id;
  return TRUE;
}
