/* sl-entrant-card.c — what a desk volunteer sees of one entrant
 *
 * Only what the desk needs to hand over the right bib: no contact details,
 * date of birth or health detail (see "Privacy" in DESIGN.md). Of support
 * needs it shows the identifier markers (as text), a flag saying where
 * support is arranged and the people linked, with whether they are checked
 * in (sl_db_dup_desk_needs): never a need's type or detail. Of facilities
 * it shows the person's bookings (sl_db_list_bookings): the facility, its
 * location, the slot and the status ("Calm space, Finish", "08:30–09:00,
 * confirmed"), so that the volunteer hands over the right wristband or
 * says where to go. They are read with the rest of the card, once per
 * entrant shown: one indexed read, and the facilities only of a person
 * who has a booking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-booking-text.h"
#include "sl-entrant-card.h"
#include "sl-facilities.h"

struct _SlEntrantCard
{
  AdwBin        parent_instance;

  GtkStack     *stack;
  GtkLabel     *name_label;
  GtkLabel     *bib_label;
  GtkLabel     *status_label;
  AdwActionRow *race_row;
  AdwActionRow *wave_row;
  AdwActionRow *start_row;
  AdwActionRow *entry_type_row;
  AdwActionRow *booking_ref_row;
  AdwActionRow *charity_row;
  AdwActionRow *costume_row;
  AdwActionRow *vip_row;
  GtkFlowBox   *markers_box;
  GtkListBox   *support_list;
  GtkListBox   *bookings_list;
};

G_DEFINE_FINAL_TYPE (SlEntrantCard, sl_entrant_card, ADW_TYPE_BIN)

static void
set_row (AdwActionRow *row,
         const char   *value)
{
  gboolean has_value = value != NULL && *value != '\0';

  gtk_widget_set_visible (GTK_WIDGET (row), has_value);
  adw_action_row_set_subtitle (row, has_value ? value : "");
}

static const char *
status_style (SlStatus status)
{
  switch (status)
    {
    case SL_STATUS_REGISTERED:
      return "accent";
    case SL_STATUS_CHECKED_IN:
    case SL_STATUS_STARTED:
    case SL_STATUS_FINISHED:
      return "success";
    case SL_STATUS_WITHDRAWN:
    case SL_STATUS_DEFERRED:
    case SL_STATUS_DNS:
    case SL_STATUS_DNF:
    case SL_N_STATUSES:
    default:
      return "error";
    }
}

static GtkWidget *
marker_chip_new (SlMarker marker)
{
  GtkWidget *label = gtk_label_new (sl_marker_to_label (marker));
  GtkWidget *child = gtk_flow_box_child_new ();

  gtk_widget_add_css_class (label, "sl-chip");
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), label);
  gtk_widget_set_focusable (child, FALSE);
  gtk_widget_set_halign (child, GTK_ALIGN_START);
  return child;
}

/* A person linked to the one shown: their guide (or whom they guide),
 * support runner or assistant, and whether they are checked in.
 */
static GtkWidget *
link_row_new (const SlEntrantLink *link,
              gint64               shown_id)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean helped = link->entrant_id == shown_id;  /* the one shown is supported */

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (!helped)
    /* Translators: on the card of a guide or support runner, e.g. "Guide runner for" */
    title = g_strdup_printf (_("%s for"), sl_link_kind_to_label (link->kind));
  else
    title = g_strdup (sl_link_kind_to_label (link->kind));

  if (link->linked_entrant_id == 0 && helped)
    /* Translators: a companion who does not run, e.g. "Sam Lee · not running" */
    subtitle = g_strdup_printf (_("%s · not running"), link->companion_name);
  else if (link->other_checked_in)
    /* Translators: a linked runner, e.g. "Ana Diaz · bib 40418 · checked in" */
    subtitle = g_strdup_printf (_("%s · bib %s · checked in"), link->other_name, link->other_bib);
  else
    /* Translators: a linked runner, e.g. "Ana Diaz · bib 40418 · not checked in yet" */
    subtitle = g_strdup_printf (_("%s · bib %s · not checked in yet"), link->other_name,
                                link->other_bib);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "sl-property");
  return row;
}

static void
clear_support (SlEntrantCard *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->markers_box))) != NULL)
    gtk_flow_box_remove (self->markers_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->support_list))) != NULL)
    gtk_list_box_remove (self->support_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bookings_list))) != NULL)
    gtk_list_box_remove (self->bookings_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->markers_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->support_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->bookings_list), FALSE);
}

/* One booking: the facility and where it is, then the slot and status. */
static GtkWidget *
booking_row_new (const SlBooking  *booking,
                 const SlFacility *facility)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *place = facility != NULL ? sl_facility_dup_place (facility)
                                            : g_strdup (booking->facility_name ?: "");
  g_autofree char *when = sl_booking_dup_when (booking, facility);
  g_autofree char *subtitle = NULL;

  if (booking->link_id != 0 && booking->companion_name != NULL)
    /* Translators: a booking made for a companion, "08:30–09:00, confirmed · for Pat Lee". */
    subtitle = g_strdup_printf (_("%s · for %s"), when, booking->companion_name);
  else
    subtitle = g_steal_pointer (&when);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), place);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "sl-property");
  return row;
}

static void
show_bookings (SlEntrantCard   *self,
               SlDb            *db,
               const SlEntrant *entrant)
{
  SlBookingFilter filter = SL_BOOKING_FILTER_INIT;
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GHashTable) facilities = NULL;
  g_autoptr(GError) error = NULL;

  filter.entrant_id = entrant->id;
  bookings = sl_db_list_bookings (db, &filter, &error);
  if (bookings == NULL)
    {
      g_message ("Cannot read the bookings of entrant %" G_GINT64_FORMAT ": %s", entrant->id,
                 error->message);
      return;
    }
  facilities = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                      (GDestroyNotify)sl_facility_free);
  for (guint i = 0; i < bookings->len; i++)
    {
      SlBooking *booking = g_ptr_array_index (bookings, i);
      SlFacility *facility = g_hash_table_lookup (facilities, &booking->facility_id);

      /* The times and location of each facility booked, read once. */
      if (facility == NULL
          && (facility = sl_db_dup_facility (db, booking->facility_id, NULL)) != NULL)
        g_hash_table_insert (facilities, &facility->id, facility);
      gtk_list_box_append (self->bookings_list, booking_row_new (booking, facility));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->bookings_list), bookings->len > 0);
}

static void
show_support (SlEntrantCard   *self,
              SlDb            *db,
              const SlEntrant *entrant)
{
  g_autoptr(SlDeskNeeds) needs = NULL;
  g_autoptr(GError) error = NULL;

  clear_support (self);
  if (db == NULL || entrant->id <= 0)
    return;
  show_bookings (self, db, entrant);
  needs = sl_db_dup_desk_needs (db, entrant->id, &error);
  if (needs == NULL)
    {
      g_message ("Cannot read the support of entrant %" G_GINT64_FORMAT ": %s", entrant->id,
                 error->message);
      return;
    }

  for (guint m = 0; m < SL_N_MARKERS; m++)
    if (needs->markers & (1u << m))
      gtk_flow_box_append (self->markers_box, marker_chip_new (m));
  gtk_widget_set_visible (GTK_WIDGET (self->markers_box), needs->markers != 0);

  for (guint i = 0; i < needs->flags->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Support"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_ptr_array_index (needs->flags, i));
      gtk_widget_add_css_class (row, "sl-property");
      gtk_list_box_append (self->support_list, row);
    }
  for (guint i = 0; i < needs->links->len; i++)
    gtk_list_box_append (self->support_list,
                         link_row_new (g_ptr_array_index (needs->links, i), entrant->id));
  gtk_widget_set_visible (GTK_WIDGET (self->support_list),
                          needs->flags->len + needs->links->len > 0);
}

void
sl_entrant_card_set_entrant (SlEntrantCard   *self,
                             SlDb            *db,
                             const SlEntrant *entrant)
{
  static const char *styles[] = { "accent", "success", "error" };
  g_autofree char *name = NULL;
  g_autofree char *bib = NULL;
  g_autofree char *start = NULL;
  g_autofree char *start_time = NULL;
  g_autofree char *status = NULL;

  g_return_if_fail (SL_IS_ENTRANT_CARD (self));

  if (entrant == NULL)
    {
      clear_support (self);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  name = sl_entrant_dup_full_name (entrant);
  gtk_label_set_label (self->name_label, name);
  bib = g_strdup_printf (_("Bib %s"), entrant->bib != NULL ? entrant->bib : "—");
  gtk_label_set_label (self->bib_label, bib);

  if (entrant->status == SL_STATUS_CHECKED_IN && entrant->checked_in_at != NULL && db != NULL)
    {
      g_autofree char *when = sl_db_format_local (db, entrant->checked_in_at, "%a %-d %b %H:%M");

      /* Translators: status, then when and at which desk,
       * e.g. "Checked in · Sat 20 Apr 10:02 · Desk 4" */
      status = g_strdup_printf (_("%s · %s · %s"), sl_status_to_label (entrant->status), when,
                                entrant->checked_in_desk != NULL ? entrant->checked_in_desk
                                                                 : _("unknown desk"));
    }
  else
    status = g_strdup (sl_status_to_label (entrant->status));
  gtk_label_set_label (self->status_label, status);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_style (entrant->status));

  set_row (self->race_row, entrant->race_name);
  set_row (self->wave_row, entrant->wave_name);
  if (entrant->start_time != NULL && db != NULL)
    start_time = sl_db_format_local (db, entrant->start_time, "%H:%M");
  if (entrant->start_area != NULL && start_time != NULL)
    /* Translators: start area and start time, e.g. "Blue start · 10:05" */
    start = g_strdup_printf (_("%s · %s"), entrant->start_area, start_time);
  else
    start = g_strdup (entrant->start_area != NULL ? entrant->start_area : start_time);
  set_row (self->start_row, start);
  set_row (self->entry_type_row, sl_entry_type_to_label (entrant->entry_type));
  set_row (self->booking_ref_row, entrant->booking_ref);
  set_row (self->charity_row, entrant->charity_name);
  set_row (self->costume_row, entrant->costume);
  set_row (self->vip_row, entrant->vip ? _("Yes: see the VIP desk procedure") : NULL);
  show_support (self, db, entrant);

  gtk_stack_set_visible_child_name (self->stack, "entrant");
}

static void
sl_entrant_card_class_init (SlEntrantCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* AdwBin unparents its child itself: no gtk_widget_dispose_template. */

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-entrant-card.ui");
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, stack);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, bib_label);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, race_row);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, wave_row);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, start_row);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, entry_type_row);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, booking_ref_row);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, charity_row);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, costume_row);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, vip_row);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, markers_box);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, support_list);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantCard, bookings_list);
}

static void
sl_entrant_card_init (SlEntrantCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sl_entrant_card_new (void)
{
  return g_object_new (SL_TYPE_ENTRANT_CARD, NULL);
}
