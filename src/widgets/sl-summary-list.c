/* sl-summary-list.c — the list of summaries at the side of the Facilities
 * and Charities pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-summary-list.h"

static void
show_row (GtkListBoxRow          *row,
          const SlSummaryRowText *text)
{
  GtkWidget *box = gtk_list_box_row_get_child (row);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  GtkWidget *figures = gtk_widget_get_next_sibling (detail);
  g_autofree char *said = g_strdup_printf ("%s, %s: %s", text->name, text->detail,
                                           text->figures);

  g_object_set_data_full (G_OBJECT (row), "summary-id", g_memdup2 (&text->id, sizeof text->id),
                          g_free);
  gtk_label_set_text (GTK_LABEL (name), text->name);
  gtk_label_set_text (GTK_LABEL (detail), text->detail);
  gtk_label_set_text (GTK_LABEL (figures), text->figures);
  if (text->warning)
    gtk_widget_add_css_class (figures, "warning");
  else
    gtk_widget_remove_css_class (figures, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, said, -1);
}

static GtkWidget *
new_row (const SlSummaryRowText *text)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, i == 0 ? "heading" : i == 2 ? "numeric" : "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  show_row (GTK_LIST_BOX_ROW (row), text);
  return row;
}

gint64
sl_summary_list_row_id (GtkListBoxRow *row)
{
  gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "summary-id") : NULL;

  return id != NULL ? *id : 0;
}

void
sl_summary_list_fill (GtkListBox             *list,
                      const SlSummaryRowText *rows,
                      guint                   n)
{
  gboolean same = TRUE;
  GtkListBoxRow *row;

  for (guint i = 0; same && i <= n; i++)
    {
      row = gtk_list_box_get_row_at_index (list, i);
      same = i == n ? row == NULL : row != NULL && sl_summary_list_row_id (row) == rows[i].id;
    }
  if (same)
    {
      for (guint i = 0; i < n; i++)
        show_row (gtk_list_box_get_row_at_index (list, i), &rows[i]);
      return;
    }
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (list, new_row (&rows[i]));
}

GtkListBoxRow *
sl_summary_list_find (GtkListBox *list,
                      gint64      id)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (sl_summary_list_row_id (row) == id)
      return row;
  return NULL;
}

void
sl_summary_list_select (GtkListBox *list,
                        gint64      id)
{
  GtkListBoxRow *row = id != 0 ? sl_summary_list_find (list, id) : NULL;

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (list, 0);
  if (row != NULL && gtk_list_box_get_selected_row (list) != row)
    gtk_list_box_select_row (list, row);
}
