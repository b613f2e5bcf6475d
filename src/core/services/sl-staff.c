/* sl-staff.c — the event's staff accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-db-task.h"
#include "sl-json-image.h"
#include "sl-session-private.h"
#include "sl-staff-private.h"
#include "sl-store.h"

#define SL_PASSPHRASE_MAX_CHARS 1024

gint64
sl_db_count_staff (SlDb    *db,
                   GError **error)
{
  g_autoptr(GPtrArray) staff = NULL;

  g_return_val_if_fail (SL_IS_DB (db), -1);

  staff = SL_STORE (db)->staff_list (db, error);
  return staff != NULL ? (gint64)staff->len : -1;
}

GPtrArray *
sl_db_list_staff (SlDb    *db,
                  GError **error)
{
  g_autoptr(GPtrArray) staff = NULL;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!(staff = SL_STORE (db)->staff_list (db, error)))
    return NULL;
  if (staff->len > 0 && !sl_db_require (db, SL_ACTION_MANAGE_STAFF, error))
    return NULL;
  for (guint i = 0; i < staff->len; i++)
    {
      SlStaffAccount *account = g_ptr_array_index (staff, i);

      g_clear_pointer (&account->passphrase_hash, g_free);
    }
  return g_steal_pointer (&staff);
}

/* The name trimmed, or NULL with SL_DB_ERROR_INVALID. */
static char *
dup_checked_name (const char  *name,
                  GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           _("A staff name must be UTF-8 text."));
      return NULL;
    }
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           _("A staff name cannot be blank."));
      return NULL;
    }
  /* It becomes the operator of audit entries: the same rules. */
  if (!sl_text_check (trimmed, "", SL_ACTOR_NAME_MAX_CHARS, _("a staff name"),
                      SL_DB_ERROR, SL_DB_ERROR_INVALID, error))
    return NULL;
  return g_steal_pointer (&trimmed);
}

static gboolean
check_passphrase (const char  *passphrase,
                  GError     **error)
{
  glong n_chars;

  if (passphrase == NULL || !g_utf8_validate (passphrase, -1, NULL))
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           _("A passphrase must be UTF-8 text."));
      return FALSE;
    }
  n_chars = g_utf8_strlen (passphrase, -1);
  if (n_chars < SL_PASSPHRASE_MIN_CHARS || n_chars > SL_PASSPHRASE_MAX_CHARS)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                   _("A passphrase must have at least %d characters."),
                   SL_PASSPHRASE_MIN_CHARS);
      return FALSE;
    }
  return TRUE;
}

static char *
dup_officer_image (const SlStaffAccount *account)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "staff_id", account->id);
  sl_json_image_add_string (&image, "staff", account->name);
  return sl_json_image_end_to_string (&image);
}

/* Who may add or remove accounts now: anyone while the event has none
 * (only an admin's account then), else a signed-in admin.
 */
static gboolean
may_manage (SlDb        *db,
            SlRoles      new_roles,
            gboolean    *first,
            GError     **error)
{
  g_autoptr(GPtrArray) staff = SL_STORE (db)->staff_list (db, error);

  if (staff == NULL)
    return FALSE;
  *first = staff->len == 0;
  if (*first && !(new_roles & SL_ROLE_ADMIN))
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED,
                           _("The event's first account must be an admin."));
      return FALSE;
    }
  return *first || sl_db_require (db, SL_ACTION_MANAGE_STAFF, error);
}

typedef struct
{
  SlStaffAccount *account;
  SlSlotKey      *slot_key;   /* an officer's, derived before the write */
  const char     *passphrase; /* for a store whose staff are its logins */
} AddStaff;

/* In the write: the officer's key slot, making the event's key pair
 * when it has none.
 */
static gboolean
add_key_slot (SlDb                 *db,
              const SlStaffAccount *account,
              const SlSlotKey      *slot_key,
              GError              **error)
{
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(SlEventKey) new_key = NULL;
  g_autoptr(SlKeySlot) slot = NULL;
  g_autofree char *image = dup_officer_image (account);
  const SlEventKey *key;

  if (!SL_STORE (db)->event_key_get (db, &public_key, error))
    return FALSE;
  if (public_key == NULL)
    {
      new_key = sl_event_key_new ();
      public_key = sl_event_key_dup_public (new_key);
      if (!SL_STORE (db)->event_key_put (db, public_key, error)
          || !sl_db_audit (db, "insert", "event-key", 1, NULL, image, error))
        return FALSE;
      key = new_key;
    }
  else if (!(key = sl_db_get_event_key (db)))
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED,
                           _("Adding an accessibility officer needs an admin who is also an"
                             " accessibility officer: only an officer holds the event's key."));
      return FALSE;
    }
  return (slot = sl_key_slot_wrap_with (key, slot_key, error)) != NULL
         && SL_STORE (db)->key_slot_put (db, account->id, slot, error)
         && sl_db_audit (db, "insert", "key-slot", account->id, NULL, image, error);
}

static gboolean
add_staff_write (SlDb     *db,
                 gpointer  data,
                 GError  **error)
{
  AddStaff *add = data;
  g_autoptr(SlStaffAccount) existing = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *image = NULL;
  gboolean first;

  if (!may_manage (db, (SlRoles)add->account->roles, &first, error))
    return FALSE;
  existing = SL_STORE (db)->staff_get (db, add->account->name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (existing != NULL)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_EXISTS,
                   _("There is already an account named “%s”."), existing->name);
      return FALSE;
    }
  if (!SL_STORE (db)->staff_put (db, add->account, FALSE, error))
    return FALSE;
  /* On a server event the account is a login too, whose grants are its
   * roles' (the server enforces them as well).
   */
  if (SL_STORE (db)->staff_login_put != NULL
      && !SL_STORE (db)->staff_login_put (db, add->account, add->passphrase, NULL, error))
    return FALSE;
  image = sl_staff_account_dup_image (add->account);
  if (!sl_db_audit (db, "insert", "staff", add->account->id, NULL, image, error))
    return FALSE;
  return !(add->account->roles & SL_ROLE_OFFICER)
         || add_key_slot (db, add->account, add->slot_key, error);
}

/* The account to add, checked, with its hash and an officer's slot key
 * (add->account and add->slot_key, the caller's to free), or FALSE with
 * the reason.
 */
static gboolean
prepare_add (SlDb        *db,
             const char  *name,
             SlRoles      roles,
             const char  *passphrase,
             AddStaff    *add,
             GError     **error)
{
  SlStaffAccount *account = add->account = g_new0 (SlStaffAccount, 1);
  gboolean first;

  add->passphrase = passphrase;
  if (!(account->name = dup_checked_name (name, error)))
    return FALSE;
  /* A desk's account exists where accounts are logins (a server event):
   * the desk laptop connects with it.
   */
  if ((roles == 0 && SL_STORE (db)->staff_login_put == NULL) || (roles & ~SL_ROLES_ALL) != 0)
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           _("An account needs at least one role: officer, exporter or admin."));
      return FALSE;
    }
  if (!check_passphrase (passphrase, error))
    return FALSE;
  /* Refused before the slow hash when it can be; asked again in the write. */
  sl_db_lock (db);
  if (!may_manage (db, roles, &first, error))
    {
      sl_db_unlock (db);
      return FALSE;
    }
  sl_db_unlock (db);

  account->roles = roles;
  account->created_at = sl_db_now_utc ();
  account->created_by = g_strdup (sl_db_get_operator (db));
  return (account->passphrase_hash = sl_crypto_hash_passphrase (passphrase, error)) != NULL
         && (!(roles & SL_ROLE_OFFICER)
             || (add->slot_key = sl_slot_key_derive (passphrase, error)) != NULL);
}

static void
add_staff_clear (AddStaff *add)
{
  g_clear_pointer (&add->account, sl_staff_account_free);
  g_clear_pointer (&add->slot_key, sl_slot_key_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AddStaff, add_staff_clear)

/* in_write: in the caller's write, else in one of its own, which waits
 * for neither Argon2id computation (the hash, an officer's slot key).
 */
static gboolean
add_staff (SlDb        *db,
           const char  *name,
           SlRoles      roles,
           const char  *passphrase,
           gboolean     in_write,
           GError     **error)
{
  g_auto(AddStaff) add = { NULL, NULL, NULL };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!prepare_add (db, name, roles, passphrase, &add, error))
    return FALSE;
  return in_write ? add_staff_write (db, &add, error)
                  : sl_db_run_write (db, add_staff_write, &add, error);
}

gboolean
sl_db_add_staff (SlDb        *db,
                 const char  *name,
                 SlRoles      roles,
                 const char  *passphrase,
                 GError     **error)
{
  return add_staff (db, name, roles, passphrase, FALSE, error);
}

gboolean
sl_db_add_staff_locked (SlDb        *db,
                        const char  *name,
                        SlRoles      roles,
                        const char  *passphrase,
                        GError     **error)
{
  return add_staff (db, name, roles, passphrase, TRUE, error);
}

static guint
count_with_role (GPtrArray *staff,
                 SlRoles    role)
{
  guint n = 0;

  for (guint i = 0; i < staff->len; i++)
    if (((SlStaffAccount *)g_ptr_array_index (staff, i))->roles & role)
      n++;
  return n;
}

/* The account's removal would leave the event without an admin, or
 * without an officer while it has a key.
 */
static gboolean
refuse_if_last (SlDb                  *db,
                const SlStaffAccount  *account,
                GError               **error)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GBytes) public_key = NULL;

  if (!(staff = SL_STORE (db)->staff_list (db, error))
      || !SL_STORE (db)->event_key_get (db, &public_key, error))
    return TRUE;
  if ((account->roles & SL_ROLE_ADMIN) && count_with_role (staff, SL_ROLE_ADMIN) == 1)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT,
                   _("%s is the event's last admin: add another admin first."), account->name);
      return TRUE;
    }
  if ((account->roles & SL_ROLE_OFFICER) && public_key != NULL
      && count_with_role (staff, SL_ROLE_OFFICER) == 1)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT,
                   _("%s is the event's last accessibility officer: without one no one could"
                     " read the needs' details again. Add another officer first."),
                   account->name);
      return TRUE;
    }
  return FALSE;
}

static gboolean
remove_staff_write (SlDb     *db,
                    gpointer  data,
                    GError  **error)
{
  const char *name = data;
  g_autoptr(SlStaffAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *slot_image = NULL;

  if (!sl_db_require (db, SL_ACTION_MANAGE_STAFF, error))
    return FALSE;
  account = SL_STORE (db)->staff_get (db, name, &local_error);
  if (account == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_FOUND,
                     _("There is no account named “%s”."), name);
      return FALSE;
    }
  if (refuse_if_last (db, account, error))
    return FALSE;
  if (account->roles & SL_ROLE_OFFICER)
    {
      slot_image = dup_officer_image (account);
      if (!SL_STORE (db)->key_slot_put (db, account->id, NULL, error)
          || !sl_db_audit (db, "delete", "key-slot", account->id, slot_image, NULL, error))
        return FALSE;
    }
  before = sl_staff_account_dup_image (account);
  return SL_STORE (db)->staff_put (db, account, TRUE, error)
         && sl_db_audit (db, "delete", "staff", account->id, before, NULL, error);
}

/* An account that is gone signs no more entries. */
static void
sign_out_if_removed (SlDb       *db,
                     const char *removed)
{
  const char *self_name = sl_db_get_staff_name (db);

  if (self_name != NULL && g_ascii_strcasecmp (self_name, removed) == 0)
    sl_db_sign_out (db);
}

gboolean
sl_db_remove_staff (SlDb        *db,
                    const char  *name,
                    GError     **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (!sl_db_run_write (db, remove_staff_write, trimmed, error))
    return FALSE;
  sign_out_if_removed (db, trimmed);
  return TRUE;
}

gboolean
sl_db_staff_are_logins (SlDb *db)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  return SL_STORE (db)->staff_login_put != NULL;
}

gboolean
sl_db_require_staff_logins (SlDb    *db,
                            GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (sl_db_staff_are_logins (db))
    return TRUE;
  g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                       _("File events have no server logins: staff sign in to a file event"
                         " with their passphrase alone."));
  return FALSE;
}

typedef struct
{
  const char *passphrase;
  gboolean   *existed;
} OwnLogin;

/* In a write: the signed-in account's login, from passphrase. */
static gboolean
put_own_login_write (SlDb     *db,
                     gpointer  data,
                     GError  **error)
{
  OwnLogin *own = data;
  const char *name = sl_db_get_staff_name (db);
  g_autoptr(SlStaffAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *image = NULL;

  account = name != NULL ? SL_STORE (db)->staff_get (db, name, &local_error) : NULL;
  if (account == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_FOUND,
                     _("There is no account named “%s”."), name != NULL ? name : "");
      return FALSE;
    }
  if (!SL_STORE (db)->staff_login_put (db, account, own->passphrase, own->existed, error))
    return FALSE;
  image = sl_staff_account_dup_image (account);
  return sl_db_audit (db, "login", "staff", account->id, NULL, image, error);
}

gboolean
sl_db_put_own_login (SlDb        *db,
                     const char  *name,
                     const char  *passphrase,
                     gboolean    *existed,
                     GError     **error)
{
  OwnLogin own = { passphrase, existed };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  if (!sl_db_require_staff_logins (db, error))
    return FALSE;
  /* The passphrase proves the account: checked against its Argon2id
   * hash, as every sign-in is, before it becomes the login's password.
   */
  if (!sl_db_sign_in (db, name, passphrase, error))
    return FALSE;
  return sl_db_run_write (db, put_own_login_write, &own, error);
}

typedef struct
{
  char    *name;
  SlRoles  roles;
  char    *passphrase;  /* secure memory (sl_secret_str_dup); NULL once used */
} StaffTask;

static void
staff_task_free (gpointer data)
{
  StaffTask *staff = data;

  g_free (staff->name);
  sl_secret_str_free (staff->passphrase);
  g_free (staff);
}

static gboolean
add_staff_thread (SlDb      *writer,
                  gpointer   data,
                  GError   **error)
{
  StaffTask *staff = data;
  gboolean ok;

  /* The writer shares db's session: the same person adds. */
  ok = sl_db_add_staff (writer, staff->name, staff->roles, staff->passphrase, error);
  g_clear_pointer (&staff->passphrase, sl_secret_str_free);
  return ok;
}

void
sl_db_add_staff_async (SlDb                *db,
                       const char          *name,
                       SlRoles              roles,
                       const char          *passphrase,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  StaffTask *staff;

  g_return_if_fail (SL_IS_DB (db));

  staff = g_new0 (StaffTask, 1);
  staff->name = g_strdup (name);
  staff->roles = roles;
  /* NULL stays NULL: the add refuses it with its own message. */
  staff->passphrase = passphrase != NULL ? sl_secret_str_dup (passphrase) : NULL;
  sl_db_task_run_boolean (db, SL_DB_TASK_WRITE, sl_db_add_staff_async, staff, staff_task_free,
                          add_staff_thread, cancellable, callback, user_data);
}

gboolean
sl_db_add_staff_finish (SlDb          *db,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_db_add_staff_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
remove_staff_thread (SlDb      *writer,
                     gpointer   data,
                     GError   **error)
{
  StaffTask *staff = data;

  /* Not sl_db_remove_staff: signing out is db's to do, in the finish. */
  return sl_db_run_write (writer, remove_staff_write, staff->name, error);
}

void
sl_db_remove_staff_async (SlDb                *db,
                          const char          *name,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  StaffTask *staff;

  g_return_if_fail (SL_IS_DB (db));

  staff = g_new0 (StaffTask, 1);
  staff->name = g_strstrip (g_strdup (name != NULL ? name : ""));
  sl_db_task_run_boolean (db, SL_DB_TASK_WRITE, sl_db_remove_staff_async, staff,
                          staff_task_free, remove_staff_thread, cancellable, callback, user_data);
}

gboolean
sl_db_remove_staff_finish (SlDb          *db,
                           GAsyncResult  *result,
                           GError       **error)
{
  StaffTask *staff;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_db_remove_staff_async,
                        FALSE);

  staff = sl_db_task_get_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  sign_out_if_removed (db, staff->name);
  return TRUE;
}
