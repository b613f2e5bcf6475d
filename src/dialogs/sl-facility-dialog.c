/* sl-facility-dialog.c — adding or changing a facility
 *
 * The form is checked as the core checks it (sl_facility_validate) before
 * anything is written, and the core checks again: a capacity below what
 * is confirmed, a name taken, a booked slot that would go. Saving runs in
 * a worker thread (sl_db_add_facility_async, sl_db_update_facility_async);
 * meanwhile the dialog takes no typing and cannot be closed, and after
 * half a second says that it waits for the event file. A refusal is said
 * in the dialog and to a screen reader, with everything typed kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-entry-row.h"
#include "sl-form-write.h"
#include "sl-facilities.h"
#include "sl-facility-dialog.h"
#include "sl-widgets.h"
#include "sl-write-wait.h"

struct _SlFacilityDialog
{
  AdwWindow      parent_instance;

  SlDb          *db;
  SlFacility    *facility;       /* the one changed; NULL: a new one */
  GArray        *slot_lengths;   /* int minutes, the slots row's order (0: drop-in) */
  GArray        *parent_ids;     /* gint64, the parent row's order (0: none) */
  GCancellable  *cancellable;    /* the save under way */
  SlWriteWait    write_wait;

  GtkWidget     *form;
  GtkButton     *save_button;
  AdwComboRow   *kind_row;
  SlEntryRow    *name_row;
  SlEntryRow    *location_row;
  GtkSpinButton *capacity_spin;
  SlEntryRow    *opens_row;
  SlEntryRow    *closes_row;
  AdwComboRow   *slots_row;
  AdwComboRow   *parent_row;
  GtkLabel      *error_label;
};

G_DEFINE_FINAL_TYPE (SlFacilityDialog, sl_facility_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const int common_lengths[] = { 0, 15, 20, 30, 45, 60, 90, 120 };

static void
clear_error_cb (SlFacilityDialog *self)
{
  if (self->cancellable != NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  sl_entry_row_set_error (self->opens_row, NULL);
  sl_entry_row_set_error (self->closes_row, NULL);
}

static void
fill_slot_lengths (SlFacilityDialog *self,
                   int               current)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint chosen = 0;

  for (guint i = 0; i < G_N_ELEMENTS (common_lengths); i++)
    g_array_append_val (self->slot_lengths, common_lengths[i]);
  if (current > 0 && current != 15 && current != 20 && current != 30 && current != 45
      && current != 60 && current != 90 && current != 120)
    g_array_append_val (self->slot_lengths, current);
  for (guint i = 0; i < self->slot_lengths->len; i++)
    {
      int minutes = g_array_index (self->slot_lengths, int, i);
      g_autofree char *label = minutes == 0
                               ? g_strdup (_("Drop-in, no slots"))
                               /* Translators: a choice of slot length. */
                               : g_strdup_printf (_("%d-minute slots"), minutes);

      gtk_string_list_append (labels, label);
      if (minutes == current)
        chosen = i;
    }
  adw_combo_row_set_model (self->slots_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->slots_row, chosen);
}

/* None, and every facility that is not inside another (and not this one). */
static void
fill_parents (SlFacilityDialog *self,
              gint64            current)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) facilities = sl_db_list_facilities (self->db, NULL);
  gint64 none = 0;
  guint chosen = 0;

  gtk_string_list_append (labels, _("None"));
  g_array_append_val (self->parent_ids, none);
  for (guint i = 0; facilities != NULL && i < facilities->len; i++)
    {
      SlFacility *f = g_ptr_array_index (facilities, i);

      if (f->parent_id != 0 || (self->facility != NULL && f->id == self->facility->id))
        continue;
      if (f->id == current)
        chosen = self->parent_ids->len;
      gtk_string_list_append (labels, f->name);
      g_array_append_val (self->parent_ids, f->id);
    }
  adw_combo_row_set_model (self->parent_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->parent_row, chosen);
}

/* The form as a facility; FALSE with the reason said when it cannot be one. */
static gboolean
read_form (SlFacilityDialog *self,
           SlFacility       *out)
{
  g_autoptr(GError) error = NULL;
  guint slot = adw_combo_row_get_selected (self->slots_row);
  guint parent = adw_combo_row_get_selected (self->parent_row);

  out->id = self->facility != NULL ? self->facility->id : 0;
  out->kind = adw_combo_row_get_selected (self->kind_row);
  out->name = g_strstrip (g_strdup (sl_entry_row_get_text (self->name_row)));
  out->location = g_strstrip (g_strdup (sl_entry_row_get_text (self->location_row)));
  if (*out->location == '\0')
    g_clear_pointer (&out->location, g_free);
  gtk_spin_button_update (self->capacity_spin);
  out->capacity = gtk_spin_button_get_value_as_int (self->capacity_spin);
  out->slot_minutes = slot < self->slot_lengths->len
                      ? g_array_index (self->slot_lengths, int, slot) : 0;
  out->parent_id = parent < self->parent_ids->len
                   ? g_array_index (self->parent_ids, gint64, parent) : 0;
  out->closed = self->facility != NULL && self->facility->closed;
  if (!sl_time_of_day_parse (sl_entry_row_get_text (self->opens_row), &out->opens, &error))
    {
      sl_entry_row_set_error (self->opens_row, error->message);
      sl_a11y_show_error_label (self->error_label, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->opens_row)));
      return FALSE;
    }
  if (!sl_time_of_day_parse (sl_entry_row_get_text (self->closes_row), &out->closes, &error))
    {
      sl_entry_row_set_error (self->closes_row, error->message);
      sl_a11y_show_error_label (self->error_label, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->closes_row)));
      return FALSE;
    }
  if (!sl_facility_validate (out, &error))
    {
      sl_a11y_show_error_label (self->error_label, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
set_busy (SlFacilityDialog *self,
          gboolean          busy)
{
  SlEntryRow *rows[] = { self->name_row, self->location_row, self->opens_row, self->closes_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_editable (GTK_EDITABLE (sl_entry_row_get_entry (rows[i])), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->capacity_spin), !busy);
  sl_form_write_set_busy (GTK_WIDGET (self), &self->write_wait, self->form, self->save_button,
                          "facility.save", busy);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlFacilityDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  gboolean ok = sl_db_write_facility_finish (SL_DB (source), result, &id, &error);

  if (!sl_form_write_end (self, &self->cancellable, (SlFormBusyFunc)set_busy, ok, error,
                          self->error_label))
    {
      if (g_error_matches (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY))
        gtk_widget_grab_focus (GTK_WIDGET (self->capacity_spin));
      return;
    }
  if (id == 0 && self->facility != NULL)
    id = self->facility->id;
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

gboolean
sl_facility_dialog_save (SlFacilityDialog *self)
{
  SlFacility facility = { 0 };

  g_return_val_if_fail (SL_IS_FACILITY_DIALOG (self), FALSE);

  if (self->cancellable != NULL)
    return FALSE;
  clear_error_cb (self);
  if (!read_form (self, &facility))
    {
      g_free (facility.name);
      g_free (facility.location);
      return FALSE;
    }
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  if (self->facility == NULL)
    sl_db_add_facility_async (self->db, &facility, self->cancellable, saved_cb,
                              g_object_ref (self));
  else
    sl_db_update_facility_async (self->db, &facility, self->cancellable, saved_cb,
                                 g_object_ref (self));
  g_free (facility.name);
  g_free (facility.location);
  return TRUE;
}

gboolean
sl_facility_dialog_get_busy (SlFacilityDialog *self)
{
  g_return_val_if_fail (SL_IS_FACILITY_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sl_facility_dialog_save (SL_FACILITY_DIALOG (widget));
}

static gboolean
sl_facility_dialog_close_request (GtkWindow *window)
{
  SlFacilityDialog *self = SL_FACILITY_DIALOG (window);

  if (sl_form_write_holds (self->cancellable, &self->write_wait))
    return TRUE;
  return GTK_WINDOW_CLASS (sl_facility_dialog_parent_class)->close_request (window);
}

static void
sl_facility_dialog_dispose (GObject *object)
{
  SlFacilityDialog *self = SL_FACILITY_DIALOG (object);

  sl_form_write_dispose (&self->cancellable, &self->write_wait);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_FACILITY_DIALOG);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_facility_dialog_parent_class)->dispose (object);
}

static void
sl_facility_dialog_finalize (GObject *object)
{
  SlFacilityDialog *self = SL_FACILITY_DIALOG (object);

  g_clear_pointer (&self->facility, sl_facility_free);
  g_array_unref (self->slot_lengths);
  g_array_unref (self->parent_ids);
  G_OBJECT_CLASS (sl_facility_dialog_parent_class)->finalize (object);
}

static void
sl_facility_dialog_class_init (SlFacilityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_facility_dialog_dispose;
  object_class->finalize = sl_facility_dialog_finalize;
  window_class->close_request = sl_facility_dialog_close_request;

  /**
   * SlFacilityDialog::saved:
   * @id: the facility's id
   *
   * The facility is written; the dialog closes next.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (SL_TYPE_ENTRY_ROW);
  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-facility-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SlFacilityDialog, name)
  CHILD (form);
  CHILD (save_button);
  CHILD (kind_row);
  CHILD (name_row);
  CHILD (location_row);
  CHILD (capacity_spin);
  CHILD (opens_row);
  CHILD (closes_row);
  CHILD (slots_row);
  CHILD (parent_row);
  CHILD (error_label);
#undef CHILD

  sl_form_write_class_install_save (widget_class, "facility.save", save_action_cb);
}

static void
sl_facility_dialog_init (SlFacilityDialog *self)
{
  g_autoptr(GtkSizeGroup) titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  SlEntryRow *rows[4];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->slot_lengths = g_array_new (FALSE, FALSE, sizeof (int));
  self->parent_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (int k = 0; k < SL_N_FACILITY_KINDS; k++)
    gtk_string_list_append (kinds, sl_facility_kind_to_label (k));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  rows[0] = self->name_row;
  rows[1] = self->location_row;
  rows[2] = self->opens_row;
  rows[3] = self->closes_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkEntry *entry = sl_entry_row_get_entry (rows[i]);

      sl_entry_row_align_title (rows[i], titles);
      gtk_entry_set_input_hints (entry, GTK_INPUT_HINT_NO_SPELLCHECK);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (clear_error_cb), self);
      g_signal_connect_swapped (entry, "activate", G_CALLBACK (sl_facility_dialog_save), self);
    }
  gtk_editable_set_max_width_chars (GTK_EDITABLE (sl_entry_row_get_entry (self->opens_row)), 6);
  sl_a11y_set_description (GTK_WIDGET (sl_entry_row_get_entry (self->opens_row)),
                           _("The event day's local time, as 08:30"));
  sl_a11y_set_description (GTK_WIDGET (sl_entry_row_get_entry (self->closes_row)),
                           _("The event day's local time, as 12:00"));
  sl_write_wait_hold_keys (&self->write_wait, GTK_WIDGET (self));
}

SlFacilityDialog *
sl_facility_dialog_present (GtkWindow        *parent,
                            SlDb             *db,
                            const SlFacility *facility)
{
  SlFacilityDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = g_object_new (SL_TYPE_FACILITY_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  if (facility != NULL)
    {
      g_autofree char *opens = sl_time_of_day_format (facility->opens);
      g_autofree char *closes = sl_time_of_day_format (facility->closes);
      g_autofree char *title = g_strdup_printf (_("Edit %s"), facility->name);

      self->facility = sl_facility_copy (facility);
      gtk_window_set_title (GTK_WINDOW (self), title);
      adw_combo_row_set_selected (self->kind_row, facility->kind);
      sl_entry_row_set_text (self->name_row, facility->name);
      sl_entry_row_set_text (self->location_row, facility->location);
      gtk_spin_button_set_value (self->capacity_spin, facility->capacity);
      sl_entry_row_set_text (self->opens_row, opens);
      sl_entry_row_set_text (self->closes_row, closes);
    }
  else
    {
      sl_entry_row_set_text (self->opens_row, "08:00");
      sl_entry_row_set_text (self->closes_row, "12:00");
    }
  fill_slot_lengths (self, facility != NULL ? facility->slot_minutes : 30);
  fill_parents (self, facility != NULL ? facility->parent_id : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_window_present (GTK_WINDOW (self));
  /* Once the dialog is on screen (see src/HACKING.md). */
  if (facility != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->name_row)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->kind_row));
  return self;
}
