/* sl-bench-proc.h — what the benchmarks of many processes share: the
 * pipes between a parent and its desks, counts that must come out right,
 * and the test server's superuser (sl-test-pg.h's)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sl-bench-util.h"
#include "sl-test-pg.h"

G_BEGIN_DECLS

/* A count that must be as wanted: printed either way; when it is not,
 * said on stderr and counted in *n_wrong.
 */
static inline void
sl_bench_expect (const char *what,
                 gint64      got,
                 gint64      wanted,
                 guint      *n_wrong)
{
  g_print ("%-56s %8" G_GINT64_FORMAT "%s\n", what, got, got == wanted ? "" : "   WRONG");
  if (got != wanted)
    {
      g_printerr ("%s: %s: %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT "\n",
                  G_LOG_DOMAIN, what, got, wanted);
      (*n_wrong)++;
    }
}

/* Everything from fd until its end; closes fd. */
static inline char *
sl_bench_read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  close (fd);
  return g_string_free (text, FALSE);
}

/* Writes all of text to fd, from a child process: it exits with status 5
 * when the parent has gone.
 */
static inline void
sl_bench_write_all (int         fd,
                    const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      ssize_t n = write (fd, text, len);

      if (n <= 0)
        _exit (5);
      text += n;
      len -= (gsize)n;
    }
}

G_END_DECLS
