/* replay.c — runs the CSV import fuzz target on every file of a corpus
 *
 * Each input runs in a child process so that one that crashes, aborts or
 * leaks is reported by name as a TAP failure and the others still run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "fuzz-import.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static int
run_one (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *)contents, len);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint failed = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s CORPUS-FOLDER\n", argv[0]);
      return 2;
    }
  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      printf ("Bail out! %s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_strdup (name));
  g_ptr_array_sort (files, compare_names);

  printf ("1..%u\n", files->len);
  fflush (stdout);
  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (argv[1], file, NULL);
      int status = 0;
      pid_t pid;

      pid = fork ();
      if (pid < 0)
        {
          printf ("Bail out! cannot fork\n");
          return 1;
        }
      if (pid == 0)
        /* exit, not _exit: LeakSanitizer looks for leaks at exit. */
        exit (run_one (path));
      waitpid (pid, &status, 0);
      if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
        printf ("ok %u - %s\n", i + 1, file);
      else
        {
          failed++;
          if (WIFSIGNALED (status))
            printf ("not ok %u - %s (killed by signal %d)\n", i + 1, file, WTERMSIG (status));
          else
            printf ("not ok %u - %s (exit status %d)\n", i + 1, file, WEXITSTATUS (status));
        }
      fflush (stdout);
    }
  return failed > 0 ? 1 : 0;
}
