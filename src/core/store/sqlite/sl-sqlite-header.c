/* sl-sqlite-header.c — the file header, read before SQLite opens the file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sl-sqlite-private.h"

/* SQLite stores application_id and user_version in the file header at
 * these offsets; reading them ourselves lets us refuse a foreign file
 * before SQLite has had any chance to write to it.
 */
#define HEADER_USER_VERSION_OFFSET 60
#define HEADER_APPLICATION_ID_OFFSET 68

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

/* Looks at the raw header only: nothing is written to a file that turns
 * out not to be ours.
 */
gboolean
sl_sqlite_check_header (const char  *path,
                        GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  g_autofree char *display = g_filename_display_name (path);
  GStatBuf st;
  ssize_t n;
  int fd;

  /* SQLite is asked never to follow one (SQLITE_OPEN_NOFOLLOW): its
   * journal files would sit beside the link, not beside the file.
   */
  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && !g_path_is_absolute (target))
        {
          g_autofree char *dir = g_path_get_dirname (path);
          g_autofree char *joined = g_build_filename (dir, target, NULL);

          g_free (target);
          target = g_canonicalize_filename (joined, NULL);
        }
      if (target != NULL && !g_file_test (target, G_FILE_TEST_EXISTS))
        {
          g_autofree char *target_display = g_filename_display_name (target);

          g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_FOUND,
                       _("“%s” is a symbolic link to “%s”, which does not exist"),
                       display, target_display);
        }
      else if (target != NULL)
        {
          g_autofree char *target_display = g_filename_display_name (target);

          g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                       _("“%s” is a symbolic link; open the file it points to, “%s”"),
                       display, target_display);
        }
      else
        g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_INVALID,
                     _("“%s” is a symbolic link; open the file it points to"), display);
      return FALSE;
    }
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, SL_DB_ERROR,
                   saved == ENOENT ? SL_DB_ERROR_NOT_FOUND : SL_DB_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS,
                   _("“%s” is not a Startline event file (it is not a regular file)"), display);
      return FALSE;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SL_DB_ERROR,
                   saved == EACCES ? SL_DB_ERROR_READ_ONLY : SL_DB_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  n = read (fd, header, sizeof header);
  close (fd);

  if (n < (ssize_t)sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS,
                   _("“%s” is not a Startline event file (it is not an SQLite database)"),
                   display);
      return FALSE;
    }
  if (read_be32 (header + HEADER_APPLICATION_ID_OFFSET) != SL_DB_APPLICATION_ID)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_NOT_OURS,
                   _("“%s” is an SQLite database but not a Startline event file"), display);
      return FALSE;
    }
  if (read_be32 (header + HEADER_USER_VERSION_OFFSET) > SL_DB_SCHEMA_VERSION)
    {
      g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Startline (format %u; this "
                     "version reads up to %d). Update Startline to open it."),
                   display, read_be32 (header + HEADER_USER_VERSION_OFFSET),
                   SL_DB_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}
