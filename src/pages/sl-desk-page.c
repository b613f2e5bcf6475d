/* sl-desk-page.c — the check-in page of a registration desk
 *
 * A volunteer types part of a name or a scanner types a bib or booking
 * reference followed by Enter. Search runs synchronously on the main
 * thread: over the FTS index it takes a few milliseconds at 50,000
 * entrants (see bench-gui), less than a frame, so a worker thread would
 * only add latency and ordering problems.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-desk-page.h"
#include "sl-entrant-card.h"
#include "sl-event-follow.h"
#include "sl-record-need-dialog.h"

/* Enough to pick from; a desk narrows by typing more, not by scrolling.
 * The rest are counted and can be asked for, up to SHOW_ALL_LIMIT (a list
 * box of more rows than that would take longer to build than to narrow).
 */
#define MAX_RESULTS 30
#define SHOW_ALL_LIMIT 500
/* How often a shown page asks whether another desk wrote: well within the
 * second in which another desk's check-in is to show here.
 */
#define POLL_MS 500

struct _SlDeskPage
{
  AdwBin           parent_instance;

  SlDb            *db;
  GPtrArray       *results;          /* SlEntrant, in list order */
  SlEntrant       *selected;         /* what the card shows, or NULL */
  gint64           warning_id;       /* whom the warning shown is about */
  char            *searched_text;    /* text the results belong to */
  guint            n_matches;        /* all that match it, shown or not */
  guint            limit;            /* MAX_RESULTS, or more once asked for all */
  char            *unknown_code;     /* what the warning says no one has, or NULL */
  GtkWidget       *root;             /* where typing is caught for the field */
  GtkEventController *root_keys;
  gboolean         check_in_on_scan;
  gboolean         selecting;        /* the page itself moves the selection */
  GCancellable    *cancellable;      /* the check-in or undo under way */
  gboolean         busy;             /* one is under way */
  gint64           busy_id;          /* for whom */
  gboolean         busy_undo;        /* an undo, else a check-in */
  char            *request_id;       /* its request id, kept while it may
                                      * be retried */
  guint            waiting_source;   /* says it waits, once it has a while */
  SlEventFollow    follow;           /* follows other desks while shown */

  AdwToastOverlay *toast_overlay;
  GtkRevealer     *warning_revealer;
  GtkWidget       *warning_box;
  GtkLabel        *warning_label;
  GtkImage        *warning_icon;
  GtkLabel        *search_label;
  AdwStatusPage   *no_results_page;
  GtkSearchEntry  *search_entry;
  GtkStack        *results_stack;
  GtkListBox      *results_list;
  GtkWidget       *more_box;
  GtkLabel        *more_label;
  GtkButton       *show_all_button;
  GtkWidget       *card;
  GtkButton       *check_in_button;
  GtkLabel        *counter_label;
  AdwStatusPage   *start_page;
};

G_DEFINE_FINAL_TYPE (SlDeskPage, sl_desk_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CHECK_IN_ON_SCAN,
  N_PROPS
};

enum {
  RESULTS_UPDATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_warning (SlDeskPage *self,
              const char *message,
              gboolean    is_error)
{
  g_clear_pointer (&self->unknown_code, g_free);
  gtk_label_set_label (self->warning_label, message);
  /* Red and a different sign, told apart at a glance from across a desk. */
  if (is_error)
    gtk_widget_add_css_class (self->warning_box, "error");
  else
    gtk_widget_remove_css_class (self->warning_box, "error");
  gtk_image_set_from_icon_name (self->warning_icon, is_error ? "dialog-error-symbolic"
                                                             : "dialog-warning-symbolic");
  /* The box has the alert role: a screen reader reads the label when it
   * appears. Its text is also its accessible name.
   */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->warning_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
  gtk_revealer_set_reveal_child (self->warning_revealer, TRUE);
  /* GTK 4.8 tells a screen reader nothing of the box appearing. */
  sl_a11y_announce (GTK_WIDGET (self), message);
  self->warning_id = self->selected != NULL ? self->selected->id : 0;
}

static void
hide_warning (SlDeskPage *self)
{
  g_clear_pointer (&self->unknown_code, g_free);
  gtk_revealer_set_reveal_child (self->warning_revealer, FALSE);
}

const char *
sl_desk_page_get_warning (SlDeskPage *self)
{
  g_return_val_if_fail (SL_IS_DESK_PAGE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->warning_revealer))
    return NULL;
  return gtk_label_get_label (self->warning_label);
}

const char *
sl_desk_page_get_counter_text (SlDeskPage *self)
{
  g_return_val_if_fail (SL_IS_DESK_PAGE (self), NULL);

  return gtk_label_get_label (self->counter_label);
}

guint
sl_desk_page_get_n_results (SlDeskPage *self)
{
  g_return_val_if_fail (SL_IS_DESK_PAGE (self), 0);

  return self->results->len;
}

gint64
sl_desk_page_get_selected_id (SlDeskPage *self)
{
  g_return_val_if_fail (SL_IS_DESK_PAGE (self), 0);

  return self->selected != NULL ? self->selected->id : 0;
}

const char *
sl_desk_page_get_request_id (SlDeskPage *self)
{
  g_return_val_if_fail (SL_IS_DESK_PAGE (self), NULL);

  return self->request_id;
}

void
sl_desk_page_refresh_counter (SlDeskPage *self)
{
  g_autofree char *since = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  SlStats stats;
  gint64 today;

  g_return_if_fail (SL_IS_DESK_PAGE (self));

  if (self->db == NULL)
    {
      gtk_label_set_label (self->counter_label, "");
      return;
    }

  since = sl_db_dup_day_start_utc (self->db, NULL);
  today = sl_db_count_desk_check_ins (self->db, sl_db_get_desk (self->db), since);
  if (!sl_db_get_stats (self->db, &stats, &error))
    {
      g_warning ("Cannot count check-ins: %s", error->message);
      return;
    }

  text = sl_desk_dup_counter_text (today, stats.checked_in, stats.entrants);
  gtk_label_set_label (self->counter_label, text);

  /* A new event has no one to find yet: say where they come from. */
  if (stats.entrants == 0)
    {
      adw_status_page_set_icon_name (self->start_page, "system-users-symbolic");
      adw_status_page_set_title (self->start_page, _("No Entrants Yet"));
      adw_status_page_set_description (self->start_page,
                                       _("Import the entrant list first: Ctrl+I, or Import… in "
                                         "the main menu"));
    }
  else
    {
      adw_status_page_set_icon_name (self->start_page, "edit-find-symbolic");
      adw_status_page_set_title (self->start_page, _("Scan or Type"));
      adw_status_page_set_description (self->start_page, _("Scan the bib or booking reference, "
                                                           "or type part of a name"));
    }
}

/* The button says what is possible; Ctrl+Enter still tries, so that a
 * second attempt gets the warning saying when and where it happened.
 */
static void
update_check_in_button (SlDeskPage *self)
{
  gboolean can = !self->busy && self->selected != NULL
                 && self->selected->status == SL_STATUS_REGISTERED;
  const char *label = _("_Check In");

  /* Greyed out rather than hidden while nobody is selected: the bar it
   * shares with the count keeps its height, so the page does not jump.
   */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.check-in", self->selected != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.record-need", self->selected != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_in_button), can);
  /* A greyed-out accent button is pale text on pale blue, unreadable in
   * high contrast: only the button that can act gets the accent.
   */
  if (can)
    gtk_widget_add_css_class (GTK_WIDGET (self->check_in_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->check_in_button), "suggested-action");
  if (self->busy && self->waiting_source == 0)
    label = _("Waiting for the Event File…");
  else if (self->busy)
    label = _("Checking In…");
  else if (self->selected != NULL && self->selected->status == SL_STATUS_CHECKED_IN)
    label = _("Already Checked In");
  else if (self->selected != NULL && !can)
    label = _("Cannot Check In");
  gtk_button_set_label (self->check_in_button, label);
}

static void
check_in_clicked_cb (SlDeskPage *self,
                     GtkButton  *button)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "desk.check-in", NULL);
}

static void
show_entrant (SlDeskPage      *self,
              const SlEntrant *entrant)
{
  /* A warning is about the entrant it was shown with, not the next one. */
  if (entrant == NULL || entrant->id != self->warning_id)
    hide_warning (self);
  if (entrant != self->selected)
    {
      g_clear_pointer (&self->selected, sl_entrant_free);
      if (entrant != NULL)
        self->selected = sl_entrant_copy (entrant);
    }
  sl_entrant_card_set_entrant (SL_ENTRANT_CARD (self->card), self->db, self->selected);
  update_check_in_button (self);
}

static char *
describe_entrant (const SlEntrant *entrant)
{
  g_autofree char *name = sl_entrant_dup_full_name (entrant);
  GString *text = g_string_new (name);

  g_string_append_printf (text, _(", bib %s"), entrant->bib != NULL ? entrant->bib : "—");
  if (entrant->race_name != NULL)
    g_string_append_printf (text, ", %s", entrant->race_name);
  g_string_append_printf (text, ", %s", sl_status_to_label (entrant->status));
  return g_string_free (text, FALSE);
}

static GtkWidget *
create_result_row (const SlEntrant *entrant)
{
  g_autofree char *name = sl_entrant_dup_full_name (entrant);
  g_autofree char *description = describe_entrant (entrant);
  GString *detail = g_string_new (NULL);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *name_label = gtk_label_new (name);
  GtkWidget *bib_label = gtk_label_new (entrant->bib);
  GtkWidget *detail_label;

  if (entrant->race_name != NULL)
    g_string_append (detail, entrant->race_name);
  if (entrant->wave_name != NULL)
    g_string_append_printf (detail, detail->len > 0 ? " · %s" : "%s", entrant->wave_name);
  g_string_append_printf (detail, detail->len > 0 ? " · %s" : "%s",
                          sl_status_to_label (entrant->status));
  detail_label = gtk_label_new (detail->str);
  g_string_free (detail, TRUE);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_top (grid, 8);
  gtk_widget_set_margin_bottom (grid, 8);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);

  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_widget_add_css_class (name_label, "sl-result-name");
  gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail_label, "caption");
  gtk_widget_add_css_class (bib_label, "title-4");
  gtk_widget_add_css_class (bib_label, "numeric");
  gtk_widget_set_valign (bib_label, GTK_ALIGN_CENTER);

  gtk_grid_attach (GTK_GRID (grid), name_label, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), detail_label, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), bib_label, 1, 0, 1, 2);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), grid);

  /* A screen reader reads the row as one item: name, bib, race, status. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
  return row;
}

static int
find_result (SlDeskPage *self,
             gint64      id)
{
  for (guint i = 0; i < self->results->len; i++)
    if (((SlEntrant *)g_ptr_array_index (self->results, i))->id == id)
      return (int)i;
  return -1;
}

static void
select_result (SlDeskPage *self,
               int         index)
{
  GtkListBoxRow *row = index >= 0 ? gtk_list_box_get_row_at_index (self->results_list, index)
                                  : NULL;

  self->selecting = TRUE;
  if (row != NULL)
    gtk_list_box_select_row (self->results_list, row);
  else
    gtk_list_box_unselect_all (self->results_list);
  self->selecting = FALSE;
}

/* Below the results: how many more match than are listed, and a way to
 * list them all when that is few enough to scroll through.
 */
static void
update_more (SlDeskPage *self)
{
  guint more = self->n_matches - self->results->len;
  g_autofree char *text = NULL;
  g_autofree char *button = NULL;
  g_autofree char *shown = NULL;

  gtk_widget_set_visible (self->more_box, more > 0);
  if (more == 0)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->results_list),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  if (self->n_matches <= SHOW_ALL_LIMIT)
    /* Translators: below a list of entrants found, e.g. "34 more: type more of the name,
     * or show them all" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u more: type more of the name, or show them all",
                                         "%u more: type more of the name, or show them all",
                                         more), more);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u more: type more of the name to find them",
                                         "%u more: type more of the name to find them",
                                         more), more);
  gtk_label_set_label (self->more_label, text);

  gtk_widget_set_visible (GTK_WIDGET (self->show_all_button), self->n_matches <= SHOW_ALL_LIMIT);
  /* Translators: a button that lists every entrant found, e.g. "Show All 64" */
  button = g_strdup_printf (_("_Show All %u"), self->n_matches);
  gtk_button_set_label (self->show_all_button, button);

  /* A screen reader in the list hears that it does not hold them all. */
  /* Translators: e.g. "30 of 64 shown" */
  shown = g_strdup_printf (_("%u of %u shown"), self->results->len, self->n_matches);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results_list),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, shown, -1);
}

static void
run_search (SlDeskPage *self,
            const char *text)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint n_matches = 0;
  GtkWidget *child;

  /* A page asked for all of one search; new text starts at one page. */
  if (g_strcmp0 (text, self->searched_text) != 0)
    self->limit = MAX_RESULTS;
  g_free (self->searched_text);
  self->searched_text = g_strdup (text);

  /* The warning that a code is unknown goes once the field holds another. */
  if (self->unknown_code != NULL && g_strcmp0 (stripped, self->unknown_code) != 0)
    hide_warning (self);

  if (self->db != NULL && *stripped != '\0')
    {
      hits = sl_db_search_counted (self->db, stripped, self->limit, &n_matches, &error);
      if (hits == NULL)
        g_warning ("Search for “%s” failed: %s", stripped, error->message);
    }
  if (hits == NULL)
    hits = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_entrant_free);
  self->n_matches = MAX (n_matches, hits->len);

  g_ptr_array_unref (self->results);
  self->results = g_steal_pointer (&hits);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);
  for (guint i = 0; i < self->results->len; i++)
    gtk_list_box_append (self->results_list,
                         create_result_row (g_ptr_array_index (self->results, i)));

  if (*stripped == '\0')
    gtk_stack_set_visible_child_name (self->results_stack, "start");
  else if (self->results->len == 0)
    {
      /* Said once as the results run out, not at every key typed after. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->results_stack), "empty") != 0)
        sl_a11y_announce (GTK_WIDGET (self),
                          adw_status_page_get_title (self->no_results_page));
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->results_stack, "results");
  update_more (self);

  /* The card keeps showing the selected entrant while the volunteer types;
   * the list marks it when it is among the results.
   */
  if (self->selected != NULL)
    select_result (self, find_result (self, self->selected->id));

  g_signal_emit (self, signals[RESULTS_UPDATED], 0);
}

/* Makes sure the results belong to what is in the field now: a scanner's
 * Enter can arrive before the search for its last digit has run.
 */
static void
ensure_results_current (SlDeskPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_strcmp0 (text, self->searched_text) != 0)
    run_search (self, text);
}

static void
replace_result (SlDeskPage      *self,
                const SlEntrant *entrant)
{
  int index = find_result (self, entrant->id);
  SlEntrant *old;
  GtkListBoxRow *old_row;
  GtkWidget *row;
  gboolean had_focus;

  if (index < 0)
    return;
  old = g_ptr_array_index (self->results, index);
  g_ptr_array_index (self->results, index) = sl_entrant_copy (entrant);
  sl_entrant_free (old);
  old_row = gtk_list_box_get_row_at_index (self->results_list, index);
  /* The keyboard stays on the row (Enter checked them in, or another
   * desk wrote): Escape and the arrows go on from there.
   */
  had_focus = gtk_widget_has_focus (GTK_WIDGET (old_row))
              || gtk_widget_get_focus_child (GTK_WIDGET (old_row)) != NULL;
  gtk_list_box_remove (self->results_list, GTK_WIDGET (old_row));
  row = create_result_row (entrant);
  gtk_list_box_insert (self->results_list, row, index);
  if (had_focus)
    gtk_widget_grab_focus (row);
}

static void
select_after_change (SlDeskPage      *self,
                     const SlEntrant *entrant)
{
  replace_result (self, entrant);
  show_entrant (self, entrant);
  select_result (self, find_result (self, entrant->id));
}

/* A check-in or an undo is written in a worker thread (another desk or an
 * import may hold the event for a while): the window goes on drawing and
 * searching meanwhile, and says so if the wait is long enough to notice.
 */
static gboolean
say_waiting_cb (gpointer user_data)
{
  SlDeskPage *self = user_data;

  self->waiting_source = 0;
  update_check_in_button (self);
  sl_a11y_announce (GTK_WIDGET (self),
                    _("Waiting for another desk or program to finish with the event file"));
  return G_SOURCE_REMOVE;
}

static void
set_busy (SlDeskPage *self,
          gboolean    busy)
{
  self->busy = busy;
  g_clear_handle_id (&self->waiting_source, g_source_remove);
  if (busy)
    self->waiting_source = g_timeout_add (500, say_waiting_cb, self);
  update_check_in_button (self);
}

/* Begins a check-in (undo FALSE) or an undo for id: busy, and its request
 * id. A retry of the same action after a failure (the reply lost, the
 * server gone) keeps the id the failed one had, so that a change the
 * store did record is not recorded twice; any other action has a new one.
 */
static void
begin_change (SlDeskPage *self,
              gint64      id,
              gboolean    undo)
{
  if (self->request_id == NULL || self->busy_id != id || self->busy_undo != undo)
    {
      g_free (self->request_id);
      self->request_id = sl_check_in_request_id_new ();
    }
  self->busy_id = id;
  self->busy_undo = undo;
  set_busy (self, TRUE);
}

/* Whether the card still shows the one the write under way is for. */
static gboolean
still_selected (SlDeskPage *self)
{
  return self->selected == NULL || self->selected->id == self->busy_id;
}

/* Ends a check-in or its undo: *entrant as written, or NULL with the
 * error, and the page no longer busy. FALSE when what it did is not ours
 * to show (another event, or the page is going).
 */
static gboolean
finish_change (SlDeskPage    *self,
               GObject       *source,
               GAsyncResult  *result,
               SlEntrant    **entrant,
               GError       **error)
{
  *entrant = sl_db_check_in_id_finish (SL_DB (source), result, error);
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || SL_DB (source) != self->db)
    return FALSE;
  /* Done or refused, the action is over; failed, it may be retried. */
  if (*entrant != NULL || (*error)->domain == SL_CHECKIN_ERROR
      || (*error)->domain == SL_ACCESS_ERROR)
    g_clear_pointer (&self->request_id, g_free);
  set_busy (self, FALSE);
  return TRUE;
}

/* A toast of high priority saying format of the entrant's name and bib. */
static AdwToast *
entrant_toast_new (const SlEntrant *entrant,
                   const char      *format)
{
  g_autofree char *name = sl_entrant_dup_full_name (entrant);
  g_autofree char *title = g_strdup_printf (format, name, entrant->bib);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  return toast;
}

static void
check_in_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlDeskPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  AdwToast *toast;

  if (!finish_change (self, source, result, &entrant, &error))
    return;

  /* The card moved on to the next runner while this was written: it
   * stays on them; the list and the toast still tell this one.
   */
  if (!still_selected (self))
    {
      if (entrant != NULL)
        replace_result (self, entrant);
    }
  else if (entrant == NULL)
    {
      g_autoptr(SlEntrant) current = sl_db_dup_entrant (self->db, self->busy_id, NULL);

      /* Show who it is about and why, until the volunteer dismisses it. */
      if (current != NULL)
        select_after_change (self, current);
      show_warning (self, error->message,
                    !g_error_matches (error, SL_CHECKIN_ERROR,
                                      SL_CHECKIN_ERROR_ALREADY_CHECKED_IN));
      return;
    }
  else
    {
      hide_warning (self);
      select_after_change (self, entrant);
    }
  if (entrant == NULL)
    {
      sl_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  sl_desk_page_refresh_counter (self);

  /* Translators: e.g. "Ana Núñez (bib 101) checked in" */
  toast = entrant_toast_new (entrant, _("%s (bib %s) checked in"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "desk.undo-check-in");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (entrant->id));
  adw_toast_set_timeout (toast, 10);
  sl_add_toast (self->toast_overlay, toast);

  /* The next scan replaces the text instead of adding to it. */
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
check_in (SlDeskPage *self,
          gint64      id)
{
  /* One at a time: a second Enter while the first waits is the same
   * person, and would only be refused as already checked in.
   */
  if (self->db == NULL)
    return;
  if (self->busy)
    {
      /* Never dropped in silence: the volunteer sees it was not done. */
      if (id != self->busy_id)
        show_warning (self, _("Not checked in yet: the last check-in is still being saved. "
                              "Check this entrant in once it is done."), TRUE);
      return;
    }
  begin_change (self, id, FALSE);
  sl_db_check_in_id_async (self->db, id, sl_db_get_desk (self->db), self->request_id,
                           self->cancellable, check_in_done_cb, g_object_ref (self));
}

static void
undo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlDeskPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) entrant = NULL;

  if (!finish_change (self, source, result, &entrant, &error))
    return;
  if (entrant == NULL)
    {
      show_warning (self, error->message, TRUE);
      return;
    }

  hide_warning (self);
  select_after_change (self, entrant);
  sl_desk_page_refresh_counter (self);

  sl_add_toast (self->toast_overlay,
                entrant_toast_new (entrant, _("Check-in of %s (bib %s) undone")));
}

static void
undo_check_in (SlDeskPage *self,
               gint64      id)
{
  if (self->db == NULL || self->busy)
    return;
  begin_change (self, id, TRUE);
  sl_db_undo_check_in_id_async (self->db, id, sl_db_get_desk (self->db), self->request_id,
                                self->cancellable, undo_done_cb, g_object_ref (self));
}

static void
search_changed_cb (SlDeskPage     *self,
                   GtkSearchEntry *entry)
{
  run_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void row_activated_cb (SlDeskPage    *self,
                              GtkListBoxRow *row,
                              GtkListBox    *list);

/* The result row that has the keyboard focus, or NULL. */
static GtkListBoxRow *
focused_result (SlDeskPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->results_list)))
    return NULL;
  if (!GTK_IS_LIST_BOX_ROW (focus))
    focus = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
  return GTK_LIST_BOX_ROW (focus);
}

/* What a scanner types: a bib or booking reference has digits and no
 * spaces; a name has spaces or no digits.
 */
static gboolean
looks_like_code (const char *text)
{
  return strpbrk (text, "0123456789") != NULL && strpbrk (text, " \t") == NULL;
}

/* Enter found no one: said as an error, which goes once the field holds
 * other text or another entrant is shown.
 */
static void
show_unknown (SlDeskPage *self,
              const char *text)
{
  g_autofree char *message = NULL;

  if (looks_like_code (text))
    /* Translators: a scanned or typed code that is no entrant's, e.g. "No entrant with bib
     * or reference 99999" */
    message = g_strdup_printf (_("No entrant with bib or reference %s"), text);
  else
    message = g_strdup_printf (_("No entrant matches “%s”"), text);
  show_warning (self, message, TRUE);
  self->unknown_code = g_strdup (text);
}

/* Enter in the field: what a barcode scanner sends after the code. */
static void
search_activate_cb (SlDeskPage     *self,
                    GtkSearchEntry *entry)
{
  g_autofree char *code = NULL;
  g_autoptr(SlEntrant) exact = NULL;
  GtkListBoxRow *row;

  if (self->db == NULL)
    return;

  /* Enter on a result reaches the field too (it captures the page's keys):
   * it means that result, unless a scan typed a code since the results
   * were listed (the field takes keys without taking the focus).
   */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), self->searched_text) == 0
      && (row = focused_result (self)) != NULL)
    {
      row_activated_cb (self, row, self->results_list);
      return;
    }

  ensure_results_current (self);
  code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  if (*code == '\0')
    return;

  exact = sl_db_dup_entrant_by_code (self->db, code, NULL);
  if (exact != NULL)
    {
      g_autoptr(GError) refusal = NULL;

      show_entrant (self, exact);
      select_result (self, find_result (self, exact->id));
      if (self->check_in_on_scan)
        check_in (self, exact->id);
      /* Said at the scan, before anyone reaches for Check In: someone
       * already checked in (when and where) or who cannot be.
       */
      else if (!sl_db_can_check_in (self->db, exact, &refusal))
        show_warning (self, refusal->message,
                      !g_error_matches (refusal, SL_CHECKIN_ERROR,
                                        SL_CHECKIN_ERROR_ALREADY_CHECKED_IN));
      gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
      return;
    }

  /* Typed text rather than a code: a single match is unambiguous enough to
   * show, but it still needs a deliberate check-in.
   */
  if (self->results->len == 1 && !looks_like_code (code))
    {
      show_entrant (self, g_ptr_array_index (self->results, 0));
      select_result (self, 0);
      return;
    }

  /* A code no one has, or text no one matches: the card must not go on
   * showing the one before, whom Check In would then act on.
   */
  if (self->results->len == 0 || looks_like_code (code))
    {
      show_entrant (self, NULL);
      select_result (self, -1);
      show_unknown (self, code);
      gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
    }
}

static void
stop_search_cb (SlDeskPage     *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* Down from the field moves into the results, as in any search list. */
static gboolean
search_key_pressed_cb (SlDeskPage            *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  GtkListBoxRow *row;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || self->results->len == 0)
    return GDK_EVENT_PROPAGATE;

  row = gtk_list_box_get_selected_row (self->results_list);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->results_list, 0);
  /* Selected too, so the card shows the row in focus. */
  gtk_list_box_select_row (self->results_list, row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  return GDK_EVENT_STOP;
}

/* Escape in the results, or Up on the first, goes back to the field;
 * Down on the last goes on to Show All, when more match than are listed.
 */
static gboolean
results_key_pressed_cb (SlDeskPage            *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  GtkListBoxRow *row = focused_result (self);

  if (keyval == GDK_KEY_Escape
      || ((keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up) && row != NULL
          && gtk_list_box_row_get_index (row) == 0))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "desk.find", NULL);
      return GDK_EVENT_STOP;
    }
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) && row != NULL
      && (guint)gtk_list_box_row_get_index (row) + 1 == self->results->len
      && gtk_widget_get_visible (self->more_box)
      && gtk_widget_get_visible (GTK_WIDGET (self->show_all_button)))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->show_all_button));
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Ctrl+F, Alt+F: the field, its text selected to type over. */
static void
find_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlDeskPage *self = SL_DESK_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* Show All below the results: every match, the focus on the first of
 * those added, where the keyboard goes on from.
 */
static void
show_all_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlDeskPage *self = SL_DESK_PAGE (widget);
  guint shown = self->results->len;
  GtkListBoxRow *row;

  self->limit = SHOW_ALL_LIMIT;
  run_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  row = gtk_list_box_get_row_at_index (self->results_list, (int)shown);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* Typing anywhere in the window reaches the search field, as a scanner
 * types: after a menu or dialog has closed the focus is on the main-menu
 * button, where a scanned code was lost and its Enter opened the menu.
 * The field takes the focus with the first character, so the code's Enter
 * reaches it too. Not from the results (keys typed there go to the field
 * and the focus stays on the row: see search_activate_cb), another text
 * field or a menu that is open.
 */
static gboolean
root_key_pressed_cb (SlDeskPage            *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self->root));
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry)));
  gunichar c = gdk_keyval_to_unicode (keyval);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self))
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)) != 0
      /* Space presses a button; a code has none. */
      || c == 0 || !g_unichar_isgraph (c))
    return GDK_EVENT_PROPAGATE;
  if (focus != NULL
      && (GTK_IS_EDITABLE (focus)
          || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->results_list))
          || gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL))
    return GDK_EVENT_PROPAGATE;

  /* Without selecting: text selected after the last scan is typed over. */
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_event_controller_key_forward (controller, text);
  return GDK_EVENT_STOP;
}

static void
sl_desk_page_root (GtkWidget *widget)
{
  SlDeskPage *self = SL_DESK_PAGE (widget);

  GTK_WIDGET_CLASS (sl_desk_page_parent_class)->root (widget);

  /* Before any widget in the window sees the key. */
  self->root = GTK_WIDGET (gtk_widget_get_root (widget));
  self->root_keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (self->root_keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (self->root_keys, "key-pressed", G_CALLBACK (root_key_pressed_cb),
                            self);
  gtk_widget_add_controller (self->root, self->root_keys);
}

static void
sl_desk_page_unroot (GtkWidget *widget)
{
  SlDeskPage *self = SL_DESK_PAGE (widget);

  gtk_widget_remove_controller (self->root, self->root_keys);
  self->root_keys = NULL;
  self->root = NULL;

  GTK_WIDGET_CLASS (sl_desk_page_parent_class)->unroot (widget);
}

static void
row_selected_cb (SlDeskPage    *self,
                 GtkListBoxRow *row,
                 GtkListBox    *list)
{
  int index;

  if (self->selecting || row == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index >= 0 && (guint)index < self->results->len)
    show_entrant (self, g_ptr_array_index (self->results, index));
}

/* Enter (or a double click) on a result checks that entrant in. */
static void
row_activated_cb (SlDeskPage    *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list)
{
  int index = gtk_list_box_row_get_index (row);
  const SlEntrant *entrant;

  if (index < 0 || (guint)index >= self->results->len)
    return;
  entrant = g_ptr_array_index (self->results, index);
  show_entrant (self, entrant);
  check_in (self, entrant->id);
}

static void
check_in_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlDeskPage *self = SL_DESK_PAGE (widget);

  if (self->selected != NULL)
    check_in (self, self->selected->id);
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  undo_check_in (SL_DESK_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
dismiss_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlDeskPage *self = SL_DESK_PAGE (widget);

  hide_warning (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
sl_desk_page_set_db (SlDeskPage *self,
                     SlDb       *db)
{
  g_return_if_fail (SL_IS_DESK_PAGE (self));
  g_return_if_fail (db == NULL || SL_IS_DB (db));

  if (self->db == db)
    return;
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_data (self->db, self);
  g_set_object (&self->db, db);
  sl_event_follow_set_db (&self->follow, db);
  /* Takes note of where the event stands: what follows is news. */
  if (db != NULL)
    sl_db_poll_changes (db, NULL);

  /* What was under way belongs to the other event. */
  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  set_busy (self, FALSE);
  hide_warning (self);
  show_entrant (self, NULL);
  g_clear_pointer (&self->searched_text, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  run_search (self, "");
  sl_desk_page_refresh_counter (self);
}

gboolean
sl_desk_page_get_busy (SlDeskPage *self)
{
  g_return_val_if_fail (SL_IS_DESK_PAGE (self), FALSE);
  return self->busy;
}

SlDb *
sl_desk_page_get_db (SlDeskPage *self)
{
  g_return_val_if_fail (SL_IS_DESK_PAGE (self), NULL);

  return self->db;
}

gboolean
sl_desk_page_get_check_in_on_scan (SlDeskPage *self)
{
  g_return_val_if_fail (SL_IS_DESK_PAGE (self), FALSE);

  return self->check_in_on_scan;
}

void
sl_desk_page_set_check_in_on_scan (SlDeskPage *self,
                                   gboolean    check_in_on_scan)
{
  g_return_if_fail (SL_IS_DESK_PAGE (self));

  check_in_on_scan = !!check_in_on_scan;
  if (self->check_in_on_scan == check_in_on_scan)
    return;
  self->check_in_on_scan = check_in_on_scan;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK_IN_ON_SCAN]);
}

/* ---- Following other desks ---------------------------------------------- */

/* Whether a and b read the same (status, desk, time, names…). */
static gboolean
entrant_same (const SlEntrant *a,
              const SlEntrant *b)
{
  g_autofree char *a_json = sl_entrant_to_json (a);
  g_autofree char *b_json = sl_entrant_to_json (b);

  return g_strcmp0 (a_json, b_json) == 0;
}

/* Another connection wrote: the counters, the rows listed and the card
 * are read again, each entrant shown by its id (at most one page of
 * results, never the whole event), and only the rows that changed are
 * replaced, so the selection and the focus stay where they are.
 */
static void
follow_changes (SlDeskPage *self)
{
  sl_event_follow_caught_up (&self->follow);
  if (self->db == NULL)
    return;
  sl_desk_page_refresh_counter (self);
  for (guint i = 0; i < self->results->len; i++)
    {
      const SlEntrant *shown = g_ptr_array_index (self->results, i);
      g_autoptr(SlEntrant) now = sl_db_dup_entrant (self->db, shown->id, NULL);

      if (now != NULL && !entrant_same (shown, now))
        replace_result (self, now);
    }
  if (self->selected != NULL && !self->busy)
    {
      g_autoptr(SlEntrant) now = sl_db_dup_entrant (self->db, self->selected->id, NULL);

      if (now != NULL && !entrant_same (self->selected, now))
        show_entrant (self, now);
      select_result (self, find_result (self, self->selected->id));
    }
}

static void
sl_desk_page_map (GtkWidget *widget)
{
  SlDeskPage *self = SL_DESK_PAGE (widget);

  GTK_WIDGET_CLASS (sl_desk_page_parent_class)->map (widget);

  sl_event_follow_map (&self->follow, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
sl_desk_page_unmap (GtkWidget *widget)
{
  SlDeskPage *self = SL_DESK_PAGE (widget);

  sl_event_follow_unmap (&self->follow);
  GTK_WIDGET_CLASS (sl_desk_page_parent_class)->unmap (widget);
}

static void
sl_desk_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlDeskPage *self = SL_DESK_PAGE (object);

  switch (prop_id)
    {
    case PROP_CHECK_IN_ON_SCAN:
      g_value_set_boolean (value, self->check_in_on_scan);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_desk_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SlDeskPage *self = SL_DESK_PAGE (object);

  switch (prop_id)
    {
    case PROP_CHECK_IN_ON_SCAN:
      sl_desk_page_set_check_in_on_scan (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_desk_page_dispose (GObject *object)
{
  SlDeskPage *self = SL_DESK_PAGE (object);

  /* AdwBin unparents the template's child itself. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->waiting_source, g_source_remove);
  sl_event_follow_clear (&self->follow);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (sl_desk_page_parent_class)->dispose (object);
}

static void
sl_desk_page_finalize (GObject *object)
{
  SlDeskPage *self = SL_DESK_PAGE (object);

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->selected, sl_entrant_free);
  g_clear_pointer (&self->searched_text, g_free);
  g_clear_pointer (&self->unknown_code, g_free);
  g_clear_pointer (&self->request_id, g_free);

  G_OBJECT_CLASS (sl_desk_page_parent_class)->finalize (object);
}

/* A need the runner reports: recorded sealed; the desk hears that it was,
 * and the card shows its flag.
 */
static void
need_recorded_cb (SlDeskPage *self,
                  gint64      id)
{
  AdwToast *toast = adw_toast_new (_("Need recorded: the Accessibility Point will follow up"));

  sl_add_toast (self->toast_overlay, toast);
  if (self->selected != NULL)
    sl_entrant_card_set_entrant (SL_ENTRANT_CARD (self->card), self->db, self->selected);
}

static void
record_need_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlDeskPage *self = SL_DESK_PAGE (widget);
  SlRecordNeedDialog *dialog;

  if (self->db == NULL || self->selected == NULL)
    return;
  dialog = sl_record_need_dialog_present (GTK_WINDOW (gtk_widget_get_root (widget)), self->db,
                                          self->selected);
  g_signal_connect_object (dialog, "recorded", G_CALLBACK (need_recorded_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
sl_desk_page_class_init (SlDeskPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_desk_page_get_property;
  object_class->set_property = sl_desk_page_set_property;
  object_class->dispose = sl_desk_page_dispose;
  object_class->finalize = sl_desk_page_finalize;
  widget_class->map = sl_desk_page_map;
  widget_class->unmap = sl_desk_page_unmap;
  widget_class->root = sl_desk_page_root;
  widget_class->unroot = sl_desk_page_unroot;

  properties[PROP_CHECK_IN_ON_SCAN] =
    g_param_spec_boolean ("check-in-on-scan", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted when the result list shows what is in the search field. */
  signals[RESULTS_UPDATED] = g_signal_new ("results-updated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);

  g_type_ensure (SL_TYPE_ENTRANT_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-desk-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, warning_box);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, warning_label);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, search_label);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, more_box);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, more_label);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, show_all_button);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, card);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, check_in_button);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, counter_label);
  gtk_widget_class_bind_template_child (widget_class, SlDeskPage, start_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_in_clicked_cb);

  gtk_widget_class_install_action (widget_class, "desk.check-in", NULL, check_in_action_cb);
  gtk_widget_class_install_action (widget_class, "desk.undo-check-in", "x", undo_action_cb);
  gtk_widget_class_install_action (widget_class, "desk.dismiss-warning", NULL,
                                   dismiss_action_cb);
  gtk_widget_class_install_action (widget_class, "desk.find", NULL, find_action_cb);
  gtk_widget_class_install_action (widget_class, "desk.show-all", NULL, show_all_action_cb);
  gtk_widget_class_install_action (widget_class, "desk.record-need", NULL, record_need_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "desk.find", NULL);
}

static void
sl_desk_page_init (SlDeskPage *self)
{
  GtkEventController *keys;
  GtkEventController *shortcuts;
  GtkShortcut *shortcut;

  gtk_widget_init_template (GTK_WIDGET (self));
  sl_event_follow_init (&self->follow, GTK_WIDGET (self), POLL_MS,
                        (SlEventFollowFunc)follow_changes);
  /* The check-in button's label changes with the entrant, Show All's with
   * the count: named by them.
   */
  sl_a11y_fix_tree (GTK_WIDGET (self->check_in_button));
  sl_a11y_fix_tree (GTK_WIDGET (self->show_all_button));
  /* Set here: announcements use the field's description for a moment. */
  sl_a11y_set_description (GTK_WIDGET (self->search_entry),
                           _("Type part of a name, or scan a bib or booking reference and "
                             "press Enter"));

  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_entrant_free);
  self->limit = MAX_RESULTS;
  self->cancellable = g_cancellable_new ();

  /* Typing anywhere on the page goes to the search field. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  keys = gtk_event_controller_key_new ();
  /* Before the page's key capture hands Escape to the field. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (results_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->results_list), keys);

  /* Ctrl+Enter checks in from anywhere on the page, also from the search
   * field, which would otherwise take Enter for itself.
   */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  shortcut = gtk_shortcut_new (gtk_alternative_trigger_new (
                                 gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                 gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                               gtk_named_action_new ("desk.check-in"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update_check_in_button (self);
  run_search (self, "");
}

GtkWidget *
sl_desk_page_new (void)
{
  return g_object_new (SL_TYPE_DESK_PAGE, NULL);
}
