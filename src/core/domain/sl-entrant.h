/* sl-entrant.h — an entrant record
 *
 * Reading and writing entrants in an event: sl-entrants.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-date.h"
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
/* Checks the fields a person types (not uniqueness, which saving checks
 * against the event: sl-entrants.h), among them every free-text field's characters and length
 * (sl_text_check, SL_*_MAX_CHARS).
 */
gboolean    sl_entrant_validate     (const SlEntrant *entrant,
                                     GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEntrant, sl_entrant_free)

G_END_DECLS
