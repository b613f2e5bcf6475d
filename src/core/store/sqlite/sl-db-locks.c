/* sl-db-locks.c — SQLite's file locks, held so that no other code in the
 * process can drop them
 *
 * SQLite's unix VFS locks an event with POSIX advisory locks (fcntl
 * F_SETLK). Those belong to the process, not to the descriptor, and
 * closing any descriptor of a file drops all of the process's locks on it
 * (SQLite's "How To Corrupt", section 2.2). A GTK file chooser listing the
 * event's folder does exactly that: GIO sniffs the content type of
 * EVENT-wal and EVENT-shm by opening and closing them. The next process
 * then finds no other connection, checkpoints and deletes the WAL that
 * this process goes on writing into, and what it writes after that is lost.
 *
 * Open file description locks (F_OFD_SETLK, Linux 3.15) belong to one open
 * file description instead, and only closing that description's last
 * descriptor drops them; they conflict with other processes' POSIX locks
 * as POSIX locks do, so a process locking this way and one locking the
 * classic way (the sqlite3 shell) still exclude each other. SQLite lets a
 * program replace the system calls its unix VFS makes (xSetSystemCall):
 * its "fcntl" becomes one that takes every lock as an OFD lock on one
 * description per file that this module opens and keeps, so all of the
 * process's connections share one lock owner, as they did with POSIX
 * locks (SQLite counts its connections' locks per file itself).
 *
 * The same "open" and "close" let this module know which descriptors
 * SQLite holds on which files, to close a file's lock description when
 * SQLite closes its last descriptor of it, and to tell whether the WAL
 * and shared-memory files SQLite writes are still the ones other
 * processes see (sl_db_locks_journal_intact): the backstop, should
 * anything ever again unlink them under a live connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* F_OFD_SETLK and its kin. */
#define _GNU_SOURCE 1

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sl-db-locks.h"

typedef int (*OpenFunc) (const char *, int, int);
typedef int (*CloseFunc) (int);
typedef int (*FcntlFunc) (int, int, ...);

/* One file SQLite has open: its descriptors and, once SQLite has locked
 * it, the description the locks are held on.
 */
typedef struct
{
  dev_t  dev;
  ino_t  ino;
  guint  n_fds;     /* SQLite's descriptors of it */
  int    lock_fd;   /* -1 until the first lock */
} LockedFile;

/* A descriptor SQLite opened, and the path it opened it by. */
typedef struct
{
  char       *path;
  LockedFile *file;
} OpenFd;

static OpenFunc real_open;
static CloseFunc real_close;
static FcntlFunc real_fcntl;

static GMutex files_mutex;
static GHashTable *files;  /* "dev:ino" → LockedFile */
static GHashTable *fds;    /* GINT_TO_POINTER (fd) → OpenFd */
static gboolean ofd_works;
static pid_t owner;        /* the process the tables describe */

/* A child forked without exec inherits the tables and, with them, the
 * parent's lock descriptions, which it would then share with the parent as
 * one lock owner: it starts afresh instead. Called with files_mutex held.
 */
static void
forget_parent_files (void)
{
  GHashTableIter iter;
  gpointer value;

  if (owner == getpid ())
    return;
  owner = getpid ();
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LockedFile *file = value;

      /* Closing the child's copy leaves the parent's locks as they are. */
      if (file->lock_fd >= 0)
        real_close (file->lock_fd);
    }
  g_hash_table_remove_all (fds);
  g_hash_table_remove_all (files);
}

static char *
file_key (const struct stat *st)
{
  return g_strdup_printf ("%ju:%ju", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino);
}

static void
open_fd_free (gpointer data)
{
  OpenFd *open_fd = data;

  g_free (open_fd->path);
  g_free (open_fd);
}

static int
locks_open (const char *path,
            int         flags,
            int         mode)
{
  int fd = real_open (path, flags, mode);
  struct stat st;

  if (fd >= 0 && fstat (fd, &st) == 0)
    {
      g_autofree char *key = file_key (&st);
      LockedFile *file;
      OpenFd *open_fd;

      g_mutex_lock (&files_mutex);
      forget_parent_files ();
      file = g_hash_table_lookup (files, key);
      if (file == NULL)
        {
          file = g_new0 (LockedFile, 1);
          file->dev = st.st_dev;
          file->ino = st.st_ino;
          file->lock_fd = -1;
          g_hash_table_insert (files, g_steal_pointer (&key), file);
        }
      file->n_fds++;
      open_fd = g_new0 (OpenFd, 1);
      open_fd->path = g_strdup (path);
      open_fd->file = file;
      g_hash_table_replace (fds, GINT_TO_POINTER (fd), open_fd);
      g_mutex_unlock (&files_mutex);
    }
  return fd;
}

static int
locks_close (int fd)
{
  OpenFd *open_fd;
  int lock_fd = -1;

  g_mutex_lock (&files_mutex);
  forget_parent_files ();
  if ((open_fd = g_hash_table_lookup (fds, GINT_TO_POINTER (fd))) != NULL)
    {
      LockedFile *file = open_fd->file;

      /* SQLite closes a file's last descriptor only once it holds no lock
       * on it, so its lock description can go too.
       */
      if (--file->n_fds == 0)
        {
          struct stat st = { .st_dev = file->dev, .st_ino = file->ino };
          g_autofree char *key = file_key (&st);

          lock_fd = file->lock_fd;
          g_hash_table_remove (files, key);
        }
      g_hash_table_remove (fds, GINT_TO_POINTER (fd));
    }
  g_mutex_unlock (&files_mutex);

  if (lock_fd >= 0)
    real_close (lock_fd);
  return real_close (fd);
}

/* The description fd's file is locked on: opened afresh through
 * /proc/self/fd, read-write where the file allows, so that a connection
 * that only reads cannot leave the process with a description that cannot
 * take a write lock. -1 with errno set.
 */
static int
lock_fd_for (int fd)
{
  OpenFd *open_fd = g_hash_table_lookup (fds, GINT_TO_POINTER (fd));
  LockedFile *file;
  char proc_path[64];
  int lock_fd;

  if (open_fd == NULL)
    {
      errno = EBADF;
      return -1;
    }
  file = open_fd->file;
  if (file->lock_fd >= 0)
    return file->lock_fd;

  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
  lock_fd = real_open (proc_path, O_RDWR | O_CLOEXEC | O_NOCTTY, 0);
  if (lock_fd < 0)
    lock_fd = real_open (proc_path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (lock_fd < 0)
    lock_fd = fcntl (fd, F_DUPFD_CLOEXEC, 0);
  if (lock_fd >= 0)
    file->lock_fd = lock_fd;
  return lock_fd;
}

static int
locks_fcntl (int fd,
             int cmd,
             ...)
{
  va_list args;
  int ofd_cmd;
  struct flock *lock;
  struct flock ofd_lock;
  int lock_fd;
  int rc;

  va_start (args, cmd);
  switch (cmd)
    {
    case F_GETLK:
      ofd_cmd = F_OFD_GETLK;
      break;
    case F_SETLK:
      ofd_cmd = F_OFD_SETLK;
      break;
    case F_SETLKW:
      ofd_cmd = F_OFD_SETLKW;
      break;
    default:
      {
        /* SQLite passes an int with every other command it uses. */
        int arg = va_arg (args, int);

        va_end (args);
        return real_fcntl (fd, cmd, arg);
      }
    }
  lock = va_arg (args, struct flock *);
  va_end (args);

  g_mutex_lock (&files_mutex);
  forget_parent_files ();
  lock_fd = lock_fd_for (fd);
  g_mutex_unlock (&files_mutex);
  if (lock_fd < 0)
    return real_fcntl (fd, cmd, lock);

  /* An OFD lock request must say pid 0; SQLite leaves l_pid unset. */
  ofd_lock = *lock;
  ofd_lock.l_pid = 0;
  rc = real_fcntl (lock_fd, ofd_cmd, &ofd_lock);
  if (rc == 0 && cmd == F_GETLK)
    *lock = ofd_lock;
  return rc;
}

/* Whether this kernel has OFD locks (Linux 3.15, 2014): asked once, on a
 * file of our own, before SQLite is handed the new calls.
 */
static gboolean
probe_ofd_locks (void)
{
  g_autofree char *path = NULL;
  struct flock lock = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
  int fd;
  gboolean works;

  fd = g_file_open_tmp ("startline-lock-probe-XXXXXX", &path, NULL);
  if (fd < 0)
    return FALSE;
  g_unlink (path);
  works = fcntl (fd, F_OFD_SETLK, &lock) == 0;
  close (fd);
  return works;
}

gboolean
sl_db_locks_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      sqlite3_vfs *vfs = sqlite3_vfs_find ("unix");

      if (vfs != NULL && vfs->iVersion >= 3 && vfs->xSetSystemCall != NULL)
        {
          files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          fds = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, open_fd_free);
          owner = getpid ();
          real_open = (OpenFunc)vfs->xGetSystemCall (vfs, "open");
          real_close = (CloseFunc)vfs->xGetSystemCall (vfs, "close");
          real_fcntl = (FcntlFunc)vfs->xGetSystemCall (vfs, "fcntl");
          /* The table is shared by every unix VFS. open and close first, so
           * that fcntl never meets a descriptor it was not told of (it would
           * lock the classic way, as before); they also serve the backstop
           * where the kernel has no OFD locks.
           */
          if (real_open != NULL && real_close != NULL && real_fcntl != NULL
              && vfs->xSetSystemCall (vfs, "open", (sqlite3_syscall_ptr)locks_open) == SQLITE_OK
              && vfs->xSetSystemCall (vfs, "close", (sqlite3_syscall_ptr)locks_close) == SQLITE_OK
              && probe_ofd_locks ()
              && vfs->xSetSystemCall (vfs, "fcntl", (sqlite3_syscall_ptr)locks_fcntl) == SQLITE_OK)
            ofd_works = TRUE;
        }
      g_once_init_leave (&installed, 1);
    }
  return ofd_works;
}

gboolean
sl_db_locks_journal_intact (const char  *db_path,
                            char       **broken_path)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean intact = TRUE;

  g_return_val_if_fail (db_path != NULL, FALSE);

  if (broken_path != NULL)
    *broken_path = NULL;
  if (fds == NULL)
    return TRUE;

  wal = g_strconcat (db_path, "-wal", NULL);
  shm = g_strconcat (db_path, "-shm", NULL);

  g_mutex_lock (&files_mutex);
  forget_parent_files ();
  g_hash_table_iter_init (&iter, fds);
  while (intact && g_hash_table_iter_next (&iter, &key, &value))
    {
      OpenFd *open_fd = value;
      struct stat held, named;

      if (strcmp (open_fd->path, wal) != 0 && strcmp (open_fd->path, shm) != 0
          && strcmp (open_fd->path, db_path) != 0)
        continue;
      /* Still linked, and still the file its name leads other processes
       * to: else what SQLite writes through it nobody else will read.
       */
      if (fstat (GPOINTER_TO_INT (key), &held) != 0
          || held.st_nlink == 0
          || g_stat (open_fd->path, &named) != 0
          || named.st_dev != held.st_dev
          || named.st_ino != held.st_ino)
        {
          intact = FALSE;
          if (broken_path != NULL)
            *broken_path = g_strdup (open_fd->path);
        }
    }
  g_mutex_unlock (&files_mutex);
  return intact;
}
