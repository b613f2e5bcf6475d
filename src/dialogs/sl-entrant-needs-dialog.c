/* sl-entrant-needs-dialog.c — one entrant's needs, people linked and markers
 *
 * Opened from the Accessibility page for the selected row's entrant: every
 * need of theirs (each opens the need editor), their identifier markers
 * (a switch each, written as it is turned), the people linked to them
 * either way (guide, support runner, assistant; each can be removed) and
 * a form that links one more: a runner by bib, or an assistant who is not
 * running by name, phone and pass number. Their facility bookings (the
 * facility, slot, status and place on a waiting list), each of which can
 * be cancelled (the dialog says who was promoted in its place), and a form
 * that books one more: a facility, a slot and the party, which starts as
 * the entrant and the people linked to support them.
 *
 * Writes go through the async calls of sl-needs.h, one at a time: the
 * dialog takes no clicks meanwhile, says after half a second that it
 * waits for the event file, and says a refusal in a toast (and to a
 * screen reader), with the form as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-booking-text.h"
#include "sl-entrant-needs-dialog.h"
#include "sl-entrants.h"
#include "sl-entry-row.h"
#include "sl-facilities.h"
#include "sl-form-write.h"
#include "sl-need-editor.h"
#include "sl-needs.h"
#include "sl-widgets.h"
#include "sl-write-wait.h"

struct _SlEntrantNeedsDialog
{
  AdwWindow            parent_instance;

  SlDb                *db;
  gint64               entrant_id;
  guint                markers;       /* as stored */
  gboolean             loading;       /* setting switches: write nothing */

  AdwToastOverlay     *toast_overlay;
  GtkWidget           *page;
  AdwPreferencesGroup *needs_group;
  AdwPreferencesGroup *markers_group;
  AdwPreferencesGroup *links_group;
  AdwComboRow         *kind_row;
  SlEntryRow          *bib_row;
  SlEntryRow          *name_row;
  SlEntryRow          *phone_row;
  SlEntryRow          *pass_row;
  GPtrArray           *need_rows;     /* rows added to needs_group */
  GPtrArray           *link_rows;     /* rows added to links_group */
  GtkSwitch           *marker_switches[SL_N_MARKERS];
  AdwPreferencesGroup *bookings_group;
  GPtrArray           *booking_rows;  /* rows added to bookings_group */
  AdwComboRow         *facility_row;
  AdwComboRow         *slot_row;
  GtkSpinButton       *party_spin;
  GPtrArray           *facilities;    /* SlFacility, every one (to describe bookings) */
  GPtrArray           *open;          /* borrowed from facilities: the drop-down's */
  GArray              *slots;         /* int, the slot drop-down's */
  char                *message;       /* the last thing said */
  char                *booking;       /* the booking under way, in words */

  GCancellable        *cancellable;
  gboolean             busy;
  gboolean             adding;        /* the write under way adds a link */
  SlWriteWait          write_wait;
};

G_DEFINE_FINAL_TYPE (SlEntrantNeedsDialog, sl_entrant_needs_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
say (SlEntrantNeedsDialog *self,
     const char           *message)
{
  g_autoptr(AdwToast) toast = adw_toast_new (message);

  g_free (self->message);
  self->message = g_strdup (message);

  adw_toast_set_timeout (toast, 0);
  sl_add_toast (self->toast_overlay, g_steal_pointer (&toast));
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* A row that says the group lists nothing, and why. */
static void
add_empty_row (AdwPreferencesGroup *group,
               GPtrArray           *rows,
               const char          *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

/* ---- Needs ------------------------------------------------------------ */

static gboolean load_needs (SlEntrantNeedsDialog *self, GError **error);

static void
need_saved_cb (SlEntrantNeedsDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!load_needs (self, &error))
    say (self, error->message);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
need_row_activated_cb (AdwActionRow         *row,
                       SlEntrantNeedsDialog *self)
{
  gint64 need_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "need-id"));
  g_autoptr(GError) error = NULL;
  SlNeedEditor *editor = sl_need_editor_new (self->db, need_id, &error);

  if (editor == NULL)
    {
      say (self, error->message);
      return;
    }
  g_signal_connect_object (editor, "saved", G_CALLBACK (need_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (editor));
}

static gboolean
load_needs (SlEntrantNeedsDialog  *self,
            GError               **error)
{
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  g_autoptr(GPtrArray) needs = NULL;

  filter.entrant_id = self->entrant_id;
  if (!(needs = sl_db_list_needs (self->db, &filter, error)))
    return FALSE;
  clear_rows (self->needs_group, self->need_rows);
  for (guint i = 0; i < needs->len; i++)
    {
      SlNeed *need = g_ptr_array_index (needs, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), need->type_label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sl_need_status_to_label (need->status));
      gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Open"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "need-id", GSIZE_TO_POINTER ((gsize)need->id));
      g_signal_connect (row, "activated", G_CALLBACK (need_row_activated_cb), self);
      adw_preferences_group_add (self->needs_group, row);
      g_ptr_array_add (self->need_rows, row);
    }
  if (needs->len == 0)
    add_empty_row (self->needs_group, self->need_rows, _("No needs recorded"));
  return TRUE;
}

/* ---- Writes ----------------------------------------------------------- */

static void
set_busy (SlEntrantNeedsDialog *self,
          gboolean              busy)
{
  self->busy = busy;
  sl_write_wait_stop (&self->write_wait);
  gtk_widget_set_can_target (self->page, !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrant-needs.add-link", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrant-needs.book",
                                 !busy && self->open != NULL && self->open->len > 0);
  if (busy)
    sl_write_wait_start (&self->write_wait, GTK_WIDGET (self), NULL);
}

static gboolean load_links (SlEntrantNeedsDialog *self, GError **error);
static void load_markers (SlEntrantNeedsDialog *self);

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlEntrantNeedsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) load_error = NULL;

  if (!sl_db_write_need_finish (SL_DB (source), result, NULL, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    say (self, error->message);
  else if (self->adding)
    {
      sl_entry_row_set_text (self->bib_row, "");
      sl_entry_row_set_text (self->name_row, "");
      sl_entry_row_set_text (self->phone_row, "");
      sl_entry_row_set_text (self->pass_row, "");
    }
  self->adding = FALSE;
  /* What is stored, whichever way the write went. */
  load_markers (self);
  if (!load_links (self, &load_error))
    say (self, load_error->message);
  if (error == NULL)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- Markers ---------------------------------------------------------- */

static void
load_markers (SlEntrantNeedsDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!sl_db_get_markers (self->db, self->entrant_id, &self->markers, &error))
    say (self, error->message);
  self->loading = TRUE;
  for (SlMarker m = 0; m < SL_N_MARKERS; m++)
    gtk_switch_set_active (self->marker_switches[m], (self->markers & (1u << m)) != 0);
  self->loading = FALSE;
}

void
sl_entrant_needs_dialog_set_marker (SlEntrantNeedsDialog *self,
                                    SlMarker              marker,
                                    gboolean              on)
{
  g_return_if_fail (SL_IS_ENTRANT_NEEDS_DIALOG (self));
  g_return_if_fail (marker < SL_N_MARKERS);

  if (self->busy || ((self->markers & (1u << marker)) != 0) == on)
    return;
  set_busy (self, TRUE);
  sl_db_set_marker_async (self->db, self->entrant_id, marker, on, self->cancellable, written_cb,
                          g_object_ref (self));
}

static void
marker_switched_cb (GtkSwitch            *sw,
                    GParamSpec           *pspec,
                    SlEntrantNeedsDialog *self)
{
  if (self->loading)
    return;
  for (SlMarker m = 0; m < SL_N_MARKERS; m++)
    if (self->marker_switches[m] == sw)
      sl_entrant_needs_dialog_set_marker (self, m, gtk_switch_get_active (sw));
}

static void
add_marker_rows (SlEntrantNeedsDialog *self)
{
  for (SlMarker m = 0; m < SL_N_MARKERS; m++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();

      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sl_marker_to_label (m));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      adw_preferences_group_add (self->markers_group, row);
      self->marker_switches[m] = GTK_SWITCH (sw);
      g_signal_connect (sw, "notify::active", G_CALLBACK (marker_switched_cb), self);
    }
}

/* ---- Facility bookings ------------------------------------------------ */

static const SlFacility *
find_facility (SlEntrantNeedsDialog *self,
               gint64                facility_id)
{
  for (guint i = 0; self->facilities != NULL && i < self->facilities->len; i++)
    if (((SlFacility *)g_ptr_array_index (self->facilities, i))->id == facility_id)
      return g_ptr_array_index (self->facilities, i);
  return NULL;
}

static void
freed_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data);

static void
cancel_booking_clicked_cb (GtkButton            *button,
                           SlEntrantNeedsDialog *self)
{
  sl_entrant_needs_dialog_cancel_booking (
    self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "booking-id")));
}

gboolean
sl_entrant_needs_dialog_cancel_booking (SlEntrantNeedsDialog *self,
                                        gint64                booking_id)
{
  g_return_val_if_fail (SL_IS_ENTRANT_NEEDS_DIALOG (self), FALSE);

  if (self->busy || booking_id <= 0)
    return FALSE;
  set_busy (self, TRUE);
  sl_db_cancel_booking_async (self->db, booking_id, self->cancellable, freed_cb,
                              g_object_ref (self));
  return TRUE;
}

static GtkWidget *
new_booking_row (SlEntrantNeedsDialog *self,
                 const SlBooking      *booking)
{
  const SlFacility *facility = find_facility (self, booking->facility_id);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *cancel = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  g_autofree char *place = facility != NULL ? sl_facility_dup_place (facility)
                                            : g_strdup (booking->facility_name ?: "");
  g_autofree char *when = sl_booking_dup_when (booking, facility);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;

  if (booking->link_id != 0 && booking->companion_name != NULL)
    /* Translators: a booking's slot, status, party and whose it is,
     * "08:30–09:00, confirmed · party of 2 · for Pat Lee".
     */
    subtitle = g_strdup_printf (_("%s · party of %d · for %s"), when, booking->party,
                                booking->companion_name);
  else
    /* Translators: a booking's slot, status and party, "08:30–09:00, confirmed · party of 2". */
    subtitle = g_strdup_printf (_("%s · party of %d"), when, booking->party);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), place);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (cancel, "flat");
  /* Translators: the button that cancels a booking, "Cancel the booking
   * at Calm space, Finish, 08:30–09:00, confirmed".
   */
  name = g_strdup_printf (_("Cancel the booking at %s, %s"), place, when);
  gtk_widget_set_tooltip_text (cancel, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_data (G_OBJECT (cancel), "booking-id", GSIZE_TO_POINTER ((gsize)booking->id));
  g_signal_connect (cancel, "clicked", G_CALLBACK (cancel_booking_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), cancel);
  return row;
}

static void
fill_slots (SlEntrantNeedsDialog *self)
{
  guint i = adw_combo_row_get_selected (self->facility_row);
  guint chosen = adw_combo_row_get_selected (self->slot_row);
  const SlFacility *facility = self->open != NULL && i < self->open->len
                               ? g_ptr_array_index (self->open, i) : NULL;
  g_autoptr(GtkStringList) labels = NULL;

  g_clear_pointer (&self->slots, g_array_unref);
  labels = facility != NULL ? sl_slot_labels_new (self->db, facility, &self->slots)
                            : gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->slot_row, G_LIST_MODEL (labels));
  if (self->slots != NULL && chosen < self->slots->len)
    adw_combo_row_set_selected (self->slot_row, chosen);
}

/* The facilities (for the drop-down, and to describe bookings) and the
 * entrant's bookings.
 */
static gboolean
load_bookings (SlEntrantNeedsDialog  *self,
               GError               **error)
{
  SlBookingFilter filter = SL_BOOKING_FILTER_INIT;
  g_autoptr(GPtrArray) facilities = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GtkStringList) labels = NULL;
  guint chosen = adw_combo_row_get_selected (self->facility_row);
  gint64 chosen_id = self->open != NULL && chosen < self->open->len
                     ? ((SlFacility *)g_ptr_array_index (self->open, chosen))->id : 0;

  filter.entrant_id = self->entrant_id;
  if (!(facilities = sl_db_list_facilities (self->db, error))
      || !(bookings = sl_db_list_bookings (self->db, &filter, error)))
    return FALSE;
  g_clear_pointer (&self->open, g_ptr_array_unref);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  self->facilities = g_steal_pointer (&facilities);
  self->open = g_ptr_array_new ();
  chosen = 0;
  for (guint i = 0; i < self->facilities->len; i++)
    {
      SlFacility *facility = g_ptr_array_index (self->facilities, i);

      if (facility->closed)
        continue;
      if (facility->id == chosen_id)
        chosen = self->open->len;
      g_ptr_array_add (self->open, facility);
    }
  labels = sl_facility_labels_new (self->open);
  adw_combo_row_set_model (self->facility_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->facility_row, chosen);
  fill_slots (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrant-needs.book",
                                 !self->busy && self->open->len > 0);

  clear_rows (self->bookings_group, self->booking_rows);
  for (guint i = 0; i < bookings->len; i++)
    {
      GtkWidget *row = new_booking_row (self, g_ptr_array_index (bookings, i));

      adw_preferences_group_add (self->bookings_group, row);
      g_ptr_array_add (self->booking_rows, row);
    }
  if (bookings->len == 0)
    add_empty_row (self->bookings_group, self->booking_rows,
                   self->facilities->len > 0 ? _("No bookings") : _("No facilities yet"));
  return TRUE;
}

static void
reload_bookings (SlEntrantNeedsDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!load_bookings (self, &error))
    say (self, error->message);
}

static void
freed_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlEntrantNeedsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) promoted = NULL;
  g_autoptr(GString) said = NULL;

  if (!sl_db_free_booking_finish (SL_DB (source), result, &promoted, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  reload_bookings (self);
  if (error != NULL)
    {
      say (self, error->message);
      return;
    }
  said = g_string_new (_("Booking cancelled"));
  if (promoted == NULL || promoted->len == 0)
    g_string_append (said, _("; no one was waiting for the place"));
  for (guint i = 0; promoted != NULL && i < promoted->len; i++)
    {
      SlBooking *booking = g_ptr_array_index (promoted, i);
      g_autofree char *who = booking->companion_name != NULL && booking->link_id != 0
                             ? g_strdup (booking->companion_name)
                             : g_strdup_printf (_("%s %s (bib %s)"), booking->first_name ?: "",
                                                booking->last_name ?: "", booking->bib ?: "—");

      /* Translators: after "Booking cancelled", who was promoted from
       * the waiting list into the places freed.
       */
      g_string_append_printf (said, i == 0 ? _("; promoted from the waiting list: %s")
                                           : _(", %s"), who);
    }
  say (self, said->str);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
booked_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlEntrantNeedsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *said = NULL;
  SlBookResult book = { 0 };

  if (!sl_db_book_finish (SL_DB (source), result, &book, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  reload_bookings (self);
  if (error != NULL)
    {
      say (self, error->message);
      return;
    }
  status = sl_booking_dup_status (book.status, book.position);
  /* Translators: a booking made, "Booked Calm space, Finish, 08:30–09:00:
   * confirmed" (or "waiting, 3rd").
   */
  said = g_strdup_printf (_("Booked %s: %s"), self->booking ?: "", status);
  say (self, said);
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
sl_entrant_needs_dialog_book (SlEntrantNeedsDialog *self)
{
  guint f, s;
  const SlFacility *facility;
  g_autofree char *place = NULL;
  g_autofree char *times = NULL;

  g_return_val_if_fail (SL_IS_ENTRANT_NEEDS_DIALOG (self), FALSE);

  if (self->busy)
    return FALSE;
  f = adw_combo_row_get_selected (self->facility_row);
  s = adw_combo_row_get_selected (self->slot_row);
  if (self->open == NULL || f >= self->open->len || self->slots == NULL || s >= self->slots->len)
    {
      say (self, _("Choose a facility and a slot to book"));
      return FALSE;
    }
  facility = g_ptr_array_index (self->open, f);
  place = sl_facility_dup_place (facility);
  times = sl_slot_dup_label (facility, g_array_index (self->slots, int, s));
  g_free (self->booking);
  /* Translators: what is booked, "Calm space, Finish, 08:30–09:00". */
  self->booking = g_strdup_printf (_("%s, %s"), place, times);
  set_busy (self, TRUE);
  sl_db_book_async (self->db, facility->id, self->entrant_id, 0,
                    g_array_index (self->slots, int, s),
                    gtk_spin_button_get_value_as_int (self->party_spin), self->cancellable,
                    booked_cb, g_object_ref (self));
  return TRUE;
}

const char *
sl_entrant_needs_dialog_get_message (SlEntrantNeedsDialog *self)
{
  g_return_val_if_fail (SL_IS_ENTRANT_NEEDS_DIALOG (self), NULL);
  return self->message;
}

static void
book_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sl_entrant_needs_dialog_book (SL_ENTRANT_NEEDS_DIALOG (widget));
}

/* ---- Links ------------------------------------------------------------ */

static void
remove_link_cb (GtkButton            *button,
                SlEntrantNeedsDialog *self)
{
  gint64 link_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "link-id"));

  if (self->busy)
    return;
  set_busy (self, TRUE);
  sl_db_remove_link_async (self->db, link_id, self->cancellable, written_cb, g_object_ref (self));
}

static GtkWidget *
new_link_row (SlEntrantNeedsDialog *self,
              const SlEntrantLink  *link)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  gboolean supports = link->entrant_id != self->entrant_id;
  const char *kind = sl_link_kind_to_label (link->kind);
  g_autofree char *who = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  GString *subtitle = g_string_new (NULL);

  if (link->other_name != NULL || link->other_bib != NULL)
    who = link->other_bib != NULL
          ? g_strdup_printf (_("%s (bib %s)"), link->other_name ?: "", link->other_bib)
          : g_strdup (link->other_name);
  else
    who = g_strdup (link->companion_name ?: "");
  if (supports)
    /* Translators: this entrant is the guide (%s kind) of another (%s). */
    title = g_strdup_printf (_("%s for %s"), kind, who);
  else
    title = g_strdup_printf (_("%s: %s"), kind, who);

  if (link->linked_entrant_id > 0 || supports)
    g_string_append (subtitle, link->other_checked_in ? _("Checked in") : _("Not checked in"));
  else
    {
      g_string_append (subtitle, _("Not running"));
      if (link->companion_phone != NULL)
        g_string_append_printf (subtitle, _(", phone %s"), link->companion_phone);
      if (link->companion_pass != NULL)
        g_string_append_printf (subtitle, _(", pass %s"), link->companion_pass);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  g_string_free (subtitle, TRUE);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  /* Translators: the button that removes a link, %s who is linked. */
  name = g_strdup_printf (_("Remove the link with %s"), who);
  gtk_widget_set_tooltip_text (remove, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_data (G_OBJECT (remove), "link-id", GSIZE_TO_POINTER ((gsize)link->id));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_link_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static gboolean
load_links (SlEntrantNeedsDialog  *self,
            GError               **error)
{
  g_autoptr(GPtrArray) links = sl_db_list_links (self->db, self->entrant_id, error);
  int supporters = 0;

  if (links == NULL)
    return FALSE;
  clear_rows (self->links_group, self->link_rows);
  for (guint i = 0; i < links->len; i++)
    {
      SlEntrantLink *link = g_ptr_array_index (links, i);
      GtkWidget *row = new_link_row (self, link);

      adw_preferences_group_add (self->links_group, row);
      g_ptr_array_add (self->link_rows, row);
      if (link->entrant_id == self->entrant_id)
        supporters++;
    }
  /* A booking's party: the entrant and those who support them. */
  gtk_spin_button_set_value (self->party_spin, MIN (1 + supporters, SL_PARTY_MAX));
  if (links->len == 0)
    add_empty_row (self->links_group, self->link_rows, _("No one linked"));
  return TRUE;
}

/* A guide or support runner is an entrant (a bib); an assistant either
 * an entrant or a companion with a name, phone and pass.
 */
static void
kind_chosen_cb (SlEntrantNeedsDialog *self)
{
  gboolean assistant = adw_combo_row_get_selected (self->kind_row) == SL_LINK_ASSISTANT;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->bib_row),
                                 assistant ? _("_Bib, if they run") : _("_Bib of the runner"));
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), assistant);
  gtk_widget_set_visible (GTK_WIDGET (self->phone_row), assistant);
  gtk_widget_set_visible (GTK_WIDGET (self->pass_row), assistant);
}

gboolean
sl_entrant_needs_dialog_add_link (SlEntrantNeedsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bib = NULL;
  SlEntrantLink link = { 0 };

  g_return_val_if_fail (SL_IS_ENTRANT_NEEDS_DIALOG (self), FALSE);

  if (self->busy)
    return TRUE;
  link.entrant_id = self->entrant_id;
  link.kind = adw_combo_row_get_selected (self->kind_row);
  bib = sl_entry_row_dup_text (self->bib_row);
  sl_entry_row_set_error (self->bib_row, NULL);
  if (bib != NULL)
    {
      g_autoptr(SlEntrant) other = sl_db_dup_entrant_by_code (self->db, bib, &error);

      if (other == NULL)
        {
          sl_entry_row_set_error (self->bib_row, error->message);
          say (self, error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->bib_row));
          return FALSE;
        }
      link.linked_entrant_id = other->id;
    }
  else if (link.kind == SL_LINK_ASSISTANT)
    {
      link.companion_name = sl_entry_row_dup_text (self->name_row);
      link.companion_phone = sl_entry_row_dup_text (self->phone_row);
      link.companion_pass = sl_entry_row_dup_text (self->pass_row);
    }
  if (!sl_entrant_link_validate (&link, &error))
    {
      GtkWidget *field = link.kind == SL_LINK_ASSISTANT && bib == NULL
                         ? GTK_WIDGET (self->name_row) : GTK_WIDGET (self->bib_row);

      sl_entry_row_set_error (SL_ENTRY_ROW (field), error->message);
      say (self, error->message);
      gtk_widget_grab_focus (field);
      g_free (link.companion_name);
      g_free (link.companion_phone);
      g_free (link.companion_pass);
      return FALSE;
    }
  set_busy (self, TRUE);
  self->adding = TRUE;
  sl_db_add_link_async (self->db, &link, self->cancellable, written_cb, g_object_ref (self));
  g_free (link.companion_name);
  g_free (link.companion_phone);
  g_free (link.companion_pass);
  return TRUE;
}

gboolean
sl_entrant_needs_dialog_get_busy (SlEntrantNeedsDialog *self)
{
  g_return_val_if_fail (SL_IS_ENTRANT_NEEDS_DIALOG (self), FALSE);
  return self->busy;
}

static void
add_link_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  sl_entrant_needs_dialog_add_link (SL_ENTRANT_NEEDS_DIALOG (widget));
}

/* ---- The dialog ------------------------------------------------------- */

static gboolean
sl_entrant_needs_dialog_close_request (GtkWindow *window)
{
  SlEntrantNeedsDialog *self = SL_ENTRANT_NEEDS_DIALOG (window);

  if (self->busy)
    {
      sl_write_wait_say_now (&self->write_wait);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (sl_entrant_needs_dialog_parent_class)->close_request (window);
}

static void
sl_entrant_needs_dialog_map (GtkWidget *widget)
{
  SlEntrantNeedsDialog *self = SL_ENTRANT_NEEDS_DIALOG (widget);

  GTK_WIDGET_CLASS (sl_entrant_needs_dialog_parent_class)->map (widget);
  if (self->need_rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->need_rows, 0));
}

static void
sl_entrant_needs_dialog_dispose (GObject *object)
{
  SlEntrantNeedsDialog *self = SL_ENTRANT_NEEDS_DIALOG (object);

  sl_form_write_dispose (&self->cancellable, &self->write_wait);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_ENTRANT_NEEDS_DIALOG);
  g_clear_pointer (&self->need_rows, g_ptr_array_unref);
  g_clear_pointer (&self->link_rows, g_ptr_array_unref);
  g_clear_pointer (&self->booking_rows, g_ptr_array_unref);
  g_clear_pointer (&self->open, g_ptr_array_unref);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  g_clear_pointer (&self->slots, g_array_unref);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->booking, g_free);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_entrant_needs_dialog_parent_class)->dispose (object);
}

static void
sl_entrant_needs_dialog_class_init (SlEntrantNeedsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_entrant_needs_dialog_dispose;
  widget_class->map = sl_entrant_needs_dialog_map;
  window_class->close_request = sl_entrant_needs_dialog_close_request;

  /* A need, link or marker of the entrant was written. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  sl_widgets_ensure_resources ();
  g_type_ensure (SL_TYPE_ENTRY_ROW);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-entrant-needs-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SlEntrantNeedsDialog, name)
  CHILD (toast_overlay);
  CHILD (page);
  CHILD (needs_group);
  CHILD (markers_group);
  CHILD (links_group);
  CHILD (kind_row);
  CHILD (bib_row);
  CHILD (name_row);
  CHILD (phone_row);
  CHILD (pass_row);
  CHILD (bookings_group);
  CHILD (facility_row);
  CHILD (slot_row);
  CHILD (party_spin);
#undef CHILD

  gtk_widget_class_install_action (widget_class, "entrant-needs.add-link", NULL,
                                   add_link_action_cb);
  gtk_widget_class_install_action (widget_class, "entrant-needs.book", NULL, book_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_entrant_needs_dialog_init (SlEntrantNeedsDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkSizeGroup) titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  SlEntryRow *rows[] = { NULL, NULL, NULL, NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->need_rows = g_ptr_array_new ();
  self->link_rows = g_ptr_array_new ();
  self->booking_rows = g_ptr_array_new ();
  g_signal_connect_swapped (self->facility_row, "notify::selected", G_CALLBACK (fill_slots),
                            self);

  for (SlLinkKind k = 0; k < SL_N_LINK_KINDS; k++)
    gtk_string_list_append (kinds, sl_link_kind_to_label (k));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (kind_chosen_cb), self);
  add_marker_rows (self);

  rows[0] = self->bib_row;
  rows[1] = self->name_row;
  rows[2] = self->phone_row;
  rows[3] = self->pass_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      sl_entry_row_align_title (rows[i], titles);
      g_signal_connect_swapped (sl_entry_row_get_entry (rows[i]), "activate",
                                G_CALLBACK (sl_entrant_needs_dialog_add_link), self);
    }
}

SlEntrantNeedsDialog *
sl_entrant_needs_dialog_new (SlDb    *db,
                             gint64   entrant_id,
                             GError **error)
{
  g_autoptr(SlEntrant) entrant = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  SlEntrantNeedsDialog *self;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = g_object_new (SL_TYPE_ENTRANT_NEEDS_DIALOG, NULL);
  self->db = g_object_ref (db);
  self->entrant_id = entrant_id;
  if (!(entrant = sl_db_dup_entrant (db, entrant_id, error))
      || !load_needs (self, error)
      || !load_links (self, error)
      || !load_bookings (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  load_markers (self);
  name = sl_entrant_dup_full_name (entrant);
  /* Translators: the entrant needs dialog's title: name and bib. */
  title = g_strdup_printf (_("%s, bib %s"), name, entrant->bib ?: "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  return self;
}
