/* sl-facilities-page.c — the event's facilities
 *
 * Every facility with its capacity and its figures (confirmed, waiting,
 * inside now) in a list; for the selected one its slots as a timeline of
 * bars (SlSlotTimeline: booked against capacity, each bar a focusable item
 * a screen reader reads as text), and for the selected slot its bookings
 * and its waiting list with their positions. Everyone sees it (the door
 * staff open Door Mode from here); adding, editing, closing early,
 * reopening, cancelling and marking a no-show are shown only to those
 * allowed SL_ACTION_MANAGE_FACILITIES, Export Roster… to them and to
 * exporters, and the core checks again.
 *
 * Reads are the facilities service's (a few dozen facilities, a few
 * hundred bookings of a slot); writes go through its _async calls, one at
 * a time: meanwhile the write actions are off, and after half a second the
 * page says (and tells a screen reader) that it waits for the event file.
 * While shown, the page polls the event (sl_db_poll_changes) and reads it
 * again when another desk, the door or the command line changed it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-booking-text.h"
#include "sl-door-window.h"
#include "sl-event-follow.h"
#include "sl-facilities-page.h"
#include "sl-facilities.h"
#include "sl-facility-dialog.h"
#include "sl-roster-export.h"
#include "sl-session.h"
#include "sl-slot-timeline.h"
#include "sl-summary-list.h"
#include "sl-text-list.h"
#include "sl-widgets.h"
#include "sl-write-wait.h"

#define POLL_MS 1000

struct _SlFacilitiesPage
{
  AdwBin           parent_instance;

  SlDb            *db;
  GPtrArray       *facilities;      /* SlFacility, the list's order */
  GPtrArray       *bookings;        /* SlBooking: confirmed and arrived */
  GPtrArray       *waiting;         /* SlBooking: waiting, in order */
  gint64           selected_booking;
  gboolean         filling;         /* rows being replaced: ignore selections */
  GCancellable    *cancellable;     /* the write or export under way */
  SlWriteWait      write_wait;
  SlEventFollow    follow;

  AdwToastOverlay *toast_overlay;
  GtkWidget       *add_button;
  GtkWidget       *edit_button;
  GtkButton       *close_button;
  GtkWidget       *booking_actions;
  GtkWidget       *cancel_button;
  GtkWidget       *no_show_button;
  GtkWidget       *export_button;
  GtkWidget       *door_button;
  GtkStack        *content_stack;
  GtkListBox      *facility_list;
  GtkLabel        *facility_heading;
  GtkLabel        *facility_summary;
  SlSlotTimeline  *timeline;
  GtkLabel        *bookings_heading;
  GtkLabel        *waiting_heading;
  GtkListBox      *bookings_list;
  GtkListBox      *waiting_list;
  GtkLabel        *status_label;
};

G_DEFINE_FINAL_TYPE (SlFacilitiesPage, sl_facilities_page, ADW_TYPE_BIN)

static void
say (SlFacilitiesPage *self,
     const char       *message)
{
  sl_add_toast (self->toast_overlay, adw_toast_new (message));
}

static gboolean
may_manage (SlFacilitiesPage *self)
{
  return self->db != NULL
         && sl_roles_allow (sl_db_get_roles (self->db), SL_ACTION_MANAGE_FACILITIES);
}

/* A roster names people: an officer's, an exporter's or an admin's. */
static gboolean
may_export (SlFacilitiesPage *self)
{
  SlRoles roles = self->db != NULL ? sl_db_get_roles (self->db) : 0;

  return self->db != NULL && (sl_roles_allow (roles, SL_ACTION_MANAGE_FACILITIES)
                              || sl_roles_allow (roles, SL_ACTION_EXPORT));
}

static SlFacility *
selected_facility (SlFacilitiesPage *self)
{
  gint64 id = sl_facilities_page_get_selected_facility (self);

  for (guint i = 0; self->facilities != NULL && i < self->facilities->len; i++)
    if (((SlFacility *)g_ptr_array_index (self->facilities, i))->id == id)
      return g_ptr_array_index (self->facilities, i);
  return NULL;
}

static SlBooking *
find_booking (SlFacilitiesPage *self,
              gint64            booking_id)
{
  for (guint l = 0; l < 2; l++)
    {
      GPtrArray *list = l == 0 ? self->bookings : self->waiting;

      for (guint i = 0; list != NULL && i < list->len; i++)
        if (((SlBooking *)g_ptr_array_index (list, i))->id == booking_id)
          return g_ptr_array_index (list, i);
    }
  return NULL;
}

static void
update_actions (SlFacilitiesPage *self)
{
  SlFacility *facility = selected_facility (self);
  SlBooking *booking = find_booking (self, self->selected_booking);
  gboolean manager = may_manage (self);
  gboolean idle = self->cancellable == NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_set_visible (self->add_button, manager);
  gtk_widget_set_visible (self->edit_button, manager);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), manager);
  gtk_widget_set_visible (self->booking_actions, manager);
  gtk_widget_set_visible (self->export_button, may_export (self));
  gtk_button_set_label (self->close_button, facility != NULL && facility->closed
                                            ? _("Re_open") : _("Close Ear_ly"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->close_button),
                               facility != NULL && facility->closed
                               ? _("Take bookings and entries again")
                               : _("No more bookings or entries; the bookings are kept"));
  gtk_widget_action_set_enabled (widget, "facilities.add", manager && idle);
  gtk_widget_action_set_enabled (widget, "facilities.edit", manager && idle && facility != NULL);
  gtk_widget_action_set_enabled (widget, "facilities.close", manager && idle && facility != NULL);
  gtk_widget_action_set_enabled (widget, "facilities.cancel", manager && idle && booking != NULL);
  gtk_widget_action_set_enabled (widget, "facilities.no-show",
                                 manager && idle && booking != NULL
                                 && booking->status == SL_BOOKING_CONFIRMED);
  gtk_widget_action_set_enabled (widget, "facilities.export",
                                 idle && facility != NULL && may_export (self));
  gtk_widget_action_set_enabled (widget, "facilities.door", facility != NULL);
}

/* ---- The facilities --------------------------------------------------- */

static char *
dup_facility_figures (const SlFacility *f)
{
  g_autofree char *places = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d place",
                                                          "%d places", f->capacity),
                                             f->capacity);

  /* Translators: a facility's figures in the list, after "12 places". */
  return g_strdup_printf (_("%s · %d confirmed · %d waiting · %d inside now"),
                          places, f->confirmed, f->waiting, f->inside);
}

static char *
dup_facility_kind_place (const SlFacility *f)
{
  GString *text = g_string_new (sl_facility_kind_to_label (f->kind));

  if (f->location != NULL && *f->location != '\0')
    g_string_append_printf (text, " · %s", f->location);
  if (f->parent_name != NULL)
    /* Translators: a facility inside another (the breastfeeding room in the family area). */
    g_string_append_printf (text, _(" · inside %s"), f->parent_name);
  if (f->closed)
    g_string_append_printf (text, " · %s", _("closed early"));
  return g_string_free (text, FALSE);
}

/* The rows stay when the same facilities come back in the same order (the
 * focus with them); otherwise they are made again.
 */
static void
fill_facility_list (SlFacilitiesPage *self,
                    gint64            keep)
{
  guint n = self->facilities->len;
  g_autofree SlSummaryRowText *rows = g_new0 (SlSummaryRowText, MAX (n, 1));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      const SlFacility *f = g_ptr_array_index (self->facilities, i);

      rows[i].id = f->id;
      rows[i].name = f->name;
      g_ptr_array_add (texts, dup_facility_kind_place (f));
      rows[i].detail = g_ptr_array_index (texts, texts->len - 1);
      g_ptr_array_add (texts, dup_facility_figures (f));
      rows[i].figures = g_ptr_array_index (texts, texts->len - 1);
    }
  self->filling = TRUE;
  sl_summary_list_fill (self->facility_list, rows, n);
  self->filling = FALSE;
  sl_summary_list_select (self->facility_list, keep);
}

/* ---- A slot's bookings ------------------------------------------------ */

static char *
dup_booking_text (const SlBooking *b)
{
  g_autofree char *name = g_strdup_printf ("%s %s", b->first_name != NULL ? b->first_name : "",
                                           b->last_name != NULL ? b->last_name : "");
  GString *text = g_string_new (NULL);

  if (b->status == SL_BOOKING_WAITING)
    g_string_append_printf (text, "%d. ", b->position);
  if (b->link_id != 0 && b->companion_name != NULL)
    /* Translators: a booking of someone who comes with an entrant. */
    g_string_append_printf (text, _("%s (with %s)"), b->companion_name, g_strstrip (name));
  else
    g_string_append (text, g_strstrip (name));
  if (b->bib != NULL && *b->bib != '\0')
    g_string_append_printf (text, _(", bib %s"), b->bib);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, ", party of %d", ", party of %d",
                                             b->party), b->party);
  if (b->status != SL_BOOKING_WAITING)
    g_string_append_printf (text, " · %s", sl_booking_status_to_label (b->status));
  return g_string_free (text, FALSE);
}

static void
fill_booking_list (SlFacilitiesPage *self,
                   GtkListBox       *list,
                   GPtrArray        *bookings)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (list));

  sl_text_list_clear (list);
  for (guint i = 0; i < bookings->len; i++)
    {
      const SlBooking *b = g_ptr_array_index (bookings, i);
      g_autofree char *text = dup_booking_text (b);
      GtkWidget *new_row = sl_text_list_append (list, text, 8);

      g_object_set_data_full (G_OBJECT (new_row), "booking-id",
                              g_memdup2 (&b->id, sizeof b->id), g_free);
      if (b->id == self->selected_booking)
        {
          gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (new_row));
          if (had_focus)
            gtk_widget_grab_focus (new_row);
        }
    }
}

static void
show_slot (SlFacilitiesPage *self)
{
  SlFacility *facility = selected_facility (self);
  int slot = sl_slot_timeline_get_selected_slot (self->timeline);
  SlBookingFilter filter = SL_BOOKING_FILTER_INIT;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *span = NULL;
  g_autofree char *heading = NULL;

  g_ptr_array_set_size (self->bookings, 0);
  g_ptr_array_set_size (self->waiting, 0);
  if (facility != NULL && slot != SL_SLOT_ANY)
    {
      filter.facility_id = facility->id;
      filter.slot = slot;
      all = sl_db_list_bookings (self->db, &filter, &error);
      if (all == NULL)
        sl_add_error_toast (self->toast_overlay, _("Could not read the bookings"), error);
      for (guint i = 0; all != NULL && i < all->len; i++)
        {
          SlBooking *b = g_steal_pointer (&all->pdata[i]);

          g_ptr_array_add (b->status == SL_BOOKING_WAITING ? self->waiting : self->bookings, b);
        }
      span = sl_slot_dup_span_text (facility, slot);
    }
  if (find_booking (self, self->selected_booking) == NULL)
    self->selected_booking = 0;
  /* Translators: the heading over a slot's bookings: "Booked, 08:30–09:00". */
  heading = g_strdup_printf (_("Booked, %s"), span != NULL ? span : "");
  gtk_label_set_text (self->bookings_heading, heading);
  g_free (heading);
  heading = g_strdup_printf (_("Waiting list, %s"), span != NULL ? span : "");
  gtk_label_set_text (self->waiting_heading, heading);
  self->filling = TRUE;
  fill_booking_list (self, self->bookings_list, self->bookings);
  fill_booking_list (self, self->waiting_list, self->waiting);
  self->filling = FALSE;
  update_actions (self);
}

static void
show_facility (SlFacilitiesPage *self)
{
  SlFacility *facility = selected_facility (self);
  g_autoptr(GArray) figures = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *place = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *opens = NULL;
  g_autofree char *closes = NULL;

  if (facility != NULL)
    {
      figures = sl_db_list_slot_figures (self->db, facility->id, &error);
      if (figures == NULL)
        sl_add_error_toast (self->toast_overlay, _("Could not read the slots"), error);
      place = dup_facility_kind_place (facility);
      opens = sl_time_of_day_format (facility->opens);
      closes = sl_time_of_day_format (facility->closes);
      hours = facility->slot_minutes > 0
              /* Translators: "Quiet space · Finish: open 08:00–12:00 in 30-minute slots, …" */
              ? g_strdup_printf (_("%s: open %s–%s in %d-minute slots, %d people at once, %d inside now"),
                                 place, opens, closes, facility->slot_minutes, facility->capacity,
                                 facility->inside)
              : g_strdup_printf (_("%s: open %s–%s, drop-in, %d people at once, %d inside now"),
                                 place, opens, closes, facility->capacity, facility->inside);
    }
  gtk_label_set_text (self->facility_heading, facility != NULL ? facility->name : "");
  gtk_label_set_text (self->facility_summary, hours != NULL ? hours : "");
  {
    g_autofree char *name = facility != NULL
                            ? g_strdup_printf (_("Slots of %s"), facility->name) : NULL;

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->timeline), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    name != NULL ? name : _("Slots"), -1);
  }
  /* Its "notify::selected-slot" shows the slot when that changes. */
  g_signal_handlers_block_by_func (self->timeline, show_slot, self);
  sl_slot_timeline_set_slots (self->timeline, facility, figures);
  g_signal_handlers_unblock_by_func (self->timeline, show_slot, self);
  show_slot (self);
}

static void
set_status_text (SlFacilitiesPage *self)
{
  guint n = self->facilities != NULL ? self->facilities->len : 0;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u facility",
                                                        "%u facilities", n), n);

  gtk_label_set_text (self->status_label, text);
}

void
sl_facilities_page_reload (SlFacilitiesPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 keep;

  g_return_if_fail (SL_IS_FACILITIES_PAGE (self));

  keep = sl_facilities_page_get_selected_facility (self);
  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  if (self->db != NULL)
    self->facilities = sl_db_list_facilities (self->db, &error);
  if (self->facilities == NULL)
    {
      if (error != NULL)
        sl_add_error_toast (self->toast_overlay, _("Could not read the facilities"), error);
      self->facilities = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_facility_free);
    }
  sl_event_follow_caught_up (&self->follow);
  fill_facility_list (self, keep);
  gtk_stack_set_visible_child_name (self->content_stack,
                                    self->facilities->len > 0 ? "facilities" : "empty");
  show_facility (self);
  if (self->cancellable == NULL)
    set_status_text (self);
}

static void
facility_selected_cb (SlFacilitiesPage *self)
{
  if (!self->filling)
    show_facility (self);
}

static void
booking_selected_cb (SlFacilitiesPage *self,
                     GtkListBoxRow    *row,
                     GtkListBox       *list)
{
  gint64 *id;

  if (self->filling)
    return;
  if (row == NULL)
    {
      /* Unselected by choosing in the other list: that one says. */
      GtkListBoxRow *other = gtk_list_box_get_selected_row (list == self->bookings_list
                                                            ? self->waiting_list
                                                            : self->bookings_list);
      if (other == NULL)
        self->selected_booking = 0;
      update_actions (self);
      return;
    }
  id = g_object_get_data (G_OBJECT (row), "booking-id");
  self->selected_booking = id != NULL ? *id : 0;
  self->filling = TRUE;
  gtk_list_box_unselect_all (list == self->bookings_list ? self->waiting_list
                                                         : self->bookings_list);
  self->filling = FALSE;
  update_actions (self);
}

/* ---- Writes ------------------------------------------------------------ */

/* FALSE, and said, when a write is under way already. */
static gboolean
begin_write (SlFacilitiesPage *self,
             const char       *doing)
{
  if (self->cancellable != NULL)
    {
      say (self, _("The last change is still being written; try again when it is done"));
      return FALSE;
    }
  self->cancellable = g_cancellable_new ();
  gtk_label_set_text (self->status_label, doing);
  sl_write_wait_start (&self->write_wait, GTK_WIDGET (self), GTK_WIDGET (self->status_label));
  update_actions (self);
  return TRUE;
}

/* FALSE when the page is gone (the write was cancelled). */
static gboolean
end_write (SlFacilitiesPage *self,
           const GError     *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  g_clear_object (&self->cancellable);
  sl_write_wait_stop (&self->write_wait);
  set_status_text (self);
  update_actions (self);
  return TRUE;
}

static char *
dup_person (const SlBooking *b)
{
  if (b->link_id != 0 && b->companion_name != NULL)
    return g_strdup (b->companion_name);
  return g_strstrip (g_strdup_printf ("%s %s", b->first_name != NULL ? b->first_name : "",
                                      b->last_name != NULL ? b->last_name : ""));
}

static void
booking_freed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlFacilitiesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) promoted = NULL;
  g_autofree char *done = g_object_steal_data (G_OBJECT (self), "freeing");
  GString *message;

  if (!sl_db_free_booking_finish (SL_DB (source), result, &promoted, &error) && error == NULL)
    g_set_error_literal (&error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_INVALID, "?");
  if (!end_write (self, error))
    return;
  if (error != NULL)
    {
      sl_add_error_toast (self->toast_overlay, _("The booking was not changed"), error);
      return;
    }
  message = g_string_new (done);
  if (promoted != NULL && promoted->len > 0)
    {
      /* Translators: after a cancellation, who came off the waiting list. */
      g_string_append (message, _(" Promoted from the waiting list: "));
      for (guint i = 0; i < promoted->len; i++)
        {
          g_autofree char *person = dup_person (g_ptr_array_index (promoted, i));

          g_string_append_printf (message, "%s%s", i > 0 ? ", " : "", person);
        }
      g_string_append_c (message, '.');
    }
  else
    g_string_append (message, _(" Nobody waiting was promoted."));
  say (self, message->str);
  g_string_free (message, TRUE);
  sl_facilities_page_reload (self);
}

static void
free_booking (SlFacilitiesPage *self,
              gboolean          no_show)
{
  SlBooking *booking = find_booking (self, self->selected_booking);
  g_autofree char *person = NULL;

  if (booking == NULL || self->db == NULL
      || !begin_write (self, no_show ? _("Marking a no-show…") : _("Cancelling the booking…")))
    return;
  person = dup_person (booking);
  g_object_set_data_full (G_OBJECT (self), "freeing",
                          no_show ? g_strdup_printf (_("%s marked a no-show."), person)
                                  : g_strdup_printf (_("%s's booking cancelled."), person),
                          g_free);
  if (no_show)
    sl_db_mark_no_show_async (self->db, booking->id, self->cancellable, booking_freed_cb,
                              g_object_ref (self));
  else
    sl_db_cancel_booking_async (self->db, booking->id, self->cancellable, booking_freed_cb,
                                g_object_ref (self));
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  free_booking (SL_FACILITIES_PAGE (widget), FALSE);
}

static void
no_show_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  free_booking (SL_FACILITIES_PAGE (widget), TRUE);
}

static void
closed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlFacilitiesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *done = g_object_steal_data (G_OBJECT (self), "closing");

  sl_db_write_facility_finish (SL_DB (source), result, NULL, &error);
  if (!end_write (self, error))
    return;
  if (error != NULL)
    sl_add_error_toast (self->toast_overlay, _("The facility was not changed"), error);
  else
    say (self, done);
  sl_facilities_page_reload (self);
}

static void
close_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SlFacilitiesPage *self = SL_FACILITIES_PAGE (widget);
  SlFacility *facility = selected_facility (self);
  gboolean close;

  if (facility == NULL)
    return;
  close = !facility->closed;
  if (!begin_write (self, close ? _("Closing…") : _("Reopening…")))
    return;
  g_object_set_data_full (G_OBJECT (self), "closing",
                          close ? g_strdup_printf (_("%s is closed: no more bookings or entries"),
                                                   facility->name)
                                : g_strdup_printf (_("%s is open again"), facility->name),
                          g_free);
  sl_db_set_facility_closed_async (self->db, facility->id, close, self->cancellable, closed_cb,
                                   g_object_ref (self));
}

/* ---- Export ------------------------------------------------------------ */

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlFacilitiesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_object_steal_data (G_OBJECT (self), "export-name");
  guint n_rows = 0;

  sl_db_export_roster_finish (SL_DB (source), result, &n_rows, &error);
  if (!end_write (self, error))
    return;
  if (error != NULL)
    {
      sl_add_error_toast (self->toast_overlay, _("The roster was not exported"), error);
      return;
    }
  {
    /* Translators: after a roster export: "Exported 12 bookings to calm.xlsx". */
    g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Exported %u booking to %s",
                                                             "Exported %u bookings to %s", n_rows),
                                                n_rows, name);
    say (self, message);
  }
}

void
sl_facilities_page_export_to (SlFacilitiesPage *self,
                              const char       *path,
                              gboolean          whole_day)
{
  SlFacility *facility;

  g_return_if_fail (SL_IS_FACILITIES_PAGE (self));
  g_return_if_fail (path != NULL);

  facility = selected_facility (self);
  if (facility == NULL || !begin_write (self, _("Exporting the roster…")))
    return;
  g_object_set_data_full (G_OBJECT (self), "export-name", g_path_get_basename (path), g_free);
  sl_db_export_roster_async (self->db, facility->id,
                             whole_day ? SL_SLOT_ANY
                                       : sl_slot_timeline_get_selected_slot (self->timeline),
                             path, self->cancellable, exported_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog  *chooser,
                     int               response,
                     SlFacilitiesPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      const char *scope = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "scope");

      if (path == NULL)
        say (self, _("The chosen place is not a local file; choose a folder on this computer"));
      else
        {
          /* No extension typed: the filter shown says which. */
          GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
          gboolean csv = filter != NULL && g_strcmp0 (gtk_file_filter_get_name (filter),
                                                      _("CSV files")) == 0;

          if (!g_str_has_suffix (path, ".xlsx") && !g_str_has_suffix (path, ".csv"))
            {
              char *with = g_strconcat (path, csv ? ".csv" : ".xlsx", NULL);

              g_free (path);
              path = with;
            }
          sl_facilities_page_export_to (self, path, g_strcmp0 (scope, "day") == 0);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlFacilitiesPage *self = SL_FACILITIES_PAGE (widget);
  SlFacility *facility = selected_facility (self);
  int slot = sl_slot_timeline_get_selected_slot (self->timeline);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autofree char *span = NULL;
  g_autofree char *slot_choice = NULL;
  g_autofree char *name = NULL;
  const char *ids[3] = { "day", "slot", NULL };
  const char *labels[3] = { NULL, NULL, NULL };

  if (facility == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export Roster"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (xlsx, _("Excel workbooks"));
  gtk_file_filter_add_pattern (xlsx, "*.xlsx");
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), xlsx);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  labels[0] = _("The whole day");
  if (slot != SL_SLOT_ANY && facility->slot_minutes > 0)
    {
      span = sl_slot_dup_span_text (facility, slot);
      slot_choice = g_strdup_printf (_("The slot %s"), span);
      labels[1] = slot_choice;
    }
  else
    ids[1] = NULL;
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "scope", _("Roster of"),
                               ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "scope",
                               ids[1] != NULL ? "slot" : "day");
  /* Translators: the roster's suggested file name. */
  name = g_strdup_printf (_("%s roster.xlsx"), facility->name);
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Dialogs ----------------------------------------------------------- */

static void
facility_saved_cb (SlFacilitiesPage *self,
                   gint64            facility_id)
{
  sl_facilities_page_reload (self);
  sl_facilities_page_select_facility (self, facility_id);
}

static void
open_facility_dialog (SlFacilitiesPage *self,
                      const SlFacility *facility)
{
  SlFacilityDialog *dialog;

  if (self->db == NULL)
    return;
  dialog = sl_facility_dialog_present (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       self->db, facility);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (facility_saved_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_facility_dialog (SL_FACILITIES_PAGE (widget), NULL);
}

static void
edit_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlFacilitiesPage *self = SL_FACILITIES_PAGE (widget);
  SlFacility *facility = selected_facility (self);

  if (facility != NULL)
    open_facility_dialog (self, facility);
}

static void
door_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlFacilitiesPage *self = SL_FACILITIES_PAGE (widget);
  SlFacility *facility = selected_facility (self);

  if (facility != NULL && self->db != NULL)
    sl_door_window_present (GTK_WINDOW (gtk_widget_get_root (widget)), self->db, facility->id);
}

/* ---- Following the event ------------------------------------------------ */

static void
sl_facilities_page_map (GtkWidget *widget)
{
  SlFacilitiesPage *self = SL_FACILITIES_PAGE (widget);

  GTK_WIDGET_CLASS (sl_facilities_page_parent_class)->map (widget);
  sl_event_follow_map (&self->follow, TRUE);
}

static void
sl_facilities_page_unmap (GtkWidget *widget)
{
  SlFacilitiesPage *self = SL_FACILITIES_PAGE (widget);

  sl_event_follow_unmap (&self->follow);
  GTK_WIDGET_CLASS (sl_facilities_page_parent_class)->unmap (widget);
}

/* ---- Public ------------------------------------------------------------ */

void
sl_facilities_page_set_db (SlFacilitiesPage *self,
                           SlDb             *db)
{
  g_return_if_fail (SL_IS_FACILITIES_PAGE (self));
  g_return_if_fail (db == NULL || SL_IS_DB (db));

  if (self->db == db)
    return;
  g_set_object (&self->db, db);
  sl_event_follow_set_db (&self->follow, db);
  sl_facilities_page_reload (self);
}

guint
sl_facilities_page_get_n_facilities (SlFacilitiesPage *self)
{
  g_return_val_if_fail (SL_IS_FACILITIES_PAGE (self), 0);
  return self->facilities != NULL ? self->facilities->len : 0;
}

gint64
sl_facilities_page_get_selected_facility (SlFacilitiesPage *self)
{
  g_return_val_if_fail (SL_IS_FACILITIES_PAGE (self), 0);

  if (self->facility_list == NULL)
    return 0;
  return sl_summary_list_row_id (gtk_list_box_get_selected_row (self->facility_list));
}

gboolean
sl_facilities_page_select_facility (SlFacilitiesPage *self,
                                    gint64            facility_id)
{
  g_return_val_if_fail (SL_IS_FACILITIES_PAGE (self), FALSE);

  if (sl_summary_list_find (self->facility_list, facility_id) == NULL)
    return FALSE;
  sl_summary_list_select (self->facility_list, facility_id);
  return TRUE;
}

SlSlotTimeline *
sl_facilities_page_get_timeline (SlFacilitiesPage *self)
{
  g_return_val_if_fail (SL_IS_FACILITIES_PAGE (self), NULL);
  return self->timeline;
}

GPtrArray *
sl_facilities_page_get_bookings (SlFacilitiesPage *self)
{
  g_return_val_if_fail (SL_IS_FACILITIES_PAGE (self), NULL);
  return self->bookings;
}

GPtrArray *
sl_facilities_page_get_waiting (SlFacilitiesPage *self)
{
  g_return_val_if_fail (SL_IS_FACILITIES_PAGE (self), NULL);
  return self->waiting;
}

gboolean
sl_facilities_page_select_booking (SlFacilitiesPage *self,
                                   gint64            booking_id)
{
  g_return_val_if_fail (SL_IS_FACILITIES_PAGE (self), FALSE);

  for (guint l = 0; l < 2; l++)
    {
      GtkListBox *list = l == 0 ? self->bookings_list : self->waiting_list;
      GtkListBoxRow *row;

      for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
        {
          gint64 *id = g_object_get_data (G_OBJECT (row), "booking-id");

          if (id != NULL && *id == booking_id)
            {
              gtk_list_box_select_row (list, row);
              return TRUE;
            }
        }
    }
  return FALSE;
}

gboolean
sl_facilities_page_get_busy (SlFacilitiesPage *self)
{
  g_return_val_if_fail (SL_IS_FACILITIES_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

static void
sl_facilities_page_dispose (GObject *object)
{
  SlFacilitiesPage *self = SL_FACILITIES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  sl_write_wait_stop (&self->write_wait);
  sl_event_follow_clear (&self->follow);
  if (self->timeline != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->timeline, self);
      g_signal_handlers_disconnect_by_data (self->facility_list, self);
      g_signal_handlers_disconnect_by_data (self->bookings_list, self);
      g_signal_handlers_disconnect_by_data (self->waiting_list, self);
    }
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_FACILITIES_PAGE);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_facilities_page_parent_class)->dispose (object);
}

static void
sl_facilities_page_finalize (GObject *object)
{
  SlFacilitiesPage *self = SL_FACILITIES_PAGE (object);

  g_clear_pointer (&self->facilities, g_ptr_array_unref);
  g_clear_pointer (&self->bookings, g_ptr_array_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  G_OBJECT_CLASS (sl_facilities_page_parent_class)->finalize (object);
}

static void
sl_facilities_page_class_init (SlFacilitiesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_facilities_page_dispose;
  object_class->finalize = sl_facilities_page_finalize;
  widget_class->map = sl_facilities_page_map;
  widget_class->unmap = sl_facilities_page_unmap;

  g_type_ensure (SL_TYPE_SLOT_TIMELINE);
  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-facilities-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SlFacilitiesPage, name)
  CHILD (toast_overlay);
  CHILD (add_button);
  CHILD (edit_button);
  CHILD (close_button);
  CHILD (booking_actions);
  CHILD (cancel_button);
  CHILD (no_show_button);
  CHILD (export_button);
  CHILD (door_button);
  CHILD (content_stack);
  CHILD (facility_list);
  CHILD (facility_heading);
  CHILD (facility_summary);
  CHILD (timeline);
  CHILD (bookings_heading);
  CHILD (waiting_heading);
  CHILD (bookings_list);
  CHILD (waiting_list);
  CHILD (status_label);
#undef CHILD

  gtk_widget_class_install_action (widget_class, "facilities.add", NULL, add_action_cb);
  gtk_widget_class_install_action (widget_class, "facilities.edit", NULL, edit_action_cb);
  gtk_widget_class_install_action (widget_class, "facilities.close", NULL, close_action_cb);
  gtk_widget_class_install_action (widget_class, "facilities.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "facilities.no-show", NULL, no_show_action_cb);
  gtk_widget_class_install_action (widget_class, "facilities.export", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "facilities.door", NULL, door_action_cb);
}

static void
sl_facilities_page_init (SlFacilitiesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sl_event_follow_init (&self->follow, GTK_WIDGET (self), POLL_MS,
                        (SlEventFollowFunc)sl_facilities_page_reload);
  self->bookings = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_booking_free);
  self->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_booking_free);
  self->facilities = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_facility_free);

  g_signal_connect_swapped (self->facility_list, "selected-rows-changed",
                            G_CALLBACK (facility_selected_cb), self);
  g_signal_connect_swapped (self->timeline, "notify::selected-slot", G_CALLBACK (show_slot),
                            self);
  g_signal_connect_object (self->bookings_list, "row-selected", G_CALLBACK (booking_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->waiting_list, "row-selected", G_CALLBACK (booking_selected_cb),
                           self, G_CONNECT_SWAPPED);
  sl_text_list_set_placeholder (self->bookings_list, _("Nobody booked"));
  sl_text_list_set_placeholder (self->waiting_list, _("Nobody waiting"));
  set_status_text (self);
  update_actions (self);
}

GtkWidget *
sl_facilities_page_new (SlDb *db)
{
  GtkWidget *page;

  g_return_val_if_fail (db == NULL || SL_IS_DB (db), NULL);

  page = g_object_new (SL_TYPE_FACILITIES_PAGE, NULL);
  if (db != NULL)
    sl_facilities_page_set_db (SL_FACILITIES_PAGE (page), db);
  return page;
}
