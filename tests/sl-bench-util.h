/* sl-bench-util.h — the statistics the benchmarks print, and the search
 * queries they type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdlib.h>

#include "sl-entrant.h"
#include "sl-fold.h"

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

/* The first n characters (not bytes) of text. */
static inline char *
sl_bench_dup_prefix (const char *text,
                     guint       n)
{
  const char *end = text;

  for (guint i = 0; i < n && *end; i++)
    end = g_utf8_next_char (end);
  return g_strndup (text, (gsize)(end - text));
}

/* The kinds of query sl_bench_dup_query makes, by kind's number. */
#define SL_BENCH_N_QUERY_KINDS 8
static const char * const sl_bench_query_kinds[SL_BENCH_N_QUERY_KINDS] G_GNUC_UNUSED = {
  "first-prefix", "last-prefix", "last-prefix-plain", "full-name",
  "bib", "booking-ref", "club", "first-and-last-prefix",
};

/* What volunteers type to find e: name prefixes with and without accents
 * and apostrophes, full names, bibs, scanned references and clubs; kind
 * (taken modulo SL_BENCH_N_QUERY_KINDS) picks which. Draws one number
 * from rand, the prefixes' length.
 */
static inline char *
sl_bench_dup_query (const SlEntrant *e,
                    GRand           *rand,
                    guint            kind)
{
  guint len = (guint)g_rand_int_range (rand, 3, 7);
  g_autofree char *last = sl_fold (e->last_name);

  switch (kind % SL_BENCH_N_QUERY_KINDS)
    {
    case 0:
      return sl_bench_dup_prefix (e->first_name, len);
    case 1:
      return sl_bench_dup_prefix (e->last_name, len);
    case 2:
      return sl_bench_dup_prefix (last, len);
    case 3:
      return g_strdup_printf ("%s %s", e->first_name, e->last_name);
    case 4:
      return g_strdup (e->bib);
    case 5:
      return g_strdup (e->booking_ref != NULL ? e->booking_ref : e->bib);
    case 6:
      return e->club != NULL ? sl_bench_dup_prefix (e->club, 4 + len) : g_strdup (last);
    default:
      {
        g_autofree char *prefix = sl_bench_dup_prefix (last, len);

        return g_strdup_printf ("%s %s", e->first_name, prefix);
      }
    }
}

G_END_DECLS
