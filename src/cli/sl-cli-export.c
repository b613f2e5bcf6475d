/* sl-cli-export.c — startline-cli export
 *
 * startline-cli --db FILE export FILE.xlsx|FILE.csv --profile NAME --reason TEXT
 *                                [--charity NAME] [--facility NAME]
 * startline-cli --db FILE export FILE.xlsx|FILE.csv [--charity NAME] [--by-charity]
 * Prints "exported: N" (entrant rows written). With --profile, the export
 * goes through that profile (sl-export-profile.h): its columns and row
 * rules, its roles, and a reason, recorded in the export log. Without, it
 * is the full export of every column as before: an admin's only, as the
 * full profile (sl_db_export_full refuses anyone else, before any file).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-cli.h"
#include "sl-export-profile.h"

static int
export_profile (const SlCliGlobals *globals,
                const char         *path,
                const char         *profile,
                const char         *charity,
                const char         *facility,
                char               *reason,
                gboolean            by_charity)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  SlProfileExportRequest request = { 0 };
  gint64 n_rows = 0;
  int rc;

  if (by_charity)
    return sl_cli_usage_error (command, _("--by-charity and --profile cannot be used together"));
  if (reason == NULL || *g_strstrip (reason) == '\0')
    return sl_cli_usage_error (command, _("--reason TEXT is required with --profile"));
  request.profile = profile;
  request.charity = charity;
  request.facility = facility;
  request.reason = reason;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_export_profile (db, path, &request, NULL, NULL, NULL, &n_rows, &error))
    return sl_cli_fail (error);
  g_print ("exported: %" G_GINT64_FORMAT "\n", n_rows);
  return SL_CLI_OK;
}

int
sl_cli_export (const SlCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autofree char *charity = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *facility = NULL;
  g_autofree char *reason = NULL;
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
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile,
      N_("Export through this profile (see `profiles`)"), N_("NAME") },
    { "facility", 0, 0, G_OPTION_ARG_STRING, &facility,
      N_("The facility whose roster the facility-lead profile exports"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the file is sent (required with --profile; in the export log)"), N_("TEXT") },
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

  if ((rc = sl_cli_trim_option (command, "--profile", profile)) >= 0
      || (rc = sl_cli_trim_option (command, "--facility", facility)) >= 0)
    return rc;
  if (profile != NULL)
    return export_profile (globals, argv[1], profile, charity, facility, reason, by_charity);
  if (facility != NULL || reason != NULL)
    return sl_cli_usage_error (command, _("--facility and --reason go with --profile"));

  options.kind = by_charity ? SL_EXPORT_BY_CHARITY : SL_EXPORT_ENTRANTS;
  options.charity = charity;

  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_export_full (db, argv[1], &options, NULL, NULL, NULL, &n_rows, &error))
    return sl_cli_fail (error);

  g_print ("exported: %" G_GINT64_FORMAT "\n", n_rows);
  return SL_CLI_OK;
}
