/* sl-cli-import.c — startline-cli import
 *
 * startline-cli --db FILE import FILE.csv [--map FIELD=HEADER]... [--good-rows-only]
 *                                         [--dry-run] [--date-order DMY|MDY|YMD|ISO]
 *                                         [--add-missing] [--without-needs]
 * Prints "imported: N", "updated: N", "unchanged: N", "rejected: N" on
 * stdout ("unchanged" counts rows matching an entrant they would not
 * change) and each rejected row on stderr as "FILE:LINE: COLUMN: reason".
 * With --add-missing, also "added_races: N", "added_waves: N" and
 * "added_charities: N", and each one added on stderr as a note. A file
 * with support needs columns (an accessibility officer's: --as) also
 * prints "needs: N", "guide_links: N", "support_links: N", "markers: N"
 * and what the event had already, "needs_existing: N",
 * "links_existing: N", "markers_existing: N", and the same in words on
 * stderr as a note.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-cli.h"
#include "sl-import.h"

static void
print_problems (const char           *display,
                const SlImportResult *result)
{
  for (guint i = 0; i < result->problems->len; i++)
    {
      const SlImportProblem *problem = g_ptr_array_index (result->problems, i);

      if (problem->column != NULL)
        g_printerr ("%s:%u: %s: %s\n", display, problem->line, problem->column, problem->reason);
      else
        g_printerr ("%s:%u: %s\n", display, problem->line, problem->reason);
    }
}

static void
print_notice (const char *display,
              const char *notice)
{
  g_auto(GStrv) lines = NULL;

  if (notice == NULL)
    return;
  lines = g_strsplit (notice, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_printerr ("%s: %s %s\n", display, _("note:"), lines[i]);
}

static void
print_added (const char           *display,
             const SlImportResult *result,
             gboolean              dry_run)
{
  for (guint i = 0; i < result->added->len; i++)
    {
      g_autofree char *line = NULL;

      /* Translators: %s is e.g. "race “Mass”" or "charity “Kidney Kindness”" */
      line = g_strdup_printf (dry_run ? _("would add %s") : _("added %s"),
                              (const char *)g_ptr_array_index (result->added, i));
      g_printerr ("%s: %s %s\n", display, _("note:"), line);
    }
  g_print ("added_races: %u\n", result->added_races);
  g_print ("added_waves: %u\n", result->added_waves);
  g_print ("added_charities: %u\n", result->added_charities);
}

static void
print_needs (const char           *display,
             const SlImportResult *result,
             gboolean              dry_run)
{
  g_autofree char *summary = sl_import_result_dup_needs_summary (result);
  g_autofree char *line = NULL;

  if (summary == NULL)
    return;
  /* Translators: %s is e.g. "12 needs, 4 guide runner links, 7 markers" */
  line = g_strdup_printf (dry_run ? _("support needs that would be recorded: %s")
                                  : _("support needs recorded: %s"), summary);
  g_printerr ("%s: %s %s\n", display, _("note:"), line);
  g_print ("needs: %u\n", result->needs);
  g_print ("guide_links: %u\n", result->guide_links);
  g_print ("support_links: %u\n", result->support_links);
  g_print ("markers: %u\n", result->markers);
  g_print ("needs_existing: %u\n", result->needs_existing);
  g_print ("links_existing: %u\n", result->links_existing);
  g_print ("markers_existing: %u\n", result->markers_existing);
}

static gboolean
parse_date_order (const char  *text,
                  SlDateOrder *order)
{
  if (g_ascii_strcasecmp (text, "DMY") == 0)
    *order = SL_DATE_ORDER_DMY;
  else if (g_ascii_strcasecmp (text, "MDY") == 0)
    *order = SL_DATE_ORDER_MDY;
  else if (g_ascii_strcasecmp (text, "YMD") == 0)
    *order = SL_DATE_ORDER_YMD;
  else if (g_ascii_strcasecmp (text, "ISO") == 0)
    *order = SL_DATE_ORDER_UNSET;
  else
    return FALSE;
  return TRUE;
}

int
sl_cli_import (const SlCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_auto(GStrv) maps = NULL;
  g_autofree char *date_order = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  SlImportOptions options;
  gboolean good_rows_only = FALSE;
  gboolean dry_run = FALSE;
  gboolean add_missing = FALSE;
  gboolean without_needs = FALSE;
  GOptionEntry entries[] = {
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Read FIELD from the column named HEADER (e.g. bib=\"Race No\"); fields: bib, "
         "booking-ref, first-name, last-name, full-name, date-of-birth, age, gender, "
         "nationality, club, email, phone, emergency-contact, entry-type, race, wave, "
         "charity, costume, vip, notes, start-area, start-time (these two only for a wave "
         "--add-missing adds); support needs (an accessibility officer's): disability, "
         "access-needs, support-needs, medical-conditions, guide-runner-bib, "
         "support-runner-bib, deaf, visually-impaired, i-need-space, wheelchair"),
      N_("FIELD=HEADER") },
    { "good-rows-only", 0, 0, G_OPTION_ARG_NONE, &good_rows_only,
      N_("Import the valid rows even when others are rejected"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check the file and report, but change nothing"), NULL },
    { "add-missing", 0, 0, G_OPTION_ARG_NONE, &add_missing,
      N_("Add the races, waves (of a named race) and charities the file names that the event "
         "does not have, instead of rejecting their rows"), NULL },
    { "without-needs", 0, 0, G_OPTION_ARG_NONE, &without_needs,
      N_("Leave out the support needs columns (Disability, Medical conditions, Guide runner "
         "bib, Deaf …), which only an accessibility officer (--as) may import"), NULL },
    { "date-order", 0, 0, G_OPTION_ARG_STRING, &date_order,
      N_("How dates with the year last are written: DMY (31/12/1990) or MDY (12/31/1990); "
         "YMD when the year is first; ISO for YYYY-MM-DD only. Without it, the order the date "
         "column's header gives, as in \"DOB (DD/MM/YYYY)\", else ISO"), N_("DMY|MDY|YMD|ISO") },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse (command, entries, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return sl_cli_usage_error (command, _("expected one CSV file"));

  sl_import_options_init (&options);
  options.good_rows_only = good_rows_only;
  options.dry_run = dry_run;
  options.add_missing = add_missing;
  options.without_needs = without_needs;
  if ((rc = sl_cli_trim_option (command, "--date-order", date_order)) >= 0)
    return rc;
  if (date_order != NULL && !parse_date_order (date_order, &options.date_order))
    return sl_cli_usage_error (command, _("--date-order must be DMY, MDY, YMD or ISO, not “%s”"),
                               date_order);
  options.date_order_chosen = date_order != NULL;
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      const char *eq = strchr (maps[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *header = NULL;
      SlImportField field;

      /* Both sides trimmed: "bib = Race No" maps the column "Race No". */
      if (eq != NULL)
        {
          name = g_strstrip (g_strndup (maps[i], eq - maps[i]));
          header = g_strstrip (g_strdup (eq + 1));
        }
      if (name == NULL || *name == '\0' || *header == '\0')
        {
          sl_import_options_clear (&options);
          return sl_cli_usage_error (command, _("--map expects FIELD=HEADER, not “%s”"),
                                     maps[i]);
        }
      if (!sl_import_field_from_id (name, &field))
        {
          sl_import_options_clear (&options);
          return sl_cli_usage_error (command, _("--map: “%s” is not a field name"), name);
        }
      g_free (options.mapping[field]);
      options.mapping[field] = g_steal_pointer (&header);
    }

  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    {
      sl_import_options_clear (&options);
      return rc;
    }

  display = g_filename_display_name (argv[1]);
  result = sl_db_import_csv (db, argv[1], &options, NULL, NULL, NULL, &refused, &error);
  sl_import_options_clear (&options);

  if (result == NULL && refused == NULL)
    return sl_cli_fail (error);

  if (result != NULL)
    {
      print_notice (display, result->notice);
      print_problems (display, result);
      g_print ("imported: %u\n", result->imported);
      g_print ("updated: %u\n", result->updated);
      g_print ("unchanged: %u\n", result->unchanged);
      g_print ("rejected: %u\n", result->rejected);
      if (add_missing)
        print_added (display, result, dry_run);
      print_needs (display, result, dry_run);
      if (dry_run)
        g_printerr ("%s: %s\n", display, _("dry run: nothing was changed"));
      return SL_CLI_OK;
    }

  /* All or nothing: the counts say what was written, which is nothing. */
  print_notice (display, refused->notice);
  print_problems (display, refused);
  g_print ("imported: 0\n");
  g_print ("updated: 0\n");
  g_print ("unchanged: 0\n");
  g_print ("rejected: %u\n", refused->rejected);
  if (refused->missing > 0)
    g_printerr (_("startline-cli: %s; fix the rows, add the races, waves and charities the file "
                  "names with --add-missing, or use --good-rows-only\n"), error->message);
  else
    g_printerr (_("startline-cli: %s; fix the rows or use --good-rows-only\n"), error->message);
  return SL_CLI_FAILED;
}
