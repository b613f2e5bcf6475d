/* sl-role.c — staff roles, the actions they allow, and staff accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-json-image.h"
#include "sl-role.h"

G_DEFINE_QUARK (sl-access-error-quark, sl_access_error)

/* The roles that may do each action; 0: anyone. */
static const SlRoles allowed[SL_N_ACTIONS] = {
  [SL_ACTION_RECORD_NEED] = 0,
  [SL_ACTION_MANAGE_NEEDS] = SL_ROLE_OFFICER,
  [SL_ACTION_READ_NEED_DETAIL] = SL_ROLE_OFFICER,
  [SL_ACTION_UNDO_OTHER_DESK] = SL_ROLE_ADMIN | SL_ROLE_OFFICER,
  [SL_ACTION_DELETE] = SL_ROLE_ADMIN,
  [SL_ACTION_EXPORT] = SL_ROLE_EXPORTER | SL_ROLE_ADMIN,
  [SL_ACTION_MANAGE_STAFF] = SL_ROLE_ADMIN,
  [SL_ACTION_MANAGE_FACILITIES] = SL_ROLE_ADMIN | SL_ROLE_OFFICER,
  [SL_ACTION_ADMIT_OVER_CAPACITY] = SL_ROLE_ADMIN | SL_ROLE_OFFICER,
  [SL_ACTION_MANAGE_CHARITIES] = SL_ROLE_EXPORTER | SL_ROLE_ADMIN,
  /* The officer plans support for charity runners too; a desk volunteer
   * has no business with fundraising figures.
   */
  [SL_ACTION_READ_CHARITIES] = SL_ROLES_ALL,
  [SL_ACTION_ERASE] = SL_ROLE_ADMIN,
  [SL_ACTION_EXPORT_FULL] = SL_ROLE_ADMIN,
  [SL_ACTION_COPY_EVENT] = SL_ROLE_ADMIN,
};

gboolean
sl_roles_allow (SlRoles  roles,
                SlAction action)
{
  g_return_val_if_fail ((guint)action < SL_N_ACTIONS, FALSE);

  return allowed[action] == 0 || (roles & allowed[action]) != 0;
}

gboolean
sl_roles_require (SlRoles    roles,
                  SlAction   action,
                  GError   **error)
{
  const char *message;

  if (sl_roles_allow (roles, action))
    return TRUE;

  switch ((guint)allowed[action])
    {
    case SL_ROLE_OFFICER:
      message = _("Needs an accessibility officer.");
      break;
    case SL_ROLE_ADMIN | SL_ROLE_OFFICER:
      message = _("Needs an admin or an accessibility officer.");
      break;
    case SL_ROLE_ADMIN:
      message = _("Needs an admin.");
      break;
    case SL_ROLE_EXPORTER | SL_ROLE_ADMIN:
      message = _("Needs an exporter or an admin.");
      break;
    case SL_ROLES_ALL:
      message = _("Needs an accessibility officer, an exporter or an admin.");
      break;
    default:
      g_assert_not_reached ();
    }
  g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED, message);
  return FALSE;
}

gboolean
sl_roles_require_either (SlRoles    roles,
                         SlAction   action,
                         SlAction   other,
                         GError   **error)
{
  g_return_val_if_fail ((guint)other < SL_N_ACTIONS, FALSE);

  if (sl_roles_allow (roles, other))
    return TRUE;
  if ((allowed[action] | allowed[other]) != SL_ROLES_ALL)
    return sl_roles_require (roles, action, error);
  if (sl_roles_allow (roles, action))
    return TRUE;
  g_set_error_literal (error, SL_ACCESS_ERROR, SL_ACCESS_ERROR_DENIED,
                       _("Needs an accessibility officer, an exporter or an admin."));
  return FALSE;
}

static const struct
{
  SlRoles     role;
  const char *name;
} role_names[] = {
  { SL_ROLE_DESK, "desk" },
  { SL_ROLE_OFFICER, "officer" },
  { SL_ROLE_EXPORTER, "exporter" },
  { SL_ROLE_ADMIN, "admin" },
};

const char *
sl_role_to_string (SlRoles one_role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].role == one_role)
      return role_names[i].name;
  return NULL;
}

gboolean
sl_role_from_string (const char *s,
                     SlRoles    *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; s != NULL && i < G_N_ELEMENTS (role_names); i++)
    if (g_ascii_strcasecmp (s, role_names[i].name) == 0)
      {
        *out = role_names[i].role;
        return TRUE;
      }
  return FALSE;
}

char *
sl_roles_dup_string (SlRoles roles)
{
  GString *out = g_string_new (NULL);

  /* Admin first: the role that matters most in a list of staff. */
  static const SlRoles order[] = { SL_ROLE_ADMIN, SL_ROLE_OFFICER, SL_ROLE_EXPORTER };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (roles & order[i])
      g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", sl_role_to_string (order[i]));
  if (out->len == 0)
    g_string_append (out, sl_role_to_string (SL_ROLE_DESK));
  return g_string_free (out, FALSE);
}

char *
sl_roles_dup_label (SlRoles roles)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (roles & SL_ROLE_ADMIN)
    g_ptr_array_add (parts, (gpointer) _("administrator"));
  if (roles & SL_ROLE_OFFICER)
    g_ptr_array_add (parts, (gpointer) _("accessibility officer"));
  if (roles & SL_ROLE_EXPORTER)
    g_ptr_array_add (parts, (gpointer) _("exporter"));
  if (parts->len == 0)
    g_ptr_array_add (parts, (gpointer) _("desk volunteer"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

gboolean
sl_roles_from_list (const char *list,
                    SlRoles    *out)
{
  g_auto(GStrv) parts = NULL;
  SlRoles roles = 0;

  g_return_val_if_fail (out != NULL, FALSE);
  if (list == NULL)
    return FALSE;

  parts = g_strsplit (list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      SlRoles one;

      if (!sl_role_from_string (g_strstrip (parts[i]), &one))
        return FALSE;
      roles |= one;
    }
  if (parts[0] == NULL)
    return FALSE;
  *out = roles;
  return TRUE;
}

void
sl_staff_account_free (SlStaffAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->name);
  g_free (account->passphrase_hash);
  g_free (account->created_at);
  g_free (account->created_by);
  g_free (account);
}

char *
sl_staff_account_dup_image (const SlStaffAccount *account)
{
  SlJsonImage image;
  g_autofree char *roles = sl_roles_dup_string ((SlRoles)account->roles);

  sl_json_image_begin (&image, NULL);
  sl_json_image_add_int (&image, "id", account->id);
  sl_json_image_add_string (&image, "name", account->name);
  sl_json_image_add_string (&image, "roles", roles);
  sl_json_image_add_string (&image, "created_at", account->created_at);
  sl_json_image_add_string (&image, "created_by", account->created_by);
  return sl_json_image_end_to_string (&image);
}
