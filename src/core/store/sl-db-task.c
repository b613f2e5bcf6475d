/* sl-db-task.c — a store operation in a worker thread, on a connection of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-store.h"
#include "sl-db-task.h"

typedef struct
{
  SlDbTaskFlags       flags;
  SlDbTaskFunc        func;
  SlDbTaskBooleanFunc boolean_func;   /* instead of func */
  char               *operator_name;
  char               *desk;
  gpointer            data;
  GDestroyNotify      data_free;
} TaskData;

static void
task_data_free (gpointer p)
{
  TaskData *task_data = p;

  if (task_data->data_free != NULL)
    task_data->data_free (task_data->data);
  g_free (task_data->operator_name);
  g_free (task_data->desk);
  g_free (task_data);
}

static void
task_thread (GTask        *task,
             gpointer      source_object,
             gpointer      data,
             GCancellable *cancellable)
{
  TaskData *task_data = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) connection = NULL;

  if (task_data->flags & SL_DB_TASK_READ)
    connection = sl_db_open_reader (source_object, &error);
  else
    connection = sl_db_dup_writer (source_object, &error);
  if (connection == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Held from the actor to the last audit entry: the writer connection is
   * shared by every write of this process, and another one setting its
   * own actor meanwhile would sign this one's entries.
   */
  sl_db_lock (connection);
  sl_db_set_actor (connection, task_data->operator_name, task_data->desk);
  if (task_data->boolean_func == NULL)
    task_data->func (task, connection, task_data->data, cancellable);
  else if (task_data->boolean_func (connection, task_data->data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
  sl_db_unlock (connection);
}

static void
task_run (SlDb                *db,
          SlDbTaskFlags        flags,
          gpointer             source_tag,
          gpointer             data,
          GDestroyNotify       data_free,
          SlDbTaskFunc         func,
          SlDbTaskBooleanFunc  boolean_func,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *task_data;

  task_data = g_new0 (TaskData, 1);
  task_data->flags = flags;
  task_data->func = func;
  task_data->boolean_func = boolean_func;
  /* Copied here: the caller may change its actor while the task runs. */
  task_data->operator_name = g_strdup (sl_db_get_operator (db));
  task_data->desk = g_strdup (sl_db_get_desk (db));
  task_data->data = data;
  task_data->data_free = data_free;

  task = g_task_new (db, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, !(flags & SL_DB_TASK_REPORTS_CANCEL));
  g_task_set_task_data (task, task_data, task_data_free);
  g_task_run_in_thread (task, task_thread);
}

void
sl_db_task_run (SlDb                *db,
                SlDbTaskFlags        flags,
                gpointer             source_tag,
                gpointer             data,
                GDestroyNotify       data_free,
                SlDbTaskFunc         func,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (func != NULL);

  task_run (db, flags, source_tag, data, data_free, func, NULL, cancellable, callback,
            user_data);
}

void
sl_db_task_run_boolean (SlDb                *db,
                        SlDbTaskFlags        flags,
                        gpointer             source_tag,
                        gpointer             data,
                        GDestroyNotify       data_free,
                        SlDbTaskBooleanFunc  func,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (func != NULL);

  task_run (db, flags, source_tag, data, data_free, NULL, func, cancellable, callback,
            user_data);
}

gpointer
sl_db_task_get_data (GTask *task)
{
  TaskData *task_data;

  g_return_val_if_fail (G_IS_TASK (task), NULL);

  task_data = g_task_get_task_data (task);
  return task_data != NULL ? task_data->data : NULL;
}
