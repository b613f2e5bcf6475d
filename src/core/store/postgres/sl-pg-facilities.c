/* sl-pg-facilities.c — facilities, bookings and door visits in the
 * PostgreSQL store
 *
 * The same reads and writes as sl-sqlite-facilities.c: the one writer of
 * facility (facility_put), booking (booking_put) and facility_visit
 * (visit_put); figures are SQL sums over the bookings and visits, never
 * counters.
 *
 * Inside a write every read a decision rests on first takes a row lock
 * (SELECT … FOR UPDATE) on what it counts: the facility's row (its
 * places, its slots' bookings and waiting lists, the people inside), the
 * booking's and its facility's rows, the entrant's open visit. A write
 * runs at READ COMMITTED, so each statement after the lock sees what the
 * writer before it committed: two writers cannot both see the last free
 * place, promote the same waiting booking, or both count one door place,
 * even without the advisory lock every write also takes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-pg-private.h"

/* A booking's span, for a booking b of a facility f. */
#define SPAN_START "(CASE WHEN b.slot < 0 THEN f.opens ELSE b.slot END)"
#define SPAN_END "(CASE WHEN b.slot < 0 THEN f.closes ELSE b.slot + f.slot_minutes END)"
#define HOLDS_PLACE "b.status IN ('confirmed', 'arrived', 'left')"

/* Inside a write: locks the row of facility id (and nothing when there
 * is none) FOR UPDATE until the commit, through startline_lock_facility
 * (sl-pg-roles.c: a desk's login may lock, not update, a facility).
 * Outside a write, nothing.
 */
static gboolean
lock_facility (SlDb    *db,
               gint64   id,
               GError **error)
{
  g_auto(SlPgParams) params = { 0 };

  if (!SL_PG_DB (db)->in_write)
    return TRUE;
  sl_pg_param_int64 (&params, id);
  return sl_pg_exec (db, "SELECT startline_lock_facility ($1::bigint, NULL)", &params, error);
}

/* ---- Facilities ------------------------------------------------------ */

#define FACILITY_COLUMNS \
  "f.id, f.kind, f.name, f.location, f.capacity, f.opens, f.closes, f.slot_minutes," \
  " f.parent_id, f.closed, p.name," \
  " (SELECT coalesce (sum (b.party), 0) FROM booking b WHERE b.facility_id = f.id AND " \
  HOLDS_PLACE ")," \
  " (SELECT coalesce (sum (b.party), 0) FROM booking b WHERE b.facility_id = f.id" \
  "   AND b.status = 'waiting')," \
  " (SELECT coalesce (sum (v.party), 0) FROM facility_visit v JOIN facility c" \
  "   ON c.id = v.facility_id WHERE v.left_at IS NULL AND (c.id = f.id OR c.parent_id = f.id))"
#define FACILITY_JOINS "facility f LEFT JOIN facility p ON p.id = f.parent_id"
#define FACILITY_ORDER " ORDER BY lower (f.name) COLLATE \"C\", f.id"

static SlFacility *
facility_from_row (const PGresult *res,
                   int             row)
{
  SlFacility *facility = g_new0 (SlFacility, 1);
  SlFacilityKind kind = SL_FACILITY_OTHER;

  facility->id = sl_pg_int64 (res, row, 0);
  sl_facility_kind_from_id (PQgetvalue (res, row, 1), &kind);
  facility->kind = kind;
  facility->name = sl_pg_dup (res, row, 2);
  facility->location = sl_pg_dup (res, row, 3);
  facility->capacity = (int)sl_pg_int64 (res, row, 4);
  facility->opens = (int)sl_pg_int64 (res, row, 5);
  facility->closes = (int)sl_pg_int64 (res, row, 6);
  facility->slot_minutes = (int)sl_pg_int64 (res, row, 7);
  facility->parent_id = sl_pg_int64 (res, row, 8);
  facility->closed = sl_pg_int64 (res, row, 9) != 0;
  facility->parent_name = sl_pg_dup (res, row, 10);
  facility->confirmed = (int)sl_pg_int64 (res, row, 11);
  facility->waiting = (int)sl_pg_int64 (res, row, 12);
  facility->inside = (int)sl_pg_int64 (res, row, 13);
  return facility;
}

static GPtrArray *
facilities_from_result (const PGresult *res)
{
  GPtrArray *facilities = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_facility_free);

  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (facilities, facility_from_row (res, i));
  return facilities;
}

static GPtrArray *
pg_facilities_list (SlDb    *db,
                    GError **error)
{
  g_autoptr(PGresult) res = NULL;

  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT " FACILITY_COLUMNS " FROM " FACILITY_JOINS FACILITY_ORDER,
                   NULL, error);
  sl_db_unlock (db);
  return res != NULL ? facilities_from_result (res) : NULL;
}

static SlFacility *
pg_facility_get (SlDb    *db,
                 gint64   id,
                 GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  sl_pg_param_int64 (&params, id);
  sl_db_lock (db);
  if (lock_facility (db, id, error))
    res = sl_pg_run (db, "SELECT " FACILITY_COLUMNS " FROM " FACILITY_JOINS
                         " WHERE f.id = $1::bigint", &params, error);
  sl_db_unlock (db);
  return sl_pg_first_row (res, (SlPgFromRowFunc)facility_from_row);
}

static GPtrArray *
pg_facility_family (SlDb    *db,
                    gint64   root_id,
                    GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  sl_pg_param_int64 (&params, root_id);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT f.id, f.kind, f.name, f.location, f.capacity, f.opens,"
                       " f.closes, f.slot_minutes, f.parent_id, f.closed, p.name, 0, 0, 0"
                       " FROM " FACILITY_JOINS " WHERE f.id = $1::bigint OR f.parent_id = $1::bigint"
                       FACILITY_ORDER, &params, error);
  sl_db_unlock (db);
  return res != NULL ? facilities_from_result (res) : NULL;
}

static gboolean
pg_facility_put (SlDb        *db,
                 SlFacility  *facility,
                 GError     **error)
{
  g_auto(SlPgParams) params = { 0 };

  sl_pg_param_text (&params, sl_facility_kind_to_id (facility->kind));
  sl_pg_param_text (&params, facility->name);
  sl_pg_param_optional (&params, facility->location);
  sl_pg_param_int64 (&params, facility->capacity);
  sl_pg_param_int64 (&params, facility->opens);
  sl_pg_param_int64 (&params, facility->closes);
  sl_pg_param_int64 (&params, facility->slot_minutes);
  sl_pg_param_id (&params, facility->parent_id);
  sl_pg_param_int64 (&params, facility->closed ? 1 : 0);
  if (facility->id != 0)
    {
      sl_pg_param_int64 (&params, facility->id);
      return sl_pg_exec (db, "UPDATE facility SET kind = $1, name = $2, location = $3,"
                             " capacity = $4, opens = $5, closes = $6, slot_minutes = $7,"
                             " parent_id = $8, closed = $9 WHERE id = $10", &params, error);
    }
  return sl_pg_run_int64 (db, "INSERT INTO facility (kind, name, location, capacity, opens,"
                              " closes, slot_minutes, parent_id, closed)"
                              " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                          &params, &facility->id, error);
}

/* The first value of a one-row query, as people. */
static gboolean
query_people (SlDb        *db,
              const char  *sql,
              SlPgParams  *params,
              int         *people,
              GError     **error)
{
  gint64 value = 0;

  if (!sl_pg_run_int64 (db, sql, params, &value, error))
    return FALSE;
  *people = (int)value;
  return TRUE;
}

static gboolean
pg_facility_load (SlDb    *db,
                  gint64   facility_id,
                  int      start,
                  int      end,
                  int     *people,
                  GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  gboolean ok = FALSE;

  sl_pg_param_int64 (&params, facility_id);
  sl_pg_param_int64 (&params, start);
  sl_pg_param_int64 (&params, end);
  sl_db_lock (db);
  /* The peak: the largest sum of the bookings covering one minute, the
   * minutes tried being start and each booking's start inside the range
   * (the sum only rises where a booking starts).
   */
  if (lock_facility (db, facility_id, error))
    ok = query_people (db, "WITH spans (party, s, e) AS (SELECT b.party, " SPAN_START ", "
                           SPAN_END " FROM facility f JOIN booking b ON b.facility_id = f.id"
                           " WHERE (f.id = $1::bigint OR f.parent_id = $1::bigint) AND "
                           HOLDS_PLACE " AND " SPAN_START " < $3::int AND " SPAN_END " > $2::int),"
                           " minutes (t) AS (SELECT $2::int UNION SELECT s FROM spans"
                           " WHERE s > $2::int AND s < $3::int)"
                           " SELECT coalesce (max (load), 0) FROM (SELECT (SELECT sum (party)"
                           " FROM spans WHERE s <= t AND e > t) AS load FROM minutes) AS loads",
                       &params, people, error);
  sl_db_unlock (db);
  return ok;
}

static gboolean
pg_facility_inside (SlDb    *db,
                    gint64   facility_id,
                    int     *people,
                    GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  gboolean ok = FALSE;

  sl_pg_param_int64 (&params, facility_id);
  sl_db_lock (db);
  if (lock_facility (db, facility_id, error))
    ok = query_people (db, "SELECT coalesce (sum (v.party), 0) FROM facility c"
                           " JOIN facility_visit v ON v.facility_id = c.id AND v.left_at IS NULL"
                           " WHERE c.id = $1::bigint OR c.parent_id = $1::bigint",
                       &params, people, error);
  sl_db_unlock (db);
  return ok;
}

static GArray *
pg_slot_figures (SlDb    *db,
                 gint64   facility_id,
                 GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  GArray *figures;

  sl_pg_param_int64 (&params, facility_id);
  sl_db_lock (db);
  if (lock_facility (db, facility_id, error))
    res = sl_pg_run (db, "SELECT b.slot,"
                         " coalesce (sum (CASE WHEN " HOLDS_PLACE " THEN b.party END), 0),"
                         " coalesce (sum (CASE WHEN b.status = 'waiting' THEN b.party END), 0)"
                         " FROM booking b WHERE b.facility_id = $1::bigint"
                         " AND b.status IN ('confirmed', 'arrived', 'waiting')"
                         " GROUP BY b.slot ORDER BY b.slot", &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  figures = g_array_new (FALSE, TRUE, sizeof (SlSlotFigures));
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlSlotFigures row = { 0 };

      row.slot = (int)sl_pg_int64 (res, i, 0);
      row.confirmed = (int)sl_pg_int64 (res, i, 1);
      row.waiting = (int)sl_pg_int64 (res, i, 2);
      g_array_append_val (figures, row);
    }
  return figures;
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
/* The markers column ($5 set): on the entrant's own booking row only,
 * never a companion's, for those who gave consent to share with facility
 * leads on a need still open (not withdrawn or declined).
 */
#define BOOKING_MARKERS \
  "CASE WHEN $5::int = 1 AND b.link_id IS NULL AND EXISTS (SELECT 1 FROM need n" \
  "   JOIN need_consent c ON c.need_id = n.id WHERE n.entrant_id = b.entrant_id" \
  "   AND n.status NOT IN ('withdrawn', 'declined')" \
  "   AND c.recipient = 'facility' AND c.given = 1)" \
  " THEN (SELECT string_agg (m.marker, ',') FROM entrant_marker m" \
  "   WHERE m.entrant_id = b.entrant_id) END"

static SlBooking *
booking_from_row (const PGresult *res,
                  int             row)
{
  SlBooking *booking = g_new0 (SlBooking, 1);
  SlBookingStatus status = SL_BOOKING_CANCELLED;

  booking->id = sl_pg_int64 (res, row, 0);
  booking->facility_id = sl_pg_int64 (res, row, 1);
  booking->entrant_id = sl_pg_int64 (res, row, 2);
  booking->link_id = sl_pg_int64 (res, row, 3);
  booking->slot = (int)sl_pg_int64 (res, row, 4);
  booking->party = (int)sl_pg_int64 (res, row, 5);
  sl_booking_status_from_id (PQgetvalue (res, row, 6), &status);
  booking->status = status;
  booking->position = (int)sl_pg_int64 (res, row, 7);
  booking->created_by = sl_pg_dup (res, row, 8);
  booking->created_at = sl_pg_dup (res, row, 9);
  booking->facility_name = sl_pg_dup (res, row, 10);
  booking->bib = sl_pg_dup (res, row, 11);
  booking->first_name = sl_pg_dup (res, row, 12);
  booking->last_name = sl_pg_dup (res, row, 13);
  booking->companion_name = sl_pg_dup (res, row, 14);
  return booking;
}

/* The rows of a query of BOOKING_COLUMNS (and, with_markers, the markers
 * next) as bookings.
 */
static GPtrArray *
bookings_from_result (const PGresult *res,
                      gboolean        with_markers)
{
  GPtrArray *bookings = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_booking_free);

  for (int i = 0; i < PQntuples (res); i++)
    {
      SlBooking *booking = booking_from_row (res, i);

      if (with_markers && !PQgetisnull (res, i, 15))
        booking->markers = sl_markers_from_ids (PQgetvalue (res, i, 15), ",");
      g_ptr_array_add (bookings, booking);
    }
  return bookings;
}

static GPtrArray *
pg_bookings_list (SlDb      *db,
                  gint64     facility_id,
                  int        slot,
                  gint64     entrant_id,
                  gboolean   with_inactive,
                  gboolean   with_markers,
                  GError   **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  sl_pg_param_int64 (&params, facility_id);
  sl_pg_param_int64 (&params, slot);
  sl_pg_param_int64 (&params, entrant_id);
  sl_pg_param_int64 (&params, with_inactive ? 1 : 0);
  sl_pg_param_int64 (&params, with_markers ? 1 : 0);
  sl_db_lock (db);
  res = sl_pg_run (db, "SELECT " BOOKING_COLUMNS ", " BOOKING_MARKERS " FROM " BOOKING_JOINS
                       " WHERE ($1::bigint = 0 OR b.facility_id = $1::bigint)"
                       " AND ($2::int = -2 OR b.slot = $2::int)"
                       " AND ($3::bigint = 0 OR b.entrant_id = $3::bigint)"
                       " AND ($4::int = 1 OR b.status IN ('confirmed', 'waiting', 'arrived'))"
                       " ORDER BY lower (f.name) COLLATE \"C\", b.facility_id, b.slot,"
                       " CASE WHEN " HOLDS_PLACE " THEN 0 WHEN b.status = 'waiting' THEN 1"
                       " ELSE 2 END, CASE WHEN b.status = 'waiting' THEN b.id END,"
                       " e.sort_name, b.id", &params, error);
  sl_db_unlock (db);
  return res != NULL ? bookings_from_result (res, with_markers) : NULL;
}

static SlBooking *
first_booking (const PGresult *res)
{
  return sl_pg_first_row (res, (SlPgFromRowFunc)booking_from_row);
}

static SlBooking *
pg_booking_get (SlDb    *db,
                gint64   id,
                GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  gboolean locked = TRUE;

  sl_pg_param_int64 (&params, id);
  sl_db_lock (db);
  /* In a write: the booking's facility, then the booking. */
  if (SL_PG_DB (db)->in_write)
    locked = sl_pg_exec (db, "SELECT startline_lock_facility (NULL, $1::bigint)", &params,
                         error);
  if (locked)
    res = sl_pg_run (db, "SELECT " BOOKING_COLUMNS " FROM " BOOKING_JOINS " WHERE b.id = $1::bigint",
                     &params, error);
  sl_db_unlock (db);
  return first_booking (res);
}

static SlBooking *
pg_booking_find (SlDb    *db,
                 gint64   facility_id,
                 gint64   entrant_id,
                 gint64   link_id,
                 int      slot,
                 GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  sl_pg_param_int64 (&params, facility_id);
  sl_pg_param_int64 (&params, entrant_id);
  sl_pg_param_int64 (&params, link_id);
  sl_pg_param_int64 (&params, slot);
  sl_db_lock (db);
  if (lock_facility (db, facility_id, error))
    res = sl_pg_run (db, "SELECT " BOOKING_COLUMNS " FROM " BOOKING_JOINS
                         " WHERE b.facility_id = $1::bigint AND b.entrant_id = $2::bigint"
                         " AND coalesce (b.link_id, 0) = $3::bigint"
                         " AND (($4::int = -2 AND " HOLDS_PLACE ") OR (b.slot = $4::int"
                         " AND (" HOLDS_PLACE " OR b.status = 'waiting')))"
                         " ORDER BY b.slot LIMIT 1", &params, error);
  sl_db_unlock (db);
  return first_booking (res);
}

static GPtrArray *
pg_waiting_list (SlDb    *db,
                 gint64   facility_id,
                 int      slot,
                 GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;

  sl_pg_param_int64 (&params, facility_id);
  sl_pg_param_int64 (&params, slot);
  sl_db_lock (db);
  /* Promotions walk this list: under the facility's lock in a write. */
  if (lock_facility (db, facility_id, error))
    res = sl_pg_run (db, "SELECT " BOOKING_COLUMNS " FROM " BOOKING_JOINS
                         " WHERE b.facility_id = $1::bigint AND b.status = 'waiting'"
                         " AND b.slot = $2::int ORDER BY b.id", &params, error);
  sl_db_unlock (db);
  return res != NULL ? bookings_from_result (res, FALSE) : NULL;
}

static gboolean
pg_booking_put (SlDb       *db,
                SlBooking  *booking,
                GError    **error)
{
  g_auto(SlPgParams) params = { 0 };

  if (booking->id != 0)
    {
      sl_pg_param_text (&params, sl_booking_status_to_id (booking->status));
      sl_pg_param_int64 (&params, booking->id);
      /* Through the function: a desk at the door may mark a booking
       * arrived and left, nothing else (sl-pg-roles.c).
       */
      return sl_pg_exec (db, "SELECT startline_booking_status ($2::bigint, $1::text)", &params,
                         error);
    }
  sl_pg_param_int64 (&params, booking->facility_id);
  sl_pg_param_int64 (&params, booking->entrant_id);
  sl_pg_param_id (&params, booking->link_id);
  sl_pg_param_int64 (&params, booking->slot);
  sl_pg_param_int64 (&params, booking->party);
  sl_pg_param_text (&params, sl_booking_status_to_id (booking->status));
  sl_pg_param_text (&params, booking->created_by);
  sl_pg_param_text (&params, booking->created_at);
  return sl_pg_run_int64 (db, "INSERT INTO booking (facility_id, entrant_id, link_id, slot,"
                              " party, status, created_by, created_at)"
                              " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                          &params, &booking->id, error);
}

/* ---- Visits ---------------------------------------------------------- */

#define VISIT_COLUMNS \
  "SELECT id, facility_id, entrant_id, booking_id, party, entered_at, entered_by, left_at," \
  " over_capacity_reason FROM facility_visit"

static SlFacilityVisit *
visit_from_row (const PGresult *res,
                int             row)
{
  SlFacilityVisit *visit = g_new0 (SlFacilityVisit, 1);

  visit->id = sl_pg_int64 (res, row, 0);
  visit->facility_id = sl_pg_int64 (res, row, 1);
  visit->entrant_id = sl_pg_int64 (res, row, 2);
  visit->booking_id = sl_pg_int64 (res, row, 3);
  visit->party = (int)sl_pg_int64 (res, row, 4);
  visit->entered_at = sl_pg_dup (res, row, 5);
  visit->entered_by = sl_pg_dup (res, row, 6);
  visit->left_at = sl_pg_dup (res, row, 7);
  visit->over_capacity_reason = sl_pg_dup (res, row, 8);
  return visit;
}

/* In a write the open visit is locked: two doors cannot both close it. */
static SlFacilityVisit *
pg_visit_open_get (SlDb    *db,
                   gint64   entrant_id,
                   GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  SlFacilityVisit *visit;

  sl_pg_param_int64 (&params, entrant_id);
  /* in_write is read under the lock (which sl_pg_get_one takes again). */
  sl_db_lock (db);
  visit = sl_pg_get_one (db, SL_PG_DB (db)->in_write
                             ? VISIT_COLUMNS " WHERE entrant_id = $1::bigint AND left_at IS NULL FOR UPDATE"
                             : VISIT_COLUMNS " WHERE entrant_id = $1::bigint AND left_at IS NULL",
                         &params, (SlPgFromRowFunc)visit_from_row, error);
  sl_db_unlock (db);
  return visit;
}

static GPtrArray *
pg_visits_list (SlDb    *db,
                gint64   entrant_id,
                GError **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  GPtrArray *visits;

  sl_pg_param_int64 (&params, entrant_id);
  sl_db_lock (db);
  res = sl_pg_run (db, VISIT_COLUMNS " WHERE entrant_id = $1::bigint ORDER BY id", &params, error);
  sl_db_unlock (db);
  if (res == NULL)
    return NULL;
  visits = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_facility_visit_free);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (visits, visit_from_row (res, i));
  return visits;
}

static gboolean
pg_visit_put (SlDb             *db,
              SlFacilityVisit  *visit,
              GError          **error)
{
  g_auto(SlPgParams) params = { 0 };
  const char *sql;

  /* A desk's login may write a visit's times, not its reason (sl-pg-roles.c):
   * the reason's column is named only when there is one to write.
   */
  if (visit->id != 0)
    {
      g_auto(SlPgParams) reason = { 0 };
      g_autoptr(PGresult) res = NULL;

      sl_pg_param_optional (&params, visit->left_at);
      sl_pg_param_int64 (&params, visit->id);
      sl_pg_param_int64 (&reason, visit->id);
      sl_pg_param_optional (&reason, visit->over_capacity_reason);
      res = sl_pg_run (db, "SELECT 1 FROM facility_visit WHERE id = $1::bigint"
                           " AND over_capacity_reason IS DISTINCT FROM $2::text", &reason, error);
      if (res == NULL
          || !sl_pg_exec (db, "UPDATE facility_visit SET left_at = $1 WHERE id = $2", &params,
                          error))
        return FALSE;
      return PQntuples (res) == 0
             || sl_pg_exec (db, "UPDATE facility_visit SET over_capacity_reason = $2"
                                " WHERE id = $1::bigint", &reason, error);
    }
  sl_pg_param_int64 (&params, visit->facility_id);
  sl_pg_param_int64 (&params, visit->entrant_id);
  sl_pg_param_id (&params, visit->booking_id);
  sl_pg_param_int64 (&params, visit->party);
  sl_pg_param_text (&params, visit->entered_at);
  sl_pg_param_text (&params, visit->entered_by);
  if (visit->over_capacity_reason != NULL && *visit->over_capacity_reason != '\0')
    {
      sl_pg_param_text (&params, visit->over_capacity_reason);
      sql = "INSERT INTO facility_visit (facility_id, entrant_id, booking_id, party, entered_at,"
            " entered_by, over_capacity_reason)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    }
  else
    sql = "INSERT INTO facility_visit (facility_id, entrant_id, booking_id, party, entered_at,"
          " entered_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
  return sl_pg_run_int64 (db, sql, &params, &visit->id, error);
}

void
sl_pg_facilities_install (SlDbClass *store_class)
{
  store_class->facilities_list = pg_facilities_list;
  store_class->facility_get = pg_facility_get;
  store_class->facility_family = pg_facility_family;
  store_class->facility_put = pg_facility_put;
  store_class->facility_load = pg_facility_load;
  store_class->facility_inside = pg_facility_inside;
  store_class->slot_figures = pg_slot_figures;
  store_class->bookings_list = pg_bookings_list;
  store_class->booking_get = pg_booking_get;
  store_class->booking_find = pg_booking_find;
  store_class->waiting_list = pg_waiting_list;
  store_class->booking_put = pg_booking_put;
  store_class->visit_open_get = pg_visit_open_get;
  store_class->visit_put = pg_visit_put;
  store_class->visits_list = pg_visits_list;
}
