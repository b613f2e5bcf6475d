/* sl-entrant-private.h — what the core's other layers use of an entrant
 * record: the derived text a store keeps and the audit images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-entrant.h"

G_BEGIN_DECLS

char      *sl_entrant_dup_search_key    (const SlEntrant *entrant) G_GNUC_WARN_UNUSED_RESULT;
/* Folded "last<TAB>first": name order that puts Ó with O and Ł with L. */
char      *sl_entrant_dup_sort_name     (const SlEntrant *entrant) G_GNUC_WARN_UNUSED_RESULT;
void       sl_entrant_append_search_key (const SlEntrant *entrant,
                                         GString         *key);

/* sl_entrant_to_json appended to out: a bulk insert reuses one buffer. */
void       sl_entrant_append_json       (const SlEntrant *entrant,
                                         GString         *out);
/* Whether saving entrant over stored (its row as read) would change
 * anything an update may change: status and check-in are left out, as only
 * their own operations change them.
 */
gboolean   sl_entrant_update_changes    (const SlEntrant *stored,
                                         const SlEntrant *entrant);
/* The same, with the images the update's audit entry records (either may
 * be NULL), set only when it would change something.
 */
gboolean   sl_entrant_dup_update_images (const SlEntrant  *stored,
                                         const SlEntrant  *entrant,
                                         char            **before_json,
                                         char            **after_json);

G_END_DECLS
