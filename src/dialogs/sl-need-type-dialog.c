/* sl-need-type-dialog.c — an officer adds a type to the event's catalogue,
 * or changes or removes one
 *
 * The code is the command line's name for the type (`need add --type`);
 * it follows the label as it is typed until the officer edits it. The
 * core checks everything again (sl_db_add_need_type) and its message is
 * shown and told to a screen reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-entry-row.h"
#include "sl-form-write.h"
#include "sl-need-type-dialog.h"
#include "sl-widgets.h"

struct _SlNeedTypeDialog
{
  AdwWindow     parent_instance;

  SlDb         *db;
  GCancellable *cancellable;  /* the write under way */
  gboolean      code_edited;  /* the officer typed the code: keep it */
  gboolean      filling;      /* the code is being set from the label */
  gboolean      editing;      /* a type of the catalogue: Save, Remove Type */

  GtkButton    *add_button;
  GtkButton    *remove_button;
  SlEntryRow   *label_row;
  SlEntryRow   *code_row;
  GtkTextView  *adjustments_view;
  GtkLabel     *code_help_label;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (SlNeedTypeDialog, sl_need_type_dialog, ADW_TYPE_WINDOW)

enum {
  ADDED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
sl_need_type_dialog_code_for_label (const char *label)
{
  g_autofree char *ascii = g_str_to_ascii (label != NULL ? label : "", NULL);
  GString *code = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (code, g_ascii_tolower (*p));
      else if (code->len > 0 && code->str[code->len - 1] != '-')
        g_string_append_c (code, '-');
    }
  if (code->len > SL_NEED_TYPE_CODE_MAX_CHARS)
    g_string_truncate (code, SL_NEED_TYPE_CODE_MAX_CHARS);
  while (code->len > 0 && code->str[code->len - 1] == '-')
    g_string_truncate (code, code->len - 1);
  return g_string_free (code, FALSE);
}

static const char *
label_text (SlNeedTypeDialog *self)
{
  return sl_entry_row_get_text (self->label_row);
}

static const char *
code_text (SlNeedTypeDialog *self)
{
  return sl_entry_row_get_text (self->code_row);
}

static gboolean
label_valid (SlNeedTypeDialog *self)
{
  g_autofree char *label = g_strstrip (g_strdup (label_text (self)));

  return *label != '\0';
}

static void
validate (SlNeedTypeDialog *self)
{
  const char *code = code_text (self);
  gboolean code_ok = sl_need_type_code_check (code, NULL);

  /* Shown, not said: a code is wrong only until it is typed whole. */
  sl_entry_row_show_error (self->code_row, *code != '\0' && !code_ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button),
                            self->cancellable == NULL && code_ok && label_valid (self));
}

/* A refusal said goes once what it was about is edited. */
static void
clear_error (SlNeedTypeDialog *self)
{
  if (self->cancellable == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
label_changed_cb (SlNeedTypeDialog *self)
{
  clear_error (self);
  if (!self->code_edited)
    {
      g_autofree char *code = sl_need_type_dialog_code_for_label (label_text (self));

      self->filling = TRUE;
      sl_entry_row_set_text (self->code_row, code);
      self->filling = FALSE;
    }
  validate (self);
}

static void
code_changed_cb (SlNeedTypeDialog *self)
{
  if (!self->filling)
    {
      self->code_edited = TRUE;
      clear_error (self);
    }
  validate (self);
}

/* The adjustments typed, one a line, blank lines left out. */
static GStrv
dup_adjustments (SlNeedTypeDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->adjustments_view);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_strv_builder_add (builder, lines[i]);
  return g_strv_builder_end (builder);
}

static void
set_busy (SlNeedTypeDialog *self,
          gboolean          busy)
{
  /* Not made insensitive: the focus stays in the field (a GtkText that
   * loses it that way warns, and a screen reader would be left nowhere).
   */
  gtk_editable_set_editable (GTK_EDITABLE (sl_entry_row_get_entry (self->label_row)), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (sl_entry_row_get_entry (self->code_row)),
                             !busy && !self->editing);
  gtk_text_view_set_editable (self->adjustments_view, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), !busy);
  validate (self);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlNeedTypeDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  gboolean ok = sl_db_write_need_finish (SL_DB (source), result, &id, &error);

  if (!sl_form_write_end (self, &self->cancellable, (SlFormBusyFunc)set_busy, ok, error,
                          self->error_label))
    return;
  if (self->editing)
    g_signal_emit (self, signals[CHANGED], 0);
  else
    g_signal_emit (self, signals[ADDED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
add (SlNeedTypeDialog *self)
{
  g_auto(GStrv) adjustments = NULL;

  if (self->cancellable != NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)))
    return;
  adjustments = dup_adjustments (self);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  if (self->editing)
    sl_db_edit_need_type_async (self->db, code_text (self), label_text (self),
                                (const char * const *)adjustments, self->cancellable,
                                written_cb, g_object_ref (self));
  else
    sl_db_add_need_type_async (self->db, code_text (self), label_text (self),
                               (const char * const *)adjustments, self->cancellable,
                               written_cb, g_object_ref (self));
}

/* The core refuses a type that a need is of, and says how many. */
static void
remove_type (SlNeedTypeDialog *self)
{
  if (self->cancellable != NULL || !self->editing)
    return;
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  sl_db_remove_need_type_async (self->db, code_text (self), self->cancellable, written_cb,
                                g_object_ref (self));
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  add (SL_NEED_TYPE_DIALOG (widget));
}

static void
activate_cb (SlNeedTypeDialog *self,
             GtkEntry         *entry)
{
  if (entry == sl_entry_row_get_entry (self->label_row))
    gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->code_row)));
  else
    add (self);
}

static gboolean
sl_need_type_dialog_close_request (GtkWindow *window)
{
  SlNeedTypeDialog *self = SL_NEED_TYPE_DIALOG (window);

  if (sl_form_write_holds (self->cancellable, NULL))
    return TRUE;
  return GTK_WINDOW_CLASS (sl_need_type_dialog_parent_class)->close_request (window);
}

static void
sl_need_type_dialog_dispose (GObject *object)
{
  SlNeedTypeDialog *self = SL_NEED_TYPE_DIALOG (object);

  sl_form_write_dispose (&self->cancellable, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_NEED_TYPE_DIALOG);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (sl_need_type_dialog_parent_class)->dispose (object);
}

static void
sl_need_type_dialog_class_init (SlNeedTypeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_need_type_dialog_dispose;
  window_class->close_request = sl_need_type_dialog_close_request;

  /**
   * SlNeedTypeDialog::added:
   * @id: the new type's id
   *
   * The type is in the catalogue; the dialog closes next.
   */
  signals[ADDED] = g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * SlNeedTypeDialog::changed:
   *
   * The type was changed or removed; the dialog closes next.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SL_TYPE_ENTRY_ROW);
  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-need-type-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlNeedTypeDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SlNeedTypeDialog, remove_button);
  gtk_widget_class_bind_template_child (widget_class, SlNeedTypeDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, SlNeedTypeDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, SlNeedTypeDialog, adjustments_view);
  gtk_widget_class_bind_template_child (widget_class, SlNeedTypeDialog, code_help_label);
  gtk_widget_class_bind_template_child (widget_class, SlNeedTypeDialog, error_label);

  sl_form_write_class_install_save (widget_class, "need-type.add", add_action_cb);
}

static void
sl_need_type_dialog_init (SlNeedTypeDialog *self)
{
  g_autoptr(GtkSizeGroup) titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < 2; i++)
    {
      SlEntryRow *row = i == 0 ? self->label_row : self->code_row;
      GtkEntry *entry = sl_entry_row_get_entry (row);

      sl_entry_row_align_title (row, titles);
      gtk_entry_set_input_hints (entry, GTK_INPUT_HINT_NO_SPELLCHECK);
      g_signal_connect_swapped (entry, "activate", G_CALLBACK (activate_cb), self);
    }
  sl_a11y_set_description (GTK_WIDGET (sl_entry_row_get_entry (self->code_row)),
                           _("The command line's name for the type, made from the label"
                             " until you change it"));
  g_signal_connect_swapped (sl_entry_row_get_entry (self->label_row), "changed",
                            G_CALLBACK (label_changed_cb), self);
  g_signal_connect_swapped (sl_entry_row_get_entry (self->code_row), "changed",
                            G_CALLBACK (code_changed_cb), self);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add), self);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (remove_type), self);
  validate (self);
}

SlNeedTypeDialog *
sl_need_type_dialog_present (GtkWindow *parent,
                             SlDb      *db)
{
  SlNeedTypeDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = g_object_new (SL_TYPE_NEED_TYPE_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  gtk_window_present (GTK_WINDOW (self));
  /* Once the dialog is on screen (see src/HACKING.md). */
  gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->label_row)));
  return self;
}

SlNeedTypeDialog *
sl_need_type_dialog_present_edit (GtkWindow        *parent,
                                  SlDb             *db,
                                  const SlNeedType *type)
{
  SlNeedTypeDialog *self;
  g_autofree char *adjustments = NULL;
  GtkEntry *code_entry;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  self = g_object_new (SL_TYPE_NEED_TYPE_DIALOG, "transient-for", parent,
                       "title", _("Edit Need Type"), NULL);
  self->db = g_object_ref (db);
  self->editing = TRUE;
  self->code_edited = TRUE;
  code_entry = sl_entry_row_get_entry (self->code_row);
  gtk_editable_set_text (GTK_EDITABLE (code_entry), type->code);
  gtk_editable_set_editable (GTK_EDITABLE (code_entry), FALSE);
  sl_a11y_set_description (GTK_WIDGET (code_entry),
                           _("The command line's name for the type, which stays"));
  sl_entry_row_set_text (self->label_row, type->label);
  adjustments = type->adjustments != NULL ? g_strjoinv ("\n", type->adjustments) : g_strdup ("");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->adjustments_view), adjustments, -1);
  gtk_button_set_label (self->add_button, _("_Save"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button),
                               _("Save the type's label and adjustments (Ctrl+S)"));
  gtk_label_set_text (self->code_help_label,
                      _("The code is the command line's name for the type; it stays as it is."));
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), TRUE);
  validate (self);
  gtk_window_present (GTK_WINDOW (self));
  /* Once the dialog is on screen (see src/HACKING.md). */
  gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->label_row)));
  return self;
}
