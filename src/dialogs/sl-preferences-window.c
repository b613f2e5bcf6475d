/* sl-preferences-window.c — Preferences: the desk's names and check-in on scan
 *
 * The desk and operator names are what the audit log records with every
 * change. What is typed is stored only when the core takes it as a name
 * (blank is the default), so a setting keeps its last good value while
 * its field says what is wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-core.h"
#include "sl-entry-row.h"
#include "sl-preferences-window.h"
#include "sl-widgets.h"

/* A desk or operator name field: its setting, and the row below it that
 * says what is wrong with what was typed.
 */
typedef struct
{
  SlPreferencesWindow *window;
  const char          *key;
  SlActorPart          part;
  SlEntryRow          *row;
  AdwActionRow        *error_row;
  guint                check_id;
} ActorField;

struct _SlPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  ActorField            desk;
  ActorField            operator_name;

  AdwPreferencesGroup  *desk_group;
  SlEntryRow           *desk_row;
  SlEntryRow           *operator_row;
  GtkSwitch            *scan_switch;
  GtkSpinButton        *lock_spin;
};

G_DEFINE_FINAL_TYPE (SlPreferencesWindow, sl_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The core's message starts in lower case, to follow an option's name on
 * the command line; here it is a sentence of its own.
 */
static char *
dup_sentence (const char *message)
{
  char first[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (message)), first);
  return g_strconcat (first, g_utf8_next_char (message), NULL);
}

static void
check_actor_name (ActorField *field)
{
  GtkEditable *entry = GTK_EDITABLE (sl_entry_row_get_entry (field->row));
  g_autofree char *name = g_strdup (gtk_editable_get_text (entry));
  g_autofree char *checked = NULL;
  g_autoptr(GError) error = NULL;

  /* Checked as sl_settings_dup_desk_name will read it back: one line,
   * trimmed.
   */
  sl_text_squash_to_one_line (name);
  g_strstrip (name);
  if (*name != '\0' && (checked = sl_actor_name_dup_checked (field->part, name, &error)) == NULL)
    {
      g_autofree char *message = dup_sentence (error->message);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->error_row), message);
      gtk_widget_set_visible (GTK_WIDGET (field->error_row), TRUE);
      sl_entry_row_set_error (field->row, message);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (field->error_row), FALSE);
  sl_entry_row_set_error (field->row, NULL);
  g_settings_set_string (field->window->settings, field->key, gtk_editable_get_text (entry));
}

static gboolean
check_actor_name_cb (gpointer data)
{
  ActorField *field = data;

  field->check_id = 0;
  check_actor_name (field);
  return G_SOURCE_REMOVE;
}

/* Once the edit is over: replacing the text (a paste over a selection)
 * empties the field on the way, and blank is a name to store.
 */
static void
actor_name_changed_cb (GtkEditable *entry,
                       ActorField  *field)
{
  if (field->check_id == 0 && field->window->settings != NULL)
    field->check_id = g_idle_add (check_actor_name_cb, field);
}

static void
setup_actor_field (SlPreferencesWindow *self,
                   ActorField          *field,
                   SlEntryRow          *row,
                   const char          *key,
                   SlActorPart          part)
{
  GtkEntry *entry = sl_entry_row_get_entry (row);
  g_autofree char *text = NULL;

  field->window = self;
  field->key = key;
  field->part = part;
  field->row = row;
  field->error_row = sl_entry_row_add_error_row (GTK_WIDGET (row));
  /* Read once: a binding would also put back each name as it is stored,
   * which comes in later, over what has been typed since.
   */
  text = g_settings_get_string (self->settings, key);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_connect (entry, "changed", G_CALLBACK (actor_name_changed_cb), field);
  /* A name stored before it would be refused says so at once. */
  check_actor_name (field);
}

static void
sl_preferences_window_constructed (GObject *object)
{
  SlPreferencesWindow *self = SL_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (sl_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (G_IS_SETTINGS (self->settings));

  setup_actor_field (self, &self->desk, self->desk_row, "desk-name", SL_ACTOR_DESK);
  setup_actor_field (self, &self->operator_name, self->operator_row, "operator-name",
                     SL_ACTOR_OPERATOR);
  g_settings_bind (self->settings, "check-in-on-scan", self->scan_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "lock-after-minutes", self->lock_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
sl_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SlPreferencesWindow *self = SL_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      /* Construct-only: set once. */
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SlPreferencesWindow *self = SL_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_preferences_window_dispose (GObject *object)
{
  SlPreferencesWindow *self = SL_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_PREFERENCES_WINDOW);
  g_clear_handle_id (&self->desk.check_id, g_source_remove);
  g_clear_handle_id (&self->operator_name.check_id, g_source_remove);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_preferences_window_parent_class)->dispose (object);
}

static void
sl_preferences_window_class_init (SlPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sl_preferences_window_constructed;
  object_class->set_property = sl_preferences_window_set_property;
  object_class->get_property = sl_preferences_window_get_property;
  object_class->dispose = sl_preferences_window_dispose;

  /**
   * SlPreferencesWindow:settings:
   *
   * The app's settings, which the window shows and changes.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SL_TYPE_ENTRY_ROW);
  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, desk_group);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, desk_row);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, operator_row);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, scan_switch);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, lock_spin);
}

static void
sl_preferences_window_init (SlPreferencesWindow *self)
{
  g_autoptr(GtkSizeGroup) titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_autofree char *host_hint = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  host_hint = g_strdup_printf (_("Recorded with every check-in and change. An empty desk name "
                                 "means this computer’s name, “%s”."), g_get_host_name ());
  adw_preferences_group_set_description (self->desk_group, host_hint);
  sl_entry_row_align_title (self->desk_row, titles);
  sl_entry_row_align_title (self->operator_row, titles);
  sl_a11y_name_search_entries (GTK_WIDGET (self), _("Search preferences"));
}

GtkWidget *
sl_preferences_window_new (GSettings *settings,
                           GtkWindow *parent)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SL_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       "transient-for", parent,
                       NULL);
}

void
sl_preferences_window_present (GSettings *settings,
                               GtkWindow *parent)
{
  SlPreferencesWindow *self;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  self = SL_PREFERENCES_WINDOW (sl_preferences_window_new (settings, parent));
  gtk_window_present (GTK_WINDOW (self));
  /* The first field takes the focus once the window is on screen (see
   * src/HACKING.md). Left to itself, the window starts on its single
   * page's tab, then moves to the field as it becomes active, and Orca 43
   * stays silent about the fields.
   */
  gtk_widget_grab_focus (GTK_WIDGET (self->desk_row));
}
