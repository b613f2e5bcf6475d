/* sl-session.c — signing in: who is acting, with which roles
 *
 * Every attempt does the same work whatever its outcome: one Argon2id
 * verify (against a fixed hash for an unknown name) and one Argon2id key
 * derivation (the officer's key slot when the passphrase is right, else a
 * fixed salt), so that neither a wrong passphrase, an unknown name nor
 * whether the account is an officer's shows in the time it takes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-db-task.h"
#include "sl-session-private.h"
#include "sl-store.h"

static void
set_wrong_passphrase (GError **error)
{
  g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE,
                       _("Wrong name or passphrase."));
}

/* Reads the account and, for an officer, its key slot and the event's
 * public key.
 */
static gboolean
read_account (SlDb             *db,
              const char       *name,
              SlStaffAccount  **account,
              SlKeySlot       **slot,
              GBytes          **public_key,
              GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  *account = SL_STORE (db)->staff_get (db, name, &local_error);
  if (*account != NULL && ((*account)->roles & SL_ROLE_OFFICER))
    {
      *slot = SL_STORE (db)->key_slot_get (db, (*account)->id, &local_error);
      if (local_error == NULL)
        SL_STORE (db)->event_key_get (db, public_key, &local_error);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Checks name and passphrase on db: the session they open, else NULL. */
static SlDbSession *
authenticate (SlDb        *db,
              const char  *name,
              const char  *passphrase,
              const char  *operator_before,
              GError     **error)
{
  g_autoptr(SlStaffAccount) account = NULL;
  g_autoptr(SlKeySlot) slot = NULL;
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(SlEventKey) key = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  gboolean verified;

  if (!sl_crypto_init (error)
      || !read_account (db, trimmed, &account, &slot, &public_key, error))
    return NULL;

  verified = sl_crypto_verify_passphrase (account != NULL ? account->passphrase_hash : NULL,
                                          passphrase);
  /* Always the second run, on a fixed salt when there is no slot to open. */
  key = sl_key_slot_unwrap (verified ? slot : NULL, public_key, passphrase, NULL);
  /* A server event shows an account's hash only to its own login. */
  if (!verified && account != NULL && account->passphrase_hash == NULL)
    {
      g_set_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED,
                   _("This connection may not sign in as %s: connect to the server with that"
                     " account's own login."), account->name);
      return NULL;
    }
  if (!verified)
    {
      set_wrong_passphrase (error);
      return NULL;
    }
  if (slot != NULL && key == NULL)
    {
      g_set_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_NO_KEY,
                   _("The key slot of %s does not open the event's key: it is damaged."),
                   account->name);
      return NULL;
    }
  return sl_db_session_new (account->name, (SlRoles)account->roles, g_steal_pointer (&key),
                            operator_before);
}

static void
install (SlDb        *db,
         SlDbSession *session)
{
  sl_db_set_session (db, session);
  /* The audit log names the person signed in. */
  sl_db_set_actor (db, sl_db_session_get_name (db), sl_db_get_desk (db));
}

gboolean
sl_db_sign_in (SlDb        *db,
               const char  *name,
               const char  *passphrase,
               GError     **error)
{
  g_autoptr(SlDbSession) session = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  sl_db_sign_out (db);
  session = authenticate (db, name, passphrase, sl_db_get_operator (db), error);
  if (session == NULL)
    return FALSE;
  install (db, session);
  return TRUE;
}

typedef struct
{
  char *name;
  char *passphrase;       /* in secure memory */
  char *operator_before;
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  g_free (sign_in->name);
  sl_secret_str_free (sign_in->passphrase);
  g_free (sign_in->operator_before);
  g_free (sign_in);
}

static void
sign_in_thread (GTask        *task,
                SlDb         *connection,
                gpointer      data,
                GCancellable *cancellable)
{
  SignIn *sign_in = data;
  GError *error = NULL;
  SlDbSession *session;

  session = authenticate (connection, sign_in->name, sign_in->passphrase,
                          sign_in->operator_before, &error);
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, (GDestroyNotify)sl_db_session_unref);
}

void
sl_db_sign_in_async (SlDb                *db,
                     const char          *name,
                     const char          *passphrase,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  SignIn *sign_in;

  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (passphrase != NULL);

  sl_db_sign_out (db);
  sign_in = g_new0 (SignIn, 1);
  sign_in->name = g_strdup (name);
  sign_in->passphrase = sl_secret_str_dup (passphrase);
  sign_in->operator_before = g_strdup (sl_db_get_operator (db));
  /* On a read-only connection of its own: the window's stays free. */
  sl_db_task_run (db, SL_DB_TASK_READ, sl_db_sign_in_async, sign_in, sign_in_free,
                  sign_in_thread, cancellable, callback, user_data);
}

gboolean
sl_db_sign_in_finish (SlDb          *db,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_autoptr(SlDbSession) session = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_db_sign_in_async, FALSE);

  session = g_task_propagate_pointer (G_TASK (result), error);
  if (session == NULL)
    return FALSE;
  install (db, session);
  return TRUE;
}

void
sl_db_sign_out (SlDb *db)
{
  g_autofree char *operator_before = NULL;

  g_return_if_fail (SL_IS_DB (db));

  if (sl_db_session_get_name (db) == NULL)
    return;
  operator_before = g_strdup (sl_db_session_get_operator_before (db));
  /* The last reference to the session frees the key, which wipes it. */
  sl_db_set_session (db, NULL);
  sl_db_set_actor (db, operator_before, sl_db_get_desk (db));
}

SlRoles
sl_db_get_roles (SlDb *db)
{
  g_return_val_if_fail (SL_IS_DB (db), SL_ROLE_DESK);

  return sl_db_session_get_roles (db);
}

const char *
sl_db_get_staff_name (SlDb *db)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  return sl_db_session_get_name (db);
}

gboolean
sl_db_require (SlDb      *db,
               SlAction   action,
               GError   **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_roles_require (sl_db_get_roles (db), action, error))
    return FALSE;
  if (action == SL_ACTION_READ_NEED_DETAIL && !sl_event_key_is_open (sl_db_get_event_key (db)))
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED,
                           _("The details are locked: an accessibility officer must sign in."));
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_db_require_either (SlDb      *db,
                      SlAction   action,
                      SlAction   other,
                      GError   **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (action != SL_ACTION_READ_NEED_DETAIL
                        && other != SL_ACTION_READ_NEED_DETAIL, FALSE);

  return sl_roles_require_either (sl_db_get_roles (db), action, other, error);
}

GBytes *
sl_db_dup_event_public_key (SlDb    *db,
                            GError **error)
{
  GBytes *public_key = NULL;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!SL_STORE (db)->event_key_get (db, &public_key, error))
    return NULL;
  if (public_key == NULL)
    g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_NO_KEY,
                         _("The event has no accessibility officer yet: an admin must add one"
                           " before details can be recorded."));
  return public_key;
}

const SlEventKey *
sl_db_get_event_key (SlDb *db)
{
  const SlEventKey *key;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  key = sl_db_session_get_key (db);
  return sl_event_key_is_open (key) ? key : NULL;
}
