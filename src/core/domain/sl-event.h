/* sl-event.h — the event, its races and waves, charities and sign-ups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-types.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;
  char *date;        /* YYYY-MM-DD */
  char *venue;
  char *timezone;    /* IANA name, e.g. Europe/London */
} SlEvent;

typedef struct
{
  gint64  id;
  char   *code;      /* short, stable: "MASS", "EW", "WCM" */
  char   *name;
  char   *kind;      /* elite-men, elite-women, wheelchair-men, wheelchair-women, mass, other */
} SlRace;

typedef struct
{
  gint64  id;
  gint64  race_id;
  char   *name;
  char   *start_area;
  char   *start_time; /* UTC ISO 8601 */
} SlWave;

typedef struct
{
  gint64  id;
  char   *name;
  char   *registered_number;
  char   *contact_name;
  char   *contact_email;
  gint64  places_allocated;
  gint64  minimum_pledge_pence;
} SlCharity;

/* An entrant's fundraising for a charity; charity_id 0 means none. */
typedef struct
{
  gint64 entrant_id;
  gint64 charity_id;
  gint64 target_pence;
  gint64 raised_pence;
} SlCharitySignup;

typedef struct
{
  gint64 entrants;
  gint64 checked_in;
  gint64 withdrawn;
  gint64 deferred;
  gint64 charities;
  gint64 charity_runners;
  gint64 vips;
} SlStats;

void       sl_event_free           (SlEvent    *event);
void       sl_race_free            (SlRace     *race);
void       sl_wave_free            (SlWave     *wave);
void       sl_charity_free         (SlCharity  *charity);

/* The audit log's image of each as stored (sl-json-image.h); a sign-up
 * of no charity has none (NULL).
 */
char      *sl_event_dup_image      (const SlEvent          *event) G_GNUC_WARN_UNUSED_RESULT;
char      *sl_race_dup_image       (const SlRace           *race) G_GNUC_WARN_UNUSED_RESULT;
char      *sl_wave_dup_image       (const SlWave           *wave) G_GNUC_WARN_UNUSED_RESULT;
char      *sl_charity_dup_image    (const SlCharity        *charity) G_GNUC_WARN_UNUSED_RESULT;
char      *sl_charity_signup_dup_image (const SlCharitySignup *signup) G_GNUC_WARN_UNUSED_RESULT;

/* The store's operations on them (services/sl-event-service.c). */
SlEvent   *sl_db_dup_event         (SlDb        *db,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Element types: SlRace, SlWave, SlCharity (the array frees them). */
GPtrArray *sl_db_list_races        (SlDb        *db,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray *sl_db_list_waves        (SlDb        *db,
                                    gint64       race_id, /* 0: all */
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray *sl_db_list_charities    (SlDb        *db,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Each sets ->id; each is its own audited transaction. */
gboolean   sl_db_add_race          (SlDb        *db,
                                    SlRace      *race,
                                    GError     **error);
gboolean   sl_db_add_wave          (SlDb        *db,
                                    SlWave      *wave,
                                    GError     **error);
gboolean   sl_db_add_charity       (SlDb        *db,
                                    SlCharity   *charity,
                                    GError     **error);
/* Signs an entrant up for a charity (replacing any earlier sign-up). */
gboolean   sl_db_set_charity_signup (SlDb       *db,
                                    gint64       entrant_id,
                                    gint64       charity_id,
                                    gint64       target_pence,
                                    gint64       raised_pence,
                                    GError     **error);

gboolean   sl_db_get_stats         (SlDb        *db,
                                    SlStats     *stats,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlEvent, sl_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlRace, sl_race_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlWave, sl_wave_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCharity, sl_charity_free)

G_END_DECLS
