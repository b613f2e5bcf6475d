/* sl-connect-dialog.c — Connect to Server: open an event on a PostgreSQL server
 *
 * Host, port, database, account and password, or one of the recent
 * servers (the password then comes from the desktop keyring). The
 * connection is made in a worker thread (a GTask): a server that does not
 * answer leaves the window responsive, with a spinner, and its error is
 * said in the dialog, which stays open with what was typed. The password
 * is typed into a GtkPasswordEntryBuffer, put into the connection string
 * only for the worker, and kept only in the keyring (when asked to).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-connect-dialog.h"
#include "sl-entry-row.h"
#include "sl-form-write.h"
#include "sl-widgets.h"

struct _SlConnectDialog
{
  AdwWindow     parent_instance;

  GSettings    *settings;
  GCancellable *cancellable;  /* the connection or lookup under way */
  GPtrArray    *recent;       /* SlServerLogin, as the list shows them */

  GtkButton    *cancel_button;
  GtkButton    *connect_button;
  GtkSpinner   *spinner;
  GtkLabel     *recent_heading;
  GtkWidget    *recent_scroller;
  GtkListBox   *recent_list;
  SlEntryRow   *host_row;
  SlEntryRow   *port_row;
  SlEntryRow   *database_row;
  SlEntryRow   *account_row;
  SlEntryRow   *password_row;
  GtkSwitch    *remember_switch;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (SlConnectDialog, sl_connect_dialog, ADW_TYPE_WINDOW)

enum {
  CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
port_is_valid (const char *port)
{
  guint64 value = 0;
  g_autofree char *trimmed = g_strstrip (g_strdup (port));

  return *trimmed == '\0'
         || (g_ascii_string_to_unsigned (trimmed, 10, 1, 65535, &value, NULL));
}

SlServerLogin *
sl_connect_dialog_dup_login (SlConnectDialog *self)
{
  g_autoptr(SlServerLogin) login = NULL;

  g_return_val_if_fail (SL_IS_CONNECT_DIALOG (self), NULL);

  if (!port_is_valid (sl_entry_row_get_text (self->port_row)))
    return NULL;
  login = sl_server_login_new (sl_entry_row_get_text (self->host_row),
                               sl_entry_row_get_text (self->port_row),
                               sl_entry_row_get_text (self->database_row),
                               sl_entry_row_get_text (self->account_row));
  if (login->database == NULL || login->account == NULL)
    return NULL;
  return g_steal_pointer (&login);
}

gboolean
sl_connect_dialog_is_busy (SlConnectDialog *self)
{
  g_return_val_if_fail (SL_IS_CONNECT_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

static void
validate_cb (SlConnectDialog *self)
{
  g_autoptr(SlServerLogin) login = sl_connect_dialog_dup_login (self);

  if (port_is_valid (sl_entry_row_get_text (self->port_row)))
    sl_entry_row_set_error (self->port_row, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button),
                            !sl_connect_dialog_is_busy (self) && login != NULL);
}

/* A port typed whole that is not one is said when the field is left. */
static void
port_left_cb (SlConnectDialog *self)
{
  if (!port_is_valid (sl_entry_row_get_text (self->port_row)))
    sl_entry_row_set_error (self->port_row, _("The port is a number from 1 to 65535"));
}

static void
set_busy (SlConnectDialog *self,
          gboolean         busy)
{
  SlEntryRow *rows[] = { self->host_row, self->port_row, self->database_row,
                         self->account_row, self->password_row };

  /* Not insensitive: the focus stays where it is, and a screen reader with it. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_editable (GTK_EDITABLE (sl_entry_row_get_entry (rows[i])), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_list), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_switch), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_button_set_label (self->connect_button, busy ? _("Connecting…") : _("C_onnect"));
  validate_cb (self);
}

/* ---- Connecting, in a worker thread ------------------------------------- */

typedef struct
{
  SlServerLogin *login;
  char          *conninfo;   /* holds the password: wiped when freed */
  char          *password;
  gboolean       remember;
} Connection;

static void
wipe_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
connection_free (Connection *connection)
{
  sl_server_login_free (connection->login);
  wipe_free (connection->conninfo);
  wipe_free (connection->password);
  g_free (connection);
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Connection *connection = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  /* For a window: a server gone silent is said within seconds. */
  SlDb *db = sl_db_open_full (connection->conninfo, SL_DB_OPEN_INTERACTIVE, &error);

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Connected: the password is the right one to keep (or forget). */
  if (connection->remember && connection->password != NULL && *connection->password != '\0')
    sl_server_login_store_password (connection->login, connection->password, cancellable,
                                    &keyring_error);
  else if (!connection->remember)
    sl_server_login_clear_password (connection->login, cancellable, &keyring_error);
  if (keyring_error != NULL)
    g_message ("The keyring could not keep the password: %s", keyring_error->message);
  g_task_return_pointer (task, db, g_object_unref);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SlConnectDialog *self = SL_CONNECT_DIALOG (source);
  Connection *connection = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = g_task_propagate_pointer (G_TASK (result), &error);

  /* Cancelled: the dialog is closing. */
  if (!sl_form_write_end (self, &self->cancellable, (SlFormBusyFunc)set_busy, db != NULL, error,
                          self->error_label))
    return;
  sl_server_login_remember (self->settings, connection->login);
  g_signal_emit (self, signals[CONNECTED], 0, db);
  gtk_window_close (GTK_WINDOW (self));
}

static void
connect_clicked_cb (SlConnectDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Connection *connection;

  if (sl_connect_dialog_is_busy (self)
      || !gtk_widget_get_sensitive (GTK_WIDGET (self->connect_button)))
    return;
  connection = g_new0 (Connection, 1);
  connection->login = sl_connect_dialog_dup_login (self);
  g_assert (connection->login != NULL);
  connection->password = g_strdup (sl_entry_row_get_text (self->password_row));
  connection->conninfo = sl_server_login_dup_conninfo (connection->login, connection->password);
  connection->remember = gtk_switch_get_active (self->remember_switch);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, connected_cb, NULL);
  g_task_set_source_tag (task, connect_clicked_cb);
  g_task_set_task_data (task, connection, (GDestroyNotify)connection_free);
  g_task_run_in_thread (task, connect_thread);
}

/* ---- Recent servers ------------------------------------------------------ */

static void
password_found_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  char *password = g_task_propagate_pointer (G_TASK (result), &error);
  SlConnectDialog *self = SL_CONNECT_DIALOG (source);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (password != NULL)
    sl_entry_row_set_text (self->password_row, password);
  sl_server_login_password_free (password);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  char *password = sl_server_login_lookup_password (task_data, cancellable, &error);

  /* No keyring is no password: the person types it. */
  if (error != NULL)
    g_message ("The keyring could not be read: %s", error->message);
  g_task_return_pointer (task, password, (GDestroyNotify)sl_server_login_password_free);
}

void
sl_connect_dialog_choose (SlConnectDialog     *self,
                          const SlServerLogin *login)
{
  g_autoptr(GTask) task = NULL;
  struct { SlEntryRow *row; const char *value; } fields[] = {
    { self->host_row, login->host }, { self->port_row, login->port },
    { self->database_row, login->database }, { self->account_row, login->account },
    { self->password_row, NULL },
  };

  g_return_if_fail (SL_IS_CONNECT_DIALOG (self));
  if (sl_connect_dialog_is_busy (self))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    sl_entry_row_set_text (fields[i].row,
                           fields[i].value != NULL ? fields[i].value : "");
  task = g_task_new (self, NULL, password_found_cb, NULL);
  g_task_set_task_data (task, sl_server_login_new (login->host, login->port, login->database,
                                                   login->account),
                        (GDestroyNotify)sl_server_login_free);
  g_task_run_in_thread (task, lookup_thread);
  gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->password_row)));
}

static void
recent_activated_cb (SlConnectDialog *self,
                     GtkListBoxRow   *row)
{
  int i = gtk_list_box_row_get_index (row);

  if (i >= 0 && (guint)i < self->recent->len)
    sl_connect_dialog_choose (self, self->recent->pdata[i]);
}

static void
fill_recent (SlConnectDialog *self)
{
  g_clear_pointer (&self->recent, g_ptr_array_unref);
  self->recent = sl_server_login_list_recent (self->settings);
  for (guint i = 0; i < self->recent->len; i++)
    {
      g_autofree char *label = sl_server_login_dup_label (self->recent->pdata[i]);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      /* Named by its title (labelled-by): a label of its own as well was
       * read twice over by a screen reader.
       */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->recent_list, row);
    }
  gtk_widget_set_visible (self->recent_scroller, self->recent->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_heading), self->recent->len > 0);
}

/* Enter goes on as in a form: to the next field, then connects. */
static void
activate_cb (SlConnectDialog *self,
             GtkEntry        *entry)
{
  SlEntryRow *rows[] = { self->host_row, self->port_row, self->database_row,
                         self->account_row, self->password_row };

  for (guint i = 0; i + 1 < G_N_ELEMENTS (rows); i++)
    if (GTK_ENTRY (sl_entry_row_get_entry (rows[i])) == entry)
      {
        gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (rows[i + 1])));
        return;
      }
  connect_clicked_cb (self);
}

static void
sl_connect_dialog_dispose (GObject *object)
{
  SlConnectDialog *self = SL_CONNECT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_CONNECT_DIALOG);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->recent, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_connect_dialog_parent_class)->dispose (object);
}

static void
sl_connect_dialog_class_init (SlConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_connect_dialog_dispose;

  /**
   * SlConnectDialog::connected:
   * @event: the server event, open
   *
   * The dialog closes next.
   */
  signals[CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, SL_TYPE_DB);

  g_type_ensure (SL_TYPE_ENTRY_ROW);
  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, recent_heading);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, recent_scroller);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, recent_list);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, SlConnectDialog, error_label);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_connect_dialog_init (SlConnectDialog *self)
{
  g_autoptr(GtkSizeGroup) titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_autoptr(GtkEntryBuffer) buffer = gtk_password_entry_buffer_new ();
  GtkEntry *password;
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  SlEntryRow *rows[] = { self->host_row, self->port_row, self->database_row,
                         self->account_row, self->password_row };

  password = sl_entry_row_get_entry (self->password_row);
  gtk_entry_set_buffer (password, buffer);
  gtk_entry_set_visibility (password, FALSE);
  gtk_entry_set_input_purpose (password, GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_input_purpose (sl_entry_row_get_entry (self->port_row), GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_placeholder_text (sl_entry_row_get_entry (self->host_row),
                                  _("This computer"));
  gtk_entry_set_placeholder_text (sl_entry_row_get_entry (self->port_row), "5432");

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkEntry *entry = sl_entry_row_get_entry (rows[i]);

      sl_entry_row_align_title (rows[i], titles);
      gtk_entry_set_input_hints (entry, GTK_INPUT_HINT_NO_SPELLCHECK);
      g_signal_connect_swapped (entry, "activate", G_CALLBACK (activate_cb), self);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (validate_cb), self);
    }
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (port_left_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (sl_entry_row_get_entry (self->port_row)), focus);
  g_signal_connect_swapped (self->connect_button, "clicked", G_CALLBACK (connect_clicked_cb),
                            self);
  g_signal_connect_swapped (self->recent_list, "row-activated", G_CALLBACK (recent_activated_cb),
                            self);
  validate_cb (self);
}

SlConnectDialog *
sl_connect_dialog_present (GtkWindow *parent,
                           GSettings *settings)
{
  SlConnectDialog *self;
  GtkListBoxRow *recent;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SL_TYPE_CONNECT_DIALOG, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  fill_recent (self);
  gtk_window_present (GTK_WINDOW (self));
  /* Once the dialog is on screen (see src/HACKING.md): the first recent
   * server when there are some, above the form, so that Tab goes down
   * through the dialog and only then to its buttons.
   */
  recent = gtk_list_box_get_row_at_index (self->recent_list, 0);
  if (recent != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (recent));
  else
    gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->host_row)));
  return self;
}
