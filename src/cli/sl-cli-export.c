/* sl-cli-export.c — startline-cli export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-cli.h"

int
sl_cli_export (const SlCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  int rc;

  if ((rc = sl_cli_parse (sl_cli_get_current_command (), NULL, &argc, &argv)) >= 0)
    return rc;
  g_printerr ("startline-cli: export is not available yet\n");
  return SL_CLI_FAILED;
}
