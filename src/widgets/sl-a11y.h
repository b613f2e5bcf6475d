/* sl-a11y.h — accessible names that the toolkit leaves out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Adds a toast and names its close button, which libadwaita 1.2 leaves
 * without an accessible name (a screen reader would say "GtkImage"), and
 * its button by its mnemonic label alone (see sl_a11y_fix_tree). A screen
 * reader says its title (sl_a11y_announce).
 */
void sl_add_toast (AdwToastOverlay *overlay,
                   AdwToast        *toast);

/* Adds (sl_add_toast) a toast that stays until dismissed: "what: why",
 * why being error's message.
 */
void sl_add_error_toast (AdwToastOverlay *overlay,
                         const char      *what,
                         const GError    *error);

/* Has a screen reader say message now, while the keyboard focus stays
 * where it is (in the desk's search field, for the next scan). GTK 4.8 has
 * no announcement (gtk_accessible_announce is 4.14) and sends no event for
 * a label or toast that appears; Orca does speak a change to the
 * description of the focused object. So the message becomes, for a few
 * seconds, the description of the widget with the focus in widget's
 * window, which then gets back its own (see sl_a11y_set_description).
 */
void sl_a11y_announce       (GtkWidget       *widget,
                             const char      *message);

/* Shows message in label (a form's line for what went wrong, hidden
 * until then) and has a screen reader say it (sl_a11y_announce).
 */
void sl_a11y_show_error_label (GtkLabel      *label,
                               const char    *message);

/* Gives widget an accessible description that sl_a11y_announce restores
 * after an announcement (a tooltip is restored without this).
 */
void sl_a11y_set_description (GtkWidget      *widget,
                              const char     *description);

/* Tells a screen reader that widget holds a wrong value: message becomes
 * its description (see sl_a11y_set_description), which Orca says after
 * the widget's name and value when the focus comes to it; NULL takes it
 * back. It is not marked invalid: GTK 4.8 exposes
 * GTK_ACCESSIBLE_STATE_INVALID as AT-SPI's "invalid" state (not
 * "invalid-entry"), which Orca 43 takes for a dead object, so it would not
 * follow the focus to the widget and say nothing at all.
 */
void sl_a11y_set_error      (GtkWidget       *widget,
                             const char      *message);

/* Names a drop-down, and the toggle button inside it (which has the
 * focus) with its current choice too, as it changes.
 */
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

/* Names a column view, the list of its rows inside it (which GTK 4.8
 * calls "GtkColumnListView") and its column headers (which it leaves
 * nameless), each header by its title.
 */
void sl_a11y_name_table     (GtkColumnView   *view,
                             const char      *label);

/* Names a column view's header row "Column headings" (GTK 4.8 builds it
 * without a name).
 */
void sl_a11y_name_headings  (GtkColumnView   *view);

/* Names the list of a preferences group that has no title to name it. */
void sl_a11y_name_group     (AdwPreferencesGroup *group,
                             const char          *label);

/* Names the column view row that holds cell_child. */
void sl_a11y_label_row      (GtkWidget       *cell_child,
                             const char      *text);

/* Names under root what GTK 4.8 and libadwaita 1.2 name wrongly or not
 * at all:
 *  - a button whose label has a mnemonic is named twice, as written and by
 *    the label inside ("_Undo Undo"); it keeps the inner label's name
 *    (so such a button is named by its label: a name given it otherwise
 *    would be dropped);
 *  - a check button with a mnemonic is named as written ("_Remember"); it
 *    gets its text without the underscore;
 *  - the choices in the list of a combo row or drop-down have no name;
 *    each gets its text (lists made by a GtkSignalListItemFactory, as the
 *    default ones are), and the list the row's title or the drop-down's
 *    name (sl_a11y_name_drop_down);
 *  - lists, tab strips, menus, column headers and some of libadwaita's own
 *    controls are named after their class ("GtkListBox", "GtkPopoverMenu",
 *    "_2"); each without a name gets one: a list box by its rows' titles, a
 *    stack switcher's tabs by the text they show ("Page 2"), a menu by its
 *    menu button's tooltip, a column header by its title (see
 *    sl_a11y_name_table), a view switcher "Pages", a search entry
 *    "Search", a text view by the header bar over it;
 *  - buttons, menu buttons, list rows and the drop-down GTK makes (the
 *    file chooser's, the about window's) are named after their class; each
 *    without a name gets the text it shows, or else its tooltip.
 * The first two stay right when the label changes or the list binds new
 * rows.
 */
void sl_a11y_fix_tree       (GtkWidget       *root);

/* Fixes every window of the application each time it is mapped (see
 * sl_a11y_fix_tree): dialogs add their buttons after they are built.
 */
void sl_a11y_watch_windows  (void);

G_END_DECLS
