/* sl-needs-summary.h — the counts the planning meeting asks for
 *
 * How many needs of each type are in each status, and how many start in
 * each start area, counted by the store in one grouped statement (an
 * officer's, as the needs' list). No detail is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-needs.h"

G_BEGIN_DECLS

typedef struct
{
  char   *label;                          /* a type's label, or a start area */
  char   *key;                            /* the type's code, or the area ("": none) */
  guint   counts[SL_N_NEED_STATUSES];
  guint   total;
} SlNeedsSummaryRow;

typedef struct
{
  GPtrArray *by_type;   /* SlNeedsSummaryRow, every type of the catalogue, by label */
  GPtrArray *by_area;   /* SlNeedsSummaryRow, start areas with needs, by name; none last */
  guint      totals[SL_N_NEED_STATUSES];
  guint      total;
} SlNeedsSummary;

/* Officer (SL_ACTION_MANAGE_NEEDS): every need counted once. */
SlNeedsSummary *sl_db_dup_needs_summary (SlDb            *db,
                                         GError         **error) G_GNUC_WARN_UNUSED_RESULT;
void            sl_needs_summary_free   (SlNeedsSummary  *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlNeedsSummary, sl_needs_summary_free)

G_END_DECLS
