/* sl-cli-import.c — startline-cli import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-cli.h"

int
sl_cli_import (const SlCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  g_printerr ("startline-cli: import is not available yet\n");
  return SL_CLI_FAILED;
}
