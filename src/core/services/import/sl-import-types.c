/* sl-import-types.c — what importing entrants from CSV files speaks of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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
