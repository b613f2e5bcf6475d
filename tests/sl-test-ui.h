/* sl-test-ui.h — small helpers shared by the in-process widget tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Runs the main loop for ms milliseconds (GTK reacts to some changes from
 * timeouts, so a bounded wait beats a fixed sleep).
 */
static inline void
sl_test_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static void
sl_test_after_paint_cb (GdkFrameClock *clock,
                        gpointer       user_data)
{
  *(gboolean *)user_data = TRUE;
}

/* Until the widget's window has painted one more frame (at most five
 * seconds: a window that never paints fails the caller's assertion).
 */
static inline void
sl_test_wait_for_frame (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    return;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (sl_test_after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_signal_handler_disconnect (clock, handler);
}

/* Runs the main loop until cond (data) holds; FALSE when it still does
 * not after twenty seconds (a generous bound for a loaded machine: the
 * caller asserts it).
 */
static inline gboolean
sl_test_wait_for (gboolean (*cond) (gpointer),
                  gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

/* The first open window of type (or a subtype), or NULL. */
static inline gpointer
sl_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

/* For sl_test_wait_for: whether a window of the type GSIZE_TO_POINTER
 * (type) is open, or none is.
 */
static inline gboolean
sl_test_toplevel_open (gpointer type)
{
  return sl_test_find_toplevel ((GType)GPOINTER_TO_SIZE (type)) != NULL;
}

static inline gboolean
sl_test_toplevel_gone (gpointer type)
{
  return sl_test_find_toplevel ((GType)GPOINTER_TO_SIZE (type)) == NULL;
}

/* Destroys every open window: a fixture's teardown. */
static inline void
sl_test_destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (window);
    }
}

typedef gboolean (*SlTestWidgetMatch) (GtkWidget     *widget,
                                       gconstpointer  data);

/* The first of widget and its descendants, depth first, that match says
 * is the one; NULL when none is.
 */
static inline GtkWidget *
sl_test_find_widget (GtkWidget         *widget,
                     SlTestWidgetMatch  match,
                     gconstpointer      data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sl_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Renders widget as it is on screen into build/tests/screenshots/name,
 * to be looked at after the run.
 */
static inline void
sl_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "screenshots", name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  GskRenderer *renderer;
  int width = 0, height = 0;

  /* A widget's paintable is empty until the widget has been drawn: on a
   * busy machine a screenshot taken right after showing it found nothing
   * to save. Wait for frames until it has been (a bound, not a sleep).
   */
  for (guint frame = 0; node == NULL && frame < 200; frame++)
    {
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GtkSnapshot) snapshot = NULL;

      sl_test_wait_for_frame (widget);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (width <= 0 || height <= 0)
        continue;
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_cmpint (width, >, 0);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* The least width widget can be given, measured in DejaVu Sans 11 (which
 * .ci/setup installs: wider than GNOME's own fonts, and the same on every
 * machine), with the font the settings had put back afterwards.
 */
static inline int
sl_test_minimum_width_in_dejavu (GtkWidget *widget)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *font = NULL;
  int minimum = 0;

  g_object_get (settings, "gtk-font-name", &font, NULL);
  g_object_set (settings, "gtk-font-name", "DejaVu Sans 11", NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_object_set (settings, "gtk-font-name", font, NULL);
  g_test_message ("minimum width: %d", minimum);
  return minimum;
}

/* Presses and releases keyval with the modifiers held, as a person at the
 * keyboard would, in the window that holds widget (sl-test-ui.c), and
 * returns once GTK has handled the keys (or the keys have closed the
 * window, as Escape closes a dialog). A button pressed by a key (Space,
 * Enter, its mnemonic) is clicked a moment later, as GTK shows it pressed:
 * wait for what it does.
 */
void sl_test_press_key (GtkWidget       *widget,
                        guint            keyval,
                        GdkModifierType  modifiers);

/* Another program holds the event at path for seconds: the sqlite3 shell,
 * a process of its own (locking the classic way), in a write transaction.
 * Returns once it holds it; *ready_at is then (g_get_monotonic_time), so
 * nothing this process writes can be in the file before ready_at plus
 * seconds. sl_test_release_event waits for it to let go and to exit well.
 */
GSubprocess *sl_test_hold_event    (const char    *path,
                                    guint          seconds,
                                    gint64        *ready_at);
void         sl_test_release_event (GSubprocess   *holder);

/* Counts the frames a widget's window draws (its frame clock ticks) from
 * start to stop, and the longest time between two of them: a window whose
 * main loop waits for the database draws none meanwhile.
 */
typedef struct
{
  GtkWidget *widget;
  guint      tick;
  guint      n_frames;
  gint64     last_frame;     /* monotonic time */
  gint64     longest_gap;    /* microseconds, from start to stop */
} SlTestFrames;

void         sl_test_frames_start  (SlTestFrames  *frames,
                                    GtkWidget     *widget);
void         sl_test_frames_stop   (SlTestFrames  *frames);
/* The window drew throughout a wait of about three seconds: 30 frames or
 * more (about 100 are usual under Xvfb, none when the main loop waits),
 * never more than one and a half seconds apart (a new window, a dialog
 * shown, can take a few hundred milliseconds on a busy machine).
 */
void         sl_test_frames_assert_steady (SlTestFrames *frames);
/* Right after a write that another program held up (sl_test_hold_event,
 * ready at ready_at, for seconds) is done: stops counting frames, lets the
 * holder finish, and asserts that the write waited for it (done no sooner
 * than it let go) while the window drew throughout.
 */
void         sl_test_assert_waited_drawing (GSubprocess  *holder,
                                            gint64        ready_at,
                                            guint         seconds,
                                            SlTestFrames *frames);

G_END_DECLS
