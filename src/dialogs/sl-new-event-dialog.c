/* sl-new-event-dialog.c — New Event: the name and date of an event to create
 *
 * Continue… is enabled once both are right; where the file goes is asked
 * next, by whoever listens to "create" (the application).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-core.h"
#include "sl-entry-row.h"
#include "sl-new-event-dialog.h"
#include "sl-widgets.h"

struct _SlNewEventDialog
{
  AdwMessageDialog  parent_instance;

  SlEntryRow       *name_row;
  SlEntryRow       *date_row;
};

G_DEFINE_FINAL_TYPE (SlNewEventDialog, sl_new_event_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  CREATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_name (SlNewEventDialog *self)
{
  GtkEditable *entry = GTK_EDITABLE (sl_entry_row_get_entry (self->name_row));

  return g_strstrip (g_strdup (gtk_editable_get_text (entry)));
}

static const char *
get_date (SlNewEventDialog *self)
{
  return sl_entry_row_get_text (self->date_row);
}

static void
validate_cb (SlNewEventDialog *self)
{
  g_autofree char *name = dup_name (self);
  const char *date = get_date (self);
  gboolean date_ok = sl_date_is_valid_iso (date);

  /* Shown, not said: a date is wrong until its last digit is typed, and a
   * screen reader would speak a message at the first. (Nor is the field
   * marked invalid: see sl_a11y_set_error.) Continue stays disabled.
   */
  sl_entry_row_show_error (self->date_row, !date_ok && *date != '\0');
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "create",
                                           *name != '\0' && date_ok);
}

/* Enter goes on as in a form: from the name to an empty date, else on to
 * Continue… once both are right.
 */
static void
activate_cb (SlNewEventDialog *self,
             GtkEntry         *entry)
{
  GtkEntry *date_entry = sl_entry_row_get_entry (self->date_row);

  if (entry != date_entry && *gtk_editable_get_text (GTK_EDITABLE (date_entry)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (date_entry));
  else if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "create"))
    /* Its button is the default widget: as if it were clicked. */
    gtk_widget_activate_action (GTK_WIDGET (self), "default.activate", NULL);
}

static void
sl_new_event_dialog_response (AdwMessageDialog *dialog,
                              const char       *response)
{
  SlNewEventDialog *self = SL_NEW_EVENT_DIALOG (dialog);

  if (g_strcmp0 (response, "create") == 0)
    {
      g_autofree char *name = dup_name (self);

      g_signal_emit (self, signals[CREATE], 0, name, get_date (self));
    }

  if (ADW_MESSAGE_DIALOG_CLASS (sl_new_event_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (sl_new_event_dialog_parent_class)->response (dialog, response);
}

static void
sl_new_event_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_NEW_EVENT_DIALOG);
  G_OBJECT_CLASS (sl_new_event_dialog_parent_class)->dispose (object);
}

static void
sl_new_event_dialog_class_init (SlNewEventDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = sl_new_event_dialog_dispose;
  dialog_class->response = sl_new_event_dialog_response;

  /**
   * SlNewEventDialog::create:
   * @name: the event's name, trimmed
   * @date: its date, YYYY-MM-DD
   *
   * Continue… was chosen; the dialog has closed.
   */
  signals[CREATE] = g_signal_new ("create", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                  G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (SL_TYPE_ENTRY_ROW);
  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-new-event-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlNewEventDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlNewEventDialog, date_row);
}

static void
sl_new_event_dialog_init (SlNewEventDialog *self)
{
  g_autoptr(GtkSizeGroup) titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The fields are inside their rows, out of the template's reach. */
  for (guint i = 0; i < 2; i++)
    {
      SlEntryRow *row = i == 0 ? self->name_row : self->date_row;
      GtkEntry *entry = sl_entry_row_get_entry (row);

      sl_entry_row_align_title (row, titles);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (validate_cb), self);
      g_signal_connect_swapped (entry, "activate", G_CALLBACK (activate_cb), self);
    }
  validate_cb (self);
}

SlNewEventDialog *
sl_new_event_dialog_present (GtkWindow *parent)
{
  SlNewEventDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (SL_TYPE_NEW_EVENT_DIALOG, "transient-for", parent, NULL);
  gtk_window_present (GTK_WINDOW (self));
  /* Once the dialog is on screen (see src/HACKING.md). */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}
