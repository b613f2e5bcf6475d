/* sl-export-profile.h — export profiles, the export log and the runners'
 * consent to share contact details with their charity (issue 18)
 *
 * A profile is a named allow-list of the column registry's columns
 * (sl_export_get_columns: each with its sensitivity) plus the rules that
 * pick what a row may show. Built-in profiles (never stored, never
 * changed):
 *
 *   charity-partner   bib, first and last name, race, wave, status,
 *                     target, raised, email, phone; one charity (its
 *                     name required); email and phone empty for a runner
 *                     who has not given contact consent; exporter, admin
 *   medical-team      bib, names, date of birth, emergency contact, need
 *                     types and details of the needs the runner agreed to
 *                     share with the medical team; officer (key open)
 *   facility-lead     a facility's roster (sl-roster-export.h); facility
 *                     name required; officer, exporter, admin
 *   start-area-marshals  bib, names, wave, start area, markers; markers
 *                     are special: officer
 *   full              every column but the special ones (notes, markers,
 *                     need types and details: only an officer's profile
 *                     holds those); admin
 *
 * Custom profiles are saved in the event (exporter or admin), named by
 * their user: any registry columns; one that holds a special column may be
 * used by an officer only (and the need details need the key). Every export
 * through a profile asks for a reason and is recorded in the export log
 * (append-only) with who, when, profile, reason, filter (the charity or
 * facility), row count, columns (their keys), file name and SHA-256 of
 * the file's bytes, in the same transaction as its audit entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-contact-consent.h"
#include "sl-db.h"
#include "sl-export.h"
#include "sl-role.h"

G_BEGIN_DECLS

/* ── Consent to share contact details with the runner's charity ───────── */

/* The consent itself (SlContactConsent, its ids, labels and parsing):
 * sl-contact-consent.h, in the domain.
 */

/* Anyone who may edit an entrant (the editor, the import) may set it;
 * audited ("contact-consent"). wording_version may be NULL only for
 * not-asked.
 */
gboolean sl_db_set_contact_consent   (SlDb              *db,
                                      gint64             entrant_id,
                                      SlContactConsent   consent,
                                      const char        *wording_version,
                                      GError           **error);
/* NULL without error: not asked. */
SlContactConsentRecord *
         sl_db_dup_contact_consent   (SlDb              *db,
                                      gint64             entrant_id,
                                      GError           **error);
void     sl_db_set_contact_consent_async (SlDb               *db,
                                      gint64              entrant_id,
                                      SlContactConsent    consent,
                                      const char         *wording_version,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean sl_db_set_contact_consent_finish (SlDb          *db,
                                      GAsyncResult      *result,
                                      GError           **error);

/* ── Profiles ───────────────────────────────────────────────────────────── */

typedef enum
{
  SL_PROFILE_KIND_ENTRANTS = 0,     /* rows of entrants */
  SL_PROFILE_KIND_ROSTER,           /* a facility's roster */
} SlProfileKind;

typedef enum
{
  SL_PROFILE_NEEDS_CHARITY  = 1 << 0,  /* one charity must be named */
  SL_PROFILE_NEEDS_FACILITY = 1 << 1,  /* one facility must be named */
  SL_PROFILE_CONTACT_BY_CONSENT = 1 << 2, /* email, phone only where consent is given */
  SL_PROFILE_NEEDS_BY_MEDICAL_CONSENT = 1 << 3, /* need columns only for needs
                                                   shared with the medical team */
} SlProfileFlags;

typedef struct
{
  char            *name;       /* built-in: "charity-partner" …; custom: as saved */
  char            *label;      /* shown; translated for built-ins */
  gboolean         builtin;
  SlProfileKind    kind;
  SlProfileFlags   flags;
  SlRoles          roles;      /* any one of these may use it */
  SlExportColumn  *columns;    /* for KIND_ENTRANTS, in order */
  guint            n_columns;
} SlExportProfile;

void             sl_export_profile_free     (SlExportProfile *profile);
/* The highest sensitivity among its columns. */
SlSensitivity    sl_export_profile_sensitivity (const SlExportProfile *profile);
/* FALSE with SL_ACCESS_ERROR_DENIED and one line naming the role needed
 * ("The medical team profile needs an accessibility officer.").
 */
gboolean         sl_export_profile_check_roles (const SlExportProfile *profile,
                                                SlRoles                roles,
                                                GError               **error);

/* Built-ins first, then custom ones by name. Anyone may list them. */
GPtrArray       *sl_db_list_export_profiles (SlDb        *db,
                                             GError     **error);  /* of SlExportProfile */
SlExportProfile *sl_db_dup_export_profile   (SlDb        *db,
                                             const char  *name,
                                             GError     **error);
/* A custom profile (exporter or admin): a new name (not a built-in's),
 * 1..SL_N_EXPORT_COLUMNS registry columns without repeats; saving an
 * existing custom name replaces it. Its roles follow from its columns:
 * officer only when a column is special, else exporter and admin. Audited.
 */
gboolean         sl_db_save_export_profile  (SlDb                 *db,
                                             const char           *name,
                                             const SlExportColumn *columns,
                                             guint                 n_columns,
                                             GError              **error);
gboolean         sl_db_remove_export_profile (SlDb       *db,
                                              const char *name,
                                              GError    **error);

/* ── Exporting through a profile ────────────────────────────────────────── */

typedef struct
{
  const char     *profile;    /* its name */
  SlExportFormat  format;     /* AUTO: from the path */
  const char     *charity;    /* NULL, or the charity's name */
  const char     *facility;   /* NULL, or the facility's name (rosters) */
  const char     *reason;     /* required, not blank */
} SlProfileExportRequest;

typedef struct
{
  GStrv   headers;            /* the file's exact column headers, translated */
  GStrv   keys;               /* the same columns' registry keys */
  gint64  n_rows;             /* rows the file would hold now */
} SlProfileExportPreview;

void     sl_profile_export_preview_free (SlProfileExportPreview *preview);

/* What the export would write, for the dialog: checks the role (and the
 * filter) as the export does, writes nothing.
 */
SlProfileExportPreview *
         sl_db_preview_profile_export (SlDb                         *db,
                                       const SlProfileExportRequest *request,
                                       GError                      **error);

gboolean sl_db_export_profile        (SlDb                         *db,
                                      const char                   *path,
                                      const SlProfileExportRequest *request,
                                      GCancellable                 *cancellable,
                                      SlProgressFunc                progress,
                                      gpointer                      progress_data,
                                      gint64                       *n_rows,
                                      GError                      **error);
void     sl_db_export_profile_async  (SlDb                         *db,
                                      const char                   *path,
                                      const SlProfileExportRequest *request,
                                      GCancellable                 *cancellable,
                                      SlProgressFunc                progress,
                                      gpointer                      progress_data,
                                      GAsyncReadyCallback           callback,
                                      gpointer                      user_data);
gboolean sl_db_export_profile_finish (SlDb                         *db,
                                      GAsyncResult                 *result,
                                      gint64                       *n_rows,
                                      GError                      **error);

/* ── The export log ─────────────────────────────────────────────────────── */

typedef struct
{
  gint64  id;
  char   *at;            /* UTC ISO 8601 */
  char   *operator_name;
  char   *desk;
  char   *profile;
  char   *reason;
  char   *filter;        /* "charity: Macmillan", "facility: Calm space", or NULL */
  gint64  n_rows;
  char   *columns;       /* registry keys, comma-separated */
  char   *file_name;     /* the base name written */
  char   *sha256;        /* lower-case hex of the file's bytes */
} SlExportLogEntry;

void       sl_export_log_entry_free (SlExportLogEntry *entry);
/* Newest first; limit 0: all. Admins only. */
GPtrArray *sl_db_list_export_log    (SlDb     *db,
                                     guint     limit,
                                     GError  **error);   /* of SlExportLogEntry */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlExportProfile, sl_export_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlProfileExportPreview, sl_profile_export_preview_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlExportLogEntry, sl_export_log_entry_free)

G_END_DECLS
