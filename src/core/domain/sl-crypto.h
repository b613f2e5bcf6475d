/* sl-crypto.h — libsodium's high-level calls, as Startline uses them
 *
 * Passphrases are stored as Argon2id hashes (crypto_pwhash_str at the
 * "interactive" limits). Special-category values are sealed boxes
 * (crypto_box_seal) to the event's public key, so anyone may write one
 * and only a holder of the private key read it. The private key is
 * stored only in key slots: wrapped (crypto_secretbox_easy, a random
 * nonce) by a key derived from one officer's passphrase (crypto_pwhash,
 * Argon2id13, a random salt of the slot's own). In memory it lives in
 * sodium_malloc'd (guarded, mlocked) memory and is wiped when freed.
 *
 * No store here: the store keeps the slots' bytes, the session service
 * (sl-session.c) holds the opened key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-role.h"

G_BEGIN_DECLS

#define SL_CRYPTO_PUBLIC_KEY_BYTES 32
#define SL_PASSPHRASE_MIN_CHARS    8

/* The event's key pair; the private part in sodium_malloc'd (mlocked)
 * memory. sl_event_key_free wipes it.
 */
typedef struct _SlEventKey SlEventKey;

/* sodium_init, once; FALSE when libsodium cannot start (no entropy). */
gboolean     sl_crypto_init          (GError          **error);

/* A new random UUID (version 4) in its text form, from the system's
 * random source on every call: unlike g_uuid_string_random, whose
 * generator a forked process shares with its parent, two processes never
 * make the same one.
 */
char        *sl_crypto_uuid_new      (void) G_GNUC_WARN_UNUSED_RESULT;

/* A new random key pair. */
SlEventKey  *sl_event_key_new        (void) G_GNUC_WARN_UNUSED_RESULT;
void         sl_event_key_free       (SlEventKey       *key);
/* The public part: 32 bytes. */
GBytes      *sl_event_key_dup_public (const SlEventKey *key) G_GNUC_WARN_UNUSED_RESULT;
/* Zeroes the private part at once (it stays allocated until freed):
 * every open fails afterwards with SL_ACCESS_ERROR_LOCKED.
 */
void         sl_event_key_wipe       (SlEventKey       *key);
gboolean     sl_event_key_is_open    (const SlEventKey *key);

/* A sealed box (crypto_box_seal) of text to the event's public key. */
GBytes      *sl_crypto_seal          (GBytes           *public_key,
                                      const char       *text) G_GNUC_WARN_UNUSED_RESULT;
/* Opens a sealed box with the event key; NULL + SL_ACCESS_ERROR on
 * failure. The result is in secure memory: free with sl_secret_str_free.
 */
char        *sl_crypto_open          (const SlEventKey *key,
                                      GBytes           *sealed,
                                      GError          **error) G_GNUC_WARN_UNUSED_RESULT;
/* A copy of text in secure memory (a passphrase handed to a worker
 * thread); free with sl_secret_str_free.
 */
char        *sl_secret_str_dup       (const char       *text) G_GNUC_WARN_UNUSED_RESULT;
/* Room for a string of up to max_bytes in secure memory, zeroed (a
 * passphrase read from a terminal); free with sl_secret_str_free.
 */
char        *sl_secret_str_new       (gsize             max_bytes) G_GNUC_WARN_UNUSED_RESULT;
/* Wipes and frees an ordinary g_malloc'd string (a plain copy of a detail,
 * say one a widget gave); NULL is ignored.
 */
void         sl_plain_str_wipe_free  (char             *text);
/* Wipes and frees a string sl_crypto_open or sl_secret_str_dup returned. */
void         sl_secret_str_free      (char             *text);

/* An Argon2id hash of passphrase (crypto_pwhash_str, interactive limits);
 * NULL only when there is not enough memory for it.
 */
char        *sl_crypto_hash_passphrase   (const char  *passphrase,
                                          GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Whether passphrase matches hash (crypto_pwhash_str_verify). hash NULL:
 * checks against a fixed hash instead, so that an unknown name costs the
 * same time as a wrong passphrase; the answer is then FALSE.
 */
gboolean     sl_crypto_verify_passphrase (const char  *hash,
                                          const char  *passphrase);

/* One officer's wrapped copy of the event's private key. */
typedef struct
{
  GBytes  *salt;        /* crypto_pwhash_SALTBYTES */
  GBytes  *nonce;       /* crypto_secretbox_NONCEBYTES */
  GBytes  *wrapped;     /* the private key, crypto_secretbox_easy'd */
  gint64   opslimit;
  gint64   memlimit;
} SlKeySlot;

void         sl_key_slot_free        (SlKeySlot        *slot);
/* A new slot for key under passphrase (its own random salt and nonce). */
SlKeySlot   *sl_key_slot_wrap        (const SlEventKey *key,
                                      const char       *passphrase,
                                      GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* The key a new slot is wrapped with: derived from a passphrase with a
 * random salt (Argon2id, the slow part), in locked memory. Derived before
 * a write transaction, so that the writer lock is not held meanwhile; the
 * slot is then made in the write with sl_key_slot_wrap_with.
 */
typedef struct _SlSlotKey SlSlotKey;

SlSlotKey   *sl_slot_key_derive      (const char       *passphrase,
                                      GError          **error) G_GNUC_WARN_UNUSED_RESULT;
void         sl_slot_key_free        (SlSlotKey        *slot_key);
SlKeySlot   *sl_key_slot_wrap_with   (const SlEventKey *key,
                                      const SlSlotKey  *slot_key,
                                      GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* For tests: func runs before each Argon2id computation (a passphrase
 * hashed, a slot key derived), to check what the caller holds then.
 * NULL: none.
 */
void         sl_crypto_set_argon2_hook (void            (*func) (gpointer data),
                                        gpointer          data);
/* The key pair the slot holds, checked against public_key.
 * SL_ACCESS_ERROR_WRONG_PASSPHRASE when it does not open. slot NULL: the
 * same work on a fixed salt, and that error (as sl_crypto_verify_passphrase
 * does for an unknown name).
 */
SlEventKey  *sl_key_slot_unwrap      (const SlKeySlot  *slot,
                                      GBytes           *public_key,
                                      const char       *passphrase,
                                      GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* The audit log's hash chain (BLAKE2b through crypto_generichash, 32
 * bytes). Every field is framed (a presence byte, then a 64-bit
 * little-endian length and the bytes; an integer as its 8 bytes), so that
 * no two different entries give the same input. NULL and "" are the same
 * (absent), as the store keeps them; an entity id of 0 or less is absent.
 */
#define SL_AUDIT_HASH_BYTES 32

typedef struct
{
  gint64      id;
  const char *at;
  const char *operator_name;
  const char *desk;
  const char *action;
  const char *entity;
  gint64      entity_id;
} SlAuditHashFields;

/* The hash of an entry's payload: its before and after images (len -1:
 * NUL-terminated).
 */
void         sl_crypto_audit_payload_hash (const char              *before,
                                           gssize                   before_len,
                                           const char              *after,
                                           gssize                   after_len,
                                           guint8                   out[SL_AUDIT_HASH_BYTES]);
/* An entry's hash: the previous entry's hash (NULL for the first entry),
 * its metadata and its payload's hash.
 */
void         sl_crypto_audit_entry_hash   (const guint8            *previous,
                                           const SlAuditHashFields *fields,
                                           const guint8            *payload_hash,
                                           guint8                   out[SL_AUDIT_HASH_BYTES]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEventKey, sl_event_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlKeySlot, sl_key_slot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSlotKey, sl_slot_key_free)

G_END_DECLS
