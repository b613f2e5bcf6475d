/* sl-import-needs.c — an import's support needs columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-import-needs.h"
#include "sl-needs-private.h"

/* The marker columns are in SlMarker's order. */
G_STATIC_ASSERT (SL_IMPORT_FIELD_DEAF - SL_IMPORT_FIELD_DEAF == SL_MARKER_DEAF);
G_STATIC_ASSERT (SL_IMPORT_FIELD_VISUALLY_IMPAIRED - SL_IMPORT_FIELD_DEAF
                 == SL_MARKER_VISUALLY_IMPAIRED);
G_STATIC_ASSERT (SL_IMPORT_FIELD_I_NEED_SPACE - SL_IMPORT_FIELD_DEAF == SL_MARKER_I_NEED_SPACE);
G_STATIC_ASSERT (SL_IMPORT_FIELD_WHEELCHAIR - SL_IMPORT_FIELD_DEAF == SL_MARKER_WHEELCHAIR);

typedef struct
{
  gint64      entrant_id;
  gboolean    stored;
  SlLinkKind  kind;
  char       *bib;
  guint       line;
} PendingLink;

static void
pending_link_clear (gpointer data)
{
  PendingLink *link = data;

  g_free (link->bib);
}

static gboolean
find_types (SlImportNeeds  *self,
            GError        **error)
{
  g_autoptr(GPtrArray) types = sl_db_list_need_types (self->db, error);

  if (types == NULL)
    return FALSE;
  for (guint i = types->len; i > 0; i--)
    {
      SlNeedType *type = g_ptr_array_index (types, i - 1);

      if (g_str_equal (type->code, "other") && self->other == NULL)
        self->other = g_ptr_array_steal_index (types, i - 1);
      else if (g_str_equal (type->code, "medical-condition") && self->medical == NULL)
        self->medical = g_ptr_array_steal_index (types, i - 1);
    }
  if (self->other == NULL || self->medical == NULL)
    {
      g_set_error (error, SL_NEED_ERROR, SL_NEED_ERROR_NOT_FOUND,
                   _("The event has no need type “%s”, which the import records needs as"),
                   self->other == NULL ? "other" : "medical-condition");
      return FALSE;
    }
  return TRUE;
}

static const char *
need_key (SlImportNeeds *self,
          gint64         entrant_id,
          gint64         type_id)
{
  g_string_printf (self->key, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, entrant_id, type_id);
  return self->key->str;
}

/* Every need the event has, as entrant and type: a need of a type the
 * entrant has already is not recorded again.
 */
static gboolean
read_need_keys (SlImportNeeds  *self,
                GError        **error)
{
  SlNeedFilter all = SL_NEED_FILTER_INIT;
  g_autoptr(GPtrArray) needs = sl_db_list_needs_locked (self->db, &all, error);

  if (needs == NULL)
    return FALSE;
  for (guint i = 0; i < needs->len; i++)
    {
      const SlNeed *need = g_ptr_array_index (needs, i);

      g_hash_table_add (self->need_keys,
                        g_strdup (need_key (self, need->entrant_id, need->type_id)));
    }
  return TRUE;
}

gboolean
sl_import_needs_begin (SlImportNeeds         *self,
                       SlDb                  *db,
                       const SlImportHeader  *header,
                       GBytes                *public_key,
                       gboolean               writing,
                       SlImportResult        *result,
                       GError               **error)
{
  memset (self, 0, sizeof *self);
  self->db = db;
  self->header = header;
  self->public_key = public_key;
  self->writing = writing;
  self->result = result;
  self->need_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->row_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->links = g_array_new (FALSE, TRUE, sizeof (PendingLink));
  g_array_set_clear_func (self->links, pending_link_clear);
  self->key = g_string_new (NULL);
  return find_types (self, error) && read_need_keys (self, error);
}

void
sl_import_needs_clear (SlImportNeeds *self)
{
  g_clear_pointer (&self->other, sl_need_type_free);
  g_clear_pointer (&self->medical, sl_need_type_free);
  g_clear_pointer (&self->need_keys, g_hash_table_unref);
  g_clear_pointer (&self->row_ids, g_hash_table_unref);
  g_clear_pointer (&self->links, g_array_unref);
  if (self->key != NULL)
    g_string_free (self->key, TRUE);
  self->key = NULL;
}

/* A need of type with detail, unless the entrant has one of that type. */
static gboolean
add_need (SlImportNeeds     *self,
          gint64             entrant_id,
          const SlNeedType  *type,
          const char        *detail,
          GError           **error)
{
  const char *key;

  if (detail == NULL)
    return TRUE;
  key = need_key (self, entrant_id, type->id);
  if (g_hash_table_contains (self->need_keys, key))
    {
      self->result->needs_existing++;
      return TRUE;
    }
  g_hash_table_add (self->need_keys, g_strdup (key));
  if (self->writing
      && sl_db_record_need_locked (self->db, self->public_key, entrant_id, type, detail,
                                   error) == 0)
    return FALSE;
  self->result->needs++;
  return TRUE;
}

static gboolean
add_markers (SlImportNeeds  *self,
             gint64          entrant_id,
             gboolean        stored,
             guint           markers,
             GError        **error)
{
  guint had = 0;

  if (markers == 0)
    return TRUE;
  if (!self->writing && stored
      && !sl_db_get_markers (self->db, entrant_id, &had, error))
    return FALSE;
  for (SlMarker m = 0; m < SL_N_MARKERS; m++)
    {
      gboolean changed = (had & (1u << m)) == 0;

      if ((markers & (1u << m)) == 0)
        continue;
      if (self->writing && !sl_db_set_marker_locked (self->db, entrant_id, m, &changed, error))
        return FALSE;
      if (changed)
        self->result->markers++;
      else
        self->result->markers_existing++;
    }
  return TRUE;
}

static void
queue_link (SlImportNeeds *self,
            gint64         entrant_id,
            gboolean       stored,
            SlLinkKind     kind,
            const char    *bib,
            guint          line)
{
  PendingLink link = { entrant_id, stored, kind, g_strdup (bib), line };

  if (bib != NULL)
    g_array_append_val (self->links, link);
}

gboolean
sl_import_needs_add_row (SlImportNeeds      *self,
                         const SlImportRow  *row,
                         gint64              entrant_id,
                         gboolean            stored,
                         guint               line,
                         GError            **error)
{
  g_hash_table_insert (self->row_ids, g_strdup (row->entrant.bib),
                       GSIZE_TO_POINTER ((gsize)entrant_id));
  queue_link (self, entrant_id, stored, SL_LINK_GUIDE, row->guide_bib, line);
  queue_link (self, entrant_id, stored, SL_LINK_SUPPORT_RUNNER, row->support_bib, line);
  return add_need (self, entrant_id, self->other, row->other_detail, error)
         && add_need (self, entrant_id, self->medical, row->medical_detail, error)
         && add_markers (self, entrant_id, stored, row->markers, error);
}

/* ---- Links, once every row is in --------------------------------------- */

static gint64 find_bib (SlImportNeeds *self,
                        GHashTable    *stored_bibs,
                        const char    *bib);

static void
link_problem (SlImportNeeds     *self,
              const PendingLink *link,
              GHashTable        *stored_bibs,
              GHashTable        *seen_bibs,
              gboolean           good_rows_only)
{
  SlImportField field = link->kind == SL_LINK_GUIDE ? SL_IMPORT_FIELD_GUIDE_BIB
                                                    : SL_IMPORT_FIELD_SUPPORT_BIB;
  guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (seen_bibs, link->bib));
  g_autofree char *reason = NULL;

  if (find_bib (self, stored_bibs, link->bib) == link->entrant_id)
    reason = g_strdup_printf (_("bib %s is the entrant’s own, so it cannot be linked"),
                              link->bib);
  else if (seen != 0)
    reason = g_strdup_printf (_("bib %s is on line %u, which was not imported, so it cannot be "
                                "linked"), link->bib, seen);
  else
    reason = g_strdup_printf (_("there is no entrant with bib %s in this event or in this file "
                                "to link"), link->bib);
  if (good_rows_only)
    {
      /* The row's entrant is in: only the link is refused. */
      sl_import_add_problem (self->result, self->header, link->line,
                             self->header->columns[field],
                             _("%s; the entrant was imported without the link"), reason);
      self->result->rejected--;
    }
  else
    sl_import_add_problem (self->result, self->header, link->line,
                           self->header->columns[field], "%s", reason);
}

static gint64
find_bib (SlImportNeeds *self,
          GHashTable    *stored_bibs,
          const char    *bib)
{
  gpointer id;

  if (g_hash_table_lookup_extended (self->row_ids, bib, NULL, &id)
      || (stored_bibs != NULL && g_hash_table_lookup_extended (stored_bibs, bib, NULL, &id)))
    return (gint64)GPOINTER_TO_SIZE (id);
  return 0;
}

/* Whether a dry run's link is there already (both entrants stored). */
static gboolean
has_link (SlImportNeeds        *self,
          const SlEntrantLink  *link,
          gboolean             *found,
          GError              **error)
{
  g_autoptr(GPtrArray) links = sl_db_list_links_locked (self->db, link->entrant_id, error);

  *found = FALSE;
  if (links == NULL)
    return FALSE;
  for (guint i = 0; i < links->len && !*found; i++)
    {
      const SlEntrantLink *old = g_ptr_array_index (links, i);

      *found = old->entrant_id == link->entrant_id && old->kind == link->kind
               && old->linked_entrant_id == link->linked_entrant_id;
    }
  return TRUE;
}

static gint
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const SlImportProblem *pa = *(const SlImportProblem **)a;
  const SlImportProblem *pb = *(const SlImportProblem **)b;

  return pa->line < pb->line ? -1 : pa->line > pb->line;
}

gboolean
sl_import_needs_finish (SlImportNeeds  *self,
                        GHashTable     *stored_bibs,
                        GHashTable     *seen_bibs,
                        gboolean        good_rows_only,
                        GError        **error)
{
  guint problems = self->result->problems->len;

  for (guint i = 0; i < self->links->len; i++)
    {
      const PendingLink *pending = &g_array_index (self->links, PendingLink, i);
      SlEntrantLink link = { 0, pending->entrant_id, pending->kind };
      gboolean found = FALSE;

      link.linked_entrant_id = find_bib (self, stored_bibs, pending->bib);
      if (link.linked_entrant_id == 0 || link.linked_entrant_id == link.entrant_id)
        {
          link_problem (self, pending, stored_bibs, seen_bibs, good_rows_only);
          continue;
        }
      if (self->writing)
        {
          if (!sl_db_add_link_locked (self->db, &link, &found, error))
            return FALSE;
          found = !found;
        }
      else if (pending->stored && link.linked_entrant_id < G_MAXINT64 / 2
               && !has_link (self, &link, &found, error))
        return FALSE;
      if (found)
        self->result->links_existing++;
      else if (link.kind == SL_LINK_GUIDE)
        self->result->guide_links++;
      else
        self->result->support_links++;
    }
  /* The problems are in file order, these with the rest. */
  if (self->result->problems->len > problems)
    g_ptr_array_sort (self->result->problems, compare_problems);
  return TRUE;
}
