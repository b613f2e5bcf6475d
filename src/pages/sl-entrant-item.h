/* sl-entrant-item.h — one row of the entrants table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sl-entrant-list.h"

G_BEGIN_DECLS

#define SL_TYPE_ENTRANT_ITEM (sl_entrant_item_get_type ())
G_DECLARE_FINAL_TYPE (SlEntrantItem, sl_entrant_item, SL, ENTRANT_ITEM, GObject)

/* Takes ownership of row; NULL row gives a placeholder for an entrant
 * that disappeared since the list was made.
 */
SlEntrantItem *sl_entrant_item_new              (gint64         id,
                                                 SlEntrantRow  *row) G_GNUC_WARN_UNUSED_RESULT;
gint64         sl_entrant_item_get_id           (SlEntrantItem *self);
/* NULL for a placeholder. */
const SlEntrantRow *sl_entrant_item_get_row     (SlEntrantItem *self);
/* The text of a column, "" when empty; status as its translated label. */
const char    *sl_entrant_item_get_column_text  (SlEntrantItem *self,
                                                 SlEntrantSort  column);

G_END_DECLS
