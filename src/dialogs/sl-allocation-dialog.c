/* sl-allocation-dialog.c — book everyone a needs filter names into a
 * facility's slot, after a preview
 *
 * Opened from the Accessibility page with the page's filters ("everyone
 * approved with a calm-space need in the Blue start"). The officer picks
 * a facility and a slot; the dialog shows at once, before anything is
 * written, who would be confirmed, who would go to the waiting list and
 * at which place, and who already holds a booking for that slot
 * (sl_db_preview_allocation, a read), with the counts. Allocate writes it
 * in one transaction (sl_db_allocate_async) and the list then shows what
 * each person got, which may differ from the preview when someone else
 * booked meanwhile.
 *
 * The write is one at a time: meanwhile the dialog takes no clicks and
 * cannot be closed, says after half a second that it waits for the event
 * file, and says a refusal where the counts are (and to a screen reader).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-allocation-dialog.h"
#include "sl-booking-text.h"
#include "sl-facilities.h"
#include "sl-form-write.h"
#include "sl-widgets.h"
#include "sl-write-wait.h"

struct _SlAllocationDialog
{
  AdwWindow      parent_instance;

  SlDb          *db;
  SlNeedFilter   filter;          /* its strings owned */
  GPtrArray     *facilities;      /* SlFacility, the facility drop-down's order */
  GArray        *slots;           /* int, the slot drop-down's order */
  GPtrArray     *rows;            /* SlAllocationRow: the preview, or the result */
  gboolean       allocated;       /* rows are what was written */
  char          *summary;
  gboolean       filling;         /* setting the drop-downs: no preview yet */

  GCancellable  *cancellable;
  gboolean       busy;
  SlWriteWait    write_wait;

  GtkWidget     *content;
  GtkStack      *stack;
  GtkLabel      *filter_label;
  AdwComboRow   *facility_row;
  AdwComboRow   *slot_row;
  GtkLabel      *summary_label;
  GtkListBox    *preview_list;
  GtkWidget     *allocate_button;
};

G_DEFINE_FINAL_TYPE (SlAllocationDialog, sl_allocation_dialog, ADW_TYPE_WINDOW)

enum {
  ALLOCATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const SlFacility *
chosen_facility (SlAllocationDialog *self)
{
  guint i = adw_combo_row_get_selected (self->facility_row);

  return self->facilities != NULL && i < self->facilities->len
         ? g_ptr_array_index (self->facilities, i) : NULL;
}

static gboolean
chosen_slot (SlAllocationDialog *self,
             int                *slot)
{
  guint i = adw_combo_row_get_selected (self->slot_row);

  if (self->slots == NULL || i >= self->slots->len)
    return FALSE;
  *slot = g_array_index (self->slots, int, i);
  return TRUE;
}

static void
count_rows (GPtrArray *rows,
            guint     *fit,
            guint     *waiting,
            guint     *booked)
{
  *fit = *waiting = *booked = 0;
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const SlAllocationRow *row = g_ptr_array_index (rows, i);

      if (row->already_booked)
        (*booked)++;
      else if (row->outcome == SL_BOOKING_WAITING)
        (*waiting)++;
      else
        (*fit)++;
    }
}

/* "8 fit, 3 to the waiting list, 1 already booked" (or, written, "8
 * confirmed, …").
 */
static char *
dup_counts (GPtrArray *rows,
            gboolean   written)
{
  guint fit, waiting, booked;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  count_rows (rows, &fit, &waiting, &booked);
  if (written)
    /* Translators: how many were booked, "8 confirmed". */
    first = g_strdup_printf (_("%'u confirmed"), fit);
  else
    /* Translators: how many would get a place, "8 fit" ("1 fits"). */
    first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u fits", "%'u fit", fit), fit);
  /* Translators: "3 to the waiting list". */
  second = g_strdup_printf (_("%'u to the waiting list"), waiting);
  /* Translators: "1 already booked" (who holds a booking for the slot). */
  third = g_strdup_printf (_("%'u already booked"), booked);
  /* Translators: the three counts of an allocation, joined. */
  return g_strdup_printf (_("%s, %s, %s"), first, second, third);
}

static void
set_summary (SlAllocationDialog *self,
             const char         *text,
             gboolean            error)
{
  g_free (self->summary);
  self->summary = g_strdup (text);
  gtk_label_set_text (self->summary_label, text);
  /* Said with Allocate too, when the focus comes to it. */
  sl_a11y_set_description (self->allocate_button, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");
}

static void
update_allocate (SlAllocationDialog *self)
{
  guint fit, waiting, booked;

  count_rows (self->rows, &fit, &waiting, &booked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "allocation.allocate",
                                 !self->busy && !self->allocated && fit + waiting > 0);
}

/* ---- The preview ------------------------------------------------------ */

static GtkWidget *
new_person_row (const SlAllocationRow *row,
                gboolean               written)
{
  GtkWidget *action_row = adw_action_row_new ();
  GtkWidget *outcome;
  g_autofree char *name = g_strdup_printf ("%s %s", row->first_name ?: "", row->last_name ?: "");
  g_autofree char *subtitle = NULL;
  g_autofree char *what = NULL;

  if (row->already_booked)
    what = g_strdup (_("Already booked"));
  else if (row->outcome == SL_BOOKING_WAITING)
    {
      g_autofree char *place = sl_ordinal_dup (row->position);

      /* Translators: where a person goes, "Waiting list, 3rd". */
      what = g_strdup_printf (_("Waiting list, %s"), place);
    }
  else
    what = g_strdup (written ? _("Confirmed") : _("Fits"));
  /* Translators: a person in the preview, "bib 40417 · party of 2". */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "bib %s · party of %d",
                                           "bib %s · party of %d", row->party),
                              row->bib ?: "—", row->party);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), g_strstrip (name));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
  outcome = gtk_label_new (what);
  gtk_widget_set_valign (outcome, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (outcome, "sl-chip");
  if (row->already_booked || row->outcome == SL_BOOKING_WAITING)
    gtk_widget_add_css_class (outcome, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), outcome);
  return action_row;
}

static void
show_rows (SlAllocationDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_list))) != NULL)
    gtk_list_box_remove (self->preview_list, child);
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    gtk_list_box_append (self->preview_list,
                         new_person_row (g_ptr_array_index (self->rows, i), self->allocated));
  gtk_widget_set_visible (GTK_WIDGET (self->preview_list),
                          self->rows != NULL && self->rows->len > 0);
}

static void
preview (SlAllocationDialog *self,
         gboolean            say)
{
  g_autoptr(GError) error = NULL;
  const SlFacility *facility = chosen_facility (self);
  g_autofree char *counts = NULL;
  int slot;

  if (self->filling)
    return;
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->allocated = FALSE;
  if (facility == NULL || !chosen_slot (self, &slot))
    {
      set_summary (self, _("Choose a facility and a slot"), FALSE);
      show_rows (self);
      update_allocate (self);
      return;
    }
  self->rows = sl_db_preview_allocation (self->db, facility->id, slot, &self->filter, &error);
  if (self->rows == NULL)
    set_summary (self, error->message, TRUE);
  else if (self->rows->len == 0)
    set_summary (self, _("No one's needs match the filters"), FALSE);
  else
    {
      counts = dup_counts (self->rows, FALSE);
      set_summary (self, counts, FALSE);
    }
  show_rows (self);
  update_allocate (self);
  if (say)
    sl_a11y_announce (GTK_WIDGET (self), self->summary);
}

static void
fill_slots (SlAllocationDialog *self)
{
  const SlFacility *facility = chosen_facility (self);
  g_autoptr(GtkStringList) labels = NULL;

  g_clear_pointer (&self->slots, g_array_unref);
  if (facility != NULL)
    labels = sl_slot_labels_new (self->db, facility, &self->slots);
  else
    labels = gtk_string_list_new (NULL);
  self->filling = TRUE;
  adw_combo_row_set_model (self->slot_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->slot_row, 0);
  self->filling = FALSE;
}

static void
facility_chosen_cb (SlAllocationDialog *self)
{
  if (self->filling)
    return;
  fill_slots (self);
  preview (self, TRUE);
}

static void
slot_chosen_cb (SlAllocationDialog *self)
{
  preview (self, TRUE);
}

gboolean
sl_allocation_dialog_choose (SlAllocationDialog *self,
                             gint64              facility_id,
                             int                 slot)
{
  g_return_val_if_fail (SL_IS_ALLOCATION_DIALOG (self), FALSE);

  if (self->busy)
    return FALSE;
  for (guint i = 0; self->facilities != NULL && i < self->facilities->len; i++)
    if (((SlFacility *)g_ptr_array_index (self->facilities, i))->id == facility_id)
      {
        if (adw_combo_row_get_selected (self->facility_row) != i)
          adw_combo_row_set_selected (self->facility_row, i);
        for (guint s = 0; self->slots != NULL && s < self->slots->len; s++)
          if (g_array_index (self->slots, int, s) == slot)
            {
              if (adw_combo_row_get_selected (self->slot_row) != s)
                adw_combo_row_set_selected (self->slot_row, s);
              else
                preview (self, FALSE);
              return TRUE;
            }
        return FALSE;
      }
  return FALSE;
}

GPtrArray *
sl_allocation_dialog_get_rows (SlAllocationDialog *self)
{
  g_return_val_if_fail (SL_IS_ALLOCATION_DIALOG (self), NULL);
  return self->rows;
}

const char *
sl_allocation_dialog_get_summary (SlAllocationDialog *self)
{
  g_return_val_if_fail (SL_IS_ALLOCATION_DIALOG (self), NULL);
  return self->summary;
}

/* ---- Allocating ------------------------------------------------------- */

static void
set_busy (SlAllocationDialog *self,
          gboolean            busy)
{
  self->busy = busy;
  sl_write_wait_stop (&self->write_wait);
  gtk_widget_set_can_target (self->content, !busy);
  update_allocate (self);
  if (busy)
    sl_write_wait_start (&self->write_wait, GTK_WIDGET (self), NULL);
}

static void
allocated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlAllocationDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *place = NULL;
  g_autofree char *times = NULL;
  g_autofree char *said = NULL;
  const SlFacility *facility = chosen_facility (self);
  int slot = SL_SLOT_DAY;
  guint chosen;

  if (!sl_db_allocate_finish (SL_DB (source), result, &written, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      /* The preview stays, to try again or change. */
      set_summary (self, error->message, TRUE);
      sl_a11y_announce (GTK_WIDGET (self), error->message);
      return;
    }
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = g_steal_pointer (&written);
  self->allocated = TRUE;
  chosen_slot (self, &slot);
  counts = dup_counts (self->rows, TRUE);
  place = facility != NULL ? sl_facility_dup_place (facility) : g_strdup ("");
  times = facility != NULL ? sl_slot_dup_label (facility, slot) : g_strdup ("");
  /* Translators: what an allocation wrote, "Allocated to Calm space,
   * Finish, 08:30–09:00: 8 confirmed, 3 to the waiting list, 1 already booked".
   */
  said = g_strdup_printf (_("Allocated to %s, %s: %s"), place, times, counts);
  set_summary (self, said, FALSE);
  show_rows (self);
  /* The slots' figures changed; the same slot stays chosen. */
  chosen = adw_combo_row_get_selected (self->slot_row);
  fill_slots (self);
  self->filling = TRUE;
  adw_combo_row_set_selected (self->slot_row, chosen);
  self->filling = FALSE;
  update_allocate (self);
  sl_a11y_announce (GTK_WIDGET (self), said);
  g_signal_emit (self, signals[ALLOCATED], 0);
}

gboolean
sl_allocation_dialog_allocate (SlAllocationDialog *self)
{
  const SlFacility *facility;
  guint fit, waiting, booked;
  int slot;

  g_return_val_if_fail (SL_IS_ALLOCATION_DIALOG (self), FALSE);

  facility = chosen_facility (self);
  count_rows (self->rows, &fit, &waiting, &booked);
  if (self->busy || self->allocated || fit + waiting == 0 || facility == NULL
      || !chosen_slot (self, &slot))
    return FALSE;
  set_busy (self, TRUE);
  sl_db_allocate_async (self->db, facility->id, slot, self->rows, self->cancellable,
                        allocated_cb, g_object_ref (self));
  return TRUE;
}

gboolean
sl_allocation_dialog_get_busy (SlAllocationDialog *self)
{
  g_return_val_if_fail (SL_IS_ALLOCATION_DIALOG (self), FALSE);
  return self->busy;
}

static void
allocate_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  sl_allocation_dialog_allocate (SL_ALLOCATION_DIALOG (widget));
}

/* ---- The dialog ------------------------------------------------------- */

static gboolean
sl_allocation_dialog_close_request (GtkWindow *window)
{
  SlAllocationDialog *self = SL_ALLOCATION_DIALOG (window);

  /* A write under way finishes; the dialog waits for it. */
  if (self->busy)
    {
      sl_write_wait_say_now (&self->write_wait);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (sl_allocation_dialog_parent_class)->close_request (window);
}

static void
sl_allocation_dialog_map (GtkWidget *widget)
{
  SlAllocationDialog *self = SL_ALLOCATION_DIALOG (widget);

  GTK_WIDGET_CLASS (sl_allocation_dialog_parent_class)->map (widget);
  /* Once on screen (see src/HACKING.md). */
  if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "preview"))
    gtk_widget_grab_focus (GTK_WIDGET (self->facility_row));
}

static void
sl_allocation_dialog_dispose (GObject *object)
{
  SlAllocationDialog *self = SL_ALLOCATION_DIALOG (object);

  sl_form_write_dispose (&self->cancellable, &self->write_wait);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_ALLOCATION_DIALOG);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_allocation_dialog_parent_class)->dispose (object);
}

static void
sl_allocation_dialog_finalize (GObject *object)
{
  SlAllocationDialog *self = SL_ALLOCATION_DIALOG (object);

  g_free ((char *)self->filter.type_code);
  g_free ((char *)self->filter.start_area);
  g_free ((char *)self->filter.text);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  g_clear_pointer (&self->slots, g_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->summary);
  G_OBJECT_CLASS (sl_allocation_dialog_parent_class)->finalize (object);
}

static void
sl_allocation_dialog_class_init (SlAllocationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_allocation_dialog_dispose;
  object_class->finalize = sl_allocation_dialog_finalize;
  widget_class->map = sl_allocation_dialog_map;
  window_class->close_request = sl_allocation_dialog_close_request;

  /**
   * SlAllocationDialog::allocated:
   *
   * The allocation is written; the dialog shows what each person got.
   */
  signals[ALLOCATED] = g_signal_new ("allocated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-allocation-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SlAllocationDialog, name)
  CHILD (content);
  CHILD (stack);
  CHILD (filter_label);
  CHILD (facility_row);
  CHILD (slot_row);
  CHILD (summary_label);
  CHILD (preview_list);
  CHILD (allocate_button);
#undef CHILD

  gtk_widget_class_install_action (widget_class, "allocation.allocate", NULL,
                                   allocate_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "allocation.allocate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_allocation_dialog_init (SlAllocationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->facility_row, "notify::selected",
                            G_CALLBACK (facility_chosen_cb), self);
  g_signal_connect_swapped (self->slot_row, "notify::selected",
                            G_CALLBACK (slot_chosen_cb), self);
  update_allocate (self);
}

SlAllocationDialog *
sl_allocation_dialog_new (SlDb               *db,
                          const SlNeedFilter *filter,
                          const char         *filter_text,
                          GError            **error)
{
  g_autoptr(GtkStringList) labels = NULL;
  g_autofree char *described = NULL;
  SlAllocationDialog *self;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  self = g_object_new (SL_TYPE_ALLOCATION_DIALOG, NULL);
  self->db = g_object_ref (db);
  self->filter = *filter;
  self->filter.type_code = g_strdup (filter->type_code);
  self->filter.start_area = g_strdup (filter->start_area);
  self->filter.text = g_strdup (filter->text);
  if (!(self->facilities = sl_facilities_dup_open (db, error)))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }

  /* Translators: whom an allocation is for, "Everyone whose needs are
   * listed: Approved · Neurodivergent · Blue".
   */
  described = g_strdup_printf (_("Everyone whose needs are listed: %s"),
                               filter_text != NULL && *filter_text != '\0'
                               ? filter_text : _("every need"));
  gtk_label_set_text (self->filter_label, described);

  labels = sl_facility_labels_new (self->facilities);
  self->filling = TRUE;
  adw_combo_row_set_model (self->facility_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->facility_row, 0);
  self->filling = FALSE;
  fill_slots (self);
  gtk_stack_set_visible_child_name (self->stack,
                                    self->facilities->len > 0 ? "preview" : "no-facilities");
  preview (self, FALSE);
  return self;
}
