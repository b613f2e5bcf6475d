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

void
sl_add_toast (AdwToastOverlay *overlay,
              AdwToast        *toast)
{
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));

  /* The overlay builds the toast's widget at once when it is shown now
   * (high priority, or nothing else showing); a toast waiting in the queue
   * is named when the next one is added.
   */
  adw_toast_overlay_add_toast (overlay, toast);
  name_close_buttons (GTK_WIDGET (overlay));
}
