/* sl-role.h — staff roles, the actions they allow, and staff accounts
 *
 * The desk volunteer is the default and needs no account; an account
 * holds any of the other roles. Role checks protect integrity; the
 * event's key pair (sl-crypto.h) protects confidentiality.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_ROLE_DESK = 0,
  SL_ROLE_OFFICER = 1 << 0,   /* accessibility officer */
  SL_ROLE_EXPORTER = 1 << 1,
  SL_ROLE_ADMIN = 1 << 2,
} SlRoles;

#define SL_ROLES_ALL (SL_ROLE_OFFICER | SL_ROLE_EXPORTER | SL_ROLE_ADMIN)

typedef enum
{
  SL_ACTION_RECORD_NEED,        /* anyone, desk included */
  SL_ACTION_MANAGE_NEEDS,       /* officer: list needs, set status, consents,
                                   links, markers, need types */
  SL_ACTION_READ_NEED_DETAIL,   /* officer (and the key must be open) */
  SL_ACTION_UNDO_OTHER_DESK,    /* admin or officer */
  SL_ACTION_DELETE,             /* admin */
  SL_ACTION_EXPORT,             /* exporter or admin (enforced with the
                                   partner-export issue) */
  SL_ACTION_MANAGE_STAFF,       /* admin */
  SL_ACTION_MANAGE_FACILITIES,  /* officer or admin: facilities, bookings,
                                   allocation */
  SL_ACTION_ADMIT_OVER_CAPACITY,/* officer or admin: the door's supervisor */
  SL_ACTION_MANAGE_CHARITIES,   /* exporter or admin: add and edit charities,
                                   import fundraising */
  SL_ACTION_READ_CHARITIES,     /* officer, exporter or admin: the charities
                                   page and its runners (not the desk) */
  SL_ACTION_ERASE,              /* admin: erasure and retention */
  SL_ACTION_EXPORT_FULL,        /* admin: export without a profile, every
                                   column (what the full profile allows) */
  SL_ACTION_COPY_EVENT,         /* admin: copy the whole event elsewhere
                                   (anyone while it has no accounts) */
} SlAction;

#define SL_N_ACTIONS (SL_ACTION_COPY_EVENT + 1)

#define SL_ACCESS_ERROR (sl_access_error_quark ())

typedef enum
{
  SL_ACCESS_ERROR_DENIED = 1,       /* the message names the role needed */
  SL_ACCESS_ERROR_WRONG_PASSPHRASE, /* the same message for an unknown name */
  SL_ACCESS_ERROR_NO_KEY,           /* the event has no officer yet */
  SL_ACCESS_ERROR_LOCKED,           /* the key is not open (no officer signed in) */
} SlAccessError;

GQuark       sl_access_error_quark (void);

gboolean     sl_roles_allow        (SlRoles      roles,
                                    SlAction     action);
/* FALSE with SL_ACCESS_ERROR_DENIED and a one-line message naming the
 * role needed ("Needs an accessibility officer.") when roles do not allow
 * action.
 */
gboolean     sl_roles_require      (SlRoles      roles,
                                    SlAction     action,
                                    GError     **error);
/* As sl_roles_require, for work either action allows (the message names
 * the roles of both).
 */
gboolean     sl_roles_require_either (SlRoles    roles,
                                      SlAction   action,
                                      SlAction   other,
                                      GError   **error);
/* One role's name on the command line: "desk", "officer", "exporter",
 * "admin"; NULL for anything but one role.
 */
const char  *sl_role_to_string     (SlRoles      one_role);
gboolean     sl_role_from_string   (const char  *s,
                                    SlRoles     *out);
/* Roles as a comma list, "officer,admin" ("desk" for none), and back
 * (names separated by commas, white space around them ignored; FALSE on
 * an unknown or empty one).
 */
char        *sl_roles_dup_string   (SlRoles      roles) G_GNUC_WARN_UNUSED_RESULT;
gboolean     sl_roles_from_list    (const char  *list,
                                    SlRoles     *out);
/* The roles in words, translated, admin first ("administrator,
 * accessibility officer"; "desk volunteer" for none): what the app shows.
 */
char        *sl_roles_dup_label    (SlRoles      roles) G_GNUC_WARN_UNUSED_RESULT;

/* A staff account as stored. */
typedef struct
{
  gint64   id;
  char    *name;
  gint64   roles;             /* SlRoles */
  char    *passphrase_hash;   /* Argon2id, crypto_pwhash_str's string */
  char    *created_at;
  char    *created_by;
} SlStaffAccount;

void         sl_staff_account_free (SlStaffAccount *account);
/* The audit image: never the passphrase hash. */
char        *sl_staff_account_dup_image (const SlStaffAccount *account) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStaffAccount, sl_staff_account_free)

G_END_DECLS
