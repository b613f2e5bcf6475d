/* sl-facilities.h — facilities, bookings, waiting lists, allocation, the door
 *
 * Who may do what (sl-role.h): adding, editing, closing and reopening a
 * facility, booking, cancelling, marking a no-show and allocating are
 * SL_ACTION_MANAGE_FACILITIES (officer or admin); letting people in and
 * out at the door and every list below are for anyone, the desk
 * included; admitting over capacity is SL_ACTION_ADMIT_OVER_CAPACITY
 * (officer or admin: the supervisor at the door). Refusals change
 * nothing. Every change is audited in the same transaction: a facility's
 * image, a booking's (a promotion as its own entry, "promote"), a visit's
 * ("enter", "leave", "admit-over-capacity" with the reason).
 *
 * Capacity is held by the engine, not by luck: a booking, a cancellation
 * with its promotions, an allocation and a door scan each run in one write
 * transaction (sl_db_run_write) that reads the figures it checks inside
 * it, so forty processes booking one slot confirm exactly its capacity.
 * No detail and no type of a need is read or written here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"
#include "sl-facility.h"
#include "sl-need.h"

G_BEGIN_DECLS

/* Every facility in name order, with its figures (confirmed, waiting,
 * inside) and its parent's name.
 */
GPtrArray  *sl_db_list_facilities   (SlDb               *db,
                                     GError            **error) G_GNUC_WARN_UNUSED_RESULT;
SlFacility *sl_db_dup_facility      (SlDb               *db,
                                     gint64              facility_id,
                                     GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* By name, case-insensitively; NULL with SL_FACILITY_ERROR_NOT_FOUND
 * whose message names the facilities there are.
 */
SlFacility *sl_db_find_facility     (SlDb               *db,
                                     const char         *name,
                                     GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Manager: a new facility (facility->id is ignored; *id set). A parent
 * is a facility without a parent of its own; names are unique
 * (case-insensitively).
 */
gboolean    sl_db_add_facility      (SlDb               *db,
                                     const SlFacility   *facility,
                                     gint64             *id,
                                     GError            **error);
/* Manager: kind, name, location, capacity, hours, slot length, parent.
 * Refused with SL_FACILITY_ERROR_CAPACITY, naming the slot and its
 * figures, when a slot (or, for a parent, the time) would hold more
 * confirmed people than the new capacity, or when a booked slot would no
 * longer exist.
 */
gboolean    sl_db_update_facility   (SlDb               *db,
                                     const SlFacility   *facility,
                                     GError            **error);
/* Manager: close early (no more bookings or entries; bookings are kept)
 * or reopen. Setting what is set writes nothing.
 */
gboolean    sl_db_set_facility_closed (SlDb             *db,
                                     gint64              facility_id,
                                     gboolean            closed,
                                     GError            **error);

/* Every slot of the facility in order (SlSlotFigures, sl-facility.h),
 * with the free places each really has (its parent's counted).
 */
GArray     *sl_db_list_slot_figures (SlDb               *db,
                                     gint64              facility_id,
                                     GError            **error) G_GNUC_WARN_UNUSED_RESULT;

#define SL_SLOT_ANY (-2)

typedef struct
{
  gint64    facility_id;      /* 0: every facility */
  int       slot;             /* SL_SLOT_ANY: every slot */
  gint64    entrant_id;       /* 0: everyone */
  gboolean  with_inactive;    /* cancelled, left and no-show too */
  gboolean  with_markers;     /* fill SlBooking.markers, only for people who
                                 gave consent to share with facility leads */
} SlBookingFilter;

#define SL_BOOKING_FILTER_INIT { 0, SL_SLOT_ANY, 0, FALSE, FALSE }

/* Bookings (SlBooking) by slot, then confirmed before waiting (in their
 * positions), then name.
 */
GPtrArray  *sl_db_list_bookings     (SlDb               *db,
                                     const SlBookingFilter *filter,
                                     GError            **error) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  gint64           booking_id;
  SlBookingStatus  status;     /* confirmed or waiting */
  int              position;   /* waiting: its place in the list */
} SlBookResult;

/* Manager: books the entrant (or, link_id != 0, their linked companion)
 * into a slot of the facility for a party of people: confirmed when it
 * fits the slot and the parent, waiting at the end of the slot's list
 * otherwise. A bad slot, party (1 … SL_PARTY_MAX), a closed facility or a
 * second booking of one person for one slot: one message, nothing written.
 */
gboolean    sl_db_book              (SlDb               *db,
                                     gint64              facility_id,
                                     gint64              entrant_id,
                                     gint64              link_id,
                                     int                 slot,
                                     int                 party,
                                     SlBookResult       *result,
                                     GError            **error);
/* Manager: cancels a confirmed, arrived or waiting booking; the places
 * freed go at once, in the same transaction, to the first waiting who
 * fit (that slot's list, and for a child facility's parent the
 * overlapping children's lists). promoted (may be NULL): the bookings
 * promoted (SlBooking, with names), each audited as "promote".
 */
gboolean    sl_db_cancel_booking    (SlDb               *db,
                                     gint64              booking_id,
                                     GPtrArray         **promoted,
                                     GError            **error);
/* Manager: marks a confirmed booking a no-show, which frees its places
 * as a cancellation does.
 */
gboolean    sl_db_mark_no_show      (SlDb               *db,
                                     gint64              booking_id,
                                     GPtrArray         **promoted,
                                     GError            **error);

/* Allocation from needs: who a filter's needs name, and what booking each
 * would get. Reads only.
 */
typedef struct
{
  gint64           entrant_id;
  char            *bib;
  char            *first_name;
  char            *last_name;
  int              party;          /* 1 + the runners and assistants linked
                                      to support them */
  gboolean         already_booked; /* holds a booking for the slot: skipped */
  SlBookingStatus  outcome;        /* confirmed or waiting */
  int              position;       /* waiting: its place */
} SlAllocationRow;

void        sl_allocation_row_free  (SlAllocationRow    *row);

/* Manager: one row per entrant with a need the filter matches (each
 * entrant once, in name order), as booking them in that order would go.
 */
GPtrArray  *sl_db_preview_allocation (SlDb              *db,
                                     gint64              facility_id,
                                     int                 slot,
                                     const SlNeedFilter *filter,
                                     GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Manager: books the preview's rows (not already booked) in order, in one
 * transaction; *result (SlAllocationRow) says what each got, which may
 * differ from the preview if others booked meanwhile.
 */
gboolean    sl_db_allocate          (SlDb               *db,
                                     gint64              facility_id,
                                     int                 slot,
                                     GPtrArray          *rows,
                                     GPtrArray         **result,
                                     GError            **error);

/* The door. */
typedef enum
{
  SL_DOOR_ENTERED,
  SL_DOOR_LEFT,
} SlDoorMove;

typedef struct
{
  SlDoorMove  move;
  int         party;           /* the booking's party, or 1 */
  int         inside;          /* the facility's occupancy after it */
  int         capacity;
  gboolean    over_capacity;   /* admitted over capacity (with a reason) */
  char       *left_elsewhere;  /* the facility the person was counted out of */
  char       *bib;
  char       *name;
} SlDoorResult;

void        sl_door_result_clear    (SlDoorResult       *result);

/* Anyone: counts the entrant in (with their booking's party for this
 * facility, if they hold one, marked arrived) or out (marked left).
 * Entry that would pass the capacity of the facility or its parent is
 * refused with SL_FACILITY_ERROR_CAPACITY unless override_reason is given
 * by someone allowed SL_ACTION_ADMIT_OVER_CAPACITY. Leaving when not
 * inside is refused (occupancy never goes below zero).
 */
gboolean    sl_db_enter_facility    (SlDb               *db,
                                     gint64              facility_id,
                                     gint64              entrant_id,
                                     const char         *override_reason,
                                     SlDoorResult       *result,
                                     GError            **error);
gboolean    sl_db_leave_facility    (SlDb               *db,
                                     gint64              facility_id,
                                     gint64              entrant_id,
                                     SlDoorResult       *result,
                                     GError            **error);
/* The door's scan: in when not inside, out when inside. */
gboolean    sl_db_door_scan         (SlDb               *db,
                                     gint64              facility_id,
                                     gint64              entrant_id,
                                     const char         *override_reason,
                                     SlDoorResult       *result,
                                     GError            **error);
/* People inside now (children's visits counted in a parent). */
gboolean    sl_db_facility_occupancy (SlDb              *db,
                                     gint64              facility_id,
                                     int                *inside,
                                     int                *capacity,
                                     GError            **error);

/* The writes above in a worker thread on the event's writer connection
 * (sl-db-task.c), as the same signed-in person.
 */
void        sl_db_add_facility_async (SlDb              *db,
                                     const SlFacility   *facility,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
void        sl_db_update_facility_async (SlDb           *db,
                                     const SlFacility   *facility,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
void        sl_db_set_facility_closed_async (SlDb       *db,
                                     gint64              facility_id,
                                     gboolean            closed,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
/* The facility's id (added) or 0. */
gboolean    sl_db_write_facility_finish (SlDb           *db,
                                     GAsyncResult       *result,
                                     gint64             *id,
                                     GError            **error);
void        sl_db_book_async        (SlDb               *db,
                                     gint64              facility_id,
                                     gint64              entrant_id,
                                     gint64              link_id,
                                     int                 slot,
                                     int                 party,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean    sl_db_book_finish       (SlDb               *db,
                                     GAsyncResult       *result,
                                     SlBookResult       *book,
                                     GError            **error);
void        sl_db_cancel_booking_async (SlDb            *db,
                                     gint64              booking_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
void        sl_db_mark_no_show_async (SlDb              *db,
                                     gint64              booking_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
/* Either of the two above; promoted as sl_db_cancel_booking's. */
gboolean    sl_db_free_booking_finish (SlDb             *db,
                                     GAsyncResult       *result,
                                     GPtrArray         **promoted,
                                     GError            **error);
void        sl_db_allocate_async    (SlDb               *db,
                                     gint64              facility_id,
                                     int                 slot,
                                     GPtrArray          *rows,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean    sl_db_allocate_finish   (SlDb               *db,
                                     GAsyncResult       *result,
                                     GPtrArray         **rows,
                                     GError            **error);
void        sl_db_door_scan_async   (SlDb               *db,
                                     gint64              facility_id,
                                     gint64              entrant_id,
                                     const char         *override_reason,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean    sl_db_door_scan_finish  (SlDb               *db,
                                     GAsyncResult       *result,
                                     SlDoorResult       *door,
                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAllocationRow, sl_allocation_row_free)

G_END_DECLS
