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
#include <glib/gstdio.h>

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

/* A file this command created and then failed to fill is removed, so a
 * second try starts from nothing rather than from an empty event.
 */
static void
remove_created_file (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
}

/* The event to fill: a missing file made as the demo event, as is a
 * server database that holds nothing (*created: a file to remove if the
 * demo fails); an existing event opened, for the demo to refuse unless it
 * is empty.
 */
static int
open_or_create (const SlCliGlobals  *globals,
                SlDb               **db,
                gboolean            *created)
{
  g_autoptr(GError) error = NULL;
  gboolean server = sl_db_location_is_server (globals->db_path);

  if (server || !g_file_test (globals->db_path, G_FILE_TEST_EXISTS))
    {
      *db = sl_db_create (globals->db_path, DEMO_EVENT_NAME, DEMO_EVENT_DATE, &error);
      if (*db != NULL)
        {
          sl_db_set_actor (*db, globals->operator_name, globals->desk);
          *created = !server;
          return SL_CLI_OK;
        }
      /* A server database that holds an event already: opened, as a file is. */
      if (!server || !g_error_matches (error, SL_DB_ERROR, SL_DB_ERROR_EXISTS))
        return sl_cli_fail (error);
    }
  return sl_cli_open_db (globals, db);
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
  gboolean created = FALSE;
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

  if ((rc = open_or_create (globals, &db, &created)) != SL_CLI_OK)
    return rc;

  if (!sl_db_add_demo_officer (db, (guint64)seed, &officer, &passphrase, &error)
      || !sl_db_generate_demo (db, (guint)n_entrants, (guint64)seed, NULL,
                               isatty (STDERR_FILENO) ? print_progress_cb : NULL, NULL, &error))
    {
      if (created)
        {
          g_clear_object (&db);
          remove_created_file (globals->db_path);
        }
      return sl_cli_fail (error);
    }

  g_print ("entrants: %" G_GINT64_FORMAT "\n", sl_db_count_entrants (db));
  g_print ("officer: %s\n", officer);
  g_print ("passphrase: %s\n", passphrase);
  return SL_CLI_OK;
}
