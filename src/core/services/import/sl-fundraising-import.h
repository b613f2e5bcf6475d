/* sl-fundraising-import.h — fundraising figures from a charity's spreadsheet
 *
 * A CSV file of bib-or-booking-reference and amount raised (£1,234.50 or
 * 1234.5), read as the entrant import reads (its text decoding and libcsv
 * reader): all or nothing. A row whose runner is unknown, is not signed up
 * to a charity, whose amount is not money or who is on an earlier row too
 * is a problem ("line N: …"); any problem writes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"

G_BEGIN_DECLS

typedef struct
{
  guint  rows;        /* rows read */
  guint  changed;     /* sign-ups whose raised amount changed */
  guint  unchanged;   /* rows that said what was stored already */
  char  *sha256;      /* of the file, as audited */
} SlFundraisingResult;

void     sl_fundraising_result_free (SlFundraisingResult *result);

/* Imports the file in one audited transaction: one "fundraising-import"
 * entry (file name, SHA-256, counts) and a "charity-signup" entry per
 * changed sign-up (raised before and after). An exporter's or an admin's
 * (SL_ACTION_MANAGE_CHARITIES). On bad rows: NULL with
 * SL_IMPORT_ERROR_ROWS_REJECTED and, when problems is not NULL, every
 * row's problem as "line N: …" (a GPtrArray of strings), nothing written.
 */
SlFundraisingResult *sl_db_import_fundraising (SlDb          *db,
                                               const char    *path,
                                               GCancellable  *cancellable,
                                               GPtrArray    **problems,
                                               GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* The same in a worker thread, on the event's writer connection. */
void     sl_db_import_fundraising_async  (SlDb                 *db,
                                          const char           *path,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
SlFundraisingResult *sl_db_import_fundraising_finish (SlDb          *db,
                                                      GAsyncResult  *result,
                                                      GPtrArray    **problems,
                                                      GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlFundraisingResult, sl_fundraising_result_free)

G_END_DECLS
