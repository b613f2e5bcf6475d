/* sl-record-need-dialog.c — a need a runner reports at the desk
 *
 * The desk records what it is told and cannot read it back: the detail
 * is sealed to the event's key by the core before it is stored
 * (sl_db_record_need_async), and this dialog forgets it once it is
 * recorded or closed (the text is cleared, the copies handed on wiped).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-form-write.h"
#include "sl-record-need-dialog.h"
#include "sl-widgets.h"

/* Said when the core has not answered after this long (an officer's import
 * may hold the event).
 */
#define WAITING_MS 500

struct _SlRecordNeedDialog
{
  AdwWindow     parent_instance;

  SlDb         *db;
  gint64        entrant_id;
  GPtrArray    *types;        /* SlNeedType, in the order of type_row's choices */
  GCancellable *cancellable;  /* the write under way */
  guint         waiting_id;

  GtkButton    *save_button;
  GtkLabel     *intro_label;
  AdwComboRow  *type_row;
  GtkTextView  *detail_view;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (SlRecordNeedDialog, sl_record_need_dialog, ADW_TYPE_WINDOW)

enum {
  RECORDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The detail typed, or NULL when nothing is; wipe it with sl_plain_str_wipe_free. */
static char *
dup_detail (SlRecordNeedDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->detail_view);
  GtkTextIter start, end;
  char *text;

  char *copy;
  gsize len;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* g_strstrip moves the text up and leaves its tail behind the new end:
   * the whole of the original is wiped, not just what is left.
   */
  len = strlen (text);
  g_strstrip (text);
  copy = *text != '\0' ? g_strdup (text) : NULL;
  explicit_bzero (text, len);
  g_free (text);
  return copy;
}

typedef char SlWipedText;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlWipedText, sl_plain_str_wipe_free)

static void
set_busy (SlRecordNeedDialog *self,
          gboolean            busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), !busy);
  gtk_text_view_set_editable (self->detail_view, !busy);
  g_clear_handle_id (&self->waiting_id, g_source_remove);
  if (!busy)
    gtk_button_set_label (self->save_button, _("_Record"));
}

static gboolean
waiting_cb (gpointer user_data)
{
  SlRecordNeedDialog *self = user_data;

  self->waiting_id = 0;
  gtk_button_set_label (self->save_button, _("Waiting for the event file…"));
  sl_a11y_announce (GTK_WIDGET (self), _("Waiting for the event file…"));
  return G_SOURCE_REMOVE;
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlRecordNeedDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;
  gboolean ok = sl_db_write_need_finish (SL_DB (source), result, &id, &error);

  if (!sl_form_write_end (self, &self->cancellable, (SlFormBusyFunc)set_busy, ok, error,
                          self->error_label))
    return;
  g_signal_emit (self, signals[RECORDED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
record (SlRecordNeedDialog *self)
{
  g_autoptr(SlWipedText) detail = NULL;
  guint chosen = adw_combo_row_get_selected (self->type_row);
  const SlNeedType *type;

  if (self->cancellable != NULL || self->types == NULL || chosen >= self->types->len)
    return;
  type = g_ptr_array_index (self->types, chosen);
  detail = dup_detail (self);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  self->waiting_id = g_timeout_add (WAITING_MS, waiting_cb, self);
  /* The core seals its own copy before this returns. */
  sl_db_record_need_async (self->db, self->entrant_id, type->code, detail,
                           SL_NEED_REQUESTED, self->cancellable, recorded_cb,
                           g_object_ref (self));
}

static void
record_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  record (SL_RECORD_NEED_DIALOG (widget));
}

/* The window goes, and with it what was typed. */
static gboolean
sl_record_need_dialog_close_request (GtkWindow *window)
{
  SlRecordNeedDialog *self = SL_RECORD_NEED_DIALOG (window);

  if (sl_form_write_holds (self->cancellable, NULL))
    return TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->detail_view), "", 0);
  return GTK_WINDOW_CLASS (sl_record_need_dialog_parent_class)->close_request (window);
}

static void
sl_record_need_dialog_dispose (GObject *object)
{
  SlRecordNeedDialog *self = SL_RECORD_NEED_DIALOG (object);

  g_clear_handle_id (&self->waiting_id, g_source_remove);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_RECORD_NEED_DIALOG);
  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (sl_record_need_dialog_parent_class)->dispose (object);
}

static void
sl_record_need_dialog_class_init (SlRecordNeedDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_record_need_dialog_dispose;
  window_class->close_request = sl_record_need_dialog_close_request;

  /**
   * SlRecordNeedDialog::recorded:
   * @id: the need's id
   *
   * The need is stored; the dialog closes next.
   */
  signals[RECORDED] = g_signal_new ("recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-record-need-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlRecordNeedDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SlRecordNeedDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, SlRecordNeedDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, SlRecordNeedDialog, detail_view);
  gtk_widget_class_bind_template_child (widget_class, SlRecordNeedDialog, error_label);

  sl_form_write_class_install_save (widget_class, "need.record", record_action_cb);
}

static void
sl_record_need_dialog_init (SlRecordNeedDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (record), self);
}

static void
fill_types (SlRecordNeedDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  self->types = sl_db_list_need_types (self->db, &error);
  if (self->types == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
      return;
    }
  for (guint i = 0; i < self->types->len; i++)
    gtk_string_list_append (labels, ((SlNeedType *)g_ptr_array_index (self->types, i))->label);
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (labels));
}

SlRecordNeedDialog *
sl_record_need_dialog_present (GtkWindow       *parent,
                               SlDb            *db,
                               const SlEntrant *entrant)
{
  SlRecordNeedDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (entrant != NULL && entrant->id > 0, NULL);

  self = g_object_new (SL_TYPE_RECORD_NEED_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->entrant_id = entrant->id;
  name = sl_entrant_dup_full_name (entrant);
  /* Translators: %s is a runner's name, then their bib. */
  intro = g_strdup_printf (_("A need %s (bib %s) reports at the desk."), name,
                           entrant->bib != NULL ? entrant->bib : "—");
  gtk_label_set_text (self->intro_label, intro);
  fill_types (self);
  gtk_window_present (GTK_WINDOW (self));
  /* Once the dialog is on screen (see src/HACKING.md). */
  gtk_widget_grab_focus (GTK_WIDGET (self->type_row));
  return self;
}
