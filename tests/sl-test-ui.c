/* sl-test-ui.c — keys for the in-process widget tests
 *
 * GTK 4 has no public way to make a key event, and emitting the signals a
 * key would reach skips the bindings and controllers that decide what the
 * key does. The tests run on their own Xvfb (tests/run-on-display.sh), so
 * the X server's test extension presses real keys instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "sl-test-ui.h"

static const struct
{
  GdkModifierType mask;
  KeySym          keysym;
} modifier_keys[] = {
  { GDK_CONTROL_MASK, XK_Control_L },
  { GDK_ALT_MASK, XK_Alt_L },
  { GDK_SHIFT_MASK, XK_Shift_L },
};

/* Sees every event GDK hands to a window, before GTK handles it. */
static gboolean
surface_event_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               data)
{
  GdkEvent *event = g_value_get_pointer (&values[1]);
  guint *last_keycode = data;

  if (gdk_event_get_event_type (event) == GDK_KEY_RELEASE
      && gdk_key_event_get_keycode (event) == *last_keycode)
    *last_keycode = 0;
  return TRUE;
}

static KeyCode
get_keycode (Display *xdisplay,
             KeySym   keysym)
{
  KeyCode keycode = XKeysymToKeycode (xdisplay, keysym);

  g_assert_cmpuint (keycode, !=, 0);
  return keycode;
}

void
sl_test_press_key (GtkWidget       *widget,
                   guint            keyval,
                   GdkModifierType  modifiers)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  /* Held: the keys may close the window. */
  g_autoptr(GtkWidget) native = gtk_widget_get_native (widget) != NULL
                                ? g_object_ref (GTK_WIDGET (gtk_widget_get_native (widget)))
                                : NULL;
  GdkSurface *surface;
  Display *xdisplay;
  guint event_signal;
  gulong watch;
  int event_base, error_base, major, minor;
  guint last_keycode = 0;
  gint64 deadline;

  g_assert_true (GDK_IS_X11_DISPLAY (display));
  g_assert_nonnull (native);
  g_assert_true (gtk_widget_get_mapped (native));
  xdisplay = gdk_x11_display_get_xdisplay (display);
  g_assert_true (XTestQueryExtension (xdisplay, &event_base, &error_base, &major, &minor));

  /* Without a window manager nobody else gives the window the keyboard. */
  surface = gtk_native_get_surface (GTK_NATIVE (native));
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);

  /* The last key let go tells when GTK has handled them all (GTK 4 can
   * hold events back until the next frame). A hook sees it whichever window
   * it goes to, before GTK passes it on (to a modal dialog the keys opened).
   */
  event_signal = g_signal_lookup ("event", GDK_TYPE_SURFACE);
  watch = g_signal_add_emission_hook (event_signal, 0, surface_event_hook, &last_keycode, NULL);

  /* GDK's key values are X key symbols. */
  for (guint i = 0; i < G_N_ELEMENTS (modifier_keys); i++)
    if (modifiers & modifier_keys[i].mask)
      XTestFakeKeyEvent (xdisplay, get_keycode (xdisplay, modifier_keys[i].keysym), True,
                         CurrentTime);
  XTestFakeKeyEvent (xdisplay, get_keycode (xdisplay, keyval), True, CurrentTime);
  XTestFakeKeyEvent (xdisplay, get_keycode (xdisplay, keyval), False, CurrentTime);
  last_keycode = get_keycode (xdisplay, keyval);
  for (guint i = G_N_ELEMENTS (modifier_keys); i > 0; i--)
    if (modifiers & modifier_keys[i - 1].mask)
      {
        XTestFakeKeyEvent (xdisplay, get_keycode (xdisplay, modifier_keys[i - 1].keysym), False,
                           CurrentTime);
        last_keycode = get_keycode (xdisplay, modifier_keys[i - 1].keysym);
      }
  XSync (xdisplay, False);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  /* A key that closes the window (Escape in a dialog) has its release go
   * nowhere: done once the window is gone.
   */
  while (last_keycode != 0 && gtk_widget_get_mapped (native)
         && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_signal_remove_emission_hook (event_signal, watch);
  g_assert_true (last_keycode == 0 || !gtk_widget_get_mapped (native));

  /* Let GTK lay out and draw what the keys did. */
  sl_test_settle (50);
}
