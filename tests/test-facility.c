/* test-facility.c — facilities' plain rules: kinds, statuses, times,
 * validation, slots, images and the first-who-fits walk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-test-util.h"

static void
test_kinds_and_statuses (void)
{
  static const char *kind_ids[] = { "quiet-space", "faith-space", "family-area",
                                    "breastfeeding-room", "accessible-toilet",
                                    "changing-places", "welfare-hub", "other" };
  static const char *status_ids[] = { "confirmed", "waiting", "cancelled", "arrived", "left",
                                      "no-show" };

  g_assert_cmpuint (G_N_ELEMENTS (kind_ids), ==, SL_N_FACILITY_KINDS);
  for (guint i = 0; i < SL_N_FACILITY_KINDS; i++)
    {
      SlFacilityKind kind;

      g_assert_cmpstr (sl_facility_kind_to_id (i), ==, kind_ids[i]);
      g_assert_true (sl_facility_kind_from_id (kind_ids[i], &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_nonnull (sl_facility_kind_to_label (i));
    }
  g_assert_false (sl_facility_kind_from_id ("Quiet-Space", &(SlFacilityKind){ 0 }));
  g_assert_false (sl_facility_kind_from_id (NULL, &(SlFacilityKind){ 0 }));

  for (guint i = 0; i < SL_N_BOOKING_STATUSES; i++)
    {
      SlBookingStatus status;

      g_assert_cmpstr (sl_booking_status_to_id (i), ==, status_ids[i]);
      g_assert_true (sl_booking_status_from_id (status_ids[i], &status));
      g_assert_cmpint (status, ==, i);
    }
  g_assert_true (sl_booking_status_holds_place (SL_BOOKING_CONFIRMED));
  g_assert_true (sl_booking_status_holds_place (SL_BOOKING_ARRIVED));
  g_assert_false (sl_booking_status_holds_place (SL_BOOKING_WAITING));
  g_assert_true (sl_booking_status_holds_place (SL_BOOKING_LEFT));
  g_assert_false (sl_booking_status_holds_place (SL_BOOKING_CANCELLED));
  g_assert_false (sl_booking_status_holds_place (SL_BOOKING_NO_SHOW));
}

static void
test_time_of_day (void)
{
  static const struct { const char *text; int minutes; } good[] = {
    { "00:00", 0 }, { "8:30", 510 }, { "08:30", 510 }, { "23:59", 1439 }, { "12:05", 725 },
  };
  static const char *bad[] = { "", "24:00", "8", "08:60", "08:3", "008:30", "08:30 ",
                               " 08:30", "-1:00", "8.30", "ab:cd", "08:300", ":30" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      int minutes = -5;

      g_assert_true (sl_time_of_day_parse (good[i].text, &minutes, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minutes, ==, good[i].minutes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      int minutes = -5;

      g_assert_false (sl_time_of_day_parse (bad[i], &minutes, &error));
      g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "HH:MM"));
      g_assert_cmpint (minutes, ==, -5);
    }
  g_assert_false (sl_time_of_day_parse (NULL, &(int){ 0 }, NULL));

  {
    g_autofree char *a = sl_time_of_day_format (510);
    g_autofree char *b = sl_time_of_day_format (SL_SLOT_DAY);
    g_autofree char *c = sl_time_of_day_format (0);

    g_assert_cmpstr (a, ==, "08:30");
    g_assert_cmpstr (b, ==, "day");
    g_assert_cmpstr (c, ==, "00:00");
  }
}

static SlFacility
calm_space (void)
{
  SlFacility f = { 0 };

  f.kind = SL_FACILITY_QUIET_SPACE;
  f.name = (char *)"Calm space";
  f.capacity = 10;
  f.opens = 8 * 60;
  f.closes = 10 * 60;
  f.slot_minutes = 30;
  return f;
}

static void
test_validate (void)
{
  SlFacility f = calm_space ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_facility_validate (&f, &error));
  g_assert_no_error (error);

#define REFUSED(stmt, fragment) \
  G_STMT_START { \
    SlFacility g = calm_space (); \
    g_autoptr(GError) e = NULL; \
    stmt; \
    g_assert_false (sl_facility_validate (&g, &e)); \
    g_assert_error (e, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID); \
    g_assert_nonnull (strstr (e->message, fragment)); \
    g_assert_null (strchr (e->message, '\n')); \
  } G_STMT_END

  REFUSED (g.name = (char *)"  ", "name");
  REFUSED (g.name = NULL, "name");
  REFUSED (g.name = (char *)"Calm\tspace", "name");
  REFUSED (g.location = (char *)"Finish\xe2\x80\xae", "location");
  REFUSED (g.capacity = 0, "capacity");
  REFUSED (g.capacity = SL_FACILITY_CAPACITY_MAX + 1, "capacity");
  REFUSED (g.closes = g.opens, "opens before it closes");
  REFUSED (g.opens = 600; g.closes = 480, "opens before it closes");
  REFUSED (g.slot_minutes = 4, "slot");
  REFUSED (g.slot_minutes = 121, "slot");
  REFUSED (g.kind = SL_N_FACILITY_KINDS, "kind");
  REFUSED (g.id = 3; g.parent_id = 3, "itself");
#undef REFUSED

  f.slot_minutes = 0;
  g_assert_true (sl_facility_validate (&f, NULL));
  f.slot_minutes = 120;
  g_assert_true (sl_facility_validate (&f, NULL));
}

static void
test_slots (void)
{
  SlFacility f = calm_space ();
  g_autoptr(GArray) slots = sl_facility_slots (&f);
  g_autoptr(GArray) day = NULL;
  g_autoptr(GError) error = NULL;
  int start, end;

  g_assert_cmpuint (slots->len, ==, 4);
  g_assert_cmpint (g_array_index (slots, int, 0), ==, 480);
  g_assert_cmpint (g_array_index (slots, int, 3), ==, 570);
  g_assert_true (sl_facility_check_slot (&f, 510, NULL));
  /* Off the grid, before opening, ending after closing, no slot. */
  g_assert_false (sl_facility_check_slot (&f, 515, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NO_SUCH_SLOT);
  g_assert_nonnull (strstr (error->message, "08:00"));
  g_assert_nonnull (strstr (error->message, "10:00"));
  g_clear_error (&error);
  g_assert_false (sl_facility_check_slot (&f, 450, NULL));
  g_assert_false (sl_facility_check_slot (&f, 600, NULL));
  g_assert_false (sl_facility_check_slot (&f, SL_SLOT_DAY, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NO_SUCH_SLOT);
  g_clear_error (&error);
  sl_facility_slot_span (&f, 510, &start, &end);
  g_assert_cmpint (start, ==, 510);
  g_assert_cmpint (end, ==, 540);

  /* A slot length that does not divide the hours: the last one ends by closing. */
  f.slot_minutes = 45;
  g_clear_pointer (&slots, g_array_unref);
  slots = sl_facility_slots (&f);
  g_assert_cmpuint (slots->len, ==, 2);

  /* Drop-in: the day. */
  f.slot_minutes = 0;
  day = sl_facility_slots (&f);
  g_assert_cmpuint (day->len, ==, 1);
  g_assert_cmpint (g_array_index (day, int, 0), ==, SL_SLOT_DAY);
  g_assert_true (sl_facility_check_slot (&f, SL_SLOT_DAY, NULL));
  g_assert_false (sl_facility_check_slot (&f, 480, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NO_SUCH_SLOT);
  sl_facility_slot_span (&f, SL_SLOT_DAY, &start, &end);
  g_assert_cmpint (start, ==, 480);
  g_assert_cmpint (end, ==, 600);
}

static void
test_images (void)
{
  SlFacility f = calm_space ();
  SlBooking b = { 0 };
  SlFacilityVisit v = { 0 };
  g_autofree char *fi = NULL;
  g_autofree char *bi = NULL;
  g_autofree char *vi = NULL;
  g_autoptr(SlFacility) copy = NULL;

  f.location = (char *)"Finish";
  f.parent_id = 2;
  fi = sl_facility_dup_image (&f);
  g_assert_cmpstr (fi, ==, "{\"kind\":\"quiet-space\",\"name\":\"Calm space\",\"location\":\"Finish\","
                           "\"capacity\":10,\"opens\":\"08:00\",\"closes\":\"10:00\","
                           "\"slot_minutes\":30,\"parent_id\":2,\"closed\":false}");
  copy = sl_facility_copy (&f);
  g_assert_cmpstr (copy->name, ==, "Calm space");
  g_assert_true (copy->name != f.name);

  b.facility_id = 1;
  b.entrant_id = 7;
  b.slot = 510;
  b.party = 2;
  b.status = SL_BOOKING_WAITING;
  bi = sl_booking_dup_image (&b);
  g_assert_cmpstr (bi, ==, "{\"facility_id\":1,\"entrant_id\":7,\"slot\":\"08:30\",\"party\":2,"
                           "\"status\":\"waiting\"}");

  v.facility_id = 1;
  v.entrant_id = 7;
  v.party = 1;
  v.entered_at = (char *)"2026-04-26T08:31:00.000Z";
  v.over_capacity_reason = (char *)"carer";
  vi = sl_facility_visit_dup_image (&v);
  g_assert_cmpstr (vi, ==, "{\"facility_id\":1,\"entrant_id\":7,\"party\":1,"
                           "\"entered_at\":\"2026-04-26T08:31:00.000Z\","
                           "\"over_capacity_reason\":\"carer\"}");
}

/* The rule: a party that does not fit keeps its place; a smaller one
 * behind it that fits is confirmed.
 */
static void
test_first_who_fits (void)
{
  const int parties[] = { 4, 1, 2, 1, 1 };
  gboolean promote[G_N_ELEMENTS (parties)];

  g_assert_cmpuint (sl_waiting_first_who_fits (3, parties, 5, promote), ==, 2);
  g_assert_false (promote[0]);
  g_assert_true (promote[1]);
  g_assert_true (promote[2]);
  g_assert_false (promote[3]);
  g_assert_false (promote[4]);

  g_assert_cmpuint (sl_waiting_first_who_fits (4, parties, 5, promote), ==, 1);
  g_assert_true (promote[0]);
  g_assert_false (promote[1]);

  g_assert_cmpuint (sl_waiting_first_who_fits (0, parties, 5, promote), ==, 0);
  g_assert_cmpuint (sl_waiting_first_who_fits (-2, parties, 5, promote), ==, 0);
  g_assert_cmpuint (sl_waiting_first_who_fits (100, parties, 5, promote), ==, 5);
  g_assert_cmpuint (sl_waiting_first_who_fits (3, parties, 0, promote), ==, 0);
}

/* The door's booking: the slot covering the minute, else the nearest. */
static void
test_pick_for_minute (void)
{
  SlFacility facility = { 0 };
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_booking_free);
  int slots[] = { 600, 480, 540 };

  facility.opens = 480;
  facility.closes = 720;
  facility.slot_minutes = 30;
  g_assert_cmpint (sl_booking_pick_for_minute (&facility, bookings, 500), ==, -1);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      SlBooking *booking = g_new0 (SlBooking, 1);

      booking->slot = slots[i];
      g_ptr_array_add (bookings, booking);
    }
  g_assert_cmpint (sl_booking_pick_for_minute (&facility, bookings, 480), ==, 1);
  g_assert_cmpint (sl_booking_pick_for_minute (&facility, bookings, 509), ==, 1);
  g_assert_cmpint (sl_booking_pick_for_minute (&facility, bookings, 545), ==, 2);
  g_assert_cmpint (sl_booking_pick_for_minute (&facility, bookings, 629), ==, 0);
  /* Between slots and outside the hours: the nearest. */
  g_assert_cmpint (sl_booking_pick_for_minute (&facility, bookings, 595), ==, 0);
  g_assert_cmpint (sl_booking_pick_for_minute (&facility, bookings, 575), ==, 2);
  g_assert_cmpint (sl_booking_pick_for_minute (&facility, bookings, 60), ==, 1);
  g_assert_cmpint (sl_booking_pick_for_minute (&facility, bookings, 1400), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/facility/kinds-and-statuses", test_kinds_and_statuses);
  g_test_add_func ("/facility/time-of-day", test_time_of_day);
  g_test_add_func ("/facility/validate", test_validate);
  g_test_add_func ("/facility/slots", test_slots);
  g_test_add_func ("/facility/images", test_images);
  g_test_add_func ("/facility/first-who-fits", test_first_who_fits);
  g_test_add_func ("/facility/pick-for-minute", test_pick_for_minute);
  return g_test_run ();
}
