/* sl-facilities.c — facilities, bookings, waiting lists, allocation and
 * the door: the rules, the roles, the messages and the audit
 *
 * Every write runs in one sl_db_run_write transaction that reads the
 * figures it checks inside it, so no two writers can both see the last
 * free place. The store keeps no counters: loads and occupancy are sums
 * over the rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-entrants-private.h"
#include "sl-facilities-private.h"
#include "sl-fold.h"
#include "sl-needs-private.h"
#include "sl-session.h"
#include "sl-store.h"

/* ---- Helpers --------------------------------------------------------- */

static SlFacility *
dup_facility_locked (SlDb     *db,
                     gint64    facility_id,
                     GError  **error)
{
  GError *local_error = NULL;
  SlFacility *facility = SL_STORE (db)->facility_get (db, facility_id, &local_error);

  return sl_found_or_error (facility, local_error, error, SL_FACILITY_ERROR,
                            SL_FACILITY_ERROR_NOT_FOUND, _("No facility with id %lld"),
                            (long long)facility_id);
}

static SlBooking *
dup_booking_locked (SlDb     *db,
                    gint64    booking_id,
                    GError  **error)
{
  GError *local_error = NULL;
  SlBooking *booking = SL_STORE (db)->booking_get (db, booking_id, &local_error);

  return sl_found_or_error (booking, local_error, error, SL_FACILITY_ERROR,
                            SL_FACILITY_ERROR_NO_BOOKING, _("No booking with id %lld"),
                            (long long)booking_id);
}

/* Whether the facility, or its parent, is closed early. */
static gboolean
closed_in_family (SlDb              *db,
                  const SlFacility  *facility,
                  gboolean          *closed,
                  char             **closed_name,
                  GError           **error)
{
  g_autoptr(SlFacility) parent = NULL;

  *closed = facility->closed;
  if (closed_name != NULL)
    *closed_name = facility->closed ? g_strdup (facility->name) : NULL;
  if (facility->closed || facility->parent_id == 0)
    return TRUE;
  if (!(parent = dup_facility_locked (db, facility->parent_id, error)))
    return FALSE;
  *closed = parent->closed;
  if (closed_name != NULL && parent->closed)
    *closed_name = g_strdup (parent->name);
  return TRUE;
}

/* Open for bookings and entries: neither it nor its parent closed. */
static gboolean
open_for_use (SlDb              *db,
              const SlFacility  *facility,
              GError           **error)
{
  g_autofree char *name = NULL;
  gboolean closed;

  if (!closed_in_family (db, facility, &closed, &name, error))
    return FALSE;
  if (!closed)
    return TRUE;
  if (g_strcmp0 (name, facility->name) == 0)
    g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CLOSED,
                 _("%s is closed: reopen it first"), facility->name);
  else
    g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CLOSED,
                 _("%s is closed, and %s with it: reopen %s first"), name, facility->name, name);
  return FALSE;
}

/* The places free over [start, end) in the facility and in its parent:
 * the smaller of the two.
 */
static gboolean
free_places (SlDb              *db,
             const SlFacility  *facility,
             int                start,
             int                end,
             int               *free,
             GError           **error)
{
  int load;

  if (!SL_STORE (db)->facility_load (db, facility->id, start, end, &load, error))
    return FALSE;
  *free = facility->capacity - load;
  if (facility->parent_id != 0)
    {
      g_autoptr(SlFacility) parent = dup_facility_locked (db, facility->parent_id, error);

      if (parent == NULL
          || !SL_STORE (db)->facility_load (db, parent->id, start, end, &load, error))
        return FALSE;
      *free = MIN (*free, parent->capacity - load);
    }
  return TRUE;
}

static char *
dup_person (const SlBooking *booking)
{
  if (booking->companion_name != NULL)
    return g_strdup_printf (_("%s (with %s %s, bib %s)"), booking->companion_name,
                            booking->first_name, booking->last_name, booking->bib);
  return g_strdup_printf (_("%s %s (bib %s)"), booking->first_name, booking->last_name,
                          booking->bib);
}

static gboolean
set_booking_status (SlDb             *db,
                    SlBooking        *booking,
                    SlBookingStatus   status,
                    const char       *action,
                    GError          **error)
{
  g_autofree char *before = sl_booking_dup_image (booking);
  g_autofree char *after = NULL;

  booking->status = status;
  if (!SL_STORE (db)->booking_put (db, booking, error))
    return FALSE;
  after = sl_booking_dup_image (booking);
  return sl_db_audit (db, action, "booking", booking->id, before, after, error);
}

/* ---- Reading --------------------------------------------------------- */

GPtrArray *
sl_db_list_facilities (SlDb    *db,
                       GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return SL_STORE (db)->facilities_list (db, error);
}

SlFacility *
sl_db_dup_facility (SlDb    *db,
                    gint64   facility_id,
                    GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return dup_facility_locked (db, facility_id, error);
}

static gboolean
same_name (const char *a,
           const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_strcmp0 (fa, fb) == 0;
}

SlFacility *
sl_db_find_facility (SlDb        *db,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(GPtrArray) facilities = NULL;
  g_autoptr(GString) names = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!(facilities = SL_STORE (db)->facilities_list (db, error)))
    return NULL;
  for (guint i = 0; i < facilities->len; i++)
    if (same_name (((SlFacility *)facilities->pdata[i])->name, trimmed))
      return g_ptr_array_steal_index (facilities, i);
  names = g_string_new (NULL);
  for (guint i = 0; i < facilities->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                            ((SlFacility *)facilities->pdata[i])->name);
  if (facilities->len == 0)
    g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NOT_FOUND,
                 _("No facility “%s”: there are none yet"), trimmed);
  else
    g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NOT_FOUND,
                 _("No facility “%s”: there are %s"), trimmed, names->str);
  return NULL;
}

GArray *
sl_db_list_slot_figures (SlDb    *db,
                         gint64   facility_id,
                         GError **error)
{
  g_autoptr(SlFacility) facility = NULL;
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GArray) stored = NULL;
  GArray *figures;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  sl_db_lock (db);
  facility = dup_facility_locked (db, facility_id, error);
  if (facility != NULL)
    stored = SL_STORE (db)->slot_figures (db, facility_id, error);
  if (stored == NULL)
    {
      sl_db_unlock (db);
      return NULL;
    }
  slots = sl_facility_slots (facility);
  figures = g_array_sized_new (FALSE, TRUE, sizeof (SlSlotFigures), slots->len);
  for (guint i = 0; i < slots->len; i++)
    {
      SlSlotFigures row = { 0 };
      int start, end;

      row.slot = g_array_index (slots, int, i);
      row.capacity = facility->capacity;
      for (guint j = 0; j < stored->len; j++)
        if (g_array_index (stored, SlSlotFigures, j).slot == row.slot)
          {
            row.confirmed = g_array_index (stored, SlSlotFigures, j).confirmed;
            row.waiting = g_array_index (stored, SlSlotFigures, j).waiting;
          }
      sl_facility_slot_span (facility, row.slot, &start, &end);
      if (!free_places (db, facility, start, end, &row.free, error))
        {
          sl_db_unlock (db);
          g_array_unref (figures);
          return NULL;
        }
      row.free = MAX (row.free, 0);
      g_array_append_val (figures, row);
    }
  sl_db_unlock (db);
  return figures;
}

GPtrArray *
sl_db_list_bookings (SlDb                   *db,
                     const SlBookingFilter  *filter,
                     GError                **error)
{
  SlBookingFilter all = SL_BOOKING_FILTER_INIT;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (filter == NULL)
    filter = &all;
  return SL_STORE (db)->bookings_list (db, filter->facility_id, filter->slot, filter->entrant_id,
                                       filter->with_inactive, filter->with_markers, error);
}

gboolean
sl_db_facility_occupancy (SlDb    *db,
                          gint64   facility_id,
                          int     *inside,
                          int     *capacity,
                          GError **error)
{
  g_autoptr(SlFacility) facility = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!(facility = dup_facility_locked (db, facility_id, error)))
    return FALSE;
  if (capacity != NULL)
    *capacity = facility->capacity;
  if (inside != NULL)
    *inside = facility->inside;
  return TRUE;
}

/* ---- Facilities ------------------------------------------------------ */

/* A child's hours within its parent's. */
static gboolean
check_hours_inside (const SlFacility  *child,
                    const SlFacility  *parent,
                    GError           **error)
{
  g_autofree char *opens = NULL;
  g_autofree char *closes = NULL;

  if (child->opens >= parent->opens && child->closes <= parent->closes)
    return TRUE;
  opens = sl_time_of_day_format (parent->opens);
  closes = sl_time_of_day_format (parent->closes);
  g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
               _("%s is inside %s, open %s to %s: its hours must be within those"),
               child->name, parent->name, opens, closes);
  return FALSE;
}

/* Names unique, a parent that exists and has none itself, no parent for
 * a facility that is one, and a child's hours within its parent's.
 */
static gboolean
check_family (SlDb              *db,
              const SlFacility  *facility,
              GError           **error)
{
  g_autoptr(GPtrArray) facilities = SL_STORE (db)->facilities_list (db, error);
  const SlFacility *parent = NULL;

  if (facilities == NULL)
    return FALSE;
  for (guint i = 0; i < facilities->len; i++)
    {
      const SlFacility *other = facilities->pdata[i];

      if (other->id != facility->id && same_name (other->name, facility->name))
        {
          g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
                       _("There is a facility called %s already"), other->name);
          return FALSE;
        }
      if (other->id == facility->parent_id)
        parent = other;
      if (facility->id != 0 && other->parent_id == facility->id && other->id != facility->id
          && !check_hours_inside (other, facility, error))
        return FALSE;
      if (facility->id != 0 && facility->parent_id != 0 && other->parent_id == facility->id)
        {
          g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
                       _("%s has facilities inside it, so it cannot be inside another"),
                       facility->name);
          return FALSE;
        }
    }
  if (facility->parent_id == 0)
    return TRUE;
  if (parent == NULL)
    {
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NOT_FOUND,
                   _("No facility with id %lld to be inside"), (long long)facility->parent_id);
      return FALSE;
    }
  if (parent->parent_id != 0)
    {
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
                   _("%s is inside %s itself: a facility can only be inside one that is not"),
                   parent->name, parent->parent_name);
      return FALSE;
    }
  return check_hours_inside (facility, parent, error);
}

static gboolean
add_in_write (SlDb     *db,
              gpointer  data,
              GError  **error)
{
  SlFacility *facility = data;
  g_autofree char *image = NULL;

  if (!check_family (db, facility, error)
      || !SL_STORE (db)->facility_put (db, facility, error))
    return FALSE;
  image = sl_facility_dup_image (facility);
  return sl_db_audit (db, "insert", "facility", facility->id, NULL, image, error);
}

static SlFacility *
dup_cleaned (const SlFacility *facility)
{
  SlFacility *copy = sl_facility_copy (facility);

  g_strstrip (copy->name);
  if (copy->location != NULL && *g_strstrip (copy->location) == '\0')
    g_clear_pointer (&copy->location, g_free);
  g_clear_pointer (&copy->parent_name, g_free);
  return copy;
}

gboolean
sl_db_add_facility_locked (SlDb              *db,
                           const SlFacility  *facility,
                           gint64            *id,
                           GError           **error)
{
  g_autoptr(SlFacility) copy = NULL;

  if (!sl_facility_validate (facility, error))
    return FALSE;
  copy = dup_cleaned (facility);
  copy->id = 0;
  copy->closed = FALSE;
  if (!add_in_write (db, copy, error))
    return FALSE;
  if (id != NULL)
    *id = copy->id;
  return TRUE;
}

gboolean
sl_db_add_facility (SlDb              *db,
                    const SlFacility  *facility,
                    gint64            *id,
                    GError           **error)
{
  g_autoptr(SlFacility) copy = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (facility != NULL, FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_FACILITIES, error)
      || !sl_facility_validate (facility, error))
    return FALSE;
  copy = dup_cleaned (facility);
  copy->id = 0;
  copy->closed = FALSE;
  if (!sl_db_run_write (db, add_in_write, copy, error))
    return FALSE;
  if (id != NULL)
    *id = copy->id;
  return TRUE;
}

/* The walk over one slot's waiting list: those who fit the places free
 * in its facility and parent are confirmed, in the order they joined.
 */
static gboolean
promote_slot (SlDb              *db,
              const SlFacility  *facility,
              int                slot,
              GPtrArray         *promoted,
              GError           **error)
{
  g_autoptr(GPtrArray) waiting = NULL;
  g_autofree int *parties = NULL;
  g_autofree gboolean *promote = NULL;
  int start, end, free;
  gboolean closed;

  if (!closed_in_family (db, facility, &closed, NULL, error))
    return FALSE;
  if (closed)
    return TRUE;
  if (!(waiting = SL_STORE (db)->waiting_list (db, facility->id, slot, error)))
    return FALSE;
  if (waiting->len == 0)
    return TRUE;
  sl_facility_slot_span (facility, slot, &start, &end);
  if (!free_places (db, facility, start, end, &free, error))
    return FALSE;
  if (free <= 0)
    return TRUE;
  parties = g_new (int, waiting->len);
  promote = g_new (gboolean, waiting->len);
  for (guint i = 0; i < waiting->len; i++)
    parties[i] = ((SlBooking *)waiting->pdata[i])->party;
  sl_waiting_first_who_fits (free, parties, waiting->len, promote);
  for (guint i = 0; i < waiting->len; i++)
    {
      SlBooking *booking = waiting->pdata[i];

      if (!promote[i])
        continue;
      if (!set_booking_status (db, booking, SL_BOOKING_CONFIRMED, "promote", error))
        return FALSE;
      booking->position = 0;
      if (promoted != NULL)
        g_ptr_array_add (promoted, g_steal_pointer (&waiting->pdata[i]));
    }
  return TRUE;
}

/* Places freed over a slot of a facility: its own list first, then the
 * lists of the slots of its family (its parent, the parent's children, or
 * its own children) that overlap it.
 */
static gboolean
promote_freed (SlDb              *db,
               const SlFacility  *facility,
               int                slot,
               GPtrArray         *promoted,
               GError           **error)
{
  g_autoptr(GPtrArray) facilities = NULL;
  gint64 root = facility->parent_id != 0 ? facility->parent_id : facility->id;
  int start, end;

  if (!promote_slot (db, facility, slot, promoted, error)
      || !(facilities = SL_STORE (db)->facility_family (db, root, error)))
    return FALSE;
  sl_facility_slot_span (facility, slot, &start, &end);
  for (guint i = 0; i < facilities->len; i++)
    {
      const SlFacility *other = facilities->pdata[i];
      g_autoptr(GArray) slots = NULL;

      slots = sl_facility_slots (other);
      for (guint j = 0; j < slots->len; j++)
        {
          int s = g_array_index (slots, int, j), s_start, s_end;

          if (other->id == facility->id && s == slot)
            continue;
          sl_facility_slot_span (other, s, &s_start, &s_end);
          if (s_start < end && s_end > start
              && !promote_slot (db, other, s, promoted, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* After an update: no booked slot gone, no slot (nor the parent's time)
 * over capacity.
 */
static gboolean
check_capacity_holds (SlDb              *db,
                      const SlFacility  *facility,
                      GError           **error)
{
  g_autoptr(GArray) stored = SL_STORE (db)->slot_figures (db, facility->id, error);
  g_autoptr(GArray) slots = NULL;

  if (stored == NULL)
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      SlSlotFigures *row = &g_array_index (stored, SlSlotFigures, i);
      g_autofree char *at = sl_time_of_day_format (row->slot);

      if (sl_facility_check_slot (facility, row->slot, NULL))
        continue;
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY,
                   _("%s has %d people booked at %s, which would no longer be a slot"),
                   facility->name, row->confirmed + row->waiting, at);
      return FALSE;
    }
  slots = sl_facility_slots (facility);
  for (guint i = 0; i < slots->len; i++)
    {
      int slot = g_array_index (slots, int, i), start, end, load;
      g_autofree char *at = sl_time_of_day_format (slot);

      sl_facility_slot_span (facility, slot, &start, &end);
      if (!SL_STORE (db)->facility_load (db, facility->id, start, end, &load, error))
        return FALSE;
      if (load <= facility->capacity)
        continue;
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY,
                   _("%s has %d people confirmed at %s: its capacity cannot be %d"),
                   facility->name, load, at, facility->capacity);
      return FALSE;
    }
  return TRUE;
}

static gboolean
update_in_write (SlDb     *db,
                 gpointer  data,
                 GError  **error)
{
  SlFacility *facility = data;
  g_autoptr(SlFacility) before = NULL;
  g_autoptr(SlFacility) parent = NULL;
  g_autofree char *before_image = NULL;
  g_autofree char *after_image = NULL;
  g_autoptr(GArray) slots = NULL;

  if (!(before = dup_facility_locked (db, facility->id, error))
      || !check_family (db, facility, error))
    return FALSE;
  facility->closed = before->closed;
  before_image = sl_facility_dup_image (before);
  after_image = sl_facility_dup_image (facility);
  if (g_strcmp0 (before_image, after_image) == 0)
    return TRUE;
  if (!SL_STORE (db)->facility_put (db, facility, error)
      || !check_capacity_holds (db, facility, error))
    return FALSE;
  if (facility->parent_id != 0
      && (!(parent = dup_facility_locked (db, facility->parent_id, error))
          || !check_capacity_holds (db, parent, error)))
    return FALSE;
  slots = sl_facility_slots (facility);
  for (guint i = 0; i < slots->len; i++)
    if (!promote_freed (db, facility, g_array_index (slots, int, i), NULL, error))
      return FALSE;
  return sl_db_audit (db, "update", "facility", facility->id, before_image, after_image, error);
}

gboolean
sl_db_update_facility (SlDb              *db,
                       const SlFacility  *facility,
                       GError           **error)
{
  g_autoptr(SlFacility) copy = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (facility != NULL, FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_FACILITIES, error)
      || !sl_facility_validate (facility, error))
    return FALSE;
  copy = dup_cleaned (facility);
  return sl_db_run_write (db, update_in_write, copy, error);
}

typedef struct
{
  gint64   facility_id;
  gboolean closed;
} CloseData;

static gboolean
close_in_write (SlDb     *db,
                gpointer  data,
                GError  **error)
{
  CloseData *close = data;
  g_autoptr(SlFacility) facility = dup_facility_locked (db, close->facility_id, error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (facility == NULL)
    return FALSE;
  if (facility->closed == close->closed)
    return TRUE;
  before = sl_facility_dup_image (facility);
  facility->closed = close->closed;
  if (!SL_STORE (db)->facility_put (db, facility, error))
    return FALSE;
  after = sl_facility_dup_image (facility);
  if (!sl_db_audit (db, close->closed ? "close" : "reopen", "facility", facility->id, before,
                    after, error))
    return FALSE;
  /* Reopened: places freed while closed go to those waiting, here and in
   * its family.
   */
  if (!close->closed)
    {
      g_autoptr(GArray) slots = sl_facility_slots (facility);

      for (guint i = 0; i < slots->len; i++)
        if (!promote_freed (db, facility, g_array_index (slots, int, i), NULL, error))
          return FALSE;
    }
  return TRUE;
}

gboolean
sl_db_set_facility_closed (SlDb     *db,
                           gint64    facility_id,
                           gboolean  closed,
                           GError  **error)
{
  CloseData close = { facility_id, closed != FALSE };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_FACILITIES, error))
    return FALSE;
  return sl_db_run_write (db, close_in_write, &close, error);
}

/* ---- Bookings -------------------------------------------------------- */

typedef struct
{
  gint64        facility_id;
  gint64        entrant_id;
  gint64        link_id;
  int           slot;
  int           party;
  SlBookResult *result;
} BookData;

static gboolean
check_party (int      party,
             GError **error)
{
  if (party >= 1 && party <= SL_PARTY_MAX)
    return TRUE;
  g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
               _("A party is 1 to %d people, not %d"), SL_PARTY_MAX, party);
  return FALSE;
}

static gboolean
check_link (SlDb     *db,
            gint64    entrant_id,
            gint64    link_id,
            GError  **error)
{
  GError *local_error = NULL;
  g_autoptr(SlEntrantLink) link = NULL;

  if (link_id == 0)
    return TRUE;
  link = SL_STORE (db)->link_get (db, link_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (link != NULL && link->entrant_id == entrant_id)
    return TRUE;
  g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
               _("No companion linked to this entrant with id %lld"), (long long)link_id);
  return FALSE;
}

/* One booking, in the caller's write; the figures read here. */
static gboolean
book_locked (SlDb          *db,
             BookData      *book,
             GError       **error)
{
  g_autoptr(SlFacility) facility = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(SlBooking) existing = NULL;
  g_autoptr(SlBooking) booking = NULL;
  g_autofree char *image = NULL;
  GError *local_error = NULL;
  int start, end, free;

  if (!check_party (book->party, error)
      || !(facility = dup_facility_locked (db, book->facility_id, error))
      || !open_for_use (db, facility, error)
      || !sl_facility_check_slot (facility, book->slot, error)
      || !(entrant = sl_db_dup_entrant_locked (db, book->entrant_id, error))
      || !check_link (db, book->entrant_id, book->link_id, error))
    return FALSE;
  existing = SL_STORE (db)->booking_find (db, facility->id, entrant->id, book->link_id,
                                          book->slot, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (existing != NULL)
    {
      g_autofree char *at = sl_time_of_day_format (book->slot);

      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_ALREADY_BOOKED,
                   _("Bib %s already holds a booking for %s at %s (%s)"), entrant->bib,
                   facility->name, at, sl_booking_status_to_label (existing->status));
      return FALSE;
    }
  /* Those waiting for the slot come first: any who fit now are
   * confirmed before the newcomer is counted.
   */
  sl_facility_slot_span (facility, book->slot, &start, &end);
  if (!promote_slot (db, facility, book->slot, NULL, error)
      || !free_places (db, facility, start, end, &free, error))
    return FALSE;

  booking = g_new0 (SlBooking, 1);
  booking->facility_id = facility->id;
  booking->entrant_id = entrant->id;
  booking->link_id = book->link_id;
  booking->slot = book->slot;
  booking->party = book->party;
  booking->status = book->party <= free ? SL_BOOKING_CONFIRMED : SL_BOOKING_WAITING;
  booking->created_by = g_strdup (sl_db_get_operator (db));
  booking->created_at = sl_db_now_utc ();
  if (!SL_STORE (db)->booking_put (db, booking, error))
    return FALSE;
  image = sl_booking_dup_image (booking);
  if (!sl_db_audit (db, "insert", "booking", booking->id, NULL, image, error))
    return FALSE;
  book->result->booking_id = booking->id;
  book->result->status = booking->status;
  book->result->position = 0;
  if (booking->status == SL_BOOKING_WAITING)
    {
      g_autoptr(SlBooking) stored = dup_booking_locked (db, booking->id, error);

      if (stored == NULL)
        return FALSE;
      book->result->position = stored->position;
    }
  return TRUE;
}

gboolean
sl_db_book_locked (SlDb          *db,
                   gint64         facility_id,
                   gint64         entrant_id,
                   int            slot,
                   int            party,
                   SlBookResult  *result,
                   GError       **error)
{
  SlBookResult local = { 0 };
  BookData book = { facility_id, entrant_id, 0, slot, party, result != NULL ? result : &local };

  return book_locked (db, &book, error);
}

static gboolean
book_in_write (SlDb     *db,
               gpointer  data,
               GError  **error)
{
  return book_locked (db, data, error);
}

gboolean
sl_db_book (SlDb          *db,
            gint64         facility_id,
            gint64         entrant_id,
            gint64         link_id,
            int            slot,
            int            party,
            SlBookResult  *result,
            GError       **error)
{
  SlBookResult local = { 0 };
  BookData book = { facility_id, entrant_id, link_id, slot, party, result != NULL ? result : &local };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_FACILITIES, error)
      || !check_party (party, error))
    return FALSE;
  return sl_db_run_write (db, book_in_write, &book, error);
}

typedef struct
{
  gint64           booking_id;
  SlBookingStatus  to;           /* cancelled or no-show */
  GPtrArray       *promoted;
} FreeData;

static gboolean
free_in_write (SlDb     *db,
               gpointer  data,
               GError  **error)
{
  FreeData *free_data = data;
  g_autoptr(SlBooking) booking = NULL;
  g_autoptr(SlFacility) facility = NULL;
  gboolean held;

  if (!(booking = dup_booking_locked (db, free_data->booking_id, error)))
    return FALSE;
  held = sl_booking_status_holds_place (booking->status);
  if (free_data->to == SL_BOOKING_NO_SHOW ? booking->status != SL_BOOKING_CONFIRMED
      : !held && booking->status != SL_BOOKING_WAITING)
    {
      g_autofree char *person = dup_person (booking);

      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NO_BOOKING,
                   free_data->to == SL_BOOKING_NO_SHOW
                   ? _("The booking of %s is %s, not confirmed: it cannot be a no-show")
                   : _("The booking of %s is %s already"),
                   person, sl_booking_status_to_label (booking->status));
      return FALSE;
    }
  if (!set_booking_status (db, booking, free_data->to,
                           free_data->to == SL_BOOKING_NO_SHOW ? "no-show" : "cancel", error))
    return FALSE;
  if (!held)
    return TRUE;
  return (facility = dup_facility_locked (db, booking->facility_id, error)) != NULL
         && promote_freed (db, facility, booking->slot, free_data->promoted, error);
}

static gboolean
free_booking (SlDb             *db,
              gint64            booking_id,
              SlBookingStatus   to,
              GPtrArray       **promoted,
              GError          **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_booking_free);
  FreeData free_data = { booking_id, to, list };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_FACILITIES, error)
      || !sl_db_run_write (db, free_in_write, &free_data, error))
    return FALSE;
  if (promoted != NULL)
    *promoted = g_steal_pointer (&list);
  return TRUE;
}

gboolean
sl_db_cancel_booking (SlDb       *db,
                      gint64      booking_id,
                      GPtrArray **promoted,
                      GError    **error)
{
  return free_booking (db, booking_id, SL_BOOKING_CANCELLED, promoted, error);
}

gboolean
sl_db_mark_no_show (SlDb       *db,
                    gint64      booking_id,
                    GPtrArray **promoted,
                    GError    **error)
{
  return free_booking (db, booking_id, SL_BOOKING_NO_SHOW, promoted, error);
}

/* ---- Allocation ------------------------------------------------------ */

void
sl_allocation_row_free (SlAllocationRow *row)
{
  if (row == NULL)
    return;
  g_free (row->bib);
  g_free (row->first_name);
  g_free (row->last_name);
  g_free (row);
}

static SlAllocationRow *
allocation_row_copy (const SlAllocationRow *row)
{
  SlAllocationRow *copy = g_memdup2 (row, sizeof *row);

  copy->bib = g_strdup (row->bib);
  copy->first_name = g_strdup (row->first_name);
  copy->last_name = g_strdup (row->last_name);
  return copy;
}

/* 1 + those linked to support the entrant. */
static gboolean
count_party (SlDb     *db,
             gint64    entrant_id,
             int      *party,
             GError  **error)
{
  g_autoptr(GPtrArray) links = sl_db_list_links_locked (db, entrant_id, error);

  if (links == NULL)
    return FALSE;
  *party = 1;
  for (guint i = 0; i < links->len; i++)
    if (((SlEntrantLink *)links->pdata[i])->entrant_id == entrant_id)
      (*party)++;
  *party = MIN (*party, SL_PARTY_MAX);
  return TRUE;
}

static SlAllocationRow *
preview_row (SlDb          *db,
             const SlNeed  *need,
             gint64         facility_id,
             int            slot,
             GError       **error)
{
  g_autoptr(SlAllocationRow) row = g_new0 (SlAllocationRow, 1);
  g_autoptr(SlBooking) existing = NULL;
  GError *local_error = NULL;

  row->entrant_id = need->entrant_id;
  row->bib = g_strdup (need->bib);
  row->first_name = g_strdup (need->first_name);
  row->last_name = g_strdup (need->last_name);
  if (!count_party (db, need->entrant_id, &row->party, error))
    return NULL;
  existing = SL_STORE (db)->booking_find (db, facility_id, need->entrant_id, 0, slot, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  row->already_booked = existing != NULL;
  return g_steal_pointer (&row);
}

GPtrArray *
sl_db_preview_allocation (SlDb                *db,
                          gint64               facility_id,
                          int                  slot,
                          const SlNeedFilter  *filter,
                          GError             **error)
{
  g_autoptr(SlFacility) facility = NULL;
  g_autoptr(GPtrArray) needs = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_auto(GStrv) words = NULL;
  int start, end, free, n_waiting;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  /* The Accessibility page's search is part of its filter: folded into
   * words as sl_db_list_needs does (sl_db_list_needs_locked takes none).
   */
  if (filter->text != NULL)
    words = sl_fold_dup_words (filter->text);
  if (!sl_db_require (db, SL_ACTION_MANAGE_FACILITIES, error)
      || !(facility = dup_facility_locked (db, facility_id, error))
      || !sl_facility_check_slot (facility, slot, error)
      || !(needs = SL_STORE (db)->needs_list (db, filter,
                                              words != NULL && words[0] != NULL
                                                ? (const char * const *)words : NULL,
                                              error))
      || !(waiting = SL_STORE (db)->waiting_list (db, facility_id, slot, error)))
    return NULL;
  sl_facility_slot_span (facility, slot, &start, &end);
  if (!free_places (db, facility, start, end, &free, error))
    return NULL;
  n_waiting = waiting->len;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_allocation_row_free);
  seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < needs->len; i++)
    {
      SlNeed *need = needs->pdata[i];
      SlAllocationRow *row;

      if (g_hash_table_contains (seen, &need->entrant_id))
        continue;
      g_hash_table_add (seen, &need->entrant_id);
      if (!(row = preview_row (db, need, facility_id, slot, error)))
        return NULL;
      g_ptr_array_add (rows, row);
      if (row->already_booked)
        continue;
      row->outcome = row->party <= free ? SL_BOOKING_CONFIRMED : SL_BOOKING_WAITING;
      if (row->outcome == SL_BOOKING_CONFIRMED)
        free -= row->party;
      else
        row->position = ++n_waiting;
    }
  return g_steal_pointer (&rows);
}

typedef struct
{
  gint64      facility_id;
  int         slot;
  GPtrArray  *rows;
  GPtrArray  *result;
} AllocateData;

static gboolean
allocate_in_write (SlDb     *db,
                   gpointer  data,
                   GError  **error)
{
  AllocateData *allocate = data;

  for (guint i = 0; i < allocate->rows->len; i++)
    {
      SlAllocationRow *row = allocation_row_copy (allocate->rows->pdata[i]);
      SlBookResult result = { 0 };
      BookData book = { allocate->facility_id, row->entrant_id, 0, allocate->slot, row->party,
                        &result };
      GError *local_error = NULL;

      g_ptr_array_add (allocate->result, row);
      if (row->already_booked)
        continue;
      if (!book_locked (db, &book, &local_error))
        {
          if (!g_error_matches (local_error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_ALREADY_BOOKED))
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          g_error_free (local_error);
          row->already_booked = TRUE;
          continue;
        }
      row->outcome = result.status;
      row->position = result.position;
    }
  return TRUE;
}

gboolean
sl_db_allocate (SlDb        *db,
                gint64       facility_id,
                int          slot,
                GPtrArray   *rows,
                GPtrArray  **result,
                GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_allocation_row_free);
  AllocateData allocate = { facility_id, slot, rows, out };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_FACILITIES, error)
      || !sl_db_run_write (db, allocate_in_write, &allocate, error))
    return FALSE;
  if (result != NULL)
    *result = g_steal_pointer (&out);
  return TRUE;
}

/* ---- The door -------------------------------------------------------- */

void
sl_door_result_clear (SlDoorResult *result)
{
  g_clear_pointer (&result->left_elsewhere, g_free);
  g_clear_pointer (&result->bib, g_free);
  g_clear_pointer (&result->name, g_free);
}

typedef struct
{
  gint64        facility_id;
  gint64        entrant_id;
  const char   *override_reason;
  int           move;            /* SlDoorMove, or -1: the scan decides */
  SlDoorResult *result;
  int           minute;          /* the time of day a booking is picked for; -1: now */
} DoorData;

/* Closes an open visit, marks its booking left; audited. */
static gboolean
close_visit (SlDb             *db,
             SlFacilityVisit  *visit,
             GError          **error)
{
  g_autofree char *before = sl_facility_visit_dup_image (visit);
  g_autofree char *after = NULL;

  visit->left_at = sl_db_now_utc ();
  if (!SL_STORE (db)->visit_put (db, visit, error))
    return FALSE;
  after = sl_facility_visit_dup_image (visit);
  if (!sl_db_audit (db, "leave", "facility-visit", visit->id, before, after, error))
    return FALSE;
  if (visit->booking_id != 0)
    {
      g_autoptr(SlBooking) booking = dup_booking_locked (db, visit->booking_id, error);

      if (booking == NULL)
        return FALSE;
      if (booking->status == SL_BOOKING_ARRIVED
          && !set_booking_status (db, booking, SL_BOOKING_LEFT, "update", error))
        return FALSE;
    }
  return TRUE;
}

/* Which facility is full, with its figures read in the write. */
typedef struct
{
  gboolean  fits;
  char     *full_name;   /* the facility or its parent, when !fits */
  int       inside;
  int       capacity;
} EntryFit;

/* People inside one facility (children included), less the entrant's
 * own open visit where it is counted there (it closes on entering).
 */
static gboolean
inside_less_own (SlDb                  *db,
                 const SlFacility      *facility,
                 const SlFacilityVisit *open,
                 const SlFacility      *elsewhere,
                 int                   *inside,
                 int                   *own,
                 GError               **error)
{
  if (!SL_STORE (db)->facility_inside (db, facility->id, inside, error))
    return FALSE;
  *own = open != NULL && elsewhere != NULL
         && (elsewhere->id == facility->id || elsewhere->parent_id == facility->id)
         ? open->party : 0;
  return TRUE;
}

/* Whether party more people fit inside the facility and its parent, the
 * entrant's own open visit (open, at elsewhere) counted as gone.
 */
static gboolean
entry_fits (SlDb                  *db,
            const SlFacility      *facility,
            int                    party,
            const SlFacilityVisit *open,
            const SlFacility      *elsewhere,
            EntryFit              *fit,
            GError               **error)
{
  g_autoptr(SlFacility) parent = NULL;
  int inside, own;

  if (!inside_less_own (db, facility, open, elsewhere, &inside, &own, error))
    return FALSE;
  fit->fits = inside - own + party <= facility->capacity;
  if (!fit->fits)
    {
      fit->full_name = g_strdup (facility->name);
      fit->inside = inside;
      fit->capacity = facility->capacity;
      return TRUE;
    }
  if (facility->parent_id == 0)
    return TRUE;
  if (!(parent = dup_facility_locked (db, facility->parent_id, error))
      || !inside_less_own (db, parent, open, elsewhere, &inside, &own, error))
    return FALSE;
  fit->fits = inside - own + party <= parent->capacity;
  if (!fit->fits)
    {
      fit->full_name = g_strdup (parent->name);
      fit->inside = inside;
      fit->capacity = parent->capacity;
    }
  return TRUE;
}

/* The entrant's own booking to enter with: confirmed, arrived or left
 * (coming back in), the one whose slot covers now in the event's time,
 * else the nearest. NULL without an error when none.
 */
static SlBooking *
door_booking (SlDb              *db,
              const SlFacility  *facility,
              gint64             entrant_id,
              int                minute,
              GError           **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) own = g_ptr_array_new ();
  g_autoptr(GDateTime) now = NULL;
  GError *local_error = NULL;
  int pick;

  all = SL_STORE (db)->bookings_list (db, facility->id, SL_SLOT_ANY, entrant_id, TRUE, FALSE,
                                      &local_error);
  if (all == NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  for (guint i = 0; i < all->len; i++)
    {
      SlBooking *booking = all->pdata[i];

      if (booking->link_id == 0 && sl_booking_status_holds_place (booking->status))
        g_ptr_array_add (own, booking);
    }
  if (minute < 0)
    {
      now = g_date_time_new_now (sl_db_get_event_timezone (db));
      minute = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);
    }
  pick = sl_booking_pick_for_minute (facility, own, minute);
  if (pick < 0)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    if (all->pdata[i] == own->pdata[pick])
      return g_ptr_array_steal_index (all, i);
  g_return_val_if_reached (NULL);
}

static gboolean
refuse_full (const SlFacility  *facility,
             const SlEntrant   *entrant,
             const EntryFit    *fit,
             GError           **error)
{
  if (g_strcmp0 (fit->full_name, facility->name) == 0)
    g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY,
                 _("%s is full (%d of %d inside): a supervisor may admit %s with a reason"),
                 fit->full_name, fit->inside, fit->capacity, entrant->bib);
  else
    g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY,
                 _("%s, which %s is inside, is full (%d of %d inside): a supervisor may admit"
                   " %s with a reason"),
                 fit->full_name, facility->name, fit->inside, fit->capacity, entrant->bib);
  return FALSE;
}

static gboolean
enter_locked (SlDb               *db,
              DoorData           *door,
              const SlFacility   *facility,
              const SlEntrant    *entrant,
              SlFacilityVisit    *open,
              GError            **error)
{
  g_autoptr(SlBooking) booking = NULL;
  g_autoptr(SlFacility) elsewhere = NULL;
  g_autoptr(SlFacilityVisit) visit = g_new0 (SlFacilityVisit, 1);
  g_autofree char *image = NULL;
  GError *local_error = NULL;
  EntryFit fit = { 0 };
  gboolean ok;

  if (!open_for_use (db, facility, error))
    return FALSE;
  if (open != NULL && !(elsewhere = dup_facility_locked (db, open->facility_id, error)))
    return FALSE;
  booking = door_booking (db, facility, entrant->id, door->minute, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  visit->facility_id = facility->id;
  visit->entrant_id = entrant->id;
  visit->booking_id = booking != NULL ? booking->id : 0;
  visit->party = booking != NULL ? booking->party : 1;
  visit->entered_at = sl_db_now_utc ();
  visit->entered_by = g_strdup (sl_db_get_operator (db));
  /* The fit first: a refusal moves nobody. */
  if (!entry_fits (db, facility, visit->party, open, elsewhere, &fit, error))
    return FALSE;
  ok = fit.fits || !sl_text_is_blank (door->override_reason) || refuse_full (facility, entrant, &fit, error);
  g_free (fit.full_name);
  if (!ok)
    return FALSE;
  if (!fit.fits)
    {
      if (!sl_db_require (db, SL_ACTION_ADMIT_OVER_CAPACITY, error))
        return FALSE;
      visit->over_capacity_reason = g_strstrip (g_strdup (door->override_reason));
      if (!sl_text_check (visit->over_capacity_reason, "", SL_NEED_REASON_MAX_CHARS,
                          _("The reason"), SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID, error))
        return FALSE;
    }
  if (open != NULL)
    {
      if (!close_visit (db, open, error))
        return FALSE;
      door->result->left_elsewhere = g_strdup (elsewhere->name);
    }
  if (!SL_STORE (db)->visit_put (db, visit, error))
    return FALSE;
  image = sl_facility_visit_dup_image (visit);
  if (!sl_db_audit (db, fit.fits ? "enter" : "admit-over-capacity", "facility-visit", visit->id,
                    NULL, image, error))
    return FALSE;
  if (booking != NULL && booking->status != SL_BOOKING_ARRIVED
      && !set_booking_status (db, booking, SL_BOOKING_ARRIVED, "update", error))
    return FALSE;
  door->result->move = SL_DOOR_ENTERED;
  door->result->party = visit->party;
  door->result->over_capacity = !fit.fits;
  return TRUE;
}

static gboolean
door_in_write (SlDb     *db,
               gpointer  data,
               GError  **error)
{
  DoorData *door = data;
  g_autoptr(SlFacility) facility = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(SlFacilityVisit) open = NULL;
  GError *local_error = NULL;
  gboolean inside_here;
  int move;

  if (!(facility = dup_facility_locked (db, door->facility_id, error))
      || !(entrant = sl_db_dup_entrant_locked (db, door->entrant_id, error)))
    return FALSE;
  open = SL_STORE (db)->visit_open_get (db, entrant->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  inside_here = open != NULL && open->facility_id == facility->id;
  move = door->move >= 0 ? door->move : inside_here ? SL_DOOR_LEFT : SL_DOOR_ENTERED;
  if (move == SL_DOOR_ENTERED && inside_here)
    {
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
                   _("Bib %s is inside %s already"), entrant->bib, facility->name);
      return FALSE;
    }
  if (move == SL_DOOR_LEFT && !inside_here)
    {
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
                   _("Bib %s is not inside %s"), entrant->bib, facility->name);
      return FALSE;
    }
  if (move == SL_DOOR_LEFT)
    {
      if (!close_visit (db, open, error))
        return FALSE;
      door->result->move = SL_DOOR_LEFT;
      door->result->party = open->party;
    }
  else if (!enter_locked (db, door, facility, entrant, open, error))
    return FALSE;
  door->result->bib = g_strdup (entrant->bib);
  door->result->name = g_strdup_printf ("%s %s", entrant->first_name, entrant->last_name);
  door->result->capacity = facility->capacity;
  return SL_STORE (db)->facility_inside (db, facility->id, &door->result->inside, error);
}

static gboolean
door_move (SlDb          *db,
           gint64         facility_id,
           gint64         entrant_id,
           const char    *override_reason,
           int            move,
           SlDoorResult  *result,
           GError       **error)
{
  SlDoorResult local = { 0 };
  DoorData door = { facility_id, entrant_id, override_reason, move,
                    result != NULL ? result : &local, -1 };
  gboolean ok;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  ok = sl_db_run_write (db, door_in_write, &door, error);
  if (!ok || result == NULL)
    sl_door_result_clear (door.result);
  return ok;
}

gboolean
sl_db_enter_facility_locked (SlDb          *db,
                             gint64         facility_id,
                             gint64         entrant_id,
                             int            minute,
                             SlDoorResult  *result,
                             GError       **error)
{
  SlDoorResult local = { 0 };
  DoorData door = { facility_id, entrant_id, NULL, SL_DOOR_ENTERED,
                    result != NULL ? result : &local, minute };
  gboolean ok = door_in_write (db, &door, error);

  if (!ok || result == NULL)
    sl_door_result_clear (door.result);
  return ok;
}

gboolean
sl_db_enter_facility (SlDb          *db,
                      gint64         facility_id,
                      gint64         entrant_id,
                      const char    *override_reason,
                      SlDoorResult  *result,
                      GError       **error)
{
  return door_move (db, facility_id, entrant_id, override_reason, SL_DOOR_ENTERED, result, error);
}

gboolean
sl_db_leave_facility (SlDb          *db,
                      gint64         facility_id,
                      gint64         entrant_id,
                      SlDoorResult  *result,
                      GError       **error)
{
  return door_move (db, facility_id, entrant_id, NULL, SL_DOOR_LEFT, result, error);
}

gboolean
sl_db_door_scan (SlDb          *db,
                 gint64         facility_id,
                 gint64         entrant_id,
                 const char    *override_reason,
                 SlDoorResult  *result,
                 GError       **error)
{
  return door_move (db, facility_id, entrant_id, override_reason, -1, result, error);
}
