/* test-demo.c — the demo event generator and its CSV twin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/stat.h>

#include <csv.h>
#include <glib/gstdio.h>

#include "sl-core.h"
#include "sl-demo.h"
#include "sl-entrant-list.h"
#include "sl-test-util.h"

#define N_DEMO 3000
#define N_FULL 50000
#define SEED 2026

static char *tmp_dir;
static SlDb *shared_db;     /* N_DEMO entrants, SEED */
static char *demo_passphrase;   /* of its officer, "Demo Officer" */
static SlDb *full_db;       /* N_FULL entrants, SEED: the size of the real event */

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* Where the store under test keeps an event named name: a file in
 * tmp_dir, or a new database on the test server.
 */
static char *
event_location (const char *name)
{
  return sl_test_event_location_new (tmp_dir, name);
}

static SlDb *
create_event (const char *name)
{
  g_autofree char *path = event_location (name);
  g_autoptr(GError) error = NULL;
  SlDb *db;

  db = sl_db_create (path, "Demo test", "2026-04-26", &error);
  g_assert_no_error (error);
  return db;
}

static SlDb *
create_demo (const char *name,
             guint       n,
             guint64     seed)
{
  g_autoptr(GError) error = NULL;
  SlDb *db = create_event (name);

  g_assert_true (sl_db_generate_demo (db, n, seed, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return db;
}

static SlEntrant *
dup_entrant (SlDb   *db,
             gint64  id)
{
  g_autoptr(GError) error = NULL;
  SlEntrant *e = sl_db_dup_entrant (db, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (e);
  return e;
}

/* Everything stored about an entrant, for comparing two events. */
static char *
dup_entrant_fingerprint (SlDb   *db,
                         gint64  id)
{
  g_autoptr(SlEntrant) e = dup_entrant (db, id);
  g_autofree char *json = sl_entrant_to_json (e);

  return g_strdup_printf ("%s|%s|%s|%s", json, e->race_name, e->wave_name,
                          e->charity_name != NULL ? e->charity_name : "");
}

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar)*s >= 0x80)
      return FALSE;
  return TRUE;
}

static void
test_counts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) races = NULL;
  g_autoptr(GPtrArray) waves = NULL;
  g_autoptr(GPtrArray) charities = NULL;
  SlStats stats;
  const char *codes[] = { "EM", "EW", "WCM", "WCW", "MASS" };

  g_assert_cmpint (sl_db_count_entrants (shared_db), ==, N_DEMO);
  g_assert_true (sl_db_get_stats (shared_db, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.charities, >=, 35);
  /* About 35% fundraise; allow for the luck of a 3,000-entrant draw. */
  g_assert_cmpint (stats.charity_runners, >, N_DEMO * 30 / 100);
  g_assert_cmpint (stats.charity_runners, <, N_DEMO * 40 / 100);
  g_assert_cmpint (stats.checked_in, ==, 0);

  races = sl_db_list_races (shared_db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (races->len, ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      gboolean found = FALSE;
      for (guint j = 0; j < races->len; j++)
        found |= g_str_equal (((SlRace *)g_ptr_array_index (races, j))->code, codes[i]);
      g_assert_true (found);
    }

  charities = sl_db_list_charities (shared_db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < charities->len; i++)
    {
      SlCharity *c = g_ptr_array_index (charities, i);
      g_assert_nonnull (c->registered_number);
      g_assert_true (g_str_has_suffix (c->contact_email, ".example.org"));
      g_assert_nonnull (c->contact_name);
      g_assert_cmpint (c->places_allocated, >, 0);
      g_assert_cmpint (c->minimum_pledge_pence, >=, 150000);
      g_assert_cmpint (c->minimum_pledge_pence, <=, 250000);
    }
  {
    g_autoptr(GPtrArray) summaries = NULL;
    guint bonds[SL_N_CHARITY_BONDS] = { 0 }, over = 0;

    /* The charities page's figures, as the demo's officer reads them. */
    g_assert_true (sl_db_sign_in (shared_db, "Demo Officer", demo_passphrase, &error));
    summaries = sl_db_list_charity_summaries (shared_db, &error);
    sl_db_sign_out (shared_db);
    g_assert_no_error (error);
    for (guint i = 0; i < summaries->len; i++)
      {
        SlCharitySummary *s = summaries->pdata[i];

        bonds[s->charity.bond]++;
        over += sl_charity_summary_is_over (s);
      }
    /* Every kind of bond, and a charity over its allocation. */
    g_assert_cmpuint (bonds[SL_CHARITY_BOND_GOLDEN], >, 0);
    g_assert_cmpuint (bonds[SL_CHARITY_BOND_SILVER], >, 0);
    g_assert_cmpuint (bonds[SL_CHARITY_BOND_NONE], >, 0);
    g_assert_cmpuint (over, >=, 1);
  }

  waves = sl_db_list_waves (shared_db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waves->len, >, 10);
}

static const char *
race_code_of (GPtrArray *races,
              gint64     race_id)
{
  for (guint i = 0; i < races->len; i++)
    {
      SlRace *r = g_ptr_array_index (races, i);
      if (r->id == race_id)
        return r->code;
    }
  return NULL;
}

static void
test_waves (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) races = sl_db_list_races (shared_db, &error);
  g_autoptr(GPtrArray) waves = sl_db_list_waves (shared_db, 0, &error);
  g_autoptr(GHashTable) mass_per_area = g_hash_table_new (g_str_hash, g_str_equal);
  const char *ew_start = NULL, *em_start = NULL, *first_mass = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < waves->len; i++)
    {
      SlWave *w = g_ptr_array_index (waves, i);
      const char *code = race_code_of (races, w->race_id);
      g_autoptr(GDateTime) start = NULL;

      g_assert_nonnull (w->start_area);
      g_assert_nonnull (w->start_time);
      g_assert_true (g_str_has_suffix (w->start_time, "Z"));
      start = g_date_time_new_from_iso8601 (w->start_time, NULL);
      g_assert_nonnull (start);
      /* 2026-04-26 is in British Summer Time: 08:30 local is 07:30 UTC. */
      g_assert_true (g_str_has_prefix (w->start_time, "2026-04-26T0"));

      if (g_strcmp0 (code, "EW") == 0)
        ew_start = w->start_time;
      else if (g_strcmp0 (code, "EM") == 0)
        em_start = w->start_time;
      else if (g_strcmp0 (code, "MASS") == 0)
        {
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (mass_per_area, w->start_area));
          g_hash_table_insert (mass_per_area, w->start_area, GUINT_TO_POINTER (n + 1));
          if (first_mass == NULL || strcmp (w->start_time, first_mass) < 0)
            first_mass = w->start_time;
        }
    }

  g_assert_nonnull (ew_start);
  g_assert_nonnull (em_start);
  g_assert_nonnull (first_mass);
  g_assert_cmpstr (ew_start, <, em_start);
  g_assert_cmpstr (ew_start, <, first_mass);
  g_assert_cmpstr (ew_start, ==, "2026-04-26T07:30:00.000Z");
  g_assert_cmpuint (g_hash_table_size (mass_per_area), ==, 3);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (mass_per_area, "Blue")), >, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (mass_per_area, "Green")), >, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (mass_per_area, "Red")), >, 1);
}

static void
test_people (void)
{
  g_autoptr(GHashTable) bibs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) nationalities = g_hash_table_new (g_str_hash, g_str_equal);
  guint non_ascii = 0, apostrophes = 0, hyphens = 0, non_binary = 0, clubs = 0, vips = 0;
  guint costumes = 0, elite = 0, reserved = 0, support = 0, ballot = 0;
  guint entry_counts[SL_N_ENTRY_TYPES] = { 0 };
  GDate event_date;

  g_date_clear (&event_date, 1);
  g_date_set_dmy (&event_date, 26, 4, 2026);

  for (gint64 id = 1; id <= N_DEMO; id++)
    {
      g_autoptr(SlEntrant) e = dup_entrant (shared_db, id);
      GDate dob;
      guint y, m, d;
      int age;

      g_assert_true (g_hash_table_add (bibs, g_strdup (e->bib)));
      g_assert_true (g_hash_table_add (refs, g_ascii_strup (e->booking_ref, -1)));
      g_assert_true (g_regex_match_simple ("^LM26-[2-9A-HJ-NP-Z]{6}$", e->booking_ref, 0, 0));
      g_assert_true (sl_entrant_validate (e, NULL));

      if (!is_ascii (e->first_name) || !is_ascii (e->last_name))
        non_ascii++;
      if (strchr (e->last_name, '\'') != NULL)
        apostrophes++;
      if (strchr (e->last_name, '-') != NULL)
        hyphens++;
      non_binary += e->gender == SL_GENDER_NON_BINARY;
      g_assert_cmpint (e->gender, !=, SL_GENDER_UNKNOWN);
      clubs += e->club != NULL;
      vips += e->vip;
      costumes += e->costume != NULL;
      entry_counts[e->entry_type]++;

      g_assert_true (g_regex_match_simple ("^[A-Z]{3}$", e->nationality, 0, 0));
      g_hash_table_add (nationalities, (gpointer)g_intern_string (e->nationality));
      g_assert_true (g_str_has_suffix (e->email, "example.org"));
      g_assert_true (g_regex_match_simple ("^07700 900[0-9]{3}$", e->phone, 0, 0));
      g_assert_nonnull (e->emergency_contact);
      g_assert_cmpint (e->race_id, >, 0);
      g_assert_cmpint (e->wave_id, >, 0);

      /* Ages 18 to 85 on race day. */
      g_assert_true (sl_date_is_valid_iso (e->date_of_birth));
      g_assert_cmpint (sscanf (e->date_of_birth, "%u-%u-%u", &y, &m, &d), ==, 3);
      g_date_clear (&dob, 1);
      g_date_set_dmy (&dob, d, m, y);
      age = 2026 - (int)y;
      if (g_date_get_month (&dob) > 4 || (g_date_get_month (&dob) == 4 && d > 26))
        age--;
      g_assert_cmpint (age, >=, 18);
      g_assert_cmpint (age, <=, 85);

      if (e->entry_type == SL_ENTRY_ELITE)
        g_assert_cmpint (atoi (e->bib), <, 1000);
      else
        g_assert_cmpuint (strlen (e->bib), ==, 5);
    }

  elite = entry_counts[SL_ENTRY_ELITE];
  reserved = entry_counts[SL_ENTRY_RESERVED_DISABILITY];
  support = entry_counts[SL_ENTRY_SUPPORT_RUNNER];
  ballot = entry_counts[SL_ENTRY_BALLOT];

  g_assert_cmpuint (non_ascii, >, N_DEMO / 20);
  g_assert_cmpuint (apostrophes, >, 0);
  g_assert_cmpuint (hyphens, >, 0);
  g_assert_cmpuint (non_binary, >, 0);
  g_assert_cmpuint (non_binary, <, N_DEMO / 20);
  g_assert_cmpuint (clubs, >, N_DEMO / 5);
  g_assert_cmpuint (vips, >, 0);
  g_assert_cmpuint (costumes, >, 0);
  g_assert_cmpuint (g_hash_table_size (nationalities), >, 10);
  /* Ballot places are the largest group, elite places a handful. */
  for (guint t = 0; t < SL_N_ENTRY_TYPES; t++)
    if (t != SL_ENTRY_BALLOT)
      g_assert_cmpuint (ballot, >, entry_counts[t]);
  g_assert_cmpuint (elite, >, 0);
  g_assert_cmpuint (elite, <, N_DEMO / 100);
  g_assert_cmpuint (reserved, >, 0);
  g_assert_cmpuint (support, >, 0);
  g_assert_cmpuint (entry_counts[SL_ENTRY_GOOD_FOR_AGE], >, 0);
  g_assert_cmpuint (entry_counts[SL_ENTRY_CHAMPIONSHIP], >, 0);
  g_assert_cmpuint (entry_counts[SL_ENTRY_CHARITY], >, 0);
}

/* Whether surname is one of the parts of last_name: a Spanish runner may
 * give both surnames ("Fernández Castillo"), a British one a double-barrelled
 * name ("Smith-Jones").
 */
static gboolean
has_surname (const char *last_name,
             const char *surname)
{
  gsize len = strlen (surname);

  for (const char *p = strstr (last_name, surname); p != NULL; p = strstr (p + 1, surname))
    if ((p == last_name || p[-1] == ' ' || p[-1] == '-')
        && (p[len] == '\0' || p[len] == ' ' || p[len] == '-'))
      return TRUE;
  return FALSE;
}

static gboolean
search_finds (SlDb       *db,
              const char *query,
              const char *surname)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = sl_db_search (db, query, 50, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    if (has_surname (((SlEntrant *)g_ptr_array_index (hits, i))->last_name, surname))
      return TRUE;
  return FALSE;
}

static void
test_names_searchable (void)
{
  /* The names the issue promises a desk volunteer can type plainly. The
   * full-size event holds dozens of each; with pools as large as a real
   * field's, a 3,000-entrant one need not hold a single Fernández.
   */
  g_assert_true (search_finds (full_db, "fernandez", "Fernández"));
  g_assert_true (search_finds (full_db, "obrien", "O'Brien"));
  g_assert_true (search_finds (full_db, "o'brien", "O'Brien"));
  g_assert_true (search_finds (full_db, "muller", "Müller"));
  g_assert_true (search_finds (full_db, "wojcik", "Wójcik"));
}

/* What a scanner or a hurried volunteer types: references in either case,
 * part of a double-barrelled name, a club with a hyphen.
 */
static void
test_codes_searchable (void)
{
  guint hyphenated = 0;

  for (gint64 id = 1; id <= N_DEMO; id += 7)
    {
      g_autoptr(SlEntrant) e = dup_entrant (shared_db, id);
      g_autoptr(GPtrArray) hits = NULL;
      g_autofree char *lower = g_ascii_strdown (e->booking_ref, -1);
      g_autofree char *partial = g_strndup (e->booking_ref, 8);

      hits = sl_db_search (shared_db, lower, 50, NULL);
      g_assert_cmpuint (hits->len, >=, 1);
      g_assert_cmpint (((SlEntrant *)g_ptr_array_index (hits, 0))->id, ==, id);
      g_clear_pointer (&hits, g_ptr_array_unref);

      /* Half a reference still narrows the list down to its owner. */
      hits = sl_db_search (shared_db, partial, 50, NULL);
      g_assert_cmpuint (hits->len, >=, 1);
      g_assert_cmpuint (hits->len, <, 50);
      g_clear_pointer (&hits, g_ptr_array_unref);

      if (strchr (e->last_name, '-') != NULL)
        {
          g_autofree char *prefix = g_strndup (e->last_name,
                                               (gsize)(strchr (e->last_name, '-') - e->last_name)
                                               + 3);
          g_autofree char *query = g_strdup_printf ("%s %s", e->first_name, prefix);
          gboolean found = FALSE;

          hits = sl_db_search (shared_db, query, 50, NULL);
          for (guint i = 0; i < hits->len; i++)
            found |= ((SlEntrant *)g_ptr_array_index (hits, i))->id == id;
          g_assert_true (found);
          hyphenated++;
        }
    }
  g_assert_cmpuint (hyphenated, >, 0);
  g_assert_true (search_finds (shared_db, "o'b", "O'Brien"));
  {
    g_autoptr(GPtrArray) hits = sl_db_search (shared_db, "sevilla-tri", 50, NULL);
    g_assert_cmpuint (hits->len, >, 0);
    for (guint i = 0; i < hits->len; i++)
      g_assert_cmpstr (((SlEntrant *)g_ptr_array_index (hits, i))->club, ==,
                       "Club Atlético Sevilla-Triana");
  }
}

static void
test_reproducible (void)
{
  g_autoptr(SlDb) same = create_demo ("same.db", N_DEMO, SEED);
  g_autoptr(SlDb) other = create_demo ("other.db", N_DEMO, SEED + 1);
  guint differ = 0;

  for (gint64 id = 1; id <= N_DEMO; id++)
    {
      g_autofree char *a = dup_entrant_fingerprint (shared_db, id);
      g_autofree char *b = dup_entrant_fingerprint (same, id);
      g_autofree char *c = dup_entrant_fingerprint (other, id);

      g_assert_cmpstr (a, ==, b);
      differ += !g_str_equal (a, c);
    }
  g_assert_cmpuint (differ, >, N_DEMO * 9 / 10);
}

/* A desk volunteer searching a full-size demo must not meet dozens of
 * identical people. At 50,000 entrants the generator gives about 43,000
 * different full names and no name more than 5 to 8 times over ten seeds
 * (6 for SEED); the old, small pools gave 5,045 and one name 39 times.
 */
#define MIN_DISTINCT_NAMES 35000
/* The relations the demo gives emergency contacts, by gender. */
static const char * const female_relations[] = {
  "(mother)", "(sister)", "(wife)", "(daughter)",
};
static const char * const male_relations[] = {
  "(father)", "(brother)", "(husband)", "(son)",
};

static gboolean
has_any (const char         *text,
         const char * const *words,
         gsize               n_words)
{
  for (gsize i = 0; i < n_words; i++)
    if (strstr (text, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The Gaelic patronymic surname in "First Surname (relation) phone", or
 * NULL: found by its particle, so a first name of two words is no trouble.
 */
static char *
dup_contact_patronymic (const char *contact)
{
  static const char * const particles[] = { " Ó ", " Mac ", " Ní ", " Nic " };
  const char *paren = strstr (contact, " (");

  g_assert_nonnull (paren);
  for (guint i = 0; i < G_N_ELEMENTS (particles); i++)
    {
      const char *start = g_strstr_len (contact, paren - contact, particles[i]);

      if (start != NULL)
        return g_strndup (start + 1, (gsize)(paren - start - 1));
    }
  return NULL;
}

/* Irish women and girls go by the feminine form of a Gaelic patronymic
 * (Ní Bhriain, not Ó Briain), men and boys by the masculine one, for
 * entrants and their family alike; and the feminine forms are spelt
 * right, lenition included.
 */
static void
check_gaelic_surname (const char *surname,
                      gboolean    female,
                      guint      *n_feminine)
{
  static const char * const feminine[] = {
    "Ní Shúilleabháin", "Nic Giolla Phádraig", "Ní Bhriain", "Nic Cárthaigh", "Ní Néill", NULL,
  };
  gboolean masculine_form = g_str_has_prefix (surname, "Ó ")
                            || g_str_has_prefix (surname, "Mac ");
  gboolean feminine_form = g_str_has_prefix (surname, "Ní ")
                           || g_str_has_prefix (surname, "Nic ");

  if (female)
    g_assert_false (masculine_form);
  else
    g_assert_false (feminine_form);
  if (feminine_form)
    {
      g_assert_true (g_strv_contains (feminine, surname));
      (*n_feminine)++;
    }
}

static void
test_gaelic_surnames (void)
{
  guint n_feminine = 0;

  for (gint64 id = 1; id <= N_DEMO; id++)
    {
      g_autoptr(SlEntrant) e = dup_entrant (shared_db, id);
      g_autofree char *contact = dup_contact_patronymic (e->emergency_contact);

      if (e->gender != SL_GENDER_NON_BINARY)
        check_gaelic_surname (e->last_name, e->gender == SL_GENDER_FEMALE, &n_feminine);
      if (contact == NULL)
        continue;
      if (has_any (e->emergency_contact, female_relations, G_N_ELEMENTS (female_relations)))
        check_gaelic_surname (contact, TRUE, &n_feminine);
      else if (has_any (e->emergency_contact, male_relations, G_N_ELEMENTS (male_relations)))
        check_gaelic_surname (contact, FALSE, &n_feminine);
    }
  g_assert_cmpuint (n_feminine, >, 0);
}

#define MAX_SAME_NAME 10

static void
test_distinct_names (void)
{
  SlDb *db = full_db;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = sl_db_list_entrant_ids (db, NULL, SL_ENTRANT_SORT_BIB, FALSE, &error);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Surnames of other origins that British nationals carry too. */
  const char *diaspora[] = { "Patel", "Singh", "Khan", "Murphy", "Okafor", "Nowak", "Samuels",
                             "Wong" };
  gboolean british[G_N_ELEMENTS (diaspora)] = { FALSE };
  guint max_same = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, N_FULL);

  for (guint start = 0; start < ids->len; start += 1000)
    {
      guint n = MIN (1000, ids->len - start);
      g_autoptr(GPtrArray) rows = sl_db_fetch_entrant_rows (db, &g_array_index (ids, gint64,
                                                                                start),
                                                            n, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, n);
      for (guint i = 0; i < n; i++)
        {
          SlEntrantRow *row = g_ptr_array_index (rows, i);
          char *name = g_strdup_printf ("%s %s", row->first_name, row->last_name);
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (names, name)) + 1;

          /* The table owns name from here on, old key or new. */
          g_hash_table_insert (names, name, GUINT_TO_POINTER (count));
          max_same = MAX (max_same, count);

          for (guint d = 0; d < G_N_ELEMENTS (diaspora); d++)
            if (!british[d] && g_str_equal (row->last_name, diaspora[d]))
              {
                g_autoptr(SlEntrant) e = dup_entrant (db, row->id);
                british[d] = g_str_equal (e->nationality, "GBR");
              }
        }
    }

  g_test_message ("%u entrants, %u distinct full names, at most %u of one name",
                  ids->len, g_hash_table_size (names), max_same);
  g_assert_cmpuint (g_hash_table_size (names), >=, MIN_DISTINCT_NAMES);
  g_assert_cmpuint (max_same, <=, MAX_SAME_NAME);
  for (guint d = 0; d < G_N_ELEMENTS (diaspora); d++)
    {
      if (!british[d])
        g_test_message ("no British national is named %s", diaspora[d]);
      g_assert_true (british[d]);
    }
}

static void
test_integrity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  gboolean summary = FALSE;

  g_assert_true (sl_db_integrity_ok (shared_db, &error));
  g_assert_no_error (error);

  /* One entry per entrant plus the summary of the generated data. */
  audit = sl_db_list_audit (shared_db, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, N_DEMO);
  for (guint i = 0; i < audit->len; i++)
    {
      SlAuditEntry *a = g_ptr_array_index (audit, i);
      if (g_str_equal (a->action, "demo"))
        summary = strstr (a->after, "\"seed\":2026") != NULL;
    }
  g_assert_true (summary);
}

/* A number read from the shared event beside the store (-1: none). */
static gint64
count_where (const char *sql)
{
  return sl_test_query_int (shared_db, NULL, sql);
}

/* Every generated sign-up has its own audit entry with its after-image. */
static void
test_signups_audited (void)
{
  gint64 signups, entries, matching;

  signups = count_where ("SELECT count(*) FROM charity_signup");
  entries = count_where ("SELECT count(*) FROM audit_log WHERE action = 'charity-signup'");
  /* The image is {"charity_id":…,"target_pence":…,"raised_pence":…}. */
  matching = count_where ("SELECT count(*) FROM charity_signup s WHERE 1 = (SELECT count(*)"
                          " FROM audit_log a WHERE a.action = 'charity-signup'"
                          " AND a.entity = 'entrant' AND a.entity_id = s.entrant_id"
                          " AND a.before IS NULL AND a.operator != ''"
                          " AND a.after LIKE '%\"charity_id\":' || s.charity_id || ',%'"
                          " AND a.after LIKE '%\"target_pence\":' || s.target_pence || ',%'"
                          " AND a.after LIKE '%\"raised_pence\":' || s.raised_pence || '}')");

  g_assert_cmpint (signups, >, N_DEMO / 10);
  g_assert_cmpint (entries, ==, signups);
  g_assert_cmpint (matching, ==, signups);
}

/* The bulk path writes each sign-up's image as the one-row path does,
 * byte for byte.
 */
static void
test_signup_images_as_one_row (void)
{
  g_autoptr(SlDb) db = create_demo ("signup-images.db", 400, SEED);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  guint n_raised = 0;

  /* One row at a time, read beside the store (on either engine). */
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT s.entrant_id || '|' || s.charity_id"
                                              " || '|' || s.target_pence || '|' || s.raised_pence"
                                              " || '|' || a.after FROM charity_signup s"
                                              " JOIN audit_log a ON a.entity = 'entrant'"
                                              " AND a.entity_id = s.entrant_id"
                                              " AND a.action = 'charity-signup'"
                                              " ORDER BY s.entrant_id LIMIT 1 OFFSET %u", i);
      g_autofree char *text = sl_test_query_text (db, NULL, sql);
      g_auto(GStrv) cells = NULL;
      gint64 *row = g_new (gint64, 4);

      g_assert_nonnull (text);
      cells = g_strsplit (text, "|", 5);
      g_assert_cmpuint (g_strv_length (cells), ==, 5);
      for (int c = 0; c < 4; c++)
        row[c] = g_ascii_strtoll (cells[c], NULL, 10);
      g_ptr_array_add (rows, row);
      g_ptr_array_add (rows, g_strdup (cells[4]));
    }
  g_assert_cmpuint (rows->len, ==, 2 * 25);

  for (guint i = 0; i < rows->len; i += 2)
    {
      const gint64 *row = rows->pdata[i];

      n_raised += row[3] > 0;
      sl_test_assert_one_row_signup_image (db, row[0], row[1], row[2], row[3], rows->pdata[i + 1]);
    }
  /* Real amounts, not only zeros. */
  g_assert_cmpuint (n_raised, >, 0);
}

static void
test_refuses_non_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *passphrase = NULL;

  g_assert_false (sl_db_generate_demo (shared_db, 10, 1, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_DEMO_ERROR, SL_DEMO_ERROR_NOT_EMPTY);
  g_assert_nonnull (strstr (error->message, "3000 entrants"));
  g_assert_cmpint (sl_db_count_entrants (shared_db), ==, N_DEMO);

  /* The demo's officer too, with the same refusal and no account added. */
  g_clear_error (&error);
  g_assert_false (sl_db_add_demo_officer (shared_db, 1, &officer, &passphrase, &error));
  g_assert_error (error, SL_DEMO_ERROR, SL_DEMO_ERROR_NOT_EMPTY);
  g_assert_null (officer);
  g_assert_null (passphrase);
  g_assert_cmpint (sl_db_count_staff (shared_db, NULL), ==, 1);
}

static void
test_refuses_event_with_races (void)
{
  g_autoptr(SlDb) db = create_event ("races.db");
  g_autoptr(GError) error = NULL;
  SlRace race = { 0, (char *)"HALF", (char *)"Half", (char *)"other" };

  g_assert_true (sl_db_add_race (db, &race, &error));
  g_assert_false (sl_db_generate_demo (db, 10, 1, NULL, NULL, NULL, &error));
  g_assert_error (error, SL_DEMO_ERROR, SL_DEMO_ERROR_NOT_EMPTY);
  g_assert_cmpint (sl_db_count_entrants (db), ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  double        last;
  guint         calls;
  double        cancel_at;
} Progress;

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  Progress *p = user_data;

  g_assert_nonnull (message);
  g_assert_cmpfloat (fraction, >=, p->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  p->last = fraction;
  p->calls++;
  if (p->cancellable != NULL && fraction >= p->cancel_at)
    g_cancellable_cancel (p->cancellable);
}

static void
test_progress (void)
{
  g_autoptr(SlDb) db = create_event ("progress.db");
  g_autoptr(GError) error = NULL;
  Progress p = { NULL, 0.0, 0, 0.0 };

  g_assert_true (sl_db_generate_demo (db, 5000, 3, NULL, progress_cb, &p, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p.calls, >=, 5);
  g_assert_cmpfloat (p.last, ==, 1.0);
}

static void
test_cancel (void)
{
  g_autoptr(SlDb) db = create_event ("cancel.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) races = NULL;
  g_autoptr(GPtrArray) charities = NULL;
  Progress p = { cancellable, 0.0, 0, 0.5 };

  g_assert_false (sl_db_generate_demo (db, 5000, 3, cancellable, progress_cb, &p, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (p.last, <, 1.0);

  /* Nothing half made: no entrants, and no races or charities either. */
  g_assert_cmpint (sl_db_count_entrants (db), ==, 0);
  races = sl_db_list_races (db, NULL);
  charities = sl_db_list_charities (db, NULL);
  g_assert_cmpuint (races->len, ==, 0);
  g_assert_cmpuint (charities->len, ==, 0);
  g_assert_true (sl_db_integrity_ok (db, NULL));

  /* And the file can still be filled afterwards. */
  g_clear_error (&error);
  g_assert_true (sl_db_generate_demo (db, 100, 3, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_structure_only (void)
{
  g_autoptr(SlDb) db = create_demo ("empty.db", 0, SEED);
  g_autoptr(GPtrArray) races = sl_db_list_races (db, NULL);
  g_autoptr(GPtrArray) charities = sl_db_list_charities (db, NULL);

  g_assert_cmpint (sl_db_count_entrants (db), ==, 0);
  g_assert_cmpuint (races->len, ==, 5);
  g_assert_cmpuint (charities->len, >=, 35);
}

/* ---- CSV ---------------------------------------------------------------- */

typedef struct
{
  GPtrArray *rows;      /* GPtrArray of char* fields */
  GPtrArray *current;
} CsvRead;

static void
csv_field_cb (void   *data,
              size_t  len,
              void   *user_data)
{
  CsvRead *r = user_data;

  if (r->current == NULL)
    r->current = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (r->current, g_strndup (data, len));
}

static void
csv_row_cb (int   c,
            void *user_data)
{
  CsvRead *r = user_data;

  g_ptr_array_add (r->rows, r->current != NULL ? r->current
                                               : g_ptr_array_new_with_free_func (g_free));
  r->current = NULL;
}

static GPtrArray *
read_csv (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  struct csv_parser parser;
  CsvRead r = { g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref), NULL };

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_utf8_validate (contents, (gssize)length, NULL));
  g_assert_false (g_str_has_prefix (contents, "\xEF\xBB\xBF"));

  g_assert_cmpint (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI), ==, 0);
  g_assert_cmpuint (csv_parse (&parser, contents, length, csv_field_cb, csv_row_cb, &r), ==,
                    length);
  g_assert_cmpint (csv_fini (&parser, csv_field_cb, csv_row_cb, &r), ==, 0);
  csv_free (&parser);
  return r.rows;
}

static const char *
field (GPtrArray *rows,
       guint      row,
       guint      column)
{
  GPtrArray *r = g_ptr_array_index (rows, row);
  return g_ptr_array_index (r, column);
}

static void
test_csv (void)
{
  g_autofree char *path = tmp_path ("demo.csv");
  g_autofree char *again = tmp_path ("again.csv");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) bibs = g_hash_table_new (g_str_hash, g_str_equal);
  const char *header[] = { "Bib", "Booking Ref", "First name", "Surname", "DOB", "Gender",
                           "Club", "Country", "Email", "Phone", "Race", "Wave", "Charity" };
  gboolean quoted_comma = FALSE;
  GStatBuf st;

  g_assert_true (sl_demo_write_csv (path, N_DEMO, SEED, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  rows = read_csv (path);
  g_assert_cmpuint (rows->len, ==, N_DEMO + 1);
  for (guint c = 0; c < G_N_ELEMENTS (header); c++)
    g_assert_cmpstr (field (rows, 0, c), ==, header[c]);

  for (guint i = 1; i < rows->len; i++)
    {
      g_autoptr(SlEntrant) e = dup_entrant (shared_db, i);
      g_autofree char *email = NULL;

      g_assert_cmpuint (((GPtrArray *)g_ptr_array_index (rows, i))->len, ==,
                        G_N_ELEMENTS (header));
      g_assert_true (g_hash_table_add (bibs, (gpointer)field (rows, i, 0)));
      /* The CSV holds the same people as the event of the same seed. */
      g_assert_cmpstr (field (rows, i, 0), ==, e->bib);
      g_assert_cmpstr (field (rows, i, 1), ==, e->booking_ref);
      g_assert_cmpstr (field (rows, i, 2), ==, e->first_name);
      g_assert_cmpstr (field (rows, i, 3), ==, e->last_name);
      g_assert_cmpstr (field (rows, i, 4), ==, e->date_of_birth);
      g_assert_cmpstr (field (rows, i, 6), ==, e->club != NULL ? e->club : "");
      g_assert_cmpstr (field (rows, i, 7), ==, e->nationality);
      g_assert_cmpstr (field (rows, i, 8), ==, e->email);
      g_assert_cmpstr (field (rows, i, 10), ==, e->race_name);
      g_assert_cmpstr (field (rows, i, 11), ==, e->wave_name);
      g_assert_cmpstr (field (rows, i, 12), ==, e->charity_name != NULL ? e->charity_name : "");
      quoted_comma |= strchr (field (rows, i, 6), ',') != NULL;
    }
  /* A club name with a comma went through RFC 4180 quoting and back. */
  g_assert_true (quoted_comma);

  /* Byte for byte the same for the same seed, different for another. */
  g_assert_true (sl_demo_write_csv (again, N_DEMO, SEED, &error));
  g_assert_true (g_file_get_contents (path, &a, NULL, NULL));
  g_assert_true (g_file_get_contents (again, &b, NULL, NULL));
  g_assert_cmpstr (a, ==, b);
  g_free (b);
  g_assert_true (sl_demo_write_csv (again, N_DEMO, SEED + 1, &error));
  g_assert_true (g_file_get_contents (again, &b, NULL, NULL));
  g_assert_cmpstr (a, !=, b);
}

static void
test_csv_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "no-such-dir", "x.csv", NULL);

  g_assert_false (sl_demo_write_csv (path, 10, 1, &error));
  g_assert_error (error, SL_DEMO_ERROR, SL_DEMO_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "x.csv"));
}

/* ---- The command -------------------------------------------------------- */

static int
run_cli (char  **out,
         char  **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("STARTLINE_CLI");
  const char *arg;
  int status;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}


/* About 3 needs per 100 entrants, in every status and of every type, with
 * guide and support runners (entrants), companions, markers and consents;
 * each sealed and audited, and readable by the demo's officer.
 */
/* London-like facilities: every kind the issue names, a breastfeeding
 * room inside the family area; bookings with waiting lists; people
 * inside; no slot (nor the parent) over capacity; each booking audited;
 * the same seed gives the same ones.
 */
static void
test_facilities (void)
{
  static const char *kinds[] = { "quiet-space", "faith-space", "family-area",
                                 "breastfeeding-room", "changing-places", "welfare-hub" };
  g_autoptr(GPtrArray) facilities = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = count_where ("SELECT count(*) FROM booking");

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM facility WHERE kind = '%s'",
                                              kinds[i]);

      g_assert_cmpint (count_where (sql), >=, 1);
    }
  g_assert_cmpint (count_where ("SELECT count(*) FROM facility c JOIN facility p"
                                " ON p.id = c.parent_id WHERE c.kind = 'breastfeeding-room'"
                                " AND p.kind = 'family-area'"), ==, 1);
  g_assert_cmpint (n, >, 100);
  g_assert_cmpint (count_where ("SELECT count(*) FROM booking WHERE status = 'waiting'"), >, 0);
  g_assert_cmpint (count_where ("SELECT count(*) FROM booking WHERE status = 'arrived'"), >, 0);
  /* The family area counts the room's peak, not its day: the family
   * area's day bookings and the room's slots together hold more than the
   * family area's capacity over the day, and the family area at least
   * half of it.
   */
  g_assert_cmpint (count_where ("SELECT sum(b.party) - max(p.capacity) FROM booking b"
                                " JOIN facility f ON f.id = b.facility_id"
                                " JOIN facility p ON p.id = coalesce (f.parent_id, f.id)"
                                " WHERE p.kind = 'family-area'"
                                " AND b.status IN ('confirmed', 'arrived', 'left')"), >, 0);
  g_assert_cmpint (count_where ("SELECT sum(b.party) * 2 - max(f.capacity) FROM booking b"
                                " JOIN facility f ON f.id = b.facility_id"
                                " WHERE f.kind = 'family-area'"
                                " AND b.status IN ('confirmed', 'arrived', 'left')"), >=, 0);
  g_assert_cmpint (count_where ("SELECT count(*) FROM facility_visit WHERE left_at IS NULL"),
                   >, 10);
  g_assert_cmpint (count_where ("SELECT count(*) FROM audit_log WHERE entity = 'booking'"
                                " AND action = 'insert'"), ==, n);
  /* No slot over its capacity; no one inside over it. */
  g_assert_cmpint (count_where ("SELECT count(*) FROM (SELECT b.facility_id, b.slot,"
                                " sum(b.party) AS people, f.capacity FROM booking b"
                                " JOIN facility f ON f.id = b.facility_id"
                                " WHERE b.status IN ('confirmed', 'arrived')"
                                " GROUP BY b.facility_id, b.slot, f.capacity) AS s"
                                " WHERE people > capacity"), ==, 0);
  facilities = sl_db_list_facilities (shared_db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < facilities->len; i++)
    {
      SlFacility *f = facilities->pdata[i];

      g_assert_cmpint (f->inside, <=, f->capacity);
      g_assert_cmpint (f->inside, >=, 0);
    }

  /* Reproducible. */
  {
    g_autoptr(SlDb) same = create_demo ("facilities-same.db", N_DEMO, SEED);
    g_autoptr(GPtrArray) again = sl_db_list_bookings (same, NULL, &error);
    g_autoptr(GPtrArray) first = sl_db_list_bookings (shared_db, NULL, &error);

    g_assert_cmpuint (again->len, ==, first->len);
    for (guint i = 0; i < first->len; i++)
      {
        SlBooking *a = first->pdata[i], *b = again->pdata[i];

        g_assert_cmpstr (a->bib, ==, b->bib);
        g_assert_cmpint (a->slot, ==, b->slot);
        g_assert_cmpint (a->party, ==, b->party);
        g_assert_cmpint (a->status, ==, b->status);
      }
  }
}

static void
test_needs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) needs = NULL;
  char *detail = NULL;
  gint64 n = count_where ("SELECT count(*) FROM need");

  g_assert_cmpint (n, ==, N_DEMO * 3 / 100);
  g_assert_cmpint (count_where ("SELECT count(DISTINCT status) FROM need"), ==,
                   SL_N_NEED_STATUSES);
  g_assert_cmpint (count_where ("SELECT count(DISTINCT type_id) FROM need"), >=, 8);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM need WHERE NOT (%s)",
                                            sl_test_sql_is_binary ("detail"));

    g_assert_cmpint (count_where (sql), ==, 0);
  }
  g_assert_cmpint (count_where ("SELECT count(*) FROM entrant_link WHERE kind = 'guide'"
                                " AND linked_entrant_id IS NOT NULL"), >, 0);
  g_assert_cmpint (count_where ("SELECT count(*) FROM entrant_link"
                                " WHERE kind = 'support-runner'"), >, 0);
  g_assert_cmpint (count_where ("SELECT count(*) FROM entrant_link WHERE kind = 'assistant'"
                                " AND companion_name IS NOT NULL"), >, 0);
  g_assert_cmpint (count_where ("SELECT count(DISTINCT marker) FROM entrant_marker"), ==,
                   SL_N_MARKERS);
  g_assert_cmpint (count_where ("SELECT count(*) FROM need_consent"), >, 0);
  g_assert_cmpint (count_where ("SELECT count(*) FROM audit_log WHERE entity = 'need'"
                                " AND action = 'insert'"), ==, n);
  /* Nobody supports themselves or has two needs' worth of runners. */
  g_assert_cmpint (count_where ("SELECT count(*) FROM entrant_link l JOIN need n"
                                " ON n.entrant_id = l.linked_entrant_id"), ==, 0);

  g_assert_true (sl_db_sign_in (shared_db, "Demo Officer", demo_passphrase, &error));
  g_assert_no_error (error);
  needs = sl_db_list_needs (shared_db, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (needs->len, ==, n);
  g_assert_true (sl_db_read_need_details (shared_db, ((SlNeed *)needs->pdata[0])->id, &detail,
                                          NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (detail), >, 5);
  sl_secret_str_free (detail);
  sl_db_sign_out (shared_db);
}

/* The roles of the test server whose names begin with dbname's: the
 * event's groups and logins (none before the event is made).
 */
static gint64
count_roles_of (const char *location)
{
  const char *dbname = g_strrstr (location, "dbname=") + strlen ("dbname=");
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pg_roles"
                                          " WHERE starts_with (rolname, '%s')", dbname);
  g_autofree char *out = NULL;

  g_assert_true (sl_test_psql (location, sql, &out, NULL));
  return g_ascii_strtoll (out, NULL, 10);
}

/* The demo as a new event, cancelled halfway through its entrants (after
 * the event, its officer and two thousand entrants were written): nothing
 * is left, as before it, no file, or on a server no tables and no roles
 * of the event; made again, it is whole.
 */
static void
test_create_cancelled (void)
{
  g_autofree char *location = event_location ("create-cancelled.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SlDemoEvent event = { "Demo test", "2026-04-26", "Sam", "Desk 1", 3000, 5 };
  Progress p = { cancellable, 0.0, 0, 0.3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *passphrase = NULL;
  gboolean server = sl_db_location_is_server (location);

  db = sl_db_create_demo (location, &event, cancellable, progress_cb, &p, &officer, &passphrase,
                          &error);
  g_assert_null (db);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (p.last, >, 0.3);
  g_assert_null (officer);
  g_assert_false (sl_test_event_exists (location));
  if (server)
    g_assert_cmpint (count_roles_of (location), ==, 0);

  g_clear_error (&error);
  event.n_entrants = 100;
  db = sl_db_create_demo (location, &event, NULL, NULL, NULL, &officer, &passphrase, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_db_count_entrants (db), ==, 100);
  g_assert_cmpstr (officer, ==, "Demo Officer");
  g_assert_true (sl_db_sign_in (db, officer, passphrase, &error));
  g_assert_no_error (error);
  /* Who acted: the demo's entries are Sam's, at Desk 1. */
  g_assert_cmpint (sl_test_query_int (db, location, "SELECT count(*) FROM audit_log"
                                                    " WHERE action = 'demo'"
                                                    " AND operator = 'Sam' AND desk = 'Desk 1'"),
                   ==, 1);
  if (server)
    g_assert_cmpint (count_roles_of (location), ==, 5);
}

/* startline-cli demo on a new, empty server database that fails after
 * the event is made (a role of the demo officer's login name that is not
 * the event's, made by hand, refuses its login): one line, and the
 * database is left as it was, empty, with none of the event's roles; a
 * second try once the role is gone starts from nothing.
 */
static void
test_cli_failure_leaves_nothing (void)
{
  g_autofree char *location = event_location ("cli-failed.db");
  const char *dbname = g_strrstr (location, "dbname=") + strlen ("dbname=");
  g_autofree char *create = g_strdup_printf ("CREATE ROLE \"%s.demo officer\"", dbname);
  g_autofree char *drop = g_strdup_printf ("DROP ROLE \"%s.demo officer\"", dbname);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (sl_test_psql (location, create, NULL, NULL));
  g_assert_cmpint (run_cli (&out, &err, "--db", location, "demo", "--entrants", "200", NULL),
                   ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "demo officer"));
  g_assert_cmpint ((int)(strchr (err, '\n') - err), ==, (int)strlen (err) - 1);
  g_assert_false (sl_test_event_exists (location));
  g_assert_cmpint (count_roles_of (location), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (sl_test_psql (location, drop, NULL, NULL));
  g_assert_cmpint (run_cli (&out, &err, "--db", location, "demo", "--entrants", "200", NULL),
                   ==, 0);
  g_assert_true (g_str_has_prefix (out, "entrants: 200\nofficer: Demo Officer\n"));
}

static void
test_cli (void)
{
  g_autofree char *path = event_location ("cli.db");
  g_autofree char *csv = tmp_path ("cli.csv");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(SlDb) db = NULL;
  g_autoptr(SlEvent) event = NULL;
  g_autofree char *reference = tmp_path ("reference.csv");
  g_autofree char *written = NULL;
  g_autofree char *expected = NULL;

  /* A missing file is created as the demo event. */
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "demo", "--entrants", "200", NULL),
                   ==, 0);
  /* The officer it made, to sign in as. */
  g_assert_true (g_str_has_prefix (out, "entrants: 200\nofficer: Demo Officer\npassphrase: "));
  g_assert_cmpuint (strlen (strstr (out, "passphrase: ")), >, strlen ("passphrase: x-x-x\n"));
  db = sl_db_open (path, NULL);
  g_assert_nonnull (db);
  event = sl_db_dup_event (db, NULL);
  g_assert_cmpstr (event->name, ==, "London Marathon 2026 (demo)");
  g_assert_cmpstr (event->date, ==, "2026-04-26");
  g_assert_cmpint (sl_db_count_entrants (db), ==, 200);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A second run refuses, with one line, and adds nothing. */
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "demo", "--entrants", "200", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "already has 200 entrants"));
  g_assert_cmpint ((int)(strchr (err, '\n') - err), ==, (int)strlen (err) - 1);
  g_assert_cmpint (sl_db_count_entrants (db), ==, 200);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --csv needs no event file, and the default seed is 2026. */
  g_clear_object (&db);
  g_assert_cmpint (run_cli (&out, &err, "demo", "--csv", csv, "--entrants", "5", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "entrants: 5\n");
  g_assert_true (sl_demo_write_csv (reference, 5, 2026, NULL));
  g_assert_true (g_file_get_contents (csv, &written, NULL, NULL));
  g_assert_true (g_file_get_contents (reference, &expected, NULL, NULL));
  g_assert_cmpstr (written, ==, expected);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage errors exit 2. */
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "demo", "--csv", csv, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "demo", "--entrants", "-3", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "demo", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "demo", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--seed"));
  g_assert_nonnull (strstr (out, "--csv"));
}

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = tmp_path (name);
      g_unlink (path);
    }
  g_rmdir (tmp_dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("test-demo-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *path = event_location ("shared.db");
    g_autofree char *officer = NULL;

    shared_db = sl_db_create (path, "Demo test", "2026-04-26", &error);
    g_assert_no_error (error);
    g_assert_true (sl_db_add_demo_officer (shared_db, SEED, &officer, &demo_passphrase, &error));
    g_assert_true (sl_db_generate_demo (shared_db, N_DEMO, SEED, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  full_db = create_demo ("full.db", N_FULL, SEED);

  g_test_add_func ("/demo/counts", test_counts);
  g_test_add_func ("/demo/waves", test_waves);
  g_test_add_func ("/demo/people", test_people);
  g_test_add_func ("/demo/names-searchable", test_names_searchable);
  g_test_add_func ("/demo/codes-searchable", test_codes_searchable);
  g_test_add_func ("/demo/reproducible", test_reproducible);
  g_test_add_func ("/demo/distinct-names", test_distinct_names);
  g_test_add_func ("/demo/gaelic-surnames", test_gaelic_surnames);
  g_test_add_func ("/demo/integrity", test_integrity);
  g_test_add_func ("/demo/signups-audited", test_signups_audited);
  g_test_add_func ("/demo/signup-images-as-one-row", test_signup_images_as_one_row);
  g_test_add_func ("/demo/refuses-non-empty", test_refuses_non_empty);
  g_test_add_func ("/demo/refuses-event-with-races", test_refuses_event_with_races);
  g_test_add_func ("/demo/progress", test_progress);
  g_test_add_func ("/demo/cancel", test_cancel);
  g_test_add_func ("/demo/structure-only", test_structure_only);
  g_test_add_func ("/demo/csv", test_csv);
  g_test_add_func ("/demo/csv-unwritable", test_csv_unwritable);
  g_test_add_func ("/demo/cli", test_cli);
  g_test_add_func ("/demo/create-cancelled", test_create_cancelled);
  /* A role the server has and the event's login would take: a server's. */
  if (sl_test_store_is_server ())
    g_test_add_func ("/demo/cli-failure-leaves-nothing", test_cli_failure_leaves_nothing);
  g_test_add_func ("/demo/needs", test_needs);
  g_test_add_func ("/demo/facilities", test_facilities);

  rc = g_test_run ();

  g_clear_object (&shared_db);
  g_clear_object (&full_db);
  remove_tmp_dir ();
  g_free (tmp_dir);
  return rc;
}
