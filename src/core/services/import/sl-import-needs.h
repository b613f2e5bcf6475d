/* sl-import-needs.h — an import's support needs columns (private to the import)
 *
 * The needs, links and markers of the rows that are in the event, written
 * through the needs service's _locked calls inside the import's
 * transaction (or, in a dry run, only counted): a need's detail sealed to
 * the event's key; a need not recorded again when the entrant has one of
 * its type already; links resolved once every row is in, as a guide's
 * bib may be on a later line; markers set, never cleared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sl-db.h"
#include "sl-import-row.h"
#include "sl-need.h"

G_BEGIN_DECLS

typedef struct
{
  SlDb                 *db;
  const SlImportHeader *header;
  SlImportResult       *result;
  GBytes               *public_key;  /* borrowed */
  gboolean              writing;
  SlNeedType           *other;       /* the types the free-text columns make */
  SlNeedType           *medical;
  GHashTable           *need_keys;   /* "entrant id:type id" of the needs the event has */
  GHashTable           *row_ids;     /* bib → entrant id, of the file's rows that are in */
  GArray               *links;       /* PendingLink, resolved at the end */
  GString              *key;
} SlImportNeeds;

gboolean  sl_import_needs_begin    (SlImportNeeds         *self,
                                    SlDb                  *db,
                                    const SlImportHeader  *header,
                                    GBytes                *public_key,
                                    gboolean               writing,
                                    SlImportResult        *result,
                                    GError               **error);
/* The row is in the event as entrant_id (in a dry run, a new entrant's id
 * is one no stored row has), stored: it was before the import.
 */
gboolean  sl_import_needs_add_row  (SlImportNeeds         *self,
                                    const SlImportRow     *row,
                                    gint64                 entrant_id,
                                    gboolean               stored,
                                    guint                  line,
                                    GError               **error);
/* The links, now that every row is in: a bib is looked up among the
 * file's rows, then in stored_bibs (bib → entrant id); one that is in
 * neither is its row's problem (seen_bibs: bib → line, of the file's
 * rows, rejected ones too). With good_rows_only such a row stays in, and
 * its problem does not count it as rejected.
 */
gboolean  sl_import_needs_finish   (SlImportNeeds         *self,
                                    GHashTable            *stored_bibs,
                                    GHashTable            *seen_bibs,
                                    gboolean               good_rows_only,
                                    GError               **error);
void      sl_import_needs_clear    (SlImportNeeds         *self);

G_END_DECLS
