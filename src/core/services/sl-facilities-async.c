/* sl-facilities-async.c — the facilities' writes in a worker thread
 *
 * Each runs the synchronous call on the event's writer connection
 * (sl_db_task_run), as the same signed-in person.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-db-task.h"
#include "sl-facilities.h"

typedef enum
{
  OP_ADD,
  OP_UPDATE,
  OP_CLOSE,
  OP_BOOK,
  OP_CANCEL,
  OP_NO_SHOW,
  OP_ALLOCATE,
  OP_DOOR_SCAN,
} WriteOp;

typedef struct
{
  WriteOp       op;
  gint64        id;          /* facility or booking; an added facility's */
  gint64        entrant_id;
  gint64        link_id;
  int           slot;
  int           party;
  gboolean      flag;        /* closed */
  char         *text;        /* the override's reason */
  SlFacility   *facility;
  GPtrArray    *rows;        /* SlAllocationRow: in, then the result */
  GPtrArray    *promoted;    /* SlBooking */
  SlBookResult  book;
  SlDoorResult  door;
} FacilityWrite;

static void
facility_write_free (gpointer data)
{
  FacilityWrite *write = data;

  g_free (write->text);
  g_clear_pointer (&write->facility, sl_facility_free);
  g_clear_pointer (&write->rows, g_ptr_array_unref);
  g_clear_pointer (&write->promoted, g_ptr_array_unref);
  sl_door_result_clear (&write->door);
  g_free (write);
}

static gboolean
run_write_op (SlDb      *writer,
              gpointer   data,
              GError   **error)
{
  FacilityWrite *write = data;
  GPtrArray *result = NULL;

  switch (write->op)
    {
    case OP_ADD:
      return sl_db_add_facility (writer, write->facility, &write->id, error);
    case OP_UPDATE:
      return sl_db_update_facility (writer, write->facility, error);
    case OP_CLOSE:
      return sl_db_set_facility_closed (writer, write->id, write->flag, error);
    case OP_BOOK:
      return sl_db_book (writer, write->id, write->entrant_id, write->link_id, write->slot,
                         write->party, &write->book, error);
    case OP_CANCEL:
      return sl_db_cancel_booking (writer, write->id, &write->promoted, error);
    case OP_NO_SHOW:
      return sl_db_mark_no_show (writer, write->id, &write->promoted, error);
    case OP_ALLOCATE:
      if (!sl_db_allocate (writer, write->id, write->slot, write->rows, &result, error))
        return FALSE;
      g_ptr_array_unref (write->rows);
      write->rows = result;
      return TRUE;
    case OP_DOOR_SCAN:
      return sl_db_door_scan (writer, write->id, write->entrant_id, write->text, &write->door,
                              error);
    default:
      g_assert_not_reached ();
    }
}

static void
facility_write_async (SlDb                *db,
                      FacilityWrite       *write,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  sl_db_task_run_boolean (db, SL_DB_TASK_WRITE, facility_write_async, write,
                          facility_write_free, run_write_op, cancellable, callback, user_data);
}

static FacilityWrite *
facility_write_new (WriteOp op,
                    gint64  id)
{
  FacilityWrite *write = g_new0 (FacilityWrite, 1);

  write->op = op;
  write->id = id;
  return write;
}

/* The task's data once it succeeded; NULL with the error otherwise. */
static FacilityWrite *
finish_write (SlDb          *db,
              GAsyncResult  *result,
              GError       **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (g_task_is_valid (result, db), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == facility_write_async, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return sl_db_task_get_data (G_TASK (result));
}

void
sl_db_add_facility_async (SlDb                *db,
                          const SlFacility    *facility,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  FacilityWrite *write = facility_write_new (OP_ADD, 0);

  write->facility = sl_facility_copy (facility);
  facility_write_async (db, write, cancellable, callback, user_data);
}

void
sl_db_update_facility_async (SlDb                *db,
                             const SlFacility    *facility,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  FacilityWrite *write = facility_write_new (OP_UPDATE, facility->id);

  write->facility = sl_facility_copy (facility);
  facility_write_async (db, write, cancellable, callback, user_data);
}

void
sl_db_set_facility_closed_async (SlDb                *db,
                                 gint64               facility_id,
                                 gboolean             closed,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  FacilityWrite *write = facility_write_new (OP_CLOSE, facility_id);

  write->flag = closed;
  facility_write_async (db, write, cancellable, callback, user_data);
}

gboolean
sl_db_write_facility_finish (SlDb          *db,
                             GAsyncResult  *result,
                             gint64        *id,
                             GError       **error)
{
  FacilityWrite *write = finish_write (db, result, error);

  if (write == NULL)
    return FALSE;
  if (id != NULL)
    *id = write->op == OP_ADD ? write->id : 0;
  return TRUE;
}

void
sl_db_book_async (SlDb                *db,
                  gint64               facility_id,
                  gint64               entrant_id,
                  gint64               link_id,
                  int                  slot,
                  int                  party,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  FacilityWrite *write = facility_write_new (OP_BOOK, facility_id);

  write->entrant_id = entrant_id;
  write->link_id = link_id;
  write->slot = slot;
  write->party = party;
  facility_write_async (db, write, cancellable, callback, user_data);
}

gboolean
sl_db_book_finish (SlDb          *db,
                   GAsyncResult  *result,
                   SlBookResult  *book,
                   GError       **error)
{
  FacilityWrite *write = finish_write (db, result, error);

  if (write == NULL)
    return FALSE;
  if (book != NULL)
    *book = write->book;
  return TRUE;
}

void
sl_db_cancel_booking_async (SlDb                *db,
                            gint64               booking_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  facility_write_async (db, facility_write_new (OP_CANCEL, booking_id), cancellable, callback,
                        user_data);
}

void
sl_db_mark_no_show_async (SlDb                *db,
                          gint64               booking_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  facility_write_async (db, facility_write_new (OP_NO_SHOW, booking_id), cancellable, callback,
                        user_data);
}

gboolean
sl_db_free_booking_finish (SlDb          *db,
                           GAsyncResult  *result,
                           GPtrArray    **promoted,
                           GError       **error)
{
  FacilityWrite *write = finish_write (db, result, error);

  if (write == NULL)
    return FALSE;
  if (promoted != NULL)
    *promoted = g_steal_pointer (&write->promoted);
  return TRUE;
}

void
sl_db_allocate_async (SlDb                *db,
                      gint64               facility_id,
                      int                  slot,
                      GPtrArray           *rows,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  FacilityWrite *write = facility_write_new (OP_ALLOCATE, facility_id);

  write->slot = slot;
  write->rows = g_ptr_array_ref (rows);
  facility_write_async (db, write, cancellable, callback, user_data);
}

gboolean
sl_db_allocate_finish (SlDb          *db,
                       GAsyncResult  *result,
                       GPtrArray    **rows,
                       GError       **error)
{
  FacilityWrite *write = finish_write (db, result, error);

  if (write == NULL)
    return FALSE;
  if (rows != NULL)
    *rows = g_steal_pointer (&write->rows);
  return TRUE;
}

void
sl_db_door_scan_async (SlDb                *db,
                       gint64               facility_id,
                       gint64               entrant_id,
                       const char          *override_reason,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  FacilityWrite *write = facility_write_new (OP_DOOR_SCAN, facility_id);

  write->entrant_id = entrant_id;
  write->text = g_strdup (override_reason);
  facility_write_async (db, write, cancellable, callback, user_data);
}

gboolean
sl_db_door_scan_finish (SlDb          *db,
                        GAsyncResult  *result,
                        SlDoorResult  *door,
                        GError       **error)
{
  FacilityWrite *write = finish_write (db, result, error);

  if (write == NULL)
    return FALSE;
  if (door != NULL)
    {
      *door = write->door;
      memset (&write->door, 0, sizeof write->door);
    }
  return TRUE;
}
