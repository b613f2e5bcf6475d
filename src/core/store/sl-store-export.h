/* sl-store-export.h — what the stores share of reading an export
 *
 * Each export column selects the same column in both engines but for a
 * few, which each engine writes in its own SQL (SlExportDialect); one
 * builder puts the query together around them, so that the columns left
 * out are never read and the rows come in the same order from either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

/* An engine's own SQL for an export's query. The formats take one %s. */
typedef struct
{
  const char *select;            /* the query's start, before the columns */
  const char *charity_consent;   /* SL_EXPORT_COLUMN_CHARITY_CONSENT */
  const char *markers;           /* SL_EXPORT_COLUMN_MARKERS */
  const char *need_types;        /* format: %s, needs_medical or nothing */
  const char *need_details;      /* format: %s, needs_medical or nothing */
  const char *needs_medical;     /* only the needs shared with the medical team */
  const char *by_consent;        /* format: %s, email or phone, kept only with consent */
  const char *from;              /* after the columns: the charity's id, FROM and joins */
  const char *one_charity;       /* WHERE, query->charity_id its one parameter */
  const char *any_charity;       /* WHERE, for query->by_charity */
  const char *order_by_charity;  /* ORDER BY, for query->by_charity */
  const char *order;             /* ORDER BY, otherwise */
} SlExportDialect;

/* The result row ends with the charity's id, after every export column
 * (each at its SlExportColumn index).
 */
#define SL_STORE_EXPORT_CHARITY_ID SL_N_EXPORT_COLUMNS

char     *sl_store_export_dup_query   (const SlExportQuery   *query,
                                       const SlExportDialect *dialect) G_GNUC_WARN_UNUSED_RESULT;
/* Whether the column is read as a number (age, target, raised, vip). */
gboolean  sl_store_export_is_number   (SlExportColumn         column);

G_END_DECLS
