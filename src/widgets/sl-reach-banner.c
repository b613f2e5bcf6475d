/* sl-reach-banner.c — "Server unreachable — retrying", while it is
 *
 * A band across the top of a window, shown while the event's store has
 * lost its server (sl_db_is_reachable) and gone as soon as it has it
 * again. libadwaita 1.2 has no AdwBanner: a revealer holds a box with the
 * alert role, named by its text, and GTK 4.8 tells a screen reader nothing
 * of it appearing, so it is announced too (sl_a11y_announce), once when it
 * comes and once when it goes. Concealed, the box is hidden as well: a
 * revealer's concealed child stays in GTK 4.8's accessible tree, where a
 * screen reader (and the e2e tests) would find an alert that is not there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-reach-banner.h"
#include "sl-widgets.h"

struct _SlReachBanner
{
  AdwBin       parent_instance;

  SlDb        *db;
  gulong       notify_id;
  GtkRevealer *revealer;
  GtkWidget   *box;
  GtkLabel    *label;
};

G_DEFINE_FINAL_TYPE (SlReachBanner, sl_reach_banner, ADW_TYPE_BIN)

static void
update (SlReachBanner *self,
        gboolean       announce)
{
  gboolean shown = self->db != NULL && !sl_db_is_reachable (self->db);

  if (shown == gtk_revealer_get_reveal_child (self->revealer))
    return;
  if (shown)
    gtk_widget_set_visible (self->box, TRUE);
  gtk_revealer_set_reveal_child (self->revealer, shown);
  if (announce)
    sl_a11y_announce (GTK_WIDGET (self),
                      shown ? gtk_label_get_label (self->label)
                            : _("Connected to the server again"));
}

/* Concealed at the end of the slide: out of the accessible tree. */
static void
child_revealed_cb (SlReachBanner *self)
{
  if (!gtk_revealer_get_reveal_child (self->revealer)
      && !gtk_revealer_get_child_revealed (self->revealer))
    gtk_widget_set_visible (self->box, FALSE);
}

static void
reachable_notify_cb (SlReachBanner *self)
{
  update (self, TRUE);
}

void
sl_reach_banner_set_db (SlReachBanner *self,
                        SlDb          *db)
{
  g_return_if_fail (SL_IS_REACH_BANNER (self));
  g_return_if_fail (db == NULL || SL_IS_DB (db));

  if (self->db == db)
    return;
  if (self->db != NULL)
    g_clear_signal_handler (&self->notify_id, self->db);
  g_set_object (&self->db, db);
  if (db != NULL)
    self->notify_id = g_signal_connect_object (db, "notify::reachable",
                                               G_CALLBACK (reachable_notify_cb), self,
                                               G_CONNECT_SWAPPED);
  update (self, FALSE);
}

gboolean
sl_reach_banner_get_shown (SlReachBanner *self)
{
  g_return_val_if_fail (SL_IS_REACH_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

static void
sl_reach_banner_dispose (GObject *object)
{
  SlReachBanner *self = SL_REACH_BANNER (object);

  if (self->db != NULL)
    g_clear_signal_handler (&self->notify_id, self->db);
  g_clear_object (&self->db);
  /* AdwBin unparents the template's child itself. */

  G_OBJECT_CLASS (sl_reach_banner_parent_class)->dispose (object);
}

static void
sl_reach_banner_class_init (SlReachBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  sl_widgets_ensure_resources ();
  object_class->dispose = sl_reach_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-reach-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, SlReachBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, SlReachBanner, box);
  gtk_widget_class_bind_template_child (widget_class, SlReachBanner, label);
}

static void
sl_reach_banner_init (SlReachBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->revealer, "notify::child-revealed",
                            G_CALLBACK (child_revealed_cb), self);
  /* The text is its name: a screen reader reads the alert by it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_label (self->label), -1);
}

GtkWidget *
sl_reach_banner_new (void)
{
  return g_object_new (SL_TYPE_REACH_BANNER, NULL);
}
