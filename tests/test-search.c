/* test-search.c — prefix, case- and accent-insensitive search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-test-util.h"

typedef struct
{
  char *dir;
  SlDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *people[][5] = {
    { "1234", "LM26-AAAA01", "José", "Fernández", "Club Atletismo Madrid" },
    { "12345", "LM26-AAAA02", "Ann", "Baker", "Herne Hill Harriers" },
    { "2001", "LM26-AAAA03", "Siobhán", "O'Brien", "Clonliffe Harriers" },
    { "2002", "LM26-AAAA04", "Zoë", "Müller-Lüdenscheidt", NULL },
    { "2003", "LM26-AAAA05", "Jean-Luc", "Dubois", "AC Paris" },
    { "2004", "LM26-AAAA06", "Josephine", "Fernandes", NULL },
    { "2005", "LM26-AAAA07", "Łukasz", "Wójcik", NULL },
    { "2006", "LM26-1234", "Tom", "Lee", NULL },
    { "0077", "LM26-AAAA08", "Aoife", "Ní Bhriain", NULL },
  };

  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "search.sqlite");
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    sl_entrant_free (sl_test_add_entrant (f->db, people[i][0], people[i][1], people[i][2],
                                          people[i][3], people[i][4]));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  sl_test_tmpdir_free (f->dir);
}

/* The bibs found for text, in order, joined with spaces. */
static char *
search_bibs (Fixture    *f,
             const char *text,
             guint       limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = sl_db_search (f->db, text, limit, &error);
  GString *bibs = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  for (guint i = 0; i < hits->len; i++)
    {
      SlEntrant *e = g_ptr_array_index (hits, i);
      if (bibs->len > 0)
        g_string_append_c (bibs, ' ');
      g_string_append (bibs, e->bib);
    }
  return g_string_free (bibs, FALSE);
}

#define assert_search(f, text, expected) \
  G_STMT_START { \
    g_autofree char *got_ = search_bibs ((f), (text), 50); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

static void
test_accents_and_case (Fixture       *f,
                       gconstpointer  data)
{
  assert_search (f, "fernandez", "1234");
  assert_search (f, "FERNÁNDEZ", "1234");
  /* "jose" is also the start of "Josephine". */
  assert_search (f, "jose", "2004 1234");
  assert_search (f, "jose fernandez", "1234");
  assert_search (f, "zoe muller", "2002");
  assert_search (f, "lukasz", "2005");
  assert_search (f, "wojcik", "2005");
}

static void
test_apostrophes_and_hyphens (Fixture       *f,
                              gconstpointer  data)
{
  assert_search (f, "o'brien", "2001");
  assert_search (f, "obrien", "2001");
  assert_search (f, "O’Brien", "2001");
  assert_search (f, "brien", "2001");
  assert_search (f, "jean-luc", "2003");
  assert_search (f, "jeanluc", "2003");
  assert_search (f, "luc", "2003");
  assert_search (f, "ludenscheidt", "2002");
}

static void
test_prefix_and_words (Fixture       *f,
                       gconstpointer  data)
{
  /* Name order: Fernandes (Josephine) before Fernández (José). */
  assert_search (f, "fern", "2004 1234");
  assert_search (f, "jos fern", "2004 1234");
  assert_search (f, "jose fernandez", "1234");
  assert_search (f, "harriers", "12345 2001");
  assert_search (f, "ni bhr", "0077");
  assert_search (f, "nobody", "");
  assert_search (f, "   ", "");
  assert_search (f, "'-", "");
}

/* Every typed word must start a word of the entrant's names, bib,
 * reference or club, wherever it is and in whatever order the words
 * come: the longest word first or last, before or after the others in
 * the entrant's key, two words on the same word of the key, and a word
 * of several parts as a phrase there.
 */
static void
test_words_in_any_order (Fixture       *f,
                         gconstpointer  data)
{
  assert_search (f, "zoe ludenscheidt", "2002");
  assert_search (f, "ludenscheidt zoe", "2002");
  assert_search (f, "ludenscheidt muller zoe", "2002");
  assert_search (f, "ludenscheidt zoe-m", "2002");
  assert_search (f, "ludenscheidt zoe-l", "");
  assert_search (f, "ludenscheidt ann", "");
  assert_search (f, "harriers ann", "12345");
  assert_search (f, "herne harriers ann", "12345");
  assert_search (f, "ann harriers clonliffe", "");
  assert_search (f, "aaaa04 zoe", "2002");
  assert_search (f, "zoe 2002", "2002");
  /* Both words start the same word of the key. */
  assert_search (f, "fernan fern", "2004 1234");
  assert_search (f, "fernandez fern", "1234");
  assert_search (f, "fern fernandez", "1234");
  /* A word that starts no word of the key, but is inside one. */
  assert_search (f, "fernandez ernan", "");
  assert_search (f, "jean-luc paris", "2003");
  assert_search (f, "paris luc", "2003");
  assert_search (f, "paris jean-l", "2003");
  assert_search (f, "paris luc-j", "");
  /* Words whose last letter is not ASCII: the range of a prefix ends at
   * that letter's successor.
   */
  sl_entrant_free (sl_test_add_entrant (f->db, "3101", NULL, "Дмитрий", "Иванов", NULL));
  sl_entrant_free (sl_test_add_entrant (f->db, "3102", NULL, "Дарья", "Ивабова", NULL));
  sl_entrant_free (sl_test_add_entrant (f->db, "3103", NULL, "美咲", "山田", NULL));
  sl_entrant_free (sl_test_add_entrant (f->db, "3104", NULL, "Степан", "Попов", NULL));
  assert_search (f, "Ива", "3102 3101");
  assert_search (f, "иван", "3101");
  assert_search (f, "иванов д", "3101");
  assert_search (f, "д иваб", "3102");
  assert_search (f, "山", "3103");
  assert_search (f, "美咲 山田", "3103");
  /* "п" is the bytes D0 BF: its successor is "р", D1 80. */
  assert_search (f, "поп", "3104");
  assert_search (f, "попов степ", "3104");
}

/* "o'b" at a desk means O'Brien: last names that start with a typed word
 * come before first names and clubs that do, each part in name order.
 */
static void
test_last_names_first (Fixture       *f,
                       gconstpointer  data)
{
  sl_entrant_free (sl_test_add_entrant (f->db, "3001", NULL, "Obinna", "Adeyemi", NULL));
  sl_entrant_free (sl_test_add_entrant (f->db, "3002", NULL, "Ann", "Oberg", NULL));
  sl_entrant_free (sl_test_add_entrant (f->db, "3003", NULL, "Bob", "Smith", "Oban Runners"));

  assert_search (f, "o'b", "3002 2001 3001 3003");
  assert_search (f, "ob", "3002 2001 3001 3003");
  /* Either word may be the last name. */
  assert_search (f, "ann ob", "3002");
  assert_search (f, "siobhan o", "2001");
  {
    g_autofree char *first = search_bibs (f, "o'b", 1);
    g_assert_cmpstr (first, ==, "3002");
  }
  /* A first name is still found, after the last names. */
  assert_search (f, "jos", "2004 1234");
}

static void
test_exact_code_first (Fixture       *f,
                       gconstpointer  data)
{
  /* 1234 is a bib, a prefix of bib 12345 and part of a reference. */
  assert_search (f, "1234", "1234 12345 2006");
  assert_search (f, "12345", "12345");
  /* A typed word with parts is one phrase: only the reference matches. */
  assert_search (f, "lm26-1234", "2006");
  assert_search (f, "LM26-AAAA03", "2001");
  assert_search (f, "0077", "0077");
}

static void
test_limit (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *two = search_bibs (f, "lm26", 2);
  g_autofree char *all = search_bibs (f, "lm26", 0);

  g_assert_cmpstr (two, ==, "12345 2003");
  g_assert_cmpstr (all, ==, "12345 2003 2004 1234 2006 2002 0077 2001 2005");
}

/* How many match in all, past the limit too: the desk says how many more
 * there are instead of stopping silently at its first page.
 */
static void
test_counts_past_the_limit (Fixture       *f,
                            gconstpointer  data)
{
  static const struct { const char *text; guint limit, hits, matches; } cases[] = {
    { "lm26", 2, 2, 9 },
    { "lm26", 50, 9, 9 },
    /* The exact bib fills a page of one; the other two are still counted. */
    { "1234", 1, 1, 3 },
    { "harriers", 1, 1, 2 },
    { "zzz", 5, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      guint matches = G_MAXUINT;

      hits = sl_db_search_counted (f->db, cases[i].text, cases[i].limit, &matches, &error);
      g_assert_no_error (error);
      g_assert_nonnull (hits);
      g_test_message ("%s, limit %u: %u shown of %u", cases[i].text, cases[i].limit,
                      hits->len, matches);
      g_assert_cmpuint (hits->len, ==, cases[i].hits);
      g_assert_cmpuint (matches, ==, cases[i].matches);
    }
}

static void
test_follows_edits (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) e = sl_db_dup_entrant_by_code (f->db, "2006", &error);

  g_assert_no_error (error);
  g_free (e->last_name);
  e->last_name = g_strdup ("Ødegaard");
  g_assert_true (sl_db_update_entrant (f->db, e, &error));
  g_assert_no_error (error);

  assert_search (f, "odegaard", "2006");
  assert_search (f, "tom lee", "");
}

/* Does every folded query word start some word of the folded key? */
static gboolean
oracle_matches (const char *key,
                GStrv       words)
{
  g_autofree char *spaced = g_strconcat (" ", key, NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *needle = g_strconcat (" ", words[i], NULL);
      if (*words[i] != '\0' && strstr (spaced, needle) == NULL)
        return FALSE;
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const SlEntrant *x = *(SlEntrant **)a;
  const SlEntrant *y = *(SlEntrant **)b;
  int c = g_ascii_strcasecmp (x->last_name, y->last_name);

  if (c == 0)
    c = g_ascii_strcasecmp (x->first_name, y->first_name);
  if (c == 0)
    c = (x->id > y->id) - (x->id < y->id);
  return c;
}

/* Broad queries (hundreds of matches) take another path than narrow ones;
 * both must give exactly what a brute-force scan gives, in name order
 * within each tier (last name starting with a typed word, then the rest).
 */
static void
test_broad_and_narrow_agree (void)
{
  static const char *firsts[] = { "Ada", "Adam", "Ana", "Anna", "Bea", "Ben", "Wanda", "Walt" };
  static const char *lasts[] = { "Walker", "Wallace", "Waters", "Abbott", "Adams", "Baker" };
  static const char *queries[] = { "a", "w", "wa", "wal", "ana", "ana w", "b", "walker ada",
                                   "ad", "z", "ann wat" };
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "broad.sqlite");
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_entrant_free);

  for (guint i = 0; i < 1200; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%u", 5000 + i);
      g_autofree char *ref = g_strdup_printf ("RX-%04u", i);
      g_ptr_array_add (all, sl_test_add_entrant (db, bib, ref,
                                                 firsts[g_test_rand_int_range (0, 8)],
                                                 lasts[g_test_rand_int_range (0, 6)], NULL));
    }
  g_ptr_array_sort (all, compare_names);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autofree char *folded = sl_fold (queries[q]);
      g_auto(GStrv) words = g_strsplit (folded, " ", -1);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = sl_db_search (db, queries[q], 40, &error);
      g_autoptr(GPtrArray) expected = g_ptr_array_new ();

      g_assert_no_error (error);
      /* Last names starting with a typed word first, then the rest. */
      for (guint tier = 0; tier < 2; tier++)
        for (guint i = 0; i < all->len && expected->len < 40; i++)
          {
            SlEntrant *e = all->pdata[i];
            g_autofree char *key = g_strdup_printf ("%s %s", e->first_name, e->last_name);
            g_autofree char *fkey = sl_fold (key);
            g_autofree char *flast = sl_fold (e->last_name);
            g_autofree char *with_codes = g_strdup_printf ("%s %s rx %s", fkey, e->bib,
                                                           e->booking_ref + 3);
            guint e_tier = 1;

            for (guint w = 0; words[w] != NULL; w++)
              if (*words[w] != '\0' && g_str_has_prefix (flast, words[w]))
                e_tier = 0;
            if (e_tier == tier && oracle_matches (with_codes, words))
              g_ptr_array_add (expected, e);
          }

      g_assert_cmpuint (hits->len, ==, expected->len);
      for (guint i = 0; i < hits->len; i++)
        g_assert_cmpint (((SlEntrant *)hits->pdata[i])->id, ==,
                         ((SlEntrant *)expected->pdata[i])->id);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/search/accents-and-case", test_accents_and_case);
  ADD ("/search/apostrophes-and-hyphens", test_apostrophes_and_hyphens);
  ADD ("/search/prefix-and-words", test_prefix_and_words);
  ADD ("/search/words-in-any-order", test_words_in_any_order);
  ADD ("/search/exact-code-first", test_exact_code_first);
  ADD ("/search/last-names-first", test_last_names_first);
  ADD ("/search/limit", test_limit);
  ADD ("/search/counts-past-the-limit", test_counts_past_the_limit);
  ADD ("/search/follows-edits", test_follows_edits);
#undef ADD
  g_test_add_func ("/search/broad-and-narrow-agree", test_broad_and_narrow_agree);

  return g_test_run ();
}
