/* sl-needs.h — support needs: recording, deciding, reading, links, markers
 *
 * Anyone (a desk too) records a need; its detail is sealed to the event's
 * public key before it reaches the store, so whoever recorded it cannot
 * read it back. Everything else is an accessibility officer's
 * (SL_ACTION_MANAGE_NEEDS): lists, decisions, adjustments, consents,
 * links, markers, need types; reading a detail also needs the event key
 * open (SL_ACTION_READ_NEED_DETAIL) and is audited ("read-detail"). The
 * desk card's view (sl_db_dup_desk_needs) is for every role and holds no
 * type and no detail. Refusals are SL_ACCESS_ERROR_DENIED and change
 * nothing; every change is audited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-db.h"
#include "sl-crypto.h"
#include "sl-need.h"

G_BEGIN_DECLS

/* The catalogue (SlNeedType), by label: anyone (the desk picks a type). */
GPtrArray  *sl_db_list_need_types      (SlDb               *db,
                                        GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Officer: a new type; code lower case with hyphens, unique. */
gboolean    sl_db_add_need_type        (SlDb               *db,
                                        const char         *code,
                                        const char         *label,
                                        const char * const *adjustments,
                                        gint64             *id,
                                        GError            **error);
/* Officer: one audit entry saying that the signed-in officer saw the need
 * details of rows rows of the file named file (an import's preview shows
 * them to an officer): how many, never what.
 */
gboolean    sl_db_audit_import_details (SlDb               *db,
                                        const char         *file,
                                        guint               rows,
                                        GError            **error);
void        sl_db_audit_import_details_async (SlDb               *db,
                                              const char         *file,
                                              guint               rows,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);

/* Officer: the label (NULL: as it is) and the agreed adjustments (NULL:
 * as they are; an empty array: none) of the type with this code.
 */
gboolean    sl_db_edit_need_type       (SlDb               *db,
                                        const char         *code,
                                        const char         *label,
                                        const char * const *adjustments,
                                        GError            **error);
/* Officer: removes the type with this code; refused (SL_NEED_ERROR_IN_USE)
 * while a need is of that type, and for the built-in types, which the
 * import, the demo and the desk rely on.
 */
gboolean    sl_db_remove_need_type     (SlDb               *db,
                                        const char         *code,
                                        GError            **error);

/* Anyone: a need of the entrant, of the type with this code, its detail
 * (NULL or empty: none) sealed. A status other than requested is a
 * decision, an officer's. Returns the need's id, 0 on failure.
 */
gint64      sl_db_record_need          (SlDb               *db,
                                        gint64              entrant_id,
                                        const char         *type_code,
                                        const char         *detail,
                                        SlNeedStatus        status,
                                        GError            **error);
/* Officer: a move allowed by sl_need_status_can_change; declined needs a
 * reason (kept only while declined). Records who decided and when.
 */
gboolean    sl_db_set_need_status      (SlDb               *db,
                                        gint64              need_id,
                                        SlNeedStatus        status,
                                        const char         *reason,
                                        GError            **error);
/* Officer: the agreed adjustments (free text, or items of the type's list
 * joined), sealed; NULL or empty clears them.
 */
gboolean    sl_db_set_need_adjustments (SlDb               *db,
                                        gint64              need_id,
                                        const char         *adjustments,
                                        GError            **error);
/* Officer: consent to share the need with a recipient group, given or
 * withdrawn now, under a version of the consent wording.
 */
gboolean    sl_db_set_need_consent     (SlDb               *db,
                                        gint64              need_id,
                                        SlConsentRecipient  recipient,
                                        gboolean            given,
                                        const char         *wording_version,
                                        GError            **error);
GPtrArray  *sl_db_list_need_consents   (SlDb               *db,
                                        gint64              need_id,
                                        GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Officer: the needs filter matches (SlNeed), without details. */
GPtrArray  *sl_db_list_needs           (SlDb               *db,
                                        const SlNeedFilter *filter,
                                        GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Officer: one need, without its details; NULL with SL_NEED_ERROR_NOT_FOUND. */
SlNeed     *sl_db_dup_need             (SlDb               *db,
                                        gint64              need_id,
                                        GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Officer with the event key open: the need's detail and adjustments
 * (each NULL when there is none), in secure memory: free them with
 * sl_secret_str_free. Audited as "read-detail" on the need, naming the
 * entrant. Either out pointer may be NULL.
 */
gboolean    sl_db_read_need_details    (SlDb               *db,
                                        gint64              need_id,
                                        char              **detail,
                                        char              **adjustments,
                                        GError            **error);

/* Officer: link (SlEntrantLink: entrant_id, kind, and linked_entrant_id
 * or companion name, phone, pass); returns its id, 0 on failure.
 */
gint64      sl_db_add_link             (SlDb               *db,
                                        const SlEntrantLink *link,
                                        GError            **error);
gboolean    sl_db_remove_link          (SlDb               *db,
                                        gint64              link_id,
                                        GError            **error);
/* Officer: an entrant's links both ways (SlEntrantLink with other_*),
 * companions' phones included; the desk sees them through
 * sl_db_dup_desk_needs, without phones.
 */
GPtrArray  *sl_db_list_links           (SlDb               *db,
                                        gint64              entrant_id,
                                        GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Officer: sets or clears a marker; setting what is set writes nothing. */
gboolean    sl_db_set_marker           (SlDb               *db,
                                        gint64              entrant_id,
                                        SlMarker            marker,
                                        gboolean            on,
                                        GError            **error);
/* Anyone: the entrant's markers as bits (1 << SlMarker). */
gboolean    sl_db_get_markers          (SlDb               *db,
                                        gint64              entrant_id,
                                        guint              *markers,
                                        GError            **error);

/* What the desk card shows of an entrant, for every role: markers, flags
 * derived from the needs (no type, no detail) and the people linked.
 */
typedef struct
{
  guint       markers;     /* 1 << SlMarker */
  GPtrArray  *flags;       /* translated sentences */
  GPtrArray  *links;       /* SlEntrantLink, with other_* and no phone */
} SlDeskNeeds;

SlDeskNeeds *sl_db_dup_desk_needs      (SlDb               *db,
                                        gint64              entrant_id,
                                        GError            **error) G_GNUC_WARN_UNUSED_RESULT;
void         sl_desk_needs_free        (SlDeskNeeds        *needs);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDeskNeeds, sl_desk_needs_free)

/* The writes above in a worker thread on the event's writer connection
 * (sl-db-task.c), as the same signed-in person. The id given back by
 * sl_db_write_need_finish: the need's (record, status, adjustments,
 * consent), the link's (add, remove) or the entrant's (marker).
 */
void        sl_db_record_need_async    (SlDb               *db,
                                        gint64              entrant_id,
                                        const char         *type_code,
                                        const char         *detail,
                                        SlNeedStatus        status,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
void        sl_db_set_need_status_async (SlDb              *db,
                                        gint64              need_id,
                                        SlNeedStatus        status,
                                        const char         *reason,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
void        sl_db_set_need_adjustments_async (SlDb         *db,
                                        gint64              need_id,
                                        const char         *adjustments,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
void        sl_db_set_need_consent_async (SlDb             *db,
                                        gint64              need_id,
                                        SlConsentRecipient  recipient,
                                        gboolean            given,
                                        const char         *wording_version,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
void        sl_db_add_link_async       (SlDb               *db,
                                        const SlEntrantLink *link,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
void        sl_db_remove_link_async    (SlDb               *db,
                                        gint64              link_id,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
void        sl_db_set_marker_async     (SlDb               *db,
                                        gint64              entrant_id,
                                        SlMarker            marker,
                                        gboolean            on,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean    sl_db_write_need_finish    (SlDb               *db,
                                        GAsyncResult       *result,
                                        gint64             *id,
                                        GError            **error);
/* sl_db_add_need_type in the worker; the finish gives the type's id. */
void        sl_db_add_need_type_async  (SlDb               *db,
                                        const char         *code,
                                        const char         *label,
                                        const char * const *adjustments,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean    sl_db_add_need_type_finish (SlDb               *db,
                                        GAsyncResult       *result,
                                        gint64             *id,
                                        GError            **error);
/* sl_db_edit_need_type and sl_db_remove_need_type in the worker; finished
 * by sl_db_write_need_finish.
 */
void        sl_db_edit_need_type_async (SlDb               *db,
                                        const char         *code,
                                        const char         *label,
                                        const char * const *adjustments,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
void        sl_db_remove_need_type_async (SlDb             *db,
                                          const char       *code,
                                          GCancellable     *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer          user_data);

G_END_DECLS
