/* sl-form-write.c — a dialog's form sent to be written: busy, refused, done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-form-write.h"

void
sl_form_write_class_install_save (GtkWidgetClass              *widget_class,
                                  const char                  *save_action,
                                  GtkWidgetActionActivateFunc  activate)
{
  gtk_widget_class_install_action (widget_class, save_action, NULL, activate);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, save_action,
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

void
sl_form_write_set_busy (GtkWidget   *window,
                        SlWriteWait *wait,
                        GtkWidget   *form,
                        GtkButton   *save_button,
                        const char  *save_action,
                        gboolean     busy)
{
  g_return_if_fail (GTK_IS_WIDGET (window));
  g_return_if_fail (GTK_IS_BUTTON (save_button));

  sl_write_wait_stop (wait);
  gtk_widget_set_can_target (form, !busy);
  gtk_widget_action_set_enabled (window, save_action, !busy);
  gtk_button_set_label (save_button, busy ? _("Saving…") : _("_Save"));
  if (busy)
    sl_write_wait_start (wait, window, GTK_WIDGET (save_button));
}

gboolean
sl_form_write_end (gpointer        form,
                   GCancellable  **cancellable,
                   SlFormBusyFunc  set_busy,
                   gboolean        ok,
                   const GError   *error,
                   GtkLabel       *error_label)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  g_clear_object (cancellable);
  set_busy (form, FALSE);
  if (!ok)
    {
      sl_a11y_show_error_label (error_label, error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_form_write_holds (GCancellable *cancellable,
                     SlWriteWait  *wait)
{
  if (cancellable == NULL)
    return FALSE;
  if (wait != NULL)
    sl_write_wait_say_early (wait);
  return TRUE;
}

void
sl_form_write_dispose (GCancellable **cancellable,
                       SlWriteWait   *wait)
{
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  if (wait != NULL)
    sl_write_wait_stop (wait);
}
