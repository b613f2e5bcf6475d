/* sl-sqlite-search.c — the SQLite store's search
 *
 * The folded search key of every entrant (names, bib, reference, club) is
 * indexed by an FTS5 table, so "fern" or "o'b" is a range of its term
 * index rather than a scan of 50,000 rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-entrant-private.h"
#include "sl-sqlite-private.h"
#include "sl-store.h"

/* Every folded word as a prefix phrase, ANDed.
 *
 * A word that folds into several parts ("LM26-7KQ4XZ" → "lm26 7kq4xz",
 * "Jean-Luc" → "jean luc") becomes one phrase whose last part is the
 * prefix. ANDing the parts as separate prefixes instead made "lm26"* match
 * every booking reference's joined key word ("lm267kq4xz", one distinct
 * term per entrant), which cost 10–25 ms per scanned reference at 50,000
 * entrants; as a phrase the leading parts are exact terms.
 */
char *
sl_sqlite_search_dup_match (const char * const *words)
{
  GString *match = g_string_new (NULL);

  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      if (match->len > 0)
        g_string_append (match, " AND ");
      /* Folded words hold no quotes, so quoting cannot be escaped. */
      g_string_append_printf (match, "\"%s\"*", words[i]);
    }
  return g_string_free (match, match->len == 0);
}

/* The position of every entrant in name order, kept in memory.
 *
 * Sorting every match by name cost 10–40 ms for broad queries ("a",
 * "lm26": thousands of matches). With each entrant's rank at hand, the
 * first page is picked from the index's row ids without reading the rows,
 * and only that page is fetched. The ranks are rebuilt (~20 ms at 50,000
 * entrants) when this connection changes names, or when another one has
 * changed the file (PRAGMA data_version).
 */
typedef struct
{
  GArray       *rank_by_id;        /* gint32, -1 for no such id */
  GPtrArray    *surname_by_rank;   /* folded last name, sorted: sort_name's first part */
  GStringChunk *surnames;
  guint64       names_generation;
  gint64        data_version;
} NameRanks;

static void
name_ranks_free (gpointer data)
{
  NameRanks *ranks = data;

  g_array_unref (ranks->rank_by_id);
  g_ptr_array_unref (ranks->surname_by_rank);
  g_string_chunk_free (ranks->surnames);
  g_free (ranks);
}

static gint64
query_data_version (SlDb *db)
{
  sqlite3_stmt *stmt = sl_sqlite_prepare (db, "PRAGMA data_version", NULL);
  gint64 version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
}

static NameRanks *
ensure_name_ranks (SlDb    *db,
                   GError **error)
{
  NameRanks *ranks = g_object_get_data (G_OBJECT (db), "sl-search-name-ranks");
  gint64 data_version = query_data_version (db);
  sqlite3_stmt *stmt;
  gint32 rank = 0;
  int rc;

  if (ranks != NULL
      && ranks->names_generation == sl_db_get_names_generation (db)
      && ranks->data_version == data_version)
    return ranks;

  stmt = sl_sqlite_prepare (db, "SELECT id, sort_name FROM entrant ORDER BY sort_name, id", error);
  if (stmt == NULL)
    return NULL;

  ranks = g_new0 (NameRanks, 1);
  ranks->rank_by_id = g_array_new (FALSE, FALSE, sizeof (gint32));
  ranks->surname_by_rank = g_ptr_array_new ();
  ranks->surnames = g_string_chunk_new (64 * 1024);
  ranks->names_generation = sl_db_get_names_generation (db);
  ranks->data_version = data_version;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *sort_name = (const char *)sqlite3_column_text (stmt, 1);
      gint32 none = -1;

      if (id < 0 || id > G_MAXINT32)
        continue;
      /* A tab sorts below every character of a folded name, so the last
       * names alone are in the same (byte) order as the sort names.
       */
      g_ptr_array_add (ranks->surname_by_rank,
                       g_string_chunk_insert_len (ranks->surnames, sort_name,
                                                  (gssize)strcspn (sort_name, "\t")));
      while (ranks->rank_by_id->len <= (guint)id)
        g_array_append_val (ranks->rank_by_id, none);
      g_array_index (ranks->rank_by_id, gint32, id) = rank++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_sqlite_set_error (db, error, NULL);
      name_ranks_free (ranks);
      return NULL;
    }

  g_object_set_data_full (G_OBJECT (db), "sl-search-name-ranks", ranks, name_ranks_free);
  return ranks;
}

/* The ranks [*lo, *hi) of the entrants whose folded last name starts with
 * prefix: a range, as the last names are sorted.
 */
static void
find_surname_range (NameRanks  *ranks,
                    const char *prefix,
                    gint32     *lo,
                    gint32     *hi)
{
  gsize len = strlen (prefix);

  for (int bound = 0; bound < 2; bound++)
    {
      guint a = 0, b = ranks->surname_by_rank->len;

      /* The first rank whose name is not below the prefix (bound 0) or
       * not within it (bound 1).
       */
      while (a < b)
        {
          guint mid = a + (b - a) / 2;
          int c = strncmp (ranks->surname_by_rank->pdata[mid], prefix, len);

          if (c < 0 || (bound == 1 && c == 0))
            a = mid + 1;
          else
            b = mid;
        }
      *(bound == 0 ? lo : hi) = (gint32)a;
    }
}

/* Matches whose last name starts with a typed word come first (tier 0),
 * in name order, then the others (first names, clubs, codes): a volunteer
 * typing "o'b" wants the O'Briens before an Obinna Adeyemi.
 */
typedef struct
{
  gint32 tier;
  gint32 rank;
  gint64 id;
} RankedId;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const RankedId *x = a;
  const RankedId *y = b;

  if (x->tier != y->tier)
    return x->tier < y->tier ? -1 : 1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  return (x->id > y->id) - (x->id < y->id);
}

/* Keeps the k best (lowest rank) of a stream in a max-heap: the first page
 * of 50,000 matches without sorting them all.
 */
static void
heap_offer (GArray   *heap,
            guint     k,
            RankedId  item)
{
  RankedId *h;
  guint i;

  if (heap->len < k)
    {
      g_array_append_val (heap, item);
      h = (RankedId *)heap->data;
      for (i = heap->len - 1; i > 0 && compare_ranked (&h[(i - 1) / 2], &h[i]) < 0; i = (i - 1) / 2)
        {
          RankedId t = h[i];
          h[i] = h[(i - 1) / 2];
          h[(i - 1) / 2] = t;
        }
      return;
    }

  h = (RankedId *)heap->data;
  if (k == 0 || compare_ranked (&item, &h[0]) >= 0)
    return;
  h[0] = item;
  i = 0;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, largest = i;

      if (l < heap->len && compare_ranked (&h[l], &h[largest]) > 0)
        largest = l;
      if (r < heap->len && compare_ranked (&h[r], &h[largest]) > 0)
        largest = r;
      if (largest == i)
        break;
      {
        RankedId t = h[i];
        h[i] = h[largest];
        h[largest] = t;
      }
      i = largest;
    }
}

/* The entrant whose bib, else booking reference, is exactly code: what a
 * scanner types goes first, added to hits, and its id in *exact_id.
 */
static gboolean
add_exact (SlDb        *db,
           const char  *code,
           GPtrArray   *hits,
           gint64      *exact_id,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = sl_sqlite_prepare (db, "SELECT " SL_ENTRANT_COLUMNS " FROM " SL_ENTRANT_JOINS
                                " WHERE e.bib = ?1 OR e.booking_ref = ?1"
                                " ORDER BY e.bib = ?1 DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      SlEntrant *exact = sl_sqlite_entrant_from_row (stmt);

      *exact_id = exact->id;
      g_ptr_array_add (hits, exact);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sl_sqlite_set_error (db, error, NULL);
      return FALSE;
    }
  return TRUE;
}

/* The best k matches of the index, other than exact_id, in their order
 * (RankedId); *n_found: how many matched in all.
 */
static GArray *
find_best (SlDb                *db,
           const char * const  *words,
           gint64               exact_id,
           guint                k,
           guint               *n_found,
           GError             **error)
{
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (RankedId));
  g_autofree char *match = sl_sqlite_search_dup_match (words);
  guint n_words = g_strv_length ((GStrv)words);
  g_autofree gint32 *surname_ranges = g_new (gint32, 2 * n_words);
  NameRanks *ranks;
  sqlite3_stmt *stmt;
  int rc;

  if ((ranks = ensure_name_ranks (db, error)) == NULL)
    return NULL;
  /* [lo, hi) of each word's last names: 2 * w and 2 * w + 1. */
  for (guint w = 0; w < n_words; w++)
    find_surname_range (ranks, words[w], &surname_ranges[2 * w], &surname_ranges[2 * w + 1]);

  stmt = sl_sqlite_prepare (db, "SELECT rowid FROM entrant_fts WHERE entrant_fts MATCH ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RankedId r = { 1, G_MAXINT32, sqlite3_column_int64 (stmt, 0) };

      if (r.id == exact_id)
        continue;
      ++*n_found;
      if (k == 0)
        continue;
      /* An entrant newer than the ranks (another process) sorts last. */
      if (r.id >= 0 && (guint64)r.id < ranks->rank_by_id->len)
        r.rank = g_array_index (ranks->rank_by_id, gint32, r.id);
      if (r.rank < 0)
        r.rank = G_MAXINT32;
      for (guint w = 0; w < n_words && r.tier > 0; w++)
        if (r.rank >= surname_ranges[2 * w] && r.rank < surname_ranges[2 * w + 1])
          r.tier = 0;
      heap_offer (matches, k, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_sqlite_set_error (db, error, NULL);
      return NULL;
    }

  g_array_sort (matches, compare_ranked);
  return g_steal_pointer (&matches);
}

/* Each match's row, in their order, until hits holds limit. */
static gboolean
add_rows (SlDb       *db,
          GArray     *matches,
          guint       limit,
          GPtrArray  *hits,
          GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = sl_sqlite_prepare (db, "SELECT " SL_ENTRANT_COLUMNS " FROM " SL_ENTRANT_JOINS
                                " WHERE e.id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < matches->len && hits->len < limit; i++)
    {
      int rc;

      sqlite3_bind_int64 (stmt, 1, g_array_index (matches, RankedId, i).id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (hits, sl_sqlite_entrant_from_row (stmt));
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          sl_sqlite_set_error (db, error, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
search_locked (SlDb                *db,
               const char          *code,
               const char * const  *words,
               guint                limit,
               gboolean             count,
               GPtrArray           *hits,
               guint               *n_found,
               GError             **error)
{
  g_autoptr(GArray) matches = NULL;
  gint64 exact_id = 0;

  if (!add_exact (db, code, hits, &exact_id, error))
    return FALSE;
  *n_found = hits->len;
  /* Only a count still needs the index. */
  if (hits->len >= limit && !count)
    return TRUE;
  matches = find_best (db, words, exact_id, limit - MIN (hits->len, limit), n_found, error);
  return matches != NULL && add_rows (db, matches, limit, hits, error);
}

static GPtrArray *
sqlite_search (SlDb                *db,
               const char          *code,
               const char * const  *words,
               guint                limit,
               guint               *n_matches,
               GError             **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_entrant_free);
  guint n_found = 0;
  gboolean ok;

  sl_db_lock (db);
  ok = search_locked (db, code, words, limit, n_matches != NULL, hits, &n_found, error);
  sl_db_unlock (db);
  if (!ok)
    return NULL;
  if (n_matches != NULL)
    *n_matches = n_found;
  return g_steal_pointer (&hits);
}

void
sl_sqlite_search_install (SlDbClass *store_class)
{
  store_class->search = sqlite_search;
}
