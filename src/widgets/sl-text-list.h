/* sl-text-list.h — a list box of rows of one wrapped text each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What list shows when it has no rows, dimmed. */
void       sl_text_list_set_placeholder (GtkListBox *list,
                                         const char *text);
/* Removes every row of list. */
void       sl_text_list_clear           (GtkListBox *list);
/* Appends a row showing text, wrapped, margin_y above and below it, and
 * named by it for a screen reader; returns the row (owned by list).
 */
GtkWidget *sl_text_list_append          (GtkListBox *list,
                                         const char *text,
                                         int         margin_y);

G_END_DECLS
