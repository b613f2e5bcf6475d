/* sl-sqlite-facilities.c — facilities, bookings and door visits in the
 * SQLite store
 *
 * The one writer of facility (facility_put), booking (booking_put) and
 * facility_visit (visit_put). Figures are read with SQL sums over the
 * bookings and visits, never kept in counters: what a write checks is
 * what the rows say inside its own transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-sqlite-private.h"
#include "sl-store.h"

/* A booking's span, for a booking b of a facility f. */
#define SPAN_START "(CASE WHEN b.slot < 0 THEN f.opens ELSE b.slot END)"
#define SPAN_END "(CASE WHEN b.slot < 0 THEN f.closes ELSE b.slot + f.slot_minutes END)"
#define HOLDS_PLACE "b.status IN ('confirmed', 'arrived', 'left')"

/* ---- Facilities ------------------------------------------------------ */

#define FACILITY_COLUMNS \
  "f.id, f.kind, f.name, f.location, f.capacity, f.opens, f.closes, f.slot_minutes," \
  " f.parent_id, f.closed, p.name," \
  " (SELECT ifnull (sum (b.party), 0) FROM booking b WHERE b.facility_id = f.id AND " HOLDS_PLACE ")," \
  " (SELECT ifnull (sum (b.party), 0) FROM booking b WHERE b.facility_id = f.id" \
  "   AND b.status = 'waiting')," \
  " (SELECT ifnull (sum (v.party), 0) FROM facility_visit v JOIN facility c ON c.id = v.facility_id" \
  "   WHERE v.left_at IS NULL AND (c.id = f.id OR c.parent_id = f.id))"
#define FACILITY_JOINS "facility f LEFT JOIN facility p ON p.id = f.parent_id"

static SlFacility *
facility_from_row (sqlite3_stmt *stmt)
{
  SlFacility *facility = g_new0 (SlFacility, 1);
  SlFacilityKind kind = SL_FACILITY_OTHER;

  facility->id = sqlite3_column_int64 (stmt, 0);
  sl_facility_kind_from_id ((const char *)sqlite3_column_text (stmt, 1), &kind);
  facility->kind = kind;
  facility->name = sl_sqlite_column_dup (stmt, 2);
  facility->location = sl_sqlite_column_dup (stmt, 3);
  facility->capacity = sqlite3_column_int (stmt, 4);
  facility->opens = sqlite3_column_int (stmt, 5);
  facility->closes = sqlite3_column_int (stmt, 6);
  facility->slot_minutes = sqlite3_column_int (stmt, 7);
  facility->parent_id = sqlite3_column_int64 (stmt, 8);
  facility->closed = sqlite3_column_int (stmt, 9) != 0;
  facility->parent_name = sl_sqlite_column_dup (stmt, 10);
  facility->confirmed = sqlite3_column_int (stmt, 11);
  facility->waiting = sqlite3_column_int (stmt, 12);
  facility->inside = sqlite3_column_int (stmt, 13);
  return facility;
}

static GPtrArray *
sqlite_facilities_list (SlDb    *db,
                        GError **error)
{
  return sl_sqlite_list_by_id (db, "SELECT " FACILITY_COLUMNS " FROM " FACILITY_JOINS
                                   " ORDER BY f.name COLLATE NOCASE, f.id",
                               0, (SlSqliteFromRowFunc)facility_from_row,
                               (GDestroyNotify)sl_facility_free, error);
}

static SlFacility *
sqlite_facility_get (SlDb    *db,
                     gint64   id,
                     GError **error)
{
  return sl_sqlite_get_by_id (db, "SELECT " FACILITY_COLUMNS " FROM " FACILITY_JOINS
                                 " WHERE f.id = ?", id,
                              (SlSqliteFromRowFunc)facility_from_row, error);
}

static GPtrArray *
sqlite_facility_family (SlDb    *db,
                        gint64   root_id,
                        GError **error)
{
  return sl_sqlite_list_by_id (db, "SELECT f.id, f.kind, f.name, f.location, f.capacity,"
                                   " f.opens, f.closes, f.slot_minutes, f.parent_id, f.closed,"
                                   " p.name, 0, 0, 0 FROM " FACILITY_JOINS
                                   " WHERE f.id = ?1 OR f.parent_id = ?1"
                                   " ORDER BY f.name COLLATE NOCASE, f.id",
                               root_id, (SlSqliteFromRowFunc)facility_from_row,
                               (GDestroyNotify)sl_facility_free, error);
}

static gboolean
sqlite_facility_put (SlDb        *db,
                     SlFacility  *facility,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  if (facility->id == 0)
    stmt = sl_sqlite_prepare (db, "INSERT INTO facility (kind, name, location, capacity, opens,"
                                  " closes, slot_minutes, parent_id, closed)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  else
    stmt = sl_sqlite_prepare (db, "UPDATE facility SET kind = ?1, name = ?2, location = ?3,"
                                  " capacity = ?4, opens = ?5, closes = ?6, slot_minutes = ?7,"
                                  " parent_id = ?8, closed = ?9 WHERE id = ?10", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sl_facility_kind_to_id (facility->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, facility->name, -1, SQLITE_TRANSIENT);
  sl_sqlite_bind_text (stmt, 3, facility->location);
  sqlite3_bind_int (stmt, 4, facility->capacity);
  sqlite3_bind_int (stmt, 5, facility->opens);
  sqlite3_bind_int (stmt, 6, facility->closes);
  sqlite3_bind_int (stmt, 7, facility->slot_minutes);
  if (facility->parent_id != 0)
    sqlite3_bind_int64 (stmt, 8, facility->parent_id);
  else
    sqlite3_bind_null (stmt, 8);
  sqlite3_bind_int (stmt, 9, facility->closed ? 1 : 0);
  if (facility->id != 0)
    sqlite3_bind_int64 (stmt, 10, facility->id);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  if (facility->id == 0)
    facility->id = sqlite3_last_insert_rowid (sl_sqlite_get_handle (db));
  return TRUE;
}

static gboolean
query_people (SlDb         *db,
              sqlite3_stmt *stmt,
              int          *people,
              GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *people = sqlite3_column_int (stmt, 0);
  else
    sl_sqlite_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

static gboolean
sqlite_facility_load (SlDb    *db,
                      gint64   facility_id,
                      int      start,
                      int      end,
                      int     *people,
                      GError **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  sl_db_lock (db);
  /* The peak: the largest sum of the bookings covering one minute, the
   * minutes tried being start and each booking's start inside the range
   * (the sum only rises where a booking starts).
   */
  stmt = sl_sqlite_prepare (db, "WITH spans (party, s, e) AS (SELECT b.party, " SPAN_START ", "
                                SPAN_END " FROM facility f JOIN booking b ON b.facility_id = f.id"
                                " WHERE (f.id = ?1 OR f.parent_id = ?1) AND " HOLDS_PLACE
                                " AND " SPAN_START " < ?3 AND " SPAN_END " > ?2),"
                                " minutes (t) AS (SELECT ?2 UNION SELECT s FROM spans"
                                " WHERE s > ?2 AND s < ?3)"
                                " SELECT ifnull (max ((SELECT sum (party) FROM spans"
                                " WHERE s <= t AND e > t)), 0) FROM minutes", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, facility_id);
      sqlite3_bind_int (stmt, 2, start);
      sqlite3_bind_int (stmt, 3, end);
      ok = query_people (db, stmt, people, error);
    }
  sl_db_unlock (db);
  return ok;
}

static gboolean
sqlite_facility_inside (SlDb    *db,
                        gint64   facility_id,
                        int     *people,
                        GError **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT ifnull (sum (v.party), 0) FROM facility c"
                                " JOIN facility_visit v ON v.facility_id = c.id AND v.left_at IS NULL"
                                " WHERE c.id = ?1 OR c.parent_id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, facility_id);
      ok = query_people (db, stmt, people, error);
    }
  sl_db_unlock (db);
  return ok;
}

static void
read_slot_figures (sqlite3_stmt *stmt,
                   gpointer      user_data)
{
  SlSlotFigures row = { 0 };

  row.slot = sqlite3_column_int (stmt, 0);
  row.confirmed = sqlite3_column_int (stmt, 1);
  row.waiting = sqlite3_column_int (stmt, 2);
  g_array_append_val ((GArray *)user_data, row);
}

static GArray *
sqlite_slot_figures (SlDb    *db,
                     gint64   facility_id,
                     GError **error)
{
  g_autoptr(GArray) figures = g_array_new (FALSE, TRUE, sizeof (SlSlotFigures));
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT b.slot,"
                                " ifnull (sum (CASE WHEN " HOLDS_PLACE " THEN b.party END), 0),"
                                " ifnull (sum (CASE WHEN b.status = 'waiting' THEN b.party END), 0)"
                                " FROM booking b WHERE b.facility_id = ?"
                                " AND b.status IN ('confirmed', 'arrived', 'waiting')"
                                " GROUP BY b.slot ORDER BY b.slot", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, facility_id);
      ok = sl_sqlite_each_row (db, stmt, read_slot_figures, figures, error);
    }
  sl_db_unlock (db);
  return ok ? g_steal_pointer (&figures) : NULL;
}

/* ---- Bookings -------------------------------------------------------- */

#define BOOKING_COLUMNS \
  "b.id, b.facility_id, b.entrant_id, b.link_id, b.slot, b.party, b.status," \
  " CASE WHEN b.status = 'waiting' THEN (SELECT count (*) FROM booking w" \
  "   WHERE w.facility_id = b.facility_id AND w.status = 'waiting' AND w.slot = b.slot" \
  "   AND w.id <= b.id) ELSE 0 END," \
  " b.created_by, b.created_at, f.name, e.bib, e.first_name, e.last_name, l.companion_name"
#define BOOKING_JOINS \
  "booking b JOIN facility f ON f.id = b.facility_id JOIN entrant e ON e.id = b.entrant_id" \
  " LEFT JOIN entrant_link l ON l.id = b.link_id"
/* The markers column (?5 set): on the entrant's own booking row only,
 * never a companion's, for those who gave consent to share with facility
 * leads on a need still open (not withdrawn or declined).
 */
#define BOOKING_MARKERS \
  "CASE WHEN ?5 AND b.link_id IS NULL AND EXISTS (SELECT 1 FROM need n" \
  "   JOIN need_consent c ON c.need_id = n.id WHERE n.entrant_id = b.entrant_id" \
  "   AND n.status NOT IN ('withdrawn', 'declined')" \
  "   AND c.recipient = 'facility' AND c.given = 1)" \
  " THEN (SELECT group_concat (m.marker, ',') FROM entrant_marker m" \
  "   WHERE m.entrant_id = b.entrant_id) END"

static SlBooking *
booking_from_row (sqlite3_stmt *stmt)
{
  SlBooking *booking = g_new0 (SlBooking, 1);
  SlBookingStatus status = SL_BOOKING_CANCELLED;

  booking->id = sqlite3_column_int64 (stmt, 0);
  booking->facility_id = sqlite3_column_int64 (stmt, 1);
  booking->entrant_id = sqlite3_column_int64 (stmt, 2);
  booking->link_id = sqlite3_column_int64 (stmt, 3);
  booking->slot = sqlite3_column_int (stmt, 4);
  booking->party = sqlite3_column_int (stmt, 5);
  sl_booking_status_from_id ((const char *)sqlite3_column_text (stmt, 6), &status);
  booking->status = status;
  booking->position = sqlite3_column_int (stmt, 7);
  booking->created_by = sl_sqlite_column_dup (stmt, 8);
  booking->created_at = sl_sqlite_column_dup (stmt, 9);
  booking->facility_name = sl_sqlite_column_dup (stmt, 10);
  booking->bib = sl_sqlite_column_dup (stmt, 11);
  booking->first_name = sl_sqlite_column_dup (stmt, 12);
  booking->last_name = sl_sqlite_column_dup (stmt, 13);
  booking->companion_name = sl_sqlite_column_dup (stmt, 14);
  return booking;
}

static SlBooking *
booking_with_markers_from_row (sqlite3_stmt *stmt)
{
  SlBooking *booking = booking_from_row (stmt);

  booking->markers = sl_markers_from_ids ((const char *)sqlite3_column_text (stmt, 15), ",");
  return booking;
}

static GPtrArray *
sqlite_bookings_list (SlDb      *db,
                      gint64     facility_id,
                      int        slot,
                      gint64     entrant_id,
                      gboolean   with_inactive,
                      gboolean   with_markers,
                      GError   **error)
{
  GPtrArray *bookings = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT " BOOKING_COLUMNS ", " BOOKING_MARKERS
                                " FROM " BOOKING_JOINS
                                " WHERE (?1 = 0 OR b.facility_id = ?1) AND (?2 = -2 OR b.slot = ?2)"
                                " AND (?3 = 0 OR b.entrant_id = ?3)"
                                " AND (?4 OR b.status IN ('confirmed', 'waiting', 'arrived'))"
                                " ORDER BY f.name COLLATE NOCASE, b.facility_id, b.slot,"
                                " CASE WHEN " HOLDS_PLACE " THEN 0 WHEN b.status = 'waiting' THEN 1"
                                " ELSE 2 END, CASE WHEN b.status = 'waiting' THEN b.id END,"
                                " e.sort_name, b.id", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, facility_id);
      sqlite3_bind_int (stmt, 2, slot);
      sqlite3_bind_int64 (stmt, 3, entrant_id);
      sqlite3_bind_int (stmt, 4, with_inactive ? 1 : 0);
      sqlite3_bind_int (stmt, 5, with_markers ? 1 : 0);
      bookings = sl_sqlite_collect (db, stmt,
                                    with_markers
                                    ? (SlSqliteFromRowFunc)booking_with_markers_from_row
                                    : (SlSqliteFromRowFunc)booking_from_row,
                                    (GDestroyNotify)sl_booking_free, error);
    }
  sl_db_unlock (db);
  return bookings;
}

static SlBooking *
first_booking (SlDb         *db,
               sqlite3_stmt *stmt,
               GError      **error)
{
  return sl_sqlite_step_one (db, stmt, (SlSqliteFromRowFunc)booking_from_row, error);
}

static SlBooking *
sqlite_booking_get (SlDb    *db,
                    gint64   id,
                    GError **error)
{
  return sl_sqlite_get_by_id (db, "SELECT " BOOKING_COLUMNS " FROM " BOOKING_JOINS
                                  " WHERE b.id = ?",
                              id, (SlSqliteFromRowFunc)booking_from_row, error);
}

static SlBooking *
sqlite_booking_find (SlDb    *db,
                     gint64   facility_id,
                     gint64   entrant_id,
                     gint64   link_id,
                     int      slot,
                     GError **error)
{
  SlBooking *booking = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT " BOOKING_COLUMNS " FROM " BOOKING_JOINS
                                " WHERE b.facility_id = ?1 AND b.entrant_id = ?2"
                                " AND ifnull (b.link_id, 0) = ?3"
                                " AND ((?4 = -2 AND " HOLDS_PLACE ") OR (b.slot = ?4"
                                " AND (" HOLDS_PLACE " OR b.status = 'waiting')))"
                                " ORDER BY b.slot LIMIT 1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, facility_id);
      sqlite3_bind_int64 (stmt, 2, entrant_id);
      sqlite3_bind_int64 (stmt, 3, link_id);
      sqlite3_bind_int (stmt, 4, slot);
      booking = first_booking (db, stmt, error);
    }
  sl_db_unlock (db);
  return booking;
}

static GPtrArray *
sqlite_waiting_list (SlDb    *db,
                     gint64   facility_id,
                     int      slot,
                     GError **error)
{
  GPtrArray *bookings = NULL;
  sqlite3_stmt *stmt;

  sl_db_lock (db);
  stmt = sl_sqlite_prepare (db, "SELECT " BOOKING_COLUMNS " FROM " BOOKING_JOINS
                                " WHERE b.facility_id = ?1 AND b.status = 'waiting' AND b.slot = ?2"
                                " ORDER BY b.id", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, facility_id);
      sqlite3_bind_int (stmt, 2, slot);
      bookings = sl_sqlite_collect (db, stmt, (SlSqliteFromRowFunc)booking_from_row,
                                    (GDestroyNotify)sl_booking_free, error);
    }
  sl_db_unlock (db);
  return bookings;
}

static gboolean
sqlite_booking_put (SlDb       *db,
                    SlBooking  *booking,
                    GError    **error)
{
  sqlite3_stmt *stmt;

  if (booking->id != 0)
    {
      stmt = sl_sqlite_prepare (db, "UPDATE booking SET status = ?1 WHERE id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, sl_booking_status_to_id (booking->status), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, booking->id);
      return sl_sqlite_step_done (db, stmt, error);
    }
  stmt = sl_sqlite_prepare (db, "INSERT INTO booking (facility_id, entrant_id, link_id, slot, party,"
                                " status, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, booking->facility_id);
  sqlite3_bind_int64 (stmt, 2, booking->entrant_id);
  if (booking->link_id != 0)
    sqlite3_bind_int64 (stmt, 3, booking->link_id);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int (stmt, 4, booking->slot);
  sqlite3_bind_int (stmt, 5, booking->party);
  sqlite3_bind_text (stmt, 6, sl_booking_status_to_id (booking->status), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, booking->created_by, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, booking->created_at, -1, SQLITE_TRANSIENT);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  booking->id = sqlite3_last_insert_rowid (sl_sqlite_get_handle (db));
  return TRUE;
}

/* ---- Visits ---------------------------------------------------------- */

#define VISIT_COLUMNS \
  "SELECT id, facility_id, entrant_id, booking_id, party, entered_at, entered_by, left_at," \
  " over_capacity_reason FROM facility_visit"

static SlFacilityVisit *
read_visit (sqlite3_stmt *stmt)
{
  SlFacilityVisit *visit = g_new0 (SlFacilityVisit, 1);

  visit->id = sqlite3_column_int64 (stmt, 0);
  visit->facility_id = sqlite3_column_int64 (stmt, 1);
  visit->entrant_id = sqlite3_column_int64 (stmt, 2);
  visit->booking_id = sqlite3_column_int64 (stmt, 3);
  visit->party = sqlite3_column_int (stmt, 4);
  visit->entered_at = sl_sqlite_column_dup (stmt, 5);
  visit->entered_by = sl_sqlite_column_dup (stmt, 6);
  visit->left_at = sl_sqlite_column_dup (stmt, 7);
  visit->over_capacity_reason = sl_sqlite_column_dup (stmt, 8);
  return visit;
}

static SlFacilityVisit *
sqlite_visit_open_get (SlDb    *db,
                       gint64   entrant_id,
                       GError **error)
{
  return sl_sqlite_get_by_id (db, VISIT_COLUMNS " WHERE entrant_id = ? AND left_at IS NULL",
                              entrant_id, (SlSqliteFromRowFunc)read_visit, error);
}

static GPtrArray *
sqlite_visits_list (SlDb    *db,
                    gint64   entrant_id,
                    GError **error)
{
  return sl_sqlite_list_by_id (db, VISIT_COLUMNS " WHERE entrant_id = ? ORDER BY id", entrant_id,
                               (SlSqliteFromRowFunc)read_visit,
                               (GDestroyNotify)sl_facility_visit_free, error);
}

static gboolean
sqlite_visit_put (SlDb             *db,
                  SlFacilityVisit  *visit,
                  GError          **error)
{
  sqlite3_stmt *stmt;

  if (visit->id != 0)
    {
      stmt = sl_sqlite_prepare (db, "UPDATE facility_visit SET left_at = ?1,"
                                    " over_capacity_reason = ?3 WHERE id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sl_sqlite_bind_text (stmt, 1, visit->left_at);
      sqlite3_bind_int64 (stmt, 2, visit->id);
      sl_sqlite_bind_text (stmt, 3, visit->over_capacity_reason);
      return sl_sqlite_step_done (db, stmt, error);
    }
  stmt = sl_sqlite_prepare (db, "INSERT INTO facility_visit (facility_id, entrant_id, booking_id,"
                                " party, entered_at, entered_by, over_capacity_reason)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, visit->facility_id);
  sqlite3_bind_int64 (stmt, 2, visit->entrant_id);
  if (visit->booking_id != 0)
    sqlite3_bind_int64 (stmt, 3, visit->booking_id);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int (stmt, 4, visit->party);
  sqlite3_bind_text (stmt, 5, visit->entered_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, visit->entered_by, -1, SQLITE_TRANSIENT);
  sl_sqlite_bind_text (stmt, 7, visit->over_capacity_reason);
  if (!sl_sqlite_step_done (db, stmt, error))
    return FALSE;
  visit->id = sqlite3_last_insert_rowid (sl_sqlite_get_handle (db));
  return TRUE;
}

void
sl_sqlite_facilities_install (SlDbClass *store_class)
{
  store_class->facilities_list = sqlite_facilities_list;
  store_class->facility_get = sqlite_facility_get;
  store_class->facility_family = sqlite_facility_family;
  store_class->facility_put = sqlite_facility_put;
  store_class->facility_load = sqlite_facility_load;
  store_class->facility_inside = sqlite_facility_inside;
  store_class->slot_figures = sqlite_slot_figures;
  store_class->bookings_list = sqlite_bookings_list;
  store_class->booking_get = sqlite_booking_get;
  store_class->booking_find = sqlite_booking_find;
  store_class->waiting_list = sqlite_waiting_list;
  store_class->booking_put = sqlite_booking_put;
  store_class->visit_open_get = sqlite_visit_open_get;
  store_class->visit_put = sqlite_visit_put;
  store_class->visits_list = sqlite_visits_list;
}
