/* sl-a11y.c — accessible names that the toolkit leaves out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"

static void
name_close_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child)
          && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)),
                        "window-close-symbolic") == 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Dismiss notification"), -1);
      name_close_buttons (child);
    }
}

static gboolean
name_close_buttons_later_cb (gpointer data)
{
  g_autoptr(GtkWidget) overlay = g_weak_ref_get (data);

  if (overlay != NULL)
    name_close_buttons (overlay);
  return G_SOURCE_REMOVE;
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static GWeakRef *
new_weak_ref (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

/* A queued toast gets its widget when the one before it goes away. The
 * sources hold the overlay weakly: it must not outlive its window.
 */
static void
toast_dismissed_cb (AdwToastOverlay *overlay)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, name_close_buttons_later_cb,
                   new_weak_ref (overlay), free_weak_ref);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 400, name_close_buttons_later_cb,
                      new_weak_ref (overlay), free_weak_ref);
}

void
sl_add_toast (AdwToastOverlay *overlay,
              AdwToast        *toast)
{
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  /* The overlay builds the toast's widget at once when it is shown now
   * (high priority, or nothing else showing); a toast waiting in the queue
   * is named when the one before it is dismissed.
   */
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), overlay,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  adw_toast_overlay_add_toast (overlay, toast);
  name_close_buttons (GTK_WIDGET (overlay));
}

void
sl_a11y_name_drop_down (GtkDropDown *drop_down,
                        const char  *label)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  /* GTK 4.8 exposes the drop-down's inner toggle button on its own. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
}

void
sl_a11y_label_cell (GtkWidget  *cell_child,
                    const char *text)
{
  GtkWidget *cell;

  g_return_if_fail (GTK_IS_WIDGET (cell_child));

  /* The column view's cell widget is what a screen reader reads as the
   * table cell; GTK 4.8 gives it no text of its own.
   */
  cell = gtk_widget_get_parent (cell_child);
  if (cell != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    text != NULL && *text != '\0' ? text : _("empty"), -1);
}

void
sl_a11y_name_search_entries (GtkWidget  *root,
                             const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_SEARCH_ENTRY (root))
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sl_a11y_name_search_entries (child, label);
}

void
sl_a11y_label_row (GtkWidget  *cell_child,
                   const char *text)
{
  GtkWidget *cell;
  GtkWidget *row;

  g_return_if_fail (GTK_IS_WIDGET (cell_child));

  /* cell child → column view cell → row widget, which GTK 4.8 leaves
   * without a name ("GtkListItemWidget").
   */
  if ((cell = gtk_widget_get_parent (cell_child)) != NULL
      && (row = gtk_widget_get_parent (cell)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    text, -1);
}
