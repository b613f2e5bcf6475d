/* test-needs-summary.c — counts by type × status and by start area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-core.h"
#include "sl-staff.h"
#include "sl-need-details-async.h"
#include "sl-needs-summary.h"
#include "sl-test-util.h"

#define OFFICER "Olu Officer"
#define PASS "correct horse battery"

/* An admin (the event's first account) and an officer (which makes the
 * event's key pair), then nobody signed in.
 */
static void
add_accounts (SlDb *db)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_db_add_staff (db, "Ada Admin", SL_ROLE_ADMIN, PASS, &error));
  g_assert_true (sl_db_sign_in (db, "Ada Admin", PASS, &error));
  g_assert_true (sl_db_add_staff (db, OFFICER, SL_ROLE_OFFICER, PASS, &error));
  g_assert_no_error (error);
  sl_db_sign_out (db);
}

static const SlNeedsSummaryRow *
find_row (GPtrArray  *rows,
          const char *key)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((SlNeedsSummaryRow *)g_ptr_array_index (rows, i))->key, key))
      return g_ptr_array_index (rows, i);
  return NULL;
}

static void
test_counts (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "event.startline");
  g_autoptr(SlNeedsSummary) summary = NULL;
  g_autoptr(SlEntrant) a = NULL, b = NULL, c = NULL;
  SlWave green = { 0, 1, (char *)"Green 1", (char *)"Green", (char *)"2026-04-26T09:20:00Z" };
  const SlNeedsSummaryRow *row;
  gint64 id;

  add_accounts (db);
  g_assert_true (sl_db_add_wave (db, &green, &error));
  a = sl_test_add_entrant (db, "101", "R101", "Amara", "Okafor", NULL);     /* Blue */
  b = sl_test_add_entrant (db, "102", "R102", "Ben", "Adams", NULL);
  c = sl_test_add_entrant (db, "103", "R103", "Chloé", "Zhang", NULL);
  b->wave_id = green.id;
  g_assert_true (sl_db_update_entrant (db, b, &error));
  c->wave_id = 0;
  g_assert_true (sl_db_update_entrant (db, c, &error));

  /* The desk records; only an officer may count. */
  g_assert_cmpint (sl_db_record_need (db, a->id, "guide-runner", "blind", SL_NEED_REQUESTED,
                                      &error), >, 0);
  g_assert_null (sl_db_dup_needs_summary (db, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_clear_error (&error);

  g_assert_true (sl_db_sign_in (db, OFFICER, PASS, &error));
  sl_db_record_need (db, a->id, "deaf", NULL, SL_NEED_APPROVED, &error);
  sl_db_record_need (db, b->id, "guide-runner", NULL, SL_NEED_APPROVED, &error);
  id = sl_db_record_need (db, b->id, "deaf", NULL, SL_NEED_REQUESTED, &error);
  g_assert_true (sl_db_set_need_status (db, id, SL_NEED_DECLINED, "No evidence", &error));
  sl_db_record_need (db, c->id, "deaf", NULL, SL_NEED_INFO_NEEDED, &error);
  g_assert_no_error (error);

  summary = sl_db_dup_needs_summary (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->total, ==, 5);
  g_assert_cmpuint (summary->totals[SL_NEED_REQUESTED], ==, 1);
  g_assert_cmpuint (summary->totals[SL_NEED_APPROVED], ==, 2);
  g_assert_cmpuint (summary->totals[SL_NEED_DECLINED], ==, 1);
  g_assert_cmpuint (summary->totals[SL_NEED_INFO_NEEDED], ==, 1);

  /* Every type of the catalogue has a row, with or without needs. */
  g_assert_cmpuint (summary->by_type->len, ==, 12);
  row = find_row (summary->by_type, "guide-runner");
  g_assert_cmpuint (row->total, ==, 2);
  g_assert_cmpuint (row->counts[SL_NEED_REQUESTED], ==, 1);
  g_assert_cmpuint (row->counts[SL_NEED_APPROVED], ==, 1);
  row = find_row (summary->by_type, "deaf");
  g_assert_cmpuint (row->total, ==, 3);
  g_assert_cmpuint (row->counts[SL_NEED_DECLINED], ==, 1);
  g_assert_cmpuint (row->counts[SL_NEED_INFO_NEEDED], ==, 1);
  g_assert_cmpuint (find_row (summary->by_type, "assistance-dog")->total, ==, 0);

  /* Start areas by name, the needs of entrants without one last. */
  g_assert_cmpuint (summary->by_area->len, ==, 3);
  row = g_ptr_array_index (summary->by_area, 0);
  g_assert_cmpstr (row->key, ==, "Blue");
  g_assert_cmpuint (row->total, ==, 2);
  row = g_ptr_array_index (summary->by_area, 1);
  g_assert_cmpstr (row->key, ==, "Green");
  g_assert_cmpuint (row->total, ==, 2);
  g_assert_cmpuint (row->counts[SL_NEED_DECLINED], ==, 1);
  row = g_ptr_array_index (summary->by_area, 2);
  g_assert_cmpstr (row->key, ==, "");
  g_assert_cmpstr (row->label, ==, "No start area");
  g_assert_cmpuint (row->counts[SL_NEED_INFO_NEEDED], ==, 1);
  sl_db_sign_out (db);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* The detail read in a worker thread, audited once, as the same officer;
 * refused to a desk.
 */
static void
test_details_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "event.startline");
  g_autoptr(SlEntrant) a = sl_test_add_entrant (db, "101", "R101", "Amara", "Okafor", NULL);
  GAsyncResult *result = NULL;
  char *detail = NULL, *adjustments = NULL;
  gint64 id;

  add_accounts (db);
  id = sl_db_record_need (db, a->id, "guide-runner", "blind since birth", SL_NEED_REQUESTED,
                          &error);
  g_assert_no_error (error);

  sl_db_read_need_details_async (db, id, NULL, read_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sl_db_read_need_details_finish (db, result, &detail, NULL, &error));
  g_assert_error (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED);
  g_assert_null (detail);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpuint (sl_test_count_audit (db, "need", id, "read-detail"), ==, 0);

  g_assert_true (sl_db_sign_in (db, OFFICER, PASS, &error));
  sl_db_read_need_details_async (db, id, NULL, read_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sl_db_read_need_details_finish (db, result, &detail, &adjustments, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (detail, ==, "blind since birth");
  g_assert_null (adjustments);
  sl_secret_str_free (detail);
  g_clear_object (&result);
  g_assert_cmpuint (sl_test_count_audit (db, "need", id, "read-detail"), ==, 1);
  sl_db_sign_out (db);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/needs-summary/counts", test_counts);
  g_test_add_func ("/needs-summary/details-async", test_details_async);
  return g_test_run ();
}
