/* sl-date.h — calendar dates as the store keeps them and as files write them
 *
 * The store keeps a date as "YYYY-MM-DD". Files from registration systems
 * write dates of birth in the order of their country as well (01/02/1990),
 * which is read only in an order a person or the file states: never
 * guessed row by row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "YYYY-MM-DD" with its NUL. */
#define SL_DATE_ISO_SIZE 11

typedef enum
{
  SL_DATE_ORDER_UNSET = 0,  /* ISO dates only; ambiguous dates rejected */
  SL_DATE_ORDER_DMY,
  SL_DATE_ORDER_MDY,
  SL_DATE_ORDER_YMD,
} SlDateOrder;

/* What sl_date_parse made of a text. */
typedef enum
{
  SL_DATE_OK,
  SL_DATE_NOT_A_DATE,
  SL_DATE_NO_SUCH_DAY,
  SL_DATE_AMBIGUOUS,       /* the year last, no order, and day and month could swap */
  SL_DATE_NEEDS_ORDER,     /* the year last and no order */
  SL_DATE_NOT_YEAR_FIRST,  /* the order is year first, the year is last */
  SL_DATE_SHORT_YEAR,
  SL_DATE_TOO_OLD,         /* before 1900 */
  SL_DATE_FUTURE,          /* after today */
} SlDateCheck;

/* TRUE when text is a real calendar date from 1900 on, written YYYY-MM-DD. */
gboolean    sl_date_is_valid_iso (const char  *text);

/* A date as the import accepts one: the year first (1990-02-01,
 * 1990/2/1) in any case, the year last (01.02.1990) only in order. Parts
 * are parted by one kind of - / or .; the year has four digits. today
 * ("YYYY-MM-DD", or NULL for no limit) is the latest date taken. On
 * SL_DATE_OK, and on SL_DATE_FUTURE, iso holds the date as the store
 * keeps it.
 */
SlDateCheck sl_date_parse        (const char  *text,
                                  SlDateOrder  order,
                                  const char  *today,
                                  char         iso[SL_DATE_ISO_SIZE]);

/* Today's date here, "YYYY-MM-DD". */
void        sl_date_format_today (char         iso[SL_DATE_ISO_SIZE]);

G_END_DECLS
