/* sl-form-write.h — a dialog's form sent to be written: busy, refused, done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sl-write-wait.h"

G_BEGIN_DECLS

/* The form's own: what it takes and does not while its write is under way. */
typedef void (*SlFormBusyFunc) (gpointer form,
                                gboolean busy);

/* In class_init: save_action runs activate, Ctrl+S runs it, and Escape
 * closes the window (window.close; see sl_form_write_holds).
 */
void     sl_form_write_class_install_save (GtkWidgetClass              *widget_class,
                                           const char                  *save_action,
                                           GtkWidgetActionActivateFunc  activate);
/* The form's window (sent, or back from its write): it does not take
 * clicks on form or the action save_action, save_button says "Saving…"
 * ("_Save" again after), and wait starts or stops. Nothing is made
 * insensitive: the focus stays where it is.
 */
void     sl_form_write_set_busy  (GtkWidget      *window,
                                  SlWriteWait    *wait,
                                  GtkWidget      *form,
                                  GtkButton      *save_button,
                                  const char     *save_action,
                                  gboolean        busy);
/* First in the callback of what the form sent (a write; a connection),
 * with what its _finish returned (ok, error).
 * Cancelled, the form going: FALSE, nothing touched. Otherwise the write
 * is over: *cancellable is cleared and set_busy (form, FALSE) called; a
 * refusal is shown in error_label and said (sl_a11y_show_error_label),
 * with everything typed kept: FALSE. TRUE: written; the caller says so
 * and closes.
 */
gboolean sl_form_write_end       (gpointer        form,
                                  GCancellable  **cancellable,
                                  SlFormBusyFunc  set_busy,
                                  gboolean        ok,
                                  const GError   *error,
                                  GtkLabel       *error_label);
/* In close_request: TRUE (the window stays) while a write is under way
 * (cancellable set); it finishes first, and wait (may be NULL) says why
 * the window stays.
 */
gboolean sl_form_write_holds     (GCancellable   *cancellable,
                                  SlWriteWait    *wait);
/* In dispose: the write under way is cancelled and forgotten, and wait
 * (may be NULL) says nothing more.
 */
void     sl_form_write_dispose   (GCancellable  **cancellable,
                                  SlWriteWait    *wait);

G_END_DECLS
