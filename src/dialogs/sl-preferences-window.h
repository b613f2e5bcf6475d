/* sl-preferences-window.h — Preferences: the desk's names and check-in on scan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_PREFERENCES_WINDOW (sl_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SlPreferencesWindow, sl_preferences_window, SL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* The Preferences window over parent (may be NULL) for settings (the
 * app's, see sl_settings_new), not yet shown.
 */
GtkWidget *sl_preferences_window_new     (GSettings *settings,
                                          GtkWindow *parent);
/* Shows a new Preferences window over parent, with the focus in its first
 * field.
 */
void       sl_preferences_window_present (GSettings *settings,
                                          GtkWindow *parent);

G_END_DECLS
