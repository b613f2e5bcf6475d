/* sl-entrant-item.c — one row of the entrants table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-entrant-item.h"

struct _SlEntrantItem
{
  GObject       parent_instance;
  gint64        id;
  SlEntrantRow *row;
};

G_DEFINE_FINAL_TYPE (SlEntrantItem, sl_entrant_item, G_TYPE_OBJECT)

static void
sl_entrant_item_finalize (GObject *object)
{
  SlEntrantItem *self = SL_ENTRANT_ITEM (object);

  g_clear_pointer (&self->row, sl_entrant_row_free);
  G_OBJECT_CLASS (sl_entrant_item_parent_class)->finalize (object);
}

static void
sl_entrant_item_class_init (SlEntrantItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_entrant_item_finalize;
}

static void
sl_entrant_item_init (SlEntrantItem *self)
{
}

SlEntrantItem *
sl_entrant_item_new (gint64        id,
                     SlEntrantRow *row)
{
  SlEntrantItem *self = g_object_new (SL_TYPE_ENTRANT_ITEM, NULL);

  self->id = id;
  self->row = row;
  return self;
}

gint64
sl_entrant_item_get_id (SlEntrantItem *self)
{
  g_return_val_if_fail (SL_IS_ENTRANT_ITEM (self), 0);
  return self->id;
}

const SlEntrantRow *
sl_entrant_item_get_row (SlEntrantItem *self)
{
  g_return_val_if_fail (SL_IS_ENTRANT_ITEM (self), NULL);
  return self->row;
}

static const char *
or_empty (const char *s)
{
  return s != NULL ? s : "";
}

const char *
sl_entrant_item_get_column_text (SlEntrantItem *self,
                                 SlEntrantSort  column)
{
  g_return_val_if_fail (SL_IS_ENTRANT_ITEM (self), "");

  if (self->row == NULL)
    return "";

  switch (column)
    {
    case SL_ENTRANT_SORT_BIB:
      return or_empty (self->row->bib);
    case SL_ENTRANT_SORT_LAST_NAME:
      return or_empty (self->row->last_name);
    case SL_ENTRANT_SORT_FIRST_NAME:
      return or_empty (self->row->first_name);
    case SL_ENTRANT_SORT_RACE:
      return or_empty (self->row->race_name);
    case SL_ENTRANT_SORT_WAVE:
      return or_empty (self->row->wave_name);
    case SL_ENTRANT_SORT_STATUS:
      return sl_status_to_label (self->row->status);
    case SL_ENTRANT_SORT_CHARITY:
      return or_empty (self->row->charity_name);
    case SL_ENTRANT_SORT_CLUB:
      return or_empty (self->row->club);
    case SL_N_ENTRANT_SORTS:
    default:
      g_return_val_if_reached ("");
    }
}
