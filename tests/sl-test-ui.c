/* sl-test-ui.c — keys, frames and a locked event for the in-process widget tests
 *
 * GTK 4 has no public way to make a key event, and emitting the signals a
 * key would reach skips the bindings and controllers that decide what the
 * key does. The tests run on their own Xvfb (tests/run-on-display.sh), so
 * the X server's test extension presses real keys instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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

GSubprocess *
sl_test_hold_event (const char *path,
                    guint       seconds,
                    gint64     *ready_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *ready = NULL;
  g_autofree char *script = NULL;
  GSubprocess *holder;

  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                             &error, "sqlite3", path, NULL);
  g_assert_no_error (error);
  script = g_strdup_printf ("BEGIN IMMEDIATE;\nUPDATE event SET name = name;\n.print ready\n"
                            ".system sleep %u\nCOMMIT;\n", seconds);
  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (holder), script,
                                            strlen (script), NULL, NULL, &error));
  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (holder), NULL, &error));
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  ready = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ready, ==, "ready");
  if (ready_at != NULL)
    *ready_at = g_get_monotonic_time ();
  return holder;
}

void
sl_test_release_event (GSubprocess *holder)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_check (holder, NULL, &error));
  g_assert_no_error (error);
  g_object_unref (holder);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  SlTestFrames *frames = user_data;
  gint64 now = g_get_monotonic_time ();

  frames->n_frames++;
  frames->longest_gap = MAX (frames->longest_gap, now - frames->last_frame);
  frames->last_frame = now;
  return G_SOURCE_CONTINUE;
}

void
sl_test_frames_start (SlTestFrames *frames,
                      GtkWidget    *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  frames->widget = g_object_ref (widget);
  frames->n_frames = 0;
  frames->last_frame = g_get_monotonic_time ();
  frames->tick = gtk_widget_add_tick_callback (widget, count_frame_cb, frames, NULL);
  /* A frame clock that was idle takes a while (half a second or more
   * under Xvfb) to draw its second frame: counted from the third on.
   */
  while (frames->n_frames < 3 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (frames->n_frames, >=, 3);
  frames->n_frames = 0;
  frames->longest_gap = 0;
  frames->last_frame = g_get_monotonic_time ();
}

void
sl_test_frames_stop (SlTestFrames *frames)
{
  frames->longest_gap = MAX (frames->longest_gap, g_get_monotonic_time () - frames->last_frame);
  gtk_widget_remove_tick_callback (frames->widget, frames->tick);
  g_clear_object (&frames->widget);
  g_test_message ("frames drawn: %u, longest time between two: %.0f ms", frames->n_frames,
                  frames->longest_gap / 1000.0);
}

void
sl_test_frames_assert_steady (SlTestFrames *frames)
{
  g_assert_cmpuint (frames->n_frames, >=, 30);
  g_assert_cmpint (frames->longest_gap, <, 1500 * G_TIME_SPAN_MILLISECOND);
}

void
sl_test_assert_waited_drawing (GSubprocess  *holder,
                               gint64        ready_at,
                               guint         seconds,
                               SlTestFrames *frames)
{
  gint64 written_at = g_get_monotonic_time ();

  sl_test_frames_stop (frames);
  sl_test_release_event (holder);
  /* The holder lets go seconds after it says it is ready; the reading of
   * that line may come a moment after it was written.
   */
  g_assert_cmpint (written_at - ready_at, >=,
                   seconds * G_USEC_PER_SEC - 100 * G_TIME_SPAN_MILLISECOND);
  sl_test_frames_assert_steady (frames);
}
