/* sl-needs.c — support needs: the rules, the roles, the sealing, the audit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-db-task.h"
#include "sl-entrants-private.h"
#include "sl-fold.h"
#include "sl-json-image.h"
#include "sl-needs-private.h"
#include "sl-session-private.h"
#include "sl-store.h"

/* ---- Helpers --------------------------------------------------------- */

static gboolean
check_text (const char  *text,
            glong        max_chars,
            const char  *label,
            GError     **error)
{
  return sl_text_check (text, "\n", max_chars, label, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                        error);
}

/* Seals text to the event's public key; NULL text stays NULL. */
static gboolean
seal_text (SlDb        *db,
           const char  *text,
           GBytes     **sealed,
           GError     **error)
{
  g_autoptr(GBytes) public_key = NULL;

  *sealed = NULL;
  if (sl_text_is_blank (text))
    return TRUE;
  if (!(public_key = sl_db_dup_event_public_key (db, error)))
    return FALSE;
  *sealed = sl_crypto_seal (public_key, text);
  if (*sealed == NULL)
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_NO_KEY,
                           _("The detail could not be sealed to the event's key"));
      return FALSE;
    }
  return TRUE;
}

static SlNeed *
dup_need_locked (SlDb     *db,
                 gint64    need_id,
                 gboolean  sealed,
                 GError  **error)
{
  GError *local_error = NULL;
  SlNeed *need = SL_STORE (db)->need_get (db, need_id, sealed, &local_error);

  return sl_found_or_error (need, local_error, error, SL_NEED_ERROR, SL_NEED_ERROR_NOT_FOUND,
                            _("No need with id %lld"), (long long)need_id);
}

static SlNeedType *
dup_need_type (SlDb        *db,
               const char  *code,
               GError     **error)
{
  g_autoptr(GPtrArray) types = SL_STORE (db)->need_types_list (db, error);

  if (types == NULL)
    return NULL;
  for (guint i = 0; i < types->len; i++)
    {
      SlNeedType *type = g_ptr_array_index (types, i);

      if (g_strcmp0 (type->code, code) == 0)
        return g_ptr_array_steal_index (types, i);
    }
  g_set_error (error, SL_NEED_ERROR, SL_NEED_ERROR_NOT_FOUND, _("No need type “%s”"),
               code != NULL ? code : "");
  return NULL;
}

/* ---- Need types ------------------------------------------------------ */

GPtrArray *
sl_db_list_need_types (SlDb    *db,
                       GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return SL_STORE (db)->need_types_list (db, error);
}

/* A type's audit image: its code, label and adjustments (one per line). */
static char *
dup_type_image (const SlNeedType *type)
{
  g_autofree char *adjustments = type->adjustments != NULL
                                 ? g_strjoinv ("\n", type->adjustments) : g_strdup ("");
  SlJsonImage json;

  sl_json_image_begin (&json, NULL);
  sl_json_image_add_string (&json, "code", type->code);
  sl_json_image_add_string (&json, "label", type->label);
  sl_json_image_add_string (&json, "adjustments", adjustments);
  return sl_json_image_end_to_string (&json);
}

/* The label trimmed (NULL stays NULL) and each adjustment checked. */
static gboolean
check_type_values (const char         *label,
                   const char * const *adjustments,
                   char              **trimmed,
                   GError            **error)
{
  g_autofree char *text = label != NULL ? g_strstrip (g_strdup (label)) : NULL;

  if (text != NULL && *text == '\0')
    {
      g_set_error_literal (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                           _("A need type needs a label"));
      return FALSE;
    }
  if (text != NULL && !check_text (text, SL_NEED_TYPE_LABEL_MAX_CHARS, _("The label"), error))
    return FALSE;
  for (guint i = 0; adjustments != NULL && adjustments[i] != NULL; i++)
    if (!sl_text_check (adjustments[i], "", SL_NEED_TYPE_LABEL_MAX_CHARS, _("An adjustment"),
                        SL_NEED_ERROR, SL_NEED_ERROR_INVALID, error))
      return FALSE;
  *trimmed = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
add_type_in_write (SlDb     *db,
                   gpointer  data,
                   GError  **error)
{
  SlNeedType *type = data;
  g_autoptr(GPtrArray) types = SL_STORE (db)->need_types_list (db, error);
  g_autofree char *image = NULL;
  SlJsonImage json;

  if (types == NULL)
    return FALSE;
  for (guint i = 0; i < types->len; i++)
    if (g_strcmp0 (((SlNeedType *)types->pdata[i])->code, type->code) == 0)
      {
        g_set_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                     _("The need type “%s” exists already"), type->code);
        return FALSE;
      }
  if (!SL_STORE (db)->need_type_put (db, type, FALSE, error))
    return FALSE;
  sl_json_image_begin (&json, NULL);
  sl_json_image_add_string (&json, "code", type->code);
  sl_json_image_add_string (&json, "label", type->label);
  image = sl_json_image_end_to_string (&json);
  return sl_db_audit (db, "insert", "need-type", type->id, NULL, image, error);
}

gboolean
sl_db_add_need_type (SlDb               *db,
                     const char         *code,
                     const char         *label,
                     const char * const *adjustments,
                     gint64             *id,
                     GError            **error)
{
  SlNeedType type = { 0 };
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error)
      || !sl_need_type_code_check (code, error)
      || !check_type_values (label != NULL ? label : "", adjustments, &trimmed, error))
    return FALSE;
  type.code = (char *)code;
  type.label = trimmed;
  type.adjustments = (char **)adjustments;
  if (!sl_db_run_write (db, add_type_in_write, &type, error))
    return FALSE;
  if (id != NULL)
    *id = type.id;
  return TRUE;
}

typedef struct
{
  const char         *code;
  const char         *label;         /* trimmed; NULL: as it is */
  const char * const *adjustments;   /* NULL: as they are */
  gboolean            remove;
} TypeChange;

static gboolean
change_type_in_write (SlDb     *db,
                      gpointer  data,
                      GError  **error)
{
  TypeChange *change = data;
  g_autoptr(SlNeedType) type = dup_need_type (db, change->code, error);
  g_autoptr(GPtrArray) needs = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;

  if (type == NULL)
    return FALSE;
  before = dup_type_image (type);
  if (change->remove)
    {
      if (type->builtin)
        {
          g_set_error (error, SL_NEED_ERROR, SL_NEED_ERROR_IN_USE,
                       _("“%s” is one of the built-in need types, which cannot be removed"),
                       type->label);
          return FALSE;
        }
      filter.type_code = type->code;
      if (!(needs = SL_STORE (db)->needs_list (db, &filter, NULL, error)))
        return FALSE;
      if (needs->len > 0)
        {
          g_set_error (error, SL_NEED_ERROR, SL_NEED_ERROR_IN_USE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "“%s” cannot be removed: %u need is of this type",
                                    "“%s” cannot be removed: %u needs are of this type",
                                    needs->len), type->label, needs->len);
          return FALSE;
        }
      return SL_STORE (db)->need_type_put (db, type, TRUE, error)
             && sl_db_audit (db, "delete", "need-type", type->id, before, NULL, error);
    }
  if (change->label != NULL)
    {
      g_free (type->label);
      type->label = g_strdup (change->label);
    }
  if (change->adjustments != NULL)
    {
      g_strfreev (type->adjustments);
      type->adjustments = change->adjustments[0] != NULL
                          ? g_strdupv ((char **)change->adjustments) : NULL;
    }
  after = dup_type_image (type);
  /* A change that changes nothing writes no entry. */
  if (g_str_equal (before, after))
    return TRUE;
  return SL_STORE (db)->need_type_put (db, type, FALSE, error)
         && sl_db_audit (db, "update", "need-type", type->id, before, after, error);
}

gboolean
sl_db_edit_need_type (SlDb               *db,
                      const char         *code,
                      const char         *label,
                      const char * const *adjustments,
                      GError            **error)
{
  g_autofree char *trimmed = NULL;
  TypeChange change = { code, NULL, adjustments, FALSE };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error)
      || !check_type_values (label, adjustments, &trimmed, error))
    return FALSE;
  change.label = trimmed;
  return sl_db_run_write (db, change_type_in_write, &change, error);
}

gboolean
sl_db_remove_need_type (SlDb        *db,
                        const char  *code,
                        GError     **error)
{
  TypeChange change = { code, NULL, NULL, TRUE };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error))
    return FALSE;
  return sl_db_run_write (db, change_type_in_write, &change, error);
}

typedef struct
{
  const char *file;
  guint       rows;
} ImportSeen;

static gboolean
import_seen_in_write (SlDb     *db,
                      gpointer  data,
                      GError  **error)
{
  ImportSeen *seen = data;
  g_autofree char *image = NULL;
  SlJsonImage json;

  /* Who saw which file's details: the actor is the signed-in officer. */
  sl_json_image_begin (&json, NULL);
  sl_json_image_add_string (&json, "file", seen->file);
  sl_json_image_add_uint (&json, "rows", seen->rows);
  image = sl_json_image_end_to_string (&json);
  return sl_db_audit (db, "read-import-details", "import", 0, NULL, image, error);
}

gboolean
sl_db_audit_import_details (SlDb        *db,
                            const char  *file,
                            guint        rows,
                            GError     **error)
{
  ImportSeen seen = { file != NULL ? file : "", rows };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_READ_NEED_DETAIL, error))
    return FALSE;
  return sl_db_run_write (db, import_seen_in_write, &seen, error);
}

/* ---- Recording and deciding ------------------------------------------ */

static gboolean
record_in_write (SlDb     *db,
                 gpointer  data,
                 GError  **error)
{
  SlNeed *need = data;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autofree char *image = NULL;

  if (!(entrant = sl_db_dup_entrant_locked (db, need->entrant_id, error)))
    return FALSE;
  if (!SL_STORE (db)->need_put (db, need, error))
    return FALSE;
  image = sl_need_dup_image (need);
  return sl_db_audit (db, "insert", "need", need->id, NULL, image, error);
}

gint64
sl_db_record_need (SlDb          *db,
                   gint64         entrant_id,
                   const char    *type_code,
                   const char    *detail,
                   SlNeedStatus   status,
                   GError       **error)
{
  g_autoptr(SlNeed) need = NULL;
  g_autoptr(SlNeedType) type = NULL;

  g_return_val_if_fail (SL_IS_DB (db), 0);

  if (!sl_db_require (db, SL_ACTION_RECORD_NEED, error)
      || (status != SL_NEED_REQUESTED && !sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error)))
    return 0;
  if (status >= SL_N_NEED_STATUSES || status == SL_NEED_DECLINED)
    {
      g_set_error_literal (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                           _("A need is declined with a reason, once it is recorded"));
      return 0;
    }
  if (!check_text (detail, SL_NEED_DETAIL_MAX_CHARS, _("The detail"), error)
      || !(type = dup_need_type (db, type_code, error)))
    return 0;

  need = g_new0 (SlNeed, 1);
  need->entrant_id = entrant_id;
  need->type_id = type->id;
  need->type_code = g_strdup (type->code);
  need->status = status;
  need->created_by = g_strdup (sl_db_get_operator (db));
  need->created_at = sl_db_now_utc ();
  if (status != SL_NEED_REQUESTED)
    {
      need->decided_by = g_strdup (need->created_by);
      need->decided_at = g_strdup (need->created_at);
    }
  if (!seal_text (db, detail, &need->detail_sealed, error))
    return 0;
  need->has_detail = need->detail_sealed != NULL;
  if (!sl_db_run_write (db, record_in_write, need, error))
    return 0;
  return need->id;
}

gint64
sl_db_record_need_locked (SlDb              *db,
                          GBytes            *public_key,
                          gint64             entrant_id,
                          const SlNeedType  *type,
                          const char        *detail,
                          GError           **error)
{
  g_autoptr(SlNeed) need = NULL;

  g_return_val_if_fail (SL_IS_DB (db), 0);
  g_return_val_if_fail (public_key != NULL && type != NULL, 0);

  if (!check_text (detail, SL_NEED_DETAIL_MAX_CHARS, _("The detail"), error))
    return 0;
  need = g_new0 (SlNeed, 1);
  need->entrant_id = entrant_id;
  need->type_id = type->id;
  need->type_code = g_strdup (type->code);
  need->status = SL_NEED_REQUESTED;
  need->created_by = g_strdup (sl_db_get_operator (db));
  need->created_at = sl_db_now_utc ();
  if (!sl_text_is_blank (detail))
    {
      need->detail_sealed = sl_crypto_seal (public_key, detail);
      if (need->detail_sealed == NULL)
        {
          g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_NO_KEY,
                               _("The detail could not be sealed to the event's key"));
          return 0;
        }
    }
  need->has_detail = need->detail_sealed != NULL;
  if (!record_in_write (db, need, error))
    return 0;
  return need->id;
}

typedef struct
{
  gint64        need_id;
  SlNeedStatus  status;
  const char   *reason;
  GBytes       *adjustments;   /* set_adjustments: sealed, or NULL to clear */
  gboolean      set_adjustments;
} NeedChange;

static gboolean
change_in_write (SlDb     *db,
                 gpointer  data,
                 GError  **error)
{
  const NeedChange *change = data;
  g_autoptr(SlNeed) need = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!(need = dup_need_locked (db, change->need_id, TRUE, error)))
    return FALSE;
  before = sl_need_dup_image (need);
  if (change->set_adjustments)
    {
      g_clear_pointer (&need->adjustments_sealed, g_bytes_unref);
      need->adjustments_sealed = change->adjustments ? g_bytes_ref (change->adjustments) : NULL;
      need->has_adjustments = change->adjustments != NULL;
    }
  else
    {
      if (need->status == change->status && g_strcmp0 (need->decline_reason, change->reason) == 0)
        return TRUE;
      if (need->status != change->status
          && !sl_need_status_can_change (need->status, change->status))
        {
          g_set_error (error, SL_NEED_ERROR, SL_NEED_ERROR_TRANSITION,
                       _("A need that is %s cannot become %s"),
                       sl_need_status_to_id (need->status), sl_need_status_to_id (change->status));
          return FALSE;
        }
      need->status = change->status;
      g_free (need->decline_reason);
      need->decline_reason = g_strdup (change->reason);
      g_free (need->decided_by);
      need->decided_by = g_strdup (sl_db_get_operator (db));
      g_free (need->decided_at);
      need->decided_at = sl_db_now_utc ();
    }
  after = sl_need_dup_image (need);
  if (g_strcmp0 (before, after) == 0 && !change->set_adjustments)
    return TRUE;
  return SL_STORE (db)->need_put (db, need, error)
         && sl_db_audit (db, change->set_adjustments ? "set-adjustments" : "set-status", "need",
                         need->id, before, after, error);
}

gboolean
sl_db_set_need_status (SlDb          *db,
                       gint64         need_id,
                       SlNeedStatus   status,
                       const char    *reason,
                       GError       **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  NeedChange change = { need_id, status, NULL, NULL, FALSE };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error))
    return FALSE;
  if (status >= SL_N_NEED_STATUSES)
    {
      g_set_error_literal (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID, _("Unknown status"));
      return FALSE;
    }
  if (status == SL_NEED_DECLINED && *trimmed == '\0')
    {
      g_set_error_literal (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                           _("Declining a need needs a reason"));
      return FALSE;
    }
  if (status != SL_NEED_DECLINED && *trimmed != '\0')
    {
      g_set_error_literal (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                           _("Only a declined need has a reason"));
      return FALSE;
    }
  if (!check_text (trimmed, SL_NEED_REASON_MAX_CHARS, _("The reason"), error))
    return FALSE;
  change.reason = *trimmed != '\0' ? trimmed : NULL;
  return sl_db_run_write (db, change_in_write, &change, error);
}

gboolean
sl_db_set_need_adjustments (SlDb        *db,
                            gint64       need_id,
                            const char  *adjustments,
                            GError     **error)
{
  g_autoptr(GBytes) sealed = NULL;
  NeedChange change = { need_id, 0, NULL, NULL, TRUE };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error)
      || !check_text (adjustments, SL_NEED_DETAIL_MAX_CHARS, _("The adjustments"), error)
      || !seal_text (db, adjustments, &sealed, error))
    return FALSE;
  change.adjustments = sealed;
  return sl_db_run_write (db, change_in_write, &change, error);
}

static gboolean
consent_in_write (SlDb     *db,
                  gpointer  data,
                  GError  **error)
{
  const SlNeedConsent *consent = data;
  g_autoptr(SlNeed) need = NULL;
  g_autoptr(GPtrArray) consents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!(need = dup_need_locked (db, consent->need_id, FALSE, error))
      || !(consents = SL_STORE (db)->consents_list (db, consent->need_id, error)))
    return FALSE;
  for (guint i = 0; i < consents->len; i++)
    {
      SlNeedConsent *old = g_ptr_array_index (consents, i);

      if (old->recipient == consent->recipient)
        before = sl_need_consent_dup_image (old);
    }
  after = sl_need_consent_dup_image (consent);
  return SL_STORE (db)->consent_put (db, consent, error)
         && sl_db_audit (db, "set-consent", "need", consent->need_id, before, after, error);
}

gboolean
sl_db_set_need_consent (SlDb                *db,
                        gint64               need_id,
                        SlConsentRecipient   recipient,
                        gboolean             given,
                        const char          *wording_version,
                        GError             **error)
{
  g_autofree char *version = g_strstrip (g_strdup (wording_version != NULL ? wording_version : ""));
  g_autofree char *now = sl_db_now_utc ();
  SlNeedConsent consent = { need_id, recipient, given, now, version,
                            (char *)sl_db_get_operator (db) };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error))
    return FALSE;
  if (recipient >= SL_N_CONSENT_RECIPIENTS || *version == '\0')
    {
      g_set_error_literal (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                           _("A consent names its recipient and the version of its wording"));
      return FALSE;
    }
  if (!sl_text_check (version, "", 40, _("The wording version"), SL_NEED_ERROR,
                      SL_NEED_ERROR_INVALID, error))
    return FALSE;
  return sl_db_run_write (db, consent_in_write, &consent, error);
}

GPtrArray *
sl_db_list_need_consents (SlDb    *db,
                          gint64   need_id,
                          GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error))
    return NULL;
  return SL_STORE (db)->consents_list (db, need_id, error);
}

/* ---- Reading --------------------------------------------------------- */

GPtrArray *
sl_db_list_needs (SlDb                *db,
                  const SlNeedFilter  *filter,
                  GError             **error)
{
  SlNeedFilter all = SL_NEED_FILTER_INIT;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error))
    return NULL;
  if (filter == NULL)
    filter = &all;
  if (filter->text != NULL)
    words = sl_fold_dup_words (filter->text);
  return SL_STORE (db)->needs_list (db, filter,
                                    words != NULL && words[0] != NULL
                                      ? (const char * const *)words : NULL,
                                    error);
}

GPtrArray *
sl_db_list_needs_locked (SlDb                *db,
                         const SlNeedFilter  *filter,
                         GError             **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (filter != NULL && filter->text == NULL, NULL);
  return SL_STORE (db)->needs_list (db, filter, NULL, error);
}

SlNeed *
sl_db_dup_need (SlDb    *db,
                gint64   need_id,
                GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error))
    return NULL;
  return dup_need_locked (db, need_id, FALSE, error);
}

typedef struct
{
  gint64             need_id;
  const SlEventKey  *key;
  char              *detail;
  char              *adjustments;
} DetailRead;

static gboolean
open_sealed (const SlEventKey  *key,
             GBytes            *sealed,
             char             **text,
             GError           **error)
{
  *text = NULL;
  if (sealed == NULL)
    return TRUE;
  *text = sl_crypto_open (key, sealed, error);
  return *text != NULL;
}

static gboolean
read_in_write (SlDb     *db,
               gpointer  data,
               GError  **error)
{
  DetailRead *read = data;
  g_autoptr(SlNeed) need = NULL;
  g_autofree char *image = NULL;
  SlJsonImage json;

  if (!(need = dup_need_locked (db, read->need_id, TRUE, error))
      || !open_sealed (read->key, need->detail_sealed, &read->detail, error)
      || !open_sealed (read->key, need->adjustments_sealed, &read->adjustments, error))
    return FALSE;
  /* Who saw whose need: the actor is the signed-in officer. */
  sl_json_image_begin (&json, NULL);
  sl_json_image_add_int (&json, "entrant_id", need->entrant_id);
  sl_json_image_add_string (&json, "bib", need->bib);
  sl_json_image_add_boolean (&json, "detail", need->has_detail);
  sl_json_image_add_boolean (&json, "adjustments", need->has_adjustments);
  image = sl_json_image_end_to_string (&json);
  return sl_db_audit (db, "read-detail", "need", need->id, NULL, image, error);
}

gboolean
sl_db_read_need_details (SlDb     *db,
                         gint64    need_id,
                         char    **detail,
                         char    **adjustments,
                         GError  **error)
{
  DetailRead read = { need_id, NULL, NULL, NULL };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (detail != NULL)
    *detail = NULL;
  if (adjustments != NULL)
    *adjustments = NULL;
  if (!sl_db_require (db, SL_ACTION_READ_NEED_DETAIL, error))
    return FALSE;
  if (!(read.key = sl_db_get_event_key (db)))
    {
      g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_LOCKED,
                           _("The event's key is not open: an accessibility officer must sign in"));
      return FALSE;
    }
  if (!sl_db_run_write (db, read_in_write, &read, error))
    {
      sl_secret_str_free (read.detail);
      sl_secret_str_free (read.adjustments);
      return FALSE;
    }
  if (detail != NULL)
    *detail = read.detail;
  else
    sl_secret_str_free (read.detail);
  if (adjustments != NULL)
    *adjustments = read.adjustments;
  else
    sl_secret_str_free (read.adjustments);
  return TRUE;
}

/* ---- Links and markers ----------------------------------------------- */

static gboolean
add_link_in_write (SlDb     *db,
                   gpointer  data,
                   GError  **error)
{
  SlEntrantLink *link = data;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autoptr(SlEntrant) linked = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autofree char *image = NULL;

  if (!(entrant = sl_db_dup_entrant_locked (db, link->entrant_id, error))
      || (link->linked_entrant_id > 0
          && !(linked = sl_db_dup_entrant_locked (db, link->linked_entrant_id, error)))
      || !(links = SL_STORE (db)->links_list (db, link->entrant_id, error)))
    return FALSE;
  for (guint i = 0; linked != NULL && i < links->len; i++)
    {
      SlEntrantLink *old = g_ptr_array_index (links, i);

      if (old->entrant_id == link->entrant_id && old->kind == link->kind
          && old->linked_entrant_id == link->linked_entrant_id)
        {
          g_set_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID,
                       _("%s is already linked to %s as %s"), linked->bib, entrant->bib,
                       sl_link_kind_to_label (link->kind));
          return FALSE;
        }
    }
  if (!SL_STORE (db)->link_put (db, link, FALSE, error))
    return FALSE;
  image = sl_entrant_link_dup_image (link);
  return sl_db_audit (db, "link", "entrant", link->entrant_id, NULL, image, error);
}

gint64
sl_db_add_link (SlDb                 *db,
                const SlEntrantLink  *link,
                GError              **error)
{
  SlEntrantLink copy;

  g_return_val_if_fail (SL_IS_DB (db), 0);
  g_return_val_if_fail (link != NULL, 0);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error)
      || !sl_entrant_link_validate (link, error))
    return 0;
  copy = *link;
  copy.id = 0;
  if (!sl_db_run_write (db, add_link_in_write, &copy, error))
    return 0;
  return copy.id;
}

gboolean
sl_db_add_link_locked (SlDb           *db,
                       SlEntrantLink  *link,
                       gboolean       *added,
                       GError        **error)
{
  g_autoptr(GPtrArray) links = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (link != NULL && added != NULL, FALSE);

  *added = FALSE;
  if (!sl_entrant_link_validate (link, error)
      || !(links = SL_STORE (db)->links_list (db, link->entrant_id, error)))
    return FALSE;
  for (guint i = 0; i < links->len; i++)
    {
      SlEntrantLink *old = g_ptr_array_index (links, i);

      if (old->entrant_id == link->entrant_id && old->kind == link->kind
          && old->linked_entrant_id == link->linked_entrant_id
          && g_strcmp0 (old->companion_name, link->companion_name) == 0)
        return TRUE;
    }
  link->id = 0;
  *added = add_link_in_write (db, link, error);
  return *added;
}

static gboolean
remove_link_in_write (SlDb     *db,
                      gpointer  data,
                      GError  **error)
{
  gint64 link_id = *(gint64 *)data;
  GError *local_error = NULL;
  g_autoptr(SlEntrantLink) link = SL_STORE (db)->link_get (db, link_id, &local_error);
  g_autofree char *image = NULL;

  if (!sl_found_or_error (link, local_error, error, SL_NEED_ERROR, SL_NEED_ERROR_NOT_FOUND,
                          _("No link with id %lld"), (long long)link_id))
    return FALSE;
  image = sl_entrant_link_dup_image (link);
  return SL_STORE (db)->link_put (db, link, TRUE, error)
         && sl_db_audit (db, "unlink", "entrant", link->entrant_id, image, NULL, error);
}

gboolean
sl_db_remove_link (SlDb    *db,
                   gint64   link_id,
                   GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  return sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error)
         && sl_db_run_write (db, remove_link_in_write, &link_id, error);
}

GPtrArray *
sl_db_list_links (SlDb    *db,
                  gint64   entrant_id,
                  GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error))
    return NULL;
  return SL_STORE (db)->links_list (db, entrant_id, error);
}

GPtrArray *
sl_db_list_links_locked (SlDb    *db,
                         gint64   entrant_id,
                         GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), NULL);
  return SL_STORE (db)->links_list (db, entrant_id, error);
}

typedef struct
{
  gint64    entrant_id;
  SlMarker  marker;
  gboolean  on;
} MarkerChange;

static gboolean
marker_in_write (SlDb     *db,
                 gpointer  data,
                 GError  **error)
{
  const MarkerChange *change = data;
  g_autoptr(SlEntrant) entrant = NULL;
  g_autofree char *image = NULL;
  gboolean changed = FALSE;

  if (!(entrant = sl_db_dup_entrant_locked (db, change->entrant_id, error))
      || !SL_STORE (db)->marker_put (db, change->entrant_id, change->marker, change->on,
                                     &changed, error))
    return FALSE;
  if (!changed)
    return TRUE;
  image = sl_marker_dup_image (change->marker);
  return sl_db_audit (db, change->on ? "marker-add" : "marker-remove", "entrant",
                      change->entrant_id, change->on ? NULL : image, change->on ? image : NULL,
                      error);
}

gboolean
sl_db_set_marker (SlDb      *db,
                  gint64     entrant_id,
                  SlMarker   marker,
                  gboolean   on,
                  GError   **error)
{
  MarkerChange change = { entrant_id, marker, on };

  g_return_val_if_fail (SL_IS_DB (db), FALSE);

  if (!sl_db_require (db, SL_ACTION_MANAGE_NEEDS, error))
    return FALSE;
  if (marker >= SL_N_MARKERS)
    {
      g_set_error_literal (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID, _("Unknown marker"));
      return FALSE;
    }
  return sl_db_run_write (db, marker_in_write, &change, error);
}

gboolean
sl_db_set_marker_locked (SlDb      *db,
                         gint64     entrant_id,
                         SlMarker   marker,
                         gboolean  *changed,
                         GError   **error)
{
  g_autofree char *image = NULL;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (marker < SL_N_MARKERS && changed != NULL, FALSE);

  *changed = FALSE;
  if (!SL_STORE (db)->marker_put (db, entrant_id, marker, TRUE, changed, error))
    return FALSE;
  if (!*changed)
    return TRUE;
  image = sl_marker_dup_image (marker);
  return sl_db_audit (db, "marker-add", "entrant", entrant_id, NULL, image, error);
}

gboolean
sl_db_get_markers (SlDb    *db,
                   gint64   entrant_id,
                   guint   *markers,
                   GError **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  return SL_STORE (db)->markers_get (db, entrant_id, markers, error);
}

/* ---- The desk card --------------------------------------------------- */

void
sl_desk_needs_free (SlDeskNeeds *needs)
{
  if (needs == NULL)
    return;
  g_clear_pointer (&needs->flags, g_ptr_array_unref);
  g_clear_pointer (&needs->links, g_ptr_array_unref);
  g_free (needs);
}

/* The one flag of an entrant's needs: the most advanced open one says
 * where the runner stands, never what the need is.
 */
static const char *
desk_flag (GPtrArray *needs)
{
  gboolean arranged = FALSE, approved = FALSE, open = FALSE;

  for (guint i = 0; i < needs->len; i++)
    {
      SlNeed *need = g_ptr_array_index (needs, i);

      arranged |= need->status == SL_NEED_ARRANGED;
      approved |= need->status == SL_NEED_APPROVED;
      open |= sl_need_status_is_outstanding (need->status);
    }
  if (arranged)
    return _("Support arranged — see the Accessibility Point");
  if (approved)
    return _("Support approved — see the Accessibility Point");
  if (open)
    return _("Support requested — the Accessibility Point will follow up");
  return NULL;
}

SlDeskNeeds *
sl_db_dup_desk_needs (SlDb    *db,
                      gint64   entrant_id,
                      GError **error)
{
  g_autoptr(SlDeskNeeds) desk = g_new0 (SlDeskNeeds, 1);
  g_autoptr(GPtrArray) needs = NULL;
  SlNeedFilter filter = SL_NEED_FILTER_INIT;
  const char *flag;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (entrant_id > 0, NULL);

  filter.entrant_id = entrant_id;
  if (!SL_STORE (db)->markers_get (db, entrant_id, &desk->markers, error)
      || !(needs = SL_STORE (db)->needs_list (db, &filter, NULL, error))
      || !(desk->links = SL_STORE (db)->links_list (db, entrant_id, error)))
    return NULL;
  desk->flags = g_ptr_array_new_with_free_func (g_free);
  if ((flag = desk_flag (needs)) != NULL)
    g_ptr_array_add (desk->flags, g_strdup (flag));
  /* A desk needs who and whether they are here, not how to ring them. */
  for (guint i = 0; i < desk->links->len; i++)
    g_clear_pointer (&((SlEntrantLink *)desk->links->pdata[i])->companion_phone, g_free);
  return g_steal_pointer (&desk);
}

/* ---- Async ----------------------------------------------------------- */

typedef enum
{
  OP_RECORD,
  OP_STATUS,
  OP_ADJUSTMENTS,
  OP_CONSENT,
  OP_ADD_LINK,
  OP_REMOVE_LINK,
  OP_MARKER,
  OP_ADD_TYPE,
  OP_EDIT_TYPE,
  OP_REMOVE_TYPE,
  OP_IMPORT_SEEN,
} WriteOp;

typedef struct
{
  WriteOp        op;
  gint64         id;          /* need, link or entrant; the result's */
  int            value;       /* status, recipient, marker */
  gboolean       flag;        /* consent given, marker on */
  char          *text;        /* type code, reason, wording */
  char          *detail;      /* the detail or adjustments: secure memory */
  SlEntrantLink  link;
  char          *label;       /* a new or edited type's */
  char         **adjustments; /* a new or edited type's */
} NeedWrite;

static void
need_write_free (gpointer data)
{
  NeedWrite *write = data;

  g_free (write->text);
  sl_secret_str_free (write->detail);
  g_free (write->link.companion_name);
  g_free (write->link.companion_phone);
  g_free (write->link.companion_pass);
  g_free (write->label);
  g_strfreev (write->adjustments);
  g_free (write);
}

static gboolean
run_write_op (SlDb      *writer,
              gpointer   data,
              GError   **error)
{
  NeedWrite *write = data;
  gint64 id = 0;

  switch (write->op)
    {
    case OP_RECORD:
      id = sl_db_record_need (writer, write->id, write->text, write->detail, write->value, error);
      write->id = id;
      return id > 0;
    case OP_STATUS:
      return sl_db_set_need_status (writer, write->id, write->value, write->text, error);
    case OP_ADJUSTMENTS:
      return sl_db_set_need_adjustments (writer, write->id, write->detail, error);
    case OP_CONSENT:
      return sl_db_set_need_consent (writer, write->id, write->value, write->flag, write->text,
                                     error);
    case OP_ADD_LINK:
      id = sl_db_add_link (writer, &write->link, error);
      write->id = id;
      return id > 0;
    case OP_REMOVE_LINK:
      return sl_db_remove_link (writer, write->id, error);
    case OP_MARKER:
      return sl_db_set_marker (writer, write->id, write->value, write->flag, error);
    case OP_ADD_TYPE:
      return sl_db_add_need_type (writer, write->text, write->label,
                                  (const char * const *)write->adjustments, &write->id, error);
    case OP_EDIT_TYPE:
      return sl_db_edit_need_type (writer, write->text, write->label,
                                   (const char * const *)write->adjustments, error);
    case OP_REMOVE_TYPE:
      return sl_db_remove_need_type (writer, write->text, error);
    case OP_IMPORT_SEEN:
      return sl_db_audit_import_details (writer, write->text, (guint)write->value, error);
    default:
      g_assert_not_reached ();
    }
}

static void
need_write_async (SlDb                *db,
                  NeedWrite           *write,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  sl_db_task_run_boolean (db, SL_DB_TASK_WRITE, need_write_async, write, need_write_free,
                          run_write_op, cancellable, callback, user_data);
}

static NeedWrite *
need_write_new (WriteOp     op,
                gint64      id,
                int         value,
                const char *text)
{
  NeedWrite *write = g_new0 (NeedWrite, 1);

  write->op = op;
  write->id = id;
  write->value = value;
  write->text = g_strdup (text);
  return write;
}

void
sl_db_record_need_async (SlDb                *db,
                         gint64               entrant_id,
                         const char          *type_code,
                         const char          *detail,
                         SlNeedStatus         status,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  NeedWrite *write = need_write_new (OP_RECORD, entrant_id, status, type_code);

  write->detail = sl_secret_str_dup (detail);
  need_write_async (db, write, cancellable, callback, user_data);
}

void
sl_db_set_need_status_async (SlDb                *db,
                             gint64               need_id,
                             SlNeedStatus         status,
                             const char          *reason,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  need_write_async (db, need_write_new (OP_STATUS, need_id, status, reason), cancellable,
                    callback, user_data);
}

void
sl_db_set_need_adjustments_async (SlDb                *db,
                                  gint64               need_id,
                                  const char          *adjustments,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  NeedWrite *write = need_write_new (OP_ADJUSTMENTS, need_id, 0, NULL);

  write->detail = sl_secret_str_dup (adjustments);
  need_write_async (db, write, cancellable, callback, user_data);
}

void
sl_db_set_need_consent_async (SlDb                *db,
                              gint64               need_id,
                              SlConsentRecipient   recipient,
                              gboolean             given,
                              const char          *wording_version,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  NeedWrite *write = need_write_new (OP_CONSENT, need_id, recipient, wording_version);

  write->flag = given;
  need_write_async (db, write, cancellable, callback, user_data);
}

void
sl_db_add_link_async (SlDb                 *db,
                      const SlEntrantLink  *link,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data)
{
  NeedWrite *write = need_write_new (OP_ADD_LINK, 0, 0, NULL);

  write->link.entrant_id = link->entrant_id;
  write->link.kind = link->kind;
  write->link.linked_entrant_id = link->linked_entrant_id;
  write->link.companion_name = g_strdup (link->companion_name);
  write->link.companion_phone = g_strdup (link->companion_phone);
  write->link.companion_pass = g_strdup (link->companion_pass);
  need_write_async (db, write, cancellable, callback, user_data);
}

void
sl_db_remove_link_async (SlDb                *db,
                         gint64               link_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  need_write_async (db, need_write_new (OP_REMOVE_LINK, link_id, 0, NULL), cancellable,
                    callback, user_data);
}

void
sl_db_set_marker_async (SlDb                *db,
                        gint64               entrant_id,
                        SlMarker             marker,
                        gboolean             on,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  NeedWrite *write = need_write_new (OP_MARKER, entrant_id, marker, NULL);

  write->flag = on;
  need_write_async (db, write, cancellable, callback, user_data);
}

/* A need type's code, label and adjustments, for op to add or edit. */
static NeedWrite *
need_type_write_new (WriteOp             op,
                     const char         *code,
                     const char         *label,
                     const char * const *adjustments)
{
  NeedWrite *write = need_write_new (op, 0, 0, code);

  write->label = g_strdup (label);
  write->adjustments = g_strdupv ((char **)adjustments);
  return write;
}

void
sl_db_add_need_type_async (SlDb               *db,
                           const char         *code,
                           const char         *label,
                           const char * const *adjustments,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  need_write_async (db, need_type_write_new (OP_ADD_TYPE, code, label, adjustments),
                    cancellable, callback, user_data);
}

void
sl_db_edit_need_type_async (SlDb               *db,
                            const char         *code,
                            const char         *label,
                            const char * const *adjustments,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  need_write_async (db, need_type_write_new (OP_EDIT_TYPE, code, label, adjustments),
                    cancellable, callback, user_data);
}

void
sl_db_audit_import_details_async (SlDb               *db,
                                  const char         *file,
                                  guint               rows,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  need_write_async (db, need_write_new (OP_IMPORT_SEEN, 0, (int)rows, file), cancellable,
                    callback, user_data);
}

void
sl_db_remove_need_type_async (SlDb               *db,
                              const char         *code,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  need_write_async (db, need_write_new (OP_REMOVE_TYPE, 0, 0, code), cancellable, callback,
                    user_data);
}

gboolean
sl_db_add_need_type_finish (SlDb          *db,
                            GAsyncResult  *result,
                            gint64        *id,
                            GError       **error)
{
  return sl_db_write_need_finish (db, result, id, error);
}

gboolean
sl_db_write_need_finish (SlDb          *db,
                         GAsyncResult  *result,
                         gint64        *id,
                         GError       **error)
{
  NeedWrite *write;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == need_write_async, FALSE);

  write = sl_db_task_get_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (id != NULL)
    *id = write->id;
  return TRUE;
}
