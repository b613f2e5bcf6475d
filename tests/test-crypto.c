/* test-crypto.c — sealed boxes, passphrase hashes, key slots, wiping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sl-test-util.h"
#include "sl-crypto.h"

static const char secret_text[] = "Blind since 2019; runs with guide — Ørjan Ø. 🦮";

static gboolean
bytes_contain (GBytes     *bytes,
               const char *text)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  gsize n = strlen (text);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, text, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_seal_open (void)
{
  g_autoptr(SlEventKey) key = sl_event_key_new ();
  g_autoptr(GBytes) public_key = sl_event_key_dup_public (key);
  g_autoptr(GBytes) sealed = sl_crypto_seal (public_key, secret_text);
  g_autoptr(GBytes) sealed_again = sl_crypto_seal (public_key, secret_text);
  g_autoptr(GBytes) empty = sl_crypto_seal (public_key, "");
  g_autoptr(GError) error = NULL;
  char *text;

  g_assert_cmpuint (g_bytes_get_size (public_key), ==, SL_CRYPTO_PUBLIC_KEY_BYTES);
  /* Not in the bytes, and never the same bytes twice (an ephemeral key each). */
  g_assert_false (bytes_contain (sealed, "Blind"));
  g_assert_false (g_bytes_equal (sealed, sealed_again));

  text = sl_crypto_open (key, sealed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, secret_text);
  sl_secret_str_free (text);

  text = sl_crypto_open (key, empty, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "");
  sl_secret_str_free (text);
}

static void
test_wrong_key_and_damage (void)
{
  g_autoptr(SlEventKey) key = sl_event_key_new ();
  g_autoptr(SlEventKey) other = sl_event_key_new ();
  g_autoptr(GBytes) public_key = sl_event_key_dup_public (key);
  g_autoptr(GBytes) sealed = sl_crypto_seal (public_key, secret_text);
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GBytes) short_box = g_bytes_new ("abc", 3);
  g_autoptr(GError) error = NULL;
  gsize len = g_bytes_get_size (sealed);
  guint8 *copy = g_memdup2 (g_bytes_get_data (sealed, NULL), len);

  g_assert_null (sl_crypto_open (other, sealed, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_NO_KEY);
  g_clear_error (&error);

  copy[len - 1] ^= 1;
  damaged = g_bytes_new_take (copy, len);
  g_assert_null (sl_crypto_open (key, damaged, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_NO_KEY);
  g_clear_error (&error);

  g_assert_null (sl_crypto_open (key, short_box, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_NO_KEY);
  g_clear_error (&error);

  g_assert_null (sl_crypto_open (NULL, sealed, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED);
}

static void
test_passphrase_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = sl_crypto_hash_passphrase ("correct horse battery", &error);
  g_autofree char *hash_again = sl_crypto_hash_passphrase ("correct horse battery", NULL);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  /* The interactive limits: 64 MiB, two passes. */
  g_assert_nonnull (strstr (hash, "m=65536,t=2,"));
  g_assert_cmpstr (hash, !=, hash_again);   /* a salt of its own */
  g_assert_true (sl_crypto_verify_passphrase (hash, "correct horse battery"));
  g_assert_false (sl_crypto_verify_passphrase (hash, "correct horse batterY"));
  g_assert_false (sl_crypto_verify_passphrase (hash, ""));
  /* No hash (an unknown name): the same work, and never a yes. */
  g_assert_false (sl_crypto_verify_passphrase (NULL, "correct horse battery"));
  g_assert_false (sl_crypto_verify_passphrase (NULL, "startline-dummy-passphrase"));
}

static void
test_key_slot (void)
{
  g_autoptr(SlEventKey) key = sl_event_key_new ();
  g_autoptr(GBytes) public_key = sl_event_key_dup_public (key);
  g_autoptr(SlEventKey) other = sl_event_key_new ();
  g_autoptr(GBytes) other_public = sl_event_key_dup_public (other);
  g_autoptr(GBytes) sealed = sl_crypto_seal (public_key, secret_text);
  g_autoptr(SlKeySlot) slot = NULL;
  g_autoptr(SlKeySlot) slot2 = NULL;
  g_autoptr(SlEventKey) opened = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  slot = sl_key_slot_wrap (key, "officer passphrase", &error);
  g_assert_no_error (error);
  slot2 = sl_key_slot_wrap (key, "officer passphrase", &error);
  g_assert_cmpuint (g_bytes_get_size (slot->salt), ==, 16);
  g_assert_cmpuint (g_bytes_get_size (slot->nonce), ==, 24);
  g_assert_cmpuint (g_bytes_get_size (slot->wrapped), ==, 48);
  /* Each slot has its own salt and nonce. */
  g_assert_false (g_bytes_equal (slot->salt, slot2->salt));
  g_assert_false (g_bytes_equal (slot->nonce, slot2->nonce));
  g_assert_false (g_bytes_equal (slot->wrapped, slot2->wrapped));

  opened = sl_key_slot_unwrap (slot, public_key, "officer passphrase", &error);
  g_assert_no_error (error);
  text = sl_crypto_open (opened, sealed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, secret_text);
  sl_secret_str_free (text);
  g_clear_pointer (&opened, sl_event_key_free);

  g_assert_null (sl_key_slot_unwrap (slot, public_key, "officer passphrasE", &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  /* A slot that does not hold the event's own key does not open it. */
  g_assert_null (sl_key_slot_unwrap (slot, other_public, "officer passphrase", &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  /* No slot: the same error (and the same work). */
  g_assert_null (sl_key_slot_unwrap (NULL, public_key, "officer passphrase", &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  /* Limits from a forged file are bounded. */
  slot->memlimit = G_MAXINT64;
  g_assert_null (sl_key_slot_unwrap (slot, public_key, "officer passphrase", &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE);
}

static void
test_wipe (void)
{
  g_autoptr(SlEventKey) key = sl_event_key_new ();
  g_autoptr(GBytes) public_key = sl_event_key_dup_public (key);
  g_autoptr(GBytes) sealed = sl_crypto_seal (public_key, secret_text);
  g_autoptr(GError) error = NULL;
  char *text;

  g_assert_true (sl_event_key_is_open (key));
  sl_event_key_wipe (key);
  g_assert_false (sl_event_key_is_open (key));
  g_assert_null (sl_crypto_open (key, sealed, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_null (sl_key_slot_wrap (key, "officer passphrase", &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED);

  text = sl_secret_str_dup ("a passphrase");
  g_assert_cmpstr (text, ==, "a passphrase");
  sl_secret_str_free (text);
  text = sl_secret_str_new (16);
  g_assert_cmpstr (text, ==, "");
  sl_secret_str_free (text);
  sl_secret_str_free (NULL);
}

static void
test_roles (void)
{
  SlRoles roles;
  g_autofree char *text = NULL;

  g_assert_true (sl_roles_from_list ("officer, Admin", &roles));
  g_assert_cmpint (roles, ==, SL_ROLE_OFFICER | SL_ROLE_ADMIN);
  text = sl_roles_dup_string (roles);
  g_assert_cmpstr (text, ==, "admin,officer");
  g_assert_false (sl_roles_from_list ("officer,chef", &roles));
  g_assert_false (sl_roles_from_list ("officer,", &roles));
  g_assert_cmpstr (sl_role_to_string (SL_ROLE_EXPORTER), ==, "exporter");
  g_assert_null (sl_role_to_string (SL_ROLE_OFFICER | SL_ROLE_ADMIN));
}

/* Request ids: valid version-4 UUIDs, and a forked process (a desk
 * started by fork, as the benchmark's) makes another one than its parent.
 */
static void
test_uuid (void)
{
  g_autofree char *a = sl_crypto_uuid_new ();
  g_autofree char *b = sl_crypto_uuid_new ();
  g_autofree char *parent = NULL;
  char child[37] = { 0 };
  int fds[2];
  pid_t pid;
  int status;

  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_cmpint (a[14], ==, '4');
  g_assert_cmpstr (a, !=, b);

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  if (pid == 0)
    {
      g_autofree char *id = sl_crypto_uuid_new ();

      _exit (write (fds[1], id, 36) == 36 ? 0 : 1);
    }
  parent = sl_crypto_uuid_new ();
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (read (fds[0], child, 36), ==, 36);
  close (fds[0]);
  close (fds[1]);
  g_assert_true (g_uuid_string_is_valid (child));
  g_assert_cmpstr (child, !=, parent);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sl_crypto_init (NULL));

  g_test_add_func ("/crypto/seal-open", test_seal_open);
  g_test_add_func ("/crypto/uuid", test_uuid);
  g_test_add_func ("/crypto/wrong-key-and-damage", test_wrong_key_and_damage);
  g_test_add_func ("/crypto/passphrase-hash", test_passphrase_hash);
  g_test_add_func ("/crypto/key-slot", test_key_slot);
  g_test_add_func ("/crypto/wipe", test_wipe);
  g_test_add_func ("/crypto/roles", test_roles);

  return g_test_run ();
}
