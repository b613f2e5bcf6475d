/* sl-db.c — the abstract store: what every engine shares
 *
 * Who is acting (written into every audit entry), the event's location
 * and time zone, the connection's lock, and the calls that dispatch to the
 * engine's methods (sl-store.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-audit.h"
#include "sl-store.h"

typedef struct
{
  char        *path;
  char        *operator_name;
  char        *desk;
  GTimeZone   *event_tz;
  GRecMutex    mutex;
  guint64      names_generation;
  guint64      data_version;
  gboolean     data_version_known;
  gboolean     read_only;
  GMutex       session_mutex;
  SlDbSession *session;      /* who is signed in; NULL: the desk */
  SlDb        *writer;       /* sl_db_dup_writer's, once made (the engine holds it) */
  GWeakRef     made_by;      /* a writer's: the SlDb it writes for */
  gint         reachable;    /* atomic: the server answers (SQLite: always) */
} SlDbPrivate;

struct _SlDbSession
{
  gatomicrefcount  ref_count;
  char            *staff_name;
  SlRoles          roles;
  SlEventKey      *key;
  char            *operator_before;
};

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SlDb, sl_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (sl-db-error-quark, sl_db_error)

static void
sl_db_finalize (GObject *object)
{
  SlDbPrivate *priv = sl_db_get_instance_private (SL_DB (object));

  g_clear_pointer (&priv->path, g_free);
  g_clear_pointer (&priv->operator_name, g_free);
  g_clear_pointer (&priv->desk, g_free);
  g_clear_pointer (&priv->event_tz, g_time_zone_unref);
  g_clear_pointer (&priv->session, sl_db_session_unref);
  g_mutex_clear (&priv->session_mutex);
  g_rec_mutex_clear (&priv->mutex);
  g_weak_ref_clear (&priv->made_by);

  G_OBJECT_CLASS (sl_db_parent_class)->finalize (object);
}

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_REACHABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sl_db_get_property (GObject    *object,
                    guint       prop_id,
                    GValue     *value,
                    GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_REACHABLE:
      g_value_set_boolean (value, sl_db_is_reachable (SL_DB (object)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_db_class_init (SlDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_db_finalize;
  object_class->get_property = sl_db_get_property;

  /* Whether the event's server answers: FALSE from a lost connection until
   * the store has one again (sl_db_set_reachable). An event in a file is
   * always reachable. Notified in the main context.
   */
  properties[PROP_REACHABLE] =
    g_param_spec_boolean ("reachable", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Another connection changed the event (see sl_db_poll_changes). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sl_db_init (SlDb *self)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  g_rec_mutex_init (&priv->mutex);
  g_mutex_init (&priv->session_mutex);
  priv->operator_name = g_strdup (g_get_user_name ());
  priv->desk = g_strdup ("");
  priv->event_tz = g_time_zone_new_local ();
  g_weak_ref_init (&priv->made_by, NULL);
  priv->reachable = TRUE;
}

gboolean
sl_db_is_reachable (SlDb *self)
{
  SlDbPrivate *priv;

  g_return_val_if_fail (SL_IS_DB (self), FALSE);
  priv = sl_db_get_instance_private (self);
  return g_atomic_int_get (&priv->reachable);
}

static gboolean
notify_reachable_cb (gpointer data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_REACHABLE]);
  return G_SOURCE_REMOVE;
}

void
sl_db_set_reachable (SlDb     *self,
                     gboolean  reachable)
{
  SlDbPrivate *priv;
  g_autoptr(SlDb) made_by = NULL;

  g_return_if_fail (SL_IS_DB (self));
  priv = sl_db_get_instance_private (self);
  reachable = !!reachable;
  if (g_atomic_int_exchange (&priv->reachable, reachable) != reachable)
    /* Stores find out in any thread (a writer's, in a worker); windows
     * hear it in the main context, where they draw.
     */
    g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, notify_reachable_cb,
                                g_object_ref (self), g_object_unref);
  /* A writer's connection is the window's too: what it finds, the
   * window's event says.
   */
  if ((made_by = g_weak_ref_get (&priv->made_by)) != NULL)
    sl_db_set_reachable (made_by, reachable);
}

const char *
sl_db_get_path (SlDb *self)
{
  SlDbPrivate *priv;

  g_return_val_if_fail (SL_IS_DB (self), NULL);
  priv = sl_db_get_instance_private (self);
  return priv->path;
}

void
sl_db_set_location (SlDb       *self,
                    const char *path)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  g_free (priv->path);
  priv->path = g_strdup (path);
}

gboolean
sl_db_is_read_only (SlDb *self)
{
  SlDbPrivate *priv;

  g_return_val_if_fail (SL_IS_DB (self), TRUE);
  priv = sl_db_get_instance_private (self);
  return priv->read_only;
}

void
sl_db_set_read_only (SlDb     *self,
                     gboolean  read_only)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  priv->read_only = read_only;
}

char *
sl_actor_name_dup_checked (SlActorPart   part,
                           const char   *name,
                           GError      **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (part == SL_ACTOR_OPERATOR || part == SL_ACTOR_DESK, NULL);

  if (name != NULL && !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           part == SL_ACTOR_DESK ? _("a desk name must be UTF-8 text")
                                                 : _("an operator name must be UTF-8 text"));
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                           part == SL_ACTOR_DESK ? _("a desk name cannot be blank")
                                                 : _("an operator name cannot be blank"));
      return NULL;
    }
  /* A line break would forge an audit line, a right-to-left override
   * would make the desk column of a list lie, and a long name fills it.
   */
  if (!sl_text_check (trimmed, "", SL_ACTOR_NAME_MAX_CHARS,
                      part == SL_ACTOR_DESK ? _("a desk name") : _("an operator name"),
                      SL_DB_ERROR, SL_DB_ERROR_INVALID, error))
    return NULL;
  return g_steal_pointer (&trimmed);
}

/* A name given to sl_db_set_actor: *checked is NULL when it is blank or
 * refused; FALSE when refused.
 */
static gboolean
check_actor_name (SlActorPart   part,
                  const char   *name,
                  char        **checked)
{
  g_autofree char *trimmed = NULL;

  *checked = NULL;
  if (name == NULL)
    return TRUE;
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0')
    return TRUE;
  *checked = sl_actor_name_dup_checked (part, trimmed, NULL);
  return *checked != NULL;
}

gboolean
sl_db_set_actor (SlDb       *self,
                 const char *operator_name,
                 const char *desk)
{
  SlDbPrivate *priv;
  g_autofree char *operator_checked = NULL;
  g_autofree char *desk_checked = NULL;
  gboolean ok;

  g_return_val_if_fail (SL_IS_DB (self), FALSE);
  priv = sl_db_get_instance_private (self);

  ok = check_actor_name (SL_ACTOR_OPERATOR, operator_name, &operator_checked);
  ok &= check_actor_name (SL_ACTOR_DESK, desk, &desk_checked);

  sl_db_lock (self);
  if (operator_checked != NULL)
    {
      g_free (priv->operator_name);
      priv->operator_name = g_steal_pointer (&operator_checked);
    }
  g_free (priv->desk);
  priv->desk = desk_checked != NULL ? g_steal_pointer (&desk_checked) : g_strdup ("");
  sl_db_unlock (self);
  return ok;
}

const char *
sl_db_get_operator (SlDb *self)
{
  SlDbPrivate *priv;

  g_return_val_if_fail (SL_IS_DB (self), NULL);
  priv = sl_db_get_instance_private (self);
  return priv->operator_name;
}

const char *
sl_db_get_desk (SlDb *self)
{
  SlDbPrivate *priv;

  g_return_val_if_fail (SL_IS_DB (self), NULL);
  priv = sl_db_get_instance_private (self);
  return priv->desk;
}

void
sl_db_bump_names_generation (SlDb *self)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  priv->names_generation++;
}

guint64
sl_db_get_names_generation (SlDb *self)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  return priv->names_generation;
}

void
sl_db_lock (SlDb *self)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  g_rec_mutex_lock (&priv->mutex);
}

void
sl_db_unlock (SlDb *self)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  g_rec_mutex_unlock (&priv->mutex);
}

gboolean
sl_db_begin_write (SlDb    *self,
                   GError **error)
{
  return SL_STORE (self)->begin_write (self, error);
}

gboolean
sl_db_commit (SlDb    *self,
              GError **error)
{
  return SL_STORE (self)->commit (self, error);
}

void
sl_db_rollback (SlDb *self)
{
  SL_STORE (self)->rollback (self);
}

gboolean
sl_db_run_write (SlDb          *self,
                 SlDbWriteFunc  func,
                 gpointer       user_data,
                 GError       **error)
{
  if (!sl_db_begin_write (self, error))
    return FALSE;
  if (!func (self, user_data, error))
    {
      sl_db_rollback (self);
      return FALSE;
    }
  return sl_db_commit (self, error);
}

gboolean
sl_db_seed_need_types (SlDb    *self,
                       GError **error)
{
  guint n_defaults;
  const SlNeedTypeDefault *defaults = sl_need_type_defaults (&n_defaults);

  for (guint i = 0; i < n_defaults; i++)
    {
      SlNeedType type = { 0 };
      g_auto(GStrv) adjustments = g_strsplit (defaults[i].adjustments, "\n", -1);

      type.code = (char *)defaults[i].code;
      type.label = (char *)defaults[i].label;
      type.adjustments = adjustments[0] != NULL ? adjustments : NULL;
      type.builtin = TRUE;
      if (!SL_STORE (self)->need_type_put (self, &type, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

/* Every table of the event that a copy carries, in the order it is
 * loaded: a row's references come before it (facilities without a parent
 * before those inside one). Not here: startline_meta (each database has
 * its own) and the search indexes (each engine builds its own).
 */
static const SlCopyTable copy_tables[] = {
  { "event", "id, name, date, venue, timezone, created_at, retention_days", "ittttti", "id" },
  { "race", "id, code, name, kind", "ittt", "id" },
  { "wave", "id, race_id, name, start_area, start_time", "iittt", "id" },
  { "charity", "id, name, registered_number, contact_name, contact_email, places_allocated,"
    " minimum_pledge_pence, bond", "ittttiit", "id" },
  { "entrant", "id, bib, booking_ref, first_name, last_name, date_of_birth, age, gender,"
    " nationality, club, email, phone, emergency_contact, entry_type, race_id, wave_id, status,"
    " costume, vip, notes, checked_in_at, checked_in_desk, search_key, sort_name, created_at,"
    " updated_at", "itttttitttttttiittittttttt", "id" },
  { "charity_signup", "id, entrant_id, charity_id, target_pence, raised_pence", "iiiii", "id" },
  { "checkin_event", "id, entrant_id, action, at, desk, operator, request_id", "iittttt", "id" },
  { "audit_log", "id, at, operator, desk, action, entity, entity_id, before, after,"
    " payload_hash, hash, erased", "itttttittbbi", "id" },
  /* A desk's account (roles 0) is a login of its server event, which a
   * file cannot hold and another server makes anew: not copied.
   */
  { "staff", "id, name, roles, passphrase_hash, created_at, created_by", "itittt", "id",
    "roles > 0" },
  { "event_key", "id, public_key, created_at", "ibt", "id" },
  { "key_slot", "id, staff_id, salt, nonce, wrapped_key, opslimit, memlimit, created_at",
    "iibbbiit", "id" },
  { "need_type", "id, code, label, adjustments, builtin", "ittti", "id" },
  { "need", "id, entrant_id, type_id, status, detail, adjustments, decline_reason, decided_by,"
    " decided_at, created_by, created_at", "iiitbbttttt", "id" },
  { "need_consent", "need_id, recipient, given, at, wording_version, recorded_by", "itittt",
    "need_id, recipient" },
  { "entrant_link", "id, entrant_id, kind, linked_entrant_id, companion_name, companion_phone,"
    " companion_pass", "iitittt", "id" },
  { "entrant_marker", "entrant_id, marker", "it", "entrant_id, marker" },
  { "facility", "id, kind, name, location, capacity, opens, closes, slot_minutes, parent_id,"
    " closed", "itttiiiiii", "parent_id IS NOT NULL, id" },
  { "booking", "id, facility_id, entrant_id, link_id, slot, party, status, created_by,"
    " created_at", "iiiiiittt", "id" },
  { "facility_visit", "id, facility_id, entrant_id, booking_id, party, entered_at, entered_by,"
    " left_at, over_capacity_reason", "iiiiitttt", "id" },
  { "contact_consent", "entrant_id, consent, at, wording_version, recorded_by", "itttt",
    "entrant_id" },
  { "export_profile", "id, name, columns, saved_by, saved_at", "itttt", "id" },
  { "export_log", "id, at, operator, desk, profile, reason, filter, n_rows, columns, file_name,"
    " sha256", "ittttttittt", "id" },
};

gboolean
sl_check_in_change_recorded (const SlCheckInChange  *change,
                             gint64                  id,
                             gint64                  recorded_id,
                             const char             *recorded_action,
                             gboolean               *done,
                             GError                **error)
{
  *done = recorded_action != NULL;
  if (*done && (recorded_id != id || g_strcmp0 (recorded_action, change->log_action) != 0))
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT,
                   _("Request %s was recorded for another change"), change->request_id);
      return FALSE;
    }
  return TRUE;
}

const SlCopyTable *
sl_copy_tables (guint *n_tables)
{
  *n_tables = G_N_ELEMENTS (copy_tables);
  return copy_tables;
}

SlDbSession *
sl_db_session_new (const char *staff_name,
                   SlRoles     roles,
                   SlEventKey *key,
                   const char *operator_before)
{
  SlDbSession *session = g_new0 (SlDbSession, 1);

  g_atomic_ref_count_init (&session->ref_count);
  session->staff_name = g_strdup (staff_name);
  session->roles = roles;
  session->key = key;
  session->operator_before = g_strdup (operator_before);
  return session;
}

SlDbSession *
sl_db_session_ref (SlDbSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);

  g_atomic_ref_count_inc (&session->ref_count);
  return session;
}

void
sl_db_session_unref (SlDbSession *session)
{
  if (session == NULL || !g_atomic_ref_count_dec (&session->ref_count))
    return;
  g_clear_pointer (&session->key, sl_event_key_free);   /* wipes it */
  g_free (session->staff_name);
  g_free (session->operator_before);
  g_free (session);
}

/* Replaces self's session; returns the one it had. */
static SlDbSession *
swap_session (SlDb        *self,
              SlDbSession *session)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);
  SlDbSession *old;

  g_mutex_lock (&priv->session_mutex);
  old = priv->session;
  priv->session = session != NULL ? sl_db_session_ref (session) : NULL;
  g_mutex_unlock (&priv->session_mutex);
  return old;
}

static SlDbSession *
dup_session (SlDb *self)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);
  SlDbSession *session;

  g_mutex_lock (&priv->session_mutex);
  session = priv->session != NULL ? sl_db_session_ref (priv->session) : NULL;
  g_mutex_unlock (&priv->session_mutex);
  return session;
}

void
sl_db_set_session (SlDb        *self,
                   SlDbSession *session)
{
  SlDbPrivate *priv;
  SlDb *writer;

  g_return_if_fail (SL_IS_DB (self));
  priv = sl_db_get_instance_private (self);

  sl_db_session_unref (swap_session (self, session));
  g_mutex_lock (&priv->session_mutex);
  writer = priv->writer != NULL ? g_object_ref (priv->writer) : NULL;
  g_mutex_unlock (&priv->session_mutex);
  if (writer != NULL)
    {
      /* Under its lock: a write running there finishes as who began it. */
      sl_db_lock (writer);
      sl_db_session_unref (swap_session (writer, session));
      sl_db_unlock (writer);
      g_object_unref (writer);
    }
}

/* The session on self is read and used by the thread that holds self
 * (the main thread, or a worker holding the connection's lock), the only
 * ones that change it: the pointers stay valid meanwhile.
 */
SlRoles
sl_db_session_get_roles (SlDb *self)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  return priv->session != NULL ? priv->session->roles : SL_ROLE_DESK;
}

const char *
sl_db_session_get_name (SlDb *self)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  return priv->session != NULL ? priv->session->staff_name : NULL;
}

const SlEventKey *
sl_db_session_get_key (SlDb *self)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  return priv->session != NULL ? priv->session->key : NULL;
}

const char *
sl_db_session_get_operator_before (SlDb *self)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);

  return priv->session != NULL ? priv->session->operator_before : NULL;
}

SlDb *
sl_db_open_reader (SlDb    *self,
                   GError **error)
{
  SlDb *reader;

  g_return_val_if_fail (SL_IS_DB (self), NULL);
  reader = SL_STORE (self)->open_reader (self, error);
  if (reader != NULL)
    {
      g_autoptr(SlDbSession) session = dup_session (self);

      sl_db_session_unref (swap_session (reader, session));
    }
  return reader;
}

SlDb *
sl_db_dup_writer (SlDb    *self,
                  GError **error)
{
  SlDbPrivate *priv;
  SlDb *writer;

  g_return_val_if_fail (SL_IS_DB (self), NULL);
  priv = sl_db_get_instance_private (self);
  writer = SL_STORE (self)->dup_writer (self, error);
  if (writer == NULL)
    return NULL;

  /* The first time: the writer takes on whoever is signed in here, and
   * every sign-in and sign-out from now on reaches it (sl_db_set_session).
   */
  g_mutex_lock (&priv->session_mutex);
  if (priv->writer != writer)
    {
      SlDbSession *old;
      SlDbPrivate *writer_priv = sl_db_get_instance_private (writer);

      priv->writer = writer;
      g_weak_ref_set (&writer_priv->made_by, self);
      g_mutex_lock (&writer_priv->session_mutex);
      old = writer_priv->session;
      writer_priv->session = priv->session != NULL ? sl_db_session_ref (priv->session) : NULL;
      g_mutex_unlock (&writer_priv->session_mutex);
      sl_db_session_unref (old);
    }
  g_mutex_unlock (&priv->session_mutex);
  return writer;
}

gboolean
sl_db_poll_changes (SlDb    *self,
                    GError **error)
{
  SlDbPrivate *priv;
  guint64 version = 0;
  gboolean changed;

  g_return_val_if_fail (SL_IS_DB (self), FALSE);
  priv = sl_db_get_instance_private (self);

  if (!SL_STORE (self)->data_version (self, &version, error))
    return FALSE;
  changed = priv->data_version_known && version != priv->data_version;
  priv->data_version = version;
  priv->data_version_known = TRUE;
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
  return changed;
}

char *
sl_db_now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}

GTimeZone *
sl_db_get_event_timezone (SlDb *self)
{
  SlDbPrivate *priv;

  g_return_val_if_fail (SL_IS_DB (self), NULL);
  priv = sl_db_get_instance_private (self);
  return priv->event_tz;
}

void
sl_db_set_event_timezone (SlDb       *self,
                          const char *identifier)
{
  SlDbPrivate *priv = sl_db_get_instance_private (self);
  GTimeZone *tz = NULL;

  if (identifier != NULL)
    tz = g_time_zone_new_identifier (identifier);
  if (tz == NULL)
    tz = g_time_zone_new_local ();
  g_clear_pointer (&priv->event_tz, g_time_zone_unref);
  priv->event_tz = tz;
}

char *
sl_db_format_local (SlDb       *self,
                    const char *utc_iso,
                    const char *format)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (SL_IS_DB (self), NULL);

  if (utc_iso == NULL)
    return NULL;

  utc = g_time_zone_new_utc ();
  when = g_date_time_new_from_iso8601 (utc_iso, utc);
  if (when == NULL)
    return g_strdup (utc_iso);

  local = g_date_time_to_timezone (when, sl_db_get_event_timezone (self));
  return g_date_time_format (local, format != NULL ? format : "%Y-%m-%d %H:%M");
}

gboolean
sl_db_audit (SlDb        *self,
             const char  *action,
             const char  *entity,
             gint64       entity_id,
             const char  *before_json,
             const char  *after_json,
             GError     **error)
{
  return sl_db_audit_at_desk (self, sl_db_get_desk (self), action, entity, entity_id,
                              before_json, after_json, error);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static char *
dup_object_text (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_node_set_object (root, object);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Free text about a person that an audit does not need in clear: an
 * entry keeps only that it was set or changed (the store keeps the text
 * itself; erasure and retention remove it there).
 */
static const struct
{
  const char *entity;
  const char *member;
} free_text_members[] = {
  { "entrant", "notes" },
  { "need", "decline_reason" },
  { "facility-visit", "over_capacity_reason" },
};

/* Replaces the value of each of entity's free text members object has
 * with mark; TRUE when it replaced any.
 */
static gboolean
mark_free_text (JsonObject *object,
                const char *entity,
                const char *mark)
{
  gboolean marked = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (free_text_members); i++)
    if (g_strcmp0 (entity, free_text_members[i].entity) == 0
        && json_object_has_member (object, free_text_members[i].member))
      {
        json_object_set_string_member (object, free_text_members[i].member, mark);
        marked = TRUE;
      }
  return marked;
}

/* Whether json may name one of entity's free text members: a cheap test
 * before parsing a whole image.
 */
static gboolean
may_hold_free_text (const char *json,
                    const char *entity)
{
  if (json == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (free_text_members); i++)
    if (g_strcmp0 (entity, free_text_members[i].entity) == 0
        && strstr (json, free_text_members[i].member) != NULL)
      return TRUE;
  return FALSE;
}

/* A whole image (an insert's, or one that could not be compared) with its
 * free text marked "set"; NULL when it has none to mark.
 */
static char *
dup_marked_image (const char *json,
                  const char *entity)
{
  g_autoptr(JsonObject) object = NULL;

  if (!may_hold_free_text (json, entity) || (object = parse_object (json)) == NULL
      || !mark_free_text (object, entity, SL_AUDIT_TEXT_SET))
    return NULL;
  return dup_object_text (object);
}

/* An update's entry keeps only what changed: the members whose value
 * differs (or that one image lacks), each image with its own, free text
 * marked "changed". FALSE (the whole images are kept) when either is not
 * a JSON object or nothing differs.
 */
static gboolean
dup_changed_members (const char  *entity,
                     const char  *before_json,
                     const char  *after_json,
                     char       **before_out,
                     char       **after_out)
{
  g_autoptr(JsonObject) before = parse_object (before_json);
  g_autoptr(JsonObject) after = parse_object (after_json);
  g_autoptr(JsonObject) before_changed = json_object_new ();
  g_autoptr(JsonObject) after_changed = json_object_new ();
  g_autoptr(GList) before_members = NULL;
  g_autoptr(GList) after_members = NULL;

  if (before == NULL || after == NULL)
    return FALSE;
  before_members = json_object_get_members (before);
  for (GList *l = before_members; l != NULL; l = l->next)
    {
      JsonNode *old_value = json_object_get_member (before, l->data);
      JsonNode *new_value = json_object_get_member (after, l->data);

      if (new_value != NULL && json_node_equal (old_value, new_value))
        continue;
      json_object_set_member (before_changed, l->data, json_node_copy (old_value));
      if (new_value != NULL)
        json_object_set_member (after_changed, l->data, json_node_copy (new_value));
    }
  after_members = json_object_get_members (after);
  for (GList *l = after_members; l != NULL; l = l->next)
    if (!json_object_has_member (before, l->data))
      json_object_set_member (after_changed, l->data,
                              json_node_copy (json_object_get_member (after, l->data)));
  if (json_object_get_size (before_changed) == 0 && json_object_get_size (after_changed) == 0)
    return FALSE;
  mark_free_text (before_changed, entity, SL_AUDIT_TEXT_CHANGED);
  mark_free_text (after_changed, entity, SL_AUDIT_TEXT_CHANGED);
  *before_out = dup_object_text (before_changed);
  *after_out = dup_object_text (after_changed);
  return TRUE;
}

gboolean
sl_db_audit_at_desk (SlDb        *self,
                     const char  *desk,
                     const char  *action,
                     const char  *entity,
                     gint64       entity_id,
                     const char  *before_json,
                     const char  *after_json,
                     GError     **error)
{
  g_autofree char *before_changed = NULL;
  g_autofree char *after_changed = NULL;

  /* Every image of a change is cut down here, in one place: the callers
   * give whole images.
   */
  if (before_json != NULL && after_json != NULL
      && dup_changed_members (entity, before_json, after_json, &before_changed, &after_changed))
    {
      before_json = before_changed;
      after_json = after_changed;
    }
  else
    {
      before_changed = dup_marked_image (before_json, entity);
      after_changed = dup_marked_image (after_json, entity);
      if (before_changed != NULL)
        before_json = before_changed;
      if (after_changed != NULL)
        after_json = after_changed;
    }
  return SL_STORE (self)->audit_append (self, desk, action, entity, entity_id, before_json,
                                        after_json, error);
}

GPtrArray *
sl_db_list_audit (SlDb        *self,
                  const char  *entity,
                  gint64       entity_id,
                  guint        limit,
                  GError     **error)
{
  g_return_val_if_fail (SL_IS_DB (self), NULL);
  return SL_STORE (self)->audit_list (self, entity, entity_id, limit, error);
}

gboolean
sl_db_verify_audit (SlDb    *self,
                    gint64  *n_entries,
                    gint64  *first_bad_id,
                    GError **error)
{
  g_autofree char *what = NULL;
  gint64 n = 0;
  gint64 bad = 0;

  g_return_val_if_fail (SL_IS_DB (self), FALSE);

  if (first_bad_id != NULL)
    *first_bad_id = 0;
  if (!SL_STORE (self)->audit_verify (self, &n, &bad, &what, error))
    return FALSE;
  if (n_entries != NULL)
    *n_entries = n;
  if (what == NULL)
    return TRUE;
  if (first_bad_id != NULL)
    *first_bad_id = bad;
  g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_CORRUPT,
               _("audit log broken at entry %lld: %s"), (long long)bad, what);
  return FALSE;
}

gboolean
sl_db_backup (SlDb        *self,
              const char  *dest_path,
              GError     **error)
{
  g_return_val_if_fail (SL_IS_DB (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  return SL_STORE (self)->backup (self, dest_path, error);
}

gboolean
sl_db_integrity_ok (SlDb    *self,
                    GError **error)
{
  g_return_val_if_fail (SL_IS_DB (self), FALSE);

  return SL_STORE (self)->check_integrity (self, TRUE, error);
}

static void
check_integrity_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  SlDb *self = source_object;
  GError *error = NULL;

  if (SL_STORE (self)->check_integrity (self, FALSE, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sl_db_check_integrity_async (SlDb                *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_DB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_db_check_integrity_async);
  g_task_run_in_thread (task, check_integrity_thread);
}

gboolean
sl_db_check_integrity_finish (SlDb          *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SL_IS_DB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
