/* sl-import-dialog.c — importing entrants from a CSV file, with a preview
 *
 * The import runs in a worker thread on a connection of its own
 * (sl_db_import_csv_writer_async): the window's connection stays free, so
 * the window behind the dialog keeps drawing and reading while the import
 * writes, or waits for another program that holds the event, which the
 * dialog then says. Progress reports arrive in the worker thread and are
 * passed to the main loop before they touch a widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-core.h"
#include "sl-import-dialog.h"
#include "sl-progress.h"
#include "sl-widgets.h"

#define PREVIEW_ROWS 8

/* What the worker thread reports to, kept until the import is done
 * (import_done_cb: the task holds the dialog until then).
 */
typedef struct
{
  GtkProgressBar *bar;
  gint            reported;   /* atomic: the import has begun to write */
} Progress;

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->bar);
  g_free (progress);
}

struct _SlImportDialog
{
  AdwWindow         parent_instance;

  SlDb             *db;
  char             *path;
  SlImportPreview  *preview;
  GPtrArray        *field_dropdowns;   /* GtkDropDown per CSV column */
  GCancellable     *cancellable;       /* set while a check or import runs */
  Progress         *progress;          /* likewise */
  guint             waiting_source;    /* says it waits, once it has a while */
  gboolean          dry_run;
  gboolean          finished;          /* committed: nothing is left but to close */

  GtkButton        *cancel_button;
  GtkButton        *back_button;
  GtkButton        *import_button;
  GtkButton        *check_button;
  GtkButton        *choose_button;
  GtkStack         *stack;
  GtkLabel         *file_label;
  GtkLabel         *notice_label;
  AdwPreferencesGroup *options_group;
  AdwComboRow      *date_order_row;
  GtkSwitch        *good_rows_switch;
  GtkSwitch        *add_missing_switch;
  GtkGrid          *preview_grid;
  GtkLabel         *summary_label;
  GtkListBox       *problems_list;
  GtkProgressBar   *progress_bar;
};

G_DEFINE_FINAL_TYPE (SlImportDialog, sl_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (SlImportDialog *self)
{
  gboolean loaded = self->preview != NULL;
  gboolean busy = self->cancellable != NULL;
  gboolean reporting = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "report") == 0;
  gboolean can_go_back = loaded && !busy && !self->finished && reporting;

  /* Once the file is in, importing it again could only confuse: the
   * dialog offers to close instead.
   */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.check",
                                 loaded && !busy && !self->finished);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run",
                                 loaded && !busy && !self->finished);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !busy);
  /* From a check's report, back to the mapping and the options. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.back", can_go_back);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can_go_back);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), !self->finished);
  gtk_widget_set_visible (GTK_WIDGET (self->check_button), !self->finished);
  gtk_button_set_label (self->cancel_button, self->finished ? _("_Close") : _("_Cancel"));
}

static GListModel *
new_field_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, _("Ignore this column"));
  for (int f = 1; f < SL_N_IMPORT_FIELDS; f++)
    gtk_string_list_append (list, sl_import_field_to_label (f));
  return G_LIST_MODEL (list);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
fill_preview (SlImportDialog *self)
{
  g_autoptr(GListModel) fields = new_field_model ();
  SlImportPreview *p = self->preview;
  g_autofree char *basename = g_path_get_basename (self->path);
  g_autofree char *description = NULL;
  const char *delimiter = p->delimiter == '\t' ? _("tab") : p->delimiter == ';' ? _("semicolon")
                                                                                 : _("comma");

  /* Translators: file name, encoding, and the character between fields. */
  description = g_strdup_printf (_("%s: %s, fields separated by %s"), basename, p->encoding,
                                 delimiter);
  gtk_label_set_text (self->file_label, description);
  gtk_label_set_text (self->notice_label, p->notice != NULL ? p->notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), p->notice != NULL);
  /* The rows of the combo are in SlDateOrder's order. Unset unless the
   * date column's header says, as in "DOB (DD/MM/YYYY)".
   */
  adw_combo_row_set_selected (self->date_order_row, p->date_order);

  clear_grid (self->preview_grid);
  g_ptr_array_set_size (self->field_dropdowns, 0);
  for (guint c = 0; p->headers[c] != NULL; c++)
    {
      GtkWidget *header = gtk_label_new (p->headers[c]);
      GtkWidget *dropdown = gtk_drop_down_new (g_object_ref (fields), NULL);
      g_autofree char *name = g_strdup_printf (_("Column “%s” holds"), p->headers[c]);

      gtk_widget_add_css_class (header, "heading");
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), p->fields[c]);
      sl_a11y_name_drop_down (GTK_DROP_DOWN (dropdown), name);
      gtk_widget_set_tooltip_text (dropdown, name);
      gtk_grid_attach (self->preview_grid, header, (int)c, 0, 1, 1);
      gtk_grid_attach (self->preview_grid, dropdown, (int)c, 1, 1, 1);
      g_ptr_array_add (self->field_dropdowns, dropdown);

      for (guint r = 0; r < p->rows->len; r++)
        {
          GStrv row = g_ptr_array_index (p->rows, r);
          const char *value = c < g_strv_length (row) ? row[c] : "";
          GtkWidget *cell = gtk_label_new (value);

          gtk_label_set_xalign (GTK_LABEL (cell), 0);
          gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (cell), 24);
          /* A quoted field may hold line breaks; keep every row one line. */
          gtk_label_set_single_line_mode (GTK_LABEL (cell), TRUE);
          gtk_grid_attach (self->preview_grid, cell, (int)c, (int)r + 2, 1, 1);
        }
    }
  /* Made after the dialog was shown: its choices need their names. */
  sl_a11y_fix_tree (GTK_WIDGET (self->preview_grid));
}

void
sl_import_dialog_hide_details (SlImportDialog *self)
{
  SlImportPreview *p;

  g_return_if_fail (SL_IS_IMPORT_DIALOG (self));

  if ((p = self->preview) == NULL)
    return;
  for (guint c = 0; p->headers[c] != NULL; c++)
    {
      if (!sl_import_field_is_detail (p->fields[c]))
        continue;
      for (guint r = 0; r < p->rows->len; r++)
        {
          GStrv row = g_ptr_array_index (p->rows, r);
          GtkWidget *cell = gtk_grid_get_child_at (self->preview_grid, (int)c, (int)r + 2);

          if (c >= g_strv_length (row) || *row[c] == '\0')
            continue;
          explicit_bzero (row[c], strlen (row[c]));
          g_free (row[c]);
          /* Translators: shown in an import's preview instead of a need's detail. */
          row[c] = g_strdup (_("(sealed)"));
          if (GTK_IS_LABEL (cell))
            gtk_label_set_text (GTK_LABEL (cell), row[c]);
        }
    }
}

static void
details_seen_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sl_db_write_need_finish (SL_DB (source), result, NULL, &error))
    sl_a11y_announce (GTK_WIDGET (self), error->message);
}

gboolean
sl_import_dialog_load (SlImportDialog  *self,
                       const char      *path,
                       GError         **error)
{
  SlImportOptions options;
  SlImportPreview *preview;

  g_return_val_if_fail (SL_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  sl_import_options_init (&options);
  /* A need's detail shows only to an officer with the event's key open. */
  preview = sl_db_import_preview (self->db, path, &options, PREVIEW_ROWS, error);
  sl_import_options_clear (&options);
  if (preview == NULL)
    return FALSE;

  g_clear_pointer (&self->preview, sl_import_preview_free);
  self->preview = preview;
  g_free (self->path);
  self->path = g_strdup (path);
  /* An officer sees the file's details: the audit log says who, and how
   * many rows (not cancelled with the dialog: they were seen).
   */
  if (preview->detail_rows > 0)
    {
      g_autofree char *basename = g_path_get_basename (path);

      sl_db_audit_import_details_async (self->db, basename, preview->detail_rows, NULL,
                                        details_seen_cb, g_object_ref (self));
    }
  self->finished = FALSE;
  fill_preview (self);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  update_actions (self);
  /* Choose File… went with its page: on to the first choice about the file. */
  gtk_widget_grab_focus (GTK_WIDGET (self->date_order_row));
  return TRUE;
}

guint
sl_import_dialog_get_n_columns (SlImportDialog *self)
{
  g_return_val_if_fail (SL_IS_IMPORT_DIALOG (self), 0);
  return self->field_dropdowns->len;
}

SlImportField
sl_import_dialog_get_column_field (SlImportDialog *self,
                                   guint           column)
{
  guint pos;

  g_return_val_if_fail (SL_IS_IMPORT_DIALOG (self), SL_IMPORT_FIELD_NONE);
  g_return_val_if_fail (column < self->field_dropdowns->len, SL_IMPORT_FIELD_NONE);

  pos = gtk_drop_down_get_selected (g_ptr_array_index (self->field_dropdowns, column));
  return pos < SL_N_IMPORT_FIELDS ? (SlImportField)pos : SL_IMPORT_FIELD_NONE;
}

void
sl_import_dialog_set_column_field (SlImportDialog *self,
                                   guint           column,
                                   SlImportField   field)
{
  g_return_if_fail (SL_IS_IMPORT_DIALOG (self));
  g_return_if_fail (column < self->field_dropdowns->len);
  g_return_if_fail (field < SL_N_IMPORT_FIELDS);

  gtk_drop_down_set_selected (g_ptr_array_index (self->field_dropdowns, column), field);
}

void
sl_import_dialog_get_options (SlImportDialog  *self,
                              SlImportOptions *options)
{
  g_return_if_fail (SL_IS_IMPORT_DIALOG (self));
  g_return_if_fail (options != NULL);

  sl_import_options_init (options);
  /* Every column the person assigned becomes an explicit mapping, so
   * what the preview shows is what the import reads.
   */
  for (guint c = 0; c < self->field_dropdowns->len; c++)
    {
      SlImportField field = sl_import_dialog_get_column_field (self, c);

      if (field != SL_IMPORT_FIELD_NONE && options->mapping[field] == NULL)
        options->mapping[field] = g_strdup (self->preview->headers[c]);
    }
  /* A column set to "Ignore" stays ignored even if its header looks known. */
  options->mapping_only = TRUE;
  options->date_order = adw_combo_row_get_selected (self->date_order_row);
  options->date_order_chosen = TRUE;
  options->good_rows_only = gtk_switch_get_active (self->good_rows_switch);
  options->add_missing = gtk_switch_get_active (self->add_missing_switch);
}

/* "5 races, 20 waves, 40 charities", leaving out the kinds with none. */
static char *
describe_added (const SlImportResult *result)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (result->added_races > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u race", "%'u races",
                                                       result->added_races),
                                             result->added_races));
  if (result->added_waves > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u wave", "%'u waves",
                                                       result->added_waves),
                                             result->added_waves));
  if (result->added_charities > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u charity", "%'u charities",
                                                       result->added_charities),
                                             result->added_charities));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between "5 races", "20 waves" and "40 charities" */
  return g_strjoinv (_(", "), (char **)parts->pdata);
}

/* The preview reads only the first rows; the import reads them all and
 * may find more to say (a quote inside a value further down). The lines
 * of its notice the preview did not show go into the report.
 */
static void
append_new_notices (GString    *summary,
                    const char *notice,
                    const char *shown)
{
  g_auto(GStrv) lines = NULL;

  if (notice == NULL)
    return;
  lines = g_strsplit (notice, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && (shown == NULL || strstr (shown, lines[i]) == NULL))
      {
        g_string_append_c (summary, '\n');
        g_string_append (summary, lines[i]);
      }
}

static void
show_report (SlImportDialog       *self,
             const SlImportResult *result,
             const GError         *error)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *needs = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);

  if (error != NULL && !g_error_matches (error, SL_IMPORT_ERROR, SL_IMPORT_ERROR_ROWS_REJECTED))
    g_string_append (summary, error->message);
  else if (result != NULL && !self->dry_run && !result->committed)
    {
      g_string_append_printf (summary,
                              ngettext ("Nothing was imported: %'u row has a problem. Fix it, "
                                        "or go back and import the good rows only.",
                                        "Nothing was imported: %'u rows have problems. Fix them, "
                                        "or go back and import the good rows only.",
                                        result->rejected),
                              result->rejected);
      if (result->missing > 0)
        {
          g_string_append_c (summary, ' ');
          g_string_append (summary, _("Rows naming a race, wave or charity this event does not "
                                      "have can add it: go back and turn on “Add races, waves "
                                      "and charities the file names”."));
        }
    }
  else if (result != NULL)
    {
      if (self->dry_run)
        g_string_append_printf (summary, _("Check finished: %'u new, %'u updated, %'u rejected. "
                                           "Nothing was written."),
                                result->imported, result->updated, result->rejected);
      else
        g_string_append_printf (summary, _("Imported: %'u new, %'u updated, %'u rejected."),
                                result->imported, result->updated, result->rejected);
      /* A file sent again is mostly rows the event already has. */
      if (result->unchanged > 0)
        {
          g_string_append_c (summary, ' ');
          g_string_append_printf (summary,
                                  ngettext ("%'u row matched an entrant and changed nothing.",
                                            "%'u rows matched entrants and changed nothing.",
                                            result->unchanged),
                                  result->unchanged);
        }
      if (result->added->len > 0)
        {
          g_autofree char *added = describe_added (result);

          g_string_append_c (summary, ' ');
          /* Translators: %s is e.g. "5 races, 20 waves, 40 charities" */
          g_string_append_printf (summary, self->dry_run ? _("It would add %s.") : _("Added %s."),
                                  added);
        }
      if ((needs = sl_import_result_dup_needs_summary (result)) != NULL)
        {
          g_string_append_c (summary, ' ');
          /* Translators: %s is e.g. "12 needs, 4 guide runner links, 7 markers" */
          g_string_append_printf (summary, self->dry_run ? _("Support needs it would record: %s.")
                                                         : _("Support needs recorded: %s."),
                                  needs);
        }
    }
  if (result != NULL)
    append_new_notices (summary, result->notice,
                        self->preview != NULL ? self->preview->notice : NULL);

  for (guint i = 0; result != NULL && result->problems != NULL && i < result->problems->len; i++)
    {
      SlImportProblem *problem = g_ptr_array_index (result->problems, i);
      g_autofree char *text = NULL;
      GtkWidget *label;

      text = problem->column != NULL
             ? g_strdup_printf (_("Line %u, column “%s”: %s"), problem->line, problem->column,
                                problem->reason)
             : g_strdup_printf (_("Line %u: %s"), problem->line, problem->reason);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_list_box_append (self->problems_list, label);
      /* GTK 4.8 leaves the row around a label nameless. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (label)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->problems_list)),
                          result != NULL && result->problems != NULL && result->problems->len > 0);

  gtk_label_set_text (self->summary_label, summary->str);
  gtk_stack_set_visible_child_name (self->stack, "report");
  update_actions (self);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(SlImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlImportResult) failed = NULL;
  g_autoptr(SlImportResult) result = NULL;
  GtkListBoxRow *problem;

  result = sl_db_import_csv_writer_finish (SL_DB (source), res, &failed, &error);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->progress, progress_free);
  g_clear_handle_id (&self->waiting_source, g_source_remove);
  self->finished = result != NULL && result->committed;
  update_actions (self);

  show_report (self, result != NULL ? result : failed, error);
  /* The focus goes to what came of it. Once the file is in, Import is
   * gone: Enter or Space closes. Otherwise the first problem, which a
   * screen reader reads, or Import when nothing is wrong.
   */
  problem = gtk_list_box_get_row_at_index (self->problems_list, 0);
  if (self->finished)
    gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
  else if (problem != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (problem));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->import_button));
  if (result != NULL && result->committed)
    g_signal_emit (self, signals[IMPORTED], 0, result->imported, result->updated,
                   result->unchanged, result->rejected);
}

/* Called in the worker thread. */
static void
report_progress (double      fraction,
                 const char *message,
                 gpointer    data)
{
  Progress *progress = data;

  g_atomic_int_set (&progress->reported, TRUE);
  sl_progress_to_bar (fraction, message, progress->bar);
}

/* Half a second in and the import has not begun: another program holds
 * the event, and the import waits for it.
 */
static gboolean
say_waiting_cb (gpointer user_data)
{
  SlImportDialog *self = user_data;
  const char *message = _("Waiting for another desk or program to finish with the event file");

  self->waiting_source = 0;
  if (self->progress == NULL || g_atomic_int_get (&self->progress->reported))
    return G_SOURCE_REMOVE;
  gtk_progress_bar_set_text (self->progress_bar, message);
  sl_a11y_announce (GTK_WIDGET (self), message);
  return G_SOURCE_REMOVE;
}

static void
start (SlImportDialog *self,
       gboolean        dry_run)
{
  SlImportOptions options;

  if (self->preview == NULL || self->cancellable != NULL)
    return;

  sl_import_dialog_get_options (self, &options);
  options.dry_run = dry_run;
  self->dry_run = dry_run;
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, dry_run ? _("Checking…") : _("Importing…"));
  gtk_stack_set_visible_child_name (self->stack, "progress");
  update_actions (self);
  /* Check and Import are insensitive while it runs: the focus goes to
   * Cancel, which stops it, instead of nowhere.
   */
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));

  self->progress = g_new0 (Progress, 1);
  self->progress->bar = g_object_ref (self->progress_bar);
  /* A check reads a snapshot, which waits for no one. */
  if (!dry_run)
    self->waiting_source = g_timeout_add (500, say_waiting_cb, self);
  sl_db_import_csv_writer_async (self->db, self->path, &options, self->cancellable,
                                 report_progress, self->progress,
                                 import_done_cb, g_object_ref (self));
  sl_import_options_clear (&options);
}

static void
check_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  start (SL_IMPORT_DIALOG (widget), TRUE);
}

static void
run_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start (SL_IMPORT_DIALOG (widget), FALSE);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlImportDialog *self = SL_IMPORT_DIALOG (widget);

  gtk_stack_set_visible_child_name (self->stack, "preview");
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->import_button));
}

/* Alt+Left, or Alt+Right where text runs right to left. */
static gboolean
back_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   data)
{
  SlImportDialog *self = SL_IMPORT_DIALOG (widget);
  gboolean left = g_variant_get_boolean (args);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  /* The button is shown exactly when going back is possible. */
  if (left == rtl || !gtk_widget_get_visible (GTK_WIDGET (self->back_button)))
    return FALSE;
  return gtk_widget_activate_action (widget, "import.back", NULL);
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlImportDialog *self = SL_IMPORT_DIALOG (widget);

  /* Cancelling a running import rolls it back; the report says so. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     SlImportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL && !sl_import_dialog_load (self, path, &error))
        {
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                                      _("This file cannot be imported"),
                                                      error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Entrants"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.tsv");
  gtk_file_filter_add_pattern (csv, "*.txt");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Tab and Shift+Tab leave the list of problems for the next or previous
 * control instead of going through every problem and the text in each
 * (GtkListBox's way), which can be thousands of stops: the list sits out
 * while the window moves the focus. The arrows go from problem to problem.
 */
static void
sl_import_dialog_move_focus (GtkWidget        *widget,
                             GtkDirectionType  direction)
{
  SlImportDialog *self = SL_IMPORT_DIALOG (widget);
  GtkWidget *list = GTK_WIDGET (self->problems_list);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean leave = (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD)
                   && focus != NULL && gtk_widget_is_ancestor (focus, list);

  if (leave)
    gtk_widget_set_can_focus (list, FALSE);
  GTK_WIDGET_CLASS (sl_import_dialog_parent_class)->move_focus (widget, direction);
  if (leave)
    gtk_widget_set_can_focus (list, TRUE);
}

/* It opens on what it asks for first, a file: the window would give the
 * focus to the first button in it, Cancel. Not before it is mapped: a
 * focus set earlier shows the dialog to a screen reader as a "filler".
 */
static void
sl_import_dialog_map (GtkWidget *widget)
{
  SlImportDialog *self = SL_IMPORT_DIALOG (widget);

  GTK_WIDGET_CLASS (sl_import_dialog_parent_class)->map (widget);
  if (gtk_root_get_focus (GTK_ROOT (self)) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->choose_button));
}

static void
sl_import_dialog_dispose (GObject *object)
{
  SlImportDialog *self = SL_IMPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->waiting_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sl_import_dialog_parent_class)->dispose (object);
}

static void
sl_import_dialog_finalize (GObject *object)
{
  SlImportDialog *self = SL_IMPORT_DIALOG (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->preview, sl_import_preview_free);
  g_clear_pointer (&self->field_dropdowns, g_ptr_array_unref);
  G_OBJECT_CLASS (sl_import_dialog_parent_class)->finalize (object);
}

static void
sl_import_dialog_class_init (SlImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_import_dialog_dispose;
  object_class->finalize = sl_import_dialog_finalize;
  widget_class->map = sl_import_dialog_map;
  widget_class->move_focus = sl_import_dialog_move_focus;

  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                                    G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);

  sl_widgets_ensure_resources ();
  /* A screen reader announces it as a dialog, not a bare window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, options_group);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, date_order_row);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, good_rows_switch);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, add_missing_switch);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, problems_list);
  gtk_widget_class_bind_template_child (widget_class, SlImportDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "import.check", NULL, check_action_cb);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action_cb);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action_cb);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, back_key_cb, "b", TRUE);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, GDK_ALT_MASK, back_key_cb, "b",
                                FALSE);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "import.choose", NULL);
}

static void
sl_import_dialog_init (SlImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The group has no title to name its list for a screen reader. */
  sl_a11y_name_group (self->options_group, _("Import options"));
  self->field_dropdowns = g_ptr_array_new ();
  update_actions (self);
}

SlImportDialog *
sl_import_dialog_new (SlDb *db)
{
  SlImportDialog *self;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = g_object_new (SL_TYPE_IMPORT_DIALOG, NULL);
  self->db = g_object_ref (db);
  return self;
}

SlImportDialog *
sl_import_dialog_present (GtkWindow *parent,
                          SlDb      *db)
{
  SlImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = sl_import_dialog_new (db);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_activate_action (GTK_WIDGET (self), "import.choose", NULL);
  return self;
}

char *
sl_import_dialog_dup_outcome (guint imported,
                              guint updated,
                              guint unchanged,
                              guint rejected)
{
  /* A file sent again with nothing new in it. */
  if (imported == 0 && updated == 0 && rejected == 0)
    return g_strdup_printf (ngettext ("Import finished: nothing changed (%'u entrant was "
                                      "already as in the file)",
                                      "Import finished: nothing changed (%'u entrants were "
                                      "already as in the file)", unchanged),
                            unchanged);
  /* Counts after labels, so that no plural forms are needed. */
  if (rejected == 0)
    /* Translators: counts of entrants added, changed and left as they were. */
    return g_strdup_printf (_("Import finished. New: %'u, updated: %'u, unchanged: %'u"),
                            imported, updated, unchanged);
  /* Translators: as above, and the rows of the file left out for their problems. */
  return g_strdup_printf (_("Import finished. New: %'u, updated: %'u, unchanged: %'u, "
                            "skipped for problems: %'u"),
                          imported, updated, unchanged, rejected);
}
