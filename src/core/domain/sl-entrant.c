/* sl-entrant.c — an entrant record: its fields, their rules, its images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-entrant-private.h"
#include "sl-fold.h"
#include "sl-json-image.h"

G_DEFINE_QUARK (sl-entrant-error-quark, sl_entrant_error)

SlEntrant *
sl_entrant_new (void)
{
  SlEntrant *self = g_new0 (SlEntrant, 1);

  self->age = -1;
  return self;
}

void
sl_entrant_free (SlEntrant *self)
{
  if (self == NULL)
    return;

  g_free (self->bib);
  g_free (self->booking_ref);
  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->date_of_birth);
  g_free (self->nationality);
  g_free (self->club);
  g_free (self->email);
  g_free (self->phone);
  g_free (self->emergency_contact);
  g_free (self->costume);
  g_free (self->notes);
  g_free (self->checked_in_at);
  g_free (self->checked_in_desk);
  g_free (self->race_name);
  g_free (self->wave_name);
  g_free (self->start_area);
  g_free (self->start_time);
  g_free (self->charity_name);
  g_free (self);
}

SlEntrant *
sl_entrant_copy (const SlEntrant *src)
{
  SlEntrant *self;

  g_return_val_if_fail (src != NULL, NULL);

  self = g_memdup2 (src, sizeof *src);
  self->bib = g_strdup (src->bib);
  self->booking_ref = g_strdup (src->booking_ref);
  self->first_name = g_strdup (src->first_name);
  self->last_name = g_strdup (src->last_name);
  self->date_of_birth = g_strdup (src->date_of_birth);
  self->nationality = g_strdup (src->nationality);
  self->club = g_strdup (src->club);
  self->email = g_strdup (src->email);
  self->phone = g_strdup (src->phone);
  self->emergency_contact = g_strdup (src->emergency_contact);
  self->costume = g_strdup (src->costume);
  self->notes = g_strdup (src->notes);
  self->checked_in_at = g_strdup (src->checked_in_at);
  self->checked_in_desk = g_strdup (src->checked_in_desk);
  self->race_name = g_strdup (src->race_name);
  self->wave_name = g_strdup (src->wave_name);
  self->start_area = g_strdup (src->start_area);
  self->start_time = g_strdup (src->start_time);
  self->charity_name = g_strdup (src->charity_name);
  return self;
}

char *
sl_entrant_dup_full_name (const SlEntrant *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup_printf ("%s %s",
                          self->first_name != NULL ? self->first_name : "",
                          self->last_name != NULL ? self->last_name : "");
}

/* The image starts with the bib, which every stored entrant has; unset
 * and empty values are left out, as the store keeps them as NULL.
 */
void
sl_entrant_append_json (const SlEntrant *self,
                        GString         *out)
{
  SlJsonImage image;

  sl_json_image_begin (&image, out);
  sl_json_image_add_string (&image, "bib", self->bib);
  sl_json_image_add_string_if_set (&image, "booking_ref", self->booking_ref);
  sl_json_image_add_string_if_set (&image, "first_name", self->first_name);
  sl_json_image_add_string_if_set (&image, "last_name", self->last_name);
  sl_json_image_add_string_if_set (&image, "date_of_birth", self->date_of_birth);
  if (self->age >= 0)
    sl_json_image_add_int (&image, "age", self->age);
  sl_json_image_add_string_if_set (&image, "gender", sl_gender_to_id (self->gender));
  sl_json_image_add_string_if_set (&image, "nationality", self->nationality);
  sl_json_image_add_string_if_set (&image, "club", self->club);
  sl_json_image_add_string_if_set (&image, "email", self->email);
  sl_json_image_add_string_if_set (&image, "phone", self->phone);
  sl_json_image_add_string_if_set (&image, "emergency_contact", self->emergency_contact);
  sl_json_image_add_string_if_set (&image, "entry_type", sl_entry_type_to_id (self->entry_type));
  if (self->race_id > 0)
    sl_json_image_add_int (&image, "race_id", self->race_id);
  if (self->wave_id > 0)
    sl_json_image_add_int (&image, "wave_id", self->wave_id);
  sl_json_image_add_string_if_set (&image, "status", sl_status_to_id (self->status));
  sl_json_image_add_string_if_set (&image, "costume", self->costume);
  sl_json_image_add_boolean (&image, "vip", self->vip);
  sl_json_image_add_string_if_set (&image, "notes", self->notes);
  sl_json_image_add_string_if_set (&image, "checked_in_at", self->checked_in_at);
  sl_json_image_add_string_if_set (&image, "checked_in_desk", self->checked_in_desk);
  sl_json_image_end (&image);
}

char *
sl_entrant_to_json (const SlEntrant *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->bib != NULL, NULL);

  out = g_string_sized_new (256);
  sl_entrant_append_json (self, out);
  return g_string_free (out, FALSE);
}

/* Every free-text field, by the same rules (sl_text_check): the message
 * names the field, and the code lets a form show it next to the field and
 * an import name the column.
 */
static gboolean
check_text_fields (const SlEntrant  *self,
                   GError          **error)
{
  const struct {
    const char *text;
    const char *label;
    glong       max_chars;
    int         code;
    const char *allowed;
  } fields[] = {
    { self->bib, N_("The bib number"), SL_BIB_MAX_CHARS, SL_ENTRANT_ERROR_BIB, "" },
    { self->booking_ref, N_("The booking reference"), SL_BOOKING_REF_MAX_CHARS,
      SL_ENTRANT_ERROR_BOOKING_REF, "" },
    { self->first_name, N_("The first name"), SL_NAME_MAX_CHARS, SL_ENTRANT_ERROR_FIRST_NAME,
      "" },
    { self->last_name, N_("The last name"), SL_NAME_MAX_CHARS, SL_ENTRANT_ERROR_LAST_NAME,
      "" },
    { self->nationality, N_("The nationality"), SL_NATIONALITY_MAX_CHARS,
      SL_ENTRANT_ERROR_NATIONALITY, "" },
    { self->club, N_("The club"), SL_CLUB_MAX_CHARS, SL_ENTRANT_ERROR_CLUB, "" },
    { self->email, N_("The email address"), SL_EMAIL_MAX_CHARS, SL_ENTRANT_ERROR_EMAIL, "" },
    { self->phone, N_("The phone number"), SL_PHONE_MAX_CHARS, SL_ENTRANT_ERROR_PHONE, "" },
    { self->emergency_contact, N_("The emergency contact"), SL_EMERGENCY_CONTACT_MAX_CHARS,
      SL_ENTRANT_ERROR_EMERGENCY_CONTACT, "" },
    { self->costume, N_("The costume"), SL_COSTUME_MAX_CHARS, SL_ENTRANT_ERROR_COSTUME, "" },
    /* Notes may run over several lines. */
    { self->notes, N_("The notes"), SL_NOTES_MAX_CHARS, SL_ENTRANT_ERROR_NOTES, "\n\r\t" },
  };

  /* The label is translated only for a message: gettext for every field
   * of every row was a twentieth of an import.
   */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!sl_text_check (fields[i].text, fields[i].allowed, fields[i].max_chars, fields[i].label,
                        SL_ENTRANT_ERROR, fields[i].code, NULL))
      return sl_text_check (fields[i].text, fields[i].allowed, fields[i].max_chars,
                            _(fields[i].label), SL_ENTRANT_ERROR, fields[i].code, error);
  return TRUE;
}

gboolean
sl_entrant_validate (const SlEntrant  *self,
                     GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_text_fields (self, error))
    return FALSE;
  if (sl_text_is_blank (self->bib))
    {
      g_set_error_literal (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BIB,
                           _("A bib number is required"));
      return FALSE;
    }
  if (strchr (self->bib, ' ') != NULL)
    {
      g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BIB,
                   _("“%s” is not a bib number (no spaces allowed)"), self->bib);
      return FALSE;
    }
  if (self->booking_ref != NULL && strchr (self->booking_ref, ' ') != NULL)
    {
      g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BOOKING_REF,
                   _("“%s” is not a booking reference (no spaces allowed)"), self->booking_ref);
      return FALSE;
    }
  if (sl_text_is_blank (self->first_name))
    {
      g_set_error_literal (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_FIRST_NAME,
                           _("A first name is required"));
      return FALSE;
    }
  if (sl_text_is_blank (self->last_name))
    {
      g_set_error_literal (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_LAST_NAME,
                           _("A last name is required"));
      return FALSE;
    }
  if (self->date_of_birth != NULL && !sl_date_is_valid_iso (self->date_of_birth))
    {
      g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_DATE_OF_BIRTH,
                   _("“%s” is not a date of birth; write it as YYYY-MM-DD"),
                   self->date_of_birth);
      return FALSE;
    }
  if (self->age < -1 || self->age > 120)
    {
      g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_AGE,
                   _("%d is not an age"), self->age);
      return FALSE;
    }
  if (self->email != NULL && *self->email != '\0'
      && (strchr (self->email, '@') == NULL || strchr (self->email, ' ') != NULL))
    {
      g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_EMAIL,
                   _("“%s” is not an email address"), self->email);
      return FALSE;
    }
  return TRUE;
}

void
sl_entrant_append_search_key (const SlEntrant *self,
                              GString         *key)
{
  sl_fold_append_key (key, self->first_name);
  sl_fold_append_key (key, self->last_name);
  sl_fold_append_code (key, self->bib);
  sl_fold_append_code (key, self->booking_ref);
  sl_fold_append_key (key, self->club);
}

char *
sl_entrant_dup_sort_name (const SlEntrant *self)
{
  g_autofree char *last = sl_fold (self->last_name);
  g_autofree char *first = sl_fold (self->first_name);

  /* A tab sorts before any letter: "lee\tann" before "leeds\tamy". */
  return g_strconcat (last, "\t", first, NULL);
}

char *
sl_entrant_dup_search_key (const SlEntrant *self)
{
  GString *key = g_string_new (NULL);

  sl_entrant_append_search_key (self, key);
  return g_string_free (key, FALSE);
}

/* The entrant as an update would store it over before. */
static SlEntrant *
dup_as_updated (const SlEntrant *before,
                const SlEntrant *entrant)
{
  SlEntrant *after = sl_entrant_copy (entrant);

  /* Status and check-in are changed by their own operations only. */
  after->status = before->status;
  g_free (after->checked_in_at);
  after->checked_in_at = g_strdup (before->checked_in_at);
  g_free (after->checked_in_desk);
  after->checked_in_desk = g_strdup (before->checked_in_desk);
  return after;
}

gboolean
sl_entrant_dup_update_images (const SlEntrant  *stored,
                              const SlEntrant  *entrant,
                              char            **before_json,
                              char            **after_json)
{
  g_autoptr(SlEntrant) after = dup_as_updated (stored, entrant);
  g_autofree char *before_image = sl_entrant_to_json (stored);
  g_autofree char *after_image = sl_entrant_to_json (after);

  if (g_strcmp0 (before_image, after_image) == 0)
    return FALSE;
  if (before_json != NULL)
    *before_json = g_steal_pointer (&before_image);
  if (after_json != NULL)
    *after_json = g_steal_pointer (&after_image);
  return TRUE;
}

gboolean
sl_entrant_update_changes (const SlEntrant *stored,
                           const SlEntrant *entrant)
{
  return sl_entrant_dup_update_images (stored, entrant, NULL, NULL);
}
