/* sl-export-profile.c — export profiles, exporting through them and the
 * export log (issue 18)
 *
 * The built-in profiles are a table here, never stored; custom ones are
 * saved in the event as their columns' registry keys. An export through
 * a profile checks the role, the filter and the reason, then runs the
 * export's writer (sl-export.c) with the profile's row rules, which logs
 * it in the transaction of its audit entry; the facility lead's profile
 * runs the roster export, which logs it the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-export-private.h"
#include "sl-export-profile.h"
#include "sl-facilities.h"
#include "sl-json-image.h"
#include "sl-roster-export.h"
#include "sl-session.h"
#include "sl-store.h"

#define PROFILE_NAME_MAX_CHARS 60
#define REASON_MAX_CHARS 500

#define C(x) SL_EXPORT_COLUMN_##x

typedef struct
{
  const char     *name;
  const char     *label;
  SlProfileKind   kind;
  SlProfileFlags  flags;
  SlRoles         roles;
  SlExportColumn  columns[SL_N_EXPORT_COLUMNS];
  guint           n_columns;
} Builtin;

static const Builtin builtins[] = {
  { "charity-partner", N_("Charity partner"), SL_PROFILE_KIND_ENTRANTS,
    SL_PROFILE_NEEDS_CHARITY | SL_PROFILE_CONTACT_BY_CONSENT, SL_ROLE_EXPORTER | SL_ROLE_ADMIN,
    { C(BIB), C(FIRST_NAME), C(LAST_NAME), C(RACE), C(WAVE), C(STATUS), C(TARGET), C(RAISED),
      C(EMAIL), C(PHONE) }, 10 },
  { "medical-team", N_("Medical team"), SL_PROFILE_KIND_ENTRANTS,
    SL_PROFILE_NEEDS_BY_MEDICAL_CONSENT, SL_ROLE_OFFICER,
    { C(BIB), C(FIRST_NAME), C(LAST_NAME), C(DATE_OF_BIRTH), C(EMERGENCY_CONTACT),
      C(NEED_TYPES), C(NEED_DETAILS) }, 7 },
  { "facility-lead", N_("Facility lead"), SL_PROFILE_KIND_ROSTER, SL_PROFILE_NEEDS_FACILITY,
    SL_ROLE_OFFICER | SL_ROLE_EXPORTER | SL_ROLE_ADMIN, { 0 }, 0 },
  { "start-area-marshals", N_("Start-area marshals"), SL_PROFILE_KIND_ENTRANTS, 0,
    SL_ROLE_OFFICER, { C(BIB), C(FIRST_NAME), C(LAST_NAME), C(WAVE), C(START_AREA),
                       C(MARKERS) }, 6 },
  /* Filled in from the registry: every column but the special ones. */
  { "full", N_("Full"), SL_PROFILE_KIND_ENTRANTS, 0, SL_ROLE_ADMIN, { 0 }, 0 },
};

/* A roster's columns (sl-roster-export.c), for the preview. */
static const char *const roster_keys[] = {
  "bib", "first_name", "last_name", "facility", "slot", "party", "status", "waiting_position",
  "markers", NULL
};
static const char *const roster_headers[] = {
  N_("Bib"), N_("First name"), N_("Last name"), N_("Facility"), N_("Slot"), N_("Party"),
  N_("Status"), N_("Waiting position"), N_("Markers"), NULL
};

void
sl_export_profile_free (SlExportProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->name);
  g_free (profile->label);
  g_free (profile->columns);
  g_free (profile);
}

void
sl_profile_export_preview_free (SlProfileExportPreview *preview)
{
  if (preview == NULL)
    return;
  g_strfreev (preview->headers);
  g_strfreev (preview->keys);
  g_free (preview);
}

void
sl_export_log_entry_free (SlExportLogEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->operator_name);
  g_free (entry->desk);
  g_free (entry->profile);
  g_free (entry->reason);
  g_free (entry->filter);
  g_free (entry->columns);
  g_free (entry->file_name);
  g_free (entry->sha256);
  g_free (entry);
}

SlSensitivity
sl_export_profile_sensitivity (const SlExportProfile *profile)
{
  const SlExportColumnInfo *infos = sl_export_get_columns (NULL);
  SlSensitivity highest = SL_SENSITIVITY_PUBLIC;

  g_return_val_if_fail (profile != NULL, SL_SENSITIVITY_SPECIAL);

  /* A roster shows markers. */
  if (profile->kind == SL_PROFILE_KIND_ROSTER)
    return SL_SENSITIVITY_SPECIAL;
  for (guint i = 0; i < profile->n_columns; i++)
    highest = MAX (highest, infos[profile->columns[i]].sensitivity);
  return highest;
}

gboolean
sl_export_profile_check_roles (const SlExportProfile *profile,
                               SlRoles                roles,
                               GError               **error)
{
  const char *format;

  g_return_val_if_fail (profile != NULL, FALSE);

  if ((roles & profile->roles) != 0)
    return TRUE;
  switch ((guint)profile->roles)
    {
    case SL_ROLE_OFFICER:
      format = _("The %s profile needs an accessibility officer.");
      break;
    case SL_ROLE_ADMIN:
      format = _("The %s profile needs an admin.");
      break;
    case SL_ROLE_EXPORTER | SL_ROLE_ADMIN:
      format = _("The %s profile needs an exporter or an admin.");
      break;
    default:
      format = _("The %s profile needs an accessibility officer, an exporter or an admin.");
      break;
    }
  g_set_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED, format, profile->name);
  return FALSE;
}

static SlExportProfile *
profile_from_builtin (const Builtin *builtin)
{
  const SlExportColumnInfo *infos;
  SlExportProfile *profile = g_new0 (SlExportProfile, 1);
  guint n_infos;

  profile->name = g_strdup (builtin->name);
  profile->label = g_strdup (_(builtin->label));
  profile->builtin = TRUE;
  profile->kind = builtin->kind;
  profile->flags = builtin->flags;
  profile->roles = builtin->roles;
  if (g_str_equal (builtin->name, "full"))
    {
      infos = sl_export_get_columns (&n_infos);
      profile->columns = g_new (SlExportColumn, n_infos);
      for (guint c = 0; c < n_infos; c++)
        if (infos[c].sensitivity != SL_SENSITIVITY_SPECIAL)
          profile->columns[profile->n_columns++] = infos[c].column;
      return profile;
    }
  profile->columns = g_memdup2 (builtin->columns, builtin->n_columns * sizeof (SlExportColumn));
  profile->n_columns = builtin->n_columns;
  return profile;
}

static gboolean
column_from_key (const char     *key,
                 SlExportColumn *out)
{
  guint n_infos;
  const SlExportColumnInfo *infos = sl_export_get_columns (&n_infos);

  for (guint c = 0; c < n_infos; c++)
    if (g_str_equal (infos[c].key, key))
      {
        *out = infos[c].column;
        return TRUE;
      }
  return FALSE;
}

/* A custom profile's roles follow from its columns. */
static SlRoles
custom_roles (const SlExportColumn *columns,
              guint                 n_columns)
{
  const SlExportColumnInfo *infos = sl_export_get_columns (NULL);

  for (guint i = 0; i < n_columns; i++)
    if (infos[columns[i]].sensitivity == SL_SENSITIVITY_SPECIAL)
      return SL_ROLE_OFFICER;
  return SL_ROLE_EXPORTER | SL_ROLE_ADMIN;
}

static SlExportProfile *
profile_from_stored (const char *name,
                     const char *keys)
{
  g_auto(GStrv) parts = g_strsplit (keys, ",", -1);
  SlExportProfile *profile = g_new0 (SlExportProfile, 1);

  profile->name = g_strdup (name);
  profile->label = g_strdup (name);
  profile->kind = SL_PROFILE_KIND_ENTRANTS;
  profile->columns = g_new (SlExportColumn, g_strv_length (parts) + 1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (column_from_key (parts[i], &profile->columns[profile->n_columns]))
      profile->n_columns++;
  profile->roles = custom_roles (profile->columns, profile->n_columns);
  return profile;
}

static const Builtin *
find_builtin (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    if (g_ascii_strcasecmp (builtins[i].name, name) == 0)
      return &builtins[i];
  return NULL;
}

GPtrArray *
sl_db_list_export_profiles (SlDb    *db,
                            GError **error)
{
  g_autoptr(GPtrArray) stored = NULL;
  GPtrArray *profiles;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!(stored = SL_STORE (db)->export_profiles_list (db, error)))
    return NULL;
  profiles = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_export_profile_free);
  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    g_ptr_array_add (profiles, profile_from_builtin (&builtins[i]));
  for (guint i = 0; i < stored->len; i++)
    {
      char **row = g_ptr_array_index (stored, i);

      g_ptr_array_add (profiles, profile_from_stored (row[0], row[1]));
    }
  return profiles;
}

SlExportProfile *
sl_db_dup_export_profile (SlDb        *db,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(GPtrArray) stored = NULL;
  const Builtin *builtin;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if ((builtin = find_builtin (name)) != NULL)
    return profile_from_builtin (builtin);
  if (!(stored = SL_STORE (db)->export_profiles_list (db, error)))
    return NULL;
  for (guint i = 0; i < stored->len; i++)
    {
      char **row = g_ptr_array_index (stored, i);

      if (g_utf8_collate (row[0], name) == 0 || g_ascii_strcasecmp (row[0], name) == 0)
        return profile_from_stored (row[0], row[1]);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("There is no export profile called “%s”"), name);
  return NULL;
}

/* Saving and removing ---------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *keys;      /* NULL: remove */
} ProfileWrite;

static gboolean
profile_in_write (SlDb     *db,
                  gpointer  data,
                  GError  **error)
{
  const ProfileWrite *write = data;
  SlJsonImage image;
  g_autofree char *json = NULL;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "name", write->name);
  sl_json_image_add_string (&image, "columns", write->keys);
  json = sl_json_image_end_to_string (&image);
  return SL_STORE (db)->export_profile_put (db, write->name, write->keys, error)
         && sl_db_audit (db, write->keys != NULL ? "save-export-profile" : "remove-export-profile",
                         "export-profile", 0, write->keys != NULL ? NULL : json,
                         write->keys != NULL ? json : NULL, error);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (*name == '\0' || g_utf8_strlen (name, -1) > PROFILE_NAME_MAX_CHARS
      || strpbrk (name, "\t\n\r,") != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A profile's name is 1 to %d characters, without commas, tabs or line "
                     "breaks"), PROFILE_NAME_MAX_CHARS);
      return FALSE;
    }
  if (find_builtin (name) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” is a built-in profile: choose another name"), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_db_save_export_profile (SlDb                 *db,
                           const char           *name,
                           const SlExportColumn *columns,
                           guint                 n_columns,
                           GError              **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  const SlExportColumnInfo *infos = sl_export_get_columns (NULL);
  gboolean seen[SL_N_EXPORT_COLUMNS] = { FALSE };
  g_autoptr(GString) keys = g_string_new (NULL);
  ProfileWrite write = { trimmed, NULL };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_EXPORT, error) || !check_name (trimmed, error))
    return FALSE;
  if (n_columns == 0 || n_columns > SL_N_EXPORT_COLUMNS || columns == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A profile holds at least one column"));
      return FALSE;
    }
  for (guint i = 0; i < n_columns; i++)
    {
      if ((guint)columns[i] >= SL_N_EXPORT_COLUMNS || seen[columns[i]])
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A profile holds each column once"));
          return FALSE;
        }
      seen[columns[i]] = TRUE;
      g_string_append_printf (keys, "%s%s", i > 0 ? "," : "", infos[columns[i]].key);
    }
  write.keys = keys->str;
  return sl_db_run_write (db, profile_in_write, &write, error);
}

gboolean
sl_db_remove_export_profile (SlDb        *db,
                             const char  *name,
                             GError     **error)
{
  g_autoptr(SlExportProfile) profile = NULL;
  ProfileWrite write = { NULL, NULL };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!sl_db_require (db, SL_ACTION_EXPORT, error))
    return FALSE;
  if (find_builtin (name) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("“%s” is a built-in profile and cannot be removed"), name);
      return FALSE;
    }
  if (!(profile = sl_db_dup_export_profile (db, name, error)))
    return FALSE;
  write.name = profile->name;
  return sl_db_run_write (db, profile_in_write, &write, error);
}

/* Exporting through a profile ------------------------------------------- */

typedef struct
{
  SlExportProfile *profile;
  SlFacility      *facility;   /* a roster's */
  char            *filter;     /* for the log */
  SlExportOptions  options;
  SlExportRules    rules;
} Resolved;

static void
resolved_clear (Resolved *resolved)
{
  g_clear_pointer (&resolved->profile, sl_export_profile_free);
  g_clear_pointer (&resolved->facility, sl_facility_free);
  g_clear_pointer (&resolved->filter, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Resolved, resolved_clear)

static gboolean
blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* The profile, its role and its filter checked, as the export and the
 * preview both need them.
 */
static gboolean
resolve (SlDb                         *db,
         const SlProfileExportRequest *request,
         Resolved                     *resolved,
         GError                      **error)
{
  SlExportProfile *profile;

  if (blank (request->profile))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose an export profile"));
      return FALSE;
    }
  if (!(profile = resolved->profile = sl_db_dup_export_profile (db, request->profile, error))
      || !sl_export_profile_check_roles (profile, sl_db_get_roles (db), error))
    return FALSE;

  if ((profile->flags & SL_PROFILE_NEEDS_CHARITY) && blank (request->charity))
    {
      g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_NO_SUCH_CHARITY,
                   _("The %s profile exports one charity’s runners: name the charity"),
                   profile->name);
      return FALSE;
    }
  if (profile->kind == SL_PROFILE_KIND_ROSTER)
    {
      if (blank (request->facility))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The %s profile exports one facility’s roster: name the facility"),
                       profile->name);
          return FALSE;
        }
      if (!(resolved->facility = sl_db_find_facility (db, request->facility, error)))
        return FALSE;
      resolved->filter = g_strdup_printf ("facility: %s", resolved->facility->name);
      return TRUE;
    }

  resolved->options.format = request->format;
  resolved->options.kind = SL_EXPORT_ENTRANTS;
  resolved->options.charity = blank (request->charity) ? NULL : request->charity;
  resolved->options.columns = profile->columns;
  resolved->options.n_columns = profile->n_columns;
  if (resolved->options.charity != NULL)
    resolved->filter = g_strdup_printf ("charity: %s", resolved->options.charity);
  resolved->rules.contact_by_consent = (profile->flags & SL_PROFILE_CONTACT_BY_CONSENT) != 0;
  resolved->rules.needs_medical_only = (profile->flags & SL_PROFILE_NEEDS_BY_MEDICAL_CONSENT) != 0;
  resolved->rules.profile = profile->name;
  resolved->rules.reason = request->reason;
  resolved->rules.filter = resolved->filter;
  return TRUE;
}

typedef struct
{
  gint64 n_rows;
} Count;

static gboolean
count_start (SlDb     *reader,
             gint64    n_rows,
             gpointer  user_data,
             GError  **error)
{
  ((Count *)user_data)->n_rows = n_rows;
  return FALSE;    /* the count is all the preview reads */
}

static gboolean
count_row (const SlExportRow *row,
           gpointer           user_data,
           GError           **error)
{
  return FALSE;
}

static gboolean
count_rows (SlDb      *db,
            Resolved  *resolved,
            gint64    *n_rows,
            GError   **error)
{
  g_autoptr(SlDb) reader = NULL;
  SlExportQuery query = { { FALSE } };
  Count count = { -1 };
  GError *local = NULL;

  if (resolved->facility != NULL)
    {
      SlBookingFilter filter = SL_BOOKING_FILTER_INIT;
      g_autoptr(GPtrArray) bookings = NULL;

      filter.facility_id = resolved->facility->id;
      if (!(bookings = sl_db_list_bookings (db, &filter, error)))
        return FALSE;
      *n_rows = bookings->len;
      return TRUE;
    }
  if (resolved->options.charity != NULL)
    {
      g_autoptr(GPtrArray) charities = sl_db_list_charities (db, error);

      if (charities == NULL)
        return FALSE;
      for (guint i = 0; i < charities->len && query.charity_id == 0; i++)
        {
          SlCharity *charity = g_ptr_array_index (charities, i);

          if (g_utf8_collate (charity->name, resolved->options.charity) == 0
              || g_ascii_strcasecmp (charity->name, resolved->options.charity) == 0)
            query.charity_id = charity->id;
        }
      if (query.charity_id == 0)
        {
          g_set_error (error, SL_EXPORT_ERROR, SL_EXPORT_ERROR_NO_SUCH_CHARITY,
                       _("There is no charity called “%s”"), resolved->options.charity);
          return FALSE;
        }
    }
  if (!(reader = sl_db_open_reader (db, error)))
    return FALSE;
  SL_STORE (reader)->export_rows (reader, &query, count_start, count_row, &count, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  *n_rows = count.n_rows;
  return TRUE;
}

SlProfileExportPreview *
sl_db_preview_profile_export (SlDb                         *db,
                              const SlProfileExportRequest *request,
                              GError                      **error)
{
  g_autoptr(SlProfileExportPreview) preview = g_new0 (SlProfileExportPreview, 1);
  g_auto(Resolved) resolved = { 0 };
  const SlExportColumnInfo *infos = sl_export_get_columns (NULL);
  GStrvBuilder *headers, *keys;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!resolve (db, request, &resolved, error)
      || !count_rows (db, &resolved, &preview->n_rows, error))
    return NULL;
  headers = g_strv_builder_new ();
  keys = g_strv_builder_new ();
  if (resolved.facility != NULL)
    for (guint i = 0; roster_keys[i] != NULL; i++)
      {
        g_strv_builder_add (headers, _(roster_headers[i]));
        g_strv_builder_add (keys, roster_keys[i]);
      }
  for (guint i = 0; resolved.facility == NULL && i < resolved.profile->n_columns; i++)
    {
      g_strv_builder_add (headers, _(infos[resolved.profile->columns[i]].header));
      g_strv_builder_add (keys, infos[resolved.profile->columns[i]].key);
    }
  preview->headers = g_strv_builder_end (headers);
  preview->keys = g_strv_builder_end (keys);
  g_strv_builder_unref (headers);
  g_strv_builder_unref (keys);
  return g_steal_pointer (&preview);
}

/* The roster export writes and audits its file; its log entry, with the
 * file's hash, and an audit entry of its own are written in the same
 * transaction (sl_export_roster_logged), before the file is linked.
 */
typedef struct
{
  const char *profile;
  const char *reason;
  const char *filter;
  const char *file_name;
} RosterLog;

static gboolean
roster_log_in_write (SlDb        *db,
                     const char  *sha256,
                     guint        n_rows,
                     gpointer     data,
                     GError     **error)
{
  const RosterLog *log = data;
  g_autofree char *keys = g_strjoinv (",", (char **)roster_keys);
  g_autofree char *json = NULL;
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "profile", log->profile);
  sl_json_image_add_string (&image, "reason", log->reason);
  sl_json_image_add_string (&image, "filter", log->filter);
  sl_json_image_add_string (&image, "file", log->file_name);
  sl_json_image_add_string (&image, "sha256", sha256);
  sl_json_image_add_int (&image, "rows", n_rows);
  json = sl_json_image_end_to_string (&image);
  return sl_db_audit (db, "export-profile", "export-log", 0, NULL, json, error)
         && SL_STORE (db)->export_log_append (db, log->profile, log->reason, log->filter,
                                              n_rows, keys, log->file_name, sha256, error);
}

static gboolean
export_roster (SlDb        *db,
               const char  *path,
               Resolved    *resolved,
               const char  *reason,
               gint64      *n_rows,
               GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);
  guint rows = 0;
  RosterLog log = { resolved->profile->name, reason, resolved->filter, base };

  if (!sl_export_roster_logged (db, resolved->facility->id, SL_SLOT_ANY, path,
                                roster_log_in_write, &log, &rows, error))
    return FALSE;
  *n_rows = rows;
  return TRUE;
}

gboolean
sl_db_export_profile (SlDb                         *db,
                      const char                   *path,
                      const SlProfileExportRequest *request,
                      GCancellable                 *cancellable,
                      SlProgressFunc                progress,
                      gpointer                      progress_data,
                      gint64                       *n_rows,
                      GError                      **error)
{
  g_auto(Resolved) resolved = { 0 };
  gint64 rows = 0;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  if (!resolve (db, request, &resolved, error))
    return FALSE;
  if (blank (request->reason) || g_utf8_strlen (request->reason, -1) > REASON_MAX_CHARS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("An export through a profile needs a reason (at most %d characters)"),
                   REASON_MAX_CHARS);
      return FALSE;
    }
  if (resolved.facility != NULL
        ? !export_roster (db, path, &resolved, request->reason, &rows, error)
        : !sl_export_run (db, path, &resolved.options, &resolved.rules, cancellable, progress,
                          progress_data, &rows, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = rows;
  return TRUE;
}

typedef struct
{
  char                   *path;
  char                   *profile;
  char                   *charity;
  char                   *facility;
  char                   *reason;
  SlProfileExportRequest  request;
} ProfileTask;

static void
profile_task_free (ProfileTask *data)
{
  g_free (data->path);
  g_free (data->profile);
  g_free (data->charity);
  g_free (data->facility);
  g_free (data->reason);
  g_free (data);
}

static gboolean
profile_export (SlDb            *db,
                gpointer         task_data,
                GCancellable    *cancellable,
                SlProgressFunc   progress,
                gpointer         progress_data,
                gint64          *n_rows,
                GError         **error)
{
  ProfileTask *data = task_data;

  return sl_db_export_profile (db, data->path, &data->request, cancellable, progress,
                               progress_data, n_rows, error);
}

void
sl_db_export_profile_async (SlDb                         *db,
                            const char                   *path,
                            const SlProfileExportRequest *request,
                            GCancellable                 *cancellable,
                            SlProgressFunc                progress,
                            gpointer                      progress_data,
                            GAsyncReadyCallback           callback,
                            gpointer                      user_data)
{
  ProfileTask *data;

  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (path != NULL);
  g_return_if_fail (request != NULL);

  data = g_new0 (ProfileTask, 1);
  data->path = g_strdup (path);
  data->request.profile = data->profile = g_strdup (request->profile);
  data->request.format = request->format;
  data->request.charity = data->charity = g_strdup (request->charity);
  data->request.facility = data->facility = g_strdup (request->facility);
  data->request.reason = data->reason = g_strdup (request->reason);
  /* As sl_db_export_async: the export tells whether a cancel came in time. */
  sl_export_task_run (db, sl_db_export_profile_async, profile_export, data,
                      (GDestroyNotify)profile_task_free, cancellable, progress, progress_data,
                      callback, user_data);
}

gboolean
sl_db_export_profile_finish (SlDb          *db,
                             GAsyncResult  *result,
                             gint64        *n_rows,
                             GError       **error)
{
  return sl_export_task_finish (db, result, sl_db_export_profile_async, n_rows, error);
}

/* The export log ----------------------------------------------------------- */

static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

GPtrArray *
sl_db_list_export_log (SlDb     *db,
                       guint     limit,
                       GError  **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *entries;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if ((sl_db_get_roles (db) & SL_ROLE_ADMIN) == 0)
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED,
                           _("The export log needs an admin."));
      return NULL;
    }
  if (!(rows = SL_STORE (db)->export_log_list (db, limit, error)))
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_export_log_entry_free);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      SlExportLogEntry *entry = g_new0 (SlExportLogEntry, 1);

      entry->id = g_ascii_strtoll (row[0], NULL, 10);
      entry->at = g_strdup (row[1]);
      entry->operator_name = g_strdup (row[2]);
      entry->desk = dup_or_null (row[3]);
      entry->profile = g_strdup (row[4]);
      entry->reason = g_strdup (row[5]);
      entry->filter = dup_or_null (row[6]);
      entry->n_rows = g_ascii_strtoll (row[7], NULL, 10);
      entry->columns = g_strdup (row[8]);
      entry->file_name = g_strdup (row[9]);
      entry->sha256 = g_strdup (row[10]);
      g_ptr_array_add (entries, entry);
    }
  return entries;
}
