/* sl-store-export.c — what the stores share of reading an export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-store-export.h"

/* What each export column selects in both engines, and whether it is read
 * as a number; NULL where each engine writes its own (SlExportDialect).
 */
static const struct
{
  const char *sql;
  gboolean    number;
} columns[] = {
  [SL_EXPORT_COLUMN_BIB] = { "e.bib", FALSE },
  [SL_EXPORT_COLUMN_BOOKING_REF] = { "e.booking_ref", FALSE },
  [SL_EXPORT_COLUMN_FIRST_NAME] = { "e.first_name", FALSE },
  [SL_EXPORT_COLUMN_LAST_NAME] = { "e.last_name", FALSE },
  [SL_EXPORT_COLUMN_DATE_OF_BIRTH] = { "e.date_of_birth", FALSE },
  [SL_EXPORT_COLUMN_AGE] = { "e.age", TRUE },
  [SL_EXPORT_COLUMN_GENDER] = { "e.gender", FALSE },
  [SL_EXPORT_COLUMN_NATIONALITY] = { "e.nationality", FALSE },
  [SL_EXPORT_COLUMN_CLUB] = { "e.club", FALSE },
  [SL_EXPORT_COLUMN_EMAIL] = { "e.email", FALSE },
  [SL_EXPORT_COLUMN_PHONE] = { "e.phone", FALSE },
  [SL_EXPORT_COLUMN_EMERGENCY_CONTACT] = { "e.emergency_contact", FALSE },
  [SL_EXPORT_COLUMN_RACE] = { "r.name", FALSE },
  [SL_EXPORT_COLUMN_WAVE] = { "w.name", FALSE },
  [SL_EXPORT_COLUMN_START_AREA] = { "w.start_area", FALSE },
  [SL_EXPORT_COLUMN_START_TIME] = { "w.start_time", FALSE },
  [SL_EXPORT_COLUMN_ENTRY_TYPE] = { "e.entry_type", FALSE },
  [SL_EXPORT_COLUMN_STATUS] = { "e.status", FALSE },
  [SL_EXPORT_COLUMN_CHARITY] = { "c.name", FALSE },
  [SL_EXPORT_COLUMN_TARGET] = { "cs.target_pence", TRUE },
  [SL_EXPORT_COLUMN_RAISED] = { "cs.raised_pence", TRUE },
  [SL_EXPORT_COLUMN_COSTUME] = { "e.costume", FALSE },
  [SL_EXPORT_COLUMN_VIP] = { "e.vip", TRUE },
  [SL_EXPORT_COLUMN_NOTES] = { "e.notes", FALSE },
  [SL_EXPORT_COLUMN_CHECKED_IN_AT] = { "e.checked_in_at", FALSE },
  [SL_EXPORT_COLUMN_CHECKED_IN_DESK] = { "e.checked_in_desk", FALSE },
  /* Ids the export puts in words: the consent, the markers. */
  [SL_EXPORT_COLUMN_CHARITY_CONSENT] = { NULL, FALSE },
  [SL_EXPORT_COLUMN_MARKERS] = { NULL, FALSE },
  /* The live needs' type labels; their ids for the details, which the
   * export opens through the needs service (with the key; audited).
   */
  [SL_EXPORT_COLUMN_NEED_TYPES] = { NULL, FALSE },
  [SL_EXPORT_COLUMN_NEED_DETAILS] = { NULL, FALSE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (columns) == SL_N_EXPORT_COLUMNS);

gboolean
sl_store_export_is_number (SlExportColumn column)
{
  g_return_val_if_fail (column < SL_N_EXPORT_COLUMNS, FALSE);

  return columns[column].number;
}

/* The formats are the engines' own constants (sl-*-export.c). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

static void
append_column (GString               *sql,
               const SlExportQuery   *query,
               const SlExportDialect *dialect,
               SlExportColumn         c)
{
  const char *medical = query->needs_medical_only ? dialect->needs_medical : "";

  /* Columns left out are never read, so they never leave the database. */
  if (!query->wanted[c])
    g_string_append (sql, "NULL");
  else if (c == SL_EXPORT_COLUMN_NEED_TYPES)
    g_string_append_printf (sql, dialect->need_types, medical);
  else if (c == SL_EXPORT_COLUMN_NEED_DETAILS)
    g_string_append_printf (sql, dialect->need_details, medical);
  else if (query->contact_by_consent
           && (c == SL_EXPORT_COLUMN_EMAIL || c == SL_EXPORT_COLUMN_PHONE))
    g_string_append_printf (sql, dialect->by_consent, columns[c].sql);
  else if (c == SL_EXPORT_COLUMN_CHARITY_CONSENT)
    g_string_append (sql, dialect->charity_consent);
  else if (c == SL_EXPORT_COLUMN_MARKERS)
    g_string_append (sql, dialect->markers);
  else
    g_string_append (sql, columns[c].sql);
}

#pragma GCC diagnostic pop

char *
sl_store_export_dup_query (const SlExportQuery   *query,
                           const SlExportDialect *dialect)
{
  GString *sql = g_string_new (dialect->select);

  for (guint c = 0; c < SL_N_EXPORT_COLUMNS; c++)
    {
      append_column (sql, query, dialect, c);
      g_string_append (sql, ", ");
    }
  g_string_append (sql, dialect->from);
  if (query->charity_id > 0)
    g_string_append (sql, dialect->one_charity);
  else if (query->by_charity)
    g_string_append (sql, dialect->any_charity);
  /* Bibs are text: shorter first puts 99 before 100. One charity's rows
   * come together, so each sheet is filled in one go.
   */
  g_string_append (sql, query->by_charity ? dialect->order_by_charity : dialect->order);
  return g_string_free (sql, FALSE);
}
