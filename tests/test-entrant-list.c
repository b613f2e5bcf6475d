/* test-entrant-list.c — filtering, sorting and paging entrants in SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sl-core.h"
#include "sl-entrant-list.h"
#include "sl-test-util.h"

typedef struct
{
  char   *dir;
  SlDb   *db;
  gint64  race_mass;
  gint64  race_elite;
  gint64  wave_red;
  gint64  wave_blue;
  gint64  charity_a;
  gint64  charity_b;
} Fixture;

typedef struct
{
  const char *bib;
  const char *first;
  const char *last;
  const char *club;
  gboolean    elite;
  gboolean    blue;
  SlStatus    status;
  int         charity;  /* 0 none, 1 a, 2 b */
} Person;

static const Person people[] = {
  { "10", "José", "Fernández", "Herne Hill Harriers", FALSE, FALSE, SL_STATUS_REGISTERED, 1 },
  { "2", "Aoife", "O'Brien", NULL, FALSE, TRUE, SL_STATUS_CHECKED_IN, 0 },
  { "1", "Ben", "Adams", "Serpentine", TRUE, FALSE, SL_STATUS_WITHDRAWN, 0 },
  { "A7", "Chloé", "Zhang", NULL, FALSE, TRUE, SL_STATUS_REGISTERED, 2 },
  { "300", "David", "adams", "Serpentine", FALSE, FALSE, SL_STATUS_CHECKED_IN, 1 },
  { "21", "Eve", "Martin", NULL, TRUE, FALSE, SL_STATUS_DEFERRED, 2 },
  { "5", "Fernando", "Silva", "Ferndown AC", FALSE, TRUE, SL_STATUS_REGISTERED, 0 },
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SlRace mass = { 0, (char *)"MASS", (char *)"Mass", (char *)"mass" };
  SlRace elite = { 0, (char *)"EM", (char *)"Elite men", (char *)"elite-men" };
  SlWave red, blue;
  SlCharity a = { 0 }, b = { 0 };

  f->dir = g_dir_make_tmp ("test-entrant-list-XXXXXX", &error);
  g_assert_no_error (error);
  path = sl_test_event_location_new (f->dir, "event.db");
  f->db = sl_db_create (path, "Test Marathon", "2025-04-27", &error);
  g_assert_no_error (error);

  g_assert_true (sl_db_add_race (f->db, &mass, &error));
  g_assert_true (sl_db_add_race (f->db, &elite, &error));
  f->race_mass = mass.id;
  f->race_elite = elite.id;
  red = (SlWave) { 0, mass.id, (char *)"Red 2", (char *)"Red", (char *)"2025-04-27T09:40:00Z" };
  blue = (SlWave) { 0, mass.id, (char *)"Blue 1", (char *)"Blue", (char *)"2025-04-27T09:30:00Z" };
  g_assert_true (sl_db_add_wave (f->db, &red, &error));
  g_assert_true (sl_db_add_wave (f->db, &blue, &error));
  f->wave_red = red.id;
  f->wave_blue = blue.id;
  a.name = (char *)"Air Ambulance";
  b.name = (char *)"Bowel Cancer UK";
  g_assert_true (sl_db_add_charity (f->db, &a, &error));
  g_assert_true (sl_db_add_charity (f->db, &b, &error));
  f->charity_a = a.id;
  f->charity_b = b.id;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(SlEntrant) e = sl_entrant_new ();
      const Person *p = &people[i];

      e->bib = g_strdup (p->bib);
      e->first_name = g_strdup (p->first);
      e->last_name = g_strdup (p->last);
      e->club = g_strdup (p->club);
      e->race_id = p->elite ? f->race_elite : f->race_mass;
      e->wave_id = p->elite ? 0 : (p->blue ? f->wave_blue : f->wave_red);
      g_assert_true (sl_db_insert_entrant (f->db, e, &error));
      g_assert_no_error (error);
      if (p->status != SL_STATUS_REGISTERED)
        g_assert_true (sl_db_set_entrant_status (f->db, e->id, p->status, &error));
      if (p->charity != 0)
        g_assert_true (sl_db_set_charity_signup (f->db, e->id,
                                                 p->charity == 1 ? f->charity_a : f->charity_b,
                                                 200000, 0, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "event.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&f->db);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* The bibs of the listed entrants, in list order, joined by spaces. */
static char *
list_bibs (Fixture               *f,
           const SlEntrantFilter *filter,
           SlEntrantSort          sort,
           gboolean               descending)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  ids = sl_db_list_entrant_ids (f->db, filter, sort, descending, &error);
  g_assert_no_error (error);
  rows = sl_db_fetch_entrant_rows (f->db, (gint64 *)(gpointer)ids->data, ids->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, ids->len);
  for (guint i = 0; i < rows->len; i++)
    {
      SlEntrantRow *row = g_ptr_array_index (rows, i);

      g_assert_nonnull (row);
      g_assert_cmpint (row->id, ==, g_array_index (ids, gint64, i));
      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", row->bib);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_all_by_bib (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *asc = list_bibs (f, NULL, SL_ENTRANT_SORT_BIB, FALSE);
  g_autofree char *desc = list_bibs (f, NULL, SL_ENTRANT_SORT_BIB, TRUE);

  /* Numeric bibs in numeric order, then the others. */
  g_assert_cmpstr (asc, ==, "1 2 5 10 21 300 A7");
  g_assert_cmpstr (desc, ==, "A7 300 21 10 5 2 1");
}

static void
test_sort_by_name (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *last = list_bibs (f, NULL, SL_ENTRANT_SORT_LAST_NAME, FALSE);
  g_autofree char *last_desc = list_bibs (f, NULL, SL_ENTRANT_SORT_LAST_NAME, TRUE);
  g_autofree char *first = list_bibs (f, NULL, SL_ENTRANT_SORT_FIRST_NAME, FALSE);

  /* Case does not split the Adamses; first name breaks the tie. */
  g_assert_cmpstr (last, ==, "1 300 10 21 2 5 A7");
  g_assert_cmpstr (last_desc, ==, "A7 5 2 21 10 300 1");
  g_assert_cmpstr (first, ==, "2 1 A7 300 21 5 10");
}

static void
test_sort_by_other_columns (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *status = list_bibs (f, NULL, SL_ENTRANT_SORT_STATUS, FALSE);
  g_autofree char *charity = list_bibs (f, NULL, SL_ENTRANT_SORT_CHARITY, FALSE);
  g_autofree char *club = list_bibs (f, NULL, SL_ENTRANT_SORT_CLUB, FALSE);
  g_autofree char *wave = list_bibs (f, NULL, SL_ENTRANT_SORT_WAVE, FALSE);
  g_autofree char *race = list_bibs (f, NULL, SL_ENTRANT_SORT_RACE, FALSE);

  /* Registered, checked in, withdrawn, deferred: the life cycle order. */
  g_assert_cmpstr (status, ==, "10 5 A7 300 2 1 21");
  /* Air Ambulance, Bowel Cancer UK, then those with no charity. */
  g_assert_cmpstr (charity, ==, "300 10 21 A7 1 2 5");
  g_assert_cmpstr (club, ==, "5 10 1 300 21 2 A7");
  /* Blue 1 starts before Red 2; no wave last. */
  g_assert_cmpstr (wave, ==, "2 5 A7 300 10 1 21");
  g_assert_cmpstr (race, ==, "1 21 300 10 2 5 A7");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  SlEntrantFilter filter;
  g_autofree char *by_race = NULL;
  g_autofree char *by_wave = NULL;
  g_autofree char *by_status = NULL;
  g_autofree char *by_charity = NULL;
  g_autofree char *no_charity = NULL;
  g_autofree char *combined = NULL;

  sl_entrant_filter_init (&filter);
  filter.race_id = f->race_elite;
  by_race = list_bibs (f, &filter, SL_ENTRANT_SORT_BIB, FALSE);
  g_assert_cmpstr (by_race, ==, "1 21");

  sl_entrant_filter_init (&filter);
  filter.wave_id = f->wave_blue;
  by_wave = list_bibs (f, &filter, SL_ENTRANT_SORT_BIB, FALSE);
  g_assert_cmpstr (by_wave, ==, "2 5 A7");

  sl_entrant_filter_init (&filter);
  filter.status = SL_STATUS_CHECKED_IN;
  by_status = list_bibs (f, &filter, SL_ENTRANT_SORT_BIB, FALSE);
  g_assert_cmpstr (by_status, ==, "2 300");

  sl_entrant_filter_init (&filter);
  filter.charity_id = f->charity_b;
  by_charity = list_bibs (f, &filter, SL_ENTRANT_SORT_BIB, FALSE);
  g_assert_cmpstr (by_charity, ==, "21 A7");

  sl_entrant_filter_init (&filter);
  filter.charity_id = SL_ENTRANT_FILTER_NO_CHARITY;
  no_charity = list_bibs (f, &filter, SL_ENTRANT_SORT_BIB, FALSE);
  g_assert_cmpstr (no_charity, ==, "1 2 5");

  sl_entrant_filter_init (&filter);
  filter.race_id = f->race_mass;
  filter.status = SL_STATUS_REGISTERED;
  filter.charity_id = f->charity_a;
  combined = list_bibs (f, &filter, SL_ENTRANT_SORT_BIB, FALSE);
  g_assert_cmpstr (combined, ==, "10");
}

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  static const struct { const char *text; const char *bibs; } cases[] = {
    { "fern", "5 10" },              /* Fernández, Fernando, Ferndown AC */
    { "FERNANDEZ", "10" },           /* accents and case folded */
    { "obrien", "2" },
    { "o'brien", "2" },
    { "adams serp", "1 300" },       /* every word must match */
    { "300", "300" },
    { "nobody", "" },
    { "   ", "1 2 5 10 21 300 A7" }, /* nothing typed: no text filter */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SlEntrantFilter filter;
      g_autofree char *bibs = NULL;

      sl_entrant_filter_init (&filter);
      filter.text = cases[i].text;
      bibs = list_bibs (f, &filter, SL_ENTRANT_SORT_BIB, FALSE);
      g_assert_cmpstr (bibs, ==, cases[i].bibs);
    }
}

static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 page[3];
  SlEntrantRow *row;

  ids = sl_db_list_entrant_ids (f->db, NULL, SL_ENTRANT_SORT_BIB, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, G_N_ELEMENTS (people));

  /* A page from the middle, plus an id that does not exist. */
  page[0] = g_array_index (ids, gint64, 3);
  page[1] = 999999;
  page[2] = g_array_index (ids, gint64, 4);
  rows = sl_db_fetch_entrant_rows (f->db, page, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_null (g_ptr_array_index (rows, 1));

  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->bib, ==, "10");
  g_assert_cmpstr (row->first_name, ==, "José");
  g_assert_cmpstr (row->last_name, ==, "Fernández");
  g_assert_cmpstr (row->race_name, ==, "Mass");
  g_assert_cmpstr (row->wave_name, ==, "Red 2");
  g_assert_cmpint (row->status, ==, SL_STATUS_REGISTERED);
  g_assert_cmpstr (row->charity_name, ==, "Air Ambulance");
  g_assert_cmpstr (row->club, ==, "Herne Hill Harriers");

  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (row->bib, ==, "21");
  g_assert_cmpint (row->status, ==, SL_STATUS_DEFERRED);
  g_assert_null (row->wave_name);
  g_assert_null (row->club);
}

/* Changes show in the next listing: no stale cache between calls. */
static void
test_changes_seen (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) e = sl_db_dup_entrant_by_code (f->db, "A7", &error);
  SlEntrantFilter filter;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  sl_entrant_filter_init (&filter);
  filter.status = SL_STATUS_WITHDRAWN;
  before = list_bibs (f, &filter, SL_ENTRANT_SORT_BIB, FALSE);
  g_assert_true (sl_db_set_entrant_status (f->db, e->id, SL_STATUS_WITHDRAWN, &error));
  g_assert_no_error (error);
  after = list_bibs (f, &filter, SL_ENTRANT_SORT_BIB, FALSE);
  g_assert_cmpstr (before, ==, "1");
  g_assert_cmpstr (after, ==, "1 A7");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/entrant-list/all-by-bib", test_all_by_bib);
  ADD ("/entrant-list/sort-by-name", test_sort_by_name);
  ADD ("/entrant-list/sort-by-other-columns", test_sort_by_other_columns);
  ADD ("/entrant-list/filters", test_filters);
  ADD ("/entrant-list/text", test_text);
  ADD ("/entrant-list/rows", test_rows);
  ADD ("/entrant-list/changes-seen", test_changes_seen);
#undef ADD

  return g_test_run ();
}
