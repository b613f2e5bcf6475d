/* test-facilities.c — the facilities service: facilities, bookings,
 * waiting lists and promotion, parents, the door, allocation, roles,
 * audit, bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-test-util.h"
#include "sl-facilities-private.h"
#include "sl-store.h"

#define OFFICER "Olu Officer"
#define PASS "correct horse battery"
#define N_PEOPLE 12

typedef struct
{
  char      *dir;
  char      *path;
  SlDb      *db;
  gint64     people[N_PEOPLE];
} Fixture;

static void
sign_in (SlDb       *db,
         const char *name)
{
  g_autoptr(GError) error = NULL;

  sl_db_sign_out (db);
  if (name == NULL)
    return;
  g_assert_true (sl_db_sign_in (db, name, PASS, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "event.startline");
  /* The file, or the server event (STARTLINE_TEST_STORE=postgres). */
  f->path = g_strdup (sl_db_get_path (f->db));
  for (guint i = 0; i < N_PEOPLE; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%u", 101 + i);
      g_autofree char *ref = g_strdup_printf ("REF-%u", 101 + i);
      g_autofree char *last = g_strdup_printf ("Runner%02u", i);
      SlEntrant *e = sl_test_add_entrant (f->db, bib, ref, "Pat", last, NULL);

      f->people[i] = e->id;
      sl_entrant_free (e);
    }
  g_assert_true (sl_db_add_staff (f->db, "Ada Admin", SL_ROLE_ADMIN, PASS, &error));
  sign_in (f->db, "Ada Admin");
  g_assert_true (sl_db_add_staff (f->db, OFFICER, SL_ROLE_OFFICER, PASS, &error));
  g_assert_true (sl_db_add_staff (f->db, "Eve Exporter", SL_ROLE_EXPORTER, PASS, &error));
  g_assert_no_error (error);
  sign_in (f->db, OFFICER);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sl_db_sign_out (f->db);
  g_clear_object (&f->db);
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

static gint64
add (Fixture        *f,
     SlFacilityKind  kind,
     const char     *name,
     int             capacity,
     int             slot_minutes,
     gint64          parent_id)
{
  SlFacility facility = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  facility.kind = kind;
  facility.name = (char *)name;
  facility.capacity = capacity;
  facility.opens = 8 * 60;
  facility.closes = 12 * 60;
  facility.slot_minutes = slot_minutes;
  facility.parent_id = parent_id;
  g_assert_true (sl_db_add_facility (f->db, &facility, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static SlBookResult
book (Fixture *f,
      gint64   facility_id,
      guint    person,
      int      slot,
      int      party)
{
  SlBookResult result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_book (f->db, facility_id, f->people[person], 0, slot, party, &result,
                             &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.booking_id, >, 0);
  return result;
}

/* Everything the facilities' tables and the audit log hold, read on a
 * connection of the test's own (the file, or the server event).
 */
static char *
snapshot (const char *path)
{
  static const char *file_queries[] = {
    "SELECT count(*) || group_concat(id || kind || name || capacity || opens || closes"
    " || slot_minutes || ifnull(parent_id, '') || closed, '|') FROM facility",
    "SELECT count(*) || group_concat(id || facility_id || entrant_id || slot || party || status,"
    " '|') FROM booking",
    "SELECT count(*) || group_concat(id || facility_id || entrant_id || party"
    " || ifnull(left_at, 'in'), '|') FROM facility_visit",
    "SELECT count(*) FROM audit_log",
  };
  static const char *server_queries[] = {
    "SELECT count(*) || coalesce(string_agg(id::text || kind || name || capacity || opens"
    " || closes || slot_minutes || coalesce(parent_id::text, '') || closed, '|' ORDER BY id), '')"
    " FROM facility",
    "SELECT count(*) || coalesce(string_agg(id::text || facility_id || entrant_id || slot"
    " || party || status, '|' ORDER BY id), '') FROM booking",
    "SELECT count(*) || coalesce(string_agg(id::text || facility_id || entrant_id || party"
    " || coalesce(left_at, 'in'), '|' ORDER BY id), '') FROM facility_visit",
    "SELECT count(*) FROM audit_log",
  };
  const char **queries = sl_pg_db_is_location (path) ? server_queries : file_queries;
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (file_queries); i++)
    {
      g_autofree char *value = sl_test_query_text (NULL, path, queries[i]);

      g_string_append_printf (out, "%s\n", value != NULL ? value : "");
    }
  return g_string_free (out, FALSE);
}

static void
test_add_list_find (Fixture       *f,
                    gconstpointer  data)
{
  gint64 family = add (f, SL_FACILITY_FAMILY_AREA, "Family area", 20, 0, 0);
  gint64 room = add (f, SL_FACILITY_BREASTFEEDING_ROOM, "Breastfeeding room", 3, 0, family);
  g_autoptr(GPtrArray) list = sl_db_list_facilities (f->db, NULL);
  g_autoptr(SlFacility) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SlFacility dup = { 0 };

  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((SlFacility *)list->pdata[0])->name, ==, "Breastfeeding room");
  g_assert_cmpstr (((SlFacility *)list->pdata[0])->parent_name, ==, "Family area");
  g_assert_cmpuint (sl_test_count_audit (f->db, "facility", room, "insert"), ==, 1);

  found = sl_db_find_facility (f->db, "  FAMILY area ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, family);
  g_assert_null (sl_db_find_facility (f->db, "Calm space", &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Breastfeeding room, Family area"));
  g_clear_error (&error);

  /* A second of one name, a parent inside a child, a missing parent:
   * refused, nothing written.
   */
  before = snapshot (f->path);
  dup.kind = SL_FACILITY_OTHER;
  dup.name = (char *)"family AREA";
  dup.capacity = 2;
  dup.opens = 600;
  dup.closes = 660;
  g_assert_false (sl_db_add_facility (f->db, &dup, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID);
  g_clear_error (&error);
  dup.name = (char *)"Nursery";
  dup.parent_id = room;
  g_assert_false (sl_db_add_facility (f->db, &dup, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID);
  g_clear_error (&error);
  dup.parent_id = 999;
  g_assert_false (sl_db_add_facility (f->db, &dup, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  dup.parent_id = 0;
  dup.capacity = -1;
  g_assert_false (sl_db_add_facility (f->db, &dup, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID);
  after = snapshot (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_waiting_and_first_who_fits (Fixture       *f,
                                 gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 3, 30, 0);
  SlBookResult r[N_PEOPLE];
  g_autoptr(GPtrArray) promoted = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GArray) figures = NULL;
  g_autoptr(GError) error = NULL;

  /* Three places: 0, 1, 2 confirmed; a party of four (3) waits first,
   * then a party of one (4) and a party of two (5).
   */
  for (guint i = 0; i < 3; i++)
    {
      r[i] = book (f, calm, i, 510, 1);
      g_assert_cmpint (r[i].status, ==, SL_BOOKING_CONFIRMED);
    }
  r[3] = book (f, calm, 3, 510, 4);
  r[4] = book (f, calm, 4, 510, 1);
  r[5] = book (f, calm, 5, 510, 2);
  for (guint i = 3; i < 6; i++)
    {
      g_assert_cmpint (r[i].status, ==, SL_BOOKING_WAITING);
      g_assert_cmpint (r[i].position, ==, i - 2);
    }

  /* One place freed: the four stays first, the one behind it goes in. */
  g_assert_true (sl_db_cancel_booking (f->db, r[0].booking_id, &promoted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (promoted->len, ==, 1);
  g_assert_cmpint (((SlBooking *)promoted->pdata[0])->id, ==, r[4].booking_id);
  g_assert_cmpstr (((SlBooking *)promoted->pdata[0])->bib, ==, "105");
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", r[4].booking_id, "promote"), ==, 1);
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", r[0].booking_id, "cancel"), ==, 1);
  g_clear_pointer (&promoted, g_ptr_array_unref);

  /* Positions close up: the four first, the two second. */
  {
    SlBookingFilter filter = SL_BOOKING_FILTER_INIT;

    filter.facility_id = calm;
    filter.slot = 510;
    list = sl_db_list_bookings (f->db, &filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 5);
    g_assert_cmpint (((SlBooking *)list->pdata[3])->id, ==, r[3].booking_id);
    g_assert_cmpint (((SlBooking *)list->pdata[3])->position, ==, 1);
    g_assert_cmpint (((SlBooking *)list->pdata[4])->id, ==, r[5].booking_id);
    g_assert_cmpint (((SlBooking *)list->pdata[4])->position, ==, 2);
  }

  /* One more freed (1 cancels): one free, neither the four nor the two
   * fit; another (2): two free, the four still does not fit, the two does.
   */
  g_assert_true (sl_db_cancel_booking (f->db, r[1].booking_id, &promoted, &error));
  g_assert_cmpuint (promoted->len, ==, 0);
  g_clear_pointer (&promoted, g_ptr_array_unref);
  g_assert_true (sl_db_cancel_booking (f->db, r[2].booking_id, &promoted, &error));
  g_assert_cmpuint (promoted->len, ==, 1);
  g_assert_cmpint (((SlBooking *)promoted->pdata[0])->id, ==, r[5].booking_id);
  g_clear_pointer (&promoted, g_ptr_array_unref);

  figures = sl_db_list_slot_figures (f->db, calm, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (figures->len, ==, 8);
  g_assert_cmpint (g_array_index (figures, SlSlotFigures, 1).slot, ==, 510);
  g_assert_cmpint (g_array_index (figures, SlSlotFigures, 1).confirmed, ==, 3);
  g_assert_cmpint (g_array_index (figures, SlSlotFigures, 1).waiting, ==, 4);
  g_assert_cmpint (g_array_index (figures, SlSlotFigures, 1).capacity, ==, 3);

  /* A waiting booking cancelled promotes no one; a cancelled one cannot be again. */
  g_assert_true (sl_db_cancel_booking (f->db, r[3].booking_id, &promoted, &error));
  g_assert_cmpuint (promoted->len, ==, 0);
  g_assert_false (sl_db_cancel_booking (f->db, r[3].booking_id, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NO_BOOKING);
}

/* A no-show frees its places as a cancellation does; only a confirmed
 * booking can be one.
 */
static void
test_no_show (Fixture       *f,
              gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 1, 0, 0);
  SlBookResult first = book (f, calm, 0, SL_SLOT_DAY, 1);
  SlBookResult second = book (f, calm, 1, SL_SLOT_DAY, 1);
  g_autoptr(GPtrArray) promoted = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (second.status, ==, SL_BOOKING_WAITING);
  g_assert_false (sl_db_mark_no_show (f->db, second.booking_id, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NO_BOOKING);
  g_clear_error (&error);
  g_assert_true (sl_db_mark_no_show (f->db, first.booking_id, &promoted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (promoted->len, ==, 1);
  g_assert_cmpint (((SlBooking *)promoted->pdata[0])->id, ==, second.booking_id);
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", first.booking_id, "no-show"), ==, 1);
}

static void
test_parent_capacity (Fixture       *f,
                      gconstpointer  data)
{
  gint64 family = add (f, SL_FACILITY_FAMILY_AREA, "Family area", 4, 0, 0);
  gint64 room = add (f, SL_FACILITY_BREASTFEEDING_ROOM, "Breastfeeding room", 3, 60, family);
  gint64 play = add (f, SL_FACILITY_OTHER, "Play corner", 3, 60, family);
  g_autoptr(GPtrArray) promoted = NULL;
  SlBookResult a, b, c, d;

  /* The parent holds 4 over the day: 3 in the room, then 1 in play fits,
   * the next in play waits though play has room.
   */
  a = book (f, room, 0, 480, 3);
  g_assert_cmpint (a.status, ==, SL_BOOKING_CONFIRMED);
  b = book (f, play, 1, 480, 1);
  g_assert_cmpint (b.status, ==, SL_BOOKING_CONFIRMED);
  c = book (f, play, 2, 480, 1);
  g_assert_cmpint (c.status, ==, SL_BOOKING_WAITING);
  /* The parent itself is full for the day. */
  d = book (f, family, 3, SL_SLOT_DAY, 1);
  g_assert_cmpint (d.status, ==, SL_BOOKING_WAITING);
  /* The play corner's free places: none at 08:00 (the parent is full),
   * its own three at 09:00.
   */
  {
    g_autoptr(GArray) figures = sl_db_list_slot_figures (f->db, play, NULL);

    g_assert_cmpint (g_array_index (figures, SlSlotFigures, 0).slot, ==, 480);
    g_assert_cmpint (g_array_index (figures, SlSlotFigures, 0).confirmed, ==, 1);
    g_assert_cmpint (g_array_index (figures, SlSlotFigures, 0).free, ==, 0);
    g_assert_cmpint (g_array_index (figures, SlSlotFigures, 1).free, ==, 3);
  }

  /* The room's booking cancelled: the sibling's list is walked too. */
  g_assert_true (sl_db_cancel_booking (f->db, a.booking_id, &promoted, NULL));
  g_assert_cmpuint (promoted->len, ==, 2);
  g_assert_cmpint (((SlBooking *)promoted->pdata[0])->id, ==, d.booking_id);
  g_assert_cmpint (((SlBooking *)promoted->pdata[1])->id, ==, c.booking_id);
}

/* A drop-in parent counts the peak of its children's slots, not their
 * sum over the day: 3 at 09:00 and 3 at 10:00 are 3 at once.
 */
static void
test_parent_peak (Fixture       *f,
                  gconstpointer  data)
{
  gint64 family = add (f, SL_FACILITY_FAMILY_AREA, "Family area", 4, 0, 0);
  gint64 room = add (f, SL_FACILITY_BREASTFEEDING_ROOM, "Breastfeeding room", 3, 60, family);
  g_autoptr(SlFacility) facility = NULL;
  g_autoptr(GError) error = NULL;
  SlBookResult day, over;

  g_assert_cmpint (book (f, room, 0, 540, 3).status, ==, SL_BOOKING_CONFIRMED);
  g_assert_cmpint (book (f, room, 1, 600, 3).status, ==, SL_BOOKING_CONFIRMED);
  day = book (f, family, 2, SL_SLOT_DAY, 1);
  g_assert_cmpint (day.status, ==, SL_BOOKING_CONFIRMED);
  /* Now 4 at 09:00 and at 10:00: full. */
  over = book (f, family, 3, SL_SLOT_DAY, 1);
  g_assert_cmpint (over.status, ==, SL_BOOKING_WAITING);
  /* The parent stays editable. */
  facility = sl_db_dup_facility (f->db, family, &error);
  g_free (facility->location);
  facility->location = g_strdup ("Hall B");
  g_assert_true (sl_db_update_facility (f->db, facility, &error));
  g_assert_no_error (error);
  facility->capacity = 3;
  g_assert_false (sl_db_update_facility (f->db, facility, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY);
  g_assert_nonnull (strstr (error->message, "4 people confirmed"));
}

/* A child's hours fall within its parent's, on adding and on editing
 * either.
 */
static void
test_child_hours (Fixture       *f,
                  gconstpointer  data)
{
  gint64 family = add (f, SL_FACILITY_FAMILY_AREA, "Family area", 4, 0, 0);
  gint64 room = add (f, SL_FACILITY_BREASTFEEDING_ROOM, "Breastfeeding room", 3, 60, family);
  SlFacility late = { 0 };
  g_autoptr(SlFacility) parent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (f->path);
  g_autofree char *after = NULL;

  late.kind = SL_FACILITY_OTHER;
  late.name = (char *)"Play corner";
  late.capacity = 2;
  late.opens = 11 * 60;
  late.closes = 13 * 60;
  late.parent_id = family;
  g_assert_false (sl_db_add_facility (f->db, &late, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "08:00 to 12:00"));
  g_clear_error (&error);
  parent = sl_db_dup_facility (f->db, family, &error);
  parent->opens = 9 * 60;
  g_assert_false (sl_db_update_facility (f->db, parent, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Breastfeeding room"));
  after = snapshot (f->path);
  g_assert_cmpstr (before, ==, after);
  (void)room;
}

static void
test_update_capacity (Fixture       *f,
                      gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 3, 30, 0);
  g_autoptr(SlFacility) facility = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SlBookResult waiting;

  for (guint i = 0; i < 3; i++)
    book (f, calm, i, 480, 1);
  waiting = book (f, calm, 3, 480, 1);
  g_assert_cmpint (waiting.status, ==, SL_BOOKING_WAITING);
  facility = sl_db_dup_facility (f->db, calm, NULL);
  g_assert_cmpint (facility->confirmed, ==, 3);
  g_assert_cmpint (facility->waiting, ==, 1);

  before = snapshot (f->path);
  facility->capacity = 2;
  g_assert_false (sl_db_update_facility (f->db, facility, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY);
  g_assert_nonnull (strstr (error->message, "3 people confirmed at 08:00"));
  g_clear_error (&error);
  /* A booked slot that would be gone. */
  facility->capacity = 3;
  facility->opens = 9 * 60;
  g_assert_false (sl_db_update_facility (f->db, facility, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY);
  g_assert_nonnull (strstr (error->message, "08:00"));
  g_clear_error (&error);
  after = snapshot (f->path);
  g_assert_cmpstr (before, ==, after);

  /* Raised: the waiting one is promoted at once. */
  facility->opens = 8 * 60;
  facility->capacity = 4;
  g_assert_true (sl_db_update_facility (f->db, facility, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", waiting.booking_id, "promote"), ==, 1);
  g_assert_cmpuint (sl_test_count_audit (f->db, "facility", calm, "update"), ==, 1);
  /* The same again writes nothing. */
  g_assert_true (sl_db_update_facility (f->db, facility, &error));
  g_assert_cmpuint (sl_test_count_audit (f->db, "facility", calm, "update"), ==, 1);
}

static void
test_closed (Fixture       *f,
             gconstpointer  data)
{
  gint64 faith = add (f, SL_FACILITY_FAITH_SPACE, "Faith space", 5, 0, 0);
  g_autoptr(GError) error = NULL;
  guint n_audit = sl_test_count_audit (f->db, "facility", faith, "close");

  g_assert_true (sl_db_set_facility_closed (f->db, faith, TRUE, &error));
  g_assert_true (sl_db_set_facility_closed (f->db, faith, TRUE, &error));
  g_assert_cmpuint (sl_test_count_audit (f->db, "facility", faith, "close"), ==, n_audit + 1);
  g_assert_false (sl_db_book (f->db, faith, f->people[0], 0, SL_SLOT_DAY, 1, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (sl_db_enter_facility (f->db, faith, f->people[0], NULL, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_true (sl_db_set_facility_closed (f->db, faith, FALSE, &error));
  g_assert_cmpuint (sl_test_count_audit (f->db, "facility", faith, "reopen"), ==, 1);
  book (f, faith, 0, SL_SLOT_DAY, 1);
}

static void
exec_sql (const char *path,
          const char *sql)
{
  g_assert_true (sl_test_exec (NULL, path, sql, NULL));
}

/* Nobody newer is confirmed while someone waiting fits: places freed
 * while closed go to the list on reopening; a booking walks the list
 * first; leaving at the door frees no place.
 */
static void
test_waiting_keeps_its_turn (Fixture       *f,
                             gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 1, 60, 0);
  gint64 hub = add (f, SL_FACILITY_WELFARE_HUB, "Welfare hub", 1, 0, 0);
  g_autoptr(GError) error = NULL;
  SlBookResult first, second, late, in, queued;

  first = book (f, calm, 0, 480, 1);
  second = book (f, calm, 1, 480, 1);
  g_assert_cmpint (second.status, ==, SL_BOOKING_WAITING);
  g_assert_true (sl_db_set_facility_closed (f->db, calm, TRUE, &error));
  g_assert_true (sl_db_cancel_booking (f->db, first.booking_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", second.booking_id, "promote"), ==, 0);
  g_assert_true (sl_db_set_facility_closed (f->db, calm, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", second.booking_id, "promote"), ==, 1);

  /* A place freed behind the service's back (an older file): the one
   * waiting is confirmed before the newcomer is counted.
   */
  late = book (f, calm, 2, 540, 1);
  queued = book (f, calm, 3, 540, 1);
  g_assert_cmpint (queued.status, ==, SL_BOOKING_WAITING);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE booking SET status = 'cancelled'"
                                            " WHERE id = %lld", (long long)late.booking_id);

    exec_sql (f->path, sql);
  }
  in = book (f, calm, 4, 540, 1);
  g_assert_cmpint (in.status, ==, SL_BOOKING_WAITING);
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", queued.booking_id, "promote"), ==, 1);

  /* Leaving the hub after a booked day frees nothing for the next. */
  book (f, hub, 5, SL_SLOT_DAY, 1);
  g_assert_true (sl_db_enter_facility (f->db, hub, f->people[5], NULL, NULL, &error));
  g_assert_true (sl_db_leave_facility (f->db, hub, f->people[5], NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (book (f, hub, 6, SL_SLOT_DAY, 1).status, ==, SL_BOOKING_WAITING);
}

/* A closed parent stops bookings, promotions and entries at its
 * children; reopening it promotes theirs.
 */
static void
test_closed_parent (Fixture       *f,
                    gconstpointer  data)
{
  gint64 family = add (f, SL_FACILITY_FAMILY_AREA, "Family area", 10, 0, 0);
  gint64 room = add (f, SL_FACILITY_BREASTFEEDING_ROOM, "Breastfeeding room", 1, 60, family);
  g_autoptr(GError) error = NULL;
  SlBookResult first, second;

  first = book (f, room, 0, 480, 1);
  second = book (f, room, 1, 480, 1);
  g_assert_true (sl_db_set_facility_closed (f->db, family, TRUE, &error));
  g_assert_false (sl_db_book (f->db, room, f->people[2], 0, 540, 1, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CLOSED);
  g_assert_nonnull (strstr (error->message, "Family area"));
  g_clear_error (&error);
  g_assert_false (sl_db_enter_facility (f->db, room, f->people[0], NULL, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_true (sl_db_cancel_booking (f->db, first.booking_id, NULL, &error));
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", second.booking_id, "promote"), ==, 0);
  g_assert_true (sl_db_set_facility_closed (f->db, family, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", second.booking_id, "promote"), ==, 1);
}

static void
test_bad_input_changes_nothing (Fixture       *f,
                                gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 3, 30, 0);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  struct { int slot; int party; int code; const char *fragment; } cases[] = {
    { 515, 1, SL_FACILITY_ERROR_NO_SUCH_SLOT, "no slot at 08:35" },
    { 12 * 60, 1, SL_FACILITY_ERROR_NO_SUCH_SLOT, "no slot at 12:00" },
    { 7 * 60, 1, SL_FACILITY_ERROR_NO_SUCH_SLOT, "no slot at 07:00" },
    { SL_SLOT_DAY, 1, SL_FACILITY_ERROR_NO_SUCH_SLOT, "by slot" },
    { 480, -1, SL_FACILITY_ERROR_INVALID, "not -1" },
    { 480, 0, SL_FACILITY_ERROR_INVALID, "not 0" },
    { 480, SL_PARTY_MAX + 1, SL_FACILITY_ERROR_INVALID, "party" },
  };

  book (f, calm, 0, 480, 1);
  before = snapshot (f->path);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (sl_db_book (f->db, calm, f->people[1], 0, cases[i].slot, cases[i].party,
                                  NULL, &error));
      g_assert_error (error, SL_FACILITY_ERROR, cases[i].code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
      g_assert_null (strchr (error->message, '\n'));
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (sl_db_book (f->db, calm, f->people[0], 0, 480, 1, NULL, &error));
    g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_ALREADY_BOOKED);
    g_clear_error (&error);
    g_assert_false (sl_db_book (f->db, 999, f->people[0], 0, 480, 1, NULL, &error));
    g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (sl_db_book (f->db, calm, 99999, 0, 480, 1, NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (sl_db_book (f->db, calm, f->people[1], 4242, 480, 1, NULL, &error));
    g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID);
  }
  after = snapshot (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_door (Fixture       *f,
           gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 3, 0, 0);
  gint64 hub = add (f, SL_FACILITY_WELFARE_HUB, "Welfare hub", 10, 0, 0);
  SlDoorResult door = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int inside = -1, capacity = -1;
  SlBookResult family;

  /* A party of two booked counts two. */
  family = book (f, calm, 0, SL_SLOT_DAY, 2);
  sl_db_sign_out (f->db);   /* the door is anyone's */
  g_assert_true (sl_db_enter_facility (f->db, calm, f->people[0], NULL, &door, &error));
  g_assert_no_error (error);
  g_assert_cmpint (door.move, ==, SL_DOOR_ENTERED);
  g_assert_cmpint (door.party, ==, 2);
  g_assert_cmpint (door.inside, ==, 2);
  g_assert_cmpint (door.capacity, ==, 3);
  g_assert_cmpstr (door.bib, ==, "101");
  sl_door_result_clear (&door);
  g_assert_true (sl_db_door_scan (f->db, calm, f->people[1], NULL, &door, &error));
  g_assert_cmpint (door.inside, ==, 3);
  sl_door_result_clear (&door);

  /* Full: refused; a desk cannot admit over capacity; nothing written. */
  before = snapshot (f->path);
  g_assert_false (sl_db_enter_facility (f->db, calm, f->people[2], NULL, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY);
  g_assert_nonnull (strstr (error->message, "3 of 3"));
  g_clear_error (&error);
  g_assert_false (sl_db_enter_facility (f->db, calm, f->people[2], "carer", NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  /* Leaving when not inside: refused, never below zero. */
  g_assert_false (sl_db_leave_facility (f->db, calm, f->people[2], NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sl_db_enter_facility (f->db, calm, f->people[1], NULL, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID);
  g_clear_error (&error);
  after = snapshot (f->path);
  g_assert_cmpstr (before, ==, after);

  /* The supervisor admits with a reason: logged. */
  sign_in (f->db, OFFICER);
  g_assert_true (sl_db_enter_facility (f->db, calm, f->people[2], "  needs her carer ", &door,
                                       &error));
  g_assert_no_error (error);
  g_assert_true (door.over_capacity);
  g_assert_cmpint (door.inside, ==, 4);
  sl_door_result_clear (&door);
  /* The reason is the visit's; its audit entry says only that one was
   * given (free text about a person: sl-db.c).
   */
  g_assert_cmpuint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                       " WHERE action = 'admit-over-capacity'"
                                       " AND after LIKE '%\"over_capacity_reason\":\"set\"%'"), ==, 1);
  g_assert_cmpuint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                       " WHERE after LIKE '%her carer%'"), ==, 0);
  g_assert_cmpuint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM facility_visit"
                                       " WHERE over_capacity_reason = 'needs her carer'"), ==, 1);

  /* Entering the hub leaves the calm space. */
  g_assert_true (sl_db_enter_facility (f->db, hub, f->people[0], NULL, &door, &error));
  g_assert_cmpstr (door.left_elsewhere, ==, "Calm space");
  g_assert_cmpint (door.party, ==, 1);
  sl_door_result_clear (&door);
  g_assert_true (sl_db_facility_occupancy (f->db, calm, &inside, &capacity, &error));
  g_assert_cmpint (inside, ==, 2);
  g_assert_cmpint (capacity, ==, 3);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM booking"
                                      " WHERE status = 'left'"), ==, 1);
  (void)family;

  /* Out on the next scan. */
  g_assert_true (sl_db_door_scan (f->db, calm, f->people[1], NULL, &door, &error));
  g_assert_cmpint (door.move, ==, SL_DOOR_LEFT);
  g_assert_cmpint (door.inside, ==, 1);
  sl_door_result_clear (&door);
}

/* Coming back in after leaving keeps the party and the booking. */
static void
test_door_comes_back (Fixture       *f,
                      gconstpointer  data)
{
  gint64 family = add (f, SL_FACILITY_FAMILY_AREA, "Family area", 10, 0, 0);
  SlBookResult five = book (f, family, 0, SL_SLOT_DAY, 5);
  SlDoorResult door = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_enter_facility (f->db, family, f->people[0], NULL, &door, &error));
  g_assert_cmpint (door.party, ==, 5);
  sl_door_result_clear (&door);
  g_assert_true (sl_db_leave_facility (f->db, family, f->people[0], NULL, &error));
  g_assert_true (sl_db_enter_facility (f->db, family, f->people[0], NULL, &door, &error));
  g_assert_no_error (error);
  g_assert_cmpint (door.party, ==, 5);
  g_assert_cmpint (door.inside, ==, 5);
  sl_door_result_clear (&door);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM booking"
                                      " WHERE status = 'arrived'"), ==, 1);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM facility_visit"
                                      " WHERE booking_id IS NOT NULL"), ==, 2);
  (void)five;
}

typedef struct
{
  gint64  facility_id;
  gint64  entrant_id;
  GError *error;
} LockedEntry;

static gboolean
enter_and_swallow (SlDb     *db,
                   gpointer  data,
                   GError  **error)
{
  LockedEntry *entry = data;

  g_assert_false (sl_db_enter_facility_locked (db, entry->facility_id, entry->entrant_id, -1,
                                               NULL, &entry->error));
  return TRUE;
}

/* A refused entry moves nobody (even when the caller carries on in its
 * write, as the demo does); one's own visit in the family counts as gone;
 * the message names the one that is full, with its figures.
 */
static void
test_door_refusal (Fixture       *f,
                   gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 1, 0, 0);
  gint64 hub = add (f, SL_FACILITY_WELFARE_HUB, "Welfare hub", 10, 0, 0);
  gint64 family = add (f, SL_FACILITY_FAMILY_AREA, "Family area", 2, 0, 0);
  gint64 room = add (f, SL_FACILITY_BREASTFEEDING_ROOM, "Breastfeeding room", 5, 0, family);
  LockedEntry entry = { calm, f->people[0], NULL };
  g_autoptr(GError) error = NULL;
  SlDoorResult door = { 0 };
  int inside = -1;

  g_assert_true (sl_db_enter_facility (f->db, calm, f->people[1], NULL, NULL, &error));
  g_assert_true (sl_db_enter_facility (f->db, hub, f->people[0], NULL, NULL, &error));
  g_assert_true (sl_db_run_write (f->db, enter_and_swallow, &entry, &error));
  g_assert_no_error (error);
  g_assert_error (entry.error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY);
  g_clear_error (&entry.error);
  g_assert_true (sl_db_facility_occupancy (f->db, hub, &inside, NULL, &error));
  g_assert_cmpint (inside, ==, 1);

  /* A party of two fills the family area; its lead steps into the room
   * inside it: it fits, as the family area's count loses the two.
   */
  book (f, family, 2, SL_SLOT_DAY, 2);
  g_assert_true (sl_db_enter_facility (f->db, family, f->people[2], NULL, NULL, &error));
  g_assert_true (sl_db_enter_facility (f->db, room, f->people[2], NULL, &door, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (door.left_elsewhere, ==, "Family area");
  sl_door_result_clear (&door);
  g_assert_true (sl_db_enter_facility (f->db, family, f->people[3], NULL, NULL, &error));
  g_assert_no_error (error);

  /* The family area is full (1 + 1): the room has room, the message
   * names the family area and its figures.
   */
  g_assert_false (sl_db_enter_facility (f->db, room, f->people[4], NULL, NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY);
  g_assert_nonnull (strstr (error->message, "Family area"));
  g_assert_nonnull (strstr (error->message, "2 of 2"));
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 3, 0, 0);
  SlFacility other = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (f->path);
  g_autofree char *after = NULL;
  const char *who[] = { NULL, "Eve Exporter" };

  other.name = (char *)"Other";
  other.capacity = 1;
  other.opens = 60;
  other.closes = 120;
  for (guint i = 0; i < G_N_ELEMENTS (who); i++)
    {
      sign_in (f->db, who[i]);
      g_assert_false (sl_db_add_facility (f->db, &other, NULL, &error));
      g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
      g_clear_error (&error);
      g_assert_false (sl_db_book (f->db, calm, f->people[0], 0, SL_SLOT_DAY, 1, NULL, &error));
      g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
      g_clear_error (&error);
      g_assert_false (sl_db_set_facility_closed (f->db, calm, TRUE, &error));
      g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
      g_clear_error (&error);
    }
  after = snapshot (f->path);
  g_assert_cmpstr (before, ==, after);
  sign_in (f->db, "Ada Admin");
  book (f, calm, 0, SL_SLOT_DAY, 1);
}

static void
test_allocation (Fixture       *f,
                 gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 3, 60, 0);
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  SlEntrantLink link = { 0 };
  g_autoptr(GPtrArray) preview = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (sl_db_record_need (f->db, f->people[i], "neurodivergent", NULL,
                                        SL_NEED_APPROVED, &error), >, 0);
  g_assert_cmpint (sl_db_record_need (f->db, f->people[5], "deaf", NULL, SL_NEED_APPROVED,
                                      &error), >, 0);
  /* Person 1 comes with an assistant: a party of two. */
  link.entrant_id = f->people[1];
  link.kind = SL_LINK_ASSISTANT;
  link.companion_name = (char *)"Carer One";
  g_assert_cmpint (sl_db_add_link (f->db, &link, &error), >, 0);
  g_assert_no_error (error);
  book (f, calm, 3, 540, 1);

  filter.type_code = "neurodivergent";
  before = snapshot (f->path);
  preview = sl_db_preview_allocation (f->db, calm, 540, &filter, &error);
  g_assert_no_error (error);
  after = snapshot (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (preview->len, ==, 4);
#define ROW(i) ((SlAllocationRow *)preview->pdata[i])
  g_assert_cmpstr (ROW (0)->bib, ==, "101");
  g_assert_cmpint (ROW (0)->outcome, ==, SL_BOOKING_CONFIRMED);
  g_assert_cmpint (ROW (1)->party, ==, 2);
  g_assert_cmpint (ROW (1)->outcome, ==, SL_BOOKING_WAITING);
  g_assert_cmpint (ROW (1)->position, ==, 1);
  g_assert_cmpint (ROW (2)->outcome, ==, SL_BOOKING_CONFIRMED);
  g_assert_true (ROW (3)->already_booked);
#undef ROW

  g_assert_true (sl_db_allocate (f->db, calm, 540, preview, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->len, ==, 4);
  g_assert_cmpint (((SlAllocationRow *)result->pdata[1])->outcome, ==, SL_BOOKING_WAITING);
  g_assert_cmpint (((SlAllocationRow *)result->pdata[1])->position, ==, 1);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM booking"
                                      " WHERE status = 'confirmed'"), ==, 3);
}

static void
test_markers_need_consent (Fixture       *f,
                           gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 5, 0, 0);
  SlBookingFilter filter = SL_BOOKING_FILTER_INIT;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 need;

  need = sl_db_record_need (f->db, f->people[0], "deaf", NULL, SL_NEED_APPROVED, &error);
  g_assert_true (sl_db_set_marker (f->db, f->people[0], SL_MARKER_DEAF, TRUE, &error));
  g_assert_true (sl_db_set_marker (f->db, f->people[1], SL_MARKER_WHEELCHAIR, TRUE, &error));
  g_assert_no_error (error);
  book (f, calm, 0, SL_SLOT_DAY, 1);
  book (f, calm, 1, SL_SLOT_DAY, 1);
  filter.facility_id = calm;
  filter.with_markers = TRUE;
  list = sl_db_list_bookings (f->db, &filter, &error);
  g_assert_cmpuint (((SlBooking *)list->pdata[0])->markers, ==, 0);
  g_assert_cmpuint (((SlBooking *)list->pdata[1])->markers, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (sl_db_set_need_consent (f->db, need, SL_CONSENT_FACILITY, TRUE, "v1", &error));
  g_assert_no_error (error);
  list = sl_db_list_bookings (f->db, &filter, &error);
  g_assert_cmpuint (((SlBooking *)list->pdata[0])->markers, ==, 1u << SL_MARKER_DEAF);
  g_assert_cmpuint (((SlBooking *)list->pdata[1])->markers, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  filter.with_markers = FALSE;
  list = sl_db_list_bookings (f->db, &filter, &error);
  g_assert_cmpuint (((SlBooking *)list->pdata[0])->markers, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A companion's booking row never carries the entrant's markers. */
  {
    SlEntrantLink link = { 0 };
    gint64 link_id;

    link.entrant_id = f->people[0];
    link.kind = SL_LINK_ASSISTANT;
    link.companion_name = (char *)"Carer Zero";
    link_id = sl_db_add_link (f->db, &link, &error);
    g_assert_no_error (error);
    g_assert_true (sl_db_book (f->db, calm, f->people[0], link_id, SL_SLOT_DAY, 1, NULL, &error));
    g_assert_no_error (error);
  }
  filter.with_markers = TRUE;
  list = sl_db_list_bookings (f->db, &filter, &error);
  g_assert_cmpuint (list->len, ==, 3);
  for (guint i = 0; i < list->len; i++)
    {
      SlBooking *booking = list->pdata[i];

      g_assert_cmpuint (booking->markers, ==,
                        booking->entrant_id == f->people[0] && booking->link_id == 0
                        ? 1u << SL_MARKER_DEAF : 0);
    }
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Consent on a withdrawn need counts for nothing. */
  g_assert_true (sl_db_set_need_status (f->db, need, SL_NEED_WITHDRAWN, NULL, &error));
  g_assert_no_error (error);
  list = sl_db_list_bookings (f->db, &filter, &error);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpuint (((SlBooking *)list->pdata[i])->markers, ==, 0);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  SlFacility facility = { 0 };
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  SlBookResult booked = { 0 };
  SlDoorResult door = { 0 };
  g_autoptr(GPtrArray) promoted = NULL;
  gint64 id = 0;

  facility.kind = SL_FACILITY_CHANGING_PLACES;
  facility.name = (char *)"Changing places";
  facility.capacity = 1;
  facility.opens = 480;
  facility.closes = 720;
  facility.slot_minutes = 20;
  sl_db_add_facility_async (f->db, &facility, NULL, on_done, &result);
  g_assert_true (sl_db_write_facility_finish (f->db, wait_for (&result), &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_clear_object (&result);

  sl_db_book_async (f->db, id, f->people[0], 0, 500, 1, NULL, on_done, &result);
  g_assert_true (sl_db_book_finish (f->db, wait_for (&result), &booked, &error));
  g_assert_cmpint (booked.status, ==, SL_BOOKING_CONFIRMED);
  g_clear_object (&result);
  sl_db_book_async (f->db, id, f->people[1], 0, 500, 1, NULL, on_done, &result);
  g_assert_true (sl_db_book_finish (f->db, wait_for (&result), NULL, &error));
  g_clear_object (&result);

  sl_db_cancel_booking_async (f->db, booked.booking_id, NULL, on_done, &result);
  g_assert_true (sl_db_free_booking_finish (f->db, wait_for (&result), &promoted, &error));
  g_assert_cmpuint (promoted->len, ==, 1);
  g_clear_object (&result);

  sl_db_door_scan_async (f->db, id, f->people[1], NULL, NULL, on_done, &result);
  g_assert_true (sl_db_door_scan_finish (f->db, wait_for (&result), &door, &error));
  g_assert_cmpint (door.inside, ==, 1);
  sl_door_result_clear (&door);
  g_clear_object (&result);

  /* A refusal comes back as the error. */
  sl_db_book_async (f->db, id, f->people[2], 0, 501, 1, NULL, on_done, &result);
  g_assert_false (sl_db_book_finish (f->db, wait_for (&result), NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_NO_SUCH_SLOT);
  g_clear_object (&result);
}

/* The async forms of update, allocate and the roster export: the same
 * work and the same refusals, in a worker thread.
 */
static void
test_async_update_allocate_roster (Fixture       *f,
                                   gconstpointer  data)
{
  gint64 calm = add (f, SL_FACILITY_QUIET_SPACE, "Calm space", 1, 60, 0);
  g_autoptr(SlFacility) facility = sl_db_dup_facility (f->db, calm, NULL);
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  g_autoptr(GPtrArray) preview = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "roster.csv", NULL);
  GAsyncResult *result = NULL;
  SlBookResult waiting;
  guint n_rows = 0;

  book (f, calm, 0, 480, 1);
  waiting = book (f, calm, 1, 480, 1);
  g_assert_cmpint (waiting.status, ==, SL_BOOKING_WAITING);

  /* Update: raised, the one waiting is promoted; too low, refused. */
  facility->capacity = 2;
  sl_db_update_facility_async (f->db, facility, NULL, on_done, &result);
  g_assert_true (sl_db_write_facility_finish (f->db, wait_for (&result), NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", waiting.booking_id, "promote"), ==, 1);
  facility->capacity = 1;
  sl_db_update_facility_async (f->db, facility, NULL, on_done, &result);
  g_assert_false (sl_db_write_facility_finish (f->db, wait_for (&result), NULL, &error));
  g_assert_error (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Allocate: the previewed rows booked. */
  g_assert_cmpint (sl_db_record_need (f->db, f->people[4], "deaf", NULL, SL_NEED_APPROVED,
                                      &error), >, 0);
  filter.type_code = "deaf";
  preview = sl_db_preview_allocation (f->db, calm, 540, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->len, ==, 1);
  sl_db_allocate_async (f->db, calm, 540, preview, NULL, on_done, &result);
  g_assert_true (sl_db_allocate_finish (f->db, wait_for (&result), &rows, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (((SlAllocationRow *)rows->pdata[0])->outcome, ==, SL_BOOKING_CONFIRMED);

  /* The roster: the desk is refused and no file is made; the officer
   * gets it.
   */
  sign_in (f->db, NULL);
  sl_db_export_roster_async (f->db, calm, SL_SLOT_ANY, csv, NULL, on_done, &result);
  g_assert_false (sl_db_export_roster_finish (f->db, wait_for (&result), NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  sign_in (f->db, "Eve Exporter");
  sl_db_export_roster_async (f->db, calm, SL_SLOT_ANY, csv, NULL, on_done, &result);
  g_assert_true (sl_db_export_roster_finish (f->db, wait_for (&result), &n_rows, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (n_rows, ==, 3);
  g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/facilities/add-list-find", test_add_list_find);
  ADD ("/facilities/waiting-first-who-fits", test_waiting_and_first_who_fits);
  ADD ("/facilities/no-show", test_no_show);
  ADD ("/facilities/parent-capacity", test_parent_capacity);
  ADD ("/facilities/parent-peak", test_parent_peak);
  ADD ("/facilities/child-hours", test_child_hours);
  ADD ("/facilities/update-capacity", test_update_capacity);
  ADD ("/facilities/closed", test_closed);
  ADD ("/facilities/waiting-keeps-its-turn", test_waiting_keeps_its_turn);
  ADD ("/facilities/closed-parent", test_closed_parent);
  ADD ("/facilities/bad-input-changes-nothing", test_bad_input_changes_nothing);
  ADD ("/facilities/door", test_door);
  ADD ("/facilities/door-comes-back", test_door_comes_back);
  ADD ("/facilities/door-refusal", test_door_refusal);
  ADD ("/facilities/roles", test_roles);
  ADD ("/facilities/allocation", test_allocation);
  ADD ("/facilities/markers-need-consent", test_markers_need_consent);
  ADD ("/facilities/async", test_async);
  ADD ("/facilities/async-update-allocate-roster", test_async_update_allocate_roster);
#undef ADD
  return g_test_run ();
}
