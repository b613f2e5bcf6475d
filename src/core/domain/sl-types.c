/* sl-types.c — stable identifiers and labels of the shared enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-types.h"

static const SlIdLabel genders_names[] = {
  { NULL, N_("Not stated") },
  { "female", N_("Female") },
  { "male", N_("Male") },
  { "non-binary", N_("Non-binary") },
};
static const SlIdLabelTable genders = SL_ID_LABEL_TABLE (genders_names, TRUE);

static const SlIdLabel entry_types_names[] = {
  { "ballot", N_("Ballot") },
  { "good-for-age", N_("Good for age") },
  { "championship", N_("Championship") },
  { "charity", N_("Charity") },
  { "elite", N_("Elite") },
  { "reserved-disability", N_("Reserved disability place") },
  { "support-runner", N_("Support runner") },
  { "club", N_("Club place") },
  { "overseas", N_("Overseas tour operator") },
};
static const SlIdLabelTable entry_types = SL_ID_LABEL_TABLE (entry_types_names, TRUE);

static const SlIdLabel statuses_names[] = {
  { "registered", N_("Registered") },
  { "checked-in", N_("Checked in") },
  { "started", N_("Started") },
  { "finished", N_("Finished") },
  { "withdrawn", N_("Withdrawn") },
  { "deferred", N_("Deferred") },
  { "dns", N_("Did not start") },
  { "dnf", N_("Did not finish") },
};
static const SlIdLabelTable statuses = SL_ID_LABEL_TABLE (statuses_names, TRUE);

G_STATIC_ASSERT (G_N_ELEMENTS (entry_types_names) == SL_N_ENTRY_TYPES);
G_STATIC_ASSERT (G_N_ELEMENTS (statuses_names) == SL_N_STATUSES);

const char *
sl_id_label_table_id (const SlIdLabelTable *table,
                      guint                 value)
{
  g_return_val_if_fail (value < table->n_entries, NULL);
  return table->entries[value].id;
}

const char *
sl_id_label_table_label (const SlIdLabelTable *table,
                         guint                 value)
{
  g_return_val_if_fail (value < table->n_entries, NULL);
  return _(table->entries[value].label);
}

int
sl_id_label_table_find (const SlIdLabelTable *table,
                        const char           *id)
{
  for (guint i = 0; id != NULL && i < table->n_entries; i++)
    {
      const char *entry = table->entries[i].id;

      if (entry != NULL
          && (table->any_case ? g_ascii_strcasecmp (entry, id) : strcmp (entry, id)) == 0)
        return (int)i;
    }
  return -1;
}

const char *
sl_gender_to_id (SlGender gender)
{
  return sl_id_label_table_id (&genders, gender);
}

gboolean
sl_gender_from_id (const char *id,
                   SlGender   *gender)
{
  int v = sl_id_label_table_find (&genders, id);

  if (v >= 0)
    *gender = (SlGender)v;
  return v >= 0;
}

const char *
sl_gender_to_label (SlGender gender)
{
  return sl_id_label_table_label (&genders, gender);
}

const char *
sl_entry_type_to_id (SlEntryType type)
{
  return sl_id_label_table_id (&entry_types, type);
}

gboolean
sl_entry_type_from_id (const char  *id,
                       SlEntryType *type)
{
  int v = sl_id_label_table_find (&entry_types, id);

  if (v >= 0)
    *type = (SlEntryType)v;
  return v >= 0;
}

const char *
sl_entry_type_to_label (SlEntryType type)
{
  return sl_id_label_table_label (&entry_types, type);
}

const char *
sl_status_to_id (SlStatus status)
{
  return sl_id_label_table_id (&statuses, status);
}

gboolean
sl_status_from_id (const char *id,
                   SlStatus   *status)
{
  int v = sl_id_label_table_find (&statuses, id);

  if (v >= 0)
    *status = (SlStatus)v;
  return v >= 0;
}

const char *
sl_status_to_label (SlStatus status)
{
  return sl_id_label_table_label (&statuses, status);
}

gboolean
sl_status_holds_bib (SlStatus status)
{
  return status == SL_STATUS_CHECKED_IN || status == SL_STATUS_STARTED
         || status == SL_STATUS_FINISHED || status == SL_STATUS_DNF;
}

static inline gboolean
is_control (gunichar    c,
            const char *allowed)
{
  if (c < 0x80)
    return (c < 0x20 || c == 0x7f) && strchr (allowed, (int)c) == NULL;
  return g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029;
}

/* The joiners are format characters that real names need. */
static inline gboolean
is_invisible_format (gunichar c)
{
  return c >= 0xad && c != 0x200c && c != 0x200d && g_unichar_type (c) == G_UNICODE_FORMAT;
}

gboolean
sl_text_is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

gpointer
sl_found_or_error (gpointer     found,
                   GError      *lookup_error,
                   GError     **error,
                   GQuark       domain,
                   int          code,
                   const char  *format,
                   ...)
{
  va_list args;

  if (lookup_error != NULL)
    g_propagate_error (error, lookup_error);
  else if (found == NULL)
    {
      va_start (args, format);
      g_propagate_error (error, g_error_new_valist (domain, code, format, args));
      va_end (args);
    }
  return found;
}

gboolean
sl_text_check (const char  *text,
               const char  *allowed,
               glong        max_chars,
               const char  *label,
               GQuark       domain,
               int          code,
               GError     **error)
{
  glong n = 0;

  g_return_val_if_fail (allowed != NULL && label != NULL, FALSE);

  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = (guchar)*p < 0x80 ? (gunichar)*p : g_utf8_get_char (p);

      if (is_control (c, allowed))
        {
          if (*allowed != '\0')
            g_set_error (error, domain, code,
                         _("%s cannot hold a control character other than a line end or tab"),
                         label);
          else
            g_set_error (error, domain, code,
                         _("%s cannot hold a line break, tab or other control character"),
                         label);
          return FALSE;
        }
      if (is_invisible_format (c))
        {
          g_set_error (error, domain, code,
                       _("%s cannot hold the invisible formatting character U+%04X: it can "
                         "make a list show something other than what is stored"),
                       label, c);
          return FALSE;
        }
    }
  if (n > max_chars)
    {
      g_set_error (error, domain, code,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s can have at most %'ld character (%'ld given)",
                                "%s can have at most %'ld characters (%'ld given)",
                                (gulong)max_chars),
                   label, max_chars, n);
      return FALSE;
    }
  return TRUE;
}

/* The length of the control character (C0, DEL or C1) at p, else 0. */
static inline gsize
control_length (const char *p)
{
  guchar c = (guchar)p[0];

  if (c < 0x20 || c == 0x7f)
    return c != '\0';
  if (c == 0xc2 && (guchar)p[1] >= 0x80 && (guchar)p[1] <= 0x9f)
    return 2;
  return 0;
}

void
sl_text_squash_to_one_line (char *text)
{
  char *out = text;
  const char *p = text;

  g_return_if_fail (text != NULL);

  /* Almost every value (the import runs this on each) has no control
   * character: a quick look first, without writing.
   */
  for (const guchar *q = (const guchar *)text; *q != '\0'; q++)
    if (*q < 0x20 || *q == 0x7f || *q == 0xc2)
      goto squash;
  return;

squash:
  while (*p != '\0')
    {
      const char *run = p;
      gboolean control = FALSE;
      gsize n;

      while (*p == ' ' || (n = control_length (p)) > 0)
        {
          control |= *p != ' ';
          p += *p == ' ' ? 1 : n;
        }
      if (p == run)
        *out++ = *p++;
      else if (!control)
        {
          memmove (out, run, (gsize)(p - run));
          out += p - run;
        }
      else if (out > text && *p != '\0')
        *out++ = ' ';
    }
  *out = '\0';
}
