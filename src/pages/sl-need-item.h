/* sl-need-item.h — one row of the Accessibility page's needs table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sl-need.h"

G_BEGIN_DECLS

typedef enum
{
  SL_NEED_COLUMN_BIB,
  SL_NEED_COLUMN_NAME,
  SL_NEED_COLUMN_TYPE,
  SL_NEED_COLUMN_STATUS,
  SL_NEED_COLUMN_RACE,
  SL_NEED_COLUMN_START_AREA,
  SL_NEED_COLUMN_MARKERS,
  SL_NEED_COLUMN_UPDATED,
  SL_N_NEED_COLUMNS
} SlNeedColumn;

#define SL_TYPE_NEED_ITEM (sl_need_item_get_type ())
G_DECLARE_FINAL_TYPE (SlNeedItem, sl_need_item, SL, NEED_ITEM, GObject)

/* Takes ownership of need (read without its details). */
SlNeedItem   *sl_need_item_new             (SlNeed       *need) G_GNUC_WARN_UNUSED_RESULT;
/* Shows need, borrowed from needs (an array of SlNeed that the item
 * keeps a reference to): the page's items share the needs it keeps
 * rather than each copying one.
 */
SlNeedItem   *sl_need_item_new_shared      (GPtrArray    *needs,
                                            const SlNeed *need) G_GNUC_WARN_UNUSED_RESULT;
/* NULL for a blank item (sl_need_item_clear). */
const SlNeed *sl_need_item_get_need        (SlNeedItem   *self);
/* Puts another need (owned) in the item, which emits "changed": the table
 * keeps its rows and shows the new need in them.
 */
void          sl_need_item_set_need        (SlNeedItem   *self,
                                            SlNeed       *need);
/* Puts need, borrowed from needs as in sl_need_item_new_shared, in the
 * item. With notify, "changed" is emitted at once (unless it is the same
 * need); without, only by sl_need_item_flush: the page shows at once only
 * the rows in view and the others' new needs when it is idle.
 */
void          sl_need_item_set_shared      (SlNeedItem   *self,
                                            GPtrArray    *needs,
                                            const SlNeed *need,
                                            gboolean      notify);
/* Emits the "changed" a set_shared without notify left to say; TRUE if
 * there was one.
 */
gboolean      sl_need_item_flush           (SlNeedItem   *self);
/* Empties the item (emits "changed" unless it was blank): the table keeps
 * the row of a need a filter left out, hidden, rather than have GTK 4.8
 * destroy it and make it again.
 */
void          sl_need_item_clear           (SlNeedItem   *self);
gboolean      sl_need_item_is_blank        (SlNeedItem   *self);
/* A column's text, "" when empty; the status and markers translated (the
 * markers as the list read them with the need: no read of its own), the
 * time of the last decision (else of the request) in local time.
 */
const char   *sl_need_item_get_column_text (SlNeedItem   *self,
                                            SlNeedColumn  column);

G_END_DECLS
