/* test-search.c — prefix, case- and accent-insensitive search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
  ADD ("/search/exact-code-first", test_exact_code_first);
  ADD ("/search/limit", test_limit);
  ADD ("/search/follows-edits", test_follows_edits);
#undef ADD

  return g_test_run ();
}
