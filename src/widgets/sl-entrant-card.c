/* sl-entrant-card.c — what a desk volunteer sees of one entrant
 *
 * Only what the desk needs to hand over the right bib: no contact details,
 * date of birth or health detail (see "Privacy" in DESIGN.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-entrant-card.h"

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
