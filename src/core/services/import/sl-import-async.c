/* sl-import-async.c — an import in a worker thread, on a connection of its own
 *
 * sl_db_import_csv on the caller's connection would hold that connection's
 * lock for the whole import, waits for another process's lock included: a
 * window reading through the same connection would wait as long. This
 * leaves the caller's connection alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-db-task.h"
#include "sl-import.h"

typedef struct
{
  char            *path;
  SlImportOptions  options;
  SlProgressFunc   progress;
  gpointer         progress_data;
  SlImportResult  *result_out;
} ImportTask;

static void
import_task_free (gpointer data)
{
  ImportTask *import_task = data;

  g_free (import_task->path);
  sl_import_options_clear (&import_task->options);
  sl_import_result_free (import_task->result_out);
  g_free (import_task);
}

static void
import_thread (GTask        *task,
               SlDb         *connection,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTask *import_task = task_data;
  GError *error = NULL;
  SlImportResult *result;

  result = sl_db_import_csv (connection, import_task->path, &import_task->options, cancellable,
                             import_task->progress, import_task->progress_data,
                             &import_task->result_out, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify)sl_import_result_free);
}

void
sl_db_import_csv_writer_async (SlDb                  *db,
                               const char            *path,
                               const SlImportOptions *options,
                               GCancellable          *cancellable,
                               SlProgressFunc         progress,
                               gpointer               progress_data,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  ImportTask *import_task;

  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (path != NULL);

  import_task = g_new0 (ImportTask, 1);
  import_task->path = g_strdup (path);
  if (options != NULL)
    {
      import_task->options = *options;
      for (guint i = 0; i < SL_N_IMPORT_FIELDS; i++)
        import_task->options.mapping[i] = g_strdup (options->mapping[i]);
    }
  import_task->progress = progress;
  import_task->progress_data = progress_data;
  /* A check only reads: a snapshot of its own, which waits for no one.
   * The import reports cancellation itself, as G_IO_ERROR_CANCELLED with what was cancelled.
   */
  sl_db_task_run (db, SL_DB_TASK_REPORTS_CANCEL
                      | (options != NULL && options->dry_run ? SL_DB_TASK_READ : SL_DB_TASK_WRITE),
                  sl_db_import_csv_writer_async, import_task, import_task_free, import_thread,
                  cancellable, callback, user_data);
}

SlImportResult *
sl_db_import_csv_writer_finish (SlDb            *db,
                                GAsyncResult    *result,
                                SlImportResult **result_out,
                                GError         **error)
{
  ImportTask *import_task;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (g_task_is_valid (result, db), NULL);

  import_task = sl_db_task_get_data (G_TASK (result));
  if (result_out != NULL)
    *result_out = g_steal_pointer (&import_task->result_out);
  return g_task_propagate_pointer (G_TASK (result), error);
}
