/* sl-entrant-row.c — what a big table shows of an entrant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-entrant-row.h"

void
sl_entrant_filter_init (SlEntrantFilter *filter)
{
  g_return_if_fail (filter != NULL);

  filter->race_id = 0;
  filter->wave_id = 0;
  filter->status = -1;
  filter->charity_id = 0;
  filter->text = NULL;
}

void
sl_entrant_row_free (SlEntrantRow *row)
{
  if (row == NULL)
    return;

  g_free (row->bib);
  g_free (row->first_name);
  g_free (row->last_name);
  g_free (row->race_name);
  g_free (row->wave_name);
  g_free (row->charity_name);
  g_free (row->club);
  g_free (row);
}
