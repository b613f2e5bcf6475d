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
void      sl_window_export      (SlWindow      *self);
/* Shows the pages the signed-in roles may use (sl_db_get_roles): the
 * Accessibility page only for an officer; call after signing in or out.
 */
void      sl_window_update_pages (SlWindow     *self);

G_END_DECLS
