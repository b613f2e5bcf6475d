/* sl-event-copy.c — copying a whole event to a new file or server
 *
 * The source's store reads every table in one snapshot (copy_dump) and
 * hands each row to the destination's store (copy_load) inside the one
 * write that makes the new event (sl_db_create_filled): a file to a
 * server, a server to a file, or alike. Rows are never interpreted here,
 * so nothing is decrypted or re-encoded: what was sealed stays sealed
 * and the audit entries keep their bytes, hence their hashes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-event-copy.h"
#include "sl-json-image.h"
#include "sl-session.h"
#include "sl-staff.h"
#include "sl-store.h"

typedef struct
{
  SlDb              *source;
  SlDb              *destination;
  SlEventCopyResult  result;
} CopyJob;

static gboolean
load_row_cb (const SlCopyTable  *table,
             const SlCopyValue  *values,
             gpointer            user_data,
             GError            **error)
{
  CopyJob *job = user_data;

  job->result.n_rows++;
  if (g_str_equal (table->name, "audit_log"))
    job->result.n_audit_entries++;
  return SL_STORE (job->destination)->copy_load (job->destination, table, values, error);
}

static char *
dup_copy_image (const SlEventCopyResult *result)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "rows", result->n_rows);
  sl_json_image_add_int (&image, "audit_entries", result->n_audit_entries);
  return sl_json_image_end_to_string (&image);
}

/* The copied accounts, each without a login where accounts are logins:
 * the copy carries their hashes, never their passphrases.
 */
static gboolean
list_without_login (SlDb               *destination,
                    SlEventCopyResult  *result,
                    GError            **error)
{
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GPtrArray) names = NULL;

  g_clear_pointer (&result->without_login, g_strfreev);
  if (!sl_db_staff_are_logins (destination))
    return TRUE;
  if (!(staff = SL_STORE (destination)->staff_list (destination, error)))
    return FALSE;
  names = g_ptr_array_new ();
  for (guint i = 0; i < staff->len; i++)
    g_ptr_array_add (names, g_strdup (((SlStaffAccount *)g_ptr_array_index (staff, i))->name));
  g_ptr_array_add (names, NULL);
  result->without_login = (GStrv)g_ptr_array_free (g_steal_pointer (&names), FALSE);
  return TRUE;
}

/* In the write that makes the destination. */
static gboolean
fill_cb (SlDb      *destination,
         gpointer   user_data,
         GError   **error)
{
  CopyJob *job = user_data;
  g_autofree char *image = NULL;

  job->destination = destination;
  /* The copy's own entry names who copied, as the source knows them. */
  sl_db_set_actor (destination, sl_db_get_operator (job->source),
                   sl_db_get_desk (job->source));
  if (!SL_STORE (destination)->copy_begin (destination, error)
      || !SL_STORE (job->source)->copy_dump (job->source, load_row_cb, job, error)
      || !SL_STORE (destination)->copy_finish (destination, error))
    return FALSE;
  if (job->result.n_audit_entries == 0)
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
                           _("The event to copy has no audit log: nothing was copied"));
      return FALSE;
    }
  if (!list_without_login (destination, &job->result, error))
    return FALSE;
  image = dup_copy_image (&job->result);
  return sl_db_audit (destination, "copy", "event", 1, NULL, image, error);
}

static gboolean
may_copy (SlDb    *source,
          GError **error)
{
  g_autoptr(GPtrArray) staff = SL_STORE (source)->staff_list (source, error);

  if (staff == NULL)
    return FALSE;
  /* As with the first account: whoever holds an event without accounts
   * holds all of it already.
   */
  return staff->len == 0 || sl_db_require (source, SL_ACTION_COPY_EVENT, error);
}

gboolean
sl_event_copy (SlDb               *source,
               const char         *destination,
               SlEventCopyResult  *result,
               GError            **error)
{
  CopyJob job = { source, NULL, { 0 } };
  gboolean ok;
  g_autoptr(SlDb) copy = NULL;

  g_return_val_if_fail (SL_IS_DB (source), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!may_copy (source, error))
    return FALSE;
  copy = sl_db_create_filled (destination, fill_cb, &job, error);
  ok = copy != NULL;
  if (ok && result != NULL)
    *result = job.result;
  else
    sl_event_copy_result_clear (&job.result);
  return ok;
}

void
sl_event_copy_result_clear (SlEventCopyResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->without_login, g_strfreev);
}
