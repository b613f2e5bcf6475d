/* sl-cli-staff.c — startline-cli staff add|remove|list|login, and reading
 * passphrases (--as, a new account's)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "sl-cli.h"
#include "sl-crypto.h"

#define PASSPHRASE_MAX_BYTES 4096

/* One line from the terminal (fd), without echo, in locked memory (read
 * a byte at a time: no stdio buffer keeps a copy); NULL at the end of
 * input.
 */
static char *
read_line_no_echo (int         fd,
                   const char *prompt)
{
  struct termios before, quiet;
  char *text = sl_secret_str_new (PASSPHRASE_MAX_BYTES);
  gsize len = 0;
  gboolean restore;
  ssize_t n;
  char c;

  (void)!write (fd, prompt, strlen (prompt));
  restore = tcgetattr (fd, &before) == 0;
  if (restore)
    {
      quiet = before;
      quiet.c_lflag &= ~(tcflag_t)ECHO;
      quiet.c_lflag |= ECHONL;
      tcsetattr (fd, TCSAFLUSH, &quiet);
    }
  while ((n = read (fd, &c, 1)) == 1 && c != '\n' && c != '\r')
    if (len < PASSPHRASE_MAX_BYTES)
      text[len++] = c;
  c = 0;
  if (restore)
    tcsetattr (fd, TCSAFLUSH, &before);
  if (n != 1 && len == 0)
    {
      sl_secret_str_free (text);
      return NULL;
    }
  return text;
}

char *
sl_cli_read_passphrase (const char  *env_name,
                        const char  *prompt,
                        gboolean     confirm,
                        GError     **error)
{
  const char *from_env = g_getenv (env_name);
  char *first;
  char *second;
  int fd;

  if (from_env != NULL)
    return sl_secret_str_dup (from_env);

  fd = open ("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No terminal to read the passphrase from: set %s."), env_name);
      return NULL;
    }
  first = read_line_no_echo (fd, prompt);
  if (first != NULL && confirm)
    {
      second = read_line_no_echo (fd, _("Again: "));
      if (second == NULL || strcmp (first, second) != 0)
        {
          sl_secret_str_free (first);
          first = NULL;
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The two passphrases differ."));
        }
      sl_secret_str_free (second);
    }
  else if (first == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("No passphrase was typed."));
  close (fd);
  return first;
}

static const SlCliCommand staff_add_command = {
  "staff add", "NAME --role ROLE [--role ROLE]", N_("Add a staff account."), NULL,
  N_("Roles: officer (accessibility officer), exporter, admin; several as --role\n"
     "officer --role admin or --role officer,admin; desk only on a server event,\n"
     "whose accounts are its logins (DATABASE.name). The new passphrase (at least\n"
     "8 characters) is read twice from the terminal without echo, or from\n"
     "STARTLINE_NEW_PASSPHRASE. Without --as only while the event has no accounts:\n"
     "the first one must be an admin. Adding an officer to an event that has one\n"
     "needs --as an admin who is also an officer.")
};
static const SlCliCommand staff_remove_command = {
  "staff remove", "NAME", N_("Remove a staff account (needs --as an admin)."), NULL, NULL
};
static const SlCliCommand staff_login_command = {
  "staff login", "", N_("Make the server login of the --as account from its passphrase."), NULL,
  N_("On a server event every account is also a server login (DATABASE.name).\n"
     "An account copied to a server (startline-cli copy) has none yet: its owner\n"
     "runs --as NAME staff login, typing the passphrase (or STARTLINE_PASSPHRASE),\n"
     "which is checked against the account's and becomes the login's password,\n"
     "with the account's roles. Again later, it sets the login's password anew.\n"
     "Connect to the server as its owner (who copied the event). File events have\n"
     "no server logins.")
};
static const SlCliCommand staff_list_command = {
  "staff list", "", N_("List staff accounts: name, tab, roles (needs --as an admin)."), NULL,
  NULL
};

static int
staff_add (const SlCliGlobals *globals,
           int                 argc,
           char              **argv)
{
  const SlCliCommand *command = &staff_add_command;
  g_auto(GStrv) role_args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *roles_text = NULL;
  SlRoles roles = 0;
  char *passphrase;
  gboolean ok;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING_ARRAY, &role_args,
      N_("desk, officer, exporter or admin (again, or a comma list, for more)"), N_("ROLE") },
    { NULL }
  };
  int rc;

  if ((rc = sl_cli_parse_args (command, entries, &argc, &argv,
                               _("expected one account name"))) >= 0)
    return rc;
  if (role_args == NULL)
    return sl_cli_usage_error (command, _("--role ROLE is required"));
  for (guint i = 0; role_args[i] != NULL; i++)
    {
      SlRoles some;

      /* desk is the service's to refuse where accounts are not logins. */
      if (!sl_roles_from_list (role_args[i], &some))
        return sl_cli_usage_error (command,
                                   _("--role: “%s” is not desk, officer, exporter or admin"),
                                   role_args[i]);
      roles |= some;
    }
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;

  prompt = g_strdup_printf (_("New passphrase for %s: "), argv[1]);
  passphrase = sl_cli_read_passphrase ("STARTLINE_NEW_PASSPHRASE", prompt, TRUE, &error);
  if (passphrase == NULL)
    return sl_cli_fail (error);
  ok = sl_db_add_staff (db, argv[1], roles, passphrase, &error);
  sl_secret_str_free (passphrase);
  if (!ok)
    return sl_cli_fail (error);
  roles_text = sl_roles_dup_string (roles);
  g_print ("added: %s\t%s\n", argv[1], roles_text);
  return SL_CLI_OK;
}

static int
staff_remove (const SlCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  const SlCliCommand *command = &staff_remove_command;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  int rc;

  if ((rc = sl_cli_parse_args (command, NULL, &argc, &argv,
                               _("expected one account name"))) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!sl_db_remove_staff (db, argv[1], &error))
    return sl_cli_fail (error);
  g_print ("removed: %s\n", argv[1]);
  return SL_CLI_OK;
}

static int
staff_login (const SlCliGlobals *globals,
             int                 argc,
             char              **argv)
{
  const SlCliCommand *command = &staff_login_command;
  SlCliGlobals unsigned_in = *globals;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *prompt = NULL;
  char *passphrase;
  gboolean existed = FALSE;
  gboolean ok;
  int rc;

  if ((rc = sl_cli_parse_args (command, NULL, &argc, &argv, NULL)) >= 0)
    return rc;
  if (globals->as_name == NULL)
    return sl_cli_usage_error (command, _("--as NAME is required: the account whose login"
                                          " it makes"));
  /* The service signs in itself: the passphrase is read once, here. */
  unsigned_in.as_name = NULL;
  if ((rc = sl_cli_open_db (&unsigned_in, &db)) != SL_CLI_OK)
    return rc;
  /* Said before the passphrase is asked for. */
  if (!sl_db_require_staff_logins (db, &error))
    return sl_cli_fail (error);
  prompt = g_strdup_printf (_("Passphrase for %s: "), globals->as_name);
  passphrase = sl_cli_read_passphrase ("STARTLINE_PASSPHRASE", prompt, FALSE, &error);
  if (passphrase == NULL)
    return sl_cli_fail (error);
  ok = sl_db_put_own_login (db, globals->as_name, passphrase, &existed, &error);
  sl_secret_str_free (passphrase);
  if (!ok)
    return sl_cli_fail (error);
  if (existed)
    g_print ("server login set anew: %s (it had one; its password is now this passphrase,"
             " its groups the account's roles)\n", sl_db_get_staff_name (db));
  else
    g_print ("server login made: %s\n", sl_db_get_staff_name (db));
  return SL_CLI_OK;
}

static int
staff_list (const SlCliGlobals *globals,
            int                 argc,
            char              **argv)
{
  const SlCliCommand *command = &staff_list_command;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  int rc;

  if ((rc = sl_cli_parse_args (command, NULL, &argc, &argv, NULL)) >= 0)
    return rc;
  if ((rc = sl_cli_open_db (globals, &db)) != SL_CLI_OK)
    return rc;
  if (!(staff = sl_db_list_staff (db, &error)))
    return sl_cli_fail (error);
  for (guint i = 0; i < staff->len; i++)
    {
      SlStaffAccount *account = g_ptr_array_index (staff, i);
      g_autofree char *roles = sl_roles_dup_string ((SlRoles)account->roles);

      g_print ("%s\t%s\n", account->name, roles);
    }
  return SL_CLI_OK;
}

int
sl_cli_staff (const SlCliGlobals *globals,
              int                 argc,
              char              **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return staff_add (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "remove"))
    return staff_remove (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return staff_list (globals, argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "login"))
    return staff_login (globals, argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("Usage: startline-cli [--as NAME] staff add|remove|list|login ...\n\n");
      g_print ("  %-13s %s\n", "add", _(staff_add_command.summary));
      g_print ("  %-13s %s\n", "remove", _(staff_remove_command.summary));
      g_print ("  %-13s %s\n", "list", _(staff_list_command.summary));
      g_print ("  %-13s %s\n", "login", _(staff_login_command.summary));
      return SL_CLI_OK;
    }
  return sl_cli_usage_error (sl_cli_get_current_command (),
                             _("expected add, remove, list or login"));
}
