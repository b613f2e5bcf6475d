/* sl-cli-export.c — startline-cli export
 *
 * startline-cli --db FILE export FILE.xlsx|FILE.csv [--charity NAME] [--by-charity]
 * Prints "exported: N" (entrant rows written).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-cli.h"
#include "sl-export.h"

int
sl_cli_export (const SlCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autofree char *charity = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  gboolean by_charity = FALSE;
  SlExportOptions options = { 0 };
  gint64 n_rows = 0;
  GOptionEntry entries[] = {
    { "charity", 0, 0, G_OPTION_ARG_STRING, &charity,
      N_("Only the runners of this charity"), N_("NAME") },
    { "by-charity", 0, 0, G_OPTION_ARG_NONE, &by_charity,
      N_("One sheet per charity (xlsx only)"), NULL },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse (command, entries, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return sl_cli_usage_error (command, _("expected one file name ending in .xlsx or .csv"));

  /* A name the exporter cannot write is a usage mistake, caught before the
   * event file is opened.
   */
  options.format = sl_export_format_from_path (argv[1]);
  if (options.format == SL_EXPORT_FORMAT_AUTO)
    return sl_cli_usage_error (command, _("“%s” does not end in .xlsx or .csv"), argv[1]);
  if (by_charity && options.format != SL_EXPORT_FORMAT_XLSX)
    return sl_cli_usage_error (command, _("--by-charity writes one sheet per charity: use .xlsx"));
  if ((rc = sl_cli_trim_option (command, "--charity", charity)) >= 0)
    return rc;
  if (charity != NULL && by_charity)
    return sl_cli_usage_error (command, _("--charity and --by-charity cannot be used together"));

  options.kind = by_charity ? SL_EXPORT_BY_CHARITY : SL_EXPORT_ENTRANTS;
  options.charity = charity;

  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_export_full (db, argv[1], &options, NULL, NULL, NULL, &n_rows, &error))
    return sl_cli_fail (error);

  g_print ("exported: %" G_GINT64_FORMAT "\n", n_rows);
  return SL_CLI_OK;
}
