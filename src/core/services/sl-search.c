/* sl-search.c — finding entrants as a desk volunteer types
 *
 * What was typed is folded here, word by word (sl-fold.c); the store finds
 * and orders the entrants (an FTS5 index in the SQLite store).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-entrant.h"
#include "sl-fold.h"
#include "sl-search.h"
#include "sl-store.h"

GPtrArray *
sl_db_search (SlDb        *db,
              const char  *text,
              guint        limit,
              GError     **error)
{
  return sl_db_search_counted (db, text, limit, NULL, error);
}

GPtrArray *
sl_db_search_counted (SlDb        *db,
                      const char  *text,
                      guint        limit,
                      guint       *n_matches,
                      GError     **error)
{
  g_autofree char *code = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (n_matches != NULL)
    *n_matches = 0;

  if (limit == 0)
    limit = 50;

  code = g_strstrip (g_strdup (text));
  words = sl_fold_dup_words (code);
  if (words[0] == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)sl_entrant_free);

  return SL_STORE (db)->search (db, code, (const char * const *)words, limit, n_matches, error);
}
