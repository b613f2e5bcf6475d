/* test-cli-facilities.c — startline-cli facility, book, cancel-booking,
 * bookings, enter, leave, occupancy and roster; forty processes booking
 * one slot at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-test-util.h"

#define PASS    "correct horse battery"
#define OFFICER "Olu Officer"
#define ADMIN   "Ada Admin"
#define N_CROWD 40

typedef struct
{
  char *dir;
  char *path;
} Fixture;

/* Runs startline-cli --db FILE [--as who] with the arguments. */
#define run_as(run, f, who, ...) sl_test_cli_run ((run), (f)->path, (who), PASS, NULL, __VA_ARGS__)

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SlDb) db = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = sl_test_tmpdir_new ();
  db = sl_test_db_new (f->dir, "event.startline");
  /* The file, or the server event (STARTLINE_TEST_STORE=postgres). */
  f->path = g_strdup (sl_db_get_path (db));
  for (guint i = 0; i < N_CROWD + 10; i++)
    {
      g_autofree char *bib = g_strdup_printf ("%u", 1001 + i);
      g_autofree char *ref = g_strdup_printf ("REF-%u", 1001 + i);
      g_autofree char *last = g_strdup_printf ("Runner%02u", i);

      sl_entrant_free (sl_test_add_entrant (db, bib, ref, "Pat", last, NULL));
    }
  g_assert_true (sl_db_add_staff (db, ADMIN, SL_ROLE_ADMIN, PASS, &error));
  g_assert_true (sl_db_sign_in (db, ADMIN, PASS, &error));
  g_assert_true (sl_db_add_staff (db, OFFICER, SL_ROLE_OFFICER, PASS, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

/* Everything the facilities' tables and the audit log hold, read on a
 * connection of the test's own (the file, or the server event).
 */
static char *
snapshot (const char *path)
{
  static const char *file_queries[] = {
    "SELECT count(*) || group_concat(id || kind || name || capacity || closed, '|') FROM facility",
    "SELECT count(*) || group_concat(id || facility_id || entrant_id || slot || party || status,"
    " '|') FROM booking",
    "SELECT count(*) || group_concat(id || entrant_id || ifnull(left_at, 'in'), '|')"
    " FROM facility_visit",
    "SELECT count(*) FROM audit_log",
  };
  static const char *server_queries[] = {
    "SELECT count(*) || coalesce(string_agg(id::text || kind || name || capacity || closed, '|'"
    " ORDER BY id), '') FROM facility",
    "SELECT count(*) || coalesce(string_agg(id::text || facility_id || entrant_id || slot"
    " || party || status, '|' ORDER BY id), '') FROM booking",
    "SELECT count(*) || coalesce(string_agg(id::text || entrant_id || coalesce(left_at, 'in'),"
    " '|' ORDER BY id), '') FROM facility_visit",
    "SELECT count(*) FROM audit_log",
  };
  const char **queries = sl_pg_db_is_location (path) ? server_queries : file_queries;
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (file_queries); i++)
    {
      g_autofree char *value = sl_test_query_text (NULL, path, queries[i]);

      g_string_append_printf (out, "%s\n", value != NULL ? value : "");
    }
  return g_string_free (out, FALSE);
}

static void
add_facility (Fixture    *f,
              const char *kind,
              const char *name,
              const char *capacity,
              const char *slot_minutes,
              const char *inside)
{
  g_auto(SlTestRun) run = { 0 };

  run_as (&run, f, OFFICER, "facility", "add", "--kind", kind, "--name", name, "--capacity",
          capacity, "--opens", "08:00", "--closes", "12:00", "--slot-minutes", slot_minutes,
          inside != NULL ? "--inside" : NULL, inside, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (g_ascii_strtoll (run.out, NULL, 10), >, 0);
}

static void
test_facility_commands (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  /* The desk may not add. */
  run_as (&run, f, NULL, "facility", "add", "--kind", "quiet-space", "--name", "Calm space",
          "--capacity", "10", "--opens", "08:00", "--closes", "12:00", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "Needs an admin or an accessibility officer"));
  add_facility (f, "family-area", "Family area", "20", "0", NULL);
  add_facility (f, "breastfeeding-room", "Breastfeeding room", "3", "0", "family AREA");
  run_as (&run, f, OFFICER, "facility", "add", "--kind", "Quiet", "--name", "X", "--capacity",
          "1", "--opens", "08:00", "--closes", "09:00", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown kind"));

  run_as (&run, f, NULL, "facility", "list", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "Breastfeeding room\tbreastfeeding-room\t3\t08:00\t12:00\t0\tFamily area\t\t0\t0\t0\topen\n"
                   "Family area\tfamily-area\t20\t08:00\t12:00\t0\t\t\t0\t0\t0\topen\n");
  run_as (&run, f, OFFICER, "facility", "close", "breastfeeding ROOM", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, OFFICER, "book", "Breastfeeding room", "1001", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "closed"));
  run_as (&run, f, OFFICER, "facility", "reopen", "breastfeeding room", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, OFFICER, "book", "Breastfeeding room", "1001", "--party", "2", NULL);
  g_assert_cmpstr (run.out, ==, "confirmed\n");
  g_assert_cmpint (run.status, ==, 0);

  run_as (&run, f, NULL, "facility", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "facility add --kind KIND"));
  run_as (&run, f, NULL, "--help", NULL);
  g_assert_nonnull (strstr (run.out, "cancel-booking"));
  g_assert_nonnull (strstr (run.out, "occupancy"));
}

/* A bad time, a slot outside the hours, a negative party, an unknown
 * facility, an unknown person: one line each, nothing changed.
 */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  struct { const char *slot; const char *party; const char *facility; const char *who;
           int status; const char *fragment; } cases[] = {
    { "8:75", "1", "Calm space", "1001", 2, "HH:MM" },
    { "half past", "1", "Calm space", "1001", 2, "HH:MM" },
    { "07:00", "1", "Calm space", "1001", 1, "no slot at 07:00" },
    { "12:00", "1", "Calm space", "1001", 1, "no slot at 12:00" },
    { "08:30", "-1", "Calm space", "1001", 1, "not -1" },
    { "08:30", "1", "Quiet room", "1001", 1, "there are Calm space, Welfare hub" },
    { "08:30", "1", "Calm space", "9999", 1, "9999" },
  };

  add_facility (f, "quiet-space", "Calm space", "10", "30", NULL);
  add_facility (f, "welfare-hub", "Welfare hub", "10", "0", NULL);
  run_as (&run, f, OFFICER, "book", "Calm space", "1002", "--slot", "08:30", NULL);
  g_assert_cmpint (run.status, ==, 0);
  before = snapshot (f->path);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      run_as (&run, f, OFFICER, "book", cases[i].facility, cases[i].who, "--slot", cases[i].slot,
              "--party", cases[i].party, NULL);
      g_test_message ("%s", run.err);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
      g_assert_nonnull (strstr (run.err, cases[i].fragment));
      g_assert_cmpstr (run.out, ==, "");
    }
  run_as (&run, f, NULL, "occupancy", "calm", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Calm space, Welfare hub"));
  run_as (&run, f, NULL, "enter", "Gym", "1001", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_as (&run, f, OFFICER, "cancel-booking", "Calm space", "1003", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  /* A slot that is none: the message names the slots there are. */
  run_as (&run, f, OFFICER, "cancel-booking", "Calm space", "1002", "--slot", "08:10", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "no slot at 08:10"));
  run_as (&run, f, OFFICER, "book", "Calm space", "1002", "--slot", "08:30", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "already holds"));
  after = snapshot (f->path);
  g_assert_cmpstr (before, ==, after);
}

/* Bookings' waiting positions in the bookings output: bib → position. */
static GHashTable *
waiting_positions (Fixture    *f,
                   const char *facility,
                   const char *slot)
{
  g_auto(SlTestRun) run = { 0 };
  g_auto(GStrv) lines = NULL;
  GHashTable *positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  run_as (&run, f, NULL, "bookings", facility, "--slot", slot, NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (cols), ==, 6);
      g_assert_cmpstr (cols[2], ==, slot);
      if (g_str_equal (cols[4], "waiting"))
        g_hash_table_insert (positions, g_strdup (cols[0]),
                             GINT_TO_POINTER (atoi (cols[5])));
      else
        g_assert_cmpstr (cols[5], ==, "");
    }
  return positions;
}

static const char *
bib_at (GHashTable *positions,
        int         position)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, positions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_INT (value) == position)
      return key;
  return NULL;
}

/* Forty processes book one slot of ten at once: ten confirmed, thirty
 * waiting 1 … 30; three cancel and the first three waiting go in.
 */
static void
test_forty_at_once (Fixture       *f,
                    gconstpointer  data)
{
  GSubprocess *processes[N_CROWD];
  g_autofree char *bibs[N_CROWD] = { NULL };
  g_autoptr(GHashTable) waiting = NULL;
  g_autoptr(GHashTable) after = NULL;
  gboolean seen[N_CROWD + 1] = { FALSE };
  char *confirmed[N_CROWD];
  guint n_confirmed = 0;
  g_auto(SlTestRun) run = { 0 };

  add_facility (f, "quiet-space", "Calm space", "10", "30", NULL);
  for (guint i = 0; i < N_CROWD; i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();

      bibs[i] = g_strdup_printf ("%u", 1001 + i);
      g_ptr_array_add (args, (char *)"book");
      g_ptr_array_add (args, (char *)"calm SPACE");
      g_ptr_array_add (args, bibs[i]);
      g_ptr_array_add (args, (char *)"--slot");
      g_ptr_array_add (args, (char *)"08:30");
      processes[i] = sl_test_cli_spawn (f->path, OFFICER, PASS, args);
    }
  for (guint i = 0; i < N_CROWD; i++)
    {
      sl_test_cli_finish (processes[i], NULL, &run);
      g_object_unref (processes[i]);
      g_test_message ("%s: %s%s", bibs[i], run.out, run.err);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpint (run.status, ==, 0);
      if (g_str_equal (run.out, "confirmed\n"))
        confirmed[n_confirmed++] = bibs[i];
      else
        {
          int position;

          g_assert_true (g_str_has_prefix (run.out, "waiting "));
          position = atoi (run.out + strlen ("waiting "));
          g_assert_cmpint (position, >=, 1);
          g_assert_cmpint (position, <=, N_CROWD - 10);
          g_assert_false (seen[position]);
          seen[position] = TRUE;
        }
    }
  g_assert_cmpuint (n_confirmed, ==, 10);

  /* The list says the same: 30 waiting, positions 1 … 30 without gaps. */
  waiting = waiting_positions (f, "Calm space", "08:30");
  g_assert_cmpuint (g_hash_table_size (waiting), ==, N_CROWD - 10);
  for (int p = 1; p <= N_CROWD - 10; p++)
    g_assert_nonnull (bib_at (waiting, p));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT sum(party) FROM booking"
                                      " WHERE status = 'confirmed'"), ==, 10);

  /* Three cancel: each promotes the one first in line then. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *expected = g_strdup_printf ("cancelled\npromoted\t%s\t", bib_at (waiting,
                                                                                     i + 1));

      run_as (&run, f, OFFICER, "cancel-booking", "Calm space", confirmed[i], "--slot", "08:30",
              NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_str_has_prefix (run.out, expected));
      g_assert_cmpuint (sl_test_count_lines (run.out), ==, 2);
    }
  after = waiting_positions (f, "Calm space", "08:30");
  g_assert_cmpuint (g_hash_table_size (after), ==, N_CROWD - 13);
  for (int p = 1; p <= N_CROWD - 13; p++)
    g_assert_cmpstr (bib_at (after, p), ==, bib_at (waiting, p + 3));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'promote'"), ==, 3);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT sum(party) FROM booking"
                                      " WHERE status = 'confirmed'"), ==, 10);
}

/* A party of four does not squeeze into three free places; a party of
 * one behind it is promoted; the four keeps its place.
 */
static void
test_first_who_fits (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  const char *three[] = { "1001", "1002", "1003" };

  add_facility (f, "changing-places", "Changing places", "3", "20", NULL);
  for (guint i = 0; i < 3; i++)
    {
      run_as (&run, f, OFFICER, "book", "Changing places", three[i], "--slot", "08:20", NULL);
      g_assert_cmpstr (run.out, ==, "confirmed\n");
    }
  run_as (&run, f, OFFICER, "book", "Changing places", "1004", "--slot", "08:20", "--party", "4",
          NULL);
  g_assert_cmpstr (run.out, ==, "waiting 1\n");
  run_as (&run, f, OFFICER, "book", "Changing places", "1005", "--slot", "08:20", NULL);
  g_assert_cmpstr (run.out, ==, "waiting 2\n");
  run_as (&run, f, OFFICER, "cancel-booking", "Changing places", "1001", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "cancelled\npromoted\t1005\tPat Runner04\t08:20\t1\n");
  run_as (&run, f, NULL, "bookings", "Changing places", NULL);
  g_assert_cmpstr (run.out, ==,
                   "1002\tPat Runner01\t08:20\t1\tconfirmed\t\n"
                   "1003\tPat Runner02\t08:20\t1\tconfirmed\t\n"
                   "1005\tPat Runner04\t08:20\t1\tconfirmed\t\n"
                   "1004\tPat Runner03\t08:20\t4\twaiting\t1\n");
  /* Cancelling the others frees three: still not four. */
  run_as (&run, f, OFFICER, "cancel-booking", "Changing places", "1002", NULL);
  g_assert_cmpstr (run.out, ==, "cancelled\n");
  run_as (&run, f, OFFICER, "cancel-booking", "Changing places", "1003", NULL);
  run_as (&run, f, OFFICER, "cancel-booking", "Changing places", "1005", NULL);
  g_assert_cmpstr (run.out, ==, "cancelled\n");
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM booking"
                                      " WHERE status = 'waiting'"), ==, 1);
}

/* The parent's capacity holds across its children. */
static void
test_parent_capacity (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };

  add_facility (f, "family-area", "Family area", "4", "0", NULL);
  add_facility (f, "breastfeeding-room", "Breastfeeding room", "3", "0", "Family area");
  add_facility (f, "other", "Play corner", "3", "0", "Family area");
  run_as (&run, f, OFFICER, "book", "Breastfeeding room", "1001", "--party", "3", NULL);
  g_assert_cmpstr (run.out, ==, "confirmed\n");
  run_as (&run, f, OFFICER, "book", "Play corner", "1002", NULL);
  g_assert_cmpstr (run.out, ==, "confirmed\n");
  run_as (&run, f, OFFICER, "book", "Play corner", "1003", NULL);
  g_assert_cmpstr (run.out, ==, "waiting 1\n");
  run_as (&run, f, OFFICER, "book", "Family area", "1004", NULL);
  g_assert_cmpstr (run.out, ==, "waiting 1\n");

  /* At the door too: the room's three and play's one fill the area. */
  run_as (&run, f, NULL, "enter", "Breastfeeding room", "1001", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "inside: 3\n"));
  run_as (&run, f, NULL, "enter", "Play corner", "1002", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, NULL, "enter", "Play corner", "1005", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "full"));
  run_as (&run, f, NULL, "occupancy", "family area", NULL);
  g_assert_cmpstr (run.out, ==, "inside: 4\ncapacity: 4\n");
}

/* The door: never below zero, never above capacity without a logged
 * override.
 */
static void
test_door (Fixture       *f,
           gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_facility (f, "quiet-space", "Calm space", "2", "0", NULL);
  add_facility (f, "welfare-hub", "Welfare hub", "5", "0", NULL);
  run_as (&run, f, NULL, "leave", "Calm space", "1001", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "not inside"));
  run_as (&run, f, NULL, "enter", "Calm space", "1001", NULL);
  g_assert_cmpstr (run.out, ==, "entered: 1001\nparty: 1\ninside: 1\ncapacity: 2\n");
  run_as (&run, f, NULL, "enter", "Calm space", "REF-1002", NULL);
  g_assert_cmpint (run.status, ==, 0);

  before = snapshot (f->path);
  run_as (&run, f, NULL, "enter", "Calm space", "1003", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (sl_test_count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "2 of 2 inside"));
  run_as (&run, f, NULL, "enter", "Calm space", "1003", "--override", "with her carer", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Needs an admin or an accessibility officer"));
  run_as (&run, f, OFFICER, "enter", "Calm space", "1003", "--override", "  ", NULL);
  g_assert_cmpint (run.status, ==, 2);
  after = snapshot (f->path);
  g_assert_cmpstr (before, ==, after);

  run_as (&run, f, OFFICER, "enter", "Calm space", "1003", "--override", "with her carer", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "over capacity: yes\n"));
  g_assert_nonnull (strstr (run.out, "inside: 3\n"));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'admit-over-capacity'"
                                      " AND after LIKE '%\"over_capacity_reason\":\"set\"%'"
                                      " AND operator = '" OFFICER "'"), ==, 1);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM facility_visit"
                                      " WHERE over_capacity_reason = 'with her carer'"), ==, 1);

  /* Entering the hub leaves the calm space. */
  run_as (&run, f, NULL, "enter", "Welfare hub", "1001", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "left elsewhere: Calm space\n"));
  run_as (&run, f, NULL, "leave", "Calm space", "1002", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, NULL, "leave", "Calm space", "1002", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_as (&run, f, NULL, "leave", "Calm space", "1003", NULL);
  run_as (&run, f, NULL, "occupancy", "Calm space", NULL);
  g_assert_cmpstr (run.out, ==, "inside: 0\ncapacity: 2\n");
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM facility_visit"
                                      " WHERE left_at IS NULL"), ==, 1);
}

/* The roster: names, bibs, slots, markers with consent; no need's type or
 * detail; audited.
 */
static void
test_roster (Fixture       *f,
             gconstpointer  data)
{
  g_auto(SlTestRun) run = { 0 };
  g_autofree char *csv = g_build_filename (f->dir, "roster.csv", NULL);
  g_autofree char *xlsx = g_build_filename (f->dir, "roster.xlsx", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  add_facility (f, "quiet-space", "Calm space", "10", "30", NULL);
  run_as (&run, f, NULL, "need", "add", "1001", "--type", "neurodivergent", "--detail",
          "Panic attacks in crowds", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, OFFICER, "need", "add", "1002", "--type", "deaf", "--status", "approved",
          "--detail", "Uses BSL; lip reads", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, OFFICER, "marker", "1001", "--add", "i-need-space", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_as (&run, f, OFFICER, "marker", "1002", "--add", "deaf", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(SlDb) db = sl_db_open (f->path, &error);

    g_assert_no_error (error);
    g_assert_true (sl_db_sign_in (db, OFFICER, PASS, &error));
    g_assert_true (sl_db_set_need_consent (db, 2, SL_CONSENT_FACILITY, TRUE, "v1", &error));
    g_assert_no_error (error);
  }
  run_as (&run, f, OFFICER, "book", "Calm space", "1001", "--slot", "08:00", NULL);
  run_as (&run, f, OFFICER, "book", "Calm space", "1002", "--slot", "08:00", "--party", "2",
          NULL);

  /* The desk may not: refused, no file. */
  run_as (&run, f, NULL, "roster", "Calm space", "--slot", "08:00", csv, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "exporter"));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'export-roster'"), ==, 0);

  run_as (&run, f, OFFICER, "roster", "Calm space", "--slot", "08:00", csv, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "rows: 2\n");
  g_assert_true (g_file_get_contents (csv, &text, NULL, &error));
  g_assert_cmpstr (text, ==,
                   "\"Bib\",\"First name\",\"Last name\",\"Facility\",\"Slot\",\"Party\","
                   "\"Status\",\"Waiting position\",\"Markers\"\r\n"
                   "\"1001\",\"Pat\",\"Runner00\",\"Calm space\",\"08:00\",\"1\",\"Confirmed\","
                   "\"\",\"\"\r\n"
                   "\"1002\",\"Pat\",\"Runner01\",\"Calm space\",\"08:00\",\"2\",\"Confirmed\","
                   "\"\",\"Deaf / hard of hearing\"\r\n");
  g_assert_null (strstr (text, "eurodivergent"));
  g_assert_null (strstr (text, "Panic"));
  g_assert_null (strstr (text, "BSL"));
  g_assert_null (strstr (text, "I need space"));

  run_as (&run, f, ADMIN, "roster", "Calm space", xlsx, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* Read back as a facility lead's spreadsheet would (openpyxl). */
  {
    g_autofree char *script = g_test_build_filename (G_TEST_DIST, "read-export.py", NULL);
    const char *python = g_getenv ("PYTHON3") != NULL ? g_getenv ("PYTHON3") : "/usr/bin/python3";
    const char *argv[] = { python, script, xlsx, NULL };
    g_autofree char *out = NULL;
    int status;

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "\"Runner01\""));
    g_assert_nonnull (strstr (out, "\"Deaf / hard of hearing\""));
    g_assert_nonnull (strstr (out, "\"Waiting position\""));
    g_assert_null (strstr (out, "eurodivergent"));
    g_assert_null (strstr (out, "Panic"));
    g_assert_null (strstr (out, "BSL"));
    g_assert_null (strstr (out, "I need space"));
  }
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'export-roster'"), ==, 2);
  run_as (&run, f, OFFICER, "roster", "Calm space", "roster.pdf", NULL);
  g_assert_cmpint (run.status, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli-facilities/facility", test_facility_commands);
  ADD ("/cli-facilities/bad-input", test_bad_input);
  ADD ("/cli-facilities/forty-at-once", test_forty_at_once);
  ADD ("/cli-facilities/first-who-fits", test_first_who_fits);
  ADD ("/cli-facilities/parent-capacity", test_parent_capacity);
  ADD ("/cli-facilities/door", test_door);
  ADD ("/cli-facilities/roster", test_roster);
#undef ADD
  return g_test_run ();
}
