/* sl-profile-dialog.c — naming and saving a custom export profile
 *
 * A name and one check per column of the core's registry
 * (sl_export_get_columns), each with its sensitivity in words. The core
 * decides the rest (a built-in's name, no column, who may save, and who
 * may then use it: an officer only when a column is special); its
 * refusal is shown under the form and said to a screen reader, with
 * everything chosen kept. The write runs in a worker thread (a GTask:
 * the core has no _async form of sl_db_save_export_profile), on the
 * event's connection behind its lock, so the window never waits for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-entry-row.h"
#include "sl-export.h"
#include "sl-profile-dialog.h"
#include "sl-widgets.h"

struct _SlProfileDialog
{
  AdwWindow            parent_instance;

  SlDb                *db;
  gboolean             saving;
  GtkCheckButton      *checks[SL_N_EXPORT_COLUMNS];

  SlEntryRow          *name_row;
  GtkLabel            *error_label;
  AdwPreferencesGroup *columns_group;
  GtkWidget           *save_button;
};

G_DEFINE_FINAL_TYPE (SlProfileDialog, sl_profile_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
sl_sensitivity_to_label (SlSensitivity sensitivity)
{
  switch (sensitivity)
    {
    case SL_SENSITIVITY_PUBLIC:
      return _("Public");
    case SL_SENSITIVITY_PERSONAL:
      return _("Personal");
    case SL_SENSITIVITY_SPECIAL:
      return _("Special");
    default:
      return _("Personal");
    }
}

GtkCheckButton *
sl_profile_dialog_get_check (SlProfileDialog *self,
                             SlExportColumn   column)
{
  g_return_val_if_fail (SL_IS_PROFILE_DIALOG (self), NULL);
  g_return_val_if_fail ((guint)column < SL_N_EXPORT_COLUMNS, NULL);

  return self->checks[column];
}

gboolean
sl_profile_dialog_get_busy (SlProfileDialog *self)
{
  g_return_val_if_fail (SL_IS_PROFILE_DIALOG (self), FALSE);

  return self->saving;
}

static void
show_error (SlProfileDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    sl_a11y_announce (GTK_WIDGET (self), message);
}

static void
set_saving (SlProfileDialog *self,
            gboolean         saving)
{
  self->saving = saving;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save", !saving);
  /* Not insensitive: the focus stays where a screen reader is. The checks
   * take no clicks meanwhile, and a key on them does nothing (key_pressed_cb).
   */
  gtk_editable_set_editable (GTK_EDITABLE (sl_entry_row_get_entry (self->name_row)), !saving);
  gtk_widget_set_can_target (GTK_WIDGET (self->columns_group), !saving);
  gtk_button_set_label (GTK_BUTTON (self->save_button), saving ? _("Saving…") : _("_Save"));
}

typedef struct
{
  char           *name;
  SlExportColumn *columns;
  guint           n_columns;
} SaveRequest;

static void
save_request_free (gpointer data)
{
  SaveRequest *request = data;

  g_free (request->name);
  g_free (request->columns);
  g_free (request);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveRequest *request = task_data;
  GError *error = NULL;

  if (sl_db_save_export_profile (SL_DB (source_object), request->name, request->columns,
                                 request->n_columns, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlProfileDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  SaveRequest *request = g_task_get_task_data (G_TASK (result));

  /* The write is not cancelled: it finishes as it began, even when the
   * window went meanwhile.
   */
  g_task_propagate_boolean (G_TASK (result), &error);
  if (self->name_row == NULL)
    return;
  set_saving (self, FALSE);
  if (error != NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, request->name);
  gtk_window_close (GTK_WINDOW (self));
}

gboolean
sl_profile_dialog_save (SlProfileDialog *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  SaveRequest *request;
  GArray *columns;

  g_return_val_if_fail (SL_IS_PROFILE_DIALOG (self), FALSE);

  if (self->saving)
    return TRUE;
  name = g_strdup (sl_entry_row_get_text (self->name_row));
  g_strstrip (name);
  if (name[0] == '\0')
    {
      sl_entry_row_set_error (self->name_row, _("Give the profile a name"));
      show_error (self, _("Give the profile a name"));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return FALSE;
    }
  sl_entry_row_set_error (self->name_row, NULL);
  columns = g_array_new (FALSE, FALSE, sizeof (SlExportColumn));
  for (guint c = 0; c < SL_N_EXPORT_COLUMNS; c++)
    if (self->checks[c] != NULL && gtk_check_button_get_active (self->checks[c]))
      g_array_append_val (columns, c);
  if (columns->len == 0)
    {
      g_array_unref (columns);
      show_error (self, _("Choose at least one column"));
      return FALSE;
    }

  show_error (self, NULL);
  request = g_new0 (SaveRequest, 1);
  request->name = g_steal_pointer (&name);
  request->n_columns = columns->len;
  request->columns = (SlExportColumn *)(void *)g_array_free (columns, FALSE);
  set_saving (self, TRUE);
  task = g_task_new (self->db, NULL, save_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, sl_profile_dialog_save);
  g_task_set_task_data (task, request, save_request_free);
  g_task_run_in_thread (task, save_thread);
  return TRUE;
}

/* Space or Enter on a check while the profile is written would change a
 * choice already sent; Escape waits too (close_request).
 */
static gboolean
key_pressed_cb (SlProfileDialog *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  return self->saving ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sl_profile_dialog_save (SL_PROFILE_DIALOG (widget));
}

static void
name_activated_cb (SlProfileDialog *self)
{
  sl_profile_dialog_save (self);
}

/* Closed now, the dialog would seem to drop a save that is still made. */
static gboolean
sl_profile_dialog_close_request (GtkWindow *window)
{
  SlProfileDialog *self = SL_PROFILE_DIALOG (window);

  if (self->saving)
    return TRUE;
  return GTK_WINDOW_CLASS (sl_profile_dialog_parent_class)->close_request (window);
}

static void
sl_profile_dialog_map (GtkWidget *widget)
{
  SlProfileDialog *self = SL_PROFILE_DIALOG (widget);

  GTK_WIDGET_CLASS (sl_profile_dialog_parent_class)->map (widget);
  if (gtk_root_get_focus (GTK_ROOT (self)) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
sl_profile_dialog_dispose (GObject *object)
{
  SlProfileDialog *self = SL_PROFILE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_PROFILE_DIALOG);
  memset (self->checks, 0, sizeof self->checks);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_profile_dialog_parent_class)->dispose (object);
}

static void
sl_profile_dialog_class_init (SlProfileDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_profile_dialog_dispose;
  widget_class->map = sl_profile_dialog_map;
  window_class->close_request = sl_profile_dialog_close_request;

  /**
   * SlProfileDialog::saved:
   * @name: the profile's name as saved
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (SL_TYPE_ENTRY_ROW);
  sl_widgets_ensure_resources ();
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-profile-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlProfileDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlProfileDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlProfileDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, SlProfileDialog, save_button);
  gtk_widget_class_install_action (widget_class, "profile.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_profile_dialog_init (SlProfileDialog *self)
{
  guint n_columns = 0;
  const SlExportColumnInfo *columns = sl_export_get_columns (&n_columns);
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (sl_entry_row_get_entry (self->name_row), "activate",
                            G_CALLBACK (name_activated_cb), self);
  /* One row a column: its header, its sensitivity in words, and a check
   * that the row names (activating the row toggles it).
   */
  for (guint c = 0; c < n_columns && c < SL_N_EXPORT_COLUMNS; c++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(columns[c].header));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   sl_sensitivity_to_label (columns[c].sensitivity));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->columns_group, row);
      self->checks[columns[c].column] = GTK_CHECK_BUTTON (check);
    }
}

SlProfileDialog *
sl_profile_dialog_new (SlDb                 *db,
                       const SlExportColumn *columns,
                       guint                 n_columns)
{
  SlProfileDialog *self;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = g_object_new (SL_TYPE_PROFILE_DIALOG, NULL);
  self->db = g_object_ref (db);
  for (guint i = 0; i < n_columns; i++)
    if ((guint)columns[i] < SL_N_EXPORT_COLUMNS && self->checks[columns[i]] != NULL)
      gtk_check_button_set_active (self->checks[columns[i]], TRUE);
  return self;
}
