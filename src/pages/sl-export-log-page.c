/* sl-export-log-page.c — the export log: who exported what, when and why
 *
 * The administrators' page (sl_window_update_pages shows it to them
 * alone; the core refuses anyone else too). A column view of the log,
 * newest first, from sl_db_list_export_log: when (in local time), who
 * (and at which desk), the profile, the reason, the filter (a charity or
 * a facility), the rows, the file's name and its SHA-256, shortened to
 * its first 12 digits on screen with the whole value as the cell's
 * accessible description. The window reloads it after every export and
 * when it is shown; the log is small (one row per export), so it is read
 * whole on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sl-a11y.h"
#include "sl-export-log-page.h"
#include "sl-export-profile.h"
#include "sl-session.h"
#include "sl-table.h"
#include "sl-widgets.h"

#define SHA_SHOWN 12

enum
{
  COLUMN_WHEN = 0,
  COLUMN_WHO,
  COLUMN_PROFILE,
  COLUMN_REASON,
  COLUMN_FILTER,
  COLUMN_ROWS,
  COLUMN_FILE,
  COLUMN_SHA256,
  N_COLUMNS
};

static const struct { const char *title; int chars; gboolean expand; } columns[N_COLUMNS] = {
  { N_("When"), 16, FALSE },
  { N_("Who"), 20, FALSE },
  { N_("Profile"), 14, FALSE },
  { N_("Reason"), 20, TRUE },
  { N_("Filter"), 24, FALSE },
  { N_("Rows"), 6, FALSE },
  { N_("File"), 20, TRUE },
  { N_("SHA-256"), 16, FALSE },
};

/* ---- One row of the log, as a list item ----------------------------- */

#define SL_TYPE_EXPORT_LOG_ITEM (sl_export_log_item_get_type ())
G_DECLARE_FINAL_TYPE (SlExportLogItem, sl_export_log_item, SL, EXPORT_LOG_ITEM, GObject)

struct _SlExportLogItem
{
  GObject           parent_instance;
  SlExportLogEntry *entry;
};

G_DEFINE_FINAL_TYPE (SlExportLogItem, sl_export_log_item, G_TYPE_OBJECT)

static void
sl_export_log_item_finalize (GObject *object)
{
  g_clear_pointer (&SL_EXPORT_LOG_ITEM (object)->entry, sl_export_log_entry_free);
  G_OBJECT_CLASS (sl_export_log_item_parent_class)->finalize (object);
}

static void
sl_export_log_item_class_init (SlExportLogItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_export_log_item_finalize;
}

static void
sl_export_log_item_init (SlExportLogItem *self)
{
}

/* The cell's text (shown) and, for the SHA-256, the whole value. */
static char *
dup_cell_text (const SlExportLogEntry *entry,
               guint                   column)
{
  switch (column)
    {
    case COLUMN_WHEN:
      {
        g_autoptr(GDateTime) utc = entry->at != NULL ? g_date_time_new_from_iso8601 (entry->at,
                                                                                     NULL)
                                                     : NULL;
        g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

        return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M")
                             : g_strdup (entry->at != NULL ? entry->at : "");
      }
    case COLUMN_WHO:
      if (entry->desk != NULL && entry->desk[0] != '\0')
        /* Translators: who exported, then at which desk. */
        return g_strdup_printf (_("%s (%s)"), entry->operator_name != NULL
                                              ? entry->operator_name : "", entry->desk);
      return g_strdup (entry->operator_name != NULL ? entry->operator_name : "");
    case COLUMN_PROFILE:
      return g_strdup (entry->profile != NULL ? entry->profile : "");
    case COLUMN_REASON:
      return g_strdup (entry->reason != NULL ? entry->reason : "");
    case COLUMN_FILTER:
      return g_strdup (entry->filter != NULL ? entry->filter : _("none"));
    case COLUMN_ROWS:
      return g_strdup_printf ("%'" G_GINT64_FORMAT, entry->n_rows);
    case COLUMN_FILE:
      return g_strdup (entry->file_name != NULL ? entry->file_name : "");
    case COLUMN_SHA256:
      if (entry->sha256 == NULL)
        return g_strdup ("");
      return strlen (entry->sha256) > SHA_SHOWN
             ? g_strdup_printf ("%.*s…", SHA_SHOWN, entry->sha256) : g_strdup (entry->sha256);
    default:
      g_assert_not_reached ();
    }
}

/* ---- The page ------------------------------------------------------- */

struct _SlExportLogPage
{
  AdwBin         parent_instance;

  SlDb          *db;
  GListStore    *store;          /* SlExportLogItem, newest first */

  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkLabel      *count_label;
  GtkColumnView *column_view;
};

G_DEFINE_FINAL_TYPE (SlExportLogPage, sl_export_log_page, ADW_TYPE_BIN)

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  sl_table_cell_new (list_item, columns[GPOINTER_TO_UINT (user_data)].chars);
}

/* At bind the cell may not be in its row yet: the row is named again
 * when the cell is mapped.
 */
static void
cell_mapped_cb (GtkWidget *child)
{
  const char *label = g_object_get_data (G_OBJECT (child), "sl-row-label");

  if (label != NULL)
    sl_a11y_label_row (child, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  SlExportLogItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  if (item == NULL || child == NULL)
    return;
  text = dup_cell_text (item->entry, column);
  gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
  sl_a11y_label_cell (child, text);
  if (column == COLUMN_SHA256 && gtk_widget_get_parent (child) != NULL)
    {
      /* The shortened value on screen; the whole one to a screen reader. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (child)),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      item->entry->sha256 != NULL ? item->entry->sha256 : "",
                                      -1);
      gtk_widget_set_tooltip_text (child, item->entry->sha256);
    }
  if (column == COLUMN_WHEN)
    {
      g_autofree char *who = dup_cell_text (item->entry, COLUMN_WHO);
      g_autofree char *rows = dup_cell_text (item->entry, COLUMN_ROWS);
      g_autofree char *row = NULL;

      /* Translators: a row of the export log read aloud: when, who, profile, rows. */
      row = g_strdup_printf (_("%s, %s, %s, %s rows"), text, who,
                             item->entry->profile != NULL ? item->entry->profile : "", rows);
      sl_a11y_label_row (child, row);
      if (g_object_get_data (G_OBJECT (child), "sl-row-label") == NULL)
        g_signal_connect (child, "map", G_CALLBACK (cell_mapped_cb), NULL);
      g_object_set_data_full (G_OBJECT (child), "sl-row-label", g_steal_pointer (&row), g_free);
    }
}

static void
add_columns (SlExportLogPage *self)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

void
sl_export_log_page_reload (SlExportLogPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *count = NULL;

  g_return_if_fail (SL_IS_EXPORT_LOG_PAGE (self));

  if (self->db != NULL && (sl_db_get_roles (self->db) & SL_ROLE_ADMIN) != 0)
    entries = sl_db_list_export_log (self->db, 0, &error);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      SlExportLogItem *item = g_object_new (SL_TYPE_EXPORT_LOG_ITEM, NULL);

      item->entry = g_steal_pointer (&g_ptr_array_index (entries, i));
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  if (error != NULL)
    adw_status_page_set_description (self->empty_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "log" : "empty");
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u export, newest first",
                                        "%u exports, newest first", items->len),
                           items->len);
  gtk_label_set_text (self->count_label, count);
}

void
sl_export_log_page_set_db (SlExportLogPage *self,
                           SlDb            *db)
{
  g_return_if_fail (SL_IS_EXPORT_LOG_PAGE (self));
  g_return_if_fail (db == NULL || SL_IS_DB (db));

  g_set_object (&self->db, db);
  sl_export_log_page_reload (self);
}

guint
sl_export_log_page_get_n_rows (SlExportLogPage *self)
{
  g_return_val_if_fail (SL_IS_EXPORT_LOG_PAGE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

char *
sl_export_log_page_dup_cell (SlExportLogPage *self,
                             guint            row,
                             guint            column)
{
  g_autoptr(SlExportLogItem) item = NULL;

  g_return_val_if_fail (SL_IS_EXPORT_LOG_PAGE (self), NULL);

  if (column >= N_COLUMNS)
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->store), row);
  return item != NULL ? dup_cell_text (item->entry, column) : NULL;
}

static void
sl_export_log_page_dispose (GObject *object)
{
  SlExportLogPage *self = SL_EXPORT_LOG_PAGE (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), SL_TYPE_EXPORT_LOG_PAGE);
  g_clear_object (&self->db);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (sl_export_log_page_parent_class)->dispose (object);
}

static void
sl_export_log_page_class_init (SlExportLogPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_export_log_page_dispose;

  sl_widgets_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/startline/Startline/sl-export-log-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlExportLogPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SlExportLogPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SlExportLogPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, SlExportLogPage, column_view);
}

static void
sl_export_log_page_init (SlExportLogPage *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->store = g_list_store_new (SL_TYPE_EXPORT_LOG_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  add_columns (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Export log page"), -1);
  sl_a11y_name_table (self->column_view, _("Export log"));
  sl_a11y_name_headings (self->column_view);
}
