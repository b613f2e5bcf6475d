/* test-facilities-page.c — the Facilities page, its timeline, the facility
 * dialog and door mode, driven in-process on a display against a real
 * event whose facilities and bookings are made through the core's API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-test-ui.h"
#include "sl-test-util.h"

#include <adwaita.h>

#include "sl-application.h"
#include "sl-core.h"
#include "sl-door-window.h"
#include "sl-entry-row.h"
#include "sl-facilities-page.h"
#include "sl-facilities.h"
#include "sl-facility-dialog.h"
#include "sl-sign-in-dialog.h"
#include "sl-slot-bar.h"
#include "sl-slot-timeline.h"
#include "sl-staff.h"
#include "sl-widgets.h"
#include "sl-window.h"

#define OFFICER "Olu Officer"
#define PASS "correct horse battery"
#define N_PEOPLE 8

typedef struct
{
  char             *dir;
  SlDb             *db;
  GtkWindow        *window;
  SlFacilitiesPage *page;
  SlEntrant        *people[N_PEOPLE];
  gint64            calm, family, room, faith;
  gint64            b_amara, b_ben, b_chloe, b_david;
} Fixture;

static void
add_accounts (SlDb *db)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_add_staff (db, "Ada Admin", SL_ROLE_ADMIN, PASS, &error));
  g_assert_true (sl_db_sign_in (db, "Ada Admin", PASS, &error));
  g_assert_true (sl_db_add_staff (db, OFFICER, SL_ROLE_OFFICER, PASS, &error));
  g_assert_no_error (error);
  sl_db_sign_out (db);
}

static gint64
add_facility (SlDb           *db,
              SlFacilityKind  kind,
              const char     *name,
              const char     *location,
              int             capacity,
              int             slot_minutes,
              gint64          parent)
{
  g_autoptr(GError) error = NULL;
  SlFacility f = { 0 };
  gint64 id = 0;

  f.kind = kind;
  f.name = (char *)name;
  f.location = (char *)location;
  f.capacity = capacity;
  f.opens = 8 * 60;
  f.closes = 10 * 60;
  f.slot_minutes = slot_minutes;
  f.parent_id = parent;
  g_assert_true (sl_db_add_facility (db, &f, &id, &error));
  g_assert_no_error (error);
  return id;
}

static gint64
book (Fixture   *f,
      gint64     facility,
      SlEntrant *e,
      int        slot,
      int        party,
      SlBookingStatus expected)
{
  g_autoptr(GError) error = NULL;
  SlBookResult result = { 0 };

  g_assert_true (sl_db_book (f->db, facility, e->id, 0, slot, party, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.status, ==, expected);
  return result.booking_id;
}

static void
show_page (Fixture *f)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 700);
  f->page = SL_FACILITIES_PAGE (sl_facilities_page_new (f->db));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  sl_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *names[N_PEOPLE][2] = {
    { "Amara", "Okafor" }, { "Ben", "Adams" }, { "Chloé", "Zhang" }, { "David", "Weir" },
    { "Eve", "Smith" }, { "Farah", "Khan" }, { "Gareth", "Guide" }, { "Hana", "Ito" },
  };
  g_autoptr(GError) error = NULL;

  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "event.startline");
  sl_db_set_actor (f->db, "Tester", "Desk 9");
  add_accounts (f->db);
  g_assert_true (sl_db_sign_in (f->db, OFFICER, PASS, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_PEOPLE; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%u", 40410 + i);
      g_autofree char *ref = g_strdup_printf ("R%u", i);

      f->people[i] = sl_test_add_entrant (f->db, bib, ref, names[i][0], names[i][1], NULL);
    }
  f->calm = add_facility (f->db, SL_FACILITY_QUIET_SPACE, "Calm Space", "Finish", 3, 30, 0);
  f->family = add_facility (f->db, SL_FACILITY_FAMILY_AREA, "Family Area", "Blue start", 6, 0, 0);
  f->room = add_facility (f->db, SL_FACILITY_BREASTFEEDING_ROOM, "Breastfeeding Room", NULL, 2, 0,
                          f->family);
  f->faith = add_facility (f->db, SL_FACILITY_FAITH_SPACE, "Faith Space", "Expo", 3, 0, 0);
  /* 08:30 at the calm space: full (2 + 1 of 3), two waiting (1, then 2). */
  f->b_amara = book (f, f->calm, f->people[0], 8 * 60 + 30, 2, SL_BOOKING_CONFIRMED);
  f->b_ben = book (f, f->calm, f->people[1], 8 * 60 + 30, 1, SL_BOOKING_CONFIRMED);
  f->b_chloe = book (f, f->calm, f->people[2], 8 * 60 + 30, 1, SL_BOOKING_WAITING);
  f->b_david = book (f, f->calm, f->people[3], 8 * 60 + 30, 2, SL_BOOKING_WAITING);
  book (f, f->calm, f->people[4], 9 * 60, 1, SL_BOOKING_CONFIRMED);
  show_page (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sl_test_destroy_toplevels ();
  sl_db_sign_out (f->db);
  g_clear_object (&f->db);
  for (guint i = 0; i < N_PEOPLE; i++)
    g_clear_pointer (&f->people[i], sl_entrant_free);
  sl_test_tmpdir_free (f->dir);
}

/* ---- Helpers ---------------------------------------------------------- */

static gboolean
page_idle (gpointer data)
{
  return !sl_facilities_page_get_busy (data);
}

static gboolean
door_idle (gpointer data)
{
  return !sl_door_window_get_busy (data);
}

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
}

static void
select_calm_slot (Fixture *f,
                  int      slot)
{
  g_assert_true (sl_facilities_page_select_facility (f->page, f->calm));
  g_assert_true (sl_slot_timeline_select_slot (sl_facilities_page_get_timeline (f->page), slot));
}

static gint64
booking_at (GPtrArray *bookings,
            guint      i)
{
  return i < bookings->len ? ((SlBooking *)g_ptr_array_index (bookings, i))->id : 0;
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), action, NULL));
  g_assert_true (sl_test_wait_for (page_idle, f->page));
}

/* ---- The page ----------------------------------------------------------- */

static void
test_lists_facilities_and_slots (Fixture       *f,
                                 gconstpointer  data)
{
  SlSlotTimeline *timeline = sl_facilities_page_get_timeline (f->page);
  g_autofree char *first = NULL;
  g_autofree char *full = NULL;
  g_autofree char *day = NULL;
  GtkListBox *list = child (f->page, SL_TYPE_FACILITIES_PAGE, "facility_list");

  g_assert_cmpuint (sl_facilities_page_get_n_facilities (f->page), ==, 4);
  /* Name order, with the figures said by each row. */
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, 3));
  select_calm_slot (f, 8 * 60 + 30);
  g_assert_cmpuint (sl_slot_timeline_get_n_slots (timeline), ==, 4);
  first = sl_slot_timeline_dup_label (timeline, 0);
  full = sl_slot_timeline_dup_label (timeline, 1);
  g_assert_cmpstr (first, ==, "08:00–08:30: 0 of 3 booked");
  g_assert_cmpstr (full, ==, "08:30–09:00: 3 of 3 booked, 3 waiting, full");
  g_assert_null (sl_slot_timeline_dup_label (timeline, 4));

  /* The selected slot's bookings, and its waiting list in order. */
  g_assert_cmpuint (sl_facilities_page_get_bookings (f->page)->len, ==, 2);
  g_assert_cmpuint (sl_facilities_page_get_waiting (f->page)->len, ==, 2);
  g_assert_cmpint (booking_at (sl_facilities_page_get_waiting (f->page), 0), ==, f->b_chloe);
  g_assert_cmpint (((SlBooking *)g_ptr_array_index (sl_facilities_page_get_waiting (f->page),
                                                    1))->position, ==, 2);
  sl_test_save_screenshot (GTK_WIDGET (f->window), "facilities-page.png");

  /* A drop-in facility is one bar for the day. */
  g_assert_true (sl_facilities_page_select_facility (f->page, f->family));
  g_assert_cmpuint (sl_slot_timeline_get_n_slots (timeline), ==, 1);
  day = sl_slot_timeline_dup_label (timeline, 0);
  g_assert_cmpstr (day, ==, "08:00–10:00: 0 of 6 booked");
  g_assert_cmpint (sl_slot_timeline_get_selected_slot (timeline), ==, SL_SLOT_DAY);
}

static void
test_timeline_keyboard (Fixture       *f,
                        gconstpointer  data)
{
  SlSlotTimeline *timeline = sl_facilities_page_get_timeline (f->page);
  GtkWidget *bar;

  select_calm_slot (f, 8 * 60);
  bar = sl_slot_timeline_get_bar (timeline, 0);
  gtk_widget_grab_focus (bar);
  g_assert_true (gtk_widget_has_focus (bar));
  /* Only the selected bar takes the focus from Tab. */
  g_assert_false (gtk_widget_get_focusable (sl_slot_timeline_get_bar (timeline, 1)));

  sl_test_press_key (bar, GDK_KEY_Right, 0);
  g_assert_cmpint (sl_slot_timeline_get_selected_slot (timeline), ==, 8 * 60 + 30);
  g_assert_true (gtk_widget_has_focus (sl_slot_timeline_get_bar (timeline, 1)));
  g_assert_true (sl_slot_bar_get_selected (SL_SLOT_BAR (sl_slot_timeline_get_bar (timeline, 1))));
  /* The slot's bookings follow the bar. */
  g_assert_cmpuint (sl_facilities_page_get_bookings (f->page)->len, ==, 2);
  g_assert_cmpuint (sl_facilities_page_get_waiting (f->page)->len, ==, 2);

  sl_test_press_key (bar, GDK_KEY_End, 0);
  g_assert_cmpint (sl_slot_timeline_get_selected_slot (timeline), ==, 9 * 60 + 30);
  sl_test_press_key (bar, GDK_KEY_Right, 0);
  g_assert_cmpint (sl_slot_timeline_get_selected_slot (timeline), ==, 9 * 60 + 30);
  sl_test_press_key (bar, GDK_KEY_Left, 0);
  g_assert_cmpint (sl_slot_timeline_get_selected_slot (timeline), ==, 9 * 60);
  g_assert_cmpuint (sl_facilities_page_get_bookings (f->page)->len, ==, 1);
  g_assert_cmpuint (sl_facilities_page_get_waiting (f->page)->len, ==, 0);
  sl_test_press_key (bar, GDK_KEY_Home, 0);
  g_assert_cmpint (sl_slot_timeline_get_selected_slot (timeline), ==, 8 * 60);
  g_assert_true (gtk_widget_has_focus (sl_slot_timeline_get_bar (timeline, 0)));
}

/* Cancelling Ben (party 1) frees one place: Chloé (1) is promoted, David
 * (2) stays waiting, now first.
 */
static void
test_cancel_promotes (Fixture       *f,
                      gconstpointer  data)
{
  GPtrArray *bookings, *waiting;

  select_calm_slot (f, 8 * 60 + 30);
  g_assert_false (gtk_widget_is_sensitive (child (f->page, SL_TYPE_FACILITIES_PAGE,
                                                  "cancel_button")));
  g_assert_true (sl_facilities_page_select_booking (f->page, f->b_ben));
  activate (f, "facilities.cancel");

  bookings = sl_facilities_page_get_bookings (f->page);
  waiting = sl_facilities_page_get_waiting (f->page);
  g_assert_cmpuint (bookings->len, ==, 2);
  g_assert_true (booking_at (bookings, 0) == f->b_chloe || booking_at (bookings, 1) == f->b_chloe);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_cmpint (booking_at (waiting, 0), ==, f->b_david);
  g_assert_cmpint (((SlBooking *)g_ptr_array_index (waiting, 0))->position, ==, 1);
  g_assert_cmpuint (sl_test_count_audit (f->db, "booking", f->b_chloe, "promote"), ==, 1);
  {
    g_autofree char *label = sl_slot_timeline_dup_label (sl_facilities_page_get_timeline (f->page),
                                                         1);
    g_assert_cmpstr (label, ==, "08:30–09:00: 3 of 3 booked, 2 waiting, full");
  }
}

static void
test_no_show (Fixture       *f,
              gconstpointer  data)
{
  GPtrArray *bookings;

  select_calm_slot (f, 8 * 60 + 30);
  /* A waiting booking can be cancelled, not marked a no-show. */
  g_assert_true (sl_facilities_page_select_booking (f->page, f->b_chloe));
  g_assert_false (gtk_widget_is_sensitive (child (f->page, SL_TYPE_FACILITIES_PAGE,
                                                  "no_show_button")));
  g_assert_true (sl_facilities_page_select_booking (f->page, f->b_amara));
  activate (f, "facilities.no-show");
  bookings = sl_facilities_page_get_bookings (f->page);
  /* Amara's two places: Chloé (1) then David (2)? Only Chloé and … fit. */
  for (guint i = 0; i < bookings->len; i++)
    g_assert_cmpint (booking_at (bookings, i), !=, f->b_amara);
  g_assert_true (booking_at (bookings, 0) == f->b_chloe || booking_at (bookings, 1) == f->b_chloe);
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *add = child (f->page, SL_TYPE_FACILITIES_PAGE, "add_button");
  GtkWidget *cancel = child (f->page, SL_TYPE_FACILITIES_PAGE, "cancel_button");
  GtkWidget *door = child (f->page, SL_TYPE_FACILITIES_PAGE, "door_button");
  GtkWidget *export = child (f->page, SL_TYPE_FACILITIES_PAGE, "export_button");

  g_assert_true (gtk_widget_get_visible (add));
  sl_db_sign_out (f->db);
  sl_facilities_page_reload (f->page);
  /* A desk sees the figures and opens the door; it manages and exports nothing. */
  g_assert_cmpuint (sl_facilities_page_get_n_facilities (f->page), ==, 4);
  g_assert_false (gtk_widget_get_visible (add));
  g_assert_false (gtk_widget_is_visible (cancel));
  g_assert_false (gtk_widget_get_visible (child (f->page, SL_TYPE_FACILITIES_PAGE,
                                                 "close_button")));
  g_assert_true (gtk_widget_get_visible (door) && gtk_widget_is_sensitive (door));
  /* A roster names people: not for a desk. */
  g_assert_false (gtk_widget_get_visible (export));
  g_assert_false (gtk_widget_get_sensitive (export) && gtk_widget_activate_action (
                    GTK_WIDGET (f->page), "facilities.export", NULL));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "facilities.add", NULL)
                  && sl_test_find_toplevel (SL_TYPE_FACILITY_DIALOG) != NULL);
}

static void
test_close_and_reopen (Fixture       *f,
                       gconstpointer  data)
{
  GtkButton *close = child (f->page, SL_TYPE_FACILITIES_PAGE, "close_button");
  g_autoptr(SlFacility) facility = NULL;

  g_assert_true (sl_facilities_page_select_facility (f->page, f->calm));
  g_assert_cmpstr (gtk_button_get_label (close), ==, "Close Ear_ly");
  activate (f, "facilities.close");
  facility = sl_db_dup_facility (f->db, f->calm, NULL);
  g_assert_true (facility->closed);
  g_assert_cmpstr (gtk_button_get_label (close), ==, "Re_open");
  g_assert_nonnull (strstr (gtk_label_get_text (child (f->page, SL_TYPE_FACILITIES_PAGE,
                                                       "facility_summary")), "closed early"));
  activate (f, "facilities.close");
  g_clear_pointer (&facility, sl_facility_free);
  facility = sl_db_dup_facility (f->db, f->calm, NULL);
  g_assert_false (facility->closed);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_export_roster (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "calm.csv", NULL);
  g_autofree char *text = NULL;

  select_calm_slot (f, 8 * 60 + 30);
  sl_facilities_page_export_to (f->page, path, FALSE);
  g_assert_true (sl_facilities_page_get_busy (f->page));
  g_assert_true (sl_test_wait_for (page_idle, f->page));
  g_assert_true (sl_test_wait_for (file_exists, path));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "Okafor"));
  g_assert_null (strstr (text, "Smith"));   /* 09:00, another slot */
}

/* Another program writes; the page, shown, follows it. */
static gboolean
calm_has_two_inside (gpointer data)
{
  Fixture *f = data;
  const char *text = gtk_label_get_text (child (f->page, SL_TYPE_FACILITIES_PAGE,
                                                "facility_summary"));

  return strstr (text, "2 inside now") != NULL;
}

static void
test_follows_other_connections (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) other = sl_db_open (sl_db_get_path (f->db), &error);
  SlDoorResult door = { 0 };

  g_assert_no_error (error);
  g_assert_true (sl_facilities_page_select_facility (f->page, f->calm));
  sl_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (sl_db_enter_facility (other, f->calm, f->people[0]->id, NULL, &door, &error));
  g_assert_no_error (error);
  sl_door_result_clear (&door);
  g_assert_true (sl_test_wait_for (calm_has_two_inside, f));
}

/* ---- The facility dialog ------------------------------------------------ */

static void
set_field (SlFacilityDialog *dialog,
           const char       *row,
           const char       *text)
{
  SlEntryRow *entry_row = child (dialog, SL_TYPE_FACILITY_DIALOG, row);

  gtk_editable_set_text (GTK_EDITABLE (sl_entry_row_get_entry (entry_row)), text);
}

static gboolean
dialog_gone (gpointer data)
{
  return sl_test_find_toplevel (SL_TYPE_FACILITY_DIALOG) == NULL;
}

static gboolean
dialog_idle (gpointer data)
{
  return !sl_facility_dialog_get_busy (data);
}

static void
test_dialog_adds (Fixture       *f,
                  gconstpointer  data)
{
  SlFacilityDialog *dialog;
  g_autoptr(SlFacility) added = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "facilities.add", NULL));
  dialog = sl_test_find_toplevel (SL_TYPE_FACILITY_DIALOG);
  g_assert_nonnull (dialog);
  sl_test_wait_for_frame (GTK_WIDGET (dialog));
  adw_combo_row_set_selected (child (dialog, SL_TYPE_FACILITY_DIALOG, "kind_row"),
                              SL_FACILITY_CHANGING_PLACES);
  set_field (dialog, "name_row", "Changing Places Toilet");
  set_field (dialog, "location_row", "Green start");
  gtk_spin_button_set_value (child (dialog, SL_TYPE_FACILITY_DIALOG, "capacity_spin"), 2);
  set_field (dialog, "opens_row", "7:30");
  set_field (dialog, "closes_row", "11:00");
  adw_combo_row_set_selected (child (dialog, SL_TYPE_FACILITY_DIALOG, "slots_row"), 1);  /* 15 */
  sl_test_save_screenshot (GTK_WIDGET (dialog), "facility-dialog.png");

  /* A bad time: one message, nothing written. */
  set_field (dialog, "closes_row", "25:00");
  g_assert_false (sl_facility_dialog_save (dialog));
  g_assert_true (gtk_widget_get_visible (child (dialog, SL_TYPE_FACILITY_DIALOG, "error_label")));
  set_field (dialog, "closes_row", "11:00");

  g_assert_true (sl_facility_dialog_save (dialog));
  g_assert_true (sl_test_wait_for (dialog_gone, NULL));
  g_assert_cmpuint (sl_facilities_page_get_n_facilities (f->page), ==, 5);
  added = sl_db_find_facility (f->db, "changing places toilet", &error);
  g_assert_no_error (error);
  g_assert_cmpint (added->kind, ==, SL_FACILITY_CHANGING_PLACES);
  g_assert_cmpstr (added->location, ==, "Green start");
  g_assert_cmpint (added->capacity, ==, 2);
  g_assert_cmpint (added->opens, ==, 7 * 60 + 30);
  g_assert_cmpint (added->closes, ==, 11 * 60);
  g_assert_cmpint (added->slot_minutes, ==, 15);
  g_assert_cmpint (sl_facilities_page_get_selected_facility (f->page), ==, added->id);
}

/* Capacity below what is confirmed: refused, said, the dialog stays. */
static void
test_dialog_refuses_capacity (Fixture       *f,
                              gconstpointer  data)
{
  SlFacilityDialog *dialog;
  g_autoptr(SlFacility) calm = NULL;
  GtkLabel *error_label;

  g_assert_true (sl_facilities_page_select_facility (f->page, f->calm));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "facilities.edit", NULL));
  dialog = sl_test_find_toplevel (SL_TYPE_FACILITY_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sl_entry_row_get_entry (
                     child (dialog, SL_TYPE_FACILITY_DIALOG, "name_row")))), ==, "Calm Space");
  gtk_spin_button_set_value (child (dialog, SL_TYPE_FACILITY_DIALOG, "capacity_spin"), 2);
  g_assert_true (sl_facility_dialog_save (dialog));
  g_assert_true (sl_facility_dialog_get_busy (dialog));
  g_assert_true (sl_test_wait_for (dialog_idle, dialog));
  error_label = child (dialog, SL_TYPE_FACILITY_DIALOG, "error_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_test_message ("refusal: %s", gtk_label_get_text (error_label));
  g_assert_nonnull (sl_test_find_toplevel (SL_TYPE_FACILITY_DIALOG));
  sl_test_save_screenshot (GTK_WIDGET (dialog), "facility-dialog-capacity.png");
  calm = sl_db_dup_facility (f->db, f->calm, NULL);
  g_assert_cmpint (calm->capacity, ==, 3);
}

/* ---- Door mode ------------------------------------------------------------ */

static void
scan (SlDoorWindow *door,
      SlEntrant    *e)
{
  sl_door_window_scan (door, e->bib);
  g_assert_true (sl_test_wait_for (door_idle, door));
}

static void
test_door_near_and_at_capacity (Fixture       *f,
                                gconstpointer  data)
{
  SlDoorWindow *door;
  GtkEntry *entry;

  g_assert_true (sl_facilities_page_select_facility (f->page, f->faith));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "facilities.door", NULL));
  door = sl_test_find_toplevel (SL_TYPE_DOOR_WINDOW);
  g_assert_nonnull (door);
  sl_test_wait_for_frame (GTK_WIDGET (door));
  entry = child (door, SL_TYPE_DOOR_WINDOW, "bib_entry");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry))
                 || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (door)),
                                            GTK_WIDGET (entry)));
  g_assert_cmpstr (sl_door_window_get_occupancy_text (door), ==, "0 / 3 inside");
  g_assert_null (sl_door_window_get_warning_text (door));

  /* Typed and Enter, as a scanner does. */
  gtk_editable_set_text (GTK_EDITABLE (entry), f->people[5]->bib);
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (sl_test_wait_for (door_idle, door));
  g_assert_cmpstr (sl_door_window_get_occupancy_text (door), ==, "1 / 3 inside");
  g_assert_cmpstr (sl_door_window_get_result_text (door), ==, "In: Farah Khan, bib 40415");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  scan (door, f->people[6]);
  g_assert_cmpstr (sl_door_window_get_occupancy_text (door), ==, "2 / 3 inside");
  g_assert_cmpstr (sl_door_window_get_warning_text (door), ==, "Nearly full: 1 place left");
  sl_test_save_screenshot (GTK_WIDGET (door), "door-near-capacity.png");

  scan (door, f->people[7]);
  g_assert_cmpstr (sl_door_window_get_occupancy_text (door), ==, "3 / 3 inside");
  g_assert_nonnull (strstr (sl_door_window_get_warning_text (door), "Full"));
  g_assert_false (sl_door_window_get_can_admit (door));

  /* At capacity: refused, with Admit Anyway… offered. */
  scan (door, f->people[4]);
  g_assert_cmpstr (sl_door_window_get_occupancy_text (door), ==, "3 / 3 inside");
  g_assert_cmpstr (sl_door_window_get_result_text (door), ==, "Not let in: Eve Smith (bib 40414)");
  g_assert_true (sl_door_window_get_can_admit (door));
  sl_test_save_screenshot (GTK_WIDGET (door), "door-at-capacity.png");

  /* The officer signed in admits with a reason (audited by the core). */
  sl_door_window_admit (door, "Feeling faint, needs to sit down");
  g_assert_true (sl_test_wait_for (door_idle, door));
  g_assert_cmpstr (sl_door_window_get_occupancy_text (door), ==, "4 / 3 inside");
  g_assert_false (sl_door_window_get_can_admit (door));

  /* The next scan of someone inside counts them out. */
  scan (door, f->people[5]);
  g_assert_cmpstr (sl_door_window_get_occupancy_text (door), ==, "3 / 3 inside");
  g_assert_cmpstr (sl_door_window_get_result_text (door), ==, "Out: Farah Khan, bib 40415");

  /* Unknown bib: said, nothing counted. */
  sl_door_window_scan (door, "99999");
  g_assert_cmpstr (sl_door_window_get_result_text (door), ==,
                   "Nobody has bib or reference 99999");
  g_assert_cmpint (sl_door_window_get_inside (door), ==, 3);
}

/* A desk at the door: Admit Anyway… asks a supervisor to sign in first. */
static void
test_door_needs_supervisor (Fixture       *f,
                            gconstpointer  data)
{
  SlDoorWindow *door;
  SlSignInDialog *sign_in;
  AdwMessageDialog *ask;
  GtkWidget *reason;
  int inside = 0, capacity = 0;

  sl_db_sign_out (f->db);
  door = sl_door_window_present (f->window, f->db, f->room);
  sl_test_wait_for_frame (GTK_WIDGET (door));
  scan (door, f->people[0]);
  scan (door, f->people[1]);
  scan (door, f->people[2]);
  g_assert_true (sl_door_window_get_can_admit (door));
  /* Asked without a supervisor, the core refuses too. */
  sl_door_window_admit (door, "No reason the core accepts from a desk");
  g_assert_true (sl_test_wait_for (door_idle, door));
  g_assert_true (sl_db_facility_occupancy (f->db, f->room, &inside, &capacity, NULL));
  g_assert_cmpint (inside, ==, 2);
  g_assert_cmpint (capacity, ==, 2);

  scan (door, f->people[2]);
  g_assert_true (sl_door_window_get_can_admit (door));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (door), "door.admit", NULL));
  sign_in = sl_test_find_toplevel (SL_TYPE_SIGN_IN_DIALOG);
  g_assert_nonnull (sign_in);

  /* The supervisor signs in (as the dialog does), gives a reason, and is
   * signed out again once admitted: the door stays a desk's.
   */
  g_assert_true (sl_db_sign_in (f->db, OFFICER, PASS, NULL));
  g_signal_emit_by_name (sign_in, "signed-in");
  gtk_window_destroy (GTK_WINDOW (sign_in));
  ask = sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  g_assert_false (adw_message_dialog_get_response_enabled (ask, "admit"));
  reason = adw_message_dialog_get_extra_child (ask);
  gtk_editable_set_text (GTK_EDITABLE (reason), "Baby needs feeding now");
  g_assert_true (adw_message_dialog_get_response_enabled (ask, "admit"));
  sl_test_save_screenshot (GTK_WIDGET (ask), "door-admit-reason.png");
  adw_message_dialog_response (ask, "admit");
  g_assert_true (sl_test_wait_for (door_idle, door));
  g_assert_true (sl_db_facility_occupancy (f->db, f->room, &inside, &capacity, NULL));
  g_assert_cmpint (inside, ==, 3);
  g_assert_cmpstr (sl_door_window_get_occupancy_text (door), ==, "3 / 2 inside");
  g_assert_null (sl_db_get_staff_name (f->db));
}

/* The door follows entries made at another door (another process). */
static gboolean
door_shows_one (gpointer data)
{
  return sl_door_window_get_inside (data) == 1;
}

static void
test_door_follows_changes (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) other = sl_db_open (sl_db_get_path (f->db), &error);
  SlDoorResult result = { 0 };
  SlDoorWindow *door = sl_door_window_present (f->window, f->db, f->faith);

  sl_test_wait_for_frame (GTK_WIDGET (door));
  g_assert_cmpint (sl_door_window_get_inside (door), ==, 0);
  g_assert_true (sl_db_enter_facility (other, f->faith, f->people[3]->id, NULL, &result, &error));
  g_assert_no_error (error);
  sl_door_result_clear (&result);
  g_assert_true (sl_test_wait_for (door_shows_one, door));
  g_assert_cmpstr (sl_door_window_get_occupancy_text (door), ==, "1 / 3 inside");
}

/* ---- The window ----------------------------------------------------------- */

static const char *
shown_page (gpointer window)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (window), SL_TYPE_WINDOW,
                                                  "view_stack");

  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack));
}

static gboolean
facilities_shown (gpointer window)
{
  return g_strcmp0 (shown_page (window), "facilities") == 0;
}

/* Every role gets the page (Alt+4); only a manager its managing controls. */
static void
test_window_offers_page_to_everyone (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlApplication) app = sl_application_new ();
  SlWindow *window;
  GtkWidget *page;

  sl_db_sign_out (f->db);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = sl_window_new (GTK_APPLICATION (app), sl_application_get_settings (app));
  sl_window_set_db (window, f->db);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_wait_for_frame (GTK_WIDGET (window));
  page = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), SL_TYPE_WINDOW,
                                                    "facilities_page"));

  sl_test_press_key (GTK_WIDGET (window), GDK_KEY_4, GDK_ALT_MASK);
  g_assert_true (sl_test_wait_for (facilities_shown, window));
  g_assert_cmpuint (sl_facilities_page_get_n_facilities (SL_FACILITIES_PAGE (page)), ==, 4);
  g_assert_false (gtk_widget_get_visible (child (page, SL_TYPE_FACILITIES_PAGE, "add_button")));
  g_assert_true (gtk_widget_is_sensitive (child (page, SL_TYPE_FACILITIES_PAGE, "door_button")));

  g_assert_true (sl_db_sign_in (f->db, OFFICER, PASS, &error));
  sl_window_update_pages (window);
  g_assert_true (gtk_widget_get_visible (child (page, SL_TYPE_FACILITIES_PAGE, "add_button")));
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (window), "facilities-page-window.png");
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The app's style sheet, as the application loads it: the screenshots
   * show the door's large type and its warning as they are.
   */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    sl_widgets_ensure_resources ();
    gtk_css_provider_load_from_resource (css, "/org/startline/Startline/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, fn) \
  g_test_add ("/facilities-page/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("lists-facilities-and-slots", test_lists_facilities_and_slots);
  ADD ("timeline-keyboard", test_timeline_keyboard);
  ADD ("cancel-promotes", test_cancel_promotes);
  ADD ("no-show", test_no_show);
  ADD ("roles", test_roles);
  ADD ("close-and-reopen", test_close_and_reopen);
  ADD ("export-roster", test_export_roster);
  ADD ("follows-other-connections", test_follows_other_connections);
  ADD ("dialog-adds", test_dialog_adds);
  ADD ("dialog-refuses-capacity", test_dialog_refuses_capacity);
  ADD ("door-near-and-at-capacity", test_door_near_and_at_capacity);
  ADD ("door-needs-supervisor", test_door_needs_supervisor);
  ADD ("door-follows-changes", test_door_follows_changes);
  ADD ("window-offers-page-to-everyone", test_window_offers_page_to_everyone);
#undef ADD
  return g_test_run ();
}
