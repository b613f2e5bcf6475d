/* sl-reach-banner.h — "Server unreachable — retrying", while it is
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-core.h"

G_BEGIN_DECLS

#define SL_TYPE_REACH_BANNER (sl_reach_banner_get_type ())
G_DECLARE_FINAL_TYPE (SlReachBanner, sl_reach_banner, SL, REACH_BANNER, AdwBin)

GtkWidget *sl_reach_banner_new       (void);
/* Follows db's "reachable" (NULL: none, hidden). */
void       sl_reach_banner_set_db    (SlReachBanner *self,
                                      SlDb          *db);
/* Whether it shows that the server cannot be reached. */
gboolean   sl_reach_banner_get_shown (SlReachBanner *self);

G_END_DECLS
