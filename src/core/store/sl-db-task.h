/* sl-db-task.h — a store operation in a worker thread, on a connection of its own
 *
 * Only files in src/core include this. A write the GUI starts may wait
 * for another process that holds the event (another desk's laptop, the
 * command line importing); done here, it waits in a worker thread on the
 * event's second writer connection (sl_db_dup_writer), and the caller's
 * connection, with its lock, stays free for the window's reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"

G_BEGIN_DECLS

typedef enum
{
  SL_DB_TASK_WRITE = 0,      /* on sl_db_dup_writer's connection */
  SL_DB_TASK_READ = 1 << 0,  /* on a read-only one of its own (sl_db_open_reader) */
  /* func says itself when it was cancelled: its result stands even when
   * the cancellable is cancelled by the time the caller finishes it.
   */
  SL_DB_TASK_REPORTS_CANCEL = 1 << 1,
} SlDbTaskFlags;

/* Runs in the worker thread with connection's lock held and its actor set
 * to the caller's (operator and desk, as they were when the task began);
 * returns the task's result itself (g_task_return_*).
 */
typedef void (*SlDbTaskFunc) (GTask        *task,
                              SlDb         *connection,
                              gpointer      task_data,
                              GCancellable *cancellable);

/* A GTask whose source object is db and whose source tag is source_tag,
 * run in a worker thread. task_data (freed with task_data_free) is what
 * func and the caller's finish function get, with sl_db_task_get_data.
 * A connection that cannot be had fails the task with its error.
 */
void     sl_db_task_run      (SlDb                *db,
                              SlDbTaskFlags        flags,
                              gpointer             source_tag,
                              gpointer             task_data,
                              GDestroyNotify       task_data_free,
                              SlDbTaskFunc         func,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
gpointer sl_db_task_get_data (GTask               *task);

/* An operation that answers TRUE, or FALSE with error set; it runs as an
 * SlDbTaskFunc does (in the worker thread, the lock held, the actor set).
 */
typedef gboolean (*SlDbTaskBooleanFunc) (SlDb      *connection,
                                         gpointer   task_data,
                                         GError   **error);

/* sl_db_task_run for func, whose answer is the task's: the caller's
 * finish function reads it with g_task_propagate_boolean.
 */
void     sl_db_task_run_boolean (SlDb                *db,
                                 SlDbTaskFlags        flags,
                                 gpointer             source_tag,
                                 gpointer             task_data,
                                 GDestroyNotify       task_data_free,
                                 SlDbTaskBooleanFunc  func,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);

G_END_DECLS
