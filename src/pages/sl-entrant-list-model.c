/* sl-entrant-list-model.c — every entrant matching the filters, lazily
 *
 * The model holds only the ids of the matching entrants (8 bytes each).
 * Items are made when a view asks for them, a batch of rows read at a
 * time (one sl_db_fetch_entrant_rows call), and kept; when the view comes
 * near the end of a batch, the next one is read while the main loop is
 * idle, ahead of it. Scrolling through 50,000 entrants reads each row
 * once, in 250 calls.
 *
 * A refresh (the filters, the order or the data changed) lists the ids
 * again and tells the view what changed, in a way that spares it GTK
 * 4.8's search for the items it follows (the focus, the selection, its
 * place): when these are among the items an items-changed removes, GTK
 * asks for every item the same change adds to find them again. For a new
 * search that was every matching row read from the database at every
 * keystroke. So the ids both lists start and end with are left standing,
 * and a large middle that changed goes in two steps, removed, then added
 * (nothing to search in an addition); the items the view may still hold
 * of the rows left standing (the model follows every item it gave out)
 * are replaced, as their rows may have changed, a short run at a time.
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
  GHashTable      *given_out;      /* every SlEntrantItem alive that was given out (weak) */
  guint            read_ahead;     /* the batch to read when the main loop is idle */
  guint            read_ahead_source;
  guint            n_fetched;
  guint            n_fetches;
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

static void
item_finalized_cb (gpointer  data,
                   GObject  *item)
{
  SlEntrantListModel *self = data;

  g_hash_table_remove (self->given_out, item);
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
      SlEntrantItem *item = sl_entrant_item_new (ids[i], row);

      g_object_weak_ref (G_OBJECT (item), item_finalized_cb, self);
      g_hash_table_add (self->given_out, item);
      g_ptr_array_add (items, item);
    }
  self->n_fetched += n;
  self->n_fetches++;
  return items;
}

static GPtrArray *
ensure_batch (SlEntrantListModel *self,
              guint               batch)
{
  GPtrArray *items = g_hash_table_lookup (self->batches, GUINT_TO_POINTER (batch));

  if (items == NULL)
    {
      items = fetch_batch (self, batch);
      g_hash_table_insert (self->batches, GUINT_TO_POINTER (batch), items);
    }
  return items;
}

static gboolean
read_ahead_cb (gpointer data)
{
  SlEntrantListModel *self = data;

  self->read_ahead_source = 0;
  if (self->read_ahead * SL_ENTRANT_LIST_MODEL_BATCH < self->ids->len)
    ensure_batch (self, self->read_ahead);
  return G_SOURCE_REMOVE;
}

/* Within a quarter of a batch from its end (or its start, scrolling up),
 * the batch the view comes to next is read once the main loop is idle,
 * between frames rather than in the frame that first shows it.
 */
static void
plan_read_ahead (SlEntrantListModel *self,
                 guint               position)
{
  guint batch = position / SL_ENTRANT_LIST_MODEL_BATCH;
  guint offset = position % SL_ENTRANT_LIST_MODEL_BATCH;
  guint next;

  if (offset >= SL_ENTRANT_LIST_MODEL_BATCH - SL_ENTRANT_LIST_MODEL_BATCH / 4)
    next = batch + 1;
  else if (offset < SL_ENTRANT_LIST_MODEL_BATCH / 4 && batch > 0)
    next = batch - 1;
  else
    return;
  if (next * SL_ENTRANT_LIST_MODEL_BATCH >= self->ids->len
      || g_hash_table_contains (self->batches, GUINT_TO_POINTER (next)))
    return;
  self->read_ahead = next;
  if (self->read_ahead_source == 0)
    self->read_ahead_source = g_idle_add_full (G_PRIORITY_LOW, read_ahead_cb, self, NULL);
}

static gpointer
sl_entrant_list_model_get_item (GListModel *model,
                                guint       position)
{
  SlEntrantListModel *self = SL_ENTRANT_LIST_MODEL (model);
  GPtrArray *items;

  if (position >= self->ids->len)
    return NULL;

  items = ensure_batch (self, position / SL_ENTRANT_LIST_MODEL_BATCH);
  plan_read_ahead (self, position);
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
  GHashTableIter iter;
  gpointer item;

  g_clear_handle_id (&self->read_ahead_source, g_source_remove);
  g_hash_table_remove_all (self->batches);
  /* Items a view still holds outlive the model: no word to it then. */
  g_hash_table_iter_init (&iter, self->given_out);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    g_object_weak_unref (item, item_finalized_cb, self);
  g_hash_table_remove_all (self->given_out);
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
  g_clear_pointer (&self->given_out, g_hash_table_unref);
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
  self->given_out = g_hash_table_new (NULL, NULL);
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

/* Takes ids as the list (its old rows are of no more use: they may have
 * changed) and tells the view.
 */
static void
replace_ids (SlEntrantListModel *self,
             GArray             *ids,
             guint               position,
             guint               removed,
             guint               added)
{
  g_clear_handle_id (&self->read_ahead_source, g_source_remove);
  g_hash_table_remove_all (self->batches);
  g_array_unref (self->ids);
  self->ids = ids;
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* The positions, in new, of the ids of the items given out that stand in
 * old's first n_prefix or last n_suffix places, sorted: the view may hold
 * them, with rows as they were.
 */
static GArray *
dup_standing_positions (SlEntrantListModel *self,
                        GArray             *old,
                        GArray             *new,
                        guint               n_prefix,
                        guint               n_suffix)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GArray *positions = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->given_out);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      gint64 id = sl_entrant_item_get_id (item);

      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
  if (g_hash_table_size (ids) == 0)
    return positions;

  for (guint i = 0; i < old->len; i++)
    {
      guint at;

      if (i >= n_prefix && i < old->len - n_suffix)
        continue;
      if (!g_hash_table_contains (ids, &g_array_index (old, gint64, i)))
        continue;
      at = i < n_prefix ? i : new->len - (old->len - i);
      g_array_append_val (positions, at);
    }
  return positions;
}

/* Replaces the items at positions (sorted), a run of neighbours at a
 * time: rows read again, in the places they had.
 */
static void
replace_items_at (SlEntrantListModel *self,
                  GArray             *positions)
{
  guint i = 0;

  while (i < positions->len)
    {
      guint start = g_array_index (positions, guint, i);
      guint n = 1;

      while (i + n < positions->len && g_array_index (positions, guint, i + n) == start + n
             && n < SL_ENTRANT_LIST_MODEL_BATCH)
        n++;
      g_list_model_items_changed (G_LIST_MODEL (self), start, n, n);
      i += n;
    }
}

gboolean
sl_entrant_list_model_refresh (SlEntrantListModel  *self,
                               GError             **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) old = NULL;
  g_autoptr(GArray) standing = NULL;
  guint n_prefix = 0, n_suffix = 0, n_removed, n_added;

  g_return_val_if_fail (SL_IS_ENTRANT_LIST_MODEL (self), FALSE);

  if (self->db != NULL)
    {
      ids = sl_db_list_entrant_ids (self->db, &self->filter, self->sort, self->descending, error);
      if (ids == NULL)
        return FALSE;
    }
  else
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  old = g_array_ref (self->ids);
  while (n_prefix < MIN (old->len, ids->len)
         && g_array_index (old, gint64, n_prefix) == g_array_index (ids, gint64, n_prefix))
    n_prefix++;
  while (n_suffix < MIN (old->len, ids->len) - n_prefix
         && g_array_index (old, gint64, old->len - 1 - n_suffix)
            == g_array_index (ids, gint64, ids->len - 1 - n_suffix))
    n_suffix++;
  n_removed = old->len - n_prefix - n_suffix;
  n_added = ids->len - n_prefix - n_suffix;
  /* What the view holds outlives the rows read for it; the rest goes. */
  g_clear_handle_id (&self->read_ahead_source, g_source_remove);
  g_hash_table_remove_all (self->batches);
  standing = dup_standing_positions (self, old, ids, n_prefix, n_suffix);

  self->n_fetched = 0;
  self->n_fetches = 0;
  if (n_removed > 0 && n_added > SL_ENTRANT_LIST_MODEL_BATCH)
    {
      GArray *without = g_array_copy (old);

      g_array_remove_range (without, n_prefix, n_removed);
      replace_ids (self, without, n_prefix, n_removed, 0);
      replace_ids (self, g_steal_pointer (&ids), n_prefix, 0, n_added);
    }
  else
    replace_ids (self, g_steal_pointer (&ids), n_prefix, n_removed, n_added);
  replace_items_at (self, standing);
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

guint
sl_entrant_list_model_get_n_fetches (SlEntrantListModel *self)
{
  g_return_val_if_fail (SL_IS_ENTRANT_LIST_MODEL (self), 0);
  return self->n_fetches;
}
