/* sl-entrants-page.c — browsing, filtering and editing every entrant
 *
 * Filtering and sorting happen in SQL (SlEntrantListModel): the column
 * view never sorts. Each column carries a sorter only so GTK draws the
 * sort arrows and lets people click headers; when the column view's
 * sorter changes, the page asks it which column leads and in which
 * direction, and lists the entrants again in that order.
 *
 * GTK 4.8's column headers cannot be reached with the keyboard, so the
 * filter row has a sort button too. Its menu sets the "sort-column" and
 * "sort-order" properties (entrants.sort-by, entrants.sort-order), which
 * sort the column view by that column; the page learns the order from
 * the column view's sorter either way, so the button, the headers' arrow
 * and the rows always agree.
 *
 * Withdrawals and undos are written in a worker thread, as the desk's
 * check-ins are (another desk or program may hold the event for a
 * while): the page is busy meanwhile, says so in a toast once the wait is
 * long enough to notice, and refuses, visibly, a second change until the
 * first is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-entrant-dialog.h"
#include "sl-entrant-list-model.h"
#include "sl-a11y.h"
#include "sl-entrants-page.h"
#include "sl-entrants.h"
#include "sl-event.h"
#include "sl-table.h"
#include "sl-widgets.h"

typedef struct
{
  SlEntrantsPage *page;
  SlEntrantSort   sort;
} SortProbe;

typedef enum
{
  UNDO_NONE,
  UNDO_STATUS,   /* give an entrant back its previous status */
  UNDO_RECORD,   /* write an earlier version of a record back */
} UndoKind;

struct _SlEntrantsPage
{
  AdwBin               parent_instance;

  SlDb                *db;
  SlEntrantListModel  *model;
  GtkSingleSelection  *selection;
  GPtrArray           *races;        /* SlRace, dropdown order after "all" */
  GPtrArray           *waves;        /* SlWave */
  GPtrArray           *charities;    /* SlCharity, after "all" and "none" */
  gboolean             updating;     /* filling dropdowns: ignore their signals */

  SortProbe            probes[SL_N_ENTRANT_SORTS];
  int                  probed;       /* set by a probe while the page asks */
  GObject             *probe_items[2];
  SlEntrantSort        sort;         /* the order the rows are listed in */
  gboolean             descending;
  gboolean             resorting;    /* set_sort: ignore the column view's sorter */

  UndoKind             undo_kind;
  gint64               undo_id;
  SlStatus             undo_status;
  SlEntrant           *undo_record;

  GCancellable        *cancellable;  /* the write under way */
  gboolean             busy;         /* one is under way */
  SlEntrant           *writing;      /* withdrawing: the entrant as it was */
  guint                waiting_source;
  AdwToast            *waiting_toast;

  AdwToastOverlay     *toast_overlay;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *race_dropdown;
  GtkDropDown         *wave_dropdown;
  GtkDropDown         *status_dropdown;
  GtkDropDown         *charity_dropdown;
  GtkMenuButton       *sort_button;
  GtkWidget           *sort_toggle;  /* the button inside, which has the focus */
  GtkImage            *sort_icon;
  GtkLabel            *sort_label;
  GtkLabel            *count_label;
  GtkStack            *table_stack;  /* the table, or why there is none */
  GtkWidget           *empty_import_button;
  GtkColumnView       *column_view;
  GtkWidget           *list_view;    /* the column view's rows */

  GtkRoot             *root;         /* watched for the keyboard focus */
  gboolean             moving_focus; /* the window is moving it (Tab, arrows) */
  gboolean             focus_was_in_table;
};

G_DEFINE_FINAL_TYPE (SlEntrantsPage, sl_entrants_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DB,
  PROP_SORT_COLUMN,
  PROP_SORT_ORDER,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* In the column view's order. The key names the column in the
 * "sort-column" property and the targets of the sort menu
 * (ui/sl-entrants-page.ui).
 */
static const struct
{
  SlEntrantSort  sort;
  const char    *key;
  const char    *title;
  int            chars;     /* natural width in characters */
  gboolean       expand;
} columns[] = {
  { SL_ENTRANT_SORT_BIB, "bib", N_("Bib"), 6, FALSE },
  { SL_ENTRANT_SORT_LAST_NAME, "last-name", N_("Last name"), 14, TRUE },
  { SL_ENTRANT_SORT_FIRST_NAME, "first-name", N_("First name"), 12, TRUE },
  { SL_ENTRANT_SORT_RACE, "race", N_("Race"), 12, FALSE },
  { SL_ENTRANT_SORT_WAVE, "wave", N_("Wave"), 8, FALSE },
  { SL_ENTRANT_SORT_STATUS, "status", N_("Status"), 10, FALSE },
  { SL_ENTRANT_SORT_CHARITY, "charity", N_("Charity"), 16, TRUE },
  { SL_ENTRANT_SORT_CLUB, "club", N_("Club"), 14, TRUE },
};

/* The position of the column that sorts by sort, in columns[] and in
 * the column view.
 */
static guint
find_column (SlEntrantSort sort)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (columns[i].sort == sort)
      return i;
  g_assert_not_reached ();
}

/* Half a second into a write: it waits for the event file. */
static gboolean
say_waiting_cb (gpointer user_data)
{
  SlEntrantsPage *self = user_data;

  self->waiting_source = 0;
  self->waiting_toast = adw_toast_new (_("Waiting for another desk or program to finish with "
                                         "the event file"));
  adw_toast_set_timeout (self->waiting_toast, 0);
  adw_toast_set_priority (self->waiting_toast, ADW_TOAST_PRIORITY_HIGH);
  sl_add_toast (self->toast_overlay, g_object_ref (self->waiting_toast));
  return G_SOURCE_REMOVE;
}

static void
set_busy (SlEntrantsPage *self,
          gboolean        busy)
{
  self->busy = busy;
  g_clear_handle_id (&self->waiting_source, g_source_remove);
  if (self->waiting_toast != NULL)
    adw_toast_dismiss (self->waiting_toast);
  g_clear_object (&self->waiting_toast);
  if (busy)
    self->waiting_source = g_timeout_add (500, say_waiting_cb, self);
}

static void
update_count (SlEntrantsPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gint64 total = self->db != NULL ? sl_db_count_entrants (self->db) : 0;
  g_autofree char *text = NULL;

  /* Translators: "120 of 50,000 entrants". */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'lld entrant",
                                       "%'u of %'lld entrants", (gulong)total),
                          shown, (long long)total);
  gtk_label_set_text (self->count_label, text);

  /* An empty table says nothing: a new event says how to fill it, and a
   * search or filter that finds no one says so.
   */
  gtk_stack_set_visible_child_name (self->table_stack,
                                    total == 0 ? "empty" : shown == 0 ? "no-results" : "table");
}

static gboolean
table_has_focus (SlEntrantsPage *self)
{
  return sl_table_has_focus (self->column_view);
}

/* The position of the row that has the keyboard focus, if a row has it. */
static guint
get_focus_position (SlEntrantsPage *self)
{
  if (!table_has_focus (self))
    return GTK_INVALID_LIST_POSITION;
  return sl_table_row_position (gtk_root_get_focus (self->root));
}

/* Scrolls the row at position into view and gives it the keyboard focus.
 * GTK 4.8's column view has no scroll_to (4.12 adds one); the action of
 * its list makes the row, which can then take the focus.
 */
static void
focus_row (SlEntrantsPage *self,
           guint           position)
{
  gtk_widget_activate_action (self->list_view, "list.scroll-to-item", "u", position);
  sl_table_focus_row (self->list_view, position);
}

gint64
sl_entrants_page_get_selected_id (SlEntrantsPage *self)
{
  SlEntrantItem *item;

  g_return_val_if_fail (SL_IS_ENTRANTS_PAGE (self), 0);

  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? sl_entrant_item_get_id (item) : 0;
}

gboolean
sl_entrants_page_select_id (SlEntrantsPage *self,
                            gint64          id)
{
  guint pos;

  g_return_val_if_fail (SL_IS_ENTRANTS_PAGE (self), FALSE);

  pos = sl_entrant_list_model_find (self->model, id);
  if (pos == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, pos);
  return TRUE;
}

/* Gives the keyboard focus to the table: to the selected entrant, or else
 * to the row at position (the last when there are fewer), or to the
 * search field when nobody is listed.
 */
static void
focus_table (SlEntrantsPage *self,
             guint           position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (selected != GTK_INVALID_LIST_POSITION)
    focus_row (self, selected);
  else if (n > 0)
    focus_row (self, MIN (position, n - 1));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Lists the entrants again, keeping the selected one selected, and the
 * keyboard focus in the table when it was there (its rows are made anew):
 * on that entrant; when it is no longer listed, on the one that took its
 * place after a change to the data, or on the first of a new search. A
 * focus on Edit or Withdraw, which go insensitive when the selected
 * entrant leaves the list, goes to the table the same way, not nowhere.
 */
static void
refresh (SlEntrantsPage *self,
         gboolean        same_search)
{
  g_autoptr(GError) error = NULL;
  gint64 selected = sl_entrants_page_get_selected_id (self);
  gboolean had_focus = table_has_focus (self);
  gboolean focus_set = self->root != NULL && gtk_root_get_focus (self->root) != NULL;
  guint place = had_focus ? get_focus_position (self)
                          : gtk_single_selection_get_selected (self->selection);

  if (!sl_entrant_list_model_refresh (self->model, &error))
    sl_add_error_toast (self->toast_overlay, _("Could not list the entrants"), error);
  if (selected == 0 || !sl_entrants_page_select_id (self, selected))
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  update_count (self);

  if (had_focus || (focus_set && gtk_root_get_focus (self->root) == NULL))
    focus_table (self, same_search && place != GTK_INVALID_LIST_POSITION ? place : 0);
}

static void
apply_filters (SlEntrantsPage *self)
{
  SlEntrantFilter filter;
  guint pos;

  if (self->updating)
    return;

  sl_entrant_filter_init (&filter);
  pos = gtk_drop_down_get_selected (self->race_dropdown);
  if (pos != GTK_INVALID_LIST_POSITION && pos > 0 && pos <= self->races->len)
    filter.race_id = ((SlRace *)g_ptr_array_index (self->races, pos - 1))->id;
  pos = gtk_drop_down_get_selected (self->wave_dropdown);
  if (pos != GTK_INVALID_LIST_POSITION && pos > 0 && pos <= self->waves->len)
    filter.wave_id = ((SlWave *)g_ptr_array_index (self->waves, pos - 1))->id;
  pos = gtk_drop_down_get_selected (self->status_dropdown);
  if (pos != GTK_INVALID_LIST_POSITION && pos > 0 && pos <= SL_N_STATUSES)
    filter.status = (int)pos - 1;
  pos = gtk_drop_down_get_selected (self->charity_dropdown);
  if (pos == 1)
    filter.charity_id = SL_ENTRANT_FILTER_NO_CHARITY;
  else if (pos != GTK_INVALID_LIST_POSITION && pos > 1 && pos <= self->charities->len + 1)
    filter.charity_id = ((SlCharity *)g_ptr_array_index (self->charities, pos - 2))->id;
  filter.text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  sl_entrant_list_model_set_filter (self->model, &filter);
  refresh (self, FALSE);
}

/* Fills a dropdown, keeping the chosen item when it is still there. */
static void
fill_dropdown (GtkDropDown  *dropdown,
               GtkStringList *list,
               gint64        *ids,
               gint64         keep_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint selected = 0;

  for (guint i = 0; ids != NULL && i < n; i++)
    if (keep_id != 0 && ids[i] == keep_id)
      selected = i;
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, selected);
}

static gint64
selected_id (GtkDropDown *dropdown,
             GPtrArray   *items,
             guint        skip)
{
  guint pos = gtk_drop_down_get_selected (dropdown);

  /* Every element type starts with its gint64 id. */
  if (items == NULL || pos == GTK_INVALID_LIST_POSITION || pos < skip || pos - skip >= items->len)
    return 0;
  return *(gint64 *)g_ptr_array_index (items, pos - skip);
}

static void
load_filters (SlEntrantsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) races = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) waves = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) charities = gtk_string_list_new (NULL);
  g_autofree gint64 *race_ids = NULL;
  g_autofree gint64 *wave_ids = NULL;
  g_autofree gint64 *charity_ids = NULL;
  gint64 race = selected_id (self->race_dropdown, self->races, 1);
  gint64 wave = selected_id (self->wave_dropdown, self->waves, 1);
  gint64 charity = selected_id (self->charity_dropdown, self->charities, 2);
  gboolean no_charity = gtk_drop_down_get_selected (self->charity_dropdown) == 1;

  g_clear_pointer (&self->races, g_ptr_array_unref);
  g_clear_pointer (&self->waves, g_ptr_array_unref);
  g_clear_pointer (&self->charities, g_ptr_array_unref);
  if (self->db != NULL
      && (!(self->races = sl_db_list_races (self->db, &error))
          || !(self->waves = sl_db_list_waves (self->db, 0, &error))
          || !(self->charities = sl_db_list_charities (self->db, &error))))
    sl_add_error_toast (self->toast_overlay, _("Could not read the races and charities"), error);
  if (self->races == NULL)
    self->races = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_race_free);
  if (self->waves == NULL)
    self->waves = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_wave_free);
  if (self->charities == NULL)
    self->charities = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_charity_free);

  race_ids = g_new0 (gint64, self->races->len + 1);
  gtk_string_list_append (races, _("All races"));
  for (guint i = 0; i < self->races->len; i++)
    {
      SlRace *r = g_ptr_array_index (self->races, i);

      race_ids[i + 1] = r->id;
      gtk_string_list_append (races, r->name);
    }

  wave_ids = g_new0 (gint64, self->waves->len + 1);
  gtk_string_list_append (waves, _("All waves"));
  for (guint i = 0; i < self->waves->len; i++)
    {
      SlWave *w = g_ptr_array_index (self->waves, i);

      wave_ids[i + 1] = w->id;
      gtk_string_list_append (waves, w->name);
    }

  charity_ids = g_new0 (gint64, self->charities->len + 2);
  gtk_string_list_append (charities, _("All charities"));
  gtk_string_list_append (charities, _("No charity"));
  for (guint i = 0; i < self->charities->len; i++)
    {
      SlCharity *c = g_ptr_array_index (self->charities, i);

      charity_ids[i + 2] = c->id;
      gtk_string_list_append (charities, c->name);
    }

  self->updating = TRUE;
  fill_dropdown (self->race_dropdown, races, race_ids, race);
  fill_dropdown (self->wave_dropdown, waves, wave_ids, wave);
  fill_dropdown (self->charity_dropdown, charities, charity_ids, charity);
  if (no_charity)
    gtk_drop_down_set_selected (self->charity_dropdown, 1);
  self->updating = FALSE;
}

void
sl_entrants_page_reload (SlEntrantsPage *self)
{
  g_return_if_fail (SL_IS_ENTRANTS_PAGE (self));

  load_filters (self);
  apply_filters (self);
}

SlDb *
sl_entrants_page_get_db (SlEntrantsPage *self)
{
  g_return_val_if_fail (SL_IS_ENTRANTS_PAGE (self), NULL);
  return self->db;
}

void
sl_entrants_page_set_db (SlEntrantsPage *self,
                         SlDb           *db)
{
  g_return_if_fail (SL_IS_ENTRANTS_PAGE (self));
  g_return_if_fail (db == NULL || SL_IS_DB (db));

  if (!g_set_object (&self->db, db))
    return;

  /* What was under way belongs to the other event. */
  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  set_busy (self, FALSE);
  g_clear_pointer (&self->writing, sl_entrant_free);
  self->undo_kind = UNDO_NONE;
  g_clear_pointer (&self->undo_record, sl_entrant_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrants.undo", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrants.add", db != NULL);
  sl_entrant_list_model_set_db (self->model, db);
  sl_entrants_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB]);
}

void
sl_entrants_page_add_toast (SlEntrantsPage *self,
                            AdwToast       *toast)
{
  g_return_if_fail (SL_IS_ENTRANTS_PAGE (self));
  sl_add_toast (self->toast_overlay, toast);
}

gboolean
sl_entrants_page_get_busy (SlEntrantsPage *self)
{
  g_return_val_if_fail (SL_IS_ENTRANTS_PAGE (self), FALSE);
  return self->busy;
}

GListModel *
sl_entrants_page_get_model (SlEntrantsPage *self)
{
  g_return_val_if_fail (SL_IS_ENTRANTS_PAGE (self), NULL);
  return G_LIST_MODEL (self->model);
}

static void
offer_undo (SlEntrantsPage *self,
            const char     *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "entrants.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrants.undo", TRUE);
  sl_add_toast (self->toast_overlay, toast);
}

static void
data_changed (SlEntrantsPage *self,
              gint64          select)
{
  refresh (self, TRUE);
  if (select > 0)
    sl_entrants_page_select_id (self, select);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
dialog_saved_cb (SlEntrantsPage  *self,
                 gint64           id,
                 const SlEntrant *before)
{
  g_autoptr(SlEntrant) after = sl_db_dup_entrant (self->db, id, NULL);
  g_autofree char *name = after != NULL ? sl_entrant_dup_full_name (after) : g_strdup ("");
  g_autofree char *message = NULL;

  data_changed (self, id);

  if (before == NULL)
    {
      /* Adding is not undone: an entrant is never deleted, only withdrawn. */
      message = g_strdup_printf (_("Added %s"), name);
      sl_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  g_clear_pointer (&self->undo_record, sl_entrant_free);
  self->undo_kind = UNDO_RECORD;
  self->undo_id = id;
  self->undo_record = sl_entrant_copy (before);
  message = g_strdup_printf (_("Saved changes to %s"), name);
  offer_undo (self, message);
}

static void
open_dialog (SlEntrantsPage *self,
             gint64          id)
{
  g_autoptr(GError) error = NULL;
  SlEntrantDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->db == NULL)
    return;

  dialog = sl_entrant_dialog_new (self->db, id, &error);
  if (dialog == NULL)
    {
      sl_add_error_toast (self->toast_overlay, _("Could not open the entrant"), error);
      return;
    }
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_dialog (SL_ENTRANTS_PAGE (widget), 0);
}

static void
edit_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlEntrantsPage *self = SL_ENTRANTS_PAGE (widget);
  gint64 id = sl_entrants_page_get_selected_id (self);

  if (id > 0)
    open_dialog (self, id);
}

static void
column_view_activate_cb (SlEntrantsPage *self,
                         guint           position)
{
  gtk_single_selection_set_selected (self->selection, position);
  edit_action_cb (GTK_WIDGET (self), NULL, NULL);
}

/* One write at a time: a second one while the first waits is refused,
 * never dropped in silence.
 */
static gboolean
begin_write (SlEntrantsPage *self)
{
  if (self->busy)
    {
      AdwToast *toast = adw_toast_new (_("Not done yet: the last change is still being saved. "
                                         "Try again once it is done."));

      /* Before the one that says the event is held, which stays. */
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      sl_add_toast (self->toast_overlay, toast);
      return FALSE;
    }
  set_busy (self, TRUE);
  return TRUE;
}

/* The result of the write under way, or NULL when it no longer concerns
 * the page (another event, or the page has gone); FALSE with error when
 * it was refused.
 */
static SlEntrantsPage *
end_write (gpointer       user_data,
           GObject       *source,
           GAsyncResult  *result,
           gboolean      *ok,
           GError       **error)
{
  SlEntrantsPage *self = user_data;

  *ok = sl_db_write_entrant_finish (SL_DB (source), result, NULL, error);
  if ((!*ok && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      || SL_DB (source) != self->db)
    return NULL;
  set_busy (self, FALSE);
  return self;
}

static void
withdraw_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlEntrantsPage) page = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) before = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  SlEntrantsPage *self;
  gboolean ok;

  if (!(self = end_write (page, source, result, &ok, &error)))
    return;
  before = g_steal_pointer (&self->writing);
  if (!ok)
    {
      sl_add_error_toast (self->toast_overlay, _("Could not withdraw the entrant"), error);
      return;
    }

  g_clear_pointer (&self->undo_record, sl_entrant_free);
  self->undo_kind = UNDO_STATUS;
  self->undo_id = before->id;
  self->undo_status = before->status;
  data_changed (self, before->id);

  name = sl_entrant_dup_full_name (before);
  message = g_strdup_printf (_("Withdrew %s (bib %s)"), name, before->bib);
  offer_undo (self, message);
}

static void
withdraw (SlEntrantsPage *self,
          gint64          id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) before = sl_db_dup_entrant (self->db, id, &error);

  if (before == NULL)
    {
      sl_add_error_toast (self->toast_overlay, _("Could not withdraw the entrant"), error);
      return;
    }
  if (!begin_write (self))
    return;
  g_clear_pointer (&self->writing, sl_entrant_free);
  self->writing = g_steal_pointer (&before);
  sl_db_set_entrant_status_async (self->db, id, SL_STATUS_WITHDRAWN, self->cancellable,
                                  withdraw_done_cb, g_object_ref (self));
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SlEntrantsPage   *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "entrant-id"));

  if (g_strcmp0 (response, "withdraw") == 0)
    withdraw (self, id);
}

/* What withdrawing entrant does, as the confirmation says it: their guide
 * and support runners lose their places too (London's rule), named.
 */
static char *
dup_withdraw_body (SlEntrantsPage   *self,
                   const SlEntrant  *entrant,
                   GError          **error)
{
  g_autoptr(GPtrArray) linked = sl_db_list_withdrawal_cascade (self->db, entrant->id, error);
  g_autoptr(GString) body = g_string_new (NULL);

  if (linked == NULL)
    return NULL;
  g_string_append_printf (body, _("Bib %s will be marked as withdrawn and cannot be checked in. "
                                  "Their status is now “%s”."),
                          entrant->bib, sl_status_to_label (entrant->status));
  for (guint i = 0; i < linked->len; i++)
    {
      const SlEntrant *runner = g_ptr_array_index (linked, i);
      g_autofree char *runner_name = sl_entrant_dup_full_name (runner);

      g_string_append (body, "\n\n");
      /* Translators: a guide or support runner, their bib. */
      g_string_append_printf (body, _("%s (bib %s) supports them and loses the place: "
                                      "they will be withdrawn too."),
                              runner_name, runner->bib);
    }
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static void
withdraw_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlEntrantsPage *self = SL_ENTRANTS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 id = sl_entrants_page_get_selected_id (self);
  GtkWidget *dialog;

  if (id <= 0)
    return;
  if (!(entrant = sl_db_dup_entrant (self->db, id, &error)))
    {
      sl_add_error_toast (self->toast_overlay, _("Could not withdraw the entrant"), error);
      return;
    }

  name = sl_entrant_dup_full_name (entrant);
  if (entrant->status == SL_STATUS_WITHDRAWN)
    {
      g_autofree char *message = g_strdup_printf (_("%s is already withdrawn"), name);

      sl_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  if (!(body = dup_withdraw_body (self, entrant, &error)))
    {
      sl_add_error_toast (self->toast_overlay, _("Could not withdraw the entrant"), error);
      return;
    }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Withdraw %s?"), name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "withdraw", _("_Withdraw"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "withdraw",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entrant-id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlEntrantsPage) page = user_data;
  g_autoptr(GError) error = NULL;
  SlEntrantsPage *self;
  gboolean ok;

  if (!(self = end_write (page, source, result, &ok, &error)))
    return;
  if (!ok)
    {
      sl_add_error_toast (self->toast_overlay, _("Could not undo"), error);
      return;
    }
  data_changed (self, self->undo_id);
  /* The toast's Undo button, if that had the focus, went with the toast:
   * the focus goes to the entrant.
   */
  if (self->root != NULL && gtk_root_get_focus (self->root) == NULL)
    focus_table (self, 0);
  sl_add_toast (self->toast_overlay, adw_toast_new (_("Undone")));
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlEntrantsPage *self = SL_ENTRANTS_PAGE (widget);

  if (self->undo_kind == UNDO_NONE || !begin_write (self))
    return;

  if (self->undo_kind == UNDO_STATUS)
    sl_db_set_entrant_status_async (self->db, self->undo_id, self->undo_status, self->cancellable,
                                    undo_done_cb, g_object_ref (self));
  else
    sl_db_save_entrant_async (self->db, self->undo_record, self->cancellable, undo_done_cb,
                              g_object_ref (self));

  /* Used up, whatever comes of it. */
  self->undo_kind = UNDO_NONE;
  g_clear_pointer (&self->undo_record, sl_entrant_free);
  gtk_widget_action_set_enabled (widget, "entrants.undo", FALSE);
}

static void
find_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (SL_ENTRANTS_PAGE (widget)->search_entry));
}

static void
selection_changed_cb (SlEntrantsPage *self)
{
  gboolean selected = sl_entrants_page_get_selected_id (self) > 0;
  guint position = gtk_single_selection_get_selected (self->selection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrants.edit", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrants.withdraw", selected);

  /* An entrant selected by a search, an edit or the window is scrolled
   * into view, and has the keyboard focus when the table has it, so that
   * what the actions act on is the row the focus is on.
   */
  if (position == GTK_INVALID_LIST_POSITION || self->list_view == NULL)
    return;
  if (!table_has_focus (self))
    gtk_widget_activate_action (self->list_view, "list.scroll-to-item", "u", position);
  else if (get_focus_position (self) != position)
    focus_row (self, position);
}

/* The row that gets the keyboard focus is the selected one, however it
 * got there (Ctrl+arrows move the focus alone in GTK's lists).
 */
static void
focus_widget_changed_cb (SlEntrantsPage *self)
{
  guint position;

  /* The window is moving it: move_focus_after_cb decides. */
  if (self->moving_focus)
    return;
  position = get_focus_position (self);
  if (position != GTK_INVALID_LIST_POSITION
      && position != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, position);
}

/* A column's sorter never orders rows (nothing sorts with it); asked by
 * the page, it says which column it belongs to.
 */
static int
probe_sort_cb (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SortProbe *probe = user_data;

  probe->page->probed = probe->sort;
  return GTK_ORDERING_SMALLER;
}

/* Shows the order of the rows on the sort button, "Sort: Last name" with
 * an arrow up or down, and in its name, which a screen reader says in
 * full: "Sort: Last name, ascending".
 */
static void
show_sort (SlEntrantsPage *self,
           SlEntrantSort   sort,
           gboolean        descending)
{
  const char *title = _(columns[find_column (sort)].title);
  gboolean column_changed = sort != self->sort;
  gboolean order_changed = descending != self->descending;
  g_autofree char *label = NULL;
  g_autofree char *name = NULL;

  self->sort = sort;
  self->descending = descending;

  /* Translators: the sort button, %s is a column ("Sort: Last name").
   * Alt and the letter after the underscore open its menu.
   */
  label = g_strdup_printf (_("_Sort: %s"), title);
  gtk_label_set_text_with_mnemonic (self->sort_label, label);
  gtk_image_set_from_icon_name (self->sort_icon,
                                descending ? "view-sort-descending-symbolic"
                                           : "view-sort-ascending-symbolic");
  if (descending)
    /* Translators: the sort button as a screen reader says it; %s is a column. */
    name = g_strdup_printf (_("Sort: %s, descending"), title);
  else
    /* Translators: the sort button as a screen reader says it; %s is a column. */
    name = g_strdup_printf (_("Sort: %s, ascending"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sort_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sort_toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  if (column_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_COLUMN]);
  if (order_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_ORDER]);
}

/* Sorts the column view by the column for sort, as a click on its header
 * would; the rows and the sort button follow its sorter (sorter_changed_cb).
 */
static void
set_sort (SlEntrantsPage *self,
          SlEntrantSort   sort,
          gboolean        descending)
{
  g_autoptr(GtkColumnViewColumn) column = NULL;

  if (sort == self->sort && descending == self->descending)
    return;
  column = g_list_model_get_item (gtk_column_view_get_columns (self->column_view),
                                  find_column (sort));

  /* GTK 4.8 redraws the heading of the new column only, and the old one
   * would keep its arrow; clearing the sort first takes it away. The rows
   * are listed once, in the new order.
   */
  self->resorting = TRUE;
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
  self->resorting = FALSE;
  gtk_column_view_sort_by_column (self->column_view, column,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

static void
sorter_changed_cb (SlEntrantsPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  SlEntrantSort sort = SL_ENTRANT_SORT_LAST_NAME;
  gboolean descending = FALSE;
  GtkOrdering order;

  if (self->resorting)
    return;

  /* The column view's sorter asks the leading column first and inverts
   * its answer for a descending sort; the first probe to answer names
   * the column. (Two distinct items: a sorter calls an item equal to
   * itself without asking anyone.)
   */
  self->probed = -1;
  order = gtk_sorter_compare (sorter, self->probe_items[0], self->probe_items[1]);
  if (self->probed >= 0)
    {
      sort = self->probed;
      descending = order == GTK_ORDERING_LARGER;
    }
  sl_entrant_list_model_set_sort (self->model, sort, descending);
  refresh (self, FALSE);
  show_sort (self, sort, descending);
}

/* Tab and Shift+Tab (the window's "move-focus") go on to the control after
 * or before the table, as they do from a GtkTreeView, instead of from row
 * to row through every entrant (GTK 4.8 has no tab-behavior; 4.12 does):
 * the table sits out while the window moves the focus. The arrows still
 * move between rows.
 */
static void
move_focus_cb (SlEntrantsPage   *self,
               GtkDirectionType  direction)
{
  self->moving_focus = TRUE;
  self->focus_was_in_table = sl_table_sit_out_tab (self->column_view, direction);
}

/* Coming into the table from another control, the keyboard lands on the
 * selected entrant; GTK 4.8's list would pick the row it last had, which
 * the selection may have left (out of view, even).
 */
static void
move_focus_after_cb (SlEntrantsPage   *self,
                     GtkDirectionType  direction)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  self->moving_focus = FALSE;
  gtk_widget_set_can_focus (GTK_WIDGET (self->column_view), TRUE);
  if (!self->focus_was_in_table && selected != GTK_INVALID_LIST_POSITION && table_has_focus (self))
    focus_row (self, selected);
  else
    focus_widget_changed_cb (self);
}

/* Delete withdraws the selected entrant from the table too: the search
 * field, which reads the keys typed there, took it to delete text.
 */
static gboolean
table_key_pressed_cb (SlEntrantsPage  *self,
                      guint            keyval,
                      guint            keycode,
                      GdkModifierType  state)
{
  if ((keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete)
      || (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;
  gtk_widget_activate_action (GTK_WIDGET (self), "entrants.withdraw", NULL);
  return GDK_EVENT_STOP;
}

static void
label_row (GtkListItem *list_item)
{
  SlEntrantItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  const SlEntrantRow *row;
  g_autofree char *label = NULL;

  /* A row bound before its cells are in it is named when mapped. */
  if (item == NULL || child == NULL)
    return;
  row = sl_entrant_item_get_row (item);
  /* Translators: a table row read aloud: name, bib and status. */
  label = g_strdup_printf (_("%s %s, bib %s, %s"), row->first_name, row->last_name,
                           row->bib, sl_status_to_label (row->status));
  sl_a11y_label_row (child, label);
}

/* A row's first binding can come before its cells are in it; by the time
 * it is mapped the row exists.
 */
static void
cell_mapped_cb (GtkWidget   *child,
                GtkListItem *list_item)
{
  label_row (list_item);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *cell = sl_table_cell_new (list_item, GPOINTER_TO_UINT (user_data) >> 8);

  if ((GPOINTER_TO_UINT (user_data) & 0xff) == SL_ENTRANT_SORT_BIB)
    g_signal_connect (cell, "map", G_CALLBACK (cell_mapped_cb), list_item);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  SlEntrantItem *item = gtk_list_item_get_item (list_item);
  SlEntrantSort sort = GPOINTER_TO_UINT (user_data) & 0xff;

  GtkWidget *child = gtk_list_item_get_child (list_item);
  const char *text = sl_entrant_item_get_column_text (item, sort);

  gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
  sl_a11y_label_cell (child, text);

  /* The row a screen reader lands on says who it is (once per row). */
  if (sort == SL_ENTRANT_SORT_BIB)
    label_row (list_item);
}

static void
add_columns (SlEntrantsPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      gpointer data = GUINT_TO_POINTER ((guint)columns[i].sort | ((guint)columns[i].chars << 8));

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), data);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), data);

      self->probes[columns[i].sort].page = self;
      self->probes[columns[i].sort].sort = columns[i].sort;
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_sort_cb, &self->probes[columns[i].sort],
                                                  NULL));

      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

static void
sl_entrants_page_root (GtkWidget *widget)
{
  SlEntrantsPage *self = SL_ENTRANTS_PAGE (widget);

  GTK_WIDGET_CLASS (sl_entrants_page_parent_class)->root (widget);
  self->root = sl_table_follow_focus (widget, G_CALLBACK (move_focus_cb),
                                      G_CALLBACK (move_focus_after_cb),
                                      G_CALLBACK (focus_widget_changed_cb));
}

static void
sl_entrants_page_unroot (GtkWidget *widget)
{
  SlEntrantsPage *self = SL_ENTRANTS_PAGE (widget);

  g_signal_handlers_disconnect_by_data (self->root, self);
  self->root = NULL;

  GTK_WIDGET_CLASS (sl_entrants_page_parent_class)->unroot (widget);
}

static void
sl_entrants_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlEntrantsPage *self = SL_ENTRANTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DB:
      g_value_set_object (value, self->db);
      break;
    case PROP_SORT_COLUMN:
      g_value_set_string (value, columns[find_column (self->sort)].key);
      break;
    case PROP_SORT_ORDER:
      g_value_set_string (value, self->descending ? "descending" : "ascending");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_entrants_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SlEntrantsPage *self = SL_ENTRANTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_DB:
      sl_entrants_page_set_db (self, g_value_get_object (value));
      break;
    case PROP_SORT_COLUMN:
      {
        const char *key = g_value_get_string (value);
        guint i;

        for (i = 0; i < G_N_ELEMENTS (columns); i++)
          if (g_strcmp0 (key, columns[i].key) == 0)
            break;
        g_return_if_fail (i < G_N_ELEMENTS (columns));
        set_sort (self, columns[i].sort, self->descending);
      }
      break;
    case PROP_SORT_ORDER:
      {
        const char *order = g_value_get_string (value);

        g_return_if_fail (g_strcmp0 (order, "ascending") == 0
                          || g_strcmp0 (order, "descending") == 0);
        set_sort (self, self->sort, g_str_equal (order, "descending"));
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_entrants_page_dispose (GObject *object)
{
  SlEntrantsPage *self = SL_ENTRANTS_PAGE (object);

  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  self->list_view = NULL;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->waiting_source, g_source_remove);
  g_clear_object (&self->waiting_toast);
  /* AdwBin unparents its child itself; let it before the template drops
   * its pointers.
   */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_ENTRANTS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->db);
  g_clear_object (&self->probe_items[0]);
  g_clear_object (&self->probe_items[1]);
  G_OBJECT_CLASS (sl_entrants_page_parent_class)->dispose (object);
}

static void
sl_entrants_page_finalize (GObject *object)
{
  SlEntrantsPage *self = SL_ENTRANTS_PAGE (object);

  g_clear_pointer (&self->races, g_ptr_array_unref);
  g_clear_pointer (&self->waves, g_ptr_array_unref);
  g_clear_pointer (&self->charities, g_ptr_array_unref);
  g_clear_pointer (&self->undo_record, sl_entrant_free);
  g_clear_pointer (&self->writing, sl_entrant_free);
  G_OBJECT_CLASS (sl_entrants_page_parent_class)->finalize (object);
}

static void
sl_entrants_page_class_init (SlEntrantsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_entrants_page_get_property;
  object_class->set_property = sl_entrants_page_set_property;
  object_class->dispose = sl_entrants_page_dispose;
  object_class->finalize = sl_entrants_page_finalize;
  widget_class->root = sl_entrants_page_root;
  widget_class->unroot = sl_entrants_page_unroot;

  properties[PROP_DB] = g_param_spec_object ("db", NULL, NULL, SL_TYPE_DB,
                                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                             | G_PARAM_STATIC_STRINGS);
  /* The column the rows are sorted by: "bib", "last-name", "first-name",
   * "race", "wave", "status", "charity" or "club".
   */
  properties[PROP_SORT_COLUMN] =
    g_param_spec_string ("sort-column", NULL, NULL, "last-name",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "ascending" or "descending". */
  properties[PROP_SORT_ORDER] =
    g_param_spec_string ("sort-order", NULL, NULL, "ascending",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-entrants-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, race_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, wave_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, charity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, sort_button);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, sort_icon);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, sort_label);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, table_stack);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, SlEntrantsPage, column_view);

  gtk_widget_class_install_action (widget_class, "entrants.add", NULL, add_action_cb);
  gtk_widget_class_install_action (widget_class, "entrants.edit", NULL, edit_action_cb);
  gtk_widget_class_install_action (widget_class, "entrants.withdraw", NULL, withdraw_action_cb);
  gtk_widget_class_install_action (widget_class, "entrants.undo", NULL, undo_action_cb);
  gtk_widget_class_install_action (widget_class, "entrants.find", NULL, find_action_cb);
  /* Stateful, for the radio items of the sort menu. */
  gtk_widget_class_install_property_action (widget_class, "entrants.sort-by", "sort-column");
  gtk_widget_class_install_property_action (widget_class, "entrants.sort-order", "sort-order");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "entrants.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "entrants.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "entrants.withdraw", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "entrants.withdraw", NULL);
}

static void
sl_entrants_page_init (SlEntrantsPage *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkColumnViewColumn) last_name = NULL;
  GtkEventController *keys;

  /* The default order, before the template's sort menu reads it. */
  self->sort = SL_ENTRANT_SORT_LAST_NAME;
  self->descending = FALSE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->probe_items[0] = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_items[1] = g_object_new (G_TYPE_OBJECT, NULL);
  self->model = sl_entrant_list_model_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_columns (self);
  sl_a11y_name_table (self->column_view, _("Entrants"));

  gtk_string_list_append (statuses, _("All statuses"));
  for (int i = 0; i < SL_N_STATUSES; i++)
    gtk_string_list_append (statuses, sl_status_to_label (i));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  load_filters (self);

  sl_a11y_name_headings (self->column_view);
  /* Its rows are in a list view of their own, which scrolls to a row. */
  self->list_view = sl_table_get_rows (self->column_view);
  g_assert (self->list_view != NULL);

  sl_table_ellipsize_filter (self->race_dropdown);
  sl_table_ellipsize_filter (self->wave_dropdown);
  sl_table_ellipsize_filter (self->status_dropdown);
  sl_table_ellipsize_filter (self->charity_dropdown);
  sl_a11y_name_drop_down (self->race_dropdown, _("Race filter"));
  sl_a11y_name_drop_down (self->wave_dropdown, _("Wave filter"));
  sl_a11y_name_drop_down (self->status_dropdown, _("Status filter"));
  sl_a11y_name_drop_down (self->charity_dropdown, _("Charity filter"));

  /* The keyboard focus goes to the toggle button inside the menu button,
   * which GTK 4.8 names after the menu button through a relation; a
   * screen reader is not told when that name changes, so the toggle
   * button is named itself (show_sort), and the relation would say the
   * name twice. It is styled as the buttons with an icon and a label.
   */
  self->sort_toggle = gtk_widget_get_first_child (GTK_WIDGET (self->sort_button));
  g_assert (GTK_IS_TOGGLE_BUTTON (self->sort_toggle));
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->sort_toggle),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_widget_add_css_class (self->sort_toggle, "image-text-button");
  /* Its menu says what it chooses (sl_a11y_fix_tree would name it by the
   * button's tooltip, a sentence).
   */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_menu_button_get_popover (self->sort_button)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sort order"), -1);

  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (apply_filters), self);
  g_signal_connect_swapped (self->race_dropdown, "notify::selected",
                            G_CALLBACK (apply_filters), self);
  g_signal_connect_swapped (self->wave_dropdown, "notify::selected",
                            G_CALLBACK (apply_filters), self);
  g_signal_connect_swapped (self->status_dropdown, "notify::selected",
                            G_CALLBACK (apply_filters), self);
  g_signal_connect_swapped (self->charity_dropdown, "notify::selected",
                            G_CALLBACK (apply_filters), self);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->column_view, "activate",
                            G_CALLBACK (column_view_activate_cb), self);
  g_signal_connect_swapped (gtk_column_view_get_sorter (self->column_view), "changed",
                            G_CALLBACK (sorter_changed_cb), self);
  /* Typing while the table has focus searches; the page's own keys come
   * first (the widget's controllers run in the order they were added).
   */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (table_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  last_name = g_list_model_get_item (gtk_column_view_get_columns (self->column_view),
                                     find_column (SL_ENTRANT_SORT_LAST_NAME));
  gtk_column_view_sort_by_column (self->column_view, last_name, GTK_SORT_ASCENDING);
  selection_changed_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrants.undo", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entrants.add", FALSE);
}

GtkWidget *
sl_entrants_page_new (SlDb *db)
{
  g_return_val_if_fail (db == NULL || SL_IS_DB (db), NULL);

  return g_object_new (SL_TYPE_ENTRANTS_PAGE, "db", db, NULL);
}
