/* sl-demo-needs.c — the demo's support needs, links, markers and officer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-demo-needs.h"
#include "sl-need.h"
#include "sl-session-private.h"
#include "sl-store.h"

typedef struct
{
  const char *type;
  guint       weight;
  int         marker;       /* SlMarker set with it, or -1 */
  const char *details[3];
} DemoNeed;

/* Shares of the needs an accessibility team of a London-scale marathon
 * plans for; the details are the kind of thing runners write.
 */
static const DemoNeed demo_needs[] = {
  { "guide-runner", 8, SL_MARKER_VISUALLY_IMPAIRED,
    { "Registered blind, runs with a tether", "No useful vision; guide on my left",
      "Sight loss; needs a guide through the start pens" } },
  { "support-runner", 10, -1,
    { "Cerebral palsy, support runner helps at feed stations", "MS; fatigue after 20 miles",
      "Needs a support runner for the last 10 km" } },
  { "assisted-wheelchair", 4, SL_MARKER_WHEELCHAIR,
    { "Day chair user, pushed by a team mate", "Spinal injury, assisted chair",
      "Needs step-free access at the start" } },
  { "wheelchair-racer", 3, SL_MARKER_WHEELCHAIR,
    { "Racing chair, T54", "Racing chair, needs transport of day chair to the finish",
      "T53 racer" } },
  { "deaf", 10, SL_MARKER_DEAF,
    { "Profoundly deaf, BSL user", "Hard of hearing, lip reads", "Cochlear implant, cannot "
      "hear the start horn in the rain" } },
  { "visual-impairment", 8, SL_MARKER_VISUALLY_IMPAIRED,
    { "Partially sighted, large print please", "Tunnel vision", "Light sensitivity" } },
  { "neurodivergent", 20, SL_MARKER_I_NEED_SPACE,
    { "Autistic, crowds at the start are hard", "ADHD, needs the calm space before the start",
      "Sensory overload in noise, ear defenders" } },
  { "learning-disability", 8, -1,
    { "Down's syndrome, runs with a parent", "Needs easy-read information",
      "Learning disability, support at bag drop" } },
  { "medical-condition", 20, -1,
    { "Type 1 diabetes, insulin pump", "Epilepsy, carries rescue medication",
      "Heart condition, medical team aware" } },
  { "assistance-dog", 2, -1,
    { "Guide dog at the start area", "Hearing dog", "Assistance dog, needs relief area" } },
  { "changing-places", 3, SL_MARKER_WHEELCHAIR,
    { "Needs a hoist", "Changing places toilet at the finish", "Needs a changing bench" } },
  { "other", 4, -1,
    { "Prosthetic leg, needs a chair at the start", "Stoma, needs accessible toilets",
      "Arthritis, slow start" } },
};

static const struct { SlNeedStatus status; guint weight; } demo_statuses[] = {
  { SL_NEED_REQUESTED, 25 }, { SL_NEED_INFO_NEEDED, 10 }, { SL_NEED_APPROVED, 20 },
  { SL_NEED_ARRANGED, 35 }, { SL_NEED_DECLINED, 5 }, { SL_NEED_WITHDRAWN, 5 },
};

static const char * const demo_assistants[] = {
  "Pat Morgan", "Sam Okoye", "Chris Lindqvist", "Jo Fernández", "Alex Kowalski", "Nia Evans",
};

typedef struct
{
  SlDb        *db;
  GRand       *rand;
  GBytes      *public_key;
  GPtrArray   *types;         /* SlNeedType */
  GHashTable  *taken;         /* entrant ids with needs or supporting */
  const char  *now;
  const char  *officer;
} DemoNeeds;

static guint
pick_weighted (GRand *rand,
               guint  total,
               guint (*weight) (guint),
               guint  n)
{
  guint x = (guint)g_rand_int_range (rand, 0, (gint32)total);

  for (guint i = 0; i < n; i++)
    {
      if (x < weight (i))
        return i;
      x -= weight (i);
    }
  return n - 1;
}

static guint need_weight (guint i) { return demo_needs[i].weight; }
static guint status_weight (guint i) { return demo_statuses[i].weight; }

static const SlNeedType *
find_type (DemoNeeds  *d,
           const char *code)
{
  for (guint i = 0; i < d->types->len; i++)
    if (g_str_equal (((SlNeedType *)d->types->pdata[i])->code, code))
      return d->types->pdata[i];
  return NULL;
}

/* An entrant nobody else in the needs has taken yet, from ids if it has
 * one left, else from the whole event; 0 when none.
 */
static gint64
take_entrant (DemoNeeds          *d,
              GArray             *ids,
              const SlDemoPeople *people)
{
  for (guint tries = 0; tries < 50; tries++)
    {
      gint64 id;

      if (ids != NULL && ids->len > 0 && tries < 20)
        id = g_array_index (ids, gint64, g_rand_int_range (d->rand, 0, (gint32)ids->len));
      else
        id = people->first_id + g_rand_int_range (d->rand, 0,
                                                  (gint32)(people->last_id - people->first_id + 1));
      if (!g_hash_table_contains (d->taken, &id))
        {
          gint64 *key = g_new (gint64, 1);

          *key = id;
          g_hash_table_add (d->taken, key);
          return id;
        }
    }
  return 0;
}

static gboolean
add_link (DemoNeeds      *d,
          SlEntrantLink  *link,
          GError        **error)
{
  g_autofree char *image = NULL;

  if (!SL_STORE (d->db)->link_put (d->db, link, FALSE, error))
    return FALSE;
  image = sl_entrant_link_dup_image (link);
  return sl_db_audit (d->db, "link", "entrant", link->entrant_id, NULL, image, error);
}

static gboolean
add_marker (DemoNeeds  *d,
            gint64      entrant_id,
            SlMarker    marker,
            GError    **error)
{
  g_autofree char *image = sl_marker_dup_image (marker);
  gboolean changed = FALSE;

  if (!SL_STORE (d->db)->marker_put (d->db, entrant_id, marker, TRUE, &changed, error))
    return FALSE;
  return !changed || sl_db_audit (d->db, "marker-add", "entrant", entrant_id, NULL, image, error);
}

/* What goes with a need: its runner, a companion, its marker, consent. */
static gboolean
add_extras (DemoNeeds          *d,
            const DemoNeed     *kind,
            SlNeed             *need,
            const SlDemoPeople *people,
            GError            **error)
{
  gboolean runs = g_str_equal (kind->type, "guide-runner")
                  || g_str_equal (kind->type, "support-runner");

  if (runs && need->status != SL_NEED_DECLINED)
    {
      SlEntrantLink link = { 0, need->entrant_id,
                             kind->type[0] == 'g' ? SL_LINK_GUIDE : SL_LINK_SUPPORT_RUNNER };

      link.linked_entrant_id = take_entrant (d, people->support, people);
      if (link.linked_entrant_id > 0 && !add_link (d, &link, error))
        return FALSE;
    }
  if (g_rand_int_range (d->rand, 0, 10) == 0)
    {
      SlEntrantLink link = { 0, need->entrant_id, SL_LINK_ASSISTANT, 0 };
      g_autofree char *phone = g_strdup_printf ("07700 9%05d", g_rand_int_range (d->rand, 0,
                                                                                 100000));
      g_autofree char *pass = g_strdup_printf ("PA-%04d", g_rand_int_range (d->rand, 1, 10000));

      link.companion_name = (char *)demo_assistants[g_rand_int_range (d->rand, 0,
                                                      G_N_ELEMENTS (demo_assistants))];
      link.companion_phone = phone;
      link.companion_pass = pass;
      if (!add_link (d, &link, error))
        return FALSE;
    }
  if (kind->marker >= 0 && need->status != SL_NEED_DECLINED && !add_marker (d, need->entrant_id,
                                                                          kind->marker, error))
    return FALSE;
  if (need->status == SL_NEED_ARRANGED || need->status == SL_NEED_APPROVED)
    {
      SlNeedConsent consent = { need->id, SL_CONSENT_MEDICAL, TRUE, (char *)d->now,
                                (char *)"2026-1", (char *)d->officer };
      g_autofree char *image = sl_need_consent_dup_image (&consent);

      return SL_STORE (d->db)->consent_put (d->db, &consent, error)
             && sl_db_audit (d->db, "set-consent", "need", need->id, NULL, image, error);
    }
  return TRUE;
}

static gboolean
add_one_need (DemoNeeds          *d,
              const SlDemoPeople *people,
              GError            **error)
{
  const DemoNeed *kind = &demo_needs[pick_weighted (d->rand, 100, need_weight,
                                                    G_N_ELEMENTS (demo_needs))];
  const SlNeedType *type = find_type (d, kind->type);
  g_autoptr(SlNeed) need = g_new0 (SlNeed, 1);
  g_autofree char *image = NULL;
  GArray *from = g_str_equal (kind->type, "wheelchair-racer") ? people->wheelchair
                                                              : people->reserved;

  g_assert (type != NULL);
  if ((need->entrant_id = take_entrant (d, from, people)) == 0)
    return TRUE;
  need->type_id = type->id;
  need->type_code = g_strdup (type->code);
  need->status = demo_statuses[pick_weighted (d->rand, 100, status_weight,
                                              G_N_ELEMENTS (demo_statuses))].status;
  need->detail_sealed = sl_crypto_seal (d->public_key,
                                        kind->details[g_rand_int_range (d->rand, 0, 3)]);
  need->has_detail = TRUE;
  if ((need->status == SL_NEED_APPROVED || need->status == SL_NEED_ARRANGED)
      && type->adjustments != NULL)
    {
      need->adjustments_sealed = sl_crypto_seal (d->public_key, type->adjustments[0]);
      need->has_adjustments = TRUE;
    }
  if (need->status == SL_NEED_DECLINED)
    need->decline_reason = g_strdup ("No supporting information by the deadline");
  if (need->status != SL_NEED_REQUESTED)
    {
      need->decided_by = g_strdup (d->officer);
      need->decided_at = g_strdup (d->now);
    }
  need->created_by = g_strdup (sl_db_get_operator (d->db));
  need->created_at = g_strdup (d->now);
  if (!SL_STORE (d->db)->need_put (d->db, need, error))
    return FALSE;
  image = sl_need_dup_image (need);
  return sl_db_audit (d->db, "insert", "need", need->id, NULL, image, error)
         && add_extras (d, kind, need, people, error);
}

gboolean
sl_demo_add_needs_locked (SlDb               *db,
                          const SlDemoPeople *people,
                          guint64             seed,
                          guint              *n_needs,
                          GError            **error)
{
  guint32 seeds[3] = { (guint32)seed, (guint32)(seed >> 32), 0x6e656564 };
  g_autofree char *now = sl_db_now_utc ();
  guint64 n_entrants = people->last_id >= people->first_id
                       ? (guint64)(people->last_id - people->first_id + 1) : 0;
  guint target = (guint)((n_entrants * 3 + 50) / 100);
  DemoNeeds d = { db };
  gboolean ok = TRUE;

  *n_needs = 0;
  if (target == 0)
    return TRUE;
  d.public_key = sl_db_dup_event_public_key (db, NULL);
  if (d.public_key == NULL)
    return TRUE;
  if (!(d.types = SL_STORE (db)->need_types_list (db, error)))
    {
      g_bytes_unref (d.public_key);
      return FALSE;
    }
  d.rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  d.taken = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  d.now = now;
  d.officer = sl_db_get_operator (db);
  /* Never more needs than a third of the event: each may take a runner. */
  target = MIN (target, (guint)(n_entrants / 3));
  for (guint i = 0; ok && i < target; i++)
    ok = add_one_need (&d, people, error);
  if (ok)
    *n_needs = target;
  g_rand_free (d.rand);
  g_hash_table_unref (d.taken);
  g_ptr_array_unref (d.types);
  g_bytes_unref (d.public_key);
  return ok;
}
