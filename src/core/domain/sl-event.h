/* sl-event.h — the event, its races and waves, charities and sign-ups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sl-types.h"

G_BEGIN_DECLS

#define SL_CHARITY_ERROR (sl_charity_error_quark ())

typedef enum
{
  SL_CHARITY_ERROR_INVALID = 1,   /* a value a charity cannot have */
  SL_CHARITY_ERROR_NOT_FOUND,     /* no charity of that name */
} SlCharityError;

GQuark     sl_charity_error_quark  (void);

#define SL_CHARITY_NAME_MAX_CHARS 150

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

/* How a charity holds its places (London, from 2026): a Golden Bond is
 * four entries a year for four years, a Silver Bond two; none is places
 * bought year by year.
 */
typedef enum
{
  SL_CHARITY_BOND_NONE,
  SL_CHARITY_BOND_SILVER,
  SL_CHARITY_BOND_GOLDEN,
} SlCharityBond;

#define SL_N_CHARITY_BONDS (SL_CHARITY_BOND_GOLDEN + 1)

typedef struct
{
  gint64         id;
  char          *name;
  char          *registered_number;
  char          *contact_name;
  char          *contact_email;
  gint64         places_allocated;
  gint64         minimum_pledge_pence;
  SlCharityBond  bond;
} SlCharity;

/* A charity with its figures (sl_db_list_charity_summaries): places used
 * are its runners not withdrawn, and pledged is the sum of their
 * targets; raised is the sum of every sign-up's raised, withdrawn runners'
 * included (money raised stays raised).
 */
typedef struct
{
  SlCharity  charity;
  gint64     places_used;
  gint64     pledged_pence;
  gint64     raised_pence;
} SlCharitySummary;

/* One of a charity's runners (sl_db_list_charity_runners). */
typedef struct
{
  gint64    entrant_id;
  char     *bib;
  char     *first_name;
  char     *last_name;
  gint64    target_pence;
  gint64    raised_pence;
  SlStatus  status;
} SlCharityRunner;

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
void       sl_charity_summary_free (SlCharitySummary *summary);
void       sl_charity_runner_free  (SlCharityRunner  *runner);

/* A name (sl_text_check, not empty), places and pledge not negative, a
 * known bond; FALSE with SL_CHARITY_ERROR_INVALID saying which.
 */
gboolean    sl_charity_validate     (const SlCharity *charity,
                                     GError         **error);

/* "golden", "silver", "none": the store's and the command line's words. */
const char *sl_charity_bond_to_id   (SlCharityBond  bond);
gboolean    sl_charity_bond_from_id (const char    *id,
                                     SlCharityBond *bond);
/* "Golden Bond", "Silver Bond", "No bond" (translated). */
const char *sl_charity_bond_to_label (SlCharityBond bond);
/* Entries a year the bond guarantees: 4, 2 or 0. */
guint       sl_charity_bond_entries_per_year (SlCharityBond bond);

/* TRUE when the charity's runners take more places than it holds. */
gboolean    sl_charity_summary_is_over (const SlCharitySummary *summary);
/* Places used per place allocated, in percent (0 when none allocated). */
guint       sl_charity_summary_fill_percent (const SlCharitySummary *summary);

/* An amount of money as people write it: "1234.5", "£1,234.50", "1,234"
 * (an optional pound sign, commas between groups of three digits, up to
 * two decimals); never negative. FALSE with SL_CHARITY_ERROR_INVALID for anything else.
 */
gboolean    sl_money_parse          (const char  *text,
                                     gint64      *pence,
                                     GError     **error);
/* "1234.50": pounds and pence, no sign or separator (the command line's). */
char       *sl_money_dup_plain      (gint64       pence) G_GNUC_WARN_UNUSED_RESULT;

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
/* What the charities page and `charity add|edit` call: checked
 * (sl_charity_validate, the name trimmed) and an exporter's or an admin's
 * (SL_ACTION_MANAGE_CHARITIES). Adds the charity when its id is 0 (and
 * sets it), else saves every field of the one with its id (its name may
 * change), audited as "update" with the images before and after (nothing
 * when nothing changed). sl_db_add_charity, which the import's path
 * shares, checks no role.
 */
gboolean   sl_db_save_charity      (SlDb        *db,
                                    SlCharity   *charity,
                                    GError     **error);
/* The charity of this name (regardless of case); NULL with
 * SL_DB_ERROR_NOT_FOUND naming it when there is none.
 */
SlCharity *sl_db_find_charity      (SlDb        *db,
                                    const char  *name,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The charities page's figures, by name: SlCharitySummary. For an
 * accessibility officer, an exporter or an admin (SL_ACTION_READ_CHARITIES).
 */
GPtrArray *sl_db_list_charity_summaries (SlDb   *db,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* A charity's runners by bib: SlCharityRunner (SL_ACTION_READ_CHARITIES). */
GPtrArray *sl_db_list_charity_runners (SlDb     *db,
                                    gint64       charity_id,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;
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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCharitySummary, sl_charity_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCharityRunner, sl_charity_runner_free)

G_END_DECLS
