/* sl-accessibility-page.c — the accessibility officer's page
 *
 * Three views over the event's needs: every need (in name order), the
 * outstanding ones (requested or waiting for information, oldest first),
 * and a summary of counts by type × status and by start area, which is
 * what the planning meeting asks for. The two lists share one table and
 * its filters (type, status, race, start area, marker, and a search of
 * names and bibs); the needs service filters and orders them in the store
 * (sl_db_list_needs), a few hundred to 1,500 of them, and the table makes
 * rows only for what is in view. No detail is ever read here: a need's
 * detail is shown only in the need editor, when the officer asks.
 *
 * Enter (or a double click) on a row opens the need editor; "Entrant…"
 * shows everything about the selected row's entrant (needs, people
 * linked, markers). Writes happen there, through the async calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-accessibility-page.h"
#include "sl-allocation-dialog.h"
#include "sl-entrant-needs-dialog.h"
#include "sl-event.h"
#include "sl-need-editor.h"
#include "sl-need-item.h"
#include "sl-need-type-dialog.h"
#include "sl-needs-summary.h"
#include "sl-needs.h"
#include "sl-session.h"
#include "sl-table.h"
#include "sl-widgets.h"

struct _SlAccessibilityPage
{
  AdwBin               parent_instance;

  SlDb                *db;
  char                *view;          /* "all", "outstanding" or "summary" */
  GListStore          *needs;         /* SlNeedItem: the needs shown, then blanks */
  guint                n_shown;       /* how many of them are needs */
  GPtrArray           *all_needs;     /* SlNeed: every need, name order, kept (list_needs) */
  GPtrArray           *stale;         /* SlNeedItem: new needs not yet shown (set_needs) */
  guint                flush_id;      /* shows them when idle */
  GtkSliceListModel   *shown;         /* the needs only */
  GtkSingleSelection  *selection;
  GPtrArray           *types;         /* SlNeedType, drop-down order after "all" */
  GPtrArray           *races;         /* SlRace, likewise */
  GPtrArray           *areas;         /* char *, likewise */
  gboolean             updating;      /* filling drop-downs: ignore their signals */
  gboolean             has_needs;     /* the event has any need at all */
  SlNeedsSummary      *summary;

  AdwToastOverlay     *toast_overlay;
  GtkWidget           *all_button;
  GtkWidget           *outstanding_button;
  GtkWidget           *summary_button;
  GtkWidget           *open_button;
  GtkWidget           *entrant_button;
  GtkWidget           *new_type_button;
  GtkWidget           *allocate_button;
  GtkWidget           *edit_type_button;
  GtkWidget           *filter_box;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *type_dropdown;
  GtkDropDown         *status_dropdown;
  GtkDropDown         *race_dropdown;
  GtkDropDown         *area_dropdown;
  GtkDropDown         *marker_dropdown;
  GtkStack            *content_stack;
  AdwStatusPage       *no_results_page;
  GtkColumnView       *column_view;
  GtkWidget           *list_view;     /* the column view's rows */
  GtkColumnView       *by_type_view;
  GtkColumnView       *by_area_view;
  GtkLabel            *count_label;

  GtkRoot             *root;          /* watched for Tab out of the table */
  gboolean             focus_was_in_table;
};

G_DEFINE_FINAL_TYPE (SlAccessibilityPage, sl_accessibility_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  SlNeedColumn  column;
  const char   *title;
  int           chars;
  gboolean      expand;
} columns[] = {
  { SL_NEED_COLUMN_BIB, N_("Bib"), 6, FALSE },
  { SL_NEED_COLUMN_NAME, N_("Name"), 16, TRUE },
  { SL_NEED_COLUMN_TYPE, N_("Type"), 16, TRUE },
  { SL_NEED_COLUMN_STATUS, N_("Status"), 18, FALSE },
  { SL_NEED_COLUMN_RACE, N_("Race"), 12, FALSE },
  { SL_NEED_COLUMN_START_AREA, N_("Start area"), 6, FALSE },
  { SL_NEED_COLUMN_MARKERS, N_("Markers"), 12, TRUE },
  { SL_NEED_COLUMN_UPDATED, N_("Updated"), 17, FALSE },
};

/* The drop-down's choice as an index into its array (after "all"), -1 for all. */
static int
selected_index (GtkDropDown *drop_down)
{
  guint pos = gtk_drop_down_get_selected (drop_down);

  return pos == GTK_INVALID_LIST_POSITION || pos == 0 ? -1 : (int)pos - 1;
}

/* Only an officer may list needs; for anyone else the page (hidden then,
 * see sl_window_update_pages) reads nothing and says nothing.
 */
static gboolean
may_read (SlAccessibilityPage *self)
{
  return self->db != NULL && sl_roles_allow (sl_db_get_roles (self->db), SL_ACTION_MANAGE_NEEDS);
}

static gboolean
is_summary (SlAccessibilityPage *self)
{
  return g_strcmp0 (self->view, "summary") == 0;
}

static void
update_count (SlAccessibilityPage *self)
{
  guint shown = self->n_shown;
  g_autofree char *text = NULL;
  const char *child;

  if (is_summary (self))
    {
      guint total = self->summary != NULL ? self->summary->total : 0;

      /* Translators: under the summary tables. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u need in all", "%'u needs in all",
                                           total), total);
      child = self->has_needs ? "summary" : "empty";
    }
  else
    {
      if (g_strcmp0 (self->view, "outstanding") == 0)
        /* Translators: the count under the outstanding view. */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u outstanding need, oldest first",
                                             "%'u outstanding needs, oldest first", shown), shown);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u need", "%'u needs", shown),
                                shown);
      child = !self->has_needs ? "empty" : shown == 0 ? "no-results" : "table";
    }
  gtk_label_set_text (self->count_label, text);
  /* Allocation is for the needs listed: none listed, none to book. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accessibility.allocate",
                                 !is_summary (self) && shown > 0 && self->db != NULL
                                 && sl_roles_allow (sl_db_get_roles (self->db),
                                                    SL_ACTION_MANAGE_FACILITIES));
  if (g_str_equal (child, "no-results"))
    adw_status_page_set_title (self->no_results_page,
                               g_strcmp0 (self->view, "outstanding") == 0
                               ? _("Nothing Outstanding") : _("No Matching Needs"));
  gtk_stack_set_visible_child_name (self->content_stack, child);
}

/* ---- The summary ------------------------------------------------------ */

/* The row of a summary table at position: its rows, then the totals. */
static const SlNeedsSummaryRow *
summary_row (SlAccessibilityPage *self,
             GtkColumnView       *view,
             guint                position,
             SlNeedsSummaryRow   *totals)
{
  GPtrArray *rows;

  if (self->summary == NULL)
    return NULL;
  rows = view == self->by_type_view ? self->summary->by_type : self->summary->by_area;
  if (position < rows->len)
    return g_ptr_array_index (rows, position);
  memcpy (totals->counts, self->summary->totals, sizeof totals->counts);
  totals->total = self->summary->total;
  totals->label = (char *)_("All needs");
  return totals;
}

static void
setup_summary_cell_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  int column = GPOINTER_TO_INT (user_data);

  gtk_label_set_xalign (GTK_LABEL (label), column < 0 ? 0.0 : 1.0);
  if (column >= 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_summary_cell_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  GtkColumnView *view = g_object_get_data (G_OBJECT (factory), "view");
  SlAccessibilityPage *self = g_object_get_data (G_OBJECT (factory), "page");
  int column = GPOINTER_TO_INT (user_data);
  SlNeedsSummaryRow totals = { 0 };
  const SlNeedsSummaryRow *row = summary_row (self, view, gtk_list_item_get_position (list_item),
                                              &totals);
  g_autofree char *text = NULL;

  if (row == NULL)
    return;
  if (column < 0)
    text = g_strdup (row->label);
  else
    text = g_strdup_printf ("%'u", column < SL_N_NEED_STATUSES ? row->counts[column] : row->total);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_opacity (label, column >= 0 && g_str_equal (text, "0") ? 0.55 : 1.0);
  sl_a11y_label_cell (label, text);

  if (column < 0)
    {
      GString *said = g_string_new (row->label);

      /* Translators: a summary row read aloud: "Guide runner: 5 needs". */
      g_string_append_printf (said, g_dngettext (GETTEXT_PACKAGE, ": %'u need", ": %'u needs",
                                                 row->total), row->total);
      for (int s = 0; s < SL_N_NEED_STATUSES; s++)
        if (row->counts[s] > 0)
          g_string_append_printf (said, ", %'u %s", row->counts[s], sl_need_status_to_label (s));
      sl_a11y_label_row (label, said->str);
      g_string_free (said, TRUE);
    }
  if (row == &totals)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

static void
add_summary_columns (SlAccessibilityPage *self,
                     GtkColumnView       *view,
                     const char          *first_title)
{
  for (int c = -1; c <= SL_N_NEED_STATUSES; c++)
    {
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      const char *title = c < 0 ? first_title
                          : c < SL_N_NEED_STATUSES ? sl_need_status_to_label (c) : _("Total");

      g_object_set_data (G_OBJECT (factory), "view", view);
      g_object_set_data (G_OBJECT (factory), "page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_summary_cell_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_summary_cell_cb), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_expand (column, c < 0);
      gtk_column_view_append_column (view, column);
    }
}

static void
set_summary_model (GtkColumnView *view,
                   GPtrArray     *rows)
{
  g_autoptr(GtkStringList) keys = gtk_string_list_new (NULL);
  GtkNoSelection *selection;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    gtk_string_list_append (keys, ((SlNeedsSummaryRow *)g_ptr_array_index (rows, i))->key);
  if (rows != NULL)
    gtk_string_list_append (keys, "");   /* the totals */
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&keys)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

static gboolean
same_row (const SlNeedsSummaryRow *a,
          const SlNeedsSummaryRow *b)
{
  return g_str_equal (a->key, b->key) && g_str_equal (a->label, b->label)
         && a->total == b->total && memcmp (a->counts, b->counts, sizeof a->counts) == 0;
}

/* Gives a summary table the rows of the new summary, when it has the same
 * keys as the old one by replacing only the items of the rows that
 * changed (and the totals), so GTK binds only those again: coming back to
 * an unchanged summary binds nothing.
 */
static void
update_summary_model (GtkColumnView  *view,
                      GPtrArray      *old_rows,
                      GPtrArray      *rows,
                      gboolean        totals_changed)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (view);
  GListModel *keys = selection != NULL ? gtk_no_selection_get_model (GTK_NO_SELECTION (selection))
                                       : NULL;

  if (old_rows == NULL || keys == NULL || old_rows->len != rows->len
      || g_list_model_get_n_items (keys) != rows->len + 1)
    {
      set_summary_model (view, rows);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    if (!g_str_equal (((SlNeedsSummaryRow *)rows->pdata[i])->key,
                      ((SlNeedsSummaryRow *)old_rows->pdata[i])->key))
      {
        set_summary_model (view, rows);
        return;
      }
  for (guint i = 0; i <= rows->len; i++)
    {
      const char *key = i < rows->len ? ((SlNeedsSummaryRow *)rows->pdata[i])->key : "";
      const char * const replacement[] = { key, NULL };

      if (i < rows->len ? !same_row (rows->pdata[i], old_rows->pdata[i]) : totals_changed)
        gtk_string_list_splice (GTK_STRING_LIST (keys), i, 1, replacement);
    }
}

static void
load_summary (SlAccessibilityPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlNeedsSummary) old = NULL;
  gboolean totals_changed;

  if (may_read (self))
    {
      SlNeedsSummary *summary = sl_db_dup_needs_summary (self->db, &error);

      if (summary != NULL)
        {
          old = g_steal_pointer (&self->summary);
          self->summary = summary;
          totals_changed = old == NULL || old->total != summary->total
                           || memcmp (old->totals, summary->totals, sizeof old->totals) != 0;
          /* The rows bound read self->summary: the new one, as it counts. */
          update_summary_model (self->by_type_view, old != NULL ? old->by_type : NULL,
                                summary->by_type, totals_changed);
          update_summary_model (self->by_area_view, old != NULL ? old->by_area : NULL,
                                summary->by_area, totals_changed);
          return;
        }
      sl_add_error_toast (self->toast_overlay, _("Could not count the needs"), error);
    }
  /* The models go first: their rows read the summary. */
  set_summary_model (self->by_type_view, NULL);
  set_summary_model (self->by_area_view, NULL);
  g_clear_pointer (&self->summary, sl_needs_summary_free);
}

/* ---- The list ------------------------------------------------------- */

static void selection_changed_cb (SlAccessibilityPage *self);
static const SlNeedType *chosen_type (SlAccessibilityPage *self);

/* GTK 4.8's list view keeps a row for each of the ~200 items around its
 * place (GTK_LIST_VIEW_MAX_LIST_ITEMS) and destroys the others: a filter
 * that left 31 needs of 1,500 destroyed 174 rows of 8 cells (25 ms) and
 * going back made them again (65 ms).
 */
#define KEPT_ROWS 200

/* The rows in view, or that will be: from the first row in view (the
 * one a need to select is in, when it is listed), as many as the table's
 * height holds at the smallest row height seen, and a few more. GTK 4.8's
 * column view puts each cell (made by sl_table_cell_new: a row tells its
 * position) in its row, in the list view.
 */
static void
get_rows_in_view (SlAccessibilityPage *self,
                  int                  focus,
                  guint               *first,
                  guint               *n)
{
  int height = self->list_view != NULL ? gtk_widget_get_height (self->list_view) : 0;
  int row_height = 0;
  guint top = G_MAXUINT;

  for (GtkWidget *row = self->list_view != NULL ? gtk_widget_get_first_child (self->list_view)
                                                : NULL;
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      guint position = sl_table_row_position (row);
      graphene_point_t at;
      int h = gtk_widget_get_height (row);

      if (position == GTK_INVALID_LIST_POSITION || !gtk_widget_get_visible (row) || h <= 0
          || !gtk_widget_compute_point (row, self->list_view, &GRAPHENE_POINT_INIT (0, 0), &at)
          || at.y + h <= 0 || at.y >= height)
        continue;
      top = MIN (top, position);
      row_height = row_height == 0 ? h : MIN (row_height, h);
    }
  if (row_height == 0)
    row_height = 24;
  *n = (guint)(MAX (height, 600) / row_height) + 8;
  if (focus >= 0)
    *first = (guint)focus > *n / 2 ? (guint)focus - *n / 2 : 0;
  else
    *first = top != G_MAXUINT ? top : 0;
}

/* Shows the new needs of the rows not in view, a few rows at a time. */
static gboolean
flush_stale_cb (gpointer data)
{
  SlAccessibilityPage *self = data;
  guint shown = 0;

  while (self->stale->len > 0 && shown < 40)
    {
      g_autoptr(SlNeedItem) item = g_ptr_array_steal_index (self->stale, self->stale->len - 1);

      shown += sl_need_item_flush (item);
    }
  if (self->stale->len > 0)
    return G_SOURCE_CONTINUE;
  self->flush_id = 0;
  return G_SOURCE_REMOVE;
}

/* The table keeps its items: the first ones get the new needs (their rows,
 * if shown, show them: bind_cell_cb follows "changed"), the ones after
 * are emptied and their rows hidden (show_cell) down to KEPT_ROWS, and
 * only the rest are added or removed, in one splice. GTK 4.8's column
 * view makes new rows for every replaced item and destroys the rows of
 * items removed. The items share the needs in owner (no copies), and only
 * the rows in view show their new need at once: going back to every need
 * put new needs in 200 bound rows, most of them out of view, and showing
 * them was most of the time; the others follow when idle (flush_stale_cb).
 * focus is the position of the need to be selected, or -1.
 */
static void
set_needs (SlAccessibilityPage *self,
           GPtrArray           *needs,
           GPtrArray           *owner,
           int                  focus)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->needs));
  guint n_new = needs != NULL ? needs->len : 0;
  guint n_items = MAX (n_new, MIN (n_old, KEPT_ROWS));
  guint first, n_view;

  get_rows_in_view (self, focus, &first, &n_view);
  for (guint i = 0; i < MIN (n_old, n_items); i++)
    {
      g_autoptr(SlNeedItem) item = g_list_model_get_item (G_LIST_MODEL (self->needs), i);
      gboolean in_view = i >= first && i - first < n_view;

      if (i >= n_new)
        sl_need_item_clear (item);
      else
        {
          sl_need_item_set_shared (item, owner, needs->pdata[i], in_view);
          if (!in_view)
            g_ptr_array_add (self->stale, g_object_ref (item));
        }
    }
  if (self->stale->len > 0 && self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, flush_stale_cb, self, NULL);
  self->n_shown = n_new;
  if (n_items > n_old)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_full (n_items - n_old, g_object_unref);

      for (guint i = n_old; i < n_items; i++)
        g_ptr_array_add (items, sl_need_item_new_shared (owner, needs->pdata[i]));
      g_list_store_splice (self->needs, n_old, 0, items->pdata, items->len);
    }
  else if (n_items < n_old)
    g_list_store_splice (self->needs, n_items, n_old - n_items, NULL, 0);
  gtk_slice_list_model_set_size (self->shown, n_new);
}

/* ---- Every need, kept ------------------------------------------------ */

/* Another connection wrote (sl_db_poll_changes): the needs kept may be old. */
static void
db_changed_cb (SlAccessibilityPage *self)
{
  g_clear_pointer (&self->all_needs, g_ptr_array_unref);
}

/* Whether the need passes the filter's type, status, start area and
 * marker, as the store's statement compares them (its code, its status,
 * its entrant's wave's start area, its entrant's markers).
 */
static gboolean
kept_need_matches (const SlNeed       *need,
                   const SlNeedFilter *filter)
{
  const char *type = filter->type_code;
  const char *area = filter->start_area;

  return (type == NULL || *type == '\0' || g_strcmp0 (need->type_code, type) == 0)
         && (filter->status < 0 || filter->status >= SL_N_NEED_STATUSES
             || (int)need->status == filter->status)
         && (area == NULL || *area == '\0' || g_strcmp0 (need->start_area, area) == 0)
         && (filter->marker < 0 || filter->marker >= SL_N_MARKERS
             || (need->markers & (1u << filter->marker)) != 0);
}

/* The needs the filter lists (borrowed from *owner, which the caller
 * unrefs). Every need (in name order) is read once and
 * kept until the event changes: going back to every need read the same
 * 1,500 needs each time (6 ms). The page never writes on its own
 * connection (its writes go through the writer's), so the store's data
 * version tells when another connection changed the event: the poll
 * emits "changed" (db_changed_cb) and they are read again. A type,
 * status, start area or marker picks from them, in the same order; a
 * race, the search and the outstanding view ask the store. The items
 * share the needs with the list kept (sl_need_item_new_shared): copying
 * 1,500 of them took 1.5 ms of every filter.
 */
static GPtrArray *
list_needs (SlAccessibilityPage *self,
            const SlNeedFilter  *filter,
            GPtrArray          **owner,
            GError             **error)
{
  g_autoptr(GError) poll_error = NULL;
  SlNeedFilter everything = SL_NEED_FILTER_INIT;
  GPtrArray *needs;

  *owner = NULL;
  if (filter->race_id > 0 || filter->text != NULL || filter->outstanding
      || filter->entrant_id > 0 || filter->limit > 0)
    {
      if ((needs = sl_db_list_needs (self->db, filter, error)) != NULL)
        *owner = g_ptr_array_ref (needs);
      return needs;
    }
  /* Before the read: a write after the poll is seen by the next one. */
  sl_db_poll_changes (self->db, &poll_error);
  if (poll_error != NULL)
    g_clear_pointer (&self->all_needs, g_ptr_array_unref);
  if (self->all_needs == NULL
      && (self->all_needs = sl_db_list_needs (self->db, &everything, error)) == NULL)
    return NULL;
  needs = g_ptr_array_sized_new (self->all_needs->len);
  for (guint i = 0; i < self->all_needs->len; i++)
    if (kept_need_matches (self->all_needs->pdata[i], filter))
      g_ptr_array_add (needs, self->all_needs->pdata[i]);
  *owner = g_ptr_array_ref (self->all_needs);
  return needs;
}

/* The list's filter as the drop-downs, the search and the view set it
 * (its strings borrowed from the page).
 */
static void
get_filter (SlAccessibilityPage *self,
            SlNeedFilter        *filter)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  int i;

  *filter = (SlNeedFilter)SL_NEED_FILTER_INIT;
  if ((i = selected_index (self->type_dropdown)) >= 0 && i < (int)self->types->len)
    filter->type_code = ((SlNeedType *)g_ptr_array_index (self->types, i))->code;
  filter->status = selected_index (self->status_dropdown);
  if ((i = selected_index (self->race_dropdown)) >= 0 && i < (int)self->races->len)
    filter->race_id = ((SlRace *)g_ptr_array_index (self->races, i))->id;
  if ((i = selected_index (self->area_dropdown)) >= 0 && i < (int)self->areas->len)
    filter->start_area = g_ptr_array_index (self->areas, i);
  filter->marker = selected_index (self->marker_dropdown);
  filter->text = *text != '\0' ? text : NULL;
  filter->outstanding = g_strcmp0 (self->view, "outstanding") == 0;
}

static void
refresh (SlAccessibilityPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) needs = NULL;
  g_autoptr(GPtrArray) owner = NULL;
  g_autoptr(GPtrArray) all = NULL;
  int focus = -1;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  SlNeedFilter everything = SL_NEED_FILTER_INIT;
  gint64 selected = sl_accessibility_page_get_selected_need (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accessibility.edit-type",
                                 may_read (self) && chosen_type (self) != NULL);
  /* The summary hides the table and counts every need itself. */
  if (may_read (self) && !is_summary (self))
    {
      get_filter (self, &filter);
      needs = list_needs (self, &filter, &owner, &error);
      if (needs == NULL)
        sl_add_error_toast (self->toast_overlay, _("Could not read the needs"), error);
      /* Whether the event has any need, for the empty state: one is
       * enough (reading every need again took 8 ms of a race's filter).
       */
      everything.limit = 1;
      self->has_needs = needs != NULL && needs->len > 0;
      if (needs != NULL && !self->has_needs
          && (all = sl_db_list_needs (self->db, &everything, NULL)) != NULL)
        self->has_needs = all->len > 0;
    }
  else if (!may_read (self))
    {
      self->has_needs = FALSE;
      g_clear_pointer (&self->all_needs, g_ptr_array_unref);
    }

  if (!is_summary (self) || !may_read (self))
    {
      for (guint i = 0; selected > 0 && needs != NULL && i < needs->len && focus < 0; i++)
        if (((SlNeed *)needs->pdata[i])->id == selected)
          focus = (int)i;
      set_needs (self, needs, owner, focus);
      /* The same need stays selected, wherever it is now. */
      if (selected <= 0 || !sl_accessibility_page_select_need (self, selected))
        gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      selection_changed_cb (self);
    }
  /* Signed out, the counts go as well. */
  if (is_summary (self) || !may_read (self))
    load_summary (self);
  if (is_summary (self) && may_read (self))
    self->has_needs = self->summary != NULL && self->summary->total > 0;
  update_count (self);
}

static void
filters_changed_cb (SlAccessibilityPage *self)
{
  if (!self->updating)
    refresh (self);
}

/* Fills a drop-down with "all" and the choices, keeping the one chosen
 * when it is still there.
 */
static void
fill_drop_down (GtkDropDown        *drop_down,
                const char         *all,
                const char * const *choices,
                guint               n_choices)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkStringObject *old = gtk_drop_down_get_selected_item (drop_down);
  g_autofree char *was = old != NULL ? g_strdup (gtk_string_object_get_string (old)) : NULL;
  guint keep = 0;

  gtk_string_list_append (list, all);
  for (guint i = 0; i < n_choices; i++)
    {
      gtk_string_list_append (list, choices[i]);
      if (g_strcmp0 (was, choices[i]) == 0)
        keep = i + 1;
    }
  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (drop_down, keep);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(char * const *)a, *(char * const *)b);
}

static void
load_filters (SlAccessibilityPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waves = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const SlNeedType *chosen = self->types != NULL ? chosen_type (self) : NULL;
  /* A type is kept by its code: its label may have been edited. */
  g_autofree char *chosen_code = chosen != NULL ? g_strdup (chosen->code) : NULL;

  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_clear_pointer (&self->races, g_ptr_array_unref);
  g_clear_pointer (&self->areas, g_ptr_array_unref);
  if (self->db != NULL
      && (!(self->types = sl_db_list_need_types (self->db, &error))
          || !(self->races = sl_db_list_races (self->db, &error))
          || !(waves = sl_db_list_waves (self->db, 0, &error))))
    sl_add_error_toast (self->toast_overlay,
                        _("Could not read the need types, races and start areas"), error);
  if (self->types == NULL)
    self->types = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_need_type_free);
  if (self->races == NULL)
    self->races = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_race_free);
  self->areas = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; waves != NULL && i < waves->len; i++)
    {
      SlWave *wave = g_ptr_array_index (waves, i);

      if (wave->start_area != NULL && !g_hash_table_contains (seen, wave->start_area))
        {
          g_hash_table_add (seen, wave->start_area);
          g_ptr_array_add (self->areas, g_strdup (wave->start_area));
        }
    }
  g_ptr_array_sort (self->areas, compare_strings);

  self->updating = TRUE;
  for (guint i = 0; i < self->types->len; i++)
    g_ptr_array_add (labels, ((SlNeedType *)g_ptr_array_index (self->types, i))->label);
  fill_drop_down (self->type_dropdown, _("All types"), (const char * const *)labels->pdata,
                  labels->len);
  for (guint i = 0; chosen_code != NULL && i < self->types->len; i++)
    if (g_str_equal (((SlNeedType *)g_ptr_array_index (self->types, i))->code, chosen_code))
      gtk_drop_down_set_selected (self->type_dropdown, i + 1);
  g_ptr_array_set_size (labels, 0);
  for (guint i = 0; i < self->races->len; i++)
    g_ptr_array_add (labels, ((SlRace *)g_ptr_array_index (self->races, i))->name);
  fill_drop_down (self->race_dropdown, _("All races"), (const char * const *)labels->pdata,
                  labels->len);
  fill_drop_down (self->area_dropdown, _("All start areas"),
                  (const char * const *)self->areas->pdata, self->areas->len);
  self->updating = FALSE;
}

void
sl_accessibility_page_reload (SlAccessibilityPage *self)
{
  g_return_if_fail (SL_IS_ACCESSIBILITY_PAGE (self));

  g_clear_pointer (&self->all_needs, g_ptr_array_unref);
  load_filters (self);
  refresh (self);
}

void
sl_accessibility_page_set_db (SlAccessibilityPage *self,
                              SlDb                *db)
{
  g_return_if_fail (SL_IS_ACCESSIBILITY_PAGE (self));
  g_return_if_fail (db == NULL || SL_IS_DB (db));

  if (self->db == db)
    return;
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_func (self->db, db_changed_cb, self);
  g_set_object (&self->db, db);
  if (db != NULL)
    g_signal_connect_object (db, "changed", G_CALLBACK (db_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  sl_accessibility_page_reload (self);
}

GListModel *
sl_accessibility_page_get_needs (SlAccessibilityPage *self)
{
  g_return_val_if_fail (SL_IS_ACCESSIBILITY_PAGE (self), NULL);
  return G_LIST_MODEL (self->shown);
}

gint64
sl_accessibility_page_get_selected_need (SlAccessibilityPage *self)
{
  SlNeedItem *item;

  g_return_val_if_fail (SL_IS_ACCESSIBILITY_PAGE (self), 0);

  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL && !sl_need_item_is_blank (item) ? sl_need_item_get_need (item)->id : 0;
}

gboolean
sl_accessibility_page_select_need (SlAccessibilityPage *self,
                                   gint64               need_id)
{
  guint n;

  g_return_val_if_fail (SL_IS_ACCESSIBILITY_PAGE (self), FALSE);

  n = self->n_shown;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlNeedItem) item = g_list_model_get_item (G_LIST_MODEL (self->needs), i);

      if (sl_need_item_get_need (item)->id == need_id)
        {
          /* The rows about to be scrolled to show their needs now. */
          for (guint j = i > 40 ? i - 40 : 0; j < MIN (n, i + 40); j++)
            {
              g_autoptr(SlNeedItem) near = g_list_model_get_item (G_LIST_MODEL (self->needs), j);

              sl_need_item_flush (near);
            }
          gtk_single_selection_set_selected (self->selection, i);
          if (self->list_view != NULL)
            gtk_widget_activate_action (self->list_view, "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- Opening a need or an entrant ------------------------------------ */

static void
need_saved_cb (SlAccessibilityPage *self,
               gint64               need_id)
{
  g_clear_pointer (&self->all_needs, g_ptr_array_unref);
  refresh (self);
  sl_accessibility_page_select_need (self, need_id);
}

static void
open_need (SlAccessibilityPage *self,
           gint64               need_id)
{
  g_autoptr(GError) error = NULL;
  SlNeedEditor *editor;

  if (self->db == NULL || need_id <= 0)
    return;
  editor = sl_need_editor_new (self->db, need_id, &error);
  if (editor == NULL)
    {
      sl_add_error_toast (self->toast_overlay, _("Could not open the need"), error);
      return;
    }
  g_signal_connect_object (editor, "saved", G_CALLBACK (need_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (editor),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
open_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (widget);

  open_need (self, sl_accessibility_page_get_selected_need (self));
}

static void
entrant_changed_cb (SlAccessibilityPage *self)
{
  g_clear_pointer (&self->all_needs, g_ptr_array_unref);
  refresh (self);
}

static void
entrant_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (widget);
  SlNeedItem *item = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr(GError) error = NULL;
  SlEntrantNeedsDialog *dialog;

  if (self->db == NULL || item == NULL || sl_need_item_is_blank (item))
    return;
  dialog = sl_entrant_needs_dialog_new (self->db, sl_need_item_get_need (item)->entrant_id,
                                        &error);
  if (dialog == NULL)
    {
      sl_add_error_toast (self->toast_overlay, _("Could not open the entrant"), error);
      return;
    }
  g_signal_connect_object (dialog, "changed", G_CALLBACK (entrant_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
type_added_cb (SlAccessibilityPage *self,
               gint64               type_id)
{
  /* The type filter offers the new type; the filters chosen stay. */
  sl_accessibility_page_reload (self);
}

static void
new_type_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (widget);
  SlNeedTypeDialog *dialog;

  if (self->db == NULL)
    return;
  dialog = sl_need_type_dialog_present (GTK_WINDOW (gtk_widget_get_root (widget)), self->db);
  g_signal_connect_object (dialog, "added", G_CALLBACK (type_added_cb), self,
                           G_CONNECT_SWAPPED);
}

/* What the list's filters say, for the allocation dialog: "Approved ·
 * Neurodivergent · Blue · “okafor”"; empty when none is set.
 */
static char *
dup_filter_text (SlAccessibilityPage *self)
{
  GtkDropDown *drop_downs[] = { self->status_dropdown, self->type_dropdown, self->race_dropdown,
                                self->area_dropdown, self->marker_dropdown };
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (g_strcmp0 (self->view, "outstanding") == 0)
    g_ptr_array_add (parts, g_strdup (_("Outstanding")));
  for (guint i = 0; i < G_N_ELEMENTS (drop_downs); i++)
    {
      GtkStringObject *item = gtk_drop_down_get_selected_item (drop_downs[i]);

      if (selected_index (drop_downs[i]) >= 0 && item != NULL)
        g_ptr_array_add (parts, g_strdup (gtk_string_object_get_string (item)));
    }
  if (*text != '\0')
    /* Translators: the search typed, quoted. */
    g_ptr_array_add (parts, g_strdup_printf (_("“%s”"), text));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

static void
allocate_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SlNeedFilter filter;
  SlAllocationDialog *dialog;

  if (self->db == NULL || is_summary (self))
    return;
  get_filter (self, &filter);
  text = dup_filter_text (self);
  dialog = sl_allocation_dialog_new (self->db, &filter, text, &error);
  if (dialog == NULL)
    {
      sl_add_error_toast (self->toast_overlay, _("Could not read the facilities"), error);
      return;
    }
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
type_changed_cb (SlAccessibilityPage *self)
{
  /* The type filter and the table show the new label; a type removed
   * leaves the filter at "all".
   */
  sl_accessibility_page_reload (self);
}

/* The type chosen in the type filter, if any. */
static const SlNeedType *
chosen_type (SlAccessibilityPage *self)
{
  int i = selected_index (self->type_dropdown);

  return i >= 0 && i < (int)self->types->len ? g_ptr_array_index (self->types, i) : NULL;
}

static void
edit_type_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (widget);
  const SlNeedType *type = chosen_type (self);
  SlNeedTypeDialog *dialog;

  if (self->db == NULL || type == NULL)
    return;
  dialog = sl_need_type_dialog_present_edit (GTK_WINDOW (gtk_widget_get_root (widget)),
                                             self->db, type);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (type_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
find_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (widget);

  if (is_summary (self))
    g_object_set (self, "view", "all", NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
column_view_activate_cb (SlAccessibilityPage *self,
                         guint                position)
{
  g_autoptr(SlNeedItem) item = g_list_model_get_item (G_LIST_MODEL (self->needs), position);

  if (item != NULL && !sl_need_item_is_blank (item))
    open_need (self, sl_need_item_get_need (item)->id);
}

/* Enter in the search field goes to the first need found. */
static void
search_activate_cb (SlAccessibilityPage *self)
{
  if (self->n_shown == 0)
    return;
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_child_focus (GTK_WIDGET (self->column_view), GTK_DIR_TAB_FORWARD);
}

static void
selection_changed_cb (SlAccessibilityPage *self)
{
  SlNeedItem *item = gtk_single_selection_get_selected_item (self->selection);
  gboolean selected = item != NULL && !sl_need_item_is_blank (item);

  /* GTK selects the blank item whose hidden row the focus went into. */
  if (item != NULL && !selected)
    {
      gtk_single_selection_set_selected (self->selection, self->n_shown > 0 ? self->n_shown - 1
                                                                         : GTK_INVALID_LIST_POSITION);
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accessibility.open", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accessibility.entrant", selected);
}

/* ---- The table's cells ------------------------------------------------ */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  sl_table_cell_new (list_item, GPOINTER_TO_UINT (user_data) >> 8);
}

static void
label_row (GtkListItem *list_item)
{
  SlNeedItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *label = NULL;

  if (item == NULL || child == NULL || sl_need_item_is_blank (item))
    return;
  /* Translators: a table row read aloud: name, bib, type of need, status. */
  label = g_strdup_printf (_("%s, bib %s, %s, %s"),
                           sl_need_item_get_column_text (item, SL_NEED_COLUMN_NAME),
                           sl_need_item_get_column_text (item, SL_NEED_COLUMN_BIB),
                           sl_need_item_get_column_text (item, SL_NEED_COLUMN_TYPE),
                           sl_need_item_get_column_text (item, SL_NEED_COLUMN_STATUS));
  /* Named again only when the name changes, and remembered only once the
   * cell is in its row (before, sl_a11y_label_row has no row to name).
   */
  if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "sl-row-label"), label) == 0)
    return;
  sl_a11y_label_row (child, label);
  if (gtk_widget_get_parent (child) != NULL
      && gtk_widget_get_parent (gtk_widget_get_parent (child)) != NULL)
    g_object_set_data_full (G_OBJECT (child), "sl-row-label", g_steal_pointer (&label), g_free);
}

static void
cell_mapped_cb (GtkWidget   *child,
                GtkListItem *list_item)
{
  label_row (list_item);
}

/* Shows the item's text in the cell (at bind, and when the item gets
 * another need).
 */
static void
show_cell (SlAccessibilityPage *self,
           GtkListItem         *list_item,
           SlNeedColumn         column)
{
  SlNeedItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  const char *text;

  if (item == NULL || child == NULL)
    return;
  /* A blank item's row is hidden (set_needs): no height, no focus, not
   * presented to a screen reader. GTK 4.8's column view puts each cell in
   * its row.
   */
  if (column == SL_NEED_COLUMN_BIB)
    {
      GtkWidget *cell = gtk_widget_get_parent (child);
      GtkWidget *row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

      if (row != NULL && gtk_widget_get_parent (row) == self->list_view)
        gtk_widget_set_visible (row, !sl_need_item_is_blank (item));
    }
  /* A cell is named again only when its text changes: going back to
   * every need put 200 needs in bound rows, most of whose race, start area
   * and markers did not change, and naming every cell again was most of
   * the time. A blank item's hidden row is not presented: its cells are
   * emptied, named again when they show a need.
   */
  text = sl_need_item_get_column_text (item, column);
  if (g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (child)), text) != 0)
    gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
  if (!sl_need_item_is_blank (item) && gtk_widget_get_parent (child) != NULL
      && g_strcmp0 (g_object_get_data (G_OBJECT (child), "sl-cell-label"), text) != 0)
    {
      sl_a11y_label_cell (child, text);
      g_object_set_data_full (G_OBJECT (child), "sl-cell-label", g_strdup (text), g_free);
    }
  if (column == SL_NEED_COLUMN_BIB)
    label_row (list_item);
}

static void
item_changed_cb (SlNeedItem  *item,
                 GtkListItem *list_item)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);

  show_cell (g_object_get_data (G_OBJECT (child), "page"), list_item,
             GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "column")));
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  SlAccessibilityPage *self = g_object_get_data (G_OBJECT (factory), "page");
  SlNeedColumn column = GPOINTER_TO_UINT (user_data) & 0xff;
  GtkWidget *child = gtk_list_item_get_child (list_item);
  gulong handler;

  g_object_set_data (G_OBJECT (child), "page", self);
  g_object_set_data (G_OBJECT (child), "column", GUINT_TO_POINTER (column));
  handler = g_signal_connect (gtk_list_item_get_item (list_item), "changed",
                              G_CALLBACK (item_changed_cb), list_item);
  g_object_set_data (G_OBJECT (child), "changed-handler", GSIZE_TO_POINTER ((gsize)handler));
  show_cell (self, list_item, column);
  if (column == SL_NEED_COLUMN_BIB && g_object_get_data (G_OBJECT (child), "sl-mapped") == NULL)
    {
      g_object_set_data (G_OBJECT (child), "sl-mapped", GINT_TO_POINTER (1));
      g_signal_connect (child, "map", G_CALLBACK (cell_mapped_cb), list_item);
    }
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (child), "changed-handler"));
  gpointer item = gtk_list_item_get_item (list_item);

  if (handler != 0 && item != NULL)
    g_signal_handler_disconnect (item, handler);
  g_object_set_data (G_OBJECT (child), "changed-handler", NULL);
}

static void
add_columns (SlAccessibilityPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      gpointer data = GUINT_TO_POINTER ((guint)columns[i].column | ((guint)columns[i].chars << 8));

      g_object_set_data (G_OBJECT (factory), "page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), data);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), data);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), data);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

/* ---- Keyboard --------------------------------------------------------- */

static gboolean
table_has_focus (SlAccessibilityPage *self)
{
  return sl_table_has_focus (self->column_view);
}

/* Tab and Shift+Tab leave the table for the next control, as on the
 * entrants page, instead of going from row to row through every need
 * (GTK 4.8 has no tab-behavior): the table sits out while the window
 * moves the focus. The arrows still move between rows.
 */
static void
move_focus_cb (SlAccessibilityPage *self,
               GtkDirectionType     direction)
{
  self->focus_was_in_table = sl_table_sit_out_tab (self->column_view, direction);
}

static void
move_focus_after_cb (SlAccessibilityPage *self,
                     GtkDirectionType     direction)
{
  gtk_widget_set_can_focus (GTK_WIDGET (self->column_view), TRUE);
}

/* The last need's row takes the focus and the selection: the arrows, Page
 * Down and End go on into the hidden rows of blank items (set_needs),
 * which must not keep either.
 */
static void
focus_last_need (SlAccessibilityPage *self)
{
  if (self->n_shown == 0)
    return;
  gtk_single_selection_set_selected (self->selection, self->n_shown - 1);
  sl_table_focus_row (self->list_view, self->n_shown - 1);
}

/* A row that takes the focus (the arrows, Ctrl+arrows) is the selected
 * one, so that Open and Entrant act on the row a screen reader is on.
 */
static void
focus_widget_changed_cb (SlAccessibilityPage *self)
{
  GtkWidget *row;
  guint position;

  if (!table_has_focus (self))
    return;
  for (row = gtk_root_get_focus (self->root);
       row != NULL && gtk_widget_get_parent (row) != self->list_view;
       row = gtk_widget_get_parent (row))
    ;
  position = row != NULL ? sl_table_row_position (row) : GTK_INVALID_LIST_POSITION;
  if (position == GTK_INVALID_LIST_POSITION)
    return;
  if (position >= self->n_shown)
    focus_last_need (self);
  else if (position != gtk_single_selection_get_selected (self->selection))
    gtk_single_selection_set_selected (self->selection, position);
}

static void
sl_accessibility_page_root (GtkWidget *widget)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (widget);

  GTK_WIDGET_CLASS (sl_accessibility_page_parent_class)->root (widget);
  self->root = sl_table_follow_focus (widget, G_CALLBACK (move_focus_cb),
                                      G_CALLBACK (move_focus_after_cb),
                                      G_CALLBACK (focus_widget_changed_cb));
}

static void
sl_accessibility_page_unroot (GtkWidget *widget)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (widget);

  g_signal_handlers_disconnect_by_data (self->root, self);
  self->root = NULL;
  GTK_WIDGET_CLASS (sl_accessibility_page_parent_class)->unroot (widget);
}

/* ---- The view --------------------------------------------------------- */

static void
set_view (SlAccessibilityPage *self,
          const char          *view)
{
  g_return_if_fail (g_strcmp0 (view, "all") == 0 || g_strcmp0 (view, "outstanding") == 0
                    || g_strcmp0 (view, "summary") == 0);

  if (g_strcmp0 (view, self->view) == 0)
    return;
  g_free (self->view);
  self->view = g_strdup (view);
  /* The filters and the search are the lists'; the summary counts all. */
  gtk_widget_set_visible (self->filter_box, !is_summary (self));
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), !is_summary (self));
  /* They act on the list's selected row, which the summary hides. */
  gtk_widget_set_visible (self->open_button, !is_summary (self));
  gtk_widget_set_visible (self->entrant_button, !is_summary (self));
  gtk_widget_set_visible (self->allocate_button, !is_summary (self));
  gtk_widget_set_visible (self->edit_type_button, !is_summary (self));
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
sl_accessibility_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, self->view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_accessibility_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      set_view (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_accessibility_page_dispose (GObject *object)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (object);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_ACCESSIBILITY_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->shown);
  g_clear_object (&self->needs);
  g_clear_pointer (&self->all_needs, g_ptr_array_unref);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_pointer (&self->stale, g_ptr_array_unref);
  if (self->db != NULL)
    g_signal_handlers_disconnect_by_func (self->db, db_changed_cb, self);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_accessibility_page_parent_class)->dispose (object);
}

static void
sl_accessibility_page_finalize (GObject *object)
{
  SlAccessibilityPage *self = SL_ACCESSIBILITY_PAGE (object);

  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_clear_pointer (&self->races, g_ptr_array_unref);
  g_clear_pointer (&self->areas, g_ptr_array_unref);
  g_clear_pointer (&self->summary, sl_needs_summary_free);
  g_free (self->view);
  G_OBJECT_CLASS (sl_accessibility_page_parent_class)->finalize (object);
}

static void
sl_accessibility_page_class_init (SlAccessibilityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_accessibility_page_get_property;
  object_class->set_property = sl_accessibility_page_set_property;
  object_class->dispose = sl_accessibility_page_dispose;
  object_class->finalize = sl_accessibility_page_finalize;
  widget_class->root = sl_accessibility_page_root;
  widget_class->unroot = sl_accessibility_page_unroot;

  /* "all", "outstanding" or "summary". */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-accessibility-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, SlAccessibilityPage, name)
  CHILD (toast_overlay);
  CHILD (all_button);
  CHILD (outstanding_button);
  CHILD (summary_button);
  CHILD (open_button);
  CHILD (entrant_button);
  CHILD (new_type_button);
  CHILD (allocate_button);
  CHILD (edit_type_button);
  CHILD (filter_box);
  CHILD (search_entry);
  CHILD (type_dropdown);
  CHILD (status_dropdown);
  CHILD (race_dropdown);
  CHILD (area_dropdown);
  CHILD (marker_dropdown);
  CHILD (content_stack);
  CHILD (no_results_page);
  CHILD (column_view);
  CHILD (by_type_view);
  CHILD (by_area_view);
  CHILD (count_label);
#undef CHILD

  gtk_widget_class_install_action (widget_class, "accessibility.open", NULL, open_action_cb);
  gtk_widget_class_install_action (widget_class, "accessibility.entrant", NULL,
                                   entrant_action_cb);
  gtk_widget_class_install_action (widget_class, "accessibility.find", NULL, find_action_cb);
  gtk_widget_class_install_action (widget_class, "accessibility.new-type", NULL,
                                   new_type_action_cb);
  gtk_widget_class_install_action (widget_class, "accessibility.allocate", NULL,
                                   allocate_action_cb);
  gtk_widget_class_install_action (widget_class, "accessibility.edit-type", NULL,
                                   edit_type_action_cb);
  gtk_widget_class_install_property_action (widget_class, "accessibility.view", "view");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "accessibility.find", NULL);
}

static void
sl_accessibility_page_init (SlAccessibilityPage *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) markers = gtk_string_list_new (NULL);
  GtkDropDown *drop_downs[5];
  const char *names[5];

  self->view = g_strdup ("all");
  gtk_widget_init_template (GTK_WIDGET (self));

  self->needs = g_list_store_new (SL_TYPE_NEED_ITEM);
  self->stale = g_ptr_array_new_with_free_func (g_object_unref);
  self->shown = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->needs)), 0, 0);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->needs)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_columns (self);
  sl_a11y_name_table (self->column_view, _("Needs"));
  sl_a11y_name_headings (self->column_view);
  self->list_view = sl_table_get_rows (self->column_view);
  g_assert (self->list_view != NULL);

  add_summary_columns (self, self->by_type_view, _("Type"));
  add_summary_columns (self, self->by_area_view, _("Start area"));
  sl_a11y_name_table (self->by_type_view, _("Needs by type and status"));
  sl_a11y_name_table (self->by_area_view, _("Needs by start area and status"));
  sl_a11y_name_headings (self->by_type_view);
  sl_a11y_name_headings (self->by_area_view);

  gtk_string_list_append (statuses, _("All statuses"));
  for (int i = 0; i < SL_N_NEED_STATUSES; i++)
    gtk_string_list_append (statuses, sl_need_status_to_label (i));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));
  gtk_string_list_append (markers, _("All markers"));
  for (int i = 0; i < SL_N_MARKERS; i++)
    gtk_string_list_append (markers, sl_marker_to_label (i));
  gtk_drop_down_set_model (self->marker_dropdown, G_LIST_MODEL (markers));
  load_filters (self);

  drop_downs[0] = self->type_dropdown;
  names[0] = _("Type filter");
  drop_downs[1] = self->status_dropdown;
  names[1] = _("Status filter");
  drop_downs[2] = self->race_dropdown;
  names[2] = _("Race filter");
  drop_downs[3] = self->area_dropdown;
  names[3] = _("Start area filter");
  drop_downs[4] = self->marker_dropdown;
  names[4] = _("Marker filter");
  for (guint i = 0; i < G_N_ELEMENTS (drop_downs); i++)
    {
      sl_table_ellipsize_filter (drop_downs[i]);
      sl_a11y_name_drop_down (drop_downs[i], names[i]);
      g_signal_connect_swapped (drop_downs[i], "notify::selected",
                                G_CALLBACK (filters_changed_cb), self);
    }

  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (filters_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate",
                            G_CALLBACK (search_activate_cb), self);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->column_view, "activate",
                            G_CALLBACK (column_view_activate_cb), self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  selection_changed_cb (self);
  update_count (self);
}

GtkWidget *
sl_accessibility_page_new (SlDb *db)
{
  GtkWidget *page;

  g_return_val_if_fail (db == NULL || SL_IS_DB (db), NULL);

  page = g_object_new (SL_TYPE_ACCESSIBILITY_PAGE, NULL);
  if (db != NULL)
    sl_accessibility_page_set_db (SL_ACCESSIBILITY_PAGE (page), db);
  return page;
}
