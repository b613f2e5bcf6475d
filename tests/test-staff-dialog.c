/* test-staff-dialog.c — Staff Accounts: the first account, an admin
 * managing the others, and the window's menu item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sl-application.h"
#include "sl-entry-row.h"
#include "sl-staff-dialog.h"
#include "sl-test-ui.h"
#include "sl-test-util.h"
#include "sl-window.h"

#define ADMIN "Ada Okafor"
#define OFFICER "Olu Adeyemi"
#define PASSPHRASE "correct horse battery"

/* One application for all the tests: it registers once. */
static SlApplication *app;

typedef struct
{
  char          *dir;
  char          *path;
  SlDb          *db;
  SlWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("sl-staff-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "event.startline", NULL);
  f->db = sl_db_create (f->path, "Test Marathon", "2027-04-25", &error);
  g_assert_no_error (error);

  f->window = sl_window_new (GTK_APPLICATION (app), sl_application_get_settings (app));
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

/* The event's first account (admin and officer) made from the core, and
 * signed in, as the window would after Sign In.
 */
static void
sign_in_admin (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_add_staff (f->db, ADMIN, SL_ROLE_ADMIN | SL_ROLE_OFFICER, PASSPHRASE,
                                  &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_sign_in (f->db, ADMIN, PASSPHRASE, &error));
  g_assert_no_error (error);
  sl_window_update_pages (f->window);
}

static gboolean
staff_enabled (Fixture *f)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "staff");
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type)
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static SlStaffDialog *
find_dialog (void)
{
  return (SlStaffDialog *) find_toplevel (SL_TYPE_STAFF_DIALOG);
}

static GtkWidget *
child (SlStaffDialog *dialog,
       const char    *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), SL_TYPE_STAFF_DIALOG,
                                                    name));
}

static GtkEditable *
field (SlStaffDialog *dialog,
       const char    *row)
{
  return GTK_EDITABLE (sl_entry_row_get_entry (SL_ENTRY_ROW (child (dialog, row))));
}

/* Opens it from the menu's action, as the menu item does. */
static SlStaffDialog *
open_dialog (Fixture *f)
{
  SlStaffDialog *dialog;

  g_assert_true (staff_enabled (f));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "staff", NULL);
  for (guint i = 0; i < 200 && (dialog = find_dialog ()) == NULL; i++)
    sl_test_settle (10);
  g_assert_nonnull (dialog);
  sl_test_wait_for_frame (GTK_WIDGET (dialog));
  return dialog;
}

static void
close_dialog (SlStaffDialog *dialog)
{
  sl_test_press_key (GTK_WIDGET (dialog), GDK_KEY_Escape, 0);
  for (guint i = 0; i < 200 && find_dialog () != NULL; i++)
    sl_test_settle (10);
  g_assert_null (find_dialog ());
}

static gboolean
add_sensitive (SlStaffDialog *dialog)
{
  return gtk_widget_get_sensitive (child (dialog, "add_button"));
}

static void
fill_form (SlStaffDialog *dialog,
           const char    *name,
           const char    *passphrase,
           const char    *confirm)
{
  gtk_editable_set_text (field (dialog, "name_row"), name);
  gtk_editable_set_text (field (dialog, "passphrase_row"), passphrase);
  gtk_editable_set_text (field (dialog, "confirm_row"), confirm);
}

/* Clicks Add and waits for the write in the worker thread (Argon2id). */
static void
add_and_wait (SlStaffDialog *dialog)
{
  GtkEditable *name = field (dialog, "name_row");

  g_assert_true (add_sensitive (dialog));
  g_signal_emit_by_name (child (dialog, "add_button"), "clicked");
  g_assert_false (gtk_editable_get_editable (name));  /* busy */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (child (dialog, "add_button"))), ==,
                   "Adding…");
  for (guint i = 0; i < 3000 && !gtk_editable_get_editable (name); i++)
    sl_test_settle (10);
  g_assert_true (gtk_editable_get_editable (name));
  /* Cleared after every attempt. */
  g_assert_cmpstr (gtk_editable_get_text (field (dialog, "passphrase_row")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (field (dialog, "confirm_row")), ==, "");
}

static guint
n_accounts_listed (SlStaffDialog *dialog)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (child (dialog, "accounts_list"));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

static AdwActionRow *
account_row (SlStaffDialog *dialog,
             guint          index)
{
  GtkWidget *row = gtk_widget_get_first_child (child (dialog, "accounts_list"));

  for (guint i = 0; row != NULL && i < index; i++)
    row = gtk_widget_get_next_sibling (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  return ADW_ACTION_ROW (row);
}

static gboolean
is_button_named (GtkWidget     *widget,
                 gconstpointer  name)
{
  g_autofree char *differs = NULL;

  if (!GTK_IS_BUTTON (widget))
    return FALSE;
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, name);
  return differs == NULL;
}

static GtkWidget *
remove_button (SlStaffDialog *dialog,
               const char    *name)
{
  g_autofree char *spoken = g_strdup_printf ("Remove %s", name);

  return sl_test_find_widget (child (dialog, "accounts_list"), is_button_named, spoken);
}

/* An event without accounts: whoever holds it may open the dialog, which
 * explains that the first account is an administrator's and insists on
 * it. Added, it is listed; no one is signed in; the dialog says to sign
 * in, and a second account is refused (the menu item is off, and the
 * core refuses too).
 */
static void
test_first_account (Fixture       *f,
                    gconstpointer  data)
{
  SlStaffDialog *dialog;
  GtkCheckButton *admin;
  g_autoptr(GError) error = NULL;
  AdwActionRow *row;

  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 0);
  dialog = open_dialog (f);
  admin = GTK_CHECK_BUTTON (child (dialog, "admin_check"));
  g_assert_true (gtk_widget_get_visible (child (dialog, "intro_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (dialog, "intro_label"))),
                            "must be an administrator"));
  g_assert_true (gtk_check_button_get_active (admin));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (admin)));
  g_assert_false (gtk_widget_get_visible (child (dialog, "accounts_box")));
  g_assert_false (add_sensitive (dialog));
  sl_test_save_screenshot (GTK_WIDGET (dialog), "staff-dialog-empty.png");

  fill_form (dialog, ADMIN, PASSPHRASE, PASSPHRASE);
  add_and_wait (dialog);
  g_assert_false (gtk_widget_get_visible (child (dialog, "error_label")));
  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 1);
  g_assert_null (sl_db_get_staff_name (f->db));   /* not signed in */
  g_assert_cmpuint (n_accounts_listed (dialog), ==, 1);
  row = account_row (dialog, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, ADMIN);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "administrator");
  g_assert_false (gtk_widget_get_visible (child (dialog, "intro_label")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "form_box")));
  g_assert_true (gtk_widget_get_visible (child (dialog, "outcome_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (dialog, "outcome_label"))),
                            "Sign In…"));
  sl_test_save_screenshot (GTK_WIDGET (dialog), "staff-dialog-first-added.png");

  close_dialog (dialog);
  g_assert_false (staff_enabled (f));
  g_assert_false (sl_db_add_staff (f->db, OFFICER, SL_ROLE_OFFICER, PASSPHRASE, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 1);
}

/* Answers it, and waits until it has gone. */
static void
respond (AdwMessageDialog *confirm,
         const char       *response)
{
  /* As its buttons do: the response, then closed. */
  adw_message_dialog_response (confirm, response);
  gtk_window_close (GTK_WINDOW (confirm));
  for (guint i = 0; i < 200 && find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL; i++)
    sl_test_settle (10);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static AdwMessageDialog *
confirm_remove (SlStaffDialog *dialog,
                const char    *name)
{
  AdwMessageDialog *confirm = NULL;
  g_autofree char *heading = g_strdup_printf ("Remove %s?", name);

  g_signal_emit_by_name (remove_button (dialog, name), "clicked");
  for (guint i = 0; i < 200 && confirm == NULL; i++)
    {
      confirm = (AdwMessageDialog *) find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
      sl_test_settle (10);
    }
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, heading);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (confirm)) == GTK_WINDOW (dialog));
  return confirm;
}

/* Until the removal under way is done: the form takes typing again. */
static void
wait_until_idle (SlStaffDialog *dialog)
{
  GtkEditable *name = field (dialog, "name_row");

  for (guint i = 0; i < 3000 && !gtk_editable_get_editable (name); i++)
    sl_test_settle (10);
  g_assert_true (gtk_editable_get_editable (name));
}

/* A signed-in admin adds an officer, sees the list with roles in words,
 * removes them after confirming (Cancel first changes nothing), and is
 * told the core's reason when removing the last admin.
 */
static void
test_admin_manages (Fixture       *f,
                    gconstpointer  data)
{
  SlStaffDialog *dialog;
  AdwMessageDialog *confirm;
  GtkLabel *list_error;

  g_assert_true (staff_enabled (f));
  sign_in_admin (f);
  g_assert_true (staff_enabled (f));
  dialog = open_dialog (f);
  list_error = GTK_LABEL (child (dialog, "list_error_label"));
  g_assert_false (gtk_widget_get_visible (child (dialog, "intro_label")));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (child (dialog, "admin_check"))));
  g_assert_cmpuint (n_accounts_listed (dialog), ==, 1);
  g_assert_cmpstr (adw_action_row_get_subtitle (account_row (dialog, 0)), ==,
                   "administrator, accessibility officer");

  /* No role: not yet. */
  fill_form (dialog, OFFICER, PASSPHRASE, PASSPHRASE);
  g_assert_false (add_sensitive (dialog));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, "officer_check")), TRUE);
  add_and_wait (dialog);
  g_assert_cmpuint (n_accounts_listed (dialog), ==, 2);
  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (field (dialog, "name_row")), ==, "");
  g_assert_cmpint (sl_test_query_int (f->db, f->path,
                                      "SELECT count(*) FROM audit_log WHERE entity = 'staff'"
                                      " AND action = 'insert' AND operator = '" ADMIN "'"),
                   ==, 1);
  /* Every account has a Remove button a screen reader names. */
  gtk_test_accessible_assert_property (remove_button (dialog, ADMIN),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove " ADMIN);
  gtk_test_accessible_assert_property (remove_button (dialog, OFFICER),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove " OFFICER);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "staff-dialog-accounts.png");

  confirm = confirm_remove (dialog, OFFICER);
  respond (confirm, "cancel");
  sl_test_settle (50);
  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 2);

  confirm = confirm_remove (dialog, OFFICER);
  sl_test_save_screenshot (GTK_WIDGET (confirm), "staff-dialog-confirm-remove.png");
  respond (confirm, "remove");
  wait_until_idle (dialog);
  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 1);
  g_assert_cmpuint (n_accounts_listed (dialog), ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (list_error)));

  /* The last admin stays, with the core's words. */
  confirm = confirm_remove (dialog, ADMIN);
  respond (confirm, "remove");
  wait_until_idle (dialog);
  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list_error)));
  g_assert_nonnull (strstr (gtk_label_get_text (list_error), "last admin"));
  /* Told to a screen reader where the focus is: back on Remove. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == remove_button (dialog, ADMIN));
  gtk_test_accessible_assert_property (remove_button (dialog, ADMIN),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       gtk_label_get_text (list_error));
  g_assert_cmpstr (sl_db_get_staff_name (f->db), ==, ADMIN);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "staff-dialog-last-admin.png");
  close_dialog (dialog);
  g_assert_true (staff_enabled (f));
}

/* An error from the core is shown under the form and the fields keep the
 * name: an account that exists already.
 */
static void
test_core_error (Fixture       *f,
                 gconstpointer  data)
{
  SlStaffDialog *dialog;
  GtkLabel *error_label;

  sign_in_admin (f);
  dialog = open_dialog (f);
  error_label = GTK_LABEL (child (dialog, "error_label"));
  fill_form (dialog, ADMIN, PASSPHRASE, PASSPHRASE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (dialog, "exporter_check")), TRUE);
  add_and_wait (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "already an account"));
  g_assert_cmpstr (gtk_editable_get_text (field (dialog, "name_row")), ==, ADMIN);
  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 1);
  g_assert_false (add_sensitive (dialog));
  sl_test_save_screenshot (GTK_WIDGET (dialog), "staff-dialog-error.png");
  close_dialog (dialog);
}

/* Add stays off until both passphrases match and are long enough; a
 * mismatch typed whole is told with the confirmation's field.
 */
static void
test_mismatch (Fixture       *f,
               gconstpointer  data)
{
  SlStaffDialog *dialog = open_dialog (f);
  GtkWidget *confirm = GTK_WIDGET (field (dialog, "confirm_row"));

  fill_form (dialog, ADMIN, PASSPHRASE, "correct horse batterz");
  g_assert_false (add_sensitive (dialog));
  gtk_test_accessible_assert_property (confirm, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "The passphrases do not match.");
  fill_form (dialog, ADMIN, "short", "short");
  g_assert_false (add_sensitive (dialog));
  fill_form (dialog, ADMIN, PASSPHRASE, "correct");
  g_assert_false (add_sensitive (dialog));
  fill_form (dialog, "  ", PASSPHRASE, PASSPHRASE);
  g_assert_false (add_sensitive (dialog));
  fill_form (dialog, ADMIN, PASSPHRASE, PASSPHRASE);
  g_assert_true (add_sensitive (dialog));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (confirm),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  /* Not shown as they are typed. */
  g_assert_true (GTK_IS_PASSWORD_ENTRY_BUFFER (gtk_entry_get_buffer (GTK_ENTRY (confirm))));
  g_assert_true (GTK_IS_PASSWORD_ENTRY_BUFFER (
    gtk_entry_get_buffer (GTK_ENTRY (field (dialog, "passphrase_row")))));
  g_assert_false (gtk_entry_get_visibility (GTK_ENTRY (confirm)));
  g_assert_false (gtk_entry_get_visibility (GTK_ENTRY (field (dialog, "passphrase_row"))));
  close_dialog (dialog);
  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 0);
}

/* A control is named by a label, a relation, or (a button) its text. */
static gboolean
is_unnamed_control (GtkWidget     *widget,
                    gconstpointer  data)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_focusable (widget))
    return FALSE;
  if (!(GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_ENTRY (widget)
        || GTK_IS_LIST_BOX (widget)))
    return FALSE;
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
      || gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return FALSE;
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return FALSE;
  g_test_message ("unnamed: %s", G_OBJECT_TYPE_NAME (widget));
  return TRUE;
}

/* Every control of the dialog has a name, with and without accounts. */
static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  SlStaffDialog *dialog = open_dialog (f);

  g_assert_null (sl_test_find_widget (GTK_WIDGET (dialog), is_unnamed_control, NULL));
  close_dialog (dialog);
  sign_in_admin (f);
  dialog = open_dialog (f);
  g_assert_null (sl_test_find_widget (GTK_WIDGET (dialog), is_unnamed_control, NULL));
  close_dialog (dialog);
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

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/staff-dialog/first-account", test_first_account);
  ADD ("/staff-dialog/admin-manages", test_admin_manages);
  ADD ("/staff-dialog/core-error", test_core_error);
  ADD ("/staff-dialog/mismatch", test_mismatch);
  ADD ("/staff-dialog/names", test_names);
#undef ADD

  return g_test_run ();
}
