/* sl-table.c — the rows of a column view, and the filters over one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-table.h"

GtkWidget *
sl_table_get_rows (GtkColumnView *view)
{
  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

GtkWidget *
sl_table_cell_new (GtkListItem *list_item,
                   int          nat_chars)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  g_return_val_if_fail (GTK_IS_LIST_ITEM (list_item), NULL);

  /* How a focused row says which item it shows (sl_table_row_position). */
  g_object_set_data (G_OBJECT (cell), "list-item", list_item);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), nat_chars);
  gtk_list_item_set_child (list_item, cell);
  return cell;
}

/* From the list item a cell was made for: cell child → column view cell
 * → row.
 */
guint
sl_table_row_position (GtkWidget *row)
{
  g_return_val_if_fail (GTK_IS_WIDGET (row), GTK_INVALID_LIST_POSITION);

  for (GtkWidget *cell = gtk_widget_get_first_child (row);
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *child = gtk_widget_get_first_child (cell);
      GtkListItem *list_item = child != NULL ? g_object_get_data (G_OBJECT (child), "list-item")
                                             : NULL;

      if (list_item != NULL)
        return gtk_list_item_get_position (list_item);
    }
  return GTK_INVALID_LIST_POSITION;
}

gboolean
sl_table_has_focus (GtkColumnView *view)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (view));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (view));
}

GtkRoot *
sl_table_follow_focus (GtkWidget *page,
                       GCallback  move_focus,
                       GCallback  move_focus_after,
                       GCallback  focus_changed)
{
  GtkRoot *root = gtk_widget_get_root (page);

  g_return_val_if_fail (root != NULL, NULL);

  g_signal_connect_object (root, "move-focus", move_focus, page, G_CONNECT_SWAPPED);
  g_signal_connect_object (root, "move-focus", move_focus_after, page,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (root, "notify::focus-widget", focus_changed, page,
                           G_CONNECT_SWAPPED);
  return root;
}

gboolean
sl_table_sit_out_tab (GtkColumnView    *view,
                      GtkDirectionType  direction)
{
  gboolean in_table = sl_table_has_focus (view);

  if ((direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD) && in_table)
    gtk_widget_set_can_focus (GTK_WIDGET (view), FALSE);
  return in_table;
}

gboolean
sl_table_focus_row (GtkWidget *rows,
                    guint      position)
{
  g_return_val_if_fail (GTK_IS_LIST_VIEW (rows), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (rows);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (sl_table_row_position (row) == position)
      {
        gtk_widget_grab_focus (row);
        return TRUE;
      }
  return FALSE;
}

void
sl_table_ellipsize_filter (GtkDropDown *drop_down)
{
  static const char button_item[] =
    "<?xml version='1.0' encoding='UTF-8'?>"
    "<interface>"
    "  <template class='GtkListItem'>"
    "    <property name='child'>"
    "      <object class='GtkLabel'>"
    "        <property name='xalign'>0</property>"
    "        <property name='ellipsize'>end</property>"
    "        <property name='width-chars'>4</property>"
    "        <binding name='label'>"
    "          <lookup name='string' type='GtkStringObject'>"
    "            <lookup name='item'>GtkListItem</lookup>"
    "          </lookup>"
    "        </binding>"
    "      </object>"
    "    </property>"
    "  </template>"
    "</interface>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (button_item, sizeof button_item - 1);
  g_autoptr(GtkListItemFactory) factory = gtk_builder_list_item_factory_new_from_bytes (NULL,
                                                                                       bytes);

  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  /* GTK's default factory, made with the drop-down, goes on in the list. */
  gtk_drop_down_set_list_factory (drop_down, gtk_drop_down_get_factory (drop_down));
  gtk_drop_down_set_factory (drop_down, factory);
}
