/* sl-entrant-list.h — filtered, sorted entrant lists for big tables
 *
 * A table of 50,000 entrants cannot be filtered or sorted by GTK fast
 * enough; the database does both. A list is first the ids of every match
 * in display order, then compact rows fetched by id in batches as the
 * table scrolls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-entrant-row.h"
#include "sl-types.h"

G_BEGIN_DECLS

/* The ids of every entrant matching filter (NULL: all), in the given
 * order; ties are broken by id so the order is stable. A GArray of gint64.
 */
GArray    *sl_db_list_entrant_ids    (SlDb                  *db,
                                      const SlEntrantFilter *filter,
                                      SlEntrantSort          sort,
                                      gboolean               descending,
                                      GError               **error) G_GNUC_WARN_UNUSED_RESULT;

/* One SlEntrantRow per id, in the order of ids; an id no longer in the
 * database gives NULL in its place (another window may have changed it).
 */
GPtrArray *sl_db_fetch_entrant_rows  (SlDb                  *db,
                                      const gint64          *ids,
                                      guint                  n_ids,
                                      GError               **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
