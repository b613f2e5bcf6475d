/* sl-demo-facilities.c — the demo's facilities, bookings, waiting lists
 * and people inside
 *
 * London-like: calm spaces at the finish and at the Blue start, a faith
 * space, a family area with a breastfeeding room inside it, Changing
 * Places toilets at the start and the finish, a welfare hub. Each slot is
 * booked to between half and up to one and a half times its capacity
 * (scaled down for a small event; the family area to nine tenths, which
 * leaves the breastfeeding room inside it its places at any one time, as
 * the family area counts the room's peak, not its day), so some are full
 * with a waiting list; some
 * booked people and some walk-ins are inside. Written through the
 * facilities service's _locked calls: the same rules and audit entries
 * as any other booking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-demo-facilities.h"
#include "sl-facilities-private.h"

typedef struct
{
  SlFacilityKind  kind;
  const char     *name;
  const char     *location;
  int             capacity;
  const char     *opens;
  const char     *closes;
  int             slot_minutes;
  int             parent;       /* index of the parent in demo_facilities, or -1 */
  int             max_party;
  guint           inside_pct;   /* how full it is now, in per cent of capacity */
  double          fill_max;     /* each slot booked to 0.5 … this times its capacity */
} DemoFacility;

static const DemoFacility demo_facilities[] = {
  { SL_FACILITY_QUIET_SPACE, "Calm space (finish)", "The Mall, accessible village", 12,
    "08:00", "16:00", 30, -1, 2, 60, 1.5 },
  { SL_FACILITY_QUIET_SPACE, "Calm space (Blue start)", "Blackheath, Blue start", 8,
    "07:30", "10:30", 30, -1, 2, 50, 1.5 },
  { SL_FACILITY_FAITH_SPACE, "Faith space", "Horse Guards Parade", 25, "07:00", "17:00", 0, -1,
    1, 40, 1.2 },
  { SL_FACILITY_FAMILY_AREA, "Family area", "Horse Guards Road, reunion area", 40, "09:00",
    "18:00", 0, -1, 5, 50, 0.9 },
  { SL_FACILITY_BREASTFEEDING_ROOM, "Breastfeeding room", "Reunion area, private room", 4, "09:00",
    "18:00", 20, 3, 2, 50, 1.5 },
  { SL_FACILITY_CHANGING_PLACES, "Changing Places (finish)", "The Mall, accessible village", 1,
    "09:00", "17:00", 20, -1, 2, 100, 1.5 },
  { SL_FACILITY_CHANGING_PLACES, "Changing Places (Blue start)", "Blackheath, Blue start", 1,
    "07:00", "11:00", 20, -1, 2, 0, 1.5 },
  { SL_FACILITY_WELFARE_HUB, "Welfare hub", "St James's Park", 30, "08:00", "18:00", 0, -1, 1,
    30, 0.8 },
};

typedef struct
{
  SlDb               *db;
  GRand              *rand;
  const SlDemoPeople *people;
  double              scale;
  guint               n_bookings;
} DemoFacilities;

static gint64
pick_entrant (DemoFacilities *d)
{
  return d->people->first_id
         + g_rand_int_range (d->rand, 0, (gint32)(d->people->last_id - d->people->first_id + 1));
}

/* Books about fill people into one slot; an entrant already booked there
 * is skipped.
 */
static gboolean
book_slot (DemoFacilities     *d,
           const DemoFacility *demo,
           gint64              facility_id,
           int                 slot,
           int                 fill,
           GArray             *confirmed,
           GError            **error)
{
  for (int booked = 0; booked < fill;)
    {
      SlBookResult result = { 0 };
      GError *local_error = NULL;
      gint64 entrant_id = pick_entrant (d);
      int party = demo->max_party > 1 && g_rand_int_range (d->rand, 0, 4) == 0
                  ? g_rand_int_range (d->rand, 2, demo->max_party + 1) : 1;

      if (!sl_db_book_locked (d->db, facility_id, entrant_id, slot, party, &result, &local_error))
        {
          if (!g_error_matches (local_error, SL_FACILITY_ERROR, SL_FACILITY_ERROR_ALREADY_BOOKED))
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          g_error_free (local_error);
          fill--;
          continue;
        }
      booked += party;
      d->n_bookings++;
      if (result.status == SL_BOOKING_CONFIRMED && confirmed != NULL)
        g_array_append_val (confirmed, entrant_id);
    }
  return TRUE;
}

/* Some of those booked (for the slot starting at minute), then some
 * walk-ins, are inside now; whose booking is picked does not depend on
 * the clock, so the same seed gives the same event.
 */
static gboolean
fill_inside (DemoFacilities     *d,
             const DemoFacility *demo,
             const SlFacility   *facility,
             int                 minute,
             GArray             *confirmed,
             GError            **error)
{
  int target = (int)(facility->capacity * demo->inside_pct / 100 * MIN (1.0, d->scale * 4));
  int inside = 0;

  for (guint i = 0, tries = 0; inside < target && tries < (guint)target * 4 + 8; tries++)
    {
      SlDoorResult door = { 0 };
      GError *local_error = NULL;
      gint64 entrant_id = i < confirmed->len ? g_array_index (confirmed, gint64, i++)
                                             : pick_entrant (d);

      if (!sl_db_enter_facility_locked (d->db, facility->id, entrant_id, minute, &door,
                                        &local_error))
        {
          /* Full (a party too large), or inside already: the next one. */
          if (local_error->domain != SL_FACILITY_ERROR)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          g_error_free (local_error);
          continue;
        }
      inside = door.inside;
      sl_door_result_clear (&door);
    }
  return TRUE;
}

static gboolean
add_facility (DemoFacilities     *d,
              const DemoFacility *demo,
              gint64             *ids,
              guint               index,
              GError            **error)
{
  SlFacility facility = { 0 };
  g_autoptr(SlFacility) stored = NULL;
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GArray) confirmed = g_array_new (FALSE, FALSE, sizeof (gint64));
  int middle;

  facility.kind = demo->kind;
  facility.name = (char *)demo->name;
  facility.location = (char *)demo->location;
  facility.capacity = demo->capacity;
  facility.slot_minutes = demo->slot_minutes;
  facility.parent_id = demo->parent >= 0 ? ids[demo->parent] : 0;
  if (!sl_time_of_day_parse (demo->opens, &facility.opens, error)
      || !sl_time_of_day_parse (demo->closes, &facility.closes, error)
      || !sl_db_add_facility_locked (d->db, &facility, &ids[index], error))
    return FALSE;
  facility.id = ids[index];
  slots = sl_facility_slots (&facility);
  for (guint i = 0; i < slots->len; i++)
    {
      /* Half full to fill_max, fewer in a small event. */
      double factor = g_rand_double_range (d->rand, 0.5, demo->fill_max);
      int fill = (int)(demo->capacity * factor * d->scale + 0.5);

      if (!book_slot (d, demo, facility.id, g_array_index (slots, int, i), fill,
                      i == slots->len / 2 || slots->len == 1 ? confirmed : NULL, error))
        return FALSE;
    }
  if (!(stored = sl_db_dup_facility (d->db, facility.id, error)))
    return FALSE;
  middle = g_array_index (slots, int, slots->len / 2);
  return fill_inside (d, demo, stored, middle == SL_SLOT_DAY ? facility.opens : middle,
                      confirmed, error);
}

gboolean
sl_demo_add_facilities_locked (SlDb               *db,
                               const SlDemoPeople *people,
                               guint64             seed,
                               guint              *n_bookings,
                               GError            **error)
{
  guint32 seeds[3] = { (guint32)seed, (guint32)(seed >> 32), 0x66616369 };
  gint64 ids[G_N_ELEMENTS (demo_facilities)] = { 0 };
  guint64 n_entrants = people->last_id >= people->first_id
                       ? (guint64)(people->last_id - people->first_id + 1) : 0;
  DemoFacilities d = { db, NULL, people, 0, 0 };
  gboolean ok = TRUE;

  *n_bookings = 0;
  /* A facility's bookings need people: none in a tiny event. */
  if (n_entrants < 50)
    return TRUE;
  d.rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  d.scale = MIN (1.0, (double)n_entrants / 2000.0);
  for (guint i = 0; ok && i < G_N_ELEMENTS (demo_facilities); i++)
    ok = add_facility (&d, &demo_facilities[i], ids, i, error);
  g_rand_free (d.rand);
  if (ok)
    *n_bookings = d.n_bookings;
  return ok;
}
