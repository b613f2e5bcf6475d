/* test-sign-in.c — Sign In, the header bar's account button, and locking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sl-application.h"
#include "sl-entry-row.h"
#include "sl-import-dialog.h"
#include "sl-sign-in-dialog.h"
#include "sl-staff-dialog.h"
#include "sl-test-ui.h"
#include "sl-test-util.h"
#include "sl-window.h"

#define OFFICER "Olu Adeyemi"
#define PASSPHRASE "correct horse battery"
#define EVENT_NAME "Test City Marathon 2027 (demo)"

/* One application for all the tests: it registers once. */
static SlApplication *app;

typedef struct
{
  char          *dir;
  char          *path;
  SlDb          *db;
  SlApplication *app;
  SlWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("sl-sign-in-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "event.startline", NULL);
  /* A name as long as the demo's: the header must show it whole. */
  f->db = sl_db_create (f->path, EVENT_NAME, "2027-04-25", &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_add_staff (f->db, OFFICER, SL_ROLE_ADMIN | SL_ROLE_OFFICER, PASSPHRASE,
                                  &error));
  g_assert_no_error (error);

  f->app = app;
  f->window = sl_window_new (GTK_APPLICATION (f->app), sl_application_get_settings (f->app));
  sl_window_set_db (f->window, f->db);
  gtk_window_present (GTK_WINDOW (f->window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->window)))
    g_main_context_iteration (NULL, TRUE);
  sl_test_settle (100);
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

static GtkWidget *
window_child (Fixture    *f,
              const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), SL_TYPE_WINDOW,
                                                    name));
}

static SlSignInDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SL_IS_SIGN_IN_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return SL_SIGN_IN_DIALOG (window);
    }
  return NULL;
}

static GtkWidget *
dialog_child (SlSignInDialog *dialog,
              const char     *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), SL_TYPE_SIGN_IN_DIALOG,
                                                    name));
}

static GtkWidget *
field (SlSignInDialog *dialog,
       const char     *row)
{
  return GTK_WIDGET (sl_entry_row_get_entry (SL_ENTRY_ROW (dialog_child (dialog, row))));
}

/* Whether the field of row has the dialog's focus (the text inside the
 * entry holds it).
 */
static gboolean
field_has_focus (SlSignInDialog *dialog,
                 const char     *row)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

  return focus != NULL && (focus == field (dialog, row)
                           || gtk_widget_is_ancestor (focus, field (dialog, row)));
}

/* Opens Sign In with its keys, as a person would. */
static SlSignInDialog *
open_dialog (Fixture *f)
{
  SlSignInDialog *dialog;

  sl_test_press_key (GTK_WIDGET (f->window), GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  for (guint i = 0; i < 200 && (dialog = find_dialog ()) == NULL; i++)
    sl_test_settle (10);
  g_assert_nonnull (dialog);
  for (guint i = 0; i < 200 && !field_has_focus (dialog, "name_row"); i++)
    sl_test_settle (10);
  g_assert_true (field_has_focus (dialog, "name_row"));
  return dialog;
}

/* Types text into the field with the focus, then Enter. */
static void
type_and_enter (SlSignInDialog *dialog,
                const char     *row,
                const char     *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, row)), text);
  sl_test_press_key (field (dialog, row), GDK_KEY_Return, 0);
}

static void
wait_while_busy (SlSignInDialog *dialog)
{
  GtkEditable *passphrase = GTK_EDITABLE (field (dialog, "passphrase_row"));

  /* Argon2id takes up to a second: the fields take no typing meanwhile. */
  for (guint i = 0; i < 3000 && !gtk_editable_get_editable (passphrase); i++)
    sl_test_settle (10);
  g_assert_true (gtk_editable_get_editable (passphrase));
}

/* Ctrl+Shift+L, the name, Enter, the passphrase, Enter: the dialog closes,
 * the header bar names who is signed in and their roles (also to a screen
 * reader), Sign In… is gone and the audit names them.
 */
static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  SlSignInDialog *dialog;
  GtkWidget *account = window_child (f, "account_button");

  g_assert_true (gtk_widget_get_visible (window_child (f, "sign_in_button")));
  g_assert_false (gtk_widget_get_visible (account));
  dialog = open_dialog (f);
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "sign_in_button")));
  type_and_enter (dialog, "name_row", OFFICER);
  g_assert_true (field_has_focus (dialog, "passphrase_row"));
  sl_test_save_screenshot (GTK_WIDGET (dialog), "sign-in-dialog");
  type_and_enter (dialog, "passphrase_row", PASSPHRASE);

  for (guint i = 0; i < 3000 && find_dialog () != NULL; i++)
    sl_test_settle (10);
  g_assert_null (find_dialog ());
  g_assert_cmpstr (sl_db_get_staff_name (f->db), ==, OFFICER);
  g_assert_cmpint (sl_db_get_roles (f->db), ==, SL_ROLE_ADMIN | SL_ROLE_OFFICER);
  g_assert_true (gtk_widget_get_visible (account));
  g_assert_false (gtk_widget_get_visible (window_child (f, "sign_in_button")));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (account)), ==, OFFICER);
  gtk_test_accessible_assert_property (account, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Signed in as " OFFICER
                                       ", administrator, accessibility officer");
  g_assert_cmpstr (sl_db_get_operator (f->db), ==, OFFICER);
  sl_test_save_screenshot (GTK_WIDGET (f->window), "signed-in-window");
}

/* Whether the window's pages' switcher has settled where it goes: in the
 * header (in_bar FALSE) or in the bar at the bottom.
 */
static gboolean
switcher_in_bar (Fixture  *f,
                 gboolean  in_bar)
{
  AdwViewSwitcherTitle *title = ADW_VIEW_SWITCHER_TITLE (window_child (f, "switcher_title"));
  AdwViewSwitcherBar *bar = ADW_VIEW_SWITCHER_BAR (window_child (f, "switcher_bar"));

  for (guint i = 0; i < 300; i++)
    {
      if (adw_view_switcher_title_get_title_visible (title) == in_bar
          && adw_view_switcher_bar_get_reveal (bar) == in_bar)
        return TRUE;
      sl_test_settle (10);
    }
  return FALSE;
}

/* An administrator and officer has six pages. At the window's first width
 * (1000) their labels leave no room for the event's name in the header:
 * the name stays whole at the start ("Lon…" before) and the pages move to
 * a bar at the bottom; wide enough, they are back in the header, and the
 * name is still whole.
 */
static void
test_header_fits (Fixture       *f,
                  gconstpointer  data)
{
  GtkLabel *name = GTK_LABEL (window_child (f, "event_title"));
  SlSignInDialog *dialog = open_dialog (f);

  type_and_enter (dialog, "name_row", OFFICER);
  type_and_enter (dialog, "passphrase_row", PASSPHRASE);
  for (guint i = 0; i < 3000 && find_dialog () != NULL; i++)
    sl_test_settle (10);
  g_assert_cmpstr (sl_db_get_staff_name (f->db), ==, OFFICER);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 720);
  g_assert_true (switcher_in_bar (f, TRUE));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 1000);
  g_assert_cmpstr (gtk_label_get_label (name), ==, EVENT_NAME);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (name)));
  sl_test_settle (500);  /* the header's crossfade */
  sl_test_save_screenshot (GTK_WIDGET (f->window), "header-narrow");

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 720);
  g_assert_true (switcher_in_bar (f, FALSE));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (name)));
  sl_test_settle (500);
  sl_test_save_screenshot (GTK_WIDGET (f->window), "header-wide");
}

/* A wrong passphrase keeps the dialog open with the name, clears the
 * passphrase, says why below and to a screen reader, and signs nobody in;
 * an unknown name gets the same words.
 */
static void
test_wrong_passphrase (Fixture       *f,
                       gconstpointer  data)
{
  SlSignInDialog *dialog = open_dialog (f);
  GtkLabel *error_label = GTK_LABEL (dialog_child (dialog, "error_label"));
  g_autofree char *wrong = NULL;

  type_and_enter (dialog, "name_row", OFFICER);
  type_and_enter (dialog, "passphrase_row", "not the passphrase");
  wait_while_busy (dialog);
  g_assert_true (find_dialog () == dialog);
  g_assert_null (sl_db_get_staff_name (f->db));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  wrong = g_strdup (gtk_label_get_text (error_label));
  g_assert_cmpstr (wrong, !=, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "name_row"))), ==, OFFICER);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "passphrase_row"))), ==, "");
  g_assert_true (field_has_focus (dialog, "passphrase_row"));
  gtk_test_accessible_assert_property (field (dialog, "passphrase_row"),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, wrong);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "sign-in-wrong");

  gtk_editable_set_text (GTK_EDITABLE (field (dialog, "name_row")), "Nobody Here");
  type_and_enter (dialog, "passphrase_row", PASSPHRASE);
  wait_while_busy (dialog);
  g_assert_null (sl_db_get_staff_name (f->db));
  g_assert_cmpstr (gtk_label_get_text (error_label), ==, wrong);

  /* Escape closes it, still signed out. */
  sl_test_press_key (field (dialog, "passphrase_row"), GDK_KEY_Escape, 0);
  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_get_visible (window_child (f, "sign_in_button")));
}

static void
sign_in_directly (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_sign_in (f->db, OFFICER, PASSPHRASE, &error));
  g_assert_no_error (error);
  sl_window_update_pages (f->window);
}

/* Ctrl+L locks: signed out, Sign In… back, the operator the desk's again. */
static void
test_lock (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GSettings) settings = sl_settings_new ();
  SlStaffDialog *staff;

  g_settings_set_string (settings, "operator-name", "Desk Volunteer");
  sign_in_directly (f);
  sl_test_press_key (GTK_WIDGET (f->window), GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_null (find_dialog ());  /* signed in already: nothing to sign in to */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "lock"));
  /* The account list is open: a lock takes it away with the session. */
  staff = sl_staff_dialog_present (GTK_WINDOW (f->window), f->db);
  g_object_add_weak_pointer (G_OBJECT (staff), (gpointer *) &staff);
  sl_test_settle (100);
  g_assert_cmpstr (sl_db_get_staff_name (f->db), ==, OFFICER);
  /* As the idle check does (the keys go to the dialog, which has no lock). */
  g_assert_true (sl_window_lock_if_idle (f->window, g_get_monotonic_time ()
                                                    + (gint64) 60 * 60 * G_USEC_PER_SEC));
  for (guint i = 0; i < 100 && staff != NULL; i++)
    sl_test_settle (10);
  g_assert_null (staff);
  g_assert_null (sl_db_get_staff_name (f->db));
  /* Signed in again, Ctrl+L in the window locks. */
  sign_in_directly (f);
  sl_test_press_key (GTK_WIDGET (f->window), GDK_KEY_l, GDK_CONTROL_MASK);
  g_assert_null (sl_db_get_staff_name (f->db));
  g_assert_cmpint (sl_db_get_roles (f->db), ==, SL_ROLE_DESK);
  g_assert_true (gtk_widget_get_visible (window_child (f, "sign_in_button")));
  g_assert_false (gtk_widget_get_visible (window_child (f, "account_button")));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "lock"));
  g_settings_reset (settings, "operator-name");
}

/* Whether a label in the tree below widget holds text. */
static gboolean
label_holds (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_holds (child, text))
      return TRUE;
  return FALSE;
}

/* Import… previewed a file by an officer shows its need details; a lock
 * leaves the dialog (an import may run) but not the details.
 */
static void
test_lock_hides_import_details (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "needs.csv", NULL);
  SlImportDialog *dialog;

  g_assert_true (g_file_set_contents (csv, "Bib,Name,Medical conditions\n"
                                           "1,Ann Lee,SECRET-MED-91 epilepsy\n", -1, &error));
  sign_in_directly (f);
  dialog = sl_import_dialog_present (GTK_WINDOW (f->window), f->db);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (sl_import_dialog_load (dialog, csv, &error));
  g_assert_no_error (error);
  sl_test_settle (100);
  g_assert_true (label_holds (GTK_WIDGET (dialog), "SECRET-MED-91"));

  sl_window_lock (f->window);   /* as Ctrl+L or the idle check does */
  g_assert_null (sl_db_get_staff_name (f->db));
  g_assert_nonnull (dialog);
  g_assert_false (label_holds (GTK_WIDGET (dialog), "SECRET-MED-91"));
  g_assert_true (label_holds (GTK_WIDGET (dialog), "(sealed)"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* Not left pointing into this frame: the dialog may outlive it (the
   * audit of the details it showed holds it), and its finalize would then
   * write NULL over whatever stands here by then: the fixture pointer of
   * the teardown, which crashed one run in ten.
   */
  if (dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_remove (csv);
}

/* Idle for the setting's minutes, the window locks; activity before that
 * keeps it signed in.
 */
static void
test_idle_lock (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = sl_settings_new ();
  gint64 now = g_get_monotonic_time ();

  g_settings_set_int (settings, "lock-after-minutes", 10);
  sign_in_directly (f);
  sl_test_press_key (GTK_WIDGET (f->window), GDK_KEY_Shift_L, 0);  /* someone is here */
  g_assert_false (sl_window_lock_if_idle (f->window, now + 9 * 60 * G_USEC_PER_SEC));
  g_assert_nonnull (sl_db_get_staff_name (f->db));
  g_settings_set_int (settings, "lock-after-minutes", 5);
  g_assert_true (sl_window_lock_if_idle (f->window, g_get_monotonic_time ()
                                                    + 6 * 60 * G_USEC_PER_SEC));
  g_assert_null (sl_db_get_staff_name (f->db));
  g_settings_reset (settings, "lock-after-minutes");
}

/* Closing the window, or showing another event in it, signs out. */
static void
test_close_locks (Fixture       *f,
                  gconstpointer  data)
{
  sign_in_directly (f);
  sl_window_set_db (f->window, NULL);
  g_assert_null (sl_db_get_staff_name (f->db));
  sl_window_set_db (f->window, f->db);
  sign_in_directly (f);
  gtk_window_close (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (sl_db_get_staff_name (f->db));
  /* tear_down destroys it again: keep a window to destroy. */
  f->window = sl_window_new (GTK_APPLICATION (f->app), sl_application_get_settings (f->app));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sl_ensure_resources ();
  app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add ("/sign-in/sign-in", Fixture, NULL, fixture_set_up, test_sign_in, fixture_tear_down);
  g_test_add ("/sign-in/header-fits", Fixture, NULL, fixture_set_up, test_header_fits,
              fixture_tear_down);
  g_test_add ("/sign-in/wrong-passphrase", Fixture, NULL, fixture_set_up, test_wrong_passphrase,
              fixture_tear_down);
  g_test_add ("/sign-in/lock", Fixture, NULL, fixture_set_up, test_lock, fixture_tear_down);
  g_test_add ("/sign-in/lock-hides-import-details", Fixture, NULL, fixture_set_up,
              test_lock_hides_import_details, fixture_tear_down);
  g_test_add ("/sign-in/idle-lock", Fixture, NULL, fixture_set_up, test_idle_lock,
              fixture_tear_down);
  g_test_add ("/sign-in/close-locks", Fixture, NULL, fixture_set_up, test_close_locks,
              fixture_tear_down);

  return g_test_run ();
}
