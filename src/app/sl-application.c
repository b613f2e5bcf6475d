/* sl-application.c — the Startline application: settings, windows, actions
 *
 * One window per event file: opening a file that is already open presents
 * its window. GApplication makes a second `startline FILE` forward FILE to
 * the first instance, which then does the same. `startline postgresql://…`
 * opens an event on a server the same way (GIO holds the URI as a file
 * that is not local).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib-unix.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-core.h"
#include "sl-application.h"
#include "sl-connect-dialog.h"
#include "sl-new-event-dialog.h"
#include "sl-preferences-window.h"
#include "sl-widgets.h"
#include "sl-window.h"

struct _SlApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  gboolean        read_only;   /* --read-only */
};

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, ADW_TYPE_APPLICATION)

void
sl_ensure_resources (void)
{
  sl_widgets_ensure_resources ();
}

GSettings *
sl_application_get_settings (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);

  return self->settings;
}

static SlWindow *
find_window (SlApplication *self,
             GFile         *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SL_IS_WINDOW (l->data) && sl_window_has_file (l->data, file))
      return l->data;
  return NULL;
}

/* A window showing no event yet is reused rather than left empty behind. */
static SlWindow *
find_empty_window (SlApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (SL_IS_WINDOW (l->data) && sl_window_get_db (l->data) == NULL)
      return l->data;
  return NULL;
}

static SlWindow *
ensure_window (SlApplication *self)
{
  SlWindow *window = find_empty_window (self);

  if (window == NULL)
    window = sl_window_new (GTK_APPLICATION (self), self->settings);
  return window;
}

/* remember: the event is a file, opened again at the next start; a
 * server event never is (its location may hold a password).
 */
static void
show_window_for_db (SlApplication *self,
                    SlDb          *db,
                    gboolean       remember)
{
  SlWindow *window = ensure_window (self);

  sl_window_set_db (window, db);
  if (remember)
    g_settings_set_string (self->settings, "last-event", sl_db_get_path (db));
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_error (SlApplication *self,
            const char    *heading,
            const char    *message)
{
  SlWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  sl_window_show_error (window, heading, message);
}

static SlDbOpenFlags
get_open_flags (SlApplication *self)
{
  return SL_DB_OPEN_DEFER_CHECK | SL_DB_OPEN_INTERACTIVE
         | (self->read_only ? SL_DB_OPEN_READ_ONLY : 0);
}

static void
open_server_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SlApplication *self = source_object;
  g_autoptr(GError) error = NULL;
  SlDb *db = sl_db_open_full (task_data, get_open_flags (self), &error);

  if (db != NULL)
    g_task_return_pointer (task, db, g_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
server_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SlApplication *self = SL_APPLICATION (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = g_task_propagate_pointer (G_TASK (result), &error);

  /* Never remembered as the last event: the location may hold a password. */
  if (db != NULL)
    show_window_for_db (self, db, FALSE);
  else
    show_error (self, _("Cannot Open Event"), error->message);
  g_application_release (G_APPLICATION (self));
}

/* `startline postgresql://…`: the server is reached in a worker (a host
 * that does not answer takes libpq's connect_timeout), meanwhile the
 * window is there, empty, and the application is held.
 */
static void
open_server (SlApplication *self,
             const char    *location)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, server_opened_cb, NULL);

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
  g_application_hold (G_APPLICATION (self));
  g_task_set_source_tag (task, open_server);
  g_task_set_task_data (task, g_strdup (location), g_free);
  g_task_run_in_thread (task, open_server_thread);
}

static void
open_file (SlApplication *self,
           GFile         *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *path = g_file_get_path (file);
  SlWindow *window;

  if ((window = find_window (self, file)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      /* GIO keeps a postgresql:// URI as it was given, as a file that is
       * not local: an event on a server.
       */
      if (sl_db_location_is_server (uri))
        {
          open_server (self, uri);
          return;
        }
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a local file; copy it to this computer first"), uri);
    }
  else
    db = sl_db_open_full (path, get_open_flags (self), &error);

  /* Refused, the core has left the file as it was; say why. */
  if (db != NULL)
    show_window_for_db (self, db, TRUE);
  else
    show_error (self, _("Cannot Open Event"), error->message);
}

static GtkFileFilter *
create_event_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Event Files"));
  gtk_file_filter_add_pattern (filter, "*.startline");
  gtk_file_filter_add_pattern (filter, "*.sqlite");
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");
  gtk_file_filter_add_mime_type (filter, "application/x-sqlite3");
  return filter;
}

/* A modal file chooser of event files over the active window. */
static GtkFileChooserNative *
create_file_chooser (SlApplication        *self,
                     const char           *title,
                     GtkFileChooserAction  action,
                     const char           *accept_label)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GtkFileFilter) filter = create_event_filter ();
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (title, parent, action, accept_label, _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  return dialog;
}

/* The application holds on while the chooser is open: response_cb
 * releases it.
 */
static void
show_file_chooser (SlApplication        *self,
                   GtkFileChooserNative *dialog,
                   GCallback             response_cb,
                   gpointer              user_data)
{
  g_signal_connect (dialog, "response", response_cb, user_data);
  g_application_hold (G_APPLICATION (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Back to the window a cancelled file chooser was opened from, where a
 * scan goes: where no window manager hands the keyboard back (a kiosk
 * session, a test's display), it was left with no window at all.
 */
static void
return_to_parent (GtkWindow *parent)
{
  if (parent != NULL)
    gtk_window_present (parent);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  SlApplication *self = user_data;
  /* Asked first: destroying the dialog forgets it. */
  GtkWindow *parent = gtk_native_dialog_get_transient_for (dialog);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  if (file != NULL)
    open_file (self, file);
  else
    return_to_parent (parent);
  g_object_unref (dialog);
  g_application_release (G_APPLICATION (self));
}

static void
open_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SlApplication *self = user_data;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  dialog = create_file_chooser (self, _("Open Event"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  show_file_chooser (self, dialog, G_CALLBACK (open_response_cb), self);
}

typedef struct
{
  SlApplication *app;
  char          *name;
  char          *date;
} NewEvent;

static void
new_event_free (NewEvent *new_event)
{
  g_clear_object (&new_event->app);
  g_free (new_event->name);
  g_free (new_event->date);
  g_free (new_event);
}

static void
create_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  NewEvent *new_event = user_data;
  SlApplication *self = new_event->app;
  GtkWindow *parent = gtk_native_dialog_get_transient_for (dialog);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlDb) db = NULL;

      if (path == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     _("New events can only be saved on this computer"));
      else
        db = sl_db_create (path, new_event->name, new_event->date, &error);

      if (db != NULL)
        show_window_for_db (self, db, TRUE);
      else
        show_error (self, _("Cannot Create Event"), error->message);
    }
  gtk_native_dialog_destroy (dialog);
  if (response != GTK_RESPONSE_ACCEPT)
    return_to_parent (parent);
  g_object_unref (dialog);
  g_application_release (G_APPLICATION (self));
  new_event_free (new_event);
}

static void
choose_new_file (SlApplication *self,
                 const char    *name,
                 const char    *date)
{
  GtkFileChooserNative *dialog;
  g_autofree char *suggested = g_strdup_printf ("%s.startline", name);
  NewEvent *new_event = g_new0 (NewEvent, 1);

  new_event->app = g_object_ref (self);
  new_event->name = g_strdup (name);
  new_event->date = g_strdup (date);

  /* Path separators in an event name would make a folder, not a file. */
  g_strdelimit (suggested, "/\\", '-');

  dialog = create_file_chooser (self, _("New Event"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                _("_Create"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  show_file_chooser (self, dialog, G_CALLBACK (create_response_cb), new_event);
}

static void
new_event_create_cb (SlNewEventDialog *dialog,
                     const char       *name,
                     const char       *date,
                     SlApplication    *self)
{
  choose_new_file (self, name, date);
}

static void
new_action_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  SlApplication *self = user_data;
  SlNewEventDialog *dialog;

  dialog = sl_new_event_dialog_present (gtk_application_get_active_window (GTK_APPLICATION (self)));
  g_signal_connect (dialog, "create", G_CALLBACK (new_event_create_cb), self);
}

static void
connected_cb (SlConnectDialog *dialog,
              SlDb            *db,
              SlApplication   *self)
{
  show_window_for_db (self, db, FALSE);
}

static void
connect_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  SlApplication *self = user_data;
  SlConnectDialog *dialog;

  dialog = sl_connect_dialog_present (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                      self->settings);
  g_signal_connect_object (dialog, "connected", G_CALLBACK (connected_cb), self, 0);
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SlApplication *self = user_data;

  sl_preferences_window_present (self->settings,
                                 gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SlApplication *self = user_data;
  static const char *developers[] = { "The Startline developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Startline"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Startline developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://startline.example.org/",
                         "issue-url", "https://startline.example.org/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "comments", _("Check in marathon entrants at a registration desk"),
                         NULL);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SlApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window saves its size before the application goes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

/* A desk machine shutting down (or Ctrl+C in a terminal) closes the event
 * files properly, so the write-ahead log is folded back into them.
 */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_actions[] = {
  { "open", open_action_cb },
  { "new", new_action_cb },
  { "connect", connect_action_cb },
  { "preferences", preferences_action_cb },
  { "about", about_action_cb },
  { "quit", quit_action_cb },
};

static void
sl_application_startup (GApplication *application)
{
  SlApplication *self = SL_APPLICATION (application);

  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.open", { "<Control>o", NULL } },
    /* Ctrl+N adds an entrant on the entrants page; a new event is rarer. */
    { "app.new", { "<Control><Shift>n", NULL } },
    { "app.connect", { "<Control><Shift>o", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.view-desk", { "<Alt>1", NULL } },
    { "win.view-entrants", { "<Alt>2", NULL } },
    { "win.view-accessibility", { "<Alt>3", NULL } },
    { "win.view-facilities", { "<Alt>4", NULL } },
    { "win.view-exports", { "<Alt>6", NULL } },
    { "win.view-charities", { "<Alt>5", NULL } },
    { "win.sign-in", { "<Control><Shift>l", NULL } },
    { "win.lock", { "<Control>l", NULL } },
  };

  G_APPLICATION_CLASS (sl_application_parent_class)->startup (application);

  g_unix_signal_add (SIGTERM, quit_on_signal_cb, self);
  g_unix_signal_add (SIGINT, quit_on_signal_cb, self);

  g_set_application_name (_("Startline"));
  gtk_window_set_default_icon_name (APP_ID);
  sl_a11y_watch_windows ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

static void
sl_application_activate (GApplication *application)
{
  SlApplication *self = SL_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *last = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  last = g_settings_get_string (self->settings, "last-event");
  if (*last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (last);

      open_file (self, file);
      return;
    }

  gtk_window_present (GTK_WINDOW (ensure_window (self)));
}

static void
sl_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  SlApplication *self = SL_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    open_file (self, files[i]);
}

/* `startline 'host=… dbname=…'`: GIO would take a connection string for
 * a file's name in the current folder; written as the postgresql:// URI
 * of the same connection, it reaches open_file as a server event, here or
 * in the instance already running. Options (-…) are left as they are.
 * After "--" nothing is an option; GIO would open "--" itself as a file,
 * so it is taken out and every argument after it written as a URI, which
 * no option parser mistakes for an option ("-old.startline" included).
 */
static gboolean
sl_application_local_command_line (GApplication   *application,
                                   char         ***arguments,
                                   int            *exit_status)
{
  char **argv = *arguments;
  gboolean options_ended = FALSE;

  for (int i = 1; argv[i] != NULL; i++)
    {
      char *uri;

      if (!options_ended && g_str_equal (argv[i], "--"))
        {
          g_free (argv[i]);
          memmove (&argv[i], &argv[i + 1], (g_strv_length (&argv[i + 1]) + 1) * sizeof (char *));
          options_ended = TRUE;
          i--;
          continue;
        }
      if (sl_db_location_is_server (argv[i]) && (options_ended || argv[i][0] != '-'))
        uri = sl_db_location_dup_uri (argv[i]);
      else if (options_ended)
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);

          uri = g_file_get_uri (file);
        }
      else
        continue;
      g_free (argv[i]);
      argv[i] = uri;
    }
  return G_APPLICATION_CLASS (sl_application_parent_class)->local_command_line (application,
                                                                              arguments,
                                                                              exit_status);
}

/* --read-only holds for this process's windows only: an instance already
 * running would open the file for writing, so that is refused.
 */
static int
sl_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  SlApplication *self = SL_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_contains (options, "read-only"))
    return -1;
  self->read_only = TRUE;
  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("startline: %s\n", error->message);
      return 1;
    }
  if (g_application_get_is_remote (application))
    {
      g_printerr ("startline: %s\n",
                  _("--read-only needs a Startline of its own: close the one that is running "
                    "first"));
      return 1;
    }
  return -1;
}

static void
sl_application_dispose (GObject *object)
{
  SlApplication *self = SL_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_application_parent_class)->dispose (object);
}

static void
sl_application_class_init (SlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sl_application_dispose;
  app_class->startup = sl_application_startup;
  app_class->activate = sl_application_activate;
  app_class->open = sl_application_open;
  app_class->handle_local_options = sl_application_handle_local_options;
  app_class->local_command_line = sl_application_local_command_line;
}

static void
sl_application_init (SlApplication *self)
{
  /* Before startup, so that GtkApplication finds style.css and
   * gtk/help-overlay.ui under the app id's resource path.
   */
  sl_ensure_resources ();
  self->settings = sl_settings_new ();
  g_application_add_main_option (G_APPLICATION (self), "read-only", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Open events for reading only: nothing can be changed"),
                                 NULL);
}

SlApplication *
sl_application_new (void)
{
  return g_object_new (SL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
