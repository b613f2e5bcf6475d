/* sl-export-column.h — the columns an export of entrants can hold
 *
 * The export (sl-export.h) decides which of them a file holds and how each
 * is written; the store reads them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How much harm a column's values can do in the wrong hands; partner
 * profiles allow columns up to a level, never beyond what they need.
 */
typedef enum
{
  SL_SENSITIVITY_PUBLIC = 0,      /* what a start list shows anyway */
  SL_SENSITIVITY_PERSONAL,        /* contact details, date of birth */
  SL_SENSITIVITY_SPECIAL,         /* free text that may hold health details */
} SlSensitivity;

/* Every column an export can hold, in their default order. */
typedef enum
{
  SL_EXPORT_COLUMN_BIB = 0,
  SL_EXPORT_COLUMN_BOOKING_REF,
  SL_EXPORT_COLUMN_FIRST_NAME,
  SL_EXPORT_COLUMN_LAST_NAME,
  SL_EXPORT_COLUMN_DATE_OF_BIRTH,
  SL_EXPORT_COLUMN_AGE,
  SL_EXPORT_COLUMN_GENDER,
  SL_EXPORT_COLUMN_NATIONALITY,
  SL_EXPORT_COLUMN_CLUB,
  SL_EXPORT_COLUMN_EMAIL,
  SL_EXPORT_COLUMN_PHONE,
  SL_EXPORT_COLUMN_EMERGENCY_CONTACT,
  SL_EXPORT_COLUMN_RACE,
  SL_EXPORT_COLUMN_WAVE,
  SL_EXPORT_COLUMN_START_AREA,
  SL_EXPORT_COLUMN_START_TIME,
  SL_EXPORT_COLUMN_ENTRY_TYPE,
  SL_EXPORT_COLUMN_STATUS,
  SL_EXPORT_COLUMN_CHARITY,
  SL_EXPORT_COLUMN_TARGET,
  SL_EXPORT_COLUMN_RAISED,
  SL_EXPORT_COLUMN_COSTUME,
  SL_EXPORT_COLUMN_VIP,
  SL_EXPORT_COLUMN_NOTES,
  SL_EXPORT_COLUMN_CHECKED_IN_AT,
  SL_EXPORT_COLUMN_CHECKED_IN_DESK,
  /* Issue 18: the runner's consent to share contact details with their
   * charity, in words ("Given", "Not given", "Not asked", "Withdrawn").
   */
  SL_EXPORT_COLUMN_CHARITY_CONSENT,
  /* Identifier markers in words ("Deaf or hard of hearing; I need
   * space"): they tell of a disability, so special.
   */
  SL_EXPORT_COLUMN_MARKERS,
  /* The runner's support needs' types ("Guide runner; Medical
   * condition"), special; with the medical team's profile only the needs
   * the runner agreed to share with the medical team.
   */
  SL_EXPORT_COLUMN_NEED_TYPES,
  /* The needs' details (opened with the event key: an officer signed in;
   * every read audited), special.
   */
  SL_EXPORT_COLUMN_NEED_DETAILS,
  SL_N_EXPORT_COLUMNS
} SlExportColumn;

typedef struct
{
  SlExportColumn  column;
  const char     *key;            /* stable, never translated: "bib", "raised" */
  const char     *header;         /* untranslated; pass through _() to show */
  SlSensitivity   sensitivity;
  gboolean        in_default;     /* part of the export when no list is given */
} SlExportColumnInfo;

G_END_DECLS
