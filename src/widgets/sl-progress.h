/* sl-progress.h — showing a worker thread's progress in a progress bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* An SlProgressFunc for long core work (import, export) running in a
 * worker thread: pass the GtkProgressBar as its data. Each report is shown
 * from the main loop; the bar is kept alive until it has been.
 */
void sl_progress_to_bar (double      fraction,
                         const char *message,
                         gpointer    progress_bar);

G_END_DECLS
