/* sl-pg-unavailable.c — the store methods the PostgreSQL store does not
 * have yet
 *
 * Each fails at once with one clear SL_DB_ERROR_FAILED message naming
 * what is missing ("… is not yet available for server events"): never a
 * crash, never a pretended success. sl_pg_db_class_init installs these
 * first and the implemented methods over them. Void methods (the ends of
 * work that could not begin) do nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-pg-private.h"

static void
set_unavailable (GError     **error,
                 const char  *method)
{
  g_autofree char *what = g_strdelimit (g_strdup (method), "_", ' ');

  what[0] = g_ascii_toupper (what[0]);
  g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED,
               _("%s is not yet available for server events"), what);
}

static gboolean
pg_unavailable_audit_erase_entrant (SlDb *self,
                                    gint64 entrant_id,
                                    guint *n_erased,
                                    GError **error)
{
  set_unavailable (error, "audit_erase_entrant");
  return FALSE;
}

static gboolean
pg_unavailable_audit_erase_special (SlDb *self,
                                    guint *n_erased,
                                    GError **error)
{
  set_unavailable (error, "audit_erase_special");
  return FALSE;
}

static gboolean
pg_unavailable_compact_erased (SlDb *self,
                               GError **error)
{
  set_unavailable (error, "compact_erased");
  return FALSE;
}

static gboolean
pg_unavailable_checkpoint_erased (SlDb *self,
                                  gboolean *complete,
                                  GError **error)
{
  set_unavailable (error, "checkpoint_erased");
  return FALSE;
}

void
sl_pg_unavailable_install (SlDbClass *store_class)
{
  store_class->audit_erase_entrant = pg_unavailable_audit_erase_entrant;
  store_class->audit_erase_special = pg_unavailable_audit_erase_special;
  store_class->compact_erased = pg_unavailable_compact_erased;
  store_class->checkpoint_erased = pg_unavailable_checkpoint_erased;
}

