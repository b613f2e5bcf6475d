/* sl-cli-needs.c — startline-cli need, link, marker, show and withdraw
 *
 * Needs for scripts: recording (any role), deciding, listing, linking and
 * marking (an accessibility officer), and an entrant's record as the
 * acting role may see it. A refusal by role exits 1 with one line naming
 * the role needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-cli.h"

static const SlCliCommand need_add_command = {
  "need add", "BIB-OR-REF", N_("Record a need of an entrant; prints its id."), NULL,
  N_("Anyone may record a need; its detail is sealed to the event's key at once,\n"
     "so only an accessibility officer can read it back. --detail - reads the\n"
     "detail from standard input, which keeps it out of the process list.\n"
     "A --status other than requested needs an officer.")
};
static const SlCliCommand need_set_command = {
  "need set", "ID", N_("Change a need's status (an officer)."), NULL,
  N_("Statuses: requested, info-needed, approved, arranged, declined (with\n"
     "--reason), withdrawn.")
};
static const SlCliCommand need_list_command = {
  "need list", "", N_("List needs, tab-separated (an officer)."), NULL,
  N_("Columns: need id, bib, name, type, status, and with --with-detail the\n"
     "detail (each one read is recorded in the audit log).")
};

static const SlCliCommand need_add_type_command = {
  "need add-type", "CODE", N_("Add a need type to the event's catalogue (an officer)."), NULL,
  N_("CODE is lower case with hyphens (it names the type on the command line);\n"
     "--label is what people read; each --adjustment is one agreed adjustment\n"
     "offered for needs of this type. Prints the type's id.")
};

static const SlCliCommand need_edit_type_command = {
  "need edit-type", "CODE", N_("Change a need type's label or adjustments (an officer)."), NULL,
  N_("--adjustments takes every agreed adjustment at once, separated by\n"
     "semicolons (\"a;b\"); an empty one (\"\") removes them all. What is not\n"
     "given stays as it is. Prints the type's code and label.")
};

static const SlCliCommand need_remove_type_command = {
  "need remove-type", "CODE", N_("Remove a need type no need is of (an officer)."), NULL,
  N_("Refused while any need is of that type, and for the built-in types.")
};

static char *
read_stdin_detail (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[4096];
  size_t n;

  /* Grown in place, the old copies would be freed unwiped: room first. */
  g_string_set_size (text, SL_NEED_DETAIL_MAX_CHARS * 4 + 1);
  g_string_truncate (text, 0);
  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, (gssize)n);
  explicit_bzero (buffer, sizeof buffer);
  while (text->len > 0 && (text->str[text->len - 1] == '\n' || text->str[text->len - 1] == '\r'))
    g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
need_add (const SlCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autofree char *type = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *status_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  SlNeedStatus status = SL_NEED_REQUESTED;
  GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("The need type (guide-runner, deaf, …)"),
      N_("TYPE") },
    { "detail", 0, 0, G_OPTION_ARG_STRING, &detail, N_("What the runner told (- : standard input)"),
      N_("TEXT") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_id, N_("Its status (default requested)"),
      N_("STATUS") },
    { NULL }
  };
  gint64 id;
  int rc;

  if ((rc = sl_cli_parse_args (&need_add_command, entries, &argc, &argv,
                               _("expected one bib or booking reference"))) >= 0)
    return rc;
  if (type == NULL)
    return sl_cli_usage_error (&need_add_command, _("--type TYPE is required"));
  if (status_id != NULL && !sl_need_status_from_id (status_id, &status))
    return sl_cli_usage_error (&need_add_command, _("--status: unknown status “%s”"), status_id);
  if (g_strcmp0 (detail, "-") == 0)
    {
      g_free (detail);
      detail = read_stdin_detail ();
    }
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK
      || !(entrant = sl_cli_dup_entrant (db, argv[1], &rc)))
    return rc;
  id = sl_db_record_need (db, entrant->id, type, detail, status, &error);
  g_clear_pointer (&detail, sl_plain_str_wipe_free);
  if (id == 0)
    return sl_cli_fail (error);
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return SL_CLI_OK;
}

static int
need_set (const SlCliGlobals *globals,
          int                 argc,
          char              **argv)
{
  g_autofree char *status_id = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  SlNeedStatus status;
  GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_id, N_("The new status"), N_("STATUS") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it is declined"), N_("TEXT") },
    { NULL }
  };
  gint64 id;
  char *end = NULL;
  int rc;

  if ((rc = sl_cli_parse (&need_set_command, entries, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2 || (id = g_ascii_strtoll (argv[1], &end, 10)) <= 0 || *end != '\0')
    return sl_cli_usage_error (&need_set_command, _("expected one need id"));
  if (status_id == NULL)
    return sl_cli_usage_error (&need_set_command, _("--status STATUS is required"));
  if (!sl_need_status_from_id (status_id, &status))
    return sl_cli_usage_error (&need_set_command, _("--status: unknown status “%s”"), status_id);
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_set_need_status (db, id, status, reason, &error))
    return sl_cli_fail (error);
  g_print ("%" G_GINT64_FORMAT "\t%s\n", id, sl_need_status_to_id (status));
  return SL_CLI_OK;
}

/* A sealed text shown on one line of a tab-separated list. */
static void
print_secret_field (char *text)
{
  for (char *p = text; p != NULL && *p != '\0'; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';
  g_print ("\t%s", text != NULL ? text : "");
}

static int
need_list (const SlCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  g_autofree char *type = NULL;
  g_autofree char *status_id = NULL;
  g_autofree char *marker_id = NULL;
  g_autofree char *search = NULL;
  gboolean with_detail = FALSE, outstanding = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) needs = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  SlNeedStatus status;
  SlMarker marker;
  GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("Only needs of this type"), N_("TYPE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_id, N_("Only needs in this status"),
      N_("STATUS") },
    { "marker", 0, 0, G_OPTION_ARG_STRING, &marker_id, N_("Only entrants with this marker"),
      N_("MARKER") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only entrants whose name or bib match"),
      N_("TEXT") },
    { "outstanding", 0, 0, G_OPTION_ARG_NONE, &outstanding,
      N_("Only requested or info-needed, oldest first"), NULL },
    { "with-detail", 0, 0, G_OPTION_ARG_NONE, &with_detail, N_("Add each need's detail"), NULL },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse_args (&need_list_command, entries, &argc, &argv, NULL)) >= 0)
    return rc;
  if (status_id != NULL && !sl_need_status_from_id (status_id, &status))
    return sl_cli_usage_error (&need_list_command, _("--status: unknown status “%s”"), status_id);
  if (marker_id != NULL && !sl_marker_from_id (marker_id, &marker))
    return sl_cli_usage_error (&need_list_command, _("--marker: unknown marker “%s”"), marker_id);
  filter.type_code = type;
  filter.status = status_id != NULL ? (int)status : -1;
  filter.marker = marker_id != NULL ? (int)marker : -1;
  filter.text = search;
  filter.outstanding = outstanding;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(needs = sl_db_list_needs (db, &filter, &error)))
    return sl_cli_fail (error);
  for (guint i = 0; i < needs->len; i++)
    {
      SlNeed *need = g_ptr_array_index (needs, i);
      char *detail = NULL;

      if (with_detail && !sl_db_read_need_details (db, need->id, &detail, NULL, &error))
        return sl_cli_fail (error);
      g_print ("%" G_GINT64_FORMAT "\t%s\t%s %s\t%s\t%s", need->id, need->bib, need->first_name,
               need->last_name, need->type_code, sl_need_status_to_id (need->status));
      if (with_detail)
        print_secret_field (detail);
      g_print ("\n");
      sl_secret_str_free (detail);
    }
  return SL_CLI_OK;
}

/* The catalogue, for scripts that need the codes: code and label. */
static int
need_types (const SlCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) types = NULL;
  int rc;

  if (argc > 1)
    return sl_cli_usage_error (sl_cli_get_current_command (), _("unexpected argument “%s”"),
                               argv[1]);
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(types = sl_db_list_need_types (db, &error)))
    return sl_cli_fail (error);
  for (guint i = 0; i < types->len; i++)
    {
      SlNeedType *type = g_ptr_array_index (types, i);

      g_print ("%s\t%s\n", type->code, type->label);
    }
  return SL_CLI_OK;
}

static int
need_add_type (const SlCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  g_autofree char *label = NULL;
  g_auto(GStrv) adjustments = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  GOptionEntry entries[] = {
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("What people read"), N_("TEXT") },
    { "adjustment", 0, 0, G_OPTION_ARG_STRING_ARRAY, &adjustments,
      N_("An agreed adjustment to offer (again for more)"), N_("TEXT") },
    { NULL }
  };
  gint64 id = 0;
  int rc;

  if ((rc = sl_cli_parse (&need_add_type_command, entries, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return sl_cli_usage_error (&need_add_type_command, _("expected one type code"));
  if (label == NULL)
    return sl_cli_usage_error (&need_add_type_command, _("--label TEXT is required"));
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_add_need_type (db, argv[1], label, (const char * const *)adjustments, &id,
                            &error))
    return sl_cli_fail (error);
  g_print ("%" G_GINT64_FORMAT "\n", id);
  return SL_CLI_OK;
}

/* "a; b;;c" → { "a", "b", "c" }: each trimmed, empty ones left out. */
static char **
split_adjustments (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (*part != '\0')
        g_ptr_array_add (out, g_strdup (part));
    }
  g_ptr_array_add (out, NULL);
  return (char **)g_ptr_array_free (out, FALSE);
}

static int
need_edit_type (const SlCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  g_autofree char *label = NULL;
  g_autofree char *adjustments_text = NULL;
  g_auto(GStrv) adjustments = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) types = NULL;
  GOptionEntry entries[] = {
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, N_("What people read"), N_("TEXT") },
    { "adjustments", 0, 0, G_OPTION_ARG_STRING, &adjustments_text,
      N_("Every agreed adjustment, separated by semicolons"), N_("A;B") },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse (&need_edit_type_command, entries, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return sl_cli_usage_error (&need_edit_type_command, _("expected one type code"));
  if (label == NULL && adjustments_text == NULL)
    return sl_cli_usage_error (&need_edit_type_command,
                               _("nothing to change: give --label or --adjustments"));
  if (adjustments_text != NULL)
    adjustments = split_adjustments (adjustments_text);
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_edit_need_type (db, argv[1], label, (const char * const *)adjustments, &error)
      || !(types = sl_db_list_need_types (db, &error)))
    return sl_cli_fail (error);
  for (guint i = 0; i < types->len; i++)
    {
      SlNeedType *type = g_ptr_array_index (types, i);

      if (g_str_equal (type->code, argv[1]))
        g_print ("%s\t%s\n", type->code, type->label);
    }
  return SL_CLI_OK;
}

static int
need_remove_type (const SlCliGlobals *globals,
                  int                 argc,
                  char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  GOptionEntry entries[] = { { NULL } };
  int rc;

  if ((rc = sl_cli_parse (&need_remove_type_command, entries, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return sl_cli_usage_error (&need_remove_type_command, _("expected one type code"));
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_remove_need_type (db, argv[1], &error))
    return sl_cli_fail (error);
  return SL_CLI_OK;
}

int
sl_cli_need (const SlCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();

  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return need_add (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "set"))
    return need_set (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return need_list (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "types"))
    return need_types (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "add-type"))
    return need_add_type (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "edit-type"))
    return need_edit_type (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "remove-type"))
    return need_remove_type (globals, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("Usage: startline-cli need add|set|list|types|add-type|edit-type|remove-type …"
               "\n\n%s\n\n",
               _(command->summary));
      g_print ("  need add BIB-OR-REF --type TYPE [--detail TEXT] [--status STATUS]\n");
      g_print ("  need set ID --status STATUS [--reason TEXT]\n");
      g_print ("  need list [--type T] [--status S] [--marker M] [--search TEXT]"
               " [--outstanding] [--with-detail]\n");
      g_print ("  need types        (code and label of each need type)\n");
      g_print ("  need add-type CODE --label TEXT [--adjustment TEXT]...\n");
      g_print ("  need edit-type CODE [--label TEXT] [--adjustments \"A;B\"]\n");
      g_print ("  need remove-type CODE   (no need may be of it)\n");
      return SL_CLI_OK;
    }
  return sl_cli_usage_error (command, _("expected add, set, list, types, add-type, edit-type"
                                        " or remove-type"));
}

int
sl_cli_link (const SlCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autofree char *guide = NULL;
  g_autofree char *support = NULL;
  g_autofree char *assistant = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *pass = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(SlEntrant) other = NULL;
  SlEntrantLink link = { 0 };
  GOptionEntry entries[] = {
    { "guide", 0, 0, G_OPTION_ARG_STRING, &guide, N_("The guide runner (an entrant)"),
      N_("BIB-OR-REF") },
    { "support-runner", 0, 0, G_OPTION_ARG_STRING, &support,
      N_("The support runner (an entrant)"), N_("BIB-OR-REF") },
    { "assistant", 0, 0, G_OPTION_ARG_STRING, &assistant,
      N_("A personal assistant who is not running"), N_("NAME") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("The assistant's phone"), N_("PHONE") },
    { "pass", 0, 0, G_OPTION_ARG_STRING, &pass, N_("The assistant's pass number"), N_("N") },
    { NULL }
  };
  gint64 id;
  int rc;

  if ((rc = sl_cli_parse_args (command, entries, &argc, &argv,
                               _("expected one bib or booking reference"))) >= 0)
    return rc;
  if ((guide != NULL) + (support != NULL) + (assistant != NULL) != 1)
    return sl_cli_usage_error (command, _("give one of --guide, --support-runner or --assistant"));
  if ((phone != NULL || pass != NULL) && assistant == NULL)
    return sl_cli_usage_error (command, _("--phone and --pass are an assistant's"));
  if ((rc = sl_cli_trim_option (command, "--assistant", assistant)) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK
      || !(entrant = sl_cli_dup_entrant (db, argv[1], &rc))
      || (assistant == NULL && !(other = sl_cli_dup_entrant (db, guide ? guide : support, &rc))))
    return rc;
  link.entrant_id = entrant->id;
  link.kind = guide ? SL_LINK_GUIDE : support ? SL_LINK_SUPPORT_RUNNER : SL_LINK_ASSISTANT;
  link.linked_entrant_id = other != NULL ? other->id : 0;
  link.companion_name = assistant;
  link.companion_phone = phone;
  link.companion_pass = pass;
  if ((id = sl_db_add_link (db, &link, &error)) == 0)
    return sl_cli_fail (error);
  g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", id, entrant->bib, sl_link_kind_to_id (link.kind),
           other != NULL ? other->bib : assistant);
  return SL_CLI_OK;
}

int
sl_cli_marker (const SlCliGlobals *globals,
               int                 argc,
               char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autofree char *add = NULL;
  g_autofree char *remove = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  GOptionEntry entries[] = {
    { "add", 0, 0, G_OPTION_ARG_STRING, &add, N_("Set a marker"), N_("MARKER") },
    { "remove", 0, 0, G_OPTION_ARG_STRING, &remove, N_("Clear a marker"), N_("MARKER") },
    { NULL }
  };
  SlMarker marker;
  int rc;

  if ((rc = sl_cli_parse_args (command, entries, &argc, &argv,
                               _("expected one bib or booking reference"))) >= 0)
    return rc;
  if ((add != NULL) == (remove != NULL))
    return sl_cli_usage_error (command, _("give one of --add or --remove"));
  if (!sl_marker_from_id (add != NULL ? add : remove, &marker))
    return sl_cli_usage_error (command, _("unknown marker “%s” (deaf, visually-impaired,"
                                          " i-need-space, wheelchair)"),
                               add != NULL ? add : remove);
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK
      || !(entrant = sl_cli_dup_entrant (db, argv[1], &rc)))
    return rc;
  if (!sl_db_set_marker (db, entrant->id, marker, add != NULL, &error))
    return sl_cli_fail (error);
  g_print ("%s\t%s%s\n", entrant->bib, add != NULL ? "+" : "-", sl_marker_to_id (marker));
  return SL_CLI_OK;
}

/* The needs part of show, for an officer: each need and, audited, its
 * detail and adjustments. Each line is a key and a value, one line each.
 */
static int
show_needs (SlDb            *db,
            const SlEntrant *entrant)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) needs = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;

  filter.entrant_id = entrant->id;
  if (!(needs = sl_db_list_needs (db, &filter, &error)))
    return sl_cli_fail (error);
  for (guint i = 0; i < needs->len; i++)
    {
      SlNeed *need = g_ptr_array_index (needs, i);
      char *detail = NULL;
      char *adjustments = NULL;

      g_print ("need.%" G_GINT64_FORMAT ": %s, %s\n", need->id, need->type_code,
               sl_need_status_to_id (need->status));
      if (need->decline_reason != NULL)
        g_print ("need.%" G_GINT64_FORMAT ".reason: %s\n", need->id, need->decline_reason);
      if (!sl_db_read_need_details (db, need->id, &detail, &adjustments, &error))
        return sl_cli_fail (error);
      if (detail != NULL)
        {
          sl_text_squash_to_one_line (detail);
          g_print ("need.%" G_GINT64_FORMAT ".detail: %s\n", need->id, detail);
        }
      if (adjustments != NULL)
        {
          sl_text_squash_to_one_line (adjustments);
          g_print ("need.%" G_GINT64_FORMAT ".adjustments: %s\n", need->id, adjustments);
        }
      sl_secret_str_free (detail);
      sl_secret_str_free (adjustments);
    }
  return SL_CLI_OK;
}

static void
show_links (const SlEntrant *entrant,
            GPtrArray       *links)
{
  for (guint i = 0; i < links->len; i++)
    {
      SlEntrantLink *link = g_ptr_array_index (links, i);
      const char *here = link->other_checked_in ? "checked in" : "not checked in";

      if (link->entrant_id != entrant->id)
        g_print ("supports: %s %s (as %s, %s)\n", link->other_bib, link->other_name,
                 sl_link_kind_to_id (link->kind), here);
      else if (link->linked_entrant_id > 0)
        g_print ("%s: %s %s (%s)\n", sl_link_kind_to_id (link->kind), link->other_bib,
                 link->other_name, here);
      else
        g_print ("%s: %s%s%s (companion)\n", sl_link_kind_to_id (link->kind),
                 link->companion_name, link->companion_pass ? ", pass " : "",
                 link->companion_pass ? link->companion_pass : "");
    }
}

int
sl_cli_show (const SlCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(SlDeskNeeds) desk = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GString) markers = g_string_new (NULL);
  int rc;

  if ((rc = sl_cli_parse_args (command, NULL, &argc, &argv,
                               _("expected one bib or booking reference"))) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK
      || !(entrant = sl_cli_dup_entrant (db, argv[1], &rc)))
    return rc;
  if (!(desk = sl_db_dup_desk_needs (db, entrant->id, &error)))
    return sl_cli_fail (error);

  name = sl_entrant_dup_full_name (entrant);
  g_print ("bib: %s\n", entrant->bib);
  g_print ("name: %s\n", name);
  if (entrant->booking_ref != NULL)
    g_print ("booking_ref: %s\n", entrant->booking_ref);
  if (entrant->race_name != NULL)
    g_print ("race: %s\n", entrant->race_name);
  if (entrant->wave_name != NULL)
    g_print ("wave: %s\n", entrant->wave_name);
  if (entrant->start_area != NULL)
    g_print ("start_area: %s\n", entrant->start_area);
  g_print ("status: %s\n", sl_status_to_id (entrant->status));
  for (SlMarker m = 0; m < SL_N_MARKERS; m++)
    if (desk->markers & (1u << m))
      g_string_append_printf (markers, "%s%s", markers->len ? ", " : "", sl_marker_to_id (m));
  if (markers->len > 0)
    g_print ("markers: %s\n", markers->str);
  for (guint i = 0; i < desk->flags->len; i++)
    g_print ("flag: %s\n", (const char *)desk->flags->pdata[i]);
  show_links (entrant, desk->links);
  /* An officer sees the needs themselves; every other role what the desk does. */
  if (sl_roles_allow (sl_db_get_roles (db), SL_ACTION_MANAGE_NEEDS))
    return show_needs (db, entrant);
  return SL_CLI_OK;
}

int
sl_cli_withdraw (const SlCliGlobals *globals,
                 int                 argc,
                 char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  gboolean yes = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(GPtrArray) also = NULL;
  g_autofree char *name = NULL;
  GOptionEntry entries[] = {
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes,
      N_("Also withdraw their guide and support runners"), NULL },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse_args (command, entries, &argc, &argv,
                               _("expected one bib or booking reference"))) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK
      || !(entrant = sl_cli_dup_entrant (db, argv[1], &rc)))
    return rc;
  if (!(also = sl_db_list_withdrawal_cascade (db, entrant->id, &error)))
    return sl_cli_fail (error);
  if (also->len > 0 && !yes)
    {
      g_autoptr(GString) who = g_string_new (NULL);

      for (guint i = 0; i < also->len; i++)
        g_string_append_printf (who, "%s%s", i ? ", " : "", ((SlEntrant *)also->pdata[i])->bib);
      g_printerr (_("startline-cli: withdrawing %s also withdraws their guide or support"
                    " runners %s: run again with --yes\n"), entrant->bib, who->str);
      return SL_CLI_FAILED;
    }
  if (!sl_db_set_entrant_status (db, entrant->id, SL_STATUS_WITHDRAWN, &error))
    return sl_cli_fail (error);
  name = sl_entrant_dup_full_name (entrant);
  g_print ("withdrawn: %s\t%s\n", entrant->bib, name);
  for (guint i = 0; i < also->len; i++)
    {
      SlEntrant *other = g_ptr_array_index (also, i);
      g_autofree char *other_name = sl_entrant_dup_full_name (other);

      g_print ("withdrawn with them: %s\t%s\n", other->bib, other_name);
    }
  return SL_CLI_OK;
}
