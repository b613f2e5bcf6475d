/* sl-event-follow.c — a view that follows what other connections write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-event-follow.h"

void
sl_event_follow_init (SlEventFollow     *self,
                      GtkWidget         *owner,
                      guint              interval_ms,
                      SlEventFollowFunc  follow)
{
  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (follow != NULL);

  *self = (SlEventFollow) { .owner = owner, .follow = follow, .interval_ms = interval_ms };
}

static gboolean
poll_cb (gpointer user_data)
{
  SlEventFollow *self = user_data;

  /* Emits "changed" (changed_cb) when another connection wrote. */
  if (self->db != NULL)
    sl_db_poll_changes (self->db, NULL);
  return G_SOURCE_CONTINUE;
}

static void
changed_cb (SlDb          *db,
            SlEventFollow *self)
{
  if (gtk_widget_get_mapped (self->owner))
    self->follow (self->owner);
  else
    self->stale = TRUE;
}

void
sl_event_follow_set_db (SlEventFollow *self,
                        SlDb          *db)
{
  g_return_if_fail (db == NULL || SL_IS_DB (db));

  if (self->db != NULL)
    g_clear_signal_handler (&self->changed_id, self->db);
  g_set_object (&self->db, db);
  if (db != NULL)
    self->changed_id = g_signal_connect (db, "changed", G_CALLBACK (changed_cb), self);
}

void
sl_event_follow_map (SlEventFollow *self,
                     gboolean       poll_now)
{
  if (self->stale)
    self->follow (self->owner);
  if (poll_now && self->db != NULL)
    sl_db_poll_changes (self->db, NULL);
  if (self->poll_source == 0)
    self->poll_source = g_timeout_add (self->interval_ms, poll_cb, self);
}

void
sl_event_follow_unmap (SlEventFollow *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
}

void
sl_event_follow_caught_up (SlEventFollow *self)
{
  self->stale = FALSE;
}

void
sl_event_follow_clear (SlEventFollow *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  sl_event_follow_set_db (self, NULL);
}
