/* sl-cli-charities.c — startline-cli charities, charity add|edit and
 * fundraising import
 *
 * Charities are named by name, matched regardless of case. Listing is an
 * accessibility officer's, an exporter's or an admin's; adding, editing
 * and importing fundraising an exporter's or an admin's (--as). A refusal
 * exits 1 with one line naming the role needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-cli.h"

static const SlCliCommand charity_add_command = {
  "charity add", "NAME", N_("Add a charity (an exporter or an admin); prints its id."), NULL,
  N_("Bonds: golden (four entries a year for four years), silver (two) or none.\n"
     "Amounts are pounds: 2000, 2000.50 or £2,000.")
};
static const SlCliCommand charity_edit_command = {
  "charity edit", "NAME", N_("Change a charity (an exporter or an admin)."), NULL,
  N_("Only the options given change; --name renames it.")
};
static const SlCliCommand fundraising_import_command = {
  "fundraising import", "FILE", N_("Import amounts raised from a CSV file."), NULL,
  N_("The file has a column of bibs or booking references and one of amounts\n"
     "raised (“Raised”). All or nothing: any bad row writes nothing and is\n"
     "printed as “line N: …” (exit 1). Prints rows, changed and unchanged.")
};

int
sl_cli_charities (const SlCliGlobals *globals,
                  int                 argc,
                  char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  int rc;

  if ((rc = sl_cli_parse_args (command, NULL, &argc, &argv, NULL)) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(summaries = sl_db_list_charity_summaries (db, &error)))
    return sl_cli_fail (error);
  for (guint i = 0; i < summaries->len; i++)
    {
      const SlCharitySummary *s = summaries->pdata[i];
      g_autofree char *pledged = sl_money_dup_plain (s->pledged_pence);
      g_autofree char *raised = sl_money_dup_plain (s->raised_pence);

      g_print ("%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\n", s->charity.name,
               sl_charity_bond_to_id (s->charity.bond), s->charity.places_allocated,
               s->places_used, pledged, raised);
    }
  return SL_CLI_OK;
}

typedef struct
{
  char *bond;
  char *places;
  char *pledge;
  char *name;
} CharityOptions;

static void
charity_options_clear (CharityOptions *options)
{
  g_free (options->bond);
  g_free (options->places);
  g_free (options->pledge);
  g_free (options->name);
}

/* Applies the options given to charity; -1 when they all read, else the
 * exit code after one line.
 */
static int
apply_options (const SlCliCommand   *command,
               const CharityOptions *options,
               SlCharity            *charity)
{
  g_autoptr(GError) error = NULL;
  gint64 places;
  char *end = NULL;

  if (options->bond != NULL && !sl_charity_bond_from_id (g_strstrip (options->bond),
                                                         &charity->bond))
    return sl_cli_usage_error (command, _("--bond: expected golden, silver or none, not “%s”"),
                               options->bond);
  if (options->places != NULL)
    {
      places = g_ascii_strtoll (g_strstrip (options->places), &end, 10);
      if (end == options->places || *end != '\0' || places < 0)
        return sl_cli_usage_error (command, _("--places: expected a number of places, not “%s”"),
                                   options->places);
      charity->places_allocated = places;
    }
  if (options->pledge != NULL
      && !sl_money_parse (options->pledge, &charity->minimum_pledge_pence, &error))
    return sl_cli_usage_error (command, "--minimum-pledge: %s", error->message);
  return -1;
}

static int
charity_save (const SlCliGlobals *globals,
              const SlCliCommand *command,
              gboolean            add,
              int                 argc,
              char              **argv)
{
  CharityOptions options = { NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlCharity) charity = NULL;
  int rc;
  GOptionEntry entries[] = {
    { "bond", 0, 0, G_OPTION_ARG_STRING, &options.bond, N_("golden, silver or none"),
      N_("BOND") },
    { "places", 0, 0, G_OPTION_ARG_STRING, &options.places, N_("Places allocated this year"),
      N_("N") },
    { "minimum-pledge", 0, 0, G_OPTION_ARG_STRING, &options.pledge,
      N_("The least a runner pledges to raise"), N_("AMOUNT") },
    { add ? NULL : "name", 0, 0, G_OPTION_ARG_STRING, &options.name, N_("A new name"),
      N_("NAME") },
    { NULL }
  };

  if ((rc = sl_cli_parse (command, entries, &argc, &argv)) >= 0)
    goto out;
  if (argc != 2)
    {
      rc = sl_cli_usage_error (command, _("expected one charity name"));
      goto out;
    }
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    goto out;
  if (add)
    {
      charity = g_new0 (SlCharity, 1);
      charity->name = g_strdup (argv[1]);
    }
  else if (!(charity = sl_db_find_charity (db, argv[1], &error)))
    {
      rc = sl_cli_fail (error);
      goto out;
    }
  if ((rc = apply_options (command, &options, charity)) >= 0)
    goto out;
  if (options.name != NULL)
    {
      g_free (charity->name);
      charity->name = g_strdup (options.name);
    }
  if (!sl_db_save_charity (db, charity, &error))
    {
      rc = sl_cli_fail (error);
      goto out;
    }
  if (add)
    g_print ("%" G_GINT64_FORMAT "\n", charity->id);
  rc = SL_CLI_OK;
out:
  charity_options_clear (&options);
  return rc;
}

int
sl_cli_charity (const SlCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();

  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return charity_save (globals, &charity_add_command, TRUE, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "edit"))
    return charity_save (globals, &charity_edit_command, FALSE, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("Usage: startline-cli charity add|edit …\n\n%s\n\n", _(command->summary));
      g_print ("  charity add NAME [--bond golden|silver|none] [--places N]\n"
               "              [--minimum-pledge AMOUNT]\n");
      g_print ("  charity edit NAME [--name NEW] [--bond …] [--places N]"
               " [--minimum-pledge AMOUNT]\n");
      return SL_CLI_OK;
    }
  return sl_cli_usage_error (command, _("expected add or edit"));
}

static int
fundraising_import (const SlCliGlobals *globals,
                    int                 argc,
                    char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(SlFundraisingResult) result = NULL;
  int rc;

  if ((rc = sl_cli_parse (&fundraising_import_command, NULL, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return sl_cli_usage_error (&fundraising_import_command, _("expected one file"));
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  result = sl_db_import_fundraising (db, argv[1], NULL, &problems, &error);
  if (result == NULL)
    {
      for (guint i = 0; problems != NULL && i < problems->len; i++)
        g_printerr ("%s\n", (const char *)problems->pdata[i]);
      return sl_cli_fail (error);
    }
  g_print ("rows: %u\nchanged: %u\nunchanged: %u\n", result->rows, result->changed,
           result->unchanged);
  return SL_CLI_OK;
}

int
sl_cli_fundraising (const SlCliGlobals *globals,
                    int                 argc,
                    char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();

  if (argc >= 2 && g_str_equal (argv[1], "import"))
    return fundraising_import (globals, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("Usage: startline-cli fundraising import FILE\n\n%s\n\n%s\n",
               _(command->summary), _(fundraising_import_command.description));
      return SL_CLI_OK;
    }
  return sl_cli_usage_error (command, _("expected import"));
}
