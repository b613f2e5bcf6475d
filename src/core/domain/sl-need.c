/* sl-need.c — support needs: statuses, types, consents, markers, links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-json-image.h"
#include "sl-need.h"
#include "sl-types.h"

G_DEFINE_QUARK (sl-need-error-quark, sl_need_error)

static const SlIdLabel need_statuses_names[SL_N_NEED_STATUSES] = {
  { "requested", N_("Requested") },
  { "info-needed", N_("Information needed") },
  { "approved", N_("Approved") },
  { "arranged", N_("Arranged") },
  { "declined", N_("Declined") },
  { "withdrawn", N_("Withdrawn") },
};
static const SlIdLabelTable need_statuses = SL_ID_LABEL_TABLE (need_statuses_names, FALSE);

static const SlIdLabel consent_recipients_names[SL_N_CONSENT_RECIPIENTS] = {
  { "medical", N_("Medical team") },
  { "facility", N_("Facility leads") },
  { "charity", N_("Charity") },
};
static const SlIdLabelTable consent_recipients =
  SL_ID_LABEL_TABLE (consent_recipients_names, FALSE);

static const SlIdLabel markers_names[SL_N_MARKERS] = {
  { "deaf", N_("Deaf / hard of hearing") },
  { "visually-impaired", N_("Visually impaired") },
  { "i-need-space", N_("I need space") },
  { "wheelchair", N_("Wheelchair") },
};
static const SlIdLabelTable markers = SL_ID_LABEL_TABLE (markers_names, FALSE);

static const SlIdLabel link_kinds_names[SL_N_LINK_KINDS] = {
  { "guide", N_("Guide runner") },
  { "support-runner", N_("Support runner") },
  { "assistant", N_("Personal assistant") },
};
static const SlIdLabelTable link_kinds = SL_ID_LABEL_TABLE (link_kinds_names, FALSE);

const char *
sl_need_status_to_id (SlNeedStatus status)
{
  return sl_id_label_table_id (&need_statuses, status);
}

gboolean
sl_need_status_from_id (const char   *id,
                        SlNeedStatus *status)
{
  int i = sl_id_label_table_find (&need_statuses, id);

  if (i >= 0)
    *status = (SlNeedStatus)i;
  return i >= 0;
}

const char *
sl_need_status_to_label (SlNeedStatus status)
{
  return sl_id_label_table_label (&need_statuses, status);
}

gboolean
sl_need_status_is_outstanding (SlNeedStatus status)
{
  return status == SL_NEED_REQUESTED || status == SL_NEED_INFO_NEEDED;
}

gboolean
sl_need_status_can_change (SlNeedStatus from,
                           SlNeedStatus to)
{
  /* Rows: from; bits: the statuses it may move to. */
  static const guint allowed[SL_N_NEED_STATUSES] = {
    [SL_NEED_REQUESTED] = 1 << SL_NEED_INFO_NEEDED | 1 << SL_NEED_APPROVED
                          | 1 << SL_NEED_DECLINED | 1 << SL_NEED_WITHDRAWN,
    [SL_NEED_INFO_NEEDED] = 1 << SL_NEED_REQUESTED | 1 << SL_NEED_APPROVED
                            | 1 << SL_NEED_DECLINED | 1 << SL_NEED_WITHDRAWN,
    [SL_NEED_APPROVED] = 1 << SL_NEED_ARRANGED | 1 << SL_NEED_DECLINED
                         | 1 << SL_NEED_WITHDRAWN,
    [SL_NEED_ARRANGED] = 1 << SL_NEED_APPROVED | 1 << SL_NEED_WITHDRAWN,
    [SL_NEED_DECLINED] = 1 << SL_NEED_REQUESTED,
    [SL_NEED_WITHDRAWN] = 1 << SL_NEED_REQUESTED,
  };

  if (from >= SL_N_NEED_STATUSES || to >= SL_N_NEED_STATUSES)
    return FALSE;
  return (allowed[from] & (1u << to)) != 0;
}

static const SlNeedTypeDefault need_type_defaults[] = {
  { "guide-runner", N_("Guide runner"),
    "Guide runner place\nTether provided\nGuide bib and vest at the Accessibility Point" },
  { "support-runner", N_("Support runner"),
    "Support runner place\nSupport bib and vest at the Accessibility Point" },
  { "assisted-wheelchair", N_("Assisted wheelchair"),
    "Step-free route to the start\nAssisted start position" },
  { "wheelchair-racer", N_("Wheelchair racer"),
    "Racing chair transport\nWheelchair start area" },
  { "deaf", N_("Deaf / hard of hearing"),
    "Identifier bib\nBSL interpreter at the start\nVisual start signal" },
  { "visual-impairment", N_("Visual impairment"),
    "Identifier bib\nLarge-print information\nSighted guide at the start area" },
  { "neurodivergent", N_("Neurodivergent / calm space"),
    "Calm space booking\nI need space bib\nQuiet route through the start" },
  { "learning-disability", N_("Learning disability"),
    "Easy-read information\nCompanion pass" },
  { "medical-condition", N_("Medical condition"),
    "Medical team informed\nMedication carried\nMedical wristband" },
  { "assistance-dog", N_("Assistance dog"),
    "Dog relief area\nAccess for the dog at the start" },
  { "changing-places", N_("Changing places"),
    "Changing places toilet booking\nHoist access" },
  { "other", N_("Other"), "" },
};

const SlNeedTypeDefault *
sl_need_type_defaults (guint *n_types)
{
  *n_types = G_N_ELEMENTS (need_type_defaults);
  return need_type_defaults;
}

gboolean
sl_need_type_code_check (const char  *code,
                         GError     **error)
{
  gsize len = code != NULL ? strlen (code) : 0;
  gboolean ok = len >= 2 && len <= SL_NEED_TYPE_CODE_MAX_CHARS
                && code[0] != '-' && code[len - 1] != '-';

  for (gsize i = 0; ok && i < len; i++)
    ok = g_ascii_islower (code[i]) || g_ascii_isdigit (code[i])
         || (code[i] == '-' && code[i + 1] != '-');
  if (!ok)
    g_set_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                 _("“%s” is not a need type code: use lower case letters, digits and hyphens"),
                 code != NULL ? code : "");
  return ok;
}

void
sl_need_type_free (SlNeedType *type)
{
  if (type == NULL)
    return;
  g_free (type->code);
  g_free (type->label);
  g_strfreev (type->adjustments);
  g_free (type);
}

const char *
sl_consent_recipient_to_id (SlConsentRecipient r)
{
  return sl_id_label_table_id (&consent_recipients, r);
}

gboolean
sl_consent_recipient_from_id (const char         *id,
                              SlConsentRecipient *r)
{
  int i = sl_id_label_table_find (&consent_recipients, id);

  if (i >= 0)
    *r = (SlConsentRecipient)i;
  return i >= 0;
}

const char *
sl_consent_recipient_to_label (SlConsentRecipient r)
{
  return sl_id_label_table_label (&consent_recipients, r);
}

void
sl_need_consent_free (SlNeedConsent *consent)
{
  if (consent == NULL)
    return;
  g_free (consent->at);
  g_free (consent->wording_version);
  g_free (consent->recorded_by);
  g_free (consent);
}

char *
sl_need_consent_dup_image (const SlNeedConsent *consent)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "need_id", consent->need_id);
  sl_json_image_add_string (&image, "recipient", sl_consent_recipient_to_id (consent->recipient));
  sl_json_image_add_boolean (&image, "given", consent->given);
  sl_json_image_add_string (&image, "at", consent->at);
  sl_json_image_add_string (&image, "wording_version", consent->wording_version);
  return sl_json_image_end_to_string (&image);
}

const char *
sl_marker_to_id (SlMarker marker)
{
  return sl_id_label_table_id (&markers, marker);
}

gboolean
sl_marker_from_id (const char *id,
                   SlMarker   *marker)
{
  int i = sl_id_label_table_find (&markers, id);

  if (i >= 0)
    *marker = (SlMarker)i;
  return i >= 0;
}

const char *
sl_marker_to_label (SlMarker marker)
{
  return sl_id_label_table_label (&markers, marker);
}

guint
sl_markers_from_ids (const char *text,
                     const char *separator)
{
  g_auto(GStrv) ids = text != NULL ? g_strsplit (text, separator, -1) : NULL;
  guint set = 0;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      SlMarker marker;

      if (sl_marker_from_id (ids[i], &marker))
        set |= 1u << marker;
    }
  return set;
}

char *
sl_marker_dup_image (SlMarker marker)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_string (&image, "marker", sl_marker_to_id (marker));
  return sl_json_image_end_to_string (&image);
}

const char *
sl_link_kind_to_id (SlLinkKind kind)
{
  return sl_id_label_table_id (&link_kinds, kind);
}

gboolean
sl_link_kind_from_id (const char *id,
                      SlLinkKind *kind)
{
  int i = sl_id_label_table_find (&link_kinds, id);

  if (i >= 0)
    *kind = (SlLinkKind)i;
  return i >= 0;
}

const char *
sl_link_kind_to_label (SlLinkKind kind)
{
  return sl_id_label_table_label (&link_kinds, kind);
}

gboolean
sl_link_kind_runs (SlLinkKind kind)
{
  return kind == SL_LINK_GUIDE || kind == SL_LINK_SUPPORT_RUNNER;
}

void
sl_entrant_link_free (SlEntrantLink *link)
{
  if (link == NULL)
    return;
  g_free (link->companion_name);
  g_free (link->companion_phone);
  g_free (link->companion_pass);
  g_free (link->other_bib);
  g_free (link->other_name);
  g_free (link);
}

gboolean
sl_entrant_link_validate (const SlEntrantLink  *link,
                          GError              **error)
{
  gboolean companion = link->companion_name != NULL && *link->companion_name != '\0';

  if (link->kind >= SL_N_LINK_KINDS)
    {
      g_set_error_literal (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                           _("Unknown kind of link"));
      return FALSE;
    }
  if (link->linked_entrant_id == link->entrant_id)
    {
      g_set_error_literal (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                           _("An entrant cannot support themselves"));
      return FALSE;
    }
  if (sl_link_kind_runs (link->kind) && link->linked_entrant_id <= 0)
    {
      g_set_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                   _("A %s is an entrant: give their bib or booking reference"),
                   sl_link_kind_to_label (link->kind));
      return FALSE;
    }
  if ((link->linked_entrant_id > 0) == companion)
    {
      g_set_error_literal (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                           _("A personal assistant is either an entrant or a companion with a name"));
      return FALSE;
    }
  return sl_text_check (link->companion_name, "", SL_NAME_MAX_CHARS * 2,
                        _("The companion's name"), SL_NEED_ERROR, SL_NEED_ERROR_INVALID, error)
         && sl_text_check (link->companion_phone, "", SL_PHONE_MAX_CHARS,
                           _("The companion's phone"), SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                           error)
         && sl_text_check (link->companion_pass, "", SL_BIB_MAX_CHARS * 2,
                           _("The companion's pass number"), SL_NEED_ERROR,
                           SL_NEED_ERROR_INVALID, error);
}

char *
sl_entrant_link_dup_image (const SlEntrantLink *link)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "entrant_id", link->entrant_id);
  sl_json_image_add_string (&image, "kind", sl_link_kind_to_id (link->kind));
  if (link->linked_entrant_id > 0)
    sl_json_image_add_int (&image, "linked_entrant_id", link->linked_entrant_id);
  sl_json_image_add_string_if_set (&image, "companion_name", link->companion_name);
  sl_json_image_add_string_if_set (&image, "companion_phone", link->companion_phone);
  sl_json_image_add_string_if_set (&image, "companion_pass", link->companion_pass);
  return sl_json_image_end_to_string (&image);
}

void
sl_need_free (SlNeed *need)
{
  if (need == NULL)
    return;
  g_clear_pointer (&need->detail_sealed, g_bytes_unref);
  g_clear_pointer (&need->adjustments_sealed, g_bytes_unref);
  g_free (need->decline_reason);
  g_free (need->decided_by);
  g_free (need->decided_at);
  g_free (need->created_by);
  g_free (need->created_at);
  g_free (need->type_code);
  g_free (need->type_label);
  g_free (need->bib);
  g_free (need->first_name);
  g_free (need->last_name);
  g_free (need->race_name);
  g_free (need->start_area);
  g_free (need);
}

SlNeed *
sl_need_copy (const SlNeed *need)
{
  SlNeed *copy;

  g_return_val_if_fail (need != NULL, NULL);

  copy = g_memdup2 (need, sizeof *need);
  if (need->detail_sealed != NULL)
    g_bytes_ref (need->detail_sealed);
  if (need->adjustments_sealed != NULL)
    g_bytes_ref (need->adjustments_sealed);
  copy->decline_reason = g_strdup (need->decline_reason);
  copy->decided_by = g_strdup (need->decided_by);
  copy->decided_at = g_strdup (need->decided_at);
  copy->created_by = g_strdup (need->created_by);
  copy->created_at = g_strdup (need->created_at);
  copy->type_code = g_strdup (need->type_code);
  copy->type_label = g_strdup (need->type_label);
  copy->bib = g_strdup (need->bib);
  copy->first_name = g_strdup (need->first_name);
  copy->last_name = g_strdup (need->last_name);
  copy->race_name = g_strdup (need->race_name);
  copy->start_area = g_strdup (need->start_area);
  return copy;
}

void
sl_need_count_free (SlNeedCount *count)
{
  if (count == NULL)
    return;
  g_free (count->type_code);
  g_free (count->type_label);
  g_free (count->start_area);
  g_free (count);
}

char *
sl_need_dup_image (const SlNeed *need)
{
  SlJsonImage image;

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "entrant_id", need->entrant_id);
  sl_json_image_add_string (&image, "type", need->type_code);
  sl_json_image_add_string (&image, "status", sl_need_status_to_id (need->status));
  /* Only whether there is one: a length would tell something of it. */
  sl_json_image_add_string (&image, "detail", need->has_detail ? "sealed" : NULL);
  sl_json_image_add_string (&image, "adjustments", need->has_adjustments ? "sealed" : NULL);
  sl_json_image_add_string_if_set (&image, "decline_reason", need->decline_reason);
  sl_json_image_add_string_if_set (&image, "decided_by", need->decided_by);
  sl_json_image_add_string_if_set (&image, "decided_at", need->decided_at);
  return sl_json_image_end_to_string (&image);
}
