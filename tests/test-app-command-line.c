/* test-app-command-line.c — what `startline ARG…` hands the application
 * to open: a libpq connection string as the postgresql:// URI of the same
 * connection, a file's path as a local file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sl-application.h"
#include "sl-core.h"

/* The application's "open", before its own handler, which is stopped:
 * nothing is opened, only what would be is kept.
 */
static void
open_cb (GApplication  *application,
         GFile        **files,
         int            n_files,
         const char    *hint,
         gpointer       user_data)
{
  GPtrArray *opened = user_data;

  for (int i = 0; i < n_files; i++)
    g_ptr_array_add (opened, g_object_ref (files[i]));
  g_signal_stop_emission_by_name (application, "open");
}

static void
test_connection_string (void)
{
  g_autoptr(SlApplication) app = sl_application_new ();
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *notes = g_build_filename (cwd, "notes=old.startline", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *path = NULL;
  g_autofree char *second = NULL;
  g_autofree char *late = NULL;
  g_autofree char *dashed = g_build_filename (cwd, "-old.startline", NULL);
  char *argv[] = { (char *)"startline", (char *)"host=/run/postgresql dbname='the expo'",
                   (char *)"/tmp/expo.startline", (char *)"notes=old.startline",
                   (char *)"postgresql:///expo?host=%2Frun%2Fpostgresql",
                   /* After "--" nothing is an option: a connection string
                    * there is a server all the same, and a name starting
                    * with "-" is a file.
                    */
                   (char *)"--", (char *)"host=/run/postgresql dbname=late",
                   (char *)"-old.startline", NULL };

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_signal_connect (app, "open", G_CALLBACK (open_cb), opened);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);

  g_assert_cmpuint (opened->len, ==, 6);
  /* The connection string: not a file in the current folder, but the URI
   * of the same connection, which names a server.
   */
  g_assert_null (g_file_get_path (opened->pdata[0]));
  uri = g_file_get_uri (opened->pdata[0]);
  g_assert_true (g_str_has_prefix (uri, "postgresql://?"));
  g_assert_nonnull (strstr (uri, "host=%2Frun%2Fpostgresql"));
  g_assert_nonnull (strstr (uri, "dbname=the%20expo"));
  g_assert_true (sl_db_location_is_server (uri));
  /* Files stay files, "=" or not (no libpq keyword "notes"). */
  path = g_file_get_path (opened->pdata[1]);
  g_assert_cmpstr (path, ==, "/tmp/expo.startline");
  g_clear_pointer (&path, g_free);
  path = g_file_get_path (opened->pdata[2]);
  g_assert_cmpstr (path, ==, notes);
  /* A URI as it was. */
  second = g_file_get_uri (opened->pdata[3]);
  g_assert_cmpstr (second, ==, "postgresql:///expo?host=%2Frun%2Fpostgresql");
  /* After "--". */
  g_assert_null (g_file_get_path (opened->pdata[4]));
  late = g_file_get_uri (opened->pdata[4]);
  g_assert_true (sl_db_location_is_server (late));
  g_assert_nonnull (strstr (late, "dbname=late"));
  g_clear_pointer (&path, g_free);
  path = g_file_get_path (opened->pdata[5]);
  g_assert_cmpstr (path, ==, dashed);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sl_ensure_resources ();

  g_test_add_func ("/app-command-line/connection-string", test_connection_string);
  return g_test_run ();
}
