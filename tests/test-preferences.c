/* test-preferences.c — the Preferences window's desk and operator names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sl-application.h"
#include "sl-core.h"
#include "sl-entry-row.h"
#include "sl-preferences-window.h"
#include "sl-test-ui.h"

static gboolean
is_field_cb (GtkWidget     *widget,
             gconstpointer  title)
{
  return SL_IS_ENTRY_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static SlEntryRow *
find_field (GtkWidget  *widget,
            const char *title)
{
  return (SlEntryRow *)sl_test_find_widget (widget, is_field_cb, title);
}

/* The problem shown below a field; NULL when none is. */
static const char *
shown_error (SlEntryRow *field)
{
  GtkWidget *row = gtk_widget_get_next_sibling (GTK_WIDGET (field));

  g_assert_true (ADW_IS_ACTION_ROW (row));
  if (!gtk_widget_get_visible (row))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
type_into (SlEntryRow *field,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (sl_entry_row_get_entry (field)), text);
  /* The field is checked once the edit is over, when the main loop idles. */
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* A desk or operator name the core refuses (too long, a right-to-left
 * override) is told below its field and to a screen reader, and is not
 * stored: the setting keeps its last good name.
 */
static void
test_actor_names (void)
{
  g_autoptr(GSettings) settings = sl_settings_new ();
  g_autofree char *long_desk = g_strnfill (10000, 'd');
  g_autofree char *expected = g_strdup_printf ("A desk name can have at most %'d characters "
                                               "(%'d given)", 60, 10000);
  g_autofree char *stored = NULL;
  GtkWidget *window;
  SlEntryRow *desk;
  SlEntryRow *operator_field;

  g_settings_set_string (settings, "desk-name", "Desk 3");
  g_settings_set_string (settings, "operator-name", "");
  window = sl_preferences_window_new (settings, NULL);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_settle (100);
  desk = find_field (window, "Desk name");
  operator_field = find_field (window, "Operator name");
  g_assert_nonnull (desk);
  g_assert_nonnull (operator_field);
  g_assert_null (shown_error (desk));

  type_into (desk, long_desk);
  g_assert_cmpstr (shown_error (desk), ==, expected);
  gtk_test_accessible_assert_property (sl_entry_row_get_entry (desk),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
  stored = g_settings_get_string (settings, "desk-name");
  g_assert_cmpstr (stored, ==, "Desk 3");
  g_clear_pointer (&stored, g_free);

  type_into (desk, "Desk \u202e3");
  g_assert_nonnull (strstr (shown_error (desk), "invisible formatting character U+202E"));
  stored = g_settings_get_string (settings, "desk-name");
  g_assert_cmpstr (stored, ==, "Desk 3");
  g_clear_pointer (&stored, g_free);

  type_into (operator_field, "Sam\u202e");
  g_assert_nonnull (strstr (shown_error (operator_field), "An operator name cannot hold"));
  stored = g_settings_get_string (settings, "operator-name");
  g_assert_cmpstr (stored, ==, "");
  g_clear_pointer (&stored, g_free);

  /* Put right, it is stored and the message goes; blank is the default. */
  type_into (desk, "Desk 4");
  g_assert_null (shown_error (desk));
  stored = g_settings_get_string (settings, "desk-name");
  g_assert_cmpstr (stored, ==, "Desk 4");
  g_clear_pointer (&stored, g_free);
  type_into (operator_field, "");
  g_assert_null (shown_error (operator_field));

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "desk-name");
  g_settings_reset (settings, "operator-name");
}

/* The minutes before a signed-in window locks: the spin button is the
 * setting, both ways (the e2e walk checks that the row names it).
 */
static void
test_lock_minutes (void)
{
  g_autoptr(GSettings) settings = sl_settings_new ();
  GtkWidget *window;
  GtkSpinButton *spin;

  g_settings_set_int (settings, "lock-after-minutes", 10);
  window = sl_preferences_window_new (settings, NULL);
  gtk_window_present (GTK_WINDOW (window));
  sl_test_settle (100);
  spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (window, SL_TYPE_PREFERENCES_WINDOW,
                                                         "lock_spin"));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 10);
  gtk_spin_button_set_value (spin, 3);
  g_assert_cmpint (g_settings_get_int (settings, "lock-after-minutes"), ==, 3);
  gtk_spin_button_set_value (spin, 1000);  /* the setting's range holds */
  g_assert_cmpint (g_settings_get_int (settings, "lock-after-minutes"), ==, 240);
  g_settings_set_int (settings, "lock-after-minutes", 30);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 30);
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "lock-after-minutes");
}

int
main (int    argc,
      char **argv)
{
  /* GTK's in-process accessibility backend: descriptions to check. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sl_ensure_resources ();

  g_test_add_func ("/preferences/actor-names", test_actor_names);
  g_test_add_func ("/preferences/lock-minutes", test_lock_minutes);

  return g_test_run ();
}
