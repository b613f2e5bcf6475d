/* sl-write-wait.h — a write under way that says when it waits for the event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Kept in the instance of what writes (a page, a dialog): half a second
 * into a write it has not finished, so it waits for another desk or
 * program holding the event file. It then says so to a screen reader
 * (sl_a11y_announce from announcer) and, when given one, in shows: a
 * button ("Waiting for the Event File…") or a label ("Waiting for the
 * event file…").
 */
typedef struct
{
  /*< private >*/
  GtkWidget *announcer;
  GtkWidget *shows;
  guint      source;
  gboolean   under_way;
} SlWriteWait;

/* A write begins: says that it waits if it has not ended (sl_write_wait_stop)
 * half a second later. shows may be NULL.
 */
void     sl_write_wait_start      (SlWriteWait *self,
                                   GtkWidget   *announcer,
                                   GtkWidget   *shows);
/* The write ended (or its owner goes): nothing more is said. */
void     sl_write_wait_stop       (SlWriteWait *self);
/* Says now what it would say at half a second, and not again then. */
void     sl_write_wait_say_now    (SlWriteWait *self);
/* The same, unless the half second passed and it was said already. */
void     sl_write_wait_say_early  (SlWriteWait *self);
/* While a write is under way (from sl_write_wait_start to _stop) window
 * takes no keys but Escape: they would change a form already sent, and
 * Escape still reaches the window, which says why it stays (its
 * close_request).
 */
void     sl_write_wait_hold_keys  (SlWriteWait *self,
                                   GtkWidget   *window);

G_END_DECLS
