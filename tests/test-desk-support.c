/* test-desk-support.c — what the desk shows of support needs, and a need
 * recorded at the desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sl-application.h"
#include "sl-desk-page.h"
#include "sl-entrant-card.h"
#include "sl-facilities.h"
#include "sl-record-need-dialog.h"
#include "sl-test-ui.h"
#include "sl-test-util.h"

#define OFFICER "Olu Adeyemi"
#define PASSPHRASE "correct horse battery"
#define SECRET "ZQX-7731 epilepsy, carries rescue medication"

typedef struct
{
  char      *dir;
  char      *path;
  SlDb      *db;
  gint64     runner;
  gint64     guide;
  GtkWidget *window;
} Fixture;

static gint64
add_entrant (SlDb       *db,
             const char *bib,
             const char *first,
             const char *last,
             gint64      race_id,
             gint64      wave_id)
{
  g_autoptr(SlEntrant) entrant = sl_entrant_new ();
  g_autoptr(GError) error = NULL;

  entrant->bib = g_strdup (bib);
  entrant->first_name = g_strdup (first);
  entrant->last_name = g_strdup (last);
  entrant->race_id = race_id;
  entrant->wave_id = wave_id;
  g_assert_true (sl_db_insert_entrant (db, entrant, &error));
  g_assert_no_error (error);
  return entrant->id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SlRace race = { .code = (char *)"MASS", .name = (char *)"Mass", .kind = (char *)"mass" };
  SlWave wave = { .name = (char *)"Blue 1", .start_area = (char *)"Blue",
                  .start_time = (char *)"2027-04-25T09:30:00.000Z" };

  f->dir = g_dir_make_tmp ("sl-desk-support-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "event.startline", NULL);
  f->db = sl_db_create (f->path, "Test Marathon", "2027-04-25", &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_add_race (f->db, &race, &error));
  wave.race_id = race.id;
  g_assert_true (sl_db_add_wave (f->db, &wave, &error));
  f->runner = add_entrant (f->db, "40417", "Amara", "Okafor", race.id, wave.id);
  f->guide = add_entrant (f->db, "40418", "Ben", "Castle", race.id, wave.id);
  g_assert_true (sl_db_add_staff (f->db, OFFICER, SL_ROLE_ADMIN | SL_ROLE_OFFICER, PASSPHRASE,
                                  &error));
  g_assert_no_error (error);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 640);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->db);
  sl_test_remove_db (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
sign_in (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_sign_in (f->db, OFFICER, PASSPHRASE, &error));
  g_assert_no_error (error);
}

/* The officer's side: a need arranged with a secret detail, a marker, a
 * guide runner; then the desk again.
 */
static void
arrange_support (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SlEntrantLink link = { .entrant_id = f->runner, .kind = SL_LINK_GUIDE,
                         .linked_entrant_id = f->guide };
  gint64 need;

  sign_in (f);
  need = sl_db_record_need (f->db, f->runner, "medical-condition", SECRET,
                            SL_NEED_REQUESTED, &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_set_need_status (f->db, need, SL_NEED_APPROVED, NULL, &error));
  g_assert_true (sl_db_set_need_status (f->db, need, SL_NEED_ARRANGED, NULL, &error));
  g_assert_true (sl_db_set_marker (f->db, f->runner, SL_MARKER_DEAF, TRUE, &error));
  g_assert_cmpint (sl_db_add_link (f->db, &link, &error), >, 0);
  g_assert_no_error (error);
  sl_db_sign_out (f->db);
}

/* Every text a person or a screen reader can meet under widget. */
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

/* The card shows the marker as text, the support flag and the guide runner
 * with whether they are checked in — and neither the need's type nor its
 * detail, for the desk or a signed-in officer alike.
 */
static void
test_card (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *card = sl_entrant_card_new ();
  g_autoptr(SlEntrant) runner = NULL;
  g_autoptr(SlEntrant) guide = NULL;
  g_autoptr(SlEntrant) checked = NULL;
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  arrange_support (f);
  gtk_window_set_child (GTK_WINDOW (f->window), card);
  gtk_window_present (GTK_WINDOW (f->window));
  runner = sl_db_dup_entrant (f->db, f->runner, &error);
  g_assert_no_error (error);
  sl_entrant_card_set_entrant (SL_ENTRANT_CARD (card), f->db, runner);
  sl_test_settle (100);
  collect_texts (card, texts);
  g_assert_nonnull (strstr (texts->str, "Deaf / hard of hearing"));
  g_assert_nonnull (strstr (texts->str, "Support arranged — see the Accessibility Point"));
  g_assert_nonnull (strstr (texts->str, "Guide runner"));
  g_assert_nonnull (strstr (texts->str, "Ben Castle · bib 40418 · not checked in yet"));
  g_assert_null (strstr (texts->str, "ZQX-7731"));
  g_assert_null (strstr (texts->str, "epilepsy"));
  g_assert_null (strstr (texts->str, "Medical condition"));
  sl_test_save_screenshot (f->window, "desk-card-support");

  /* The guide's card names whom they guide, and sees them checked in. */
  checked = sl_db_check_in (f->db, "40417", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (checked);
  guide = sl_db_dup_entrant (f->db, f->guide, &error);
  sl_entrant_card_set_entrant (SL_ENTRANT_CARD (card), f->db, guide);
  g_string_truncate (texts, 0);
  collect_texts (card, texts);
  g_assert_nonnull (strstr (texts->str, "Guide runner for"));
  g_assert_nonnull (strstr (texts->str, "Amara Okafor · bib 40417 · checked in"));
  g_assert_null (strstr (texts->str, "Deaf / hard of hearing"));

  /* Signed in, the desk card is no different. */
  sign_in (f);
  sl_entrant_card_set_entrant (SL_ENTRANT_CARD (card), f->db, runner);
  g_string_truncate (texts, 0);
  collect_texts (card, texts);
  g_assert_null (strstr (texts->str, "epilepsy"));
  g_assert_null (strstr (texts->str, "Medical condition"));

  /* Nobody selected: nothing of it stays. */
  sl_entrant_card_set_entrant (SL_ENTRANT_CARD (card), f->db, NULL);
  g_string_truncate (texts, 0);
  collect_texts (card, texts);
  g_assert_null (strstr (texts->str, "Deaf"));
}

/* The card shows each booking as the facility and where it is, then the
 * slot and status ("waiting, 1st" on a waiting list), for the desk and
 * read as text; never a need's type or detail.
 */
static void
test_card_bookings (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *card = sl_entrant_card_new ();
  g_autoptr(SlEntrant) runner = NULL;
  g_autoptr(SlEntrant) guide = NULL;
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  SlFacility calm = { .kind = SL_FACILITY_QUIET_SPACE, .name = (char *)"Calm space",
                      .location = (char *)"Finish", .capacity = 2, .opens = 8 * 60 + 30,
                      .closes = 10 * 60, .slot_minutes = 30 };
  SlFacility faith = { .kind = SL_FACILITY_FAITH_SPACE, .name = (char *)"Faith space",
                       .capacity = 10, .opens = 7 * 60, .closes = 12 * 60 };
  SlBookResult result = { 0 };

  arrange_support (f);
  sign_in (f);
  g_assert_true (sl_db_add_facility (f->db, &calm, &calm.id, &error));
  g_assert_true (sl_db_add_facility (f->db, &faith, &faith.id, &error));
  g_assert_no_error (error);
  /* The runner and her guide fill 08:30; the guide, booked alone, waits. */
  g_assert_true (sl_db_book (f->db, calm.id, f->runner, 0, 8 * 60 + 30, 2, &result, &error));
  g_assert_cmpint (result.status, ==, SL_BOOKING_CONFIRMED);
  g_assert_true (sl_db_book (f->db, faith.id, f->runner, 0, SL_SLOT_DAY, 1, &result, &error));
  g_assert_true (sl_db_book (f->db, calm.id, f->guide, 0, 8 * 60 + 30, 1, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.status, ==, SL_BOOKING_WAITING);
  sl_db_sign_out (f->db);

  gtk_window_set_child (GTK_WINDOW (f->window), card);
  gtk_window_present (GTK_WINDOW (f->window));
  runner = sl_db_dup_entrant (f->db, f->runner, &error);
  g_assert_no_error (error);
  sl_entrant_card_set_entrant (SL_ENTRANT_CARD (card), f->db, runner);
  sl_test_settle (100);
  collect_texts (card, texts);
  g_assert_nonnull (strstr (texts->str, "Calm space, Finish\n08:30–09:00, confirmed\n"));
  g_assert_nonnull (strstr (texts->str, "Faith space\n07:00–12:00, drop-in, confirmed\n"));
  g_assert_null (strstr (texts->str, "ZQX-7731"));
  g_assert_null (strstr (texts->str, "epilepsy"));
  g_assert_null (strstr (texts->str, "Medical condition"));
  /* A screen reader reads the list by its name and each row as text. */
  gtk_test_accessible_assert_property (
    GTK_ACCESSIBLE (gtk_widget_get_template_child (card, SL_TYPE_ENTRANT_CARD, "bookings_list")),
    GTK_ACCESSIBLE_PROPERTY_LABEL, "Facility bookings");
  sl_test_save_screenshot (f->window, "desk-card-booking.png");

  guide = sl_db_dup_entrant (f->db, f->guide, &error);
  sl_entrant_card_set_entrant (SL_ENTRANT_CARD (card), f->db, guide);
  g_string_truncate (texts, 0);
  collect_texts (card, texts);
  g_assert_nonnull (strstr (texts->str, "Calm space, Finish\n08:30–09:00, waiting, 1st\n"));
  g_assert_null (strstr (texts->str, "Faith space"));

  /* Someone else, then no one: nothing of it stays. */
  sl_entrant_card_set_entrant (SL_ENTRANT_CARD (card), f->db, NULL);
  g_string_truncate (texts, 0);
  collect_texts (card, texts);
  g_assert_null (strstr (texts->str, "Calm space"));
}

static guint
choice_of (SlDb       *db,
           const char *code)
{
  g_autoptr(GPtrArray) types = sl_db_list_need_types (db, NULL);

  for (guint i = 0; i < types->len; i++)
    if (g_str_equal (((SlNeedType *)g_ptr_array_index (types, i))->code, code))
      return i;
  g_assert_not_reached ();
}

static void
recorded_cb (SlRecordNeedDialog *dialog,
             gint64              id,
             gint64             *out)
{
  *out = id;
}

/* At the desk, nobody signed in: the type and the runner's words, Ctrl+S;
 * the need is stored with its detail sealed, the desk cannot read it back,
 * an officer can.
 */
static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SlEntrant) runner = sl_db_dup_entrant (f->db, f->runner, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  SlRecordNeedDialog *dialog;
  GtkWidget *view;
  gint64 id = 0;

  gtk_window_present (GTK_WINDOW (f->window));
  dialog = sl_record_need_dialog_present (GTK_WINDOW (f->window), f->db, runner);
  g_signal_connect (dialog, "recorded", G_CALLBACK (recorded_cb), &id);
  sl_test_settle (100);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gtk_widget_get_template_child (
                                GTK_WIDGET (dialog), SL_TYPE_RECORD_NEED_DIALOG, "type_row")),
                              choice_of (f->db, "medical-condition"));
  view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                    SL_TYPE_RECORD_NEED_DIALOG, "detail_view"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), SECRET, -1);
  gtk_widget_grab_focus (view);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "record-need-dialog");
  sl_test_press_key (view, GDK_KEY_s, GDK_CONTROL_MASK);
  for (guint i = 0; i < 1000 && id == 0; i++)
    sl_test_settle (10);
  g_assert_cmpint (id, >, 0);

  /* The desk: refused. */
  g_assert_false (sl_db_read_need_details (f->db, id, &detail, NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_null (detail);
  g_clear_error (&error);
  /* The officer: the runner's words. */
  sign_in (f);
  g_assert_true (sl_db_read_need_details (f->db, id, &detail, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (detail, ==, SECRET);
  sl_secret_str_free (g_steal_pointer (&detail));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sl_ensure_resources ();

  g_test_add ("/desk-support/card", Fixture, NULL, fixture_set_up, test_card, fixture_tear_down);
  g_test_add ("/desk-support/card-bookings", Fixture, NULL, fixture_set_up, test_card_bookings,
              fixture_tear_down);
  g_test_add ("/desk-support/record", Fixture, NULL, fixture_set_up, test_record,
              fixture_tear_down);

  return g_test_run ();
}
