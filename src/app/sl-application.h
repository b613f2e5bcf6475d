/* sl-application.h — the Startline application: settings, windows, actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-settings.h"

G_BEGIN_DECLS

#define SL_TYPE_APPLICATION (sl_application_get_type ())
G_DECLARE_FINAL_TYPE (SlApplication, sl_application, SL, APPLICATION, AdwApplication)

SlApplication *sl_application_new            (void) G_GNUC_WARN_UNUSED_RESULT;
GSettings     *sl_application_get_settings   (SlApplication *self);

/* Registers the bundled UI resources once (tests call it too). */
void           sl_ensure_resources           (void);

G_END_DECLS
