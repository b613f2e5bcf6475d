/* sl-search.c — finding entrants as a desk volunteer types
 *
 * The folded search key of every entrant (names, bib, reference, club) is
 * indexed by an FTS5 table, so "fern" or "o'b" is a range of its term
 * index rather than a scan of 50,000 rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-db-private.h"
#include "sl-entrant-private.h"
#include "sl-fold.h"
#include "sl-search.h"

/* Builds an FTS5 query: every typed word, folded, as a prefix phrase.
 *
 * A word that folds into several parts ("LM26-7KQ4XZ" → "lm26 7kq4xz",
 * "Jean-Luc" → "jean luc") becomes one phrase whose last part is the
 * prefix. ANDing the parts as separate prefixes instead made "lm26"* match
 * every booking reference's joined key word ("lm267kq4xz", one distinct
 * term per entrant), which cost 10–25 ms per scanned reference at 50,000
 * entrants; as a phrase the leading parts are exact terms.
 */
static char *
build_match (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n", -1);
  GString *match = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *folded = sl_fold (words[i]);

      if (*folded == '\0')
        continue;
      if (match->len > 0)
        g_string_append (match, " AND ");
      /* Folded words hold no quotes, so quoting cannot be escaped. */
      g_string_append_printf (match, "\"%s\"*", folded);
    }

  return g_string_free (match, match->len == 0);
}

GPtrArray *
sl_db_search (SlDb        *db,
              const char  *text,
              guint        limit,
              GError     **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_entrant_free);
  g_autofree char *match = NULL;
  g_autofree char *code = NULL;
  sqlite3_stmt *stmt;
  gint64 exact_id = 0;
  int rc;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (limit == 0)
    limit = 50;

  code = g_strstrip (g_strdup (text));
  match = build_match (code);
  if (match == NULL)
    return g_steal_pointer (&hits);

  sl_db_lock (db);

  /* What a scanner types: the exact bib or reference goes first. */
  stmt = sl_db_prepare (db, "SELECT " SL_ENTRANT_COLUMNS " FROM " SL_ENTRANT_JOINS
                            " WHERE e.bib = ?1 OR e.booking_ref = ?1"
                            " ORDER BY e.bib = ?1 DESC LIMIT 1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      SlEntrant *exact = sl_entrant_from_row (stmt);
      exact_id = exact->id;
      g_ptr_array_add (hits, exact);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sl_db_set_error (db, error, NULL);
      goto failed;
    }

  if (hits->len < limit)
    {
      stmt = sl_db_prepare (db, "SELECT " SL_ENTRANT_COLUMNS " FROM " SL_ENTRANT_JOINS
                                " WHERE e.id IN (SELECT rowid FROM entrant_fts"
                                "                WHERE entrant_fts MATCH ?1)"
                                " AND e.id != ?2"
                                " ORDER BY e.last_name COLLATE NOCASE, e.first_name COLLATE NOCASE,"
                                " e.id LIMIT ?3", error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, exact_id);
      sqlite3_bind_int (stmt, 3, (int)(limit - hits->len));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (hits, sl_entrant_from_row (stmt));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          sl_db_set_error (db, error, NULL);
          goto failed;
        }
    }

  sl_db_unlock (db);
  return g_steal_pointer (&hits);

failed:
  sl_db_unlock (db);
  return NULL;
}
