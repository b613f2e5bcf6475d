/* sl-charities-page.h — the event's charities: bonds, places, pledges and
 * fundraising, and each charity's runners
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-db.h"
#include "sl-event.h"

G_BEGIN_DECLS

#define SL_TYPE_CHARITIES_PAGE (sl_charities_page_get_type ())
G_DECLARE_FINAL_TYPE (SlCharitiesPage, sl_charities_page, SL, CHARITIES_PAGE, AdwBin)

GtkWidget *sl_charities_page_new              (SlDb            *db);
void       sl_charities_page_set_db           (SlCharitiesPage *self,
                                               SlDb            *db);
/* Reads the charities and the selected one's runners again (the
 * selection stays) for the signed-in roles (none for a desk), and shows
 * the controls they may use.
 */
void       sl_charities_page_reload           (SlCharitiesPage *self);
guint      sl_charities_page_get_n_charities  (SlCharitiesPage *self);
/* The selected charity's id, 0 when none. */
gint64     sl_charities_page_get_selected     (SlCharitiesPage *self);
gboolean   sl_charities_page_select           (SlCharitiesPage *self,
                                               gint64           charity_id);
/* The selected charity's runners shown (SlCharityRunner, borrowed). */
GPtrArray *sl_charities_page_get_runners      (SlCharitiesPage *self);
/* A charity's figures as the list says them ("412 of 400 places, 12 over
 * allocation · 103% filled · …"), for the summary given.
 */
char      *sl_charities_page_dup_figures      (const SlCharitySummary *summary) G_GNUC_WARN_UNUSED_RESULT;
/* Imports fundraising from path, as the file chooser's answer does. */
void       sl_charities_page_import_from      (SlCharitiesPage *self,
                                               const char      *path);
/* What the last import said: its counts, or its row problems one a line. */
const char *sl_charities_page_get_import_report (SlCharitiesPage *self);
gboolean   sl_charities_page_get_busy         (SlCharitiesPage *self);

G_END_DECLS
