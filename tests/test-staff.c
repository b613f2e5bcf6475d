/* test-staff.c — staff accounts, roles, sign-in and key slots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-test-util.h"
#include "sl-crypto.h"
#include "sl-session-private.h"
#include "sl-store.h"

#define PASS "correct horse"

typedef struct
{
  char *dir;
  char *path;
  SlDb *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "staff.sqlite");
  f->path = g_strdup (sl_db_get_path (f->db));
  sl_db_set_actor (f->db, "holder", "Desk 1");
  sl_entrant_free (sl_test_add_entrant (f->db, "501", "LM26-QX7", "Siobhán", "O'Brien", NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

/* Every row a guarded action could change, read on a connection of its
 * own: equal before and after a refusal. Binary columns in hex, each
 * engine's way.
 */
static char *
dump (Fixture *f)
{
  static const char sql[] =
    "SELECT * FROM staff ORDER BY id;"
    "SELECT id, hex(salt), hex(nonce), hex(wrapped_key), staff_id FROM key_slot ORDER BY id;"
    "SELECT hex(public_key) FROM event_key;"
    "SELECT id, status, checked_in_at, checked_in_desk FROM entrant ORDER BY id;"
    "SELECT * FROM checkin_event ORDER BY id;"
    "SELECT * FROM audit_log ORDER BY id;";
  static const char pg_sql[] =
    "SELECT * FROM staff ORDER BY id;"
    "SELECT id, encode(salt, 'hex'), encode(nonce, 'hex'), encode(wrapped_key, 'hex'), staff_id"
    " FROM key_slot ORDER BY id;"
    "SELECT encode(public_key, 'hex') FROM event_key;"
    "SELECT id, status, checked_in_at, checked_in_desk FROM entrant ORDER BY id;"
    "SELECT * FROM checkin_event ORDER BY id;"
    "SELECT * FROM audit_log ORDER BY id;";

  return sl_test_dump (f->db, f->path, sl_test_db_is_server (f->db) ? pg_sql : sql);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return sl_test_query_int (f->db, f->path, sql);
}

static void
sign_in (Fixture    *f,
         const char *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_sign_in (f->db, name, PASS, &error));
  g_assert_no_error (error);
}

static void
add (Fixture    *f,
     const char *name,
     SlRoles     roles)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_add_staff (f->db, name, roles, PASS, &error));
  g_assert_no_error (error);
}

/* Ada (admin and officer, the first account), Olu (officer), Exa
 * (exporter), Adm (admin); no one signed in at the end.
 */
static void
add_team (Fixture *f)
{
  add (f, "Ada", SL_ROLE_ADMIN | SL_ROLE_OFFICER);
  sign_in (f, "Ada");
  add (f, "Olu", SL_ROLE_OFFICER);
  add (f, "Exa", SL_ROLE_EXPORTER);
  add (f, "Adm", SL_ROLE_ADMIN);
  sl_db_sign_out (f->db);
}

typedef struct
{
  SlDb       *db;
  guint       runs;
  guint       write_held;
} Argon2Watch;

/* Another connection tries to begin a write, without waiting: it can
 * unless this process holds the event's writer lock.
 */
static void
argon2_watch_cb (gpointer data)
{
  Argon2Watch *watch = data;
  sqlite3 *handle = NULL;

  watch->runs++;
  if (sl_test_db_is_server (watch->db))
    {
      g_autofree char *got = NULL;

      /* The lock every write takes first (SL_PG_WRITE_LOCK_KEY), tried
       * in a transaction of its own and let go at its end.
       */
      got = sl_test_query_text (watch->db, NULL,
                                "SELECT pg_try_advisory_xact_lock (1398033486)");
      watch->write_held += g_strcmp0 (got, "t") != 0;
      return;
    }
  g_assert_cmpint (sqlite3_open_v2 (sl_db_get_path (watch->db), &handle, SQLITE_OPEN_READWRITE,
                                    NULL), ==, SQLITE_OK);
  if (sqlite3_exec (handle, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
    sqlite3_exec (handle, "ROLLBACK", NULL, NULL, NULL);
  else
    watch->write_held++;
  sqlite3_close (handle);
}

/* Each Argon2id computation of a new account (its passphrase hashed, an
 * officer's slot key derived) runs before the write transaction: another
 * desk can write meanwhile.
 */
static void
test_hash_before_write (Fixture       *f,
                        gconstpointer  data)
{
  Argon2Watch watch = { f->db, 0, 0 };

  sl_crypto_set_argon2_hook (argon2_watch_cb, &watch);
  add (f, "Ada", SL_ROLE_ADMIN | SL_ROLE_OFFICER);
  g_assert_cmpuint (watch.runs, ==, 2);
  sign_in (f, "Ada");
  watch.runs = 0;
  add (f, "Olu", SL_ROLE_OFFICER);
  add (f, "Exa", SL_ROLE_EXPORTER);
  sl_crypto_set_argon2_hook (NULL, NULL);
  g_assert_cmpuint (watch.runs, ==, 3);
  g_assert_cmpuint (watch.write_held, ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM key_slot"), ==, 2);
  /* The slots made so open. */
  sl_db_sign_out (f->db);
  sign_in (f, "Olu");
  g_assert_nonnull (sl_db_get_event_key (f->db));
}

static void
test_first_account (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump (f);
  g_autofree char *after = NULL;

  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 0);
  /* The first must be an admin. */
  g_assert_false (sl_db_add_staff (f->db, "Olu", SL_ROLE_OFFICER, PASS, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  after = dump (f);
  g_assert_cmpstr (before, ==, after);

  /* Whoever holds the file makes it; an officer's makes the key pair. */
  add (f, "Ada", SL_ROLE_ADMIN | SL_ROLE_OFFICER);
  g_assert_cmpint (count (f, "SELECT count(*) FROM staff WHERE name = 'Ada' AND roles = 5"
                             " AND created_by = 'holder'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM event_key"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM key_slot"), ==, 1);

  /* After that, only a signed-in admin. */
  g_clear_pointer (&before, g_free);
  before = dump (f);
  g_assert_false (sl_db_add_staff (f->db, "Eve", SL_ROLE_ADMIN, PASS, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_cmpstr (error->message, ==, "Needs an admin.");
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);
  after = dump (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump (f);
  g_autofree char *after = NULL;

  g_assert_false (sl_db_add_staff (f->db, "Ada", SL_ROLE_ADMIN, "short7!", &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "8"));
  g_clear_error (&error);
  g_assert_false (sl_db_add_staff (f->db, "  ", SL_ROLE_ADMIN, PASS, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sl_db_add_staff (f->db, "Ada\nroot", SL_ROLE_ADMIN, PASS, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_clear_error (&error);
  /* A desk's account is bad input on a file (accounts there are not
   * logins); on a server it is a login's role, but never the first
   * account: refused either way, before any login is made.
   */
  g_assert_false (sl_db_add_staff (f->db, "Ada", SL_ROLE_DESK, PASS, &error));
  if (sl_test_store_is_server ())
    {
      g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
      g_assert_cmpstr (error->message, ==, "The event's first account must be an admin.");
    }
  else
    g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_clear_error (&error);
  after = dump (f);
  g_assert_cmpstr (before, ==, after);

  /* Names are unique regardless of case. */
  add (f, "Ada", SL_ROLE_ADMIN);
  sign_in (f, "ada");
  g_assert_cmpstr (sl_db_get_staff_name (f->db), ==, "Ada");
  g_assert_false (sl_db_add_staff (f->db, "ADA", SL_ROLE_EXPORTER, PASS, &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (sl_db_remove_staff (f->db, "Nobody", &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_FOUND);
}

typedef struct
{
  const char *name;    /* NULL: the desk, no one signed in */
  SlRoles     roles;
} Person;

static const Person people[] = {
  { NULL, SL_ROLE_DESK },
  { "Olu", SL_ROLE_OFFICER },
  { "Exa", SL_ROLE_EXPORTER },
  { "Adm", SL_ROLE_ADMIN },
  { "Ada", SL_ROLE_ADMIN | SL_ROLE_OFFICER },
};

/* Runs one guarded action as whoever is signed in; TRUE when it was
 * done, after putting the data back as it was (with the role's own
 * rights where that needs any).
 */
static gboolean
try_action (Fixture  *f,
            SlAction  action,
            GError  **error)
{
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(GPtrArray) staff = NULL;

  switch (action)
    {
    case SL_ACTION_MANAGE_STAFF:
      if (!sl_db_add_staff (f->db, "Newcomer", SL_ROLE_EXPORTER, PASS, error))
        return FALSE;
      g_assert_true (sl_db_remove_staff (f->db, "Newcomer", NULL));
      staff = sl_db_list_staff (f->db, NULL);
      g_assert_cmpuint (staff->len, ==, 4);
      return TRUE;
    case SL_ACTION_UNDO_OTHER_DESK:
      entrant = sl_db_undo_check_in (f->db, "501", "Desk 2", error);
      if (entrant == NULL)
        return FALSE;
      sl_entrant_free (sl_db_check_in (f->db, "501", "Desk 1", NULL));
      return TRUE;
    case SL_ACTION_RECORD_NEED:
    case SL_ACTION_MANAGE_NEEDS:
    case SL_ACTION_READ_NEED_DETAIL:
    case SL_ACTION_DELETE:
    case SL_ACTION_EXPORT:
    case SL_ACTION_MANAGE_FACILITIES:
    case SL_ACTION_ADMIT_OVER_CAPACITY:
    case SL_ACTION_MANAGE_CHARITIES:
    case SL_ACTION_READ_CHARITIES:
    case SL_ACTION_EXPORT_FULL:
    default:
      /* Done by other services; here the check they make. */
      return sl_db_require (f->db, action, error);
    }
}

static void
test_role_action_table (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SlEntrant) in = NULL;

  add_team (f);
  in = sl_db_check_in (f->db, "501", "Desk 1", NULL);
  g_assert_nonnull (in);

  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      if (people[p].name != NULL)
        sign_in (f, people[p].name);
      else
        sl_db_sign_out (f->db);
      g_assert_cmpint (sl_db_get_roles (f->db), ==, people[p].roles);

      for (SlAction action = 0; action < SL_N_ACTIONS; action++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *before = dump (f);
          g_autofree char *after = NULL;
          gboolean expected = sl_roles_allow (people[p].roles, action);
          gboolean done;

          g_test_message ("%s, action %d: %s", people[p].name != NULL ? people[p].name : "desk",
                          action, expected ? "allowed" : "refused");
          done = try_action (f, action, &error);
          g_assert_cmpint (done, ==, expected);
          if (done)
            {
              g_assert_no_error (error);
              continue;
            }
          /* One line naming the role needed; nothing changed. */
          g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
          g_assert_true (g_str_has_prefix (error->message, "Needs an"));
          g_assert_null (strchr (error->message, '\n'));
          after = dump (f);
          g_assert_cmpstr (before, ==, after);
        }
    }
  /* The table itself, as the issue states it. */
  g_assert_true (sl_roles_allow (SL_ROLE_DESK, SL_ACTION_RECORD_NEED));
  g_assert_false (sl_roles_allow (SL_ROLE_ADMIN, SL_ACTION_MANAGE_NEEDS));
  g_assert_false (sl_roles_allow (SL_ROLE_ADMIN, SL_ACTION_READ_NEED_DETAIL));
  g_assert_true (sl_roles_allow (SL_ROLE_OFFICER, SL_ACTION_UNDO_OTHER_DESK));
  g_assert_false (sl_roles_allow (SL_ROLE_EXPORTER, SL_ACTION_UNDO_OTHER_DESK));
  g_assert_true (sl_roles_allow (SL_ROLE_EXPORTER, SL_ACTION_EXPORT));
  g_assert_false (sl_roles_allow (SL_ROLE_OFFICER, SL_ACTION_DELETE));
  g_assert_false (sl_roles_allow (SL_ROLE_OFFICER | SL_ROLE_EXPORTER, SL_ACTION_MANAGE_STAFF));
  g_assert_true (sl_roles_allow (SL_ROLE_OFFICER, SL_ACTION_MANAGE_FACILITIES));
  g_assert_true (sl_roles_allow (SL_ROLE_ADMIN, SL_ACTION_MANAGE_FACILITIES));
  g_assert_false (sl_roles_allow (SL_ROLE_DESK, SL_ACTION_MANAGE_FACILITIES));
  g_assert_false (sl_roles_allow (SL_ROLE_EXPORTER, SL_ACTION_MANAGE_FACILITIES));
  g_assert_true (sl_roles_allow (SL_ROLE_OFFICER, SL_ACTION_ADMIT_OVER_CAPACITY));
  g_assert_true (sl_roles_allow (SL_ROLE_ADMIN, SL_ACTION_ADMIT_OVER_CAPACITY));
  g_assert_false (sl_roles_allow (SL_ROLE_DESK, SL_ACTION_ADMIT_OVER_CAPACITY));
  g_assert_false (sl_roles_allow (SL_ROLE_EXPORTER, SL_ACTION_ADMIT_OVER_CAPACITY));
}

static char *
open_text (Fixture *f,
           GBytes  *sealed)
{
  g_autoptr(GError) error = NULL;
  char *secret = sl_crypto_open (sl_db_get_event_key (f->db), sealed, &error);
  char *text;

  g_assert_no_error (error);
  text = g_strdup (secret);
  sl_secret_str_free (secret);
  return text;
}

static void
test_key_slots_survive (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(GBytes) public_after = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;

  /* No officer yet: no key to seal to. */
  g_assert_null (sl_db_dup_event_public_key (f->db, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_NO_KEY);
  g_clear_error (&error);

  add_team (f);
  public_key = sl_db_dup_event_public_key (f->db, &error);
  g_assert_no_error (error);
  /* A desk seals what it cannot read back. */
  sealed = sl_crypto_seal (public_key, "needs the calm space");
  g_assert_null (sl_db_get_event_key (f->db));

  sign_in (f, "Ada");
  add (f, "Bea", SL_ROLE_OFFICER);
  add (f, "Cal", SL_ROLE_OFFICER);
  g_assert_cmpint (count (f, "SELECT count(*) FROM key_slot"), ==, 4);
  g_assert_true (sl_db_remove_staff (f->db, "Bea", &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_remove_staff (f->db, "Olu", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM key_slot"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM key_slot JOIN staff ON staff.id = staff_id"
                             " WHERE name IN ('Ada', 'Cal')"), ==, 2);

  /* The same key pair throughout, open to those left. */
  public_after = sl_db_dup_event_public_key (f->db, NULL);
  g_assert_true (g_bytes_equal (public_key, public_after));
  sign_in (f, "Cal");
  text = open_text (f, sealed);
  g_assert_cmpstr (text, ==, "needs the calm space");
  sign_in (f, "Ada");
  text2 = open_text (f, sealed);
  g_assert_cmpstr (text2, ==, "needs the calm space");

  /* A removed officer signs in no more. */
  g_assert_false (sl_db_sign_in (f->db, "Bea", PASS, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE);
  g_assert_null (sl_db_get_event_key (f->db));
}

static void
test_adding_officer_needs_officer (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_team (f);
  sign_in (f, "Adm");
  /* An admin who is not an officer gets no key and reads no detail. */
  g_assert_null (sl_db_get_event_key (f->db));
  g_assert_false (sl_db_require (f->db, SL_ACTION_READ_NEED_DETAIL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  before = dump (f);
  g_assert_false (sl_db_add_staff (f->db, "Bea", SL_ROLE_OFFICER, PASS, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "also an accessibility officer"));
  g_clear_error (&error);
  after = dump (f);
  g_assert_cmpstr (before, ==, after);
  /* Accounts without the officer's role need no key. */
  add (f, "Exa2", SL_ROLE_EXPORTER | SL_ROLE_ADMIN);

  /* An officer's sign-in opens the key; signing out wipes it. */
  sign_in (f, "Olu");
  g_assert_nonnull (sl_db_get_event_key (f->db));
  g_assert_true (sl_db_require (f->db, SL_ACTION_READ_NEED_DETAIL, NULL));
  sl_db_sign_out (f->db);
  g_assert_null (sl_db_get_event_key (f->db));
  g_assert_null (sl_db_get_staff_name (f->db));
  g_assert_cmpint (sl_db_get_roles (f->db), ==, SL_ROLE_DESK);
}

static void
test_last_admin_and_officer (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add (f, "Ada", SL_ROLE_ADMIN | SL_ROLE_OFFICER);
  sign_in (f, "Ada");
  before = dump (f);
  g_assert_false (sl_db_remove_staff (f->db, "Ada", &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "last admin"));
  g_clear_error (&error);
  after = dump (f);
  g_assert_cmpstr (before, ==, after);

  /* Another admin, but still the only officer: the key would be lost. */
  add (f, "Adm", SL_ROLE_ADMIN);
  g_assert_false (sl_db_remove_staff (f->db, "Ada", &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "last accessibility officer"));
  g_clear_error (&error);

  /* With another officer she may go; removing herself signs her out. */
  add (f, "Olu", SL_ROLE_OFFICER);
  g_assert_true (sl_db_remove_staff (f->db, "ada", &error));
  g_assert_no_error (error);
  g_assert_null (sl_db_get_staff_name (f->db));
  g_assert_cmpint (count (f, "SELECT count(*) FROM staff"), ==, 2);
}

static void
test_wrong_passphrase (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) wrong = NULL;
  g_autoptr(GError) unknown = NULL;

  add_team (f);
  sign_in (f, "Olu");
  /* A failed attempt leaves no one signed in. */
  g_assert_false (sl_db_sign_in (f->db, "Ada", "correct horsE", &wrong));
  g_assert_false (sl_db_sign_in (f->db, "Nobody", PASS, &unknown));
  g_assert_error (wrong, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE);
  g_assert_error (unknown, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE);
  g_assert_cmpstr (wrong->message, ==, unknown->message);
  g_assert_null (sl_db_get_staff_name (f->db));
  g_assert_null (sl_db_get_event_key (f->db));
  g_assert_cmpstr (sl_db_get_operator (f->db), ==, "holder");
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  add_team (f);
  /* Signing in makes the account the operator; signing out goes back. */
  sign_in (f, "Ada");
  g_assert_cmpstr (sl_db_get_operator (f->db), ==, "Ada");
  g_assert_true (sl_db_remove_staff (f->db, "Exa", NULL));
  sl_db_sign_out (f->db);
  g_assert_cmpstr (sl_db_get_operator (f->db), ==, "holder");

  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'staff'"
                             " AND action = 'insert'"), ==, 4);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'staff'"
                             " AND action = 'delete' AND operator = 'Ada'"
                             " AND before LIKE '%\"name\":\"Exa\"%'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'key-slot'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'event-key'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE operator = 'holder'"
                             " AND entity = 'staff' AND after LIKE '%\"name\":\"Ada\"%'"),
                   ==, 1);
  /* Never a hash or a key. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE coalesce(before, '')"
                             " || coalesce(after, '') LIKE '%argon2%'"), ==, 0);
  g_assert_cmpint (count (f, sl_test_db_is_server (f->db)
                                ? "SELECT count(*) FROM audit_log, event_key WHERE"
                                  " strpos(upper(coalesce(after, '')),"
                                  " upper(encode(public_key, 'hex'))) > 0"
                                : "SELECT count(*) FROM audit_log, event_key WHERE"
                                  " instr(upper(coalesce(after, '')), hex(public_key)) > 0"),
                   ==, 0);
  g_assert_cmpint (count (f, sl_test_db_is_server (f->db)
                                ? "SELECT count(*) FROM audit_log, key_slot WHERE"
                                  " strpos(coalesce(after, ''), upper(encode(wrapped_key, 'hex')))"
                                  " > 0"
                                : "SELECT count(*) FROM audit_log, key_slot WHERE"
                                  " instr(coalesce(after, ''), hex(wrapped_key)) > 0"), ==, 0);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* The session is shared with the writer connection: an undo of another
 * desk's check-in in a worker thread runs as the officer signed in.
 */
static void
test_async_shares_session (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) undo_result = NULL;
  g_autoptr(SlEntrant) in = NULL;
  g_autoptr(SlEntrant) undone = NULL;
  g_autoptr(SlDb) writer = NULL;

  add_team (f);
  in = sl_db_check_in (f->db, "501", "Desk 1", NULL);
  writer = sl_db_dup_writer (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_db_get_roles (writer), ==, SL_ROLE_DESK);

  sl_db_sign_in_async (f->db, "Olu", "wrong passphrase", NULL, async_done_cb, &result);
  g_assert_false (sl_db_sign_in_finish (f->db, wait_for (&result), &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_clear_object (&result);

  sl_db_sign_in_async (f->db, "Olu", PASS, NULL, async_done_cb, &result);
  g_assert_true (sl_db_sign_in_finish (f->db, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sl_db_get_staff_name (f->db), ==, "Olu");
  g_assert_cmpint (sl_db_get_roles (writer), ==, SL_ROLE_OFFICER);
  g_assert_nonnull (sl_db_get_event_key (writer));

  sl_db_set_actor (f->db, NULL, "Desk 2");
  sl_db_undo_check_in_id_async (f->db, in->id, "Desk 2", NULL, NULL, async_done_cb, &undo_result);
  undone = sl_db_check_in_id_finish (f->db, wait_for (&undo_result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (undone->status, ==, SL_STATUS_REGISTERED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'undo-check-in'"
                             " AND operator = 'Olu'"), ==, 1);

  sl_db_sign_out (f->db);
  g_assert_cmpint (sl_db_get_roles (writer), ==, SL_ROLE_DESK);
  g_assert_null (sl_db_get_event_key (writer));
}

/* The add in a worker thread: the first account, then (refused without
 * an admin signed in, nothing written) an officer added by the admin who
 * is signed in, audited as them; the passphrase signs in.
 */
static void
test_add_async (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  sl_db_add_staff_async (f->db, "Ada", SL_ROLE_ADMIN | SL_ROLE_OFFICER, PASS, NULL,
                         async_done_cb, &result);
  g_assert_true (sl_db_add_staff_finish (f->db, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 1);

  before = dump (f);
  sl_db_add_staff_async (f->db, "Olu", SL_ROLE_OFFICER, PASS, NULL, async_done_cb, &result);
  g_assert_false (sl_db_add_staff_finish (f->db, wait_for (&result), &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_clear_object (&result);
  after = dump (f);
  g_assert_cmpstr (before, ==, after);

  sign_in (f, "Ada");
  sl_db_add_staff_async (f->db, "Olu", SL_ROLE_OFFICER, PASS, NULL, async_done_cb, &result);
  g_assert_true (sl_db_add_staff_finish (f->db, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'staff'"
                             " AND action = 'insert' AND operator = 'Ada'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM key_slot"), ==, 2);
  sl_db_sign_out (f->db);
  sign_in (f, "Olu");
  g_assert_cmpint (sl_db_get_roles (f->db), ==, SL_ROLE_OFFICER);

  /* A short passphrase: the core's message, nothing written. */
  sl_db_sign_out (f->db);
  sign_in (f, "Ada");
  sl_db_add_staff_async (f->db, "Exa", SL_ROLE_EXPORTER, "short", NULL, async_done_cb, &result);
  g_assert_false (sl_db_add_staff_finish (f->db, wait_for (&result), &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID);
  g_clear_object (&result);
  g_assert_cmpint (sl_db_count_staff (f->db, NULL), ==, 2);
}

/* The removal in a worker thread: refused for the last admin with the
 * core's message; another account goes with its key slot; removing one's
 * own account signs out once finished.
 */
static void
test_remove_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  add_team (f);
  sign_in (f, "Ada");
  sl_db_remove_staff_async (f->db, "Olu", NULL, async_done_cb, &result);
  g_assert_true (sl_db_remove_staff_finish (f->db, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (count (f, "SELECT count(*) FROM staff WHERE name = 'Olu'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM key_slot"), ==, 1);

  sl_db_remove_staff_async (f->db, "Adm", NULL, async_done_cb, &result);
  g_assert_true (sl_db_remove_staff_finish (f->db, wait_for (&result), &error));
  g_clear_object (&result);
  /* Ada is now the last admin (and officer). */
  sl_db_remove_staff_async (f->db, "Ada", NULL, async_done_cb, &result);
  g_assert_false (sl_db_remove_staff_finish (f->db, wait_for (&result), &error));
  g_assert_error (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "last admin"));
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpstr (sl_db_get_staff_name (f->db), ==, "Ada");

  /* Two admins again; Ada removes herself and is signed out. */
  add (f, "Adm", SL_ROLE_ADMIN | SL_ROLE_OFFICER);
  sl_db_remove_staff_async (f->db, "Ada", NULL, async_done_cb, &result);
  g_assert_true (sl_db_remove_staff_finish (f->db, wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_null (sl_db_get_staff_name (f->db));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/staff/first-account", test_first_account);
  ADD ("/staff/hash-before-write", test_hash_before_write);
  ADD ("/staff/bad-input", test_bad_input);
  ADD ("/staff/role-action-table", test_role_action_table);
  ADD ("/staff/key-slots-survive", test_key_slots_survive);
  ADD ("/staff/adding-officer-needs-officer", test_adding_officer_needs_officer);
  ADD ("/staff/last-admin-and-officer", test_last_admin_and_officer);
  ADD ("/staff/wrong-passphrase", test_wrong_passphrase);
  ADD ("/staff/audit", test_audit);
  ADD ("/staff/async-shares-session", test_async_shares_session);
  ADD ("/staff/add-async", test_add_async);
  ADD ("/staff/remove-async", test_remove_async);
#undef ADD

  return g_test_run ();
}
