/* sl-cli-profiles.c — startline-cli profiles, profile, exports, consent
 *
 *   profiles                         name, label, built-in or custom, roles,
 *                                    sensitivity, column keys (tab-separated)
 *   profile show NAME                the same as key: value lines
 *   profile save NAME --columns key,key,...   (an exporter or an admin)
 *   profile remove NAME              (an exporter or an admin)
 *   exports [--limit N]              the export log (an admin), tab-separated
 *   consent BIB-OR-REF given|not-given|withdrawn|not-asked [--wording VERSION]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-cli.h"

static const SlCliCommand profile_show_command = {
  "profile show", "NAME", N_("Print a profile as key: value lines."), NULL, NULL
};
static const SlCliCommand profile_save_command = {
  "profile save", "NAME", N_("Save a custom profile (an exporter or an admin)."), NULL,
  N_("--columns lists registry keys, comma-separated (see `profile show full`,\n"
     "plus need_types and need_details). A profile with a special column\n"
     "(notes, markers, need types or details) is usable only by an officer.")
};
static const SlCliCommand profile_remove_command = {
  "profile remove", "NAME", N_("Remove a custom profile (an exporter or an admin)."), NULL, NULL
};

static const char *
sensitivity_id (SlSensitivity sensitivity)
{
  switch (sensitivity)
    {
    case SL_SENSITIVITY_PUBLIC:
      return "public";
    case SL_SENSITIVITY_PERSONAL:
      return "personal";
    case SL_SENSITIVITY_SPECIAL:
    default:
      return "special";
    }
}

static char *
dup_keys (const SlExportProfile *profile)
{
  const SlExportColumnInfo *infos = sl_export_get_columns (NULL);
  GString *keys = g_string_new (NULL);

  if (profile->kind == SL_PROFILE_KIND_ROSTER)
    g_string_append (keys, "roster");
  for (guint i = 0; i < profile->n_columns; i++)
    g_string_append_printf (keys, "%s%s", i > 0 ? "," : "", infos[profile->columns[i]].key);
  return g_string_free (keys, FALSE);
}

int
sl_cli_profiles (const SlCliGlobals *globals,
                 int                 argc,
                 char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  int rc;

  if ((rc = sl_cli_parse_args (command, NULL, &argc, &argv, NULL)) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(profiles = sl_db_list_export_profiles (db, &error)))
    return sl_cli_fail (error);
  for (guint i = 0; i < profiles->len; i++)
    {
      const SlExportProfile *profile = profiles->pdata[i];
      g_autofree char *roles = sl_roles_dup_string (profile->roles);
      g_autofree char *keys = dup_keys (profile);

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\n", profile->name, profile->label,
               profile->builtin ? "built-in" : "custom", roles,
               sensitivity_id (sl_export_profile_sensitivity (profile)), keys);
    }
  return SL_CLI_OK;
}

static int
profile_show (const SlCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlExportProfile) profile = NULL;
  g_autofree char *roles = NULL;
  g_autofree char *keys = NULL;
  int rc;

  if ((rc = sl_cli_parse (&profile_show_command, NULL, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return sl_cli_usage_error (&profile_show_command, _("expected one profile name"));
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(profile = sl_db_dup_export_profile (db, argv[1], &error)))
    return sl_cli_fail (error);
  roles = sl_roles_dup_string (profile->roles);
  keys = dup_keys (profile);
  g_print ("name: %s\nlabel: %s\nkind: %s\nroles: %s\nsensitivity: %s\ncolumns: %s\n",
           profile->name, profile->label, profile->builtin ? "built-in" : "custom", roles,
           sensitivity_id (sl_export_profile_sensitivity (profile)), keys);
  if (profile->flags & SL_PROFILE_NEEDS_CHARITY)
    g_print ("needs: --charity\n");
  if (profile->flags & SL_PROFILE_NEEDS_FACILITY)
    g_print ("needs: --facility\n");
  if (profile->flags & SL_PROFILE_CONTACT_BY_CONSENT)
    g_print ("rule: email and phone only with contact consent given\n");
  if (profile->flags & SL_PROFILE_NEEDS_BY_MEDICAL_CONSENT)
    g_print ("rule: only needs shared with the medical team\n");
  return SL_CLI_OK;
}

static int
profile_save (const SlCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  g_autofree char *columns_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (SlExportColumn));
  g_auto(GStrv) keys = NULL;
  GOptionEntry entries[] = {
    { "columns", 0, 0, G_OPTION_ARG_STRING, &columns_text,
      N_("Registry keys, comma-separated"), N_("KEY,KEY,…") },
    { NULL }
  };
  guint n_infos;
  const SlExportColumnInfo *infos = sl_export_get_columns (&n_infos);
  int rc;

  if ((rc = sl_cli_parse (&profile_save_command, entries, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return sl_cli_usage_error (&profile_save_command, _("expected one profile name"));
  if (columns_text == NULL)
    return sl_cli_usage_error (&profile_save_command, _("--columns KEY,KEY,… is required"));
  keys = g_strsplit (columns_text, ",", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      guint c;

      g_strstrip (keys[i]);
      for (c = 0; c < n_infos && !g_str_equal (infos[c].key, keys[i]); c++)
        ;
      if (c == n_infos)
        return sl_cli_usage_error (&profile_save_command, _("unknown column “%s”"), keys[i]);
      g_array_append_val (columns, infos[c].column);
    }
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_save_export_profile (db, argv[1], (SlExportColumn *)columns->data, columns->len,
                                  &error))
    return sl_cli_fail (error);
  g_print ("saved: %s\n", g_strstrip (argv[1]));
  return SL_CLI_OK;
}

static int
profile_remove (const SlCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  int rc;

  if ((rc = sl_cli_parse (&profile_remove_command, NULL, &argc, &argv)) >= 0)
    return rc;
  if (argc != 2)
    return sl_cli_usage_error (&profile_remove_command, _("expected one profile name"));
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_remove_export_profile (db, argv[1], &error))
    return sl_cli_fail (error);
  g_print ("removed: %s\n", argv[1]);
  return SL_CLI_OK;
}

int
sl_cli_profile (const SlCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();

  if (argc >= 2 && g_str_equal (argv[1], "show"))
    return profile_show (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "save"))
    return profile_save (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "remove"))
    return profile_remove (globals, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("Usage: startline-cli profile show|save|remove …\n\n%s\n\n", _(command->summary));
      g_print ("  profile show NAME\n");
      g_print ("  profile save NAME --columns KEY,KEY,…\n");
      g_print ("  profile remove NAME\n");
      return SL_CLI_OK;
    }
  return sl_cli_usage_error (command, _("expected show, save or remove"));
}

int
sl_cli_exports (const SlCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int limit = 0;
  GOptionEntry options[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show the newest N entries (0: all)"), "N" },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse_args (command, options, &argc, &argv, NULL)) >= 0)
    return rc;
  if (limit < 0)
    return sl_cli_usage_error (command, _("--limit must be 0 or more"));
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(entries = sl_db_list_export_log (db, (guint)limit, &error)))
    return sl_cli_fail (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const SlExportLogEntry *e = entries->pdata[i];

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\n",
               e->id, e->at, e->operator_name, e->desk != NULL ? e->desk : "", e->profile,
               e->reason, e->filter != NULL ? e->filter : "", e->n_rows, e->columns,
               e->file_name, e->sha256);
    }
  return SL_CLI_OK;
}

int
sl_cli_consent (const SlCliGlobals *globals,
                int                 argc,
                char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autofree char *wording = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  GOptionEntry entries[] = {
    { "wording", 0, 0, G_OPTION_ARG_STRING, &wording,
      N_("The version of the wording it was given under (default: cli)"), N_("VERSION") },
    { NULL }
  };
  SlContactConsent consent;
  int rc;

  if ((rc = sl_cli_parse (command, entries, &argc, &argv)) >= 0)
    return rc;
  if (argc != 3 || *g_strstrip (argv[1]) == '\0')
    return sl_cli_usage_error (command, _("expected a bib or booking reference and "
                                          "given, not-given, withdrawn or not-asked"));
  if (!sl_contact_consent_from_id (argv[2], &consent))
    return sl_cli_usage_error (command, _("unknown consent “%s” (given, not-given, withdrawn,"
                                          " not-asked)"), argv[2]);
  if ((rc = sl_cli_trim_option (command, "--wording", wording)) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(entrant = sl_db_dup_entrant_by_code (db, argv[1], &error))
      || !sl_db_set_contact_consent (db, entrant->id, consent,
                                     wording != NULL ? wording : "cli", &error))
    return sl_cli_fail (error);
  g_print ("%s\t%s\n", entrant->bib != NULL ? entrant->bib : entrant->booking_ref,
           sl_contact_consent_to_id (consent));
  return SL_CLI_OK;
}
