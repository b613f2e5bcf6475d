/* sl-export-private.h — the export's writer, for the export profiles
 *
 * Only src/core/services/export includes this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-contact-consent.h"
#include "sl-export.h"

G_BEGIN_DECLS

/* What a profile adds to an export: its row rules, and what its export
 * log entry records (written in the transaction of its audit entry).
 */
typedef struct
{
  gboolean    contact_by_consent;  /* email and phone only where consent is given */
  gboolean    needs_medical_only;  /* need columns only of needs shared with medical */
  const char *profile;             /* not NULL: logged in the export log */
  const char *reason;
  const char *filter;              /* "charity: …", or NULL */
} SlExportRules;

/* The export without its role check (the caller's), in the C numeric
 * locale, by rules (NULL: none, and not logged).
 */
gboolean sl_export_run (SlDb                  *db,
                        const char            *path,
                        const SlExportOptions *options,
                        const SlExportRules   *rules,
                        GCancellable          *cancellable,
                        SlProgressFunc         progress,
                        gpointer               progress_data,
                        gint64                *n_rows,
                        GError               **error);

/* Called in the roster export's write, after its audit entry and before
 * the file is linked into place, with the SHA-256 of the file's bytes and
 * its rows: the facility lead profile's export log entry.
 */
typedef gboolean (*SlRosterLogFunc) (SlDb        *db,
                                     const char  *sha256,
                                     guint        n_rows,
                                     gpointer     user_data,
                                     GError     **error);

/* sl_db_export_roster, with log (not NULL) run in its transaction. */
gboolean sl_export_roster_logged (SlDb             *db,
                                  gint64            facility_id,
                                  int               slot,
                                  const char       *path,
                                  SlRosterLogFunc   log,
                                  gpointer          log_data,
                                  guint            *n_rows,
                                  GError          **error);

/* In the caller's write (the import): sl_db_set_contact_consent. */
gboolean sl_db_set_contact_consent_locked (SlDb              *db,
                                           gint64             entrant_id,
                                           SlContactConsent   consent,
                                           const char        *wording_version,
                                           GError           **error);

/* An export in a worker thread, for the _async functions (sl-export.c):
 * func runs there with data (freed by data_free), the cancellable and the
 * progress, and counts the rows. The task does not check the cancellable
 * itself: the export decides whether a cancel came in time (once the
 * file is renamed into place and audited, a late cancel must not be
 * reported as "nothing was written").
 */
typedef gboolean (*SlExportTaskFunc) (SlDb            *db,
                                      gpointer         data,
                                      GCancellable    *cancellable,
                                      SlProgressFunc   progress,
                                      gpointer         progress_data,
                                      gint64          *n_rows,
                                      GError         **error);

void     sl_export_task_run    (SlDb                 *db,
                                gpointer              source_tag,
                                SlExportTaskFunc      func,
                                gpointer              data,
                                GDestroyNotify        data_free,
                                GCancellable         *cancellable,
                                SlProgressFunc        progress,
                                gpointer              progress_data,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
/* The result of the task that sl_export_task_run made for db with
 * source_tag, and the rows it counted in *n_rows (may be NULL).
 */
gboolean sl_export_task_finish (SlDb                 *db,
                                GAsyncResult         *result,
                                gpointer              source_tag,
                                gint64               *n_rows,
                                GError              **error);

G_END_DECLS
