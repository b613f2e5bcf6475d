/* sl-charities-page.c — the event's charities
 *
 * Every charity with its bond, its places (allocated against used, an
 * allocation exceeded said in words, never by colour alone), its fill
 * rate, minimum pledge, and what its runners pledged and raised; for the
 * selected one its runners with bib, name, target, raised and whether
 * they checked in. Shown to accessibility officers, exporters and admins
 * (SL_ACTION_READ_CHARITIES; the window hides it from a desk); New
 * Charity…, Edit… and Import Fundraising… only to exporters and admins
 * (SL_ACTION_MANAGE_CHARITIES), and the core checks again.
 *
 * Writes go through the _async calls, one at a time: meanwhile the write
 * actions are off, and after half a second the page says that it waits
 * for the event file. While shown, the page polls the event and reads it
 * again when another desk or the command line changed it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-charities-page.h"
#include "sl-charity-dialog.h"
#include "sl-event-follow.h"
#include "sl-fundraising-import.h"
#include "sl-session.h"
#include "sl-summary-list.h"
#include "sl-text-list.h"
#include "sl-widgets.h"
#include "sl-write-wait.h"

#define POLL_MS 1000

struct _SlCharitiesPage
{
  AdwBin           parent_instance;

  SlDb            *db;
  GPtrArray       *charities;       /* SlCharitySummary, the list's order */
  GPtrArray       *runners;         /* SlCharityRunner of the selected one */
  gboolean         filling;
  GCancellable    *cancellable;     /* the import under way */
  SlWriteWait      write_wait;
  SlEventFollow    follow;
  char            *import_report;

  AdwToastOverlay *toast_overlay;
  GtkWidget       *add_button;
  GtkWidget       *edit_button;
  GtkWidget       *import_button;
  GtkLabel        *report_label;
  GtkStack        *content_stack;
  GtkListBox      *charity_list;
  GtkLabel        *charity_heading;
  GtkLabel        *charity_summary;
  GtkListBox      *runner_list;
  GtkLabel        *status_label;
};

G_DEFINE_FINAL_TYPE (SlCharitiesPage, sl_charities_page, ADW_TYPE_BIN)

static gboolean
may_manage (SlCharitiesPage *self)
{
  return self->db != NULL
         && sl_roles_allow (sl_db_get_roles (self->db), SL_ACTION_MANAGE_CHARITIES);
}

static SlCharitySummary *
selected_summary (SlCharitiesPage *self)
{
  gint64 id = sl_charities_page_get_selected (self);

  for (guint i = 0; self->charities != NULL && i < self->charities->len; i++)
    if (((SlCharitySummary *)self->charities->pdata[i])->charity.id == id)
      return self->charities->pdata[i];
  return NULL;
}

static void
update_actions (SlCharitiesPage *self)
{
  gboolean manager = may_manage (self);
  gboolean idle = self->cancellable == NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_set_visible (self->add_button, manager);
  gtk_widget_set_visible (self->edit_button, manager);
  gtk_widget_set_visible (self->import_button, manager);
  gtk_widget_action_set_enabled (widget, "charities.add", manager && idle);
  gtk_widget_action_set_enabled (widget, "charities.edit",
                                 manager && idle && selected_summary (self) != NULL);
  gtk_widget_action_set_enabled (widget, "charities.import", manager && idle);
}

/* ---- The charities ----------------------------------------------------- */

static char *
dup_money (gint64 pence)
{
  g_autofree char *plain = sl_money_dup_plain (pence);

  return g_strdup_printf ("£%s", plain);
}

static char *
dup_places_text (const SlCharitySummary *s)
{
  int used = (int)s->places_used, allocated = (int)s->charity.places_allocated;
  g_autofree char *places = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d of %d place",
                                                          "%d of %d places", allocated),
                                             used, allocated);

  if (!sl_charity_summary_is_over (s))
    return g_steal_pointer (&places);
  /* Translators: "412 of 400 places — 12 over allocation". */
  return g_strdup_printf (_("%s — %d over allocation"), places, used - allocated);
}

char *
sl_charities_page_dup_figures (const SlCharitySummary *s)
{
  g_autofree char *places = dup_places_text (s);
  g_autofree char *minimum = dup_money (s->charity.minimum_pledge_pence);
  g_autofree char *pledged = dup_money (s->pledged_pence);
  g_autofree char *raised = dup_money (s->raised_pence);

  /* Translators: a charity's figures: places, fill rate, minimum pledge,
   * pledged and raised.
   */
  return g_strdup_printf (_("%s · %u%% filled · minimum pledge %s · pledged %s · raised %s"),
                          places, sl_charity_summary_fill_percent (s), minimum, pledged, raised);
}

/* The rows stay when the same charities come back in the same order (the
 * focus with them); otherwise they are made again.
 */
static void
fill_charity_list (SlCharitiesPage *self,
                   gint64           keep)
{
  guint n = self->charities->len;
  g_autofree SlSummaryRowText *rows = g_new0 (SlSummaryRowText, MAX (n, 1));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      const SlCharitySummary *s = self->charities->pdata[i];

      rows[i].id = s->charity.id;
      rows[i].name = s->charity.name;
      rows[i].detail = sl_charity_bond_to_label (s->charity.bond);
      g_ptr_array_add (texts, sl_charities_page_dup_figures (s));
      rows[i].figures = g_ptr_array_index (texts, texts->len - 1);
      rows[i].warning = sl_charity_summary_is_over (s);
    }
  self->filling = TRUE;
  sl_summary_list_fill (self->charity_list, rows, n);
  self->filling = FALSE;
  sl_summary_list_select (self->charity_list, keep);
}

/* ---- A charity's runners ----------------------------------------------- */

static char *
dup_runner_text (const SlCharityRunner *r)
{
  g_autofree char *target = dup_money (r->target_pence);
  g_autofree char *raised = dup_money (r->raised_pence);
  const char *state = r->status == SL_STATUS_WITHDRAWN ? _("withdrawn")
                      : r->status == SL_STATUS_REGISTERED || r->status == SL_STATUS_DEFERRED
                      ? _("not checked in") : _("checked in");

  /* Translators: a charity's runner: bib, name, target, raised, check-in. */
  return g_strdup_printf (_("Bib %s · %s %s · target %s · raised %s · %s"), r->bib,
                          r->first_name, r->last_name, target, raised, state);
}

static void
show_charity (SlCharitiesPage *self)
{
  SlCharitySummary *s = selected_summary (self);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->runners, g_ptr_array_unref);
  if (s != NULL && self->db != NULL)
    self->runners = sl_db_list_charity_runners (self->db, s->charity.id, &error);
  if (self->runners == NULL)
    {
      if (error != NULL)
        sl_add_error_toast (self->toast_overlay, _("Could not read the charity’s runners"),
                            error);
      self->runners = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_charity_runner_free);
    }
  sl_text_list_clear (self->runner_list);
  for (guint i = 0; i < self->runners->len; i++)
    {
      g_autofree char *text = dup_runner_text (self->runners->pdata[i]);
      GtkWidget *row = sl_text_list_append (self->runner_list, text, 6);

      gtk_widget_add_css_class (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)), "numeric");
    }
  if (s != NULL)
    {
      g_autofree char *figures = sl_charities_page_dup_figures (s);
      g_autofree char *summary = g_strdup_printf ("%s · %s", sl_charity_bond_to_label (s->charity.bond),
                                                  figures);

      gtk_label_set_text (self->charity_heading, s->charity.name);
      gtk_label_set_text (self->charity_summary, summary);
    }
  else
    {
      gtk_label_set_text (self->charity_heading, "");
      gtk_label_set_text (self->charity_summary, "");
    }
  update_actions (self);
}

static void
set_status_text (SlCharitiesPage *self)
{
  guint n = self->charities != NULL ? self->charities->len : 0, over = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    over += sl_charity_summary_is_over (self->charities->pdata[i]);
  if (over > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u charities, %u over allocation",
                                         "%u charities, %u over allocation", n), n, over);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u charity", "%u charities", n), n);
  gtk_label_set_text (self->status_label, text);
}

void
sl_charities_page_reload (SlCharitiesPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 keep;

  g_return_if_fail (SL_IS_CHARITIES_PAGE (self));

  keep = sl_charities_page_get_selected (self);
  g_clear_pointer (&self->charities, g_ptr_array_unref);
  if (self->db != NULL && sl_roles_allow (sl_db_get_roles (self->db), SL_ACTION_READ_CHARITIES))
    self->charities = sl_db_list_charity_summaries (self->db, &error);
  if (self->charities == NULL)
    {
      if (error != NULL)
        sl_add_error_toast (self->toast_overlay, _("Could not read the charities"), error);
      self->charities = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_charity_summary_free);
    }
  sl_event_follow_caught_up (&self->follow);
  fill_charity_list (self, keep);
  gtk_stack_set_visible_child_name (self->content_stack,
                                    self->charities->len > 0 ? "charities" : "empty");
  show_charity (self);
  if (self->cancellable == NULL)
    set_status_text (self);
}

static void
charity_selected_cb (SlCharitiesPage *self)
{
  if (!self->filling)
    show_charity (self);
}

/* ---- Dialogs and the import ------------------------------------------- */

static void
charity_saved_cb (SlCharitiesPage *self,
                  gint64           charity_id)
{
  sl_charities_page_reload (self);
  sl_charities_page_select (self, charity_id);
}

static void
open_charity_dialog (SlCharitiesPage *self,
                     const SlCharity *charity)
{
  SlCharityDialog *dialog;

  if (self->db == NULL)
    return;
  dialog = sl_charity_dialog_present (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                      self->db, charity);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (charity_saved_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_charity_dialog (SL_CHARITIES_PAGE (widget), NULL);
}

static void
edit_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlCharitiesPage *self = SL_CHARITIES_PAGE (widget);
  SlCharitySummary *s = selected_summary (self);

  if (s != NULL)
    open_charity_dialog (self, &s->charity);
}

static void
show_report (SlCharitiesPage *self,
             const char      *report,
             const char      *said)
{
  g_free (self->import_report);
  self->import_report = g_strdup (report);
  gtk_label_set_text (self->report_label, report);
  gtk_widget_set_visible (GTK_WIDGET (self->report_label), TRUE);
  sl_a11y_announce (GTK_WIDGET (self), said);
}

static void
imported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlCharitiesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(SlFundraisingResult) imported = NULL;

  imported = sl_db_import_fundraising_finish (SL_DB (source), result, &problems, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  sl_write_wait_stop (&self->write_wait);
  if (imported != NULL)
    {
      g_autofree char *report = g_strdup_printf (_("Fundraising imported: %u rows, %u changed, "
                                                   "%u unchanged"), imported->rows,
                                                 imported->changed, imported->unchanged);

      show_report (self, report, report);
      sl_charities_page_reload (self);
    }
  else
    {
      GString *report = g_string_new (error->message);

      for (guint i = 0; problems != NULL && i < problems->len; i++)
        g_string_append_printf (report, "\n%s", (const char *)problems->pdata[i]);
      show_report (self, report->str, error->message);
      g_string_free (report, TRUE);
      set_status_text (self);
    }
  update_actions (self);
}

void
sl_charities_page_import_from (SlCharitiesPage *self,
                               const char      *path)
{
  g_return_if_fail (SL_IS_CHARITIES_PAGE (self));

  if (self->db == NULL || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  gtk_label_set_text (self->status_label, _("Importing fundraising…"));
  sl_write_wait_start (&self->write_wait, GTK_WIDGET (self), GTK_WIDGET (self->status_label));
  update_actions (self);
  sl_db_import_fundraising_async (self->db, path, self->cancellable, imported_cb,
                                  g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(SlCharitiesPage) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        sl_charities_page_import_from (self, path);
    }
  g_object_unref (chooser);
}

static void
import_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlCharitiesPage *self = SL_CHARITIES_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Fundraising"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Following the event ------------------------------------------------ */

static void
sl_charities_page_map (GtkWidget *widget)
{
  SlCharitiesPage *self = SL_CHARITIES_PAGE (widget);

  GTK_WIDGET_CLASS (sl_charities_page_parent_class)->map (widget);
  sl_event_follow_map (&self->follow, FALSE);
}

static void
sl_charities_page_unmap (GtkWidget *widget)
{
  SlCharitiesPage *self = SL_CHARITIES_PAGE (widget);

  sl_event_follow_unmap (&self->follow);
  GTK_WIDGET_CLASS (sl_charities_page_parent_class)->unmap (widget);
}

/* ---- Public ------------------------------------------------------------ */

void
sl_charities_page_set_db (SlCharitiesPage *self,
                          SlDb            *db)
{
  g_return_if_fail (SL_IS_CHARITIES_PAGE (self));
  g_return_if_fail (db == NULL || SL_IS_DB (db));

  if (self->db == db)
    return;
  g_set_object (&self->db, db);
  sl_event_follow_set_db (&self->follow, db);
  gtk_widget_set_visible (GTK_WIDGET (self->report_label), FALSE);
  sl_charities_page_reload (self);
}

guint
sl_charities_page_get_n_charities (SlCharitiesPage *self)
{
  g_return_val_if_fail (SL_IS_CHARITIES_PAGE (self), 0);
  return self->charities != NULL ? self->charities->len : 0;
}

gint64
sl_charities_page_get_selected (SlCharitiesPage *self)
{
  g_return_val_if_fail (SL_IS_CHARITIES_PAGE (self), 0);

  if (self->charity_list == NULL)
    return 0;
  return sl_summary_list_row_id (gtk_list_box_get_selected_row (self->charity_list));
}

gboolean
sl_charities_page_select (SlCharitiesPage *self,
                          gint64           charity_id)
{
  g_return_val_if_fail (SL_IS_CHARITIES_PAGE (self), FALSE);

  if (sl_summary_list_find (self->charity_list, charity_id) == NULL)
    return FALSE;
  sl_summary_list_select (self->charity_list, charity_id);
  return TRUE;
}

GPtrArray *
sl_charities_page_get_runners (SlCharitiesPage *self)
{
  g_return_val_if_fail (SL_IS_CHARITIES_PAGE (self), NULL);
  return self->runners;
}

const char *
sl_charities_page_get_import_report (SlCharitiesPage *self)
{
  g_return_val_if_fail (SL_IS_CHARITIES_PAGE (self), NULL);
  return self->import_report;
}

gboolean
sl_charities_page_get_busy (SlCharitiesPage *self)
{
  g_return_val_if_fail (SL_IS_CHARITIES_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

static void
sl_charities_page_dispose (GObject *object)
{
  SlCharitiesPage *self = SL_CHARITIES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  sl_write_wait_stop (&self->write_wait);
  sl_event_follow_clear (&self->follow);
  if (self->charity_list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->charity_list, self);
      g_signal_handlers_disconnect_by_data (self->runner_list, self);
    }
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CHARITIES_PAGE);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_charities_page_parent_class)->dispose (object);
}

static void
sl_charities_page_finalize (GObject *object)
{
  SlCharitiesPage *self = SL_CHARITIES_PAGE (object);

  g_clear_pointer (&self->charities, g_ptr_array_unref);
  g_clear_pointer (&self->runners, g_ptr_array_unref);
  g_free (self->import_report);
  G_OBJECT_CLASS (sl_charities_page_parent_class)->finalize (object);
}

static void
sl_charities_page_class_init (SlCharitiesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_charities_page_dispose;
  object_class->finalize = sl_charities_page_finalize;
  widget_class->map = sl_charities_page_map;
  widget_class->unmap = sl_charities_page_unmap;

  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-charities-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SlCharitiesPage, name)
  CHILD (toast_overlay);
  CHILD (add_button);
  CHILD (edit_button);
  CHILD (import_button);
  CHILD (report_label);
  CHILD (content_stack);
  CHILD (charity_list);
  CHILD (charity_heading);
  CHILD (charity_summary);
  CHILD (runner_list);
  CHILD (status_label);
#undef CHILD

  gtk_widget_class_install_action (widget_class, "charities.add", NULL, add_action_cb);
  gtk_widget_class_install_action (widget_class, "charities.edit", NULL, edit_action_cb);
  gtk_widget_class_install_action (widget_class, "charities.import", NULL, import_action_cb);
}

/* Alt+R (the runners' heading): the focus on the selected runner, else
 * the first; a list box itself takes no focus.
 */
static gboolean
runners_mnemonic_cb (SlCharitiesPage *self,
                     gboolean         group_cycling)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->runner_list);

  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->runner_list, 0);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  return TRUE;
}

static void
sl_charities_page_init (SlCharitiesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sl_event_follow_init (&self->follow, GTK_WIDGET (self), POLL_MS,
                        (SlEventFollowFunc)sl_charities_page_reload);
  self->charities = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_charity_summary_free);
  self->runners = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_charity_runner_free);
  g_signal_connect_swapped (self->charity_list, "selected-rows-changed",
                            G_CALLBACK (charity_selected_cb), self);
  g_signal_connect_swapped (self->runner_list, "mnemonic-activate",
                            G_CALLBACK (runners_mnemonic_cb), self);
  sl_text_list_set_placeholder (self->runner_list, _("No runners for this charity"));
  set_status_text (self);
  update_actions (self);
}

GtkWidget *
sl_charities_page_new (SlDb *db)
{
  GtkWidget *page;

  g_return_val_if_fail (db == NULL || SL_IS_DB (db), NULL);

  page = g_object_new (SL_TYPE_CHARITIES_PAGE, NULL);
  if (db != NULL)
    sl_charities_page_set_db (SL_CHARITIES_PAGE (page), db);
  return page;
}
