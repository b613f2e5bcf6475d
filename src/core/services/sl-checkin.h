/* sl-checkin.h — checking entrants in at a desk, and undoing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_CHECKIN_ERROR (sl_checkin_error_quark ())

typedef enum
{
  SL_CHECKIN_ERROR_NOT_FOUND = 1,
  SL_CHECKIN_ERROR_ALREADY_CHECKED_IN,  /* message says when and at which desk */
  SL_CHECKIN_ERROR_WITHDRAWN,
  SL_CHECKIN_ERROR_DEFERRED,
  SL_CHECKIN_ERROR_NOT_ELIGIBLE,        /* started, finished, DNS, DNF */
  SL_CHECKIN_ERROR_NOT_CHECKED_IN,      /* undo of someone not checked in */
} SlCheckinError;

GQuark     sl_checkin_error_quark (void);

/* One durable transaction: the status, time and desk on the entrant, a
 * check-in event and an audit entry. Returns the updated entrant. desk is
 * trimmed; NULL or blank means the actor's desk (sl_db_set_actor), else
 * "desk"; one sl_actor_name_dup_checked refuses fails with
 * SL_DB_ERROR_INVALID.
 */
SlEntrant *sl_db_check_in         (SlDb        *db,
                                   const char  *bib_or_ref,
                                   const char  *desk,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;
SlEntrant *sl_db_check_in_id      (SlDb        *db,
                                   gint64       entrant_id,
                                   const char  *desk,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Recorded as an undo event of its own; the check-in stays in history. */
SlEntrant *sl_db_undo_check_in    (SlDb        *db,
                                   const char  *bib_or_ref,
                                   const char  *desk,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;
SlEntrant *sl_db_undo_check_in_id (SlDb        *db,
                                   gint64       entrant_id,
                                   const char  *desk,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Any of the four above, by bib or booking reference (bib_or_ref) or by
 * id (bib_or_ref NULL), carrying request_id: the id of one person's
 * action at a desk (a UUID). The calls above make a fresh one each time;
 * a caller that retries an action that failed (the reply lost, the
 * server gone) gives the same one again, and a change already recorded
 * under it is not made twice: its outcome is said again (the entrant as
 * it stands), with nothing written.
 */
/* A new request id: a random UUID, a new one in every process. */
char      *sl_check_in_request_id_new (void) G_GNUC_WARN_UNUSED_RESULT;

SlEntrant *sl_db_change_check_in  (SlDb        *db,
                                   const char  *bib_or_ref,
                                   gint64       entrant_id,
                                   gboolean     undo,
                                   const char  *desk,
                                   const char  *request_id,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* sl_db_check_in_id and sl_db_undo_check_in_id in a worker thread, on a
 * connection of their own (sl_db_dup_writer), with db's operator and the
 * given desk: the caller's thread never waits for another process's
 * write, and db stays free for its reads meanwhile. request_id as for
 * sl_db_change_check_in (NULL: a fresh one).
 */
void       sl_db_check_in_id_async       (SlDb                *db,
                                          gint64               entrant_id,
                                          const char          *desk,
                                          const char          *request_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
void       sl_db_undo_check_in_id_async  (SlDb                *db,
                                          gint64               entrant_id,
                                          const char          *desk,
                                          const char          *request_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* Either one's result: the updated entrant, or NULL with the error. */
SlEntrant *sl_db_check_in_id_finish      (SlDb                *db,
                                          GAsyncResult        *result,
                                          GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Whether entrant, as read, can be checked in; if not, error says why in
 * the words sl_db_check_in_id would use (when and where, for one already
 * checked in), so a desk can warn as soon as the entrant is scanned.
 */
gboolean   sl_db_can_check_in     (SlDb             *db,
                                   const SlEntrant  *entrant,
                                   GError          **error);

/* Net check-ins (check-ins less undos) at a desk since a UTC time
 * (NULL: ever).
 */
gint64     sl_db_count_desk_check_ins (SlDb       *db,
                                       const char *desk,
                                       const char *since_utc);

G_END_DECLS
