/* sl-facility.c — facilities, slots, bookings: kinds, statuses, times,
 * validation, images and the first-who-fits walk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-facility.h"
#include "sl-json-image.h"
#include "sl-types.h"

G_DEFINE_QUARK (sl-facility-error-quark, sl_facility_error)

static const SlIdLabel kinds_names[SL_N_FACILITY_KINDS] = {
  { "quiet-space", N_("Quiet space") },
  { "faith-space", N_("Faith space") },
  { "family-area", N_("Family area") },
  { "breastfeeding-room", N_("Breastfeeding room") },
  { "accessible-toilet", N_("Accessible toilet") },
  { "changing-places", N_("Changing places") },
  { "welfare-hub", N_("Welfare hub") },
  { "other", N_("Other") },
};
static const SlIdLabelTable kinds = SL_ID_LABEL_TABLE (kinds_names, FALSE);

static const SlIdLabel statuses_names[SL_N_BOOKING_STATUSES] = {
  { "confirmed", N_("Confirmed") },
  { "waiting", N_("Waiting") },
  { "cancelled", N_("Cancelled") },
  { "arrived", N_("Arrived") },
  { "left", N_("Left") },
  { "no-show", N_("No-show") },
};
static const SlIdLabelTable statuses = SL_ID_LABEL_TABLE (statuses_names, FALSE);

const char *
sl_facility_kind_to_id (SlFacilityKind kind)
{
  return sl_id_label_table_id (&kinds, kind);
}

gboolean
sl_facility_kind_from_id (const char     *id,
                          SlFacilityKind *kind)
{
  int i = sl_id_label_table_find (&kinds, id);

  if (i >= 0)
    *kind = (SlFacilityKind)i;
  return i >= 0;
}

const char *
sl_facility_kind_to_label (SlFacilityKind kind)
{
  return sl_id_label_table_label (&kinds, kind);
}

const char *
sl_booking_status_to_id (SlBookingStatus status)
{
  return sl_id_label_table_id (&statuses, status);
}

gboolean
sl_booking_status_from_id (const char      *id,
                           SlBookingStatus *status)
{
  int i = sl_id_label_table_find (&statuses, id);

  if (i >= 0)
    *status = (SlBookingStatus)i;
  return i >= 0;
}

const char *
sl_booking_status_to_label (SlBookingStatus status)
{
  return sl_id_label_table_label (&statuses, status);
}

gboolean
sl_booking_status_holds_place (SlBookingStatus status)
{
  return status == SL_BOOKING_CONFIRMED || status == SL_BOOKING_ARRIVED
         || status == SL_BOOKING_LEFT;
}

/* ---- Times of day ---------------------------------------------------- */

gboolean
sl_time_of_day_parse (const char  *text,
                      int         *minutes,
                      GError     **error)
{
  const char *p = text;
  int hours = 0, mins = 0, n_hour_digits = 0;

  if (p != NULL)
    {
      while (g_ascii_isdigit (*p) && n_hour_digits < 3)
        {
          hours = hours * 10 + (*p - '0');
          n_hour_digits++;
          p++;
        }
    }
  if (p == NULL || n_hour_digits < 1 || n_hour_digits > 2 || *p != ':'
      || !g_ascii_isdigit (p[1]) || !g_ascii_isdigit (p[2]) || p[3] != '\0'
      || hours > 23 || (mins = (p[1] - '0') * 10 + (p[2] - '0')) > 59)
    {
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
                   _("“%s” is not a time of day: write it as HH:MM, 00:00 to 23:59"),
                   text != NULL ? text : "");
      return FALSE;
    }
  *minutes = hours * 60 + mins;
  return TRUE;
}

char *
sl_time_of_day_format (int minutes)
{
  if (minutes == SL_SLOT_DAY)
    return g_strdup ("day");
  return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
}

/* ---- Facilities ------------------------------------------------------ */

void
sl_facility_free (SlFacility *facility)
{
  if (facility == NULL)
    return;
  g_free (facility->name);
  g_free (facility->location);
  g_free (facility->parent_name);
  g_free (facility);
}

SlFacility *
sl_facility_copy (const SlFacility *facility)
{
  SlFacility *copy;

  g_return_val_if_fail (facility != NULL, NULL);
  copy = g_memdup2 (facility, sizeof *facility);
  copy->name = g_strdup (facility->name);
  copy->location = g_strdup (facility->location);
  copy->parent_name = g_strdup (facility->parent_name);
  return copy;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID, message);
  return FALSE;
}

gboolean
sl_facility_validate (const SlFacility  *facility,
                      GError           **error)
{
  g_autofree char *opens = NULL;
  g_autofree char *closes = NULL;

  if ((guint)facility->kind >= SL_N_FACILITY_KINDS)
    return invalid (error, _("Unknown kind of facility"));
  if (sl_text_is_blank (facility->name))
    return invalid (error, _("A facility needs a name"));
  if (!sl_text_check (facility->name, "", SL_FACILITY_NAME_MAX_CHARS, _("The facility's name"),
                      SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID, error)
      || !sl_text_check (facility->location, "", SL_FACILITY_LOCATION_MAX_CHARS,
                         _("The location"), SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
                         error))
    return FALSE;
  if (facility->capacity < 1 || facility->capacity > SL_FACILITY_CAPACITY_MAX)
    {
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
                   _("The capacity must be 1 to %d people, not %d"), SL_FACILITY_CAPACITY_MAX,
                   facility->capacity);
      return FALSE;
    }
  if (facility->opens < 0 || facility->closes > 24 * 60 || facility->opens >= facility->closes)
    {
      opens = sl_time_of_day_format (facility->opens);
      closes = sl_time_of_day_format (facility->closes);
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
                   _("A facility opens before it closes: %s to %s is not a time of opening"),
                   opens, closes);
      return FALSE;
    }
  if (facility->slot_minutes != 0
      && (facility->slot_minutes < 5 || facility->slot_minutes > facility->closes - facility->opens))
    {
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID,
                   _("A slot is 5 to %d minutes long (or 0 for drop-in), not %d"),
                   facility->closes - facility->opens, facility->slot_minutes);
      return FALSE;
    }
  if (facility->parent_id != 0 && facility->parent_id == facility->id)
    return invalid (error, _("A facility cannot be inside itself"));
  return TRUE;
}

GArray *
sl_facility_slots (const SlFacility *facility)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (int));

  if (facility->slot_minutes <= 0)
    {
      int day = SL_SLOT_DAY;

      g_array_append_val (slots, day);
      return slots;
    }
  for (int start = facility->opens; start + facility->slot_minutes <= facility->closes;
       start += facility->slot_minutes)
    g_array_append_val (slots, start);
  return slots;
}

gboolean
sl_facility_check_slot (const SlFacility  *facility,
                        int                slot,
                        GError           **error)
{
  g_autofree char *opens = sl_time_of_day_format (facility->opens);
  g_autofree char *closes = sl_time_of_day_format (facility->closes);
  g_autofree char *what = NULL;

  if (facility->slot_minutes <= 0)
    {
      if (slot == SL_SLOT_DAY)
        return TRUE;
      g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NO_SUCH_SLOT,
                   _("%s is drop-in (open %s to %s): it has no slots to book"),
                   facility->name, opens, closes);
      return FALSE;
    }
  if (slot >= facility->opens && slot + facility->slot_minutes <= facility->closes
      && (slot - facility->opens) % facility->slot_minutes == 0)
    return TRUE;
  what = slot == SL_SLOT_DAY ? g_strdup (_("a slot")) : sl_time_of_day_format (slot);
  if (slot == SL_SLOT_DAY)
    g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NO_SUCH_SLOT,
                 _("%s is booked by slot: give one (%d minutes each from %s, last ending by %s)"),
                 facility->name, facility->slot_minutes, opens, closes);
  else
    g_set_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NO_SUCH_SLOT,
                 _("%s has no slot at %s: its slots are %d minutes each from %s, the last ending by %s"),
                 facility->name, what, facility->slot_minutes, opens, closes);
  return FALSE;
}

void
sl_facility_slot_span (const SlFacility *facility,
                       int               slot,
                       int              *start,
                       int              *end)
{
  if (slot == SL_SLOT_DAY || facility->slot_minutes <= 0)
    {
      *start = facility->opens;
      *end = facility->closes;
      return;
    }
  *start = slot;
  *end = slot + facility->slot_minutes;
}

char *
sl_facility_dup_image (const SlFacility *facility)
{
  SlJsonImage image;
  g_autofree char *opens = sl_time_of_day_format (facility->opens);
  g_autofree char *closes = sl_time_of_day_format (facility->closes);

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "kind", sl_facility_kind_to_id (facility->kind));
  sl_json_image_add_string (&image, "name", facility->name);
  sl_json_image_add_string_if_set (&image, "location", facility->location);
  sl_json_image_add_int (&image, "capacity", facility->capacity);
  sl_json_image_add_string (&image, "opens", opens);
  sl_json_image_add_string (&image, "closes", closes);
  sl_json_image_add_int (&image, "slot_minutes", facility->slot_minutes);
  if (facility->parent_id != 0)
    sl_json_image_add_int (&image, "parent_id", facility->parent_id);
  sl_json_image_add_boolean (&image, "closed", facility->closed);
  return sl_json_image_end_to_string (&image);
}

/* ---- Bookings -------------------------------------------------------- */

void
sl_booking_free (SlBooking *booking)
{
  if (booking == NULL)
    return;
  g_free (booking->created_by);
  g_free (booking->created_at);
  g_free (booking->facility_name);
  g_free (booking->bib);
  g_free (booking->first_name);
  g_free (booking->last_name);
  g_free (booking->companion_name);
  g_free (booking);
}

char *
sl_booking_dup_image (const SlBooking *booking)
{
  SlJsonImage image;
  g_autofree char *slot = sl_time_of_day_format (booking->slot);

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "facility_id", booking->facility_id);
  sl_json_image_add_int (&image, "entrant_id", booking->entrant_id);
  if (booking->link_id != 0)
    sl_json_image_add_int (&image, "link_id", booking->link_id);
  sl_json_image_add_string (&image, "slot", slot);
  sl_json_image_add_int (&image, "party", booking->party);
  sl_json_image_add_string (&image, "status", sl_booking_status_to_id (booking->status));
  return sl_json_image_end_to_string (&image);
}

guint
sl_waiting_first_who_fits (int         free_places,
                           const int  *parties,
                           guint       n_parties,
                           gboolean   *promote)
{
  guint n = 0;

  for (guint i = 0; i < n_parties; i++)
    {
      promote[i] = parties[i] >= 1 && parties[i] <= free_places;
      if (promote[i])
        {
          free_places -= parties[i];
          n++;
        }
    }
  return n;
}

/* ---- Visits ---------------------------------------------------------- */

void
sl_facility_visit_free (SlFacilityVisit *visit)
{
  if (visit == NULL)
    return;
  g_free (visit->entered_at);
  g_free (visit->entered_by);
  g_free (visit->left_at);
  g_free (visit->over_capacity_reason);
  g_free (visit);
}

char *
sl_facility_visit_dup_image (const SlFacilityVisit *visit)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "facility_id", visit->facility_id);
  sl_json_image_add_int (&image, "entrant_id", visit->entrant_id);
  if (visit->booking_id != 0)
    sl_json_image_add_int (&image, "booking_id", visit->booking_id);
  sl_json_image_add_int (&image, "party", visit->party);
  sl_json_image_add_string (&image, "entered_at", visit->entered_at);
  sl_json_image_add_string_if_set (&image, "left_at", visit->left_at);
  sl_json_image_add_string_if_set (&image, "over_capacity_reason", visit->over_capacity_reason);
  return sl_json_image_end_to_string (&image);
}

int
sl_booking_pick_for_minute (const SlFacility *facility,
                            GPtrArray        *bookings,
                            int               minute)
{
  int best = -1, best_distance = G_MAXINT;

  g_return_val_if_fail (facility != NULL, -1);
  g_return_val_if_fail (bookings != NULL, -1);

  for (guint i = 0; i < bookings->len; i++)
    {
      const SlBooking *booking = bookings->pdata[i];
      int start, end, distance;

      sl_facility_slot_span (facility, booking->slot, &start, &end);
      distance = minute < start ? start - minute : minute >= end ? minute - end + 1 : 0;
      if (distance < best_distance)
        {
          best = (int)i;
          best_distance = distance;
        }
    }
  return best;
}
