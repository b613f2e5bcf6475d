/* sl-entrants-page.h — browsing, filtering and editing every entrant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"

G_BEGIN_DECLS

#define SL_TYPE_ENTRANTS_PAGE (sl_entrants_page_get_type ())
G_DECLARE_FINAL_TYPE (SlEntrantsPage, sl_entrants_page, SL, ENTRANTS_PAGE, AdwBin)

/* The page emits "changed" after it wrote to the database (an add, an
 * edit, a withdrawal, an undo), so other pages can refresh.
 *
 * Actions (on the page, for buttons and shortcuts): entrants.add (Ctrl+N),
 * entrants.edit (Enter on a row, or a double click), entrants.withdraw
 * (Delete, asks first), entrants.undo, entrants.find (Ctrl+F), and the
 * sort menu's entrants.sort-by and entrants.sort-order (Alt+S opens it),
 * whose states are the "sort-column" and "sort-order" properties: the
 * column the rows are sorted by ("bib", "last-name", … "club") and
 * "ascending" or "descending". They follow the column headers.
 */
GtkWidget  *sl_entrants_page_new             (SlDb           *db);
SlDb       *sl_entrants_page_get_db          (SlEntrantsPage *self);
void        sl_entrants_page_set_db          (SlEntrantsPage *self,
                                              SlDb           *db);
/* Reads races, waves, charities and entrants again, e.g. after an import
 * made elsewhere; keeps the filters and the selected entrant.
 */
void        sl_entrants_page_reload          (SlEntrantsPage *self);
void        sl_entrants_page_add_toast       (SlEntrantsPage *self,
                                              AdwToast       *toast);
/* TRUE while a withdrawal or an undo is being written (in a worker
 * thread: another program may hold the event); a second one meanwhile is
 * refused with a toast.
 */
gboolean    sl_entrants_page_get_busy        (SlEntrantsPage *self);
/* The rows shown, in order (SlEntrantItem). */
GListModel *sl_entrants_page_get_model       (SlEntrantsPage *self);
/* 0 when nothing is selected. */
gint64      sl_entrants_page_get_selected_id (SlEntrantsPage *self);
/* FALSE when the entrant is not among the rows shown. */
gboolean    sl_entrants_page_select_id       (SlEntrantsPage *self,
                                              gint64          id);

G_END_DECLS
