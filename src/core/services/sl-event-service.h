/* sl-event-service.h — the event's races, waves and charities inside a
 * caller's write (core only)
 *
 * The public operations are declared with their types in sl-event.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-event.h"

G_BEGIN_DECLS

/* sl_db_add_race, _wave and _charity inside the caller's write
 * transaction (an import adding what its file names, the demo).
 */
gboolean      sl_db_add_race_locked    (SlDb       *self,
                                        SlRace     *race,
                                        GError    **error);
gboolean      sl_db_add_wave_locked    (SlDb       *self,
                                        SlWave     *wave,
                                        GError    **error);
gboolean      sl_db_add_charity_locked (SlDb       *self,
                                        SlCharity  *charity,
                                        GError    **error);

/* In the caller's write: the entrant's sign-up becomes signup (charity 0:
 * none), audited as "charity-signup" (or "charity-signup-removed") with
 * the images before and after, unless nothing changed. No checks of the
 * amounts: sl_db_set_charity_signup makes them.
 */
gboolean      sl_db_set_charity_signup_locked (SlDb                   *self,
                                               const SlCharitySignup  *signup,
                                               GError                **error);

G_END_DECLS
