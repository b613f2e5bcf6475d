/* sl-booking-text.c — facilities, slots and bookings in words, and the
 * lists that pick them
 *
 * Shared by the desk card, the entrant needs dialog and the allocation
 * dialog, so that a booking reads the same everywhere: the facility, its
 * location, the slot's times and the status. Nothing here knows of needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-booking-text.h"

char *
sl_ordinal_dup (int n)
{
  int tens = n % 100;
  const char *suffix;

  if (tens >= 11 && tens <= 13)
    suffix = "th";
  else if (n % 10 == 1)
    suffix = "st";
  else if (n % 10 == 2)
    suffix = "nd";
  else if (n % 10 == 3)
    suffix = "rd";
  else
    suffix = "th";
  /* Translators: a place in a waiting list, "3rd". %d is the number and
   * %s the English suffix (st, nd, rd, th): drop it where it does not fit.
   */
  return g_strdup_printf (C_("ordinal", "%d%s"), n, suffix);
}

/* The times a slot of the facility spans, as HH:MM, put in format (two %s:
 * the start, the end).
 */
static char *
dup_slot_times (const SlFacility *facility,
                int               slot,
                const char       *format)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int start, end;

  sl_facility_slot_span (facility, slot, &start, &end);
  from = sl_time_of_day_format (start);
  to = sl_time_of_day_format (end);
  return g_strdup_printf (format, from, to);
}

char *
sl_slot_dup_span_text (const SlFacility *facility,
                       int               slot)
{
  g_return_val_if_fail (facility != NULL, NULL);

  return dup_slot_times (facility, slot, "%s–%s");
}

char *
sl_slot_dup_label (const SlFacility *facility,
                   int               slot)
{
  g_return_val_if_fail (facility != NULL, NULL);

  if (slot == SL_SLOT_DAY)
    /* Translators: a drop-in facility's one slot, "08:00–18:00, drop-in". */
    return dup_slot_times (facility, slot, _("%s–%s, drop-in"));
  /* Translators: a bookable slot, "08:30–09:00". */
  return dup_slot_times (facility, slot, _("%s–%s"));
}

char *
sl_facility_dup_place (const SlFacility *facility)
{
  g_return_val_if_fail (facility != NULL, NULL);

  if (facility->location != NULL && *facility->location != '\0')
    /* Translators: a facility and where it is, "Calm space, Finish". */
    return g_strdup_printf (_("%s, %s"), facility->name, facility->location);
  return g_strdup (facility->name);
}

char *
sl_booking_dup_status (SlBookingStatus status,
                       int             position)
{
  if (status == SL_BOOKING_WAITING && position > 0)
    {
      g_autofree char *place = sl_ordinal_dup (position);

      /* Translators: a booking on a waiting list, "waiting, 3rd". */
      return g_strdup_printf (_("waiting, %s"), place);
    }
  switch (status)
    {
    case SL_BOOKING_CONFIRMED:
      return g_strdup (_("confirmed"));
    case SL_BOOKING_WAITING:
      return g_strdup (_("waiting"));
    case SL_BOOKING_CANCELLED:
      return g_strdup (_("cancelled"));
    case SL_BOOKING_ARRIVED:
      return g_strdup (_("arrived"));
    case SL_BOOKING_LEFT:
      return g_strdup (_("left"));
    case SL_BOOKING_NO_SHOW:
      return g_strdup (_("no-show"));
    case SL_N_BOOKING_STATUSES:
    default:
      return g_strdup ("");
    }
}

char *
sl_booking_dup_when (const SlBooking  *booking,
                     const SlFacility *facility)
{
  g_autofree char *slot = NULL;
  g_autofree char *status = NULL;

  g_return_val_if_fail (booking != NULL, NULL);

  slot = facility != NULL ? sl_slot_dup_label (facility, booking->slot)
                          : sl_time_of_day_format (booking->slot);
  status = sl_booking_dup_status (booking->status, booking->position);
  /* Translators: a booking's slot and status, "08:30–09:00, confirmed". */
  return g_strdup_printf (_("%s, %s"), slot, status);
}

char *
sl_booking_dup_text (const SlBooking  *booking,
                     const SlFacility *facility)
{
  g_autofree char *place = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (booking != NULL, NULL);

  place = facility != NULL ? sl_facility_dup_place (facility)
                           : g_strdup (booking->facility_name ?: "");
  when = sl_booking_dup_when (booking, facility);
  /* Translators: a booking, "Calm space, Finish — 08:30–09:00, confirmed". */
  text = g_strdup_printf (_("%s — %s"), place, when);
  if (booking->link_id != 0 && booking->companion_name != NULL)
    /* Translators: a booking made for a companion, "… confirmed, for Pat Lee". */
    return g_strdup_printf (_("%s, for %s"), text, booking->companion_name);
  return g_steal_pointer (&text);
}

GPtrArray *
sl_facilities_dup_open (SlDb    *db,
                        GError **error)
{
  g_autoptr(GPtrArray) all = sl_db_list_facilities (db, error);

  if (all == NULL)
    return NULL;
  for (guint i = all->len; i > 0; i--)
    if (((SlFacility *)g_ptr_array_index (all, i - 1))->closed)
      g_ptr_array_remove_index (all, i - 1);
  return g_steal_pointer (&all);
}

GtkStringList *
sl_facility_labels_new (GPtrArray *facilities)
{
  GtkStringList *labels = gtk_string_list_new (NULL);

  for (guint i = 0; facilities != NULL && i < facilities->len; i++)
    {
      g_autofree char *place = sl_facility_dup_place (g_ptr_array_index (facilities, i));

      gtk_string_list_append (labels, place);
    }
  return labels;
}

GtkStringList *
sl_slot_labels_new (SlDb              *db,
                    const SlFacility  *facility,
                    GArray           **slots)
{
  GtkStringList *labels = gtk_string_list_new (NULL);
  g_autoptr(GArray) figures = NULL;

  g_return_val_if_fail (facility != NULL && slots != NULL, labels);

  *slots = sl_facility_slots (facility);
  if (db != NULL)
    figures = sl_db_list_slot_figures (db, facility->id, NULL);
  for (guint i = 0; i < (*slots)->len; i++)
    {
      int slot = g_array_index (*slots, int, i);
      g_autofree char *times = sl_slot_dup_label (facility, slot);
      g_autofree char *label = NULL;
      const SlSlotFigures *f = NULL;

      for (guint j = 0; figures != NULL && j < figures->len; j++)
        if (g_array_index (figures, SlSlotFigures, j).slot == slot)
          f = &g_array_index (figures, SlSlotFigures, j);
      if (f != NULL && f->waiting > 0)
        /* Translators: a slot and its figures, "08:30–09:00 · 10 of 10 booked, 2 waiting". */
        label = g_strdup_printf (_("%s · %d of %d booked, %d waiting"), times, f->confirmed,
                                 f->capacity, f->waiting);
      else if (f != NULL)
        /* Translators: a slot and its figures, "08:30–09:00 · 6 of 10 booked". */
        label = g_strdup_printf (_("%s · %d of %d booked"), times, f->confirmed, f->capacity);
      else
        label = g_strdup (times);
      gtk_string_list_append (labels, label);
    }
  return labels;
}
