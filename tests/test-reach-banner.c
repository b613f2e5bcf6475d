/* test-reach-banner.c — "Server unreachable — retrying" on every window
 * while the event's store has lost its server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sl-application.h"
#include "sl-reach-banner.h"
#include "sl-store.h"
#include "sl-test-ui.h"
#include "sl-test-util.h"
#include "sl-window.h"

#define MESSAGE "Server unreachable — retrying"

/* One application for all the tests: it registers once. */
static SlApplication *app;

typedef struct
{
  char     *dir;
  char     *path;
  SlDb     *db;
  SlWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("sl-reach-banner-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "event.startline", NULL);
  f->db = sl_db_create (f->path, "Test Marathon", "2027-04-25", &error);
  g_assert_no_error (error);
  f->window = sl_window_new (GTK_APPLICATION (app), sl_application_get_settings (app));
  sl_window_set_db (f->window, f->db);
  gtk_window_present (GTK_WINDOW (f->window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->window)))
    g_main_context_iteration (NULL, TRUE);
  sl_test_settle (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->db);
  sl_test_remove_db (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* A widget the accessible tree shows as an alert, on screen. */
static gboolean
is_shown_alert (GtkWidget     *widget,
                gconstpointer  data)
{
  return gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_ALERT
         && gtk_widget_get_mapped (widget);
}

/* The banner's alert in the tree at all, shown or not (a concealed
 * revealer's child stays in GTK 4.8's accessible tree unless hidden).
 */
static gboolean
is_banner_in_tree (GtkWidget     *widget,
                   gconstpointer  data)
{
  g_autofree char *wrong = NULL;

  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) != GTK_ACCESSIBLE_ROLE_ALERT
      || !gtk_widget_get_visible (widget))
    return FALSE;
  wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL, MESSAGE);
  return wrong == NULL;
}

static GtkWidget *
find_alert (Fixture *f)
{
  return sl_test_find_widget (GTK_WIDGET (f->window), is_shown_alert, NULL);
}

/* Runs the main loop until the banner is on screen (shown) or gone, with
 * a deadline: the revealer slides.
 */
static void
wait_for_alert (Fixture  *f,
                gboolean  shown)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while ((find_alert (f) != NULL) != shown && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (find_alert (f) != NULL, ==, shown);
}

static void
test_shown_while_unreachable (Fixture       *f,
                              gconstpointer  data)
{
  SlReachBanner *banner = SL_REACH_BANNER (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                          SL_TYPE_WINDOW,
                                                                          "reach_banner"));
  GtkWidget *alert;
  GtkWidget *focus;
  gint64 deadline;

  /* An event file is always reachable: nothing shown. */
  g_assert_true (sl_db_is_reachable (f->db));
  g_assert_false (sl_reach_banner_get_shown (banner));
  g_assert_null (find_alert (f));
  g_assert_null (sl_test_find_widget (GTK_WIDGET (f->window), is_banner_in_tree, NULL));

  sl_db_set_reachable (f->db, FALSE);
  g_assert_false (sl_db_is_reachable (f->db));
  wait_for_alert (f, TRUE);
  g_assert_true (sl_reach_banner_get_shown (banner));
  alert = find_alert (f);
  gtk_test_accessible_assert_property (alert, GTK_ACCESSIBLE_PROPERTY_LABEL, MESSAGE);
  /* Said to a screen reader too, where the focus is. */
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (focus)) == GTK_ACCESSIBLE_ROLE_NONE)
    focus = gtk_widget_get_parent (focus);
  gtk_test_accessible_assert_property (focus, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, MESSAGE);
  sl_test_save_screenshot (GTK_WIDGET (f->window), "reach-banner.png");

  /* Stays while it is so; goes once the server answers again. */
  sl_test_settle (200);
  g_assert_nonnull (find_alert (f));
  sl_db_set_reachable (f->db, TRUE);
  wait_for_alert (f, FALSE);
  g_assert_false (sl_reach_banner_get_shown (banner));
  /* Gone from the accessible tree too once it has slid away. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (sl_test_find_widget (GTK_WIDGET (f->window), is_banner_in_tree, NULL) != NULL
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (sl_test_find_widget (GTK_WIDGET (f->window), is_banner_in_tree, NULL));
}

static gpointer
lose_writer_cb (gpointer data)
{
  sl_db_set_reachable (SL_DB (data), FALSE);
  return NULL;
}

/* A writer finds the server gone in a worker thread: the window hears it
 * in the main context and shows it.
 */
static void
test_writer_in_worker (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) writer = sl_db_dup_writer (f->db, &error);
  GThread *thread;

  g_assert_no_error (error);
  thread = g_thread_new ("writer", lose_writer_cb, writer);
  g_thread_join (thread);
  g_assert_false (sl_db_is_reachable (f->db));
  wait_for_alert (f, TRUE);
  sl_db_set_reachable (writer, TRUE);
  g_assert_true (sl_db_is_reachable (f->db));
  wait_for_alert (f, FALSE);
}

/* Another event shown: the banner follows that one. */
static void
test_follows_event_shown (Fixture       *f,
                          gconstpointer  data)
{
  sl_db_set_reachable (f->db, FALSE);
  wait_for_alert (f, TRUE);
  sl_window_set_db (f->window, NULL);
  wait_for_alert (f, FALSE);
  sl_window_set_db (f->window, f->db);
  wait_for_alert (f, TRUE);
  sl_db_set_reachable (f->db, TRUE);
  wait_for_alert (f, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sl_ensure_resources ();
  app = sl_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reach-banner/shown-while-unreachable", test_shown_while_unreachable);
  ADD ("/reach-banner/writer-in-worker", test_writer_in_worker);
  ADD ("/reach-banner/follows-event-shown", test_follows_event_shown);
#undef ADD

  return g_test_run ();
}
