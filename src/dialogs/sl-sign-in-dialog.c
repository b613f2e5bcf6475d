/* sl-sign-in-dialog.c — Sign In: a staff member's name and passphrase
 *
 * An AdwWindow rather than an AdwMessageDialog: libadwaita 1.2's message
 * dialog closes on every response, and a wrong passphrase must leave the
 * dialog open, the name kept, saying why. The passphrase is typed into a
 * GtkPasswordEntryBuffer (non-pageable memory, cleared when freed), is
 * handed to the core once and is never kept here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-entry-row.h"
#include "sl-sign-in-dialog.h"
#include "sl-widgets.h"

struct _SlSignInDialog
{
  AdwWindow     parent_instance;

  SlDb         *db;
  GCancellable *cancellable;  /* the sign-in under way, cancelled in dispose */

  GtkButton    *cancel_button;
  GtkButton    *sign_in_button;
  SlEntryRow   *name_row;
  SlEntryRow   *passphrase_row;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (SlSignInDialog, sl_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkEditable *
name_entry (SlSignInDialog *self)
{
  return GTK_EDITABLE (sl_entry_row_get_entry (self->name_row));
}

static GtkEditable *
passphrase_entry (SlSignInDialog *self)
{
  return GTK_EDITABLE (sl_entry_row_get_entry (self->passphrase_row));
}

static gboolean
is_busy (SlSignInDialog *self)
{
  return self->cancellable != NULL;
}

static void
validate_cb (SlSignInDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (name_entry (self))));

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            !is_busy (self) && *name != '\0'
                            && *gtk_editable_get_text (passphrase_entry (self)) != '\0');
}

static void
set_busy (SlSignInDialog *self,
          gboolean        busy)
{
  /* Not insensitive: the focus stays in the field, where a screen reader
   * is (GTK 4.8 also loses a focused text's focus-out).
   */
  gtk_editable_set_editable (name_entry (self), !busy);
  gtk_editable_set_editable (passphrase_entry (self), !busy);
  gtk_button_set_label (self->sign_in_button, busy ? _("Signing In…") : _("_Sign In"));
  validate_cb (self);
}

static void
show_error (SlSignInDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  /* A wrong passphrase is typed again: the field is cleared and takes the
   * focus, and a screen reader says why with the field's name.
   */
  gtk_editable_set_text (passphrase_entry (self), "");
  sl_entry_row_set_error (self->passphrase_row, message);
  gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->passphrase_row)));
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = sl_db_sign_in_finish (SL_DB (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (!ok)
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNED_IN], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
sign_in (SlSignInDialog *self)
{
  g_autofree char *name = NULL;

  if (is_busy (self) || !gtk_widget_get_sensitive (GTK_WIDGET (self->sign_in_button)))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (name_entry (self))));
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  /* The core copies the passphrase into memory of its own before this
   * returns.
   */
  sl_db_sign_in_async (self->db, name, gtk_editable_get_text (passphrase_entry (self)),
                       self->cancellable, signed_in_cb, g_object_ref (self));
}

/* Enter goes on as in a form: from the name to the passphrase, then signs
 * in.
 */
static void
activate_cb (SlSignInDialog *self,
             GtkEntry       *entry)
{
  if (GTK_EDITABLE (entry) == name_entry (self))
    gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->passphrase_row)));
  else
    sign_in (self);
}

static void
passphrase_changed_cb (SlSignInDialog *self)
{
  if (*gtk_editable_get_text (passphrase_entry (self)) != '\0')
    sl_entry_row_set_error (self->passphrase_row, NULL);
  validate_cb (self);
}

static void
sl_sign_in_dialog_dispose (GObject *object)
{
  SlSignInDialog *self = SL_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_SIGN_IN_DIALOG);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (sl_sign_in_dialog_parent_class)->dispose (object);
}

static void
sl_sign_in_dialog_class_init (SlSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_sign_in_dialog_dispose;

  /**
   * SlSignInDialog::signed-in:
   *
   * The event's session is now the person's (sl_db_get_staff_name); the
   * dialog closes next.
   */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);

  g_type_ensure (SL_TYPE_ENTRY_ROW);
  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSignInDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, SlSignInDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlSignInDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SlSignInDialog, error_label);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_sign_in_dialog_init (SlSignInDialog *self)
{
  g_autoptr(GtkSizeGroup) titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  GtkEntry *passphrase = NULL;
  g_autoptr(GtkEntryBuffer) buffer = gtk_password_entry_buffer_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The fields are inside their rows, out of the template's reach. */
  passphrase = sl_entry_row_get_entry (self->passphrase_row);
  gtk_entry_set_buffer (passphrase, buffer);
  gtk_entry_set_visibility (passphrase, FALSE);
  gtk_entry_set_input_purpose (passphrase, GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_input_hints (passphrase, GTK_INPUT_HINT_NO_SPELLCHECK);

  for (guint i = 0; i < 2; i++)
    {
      SlEntryRow *row = i == 0 ? self->name_row : self->passphrase_row;
      GtkEntry *entry = sl_entry_row_get_entry (row);

      sl_entry_row_align_title (row, titles);
      g_signal_connect_swapped (entry, "activate", G_CALLBACK (activate_cb), self);
    }
  g_signal_connect_swapped (sl_entry_row_get_entry (self->name_row), "changed",
                            G_CALLBACK (validate_cb), self);
  g_signal_connect_swapped (passphrase, "changed", G_CALLBACK (passphrase_changed_cb), self);
  g_signal_connect_swapped (self->sign_in_button, "clicked", G_CALLBACK (sign_in), self);
  validate_cb (self);
}

SlSignInDialog *
sl_sign_in_dialog_present (GtkWindow *parent,
                           SlDb      *db)
{
  SlSignInDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = g_object_new (SL_TYPE_SIGN_IN_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  gtk_window_present (GTK_WINDOW (self));
  /* Once the dialog is on screen (see src/HACKING.md). */
  gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->name_row)));
  return self;
}
