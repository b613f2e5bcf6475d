/* test-entrants-page.c — the entrants page, its model and the entrant
 * dialog, driven in-process on a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-test-ui.h"
#include "sl-test-util.h"
#include "sl-fold.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sl-core.h"
#include "sl-entrant-dialog.h"
#include "sl-entrant-item.h"
#include "sl-entrant-list-model.h"
#include "sl-entrants-page.h"

#define N_ENTRANTS 500

static const char * const last_names[] = {
  "Fernández", "O'Brien", "Adams", "Zhang", "Okafor", "Müller", "Smith", "Nakamura",
  "Kowalski", "Ó Súilleabháin", "Dubois", "Rossi", "Jensen",
};
static const char * const first_names[] = {
  "José", "Aoife", "Ben", "Chloé", "David", "Eve", "Fatima", "Gustav", "Hana", "Íñigo",
};

typedef struct
{
  char      *dir;
  SlDb      *db;
  gint64     race_mass;
  gint64     race_elite;
  GtkWindow *window;
  SlEntrantsPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SlRace mass = { 0, (char *)"MASS", (char *)"Mass", (char *)"mass" };
  SlRace elite = { 0, (char *)"EW", (char *)"Elite women", (char *)"elite-women" };
  SlWave wave = { 0, 0, (char *)"Red 1", (char *)"Red", (char *)"2025-04-27T09:30:00Z" };
  SlCharity charity = { 0 };

  f->dir = g_dir_make_tmp ("test-entrants-page-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "event.db", NULL);
  f->db = sl_db_create (path, "Test Marathon", "2025-04-27", &error);
  g_assert_no_error (error);
  sl_db_set_actor (f->db, "Tester", "Desk 9");

  g_assert_true (sl_db_add_race (f->db, &mass, &error));
  g_assert_true (sl_db_add_race (f->db, &elite, &error));
  f->race_mass = mass.id;
  f->race_elite = elite.id;
  wave.race_id = mass.id;
  g_assert_true (sl_db_add_wave (f->db, &wave, &error));
  charity.name = (char *)"Air Ambulance";
  g_assert_true (sl_db_add_charity (f->db, &charity, &error));

  for (guint i = 0; i < N_ENTRANTS; i++)
    {
      g_autoptr(SlEntrant) e = sl_entrant_new ();

      e->bib = g_strdup_printf ("%u", i + 1);
      e->first_name = g_strdup (first_names[i % G_N_ELEMENTS (first_names)]);
      e->last_name = g_strdup (last_names[(i * 7) % G_N_ELEMENTS (last_names)]);
      e->club = i % 3 == 0 ? g_strdup ("Serpentine") : NULL;
      e->race_id = i % 10 == 0 ? elite.id : mass.id;
      e->wave_id = i % 10 == 0 ? 0 : wave.id;
      g_assert_true (sl_db_insert_entrant (f->db, e, &error));
      g_assert_no_error (error);
      if (i % 3 == 1)
        g_assert_true (sl_db_set_entrant_status (f->db, e->id, SL_STATUS_CHECKED_IN, &error));
      if (i % 5 == 2)
        g_assert_true (sl_db_set_charity_signup (f->db, e->id, charity.id, 200000, 0, &error));
      g_assert_no_error (error);
    }

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 700);
  f->page = SL_ENTRANTS_PAGE (sl_entrants_page_new (f->db));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "event.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  sl_test_destroy_toplevels ();
  g_clear_object (&f->db);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static GtkWidget *
template_child (Fixture    *f,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->page), SL_TYPE_ENTRANTS_PAGE,
                                                  name);
  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static gint64
count_where (Fixture    *f,
             SlStatus    status,
             gint64      race_id)
{
  gint64 n = 0;

  /* Counted independently of the list code: every record read back. */
  for (gint64 id = 1; id <= N_ENTRANTS; id++)
    {
      g_autoptr(SlEntrant) e = sl_db_dup_entrant (f->db, id, NULL);

      if (e != NULL && ((int)status < 0 || e->status == status)
          && (race_id == 0 || e->race_id == race_id))
        n++;
    }
  return n;
}

static guint n_changes;

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added)
{
  n_changes++;
}

static void
test_model_lazy (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrantListModel) model = sl_entrant_list_model_new (f->db);
  g_autoptr(SlEntrantItem) first = NULL;
  g_autoptr(SlEntrantItem) again = NULL;
  g_autoptr(SlEntrantItem) last = NULL;

  n_changes = 0;
  g_signal_connect (model, "items-changed", G_CALLBACK (count_items_changed_cb), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_true (sl_entrant_list_model_refresh (model, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ENTRANTS);
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetched (model), ==, 0);

  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetched (model), ==, SL_ENTRANT_LIST_MODEL_BATCH);
  again = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetched (model), ==, SL_ENTRANT_LIST_MODEL_BATCH);
  g_assert_true (first == g_list_model_get_item (G_LIST_MODEL (model), 0));
  g_object_unref (first);

  last = g_list_model_get_item (G_LIST_MODEL (model), N_ENTRANTS - 1);
  g_assert_nonnull (last);
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetched (model), ==,
                    SL_ENTRANT_LIST_MODEL_BATCH + N_ENTRANTS % SL_ENTRANT_LIST_MODEL_BATCH);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_ENTRANTS));

  /* Default order is by last name: the first row is an Adams. */
  g_assert_cmpstr (sl_entrant_item_get_column_text (first, SL_ENTRANT_SORT_LAST_NAME), ==, "Adams");

  /* The page's table, on screen, fetched only what it shows. */
  sl_test_settle (300);
  g_assert_cmpuint (g_list_model_get_n_items (sl_entrants_page_get_model (f->page)), ==,
                    N_ENTRANTS);
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetched (
                      SL_ENTRANT_LIST_MODEL (sl_entrants_page_get_model (f->page))), <, N_ENTRANTS);
  sl_test_save_screenshot (GTK_WIDGET (f->window), "entrants-page.png");
}

static void
test_filter_status_and_race (Fixture       *f,
                             gconstpointer  data)
{
  GListModel *model = sl_entrants_page_get_model (f->page);
  GtkDropDown *status = GTK_DROP_DOWN (template_child (f, "status_dropdown"));
  GtkDropDown *race = GTK_DROP_DOWN (template_child (f, "race_dropdown"));
  gint64 checked_in = count_where (f, SL_STATUS_CHECKED_IN, 0);
  gint64 checked_in_elite = count_where (f, SL_STATUS_CHECKED_IN, f->race_elite);

  g_assert_cmpint (checked_in, >, 0);
  g_assert_cmpint (checked_in_elite, >, 0);
  g_assert_cmpint (checked_in_elite, <, checked_in);

  /* Position 0 is "All statuses"; the rest follow SlStatus. */
  gtk_drop_down_set_selected (status, SL_STATUS_CHECKED_IN + 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, checked_in);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlEntrantItem) item = g_list_model_get_item (model, i);
      g_assert_cmpint (sl_entrant_item_get_row (item)->status, ==, SL_STATUS_CHECKED_IN);
    }

  /* Position 0 is "All races", then races in id order: Mass, Elite women. */
  gtk_drop_down_set_selected (race, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, checked_in_elite);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlEntrantItem) item = g_list_model_get_item (model, i);
      g_assert_cmpstr (sl_entrant_item_get_row (item)->race_name, ==, "Elite women");
    }
  sl_test_settle (100);
  sl_test_save_screenshot (GTK_WIDGET (f->window), "entrants-page-filtered.png");

  gtk_drop_down_set_selected (status, 0);
  gtk_drop_down_set_selected (race, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ENTRANTS);
}

static gboolean
model_has_n (gpointer data)
{
  Fixture *f = data;
  return g_list_model_get_n_items (sl_entrants_page_get_model (f->page)) < N_ENTRANTS;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  GListModel *model = sl_entrants_page_get_model (f->page);
  GtkEditable *search = GTK_EDITABLE (template_child (f, "search_entry"));

  /* Folded: "fernandez" finds "Fernández". */
  gtk_editable_set_text (search, "fernandez jose");
  g_assert_true (sl_test_wait_for (model_has_n, f));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlEntrantItem) item = g_list_model_get_item (model, i);
      g_assert_cmpstr (sl_entrant_item_get_row (item)->last_name, ==, "Fernández");
      g_assert_cmpstr (sl_entrant_item_get_row (item)->first_name, ==, "José");
    }
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  GListModel *model = sl_entrants_page_get_model (f->page);
  GtkColumnView *view = GTK_COLUMN_VIEW (template_child (f, "column_view"));
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GtkColumnViewColumn) bib = g_list_model_get_item (columns, 0);
  g_autoptr(GtkColumnViewColumn) last_name = g_list_model_get_item (columns, 1);
  g_autofree char *prev = NULL;

  g_assert_cmpstr (gtk_column_view_column_get_title (last_name), ==, "Last name");

  gtk_column_view_sort_by_column (view, last_name, GTK_SORT_DESCENDING);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlEntrantItem) item = g_list_model_get_item (model, i);
      g_autofree char *key = sl_fold (sl_entrant_item_get_row (item)->last_name);

      /* Folded, so Ó sorts with O and Ł with L, not after Z. */
      if (prev != NULL)
        g_assert_cmpint (strcmp (prev, key), >=, 0);
      g_free (prev);
      prev = g_steal_pointer (&key);
    }
  g_clear_pointer (&prev, g_free);

  gtk_column_view_sort_by_column (view, bib, GTK_SORT_ASCENDING);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SlEntrantItem) item = g_list_model_get_item (model, i);
      g_autofree char *want = g_strdup_printf ("%u", i + 1);
      g_assert_cmpstr (sl_entrant_item_get_row (item)->bib, ==, want);
    }
}

static void
saved_cb (SlEntrantDialog *dialog,
          gint64           id,
          gconstpointer    before,
          gboolean        *saved)
{
  *saved = TRUE;
}

/* What Save does, to its end: the entrant is written in a worker thread.
 * TRUE when it was saved (the dialog said "saved"), FALSE when the form
 * or the store refused it.
 */
static gboolean
save_and_wait (SlEntrantDialog *dialog)
{
  g_autoptr(SlEntrantDialog) ref = g_object_ref (dialog);
  gboolean saved = FALSE;
  gulong handler = g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);

  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  /* A write waits five seconds at most for another program's lock. */
  if (sl_entrant_dialog_save (dialog))
    while (sl_entrant_dialog_get_busy (dialog))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  g_signal_handler_disconnect (dialog, handler);
  return saved;
}

static gboolean
page_not_busy (gpointer data)
{
  Fixture *f = data;

  return !sl_entrants_page_get_busy (f->page);
}

/* A withdrawal or an undo is written in a worker thread: until it is. */
static void
wait_until_written (Fixture *f)
{
  g_assert_true (sl_test_wait_for (page_not_busy, f));
}

/* Opens the dialog on the entrant with bib 1 through the page's action. */
static SlEntrantDialog *
open_edit_dialog (Fixture *f,
                  gint64  *id_out)
{
  g_autoptr(SlEntrant) e = sl_db_dup_entrant_by_code (f->db, "1", NULL);

  g_assert_nonnull (e);
  g_assert_true (sl_entrants_page_select_id (f->page, e->id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "entrants.edit", NULL));
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (SL_TYPE_ENTRANT_DIALOG)));
  *id_out = e->id;
  return sl_test_find_toplevel (SL_TYPE_ENTRANT_DIALOG);
}

/* What GTK 4.8 tells a screen reader has the focus when focus holds the
 * keyboard focus: a widget left out of the accessible tree (role none, as
 * the GtkText inside every text field is) passes its focus changes to its
 * parent (gtk_accessible_platform_changed).
 */
static GtkWidget *
focus_reporter (GtkWidget *focus)
{
  if (focus != NULL
      && gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (focus)) == GTK_ACCESSIBLE_ROLE_NONE)
    return gtk_widget_get_parent (focus);
  return focus;
}

/* The keyboard focus is in the text field for code, and a screen reader is
 * told so: the focus is reported on the field itself, a labelled text box
 * that says it has the focus when its text has it (GtkEntry does). In an
 * AdwEntryRow (libadwaita 1.2) it goes to a nameless AdwGizmo that says it
 * has not, and Orca stays silent.
 */
static GtkWidget *
assert_field_focused (SlEntrantDialog *dialog,
                      SlEntrantError   code)
{
  GtkWidget *field = GTK_WIDGET (sl_entrant_dialog_get_editable (dialog, code));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
  GtkWidget *reporter = focus_reporter (focus);

  g_assert_nonnull (field);
  g_assert_nonnull (focus);
  if (reporter != field)
    g_error ("field %d: the focus is in a %s, reported on a %s, not on the field (a %s)",
             code, G_OBJECT_TYPE_NAME (focus), G_OBJECT_TYPE_NAME (reporter),
             G_OBJECT_TYPE_NAME (field));
  g_assert_true (GTK_IS_ENTRY (reporter));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (reporter)), ==,
                   GTK_ACCESSIBLE_ROLE_TEXT_BOX);
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (reporter),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  return reporter;
}

static gboolean
is_mnemonic_label_for_cb (GtkWidget     *widget,
                          gconstpointer  data)
{
  GtkWidget *target = (GtkWidget *)data;
  GtkWidget *mnemonic_widget;

  if (!GTK_IS_LABEL (widget) || !gtk_widget_get_visible (widget)
      || gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) == GDK_KEY_VoidSymbol)
    return FALSE;
  mnemonic_widget = gtk_label_get_mnemonic_widget (GTK_LABEL (widget));
  return mnemonic_widget != NULL
         && (mnemonic_widget == target || gtk_widget_is_ancestor (target, mnemonic_widget));
}

/* The label whose mnemonic (Alt and a letter) leads to target. */
static GtkWidget *
find_mnemonic_label (GtkWidget *widget,
                     GtkWidget *target)
{
  return sl_test_find_widget (widget, is_mnemonic_label_for_cb, target);
}

static guint
n_audit (Fixture *f)
{
  g_autoptr(GPtrArray) entries = sl_db_list_audit (f->db, NULL, 0, 0, NULL);
  return entries->len;
}

static void
test_edit_duplicate_bib (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id;
  SlEntrantDialog *dialog = open_edit_dialog (f, &id);
  guint audit_before = n_audit (f);
  g_autoptr(SlEntrant) after = NULL;
  const char *message;
  GtkWidget *field;

  gtk_editable_set_text (sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_BIB), "2");
  g_assert_false (save_and_wait (dialog));
  message = sl_entrant_dialog_get_error (dialog, SL_ENTRANT_ERROR_BIB);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "2"));
  g_assert_null (sl_entrant_dialog_get_error (dialog, SL_ENTRANT_ERROR_DATE_OF_BIRTH));
  /* The focus is back in the field, whose description gives the reason. It
   * is not marked invalid: GTK 4.8 makes that AT-SPI's "invalid" state,
   * which Orca 43 takes for a dead object and does not follow the focus to.
   */
  field = assert_field_focused (dialog, SL_ENTRANT_ERROR_BIB);
  gtk_test_accessible_assert_property (field, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message);
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (field),
                                                 GTK_ACCESSIBLE_STATE_INVALID));
  sl_test_settle (200);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "entrant-dialog-duplicate-bib.png");

  /* Nothing was written, and the dialog stays open for a fix. */
  g_assert_cmpuint (n_audit (f), ==, audit_before);
  after = sl_db_dup_entrant (f->db, id, NULL);
  g_assert_cmpstr (after->bib, ==, "1");
  g_assert_true (sl_test_find_toplevel (SL_TYPE_ENTRANT_DIALOG) == dialog);
}

static void
test_edit_bad_date (Fixture       *f,
                    gconstpointer  data)
{
  gint64 id;
  SlEntrantDialog *dialog = open_edit_dialog (f, &id);
  guint audit_before = n_audit (f);
  g_autoptr(SlEntrant) after = NULL;

  gtk_editable_set_text (sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_DATE_OF_BIRTH),
                         "1990-02-30");
  gtk_editable_set_text (sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_FIRST_NAME),
                         "Changed");
  g_assert_false (save_and_wait (dialog));
  g_assert_nonnull (strstr (sl_entrant_dialog_get_error (dialog, SL_ENTRANT_ERROR_DATE_OF_BIRTH),
                            "1990-02-30"));
  g_assert_null (sl_entrant_dialog_get_error (dialog, SL_ENTRANT_ERROR_BIB));
  g_assert_cmpuint (n_audit (f), ==, audit_before);
  after = sl_db_dup_entrant (f->db, id, NULL);
  g_assert_cmpstr (after->first_name, !=, "Changed");
  g_assert_null (after->date_of_birth);

  /* Fixing the field clears the message on the next save. */
  gtk_editable_set_text (sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_DATE_OF_BIRTH),
                         "1990-02-28");
  g_assert_true (save_and_wait (dialog));
  g_clear_pointer (&after, sl_entrant_free);
  after = sl_db_dup_entrant (f->db, id, NULL);
  g_assert_cmpstr (after->date_of_birth, ==, "1990-02-28");
}

/* The editor refuses what the import and the command line refuse, next
 * to the field: a club past its limit, a right-to-left override in a name.
 */
static void
test_edit_text_limits (Fixture       *f,
                       gconstpointer  data)
{
  gint64 id;
  SlEntrantDialog *dialog = open_edit_dialog (f, &id);
  guint audit_before = n_audit (f);
  g_autoptr(SlEntrant) after = NULL;
  g_autofree char *club = g_strnfill (151, 'c');
  const char *message;
  GtkWidget *field;

  gtk_editable_set_text (sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_CLUB), club);
  g_assert_false (save_and_wait (dialog));
  message = sl_entrant_dialog_get_error (dialog, SL_ENTRANT_ERROR_CLUB);
  g_assert_cmpstr (message, ==, "The club can have at most 150 characters (151 given)");
  field = assert_field_focused (dialog, SL_ENTRANT_ERROR_CLUB);
  gtk_test_accessible_assert_property (field, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message);

  gtk_editable_set_text (sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_CLUB), "Harriers");
  gtk_editable_set_text (sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_FIRST_NAME),
                         "Ada\u202eecalevoL");
  g_assert_false (save_and_wait (dialog));
  g_assert_null (sl_entrant_dialog_get_error (dialog, SL_ENTRANT_ERROR_CLUB));
  g_assert_nonnull (strstr (sl_entrant_dialog_get_error (dialog, SL_ENTRANT_ERROR_FIRST_NAME),
                            "invisible formatting character U+202E"));
  assert_field_focused (dialog, SL_ENTRANT_ERROR_FIRST_NAME);

  g_assert_cmpuint (n_audit (f), ==, audit_before);
  after = sl_db_dup_entrant (f->db, id, NULL);
  g_assert_cmpstr (after->club, !=, club);
  g_assert_null (strstr (after->first_name, "\u202e"));
  g_assert_true (sl_test_find_toplevel (SL_TYPE_ENTRANT_DIALOG) == dialog);
}

static gboolean
dialog_closed (gpointer data)
{
  return sl_test_find_toplevel (SL_TYPE_ENTRANT_DIALOG) == NULL;
}

/* Every text field of the dialog takes the keyboard focus where a screen
 * reader follows it: when the dialog opens (the bib), with Tab from the
 * field before it (one stop a field) and with its mnemonic; and Enter in
 * it saves.
 */
/* The editor's text fields start in one line, however long their titles
 * ("Bib", "Date of birth (YYYY-MM-DD)"), as in a form.
 */
static void
test_edit_fields_aligned (Fixture       *f,
                          gconstpointer  data)
{
  static const SlEntrantError fields[] = {
    SL_ENTRANT_ERROR_BIB, SL_ENTRANT_ERROR_BOOKING_REF, SL_ENTRANT_ERROR_FIRST_NAME,
    SL_ENTRANT_ERROR_LAST_NAME, SL_ENTRANT_ERROR_DATE_OF_BIRTH, SL_ENTRANT_ERROR_AGE,
    SL_ENTRANT_ERROR_EMAIL,
  };
  gint64 id;
  SlEntrantDialog *dialog = open_edit_dialog (f, &id);
  double first_x = -1;

  sl_test_settle (100);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *field = GTK_WIDGET (sl_entrant_dialog_get_editable (dialog, fields[i]));
      graphene_point_t at;

      g_assert_true (gtk_widget_compute_point (field, GTK_WIDGET (dialog),
                                               &GRAPHENE_POINT_INIT (0, 0), &at));
      if (i == 0)
        first_x = at.x;
      g_assert_cmpfloat_with_epsilon (at.x, first_x, 0.5);
    }
}

static void
test_edit_fields_focus (Fixture       *f,
                        gconstpointer  data)
{
  /* In the dialog's order; the gender, race and other rows come between
   * the age and the email.
   */
  static const SlEntrantError fields[] = {
    SL_ENTRANT_ERROR_BIB, SL_ENTRANT_ERROR_BOOKING_REF, SL_ENTRANT_ERROR_FIRST_NAME,
    SL_ENTRANT_ERROR_LAST_NAME, SL_ENTRANT_ERROR_DATE_OF_BIRTH, SL_ENTRANT_ERROR_AGE,
    SL_ENTRANT_ERROR_EMAIL,
  };
  const guint n_consecutive = 6;
  gint64 id;
  SlEntrantDialog *dialog = open_edit_dialog (f, &id);
  g_autoptr(SlEntrant) after = NULL;

  sl_test_settle (100);
  assert_field_focused (dialog, SL_ENTRANT_ERROR_BIB);
  for (guint i = 1; i < n_consecutive; i++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD));
      assert_field_focused (dialog, fields[i]);
    }
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_BACKWARD));
  assert_field_focused (dialog, SL_ENTRANT_ERROR_DATE_OF_BIRTH);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *field = GTK_WIDGET (sl_entrant_dialog_get_editable (dialog, fields[i]));
      GtkWidget *label = find_mnemonic_label (GTK_WIDGET (dialog), field);

      g_assert_nonnull (label);
      g_assert_true (gtk_widget_mnemonic_activate (label, FALSE));
      assert_field_focused (dialog, fields[i]);
    }

  /* Enter in a field saves, as before. */
  gtk_widget_grab_focus (GTK_WIDGET (sl_entrant_dialog_get_editable (dialog,
                                                                     SL_ENTRANT_ERROR_LAST_NAME)));
  gtk_editable_set_text (sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_LAST_NAME),
                         "Entered");
  g_signal_emit_by_name (gtk_root_get_focus (GTK_ROOT (dialog)), "activate");
  g_assert_true (sl_test_wait_for (dialog_closed, NULL));
  after = sl_db_dup_entrant (f->db, id, NULL);
  g_assert_cmpstr (after->last_name, ==, "Entered");
}

static void
count_changed_cb (guint *changes)
{
  (*changes)++;
}

static void
test_edit_audited_and_undo (Fixture       *f,
                            gconstpointer  data)
{
  gint64 id;
  SlEntrantDialog *dialog = open_edit_dialog (f, &id);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(SlEntrant) before = sl_db_dup_entrant (f->db, id, NULL);
  g_autoptr(SlEntrant) after = NULL;
  g_autoptr(SlEntrant) undone = NULL;
  SlAuditEntry *entry;
  guint changes = 0;

  g_signal_connect_swapped (f->page, "changed", G_CALLBACK (count_changed_cb), &changes);
  gtk_editable_set_text (sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_LAST_NAME),
                         "Åberg-Smith");
  g_assert_true (save_and_wait (dialog));

  after = sl_db_dup_entrant (f->db, id, NULL);
  g_assert_cmpstr (after->last_name, ==, "Åberg-Smith");
  audit = sl_db_list_audit (f->db, "entrant", id, 1, NULL);
  entry = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_cmpstr (entry->operator_name, ==, "Tester");
  g_assert_nonnull (strstr (entry->before, before->last_name));
  g_assert_nonnull (strstr (entry->after, "Åberg-Smith"));
  /* The page was told and shows the new name on the selected row. */
  g_assert_cmpint (sl_entrants_page_get_selected_id (f->page), ==, id);
  {
    GListModel *model = sl_entrants_page_get_model (f->page);
    g_autoptr(SlEntrantItem) item = g_list_model_get_item (
      model, sl_entrant_list_model_find (SL_ENTRANT_LIST_MODEL (model), id));
    g_assert_cmpstr (sl_entrant_item_get_row (item)->last_name, ==, "Åberg-Smith");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "entrants.undo", NULL));
  wait_until_written (f);
  undone = sl_db_dup_entrant (f->db, id, NULL);
  g_assert_cmpstr (undone->last_name, ==, before->last_name);
  g_clear_pointer (&audit, g_ptr_array_unref);
  audit = sl_db_list_audit (f->db, "entrant", id, 1, NULL);
  entry = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_nonnull (strstr (entry->before, "Åberg-Smith"));
  /* Told other pages twice: the save and the undo. */
  g_assert_cmpuint (changes, ==, 2);
}

static void
test_withdraw_and_undo (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SlEntrant) e = sl_db_dup_entrant_by_code (f->db, "2", NULL);
  g_autoptr(SlEntrant) withdrawn = NULL;
  g_autoptr(SlEntrant) restored = NULL;
  AdwMessageDialog *confirm;

  g_assert_cmpint (e->status, ==, SL_STATUS_CHECKED_IN);
  g_assert_true (sl_entrants_page_select_id (f->page, e->id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "entrants.withdraw", NULL));
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  confirm = sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  /* Nothing happens before the confirmation. */
  withdrawn = sl_db_dup_entrant (f->db, e->id, NULL);
  g_assert_cmpint (withdrawn->status, ==, SL_STATUS_CHECKED_IN);
  g_clear_pointer (&withdrawn, sl_entrant_free);
  sl_test_settle (200);
  sl_test_save_screenshot (GTK_WIDGET (confirm), "withdraw-confirmation.png");

  adw_message_dialog_response (confirm, "withdraw");
  wait_until_written (f);
  withdrawn = sl_db_dup_entrant (f->db, e->id, NULL);
  g_assert_cmpint (withdrawn->status, ==, SL_STATUS_WITHDRAWN);
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->window), "entrants-page-withdrawn-toast.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "entrants.undo", NULL));
  wait_until_written (f);
  restored = sl_db_dup_entrant (f->db, e->id, NULL);
  g_assert_cmpint (restored->status, ==, SL_STATUS_CHECKED_IN);
  /* Undo is used up: a second one writes nothing. */
  {
    guint audit_before = n_audit (f);

    gtk_widget_activate_action (GTK_WIDGET (f->page), "entrants.undo", NULL);
    wait_until_written (f);
    g_assert_cmpuint (n_audit (f), ==, audit_before);
  }
}

/* Withdrawing a runner with a guide says first that the guide is withdrawn
 * too, naming them; confirmed, both are.
 */
static void
test_withdraw_cascade (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SlEntrant) runner = sl_db_dup_entrant_by_code (f->db, "2", NULL);
  g_autoptr(SlEntrant) guide = sl_db_dup_entrant_by_code (f->db, "3", NULL);
  g_autoptr(SlEntrant) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *guide_name = sl_entrant_dup_full_name (guide);
  g_autofree char *expected = g_strdup_printf ("%s (bib 3) supports them and loses the place: "
                                               "they will be withdrawn too.", guide_name);
  SlEntrantLink link = { .entrant_id = runner->id, .kind = SL_LINK_GUIDE,
                         .linked_entrant_id = guide->id };
  AdwMessageDialog *confirm;

  g_assert_true (sl_db_add_staff (f->db, "Olu Adeyemi", SL_ROLE_ADMIN | SL_ROLE_OFFICER,
                                  "correct horse battery", &error));
  g_assert_true (sl_db_sign_in (f->db, "Olu Adeyemi", "correct horse battery", &error));
  g_assert_cmpint (sl_db_add_link (f->db, &link, &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (sl_entrants_page_select_id (f->page, runner->id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "entrants.withdraw", NULL));
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  confirm = sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), expected));
  sl_test_save_screenshot (GTK_WIDGET (confirm), "withdraw-cascade.png");
  adw_message_dialog_response (confirm, "withdraw");
  wait_until_written (f);
  after = sl_db_dup_entrant (f->db, guide->id, NULL);
  g_assert_cmpint (after->status, ==, SL_STATUS_WITHDRAWN);
  g_assert_cmpuint (sl_test_count_audit (f->db, "entrant", guide->id, "withdraw-linked"), ==, 1);
}

static void
test_withdraw_cancel (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SlEntrant) e = sl_db_dup_entrant_by_code (f->db, "3", NULL);
  g_autoptr(SlEntrant) after = NULL;
  guint audit_before = n_audit (f);

  g_assert_true (sl_entrants_page_select_id (f->page, e->id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "entrants.withdraw", NULL));
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  adw_message_dialog_response (sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "cancel");
  after = sl_db_dup_entrant (f->db, e->id, NULL);
  g_assert_cmpint (after->status, ==, e->status);
  g_assert_cmpuint (n_audit (f), ==, audit_before);
}

/* Whether the keyboard focus is in the named template child. */
static gboolean
focus_is_in (Fixture    *f,
             const char *name)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *widget = template_child (f, name);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static guint
selected_position (Fixture *f)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (template_child (f, "column_view"));

  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)));
}

/* By keyboard, as a person comes to the table: Tab from the sort button
 * before it.
 */
static void
tab_into_table (Fixture *f)
{
  sl_test_settle (300);
  gtk_widget_grab_focus (template_child (f, "sort_button"));
  sl_test_press_key (GTK_WIDGET (f->window), GDK_KEY_Tab, 0);
}

/* Tab leaves the table for the next control, Shift+Tab for the one
 * before, instead of walking through every entrant; the arrows still go
 * from row to row.
 */
static void
test_tab_leaves_table (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);

  tab_into_table (f);
  g_assert_true (focus_is_in (f, "column_view"));
  sl_test_press_key (window, GDK_KEY_Down, 0);
  sl_test_press_key (window, GDK_KEY_Down, 0);
  g_assert_true (focus_is_in (f, "column_view"));
  g_assert_cmpuint (selected_position (f), ==, 2);

  /* Nothing comes after the table in this window: the focus goes round. */
  sl_test_press_key (window, GDK_KEY_Tab, 0);
  g_assert_true (focus_is_in (f, "search_entry"));
  sl_test_press_key (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_true (focus_is_in (f, "column_view"));
  sl_test_press_key (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_true (focus_is_in (f, "sort_button"));
  /* Ctrl+Tab, which moves out of widgets that take Tab themselves, too. */
  sl_test_press_key (window, GDK_KEY_Tab, 0);
  g_assert_true (focus_is_in (f, "column_view"));
  sl_test_press_key (window, GDK_KEY_Tab, GDK_CONTROL_MASK);
  g_assert_true (focus_is_in (f, "search_entry"));
  g_assert_cmpuint (selected_position (f), ==, 2);
}

/* The bib of the entrant at position in the table's order. */
static char *
dup_bib_at (Fixture *f,
            guint    position)
{
  g_autoptr(SlEntrantItem) item = g_list_model_get_item (sl_entrants_page_get_model (f->page),
                                                         position);

  g_assert_nonnull (item);
  return g_strdup (sl_entrant_item_get_row (item)->bib);
}

/* The bib the row with the keyboard focus shows, NULL when no row has it
 * (the bib is the first column: row → cell → inscription).
 */
static const char *
focused_bib (Fixture *f)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *cell;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, template_child (f, "column_view"))
      || (cell = gtk_widget_get_first_child (focus)) == NULL
      || !GTK_IS_INSCRIPTION (gtk_widget_get_first_child (cell)))
    return NULL;
  return gtk_inscription_get_text (GTK_INSCRIPTION (gtk_widget_get_first_child (cell)));
}

static gboolean
shows_text (GtkWidget  *widget,
            GtkWidget  *area,
            const char *text)
{
  graphene_rect_t bounds;

  if (GTK_IS_INSCRIPTION (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0
      && gtk_widget_compute_bounds (widget, area, &bounds)
      && bounds.origin.y >= 0
      && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (area))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, area, text))
      return TRUE;
  return FALSE;
}

/* Whether the row of the entrant with this bib is on screen, whole,
 * below the column headings.
 */
static gboolean
bib_in_view (Fixture    *f,
             const char *bib)
{
  GtkWidget *view = template_child (f, "column_view");

  for (GtkWidget *child = gtk_widget_get_first_child (view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return shows_text (child, child, bib);
  g_assert_not_reached ();
}

/* The column view's headings: the one with a sort arrow, and whether it
 * points down. GTK 4.8 has no call that says (4.10 has), so they are read
 * as drawn: each heading is a label and its "sort-indicator".
 */
static void
find_sorted_heading (GtkWidget   *widget,
                     const char **title,
                     gboolean    *descending,
                     guint       *n_found)
{
  if (g_str_equal (gtk_widget_get_css_name (widget), "sort-indicator")
      && gtk_widget_get_visible (widget)
      && (gtk_widget_has_css_class (widget, "ascending")
          || gtk_widget_has_css_class (widget, "descending")))
    {
      GtkWidget *label = gtk_widget_get_prev_sibling (widget);

      g_assert_true (GTK_IS_LABEL (label));
      *title = gtk_label_get_text (GTK_LABEL (label));
      *descending = gtk_widget_has_css_class (widget, "descending");
      (*n_found)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_sorted_heading (child, title, descending, n_found);
}

/* One heading, and only one, shows that the rows are sorted by title. */
static void
assert_sorted_heading (Fixture    *f,
                       const char *title,
                       gboolean    descending)
{
  const char *found = NULL;
  gboolean found_descending = FALSE;
  guint n_found = 0;

  find_sorted_heading (template_child (f, "column_view"), &found, &found_descending, &n_found);
  g_assert_cmpuint (n_found, ==, 1);
  g_assert_cmpstr (found, ==, title);
  g_assert_cmpint (found_descending, ==, descending);
}

/* The sort button shows the column and, by its arrow, the direction; a
 * screen reader is told both, on the menu button and on the button inside
 * it that takes the focus.
 */
static void
assert_sort_button (Fixture    *f,
                    const char *label,
                    const char *icon_name,
                    const char *name)
{
  GtkWidget *button = template_child (f, "sort_button");
  GtkWidget *inner = gtk_widget_get_first_child (button);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (template_child (f, "sort_label"))), ==, label);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (template_child (f, "sort_icon"))), ==,
                   icon_name);
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  g_assert_true (GTK_IS_TOGGLE_BUTTON (inner));
  gtk_test_accessible_assert_property (inner, GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  /* Named once: labelled by the menu button as well, it would be said twice. */
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (inner),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));
}

static void
assert_sort_state (Fixture    *f,
                   const char *column,
                   const char *order)
{
  g_autofree char *sort_column = NULL;
  g_autofree char *sort_order = NULL;

  g_object_get (f->page, "sort-column", &sort_column, "sort-order", &sort_order, NULL);
  g_assert_cmpstr (sort_column, ==, column);
  g_assert_cmpstr (sort_order, ==, order);
}

static GtkMenuButton *
sort_button (Fixture *f)
{
  return GTK_MENU_BUTTON (template_child (f, "sort_button"));
}

static gboolean
sort_menu_open (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (sort_button (data));

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

static gboolean
sort_menu_closed (gpointer data)
{
  return !sort_menu_open (data);
}

static gboolean
is_menu_item_cb (GtkWidget     *widget,
                 gconstpointer  text)
{
  g_autofree char *item_text = NULL;

  if (!g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    return FALSE;
  g_object_get (widget, "text", &item_text, NULL);
  return g_strcmp0 (item_text, text) == 0;
}

/* The item of the sort menu that reads text. */
static GtkWidget *
find_menu_item (GtkWidget  *widget,
                const char *text)
{
  return sl_test_find_widget (widget, is_menu_item_cb, text);
}

/* The sort menu's radio items show the order, as drawn and as told to a
 * screen reader: the item for each text in checked, and no other.
 */
static void
assert_menu_checked (Fixture    *f,
                     const char *checked[])
{
  static const char * const items[] = {
    "Bib", "Last name", "First name", "Race", "Wave", "Status", "Charity", "Club",
    "Ascending", "Descending",
  };
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (sort_button (f)));

  g_assert_nonnull (popover);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      GtkWidget *item = find_menu_item (popover, items[i]);
      gboolean want = g_strv_contains (checked, items[i]);
      gboolean active;
      g_autofree char *differs = NULL;

      g_assert_nonnull (item);
      g_object_get (item, "active", &active, NULL);
      if (active != want)
        g_error ("sort menu item %s is %s", items[i], active ? "checked" : "not checked");
      differs = gtk_test_accessible_check_state (GTK_ACCESSIBLE (item),
                                                 GTK_ACCESSIBLE_STATE_CHECKED, want);
      g_assert_null (differs);
    }
}

/* The rows, the sort button and the headings start by last name. */
static void
test_sort_button_default (Fixture       *f,
                          gconstpointer  data)
{
  const char *checked[] = { "Last name", "Ascending", NULL };

  sl_test_settle (300);
  assert_sort_state (f, "last-name", "ascending");
  assert_sort_button (f, "_Sort: Last name", "view-sort-ascending-symbolic",
                      "Sort: Last name, ascending");
  assert_sorted_heading (f, "Last name", FALSE);

  gtk_menu_button_popup (sort_button (f));
  g_assert_true (sl_test_wait_for (sort_menu_open, f));
  assert_menu_checked (f, checked);
  gtk_menu_button_popdown (sort_button (f));
  g_assert_true (sl_test_wait_for (sort_menu_closed, f));
}

/* Sorting with the keyboard alone, as GTK 4.8's headings cannot be
 * reached: Tab from the last filter to the sort button, Enter opens its
 * menu and B picks the bib; Alt+S opens it again and D turns the order
 * round. The rows, the heading's arrow and the button follow, and Tab
 * goes on from the button to the table.
 */
static void
test_sort_by_keyboard (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  const char *checked[] = { "Bib", "Descending", NULL };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *focused = NULL;

  sl_test_settle (300);
  gtk_widget_grab_focus (template_child (f, "charity_dropdown"));
  sl_test_press_key (window, GDK_KEY_Tab, 0);
  g_assert_true (focus_is_in (f, "sort_button"));

  sl_test_press_key (window, GDK_KEY_Return, 0);
  g_assert_true (sl_test_wait_for (sort_menu_open, f));
  sl_test_press_key (window, GDK_KEY_b, 0);
  g_assert_true (sl_test_wait_for (sort_menu_closed, f));
  first = dup_bib_at (f, 0);
  second = dup_bib_at (f, 1);
  g_assert_cmpstr (first, ==, "1");
  g_assert_cmpstr (second, ==, "2");
  assert_sorted_heading (f, "Bib", FALSE);
  assert_sort_state (f, "bib", "ascending");
  assert_sort_button (f, "_Sort: Bib", "view-sort-ascending-symbolic", "Sort: Bib, ascending");
  /* The focus is back on the button, for the next choice. */
  g_assert_true (focus_is_in (f, "sort_button"));

  sl_test_press_key (window, GDK_KEY_s, GDK_ALT_MASK);
  g_assert_true (sl_test_wait_for (sort_menu_open, f));
  sl_test_press_key (window, GDK_KEY_d, 0);
  g_assert_true (sl_test_wait_for (sort_menu_closed, f));
  g_clear_pointer (&first, g_free);
  g_clear_pointer (&second, g_free);
  first = dup_bib_at (f, 0);
  second = dup_bib_at (f, 1);
  g_assert_cmpstr (first, ==, G_STRINGIFY (N_ENTRANTS));
  g_assert_cmpstr (second, ==, "499");
  assert_sorted_heading (f, "Bib", TRUE);
  assert_sort_state (f, "bib", "descending");
  assert_sort_button (f, "_Sort: Bib", "view-sort-descending-symbolic", "Sort: Bib, descending");
  g_assert_true (focus_is_in (f, "sort_button"));
  sl_test_settle (100);
  sl_test_save_screenshot (GTK_WIDGET (f->window), "entrants-page-sorted-by-bib.png");

  /* The radio items say so when the menu is opened again. */
  sl_test_press_key (window, GDK_KEY_space, 0);
  g_assert_true (sl_test_wait_for (sort_menu_open, f));
  sl_test_settle (100);
  sl_test_save_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (sort_button (f))),
                           "entrants-page-sort-menu.png");
  assert_menu_checked (f, checked);
  sl_test_press_key (window, GDK_KEY_Escape, 0);
  g_assert_true (sl_test_wait_for (sort_menu_closed, f));
  g_assert_true (focus_is_in (f, "sort_button"));

  sl_test_press_key (window, GDK_KEY_Tab, 0);
  focused = g_strdup (focused_bib (f));
  g_assert_cmpstr (focused, ==, first);
}

/* Sorting by a heading (gtk_column_view_sort_by_column, as a click
 * does) moves the sort button, its name and the state of the sort menu's
 * actions with it. (The headings' arrows are not checked here: GTK 4.8's
 * call redraws the new column's heading only, where a click redraws both.)
 */
static void
test_sort_heading_updates_button (Fixture       *f,
                                  gconstpointer  data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (template_child (f, "column_view"));
  g_autoptr(GtkColumnViewColumn) charity = g_list_model_get_item (
    gtk_column_view_get_columns (view), 6);
  g_autoptr(GtkColumnViewColumn) club = g_list_model_get_item (
    gtk_column_view_get_columns (view), 7);
  const char *checked[] = { "Charity", "Descending", NULL };
  const char *club_checked[] = { "Club", "Ascending", NULL };
  g_autoptr(SlEntrantItem) item = NULL;

  g_assert_cmpstr (gtk_column_view_column_get_title (charity), ==, "Charity");
  g_assert_cmpstr (gtk_column_view_column_get_title (club), ==, "Club");
  gtk_column_view_sort_by_column (view, charity, GTK_SORT_DESCENDING);
  sl_test_settle (100);
  assert_sort_state (f, "charity", "descending");
  assert_sort_button (f, "_Sort: Charity", "view-sort-descending-symbolic",
                      "Sort: Charity, descending");
  gtk_menu_button_popup (sort_button (f));
  g_assert_true (sl_test_wait_for (sort_menu_open, f));
  assert_menu_checked (f, checked);
  gtk_menu_button_popdown (sort_button (f));
  g_assert_true (sl_test_wait_for (sort_menu_closed, f));

  gtk_column_view_sort_by_column (view, club, GTK_SORT_ASCENDING);
  sl_test_settle (100);
  assert_sort_state (f, "club", "ascending");
  assert_sort_button (f, "_Sort: Club", "view-sort-ascending-symbolic", "Sort: Club, ascending");
  gtk_menu_button_popup (sort_button (f));
  g_assert_true (sl_test_wait_for (sort_menu_open, f));
  assert_menu_checked (f, club_checked);
  gtk_menu_button_popdown (sort_button (f));
  g_assert_true (sl_test_wait_for (sort_menu_closed, f));

  /* The properties sort as the menu does. */
  g_object_set (f->page, "sort-column", "bib", NULL);
  assert_sort_button (f, "_Sort: Bib", "view-sort-ascending-symbolic", "Sort: Bib, ascending");
  item = g_list_model_get_item (sl_entrants_page_get_model (f->page), 0);
  g_assert_cmpstr (sl_entrant_item_get_row (item)->bib, ==, "1");
}

/* An entrant selected by the program (a search, an edit, the window) is
 * scrolled into view.
 */
static void
test_selection_scrolled_into_view (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *last = dup_bib_at (f, N_ENTRANTS - 1);
  g_autofree char *middle = dup_bib_at (f, N_ENTRANTS / 2);
  g_autofree char *first = dup_bib_at (f, 0);
  g_autoptr(SlEntrant) e = NULL;

  sl_test_settle (300);
  g_assert_true (bib_in_view (f, first));
  g_assert_false (bib_in_view (f, last));

  e = sl_db_dup_entrant_by_code (f->db, last, NULL);
  g_assert_true (sl_entrants_page_select_id (f->page, e->id));
  sl_test_settle (200);
  g_assert_true (bib_in_view (f, last));
  g_clear_pointer (&e, sl_entrant_free);

  e = sl_db_dup_entrant_by_code (f->db, middle, NULL);
  g_assert_true (sl_entrants_page_select_id (f->page, e->id));
  sl_test_settle (200);
  g_assert_true (bib_in_view (f, middle));
  g_assert_false (bib_in_view (f, last));
}

/* The keyboard is on the selected entrant: coming into the table it lands
 * there, the row it moves to is selected (Ctrl+Down too, which moves the
 * focus alone in GTK's lists), and after an edit it is back on the row.
 */
static void
test_keyboard_follows_selection (Fixture       *f,
                                 gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  g_autofree char *first = dup_bib_at (f, 0);
  g_autofree char *bib = dup_bib_at (f, 300);
  g_autofree char *next = dup_bib_at (f, 301);
  g_autofree char *after_next = dup_bib_at (f, 302);
  g_autofree char *selected = NULL;
  g_autoptr(SlEntrant) e = sl_db_dup_entrant_by_code (f->db, bib, NULL);
  SlEntrantDialog *dialog;

  sl_test_settle (300);
  /* The focus was on the first row once: the list keeps that in mind. */
  gtk_widget_grab_focus (template_child (f, "sort_button"));
  sl_test_press_key (window, GDK_KEY_Tab, 0);
  g_assert_cmpstr (focused_bib (f), ==, first);
  sl_test_press_key (window, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_true (focus_is_in (f, "sort_button"));

  g_assert_true (sl_entrants_page_select_id (f->page, e->id));
  sl_test_press_key (window, GDK_KEY_Tab, 0);
  g_assert_cmpstr (focused_bib (f), ==, bib);
  g_assert_true (bib_in_view (f, bib));
  g_assert_cmpuint (selected_position (f), ==, 300);

  sl_test_press_key (window, GDK_KEY_Down, 0);
  g_assert_cmpstr (focused_bib (f), ==, next);
  g_assert_cmpuint (selected_position (f), ==, 301);
  sl_test_press_key (window, GDK_KEY_Down, GDK_CONTROL_MASK);
  g_assert_cmpstr (focused_bib (f), ==, after_next);
  g_assert_cmpuint (selected_position (f), ==, 302);

  /* Enter edits the entrant; saved, the list is made anew, and the focus
   * is on the same entrant's row again, not on the search field.
   */
  sl_test_press_key (window, GDK_KEY_Return, 0);
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (SL_TYPE_ENTRANT_DIALOG)));
  dialog = sl_test_find_toplevel (SL_TYPE_ENTRANT_DIALOG);
  gtk_editable_set_text (sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_FIRST_NAME),
                         "Zoë");
  g_assert_true (save_and_wait (dialog));
  sl_test_settle (300);
  g_assert_cmpstr (focused_bib (f), ==, after_next);
  /* It sorts among the other entrants of that name by its new first name. */
  selected = dup_bib_at (f, selected_position (f));
  g_assert_cmpstr (selected, ==, after_next);
  g_assert_true (bib_in_view (f, after_next));
}

/* Letters typed in the table search (the field reads them); the focus
 * stays in the table, on the first entrant found, which is the selected one.
 */
static void
test_search_from_table (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkEditable *search = GTK_EDITABLE (template_child (f, "search_entry"));
  g_autofree char *first = NULL;

  tab_into_table (f);
  sl_test_press_key (window, GDK_KEY_End, 0);
  g_assert_cmpuint (selected_position (f), ==, N_ENTRANTS - 1);

  /* Nobody at the end of the list by last name is a Fernández. */
  sl_test_press_key (window, GDK_KEY_f, 0);
  sl_test_press_key (window, GDK_KEY_e, 0);
  sl_test_press_key (window, GDK_KEY_r, 0);
  g_assert_true (sl_test_wait_for (model_has_n, f));
  sl_test_settle (300);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "fer");
  first = dup_bib_at (f, 0);
  g_assert_cmpstr (focused_bib (f), ==, first);
  g_assert_cmpuint (selected_position (f), ==, 0);
}

/* A button's mnemonic clicks it only after GTK has shown it pressed for
 * a quarter of a second (GtkButton's activate): until then the
 * confirmation is still open and nothing is written. Waits for both.
 */
static void
wait_confirmed (Fixture *f)
{
  g_assert_true (sl_test_wait_for (sl_test_toplevel_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  wait_until_written (f);
  sl_test_settle (100);
}

/* Withdraws the entrant whose row has the focus, with the keyboard. */
static void
withdraw_by_keys (Fixture *f)
{
  GtkWidget *confirm;

  sl_test_press_key (GTK_WIDGET (f->window), GDK_KEY_Delete, 0);
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  confirm = sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  sl_test_settle (200);
  sl_test_press_key (confirm, GDK_KEY_w, GDK_ALT_MASK);
  wait_confirmed (f);
}

/* Delete on a row withdraws that entrant, as the button says, after the
 * confirmation; gone from a list of registered entrants, the focus is on
 * the one that took its place.
 */
static void
test_delete_in_table (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkDropDown *status = GTK_DROP_DOWN (template_child (f, "status_dropdown"));
  g_autofree char *bib = NULL;
  g_autofree char *next = NULL;
  g_autoptr(SlEntrant) e = NULL;

  gtk_drop_down_set_selected (status, SL_STATUS_REGISTERED + 1);
  bib = dup_bib_at (f, 1);
  next = dup_bib_at (f, 2);
  tab_into_table (f);
  sl_test_press_key (window, GDK_KEY_Down, 0);
  g_assert_cmpstr (focused_bib (f), ==, bib);

  withdraw_by_keys (f);

  e = sl_db_dup_entrant_by_code (f->db, bib, NULL);
  g_assert_cmpint (e->status, ==, SL_STATUS_WITHDRAWN);
  g_assert_cmpstr (focused_bib (f), ==, next);
  g_assert_cmpuint (selected_position (f), ==, 1);
}

typedef struct
{
  Fixture    *f;
  const char *bib;
  SlStatus    status;
} Restored;

static gboolean
status_restored (gpointer data)
{
  Restored *r = data;
  g_autoptr(SlEntrant) e = sl_db_dup_entrant_by_code (r->f->db, r->bib, NULL);

  return e != NULL && e->status == r->status;
}

/* The toast's Undo, reached with Tab and pressed with Enter, goes away
 * with the toast; the focus goes back to the entrant, not nowhere.
 */
static void
test_undo_from_toast (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *focus;
  g_autofree char *bib = dup_bib_at (f, 1);
  g_autoptr(SlEntrant) before = sl_db_dup_entrant_by_code (f->db, bib, NULL);
  g_autoptr(SlEntrant) after = NULL;

  tab_into_table (f);
  sl_test_press_key (window, GDK_KEY_Down, 0);
  g_assert_cmpstr (focused_bib (f), ==, bib);
  withdraw_by_keys (f);

  /* After the table, the toast. */
  sl_test_press_key (window, GDK_KEY_Tab, 0);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==, "entrants.undo");
  /* Enter clicks the button a quarter of a second later, and the undo is
   * written in a worker thread: wait for the status to come back, then for
   * the page to be done.
   */
  sl_test_press_key (window, GDK_KEY_Return, 0);
  g_assert_true (sl_test_wait_for (status_restored, &(Restored){ f, bib, before->status }));
  wait_until_written (f);
  sl_test_settle (100);

  after = sl_db_dup_entrant_by_code (f->db, bib, NULL);
  g_assert_cmpint (after->status, ==, before->status);
  g_assert_cmpstr (focused_bib (f), ==, bib);
  g_assert_cmpuint (selected_position (f), ==, 1);
}

/* Withdraw pressed on its button, and the entrant leaves a list of
 * registered entrants: the button goes insensitive with nobody selected,
 * and the focus goes to the entrant in its place instead of nowhere.
 */
static void
test_withdraw_button_keeps_focus (Fixture       *f,
                                  gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *focus;
  g_autofree char *bib = NULL;
  g_autofree char *next = NULL;

  gtk_drop_down_set_selected (GTK_DROP_DOWN (template_child (f, "status_dropdown")),
                              SL_STATUS_REGISTERED + 1);
  bib = dup_bib_at (f, 1);
  next = dup_bib_at (f, 2);
  tab_into_table (f);
  sl_test_press_key (window, GDK_KEY_Down, 0);
  g_assert_cmpstr (focused_bib (f), ==, bib);

  /* Ctrl+F, then Tab past Add and Edit. */
  sl_test_press_key (window, GDK_KEY_f, GDK_CONTROL_MASK);
  for (int i = 0; i < 3; i++)
    sl_test_press_key (window, GDK_KEY_Tab, 0);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==,
                   "entrants.withdraw");
  sl_test_press_key (window, GDK_KEY_space, 0);
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  sl_test_settle (200);
  sl_test_press_key (sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), GDK_KEY_w, GDK_ALT_MASK);
  wait_confirmed (f);

  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (window)));
  g_assert_cmpstr (focused_bib (f), ==, next);
  g_assert_cmpuint (selected_position (f), ==, 1);
}

static gboolean
model_is_full (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (sl_entrants_page_get_model (f->page)) == N_ENTRANTS;
}

static gboolean
model_is_empty (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (sl_entrants_page_get_model (f->page)) == 0;
}

static const char *
table_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (template_child (f, "table_stack")));
}

/* A new event's page says how to fill it, with the import one key away;
 * a search that finds no one says so instead of an empty table.
 */
static void
test_empty_states (Fixture       *f,
                   gconstpointer  data)
{
  GtkEditable *search = GTK_EDITABLE (template_child (f, "search_entry"));
  GtkWidget *import = template_child (f, "empty_import_button");
  g_autofree char *path = g_build_filename (f->dir, "new.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) empty = NULL;

  g_assert_cmpstr (table_page (f), ==, "table");
  gtk_editable_set_text (search, "zzzzqx");
  g_assert_true (sl_test_wait_for (model_is_empty, f));
  g_assert_cmpstr (table_page (f), ==, "no-results");
  gtk_editable_set_text (search, "");
  g_assert_true (sl_test_wait_for (model_is_full, f));
  g_assert_cmpstr (table_page (f), ==, "table");

  empty = sl_db_create (path, "New Event", "2026-05-01", &error);
  g_assert_no_error (error);
  sl_entrants_page_set_db (f->page, empty);
  g_assert_cmpstr (table_page (f), ==, "empty");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (import)), ==, "win.import");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (import)), ==, "_Import Entrants…");

  sl_entrants_page_set_db (f->page, f->db);
  g_assert_true (sl_test_wait_for (model_is_full, f));
  g_assert_cmpstr (table_page (f), ==, "table");
}

/* The page fits a window on half of a 1366-pixel laptop screen (683
 * pixels, as GNOME tiles it), with the count of a 50,000-entrant event.
 */
static void
test_fits_half_a_laptop_screen (Fixture       *f,
                                gconstpointer  data)
{
  GtkLabel *count = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->page),
                                                              SL_TYPE_ENTRANTS_PAGE,
                                                              "count_label"));
  int minimum;

  gtk_label_set_text (count, "50000 of 50000 entrants");
  minimum = sl_test_minimum_width_in_dejavu (GTK_WIDGET (f->page));
  g_assert_cmpint (minimum, >, 0);
  g_assert_cmpint (minimum, <=, 683);
}

/* ---- Writes while another program holds the event --------------------- */

static const char waiting_message[] =
  "Waiting for another desk or program to finish with the event file";

static gboolean
is_label_with_text_cb (GtkWidget     *widget,
                       gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* Whether a toast (or any label) in the window says text. */
static gboolean
window_says (Fixture    *f,
             const char *text)
{
  return sl_test_find_widget (GTK_WIDGET (f->window), is_label_with_text_cb, text) != NULL;
}

static GtkWidget *
dialog_child (SlEntrantDialog *dialog,
              const char      *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), SL_TYPE_ENTRANT_DIALOG,
                                                  name);
  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The last name typed in the editor is saved while another program holds
 * the event for three seconds: both windows keep drawing, the editor says
 * that it waits and keeps the values typed (it can be neither saved again
 * nor closed meanwhile), and the entrant is saved once, after the lock is
 * released.
 */
static void
test_editor_saves_while_event_is_held (Fixture       *f,
                                       gconstpointer  data)
{
  gint64 id;
  SlEntrantDialog *dialog = open_edit_dialog (f, &id);
  GtkEditable *last_name = sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_LAST_NAME);
  GtkButton *save = GTK_BUTTON (dialog_child (dialog, "save_button"));
  guint updates = sl_test_count_audit (f->db, "entrant", id, "update");
  g_autoptr(SlEntrant) after = NULL;
  GSubprocess *holder;
  SlTestFrames frames, behind;
  gboolean said_waiting = FALSE;
  gint64 ready_at;

  gtk_editable_set_text (last_name, "Held-Smith");
  sl_test_frames_start (&behind, GTK_WIDGET (f->window));
  sl_test_frames_start (&frames, GTK_WIDGET (dialog));
  holder = sl_test_hold_event (sl_db_get_path (f->db), 3, &ready_at);
  g_assert_true (sl_entrant_dialog_save (dialog));
  g_assert_true (sl_entrant_dialog_get_busy (dialog));
  /* Saved again, or closed, meanwhile: the one save goes on. */
  g_assert_true (sl_entrant_dialog_save (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (sl_test_find_toplevel (SL_TYPE_ENTRANT_DIALOG) == dialog);

  while (sl_entrant_dialog_get_busy (dialog))
    {
      g_main_context_iteration (NULL, TRUE);
      if (!said_waiting
          && g_str_equal (gtk_button_get_label (save), "Waiting for the Event File…"))
        {
          /* What is typed now would not be saved: the form takes none. */
          said_waiting = TRUE;
          gtk_widget_grab_focus (GTK_WIDGET (last_name));
          sl_test_press_key (GTK_WIDGET (dialog), GDK_KEY_x, 0);
          g_assert_cmpstr (gtk_editable_get_text (last_name), ==, "Held-Smith");
        }
    }
  sl_test_assert_waited_drawing (holder, ready_at, 3, &frames);
  sl_test_frames_stop (&behind);
  sl_test_frames_assert_steady (&behind);
  g_assert_true (said_waiting);
  g_assert_true (sl_test_wait_for (dialog_closed, NULL));
  after = sl_db_dup_entrant (f->db, id, NULL);
  g_assert_cmpstr (after->last_name, ==, "Held-Smith");
  g_assert_cmpuint (sl_test_count_audit (f->db, "entrant", id, "update"), ==, updates + 1);
  {
    GListModel *model = sl_entrants_page_get_model (f->page);
    g_autoptr(SlEntrantItem) item = g_list_model_get_item (
      model, sl_entrant_list_model_find (SL_ENTRANT_LIST_MODEL (model), id));

    g_assert_cmpstr (sl_entrant_item_get_row (item)->last_name, ==, "Held-Smith");
  }
}

/* Held longer than a write waits (five seconds), the save fails: the
 * editor says why and stays open with every value as typed, nothing is
 * written, and a save once the event is free goes through.
 */
static void
test_editor_keeps_values_when_held_too_long (Fixture       *f,
                                             gconstpointer  data)
{
  gint64 id;
  SlEntrantDialog *dialog = open_edit_dialog (f, &id);
  GtkEditable *last_name = sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_LAST_NAME);
  GtkEditable *club = sl_entrant_dialog_get_editable (dialog, SL_ENTRANT_ERROR_CLUB);
  guint audit_before = n_audit (f);
  g_autoptr(SlEntrant) after = NULL;
  AdwMessageDialog *message;
  GSubprocess *holder;

  gtk_editable_set_text (last_name, "Patient");
  gtk_editable_set_text (club, "Waiting Harriers");
  holder = sl_test_hold_event (sl_db_get_path (f->db), 7, NULL);
  g_assert_false (save_and_wait (dialog));

  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  message = sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "The entrant was not saved");
  g_test_message ("said: %s", adw_message_dialog_get_body (message));
  g_assert_cmpstr (adw_message_dialog_get_body (message), !=, "");
  g_assert_true (sl_test_find_toplevel (SL_TYPE_ENTRANT_DIALOG) == dialog);
  g_assert_cmpstr (gtk_editable_get_text (last_name), ==, "Patient");
  g_assert_cmpstr (gtk_editable_get_text (club), ==, "Waiting Harriers");
  g_assert_cmpuint (n_audit (f), ==, audit_before);
  adw_message_dialog_response (message, "close");

  sl_test_release_event (holder);
  g_assert_true (save_and_wait (dialog));
  after = sl_db_dup_entrant (f->db, id, NULL);
  g_assert_cmpstr (after->last_name, ==, "Patient");
  g_assert_cmpstr (after->club, ==, "Waiting Harriers");
}

/* A withdrawal while another program holds the event: the page keeps
 * drawing, says that it waits, refuses a second change meanwhile, and
 * writes the withdrawal once, after the lock is released.
 */
static void
test_withdraw_while_event_is_held (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(SlEntrant) e = sl_db_dup_entrant_by_code (f->db, "2", NULL);
  g_autoptr(SlEntrant) other = sl_db_dup_entrant_by_code (f->db, "3", NULL);
  g_autoptr(SlEntrant) after = NULL;
  guint set_before = sl_test_count_audit (f->db, "entrant", e->id, "set-status");
  guint other_set_before = sl_test_count_audit (f->db, "entrant", other->id, "set-status");
  GSubprocess *holder;
  SlTestFrames frames;
  gboolean said_waiting = FALSE;
  gint64 ready_at;

  g_assert_true (sl_entrants_page_select_id (f->page, e->id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "entrants.withdraw", NULL));
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  sl_test_frames_start (&frames, GTK_WIDGET (f->window));
  holder = sl_test_hold_event (sl_db_get_path (f->db), 3, &ready_at);
  adw_message_dialog_response (sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "withdraw");
  g_assert_true (sl_entrants_page_get_busy (f->page));

  /* The next one meanwhile is refused, and says so. */
  g_assert_true (sl_entrants_page_select_id (f->page, other->id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "entrants.withdraw", NULL));
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG)));
  adw_message_dialog_response (sl_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "withdraw");

  while (sl_entrants_page_get_busy (f->page))
    {
      g_main_context_iteration (NULL, TRUE);
      if (window_says (f, waiting_message))
        said_waiting = TRUE;
    }
  sl_test_assert_waited_drawing (holder, ready_at, 3, &frames);
  g_assert_true (said_waiting);
  g_assert_true (window_says (f, "Not done yet: the last change is still being saved. "
                                 "Try again once it is done."));
  after = sl_db_dup_entrant (f->db, e->id, NULL);
  g_assert_cmpint (after->status, ==, SL_STATUS_WITHDRAWN);
  g_assert_cmpuint (sl_test_count_audit (f->db, "entrant", e->id, "set-status"), ==,
                    set_before + 1);
  g_clear_pointer (&after, sl_entrant_free);
  after = sl_db_dup_entrant (f->db, other->id, NULL);
  g_assert_cmpint (after->status, ==, other->status);
  g_assert_cmpuint (sl_test_count_audit (f->db, "entrant", other->id, "set-status"), ==,
                    other_set_before);
  /* Done, it no longer says it waits. */
  sl_test_settle (500);
  g_assert_false (window_says (f, waiting_message));
}

/* ---- The table's rows, read in batches -------------------------------- */

/* Reading every row in order reads each once, a batch at a time. */
static void
test_model_batches (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrantListModel) model = sl_entrant_list_model_new (f->db);
  guint n_batches = (N_ENTRANTS + SL_ENTRANT_LIST_MODEL_BATCH - 1) / SL_ENTRANT_LIST_MODEL_BATCH;

  g_assert_true (sl_entrant_list_model_refresh (model, &error));
  g_assert_no_error (error);
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < N_ENTRANTS; i++)
      {
        g_autoptr(SlEntrantItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

        g_assert_nonnull (sl_entrant_item_get_row (item));
      }
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetches (model), ==, n_batches);
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetched (model), ==, N_ENTRANTS);
}

/* The table scrolled from top to bottom a screenful at a time reads each
 * row once, a batch a call (read ahead between frames or when first
 * shown); sorted anew with the selected entrant in view, it reads the
 * rows it shows, not every row of the new order (GTK 4.8 asks for every
 * item added to find the ones it follows again).
 */
static void
test_table_reads_in_batches (Fixture       *f,
                             gconstpointer  data)
{
  SlEntrantListModel *model = SL_ENTRANT_LIST_MODEL (sl_entrants_page_get_model (f->page));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (
                                GTK_SCROLLABLE (template_child (f, "column_view")));
  guint n_batches = (N_ENTRANTS + SL_ENTRANT_LIST_MODEL_BATCH - 1) / SL_ENTRANT_LIST_MODEL_BATCH;
  g_autofree char *first = dup_bib_at (f, 0);
  g_autoptr(SlEntrant) e = sl_db_dup_entrant_by_code (f->db, first, NULL);

  /* GTK 4.8's list makes rows for some 200 items around what it shows. */
  g_object_set (f->page, "sort-column", "bib", NULL);
  sl_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetches (model), <=, 2);
  while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
         < gtk_adjustment_get_upper (adjustment))
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment)
                                            + gtk_adjustment_get_page_size (adjustment));
      sl_test_wait_for_frame (GTK_WIDGET (f->window));
    }
  sl_test_settle (100);
  g_test_message ("scrolled through: %u rows read in %u calls",
                  sl_entrant_list_model_get_n_fetched (model),
                  sl_entrant_list_model_get_n_fetches (model));
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetched (model), ==, N_ENTRANTS);
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetches (model), ==, n_batches);

  /* Selected, and the rows listed in another order. */
  g_assert_true (sl_entrants_page_select_id (f->page, e->id));
  sl_test_settle (200);
  g_object_set (f->page, "sort-column", "last-name", NULL);
  sl_test_settle (200);
  g_test_message ("sorted anew: %u rows read", sl_entrant_list_model_get_n_fetched (model));
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetched (model), <=,
                    2 * SL_ENTRANT_LIST_MODEL_BATCH);
  g_assert_cmpuint (sl_entrant_list_model_get_n_fetched (model), <, N_ENTRANTS);
  g_assert_cmpint (sl_entrants_page_get_selected_id (f->page), ==, e->id);
}

/* What a view holds of the model, kept as GTK keeps it: by items-changed. */
static void
mirror_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (model));
}

/* Every item the view holds shows the entrant now at its place, as stored
 * now: a model made afresh reads the same.
 */
static void
assert_mirror_current (Fixture         *f,
                       SlEntrantListModel *model,
                       GPtrArray       *mirror)
{
  g_autoptr(SlEntrantListModel) fresh = sl_entrant_list_model_new (f->db);
  gboolean descending;
  SlEntrantSort sort = sl_entrant_list_model_get_sort (model, &descending);

  sl_entrant_list_model_set_sort (fresh, sort, descending);
  g_assert_true (sl_entrant_list_model_refresh (fresh, NULL));
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (G_LIST_MODEL (fresh)));
  for (guint i = 0; i < mirror->len; i++)
    {
      g_autoptr(SlEntrantItem) want = g_list_model_get_item (G_LIST_MODEL (fresh), i);

      g_assert_cmpint (sl_entrant_item_get_id (mirror->pdata[i]), ==,
                       sl_entrant_item_get_id (want));
      for (SlEntrantSort column = 0; column < SL_N_ENTRANT_SORTS; column++)
        g_assert_cmpstr (sl_entrant_item_get_column_text (mirror->pdata[i], column), ==,
                         sl_entrant_item_get_column_text (want, column));
    }
}

/* After each change to the data, what a view holds is what is stored:
 * a status changed in place, a name that moves its entrant, an entrant
 * added, a new order.
 */
static void
test_model_follows_changes (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrantListModel) model = sl_entrant_list_model_new (f->db);
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SlEntrant) moved = sl_db_dup_entrant_by_code (f->db, "7", NULL);
  g_autoptr(SlEntrant) added = sl_entrant_new ();

  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_changed_cb), mirror);
  g_assert_true (sl_entrant_list_model_refresh (model, &error));
  assert_mirror_current (f, model, mirror);

  g_assert_true (sl_db_set_entrant_status (f->db, 5, SL_STATUS_WITHDRAWN, &error));
  g_assert_true (sl_entrant_list_model_refresh (model, &error));
  assert_mirror_current (f, model, mirror);

  g_free (moved->last_name);
  moved->last_name = g_strdup ("Aaronson");
  g_assert_true (sl_db_update_entrant (f->db, moved, &error));
  g_assert_true (sl_entrant_list_model_refresh (model, &error));
  assert_mirror_current (f, model, mirror);

  added->bib = g_strdup ("9999");
  added->first_name = g_strdup ("Zed");
  added->last_name = g_strdup ("Middleton");
  g_assert_true (sl_db_insert_entrant (f->db, added, &error));
  g_assert_true (sl_entrant_list_model_refresh (model, &error));
  assert_mirror_current (f, model, mirror);

  sl_entrant_list_model_set_sort (model, SL_ENTRANT_SORT_CLUB, TRUE);
  g_assert_true (sl_entrant_list_model_refresh (model, &error));
  assert_mirror_current (f, model, mirror);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  /* GTK's test accessibility backend, so that the dialog tests can read
   * what a screen reader would be told (the suite's GTK_A11Y=none has none).
   */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/entrants-page/model-lazy", test_model_lazy);
  ADD ("/entrants-page/filter-status-and-race", test_filter_status_and_race);
  ADD ("/entrants-page/search", test_search);
  ADD ("/entrants-page/sort", test_sort);
  ADD ("/entrants-page/edit-duplicate-bib", test_edit_duplicate_bib);
  ADD ("/entrants-page/edit-bad-date", test_edit_bad_date);
  ADD ("/entrants-page/edit-text-limits", test_edit_text_limits);
  ADD ("/entrants-page/edit-fields-focus", test_edit_fields_focus);
  ADD ("/entrants-page/edit-fields-aligned", test_edit_fields_aligned);
  ADD ("/entrants-page/edit-audited-and-undo", test_edit_audited_and_undo);
  ADD ("/entrants-page/withdraw-and-undo", test_withdraw_and_undo);
  ADD ("/entrants-page/withdraw-cascade", test_withdraw_cascade);
  ADD ("/entrants-page/withdraw-cancel", test_withdraw_cancel);
  ADD ("/entrants-page/tab-leaves-table", test_tab_leaves_table);
  ADD ("/entrants-page/sort-button-default", test_sort_button_default);
  ADD ("/entrants-page/sort-by-keyboard", test_sort_by_keyboard);
  ADD ("/entrants-page/sort-heading-updates-button", test_sort_heading_updates_button);
  ADD ("/entrants-page/fits-half-a-laptop-screen", test_fits_half_a_laptop_screen);
  ADD ("/entrants-page/empty-states", test_empty_states);
  ADD ("/entrants-page/selection-scrolled-into-view", test_selection_scrolled_into_view);
  ADD ("/entrants-page/keyboard-follows-selection", test_keyboard_follows_selection);
  ADD ("/entrants-page/search-from-table", test_search_from_table);
  ADD ("/entrants-page/delete-in-table", test_delete_in_table);
  ADD ("/entrants-page/undo-from-toast", test_undo_from_toast);
  ADD ("/entrants-page/withdraw-button-keeps-focus", test_withdraw_button_keeps_focus);
  ADD ("/entrants-page/editor-saves-while-event-is-held", test_editor_saves_while_event_is_held);
  ADD ("/entrants-page/editor-keeps-values-when-held-too-long",
       test_editor_keeps_values_when_held_too_long);
  ADD ("/entrants-page/withdraw-while-event-is-held", test_withdraw_while_event_is_held);
  ADD ("/entrants-page/model-batches", test_model_batches);
  ADD ("/entrants-page/table-reads-in-batches", test_table_reads_in_batches);
  ADD ("/entrants-page/model-follows-changes", test_model_follows_changes);
#undef ADD

  return g_test_run ();
}
