/* test-connect-dialog.c — Connect to Server…, its keyring and recent servers
 *
 * Without arguments (suite ui): the dialog's fields, the connection
 * string's quoting (read back by libpq), a server that is not there said
 * in the dialog, and the recent servers. With --keyring (under
 * tests/with-keyring.sh): the password kept in and read back from the
 * keyring, and never in the settings. With --pg (under with-pg-cluster.sh,
 * a display and a keyring: the test connect-server): app.connect, the
 * fields typed, Connect, and the desk of the server event in a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "sl-application.h"
#include "sl-connect-dialog.h"
#include "sl-entry-row.h"
#include "sl-server-login.h"
#include "sl-test-pg.h"
#include "sl-test-ui.h"
#include "sl-test-util.h"
#include "sl-window.h"

static SlApplication *app;

static GSettings *
settings (void)
{
  return sl_application_get_settings (app);
}

static SlEntryRow *
dialog_row (SlConnectDialog *dialog,
            const char      *name)
{
  return SL_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                      SL_TYPE_CONNECT_DIALOG, name));
}

static GtkWidget *
dialog_child (SlConnectDialog *dialog,
              const char      *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), SL_TYPE_CONNECT_DIALOG,
                                                    name));
}

static void
type_into (SlConnectDialog *dialog,
           const char      *row,
           const char      *text)
{
  gtk_editable_set_text (GTK_EDITABLE (sl_entry_row_get_entry (dialog_row (dialog, row))), text);
}

static const char *
field (SlConnectDialog *dialog,
       const char      *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (sl_entry_row_get_entry (dialog_row (dialog,
                                                                                  row))));
}

/* Where the keyboard focus is: a field's entry (GTK focuses the text
 * inside it) or the widget itself.
 */
static GtkWidget *
focused (SlConnectDialog *dialog)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));
  GtkWidget *entry = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_ENTRY) : NULL;

  return entry != NULL ? entry : focus;
}

static void
assert_focused (SlConnectDialog *dialog,
                GtkWidget       *expected,
                const char      *name)
{
  GtkWidget *focus = focused (dialog);

  if (focus != expected)
    g_error ("the focus is on a %s, not on %s", focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "—",
             name);
}

static void
press_tab (SlConnectDialog *dialog)
{
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD));
}

static SlConnectDialog *
present (void)
{
  SlConnectDialog *dialog = sl_connect_dialog_present (NULL, settings ());

  while (!gtk_widget_get_mapped (GTK_WIDGET (dialog)))
    g_main_context_iteration (NULL, TRUE);
  return dialog;
}

static void
close_dialog (SlConnectDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ---- The fields ----------------------------------------------------------- */

static void
test_fields (void)
{
  SlConnectDialog *dialog;
  g_autoptr(SlServerLogin) login = NULL;
  GtkWidget *connect;
  const char *rows[] = { "host_row", "port_row", "database_row", "account_row", "password_row" };
  const char *titles[] = { "Host", "Port", "Database", "Account", "Password" };

  g_settings_reset (settings (), "recent-servers");
  dialog = present ();
  connect = dialog_child (dialog, "connect_button");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (dialog_row (dialog, rows[i]))),
                     ==, titles[i]);
  /* The password is not shown as typed. */
  g_assert_false (gtk_entry_get_visibility (sl_entry_row_get_entry (dialog_row (dialog,
                                                                                "password_row"))));
  /* No recent servers: no list. */
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "recent_scroller")));
  /* The keyboard starts in the first field; Tab goes down the form, one
   * stop a field and one for the keyring switch, then to the buttons.
   */
  sl_test_settle (100);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (i > 0)
        press_tab (dialog);
      assert_focused (dialog, GTK_WIDGET (sl_entry_row_get_entry (dialog_row (dialog, rows[i]))),
                      rows[i]);
    }
  press_tab (dialog);
  assert_focused (dialog, dialog_child (dialog, "remember_switch"), "remember_switch");
  press_tab (dialog);
  assert_focused (dialog, dialog_child (dialog, "cancel_button"), "cancel_button");

  /* A database and an account are needed; the host and port may be libpq's. */
  g_assert_false (gtk_widget_get_sensitive (connect));
  type_into (dialog, "database_row", "expo");
  g_assert_false (gtk_widget_get_sensitive (connect));
  type_into (dialog, "account_row", "desk1");
  g_assert_true (gtk_widget_get_sensitive (connect));
  type_into (dialog, "port_row", "54x2");
  g_assert_false (gtk_widget_get_sensitive (connect));
  g_assert_null (sl_connect_dialog_dup_login (dialog));
  type_into (dialog, "port_row", " 5433 ");
  g_assert_true (gtk_widget_get_sensitive (connect));
  login = sl_connect_dialog_dup_login (dialog);
  g_assert_null (login->host);
  g_assert_cmpstr (login->port, ==, "5433");
  g_assert_cmpstr (login->database, ==, "expo");
  g_assert_cmpstr (login->account, ==, "desk1");
  sl_test_save_screenshot (GTK_WIDGET (dialog), "connect-dialog.png");
  close_dialog (dialog);
}

/* What libpq reads from a connection string: the value of keyword. */
static char *
conninfo_value (const char *conninfo,
                const char *keyword)
{
  char *message = NULL;
  PQconninfoOption *options = PQconninfoParse (conninfo, &message);
  char *value = NULL;

  if (options == NULL)
    g_error ("libpq cannot read %s: %s", conninfo, message);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, keyword) && o->val != NULL)
      value = g_strdup (o->val);
  PQconninfoFree (options);
  return value;
}

static void
test_quoting (void)
{
  g_autoptr(SlServerLogin) login = sl_server_login_new ("/tmp/a folder's socket", "5432",
                                                         "it's \\ mine", "O'Brien desk");
  g_autofree char *conninfo = sl_server_login_dup_conninfo (login, "p'a\\ss word=x");
  g_autofree char *host = conninfo_value (conninfo, "host");
  g_autofree char *port = conninfo_value (conninfo, "port");
  g_autofree char *dbname = conninfo_value (conninfo, "dbname");
  g_autofree char *user = conninfo_value (conninfo, "user");
  g_autofree char *password = conninfo_value (conninfo, "password");
  g_autoptr(SlServerLogin) bare = sl_server_login_new ("", "", "expo", "desk");
  g_autofree char *bare_conninfo = sl_server_login_dup_conninfo (bare, NULL);

  g_assert_cmpstr (host, ==, "/tmp/a folder's socket");
  g_assert_cmpstr (port, ==, "5432");
  g_assert_cmpstr (dbname, ==, "it's \\ mine");
  g_assert_cmpstr (user, ==, "O'Brien desk");
  g_assert_cmpstr (password, ==, "p'a\\ss word=x");
  /* Nothing given is left to libpq, and no empty password is sent. */
  g_assert_cmpstr (bare_conninfo, ==, "dbname='expo' user='desk'");
}

/* ---- A server that is not there -------------------------------------------- */

static gboolean
not_busy (gpointer dialog)
{
  return !sl_connect_dialog_is_busy (dialog);
}

static void
test_error_shown (void)
{
  SlConnectDialog *dialog;
  GtkWidget *error_label;
  g_autofree char *socket_dir = g_dir_make_tmp ("sl-no-server-XXXXXX", NULL);

  g_settings_reset (settings (), "recent-servers");
  dialog = present ();
  error_label = dialog_child (dialog, "error_label");
  /* A socket folder where no server listens. */
  type_into (dialog, "host_row", socket_dir);
  type_into (dialog, "database_row", "expo");
  type_into (dialog, "account_row", "desk1");
  type_into (dialog, "password_row", "secret");
  g_signal_emit_by_name (dialog_child (dialog, "connect_button"), "clicked");
  /* Busy in a worker thread: the spinner turns, nothing can be typed. */
  g_assert_true (sl_connect_dialog_is_busy (dialog));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "spinner")));
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "connect_button")));
  g_assert_false (gtk_editable_get_editable (
    GTK_EDITABLE (sl_entry_row_get_entry (dialog_row (dialog, "host_row")))));

  g_assert_true (sl_test_wait_for (not_busy, dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_test_message ("said: %s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Server unreachable"));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "spinner")));
  /* The whole message is on screen, not cut off by the window. */
  sl_test_wait_for_frame (GTK_WIDGET (dialog));
  sl_test_wait_for_frame (GTK_WIDGET (dialog));
  {
    graphene_rect_t bounds;

    g_assert_true (gtk_widget_compute_bounds (error_label, GTK_WIDGET (dialog), &bounds));
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                       gtk_widget_get_height (GTK_WIDGET (dialog)));
  }
  /* What was typed stays, ready to try again. */
  g_assert_cmpstr (field (dialog, "database_row"), ==, "expo");
  g_assert_cmpstr (field (dialog, "password_row"), ==, "secret");
  g_assert_true (gtk_widget_get_sensitive (dialog_child (dialog, "connect_button")));
  /* Nothing remembered from a failure. */
  {
    g_autoptr(GPtrArray) recent = sl_server_login_list_recent (settings ());

    g_assert_cmpuint (recent->len, ==, 0);
  }
  sl_test_save_screenshot (GTK_WIDGET (dialog), "connect-dialog-error.png");
  close_dialog (dialog);
  g_rmdir (socket_dir);
}

/* ---- Recent servers ---------------------------------------------------------- */

static void
test_recent (void)
{
  g_autoptr(SlServerLogin) first = sl_server_login_new ("10.0.0.2", "5432", "expo", "desk1");
  g_autoptr(SlServerLogin) second = sl_server_login_new (NULL, NULL, "archive", "admin");
  g_autoptr(SlServerLogin) again = sl_server_login_new ("10.0.0.2", "5432", "expo", "desk1");
  g_autoptr(GPtrArray) recent = NULL;
  SlConnectDialog *dialog;
  GtkListBox *list;
  GtkListBoxRow *row;

  g_settings_reset (settings (), "recent-servers");
  sl_server_login_remember (settings (), first);
  sl_server_login_remember (settings (), second);
  sl_server_login_remember (settings (), again);
  /* Newest first, each once. */
  recent = sl_server_login_list_recent (settings ());
  g_assert_cmpuint (recent->len, ==, 2);
  g_assert_true (sl_server_login_equal (recent->pdata[0], first));
  g_assert_true (sl_server_login_equal (recent->pdata[1], second));
  for (guint i = 0; i < SL_SERVER_LOGIN_MAX_RECENT + 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("db%u", i);
      g_autoptr(SlServerLogin) other = sl_server_login_new (NULL, NULL, name, "desk");

      sl_server_login_remember (settings (), other);
    }
  g_clear_pointer (&recent, g_ptr_array_unref);
  recent = sl_server_login_list_recent (settings ());
  g_assert_cmpuint (recent->len, ==, SL_SERVER_LOGIN_MAX_RECENT);
  sl_server_login_remember (settings (), second);
  sl_server_login_remember (settings (), first);

  dialog = present ();
  list = GTK_LIST_BOX (dialog_child (dialog, "recent_list"));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "recent_scroller")));
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "desk1 on expo at 10.0.0.2:5432");
  row = gtk_list_box_get_row_at_index (list, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "admin on archive at localhost");
  g_assert_nonnull (gtk_list_box_get_row_at_index (list, SL_SERVER_LOGIN_MAX_RECENT - 1));
  g_assert_null (gtk_list_box_get_row_at_index (list, SL_SERVER_LOGIN_MAX_RECENT));
  /* The keyboard starts on the newest, above the form; Tab goes down the
   * list (a stop a server, as in any boxed list) and on to the first
   * field.
   */
  sl_test_settle (100);
  for (int i = 0; i < SL_SERVER_LOGIN_MAX_RECENT; i++)
    {
      if (i > 0)
        press_tab (dialog);
      assert_focused (dialog, GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)), "a recent row");
    }
  press_tab (dialog);
  assert_focused (dialog, GTK_WIDGET (sl_entry_row_get_entry (dialog_row (dialog, "host_row"))),
                  "host_row");

  /* Choosing one fills the fields. */
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 0));
  g_assert_cmpstr (field (dialog, "host_row"), ==, "10.0.0.2");
  g_assert_cmpstr (field (dialog, "port_row"), ==, "5432");
  g_assert_cmpstr (field (dialog, "database_row"), ==, "expo");
  g_assert_cmpstr (field (dialog, "account_row"), ==, "desk1");
  g_assert_true (gtk_widget_get_sensitive (dialog_child (dialog, "connect_button")));
  sl_test_save_screenshot (GTK_WIDGET (dialog), "connect-dialog-recent.png");
  close_dialog (dialog);
  g_settings_reset (settings (), "recent-servers");
}

/* ---- The keyring (--keyring) ---------------------------------------------- */

static void
test_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlServerLogin) login = sl_server_login_new ("10.0.0.2", "5432", "expo", "desk1");
  g_autoptr(SlServerLogin) other = sl_server_login_new ("10.0.0.2", "5432", "expo", "desk2");
  g_autoptr(GVariant) kept = NULL;
  g_autofree char *printed = NULL;
  char *password;

  password = sl_server_login_lookup_password (login, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);

  g_assert_true (sl_server_login_store_password (login, "tr0ub4dor&3", NULL, &error));
  g_assert_no_error (error);
  password = sl_server_login_lookup_password (login, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "tr0ub4dor&3");
  sl_server_login_password_free (password);
  /* Another account of the same server has its own. */
  password = sl_server_login_lookup_password (other, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);

  /* The settings hold the server, never its password. */
  sl_server_login_remember (settings (), login);
  kept = g_settings_get_value (settings (), "recent-servers");
  printed = g_variant_print (kept, FALSE);
  g_assert_nonnull (strstr (printed, "desk1"));
  g_assert_null (strstr (printed, "tr0ub4dor"));

  g_assert_true (sl_server_login_clear_password (login, NULL, &error));
  g_assert_no_error (error);
  password = sl_server_login_lookup_password (login, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  g_settings_reset (settings (), "recent-servers");
}

/* ---- A server event through the dialog (--pg) -------------------------------- */

static gboolean
server_window_open (gpointer data)
{
  SlWindow *window = sl_test_find_toplevel (SL_TYPE_WINDOW);

  return window != NULL && sl_window_get_db (window) != NULL
         && sl_test_find_toplevel (SL_TYPE_CONNECT_DIALOG) == NULL;
}

static void
test_connect_server (void)
{
  const char *server = g_getenv ("STARTLINE_TEST_PG");
  g_autofree char *host = conninfo_value (server, "host");
  g_autofree char *port = conninfo_value (server, "port");
  g_autofree char *user = conninfo_value (server, "user");
  g_autofree char *dbname = g_strdup_printf ("sl_connect_%d", (int)getpid ());
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", dbname);
  g_autofree char *location = g_strdup_printf ("%s dbname=%s", server, dbname);
  g_autoptr(SlDb) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlServerLogin) login = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autofree char *last = NULL;
  g_autofree char *kept = NULL;
  SlConnectDialog *dialog;
  SlWindow *window;

  PQclear (sl_test_pg_admin (NULL, create));
  event = sl_db_create (location, "Server Marathon", "2027-04-25", &error);
  g_assert_no_error (error);
  sl_test_db_populate (event);
  sl_entrant_free (sl_test_add_entrant (event, "101", "REF-101", "Ada", "Lovelace", NULL));
  g_clear_object (&event);
  g_settings_reset (settings (), "recent-servers");
  g_settings_set_string (settings (), "last-event", "");

  g_action_group_activate_action (G_ACTION_GROUP (app), "connect", NULL);
  g_assert_true (sl_test_wait_for (sl_test_toplevel_open,
                                   GSIZE_TO_POINTER (SL_TYPE_CONNECT_DIALOG)));
  dialog = sl_test_find_toplevel (SL_TYPE_CONNECT_DIALOG);
  type_into (dialog, "host_row", host);
  type_into (dialog, "port_row", port);
  type_into (dialog, "database_row", dbname);
  type_into (dialog, "account_row", user);
  type_into (dialog, "password_row", "kept in the keyring");
  g_signal_emit_by_name (dialog_child (dialog, "connect_button"), "clicked");
  g_assert_true (sl_test_wait_for (server_window_open, NULL));

  /* The desk of the server event, in a window of its own. */
  window = sl_test_find_toplevel (SL_TYPE_WINDOW);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Server Marathon");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                               SL_TYPE_WINDOW, "main_stack"))),
                   ==, "event");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                    SL_TYPE_WINDOW,
                                                                    "view_stack"))),
                   ==, "desk");
  sl_test_save_screenshot (GTK_WIDGET (window), "connect-server-desk.png");

  /* Remembered as a recent server, with its password in the keyring;
   * never as the last event (its location holds the password).
   */
  last = g_settings_get_string (settings (), "last-event");
  g_assert_cmpstr (last, ==, "");
  recent = sl_server_login_list_recent (settings ());
  g_assert_cmpuint (recent->len, ==, 1);
  login = sl_server_login_new (host, port, dbname, user);
  g_assert_true (sl_server_login_equal (recent->pdata[0], login));
  kept = sl_server_login_lookup_password (login, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, "kept in the keyring");
  sl_test_destroy_toplevels ();
}

int
main (int    argc,
      char **argv)
{
  gboolean pg = argc > 1 && g_str_equal (argv[argc - 1], "--pg");
  gboolean keyring = argc > 1 && g_str_equal (argv[argc - 1], "--keyring");

  if (pg || keyring)
    argc--;
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sl_ensure_resources ();
  app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  if (pg)
    {
      if (g_getenv ("STARTLINE_TEST_PG") == NULL)
        {
          printf ("Bail out! STARTLINE_TEST_PG is not set: run under tests/with-pg-cluster.sh\n");
          return 1;
        }
      g_test_add_func ("/connect-server/desk", test_connect_server);
    }
  else if (keyring)
    g_test_add_func ("/connect-dialog/keyring", test_keyring);
  else
    {
      g_test_add_func ("/connect-dialog/fields", test_fields);
      g_test_add_func ("/connect-dialog/quoting", test_quoting);
      g_test_add_func ("/connect-dialog/error-shown", test_error_shown);
      g_test_add_func ("/connect-dialog/recent", test_recent);
    }
  return g_test_run ();
}
