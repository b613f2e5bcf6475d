/* sl-export-dialog.c — exporting entrants to an xlsx workbook or a CSV file
 *
 * The export runs in a worker thread (sl_db_export_async); its progress
 * reports arrive in that thread and are passed to the main loop before
 * they touch a widget, so the window never freezes. The core writes a
 * temporary file readable by its owner only and renames it into place, so
 * a failed or cancelled export leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-event.h"
#include "sl-export-dialog.h"
#include "sl-progress.h"
#include "sl-widgets.h"

/* Positions in the format row's model. */
enum
{
  FORMAT_XLSX = 0,
  FORMAT_CSV,
};

struct _SlExportDialog
{
  AdwWindow          parent_instance;

  SlDb              *db;
  char              *event_date;       /* YYYY-MM-DD, for suggested names */
  char              *path;             /* of the running or finished export */
  GCancellable      *cancellable;      /* set while an export runs */
  gboolean           finished;

  GtkStack          *stack;
  GtkLabel          *error_label;
  AdwActionRow      *charity_row;
  AdwActionRow      *by_charity_row;
  GtkCheckButton    *all_check;
  GtkCheckButton    *charity_check;
  GtkCheckButton    *by_charity_check;
  GtkDropDown       *charity_dropdown;
  AdwComboRow       *format_row;
  GtkLabel          *columns_label;
  GtkProgressBar    *progress_bar;
  GtkWidget         *stop_button;
  AdwStatusPage     *done_page;
  GtkWidget         *close_button;
  GtkWidget         *export_button;
  GtkWidget         *cancel_button;
};

G_DEFINE_FINAL_TYPE (SlExportDialog, sl_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (SlExportDialog *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", !busy && !self->finished);
}

static SlExportFormat
selected_format (SlExportDialog *self)
{
  return adw_combo_row_get_selected (self->format_row) == FORMAT_CSV ? SL_EXPORT_FORMAT_CSV
                                                                    : SL_EXPORT_FORMAT_XLSX;
}

static const char *
format_extension (SlExportFormat format)
{
  return format == SL_EXPORT_FORMAT_CSV ? ".csv" : ".xlsx";
}

/* The chosen charity's name, or NULL when the event has none. */
static const char *
selected_charity (SlExportDialog *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->charity_dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* "Riverside Hospice" → "riverside-hospice": a name that survives e-mail,
 * shares and every file system.
 */
static char *
slugify (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, NULL);
  GString *slug = g_string_new (NULL);
  gboolean dash = TRUE;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          g_string_append_c (slug, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else if (!dash)
        {
          g_string_append_c (slug, '-');
          dash = TRUE;
        }
    }
  if (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "charity");
  return g_string_free (slug, FALSE);
}

char *
sl_export_dialog_dup_suggested_name (SlExportDialog *self)
{
  const char *extension;
  const char *charity;
  g_autofree char *stem = NULL;

  g_return_val_if_fail (SL_IS_EXPORT_DIALOG (self), NULL);

  extension = format_extension (selected_format (self));
  charity = selected_charity (self);
  /* File names are not translated: they travel to partners. */
  if (gtk_check_button_get_active (self->charity_check) && charity != NULL)
    stem = slugify (charity);
  else if (gtk_check_button_get_active (self->by_charity_check))
    stem = self->event_date != NULL ? g_strconcat ("charities-", self->event_date, NULL)
                                    : g_strdup ("charities");
  else
    stem = self->event_date != NULL ? g_strconcat ("entrants-", self->event_date, NULL)
                                    : g_strdup ("entrants");
  return g_strconcat (stem, extension, NULL);
}

static void
show_error (SlExportDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "options");
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(SlExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *description = NULL;
  gint64 n_rows = 0;
  gboolean ok;

  ok = sl_db_export_finish_full (SL_DB (source), res, &n_rows, &error);
  g_clear_object (&self->cancellable);
  if (self->stack == NULL)
    return;   /* closed while exporting: the export was cancelled */

  if (!ok)
    {
      update_actions (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("The export was cancelled; no file was written."));
      else
        show_error (self, error->message);
      return;
    }

  self->finished = TRUE;
  update_actions (self);
  display = g_filename_display_name (self->path);
  /* Translators: the number of entrants, then the file's full path. */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%'u entrant was exported to “%s”.\n"
                                              "Only your user account can read the file.",
                                              "%'u entrants were exported to “%s”.\n"
                                              "Only your user account can read the file.",
                                              (gulong)n_rows),
                                 (guint)n_rows, display);
  adw_status_page_set_description (self->done_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "done");
  /* Nothing is left to cancel or to export: the page's Close says it all. */
  gtk_widget_set_visible (self->export_button, FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->close_button);
  gtk_widget_grab_focus (self->close_button);
  g_signal_emit (self, signals[EXPORTED], 0, self->path, (guint)CLAMP (n_rows, 0, G_MAXUINT));
}

void
sl_export_dialog_export_to (SlExportDialog *self,
                            const char     *path)
{
  SlExportFormat wanted;
  SlExportFormat named;
  SlExportOptions options = { 0 };
  g_autofree char *target = NULL;

  g_return_if_fail (SL_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->cancellable != NULL || self->finished)
    return;

  wanted = selected_format (self);
  named = sl_export_format_from_path (path);
  if (named == SL_EXPORT_FORMAT_AUTO)
    {
      target = g_strconcat (path, format_extension (wanted), NULL);
    }
  else if (named != wanted)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_autofree char *message = NULL;

      /* Translators: a file name, then the extension it needs. */
      message = g_strdup_printf (gtk_check_button_get_active (self->by_charity_check)
                                 ? _("One sheet per charity needs an Excel workbook: name the "
                                     "file “%s” with %s at the end")
                                 : _("The name “%s” does not match the chosen format: name the "
                                     "file with %s at the end"),
                                 display, format_extension (wanted));
      show_error (self, message);
      return;
    }
  else
    {
      target = g_strdup (path);
    }

  options.format = wanted;
  options.kind = gtk_check_button_get_active (self->by_charity_check) ? SL_EXPORT_BY_CHARITY
                                                                      : SL_EXPORT_ENTRANTS;
  if (gtk_check_button_get_active (self->charity_check))
    {
      options.charity = selected_charity (self);
      if (options.charity == NULL)
        {
          show_error (self, _("This event has no charities: choose another export"));
          return;
        }
    }

  g_free (self->path);
  self->path = g_steal_pointer (&target);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Exporting…"));
  gtk_stack_set_visible_child_name (self->stack, "progress");
  update_actions (self);
  /* Export… is insensitive and the options are gone while it runs: the
   * focus goes to the button that stops it instead of nowhere. When that
   * page goes in turn, GTK moves the focus on to the message shown.
   */
  gtk_widget_grab_focus (self->stop_button);

  sl_db_export_async (self->db, self->path, &options, self->cancellable,
                      sl_progress_to_bar, self->progress_bar,
                      export_done_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     SlExportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        sl_export_dialog_export_to (self, path);
      else
        show_error (self, _("The chosen place is not a local file; choose a folder on this "
                            "computer"));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *name = sl_export_dialog_dup_suggested_name (self);
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  chooser = gtk_file_chooser_native_new (_("Export Entrants"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (xlsx, _("Excel workbooks"));
  gtk_file_filter_add_mime_type (xlsx, "application/vnd.openxmlformats-officedocument."
                                       "spreadsheetml.sheet");
  gtk_file_filter_add_pattern (xlsx, "*.xlsx");
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  /* The chosen format's filter comes first, so it is the one shown. */
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser),
                               selected_format (self) == SL_EXPORT_FORMAT_CSV ? csv : xlsx);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (widget);

  /* A cancelled export removes its temporary file; the page says so. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
charity_selected_cb (SlExportDialog *self)
{
  /* Picking a charity only makes sense for that choice: make it so. */
  gtk_check_button_set_active (self->charity_check, TRUE);
}

static void
kind_toggled_cb (SlExportDialog *self)
{
  gboolean by_charity = gtk_check_button_get_active (self->by_charity_check);

  /* Sheets exist only in a workbook: CSV is not offered with them. */
  if (by_charity)
    adw_combo_row_set_selected (self->format_row, FORMAT_XLSX);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_row), !by_charity);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row),
                               by_charity ? _("One sheet per charity needs an Excel workbook")
                                          : "");
}

/* The note under the choices, from the core's own table, so it cannot
 * drift from what is written.
 */
static void
fill_columns_note (SlExportDialog *self)
{
  const SlExportColumnInfo *columns;
  g_autoptr(GString) in = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *note = NULL;
  guint n_columns = 0;

  columns = sl_export_get_columns (&n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      GString *list = columns[c].in_default ? in : out;

      if (list->len > 0)
        g_string_append (list, _(", "));
      g_string_append (list, _(columns[c].header));
    }
  /* Translators: two comma-separated lists of column names. */
  note = g_strdup_printf (_("Columns: %s.\n\nNot exported: %s.\n\nThe file holds personal "
                            "details: it is created readable by your user account only."),
                          in->str, out->str);
  gtk_label_set_text (self->columns_label, note);
}

static void
fill_charities (SlExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) charities = sl_db_list_charities (self->db, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = NULL;

  for (guint i = 0; charities != NULL && i < charities->len; i++)
    {
      SlCharity *charity = g_ptr_array_index (charities, i);

      gtk_string_list_append (names, charity->name);
    }
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->charity_dropdown, expression);
  gtk_drop_down_set_model (self->charity_dropdown, G_LIST_MODEL (names));

  if (g_list_model_get_n_items (G_LIST_MODEL (names)) == 0)
    {
      const char *why = error != NULL ? error->message : _("This event has no charities");

      gtk_widget_set_sensitive (GTK_WIDGET (self->charity_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->by_charity_row), FALSE);
      adw_action_row_set_subtitle (self->charity_row, why);
      gtk_widget_set_visible (GTK_WIDGET (self->charity_dropdown), FALSE);
    }
}

/* It opens on the first choice, what to export: the window would give the
 * focus to the first button in it, Cancel. Not before it is mapped: a
 * focus set earlier shows the dialog to a screen reader as a "filler".
 */
static void
sl_export_dialog_map (GtkWidget *widget)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (widget);

  GTK_WIDGET_CLASS (sl_export_dialog_parent_class)->map (widget);
  if (gtk_root_get_focus (GTK_ROOT (self)) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->all_check));
}

static void
sl_export_dialog_dispose (GObject *object)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sl_export_dialog_parent_class)->dispose (object);
}

static void
sl_export_dialog_finalize (GObject *object)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (object);

  g_clear_pointer (&self->event_date, g_free);
  g_clear_pointer (&self->path, g_free);
  G_OBJECT_CLASS (sl_export_dialog_parent_class)->finalize (object);
}

static void
sl_export_dialog_class_init (SlExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_export_dialog_dispose;
  object_class->finalize = sl_export_dialog_finalize;
  widget_class->map = sl_export_dialog_map;

  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                    G_TYPE_STRING, G_TYPE_UINT);

  sl_widgets_ensure_resources ();
  /* A screen reader announces it as a dialog, not a bare window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, charity_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, by_charity_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, all_check);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, charity_check);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, by_charity_check);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, charity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, columns_label);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, cancel_button);

  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
sl_export_dialog_init (SlExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sl_a11y_name_drop_down (self->charity_dropdown, _("Charity"));
  fill_columns_note (self);
  g_signal_connect_swapped (self->by_charity_check, "notify::active",
                            G_CALLBACK (kind_toggled_cb), self);
  update_actions (self);
}

SlExportDialog *
sl_export_dialog_new (SlDb *db)
{
  SlExportDialog *self;
  g_autoptr(SlEvent) event = NULL;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = g_object_new (SL_TYPE_EXPORT_DIALOG, NULL);
  self->db = g_object_ref (db);
  /* Without the event (a broken file), names simply go without a date. */
  event = sl_db_dup_event (db, NULL);
  if (event != NULL && event->date != NULL)
    self->event_date = g_strdup (event->date);
  fill_charities (self);
  g_signal_connect_swapped (self->charity_dropdown, "notify::selected",
                            G_CALLBACK (charity_selected_cb), self);
  return self;
}

void
sl_export_dialog_present (GtkWindow *parent,
                          SlDb      *db)
{
  SlExportDialog *self;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (SL_IS_DB (db));

  self = sl_export_dialog_new (db);
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_present (GTK_WINDOW (self));
}
