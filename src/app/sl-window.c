/* sl-window.c — one window per event file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-accessibility-page.h"
#include "sl-allocation-dialog.h"
#include "sl-desk-page.h"
#include "sl-entrants-page.h"
#include "sl-door-window.h"
#include "sl-export-dialog.h"
#include "sl-export-log-page.h"
#include "sl-charities-page.h"
#include "sl-charity-dialog.h"
#include "sl-facilities-page.h"
#include "sl-facility-dialog.h"
#include "sl-entrant-needs-dialog.h"
#include "sl-import-dialog.h"
#include "sl-need-editor.h"
#include "sl-reach-banner.h"
#include "sl-session.h"
#include "sl-settings.h"
#include "sl-sign-in-dialog.h"
#include "sl-staff-dialog.h"
#include "sl-window.h"

/* How often the window looks whether it has been idle long enough to lock. */
#define IDLE_CHECK_SECONDS 15

struct _SlWindow
{
  AdwApplicationWindow  parent_instance;

  SlDb                 *db;
  GCancellable         *cancellable;  /* work for this window, cancelled in dispose */
  GSettings            *settings;

  AdwToastOverlay      *toast_overlay;
  GtkWidget            *event_box;
  GtkLabel             *event_title;
  GtkLabel             *event_subtitle;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkMenuButton        *primary_menu_button;
  GtkButton            *sign_in_button;
  GtkMenuButton        *account_button;
  GtkWidget            *account_toggle;   /* the focusable button inside it */
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  SlDeskPage           *desk_page;
  SlReachBanner        *reach_banner;
  SlEntrantsPage       *entrants_page;
  SlAccessibilityPage  *accessibility_page;
  SlFacilitiesPage     *facilities_page;
  SlExportLogPage      *exports_page;
  SlCharitiesPage      *charities_page;

  gint64                last_activity;    /* monotonic µs of the last key, click, motion */
  guint                 idle_check_id;
};

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, ADW_TYPE_APPLICATION_WINDOW)

SlDb *
sl_window_get_db (SlWindow *self)
{
  g_return_val_if_fail (SL_IS_WINDOW (self), NULL);

  return self->db;
}

gboolean
sl_window_has_file (SlWindow *self,
                    GFile    *file)
{
  g_autofree char *path = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;

  g_return_val_if_fail (SL_IS_WINDOW (self), FALSE);

  if (self->db == NULL)
    return FALSE;
  /* A server event is named by its location, which GIO holds as a URI. */
  if ((path = g_file_get_path (file)) == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      return g_strcmp0 (uri, sl_db_get_path (self->db)) == 0;
    }

  /* The same file reached by a relative path or through a symlink is still
   * the same event.
   */
  ours = realpath (sl_db_get_path (self->db), NULL);
  theirs = realpath (path, NULL);
  if (ours == NULL || theirs == NULL)
    return FALSE;
  return g_str_equal (ours, theirs);
}

static void
update_actor (SlWindow *self)
{
  g_autofree char *desk = NULL;
  g_autofree char *operator_name = NULL;

  if (self->db == NULL)
    return;

  desk = sl_settings_dup_desk_name (self->settings);
  /* Signed in, the person is the operator (the core set it); a blank
   * operator leaves it so.
   */
  operator_name = sl_db_get_staff_name (self->db) != NULL
                  ? g_strdup ("") : sl_settings_dup_operator_name (self->settings);
  /* One line and trimmed, as the core takes them. */
  sl_db_set_actor (self->db, operator_name, desk);
  sl_desk_page_refresh_counter (self->desk_page);
}

static void
actor_changed_cb (SlWindow   *self,
                  const char *key,
                  GSettings  *settings)
{
  update_actor (self);
}

static void
import_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  sl_window_import (SL_WINDOW (user_data));
}

static void
export_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  sl_window_export (SL_WINDOW (user_data));
}

static void
view_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SlWindow *self = SL_WINDOW (user_data);
  const char *name = g_action_get_name (G_ACTION (action)) + strlen ("view-");
  AdwViewStackPage *page;

  if (self->db == NULL)
    return;
  /* A page the signed-in role may not use is hidden, and stays so. */
  page = adw_view_stack_get_page (self->view_stack,
                                  adw_view_stack_get_child_by_name (self->view_stack, name));
  if (page != NULL && adw_view_stack_page_get_visible (page))
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void sign_in_action_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data);
static void lock_action_cb    (GSimpleAction *action, GVariant *parameter, gpointer user_data);
static void staff_action_cb   (GSimpleAction *action, GVariant *parameter, gpointer user_data);

static const GActionEntry win_actions[] = {
  { "sign-in", sign_in_action_cb },
  { "lock", lock_action_cb },
  { "staff", staff_action_cb },
  { "import", import_action_cb },
  { "export", export_action_cb },
  { "view-desk", view_action_cb },
  { "view-entrants", view_action_cb },
  { "view-accessibility", view_action_cb },
  { "view-facilities", view_action_cb },
  { "view-exports", view_action_cb },
  { "view-charities", view_action_cb },
};

static void
set_event_actions_enabled (SlWindow *self,
                           gboolean  enabled)
{
  static const char *names[] = { "import", "export", "view-desk", "view-entrants",
                                 "view-accessibility", "view-facilities", "view-exports",
                                 "view-accessibility", "view-facilities", "view-charities",
                                 "sign-in" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), names[i]);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
    }
}

/* The application opens events without reading every page first, so the
 * window shows at once; a damaged file is closed as soon as this finds it.
 */
static void
integrity_checked_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SlWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sl_db_check_integrity_finish (SL_DB (source), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->db != SL_DB (source))
    return;
  /* A check that could not run (another desk held the event too long)
   * says nothing against the file: only damage closes it.
   */
  if (!g_error_matches (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT))
    {
      g_message ("Could not check %s: %s", sl_db_get_path (SL_DB (source)), error->message);
      return;
    }

  sl_window_set_db (self, NULL);
  sl_window_show_error (self, _("Cannot Open Event"), error->message);
}

/* The header bar shows who is signed in, or offers to sign in. */
static void
update_account (SlWindow *self)
{
  const char *name = self->db != NULL ? sl_db_get_staff_name (self->db) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), self->db != NULL && name == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->account_button), name != NULL);
  if (name != NULL)
    {
      g_autofree char *roles = sl_roles_dup_label (sl_db_get_roles (self->db));
      /* Translators: the header bar's account button as a screen reader
       * says it: a name, then roles ("administrator, accessibility officer").
       */
      g_autofree char *spoken = g_strdup_printf (_("Signed in as %s, %s"), name, roles);

      gtk_menu_button_set_label (self->account_button, name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->account_button), spoken);
      /* Named itself: see the sort button in sl-entrants-page.c. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->account_toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
    }
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "lock")),
                               name != NULL);
  /* Accounts: whoever holds an event without any, then an admin. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "staff")),
                               sl_staff_dialog_may_open (self->db));
}

static void
signed_in_cb (SlWindow *self)
{
  g_autofree char *message = NULL;

  self->last_activity = g_get_monotonic_time ();
  update_actor (self);
  sl_window_update_pages (self);
  message = g_strdup_printf (_("Signed in as %s"), sl_db_get_staff_name (self->db));
  sl_window_add_toast (self, adw_toast_new (message));
}

static void
sign_in_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  SlWindow *self = SL_WINDOW (user_data);
  SlSignInDialog *dialog;

  if (self->db == NULL || sl_db_get_staff_name (self->db) != NULL)
    return;
  dialog = sl_sign_in_dialog_present (GTK_WINDOW (self), self->db);
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (signed_in_cb), self,
                           G_CONNECT_SWAPPED);
}

/* An account added or removed (one's own signs out), or the dialog closed. */
static void
staff_changed_cb (SlWindow *self)
{
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  update_actor (self);
  sl_window_update_pages (self);
}

static void
staff_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SlWindow *self = SL_WINDOW (user_data);
  SlStaffDialog *dialog;

  if (!sl_staff_dialog_may_open (self->db))
    return;
  dialog = sl_staff_dialog_present (GTK_WINDOW (self), self->db);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (staff_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "unmap", G_CALLBACK (staff_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void close_officer_dialogs (SlWindow *self, gboolean staff_too);

void
sl_window_lock (SlWindow *self)
{
  g_return_if_fail (SL_IS_WINDOW (self));

  if (self->db == NULL || sl_db_get_staff_name (self->db) == NULL)
    return;
  /* The account list too: the first account's dialog, opened by whoever
   * holds the file, stays (nobody is signed in then).
   */
  close_officer_dialogs (self, TRUE);
  sl_db_sign_out (self->db);
  update_actor (self);
  sl_window_update_pages (self);
  sl_window_add_toast (self, adw_toast_new (_("Locked: this window is a check-in desk again")));
}

static void
lock_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  sl_window_lock (SL_WINDOW (user_data));
}

gboolean
sl_window_lock_if_idle (SlWindow *self,
                        gint64    now)
{
  gint64 minutes;

  g_return_val_if_fail (SL_IS_WINDOW (self), FALSE);

  if (self->db == NULL || sl_db_get_staff_name (self->db) == NULL)
    return FALSE;
  minutes = g_settings_get_int (self->settings, "lock-after-minutes");
  if (now - self->last_activity < minutes * 60 * G_USEC_PER_SEC)
    return FALSE;
  sl_window_lock (self);
  return TRUE;
}

static gboolean
idle_check_cb (gpointer user_data)
{
  sl_window_lock_if_idle (SL_WINDOW (user_data), g_get_monotonic_time ());
  return G_SOURCE_CONTINUE;
}

/* Any key, click or pointer movement in the window counts as someone at it. */
static void
activity_cb (SlWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

static gboolean
key_activity_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 SlWindow              *self)
{
  activity_cb (self);
  return GDK_EVENT_PROPAGATE;
}

static void
watch_activity (SlWindow *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_activity_cb), self);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (activity_cb), self);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  self->last_activity = g_get_monotonic_time ();
  self->idle_check_id = g_timeout_add_seconds (IDLE_CHECK_SECONDS, idle_check_cb, self);
}

/* The pages' switcher: none without an event; with one, in the header
 * when it fits there (labels beside their icons, or under them), else in
 * the bar at the bottom. The event's name stays at the header's start,
 * never squeezed to "Lon…" by six pages' labels (an officer's).
 */
static void
show_switcher (SlWindow *self)
{
  gboolean event = self->db != NULL;

  gtk_widget_set_visible (self->event_box, event);
  adw_view_switcher_title_set_title (self->switcher_title, event ? "" : _("Startline"));
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, event);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    event && adw_view_switcher_title_get_title_visible (
                                               self->switcher_title));
}

void
sl_window_set_db (SlWindow *self,
                  SlDb     *db)
{
  g_autoptr(SlEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SL_IS_WINDOW (self));
  g_return_if_fail (db == NULL || SL_IS_DB (db));

  if (self->db == db)
    return;
  /* Whoever was signed in to the event shown before is signed out. */
  if (self->db != NULL)
    sl_db_sign_out (self->db);
  g_set_object (&self->db, db);

  if (db != NULL)
    event = sl_db_dup_event (db, &error);

  if (event != NULL)
    {
      g_autoptr(GDate) date = g_date_new ();
      char subtitle[128] = "";

      g_date_set_parse (date, event->date);
      if (g_date_valid (date) && sl_date_is_valid_iso (event->date))
        g_date_strftime (subtitle, sizeof subtitle, "%A %-d %B %Y", date);
      else
        g_strlcpy (subtitle, event->date != NULL ? event->date : "", sizeof subtitle);

      if (sl_db_is_read_only (db))
        {
          /* Said where the eye and a screen reader meet the event first:
           * every check-in here will be refused.
           */
          g_autofree char *read_only = g_strdup_printf (_("%s · Read Only"), subtitle);
          g_autofree char *title = g_strdup_printf (_("%s (Read Only)"), event->name);

          gtk_label_set_label (self->event_title, event->name);
          gtk_label_set_label (self->event_subtitle, read_only);
          gtk_window_set_title (GTK_WINDOW (self), title);
        }
      else
        {
          gtk_label_set_label (self->event_title, event->name);
          gtk_label_set_label (self->event_subtitle, subtitle);
          gtk_window_set_title (GTK_WINDOW (self), event->name);
        }
    }
  else
    {
      if (error != NULL)
        g_warning ("Cannot read the event of %s: %s", sl_db_get_path (db), error->message);
      gtk_label_set_label (self->event_title, _("Startline"));
      gtk_label_set_label (self->event_subtitle, "");
      gtk_window_set_title (GTK_WINDOW (self), _("Startline"));
    }

  if (db != NULL)
    sl_db_check_integrity_async (db, self->cancellable, integrity_checked_cb,
                                 g_object_ref (self));

  update_actor (self);
  sl_reach_banner_set_db (self->reach_banner, db);
  sl_desk_page_set_db (self->desk_page, db);
  sl_entrants_page_set_db (self->entrants_page, db);
  sl_accessibility_page_set_db (self->accessibility_page, db);
  sl_facilities_page_set_db (self->facilities_page, db);
  sl_export_log_page_set_db (self->exports_page, db);
  sl_charities_page_set_db (self->charities_page, db);

  show_switcher (self);
  gtk_stack_set_visible_child_name (self->main_stack, db != NULL ? "event" : "empty");
  set_event_actions_enabled (self, db != NULL);
  sl_window_update_pages (self);
  if (db != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, "desk");
}

/* Locked, or no officer any more: the officer's dialogs of this window go,
 * with what they show; staff_too, Staff Accounts and a facility being
 * edited as well (a lock).
 */
static void
close_officer_dialogs (SlWindow *self,
                       gboolean  staff_too)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i - 1);

      if ((SL_IS_NEED_EDITOR (window) || SL_IS_ENTRANT_NEEDS_DIALOG (window)
           || SL_IS_ALLOCATION_DIALOG (window)
           || (staff_too && (SL_IS_STAFF_DIALOG (window) || SL_IS_FACILITY_DIALOG (window)
                             || SL_IS_CHARITY_DIALOG (window))))
          && gtk_window_get_transient_for (window) == GTK_WINDOW (self))
        gtk_window_destroy (window);
      /* Import… stays (an import may be running), its details go. */
      else if (SL_IS_IMPORT_DIALOG (window)
               && gtk_window_get_transient_for (window) == GTK_WINDOW (self))
        sl_import_dialog_hide_details (SL_IMPORT_DIALOG (window));
    }
}

/* The export log is an administrator's: shown and read for one, hidden
 * and emptied otherwise.
 */
static void
update_exports_page (SlWindow *self,
                     gboolean  admin)
{
  AdwViewStackPage *page = adw_view_stack_get_page (self->view_stack,
                                                    GTK_WIDGET (self->exports_page));

  if (!admin && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                           "exports") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "desk");
  adw_view_stack_page_set_visible (page, admin);
  if (self->db != NULL)
    sl_export_log_page_reload (self->exports_page);
}

/* Charities for an officer, an exporter or an admin (not a desk), its
 * adding, editing and importing for an exporter or an admin.
 */
static void
update_charities_page (SlWindow *self,
                       SlRoles   roles)
{
  gboolean reader = sl_roles_allow (roles, SL_ACTION_READ_CHARITIES);
  AdwViewStackPage *page = adw_view_stack_get_page (self->view_stack,
                                                    GTK_WIDGET (self->charities_page));

  if (!reader && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                            "charities") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "desk");
  adw_view_stack_page_set_visible (page, reader);
  /* Read for the roles now signed in; emptied for a desk. */
  if (self->db != NULL)
    sl_charities_page_reload (self->charities_page);
}

/* The pages the signed-in roles may use: Accessibility for an officer;
 * Facilities for everyone, its managing controls for those allowed
 * SL_ACTION_MANAGE_FACILITIES. A page that hides while shown gives way to
 * the desk.
 */
void
sl_window_update_pages (SlWindow *self)
{
  SlRoles roles;
  gboolean officer;
  AdwViewStackPage *page;

  g_return_if_fail (SL_IS_WINDOW (self));

  update_account (self);
  roles = self->db != NULL ? sl_db_get_roles (self->db) : SL_ROLE_DESK;
  officer = (roles & SL_ROLE_OFFICER) != 0;
  if (!officer)
    close_officer_dialogs (self, FALSE);
  page = adw_view_stack_get_page (self->view_stack, GTK_WIDGET (self->accessibility_page));
  if (!officer && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                             "accessibility") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "desk");
  /* Shown again after a sign-in: read what changed meanwhile; hidden
   * after a sign-out: emptied (it reads nothing for anyone else).
   */
  if (officer != adw_view_stack_page_get_visible (page) && self->db != NULL)
    sl_accessibility_page_reload (self->accessibility_page);
  adw_view_stack_page_set_visible (page, officer);
  /* Its controls follow the roles; the door stays open for anyone. */
  if (self->db != NULL)
    sl_facilities_page_reload (self->facilities_page);
  update_exports_page (self, (roles & SL_ROLE_ADMIN) != 0);
  update_charities_page (self, roles);
}

void
sl_window_add_toast (SlWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (SL_IS_WINDOW (self));

  sl_add_toast (self->toast_overlay, toast);
}

void
sl_window_show_error (SlWindow   *self,
                      const char *heading,
                      const char *message)
{
  GtkWidget *dialog;

  g_return_if_fail (SL_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* An edit on the entrants page can change the desk's counter. */
static void
entrants_changed_cb (SlWindow *self)
{
  sl_desk_page_refresh_counter (self->desk_page);
}

/* Check-ins at the desk change statuses: the list is read again when shown. */
static void
visible_page_cb (SlWindow *self)
{
  if (self->db != NULL
      && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "entrants") == 0)
    sl_entrants_page_reload (self->entrants_page);
  /* The desk may have recorded needs meanwhile. */
  if (self->db != NULL
      && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                    "accessibility") == 0)
    sl_accessibility_page_reload (self->accessibility_page);
  if (self->db != NULL
      && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "facilities") == 0)
    sl_facilities_page_reload (self->facilities_page);
  if (self->db != NULL
      && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "exports") == 0)
    sl_export_log_page_reload (self->exports_page);
  if (self->db != NULL
      && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "charities") == 0)
    sl_charities_page_reload (self->charities_page);
}

static void
data_changed_cb (SlWindow *self)
{
  sl_desk_page_refresh_counter (self->desk_page);
  sl_entrants_page_reload (self->entrants_page);
}

/* The lists follow the import at once; its outcome is said once the dialog,
 * which shows it too, is closed: a toast shown behind the dialog would be
 * gone before anyone could read it.
 */
static void
imported_cb (SlImportDialog *dialog,
             guint           imported,
             guint           updated,
             guint           unchanged,
             guint           rejected,
             SlWindow       *self)
{
  data_changed_cb (self);
  g_object_set_data_full (G_OBJECT (dialog), "sl-import-outcome",
                          sl_import_dialog_dup_outcome (imported, updated, unchanged, rejected),
                          g_free);
}

static void
import_dialog_unmap_cb (SlImportDialog *dialog,
                        SlWindow       *self)
{
  g_autofree char *message = g_object_steal_data (G_OBJECT (dialog), "sl-import-outcome");

  if (message != NULL && !gtk_widget_in_destruction (GTK_WIDGET (self)))
    sl_window_add_toast (self, adw_toast_new (message));
}

void
sl_window_import (SlWindow *self)
{
  SlImportDialog *dialog;

  g_return_if_fail (SL_IS_WINDOW (self));

  if (self->db == NULL)
    return;
  dialog = sl_import_dialog_present (GTK_WINDOW (self), self->db);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), self, 0);
  g_signal_connect_object (dialog, "unmap", G_CALLBACK (import_dialog_unmap_cb), self, 0);
}

void
sl_window_export (SlWindow *self)
{
  SlExportDialog *dialog;

  g_return_if_fail (SL_IS_WINDOW (self));

  if (self->db == NULL)
    return;
  dialog = sl_export_dialog_new (self->db);
  /* Each export adds a row to the log. */
  g_signal_connect_object (dialog, "exported", G_CALLBACK (sl_export_log_page_reload),
                           self->exports_page, G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
desk_is_shown (SlWindow *self)
{
  return self->db != NULL
         && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "desk") == 0;
}

/* Ctrl+F from anywhere in the window, the header bar too: the search field
 * of the page shown (the pages bind it for the focus within them).
 */
static gboolean
find_cb (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  SlWindow *self = SL_WINDOW (widget);

  if (self->db == NULL)
    return GDK_EVENT_PROPAGATE;
  if (desk_is_shown (self))
    return gtk_widget_activate_action (GTK_WIDGET (self->desk_page), "desk.find", NULL);
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "accessibility") == 0)
    return gtk_widget_activate_action (GTK_WIDGET (self->accessibility_page),
                                       "accessibility.find", NULL);
  return gtk_widget_activate_action (GTK_WIDGET (self->entrants_page), "entrants.find", NULL);
}

/* Once a menu or dialog has closed, the focus goes back to where a scan
 * goes: the desk's search field, unless it is in the desk page already (on
 * a result, say). Left to GTK it is on the main-menu button, where Enter
 * opens the menu again.
 */
static void
return_focus_to_desk (SlWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!desk_is_shown (self)
      || (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->desk_page))))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self->desk_page), "desk.find", NULL);
}

static void
menu_closed_cb (SlWindow *self)
{
  return_focus_to_desk (self);
}

/* A dialog (About, Preferences, Keyboard Shortcuts, import …) has closed. */
static void
is_active_cb (SlWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    return_focus_to_desk (self);
}

static gboolean
sl_window_close_request (GtkWindow *window)
{
  SlWindow *self = SL_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", MAX (width, 360));
  g_settings_set_int (self->settings, "window-height", MAX (height, 294));
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (sl_window_parent_class)->close_request (window);
}

/* After construction: "application" is not a construct property, so it is
 * not yet set when constructed() runs.
 */
static void
setup_settings (SlWindow      *self,
                GSettings     *settings)
{
  self->settings = g_object_ref (settings);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "check-in-on-scan", self->desk_page, "check-in-on-scan",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed::desk-name",
                           G_CALLBACK (actor_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::operator-name",
                           G_CALLBACK (actor_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = SL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->idle_check_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_WINDOW);
  /* Closing the window locks: the event's key is wiped. */
  if (self->db != NULL)
    sl_db_sign_out (self->db);
  g_clear_object (&self->db);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_window_dispose;
  window_class->close_request = sl_window_close_request;

  g_type_ensure (SL_TYPE_DESK_PAGE);
  g_type_ensure (SL_TYPE_REACH_BANNER);
  g_type_ensure (SL_TYPE_ENTRANTS_PAGE);
  g_type_ensure (SL_TYPE_ACCESSIBILITY_PAGE);
  g_type_ensure (SL_TYPE_FACILITIES_PAGE);
  g_type_ensure (SL_TYPE_EXPORT_LOG_PAGE);
  g_type_ensure (SL_TYPE_CHARITIES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, event_box);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, event_title);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, event_subtitle);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, desk_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, reach_banner);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, entrants_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, accessibility_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, facilities_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, exports_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, charities_page);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, find_cb, NULL);
}

/* STARTLINE_BENCH=1: the benchmark times launch to the first drawn frame
 * (CLOCK_MONOTONIC, as g_get_monotonic_time gives it on Linux).
 */
static void
bench_after_paint_cb (GdkFrameClock *clock,
                      SlWindow      *self)
{
  g_printerr ("startline-bench: first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, self);
}

static void
bench_realize_cb (SlWindow *self)
{
  static gboolean reported;

  if (reported)
    return;
  reported = TRUE;
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                    G_CALLBACK (bench_after_paint_cb), self);
}

static void
sl_window_init (SlWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (show_switcher), self, G_CONNECT_SWAPPED);
  show_switcher (self);
  g_signal_connect_object (self->entrants_page, "changed", G_CALLBACK (entrants_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (visible_page_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_menu_button_get_popover (self->primary_menu_button), "closed",
                           G_CALLBACK (menu_closed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_cb), NULL);
  set_event_actions_enabled (self, FALSE);

  self->account_toggle = gtk_widget_get_first_child (GTK_WIDGET (self->account_button));
  g_assert (GTK_IS_TOGGLE_BUTTON (self->account_toggle));
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->account_toggle),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_menu_button_get_popover (self->account_button)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Account"), -1);
  g_signal_connect_object (gtk_menu_button_get_popover (self->account_button), "closed",
                           G_CALLBACK (menu_closed_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  watch_activity (self);
  sl_window_update_pages (self);

  if (g_getenv ("STARTLINE_BENCH") != NULL)
    g_signal_connect (self, "realize", G_CALLBACK (bench_realize_cb), NULL);
}

SlWindow *
sl_window_new (GtkApplication *application,
               GSettings      *settings)
{
  SlWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SL_TYPE_WINDOW, "application", application, NULL);
  setup_settings (self, settings);
  return self;
}
