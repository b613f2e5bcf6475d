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

/* Names a drop-down and the toggle button inside it. */
void sl_a11y_name_drop_down (GtkDropDown     *drop_down,
                             const char      *label);

/* Gives a column view cell (the parent of cell_child) its text as name. */
void sl_a11y_label_cell     (GtkWidget       *cell_child,
                             const char      *text);

/* Names every search entry under root: libadwaita 1.2 builds some (the
 * preferences window's) without an accessible name.
 */
void sl_a11y_name_search_entries (GtkWidget  *root,
                                  const char *label);

/* Names the column view row that holds cell_child. */
void sl_a11y_label_row      (GtkWidget       *cell_child,
                             const char      *text);

G_END_DECLS
