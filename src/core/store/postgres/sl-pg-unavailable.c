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

static GPtrArray *
pg_unavailable_facilities_list (SlDb *self,
                                GError **error)
{
  set_unavailable (error, "facilities_list");
  return NULL;
}

static SlFacility *
pg_unavailable_facility_get (SlDb *self,
                             gint64 id,
                             GError **error)
{
  set_unavailable (error, "facility_get");
  return NULL;
}

static GPtrArray *
pg_unavailable_facility_family (SlDb *self,
                                gint64 root_id,
                                GError **error)
{
  set_unavailable (error, "facility_family");
  return NULL;
}

static gboolean
pg_unavailable_facility_put (SlDb *self,
                             SlFacility *facility,
                             GError **error)
{
  set_unavailable (error, "facility_put");
  return FALSE;
}

static gboolean
pg_unavailable_facility_load (SlDb *self,
                              gint64 facility_id,
                              int start,
                              int end,
                              int *people,
                              GError **error)
{
  set_unavailable (error, "facility_load");
  return FALSE;
}

static gboolean
pg_unavailable_facility_inside (SlDb *self,
                                gint64 facility_id,
                                int *people,
                                GError **error)
{
  set_unavailable (error, "facility_inside");
  return FALSE;
}

static GArray *
pg_unavailable_slot_figures (SlDb *self,
                             gint64 facility_id,
                             GError **error)
{
  set_unavailable (error, "slot_figures");
  return NULL;
}

static GPtrArray *
pg_unavailable_bookings_list (SlDb *self,
                              gint64 facility_id,
                              int slot,
                              gint64 entrant_id,
                              gboolean with_inactive,
                              gboolean with_markers,
                              GError **error)
{
  set_unavailable (error, "bookings_list");
  return NULL;
}

static SlBooking *
pg_unavailable_booking_get (SlDb *self,
                            gint64 id,
                            GError **error)
{
  set_unavailable (error, "booking_get");
  return NULL;
}

static SlBooking *
pg_unavailable_booking_find (SlDb *self,
                             gint64 facility_id,
                             gint64 entrant_id,
                             gint64 link_id,
                             int slot,
                             GError **error)
{
  set_unavailable (error, "booking_find");
  return NULL;
}

static GPtrArray *
pg_unavailable_waiting_list (SlDb *self,
                             gint64 facility_id,
                             int slot,
                             GError **error)
{
  set_unavailable (error, "waiting_list");
  return NULL;
}

static gboolean
pg_unavailable_booking_put (SlDb *self,
                            SlBooking *booking,
                            GError **error)
{
  set_unavailable (error, "booking_put");
  return FALSE;
}

static SlFacilityVisit *
pg_unavailable_visit_open_get (SlDb *self,
                               gint64 entrant_id,
                               GError **error)
{
  set_unavailable (error, "visit_open_get");
  return NULL;
}

static gboolean
pg_unavailable_visit_put (SlDb *self,
                          SlFacilityVisit *visit,
                          GError **error)
{
  set_unavailable (error, "visit_put");
  return FALSE;
}

void
sl_pg_unavailable_install (SlDbClass *store_class)
{
  store_class->audit_erase_entrant = pg_unavailable_audit_erase_entrant;
  store_class->audit_erase_special = pg_unavailable_audit_erase_special;
  store_class->compact_erased = pg_unavailable_compact_erased;
  store_class->checkpoint_erased = pg_unavailable_checkpoint_erased;
  store_class->facilities_list = pg_unavailable_facilities_list;
  store_class->facility_get = pg_unavailable_facility_get;
  store_class->facility_family = pg_unavailable_facility_family;
  store_class->facility_put = pg_unavailable_facility_put;
  store_class->facility_load = pg_unavailable_facility_load;
  store_class->facility_inside = pg_unavailable_facility_inside;
  store_class->slot_figures = pg_unavailable_slot_figures;
  store_class->bookings_list = pg_unavailable_bookings_list;
  store_class->booking_get = pg_unavailable_booking_get;
  store_class->booking_find = pg_unavailable_booking_find;
  store_class->waiting_list = pg_unavailable_waiting_list;
  store_class->booking_put = pg_unavailable_booking_put;
  store_class->visit_open_get = pg_unavailable_visit_open_get;
  store_class->visit_put = pg_unavailable_visit_put;
}

