/* sl-progress.c — showing a worker thread's progress in a progress bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-progress.h"

typedef struct
{
  GtkProgressBar *bar;
  double          fraction;
  char           *message;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_object_unref (report->bar);
  g_free (report->message);
  g_free (report);
}

static gboolean
show_report_cb (gpointer data)
{
  Report *report = data;

  gtk_progress_bar_set_fraction (report->bar, CLAMP (report->fraction, 0.0, 1.0));
  if (report->message != NULL)
    gtk_progress_bar_set_text (report->bar, report->message);
  return G_SOURCE_REMOVE;
}

void
sl_progress_to_bar (double      fraction,
                    const char *message,
                    gpointer    progress_bar)
{
  Report *report;

  g_return_if_fail (GTK_IS_PROGRESS_BAR (progress_bar));

  /* Called in the worker thread: widgets are touched only in the main one. */
  report = g_new0 (Report, 1);
  report->bar = g_object_ref (progress_bar);
  report->fraction = fraction;
  report->message = g_strdup (message);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, show_report_cb, report, report_free);
}
