/* test-import-dialog.c — the import dialog's preview, mapping, check and
 * import, driven in-process on a display (the file chooser is bypassed
 * with sl_import_dialog_load)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sl-test-ui.h"
#include "sl-test-util.h"
#include "sl-core.h"
#include "sl-sqlite-private.h"
#include "sl-import-dialog.h"

typedef struct
{
  char           *dir;
  SlDb           *db;
  SlImportDialog *dialog;
  guint           imported;
  guint           updated;
  guint           unchanged;
  guint           rejected;
  gboolean        done;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("test-import-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "event.db", NULL);
  f->db = sl_db_create (path, "Test Marathon", "2025-04-27", &error);
  g_assert_no_error (error);
  f->dialog = sl_import_dialog_new (f->db);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "event.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_clear_object (&f->db);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static const char *
visible_page (Fixture *f)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                              SL_TYPE_IMPORT_DIALOG, "stack"));
  return gtk_stack_get_visible_child_name (stack);
}

/* Waits (bounded) until the dialog shows the named page. */
static void
wait_for_page (Fixture    *f,
               const char *name)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_strcmp0 (visible_page (f), name) != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* Waits (bounded) until the dialog shows its report page. */
static void
wait_for_report (Fixture *f)
{
  wait_for_page (f, "report");
}

static const char *
summary (Fixture *f)
{
  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (
    GTK_WIDGET (f->dialog), SL_TYPE_IMPORT_DIALOG, "summary_label")));
}

static void
imported_cb (SlImportDialog *dialog,
             guint           imported,
             guint           updated,
             guint           unchanged,
             guint           rejected,
             Fixture        *f)
{
  f->imported = imported;
  f->updated = updated;
  f->unchanged = unchanged;
  f->rejected = rejected;
  f->done = TRUE;
}

/* After a committed import the dialog only offers to close. */
static void
assert_finished (Fixture *f)
{
  GtkButton *cancel = GTK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                                 SL_TYPE_IMPORT_DIALOG,
                                                                 "cancel_button"));
  GtkWidget *import = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                                 SL_TYPE_IMPORT_DIALOG,
                                                                 "import_button"));

  g_assert_cmpstr (gtk_button_get_label (cancel), ==, "_Close");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (cancel)));
  g_assert_false (gtk_widget_get_visible (import));
  /* Its action is off too, so the shortcut cannot import the file again. */
  g_assert_false (gtk_widget_get_sensitive (import));
  f->done = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL);
  sl_test_settle (200);
  g_assert_false (f->done);
  g_assert_cmpstr (visible_page (f), ==, "report");
}

static void
test_preview_mapping (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import",
                                                 "entrants-utf8-bom.csv", NULL);
  SlImportOptions options;

  g_assert_cmpstr (visible_page (f), ==, "choose");
  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (visible_page (f), ==, "preview");

  /* Bib, Booking Ref, First name, Surname, Date of birth, Gender, Club,
   * Country, Email, Notes: detected from the header aliases.
   */
  g_assert_cmpuint (sl_import_dialog_get_n_columns (f->dialog), ==, 10);
  g_assert_cmpint (sl_import_dialog_get_column_field (f->dialog, 0), ==, SL_IMPORT_FIELD_BIB);
  g_assert_cmpint (sl_import_dialog_get_column_field (f->dialog, 3), ==, SL_IMPORT_FIELD_LAST_NAME);
  g_assert_cmpint (sl_import_dialog_get_column_field (f->dialog, 4), ==,
                   SL_IMPORT_FIELD_DATE_OF_BIRTH);
  g_assert_cmpint (sl_import_dialog_get_column_field (f->dialog, 7), ==,
                   SL_IMPORT_FIELD_NATIONALITY);
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "import-dialog-preview.png");

  /* An edit to the mapping is what the import will read. */
  sl_import_dialog_set_column_field (f->dialog, 9, SL_IMPORT_FIELD_COSTUME);
  sl_import_dialog_get_options (f->dialog, &options);
  g_assert_cmpstr (options.mapping[SL_IMPORT_FIELD_COSTUME], ==, "Notes");
  g_assert_cmpstr (options.mapping[SL_IMPORT_FIELD_LAST_NAME], ==, "Surname");
  g_assert_null (options.mapping[SL_IMPORT_FIELD_NOTES]);
  g_assert_false (options.good_rows_only);
  sl_import_options_clear (&options);

  /* Nothing was written by the preview. */
  g_assert_cmpint (sl_db_count_entrants (f->db), ==, 0);

  g_signal_connect (f->dialog, "imported", G_CALLBACK (imported_cb), f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL));
  wait_for_report (f);
  g_assert_true (f->done);
  g_assert_cmpuint (f->imported, >, 0);
  assert_finished (f);
  g_assert_cmpint (sl_db_count_entrants (f->db), ==, f->imported);
  {
    g_autoptr(SlEntrant) e = sl_db_dup_entrant_by_code (f->db, "1002", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (e->costume, ==, "She said \"see you at the start\"");
    g_assert_null (e->notes);
  }
}

/* A date column headed "DOB (DD/MM/YYYY)" chooses the date order; the
 * next file, which says nothing, leaves it unset again.
 */
static void
test_date_order_from_header (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dmy = g_build_filename (f->dir, "dmy.csv", NULL);
  g_autofree char *plain = g_build_filename (f->dir, "plain.csv", NULL);
  AdwComboRow *row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                                   SL_TYPE_IMPORT_DIALOG,
                                                                   "date_order_row"));
  SlImportOptions options;

  g_file_set_contents (dmy, "London Marathon 2026 entrants,,,\n,,,\n"
                            "Bib,Name,DOB (DD/MM/YYYY),Gender (M/F)\n"
                            "1,Ann Lee,01/02/1990,F\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (plain, "Bib,Name,DOB\n1,Ann Lee,1990-02-01\n", -1, &error);
  g_assert_no_error (error);

  g_assert_true (sl_import_dialog_load (f->dialog, dmy, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, SL_DATE_ORDER_DMY);
  g_assert_cmpint (sl_import_dialog_get_column_field (f->dialog, 3), ==, SL_IMPORT_FIELD_GENDER);
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "import-dialog-title-and-date-order.png");
  sl_import_dialog_get_options (f->dialog, &options);
  g_assert_cmpint (options.date_order, ==, SL_DATE_ORDER_DMY);
  sl_import_options_clear (&options);
  /* "Not accepted (only YYYY-MM-DD)" is a choice the header cannot undo. */
  adw_combo_row_set_selected (row, SL_DATE_ORDER_UNSET);
  sl_import_dialog_get_options (f->dialog, &options);
  g_assert_cmpint (options.date_order, ==, SL_DATE_ORDER_UNSET);
  g_assert_true (options.date_order_chosen);
  sl_import_options_clear (&options);

  g_assert_true (sl_import_dialog_load (f->dialog, plain, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, SL_DATE_ORDER_UNSET);
  g_unlink (dmy);
  g_unlink (plain);
}

/* A file from an older Mac: the dialog names the encoding it was read in
 * and asks for the accents to be checked; the rows show them read rightly.
 */
static void
test_mac_roman (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import",
                                                 "entrants-mac-roman.csv", NULL);
  GtkLabel *file_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                                   SL_TYPE_IMPORT_DIALOG,
                                                                   "file_label"));
  GtkLabel *notice_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                                     SL_TYPE_IMPORT_DIALOG,
                                                                     "notice_label"));

  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_label_get_text (file_label), ==,
                   "entrants-mac-roman.csv: Mac Roman, fields separated by comma");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (notice_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (notice_label), "read as Mac Roman"));
  /* The line above names the file; the notice does not repeat its path. */
  g_assert_null (strstr (gtk_label_get_text (notice_label), "entrants-mac-roman.csv"));
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "import-dialog-mac-roman.png");
}

static void
test_check_lists_problems (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import",
                                                 "entrants-bad.csv", NULL);
  GtkListBox *problems;
  GtkListBoxRow *row;
  const char *text;

  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_signal_connect (f->dialog, "imported", G_CALLBACK (imported_cb), f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.check", NULL));
  wait_for_report (f);
  g_assert_nonnull (strstr (summary (f), "Nothing was written"));

  problems = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                          SL_TYPE_IMPORT_DIALOG,
                                                          "problems_list"));
  row = gtk_list_box_get_row_at_index (problems, 0);
  g_assert_nonnull (row);
  text = gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row)));
  /* Line 3 holds 1990-02-31 in the DOB column. */
  g_assert_nonnull (strstr (text, "Line 3"));
  g_assert_nonnull (strstr (text, "DOB"));
  /* A screen reader reads the row as the problem it lists. */
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, text);
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "import-dialog-problems.png");

  g_assert_false (f->done);
  g_assert_cmpint (sl_db_count_entrants (f->db), ==, 0);
}

/* The same file imported again: the report says the rows changed nothing. */
static void
test_again_unchanged (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportResult) first = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import",
                                                 "entrants-utf8-bom.csv", NULL);
  g_autofree char *expected = NULL;

  first = sl_db_import_csv (f->db, path, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->imported, >, 0);

  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_signal_connect (f->dialog, "imported", G_CALLBACK (imported_cb), f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL));
  wait_for_report (f);
  g_assert_true (f->done);
  g_assert_cmpuint (f->imported, ==, 0);
  g_assert_cmpuint (f->updated, ==, 0);
  g_assert_cmpuint (f->unchanged, ==, first->imported);
  expected = g_strdup_printf ("Imported: 0 new, 0 updated, 0 rejected. "
                              "%u rows matched entrants and changed nothing.", first->imported);
  g_assert_cmpstr (summary (f), ==, expected);
  assert_finished (f);
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "import-dialog-again.png");
}

static gboolean
back_offered (Fixture *f)
{
  GtkWidget *back = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                               SL_TYPE_IMPORT_DIALOG,
                                                               "back_button"));

  /* The button shows exactly when its action (and Alt+Left) would work. */
  g_assert_cmpint (gtk_widget_get_visible (back), ==,
                   gtk_widget_is_sensitive (back));
  return gtk_widget_get_visible (back);
}

/* A check's report leads back to the preview, where "good rows only" is,
 * and from there the good rows go in.
 */
static void
test_back_from_report (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import",
                                                 "entrants-bad.csv", NULL);
  GtkSwitch *good_rows;

  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_signal_connect (f->dialog, "imported", G_CALLBACK (imported_cb), f);
  g_assert_false (back_offered (f));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.check", NULL));
  wait_for_report (f);
  sl_test_settle (50);
  g_assert_true (back_offered (f));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.back", NULL));
  g_assert_cmpstr (visible_page (f), ==, "preview");
  g_assert_false (back_offered (f));

  good_rows = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                         SL_TYPE_IMPORT_DIALOG,
                                                         "good_rows_switch"));
  gtk_switch_set_active (good_rows, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL));
  wait_for_report (f);
  g_assert_true (f->done);
  g_assert_cmpuint (f->imported, >, 0);
  g_assert_cmpuint (f->rejected, >, 0);
  g_assert_cmpint (sl_db_count_entrants (f->db), ==, f->imported);
  /* Committed: nothing to go back to. */
  g_assert_false (back_offered (f));
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.back", NULL);
  g_assert_cmpstr (visible_page (f), ==, "report");
}

static GtkWidget *
get_focus (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->dialog));
}

static GtkWidget *
template_child (Fixture    *f,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (f->dialog), SL_TYPE_IMPORT_DIALOG,
                                                  name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

/* The first import into a new event: its races, waves and charities are
 * not there yet. The report says how to add them; the switch (reached by
 * its mnemonic, as from the keyboard) adds them.
 */
/* For sl_test_wait_for: whether the GtkSwitch data is on. */
static gboolean
switch_is_active (gpointer data)
{
  return gtk_switch_get_active (GTK_SWITCH (data));
}

static void
test_add_missing (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "first.csv", NULL);
  g_autoptr(GPtrArray) races = NULL;
  GtkSwitch *add_missing;

  g_file_set_contents (path, "Bib,First name,Last name,Race,Wave,Charity\n"
                             "1,Ann,Lee,Mass,Blue 1,Shelter\n"
                             "2,Bo,Kim,Mass,Blue 2,\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_assert_no_error (error);
  g_signal_connect (f->dialog, "imported", G_CALLBACK (imported_cb), f);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL));
  wait_for_report (f);
  g_assert_false (f->done);
  g_assert_nonnull (strstr (summary (f), "turn on “Add races, waves and charities the file "
                                         "names”"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.back", NULL));
  g_assert_cmpstr (visible_page (f), ==, "preview");

  add_missing = GTK_SWITCH (template_child (f, "add_missing_switch"));
  g_assert_false (gtk_switch_get_active (add_missing));
  sl_test_settle (100);
  sl_test_press_key (GTK_WIDGET (f->dialog), GDK_KEY_a, GDK_ALT_MASK);
  g_assert_true (sl_test_wait_for (switch_is_active, add_missing));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.check", NULL));
  wait_for_report (f);
  g_assert_cmpstr (summary (f), ==, "Check finished: 2 new, 0 updated, 0 rejected. Nothing was "
                                    "written. It would add 1 race, 2 waves, 1 charity.");
  g_assert_cmpint (sl_db_count_entrants (f->db), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.back", NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL));
  wait_for_report (f);
  g_assert_true (f->done);
  g_assert_cmpuint (f->imported, ==, 2);
  g_assert_cmpstr (summary (f), ==, "Imported: 2 new, 0 updated, 0 rejected. "
                                    "Added 1 race, 2 waves, 1 charity.");
  races = sl_db_list_races (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (races->len, ==, 1);
  g_assert_cmpstr (((SlRace *)races->pdata[0])->name, ==, "Mass");
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "import-dialog-added.png");
}

static const char *
focus_action (Fixture *f)
{
  GtkWidget *focus = get_focus (f);

  return GTK_IS_ACTIONABLE (focus) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)) : NULL;
}

/* The dialog opens on what it asks for first, a file, not on Cancel; with
 * the file read, the focus is on the first choice about it.
 */
static void
test_initial_focus (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import",
                                                 "entrants-utf8-bom.csv", NULL);

  sl_test_settle (200);
  g_assert_cmpstr (focus_action (f), ==, "import.choose");
  g_assert_true (gtk_widget_has_focus (get_focus (f)));

  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_assert_no_error (error);
  sl_test_settle (200);
  g_assert_true (get_focus (f) == template_child (f, "date_order_row"));
}

static void
load (Fixture    *f,
      const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);

  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_assert_no_error (error);
  sl_test_settle (100);
}

static GtkWidget *
first_problem (Fixture *f)
{
  GtkListBox *problems = GTK_LIST_BOX (template_child (f, "problems_list"));

  return GTK_WIDGET (gtk_list_box_get_row_at_index (problems, 0));
}

/* Check (Alt+H) and Import (Alt+I) make their buttons insensitive while
 * they run; the focus is on Cancel then, which stops them, and afterwards
 * on what was found: the first problem, or Import when there is none. (A
 * button pressed by its mnemonic clicks a moment later: wait for the page.)
 */
static void
test_focus_after_check (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *dialog = GTK_WIDGET (f->dialog);

  load (f, "entrants-utf8-bom.csv");
  sl_test_press_key (dialog, GDK_KEY_h, GDK_ALT_MASK);
  wait_for_report (f);
  sl_test_settle (100);
  g_assert_nonnull (strstr (summary (f), "0 rejected"));
  g_assert_true (get_focus (f) == template_child (f, "import_button"));

  load (f, "entrants-bad.csv");
  sl_test_press_key (dialog, GDK_KEY_h, GDK_ALT_MASK);
  wait_for_report (f);
  sl_test_settle (100);
  g_assert_nonnull (first_problem (f));
  g_assert_true (get_focus (f) == first_problem (f));
  /* An import that stops at the problems reports them the same way. */
  sl_test_press_key (dialog, GDK_KEY_i, GDK_ALT_MASK);
  wait_for_page (f, "progress");
  wait_for_report (f);
  sl_test_settle (100);
  g_assert_nonnull (strstr (summary (f), "Nothing was imported"));
  g_assert_true (get_focus (f) == first_problem (f));

  /* Held at its start by the lock, a check is still running. */
  load (f, "entrants-utf8-bom.csv");
  sl_db_lock (f->db);
  sl_test_press_key (dialog, GDK_KEY_h, GDK_ALT_MASK);
  wait_for_page (f, "progress");
  g_assert_true (get_focus (f) == template_child (f, "cancel_button"));
  sl_test_press_key (dialog, GDK_KEY_Escape, 0);
  sl_db_unlock (f->db);
  wait_for_report (f);
  sl_test_settle (100);
  g_assert_true (get_focus (f) == template_child (f, "import_button"));
  g_assert_cmpint (sl_db_count_entrants (f->db), ==, 0);
}

static gboolean
focus_in_problems (Fixture *f)
{
  GtkWidget *focus = get_focus (f);

  return focus != NULL && gtk_widget_is_ancestor (focus, template_child (f, "problems_list"));
}

/* Tab leaves the list of problems, which can be thousands long, for the
 * next control instead of going through every problem and the text in
 * each; Shift+Tab for the one before. The arrows go from problem to problem.
 */
static void
test_tab_leaves_problems (Fixture       *f,
                          gconstpointer  data)
{
  GtkWidget *dialog = GTK_WIDGET (f->dialog);
  GtkListBox *problems = GTK_LIST_BOX (template_child (f, "problems_list"));

  load (f, "entrants-bad.csv");
  sl_test_press_key (dialog, GDK_KEY_h, GDK_ALT_MASK);
  wait_for_report (f);
  sl_test_settle (100);
  g_assert_nonnull (gtk_list_box_get_row_at_index (problems, 1));
  g_assert_true (get_focus (f) == first_problem (f));
  sl_test_press_key (dialog, GDK_KEY_Down, 0);
  g_assert_true (get_focus (f) == GTK_WIDGET (gtk_list_box_get_row_at_index (problems, 1)));

  /* Nothing comes after the list: round to the header's first button. */
  sl_test_press_key (dialog, GDK_KEY_Tab, 0);
  g_assert_true (get_focus (f) == template_child (f, "cancel_button"));
  sl_test_press_key (dialog, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_true (focus_in_problems (f));
  sl_test_press_key (dialog, GDK_KEY_Tab, GDK_SHIFT_MASK);
  g_assert_false (focus_in_problems (f));
  g_assert_nonnull (get_focus (f));
}

/* The window's toast after an import: a file sent again reads as such. */
static void
test_outcome (void)
{
  g_autofree char *fresh = sl_import_dialog_dup_outcome (50000, 0, 0, 0);
  g_autofree char *mixed = sl_import_dialog_dup_outcome (3, 2, 49995, 0);
  g_autofree char *same = sl_import_dialog_dup_outcome (0, 0, 50000, 0);
  g_autofree char *one = sl_import_dialog_dup_outcome (0, 0, 1, 0);
  g_autofree char *skipped = sl_import_dialog_dup_outcome (40, 0, 0, 2);
  g_autofree char *all_bad = sl_import_dialog_dup_outcome (0, 0, 0, 5);

  g_assert_cmpstr (fresh, ==, "Import finished. New: 50000, updated: 0, unchanged: 0");
  g_assert_cmpstr (mixed, ==, "Import finished. New: 3, updated: 2, unchanged: 49995");
  g_assert_cmpstr (skipped, ==,
                   "Import finished. New: 40, updated: 0, unchanged: 0, skipped for problems: 2");
  g_assert_cmpstr (all_bad, ==,
                   "Import finished. New: 0, updated: 0, unchanged: 0, skipped for problems: 5");
  g_assert_cmpstr (same, ==,
                   "Import finished: nothing changed (50000 entrants were already as in the file)");
  g_assert_cmpstr (one, ==,
                   "Import finished: nothing changed (1 entrant was already as in the file)");
}

/* Counts are grouped as the user's locale writes them: 50.000 in German. */
static void
test_outcome_groups_thousands (void)
{
  g_autofree char *restore = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *mixed = NULL;
  g_autofree char *same = NULL;

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      /* .ci/setup generates this locale; a machine without it cannot show grouping. */
      g_test_skip ("the de_DE.UTF-8 locale is not installed (run locale-gen)");
      return;
    }
  mixed = sl_import_dialog_dup_outcome (1200, 2, 48798, 3);
  same = sl_import_dialog_dup_outcome (0, 0, 50000, 0);
  setlocale (LC_NUMERIC, restore);
  g_assert_cmpstr (mixed, ==, "Import finished. New: 1.200, updated: 2, unchanged: 48.798, "
                              "skipped for problems: 3");
  g_assert_cmpstr (same, ==, "Import finished: nothing changed (50.000 entrants were already "
                             "as in the file)");
}

/* A quote inside a value below the rows the preview shows: the check's
 * report says so, naming where, once; the preview could not.
 */
static void
test_quote_notice_in_report (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("Bib,First name,Surname,Club\n");
  g_autofree char *path = g_build_filename (f->dir, "quotes.csv", NULL);
  GtkLabel *notice_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                                     SL_TYPE_IMPORT_DIALOG,
                                                                     "notice_label"));
  const char *said;

  for (guint i = 1; i <= 12; i++)
    g_string_append_printf (text, "%u,Ann,Lee,%s\n", i, i < 11 ? "Plain" : "Washington \"DC\"");
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);
  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (gtk_label_get_text (notice_label), "quote mark"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.check", NULL));
  wait_for_report (f);
  said = summary (f);
  g_assert_nonnull (strstr (said, "Check finished: 12 new"));
  g_assert_nonnull (strstr (said, "the first is on line 12, column “Club”"));
  g_assert_null (strstr (strstr (said, "quote mark") + 1, "quote mark"));
  g_unlink (path);
}

/* Another program holds the event for three seconds while the import
 * commits: the dialog keeps drawing and says that it waits, the event's
 * connection stays free for what the window behind reads meanwhile, and
 * the file is imported once, after the lock is released.
 */
static void
test_imports_while_event_is_held (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("Bib,First name,Surname\n");
  g_autofree char *path = g_build_filename (f->dir, "held.csv", NULL);
  GtkProgressBar *bar = GTK_PROGRESS_BAR (gtk_widget_get_template_child (
                                            GTK_WIDGET (f->dialog), SL_TYPE_IMPORT_DIALOG,
                                            "progress_bar"));
  GSubprocess *holder;
  SlTestFrames frames;
  gint64 ready_at, longest_read = 0;
  gboolean said_waiting = FALSE;

  for (guint i = 1; i <= 300; i++)
    g_string_append_printf (text, "%u,Ann,Lee %u\n", i, i);
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);
  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_assert_no_error (error);
  g_signal_connect (f->dialog, "imported", G_CALLBACK (imported_cb), f);

  sl_test_frames_start (&frames, GTK_WIDGET (f->dialog));
  holder = sl_test_hold_event (sl_db_get_path (f->db), 3, &ready_at);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL));
  while (g_strcmp0 (visible_page (f), "report") != 0)
    {
      gint64 start = g_get_monotonic_time ();

      /* What the window behind the dialog reads meanwhile: its count. */
      sl_db_count_entrants (f->db);
      longest_read = MAX (longest_read, g_get_monotonic_time () - start);
      g_main_context_iteration (NULL, TRUE);
      if (g_strcmp0 (gtk_progress_bar_get_text (bar),
                     "Waiting for another desk or program to finish with the event file") == 0)
        said_waiting = TRUE;
    }
  sl_test_assert_waited_drawing (holder, ready_at, 3, &frames);
  g_test_message ("longest read of the event meanwhile: %.1f ms", longest_read / 1000.0);
  g_assert_cmpint (longest_read, <, 500 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (said_waiting);
  g_assert_true (f->done);
  g_assert_cmpuint (f->imported, ==, 300);
  assert_finished (f);
  g_assert_cmpint (sl_db_count_entrants (f->db), ==, 300);
  g_assert_cmpuint (sl_test_count_audit (f->db, "entrant", 0, "import"), ==, 1);
  g_unlink (path);
}

/* Every label's text in the preview's grid, one a line. */
static char *
dup_grid_text (Fixture *f)
{
  GtkWidget *grid = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->dialog),
                                                               SL_TYPE_IMPORT_DIALOG,
                                                               "preview_grid"));
  GString *text = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
  return g_string_free (text, FALSE);
}

/* The entries saying who saw an import file's need details. */
static GPtrArray *
list_details_seen (Fixture *f)
{
  g_autoptr(GPtrArray) entries = sl_db_list_audit (f->db, "import", 0, 0, NULL);
  GPtrArray *seen = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_audit_entry_free);

  g_assert_nonnull (entries);
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (((SlAuditEntry *)entries->pdata[i])->action, "read-import-details"))
      g_ptr_array_add (seen, g_ptr_array_steal_index (entries, i--));
  return seen;
}

static gboolean
details_seen_written (Fixture *f)
{
  g_autoptr(GPtrArray) seen = list_details_seen (f);

  return seen->len > 0;
}

/* Support needs columns: the preview hides a detail from all but an
 * officer, the desk's check counts them and its import is refused with
 * the reason, and an officer's check and import say what they record.
 */
static void
test_needs (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "needs.csv", NULL);
  g_autofree char *desk_grid = NULL;
  g_autofree char *officer_grid = NULL;
  g_autoptr(GPtrArray) seen = NULL;
  SlAuditEntry *entry;

  g_assert_true (sl_db_add_staff (f->db, "Ada Admin", SL_ROLE_ADMIN, "pass phrase", &error));
  g_assert_true (sl_db_sign_in (f->db, "Ada Admin", "pass phrase", &error));
  g_assert_true (sl_db_add_staff (f->db, "Olu Officer", SL_ROLE_OFFICER, "pass phrase", &error));
  g_assert_no_error (error);
  sl_db_sign_out (f->db);
  g_file_set_contents (path, "Bib,First name,Last name,Medical conditions,Guide runner bib,Deaf\n"
                             "1,Ann,Lee,zq-unique-detail-5150,2,yes\n"
                             "2,Bo,Kim,,,\n", -1, &error);
  g_assert_no_error (error);
  g_signal_connect (f->dialog, "imported", G_CALLBACK (imported_cb), f);

  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  g_assert_no_error (error);
  desk_grid = dup_grid_text (f);
  g_assert_null (strstr (desk_grid, "zq-unique-detail-5150"));
  g_assert_nonnull (strstr (desk_grid, "(sealed)"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.check", NULL));
  wait_for_report (f);
  g_assert_nonnull (strstr (summary (f), "Support needs it would record: 1 need, 1 guide runner "
                                         "link, 1 marker."));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.back", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL));
  wait_for_report (f);
  g_assert_false (f->done);
  g_assert_nonnull (strstr (summary (f), "needs an accessibility officer signed in"));
  g_assert_null (strstr (summary (f), "zq-unique-detail-5150"));
  g_assert_cmpint (sl_db_count_entrants (f->db), ==, 0);

  /* The desk saw no detail: nothing to say. */
  seen = list_details_seen (f);
  g_assert_cmpuint (seen->len, ==, 0);
  g_clear_pointer (&seen, g_ptr_array_unref);

  g_assert_true (sl_db_sign_in (f->db, "Olu Officer", "pass phrase", &error));
  g_assert_no_error (error);
  g_assert_true (sl_import_dialog_load (f->dialog, path, &error));
  officer_grid = dup_grid_text (f);
  g_assert_nonnull (strstr (officer_grid, "zq-unique-detail-5150"));
  /* One entry: who saw the file's details, and in how many rows, not what. */
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       !details_seen_written (f) && g_get_monotonic_time () < deadline;)
    g_main_context_iteration (NULL, FALSE);
  seen = list_details_seen (f);
  g_assert_cmpuint (seen->len, ==, 1);
  entry = seen->pdata[0];
  g_assert_cmpstr (entry->operator_name, ==, "Olu Officer");
  g_assert_cmpstr (entry->after, ==, "{\"file\":\"needs.csv\",\"rows\":1}");
  g_assert_null (strstr (entry->after, "zq-unique-detail-5150"));
  g_clear_pointer (&seen, g_ptr_array_unref);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.check", NULL));
  wait_for_report (f);
  g_assert_cmpstr (summary (f), ==, "Check finished: 2 new, 0 updated, 0 rejected. Nothing was "
                                    "written. Support needs it would record: 1 need, 1 guide "
                                    "runner link, 1 marker.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.back", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "import.run", NULL));
  wait_for_report (f);
  g_assert_true (f->done);
  g_assert_cmpstr (summary (f), ==, "Imported: 2 new, 0 updated, 0 rejected. Support needs "
                                    "recorded: 1 need, 1 guide runner link, 1 marker.");
  sl_db_sign_out (f->db);
  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  /* GTK's in-process "test" accessibility backend: accessible labels can
   * be checked without an AT-SPI registry.
   */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/import-dialog/preview-mapping", Fixture, NULL, fixture_set_up,
              test_preview_mapping, fixture_tear_down);
  g_test_add ("/import-dialog/date-order-from-header", Fixture, NULL, fixture_set_up,
              test_date_order_from_header, fixture_tear_down);
  g_test_add ("/import-dialog/mac-roman", Fixture, NULL, fixture_set_up,
              test_mac_roman, fixture_tear_down);
  g_test_add ("/import-dialog/check-lists-problems", Fixture, NULL, fixture_set_up,
              test_check_lists_problems, fixture_tear_down);
  g_test_add ("/import-dialog/again-unchanged", Fixture, NULL, fixture_set_up,
              test_again_unchanged, fixture_tear_down);
  g_test_add ("/import-dialog/back-from-report", Fixture, NULL, fixture_set_up,
              test_back_from_report, fixture_tear_down);
  g_test_add ("/import-dialog/add-missing", Fixture, NULL, fixture_set_up,
              test_add_missing, fixture_tear_down);
  g_test_add ("/import-dialog/initial-focus", Fixture, NULL, fixture_set_up,
              test_initial_focus, fixture_tear_down);
  g_test_add ("/import-dialog/focus-after-check", Fixture, NULL, fixture_set_up,
              test_focus_after_check, fixture_tear_down);
  g_test_add ("/import-dialog/tab-leaves-problems", Fixture, NULL, fixture_set_up,
              test_tab_leaves_problems, fixture_tear_down);
  g_test_add ("/import-dialog/quote-notice-in-report", Fixture, NULL, fixture_set_up,
              test_quote_notice_in_report, fixture_tear_down);
  g_test_add ("/import-dialog/imports-while-event-is-held", Fixture, NULL, fixture_set_up,
              test_imports_while_event_is_held, fixture_tear_down);
  g_test_add ("/import-dialog/needs", Fixture, NULL, fixture_set_up, test_needs,
              fixture_tear_down);
  g_test_add_func ("/import-dialog/outcome", test_outcome);
  g_test_add_func ("/import-dialog/outcome-groups-thousands", test_outcome_groups_thousands);

  return g_test_run ();
}
