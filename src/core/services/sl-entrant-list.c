/* sl-entrant-list.c — filtered, sorted entrant lists for big tables
 *
 * The store filters and sorts; a text filter is folded here, as a search
 * is (sl-search.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-entrant-list.h"
#include "sl-fold.h"
#include "sl-store.h"

GArray *
sl_db_list_entrant_ids (SlDb                   *db,
                        const SlEntrantFilter  *filter,
                        SlEntrantSort           sort,
                        gboolean                descending,
                        GError                **error)
{
  g_auto(GStrv) words = NULL;
  SlEntrantFilter all;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (sort < SL_N_ENTRANT_SORTS, NULL);

  if (filter == NULL)
    {
      sl_entrant_filter_init (&all);
      filter = &all;
    }
  g_return_val_if_fail (filter->status < (int)SL_N_STATUSES, NULL);

  if (filter->text != NULL)
    words = sl_fold_dup_words (filter->text);
  return SL_STORE (db)->list_entrant_ids (db, filter, (const char * const *)words, sort,
                                          descending, error);
}

GPtrArray *
sl_db_fetch_entrant_rows (SlDb          *db,
                          const gint64  *ids,
                          guint          n_ids,
                          GError       **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);

  return SL_STORE (db)->fetch_entrant_rows (db, ids, n_ids, error);
}
