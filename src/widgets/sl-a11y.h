/* sl-a11y.h — accessible names that the toolkit leaves out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Adds a toast and names its close button, which libadwaita 1.2 leaves
 * without an accessible name (a screen reader would say "GtkImage").
 */
void sl_add_toast (AdwToastOverlay *overlay,
                   AdwToast        *toast);

G_END_DECLS
