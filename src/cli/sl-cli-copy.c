/* sl-cli-copy.c — copy: a whole event to a new file or server database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-cli.h"

/* A name as one shell word. */
static char *
dup_shell_word (const char *name)
{
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr ("._-", *c) == NULL)
      return g_shell_quote (name);
  return g_strdup (name);
}

/* The copied accounts a server has no login for yet, and what each
 * owner runs to make theirs (their passphrase is theirs alone).
 */
static void
print_without_login (const char * const *names)
{
  guint n = names != NULL ? g_strv_length ((GStrv)names) : 0;

  if (n == 0)
    return;
  g_print (ngettext ("%u copied account has no server login yet; its owner runs, with"
                     " EVENT the server event's address:\n",
                     "%u copied accounts have no server login yet; each owner runs, with"
                     " EVENT the server event's address:\n", n), n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *word = dup_shell_word (names[i]);

      g_print ("  startline-cli --db EVENT --as %s staff login\n", word);
    }
}

int
sl_cli_copy (const SlCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  const SlCliCommand *command = sl_cli_get_current_command ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) source = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  SlEventCopyResult result = { 0 };
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from,
      N_("The event to copy: a file or a postgresql:// URI (default: --db)"), N_("EVENT") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to,
      N_("The new event: a file that does not exist yet, or an empty server database"),
      N_("EVENT") },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse_args (command, entries, &argc, &argv, NULL)) >= 0)
    return rc;
  if (from == NULL && globals->db_path != NULL)
    from = g_strdup (globals->db_path);
  if (from == NULL || to == NULL)
    return sl_cli_usage_error (command, _("--from EVENT and --to EVENT are required"));
  if (*from == '\0' || *to == '\0')
    return sl_cli_usage_error (command, _("%s cannot be blank"), *from == '\0' ? "--from"
                                                                                 : "--to");
  if ((rc = sl_cli_open_event (globals, from, &source)) != SL_CLI_OK)
    return rc;
  if (!sl_event_copy (source, to, &result, &error))
    return sl_cli_fail (error);
  /* Not the destination itself: a URI may hold a password. */
  g_print (_("copied: %lld rows, %lld audit entries\n"), (long long)result.n_rows,
           (long long)result.n_audit_entries);
  print_without_login ((const char * const *)result.without_login);
  sl_event_copy_result_clear (&result);
  return SL_CLI_OK;
}
