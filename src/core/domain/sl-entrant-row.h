/* sl-entrant-row.h — what a big table shows of an entrant, and how it
 * picks and orders them
 *
 * The entrant list (sl-entrant-list.h) asks the store for these; the
 * store fills them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-types.h"

G_BEGIN_DECLS

typedef enum
{
  SL_ENTRANT_SORT_BIB = 0,
  SL_ENTRANT_SORT_LAST_NAME,
  SL_ENTRANT_SORT_FIRST_NAME,
  SL_ENTRANT_SORT_RACE,
  SL_ENTRANT_SORT_WAVE,
  SL_ENTRANT_SORT_STATUS,
  SL_ENTRANT_SORT_CHARITY,
  SL_ENTRANT_SORT_CLUB,
  SL_N_ENTRANT_SORTS
} SlEntrantSort;

/* The charity filter's value for "runs for no charity". */
#define SL_ENTRANT_FILTER_NO_CHARITY ((gint64)-1)

typedef struct
{
  gint64      race_id;     /* 0: any race */
  gint64      wave_id;     /* 0: any wave */
  int         status;      /* an SlStatus, or -1 for any */
  gint64      charity_id;  /* 0: any; SL_ENTRANT_FILTER_NO_CHARITY: none */
  const char *text;        /* NULL or blank: no text filter; else as sl_db_search */
} SlEntrantFilter;

/* What a table shows of an entrant: small enough to keep thousands. */
typedef struct
{
  gint64    id;
  char     *bib;
  char     *first_name;
  char     *last_name;
  char     *race_name;
  char     *wave_name;
  SlStatus  status;
  char     *charity_name;
  char     *club;
} SlEntrantRow;

void       sl_entrant_filter_init    (SlEntrantFilter       *filter);
void       sl_entrant_row_free       (SlEntrantRow          *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEntrantRow, sl_entrant_row_free)

G_END_DECLS
