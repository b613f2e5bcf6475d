/* test-export-profiles.c — the canary: every export profile as every role
 *
 * Entrants whose every personal and special field holds a string found
 * nowhere else; some gave their charity contact consent, some did not;
 * some shared their need with the medical team, some did not. Every
 * profile (the built-ins and two custom ones) is exported as every role
 * in xlsx and CSV, and each file is checked for exactly its profile's
 * columns and for no value its profile, the role or the consents do not
 * allow. The export log holds one row per export that was written, with
 * the SHA-256 of its bytes, and none for a refused one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "sl-core.h"
#include "sl-test-util.h"

#define PASS "correct horse battery staple"
#define N_RUNNERS 4
#define CHARITY "Riverside Hospice"
#define FACILITY "Calm space"

typedef enum
{
  V_EMAIL,
  V_PHONE,
  V_DOB,
  V_EMERGENCY,
  V_NOTES,
  V_DETAIL,
  N_VALUES
} Value;

typedef struct
{
  char     *dir;
  char     *path;
  SlDb     *db;
  gint64    ids[N_RUNNERS];
  char     *values[N_RUNNERS][N_VALUES];
  char     *marker_label;
  guint     n_logged;
} Fixture;

static const char *const role_names[] = { NULL, "Olu Officer", "Eve Exporter", "Ada Admin" };
static const SlRoles role_bits[] = { SL_ROLE_DESK, SL_ROLE_OFFICER, SL_ROLE_EXPORTER,
                                     SL_ROLE_ADMIN };

/* Runner i: consent given for 0 and 1, not given for 2, withdrawn for 3;
 * the need shared with the medical team for 0 and 2.
 */
static gboolean
consent_given (guint i)
{
  return i < 2;
}

static gboolean
medical_shared (guint i)
{
  return i % 2 == 0;
}

static void
sign_in (SlDb       *db,
         const char *name)
{
  g_autoptr(GError) error = NULL;

  sl_db_sign_out (db);
  if (name == NULL)
    return;
  g_assert_true (sl_db_sign_in (db, name, PASS, &error));
  g_assert_no_error (error);
}

static void
add_runner (Fixture *f,
            guint    i)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bib = g_strdup_printf ("70%u", i);
  g_autofree char *ref = g_strdup_printf ("CAN-%u", i);
  g_autofree char *first = g_strdup_printf ("Firstcanary%u", i);
  g_autofree char *last = g_strdup_printf ("Lastcanary%u", i);
  g_autoptr(SlEntrant) e = sl_test_add_entrant (f->db, bib, ref, first, last, NULL);
  static const SlContactConsent consents[N_RUNNERS] = {
    SL_CONTACT_CONSENT_GIVEN, SL_CONTACT_CONSENT_GIVEN, SL_CONTACT_CONSENT_NOT_GIVEN,
    SL_CONTACT_CONSENT_WITHDRAWN,
  };

  f->ids[i] = e->id;
  f->values[i][V_EMAIL] = g_strdup_printf ("canary-mail-%u@example.org", i);
  f->values[i][V_PHONE] = g_strdup_printf ("0770099881%u", i);
  f->values[i][V_DOB] = g_strdup_printf ("1961-0%u-2%u", i + 1, i);
  f->values[i][V_EMERGENCY] = g_strdup_printf ("Canary Emergencyperson %u", i);
  f->values[i][V_NOTES] = g_strdup_printf ("Canary desknote %u", i);
  f->values[i][V_DETAIL] = g_strdup_printf ("Canary needdetail %u", i);
  g_free (e->email);
  e->email = g_strdup (f->values[i][V_EMAIL]);
  g_free (e->phone);
  e->phone = g_strdup (f->values[i][V_PHONE]);
  g_free (e->date_of_birth);
  e->date_of_birth = g_strdup (f->values[i][V_DOB]);
  g_free (e->emergency_contact);
  e->emergency_contact = g_strdup (f->values[i][V_EMERGENCY]);
  g_free (e->notes);
  e->notes = g_strdup (f->values[i][V_NOTES]);
  g_assert_true (sl_db_update_entrant (f->db, e, &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_set_charity_signup (f->db, e->id, 1, 200000, 1000 * (i + 1), &error));
  g_assert_no_error (error);
  if (i == 3)
    g_assert_true (sl_db_set_contact_consent (f->db, e->id, SL_CONTACT_CONSENT_GIVEN, "v1",
                                              &error));
  g_assert_true (sl_db_set_contact_consent (f->db, e->id, consents[i], "v2", &error));
  g_assert_no_error (error);
}

/* As the officer: a custom need type, a need with a unique detail for
 * each runner (shared with the medical team or not), a marker, a facility.
 */
static void
add_needs (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SlFacility facility = { 0 };
  gint64 id = 0;

  g_assert_true (sl_db_add_need_type (f->db, "canary-type", "Canarytype Need", NULL, &id,
                                      &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_RUNNERS; i++)
    {
      gint64 need = sl_db_record_need (f->db, f->ids[i], "canary-type", f->values[i][V_DETAIL],
                                       SL_NEED_APPROVED, &error);

      g_assert_no_error (error);
      g_assert_true (sl_db_set_need_consent (f->db, need, SL_CONSENT_MEDICAL, medical_shared (i),
                                             "v1", &error));
      g_assert_true (sl_db_set_marker (f->db, f->ids[i], SL_MARKER_WHEELCHAIR, TRUE, &error));
      g_assert_no_error (error);
    }
  facility.kind = SL_FACILITY_QUIET_SPACE;
  facility.name = (char *)FACILITY;
  facility.capacity = 10;
  facility.opens = 6 * 60;
  facility.closes = 14 * 60;
  g_assert_true (sl_db_add_facility (f->db, &facility, &id, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = sl_test_tmpdir_new ();
  f->db = sl_test_db_new (f->dir, "event.startline");
  f->path = g_strdup (sl_db_get_path (f->db));
  g_assert_true (sl_db_add_staff (f->db, "Ada Admin", SL_ROLE_ADMIN, PASS, &error));
  sign_in (f->db, "Ada Admin");
  g_assert_true (sl_db_add_staff (f->db, "Olu Officer", SL_ROLE_OFFICER, PASS, &error));
  g_assert_true (sl_db_add_staff (f->db, "Eve Exporter", SL_ROLE_EXPORTER, PASS, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_RUNNERS; i++)
    add_runner (f, i);
  sign_in (f->db, "Olu Officer");
  add_needs (f);
  f->marker_label = g_strdup (sl_marker_to_label (SL_MARKER_WHEELCHAIR));
  sign_in (f->db, "Eve Exporter");
  {
    static const SlExportColumn special[] = {
      SL_EXPORT_COLUMN_BIB, SL_EXPORT_COLUMN_FIRST_NAME, SL_EXPORT_COLUMN_EMAIL,
      SL_EXPORT_COLUMN_NOTES, SL_EXPORT_COLUMN_NEED_TYPES, SL_EXPORT_COLUMN_NEED_DETAILS,
    };
    static const SlExportColumn plain[] = {
      SL_EXPORT_COLUMN_BIB, SL_EXPORT_COLUMN_LAST_NAME, SL_EXPORT_COLUMN_CHARITY_CONSENT,
      SL_EXPORT_COLUMN_RAISED,
    };

    g_assert_true (sl_db_save_export_profile (f->db, "canary special", special,
                                              G_N_ELEMENTS (special), &error));
    g_assert_true (sl_db_save_export_profile (f->db, "canary plain", plain,
                                              G_N_ELEMENTS (plain), &error));
    g_assert_no_error (error);
  }
  sl_db_sign_out (f->db);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->db != NULL)
    sl_db_sign_out (f->db);
  g_clear_object (&f->db);
  for (guint i = 0; i < N_RUNNERS; i++)
    for (guint v = 0; v < N_VALUES; v++)
      g_free (f->values[i][v]);
  g_free (f->marker_label);
  g_free (f->path);
  sl_test_tmpdir_free (f->dir);
}

static char *
read_text (const char *path,
           gboolean    xlsx)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  if (xlsx)
    {
      g_autofree char *script = g_test_build_filename (G_TEST_DIST, "read-export.py", NULL);
      const char *python = g_getenv ("PYTHON3") != NULL ? g_getenv ("PYTHON3") : "/usr/bin/python3";
      const char *argv[] = { python, script, path, NULL };
      g_autofree char *err = NULL;
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &text, &err, &status, &error));
      g_assert_no_error (error);
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("read-export.py %s failed: %s", path, err);
      return text;
    }
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static char *
dup_sha256 (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize len = 0;

  g_file_get_contents (path, &bytes, &len, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)bytes, len);
}

static gboolean
profile_has (const SlExportProfile *profile,
             SlExportColumn         column)
{
  for (guint i = 0; i < profile->n_columns; i++)
    if (profile->columns[i] == column)
      return TRUE;
  return FALSE;
}

static void
assert_absent (const char *text,
               const char *value,
               const char *file)
{
  if (strstr (text, value) != NULL)
    g_error ("%s holds “%s”, which its profile, role or consent does not allow", file, value);
}

static void
assert_present (const char *text,
                const char *value,
                const char *file)
{
  if (strstr (text, value) == NULL)
    g_error ("%s lacks “%s”", file, value);
}

/* Each runner's values in the file: there exactly when the profile's
 * columns, the role and the runner's consents allow them.
 */
static void
check_values (Fixture               *f,
              const SlExportProfile *profile,
              const char            *text,
              const char            *file)
{
  gboolean by_consent = (profile->flags & SL_PROFILE_CONTACT_BY_CONSENT) != 0;
  gboolean medical = (profile->flags & SL_PROFILE_NEEDS_BY_MEDICAL_CONSENT) != 0;
  gboolean roster = profile->kind == SL_PROFILE_KIND_ROSTER;

  for (guint i = 0; i < N_RUNNERS; i++)
    {
      static const SlExportColumn columns[N_VALUES] = {
        SL_EXPORT_COLUMN_EMAIL, SL_EXPORT_COLUMN_PHONE, SL_EXPORT_COLUMN_DATE_OF_BIRTH,
        SL_EXPORT_COLUMN_EMERGENCY_CONTACT, SL_EXPORT_COLUMN_NOTES,
        SL_EXPORT_COLUMN_NEED_DETAILS,
      };

      for (guint v = 0; v < N_VALUES; v++)
        {
          gboolean allowed = !roster && profile_has (profile, columns[v]);

          if ((v == V_EMAIL || v == V_PHONE) && by_consent)
            allowed &= consent_given (i);
          if (v == V_DETAIL && medical)
            allowed &= medical_shared (i);
          if (v == V_DOB && allowed)
            continue;     /* a date cell in xlsx: checked in the CSV */
          (allowed ? assert_present : assert_absent) (text, f->values[i][v], file);
        }
    }
  if (!profile_has (profile, SL_EXPORT_COLUMN_NEED_TYPES))
    assert_absent (text, "Canarytype Need", file);
  else
    assert_present (text, "Canarytype Need", file);
  if (!roster && !profile_has (profile, SL_EXPORT_COLUMN_MARKERS))
    assert_absent (text, f->marker_label, file);
  /* Special data only ever for an officer. */
  if (sl_export_profile_sensitivity (profile) == SL_SENSITIVITY_SPECIAL)
    g_assert_true (profile->roles == SL_ROLE_OFFICER || roster);
}

static void
check_csv_header (const SlProfileExportPreview *preview,
                  const char                   *text)
{
  g_autofree char *expected = g_strjoinv (",", preview->headers);
  const char *start = g_str_has_prefix (text, "\xEF\xBB\xBF") ? text + 3 : text;
  const char *end = strpbrk (start, "\r\n");
  g_autofree char *line = g_strndup (start, end != NULL ? (gsize)(end - start) : strlen (start));
  g_auto(GStrv) cells = g_strsplit (line, ",", -1);
  g_autofree char *header = NULL;

  /* The roster quotes every header; the entrant export only where needed. */
  for (guint i = 0; cells[i] != NULL; i++)
    if (g_str_has_prefix (cells[i], "\"") && g_str_has_suffix (cells[i], "\""))
      {
        char *bare = g_strndup (cells[i] + 1, strlen (cells[i]) - 2);

        g_free (cells[i]);
        cells[i] = bare;
      }
  header = g_strjoinv (",", cells);
  g_assert_cmpstr (header, ==, expected);
}

static void
check_xlsx_header (const SlProfileExportPreview *preview,
                   const char                   *json)
{
  /* The JSON lists the header's cells first, in order. */
  const char *at = json;

  for (guint i = 0; preview->headers[i] != NULL; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", preview->headers[i]);
      const char *next = strstr (at, quoted);

      if (next == NULL && strchr (preview->headers[i], '\xc2') != NULL)
        continue;   /* "£" escaped in the JSON */
      g_assert_nonnull (next);
      at = next + strlen (quoted);
    }
}

static void
export_one (Fixture               *f,
            const SlExportProfile *profile,
            guint                  role,
            gboolean               xlsx)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%u.%s", profile->name, role, xlsx ? "xlsx" : "csv");
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  SlProfileExportRequest request = { 0 };
  g_autoptr(SlProfileExportPreview) preview = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gboolean allowed = (profile->roles & role_bits[role]) != 0;
  gint64 n_rows = -1;
  gboolean ok;

  request.profile = profile->name;
  request.reason = "canary test";
  request.charity = (profile->flags & SL_PROFILE_NEEDS_CHARITY) ? CHARITY : NULL;
  request.facility = profile->kind == SL_PROFILE_KIND_ROSTER ? FACILITY : NULL;
  preview = sl_db_preview_profile_export (f->db, &request, allowed ? &error : NULL);
  g_assert_no_error (error);
  ok = sl_db_export_profile (f->db, path, &request, NULL, NULL, NULL, &n_rows, &error);
  if (!allowed)
    {
      g_assert_null (preview);
      g_assert_false (ok);
      g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
      g_assert_null (strchr (error->message, '\n'));
      g_assert_nonnull (strstr (error->message, "needs an"));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      return;
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_nonnull (preview);
  g_assert_cmpint (n_rows, ==, preview->n_rows);
  f->n_logged++;

  {
    g_autofree char *text = read_text (path, xlsx);
    g_autofree char *sha = dup_sha256 (path);
    SlExportLogEntry *entry;
    g_autofree char *keys = g_strjoinv (",", preview->keys);

    if (xlsx)
      check_xlsx_header (preview, text);
    else
      check_csv_header (preview, text);
    check_values (f, profile, text, name);

    /* The newest log entry is this export's, with the file's hash. */
    sign_in (f->db, "Ada Admin");
    log = sl_db_list_export_log (f->db, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (log->len, ==, f->n_logged);
    entry = g_ptr_array_index (log, 0);
    g_assert_cmpstr (entry->profile, ==, profile->name);
    g_assert_cmpstr (entry->reason, ==, "canary test");
    g_assert_cmpstr (entry->file_name, ==, name);
    g_assert_cmpstr (entry->sha256, ==, sha);
    g_assert_cmpint (entry->n_rows, ==, n_rows);
    g_assert_cmpstr (entry->columns, ==, keys);
    g_assert_cmpstr (entry->operator_name, !=, "");
    sign_in (f->db, role_names[role]);
  }
}

static void
test_every_profile_as_every_role (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) profiles = sl_db_list_export_profiles (f->db, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (profiles->len, ==, 7);
  for (guint role = 0; role < G_N_ELEMENTS (role_names); role++)
    {
      sign_in (f->db, role_names[role]);
      for (guint p = 0; p < profiles->len; p++)
        for (guint x = 0; x < 2; x++)
          export_one (f, profiles->pdata[p], role, x == 1);
    }
  /* Officer: medical, marshals, facility, custom special; exporter:
   * charity, facility, custom plain; admin: charity, facility, full,
   * custom plain; each in two formats.
   */
  g_assert_cmpuint (f->n_logged, ==, 2 * (4 + 3 + 4));
  /* The log cannot be changed or emptied behind the app's back. */
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM export_log"), ==,
                   f->n_logged);
}

/* A charity partner's CSV, row by row: contact details only for runners
 * who gave consent, and the consent never inferred from another runner.
 */
static void
test_charity_partner_rows (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "partner.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  SlProfileExportRequest request = { "charity-partner", SL_EXPORT_FORMAT_AUTO, CHARITY, NULL,
                                     "thank-you letters" };

  sign_in (f->db, "Eve Exporter");
  g_assert_true (sl_db_export_profile (f->db, path, &request, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &text, NULL, &error);
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; i < N_RUNNERS; i++)
    {
      const char *line = lines[i + 1];

      g_assert_nonnull (strstr (line, f->values[i][V_EMAIL] != NULL ? "canary" : ""));
      g_assert_true ((strstr (line, f->values[i][V_EMAIL]) != NULL) == consent_given (i));
      g_assert_true ((strstr (line, f->values[i][V_PHONE]) != NULL) == consent_given (i));
    }
}

/* Refusals and bad requests: one line each, nothing written, nothing logged. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "x.csv", NULL);
  SlProfileExportRequest request = { "charity-partner", SL_EXPORT_FORMAT_AUTO, CHARITY, NULL,
                                     "  " };
  static const SlExportColumn bib[] = { SL_EXPORT_COLUMN_BIB };

  sign_in (f->db, "Eve Exporter");
  g_assert_false (sl_db_export_profile (f->db, path, &request, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  request.reason = "x";
  request.charity = NULL;
  g_assert_false (sl_db_export_profile (f->db, path, &request, NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  request.profile = "no such profile";
  g_assert_false (sl_db_export_profile (f->db, path, &request, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Built-ins cannot be replaced or removed; the desk saves nothing. */
  g_assert_false (sl_db_save_export_profile (f->db, "Full", bib, 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (sl_db_remove_export_profile (f->db, "medical-team", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  sl_db_sign_out (f->db);
  g_assert_false (sl_db_save_export_profile (f->db, "mine", bib, 1, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (sl_db_list_export_log (f->db, 0, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  /* A custom profile goes as it came. */
  sign_in (f->db, "Ada Admin");
  g_assert_true (sl_db_remove_export_profile (f->db, "CANARY PLAIN", &error));
  g_assert_no_error (error);
  g_assert_null (sl_db_dup_export_profile (f->db, "canary plain", &error));
  g_clear_error (&error);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM export_log"), ==, 0);
}

/* The log refuses any change made around the app. */
static void
test_log_append_only (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "full.csv", NULL);
  g_autofree char *message = NULL;
  SlProfileExportRequest request = { "full", SL_EXPORT_FORMAT_AUTO, NULL, NULL, "backup" };

  sign_in (f->db, "Ada Admin");
  g_assert_true (sl_db_export_profile (f->db, path, &request, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Refused by the log's own trigger, on either engine. */
  g_assert_false (sl_test_exec (f->db, f->path, "UPDATE export_log SET reason = 'x'", &message));
  g_assert_nonnull (strstr (message, "the export log is append-only"));
  g_clear_pointer (&message, g_free);
  g_assert_false (sl_test_exec (f->db, f->path, "DELETE FROM export_log", &message));
  g_assert_nonnull (strstr (message, "the export log is append-only"));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM export_log"), ==, 1);
}

/* The facility lead's roster: its export log entry is written in the
 * transaction of the roster's audit entry, before the file is linked, so
 * that a log that cannot be written leaves no file and no audit entry.
 */
static void
test_roster_logged_at_once (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "roster.csv", NULL);
  g_autofree char *sha = NULL;
  g_autoptr(GPtrArray) log = NULL;
  SlProfileExportRequest request = { "facility-lead", SL_EXPORT_FORMAT_AUTO, NULL, FACILITY,
                                     "door list" };
  /* A trigger in each engine's own language. */
  const char *refuse = sl_test_db_is_server (f->db)
    ? "CREATE FUNCTION refuse () RETURNS trigger LANGUAGE plpgsql"
      " AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;"
      " CREATE TRIGGER export_log_refused BEFORE INSERT ON export_log"
      " FOR EACH ROW EXECUTE FUNCTION refuse ()"
    : "CREATE TRIGGER export_log_refused BEFORE INSERT ON export_log"
      " BEGIN SELECT RAISE (ABORT, 'refused by the test'); END";
  const char *allow = sl_test_db_is_server (f->db)
    ? "DROP TRIGGER export_log_refused ON export_log"
    : "DROP TRIGGER export_log_refused";

  sign_in (f->db, "Ada Admin");
  g_assert_true (sl_test_exec (f->db, f->path, refuse, NULL));
  g_assert_false (sl_db_export_profile (f->db, path, &request, NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "refused by the test"));
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action IN ('export-roster', 'export-profile')"),
                   ==, 0);

  g_assert_true (sl_test_exec (f->db, f->path, allow, NULL));
  g_assert_true (sl_db_export_profile (f->db, path, &request, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  sha = dup_sha256 (path);
  log = sl_db_list_export_log (f->db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_cmpstr (((SlExportLogEntry *)log->pdata[0])->sha256, ==, sha);
  g_assert_cmpstr (((SlExportLogEntry *)log->pdata[0])->profile, ==, "facility-lead");
  /* The roster's entry and the log's, one after the other. */
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT b.id - a.id FROM audit_log a,"
                                      " audit_log b WHERE a.action = 'export-roster'"
                                      " AND b.action = 'export-profile'"), ==, 1);
}

/* Consent: set, read back, audited; a wording is needed unless not asked. */
static void
test_consent (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlContactConsentRecord) record = NULL;
  SlContactConsent consent;
  gint64 audited = sl_test_query_int (NULL, f->path,
                                      "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'contact-consent'");

  record = sl_db_dup_contact_consent (f->db, f->ids[3], &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->consent, ==, SL_CONTACT_CONSENT_WITHDRAWN);
  g_assert_cmpstr (record->wording_version, ==, "v2");
  g_assert_nonnull (record->at);
  g_assert_false (sl_db_set_contact_consent (f->db, f->ids[2], SL_CONTACT_CONSENT_GIVEN, " ",
                                             &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (sl_db_set_contact_consent (f->db, f->ids[2], SL_CONTACT_CONSENT_NOT_ASKED, NULL,
                                            &error));
  g_assert_no_error (error);
  g_assert_null (sl_db_dup_contact_consent (f->db, f->ids[2], &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_test_query_int (NULL, f->path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'contact-consent'"), ==, audited + 1);

  g_assert_true (sl_contact_consent_parse (" Yes ", &consent));
  g_assert_cmpint (consent, ==, SL_CONTACT_CONSENT_GIVEN);
  g_assert_true (sl_contact_consent_parse ("NOT GIVEN", &consent));
  g_assert_cmpint (consent, ==, SL_CONTACT_CONSENT_NOT_GIVEN);
  g_assert_true (sl_contact_consent_parse ("", &consent));
  g_assert_cmpint (consent, ==, SL_CONTACT_CONSENT_NOT_ASKED);
  g_assert_false (sl_contact_consent_parse ("maybe", &consent));
}

/* The entrant import reads the charity consent column (and its wording)
 * through its header resolution; an unreadable value is a row error and
 * the file goes in whole or not at all.
 */
static void
test_import_consent (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *good = g_build_filename (f->dir, "good.csv", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);
  g_autoptr(SlImportResult) result = NULL;
  g_autoptr(SlImportResult) refused = NULL;
  g_autoptr(SlEntrant) e = NULL;
  g_autoptr(SlContactConsentRecord) record = NULL;
  SlImportOptions options = { { NULL } };
  SlImportProblem *problem;

  g_file_set_contents (bad, "Bib,First name,Last name,Charity consent\n"
                            "801,Ann,Bee,yes\n802,Cal,Dee,perhaps\n", -1, NULL);
  g_assert_null (sl_db_import_csv (f->db, bad, &options, NULL, NULL, NULL, &refused, &error));
  g_assert_error (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED);
  g_clear_error (&error);
  g_assert_cmpuint (refused->problems->len, ==, 1);
  problem = g_ptr_array_index (refused->problems, 0);
  g_assert_cmpuint (problem->line, ==, 3);
  g_assert_cmpstr (problem->column, ==, "Charity consent");
  g_assert_nonnull (strstr (problem->reason, "perhaps"));
  g_assert_null (sl_db_dup_entrant_by_code (f->db, "801", &error));
  g_clear_error (&error);

  g_file_set_contents (good, "Bib,First name,Last name,Charity consent,Consent wording\n"
                             "801,Ann,Bee,Yes,form-2026\n802,Cal,Dee,not given,\n"
                             "803,Eve,Fox,,\n700,Firstcanary0,Lastcanary0,withdrawn,\n", -1,
                       NULL);
  result = sl_db_import_csv (f->db, good, &options, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->imported, ==, 3);

  e = sl_db_dup_entrant_by_code (f->db, "801", &error);
  record = sl_db_dup_contact_consent (f->db, e->id, &error);
  g_assert_cmpint (record->consent, ==, SL_CONTACT_CONSENT_GIVEN);
  g_assert_cmpstr (record->wording_version, ==, "form-2026");
  g_clear_pointer (&e, sl_entrant_free);
  g_clear_pointer (&record, sl_contact_consent_record_free);
  e = sl_db_dup_entrant_by_code (f->db, "802", &error);
  record = sl_db_dup_contact_consent (f->db, e->id, &error);
  g_assert_cmpint (record->consent, ==, SL_CONTACT_CONSENT_NOT_GIVEN);
  g_assert_cmpstr (record->wording_version, ==, "import");
  g_clear_pointer (&e, sl_entrant_free);
  g_clear_pointer (&record, sl_contact_consent_record_free);
  e = sl_db_dup_entrant_by_code (f->db, "803", &error);
  g_assert_null (sl_db_dup_contact_consent (f->db, e->id, &error));
  g_assert_no_error (error);
  /* An update: runner 0's consent, given before, is withdrawn. */
  record = sl_db_dup_contact_consent (f->db, f->ids[0], &error);
  g_assert_cmpint (record->consent, ==, SL_CONTACT_CONSENT_WITHDRAWN);
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* startline-cli --db PATH [--as NAME] ARGS…, the passphrase in the environment. */
static void
run_cli (Run        *run,
         const char *db,
         const char *as,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "STARTLINE_PASSPHRASE", PASS, TRUE);
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int wait_status = 0;

  run_clear (run);
  g_ptr_array_add (argv, (gpointer)g_getenv ("STARTLINE_CLI"));
  g_ptr_array_add (argv, (gpointer)"--db");
  g_ptr_array_add (argv, (gpointer)db);
  if (as != NULL)
    {
      g_ptr_array_add (argv, (gpointer)"--as");
      g_ptr_array_add (argv, (gpointer)as);
    }
  va_start (args, as);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **)argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == '\n';
  return n;
}

/* The command line: profiles, profile show/save/remove, export through a
 * profile, exports and consent; refusals exit 1 with one line, usage
 * mistakes 2.
 */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "partner.csv", NULL);
  g_autofree char *sha = NULL;
  g_autofree char *expected = NULL;
  g_auto(Run) run = { 0 };

  g_clear_object (&f->db);
  run_cli (&run, f->path, "Eve Exporter", "export", out, "--profile", "charity-partner",
           "--charity", CHARITY, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "--reason"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  run_cli (&run, f->path, NULL, "export", out, "--profile", "full", "--reason", "r", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "startline-cli: The full profile needs an admin.\n");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  run_cli (&run, f->path, "Eve Exporter", "export", out, "--profile", "charity-partner",
           "--charity", CHARITY, "--reason", "thank-you letters", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "exported: 4\n");

  run_cli (&run, f->path, "Eve Exporter", "exports", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "startline-cli: The export log needs an admin.\n");
  run_cli (&run, f->path, "Ada Admin", "exports", NULL);
  g_assert_cmpint (run.status, ==, 0);
  sha = dup_sha256 (out);
  expected = g_strdup_printf ("\tcharity-partner\tthank-you letters\tcharity: %s\t4\t"
                              "bib,first_name,last_name,race,wave,status,target,raised,email,"
                              "phone\tpartner.csv\t%s\n", CHARITY, sha);
  g_assert_cmpuint (count_lines (run.out), ==, 1);
  g_assert_true (g_str_has_suffix (run.out, expected));

  run_cli (&run, f->path, NULL, "profiles", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out), ==, 7);
  g_assert_true (g_str_has_prefix (run.out, "charity-partner\tCharity partner\tbuilt-in\t"
                                            "admin,exporter\tpersonal\t"));
  run_cli (&run, f->path, NULL, "profile", "show", "medical-team", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "roles: officer\nsensitivity: special\n"));
  run_cli (&run, f->path, "Eve Exporter", "profile", "save", "mine", "--columns", "bib,nope",
           NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, f->path, NULL, "profile", "save", "mine", "--columns", "bib,notes", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  run_cli (&run, f->path, "Eve Exporter", "profile", "save", "mine", "--columns", "bib,notes",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, f->path, NULL, "profile", "show", "mine", NULL);
  g_assert_nonnull (strstr (run.out, "kind: custom\nroles: officer\nsensitivity: special\n"
                                     "columns: bib,notes\n"));
  run_cli (&run, f->path, "Eve Exporter", "profile", "remove", "mine", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_cli (&run, f->path, NULL, "profile", "show", "mine", NULL);
  g_assert_cmpint (run.status, ==, 1);

  run_cli (&run, f->path, NULL, "consent", "702", "maybe", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_cli (&run, f->path, NULL, "consent", "702", "given", "--wording", "w9", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "702\tgiven\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/export-profiles/canary", test_every_profile_as_every_role);
  ADD ("/export-profiles/charity-partner-rows", test_charity_partner_rows);
  ADD ("/export-profiles/refusals", test_refusals);
  ADD ("/export-profiles/log-append-only", test_log_append_only);
  ADD ("/export-profiles/roster-logged-at-once", test_roster_logged_at_once);
  ADD ("/export-profiles/consent", test_consent);
  ADD ("/export-profiles/import-consent", test_import_consent);
  ADD ("/export-profiles/cli", test_cli);
#undef ADD
  return g_test_run ();
}
