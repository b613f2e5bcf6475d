/* sl-crypto.h — libsodium wrappers: sealed boxes to the event's key
 *
 * DEVSHIM COPY of the contract (notes/issue16-contract.md): the `sec`
 * branch owns this file; take sec's version when merging main.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SlEventKey SlEventKey;

gboolean  sl_crypto_init     (GError           **error);
/* A sealed box (crypto_box_seal) of text to the event's public key. */
GBytes   *sl_crypto_seal     (GBytes            *public_key,
                              const char        *text) G_GNUC_WARN_UNUSED_RESULT;
/* Opens a sealed box with the event key; NULL + SL_ACCESS_ERROR on
 * failure. The result is in secure memory: free with sl_secret_str_free.
 */
char     *sl_crypto_open     (const SlEventKey  *key,
                              GBytes            *sealed,
                              GError           **error) G_GNUC_WARN_UNUSED_RESULT;
void      sl_secret_str_free (char              *text);
void      sl_event_key_free  (SlEventKey        *key);

G_END_DECLS
