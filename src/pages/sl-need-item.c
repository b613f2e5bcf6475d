/* sl-need-item.c — one row of the Accessibility page's needs table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sl-need-item.h"

struct _SlNeedItem
{
  GObject    parent_instance;
  SlNeed    *need;                      /* owned, or borrowed from owner */
  GPtrArray *owner;                     /* the list need is in, or NULL */
  gboolean   stale;                     /* "changed" still to be said */
  char      *texts[SL_N_NEED_COLUMNS];  /* made when first asked */
};

G_DEFINE_FINAL_TYPE (SlNeedItem, sl_need_item, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The need goes: freed when owned, else the list it is in let go. */
static void
drop_need (SlNeedItem *self)
{
  if (self->owner != NULL)
    self->need = NULL;
  else
    g_clear_pointer (&self->need, sl_need_free);
  g_clear_pointer (&self->owner, g_ptr_array_unref);
}

static void
sl_need_item_finalize (GObject *object)
{
  SlNeedItem *self = SL_NEED_ITEM (object);

  drop_need (self);
  for (guint i = 0; i < SL_N_NEED_COLUMNS; i++)
    g_free (self->texts[i]);
  G_OBJECT_CLASS (sl_need_item_parent_class)->finalize (object);
}

static void
sl_need_item_class_init (SlNeedItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_need_item_finalize;

  /* Another need is in the item (sl_need_item_set_need). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_need_item_init (SlNeedItem *self)
{
}

SlNeedItem *
sl_need_item_new (SlNeed *need)
{
  SlNeedItem *self;

  g_return_val_if_fail (need != NULL, NULL);

  self = g_object_new (SL_TYPE_NEED_ITEM, NULL);
  self->need = need;
  return self;
}

const SlNeed *
sl_need_item_get_need (SlNeedItem *self)
{
  g_return_val_if_fail (SL_IS_NEED_ITEM (self), NULL);
  return self->need;
}

SlNeedItem *
sl_need_item_new_shared (GPtrArray    *needs,
                         const SlNeed *need)
{
  SlNeedItem *self;

  g_return_val_if_fail (needs != NULL, NULL);
  g_return_val_if_fail (need != NULL, NULL);

  self = g_object_new (SL_TYPE_NEED_ITEM, NULL);
  self->need = (SlNeed *)need;
  self->owner = g_ptr_array_ref (needs);
  return self;
}

static void
clear_texts (SlNeedItem *self)
{
  for (guint i = 0; i < SL_N_NEED_COLUMNS; i++)
    g_clear_pointer (&self->texts[i], g_free);
}

void
sl_need_item_set_need (SlNeedItem *self,
                       SlNeed     *need)
{
  g_return_if_fail (SL_IS_NEED_ITEM (self));
  g_return_if_fail (need != NULL);

  drop_need (self);
  self->need = need;
  clear_texts (self);
  self->stale = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
sl_need_item_set_shared (SlNeedItem   *self,
                         GPtrArray    *needs,
                         const SlNeed *need,
                         gboolean      notify)
{
  g_return_if_fail (SL_IS_NEED_ITEM (self));
  g_return_if_fail (needs != NULL);
  g_return_if_fail (need != NULL);

  /* The same need of the same list: nothing to show again. */
  if (self->need == need && self->owner == needs)
    {
      if (notify)
        sl_need_item_flush (self);
      return;
    }
  g_ptr_array_ref (needs);
  drop_need (self);
  self->need = (SlNeed *)need;
  self->owner = needs;
  clear_texts (self);
  self->stale = TRUE;
  if (notify)
    sl_need_item_flush (self);
}

void
sl_need_item_clear (SlNeedItem *self)
{
  g_return_if_fail (SL_IS_NEED_ITEM (self));

  if (self->need == NULL)
    return;
  drop_need (self);
  clear_texts (self);
  self->stale = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
sl_need_item_flush (SlNeedItem *self)
{
  g_return_val_if_fail (SL_IS_NEED_ITEM (self), FALSE);

  if (!self->stale)
    return FALSE;
  self->stale = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
sl_need_item_is_blank (SlNeedItem *self)
{
  g_return_val_if_fail (SL_IS_NEED_ITEM (self), TRUE);
  return self->need == NULL;
}

/* "Deaf, Wheelchair": the markers the list read with the need. */
static char *
dup_markers_text (guint markers)
{
  GString *text = g_string_new (NULL);

  for (int m = 0; m < SL_N_MARKERS; m++)
    if (markers & (1u << m))
      {
        if (text->len > 0)
          g_string_append (text, ", ");
        g_string_append (text, sl_marker_to_label (m));
      }
  return g_string_free (text, FALSE);
}

/* "2026-04-20 14:05" in local time; the stored text when it is not a time. */
static char *
dup_local_time (const char *utc)
{
  g_autoptr(GDateTime) time = utc != NULL ? g_date_time_new_from_iso8601 (utc, NULL) : NULL;
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  if (local == NULL)
    return g_strdup (utc != NULL ? utc : "");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
dup_column_text (const SlNeed *need,
                 SlNeedColumn  column)
{
  switch (column)
    {
    case SL_NEED_COLUMN_BIB:
      return g_strdup (need->bib);
    case SL_NEED_COLUMN_NAME:
      return g_strjoin (" ", need->first_name != NULL ? need->first_name : "",
                        need->last_name != NULL ? need->last_name : "", NULL);
    case SL_NEED_COLUMN_TYPE:
      return g_strdup (need->type_label);
    case SL_NEED_COLUMN_STATUS:
      return g_strdup (sl_need_status_to_label (need->status));
    case SL_NEED_COLUMN_RACE:
      return g_strdup (need->race_name);
    case SL_NEED_COLUMN_START_AREA:
      return g_strdup (need->start_area);
    case SL_NEED_COLUMN_UPDATED:
      return dup_local_time (need->decided_at != NULL ? need->decided_at : need->created_at);
    case SL_NEED_COLUMN_MARKERS:
      return dup_markers_text (need->markers);
    case SL_N_NEED_COLUMNS:
    default:
      return NULL;
    }
}

const char *
sl_need_item_get_column_text (SlNeedItem   *self,
                              SlNeedColumn  column)
{
  g_return_val_if_fail (SL_IS_NEED_ITEM (self), "");
  g_return_val_if_fail (column < SL_N_NEED_COLUMNS, "");

  if (self->need == NULL)
    return "";
  if (self->texts[column] == NULL)
    {
      char *text = dup_column_text (self->need, column);

      self->texts[column] = g_strstrip (text != NULL ? text : g_strdup (""));
    }
  return self->texts[column];
}
