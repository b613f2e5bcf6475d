/* sl-settings.c — the app's settings: found also when run from the build
 * tree, and the actor's names as the audit log records them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sl-core.h"
#include "sl-settings.h"

GSettings *
sl_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) build_source = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

#ifdef SL_BUILD_SCHEMA_DIR
  /* Run from the build tree, before `meson install`: the schema compiled
   * there is the one that matches this binary.
   */
  if (schema == NULL)
    {
      build_source = g_settings_schema_source_new_from_directory (SL_BUILD_SCHEMA_DIR, source,
                                                                  FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APP_ID, TRUE);
    }
#endif

  if (schema == NULL)
    g_error ("The GSettings schema %s is not installed", APP_ID);

  return g_settings_new_full (schema, NULL, NULL);
}

/* A name as the audit log records it: one line (a pasted line break or
 * tab is a space, as the core refuses them in names) and trimmed; NULL
 * when that leaves nothing.
 */
static char *
dup_actor_setting (GSettings  *settings,
                   const char *key)
{
  g_autofree char *name = g_settings_get_string (settings, key);

  sl_text_squash_to_one_line (name);
  g_strstrip (name);
  return *name != '\0' ? g_steal_pointer (&name) : NULL;
}

char *
sl_settings_dup_desk_name (GSettings *settings)
{
  char *desk = dup_actor_setting (settings, "desk-name");

  return desk != NULL ? desk : g_strdup (g_get_host_name ());
}

char *
sl_settings_dup_operator_name (GSettings *settings)
{
  return dup_actor_setting (settings, "operator-name");
}
