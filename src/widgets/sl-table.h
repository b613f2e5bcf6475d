/* sl-table.h — the rows of a column view, and the filters over one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The list view that holds a column view's rows (GTK 4.8 has no
 * scroll_to on a column view; that list's "list.scroll-to-item" does it).
 */
GtkWidget *sl_table_get_rows         (GtkColumnView *view);

/* A cell of one line that gives way to "…", about nat_chars wide, made
 * the child of list_item and marked with it (see sl_table_row_position).
 */
GtkWidget *sl_table_cell_new         (GtkListItem   *list_item,
                                      int            nat_chars);

/* The position of the item a row of the list shows (from its cells made by
 * sl_table_cell_new), GTK_INVALID_LIST_POSITION if none.
 */
guint      sl_table_row_position     (GtkWidget     *row);

/* Whether the keyboard focus is in the column view. */
gboolean   sl_table_has_focus        (GtkColumnView *view);

/* Called from a page's root vfunc: the page follows the keyboard focus in
 * its window (returned). move_focus runs as the window is about to move it
 * (Tab, the arrows), move_focus_after once it has, focus_changed when it
 * moved however; each is called with the page first (swapped) and lives
 * as long as the page. unroot disconnects them
 * (g_signal_handlers_disconnect_by_data).
 */
GtkRoot   *sl_table_follow_focus     (GtkWidget     *page,
                                      GCallback      move_focus,
                                      GCallback      move_focus_after,
                                      GCallback      focus_changed);

/* Tab and Shift+Tab leave the table for the next control instead of going
 * from row to row (GTK 4.8 has no tab-behavior): called as the window is
 * about to move the focus in direction, a Tab takes view out of the focus
 * chain while the focus is in it; the arrows still move between rows.
 * Put it back with gtk_widget_set_can_focus once the focus has moved.
 * Whether the focus was in view.
 */
gboolean   sl_table_sit_out_tab      (GtkColumnView    *view,
                                      GtkDirectionType  direction);

/* The row of rows (sl_table_get_rows) that shows position takes the
 * keyboard focus, if it is made; FALSE if not.
 */
gboolean   sl_table_focus_row        (GtkWidget     *rows,
                                      guint          position);

/* A filter's drop-down whose button shows its choice in a label that gives
 * way to "…" when the window is narrow (GTK's own never does, so one long
 * name made the whole window wider); its list keeps GTK's items, whole
 * and with their check mark. A screen reader still gets the whole choice
 * (sl_a11y_name_drop_down).
 */
void       sl_table_ellipsize_filter (GtkDropDown   *drop_down);

G_END_DECLS
