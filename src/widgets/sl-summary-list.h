/* sl-summary-list.h — the list of summaries at the side of the Facilities
 * and Charities pages: a row of three lines (the name, what it is, its
 * figures) for each, found by its id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What one row shows. A screen reader reads it as "name, detail: figures". */
typedef struct
{
  gint64      id;
  const char *name;
  const char *detail;
  const char *figures;
  gboolean    warning;   /* the figures in the warning style */
} SlSummaryRowText;

/* Fills list with a row for each of the n rows. The rows stay (the focus
 * with them) when the same ids come back in the same order, and are given
 * the new text; otherwise they are made again. Selects nothing.
 */
void           sl_summary_list_fill     (GtkListBox             *list,
                                         const SlSummaryRowText *rows,
                                         guint                   n);
/* The id a row shows; 0 for NULL. */
gint64         sl_summary_list_row_id   (GtkListBoxRow          *row);
/* The row showing id, or NULL. */
GtkListBoxRow *sl_summary_list_find     (GtkListBox             *list,
                                         gint64                  id);
/* Selects the row showing id, else (id 0 or gone) the first row. */
void           sl_summary_list_select   (GtkListBox             *list,
                                         gint64                  id);

G_END_DECLS
