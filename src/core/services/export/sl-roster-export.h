/* sl-roster-export.h — a facility's roster for its lead, xlsx or CSV
 *
 * The columns: Bib, First name, Last name, Facility, Slot, Party, Status,
 * Waiting position, Markers (the identifier markers, only for people who
 * gave consent to share with facility leads; empty otherwise). Never a
 * need's detail or type. The format follows the path's extension
 * (sl_export_format_from_path). An officer, an exporter or an admin may
 * export a roster (SL_ACTION_MANAGE_FACILITIES or SL_ACTION_EXPORT;
 * refused before any file is made); the export is audited ("export-roster": facility, slot, rows, format), and a file
 * is written whole or not at all (a temporary file renamed over it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"
#include "sl-facility.h"

G_BEGIN_DECLS

/* slot: one slot, or SL_SLOT_ANY (sl-facilities.h) for the whole day. */
gboolean    sl_db_export_roster        (SlDb               *db,
                                        gint64              facility_id,
                                        int                 slot,
                                        const char         *path,
                                        guint              *n_rows,
                                        GError            **error);
void        sl_db_export_roster_async  (SlDb               *db,
                                        gint64              facility_id,
                                        int                 slot,
                                        const char         *path,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean    sl_db_export_roster_finish (SlDb               *db,
                                        GAsyncResult       *result,
                                        guint              *n_rows,
                                        GError            **error);

G_END_DECLS
