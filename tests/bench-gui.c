/* bench-gui.c — figures for the desk window at a full-size event
 *
 * Prints medians, never fails on a target: launch of the real startline to
 * its first drawn frame and its resident memory, then in process a
 * keystroke to updated results (and the next frame), and a scanned bib to
 * a committed check-in; on the entrants page, a keystroke in its search to
 * the next frame, and scrolling the whole table a screenful at a time
 * (frame times and the rows read). STARTLINE_BENCH_ENTRANTS sets the event
 * size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sl-application.h"
#include "sl-demo.h"
#include "sl-desk-page.h"
#include "sl-entrant-list-model.h"
#include "sl-entrants-page.h"

#include "sl-bench-util.h"

static long
read_rss_kb (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

/* One launch: spawn, read the first-frame line, measure memory, quit. */
static void
launch_once (const char *app,
             const char *renderer,
             const char *db_path,
             double     *first_frame_ms,
             double     *rss_mb)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  char *line;

  g_subprocess_launcher_setenv (launcher, "STARTLINE_BENCH", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (renderer != NULL)
    g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderer, TRUE);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, app, db_path, NULL);
  if (process == NULL)
    sl_bench_die ("spawn startline", error);

  input = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  *first_frame_ms = -1;
  while ((line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error)) != NULL)
    {
      gint64 at;

      if (sscanf (line, "startline-bench: first-frame %" G_GINT64_FORMAT, &at) == 1)
        {
          *first_frame_ms = (at - start) / 1000.0;
          g_free (line);
          break;
        }
      g_free (line);
    }
  if (*first_frame_ms < 0)
    sl_bench_die ("startline never drew a frame", error);

  /* The event is loaded and the window drawn: what a desk runs with. */
  g_usleep (300 * 1000);
  *rss_mb = read_rss_kb (atoi (g_subprocess_get_identifier (process))) / 1024.0;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
}

static guint n_updates;

static void
results_updated_cb (SlDeskPage *page,
                    gpointer    data)
{
  n_updates++;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Runs the main loop until the next frame is drawn (or a deadline). */
static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  gtk_widget_queue_draw (window);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static guint n_changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  n_changes++;
}

/* The entrants page: keystrokes in its search, then the whole table
 * scrolled through a screenful at a time, as a person paging down.
 */
static void
bench_entrants_page (SlDb  *db,
                     guint  n_entrants)
{
  static const char *words[] = { "fernandez", "smith", "garcia", "ana" };
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) screens = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window = gtk_window_new ();
  SlEntrantsPage *page = SL_ENTRANTS_PAGE (sl_entrants_page_new (db));
  GListModel *model = sl_entrants_page_get_model (page);
  GtkEditable *entry;
  GtkAdjustment *adjustment;
  gint64 start;
  double total_ms, max_ms;
  guint64 rows_read = 0;
  guint fetched;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (window);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), NULL);
  entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page), SL_TYPE_ENTRANTS_PAGE,
                                                       "search_entry"));

  /* Keystroke to the frame that shows the rows (the field's own delay,
   * GtkSearchEntry's 150 ms, left out: it is the same before and after).
   */
  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    for (const char *c = words[w]; *c != '\0'; c++)
      {
        guint before = n_changes;
        int position = -1;
        double ms;

        if (c == words[w])
          {
            gtk_editable_set_text (entry, "");
            g_signal_emit_by_name (entry, "search-changed");
            wait_for_frame (window);
          }
        gtk_editable_insert_text (entry, c, 1, &position);
        start = g_get_monotonic_time ();
        g_signal_emit_by_name (entry, "search-changed");
        if (n_changes == before)
          sl_bench_die ("a search listed nothing again", NULL);
        wait_for_frame (window);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (keys, ms);
        /* Counted from each search's refresh: what showing its rows read. */
        rows_read += sl_entrant_list_model_get_n_fetched (SL_ENTRANT_LIST_MODEL (model));
      }
  g_print ("gui_entrants_keystroke_to_frame_ms median=%.2f p99=%.2f (keystrokes=%u, "
           "rows read %.0f a keystroke)\n",
           sl_bench_median (keys), sl_bench_percentile (keys, 99), keys->len, (double)rows_read / keys->len);

  gtk_editable_set_text (entry, "");
  g_signal_emit_by_name (entry, "search-changed");
  wait_for_frame (window);
  if (g_list_model_get_n_items (model) != n_entrants)
    sl_bench_die ("the table does not list every entrant", NULL);
  fetched = sl_entrant_list_model_get_n_fetched (SL_ENTRANT_LIST_MODEL (model));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (
                 gtk_widget_get_template_child (GTK_WIDGET (page), SL_TYPE_ENTRANTS_PAGE,
                                                "column_view")));
  start = g_get_monotonic_time ();
  while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment)
         < gtk_adjustment_get_upper (adjustment))
    {
      gint64 screen_start = g_get_monotonic_time ();
      double ms;

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment)
                                            + gtk_adjustment_get_page_size (adjustment));
      wait_for_frame (window);
      ms = (g_get_monotonic_time () - screen_start) / 1000.0;
      g_array_append_val (screens, ms);
    }
  total_ms = (g_get_monotonic_time () - start) / 1000.0;
  max_ms = sl_bench_percentile (screens, 100);
  fetched = sl_entrant_list_model_get_n_fetched (SL_ENTRANT_LIST_MODEL (model)) - fetched;
  g_print ("gui_entrants_scroll_screen_ms median=%.2f p99=%.2f max=%.2f (screens=%u, "
           "total %.0f ms, rows read %u of %u)\n",
           sl_bench_median (screens), sl_bench_percentile (screens, 99), max_ms, screens->len, total_ms,
           fetched, n_entrants);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  const char *app = g_getenv ("STARTLINE_APP");
  guint n_entrants = sl_bench_env_uint ("STARTLINE_BENCH_ENTRANTS", 50000);
  static const char *words[] = { "fernandez", "obrien", "smith", "nguyen", "muller",
                                 "kowalski", "garcia", "johnson", "ana", "maria" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GArray) launches = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) key_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scans = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window;
  SlDeskPage *page;
  GtkEditable *entry;
  gint64 start;
  guint n_scanned = 0;

  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_init ();
  adw_init ();
  sl_ensure_resources ();

  dir = g_dir_make_tmp ("bench-gui-XXXXXX", &error);
  if (dir == NULL)
    sl_bench_die ("temporary folder", error);
  path = g_build_filename (dir, "demo.startline", NULL);
  start = g_get_monotonic_time ();
  if (!(db = sl_db_create (path, "Benchmark Marathon", "2026-04-26", &error))
      || !sl_db_generate_demo (db, n_entrants, 1, NULL, NULL, NULL, &error))
    sl_bench_die ("demo event", error);
  g_print ("# demo event of %u entrants in %.1f s\n", n_entrants,
           (g_get_monotonic_time () - start) / 1e6);
  g_clear_object (&db);

  /* Under Xvfb the default GL renderer is Mesa's software llvmpipe, which
   * costs memory and time a desk's real GPU does not; the cairo renderer
   * is printed beside it for comparison.
   */
  for (guint r = 0; app != NULL && r < 2; r++)
    {
      const char *renderer = r == 0 ? NULL : "cairo";
      const char *label = r == 0 ? "default" : "cairo";
      g_autoptr(GArray) bare_launches = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) bare_rss = g_array_new (FALSE, FALSE, sizeof (double));

      g_array_set_size (launches, 0);
      g_array_set_size (rss, 0);
      for (guint i = 0; i < 5; i++)
        {
          double ms, mb;

          launch_once (app, renderer, path, &ms, &mb);
          g_array_append_val (launches, ms);
          g_array_append_val (rss, mb);
          /* The bare baseline: the same app with no event open, i.e. what
           * GTK, libadwaita and the renderer cost by themselves.
           */
          launch_once (app, renderer, NULL, &ms, &mb);
          g_array_append_val (bare_launches, ms);
          g_array_append_val (bare_rss, mb);
        }
      g_print ("gui_launch_first_frame_ms median=%.1f bare_median=%.1f ratio=%.2f"
               " (renderer=%s runs=%u) target<500 %s\n",
               sl_bench_median (launches), sl_bench_median (bare_launches),
               sl_bench_median (launches) / sl_bench_median (bare_launches), label, launches->len,
               sl_bench_median (launches) < 500 ? "met" : "MISSED");
      g_print ("gui_rss_mb median=%.1f bare_median=%.1f ratio=%.2f"
               " (renderer=%s, %u entrants loaded) target<150 %s\n",
               sl_bench_median (rss), sl_bench_median (bare_rss), sl_bench_median (rss) / sl_bench_median (bare_rss), label,
               n_entrants, sl_bench_median (rss) < 150 ? "met" : "MISSED");
    }

  if (!(db = sl_db_open (path, &error)))
    sl_bench_die ("open the demo event", error);
  sl_db_set_actor (db, "Bench", "Bench desk");

  page = SL_DESK_PAGE (sl_desk_page_new ());
  g_signal_connect (page, "results-updated", G_CALLBACK (results_updated_cb), NULL);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  sl_desk_page_set_db (page, db);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_frame (window);
  entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page), SL_TYPE_DESK_PAGE,
                                                       "search_entry"));

  /* Keystrokes: each word typed a letter at a time, as at the desk. */
  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    {
      gtk_editable_set_text (entry, "");
      wait_for_frame (window);
      for (const char *c = words[w]; *c != '\0'; c++)
        {
          guint before = n_updates;
          int position = -1;
          double ms;

          start = g_get_monotonic_time ();
          gtk_editable_insert_text (entry, c, 1, &position);
          while (n_updates == before)
            g_main_context_iteration (NULL, TRUE);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (keys, ms);
          wait_for_frame (window);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          g_array_append_val (key_frames, ms);
        }
    }
  g_print ("gui_keystroke_to_results_ms median=%.2f p99=%.2f (keystrokes=%u) target<50 %s\n",
           sl_bench_median (keys), sl_bench_percentile (keys, 99), keys->len,
           sl_bench_percentile (keys, 99) < 50 ? "met" : "MISSED");
  g_print ("gui_keystroke_to_frame_ms median=%.2f p99=%.2f\n",
           sl_bench_median (key_frames), sl_bench_percentile (key_frames, 99));

  /* Scans: a registered entrant's bib and Enter, checked in on scan. */
  sl_desk_page_set_check_in_on_scan (page, TRUE);
  for (gint64 id = 1; n_scanned < 30 && id <= n_entrants; id += 97)
    {
      g_autoptr(SlEntrant) entrant = sl_db_dup_entrant (db, id, NULL);
      g_autoptr(SlEntrant) after = NULL;
      double ms;

      if (entrant == NULL || entrant->status != SL_STATUS_REGISTERED)
        continue;
      start = g_get_monotonic_time ();
      gtk_editable_set_text (entry, entrant->bib);
      g_signal_emit_by_name (entry, "activate");
      /* Written in a worker thread: done when the page is no longer busy. */
      while (sl_desk_page_get_busy (page))
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      after = sl_db_dup_entrant (db, id, NULL);
      if (after == NULL || after->status != SL_STATUS_CHECKED_IN)
        sl_bench_die ("a scan did not check in", NULL);
      g_array_append_val (scans, ms);
      n_scanned++;
      wait_for_frame (window);
    }
  g_print ("gui_scan_to_committed_check_in_ms median=%.2f p99=%.2f (scans=%u) target<100 %s\n",
           sl_bench_median (scans), sl_bench_percentile (scans, 99), scans->len,
           sl_bench_median (scans) < 100 ? "met" : "MISSED");

  gtk_window_destroy (GTK_WINDOW (window));
  bench_entrants_page (db, n_entrants);
  g_clear_object (&db);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
    g_remove (path);
    g_rmdir (dir);
  }
  return 0;
}
