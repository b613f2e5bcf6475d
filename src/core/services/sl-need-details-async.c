/* sl-need-details-async.c — reading a need's detail in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-crypto.h"
#include "sl-db-task.h"
#include "sl-need-details-async.h"

typedef struct
{
  gint64  need_id;
  char   *detail;        /* secure memory */
  char   *adjustments;   /* secure memory */
} DetailsRead;

static void
details_read_free (DetailsRead *read)
{
  sl_secret_str_free (read->detail);
  sl_secret_str_free (read->adjustments);
  g_free (read);
}

static gboolean
read_thread (SlDb      *writer,
             gpointer   task_data,
             GError   **error)
{
  DetailsRead *read = task_data;

  return sl_db_read_need_details (writer, read->need_id, &read->detail, &read->adjustments,
                                  error);
}

void
sl_db_read_need_details_async (SlDb                *db,
                               gint64               need_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  DetailsRead *read = g_new0 (DetailsRead, 1);

  g_return_if_fail (SL_IS_DB (db));

  read->need_id = need_id;
  sl_db_task_run_boolean (db, SL_DB_TASK_WRITE, sl_db_read_need_details_async, read,
                          (GDestroyNotify)details_read_free, read_thread, cancellable, callback,
                          user_data);
}

gboolean
sl_db_read_need_details_finish (SlDb          *db,
                                GAsyncResult  *result,
                                char         **detail,
                                char         **adjustments,
                                GError       **error)
{
  DetailsRead *read;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_db_read_need_details_async,
                        FALSE);

  read = sl_db_task_get_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (detail != NULL)
    *detail = g_steal_pointer (&read->detail);
  if (adjustments != NULL)
    *adjustments = g_steal_pointer (&read->adjustments);
  return TRUE;
}
