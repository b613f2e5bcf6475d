/* sl-sqlite-functions.c — the SQL functions the store defines
 *
 * Application-defined functions, put on every connection that can write
 * (sl_sqlite_open_handle), so that SQL that must compute what the domain
 * computes calls the domain's own code instead of a copy of it:
 *
 * - sl_search_key (first, last, bib, reference, club) and
 *   sl_sort_name (first, last): an entrant's derived text, for the
 *   migrations that work it out again;
 * - sl_signup_image (charity_id, target_pence, raised_pence): a charity
 *   sign-up's audit image (sl_charity_signup_dup_image), for the bulk
 *   paths' sign-up entries written in one statement.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-entrant-private.h"
#include "sl-event.h"
#include "sl-sqlite-private.h"

/* The entrant of a row's name, bib, reference and club arguments. */
static SlEntrant *
entrant_of_arguments (int             argc,
                      sqlite3_value **argv)
{
  SlEntrant *entrant = sl_entrant_new ();
  char **fields[] = { &entrant->first_name, &entrant->last_name, &entrant->bib,
                      &entrant->booking_ref, &entrant->club };

  for (int i = 0; i < argc && i < (int)G_N_ELEMENTS (fields); i++)
    *fields[i] = g_strdup ((const char *)sqlite3_value_text (argv[i]));
  return entrant;
}

/* sl_search_key () and sl_sort_name (): the entrant's derived text, by the
 * function given as the SQL function's user data.
 */
static void
derived_text_function (sqlite3_context *context,
                       int              argc,
                       sqlite3_value  **argv)
{
  char *(*derive) (const SlEntrant *) = sqlite3_user_data (context);
  g_autoptr(SlEntrant) entrant = entrant_of_arguments (argc, argv);

  sqlite3_result_text (context, derive (entrant), -1, g_free);
}

/* sl_signup_image (): the image the one-row path writes, byte for byte;
 * NULL for charity 0 (no sign-up).
 */
static void
signup_image_function (sqlite3_context *context,
                       int              argc,
                       sqlite3_value  **argv)
{
  SlCharitySignup signup = { 0 };
  char *image;

  signup.charity_id = sqlite3_value_int64 (argv[0]);
  signup.target_pence = sqlite3_value_int64 (argv[1]);
  signup.raised_pence = sqlite3_value_int64 (argv[2]);
  image = sl_charity_signup_dup_image (&signup);
  if (image != NULL)
    sqlite3_result_text (context, image, -1, g_free);
  else
    sqlite3_result_null (context);
}

int
sl_sqlite_add_functions (sqlite3 *handle)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
  int rc;

  rc = sqlite3_create_function (handle, "sl_search_key", 5, flags, sl_entrant_dup_search_key,
                                derived_text_function, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function (handle, "sl_sort_name", 2, flags, sl_entrant_dup_sort_name,
                                  derived_text_function, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function (handle, "sl_signup_image", 3, flags, NULL,
                                  signup_image_function, NULL, NULL);
  return rc;
}
