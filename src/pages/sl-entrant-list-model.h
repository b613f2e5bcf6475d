/* sl-entrant-list-model.h — every entrant matching the filters, lazily
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"
#include "sl-entrant-item.h"
#include "sl-entrant-list.h"

G_BEGIN_DECLS

#define SL_TYPE_ENTRANT_LIST_MODEL (sl_entrant_list_model_get_type ())
G_DECLARE_FINAL_TYPE (SlEntrantListModel, sl_entrant_list_model, SL, ENTRANT_LIST_MODEL, GObject)

/* Rows are fetched from the database this many at a time. */
#define SL_ENTRANT_LIST_MODEL_BATCH 200

SlEntrantListModel *sl_entrant_list_model_new         (SlDb                  *db)
                                                       G_GNUC_WARN_UNUSED_RESULT;
SlDb               *sl_entrant_list_model_get_db      (SlEntrantListModel    *self);
void                sl_entrant_list_model_set_db      (SlEntrantListModel    *self,
                                                       SlDb                  *db);
/* Filter and sort take effect at the next refresh. */
void                sl_entrant_list_model_set_filter  (SlEntrantListModel    *self,
                                                       const SlEntrantFilter *filter);
void                sl_entrant_list_model_set_sort    (SlEntrantListModel    *self,
                                                       SlEntrantSort          sort,
                                                       gboolean               descending);
SlEntrantSort       sl_entrant_list_model_get_sort    (SlEntrantListModel    *self,
                                                       gboolean              *descending);
/* Lists the matching ids again and drops every cached row. The view is
 * told what changed: the ids both lists start and end with stay, the
 * middle between them is replaced (in one items-changed, or removed and
 * then added when it is large), and the items given out of those that
 * stay are replaced too (their rows may have changed), a run at a time.
 * With no database the list is empty.
 */
gboolean            sl_entrant_list_model_refresh     (SlEntrantListModel    *self,
                                                       GError               **error);
/* The position of an entrant, or G_MAXUINT (GTK_INVALID_LIST_POSITION). */
guint               sl_entrant_list_model_find        (SlEntrantListModel    *self,
                                                       gint64                 id);
/* How many rows have been fetched from the database since the last
 * refresh (began): what scrolling has needed, not the whole list; and in
 * how many calls (sl_db_fetch_entrant_rows, a batch each).
 */
guint               sl_entrant_list_model_get_n_fetched (SlEntrantListModel  *self);
guint               sl_entrant_list_model_get_n_fetches (SlEntrantListModel  *self);

G_END_DECLS
