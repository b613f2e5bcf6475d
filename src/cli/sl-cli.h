/* sl-cli.h — shared plumbing of startline-cli's commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-core.h"

G_BEGIN_DECLS

/* Exit codes: the contract with staff scripts. */
#define SL_CLI_OK       0
#define SL_CLI_FAILED   1
#define SL_CLI_USAGE    2

typedef struct
{
  const char *db_path;
  const char *operator_name;
  const char *desk;
  const char *as_name;     /* --as: the staff account to sign in as */
} SlCliGlobals;

typedef int (*SlCliCommandFunc) (const SlCliGlobals *globals,
                                 int                 argc,
                                 char              **argv);

typedef struct
{
  const char       *name;
  const char       *args;      /* shown in usage, e.g. "BIB-OR-REF" */
  const char       *summary;
  SlCliCommandFunc  func;
  const char       *description; /* after the options in --help, or NULL */
} SlCliCommand;

/* The command being run, for its sl_cli_parse and usage errors. */
const SlCliCommand *sl_cli_get_current_command (void);

/* Parses a command's options. Returns -1 when parsing succeeded and the
 * command should go on, else the exit code (0 after --help, 2 on a usage
 * error, with one line on stderr).
 */
int    sl_cli_parse       (const SlCliCommand *command,
                           GOptionEntry       *entries,
                           int                *argc,
                           char             ***argv);
/* sl_cli_parse, then the arguments after the command: none when expected
 * is NULL (else "unexpected argument"), else exactly one that is not
 * blank, trimmed in place (else the usage error expected, translated, as
 * "expected one bib or booking reference"). Returns -1 to go on, else
 * the exit code.
 */
int    sl_cli_parse_args  (const SlCliCommand *command,
                           GOptionEntry       *entries,
                           int                *argc,
                           char             ***argv,
                           const char         *expected);
/* Trims an option's text value in place. Returns -1 when it is absent or
 * holds more than white space, else SL_CLI_USAGE after one line naming
 * the option: a blank value is a mistake in how the command was called,
 * like a missing one.
 */
int    sl_cli_trim_option (const SlCliCommand *command,
                           const char         *option,
                           char               *value);
/* Opens the --db file into *db and returns SL_CLI_OK; else prints one
 * line and returns the exit code: SL_CLI_USAGE without --db, SL_CLI_FAILED
 * when the file cannot be opened.
 */
int    sl_cli_open_db     (const SlCliGlobals *globals,
                           SlDb              **db) G_GNUC_WARN_UNUSED_RESULT;
/* As sl_cli_open_db, for the event at location (not --db). */
int    sl_cli_open_event  (const SlCliGlobals *globals,
                           const char         *location,
                           SlDb              **db) G_GNUC_WARN_UNUSED_RESULT;
/* A passphrase: from the environment variable env_name when it is set,
 * else read from the terminal without echo after prompt (twice when
 * confirm, and the two must match); NULL with an error when neither can
 * be had. Free with sl_secret_str_free.
 */
char  *sl_cli_read_passphrase (const char  *env_name,
                               const char  *prompt,
                               gboolean     confirm,
                               GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The entrant a bib or booking reference names; NULL with *rc the exit
 * code after printing why.
 */
SlEntrant *sl_cli_dup_entrant (SlDb       *db,
                               const char *code,
                               int        *rc) G_GNUC_WARN_UNUSED_RESULT;
/* Prints "startline-cli: message" on stderr; returns SL_CLI_FAILED. */
int    sl_cli_fail        (const GError       *error);
int    sl_cli_usage_error (const SlCliCommand *command,
                           const char         *format,
                           ...) G_GNUC_PRINTF (2, 3);

/* Commands living in their own files. */
int    sl_cli_import      (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_export      (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_demo        (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
/* sl-cli-erasure.c */
int    sl_cli_erase       (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_retention   (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
/* sl-cli-needs.c */
int    sl_cli_need        (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_link        (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_marker      (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_show        (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_withdraw    (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
/* sl-cli-profiles.c */
int    sl_cli_profiles    (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_profile     (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_exports     (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_consent     (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
/* sl-cli-copy.c */
int    sl_cli_copy        (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
/* sl-cli-staff.c */
int    sl_cli_staff       (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
/* sl-cli-facilities.c */
int    sl_cli_facility    (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_book        (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_cancel_booking (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_bookings    (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_enter       (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_leave       (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_occupancy   (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_roster      (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
/* sl-cli-charities.c */
int    sl_cli_charities   (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_charity     (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);
int    sl_cli_fundraising (const SlCliGlobals *globals,
                           int                 argc,
                           char              **argv);

G_END_DECLS
