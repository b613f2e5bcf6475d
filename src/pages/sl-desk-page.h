/* sl-desk-page.h — the check-in page of a registration desk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-core.h"

G_BEGIN_DECLS

#define SL_TYPE_DESK_PAGE (sl_desk_page_get_type ())
G_DECLARE_FINAL_TYPE (SlDeskPage, sl_desk_page, SL, DESK_PAGE, AdwBin)

GtkWidget  *sl_desk_page_new                 (void);
void        sl_desk_page_set_db              (SlDeskPage *self,
                                              SlDb       *db);
SlDb       *sl_desk_page_get_db              (SlDeskPage *self);
gboolean    sl_desk_page_get_check_in_on_scan (SlDeskPage *self);
void        sl_desk_page_set_check_in_on_scan (SlDeskPage *self,
                                              gboolean    check_in_on_scan);
/* Re-reads the counters, e.g. after the desk name changed. */
void        sl_desk_page_refresh_counter     (SlDeskPage *self);

/* What the page shows, for tests and the benchmark. */
guint       sl_desk_page_get_n_results       (SlDeskPage *self);
gint64      sl_desk_page_get_selected_id     (SlDeskPage *self);
/* The request id of the check-in or undo under way, or of the last one
 * if it failed (kept for its retry); NULL once it was done or refused.
 */
const char *sl_desk_page_get_request_id      (SlDeskPage *self);
/* A check-in or undo is being written (in a worker thread). */
gboolean    sl_desk_page_get_busy            (SlDeskPage *self);
/* The warning in view, or NULL when none is. */
const char *sl_desk_page_get_warning         (SlDeskPage *self);
const char *sl_desk_page_get_counter_text    (SlDeskPage *self);

G_END_DECLS
