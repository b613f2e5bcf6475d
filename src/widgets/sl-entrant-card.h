/* sl-entrant-card.h — what a desk volunteer sees of one entrant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-core.h"

G_BEGIN_DECLS

#define SL_TYPE_ENTRANT_CARD (sl_entrant_card_get_type ())
G_DECLARE_FINAL_TYPE (SlEntrantCard, sl_entrant_card, SL, ENTRANT_CARD, AdwBin)

GtkWidget *sl_entrant_card_new         (void);
/* Shows entrant (copied; NULL shows "No entrant selected"); db gives the
 * event's time zone for the start time.
 */
void       sl_entrant_card_set_entrant (SlEntrantCard   *self,
                                        SlDb            *db,
                                        const SlEntrant *entrant);

G_END_DECLS
