/* sl-door-window.c — door mode: counting people in and out of a facility
 *
 * The staff at a facility's door scan or type a bib and press Enter: the
 * person is counted in, or out when inside (sl_db_door_scan_async, in a
 * worker thread; anyone may). The occupancy stands in large type against
 * the capacity ("7 / 10 inside"); with NEAR_FULL places or fewer left a
 * warning says how many, and at capacity the core refuses entry: the
 * refusal is shown with "Admit Anyway…", which needs someone signed in who
 * may admit over capacity (SL_ACTION_ADMIT_OVER_CAPACITY: Sign In opens
 * first otherwise) and asks for the reason, kept in the audit log. A
 * supervisor signed in that way is signed out again once the admission is
 * done or given up, so that the door stays a desk's.
 *
 * Every result and warning is told to a screen reader (sl_a11y_announce)
 * while the focus stays in the bib field for the next scan. The window
 * polls the event while shown and reads the occupancy again when another
 * door, desk or the command line changed it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-door-window.h"
#include "sl-entrants.h"
#include "sl-facilities.h"
#include "sl-form-write.h"
#include "sl-reach-banner.h"
#include "sl-session.h"
#include "sl-sign-in-dialog.h"
#include "sl-widgets.h"
#include "sl-write-wait.h"

#define POLL_MS 1000
/* Places left at which the door warns. */
#define NEAR_FULL 2

struct _SlDoorWindow
{
  AdwWindow       parent_instance;

  SlDb           *db;
  gint64          facility_id;
  char           *facility_name;
  int             inside;
  int             capacity;
  gboolean        closed;
  GCancellable   *cancellable;      /* the scan under way */
  SlReachBanner  *reach_banner;
  SlWriteWait     write_wait;
  guint           poll_source;
  gint64          refused_id;       /* the entrant refused at capacity, 0: none */
  gboolean        signed_in_here;   /* a supervisor signed in to admit: out after */
  char           *refused_name;

  AdwWindowTitle *window_title;
  GtkLabel       *occupancy_label;
  GtkLabel       *warning_label;
  GtkEntry       *bib_entry;
  GtkLabel       *result_label;
  GtkLabel       *detail_label;
  GtkWidget      *admit_button;
};

G_DEFINE_FINAL_TYPE (SlDoorWindow, sl_door_window, ADW_TYPE_WINDOW)

static void
announce (SlDoorWindow *self,
          const char   *message)
{
  sl_a11y_announce (GTK_WIDGET (self->bib_entry), message);
}

/* The warning for the figures; NULL when there is none. */
static char *
dup_warning (SlDoorWindow *self)
{
  int left = self->capacity - self->inside;

  if (self->closed)
    return g_strdup (_("Closed early: nobody is let in"));
  if (self->capacity <= 0)
    return NULL;
  if (left <= 0)
    /* Translators: door mode at capacity. */
    return g_strdup (_("Full: entry is refused unless a supervisor admits anyway"));
  if (left <= NEAR_FULL)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Nearly full: %d place left",
                                         "Nearly full: %d places left", left), left);
  return NULL;
}

static char *
dup_occupancy (SlDoorWindow *self)
{
  /* Translators: door mode's large figure: "7 / 10 inside". */
  return g_strdup_printf (_("%d / %d inside"), self->inside, self->capacity);
}

/* Shows the figures; TRUE when the warning changed (to be said). */
static gboolean
show_figures (SlDoorWindow *self)
{
  g_autofree char *occupancy = dup_occupancy (self);
  g_autofree char *warning = dup_warning (self);
  const char *was = gtk_widget_get_visible (GTK_WIDGET (self->warning_label))
                    ? gtk_label_get_text (self->warning_label) : NULL;
  gboolean changed = g_strcmp0 (was, warning) != 0;

  gtk_label_set_text (self->occupancy_label, occupancy);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->occupancy_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, occupancy, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warning != NULL);
  gtk_label_set_text (self->warning_label, warning != NULL ? warning : "");
  if (self->closed || self->inside >= self->capacity)
    gtk_widget_add_css_class (GTK_WIDGET (self->warning_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->warning_label), "error");
  return changed;
}

void
sl_door_window_refresh (SlDoorWindow *self)
{
  g_autoptr(SlFacility) facility = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (SL_IS_DOOR_WINDOW (self));

  facility = sl_db_dup_facility (self->db, self->facility_id, &error);
  if (facility == NULL)
    {
      gtk_label_set_text (self->result_label, error->message);
      return;
    }
  g_free (self->facility_name);
  self->facility_name = g_strdup (facility->name);
  self->closed = facility->closed;
  if (!sl_db_facility_occupancy (self->db, self->facility_id, &self->inside, &self->capacity,
                                 &error))
    gtk_label_set_text (self->result_label, error->message);
  /* Translators: the door window's title. */
  title = g_strdup_printf (_("Door: %s"), facility->name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, facility->location);
  if (show_figures (self) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      g_autofree char *warning = dup_warning (self);
      g_autofree char *occupancy = dup_occupancy (self);
      g_autofree char *said = g_strdup_printf ("%s. %s", occupancy, warning != NULL ? warning : "");

      announce (self, said);
    }
}

static void
show_result (SlDoorWindow *self,
             const char   *result,
             const char   *detail,
             gboolean      refused)
{
  g_autofree char *warning = NULL;
  g_autofree char *occupancy = NULL;
  g_autofree char *said = NULL;

  gtk_label_set_text (self->result_label, result);
  gtk_label_set_text (self->detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');
  gtk_widget_set_visible (self->admit_button, refused);
  show_figures (self);
  warning = dup_warning (self);
  occupancy = dup_occupancy (self);
  said = g_strdup_printf ("%s%s%s. %s.%s%s", result, detail != NULL && *detail ? ". " : "",
                          detail != NULL ? detail : "", occupancy,
                          warning != NULL ? " " : "", warning != NULL ? warning : "");
  announce (self, said);
}

static void
sign_supervisor_out (SlDoorWindow *self)
{
  if (!self->signed_in_here)
    return;
  self->signed_in_here = FALSE;
  sl_db_sign_out (self->db);
}

static void
scanned_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlDoorWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_object_steal_data (G_OBJECT (self), "scanning");
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  SlDoorResult door = { 0 };
  gint64 entrant_id = GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (self), "scanning-id"));

  if (!sl_db_door_scan_finish (SL_DB (source), result, &door, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  sl_write_wait_stop (&self->write_wait);
  sign_supervisor_out (self);
  g_clear_pointer (&self->refused_name, g_free);
  self->refused_id = 0;
  if (error != NULL)
    {
      gboolean full = g_error_matches (error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_CAPACITY);

      if (full)
        {
          self->refused_id = entrant_id;
          self->refused_name = g_strdup (name);
          /* Translators: door mode refused someone at capacity. */
          text = g_strdup_printf (_("Not let in: %s"), name);
        }
      else
        text = g_strdup_printf (_("Not counted: %s"), name);
      /* The figures may have moved meanwhile. */
      sl_db_facility_occupancy (self->db, self->facility_id, &self->inside, &self->capacity, NULL);
      show_result (self, text, error->message, full);
      return;
    }
  self->inside = door.inside;
  self->capacity = door.capacity;
  text = door.move == SL_DOOR_ENTERED
         /* Translators: door mode's last scan: "In: Amara Okafor, bib 40417". */
         ? g_strdup_printf (_("In: %s, bib %s"), door.name, door.bib)
         : g_strdup_printf (_("Out: %s, bib %s"), door.name, door.bib);
  {
    GString *more = g_string_new (NULL);

    g_string_append_printf (more, g_dngettext (GETTEXT_PACKAGE, "Party of %d", "Party of %d",
                                               door.party), door.party);
    if (door.left_elsewhere != NULL)
      /* Translators: entering here counted the person out of another facility. */
      g_string_append_printf (more, _("; counted out of %s"), door.left_elsewhere);
    if (door.over_capacity)
      g_string_append (more, _("; admitted over capacity"));
    detail = g_string_free (more, FALSE);
  }
  show_result (self, text, detail, FALSE);
  sl_door_result_clear (&door);
}

static void
start_scan (SlDoorWindow *self,
            gint64        entrant_id,
            const char   *name,
            const char   *reason)
{
  self->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (self), "scanning", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (self), "scanning-id", GSIZE_TO_POINTER ((gsize)entrant_id));
  sl_write_wait_start (&self->write_wait, GTK_WIDGET (self->bib_entry),
                       GTK_WIDGET (self->result_label));
  sl_db_door_scan_async (self->db, self->facility_id, entrant_id, reason, self->cancellable,
                         scanned_cb, g_object_ref (self));
}

void
sl_door_window_scan (SlDoorWindow *self,
                     const char   *code)
{
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (SL_IS_DOOR_WINDOW (self));

  typed = g_strstrip (g_strdup (code != NULL ? code : ""));
  if (*typed == '\0')
    return;
  if (self->cancellable != NULL)
    {
      announce (self, _("Still counting the last scan; scan again when it is done"));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->bib_entry), "");
  entrant = sl_db_dup_entrant_by_code (self->db, typed, &error);
  if (entrant == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Nobody has bib or reference %s"), typed);

      gtk_widget_set_visible (self->admit_button, FALSE);
      self->refused_id = 0;
      show_result (self, text, NULL, FALSE);
      return;
    }
  /* Translators: a person at the door: "Amara Okafor (bib 40417)". */
  name = g_strdup_printf (_("%s %s (bib %s)"), entrant->first_name, entrant->last_name,
                          entrant->bib);
  start_scan (self, entrant->id, name, NULL);
}

void
sl_door_window_admit (SlDoorWindow *self,
                      const char   *reason)
{
  g_autofree char *name = NULL;

  g_return_if_fail (SL_IS_DOOR_WINDOW (self));

  if (self->refused_id == 0 || self->cancellable != NULL || reason == NULL || *reason == '\0')
    return;
  name = g_strdup (self->refused_name);
  gtk_widget_set_visible (self->admit_button, FALSE);
  start_scan (self, self->refused_id, name, reason);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "admit", *reason != '\0');
}

static void
reason_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SlDoorWindow     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "admit") && *reason != '\0')
    sl_door_window_admit (self, reason);
  else
    sign_supervisor_out (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->bib_entry));
}

static void
ask_reason (SlDoorWindow *self)
{
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *body = NULL;

  if (self->refused_id == 0)
    return;
  body = g_strdup_printf (_("%s takes %s over its capacity of %d. Say why: the reason is kept "
                            "in the audit log."), self->refused_name, self->facility_name,
                          self->capacity);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Admit Over Capacity?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "admit", _("_Admit"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "admit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "admit", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "admit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reason_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
signed_in_cb (SlDoorWindow *self)
{
  self->signed_in_here = TRUE;
  if (sl_roles_allow (sl_db_get_roles (self->db), SL_ACTION_ADMIT_OVER_CAPACITY))
    ask_reason (self);
  else
    {
      sign_supervisor_out (self);
      announce (self, _("Only an accessibility officer or an administrator may admit over "
                        "capacity"));
    }
}

static void
admit_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SlDoorWindow *self = SL_DOOR_WINDOW (widget);
  SlSignInDialog *dialog;

  if (self->refused_id == 0)
    return;
  if (sl_roles_allow (sl_db_get_roles (self->db), SL_ACTION_ADMIT_OVER_CAPACITY))
    {
      ask_reason (self);
      return;
    }
  if (sl_db_get_staff_name (self->db) != NULL)
    {
      announce (self, _("Only an accessibility officer or an administrator may admit over "
                        "capacity"));
      return;
    }
  /* A supervisor signs in first. */
  dialog = sl_sign_in_dialog_present (GTK_WINDOW (self), self->db);
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (signed_in_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
activate_cb (SlDoorWindow *self)
{
  g_autofree char *code = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->bib_entry)));

  sl_door_window_scan (self, code);
}

/* ---- Following the event ----------------------------------------------- */

static gboolean
poll_cb (gpointer user_data)
{
  SlDoorWindow *self = user_data;

  sl_db_poll_changes (self->db, NULL);
  return G_SOURCE_CONTINUE;
}

static void
db_changed_cb (SlDoorWindow *self)
{
  if (self->cancellable == NULL)
    sl_door_window_refresh (self);
}

static void
sl_door_window_map (GtkWidget *widget)
{
  SlDoorWindow *self = SL_DOOR_WINDOW (widget);

  GTK_WIDGET_CLASS (sl_door_window_parent_class)->map (widget);
  sl_db_poll_changes (self->db, NULL);
  if (self->poll_source == 0)
    self->poll_source = g_timeout_add (POLL_MS, poll_cb, self);
  /* Once on screen (see src/HACKING.md). */
  gtk_widget_grab_focus (GTK_WIDGET (self->bib_entry));
}

static void
sl_door_window_unmap (GtkWidget *widget)
{
  SlDoorWindow *self = SL_DOOR_WINDOW (widget);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  GTK_WIDGET_CLASS (sl_door_window_parent_class)->unmap (widget);
}

/* ---- Public ------------------------------------------------------------ */

gint64
sl_door_window_get_facility (SlDoorWindow *self)
{
  g_return_val_if_fail (SL_IS_DOOR_WINDOW (self), 0);
  return self->facility_id;
}

gboolean
sl_door_window_get_busy (SlDoorWindow *self)
{
  g_return_val_if_fail (SL_IS_DOOR_WINDOW (self), FALSE);
  return self->cancellable != NULL;
}

int
sl_door_window_get_inside (SlDoorWindow *self)
{
  g_return_val_if_fail (SL_IS_DOOR_WINDOW (self), 0);
  return self->inside;
}

const char *
sl_door_window_get_occupancy_text (SlDoorWindow *self)
{
  g_return_val_if_fail (SL_IS_DOOR_WINDOW (self), NULL);
  return gtk_label_get_text (self->occupancy_label);
}

const char *
sl_door_window_get_warning_text (SlDoorWindow *self)
{
  g_return_val_if_fail (SL_IS_DOOR_WINDOW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->warning_label))
         ? gtk_label_get_text (self->warning_label) : NULL;
}

const char *
sl_door_window_get_result_text (SlDoorWindow *self)
{
  g_return_val_if_fail (SL_IS_DOOR_WINDOW (self), NULL);
  return gtk_label_get_text (self->result_label);
}

gboolean
sl_door_window_get_can_admit (SlDoorWindow *self)
{
  g_return_val_if_fail (SL_IS_DOOR_WINDOW (self), FALSE);
  return gtk_widget_get_visible (self->admit_button);
}

static void
sl_door_window_dispose (GObject *object)
{
  SlDoorWindow *self = SL_DOOR_WINDOW (object);

  sl_form_write_dispose (&self->cancellable, &self->write_wait);
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (self->db != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->db, self);
      sign_supervisor_out (self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_DOOR_WINDOW);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_door_window_parent_class)->dispose (object);
}

static void
sl_door_window_finalize (GObject *object)
{
  SlDoorWindow *self = SL_DOOR_WINDOW (object);

  g_free (self->facility_name);
  g_free (self->refused_name);
  G_OBJECT_CLASS (sl_door_window_parent_class)->finalize (object);
}

static void
sl_door_window_class_init (SlDoorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_door_window_dispose;
  object_class->finalize = sl_door_window_finalize;
  widget_class->map = sl_door_window_map;
  widget_class->unmap = sl_door_window_unmap;

  sl_widgets_ensure_resources ();
  g_type_ensure (SL_TYPE_REACH_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-door-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SlDoorWindow, name)
  CHILD (window_title);
  CHILD (reach_banner);
  CHILD (occupancy_label);
  CHILD (warning_label);
  CHILD (bib_entry);
  CHILD (result_label);
  CHILD (detail_label);
  CHILD (admit_button);
#undef CHILD

  gtk_widget_class_install_action (widget_class, "door.admit", NULL, admit_action_cb);
}

static void
sl_door_window_init (SlDoorWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_text (self->result_label, _("Ready for the first scan"));
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), FALSE);
  g_signal_connect_swapped (self->bib_entry, "activate", G_CALLBACK (activate_cb), self);
}

SlDoorWindow *
sl_door_window_present (GtkWindow *parent,
                        SlDb      *db,
                        gint64     facility_id)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  SlDoorWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SL_IS_DOOR_WINDOW (window) && SL_DOOR_WINDOW (window)->db == db
          && SL_DOOR_WINDOW (window)->facility_id == facility_id)
        {
          gtk_window_present (GTK_WINDOW (window));
          return SL_DOOR_WINDOW (window);
        }
    }
  self = g_object_new (SL_TYPE_DOOR_WINDOW, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->facility_id = facility_id;
  sl_reach_banner_set_db (self->reach_banner, db);
  g_signal_connect_object (db, "changed", G_CALLBACK (db_changed_cb), self, G_CONNECT_SWAPPED);
  sl_door_window_refresh (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
