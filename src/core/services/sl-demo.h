/* sl-demo.h — a realistic, reproducible demo event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_DEMO_ERROR (sl_demo_error_quark ())

typedef enum
{
  SL_DEMO_ERROR_NOT_EMPTY = 1,    /* the event already has entrants, races or charities */
  SL_DEMO_ERROR_WRITE,            /* the CSV file cannot be written */
} SlDemoError;

/* More would run out of five- and six-digit mass bibs. */
#define SL_DEMO_MAX_ENTRANTS 1000000

GQuark   sl_demo_error_quark (void);

/* Fills an event file that has no entrants, races or charities yet: races
 * (elite men and women, wheelchair men and women, mass), waves in start
 * areas with start times in UTC, charities with sign-ups, n_entrants
 * entrants with international names, clubs, VIPs and costumes. The same
 * seed always gives the same entrants. All of it is one transaction: on an
 * error or a cancel nothing is written. With n_entrants 0 only the races,
 * waves and charities are created (what an import of the CSV below needs).
 */
gboolean sl_db_generate_demo (SlDb            *db,
                              guint            n_entrants,
                              guint64          seed,
                              GCancellable    *cancellable,
                              SlProgressFunc   progress,
                              gpointer         progress_data,
                              GError         **error);

/* The demo's accessibility officer (an admin too), made before the demo
 * fills the event so that it has its key pair and the demo's needs can be
 * sealed to it: the name and passphrase to print. The same seed gives the
 * same passphrase: it is a demo's, never a real event's. The account is
 * the event's first (sl_db_add_staff); an event that is not empty is
 * refused as sl_db_generate_demo refuses it.
 */
gboolean sl_db_add_demo_officer (SlDb            *db,
                                 guint64          seed,
                                 char           **name,
                                 char           **passphrase,
                                 GError         **error);

typedef struct
{
  const char *event_name;
  const char *event_date;     /* YYYY-MM-DD */
  const char *operator_name;  /* who acts, as sl_db_set_actor takes them */
  const char *desk;
  guint       n_entrants;
  guint64     seed;
} SlDemoEvent;

/* A new event at location (a file that must not exist, or a server
 * database that holds nothing) made as the demo event: the officer of
 * sl_db_add_demo_officer and what sl_db_generate_demo writes, all in the
 * one write that makes the event. On an error or a cancel nothing is
 * left, as before it: no file; on a server no tables, no group roles, no
 * logins (SL_DB_ERROR_EXISTS, untouched, for a database that holds an
 * event: open it and fill it as above instead).
 */
SlDb    *sl_db_create_demo   (const char         *location,
                              const SlDemoEvent  *event,
                              GCancellable       *cancellable,
                              SlProgressFunc      progress,
                              gpointer            progress_data,
                              char              **name,
                              char              **passphrase,
                              GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Writes a CSV of n_entrants entrants as a registration system would
 * export it: UTF-8 without BOM, CRLF, RFC 4180 quoting, header
 * Bib,Booking Ref,First name,Surname,DOB,Gender,Club,Country,Email,Phone,
 * Race,Wave,Charity with ISO dates, race, wave and charity by name. The
 * same seed and count give the same bytes, and the same people as
 * sl_db_generate_demo with that seed and count.
 */
gboolean sl_demo_write_csv   (const char      *path,
                              guint            n_entrants,
                              guint64          seed,
                              GError         **error);

G_END_DECLS
