/* sl-bench-util.h — the statistics the benchmarks print
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdlib.h>

G_BEGIN_DECLS

static inline int
sl_bench_compare_doubles (gconstpointer a,
                          gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile (p from 0 to 100) of values; sorts them. */
static inline double
sl_bench_percentile (GArray *values,
                     double  p)
{
  guint rank = (guint)(p / 100.0 * values->len + 0.999999);

  if (values->len == 0)
    return 0;
  g_array_sort (values, sl_bench_compare_doubles);
  rank = CLAMP (rank, 1, values->len);
  return g_array_index (values, double, rank - 1);
}

/* Sorts values. */
static inline double
sl_bench_median (GArray *values)
{
  g_array_sort (values, sl_bench_compare_doubles);
  if (values->len == 0)
    return 0;
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1)
          + g_array_index (values, double, values->len / 2)) / 2;
}

/* Says what failed and why, after the program's name, and exits with
 * status 2 (a benchmark's parent reads any other status as its own).
 */
static inline G_NORETURN void
sl_bench_fail (const char *what,
               const char *why)
{
  g_printerr ("%s: %s: %s\n", G_LOG_DOMAIN, what, why);
  exit (2);
}

static inline G_NORETURN void
sl_bench_die (const char   *what,
              const GError *error)
{
  sl_bench_fail (what, error != NULL ? error->message : "failed");
}

/* The environment variable name as a positive whole number, or fallback
 * when it is unset or empty; anything else is refused by name.
 */
static inline guint
sl_bench_env_uint (const char *name,
                   guint       fallback)
{
  const char *value = g_getenv (name);
  g_autoptr(GError) error = NULL;
  guint64 n;

  if (value == NULL || *value == '\0')
    return fallback;
  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT32, &n, &error))
    sl_bench_die (name, error);
  return (guint)n;
}

G_END_DECLS
