/* sl-settings.h — the app's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The GSettings of the app, also when run from the build tree. */
GSettings *sl_settings_new               (void) G_GNUC_WARN_UNUSED_RESULT;
/* The names to record, made one line and trimmed: the desk name, else the
 * host name; the operator name, else NULL.
 */
char      *sl_settings_dup_desk_name     (GSettings *settings) G_GNUC_WARN_UNUSED_RESULT;
char      *sl_settings_dup_operator_name (GSettings *settings) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
