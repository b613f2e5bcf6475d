/* sl-entrant-dialog.c — adding or editing one entrant
 *
 * Every problem is shown in a row right below the field it concerns,
 * whether the form found it (sl_entrant_validate) or the store did (a bib
 * already taken): the SL_ENTRANT_ERROR_* code names the field.
 *
 * The entrant is written in a worker thread (sl_db_save_entrant_async),
 * as the desk's check-ins are: another desk or program may hold the event
 * for a while. Meanwhile the dialog keeps what was typed, takes no more
 * typing, cannot be closed, and says that it waits once that is long
 * enough to notice; a refusal is shown as above, with the form as it was.
 *
 * For an entrant who runs for a charity, the editor also records their
 * consent to share contact details with it (sl-export-profile.h), written
 * after the entrant (sl_db_set_contact_consent_async) and only when it
 * changed, under the wording version below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-entrant-dialog.h"
#include "sl-entrants.h"
#include "sl-entry-row.h"
#include "sl-form-write.h"
#include "sl-event.h"
#include "sl-export-profile.h"
#include "sl-widgets.h"
#include "sl-write-wait.h"

#define N_FIELDS (SL_ENTRANT_ERROR_NOTES + 1)

/* The wording version recorded with a contact consent set in the editor.
 * It names the question staff ask, as written here: "May we give your
 * e-mail address and phone number to the charity you run for, so that it
 * can contact you about your fundraising?" A consent is only as good as
 * what the person was asked: change the question, change the version.
 */
#define CONTACT_CONSENT_WORDING_VERSION "editor-2026-1"

struct _SlEntrantDialog
{
  AdwWindow       parent_instance;

  SlDb           *db;
  SlEntrant      *original;      /* as stored when the dialog opened; NULL: new */
  GPtrArray      *races;         /* SlRace, in race combo order after "none" */
  GPtrArray      *waves;         /* SlWave, likewise */

  SlEntryRow     *bib_row;
  SlEntryRow     *booking_ref_row;
  SlEntryRow     *first_name_row;
  SlEntryRow     *last_name_row;
  SlEntryRow     *date_of_birth_row;
  SlEntryRow     *age_row;
  AdwComboRow    *gender_row;
  AdwComboRow    *race_row;
  AdwComboRow    *wave_row;
  AdwComboRow    *entry_type_row;
  SlEntryRow     *costume_row;
  GtkSwitch      *vip_switch;
  SlEntryRow     *email_row;
  SlEntryRow     *phone_row;
  AdwComboRow    *consent_row;
  SlEntryRow     *nationality_row;
  SlEntryRow     *club_row;
  SlEntryRow     *emergency_contact_row;
  SlEntryRow     *notes_row;
  GtkWidget      *page;
  GtkButton      *save_button;

  GCancellable   *cancellable;   /* cancelled when the dialog goes */
  gboolean        saving;        /* a save is under way */
  SlContactConsent consent;      /* as stored when the dialog opened */
  gint64          saved_id;      /* the entrant written, while its consent is */
  SlWriteWait     write_wait;

  /* Indexed by SlEntrantError code; NULL where the code names no field. */
  GtkWidget      *fields[N_FIELDS];
  AdwActionRow   *errors[N_FIELDS];
};

G_DEFINE_FINAL_TYPE (SlEntrantDialog, sl_entrant_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Marks field as holding a wrong value, message saying why; NULL clears
 * it. A screen reader hears the message as the description of what has
 * the focus: the entry in a text field's row, or a combo row itself.
 */
static void
set_field_error (GtkWidget  *field,
                 const char *message)
{
  if (SL_IS_ENTRY_ROW (field))
    {
      sl_entry_row_set_error (SL_ENTRY_ROW (field), message);
      return;
    }
  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
  sl_a11y_set_error (field, message);
}

static void
clear_errors (SlEntrantDialog *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      if (self->errors[i] == NULL)
        continue;
      gtk_widget_set_visible (GTK_WIDGET (self->errors[i]), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->errors[i]), "");
      set_field_error (self->fields[i], NULL);
    }
}

/* Shows a problem next to its field; FALSE when no field matches. */
static gboolean
show_field_error (SlEntrantDialog *self,
                  const GError    *error)
{
  GtkWidget *field;

  if (error->domain != SL_ENTRANT_ERROR || error->code <= 0 || error->code >= N_FIELDS
      || self->errors[error->code] == NULL)
    return FALSE;

  field = self->fields[error->code];
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->errors[error->code]), error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->errors[error->code]), TRUE);
  /* Set before the focus moves: a screen reader says the reason with the
   * field's name and text.
   */
  set_field_error (field, error->message);
  gtk_widget_grab_focus (field);
  return TRUE;
}

static void
show_other_error (SlEntrantDialog *self,
                  const GError    *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The entrant was not saved"),
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Reads the form into a record; FALSE with error for what the form
 * itself can tell is wrong before the core sees it (an age that is not a
 * number).
 */
static SlEntrant *
read_form (SlEntrantDialog  *self,
           GError          **error)
{
  g_autoptr(SlEntrant) e = self->original != NULL ? sl_entrant_copy (self->original)
                                                  : sl_entrant_new ();
  g_autofree char *age = NULL;
  guint pos;

#define TAKE(field) \
  G_STMT_START { \
    g_free (e->field); \
    e->field = sl_entry_row_dup_text (self->field##_row); \
  } G_STMT_END
  TAKE (bib);
  TAKE (booking_ref);
  TAKE (first_name);
  TAKE (last_name);
  TAKE (date_of_birth);
  TAKE (costume);
  TAKE (email);
  TAKE (phone);
  TAKE (nationality);
  TAKE (club);
  TAKE (emergency_contact);
  TAKE (notes);
#undef TAKE

  age = sl_entry_row_dup_text (self->age_row);
  e->age = -1;
  if (age != NULL)
    {
      char *end = NULL;
      long value = strtol (age, &end, 10);

      if (end == age || *end != '\0' || value < 0 || value > 120)
        {
          g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_AGE,
                       _("“%s” is not an age (a whole number of years, 0 to 120)"), age);
          return NULL;
        }
      e->age = (int)value;
    }

  e->gender = adw_combo_row_get_selected (self->gender_row);
  e->entry_type = adw_combo_row_get_selected (self->entry_type_row);
  e->vip = gtk_switch_get_active (self->vip_switch);

  pos = adw_combo_row_get_selected (self->race_row);
  e->race_id = pos > 0 && pos <= self->races->len
               ? ((SlRace *)g_ptr_array_index (self->races, pos - 1))->id : 0;
  pos = adw_combo_row_get_selected (self->wave_row);
  e->wave_id = pos > 0 && pos <= self->waves->len
               ? ((SlWave *)g_ptr_array_index (self->waves, pos - 1))->id : 0;

  return g_steal_pointer (&e);
}

static void
show_error (SlEntrantDialog *self,
            const GError    *error)
{
  if (!show_field_error (self, error))
    show_other_error (self, error);
}

static void
set_saving (SlEntrantDialog *self,
            gboolean         saving)
{
  self->saving = saving;
  /* The form takes no clicks (and no keys: sl_write_wait_hold_keys)
   * meanwhile. It is not greyed out: that would take the focus from the
   * field, where a screen reader says that the save waits, and where it
   * goes on after.
   */
  sl_form_write_set_busy (GTK_WIDGET (self), &self->write_wait, self->page, self->save_button,
                          "entrant.save", saving);
}

static void
consent_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlEntrantDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sl_db_set_contact_consent_finish (SL_DB (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_saving (self, FALSE);
  if (error != NULL)
    {
      /* The entrant is saved; Save again writes the consent (and nothing
       * else, as nothing else changed).
       */
      set_field_error (GTK_WIDGET (self->consent_row), error->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->consent_row), error->message);
      sl_a11y_announce (GTK_WIDGET (self), error->message);
      return;
    }
  self->consent = adw_combo_row_get_selected (self->consent_row);
  g_signal_emit (self, signals[SAVED], 0, self->saved_id, self->original);
  gtk_window_close (GTK_WINDOW (self));
}

/* The consent chosen differs from the one stored: write it. */
static gboolean
consent_changed (SlEntrantDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->consent_row))
         && adw_combo_row_get_selected (self->consent_row) != (guint)self->consent;
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlEntrantDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  /* Cancelled: the dialog has gone. */
  if (!sl_db_write_entrant_finish (SL_DB (source), result, &id, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_saving (self, FALSE);
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }
  if (consent_changed (self))
    {
      SlContactConsent consent = adw_combo_row_get_selected (self->consent_row);

      self->saved_id = id;
      set_saving (self, TRUE);
      sl_db_set_contact_consent_async (self->db, id, consent,
                                       consent == SL_CONTACT_CONSENT_NOT_ASKED
                                       ? NULL : CONTACT_CONSENT_WORDING_VERSION,
                                       self->cancellable, consent_done_cb, g_object_ref (self));
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, id, self->original);
  gtk_window_close (GTK_WINDOW (self));
}

gboolean
sl_entrant_dialog_save (SlEntrantDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) entrant = NULL;

  g_return_val_if_fail (SL_IS_ENTRANT_DIALOG (self), FALSE);

  /* The one under way goes on. */
  if (self->saving)
    return TRUE;

  clear_errors (self);
  entrant = read_form (self, &error);
  if (entrant == NULL || !sl_entrant_validate (entrant, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  set_saving (self, TRUE);
  sl_db_save_entrant_async (self->db, entrant, self->cancellable, save_done_cb,
                            g_object_ref (self));
  return TRUE;
}

gboolean
sl_entrant_dialog_get_busy (SlEntrantDialog *self)
{
  g_return_val_if_fail (SL_IS_ENTRANT_DIALOG (self), FALSE);
  return self->saving;
}

/* Closed now, the dialog would seem to drop a save that is still made. */
static gboolean
sl_entrant_dialog_close_request (GtkWindow *window)
{
  SlEntrantDialog *self = SL_ENTRANT_DIALOG (window);

  if (!self->saving)
    return GTK_WINDOW_CLASS (sl_entrant_dialog_parent_class)->close_request (window);
  sl_write_wait_say_early (&self->write_wait);
  return TRUE;
}

GtkEditable *
sl_entrant_dialog_get_editable (SlEntrantDialog *self,
                                SlEntrantError   field)
{
  g_return_val_if_fail (SL_IS_ENTRANT_DIALOG (self), NULL);

  if (field <= 0 || field >= N_FIELDS || !SL_IS_ENTRY_ROW (self->fields[field]))
    return NULL;
  return GTK_EDITABLE (sl_entry_row_get_entry (SL_ENTRY_ROW (self->fields[field])));
}

const char *
sl_entrant_dialog_get_error (SlEntrantDialog *self,
                             SlEntrantError   field)
{
  g_return_val_if_fail (SL_IS_ENTRANT_DIALOG (self), NULL);

  if (field <= 0 || field >= N_FIELDS || self->errors[field] == NULL
      || !gtk_widget_get_visible (GTK_WIDGET (self->errors[field])))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->errors[field]));
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sl_entrant_dialog_save (SL_ENTRANT_DIALOG (widget));
}

static void
entry_activated_cb (SlEntrantDialog *self)
{
  sl_entrant_dialog_save (self);
}

/* The bib field takes the focus once the dialog is on screen. Given it
 * before, a screen reader is not told: GTK 4.8 drops the focus change of a
 * widget that is not realized yet, and Orca would not say which field the
 * dialog opened in.
 */
static void
sl_entrant_dialog_map (GtkWidget *widget)
{
  SlEntrantDialog *self = SL_ENTRANT_DIALOG (widget);

  GTK_WIDGET_CLASS (sl_entrant_dialog_parent_class)->map (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->bib_row));
}

static void
sl_entrant_dialog_dispose (GObject *object)
{
  SlEntrantDialog *self = SL_ENTRANT_DIALOG (object);

  sl_form_write_dispose (&self->cancellable, &self->write_wait);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_ENTRANT_DIALOG);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_entrant_dialog_parent_class)->dispose (object);
}

static void
sl_entrant_dialog_finalize (GObject *object)
{
  SlEntrantDialog *self = SL_ENTRANT_DIALOG (object);

  g_clear_pointer (&self->original, sl_entrant_free);
  g_clear_pointer (&self->races, g_ptr_array_unref);
  g_clear_pointer (&self->waves, g_ptr_array_unref);
  G_OBJECT_CLASS (sl_entrant_dialog_parent_class)->finalize (object);
}

static void
sl_entrant_dialog_class_init (SlEntrantDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_entrant_dialog_dispose;
  object_class->finalize = sl_entrant_dialog_finalize;
  widget_class->map = sl_entrant_dialog_map;
  window_class->close_request = sl_entrant_dialog_close_request;

  /**
   * SlEntrantDialog::saved:
   * @id: the entrant's id
   * @before: (nullable): the SlEntrant as it was, NULL for a new one
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                 G_TYPE_INT64, G_TYPE_POINTER);

  sl_widgets_ensure_resources ();
  g_type_ensure (SL_TYPE_ENTRY_ROW);
  /* A screen reader announces it as a dialog, not a bare window. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-entrant-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SlEntrantDialog, name)
  CHILD (bib_row);
  CHILD (booking_ref_row);
  CHILD (first_name_row);
  CHILD (last_name_row);
  CHILD (date_of_birth_row);
  CHILD (age_row);
  CHILD (gender_row);
  CHILD (race_row);
  CHILD (wave_row);
  CHILD (entry_type_row);
  CHILD (costume_row);
  CHILD (vip_switch);
  CHILD (email_row);
  CHILD (phone_row);
  CHILD (consent_row);
  CHILD (nationality_row);
  CHILD (club_row);
  CHILD (emergency_contact_row);
  CHILD (notes_row);
  CHILD (page);
  CHILD (save_button);
#undef CHILD

  sl_form_write_class_install_save (widget_class, "entrant.save", save_action_cb);
}

static void
sl_entrant_dialog_init (SlEntrantDialog *self)
{
  g_autoptr(GtkSizeGroup) titles = NULL;
  SlEntryRow *text_rows[13];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  sl_write_wait_hold_keys (&self->write_wait, GTK_WIDGET (self));

  self->fields[SL_ENTRANT_ERROR_BIB] = GTK_WIDGET (self->bib_row);
  self->fields[SL_ENTRANT_ERROR_BOOKING_REF] = GTK_WIDGET (self->booking_ref_row);
  self->fields[SL_ENTRANT_ERROR_FIRST_NAME] = GTK_WIDGET (self->first_name_row);
  self->fields[SL_ENTRANT_ERROR_LAST_NAME] = GTK_WIDGET (self->last_name_row);
  self->fields[SL_ENTRANT_ERROR_DATE_OF_BIRTH] = GTK_WIDGET (self->date_of_birth_row);
  self->fields[SL_ENTRANT_ERROR_AGE] = GTK_WIDGET (self->age_row);
  self->fields[SL_ENTRANT_ERROR_EMAIL] = GTK_WIDGET (self->email_row);
  self->fields[SL_ENTRANT_ERROR_RACE] = GTK_WIDGET (self->race_row);
  self->fields[SL_ENTRANT_ERROR_WAVE] = GTK_WIDGET (self->wave_row);
  self->fields[SL_ENTRANT_ERROR_NATIONALITY] = GTK_WIDGET (self->nationality_row);
  self->fields[SL_ENTRANT_ERROR_CLUB] = GTK_WIDGET (self->club_row);
  self->fields[SL_ENTRANT_ERROR_PHONE] = GTK_WIDGET (self->phone_row);
  self->fields[SL_ENTRANT_ERROR_EMERGENCY_CONTACT] = GTK_WIDGET (self->emergency_contact_row);
  self->fields[SL_ENTRANT_ERROR_COSTUME] = GTK_WIDGET (self->costume_row);
  self->fields[SL_ENTRANT_ERROR_NOTES] = GTK_WIDGET (self->notes_row);
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->fields[i] != NULL)
      self->errors[i] = sl_entry_row_add_error_row (self->fields[i]);

  /* Enter in any text field saves, as in any form. */
  text_rows[0] = self->bib_row;
  text_rows[1] = self->booking_ref_row;
  text_rows[2] = self->first_name_row;
  text_rows[3] = self->last_name_row;
  text_rows[4] = self->date_of_birth_row;
  text_rows[5] = self->age_row;
  text_rows[6] = self->costume_row;
  text_rows[7] = self->email_row;
  text_rows[8] = self->phone_row;
  text_rows[9] = self->nationality_row;
  text_rows[10] = self->club_row;
  text_rows[11] = self->emergency_contact_row;
  text_rows[12] = self->notes_row;
  titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      g_signal_connect_swapped (sl_entry_row_get_entry (text_rows[i]), "activate",
                                G_CALLBACK (entry_activated_cb), self);
      /* The fields start in one line, as in a form. */
      sl_entry_row_align_title (text_rows[i], titles);
    }
}

static GListModel *
new_label_model (const char *(*to_label) (int),
                 int          n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (int i = 0; i < n; i++)
    gtk_string_list_append (list, to_label (i));
  return G_LIST_MODEL (list);
}

static void
fill_combos (SlEntrantDialog *self)
{
  g_autoptr(GtkStringList) races = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) waves = gtk_string_list_new (NULL);
  g_autoptr(GListModel) genders = NULL;
  g_autoptr(GListModel) types = NULL;

  genders = new_label_model ((const char *(*) (int))sl_gender_to_label, SL_GENDER_NON_BINARY + 1);
  types = new_label_model ((const char *(*) (int))sl_entry_type_to_label, SL_N_ENTRY_TYPES);
  adw_combo_row_set_model (self->gender_row, genders);
  adw_combo_row_set_model (self->entry_type_row, types);

  gtk_string_list_append (races, _("No race"));
  for (guint i = 0; i < self->races->len; i++)
    gtk_string_list_append (races, ((SlRace *)g_ptr_array_index (self->races, i))->name);
  adw_combo_row_set_model (self->race_row, G_LIST_MODEL (races));

  gtk_string_list_append (waves, _("No wave"));
  for (guint i = 0; i < self->waves->len; i++)
    {
      SlWave *wave = g_ptr_array_index (self->waves, i);
      const char *race_name = "";
      g_autofree char *label = NULL;

      for (guint j = 0; j < self->races->len; j++)
        if (((SlRace *)g_ptr_array_index (self->races, j))->id == wave->race_id)
          race_name = ((SlRace *)g_ptr_array_index (self->races, j))->name;
      /* Translators: a race, a wave of it, and where it starts. */
      label = wave->start_area != NULL
              ? g_strdup_printf (_("%s: %s (%s start)"), race_name, wave->name, wave->start_area)
              : g_strdup_printf (_("%s: %s"), race_name, wave->name);
      gtk_string_list_append (waves, label);
    }
  adw_combo_row_set_model (self->wave_row, G_LIST_MODEL (waves));
}

static void
fill_form (SlEntrantDialog *self,
           const SlEntrant *e)
{
  g_autofree char *age = e->age >= 0 ? g_strdup_printf ("%d", e->age) : NULL;

  sl_entry_row_set_text (self->bib_row, e->bib);
  sl_entry_row_set_text (self->booking_ref_row, e->booking_ref);
  sl_entry_row_set_text (self->first_name_row, e->first_name);
  sl_entry_row_set_text (self->last_name_row, e->last_name);
  sl_entry_row_set_text (self->date_of_birth_row, e->date_of_birth);
  sl_entry_row_set_text (self->age_row, age);
  sl_entry_row_set_text (self->costume_row, e->costume);
  sl_entry_row_set_text (self->email_row, e->email);
  sl_entry_row_set_text (self->phone_row, e->phone);
  sl_entry_row_set_text (self->nationality_row, e->nationality);
  sl_entry_row_set_text (self->club_row, e->club);
  sl_entry_row_set_text (self->emergency_contact_row, e->emergency_contact);
  sl_entry_row_set_text (self->notes_row, e->notes);
  adw_combo_row_set_selected (self->gender_row, e->gender);
  adw_combo_row_set_selected (self->entry_type_row, e->entry_type);
  gtk_switch_set_active (self->vip_switch, e->vip);

  for (guint i = 0; i < self->races->len; i++)
    if (((SlRace *)g_ptr_array_index (self->races, i))->id == e->race_id)
      adw_combo_row_set_selected (self->race_row, i + 1);
  for (guint i = 0; i < self->waves->len; i++)
    if (((SlWave *)g_ptr_array_index (self->waves, i))->id == e->wave_id)
      adw_combo_row_set_selected (self->wave_row, i + 1);
}

/* Shown for an entrant who runs for a charity: the consent as stored, and
 * when and under which wording it was given.
 */
static void
fill_consent (SlEntrantDialog *self)
{
  g_autoptr(GListModel) labels = NULL;
  g_autoptr(SlContactConsentRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  if (self->original == NULL || self->original->charity_name == NULL)
    return;
  labels = new_label_model ((const char *(*) (int))sl_contact_consent_to_label,
                            SL_N_CONTACT_CONSENTS);
  adw_combo_row_set_model (self->consent_row, labels);
  record = sl_db_dup_contact_consent (self->db, self->original->id, &error);
  self->consent = record != NULL ? record->consent : SL_CONTACT_CONSENT_NOT_ASKED;
  adw_combo_row_set_selected (self->consent_row, self->consent);
  if (error != NULL)
    subtitle = g_strdup (error->message);
  else if (record != NULL && record->at != NULL)
    /* Translators: the charity, when the consent was recorded, the wording's version. */
    subtitle = g_strdup_printf (_("To share e-mail and phone with %s; recorded %s, wording %s"),
                                self->original->charity_name, record->at,
                                record->wording_version != NULL ? record->wording_version
                                                                : _("unknown"));
  else
    /* Translators: the charity's name. */
    subtitle = g_strdup_printf (_("To share e-mail and phone with %s"),
                                self->original->charity_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->consent_row), subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->consent_row), TRUE);
}

SlEntrantDialog *
sl_entrant_dialog_new (SlDb    *db,
                       gint64   id,
                       GError **error)
{
  SlEntrantDialog *self;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  /* Like gtk_window_new: GTK's list of toplevels owns the window. */
  self = g_object_new (SL_TYPE_ENTRANT_DIALOG, NULL);
  self->db = g_object_ref (db);

  if ((id > 0 && !(self->original = sl_db_dup_entrant (db, id, error)))
      || !(self->races = sl_db_list_races (db, error))
      || !(self->waves = sl_db_list_waves (db, 0, error)))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }

  fill_combos (self);
  if (self->original != NULL)
    {
      g_autofree char *name = sl_entrant_dup_full_name (self->original);
      g_autofree char *title = g_strdup_printf (_("Edit %s"), name);

      fill_form (self, self->original);
      fill_consent (self);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), _("New Entrant"));

  return self;
}
