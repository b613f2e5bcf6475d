/* sl-write-wait.c — a write under way that says when it waits for the event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-write-wait.h"

#define WAIT_MS 500

static void
say (SlWriteWait *self)
{
  if (GTK_IS_BUTTON (self->shows))
    gtk_button_set_label (GTK_BUTTON (self->shows), _("Waiting for the Event File…"));
  else if (GTK_IS_LABEL (self->shows))
    gtk_label_set_text (GTK_LABEL (self->shows), _("Waiting for the event file…"));
  sl_a11y_announce (self->announcer,
                    _("Waiting for another desk or program to finish with the event file"));
}

static gboolean
say_cb (gpointer user_data)
{
  SlWriteWait *self = user_data;

  self->source = 0;
  say (self);
  return G_SOURCE_REMOVE;
}

void
sl_write_wait_start (SlWriteWait *self,
                     GtkWidget   *announcer,
                     GtkWidget   *shows)
{
  g_return_if_fail (GTK_IS_WIDGET (announcer));
  g_return_if_fail (shows == NULL || GTK_IS_BUTTON (shows) || GTK_IS_LABEL (shows));

  g_clear_handle_id (&self->source, g_source_remove);
  self->announcer = announcer;
  self->shows = shows;
  self->source = g_timeout_add (WAIT_MS, say_cb, self);
  self->under_way = TRUE;
}

void
sl_write_wait_stop (SlWriteWait *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
  self->under_way = FALSE;
}

void
sl_write_wait_say_now (SlWriteWait *self)
{
  g_return_if_fail (GTK_IS_WIDGET (self->announcer));

  g_clear_handle_id (&self->source, g_source_remove);
  say (self);
}

void
sl_write_wait_say_early (SlWriteWait *self)
{
  if (self->source != 0)
    sl_write_wait_say_now (self);
}

static gboolean
key_pressed_cb (SlWriteWait     *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  return self->under_way && keyval != GDK_KEY_Escape ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

void
sl_write_wait_hold_keys (SlWriteWait *self,
                         GtkWidget   *window)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_return_if_fail (GTK_IS_WIDGET (window));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (window, keys);
}
