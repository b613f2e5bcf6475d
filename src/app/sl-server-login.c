/* sl-server-login.c — a server event's login: the libpq connection
 * string, the password in the desktop keyring, the recent servers
 *
 * The password is never written anywhere but the keyring: not in the
 * settings, not in the last event (a server event is never the "last
 * event"). The keyring is the desktop's Secret Service (GNOME Keyring,
 * KWallet) through libsecret; in a Flatpak, libsecret uses the secret
 * portal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "sl-server-login.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "org.startline.Startline.Server", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

static char *
dup_optional (const char *s)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (s != NULL ? s : ""));

  return *trimmed != '\0' ? g_steal_pointer (&trimmed) : NULL;
}

SlServerLogin *
sl_server_login_new (const char *host,
                     const char *port,
                     const char *database,
                     const char *account)
{
  SlServerLogin *login = g_new0 (SlServerLogin, 1);

  login->host = dup_optional (host);
  login->port = dup_optional (port);
  login->database = dup_optional (database);
  login->account = dup_optional (account);
  return login;
}

void
sl_server_login_free (SlServerLogin *login)
{
  if (login == NULL)
    return;
  g_free (login->host);
  g_free (login->port);
  g_free (login->database);
  g_free (login->account);
  g_free (login);
}

gboolean
sl_server_login_equal (const SlServerLogin *a,
                       const SlServerLogin *b)
{
  return g_strcmp0 (a->host, b->host) == 0 && g_strcmp0 (a->port, b->port) == 0
         && g_strcmp0 (a->database, b->database) == 0 && g_strcmp0 (a->account, b->account) == 0;
}

char *
sl_server_login_dup_label (const SlServerLogin *login)
{
  const char *host = login->host != NULL ? login->host : "localhost";

  if (login->port != NULL)
    /* Translators: an account on a database at a server, as "desk1 on
     * expo at 10.0.0.2:5432".
     */
    return g_strdup_printf (_("%s on %s at %s:%s"), login->account != NULL ? login->account : "",
                            login->database != NULL ? login->database : "", host, login->port);
  /* Translators: as above, without a port. */
  return g_strdup_printf (_("%s on %s at %s"), login->account != NULL ? login->account : "",
                          login->database != NULL ? login->database : "", host);
}

/* libpq's rule: a value in single quotes, with \' and \\ inside. */
static void
append_value (GString    *out,
              const char *keyword,
              const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%s='", keyword);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

char *
sl_server_login_dup_conninfo (const SlServerLogin *login,
                              const char          *password)
{
  GString *out = g_string_new (NULL);

  append_value (out, "host", login->host);
  append_value (out, "port", login->port);
  append_value (out, "dbname", login->database);
  append_value (out, "user", login->account);
  append_value (out, "password", password);
  return g_string_free (out, FALSE);
}

gboolean
sl_server_login_store_password (const SlServerLogin *login,
                                const char          *password,
                                GCancellable        *cancellable,
                                GError             **error)
{
  g_autofree char *label = sl_server_login_dup_label (login);
  g_autofree char *title = g_strdup_printf ("Startline: %s", label);

  return secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, title, password,
                                     cancellable, error,
                                     "host", login->host != NULL ? login->host : "",
                                     "port", login->port != NULL ? login->port : "",
                                     "database", login->database != NULL ? login->database : "",
                                     "account", login->account != NULL ? login->account : "",
                                     NULL);
}

char *
sl_server_login_lookup_password (const SlServerLogin *login,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  return secret_password_lookup_sync (get_schema (), cancellable, error,
                                      "host", login->host != NULL ? login->host : "",
                                      "port", login->port != NULL ? login->port : "",
                                      "database", login->database != NULL ? login->database : "",
                                      "account", login->account != NULL ? login->account : "",
                                      NULL);
}

gboolean
sl_server_login_clear_password (const SlServerLogin *login,
                                GCancellable        *cancellable,
                                GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (get_schema (), cancellable, &local_error,
                              "host", login->host != NULL ? login->host : "",
                              "port", login->port != NULL ? login->port : "",
                              "database", login->database != NULL ? login->database : "",
                              "account", login->account != NULL ? login->account : "",
                              NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

void
sl_server_login_password_free (char *password)
{
  secret_password_free (password);
}

GPtrArray *
sl_server_login_list_recent (GSettings *settings)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, "recent-servers");
  GPtrArray *recent = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_server_login_free);
  GVariantIter iter;
  const char *host, *port, *database, *account;

  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "(&s&s&s&s)", &host, &port, &database, &account))
    g_ptr_array_add (recent, sl_server_login_new (host, port, database, account));
  return recent;
}

void
sl_server_login_remember (GSettings           *settings,
                          const SlServerLogin *login)
{
  g_autoptr(GPtrArray) recent = sl_server_login_list_recent (settings);
  GVariantBuilder builder;
  guint n = 1;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssss)"));
  g_variant_builder_add (&builder, "(ssss)", login->host != NULL ? login->host : "",
                         login->port != NULL ? login->port : "",
                         login->database != NULL ? login->database : "",
                         login->account != NULL ? login->account : "");
  for (guint i = 0; i < recent->len && n < SL_SERVER_LOGIN_MAX_RECENT; i++)
    {
      const SlServerLogin *other = recent->pdata[i];

      if (sl_server_login_equal (other, login))
        continue;
      g_variant_builder_add (&builder, "(ssss)", other->host != NULL ? other->host : "",
                             other->port != NULL ? other->port : "",
                             other->database != NULL ? other->database : "",
                             other->account != NULL ? other->account : "");
      n++;
    }
  g_settings_set_value (settings, "recent-servers", g_variant_builder_end (&builder));
}
