/* sl-pg-watch.h — an answer deadline for a window's connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SlPgWatch SlPgWatch;

SlPgWatch *sl_pg_watch_new    (guint      timeout_ms);
void       sl_pg_watch_free   (SlPgWatch *watch);
guint      sl_pg_watch_get_timeout_ms (SlPgWatch *watch);
/* A statement was sent on the socket fd: it must be answered within the
 * timeout, or the socket is shut down (the waiting libpq call then fails
 * at once, as for a connection the server dropped). */
void       sl_pg_watch_arm    (SlPgWatch *watch,
                               int        fd);
/* The statement ended: whether the deadline passed and the socket was
 * shut down meanwhile. */
gboolean   sl_pg_watch_disarm (SlPgWatch *watch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPgWatch, sl_pg_watch_free)

G_END_DECLS
