/* sl-widgets.c — shared set-up of the GUI widget library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "sl-widgets.h"
#include "sl-resources.h"

void
sl_widgets_ensure_resources (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sl_register_resource ();
      g_once_init_leave (&done, 1);
    }
}
