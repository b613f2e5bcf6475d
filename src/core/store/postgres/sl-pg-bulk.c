/* sl-pg-bulk.c — the PostgreSQL store's bulk insert of entrants (import,
 * demo) and the bulk paths' audit entries
 *
 * Rows go to the server with COPY … FROM STDIN (sl-pg-copy.c's helpers),
 * about SL_PG_COPY_SEND_BYTES of them at a time, with their search index
 * rows and the sign-ups put for them meanwhile (pg_signup_put hands those
 * to sl_pg_bulk_put_signup): a few round trips per thousand rows instead
 * of one or more per row. Each piece's first row is inserted alone, which
 * gives its id from the identity; the rest of the piece get the ids that
 * follow, which the identity gives them in the COPY: writes are
 * serialised (SL_PG_WRITE_LOCK_KEY), and nothing else of this connection
 * runs before the piece is sent (sl_pg_bulk_flush, called before every
 * other statement). After the COPY the last row's id is read back: if
 * anything else took an id meanwhile (a program writing without the
 * write lock), the write fails and nothing of it stays. The audit
 * entries, deferred (sl_pg_audit_insert), go in the pipeline before each
 * piece. So the entrants, their ids, search rows, sign-ups and audit
 * entries are the ones the row-by-row statements made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-pg-private.h"

struct _SlStoreEntrantBulk
{
  char    *now;
  gint64   last_old_id;
  gint64   first_id;    /* of the rows waiting: the one inserted alone */
  gint64   next_id;     /* the id the next row gets; 0: no row waits */
  gboolean any;         /* a row was inserted */
  GString *rows;        /* the rows after the first, COPY text */
  GString *search;      /* the search index rows of all of them */
  GString *signups;     /* sign-ups of the waiting rows */
  gboolean flushing;
};

static void
pg_entrant_bulk_free (SlDb               *db,
                      SlStoreEntrantBulk *self)
{
  if (self == NULL)
    return;
  if (SL_PG_DB (db)->bulk == self)
    SL_PG_DB (db)->bulk = NULL;
  g_free (self->now);
  g_string_free (self->rows, TRUE);
  g_string_free (self->search, TRUE);
  g_string_free (self->signups, TRUE);
  g_free (self);
}

static SlStoreEntrantBulk *
pg_entrant_bulk_begin (SlDb        *db,
                       const char  *now,
                       gint64      *last_old_id,
                       GError     **error)
{
  g_autoptr(PGresult) res = sl_pg_run (db, "SELECT coalesce(max(id), 0) FROM entrant", NULL,
                                       error);
  SlStoreEntrantBulk *self;

  if (res == NULL)
    return NULL;
  g_assert (SL_PG_DB (db)->bulk == NULL);
  self = g_new0 (SlStoreEntrantBulk, 1);
  self->now = g_strdup (now);
  self->last_old_id = sl_pg_int64 (res, 0, 0);
  self->rows = g_string_sized_new (SL_PG_COPY_SEND_BYTES + 4096);
  self->search = g_string_new (NULL);
  self->signups = g_string_new (NULL);
  *last_old_id = self->last_old_id;
  SL_PG_DB (db)->bulk = self;
  return self;
}

static gboolean
copy_rows (SlDb        *db,
           const char  *table,
           const char  *columns,
           GString     *rows,
           GError     **error)
{
  if (rows->len == 0)
    return TRUE;
  return sl_pg_copy_start (db, table, columns, error) && sl_pg_copy_end (db, rows, error);
}

/* The last waiting row must have the id it was given: ids are handed out
 * in the order of the rows, so one taken by anything else meanwhile puts
 * the last row's, or another's, above it.
 */
static gboolean
check_last_id (SlDb                *db,
               SlStoreEntrantBulk  *self,
               GError             **error)
{
  g_autoptr(PGresult) res = sl_pg_run (db, "SELECT max(id) FROM entrant", NULL, error);

  if (res == NULL)
    return FALSE;
  if (sl_pg_int64 (res, 0, 0) == self->next_id - 1)
    return TRUE;
  g_set_error (error, SL_DB_ERROR, SL_DB_ERROR_BUSY,
               _("%s: another program added entrants while these were written;"
                 " nothing was written, try again"), SL_PG_DB (db)->display);
  return FALSE;
}

/* What is deferred, then the waiting rows, their search rows and
 * sign-ups, in that order (each refers to the one before).
 */
static gboolean
send_waiting (SlDb                *db,
              SlStoreEntrantBulk  *self,
              GError             **error)
{
  gboolean ok;

  ok = sl_pg_flush_deferred (db, error)
       && copy_rows (db, "entrant", SL_PG_ENTRANT_COPY_COLUMNS, self->rows, error)
       && (self->next_id - 1 == self->first_id || check_last_id (db, self, error))
       && copy_rows (db, "entrant_search", SL_PG_SEARCH_COLUMNS, self->search, error)
       && copy_rows (db, "charity_signup", "entrant_id, charity_id, target_pence, raised_pence",
                     self->signups, error);
  g_string_truncate (self->rows, 0);
  g_string_truncate (self->search, 0);
  g_string_truncate (self->signups, 0);
  self->next_id = 0;
  /* A clash in a piece is no one row's that the caller could leave out
   * (as the import does with a row the store refuses): the write stops.
   */
  if (!ok && error != NULL && g_error_matches (*error, SL_DB_ERROR, SL_DB_ERROR_CONSTRAINT))
    {
      (*error)->code = SL_DB_ERROR_FAILED;
      g_prefix_error (error, _("New entrants could not be written: "));
    }
  return ok;
}

gboolean
sl_pg_bulk_flush (SlDb    *db,
                  GError **error)
{
  SlStoreEntrantBulk *self = SL_PG_DB (db)->bulk;
  gboolean ok;

  if (self == NULL || self->flushing || self->next_id == 0)
    return TRUE;
  /* The statements sent here run as any other. */
  self->flushing = TRUE;
  ok = send_waiting (db, self, error);
  self->flushing = FALSE;
  return ok;
}

/* A new entrant's sign-up, while its row waits: sent after it. FALSE
 * when the entrant's row is not one of those waiting (the caller writes
 * the sign-up itself).
 */
gboolean
sl_pg_bulk_put_signup (SlDb                  *db,
                       const SlCharitySignup *signup)
{
  SlStoreEntrantBulk *self = SL_PG_DB (db)->bulk;

  if (self == NULL || self->flushing || self->next_id == 0 || signup->charity_id == 0
      || signup->entrant_id < self->first_id || signup->entrant_id >= self->next_id)
    return FALSE;
  g_string_append_printf (self->signups, "%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT
                          "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\n",
                          signup->entrant_id, signup->charity_id, signup->target_pence,
                          signup->raised_pence);
  return TRUE;
}

static gboolean
pg_entrant_bulk_insert (SlDb                *db,
                        SlStoreEntrantBulk  *self,
                        SlEntrant           *entrant,
                        GError             **error)
{
  g_autofree char *key = sl_entrant_dup_search_key (entrant);
  g_autofree char *sort_name = sl_entrant_dup_sort_name (entrant);

  if (self->next_id == 0)
    {
      /* A piece's first row: its id from the identity. */
      if (!sl_pg_entrant_insert_row (db, entrant, key, self->now, error))
        return FALSE;
      self->first_id = entrant->id;
      self->next_id = entrant->id + 1;
    }
  else
    {
      sl_pg_entrant_append_copy_row (self->rows, entrant, key, self->now);
      entrant->id = self->next_id++;
    }
  self->any = TRUE;
  sl_pg_copy_append_search_rows (self->search, entrant->id, key, sort_name, strlen (sort_name));
  if (self->rows->len < SL_PG_COPY_SEND_BYTES)
    return TRUE;
  return sl_pg_bulk_flush (db, error);
}

static gboolean
pg_entrant_bulk_finish (SlDb                *db,
                        SlStoreEntrantBulk  *self,
                        GError             **error)
{
  if (!sl_pg_bulk_flush (db, error))
    return FALSE;
  if (SL_PG_DB (db)->bulk == self)
    SL_PG_DB (db)->bulk = NULL;
  if (self->any)
    sl_db_bump_names_generation (db);
  return TRUE;
}

/* One "charity-signup" entry per sign-up of a new entrant, with the image
 * the one-row path writes (sl_charity_signup_dup_image).
 */
static gboolean
pg_signups_audit_new (SlDb        *db,
                      const char  *at,
                      gint64       after_entrant_id,
                      GError     **error)
{
  g_auto(SlPgParams) params = { 0 };
  g_autoptr(PGresult) res = NULL;
  const char *desk = sl_db_get_desk (db);

  sl_pg_param_int64 (&params, after_entrant_id);
  res = sl_pg_run (db, "SELECT entrant_id, charity_id, target_pence, raised_pence"
                       " FROM charity_signup WHERE entrant_id > $1 ORDER BY entrant_id",
                   &params, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      SlCharitySignup signup = { sl_pg_int64 (res, i, 0), sl_pg_int64 (res, i, 1),
                                 sl_pg_int64 (res, i, 2), sl_pg_int64 (res, i, 3) };
      g_autofree char *image = sl_charity_signup_dup_image (&signup);

      if (!sl_pg_audit_insert (db, at, desk, "charity-signup", "entrant", signup.entrant_id,
                               NULL, image, error))
        return FALSE;
    }
  return TRUE;
}

void
sl_pg_bulk_install (SlDbClass *store_class)
{
  store_class->entrant_bulk_begin = pg_entrant_bulk_begin;
  store_class->entrant_bulk_insert = pg_entrant_bulk_insert;
  store_class->entrant_bulk_finish = pg_entrant_bulk_finish;
  store_class->entrant_bulk_free = pg_entrant_bulk_free;
  store_class->signups_audit_new = pg_signups_audit_new;
}
