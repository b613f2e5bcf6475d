/* sl-need-editor.c — an accessibility officer's editor of one need
 *
 * The need's status (only the moves sl_need_status_can_change allows),
 * the reason for a decline, the agreed adjustments (the type's list, and
 * free text) and the consent to share it, per recipient group, with the
 * wording version it is given under.
 *
 * The detail and the adjustments are special category data, sealed in the
 * store. The dialog reads them only when the officer asks ("Show Detail"),
 * in a worker thread, audited as a read; until then neither is anywhere in
 * the dialog. When it closes, the text buffer is emptied and the secure
 * copies wiped (sl_secret_str_free).
 *
 * Saving writes what changed, one async call after another (status,
 * adjustments, each consent), as the entrant editor does: meanwhile the
 * dialog takes no typing, cannot be closed, and says after half a second
 * that it waits for the event file; a refusal is said with the form as it
 * was, and what was written already is not written again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-entry-row.h"
#include "sl-form-write.h"
#include "sl-need-details-async.h"
#include "sl-need-editor.h"
#include "sl-needs.h"
#include "sl-widgets.h"
#include "sl-write-wait.h"

typedef enum
{
  WRITE_STATUS,
  WRITE_ADJUSTMENTS,
  WRITE_CONSENT,
} WriteKind;

typedef struct
{
  WriteKind           kind;
  SlNeedStatus        status;
  char               *text;       /* reason, adjustments or wording version */
  SlConsentRecipient  recipient;
  gboolean            given;
} Write;

struct _SlNeedEditor
{
  AdwWindow       parent_instance;

  SlDb           *db;
  SlNeed         *need;           /* as stored (and as written since) */
  char          **choices;        /* the type's adjustments to choose from */
  gboolean        given[SL_N_CONSENT_RECIPIENTS];
  GArray         *statuses;       /* SlNeedStatus, in the combo's order */

  char           *detail;         /* secure memory, once shown */
  char           *adjustments;    /* secure memory, once shown */
  gboolean        detail_shown;
  gboolean        reading;

  AdwActionRow   *entrant_row;
  AdwActionRow   *type_row;
  AdwComboRow    *status_row;
  SlEntryRow     *reason_row;
  AdwActionRow   *reason_error;
  AdwActionRow   *history_row;
  AdwPreferencesGroup *detail_group;
  AdwActionRow   *sealed_row;
  GtkButton      *show_detail_button;
  GtkWidget      *detail_row;
  GtkTextView    *detail_view;
  AdwPreferencesGroup *adjustments_group;
  SlEntryRow     *adjustments_row;
  GPtrArray      *choice_rows;    /* AdwActionRow, one per choice */
  GPtrArray      *choice_checks;  /* GtkCheckButton, likewise */
  AdwPreferencesGroup *consent_group;
  SlEntryRow     *wording_row;
  AdwActionRow   *consent_rows[SL_N_CONSENT_RECIPIENTS];
  GtkSwitch      *consent_switches[SL_N_CONSENT_RECIPIENTS];
  GtkWidget      *page;
  GtkButton      *save_button;

  GCancellable   *cancellable;    /* cancelled when the dialog goes */
  gboolean        saving;
  GArray         *writes;         /* Write, still to do */
  SlWriteWait     write_wait;
};

G_DEFINE_FINAL_TYPE (SlNeedEditor, sl_need_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
write_clear (Write *write)
{
  /* The adjustments' text is in secure memory (dup_form_adjustments). */
  if (write->kind == WRITE_ADJUSTMENTS)
    sl_secret_str_free (write->text);
  else
    g_free (write->text);
}

/* "2026-04-20 14:05" in local time. */
static char *
dup_local_time (const char *utc)
{
  g_autoptr(GDateTime) time = utc != NULL ? g_date_time_new_from_iso8601 (utc, NULL) : NULL;
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (utc ?: "");
}

static SlNeedStatus
chosen_status (SlNeedEditor *self)
{
  guint pos = adw_combo_row_get_selected (self->status_row);

  return pos < self->statuses->len ? g_array_index (self->statuses, SlNeedStatus, pos)
                                   : self->need->status;
}

/* ---- What the form shows ---------------------------------------------- */

static void
show_history (SlNeedEditor *self)
{
  g_autofree char *created = dup_local_time (self->need->created_at);
  g_autofree char *text = NULL;

  if (self->need->decided_by != NULL)
    {
      g_autofree char *decided = dup_local_time (self->need->decided_at);

      /* Translators: who recorded a need and when, who decided and when. */
      text = g_strdup_printf (_("Recorded by %s on %s; decided by %s on %s"),
                              self->need->created_by ?: _("unknown"), created,
                              self->need->decided_by, decided);
    }
  else
    text = g_strdup_printf (_("Recorded by %s on %s"), self->need->created_by ?: _("unknown"),
                            created);
  adw_action_row_set_subtitle (self->history_row, text);
}

/* The statuses the need may move to, its own first. */
static void
fill_statuses (SlNeedEditor *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_array_set_size (self->statuses, 0);
  g_array_append_val (self->statuses, self->need->status);
  for (SlNeedStatus s = 0; s < SL_N_NEED_STATUSES; s++)
    if (sl_need_status_can_change (self->need->status, s))
      g_array_append_val (self->statuses, s);
  for (guint i = 0; i < self->statuses->len; i++)
    gtk_string_list_append (labels,
                            sl_need_status_to_label (g_array_index (self->statuses,
                                                                    SlNeedStatus, i)));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->status_row, 0);
}

static void
status_chosen_cb (SlNeedEditor *self)
{
  gboolean declined = chosen_status (self) == SL_NEED_DECLINED;

  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), declined);
  if (!declined)
    gtk_widget_set_visible (GTK_WIDGET (self->reason_error), FALSE);
}

static void
show_consent (SlNeedEditor        *self,
              const SlNeedConsent *consent,
              SlConsentRecipient   recipient)
{
  g_autofree char *text = NULL;

  if (consent == NULL)
    text = g_strdup (_("Not given"));
  else
    {
      g_autofree char *at = dup_local_time (consent->at);

      if (consent->given)
        /* Translators: when consent was given, the wording's version, who recorded it. */
        text = g_strdup_printf (_("Given on %s under wording %s, recorded by %s"), at,
                                consent->wording_version ?: "?", consent->recorded_by ?: "?");
      else
        text = g_strdup_printf (_("Withdrawn on %s under wording %s, recorded by %s"), at,
                                consent->wording_version ?: "?", consent->recorded_by ?: "?");
    }
  adw_action_row_set_subtitle (self->consent_rows[recipient], text);
  self->given[recipient] = consent != NULL && consent->given;
  gtk_switch_set_active (self->consent_switches[recipient], self->given[recipient]);
}

static gboolean
load_consents (SlNeedEditor  *self,
               GError       **error)
{
  g_autoptr(GPtrArray) consents = sl_db_list_need_consents (self->db, self->need->id, error);
  const char *version = NULL;

  if (consents == NULL)
    return FALSE;
  for (SlConsentRecipient r = 0; r < SL_N_CONSENT_RECIPIENTS; r++)
    {
      const SlNeedConsent *found = NULL;

      for (guint i = 0; i < consents->len; i++)
        if (((SlNeedConsent *)g_ptr_array_index (consents, i))->recipient == r)
          found = g_ptr_array_index (consents, i);
      show_consent (self, found, r);
      if (found != NULL && found->wording_version != NULL)
        version = found->wording_version;
    }
  /* The version last given under, which a new consent is most likely
   * given under too; "1" for a need without any.
   */
  sl_entry_row_set_text (self->wording_row, version != NULL ? version : "1");
  return TRUE;
}

static void
add_consent_rows (SlNeedEditor *self)
{
  for (SlConsentRecipient r = 0; r < SL_N_CONSENT_RECIPIENTS; r++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();

      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sl_consent_recipient_to_label (r));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      adw_preferences_group_add (self->consent_group, row);
      self->consent_rows[r] = ADW_ACTION_ROW (row);
      self->consent_switches[r] = GTK_SWITCH (sw);
    }
}

/* ---- The detail ------------------------------------------------------- */

/* Empties every widget that held the detail or the adjustments and wipes
 * the copies the dialog kept.
 */
static void
wipe_detail (SlNeedEditor *self)
{
  if (self->detail_view != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->detail_view), "", 0);
  if (self->adjustments_row != NULL)
    sl_entry_row_set_text (self->adjustments_row, "");
  for (guint i = 0; self->choice_checks != NULL && i < self->choice_checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (self->choice_checks, i), FALSE);
  g_clear_pointer (&self->detail, sl_secret_str_free);
  g_clear_pointer (&self->adjustments, sl_secret_str_free);
  self->detail_shown = FALSE;
}

/* One row with a check box for each of the type's adjustments. */
static void
add_choice_rows (SlNeedEditor *self)
{
  for (guint i = 0; self->choices != NULL && self->choices[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->choices[i]);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->adjustments_group, row);
      g_ptr_array_add (self->choice_rows, row);
      g_ptr_array_add (self->choice_checks, check);
    }
  /* The free text goes after the list. */
  g_object_ref (self->adjustments_row);
  adw_preferences_group_remove (self->adjustments_group, GTK_WIDGET (self->adjustments_row));
  adw_preferences_group_add (self->adjustments_group, GTK_WIDGET (self->adjustments_row));
  g_object_unref (self->adjustments_row);
}

/* Shows what was read: the detail in the text view, the adjustments as
 * the type's choices ticked and the rest as free text.
 */
static void
fill_detail (SlNeedEditor *self)
{
  char **lines = g_strsplit (self->adjustments != NULL ? self->adjustments : "", "\n", -1);
  GString *other = g_string_new (NULL);
  const char *shown = self->detail != NULL ? self->detail : _("No detail was recorded.");

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->detail_view), shown, -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* Not g_strstrip: it would move the text and leave its tail where
       * the wipe below does not reach.
       */
      char *line = lines[i];
      gboolean matched = FALSE;

      while (g_ascii_isspace (*line))
        line++;
      g_strchomp (line);

      if (*line == '\0')
        continue;
      for (guint c = 0; self->choices != NULL && self->choices[c] != NULL; c++)
        if (g_str_equal (line, self->choices[c]))
          {
            gtk_check_button_set_active (g_ptr_array_index (self->choice_checks, c), TRUE);
            matched = TRUE;
          }
      if (!matched)
        g_string_append_printf (other, "%s%s", other->len > 0 ? "; " : "", line);
    }
  sl_entry_row_set_text (self->adjustments_row, other->str);
  /* The plain copies are wiped before they are freed. */
  explicit_bzero (other->str, other->allocated_len);
  g_string_free (other, TRUE);
  for (guint i = 0; lines[i] != NULL; i++)
    explicit_bzero (lines[i], strlen (lines[i]));
  g_strfreev (lines);

  self->detail_shown = TRUE;
  gtk_widget_set_visible (self->detail_row, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->adjustments_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->show_detail_button), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sealed_row),
                                 _("Shown to you, and recorded in the audit log"));
}

static void
details_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlNeedEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  char *detail = NULL, *adjustments = NULL;

  if (!sl_db_read_need_details_finish (SL_DB (source), result, &detail, &adjustments, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->reading = FALSE;
      gtk_widget_set_sensitive (GTK_WIDGET (self->show_detail_button), TRUE);
      adw_action_row_set_subtitle (self->sealed_row, error->message);
      sl_a11y_announce (GTK_WIDGET (self), error->message);
      return;
    }
  self->reading = FALSE;
  /* Closed (or destroyed by a lock) while the worker read: the text goes
   * nowhere, not even into a hidden dialog kept alive by a reference.
   */
  if (!gtk_widget_get_visible (GTK_WIDGET (self)) || self->detail_view == NULL)
    {
      sl_secret_str_free (detail);
      sl_secret_str_free (adjustments);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->show_detail_button), TRUE);
  self->detail = detail;
  self->adjustments = adjustments;
  fill_detail (self);
  adw_action_row_set_subtitle (self->sealed_row, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->detail_view));
}

void
sl_need_editor_show_detail (SlNeedEditor *self)
{
  g_return_if_fail (SL_IS_NEED_EDITOR (self));

  if (self->detail_shown || self->reading || self->saving)
    return;
  /* Nothing sealed: nothing to read, and no read to record. */
  if (!self->need->has_detail && !self->need->has_adjustments)
    {
      fill_detail (self);
      return;
    }
  self->reading = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->show_detail_button), FALSE);
  adw_action_row_set_subtitle (self->sealed_row, _("Opening…"));
  sl_db_read_need_details_async (self->db, self->need->id, self->cancellable, details_read_cb,
                                 g_object_ref (self));
}

gboolean
sl_need_editor_get_detail_shown (SlNeedEditor *self)
{
  g_return_val_if_fail (SL_IS_NEED_EDITOR (self), FALSE);
  return self->detail_shown;
}

/* ---- Saving ----------------------------------------------------------- */

/* The adjustments as the form has them: the choices ticked, one a line,
 * then the free text; NULL when none. In secure memory: free with
 * sl_secret_str_free.
 */
static char *
dup_form_adjustments (SlNeedEditor *self)
{
  GString *text = g_string_new (NULL);
  char *other = sl_entry_row_dup_text (self->adjustments_row);
  char *secret;

  for (guint i = 0; i < self->choice_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->choice_checks, i)))
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", self->choices[i]);
  if (other != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", other);
  sl_plain_str_wipe_free (other);
  secret = text->len > 0 ? sl_secret_str_dup (text->str) : NULL;
  explicit_bzero (text->str, text->allocated_len);
  g_string_free (text, TRUE);
  return secret;
}

static void
set_saving (SlNeedEditor *self,
            gboolean      saving)
{
  self->saving = saving;
  sl_form_write_set_busy (GTK_WIDGET (self), &self->write_wait, self->page, self->save_button,
                          "need.save", saving);
}

static void
show_save_error (SlNeedEditor *self,
                 const GError *error)
{
  GtkWidget *dialog;

  if (g_error_matches (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID)
      && gtk_widget_get_visible (GTK_WIDGET (self->reason_row)))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_error), error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->reason_error), TRUE);
      sl_entry_row_set_error (self->reason_row, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The need was not saved"),
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void run_next_write (SlNeedEditor *self);

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SlNeedEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  Write *write;

  if (!sl_db_write_need_finish (SL_DB (source), result, NULL, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_array_set_size (self->writes, 0);
      set_saving (self, FALSE);
      show_save_error (self, error);
      return;
    }
  /* Written: a second save does not write it again. */
  write = &g_array_index (self->writes, Write, 0);
  switch (write->kind)
    {
    case WRITE_STATUS:
      self->need->status = write->status;
      fill_statuses (self);
      break;
    case WRITE_ADJUSTMENTS:
      g_clear_pointer (&self->adjustments, sl_secret_str_free);
      self->need->has_adjustments = write->text != NULL;
      break;
    case WRITE_CONSENT:
      self->given[write->recipient] = write->given;
      break;
    }
  g_array_remove_index (self->writes, 0);
  run_next_write (self);
}

static void
run_next_write (SlNeedEditor *self)
{
  Write *write;

  if (self->writes->len == 0)
    {
      set_saving (self, FALSE);
      g_signal_emit (self, signals[SAVED], 0, self->need->id);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  write = &g_array_index (self->writes, Write, 0);
  switch (write->kind)
    {
    case WRITE_STATUS:
      sl_db_set_need_status_async (self->db, self->need->id, write->status, write->text,
                                   self->cancellable, write_done_cb, g_object_ref (self));
      break;
    case WRITE_ADJUSTMENTS:
      sl_db_set_need_adjustments_async (self->db, self->need->id, write->text,
                                        self->cancellable, write_done_cb, g_object_ref (self));
      break;
    case WRITE_CONSENT:
      sl_db_set_need_consent_async (self->db, self->need->id, write->recipient, write->given,
                                    write->text, self->cancellable, write_done_cb,
                                    g_object_ref (self));
      break;
    }
}

gboolean
sl_need_editor_save (SlNeedEditor *self)
{
  SlNeedStatus status;
  g_autofree char *version = NULL;

  g_return_val_if_fail (SL_IS_NEED_EDITOR (self), FALSE);

  if (self->saving || self->reading)
    return TRUE;

  gtk_widget_set_visible (GTK_WIDGET (self->reason_error), FALSE);
  sl_entry_row_set_error (self->reason_row, NULL);
  status = chosen_status (self);
  if (status != self->need->status)
    {
      Write write = { WRITE_STATUS, status, NULL };

      write.text = status == SL_NEED_DECLINED ? sl_entry_row_dup_text (self->reason_row) : NULL;
      if (status == SL_NEED_DECLINED && write.text == NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                                                         _("Say why the need is declined"));

          show_save_error (self, error);
          return FALSE;
        }
      g_array_append_val (self->writes, write);
    }
  if (self->detail_shown)
    {
      char *now = dup_form_adjustments (self);

      if (g_strcmp0 (now, self->adjustments) != 0
          && !(now == NULL && !self->need->has_adjustments))
        {
          Write write = { WRITE_ADJUSTMENTS, 0, g_steal_pointer (&now) };

          g_array_append_val (self->writes, write);
        }
      sl_secret_str_free (now);
    }
  version = sl_entry_row_dup_text (self->wording_row);
  for (SlConsentRecipient r = 0; r < SL_N_CONSENT_RECIPIENTS; r++)
    if (gtk_switch_get_active (self->consent_switches[r]) != self->given[r])
      {
        Write write = { WRITE_CONSENT, 0, g_strdup (version), r,
                        gtk_switch_get_active (self->consent_switches[r]) };

        g_array_append_val (self->writes, write);
      }

  set_saving (self, TRUE);
  run_next_write (self);
  return TRUE;
}

gboolean
sl_need_editor_choose_status (SlNeedEditor *self,
                              SlNeedStatus  status)
{
  g_return_val_if_fail (SL_IS_NEED_EDITOR (self), FALSE);

  for (guint i = 0; i < self->statuses->len; i++)
    if (g_array_index (self->statuses, SlNeedStatus, i) == status)
      {
        adw_combo_row_set_selected (self->status_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
sl_need_editor_get_busy (SlNeedEditor *self)
{
  g_return_val_if_fail (SL_IS_NEED_EDITOR (self), FALSE);
  return self->saving || self->reading;
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sl_need_editor_save (SL_NEED_EDITOR (widget));
}

static void
show_detail_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sl_need_editor_show_detail (SL_NEED_EDITOR (widget));
}

static gboolean
sl_need_editor_close_request (GtkWindow *window)
{
  SlNeedEditor *self = SL_NEED_EDITOR (window);

  if (!self->saving)
    {
      /* Nothing of the detail stays after the dialog closes. */
      wipe_detail (self);
      return GTK_WINDOW_CLASS (sl_need_editor_parent_class)->close_request (window);
    }
  sl_write_wait_say_early (&self->write_wait);
  return TRUE;
}

/* The status takes the focus once the dialog is on screen (given before,
 * GTK 4.8 drops the change and a screen reader would not say it).
 */
static void
sl_need_editor_map (GtkWidget *widget)
{
  SlNeedEditor *self = SL_NEED_EDITOR (widget);

  GTK_WIDGET_CLASS (sl_need_editor_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->status_row));
}

static void
sl_need_editor_dispose (GObject *object)
{
  SlNeedEditor *self = SL_NEED_EDITOR (object);

  sl_form_write_dispose (&self->cancellable, &self->write_wait);
  wipe_detail (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_NEED_EDITOR);
  self->detail_view = NULL;
  self->adjustments_row = NULL;
  g_clear_pointer (&self->choice_rows, g_ptr_array_unref);
  g_clear_pointer (&self->choice_checks, g_ptr_array_unref);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_need_editor_parent_class)->dispose (object);
}

static void
sl_need_editor_finalize (GObject *object)
{
  SlNeedEditor *self = SL_NEED_EDITOR (object);

  g_clear_pointer (&self->need, sl_need_free);
  g_strfreev (self->choices);
  g_clear_pointer (&self->statuses, g_array_unref);
  g_clear_pointer (&self->writes, g_array_unref);
  G_OBJECT_CLASS (sl_need_editor_parent_class)->finalize (object);
}

static void
sl_need_editor_class_init (SlNeedEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_need_editor_dispose;
  object_class->finalize = sl_need_editor_finalize;
  widget_class->map = sl_need_editor_map;
  window_class->close_request = sl_need_editor_close_request;

  /**
   * SlNeedEditor::saved:
   * @need_id: the need's id
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  sl_widgets_ensure_resources ();
  g_type_ensure (SL_TYPE_ENTRY_ROW);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-need-editor.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SlNeedEditor, name)
  CHILD (entrant_row);
  CHILD (type_row);
  CHILD (status_row);
  CHILD (reason_row);
  CHILD (history_row);
  CHILD (detail_group);
  CHILD (sealed_row);
  CHILD (show_detail_button);
  CHILD (detail_row);
  CHILD (detail_view);
  CHILD (adjustments_group);
  CHILD (adjustments_row);
  CHILD (consent_group);
  CHILD (wording_row);
  CHILD (page);
  CHILD (save_button);
#undef CHILD

  sl_form_write_class_install_save (widget_class, "need.save", save_action_cb);
  gtk_widget_class_install_action (widget_class, "need.show-detail", NULL,
                                   show_detail_action_cb);
}

static void
sl_need_editor_init (SlNeedEditor *self)
{
  g_autoptr(GtkSizeGroup) titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->statuses = g_array_new (FALSE, FALSE, sizeof (SlNeedStatus));
  self->writes = g_array_new (FALSE, TRUE, sizeof (Write));
  g_array_set_clear_func (self->writes, (GDestroyNotify)write_clear);
  self->choice_rows = g_ptr_array_new ();
  self->choice_checks = g_ptr_array_new ();

  sl_write_wait_hold_keys (&self->write_wait, GTK_WIDGET (self));

  self->reason_error = sl_entry_row_add_error_row (GTK_WIDGET (self->reason_row));
  sl_entry_row_align_title (self->reason_row, titles);
  sl_entry_row_align_title (self->adjustments_row, titles);
  sl_entry_row_align_title (self->wording_row, titles);
  add_consent_rows (self);
  g_signal_connect_swapped (self->status_row, "notify::selected",
                            G_CALLBACK (status_chosen_cb), self);
  g_signal_connect_swapped (sl_entry_row_get_entry (self->reason_row), "activate",
                            G_CALLBACK (sl_need_editor_save), self);
  g_signal_connect_swapped (sl_entry_row_get_entry (self->wording_row), "activate",
                            G_CALLBACK (sl_need_editor_save), self);
  g_signal_connect_swapped (sl_entry_row_get_entry (self->adjustments_row), "activate",
                            G_CALLBACK (sl_need_editor_save), self);
}

SlNeedEditor *
sl_need_editor_new (SlDb    *db,
                    gint64   need_id,
                    GError **error)
{
  g_autoptr(GPtrArray) types = NULL;
  g_autofree char *who = NULL;
  g_autofree char *title = NULL;
  SlNeedEditor *self;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = g_object_new (SL_TYPE_NEED_EDITOR, NULL);
  self->db = g_object_ref (db);
  if (!(self->need = sl_db_dup_need (db, need_id, error))
      || !(types = sl_db_list_need_types (db, error))
      || !load_consents (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  for (guint i = 0; i < types->len; i++)
    {
      SlNeedType *type = g_ptr_array_index (types, i);

      if (type->id == self->need->type_id)
        self->choices = g_strdupv (type->adjustments);
    }
  add_choice_rows (self);

  /* Translators: the entrant a need belongs to: name and bib. */
  who = g_strdup_printf (_("%s %s, bib %s"), self->need->first_name ?: "",
                         self->need->last_name ?: "", self->need->bib ?: "");
  adw_action_row_set_subtitle (self->entrant_row, g_strstrip (who));
  adw_action_row_set_subtitle (self->type_row, self->need->type_label);
  fill_statuses (self);
  sl_entry_row_set_text (self->reason_row, self->need->decline_reason);
  status_chosen_cb (self);
  show_history (self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sealed_row),
                                 self->need->has_detail || self->need->has_adjustments
                                 ? _("The detail and adjustments are sealed")
                                 : _("No detail or adjustments recorded"));
  if (!self->need->has_detail && !self->need->has_adjustments)
    gtk_button_set_label (self->show_detail_button, _("_Add Adjustments"));

  /* Translators: the need editor's title: type of need, entrant's name. */
  title = g_strdup_printf (_("%s — %s %s"), self->need->type_label,
                           self->need->first_name ?: "", self->need->last_name ?: "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  return self;
}
