/* sl-audit-chain.c — the rules of the audit log's hash chain, for every
 * store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-audit-chain.h"

gint64
sl_audit_chain_moved_after (const SlAuditHashFields *bad,
                            gint64                   previous_id,
                            const guint8            *previous,
                            const guint8            *payload_hash,
                            const guint8            *stored_hash)
{
  SlAuditHashFields fields = *bad;
  guint8 hash[SL_AUDIT_HASH_BYTES];

  fields.id = previous_id + 1;
  if (fields.id == bad->id)
    return 0;
  sl_crypto_audit_entry_hash (previous, &fields, payload_hash, hash);
  return memcmp (hash, stored_hash, SL_AUDIT_HASH_BYTES) == 0 ? fields.id : 0;
}

/* Was the bad entry moved from elsewhere? Its hash tried as the first
 * entry's, then (moved_from) after each entry in turn.
 */
static gint64
find_moved_from (const SlAuditHashFields *bad,
                 const guint8            *payload_hash,
                 const guint8            *stored_hash,
                 SlAuditChainMovedFunc    moved_from,
                 gpointer                 user_data)
{
  SlAuditHashFields fields = *bad;
  guint8 hash[SL_AUDIT_HASH_BYTES];

  fields.id = 1;
  sl_crypto_audit_entry_hash (NULL, &fields, payload_hash, hash);
  if (memcmp (hash, stored_hash, SL_AUDIT_HASH_BYTES) == 0)
    return 1;
  return moved_from (bad, payload_hash, stored_hash, user_data);
}

/* NULL when the row follows the previous entry's hash (NULL for the
 * first), with its own hash in hash_out; else what is wrong with it.
 */
static char *
check_entry (const SlAuditChainRow *row,
             gint64                 expected_id,
             const guint8          *previous,
             SlAuditChainMovedFunc  moved_from,
             gpointer               user_data,
             guint8                 hash_out[SL_AUDIT_HASH_BYTES])
{
  guint8 payload_hash[SL_AUDIT_HASH_BYTES];
  gint64 moved;

  if (row->fields.id != expected_id)
    return g_strdup (_("it is missing (removed)"));
  if (row->payload_hash == NULL || row->payload_hash_len != SL_AUDIT_HASH_BYTES
      || row->hash == NULL || row->hash_len != SL_AUDIT_HASH_BYTES)
    return g_strdup (_("its hashes are missing"));

  if (row->erased)
    {
      /* An erasure keeps the payload's hash and empties the payload. */
      if (row->before != NULL || row->after != NULL)
        return g_strdup (_("it is marked erased but holds a payload"));
      memcpy (payload_hash, row->payload_hash, SL_AUDIT_HASH_BYTES);
    }
  else
    {
      sl_crypto_audit_payload_hash (row->before, row->before_len, row->after, row->after_len,
                                    payload_hash);
      if (memcmp (payload_hash, row->payload_hash, SL_AUDIT_HASH_BYTES) != 0)
        return g_strdup (_("its before or after image was changed"));
    }

  sl_crypto_audit_entry_hash (previous, &row->fields, payload_hash, hash_out);
  if (memcmp (hash_out, row->hash, SL_AUDIT_HASH_BYTES) == 0)
    return NULL;
  moved = find_moved_from (&row->fields, payload_hash, row->hash, moved_from, user_data);
  if (moved > 0)
    return g_strdup_printf (_("it was moved here from entry %lld (reordered)"),
                            (long long)moved);
  return g_strdup (_("its time, operator, desk, action or entity was changed, or its link "
                     "to the entry before is broken"));
}

/* What the walk counts of erasure: the entries marked erased, and the
 * number the erasures' own entries (erase, retention) record that they
 * emptied; these must agree, or an entry was emptied by someone who went
 * around the app (the triggers let erasure's narrow UPDATE through).
 */
static void
count_erasure (SlAuditChain          *chain,
               const SlAuditChainRow *row)
{
  if (row->erased)
    {
      chain->marked++;
      if (chain->first_marked_after == 0)
        chain->first_marked_after = row->fields.id;
    }
  else if (row->is_erasure)
    {
      chain->recorded += row->erased_entries;
      chain->last_erasure_id = row->fields.id;
      chain->first_marked_after = 0;
    }
}

char *
sl_audit_chain_check (SlAuditChain          *chain,
                      const SlAuditChainRow *row,
                      SlAuditChainMovedFunc  moved_from,
                      gpointer               user_data)
{
  guint8 hash[SL_AUDIT_HASH_BYTES];
  char *what;

  what = check_entry (row, chain->n + 1, chain->n > 0 ? chain->previous : NULL, moved_from,
                      user_data, hash);
  if (what != NULL)
    return what;
  memcpy (chain->previous, hash, SL_AUDIT_HASH_BYTES);
  count_erasure (chain, row);
  chain->n++;
  return NULL;
}

char *
sl_audit_chain_check_erasures (const SlAuditChain *chain,
                               gint64             *bad_id)
{
  if (chain->marked == chain->recorded)
    return NULL;
  *bad_id = chain->first_marked_after > 0 ? chain->first_marked_after : chain->last_erasure_id;
  if (*bad_id == 0)
    *bad_id = 1;
  return g_strdup_printf (_("entries marked erased: %lld, but the erasures recorded "
                            "emptying %lld: an entry was emptied outside erasure, or an "
                            "erasure's record does not match what it emptied"),
                          (long long)chain->marked, (long long)chain->recorded);
}
