/* sl-accessibility-page.h — the accessibility officer's page: every need,
 * what is outstanding, and the counts for the planning meeting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"

G_BEGIN_DECLS

#define SL_TYPE_ACCESSIBILITY_PAGE (sl_accessibility_page_get_type ())
G_DECLARE_FINAL_TYPE (SlAccessibilityPage, sl_accessibility_page, SL, ACCESSIBILITY_PAGE, AdwBin)

GtkWidget  *sl_accessibility_page_new               (SlDb                *db);
void        sl_accessibility_page_set_db            (SlAccessibilityPage *self,
                                                     SlDb                *db);
/* Reads the needs (and the filters' choices) again. */
void        sl_accessibility_page_reload            (SlAccessibilityPage *self);
/* The needs listed (SlNeedItem), in the table's order. */
GListModel *sl_accessibility_page_get_needs         (SlAccessibilityPage *self);
/* The selected row's need, 0 when none. */
gint64      sl_accessibility_page_get_selected_need (SlAccessibilityPage *self);
gboolean    sl_accessibility_page_select_need       (SlAccessibilityPage *self,
                                                     gint64               need_id);

G_END_DECLS
