/* sl-facility.h — facilities, their slots, bookings and door visits
 *
 * Plain data and rules, no store. Times of day are minutes after the
 * event day's local midnight (0 … 1439), written and read as "HH:MM".
 * A facility with slot_minutes > 0 is booked by slot (a slot is named by
 * its start: opens, opens + slot_minutes, … while start + slot_minutes
 * <= closes); with slot_minutes == 0 it is drop-in and booked for the
 * day (slot SL_SLOT_DAY), which spans opens … closes.
 *
 * The rules (tested in test-facility and test-facilities):
 *  - A confirmed booking never takes a slot, or the parent facility over
 *    the same time, over capacity. Booked people at a minute are the
 *    party sizes of the place-holding bookings (confirmed, arrived, left)
 *    whose span covers it; a check counts the peak over the new one's
 *    span, the largest sum at any one minute of it (so a drop-in parent
 *    holding children's 09:00 and 10:00 slots counts each hour apart).
 *  - Waiting list, "first who fits": when places are freed the waiting
 *    bookings of that slot are walked in the order they joined, and each
 *    one whose party fits is confirmed; one that does not fit keeps its
 *    place at the head for the next freed place, and a smaller party
 *    behind it is not kept waiting for it. Positions are ranks among the
 *    waiting (1, 2, … with no gaps), not stored numbers. No newcomer is
 *    confirmed while someone waiting for the slot fits: a booking first
 *    walks the slot's list; reopening walks the lists of the facility
 *    and its family. Leaving at the door frees no place (the booking is
 *    "left", and still holds it for coming back in).
 *  - A facility inside another (one level only) opens and closes within
 *    its parent's hours.
 *  - A closed facility, or one inside a closed parent, takes no bookings,
 *    promotions or entries.
 *  - Occupancy is derived from visits (entered, not yet left): the sum of
 *    their party sizes, the children's visits counted in the parent.
 *    Entering one facility closes any visit the person has open
 *    elsewhere. Entry that would pass the capacity of the facility or its
 *    parent is refused unless admitted over capacity with a reason, by
 *    someone allowed SL_ACTION_ADMIT_OVER_CAPACITY (audited).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_FACILITY_ERROR (sl_facility_error_quark ())

typedef enum
{
  SL_FACILITY_ERROR_INVALID = 1,     /* a bad time, name, capacity, party … */
  SL_FACILITY_ERROR_NOT_FOUND,       /* unknown facility (message names those there are) */
  SL_FACILITY_ERROR_NO_SUCH_SLOT,    /* a slot outside opening hours or off the grid */
  SL_FACILITY_ERROR_CAPACITY,        /* capacity below what is confirmed; entry at capacity */
  SL_FACILITY_ERROR_CLOSED,          /* closed early */
  SL_FACILITY_ERROR_NO_BOOKING,      /* cancel: the person holds no booking there */
  SL_FACILITY_ERROR_ALREADY_BOOKED,  /* the person already holds one for that slot */
} SlFacilityError;

GQuark      sl_facility_error_quark (void);

typedef enum
{
  SL_FACILITY_QUIET_SPACE,
  SL_FACILITY_FAITH_SPACE,
  SL_FACILITY_FAMILY_AREA,
  SL_FACILITY_BREASTFEEDING_ROOM,
  SL_FACILITY_ACCESSIBLE_TOILET,
  SL_FACILITY_CHANGING_PLACES,
  SL_FACILITY_WELFARE_HUB,
  SL_FACILITY_OTHER,
  SL_N_FACILITY_KINDS
} SlFacilityKind;

/* "quiet-space", "faith-space", … "other" (the command line's names). */
const char *sl_facility_kind_to_id    (SlFacilityKind  kind);
gboolean    sl_facility_kind_from_id  (const char     *id,
                                       SlFacilityKind *kind);
/* Translated: "Quiet space", … */
const char *sl_facility_kind_to_label (SlFacilityKind  kind);

typedef enum
{
  SL_BOOKING_CONFIRMED,
  SL_BOOKING_WAITING,
  SL_BOOKING_CANCELLED,
  SL_BOOKING_ARRIVED,
  SL_BOOKING_LEFT,
  SL_BOOKING_NO_SHOW,
  SL_N_BOOKING_STATUSES
} SlBookingStatus;

/* "confirmed", "waiting", "cancelled", "arrived", "left", "no-show". */
const char *sl_booking_status_to_id    (SlBookingStatus  status);
gboolean    sl_booking_status_from_id  (const char      *id,
                                        SlBookingStatus *status);
const char *sl_booking_status_to_label (SlBookingStatus  status);
/* Confirmed, arrived and left hold places (a place used is not freed
 * for the waiting list by leaving); cancelled and no-show do not.
 */
gboolean    sl_booking_status_holds_place (SlBookingStatus status);

#define SL_SLOT_DAY (-1)              /* a drop-in facility's one slot */
#define SL_FACILITY_NAME_MAX_CHARS 80
#define SL_FACILITY_LOCATION_MAX_CHARS 80
#define SL_FACILITY_CAPACITY_MAX 100000
#define SL_PARTY_MAX 50

/* "HH:MM" (or "H:MM"), 00:00 … 23:59, to minutes; FALSE with
 * SL_FACILITY_ERROR_INVALID naming the text otherwise.
 */
gboolean    sl_time_of_day_parse  (const char  *text,
                                   int         *minutes,
                                   GError     **error);
/* "08:30"; SL_SLOT_DAY gives "day". */
char       *sl_time_of_day_format (int          minutes) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  gint64          id;
  SlFacilityKind  kind;
  char           *name;
  char           *location;       /* NULL: none */
  int             capacity;       /* people at once, >= 1 */
  int             opens;          /* minutes */
  int             closes;         /* minutes, > opens */
  int             slot_minutes;   /* 0: drop-in */
  gint64          parent_id;      /* 0: none */
  gboolean        closed;         /* closed early */
  /* Read with it, not stored in it. */
  char           *parent_name;
  int             confirmed;      /* people in place-holding bookings */
  int             waiting;        /* people waiting */
  int             inside;         /* people inside now, children included */
} SlFacility;

void        sl_facility_free      (SlFacility       *facility);
SlFacility *sl_facility_copy      (const SlFacility *facility);
/* Name, location (sl_text_check), capacity 1 … SL_FACILITY_CAPACITY_MAX,
 * opens < closes, slot_minutes 0 or 5 … closes - opens; one clear message.
 */
gboolean    sl_facility_validate  (const SlFacility *facility,
                                   GError          **error);
/* The slots' starts in order (a drop-in facility: one, SL_SLOT_DAY). */
GArray     *sl_facility_slots     (const SlFacility *facility) G_GNUC_WARN_UNUSED_RESULT;
/* Is slot a slot of the facility? FALSE with SL_FACILITY_ERROR_NO_SUCH_SLOT
 * naming the opening hours (and the slot length) otherwise.
 */
gboolean    sl_facility_check_slot (const SlFacility *facility,
                                    int               slot,
                                    GError          **error);
/* The span [start, end) of a slot in minutes (the day for SL_SLOT_DAY). */
void        sl_facility_slot_span (const SlFacility *facility,
                                   int               slot,
                                   int              *start,
                                   int              *end);
char       *sl_facility_dup_image (const SlFacility *facility) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  gint64           id;
  gint64           facility_id;
  gint64           entrant_id;
  gint64           link_id;        /* a linked companion's booking; 0: the entrant's own */
  int              slot;           /* start minute or SL_SLOT_DAY */
  int              party;          /* people, >= 1 */
  SlBookingStatus  status;
  int              position;       /* waiting: 1, 2, …; 0 otherwise */
  char            *created_by;
  char            *created_at;
  /* Read with it. */
  char            *facility_name;
  char            *bib;
  char            *first_name;
  char            *last_name;
  char            *companion_name; /* link_id != 0 */
  guint            markers;        /* 1 << SlMarker; only where a list says so */
} SlBooking;

void        sl_booking_free       (SlBooking        *booking);
char       *sl_booking_dup_image  (const SlBooking  *booking) G_GNUC_WARN_UNUSED_RESULT;

/* One slot's figures, in people. */
typedef struct
{
  int slot;          /* start minute or SL_SLOT_DAY */
  int capacity;
  int confirmed;     /* place-holding: confirmed, arrived, left */
  int waiting;
  int free;          /* places it really has: the smaller of its own and its
                        parent's over the slot (peak loads), never below 0 */
} SlSlotFigures;

/* One stay at a facility, counted at its door: open while left_at is
 * NULL. party: the booking's party, or 1.
 */
typedef struct
{
  gint64  id;
  gint64  facility_id;
  gint64  entrant_id;
  gint64  booking_id;             /* 0: none */
  int     party;
  char   *entered_at;
  char   *entered_by;
  char   *left_at;                /* NULL: inside */
  char   *over_capacity_reason;   /* admitted over capacity: why */
} SlFacilityVisit;

void        sl_facility_visit_free      (SlFacilityVisit       *visit);
char       *sl_facility_visit_dup_image (const SlFacilityVisit *visit) G_GNUC_WARN_UNUSED_RESULT;

/* Of bookings (SlBooking, of the facility), the index of the one whose
 * slot covers minute, else of the nearest to it (the earlier on a tie);
 * -1 when there are none. The door uses it to find a person's booking.
 */
int         sl_booking_pick_for_minute (const SlFacility *facility,
                                        GPtrArray        *bookings,
                                        int               minute);

/* The first-who-fits walk, on plain figures: given the free places and
 * the waiting parties in the order they joined, sets promote[i] for each
 * one promoted and returns how many were. The store's promotion and the
 * tests use it.
 */
guint       sl_waiting_first_who_fits (int         free_places,
                                       const int  *parties,
                                       guint       n_parties,
                                       gboolean   *promote);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFacility, sl_facility_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlBooking, sl_booking_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFacilityVisit, sl_facility_visit_free)

G_END_DECLS
