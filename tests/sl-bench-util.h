/* sl-bench-util.h — the statistics the benchmarks print
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

static inline int
sl_bench_compare_doubles (gconstpointer a,
                          gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile (p from 0 to 100) of a sorted array. */
static inline double
sl_bench_percentile (GArray *sorted,
                     double  p)
{
  guint rank = (guint)(p / 100.0 * sorted->len + 0.999999);

  if (sorted->len == 0)
    return 0;
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
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

G_END_DECLS
