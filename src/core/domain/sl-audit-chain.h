/* sl-audit-chain.h — the rules of the audit log's hash chain, for every
 * store
 *
 * An engine reads the log in id order and hands each row to
 * sl_audit_chain_check, which decides whether it follows from the one
 * before (sl-crypto.h) and counts the erasures; sl_audit_chain_check_erasures
 * then says whether the entries marked erased are as many as the erasures'
 * own entries record emptying.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-crypto.h"

G_BEGIN_DECLS

/* One row of the log as an engine read it: columns id to entity_id, the
 * payload (before, after: NULL when NULL), the stored hashes (NULL when
 * NULL) and what it says of erasure.
 */
typedef struct
{
  SlAuditHashFields  fields;
  const char        *before;
  gssize             before_len;
  const char        *after;
  gssize             after_len;
  const guint8      *payload_hash;
  gsize              payload_hash_len;
  const guint8      *hash;
  gsize              hash_len;
  gboolean           erased;
  gboolean           is_erasure;      /* an erasure's own entry (erase, retention) */
  gint64             erased_entries;  /* the entries it records emptying */
} SlAuditChainRow;

/* The walk so far. Start from SL_AUDIT_CHAIN_INIT. */
typedef struct
{
  gint64 n;                    /* the entries that followed */
  guint8 previous[SL_AUDIT_HASH_BYTES];
  gint64 marked;               /* entries marked erased */
  gint64 recorded;             /* entries the erasures record emptying */
  gint64 last_erasure_id;
  gint64 first_marked_after;   /* the first entry marked erased after the last erasure */
} SlAuditChain;

#define SL_AUDIT_CHAIN_INIT { 0 }

/* The id of the entry after which the bad one's stored hash would follow,
 * plus one, or 0: the engine tries sl_audit_chain_moved_after on each
 * entry of the log in turn.
 */
typedef gint64 (*SlAuditChainMovedFunc) (const SlAuditHashFields *bad,
                                         const guint8            *payload_hash,
                                         const guint8            *stored_hash,
                                         gpointer                 user_data);

/* NULL when row follows the entries before it (and it is counted); else
 * what is wrong with it ("it is missing (removed)", "it was moved here
 * from entry N (reordered)", …). moved_from is asked only when its hash
 * does not follow.
 */
char    *sl_audit_chain_check           (SlAuditChain          *chain,
                                         const SlAuditChainRow *row,
                                         SlAuditChainMovedFunc  moved_from,
                                         gpointer               user_data);
/* Whether the bad entry's stored hash follows the entry previous_id whose
 * hash is previous (SL_AUDIT_HASH_BYTES): previous_id + 1 when it does and
 * that is not the bad entry's own id, else 0.
 */
gint64   sl_audit_chain_moved_after     (const SlAuditHashFields *bad,
                                         gint64                   previous_id,
                                         const guint8            *previous,
                                         const guint8            *payload_hash,
                                         const guint8            *stored_hash);
/* NULL when the erasures add up; else what is wrong, naming in *bad_id
 * the first entry marked erased after the last erasure (it cannot be that
 * one's), or the last erasure.
 */
char    *sl_audit_chain_check_erasures  (const SlAuditChain    *chain,
                                         gint64                *bad_id);

G_END_DECLS
