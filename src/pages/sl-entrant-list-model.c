/* sl-entrant-list-model.c — every entrant matching the filters, lazily
 *
 * The model holds only the ids of the matching entrants (8 bytes each).
 * Items are made when a view asks for them, a batch at a time, so
 * showing 50,000 entrants costs a screenful of rows, not 50,000 objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-entrant-list-model.h"

struct _SlEntrantListModel
{
  GObject          parent_instance;

  SlDb            *db;
  SlEntrantFilter  filter;         /* filter.text is owned (text below) */
  char            *text;
  SlEntrantSort    sort;
  gboolean         descending;

  GArray          *ids;            /* gint64, in display order */
  GHashTable      *batches;        /* batch number → GPtrArray of SlEntrantItem */
  guint            n_fetched;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlEntrantListModel, sl_entrant_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
sl_entrant_list_model_get_item_type (GListModel *model)
{
  return SL_TYPE_ENTRANT_ITEM;
}

static guint
sl_entrant_list_model_get_n_items (GListModel *model)
{
  return SL_ENTRANT_LIST_MODEL (model)->ids->len;
}

/* Fetches one batch of rows; on a database error the items are
 * placeholders, so a view keeps working and shows empty cells.
 */
static GPtrArray *
fetch_batch (SlEntrantListModel *self,
             guint               batch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *items;
  guint start = batch * SL_ENTRANT_LIST_MODEL_BATCH;
  guint n = MIN (SL_ENTRANT_LIST_MODEL_BATCH, self->ids->len - start);
  const gint64 *ids = &g_array_index (self->ids, gint64, start);

  rows = sl_db_fetch_entrant_rows (self->db, ids, n, &error);
  if (rows == NULL)
    g_debug ("Reading entrants %u to %u failed: %s", start, start + n, error->message);

  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      SlEntrantRow *row = rows != NULL ? g_steal_pointer (&rows->pdata[i]) : NULL;

      g_ptr_array_add (items, sl_entrant_item_new (ids[i], row));
    }
  self->n_fetched += n;
  return items;
}

static gpointer
sl_entrant_list_model_get_item (GListModel *model,
                                guint       position)
{
  SlEntrantListModel *self = SL_ENTRANT_LIST_MODEL (model);
  guint batch = position / SL_ENTRANT_LIST_MODEL_BATCH;
  GPtrArray *items;

  if (position >= self->ids->len)
    return NULL;

  items = g_hash_table_lookup (self->batches, GUINT_TO_POINTER (batch));
  if (items == NULL)
    {
      items = fetch_batch (self, batch);
      g_hash_table_insert (self->batches, GUINT_TO_POINTER (batch), items);
    }
  return g_object_ref (g_ptr_array_index (items, position % SL_ENTRANT_LIST_MODEL_BATCH));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sl_entrant_list_model_get_item_type;
  iface->get_n_items = sl_entrant_list_model_get_n_items;
  iface->get_item = sl_entrant_list_model_get_item;
}

static void
sl_entrant_list_model_dispose (GObject *object)
{
  SlEntrantListModel *self = SL_ENTRANT_LIST_MODEL (object);

  g_clear_object (&self->db);
  G_OBJECT_CLASS (sl_entrant_list_model_parent_class)->dispose (object);
}

static void
sl_entrant_list_model_finalize (GObject *object)
{
  SlEntrantListModel *self = SL_ENTRANT_LIST_MODEL (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->batches, g_hash_table_unref);
  G_OBJECT_CLASS (sl_entrant_list_model_parent_class)->finalize (object);
}

static void
sl_entrant_list_model_class_init (SlEntrantListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_entrant_list_model_dispose;
  G_OBJECT_CLASS (klass)->finalize = sl_entrant_list_model_finalize;
}

static void
sl_entrant_list_model_init (SlEntrantListModel *self)
{
  sl_entrant_filter_init (&self->filter);
  self->sort = SL_ENTRANT_SORT_LAST_NAME;
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->batches = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_ptr_array_unref);
}

SlEntrantListModel *
sl_entrant_list_model_new (SlDb *db)
{
  SlEntrantListModel *self = g_object_new (SL_TYPE_ENTRANT_LIST_MODEL, NULL);

  g_return_val_if_fail (db == NULL || SL_IS_DB (db), self);

  self->db = db != NULL ? g_object_ref (db) : NULL;
  return self;
}

SlDb *
sl_entrant_list_model_get_db (SlEntrantListModel *self)
{
  g_return_val_if_fail (SL_IS_ENTRANT_LIST_MODEL (self), NULL);
  return self->db;
}

void
sl_entrant_list_model_set_db (SlEntrantListModel *self,
                              SlDb               *db)
{
  g_return_if_fail (SL_IS_ENTRANT_LIST_MODEL (self));
  g_return_if_fail (db == NULL || SL_IS_DB (db));

  g_set_object (&self->db, db);
}

void
sl_entrant_list_model_set_filter (SlEntrantListModel    *self,
                                  const SlEntrantFilter *filter)
{
  g_return_if_fail (SL_IS_ENTRANT_LIST_MODEL (self));

  g_clear_pointer (&self->text, g_free);
  if (filter != NULL)
    {
      self->filter = *filter;
      self->text = g_strdup (filter->text);
    }
  else
    sl_entrant_filter_init (&self->filter);
  self->filter.text = self->text;
}

void
sl_entrant_list_model_set_sort (SlEntrantListModel *self,
                                SlEntrantSort       sort,
                                gboolean            descending)
{
  g_return_if_fail (SL_IS_ENTRANT_LIST_MODEL (self));
  g_return_if_fail (sort < SL_N_ENTRANT_SORTS);

  self->sort = sort;
  self->descending = !!descending;
}

SlEntrantSort
sl_entrant_list_model_get_sort (SlEntrantListModel *self,
                                gboolean           *descending)
{
  g_return_val_if_fail (SL_IS_ENTRANT_LIST_MODEL (self), SL_ENTRANT_SORT_BIB);

  if (descending != NULL)
    *descending = self->descending;
  return self->sort;
}

gboolean
sl_entrant_list_model_refresh (SlEntrantListModel  *self,
                               GError             **error)
{
  g_autoptr(GArray) ids = NULL;
  guint old_len;

  g_return_val_if_fail (SL_IS_ENTRANT_LIST_MODEL (self), FALSE);

  if (self->db != NULL)
    {
      ids = sl_db_list_entrant_ids (self->db, &self->filter, self->sort, self->descending, error);
      if (ids == NULL)
        return FALSE;
    }
  else
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  old_len = self->ids->len;
  g_array_unref (self->ids);
  self->ids = g_steal_pointer (&ids);
  g_hash_table_remove_all (self->batches);
  self->n_fetched = 0;

  if (old_len > 0 || self->ids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->ids->len);
  return TRUE;
}

guint
sl_entrant_list_model_find (SlEntrantListModel *self,
                            gint64              id)
{
  g_return_val_if_fail (SL_IS_ENTRANT_LIST_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}

guint
sl_entrant_list_model_get_n_fetched (SlEntrantListModel *self)
{
  g_return_val_if_fail (SL_IS_ENTRANT_LIST_MODEL (self), 0);
  return self->n_fetched;
}
