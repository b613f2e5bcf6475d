/* sl-cli-erasure.c — erase and retention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-cli.h"

int
sl_cli_erase (const SlCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (required; kept in the audit log)"),
      N_("TEXT") },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse_args (command, entries, &argc, &argv,
                               _("expected one bib or booking reference"))) >= 0)
    return rc;
  if (reason == NULL)
    return sl_cli_usage_error (command, _("--reason TEXT is required"));
  if ((rc = sl_cli_trim_option (command, "--reason", reason)) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(entrant = sl_db_dup_entrant_by_code (db, argv[1], &error))
      || !sl_db_erase_entrant (db, entrant->id, reason, &message, &error))
    return sl_cli_fail (error);
  g_print ("%s\n", message);
  return SL_CLI_OK;
}

int
sl_cli_retention (const SlCliGlobals *globals,
                  int                 argc,
                  char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *message = NULL;
  int after_days = -1;
  GOptionEntry entries[] = {
    { "after-days", 0, 0, G_OPTION_ARG_INT, &after_days,
      N_("Store this delay after the event's date first (default 30)"), "N" },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse (command, entries, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2 || g_strcmp0 (argv[1], "run") != 0)
    return sl_cli_usage_error (command, _("expected “run”"));
  if (after_days < -1 || (after_days != -1 && after_days > SL_RETENTION_DAYS_MAX))
    return sl_cli_usage_error (command, _("--after-days must be between 0 and %d"),
                               SL_RETENTION_DAYS_MAX);
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_run_retention (db, after_days, &message, &error))
    return sl_cli_fail (error);
  g_print ("%s\n", message);
  return SL_CLI_OK;
}
