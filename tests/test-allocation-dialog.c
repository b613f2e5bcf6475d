/* test-allocation-dialog.c — booking facilities from the Accessibility
 * page (the allocation dialog's preview, then the write) and one at a
 * time from the entrant needs dialog, driven in-process on a display
 * against a real event whose needs and facilities are made through the
 * core's API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-test-ui.h"
#include "sl-test-util.h"

#include <adwaita.h>

#include "sl-a11y.h"
#include "sl-accessibility-page.h"
#include "sl-allocation-dialog.h"
#include "sl-application.h"
#include "sl-booking-text.h"
#include "sl-core.h"
#include "sl-entrant-needs-dialog.h"
#include "sl-facilities.h"

#define OFFICER "Olu Officer"
#define PASS "correct horse battery"
#define SECRET "SECRET-DETAIL-51c2 loud crowds"
#define SLOT_0830 510
#define SLOT_0900 540

typedef struct
{
  char                *dir;
  SlDb                *db;
  GtkWindow           *window;
  SlAccessibilityPage *page;
  SlEntrant           *amara, *ben, *chloe, *dev, *eve, *fay, *gareth;
  gint64               calm;      /* Calm space, Finish: 4 people, 08:30-10:30 by 30 min */
  gint64               faith;     /* Faith space: drop-in */
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

static void
need (Fixture      *f,
      SlEntrant    *e,
      const char   *detail,
      SlNeedStatus  status)
{
  g_autoptr(GError) error = NULL;
  gint64 id = sl_db_record_need (f->db, e->id, "neurodivergent", detail, SL_NEED_REQUESTED,
                                 &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  if (status != SL_NEED_REQUESTED)
    g_assert_true (sl_db_set_need_status (f->db, id, status, NULL, &error));
  g_assert_no_error (error);
}

static gint64
add_facility (Fixture        *f,
              SlFacilityKind  kind,
              const char     *name,
              const char     *location,
              int             capacity,
              int             slot_minutes)
{
  g_autoptr(GError) error = NULL;
  SlFacility facility = { 0 };
  gint64 id = 0;

  facility.kind = kind;
  facility.name = (char *)name;
  facility.location = (char *)location;
  facility.capacity = capacity;
  facility.opens = 8 * 60 + 30;
  facility.closes = 10 * 60 + 30;
  facility.slot_minutes = slot_minutes;
  g_assert_true (sl_db_add_facility (f->db, &facility, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
show_page (Fixture *f)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 700);
  f->page = SL_ACCESSIBILITY_PAGE (sl_accessibility_page_new (f->db));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  sl_test_wait_for_frame (GTK_WIDGET (f->window));
}

/* Approved calm-space needs in the Blue start: Fay, Amara (with her guide
 * Gareth: a party of 2), Dev (already booked at 08:30) and Chloé; Ben's
 * is only requested and Eve starts in Green.
 */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SlWave green = { 0, 1, (char *)"Green 1", (char *)"Green", (char *)"2026-04-26T09:20:00Z" };
  SlEntrantLink guide = { 0 };
  SlBookResult booked = { 0 };
  gboolean no_facilities = GPOINTER_TO_INT (data);

  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "event.startline");
  sl_db_set_actor (f->db, "Tester", "Desk 9");
  add_accounts (f->db);
  g_assert_true (sl_db_sign_in (f->db, OFFICER, PASS, &error));
  g_assert_no_error (error);

  g_assert_true (sl_db_add_wave (f->db, &green, &error));
  f->amara = sl_test_add_entrant (f->db, "40417", "R1", "Amara", "Okafor", NULL);
  f->ben = sl_test_add_entrant (f->db, "40420", "R2", "Ben", "Adams", NULL);
  f->chloe = sl_test_add_entrant (f->db, "40421", "R3", "Chloé", "Zhang", NULL);
  f->dev = sl_test_add_entrant (f->db, "40423", "R4", "Dev", "Patel", NULL);
  f->eve = sl_test_add_entrant (f->db, "40424", "R5", "Eve", "Stone", NULL);
  f->fay = sl_test_add_entrant (f->db, "40425", "R6", "Fay", "Brown", NULL);
  f->gareth = sl_test_add_entrant (f->db, "40418", "R7", "Gareth", "Guide", NULL);
  f->eve->wave_id = green.id;
  g_assert_true (sl_db_update_entrant (f->db, f->eve, &error));
  g_assert_no_error (error);

  need (f, f->amara, SECRET, SL_NEED_APPROVED);
  need (f, f->ben, NULL, SL_NEED_REQUESTED);
  need (f, f->chloe, NULL, SL_NEED_APPROVED);
  need (f, f->dev, NULL, SL_NEED_APPROVED);
  need (f, f->eve, NULL, SL_NEED_APPROVED);
  need (f, f->fay, NULL, SL_NEED_APPROVED);
  guide.entrant_id = f->amara->id;
  guide.kind = SL_LINK_GUIDE;
  guide.linked_entrant_id = f->gareth->id;
  g_assert_cmpint (sl_db_add_link (f->db, &guide, &error), >, 0);
  g_assert_no_error (error);

  if (!no_facilities)
    {
      f->calm = add_facility (f, SL_FACILITY_QUIET_SPACE, "Calm space", "Finish", 4, 30);
      f->faith = add_facility (f, SL_FACILITY_FAITH_SPACE, "Faith space", NULL, 20, 0);
      g_assert_true (sl_db_book (f->db, f->calm, f->dev->id, 0, SLOT_0830, 1, &booked, &error));
      g_assert_no_error (error);
      g_assert_cmpint (booked.status, ==, SL_BOOKING_CONFIRMED);
    }
  show_page (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sl_test_destroy_toplevels ();
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sl_db_sign_out (f->db);
  g_clear_object (&f->db);
  g_clear_pointer (&f->amara, sl_entrant_free);
  g_clear_pointer (&f->ben, sl_entrant_free);
  g_clear_pointer (&f->chloe, sl_entrant_free);
  g_clear_pointer (&f->dev, sl_entrant_free);
  g_clear_pointer (&f->eve, sl_entrant_free);
  g_clear_pointer (&f->fay, sl_entrant_free);
  g_clear_pointer (&f->gareth, sl_entrant_free);
  sl_test_tmpdir_free (f->dir);
}

/* ---- Helpers ---------------------------------------------------------- */

static GtkWidget *
page_child (Fixture    *f,
            const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->page),
                                                  SL_TYPE_ACCESSIBILITY_PAGE, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static gpointer
dialog_child (gpointer    dialog,
              GType       type,
              const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), type, name);

  g_assert_nonnull (child);
  return child;
}

static guint
find_choice (GListModel *model,
             const char *label)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) s = g_list_model_get_item (model, i);

      if (g_str_has_prefix (gtk_string_object_get_string (s), label))
        return i;
    }
  g_error ("no choice %s", label);
}

static void
choose (Fixture    *f,
        const char *drop_down,
        const char *label)
{
  GtkDropDown *d = GTK_DROP_DOWN (page_child (f, drop_down));

  gtk_drop_down_set_selected (d, find_choice (gtk_drop_down_get_model (d), label));
}

/* Every text a person or a screen reader meets under widget. */
static void
collect_texts (GtkWidget *widget,
               GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  if (ADW_IS_PREFERENCES_ROW (widget))
    g_string_append_printf (out, "%s\n",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  if (ADW_IS_ACTION_ROW (widget) && adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)))
    g_string_append_printf (out, "%s\n", adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_string_append_printf (out, "%s\n", gtk_widget_get_tooltip_text (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

static gboolean
holds (GtkWidget  *widget,
       const char *text)
{
  g_autoptr(GString) texts = g_string_new (NULL);

  collect_texts (widget, texts);
  return strstr (texts->str, text) != NULL;
}

static gboolean
is_named (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL)
      || gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  if (GTK_IS_BUTTON (widget))
    {
      if (gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
        return TRUE;
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_first_child (child))
        if (ADW_IS_BUTTON_CONTENT (child)
            || (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0'))
          return TRUE;
    }
  return FALSE;
}

static void
collect_unnamed (GtkWidget *widget,
                 GString   *bad)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if ((GTK_IS_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_SWITCH (widget)
       || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_LIST_BOX (widget) || GTK_IS_ENTRY (widget))
      && !is_named (widget))
    g_string_append_printf (bad, "%s (in %s); ", G_OBJECT_TYPE_NAME (widget),
                            G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, bad);
}

static void
assert_all_named (GtkWidget  *root,
                  const char *what)
{
  g_autoptr(GString) bad = g_string_new (NULL);

  sl_a11y_fix_tree (root);
  collect_unnamed (root, bad);
  if (bad->len > 0)
    g_error ("%s: unnamed controls: %s", what, bad->str);
}

static guint
count_bookings (Fixture *f,
                gint64   facility)
{
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GError) error = NULL;
  SlBookingFilter filter = SL_BOOKING_FILTER_INIT;

  filter.facility_id = facility;
  bookings = sl_db_list_bookings (f->db, &filter, &error);
  g_assert_no_error (error);
  return bookings->len;
}

static const SlBooking *
booking_of (GPtrArray *bookings,
            gint64     entrant_id)
{
  for (guint i = 0; i < bookings->len; i++)
    if (((SlBooking *)g_ptr_array_index (bookings, i))->entrant_id == entrant_id)
      return g_ptr_array_index (bookings, i);
  return NULL;
}

static SlAllocationDialog *
open_allocation (Fixture *f)
{
  SlAllocationDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "accessibility.allocate",
                                             NULL));
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (SL_TYPE_ALLOCATION_DIALOG)));
  dialog = sl_test_find_toplevel (SL_TYPE_ALLOCATION_DIALOG);
  sl_test_wait_for_frame (GTK_WIDGET (dialog));
  return dialog;
}

static gboolean
allocation_idle (gpointer dialog)
{
  return !sl_allocation_dialog_get_busy (dialog);
}

static gboolean
needs_dialog_idle (gpointer dialog)
{
  return !sl_entrant_needs_dialog_get_busy (dialog);
}

/* ---- Helpers' words --------------------------------------------------- */

static void
test_words (void)
{
  SlFacility calm = { .name = (char *)"Calm space", .location = (char *)"Finish",
                      .capacity = 4, .opens = 510, .closes = 630, .slot_minutes = 30 };
  SlFacility faith = { .name = (char *)"Faith space", .capacity = 20, .opens = 510,
                       .closes = 630 };
  SlBooking booking = { .slot = 540, .party = 1, .status = SL_BOOKING_CONFIRMED };
  g_autofree char *first = sl_ordinal_dup (1);
  g_autofree char *second = sl_ordinal_dup (2);
  g_autofree char *third = sl_ordinal_dup (3);
  g_autofree char *eleventh = sl_ordinal_dup (11);
  g_autofree char *twenty_second = sl_ordinal_dup (22);
  g_autofree char *slot = sl_slot_dup_label (&calm, 540);
  g_autofree char *day = sl_slot_dup_label (&faith, SL_SLOT_DAY);
  g_autofree char *text = sl_booking_dup_text (&booking, &calm);
  g_autofree char *waiting = NULL;

  g_assert_cmpstr (first, ==, "1st");
  g_assert_cmpstr (second, ==, "2nd");
  g_assert_cmpstr (third, ==, "3rd");
  g_assert_cmpstr (eleventh, ==, "11th");
  g_assert_cmpstr (twenty_second, ==, "22nd");
  g_assert_cmpstr (slot, ==, "09:00–09:30");
  g_assert_cmpstr (day, ==, "08:30–10:30, drop-in");
  g_assert_cmpstr (text, ==, "Calm space, Finish — 09:00–09:30, confirmed");
  booking.status = SL_BOOKING_WAITING;
  booking.position = 3;
  waiting = sl_booking_dup_text (&booking, &calm);
  g_assert_cmpstr (waiting, ==, "Calm space, Finish — 09:00–09:30, waiting, 3rd");
}

/* ---- Allocation ------------------------------------------------------- */

/* The page's filters (approved, calm space, Blue) name Fay, Amara and her
 * guide, Dev and Chloé; the preview says who fits the four places of
 * 08:30 (Dev holds one), who waits and who is booked, and writes nothing;
 * Allocate writes exactly that.
 */
static void
test_preview_then_allocate (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GError) error = NULL;
  SlBookingFilter filter = SL_BOOKING_FILTER_INIT;
  SlAllocationDialog *dialog;
  GPtrArray *rows;
  const SlBooking *b;

  choose (f, "status_dropdown", "Approved");
  choose (f, "type_dropdown", "Neurodivergent");
  choose (f, "area_dropdown", "Blue");
  g_assert_cmpuint (g_list_model_get_n_items (sl_accessibility_page_get_needs (f->page)), ==, 4);

  dialog = open_allocation (f);
  g_assert_true (holds (GTK_WIDGET (dialog), "Approved · Neurodivergent / calm space · Blue"));
  g_assert_true (sl_allocation_dialog_choose (dialog, f->calm, SLOT_0830));
  g_assert_cmpstr (sl_allocation_dialog_get_summary (dialog), ==,
                   "2 fit, 1 to the waiting list, 1 already booked");
  /* A screen reader hears the counts with Allocate as well. */
  gtk_test_accessible_assert_property (dialog_child (dialog, SL_TYPE_ALLOCATION_DIALOG,
                                                     "allocate_button"),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "2 fit, 1 to the waiting list, 1 already booked");
  rows = sl_allocation_dialog_get_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 4);
  /* In name order: Brown, Okafor (a party of 2 with her guide), Patel, Zhang. */
  g_assert_cmpstr (((SlAllocationRow *)g_ptr_array_index (rows, 1))->last_name, ==, "Okafor");
  g_assert_cmpint (((SlAllocationRow *)g_ptr_array_index (rows, 1))->party, ==, 2);
  g_assert_true (holds (GTK_WIDGET (dialog), "Waiting list, 1st"));
  g_assert_true (holds (GTK_WIDGET (dialog), "Already booked"));
  g_assert_true (holds (GTK_WIDGET (dialog), "bib 40417 · party of 2"));
  g_assert_true (holds (GTK_WIDGET (dialog), "08:30–09:00 · 1 of 4 booked"));
  g_assert_false (holds (GTK_WIDGET (dialog), "SECRET-DETAIL"));
  g_assert_false (holds (GTK_WIDGET (dialog), "Adams"));
  g_assert_false (holds (GTK_WIDGET (dialog), "Stone"));
  /* Nothing written yet. */
  g_assert_cmpuint (count_bookings (f, f->calm), ==, 1);
  assert_all_named (GTK_WIDGET (dialog), "allocation dialog");
  sl_test_settle (200);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "allocation-preview.png");

  /* Another slot: Dev fits too, and Chloé still waits. */
  g_assert_true (sl_allocation_dialog_choose (dialog, f->calm, SLOT_0900));
  g_assert_cmpstr (sl_allocation_dialog_get_summary (dialog), ==,
                   "3 fit, 1 to the waiting list, 0 already booked");
  g_assert_true (sl_allocation_dialog_choose (dialog, f->calm, SLOT_0830));

  g_assert_true (sl_allocation_dialog_allocate (dialog));
  g_assert_true (sl_allocation_dialog_get_busy (dialog));
  g_assert_true (sl_test_wait_for (allocation_idle, dialog));
  g_assert_cmpstr (sl_allocation_dialog_get_summary (dialog), ==,
                   "Allocated to Calm space, Finish, 08:30–09:00: 2 confirmed, "
                   "1 to the waiting list, 1 already booked");
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, SL_TYPE_ALLOCATION_DIALOG,
                                                          "allocate_button")));
  g_assert_false (sl_allocation_dialog_allocate (dialog));

  filter.facility_id = f->calm;
  filter.slot = SLOT_0830;
  bookings = sl_db_list_bookings (f->db, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bookings->len, ==, 4);
  b = booking_of (bookings, f->amara->id);
  g_assert_nonnull (b);
  g_assert_cmpint (b->status, ==, SL_BOOKING_CONFIRMED);
  g_assert_cmpint (b->party, ==, 2);
  b = booking_of (bookings, f->fay->id);
  g_assert_cmpint (b->status, ==, SL_BOOKING_CONFIRMED);
  b = booking_of (bookings, f->chloe->id);
  g_assert_cmpint (b->status, ==, SL_BOOKING_WAITING);
  g_assert_cmpint (b->position, ==, 1);
  g_assert_null (booking_of (bookings, f->ben->id));
  g_assert_null (booking_of (bookings, f->eve->id));
  sl_test_settle (200);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "allocation-done.png");

  /* Chosen again, the preview now finds them all booked. */
  g_assert_true (sl_allocation_dialog_choose (dialog, f->calm, SLOT_0900));
  g_assert_true (sl_allocation_dialog_choose (dialog, f->calm, SLOT_0830));
  g_assert_cmpstr (sl_allocation_dialog_get_summary (dialog), ==,
                   "0 fit, 0 to the waiting list, 4 already booked");
  g_assert_false (sl_allocation_dialog_allocate (dialog));
}

static gboolean
one_listed (gpointer page)
{
  return g_list_model_get_n_items (sl_accessibility_page_get_needs (page)) == 1;
}

/* The page's search is part of the filter: only Fay is previewed. */
static void
test_search_narrows (Fixture       *f,
                     gconstpointer  data)
{
  SlAllocationDialog *dialog;
  GPtrArray *rows;

  gtk_editable_set_text (GTK_EDITABLE (page_child (f, "search_entry")), "brown");
  g_assert_true (sl_test_wait_for (one_listed, f->page));
  dialog = open_allocation (f);
  g_assert_true (holds (GTK_WIDGET (dialog), "“brown”"));
  g_assert_true (sl_allocation_dialog_choose (dialog, f->calm, SLOT_0830));
  g_assert_cmpstr (sl_allocation_dialog_get_summary (dialog), ==,
                   "1 fits, 0 to the waiting list, 0 already booked");
  rows = sl_allocation_dialog_get_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (((SlAllocationRow *)g_ptr_array_index (rows, 0))->entrant_id, ==, f->fay->id);
}

/* The keyboard: Alt+F from the page opens it with the focus on the
 * facility, Ctrl+Enter allocates, Escape closes it.
 */
static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  SlAllocationDialog *dialog;
  GtkWidget *focus;

  choose (f, "area_dropdown", "Blue");
  choose (f, "status_dropdown", "Approved");
  gtk_widget_grab_focus (page_child (f, "search_entry"));
  sl_test_press_key (GTK_WIDGET (f->window), GDK_KEY_f, GDK_ALT_MASK);
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (SL_TYPE_ALLOCATION_DIALOG)));
  dialog = sl_test_find_toplevel (SL_TYPE_ALLOCATION_DIALOG);
  sl_test_wait_for_frame (GTK_WIDGET (dialog));
  sl_test_settle (100);
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_true (focus == dialog_child (dialog, SL_TYPE_ALLOCATION_DIALOG, "facility_row")
                 || gtk_widget_is_ancestor (focus, dialog_child (dialog,
                                                                 SL_TYPE_ALLOCATION_DIALOG,
                                                                 "facility_row")));
  /* The first facility (Calm space) and its first slot, 08:30. */
  g_assert_cmpstr (sl_allocation_dialog_get_summary (dialog), ==,
                   "2 fit, 1 to the waiting list, 1 already booked");
  sl_test_press_key (GTK_WIDGET (dialog), GDK_KEY_Return, GDK_CONTROL_MASK);
  g_assert_true (sl_test_wait_for (allocation_idle, dialog));
  g_assert_true (g_str_has_prefix (sl_allocation_dialog_get_summary (dialog), "Allocated to"));
  g_assert_cmpuint (count_bookings (f, f->calm), ==, 4);
  sl_test_press_key (GTK_WIDGET (dialog), GDK_KEY_Escape, 0);
  g_assert_true (sl_test_wait_for (sl_test_toplevel_gone, GSIZE_TO_POINTER (SL_TYPE_ALLOCATION_DIALOG)));
}

/* The page offers allocation only for needs listed, and not in the summary. */
static void
test_action_follows_list (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *button = page_child (f, "allocate_button");

  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_get_visible (button));
  gtk_editable_set_text (GTK_EDITABLE (page_child (f, "search_entry")), "nobody-at-all");
  for (guint i = 0; i < 100 && gtk_widget_get_sensitive (button); i++)
    sl_test_settle (10);
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_editable_set_text (GTK_EDITABLE (page_child (f, "search_entry")), "");
  for (guint i = 0; i < 100 && !gtk_widget_get_sensitive (button); i++)
    sl_test_settle (10);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_object_set (f->page, "view", "summary", NULL);
  g_assert_false (gtk_widget_get_visible (button));
}

static void
test_no_facilities (Fixture       *f,
                    gconstpointer  data)
{
  SlAllocationDialog *dialog = open_allocation (f);
  GtkStack *stack = dialog_child (dialog, SL_TYPE_ALLOCATION_DIALOG, "stack");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "no-facilities");
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, SL_TYPE_ALLOCATION_DIALOG,
                                                          "allocate_button")));
  g_assert_false (sl_allocation_dialog_allocate (dialog));
  sl_test_save_screenshot (GTK_WIDGET (dialog), "allocation-no-facilities.png");
}

/* ---- One at a time, from the entrant's record ------------------------- */

static SlEntrantNeedsDialog *
open_needs_dialog (Fixture   *f,
                   SlEntrant *entrant)
{
  g_autoptr(GError) error = NULL;
  SlEntrantNeedsDialog *dialog = sl_entrant_needs_dialog_new (f->db, entrant->id, &error);

  g_assert_no_error (error);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), f->window);
  gtk_window_present (GTK_WINDOW (dialog));
  sl_test_wait_for_frame (GTK_WIDGET (dialog));
  return dialog;
}

static void
book_in_form (SlEntrantNeedsDialog *dialog,
              const char           *facility,
              const char           *slot,
              int                   party)
{
  AdwComboRow *facility_row = dialog_child (dialog, SL_TYPE_ENTRANT_NEEDS_DIALOG, "facility_row");
  AdwComboRow *slot_row = dialog_child (dialog, SL_TYPE_ENTRANT_NEEDS_DIALOG, "slot_row");

  adw_combo_row_set_selected (facility_row,
                              find_choice (adw_combo_row_get_model (facility_row), facility));
  adw_combo_row_set_selected (slot_row, find_choice (adw_combo_row_get_model (slot_row), slot));
  if (party > 0)
    gtk_spin_button_set_value (dialog_child (dialog, SL_TYPE_ENTRANT_NEEDS_DIALOG, "party_spin"),
                               party);
  g_assert_true (sl_entrant_needs_dialog_book (dialog));
  g_assert_true (sl_test_wait_for (needs_dialog_idle, dialog));
}

/* Amara books with her guide (the party starts at 2), Chloé's party of 2
 * goes to the waiting list, Amara cancels and Chloé is promoted, which the
 * dialog says.
 */
static void
test_entrant_bookings (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GError) error = NULL;
  SlBookingFilter filter = SL_BOOKING_FILTER_INIT;
  SlEntrantNeedsDialog *amara, *chloe;
  GtkSpinButton *party;

  amara = open_needs_dialog (f, f->amara);
  party = dialog_child (amara, SL_TYPE_ENTRANT_NEEDS_DIALOG, "party_spin");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (party), ==, 2);
  g_assert_true (holds (GTK_WIDGET (amara), "No bookings"));
  book_in_form (amara, "Calm space", "08:30", 0);
  g_assert_cmpstr (sl_entrant_needs_dialog_get_message (amara), ==,
                   "Booked Calm space, Finish, 08:30–09:00: confirmed");
  g_assert_true (holds (GTK_WIDGET (amara), "Calm space, Finish"));
  g_assert_true (holds (GTK_WIDGET (amara), "08:30–09:00, confirmed · party of 2"));
  assert_all_named (GTK_WIDGET (amara), "entrant needs dialog with a booking");
  sl_test_settle (200);
  sl_test_save_screenshot (GTK_WIDGET (amara), "entrant-needs-bookings.png");
  gtk_window_destroy (GTK_WINDOW (amara));

  chloe = open_needs_dialog (f, f->chloe);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (
                     dialog_child (chloe, SL_TYPE_ENTRANT_NEEDS_DIALOG, "party_spin")), ==, 1);
  book_in_form (chloe, "Calm space", "08:30", 2);
  g_assert_cmpstr (sl_entrant_needs_dialog_get_message (chloe), ==,
                   "Booked Calm space, Finish, 08:30–09:00: waiting, 1st");
  g_assert_true (holds (GTK_WIDGET (chloe), "08:30–09:00, waiting, 1st · party of 2"));
  /* A second booking of the same slot: refused, said, nothing written. */
  book_in_form (chloe, "Calm space", "08:30", 1);
  g_assert_cmpstr (sl_entrant_needs_dialog_get_message (chloe), !=,
                   "Booked Calm space, Finish, 08:30–09:00: confirmed");
  g_assert_cmpuint (count_bookings (f, f->calm), ==, 3);
  gtk_window_destroy (GTK_WINDOW (chloe));

  amara = open_needs_dialog (f, f->amara);
  filter.entrant_id = f->amara->id;
  bookings = sl_db_list_bookings (f->db, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bookings->len, ==, 1);
  g_assert_true (sl_entrant_needs_dialog_cancel_booking (
                   amara, ((SlBooking *)g_ptr_array_index (bookings, 0))->id));
  g_assert_true (sl_test_wait_for (needs_dialog_idle, amara));
  g_assert_cmpstr (sl_entrant_needs_dialog_get_message (amara), ==,
                   "Booking cancelled; promoted from the waiting list: Chloé Zhang (bib 40421)");
  g_assert_true (holds (GTK_WIDGET (amara), "No bookings"));
  g_clear_pointer (&bookings, g_ptr_array_unref);
  filter.entrant_id = f->chloe->id;
  bookings = sl_db_list_bookings (f->db, &filter, &error);
  g_assert_cmpint (((SlBooking *)g_ptr_array_index (bookings, 0))->status, ==,
                   SL_BOOKING_CONFIRMED);
  g_assert_false (holds (GTK_WIDGET (amara), "SECRET-DETAIL"));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sl_ensure_resources ();

#define ADD(path, func, no_facilities) \
  g_test_add (path, Fixture, GINT_TO_POINTER (no_facilities), fixture_set_up, func, \
              fixture_tear_down)
  ADD ("/allocation-dialog/preview-then-allocate", test_preview_then_allocate, FALSE);
  ADD ("/allocation-dialog/search-narrows", test_search_narrows, FALSE);
  ADD ("/allocation-dialog/keyboard", test_keyboard, FALSE);
  ADD ("/allocation-dialog/action-follows-list", test_action_follows_list, FALSE);
  ADD ("/allocation-dialog/no-facilities", test_no_facilities, TRUE);
  ADD ("/allocation-dialog/entrant-bookings", test_entrant_bookings, FALSE);
#undef ADD
  g_test_add_func ("/allocation-dialog/words", test_words);

  return g_test_run ();
}
