/* sl-contact-consent.h — a runner's consent to share their contact
 * details with their charity (issue 18): given, not given, withdrawn or
 * never asked, with when and under which wording
 *
 * The writing and reading of it are the export profiles' service
 * (sl-export-profile.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_CONTACT_CONSENT_NOT_ASKED = 0,
  SL_CONTACT_CONSENT_GIVEN,
  SL_CONTACT_CONSENT_NOT_GIVEN,
  SL_CONTACT_CONSENT_WITHDRAWN,
  SL_N_CONTACT_CONSENTS
} SlContactConsent;

const char *sl_contact_consent_to_id    (SlContactConsent consent);   /* "given" … */
gboolean    sl_contact_consent_from_id  (const char       *id,
                                         SlContactConsent *out);
/* Also what the entrant import reads: "yes"/"no"/"given"/"not given"/
 * "withdrawn"/"not asked"/"" (not asked), case-insensitively.
 */
gboolean    sl_contact_consent_parse    (const char       *text,
                                         SlContactConsent *out);
const char *sl_contact_consent_to_label (SlContactConsent consent);   /* translated */

typedef struct
{
  gint64            entrant_id;
  SlContactConsent  consent;
  char             *at;               /* UTC ISO 8601 when given or changed; NULL: not asked */
  char             *wording_version;  /* the wording it was given under; NULL when not asked */
} SlContactConsentRecord;

void     sl_contact_consent_record_free (SlContactConsentRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlContactConsentRecord, sl_contact_consent_record_free)

G_END_DECLS
