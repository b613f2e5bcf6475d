/* sl-entrant.h — an entrant record and its store operations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_ENTRANT_ERROR (sl_entrant_error_quark ())

/* The code names the field at fault, so a form can show the message
 * next to it. NOTES stays the last.
 */
typedef enum
{
  SL_ENTRANT_ERROR_BIB = 1,
  SL_ENTRANT_ERROR_BOOKING_REF,
  SL_ENTRANT_ERROR_FIRST_NAME,
  SL_ENTRANT_ERROR_LAST_NAME,
  SL_ENTRANT_ERROR_DATE_OF_BIRTH,
  SL_ENTRANT_ERROR_AGE,
  SL_ENTRANT_ERROR_EMAIL,
  SL_ENTRANT_ERROR_RACE,
  SL_ENTRANT_ERROR_WAVE,
  SL_ENTRANT_ERROR_NOT_FOUND,
  SL_ENTRANT_ERROR_NATIONALITY,
  SL_ENTRANT_ERROR_CLUB,
  SL_ENTRANT_ERROR_PHONE,
  SL_ENTRANT_ERROR_EMERGENCY_CONTACT,
  SL_ENTRANT_ERROR_COSTUME,
  SL_ENTRANT_ERROR_NOTES,
} SlEntrantError;

struct _SlEntrant
{
  gint64       id;                 /* 0 until stored */
  char        *bib;
  char        *booking_ref;
  char        *first_name;
  char        *last_name;
  char        *date_of_birth;      /* YYYY-MM-DD or NULL */
  int          age;                /* -1 when not known */
  SlGender     gender;
  char        *nationality;
  char        *club;
  char        *email;
  char        *phone;
  char        *emergency_contact;
  SlEntryType  entry_type;
  gint64       race_id;            /* 0 when none */
  gint64       wave_id;            /* 0 when none */
  SlStatus     status;
  char        *costume;
  gboolean     vip;
  char        *notes;
  char        *checked_in_at;      /* UTC ISO 8601 or NULL */
  char        *checked_in_desk;

  /* Filled when read from the store, for display; ignored on write. */
  char        *race_name;
  char        *wave_name;
  char        *start_area;
  char        *start_time;         /* UTC ISO 8601 or NULL */
  char        *charity_name;
};

GQuark      sl_entrant_error_quark  (void);

SlEntrant  *sl_entrant_new          (void) G_GNUC_WARN_UNUSED_RESULT;
SlEntrant  *sl_entrant_copy         (const SlEntrant *entrant) G_GNUC_WARN_UNUSED_RESULT;
void        sl_entrant_free         (SlEntrant       *entrant);
char       *sl_entrant_dup_full_name (const SlEntrant *entrant) G_GNUC_WARN_UNUSED_RESULT;
/* The stored fields as a JSON object, as the audit log records them; unset
 * and empty fields are left out.
 */
char       *sl_entrant_to_json      (const SlEntrant *entrant) G_GNUC_WARN_UNUSED_RESULT;
/* Checks the fields a person types (not uniqueness, which the store
 * checks), among them every free-text field's characters and length
 * (sl_text_check, SL_*_MAX_CHARS).
 */
gboolean    sl_entrant_validate     (const SlEntrant *entrant,
                                     GError         **error);
/* TRUE when text is a real calendar date written YYYY-MM-DD. */
gboolean    sl_date_is_valid_iso    (const char      *text);

SlEntrant  *sl_db_dup_entrant       (SlDb            *db,
                                     gint64           id,
                                     GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Exactly what a barcode scanner types: a bib, else a booking reference
 * (case-insensitive).
 */
SlEntrant  *sl_db_dup_entrant_by_code (SlDb          *db,
                                     const char      *bib_or_ref,
                                     GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Inserts, sets entrant->id, audits. */
gboolean    sl_db_insert_entrant    (SlDb            *db,
                                     SlEntrant       *entrant,
                                     GError         **error);
/* Saves every stored field but status and check-in, audits before/after. */
gboolean    sl_db_update_entrant    (SlDb            *db,
                                     const SlEntrant *entrant,
                                     GError         **error);
/* Audited; setting the status an entrant already has writes nothing. */
gboolean    sl_db_set_entrant_status (SlDb           *db,
                                     gint64           id,
                                     SlStatus         status,
                                     GError         **error);
gint64      sl_db_count_entrants    (SlDb            *db);
/* The writes above in a worker thread, on the event's second writer
 * connection (sl_db_dup_writer), with db's operator and desk: the caller's
 * thread never waits for another process that holds the event, and db
 * stays free for its reads meanwhile. A save inserts an entrant whose id
 * is 0 and updates one that has an id; the entrant is copied.
 */
void        sl_db_save_entrant_async       (SlDb                *db,
                                            const SlEntrant     *entrant,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void        sl_db_set_entrant_status_async (SlDb                *db,
                                            gint64               id,
                                            SlStatus             status,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* Either one's result: FALSE with the error when nothing was written (the
 * same errors as the synchronous calls'), else TRUE and, when id is not
 * NULL, the entrant's id (a new entrant's, for an insert).
 */
gboolean    sl_db_write_entrant_finish     (SlDb                *db,
                                            GAsyncResult        *result,
                                            gint64              *id,
                                            GError             **error);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEntrant, sl_entrant_free)

G_END_DECLS
