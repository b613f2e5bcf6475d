/* sl-devshim.c — THROWAWAY stand-in for the `sec` branch (issue 16)
 *
 * DEVSHIM: implements the contract's functions (notes/issue16-contract.md)
 * that the needs work calls, so that it builds and is tested before sec
 * lands. Delete it (and sl-devshim.h) when merging main after sec; the
 * headers sl-role.h, sl-crypto.h, sl-session.h and sl-session-private.h
 * are then sec's.
 *
 * Shortcuts that only a shim may take: one signed-in person per process
 * (shared by every SlDb, which the contract's writer sharing needs
 * anyway); accounts kept in memory (sl_devshim_add_staff); the event key
 * pair derived from a fixed seed, so every event "has an officer"; when
 * nobody signed in, STARTLINE_DEVSHIM_ROLES (e.g. "officer,admin") gives
 * the command line its roles in place of `--as`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "sl-devshim.h"
#include "sl-session-private.h"

struct _SlEventKey
{
  unsigned char  public_key[crypto_box_PUBLICKEYBYTES];
  unsigned char *secret_key;   /* sodium_malloc'd */
};

typedef struct
{
  char    *passphrase;
  SlRoles  roles;
} Account;

static GMutex      shim_mutex;
static GHashTable *accounts;      /* name → Account */
static char       *signed_in_name;
static SlRoles     signed_in_roles;
static SlEventKey *event_key;     /* the fixed pair, while an officer is in */

G_DEFINE_QUARK (sl-access-error-quark, sl_access_error)

gboolean
sl_roles_allow (SlRoles  roles,
                SlAction action)
{
  switch (action)
    {
    case SL_ACTION_RECORD_NEED:
      return TRUE;
    case SL_ACTION_MANAGE_NEEDS:
    case SL_ACTION_READ_NEED_DETAIL:
      return (roles & SL_ROLE_OFFICER) != 0;
    case SL_ACTION_UNDO_OTHER_DESK:
      return (roles & (SL_ROLE_OFFICER | SL_ROLE_ADMIN)) != 0;
    case SL_ACTION_DELETE:
    case SL_ACTION_MANAGE_STAFF:
      return (roles & SL_ROLE_ADMIN) != 0;
    case SL_ACTION_EXPORT:
      return (roles & (SL_ROLE_EXPORTER | SL_ROLE_ADMIN)) != 0;
    default:
      return FALSE;
    }
}

const char *
sl_role_to_string (SlRoles one_role)
{
  switch ((int)one_role)
    {
    case SL_ROLE_OFFICER: return "officer";
    case SL_ROLE_EXPORTER: return "exporter";
    case SL_ROLE_ADMIN: return "admin";
    default: return "desk";
    }
}

gboolean
sl_role_from_string (const char *s,
                     SlRoles    *out)
{
  const SlRoles all[] = { SL_ROLE_DESK, SL_ROLE_OFFICER, SL_ROLE_EXPORTER, SL_ROLE_ADMIN };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (s, sl_role_to_string (all[i])) == 0)
      {
        *out = all[i];
        return TRUE;
      }
  return FALSE;
}

gboolean
sl_crypto_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED,
                           "libsodium could not be initialised");
      return FALSE;
    }
  return TRUE;
}

GBytes *
sl_crypto_seal (GBytes     *public_key,
                const char *text)
{
  gsize len = strlen (text);
  guchar *sealed = g_malloc (len + crypto_box_SEALBYTES);

  g_return_val_if_fail (g_bytes_get_size (public_key) == crypto_box_PUBLICKEYBYTES, NULL);
  if (sodium_init () < 0
      || crypto_box_seal (sealed, (const guchar *)text, len,
                          g_bytes_get_data (public_key, NULL)) != 0)
    {
      g_free (sealed);
      return NULL;
    }
  return g_bytes_new_take (sealed, len + crypto_box_SEALBYTES);
}

char *
sl_crypto_open (const SlEventKey  *key,
                GBytes            *sealed,
                GError           **error)
{
  gsize len = g_bytes_get_size (sealed);
  char *text;

  if (len < crypto_box_SEALBYTES)
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED,
                           _("A sealed detail is damaged"));
      return NULL;
    }
  text = sodium_malloc (len - crypto_box_SEALBYTES + 1);
  if (crypto_box_seal_open ((guchar *)text, g_bytes_get_data (sealed, NULL), len,
                            key->public_key, key->secret_key) != 0)
    {
      sodium_free (text);
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED,
                           _("A sealed detail could not be opened with this event's key"));
      return NULL;
    }
  text[len - crypto_box_SEALBYTES] = '\0';
  return text;
}

void
sl_secret_str_free (char *text)
{
  if (text != NULL)
    sodium_free (text);
}

void
sl_event_key_free (SlEventKey *key)
{
  if (key == NULL)
    return;
  sodium_free (key->secret_key);
  g_free (key);
}

static SlEventKey *
fixed_key_new (void)
{
  unsigned char seed[crypto_box_SEEDBYTES];
  SlEventKey *key = g_new0 (SlEventKey, 1);

  g_assert (sodium_init () >= 0);
  memset (seed, 0x5e, sizeof seed);
  key->secret_key = sodium_malloc (crypto_box_SECRETKEYBYTES);
  crypto_box_seed_keypair (key->public_key, key->secret_key, seed);
  return key;
}

void
sl_devshim_add_staff (const char *name,
                      const char *passphrase,
                      SlRoles     roles)
{
  Account *account = g_new0 (Account, 1);

  account->passphrase = g_strdup (passphrase);
  account->roles = roles;
  g_mutex_lock (&shim_mutex);
  if (accounts == NULL)
    accounts = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (accounts, g_strdup (name), account);
  g_mutex_unlock (&shim_mutex);
}

gboolean
sl_db_sign_in (SlDb        *db,
               const char  *name,
               const char  *passphrase,
               GError     **error)
{
  Account *account;

  g_mutex_lock (&shim_mutex);
  account = accounts != NULL ? g_hash_table_lookup (accounts, name) : NULL;
  if (account == NULL || g_strcmp0 (account->passphrase, passphrase) != 0)
    {
      g_mutex_unlock (&shim_mutex);
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE,
                           _("Wrong name or passphrase"));
      return FALSE;
    }
  g_free (signed_in_name);
  signed_in_name = g_strdup (name);
  signed_in_roles = account->roles;
  g_clear_pointer (&event_key, sl_event_key_free);
  if (account->roles & SL_ROLE_OFFICER)
    event_key = fixed_key_new ();
  g_mutex_unlock (&shim_mutex);
  sl_db_set_actor (db, name, sl_db_get_desk (db));
  return TRUE;
}

void
sl_db_sign_out (SlDb *db)
{
  g_mutex_lock (&shim_mutex);
  g_clear_pointer (&signed_in_name, g_free);
  signed_in_roles = SL_ROLE_DESK;
  g_clear_pointer (&event_key, sl_event_key_free);
  g_mutex_unlock (&shim_mutex);
}

static SlRoles
env_roles (void)
{
  g_auto(GStrv) names = g_strsplit (g_getenv ("STARTLINE_DEVSHIM_ROLES") ?: "", ",", -1);
  SlRoles roles = SL_ROLE_DESK;

  for (guint i = 0; names[i] != NULL; i++)
    {
      SlRoles one;

      if (sl_role_from_string (g_strstrip (names[i]), &one))
        roles |= one;
    }
  return roles;
}

SlRoles
sl_db_get_roles (SlDb *db)
{
  SlRoles roles;

  g_mutex_lock (&shim_mutex);
  roles = signed_in_name != NULL ? signed_in_roles : env_roles ();
  g_mutex_unlock (&shim_mutex);
  return roles;
}

const char *
sl_db_get_staff_name (SlDb *db)
{
  return signed_in_name;
}

gboolean
sl_db_require (SlDb      *db,
               SlAction   action,
               GError   **error)
{
  const char *message;

  if (sl_roles_allow (sl_db_get_roles (db), action))
    return TRUE;
  switch (action)
    {
    case SL_ACTION_DELETE:
    case SL_ACTION_MANAGE_STAFF:
      message = _("Needs an admin.");
      break;
    case SL_ACTION_EXPORT:
      message = _("Needs an exporter or an admin.");
      break;
    case SL_ACTION_UNDO_OTHER_DESK:
      message = _("Needs an accessibility officer or an admin.");
      break;
    default:
      message = _("Needs an accessibility officer.");
      break;
    }
  g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED, message);
  return FALSE;
}

GBytes *
sl_db_dup_event_public_key (SlDb    *db,
                            GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  SlEventKey *key = fixed_key_new ();

  bytes = g_bytes_new (key->public_key, sizeof key->public_key);
  sl_event_key_free (key);
  return g_steal_pointer (&bytes);
}

const SlEventKey *
sl_db_get_event_key (SlDb *db)
{
  const SlEventKey *key;

  g_mutex_lock (&shim_mutex);
  if (signed_in_name == NULL && event_key == NULL && (env_roles () & SL_ROLE_OFFICER))
    event_key = fixed_key_new ();
  key = (signed_in_name != NULL || (env_roles () & SL_ROLE_OFFICER)) ? event_key : NULL;
  g_mutex_unlock (&shim_mutex);
  return key;
}
