/* test-need.c — the needs domain: statuses and their moves, names, images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sl-need.h"

static void
test_status_names_round_trip (void)
{
  static const char *ids[] = { "requested", "info-needed", "approved", "arranged", "declined",
                               "withdrawn" };

  g_assert_cmpuint (G_N_ELEMENTS (ids), ==, SL_N_NEED_STATUSES);
  for (SlNeedStatus s = 0; s < SL_N_NEED_STATUSES; s++)
    {
      SlNeedStatus back = SL_N_NEED_STATUSES;

      g_assert_cmpstr (sl_need_status_to_id (s), ==, ids[s]);
      g_assert_true (sl_need_status_from_id (ids[s], &back));
      g_assert_cmpint (back, ==, s);
      g_assert_nonnull (sl_need_status_to_label (s));
    }
  g_assert_false (sl_need_status_from_id ("Requested", &(SlNeedStatus){ 0 }));
  g_assert_false (sl_need_status_from_id ("", &(SlNeedStatus){ 0 }));
  g_assert_false (sl_need_status_from_id (NULL, &(SlNeedStatus){ 0 }));
  g_assert_true (sl_need_status_is_outstanding (SL_NEED_REQUESTED));
  g_assert_true (sl_need_status_is_outstanding (SL_NEED_INFO_NEEDED));
  g_assert_false (sl_need_status_is_outstanding (SL_NEED_APPROVED));
}

static void
test_transitions (void)
{
  /* Every pair, against the table the officers work to. */
  static const char *allowed[] = {
    "requested>info-needed", "requested>approved", "requested>declined", "requested>withdrawn",
    "info-needed>requested", "info-needed>approved", "info-needed>declined",
    "info-needed>withdrawn", "approved>arranged", "approved>declined", "approved>withdrawn",
    "arranged>approved", "arranged>withdrawn", "declined>requested", "withdrawn>requested",
    NULL
  };
  guint n_allowed = 0;

  for (SlNeedStatus from = 0; from < SL_N_NEED_STATUSES; from++)
    for (SlNeedStatus to = 0; to < SL_N_NEED_STATUSES; to++)
      {
        g_autofree char *pair = g_strdup_printf ("%s>%s", sl_need_status_to_id (from),
                                                 sl_need_status_to_id (to));
        gboolean expected = g_strv_contains (allowed, pair);

        g_assert_cmpint (sl_need_status_can_change (from, to), ==, expected);
        n_allowed += expected;
      }
  g_assert_cmpuint (n_allowed, ==, G_N_ELEMENTS (allowed) - 1);
  g_assert_false (sl_need_status_can_change (SL_N_NEED_STATUSES, SL_NEED_REQUESTED));
}

static void
test_markers_links_consents (void)
{
  static const char *markers[] = { "deaf", "visually-impaired", "i-need-space", "wheelchair" };
  static const char *kinds[] = { "guide", "support-runner", "assistant" };
  static const char *recipients[] = { "medical", "facility", "charity" };

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      SlMarker m;

      g_assert_true (sl_marker_from_id (markers[i], &m));
      g_assert_cmpstr (sl_marker_to_id (m), ==, markers[i]);
      g_assert_nonnull (sl_marker_to_label (m));
    }
  g_assert_false (sl_marker_from_id ("blue", &(SlMarker){ 0 }));
  /* A list of ids as the stores read it; unknown ones passed over. */
  g_assert_cmpuint (sl_markers_from_ids (NULL, ","), ==, 0);
  g_assert_cmpuint (sl_markers_from_ids ("", " "), ==, 0);
  g_assert_cmpuint (sl_markers_from_ids ("deaf wheelchair", " "), ==,
                    1u << SL_MARKER_DEAF | 1u << SL_MARKER_WHEELCHAIR);
  g_assert_cmpuint (sl_markers_from_ids ("blue,i-need-space", ","), ==, 1u << SL_MARKER_I_NEED_SPACE);
  g_assert_cmpuint (sl_markers_from_ids ("deaf,wheelchair", " "), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      SlLinkKind k;

      g_assert_true (sl_link_kind_from_id (kinds[i], &k));
      g_assert_cmpstr (sl_link_kind_to_id (k), ==, kinds[i]);
    }
  g_assert_true (sl_link_kind_runs (SL_LINK_GUIDE));
  g_assert_true (sl_link_kind_runs (SL_LINK_SUPPORT_RUNNER));
  g_assert_false (sl_link_kind_runs (SL_LINK_ASSISTANT));
  for (guint i = 0; i < G_N_ELEMENTS (recipients); i++)
    {
      SlConsentRecipient r;

      g_assert_true (sl_consent_recipient_from_id (recipients[i], &r));
      g_assert_cmpstr (sl_consent_recipient_to_id (r), ==, recipients[i]);
    }
}

static void
test_type_defaults_and_codes (void)
{
  static const char *codes[] = {
    "guide-runner", "support-runner", "assisted-wheelchair", "wheelchair-racer", "deaf",
    "visual-impairment", "neurodivergent", "learning-disability", "medical-condition",
    "assistance-dog", "changing-places", "other",
  };
  guint n = 0;
  const SlNeedTypeDefault *defaults = sl_need_type_defaults (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (defaults[i].code, ==, codes[i]);
      g_assert_no_error (NULL);
      g_assert_true (sl_need_type_code_check (defaults[i].code, NULL));
    }
  g_assert_false (sl_need_type_code_check ("Guide Runner", NULL));
  g_assert_false (sl_need_type_code_check ("guide--runner", NULL));
  g_assert_false (sl_need_type_code_check ("-guide", NULL));
  g_assert_false (sl_need_type_code_check ("x", NULL));
  g_assert_false (sl_need_type_code_check (NULL, NULL));
  g_assert_true (sl_need_type_code_check ("sign-language-2", NULL));
}

static void
test_link_validation (void)
{
  SlEntrantLink link = { 0 };
  g_autoptr(GError) error = NULL;

  link.entrant_id = 1;
  link.kind = SL_LINK_GUIDE;
  g_assert_false (sl_entrant_link_validate (&link, &error));   /* a guide without an entrant */
  g_assert_error (error, SL_NEED_ERROR, SL_NEED_ERROR_INVALID);
  g_clear_error (&error);
  link.linked_entrant_id = 1;                                  /* themselves */
  g_assert_false (sl_entrant_link_validate (&link, NULL));
  link.linked_entrant_id = 2;
  g_assert_true (sl_entrant_link_validate (&link, NULL));
  link.kind = SL_LINK_ASSISTANT;
  link.companion_name = (char *)"Sam Carer";                  /* both an entrant and a name */
  g_assert_false (sl_entrant_link_validate (&link, NULL));
  link.linked_entrant_id = 0;
  g_assert_true (sl_entrant_link_validate (&link, NULL));
  link.companion_phone = (char *)"0770\n0900";                /* a line break */
  g_assert_false (sl_entrant_link_validate (&link, NULL));
}

/* The image says a detail is there, never what it is nor how long. */
static void
test_need_image_is_sealed (void)
{
  g_autoptr(SlNeed) need = g_new0 (SlNeed, 1);
  g_autofree char *image = NULL;
  g_autofree char *image_long = NULL;
  static const char secret[] = "epilepsy-marker-xyzzy";

  need->entrant_id = 7;
  need->type_code = g_strdup ("medical-condition");
  need->status = SL_NEED_REQUESTED;
  need->detail_sealed = g_bytes_new_static (secret, sizeof secret);
  need->has_detail = TRUE;
  image = sl_need_dup_image (need);
  g_assert_cmpstr (image, ==, "{\"entrant_id\":7,\"type\":\"medical-condition\","
                              "\"status\":\"requested\",\"detail\":\"sealed\",\"adjustments\":null}");
  g_assert_null (strstr (image, "xyzzy"));
  g_bytes_unref (need->detail_sealed);
  need->detail_sealed = g_bytes_new_static (secret, 3);
  image_long = sl_need_dup_image (need);
  g_assert_cmpstr (image, ==, image_long);
}

/* A copy owns its strings and shares the sealed boxes. */
static void
test_need_copy (void)
{
  g_autoptr(SlNeed) need = g_new0 (SlNeed, 1);
  g_autoptr(SlNeed) copy = NULL;

  need->id = 3;
  need->entrant_id = 7;
  need->status = SL_NEED_APPROVED;
  need->markers = 1u << SL_MARKER_DEAF;
  need->type_code = g_strdup ("deaf");
  need->start_area = g_strdup ("Green");
  need->last_name = g_strdup ("Adams");
  need->detail_sealed = g_bytes_new ("x", 1);
  copy = sl_need_copy (need);
  g_assert_cmpint (copy->id, ==, 3);
  g_assert_cmpint (copy->entrant_id, ==, 7);
  g_assert_cmpint (copy->status, ==, SL_NEED_APPROVED);
  g_assert_cmpuint (copy->markers, ==, need->markers);
  g_assert_cmpstr (copy->type_code, ==, "deaf");
  g_assert_cmpstr (copy->start_area, ==, "Green");
  g_assert_null (copy->bib);
  g_assert_true (copy->last_name != need->last_name);
  g_assert_true (copy->detail_sealed == need->detail_sealed);
  g_clear_pointer (&need, sl_need_free);
  g_assert_cmpstr (copy->last_name, ==, "Adams");
  g_assert_cmpuint (g_bytes_get_size (copy->detail_sealed), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/need/status/names", test_status_names_round_trip);
  g_test_add_func ("/need/status/transitions", test_transitions);
  g_test_add_func ("/need/names", test_markers_links_consents);
  g_test_add_func ("/need/types", test_type_defaults_and_codes);
  g_test_add_func ("/need/link/validate", test_link_validation);
  g_test_add_func ("/need/image/sealed", test_need_image_is_sealed);
  g_test_add_func ("/need/copy", test_need_copy);
  return g_test_run ();
}
