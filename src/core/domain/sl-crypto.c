/* sl-crypto.c — libsodium's high-level calls, as Startline uses them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "sl-crypto.h"

G_STATIC_ASSERT (SL_CRYPTO_PUBLIC_KEY_BYTES == crypto_box_PUBLICKEYBYTES);

struct _SlEventKey
{
  guint8   public_key[crypto_box_PUBLICKEYBYTES];
  guint8  *secret;     /* crypto_box_SECRETKEYBYTES, sodium_malloc'd */
  gboolean open;
};

/* What an unknown name is checked against: a hash made once with the
 * interactive limits, so that it costs what a real account's does.
 */
static const char dummy_hash[] =
  "$argon2id$v=19$m=65536,t=2,p=1$HN8d8fxrNdbhlDSL061DxQ"
  "$W1BR6JVV3V6hBCt8lqzRwkKmx7/48pRx21pcADYWehE";

gboolean
sl_crypto_init (GError **error)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&done, 1);
    }
  if (!ok)
    g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED,
                         _("The encryption library could not start."));
  return ok;
}

static SlEventKey *
event_key_alloc (void)
{
  SlEventKey *key = g_new0 (SlEventKey, 1);

  /* sodium_malloc locks the pages and puts guard pages around them. */
  key->secret = sodium_malloc (crypto_box_SECRETKEYBYTES);
  if (key->secret == NULL)
    g_error ("sodium_malloc failed: out of locked memory");
  return key;
}

char *
sl_crypto_uuid_new (void)
{
  guint8 b[16];

  /* randombytes_buf reads the kernel's generator (getrandom) each call. */
  randombytes_buf (b, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40;  /* version 4 */
  b[8] = (b[8] & 0x3f) | 0x80;  /* RFC 4122 variant */
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
                          b[11], b[12], b[13], b[14], b[15]);
}

SlEventKey *
sl_event_key_new (void)
{
  SlEventKey *key;

  if (!sl_crypto_init (NULL))
    g_error ("libsodium could not start");
  key = event_key_alloc ();
  crypto_box_keypair (key->public_key, key->secret);
  key->open = TRUE;
  return key;
}

void
sl_event_key_free (SlEventKey *key)
{
  if (key == NULL)
    return;
  sodium_free (key->secret);   /* wipes it first */
  g_free (key);
}

void
sl_event_key_wipe (SlEventKey *key)
{
  g_return_if_fail (key != NULL);

  sodium_memzero (key->secret, crypto_box_SECRETKEYBYTES);
  key->open = FALSE;
}

gboolean
sl_event_key_is_open (const SlEventKey *key)
{
  return key != NULL && key->open;
}

GBytes *
sl_event_key_dup_public (const SlEventKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_bytes_new (key->public_key, sizeof key->public_key);
}

GBytes *
sl_crypto_seal (GBytes     *public_key,
                const char *text)
{
  gsize len;
  guint8 *sealed;

  g_return_val_if_fail (public_key != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (public_key) == crypto_box_PUBLICKEYBYTES, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!sl_crypto_init (NULL))
    g_error ("libsodium could not start");
  len = strlen (text);
  sealed = g_malloc (len + crypto_box_SEALBYTES);
  crypto_box_seal (sealed, (const guint8 *)text, len, g_bytes_get_data (public_key, NULL));
  return g_bytes_new_take (sealed, len + crypto_box_SEALBYTES);
}

char *
sl_crypto_open (const SlEventKey *key,
                GBytes           *sealed,
                GError          **error)
{
  gsize len;
  const guint8 *data;
  char *text;

  g_return_val_if_fail (sealed != NULL, NULL);

  if (!sl_event_key_is_open (key))
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED,
                           _("The details are locked: an accessibility officer must sign in."));
      return NULL;
    }
  data = g_bytes_get_data (sealed, &len);
  if (len < crypto_box_SEALBYTES)
    goto damaged;
  text = sodium_malloc (len - crypto_box_SEALBYTES + 1);
  if (text == NULL)
    g_error ("sodium_malloc failed: out of locked memory");
  if (crypto_box_seal_open ((guint8 *)text, data, len, key->public_key, key->secret) != 0)
    {
      sodium_free (text);
      goto damaged;
    }
  text[len - crypto_box_SEALBYTES] = '\0';
  return text;

damaged:
  g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_NO_KEY,
                       _("This detail cannot be opened with the event's key: it is damaged,"
                         " or was sealed to another event's key."));
  return NULL;
}

char *
sl_secret_str_dup (const char *text)
{
  gsize len;
  char *copy;

  if (text == NULL)
    return NULL;
  if (!sl_crypto_init (NULL))
    g_error ("libsodium could not start");
  len = strlen (text);
  copy = sodium_malloc (len + 1);
  if (copy == NULL)
    g_error ("sodium_malloc failed: out of locked memory");
  memcpy (copy, text, len + 1);
  return copy;
}

char *
sl_secret_str_new (gsize max_bytes)
{
  char *text;

  if (!sl_crypto_init (NULL))
    g_error ("libsodium could not start");
  text = sodium_malloc (max_bytes + 1);
  if (text == NULL)
    g_error ("sodium_malloc failed: out of locked memory");
  sodium_memzero (text, max_bytes + 1);
  return text;
}

void
sl_plain_str_wipe_free (char *text)
{
  if (text == NULL)
    return;
  sodium_memzero (text, strlen (text));
  g_free (text);
}

void
sl_secret_str_free (char *text)
{
  if (text != NULL)
    sodium_free (text);   /* wipes it first */
}

static void (*argon2_hook) (gpointer data);
static gpointer argon2_hook_data;

void
sl_crypto_set_argon2_hook (void   (*func) (gpointer data),
                           gpointer data)
{
  argon2_hook = func;
  argon2_hook_data = data;
}

static void
run_argon2_hook (void)
{
  if (argon2_hook != NULL)
    argon2_hook (argon2_hook_data);
}

char *
sl_crypto_hash_passphrase (const char  *passphrase,
                           GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (passphrase != NULL, NULL);

  if (!sl_crypto_init (error))
    return NULL;
  run_argon2_hook ();
  if (crypto_pwhash_str (hash, passphrase, strlen (passphrase),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED,
                           _("Not enough memory to hash the passphrase."));
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
sl_crypto_verify_passphrase (const char *hash,
                             const char *passphrase)
{
  gboolean ok;

  g_return_val_if_fail (passphrase != NULL, FALSE);

  if (!sl_crypto_init (NULL))
    return FALSE;
  ok = crypto_pwhash_str_verify (hash != NULL ? hash : dummy_hash, passphrase,
                                 strlen (passphrase)) == 0;
  return hash != NULL && ok;
}

void
sl_key_slot_free (SlKeySlot *slot)
{
  if (slot == NULL)
    return;
  g_clear_pointer (&slot->salt, g_bytes_unref);
  g_clear_pointer (&slot->nonce, g_bytes_unref);
  g_clear_pointer (&slot->wrapped, g_bytes_unref);
  g_free (slot);
}

/* The slot key from a passphrase, in locked memory (sodium_free it);
 * NULL when the limits are out of bounds or memory runs out.
 */
static guint8 *
derive_slot_key (const char   *passphrase,
                 const guint8 *salt,
                 gint64        opslimit,
                 gint64        memlimit)
{
  guint8 *slot_key;

  /* A slot's limits come from the file: bounded, so that a forged one
   * cannot ask for all the memory there is.
   */
  if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE
      || memlimit < (gint64)crypto_pwhash_MEMLIMIT_MIN
      || memlimit > (gint64)crypto_pwhash_MEMLIMIT_SENSITIVE)
    return NULL;
  slot_key = sodium_malloc (crypto_secretbox_KEYBYTES);
  if (slot_key == NULL)
    return NULL;
  run_argon2_hook ();
  if (crypto_pwhash (slot_key, crypto_secretbox_KEYBYTES, passphrase, strlen (passphrase),
                     salt, (unsigned long long)opslimit, (size_t)memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      sodium_free (slot_key);
      return NULL;
    }
  return slot_key;
}

struct _SlSlotKey
{
  guint8 *key;                            /* sodium_malloc'd */
  guint8  salt[crypto_pwhash_SALTBYTES];
};

SlSlotKey *
sl_slot_key_derive (const char  *passphrase,
                    GError     **error)
{
  SlSlotKey *self;

  g_return_val_if_fail (passphrase != NULL, NULL);

  if (!sl_crypto_init (error))
    return NULL;
  self = g_new0 (SlSlotKey, 1);
  randombytes_buf (self->salt, sizeof self->salt);
  self->key = derive_slot_key (passphrase, self->salt, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE);
  if (self->key == NULL)
    {
      g_free (self);
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED,
                           _("Not enough memory to hash the passphrase."));
      return NULL;
    }
  return self;
}

void
sl_slot_key_free (SlSlotKey *slot_key)
{
  if (slot_key == NULL)
    return;
  sodium_free (slot_key->key);
  g_free (slot_key);
}

SlKeySlot *
sl_key_slot_wrap (const SlEventKey  *key,
                  const char        *passphrase,
                  GError           **error)
{
  g_autoptr(SlSlotKey) slot_key = NULL;

  g_return_val_if_fail (passphrase != NULL, NULL);

  if (!sl_event_key_is_open (key))
    return sl_key_slot_wrap_with (key, NULL, error);
  if (!(slot_key = sl_slot_key_derive (passphrase, error)))
    return NULL;
  return sl_key_slot_wrap_with (key, slot_key, error);
}

SlKeySlot *
sl_key_slot_wrap_with (const SlEventKey  *key,
                       const SlSlotKey   *slot_key,
                       GError           **error)
{
  guint8 nonce[crypto_secretbox_NONCEBYTES];
  guint8 wrapped[crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES];
  SlKeySlot *slot;

  if (!sl_event_key_is_open (key))
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED,
                           _("The event's key is not open: an accessibility officer must sign in."));
      return NULL;
    }
  g_return_val_if_fail (slot_key != NULL, NULL);
  randombytes_buf (nonce, sizeof nonce);
  crypto_secretbox_easy (wrapped, key->secret, crypto_box_SECRETKEYBYTES, nonce, slot_key->key);

  slot = g_new0 (SlKeySlot, 1);
  slot->salt = g_bytes_new (slot_key->salt, sizeof slot_key->salt);
  slot->nonce = g_bytes_new (nonce, sizeof nonce);
  slot->wrapped = g_bytes_new (wrapped, sizeof wrapped);
  slot->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  slot->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  return slot;
}

static gboolean
bytes_have_size (GBytes *bytes,
                 gsize   size)
{
  return bytes != NULL && g_bytes_get_size (bytes) == size;
}

SlEventKey *
sl_key_slot_unwrap (const SlKeySlot  *slot,
                    GBytes           *public_key,
                    const char       *passphrase,
                    GError          **error)
{
  static const guint8 dummy_salt[crypto_pwhash_SALTBYTES] = { 0 };
  static const guint8 dummy_nonce[crypto_secretbox_NONCEBYTES] = { 0 };
  static const guint8 dummy_wrapped[crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES] = { 0 };
  g_autoptr(SlEventKey) key = NULL;
  gboolean usable;
  guint8 *slot_key;
  gboolean opened;

  g_return_val_if_fail (passphrase != NULL, NULL);

  if (!sl_crypto_init (error))
    return NULL;
  usable = slot != NULL && bytes_have_size (slot->salt, crypto_pwhash_SALTBYTES)
           && bytes_have_size (slot->nonce, crypto_secretbox_NONCEBYTES)
           && bytes_have_size (slot->wrapped, sizeof dummy_wrapped)
           && bytes_have_size (public_key, crypto_box_PUBLICKEYBYTES);
  /* Without a usable slot, the same work on fixed input: the time taken
   * tells nothing about which it was.
   */
  slot_key = derive_slot_key (passphrase,
                              usable ? g_bytes_get_data (slot->salt, NULL) : dummy_salt,
                              usable ? slot->opslimit : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              usable ? slot->memlimit : crypto_pwhash_MEMLIMIT_INTERACTIVE);
  key = event_key_alloc ();
  opened = slot_key != NULL
           && crypto_secretbox_open_easy (key->secret,
                                          usable ? g_bytes_get_data (slot->wrapped, NULL)
                                                 : dummy_wrapped,
                                          sizeof dummy_wrapped,
                                          usable ? g_bytes_get_data (slot->nonce, NULL)
                                                 : dummy_nonce,
                                          slot_key) == 0;
  if (slot_key != NULL)
    sodium_free (slot_key);
  if (opened && usable)
    {
      guint8 derived_public[crypto_box_PUBLICKEYBYTES];

      /* The slot must hold the private half of the event's public key. */
      crypto_scalarmult_base (derived_public, key->secret);
      opened = sodium_memcmp (derived_public, g_bytes_get_data (public_key, NULL),
                              sizeof derived_public) == 0;
      memcpy (key->public_key, derived_public, sizeof derived_public);
    }
  if (!opened || !usable)
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE,
                           _("Wrong name or passphrase."));
      return NULL;
    }
  key->open = TRUE;
  return g_steal_pointer (&key);
}

/* ---- The audit log's hash chain --------------------------------------- */

G_STATIC_ASSERT (SL_AUDIT_HASH_BYTES <= crypto_generichash_BYTES_MAX
                 && SL_AUDIT_HASH_BYTES >= crypto_generichash_BYTES_MIN);

static void
hash_field (crypto_generichash_state *state,
            const void               *data,
            gsize                     len)
{
  guint8 head[9];
  guint64 le = GUINT64_TO_LE ((guint64)len);

  head[0] = data != NULL ? 1 : 0;
  memcpy (head + 1, &le, 8);
  crypto_generichash_update (state, head, data != NULL ? sizeof head : 1);
  if (data != NULL && len > 0)
    crypto_generichash_update (state, data, len);
}

static void
hash_text (crypto_generichash_state *state,
           const char               *text,
           gssize                    len)
{
  if (text != NULL && len < 0)
    len = (gssize)strlen (text);
  if (text == NULL || len == 0)
    hash_field (state, NULL, 0);
  else
    hash_field (state, text, (gsize)len);
}

static void
hash_int (crypto_generichash_state *state,
          gint64                    value)
{
  guint64 le = GUINT64_TO_LE ((guint64)value);

  hash_field (state, value > 0 ? &le : NULL, sizeof le);
}

void
sl_crypto_audit_payload_hash (const char *before,
                              gssize      before_len,
                              const char *after,
                              gssize      after_len,
                              guint8      out[SL_AUDIT_HASH_BYTES])
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, SL_AUDIT_HASH_BYTES);
  hash_text (&state, "startline-audit-payload-1", -1);
  hash_text (&state, before, before_len);
  hash_text (&state, after, after_len);
  crypto_generichash_final (&state, out, SL_AUDIT_HASH_BYTES);
}

void
sl_crypto_audit_entry_hash (const guint8            *previous,
                            const SlAuditHashFields *fields,
                            const guint8            *payload_hash,
                            guint8                   out[SL_AUDIT_HASH_BYTES])
{
  crypto_generichash_state state;
  guint64 id = GUINT64_TO_LE ((guint64)fields->id);

  crypto_generichash_init (&state, NULL, 0, SL_AUDIT_HASH_BYTES);
  hash_text (&state, "startline-audit-entry-1", -1);
  hash_field (&state, previous, SL_AUDIT_HASH_BYTES);
  hash_field (&state, &id, sizeof id);
  hash_text (&state, fields->at, -1);
  hash_text (&state, fields->operator_name, -1);
  hash_text (&state, fields->desk, -1);
  hash_text (&state, fields->action, -1);
  hash_text (&state, fields->entity, -1);
  hash_int (&state, fields->entity_id);
  hash_field (&state, payload_hash, SL_AUDIT_HASH_BYTES);
  crypto_generichash_final (&state, out, SL_AUDIT_HASH_BYTES);
}
