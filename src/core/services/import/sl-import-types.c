/* sl-import-types.c — what importing entrants from CSV files speaks of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-import-types.h"

G_DEFINE_QUARK (sl-import-error-quark, sl_import_error)

void
sl_import_options_init (SlImportOptions *options)
{
  g_return_if_fail (options != NULL);
  memset (options, 0, sizeof *options);
}

void
sl_import_options_clear (SlImportOptions *options)
{
  g_return_if_fail (options != NULL);
  for (guint i = 0; i < SL_N_IMPORT_FIELDS; i++)
    g_clear_pointer (&options->mapping[i], g_free);
  memset (options, 0, sizeof *options);
}

void
sl_import_problem_free (SlImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->reason);
  g_free (problem);
}

void
sl_import_preview_free (SlImportPreview *preview)
{
  if (preview == NULL)
    return;
  g_free (preview->encoding);
  g_free (preview->notice);
  g_strfreev (preview->headers);
  g_free (preview->fields);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_free (preview);
}

void
sl_import_result_free (SlImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->notice);
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_clear_pointer (&result->added, g_ptr_array_unref);
  g_free (result);
}

gboolean
sl_import_field_is_need (SlImportField field)
{
  return field >= SL_IMPORT_FIELD_DISABILITY && field < SL_N_IMPORT_FIELDS;
}

gboolean
sl_import_field_is_detail (SlImportField field)
{
  return field >= SL_IMPORT_FIELD_DISABILITY && field <= SL_IMPORT_FIELD_MEDICAL;
}

/* "12 needs, 4 guide runner links, 7 markers"; links of a kind with none
 * left out, needs and markers always said.
 */
static char *
dup_counts (guint needs,
            guint guide_links,
            guint support_links,
            guint links,
            guint markers)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u need", "%'u needs", needs), needs));
  if (guide_links > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u guide runner link",
                                                       "%'u guide runner links", guide_links),
                                             guide_links));
  if (support_links > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u support runner link",
                                                       "%'u support runner links",
                                                       support_links),
                                             support_links));
  if (links > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u link", "%'u links", links), links));
  if (guide_links + support_links + links == 0)
    g_ptr_array_add (parts, g_strdup (_("no links")));
  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%'u marker", "%'u markers", markers),
                                           markers));
  g_ptr_array_add (parts, NULL);
  /* Translators: the separator between "12 needs", "4 guide runner links" … */
  return g_strjoinv (_(", "), (char **)parts->pdata);
}

char *
sl_import_result_dup_needs_summary (const SlImportResult *result)
{
  g_autofree char *counts = NULL;
  g_autofree char *existing = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (!result->has_needs)
    return NULL;
  counts = dup_counts (result->needs, result->guide_links, result->support_links, 0,
                       result->markers);
  if (result->needs_existing + result->links_existing + result->markers_existing == 0)
    return g_steal_pointer (&counts);
  existing = dup_counts (result->needs_existing, 0, 0, result->links_existing,
                         result->markers_existing);
  /* Translators: what an import recorded, then what the event had already,
   * e.g. "12 needs, 4 guide runner links, 7 markers (already recorded, so
   * not again: 2 needs, no links, 1 marker)"
   */
  return g_strdup_printf (_("%s (already recorded, so not again: %s)"), counts, existing);
}
