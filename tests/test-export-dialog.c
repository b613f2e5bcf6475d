/* test-export-dialog.c — the export dialog's choices, export, progress,
 * cancel and errors, driven in-process on a display (the save chooser is
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
#include "sl-export-dialog.h"
#include "sl-test-util.h"
#include "sl-test-ui.h"

#define N_ENTRANTS 800

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
  f->dialog = sl_export_dialog_new (f->db);
  g_signal_connect (f->dialog, "exported", G_CALLBACK (exported_cb), f);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
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

static guint
count_export_audits (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = sl_db_list_audit (f->db, NULL, 0, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      SlAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->action, "export") == 0)
        n++;
    }
  return n;
}

static void
test_full_list_xlsx (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEvent) event = sl_db_dup_event (f->db, &error);
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *expected_name = NULL;
  g_autofree char *name = sl_export_dialog_dup_suggested_name (f->dialog);
  g_autofree char *path = NULL;
  SlAuditEntry *entry;
  GStatBuf st;

  g_assert_no_error (error);
  expected_name = g_strdup_printf ("entrants-%s.xlsx", event->date);
  g_assert_cmpstr (name, ==, expected_name);
  g_assert_cmpstr (visible_page (f), ==, "options");
  g_assert_false (error_shown (f));
  /* Enter presses Export…; the note names what goes out and what does not. */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (f->dialog))
                 == GTK_WIDGET (child (f, "export_button")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (f, "columns_label")), "Bib"));
  g_assert_nonnull (strstr (strstr (gtk_label_get_text (child (f, "columns_label")),
                                    "Not exported"), "Notes"));
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "export-dialog.png");

  path = file_in_dir (f, name);
  sl_export_dialog_export_to (f->dialog, path);
  wait_for_result (f);
  g_assert_false (error_shown (f));
  g_assert_cmpstr (visible_page (f), ==, "done");
  g_assert_cmpuint (f->n_exported, ==, 1);
  g_assert_cmpstr (f->exported_path, ==, path);
  g_assert_cmpint (f->exported_rows, ==, sl_db_count_entrants (f->db));
  g_assert_nonnull (strstr (adw_status_page_get_description (child (f, "done_page")), path));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (f->dialog))
                 == GTK_WIDGET (child (f, "close_button")));
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "export-dialog-done.png");

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 0);

  audit = sl_db_list_audit (f->db, NULL, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  entry = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (entry->action, ==, "export");
  g_assert_nonnull (strstr (entry->after, name));
  g_assert_nonnull (strstr (entry->after, "\"xlsx\""));

  /* A finished dialog does not export a second time. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (child (f, "export_button"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (f, "export_button"))));
}

typedef struct
{
  guint    field;
  guint    records;
  GString *header;
} CsvCount;

static void
csv_field_cb (void   *s,
              size_t  len,
              void   *data)
{
  CsvCount *count = data;

  if (count->records == 0)
    {
      if (count->field > 0)
        g_string_append_c (count->header, '|');
      g_string_append_len (count->header, s, (gssize)len);
    }
  count->field++;
}

static void
csv_record_cb (int   c,
               void *data)
{
  CsvCount *count = data;

  count->records++;
  count->field = 0;
}

static void
test_one_charity_csv (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) charities = sl_db_list_charities (f->db, &error);
  g_autoptr(GString) header = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *expected_name = NULL;
  char *sql;
  SlCharity *charity = NULL;
  gint64 signups = 0;
  guint index = 0;
  gsize length = 0;
  struct csv_parser parser;
  CsvCount count = { 0, 0, header };
  GStatBuf st;

  g_assert_no_error (error);
  g_assert_cmpuint (charities->len, >, 1);
  /* The charity with the most runners, and not the first in the list. */
  for (guint i = 1; i < charities->len; i++)
    {
      SlCharity *c = g_ptr_array_index (charities, i);
      gint64 n;

      sql = sqlite3_mprintf ("SELECT count(*) FROM charity_signup WHERE charity_id = %lld",
                             (long long)c->id);
      n = sl_test_query_int (f->db, f->db_path, sql);
      sqlite3_free (sql);
      if (n > signups)
        {
          signups = n;
          charity = c;
          index = i;
        }
    }
  g_assert_nonnull (charity);
  g_assert_cmpint (signups, >, 0);

  /* Choosing a charity in the list chooses that kind of export. */
  gtk_drop_down_set_selected (child (f, "charity_dropdown"), index);
  g_assert_true (gtk_check_button_get_active (child (f, "charity_check")));
  adw_combo_row_set_selected (child (f, "format_row"), 1);

  name = sl_export_dialog_dup_suggested_name (f->dialog);
  g_assert_true (g_str_has_suffix (name, ".csv"));
  slug = g_ascii_strdown (charity->name, -1);
  g_strdelimit (slug, " ", '-');
  expected_name = g_strconcat (slug, ".csv", NULL);
  if (g_str_is_ascii (charity->name) && strpbrk (charity->name, "'&,.()") == NULL)
    g_assert_cmpstr (name, ==, expected_name);
  g_assert_null (strpbrk (name, " /'&"));

  path = file_in_dir (f, name);
  sl_export_dialog_export_to (f->dialog, path);
  wait_for_result (f);
  g_assert_false (error_shown (f));
  g_assert_cmpstr (visible_page (f), ==, "done");
  g_assert_cmpint (f->exported_rows, ==, signups);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 3);
  g_assert_cmpmem (contents, 3, "\xEF\xBB\xBF", 3);

  g_assert_cmpint (csv_init (&parser, CSV_APPEND_NULL), ==, 0);
  g_assert_cmpuint (csv_parse (&parser, contents + 3, length - 3, csv_field_cb, csv_record_cb,
                               &count), ==, length - 3);
  g_assert_cmpint (csv_fini (&parser, csv_field_cb, csv_record_cb, &count), ==, 0);
  csv_free (&parser);

  g_assert_true (g_str_has_prefix (header->str, "Bib|"));
  g_assert_nonnull (strstr (header->str, "|Charity|"));
  g_assert_null (strstr (header->str, "Notes"));
  g_assert_null (strstr (header->str, "Emergency"));
  g_assert_cmpint (count.records - 1, ==, signups);
}

static void
test_by_charity_needs_xlsx (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = file_in_dir (f, "sheets.csv");
  g_autofree char *bare_path = file_in_dir (f, "sheets");
  g_autofree char *xlsx_path = file_in_dir (f, "sheets.xlsx");
  g_autofree char *name = NULL;
  AdwComboRow *format_row = child (f, "format_row");
  SlStats stats;

  adw_combo_row_set_selected (format_row, 1);
  gtk_check_button_set_active (child (f, "by_charity_check"), TRUE);
  /* Decided: sheets need a workbook, so CSV is switched off, not refused later. */
  g_assert_cmpuint (adw_combo_row_get_selected (format_row), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (format_row)));
  name = sl_export_dialog_dup_suggested_name (f->dialog);
  g_assert_true (g_str_has_prefix (name, "charities-"));
  g_assert_true (g_str_has_suffix (name, ".xlsx"));
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "export-dialog-by-charity.png");

  /* A .csv name typed into the chooser anyway is refused inline. */
  sl_export_dialog_export_to (f->dialog, csv_path);
  g_assert_cmpstr (visible_page (f), ==, "options");
  g_assert_true (error_shown (f));
  g_assert_nonnull (strstr (error_text (f), ".xlsx"));
  g_assert_false (g_file_test (csv_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_export_audits (f), ==, 0);

  /* A name without an extension gets the workbook's. */
  sl_export_dialog_export_to (f->dialog, bare_path);
  wait_for_result (f);
  g_assert_false (error_shown (f));
  g_assert_cmpstr (f->exported_path, ==, xlsx_path);
  g_assert_true (g_file_test (xlsx_path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (bare_path, G_FILE_TEST_EXISTS));
  g_assert_true (sl_db_get_stats (f->db, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (f->exported_rows, ==, stats.charity_runners);
  g_assert_cmpuint (count_export_audits (f), ==, 1);
}

static void
test_bad_destination (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *missing = file_in_dir (f, "no-such-folder");
  g_autofree char *path = g_build_filename (missing, "entrants.xlsx", NULL);

  sl_export_dialog_export_to (f->dialog, path);
  wait_for_result (f);
  g_assert_cmpstr (visible_page (f), ==, "options");
  g_assert_true (error_shown (f));
  /* The core's message, which names the file and the reason. */
  g_assert_nonnull (strstr (error_text (f), "entrants.xlsx"));
  g_assert_nonnull (strstr (error_text (f), g_strerror (ENOENT)));
  g_assert_cmpuint (f->n_exported, ==, 0);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  assert_only_event_files (f);
  g_assert_cmpuint (count_export_audits (f), ==, 0);
  sl_test_settle (300);
  sl_test_save_screenshot (GTK_WIDGET (f->dialog), "export-dialog-error.png");

  /* The person can try again from the same dialog. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (child (f, "export_button"))));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = file_in_dir (f, "entrants.xlsx");

  /* Holding the database lock keeps the worker waiting at its start, so
   * the cancel lands before anything is written, every time.
   */
  sl_db_lock (f->db);
  sl_export_dialog_export_to (f->dialog, path);
  g_assert_cmpstr (visible_page (f), ==, "progress");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (child (f, "export_button"))));
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
  g_assert_cmpuint (count_export_audits (f), ==, 0);
}

static GtkWidget *
get_focus (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->dialog));
}

/* The dialog opens on the first choice, what to export, not on Cancel. */
static void
test_initial_focus (Fixture       *f,
                    gconstpointer  data)
{
  sl_test_settle (200);
  g_assert_true (get_focus (f) == child (f, "all_check"));
  g_assert_true (gtk_widget_has_focus (get_focus (f)));
}

/* The three choices are one of three: a screen reader says "radio
 * button", and which is chosen, not "check box".
 */
static void
test_choices_are_radio_buttons (Fixture       *f,
                                gconstpointer  data)
{
  const char *ids[] = { "all_check", "charity_check", "by_charity_check" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkAccessible *choice = GTK_ACCESSIBLE (child (f, ids[i]));

      g_assert_cmpint (gtk_accessible_get_accessible_role (choice), ==, GTK_ACCESSIBLE_ROLE_RADIO);
      gtk_test_accessible_assert_state (choice, GTK_ACCESSIBLE_STATE_CHECKED,
                                        i == 0 ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                               : GTK_ACCESSIBLE_TRISTATE_FALSE);
    }
}

/* Export… goes insensitive while the export runs, and the options page
 * goes: the focus is on Cancel Export then (Escape or Enter stops it),
 * and then on the message saying what happened, which a screen reader
 * reads.
 */
static void
test_focus_while_exporting (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = file_in_dir (f, "entrants.xlsx");
  g_autofree char *missing = file_in_dir (f, "no-such-folder");
  g_autofree char *unwritable = g_build_filename (missing, "entrants.xlsx", NULL);

  sl_test_settle (200);
  gtk_widget_grab_focus (child (f, "export_button"));
  /* What the save chooser does when a place is chosen. */
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

  gtk_widget_grab_focus (child (f, "export_button"));
  sl_export_dialog_export_to (f->dialog, unwritable);
  wait_for_result (f);
  g_assert_nonnull (strstr (error_text (f), g_strerror (ENOENT)));
  g_assert_true (get_focus (f) == child (f, "error_label"));
  g_assert_cmpuint (f->n_exported, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  /* GTK's in-process accessibility backend: roles and states to check. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/export-dialog/full-list-xlsx", Fixture, NULL, fixture_set_up,
              test_full_list_xlsx, fixture_tear_down);
  g_test_add ("/export-dialog/one-charity-csv", Fixture, NULL, fixture_set_up,
              test_one_charity_csv, fixture_tear_down);
  g_test_add ("/export-dialog/by-charity-needs-xlsx", Fixture, NULL, fixture_set_up,
              test_by_charity_needs_xlsx, fixture_tear_down);
  g_test_add ("/export-dialog/bad-destination", Fixture, NULL, fixture_set_up,
              test_bad_destination, fixture_tear_down);
  g_test_add ("/export-dialog/cancel", Fixture, NULL, fixture_set_up,
              test_cancel, fixture_tear_down);
  g_test_add ("/export-dialog/initial-focus", Fixture, NULL, fixture_set_up,
              test_initial_focus, fixture_tear_down);
  g_test_add ("/export-dialog/choices-are-radio-buttons", Fixture, NULL, fixture_set_up,
              test_choices_are_radio_buttons, fixture_tear_down);
  g_test_add ("/export-dialog/focus-while-exporting", Fixture, NULL, fixture_set_up,
              test_focus_while_exporting, fixture_tear_down);

  return g_test_run ();
}
