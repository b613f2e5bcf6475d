/* sl-charity-dialog.c — adding or changing a charity
 *
 * The form is checked as the core checks it (sl_charity_validate, the
 * minimum pledge read by sl_money_parse) before anything is written, and
 * the core checks again (a name taken, the role). Saving runs in a worker
 * thread (sl_db_save_charity_async); meanwhile the dialog takes no typing
 * and cannot be closed, and after half a second says that it waits for
 * the event file. A refusal is said in the dialog and to a screen reader,
 * with everything typed kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-charities-async.h"
#include "sl-charity-dialog.h"
#include "sl-entry-row.h"
#include "sl-form-write.h"
#include "sl-widgets.h"
#include "sl-write-wait.h"

struct _SlCharityDialog
{
  AdwWindow      parent_instance;

  SlDb          *db;
  SlCharity     *charity;        /* the one changed; NULL: a new one */
  GCancellable  *cancellable;    /* the save under way */
  SlWriteWait    write_wait;

  GtkWidget     *form;
  GtkButton     *save_button;
  SlEntryRow    *name_row;
  SlEntryRow    *number_row;
  AdwComboRow   *bond_row;
  GtkSpinButton *places_spin;
  SlEntryRow    *pledge_row;
  GtkLabel      *error_label;
};

G_DEFINE_FINAL_TYPE (SlCharityDialog, sl_charity_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The bond row's order. */
static const SlCharityBond bonds[] = {
  SL_CHARITY_BOND_GOLDEN, SL_CHARITY_BOND_SILVER, SL_CHARITY_BOND_NONE
};

static void
clear_error_cb (SlCharityDialog *self)
{
  if (self->cancellable != NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  sl_entry_row_set_error (self->pledge_row, NULL);
}

/* The form into out (its text borrowed from the form); FALSE, said, when
 * it is refused.
 */
static gboolean
read_form (SlCharityDialog *self,
           SlCharity       *out)
{
  g_autoptr(GError) error = NULL;
  guint bond = adw_combo_row_get_selected (self->bond_row);

  if (self->charity != NULL)
    *out = *self->charity;
  out->name = (char *)sl_entry_row_get_text (self->name_row);
  out->registered_number = (char *)sl_entry_row_get_text (self->number_row);
  out->bond = bond < G_N_ELEMENTS (bonds) ? bonds[bond] : SL_CHARITY_BOND_NONE;
  gtk_spin_button_update (self->places_spin);
  out->places_allocated = gtk_spin_button_get_value_as_int (self->places_spin);
  if (!sl_money_parse (sl_entry_row_get_text (self->pledge_row), &out->minimum_pledge_pence,
                       &error))
    {
      sl_entry_row_set_error (self->pledge_row, error->message);
      sl_a11y_show_error_label (self->error_label, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->pledge_row)));
      return FALSE;
    }
  if (!sl_charity_validate (out, &error))
    {
      sl_a11y_show_error_label (self->error_label, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->name_row)));
      return FALSE;
    }
  return TRUE;
}

static void
set_busy (SlCharityDialog *self,
          gboolean         busy)
{
  SlEntryRow *rows[] = { self->name_row, self->number_row, self->pledge_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_editable (GTK_EDITABLE (sl_entry_row_get_entry (rows[i])), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->places_spin), !busy);
  sl_form_write_set_busy (GTK_WIDGET (self), &self->write_wait, self->form, self->save_button,
                          "charity.save", busy);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlCharityDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  gboolean ok = sl_db_save_charity_finish (SL_DB (source), result, &id, &error);

  if (!sl_form_write_end (self, &self->cancellable, (SlFormBusyFunc)set_busy, ok, error,
                          self->error_label))
    return;
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

gboolean
sl_charity_dialog_save (SlCharityDialog *self)
{
  SlCharity charity = { 0 };

  g_return_val_if_fail (SL_IS_CHARITY_DIALOG (self), FALSE);

  if (self->cancellable != NULL)
    return FALSE;
  clear_error_cb (self);
  if (!read_form (self, &charity))
    return FALSE;
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  sl_db_save_charity_async (self->db, &charity, self->cancellable, saved_cb, g_object_ref (self));
  return TRUE;
}

gboolean
sl_charity_dialog_get_busy (SlCharityDialog *self)
{
  g_return_val_if_fail (SL_IS_CHARITY_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sl_charity_dialog_save (SL_CHARITY_DIALOG (widget));
}

static gboolean
sl_charity_dialog_close_request (GtkWindow *window)
{
  SlCharityDialog *self = SL_CHARITY_DIALOG (window);

  if (sl_form_write_holds (self->cancellable, &self->write_wait))
    return TRUE;
  return GTK_WINDOW_CLASS (sl_charity_dialog_parent_class)->close_request (window);
}

static void
sl_charity_dialog_dispose (GObject *object)
{
  SlCharityDialog *self = SL_CHARITY_DIALOG (object);

  sl_form_write_dispose (&self->cancellable, &self->write_wait);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_CHARITY_DIALOG);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_charity_dialog_parent_class)->dispose (object);
}

static void
sl_charity_dialog_finalize (GObject *object)
{
  SlCharityDialog *self = SL_CHARITY_DIALOG (object);

  g_clear_pointer (&self->charity, sl_charity_free);
  G_OBJECT_CLASS (sl_charity_dialog_parent_class)->finalize (object);
}

static void
sl_charity_dialog_class_init (SlCharityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_charity_dialog_dispose;
  object_class->finalize = sl_charity_dialog_finalize;
  window_class->close_request = sl_charity_dialog_close_request;

  /**
   * SlCharityDialog::saved:
   * @id: the charity's id
   *
   * The charity is written; the dialog closes next.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SL_TYPE_ENTRY_ROW);
  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-charity-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SlCharityDialog, name)
  CHILD (form);
  CHILD (save_button);
  CHILD (name_row);
  CHILD (number_row);
  CHILD (bond_row);
  CHILD (places_spin);
  CHILD (pledge_row);
  CHILD (error_label);
#undef CHILD

  sl_form_write_class_install_save (widget_class, "charity.save", save_action_cb);
}

static void
sl_charity_dialog_init (SlCharityDialog *self)
{
  g_autoptr(GtkSizeGroup) titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  SlEntryRow *rows[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (bonds); i++)
    {
      g_autofree char *label = NULL;
      guint entries = sl_charity_bond_entries_per_year (bonds[i]);

      if (entries > 0)
        /* Translators: a bond and what it holds, "Golden Bond, 4 entries a year". */
        label = g_strdup_printf (_("%s, %u entries a year"), sl_charity_bond_to_label (bonds[i]),
                                 entries);
      else
        label = g_strdup (sl_charity_bond_to_label (bonds[i]));
      gtk_string_list_append (labels, label);
    }
  adw_combo_row_set_model (self->bond_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->bond_row, G_N_ELEMENTS (bonds) - 1);
  rows[0] = self->name_row;
  rows[1] = self->number_row;
  rows[2] = self->pledge_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkEntry *entry = sl_entry_row_get_entry (rows[i]);

      sl_entry_row_align_title (rows[i], titles);
      gtk_entry_set_input_hints (entry, GTK_INPUT_HINT_NO_SPELLCHECK);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (clear_error_cb), self);
      g_signal_connect_swapped (entry, "activate", G_CALLBACK (sl_charity_dialog_save), self);
    }
  sl_a11y_set_description (GTK_WIDGET (sl_entry_row_get_entry (self->pledge_row)),
                           _("In pounds, as 2000 or £2,000.00"));
  sl_write_wait_hold_keys (&self->write_wait, GTK_WIDGET (self));
}

static SlCharity *
charity_copy (const SlCharity *charity)
{
  SlCharity *copy = g_memdup2 (charity, sizeof *charity);

  copy->name = g_strdup (charity->name);
  copy->registered_number = g_strdup (charity->registered_number);
  copy->contact_name = g_strdup (charity->contact_name);
  copy->contact_email = g_strdup (charity->contact_email);
  return copy;
}

SlCharityDialog *
sl_charity_dialog_present (GtkWindow       *parent,
                           SlDb            *db,
                           const SlCharity *charity)
{
  SlCharityDialog *self;
  g_autofree char *pledge = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = g_object_new (SL_TYPE_CHARITY_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  if (charity != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Edit %s"), charity->name);

      self->charity = charity_copy (charity);
      gtk_window_set_title (GTK_WINDOW (self), title);
      sl_entry_row_set_text (self->name_row, charity->name);
      sl_entry_row_set_text (self->number_row, charity->registered_number);
      for (guint i = 0; i < G_N_ELEMENTS (bonds); i++)
        if (bonds[i] == charity->bond)
          adw_combo_row_set_selected (self->bond_row, i);
      gtk_spin_button_set_value (self->places_spin, (double)charity->places_allocated);
      pledge = sl_money_dup_plain (charity->minimum_pledge_pence);
    }
  else
    pledge = g_strdup ("2000.00");
  sl_entry_row_set_text (self->pledge_row, pledge);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_window_present (GTK_WINDOW (self));
  /* Once the dialog is on screen (see src/HACKING.md). */
  gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->name_row)));
  return self;
}
