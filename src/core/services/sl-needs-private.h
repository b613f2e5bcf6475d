/* sl-needs-private.h — support needs inside a caller's write (core only)
 *
 * What sl-needs.h records one at a time, for the import (as it adds races
 * through sl-event-service.h): in the caller's write transaction, the
 * caller having checked the role once (an accessibility officer,
 * SL_ACTION_MANAGE_NEEDS) and read the event's public key once. Each is
 * written and audited exactly as its sl-needs.h form is. The reads give
 * no detail: a dry run counts with them for any role.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-needs.h"

G_BEGIN_DECLS

/* The needs filter matches (SlNeed, no sealed bytes), no role checked. */
GPtrArray  *sl_db_list_needs_locked    (SlDb                *db,
                                        const SlNeedFilter  *filter,
                                        GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* The entrant's links both ways (as sl_db_list_links), no role checked. */
GPtrArray  *sl_db_list_links_locked    (SlDb                *db,
                                        gint64               entrant_id,
                                        GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* A requested need of the entrant, of type, its detail (checked as
 * sl_db_record_need checks it; NULL or blank: none) sealed to public_key.
 * Returns the need's id, 0 on failure.
 */
gint64      sl_db_record_need_locked   (SlDb                *db,
                                        GBytes              *public_key,
                                        gint64               entrant_id,
                                        const SlNeedType    *type,
                                        const char          *detail,
                                        GError             **error);
/* link (validated), unless the entrant has the same one (kind and
 * linked entrant) already: then *added is FALSE and nothing is written.
 */
gboolean    sl_db_add_link_locked      (SlDb                *db,
                                        SlEntrantLink       *link,
                                        gboolean            *added,
                                        GError             **error);
/* Sets a marker; *changed is FALSE when the entrant had it. */
gboolean    sl_db_set_marker_locked    (SlDb                *db,
                                        gint64               entrant_id,
                                        SlMarker             marker,
                                        gboolean            *changed,
                                        GError             **error);

G_END_DECLS
