/* sl-widgets.h — shared set-up of the GUI widget library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the templates of the widget library (idempotent). A static
 * library's resource constructor is dropped by the linker unless
 * something references it, so every class_init calls this first.
 */
void sl_widgets_ensure_resources (void);

G_END_DECLS
