/* sl-entry-row.c — a preferences row with a text field a screen reader follows
 *
 * The row of a boxed list with its title at the start and a GtkEntry
 * filling the rest (styled as an AdwActionRow), in place of libadwaita
 * 1.2's AdwEntryRow. In GTK 4.8 the GtkText that has the keyboard focus in
 * an AdwEntryRow is left out of the accessible tree, so its focus is
 * reported on its parent, a nameless AdwGizmo that says it has no focus:
 * Orca says neither the field's name nor its role, and does not echo what
 * is typed. A GtkEntry reports the focus of its own GtkText as its own,
 * and the row's title names it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-a11y.h"
#include "sl-entry-row.h"
#include "sl-widgets.h"

struct _SlEntryRow
{
  AdwPreferencesRow  parent_instance;

  GtkEntry          *entry;
  GtkLabel          *title;
};

G_DEFINE_FINAL_TYPE (SlEntryRow, sl_entry_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_INPUT_PURPOSE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Focusing the row (a click, gtk_widget_grab_focus) focuses its field. */
static gboolean
sl_entry_row_grab_focus (GtkWidget *widget)
{
  SlEntryRow *self = SL_ENTRY_ROW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* With Tab and Shift+Tab the field is the row's one stop: the focus goes
 * into it, and from it out of the row. GtkListBoxRow's own way stops on
 * the row first, and going backwards from the field tries to focus the
 * row, which would put the focus back in the field.
 */
static gboolean
sl_entry_row_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  GtkWidget *child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget));

  return child != NULL && gtk_widget_child_focus (child, direction);
}

/* A click on the row outside the field puts the cursor in the field. */
static void
pressed_cb (SlEntryRow *self,
            int         n_press,
            double      x,
            double      y,
            GtkGesture *gesture)
{
  GtkWidget *entry = GTK_WIDGET (self->entry);
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  if (picked == entry || (picked != NULL && gtk_widget_is_ancestor (picked, entry)))
    return;
  gtk_entry_grab_focus_without_selecting (self->entry);
}

static void
entry_purpose_notify_cb (SlEntryRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_PURPOSE]);
}

static void
sl_entry_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlEntryRow *self = SL_ENTRY_ROW (object);

  switch (prop_id)
    {
    case PROP_INPUT_PURPOSE:
      g_value_set_enum (value, gtk_entry_get_input_purpose (self->entry));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_entry_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SlEntryRow *self = SL_ENTRY_ROW (object);

  switch (prop_id)
    {
    case PROP_INPUT_PURPOSE:
      /* The entry notifies, and so the row, only on a change. */
      gtk_entry_set_input_purpose (self->entry, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_entry_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_ENTRY_ROW);
  G_OBJECT_CLASS (sl_entry_row_parent_class)->dispose (object);
}

static void
sl_entry_row_class_init (SlEntryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_entry_row_get_property;
  object_class->set_property = sl_entry_row_set_property;
  object_class->dispose = sl_entry_row_dispose;
  widget_class->grab_focus = sl_entry_row_grab_focus;
  widget_class->focus = sl_entry_row_focus;

  /**
   * SlEntryRow:input-purpose:
   *
   * What the field is for (digits, an email address…), for input methods.
   */
  properties[PROP_INPUT_PURPOSE] =
    g_param_spec_enum ("input-purpose", NULL, NULL,
                       GTK_TYPE_INPUT_PURPOSE, GTK_INPUT_PURPOSE_FREE_FORM,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-entry-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlEntryRow, entry);
  gtk_widget_class_bind_template_child (widget_class, SlEntryRow, title);
  gtk_widget_class_bind_template_callback (widget_class, entry_purpose_notify_cb);
  gtk_widget_class_bind_template_callback (widget_class, pressed_cb);
}

static void
sl_entry_row_init (SlEntryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sl_entry_row_new (void)
{
  return g_object_new (SL_TYPE_ENTRY_ROW, NULL);
}

GtkEntry *
sl_entry_row_get_entry (SlEntryRow *self)
{
  g_return_val_if_fail (SL_IS_ENTRY_ROW (self), NULL);

  return self->entry;
}

const char *
sl_entry_row_get_text (SlEntryRow *self)
{
  g_return_val_if_fail (SL_IS_ENTRY_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

char *
sl_entry_row_dup_text (SlEntryRow *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (SL_IS_ENTRY_ROW (self), NULL);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

void
sl_entry_row_set_text (SlEntryRow *self,
                       const char *text)
{
  g_return_if_fail (SL_IS_ENTRY_ROW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
}

void
sl_entry_row_show_error (SlEntryRow *self,
                         gboolean    shown)
{
  g_return_if_fail (SL_IS_ENTRY_ROW (self));

  /* The title turns red with the field, as in an AdwEntryRow. */
  if (shown)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
    }
}

void
sl_entry_row_set_error (SlEntryRow *self,
                        const char *message)
{
  g_return_if_fail (SL_IS_ENTRY_ROW (self));

  sl_entry_row_show_error (self, message != NULL);
  sl_a11y_set_error (GTK_WIDGET (self->entry), message);
}

AdwActionRow *
sl_entry_row_add_error_row (GtkWidget *field)
{
  GtkWidget *list;
  GtkWidget *row;
  GtkWidget *icon;

  g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (field), NULL);
  list = gtk_widget_get_parent (field);
  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);

  row = adw_action_row_new ();
  icon = g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", "dialog-error-symbolic",
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_visible (row, FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_insert (GTK_LIST_BOX (list), row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (field)) + 1);
  return ADW_ACTION_ROW (row);
}

void
sl_entry_row_align_title (SlEntryRow   *self,
                          GtkSizeGroup *group)
{
  g_return_if_fail (SL_IS_ENTRY_ROW (self));
  g_return_if_fail (GTK_IS_SIZE_GROUP (group));

  gtk_size_group_add_widget (group, GTK_WIDGET (self->title));
}
