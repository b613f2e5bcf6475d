/* test-entrant.c — validating and storing entrant records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sl-test-util.h"

static SlEntrant *
valid_entrant (void)
{
  SlEntrant *e = sl_entrant_new ();

  e->bib = g_strdup ("00123");
  e->booking_ref = g_strdup ("LM26-ZZ1");
  e->first_name = g_strdup ("Hélène");
  e->last_name = g_strdup ("Dubois");
  e->date_of_birth = g_strdup ("1988-02-29");
  e->gender = SL_GENDER_NON_BINARY;
  e->email = g_strdup ("helene@example.org");
  return e;
}

static void
test_validate (void)
{
  static const struct {
    const char *field;
    const char *value;
    int         code;
  } bad[] = {
    { "bib", "", SL_ENTRANT_ERROR_BIB },
    { "bib", "12 34", SL_ENTRANT_ERROR_BIB },
    { "first_name", "   ", SL_ENTRANT_ERROR_FIRST_NAME },
    { "last_name", "", SL_ENTRANT_ERROR_LAST_NAME },
    { "date_of_birth", "1990-02-30", SL_ENTRANT_ERROR_DATE_OF_BIRTH },
    { "date_of_birth", "01/02/1990", SL_ENTRANT_ERROR_DATE_OF_BIRTH },
    { "date_of_birth", "1989-02-29", SL_ENTRANT_ERROR_DATE_OF_BIRTH },
    { "email", "not-an-address", SL_ENTRANT_ERROR_EMAIL },
    { "booking_ref", "LM 26", SL_ENTRANT_ERROR_BOOKING_REF },
  };
  g_autoptr(SlEntrant) ok = valid_entrant ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_entrant_validate (ok, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SlEntrant) e = valid_entrant ();
      char **slot = g_str_equal (bad[i].field, "bib") ? &e->bib
                    : g_str_equal (bad[i].field, "first_name") ? &e->first_name
                    : g_str_equal (bad[i].field, "last_name") ? &e->last_name
                    : g_str_equal (bad[i].field, "date_of_birth") ? &e->date_of_birth
                    : g_str_equal (bad[i].field, "email") ? &e->email
                    : &e->booking_ref;

      g_free (*slot);
      *slot = g_strdup (bad[i].value);
      g_assert_false (sl_entrant_validate (e, &error));
      g_assert_error (error, SL_ENTRANT_ERROR, bad[i].code);
      g_clear_error (&error);
    }

  {
    g_autoptr(SlEntrant) e = valid_entrant ();
    e->age = 121;
    g_assert_false (sl_entrant_validate (e, &error));
    g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_AGE);
  }
}

static void
test_unique_bib_and_reference (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "u.sqlite");
  g_autoptr(SlEntrant) first = valid_entrant ();
  g_autoptr(SlEntrant) same_bib = valid_entrant ();
  g_autoptr(SlEntrant) same_ref = valid_entrant ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_insert_entrant (db, first, &error));
  g_assert_no_error (error);

  g_free (same_bib->booking_ref);
  same_bib->booking_ref = NULL;
  g_assert_false (sl_db_insert_entrant (db, same_bib, &error));
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BIB);
  g_assert_nonnull (strstr (error->message, "Hélène Dubois"));
  g_assert_cmpint (same_bib->id, ==, 0);
  g_clear_error (&error);

  g_free (same_ref->bib);
  same_ref->bib = g_strdup ("777");
  g_free (same_ref->booking_ref);
  same_ref->booking_ref = g_strdup ("lm26-zz1");
  g_assert_false (sl_db_insert_entrant (db, same_ref, &error));
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BOOKING_REF);
  g_clear_error (&error);

  g_assert_cmpint (sl_db_count_entrants (db), ==, 1);
}

static void
test_update_is_audited (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "a.sqlite");
  g_autoptr(SlEntrant) e = valid_entrant ();
  g_autoptr(SlEntrant) stored = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SlAuditEntry *latest;
  JsonObject *before;
  JsonObject *after;

  sl_db_set_actor (db, "Coordinator Sam", "Expo desk 1");
  g_assert_true (sl_db_insert_entrant (db, e, &error));
  g_free (e->club);
  e->club = g_strdup ("Belgrave Harriers");
  e->status = SL_STATUS_FINISHED; /* ignored: status has its own operations */
  g_assert_true (sl_db_update_entrant (db, e, &error));
  g_assert_no_error (error);

  stored = sl_db_dup_entrant (db, e->id, &error);
  g_assert_cmpstr (stored->club, ==, "Belgrave Harriers");
  g_assert_cmpint (stored->status, ==, SL_STATUS_REGISTERED);
  g_assert_cmpstr (stored->bib, ==, "00123");

  audit = sl_db_list_audit (db, "entrant", e->id, 0, &error);
  g_assert_cmpuint (audit->len, ==, 2);
  latest = audit->pdata[0];
  g_assert_cmpstr (latest->action, ==, "update");
  g_assert_cmpstr (latest->operator_name, ==, "Coordinator Sam");
  g_assert_cmpstr (latest->desk, ==, "Expo desk 1");

  g_assert_true (json_parser_load_from_data (parser, latest->before, -1, &error));
  before = json_node_get_object (json_parser_get_root (parser));
  /* Only what changed: the club was unset before (left out), and the
   * members that did not change are left out of both.
   */
  g_assert_false (json_object_has_member (before, "club"));
  g_assert_cmpuint (json_object_get_size (before), ==, 0);
  g_assert_cmpstr (latest->after, ==, "{\"club\":\"Belgrave Harriers\"}");
  g_assert_true (json_parser_load_from_data (parser, latest->after, -1, &error));
  after = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (after, "club"), ==, "Belgrave Harriers");

  /* Saving without a change writes no audit entry. */
  g_assert_true (sl_db_update_entrant (db, e, &error));
  g_clear_pointer (&audit, g_ptr_array_unref);
  audit = sl_db_list_audit (db, "entrant", e->id, 0, &error);
  g_assert_cmpuint (audit->len, ==, 2);

  /* Nor does setting the status an entrant already has. */
  g_assert_true (sl_db_set_entrant_status (db, e->id, SL_STATUS_WITHDRAWN, &error));
  g_assert_true (sl_db_set_entrant_status (db, e->id, SL_STATUS_WITHDRAWN, &error));
  g_assert_no_error (error);
  g_clear_pointer (&audit, g_ptr_array_unref);
  audit = sl_db_list_audit (db, "entrant", e->id, 0, &error);
  g_assert_cmpuint (audit->len, ==, 3);
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[0])->action, ==, "set-status");
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* Runs the main loop until an _async call's result is there. */
static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* The writes in a worker thread, on the event's second connection: the
 * same results and refusals as the synchronous calls, signed with the
 * caller's operator and desk as they were when the write began; the
 * caller's connection sees them at once.
 */
static void
test_async_writes (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "w.sqlite");
  g_autoptr(SlEntrant) e = valid_entrant ();
  g_autoptr(SlEntrant) stored = NULL;
  g_autoptr(SlEntrant) same_bib = valid_entrant ();
  g_autoptr(GAsyncResult) inserted = NULL;
  g_autoptr(GAsyncResult) updated = NULL;
  g_autoptr(GAsyncResult) withdrawn = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  sl_db_set_actor (db, "Coordinator Sam", "Expo desk 1");
  sl_db_save_entrant_async (db, e, NULL, store_result_cb, &inserted);
  /* Changed meanwhile: the write goes on as the one who began it. */
  sl_db_set_actor (db, "Someone Else", "Desk 9");
  g_assert_true (sl_db_write_entrant_finish (db, wait_for_result (&inserted), &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (e->id, ==, 0);  /* the caller's record is copied, not changed */

  e->id = id;
  g_free (e->club);
  e->club = g_strdup ("Belgrave Harriers");
  sl_db_save_entrant_async (db, e, NULL, store_result_cb, &updated);
  g_assert_true (sl_db_write_entrant_finish (db, wait_for_result (&updated), NULL, &error));
  sl_db_set_entrant_status_async (db, id, SL_STATUS_WITHDRAWN, NULL, store_result_cb,
                                  &withdrawn);
  g_assert_true (sl_db_write_entrant_finish (db, wait_for_result (&withdrawn), NULL, &error));
  g_assert_no_error (error);

  stored = sl_db_dup_entrant (db, id, &error);
  g_assert_cmpstr (stored->club, ==, "Belgrave Harriers");
  g_assert_cmpint (stored->status, ==, SL_STATUS_WITHDRAWN);
  audit = sl_db_list_audit (db, "entrant", id, 0, &error);
  g_assert_cmpuint (audit->len, ==, 3);
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[0])->action, ==, "set-status");
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[0])->operator_name, ==, "Someone Else");
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[2])->action, ==, "insert");
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[2])->operator_name, ==, "Coordinator Sam");
  g_assert_cmpstr (((SlAuditEntry *)audit->pdata[2])->desk, ==, "Expo desk 1");

  /* A refusal names the field, as the synchronous call's does. */
  sl_db_save_entrant_async (db, same_bib, NULL, store_result_cb, &refused);
  g_assert_false (sl_db_write_entrant_finish (db, wait_for_result (&refused), &id, &error));
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BIB);
  g_assert_cmpint (sl_db_count_entrants (db), ==, 1);
}

static void
assert_search_order (SlDb       *db,
                     const char *text,
                     const char *first_bib,
                     const char *second_bib)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = sl_db_search (db, text, 10, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, second_bib != NULL ? 2 : first_bib != NULL ? 1 : 0);
  if (first_bib != NULL)
    g_assert_cmpstr (((SlEntrant *)hits->pdata[0])->bib, ==, first_bib);
  if (second_bib != NULL)
    g_assert_cmpstr (((SlEntrant *)hits->pdata[1])->bib, ==, second_bib);
}

/* An update that leaves bib, reference, names, race and wave alone writes
 * fewer columns than one that changes them; either way the row, its
 * indexes, its sort name and the search index must end up true.
 */
static void
test_update_keeps_indexes_true (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "i.sqlite");
  g_autoptr(SlEntrant) adams = sl_test_add_entrant (db, "1", "LM26-A1", "Ann", "Adams", NULL);
  g_autoptr(SlEntrant) zed = sl_test_add_entrant (db, "2", "LM26-Z2", "Ann", "Zed", NULL);
  g_autoptr(SlEntrant) stored = NULL;
  g_autoptr(GError) error = NULL;
  SlRace elite = { 0, (char *)"EW", (char *)"Elite Women", (char *)"elite-women" };
  SlWave elite_wave = { 0, 0, (char *)"Elite", (char *)"Green", (char *)"2026-04-26T08:30:00Z" };

  assert_search_order (db, "ann", "1", "2");

  /* A phone number and a club: no indexed column. */
  adams->phone = g_strdup ("07700 900123");
  adams->club = g_strdup ("Serpentine");
  g_assert_true (sl_db_update_entrant (db, adams, &error));
  g_assert_no_error (error);
  stored = sl_db_dup_entrant (db, adams->id, &error);
  g_assert_cmpstr (stored->phone, ==, "07700 900123");
  assert_search_order (db, "serpentine", "1", NULL);
  assert_search_order (db, "ann", "1", "2");
  g_assert_true (sl_db_integrity_ok (db, &error));
  g_assert_no_error (error);

  /* A new surname moves her after Zed in name order. */
  g_free (adams->last_name);
  adams->last_name = g_strdup ("Zulu");
  g_assert_true (sl_db_update_entrant (db, adams, &error));
  g_assert_no_error (error);
  assert_search_order (db, "ann", "2", "1");
  assert_search_order (db, "adams", NULL, NULL);
  assert_search_order (db, "zulu", "1", NULL);
  g_assert_true (sl_db_integrity_ok (db, &error));

  /* Her own reference in other letter case is no clash; Zed's bib is. */
  g_free (adams->booking_ref);
  adams->booking_ref = g_strdup ("lm26-a1");
  g_assert_true (sl_db_update_entrant (db, adams, &error));
  g_assert_no_error (error);
  g_free (adams->bib);
  adams->bib = g_strdup ("2");
  g_assert_false (sl_db_update_entrant (db, adams, &error));
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BIB);
  g_clear_error (&error);
  g_free (adams->bib);
  adams->bib = g_strdup ("1");

  /* Another race's wave does not fit her race, nor a race without its
   * wave; both together do.
   */
  g_assert_true (sl_db_add_race (db, &elite, &error));
  elite_wave.race_id = elite.id;
  g_assert_true (sl_db_add_wave (db, &elite_wave, &error));
  adams->wave_id = elite_wave.id;
  g_assert_false (sl_db_update_entrant (db, adams, &error));
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_WAVE);
  g_clear_error (&error);
  adams->wave_id = 1;
  adams->race_id = elite.id;
  g_assert_false (sl_db_update_entrant (db, adams, &error));
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_WAVE);
  g_clear_error (&error);
  adams->wave_id = elite_wave.id;
  g_assert_true (sl_db_update_entrant (db, adams, &error));
  g_assert_no_error (error);

  g_clear_pointer (&stored, sl_entrant_free);
  stored = sl_db_dup_entrant (db, adams->id, &error);
  g_assert_cmpstr (stored->bib, ==, "1");
  g_assert_cmpstr (stored->booking_ref, ==, "lm26-a1");
  g_assert_cmpstr (stored->last_name, ==, "Zulu");
  g_assert_cmpint (stored->race_id, ==, elite.id);
  g_assert_cmpint (stored->wave_id, ==, elite_wave.id);
  g_assert_true (sl_db_integrity_ok (db, &error));
  g_assert_no_error (error);
}

static void
test_wave_must_match_race (void)
{
  g_autoptr(char) dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "w.sqlite");
  g_autoptr(SlEntrant) e = valid_entrant ();
  g_autoptr(GError) error = NULL;
  SlRace other = { 0, (char *)"EW", (char *)"Elite Women", (char *)"elite-women" };

  g_assert_true (sl_db_add_race (db, &other, &error));
  e->race_id = other.id;
  e->wave_id = 1; /* belongs to the mass race */
  g_assert_false (sl_db_insert_entrant (db, e, &error));
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_WAVE);
  g_clear_error (&error);

  e->wave_id = 99;
  g_assert_false (sl_db_insert_entrant (db, e, &error));
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_WAVE);
}

static void
test_enum_ids_round_trip (void)
{
  for (int s = 0; s < SL_N_STATUSES; s++)
    {
      SlStatus back;
      g_assert_true (sl_status_from_id (sl_status_to_id (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_nonnull (sl_status_to_label (s));
    }
  for (int t = 0; t < SL_N_ENTRY_TYPES; t++)
    {
      SlEntryType back;
      g_assert_true (sl_entry_type_from_id (sl_entry_type_to_id (t), &back));
      g_assert_cmpint (back, ==, t);
    }
  {
    SlGender g;
    g_assert_true (sl_gender_from_id ("non-binary", &g));
    g_assert_cmpint (g, ==, SL_GENDER_NON_BINARY);
    g_assert_false (sl_gender_from_id ("robot", &g));
  }
}

/* Text members of the after-image are quoted exactly as SQLite's
 * json_quote() quotes them, control characters and all, and the age and
 * ids are plain JSON numbers.
 */
static void
test_json_quoting (void)
{
  static const char * const notes[] = {
    "plain", "say \"hi\"", "back\\slash", "line\nbreak\ttab\r\b\f", "bell\x01\x1f end",
    "Zoë “quotes” 山田", "", "\"\\",
  };
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &handle), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autoptr(SlEntrant) e = valid_entrant ();
      g_autofree char *json = NULL;
      g_autofree char *expected_tail = NULL;
      sqlite3_stmt *stmt = NULL;

      e->notes = g_strdup (notes[i]);
      e->age = 120;
      e->race_id = 9000000000;
      json = sl_entrant_to_json (e);
      g_assert_nonnull (strstr (json, ",\"age\":120,"));
      g_assert_nonnull (strstr (json, ",\"race_id\":9000000000,"));

      g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT ',\"notes\":' || json_quote (?) || '}'",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, notes[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      expected_tail = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);

      if (*notes[i] == '\0')
        g_assert_null (strstr (json, "\"notes\""));
      else
        g_assert_true (g_str_has_suffix (json, expected_tail));
    }
  sqlite3_close (handle);
}

/* Blank: nothing but ASCII white space (a no-break space is text). */
static void
test_text_is_blank (void)
{
  g_assert_true (sl_text_is_blank (NULL));
  g_assert_true (sl_text_is_blank (""));
  g_assert_true (sl_text_is_blank (" \t\r\n"));
  g_assert_false (sl_text_is_blank (" x "));
  g_assert_false (sl_text_is_blank ("\u00a0"));
}

/* A lookup's answer: its own error, or "not found" only when it found nothing. */
static void
test_found_or_error (void)
{
  g_autoptr(GError) error = NULL;
  char thing[] = "x";

  g_assert_true (sl_found_or_error (thing, NULL, &error, SL_ENTRANT_ERROR,
                                    SL_ENTRANT_ERROR_NOT_FOUND, "No %s", "one") == thing);
  g_assert_no_error (error);
  g_assert_null (sl_found_or_error (NULL, NULL, &error, SL_ENTRANT_ERROR,
                                    SL_ENTRANT_ERROR_NOT_FOUND, "No %s %d", "entrant", 7));
  g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No entrant 7");
  g_clear_error (&error);
  g_assert_null (sl_found_or_error (NULL, g_error_new_literal (SL_DB_ERROR, SL_DB_ERROR_BUSY,
                                                               "busy"),
                                    &error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOT_FOUND,
                                    "No %s", "one"));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_BUSY);
  /* No place for the error: nothing is left behind. */
  g_assert_null (sl_found_or_error (NULL, NULL, NULL, SL_ENTRANT_ERROR,
                                    SL_ENTRANT_ERROR_NOT_FOUND, "No %s", "one"));
}

static void
test_squash_to_one_line (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "Bob\nBy", "Bob By" },
    { "Lee \r\n  Smith", "Lee Smith" },
    { "\tTab\tClub\t", "Tab Club" },
    { "Desk\x7f" "3", "Desk 3" },
    { "Desk\xc2\x85" "4", "Desk 4" },       /* NEL, a C1 control */
    { "  two  spaces  ", "  two  spaces  " },  /* spaces alone are not touched */
    { "José Núñez", "José Núñez" },
    { "\n", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup (cases[i].in);

      sl_text_squash_to_one_line (text);
      g_assert_cmpstr (text, ==, cases[i].out);
      g_assert_true (sl_text_check (text, "", G_MAXLONG, "The text", SL_ENTRANT_ERROR,
                                    SL_ENTRANT_ERROR_NOTES, NULL));
    }
}

/* A value of n characters: a letter from outside ASCII, so characters and
 * bytes differ, with an '@' for the email address.
 */
static char *
dup_text_of_length (glong n)
{
  GString *text = g_string_new ("@");

  for (glong i = 1; i < n; i++)
    g_string_append (text, "é");
  return g_string_free (text, FALSE);
}

static char **
text_slot (SlEntrant *e,
           int        code)
{
  switch (code)
    {
    case SL_ENTRANT_ERROR_BIB: return &e->bib;
    case SL_ENTRANT_ERROR_BOOKING_REF: return &e->booking_ref;
    case SL_ENTRANT_ERROR_FIRST_NAME: return &e->first_name;
    case SL_ENTRANT_ERROR_LAST_NAME: return &e->last_name;
    case SL_ENTRANT_ERROR_NATIONALITY: return &e->nationality;
    case SL_ENTRANT_ERROR_CLUB: return &e->club;
    case SL_ENTRANT_ERROR_EMAIL: return &e->email;
    case SL_ENTRANT_ERROR_PHONE: return &e->phone;
    case SL_ENTRANT_ERROR_EMERGENCY_CONTACT: return &e->emergency_contact;
    case SL_ENTRANT_ERROR_COSTUME: return &e->costume;
    case SL_ENTRANT_ERROR_NOTES: return &e->notes;
    default: g_assert_not_reached ();
    }
}

static void
test_text_limits (void)
{
  static const struct {
    int         code;
    glong       max_chars;
    const char *label;
  } fields[] = {
    { SL_ENTRANT_ERROR_BIB, 16, "bib number" },
    { SL_ENTRANT_ERROR_BOOKING_REF, 64, "booking reference" },
    { SL_ENTRANT_ERROR_FIRST_NAME, 100, "first name" },
    { SL_ENTRANT_ERROR_LAST_NAME, 100, "last name" },
    { SL_ENTRANT_ERROR_NATIONALITY, 60, "nationality" },
    { SL_ENTRANT_ERROR_CLUB, 150, "club" },
    { SL_ENTRANT_ERROR_EMAIL, 254, "email address" },
    { SL_ENTRANT_ERROR_PHONE, 40, "phone number" },
    { SL_ENTRANT_ERROR_EMERGENCY_CONTACT, 200, "emergency contact" },
    { SL_ENTRANT_ERROR_COSTUME, 150, "costume" },
    { SL_ENTRANT_ERROR_NOTES, 2000, "notes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(SlEntrant) e = valid_entrant ();
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("The %s can have at most %'ld characters "
                                                   "(%'ld given)", fields[i].label,
                                                   fields[i].max_chars, fields[i].max_chars + 1);
      char **slot = text_slot (e, fields[i].code);

      g_free (*slot);
      *slot = dup_text_of_length (fields[i].max_chars);
      g_assert_true (sl_entrant_validate (e, &error));
      g_assert_no_error (error);

      g_free (*slot);
      *slot = dup_text_of_length (fields[i].max_chars + 1);
      g_assert_false (sl_entrant_validate (e, &error));
      g_assert_error (error, SL_ENTRANT_ERROR, fields[i].code);
      g_assert_cmpstr (error->message, ==, expected);
    }

  /* The report's megabyte of a first name. */
  {
    g_autoptr(SlEntrant) e = valid_entrant ();
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = g_strdup_printf ("The first name can have at most %'d "
                                                 "characters (%'d given)", 100, 1024 * 1024);

    g_free (e->first_name);
    e->first_name = g_strnfill (1024 * 1024, 'a');
    g_assert_false (sl_entrant_validate (e, &error));
    g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_FIRST_NAME);
    g_assert_cmpstr (error->message, ==, expected);
  }
}

static void
test_invisible_characters (void)
{
  /* The bidirectional controls, then other format characters. */
  static const gunichar refused[] = {
    0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
    0x200e, 0x200f, 0x061c, 0x200b, 0xfeff, 0x00ad, 0x2060, 0xe0001,
  };
  /* Names spelled with the joiners, and text in a right-to-left script. */
  static const char *taken[] = {
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",   /* Persian, with a ZWNJ */
    "\u0915\u094d\u200d\u0937",                           /* Devanagari, with a ZWJ */
    "\u05e9\u05e8\u05d4",                                 /* Hebrew */
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(SlEntrant) e = valid_entrant ();
      g_autoptr(GError) error = NULL;
      char c[8] = { 0 };
      g_autofree char *expected = NULL;

      g_unichar_to_utf8 (refused[i], c);
      g_free (e->first_name);
      e->first_name = g_strconcat ("Ada", c, "Lovelace", NULL);
      g_assert_false (sl_entrant_validate (e, &error));
      g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_FIRST_NAME);
      expected = g_strdup_printf ("The first name cannot hold the invisible formatting character "
                                  "U+%04X: it can make a list show something other than what "
                                  "is stored", refused[i]);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);

      /* Every free-text field, notes too. */
      g_free (e->first_name);
      e->first_name = g_strdup ("Ada");
      e->notes = g_strconcat ("Line one\nLine ", c, "two", NULL);
      g_assert_false (sl_entrant_validate (e, &error));
      g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOTES);
    }

  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autoptr(SlEntrant) e = valid_entrant ();
      g_autoptr(GError) error = NULL;

      g_free (e->last_name);
      e->last_name = g_strdup (taken[i]);
      g_assert_true (sl_entrant_validate (e, &error));
      g_assert_no_error (error);
    }

  /* A line separator is a line break, in a name as much as a newline. */
  {
    g_autoptr(SlEntrant) e = valid_entrant ();
    g_autoptr(GError) error = NULL;

    g_free (e->club);
    e->club = g_strdup ("Tab\u2028Club");
    g_assert_false (sl_entrant_validate (e, &error));
    g_assert_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_CLUB);
    g_assert_cmpstr (error->message, ==,
                     "The club cannot hold a line break, tab or other control character");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/entrant/validate", test_validate);
  g_test_add_func ("/entrant/unique-bib-and-reference", test_unique_bib_and_reference);
  g_test_add_func ("/entrant/update-is-audited", test_update_is_audited);
  g_test_add_func ("/entrant/async-writes", test_async_writes);
  g_test_add_func ("/entrant/update-keeps-indexes-true", test_update_keeps_indexes_true);
  g_test_add_func ("/entrant/wave-must-match-race", test_wave_must_match_race);
  g_test_add_func ("/entrant/enum-ids", test_enum_ids_round_trip);
  g_test_add_func ("/entrant/json-quoting", test_json_quoting);
  g_test_add_func ("/entrant/squash-to-one-line", test_squash_to_one_line);
  g_test_add_func ("/entrant/text-is-blank", test_text_is_blank);
  g_test_add_func ("/entrant/found-or-error", test_found_or_error);
  g_test_add_func ("/entrant/text-limits", test_text_limits);
  g_test_add_func ("/entrant/invisible-characters", test_invisible_characters);

  return g_test_run ();
}
