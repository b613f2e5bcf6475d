/* sl-cli.c — startline-cli: the core's operations for scripts and tests
 *
 * startline-cli --db FILE COMMAND [OPTIONS] [ARGS]
 * Exit 0 on success, 1 with one line on stderr on failure, 2 on a usage
 * error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-crypto.h"

#include "sl-cli.h"

static const SlCliCommand *current_command;

int
sl_cli_fail (const GError *error)
{
  g_printerr ("startline-cli: %s\n", error->message);
  return SL_CLI_FAILED;
}

/* One line on stderr: what was wrong with how the command called name
 * was called, or startline-cli itself (name NULL). SL_CLI_USAGE.
 */
static int
say_usage_error (const char *name,
                 const char *format,
                 va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  g_autofree char *line = NULL;

  if (name != NULL)
    /* Translators: the command, what was wrong with how it was called, the command again. */
    line = g_strdup_printf (_("startline-cli %s: %s (see “startline-cli %s --help”)"), name,
                            message, name);
  else
    /* Translators: what was wrong with how startline-cli was called. */
    line = g_strdup_printf (_("startline-cli: %s (see “startline-cli --help”)"), message);
  g_printerr ("%s\n", line);
  return SL_CLI_USAGE;
}

int
sl_cli_usage_error (const SlCliCommand *command,
                    const char         *format,
                    ...)
{
  va_list args;
  int rc;

  va_start (args, format);
  rc = say_usage_error (command->name, format, args);
  va_end (args);
  return rc;
}

int
sl_cli_parse (const SlCliCommand   *command,
              GOptionEntry         *entries,
              int                  *argc,
              char               ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameter = g_strdup_printf ("%s %s", command->name, command->args);

  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, _(command->summary));
  if (command->description != NULL)
    g_option_context_set_description (context, _(command->description));
  g_option_context_set_help_enabled (context, TRUE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    return sl_cli_usage_error (command, "%s", error->message);
  return -1;
}

int
sl_cli_parse_args (const SlCliCommand   *command,
                   GOptionEntry         *entries,
                   int                  *argc,
                   char               ***argv,
                   const char           *expected)
{
  int rc;

  if ((rc = sl_cli_parse (command, entries, argc, argv)) >= 0)
    return rc;
  if (expected == NULL && *argc > 1)
    return sl_cli_usage_error (command, _("unexpected argument “%s”"), (*argv)[1]);
  if (expected != NULL && (*argc != 2 || *g_strstrip ((*argv)[1]) == '\0'))
    return sl_cli_usage_error (command, "%s", expected);
  return -1;
}

SlEntrant *
sl_cli_dup_entrant (SlDb       *db,
                    const char *code,
                    int        *rc)
{
  g_autoptr(GError) error = NULL;
  SlEntrant *entrant = sl_db_dup_entrant_by_code (db, code, &error);

  if (entrant == NULL)
    *rc = sl_cli_fail (error);
  return entrant;
}

int
sl_cli_trim_option (const SlCliCommand *command,
                    const char         *option,
                    char               *value)
{
  if (value == NULL || *g_strstrip (value) != '\0')
    return -1;
  return sl_cli_usage_error (command, _("%s cannot be blank"), option);
}

int
sl_cli_open_db (const SlCliGlobals  *globals,
                SlDb               **db)
{
  *db = NULL;
  if (globals->db_path == NULL)
    return sl_cli_usage_error (sl_cli_get_current_command (), _("--db FILE is required"));
  return sl_cli_open_event (globals, globals->db_path, db);
}

int
sl_cli_open_event (const SlCliGlobals  *globals,
                   const char          *location,
                   SlDb               **db)
{
  g_autoptr(GError) error = NULL;

  *db = sl_db_open (location, &error);
  if (*db == NULL)
    return sl_cli_fail (error);
  sl_db_set_actor (*db, globals->operator_name, globals->desk);
  if (globals->as_name != NULL)
    {
      g_autofree char *prompt = g_strdup_printf (_("Passphrase for %s: "), globals->as_name);
      char *passphrase = sl_cli_read_passphrase ("STARTLINE_PASSPHRASE", prompt, FALSE, &error);
      gboolean ok;

      if (passphrase == NULL)
        {
          g_clear_object (db);
          return sl_cli_fail (error);
        }
      ok = sl_db_sign_in (*db, globals->as_name, passphrase, &error);
      sl_secret_str_free (passphrase);
      if (!ok)
        {
          g_clear_object (db);
          return sl_cli_fail (error);
        }
    }
  return SL_CLI_OK;
}

static int
cmd_init (const SlCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  GOptionEntry entries[] = {
    { "event", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the event"), N_("NAME") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Date of the event"), N_("YYYY-MM-DD") },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse_args (current_command, entries, &argc, &argv, NULL)) >= 0)
    return rc;
  if (globals->db_path == NULL)
    return sl_cli_usage_error (current_command, _("--db FILE is required"));
  if ((rc = sl_cli_trim_option (current_command, "--event", name)) >= 0
      || (rc = sl_cli_trim_option (current_command, "--date", date)) >= 0)
    return rc;
  if (name == NULL || date == NULL)
    return sl_cli_usage_error (current_command,
                               _("--event NAME and --date YYYY-MM-DD are required"));
  if (!sl_date_is_valid_iso (date))
    return sl_cli_usage_error (current_command,
                               _("--date: “%s” is not a date written YYYY-MM-DD"), date);

  if (!(db = sl_db_create (globals->db_path, name, date, &error)))
    return sl_cli_fail (error);
  g_print ("created: %s\n", globals->db_path);
  return SL_CLI_OK;
}

static int
change_check_in (const SlCliGlobals *globals,
                 int                 argc,
                 char              **argv,
                 gboolean            undo)
{
  g_autofree char *desk = NULL;
  g_autofree char *request_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "desk", 0, 0, G_OPTION_ARG_STRING, &desk, N_("Name of this desk"), N_("NAME") },
    { "request-id", 0, 0, G_OPTION_ARG_STRING, &request_id,
      N_("This action's id (a UUID): give the same one when retrying it, and it is recorded once"),
      N_("UUID") },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse_args (current_command, entries, &argc, &argv,
                               _("expected one bib or booking reference"))) >= 0)
    return rc;
  if (request_id != NULL && !g_uuid_string_is_valid (request_id))
    return sl_cli_usage_error (current_command, _("--request-id: “%s” is not a UUID"), request_id);
  if (desk != NULL)
    {
      g_autofree char *checked = sl_actor_name_dup_checked (SL_ACTOR_DESK, desk, &error);

      if (checked == NULL)
        return sl_cli_usage_error (current_command, "--desk: %s", error->message);
      g_free (desk);
      desk = g_steal_pointer (&checked);
    }
  else if (globals->desk != NULL)
    desk = g_strdup (globals->desk);
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;

  /* The audit log records the desk too. */
  sl_db_set_actor (db, globals->operator_name, desk);
  entrant = sl_db_change_check_in (db, argv[1], 0, undo, desk, request_id, &error);
  if (entrant == NULL)
    return sl_cli_fail (error);

  name = sl_entrant_dup_full_name (entrant);
  if (undo)
    g_print ("undone: %s\t%s\n", entrant->bib, name);
  else
    g_print ("checked in: %s\t%s\t%s\t%s\n", entrant->bib, name, entrant->checked_in_at,
             entrant->checked_in_desk);
  return SL_CLI_OK;
}

static int
cmd_check_in (const SlCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  return change_check_in (globals, argc, argv, FALSE);
}

static int
cmd_undo_check_in (const SlCliGlobals *globals,
                   int                 argc,
                   char              **argv)
{
  return change_check_in (globals, argc, argv, TRUE);
}

static int
cmd_search (const SlCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *text = NULL;
  int limit = 20;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N matches (default 20)"), "N" },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse (current_command, entries, &argc, &argv)) >= 0)
    return rc;
  if (argc >= 2)
    text = g_strstrip (g_strjoinv (" ", argv + 1));
  if (text == NULL || *text == '\0')
    return sl_cli_usage_error (current_command, _("expected the text to search for"));
  if (limit <= 0)
    return sl_cli_usage_error (current_command, _("--limit must be a positive number"));
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;

  if (!(hits = sl_db_search (db, text, (guint)limit, &error)))
    return sl_cli_fail (error);

  for (guint i = 0; i < hits->len; i++)
    {
      SlEntrant *e = g_ptr_array_index (hits, i);
      g_autofree char *name = sl_entrant_dup_full_name (e);

      g_print ("%s\t%s\t%s\t%s\t%s\n", e->bib, name,
               e->race_name != NULL ? e->race_name : "",
               e->wave_name != NULL ? e->wave_name : "",
               sl_status_to_id (e->status));
    }
  return SL_CLI_OK;
}

static int
cmd_stats (const SlCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEvent) event = NULL;
  SlStats stats;
  int rc;

  if ((rc = sl_cli_parse_args (current_command, NULL, &argc, &argv, NULL)) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(event = sl_db_dup_event (db, &error)) || !sl_db_get_stats (db, &stats, &error))
    return sl_cli_fail (error);

  g_print ("event: %s\n", event->name);
  g_print ("date: %s\n", event->date);
  g_print ("entrants: %" G_GINT64_FORMAT "\n", stats.entrants);
  g_print ("checked_in: %" G_GINT64_FORMAT "\n", stats.checked_in);
  g_print ("withdrawn: %" G_GINT64_FORMAT "\n", stats.withdrawn);
  g_print ("deferred: %" G_GINT64_FORMAT "\n", stats.deferred);
  g_print ("charities: %" G_GINT64_FORMAT "\n", stats.charities);
  g_print ("charity_runners: %" G_GINT64_FORMAT "\n", stats.charity_runners);
  g_print ("vips: %" G_GINT64_FORMAT "\n", stats.vips);
  return SL_CLI_OK;
}

static int
cmd_audit (const SlCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) entries_out = NULL;
  int limit = 20;
  gboolean verify = FALSE;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show the newest N entries (0: all)"), "N" },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      N_("Check the log's hash chain instead of printing it"), NULL },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse_args (current_command, entries, &argc, &argv, NULL)) >= 0)
    return rc;
  if (limit < 0)
    return sl_cli_usage_error (current_command, _("--limit cannot be negative"));
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (verify)
    {
      gint64 n = 0;

      /* "audit log broken at entry N: …" is the one line on stderr. */
      if (!sl_db_verify_audit (db, &n, NULL, &error))
        return sl_cli_fail (error);
      g_print (_("audit log verified: %lld entries\n"), (long long)n);
      return SL_CLI_OK;
    }
  if (!(entries_out = sl_db_list_audit (db, NULL, 0, (guint)limit, &error)))
    return sl_cli_fail (error);

  for (guint i = 0; i < entries_out->len; i++)
    {
      SlAuditEntry *e = g_ptr_array_index (entries_out, i);

      g_print ("%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\n",
               e->at, e->operator_name, e->desk != NULL ? e->desk : "",
               e->action, e->entity, e->entity_id,
               e->before != NULL ? e->before : "", e->after != NULL ? e->after : "");
    }
  return SL_CLI_OK;
}

static const SlCliCommand commands[] = {
  { "init", "", N_("Create a new event file."), cmd_init },
  { "demo", "", N_("Fill the event with a realistic, reproducible demo."), sl_cli_demo },
  { "import", "FILE", N_("Import entrants from a CSV file."), sl_cli_import,
    N_("A row whose bib, else booking reference, belongs to an entrant updates that\n"
       "entrant. Prints the counts as imported:, updated:, unchanged: and rejected:\n"
       "lines, and each rejected row on stderr as FILE:LINE: COLUMN: reason. By\n"
       "default one rejected row means nothing is imported. A new event has no races,\n"
       "waves or charities: --add-missing adds those the file names.") },
  { "export", "FILE.xlsx|FILE.csv",
    N_("Export entrants to a spreadsheet (--profile NAME --reason TEXT: through a profile;"
       " without, an admin)."),
    sl_cli_export },
  { "profiles", "", N_("List the export profiles, tab-separated."), sl_cli_profiles,
    N_("Columns: name, label, built-in or custom, roles, sensitivity, column keys.") },
  { "profile", "show|save|remove", N_("Show, save or remove an export profile."),
    sl_cli_profile },
  { "exports", "", N_("Print the export log, newest first (an admin)."), sl_cli_exports,
    N_("Columns: id, at, operator, desk, profile, reason, filter, rows, columns,\n"
       "file name, SHA-256.") },
  { "consent", "BIB-OR-REF given|not-given|withdrawn|not-asked",
    N_("Record a runner's consent to share contact details with their charity."),
    sl_cli_consent },
  { "check-in", "BIB-OR-REF", N_("Check an entrant in."), cmd_check_in },
  { "undo-check-in", "BIB-OR-REF", N_("Undo an entrant's check-in."), cmd_undo_check_in },
  { "search", "TEXT", N_("Find entrants by name, bib, reference or club."), cmd_search },
  { "stats", "", N_("Print counts as key: value lines."), cmd_stats },
  { "copy", "--from EVENT --to EVENT",
    N_("Copy a whole event to a new file or server database (an admin)."), sl_cli_copy,
    N_("An event is a file or a postgresql:// URI (or libpq connection string).\n"
       "The destination must not exist yet (a file) or must hold no tables (a\n"
       "database made with createdb). Everything is copied as it is: ids, sealed\n"
       "details, staff accounts and the audit log, whose chain then verifies on\n"
       "both; the copy appends one \"copy\" entry to the new event's log. --as signs\n"
       "in to the source.") },
  { "audit", "[--verify]", N_("Print the audit log, newest first, or check its hash chain."),
    cmd_audit,
    N_("--verify walks the hash chain and prints \"audit log verified: N entries\", or\n"
       "\"audit log broken at entry N: what\" (and exits 1) at the first entry that\n"
       "was changed, removed or moved outside Startline.") },
  { "erase", "BIB-OR-REF --reason TEXT",
    N_("Erase a person's personal and special data (an admin)."), sl_cli_erase,
    N_("Names, date of birth, contact details, club, notes, costume, booking\n"
       "reference, their needs' details, links and markers, and every audit\n"
       "payload about them go; bib, race, wave, status, check-in and charity\n"
       "amounts stay, so counts and totals stay right. Asks nothing; one line.") },
  { "retention", "run", N_("Remove special-category data once the event is over (an admin)."),
    sl_cli_retention,
    N_("Needs' details and adjustments, notes, and the audit payloads that hold\n"
       "them, for the whole event, once its date plus the delay (--after-days,\n"
       "stored in the event; 30 by default) is past; refused before, naming the\n"
       "first day it can run.") },
  { "need", "add|set|list|types", N_("Record, decide and list support needs."), sl_cli_need },
  { "link", "BIB-OR-REF", N_("Link a guide, support runner or assistant."), sl_cli_link },
  { "marker", "BIB-OR-REF", N_("Set or clear an identifier marker."), sl_cli_marker },
  { "show", "BIB-OR-REF", N_("Print an entrant as your role may see it."), sl_cli_show },
  { "withdraw", "BIB-OR-REF", N_("Withdraw an entrant (and their guide runners)."),
    sl_cli_withdraw },
  { "staff", "add|remove|list|login", N_("Manage the event's staff accounts."), sl_cli_staff },
  { "facility", "add|list|close|reopen", N_("Add, list, close and reopen facilities."),
    sl_cli_facility },
  { "book", "FACILITY BIB-OR-REF", N_("Book a facility; prints confirmed or waiting N."),
    sl_cli_book,
    N_("Without --slot a drop-in facility is booked for the day. A booking that\n"
       "does not fit the slot (or the facility it is inside) joins its waiting\n"
       "list: the command still exits 0. Needs an officer or an admin (--as).") },
  { "cancel-booking", "FACILITY BIB-OR-REF", N_("Cancel a booking; prints who was promoted."),
    sl_cli_cancel_booking,
    N_("The places freed go at once to the first on the waiting list who fit\n"
       "(a party too large waits on; a smaller one behind it goes in): one\n"
       "\"promoted\" line each, tab-separated bib, name, slot and party.") },
  { "bookings", "FACILITY", N_("List bookings, tab-separated."), sl_cli_bookings,
    N_("Columns: bib, name, slot (HH:MM or day), party, status, waiting position.") },
  { "enter", "FACILITY BIB-OR-REF", N_("Count a person in at a facility's door."), sl_cli_enter,
    N_("At capacity entry is refused; --override REASON admits anyway (an officer\n"
       "or an admin, logged). Entering one facility leaves any other.") },
  { "leave", "FACILITY BIB-OR-REF", N_("Count a person out at a facility's door."),
    sl_cli_leave },
  { "occupancy", "FACILITY", N_("Print inside: N and capacity: N."), sl_cli_occupancy },
  { "roster", "FACILITY FILE.xlsx|FILE.csv",
    N_("Export a facility's roster for its lead (an officer, an exporter or an admin)."),
    sl_cli_roster,
    N_("Names, bibs, slot, party, status and markers where the person consented to\n"
       "share with facility leads; never a need's type or detail.") },
  { "charities", "", N_("List charities, tab-separated (an officer, an exporter or an admin)."),
    sl_cli_charities,
    N_("Columns: name, bond (golden, silver, none), places allocated, places used\n"
       "(runners not withdrawn), pledged and raised (pounds, as 1234.50).") },
  { "charity", "add|edit", N_("Add or change a charity (an exporter or an admin)."),
    sl_cli_charity },
  { "fundraising", "import FILE", N_("Import amounts raised from a CSV file."),
    sl_cli_fundraising },
};

/* The output is for scripts: UTF-8 as stored, whatever the locale's
 * character set (g_print would turn "Fernández" into "Fern?ndez" in C).
 */
static void
print_utf8_cb (const char *text)
{
  fputs (text, stdout);
}

static void
printerr_utf8_cb (const char *text)
{
  fputs (text, stderr);
}

/* A usage error before any command: one line, as a command's own are. */
static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  va_list args;
  int rc;

  va_start (args, format);
  rc = say_usage_error (NULL, format, args);
  va_end (args);
  return rc;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: startline-cli [--db FILE] [--operator NAME] [--desk NAME] [--as NAME]"
                " COMMAND ...\n\n");
  fprintf (out, "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-15s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\nRun “startline-cli COMMAND --help” for a command's options.\n");
  fprintf (out, "\n%s\n", _("--as NAME signs in as a staff account before the command runs; the\n"
                             "audit log then names that account. The passphrase is read from the\n"
                             "terminal without echo, or else from STARTLINE_PASSPHRASE (and a new\n"
                             "account's from STARTLINE_NEW_PASSPHRASE). What that costs: while the\n"
                             "command runs, the variable can be read from the process's environment\n"
                             "(/proc/PID/environ) by the same user and by root, and it may stay in a\n"
                             "shell's history or a script's file. Use it only in scripts, on a machine\n"
                             "no one else uses, and never for an officer's passphrase on a shared one."));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *operator_name = NULL;
  g_autofree char *desk = NULL;
  g_autofree char *as_name = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean help = FALSE;
  SlCliGlobals globals;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The event file"), N_("FILE") },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator_name,
      N_("Who is acting, for the audit log (default: the login name)"), N_("NAME") },
    { "desk", 0, 0, G_OPTION_ARG_STRING, &desk, N_("Name of this desk"), N_("NAME") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as_name,
      N_("Sign in as this staff account first (see --help)"), N_("NAME") },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show help"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_set_print_handler (print_utf8_cb);
  g_set_printerr_handler (printerr_utf8_cb);
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new ("COMMAND");
  g_option_context_set_help_enabled (context, FALSE);
  /* Stop at the command: its options are its own. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  /* A file name is taken as given, spaces and all; only an empty one is a
   * mistake.
   */
  if (db_path != NULL && *db_path == '\0')
    return usage_error (_("%s cannot be blank"), "--db");

  if (help || (argc >= 2 && g_str_equal (argv[1], "help")))
    {
      print_usage (stdout);
      return SL_CLI_OK;
    }
  if (argc < 2)
    return usage_error ("%s", _("no command given"));

  /* Who and where go into the audit log: a blank or a line break there
   * is a mistake to report, not a name to record.
   */
  if (operator_name != NULL)
    {
      g_autofree char *checked = sl_actor_name_dup_checked (SL_ACTOR_OPERATOR, operator_name,
                                                            &error);

      if (checked == NULL)
        return usage_error ("--operator: %s", error->message);
      g_free (operator_name);
      operator_name = g_steal_pointer (&checked);
    }
  if (desk != NULL)
    {
      g_autofree char *checked = sl_actor_name_dup_checked (SL_ACTOR_DESK, desk, &error);

      if (checked == NULL)
        return usage_error ("--desk: %s", error->message);
      g_free (desk);
      desk = g_steal_pointer (&checked);
    }

  if (as_name != NULL)
    {
      if (*g_strstrip (as_name) == '\0')
        return usage_error (_("%s cannot be blank"), "--as");
      /* Signed in, the account is who acts. */
      if (operator_name != NULL)
        return usage_error ("%s", _("--as and --operator cannot be used together"));
    }

  globals.db_path = db_path;
  globals.operator_name = operator_name;
  globals.desk = desk;
  globals.as_name = as_name;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          current_command = &commands[i];
          return commands[i].func (&globals, argc - 1, argv + 1);
        }
    }

  return usage_error (_("unknown command “%s”"), argv[1]);
}

const SlCliCommand *
sl_cli_get_current_command (void)
{
  return current_command;
}
