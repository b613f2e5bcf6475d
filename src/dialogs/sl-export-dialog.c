/* sl-export-dialog.c — exporting entrants through an export profile
 *
 * The person picks a profile (sl_db_list_export_profiles: the built-in
 * ones, then the event's own), the charity or facility it needs, the
 * format and a reason; the dialog lists the file's exact columns, each
 * with its sensitivity in words, and the rows it would hold, from
 * sl_db_preview_profile_export run in a worker thread (a GTask; the
 * newest choice wins, an older answer is dropped), so typing the reason
 * never waits for it. A profile the signed-in roles may not use is
 * listed too: the dialog says in one line why it is refused (and to a
 * screen reader), and Export… stays off. Export… is offered once the
 * reason is not blank.
 *
 * The export runs in a worker thread (sl_db_export_profile_async), which
 * also records it in the export log; its progress reports arrive in that
 * thread and are passed to the main loop before they touch a widget. The
 * core writes a temporary file readable by its owner only and renames it
 * into place, so a failed or cancelled export leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-entry-row.h"
#include "sl-event.h"
#include "sl-export-dialog.h"
#include "sl-export-profile.h"
#include "sl-facilities.h"
#include "sl-profile-dialog.h"
#include "sl-progress.h"
#include "sl-session.h"
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
  char              *reason;           /* of the running export */
  GCancellable      *cancellable;      /* set while an export runs */
  GCancellable      *preview_cancellable;
  guint              preview_serial;   /* the newest preview asked for */
  gboolean           finished;
  gboolean           refused;          /* the chosen profile is not for these roles */
  GPtrArray         *profiles;         /* SlExportProfile, in the profile row's order */
  GPtrArray         *column_rows;      /* the rows in columns_group */

  GtkStack          *stack;
  GtkLabel          *error_label;
  AdwComboRow       *profile_row;
  AdwComboRow       *charity_row;
  AdwComboRow       *facility_row;
  AdwComboRow       *format_row;
  SlEntryRow        *reason_row;
  GtkLabel          *refusal_label;
  GtkLabel          *count_label;
  AdwPreferencesGroup *columns_group;
  GtkWidget         *save_profile_button;
  GtkWidget         *remove_profile_button;
  gboolean           removing;         /* a profile's removal is being written */
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

static void start_preview (SlExportDialog *self);

SlExportProfile *
sl_export_dialog_get_profile (SlExportDialog *self)
{
  guint selected;

  g_return_val_if_fail (SL_IS_EXPORT_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->profile_row);
  if (self->profiles == NULL || selected >= self->profiles->len)
    return NULL;
  return g_ptr_array_index (self->profiles, selected);
}

gboolean
sl_export_dialog_select_profile (SlExportDialog *self,
                                 const char     *name)
{
  g_return_val_if_fail (SL_IS_EXPORT_DIALOG (self), FALSE);

  for (guint i = 0; self->profiles != NULL && i < self->profiles->len; i++)
    if (g_strcmp0 (((SlExportProfile *)g_ptr_array_index (self->profiles, i))->name, name) == 0)
      {
        adw_combo_row_set_selected (self->profile_row, i);
        return TRUE;
      }
  return FALSE;
}

static const char *
selected_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL && gtk_widget_get_visible (GTK_WIDGET (row))
         ? gtk_string_object_get_string (item) : NULL;
}

static const char *
selected_charity (SlExportDialog *self)
{
  return selected_string (self->charity_row);
}

static const char *
selected_facility (SlExportDialog *self)
{
  return selected_string (self->facility_row);
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

/* The reason typed, trimmed; NULL when blank. */
static char *
dup_reason (SlExportDialog *self)
{
  g_autofree char *reason = g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (sl_entry_row_get_entry (self->reason_row))));

  g_strstrip (reason);
  return reason[0] != '\0' ? g_steal_pointer (&reason) : NULL;
}

/* Has the profile what it needs to name its rows (a charity, a facility)? */
static gboolean
filter_chosen (SlExportDialog *self)
{
  SlExportProfile *profile = sl_export_dialog_get_profile (self);

  if (profile == NULL)
    return FALSE;
  if ((profile->flags & SL_PROFILE_NEEDS_CHARITY) && selected_charity (self) == NULL)
    return FALSE;
  if ((profile->flags & SL_PROFILE_NEEDS_FACILITY) && selected_facility (self) == NULL)
    return FALSE;
  return TRUE;
}

static void
update_actions (SlExportDialog *self)
{
  gboolean busy = self->cancellable != NULL;
  g_autofree char *reason = dup_reason (self);
  SlExportProfile *profile = sl_export_dialog_get_profile (self);
  SlRoles roles = sl_db_get_roles (self->db);
  gboolean ready = profile != NULL && !self->refused && filter_chosen (self) && reason != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose",
                                 !busy && !self->finished && ready);
  /* Custom profiles are an exporter's or an administrator's to make. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save-profile",
                                 !busy && !self->finished && profile != NULL
                                 && profile->kind == SL_PROFILE_KIND_ENTRANTS
                                 && (roles & (SL_ROLE_EXPORTER | SL_ROLE_ADMIN)) != 0);
  /* So are they to remove; a built-in is not anyone's. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.remove-profile",
                                 !busy && !self->finished && !self->removing && profile != NULL
                                 && !profile->builtin
                                 && (roles & (SL_ROLE_EXPORTER | SL_ROLE_ADMIN)) != 0);
  if (self->refused)
    return;   /* the tooltip says why */
  gtk_widget_set_tooltip_text (self->export_button,
                               ready ? _("Choose where to save the file")
                                     : reason == NULL ? _("Type the reason for this export first")
                                                      : _("Choose what to export first"));
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
  SlExportProfile *profile;
  const char *filter;
  g_autoptr(GString) stem = g_string_new (NULL);
  g_autofree char *profile_slug = NULL;

  g_return_val_if_fail (SL_IS_EXPORT_DIALOG (self), NULL);

  /* File names are not translated: they travel to partners. */
  profile = sl_export_dialog_get_profile (self);
  profile_slug = slugify (profile != NULL ? profile->name : "entrants");
  g_string_append (stem, profile_slug);
  filter = selected_charity (self) != NULL ? selected_charity (self) : selected_facility (self);
  if (filter != NULL)
    {
      g_autofree char *filter_slug = slugify (filter);

      g_string_append_printf (stem, "-%s", filter_slug);
    }
  if (self->event_date != NULL)
    g_string_append_printf (stem, "-%s", self->event_date);
  g_string_append (stem, format_extension (selected_format (self)));
  return g_strdup (stem->str);
}

static void
show_error (SlExportDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "options");
}

/* ---- The columns and the rows the file would hold ------------------- */

static SlSensitivity
sensitivity_of_key (const char    *key,
                    SlSensitivity  otherwise)
{
  guint n_columns = 0;
  const SlExportColumnInfo *columns = sl_export_get_columns (&n_columns);

  for (guint c = 0; key != NULL && c < n_columns; c++)
    if (g_str_equal (columns[c].key, key))
      return columns[c].sensitivity;
  return otherwise;
}

static void
clear_columns (SlExportDialog *self)
{
  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);
}

static void
add_column (SlExportDialog *self,
            const char     *header,
            SlSensitivity   sensitivity)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), header);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sl_sensitivity_to_label (sensitivity));
  adw_preferences_group_add (self->columns_group, row);
  g_ptr_array_add (self->column_rows, row);
}

/* What the profile lists, before the preview says the file's own words. */
static void
show_profile_columns (SlExportDialog  *self,
                      SlExportProfile *profile)
{
  guint n_columns = 0;
  const SlExportColumnInfo *columns = sl_export_get_columns (&n_columns);

  clear_columns (self);
  for (guint i = 0; profile != NULL && i < profile->n_columns; i++)
    if ((guint)profile->columns[i] < n_columns)
      add_column (self, _(columns[profile->columns[i]].header),
                  columns[profile->columns[i]].sensitivity);
}

static void
show_preview (SlExportDialog               *self,
              const SlProfileExportPreview *preview)
{
  SlExportProfile *profile = sl_export_dialog_get_profile (self);
  SlSensitivity otherwise = profile != NULL ? sl_export_profile_sensitivity (profile)
                                            : SL_SENSITIVITY_PERSONAL;
  guint n_headers = preview->headers != NULL ? g_strv_length (preview->headers) : 0;
  guint n_keys = preview->keys != NULL ? g_strv_length (preview->keys) : 0;
  g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, preview->n_rows);
  g_autofree char *rows = NULL;
  g_autofree char *count = NULL;

  clear_columns (self);
  for (guint i = 0; i < n_headers; i++)
    add_column (self, preview->headers[i],
                sensitivity_of_key (i < n_keys ? preview->keys[i] : NULL, otherwise));
  /* Translators: the first part of "The file would hold 812 rows in 9 columns". */
  rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows",
                                       (gulong)preview->n_rows),
                          number);
  /* Translators: "812 rows", then how many columns. */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The file would hold %s in %u column.",
                                        "The file would hold %s in %u columns.", n_headers),
                           rows, n_headers);
  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), TRUE);
}

typedef struct
{
  char           *profile;
  char           *charity;
  char           *facility;
  SlExportFormat  format;
  guint           serial;
} PreviewRequest;

static void
preview_request_free (gpointer data)
{
  PreviewRequest *request = data;

  g_free (request->profile);
  g_free (request->charity);
  g_free (request->facility);
  g_free (request);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewRequest *request = task_data;
  SlProfileExportRequest wanted = {
    .profile = request->profile,
    .format = request->format,
    .charity = request->charity,
    .facility = request->facility,
    /* The preview writes nothing and records nothing: no reason yet. */
    .reason = NULL,
  };
  GError *error = NULL;
  SlProfileExportPreview *preview;

  if (g_task_return_error_if_cancelled (task))
    return;
  preview = sl_db_preview_profile_export (SL_DB (source_object), &wanted, &error);
  if (preview == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, preview, (GDestroyNotify)sl_profile_export_preview_free);
}

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlProfileExportPreview) preview = NULL;
  PreviewRequest *request = g_task_get_task_data (G_TASK (result));

  preview = g_task_propagate_pointer (G_TASK (result), &error);
  /* Gone, or another choice made meanwhile: its own preview comes. */
  if (self->stack == NULL || request->serial != self->preview_serial)
    return;
  if (preview == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->count_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->count_label), TRUE);
        }
      return;
    }
  show_preview (self, preview);
}

/* Asks for the chosen profile's preview; the newest answer is shown. */
static void
start_preview (SlExportDialog *self)
{
  SlExportProfile *profile = sl_export_dialog_get_profile (self);
  g_autoptr(GTask) task = NULL;
  PreviewRequest *request;

  self->preview_serial++;
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  if (profile == NULL || self->refused || !filter_chosen (self))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->count_label), FALSE);
      return;
    }

  gtk_label_set_text (self->count_label, _("Counting the rows…"));
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), TRUE);
  request = g_new0 (PreviewRequest, 1);
  request->profile = g_strdup (profile->name);
  request->charity = g_strdup (selected_charity (self));
  request->facility = g_strdup (selected_facility (self));
  request->format = selected_format (self);
  request->serial = self->preview_serial;
  self->preview_cancellable = g_cancellable_new ();
  task = g_task_new (self->db, self->preview_cancellable, preview_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_preview);
  g_task_set_task_data (task, request, preview_request_free);
  g_task_run_in_thread (task, preview_thread);
}

/* A profile chosen: its filters, whether these roles may use it (said in
 * one line, and to a screen reader), its columns, then the preview.
 */
static void
profile_changed_cb (SlExportDialog *self)
{
  SlExportProfile *profile = sl_export_dialog_get_profile (self);
  g_autoptr(GError) error = NULL;

  if (profile == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->charity_row),
                          (profile->flags & SL_PROFILE_NEEDS_CHARITY) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->facility_row),
                          (profile->flags & SL_PROFILE_NEEDS_FACILITY) != 0);
  self->refused = !sl_export_profile_check_roles (profile, sl_db_get_roles (self->db), &error);
  if (!self->refused && !filter_chosen (self))
    {
      self->refused = TRUE;
      g_set_error_literal (&error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_NO_SUCH_CHARITY,
                           (profile->flags & SL_PROFILE_NEEDS_CHARITY)
                           ? _("This event has no charities: choose another profile.")
                           : _("This event has no facilities: choose another profile."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), self->refused);
  if (self->refused)
    {
      gtk_label_set_text (self->refusal_label, error->message);
      gtk_widget_set_tooltip_text (self->export_button, error->message);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        sl_a11y_announce (GTK_WIDGET (self->profile_row), error->message);
    }
  show_profile_columns (self, profile);
  update_actions (self);
  start_preview (self);
}

static void
filter_changed_cb (SlExportDialog *self)
{
  update_actions (self);
  start_preview (self);
}

/* ---- Exporting ------------------------------------------------------ */

static void
export_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(SlExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *description = NULL;
  SlExportProfile *profile;
  gint64 n_rows = 0;
  gboolean ok;

  ok = sl_db_export_profile_finish (SL_DB (source), res, &n_rows, &error);
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
  profile = sl_export_dialog_get_profile (self);
  display = g_filename_display_name (self->path);
  /* Translators: the number of rows, the file's full path, then the profile. */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%'u row was exported to “%s” with the "
                                              "profile “%s”.\nOnly your user account can "
                                              "read the file. The export log records it.",
                                              "%'u rows were exported to “%s” with the "
                                              "profile “%s”.\nOnly your user account can "
                                              "read the file. The export log records it.",
                                              (gulong)n_rows),
                                 (guint)n_rows, display,
                                 profile != NULL ? profile->label : "");
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
  SlExportProfile *profile;
  SlProfileExportRequest request = { 0 };
  g_autofree char *target = NULL;

  g_return_if_fail (SL_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->cancellable != NULL || self->finished)
    return;

  profile = sl_export_dialog_get_profile (self);
  g_free (self->reason);
  self->reason = dup_reason (self);
  if (profile == NULL || self->refused || !filter_chosen (self) || self->reason == NULL)
    {
      /* Export… is off then; a caller that went around it is told why. */
      show_error (self, self->reason == NULL ? _("Type the reason for this export first")
                                             : gtk_widget_get_tooltip_text (self->export_button));
      return;
    }

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
      message = g_strdup_printf (_("The name “%s” does not match the chosen format: name the "
                                   "file with %s at the end"),
                                 display, format_extension (wanted));
      show_error (self, message);
      return;
    }
  else
    {
      target = g_strdup (path);
    }

  request.profile = profile->name;
  request.format = wanted;
  request.charity = selected_charity (self);
  request.facility = selected_facility (self);
  request.reason = self->reason;

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

  sl_db_export_profile_async (self->db, self->path, &request, self->cancellable,
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

/* ---- The profiles, charities and facilities ------------------------- */

static void
setup_profile_item_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *roles = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_xalign (GTK_LABEL (roles), 0);
  gtk_widget_add_css_class (roles, "caption");
  gtk_widget_add_css_class (roles, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), roles);
  gtk_list_item_set_child (list_item, box);
}

/* The list of profiles shows each one's label and who may use it. */
static void
bind_profile_item_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      SlExportDialog           *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *roles = gtk_widget_get_next_sibling (label);
  guint position = gtk_list_item_get_position (list_item);
  SlExportProfile *profile;
  g_autofree char *who = NULL;
  g_autofree char *said = NULL;

  if (self->profiles == NULL || position >= self->profiles->len)
    return;
  profile = g_ptr_array_index (self->profiles, position);
  who = sl_roles_dup_label (profile->roles);
  said = g_strdup_printf (_("For: %s"), who);
  gtk_label_set_text (GTK_LABEL (label), profile->label);
  gtk_label_set_text (GTK_LABEL (roles), said);
}

static void
fill_profiles (SlExportDialog *self,
               const char     *select)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) profiles = sl_db_list_export_profiles (self->db, &error);
  guint chosen = 0;

  if (profiles == NULL)
    {
      show_error (self, error->message);
      profiles = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_export_profile_free);
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      SlExportProfile *profile = g_ptr_array_index (profiles, i);

      gtk_string_list_append (labels, profile->label);
      if (select != NULL && g_strcmp0 (profile->name, select) == 0)
        chosen = i;
    }
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  self->profiles = g_steal_pointer (&profiles);
  adw_combo_row_set_model (self->profile_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->profile_row, chosen);
  profile_changed_cb (self);
}

static void
fill_filters (SlExportDialog *self)
{
  g_autoptr(GPtrArray) charities = sl_db_list_charities (self->db, NULL);
  g_autoptr(GPtrArray) facilities = sl_db_list_facilities (self->db, NULL);
  g_autoptr(GtkStringList) charity_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) facility_names = gtk_string_list_new (NULL);

  for (guint i = 0; charities != NULL && i < charities->len; i++)
    gtk_string_list_append (charity_names, ((SlCharity *)g_ptr_array_index (charities, i))->name);
  for (guint i = 0; facilities != NULL && i < facilities->len; i++)
    gtk_string_list_append (facility_names,
                            ((SlFacility *)g_ptr_array_index (facilities, i))->name);
  adw_combo_row_set_model (self->charity_row, G_LIST_MODEL (charity_names));
  adw_combo_row_set_model (self->facility_row, G_LIST_MODEL (facility_names));
}

static void
profile_saved_cb (SlExportDialog *self,
                  const char     *name)
{
  fill_profiles (self, name);
}

static void
save_profile_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (widget);
  SlExportProfile *profile = sl_export_dialog_get_profile (self);
  SlProfileDialog *dialog;

  dialog = sl_profile_dialog_new (self->db, profile != NULL ? profile->columns : NULL,
                                  profile != NULL ? profile->n_columns : 0);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (profile_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Removing a profile of the event's own ---------------------------- */

static void
remove_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (sl_db_remove_export_profile (SL_DB (source_object), task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
remove_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  const char *name = g_task_get_task_data (G_TASK (result));

  /* The write is not cancelled: it finishes as it began. */
  g_task_propagate_boolean (G_TASK (result), &error);
  if (self->stack == NULL)
    return;
  self->removing = FALSE;
  if (error != NULL)
    {
      show_error (self, error->message);
      sl_a11y_announce (GTK_WIDGET (self->profile_row), error->message);
      update_actions (self);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  fill_profiles (self, NULL);
  said = g_strdup_printf (_("Profile “%s” removed"), name);
  sl_a11y_announce (GTK_WIDGET (self->profile_row), said);
  gtk_widget_grab_focus (GTK_WIDGET (self->profile_row));
}

void
sl_export_dialog_remove_profile (SlExportDialog *self,
                                 const char     *name)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_EXPORT_DIALOG (self));
  g_return_if_fail (name != NULL);

  if (self->removing)
    return;
  self->removing = TRUE;
  update_actions (self);
  task = g_task_new (self->db, NULL, remove_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, sl_export_dialog_remove_profile);
  g_task_set_task_data (task, g_strdup (name), g_free);
  g_task_run_in_thread (task, remove_thread);
}

static void
remove_response_cb (AdwMessageDialog *confirm,
                    const char       *response,
                    SlExportDialog   *self)
{
  const char *name = g_object_get_data (G_OBJECT (confirm), "profile");

  if (g_strcmp0 (response, "remove") == 0 && name != NULL)
    sl_export_dialog_remove_profile (self, name);
}

/* Asks first: the profile is the event's, not only this person's. */
static void
remove_profile_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (widget);
  SlExportProfile *profile = sl_export_dialog_get_profile (self);
  g_autofree char *heading = NULL;
  GtkWidget *confirm;

  if (profile == NULL || profile->builtin)
    return;
  heading = g_strdup_printf (_("Remove the profile “%s”?"), profile->label);
  confirm = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                    _("Nobody will be able to export through it any more. "
                                      "The exports already made through it stay in the "
                                      "export log."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (confirm), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (confirm), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  g_object_set_data_full (G_OBJECT (confirm), "profile", g_strdup (profile->name), g_free);
  g_signal_connect_object (confirm, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (confirm));
}

/* It opens on the first choice, the profile: the window would give the
 * focus to the first button in it, Cancel. Not before it is mapped: a
 * focus set earlier shows the dialog to a screen reader as a "filler".
 */
static void
sl_export_dialog_map (GtkWidget *widget)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (widget);

  GTK_WIDGET_CLASS (sl_export_dialog_parent_class)->map (widget);
  if (gtk_root_get_focus (GTK_ROOT (self)) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->profile_row));
}

static void
sl_export_dialog_dispose (GObject *object)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  if (self->column_rows != NULL)
    g_ptr_array_set_size (self->column_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->preview_cancellable);
  G_OBJECT_CLASS (sl_export_dialog_parent_class)->dispose (object);
}

static void
sl_export_dialog_finalize (GObject *object)
{
  SlExportDialog *self = SL_EXPORT_DIALOG (object);

  g_clear_pointer (&self->event_date, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
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

  g_type_ensure (SL_TYPE_ENTRY_ROW);
  sl_widgets_ensure_resources ();
  /* A screen reader announces it as a dialog, not a bare window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, profile_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, charity_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, facility_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, save_profile_button);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, remove_profile_button);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, columns_label);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, SlExportDialog, cancel_button);

  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action_cb);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "export.save-profile", NULL,
                                   save_profile_action_cb);
  gtk_widget_class_install_action (widget_class, "export.remove-profile", NULL,
                                   remove_profile_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
reason_activated_cb (SlExportDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "export.choose", NULL);
}

static void
sl_export_dialog_init (SlExportDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->column_rows = g_ptr_array_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_profile_item_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_profile_item_cb), self);
  adw_combo_row_set_list_factory (self->profile_row, factory);
  g_signal_connect_swapped (sl_entry_row_get_entry (self->reason_row), "changed",
                            G_CALLBACK (update_actions), self);
  /* Enter in the reason goes on to the save chooser, as Export… does. */
  g_signal_connect_swapped (sl_entry_row_get_entry (self->reason_row), "activate",
                            G_CALLBACK (reason_activated_cb), self);
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
  fill_filters (self);
  fill_profiles (self, NULL);
  g_signal_connect_swapped (self->profile_row, "notify::selected",
                            G_CALLBACK (profile_changed_cb), self);
  g_signal_connect_swapped (self->charity_row, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->facility_row, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->format_row, "notify::selected",
                            G_CALLBACK (update_actions), self);
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
