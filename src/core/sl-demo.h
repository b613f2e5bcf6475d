/* sl-demo.h — a realistic, reproducible demo event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sl-types.h"

G_BEGIN_DECLS

/* Fills an event file that has no entrants yet: races (elite men and
 * women, wheelchair men and women, mass), waves in start areas, charities
 * with sign-ups, n_entrants entrants with international names, clubs,
 * VIPs and costumes. The same seed always gives the same event.
 */
gboolean sl_db_generate_demo (SlDb            *db,
                              guint            n_entrants,
                              guint64          seed,
                              GCancellable    *cancellable,
                              SlProgressFunc   progress,
                              gpointer         progress_data,
                              GError         **error);

/* Writes a CSV of n_entrants entrants as a registration system would
 * export it (header Bib,Booking Ref,First name,Surname,DOB,…), for tests
 * and the benchmark.
 */
gboolean sl_demo_write_csv   (const char      *path,
                              guint            n_entrants,
                              guint64          seed,
                              GError         **error);

G_END_DECLS
