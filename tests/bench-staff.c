/* bench-staff.c — sign-in and opening a sealed detail
 *
 * Run by `meson test -C build --benchmark staff`. Prints the median of
 * each: an officer's sign-in (Argon2id verify, then unwrapping the key
 * slot), the same name with a wrong passphrase, an unknown name, an
 * admin who is not an officer, and opening one sealed detail with the
 * key open. The three sign-in kinds are interleaved, so that a busy
 * machine slows all of them alike; wrong/right and unknown/right should
 * be about 1: the time tells nothing. Targets are printed, never
 * enforced. STARTLINE_BENCH_REPS (default 15) sets the sign-ins of each
 * kind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "sl-bench-util.h"
#include "sl-crypto.h"
#include "sl-session-private.h"
#include "sl-test-util.h"

#define PASS "correct horse battery"
#define N_OPENS 2000

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* One sign-in's time; whether it succeeded must be as expected. */
static double
time_sign_in (SlDb       *db,
              const char *name,
              const char *passphrase,
              gboolean    expected)
{
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  gboolean ok = sl_db_sign_in (db, name, passphrase, &error);
  double ms = now_ms () - start;

  if (ok != expected)
    sl_bench_die (name, error);
  sl_db_sign_out (db);
  return ms;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = sl_test_tmpdir_new ();
  g_autoptr(SlDb) db = sl_test_db_new (dir, "bench-staff.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) right = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wrong = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) unknown = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) admin = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GBytes) public_key = NULL;
  g_autoptr(GBytes) sealed = NULL;
  const char *reps_env = g_getenv ("STARTLINE_BENCH_REPS");
  guint reps = reps_env != NULL ? (guint)MAX (1, atoi (reps_env)) : 15;
  double m_right, m_wrong, m_unknown, m_admin, m_open;
  g_autofree char *detail = NULL;

  if (!sl_db_add_staff (db, "Ada", SL_ROLE_ADMIN | SL_ROLE_OFFICER, PASS, &error)
      || !sl_db_sign_in (db, "Ada", PASS, &error)
      || !sl_db_add_staff (db, "Adm", SL_ROLE_ADMIN, PASS, &error))
    sl_bench_die ("accounts", error);
  sl_db_sign_out (db);

  for (guint i = 0; i < reps; i++)
    {
      double ms;

      ms = time_sign_in (db, "Ada", PASS, TRUE);
      g_array_append_val (right, ms);
      ms = time_sign_in (db, "Ada", "wrong horse battery", FALSE);
      g_array_append_val (wrong, ms);
      ms = time_sign_in (db, "Nobody", PASS, FALSE);
      g_array_append_val (unknown, ms);
      ms = time_sign_in (db, "Adm", PASS, TRUE);
      g_array_append_val (admin, ms);
    }

  /* One detail as an officer reads it: the sealed box opened with the key. */
  if (!(public_key = sl_db_dup_event_public_key (db, &error)))
    sl_bench_die ("public key", error);
  detail = g_strnfill (300, 'x');
  sealed = sl_crypto_seal (public_key, detail);
  if (!sl_db_sign_in (db, "Ada", PASS, &error))
    sl_bench_die ("sign-in", error);
  for (guint i = 0; i < N_OPENS; i++)
    {
      double start = now_ms (), ms;
      char *text = sl_crypto_open (sl_db_get_event_key (db), sealed, &error);

      if (text == NULL)
        sl_bench_die ("open", error);
      sl_secret_str_free (text);
      ms = now_ms () - start;
      g_array_append_val (opens, ms);
    }

  m_right = sl_bench_median (right);
  m_wrong = sl_bench_median (wrong);
  m_unknown = sl_bench_median (unknown);
  m_admin = sl_bench_median (admin);
  m_open = sl_bench_median (opens);
  g_print ("sign_in_officer_ms median=%.1f target<1000 %s (reps=%u, Argon2id interactive:"
           " verify + key slot)\n", m_right, m_right < 1000 ? "ok" : "MISSED", reps);
  g_print ("sign_in_wrong_passphrase_ms median=%.1f ratio_to_right=%.2f\n", m_wrong,
           m_wrong / m_right);
  g_print ("sign_in_unknown_name_ms median=%.1f ratio_to_right=%.2f\n", m_unknown,
           m_unknown / m_right);
  g_print ("sign_in_admin_not_officer_ms median=%.1f ratio_to_right=%.2f\n", m_admin,
           m_admin / m_right);
  g_print ("open_detail_ms median=%.4f p99=%.4f target<5 %s (opens=%u, 300 bytes)\n", m_open,
           sl_bench_percentile (opens, 99), m_open < 5 ? "ok" : "MISSED", N_OPENS);

  sl_db_sign_out (db);
  g_clear_object (&db);
  sl_test_tmpdir_free (g_steal_pointer (&dir));
  return 0;
}
