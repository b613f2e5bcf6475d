/* sl-window.h — one window per event file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-core.h"

G_BEGIN_DECLS

#define SL_TYPE_WINDOW (sl_window_get_type ())
G_DECLARE_FINAL_TYPE (SlWindow, sl_window, SL, WINDOW, AdwApplicationWindow)

/* The window takes its size and the desk's names from settings. */
SlWindow *sl_window_new         (GtkApplication *application,
                                 GSettings      *settings) G_GNUC_WARN_UNUSED_RESULT;
/* Shows the event in db (the window keeps a reference); NULL shows the
 * "No event open" page.
 */
void      sl_window_set_db      (SlWindow      *self,
                                 SlDb          *db);
SlDb     *sl_window_get_db      (SlWindow      *self);
gboolean  sl_window_has_file    (SlWindow      *self,
                                 GFile         *file);
void      sl_window_show_error  (SlWindow      *self,
                                 const char    *heading,
                                 const char    *message);
void      sl_window_add_toast   (SlWindow      *self,
                                 AdwToast      *toast);
void      sl_window_import      (SlWindow      *self);
/* Shows who is signed in to the event (the header bar) and the pages
 * their roles may use (sl_db_get_roles): the Accessibility page only for
 * an officer; called when the session changes (signing in or out).
 */
void      sl_window_update_pages (SlWindow     *self);
/* Signs out whoever is signed in (the event's key is wiped): the window is
 * a check-in desk again. Also done by the "lock" action, on closing, and
 * after the minutes of the "lock-after-minutes" setting without activity.
 */
void      sl_window_lock        (SlWindow      *self);
/* Locks when no key, click or pointer movement has come for the setting's
 * minutes before now (g_get_monotonic_time's clock); TRUE if it locked.
 */
gboolean  sl_window_lock_if_idle (SlWindow     *self,
                                  gint64        now);
void      sl_window_export      (SlWindow      *self);

G_END_DECLS
