/* test-export-dialog.c — the export dialog (profiles, their columns and
 * rows, the reason, refusals, export, progress, cancel and errors), the
 * Save as Profile dialog, the export log page and the entrant editor's
 * contact consent, driven in-process on a display (the save chooser is
 * bypassed with sl_export_dialog_export_to)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <csv.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "sl-core.h"
#include "sl-sqlite-private.h"
#include "sl-demo.h"
#include "sl-entrant-dialog.h"
#include "sl-entry-row.h"
#include "sl-export-dialog.h"
#include "sl-export-log-page.h"
#include "sl-export-profile.h"
#include "sl-profile-dialog.h"
#include "sl-test-util.h"
#include "sl-test-ui.h"

#define N_ENTRANTS 800
#define PASS "correct horse battery"
#define ADMIN "Ada Admin"
#define EXPORTER "Eve Exporter"
#define OFFICER "Olu Officer"

typedef struct
{
  char           *dir;
  char           *db_path;
  SlDb           *db;
  SlExportDialog *dialog;
  char           *exported_path;
  guint           exported_rows;
  guint           n_exported;
} Fixture;

static void
exported_cb (SlExportDialog *dialog,
             const char     *path,
             guint           rows,
             Fixture        *f)
{
  g_free (f->exported_path);
  f->exported_path = g_strdup (path);
  f->exported_rows = rows;
  f->n_exported++;
}

/* data: the account to sign in as before the dialog opens (NULL: a desk). */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = sl_test_tmpdir_new ();
  f->db_path = g_build_filename (f->dir, "event.db", NULL);
  f->db = sl_db_create (f->db_path, "Test Marathon", "2026-04-26", &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_generate_demo (f->db, N_ENTRANTS, 7, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sl_db_add_staff (f->db, ADMIN, SL_ROLE_ADMIN, PASS, &error));
  g_assert_true (sl_db_sign_in (f->db, ADMIN, PASS, &error));
  g_assert_true (sl_db_add_staff (f->db, EXPORTER, SL_ROLE_EXPORTER, PASS, &error));
  g_assert_true (sl_db_add_staff (f->db, OFFICER, SL_ROLE_OFFICER, PASS, &error));
  g_assert_no_error (error);
  sl_db_sign_out (f->db);
  if (data != NULL)
    {
      g_assert_true (sl_db_sign_in (f->db, data, PASS, &error));
      g_assert_no_error (error);
    }
  f->dialog = sl_export_dialog_new (f->db);
  g_signal_connect (f->dialog, "exported", G_CALLBACK (exported_cb), f);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_clear_object (&f->db);
  g_clear_pointer (&f->exported_path, g_free);
  g_clear_pointer (&f->db_path, g_free);
  sl_test_tmpdir_free (g_steal_pointer (&f->dir));
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->dialog), SL_TYPE_EXPORT_DIALOG,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

static const char *
visible_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (child (f, "stack"));
}

static gboolean
error_shown (Fixture *f)
{
  return gtk_widget_get_visible (child (f, "error_label"));
}

static const char *
error_text (Fixture *f)
{
  return gtk_label_get_text (child (f, "error_label"));
}

static gboolean
export_enabled (Fixture *f)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (child (f, "export_button")));
}

static void
type_reason (Fixture    *f,
             const char *reason)
{
  gtk_editable_set_text (GTK_EDITABLE (sl_entry_row_get_entry (child (f, "reason_row"))), reason);
}

static void
choose_profile (Fixture    *f,
                const char *name)
{
  g_assert_true (sl_export_dialog_select_profile (f->dialog, name));
  g_assert_cmpstr (sl_export_dialog_get_profile (f->dialog)->name, ==, name);
}

/* Waits (bounded) for the preview of the choices made: the row count. */
static const char *
wait_for_preview (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GtkLabel *count = child (f, "count_label");

  while (!g_str_has_prefix (gtk_label_get_text (count), "The file would hold"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return gtk_label_get_text (count);
}

/* Waits (bounded) until the export has finished one way or the other. */
static void
wait_for_result (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_strcmp0 (visible_page (f), "progress") == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  /* Let the queued progress reports run before looking further. */
  sl_test_settle (50);
}

static char *
file_in_dir (Fixture    *f,
             const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* Only the event file and SQLite's companions: no export, no temporary. */
static void
assert_only_event_files (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_has_prefix (name, "event.db"))
      g_error ("unexpected file left behind: %s", name);
}

/* The export log's rows, read as an administrator. */
static GPtrArray *
list_log (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlDb) admin = NULL;
  GPtrArray *entries;

  /* The window's own session stays as it is: a second connection. */
  admin = sl_db_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_true (sl_db_sign_in (admin, ADMIN, PASS, &error));
  entries = sl_db_list_export_log (admin, 0, &error);
  g_assert_no_error (error);
  return entries;
}

/* The charity with the most runners, and its runners' count. */
static const char *
busiest_charity (Fixture *f,
                 gint64  *n_runners)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) charities = sl_db_list_charities (f->db, &error);
  static char name[256];
  gint64 most = -1;

  g_assert_no_error (error);
  g_assert_cmpuint (charities->len, >, 1);
  for (guint i = 0; i < charities->len; i++)
    {
      SlCharity *c = g_ptr_array_index (charities, i);
      char *sql = sqlite3_mprintf ("SELECT count(*) FROM charity_signup WHERE charity_id = %lld",
                                   (long long)c->id);
      gint64 n = sl_test_query_int (f->db, f->db_path, sql);

      sqlite3_free (sql);
      if (n > most)
        {
          most = n;
          g_strlcpy (name, c->name, sizeof name);
        }
    }
  g_assert_cmpint (most, >, 0);
  *n_runners = most;
  return name;
}

static void
choose_charity (Fixture    *f,
                const char *name)
{
  AdwComboRow *row = child (f, "charity_row");
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), name))
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("no charity %s in the dialog", name);
}

static GtkWidget *
find_list_box (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_list_box (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The rows under "Columns in the File": "Header|Sensitivity" each. */
static char *
dup_shown_columns (Fixture *f)
{
  AdwPreferencesGroup *group = child (f, "columns_group");
  g_autoptr(GString) shown = g_string_new (NULL);
  GtkWidget *list = NULL;

  /* The group's boxed list holds its rows. */
  list = find_list_box (GTK_WIDGET (group));
  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!ADW_IS_ACTION_ROW (row) || !gtk_widget_get_visible (row))
        continue;
      if (shown->len > 0)
        g_string_append_c (shown, ',');
      g_string_append_printf (shown, "%s|%s",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
    }
  return g_string_free (g_steal_pointer (&shown), FALSE);
}

/* What the core says the file would hold, in the dialog's form. */
static char *
dup_expected_columns (Fixture                 *f,
                      SlProfileExportPreview **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  SlProfileExportPreview *preview;
  SlProfileExportRequest request = { 0 };
  guint n_columns = 0;
  const SlExportColumnInfo *columns = sl_export_get_columns (&n_columns);
  AdwComboRow *charity_row = child (f, "charity_row");

  request.profile = sl_export_dialog_get_profile (f->dialog)->name;
  request.format = SL_EXPORT_FORMAT_XLSX;
  if (gtk_widget_get_visible (GTK_WIDGET (charity_row)))
    request.charity = gtk_string_object_get_string (adw_combo_row_get_selected_item (charity_row));
  request.reason = "test";
  preview = sl_db_preview_profile_export (f->db, &request, &error);
  g_assert_no_error (error);
  for (guint i = 0; preview->headers[i] != NULL; i++)
    {
      const char *words = NULL;

      for (guint c = 0; c < n_columns; c++)
        if (g_str_equal (columns[c].key, preview->keys[i]))
          words = sl_sensitivity_to_label (columns[c].sensitivity);
      g_assert_nonnull (words);
      if (expected->len > 0)
        g_string_append_c (expected, ',');
      g_string_append_printf (expected, "%s|%s", preview->headers[i], words);
    }
  *out = preview;
  return g_string_free (g_steal_pointer (&expected), FALSE);
}

static void
copy_to_shots (const char *name)
{
  g_autofree char *from = g_test_build_filename (G_TEST_BUILT, "screenshots", name, NULL);
  g_autofree char *to = g_build_filename ("/work/shots", name, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* Only where the project keeps its screenshots for review. */
  if (!g_file_test ("/work/shots", G_FILE_TEST_IS_DIR))
    return;
  if (g_file_get_contents (from, &contents, &length, NULL))
    g_file_set_contents (to, contents, (gssize)length, NULL);
}

/* The charity partner's profile: a charity to choose, its exact columns
 * with their sensitivity in words, and the rows its runners make.
 */
static void
test_charity_partner_preview (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SlProfileExportPreview) preview = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *name = NULL;
  gint64 runners = 0;
  const char *charity = busiest_charity (f, &runners);

  choose_profile (f, "full");
  g_assert_false (gtk_widget_get_visible (child (f, "charity_row")));
  choose_profile (f, "charity-partner");
  g_assert_true (gtk_widget_get_visible (child (f, "charity_row")));
  g_assert_false (gtk_widget_get_visible (child (f, "facility_row")));
  g_assert_false (gtk_widget_get_visible (child (f, "refusal_label")));
  choose_charity (f, charity);
  type_reason (f, "Fundraising update for the charity");

  wait_for_preview (f);
  expected = dup_expected_columns (f, &preview);
  shown = dup_shown_columns (f);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_nonnull (strstr (shown, "|Public"));
  g_assert_nonnull (strstr (shown, "|Personal"));
  g_assert_null (strstr (shown, "|Special"));
  g_assert_cmpint (preview->n_rows, ==, runners);
  rows = g_strdup_printf ("The file would hold %'" G_GINT64_FORMAT " rows", runners);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (f, "count_label")), rows));
  g_assert_true (export_enabled (f));
  name = sl_export_dialog_dup_suggested_name (f->dialog);
  g_assert_true (g_str_has_prefix (name, "charity-partner-"));
  g_assert_true (g_str_has_suffix (name, "-2026-04-26.xlsx"));

  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "export-dialog.png");
  copy_to_shots ("export-dialog.png");

  /* Another profile shows its own columns. */
  choose_profile (f, "start-area-marshals");
  g_assert_false (gtk_widget_get_visible (child (f, "charity_row")));
}

/* Export… waits for a reason that is not blank. */
static void
test_reason_required (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = file_in_dir (f, "partner.xlsx");
  gint64 runners = 0;

  choose_profile (f, "charity-partner");
  choose_charity (f, busiest_charity (f, &runners));
  g_assert_false (export_enabled (f));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (child (f, "export_button")), "reason"));
  type_reason (f, "   ");
  g_assert_false (export_enabled (f));
  /* Going around the button is refused too, and writes nothing. */
  sl_export_dialog_export_to (f->dialog, path);
  g_assert_cmpstr (visible_page (f), ==, "options");
  g_assert_true (error_shown (f));
  g_assert_nonnull (strstr (error_text (f), "reason"));
  assert_only_event_files (f);
  type_reason (f, "Weekly list");
  g_assert_true (export_enabled (f));
  type_reason (f, "");
  g_assert_false (export_enabled (f));
}

/* A profile the roles may not use is listed, and refused in one line. */
static void
test_refused_role (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExportProfile) full = sl_db_dup_export_profile (f->db, "full", &error);
  GtkLabel *refusal = child (f, "refusal_label");

  g_assert_no_error (error);
  g_assert_false (sl_export_profile_check_roles (full, SL_ROLE_EXPORTER, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);

  choose_profile (f, "full");
  type_reason (f, "Everything, please");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (refusal)));
  g_assert_cmpstr (gtk_label_get_text (refusal), ==, error->message);
  g_assert_null (strchr (gtk_label_get_text (refusal), '\n'));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (child (f, "export_button")), ==, error->message);
  g_assert_false (export_enabled (f));
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "export-dialog-refused.png");

  /* Their own profile is theirs to use. */
  choose_profile (f, "charity-partner");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (refusal)));
  g_assert_true (export_enabled (f));
}

static char *
dup_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
}

/* An export writes the file (the profile's header, owner-only) and one
 * row of the export log with the reason and the file's SHA-256; the log
 * page shows it.
 */
static void
test_export_writes_file_and_log (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = file_in_dir (f, "partner.csv");
  g_autofree char *sha = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *cell = NULL;
  g_autoptr(GPtrArray) log = NULL;
  SlExportLogEntry *entry;
  GtkWidget *window;
  SlExportLogPage *page;
  gint64 runners = 0;
  const char *charity = busiest_charity (f, &runners);
  GStatBuf st;

  choose_profile (f, "charity-partner");
  choose_charity (f, charity);
  adw_combo_row_set_selected (child (f, "format_row"), 1);
  type_reason (f, "Fundraising update");
  wait_for_preview (f);
  sl_export_dialog_export_to (f->dialog, path);
  wait_for_result (f);
  g_assert_false (error_shown (f));
  g_assert_cmpstr (visible_page (f), ==, "done");
  g_assert_cmpuint (f->n_exported, ==, 1);
  g_assert_cmpstr (f->exported_path, ==, path);
  g_assert_cmpint (f->exported_rows, ==, runners);
  g_assert_nonnull (strstr (adw_status_page_get_description (child (f, "done_page")), path));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (f->dialog))
                 == GTK_WIDGET (child (f, "close_button")));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (f, "export_button"))));

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "Bib,"));
  g_assert_null (strstr (contents, "Notes"));
  sha = dup_file_sha256 (path);

  log = list_log (f);
  g_assert_cmpuint (log->len, ==, 1);
  entry = g_ptr_array_index (log, 0);
  g_assert_cmpstr (entry->profile, ==, "charity-partner");
  g_assert_cmpstr (entry->reason, ==, "Fundraising update");
  g_assert_cmpstr (entry->file_name, ==, "partner.csv");
  g_assert_cmpstr (entry->sha256, ==, sha);
  g_assert_cmpint (entry->n_rows, ==, runners);
  g_assert_nonnull (strstr (entry->filter, charity));

  /* The page, for an administrator: the row, its hash shortened. */
  g_assert_true (sl_db_sign_in (f->db, ADMIN, PASS, NULL));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 420);
  page = g_object_new (SL_TYPE_EXPORT_LOG_PAGE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  sl_export_log_page_set_db (page, f->db);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (sl_export_log_page_get_n_rows (page), ==, 1);
  cell = sl_export_log_page_dup_cell (page, 0, 7);
  g_assert_cmpint (strncmp (sha, cell, 12), ==, 0);
  g_assert_true (g_str_has_suffix (cell, "…"));
  g_clear_pointer (&cell, g_free);
  cell = sl_export_log_page_dup_cell (page, 0, 3);
  g_assert_cmpstr (cell, ==, "Fundraising update");
  sl_test_settle (300);
  sl_test_save_screenshot (window, "export-log.png");
  copy_to_shots ("export-log.png");

  /* For anyone else it shows nothing. */
  sl_db_sign_out (f->db);
  sl_export_log_page_reload (page);
  g_assert_cmpuint (sl_export_log_page_get_n_rows (page), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Ready to export the full list (an administrator's profile). */
static void
ready_full (Fixture *f)
{
  choose_profile (f, "full");
  type_reason (f, "Back-up for the race office");
  g_assert_true (export_enabled (f));
}

static void
test_bad_destination (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *missing = file_in_dir (f, "no-such-folder");
  g_autofree char *path = g_build_filename (missing, "entrants.xlsx", NULL);

  ready_full (f);
  sl_export_dialog_export_to (f->dialog, path);
  wait_for_result (f);
  g_assert_cmpstr (visible_page (f), ==, "options");
  g_assert_true (error_shown (f));
  /* The core's message, which names the file and the reason. */
  g_assert_nonnull (strstr (error_text (f), "entrants.xlsx"));
  g_assert_cmpuint (f->n_exported, ==, 0);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  assert_only_event_files (f);
  /* The person can try again from the same dialog. */
  g_assert_true (export_enabled (f));
}

static void
test_wrong_extension (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *csv_path = file_in_dir (f, "everyone.csv");
  g_autofree char *bare_path = file_in_dir (f, "everyone");
  g_autofree char *xlsx_path = file_in_dir (f, "everyone.xlsx");
  g_autofree char *name = NULL;

  ready_full (f);
  name = sl_export_dialog_dup_suggested_name (f->dialog);
  g_assert_cmpstr (name, ==, "full-2026-04-26.xlsx");
  /* A .csv name typed into the chooser for a workbook is refused inline. */
  sl_export_dialog_export_to (f->dialog, csv_path);
  g_assert_cmpstr (visible_page (f), ==, "options");
  g_assert_true (error_shown (f));
  g_assert_nonnull (strstr (error_text (f), ".xlsx"));
  g_assert_false (g_file_test (csv_path, G_FILE_TEST_EXISTS));
  /* A name without an extension gets the workbook's. */
  sl_export_dialog_export_to (f->dialog, bare_path);
  wait_for_result (f);
  g_assert_false (error_shown (f));
  g_assert_cmpstr (f->exported_path, ==, xlsx_path);
  g_assert_true (g_file_test (xlsx_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (f->exported_rows, ==, sl_db_count_entrants (f->db));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = file_in_dir (f, "entrants.xlsx");
  g_autoptr(GPtrArray) log = NULL;

  ready_full (f);
  /* Holding the database lock keeps the worker waiting at its start, so
   * the cancel lands before anything is written, every time.
   */
  sl_db_lock (f->db);
  sl_export_dialog_export_to (f->dialog, path);
  g_assert_cmpstr (visible_page (f), ==, "progress");
  g_assert_false (export_enabled (f));
  sl_test_settle (200);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "export-dialog-progress.png");
  /* Escape is the cancel: it stops the export and keeps the dialog open. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "export.cancel", NULL));
  sl_db_unlock (f->db);

  wait_for_result (f);
  g_assert_cmpstr (visible_page (f), ==, "options");
  g_assert_true (error_shown (f));
  g_assert_nonnull (strstr (error_text (f), "cancelled"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->dialog)));
  g_assert_cmpuint (f->n_exported, ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_only_event_files (f);
  log = list_log (f);
  g_assert_cmpuint (log->len, ==, 0);
}

static GtkWidget *
get_focus (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->dialog));
}

/* The dialog opens on the first choice, the profile, not on Cancel; Enter
 * in the reason goes on to Export….
 */
static void
test_initial_focus (Fixture       *f,
                    gconstpointer  data)
{
  sl_test_settle (200);
  g_assert_nonnull (get_focus (f));
  g_assert_true (gtk_widget_is_ancestor (get_focus (f), child (f, "profile_row"))
                 || get_focus (f) == child (f, "profile_row"));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (f->dialog))
                 == GTK_WIDGET (child (f, "export_button")));
}

/* Export… goes insensitive while the export runs, and the options page
 * goes: the focus is on Cancel Export then (Escape stops it), and then on
 * the message saying what happened, which a screen reader reads.
 */
static void
test_focus_while_exporting (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = file_in_dir (f, "entrants.xlsx");

  ready_full (f);
  sl_test_settle (200);
  gtk_widget_grab_focus (child (f, "export_button"));
  sl_db_lock (f->db);
  sl_export_dialog_export_to (f->dialog, path);
  sl_test_settle (100);
  g_assert_cmpstr (visible_page (f), ==, "progress");
  g_assert_true (get_focus (f) == child (f, "stop_button"));
  sl_test_press_key (GTK_WIDGET (f->dialog), GDK_KEY_Escape, 0);
  sl_db_unlock (f->db);
  wait_for_result (f);
  g_assert_true (error_shown (f));
  g_assert_true (get_focus (f) == child (f, "error_label"));
  g_assert_cmpuint (f->n_exported, ==, 0);
}

/* ---- Save as Profile ------------------------------------------------ */

static void
saved_cb (SlProfileDialog *dialog,
          const char      *name,
          char           **saved)
{
  g_free (*saved);
  *saved = g_strdup (name);
}

static void
wait_while_busy (SlProfileDialog *dialog)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (sl_profile_dialog_get_busy (dialog))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  sl_test_settle (50);
}

static SlProfileDialog *
find_profile_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (SL_IS_PROFILE_DIALOG (window))
        return SL_PROFILE_DIALOG (window);
    }
  return NULL;
}

/* From the export dialog: the chosen profile's columns checked; a blank
 * name and a built-in's name refused under the form; a new name saved,
 * then chosen in the export dialog with the columns picked.
 */
static void
test_save_as_profile (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExportProfile) stored = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *shown = NULL;
  SlProfileDialog *dialog;
  SlExportProfile *partner;
  GtkLabel *error_label;
  GtkEditable *name;

  choose_profile (f, "charity-partner");
  partner = sl_export_dialog_get_profile (f->dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "export.save-profile",
                                             NULL));
  dialog = find_profile_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (dialog)), ==,
                   GTK_ACCESSIBLE_ROLE_DIALOG);
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  for (guint c = 0; c < SL_N_EXPORT_COLUMNS; c++)
    {
      gboolean in = FALSE;

      for (guint i = 0; i < partner->n_columns; i++)
        in |= partner->columns[i] == (SlExportColumn)c;
      g_assert_cmpint (gtk_check_button_get_active (sl_profile_dialog_get_check (dialog, c)), ==,
                       in);
    }
  error_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                          SL_TYPE_PROFILE_DIALOG, "error_label"));
  name = GTK_EDITABLE (sl_entry_row_get_entry (SL_ENTRY_ROW (gtk_widget_get_template_child (
                         GTK_WIDGET (dialog), SL_TYPE_PROFILE_DIALOG, "name_row"))));

  g_assert_false (sl_profile_dialog_save (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "name"));

  gtk_editable_set_text (name, "full");
  g_assert_true (sl_profile_dialog_save (dialog));
  wait_while_busy (dialog);
  g_assert_null (saved);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_text (error_label), !=, "");
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (dialog), "profile-dialog-refused.png");

  gtk_editable_set_text (name, "Finish line team");
  gtk_check_button_set_active (sl_profile_dialog_get_check (dialog, SL_EXPORT_COLUMN_EMAIL),
                               FALSE);
  gtk_check_button_set_active (sl_profile_dialog_get_check (dialog, SL_EXPORT_COLUMN_PHONE),
                               FALSE);
  gtk_check_button_set_active (sl_profile_dialog_get_check (dialog,
                                                            SL_EXPORT_COLUMN_START_AREA), TRUE);
  /* It closes once saved: held until it is done. */
  g_object_ref (dialog);
  g_assert_true (sl_profile_dialog_save (dialog));
  wait_while_busy (dialog);
  g_object_unref (dialog);
  g_assert_cmpstr (saved, ==, "Finish line team");
  g_assert_null (find_profile_dialog ());

  stored = sl_db_dup_export_profile (f->db, "Finish line team", &error);
  g_assert_no_error (error);
  g_assert_false (stored->builtin);
  for (guint i = 0; i < stored->n_columns; i++)
    {
      g_assert_cmpint (stored->columns[i], !=, SL_EXPORT_COLUMN_EMAIL);
      g_assert_cmpint (stored->columns[i], !=, SL_EXPORT_COLUMN_PHONE);
    }
  /* The export dialog lists it now, chosen. */
  g_assert_cmpstr (sl_export_dialog_get_profile (f->dialog)->name, ==, "Finish line team");
  shown = dup_shown_columns (f);
  g_assert_nonnull (strstr (shown, "Start area|Public"));
  g_assert_null (strstr (shown, "Email"));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
button_labelled (GtkWidget     *widget,
                 gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)),
                                              label) == 0;
}

/* Clicks the confirmation's button of that label, as a person would. */
static void
click_response (AdwMessageDialog *confirm,
                const char       *label)
{
  GtkWidget *button = sl_test_find_widget (GTK_WIDGET (confirm), button_labelled, label);

  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  /* It closes itself once the response is given. */
  while (find_message_dialog () != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static gboolean
remove_enabled (Fixture *f)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (child (f, "remove_profile_button")));
}

/* Remove Profile…: offered for the event's own profiles to exporters and
 * admins, never for a built-in; it asks first (Cancel keeps it), then
 * removes it in a worker thread, audited, and the list no longer has it.
 */
static void
test_remove_profile (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExportProfile) kept = NULL;
  g_autoptr(SlExportProfile) gone = NULL;
  static const SlExportColumn columns[] = { SL_EXPORT_COLUMN_BIB, SL_EXPORT_COLUMN_FIRST_NAME };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GtkButton *button;
  AdwMessageDialog *confirm;

  g_assert_true (sl_db_save_export_profile (f->db, "Door team", columns, G_N_ELEMENTS (columns),
                                            &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  f->dialog = sl_export_dialog_new (f->db);
  gtk_window_present (GTK_WINDOW (f->dialog));
  sl_test_settle (50);

  /* Named by its label (a mnemonic), with a tooltip saying what it does. */
  button = child (f, "remove_profile_button");
  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Remove Profile…");
  g_assert_true (gtk_button_get_use_underline (button));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (button)));

  choose_profile (f, "charity-partner");
  g_assert_false (remove_enabled (f));
  choose_profile (f, "Door team");
  g_assert_true (remove_enabled (f));
  /* Not a desk's. */
  sl_db_sign_out (f->db);
  choose_profile (f, "charity-partner");
  choose_profile (f, "Door team");
  g_assert_false (remove_enabled (f));
  g_assert_true (sl_db_sign_in (f->db, EXPORTER, PASS, &error));
  g_assert_no_error (error);
  choose_profile (f, "charity-partner");
  choose_profile (f, "Door team");
  g_assert_true (remove_enabled (f));

  /* Cancel keeps it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "export.remove-profile",
                                             NULL));
  confirm = find_message_dialog ();
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (confirm), "Door team"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (confirm, "remove"), ==, "_Remove");
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (confirm), "export-remove-profile.png");
  click_response (confirm, "_Cancel");
  sl_test_settle (50);
  g_assert_null (find_message_dialog ());
  kept = sl_db_dup_export_profile (f->db, "Door team", &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);

  /* Remove removes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "export.remove-profile",
                                             NULL));
  confirm = find_message_dialog ();
  g_assert_nonnull (confirm);
  click_response (confirm, "_Remove");
  while (sl_export_dialog_select_profile (f->dialog, "Door team"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  sl_test_settle (50);
  g_assert_null (find_message_dialog ());
  g_assert_false (error_shown (f));
  gone = sl_db_dup_export_profile (f->db, "Door team", &error);
  g_assert_null (gone);
  g_clear_error (&error);
  g_assert_cmpint (sl_test_query_int (f->db, f->db_path, "SELECT count(*) FROM audit_log"
                                      " WHERE action = 'remove-export-profile'"
                                      " AND json_extract (before, '$.name') = 'Door team'"), ==, 1);
  /* The first profile is chosen again. */
  g_assert_true (sl_export_dialog_get_profile (f->dialog)->builtin);
  g_assert_false (remove_enabled (f));
}

/* ---- The entrant editor's contact consent --------------------------- */

static gint64
charity_runner (Fixture *f)
{
  return sl_test_query_int (f->db, f->db_path,
                            "SELECT entrant_id FROM charity_signup ORDER BY entrant_id LIMIT 1");
}

static SlEntrantDialog *
open_editor (Fixture *f,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  SlEntrantDialog *editor = sl_entrant_dialog_new (f->db, id, &error);

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

static void
wait_for_close (GtkWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GWeakRef ref;

  g_weak_ref_init (&ref, window);
  while (TRUE)
    {
      g_autoptr(GtkWindow) still = g_weak_ref_get (&ref);

      if (still == NULL || !gtk_widget_get_visible (GTK_WIDGET (still)))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_weak_ref_clear (&ref);
}

static void
test_contact_consent (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlContactConsentRecord) record = NULL;
  gint64 runner = charity_runner (f);
  gint64 other = sl_test_query_int (f->db, f->db_path,
                                    "SELECT id FROM entrant WHERE id NOT IN "
                                    "(SELECT entrant_id FROM charity_signup) LIMIT 1");
  SlEntrantDialog *editor;
  AdwComboRow *consent;

  g_assert_cmpint (runner, >, 0);
  g_assert_cmpint (other, >, 0);

  /* No charity: no consent to ask for. */
  editor = open_editor (f, other);
  consent = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                          SL_TYPE_ENTRANT_DIALOG, "consent_row"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (consent)));
  gtk_window_destroy (GTK_WINDOW (editor));

  editor = open_editor (f, runner);
  consent = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                          SL_TYPE_ENTRANT_DIALOG, "consent_row"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (consent)));
  g_assert_cmpuint (adw_combo_row_get_selected (consent), ==, SL_CONTACT_CONSENT_NOT_ASKED);
  adw_combo_row_set_selected (consent, SL_CONTACT_CONSENT_GIVEN);
  sl_test_settle (200);
  sl_test_save_screenshot (GTK_WIDGET (editor), "entrant-dialog-consent.png");
  g_assert_true (sl_entrant_dialog_save (editor));
  wait_for_close (GTK_WINDOW (editor));

  record = sl_db_dup_contact_consent (f->db, runner, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpint (record->consent, ==, SL_CONTACT_CONSENT_GIVEN);
  g_assert_cmpstr (record->wording_version, ==, "editor-2026-1");
  g_assert_nonnull (record->at);
  g_clear_pointer (&record, sl_contact_consent_record_free);

  /* Opened again, it shows what is stored; withdrawn is kept too. */
  editor = open_editor (f, runner);
  consent = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (editor),
                                                          SL_TYPE_ENTRANT_DIALOG, "consent_row"));
  g_assert_cmpuint (adw_combo_row_get_selected (consent), ==, SL_CONTACT_CONSENT_GIVEN);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (consent)),
                            "editor-2026-1"));
  adw_combo_row_set_selected (consent, SL_CONTACT_CONSENT_WITHDRAWN);
  g_assert_true (sl_entrant_dialog_save (editor));
  wait_for_close (GTK_WINDOW (editor));
  record = sl_db_dup_contact_consent (f->db, runner, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->consent, ==, SL_CONTACT_CONSENT_WITHDRAWN);
}

int
main (int    argc,
      char **argv)
{
  /* GTK's in-process accessibility backend: roles and states to check. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/export-dialog/charity-partner-preview", Fixture, EXPORTER, fixture_set_up,
              test_charity_partner_preview, fixture_tear_down);
  g_test_add ("/export-dialog/reason-required", Fixture, EXPORTER, fixture_set_up,
              test_reason_required, fixture_tear_down);
  g_test_add ("/export-dialog/refused-role", Fixture, EXPORTER, fixture_set_up,
              test_refused_role, fixture_tear_down);
  g_test_add ("/export-dialog/export-writes-file-and-log", Fixture, EXPORTER, fixture_set_up,
              test_export_writes_file_and_log, fixture_tear_down);
  g_test_add ("/export-dialog/bad-destination", Fixture, ADMIN, fixture_set_up,
              test_bad_destination, fixture_tear_down);
  g_test_add ("/export-dialog/wrong-extension", Fixture, ADMIN, fixture_set_up,
              test_wrong_extension, fixture_tear_down);
  g_test_add ("/export-dialog/cancel", Fixture, ADMIN, fixture_set_up,
              test_cancel, fixture_tear_down);
  g_test_add ("/export-dialog/initial-focus", Fixture, NULL, fixture_set_up,
              test_initial_focus, fixture_tear_down);
  g_test_add ("/export-dialog/focus-while-exporting", Fixture, ADMIN, fixture_set_up,
              test_focus_while_exporting, fixture_tear_down);
  g_test_add ("/profile-dialog/save-as-profile", Fixture, EXPORTER, fixture_set_up,
              test_save_as_profile, fixture_tear_down);
  g_test_add ("/export-dialog/remove-profile", Fixture, EXPORTER, fixture_set_up,
              test_remove_profile, fixture_tear_down);
  g_test_add ("/entrant-dialog/contact-consent", Fixture, ADMIN, fixture_set_up,
              test_contact_consent, fixture_tear_down);

  return g_test_run ();
}
