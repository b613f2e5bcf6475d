/* sl-entrant.c — an entrant record and its store operations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-db-private.h"
#include "sl-db-task.h"
#include "sl-entrant-private.h"
#include "sl-fold.h"

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

/* Escapes as SQLite's json_quote() does, so an after-image reads the same
 * as one SQLite would write.
 */
static void
append_json_string (GString    *out,
                    const char *value)
{
  static const char short_escapes[0x20] = {
    [0x08] = 'b', [0x09] = 't', [0x0a] = 'n', [0x0c] = 'f', [0x0d] = 'r',
  };
  const guchar *run = (const guchar *)value;

  g_string_append_c (out, '"');
  for (const guchar *p = run; ; p++)
    {
      /* Plain characters are copied a run at a time. */
      if (*p != '\0' && *p != '"' && *p != '\\' && *p >= 0x20)
        continue;
      g_string_append_len (out, (const char *)run, p - run);
      run = p + 1;
      if (*p == '\0')
        break;
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)*p);
        }
      else if (short_escapes[*p] != 0)
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, short_escapes[*p]);
        }
      else
        g_string_append_printf (out, "\\u%04x", *p);
    }
  g_string_append_c (out, '"');
}

/* Empty and unset values are left out: the store keeps them as NULL.
 * Plain appends rather than printf: a bulk import writes 50,000 of these.
 */
static void
add_name (GString    *out,
          const char *name)
{
  gsize len = strlen (name);

  g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append_len (out, name, (gssize)len);
  g_string_append_c (out, '"');
  g_string_append_c (out, ':');
}

static void
add_string (GString    *out,
            const char *name,
            const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  add_name (out, name);
  append_json_string (out, value);
}

static void
add_int (GString    *out,
         const char *name,
         gint64      value)
{
  char buf[24];
  char *p = buf + sizeof buf;
  guint64 v = value < 0 ? -(guint64)value : (guint64)value;

  /* By hand, as printf is most of the cost of a small number. */
  *--p = '\0';
  do
    *--p = (char)('0' + v % 10);
  while ((v /= 10) != 0);
  if (value < 0)
    *--p = '-';
  add_name (out, name);
  g_string_append_len (out, p, buf + sizeof buf - 1 - p);
}

static void
append_json (GString         *out,
             const SlEntrant *self)
{
  g_string_append (out, "{\"bib\":");
  append_json_string (out, self->bib);
  add_string (out, "booking_ref", self->booking_ref);
  add_string (out, "first_name", self->first_name);
  add_string (out, "last_name", self->last_name);
  add_string (out, "date_of_birth", self->date_of_birth);
  if (self->age >= 0)
    add_int (out, "age", self->age);
  add_string (out, "gender", sl_gender_to_id (self->gender));
  add_string (out, "nationality", self->nationality);
  add_string (out, "club", self->club);
  add_string (out, "email", self->email);
  add_string (out, "phone", self->phone);
  add_string (out, "emergency_contact", self->emergency_contact);
  add_string (out, "entry_type", sl_entry_type_to_id (self->entry_type));
  if (self->race_id > 0)
    add_int (out, "race_id", self->race_id);
  if (self->wave_id > 0)
    add_int (out, "wave_id", self->wave_id);
  add_string (out, "status", sl_status_to_id (self->status));
  add_string (out, "costume", self->costume);
  g_string_append (out, self->vip ? ",\"vip\":true" : ",\"vip\":false");
  add_string (out, "notes", self->notes);
  add_string (out, "checked_in_at", self->checked_in_at);
  add_string (out, "checked_in_desk", self->checked_in_desk);
  g_string_append_c (out, '}');
}

char *
sl_entrant_to_json (const SlEntrant *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->bib != NULL, NULL);

  out = g_string_sized_new (256);
  append_json (out, self);
  return g_string_free (out, FALSE);
}

gboolean
sl_date_is_valid_iso (const char *text)
{
  guint y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  /* By hand: sscanf cost a bulk import of 50,000 rows 15 ms. */
  y = (guint)((text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10
              + (text[3] - '0'));
  m = (guint)((text[5] - '0') * 10 + (text[6] - '0'));
  d = (guint)((text[8] - '0') * 10 + (text[9] - '0'));
  return y >= 1900 && g_date_valid_dmy (d, m, y);
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
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
  } fields[] = {
    { self->bib, N_("The bib number"), SL_BIB_MAX_CHARS, SL_ENTRANT_ERROR_BIB },
    { self->booking_ref, N_("The booking reference"), SL_BOOKING_REF_MAX_CHARS,
      SL_ENTRANT_ERROR_BOOKING_REF },
    { self->first_name, N_("The first name"), SL_NAME_MAX_CHARS, SL_ENTRANT_ERROR_FIRST_NAME },
    { self->last_name, N_("The last name"), SL_NAME_MAX_CHARS, SL_ENTRANT_ERROR_LAST_NAME },
    { self->nationality, N_("The nationality"), SL_NATIONALITY_MAX_CHARS,
      SL_ENTRANT_ERROR_NATIONALITY },
    { self->club, N_("The club"), SL_CLUB_MAX_CHARS, SL_ENTRANT_ERROR_CLUB },
    { self->email, N_("The email address"), SL_EMAIL_MAX_CHARS, SL_ENTRANT_ERROR_EMAIL },
    { self->phone, N_("The phone number"), SL_PHONE_MAX_CHARS, SL_ENTRANT_ERROR_PHONE },
    { self->emergency_contact, N_("The emergency contact"), SL_EMERGENCY_CONTACT_MAX_CHARS,
      SL_ENTRANT_ERROR_EMERGENCY_CONTACT },
    { self->costume, N_("The costume"), SL_COSTUME_MAX_CHARS, SL_ENTRANT_ERROR_COSTUME },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!sl_text_check (fields[i].text, "", fields[i].max_chars, _(fields[i].label),
                        SL_ENTRANT_ERROR, fields[i].code, error))
      return FALSE;
  /* Notes may run over several lines. */
  return sl_text_check (self->notes, "\n\r\t", SL_NOTES_MAX_CHARS, _("The notes"),
                        SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOTES, error);
}

gboolean
sl_entrant_validate (const SlEntrant  *self,
                     GError          **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_text_fields (self, error))
    return FALSE;
  if (is_blank (self->bib))
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
  if (is_blank (self->first_name))
    {
      g_set_error_literal (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_FIRST_NAME,
                           _("A first name is required"));
      return FALSE;
    }
  if (is_blank (self->last_name))
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

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return sl_db_column_dup (stmt, column);
}

SlEntrant *
sl_entrant_from_row (sqlite3_stmt *stmt)
{
  SlEntrant *self = sl_entrant_new ();
  const char *text;

  self->id = sqlite3_column_int64 (stmt, 0);
  self->bib = column_dup (stmt, 1);
  self->booking_ref = column_dup (stmt, 2);
  self->first_name = column_dup (stmt, 3);
  self->last_name = column_dup (stmt, 4);
  self->date_of_birth = column_dup (stmt, 5);
  self->age = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 6);
  text = (const char *)sqlite3_column_text (stmt, 7);
  if (text == NULL || !sl_gender_from_id (text, &self->gender))
    self->gender = SL_GENDER_UNKNOWN;
  self->nationality = column_dup (stmt, 8);
  self->club = column_dup (stmt, 9);
  self->email = column_dup (stmt, 10);
  self->phone = column_dup (stmt, 11);
  self->emergency_contact = column_dup (stmt, 12);
  text = (const char *)sqlite3_column_text (stmt, 13);
  if (text == NULL || !sl_entry_type_from_id (text, &self->entry_type))
    self->entry_type = SL_ENTRY_BALLOT;
  self->race_id = sqlite3_column_int64 (stmt, 14);
  self->wave_id = sqlite3_column_int64 (stmt, 15);
  text = (const char *)sqlite3_column_text (stmt, 16);
  if (text == NULL || !sl_status_from_id (text, &self->status))
    self->status = SL_STATUS_REGISTERED;
  self->costume = column_dup (stmt, 17);
  self->vip = sqlite3_column_int (stmt, 18) != 0;
  self->notes = column_dup (stmt, 19);
  self->checked_in_at = column_dup (stmt, 20);
  self->checked_in_desk = column_dup (stmt, 21);
  self->race_name = column_dup (stmt, 22);
  self->wave_name = column_dup (stmt, 23);
  self->start_area = column_dup (stmt, 24);
  self->start_time = column_dup (stmt, 25);
  self->charity_name = column_dup (stmt, 26);
  return self;
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

SlEntrant *
sl_db_dup_entrant_locked (SlDb    *db,
                          gint64   id,
                          GError **error)
{
  sqlite3_stmt *stmt;
  SlEntrant *entrant = NULL;
  int rc;

  stmt = sl_db_prepare (db, "SELECT " SL_ENTRANT_COLUMNS " FROM " SL_ENTRANT_JOINS
                            " WHERE e.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entrant = sl_entrant_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOT_FOUND,
                 _("No entrant with id %lld"), (long long)id);
  else
    sl_db_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  return entrant;
}

SlEntrant *
sl_db_dup_entrant (SlDb    *db,
                   gint64   id,
                   GError **error)
{
  SlEntrant *entrant;

  g_return_val_if_fail (SL_IS_DB (db), NULL);

  sl_db_lock (db);
  entrant = sl_db_dup_entrant_locked (db, id, error);
  sl_db_unlock (db);
  return entrant;
}

SlEntrant *
sl_db_dup_entrant_by_code (SlDb        *db,
                           const char  *code,
                           GError     **error)
{
  g_autofree char *trimmed = NULL;
  sqlite3_stmt *stmt;
  SlEntrant *entrant = NULL;
  int rc;

  g_return_val_if_fail (SL_IS_DB (db), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  trimmed = g_strstrip (g_strdup (code));

  sl_db_lock (db);
  /* A bib wins over a booking reference that happens to look the same. */
  stmt = sl_db_prepare (db, "SELECT " SL_ENTRANT_COLUMNS " FROM " SL_ENTRANT_JOINS
                            " WHERE e.bib = ?1 OR e.booking_ref = ?1"
                            " ORDER BY e.bib = ?1 DESC LIMIT 1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        entrant = sl_entrant_from_row (stmt);
      else if (rc == SQLITE_DONE)
        g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOT_FOUND,
                     _("No entrant has bib or booking reference “%s”"), trimmed);
      else
        sl_db_set_error (db, error, NULL);
      sqlite3_reset (stmt);
    }
  sl_db_unlock (db);
  return entrant;
}

/* Explains a clash on a unique column by naming who holds the value. */
static gboolean
check_unique (SlDb             *db,
              const SlEntrant  *entrant,
              GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = sl_db_prepare (db, "SELECT bib, first_name, last_name, booking_ref = ?2 FROM entrant"
                            " WHERE (bib = ?1 OR booking_ref = ?2) AND id != ?3 LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entrant->bib, -1, SQLITE_TRANSIENT);
  sl_db_bind_text (stmt, 2, entrant->booking_ref);
  sqlite3_bind_int64 (stmt, 3, entrant->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean ref_clash = sqlite3_column_int (stmt, 3) != 0
                           && g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0),
                                         entrant->bib) != 0;
      if (ref_clash)
        g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BOOKING_REF,
                     _("Booking reference %s already belongs to %s %s (bib %s)"),
                     entrant->booking_ref,
                     sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                     sqlite3_column_text (stmt, 0));
      else
        g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_BIB,
                     _("Bib %s already belongs to %s %s"), entrant->bib,
                     sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_db_set_error (db, error, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
bind_optional (sqlite3_stmt            *stmt,
               int                      index,
               const char              *str,
               sqlite3_destructor_type  how)
{
  if (str == NULL || *str == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, str, -1, how);
}

/* how is SQLITE_TRANSIENT, or SQLITE_STATIC when the caller steps the
 * statement before the entrant, key or now change and binds them all
 * again before the next step (the bulk insert: it saves a copy of every
 * value of every row).
 */
static void
bind_fields (sqlite3_stmt            *stmt,
             const SlEntrant         *e,
             const char              *search_key,
             const char              *now,
             sqlite3_destructor_type  how,
             gboolean                 with_sort_name)
{
  sqlite3_bind_text (stmt, 1, e->bib, -1, how);
  bind_optional (stmt, 2, e->booking_ref, how);
  sqlite3_bind_text (stmt, 3, e->first_name, -1, how);
  sqlite3_bind_text (stmt, 4, e->last_name, -1, how);
  bind_optional (stmt, 5, e->date_of_birth, how);
  if (e->age >= 0)
    sqlite3_bind_int (stmt, 6, e->age);
  else
    sqlite3_bind_null (stmt, 6);
  bind_optional (stmt, 7, sl_gender_to_id (e->gender), SQLITE_STATIC);
  bind_optional (stmt, 8, e->nationality, how);
  bind_optional (stmt, 9, e->club, how);
  bind_optional (stmt, 10, e->email, how);
  bind_optional (stmt, 11, e->phone, how);
  bind_optional (stmt, 12, e->emergency_contact, how);
  sqlite3_bind_text (stmt, 13, sl_entry_type_to_id (e->entry_type), -1, SQLITE_STATIC);
  if (e->race_id > 0)
    sqlite3_bind_int64 (stmt, 14, e->race_id);
  else
    sqlite3_bind_null (stmt, 14);
  if (e->wave_id > 0)
    sqlite3_bind_int64 (stmt, 15, e->wave_id);
  else
    sqlite3_bind_null (stmt, 15);
  bind_optional (stmt, 16, e->costume, how);
  sqlite3_bind_int (stmt, 17, e->vip ? 1 : 0);
  bind_optional (stmt, 18, e->notes, how);
  sqlite3_bind_text (stmt, 19, search_key, -1, how);
  sqlite3_bind_text (stmt, 20, now, -1, how);
  if (with_sort_name)
    sqlite3_bind_text (stmt, 22, sl_entrant_dup_sort_name (e), -1, g_free);
}

static gboolean
check_wave (SlDb             *db,
            const SlEntrant  *e,
            GError          **error)
{
  sqlite3_stmt *stmt;
  gint64 race_id = 0;
  int rc;

  if (e->wave_id <= 0)
    return TRUE;

  stmt = sl_db_prepare (db, "SELECT race_id FROM wave WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, e->wave_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    race_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      g_set_error_literal (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_WAVE,
                           _("That wave does not exist"));
      return FALSE;
    }
  if (e->race_id > 0 && race_id != e->race_id)
    {
      g_set_error_literal (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_WAVE,
                           _("That wave belongs to another race"));
      return FALSE;
    }
  return TRUE;
}

/* The search index is kept here rather than by triggers, so that a bulk
 * insert can index all its rows with one statement at the end. old_key is
 * the key as stored (NULL for a new row): an external-content FTS5 table
 * must be told exactly what it indexed before.
 */
static gboolean
index_key (SlDb        *db,
           gint64       id,
           const char  *old_key,
           const char  *new_key,
           GError     **error)
{
  sqlite3_stmt *stmt;

  if (g_strcmp0 (old_key, new_key) == 0)
    return TRUE;
  sl_db_bump_names_generation (db);
  if (old_key != NULL)
    {
      stmt = sl_db_prepare (db, "INSERT INTO entrant_fts (entrant_fts, rowid, search_key)"
                                " VALUES ('delete', ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, old_key, -1, SQLITE_STATIC);
      if (!sl_db_step_done (db, stmt, error))
        return FALSE;
    }
  stmt = sl_db_prepare (db, "INSERT INTO entrant_fts (rowid, search_key) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, new_key, -1, SQLITE_STATIC);
  return sl_db_step_done (db, stmt, error);
}

static char *
dup_stored_key (SlDb    *db,
                gint64   id,
                GError **error)
{
  sqlite3_stmt *stmt;
  char *key = NULL;
  int rc;

  stmt = sl_db_prepare (db, "SELECT search_key FROM entrant WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    key = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    g_set_error (error, SL_ENTRANT_ERROR, SL_ENTRANT_ERROR_NOT_FOUND,
                 _("No entrant with id %lld"), (long long)id);
  else
    sl_db_set_error (db, error, NULL);
  sqlite3_reset (stmt);
  return key;
}

#define INSERT_ENTRANT_SQL \
  "INSERT INTO entrant (bib, booking_ref, first_name, last_name," \
  " date_of_birth, age, gender, nationality, club, email, phone," \
  " emergency_contact, entry_type, race_id, wave_id, costume, vip, notes," \
  " search_key, created_at, updated_at, status, sort_name)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14," \
  " ?15, ?16, ?17, ?18, ?19, ?20, ?20, ?21, ?22)"

gboolean
sl_db_insert_entrant_locked (SlDb       *db,
                             SlEntrant  *entrant,
                             GError    **error)
{
  g_autofree char *key = NULL;
  g_autofree char *now = NULL;
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;

  if (!sl_entrant_validate (entrant, error)
      || !check_unique (db, entrant, error)
      || !check_wave (db, entrant, error))
    return FALSE;

  key = sl_entrant_dup_search_key (entrant);
  now = sl_db_now_utc ();

  stmt = sl_db_prepare (db, INSERT_ENTRANT_SQL, error);
  if (stmt == NULL)
    return FALSE;
  bind_fields (stmt, entrant, key, now, SQLITE_TRANSIENT, TRUE);
  sqlite3_bind_text (stmt, 21, sl_status_to_id (entrant->status), -1, SQLITE_STATIC);
  if (!sl_db_step_done (db, stmt, error))
    return FALSE;

  entrant->id = sqlite3_last_insert_rowid (sl_db_get_handle (db));
  if (!index_key (db, entrant->id, NULL, key, error))
    return FALSE;
  json = sl_entrant_to_json (entrant);
  return sl_db_audit (db, "insert", "entrant", entrant->id, NULL, json, error);
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
sl_entrant_update_changes (const SlEntrant *stored,
                           const SlEntrant *entrant)
{
  g_autoptr(SlEntrant) after = dup_as_updated (stored, entrant);
  g_autofree char *before_json = sl_entrant_to_json (stored);
  g_autofree char *after_json = sl_entrant_to_json (after);

  return g_strcmp0 (before_json, after_json) != 0;
}

/* The columns an update may set, and so may change: all of them, or (when
 * bib, reference, names, race and wave are as stored) only those no entrant
 * index covers, so that SQLite leaves the six indexes alone. Both take the
 * parameters of bind_fields; the second has no ?22 (the sort name).
 */
#define UPDATE_ENTRANT_SQL \
  "UPDATE entrant SET bib = ?1, booking_ref = ?2, first_name = ?3," \
  " last_name = ?4, date_of_birth = ?5, age = ?6, gender = ?7," \
  " nationality = ?8, club = ?9, email = ?10, phone = ?11," \
  " emergency_contact = ?12, entry_type = ?13, race_id = ?14," \
  " wave_id = ?15, costume = ?16, vip = ?17, notes = ?18, search_key = ?19," \
  " updated_at = ?20, sort_name = ?22 WHERE id = ?21"
#define UPDATE_ENTRANT_UNINDEXED_SQL \
  "UPDATE entrant SET date_of_birth = ?5, age = ?6, gender = ?7," \
  " nationality = ?8, club = ?9, email = ?10, phone = ?11," \
  " emergency_contact = ?12, entry_type = ?13, costume = ?16, vip = ?17," \
  " notes = ?18, search_key = ?19, updated_at = ?20 WHERE id = ?21"

static gboolean
codes_unchanged (const SlEntrant *before,
                 const SlEntrant *after)
{
  /* The booking reference is unique without regard to ASCII case. */
  return g_strcmp0 (before->bib, after->bib) == 0
         && g_ascii_strcasecmp (before->booking_ref != NULL ? before->booking_ref : "",
                                after->booking_ref != NULL ? after->booking_ref : "") == 0;
}

static gboolean
indexed_unchanged (const SlEntrant *before,
                   const SlEntrant *after)
{
  return g_strcmp0 (before->bib, after->bib) == 0
         && g_strcmp0 (before->booking_ref, after->booking_ref) == 0
         && g_strcmp0 (before->first_name, after->first_name) == 0
         && g_strcmp0 (before->last_name, after->last_name) == 0
         && before->race_id == after->race_id
         && before->wave_id == after->wave_id;
}

gboolean
sl_db_update_entrant_from_locked (SlDb             *db,
                                  const SlEntrant  *before,
                                  const SlEntrant  *entrant,
                                  gboolean         *changed,
                                  GError          **error)
{
  g_autofree char *key = NULL;
  g_autofree char *now = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  g_autoptr(SlEntrant) after = NULL;
  g_autofree char *old_key = NULL;
  gboolean unindexed;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (before->id == entrant->id, FALSE);

  if (changed != NULL)
    *changed = FALSE;
  after = dup_as_updated (before, entrant);
  before_json = sl_entrant_to_json (before);
  after_json = sl_entrant_to_json (after);
  if (g_strcmp0 (before_json, after_json) == 0)
    return TRUE;

  /* An entrant keeping its own bib and reference cannot clash, nor a wave
   * and race already stored together stop fitting.
   */
  if ((!codes_unchanged (before, entrant) && !check_unique (db, entrant, error))
      || ((before->race_id != entrant->race_id || before->wave_id != entrant->wave_id)
          && !check_wave (db, entrant, error)))
    return FALSE;

  key = sl_entrant_dup_search_key (entrant);
  now = sl_db_now_utc ();
  if (!(old_key = dup_stored_key (db, entrant->id, error)))
    return FALSE;

  unindexed = indexed_unchanged (before, entrant);
  stmt = sl_db_prepare (db, unindexed ? UPDATE_ENTRANT_UNINDEXED_SQL : UPDATE_ENTRANT_SQL, error);
  if (stmt == NULL)
    return FALSE;
  bind_fields (stmt, entrant, key, now, SQLITE_TRANSIENT, !unindexed);
  sqlite3_bind_int64 (stmt, 21, entrant->id);
  if (!sl_db_step_done (db, stmt, error)
      || !index_key (db, entrant->id, old_key, key, error)
      || !sl_db_audit (db, "update", "entrant", entrant->id, before_json, after_json, error))
    return FALSE;

  if (changed != NULL)
    *changed = TRUE;
  return TRUE;
}

gboolean
sl_db_update_entrant_locked (SlDb             *db,
                             const SlEntrant  *entrant,
                             GError          **error)
{
  g_autoptr(SlEntrant) before = NULL;

  if (!sl_entrant_validate (entrant, error))
    return FALSE;
  if (!(before = sl_db_dup_entrant_locked (db, entrant->id, error)))
    return FALSE;
  return sl_db_update_entrant_from_locked (db, before, entrant, NULL, error);
}

/* ---- Bulk insert ------------------------------------------------------ */

struct _SlEntrantBulk
{
  SlDb         *db;
  sqlite3_stmt *insert;
  gint64        last_old_id;
  sqlite3_stmt *audit;
  GPtrArray    *deferred_indexes; /* CREATE INDEX statements for finish */
  char         *now;
  GString      *key;
  GString      *json;
};

/* Into an empty table, a bulk insert is faster without the entrant
 * indexes, built again by sorting at the end: keeping six b-trees in step
 * row by row cost more than the rows themselves. They are read from the
 * schema itself, so they stay what the migrations made them. Meanwhile
 * the caller guarantees bibs and references are unique (see above); if it
 * did not, the unique indexes' creation would fail the whole insert.
 */
static gboolean
defer_indexes (SlEntrantBulk  *self,
               GError        **error)
{
  sqlite3 *handle = sl_db_get_handle (self->db);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (sqlite3_prepare_v2 (handle, "SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
                                  " AND tbl_name = 'entrant' AND sql IS NOT NULL", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      sl_db_set_error (self->db, error, NULL);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (self->deferred_indexes,
                       g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sl_db_set_error (self->db, error, NULL);
      return FALSE;
    }

  for (guint i = 0; i < names->len; i++)
    {
      char *sql = sqlite3_mprintf ("DROP INDEX \"%w\"", (const char *)names->pdata[i]);
      gboolean ok = sl_db_exec (self->db, sql, error);

      sqlite3_free (sql);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

SlEntrantBulk *
sl_entrant_bulk_new_locked (SlDb    *db,
                            GError **error)
{
  g_autoptr(SlEntrantBulk) self = g_new0 (SlEntrantBulk, 1);
  sqlite3 *handle = sl_db_get_handle (db);
  sqlite3_stmt *stmt = NULL;
  int rc;

  self->db = g_object_ref (db);
  self->key = g_string_sized_new (128);
  self->json = g_string_sized_new (512);
  self->deferred_indexes = g_ptr_array_new_with_free_func (g_free);
  /* One transaction, one moment: every row gets the same timestamp. */
  self->now = sl_db_now_utc ();

  /* New rowids are above every existing one (there is no AUTOINCREMENT
   * gap to reuse within one write transaction), so "id > last_old_id" is
   * exactly the rows this bulk insert added.
   */
  if (sqlite3_prepare_v2 (handle, "SELECT coalesce(max(id), 0) FROM entrant", -1, &stmt, NULL)
      != SQLITE_OK)
    {
      sl_db_set_error (db, error, NULL);
      return NULL;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    self->last_old_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      sl_db_set_error (db, error, NULL);
      return NULL;
    }

  if (self->last_old_id == 0 && !defer_indexes (self, error))
    return NULL;

  if (sqlite3_prepare_v3 (handle, INSERT_ENTRANT_SQL, -1, SQLITE_PREPARE_PERSISTENT,
                          &self->insert, NULL) != SQLITE_OK
      || sqlite3_prepare_v3 (handle, "INSERT INTO audit_log (at, operator, desk, action, entity,"
                                     " entity_id, before, after)"
                                     " VALUES (?1, ?2, ?3, 'insert', 'entrant', ?4, NULL, ?5)",
                             -1, SQLITE_PREPARE_PERSISTENT, &self->audit, NULL) != SQLITE_OK)
    {
      sl_db_set_error (db, error, NULL);
      return NULL;
    }
  /* Bindings survive sqlite3_reset: who and when are the same for all. */
  sqlite3_bind_text (self->audit, 1, self->now, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->audit, 2, sl_db_get_operator (db), -1, SQLITE_TRANSIENT);
  sl_db_bind_text (self->audit, 3, sl_db_get_desk (db));
  return g_steal_pointer (&self);
}

gint64
sl_entrant_bulk_get_last_old_id (SlEntrantBulk *self)
{
  return self->last_old_id;
}

const char *
sl_entrant_bulk_get_now (SlEntrantBulk *self)
{
  return self->now;
}

gboolean
sl_entrant_bulk_insert (SlEntrantBulk  *self,
                        SlEntrant      *entrant,
                        GError        **error)
{
  g_string_truncate (self->key, 0);
  sl_entrant_append_search_key (entrant, self->key);
  bind_fields (self->insert, entrant, self->key->str, self->now, SQLITE_STATIC, TRUE);
  sqlite3_bind_text (self->insert, 21, sl_status_to_id (entrant->status), -1, SQLITE_STATIC);
  if (!sl_db_step_done (self->db, self->insert, error))
    return FALSE;
  entrant->id = sqlite3_last_insert_rowid (sl_db_get_handle (self->db));

  /* The after-image from the entrant as just bound, which is the row as
   * stored: a new entrant has no check-in, and the store keeps every other
   * member as given.
   */
  g_string_truncate (self->json, 0);
  append_json (self->json, entrant);
  sqlite3_bind_int64 (self->audit, 4, entrant->id);
  sqlite3_bind_text (self->audit, 5, self->json->str, (int)self->json->len, SQLITE_STATIC);
  return sl_db_step_done (self->db, self->audit, error);
}

gboolean
sl_entrant_bulk_finish (SlEntrantBulk  *self,
                        GError        **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < self->deferred_indexes->len; i++)
    if (!sl_db_exec (self->db, self->deferred_indexes->pdata[i], error))
      return FALSE;
  g_ptr_array_set_size (self->deferred_indexes, 0);

  stmt = sl_db_prepare (self->db, "INSERT INTO entrant_fts (rowid, search_key)"
                                  " SELECT id, search_key FROM entrant WHERE id > ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->last_old_id);
  if (!sl_db_step_done (self->db, stmt, error))
    return FALSE;
  sl_db_bump_names_generation (self->db);
  return TRUE;
}

void
sl_entrant_bulk_free (SlEntrantBulk *self)
{
  if (self == NULL)
    return;
  sqlite3_finalize (self->insert);
  sqlite3_finalize (self->audit);
  g_clear_object (&self->db);
  g_free (self->now);
  g_string_free (self->key, TRUE);
  g_string_free (self->json, TRUE);
  g_ptr_array_unref (self->deferred_indexes);
  g_free (self);
}

gboolean
sl_db_insert_entrant (SlDb       *db,
                      SlEntrant  *entrant,
                      GError    **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (entrant != NULL, FALSE);

  if (!sl_entrant_validate (entrant, error) || !sl_db_begin_write (db, error))
    return FALSE;
  if (!sl_db_insert_entrant_locked (db, entrant, error))
    {
      sl_db_rollback (db);
      entrant->id = 0;
      return FALSE;
    }
  if (!sl_db_commit (db, error))
    {
      entrant->id = 0;
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_db_update_entrant (SlDb             *db,
                      const SlEntrant  *entrant,
                      GError          **error)
{
  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (entrant != NULL && entrant->id > 0, FALSE);

  if (!sl_entrant_validate (entrant, error) || !sl_db_begin_write (db, error))
    return FALSE;
  if (!sl_db_update_entrant_locked (db, entrant, error))
    {
      sl_db_rollback (db);
      return FALSE;
    }
  return sl_db_commit (db, error);
}

gboolean
sl_db_set_entrant_status (SlDb      *db,
                          gint64     id,
                          SlStatus   status,
                          GError   **error)
{
  g_autoptr(SlEntrant) before = NULL;
  g_autofree char *now = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (status < SL_N_STATUSES, FALSE);

  if (!sl_db_begin_write (db, error))
    return FALSE;
  if (!(before = sl_db_dup_entrant_locked (db, id, error)))
    goto failed;

  /* The status it already has: nothing to write, nor to audit. */
  if (before->status == status)
    return sl_db_commit (db, error);

  before_json = sl_entrant_to_json (before);
  before->status = status;
  after_json = sl_entrant_to_json (before);
  now = sl_db_now_utc ();

  stmt = sl_db_prepare (db, "UPDATE entrant SET status = ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, sl_status_to_id (status), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!sl_db_step_done (db, stmt, error)
      || !sl_db_audit (db, "set-status", "entrant", id, before_json, after_json, error))
    goto failed;
  return sl_db_commit (db, error);

failed:
  sl_db_rollback (db);
  return FALSE;
}

typedef struct
{
  SlEntrant *entrant;   /* a save: the caller's record, copied; else NULL */
  gint64     id;
  SlStatus   status;
} WriteTask;

static void
write_task_free (gpointer data)
{
  WriteTask *write_task = data;

  g_clear_pointer (&write_task->entrant, sl_entrant_free);
  g_free (write_task);
}

static void
write_thread (GTask        *task,
              SlDb         *writer,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteTask *write_task = task_data;
  GError *error = NULL;
  gboolean ok;

  if (write_task->entrant == NULL)
    ok = sl_db_set_entrant_status (writer, write_task->id, write_task->status, &error);
  else if (write_task->entrant->id > 0)
    ok = sl_db_update_entrant (writer, write_task->entrant, &error);
  else
    {
      ok = sl_db_insert_entrant (writer, write_task->entrant, &error);
      write_task->id = write_task->entrant->id;
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_async (SlDb                *db,
             WriteTask           *write_task,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  sl_db_task_run (db, SL_DB_TASK_WRITE, write_async, write_task, write_task_free, write_thread,
                  cancellable, callback, user_data);
}

void
sl_db_save_entrant_async (SlDb                *db,
                          const SlEntrant     *entrant,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  WriteTask *write_task;

  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (entrant != NULL);

  write_task = g_new0 (WriteTask, 1);
  write_task->entrant = sl_entrant_copy (entrant);
  write_task->id = entrant->id;
  write_async (db, write_task, cancellable, callback, user_data);
}

void
sl_db_set_entrant_status_async (SlDb                *db,
                                gint64               id,
                                SlStatus             status,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  WriteTask *write_task;

  g_return_if_fail (SL_IS_DB (db));
  g_return_if_fail (status < SL_N_STATUSES);

  write_task = g_new0 (WriteTask, 1);
  write_task->id = id;
  write_task->status = status;
  write_async (db, write_task, cancellable, callback, user_data);
}

gboolean
sl_db_write_entrant_finish (SlDb          *db,
                            GAsyncResult  *result,
                            gint64        *id,
                            GError       **error)
{
  WriteTask *write_task;

  g_return_val_if_fail (SL_IS_DB (db), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, db), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == write_async, FALSE);

  write_task = sl_db_task_get_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (id != NULL)
    *id = write_task->id;
  return TRUE;
}

gint64
sl_db_count_entrants (SlDb *db)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (SL_IS_DB (db), 0);

  sl_db_lock (db);
  stmt = sl_db_prepare (db, "SELECT count(*) FROM entrant", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  sl_db_unlock (db);
  return n;
}
