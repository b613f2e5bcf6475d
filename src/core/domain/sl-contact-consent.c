/* sl-contact-consent.c — a runner's consent to share contact details with
 * their charity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-contact-consent.h"

static const struct
{
  const char *id;
  const char *label;
} consents[SL_N_CONTACT_CONSENTS] = {
  [SL_CONTACT_CONSENT_NOT_ASKED] = { "not-asked", N_("Not asked") },
  [SL_CONTACT_CONSENT_GIVEN] = { "given", N_("Given") },
  [SL_CONTACT_CONSENT_NOT_GIVEN] = { "not-given", N_("Not given") },
  [SL_CONTACT_CONSENT_WITHDRAWN] = { "withdrawn", N_("Withdrawn") },
};

const char *
sl_contact_consent_to_id (SlContactConsent consent)
{
  g_return_val_if_fail ((guint)consent < SL_N_CONTACT_CONSENTS, NULL);
  return consents[consent].id;
}

gboolean
sl_contact_consent_from_id (const char       *id,
                            SlContactConsent *out)
{
  for (guint i = 0; id != NULL && i < SL_N_CONTACT_CONSENTS; i++)
    if (g_str_equal (id, consents[i].id))
      {
        if (out != NULL)
          *out = (SlContactConsent)i;
        return TRUE;
      }
  return FALSE;
}

gboolean
sl_contact_consent_parse (const char       *text,
                          SlContactConsent *out)
{
  static const struct
  {
    const char       *word;
    SlContactConsent  consent;
  } words[] = {
    { "", SL_CONTACT_CONSENT_NOT_ASKED },
    { "not asked", SL_CONTACT_CONSENT_NOT_ASKED },
    { "not-asked", SL_CONTACT_CONSENT_NOT_ASKED },
    { "yes", SL_CONTACT_CONSENT_GIVEN },
    { "given", SL_CONTACT_CONSENT_GIVEN },
    { "no", SL_CONTACT_CONSENT_NOT_GIVEN },
    { "not given", SL_CONTACT_CONSENT_NOT_GIVEN },
    { "not-given", SL_CONTACT_CONSENT_NOT_GIVEN },
    { "withdrawn", SL_CONTACT_CONSENT_WITHDRAWN },
  };
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_ascii_strcasecmp (trimmed, words[i].word) == 0)
      {
        if (out != NULL)
          *out = words[i].consent;
        return TRUE;
      }
  return FALSE;
}

const char *
sl_contact_consent_to_label (SlContactConsent consent)
{
  g_return_val_if_fail ((guint)consent < SL_N_CONTACT_CONSENTS, NULL);
  return _(consents[consent].label);
}

void
sl_contact_consent_record_free (SlContactConsentRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->at);
  g_free (record->wording_version);
  g_free (record);
}
