/* sl-connect-dialog.h — Connect to Server: open an event on a PostgreSQL server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sl-core.h"
#include "sl-server-login.h"

G_BEGIN_DECLS

#define SL_TYPE_CONNECT_DIALOG (sl_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SlConnectDialog, sl_connect_dialog, SL, CONNECT_DIALOG, AdwWindow)

/* settings: where the recent servers are kept ("recent-servers"). The
 * dialog emits "connected" (SlDb *event) once the event is open, then
 * closes; a failure is said in the dialog, which stays open.
 */
SlConnectDialog *sl_connect_dialog_present (GtkWindow       *parent,
                                            GSettings       *settings);
/* The login the fields say now; NULL until a database and an account
 * are there, or while the port is not a number.
 */
SlServerLogin   *sl_connect_dialog_dup_login (SlConnectDialog *self) G_GNUC_WARN_UNUSED_RESULT;
/* Fills the fields from a recent server and looks its password up. */
void             sl_connect_dialog_choose   (SlConnectDialog     *self,
                                             const SlServerLogin *login);
gboolean         sl_connect_dialog_is_busy  (SlConnectDialog *self);

G_END_DECLS
