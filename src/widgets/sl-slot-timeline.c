/* sl-slot-timeline.c — a facility's slots as a row of bars
 *
 * One SlSlotBar per slot, in time order. The timeline is a list to a
 * screen reader ("Slots of Calm Space"), each bar an item named with its
 * figures. Only the selected bar takes the focus from Tab, so that Tab
 * leaves the timeline in one step; Left and Right (Home and End) move the
 * selection and the focus from slot to slot, and a click selects one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-booking-text.h"
#include "sl-slot-bar.h"
#include "sl-slot-timeline.h"

struct _SlSlotTimeline
{
  GtkWidget  parent_instance;

  GPtrArray *bars;       /* SlSlotBar, borrowed (children) */
  int        selected;   /* index, -1: none */
};

G_DEFINE_FINAL_TYPE (SlSlotTimeline, sl_slot_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_SLOT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_selected_index (SlSlotTimeline *self,
                    int             index,
                    gboolean        focus)
{
  if (index < 0 || index >= (int)self->bars->len)
    index = self->bars->len > 0 ? 0 : -1;
  for (guint i = 0; i < self->bars->len; i++)
    {
      SlSlotBar *bar = g_ptr_array_index (self->bars, i);

      sl_slot_bar_set_selected (bar, (int)i == index);
      /* Tab comes to the selected bar only. */
      gtk_widget_set_focusable (GTK_WIDGET (bar), (int)i == index);
    }
  if (focus && index >= 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->bars, index));
  if (index == self->selected)
    return;
  self->selected = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SLOT]);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SlSlotTimeline        *self)
{
  int index = self->selected;

  if (self->bars->len == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)))
    return GDK_EVENT_PROPAGATE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      index = MAX (index - 1, 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      index = MIN (index + 1, (int)self->bars->len - 1);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      index = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      index = self->bars->len - 1;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }
  set_selected_index (self, index, TRUE);
  return GDK_EVENT_STOP;
}

static void
bar_pressed_cb (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                SlSlotTimeline  *self)
{
  GtkWidget *bar = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  guint index;

  if (g_ptr_array_find (self->bars, bar, &index))
    set_selected_index (self, index, TRUE);
}

static GtkWidget *
add_bar (SlSlotTimeline *self)
{
  GtkWidget *bar = sl_slot_bar_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect (click, "pressed", G_CALLBACK (bar_pressed_cb), self);
  gtk_widget_add_controller (bar, GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_parent (bar, GTK_WIDGET (self));
  g_ptr_array_add (self->bars, bar);
  return bar;
}

void
sl_slot_timeline_set_slots (SlSlotTimeline   *self,
                            const SlFacility *facility,
                            GArray           *figures)
{
  int was = sl_slot_timeline_get_selected_slot (self);
  guint n = facility != NULL && figures != NULL ? figures->len : 0;
  int keep = -1;

  g_return_if_fail (SL_IS_SLOT_TIMELINE (self));

  /* The bars are kept and given the new figures: the focus stays on its bar. */
  while (self->bars->len > n)
    {
      GtkWidget *bar = g_ptr_array_steal_index (self->bars, self->bars->len - 1);

      gtk_widget_unparent (bar);
    }
  while (self->bars->len < n)
    add_bar (self);
  for (guint i = 0; i < n; i++)
    {
      const SlSlotFigures *f = &g_array_index (figures, SlSlotFigures, i);
      g_autofree char *span = sl_slot_dup_span_text (facility, f->slot);
      g_autofree char *start = f->slot == SL_SLOT_DAY ? g_strdup (_("Day"))
                                                      : sl_time_of_day_format (f->slot);

      sl_slot_bar_set_figures (g_ptr_array_index (self->bars, i), f, span, start);
      if (f->slot == was)
        keep = i;
    }
  if (self->selected >= (int)n)
    self->selected = -1;
  set_selected_index (self, keep, FALSE);
  /* The same index may now be another slot. */
  if (keep < 0 && was != sl_slot_timeline_get_selected_slot (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SLOT]);
}

guint
sl_slot_timeline_get_n_slots (SlSlotTimeline *self)
{
  g_return_val_if_fail (SL_IS_SLOT_TIMELINE (self), 0);
  return self->bars->len;
}

int
sl_slot_timeline_get_selected_slot (SlSlotTimeline *self)
{
  g_return_val_if_fail (SL_IS_SLOT_TIMELINE (self), SL_SLOT_ANY);

  if (self->selected < 0 || self->selected >= (int)self->bars->len)
    return SL_SLOT_ANY;
  return sl_slot_bar_get_figures (g_ptr_array_index (self->bars, self->selected))->slot;
}

gboolean
sl_slot_timeline_select_slot (SlSlotTimeline *self,
                              int             slot)
{
  g_return_val_if_fail (SL_IS_SLOT_TIMELINE (self), FALSE);

  for (guint i = 0; i < self->bars->len; i++)
    if (sl_slot_bar_get_figures (g_ptr_array_index (self->bars, i))->slot == slot)
      {
        set_selected_index (self, i, FALSE);
        return TRUE;
      }
  return FALSE;
}

char *
sl_slot_timeline_dup_label (SlSlotTimeline *self,
                            guint           index)
{
  g_return_val_if_fail (SL_IS_SLOT_TIMELINE (self), NULL);

  if (index >= self->bars->len)
    return NULL;
  return g_strdup (sl_slot_bar_get_label (g_ptr_array_index (self->bars, index)));
}

GtkWidget *
sl_slot_timeline_get_bar (SlSlotTimeline *self,
                          guint           index)
{
  g_return_val_if_fail (SL_IS_SLOT_TIMELINE (self), NULL);
  return index < self->bars->len ? g_ptr_array_index (self->bars, index) : NULL;
}

/* The heading's mnemonic (Alt+S on the page) goes to the selected slot. */
static gboolean
sl_slot_timeline_mnemonic_activate (GtkWidget *widget,
                                    gboolean   group_cycling)
{
  SlSlotTimeline *self = SL_SLOT_TIMELINE (widget);

  if (self->bars->len == 0)
    return FALSE;
  set_selected_index (self, self->selected, TRUE);
  return TRUE;
}

static void
sl_slot_timeline_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlSlotTimeline *self = SL_SLOT_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_SELECTED_SLOT:
      g_value_set_int (value, sl_slot_timeline_get_selected_slot (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_slot_timeline_dispose (GObject *object)
{
  SlSlotTimeline *self = SL_SLOT_TIMELINE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_ptr_array_set_size (self->bars, 0);
  G_OBJECT_CLASS (sl_slot_timeline_parent_class)->dispose (object);
}

static void
sl_slot_timeline_finalize (GObject *object)
{
  SlSlotTimeline *self = SL_SLOT_TIMELINE (object);

  g_ptr_array_unref (self->bars);
  G_OBJECT_CLASS (sl_slot_timeline_parent_class)->finalize (object);
}

static void
sl_slot_timeline_class_init (SlSlotTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_slot_timeline_get_property;
  object_class->dispose = sl_slot_timeline_dispose;
  object_class->finalize = sl_slot_timeline_finalize;
  widget_class->mnemonic_activate = sl_slot_timeline_mnemonic_activate;

  /* The selected slot's start, SL_SLOT_DAY for a day, SL_SLOT_ANY for none. */
  properties[PROP_SELECTED_SLOT] =
    g_param_spec_int ("selected-slot", NULL, NULL, SL_SLOT_ANY, 24 * 60, SL_SLOT_ANY,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "slottimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
sl_slot_timeline_init (SlSlotTimeline *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->bars = g_ptr_array_new ();
  self->selected = -1;
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              4);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
sl_slot_timeline_new (void)
{
  return g_object_new (SL_TYPE_SLOT_TIMELINE, NULL);
}
