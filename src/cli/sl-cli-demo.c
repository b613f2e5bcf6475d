/* sl-cli-demo.c — startline-cli demo
 *
 * startline-cli --db FILE demo [--entrants N] [--seed S]
 *   fills FILE with a demo event, creating it first when it does not exist;
 * startline-cli demo --csv OUT.csv [--entrants N] [--seed S]
 *   writes the same people as a registration system's CSV, without an
 *   event file (for import tests and the benchmark).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "sl-cli.h"
#include "sl-demo.h"

#define DEMO_EVENT_NAME "London Marathon 2026 (demo)"
#define DEMO_EVENT_DATE "2026-04-26"

static void
print_progress_cb (double      fraction,
                   const char *message,
                   gpointer    user_data)
{
  g_printerr ("\r%s: %3d%%", message, (int)(fraction * 100));
  if (fraction >= 1.0)
    g_printerr ("\n");
}

/* The demo made as a new event: a missing file, or a server database
 * that holds nothing, in one write (a failure leaves neither file nor
 * tables nor roles behind). NULL with *exists set for a server database
 * that holds an event already, which is then opened and filled as a file
 * that exists is.
 */
static SlDb *
create_demo (const SlCliGlobals  *globals,
             const SlDemoEvent   *event,
             char               **officer,
             char               **passphrase,
             gboolean            *exists,
             GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  SlDb *db;

  db = sl_db_create_demo (globals->db_path, event, NULL,
                          isatty (STDERR_FILENO) ? print_progress_cb : NULL, NULL, officer,
                          passphrase, &local_error);
  *exists = db == NULL && sl_db_location_is_server (globals->db_path)
            && g_error_matches (local_error, SL_DB_ERROR, SL_DB_ERROR_EXISTS);
  if (db == NULL && !*exists)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return db;
}

int
sl_cli_demo (const SlCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autofree char *csv_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *passphrase = NULL;
  gint64 seed = 2026;
  int n_entrants = 50000;
  SlDemoEvent event = { DEMO_EVENT_NAME, DEMO_EVENT_DATE };
  gboolean exists = FALSE;
  GOptionEntry entries[] = {
    { "entrants", 0, 0, G_OPTION_ARG_INT, &n_entrants,
      N_("How many entrants to generate (default 50000)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("The same seed gives the same event (default 2026)"), "S" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path,
      N_("Write the entrants to a CSV file instead of an event file (no --db)"), N_("OUT.csv") },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse_args (command, entries, &argc, &argv, NULL)) >= 0)
    return rc;
  if (n_entrants < 0 || n_entrants > SL_DEMO_MAX_ENTRANTS)
    return sl_cli_usage_error (command, _("--entrants must be between 0 and %d"),
                               SL_DEMO_MAX_ENTRANTS);
  if (seed < 0)
    return sl_cli_usage_error (command, _("--seed cannot be negative"));
  if (csv_path != NULL && *csv_path == '\0')
    return sl_cli_usage_error (command, _("%s cannot be blank"), "--csv");

  if (csv_path != NULL)
    {
      if (globals->db_path != NULL)
        return sl_cli_usage_error (command, _("--csv writes a file on its own; leave out --db"));
      if (!sl_demo_write_csv (csv_path, (guint)n_entrants, (guint64)seed, &error))
        return sl_cli_fail (error);
      g_print ("entrants: %d\n", n_entrants);
      return SL_CLI_OK;
    }

  if (globals->db_path == NULL)
    return sl_cli_usage_error (command, _("--db FILE (or --csv OUT.csv) is required"));

  event.operator_name = globals->operator_name;
  event.desk = globals->desk;
  event.n_entrants = (guint)n_entrants;
  event.seed = (guint64)seed;
  if (sl_db_location_is_server (globals->db_path)
      || !g_file_test (globals->db_path, G_FILE_TEST_EXISTS))
    {
      db = create_demo (globals, &event, &officer, &passphrase, &exists, &error);
      if (db == NULL && !exists)
        return sl_cli_fail (error);
    }
  /* An event that exists: opened, for the demo to refuse unless it is
   * empty.
   */
  if (db == NULL)
    {
      if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
        return rc;
      if (!sl_db_add_demo_officer (db, event.seed, &officer, &passphrase, &error)
          || !sl_db_generate_demo (db, event.n_entrants, event.seed, NULL,
                                   isatty (STDERR_FILENO) ? print_progress_cb : NULL, NULL,
                                   &error))
        return sl_cli_fail (error);
    }

  g_print ("entrants: %" G_GINT64_FORMAT "\n", sl_db_count_entrants (db));
  g_print ("officer: %s\n", officer);
  g_print ("passphrase: %s\n", passphrase);
  return SL_CLI_OK;
}
