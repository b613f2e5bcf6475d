/* sl-pg-roles.c — the server's own enforcement of the staff roles
 *
 * Each server event has four group roles, made with its schema:
 * <db>_desk, <db>_officer, <db>_exporter and <db>_admin (the officer,
 * exporter and admin groups are members of the desk group and so have
 * what it has). Their grants allow what the app allows each role
 * (sl-role.c), table by table and column by column: a desk reads what
 * the desk shows, writes entrants, check-ins, sealed needs and door
 * visits, and cannot read the audit log, the export log, any sealed
 * detail or password hash, nor change facilities, staff, needs' decisions
 * or the event. Each staff account is a login, <db>.<name in lower case>,
 * member of its roles' groups, whose password is the account's
 * passphrase as a SCRAM verifier (made by libpq here, so the passphrase
 * never reaches the server or its logs; Startline keeps only its own
 * Argon2id hash).
 *
 * What a role needs but must not touch directly goes through SECURITY
 * DEFINER functions owned by the event's owner (who made it, and needs
 * CREATEROLE): the audit chain's tail and its append (which checks the
 * entry's id and time and the caller's role for its kind, and records the
 * login that wrote it), one's own passphrase hash and key slot at sign-in,
 * an admin's making and dropping of logins, the facility row locks a
 * desk at the door takes, a booking's status (a desk: arrived and left
 * only) and a need's update (an admin: its erasure only).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-pg-private.h"

/* {schema}, {desk}, {officer}, {exporter}, {admin}: identifiers, quoted. */
static const char functions_sql[] =
  /* 7 for the event's owner (or a superuser), else the bits of the
   * groups the session's login is in (officer 1, exporter 2, admin 4).
   */
  "CREATE FUNCTION startline_caller_roles () RETURNS integer LANGUAGE sql STABLE"
  "  SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  "  SELECT CASE WHEN session_user = current_user"
  "    OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN 7"
  "  ELSE (CASE WHEN pg_has_role (session_user, current_database () || '_officer', 'MEMBER')"
  "          THEN 1 ELSE 0 END)"
  "     | (CASE WHEN pg_has_role (session_user, current_database () || '_exporter', 'MEMBER')"
  "          THEN 2 ELSE 0 END)"
  "     | (CASE WHEN pg_has_role (session_user, current_database () || '_admin', 'MEMBER')"
  "          THEN 4 ELSE 0 END) END $$;"

  /* Whether the session may read the secrets of the account named so:
   * its own login, or the owner.
   */
  "CREATE FUNCTION startline_is_self (p_name text) RETURNS boolean LANGUAGE sql STABLE"
  "  SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  "  SELECT session_user = current_user"
  "    OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)"
  "    OR session_user::text = current_database () || '.' || lower (p_name) $$;"

  "CREATE FUNCTION startline_staff_hash (p_id bigint) RETURNS text LANGUAGE sql STABLE"
  "  SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  "  SELECT passphrase_hash FROM staff WHERE id = p_id AND startline_is_self (name) $$;"

  "CREATE FUNCTION startline_key_slot (p_staff_id bigint)"
  "  RETURNS TABLE (salt bytea, nonce bytea, wrapped_key bytea, opslimit bigint, memlimit bigint)"
  "  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  "  SELECT k.salt, k.nonce, k.wrapped_key, k.opslimit, k.memlimit"
  "  FROM key_slot k JOIN staff s ON s.id = k.staff_id"
  "  WHERE k.staff_id = p_staff_id AND startline_is_self (s.name) $$;"

  "CREATE FUNCTION startline_audit_tail () RETURNS TABLE (id bigint, hash bytea)"
  "  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  "  SELECT a.id, a.hash FROM audit_log a ORDER BY a.id DESC LIMIT 1 $$;"

  /* The one way into the audit log. The server cannot recompute the
   * chain (BLAKE2b, which PostgreSQL 15 lacks, pgcrypto too), so it
   * checks what it can: the id follows the last one, the time is the
   * server's within five minutes, the caller's role may write an entry
   * of that kind, and it records the login that wrote it.
   */
  "CREATE FUNCTION startline_audit_append (p_id bigint, p_at text, p_operator text,"
  "  p_desk text, p_action text, p_entity text, p_entity_id bigint, p_before text,"
  "  p_after text, p_payload_hash bytea, p_hash bytea) RETURNS void LANGUAGE plpgsql"
  "  SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  " DECLARE"
  "  roles integer := startline_caller_roles ();"
  "  last_id bigint;"
  "  needs integer;"
  "  at_time timestamptz;"
  " BEGIN"
  "  SELECT coalesce (max (a.id), 0) INTO last_id FROM audit_log a;"
  "  IF p_id IS DISTINCT FROM last_id + 1 THEN"
  "    RAISE EXCEPTION 'audit entry % does not follow the last one (%)', p_id, last_id"
  "      USING ERRCODE = 'integrity_constraint_violation';"
  "  END IF;"
  "  IF roles <> 7 THEN"
  "    BEGIN"
  "      at_time := p_at::timestamptz;"
  "    EXCEPTION WHEN others THEN"
  "      at_time := NULL;"
  "    END;"
  "    IF at_time IS NULL OR abs (extract (epoch FROM at_time - now ())) > 300 THEN"
  "      RAISE EXCEPTION 'write an audit entry at the server''s time (%)', p_at"
  "        USING ERRCODE = 'insufficient_privilege';"
  "    END IF;"
  "    needs := CASE"
  "      WHEN p_entity IN ('staff', 'key-slot', 'event-key') OR p_action IN ('erase', 'retention')"
  "        THEN 4"
  "      WHEN p_action = 'export-roster' THEN 7"
  "      WHEN p_entity = 'booking' AND p_action = 'update' THEN 0"
  "      WHEN p_entity IN ('facility', 'booking') THEN 5"
  "      WHEN p_entity = 'need-type' OR p_action IN ('set-consent', 'link', 'unlink',"
  "        'marker-add', 'read-detail') THEN 1"
  "      WHEN p_entity = 'export-log' OR p_action IN ('export', 'fundraising-import')"
  "        OR (p_entity = 'charity' AND p_action = 'update') THEN 6"
  "      ELSE 0 END;"
  "    IF needs <> 0 AND (roles & needs) = 0 THEN"
  "      RAISE EXCEPTION 'permission denied to write a % % audit entry', p_action, p_entity"
  "        USING ERRCODE = 'insufficient_privilege';"
  "    END IF;"
  "  END IF;"
  "  INSERT INTO audit_log (id, at, operator, desk, action, entity, entity_id, before, after,"
  "    payload_hash, hash, login)"
  "  VALUES (p_id, p_at, p_operator, p_desk, p_action, p_entity, p_entity_id, p_before, p_after,"
  "    p_payload_hash, p_hash, session_user);"
  " END $$;"

  /* An account's login: made, or given a new password and groups if it
   * is already this event's. Never another role: not the owner, not a
   * superuser, not a role outside the event's groups.
   */
  "CREATE FUNCTION startline_login_put (p_name text, p_roles integer, p_verifier text)"
  "  RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  " DECLARE"
  "  db text := current_database ();"
  "  login text := current_database () || '.' || lower (p_name);"
  "  existing record;"
  " BEGIN"
  "  IF p_verifier IS NULL OR p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN"
  "    RAISE EXCEPTION 'a login''s password must be given as a SCRAM verifier'"
  "      USING ERRCODE = 'invalid_parameter_value';"
  "  END IF;"
  "  IF p_roles NOT BETWEEN 0 AND 7 THEN"
  "    RAISE EXCEPTION 'no such roles: %', p_roles USING ERRCODE = 'invalid_parameter_value';"
  "  END IF;"
  "  IF octet_length (login) > 63 THEN"
  "    RAISE EXCEPTION 'the server login “%” would be longer than PostgreSQL allows (63 bytes):"
  " choose a shorter name', login USING ERRCODE = 'invalid_parameter_value';"
  "  END IF;"
  "  SELECT r.oid, r.rolsuper, EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g"
  "    ON g.oid = m.roleid WHERE m.member = r.oid AND g.rolname IN (db || '_desk',"
  "    db || '_officer', db || '_exporter', db || '_admin')) AS ours"
  "    INTO existing FROM pg_roles r WHERE r.rolname = login;"
  "  IF FOUND AND (existing.rolsuper OR NOT existing.ours OR login = current_user::text) THEN"
  "    RAISE EXCEPTION 'the server already has a role named “%” that is not this event''s login',"
  "      login USING ERRCODE = 'duplicate_object';"
  "  END IF;"
  "  IF FOUND THEN"
  "    EXECUTE format ('ALTER ROLE %I LOGIN PASSWORD %L', login, p_verifier);"
  "    EXECUTE format ('REVOKE %I, %I, %I, %I FROM %I', db || '_desk', db || '_officer',"
  "      db || '_exporter', db || '_admin', login);"
  "  ELSE"
  "    EXECUTE format ('CREATE ROLE %I LOGIN PASSWORD %L', login, p_verifier);"
  "  END IF;"
  "  EXECUTE format ('GRANT %I TO %I', db || '_desk', login);"
  "  IF (p_roles & 1) <> 0 THEN EXECUTE format ('GRANT %I TO %I', db || '_officer', login);"
  "  END IF;"
  "  IF (p_roles & 2) <> 0 THEN EXECUTE format ('GRANT %I TO %I', db || '_exporter', login);"
  "  END IF;"
  "  IF (p_roles & 4) <> 0 THEN EXECUTE format ('GRANT %I TO %I', db || '_admin', login);"
  "  END IF;"
  "  RETURN login;"
  " END $$;"

  "CREATE FUNCTION startline_login_drop (p_name text) RETURNS void LANGUAGE plpgsql"
  "  SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  " DECLARE"
  "  db text := current_database ();"
  "  login text := current_database () || '.' || lower (p_name);"
  " BEGIN"
  "  IF login <> current_user::text AND EXISTS (SELECT 1 FROM pg_roles r"
  "    JOIN pg_auth_members m ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid"
  "    WHERE r.rolname = login AND NOT r.rolsuper AND g.rolname = db || '_desk') THEN"
  "    EXECUTE format ('DROP ROLE %I', login);"
  "  END IF;"
  " END $$;"

  /* The row locks a write on facilities takes (sl-pg-facilities.c):
   * the facility's row (or a booking's facility's, then the booking's)
   * FOR UPDATE, which needs UPDATE on the table; a desk at the door has
   * none, and may take the lock only, until its transaction ends.
   */
  "CREATE FUNCTION startline_lock_facility (p_facility bigint, p_booking bigint)"
  "  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  " BEGIN"
  "  PERFORM 1 FROM facility WHERE id = coalesce (p_facility,"
  "    (SELECT facility_id FROM booking WHERE id = p_booking)) FOR UPDATE;"
  "  IF p_booking IS NOT NULL THEN"
  "    PERFORM 1 FROM booking WHERE id = p_booking FOR UPDATE;"
  "  END IF;"
  " END $$;"

  /* A booking's new status (sl-pg-facilities.c). An officer or admin
   * sets any; a desk at the door only marks a confirmed booking arrived
   * and an arrived one left (it has no UPDATE on booking).
   */
  "CREATE FUNCTION startline_booking_status (p_booking bigint, p_status text)"
  "  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  " DECLARE"
  "  old_status text;"
  " BEGIN"
  "  SELECT status INTO old_status FROM booking WHERE id = p_booking FOR UPDATE;"
  "  IF (startline_caller_roles () & 5) = 0"
  "    AND ((old_status = 'confirmed' AND p_status = 'arrived')"
  "         OR (old_status = 'arrived' AND p_status = 'left')) IS NOT TRUE THEN"
  "    RAISE EXCEPTION 'permission denied to set a % booking %', old_status, p_status"
  "      USING ERRCODE = 'insufficient_privilege';"
  "  END IF;"
  "  UPDATE booking SET status = p_status WHERE id = p_booking;"
  " END $$;"

  /* A need's update (sl-pg-needs.c). An officer changes anything; an
   * admin only erases (sl-erasure.c: the sealed detail and adjustments
   * emptied, a decline's reason replaced by SL_ERASED_MARK, "erased"),
   * deciding nothing; a desk nothing.
   */
  "CREATE FUNCTION startline_need_update (p_id bigint, p_status text, p_detail bytea,"
  "  p_adjustments bytea, p_decline_reason text, p_decided_by text, p_decided_at text)"
  "  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$"
  " DECLARE"
  "  roles integer := startline_caller_roles ();"
  "  old record;"
  " BEGIN"
  "  SELECT status, decline_reason, decided_by, decided_at INTO old FROM need"
  "    WHERE id = p_id FOR UPDATE;"
  "  IF (roles & 1) = 0 AND ((roles & 4) = 0 OR NOT FOUND"
  "      OR p_detail IS NOT NULL OR p_adjustments IS NOT NULL"
  "      OR p_status IS DISTINCT FROM old.status OR p_decided_by IS DISTINCT FROM old.decided_by"
  "      OR p_decided_at IS DISTINCT FROM old.decided_at"
  "      OR (p_decline_reason IS DISTINCT FROM old.decline_reason"
  "          AND p_decline_reason IS DISTINCT FROM 'erased')) THEN"
  "    RAISE EXCEPTION 'permission denied to change need %', p_id"
  "      USING ERRCODE = 'insufficient_privilege';"
  "  END IF;"
  "  UPDATE need SET status = p_status, detail = p_detail, adjustments = p_adjustments,"
  "    decline_reason = p_decline_reason, decided_by = p_decided_by, decided_at = p_decided_at"
  "    WHERE id = p_id;"
  " END $$;"

  "REVOKE EXECUTE ON FUNCTION startline_caller_roles (), startline_is_self (text),"
  "  startline_staff_hash (bigint), startline_key_slot (bigint), startline_audit_tail (),"
  "  startline_audit_append (bigint, text, text, text, text, text, bigint, text, text, bytea,"
  "  bytea), startline_login_put (text, integer, text), startline_login_drop (text),"
  "  startline_lock_facility (bigint, bigint), startline_booking_status (bigint, text),"
  "  startline_need_update (bigint, text, bytea, bytea, text, text, text) FROM PUBLIC;"
  "GRANT EXECUTE ON FUNCTION startline_staff_hash (bigint), startline_key_slot (bigint),"
  "  startline_audit_tail (), startline_audit_append (bigint, text, text, text, text, text,"
  "  bigint, text, text, bytea, bytea), startline_lock_facility (bigint, bigint),"
  "  startline_booking_status (bigint, text),"
  "  startline_need_update (bigint, text, bytea, bytea, text, text, text) TO {desk};"
  "GRANT EXECUTE ON FUNCTION startline_login_put (text, integer, text),"
  "  startline_login_drop (text) TO {admin};";

/* What each group may do with each table (sl-role.c's table on the
 * server). Identity columns need no grant on their sequences.
 */
static const char grants_sql[] =
  "GRANT {desk} TO {officer}, {exporter}, {admin};"

  /* The desk: what the desk, the entrant editor, the import, the need
   * form and the door show and write.
   */
  "GRANT SELECT ON startline_meta, event, race, wave, charity, entrant, entrant_search,"
  "  charity_signup, checkin_event, need_type, need_consent, entrant_link, entrant_marker,"
  "  facility, booking, facility_visit, contact_consent, event_key TO {desk};"
  /* A need but its sealed bytes, and whether it has them (as on a file). */
  "GRANT SELECT (id, entrant_id, type_id, status, decline_reason, decided_by, decided_at,"
  "  created_by, created_at) ON need TO {desk};"
  "GRANT SELECT ON need_sealed TO {desk};"
  "GRANT SELECT (id, name, roles, created_at, created_by) ON staff TO {desk};"
  "GRANT UPDATE (data_version) ON startline_meta TO {desk};"
  "GRANT INSERT, UPDATE (bib, booking_ref, first_name, last_name, date_of_birth, age, gender,"
  "  nationality, club, email, phone, emergency_contact, entry_type, race_id, wave_id, status,"
  "  costume, vip, notes, checked_in_at, checked_in_desk, search_key, sort_name, updated_at)"
  "  ON entrant TO {desk};"
  "GRANT INSERT, DELETE ON entrant_search TO {desk};"
  "GRANT INSERT ON checkin_event, race, wave, charity TO {desk};"
  "GRANT INSERT, UPDATE, DELETE ON charity_signup TO {desk};"
  "GRANT INSERT ON need, need_consent TO {desk};"
  "GRANT INSERT, UPDATE ON contact_consent TO {desk};"
  "GRANT INSERT (id, facility_id, entrant_id, booking_id, party, entered_at, entered_by),"
  "  UPDATE (left_at) ON facility_visit TO {desk};"

  /* The accessibility officer: needs (sealed details included), their
   * types, consents, links and markers; facilities and bookings; a visit
   * over capacity.
   */
  "GRANT SELECT, UPDATE, DELETE ON need TO {officer};"
  "GRANT INSERT, UPDATE, DELETE ON need_type, need_consent, entrant_link, entrant_marker"
  "  TO {officer};"
  "GRANT INSERT, UPDATE ON facility, booking TO {officer};"
  "GRANT INSERT, UPDATE ON facility_visit TO {officer};"

  /* The exporter: export profiles, the export log (written, not read),
   * charities.
   */
  "GRANT SELECT, INSERT, UPDATE, DELETE ON export_profile TO {exporter};"
  "GRANT INSERT ON export_log TO {exporter};"
  "GRANT UPDATE ON charity TO {exporter};"

  /* The admin: what the exporter and officer may but the sealed details'
   * reading (which the key decides), the logs, staff, keys, the event,
   * deletion and erasure.
   */
  "GRANT SELECT, INSERT, UPDATE, DELETE ON export_profile TO {admin};"
  "GRANT SELECT, INSERT ON export_log TO {admin};"
  "GRANT UPDATE ON charity TO {admin};"
  "GRANT SELECT ON audit_log TO {admin};"
  "GRANT UPDATE (before, after, erased) ON audit_log TO {admin};"
  "GRANT INSERT, DELETE ON staff TO {admin};"
  "GRANT INSERT ON event_key TO {admin};"
  "GRANT SELECT (id, staff_id), INSERT, DELETE ON key_slot TO {admin};"
  "GRANT UPDATE (name, date, venue, timezone, retention_days) ON event TO {admin};"
  "GRANT DELETE ON entrant TO {admin};"
  /* The sealed bytes, which only the key opens: an erasure reads which
   * needs have them, and empties them (startline_need_update).
   */
  "GRANT SELECT (detail, adjustments), UPDATE (detail, adjustments) ON need TO {admin};"
  "GRANT DELETE ON entrant_link, entrant_marker, contact_consent TO {admin};"
  "GRANT INSERT, UPDATE ON facility, booking TO {admin};"
  "GRANT INSERT, UPDATE ON facility_visit TO {admin};";

static char *
dup_identifier (SlDb        *db,
                const char  *name)
{
  PGconn *conn = sl_pg_get_conn (db);
  char *quoted = PQescapeIdentifier (conn, name, strlen (name));
  char *copy = g_strdup (quoted);

  PQfreemem (quoted);
  return copy;
}

/* sql with each {placeholder} replaced by its identifier. */
static char *
dup_filled (SlDb        *db,
            const char  *sql,
            const char  *schema,
            const char  *database)
{
  static const char *const groups[] = { "desk", "officer", "exporter", "admin" };
  GString *out = g_string_new (sql);
  g_autofree char *quoted_schema = dup_identifier (db, schema);

  g_string_replace (out, "{schema}", quoted_schema, 0);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_autofree char *placeholder = g_strdup_printf ("{%s}", groups[i]);
      g_autofree char *name = g_strdup_printf ("%s_%s", database, groups[i]);
      g_autofree char *quoted = dup_identifier (db, name);

      g_string_replace (out, placeholder, quoted, 0);
    }
  return g_string_free (out, FALSE);
}

/* The four groups, unless the server has them already (an event made
 * again in a database of the same name).
 */
static const char groups_sql[] =
  "DO $$"
  " DECLARE"
  "  g text;"
  " BEGIN"
  "  FOREACH g IN ARRAY ARRAY['desk', 'officer', 'exporter', 'admin'] LOOP"
  "    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_database () || '_' || g)"
  "    THEN"
  "      EXECUTE format ('CREATE ROLE %I NOLOGIN', current_database () || '_' || g);"
  "    END IF;"
  "  END LOOP;"
  " END $$;";

gboolean
sl_pg_roles_create (SlDb    *db,
                    GError **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *database = NULL;
  g_autofree char *functions = NULL;
  g_autofree char *grants = NULL;

  res = sl_pg_run (db, "SELECT current_schema (), current_database (),"
                       " (SELECT rolcreaterole OR rolsuper FROM pg_roles"
                       "  WHERE rolname = current_user)", NULL, error);
  if (res == NULL)
    return FALSE;
  schema = sl_pg_dup (res, 0, 0);
  database = sl_pg_dup (res, 0, 1);
  if (g_strcmp0 (PQgetvalue (res, 0, 2), "t") != 0)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_DENIED,
                   _("The server account that makes an event needs CREATEROLE, to make the"
                     " event's roles and its staff's logins (ALTER ROLE … CREATEROLE)"));
      return FALSE;
    }
  /* The longest group name, <db>_exporter, within PostgreSQL's 63 bytes. */
  if (strlen (database) + strlen ("_exporter") > 63)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                   _("The database name “%s” is too long for the event's roles: use at most"
                     " 54 bytes"), database);
      return FALSE;
    }
  functions = dup_filled (db, functions_sql, schema, database);
  grants = dup_filled (db, grants_sql, schema, database);
  return sl_pg_exec (db, groups_sql, NULL, error)
         && sl_pg_exec (db, functions, NULL, error)
         && sl_pg_exec (db, grants, NULL, error);
}

/* The account's login, made or replaced (in the caller's write). The
 * passphrase becomes a SCRAM verifier here, in libpq.
 */
gboolean
sl_pg_login_put (SlDb                  *db,
                 const SlStaffAccount  *account,
                 const char            *passphrase,
                 gboolean              *existed,
                 GError               **error)
{
  g_auto(SlPgParams) params = { 0 };
  char *verifier;

  /* Asked as startline_login_put names the login. A role of that name
   * that is not the event's login is refused by it, below.
   */
  if (existed != NULL)
    {
      g_auto(SlPgParams) name = { 0 };
      gint64 n = 0;

      sl_pg_param_text (&name, account->name);
      if (!sl_pg_run_int64 (db, "SELECT count(*) FROM pg_roles"
                                " WHERE rolname = current_database () || '.' || lower ($1)",
                            &name, &n, error))
        return FALSE;
      *existed = n > 0;
    }
  verifier = PQencryptPasswordConn (sl_pg_get_conn (db), passphrase, "startline",
                                    "scram-sha-256");
  if (verifier == NULL)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_FAILED,
                   _("Making the login's password failed: %s"),
                   PQerrorMessage (sl_pg_get_conn (db)));
      return FALSE;
    }
  sl_pg_param_text (&params, account->name);
  sl_pg_param_int64 (&params, account->roles);
  sl_pg_param_text (&params, verifier);
  PQfreemem (verifier);
  /* An existing login is revoked from the event's groups before it is
   * granted its own again; the server warns of each it was not in, which
   * would reach the terminal as a second message of no news.
   */
  return sl_pg_exec (db, "SET LOCAL client_min_messages = error", NULL, error)
         && sl_pg_exec (db, "SELECT startline_login_put ($1, $2, $3)", &params, error)
         && sl_pg_exec (db, "SET LOCAL client_min_messages = warning", NULL, error);
}
