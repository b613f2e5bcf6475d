/* sl-staff-dialog.c — Staff Accounts: list, add and remove the event's accounts
 *
 * An AdwWindow, as Sign In is: a refused add must leave the form open
 * with what was typed and say why. The core decides who may add and
 * remove (sl-staff.h); this dialog only offers it. The passphrases are
 * typed into GtkPasswordEntryBuffers (non-pageable memory, cleared when
 * freed), handed to the core once (which copies them into secure memory)
 * and cleared from the fields after every attempt.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-entry-row.h"
#include "sl-staff-dialog.h"
#include "sl-widgets.h"

struct _SlStaffDialog
{
  AdwWindow       parent_instance;

  SlDb           *db;
  GCancellable   *cancellable;   /* the write under way, cancelled in dispose */
  gboolean        first;         /* the event had no accounts when last read */
  char           *added_first;   /* the first account, added here (not signed in) */
  SlRoles         added_first_roles;
  GtkWidget      *remove_button;  /* the last one clicked (a weak pointer) */

  GtkButton      *close_button;
  GtkLabel       *intro_label;
  GtkWidget      *accounts_box;
  GtkListBox     *accounts_list;
  GtkLabel       *list_error_label;
  GtkWidget      *form_box;
  SlEntryRow     *name_row;
  AdwActionRow   *admin_row;
  GtkCheckButton *officer_check;
  GtkCheckButton *exporter_check;
  GtkCheckButton *admin_check;
  SlEntryRow     *passphrase_row;
  SlEntryRow     *confirm_row;
  GtkLabel       *hint_label;
  GtkLabel       *error_label;
  GtkButton      *add_button;
  GtkLabel       *outcome_label;
};

G_DEFINE_FINAL_TYPE (SlStaffDialog, sl_staff_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
sl_staff_dialog_may_open (SlDb *db)
{
  g_return_val_if_fail (db == NULL || SL_IS_DB (db), FALSE);

  return db != NULL
         && ((sl_db_get_roles (db) & SL_ROLE_ADMIN) || sl_db_count_staff (db, NULL) == 0);
}

static GtkEditable *
entry (SlEntryRow *row)
{
  return GTK_EDITABLE (sl_entry_row_get_entry (row));
}

static gboolean
is_busy (SlStaffDialog *self)
{
  return self->cancellable != NULL;
}

static SlRoles
checked_roles (SlStaffDialog *self)
{
  return (gtk_check_button_get_active (self->officer_check) ? SL_ROLE_OFFICER : 0)
         | (gtk_check_button_get_active (self->exporter_check) ? SL_ROLE_EXPORTER : 0)
         | (gtk_check_button_get_active (self->admin_check) ? SL_ROLE_ADMIN : 0);
}

/* Add is offered once the form holds what the core will take: a name, a
 * role, a passphrase long enough, typed twice alike.
 */
static void
validate_cb (SlStaffDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry (self->name_row))));
  const char *passphrase = gtk_editable_get_text (entry (self->passphrase_row));
  const char *confirm = gtk_editable_get_text (entry (self->confirm_row));
  glong n_chars = g_utf8_strlen (passphrase, -1);
  gboolean mismatch = *confirm != '\0' && g_utf8_strlen (confirm, -1) >= n_chars
                      && !g_str_equal (passphrase, confirm);

  /* Said once the confirmation is as long as the passphrase: wrong only
   * until typed whole before that.
   */
  sl_entry_row_set_error (self->confirm_row,
                          mismatch ? _("The passphrases do not match.") : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button),
                            !is_busy (self) && *name != '\0' && checked_roles (self) != 0
                            && n_chars >= SL_PASSPHRASE_MIN_CHARS
                            && g_str_equal (passphrase, confirm));
}

static void
set_busy (SlStaffDialog *self,
          gboolean       busy)
{
  SlEntryRow *rows[] = { self->name_row, self->passphrase_row, self->confirm_row };

  /* Not insensitive: the focus stays where a screen reader is. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_editable (entry (rows[i]), !busy);
  /* Remove stays sensitive, and in focus after its confirmation, to be
   * told how it went; a second write waits (is_busy).
   */
  gtk_button_set_label (self->add_button, busy ? _("Adding…") : _("_Add Account"));
  validate_cb (self);
}

static void
clear_passphrases (SlStaffDialog *self)
{
  gtk_editable_set_text (entry (self->passphrase_row), "");
  gtk_editable_set_text (entry (self->confirm_row), "");
}

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void remove_clicked_cb (SlStaffDialog *self, GtkButton *button);

static GtkWidget *
account_row_new (SlStaffDialog *self,
                 const char    *name,
                 SlRoles        roles,
                 gboolean       removable)
{
  g_autofree char *roles_text = sl_roles_dup_label (roles);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), roles_text);
  if (removable)
    {
      /* Translators: a Remove button as a screen reader says it, with the
       * account's name.
       */
      g_autofree char *spoken = g_strdup_printf (_("Remove %s"), name);
      GtkWidget *button = gtk_button_new_with_label (_("Remove"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, spoken);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      spoken, -1);
      g_object_set_data_full (G_OBJECT (button), "staff-name", g_strdup (name), g_free);
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

/* The form as who may add now: the first account must be an admin's. */
static void
update_form (SlStaffDialog *self)
{
  gboolean may_add = self->added_first == NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->intro_label), self->first);
  gtk_widget_set_visible (self->form_box, may_add);
  if (self->first)
    gtk_check_button_set_active (self->admin_check, TRUE);
  /* The row keeps its contrast; the check says it cannot change. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->admin_check), !self->first);
  adw_action_row_set_subtitle (self->admin_row,
                               self->first
                               ? _("Required: the event’s first account must be an administrator")
                               : _("Manages staff accounts"));
  validate_cb (self);
}

/* Reads the accounts again. Once the first account is added here, no one
 * is signed in and the list is an admin's to read: the one added is shown.
 */
static void
reload (SlStaffDialog *self)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->accounts_list))) != NULL)
    gtk_list_box_remove (self->accounts_list, child);
  show_label (self->list_error_label, NULL);

  if (self->added_first != NULL)
    {
      self->first = FALSE;
      gtk_list_box_append (self->accounts_list,
                           account_row_new (self, self->added_first, self->added_first_roles,
                                            FALSE));
    }
  else if ((staff = sl_db_list_staff (self->db, &error)) == NULL)
    show_label (self->list_error_label, error->message);
  else
    {
      self->first = staff->len == 0;
      for (guint i = 0; i < staff->len; i++)
        {
          SlStaffAccount *account = g_ptr_array_index (staff, i);

          gtk_list_box_append (self->accounts_list,
                               account_row_new (self, account->name, (SlRoles)account->roles,
                                                TRUE));
        }
    }
  gtk_widget_set_visible (self->accounts_box,
                          gtk_widget_get_first_child (GTK_WIDGET (self->accounts_list)) != NULL
                          || gtk_widget_get_visible (GTK_WIDGET (self->list_error_label)));
  update_form (self);
  /* Rows built after the window was mapped. */
  sl_a11y_fix_tree (GTK_WIDGET (self->accounts_list));
}

static void
reset_form (SlStaffDialog *self)
{
  gtk_editable_set_text (entry (self->name_row), "");
  gtk_check_button_set_active (self->officer_check, FALSE);
  gtk_check_button_set_active (self->exporter_check, FALSE);
  gtk_check_button_set_active (self->admin_check, FALSE);
}

static void
added_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlStaffDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  SlRoles roles;
  gboolean ok = sl_db_add_staff_finish (SL_DB (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  clear_passphrases (self);
  if (!ok)
    {
      /* The name and roles stay; the passphrase is typed again. */
      show_label (self->error_label, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->passphrase_row)));
      sl_a11y_announce (GTK_WIDGET (self), error->message);
      return;
    }

  name = g_strstrip (g_strdup (gtk_editable_get_text (entry (self->name_row))));
  roles = checked_roles (self);
  show_label (self->error_label, NULL);
  if (self->first)
    {
      self->added_first = g_strdup (name);
      self->added_first_roles = roles;
      message = g_strdup_printf (_("Added %s. They can sign in now with Sign In… to manage the"
                                   " staff accounts."), name);
    }
  else
    message = g_strdup_printf (_("Added %s."), name);
  reset_form (self);
  reload (self);
  show_label (self->outcome_label, message);
  if (self->added_first == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->name_row)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->close_button));  /* the form is gone */
  sl_a11y_announce (GTK_WIDGET (self), message);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
add_account (SlStaffDialog *self)
{
  g_autofree char *name = NULL;

  if (is_busy (self) || !gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (entry (self->name_row))));
  show_label (self->outcome_label, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  /* The core copies the passphrase into secure memory before this returns. */
  sl_db_add_staff_async (self->db, name, checked_roles (self),
                         gtk_editable_get_text (entry (self->passphrase_row)),
                         self->cancellable, added_cb, g_object_ref (self));
}

static void
removed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlStaffDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok = sl_db_remove_staff_finish (SL_DB (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (!ok)
    {
      show_label (self->list_error_label, error->message);
      gtk_widget_set_visible (self->accounts_box, TRUE);
      /* Where a screen reader is told, and can try again. */
      if (self->remove_button != NULL)
        gtk_widget_grab_focus (self->remove_button);
      sl_a11y_announce (GTK_WIDGET (self), error->message);
      return;
    }
  message = g_strdup_printf (_("Removed %s."),
                             (char *) g_object_get_data (G_OBJECT (self), "removing"));
  g_signal_emit (self, signals[CHANGED], 0);
  /* Whoever removed their own account is signed out: nothing more here. */
  if (!sl_staff_dialog_may_open (self->db))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  reload (self);
  show_label (self->outcome_label, message);
  gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->name_row)));
  sl_a11y_announce (GTK_WIDGET (self), message);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SlStaffDialog    *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "staff-name");

  if (!g_str_equal (response, "remove") || is_busy (self))
    return;
  g_object_set_data_full (G_OBJECT (self), "removing", g_strdup (name), g_free);
  show_label (self->list_error_label, NULL);
  show_label (self->outcome_label, NULL);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  sl_db_remove_staff_async (self->db, name, self->cancellable, removed_cb, g_object_ref (self));
}

/* Asked first: the person could no longer sign in. */
static void
remove_clicked_cb (SlStaffDialog *self,
                   GtkButton     *button)
{
  const char *name = g_object_get_data (G_OBJECT (button), "staff-name");
  GtkWidget *dialog;

  if (is_busy (self))
    return;
  g_set_weak_pointer (&self->remove_button, GTK_WIDGET (button));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Remove %s?"), name);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s will no longer be able to sign in to this event."), name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "staff-name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Enter goes on as in a form, from field to field, then adds. */
static void
activate_cb (SlStaffDialog *self,
             GtkEntry      *entry_widget)
{
  if (GTK_EDITABLE (entry_widget) == entry (self->name_row))
    gtk_widget_grab_focus (GTK_WIDGET (self->officer_check));
  else if (GTK_EDITABLE (entry_widget) == entry (self->passphrase_row))
    gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->confirm_row)));
  else
    add_account (self);
}

static void
passphrase_changed_cb (SlStaffDialog *self)
{
  show_label (self->error_label, NULL);
  validate_cb (self);
}

/* A write under way finishes with the dialog open, to say how it went. */
static gboolean
sl_staff_dialog_close_request (GtkWindow *window)
{
  if (is_busy (SL_STAFF_DIALOG (window)))
    return TRUE;
  return GTK_WINDOW_CLASS (sl_staff_dialog_parent_class)->close_request (window);
}

static void
sl_staff_dialog_dispose (GObject *object)
{
  SlStaffDialog *self = SL_STAFF_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_STAFF_DIALOG);
  g_clear_object (&self->db);
  g_clear_pointer (&self->added_first, g_free);
  g_clear_weak_pointer (&self->remove_button);

  G_OBJECT_CLASS (sl_staff_dialog_parent_class)->dispose (object);
}

static void
sl_staff_dialog_class_init (SlStaffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_staff_dialog_dispose;
  window_class->close_request = sl_staff_dialog_close_request;

  /**
   * SlStaffDialog::changed:
   *
   * An account was added or removed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  g_type_ensure (SL_TYPE_ENTRY_ROW);
  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-staff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, accounts_box);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, list_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, admin_row);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, officer_check);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, exporter_check);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, admin_check);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SlStaffDialog, outcome_label);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
setup_passphrase_field (SlStaffDialog *self,
                        SlEntryRow    *row)
{
  g_autoptr(GtkEntryBuffer) buffer = gtk_password_entry_buffer_new ();
  GtkEntry *field = sl_entry_row_get_entry (row);

  gtk_entry_set_buffer (field, buffer);
  gtk_entry_set_visibility (field, FALSE);
  gtk_entry_set_input_purpose (field, GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_input_hints (field, GTK_INPUT_HINT_NO_SPELLCHECK);
  g_signal_connect_swapped (field, "changed", G_CALLBACK (passphrase_changed_cb), self);
}

static void
sl_staff_dialog_init (SlStaffDialog *self)
{
  g_autoptr(GtkSizeGroup) titles = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_autofree char *hint = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  SlEntryRow *rows[] = { self->name_row, self->passphrase_row, self->confirm_row };
  GtkCheckButton *checks[] = { self->officer_check, self->exporter_check, self->admin_check };

  setup_passphrase_field (self, self->passphrase_row);
  setup_passphrase_field (self, self->confirm_row);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      sl_entry_row_align_title (rows[i], titles);
      g_signal_connect_swapped (sl_entry_row_get_entry (rows[i]), "activate",
                                G_CALLBACK (activate_cb), self);
    }
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    g_signal_connect_swapped (checks[i], "notify::active", G_CALLBACK (validate_cb), self);
  g_signal_connect_swapped (sl_entry_row_get_entry (self->name_row), "changed",
                            G_CALLBACK (validate_cb), self);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (add_account), self);

  hint = g_strdup_printf (ngettext ("A passphrase needs at least %d character. It is typed"
                                    " twice, and cannot be read back.",
                                    "A passphrase needs at least %d characters. It is typed"
                                    " twice, and cannot be read back.",
                                    SL_PASSPHRASE_MIN_CHARS),
                          SL_PASSPHRASE_MIN_CHARS);
  gtk_label_set_text (self->hint_label, hint);
  /* Said with the field's name, as the hint is below the form. */
  sl_a11y_set_description (GTK_WIDGET (sl_entry_row_get_entry (self->passphrase_row)), hint);
}

SlStaffDialog *
sl_staff_dialog_present (GtkWindow *parent,
                         SlDb      *db)
{
  SlStaffDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  self = g_object_new (SL_TYPE_STAFF_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  reload (self);
  gtk_window_present (GTK_WINDOW (self));
  /* Once the dialog is on screen (see src/HACKING.md). */
  gtk_widget_grab_focus (GTK_WIDGET (sl_entry_row_get_entry (self->name_row)));
  return self;
}
