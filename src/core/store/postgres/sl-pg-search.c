/* sl-pg-search.c — the PostgreSQL store's search and entrant lists
 *
 * The folded search key of every entrant (names, bib, reference, club:
 * sl_entrant_dup_search_key, the domain's folding, in C) is split into
 * tokens, and each token to the end of the key is a row of
 * entrant_search, under a B-tree index with text_pattern_ops. "Every typed
 * word starts a word of the key" is then, for each word, a prefix range of
 * that index (tail LIKE 'word%'), as FTS5's prefix phrases are for the
 * file store; a word of several parts ("jean-luc" → "jean luc") is a
 * phrase whose last part is the prefix, as there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-pg-private.h"

/* The tokens of text: runs of letters and digits. */
static GPtrArray *
split_tokens (const char *text)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      const char *start;

      while (*p != '\0' && !g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (*p != '\0' && g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        g_ptr_array_add (tokens, g_strndup (start, (gsize)(p - start)));
    }
  return tokens;
}

GPtrArray *
sl_pg_search_tails (const char *key)
{
  g_autoptr(GPtrArray) tokens = split_tokens (key);
  GPtrArray *tails = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < tokens->len; i++)
    {
      GString *tail = g_string_new (NULL);

      for (guint j = i; j < tokens->len; j++)
        {
          if (j > i)
            g_string_append_c (tail, ' ');
          g_string_append (tail, tokens->pdata[j]);
        }
      /* A repeated tail would only repeat a match. */
      if (g_hash_table_contains (seen, tail->str))
        {
          g_string_free (tail, TRUE);
          continue;
        }
      g_ptr_array_add (tails, g_string_free (tail, FALSE));
      g_hash_table_add (seen, tails->pdata[tails->len - 1]);
    }
  return tails;
}

char *
sl_pg_search_word (const char *word)
{
  g_autoptr(GPtrArray) tokens = split_tokens (word);

  g_ptr_array_add (tokens, NULL);
  return g_strjoinv (" ", (char **)tokens->pdata);
}

char *
sl_pg_like_prefix (const char *word)
{
  GString *pattern = g_string_new (NULL);

  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/* " AND e.id IN (…)" for each word, its pattern added to params. */
static void
append_word_filters (GString             *sql,
                     SlPgParams          *params,
                     const char * const  *words)
{
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_autofree char *word = sl_pg_search_word (words[i]);
      g_autofree char *pattern = sl_pg_like_prefix (word);

      sl_pg_param_text (params, pattern);
      g_string_append_printf (sql, " AND e.id IN (SELECT entrant_id FROM entrant_search"
                                   " WHERE tail LIKE $%d)", params->n);
    }
}

/* The first-tier test: the folded last name (the sort name up to its tab)
 * starts with one of the words. A word has no tab, so that is the sort
 * name starting with it: a range of entrant_by_name.
 */
static void
append_tier (GString             *sql,
             SlPgParams          *params,
             const char * const  *words)
{
  g_string_append (sql, "(false");
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_autofree char *pattern = sl_pg_like_prefix (words[i]);

      sl_pg_param_text (params, pattern);
      g_string_append_printf (sql, " OR e.sort_name LIKE $%d", params->n);
    }
  g_string_append (sql, ")");
}

/* The index of the longest word (the fewest matches, likely). */
static guint
longest_word (const char * const *words)
{
  gsize longest = 0;
  guint driver = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = sl_pg_search_word (words[i]);

      if (strlen (word) > longest)
        {
          longest = strlen (word);
          driver = i;
        }
    }
  return driver;
}

/* The least text above every text that starts with prefix, in byte
 * order (text_pattern_ops'; UTF-8's is the code points'): its last
 * character's successor in place of it. A tail never starts with
 * U+10FFFF (tokens are letters and digits), the end of an empty prefix.
 * So "tail ~>=~ prefix AND tail ~<~ end" is "tail LIKE 'prefix%'" as a
 * range a prepared statement's generic plan still reads from the index.
 */
static char *
prefix_end (const char *prefix)
{
  GString *end = g_string_new (prefix);
  gunichar c = 0x10FFFF;

  while (end->len > 0)
    {
      const char *last = g_utf8_find_prev_char (end->str, end->str + end->len);

      c = g_utf8_get_char (last);
      g_string_truncate (end, (gsize)(last - end->str));
      if (c < 0x10FFFF)
        {
          c = c == 0xD7FF ? 0xE000 : c + 1;   /* no surrogates in UTF-8 */
          break;
        }
      c = 0x10FFFF;
    }
  g_string_append_unichar (end, c);
  return g_string_free (end, FALSE);
}

/* The entrants (not the exact one, x) every word matches, with their
 * sort names, from the index alone: the longest word's range, each entry
 * in it then checked for every other word in the entrant's whole key,
 * which the entry holds (a word starts a token of the key where it
 * follows a space in " " || key: there is a tail that starts with it).
 * No subquery per entry, and no range of a short word read.
 */
static void
append_matches (GString             *sql,
                SlPgParams          *params,
                const char * const  *words)
{
  guint driver = longest_word (words);
  g_autofree char *word = sl_pg_search_word (words[driver]);
  g_autofree char *end = prefix_end (word);

  sl_pg_param_text (params, word);
  sl_pg_param_text (params, end);
  g_string_append_printf (sql, "SELECT d.entrant_id, min(d.sort_name) AS sort_name"
                               " FROM entrant_search d WHERE d.tail ~>=~ $%d AND d.tail ~<~ $%d"
                               " AND d.entrant_id <> coalesce ((SELECT id FROM x), 0)",
                          params->n - 1, params->n);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *other = NULL;
      g_autofree char *needle = NULL;

      if (i == driver)
        continue;
      other = sl_pg_search_word (words[i]);
      needle = g_strconcat (" ", other, NULL);
      sl_pg_param_text (params, needle);
      g_string_append_printf (sql, " AND strpos (' ' || d.search_key, $%d) > 0", params->n);
    }
  g_string_append (sql, " GROUP BY d.entrant_id");
}

/* SL_PG_ENTRANT_COLUMNS with the race's and the charity's names read by
 * scalar subqueries, not joins: planning the search with the four joins
 * took 1.0 ms of the server's time, 0.4 ms so (at a load of 13 on 2
 * cores).
 */
#define SEARCH_COLUMNS \
  SL_PG_ENTRANT_OWN_COLUMNS ", (SELECT r.name FROM race r WHERE r.id = e.race_id)," \
  " w.name, w.start_area, w.start_time, (SELECT c.name FROM charity_signup cs" \
  " JOIN charity c ON c.id = cs.charity_id WHERE cs.entrant_id = e.id)"

/* One statement, one round trip: the entrant whose bib (else booking
 * reference) is the code typed (x, as dup_entrant_by_code finds it)
 * first, then the first matches (tier 1 first, then name order) up to the
 * limit, with their race, wave and charity, and how many match in all:
 * one pass over the longest word's index range, as SQLite's FTS5 query
 * is, and only the rows shown read from the entrant table. $1 the code,
 * $2 the limit.
 */
static void
build_search (GString             *sql,
              SlPgParams          *params,
              const char          *code,
              const char * const  *words,
              guint                limit)
{
  g_autoptr(GString) tier_test = g_string_new (NULL);

  sl_pg_param_text (params, code != NULL ? code : "");
  sl_pg_param_int64 (params, limit);
  g_string_append (sql, "WITH x AS (SELECT e.id FROM entrant e WHERE $1 <> ''"
                        " AND (e.bib = $1 OR lower(e.booking_ref) = lower($1))"
                        " ORDER BY e.bib = $1 DESC LIMIT 1),"
                        " m AS MATERIALIZED (");
  append_matches (sql, params, words);
  append_tier (tier_test, params, words);
  g_string_append_printf (sql, "), top AS (SELECT 0 AS rank, x.id AS entrant_id,"
                               " ''::text COLLATE \"C\" AS sort_name, true AS tier FROM x"
                               " UNION ALL (SELECT 1, e.entrant_id, e.sort_name, %s FROM m e"
                               " ORDER BY 4 DESC, 3, 2 LIMIT $2))"
                               " SELECT " SEARCH_COLUMNS ","
                               " (SELECT count(*) FROM m) + (SELECT count(*) FROM x)"
                               " FROM top JOIN entrant e ON e.id = top.entrant_id"
                               " LEFT JOIN wave w ON w.id = e.wave_id"
                               " ORDER BY top.rank, top.tier DESC, top.sort_name, top.entrant_id"
                               " LIMIT $2", tier_test->str);
}

/* The names the search is prepared under on a connection, by its number
 * of words; more words are planned each time.
 */
static const char * const prepared_names[] = {
  NULL, "sl_search_1", "sl_search_2", "sl_search_3", "sl_search_4",
};

static gboolean
search_locked (SlDb                *db,
               const char          *code,
               const char * const  *words,
               guint                limit,
               GPtrArray           *hits,
               guint               *n_found,
               GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  guint n_words = g_strv_length ((char **)words);

  build_search (sql, &params, code, words, limit);
  if (n_words < G_N_ELEMENTS (prepared_names))
    res = sl_pg_run_prepared (db, prepared_names[n_words], sql->str, &params, error);
  else
    res = sl_pg_run (db, sql->str, &params, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (hits, sl_pg_entrant_from_row (res, i));
  *n_found = PQntuples (res) > 0 ? (guint)sl_pg_int64 (res, 0, 27) : 0;
  return TRUE;
}

/* A code typed with no word to search for: the exact entrant alone. */
static gboolean
add_exact (SlDb        *db,
           const char  *code,
           GPtrArray   *hits,
           GError     **error)
{
  SlEntrant *exact;
  g_autoptr(GError) local_error = NULL;

  if (code == NULL || *code == '\0')
    return TRUE;
  exact = SL_STORE (db)->dup_entrant_by_code (db, code, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (exact != NULL)
    g_ptr_array_add (hits, exact);
  return TRUE;
}

static GPtrArray *
pg_search (SlDb                *db,
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
  if (words == NULL || words[0] == NULL)
    {
      ok = add_exact (db, code, hits, error);
      n_found = hits->len;
    }
  else
    ok = search_locked (db, code, words, limit, hits, &n_found, error);
  sl_db_unlock (db);
  if (!ok)
    return NULL;
  if (n_matches != NULL)
    *n_matches = n_found;
  return g_steal_pointer (&hits);
}

/* ---- The entrants list ------------------------------------------------- */

#define BY_NAME "e.sort_name %1$s"

/* As the file store's orders (sl-sqlite-list.c); NOCASE is lower() in
 * byte order, and SQLite's NULLs-first is said outright.
 */
static const char * const orders[SL_N_ENTRANT_SORTS] = {
  [SL_ENTRANT_SORT_BIB] = "(e.bib ~ '[^0-9]') %1$s, length(e.bib) %1$s, e.bib %1$s",
  [SL_ENTRANT_SORT_LAST_NAME] = BY_NAME,
  [SL_ENTRANT_SORT_FIRST_NAME] = "lower(e.first_name) COLLATE \"C\" %1$s,"
                                 " lower(e.last_name) COLLATE \"C\" %1$s",
  [SL_ENTRANT_SORT_RACE] = "(r.name IS NULL) %1$s, lower(r.name) COLLATE \"C\" %1$s, " BY_NAME,
  [SL_ENTRANT_SORT_WAVE] = "(w.start_time IS NULL) %1$s, w.start_time %1$s,"
                           " lower(w.name) COLLATE \"C\" %1$s, " BY_NAME,
  [SL_ENTRANT_SORT_STATUS] = NULL,   /* built by append_status_order */
  [SL_ENTRANT_SORT_CHARITY] = "(c.name IS NULL) %1$s, lower(c.name) COLLATE \"C\" %1$s, "
                              BY_NAME,
  [SL_ENTRANT_SORT_CLUB] = "(e.club IS NULL) %1$s, lower(e.club) COLLATE \"C\" %1$s, " BY_NAME,
};

/* The life cycle order of statuses (SlStatus's); anything else last. */
static void
append_status_order (GString    *sql,
                     const char *dir)
{
  g_string_append (sql, "CASE e.status");
  for (SlStatus s = SL_STATUS_REGISTERED; s < SL_STATUS_DNF; s++)
    g_string_append_printf (sql, " WHEN '%s' THEN %d", sl_status_to_id (s), (int)s);
  g_string_append_printf (sql, " ELSE %d END %s, e.sort_name %s", (int)SL_STATUS_DNF, dir, dir);
}

static GArray *
pg_list_entrant_ids (SlDb                   *db,
                     const SlEntrantFilter  *filter,
                     const char * const     *words,
                     SlEntrantSort           sort,
                     gboolean                descending,
                     GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT e.id FROM " SL_PG_ENTRANT_JOINS " WHERE true");
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  const char *dir = descending ? "DESC" : "ASC";
  GArray *ids;

  if (filter->race_id > 0)
    {
      sl_pg_param_int64 (&params, filter->race_id);
      g_string_append_printf (sql, " AND e.race_id = $%d", params.n);
    }
  if (filter->wave_id > 0)
    {
      sl_pg_param_int64 (&params, filter->wave_id);
      g_string_append_printf (sql, " AND e.wave_id = $%d", params.n);
    }
  if (filter->status >= 0)
    {
      sl_pg_param_text (&params, sl_status_to_id (filter->status));
      g_string_append_printf (sql, " AND e.status = $%d", params.n);
    }
  if (filter->charity_id == SL_ENTRANT_FILTER_NO_CHARITY)
    g_string_append (sql, " AND cs.charity_id IS NULL");
  else if (filter->charity_id > 0)
    {
      sl_pg_param_int64 (&params, filter->charity_id);
      g_string_append_printf (sql, " AND cs.charity_id = $%d", params.n);
    }
  append_word_filters (sql, &params, words);
  g_string_append (sql, " ORDER BY ");
  if (sort == SL_ENTRANT_SORT_STATUS)
    append_status_order (sql, dir);
  else
    g_string_append_printf (sql, orders[sort], dir);
  g_string_append_printf (sql, ", e.id %s", dir);

  sl_db_lock (db);
  res = sl_pg_run (db, sql->str, params.n > 0 ? &params : NULL, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint)PQntuples (res));
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 id = sl_pg_int64 (res, i, 0);

      g_array_append_val (ids, id);
    }
  return ids;
}

static GPtrArray *
pg_fetch_entrant_rows (SlDb          *db,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (n_ids, (GDestroyNotify)sl_entrant_row_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GString) array = g_string_new ("{");
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  g_autofree gint64 *row_ids = NULL;

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (array, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (array, '}');
  sl_pg_param_text (&params, array->str);
  /* One statement for a screenful. */
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT e.id, e.bib, e.first_name, e.last_name, r.name, w.name,"
                       " e.status, c.name, e.club FROM " SL_PG_ENTRANT_JOINS
                       " WHERE e.id = ANY ($1::bigint[])", &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  row_ids = g_new (gint64, MAX (PQntuples (res), 1));
  for (int i = 0; i < PQntuples (res); i++)
    {
      row_ids[i] = sl_pg_int64 (res, i, 0);
      g_hash_table_insert (by_id, &row_ids[i], GINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < n_ids; i++)
    {
      int at = GPOINTER_TO_INT (g_hash_table_lookup (by_id, &ids[i])) - 1;
      SlEntrantRow *row = NULL;

      /* NULL for an id no longer there. */
      if (at >= 0)
        {
          row = g_new0 (SlEntrantRow, 1);
          row->id = ids[i];
          row->bib = sl_pg_dup (res, at, 1);
          row->first_name = sl_pg_dup (res, at, 2);
          row->last_name = sl_pg_dup (res, at, 3);
          row->race_name = sl_pg_dup (res, at, 4);
          row->wave_name = sl_pg_dup (res, at, 5);
          if (!sl_status_from_id (PQgetvalue (res, at, 6), &row->status))
            row->status = SL_STATUS_REGISTERED;
          row->charity_name = sl_pg_dup (res, at, 7);
          row->club = sl_pg_dup (res, at, 8);
        }
      g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}

void
sl_pg_search_install (SlDbClass *store_class)
{
  store_class->search = pg_search;
  store_class->list_entrant_ids = pg_list_entrant_ids;
  store_class->fetch_entrant_rows = pg_fetch_entrant_rows;
}
