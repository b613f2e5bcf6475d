/* sl-search.h — finding entrants as a desk volunteer types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-types.h"

G_BEGIN_DECLS

/* Prefix search, case- and accent-insensitive, over names, bib, booking
 * reference and club; every word typed must match the start of a word of
 * the entrant. An exact bib or booking reference comes first, the rest in
 * name order. Returns SlEntrant elements (the array frees them).
 */
GPtrArray *sl_db_search (SlDb        *db,
                         const char  *text,
                         guint        limit,
                         GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same, and in *n_matches how many entrants match in all, the ones
 * past the limit too (counted in the same pass over the index, so it
 * costs nothing more): a desk can say how many it does not show.
 */
GPtrArray *sl_db_search_counted (SlDb        *db,
                                 const char  *text,
                                 guint        limit,
                                 guint       *n_matches,
                                 GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
