/* sl-slot-bar.c — one slot of a facility drawn as a bar of booked against
 * capacity
 *
 * Drawn with GtkSnapshot in the theme's own colours (its foreground for the
 * outline and the text, its accent for the booked part), so that the
 * high-contrast style applies; the figures are written above the bar
 * ("8/10"), the slot's start under it and the waiting list under that
 * ("+2 waiting", or "full"), so that nothing is said by colour alone. The
 * same figures are the bar's accessible label, read when the focus comes
 * to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-slot-bar.h"

#define PAD 6
#define BAR_WIDTH 92
#define DAY_WIDTH 160
#define HEIGHT 168

struct _SlSlotBar
{
  GtkWidget      parent_instance;

  SlSlotFigures  figures;
  char          *label;
  char          *start;
  gboolean       selected;
};

G_DEFINE_FINAL_TYPE (SlSlotBar, sl_slot_bar, GTK_TYPE_WIDGET)

static gboolean
is_full (SlSlotBar *self)
{
  return self->figures.capacity > 0 && self->figures.confirmed >= self->figures.capacity;
}

static void
sl_slot_bar_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  SlSlotBar *self = SL_SLOT_BAR (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = self->figures.slot == SL_SLOT_DAY ? DAY_WIDTH : BAR_WIDTH;
  else
    *minimum = *natural = HEIGHT;
}

static PangoLayout *
make_layout (GtkWidget  *widget,
             const char *text,
             gboolean    bold,
             gboolean    small,
             int         width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  /* Relative, so that large text still scales it. */
  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

/* Draws layout centred at y; returns its height. */
static int
draw_layout (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             int            y,
             const GdkRGBA *color)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (PAD, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  return height;
}

static void
append_outline (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                float                  width,
                const GdkRGBA         *color)
{
  GskRoundedRect outline;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&outline, rect, 3);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
sl_slot_bar_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  SlSlotBar *self = SL_SLOT_BAR (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int inner = MAX (width - 2 * PAD, 1);
  g_autoptr(PangoLayout) figures = NULL;
  g_autoptr(PangoLayout) start = NULL;
  g_autoptr(PangoLayout) waiting = NULL;
  g_autofree char *figures_text = NULL;
  g_autofree char *waiting_text = NULL;
  GdkRGBA fg, accent, selected_bg;
  int top, bottom, start_height, waiting_height;
  double fraction;

  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &accent))
    accent = (GdkRGBA) { fg.red, fg.green, fg.blue, 0.6 };
  selected_bg = accent;
  selected_bg.alpha = 0.18;

  if (self->selected)
    {
      gtk_snapshot_append_color (snapshot, &selected_bg,
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
      append_outline (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height), 2, &fg);
    }
  if (gtk_widget_has_visible_focus (widget))
    {
      GdkRGBA ring = accent;

      ring.alpha = 1;
      append_outline (snapshot, &GRAPHENE_RECT_INIT (2, 2, width - 4, height - 4), 2, &ring);
    }

  /* Translators: a slot's booked people against its capacity, over its bar. */
  figures_text = g_strdup_printf (_("%d/%d"), self->figures.confirmed, self->figures.capacity);
  if (self->figures.waiting > 0)
    /* Translators: under a slot's bar; keep it short. */
    waiting_text = g_strdup_printf (_("+%d waiting"), self->figures.waiting);
  else if (is_full (self))
    waiting_text = g_strdup (_("full"));
  else
    waiting_text = g_strdup ("");
  figures = make_layout (widget, figures_text, TRUE, FALSE, inner);
  start = make_layout (widget, self->start != NULL ? self->start : "", FALSE, FALSE, inner);
  waiting = make_layout (widget, waiting_text, FALSE, TRUE, inner);

  top = PAD + draw_layout (snapshot, figures, PAD, &fg) + 4;
  pango_layout_get_pixel_size (start, NULL, &start_height);
  pango_layout_get_pixel_size (waiting, NULL, &waiting_height);
  bottom = height - PAD - start_height - waiting_height - 4;
  draw_layout (snapshot, start, bottom + 4, &fg);
  draw_layout (snapshot, waiting, bottom + 4 + start_height, &fg);
  if (bottom - top < 8)
    return;

  /* The capacity is the outlined box; what is booked fills it from below. */
  fraction = self->figures.capacity > 0
             ? CLAMP ((double)self->figures.confirmed / self->figures.capacity, 0, 1) : 0;
  {
    int box_x = PAD + inner / 4;
    int box_w = MAX (inner - inner / 2, 8);
    int fill_h = (int)((bottom - top - 4) * fraction + 0.5);

    if (fill_h > 0)
      gtk_snapshot_append_color (snapshot, &accent,
                                 &GRAPHENE_RECT_INIT (box_x + 2, bottom - 2 - fill_h,
                                                      box_w - 4, fill_h));
    append_outline (snapshot, &GRAPHENE_RECT_INIT (box_x, top, box_w, bottom - top), 2, &fg);
    /* Full: a rule across the top too, so it reads without the fill's colour. */
    if (is_full (self))
      gtk_snapshot_append_color (snapshot, &fg,
                                 &GRAPHENE_RECT_INIT (box_x, top, box_w, 5));
  }
}

static void
update_label (SlSlotBar  *self,
              const char *span)
{
  GString *label = g_string_new (NULL);

  /* Translators: a slot read aloud: "08:30–09:00: 8 of 10 booked". */
  g_string_printf (label, _("%s: %d of %d booked"), span, self->figures.confirmed,
                   self->figures.capacity);
  if (self->figures.waiting > 0)
    g_string_append_printf (label, g_dngettext (GETTEXT_PACKAGE, ", %d waiting", ", %d waiting",
                                                self->figures.waiting),
                            self->figures.waiting);
  if (is_full (self))
    g_string_append (label, _(", full"));
  g_free (self->label);
  self->label = g_string_free (label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->label, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), self->label);
}

void
sl_slot_bar_set_figures (SlSlotBar           *self,
                         const SlSlotFigures *figures,
                         const char          *span,
                         const char          *start)
{
  g_return_if_fail (SL_IS_SLOT_BAR (self));
  g_return_if_fail (figures != NULL && span != NULL);

  if (figures->slot != self->figures.slot)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  self->figures = *figures;
  g_free (self->start);
  self->start = g_strdup (start);
  update_label (self, span);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const SlSlotFigures *
sl_slot_bar_get_figures (SlSlotBar *self)
{
  g_return_val_if_fail (SL_IS_SLOT_BAR (self), NULL);
  return &self->figures;
}

const char *
sl_slot_bar_get_label (SlSlotBar *self)
{
  g_return_val_if_fail (SL_IS_SLOT_BAR (self), NULL);
  return self->label;
}

void
sl_slot_bar_set_selected (SlSlotBar *self,
                          gboolean   selected)
{
  g_return_if_fail (SL_IS_SLOT_BAR (self));

  selected = !!selected;
  if (self->selected == selected)
    return;
  self->selected = selected;
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_SELECTED, selected,
                               -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
sl_slot_bar_get_selected (SlSlotBar *self)
{
  g_return_val_if_fail (SL_IS_SLOT_BAR (self), FALSE);
  return self->selected;
}

static void
sl_slot_bar_state_flags_changed (GtkWidget     *widget,
                                 GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (sl_slot_bar_parent_class)->state_flags_changed (widget, previous);
  /* The focus ring is drawn here, not by CSS. */
  if ((previous ^ gtk_widget_get_state_flags (widget)) & GTK_STATE_FLAG_FOCUS_VISIBLE)
    gtk_widget_queue_draw (widget);
}

static void
sl_slot_bar_finalize (GObject *object)
{
  SlSlotBar *self = SL_SLOT_BAR (object);

  g_free (self->label);
  g_free (self->start);
  G_OBJECT_CLASS (sl_slot_bar_parent_class)->finalize (object);
}

static void
sl_slot_bar_class_init (SlSlotBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sl_slot_bar_finalize;
  widget_class->measure = sl_slot_bar_measure;
  widget_class->snapshot = sl_slot_bar_snapshot;
  widget_class->state_flags_changed = sl_slot_bar_state_flags_changed;
  gtk_widget_class_set_css_name (widget_class, "slotbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
}

static void
sl_slot_bar_init (SlSlotBar *self)
{
  self->figures.slot = SL_SLOT_ANY;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_SELECTED, FALSE, -1);
}

GtkWidget *
sl_slot_bar_new (void)
{
  return g_object_new (SL_TYPE_SLOT_BAR, NULL);
}
