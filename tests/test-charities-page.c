/* test-charities-page.c — the Charities page, the charity dialog and the
 * fundraising import, driven in-process on a display against a real event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-test-ui.h"
#include "sl-test-util.h"

#include <adwaita.h>

#include "sl-application.h"
#include "sl-charities-page.h"
#include "sl-charity-dialog.h"
#include "sl-core.h"
#include "sl-demo.h"
#include "sl-entry-row.h"
#include "sl-widgets.h"
#include "sl-window.h"

#define PASS "correct horse battery"

typedef struct
{
  char            *dir;
  SlDb            *db;
  GtkWindow       *window;
  SlCharitiesPage *page;
  gint64           small;
} Fixture;

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
}

static void
sign_in (SlDb       *db,
         const char *name)
{
  g_autoptr(GError) error = NULL;

  sl_db_sign_out (db);
  if (name != NULL)
    g_assert_true (sl_db_sign_in (db, name, PASS, &error));
  g_assert_no_error (error);
}

/* Riverside Hospice (100 places, none used) and Small Charity (a Golden
 * Bond of 2 places, 3 runners: over by one), an exporter signed in.
 */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *names[3][2] = { { "Amara", "Okafor" }, { "Ben", "Adams" },
                                     { "Chloé", "Zhang" } };
  g_autoptr(GError) error = NULL;
  SlCharity small = { 0, (char *)"Small Charity", NULL, NULL, NULL, 2, 200000,
                      SL_CHARITY_BOND_GOLDEN };

  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "event.startline");
  g_assert_true (sl_db_add_staff (f->db, "Ada Admin", SL_ROLE_ADMIN, PASS, &error));
  sign_in (f->db, "Ada Admin");
  g_assert_true (sl_db_add_staff (f->db, "Olu Officer", SL_ROLE_OFFICER, PASS, &error));
  g_assert_true (sl_db_add_staff (f->db, "Eve Exporter", SL_ROLE_EXPORTER, PASS, &error));
  g_assert_true (sl_db_save_charity (f->db, &small, &error));
  g_assert_no_error (error);
  f->small = small.id;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%u", 501 + i);
      g_autofree char *ref = g_strdup_printf ("R%u", i);
      g_autoptr(SlEntrant) e = sl_test_add_entrant (f->db, bib, ref, names[i][0], names[i][1],
                                                    NULL);

      g_assert_true (sl_db_set_charity_signup (f->db, e->id, small.id, 250000, 10000 * i,
                                               &error));
    }
  sl_entrant_free (sl_db_check_in (f->db, "501", "Desk 1", &error));
  g_assert_no_error (error);
  sign_in (f->db, "Eve Exporter");

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 650);
  f->page = SL_CHARITIES_PAGE (sl_charities_page_new (f->db));
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  sl_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sl_test_destroy_toplevels ();
  sl_db_sign_out (f->db);
  g_clear_object (&f->db);
  sl_test_tmpdir_free (f->dir);
}

static gboolean
runner_focused (gpointer list)
{
  GtkWidget *first = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0));

  return gtk_widget_has_focus (first);
}

/* The figures in words, the allocation exceeded said in words; the
 * selected charity's runners with target, raised and check-in.
 */
static void
test_lists_charities (Fixture       *f,
                      gconstpointer  data)
{
  GtkListBox *list = child (f->page, SL_TYPE_CHARITIES_PAGE, "charity_list");
  GtkListBox *runners = child (f->page, SL_TYPE_CHARITIES_PAGE, "runner_list");
  GtkLabel *summary = child (f->page, SL_TYPE_CHARITIES_PAGE, "charity_summary");
  GtkWidget *row, *label;

  g_assert_cmpuint (sl_charities_page_get_n_charities (f->page), ==, 2);
  g_assert_true (sl_charities_page_select (f->page, f->small));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (summary),
                                   "Golden Bond · 3 of 2 places — 1 over allocation · 150% filled"
                                   " · minimum pledge £2000.00 · pledged £7500.00"
                                   " · raised £300.00"));
  g_assert_cmpuint (sl_charities_page_get_runners (f->page)->len, ==, 3);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (runners, 0));
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   "Bib 501 · Amara Okafor · target £2500.00 · raised £0.00 · checked in");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (runners, 1));
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "not checked in"));
  /* Rows in name order. */
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, 1));
  g_assert_true (gtk_list_box_get_selected_row (list) == GTK_LIST_BOX_ROW (row));
  /* Alt+R: the focus on the first runner. */
  sl_test_press_key (GTK_WIDGET (f->window), GDK_KEY_r, GDK_ALT_MASK);
  g_assert_true (sl_test_wait_for (runner_focused, runners));
  sl_test_save_screenshot (GTK_WIDGET (f->window), "charities-page.png");
}

/* The officer reads, only an exporter or an admin changes; a desk sees
 * nothing.
 */
static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_assert_true (gtk_widget_get_visible (child (f->page, SL_TYPE_CHARITIES_PAGE, "add_button")));
  sign_in (f->db, "Olu Officer");
  sl_charities_page_reload (f->page);
  g_assert_cmpuint (sl_charities_page_get_n_charities (f->page), ==, 2);
  g_assert_false (gtk_widget_get_visible (child (f->page, SL_TYPE_CHARITIES_PAGE, "add_button")));
  g_assert_false (gtk_widget_get_visible (child (f->page, SL_TYPE_CHARITIES_PAGE,
                                                 "import_button")));
  sign_in (f->db, NULL);
  sl_charities_page_reload (f->page);
  g_assert_cmpuint (sl_charities_page_get_n_charities (f->page), ==, 0);
}

static void
set_field (gpointer    dialog,
           const char *name,
           const char *text)
{
  SlEntryRow *row = child (dialog, SL_TYPE_CHARITY_DIALOG, name);

  gtk_editable_set_text (GTK_EDITABLE (sl_entry_row_get_entry (row)), text);
}

static gboolean
dialog_gone (gpointer data)
{
  return sl_test_find_toplevel (SL_TYPE_CHARITY_DIALOG) == NULL;
}

static void
test_dialog_adds_and_edits (Fixture       *f,
                            gconstpointer  data)
{
  SlCharityDialog *dialog;
  g_autoptr(SlCharity) added = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "charities.add", NULL));
  dialog = sl_test_find_toplevel (SL_TYPE_CHARITY_DIALOG);
  g_assert_nonnull (dialog);
  sl_test_wait_for_frame (GTK_WIDGET (dialog));
  set_field (dialog, "name_row", "Lifeboats");
  adw_combo_row_set_selected (child (dialog, SL_TYPE_CHARITY_DIALOG, "bond_row"), 1); /* silver */
  gtk_spin_button_set_value (child (dialog, SL_TYPE_CHARITY_DIALOG, "places_spin"), 12);
  /* A pledge that is not money: one message, nothing written. */
  set_field (dialog, "pledge_row", "lots");
  g_assert_false (sl_charity_dialog_save (dialog));
  g_assert_true (gtk_widget_get_visible (child (dialog, SL_TYPE_CHARITY_DIALOG, "error_label")));
  set_field (dialog, "pledge_row", "£2,250");
  sl_test_save_screenshot (GTK_WIDGET (dialog), "charity-dialog.png");
  g_assert_true (sl_charity_dialog_save (dialog));
  g_assert_true (sl_test_wait_for (dialog_gone, NULL));

  added = sl_db_find_charity (f->db, "Lifeboats", &error);
  g_assert_no_error (error);
  g_assert_cmpint (added->bond, ==, SL_CHARITY_BOND_SILVER);
  g_assert_cmpint (added->places_allocated, ==, 12);
  g_assert_cmpint (added->minimum_pledge_pence, ==, 225000);
  g_assert_cmpuint (sl_charities_page_get_n_charities (f->page), ==, 3);
  g_assert_cmpint (sl_charities_page_get_selected (f->page), ==, added->id);

  /* Edit: the form holds what is stored. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "charities.edit", NULL));
  dialog = sl_test_find_toplevel (SL_TYPE_CHARITY_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Lifeboats");
  gtk_spin_button_set_value (child (dialog, SL_TYPE_CHARITY_DIALOG, "places_spin"), 20);
  g_assert_true (sl_charity_dialog_save (dialog));
  g_assert_true (sl_test_wait_for (dialog_gone, NULL));
  g_clear_pointer (&added, sl_charity_free);
  added = sl_db_find_charity (f->db, "Lifeboats", &error);
  g_assert_cmpint (added->places_allocated, ==, 20);
  g_assert_cmpint (added->bond, ==, SL_CHARITY_BOND_SILVER);
}

static gboolean
page_idle (gpointer data)
{
  return !sl_charities_page_get_busy (data);
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);
  g_autofree char *good = g_build_filename (f->dir, "good.csv", NULL);
  GtkLabel *report = child (f->page, SL_TYPE_CHARITIES_PAGE, "report_label");

  g_assert_true (g_file_set_contents (bad, "Bib,Raised\n501,10\n999,5\n", -1, NULL));
  g_assert_true (g_file_set_contents (good, "Bib,Raised\n501,\"£1,000\"\n502,100\n", -1, NULL));
  sl_charities_page_import_from (f->page, bad);
  g_assert_true (sl_charities_page_get_busy (f->page));
  g_assert_true (sl_test_wait_for (page_idle, f->page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (report)));
  g_assert_nonnull (strstr (sl_charities_page_get_import_report (f->page),
                            "\nline 3: no runner has bib or booking reference “999”"));
  g_assert_true (sl_charities_page_select (f->page, f->small));
  g_assert_cmpint (((SlCharityRunner *)sl_charities_page_get_runners (f->page)->pdata[0])
                     ->raised_pence, ==, 0);

  sl_charities_page_import_from (f->page, good);
  g_assert_true (sl_test_wait_for (page_idle, f->page));
  g_assert_cmpstr (sl_charities_page_get_import_report (f->page), ==,
                   "Fundraising imported: 2 rows, 1 changed, 1 unchanged");
  g_assert_cmpint (((SlCharityRunner *)sl_charities_page_get_runners (f->page)->pdata[0])
                     ->raised_pence, ==, 100000);
}

/* ---- The window ------------------------------------------------------- */

static const char *
shown_page (gpointer window)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (window), SL_TYPE_WINDOW,
                                                  "view_stack");

  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack));
}

static gboolean
charities_shown (gpointer window)
{
  return g_strcmp0 (shown_page (window), "charities") == 0;
}

/* Alt+5 for those who may read it; a desk has no such page. */
static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlApplication) app = sl_application_new ();
  SlWindow *window;

  sign_in (f->db, NULL);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = sl_window_new (GTK_APPLICATION (app), sl_application_get_settings (app));
  sl_window_set_db (window, f->db);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_wait_for_frame (GTK_WIDGET (window));

  sl_test_press_key (GTK_WIDGET (window), GDK_KEY_5, GDK_ALT_MASK);
  sl_test_settle (200);
  g_assert_cmpstr (shown_page (window), ==, "desk");

  sign_in (f->db, "Olu Officer");
  sl_window_update_pages (window);
  sl_test_press_key (GTK_WIDGET (window), GDK_KEY_5, GDK_ALT_MASK);
  g_assert_true (sl_test_wait_for (charities_shown, window));

  /* Signing out hides it and goes back to the desk. */
  sign_in (f->db, NULL);
  sl_window_update_pages (window);
  g_assert_cmpstr (shown_page (window), ==, "desk");
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The page on the demo event, for a person to look at. */
static void
test_demo_screenshot (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autofree char *path = g_build_filename (dir, "demo.startline", NULL);
  g_autofree char *officer = NULL;
  g_autofree char *passphrase = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = sl_db_create (path, "Demo Marathon", "2026-04-26", &error);
  GtkWindow *window;
  SlCharitiesPage *page;

  g_assert_true (sl_db_add_demo_officer (db, 42, &officer, &passphrase, &error));
  g_assert_true (sl_db_generate_demo (db, 3000, 42, NULL, NULL, NULL, &error));
  g_assert_true (sl_db_sign_in (db, officer, passphrase, &error));
  g_assert_no_error (error);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1200, 720);
  page = SL_CHARITIES_PAGE (sl_charities_page_new (db));
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  sl_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpuint (sl_charities_page_get_n_charities (page), >, 5);
  sl_test_save_screenshot (GTK_WIDGET (window), "charities-page-demo.png");
  gtk_window_destroy (window);
  sl_db_sign_out (db);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    sl_widgets_ensure_resources ();
    gtk_css_provider_load_from_resource (css, "/org/startline/Startline/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, fn) \
  g_test_add ("/charities-page/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("lists-charities", test_lists_charities);
  ADD ("roles", test_roles);
  ADD ("dialog-adds-and-edits", test_dialog_adds_and_edits);
  ADD ("import", test_import);
  ADD ("window", test_window);
#undef ADD
  g_test_add_func ("/charities-page/demo-screenshot", test_demo_screenshot);
  return g_test_run ();
}
