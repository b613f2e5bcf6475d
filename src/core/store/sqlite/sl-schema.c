/* sl-schema.c — the event database schema and its migrations
 *
 * Each migration takes the schema from version N-1 to N. They run in one
 * transaction together with the user_version update, so a file is always
 * at exactly one version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-need.h"
#include "sl-sqlite-private.h"
#include "sl-store.h"

static const char migration_1[] =
  "CREATE TABLE event ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
  "  date TEXT NOT NULL CHECK (date(date) IS date),"
  "  venue TEXT,"
  "  timezone TEXT NOT NULL DEFAULT 'Europe/London',"
  "  created_at TEXT NOT NULL"
  ");"

  "CREATE TABLE race ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('elite-men', 'elite-women', 'wheelchair-men',"
  "                                      'wheelchair-women', 'mass', 'other'))"
  ");"

  "CREATE TABLE wave ("
  "  id INTEGER PRIMARY KEY,"
  "  race_id INTEGER NOT NULL REFERENCES race (id),"
  "  name TEXT NOT NULL,"
  "  start_area TEXT,"
  "  start_time TEXT,"                     /* UTC ISO 8601 */
  "  UNIQUE (race_id, name)"
  ");"

  "CREATE TABLE charity ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  registered_number TEXT,"
  "  contact_name TEXT,"
  "  contact_email TEXT,"
  "  places_allocated INTEGER NOT NULL DEFAULT 0 CHECK (places_allocated >= 0),"
  "  minimum_pledge_pence INTEGER NOT NULL DEFAULT 0 CHECK (minimum_pledge_pence >= 0)"
  ");"

  "CREATE TABLE entrant ("
  "  id INTEGER PRIMARY KEY,"
  "  bib TEXT NOT NULL CHECK (length(bib) > 0),"
  "  booking_ref TEXT COLLATE NOCASE,"
  "  first_name TEXT NOT NULL CHECK (length(first_name) > 0),"
  "  last_name TEXT NOT NULL CHECK (length(last_name) > 0),"
  "  date_of_birth TEXT CHECK (date_of_birth IS NULL OR date(date_of_birth) IS date_of_birth),"
  "  age INTEGER CHECK (age IS NULL OR age BETWEEN 0 AND 120),"
  /* These checks are written as OR chains, not IN lists: an IN list of
   * more than two constants builds a temporary b-tree each time the INSERT
   * runs, which cost an import of 50,000 rows about 200 ms.
   */
  "  gender TEXT CHECK (gender = 'female' OR gender = 'male' OR gender = 'non-binary'),"
  "  nationality TEXT,"
  "  club TEXT,"
  "  email TEXT,"
  "  phone TEXT,"
  "  emergency_contact TEXT,"
  "  entry_type TEXT NOT NULL DEFAULT 'ballot' CHECK (entry_type = 'ballot'"
  "    OR entry_type = 'good-for-age' OR entry_type = 'championship' OR entry_type = 'charity'"
  "    OR entry_type = 'elite' OR entry_type = 'reserved-disability'"
  "    OR entry_type = 'support-runner' OR entry_type = 'club' OR entry_type = 'overseas'),"
  "  race_id INTEGER REFERENCES race (id),"
  "  wave_id INTEGER REFERENCES wave (id),"
  "  status TEXT NOT NULL DEFAULT 'registered' CHECK (status = 'registered'"
  "    OR status = 'checked-in' OR status = 'started' OR status = 'finished'"
  "    OR status = 'withdrawn' OR status = 'deferred' OR status = 'dns' OR status = 'dnf'),"
  "  costume TEXT,"
  "  vip INTEGER NOT NULL DEFAULT 0 CHECK (vip IN (0, 1)),"
  "  notes TEXT,"
  "  checked_in_at TEXT,"
  "  checked_in_desk TEXT,"
  "  search_key TEXT NOT NULL DEFAULT '',"  /* folded names, bib, ref, club */
  "  sort_name TEXT NOT NULL DEFAULT '',"   /* folded last name, tab, first name */
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL"
  ");"
  /* Bib and booking reference are unique through indexes of their own
   * rather than UNIQUE column constraints: a bulk insert into an empty
   * table drops every entrant index and builds it again at the end, which
   * SQLite cannot do with a constraint's automatic index (sl-sqlite-entrants.c).
   */
  "CREATE UNIQUE INDEX entrant_by_bib ON entrant (bib);"
  "CREATE UNIQUE INDEX entrant_by_booking_ref ON entrant (booking_ref);"
  "CREATE INDEX entrant_by_name ON entrant (sort_name);"
  "CREATE INDEX entrant_by_status ON entrant (status);"
  "CREATE INDEX entrant_by_wave ON entrant (wave_id);"
  "CREATE INDEX entrant_by_race ON entrant (race_id);"

  /* The search index reads the folded key straight from the entrant row.
   * Inserts and updates are indexed by the store (sl-sqlite-entrants.c), so
   * a bulk import indexes all its rows in one statement; entrants are never
   * deleted by the application, but if one is, the trigger keeps the
   * index true. There are no prefix indexes: FTS5 answers "fern"* from
   * the term index alone, and at 50,000 entrants the 1-3 letter searches
   * were as fast without them (their cost is ranking the many hits) while
   * an import spent a third more time indexing with prefix = '1 2 3'.
   * Nor are there column sizes: they serve bm25() ranking only, and
   * search ranks by name (sl-search.c); without them an import of 50,000
   * entrants indexes in 65 ms instead of 85.
   */
  "CREATE VIRTUAL TABLE entrant_fts USING fts5 ("
  "  search_key, content = 'entrant', content_rowid = 'id', columnsize = 0,"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER entrant_fts_delete AFTER DELETE ON entrant BEGIN"
  "  INSERT INTO entrant_fts (entrant_fts, rowid, search_key)"
  "    VALUES ('delete', old.id, old.search_key);"
  "END;"

  "CREATE TABLE charity_signup ("
  "  id INTEGER PRIMARY KEY,"
  "  entrant_id INTEGER NOT NULL UNIQUE REFERENCES entrant (id) ON DELETE CASCADE,"
  "  charity_id INTEGER NOT NULL REFERENCES charity (id),"
  "  target_pence INTEGER NOT NULL DEFAULT 0 CHECK (target_pence >= 0),"
  "  raised_pence INTEGER NOT NULL DEFAULT 0 CHECK (raised_pence >= 0)"
  ");"
  "CREATE INDEX charity_signup_by_charity ON charity_signup (charity_id);"

  /* Check-ins and their undos are events, never erased. */
  "CREATE TABLE checkin_event ("
  "  id INTEGER PRIMARY KEY,"
  "  entrant_id INTEGER NOT NULL REFERENCES entrant (id),"
  "  action TEXT NOT NULL CHECK (action IN ('check-in', 'undo')),"
  "  at TEXT NOT NULL,"
  "  desk TEXT NOT NULL,"
  "  operator TEXT NOT NULL"
  ");"
  "CREATE INDEX checkin_event_by_desk ON checkin_event (desk, at);"
  "CREATE INDEX checkin_event_by_entrant ON checkin_event (entrant_id);"

  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  operator TEXT NOT NULL,"
  "  desk TEXT,"
  "  action TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  entity_id INTEGER,"
  "  before TEXT,"
  "  after TEXT"
  ");"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  "END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  "END;";

/* Version 2: the folding learnt letters GLib does not transliterate (ı, đ,
 * ə, þ …; see sl-fold.c), so the folded keys of entrants already stored
 * are worked out again and the search index rebuilt from them.
 */
static const char migration_2[] =
  "UPDATE entrant SET"
  "  search_key = sl_search_key (first_name, last_name, bib, booking_ref, club),"
  "  sort_name = sl_sort_name (first_name, last_name);"
  "INSERT INTO entrant_fts (entrant_fts) VALUES ('rebuild');";

/* Version 3: staff accounts, the event's public key and the officers' key
 * slots (sl-crypto.h). roles are SlRoles bit flags; a slot's BLOBs are the
 * Argon2id salt, the secretbox nonce and the wrapped private key.
 */
static const char migration_3[] =
  "CREATE TABLE staff ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),"
  "  roles INTEGER NOT NULL CHECK (roles BETWEEN 1 AND 7),"
  "  passphrase_hash TEXT NOT NULL CHECK (passphrase_hash LIKE '$argon2id$%'),"
  "  created_at TEXT NOT NULL,"
  "  created_by TEXT NOT NULL"
  ");"
  "CREATE TABLE event_key ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  public_key BLOB NOT NULL CHECK (typeof(public_key) = 'blob' AND length(public_key) = 32),"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE TABLE key_slot ("
  "  id INTEGER PRIMARY KEY,"
  "  staff_id INTEGER NOT NULL UNIQUE REFERENCES staff (id),"
  "  salt BLOB NOT NULL CHECK (typeof(salt) = 'blob' AND length(salt) = 16),"
  "  nonce BLOB NOT NULL CHECK (typeof(nonce) = 'blob' AND length(nonce) = 24),"
  "  wrapped_key BLOB NOT NULL CHECK (typeof(wrapped_key) = 'blob' AND length(wrapped_key) = 48),"
  "  opslimit INTEGER NOT NULL CHECK (opslimit > 0),"
  "  memlimit INTEGER NOT NULL CHECK (memlimit > 0),"
  "  created_at TEXT NOT NULL"
  ");";

/* Version 4: support needs. The catalogue of need types (seeded with the
 * defaults by sl_db_seed_need_types, extended by officers), needs with
 * their detail and agreed adjustments only as sealed boxes (BLOBs, never
 * text: a copied file holds no health data), consents to share per
 * recipient, the people who support an entrant (another entrant, or a
 * companion who is not running) and identifier markers. The indexes serve
 * the Accessibility page's filters (type, status, marker; race and start
 * area through the entrant's own indexes) and its outstanding view
 * (status, oldest first).
 */
static const char migration_4[] =
  "CREATE TABLE need_type ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 40),"
  "  label TEXT NOT NULL CHECK (length(trim(label)) > 0),"
  "  adjustments TEXT NOT NULL DEFAULT '',"   /* one per line */
  "  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))"
  ");"

  "CREATE TABLE need ("
  "  id INTEGER PRIMARY KEY,"
  "  entrant_id INTEGER NOT NULL REFERENCES entrant (id) ON DELETE CASCADE,"
  "  type_id INTEGER NOT NULL REFERENCES need_type (id),"
  "  status TEXT NOT NULL DEFAULT 'requested' CHECK (status = 'requested'"
  "    OR status = 'info-needed' OR status = 'approved' OR status = 'arranged'"
  "    OR status = 'declined' OR status = 'withdrawn'),"
  "  detail BLOB CHECK (detail IS NULL OR typeof(detail) = 'blob'),"
  "  adjustments BLOB CHECK (adjustments IS NULL OR typeof(adjustments) = 'blob'),"
  "  decline_reason TEXT CHECK (status <> 'declined' OR decline_reason IS NOT NULL),"
  "  decided_by TEXT,"
  "  decided_at TEXT,"
  "  created_by TEXT NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX need_by_entrant ON need (entrant_id);"
  "CREATE INDEX need_by_type ON need (type_id, status);"
  "CREATE INDEX need_by_status ON need (status, created_at);"

  "CREATE TABLE need_consent ("
  "  need_id INTEGER NOT NULL REFERENCES need (id) ON DELETE CASCADE,"
  "  recipient TEXT NOT NULL CHECK (recipient = 'medical' OR recipient = 'facility'"
  "    OR recipient = 'charity'),"
  "  given INTEGER NOT NULL CHECK (given IN (0, 1)),"
  "  at TEXT NOT NULL,"
  "  wording_version TEXT NOT NULL CHECK (length(wording_version) > 0),"
  "  recorded_by TEXT NOT NULL,"
  "  PRIMARY KEY (need_id, recipient)"
  ") WITHOUT ROWID;"

  "CREATE TABLE entrant_link ("
  "  id INTEGER PRIMARY KEY,"
  "  entrant_id INTEGER NOT NULL REFERENCES entrant (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind = 'guide' OR kind = 'support-runner'"
  "    OR kind = 'assistant'),"
  "  linked_entrant_id INTEGER REFERENCES entrant (id) ON DELETE CASCADE,"
  "  companion_name TEXT,"
  "  companion_phone TEXT,"
  "  companion_pass TEXT,"
  "  CHECK ((linked_entrant_id IS NULL) <> (companion_name IS NULL)),"
  "  CHECK (linked_entrant_id IS NOT entrant_id),"
  "  CHECK (kind = 'assistant' OR linked_entrant_id IS NOT NULL),"
  "  UNIQUE (entrant_id, kind, linked_entrant_id)"
  ");"
  "CREATE INDEX entrant_link_by_entrant ON entrant_link (entrant_id);"
  "CREATE INDEX entrant_link_by_linked ON entrant_link (linked_entrant_id);"

  "CREATE TABLE entrant_marker ("
  "  entrant_id INTEGER NOT NULL REFERENCES entrant (id) ON DELETE CASCADE,"
  "  marker TEXT NOT NULL CHECK (marker = 'deaf' OR marker = 'visually-impaired'"
  "    OR marker = 'i-need-space' OR marker = 'wheelchair'),"
  "  PRIMARY KEY (entrant_id, marker)"
  ") WITHOUT ROWID;"
  "CREATE INDEX entrant_marker_by_marker ON entrant_marker (marker, entrant_id);";

/* Version 5: facilities (a parent is a facility without one of its own;
 * times of day in minutes after the event day's midnight), their bookings
 * (slot -1: a drop-in facility's day; waiting positions are ranks by id,
 * not stored; one live booking per person and slot) and the door's visits
 * (open while left_at is NULL; one open visit per person).
 */
static const char migration_5[] =
  "CREATE TABLE facility ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('quiet-space', 'faith-space', 'family-area',"
  "    'breastfeeding-room', 'accessible-toilet', 'changing-places', 'welfare-hub', 'other')),"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),"
  "  location TEXT,"
  "  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),"
  "  opens INTEGER NOT NULL CHECK (opens BETWEEN 0 AND 1439),"
  "  closes INTEGER NOT NULL CHECK (closes BETWEEN 1 AND 1440 AND closes > opens),"
  "  slot_minutes INTEGER NOT NULL DEFAULT 0 CHECK (slot_minutes = 0"
  "    OR slot_minutes BETWEEN 5 AND closes - opens),"
  "  parent_id INTEGER REFERENCES facility (id) CHECK (parent_id IS NOT id),"
  "  closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))"
  ");"
  "CREATE INDEX facility_by_parent ON facility (parent_id);"

  "CREATE TABLE booking ("
  "  id INTEGER PRIMARY KEY,"
  "  facility_id INTEGER NOT NULL REFERENCES facility (id),"
  "  entrant_id INTEGER NOT NULL REFERENCES entrant (id) ON DELETE CASCADE,"
  "  link_id INTEGER REFERENCES entrant_link (id) ON DELETE CASCADE,"
  "  slot INTEGER NOT NULL CHECK (slot = -1 OR slot BETWEEN 0 AND 1439),"
  "  party INTEGER NOT NULL CHECK (party BETWEEN 1 AND 50),"
  "  status TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting', 'cancelled', 'arrived',"
  "    'left', 'no-show')),"
  "  created_by TEXT NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE INDEX booking_by_slot ON booking (facility_id, status, slot, id);"
  "CREATE INDEX booking_by_entrant ON booking (entrant_id);"
  "CREATE UNIQUE INDEX booking_one_live ON booking (facility_id, slot, entrant_id, ifnull (link_id, 0))"
  "  WHERE status IN ('confirmed', 'waiting', 'arrived');"

  "CREATE TABLE facility_visit ("
  "  id INTEGER PRIMARY KEY,"
  "  facility_id INTEGER NOT NULL REFERENCES facility (id),"
  "  entrant_id INTEGER NOT NULL REFERENCES entrant (id) ON DELETE CASCADE,"
  "  booking_id INTEGER REFERENCES booking (id) ON DELETE SET NULL,"
  "  party INTEGER NOT NULL CHECK (party BETWEEN 1 AND 50),"
  "  entered_at TEXT NOT NULL,"
  "  entered_by TEXT NOT NULL,"
  "  left_at TEXT,"
  "  over_capacity_reason TEXT"
  ");"
  "CREATE UNIQUE INDEX facility_visit_open ON facility_visit (entrant_id) WHERE left_at IS NULL;"
  "CREATE INDEX facility_visit_inside ON facility_visit (facility_id) WHERE left_at IS NULL;";

/* Versions 6, 7 and 8 are issue 18's (partners): 6 the charities' bonds
 * and fundraising, 7 consent, export profiles and the export log, 8 the
 * audit log's hash chain and erasure. Each is filled by its own change.
 */
/* Version 6: how each charity holds its places (sl_charity_bond_to_id). */
static const char migration_6[] =
  "ALTER TABLE charity ADD COLUMN bond TEXT NOT NULL DEFAULT 'none'"
  "  CHECK (bond IN ('golden', 'silver', 'none'));";
/* Version 7: the runners' consent to share contact details with their
 * charity (no row: not asked), custom export profiles (their columns as
 * registry keys, comma-separated) and the export log, append-only.
 */
static const char migration_7[] =
  "CREATE TABLE contact_consent ("
  "  entrant_id INTEGER PRIMARY KEY REFERENCES entrant (id) ON DELETE CASCADE,"
  "  consent TEXT NOT NULL CHECK (consent = 'given' OR consent = 'not-given'"
  "    OR consent = 'withdrawn'),"
  "  at TEXT NOT NULL,"
  "  wording_version TEXT NOT NULL CHECK (length(wording_version) BETWEEN 1 AND 40),"
  "  recorded_by TEXT NOT NULL"
  ");"

  "CREATE TABLE export_profile ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) BETWEEN 1 AND 60),"
  "  columns TEXT NOT NULL CHECK (length(columns) > 0),"
  "  saved_by TEXT NOT NULL,"
  "  saved_at TEXT NOT NULL"
  ");"

  "CREATE TABLE export_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  operator TEXT NOT NULL,"
  "  desk TEXT,"
  "  profile TEXT NOT NULL,"
  "  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),"
  "  filter TEXT,"
  "  n_rows INTEGER NOT NULL CHECK (n_rows >= 0),"
  "  columns TEXT NOT NULL,"
  "  file_name TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL CHECK (length(sha256) = 64)"
  ");"
  "CREATE TRIGGER export_log_no_update BEFORE UPDATE ON export_log BEGIN"
  "  SELECT RAISE (ABORT, 'the export log is append-only');"
  " END;"
  "CREATE TRIGGER export_log_no_delete BEFORE DELETE ON export_log BEGIN"
  "  SELECT RAISE (ABORT, 'the export log is append-only');"
  " END;";
/* Version 8: the audit log's hash chain (sl-crypto.h). The table is made
 * again with each entry's payload hash and hash (32 bytes each) and an
 * erasure's mark; the entries already there are chained in C
 * (sl_sqlite_audit_chain_existing), which then makes the triggers that
 * keep the log append-only (only erasure may empty a payload). The event
 * gains its retention delay in days.
 */
static const char migration_8[] =
  "CREATE TABLE audit_log_chained ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  operator TEXT NOT NULL,"
  "  desk TEXT,"
  "  action TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  entity_id INTEGER,"
  "  before TEXT,"
  "  after TEXT,"
  "  payload_hash BLOB NOT NULL CHECK (typeof(payload_hash) = 'blob'"
  "    AND length(payload_hash) = 32),"
  "  hash BLOB NOT NULL CHECK (typeof(hash) = 'blob' AND length(hash) = 32),"
  "  erased INTEGER NOT NULL DEFAULT 0 CHECK (erased = 0"
  "    OR (erased = 1 AND before IS NULL AND after IS NULL))"
  ");"
  "INSERT INTO audit_log_chained (id, at, operator, desk, action, entity, entity_id, before,"
  "    after, payload_hash, hash)"
  "  SELECT id, at, operator, desk, action, entity, entity_id, before, after, zeroblob (32),"
  "    zeroblob (32) FROM audit_log ORDER BY id;"
  "DROP TABLE audit_log;"
  "ALTER TABLE audit_log_chained RENAME TO audit_log;"
  /* Retention (sl-erasure.c) may run this many days after the event. */
  "ALTER TABLE event ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 30"
  "  CHECK (retention_days BETWEEN 0 AND 3650);";

/* Version 9 (issue 19): a check-in or undo carries the request id its
 * desk made (a UUID), so that a request retried after a lost reply is
 * recognised, not recorded twice. Entries made before have none.
 */
static const char migration_9[] =
  "ALTER TABLE checkin_event ADD COLUMN request_id TEXT;"
  "CREATE UNIQUE INDEX checkin_event_by_request ON checkin_event (request_id)"
  "  WHERE request_id IS NOT NULL;";

static const char * const migrations[] = {
  NULL,           /* version 0: an empty file */
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == SL_DB_SCHEMA_VERSION + 1);

gboolean
sl_schema_migrate (SlDb    *self,
                   int      from_version,
                   GError **error)
{
  g_return_val_if_fail (from_version >= 0 && from_version <= SL_DB_SCHEMA_VERSION, FALSE);

  if (from_version == SL_DB_SCHEMA_VERSION)
    return TRUE;

  /* The migrations' SQL functions are the connection's already
   * (sl-sqlite-functions.c).
   */
  if (!sl_db_begin_write (self, error))
    return FALSE;

  for (int v = from_version + 1; v <= SL_DB_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v);

      if (!sl_sqlite_exec (self, migrations[v], error)
          || (v == 4 && !sl_db_seed_need_types (self, error))
          || (v == 8 && !sl_sqlite_audit_chain_existing (self, error))
          || !sl_sqlite_exec (self, set_version, error))
        {
          g_prefix_error (error, _("Upgrading the event file to format %d failed: "), v);
          sl_db_rollback (self);
          return FALSE;
        }
    }

  return sl_db_commit (self, error);
}
